"""Parsing single cell values, applied once per distinct value (see :func:`map_unique`)."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from typing import Any, TypeVar

import numpy as np
import pandas as pd

T = TypeVar("T")

_EXCEL_EPOCH = dt.date(1899, 12, 30)
_THOUSANDS = re.compile(r"^\d{1,3}([.,\s]\d{3})+$")
_INTEGER = re.compile(r"^[+-]?\d+$")
_DECIMAL = re.compile(r"^[+-]?\d+[.,]\d+$")
_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y/%m/%d", "%d/%m/%y")


def is_blank(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def map_unique(series: pd.Series, func: Callable[[Any], T]) -> list[T | None]:
    """Apply ``func`` to each distinct non-blank value once; blanks give ``None``.

    Returns one result per row. Reports have few distinct values per column (codes, dates),
    so this is a handful of Python calls instead of one per row.
    """
    codes, uniques = pd.factorize(series.to_numpy(dtype=object), use_na_sentinel=True)
    results = [None if is_blank(u) else func(u) for u in uniques]
    table = np.empty(len(results) + 1, dtype=object)
    table[: len(results)] = results
    table[-1] = None
    return list(table[codes])


def as_text(value: Any) -> str:
    """The cell as the user typed it: whole floats lose ``.0``, text is stripped."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.date):  # datetimes and Timestamps too
        return value.strftime("%d/%m/%Y")
    return str(value).strip()


def parse_date(value: Any) -> dt.date | str:
    """A date, or an error kind: ``"unparseable"``."""
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool):
        number = float(value)
        if number.is_integer() and 20_000 <= number <= 80_000:  # an Excel serial date
            return _EXCEL_EPOCH + dt.timedelta(days=int(number))
        return "unparseable"
    text = str(value).strip()
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return "unparseable"


def parse_count(value: Any) -> int | str:
    """A whole number ≥ 0, or an error kind: ``"negative"``, ``"not_integer"``, ``"not_number"``."""
    if isinstance(value, bool):
        return "not_number"
    if isinstance(value, (int, np.integer)):
        return int(value) if value >= 0 else "negative"
    if isinstance(value, (float, np.floating)):
        if not math.isfinite(value):
            return "not_number"
        if value < 0:
            return "negative"
        return int(value) if float(value).is_integer() else "not_integer"
    text = str(value).strip().replace("\u00a0", " ")
    if _INTEGER.match(text):
        number = int(text)
        return number if number >= 0 else "negative"
    if _THOUSANDS.match(text):  # "1.200" written the Vietnamese way
        return int(re.sub(r"[.,\s]", "", text))
    if _DECIMAL.match(text):
        return "negative" if text.startswith("-") else "not_integer"
    return "not_number"


FORMULA_START = ("=", "+", "-", "@")


def looks_like_formula(value: Any) -> bool:
    return isinstance(value, str) and value.lstrip().startswith(FORMULA_START)
