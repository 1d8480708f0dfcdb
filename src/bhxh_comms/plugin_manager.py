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

import functools
import importlib
import os
import types
from collections.abc import Callable, Iterable, Mapping
from importlib import metadata
from typing import Any, TypeVar

import attrs
import pluggy

from bhxh_comms import hookspecs
from bhxh_comms.aggregate.kinds import TargetKind
from bhxh_comms.cli_command import CliCommand
from bhxh_comms.datafiles import default_catalogs, default_units
from bhxh_comms.errors import BhxhCommsError, CatalogError, PluginError, UnitError
from bhxh_comms.messages import Message
from bhxh_comms.models.catalog import ENTRY_CLASSES, CatalogEntry, Catalogs
from bhxh_comms.models.targets import Target
from bhxh_comms.models.units import UnitRegistry, UnitSet
from bhxh_comms.render.renderer import OutputRenderer
from bhxh_comms.text import closest

T = TypeVar("T")

ENTRY_POINT_GROUP = "bhxh_comms"
DISABLE_AUTOLOAD_ENV = "BHXH_COMMS_DISABLE_PLUGIN_AUTOLOAD"
BLOCK_ENV = "BHXH_COMMS_BLOCK_PLUGINS"
BUILTIN_PLUGINS: tuple[str, ...] = ("bhxh_comms.render.builtin_renderers", "bhxh_comms.aggregate.kinds")
BUILTIN_DISTRIBUTION = "bhxh-comms"


@attrs.frozen(kw_only=True)
class PluginInfo:
    """Where a registered plugin comes from."""

    name: str
    distribution: str
    version: str

    @property
    def label(self) -> str:
        """``excel (bhxh-comms-excel 1.0.0)``: the plugin and the distribution it comes from."""
        origin = f"{self.distribution} {self.version}".strip()
        return origin if self.name == origin else f"{self.name} ({origin})"


@attrs.frozen(kw_only=True)
class PluginLoadFailure:
    """A plugin that could not be imported: which distribution, and the error."""

    name: str
    distribution: str
    version: str
    error: str

    def as_message(self) -> Message:
        return Message(
            code="plugin_not_loaded",
            severity="error",
            vi=f"không nạp được plugin “{self.name}” của {self.distribution} {self.version}: {self.error}",
            en=f"plugin {self.name!r} of {self.distribution} {self.version} failed to load: {self.error}",
        )


@attrs.frozen(kw_only=True)
class RegisteredRenderer:
    """A renderer together with the plugin that contributed it."""

    renderer: OutputRenderer
    plugin: PluginInfo

    @property
    def name(self) -> str:
        return self.renderer.name


@attrs.frozen(kw_only=True)
class HookFailure:
    """A plugin whose hook raised or returned something else than its hook promises: it is
    left out of that hook, and the commands that do not need it still work."""

    plugin: PluginInfo
    hook: str
    error: str

    def as_message(self) -> Message:
        return Message(
            code="plugin_hook_failed",
            severity="error",
            vi=f"plugin {self.plugin.label} lỗi trong {self.hook}, đã bỏ qua: {self.error}",
            en=f"plugin {self.plugin.label} failed in {self.hook} and was left out: {self.error}",
        )


IN_CODE = "registered in code"
BUILTIN_SOURCE = PluginInfo(name="default data", distribution=BUILTIN_DISTRIBUTION, version="")
WRAPPER_SOURCE = PluginInfo(name="a hook wrapper", distribution="unknown distribution", version="")


class PluginManager:
    """The installed plugins and what they contribute, one typed method per hook.

    It holds a pluggy manager rather than being one, so that pluggy's own API is not part of
    bhxh-comms'. Hooks are called through pluggy (``tryfirst``/``trylast`` and wrappers
    honoured); every item a plugin returns is traced back to it, so a clash names both sources.
    A plugin whose hook raises, returns the wrong type, or does not match the hook
    specifications is recorded (:attr:`failures`) and left out; the others still work.
    """

    def __init__(self) -> None:
        self._pm = pluggy.PluginManager(hookspecs.PROJECT_NAME)
        self._pm.add_hookspecs(hookspecs)
        self.load_failures: list[PluginLoadFailure] = []
        self.hook_failures: list[HookFailure] = []
        self._origin: dict[int, tuple[object, PluginInfo]] = {}

    @property
    def failures(self) -> list[Message]:
        """Every plugin that could not be loaded or whose hook failed, once each."""
        messages = [f.as_message() for f in self.load_failures]
        return messages + list(dict.fromkeys(f.as_message() for f in self.hook_failures))

    def register(self, plugin: object, info: PluginInfo | None = None) -> bool:
        """Register ``plugin`` (a module or object with hook implementations); one that does
        not match the hook specifications is recorded as a load failure and left out."""
        info = info or PluginInfo(
            name=getattr(plugin, "__name__", None) or type(plugin).__name__,
            distribution=IN_CODE,
            version="",
        )
        traced = self._traced_plugin(plugin, info)
        name = info.name if self._pm.get_plugin(info.name) is None else f"{info.name}-{id(plugin)}"
        try:
            self._pm.register(traced, name=name)
            self._pm.check_pending()
        except pluggy.PluginValidationError as exc:
            if self._pm.is_registered(traced):
                self._pm.unregister(traced)
            self.load_failures.append(
                PluginLoadFailure(name=info.name, distribution=info.distribution, version=info.version, error=str(exc))
            )
            return False
        return True

    def _traced_plugin(self, plugin: object, info: PluginInfo) -> object:
        """What pluggy registers in place of ``plugin``: its hook implementations, each (except
        wrappers) recording where the items it returns come from. Marks and signatures are
        copied, so pluggy validates, orders and wraps them as it would the plugin itself."""
        traced = types.SimpleNamespace(__name__=info.name)
        for name in dir(plugin):
            if self._pm.parse_hookimpl_opts(plugin, name) is None:
                continue
            method = getattr(plugin, name)
            options = getattr(method, f"{hookspecs.PROJECT_NAME}_impl", {})
            wrapper = options.get("wrapper") or options.get("hookwrapper")
            setattr(traced, name, method if wrapper else self._traced(method, info, name))
        return traced

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

    def _traced(self, function: Callable[..., Any], info: PluginInfo, hook: str) -> Callable[..., Any]:
        """``function`` recording which plugin every item it returns comes from; a failure or a
        result that is not an iterable is recorded and the plugin's part left out."""

        @functools.wraps(function)
        def traced(*args: Any) -> list[Any]:
            try:
                returned = function(*args)
                if returned is None:
                    return []
                if isinstance(returned, (str, bytes)) or not isinstance(returned, Iterable):
                    raise TypeError(f"must return an iterable, got {returned!r}")
                items = list(returned)
            except Exception as exc:  # noqa: BLE001 - one broken plugin must not stop the others
                self.hook_failures.append(HookFailure(plugin=info, hook=hook, error=f"{type(exc).__name__}: {exc}"))
                return []
            for item in items:
                self._origin[id(item)] = (item, info)  # the item itself kept, so its id stays its own
            return items

        return traced

    def _collect(self, hook_name: str, expected: type[T]) -> list[tuple[T, PluginInfo]]:
        """Call one hook through pluggy; every item with the plugin it comes from (an item made
        by a hook wrapper is attributed to it). An item of the wrong type is a hook failure of
        its plugin, left out."""
        results: list[tuple[T, PluginInfo]] = []
        for returned in getattr(self._pm.hook, hook_name)():
            for item in returned or ():
                origin = self._origin.get(id(item))
                info = origin[1] if origin is not None and origin[0] is item else WRAPPER_SOURCE
                if not isinstance(item, expected):
                    error = f"returned {item!r}, not an instance of {expected.__name__}"
                    self.hook_failures.append(HookFailure(plugin=info, hook=hook_name, error=error))
                    continue
                results.append((item, info))
        return results

    def renderers(self) -> dict[str, RegisteredRenderer]:
        """Every output renderer by name; two with the same name is a :class:`PluginError`."""
        found: dict[str, RegisteredRenderer] = {}
        for renderer, info in self._collect("bhxh_comms_output_renderers", OutputRenderer):
            other = found.get(renderer.name)
            if other is not None:
                raise PluginError(
                    f"hai plugin cùng khai báo bộ xuất “{renderer.name}”: {other.plugin.label} và {info.label}",
                    f"renderer name {renderer.name!r} is provided by both {other.plugin.label} and {info.label}",
                )
            found[renderer.name] = RegisteredRenderer(renderer=renderer, plugin=info)
        return dict(sorted(found.items()))

    def renderer(self, name: str) -> OutputRenderer:
        return self.registered_renderer(name).renderer

    def registered_renderer(self, name: str) -> RegisteredRenderer:
        """The renderer called ``name`` with the plugin it comes from."""
        renderers = self.renderers()
        found = renderers.get(name) or renderers.get(name.strip().lower())
        if found is None:
            hint = closest(name, renderers)
            vi_hint, en_hint = (f"; có phải “{hint}”?", f"; did you mean {hint!r}?") if hint else ("", "")
            raise PluginError(
                f"không có bộ xuất “{name}”{vi_hint} (hiện có: {', '.join(renderers) or 'không'})",
                f"no renderer named {name!r}{en_hint} (installed: {', '.join(renderers) or 'none'})",
            )
        return found

    def cli_commands(self, reserved: Iterable[str] = ()) -> dict[str, tuple[CliCommand, PluginInfo]]:
        """Sub-commands contributed by plugins; a name used twice (or by a built-in) is an error."""
        found: dict[str, tuple[CliCommand, PluginInfo]] = {}
        taken = set(reserved)
        for command, info in self._collect("bhxh_comms_cli_commands", CliCommand):
            other = found.get(command.name)
            if other is not None or command.name in taken:
                owner = other[1].label if other is not None else "bhxh-comms (built-in)"
                raise PluginError(
                    f"lệnh “{command.name}” bị khai báo hai lần: {owner} và {info.label}",
                    f"command {command.name!r} is provided by both {owner} and {info.label}",
                )
            found[command.name] = (command, info)
        return found

    def units(self) -> UnitRegistry:
        """The default unit sets plus those contributed by plugins; a set whose id is taken
        names both sources."""
        registry = default_units()
        sources = {s.id: BUILTIN_SOURCE for s in registry.sets}
        extra = []
        for unit_set, info in self._collect("bhxh_comms_unit_sets", UnitSet):
            _clash(sources.get(unit_set.id), info, f"bộ đơn vị “{unit_set.id}”", f"unit set {unit_set.id!r}", UnitError)
            sources[unit_set.id] = info
            extra.append(unit_set)
        # Together: a plugin's set may name another of its sets as successor.
        return registry.with_sets(extra) if extra else registry

    def catalogs(self) -> Catalogs:
        """The default catalogs plus the entries contributed by plugins; an entry that differs
        from one already declared under its code names both sources."""
        catalogs = default_catalogs()
        sources = {(e.kind, e.code): BUILTIN_SOURCE for kind in ENTRY_CLASSES for e in catalogs.by_kind(kind)}
        for entry, info in self._collect("bhxh_comms_catalog_entries", CatalogEntry):
            key = (entry.kind, entry.code)
            known = catalogs.by_kind(entry.kind) if entry.kind in ENTRY_CLASSES else None
            if known is not None and entry.code in known and known[entry.code] != entry:
                _clash(
                    sources.get(key),
                    info,
                    f"mục {entry.kind} “{entry.code}”",
                    f"{entry.kind} {entry.code!r}",
                    CatalogError,
                )
            sources.setdefault(key, info)
            catalogs = catalogs.with_entries([entry])
        return catalogs

    def target_kinds(self) -> Mapping[str, TargetKind]:
        """Every kind of target by name (the built-in kinds and the plugins'); a name declared
        by two plugins names both."""
        found: dict[str, tuple[TargetKind, PluginInfo]] = {}
        for kind, info in self._collect("bhxh_comms_target_kinds", TargetKind):
            other = found.get(kind.name)
            if other is not None and other[0] != kind:
                raise PluginError(
                    f"loại chỉ tiêu “{kind.name}” được khai báo bởi {other[1].label} và {info.label}",
                    f"target kind {kind.name!r} is declared by both {other[1].label} and {info.label}",
                )
            found[kind.name] = (kind, info)
        return {name: kind for name, (kind, _) in found.items()}

    def target_models(self) -> Mapping[str, type[Target]]:
        """The model class of every kind of target, for reading a targets file."""
        return {name: kind.model for name, kind in self.target_kinds().items()}


def _clash(
    first: PluginInfo | None, second: PluginInfo, what_vi: str, what_en: str, error: type[BhxhCommsError]
) -> None:
    if first is None:
        return
    raise error(
        f"{what_vi} được khai báo hai lần, khác nhau: {first.label} và {second.label}",
        f"{what_en} is declared twice, differently: by {first.label} and {second.label}",
    )


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
            import_module(module_name), PluginInfo(name=module_name, distribution=BUILTIN_DISTRIBUTION, version=version)
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
