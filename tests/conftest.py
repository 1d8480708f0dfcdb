from __future__ import annotations

import importlib
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

import bhxh_comms

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(autouse=True)
def _no_plugin_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests decide about plugin loading themselves."""
    monkeypatch.delenv("BHXH_COMMS_DISABLE_PLUGIN_AUTOLOAD", raising=False)
    monkeypatch.delenv("BHXH_COMMS_BLOCK_PLUGINS", raising=False)


@pytest.fixture(scope="session")
def installed_plugins(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    """Build a fixture plugin as a wheel and install it into its own directory with pip,
    exactly as a third party's distribution would be installed (entry points included)."""
    cache: dict[str, Path] = {}

    def install(name: str) -> Path:
        if name not in cache:
            target = tmp_path_factory.mktemp(f"site-{name}")
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "pip",
                    "install",
                    "--quiet",
                    "--no-deps",
                    "--no-build-isolation",
                    "--disable-pip-version-check",
                    "--target",
                    str(target),
                    str(FIXTURES / name),
                ],
                check=True,
            )
            cache[name] = target
        return cache[name]

    return install


@pytest.fixture
def with_plugins(installed_plugins: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch) -> Callable[..., None]:
    """Put installed fixture plugins on ``sys.path`` for this test only."""

    def add(*names: str) -> None:
        for name in names:
            monkeypatch.syspath_prepend(str(installed_plugins(name)))
        importlib.invalidate_caches()

    return add


@pytest.fixture(scope="session")
def sample_report() -> bhxh_comms.Report:
    from bhxh_comms.testing import sample_report as make

    return make()
