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
_DIRECT_BINS = 1 << 22


def _weights(column: pd.Series) -> np.ndarray:
    """float64 values with missing as 0 (sums of int64 counts stay exact below 2**53)."""
    if column.dtype == np.int64:
        return column.to_numpy()  # np.bincount casts in C, no temporary copy here
    return np.asarray(column.to_numpy(dtype=np.float64, na_value=0.0), dtype=np.float64)


def key_codes(series: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """(codes starting at 1, with 0 for missing; the categories) of one key column."""
    if isinstance(series.dtype, pd.CategoricalDtype):
        codes = series.cat.codes.to_numpy(dtype=np.int64) + 1
        return codes, series.cat.categories
    codes, uniques = pd.factorize(series, use_na_sentinel=True, sort=True)
    return codes.astype(np.int64) + 1, pd.Index(uniques)


def counts_by_label(series: pd.Series) -> pd.Series:
    """How many rows hold each non-missing value of ``series``, indexed by the value as text
    (values present only). A categorical is counted on its codes: no text is made per row."""
    codes, categories = key_codes(series)
    counts = np.bincount(codes, minlength=len(categories) + 1)[1:]
    present = counts > 0
    found = pd.Series(counts[present], index=pd.Index(categories[present]).astype(str))
    return found if found.index.is_unique else found.groupby(level=0, sort=False).sum()


def distinct_labels(series: pd.Series) -> set[str]:
    """The distinct non-missing values of ``series`` as text (see :func:`counts_by_label`)."""
    return set(counts_by_label(series).index)


def stack(frames: Sequence[pd.DataFrame]) -> pd.DataFrame:
    """``frames`` one under the other, categoricals kept: where the frames' categories differ,
    the union, sorted when every frame's is (months stay in time order), else in order of first
    appearance (each frame's rows keep their order and their codes' relative order)."""
    out = pd.concat(frames, ignore_index=True)
    for column in frames[0].columns if frames else ():
        if isinstance(out[column].dtype, pd.CategoricalDtype):
            continue  # the same categories everywhere: concatenated as they are
        lists = [d.categories for f in frames if isinstance(d := f[column].dtype, pd.CategoricalDtype)]
        if len(lists) < len(frames):
            continue
        union = pd.Index(np.concatenate([c.to_numpy(dtype=object) for c in lists])).unique()
        if all(c.is_monotonic_increasing for c in lists):
            union = union.sort_values()
        out[column] = pd.concat([f[column].cat.set_categories(union) for f in frames], ignore_index=True)
    return out


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
    space = int(np.prod(np.array(sizes, dtype=np.int64)))
    weights = [_weights(frame[value]) for value in values]
    if space <= max(_DIRECT_BINS, 2 * len(frame)):
        # Small key space: count straight into one bin per possible key, no hashing at all.
        rows = np.bincount(packed, minlength=space)
        present = np.flatnonzero(rows)
        sums = [np.bincount(packed, weights=w, minlength=space)[present] for w in weights]
        uniques, counts = present, rows[present]
    else:
        group, uniques = pd.factorize(packed, sort=True)
        n = len(uniques)
        sums = [np.bincount(group, weights=w, minlength=n) for w in weights]
        counts = np.bincount(group, minlength=n)
    out: dict[str, object] = {}
    remaining = np.asarray(uniques, dtype=np.int64)
    decoded = []
    for size in reversed(sizes):
        remaining, code = np.divmod(remaining, size)
        decoded.append(code)
    for key, (_, categories), code in zip(keys, coded, reversed(decoded), strict=True):
        out[key] = pd.Categorical.from_codes(code - 1, categories=categories)
    for value, total in zip(values, sums, strict=True):
        out[value] = np.rint(total).astype(np.int64)
    out["rows"] = np.asarray(counts, dtype=np.int64)
    return pd.DataFrame(out)
