"""``bhxh-comms aggregate --store`` on a store of 100M rows, a few provinces at a time.

Builds (or reuses, ``--store``) a 10M-row national store with ``bhxh-comms ingest`` from
reproducible synthetic rows, then writes a store ``--times`` larger straight into the store
layout (each partition's rows repeated: ingesting 100M rows through validation would need the
memory this benchmark is about). Then, whole processes, ``SOURCE_DATE_EPOCH`` fixed:

* the 10M store read at once (``--chunk-rows`` above its rows), and again with
  ``--chunk-rows 1000000`` (a few provinces at a time): report.json must be byte for byte the
  same;
* the large store (read a few provinces, about ``CHUNK_ROWS`` rows, at a time): every
  national total must be ``--times`` the 10M store's; its wall time and peak memory (goal,
  issue 14: under 3 GB) beside a DuckDB script computing the main tables over the same store.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

import pyarrow.parquet as pq

sys.path.insert(0, str(Path(__file__).parent))
from aggregate_store_vs_duckdb import DUCKDB, QUERIES
from validate_vs_duckdb import build_store, timed


def enlarge(store: Path, target: Path, times: int) -> int:
    """A copy of ``store`` whose every partition holds its rows ``times`` over; the rows written."""
    shutil.copytree(store, target, ignore=shutil.ignore_patterns("rows"))
    written = 0
    for part in sorted((store / "rows").rglob("data.parquet")):
        table = pq.read_table(part)
        out = target / part.relative_to(store)
        out.parent.mkdir(parents=True, exist_ok=True)
        with pq.ParquetWriter(out, table.schema) as writer:
            for _ in range(times):
                writer.write_table(table)
        written += table.num_rows * times
    return written


def national(out: Path) -> dict[str, int]:
    rows = json.loads((out / "report.json").read_text(encoding="utf-8"))["tables"]["national"]["rows"]
    return {r["activity_type"]: int(r["count"]) for r in rows}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=10_000_000, help="rows of the store built by ingest")
    parser.add_argument("--store", type=Path, help="an existing store (built by bhxh-comms ingest) to start from")
    parser.add_argument("--times", type=int, default=10, help="how many times larger the large store is")
    parser.add_argument("--work", type=Path, help="folder for the large store (default: a temporary one)")
    args = parser.parse_args()
    os.environ["SOURCE_DATE_EPOCH"] = "1800000000"
    cli = [sys.executable, "-m", "bhxh_comms", "aggregate", "--year", "2026", "--compare", "2025", "--format", "json"]
    with tempfile.TemporaryDirectory(dir=args.work) as tmp:
        folder = Path(tmp)
        small = args.store or build_store(folder, args.rows)
        print(f"{'run':<58} {'wall s':>7} {'peak GB':>8}")
        results = {}
        for name, chunk in (("10M store, read at once", "1000000000"), ("10M store, --chunk-rows 1000000", "1000000")):
            out = folder / name.split(",")[1].strip().replace(" ", "-")
            wall, peak = timed([*cli, "--store", str(small), "--out", str(out), "--force", "--chunk-rows", chunk])
            results[name] = out
            print(f"{name:<58} {wall:>7.2f} {peak:>8.2f}")
        first, second = results.values()
        assert (first / "report.json").read_bytes() == (second / "report.json").read_bytes(), "chunked ≠ at once"
        print("report.json of both: byte for byte the same")
        big = folder / "kho-lon"
        rows = enlarge(small, big, args.times)
        out = folder / "lon"
        wall, peak = timed([*cli, "--store", str(big), "--out", str(out), "--force"])
        label = f"{rows / 1e6:.0f}M store (partitions ×{args.times}), a few provinces at a time"
        print(f"{label:<58} {wall:>7.2f} {peak:>8.2f}")
        expected = {k: v * args.times for k, v in national(first).items()}
        assert national(out) == expected, (national(out), expected)
        print(f"national totals: {args.times}× those of the 10M store")
        duck_wall, duck_peak = timed(
            [sys.executable, "-c", DUCKDB, str(big), str(folder / "d.json"), json.dumps(QUERIES)]
        )
        print(f"{'DuckDB script, main tables, same large store':<58} {duck_wall:>7.2f} {duck_peak:>8.2f}")


if __name__ == "__main__":
    main()
