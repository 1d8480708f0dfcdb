"""The two commune-level unit sets, built from the data ``vietnamadminunits`` ships.

- ``vn-communes-2025``: the 3,321 communes, wards and special zones (xã, phường, đặc khu) of
  the 34 provinces, in force since 2025-07-01 (UBTVQH resolutions of 16/6/2025).
- ``vn-communes-legacy``: the 10,035 communes, wards and townships (xã, phường, thị trấn) of
  the 63 provinces as they stood on 2025-06-30, with their district, each mapped to the new
  commune that took it over. 471 of them were divided among several new communes: their
  ``successor`` is the package's default new commune (the one that takes their figures) and
  ``divided_into`` lists every part.

The package is not imported (its ``__init__`` loads shapely and a geocoder): its SQLite
dataset and conversion JSON are read read-only, straight from where it is installed.
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib.util
import json
import sqlite3
from pathlib import Path
from typing import Any

from bhxh_comms.plugin import AdminUnit, UnitSet
from bhxh_comms_units_vn import LEGACY_SET_ID, NEW_SET_ID

PACKAGE = "vietnamadminunits"
SOURCE_NEW = (
    "vietnamadminunits (MIT): bảng admin_units, 3.321 xã, phường, đặc khu của 34 tỉnh, thành phố theo các nghị "
    "quyết của UBTVQH ngày 16/6/2025 về sắp xếp ĐVHC cấp xã (hiệu lực 1/7/2025)"
)
SOURCE_LEGACY = (
    "vietnamadminunits (MIT): bảng admin_units_legacy, 10.035 xã, phường, thị trấn của 63 tỉnh, thành phố "
    "tại 30/6/2025, và bảng chuyển đổi converter_2025.json"
)


def data_dir() -> Path:
    """Where the installed ``vietnamadminunits`` keeps its data files (without importing it)."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(f"{PACKAGE} is not installed (pip install {PACKAGE})")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def _kind_and_name(full: str, kind: str) -> tuple[str, str]:
    """("Phường 1", "Phường") → ("phường", "1"): the name without its prefix, as provinces are kept."""
    name = full[len(kind) + 1 :] if full.startswith(f"{kind} ") else full
    return kind.lower(), name


def _rows(connection: sqlite3.Connection, query: str) -> list[dict[str, Any]]:
    cursor = connection.execute(query)
    columns = [c[0] for c in cursor.description]
    return [dict(zip(columns, row, strict=True)) for row in cursor]


@functools.cache
def commune_sets() -> tuple[UnitSet, UnitSet]:
    """The legacy and the 2025 commune sets (read once per process)."""
    directory = data_dir()
    with sqlite3.connect(f"{(directory / 'dataset.db').as_uri()}?mode=ro", uri=True) as connection:
        new_rows = _rows(
            connection,
            "SELECT provinceCode, provinceKey, ward, wardType, wardCode, wardKey, wardLat, wardLon "
            "FROM admin_units ORDER BY provinceCode, wardCode",
        )
        old_rows = _rows(
            connection,
            "SELECT provinceCode, provinceKey, district, districtKey, ward, wardType, wardCode, wardKey, "
            "wardLat, wardLon FROM admin_units_legacy WHERE wardCode IS NOT NULL ORDER BY provinceCode, wardCode",
        )
    connection.close()
    conversion = json.loads((directory / "converter_2025.json").read_text(encoding="utf-8"))

    new_code = {(r["provinceKey"], r["wardKey"]): r["wardCode"] for r in new_rows}
    old_code = {f"{r['provinceKey']}_{r['districtKey']}_{r['wardKey']}": r["wardCode"] for r in old_rows}
    successor: dict[str, str] = {}
    divided: dict[str, tuple[str, ...]] = {}
    for province_key, wards in conversion["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for ward_key, olds in wards.items():
            for old in olds:
                if old in old_code:  # the island districts without communes are listed too
                    successor[old_code[old]] = new_code[(province_key, ward_key)]
    for province_key, olds in conversion["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old, parts in olds.items():
            codes = [new_code[(province_key, p["newWardKey"])] for p in parts]
            default = [c for c, p in zip(codes, parts, strict=True) if p["isDefaultNewWard"]]
            successor[old_code[old]] = default[0]
            divided[old_code[old]] = tuple(sorted(codes))

    def unit(row: dict[str, Any], **more: Any) -> AdminUnit:
        kind, name = _kind_and_name(row["ward"], row["wardType"])
        return AdminUnit(
            code=row["wardCode"],
            name=name,
            kind=kind,
            parent=row["provinceCode"],
            latitude=row["wardLat"],
            longitude=row["wardLon"],
            **more,
        )

    new_units = [unit(r) for r in new_rows]
    old_units = [
        unit(
            r,
            district=r["district"],
            successor=successor[r["wardCode"]],
            divided_into=divided.get(r["wardCode"], ()),
        )
        for r in old_rows
    ]
    new_set = UnitSet(
        id=NEW_SET_ID,
        name="3.321 xã, phường, đặc khu (từ 1/7/2025)",
        level="commune",
        valid_from=dt.date(2025, 7, 1),
        units=new_units,
        source=SOURCE_NEW,
    )
    legacy_set = UnitSet(
        id=LEGACY_SET_ID,
        name="10.035 xã, phường, thị trấn (đến 30/6/2025)",
        level="commune",
        # In force as long as the 63 provinces, but the list is that of 2025 (the last changes
        # before the reorganisation: 1/1/2025, and Sơn La's on 1/2/2025): a commune merged
        # earlier is unknown to it, so a row dated before then naming an unknown code gets a
        # warning, not a rejection.
        valid_from=dt.date(2008, 8, 1),
        valid_to=dt.date(2025, 6, 30),
        as_of=dt.date(2025, 2, 1),
        successor_set=NEW_SET_ID,
        units=old_units,
        source=SOURCE_LEGACY,
    )
    return legacy_set, new_set
