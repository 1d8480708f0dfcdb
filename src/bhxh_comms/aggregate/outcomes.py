"""Outcome indicators (people insured, coverage rates, progress to a goal) by their rules.

Input: a long table ``province, date, indicator, value`` of stocks reported at dates (end of
quarter, end of year). Stocks take the last value in the period for each unit and are summed
over units; rates are recomputed from the summed numerator and denominator at every level —
never averaged.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from bhxh_comms.aggregate.align import align_provinces
from bhxh_comms.aggregate.totals import period_mask
from bhxh_comms.models.measures import AggregationRule, Measure
from bhxh_comms.models.periods import Period
from bhxh_comms.models.units import UnitRegistry, UnitSet


def _dated_in(outcomes: pd.DataFrame, period: Period) -> pd.DataFrame:
    """The rows within ``period``, their dates parsed."""
    dated = outcomes.assign(date=pd.to_datetime(outcomes["date"]))
    return dated.loc[period_mask(dated["date"], period)]


def last_in_period(outcomes: pd.DataFrame, period: Period) -> pd.DataFrame:
    """For each (province, indicator), the value at the latest date within ``period``."""
    ordered = _dated_in(outcomes, period).sort_values(["province", "indicator", "date"], kind="stable")
    return ordered.drop_duplicates(["province", "indicator"], keep="last")


def aggregate_outcomes(
    outcomes: pd.DataFrame,
    *,
    period: Period,
    measures: Sequence[Measure],
    units: UnitRegistry | None = None,
    unit_set: UnitSet | None = None,
) -> pd.DataFrame:
    """Stocks and rates per province (and a national row ``province = "national"``).

    Each unit's last value in the period is taken. With ``units`` and ``unit_set`` the rows are
    first mapped into ``unit_set`` (old provinces through the crosswalk) and added up per date,
    so a province's last value is that of its latest date, predecessors included.
    Columns: ``province`` then one column per stock or rate measure; a rate whose numerator
    or denominator is missing for a unit is NaN.
    """
    if units is not None and unit_set is not None:
        # Map first, then take the last date: in 2025 Bắc Kạn's figure of 30/6 is part of
        # Thái Nguyên's, and Thái Nguyên's figure of 31/12 already includes it.
        inside = _dated_in(outcomes, period)
        inside = inside.assign(province=inside["province"].astype("category"))
        aligned, _ = align_provinces(inside, units, unit_set)
        per_date = aligned.groupby(["province", "indicator", "date"], observed=True, as_index=False).agg(
            value=("value", "sum")
        )
        last = last_in_period(per_date, period)
    else:
        last = last_in_period(outcomes, period)
    wide = last.pivot(index="province", columns="indicator", values="value")
    stocks = [m.code for m in measures if m.rule is AggregationRule.STOCK]
    wide = wide.reindex(columns=sorted(set(wide.columns) | set(stocks))).astype(float)
    national = wide.sum(axis=0, min_count=1).to_frame("national").T
    table = pd.concat([wide, national])
    for measure in measures:
        if measure.rule is AggregationRule.RATE and measure.numerator and measure.denominator:
            num = table.get(measure.numerator, pd.Series(np.nan, index=table.index))
            den = table.get(measure.denominator, pd.Series(np.nan, index=table.index))
            table[measure.code] = num / den.where(den > 0)
    table.index.name = "province"
    return table.reset_index()


def outcome_table(
    outcomes: pd.DataFrame,
    *,
    period: Period,
    comparison_period: Period | None,
    measures: Sequence[Measure],
    units: UnitRegistry,
    unit_set: UnitSet,
) -> pd.DataFrame:
    """:func:`aggregate_outcomes` for ``period``, with ``_previous``, ``_change`` (a rate's in
    points) and ``_ratio`` columns for ``comparison_period`` when there is one."""
    table = aggregate_outcomes(outcomes, period=period, measures=measures, units=units, unit_set=unit_set)
    if comparison_period is None:
        return table
    before = aggregate_outcomes(outcomes, period=comparison_period, measures=measures, units=units, unit_set=unit_set)
    table = table.merge(before, on="province", how="left", suffixes=("", "_previous"))
    for column in [c for c in before.columns if c != "province"]:
        now, previous = table[column], table[f"{column}_previous"]
        table[f"{column}_change"] = now - previous
        table[f"{column}_ratio"] = now / previous.where(previous > 0)
    return table
