"""Validate and store province rows, as users run it, against a DuckDB script doing the same.

Generates a reproducible national dataset as Parquet (the real unit sets: 63 provinces until
2025-06-30, 34 since; every catalog; dated 2025–2026) with some wrong rows planted (negative
counts, unknown activity types, dates outside the periods, missing provinces and, with the
commune lists installed, communes of another province: rows name real communes), then times, as
whole processes alternating, median of ``--repeat``:

* ``bhxh-comms ingest data.parquet --store DIR`` (read, every rule of ingestion, accepted rows
  written to the store) — and ``bhxh-comms validate data.parquet --year 2026 --compare 2025``;
* a DuckDB script performing the same checks — codes joined against the catalogs, the unit
  set in force on the row's date and (with bhxh-comms-units-vn) the commune list in force and
  the commune's province, ranges, dates in the periods, required values, exact
  duplicates — and writing the accepted rows with ``COPY``;
* the same in Polars (lazy), as a second baseline.

Both sides must agree on rows accepted, rows rejected and the accepted counts by province
before a ratio is printed. Peak memory is each process's own (``wait4``). With ``--csv`` the
data is a CSV file (ISO dates) instead, read by each side's CSV reader (codes as text).
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

import bhxh_comms
from bhxh_comms import synthetic
from bhxh_comms.ingest import Store

COLUMNS = ["province", "commune", "date", "activity_type", "subject_group", "theme", "partner", "count", "participants"]
START, END = dt.date(2025, 1, 1), dt.date(2026, 12, 31)
MAX_COUNT = 10_000_000
FAR = dt.date(9999, 12, 31)


def generate(path: Path, rows: int, chunk: int = 1_000_000, *, mistakes: bool = True) -> None:
    """``rows`` synthetic rows; with ``mistakes``, one in 997 has a planted one (of five kinds).
    With the commune lists installed (bhxh-comms-units-vn), the rows name real communes."""
    units, catalogs = bhxh_comms.get_plugin_manager().units(), bhxh_comms.default_catalogs()
    writer = None
    done = 0
    while done < rows:
        n = min(chunk, rows - done)
        frame = synthetic.activities(units=units, catalogs=catalogs, start=START, end=END, rows=n, seed=done)
        frame = frame[COLUMNS].astype({c: object for c in ("province", "activity_type")})
        frame["commune"] = frame["commune"].astype(object)
        wrong = np.arange(n) % 997 if mistakes else np.zeros(n, dtype=np.int64)
        frame.loc[wrong == 1, "count"] = -3
        frame.loc[wrong == 2, "activity_type"] = "hoi-cho"  # no such activity type
        frame.loc[wrong == 3, "date"] = pd.Timestamp("2031-05-01")
        frame.loc[wrong == 4, "province"] = None
        if units.has_communes:  # a Hà Nội ward in another province's rows
            frame.loc[(wrong == 5) & (frame["province"] != "01"), "commune"] = "00004"
        table = pa.Table.from_pandas(frame, preserve_index=False)
        writer = writer or pq.ParquetWriter(path, table.schema)
        writer.write_table(table)
        done += n
    assert writer is not None
    writer.close()


def reference_tables(folder: Path) -> None:
    """The catalogs and unit sets as small Parquet files, for the baselines to join against
    (``communes.parquet``: every commune's code, province and dates, with the commune lists)."""
    catalogs, units = bhxh_comms.default_catalogs(), bhxh_comms.get_plugin_manager().units()
    for kind, catalog in (
        ("activity_type", catalogs.activity_types),
        ("subject_group", catalogs.subject_groups),
        ("theme", catalogs.themes),
        ("partner", catalogs.partners),
    ):
        pd.DataFrame({"code": list(catalog.codes)}).to_parquet(folder / f"{kind}.parquet", index=False)
    rows = [
        {"code": code, "valid_from": s.valid_from, "valid_to": s.valid_to or dt.date(9999, 12, 31)}
        for s in units.sets
        if s.level == "province"
        for code in s.codes
    ]
    frame = pd.DataFrame(rows)
    frame["valid_from"] = pd.to_datetime(frame["valid_from"])
    frame["valid_to"] = pd.to_datetime(frame["valid_to"])
    frame.to_parquet(folder / "units.parquet", index=False)
    communes = pd.DataFrame(
        [
            {
                "code": u.code,
                "parent": u.parent,
                "valid_from": s.valid_from,
                "valid_to": s.valid_to or dt.date(9999, 12, 31),
            }
            for s in units.sets
            if s.level == "commune"
            for u in s.units
        ],
        columns=["code", "parent", "valid_from", "valid_to"],
    )
    communes["valid_from"] = pd.to_datetime(communes["valid_from"])
    communes["valid_to"] = pd.to_datetime(communes["valid_to"])
    communes.to_parquet(folder / "communes.parquet", index=False)


DUCKDB = """
import sys, duckdb
data, ref, out = sys.argv[1:4]
con = duckdb.connect()
TEXT = ", ".join(f"'{c}': 'VARCHAR'" for c in ("province", "commune", "activity_type", "subject_group", "theme",
                                              "partner"))
SOURCE = (f"read_csv('{data}', header = true, types = {{{TEXT}}})" if data.endswith(".csv")
          else f"read_parquet('{data}')")
con.execute(f'''
CREATE TEMP TABLE checked AS
WITH r AS (SELECT *, row_number() OVER () AS rn FROM {SOURCE}),
d AS (SELECT *, row_number() OVER (PARTITION BY province, commune, date, activity_type, subject_group, theme,
                                   partner, count, participants ORDER BY rn) > 1 AS duplicate FROM r)
SELECT d.*,
  d.province IS NULL OR d.date IS NULL OR d.activity_type IS NULL OR d.count IS NULL AS missing,
  coalesce(d.date NOT BETWEEN DATE '2025-01-01' AND DATE '2026-12-31', false) AS outside,
  coalesce(d.count < 0 OR d.count > {MAX_COUNT}, false)
    OR coalesce(d.participants < 0 OR d.participants > {MAX_COUNT}, false) AS out_of_range,
  d.province IS NOT NULL AND u.code IS NULL AS unknown_province,
  d.activity_type IS NOT NULL AND a.code IS NULL AS unknown_activity,
  d.subject_group IS NOT NULL AND s.code IS NULL AS unknown_subject,
  d.theme IS NOT NULL AND t.code IS NULL AS unknown_theme,
  d.partner IS NOT NULL AND p.code IS NULL AS unknown_partner,
  d.commune IS NOT NULL AND d.date IS NOT NULL AND d.province IS NOT NULL AND c.code IS NULL
    AND (SELECT count(*) FROM read_parquet('{ref}/communes.parquet')) > 0 AS bad_commune
FROM d
LEFT JOIN read_parquet('{ref}/units.parquet') u ON d.province = u.code AND d.date BETWEEN u.valid_from AND u.valid_to
LEFT JOIN read_parquet('{ref}/activity_type.parquet') a ON d.activity_type = a.code
LEFT JOIN read_parquet('{ref}/subject_group.parquet') s ON d.subject_group = s.code
LEFT JOIN read_parquet('{ref}/theme.parquet') t ON d.theme = t.code
LEFT JOIN read_parquet('{ref}/partner.parquet') p ON d.partner = p.code
LEFT JOIN read_parquet('{ref}/communes.parquet') c
  ON d.commune = c.code AND d.province = c.parent AND d.date BETWEEN c.valid_from AND c.valid_to
''')
bad = ('(missing OR outside OR out_of_range OR unknown_province OR unknown_activity OR unknown_subject '
       'OR unknown_theme OR unknown_partner OR duplicate OR bad_commune)')
con.execute(f"COPY (SELECT * EXCLUDE (rn) FROM checked WHERE NOT {bad}) TO '{out}/accepted.parquet' (FORMAT parquet)")
con.execute(f"COPY (SELECT rn FROM checked WHERE {bad}) TO '{out}/rejected.parquet' (FORMAT parquet)")
""".replace("{MAX_COUNT}", str(MAX_COUNT))

POLARS = """
import sys, polars as pl
data, ref, out = sys.argv[1:4]
text = {c: pl.String for c in ("province", "commune", "activity_type", "subject_group", "theme", "partner")}
scan = (pl.scan_csv(data, schema_overrides=text, try_parse_dates=True) if data.endswith(".csv")
        else pl.scan_parquet(data))
rows = scan.with_columns(pl.col(pl.Categorical).cast(pl.String), pl.col("date").cast(pl.Datetime("us")))
rows = rows.with_row_index("rn")
key = ["province", "commune", "date", "activity_type", "subject_group", "theme", "partner", "count", "participants"]
units = pl.scan_parquet(f"{ref}/units.parquet")
checked = rows.with_columns(duplicate=pl.col("rn").rank("ordinal").over(key) > 1)
known = checked.join(units, left_on="province", right_on="code", how="inner").filter(
    pl.col("date").is_between(pl.col("valid_from"), pl.col("valid_to"))).select("rn").with_columns(unit_ok=pl.lit(True))
checked = checked.join(known, on="rn", how="left")
communes = pl.scan_parquet(f"{ref}/communes.parquet")
if communes.select(pl.len()).collect().item():
    placed = checked.join(communes, left_on=["commune", "province"], right_on=["code", "parent"], how="inner").filter(
        pl.col("date").is_between(pl.col("valid_from"), pl.col("valid_to"))).select("rn").with_columns(
        commune_ok=pl.lit(True))
    checked = checked.join(placed, on="rn", how="left")
else:
    checked = checked.with_columns(commune_ok=pl.lit(True))
for kind in ("activity_type", "subject_group", "theme", "partner"):
    codes = pl.scan_parquet(f"{ref}/{kind}.parquet").with_columns(pl.lit(True).alias(f"{kind}_ok"))
    checked = checked.join(codes, left_on=kind, right_on="code", how="left")
terms = [pl.col("province").is_null(), pl.col("date").is_null(), pl.col("activity_type").is_null(),
         pl.col("count").is_null(), ~pl.col("date").is_between(pl.datetime(2025, 1, 1), pl.datetime(2026, 12, 31)),
         pl.col("count") < 0, pl.col("count") > 10_000_000, pl.col("participants") < 0,
         pl.col("participants") > 10_000_000, pl.col("unit_ok").is_null() & pl.col("province").is_not_null(),
         pl.col("duplicate"), pl.col("commune_ok").is_null() & pl.col("commune").is_not_null(),
         *[pl.col(f"{k}_ok").is_null() & pl.col(k).is_not_null()
                                for k in ("activity_type", "subject_group", "theme", "partner")]]
checked = checked.with_columns(bad=pl.any_horizontal(*[t.fill_null(False) for t in terms])).collect()
checked.filter(~pl.col("bad")).select(key).write_parquet(f"{out}/accepted.parquet")
checked.filter(pl.col("bad")).select("rn").write_parquet(f"{out}/rejected.parquet")
"""


# A child's peak RSS counts the memory of the process it was forked from: each command is
# started by this small launcher, not by the benchmark (which holds the data it checks).
LAUNCH = """
import os, sys, time
started = time.perf_counter()
pid = os.fork()
if pid == 0:
    fd = os.open(os.devnull, os.O_WRONLY)
    os.dup2(fd, 1)
    os.dup2(fd, 2)
    os.execv(sys.argv[1], sys.argv[1:])
_, status, usage = os.wait4(pid, 0)
print(time.perf_counter() - started, usage.ru_maxrss, os.waitstatus_to_exitcode(status))
"""


def build_store(folder: Path, rows: int) -> Path:
    """A national store (``bhxh-comms ingest``) of ``rows`` synthetic rows without mistakes."""
    data, store = folder / f"data-{rows}.parquet", folder / f"kho-{rows}"
    generate(data, rows, mistakes=False)
    built = subprocess.run(
        [sys.executable, "-m", "bhxh_comms", "ingest", str(data), "--store", str(store)], capture_output=True
    )
    assert built.returncode in (0, 1), built.stderr[-2000:]  # 1: the few exact duplicates drawn
    data.unlink()
    return store


def timed(command: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (GB) of one whole process."""
    found = subprocess.run([sys.executable, "-c", LAUNCH, *command], capture_output=True, text=True, check=True)
    elapsed, peak, code = found.stdout.split()
    if int(code) not in ((0, 1) if "bhxh_comms" in command else (0,)):
        raise SystemExit(f"{command[:3]} failed with exit code {code}")
    return float(elapsed), int(peak) / 1024 / 1024


def by_province(frame: pd.DataFrame) -> pd.Series:
    return frame.groupby(frame["province"].astype(str))["count"].sum().sort_index()


def check(store: Path, baseline: Path, rows: int, name: str) -> None:
    """Both sides accepted and rejected the same number of rows, with the same counts."""
    accepted = Store.open(store).log()
    theirs = pd.read_parquet(baseline / "accepted.parquet")
    rejected = pq.read_metadata(baseline / "rejected.parquet").num_rows
    mine_rejected = rows - len(accepted)
    assert len(accepted) == len(theirs), (name, len(accepted), len(theirs))
    assert mine_rejected == rejected, (name, mine_rejected, rejected)
    pd.testing.assert_series_equal(by_province(accepted), by_province(theirs), check_dtype=False, check_names=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, nargs="+", default=[1_000_000, 10_000_000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-polars", action="store_true")
    parser.add_argument("--csv", action="store_true", help="the data as a CSV file (ISO dates) instead of Parquet")
    args = parser.parse_args()
    cli = [sys.executable, "-m", "bhxh_comms"]
    print(f"{'rows':>11} {'command':<44} {'median s':>9} {'best s':>7} {'peak GB':>8} {'ratio':>6}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        reference_tables(folder)
        for rows in args.rows:
            data = folder / f"data-{rows}.parquet"
            generate(data, rows)
            if args.csv:
                parquet, data = data, data.with_suffix(".csv")
                pd.read_parquet(parquet).to_csv(data, index=False, date_format="%Y-%m-%d")
                parquet.unlink()
            sides: dict[str, list[str]] = {
                "bhxh-comms ingest DATA --store DIR --year 2026 --compare 2025": [
                    *cli, "ingest", str(data), "--store", str(folder / "kho"), "--year", "2026", "--compare", "2025"
                ],
                "bhxh-comms validate DATA --year 2026 --compare 2025": [
                    *cli, "validate", str(data), "--year", "2026", "--compare", "2025"
                ],
                "DuckDB script (same checks, COPY accepted)": [
                    sys.executable, "-c", DUCKDB, str(data), str(folder), str(folder / "out-2")
                ],
            }  # fmt: skip
            if not args.no_polars:
                sides["Polars lazy (same checks)"] = [
                    sys.executable, "-c", POLARS, str(data), str(folder), str(folder / "out-3")
                ]  # fmt: skip
            outputs = {name: folder / f"out-{n}" for n, name in enumerate(sides)}
            outputs["bhxh-comms ingest DATA --store DIR --year 2026 --compare 2025"] = folder / "kho"
            times: dict[str, list[tuple[float, float]]] = {name: [] for name in sides}
            for _ in range(args.repeat):
                for name, command in sides.items():
                    shutil.rmtree(outputs[name], ignore_errors=True)
                    if not name.startswith("bhxh"):
                        outputs[name].mkdir()
                    times[name].append(timed(command))
                for name in sides:
                    if not name.startswith("bhxh"):
                        check(folder / "kho", outputs[name], rows, name)
            duck = statistics.median(t for t, _ in times["DuckDB script (same checks, COPY accepted)"])
            for name, runs in times.items():
                median = statistics.median(t for t, _ in runs)
                best = min(t for t, _ in runs)
                peak = max(m for _, m in runs)
                print(f"{rows:>11,} {name:<44} {median:>9.2f} {best:>7.2f} {peak:>8.2f} {median / duck:>5.2f}×")
            data.unlink()


if __name__ == "__main__":
    main()
