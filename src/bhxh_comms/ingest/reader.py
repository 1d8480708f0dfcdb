"""One call that reads any mix of workbooks, CSV and Parquet files and DataFrames."""

from __future__ import annotations

import os
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TextIO

import attrs
import pandas as pd

from bhxh_comms.datafiles import default_catalogs, default_units
from bhxh_comms.ingest.result import IngestResult
from bhxh_comms.ingest.sources import READERS, FileProblem, Input, RawTable, read_source, unsupported
from bhxh_comms.ingest.validate import validate
from bhxh_comms.models.catalog import Catalogs
from bhxh_comms.models.periods import Period
from bhxh_comms.models.units import UnitRegistry


def _skipped(path: Path, vi: str, en: str, *, code: str, severity: str = "warning") -> FileProblem:
    return FileProblem(source=str(path), sheet=None, message_vi=vi, message_en=en, code=code, severity=severity)


def _folder_entry(path: Path) -> Path | FileProblem:
    """A file of a folder to read, or why it is not read (nothing in a folder goes unsaid)."""
    name = path.name
    if path.is_dir():
        return _skipped(
            path,
            "thư mục con không được đọc (hãy chỉ rõ thư mục này nếu có báo cáo trong đó)",
            "sub-folder not read (give it explicitly if it holds reports)",
            code="folder_not_read",
        )
    if name.startswith("~$"):
        return _skipped(path, "tệp khóa tạm của Excel, bỏ qua", "Excel lock file, skipped", code="lock_file")
    if name.startswith("."):
        return _skipped(path, "tệp ẩn, bỏ qua", "hidden file, skipped", code="hidden_file")
    if path.suffix.lower() in READERS:
        return path
    problem = unsupported(path)
    # A spreadsheet saved in another format is a report that would be lost: an error. Other
    # files (notes, scans, letters) kept beside the reports are listed, as warnings.
    return problem if problem.code == "save_as_xlsx" else attrs.evolve(problem, severity="warning")


def collect_inputs(inputs: Iterable[Input]) -> tuple[list[Input], list[FileProblem]]:
    """The inputs to read (a folder stands for its files, sorted by name) and the files not
    read with the reason: another format, a lock or hidden file, a sub-folder, a path given
    twice (read once)."""
    expanded: list[Input] = []
    problems: list[FileProblem] = []
    seen: set[Path] = set()
    for item in inputs:
        if isinstance(item, pd.DataFrame):
            expanded.append(item)
            continue
        path = Path(item)
        entries = [_folder_entry(p) for p in sorted(path.iterdir())] if path.is_dir() else [path]
        for entry in entries:
            if isinstance(entry, FileProblem):
                problems.append(entry)
                continue
            key = entry.resolve() if entry.exists() else entry
            if key in seen:
                problems.append(
                    _skipped(
                        entry,
                        "tệp được chỉ định hơn một lần: chỉ đọc một lần",
                        "file given more than once: read once",
                        code="input_repeated",
                    )
                )
                continue
            seen.add(key)
            expanded.append(entry)
    return expanded, problems


def _read_all(item: Input) -> list[RawTable | FileProblem]:
    return list(read_source(item))


def read_reports(
    inputs: Iterable[Input] | Input,
    *,
    period: Period | None = None,
    comparison_period: Period | None = None,
    catalogs: Catalogs | None = None,
    units: UnitRegistry | None = None,
    progress: TextIO | None = None,
) -> IngestResult:
    """Read and validate province reports.

    ``inputs`` are paths (``.xlsx``, ``.xlsm``, ``.csv``, ``.parquet``, or folders of them)
    and/or DataFrames; every file of a folder is read or listed as not read, with the reason
    (:func:`collect_inputs`). With
    ``period``, dates outside it (and outside ``comparison_period``, when given) are
    rejected. ``catalogs`` and ``units`` default to the
    bundled ones; pass ``pm.catalogs()`` and ``pm.units()`` to include what plugins add
    (:func:`bhxh_comms.pipeline.read` does). ``progress`` (e.g. ``sys.stderr``) gets one line
    per file when it is a terminal.
    """
    catalogs = catalogs if catalogs is not None else default_catalogs()
    units = units if units is not None else default_units()
    items, problems = collect_inputs([inputs] if isinstance(inputs, (str, pd.DataFrame, os.PathLike)) else list(inputs))
    tables: list[RawTable] = []
    show = progress is not None and progress.isatty()
    # Files are read side by side (the workbook reader and zlib work without the GIL); results
    # are taken in the order given, so the outcome does not depend on which finishes first.
    with ThreadPoolExecutor(max_workers=max(1, min(len(items), os.cpu_count() or 1))) as pool:
        for number, (item, outcome) in enumerate(zip(items, pool.map(_read_all, items), strict=True), start=1):
            if show and progress is not None:
                name = "<DataFrame>" if isinstance(item, pd.DataFrame) else str(item)
                progress.write(f"\r[{number}/{len(items)}] {name[-60:]:<60}")
                progress.flush()
            found_tables: list[RawTable] = []
            for found in outcome:
                if isinstance(found, RawTable):
                    found_tables.append(found)
                    problems.extend(found.warnings)
                else:
                    problems.append(found)
            tables += found_tables
            if found_tables and not any(len(t.frame) for t in found_tables):
                # a header and nothing under it: the blank template sent back, not "0 activities"
                first = found_tables[0]
                problems.append(
                    FileProblem(
                        source=first.source,
                        sheet=first.sheet,
                        message_vi="có dòng tiêu đề nhưng không có dòng số liệu nào",
                        message_en="a header row but no data rows",
                    )
                )
    if show and progress is not None:
        progress.write("\r" + " " * 72 + "\r")
    result = validate(
        tables,
        catalogs=catalogs,
        units=units,
        period=period,
        comparison_period=comparison_period,
        file_problems=problems,
    )
    off = units.commune_checks_note()
    if off is not None and "commune" in result.accepted and result.accepted["commune"].notna().any():
        result = attrs.evolve(result, notes=(off,))  # said once, not once a row
    return result
