"""The activity log across submissions: resubmissions replace, completeness is reported.

Reports are keyed by (province, reporting period). Adding a batch replaces the rows the log
already holds for each province of the batch within the period, so a corrected report
never doubles the counts, and every replacement is stated.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from types import MappingProxyType

import attrs
import numpy as np
import pandas as pd

from bhxh_comms.messages import Message
from bhxh_comms.models.periods import Period
from bhxh_comms.models.units import UnitSet
from bhxh_comms.phrasing import format_number

REPORTING_STATUS: Mapping[str, str] = MappingProxyType(
    {"reported": "đã báo cáo", "late": "báo cáo muộn", "missing": "chưa báo cáo"}
)
"""A province's reporting status for a period (code → the words every output uses)."""


@attrs.frozen(kw_only=True)
class Replacement:
    province: str
    province_name: str
    period: Period
    old_rows: int
    new_rows: int

    def as_message(self) -> Message:
        """ "Bắc Kạn năm 2023: 412 dòng được thay bằng 415 dòng"."""
        return Message(
            code="resubmission_replaced",
            severity="note",
            vi=f"{self.province_name} {self.period.label}: {format_number(self.old_rows)} dòng được thay bằng "
            f"{format_number(self.new_rows)} dòng",
            en=f"{self.province_name} {self.period.start.year}: {self.old_rows} rows replaced by {self.new_rows}",
        )


@attrs.frozen(kw_only=True)
class Submission:
    province: str
    period: Period
    received: dt.date
    sources: tuple[str, ...]
    rows: int


@attrs.frozen(kw_only=True)
class ActivityLog:
    """Accepted activity rows plus which province submitted for which period, and when."""

    rows: pd.DataFrame = attrs.field(factory=pd.DataFrame)
    submissions: tuple[Submission, ...] = ()

    def add(
        self, accepted: pd.DataFrame, *, period: Period, received: dt.date, unit_set: UnitSet | None = None
    ) -> tuple[ActivityLog, tuple[Replacement, ...]]:
        """A new log with ``accepted`` added for ``period``, replacing earlier rows of the same
        provinces in that period; returns the replacements made."""
        provinces = [str(p) for p in pd.unique(accepted["province"].astype(str))]
        replacements: list[Replacement] = []
        kept = self.rows
        if len(kept):
            in_period = (kept["date"] >= pd.Timestamp(period.start)) & (kept["date"] <= pd.Timestamp(period.end))
            old_province = kept["province"].astype(str)
            replaced = in_period & old_province.isin(provinces)
            if replaced.any():
                old_counts = old_province[replaced].value_counts()
                new_counts = accepted["province"].astype(str).value_counts()
                for code, old in old_counts.items():
                    name = unit_set[str(code)].name if unit_set is not None and str(code) in unit_set else str(code)
                    replacements.append(
                        Replacement(
                            province=str(code),
                            province_name=name,
                            period=period,
                            old_rows=int(old),
                            new_rows=int(new_counts.get(code, 0)),
                        )
                    )
            kept = kept.loc[~replaced]
        combined = _concat(kept, accepted)
        sources = tuple(str(s) for s in pd.unique(accepted["source"].astype(str))) if "source" in accepted else ()
        counts = accepted["province"].astype(str).value_counts()
        new_subs = tuple(
            Submission(province=p, period=period, received=received, sources=sources, rows=int(counts[p]))
            for p in provinces
        )
        others = tuple(s for s in self.submissions if not (s.province in provinces and s.period == period))
        return ActivityLog(rows=combined, submissions=others + new_subs), tuple(replacements)

    def completeness(self, unit_set: UnitSet, period: Period, *, due: dt.date | None = None) -> pd.DataFrame:
        """One row per unit of ``unit_set``: reported or not, when, and whether late.

        Columns: ``province``, ``name``, ``reported`` (bool), ``received`` (date or NaT),
        ``rows``, ``late`` (bool; False when ``due`` is not given), ``status`` (Vietnamese).
        """
        subs: Mapping[str, Submission] = {s.province: s for s in self.submissions if s.period == period}
        rows = pd.Series({p: s.rows for p, s in subs.items()}, dtype="int64")
        received = pd.Series({p: pd.Timestamp(s.received) for p, s in subs.items()}, dtype="datetime64[ns]")
        return completeness_table(unit_set, rows, received, due=due)


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
    times = frame["province"].map(received) if received is not None else pd.Series(pd.NaT, index=frame.index)
    frame["received"] = pd.to_datetime(times).astype("datetime64[ns]")
    frame["rows"] = counts.fillna(0).astype("int64")
    late = frame["reported"] & (frame["received"] > pd.Timestamp(due)) if due is not None else False
    frame["late"] = pd.Series(late, index=frame.index, dtype=bool)
    frame["status"] = np.where(
        frame["late"],
        REPORTING_STATUS["late"],
        np.where(frame["reported"], REPORTING_STATUS["reported"], REPORTING_STATUS["missing"]),
    )
    return frame


def _concat(a: pd.DataFrame, b: pd.DataFrame) -> pd.DataFrame:
    if not len(a.columns):
        return b.reset_index(drop=True)
    out = pd.concat([a, b], ignore_index=True)
    for column in (
        "province",
        "unit_set",
        "source",
        "sheet",
        *[c for c in b.columns if isinstance(b[c].dtype, pd.CategoricalDtype)],
    ):
        if column in out and not isinstance(out[column].dtype, pd.CategoricalDtype):
            out[column] = out[column].astype("category")
    return out
