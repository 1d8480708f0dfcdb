"""Tracing an aggregated figure back to the rows (file, sheet, row) that made it."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from bhxh_comms.aggregate.align import align_provinces
from bhxh_comms.aggregate.totals import TIME_GRAINS, campaign_windows, period_mask, time_key
from bhxh_comms.models.periods import Campaign, Period
from bhxh_comms.models.units import UnitRegistry, UnitSet


def trace(
    log: pd.DataFrame,
    *,
    period: Period | None = None,
    campaigns: Sequence[Campaign] = (),
    units: UnitRegistry | None = None,
    unit_set: UnitSet | None = None,
    **keys: str,
) -> pd.DataFrame:
    """The rows of ``log`` behind one figure: the same filters the figure was made with.

    >>> # rows behind "conferences in Thái Nguyên, May 2026"
    >>> # trace(log, period=Period.year(2026), province="19", activity_type="conference", month="2026-05")

    Returns ``source``, ``sheet``, ``row`` and the measures, so an auditor can open the
    file at that row. ``province`` is a code of the log's own unit set, or, with ``units``
    and ``unit_set``, of ``unit_set``: the rows are mapped through the crosswalk first, as
    the report maps them, so "Thái Nguyên 2024" brings Bắc Kạn's rows too (their
    ``province`` column still shows the code as reported).
    """
    reported = log["province"]
    if units is not None and unit_set is not None:
        log, _ = align_provinces(log, units, unit_set)
        log = log.assign(reported_province=reported.to_numpy())
    mask = np.ones(len(log), dtype=bool)
    if period is not None:
        mask &= period_mask(log["date"], period)
    for column, value in keys.items():
        if column in ("campaign", "phase"):  # by its window: campaigns may overlap
            windows = {label: (start, end) for label, start, end in campaign_windows(column, campaigns)}
            if value not in windows:
                mask &= False
                continue
            start, end = windows[value]
            mask &= period_mask(log["date"], Period.between(start, end))
        elif column in TIME_GRAINS:
            codes, labels = time_key(log["date"], column, campaigns)
            position = labels.get_indexer(pd.Index([value]))[0]
            mask &= codes == position + 1 if position >= 0 else np.zeros(len(log), dtype=bool)
        else:
            mask &= (log[column].astype(str) == str(value)).to_numpy()
    columns = [
        c for c in ("source", "sheet", "row", "province", "date", "activity_type", "count", "participants") if c in log
    ]
    out = log.loc[mask, columns].reset_index(drop=True)
    if "reported_province" in log:
        out["province"] = log.loc[mask, "reported_province"].astype(str).to_numpy()
    return out
