"""The narrative of a report with known figures: a hand-made activity log aggregated by the
core, rendered, and read back sentence by sentence."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import docx
import pandas as pd
import pytest

import bhxh_comms
from bhxh_comms import Period
from bhxh_comms.report.build import build_report
from bhxh_comms.report.model import Report

# (province, date, activity type, subject group, count, participants)
ROWS = [
    ("01", "2025-09-10", "conference", "enterprise", 11, 2_000),  # Hà Nội meets 10-12 enterprise conferences
    ("01", "2025-10-10", "conference", None, 589, 30_000),
    ("79", "2025-11-10", "conference", None, 400, 18_000),
    ("01", "2025-09-12", "small_group", None, 120, 1_800),
    ("79", "2025-11-12", "small_group", None, 80, 1_200),
    ("79", "2025-12-01", "broadcast", None, 6_000, None),
    ("01", "2024-05-10", "conference", None, 500, 20_000),
    ("01", "2024-05-12", "small_group", None, 200, 2_500),
    ("01", "2024-06-01", "broadcast", None, 4_000, None),
    ("79", "2024-03-01", "press", None, 5, None),  # both provinces reported in 2024 too
]


def hand_made_report() -> Report:
    catalogs = bhxh_comms.default_catalogs()
    frame = pd.DataFrame(ROWS, columns=["province", "date", "activity_type", "subject_group", "count", "participants"])
    frame["date"] = pd.to_datetime(frame["date"])
    frame["province"] = frame["province"].astype("category")
    frame["activity_type"] = pd.Categorical(frame["activity_type"], categories=list(catalogs.activity_types.codes))
    frame["subject_group"] = pd.Categorical(frame["subject_group"], categories=list(catalogs.subject_groups.codes))
    frame["theme"] = pd.Categorical([None] * len(frame), categories=list(catalogs.themes.codes))
    frame["partner"] = pd.Categorical([None] * len(frame), categories=list(catalogs.partners.codes))
    frame["commune"] = pd.array([None] * len(frame), dtype="string")
    frame["participants"] = pd.array(frame["participants"], dtype="Int64")
    return build_report(
        frame,
        period=Period.year(2025),
        comparison_period=Period.year(2024),
        catalogs=catalogs,
        units=bhxh_comms.default_units(),
        targets=bhxh_comms.default_targets(),
        generated_at=dt.datetime(2026, 1, 5, 1, 30, tzinfo=dt.UTC),
    )


@pytest.fixture(scope="module")
def report() -> Report:
    return hand_made_report()


@pytest.fixture(scope="module")
def lines(report: Report, tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    out = tmp_path_factory.mktemp("narrative")
    pm = bhxh_comms.get_plugin_manager()
    result = {}
    for name in ("bao-cao", "cong-van"):
        (path,) = pm.renderer(name).render(report, out, {})
        result[name] = [p.text for p in docx.Document(str(path)).paragraphs if p.text.strip()]
    return result


EXPECTED_DIRECT = (
    # the hand-made figures are round already, so nothing is "khoảng" (about)
    "Trong năm 2025, BHXH 2/34 tỉnh đã triển khai thực hiện được 1.000 hội nghị truyền thông, "
    "tập huấn, tư vấn, đối thoại (tăng gấp 2 lần so với năm 2024) với 50.000 lượt người tham dự; "
    "200 cuộc truyền thông nhóm nhỏ (bằng năm 2024) với 3.000 lượt người được truyền thông."
)
EXPECTED_MEDIA = (
    "Trong năm 2025 đã có: 6.000 lượt phát thanh trên hệ thống loa truyền thanh cơ sở "
    "(tăng gấp 1,5 lần so với năm 2024)."
)


def test_results_sentences(lines: dict[str, list[str]]) -> None:
    for name in ("bao-cao", "cong-van"):
        assert EXPECTED_DIRECT in lines[name], name
        assert EXPECTED_MEDIA in lines[name], name


def test_sentences_are_the_cores(report: Report) -> None:
    assert report.statements.national == (EXPECTED_DIRECT, EXPECTED_MEDIA)


def test_target_results(lines: dict[str, list[str]]) -> None:
    report_lines = lines["bao-cao"]
    assert (
        "- 1/2 tỉnh đã báo cáo đạt chỉ tiêu hội nghị với người lao động, người sử dụng lao động tại doanh nghiệp "
        "(10–12 cuộc/tỉnh/năm); 32 tỉnh chưa báo cáo;" in report_lines
    )
    # targets whose denominators were not supplied are said to be not evaluable, never 0 %
    assert any("100% cộng tác viên" in t and "không đánh giá được" in t for t in report_lines)
    letter = lines["cong-van"]
    assert (
        "(1) Hội nghị với người lao động, người sử dụng lao động tại doanh nghiệp (10–12 cuộc/tỉnh/năm): "
        "1/2 tỉnh đã báo cáo đạt; 32 tỉnh chưa báo cáo;" in letter
    )


def test_unmet_targets_grouped_by_target(lines: dict[str, list[str]]) -> None:
    letter = lines["cong-van"]
    first = letter.index(
        "Chỉ tiêu (1) Hội nghị với người lao động, người sử dụng lao động tại doanh nghiệp (10–12 cuộc/tỉnh/năm): "
        "1/2 tỉnh đã báo cáo đạt; 32 tỉnh chưa báo cáo."
    )
    # Hà Nội met target 1; Hồ Chí Minh held none of those conferences: value, unit and target
    assert letter[first + 1] == "Các tỉnh chưa đạt (chỉ tiêu 10–12 cuộc): Hồ Chí Minh (0 cuộc)."


def test_results_table_and_annex(report: Report, tmp_path: Path) -> None:
    (path,) = bhxh_comms.get_plugin_manager().renderer("bao-cao").render(report, tmp_path, {})
    doc = docx.Document(str(path))
    table = doc.tables[1]
    rows = {r.cells[1].text: [c.text for c in r.cells] for r in table.rows[1:]}
    assert rows["Hội nghị truyền thông, tập huấn, tư vấn, đối thoại (trực tiếp)"][2:] == [
        "cuộc",
        "1.000",
        "500",
        "+100%",
        "50.000",
    ]
    assert rows["Phát thanh trên hệ thống loa truyền thanh cơ sở"][3:] == ["6.000", "4.000", "+50%", "-"]
    headings = [c.text for c in doc.tables[3].rows[0].cells]
    annex = {
        r.cells[1].text: dict(zip(headings, [c.text for c in r.cells], strict=True)) for r in doc.tables[3].rows[1:]
    }
    hanoi, hcm, camau = annex["Hà Nội"], annex["Hồ Chí Minh"], annex["Cà Mau"]
    assert (hanoi["Hội nghị (cuộc)"], hanoi["Nhóm nhỏ (cuộc)"], hanoi["Phát thanh (lượt)"]) == ("600", "120", "0")
    assert (hcm["Hội nghị (cuộc)"], hcm["Phát thanh (lượt)"], hcm["Báo, đài (tin, bài)"]) == ("400", "6.000", "0")
    assert (hanoi["Lượt người tham dự năm 2025"], hanoi["Tăng, giảm"]) == ("33.800", "+50,2%")
    assert hanoi["Tình trạng báo cáo"] == "đã báo cáo"
    # a province that did not report: no figure, not zeros
    assert camau["Hội nghị (cuộc)"] == "-" and camau["Lượt người tham dự năm 2025"] == "-"
    assert camau["Tăng, giảm"] == "-"
    assert camau["Tình trạng báo cáo"] == "chưa báo cáo"
