"""Shared fixtures of the excel plugin's tests: one sample report rendered once per session.

The plugin is imported from the installed distribution (``pip install ./plugins/excel``),
as users install it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import bhxh_comms_excel
import openpyxl
import pandas as pd
import pytest

from bhxh_comms.report.model import Report
from bhxh_comms.testing import sample_report


@pytest.fixture(scope="session")
def report() -> Report:
    return sample_report()


@pytest.fixture(scope="session")
def workbook_path(report: Report, tmp_path_factory: pytest.TempPathFactory) -> Path:
    destination = tmp_path_factory.mktemp("excel")
    (path,) = bhxh_comms_excel.render(report, destination, {})
    return Path(path)


@pytest.fixture(scope="session")
def book(workbook_path: Path) -> Any:
    """The workbook as written: formulas as formulas."""
    return openpyxl.load_workbook(workbook_path)


@pytest.fixture(scope="session")
def cached(workbook_path: Path) -> Any:
    """The workbook as a reader without recalculation sees it: formulas' cached values."""
    return openpyxl.load_workbook(workbook_path, data_only=True)


def report_without_comparison() -> Report:
    """A report with neither a comparison period nor targets (built by the real flow)."""
    from bhxh_comms import synthetic
    from bhxh_comms.datafiles import default_catalogs, default_units
    from bhxh_comms.models.periods import Period
    from bhxh_comms.report.build import build_report

    units, catalogs = default_units(), default_catalogs()
    log = synthetic.activities(
        units=units, catalogs=catalogs, start=dt.date(2025, 7, 1), end=dt.date(2025, 12, 31), rows=1_500, seed=7
    )
    return build_report(
        log,
        period=Period.between(dt.date(2025, 7, 1), dt.date(2025, 12, 31)),
        catalogs=catalogs,
        units=units,
        generated_at=dt.datetime(2026, 1, 15, 8, 0, tzinfo=dt.UTC),
    )


def full_commune_table(report: Report, seed: int = 3) -> pd.DataFrame:
    """``by_commune`` for every commune of the 34 provinces (3.321) × every activity type."""
    import numpy as np

    from bhxh_comms.datafiles import default_units

    provinces = default_units().get("vn-34").units
    types = list(report.tables["national"]["activity_type"].astype(str))
    rows = [
        (p.code, p.name, f"{p.code}{i:03d}", t)
        for p in provinces
        for i in range(1, (p.communes or 0) + 1)
        for t in types
    ]
    frame = pd.DataFrame(rows, columns=["province", "province_name", "commune", "activity_type"])
    rng = np.random.default_rng(seed)
    frame["count"] = rng.integers(0, 40, len(frame))
    frame["participants"] = frame["count"] * rng.integers(0, 30, len(frame))
    return frame


def header_map(sheet: Any, top: int, bottom: int) -> dict[int, tuple[str, str]]:
    """Column number → (group title, column header) of a two-row header (merged titles
    filled across their columns)."""
    titles: dict[int, str] = {}
    for merged in sheet.merged_cells.ranges:
        if merged.min_row == top:
            value = sheet.cell(top, merged.min_col).value
            for col in range(merged.min_col, merged.max_col + 1):
                titles[col] = value
    out = {}
    for col in range(1, sheet.max_column + 1):
        title = titles.get(col, sheet.cell(top, col).value)
        out[col] = (str(title or ""), str(sheet.cell(bottom, col).value or ""))
    return out


def find_row(sheet: Any, col: int, value: str) -> int:
    for row in range(1, sheet.max_row + 1):
        if sheet.cell(row, col).value == value:
            return row
    raise AssertionError(f"{value!r} not found in column {col} of {sheet.title}")


@pytest.fixture(scope="session")
def xl() -> Any:
    """Helpers for reading the sheets (test files cannot import conftest under importlib mode)."""
    from types import SimpleNamespace

    return SimpleNamespace(header_map=header_map, find_row=find_row)


@pytest.fixture(scope="session")
def plain_report() -> Report:
    return report_without_comparison()


@pytest.fixture(scope="session")
def commune_report(report: Report) -> Report:
    import attrs

    return attrs.evolve(report, tables={**report.tables, "by_commune": full_commune_table(report)})
