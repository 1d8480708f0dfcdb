"""``bhxh-comms aggregate --store`` as users run it, against a DuckDB script over the same store.

Builds a national store (``bhxh-comms ingest``) from reproducible synthetic rows (the real unit
sets across mid-2025, every catalog, 2025–2026, no mistakes: the rejects workbook is not what
is measured here), then times as whole processes, alternating, median of ``--repeat``:

* ``bhxh-comms aggregate --store DIR --year 2026 --compare 2025 --format json --out OUT``
  (every table, the comparison, every target, the statements, report.json);
* a DuckDB script reading the store's Parquet as it is (Hive partitions) and computing the
  tables of ``QUERIES`` (national with the previous year, by province,
  subject group, theme, partner, monthly, the target figures) plus by commune and the previous
  year's monthly and by-province tables, written as one JSON file.

The DuckDB side does less (no crosswalk of the 63 old provinces, no statements, no scorecard
layout): its time is a floor. Before printing a ratio, the national totals by activity type
and the 2026 totals by province are checked equal.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).parent))
from validate_vs_duckdb import build_store, timed

# The main tables of a report, as a DuckDB user would write them over the store (``cur``: the
# report year, ``prev``: the comparison year).
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


DUCKDB = """
import json, sys, duckdb
store, out = sys.argv[1:3]
queries = json.loads(sys.argv[3])
con = duckdb.connect()
rows = f"read_parquet('{store}/rows/**/*.parquet', hive_partitioning = true)"
con.execute(f"CREATE TEMP TABLE cur AS SELECT * FROM {rows} WHERE year = 2026")
con.execute(f"CREATE TEMP TABLE prev AS SELECT * FROM {rows} WHERE year = 2025")
queries["by_commune"] = "SELECT province, commune, activity_type, sum(count), sum(participants) FROM cur GROUP BY ALL"
queries["monthly_previous"] = ("SELECT month(date) m, activity_type, sum(count), sum(participants) "
                              "FROM prev GROUP BY ALL")
queries["by_province_previous"] = "SELECT province, activity_type, sum(count) FROM prev GROUP BY ALL"
tables = {}
for name, sql in queries.items():
    frame = con.execute(sql.replace("{year}", "2026")).df()
    tables[name] = json.loads(frame.to_json(orient="records", date_format="iso"))
with open(out, "w", encoding="utf-8") as f:
    json.dump(tables, f, ensure_ascii=False)
"""


def check(report_json: Path, duck_json: Path) -> None:
    """National totals by activity type, totals by province, and the numerators of the weekly
    broadcast and commune coverage targets are the same on both sides."""
    report = json.loads(report_json.read_text(encoding="utf-8"))["tables"]
    duck = json.loads(duck_json.read_text(encoding="utf-8"))
    mine = {r["activity_type"]: int(r["count"]) for r in report["national"]["rows"] if r["count"] is not None}
    theirs = {r["activity_type"]: int(r["count"]) for r in duck["national"] if r["count"] is not None}
    assert {k: v for k, v in mine.items() if v} == {k: v for k, v in theirs.items() if v}, (mine, theirs)
    by_province = pd.DataFrame(report["by_province"]["rows"]).groupby("province")["count"].sum()
    duck_province = pd.DataFrame(duck["by_province"]).groupby("province")["count"].sum()
    pd.testing.assert_series_equal(
        by_province.sort_index(), duck_province.sort_index(), check_names=False, check_dtype=False
    )
    scorecard = pd.DataFrame(report["scorecard"]["rows"])
    for target, table in (("broadcast_weekly", "broadcast_weekly"), ("commune_coverage", "commune_coverage")):
        ours = scorecard[scorecard["target"] == target].set_index("province")["numerator"].fillna(0).astype(int)
        sql = pd.DataFrame(duck[table])
        theirs_s = sql.set_index("province").iloc[:, 0].reindex(ours.index, fill_value=0).astype(int)
        assert (ours == theirs_s).all(), f"{target} differs"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, nargs="+", default=[1_000_000, 10_000_000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    cli = [sys.executable, "-m", "bhxh_comms"]
    print(f"{'rows':>11} {'command':<48} {'median s':>9} {'best s':>7} {'peak GB':>8} {'ratio':>6}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for rows in args.rows:
            store = build_store(folder, rows)
            out, duck = folder / "ket-qua", folder / "duckdb.json"
            sides = {
                "bhxh-comms aggregate --store DIR … --format json": [
                    *cli, "aggregate", "--store", str(store), "--year", "2026", "--compare", "2025",
                    "--format", "json", "--out", str(out), "--force",
                ],
                "DuckDB script (same store, the main tables)": [
                    sys.executable, "-c", DUCKDB, str(store), str(duck), json.dumps(QUERIES)
                ],
            }  # fmt: skip
            times: dict[str, list[tuple[float, float]]] = {name: [] for name in sides}
            for _ in range(args.repeat):
                for name, command in sides.items():
                    times[name].append(timed(command))
                check(out / "report.json", duck)
            floor = statistics.median(t for t, _ in times["DuckDB script (same store, the main tables)"])
            for name, runs in times.items():
                median = statistics.median(t for t, _ in runs)
                best, peak = min(t for t, _ in runs), max(m for _, m in runs)
                print(f"{rows:>11,} {name:<48} {median:>9.2f} {best:>7.2f} {peak:>8.2f} {median / floor:>5.2f}×")
            shutil.rmtree(store)


if __name__ == "__main__":
    main()
