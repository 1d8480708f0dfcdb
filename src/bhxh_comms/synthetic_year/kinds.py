"""Rows for each kind of target: a province's value in its band, as rows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np
import pandas as pd

from bhxh_comms.aggregate.target_context import weeks_in
from bhxh_comms.models.targets import HeadcountTarget, PerPartnerTarget, ReachShareTarget, Target, WeeklyFrequencyTarget
from bhxh_comms.synthetic_year.rows import Rows
from bhxh_comms.synthetic_year.units import YearUnits

# How attendances towards a reach or headcount target are gathered, where the target names no type.
REACH_MIX = {"online_conference": 0.55, "launch_event": 0.2, "small_group": 0.15, "conference": 0.1}


def partner_rows(
    rows: Rows,
    target: PerPartnerTarget,
    province: str,
    band: str,
    partners: Sequence[str],
    groups: Sequence[str | None],
    themes: Sequence[str | None],
) -> None:
    """Activities with each partner: within the range for each (a province within), above it
    for each (above), none with one or two partners (below)."""
    rng = rows.rng
    (activity_type,) = target.select.activity_types[:1] or ("conference",)
    low, high = int(target.bounds.minimum or 1), int(target.bounds.maximum or 3)
    per = rng.integers(low, high + 1, len(partners))
    if band == "above":
        per = rng.integers(high + 1, high + 3, len(partners))
    elif band == "below":
        per[rng.choice(len(partners), size=int(rng.integers(1, 3)), replace=False)] = 0
    for partner, n in zip(partners, per, strict=True):
        rows.add(
            province,
            activity_type,
            int(n),
            subject_groups=groups,
            themes=themes,
            partner=partner,
            count=np.ones(int(n)),
        )


def share_rows(
    rows: Rows,
    target: HeadcountTarget | ReachShareTarget,
    province: str,
    band: str,
    base: float,
    groups: Sequence[str | None],
    target_themes: Sequence[str | None],
    themes: Sequence[str | None],
    counted: Sequence[Target],
) -> pd.DataFrame:
    """Attendances making the province's share of ``base`` fall in its band. With a
    sub-condition (25% on voluntary insurance), a province below misses either the share or
    the sub-condition."""
    rng = rows.rng
    minimum = target.bounds.minimum or 0.0
    sub_bounds = target.sub_bounds if isinstance(target, ReachShareTarget) else None
    sub_minimum = sub_bounds.minimum if sub_bounds is not None else None
    sub: float | None = None
    if band != "below":
        ratio = minimum * rng.uniform(1.01, 1.35)
        if sub_minimum is not None:
            sub = sub_minimum * rng.uniform(1.04, 1.5)
    elif sub_minimum is None or rng.random() < 0.5:
        ratio = minimum * rng.uniform(0.65, 0.96)
        if sub_minimum is not None:
            sub = sub_minimum * rng.uniform(0.7, 1.2)
    else:  # the share met, the sub-condition not
        ratio = minimum * rng.uniform(1.02, 1.3)
        sub = sub_minimum * rng.uniform(0.6, 0.95)
    select = target.select
    mix = {select.activity_types[0]: 1.0} if select.activity_types else REACH_MIX
    total = int(np.ceil(ratio * base))
    piece = rows.attendances(province, total, mix, subject_groups=groups, themes=target_themes, counted=counted)
    if sub is not None and isinstance(target, ReachShareTarget):
        mark_sub(piece, target, int(np.ceil(min(sub, ratio) * base)), themes, rng)
    return piece


def mark_sub(
    piece: pd.DataFrame, target: ReachShareTarget, wanted: int, themes: Sequence[str | None], rng: np.random.Generator
) -> None:
    """Give rows of ``piece`` the sub-selection's theme until their attendances reach ``wanted``."""
    assert target.sub_select is not None
    sub_themes = list(target.sub_select.themes)
    if not sub_themes or not len(piece):
        return
    other = [t for t in themes if t not in sub_themes]
    order = rng.permutation(len(piece))
    people = piece["participants"].to_numpy(dtype=float)[order]
    taken = np.searchsorted(np.cumsum(people), wanted) + 1
    theme = np.array(other, dtype=object)[rng.integers(0, len(other), len(piece))]
    theme[order[:taken]] = sub_themes[0]
    piece["theme"] = theme


def broadcasts_rows(
    rows: Rows,
    frame: YearUnits,
    target: WeeklyFrequencyTarget,
    province: str,
    communes: np.ndarray,
    band: str,
    themes: Sequence[str | None],
    grain: str,
) -> None:
    """Broadcasts in every commune: in a compliant week at least the minimum, of which the
    sub-minimum on the sub-topic; in other weeks fewer (or none)."""
    rng = rows.rng
    (activity_type,) = target.select.activity_types[:1] or ("broadcast",)
    sub_theme = (target.sub_select.themes or (None,))[0]
    minimum = int(target.bounds.minimum or 1)
    sub_minimum = int(target.sub_bounds.minimum or 0) if target.sub_bounds is not None else 0
    labels = weeks_in(rows.period)
    thursdays = np.array(
        [np.datetime64(dt.date.fromisocalendar(int(w[:4]), int(w[6:]), 4)) for w in labels], dtype="datetime64[D]"
    )
    n_communes, n_weeks = len(communes), len(thursdays)
    commune = np.repeat(communes, n_weeks)
    thursday = np.tile(thursdays, n_communes)
    if band == "within":
        ok = np.ones(len(commune), dtype=bool)
    else:
        share = rng.uniform(0.45, 0.95)
        ok = rng.random(len(commune)) < share
    if frame.switch is not None:  # a commune nothing earlier went into had no broadcasts to report before
        orphan = ~pd.Series(commune).isin(frame.earlier_new).to_numpy()
        ok &= ~(orphan & (thursday < np.datetime64(frame.switch.date())))
    partial = ~ok & (rng.random(len(commune)) < 0.4)
    other = [t for t in themes if t != sub_theme]
    if grain == "month":
        month = thursday.astype("datetime64[M]")
        weekly = np.where(ok, rng.integers(minimum, minimum + 3, len(commune)), np.where(partial, 2, 0))
        sums = (
            pd.DataFrame({"commune": commune, "month": month, "count": weekly})
            .groupby(["commune", "month"], sort=False)["count"]
            .sum()
        )
        sums = sums[sums > 0]
        months = sums.index.get_level_values("month").to_numpy().astype("datetime64[D]")
        rows.add(
            province,
            activity_type,
            len(sums),
            themes=[sub_theme, *other[:3]],
            count=sums.to_numpy(),
            commune=sums.index.get_level_values("commune").to_numpy(dtype=object),
            dates=(months + rng.integers(0, 27, len(sums))).astype("datetime64[ns]"),
        )
        return
    day = (thursday + rng.integers(-1, 2, len(commune))).astype("datetime64[ns]")
    # a compliant week: one row on the sub-topic with at least the minimum, or two rows (the
    # sub-topic's share and the rest)
    n = len(commune)
    single = ok & (rng.random(n) < 0.8)
    double = ok & ~single
    first = rng.integers(max(sub_minimum, 1), max(sub_minimum, 1) + 2, n)
    kinds = (  # which rows, their themes, their counts
        (single, [sub_theme], rng.integers(minimum, minimum + 3, n)),
        (double, [sub_theme], first),
        (double, other, np.maximum(minimum - first, 1) + rng.integers(0, 2, n)),
        (partial, themes, rng.integers(1, minimum, n)),
    )
    for mask, kind_themes, counts in kinds:
        rows.add(
            province,
            activity_type,
            int(mask.sum()),
            themes=kind_themes,
            count=counts[mask],
            commune=commune[mask],
            dates=day[mask],
        )
