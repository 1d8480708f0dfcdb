"""The renderer contract: discovery through the entry point, byte-reproducible output,
atomic writes, options, and the time a report with every commune takes."""

from __future__ import annotations

import time
import tracemalloc
import zipfile
from pathlib import Path
from typing import Any

import bhxh_comms_excel
import bhxh_comms_excel.sheets.notes
import pytest
from xlsxwriter.exceptions import FileCreateError

import bhxh_comms
from bhxh_comms.errors import BhxhCommsError
from bhxh_comms.report.model import Report
from bhxh_comms.testing import check_renderer


def _renderer() -> Any:
    return bhxh_comms.get_plugin_manager(autoload=True, blocked=()).renderers()["excel"]


def test_discovered_through_the_entry_point() -> None:
    registered = _renderer()
    assert registered.plugin.distribution == "bhxh-comms-excel"
    assert registered.renderer.extension == ".xlsx"
    assert registered.plugin.name == "excel"


def test_contract_and_byte_reproducibility(report: Report, tmp_path: Path) -> None:
    written = check_renderer(_renderer().renderer, report, tmp_path)
    assert [p.name for p in written] == ["bao-cao-truyen-thong-2025.xlsx"]


def test_zip_entries_are_deterministic(workbook_path: Path) -> None:
    with zipfile.ZipFile(workbook_path) as archive:
        stamps = {info.date_time for info in archive.infolist()}
        core = archive.read("docProps/core.xml").decode("utf-8")
    assert stamps == {(1980, 1, 1, 0, 0, 0)}
    assert "2026-01-15T08:00:00Z" in core  # generated_at, not the clock


def test_filename_option(report: Report, tmp_path: Path) -> None:
    (path,) = bhxh_comms_excel.render(report, tmp_path, {"filename": "tong-hop", "communes": False})
    assert path == tmp_path / "tong-hop.xlsx"
    import openpyxl

    assert "Theo xã" not in openpyxl.load_workbook(path, read_only=True).sheetnames


@pytest.mark.parametrize(
    "options",
    [{"filename": "../ngoai.xlsx"}, {"filename": "a/b.xlsx"}, {"font_size": 100}, {"colour": "đỏ"}],
)
def test_bad_options_are_user_errors(report: Report, tmp_path: Path, options: dict[str, Any]) -> None:
    with pytest.raises(BhxhCommsError):
        bhxh_comms_excel.render(report, tmp_path, options)
    assert list(tmp_path.iterdir()) == []


def _boom(*args: object, **kwargs: object) -> None:
    raise RuntimeError("hỏng giữa chừng / failure halfway")


def test_failure_halfway_keeps_the_previous_file(report: Report, tmp_path: Path, monkeypatch: Any) -> None:
    (path,) = bhxh_comms_excel.render(report, tmp_path, {})
    before = path.read_bytes()
    # The last sheet fails: every other sheet has been laid out by then.
    monkeypatch.setattr(bhxh_comms_excel.sheets.notes, "write", _boom)
    with pytest.raises(RuntimeError, match="giữa chừng"):
        bhxh_comms_excel.render(report, tmp_path, {})
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name], "no temporary file left"


def test_failure_while_zipping_leaves_no_broken_file(report: Report, tmp_path: Path, monkeypatch: Any) -> None:
    (path,) = bhxh_comms_excel.render(report, tmp_path, {})
    before = path.read_bytes()
    original = zipfile.ZipFile.writestr
    calls = {"n": 0}

    def failing_writestr(self: zipfile.ZipFile, *args: Any, **kwargs: Any) -> None:
        calls["n"] += 1
        if calls["n"] == 6:  # some parts of the file are already written
            raise OSError("đĩa đầy / disk full")
        original(self, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "writestr", failing_writestr)
    with pytest.raises(FileCreateError, match="đĩa đầy"):  # xlsxwriter wraps the OSError
        bhxh_comms_excel.render(report, tmp_path, {})
    assert calls["n"] == 6
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]
    monkeypatch.undo()
    fresh = tmp_path / "moi"
    monkeypatch.setattr(zipfile.ZipFile, "writestr", _boom)
    with pytest.raises(RuntimeError):
        bhxh_comms_excel.render(report, fresh, {})
    assert list(fresh.iterdir()) == [], "no half-written workbook where there was none"


def test_every_commune_renders_in_seconds(commune_report: Report, tmp_path: Path) -> None:
    by_commune = commune_report.tables["by_commune"]
    assert by_commune["commune"].nunique() == 3321 and len(by_commune) == 33210
    tracemalloc.start()
    started = time.perf_counter()
    (path,) = bhxh_comms_excel.render(commune_report, tmp_path, {})
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"\n3.321 communes × 10 types: {elapsed:.2f} s, peak Python memory {peak / 2**20:.0f} MiB")
    # Generous bounds for a shared CI machine (measured: about 2 s and 110 MiB under tracemalloc).
    assert elapsed < 20
    assert peak < 400 * 2**20
    import openpyxl

    sheet = openpyxl.load_workbook(path, read_only=True)["Theo xã"]
    assert sheet.max_row > 3321


def test_contract_without_comparison_or_targets(plain_report: Report, tmp_path: Path) -> None:
    check_renderer(_renderer().renderer, plain_report, tmp_path)


def test_the_commune_detail_is_outside_the_print_area_or_in_its_own_workbook(report: Report, tmp_path: Path) -> None:
    import openpyxl

    (path,) = bhxh_comms_excel.render(report, tmp_path / "a", {})
    sheet = openpyxl.load_workbook(path)["Theo xã"]
    area = str(sheet.print_area)
    last_row = int(area.rsplit("$", 1)[-1])
    assert last_row < 12 and sheet.max_row > 100  # the title and header print; the rows do not
    assert any("excel.communes=separate" in str(c.value) for row in sheet.iter_rows(max_row=8) for c in row)
    main, separate = bhxh_comms_excel.render(report, tmp_path / "b", {"communes": "separate"})
    assert "Theo xã" not in openpyxl.load_workbook(main).sheetnames
    assert separate.name.endswith("-theo-xa.xlsx")
    book = openpyxl.load_workbook(separate)
    assert book.sheetnames == ["Theo xã"] and not book["Theo xã"].print_area
    with pytest.raises(bhxh_comms.BhxhCommsError):
        bhxh_comms_excel.render(report, tmp_path / "c", {"communes": "maybe"})
