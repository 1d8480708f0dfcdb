"""The national run with hostile files in it: time and peak memory of the command users run.

Builds, in a temporary folder, the 34 valid province workbooks and every hostile file of
``tests/hostile_files.py``, then times ``bhxh-comms aggregate <folder>`` as a whole process
(wall time and peak RSS of that process) next to the same command on the 34 valid files alone.
It also measures reading each hostile file alone, and an aggregate of a Parquet file of
``--wide-rows`` rows with a different commune on every row (the JSON and CSV outputs stream
their tables).

    python benchmarks/hostile_batch.py            # from the repository root
    python benchmarks/hostile_batch.py --wide-rows 1000000
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests import hostile_files as hf

# Runs a command and prints its peak RSS (the largest child this wrapper waited for).
_MEASURE = (
    "import resource, subprocess, sys; done = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
    "print(done.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); "
    "sys.stderr.write(done.stderr)"
)


def measure(command: list[str], env: dict[str, str] | None = None) -> tuple[int, float, float, str]:
    """Exit code, wall seconds, peak RSS in MB, and the end of stderr of ``command``."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, *command], capture_output=True, text=True, check=True, env=env
    )
    elapsed = time.perf_counter() - started
    code, peak_kb = done.stdout.split()
    return int(code), elapsed, int(peak_kb) / 1024, done.stderr


def aggregate(inputs: list[str], out: Path, formats: str = "json") -> list[str]:
    return [sys.executable, "-m", "bhxh_comms", "aggregate", *inputs, "--year", "2026", "--format", formats,
            "--out", str(out)]  # fmt: skip


_READ_ONE = (
    "import sys; from bhxh_comms.ingest import read_reports; r = read_reports(sys.argv[1:]); "
    "print(r.reconciliation()); [print(p.as_message().line()[:160]) for p in r.file_problems]"
)


def wide_parquet(path: Path, rows: int) -> Path:
    rng = np.random.default_rng(7)
    codes = list(hf.province_codes())
    days = pd.date_range("2026-01-01", "2026-12-31").date
    frame = pd.DataFrame(
        {
            "province": rng.choice(codes, rows),
            "commune": [f"{n:08d}" for n in range(rows)],
            "date": rng.choice(days, rows),
            "activity_type": rng.choice(["conference", "small_group", "broadcast", "press"], rows),
            "count": rng.integers(1, 9, rows),
        }
    )
    frame.to_parquet(path, index=False)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--wide-rows", type=int, default=1_000_000)
    args = parser.parse_args()
    print(f"# {dt.date.today()}, Python {sys.version.split()[0]}")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        valid = root / "hop-le"
        hf.valid_batch(valid)
        mixed = root / "lan-tep-doc"
        hf.valid_batch(mixed)
        hostile = {name: make(mixed) for name, make in hf.HOSTILE.items()}

        print("\n| hostile file | size on disk | read alone: s | peak MB | what is said |")
        print("|---|---|---|---|---|")
        for name, path in hostile.items():
            code, elapsed, peak, _ = measure([sys.executable, "-c", _READ_ONE, str(path)])
            said = subprocess.run(
                [sys.executable, "-c", _READ_ONE, str(path)], capture_output=True, text=True, check=False
            ).stdout.splitlines()
            reason = said[1].split(": ", 2)[-1][:90] if len(said) > 1 else said[0][:90] if said else f"exit {code}"
            size = path.stat().st_size / 1024
            print(f"| {name} | {size:,.0f} KB | {elapsed:.2f} | {peak:,.0f} | {reason} |")

        print("\n| run | exit | wall s | peak MB |")
        print("|---|---|---|---|")
        for label, folder in (("34 valid files", valid), (f"34 valid + {len(hostile)} hostile files", mixed)):
            code, elapsed, peak, err = measure(aggregate([str(folder)], root / f"out-{folder.name}"))
            print(f"| `bhxh-comms aggregate` on {label} | {code} | {elapsed:.1f} | {peak:,.0f} |")
        named = sum(str(p) in err for p in hostile.values())
        print(f"\nhostile files named on stderr: {named} of {len(hostile)}")
        report = json.loads((root / f"out-{mixed.name}" / "report.json").read_text(encoding="utf-8"))
        reporting = sum(1 for r in report["tables"]["completeness"]["rows"] if r["reported"])
        print(f"provinces aggregated in the mixed run: {reporting}")

        if args.wide_rows:
            parquet = wide_parquet(root / "wide.parquet", args.wide_rows)
            # A million made-up communes: with the commune lists installed they would all be
            # rejected as unknown, so they are not loaded for this measure of the outputs.
            unchecked = {**os.environ, "BHXH_COMMS_BLOCK_PLUGINS": "bhxh-comms-units-vn"}
            code, elapsed, peak, err = measure(aggregate([str(parquet)], root / "out-wide", "json,csv"), unchecked)
            sizes = sum(p.stat().st_size for p in (root / "out-wide").iterdir()) / 1024**2
            print(
                f"\n| `bhxh-comms aggregate` {args.wide_rows:,} rows, a commune per row, json+csv | exit {code} | "
                f"{elapsed:.1f} s | peak {peak:,.0f} MB | outputs {sizes:,.0f} MB |"
            )
            if code not in (0, 1):
                print(err[-2000:])


if __name__ == "__main__":
    main()
