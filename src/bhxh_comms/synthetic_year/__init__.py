"""A synthetic year that reads like a real one: the bundled example's activities.

:func:`bhxh_comms.synthetic.activities` draws rows at random, which is what tests and
benchmarks need; a year drawn that way misses nearly every target (no province holds 10–12
enterprise conferences by chance). :func:`year_activities` works the other way round: for each
target of a plan it decides which provinces meet it, exceed it or fall behind, with a value in
that band, and writes the rows that give that value. A province's results follow a common
effort of its own, so the provinces behind on one target tend to be behind on others, as in a
real year. Everything comes from one seed: the same arguments give the same rows.

The targets are read by kind (``count_range``, ``commune_coverage``, ``weekly_frequency``,
``per_partner``, ``headcount``, ``reach_share``) from their selections and bounds, so a changed
plan still gives a believable year. Rows are generated at the level of the units in force at
the end of the period (provinces and communes) and, for days before those units took effect,
reported under the earlier commune and province they came from, as offices reported them.
Generating needs the commune lists (``bhxh-comms-units-vn``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

import attrs
import numpy as np
import pandas as pd

from bhxh_comms.models.catalog import Catalogs
from bhxh_comms.models.periods import Campaign, Period
from bhxh_comms.models.targets import (
    CommuneCoverageTarget,
    CountRangeTarget,
    HeadcountTarget,
    PerPartnerTarget,
    ReachShareTarget,
    Target,
    TargetSet,
    WeeklyFrequencyTarget,
)
from bhxh_comms.models.units import UnitRegistry
from bhxh_comms.synthetic_year.kinds import broadcasts_rows, partner_rows, share_rows
from bhxh_comms.synthetic_year.places import background, place
from bhxh_comms.synthetic_year.rows import CAMPAIGN_WEIGHT, COLUMNS, Rows, accepted_columns, distinct
from bhxh_comms.synthetic_year.units import earlier_units, year_units


@attrs.frozen(kw_only=True)
class Spread:
    """The share of provinces below a target and above its maximum (where it has one); the
    rest are within it."""

    below: float = attrs.field(default=0.15, validator=[attrs.validators.ge(0.0), attrs.validators.le(1.0)])
    above: float = attrs.field(default=0.15, validator=[attrs.validators.ge(0.0), attrs.validators.le(1.0)])

    def __attrs_post_init__(self) -> None:
        if self.below + self.above > 1.0:
            raise ValueError(f"shares below ({self.below}) and above ({self.above}) add up to more than 1")


DEFAULT_SPREAD = Spread()


def _bands(
    targets: Sequence[Target], provinces: Sequence[str], spreads: Mapping[str, Spread], rng: np.random.Generator
) -> dict[str, np.ndarray]:
    """Per target, each province's band: "below", "within" or "above". A province's common
    effort plus a target's own chance ranks the provinces; the lowest are below, the highest
    above (where the target has a maximum)."""
    effort = rng.normal(0.0, 1.0, len(provinces))
    bands: dict[str, np.ndarray] = {}
    for target in targets:
        spread = spreads.get(target.id, DEFAULT_SPREAD)
        score = effort + rng.normal(0.0, 0.8, len(provinces))
        order = np.argsort(score, kind="stable")
        band = np.full(len(provinces), "within", dtype=object)
        below = round(spread.below * len(provinces))
        band[order[:below]] = "below"
        if target.judged_bounds.maximum is not None:
            above = round(spread.above * len(provinces))
            if above:
                band[order[len(provinces) - above :]] = "above"
        bands[target.id] = band
    return bands


def _integer_in(rng: np.random.Generator, band: str, low: float, high: float | None, scale: float) -> int:
    """A whole number of units whose share of ``scale`` falls in the band of [low, high]."""
    lowest = int(np.ceil(low * scale - 1e-9))
    highest = int(np.floor(high * scale + 1e-9)) if high is not None else int(np.ceil(lowest * 1.25))
    if band == "below":
        return int(rng.integers(max(0, int(lowest * 0.55)), max(1, lowest)))
    if band == "above":
        return int(rng.integers(highest + 1, int(highest * 1.5) + 3))
    return int(rng.integers(lowest, max(lowest, highest) + 1))


def _selectors(target: Target) -> list:  # type: ignore[type-arg]
    selectors = [target.select]
    sub = getattr(target, "sub_select", None)
    return [*selectors, sub] if sub is not None else selectors


def year_activities(
    *,
    units: UnitRegistry,
    catalogs: Catalogs,
    targets: TargetSet,
    denominators: pd.DataFrame,
    period: Period,
    seed: int,
    spreads: Mapping[str, Spread] | None = None,
    missing: Sequence[str] = (),
    broadcasts: str = "week",
    units_on: dt.date | None = None,
    campaigns: Sequence[Campaign] = (),
) -> pd.DataFrame:
    """The activities of ``period`` (a year), shaped by ``targets``.

    ``denominators`` has a row per province of the units in force at the period's end
    (``labor_force``, ``collaborators``, ``cadres`` … as the targets need). ``spreads`` gives,
    per target id, the share of provinces below and above it (default :data:`DEFAULT_SPREAD`).
    Provinces in ``missing`` have no row (they did not report). ``broadcasts="month"`` writes
    one broadcast row per commune and month instead of one per week (a year whose weekly
    rule is not evaluated, in far fewer rows). ``units_on`` (default: the period's end) picks
    the units the year is shaped on: a year before a reorganisation shaped on the units after it
    reads, once mapped, like the year that follows (the same communes, the same
    denominators), and is written under the units of its own days. Columns are those of an
    accepted activity log. Days inside ``campaigns`` have :data:`CAMPAIGN_WEIGHT` times the
    activities of other days (weekly broadcasts excepted: they are weekly).
    """
    rng = np.random.default_rng(seed)
    spreads = spreads or {}
    frame, province_set = year_units(units, period, units_on or period.end, missing)
    provinces = frame.provinces
    rows = Rows(rng, period, campaigns)
    denominator = denominators.set_index("province") if "province" in denominators else denominators
    counted = [t for t in targets.targets if isinstance(t, CountRangeTarget)]
    bands = _bands(targets.targets, provinces, spreads, rng)
    used_groups = {g for t in targets.targets for s in _selectors(t) for g in s.subject_groups}
    free_groups: list[str | None] = [g for g in catalogs.subject_groups.codes if g not in used_groups] + [None]
    themes: list[str | None] = list(catalogs.themes.codes)
    coverage: dict[str, int] = {}
    coverage_target: CommuneCoverageTarget | None = None
    bases = {
        t.id: pd.to_numeric(denominator[t.denominator]).astype(float)
        for t in targets.targets
        if isinstance(t, (HeadcountTarget, ReachShareTarget))
    }

    for target in targets.targets:
        band = bands[target.id]
        select = target.select
        groups: list[str | None] = list(select.subject_groups) or free_groups
        target_themes: list[str | None] = list(select.themes) or themes
        for i, province in enumerate(provinces):
            communes = frame.communes.get(province, np.array([], dtype=object))
            if isinstance(target, CountRangeTarget):
                n = _integer_in(rng, band[i], target.bounds.minimum or 0, target.bounds.maximum, 1.0)
                (activity_type,) = select.activity_types[:1] or ("conference",)
                rows.add(
                    province,
                    activity_type,
                    n,
                    subject_groups=groups,
                    themes=target_themes,
                    count=np.ones(n),
                )
            elif isinstance(target, CommuneCoverageTarget):
                coverage_target = target
                bounds = target.bounds
                k = _integer_in(rng, band[i], bounds.minimum or 0, bounds.maximum, len(communes))
                coverage[province] = min(k, len(communes))
            elif isinstance(target, PerPartnerTarget):
                partners = target.partners or catalogs.partners.codes
                partner_rows(rows, target, province, band[i], partners, groups, target_themes)
            elif isinstance(target, (HeadcountTarget, ReachShareTarget)):
                base = float(bases[target.id][province])
                piece = share_rows(rows, target, province, band[i], base, groups, target_themes, themes, counted)
                rows.pieces.append(piece)
            elif isinstance(target, WeeklyFrequencyTarget):
                broadcasts_rows(rows, frame, target, province, communes, band[i], themes, broadcasts)

    background(rows, frame, provinces, free_groups, themes)
    log = rows.frame()
    log = place(log, frame, coverage, coverage_target, rng)
    log = earlier_units(log, frame, rng)
    log = distinct(log, [period.start, *([frame.switch.date()] if frame.switch is not None else [])])
    return accepted_columns(log, units, catalogs, province_set)


__all__ = ["CAMPAIGN_WEIGHT", "COLUMNS", "DEFAULT_SPREAD", "Spread", "year_activities"]
