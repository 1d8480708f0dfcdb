"""Totals of flows by any combination of dimensions, distinct counts, and comparisons."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence

import numpy as np
import pandas as pd

from bhxh_comms.aggregate.grouping import group_sum
from bhxh_comms.models.periods import Campaign, Period

TIME_GRAINS = ("year", "quarter", "month", "week", "campaign", "phase")
FLOWS = ("count", "participants")
_TICKS_PER_DAY = {"D": 1, "h": 24, "m": 1440, "s": 86_400, "ms": 86_400_000, "us": 86_400_000_000, "ns": 86_400 * 10**9}


def period_mask(dates: pd.Series, period: Period | Campaign) -> np.ndarray:
    """Which ``dates`` fall within ``period`` (both ends included)."""
    return ((dates >= pd.Timestamp(period.start)) & (dates <= pd.Timestamp(period.end))).to_numpy()


def in_period(log: pd.DataFrame, period: Period) -> pd.DataFrame:
    """The rows dated within ``period``."""
    mask = period_mask(log["date"], period)
    inside = np.flatnonzero(mask)
    if len(inside) and int(inside[-1]) - int(inside[0]) + 1 == len(inside):
        # A period's rows usually come together (a store is read year by year): a slice
        # shares the columns (copy-on-write) instead of copying every one of them.
        return log.iloc[int(inside[0]) : int(inside[-1]) + 1]
    return log.loc[mask]


def campaign_windows(grain: str, campaigns: Sequence[Campaign]) -> list[tuple[str, dt.date, dt.date]]:
    """(label, start, end) of each campaign (``code``) or campaign phase (``code/phase``)."""
    windows: list[tuple[str, dt.date, dt.date]] = []
    for campaign in campaigns:
        if grain == "phase":
            windows += [(f"{campaign.code}/{p.code}", p.start, p.end) for p in campaign.phases]
        else:
            windows.append((campaign.code, campaign.start, campaign.end))
    return windows


def _overlap(windows: Sequence[tuple[str, dt.date, dt.date]]) -> bool:
    ordered = sorted(windows, key=lambda w: w[1])
    return any(later[1] <= earlier[2] for earlier, later in itertools.pairwise(ordered))


def time_key(dates: pd.Series, grain: str, campaigns: Sequence[Campaign] = ()) -> tuple[np.ndarray, pd.Index]:
    """Codes (0 = none) and labels of the time bucket of each date.

    The labels are every bucket from the earliest date's to the latest's, in order (a bucket
    with no date among them may be listed): ``2025`` for years, ``2025-Q2``, ``2025-05``, ISO
    ``2025-W21``, or the campaign (``code``) and campaign phase (``code/phase``) codes; a date
    outside every campaign gets 0, and a date in several overlapping campaigns the first one
    (:func:`totals` and :func:`~bhxh_comms.aggregate.provenance.trace` count it in each).
    """
    if grain in ("campaign", "phase"):
        codes = np.zeros(len(dates), dtype=np.int64)
        windows = campaign_windows(grain, campaigns)
        for number, (_, start, end) in enumerate(windows, start=1):
            mask = (dates >= pd.Timestamp(start)) & (dates <= pd.Timestamp(end)) & (codes == 0)
            codes[mask.to_numpy()] = number
        return codes, pd.Index([label for label, _, _ in windows])
    if grain not in TIME_GRAINS:
        raise ValueError(f"unknown time grain {grain!r} (one of {TIME_GRAINS})")
    # Integer keys (year·100 + part) from day numbers (pandas' .dt accessors cost several times
    # more on millions of rows); text labels only for the few keys.
    stamps = dates.to_numpy()
    unit, step = np.datetime_data(stamps.dtype) if stamps.dtype.kind == "M" else ("", 1)
    if unit not in _TICKS_PER_DAY:
        stamps, unit, step = stamps.astype("datetime64[ns]"), "ns", 1
    missing = np.isnat(stamps)
    # Integer division, not a datetime64 unit cast: the cast is several times slower per row.
    day = stamps.view(np.int64) // (_TICKS_PER_DAY[unit] // step)
    if not len(day) or missing.all():
        return np.zeros(len(day), dtype=np.int64), pd.Index([], dtype=object)
    # The calendar is worked out once per distinct day of the span (a few hundred), then looked
    # up per row: numpy's month/year unit conversions are slow per element.
    present_days = day[~missing] if missing.any() else day
    first = int(present_days.min())
    span = np.arange(first, int(present_days.max()) + 1, dtype=np.int64)
    if grain == "week":  # ISO 8601: the week belongs to the year of its Thursday
        thursday = span - (span + 3) % 7 + 3  # 1970-01-01 was a Thursday
        year = thursday.astype("datetime64[D]").astype("datetime64[Y]").view(np.int64)
        jan1 = year.astype("datetime64[Y]").astype("datetime64[D]").view(np.int64)
        span_number, fmt = (year + 1970) * 100 + (thursday - jan1) // 7 + 1, "{y}-W{p:02d}"
    else:
        months = span.astype("datetime64[D]").astype("datetime64[M]").view(np.int64)
        year, month = months // 12 + 1970, months % 12 + 1
        if grain == "year":
            span_number, fmt = year * 100, "{y}"
        elif grain == "quarter":
            span_number, fmt = year * 100 + (month - 1) // 3 + 1, "{y}-Q{p}"
        else:
            span_number, fmt = year * 100 + month, "{y}-{p:02d}"
    # Bucket numbers rise with the day, so dense codes are ranks along the span; buckets of the
    # span with no row keep their label (group sums drop empty groups anyway).
    uniques, span_codes = np.unique(span_number, return_inverse=True)
    if missing.any():
        codes = np.where(missing, 0, span_codes.astype(np.int64)[np.where(missing, first, day) - first] + 1)
    else:
        codes = span_codes.astype(np.int64)[day - first] + 1
    time_labels = pd.Index([fmt.format(y=int(u) // 100, p=int(u) % 100) for u in uniques], dtype=object)
    return codes, time_labels


def totals(
    log: pd.DataFrame,
    *,
    by: Sequence[str] = (),
    measures: Sequence[str] = FLOWS,
    campaigns: Sequence[Campaign] = (),
) -> pd.DataFrame:
    """Sums of flow ``measures`` by the dimensions and time grains in ``by``.

    ``by=()`` gives the single total row. Dimensions: ``province``, ``commune``,
    ``activity_type``, ``subject_group``, ``theme``, ``partner``; time grains: ``year``,
    ``quarter``, ``month``, ``week``, ``campaign``, ``phase`` (with ``campaigns``).
    """
    windowed = [g for g in by if g in ("campaign", "phase")]
    if len(windowed) == 1 and _overlap(campaign_windows(windowed[0], campaigns)):
        # Campaigns that overlap (a National Assembly session inside a year-long drive) each
        # get every row of their window: one pass per window instead of one code per row.
        grain = windowed[0]
        windows = campaign_windows(grain, campaigns)
        labels = pd.Index([label for label, _, _ in windows])
        parts = []
        for number, (_, start, end) in enumerate(windows, start=1):
            part = log.loc[period_mask(log["date"], Period.between(start, end))]
            extra = {g: time_key(part["date"], g, campaigns) for g in by if g in TIME_GRAINS and g != grain}
            extra[grain] = (np.full(len(part), number, dtype=np.int64), labels)
            parts.append(group_sum(part, list(by), measures, extra_keys=extra))
        out = pd.concat(parts, ignore_index=True)
        out[grain] = pd.Categorical(out[grain].astype(str), categories=labels)
        return out
    extra = {g: time_key(log["date"], g, campaigns) for g in by if g in TIME_GRAINS}
    if not by:
        extra = {"all": (np.ones(len(log), dtype=np.int64), pd.Index(["total"]))}
        result = group_sum(log, ["all"], measures, extra_keys=extra).drop(columns="all")
        if result.empty:
            result = pd.DataFrame({m: [0] for m in (*measures, "rows")})
        return result
    return group_sum(log, list(by), measures, extra_keys=extra)


def rollup(fine: pd.DataFrame, by: Sequence[str], measures: Sequence[str] = FLOWS) -> pd.DataFrame:
    """Totals by fewer keys, re-added from a finer :func:`totals` table. Only flows add up this
    way; it saves a pass over the rows for every breakdown a finer table already holds."""
    out = group_sum(fine.rename(columns={"rows": "_rows"}), list(by), [*measures, "_rows"])
    out["rows"] = out.pop("_rows")
    return out


def distinct_count(log: pd.DataFrame, *, of: str, by: Sequence[str] = (), name: str | None = None) -> pd.DataFrame:
    """How many distinct non-missing ``of`` values (e.g. communes) each group has, counted at
    the level asked (never summed from below)."""
    name = name or f"distinct_{of}"
    present = log.loc[log[of].notna().to_numpy()]
    if not by:
        return pd.DataFrame({name: [int(present[of].nunique())]})
    extra = {g: time_key(present["date"], g) for g in by if g in TIME_GRAINS}
    pairs = group_sum(present, [*by, of], [], extra_keys=extra)
    counted = group_sum(pairs, list(by), []).rename(columns={"rows": name})
    return counted


def compare(
    current: pd.DataFrame, previous: pd.DataFrame, *, keys: Sequence[str], measures: Sequence[str] = FLOWS
) -> pd.DataFrame:
    """Current and previous figures side by side with change, percent change and ratio.

    For each measure ``m``: ``m``, ``m_previous``, ``m_change`` (absolute), ``m_pct``
    (fraction, NaN when the previous figure is 0) and ``m_ratio`` (NaN likewise).
    """
    keys = list(keys)
    left = current[[*keys, *measures]]
    right = previous[[*keys, *measures]].rename(columns={m: f"{m}_previous" for m in measures})
    if keys:
        for key in keys:  # align categories so the merge keeps categoricals
            if isinstance(left[key].dtype, pd.CategoricalDtype) and isinstance(right[key].dtype, pd.CategoricalDtype):
                union = left[key].cat.categories.union(right[key].cat.categories, sort=False)
                left = left.assign(**{key: left[key].cat.set_categories(union)})
                right = right.assign(**{key: right[key].cat.set_categories(union)})
        merged = left.merge(right, on=keys, how="outer", sort=True)
    else:
        merged = pd.concat([left.reset_index(drop=True), right.reset_index(drop=True)], axis=1)
    for m in measures:
        cur = merged[m].fillna(0).astype("int64")
        prev = merged[f"{m}_previous"].fillna(0).astype("int64")
        merged[m], merged[f"{m}_previous"] = cur, prev
        merged[f"{m}_change"] = cur - prev
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = np.where(prev > 0, cur / prev.where(prev > 0, 1), np.nan)
        merged[f"{m}_ratio"] = ratio
        merged[f"{m}_pct"] = ratio - 1
    return merged
