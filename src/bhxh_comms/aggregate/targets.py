"""Evaluating plan targets per unit and period: every target of a plan, by the evaluator of
its kind (:mod:`bhxh_comms.aggregate.target_kinds`), per sub-period where it is declared so
(:mod:`bhxh_comms.aggregate.sub_periods`), then folded and summed up
(:mod:`bhxh_comms.aggregate.target_summary`).

A unit that did not report for the period is ``not_reported`` — never "below". A target
whose denominator (communes with commune-level records, labour force, headcount) is missing
for a unit that reported is ``not_evaluable`` for it, with the reason — never 0 % and never met.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence

import attrs
import numpy as np
import pandas as pd

from bhxh_comms.aggregate.grouping import distinct_labels
from bhxh_comms.aggregate.kinds import DEFAULT_KINDS, TargetKind
from bhxh_comms.aggregate.sub_periods import lowest_sub_period, sub_periods
from bhxh_comms.aggregate.target_context import SCORECARD_COLUMNS, EvaluationContext, commune_set_since
from bhxh_comms.aggregate.target_summary import fold_outcomes, summarize
from bhxh_comms.errors import CatalogError
from bhxh_comms.models.periods import Period
from bhxh_comms.models.targets import Outcome, TargetSet
from bhxh_comms.models.units import UnitRegistry, UnitSet

__all__ = [
    "SCORECARD_COLUMNS",
    "TargetEvaluation",
    "combine_scorecards",
    "commune_set_since",
    "evaluate_targets",
    "finish_evaluation",
    "score_targets",
]


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
    kinds: Mapping[str, TargetKind] | None = None,
) -> TargetEvaluation:
    """Scorecard, folded results and summary of every target for every unit of ``unit_set``
    over ``period``.

    ``log`` must already be in ``unit_set`` (see :func:`~bhxh_comms.aggregate.align.align_provinces`)
    and restricted to ``period``. ``reported`` lists the units that reported for the period
    (default: those with rows in ``log``); the others are ``not_reported``. ``denominators`` is
    indexed by province code with columns named after the targets' denominators
    (``labor_force``, ``collaborators``, ``cadres``, ``communes``); communes default to the
    unit set's counts. ``units`` (the registry) lets a period that straddles a reorganisation
    count the weeks before it against the communes of that time. ``kinds`` maps a kind's name
    to its :class:`~bhxh_comms.aggregate.target_kinds.TargetKind` (default: the built-in
    kinds; ``pm.target_kinds()`` adds the plugins').
    """
    reporting = distinct_labels(log["province"]) if reported is None else {str(p) for p in reported}
    scorecard = score_targets(
        log, targets, period=period, unit_set=unit_set, denominators=denominators, partners=partners, units=units,
        kinds=kinds,
    )  # fmt: skip
    return finish_evaluation(scorecard, targets, period=period, reported=reporting)


def score_targets(
    log: pd.DataFrame,
    targets: TargetSet,
    *,
    period: Period,
    unit_set: UnitSet,
    denominators: pd.DataFrame | None = None,
    partners: Sequence[str] = (),
    units: UnitRegistry | None = None,
    kinds: Mapping[str, TargetKind] | None = None,
    provinces: Collection[str] | None = None,
) -> pd.DataFrame:
    """The scorecard of :func:`evaluate_targets` before the units that did not report are
    marked; with ``provinces``, only their rows (``log`` then holds the rows of those provinces
    alone, and the scorecards of disjoint sets of provinces add up to the whole one: see
    :func:`combine_scorecards`)."""
    denominators = denominators if denominators is not None else pd.DataFrame(index=pd.Index([], name="province"))
    registry = kinds if kinds is not None else DEFAULT_KINDS
    ctx = EvaluationContext(log, period, unit_set, denominators, units, partners)
    frames = []
    for target in targets:
        kind = registry.get(target.kind)
        if kind is None:
            raise CatalogError(
                f"chỉ tiêu “{target.id}”: không có cách đánh giá loại “{target.kind}”",
                f"target {target.id!r}: no evaluator for kind {target.kind!r} (is its plugin installed?)",
            )
        buckets = sub_periods(period, target.period) if target.by_sub_period else []
        if len(buckets) <= 1:
            frames.append(kind.evaluate(target, ctx))
            continue
        parts = [kind.evaluate(target, ctx.for_period(b)).assign(_bucket=b.label) for b in buckets]
        frames.append(lowest_sub_period(pd.concat(parts, ignore_index=True), target.period))
    scorecard = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=list(SCORECARD_COLUMNS))
    for column in ("value", "numerator", "denominator", "minimum", "maximum", "sub_value", "sub_minimum"):
        scorecard[column] = pd.to_numeric(scorecard[column], errors="coerce").astype(np.float64)
    if provinces is not None:
        scorecard = scorecard.loc[scorecard["province"].astype(str).isin(list(provinces)).to_numpy()]
    return scorecard.reset_index(drop=True)


def combine_scorecards(parts: Sequence[pd.DataFrame], targets: TargetSet, unit_set: UnitSet) -> pd.DataFrame:
    """The scorecards of disjoint sets of provinces as one: rows in target order, then in the
    unit set's order of provinces (a unit's rows, per partner say, keep their order)."""
    scorecard = pd.concat(list(parts), ignore_index=True)
    target_at = {t.id: i for i, t in enumerate(targets)}
    province_at = {code: i for i, code in enumerate(unit_set.codes)}
    order = np.lexsort(
        (
            scorecard["province"].astype(str).map(province_at).fillna(len(province_at)).to_numpy(),
            scorecard["target"].astype(str).map(target_at).to_numpy(),
        )
    )
    return scorecard.iloc[order].reset_index(drop=True)


def finish_evaluation(
    scorecard: pd.DataFrame, targets: TargetSet, *, period: Period, reported: Iterable[str]
) -> TargetEvaluation:
    """The evaluation from a whole scorecard: the units not in ``reported`` marked
    ``not_reported``, the rows folded per unit and the summary."""
    scorecard = _not_reported(scorecard, {str(p) for p in reported}, period)
    results = fold_outcomes(scorecard)
    return TargetEvaluation(scorecard=scorecard, results=results, summary=summarize(results, targets))
