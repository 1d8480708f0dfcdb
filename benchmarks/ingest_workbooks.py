"""Read 34 province workbooks of ~2,000 rows each, as the centre does once a period.

Prints the time of ``bhxh_comms.ingest.read_reports`` (read + validate + reconcile) against two
baselines reading the same files without validating: python-calamine's raw cell values (the
floor: issue 14 asks for 1,5× of it) and pandas' ``read_excel`` with openpyxl. Best of
``--repeat``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import tempfile
import time
from pathlib import Path

import pandas as pd
import xlsxwriter
from python_calamine import CalamineWorkbook

import bhxh_comms
from bhxh_comms import synthetic
from bhxh_comms.ingest import read_reports
from bhxh_comms.ingest.columns import COLUMNS


def write_workbooks(directory: Path, rows_per_province: int) -> list[Path]:
    units, catalogs = bhxh_comms.default_units(), bhxh_comms.default_catalogs()
    vn34 = units.get("vn-34")
    frame = synthetic.activities(
        units=units,
        catalogs=catalogs,
        start=dt.date(2026, 1, 1),
        end=dt.date(2026, 12, 31),
        rows=rows_per_province * len(vn34),
        seed=1,
    )
    labels = {c.name: {e.code: e.label for e in catalogs.by_kind(c.catalog)} for c in COLUMNS if c.catalog}
    paths = []
    for code, part in frame.groupby("province", observed=True):
        path = directory / f"bao-cao-{code}.xlsx"
        wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
        ws = wb.add_worksheet("Báo cáo")
        date_fmt = wb.add_format({"num_format": "dd/mm/yyyy"})
        ws.write_row(0, 0, [f"BÁO CÁO HOẠT ĐỘNG TRUYỀN THÔNG – {vn34[str(code)].full_name}"])
        ws.write_row(3, 0, [c.header_vi for c in COLUMNS])
        values = {
            c.name: part[c.name].astype(object).map(labels[c.name]).to_numpy()
            if c.catalog
            else part[c.name].astype(object).to_numpy()
            for c in COLUMNS
        }
        values["province"] = [vn34[str(code)].name] * len(part)
        for r in range(len(part)):
            for c, column in enumerate(COLUMNS):
                v = values[column.name][r]
                if v is None or v is pd.NA or (isinstance(v, float) and v != v):
                    continue
                if column.kind == "date":
                    ws.write_datetime(4 + r, c, v.to_pydatetime(), date_fmt)
                elif column.kind == "count":
                    ws.write_number(4 + r, c, int(v))
                else:
                    ws.write_string(4 + r, c, str(v))
        wb.close()
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=2000, help="rows per province")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        paths = write_workbooks(Path(tmp), args.rows)
        print(f"wrote {len(paths)} workbooks in {time.perf_counter() - t0:.1f} s")
        ours, floor = [], []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            result = read_reports(paths)
            ours.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            cells = sum(len(CalamineWorkbook.from_path(str(p)).get_sheet_by_index(0).to_python()) for p in paths)
            floor.append(time.perf_counter() - t0)
        print(result.reconciliation())
        t0 = time.perf_counter()
        total = sum(len(pd.read_excel(p, engine="openpyxl", header=3)) for p in paths)
        baseline = time.perf_counter() - t0
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"bhxh-comms read_reports (read + validate): {min(ours):.2f} s for {result.rows_read} rows")
        print(f"floor python-calamine (raw cells only):    {min(floor):.2f} s for {cells} sheet rows")
        print(f"pandas read_excel (openpyxl, read only):   {baseline:.2f} s for {total} rows")
        print(
            f"ratio to calamine {min(ours) / min(floor):.2f}×, to openpyxl {min(ours) / baseline:.2f}×; "
            f"peak {peak:.0f} MB"
        )


if __name__ == "__main__":
    main()
