"""One call that reads any mix of workbooks, CSV and Parquet files and DataFrames."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

import pandas as pd

from bhxh_comms.datafiles import default_catalogs, default_units
from bhxh_comms.ingest.result import IngestResult
from bhxh_comms.ingest.sources import FileProblem, Input, RawTable, read_source
from bhxh_comms.ingest.validate import validate
from bhxh_comms.models.catalog import Catalogs
from bhxh_comms.models.periods import Period
from bhxh_comms.models.units import UnitRegistry


def expand_inputs(inputs: Iterable[Input]) -> list[Input]:
    """Folders stand for the .xlsx, .csv and .parquet files in them (sorted)."""
    expanded: list[Input] = []
    for item in inputs:
        if isinstance(item, (str, os.PathLike)) and Path(item).is_dir():
            expanded += sorted(p for p in Path(item).iterdir() if p.suffix.lower() in (".xlsx", ".csv", ".parquet"))
        else:
            expanded.append(item)
    return expanded


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

    ``inputs`` are paths (``.xlsx``, ``.csv``, ``.parquet``, or folders of them) and/or DataFrames. With
    ``period``, dates outside it (and outside ``comparison_period``, when given) are
    rejected. ``catalogs`` and ``units`` default to the
    bundled ones; pass ``pm.catalogs()`` and ``pm.units()`` to include what plugins add
    (:func:`bhxh_comms.pipeline.read` does). ``progress`` (e.g. ``sys.stderr``) gets one line
    per file when it is a terminal.
    """
    catalogs = catalogs if catalogs is not None else default_catalogs()
    units = units if units is not None else default_units()
    items = expand_inputs([inputs] if isinstance(inputs, (str, pd.DataFrame, os.PathLike)) else list(inputs))
    tables: list[RawTable] = []
    problems: list[FileProblem] = []
    show = progress is not None and progress.isatty()
    for number, item in enumerate(items, start=1):
        if show and progress is not None:
            name = "<DataFrame>" if isinstance(item, pd.DataFrame) else str(item)
            progress.write(f"\r[{number}/{len(items)}] {name[-60:]:<60}")
            progress.flush()
        found_tables: list[RawTable] = []
        for found in read_source(item):
            if isinstance(found, RawTable):
                found_tables.append(found)
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
    return validate(
        tables,
        catalogs=catalogs,
        units=units,
        period=period,
        comparison_period=comparison_period,
        file_problems=problems,
    )
