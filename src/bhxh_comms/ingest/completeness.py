"""Completeness: which provinces reported for a period, when, and whether late.

One table, built here for every caller (the report, ``aggregate --due``, ``status`` of a store).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

import numpy as np
import pandas as pd

from bhxh_comms.models.units import UnitSet

REPORTING_STATUS: Mapping[str, str] = MappingProxyType(
    {"reported": "đã báo cáo", "late": "báo cáo muộn", "missing": "chưa báo cáo"}
)
"""A province's reporting status for a period (code → the words every output uses)."""


def registered(register: Mapping[str, dt.datetime], source: str) -> tuple[str, dt.datetime] | None:
    """The entry of an office's register of received files for ``source``: by its path as
    read, else by its file name (a register lists names); None when it has none."""
    if source in register:
        return source, register[source]
    name = Path(source).name
    return (name, register[name]) if name in register else None


def completeness_table(
    unit_set: UnitSet, rows: pd.Series, received: pd.Series | None = None, *, due: dt.date | None = None
) -> pd.DataFrame:
    """The completeness table every builder shares: one row per unit of ``unit_set`` with
    ``province, name, reported, received, rows, late, status``. ``rows`` and ``received`` are
    indexed by province code (units missing from ``rows`` did not report; ``received`` may be
    absent or NaT, and then no province is late)."""
    frame = pd.DataFrame({"province": list(unit_set.codes), "name": [u.name for u in unit_set.units]})
    counts = frame["province"].map(rows)
    frame["reported"] = counts.fillna(0).to_numpy() > 0
    times = (
        frame["province"].map(received)
        if received is not None and len(received)
        else pd.Series(pd.NaT, index=frame.index)
    )
    frame["received"] = pd.to_datetime(times).astype("datetime64[ns]")
    frame["rows"] = counts.fillna(0).astype("int64")
    # Sent on the due day, at any hour, is on time.
    late = frame["reported"] & (frame["received"].dt.normalize() > pd.Timestamp(due)) if due is not None else False
    frame["late"] = pd.Series(late, index=frame.index, dtype=bool)
    frame["status"] = np.where(
        frame["late"],
        REPORTING_STATUS["late"],
        np.where(frame["reported"], REPORTING_STATUS["reported"], REPORTING_STATUS["missing"]),
    )
    return frame
