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
from collections.abc import Callable, Iterable, Mapping
from importlib import metadata
from typing import Any, TypeVar

import attrs
import pluggy

from bhxh_comms import hookspecs
from bhxh_comms.aggregate.target_kinds import TargetKind
from bhxh_comms.cli_command import CliCommand
from bhxh_comms.datafiles import default_catalogs, default_units
from bhxh_comms.errors import BhxhCommsError, CatalogError, PluginError, UnitError
from bhxh_comms.models.catalog import CatalogEntry, Catalogs
from bhxh_comms.models.targets import Target
from bhxh_comms.models.units import UnitRegistry, UnitSet
from bhxh_comms.render.renderer import OutputRenderer

T = TypeVar("T")

ENTRY_POINT_GROUP = "bhxh_comms"
DISABLE_AUTOLOAD_ENV = "BHXH_COMMS_DISABLE_PLUGIN_AUTOLOAD"
BLOCK_ENV = "BHXH_COMMS_BLOCK_PLUGINS"
BUILTIN_PLUGINS: tuple[str, ...] = ("bhxh_comms.render.builtin", "bhxh_comms.aggregate.target_kinds")
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


class PluginManager:
    """The installed plugins and what they contribute, one typed method per hook.

    It holds a pluggy manager rather than being one, so that pluggy's own API is not part of
    bhxh-comms'. Hooks are called implementation by implementation in pluggy's calling order
    (``tryfirst``/``trylast`` honoured, the latest registered first otherwise), so that every
    contribution is attributed to the plugin and distribution it comes from; a clash or a
    wrong return type names them. (Hook wrappers are therefore not run around these hooks:
    every hook here only collects what plugins declare.)
    """

    def __init__(self) -> None:
        self._pm = pluggy.PluginManager(hookspecs.PROJECT_NAME)
        self._pm.add_hookspecs(hookspecs)
        self.load_failures: list[PluginLoadFailure] = []
        self._info: dict[int, PluginInfo] = {}

    def register(self, plugin: object, info: PluginInfo | None = None) -> None:
        """Register ``plugin`` (a module or object with hook implementations)."""
        info = info or PluginInfo(
            name=getattr(plugin, "__name__", None) or type(plugin).__name__,
            distribution="(registered in code)",
            version="",
        )
        self._pm.register(plugin, name=info.name)
        self._info[id(plugin)] = info

    def register_with_info(self, plugin: object, info: PluginInfo) -> None:
        self.register(plugin, info)

    def info(self, plugin: object) -> PluginInfo:
        """Provenance of a registered plugin."""
        found = self._info.get(id(plugin))
        if found is not None:
            return found
        name = getattr(plugin, "__name__", None) or type(plugin).__name__
        return PluginInfo(name=name, distribution="(registered in code)", version="")

    def plugins(self) -> list[PluginInfo]:
        """Every registered plugin, built-ins first."""
        return [self.info(plugin) for _, plugin in self._pm.list_name_plugin()]

    def check_pending(self) -> None:
        """Fail on a hook implementation that matches no hook (a misspelt name)."""
        self._pm.check_pending()

    def load_entry_points(self, *, blocked: Iterable[str] = ()) -> None:
        """Import and register every ``bhxh_comms`` entry point not in ``blocked``."""
        blocked_names = {b.strip() for b in blocked if b.strip()}
        for ep in sorted(metadata.entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
            dist_name = ep.dist.name if ep.dist is not None else "(unknown distribution)"
            version = ep.dist.version if ep.dist is not None else ""
            if ep.name in blocked_names or dist_name in blocked_names:
                continue
            if self._pm.get_plugin(ep.name) is not None or self._pm.is_blocked(ep.name):
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
            self.register(plugin, PluginInfo(name=ep.name, distribution=dist_name, version=version))

    def _collect(self, hook_name: str, expected: type[T], what: str) -> list[tuple[T, PluginInfo]]:
        """Call one hook plugin by plugin, in pluggy's order, so that every result is attributed
        to its plugin; a result that is not an iterable of ``expected`` is a :class:`PluginError`
        naming the plugin."""
        caller = getattr(self._pm.hook, hook_name)
        results: list[tuple[T, PluginInfo]] = []
        for impl in reversed(caller.get_hookimpls()):  # pluggy calls the last of this list first
            info = self.info(impl.plugin)
            where_vi, where_en = (
                f"plugin “{info.name}” ({info.distribution})",
                f"plugin {info.name!r} ({info.distribution})",
            )
            try:
                returned = impl.function()
            except Exception as exc:
                raise PluginError(
                    f"{where_vi} lỗi trong {hook_name}: {exc}", f"{where_en} failed in {hook_name}: {exc}"
                ) from exc
            if returned is None:
                continue
            if isinstance(returned, (str, bytes)) or not isinstance(returned, Iterable):
                raise PluginError(
                    f"{where_vi}: {hook_name} phải trả về một danh sách {what}",
                    f"{where_en}: {hook_name} must return an iterable of {expected.__name__}, got {returned!r}",
                )
            for item in returned:
                if not isinstance(item, expected):
                    raise PluginError(
                        f"{where_vi}: {hook_name} trả về đối tượng không phải {what}",
                        f"{where_en}: {hook_name} returned {item!r}, not an instance of {expected.__name__}",
                    )
                results.append((item, info))
        return results

    def renderers(self) -> dict[str, RegisteredRenderer]:
        """Every output renderer by name; two with the same name is a :class:`PluginError`."""
        found: dict[str, RegisteredRenderer] = {}
        for renderer, info in self._collect("bhxh_comms_output_renderers", OutputRenderer, "OutputRenderer"):
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
        for command, info in self._collect("bhxh_comms_cli_commands", CliCommand, "CliCommand"):
            other = found.get(command.name)
            if other is not None or command.name in taken:
                owner = other[1].distribution if other is not None else "bhxh-comms (built-in)"
                raise PluginError(
                    f"lệnh “{command.name}” bị khai báo hai lần: {owner} và {info.distribution}",
                    f"command {command.name!r} is provided by both {owner} and {info.distribution}",
                )
            found[command.name] = (command, info)
        return found

    def _extended(self, hook: str, item: type[T], what: str, add: Callable[[T], None], error: type[Exception]) -> None:
        """Give each contribution of ``hook`` to ``add``; an error names the plugin behind it."""
        for contribution, info in self._collect(hook, item, what):
            try:
                add(contribution)
            except BhxhCommsError as exc:
                raise error(
                    f"plugin “{info.name}” ({info.distribution}): {exc.message_vi}",
                    f"plugin {info.name!r} ({info.distribution}): {exc.message_en}",
                ) from None

    def units(self) -> UnitRegistry:
        """The default unit sets plus those contributed by plugins; a set that clashes with
        another names the plugin that brought it."""
        registry = [default_units()]

        def add(unit_set: UnitSet) -> None:
            registry[0] = registry[0].with_sets([unit_set])

        self._extended("bhxh_comms_unit_sets", UnitSet, "UnitSet", add, UnitError)
        return registry[0]

    def catalogs(self) -> Catalogs:
        """The default catalogs plus the entries contributed by plugins; an entry that clashes
        with another names the plugin that brought it."""
        catalogs = [default_catalogs()]

        def add(entry: CatalogEntry) -> None:
            catalogs[0] = catalogs[0].with_entries([entry])

        self._extended("bhxh_comms_catalog_entries", CatalogEntry, "CatalogEntry", add, CatalogError)
        return catalogs[0]

    def target_kinds(self) -> Mapping[str, TargetKind]:
        """Every kind of target by name (the built-in kinds and the plugins'); a name declared
        by two plugins names both."""
        found: dict[str, tuple[TargetKind, PluginInfo]] = {}
        for kind, info in self._collect("bhxh_comms_target_kinds", TargetKind, "TargetKind"):
            other = found.get(kind.name)
            if other is not None and other[0] != kind:
                raise PluginError(
                    f"loại chỉ tiêu “{kind.name}” được khai báo bởi {other[1].distribution} và {info.distribution}",
                    f"target kind {kind.name!r} is declared by both {other[1].distribution} ({other[1].name}) "
                    f"and {info.distribution} ({info.name})",
                )
            found[kind.name] = (kind, info)
        return {name: kind for name, (kind, _) in found.items()}

    def target_models(self) -> Mapping[str, type[Target]]:
        """The model class of every kind of target, for reading a targets file."""
        return {name: kind.model for name, kind in self.target_kinds().items()}


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
        pm.register(
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
