"""The activity tables of a Report: the national picture, by province (and commune), by subject
group, theme and partner, by month, and the attendances over every activity type — each with
the comparison period's figures beside it when there is one.

One pass over the rows per period for (province × month × activity type) and one for (subject
group × theme × partner): every breakdown is re-added from those small tables.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import attrs
import pandas as pd

from bhxh_comms.aggregate.grouping import stack
from bhxh_comms.aggregate.totals import compare, rollup, totals
from bhxh_comms.models.catalog import Catalogs
from bhxh_comms.models.units import UnitSet

MEASURES = ("count", "participants")
FINE = ["province", "month", "activity_type"]
GROUPS = ["subject_group", "theme", "partner"]


def _labelled(frame: pd.DataFrame, key: str, catalogs: Catalogs) -> pd.DataFrame:
    catalog = catalogs.by_kind(key)
    labels = {e.code: e.label for e in catalog}
    out = frame.copy()
    out.insert(1, "label", out[key].astype(str).map(labels))
    if key == "activity_type":
        out.insert(2, "unit", out[key].astype(str).map({a.code: a.unit for a in catalogs.activity_types}))
    order = {code: i for i, code in enumerate(catalog.codes)}
    return out.sort_values(key, key=lambda s: s.astype(str).map(order), kind="stable").reset_index(drop=True)


def _breakdown(current: pd.DataFrame, previous: pd.DataFrame | None, key: str, catalogs: Catalogs) -> pd.DataFrame:
    """``key`` totals (with the comparison) from finer totals tables of both periods."""
    # Rows without the key are grouped under NA and dropped: cheaper than filtering them first.
    cur = rollup(current, [key]).dropna(subset=[key])
    if previous is not None:
        prev = rollup(previous, [key]).dropna(subset=[key])
        table = compare(cur, prev, keys=[key])
    else:
        table = cur.drop(columns="rows")
    codes = list(catalogs.by_kind(key).codes)
    table[key] = pd.Categorical(table[key].astype(str), categories=codes)
    return _labelled(table, key, catalogs)


def _national(by_pa: pd.DataFrame, prev_pa: pd.DataFrame | None, catalogs: Catalogs) -> pd.DataFrame:
    """One row per activity type of the catalog, in catalog order, with whether it counts attendances."""
    activities = catalogs.activity_types
    national = _breakdown(by_pa, prev_pa, "activity_type", catalogs)
    national = national.set_index("activity_type").reindex(list(activities.codes)).reset_index()
    code = national["activity_type"].astype(str)
    national["label"] = code.map({a.code: a.label for a in activities})
    national["unit"] = code.map({a.code: a.unit for a in activities})
    national["short_label"] = code.map({a.code: a.short for a in activities})
    national.insert(3, "has_participants", code.map({a.code: "participants" in a.measures for a in activities}))
    for column in national.columns:
        if column in MEASURES or column.endswith(("_previous", "_change")):
            national[column] = national[column].fillna(0).astype("int64")
    return national


def _compared(current: pd.DataFrame, previous: pd.DataFrame | None, keys: list[str]) -> pd.DataFrame:
    return compare(current, previous, keys=keys) if previous is not None else current.drop(columns="rows")


def _province_totals(
    by_pa: pd.DataFrame, prev_pa: pd.DataFrame | None, unit_set: UnitSet, by_commune: pd.DataFrame | None
) -> pd.DataFrame:
    """One row per province of the unit set, with the communes that had any activity."""
    names = {u.code: u.name for u in unit_set.units}
    previous = rollup(prev_pa, ["province"]) if prev_pa is not None else None
    table = _compared(rollup(by_pa, ["province"]), previous, ["province"])
    table = table.set_index("province").reindex(list(unit_set.codes)).reset_index()
    table.insert(1, "province_name", table["province"].map(names))
    for m in MEASURES:
        table[m] = table[m].fillna(0).astype("int64")
    if by_commune is not None:  # communes with any activity (a count or attendances above 0)
        active = by_commune.loc[((by_commune["count"] > 0) | (by_commune["participants"] > 0)).to_numpy()]
        per_province = active.groupby(active["province"].astype(str), observed=True)["commune"].nunique()
        table["communes"] = table["province"].astype(str).map(per_province).fillna(0).astype("int64").to_numpy()
    return table


@attrs.frozen(kw_only=True)
class ActivitySums:
    """The sums every activity table is re-added from, over the rows of some provinces (in the
    report's unit set). Sums over disjoint sets of provinces combine into the sums over all of
    them (:meth:`combine`): a store larger than memory is added up a few provinces at a time."""

    fine: pd.DataFrame
    """Report period: province × month × activity type."""
    groups: pd.DataFrame
    """Report period: subject group × theme × partner (missing ones as NA)."""
    communes: pd.DataFrame | None
    """Report period, rows naming a commune: province × commune × activity type (None: no row names one)."""
    previous_fine: pd.DataFrame | None = None
    previous_groups: pd.DataFrame | None = None
    previous_communes: pd.DataFrame | None = None

    @classmethod
    def of(cls, current: pd.DataFrame, previous: pd.DataFrame | None) -> ActivitySums:
        """One pass per table over the rows of each period."""
        return cls(
            fine=totals(current, by=FINE),
            groups=totals(current, by=GROUPS),
            communes=_commune_sums(current),
            previous_fine=totals(previous, by=FINE) if previous is not None else None,
            previous_groups=totals(previous, by=GROUPS) if previous is not None else None,
            previous_communes=_commune_sums(previous) if previous is not None else None,
        )

    @classmethod
    def combine(cls, parts: Sequence[ActivitySums]) -> ActivitySums:
        """The sums of ``parts`` (each over other provinces, given in the unit set's order of
        provinces): what :meth:`of` gives over all their rows at once."""

        def joined(frames: list[pd.DataFrame | None], regroup: list[str] | None = None) -> pd.DataFrame | None:
            present = [f for f in frames if f is not None]
            if not present:
                return None
            out = stack(present)
            return rollup(out, regroup) if regroup is not None else out

        return cls(
            fine=joined([p.fine for p in parts]),  # type: ignore[arg-type]
            groups=joined([p.groups for p in parts], GROUPS),  # type: ignore[arg-type]
            communes=joined([p.communes for p in parts]),
            previous_fine=joined([p.previous_fine for p in parts]),
            previous_groups=joined([p.previous_groups for p in parts], GROUPS),
            previous_communes=joined([p.previous_communes for p in parts]),
        )


def unit_table(unit_set: UnitSet, communes: UnitSet | None = None) -> pd.DataFrame:
    """The report's provinces: code, name, kind, communes (from the commune list when
    installed) and centroid, for outputs that draw maps without a network."""
    counts = communes.units_per_parent if communes is not None else None
    return pd.DataFrame(
        {
            "province": list(unit_set.codes),
            "province_name": [u.name for u in unit_set.units],
            "kind": [u.kind for u in unit_set.units],
            "communes": pd.array(
                [int(counts.get(u.code, 0)) if counts is not None else u.communes for u in unit_set.units],
                dtype="Int64",
            ),
            "latitude": pd.array([u.latitude for u in unit_set.units], dtype="Float64"),
            "longitude": pd.array([u.longitude for u in unit_set.units], dtype="Float64"),
        }
    )


def _commune_sums(rows: pd.DataFrame) -> pd.DataFrame | None:
    """province × commune × activity type over the rows naming a commune (None: no row does)."""
    if not rows["commune"].notna().any():
        return None
    rows = rows.loc[rows["commune"].notna().to_numpy()]
    named = rows["commune"]
    if isinstance(named.dtype, pd.CategoricalDtype) and not named.cat.categories.is_monotonic_increasing:
        # Communes in the order of their codes within each province, not in the order the rows
        # first named them: the same whichever provinces were read together.
        rows = rows.assign(commune=named.cat.set_categories(named.cat.categories.sort_values()))
    return totals(rows, by=["province", "commune", "activity_type"])


def _by_commune(
    sums: ActivitySums, names: Mapping[str, str], communes: UnitSet | None, mapping: Mapping[str, str] | None
) -> pd.DataFrame | None:
    """Communes with activity, named (with the plugin's lists) and compared with the previous
    period through the crosswalk: ``mapping`` says how each commune's previous figures came."""
    if sums.communes is None:
        return None
    keys = ["province", "commune", "activity_type"]
    table = _compared(sums.communes, sums.previous_communes, keys) if sums.previous_communes is not None else None
    if table is None:
        table = sums.communes.drop(columns="rows")
    table.insert(1, "province_name", table["province"].astype(str).map(names))
    if communes is not None:
        code = table["commune"].astype(str)
        full = {u.code: u.full_name for u in communes.units}
        table.insert(3, "commune_name", code.map(full))
        if mapping is not None:
            table["mapping"] = pd.Series(code.map(dict(mapping)), dtype=object).fillna("exact")
        table["latitude"] = code.map({u.code: u.latitude for u in communes.units}).astype("float64")
        table["longitude"] = code.map({u.code: u.longitude for u in communes.units}).astype("float64")
    return table


def activity_tables(
    sums: ActivitySums,
    *,
    catalogs: Catalogs,
    unit_set: UnitSet,
    communes: UnitSet | None = None,
    mapping: Mapping[str, str] | None = None,
) -> dict[str, pd.DataFrame]:
    """Every activity table of a Report (columns in docs/report.md) from the sums of the report
    period and of the comparison period (when there is one), both in ``unit_set``; with the
    commune list in force (``communes``), ``by_commune`` names each commune, and ``mapping``
    (new commune code → exact / merged / divided) says how earlier figures were mapped."""
    names = {u.code: u.name for u in unit_set.units}
    labels = {a.code: a.label for a in catalogs.activity_types}
    fine, prev_fine = sums.fine, sums.previous_fine
    by_pa = rollup(fine, ["province", "activity_type"])
    prev_pa = rollup(prev_fine, ["province", "activity_type"]) if prev_fine is not None else None
    by_groups, prev_groups = sums.groups, sums.previous_groups

    tables: dict[str, pd.DataFrame] = {"national": _national(by_pa, prev_pa, catalogs)}
    by_province = _compared(by_pa, prev_pa, ["province", "activity_type"])
    by_province.insert(1, "province_name", by_province["province"].astype(str).map(names))
    by_province.insert(3, "activity_label", by_province["activity_type"].astype(str).map(labels))
    tables["by_province"] = by_province
    by_commune = _by_commune(sums, names, communes, mapping)
    if by_commune is not None:
        tables["by_commune"] = by_commune
    tables["province_totals"] = _province_totals(by_pa, prev_pa, unit_set, by_commune)
    tables["units"] = unit_table(unit_set, communes)
    for key, name in (("subject_group", "by_subject_group"), ("theme", "by_theme"), ("partner", "by_partner")):
        tables[name] = _breakdown(by_groups, prev_groups, key, catalogs)
    for suffix, frame in (("", fine), ("_previous", prev_fine)):
        if frame is None:
            continue
        monthly = rollup(frame, ["month", "activity_type"]).drop(columns="rows")
        monthly["month"] = monthly["month"].astype(str)
        tables[f"monthly{suffix}"] = monthly
        province_months = frame.drop(columns="rows")
        province_months["month"] = province_months["month"].astype(str)
        province_months.insert(1, "province_name", province_months["province"].astype(str).map(names))
        tables[f"monthly_by_province{suffix}"] = province_months
    # attendances add up over activity types; counts (in cuộc, lượt, tin bài…) do not
    people = rollup(by_pa, [], measures=("participants",)).drop(columns="rows")
    if prev_pa is not None:
        previous_people = rollup(prev_pa, [], measures=("participants",))
        people = compare(people, previous_people, keys=[], measures=("participants",))
    tables["national_totals"] = people.assign(scope="national")[["scope", *people.columns]]
    return tables
