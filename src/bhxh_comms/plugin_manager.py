"""Finding, loading and asking the installed plugins.

``get_plugin_manager()`` registers the built-in plugins, then every entry point of the
group ``bhxh_comms`` (unless autoloading is disabled), and runs pluggy's ``check_pending``.
A plugin that fails to import is recorded in ``load_failures`` and the others still load.

Environment variables:

``BHXH_COMMS_DISABLE_PLUGIN_AUTOLOAD``
    When set to a non-empty value, no entry point is loaded (built-ins still are).
``BHXH_COMMS_BLOCK_PLUGINS``
    Comma-separated entry-point or distribution names that must not be loaded.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Iterable
from importlib import metadata
from typing import Any

import attrs
import pluggy

from bhxh_comms import hookspecs
from bhxh_comms.cli_command import CliCommand
from bhxh_comms.datafiles import default_catalogs, default_units
from bhxh_comms.errors import PluginError
from bhxh_comms.models.catalog import Catalogs
from bhxh_comms.models.units import UnitRegistry
from bhxh_comms.render.renderer import OutputRenderer

ENTRY_POINT_GROUP = "bhxh_comms"
DISABLE_AUTOLOAD_ENV = "BHXH_COMMS_DISABLE_PLUGIN_AUTOLOAD"
BLOCK_ENV = "BHXH_COMMS_BLOCK_PLUGINS"
BUILTIN_PLUGINS: tuple[str, ...] = ("bhxh_comms.render.builtin",)
BUILTIN_DISTRIBUTION = "bhxh-comms"


@attrs.frozen(kw_only=True)
class PluginInfo:
    """Where a registered plugin comes from."""

    name: str
    distribution: str
    version: str
    builtin: bool = False


@attrs.frozen(kw_only=True)
class PluginLoadFailure:
    """A plugin that could not be imported: which distribution, and the error."""

    name: str
    distribution: str
    version: str
    error: str

    @property
    def message(self) -> str:
        return (
            f"không nạp được plugin “{self.name}” của {self.distribution} {self.version}: {self.error} / "
            f"plugin {self.name!r} of {self.distribution} {self.version} failed to load: {self.error}"
        )


@attrs.frozen(kw_only=True)
class RegisteredRenderer:
    """A renderer together with the plugin that contributed it."""

    renderer: OutputRenderer
    plugin: PluginInfo

    @property
    def name(self) -> str:
        return self.renderer.name


class PluginManager(pluggy.PluginManager):
    """pluggy's manager plus provenance of every plugin and the combined hook results."""

    def __init__(self) -> None:
        super().__init__(hookspecs.PROJECT_NAME)
        self.add_hookspecs(hookspecs)
        self.load_failures: list[PluginLoadFailure] = []
        self._info: dict[int, PluginInfo] = {}

    def register_with_info(self, plugin: object, info: PluginInfo) -> None:
        self.register(plugin, name=info.name)
        self._info[id(plugin)] = info

    def info(self, plugin: object) -> PluginInfo:
        """Provenance of a registered plugin (plugins registered by hand get a generic one)."""
        found = self._info.get(id(plugin))
        if found is not None:
            return found
        name = getattr(plugin, "__name__", None) or type(plugin).__qualname__
        return PluginInfo(name=name, distribution="(registered in code)", version="")

    def load_entry_points(self, *, blocked: Iterable[str] = ()) -> None:
        """Import and register every ``bhxh_comms`` entry point not in ``blocked``."""
        blocked_names = {b.strip() for b in blocked if b.strip()}
        for ep in sorted(metadata.entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
            dist_name = ep.dist.name if ep.dist is not None else "(unknown distribution)"
            version = ep.dist.version if ep.dist is not None else ""
            if ep.name in blocked_names or dist_name in blocked_names:
                continue
            if self.get_plugin(ep.name) is not None or self.is_blocked(ep.name):
                continue
            try:
                plugin = ep.load()
            except Exception as exc:  # noqa: BLE001 - a broken plugin must not stop the others
                self.load_failures.append(
                    PluginLoadFailure(
                        name=ep.name,
                        distribution=dist_name,
                        version=version,
                        error=f"{type(exc).__name__}: {exc}",
                    )
                )
                continue
            self.register_with_info(plugin, PluginInfo(name=ep.name, distribution=dist_name, version=version))

    def _collect(self, hook_name: str) -> list[tuple[Any, PluginInfo]]:
        """Call one hook plugin by plugin, so every result is attributed to its plugin."""
        caller = getattr(self.hook, hook_name)
        results: list[tuple[Any, PluginInfo]] = []
        for impl in caller.get_hookimpls():  # registration order: built-ins first
            info = self.info(impl.plugin)
            try:
                returned = impl.function()
            except Exception as exc:
                raise PluginError(
                    f"plugin “{info.name}” ({info.distribution}) lỗi trong {hook_name}: {exc}",
                    f"plugin {info.name!r} ({info.distribution}) failed in {hook_name}: {exc}",
                ) from exc
            for item in returned or ():
                results.append((item, info))
        return results

    def renderers(self) -> dict[str, RegisteredRenderer]:
        """Every output renderer by name; two with the same name is a :class:`PluginError`."""
        found: dict[str, RegisteredRenderer] = {}
        for renderer, info in self._collect("bhxh_comms_output_renderers"):
            if not isinstance(renderer, OutputRenderer):
                raise PluginError(
                    f"plugin “{info.name}” ({info.distribution}) trả về đối tượng không phải OutputRenderer",
                    f"plugin {info.name!r} ({info.distribution}) returned {renderer!r}, not an OutputRenderer",
                )
            other = found.get(renderer.name)
            if other is not None:
                raise PluginError(
                    f"hai plugin cùng khai báo bộ xuất “{renderer.name}”: "
                    f"{other.plugin.distribution} và {info.distribution}",
                    f"renderer name {renderer.name!r} is provided by both "
                    f"{other.plugin.distribution} ({other.plugin.name}) and {info.distribution} ({info.name})",
                )
            found[renderer.name] = RegisteredRenderer(renderer=renderer, plugin=info)
        return dict(sorted(found.items()))

    def renderer(self, name: str) -> OutputRenderer:
        renderers = self.renderers()
        if name not in renderers:
            raise PluginError(
                f"không có bộ xuất “{name}” (hiện có: {', '.join(renderers) or 'không'})",
                f"no renderer named {name!r} (installed: {', '.join(renderers) or 'none'})",
            )
        return renderers[name].renderer

    def cli_commands(self, reserved: Iterable[str] = ()) -> dict[str, tuple[CliCommand, PluginInfo]]:
        """Sub-commands contributed by plugins; a name used twice (or by a built-in) is an error."""
        found: dict[str, tuple[CliCommand, PluginInfo]] = {}
        taken = set(reserved)
        for command, info in self._collect("bhxh_comms_cli_commands"):
            if not isinstance(command, CliCommand):
                raise PluginError(
                    f"plugin “{info.name}” ({info.distribution}) trả về đối tượng không phải CliCommand",
                    f"plugin {info.name!r} ({info.distribution}) returned {command!r}, not a CliCommand",
                )
            other = found.get(command.name)
            if other is not None or command.name in taken:
                owner = other[1].distribution if other is not None else "bhxh-comms (built-in)"
                raise PluginError(
                    f"lệnh “{command.name}” bị khai báo hai lần: {owner} và {info.distribution}",
                    f"command {command.name!r} is provided by both {owner} and {info.distribution}",
                )
            found[command.name] = (command, info)
        return found

    def units(self) -> UnitRegistry:
        """The default unit sets plus those contributed by plugins."""
        extra = [unit_set for unit_set, _ in self._collect("bhxh_comms_unit_sets")]
        return default_units().with_sets(extra) if extra else default_units()

    def catalogs(self) -> Catalogs:
        """The default catalogs plus the entries contributed by plugins."""
        extra = [entry for entry, _ in self._collect("bhxh_comms_catalog_entries")]
        return default_catalogs().with_entries(extra) if extra else default_catalogs()


def _env_flag(name: str) -> bool:
    return bool(os.environ.get(name, "").strip())


def get_plugin_manager(
    *,
    autoload: bool | None = None,
    blocked: Iterable[str] | None = None,
    extra_plugins: Iterable[object] = (),
    import_module: Callable[[str], Any] = importlib.import_module,
) -> PluginManager:
    """A plugin manager with the built-ins and (unless disabled) every installed plugin.

    ``autoload`` defaults to "unless ``BHXH_COMMS_DISABLE_PLUGIN_AUTOLOAD`` is set";
    ``blocked`` defaults to the names in ``BHXH_COMMS_BLOCK_PLUGINS``.
    """
    pm = PluginManager()
    version = metadata.version(BUILTIN_DISTRIBUTION)
    for module_name in BUILTIN_PLUGINS:
        pm.register_with_info(
            import_module(module_name),
            PluginInfo(name=module_name, distribution=BUILTIN_DISTRIBUTION, version=version, builtin=True),
        )
    for plugin in extra_plugins:
        pm.register(plugin)
    if autoload is None:
        autoload = not _env_flag(DISABLE_AUTOLOAD_ENV)
    if blocked is None:
        blocked = os.environ.get(BLOCK_ENV, "").split(",")
    if autoload:
        pm.load_entry_points(blocked=blocked)
    pm.check_pending()
    return pm
