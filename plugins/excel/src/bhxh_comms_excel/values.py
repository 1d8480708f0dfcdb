"""Plain Python values out of the Report's DataFrames (NaN, NA, numpy scalars handled once)."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from bhxh_comms.plugin import is_missing as is_missing_number


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows of ``frame`` as dicts keyed by column name."""
    columns = [str(c) for c in frame.columns]
    return [dict(zip(columns, row, strict=True)) for row in frame.itertuples(index=False, name=None)]


def is_missing(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def num(value: Any) -> float | None:
    """A finite float, or None for a missing value (None, NaN, NA) or a non-number (the core's
    :func:`~bhxh_comms.plugin.is_missing`)."""
    return None if is_missing_number(value) else float(value)


def text(value: Any) -> str:
    """A cell's text: missing values are empty."""
    return "" if is_missing(value) else str(value)


def capitalise(phrase: str) -> str:
    """ "năm 2025" → "Năm 2025" (only the first letter changes)."""
    return phrase[:1].upper() + phrase[1:]
