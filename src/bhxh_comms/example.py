"""The bundled example: the whole flow on the bundled data.

Run it with ``bhxh-comms example`` or ``python -m bhxh_comms.example``. It reads the bundled
province reports for 2024 (63 provinces) and 2025 (the year of the reform: 63 provinces until
30 June, 34 since 1 July), prints what was accepted and rejected, builds the 2025 report
against 2024 (mapping 2024 through the crosswalk), evaluates the targets, and writes the
report with every installed output format.

The bundled data is synthetic (``bhxh_comms.synthetic``); ``--regenerate DIR`` rewrites it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from bhxh_comms import pipeline, synthetic, synthetic_year
from bhxh_comms.datafiles import campaigns_in, default_targets
from bhxh_comms.files import restamped_office_file
from bhxh_comms.ingest.columns import COLUMNS
from bhxh_comms.ingest.template import HEADER_ROW, write_template
from bhxh_comms.models.catalog import Catalogs
from bhxh_comms.models.periods import Period
from bhxh_comms.models.units import UnitRegistry
from bhxh_comms.phrasing import format_number
from bhxh_comms.plugin_manager import PluginManager, get_plugin_manager

GENERATED_AT = dt.datetime(2026, 1, 15, 8, 0, tzinfo=dt.UTC)
FILES = (
    "hoat-dong-2024.parquet",
    "hoat-dong-2025.parquet",
    "bao-cao-thai-nguyen-2025.xlsx",
    "bao-cao-cao-bang-2025.csv",
)
DENOMINATORS = "mau-so-2025.csv"
OUTCOMES = "chi-so-ket-qua.csv"
REGISTER = "so-nhan-tep.csv"  # the centre's register of incoming files


def data_dir() -> Path:
    return Path(str(resources.files("bhxh_comms").joinpath("data", "example")))


# How the example's provinces stand against each target of the plan in 2025 (shares of the
# provinces below it, and above its maximum): most targets met by most provinces; the weekly
# broadcasts, as in a real year, by a minority.
SPREADS = {
    "enterprise_conferences": synthetic_year.Spread(below=0.12, above=0.15),
    "commune_coverage": synthetic_year.Spread(below=0.2, above=0.12),
    "broadcast_weekly": synthetic_year.Spread(below=0.6),
    "partner_conferences": synthetic_year.Spread(below=0.18, above=0.1),
    "collaborators_trained": synthetic_year.Spread(below=0.1),
    "labor_force_reach": synthetic_year.Spread(below=0.3),
    "cadres_reach": synthetic_year.Spread(below=0.06),
}
MISSING = ("11",)  # Điện Biên sent nothing for 2025
DUE = dt.date(2026, 1, 10)
# When each file reached the centre (its register of incoming mail, written to REGISTER):
# Cao Bằng's own file late.
RECEIVED = {
    FILES[0]: dt.datetime(2025, 1, 12, 9, 0),
    FILES[1]: dt.datetime(2026, 1, 6, 9, 0),
    FILES[2]: dt.datetime(2026, 1, 9, 16, 30),
    FILES[3]: dt.datetime(2026, 1, 14, 10, 15),
}


def _year(
    units: UnitRegistry, catalogs: Catalogs, denominators: pd.DataFrame, year: int, **options: Any
) -> pd.DataFrame:
    """The example's ``year``, shaped by the default plan (:data:`SPREADS`, the year's campaigns)."""
    return synthetic_year.year_activities(
        units=units,
        catalogs=catalogs,
        targets=default_targets(),
        denominators=denominators,
        period=Period.year(year),
        seed=year,
        spreads=SPREADS,
        campaigns=campaigns_in(year),
        **options,
    )


def _year_2024(units: UnitRegistry, catalogs: Catalogs, denominators: pd.DataFrame) -> pd.DataFrame:
    """2024: the same plan on the same country (shaped on the 34 provinces, written under the
    63), fewer activities (each type kept at its own rate: growth differs by type),
    broadcasts by month."""
    year = _year(units, catalogs, denominators, 2024, broadcasts="month", units_on=dt.date(2025, 12, 31))
    rng = np.random.default_rng(24)
    types = list(catalogs.activity_types.codes)
    keep = dict(zip(types, rng.uniform(0.6, 0.95, len(types)), strict=True))
    kept = rng.random(len(year)) < year["activity_type"].astype(str).map(keep).to_numpy()
    return year[kept].reset_index(drop=True).assign(row=lambda f: np.arange(1, len(f) + 1))


def make_example_data(directory: Path) -> list[Path]:
    """Write the example's input files (deterministic: the same bytes of data every time).

    Needs the commune lists (``bhxh-comms-units-vn``, as tox installs it): the rows name real
    communes, and each target's spread (:data:`SPREADS`) is met commune by commune."""

    pm = get_plugin_manager()
    units, catalogs = pm.units(), pm.catalogs()
    directory.mkdir(parents=True, exist_ok=True)
    keep = [c.name for c in COLUMNS]
    vn34 = units.get("vn-34")
    denominators = synthetic.denominators(vn34, seed=7)
    y2024 = _year_2024(units, catalogs, denominators)
    y2025 = _year(units, catalogs, denominators, 2025, missing=MISSING)
    second_half = y2025["date"] >= pd.Timestamp(2025, 7, 1)
    by_file = y2025["province"].isin(["19", "04"]) & second_half
    y2024[keep].to_parquet(directory / FILES[0], index=False)
    y2025.loc[~by_file, keep].to_parquet(directory / FILES[1], index=False)

    # Thái Nguyên sends the template, filled with labels, with the mistakes people make.
    tn = y2025.loc[by_file & (y2025["province"] == "19"), keep].reset_index(drop=True)
    labels = {c.name: {e.code: e.label for e in catalogs.by_kind(c.catalog)} for c in COLUMNS if c.catalog}
    path = write_template(
        directory / FILES[2],
        province=units.get("vn-34")["19"],
        year=2025,
        catalogs=catalogs,
        communes=units.communes_of("19", on=dt.date(2025, 12, 31)),
    )
    # openpyxl is only needed to regenerate the bundled data (a test dependency, not the core's)
    import openpyxl

    wb = openpyxl.load_workbook(path)
    ws = wb["Báo cáo"]
    for r, values in enumerate(tn.to_dict("records"), start=HEADER_ROW + 2):
        for c, column in enumerate(COLUMNS, start=1):
            value = values[column.name]
            if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
                continue
            if column.catalog:
                value = labels[column.name][str(value)]
            elif column.name == "province":
                value = "Thái Nguyên"
            elif column.kind == "date":
                value = value.to_pydatetime()
            elif column.kind == "count":
                value = int(value)
            cell = ws.cell(row=r, column=c, value=value)
            if isinstance(value, str):
                cell.data_type = "s"
    first = HEADER_ROW + 2
    ws.cell(row=first + 3, column=4, value="Hội nghị khách hàng").data_type = "s"  # not in the catalog
    ws.cell(row=first + 7, column=8, value=-3)  # a negative count
    ws.cell(row=first + 11, column=1, value="Bắc Kạn").data_type = "s"  # old province after the reform
    note = ws.cell(row=first + 12, column=10, value="=SUM(H5:H9) cuộc")
    note.data_type = "s"  # text that looks like a formula
    for c in range(1, len(COLUMNS) + 1):  # an exact duplicate of the first row
        ws.cell(row=first + len(tn), column=c, value=ws.cell(row=first, column=c).value)
    wb.save(path)
    # openpyxl stamps the time of saving: the same bytes on every regeneration
    restamped_office_file(path, path, RECEIVED[FILES[2]])

    cb = y2025.loc[by_file & (y2025["province"] == "04"), keep].reset_index(drop=True)
    cb.assign(province="Cao Bằng", date=cb["date"].dt.strftime("%d/%m/%Y")).rename(
        columns={c.name: c.header_vi for c in COLUMNS}
    ).to_csv(directory / FILES[3], index=False, encoding="utf-8-sig")

    denominators.drop(columns="communes").to_csv(directory / DENOMINATORS, index=False)
    rng = np.random.default_rng(11)
    rows = []
    # One labour force per new province, split among its predecessors by their communes, so
    # that 2024 (63 provinces) and 2025 (34) describe the same country.
    new_labor = synthetic.denominators(vn34, seed=3).set_index("province")["labor_force"]
    vn63 = units.get("vn-63")
    into = units.crosswalk("vn-63", "vn-34")
    old_communes = pd.Series({u.code: u.communes or 1 for u in vn63.units}, dtype=float)
    share_of_new = old_communes / old_communes.groupby(pd.Series(into)).transform("sum")
    old_labor = (share_of_new * pd.Series(into).map(new_labor)).round().astype(np.int64)
    bases = {"vn-63": old_labor.reindex(list(vn63.codes)), "vn-34": new_labor.reindex(list(vn34.codes))}
    for unit_set, dates in (("vn-63", ["2024-06-30", "2024-12-31"]), ("vn-34", ["2025-06-30", "2025-12-31"])):
        base = bases[unit_set]
        for date in dates:
            grow = 1.0 + 0.04 * dates.index(date) + (0.06 if unit_set == "vn-34" else 0.0)
            for code, labor in zip(base.index, base.to_numpy(), strict=True):
                share = rng.uniform(0.25, 0.35)
                rows += [
                    (code, date, "labor_force", int(labor)),
                    (code, date, "compulsory_si", int(labor * share * grow)),
                    (code, date, "voluntary_si", int(labor * share * 0.08 * grow)),
                    (code, date, "population", int(labor * 1.75)),
                    (code, date, "health_insured", int(labor * 1.75 * rng.uniform(0.86, 0.95))),
                ]
    pd.DataFrame(rows, columns=["province", "date", "indicator", "value"]).to_csv(directory / OUTCOMES, index=False)
    register = pd.DataFrame({"Tệp": list(RECEIVED), "Ngày nhận": [f"{when:%d/%m/%Y}" for when in RECEIVED.values()]})
    register.to_csv(directory / REGISTER, index=False, encoding="utf-8-sig")
    return [directory / f for f in (*FILES, DENOMINATORS, OUTCOMES, REGISTER)]


def _section(title: str) -> None:
    print(f"\n== {title} ==")


def show_domain(pm: PluginManager) -> None:
    catalogs, units = pm.catalogs(), pm.units()
    _section("Danh mục (catalogs)")
    for a in catalogs.activity_types:
        print(f"  {a.code:<18} {a.unit:<9} {a.label}")
    print(
        f"  + {len(catalogs.subject_groups)} nhóm đối tượng, {len(catalogs.themes)} nội dung, "
        f"{len(catalogs.partners)} đơn vị phối hợp"
    )
    _section("Đơn vị hành chính và bảng chuyển đổi (unit sets, crosswalk)")
    for unit_set in units.sets:
        if unit_set.level == "commune":
            print(f"  {unit_set.id}: {unit_set.name}")
            continue
        communes = format_number(unit_set.total_communes) if unit_set.total_communes is not None else "?"
        print(f"  {unit_set.id}: {unit_set.name} – {len(unit_set)} tỉnh, {communes} xã/phường")
    off = units.commune_checks_note()
    if off is not None:
        print(f"  {off.line()}")
    for text, on in (
        ("Bac Kan", dt.date(2024, 5, 1)),
        ("Tỉnh Bắc Kạn", dt.date(2025, 8, 1)),
        ("44", dt.date(2024, 1, 1)),
        ("44", dt.date(2026, 1, 1)),
    ):
        res = units.resolve(text, on=on)
        mapped = f" (chuyển từ {res.mapped_from.name})" if res.mapped_from else ""
        print(f"  “{text}” ngày {on:%d/%m/%Y} → {res.unit.code} {res.unit.full_name}{mapped}")
    merged: dict[str, list[str]] = {}
    for old, new in units.crosswalk("vn-63", "vn-34").items():
        merged.setdefault(new, []).append(old)
    old_set, new_set = units.get("vn-63"), units.get("vn-34")
    print(
        "  "
        + "; ".join(
            f"{new_set[n].name} ← {', '.join(old_set[o].name for o in olds)}"
            for n, olds in merged.items()
            if len(olds) > 1
        )
    )


def run(out: str = "example-output", pm: PluginManager | None = None) -> int:

    pm = pm or get_plugin_manager()
    show_domain(pm)
    units = pm.units()
    data = data_dir()
    inputs = [data / f for f in FILES]
    _section("Đọc báo cáo của các tỉnh (reading province reports)")
    denominators = pipeline.read_denominators(data / DENOMINATORS, units, dt.date(2025, 12, 31))
    outcomes = pipeline.read_outcomes(data / OUTCOMES, units)
    formats = list(pm.renderers())
    result = pipeline.run(
        inputs,
        year=2025,
        compare=2024,
        formats=formats,
        out=out,
        pm=pm,
        targets=default_targets(),
        denominators=denominators,
        outcomes=outcomes,
        generated_at=GENERATED_AT,
        progress=sys.stderr,
        # The bundled files each hold part of the activities (a national extract, and two
        # provinces' own files of other activities): they add up.
        resubmissions="add",
        due=DUE,
        received=pipeline.read_received(data / REGISTER),
    )
    print("  " + result.ingest.reconciliation())
    for line in result.ingest.problem_lines():
        print("  " + line)
    report = result.report
    _section(
        f"{report.metadata.title} (so với {report.metadata.comparison_period.label})"  # type: ignore[union-attr]
    )
    for note in (*report.metadata.processing, *report.metadata.notes):
        print(f"  * {note}")
    said = report.statements
    for paragraph in said.national:
        print(f"  {paragraph}")
    print(f"  {said.reporting}")
    _section("Chỉ tiêu (targets)")
    for target in said.targets:
        print(f"  {target.numbered}")
    _section("Tệp kết quả (outputs)")
    for name, paths in result.written.items():
        for path in paths:
            print(f"  [{name}] {path}")
    if result.rejects:
        print(f"  [dòng bị loại] {result.rejects}")
    for failure in result.render_failures:
        print("  " + failure.line())
    files = sum(len(p) for p in result.written.values())
    rows = format_number(result.ingest.rows_read)
    print(f"\nXong / done: {rows} dòng, {len(result.written)} định dạng, {files} tệp trong {out}")
    return 1 if result.render_failures else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bhxh_comms.example", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--out", default="example-output", help="output directory")
    parser.add_argument("--regenerate", type=Path, metavar="DIR", help="write the example's input data to DIR")
    args = parser.parse_args(argv)
    if args.regenerate:
        for path in make_example_data(args.regenerate):
            print(path)
        return 0
    return run(args.out)


if __name__ == "__main__":
    sys.exit(main())
