"""How long the commands that render nothing take to start: ``bhxh-comms --help`` and
``bhxh-comms plugins`` as whole processes (median of ``--repeat``), against ``python -c pass``
(the interpreter alone), and the slowest imports (``python -X importtime``). Goal (issue 14):
under 0,3 s each.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

COMMANDS = {
    "python -c pass": [sys.executable, "-c", "pass"],
    "bhxh-comms --help": [sys.executable, "-m", "bhxh_comms", "--help"],
    "bhxh-comms plugins": [sys.executable, "-m", "bhxh_comms", "plugins"],
}


def seconds(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, capture_output=True, check=True)
    return time.perf_counter() - started


def slowest_imports(count: int = 8) -> list[tuple[int, str]]:
    found = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "bhxh_comms", "--help"], capture_output=True, text=True, check=True
    )
    rows = []
    for line in found.stderr.splitlines():
        parts = line.split("|")
        if len(parts) == 3 and parts[1].strip().isdigit():
            rows.append((int(parts[1]), parts[2].rstrip()))
    return sorted(rows, reverse=True)[:count]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    for name, command in COMMANDS.items():
        seconds(command)  # warm the file cache
        times = [seconds(command) for _ in range(args.repeat)]
        print(f"{name:<22} median {statistics.median(times):.3f} s   best {min(times):.3f} s")
    print("slowest imports of `bhxh-comms --help` (cumulative µs):")
    for micros, name in slowest_imports():
        print(f"  {micros:>8}  {name}")


if __name__ == "__main__":
    main()
