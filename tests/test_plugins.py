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
    assert renderers["json"].plugin.name == "bhxh_comms.render.builtin_renderers"


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
    assert units.unit_set_on(dt.date(2000, 6, 1), level="commune").find("Ba Đình", parent="01") is not None
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
    assert f"bhxh_comms.render.builtin_renderers (bhxh-comms {bhxh_comms.__version__})" in caught.value.message_en
    assert "Impostor (registered in code)" in caught.value.message_en


@pytest.mark.parametrize(
    ("returned", "why"),
    [("json", "must return an iterable"), (42, "must return an iterable"), ([42], "OutputRenderer")],
)
def test_a_hook_returning_the_wrong_type_is_left_out_and_named(returned: object, why: str) -> None:
    class Wrong:
        @hookimpl
        def bhxh_comms_output_renderers(self) -> object:
            return returned

    pm = get_plugin_manager(autoload=False, extra_plugins=[Wrong()])
    assert set(pm.renderers()) == {"json", "csv"}  # the others still work
    [failure] = pm.failures
    assert failure.en.startswith("plugin Wrong (registered in code) failed in bhxh_comms_output_renderers")
    assert why in failure.en and "đã bỏ qua" in failure.vi
    pm.renderers()
    assert len(pm.failures) == 1  # reported once however often the hook is asked


def test_a_catalog_clash_names_the_plugin() -> None:
    class Clash:
        @hookimpl
        def bhxh_comms_catalog_entries(self) -> list[ActivityType]:
            return [ActivityType(code="conference", label="Khác hẳn", unit="cuộc")]

    pm = get_plugin_manager(autoload=False, extra_plugins=[Clash()])
    with pytest.raises(
        bhxh_comms.CatalogError,
        match=r"activity_type 'conference' is declared twice, differently: by default data \(bhxh-comms\) "
        r"and Clash \(registered in code\)",
    ):
        pm.catalogs()


def test_a_plugin_not_matching_the_hook_specs_is_a_load_failure() -> None:
    class Misspelt:
        @hookimpl
        def bhxh_comms_output_renderer(self) -> list[OutputRenderer]:  # no such hook
            return []

    pm = get_plugin_manager(autoload=False, extra_plugins=[Misspelt()])
    assert "json" in pm.renderers()
    [failure] = pm.failures
    assert failure.code == "plugin_not_loaded" and "bhxh_comms_output_renderer" in failure.en


def test_hook_wrappers_and_ordering_are_honoured() -> None:
    extra = OutputRenderer(name="extra", extension=".x", description="x", function=lambda r, d, o: [])

    class Filter:
        @hookimpl(wrapper=True)
        def bhxh_comms_output_renderers(self):  # type: ignore[no-untyped-def]
            results = yield
            return [[r for r in found if r.name != "csv"] for found in results] + [[extra]]

    class First:
        @hookimpl(tryfirst=True)
        def bhxh_comms_catalog_entries(self) -> list[ActivityType]:
            return [ActivityType(code="podcast", label="Podcast", unit="số")]

    class Second:
        @hookimpl
        def bhxh_comms_catalog_entries(self) -> list[ActivityType]:
            return [ActivityType(code="podcast", label="Podcast khác", unit="số")]

    pm = get_plugin_manager(autoload=False, extra_plugins=[Filter()])
    renderers = pm.renderers()
    assert set(renderers) == {"json", "extra"}
    assert renderers["json"].plugin.name == "bhxh_comms.render.builtin_renderers"
    assert renderers["extra"].plugin.name == "a hook wrapper"
    # pluggy calls later-registered plugins first; tryfirst puts First ahead, so Second clashes with it
    pm = get_plugin_manager(autoload=False, extra_plugins=[First(), Second()])
    with pytest.raises(bhxh_comms.CatalogError, match=r"by First \(registered in code\) and Second"):
        pm.catalogs()


def test_import_failure_is_reported_and_others_load(with_plugins: Callable[..., None]) -> None:
    with_plugins("sample_plugin", "broken_plugin")
    pm = get_plugin_manager()
    assert "title" in pm.renderers()
    [failure] = [f for f in pm.load_failures if f.name == "broken"]  # other installed plugins may be present
    assert failure.distribution == "bhxh-comms-broken"
    assert "ModuleNotFoundError" in failure.error and "a_module_that_does_not_exist" in failure.error
    assert "bhxh-comms-broken 0.0.1 failed to load" in failure.as_message().en


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
    assert pm.units().get("vn-34")  # the built-in sets are still there
    [failure] = pm.failures
    assert "Faulty (registered in code) failed in bhxh_comms_unit_sets and was left out: RuntimeError: boom" in (
        failure.en
    )


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
    broken = [line for line in result.stderr.splitlines() if "bhxh-comms-broken" in line]
    assert len(broken) == 1 and "Traceback" not in result.stderr  # reported once


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
    assert (
        "command 'validate' is provided by both bhxh-comms (built-in) and clash (bhxh-comms-clash 0.0.2)"
        in result.stderr
    )
