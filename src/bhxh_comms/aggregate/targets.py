"""Evaluating plan targets per unit and period: value, bounds and outcome of every unit.

Every kind of :mod:`bhxh_comms.models.targets` has one evaluator here. A unit that did not
report for the period is ``not_reported`` — never "below". A target whose denominator
(communes with commune-level records, labour force, headcount) is missing for a unit that
reported is ``not_evaluable`` for it, with the reason — never 0 % and never met. Folding a
unit's rows into one outcome and the share of units that meet each target are in
:mod:`bhxh_comms.aggregate.target_summary`.

A period that straddles a reorganisation (2025: 63 provinces and ~10.000 communes until 30/6,
34 and 3.321 from 1/7) has commune codes of two sets that cannot be matched one to one.
Commune coverage is then counted on the part of the period under the set in force at its end;
weekly broadcasts count every commune-week, against the communes that existed in each week.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence

import attrs
import numpy as np
import pandas as pd

from bhxh_comms.aggregate.grouping import group_sum
from bhxh_comms.aggregate.target_summary import fold_outcomes, summarize
from bhxh_comms.aggregate.totals import in_period, time_key
from bhxh_comms.errors import UnitError
from bhxh_comms.models.periods import Period
from bhxh_comms.models.targets import (
    GRAIN_WORDS,
    Bounds,
    CommuneCoverageTarget,
    CountRangeTarget,
    HeadcountTarget,
    Outcome,
    PerPartnerTarget,
    ReachShareTarget,
    Selector,
    Target,
    TargetSet,
    WeeklyFrequencyTarget,
    denominator_label,
)
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


def _by_province(frame: pd.DataFrame, column: str, codes: Sequence[str]) -> np.ndarray:
    """Sum of ``column`` per province, in the order of ``codes`` (0 where none)."""
    sums = group_sum(frame, ["province"], [column])
    series = pd.Series(sums[column].to_numpy(), index=sums["province"].astype(str))
    return series.reindex(list(codes), fill_value=0).to_numpy(dtype=np.float64)


def _weeks_in(period: Period) -> pd.Index:
    """ISO weeks (as ``YYYY-Www``) whose Thursday falls in the period: the ISO rule for which
    year a week belongs to."""
    days = pd.date_range(period.start, period.end, freq="D")
    thursdays = days[days.day_of_week == 3]
    iso = thursdays.isocalendar()
    return pd.Index(iso["year"].astype(str) + "-W" + iso["week"].astype(str).str.zfill(2))


def commune_set_since(period: Period, unit_set: UnitSet) -> dt.date | None:
    """The day the unit set came into force when that is inside ``period`` (a mixed period)."""
    return unit_set.valid_from if period.start < unit_set.valid_from <= period.end else None


class _Context:
    def __init__(
        self,
        log: pd.DataFrame,
        period: Period,
        unit_set: UnitSet,
        denominators: pd.DataFrame,
        units: UnitRegistry | None = None,
    ) -> None:
        self.log = log
        self.period = period
        self.unit_set = unit_set
        self.codes = list(unit_set.codes)
        self.names = [u.name for u in unit_set.units]
        self.denominators = denominators.reindex(self.codes)
        with_commune = {str(p) for p in log.loc[log["commune"].notna().to_numpy(), "province"].unique()}
        self.has_commune = np.array([code in with_commune for code in self.codes], dtype=bool)
        self.since = commune_set_since(period, unit_set)
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

    def denominator(self, name: str) -> np.ndarray:
        if name in self.denominators:
            return pd.to_numeric(self.denominators[name], errors="coerce").to_numpy(dtype=np.float64)
        if name == "communes":
            return np.array([u.communes if u.communes is not None else np.nan for u in self.unit_set.units], float)
        return np.full(len(self.codes), np.nan)

    def frame(self, target: Target, n: int | None = None, **columns: object) -> pd.DataFrame:
        n = len(self.codes) if n is None else n
        base: dict[str, object] = {
            "target": [target.id] * n,
            "target_label": [target.label] * n,
            "kind": [target.kind] * n,
            "value_kind": [target.value_kind] * n,
            "province": self.codes,
            "province_name": self.names,
            "partner": [None] * n,
            "minimum": [target.bounds.minimum] * n,
            "maximum": [target.bounds.maximum] * n,
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


def _not_evaluable_reason(missing: np.ndarray, text: str) -> np.ndarray:
    return np.where(missing, text, "")


def _commune_share(numerator: np.ndarray, denominator: np.ndarray, ctx: _Context) -> tuple[np.ndarray, np.ndarray]:
    """numerator / denominator per province, not evaluable (with the reason) where the
    province's records carry no commune or the commune count is missing."""
    missing = np.isnan(denominator) | (denominator <= 0) | ~ctx.has_commune
    with np.errstate(divide="ignore", invalid="ignore"):
        values = np.where(missing, np.nan, numerator / denominator)
    reason = np.where(~ctx.has_commune, "báo cáo không ghi mã xã, phường", "")
    reason = np.where(np.isnan(denominator), "chưa có số xã, phường", reason)
    return values, reason


def _count_range(target: CountRangeTarget, ctx: _Context) -> pd.DataFrame:
    selected = ctx.log.loc[selector_mask(ctx.log, target.select)]
    values = _by_province(selected, "count", ctx.codes)
    return ctx.frame(
        target, value=values, numerator=values, denominator=np.nan, outcome=classify(values, target.bounds), reason=""
    )


def _commune_coverage(target: CommuneCoverageTarget, ctx: _Context) -> pd.DataFrame:
    mask = selector_mask(ctx.log, target.select) & ctx.log["commune"].notna().to_numpy()
    if ctx.since is not None:  # old and new commune codes cannot be matched: count under the new set
        mask &= (ctx.log["date"] >= pd.Timestamp(ctx.since)).to_numpy()
    selected = ctx.log.loc[mask]
    pairs = group_sum(selected, ["province", "commune"], [])
    covered = pd.Series(1, index=pairs["province"].astype(str)).groupby(level=0).sum()
    numerator = covered.reindex(ctx.codes, fill_value=0).to_numpy(dtype=np.float64)
    denominator = ctx.denominator("communes")
    values, reason = _commune_share(numerator, denominator, ctx)
    return ctx.frame(
        target,
        value=values,
        numerator=numerator,
        denominator=denominator,
        outcome=classify(values, target.bounds),
        reason=reason,
    )


def _weekly(target: WeeklyFrequencyTarget, ctx: _Context) -> pd.DataFrame:
    log = ctx.log
    mask = selector_mask(log, target.select) & log["commune"].notna().to_numpy()
    selected = log.loc[mask]
    sub = selector_mask(selected, target.sub_select) if target.sub_bounds is not None else np.zeros(len(selected), bool)
    weeks = _weeks_in(ctx.period)
    week_codes, week_labels = time_key(selected["date"], "week")
    frame = selected.assign(sub_count=np.where(sub, selected["count"].to_numpy(), 0))
    per_week = group_sum(
        frame, ["province", "commune", "week"], ["count", "sub_count"], extra_keys={"week": (week_codes, week_labels)}
    )
    ok = classify(per_week["count"].to_numpy(np.float64), target.bounds) != Outcome.BELOW.value
    if target.bounds.maximum is not None:
        ok &= per_week["count"].to_numpy() <= target.bounds.maximum
    if target.sub_bounds is not None:
        ok &= classify(per_week["sub_count"].to_numpy(np.float64), target.sub_bounds) != Outcome.BELOW.value
    ok &= per_week["week"].astype(str).isin(weeks).to_numpy()
    compliant = _by_province(per_week.assign(ok=ok.astype(np.int64)), "ok", ctx.codes)
    communes = ctx.denominator("communes")
    expected = communes * len(weeks)
    if ctx.since is not None and ctx.earlier_communes is not None and "communes" not in ctx.denominators:
        # weeks (by their Thursday) before the reorganisation expected the communes of that time
        earlier_weeks = len(_weeks_in(Period.between(ctx.period.start, ctx.since - dt.timedelta(days=1))))
        expected = communes * (len(weeks) - earlier_weeks) + ctx.earlier_communes * earlier_weeks
    values, reason = _commune_share(compliant, expected, ctx)
    frame_out = ctx.frame(
        target,
        value=values,
        numerator=compliant,
        denominator=expected,
        outcome=classify(values, target.share_bounds),
        reason=reason,
    )
    frame_out["minimum"] = target.share_bounds.minimum
    frame_out["maximum"] = target.share_bounds.maximum
    return frame_out


def _per_partner(target: PerPartnerTarget, ctx: _Context, partners: Sequence[str]) -> pd.DataFrame:
    selected = ctx.log.loc[selector_mask(ctx.log, target.select) & ctx.log["partner"].notna().to_numpy()]
    sums = group_sum(selected, ["province", "partner"], ["count"])
    index = pd.MultiIndex.from_product([ctx.codes, list(partners)], names=["province", "partner"])
    values = (
        pd.Series(
            sums["count"].to_numpy(),
            index=pd.MultiIndex.from_arrays([sums["province"].astype(str), sums["partner"].astype(str)]),
        )
        .reindex(index, fill_value=0)
        .to_numpy(dtype=np.float64)
    )
    n = len(index)
    frame = ctx.frame(
        target,
        n,
        province=index.get_level_values(0),
        province_name=np.repeat(ctx.names, len(partners)),
        partner=index.get_level_values(1),
        value=values,
        numerator=values,
        denominator=[np.nan] * n,
        outcome=classify(values, target.bounds),
        reason=[""] * n,
    )
    return frame


def _share(target: ReachShareTarget | HeadcountTarget, ctx: _Context) -> pd.DataFrame:
    selected = ctx.log.loc[selector_mask(ctx.log, target.select)]
    numerator = _by_province(selected, target.measure, ctx.codes)
    denominator = ctx.denominator(target.denominator)
    missing = np.isnan(denominator) | (denominator <= 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        values = np.where(missing, np.nan, numerator / denominator)
    outcome = classify(values, target.bounds)
    reason = _not_evaluable_reason(missing, f"chưa có {denominator_label(target.denominator)}")
    sub_values = np.full(len(ctx.codes), np.nan)
    sub_minimum = np.nan
    if isinstance(target, ReachShareTarget) and target.sub_select is not None and target.sub_bounds is not None:
        sub_rows = ctx.log.loc[selector_mask(ctx.log, target.sub_select)]
        with np.errstate(divide="ignore", invalid="ignore"):
            sub_values = np.where(missing, np.nan, _by_province(sub_rows, target.measure, ctx.codes) / denominator)
        sub_below = classify(sub_values, target.sub_bounds) == Outcome.BELOW.value
        outcome = np.where(sub_below & (outcome != Outcome.NOT_EVALUABLE.value), Outcome.BELOW.value, outcome)
        sub_minimum = target.sub_bounds.minimum if target.sub_bounds.minimum is not None else np.nan
    decides = not (isinstance(target, ReachShareTarget) and target.sub_select is not None)
    return ctx.frame(
        target,
        value=values,
        numerator=numerator,
        denominator=denominator,
        outcome=outcome,
        reason=reason,
        value_decides=[decides] * len(ctx.codes),
        sub_value=sub_values,
        sub_minimum=[sub_minimum] * len(ctx.codes),
    )


def sub_periods(period: Period, grain: str) -> list[Period]:
    """The quarters, months or ISO weeks that make up ``period`` (clipped to it); ``[period]``
    for a yearly target or a period no longer than one such bucket."""
    if grain == "year":
        return [period]
    days = pd.date_range(period.start, period.end, freq="D")
    if grain == "quarter":
        keys = list(zip(days.year, days.quarter, strict=True))
        make = [Period.quarter(y, q) for y, q in dict.fromkeys(keys)]
    elif grain == "month":
        keys = list(zip(days.year, days.month, strict=True))
        make = [Period.month(y, m) for y, m in dict.fromkeys(keys)]
    else:
        iso = days.isocalendar()
        make = [Period.iso_week(int(y), int(w)) for y, w in dict.fromkeys(zip(iso["year"], iso["week"], strict=True))]
    if len(make) <= 1:
        return [period]
    return [
        p
        if (p.start >= period.start and p.end <= period.end)
        else Period.between(max(p.start, period.start), min(p.end, period.end), label=p.label)
        for p in make
    ]


def _lowest_bucket(frame: pd.DataFrame, grain: str) -> pd.DataFrame:
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


@attrs.frozen(kw_only=True)
class TargetEvaluation:
    """The three tables of an evaluation (columns in docs/report.md)."""

    scorecard: pd.DataFrame
    """One row per target × unit (× partner for per-partner targets)."""
    results: pd.DataFrame
    """One row per target × unit: the unit's rows folded into one outcome."""
    summary: pd.DataFrame
    """One row per target: how many units reported, were evaluated and met it."""


def _not_reported(frame: pd.DataFrame, reported: set[str], period: Period) -> pd.DataFrame:
    """Rows of units that sent nothing for the period: ``not_reported``, without a value."""
    missing = ~frame["province"].astype(str).isin(reported).to_numpy()
    if not missing.any():
        return frame
    frame = frame.copy()
    for column in ("value", "numerator", "sub_value"):
        frame[column] = np.where(missing, np.nan, pd.to_numeric(frame[column], errors="coerce"))
    frame["outcome"] = np.where(missing, Outcome.NOT_REPORTED.value, frame["outcome"].to_numpy(dtype=object))
    frame["outcome_vi"] = frame["outcome"].map({o.value: o.label_vi for o in Outcome})
    frame["reason"] = np.where(missing, f"chưa báo cáo {period.label}", frame["reason"].to_numpy(dtype=object))
    return frame


def evaluate_targets(
    log: pd.DataFrame,
    targets: TargetSet,
    *,
    period: Period,
    unit_set: UnitSet,
    denominators: pd.DataFrame | None = None,
    partners: Sequence[str] = (),
    units: UnitRegistry | None = None,
    reported: Iterable[str] | None = None,
) -> TargetEvaluation:
    """Scorecard, folded results and summary of every target for every unit of ``unit_set``
    over ``period``.

    ``log`` must already be in ``unit_set`` (see :func:`~bhxh_comms.aggregate.align.align_provinces`)
    and restricted to ``period``. ``reported`` lists the units that reported for the period
    (default: those with rows in ``log``); the others are ``not_reported``. ``denominators`` is
    indexed by province code with columns named after the targets' denominators
    (``labor_force``, ``collaborators``, ``cadres``, ``communes``); communes default to the
    unit set's counts. ``units`` (the registry) lets a period that straddles a reorganisation
    count the weeks before it against the communes of that time (see the module's notes).
    """
    denominators = denominators if denominators is not None else pd.DataFrame(index=pd.Index([], name="province"))
    reporting = (
        {str(p) for p in log["province"].astype(str).unique()} if reported is None else {str(p) for p in reported}
    )
    ctx = _Context(log, period, unit_set, denominators, units)
    evaluators: Mapping[type, Callable[..., pd.DataFrame]] = {
        CountRangeTarget: _count_range,
        CommuneCoverageTarget: _commune_coverage,
        WeeklyFrequencyTarget: _weekly,
        ReachShareTarget: _share,
        HeadcountTarget: _share,
    }
    frames = []

    def evaluate(target: Target, context: _Context) -> pd.DataFrame:
        if isinstance(target, PerPartnerTarget):
            return _per_partner(target, context, target.partners or partners)
        return evaluators[type(target)](target, context)

    for target in targets:
        buckets = [] if isinstance(target, WeeklyFrequencyTarget) else sub_periods(period, target.period)
        if len(buckets) <= 1:
            frames.append(evaluate(target, ctx))
            continue
        per_bucket = []
        for bucket in buckets:
            part = evaluate(target, _Context(in_period(log, bucket), bucket, unit_set, denominators, units))
            per_bucket.append(part.assign(_bucket=bucket.label))
        frames.append(_lowest_bucket(pd.concat(per_bucket, ignore_index=True), target.period))
    scorecard = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=list(SCORECARD_COLUMNS))
    for column in ("value", "numerator", "denominator", "minimum", "maximum", "sub_value", "sub_minimum"):
        scorecard[column] = pd.to_numeric(scorecard[column], errors="coerce").astype(np.float64)
    scorecard = _not_reported(scorecard, reporting, period)
    results = fold_outcomes(scorecard)
    return TargetEvaluation(scorecard=scorecard, results=results, summary=summarize(results, targets))
