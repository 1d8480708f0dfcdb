"""The units a synthetic year is shaped on, and where its earlier rows came from."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

import attrs
import numpy as np
import pandas as pd

from bhxh_comms.errors import UsageError
from bhxh_comms.models.periods import Period
from bhxh_comms.models.units import UnitRegistry, UnitSet


@attrs.frozen(kw_only=True)
class YearUnits:
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


def year_units(units: UnitRegistry, period: Period, on: dt.date, missing: Sequence[str]) -> tuple[YearUnits, UnitSet]:
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
    frame = YearUnits(
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


def earlier_units(log: pd.DataFrame, frame: YearUnits, rng: np.random.Generator) -> pd.DataFrame:
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
