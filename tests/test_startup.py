"""Commands that render nothing start without the heavy libraries: loading every plugin to
list its renderers and commands (what ``--help`` and ``plugins`` do) imports no pandas, NumPy,
Arrow, docx, jinja2 or xlsxwriter. Timing is measured in ``benchmarks/startup.py``, not here."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

HEAVY = ("pandas", "numpy", "pyarrow", "docx", "docxtpl", "jinja2", "xlsxwriter", "python_calamine")

PROBE = f"""
import json, sys
from bhxh_comms.cli import build_parser
from bhxh_comms.plugin_manager import get_plugin_manager
pm = get_plugin_manager()
build_parser(pm).format_help()
names = sorted(pm.renderers())
print(json.dumps({{"renderers": names, "heavy": [m for m in {HEAVY!r} if m in sys.modules]}}))
"""


def test_loading_the_plugins_imports_nothing_heavy() -> None:
    found = json.loads(subprocess.run([sys.executable, "-c", PROBE], capture_output=True, check=True, text=True).stdout)
    assert {"json", "csv", "excel", "bao-cao", "cong-van", "dashboard"} <= set(found["renderers"])
    assert found["heavy"] == []


def test_lazy_renderers_render(tmp_path: Path) -> None:
    from bhxh_comms.plugin_manager import get_plugin_manager
    from bhxh_comms.testing import sample_report

    pm = get_plugin_manager()
    for name in ("json", "excel", "cong-van"):
        written = pm.renderer(name).function(sample_report(), tmp_path / name, {})
        assert written and all(Path(p).is_file() for p in written)
