"""The layers of docs/architecture.md hold: import-linter's contracts (pyproject.toml, run by
``tox -e lint``) pass on the tree and fail on a planted crossing."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
SRC = ROOT / "src"

pytest.importorskip("importlinter", reason="import-linter is a test dependency (pip install .[test])")


def _layers_config(path: Path) -> Path:
    """The core's layer and cycle contracts alone, as a config file import-linter reads."""
    settings = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    contracts = [c for c in settings["contracts"] if c["type"] in ("layers", "acyclic_siblings")]
    lines = ["[tool.importlinter]", 'root_packages = ["bhxh_comms"]', ""]
    for contract in contracts:
        lines.append("[[tool.importlinter.contracts]]")
        for key, value in contract.items():
            shown = "[" + ", ".join(f'"{v}"' for v in value) + "]" if isinstance(value, list) else f'"{value}"'
            lines.append(f"{key} = {shown}")
        lines.append("")
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def _lint(src: Path, config: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(src)}
    command = [
        sys.executable,
        "-c",
        "import sys; from importlinter.cli import lint_imports_command; sys.exit(lint_imports_command())",
    ]
    return subprocess.run(
        [*command, "--config", str(config), "--no-cache"], capture_output=True, text=True, env=env, check=False
    )


def test_the_layers_hold(tmp_path: Path) -> None:
    result = _lint(SRC, _layers_config(tmp_path / "layers.toml"))
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("module", "planted", "crossing"),
    [
        (
            "ingest/columns.py",
            "from bhxh_comms.render import renderer",
            "bhxh_comms.ingest is not allowed to import bhxh_comms.render",
        ),
        (
            "models/units.py",
            "from bhxh_comms.aggregate import totals",
            "bhxh_comms.models is not allowed to import bhxh_comms.aggregate",
        ),
        (
            "aggregate/totals.py",
            "from bhxh_comms.ingest import sources",
            "bhxh_comms.aggregate is not allowed to import bhxh_comms.ingest",
        ),
    ],
)
def test_a_planted_crossing_fails(tmp_path: Path, module: str, planted: str, crossing: str) -> None:
    copy = tmp_path / "src"
    shutil.copytree(SRC / "bhxh_comms", copy / "bhxh_comms", ignore=shutil.ignore_patterns("__pycache__"))
    target = copy / "bhxh_comms" / module
    target.write_text(target.read_text(encoding="utf-8") + f"\n{planted}  # planted\n", encoding="utf-8")
    result = _lint(copy, _layers_config(tmp_path / "layers.toml"))
    assert result.returncode != 0
    assert crossing in " ".join(result.stdout.split()), result.stdout
