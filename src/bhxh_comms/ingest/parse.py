"""Parsing single cell values, applied once per distinct value (see :func:`map_unique`)."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from typing import Any, TypeVar

import numpy as np
import pandas as pd
from pandas.api.types import infer_dtype

from bhxh_comms.text import format_characters, strip_format_characters

T = TypeVar("T")

_EXCEL_EPOCH = dt.date(1899, 12, 30)
_THOUSANDS = re.compile(r"^\d{1,3}([.,\s]\d{3})+$")
_INTEGER = re.compile(r"^[+-]?\d+$")
_DECIMAL = re.compile(r"^[+-]?\d+[.,]\d+$")
_SCIENTIFIC = re.compile(r"^[+-]?\d+(\.\d+)?[eE][+-]?\d+$")  # "1e19", as a spreadsheet shows a big number
_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y/%m/%d", "%d/%m/%y")


def is_blank(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


# What pandas infers for an object column that holds a boolean among other values.
_MAY_HOLD_BOOLEANS = frozenset({"boolean", "mixed", "mixed-integer"})


def factorize(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``pd.factorize`` of an object array, except that a boolean is never the same value as
    a number: hashing makes ``True == 1`` and ``False == 0``, so a TRUE cell would share the
    verdict of a 1 (or the other way round). Blanks (None, NaN) get the code -1."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    if infer_dtype(values, skipna=True) not in _MAY_HOLD_BOOLEANS:
        return codes, uniques
    booleans = np.fromiter((isinstance(v, (bool, np.bool_)) for v in values), dtype=bool, count=len(values))
    if not booleans.any():
        return codes, uniques
    other_codes, other_uniques = pd.factorize(values[~booleans], use_na_sentinel=True)
    bool_codes, bool_uniques = pd.factorize(values[booleans], use_na_sentinel=True)
    codes = np.empty(len(values), dtype=np.intp)
    codes[~booleans] = other_codes
    codes[booleans] = bool_codes + len(other_uniques)
    uniques = np.empty(len(other_uniques) + len(bool_uniques), dtype=object)
    uniques[: len(other_uniques)] = other_uniques
    uniques[len(other_uniques) :] = [bool(b) for b in bool_uniques]
    return codes, uniques


def map_unique(series: pd.Series, func: Callable[[Any], T]) -> list[T | None]:
    """Apply ``func`` to each distinct non-blank value once; blanks give ``None``.

    Returns one result per row. Reports have few distinct values per column (codes, dates),
    so this is a handful of Python calls instead of one per row.
    """
    codes, uniques = factorize(series.to_numpy(dtype=object))
    results = [None if is_blank(u) else func(u) for u in uniques]
    table = np.empty(len(results) + 1, dtype=object)
    table[: len(results)] = results
    table[-1] = None
    return list(table[codes])


def as_text(value: Any) -> str:
    """The cell as the user typed it: whole floats lose ``.0``, text is stripped."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:  # beyond, Excel shows 1E+19 too
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
    text = strip_format_characters(str(value)).strip()
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return "unparseable"


def parse_count(value: Any, maximum: int | None = None) -> int | str:
    """A whole number from 0 to ``maximum``, or an error kind: ``"negative"``,
    ``"not_integer"``, ``"not_number"``, ``"boolean"`` (a TRUE/FALSE cell) or ``"too_large"``."""
    if isinstance(value, (bool, np.bool_)):
        return "boolean"
    number: int | float
    if isinstance(value, (int, np.integer)):
        number = int(value)
    elif isinstance(value, (float, np.floating)):
        if not math.isfinite(value):
            return "not_number"
        number = float(value)
    else:
        text = strip_format_characters(str(value)).strip().replace("\u00a0", " ")
        if _INTEGER.match(text):
            number = int(text)
        elif _THOUSANDS.match(text):  # "1.200" written the Vietnamese way
            number = int(re.sub(r"[.,\s]", "", text))
        elif _DECIMAL.match(text):
            return "negative" if text.startswith("-") else "not_integer"
        elif _SCIENTIFIC.match(text):
            number = float(text)  # inf beyond 1e308: too large below
        else:
            return "not_number"
    if number < 0:
        return "negative"
    if (maximum is not None and number > maximum) or number == math.inf:
        return "too_large"
    if isinstance(number, float) and not number.is_integer():
        return "not_integer"
    return int(number)


MAX_CELL_CHARS = 32_767
"""The most characters a cell can hold: Excel's own limit, so a longer value did not come from
a spreadsheet and could not be written back to one for correction."""

_SHOWN_CHARS = 200


def shown_value(value: Any) -> str:
    """The cell as a message shows it: a long text is cut, with its length said."""
    text = as_text(value)
    if len(text) <= _SHOWN_CHARS:
        return text
    return f"{text[:_SHOWN_CHARS]}… ({len(text):,} ký tự / characters)".replace(",", ".")


def too_long(value: Any) -> bool:
    return isinstance(value, str) and len(value) > MAX_CELL_CHARS


def hidden_characters(value: Any) -> str | None:
    """The invisible formatting characters of a text cell ("U+200B"), or None."""
    if not isinstance(value, str):
        return None
    found = format_characters(value)
    return ", ".join(found) if found else None


FORMULA_START = ("=", "+", "-", "@")


def looks_like_formula(value: Any) -> bool:
    return isinstance(value, str) and value.lstrip().startswith(FORMULA_START)
