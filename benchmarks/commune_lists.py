"""What the commune lists (bhxh-comms-units-vn) cost at first use, and what they cost when not needed.

Whole processes, alternating: ``pm.units()`` with the plugin and with it blocked
(``BHXH_COMMS_BLOCK_PLUGINS``), the difference being the lists' load; ``bhxh-comms --help``
with the plugin installed (the lists must not load). Peak memory is each process's own
(``wait4``). Goal (issue 15): under 1 s and under 150 MB at first use, nothing when not needed.

    python benchmarks/commune_lists.py --repeat 5
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time

UNITS = (
    "import time; t = time.perf_counter(); from bhxh_comms import get_plugin_manager; "
    "units = get_plugin_manager().units(); print(time.perf_counter() - t, units.has_communes)"
)


def measure(code: str, env: dict[str, str]) -> tuple[float, float, str]:
    """Wall time (s), peak RSS (MB) and stdout of ``python -c code``."""
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-c", code], env=env, stdout=subprocess.PIPE, text=True)
    out = process.stdout.read() if process.stdout else ""
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise SystemExit(f"failed: {code}")
    return time.perf_counter() - started, usage.ru_maxrss / 1024, out.strip()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with_plugin = dict(os.environ)
    blocked = {**os.environ, "BHXH_COMMS_BLOCK_PLUGINS": "bhxh-comms-units-vn"}
    runs: dict[str, list[tuple[float, float]]] = {"with": [], "without": []}
    walls: dict[str, list[float]] = {"with": [], "without": []}
    for _ in range(args.repeat):
        for name, env in (("with", with_plugin), ("without", blocked)):
            wall, peak, out = measure(UNITS, env)
            seconds, has = out.split()
            expected = "True" if name == "with" else "False"
            if has != expected:
                raise SystemExit(f"{name}: has_communes={has}, expected {expected} (is bhxh-comms-units-vn installed?)")
            runs[name].append((float(seconds), peak))
            walls[name].append(wall)
    w_time = statistics.median(t for t, _ in runs["with"])
    o_time = statistics.median(t for t, _ in runs["without"])
    w_peak = statistics.median(p for _, p in runs["with"])
    o_peak = statistics.median(p for _, p in runs["without"])
    print(f"pm.units() with the commune lists:    {w_time:.2f} s, process peak {w_peak:.0f} MB")
    print(f"pm.units() without them (blocked):     {o_time:.2f} s, process peak {o_peak:.0f} MB")
    print(
        f"whole processes: {statistics.median(walls['with']):.2f} s with, "
        f"{statistics.median(walls['without']):.2f} s without"
    )
    cost = f"{w_time - o_time:.2f} s, {w_peak - o_peak:.0f} MB"
    print(f"the lists' load at first use:          {cost}  (goal < 1 s, < 150 MB)")
    help_run = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from bhxh_comms.cli import main\n"
            "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
            "print('bhxh_comms_units_vn.dataset' in sys.modules or 'sqlite3' in sys.modules, file=sys.stderr)",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    loaded = help_run.stderr.strip().splitlines()[-1]
    print(f"`bhxh-comms --help` loads the lists:  {loaded}  (goal False)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
