"""How each built-in kind of target is evaluated (the kinds and their registry are in
:mod:`~bhxh_comms.aggregate.kinds`, which names these functions lazily)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from bhxh_comms.aggregate.grouping import group_sum
from bhxh_comms.aggregate.kinds import BUILTIN_TARGET_KINDS, DEFAULT_KINDS, TargetKind, kind_registry
from bhxh_comms.aggregate.target_context import (
    EvaluationContext,
    classify,
    not_evaluable_reason,
    selector_mask,
    weeks_in,
)
from bhxh_comms.aggregate.totals import time_key
from bhxh_comms.models.periods import Period
from bhxh_comms.models.targets import (
    CommuneCoverageTarget,
    CountRangeTarget,
    HeadcountTarget,
    Outcome,
    PerPartnerTarget,
    ReachShareTarget,
    WeeklyFrequencyTarget,
    denominator_label,
)


def _commune_share(
    numerator: np.ndarray, denominator: np.ndarray, ctx: EvaluationContext
) -> tuple[np.ndarray, np.ndarray]:
    """numerator / denominator per province, not evaluable (with the reason) where the
    province's records carry no commune or the commune count is missing."""
    missing = np.isnan(denominator) | (denominator <= 0) | ~ctx.has_commune
    with np.errstate(divide="ignore", invalid="ignore"):
        values = np.where(missing, np.nan, numerator / denominator)
    reason = np.where(~ctx.has_commune, "báo cáo không ghi mã xã, phường", "")
    reason = np.where(np.isnan(denominator), "chưa có số xã, phường", reason)
    return values, reason


def evaluate_count_range(target: CountRangeTarget, ctx: EvaluationContext) -> pd.DataFrame:
    selected = ctx.log.loc[selector_mask(ctx.log, target.select)]
    values = ctx.sum_by_province(selected, "count")
    return ctx.frame(
        target, value=values, numerator=values, denominator=np.nan, outcome=classify(values, target.bounds), reason=""
    )


def evaluate_commune_coverage(target: CommuneCoverageTarget, ctx: EvaluationContext) -> pd.DataFrame:
    mask = selector_mask(ctx.log, target.select) & ctx.log["commune"].notna().to_numpy()
    if ctx.since is not None and not ctx.communes_mapped:  # old and new codes cannot be matched: count the new
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


def evaluate_weekly(target: WeeklyFrequencyTarget, ctx: EvaluationContext) -> pd.DataFrame:
    log = ctx.log
    mask = selector_mask(log, target.select) & log["commune"].notna().to_numpy()
    selected = log.loc[mask]
    sub = selector_mask(selected, target.sub_select) if target.sub_bounds is not None else np.zeros(len(selected), bool)
    weeks = weeks_in(ctx.period)
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
    compliant = ctx.sum_by_province(per_week.assign(ok=ok.astype(np.int64)), "ok")
    communes = ctx.denominator("communes")
    expected = communes * len(weeks)
    if (
        ctx.since is not None
        and not ctx.communes_mapped
        and ctx.earlier_communes is not None
        and "communes" not in ctx.denominators
    ):
        # weeks (by their Thursday) before the reorganisation expected the communes of that time
        earlier_weeks = len(weeks_in(Period.between(ctx.period.start, ctx.since - dt.timedelta(days=1))))
        expected = communes * (len(weeks) - earlier_weeks) + ctx.earlier_communes * earlier_weeks
    values, reason = _commune_share(compliant, expected, ctx)
    return ctx.frame(
        target,
        value=values,
        numerator=compliant,
        denominator=expected,
        outcome=classify(values, target.share_bounds),
        reason=reason,
    )


def evaluate_per_partner(target: PerPartnerTarget, ctx: EvaluationContext) -> pd.DataFrame:
    partners = target.partners or ctx.partners
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


def evaluate_share(target: ReachShareTarget | HeadcountTarget, ctx: EvaluationContext) -> pd.DataFrame:
    selected = ctx.log.loc[selector_mask(ctx.log, target.select)]
    numerator = ctx.sum_by_province(selected, target.measure)
    denominator = ctx.denominator(target.denominator)
    missing = np.isnan(denominator) | (denominator <= 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        values = np.where(missing, np.nan, numerator / denominator)
    outcome = classify(values, target.bounds)
    reason = not_evaluable_reason(missing, f"chưa có {denominator_label(target.denominator)}")
    sub_values = np.full(len(ctx.codes), np.nan)
    sub_minimum = np.nan
    if isinstance(target, ReachShareTarget) and target.sub_select is not None and target.sub_bounds is not None:
        sub_rows = ctx.log.loc[selector_mask(ctx.log, target.sub_select)]
        with np.errstate(divide="ignore", invalid="ignore"):
            sub_values = np.where(missing, np.nan, ctx.sum_by_province(sub_rows, target.measure) / denominator)
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


__all__ = [
    "BUILTIN_TARGET_KINDS",
    "DEFAULT_KINDS",
    "TargetKind",
    "evaluate_commune_coverage",
    "evaluate_count_range",
    "evaluate_per_partner",
    "evaluate_share",
    "evaluate_weekly",
    "kind_registry",
]
