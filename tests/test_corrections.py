"""The round trip: provinces send, rows are rejected, the rejects workbook comes back corrected,
the report is rebuilt; corrected rows count once, their errors are not reported again, a row
still wrong goes to the next rejects file, pointing at the original."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest
from tests import hostile_files as hf

from bhxh_comms import Period
from bhxh_comms.cli import main
from bhxh_comms.ingest import read_reports, write_rejects

COUNT, ACTIVITY, DATE = 7, 3, 2  # columns of the template, 0-based


def _send(path: Path, day: int) -> Path:
    moment = dt.datetime(2027, 1, day, 9).timestamp()
    os.utime(path, (moment, moment))
    return path


def _national_count(out: Path) -> int:
    rows = json.loads((out / "report.json").read_text(encoding="utf-8"))["tables"]["national"]["rows"]
    return sum(int(r["count"]) for r in rows)


def _province_sheets(book: Any) -> list[Any]:
    return [sheet for sheet in book.worksheets if sheet.title != "Hướng dẫn"]


def _rejects(path: Path) -> list[dict[str, Any]]:
    """Every rejected row of a rejects workbook, from all its province sheets."""
    rows = []
    for sheet in _province_sheets(openpyxl.load_workbook(path)):
        header = [c.value for c in sheet[1]]
        rows += [dict(zip(header, row, strict=True)) for row in sheet.iter_rows(min_row=2, values_only=True)]
    return rows


def _correct(rejects: Path, target: Path, keep_wrong: int = 0) -> None:
    """The province corrects every rejected row but the first ``keep_wrong`` and sends it back."""
    book = openpyxl.load_workbook(rejects)
    rows = [row for sheet in _province_sheets(book) for row in sheet.iter_rows(min_row=2)]
    for row in rows[keep_wrong:]:
        row[COUNT].value = 3
        row[ACTIVITY].value = "conference"
        row[DATE].value = dt.datetime(2026, 3, 2)
    book.save(target)


def test_corrections_close_the_loop(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "bao-cao"
    folder.mkdir()
    provinces = hf.province_codes()[:3]
    wrong = {
        provinces[0]: (COUNT, [-1, -2, -3]),
        provinces[1]: (ACTIVITY, ["hop", "??"]),
        provinces[2]: (DATE, ["x", "y"]),
    }
    good_total = 0
    for code in provinces:
        rows = hf.valid_rows(code, rows=20)
        column, values = wrong[code]
        for row, value in zip(rows, values, strict=False):
            row[column] = value
        hf._write_sheet(folder / f"bao-cao-{code}.xlsx", rows)
        _send(folder / f"bao-cao-{code}.xlsx", 5)
        good_total += sum(int(r[COUNT]) for r in rows[len(values) :])  # type: ignore[arg-type]
    first = tmp_path / "lan-1"
    assert main(["aggregate", str(folder), "--year", "2026", "--out", str(first)]) == 1
    rejected = _rejects(first / "dong-bi-loai.xlsx")
    assert len(rejected) == 7 and {r["Tệp gốc"] for r in rejected} == {f"bao-cao-{c}.xlsx" for c in provinces}
    book = openpyxl.load_workbook(first / "dong-bi-loai.xlsx")
    names = [hf.default_units().get(hf.UNIT_SET)[c].name for c in provinces]
    assert book.sheetnames == [*names, "Hướng dẫn"]  # a form: one sheet per province, and the guide
    assert [r["Số lượng"] for r in rejected[:3]] == [-1, -2, -3]  # numbers stay numbers
    assert isinstance(rejected[0]["Ngày"], dt.datetime)  # dates stay dates
    assert book[names[0]].data_validations.dataValidation  # the template's drop-downs
    assert _national_count(first) == good_total
    capsys.readouterr()

    # Six rows corrected, one left wrong; the corrections file is sent back with the originals.
    _correct(first / "dong-bi-loai.xlsx", folder / "sua-loi-1.xlsx", keep_wrong=1)
    _send(folder / "sua-loi-1.xlsx", 9)
    second = tmp_path / "lan-2"
    assert main(["aggregate", str(folder), "--year", "2026", "--out", str(second)]) == 1
    err = capsys.readouterr().err
    assert _national_count(second) == good_total + 6 * 3  # each corrected row counted once
    still = _rejects(second / "dong-bi-loai.xlsx")
    assert len(still) == 1  # no stale error: the six corrected rows are not reported again
    assert (still[0]["Tệp gốc"], still[0]["Dòng gốc"]) == (rejected[0]["Tệp gốc"], rejected[0]["Dòng gốc"])
    assert still[0]["Mã bản gửi"] == rejected[0]["Mã bản gửi"]  # it still points at the original
    assert len([line for line in err.splitlines() if line.startswith("LỖI")]) == 1
    assert "không phải cột của mẫu báo cáo" not in err  # the workbook's "Lỗi"/"Error" columns are its own, not data
    assert "rejected rows of" in err and "corrected by a corrections file" in err

    # The last row corrected too: nothing is rejected any more.
    _correct(second / "dong-bi-loai.xlsx", folder / "sua-loi-2.xlsx")
    _send(folder / "sua-loi-2.xlsx", 12)
    third = tmp_path / "lan-3"
    assert main(["aggregate", str(folder), "--year", "2026", "--out", str(third)]) == 0
    assert _national_count(third) == good_total + 7 * 3
    assert not (third / "dong-bi-loai.xlsx").exists()


def test_corrections_of_a_replaced_version_are_not_used(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "bao-cao"
    folder.mkdir()
    code = hf.province_codes()[0]
    rows = hf.valid_rows(code, rows=10)
    rows[0][COUNT] = -5
    original = folder / f"bao-cao-{code}.xlsx"
    hf._write_sheet(original, rows)
    _send(original, 5)
    first = tmp_path / "lan-1"
    assert main(["aggregate", str(folder), "--year", "2026", "--out", str(first)]) == 1
    _correct(first / "dong-bi-loai.xlsx", folder / "sua-loi.xlsx")
    _send(folder / "sua-loi.xlsx", 9)
    rows[0][COUNT] = 4  # meanwhile the province sent a new version of its report
    hf._write_sheet(original, rows)
    _send(original, 10)
    capsys.readouterr()
    second = tmp_path / "lan-2"
    assert main(["aggregate", str(folder), "--year", "2026", "--out", str(second)]) == 0
    err = capsys.readouterr().err
    assert "sua-loi.xlsx corrects an earlier version of" in err and "its 1 rows are not used" in err
    assert _national_count(second) == sum(int(r[COUNT]) for r in rows)  # type: ignore[arg-type]


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed (Debian: apt-get install libreoffice-calc)")
def test_the_csv_rejects_open_in_libreoffice_without_a_formula(tmp_path: Path) -> None:
    assert SOFFICE is not None
    frame = pd.DataFrame(
        {"province": hf.PROVINCE, "date": "2026-03-02", "activity_type": "press", "count": -1,
         "note": list(hf.FORMULA_AND_SCRIPT_NOTES)}
    )  # fmt: skip
    path = write_rejects(read_reports([frame], period=Period.year(2026)), tmp_path / "dong-bi-loai.csv")
    out = tmp_path / "xlsx"
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}", "--headless", "--infilter=CSV:44,34,76",
         "--convert-to", "xlsx", "--outdir", str(out), str(path)],
        check=True, capture_output=True, timeout=240,
    )  # fmt: skip
    sheet = openpyxl.load_workbook(out / "dong-bi-loai.xlsx").active
    assert sheet is not None
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert cells and not [c.coordinate for c in cells if c.data_type == "f"]  # nothing runs
    assert [row[7] for row in sheet.iter_rows(min_row=2, values_only=True)] == [-1] * len(hf.FORMULA_AND_SCRIPT_NOTES)


def test_a_rejects_workbook_sent_back_unchanged_adds_no_duplicate(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A row rejected as an exact duplicate, sent back untouched, is still a copy of the row its
    original counts: it stays rejected (the broadcasts counted twice before)."""
    folder = tmp_path / "bao-cao"
    folder.mkdir()
    (folder / "hn.csv").write_text(
        "province,date,activity_type,count\n01,2026-03-01,broadcast,100\n01,2026-03-01,broadcast,100\n",
        encoding="utf-8",
    )
    rejects = tmp_path / "can-sua.xlsx"
    assert main(["validate", str(folder), "--year", "2026", "--rejects", str(rejects)]) == 1
    shutil.copy(rejects, folder / "sua-loi.xlsx")
    out = tmp_path / "ket-qua"
    assert main(["aggregate", str(folder), "--year", "2026", "--format", "json", "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "1 dòng của tệp sửa lỗi giống hệt một dòng của tệp gốc đã được tính: vẫn bị loại (dòng trùng)" in err
    rows = json.loads((out / "report.json").read_text(encoding="utf-8"))["tables"]["national"]["rows"]
    assert next(r["count"] for r in rows if r["activity_type"] == "broadcast") == 100
    again = openpyxl.load_workbook(out / "dong-bi-loai.xlsx").worksheets[0]
    assert [c.value for c in again[2]][:8] == ["01", None, dt.datetime(2026, 3, 1), "broadcast", None, None, None, 100]
