"""Aggregate + targets + report for one year against the previous one, against DuckDB SQL.

Generates a reproducible synthetic national dataset (34 provinces, 3,321 communes, five
years 2022–2026, every catalog) as Parquet, then in the same run:

* bhxh-comms: read the Parquet file, ``build_report`` for 2026 vs 2025 with the default
  targets (national, province, subject-group, theme, partner and monthly tables, the
  comparison, and every target including the commune × week broadcast rule);
* DuckDB: equivalent SQL over the same file;

checks that the figures agree and prints both times, the ratio and peak memory.
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

import attrs
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

import bhxh_comms
from bhxh_comms import Period, UnitRegistry, synthetic
from bhxh_comms.ingest import read_log
from bhxh_comms.report.build import build_report

YEAR, PREVIOUS = 2026, 2025
COLUMNS = ["province", "commune", "date", "activity_type", "subject_group", "theme", "partner", "count", "participants"]


def units_34() -> UnitRegistry:
    """The 34-province set stretched back to 2022, so five years share one set of units."""
    vn34 = bhxh_comms.default_units().get("vn-34")
    return UnitRegistry(sets=[attrs.evolve(vn34, valid_from=dt.date(2020, 1, 1))])


def generate(path: Path, rows: int, chunk: int = 1_000_000) -> None:
    units, catalogs = units_34(), bhxh_comms.default_catalogs()
    writer = None
    written = 0
    part = 0
    while written < rows:
        n = min(chunk, rows - written)
        frame = synthetic.activities(
            units=units, catalogs=catalogs, start=dt.date(2022, 1, 1), end=dt.date(2026, 12, 31), rows=n, seed=part
        )
        table = pa.Table.from_pandas(frame[COLUMNS].astype({"commune": "category"}), preserve_index=False)
        table = table.cast(
            pa.schema(
                [
                    f if f.name != "commune" else pa.field("commune", pa.dictionary(pa.int16(), pa.string()))
                    for f in table.schema
                ]
            )
        )
        if writer is None:
            writer = pq.ParquetWriter(path, table.schema)
        writer.write_table(table)
        written += n
        part += 1
    assert writer is not None
    writer.close()


def run_library(path: Path) -> tuple[float, float, bhxh_comms.Report]:
    t0 = time.perf_counter()
    window = Period.between(dt.date(PREVIOUS, 1, 1), dt.date(YEAR, 12, 31))
    log = read_log(path, period=window)  # only the two years compared are read, as DuckDB does
    log["unit_set"] = pd.Categorical.from_codes(np.zeros(len(log), dtype=np.int8), categories=["vn-34"])
    loaded = time.perf_counter() - t0
    units = units_34()
    denominators = synthetic.denominators(units.get("vn-34"), seed=5).set_index("province")
    t0 = time.perf_counter()
    report = build_report(
        log,
        period=Period.year(YEAR),
        comparison_period=Period.year(PREVIOUS),
        catalogs=bhxh_comms.default_catalogs(),
        units=units,
        targets=bhxh_comms.default_targets(),
        denominators=denominators,
        generated_at=dt.datetime(2027, 1, 1, tzinfo=dt.UTC),
    )
    return loaded, time.perf_counter() - t0, report


SQL = """
CREATE TEMP TABLE cur AS SELECT * FROM read_parquet('{path}') WHERE year(date) = {year};
CREATE TEMP TABLE prev AS SELECT * FROM read_parquet('{path}') WHERE year(date) = {previous};
"""

QUERIES = {
    "national": """
        SELECT c.activity_type, c.count, c.participants, p.count AS count_previous, c.count / p.count AS ratio
        FROM (SELECT activity_type, sum(count) AS count, sum(participants) AS participants FROM cur GROUP BY 1) c
        FULL JOIN (SELECT activity_type, sum(count) AS count FROM prev GROUP BY 1) p USING (activity_type)""",
    "by_province": """SELECT province, activity_type, sum(count) AS count, sum(participants) AS participants
        FROM cur GROUP BY 1, 2""",
    "province_totals": """SELECT c.province, c.count, p.count AS count_previous
        FROM (SELECT province, sum(count) AS count FROM cur GROUP BY 1) c
        FULL JOIN (SELECT province, sum(count) AS count FROM prev GROUP BY 1) p USING (province)""",
    "by_subject_group": """SELECT c.k, c.count, p.count FROM (SELECT subject_group k, sum(count) count FROM cur
        WHERE subject_group IS NOT NULL GROUP BY 1) c FULL JOIN (SELECT subject_group k, sum(count) count FROM prev
        WHERE subject_group IS NOT NULL GROUP BY 1) p USING (k)""",
    "by_theme": """SELECT c.k, c.count, p.count FROM (SELECT theme k, sum(count) count FROM cur
        WHERE theme IS NOT NULL GROUP BY 1) c FULL JOIN (SELECT theme k, sum(count) count FROM prev
        WHERE theme IS NOT NULL GROUP BY 1) p USING (k)""",
    "by_partner": """SELECT c.k, c.count, p.count FROM (SELECT partner k, sum(count) count FROM cur
        WHERE partner IS NOT NULL GROUP BY 1) c FULL JOIN (SELECT partner k, sum(count) count FROM prev
        WHERE partner IS NOT NULL GROUP BY 1) p USING (k)""",
    "monthly": """SELECT month(date) m, activity_type, sum(count), sum(participants) FROM cur GROUP BY 1, 2""",
    "enterprise_conferences": """SELECT province, sum(count) FROM cur WHERE activity_type = 'conference'
        AND subject_group = 'enterprise' GROUP BY 1""",
    "commune_coverage": """SELECT province, count(DISTINCT commune) FROM cur WHERE activity_type = 'conference'
        AND commune IS NOT NULL GROUP BY 1""",
    "broadcast_weekly": """SELECT province, count(*) AS compliant FROM (
          SELECT province, commune, yearweek(date) w, sum(count) total,
                 sum(CASE WHEN theme = 'voluntary_si' THEN count ELSE 0 END) sub
          FROM cur WHERE activity_type = 'broadcast' AND commune IS NOT NULL GROUP BY 1, 2, 3)
        WHERE total >= 4 AND sub >= 2 AND isoyear(make_date(w // 100, 1, 4)) = {year} GROUP BY 1""",
    "partner_conferences": """SELECT province, partner, sum(count) FROM cur WHERE activity_type = 'conference'
        AND subject_group IN ('collaborators', 'ethnic_minority') AND partner IS NOT NULL GROUP BY 1, 2""",
    "collaborators_trained": """SELECT province, sum(participants) FROM cur WHERE activity_type = 'training'
        AND subject_group = 'collaborators' GROUP BY 1""",
    "labor_force_reach": """SELECT province, sum(participants),
        sum(CASE WHEN theme = 'voluntary_si' THEN participants ELSE 0 END) FROM cur
        WHERE subject_group IN ('labor_force', 'enterprise', 'industrial_zone', 'voluntary_si') GROUP BY 1""",
    "cadres_reach": """SELECT province, sum(participants) FROM cur WHERE subject_group = 'cadres'
        AND theme = 'nq28_reform' GROUP BY 1""",
}


def run_duckdb(path: Path) -> tuple[float, dict[str, pd.DataFrame]]:
    import duckdb

    t0 = time.perf_counter()
    con = duckdb.connect()
    con.execute(SQL.format(path=path, year=YEAR, previous=PREVIOUS))
    results = {name: con.execute(q.format(year=YEAR)).df() for name, q in QUERIES.items()}
    elapsed = time.perf_counter() - t0
    con.close()
    return elapsed, results


def check(report: bhxh_comms.Report, sql: dict[str, pd.DataFrame]) -> None:
    national = report.tables["national"].set_index(report.tables["national"]["activity_type"].astype(str))
    theirs = sql["national"].set_index("activity_type")
    for code, row in theirs.iterrows():
        assert national.loc[code, "count"] == row["count"], code
        assert national.loc[code, "count_previous"] == row["count_previous"], code
    scorecard = report.tables["scorecard"]
    weekly = scorecard[scorecard["target"] == "broadcast_weekly"].set_index("province")["numerator"]
    sql_weekly = sql["broadcast_weekly"].set_index("province")["compliant"].reindex(weekly.index, fill_value=0)
    assert (weekly.astype(int) == sql_weekly.astype(int)).all(), "broadcast_weekly differs"
    coverage = scorecard[scorecard["target"] == "commune_coverage"].set_index("province")["numerator"]
    sql_cov = sql["commune_coverage"].set_index("province").iloc[:, 0].reindex(coverage.index, fill_value=0)
    assert (coverage.astype(int) == sql_cov.astype(int)).all(), "commune_coverage differs"
    by_province = report.tables["by_province"]
    assert by_province["count"].sum() == sql["by_province"]["count"].sum()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, nargs="+", default=[1_000_000, 10_000_000])
    parser.add_argument("--dir", type=Path, help="keep the generated Parquet files here")
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs of each side, alternating; the best and the median are shown"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        directory = args.dir or Path(tmp)
        directory.mkdir(parents=True, exist_ok=True)
        for rows in args.rows:
            path = directory / f"activities-{rows}.parquet"
            if not path.exists():
                t0 = time.perf_counter()
                generate(path, rows)
                print(f"generated {rows:,} rows in {time.perf_counter() - t0:.1f} s → {path}", file=sys.stderr)
            # Alternate the two sides so that neither gets a warmer page cache; the first run of
            # each pays one-off costs (imports, first touch of the file), so best and median are shown.
            ours_runs, duck_runs = [], []
            for _ in range(max(1, args.repeat)):
                duck, sql = run_duckdb(path)
                loaded, computed, report = run_library(path)
                check(report, sql)
                duck_runs.append(duck)
                ours_runs.append((loaded + computed, loaded, computed))
            best = min(ours_runs)
            duck_best = min(duck_runs)
            ours_median = statistics.median(r[0] for r in ours_runs)
            duck_median = statistics.median(duck_runs)
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024
            print(
                f"{rows:>11,} rows | bhxh-comms best {best[0]:5.2f} s (read {best[1]:.2f} + report {best[2]:.2f}), "
                f"median {ours_median:5.2f} s | DuckDB best {duck_best:5.2f} s, median {duck_median:5.2f} s | "
                f"ratio best {best[0] / duck_best:4.2f}×, median {ours_median / duck_median:4.2f}× | "
                f"peak RSS so far {peak:.2f} GB | results match"
            )


if __name__ == "__main__":
    main()
