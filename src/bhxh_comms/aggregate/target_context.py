"""What an evaluator of a target kind works with: the period's log in the report's unit set,
the units, their denominators, and the scorecard frame every kind returns.

A period that straddles a reorganisation (2025: 63 provinces and ~10.000 communes until 30/6,
34 and 3.321 from 1/7) has commune codes of two sets: with the commune lists installed
(``bhxh-comms-units-vn``) the earlier ones were mapped into the new ones
(:attr:`EvaluationContext.communes_mapped`); without them they cannot be matched, so
:attr:`EvaluationContext.since` says when the report's set came into force, and
:attr:`EvaluationContext.earlier_communes` how many communes its provinces had before.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np
import pandas as pd

from bhxh_comms.aggregate.grouping import group_sum
from bhxh_comms.aggregate.totals import period_mask
from bhxh_comms.errors import UnitError
from bhxh_comms.models.periods import Period
from bhxh_comms.models.targets import Bounds, Outcome, Selector, Target
from bhxh_comms.models.units import UnitRegistry, UnitSet

SCORECARD_COLUMNS = (
    "target",
    "target_label",
    "kind",
    "value_kind",
    "province",
    "province_name",
    "partner",
    "value",
    "numerator",
    "denominator",
    "minimum",
    "maximum",
    "outcome",
    "outcome_vi",
    "reason",
    "value_decides",
    "sub_value",
    "sub_minimum",
    "sub_period",
)


def selector_mask(log: pd.DataFrame, selector: Selector) -> np.ndarray:
    """Rows matching every criterion, by a look-up table on the categorical codes."""
    mask = np.ones(len(log), dtype=bool)
    for column, codes in selector.items():
        series = log[column]
        if isinstance(series.dtype, pd.CategoricalDtype):
            table = np.zeros(len(series.cat.categories) + 1, dtype=bool)
            table[series.cat.categories.get_indexer(pd.Index(codes)) + 1] = True
            table[0] = False  # missing values (code -1) and codes the categories lack (-1 too)
            mask &= table[series.cat.codes.to_numpy(dtype=np.int64) + 1]
        else:
            mask &= series.isin(codes).to_numpy()
    return mask


def classify(values: np.ndarray, bounds: Bounds) -> np.ndarray:
    """Outcome codes for an array of values (NaN → not evaluable)."""
    out = np.full(len(values), Outcome.WITHIN.value, dtype=object)
    if bounds.minimum is not None:
        out[values < bounds.minimum] = Outcome.BELOW.value
    if bounds.maximum is not None:
        out[values > bounds.maximum] = Outcome.ABOVE.value
    out[np.isnan(values)] = Outcome.NOT_EVALUABLE.value
    return out


def sum_by_province(frame: pd.DataFrame, column: str, codes: Sequence[str]) -> np.ndarray:
    """Sum of ``column`` per province, in the order of ``codes`` (0 where none)."""
    sums = group_sum(frame, ["province"], [column])
    series = pd.Series(sums[column].to_numpy(), index=sums["province"].astype(str))
    return series.reindex(list(codes), fill_value=0).to_numpy(dtype=np.float64)


def weeks_in(period: Period) -> pd.Index:
    """ISO weeks (as ``YYYY-Www``) whose Thursday falls in the period: the ISO rule for which
    year a week belongs to."""
    days = pd.date_range(period.start, period.end, freq="D")
    thursdays = days[days.day_of_week == 3]
    iso = thursdays.isocalendar()
    return pd.Index(iso["year"].astype(str) + "-W" + iso["week"].astype(str).str.zfill(2))


def commune_set_since(period: Period, unit_set: UnitSet) -> dt.date | None:
    """The day the unit set came into force when that is inside ``period`` (a mixed period)."""
    return unit_set.valid_from if period.start < unit_set.valid_from <= period.end else None


class EvaluationContext:
    """One period's evaluation: ``log`` (the period's rows, in ``unit_set``), the unit codes and
    names in order, the catalog's ``partners``, ``denominators`` (indexed by unit code), and
    what a period straddling a reorganisation needs (``since``, ``earlier_communes``)."""

    def __init__(
        self,
        log: pd.DataFrame,
        period: Period,
        unit_set: UnitSet,
        denominators: pd.DataFrame,
        units: UnitRegistry | None = None,
        partners: Sequence[str] = (),
    ) -> None:
        self.log = log
        self.units = units
        self.partners = tuple(partners)
        self.period = period
        self.unit_set = unit_set
        self.codes = list(unit_set.codes)
        self.names = [u.name for u in unit_set.units]
        self.denominators = denominators.reindex(self.codes)
        with_commune = {str(p) for p in log.loc[log["commune"].notna().to_numpy(), "province"].unique()}
        self.has_commune = np.array([code in with_commune for code in self.codes], dtype=bool)
        self.since = commune_set_since(period, unit_set)
        self.commune_set = units.commune_set_for(unit_set) if units is not None else None
        self.earlier_communes = self._earlier_communes(units) if self.since is not None else None

    def _earlier_communes(self, units: UnitRegistry | None) -> np.ndarray | None:
        """Communes of the set in force at the period's start, added up per province of
        ``unit_set`` through the crosswalk (NaN where a predecessor's count is unknown)."""
        if units is None:
            return None
        try:
            earlier = units.unit_set_on(self.period.start)
            mapping = units.crosswalk(earlier.id, self.unit_set.id)
        except UnitError:
            return None
        totals = dict.fromkeys(self.codes, 0.0)
        for unit in earlier.units:
            new = mapping.get(unit.code)
            if new in totals:
                totals[new] += np.nan if unit.communes is None else unit.communes
        return np.array([totals[c] for c in self.codes], dtype=np.float64)

    @property
    def communes_mapped(self) -> bool:
        """With the commune lists installed, earlier rows' communes were mapped into the
        report's (see aggregate.align): the whole period counts under the new communes."""
        return self.commune_set is not None

    def for_period(self, period: Period) -> EvaluationContext:
        """The same evaluation over a part of the period (a quarter, a month…)."""
        return EvaluationContext(
            self.log.loc[period_mask(self.log["date"], period)],
            period,
            self.unit_set,
            self.denominators,
            self.units,
            self.partners,
        )

    def selected(self, selector: Selector) -> pd.DataFrame:
        """The rows a selector picks."""
        return self.log.loc[selector_mask(self.log, selector)]

    def sum_by_province(self, frame: pd.DataFrame, column: str) -> np.ndarray:
        """Sum of ``column`` per unit, in the order of :attr:`codes` (0 where none)."""
        return sum_by_province(frame, column, self.codes)

    def denominator(self, name: str) -> np.ndarray:
        """A denominator per unit (NaN where unknown); ``communes`` defaults to the unit set's."""
        if name in self.denominators:
            return pd.to_numeric(self.denominators[name], errors="coerce").to_numpy(dtype=np.float64)
        if name == "communes" and self.commune_set is not None:  # the real list in force
            counts = self.commune_set.units_per_parent
            return np.array([counts.get(code, np.nan) for code in self.codes], dtype=np.float64)
        if name == "communes":
            return np.array([u.communes if u.communes is not None else np.nan for u in self.unit_set.units], float)
        return np.full(len(self.codes), np.nan)

    def frame(self, target: Target, n: int | None = None, **columns: object) -> pd.DataFrame:
        """The scorecard rows of ``target``: one per unit (``n`` rows when a unit has several),
        with ``value``, ``numerator``, ``denominator``, ``outcome`` and ``reason`` given in
        ``columns`` (and any other column of :data:`SCORECARD_COLUMNS` to override)."""
        n = len(self.codes) if n is None else n
        base: dict[str, object] = {
            "target": [target.id] * n,
            "target_label": [target.label] * n,
            "kind": [target.kind] * n,
            "value_kind": [target.value_kind] * n,
            "province": self.codes,
            "province_name": self.names,
            "partner": [None] * n,
            "minimum": [target.judged_bounds.minimum] * n,
            "maximum": [target.judged_bounds.maximum] * n,
            # whether value, minimum and maximum alone decide the outcome (no sub-condition)
            "value_decides": [True] * n,
            "sub_value": [np.nan] * n,
            "sub_minimum": [np.nan] * n,
            # the quarter, month or week whose (lowest) value is the unit's, for targets per sub-period
            "sub_period": [None] * n,
        }
        base.update(columns)
        frame = pd.DataFrame(base)
        frame["outcome_vi"] = frame["outcome"].map({o.value: o.label_vi for o in Outcome})
        return frame[list(SCORECARD_COLUMNS)]


def not_evaluable_reason(missing: np.ndarray, text: str) -> np.ndarray:
    """``text`` where ``missing``, "" elsewhere."""
    return np.where(missing, text, "")
