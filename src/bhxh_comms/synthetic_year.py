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

from bhxh_comms.aggregate.target_context import selector_mask, weeks_in
from bhxh_comms.errors import UsageError
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
from bhxh_comms.models.units import UnitRegistry, UnitSet

COLUMNS = ("province", "commune", "date", "activity_type", "subject_group", "theme", "partner", "count", "participants")


@attrs.frozen(kw_only=True)
class Spread:
    """The share of provinces below a target and above its maximum (where it has one); the
    rest are within it."""

    below: float = attrs.field(default=0.15, validator=[attrs.validators.ge(0.0), attrs.validators.le(1.0)])
    above: float = attrs.field(default=0.15, validator=[attrs.validators.ge(0.0), attrs.validators.le(1.0)])


DEFAULT_SPREAD = Spread()
CAMPAIGN_WEIGHT = 2.0
"""How many more activities a day inside a campaign has than a day outside."""

# Per activity type: (count low, high) per row and attendances (low, high) per unit of count;
# (0, 0) where the type has none. Online conferences and launch events reach thousands.
_SIZE = {
    "conference": ((1, 2), (40, 150)),
    "small_group": ((2, 6), (12, 30)),
    "online_conference": ((1, 1), (1_500, 12_000)),
    "launch_event": ((1, 1), (300, 3_000)),
    "training": ((1, 2), (20, 45)),
    "broadcast": ((1, 3), (0, 0)),
    "press": ((1, 4), (0, 0)),
    "portal_post": ((1, 5), (0, 0)),
    "social_post": ((1, 12), (0, 0)),
    "publication": ((50, 600), (0, 0)),
}
# How attendances towards a reach or headcount target are gathered, where the target names no type.
_REACH_MIX = {"online_conference": 0.55, "launch_event": 0.2, "small_group": 0.15, "conference": 0.1}
# Activities no target selects: rows per commune over a year, by type.
_BACKGROUND = {
    "conference": 0.5,
    "small_group": 1.2,
    "launch_event": 0.05,
    "online_conference": 0.03,
    "press": 0.6,
    "portal_post": 0.8,
    "social_post": 1.2,
    "publication": 0.4,
    "training": 0.02,
}
_PROVINCE_LEVEL = {"press", "portal_post", "social_post", "publication"}  # rows without a commune


@attrs.frozen(kw_only=True)
class _Frame:
    """The new units of the period: provinces, their communes, and where earlier rows came from."""

    provinces: tuple[str, ...]
    communes: Mapping[str, np.ndarray]
    earlier_new: pd.Index
    """New communes something earlier went into; for each, its earlier communes are
    ``earlier_flat[earlier_start[i] : earlier_start[i] + earlier_count[i]]``."""
    earlier_flat: np.ndarray
    earlier_start: np.ndarray
    earlier_count: np.ndarray
    earlier_province: Mapping[str, str]
    """Earlier commune → its province."""
    earlier_provinces: Mapping[str, tuple[np.ndarray, np.ndarray]]
    """New province → its earlier provinces and their weights (communes)."""
    switch: pd.Timestamp | None
    """The first day of the new units inside the period (None: the same units all year)."""


def _frame(units: UnitRegistry, period: Period, on: dt.date, missing: Sequence[str]) -> tuple[_Frame, UnitSet]:
    province_set = units.unit_set_on(on)
    commune_set = units.commune_set_for(province_set)
    if commune_set is None:
        raise UsageError(
            "cần danh mục xã, phường (gói bhxh-comms-units-vn) để tạo dữ liệu mẫu",
            "generating the example's data needs the commune lists (package bhxh-comms-units-vn)",
        )
    provinces = tuple(c for c in province_set.codes if c not in set(missing))
    children = pd.DataFrame({"province": [u.parent for u in commune_set.units], "commune": list(commune_set.codes)})
    communes = {str(p): g["commune"].to_numpy() for p, g in children.groupby("province", sort=False)}
    earlier_new, earlier_flat = pd.Index([], dtype=object), np.array([], dtype=object)
    earlier_start: np.ndarray = np.array([], dtype=np.int64)
    earlier_count: np.ndarray = np.array([], dtype=np.int64)
    earlier_province: dict[str, str] = {}
    earlier_provinces: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    switch = None
    old_communes = units.predecessor(commune_set)
    old_provinces = units.predecessor(province_set)
    if old_communes is not None and old_provinces is not None and period.start < province_set.valid_from:
        switch = pd.Timestamp(province_set.valid_from)
        into = units.crosswalk(old_communes.id, commune_set.id)
        pairs = pd.DataFrame({"old": list(into), "new": list(into.values())}).sort_values("new", kind="stable")
        counts = pairs.groupby("new", sort=True).size()
        earlier_new, earlier_flat = pd.Index(counts.index), pairs["old"].to_numpy(dtype=object)
        earlier_count = counts.to_numpy(dtype=np.int64)
        earlier_start = np.cumsum(earlier_count) - earlier_count
        earlier_province = {u.code: str(u.parent) for u in old_communes.units}
        to_new = units.crosswalk(old_provinces.id, province_set.id)
        for new in provinces:
            olds = [u for u in old_provinces.units if to_new[u.code] == new]
            weights = np.array([u.communes or 1 for u in olds], dtype=float)
            earlier_provinces[new] = (np.array([u.code for u in olds]), weights / weights.sum())
    frame = _Frame(
        provinces=provinces,
        communes=communes,
        earlier_new=earlier_new,
        earlier_flat=earlier_flat,
        earlier_start=earlier_start,
        earlier_count=earlier_count,
        earlier_province=earlier_province,
        earlier_provinces=earlier_provinces,
        switch=switch,
    )
    return frame, province_set


class _Rows:
    """Pieces of rows (column arrays), joined once at the end."""

    def __init__(self, rng: np.random.Generator, period: Period, campaigns: Sequence[Campaign]) -> None:
        self.rng = rng
        self.period = period
        self.pieces: list[pd.DataFrame] = []
        days = pd.date_range(period.start, period.end, freq="D")
        weight = np.ones(len(days))
        for campaign in campaigns:
            weight[(days >= pd.Timestamp(campaign.start)) & (days <= pd.Timestamp(campaign.end))] = CAMPAIGN_WEIGHT
        self.days, self.day_weights = days.to_numpy(), weight / weight.sum()

    def dates(self, n: int) -> np.ndarray:
        """``n`` days of the period, more of them in campaigns."""
        return self.days[self.rng.choice(len(self.days), size=n, p=self.day_weights)]

    def add(
        self,
        province: str,
        activity_type: str,
        n: int,
        *,
        subject_groups: Sequence[str | None] = (None,),
        themes: Sequence[str | None] = (None,),
        partner: str | None = None,
        count: np.ndarray | None = None,
        participants: np.ndarray | None = None,
        commune: np.ndarray | None = None,
        dates: np.ndarray | None = None,
        store: bool = True,
    ) -> pd.DataFrame:
        """``n`` rows of one province and type; counts and attendances drawn from the type's
        sizes unless given; the commune left to :func:`_place` unless given."""
        if n <= 0:
            return pd.DataFrame()
        rng = self.rng
        (c_low, c_high), (p_low, p_high) = _SIZE.get(activity_type, ((1, 3), (0, 0)))
        if count is None:
            count = rng.integers(c_low, c_high + 1, n)
        if participants is None and p_high:
            participants = count * rng.integers(p_low, p_high + 1, n)
        piece = pd.DataFrame(
            {
                "province": np.full(n, province, dtype=object),
                "commune": commune if commune is not None else np.full(n, None, dtype=object),
                "date": dates if dates is not None else self.dates(n),
                "activity_type": np.full(n, activity_type, dtype=object),
                "subject_group": np.array(subject_groups, dtype=object)[rng.integers(0, len(subject_groups), n)],
                "theme": np.array(themes, dtype=object)[rng.integers(0, len(themes), n)],
                "partner": np.full(n, partner, dtype=object),
                "count": np.asarray(count, dtype=np.int64),
                "participants": participants if participants is not None else np.full(n, np.nan),
            }
        )
        if store:
            self.pieces.append(piece)
        return piece

    def attendances(
        self,
        province: str,
        total: int,
        mix: Mapping[str, float],
        *,
        subject_groups: Sequence[str | None],
        themes: Sequence[str | None],
        counted: Sequence[Target],
    ) -> pd.DataFrame:
        """Rows whose attendances add up to exactly ``total``, shared among types by ``mix``
        (not stored: the caller may change them first). No row has a type and subject group
        that a target in ``counted`` counts (a conference for enterprises reaching the labour
        force is not one of the 10–12 enterprise conferences)."""
        pieces = []
        left = total
        allowed = {t: _not_counted(t, subject_groups, counted) for t in mix}
        types = [t for t in mix if allowed[t]]
        weight = sum(mix[t] for t in types)
        for index, activity_type in enumerate(types):
            budget = left if index == len(types) - 1 else round(total * mix[activity_type] / weight)
            left -= budget
            if budget <= 0:
                continue
            (c_low, c_high), (p_low, p_high) = _SIZE[activity_type]
            n = int(np.ceil(budget / (c_low * p_low))) + 1  # enough rows even if each is the smallest
            count = self.rng.integers(c_low, c_high + 1, n)
            people = count * self.rng.integers(p_low, p_high + 1, n)
            cumulative = np.cumsum(people)
            keep = int(np.searchsorted(cumulative, budget)) + 1
            count, people = count[:keep], people[:keep].copy()
            people[-1] -= int(people.sum()) - budget  # the last row takes what is left
            if people[-1] < count[-1]:  # too few people left for its sessions: one session
                count[-1] = 1
            piece = self.add(
                province,
                activity_type,
                keep,
                subject_groups=allowed[activity_type],
                themes=themes,
                count=count,
                participants=people,
                store=False,
            )
            pieces.append(piece)
        return pd.concat(pieces, ignore_index=True) if pieces else pd.DataFrame()

    def frame(self) -> pd.DataFrame:
        frames = [p for p in self.pieces if len(p)]
        return pd.concat(frames, ignore_index=True)


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
    frame, province_set = _frame(units, period, units_on or period.end, missing)
    provinces = frame.provinces
    rows = _Rows(rng, period, campaigns)
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
                _partner_rows(rows, target, province, band[i], partners, groups, target_themes)
            elif isinstance(target, (HeadcountTarget, ReachShareTarget)):
                base = float(bases[target.id][province])
                piece = _share_rows(rows, target, province, band[i], base, groups, target_themes, themes, counted)
                rows.pieces.append(piece)
            elif isinstance(target, WeeklyFrequencyTarget):
                _broadcasts(rows, frame, target, province, communes, band[i], themes, broadcasts)

    _background(rows, frame, provinces, free_groups, themes)
    log = rows.frame()
    log = _place(log, frame, coverage, coverage_target, rng)
    log = _earlier_units(log, frame, rng)
    log = _distinct(log, [period.start, *([frame.switch.date()] if frame.switch is not None else [])])
    return _accepted_columns(log, units, catalogs, province_set)


def _partner_rows(
    rows: _Rows,
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


def _share_rows(
    rows: _Rows,
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
    mix = {select.activity_types[0]: 1.0} if select.activity_types else _REACH_MIX
    total = int(np.ceil(ratio * base))
    piece = rows.attendances(province, total, mix, subject_groups=groups, themes=target_themes, counted=counted)
    if sub is not None and isinstance(target, ReachShareTarget):
        _mark_sub(piece, target, int(np.ceil(min(sub, ratio) * base)), themes, rng)
    return piece


def _not_counted(activity_type: str, groups: Sequence[str | None], counted: Sequence[Target]) -> list[str | None]:
    """``groups`` less those that would make a row of ``activity_type`` count for one of
    ``counted`` (a per-partner target counts only rows naming a partner: never these)."""
    kept = list(groups)
    for target in counted:
        if not target.select.activity_types or activity_type in target.select.activity_types:
            kept = [g for g in kept if g not in target.select.subject_groups] if target.select.subject_groups else []
    return kept


def _selectors(target: Target) -> list:  # type: ignore[type-arg]
    selectors = [target.select]
    sub = getattr(target, "sub_select", None)
    return [*selectors, sub] if sub is not None else selectors


def _mark_sub(
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


def _broadcasts(
    rows: _Rows,
    frame: _Frame,
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


def _background(
    rows: _Rows, frame: _Frame, provinces: Sequence[str], groups: Sequence[str | None], themes: Sequence[str | None]
) -> None:
    """Activities no target selects, in proportion to each province's communes."""
    for province in provinces:
        n_communes = len(frame.communes.get(province, ()))
        for activity_type, per_commune in _BACKGROUND.items():
            n = int(rows.rng.poisson(per_commune * n_communes))
            rows.add(province, activity_type, n, subject_groups=groups, themes=themes)


def _place(
    log: pd.DataFrame,
    frame: _Frame,
    coverage: Mapping[str, int],
    target: CommuneCoverageTarget | None,
    rng: np.random.Generator,
) -> pd.DataFrame:
    """Communes for the rows without one: rows a coverage target selects go to the province's
    chosen communes (each of them at least once, a tenth of them held at province level);
    province-level types get none; the others any commune of the province."""
    pieces = [log]
    selected = selector_mask(log, target.select) if target is not None else np.zeros(len(log), dtype=bool)
    unplaced = log["commune"].isna().to_numpy()
    province_level = log["activity_type"].isin(list(_PROVINCE_LEVEL)).to_numpy()
    for key, group in log.groupby("province", sort=False).indices.items():
        province = str(key)
        communes = frame.communes.get(province, np.array([], dtype=object))
        if not len(communes):
            continue
        free = group[unplaced[group] & ~province_level[group] & ~selected[group]]
        log.loc[log.index[free], "commune"] = communes[rng.integers(0, len(communes), len(free))]
        if target is None or province not in coverage:
            continue
        chosen = rng.permutation(communes)[: coverage[province]]
        covered = group[unplaced[group] & selected[group]]
        covered = covered[rng.random(len(covered)) >= 0.1]  # a tenth at province level
        if len(covered) < len(chosen):  # more communes to cover than conferences: hold more
            extra = pd.DataFrame(
                {
                    "province": province,
                    "commune": chosen[len(covered) :],
                    "date": rng.permutation(log["date"].to_numpy())[: len(chosen) - len(covered)],
                    "activity_type": target.select.activity_types[0] if target.select.activity_types else "conference",
                    "subject_group": None,
                    "theme": None,
                    "partner": None,
                    "count": 1,
                    "participants": rng.integers(40, 150, len(chosen) - len(covered)).astype(float),
                }
            )
            pieces.append(extra)
            chosen = chosen[: len(covered)]
        if len(chosen):  # every chosen commune once, the other conferences among them
            assignment = chosen[rng.integers(0, len(chosen), len(covered))]
            assignment[rng.permutation(len(covered))[: len(chosen)]] = chosen
            log.loc[log.index[covered], "commune"] = assignment
    return pd.concat(pieces, ignore_index=True)


def _earlier_units(log: pd.DataFrame, frame: _Frame, rng: np.random.Generator) -> pd.DataFrame:
    """Rows dated before the new units took effect, under the earlier commune and province
    they came from (a random one where several went into the new). Rows of a commune nothing
    earlier went into move after the switch, or, in a period wholly before it, are held at
    province level."""
    if frame.switch is None:
        return log
    before = (log["date"] < frame.switch).to_numpy().copy()
    commune = log["commune"].to_numpy(dtype=object).copy()
    has = pd.notna(commune)
    orphan = before & has & ~pd.Series(commune).isin(frame.earlier_new).to_numpy()
    if orphan.any() and log["date"].max() >= frame.switch:
        days = (log["date"].max() - frame.switch).days + 1
        log.loc[orphan, "date"] = frame.switch + pd.to_timedelta(rng.integers(0, days, int(orphan.sum())), unit="D")
        before &= ~orphan
    elif orphan.any():
        commune[orphan] = None
        has &= ~orphan
    province = log["province"].to_numpy(dtype=object).copy()
    new_commune = commune.copy()
    rows = np.flatnonzero(before & has)
    which = frame.earlier_new.get_indexer(pd.Index(commune[rows]))
    pick = frame.earlier_start[which] + np.floor(rng.random(len(rows)) * frame.earlier_count[which]).astype(np.int64)
    new_commune[rows] = frame.earlier_flat[pick]
    province[rows] = pd.Series(new_commune[rows]).map(frame.earlier_province).to_numpy(dtype=object)
    without = np.flatnonzero(before & ~has)
    by_province = pd.Series(without).groupby(province[without]).indices
    for code, positions in by_province.items():  # one draw per new province
        olds, weights = frame.earlier_provinces[str(code)]
        province[without[positions]] = olds[rng.choice(len(olds), size=len(positions), p=weights)]
    return log.assign(province=province, commune=new_commune)


def _distinct(log: pd.DataFrame, starts: Sequence[dt.date]) -> pd.DataFrame:
    """No two rows alike (validation rejects an exact duplicate as a row sent twice): a row
    like an earlier one moves a day earlier, or later on the first day of its units."""
    log = log.assign(date=pd.to_datetime(log["date"]))
    first_days = pd.to_datetime(pd.Series(starts))
    while True:
        again = log.duplicated(subset=list(COLUMNS)).to_numpy()
        if not again.any():
            return log
        dates = log.loc[again, "date"]
        step = np.where(dates.isin(first_days), 1, -1)
        log.loc[again, "date"] = dates + pd.to_timedelta(step, unit="D")


def _accepted_columns(
    log: pd.DataFrame, units: UnitRegistry, catalogs: Catalogs, province_set: UnitSet
) -> pd.DataFrame:
    """The columns and types of an accepted activity log, sorted by date and province."""
    dates = pd.to_datetime(log["date"]).dt.normalize()
    earlier = units.predecessor(province_set)
    unit_set = np.full(len(log), province_set.id, dtype=object)
    if earlier is not None:
        unit_set[(dates < pd.Timestamp(province_set.valid_from)).to_numpy()] = earlier.id
    has_people = (
        log["activity_type"]
        .map({a.code: "participants" in a.measures for a in catalogs.activity_types})
        .to_numpy(dtype=bool)
    )
    participants = pd.array(np.where(has_people, log["participants"].fillna(0), 0).astype(np.int64), dtype="Int64")
    participants[~has_people] = pd.NA
    categories = sorted({c for s in units.sets if s.level == "province" for c in s.codes})
    out = pd.DataFrame(
        {
            "province": pd.Categorical(log["province"].astype(str), categories=categories),
            "commune": pd.array(log["commune"].to_numpy(dtype=object), dtype="string"),
            "date": dates,
            "activity_type": pd.Categorical(log["activity_type"], categories=list(catalogs.activity_types.codes)),
            "subject_group": pd.Categorical(log["subject_group"], categories=list(catalogs.subject_groups.codes)),
            "theme": pd.Categorical(log["theme"], categories=list(catalogs.themes.codes)),
            "partner": pd.Categorical(log["partner"], categories=list(catalogs.partners.codes)),
            "count": log["count"].to_numpy(dtype=np.int64),
            "participants": participants,
            "note": pd.array([None] * len(log), dtype="string"),
            "unit_set": pd.Categorical(unit_set),
            "source": pd.Categorical(["synthetic"] * len(log)),
            "sheet": pd.Categorical([None] * len(log)),
            "row": np.arange(1, len(log) + 1, dtype=np.int64),
        }
    )
    return out.sort_values(["date", "province"], kind="stable").reset_index(drop=True)
