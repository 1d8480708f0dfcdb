"""Fast group sums: the keys' integer codes are packed into one int64 key.

A pandas group-by over several categorical columns builds a MultiIndex and hashes tuples;
packing the category codes into one integer (code₀·n₁·n₂… + code₁·n₂… + …) and summing with
``np.bincount`` does the same work several times faster, with the result decoded back into
categoricals. Missing keys get code 0 and come back as NA.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

_MAX_KEY = np.iinfo(np.int64).max


def key_codes(series: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """(codes starting at 1, with 0 for missing; the categories) of one key column."""
    if isinstance(series.dtype, pd.CategoricalDtype):
        codes = series.cat.codes.to_numpy(dtype=np.int64) + 1
        return codes, series.cat.categories
    codes, uniques = pd.factorize(series, use_na_sentinel=True, sort=True)
    return codes.astype(np.int64) + 1, pd.Index(uniques)


def group_sum(
    frame: pd.DataFrame,
    keys: Sequence[str],
    values: Sequence[str],
    *,
    extra_keys: dict[str, tuple[np.ndarray, pd.Index]] | None = None,
) -> pd.DataFrame:
    """Sum ``values`` by ``keys`` (columns of ``frame``, or precomputed ``extra_keys``).

    Returns one row per key combination present, keys as categoricals (NA where missing),
    sums as int64, and ``rows``: how many input rows made each sum. Sorted by the keys.
    """
    extra_keys = extra_keys or {}
    coded = [extra_keys[k] if k in extra_keys else key_codes(frame[k]) for k in keys]
    sizes = [len(categories) + 1 for _, categories in coded]
    if np.prod(np.array(sizes, dtype=float)) >= _MAX_KEY:
        raise OverflowError(f"too many key combinations for {list(keys)}")
    packed = np.zeros(len(frame), dtype=np.int64)
    for (codes, _), size in zip(coded, sizes, strict=True):
        packed *= size
        packed += codes
    group, uniques = pd.factorize(packed, sort=True)
    n = len(uniques)
    out: dict[str, object] = {}
    remaining = np.asarray(uniques, dtype=np.int64)
    decoded = []
    for size in reversed(sizes):
        remaining, code = np.divmod(remaining, size)
        decoded.append(code)
    for key, (_, categories), code in zip(keys, coded, reversed(decoded), strict=True):
        out[key] = pd.Categorical.from_codes(code - 1, categories=categories)
    for value in values:
        column = frame[value]
        weights = column.to_numpy(dtype=np.float64, na_value=0.0) if column.hasnans else column.to_numpy(np.float64)
        out[value] = np.rint(np.bincount(group, weights=weights, minlength=n)).astype(np.int64)
    out["rows"] = np.bincount(group, minlength=n).astype(np.int64)
    return pd.DataFrame(out)
