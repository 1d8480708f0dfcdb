"""Reproducible synthetic activity data, for the bundled example, tests and benchmarks.

The figures are made up but shaped like the Communication Centre's 2022 results report: many broadcasts and
small-group sessions, fewer conferences, attendances only for activities that have them.
Rows are generated with NumPy in one go, never row by row.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from bhxh_comms.datafiles import default_catalogs, default_units
from bhxh_comms.models.catalog import Catalogs
from bhxh_comms.models.units import UnitRegistry, UnitSet

# Share of rows and (low, high) of count per row, per default activity type.
_PROFILE = {
    "conference": (0.10, 1, 4, 25, 80),
    "small_group": (0.18, 1, 8, 8, 20),
    "online_conference": (0.01, 1, 2, 30, 200),
    "launch_event": (0.01, 1, 2, 50, 300),
    "broadcast": (0.40, 1, 7, 0, 0),
    "press": (0.06, 1, 6, 0, 0),
    "portal_post": (0.08, 1, 6, 0, 0),
    "social_post": (0.10, 1, 30, 0, 0),
    "publication": (0.05, 50, 800, 0, 0),
    "training": (0.01, 1, 2, 20, 60),
}


def commune_codes(unit_set: UnitSet, communes: UnitSet | None = None) -> pd.DataFrame:
    """Commune codes, as many as each province has: the real ones of ``communes`` (a commune
    list of the same period, from the ``bhxh-comms-units-vn`` plugin) in their order, else
    synthetic ones (province code + 3 digits)."""
    provinces = [u for u in unit_set.units if u.communes]
    if communes is not None:
        real = pd.DataFrame({"province": [u.parent for u in communes.units], "commune": list(communes.codes)})
        order = {u.code: i for i, u in enumerate(provinces)}
        real = real[real["province"].isin(order)]
        return real.iloc[np.argsort(real["province"].map(order).to_numpy(), kind="stable")].reset_index(drop=True)
    counts = np.array([u.communes for u in provinces], dtype=np.int64)
    province = np.repeat([u.code for u in provinces], counts)
    index = np.concatenate([np.arange(1, n + 1) for n in counts])
    return pd.DataFrame(
        {"province": province, "commune": np.char.add(province.astype(str), np.char.zfill(index.astype(str), 3))}
    )


def activities(
    *,
    units: UnitRegistry,
    catalogs: Catalogs,
    start: dt.date,
    end: dt.date,
    rows: int,
    seed: int = 0,
    scale: float = 1.0,
) -> pd.DataFrame:
    """``rows`` activity records dated between ``start`` and ``end`` in the unit sets in force.

    Columns are those of an accepted activity log (categoricals of codes, ``int64`` counts,
    nullable ``Int64`` participants). ``scale`` multiplies the counts (to make one year
    bigger than another).
    """
    rng = np.random.default_rng(seed)
    days = (end - start).days + 1
    date = pd.Timestamp(start) + pd.to_timedelta(rng.integers(0, days, rows), unit="D")
    codes = [c for c in catalogs.activity_types.codes]
    weights = np.array([_PROFILE.get(c, (0.02,))[0] for c in codes], dtype=float)
    kind = rng.choice(len(codes), size=rows, p=weights / weights.sum())
    low = np.array([_PROFILE.get(c, (0, 1, 3))[1] for c in codes])[kind]
    high = np.array([_PROFILE.get(c, (0, 1, 3))[2] for c in codes])[kind]
    count = np.maximum(0, np.round(rng.integers(low, high + 1) * scale)).astype(np.int64)
    p_low = np.array([_PROFILE.get(c, (0, 1, 3, 0, 0))[3] for c in codes])[kind]
    p_high = np.array([_PROFILE.get(c, (0, 1, 3, 0, 0))[4] for c in codes])[kind]
    has_participants = p_high > 0
    participants = pd.array(np.where(has_participants, count * rng.integers(p_low, p_high + 1), 0), dtype="Int64")
    participants[~has_participants] = pd.NA

    province = np.empty(rows, dtype=object)
    commune = np.empty(rows, dtype=object)
    unit_set_id = np.empty(rows, dtype=object)
    for unit_set in units.sets:
        if unit_set.level != "province":
            continue
        mask = (date >= pd.Timestamp(unit_set.valid_from)) & (
            date <= pd.Timestamp(unit_set.valid_to or dt.date.max.replace(year=9999))
        )
        n = int(mask.sum())
        if not n:
            continue
        table = commune_codes(unit_set, units.commune_set_for(unit_set))
        chosen = rng.integers(0, len(table), n)  # provinces weighted by their number of communes
        province[mask] = table["province"].to_numpy()[chosen]
        commune[mask] = table["commune"].to_numpy()[chosen]
        unit_set_id[mask] = unit_set.id

    def draw(catalog_codes: tuple[str, ...], blank_share: float) -> pd.Categorical:
        values = np.array(catalog_codes, dtype=object)[rng.integers(0, len(catalog_codes), rows)]
        values[rng.random(rows) < blank_share] = None
        return pd.Categorical(values, categories=list(catalog_codes))

    categories = sorted({c for s in units.sets if s.level == "province" for c in s.codes})
    frame = pd.DataFrame(
        {
            "province": pd.Categorical(province, categories=categories),
            "commune": pd.array(commune, dtype="string"),
            "date": date.normalize(),
            "activity_type": pd.Categorical(np.array(codes, dtype=object)[kind], categories=codes),
            "subject_group": draw(catalogs.subject_groups.codes, 0.1),
            "theme": draw(catalogs.themes.codes, 0.1),
            "partner": draw(catalogs.partners.codes, 0.5),
            "count": count,
            "participants": participants,
            "note": pd.array([None] * rows, dtype="string"),
            "unit_set": pd.Categorical(unit_set_id),
            "source": pd.Categorical(["synthetic"] * rows),
            "sheet": pd.Categorical([None] * rows),
            "row": np.arange(1, rows + 1, dtype=np.int64),
        }
    )
    return frame.sort_values(["date", "province"], kind="stable").reset_index(drop=True)


def denominators(unit_set: UnitSet, *, seed: int = 0) -> pd.DataFrame:
    """Synthetic per-province denominators: labour force, collaborators, cadres, communes."""
    rng = np.random.default_rng(seed)
    communes = np.array([u.communes or 0 for u in unit_set.units], dtype=np.int64)
    labor = communes * rng.integers(6_000, 14_000, len(communes))
    return pd.DataFrame(
        {
            "province": list(unit_set.codes),
            "communes": communes,
            "labor_force": labor,
            "collaborators": communes * rng.integers(3, 8, len(communes)),
            "cadres": (labor * rng.uniform(0.02, 0.04, len(communes))).astype(np.int64),
        }
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bhxh_comms.synthetic", description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--start", type=dt.date.fromisoformat, default=dt.date(2025, 1, 1))
    parser.add_argument("--end", type=dt.date.fromisoformat, default=dt.date(2025, 12, 31))
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, required=True, help=".parquet or .csv file")
    args = parser.parse_args(argv)

    frame = activities(
        units=default_units(),
        catalogs=default_catalogs(),
        start=args.start,
        end=args.end,
        rows=args.rows,
        seed=args.seed,
    )
    if args.out.suffix == ".csv":
        frame.to_csv(args.out, index=False)
    else:
        frame.to_parquet(args.out, index=False)
    print(f"{len(frame)} rows → {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
