"""No input can abort the batch: each hostile or faulty file is refused or its rows rejected by
name, and nothing else is lost. The files are generated here (tests/hostile_files.py)."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterable
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from tests import hostile_files as hf

from bhxh_comms import OutputRenderer, Period, get_plugin_manager, hookimpl, pipeline
from bhxh_comms.cli import main
from bhxh_comms.files import write_bytes_atomic
from bhxh_comms.ingest import read_reports, write_rejects
from bhxh_comms.ingest.result import IngestResult

YEAR = Period.year(hf.YEAR)


def _read(paths: Iterable[Path] | Path) -> IngestResult:
    return read_reports(paths, period=YEAR)


def _problems(result: IngestResult, column: str | None = None) -> pd.DataFrame:
    issues = result.issues
    return issues if column is None else issues[issues["column"] == column]


def _in_subprocess(code: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a fresh interpreter: a reader that aborts (as python-calamine does on a
    far cell) fails this test instead of killing the test session."""
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code), *args], capture_output=True, text=True, check=False, timeout=300
    )


_READ_AND_MEASURE = """
    import json, resource, sys
    from bhxh_comms.ingest import read_reports

    def peak_mb():
        # VmHWM is this program's own peak; ru_maxrss would also count the test process it was
        # forked from (Linux keeps it across exec).
        try:
            with open("/proc/self/status") as status:
                return next(int(l.split()[1]) for l in status if l.startswith("VmHWM")) // 1024
        except OSError:
            return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024

    result = read_reports(sys.argv[1:])
    print(json.dumps({
        "read": result.rows_read, "accepted": len(result.accepted), "rejected": len(result.rejected),
        "problems": [[p.source, p.code, p.message_en] for p in result.file_problems],
        "peak_mb": peak_mb(),
    }))
"""


def _read_in_subprocess(*paths: Path) -> dict[str, object]:
    done = _in_subprocess(_READ_AND_MEASURE, *map(str, paths))
    assert done.returncode == 0, done.stderr[-2000:]
    result: dict[str, object] = json.loads(done.stdout)
    return result


@pytest.mark.parametrize("make", [hf.far_cell_workbook, hf.lying_dimension_workbook])
def test_a_far_cell_is_read_sparsely_in_bounded_memory(tmp_path: Path, make: object) -> None:
    path = make(tmp_path)  # type: ignore[operator]
    found = _read_in_subprocess(path)
    assert (found["read"], found["accepted"], found["rejected"]) == (5, 5, 0), found
    [(source, code, message)] = found["problems"]  # type: ignore[misc]
    assert (source, code) == (str(path), "cells_left_out") and "(beyond column BL) not read: XFD1048576" in message
    assert int(found["peak_mb"]) < 400, found  # type: ignore[call-overload]


@pytest.mark.parametrize(
    ("make", "said"),
    [
        (hf.inflating_workbook, "inflates to"),
        (hf.lying_size_workbook, "Bad CRC-32"),
        (lambda d: hf.xml_entity_workbook(d, entity="laughs", part="sheet"), "DOCTYPE"),
        (lambda d: hf.xml_entity_workbook(d, entity="laughs", part="shared_strings"), "DOCTYPE"),
        (lambda d: hf.xml_entity_workbook(d, entity="xxe", part="sheet"), "DOCTYPE"),
        (lambda d: hf.xml_entity_workbook(d, entity="xxe", part="shared_strings"), "DOCTYPE"),
    ],
)
def test_bombs_and_entity_attacks_are_refused_by_name(tmp_path: Path, make: object, said: str) -> None:
    path = make(tmp_path)  # type: ignore[operator]
    found = _read_in_subprocess(path)
    [(source, code, message)] = found["problems"]  # type: ignore[misc]
    assert source == str(path) and code == "workbook_refused" and said in message, found
    assert int(found["peak_mb"]) < 400, found  # type: ignore[call-overload]


def test_a_sheet_with_too_many_cells_is_refused(tmp_path: Path) -> None:
    from bhxh_comms.ingest.sources import read_xlsx
    from bhxh_comms.ingest.workbook_scan import WorkbookLimits

    path = hf.far_cell_workbook(tmp_path)
    [problem] = list(read_xlsx(path, WorkbookLimits(max_dense_cells=10, max_cells=5)))
    assert problem.sheet == hf.SHEET and "too many cells" in problem.message_en  # type: ignore[union-attr]


@pytest.mark.parametrize("make", [hf.overflow_csv, hf.overflow_workbook])
def test_numbers_too_large_are_row_errors(tmp_path: Path, make: object) -> None:
    path = make(tmp_path)  # type: ignore[operator]
    result = _read(path)
    assert result.rows_read == len(result.accepted) + len(result.rejected)
    large = result.issues[result.issues["problem"] == "too_large"]
    assert len(large) >= 4 and set(large["column"]) == {"count", "participants"}
    assert large["message_vi"].str.startswith("số quá lớn").all() and (large["source"] == str(path)).all()
    assert len(result.accepted) and result.accepted["count"].max() <= 10_000_000


@pytest.mark.parametrize("true_first", [True, False])
def test_booleans_are_not_numbers_whatever_comes_first(tmp_path: Path, true_first: bool) -> None:
    result = _read(hf.boolean_workbook(tmp_path, true_first))
    counts = result.issues[result.issues["column"] == "count"]
    assert sorted(counts["row"]) == ([2, 3] if true_first else [4, 5])
    assert set(counts["problem"]) == {"boolean"}
    accepted_counts = sorted(result.accepted["count"])
    assert 0 in accepted_counts and 1 in accepted_counts  # the real 1 and 0 are counts
    assert set(_problems(result, "province")["problem"]) == {"unknown_province"}
    assert set(_problems(result, "date")["problem"]) == {"bad_date"}


def test_a_huge_csv_field_rejects_its_row_and_the_rest_is_read(tmp_path: Path) -> None:
    result = _read(hf.huge_field_csv(tmp_path))
    [issue] = result.issues[result.issues["problem"] == "too_long"].to_dict("records")
    assert (issue["row"], issue["column"]) == (4, "note") and "10.485.760 ký tự" in issue["value"]
    assert len(issue["value"]) < 300  # the message shows the start of the value, not 10 MB of it
    assert len(result.rejected) == 1 and len(result.accepted) == result.rows_read - 1


def test_a_cell_longer_than_excel_allows_is_rejected(tmp_path: Path) -> None:
    result = _read(hf.huge_cell_workbook(tmp_path))
    assert list(result.issues["problem"]) == ["too_long"] and len(result.rejected) == 1


def test_the_rejects_workbook_says_when_it_cuts_a_cell(tmp_path: Path) -> None:
    result = _read(hf.long_note_csv(tmp_path))
    sheet = openpyxl.load_workbook(write_rejects(result, tmp_path / "r.xlsx")).active
    assert sheet is not None
    header = [c.value for c in sheet[1]]
    row = [c.value for c in sheet[2]]
    assert len(row[header.index("Ghi chú")]) == 32_767
    assert "Ghi chú: ô bị cắt còn 32.767 trên 10.485.760 ký tự" in row[header.index("Lỗi")]
    assert "cell cut to 32,767 of 10,485,760 characters" in row[header.index("Error")]


def test_a_zero_width_space_in_a_name_is_ignored_and_said(tmp_path: Path) -> None:
    result = _read(hf.zero_width_province_csv(tmp_path))
    assert len(result.accepted) == 6 and set(result.accepted["province"]) == {hf.PROVINCE}
    hidden = result.issues[result.issues["problem"] == "hidden_characters"]
    assert sorted(hidden["row"]) == [3, 5] and set(hidden["severity"]) == {"warning"}
    assert "U+200B" in hidden["message_vi"].iloc[0]


def test_formula_and_script_text_stays_text(tmp_path: Path) -> None:
    result = _read(hf.formula_and_script_csv(tmp_path))
    assert len(result.accepted) == len(hf.FORMULA_AND_SCRIPT_NOTES) + 1
    assert set(hf.FORMULA_AND_SCRIPT_NOTES) <= set(result.accepted["note"].dropna())
    formula = result.issues[result.issues["problem"] == "formula_text"]
    assert sorted(formula["row"]) == [3, 4, 5]
    # A rejected row goes back to the province as text, never as a formula.
    frame = pd.DataFrame(
        {"province": hf.PROVINCE, "date": "2026-03-02", "activity_type": "press", "count": -1,
         "note": list(hf.FORMULA_AND_SCRIPT_NOTES)}
    )  # fmt: skip
    sheet = openpyxl.load_workbook(write_rejects(_read(frame), tmp_path / "r.xlsx")).active
    assert sheet is not None
    notes = [row[9] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert notes == list(hf.FORMULA_AND_SCRIPT_NOTES)
    assert all(sheet.cell(r, 10).data_type == "s" for r in range(2, 2 + len(notes)))


def test_every_file_of_a_folder_is_read_or_listed(tmp_path: Path) -> None:
    folder = hf.mixed_folder(tmp_path)
    result = _read(folder)
    read = {Path(s).name for s in result.accepted["source"].astype(str)}
    a, b, c, d = hf.province_codes()[:4]
    assert read == {f"bao-cao-{a}.xlsx", f"BAO-CAO-{b}.XLSX", f"bao-cao-{c}.xlsm"}
    listed = {Path(p.source).name: (p.code, p.severity) for p in result.file_problems}
    assert listed == {
        "bao-cao-cu.xls": ("save_as_xlsx", "error"),
        "bao-cao.ods": ("save_as_xlsx", "error"),
        f"bao-cao-{d}": ("unsupported_file", "warning"),
        "~$bao-cao.xlsx": ("lock_file", "warning"),
        ".DS_Store": ("hidden_file", "warning"),
        "luu-tru": ("folder_not_read", "warning"),
    }
    assert {p.name for p in folder.iterdir()} == read | set(listed)  # every file accounted for
    assert not result.ok  # the .xls and .ods reports are not silently lost


def test_a_folder_of_xls_files_makes_no_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "ket-qua"
    code = main(["aggregate", str(hf.xls_only_folder(tmp_path)), "--year", "2026", "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 2 and not out.exists()
    assert "lưu lại dạng .xlsx" in err and "no row was accepted" in err
    assert main(["validate", str(hf.xls_only_folder(tmp_path / "again"))]) == 2


def test_a_path_given_twice_is_read_once(tmp_path: Path) -> None:
    path = hf.valid_workbook(tmp_path)
    result = _read([path, path, tmp_path])
    assert result.rows_read == 20 and result.ok and not len(result.issues)
    assert [p.code for p in result.file_problems] == ["input_repeated", "input_repeated"]


class _Exploding:
    @hookimpl
    def bhxh_comms_output_renderers(self) -> list[OutputRenderer]:
        def explode(report: object, destination: Path, options: object) -> list[Path]:
            (destination / "half.xlsx").write_bytes(b"PK half written")
            raise RuntimeError("disk on fire")

        return [OutputRenderer(name="boom", extension=".xlsx", description="x", function=explode)]


def test_a_failing_renderer_leaves_no_file_and_spares_the_others(tmp_path: Path) -> None:
    pm = get_plugin_manager(autoload=False, extra_plugins=[_Exploding()])
    path = hf.valid_workbook(tmp_path / "in")
    out = tmp_path / "out"
    result = pipeline.run([path], year=hf.YEAR, formats=["boom", "json"], out=out, pm=pm)
    [failure] = result.render_failures
    assert "renderer 'boom' of _Exploding (registered in code) failed" in failure.en and "disk on fire" in failure.en
    assert sorted(p.name for p in out.iterdir()) == ["manifest.json", "report.json"]  # nothing half-written
    assert list(result.written) == ["json"]


def test_the_cli_reports_a_failing_renderer_and_a_failing_hook(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    class Faulty:
        @hookimpl
        def bhxh_comms_catalog_entries(self) -> list[object]:
            raise RuntimeError("catalog server down")

    monkeypatch.setattr(
        "bhxh_comms.cli.get_plugin_manager",
        lambda: get_plugin_manager(autoload=False, extra_plugins=[_Exploding(), Faulty()]),
    )
    path = hf.valid_workbook(tmp_path / "in")
    assert main(["validate", str(path)]) == 0  # the bundled catalogs still validate the file
    said = [line for line in capsys.readouterr().err.splitlines() if "catalog server down" in line]
    assert len(said) == 1  # reported once, at the end
    out = tmp_path / "out"
    code = main(["aggregate", str(path), "--year", "2026", "--format", "boom,json", "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 1 and (out / "report.json").is_file() and not (out / "half.xlsx").exists()
    assert "renderer 'boom'" in err and "disk on fire" in err
    assert len([line for line in err.splitlines() if "catalog server down" in line]) == 1


def test_a_full_disk_names_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def full(self: Path, data: bytes) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(Path, "write_bytes", full)
    with pytest.raises(OSError, match="No space left on device") as caught:
        write_bytes_atomic(tmp_path / "bao-cao.json", b"{}")
    assert caught.value.filename == str(tmp_path / "bao-cao.json")
    assert not list(tmp_path.iterdir())


def test_34_valid_files_and_every_hostile_file(tmp_path: Path) -> None:
    """The national run: every valid province is aggregated, every hostile file is named with
    its reason, the exit code is 1; in a fresh process, so that an abort fails only this test."""
    folder = tmp_path / "bao-cao"
    hf.valid_batch(folder)
    hostile = {name: make(folder) for name, make in hf.HOSTILE.items()}
    out = tmp_path / "ket-qua"
    command = [sys.executable, "-m", "bhxh_comms", "aggregate", str(folder), "--year", "2026", "--out", str(out)]
    # the hostile files hold more rows of province 19: parts of its activities, added up
    done = subprocess.run(
        [*command, "--resubmissions", "add"],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert done.returncode == 1, done.stderr[-3000:]
    completeness = json.loads((out / "report.json").read_text(encoding="utf-8"))["tables"]["completeness"]["rows"]
    assert sum(1 for r in completeness if r["reported"]) == 34
    for name, path in hostile.items():
        assert str(path) in done.stderr, name  # refused, rows rejected, or warned about
    assert "Traceback" not in done.stderr
