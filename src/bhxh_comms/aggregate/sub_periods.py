"""Targets declared per quarter, month or week hold in each of them: over a longer report
period they are evaluated per sub-period, and a unit is judged on its lowest one."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from bhxh_comms.aggregate.target_context import SCORECARD_COLUMNS
from bhxh_comms.aggregate.totals import time_key
from bhxh_comms.models.periods import Period
from bhxh_comms.models.targets import GRAIN_WORDS


def _whole(day: dt.date, grain: str) -> Period:
    """The whole quarter, month or ISO week ``day`` falls in."""
    if grain == "quarter":
        return Period.quarter(day.year, (day.month - 1) // 3 + 1)
    if grain == "month":
        return Period.month(day.year, day.month)
    year, week, _ = day.isocalendar()
    return Period.iso_week(year, week)


def sub_periods(period: Period, grain: str) -> list[Period]:
    """The quarters, months or ISO weeks that make up ``period`` (clipped to it, with their own
    labels), bucketed by the same calendar as the totals (:func:`~bhxh_comms.aggregate.totals.time_key`);
    ``[period]`` for a yearly target or a period no longer than one such bucket."""
    if grain == "year":
        return [period]
    days = pd.Series(pd.date_range(period.start, period.end, freq="D"))
    codes, _ = time_key(days, grain)
    bounds = days.groupby(codes, sort=True).agg(["min", "max"])
    if len(bounds) <= 1:
        return [period]
    parts = []
    for first, last in bounds.itertuples(index=False):  # a handful of quarters, months or weeks
        whole = _whole(first.date(), grain)
        clipped = whole.start >= period.start and whole.end <= period.end
        parts.append(whole if clipped else Period.between(first.date(), last.date(), label=whole.label))
    return parts


def lowest_sub_period(frame: pd.DataFrame, grain: str) -> pd.DataFrame:
    """One row per province (and partner): the sub-period with the lowest value. The target
    holds in every quarter (month, week) exactly when it holds in the lowest one, so the
    outcome of that row is the province's: below when any sub-period is below, above only
    when all are."""
    partner = frame["partner"].astype(object).where(frame["partner"].notna(), "")
    keys = frame["province"].astype(object).map(str) + "|" + partner.map(str)
    ordered = frame.assign(_key=keys, _missing=frame["value"].isna()).sort_values(
        ["_key", "_missing", "value"], kind="stable"
    )
    lowest = ordered.drop_duplicates("_key", keep="first").set_index("_key").loc[list(dict.fromkeys(keys))]
    word = GRAIN_WORDS.get(grain, grain)
    note = np.where(lowest["value"].notna(), f"thấp nhất trong các {word}: " + lowest["_bucket"].astype(str), "")
    reason = lowest["reason"].astype(str)
    lowest = lowest.assign(
        reason=np.where(reason != "", reason + np.where(note != "", "; ", "") + note, note),
        sub_period=lowest["_bucket"].astype(object).where(lowest["value"].notna(), None),
    )
    return lowest[list(SCORECARD_COLUMNS)].reset_index(drop=True)
