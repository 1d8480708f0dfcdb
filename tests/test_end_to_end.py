"""The statements issue's three cases, from template files through ``bhxh-comms aggregate`` to
the text of every output a reader sees: three provinces of 34 report for 2026 on the template,
one of them with a row dated in December 2025; 2025 has a report from one province only.

- the misdated row is rejected, not made into the 2025 baseline; ``--compare 2027`` exits 2;
- the comparison with 2025 is stated as not representative in every output, with no change;
- the 31 provinces that did not report are stated as not reporting, never as failing;
- every line about a target not met carries a value, a unit and the target.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest

from bhxh_comms.cli import main
from bhxh_comms.ingest.template import HEADER_ROW, write_template
from bhxh_comms.plugin_manager import get_plugin_manager

docx = pytest.importorskip("docx", reason="python-docx comes with bhxh-comms-letter (pip install plugins/letter)")
openpyxl = pytest.importorskip("openpyxl", reason="openpyxl is a test dependency (pip install .[test])")

ROWS: dict[tuple[str, int], list[tuple[Any, ...]]] = {
    ("01", 2026): [
        ("01", None, dt.date(2026, 3, 2), "conference", "enterprise", "si_law", None, 6, 420),
        ("01", None, dt.date(2026, 4, 2), "press", None, "voluntary_si", None, 13, None),
        ("01", None, dt.date(2025, 12, 15), "press", None, "voluntary_si", None, 3, None),  # misdated
        ("01", None, dt.date(2026, 5, 2), "conference", "collaborators", None, "women_union", 2, 80),
        ("01", None, dt.date(2026, 5, 3), "broadcast", None, "voluntary_si", None, 40, None),
    ],
    ("19", 2026): [
        ("19", None, dt.date(2026, 2, 10), "conference", "enterprise", None, None, 11, 700),
        ("19", None, dt.date(2026, 3, 10), "small_group", "household_hi", "household_hi", None, 25, 500),
        ("19", None, dt.date(2026, 3, 11), "press", None, None, None, 4, None),
    ],
    ("04", 2026): [
        ("04", None, dt.date(2026, 6, 1), "conference", "enterprise", None, None, 12, 300),
        ("04", None, dt.date(2026, 6, 2), "portal_post", None, "vssid", None, 9, None),
    ],
    ("01", 2025): [
        ("01", None, dt.date(2025, 4, 1), "conference", "enterprise", None, None, 3, 150),
        ("01", None, dt.date(2025, 9, 1), "press", None, None, None, 3, None),
    ],
}
THIN_NOTE = "Số liệu năm 2025 chỉ có từ 1/34 tỉnh (năm 2026: 3/34 tỉnh): so sánh không đại diện"
REPORTING = {"01", "19", "04"}


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("bao-cao")
    pm = get_plugin_manager()
    units, catalogs = pm.units(), pm.catalogs()
    for (code, year), rows in ROWS.items():
        unit = units.get("vn-34")[code]
        path = write_template(folder / f"bao-cao-{code}-{year}.xlsx", province=unit, year=year, catalogs=catalogs)
        book = openpyxl.load_workbook(path)
        sheet = book["Báo cáo"]
        for r, values in enumerate(rows, start=HEADER_ROW + 2):
            for c, value in enumerate(values, start=1):
                if value is not None:
                    sheet.cell(row=r, column=c, value=value)
        book.save(path)
    return folder


@pytest.fixture(scope="module")
def run(inputs: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("ket-qua")
    code = main(
        [
            "aggregate",
            str(inputs),
            "--year",
            "2026",
            "--compare",
            "2025",
            "--format",
            "json,excel,bao-cao,cong-van,dashboard",
            "--out",
            str(out),
            "--generated-at",
            "2027-01-10T08:00:00+07:00",
        ]
    )
    return {"code": code, "out": out, "report": json.loads((out / "report.json").read_text(encoding="utf-8"))}


def paragraphs(path: Path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs if p.text.strip()]


def sheet_texts(path: Path, name: str) -> list[str]:
    book = openpyxl.load_workbook(path)
    return [str(c.value) for row in book[name].iter_rows() for c in row if isinstance(c.value, str)]


def test_the_misdated_row_is_rejected_not_made_a_baseline(run: dict[str, Any]) -> None:
    assert run["code"] == 1  # a row was rejected
    rejects = openpyxl.load_workbook(run["out"] / "dong-bi-loai.xlsx")
    text = " ".join(str(c.value) for ws in rejects for row in ws.iter_rows() for c in row if c.value is not None)
    assert "15/12/2025" in text or "2025-12-15" in text
    assert "ngày không thuộc năm 2026 ghi trên mẫu báo cáo" in text
    national = {r["activity_type"]: r for r in run["report"]["tables"]["national"]["rows"]}
    assert national["press"]["count"] == 17 and national["press"]["count_previous"] == 3  # Hà Nội's 2025 file only


def test_a_comparison_year_not_before_the_year_is_refused(inputs: Path, tmp_path: Path) -> None:
    for compare in ("2027", "2026"):
        out = tmp_path / compare
        assert main(["aggregate", str(inputs), "--year", "2026", "--compare", compare, "--out", str(out)]) == 2
        assert not out.exists() or not any(out.iterdir())


def test_validate_rejects_the_misdated_row_without_a_year(inputs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(inputs / "bao-cao-01-2026.xlsx")]) == 1
    assert "ngày không thuộc năm 2026 ghi trên mẫu báo cáo" in capsys.readouterr().out


def test_the_thin_comparison_is_stated_everywhere_and_no_change_is(run: dict[str, Any]) -> None:
    out = run["out"]
    bao_cao, cong_van = paragraphs(out / "bao-cao.docx"), paragraphs(out / "cong-van.docx")
    dashboard = json.loads((out / "dashboard.json").read_text(encoding="utf-8"))
    summary = sheet_texts(out / "bao-cao-truyen-thong-2026.xlsx", "Tổng hợp")
    for name, texts in (
        ("bao-cao", bao_cao),
        ("cong-van", cong_van),
        ("dashboard", dashboard["metadata"]["notes"]),
        ("excel", summary),
    ):
        assert any(THIN_NOTE in t for t in texts), name
    narrative = [*run["report"]["statements"]["national"], dashboard["views"]["all"]["summary"]]
    assert not any("so với năm 2025" in t or "gấp" in t for t in narrative)
    assert all(not card["change_text"] for card in dashboard["views"]["all"]["headline"])


def test_provinces_that_did_not_report_are_not_failing(run: dict[str, Any]) -> None:
    out = run["out"]
    report = run["report"]
    results = report["tables"]["target_results"]["rows"]
    missing = {r["province_name"] for r in results if r["province"] not in REPORTING}
    assert len(missing) == 31
    assert {r["outcome"] for r in results if r["province"] not in REPORTING} == {"not_reported"}
    phrases = [r["phrase"] for r in report["tables"]["target_summary"]["rows"]]
    assert all("31 tỉnh chưa báo cáo" in p for p in phrases)
    assert not any("/34 tỉnh đạt" in p for p in phrases)

    cong_van = paragraphs(out / "cong-van.docx")
    section_2 = cong_van[cong_van.index("2. Các chỉ tiêu chưa đạt") : cong_van.index("3. Tổ chức thực hiện")]
    assert not any(name in line for name in missing for line in section_2)  # never listed as failing
    assert section_2[1].startswith("Đến hết năm 2026, còn 3 BHXH tỉnh, thành phố chưa đạt")
    named = [line for line in cong_van if "31 tỉnh chưa báo cáo: " in line]
    assert len(named) == 1 and all(name in named[0] for name in missing)  # named once, in one sentence

    bao_cao = paragraphs(out / "bao-cao.docx")
    assert sum("31 tỉnh chưa báo cáo: " in line for line in bao_cao) == 1

    dashboard = json.loads((out / "dashboard.json").read_text(encoding="utf-8"))
    for row in dashboard["scorecard"]["rows"]:
        if row["province"] not in REPORTING:
            assert {c["outcome"] for c in row["cells"]} == {"not_reported"}
            assert dashboard["views"][row["province"]]["summary"] == f"BHXH {row['name']} chưa gửi báo cáo năm 2026."

    for ranking in dashboard["ranking"].values():  # ranked among those that reported, never last
        ranks = [row["rank"] for row in ranking["rows"]]
        assert ranks[:3] == sorted(ranks[:3]) and ranks[3:] == [None] * 31
        assert all(row["rank_text"].endswith("/3") for row in ranking["rows"][:3])

    book = openpyxl.load_workbook(out / "bao-cao-truyen-thong-2026.xlsx")
    sheet = book["Chỉ tiêu"]
    cells = {str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None}
    assert "chưa báo cáo" in cells


LIST = re.compile(r"^Các tỉnh chưa đạt \((?P<heading>.*?\d.*?)\): (?P<entries>.*)\.$")
ENTRY = re.compile(r"^(?P<name>[^,(]+) \((?P<value>[^)]*)\)$")
VALUE = re.compile(r"^\d[\d.,]*(%| \D+)(, trong đó \d[\d,]*%)?$|^\d+/\d+$")  # 6 cuộc; 0,2%; 0,9%, trong đó 0%; 1/6


def test_every_unmet_target_line_has_a_value_a_unit_and_the_target(run: dict[str, Any]) -> None:
    cong_van = paragraphs(run["out"] / "cong-van.docx")
    lines = [line for line in cong_van if line.startswith("Các tỉnh chưa đạt (")]
    assert lines, "no province below a target in the letter"
    for line in lines:
        found = LIST.match(line)
        assert found, line  # the heading names the measure and the target, with its figure
        for entry in re.split(r"(?<=\)), ", found["entries"]):
            parsed = ENTRY.match(entry)
            assert parsed and VALUE.match(parsed["value"]), entry
            if "/" in parsed["value"]:
                assert "hội, đoàn thể" in found["heading"]  # the unit of "1/6"
    assert "Các tỉnh chưa đạt (chỉ tiêu 10–12 cuộc): Hà Nội (6 cuộc)." in cong_van
    assert (
        "Các tỉnh chưa đạt (số hội, đoàn thể đạt hoặc vượt 1–3 cuộc/tổng số): "
        "Hà Nội (1/6), Cao Bằng (0/6), Thái Nguyên (0/6)." in cong_van
    )
    statements = run["report"]["statements"]
    for target in statements["targets"]:
        for result in target["below"]:
            assert result["value_text"] and result["value_text"] != "chưa có số liệu"
            assert "/" in result["short"]
