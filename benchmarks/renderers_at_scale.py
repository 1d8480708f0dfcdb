"""Every bundled output format on a national report built from 10M rows.

Builds a national store from reproducible synthetic rows (``bhxh-comms ingest``, as
``aggregate_store_vs_duckdb.py`` does; or ``--store DIR`` reuses one), builds the report once,
then times each installed renderer writing it (``--repeat`` runs each, median and best), and
the whole ``bhxh-comms aggregate --store … --format F`` process per format. Prints the files'
sizes; for the dashboard, the size of the data it embeds, raw and gzip-compressed.

The goal (issue 14): each format renders in under 3 s; the dashboard's embedded data stays
under 1 MB gzip.
"""

from __future__ import annotations

import argparse
import gzip
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from validate_vs_duckdb import build_store, timed

from bhxh_comms.ingest import Store
from bhxh_comms.pipeline import run
from bhxh_comms.plugin_manager import get_plugin_manager


def embedded_data(files: list[Path]) -> bytes:
    """The dashboard's data as it travels with the page: its JSON file."""
    found = [p for p in files if p.suffix == ".json"]
    return found[0].read_bytes() if found else b""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--store", type=Path, help="an existing store (built by bhxh-comms ingest) to use")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    pm = get_plugin_manager()
    names = sorted(pm.renderers())
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        store = args.store or build_store(folder, args.rows)
        started = time.perf_counter()
        report = run([], store=Store.open(store), year=2026, compare=2025, pm=pm).report
        print(f"report built in {time.perf_counter() - started:.2f} s (in process); tables: "
              + ", ".join(f"{n} {len(t):,}" for n, t in report.tables.items() if len(t) > 1000))  # fmt: skip
        print(f"{'format':<10} {'median s':>9} {'best s':>7} {'whole process s':>16} {'files':>10}  notes")
        for name in names:
            renderer = pm.registered_renderer(name).renderer
            runs, files = [], []
            for attempt in range(args.repeat):
                out = folder / f"out-{name}-{attempt}"
                out.mkdir()
                copy = report.copy()
                started = time.perf_counter()
                files = list(renderer.render(copy, out, {}))
                runs.append(time.perf_counter() - started)
            whole, _ = timed(
                [sys.executable, "-m", "bhxh_comms", "aggregate", "--store", str(store), "--year", "2026",
                 "--compare", "2025", "--format", name, "--out", str(folder / f"whole-{name}"), "--force"]
            )  # fmt: skip
            size = sum(p.stat().st_size for p in files)
            notes = ""
            if name == "dashboard":
                data = embedded_data(files)
                notes = f"embedded data {len(data) / 1e6:.2f} MB, gzip {len(gzip.compress(data, 9)) / 1e6:.2f} MB"
            median, best = statistics.median(runs), min(runs)
            print(f"{name:<10} {median:>9.2f} {best:>7.2f} {whole:>16.2f} {size / 1e6:>8.2f}MB  {notes}")


if __name__ == "__main__":
    main()
