"""A column as its distinct values and, per row, which one it holds.

Reports have few distinct values per column (codes, names, dates, small counts) and many
rows: every check parses each distinct value once, in Python, and spreads the verdict over
the rows with one NumPy ``take``. A column is factorized once per batch, in the way its type
allows: a categorical by its codes, a date, number or Arrow string column natively, only a
column of mixed Python objects (what spreadsheets give) through object hashing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs
import numpy as np
import pandas as pd

from bhxh_comms.ingest.parse import factorize, is_blank


def _small(codes: np.ndarray, distinct: int) -> np.ndarray:
    """``codes`` (-1 for missing) in the smallest signed integer type for ``distinct`` values."""
    return np.asarray(codes, dtype=np.min_scalar_type(-distinct - 1))


@attrs.frozen(kw_only=True)
class Distinct:
    """``values[codes[i]]`` is row ``i``'s value; code -1 is a missing cell (None, NaN, NaT).
    Codes take the smallest integer type that holds them (a byte a row for most columns, an
    eighth of NumPy's default at ten million rows a column); widen before doing arithmetic."""

    codes: np.ndarray = attrs.field(repr=False)
    values: np.ndarray
    """The distinct values present, as Python objects (an object array)."""

    @classmethod
    def of(cls, series: pd.Series) -> Distinct:
        dtype = series.dtype
        if isinstance(dtype, pd.CategoricalDtype):
            values = np.asarray(dtype.categories.astype(object), dtype=object)
            return cls(codes=_small(series.cat.codes.to_numpy(), len(values)), values=values)
        if pd.api.types.is_object_dtype(dtype):
            codes, uniques = factorize(series.to_numpy(dtype=object))
            return cls(codes=_small(codes, len(uniques)), values=np.asarray(uniques, dtype=object))
        native_codes, native_uniques = pd.factorize(series, use_na_sentinel=True)
        values = np.empty(len(native_uniques), dtype=object)
        values[:] = list(native_uniques)  # Timestamps, ints, strings: few, as Python objects
        return cls(codes=_small(native_codes, len(values)), values=values)

    def per_value(self, func: Callable[[Any], Any], *, blank: Any = None, dtype: Any = object) -> np.ndarray:
        """``func`` of each distinct value that is not blank, then ``blank`` for blank cells
        (also text of spaces only) at the last position: index it with :meth:`rows`'s codes."""
        out = np.empty(len(self.values) + 1, dtype=dtype)
        for i, value in enumerate(self.values):
            out[i] = blank if is_blank(value) else func(value)
        out[-1] = blank
        return out

    def take(self, table: np.ndarray, rows: np.ndarray | None = None) -> np.ndarray:
        """The per-row array of a :meth:`per_value` table (for ``rows`` only, when given)."""
        codes = self.codes if rows is None else self.codes[rows]
        found: np.ndarray = table[codes]  # code -1 takes the last entry: the blank one
        return found

    def where(self, func: Callable[[Any], bool]) -> np.ndarray:
        """Which rows hold a value for which ``func`` is true (blanks never); no pass over the
        rows at all when no distinct value qualifies, the common case of a check."""
        table = self.per_value(func, blank=False, dtype=bool)
        return self.take(table) if table.any() else np.zeros(len(self.codes), dtype=bool)

    def blank(self) -> np.ndarray:
        """Which rows are blank: missing, or text of spaces only."""
        return self.take(self.per_value(lambda v: False, blank=True, dtype=bool))

    def present(self, rows: np.ndarray) -> np.ndarray:
        """The distinct-value indices that occur among ``rows`` (a mask)."""
        found = np.unique(self.codes[rows])
        return found[found >= 0]
