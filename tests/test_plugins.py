"""Plugin discovery from installed distributions, clashes, import failures and the env switches."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

import bhxh_comms
from bhxh_comms import ActivityType, OutputRenderer, PluginError, get_plugin_manager, hookimpl
from bhxh_comms.plugin_manager import BLOCK_ENV, DISABLE_AUTOLOAD_ENV


def test_builtins_register_through_the_hook() -> None:
    pm = get_plugin_manager(autoload=False)
    renderers = pm.renderers()
    assert {"json", "csv"} <= set(renderers)
    assert renderers["json"].plugin.distribution == "bhxh-comms"
    assert renderers["json"].plugin.builtin


def test_third_party_plugin_is_discovered_and_callable(
    with_plugins: Callable[..., None], tmp_path: Path, sample_report: bhxh_comms.Report
) -> None:
    with_plugins("sample_plugin")
    pm = get_plugin_manager()
    renderers = pm.renderers()
    assert renderers["title"].plugin.distribution == "bhxh-comms-sample"
    assert renderers["title"].plugin.version == "1.2.3"
    written = pm.renderer("title").render(sample_report, tmp_path, {"filename": "t.txt"})
    assert written == (tmp_path / "t.txt",)
    assert written[0].read_text(encoding="utf-8").strip() == sample_report.metadata.title
    # the same plugin also contributes a commune unit set and a catalog entry
    units = pm.units()
    assert units.unit_set_on(dt.date(2026, 1, 1), level="commune").find("Ba Đình") is not None
    assert units.unit_set_on(dt.date(2026, 1, 1)).id == "vn-34"
    assert "podcast" in pm.catalogs().activity_types
    assert "conference" in pm.catalogs().activity_types


def test_clash_names_both_distributions(with_plugins: Callable[..., None]) -> None:
    with_plugins("sample_plugin", "clash_plugin")
    pm = get_plugin_manager()
    with pytest.raises(PluginError, match="renderer name 'title' is provided by both") as info:
        pm.renderers()
    assert "bhxh-comms-clash" in info.value.message_en and "bhxh-comms-sample" in info.value.message_en


def test_clash_with_builtin() -> None:
    class Impostor:
        @hookimpl
        def bhxh_comms_output_renderers(self) -> list[OutputRenderer]:
            return [OutputRenderer(name="json", extension=".json", description="x", function=lambda r, d, o: [])]

    pm = get_plugin_manager(autoload=False, extra_plugins=[Impostor()])
    with pytest.raises(PluginError, match=r"'json' is provided by both") as caught:
        pm.renderers()
    assert "bhxh-comms (bhxh_comms.render.builtin)" in caught.value.message_en
    assert "(registered in code)" in caught.value.message_en


@pytest.mark.parametrize("returned", ["json", 42, [42]])
def test_a_hook_returning_the_wrong_type_names_the_plugin(returned: object) -> None:
    class Wrong:
        @hookimpl
        def bhxh_comms_output_renderers(self) -> object:
            return returned

    pm = get_plugin_manager(autoload=False, extra_plugins=[Wrong()])
    with pytest.raises(PluginError, match=r"plugin 'Wrong' \(\(registered in code\)\).*OutputRenderer"):
        pm.renderers()


def test_a_catalog_clash_names_the_plugin() -> None:
    class Clash:
        @hookimpl
        def bhxh_comms_catalog_entries(self) -> list[ActivityType]:
            return [ActivityType(code="conference", label="Khác hẳn", unit="cuộc")]

    pm = get_plugin_manager(autoload=False, extra_plugins=[Clash()])
    with pytest.raises(bhxh_comms.CatalogError, match="plugin 'Clash'"):
        pm.catalogs()


def test_import_failure_is_reported_and_others_load(with_plugins: Callable[..., None]) -> None:
    with_plugins("sample_plugin", "broken_plugin")
    pm = get_plugin_manager()
    assert "title" in pm.renderers()
    [failure] = [f for f in pm.load_failures if f.name == "broken"]  # other installed plugins may be present
    assert failure.distribution == "bhxh-comms-broken"
    assert "ModuleNotFoundError" in failure.error and "a_module_that_does_not_exist" in failure.error
    assert "bhxh-comms-broken 0.0.1 failed to load" in failure.message


def test_disable_autoload_and_block(with_plugins: Callable[..., None], monkeypatch: pytest.MonkeyPatch) -> None:
    with_plugins("sample_plugin", "broken_plugin")
    monkeypatch.setenv(DISABLE_AUTOLOAD_ENV, "1")
    pm = get_plugin_manager()
    assert set(pm.renderers()) == {"json", "csv"} and not pm.load_failures
    monkeypatch.delenv(DISABLE_AUTOLOAD_ENV)
    monkeypatch.setenv(BLOCK_ENV, "broken, bhxh-comms-sample")
    pm = get_plugin_manager()
    assert "title" not in pm.renderers() and not [f for f in pm.load_failures if f.name == "broken"]
    assert "json" in pm.renderers()


def test_hook_that_raises_names_the_plugin() -> None:
    class Faulty:
        @hookimpl
        def bhxh_comms_unit_sets(self) -> list[object]:
            raise RuntimeError("boom")

    pm = get_plugin_manager(autoload=False, extra_plugins=[Faulty()])
    with pytest.raises(PluginError, match="failed in bhxh_comms_unit_sets: boom"):
        pm.units()


def test_renderer_must_return_written_paths(tmp_path: Path, sample_report: bhxh_comms.Report) -> None:
    liar = OutputRenderer(
        name="liar", extension=".x", description="x", function=lambda r, d, o: [d / "never-written.x"]
    )
    with pytest.raises(PluginError, match="returned paths that do not exist"):
        liar.render(sample_report, tmp_path)
    single = OutputRenderer(name="single", extension=".x", description="x", function=lambda r, d, o: d)
    with pytest.raises(PluginError, match="must return a sequence"):
        single.render(sample_report, tmp_path)
    with pytest.raises(ValueError, match="name 'Bad Name': use lower-case"):
        OutputRenderer(name="Bad Name", extension=".x", description="x", function=lambda r, d, o: [])


def test_cli_lists_plugins_with_distribution(installed_plugins: Callable[[str], Path]) -> None:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(
            [str(installed_plugins("sample_plugin")), str(installed_plugins("broken_plugin"))]
        ),
    }
    env.pop(DISABLE_AUTOLOAD_ENV, None)
    result = subprocess.run(
        [sys.executable, "-m", "bhxh_comms", "plugins"], capture_output=True, text=True, env=env, check=False
    )
    assert result.returncode == 1  # a plugin failed to load
    assert "title" in result.stdout and "bhxh-comms-sample 1.2.3" in result.stdout
    assert "json" in result.stdout and f"bhxh-comms {bhxh_comms.__version__}" in result.stdout
    assert "bhxh-comms-broken" in result.stderr and "Traceback" not in result.stderr


def test_plugin_cli_command(installed_plugins: Callable[[str], Path]) -> None:
    env = {**os.environ, "PYTHONPATH": str(installed_plugins("sample_plugin"))}
    result = subprocess.run(
        [sys.executable, "-m", "bhxh_comms", "hello", "Hà Giang"], capture_output=True, text=True, env=env, check=False
    )
    assert (result.returncode, result.stdout.strip()) == (0, "Xin chào Hà Giang")
    helped = subprocess.run(
        [sys.executable, "-m", "bhxh_comms", "--help"], capture_output=True, text=True, env=env, check=False
    )
    assert "hello" in helped.stdout and "bhxh-comms-sample" in helped.stdout


def test_plugin_command_clashing_with_a_builtin(installed_plugins: Callable[[str], Path]) -> None:
    env = {**os.environ, "PYTHONPATH": str(installed_plugins("clash_plugin"))}
    result = subprocess.run(
        [sys.executable, "-m", "bhxh_comms", "unit", "Hà Nội", "--on", "2026-01-01"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 0  # the built-ins still work
    assert "command 'validate' is provided by both bhxh-comms (built-in) and bhxh-comms-clash" in result.stderr
