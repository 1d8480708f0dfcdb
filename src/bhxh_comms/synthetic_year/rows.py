"""The rows of a synthetic year: their columns, sizes and days, built in pieces and joined once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from bhxh_comms.models.catalog import Catalogs
from bhxh_comms.models.periods import Campaign, Period
from bhxh_comms.models.targets import Target
from bhxh_comms.models.units import UnitRegistry, UnitSet

COLUMNS = ("province", "commune", "date", "activity_type", "subject_group", "theme", "partner", "count", "participants")

CAMPAIGN_WEIGHT = 2.0
"""How many more activities a day inside a campaign has than a day outside."""

# Per activity type: (count low, high) per row and attendances (low, high) per unit of count;
# (0, 0) where the type has none. Online conferences and launch events reach thousands.
SIZE = {
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


class Rows:
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
        sizes unless given; the commune left to :func:`place` unless given."""
        if n <= 0:
            return pd.DataFrame()
        rng = self.rng
        (c_low, c_high), (p_low, p_high) = SIZE.get(activity_type, ((1, 3), (0, 0)))
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
        allowed = {t: not_counted(t, subject_groups, counted) for t in mix}
        types = [t for t in mix if allowed[t]]
        weight = sum(mix[t] for t in types)
        for index, activity_type in enumerate(types):
            budget = left if index == len(types) - 1 else round(total * mix[activity_type] / weight)
            left -= budget
            if budget <= 0:
                continue
            (c_low, c_high), (p_low, p_high) = SIZE[activity_type]
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


def not_counted(activity_type: str, groups: Sequence[str | None], counted: Sequence[Target]) -> list[str | None]:
    """``groups`` less those that would make a row of ``activity_type`` count for one of
    ``counted`` (a per-partner target counts only rows naming a partner: never these)."""
    kept = list(groups)
    for target in counted:
        if not target.select.activity_types or activity_type in target.select.activity_types:
            kept = [g for g in kept if g not in target.select.subject_groups] if target.select.subject_groups else []
    return kept


def distinct(log: pd.DataFrame, starts: Sequence[dt.date]) -> pd.DataFrame:
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


def accepted_columns(log: pd.DataFrame, units: UnitRegistry, catalogs: Catalogs, province_set: UnitSet) -> pd.DataFrame:
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
