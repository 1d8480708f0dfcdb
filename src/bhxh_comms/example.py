"""The bundled example: the whole flow that exists, on the bundled data.

Run it with ``bhxh-comms example`` or ``python -m bhxh_comms.example``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from bhxh_comms.plugin_manager import get_plugin_manager


def _section(title: str) -> None:
    print(f"\n== {title} ==")


def show_catalogs() -> None:
    catalogs = get_plugin_manager().catalogs()
    _section("Danh mục hình thức truyền thông (activity types)")
    for a in catalogs.activity_types:
        print(f"  {a.code:<18} {a.unit:<9} {a.label}")
    for title, catalog in (
        ("Nhóm đối tượng (subject groups)", catalogs.subject_groups),
        ("Nội dung (themes)", catalogs.themes),
        ("Đơn vị phối hợp (partners)", catalogs.partners),
    ):
        _section(title)
        for entry in catalog:
            print(f"  {entry.code:<20} {entry.label}")


def show_units() -> None:
    units = get_plugin_manager().units()
    for unit_set in units.sets:
        _section(f"{unit_set.name}: {len(unit_set)} đơn vị, {unit_set.total_communes} xã/phường")
        print("  " + " · ".join(f"{u.code} {u.name}" for u in unit_set.units))
    _section("Tra cứu và chuyển đổi (crosswalk look-ups)")
    for text, on in (
        ("Bac Kan", dt.date(2024, 5, 1)),
        ("Tỉnh Bắc Kạn", dt.date(2025, 8, 1)),
        ("44", dt.date(2024, 1, 1)),
        ("44", dt.date(2026, 1, 1)),
        ("quảng trị", dt.date(2024, 1, 1)),
    ):
        res = units.resolve(text, on=on)
        mapped = f" (chuyển từ {res.mapped_from.name})" if res.mapped_from else ""
        print(f"  “{text}” ngày {on:%d/%m/%Y} → {res.unit.code} {res.unit.full_name}{mapped}")
    crosswalk = units.crosswalk("vn-63", "vn-34")
    merged: dict[str, list[str]] = {}
    for old, new in crosswalk.items():
        merged.setdefault(new, []).append(old)
    old_set, new_set = units.get("vn-63"), units.get("vn-34")
    print("  Sáp nhập (vn-63 → vn-34):")
    for new, olds in merged.items():
        if len(olds) > 1:
            print(f"    {new_set[new].name:<14} ← " + ", ".join(old_set[o].name for o in olds))


def run(out: str = "bhxh-comms-example") -> int:
    show_catalogs()
    show_units()
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bhxh_comms.example")
    parser.add_argument("--out", default="bhxh-comms-example")
    return run(parser.parse_args(argv).out)


if __name__ == "__main__":
    sys.exit(main())
