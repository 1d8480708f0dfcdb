"""Loading catalogs, unit sets, targets and campaigns from TOML files.

The defaults ship inside the package (``bhxh_comms/data``). Every error names the file, the
entry and what is wrong, in Vietnamese and English.
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Callable, Mapping
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import attrs

from bhxh_comms.errors import CatalogError
from bhxh_comms.models.catalog import ENTRY_CLASSES, Catalog, Catalogs
from bhxh_comms.models.measures import Measure
from bhxh_comms.models.periods import AnnualCampaign, Campaign, Phase
from bhxh_comms.models.targets import TARGET_KINDS, Bounds, Selector, Target, TargetSet, TargetWording
from bhxh_comms.models.units import AdminUnit, UnitRegistry, UnitSet

T = TypeVar("T")
Source = str | Path

DEFAULT_UNIT_SETS = ("vn-63", "vn-34")


def _read_toml(source: Source | resources.abc.Traversable) -> dict[str, Any]:
    try:
        with source.open("rb") as handle:  # type: ignore[union-attr]
            return tomllib.load(handle)
    except FileNotFoundError:
        raise CatalogError(f"{source}: không tìm thấy tệp", f"{source}: file not found") from None
    except tomllib.TOMLDecodeError as exc:
        raise CatalogError(f"{source}: tệp TOML không hợp lệ: {exc}", f"{source}: invalid TOML: {exc}") from None


def _open(source: Source) -> Path:
    return Path(source)


def _build(
    cls: type[T],
    table: Mapping[str, Any],
    *,
    where: str,
    convert: Mapping[str, Callable[[Any], Any]] | None = None,
) -> T:
    """Construct ``cls`` from a TOML table, rejecting unknown keys, naming ``where`` on error."""
    if not isinstance(table, Mapping):
        raise CatalogError(f"{where}: phải là một bảng (table)", f"{where}: must be a table")
    allowed = {a.alias for a in attrs.fields(cls) if a.init}  # type: ignore[arg-type]
    unknown = sorted(set(table) - allowed)
    if unknown:
        raise CatalogError(
            f"{where}: khóa không hợp lệ {unknown} (cho phép: {sorted(allowed)})",
            f"{where}: unknown key(s) {unknown} (allowed: {sorted(allowed)})",
        )
    values = dict(table)
    try:
        for key, func in (convert or {}).items():
            if key in values:
                values[key] = func(values[key])
        return cls(**values)
    except CatalogError as exc:
        raise CatalogError(f"{where}: {exc.message_vi}", f"{where}: {exc.message_en}") from None
    except (TypeError, ValueError, KeyError) as exc:
        raise CatalogError(f"{where}: {exc}", f"{where}: {exc}") from None


def _entries(data: Mapping[str, Any], key: str, where: str) -> list[Mapping[str, Any]]:
    value = data.get(key, [])
    if not isinstance(value, list):
        raise CatalogError(
            f"{where}: “{key}” phải là danh sách [[{key}]]",
            f"{where}: '{key}' must be an array of tables [[{key}]]",
        )
    return value


def _label(item: Any, index: int) -> str:
    code = item.get("code") or item.get("id") if isinstance(item, Mapping) else None
    return f"[{index + 1}]" + (f" “{code}”" if code else "")


def catalogs_from_mapping(data: Mapping[str, Any], *, source: str = "<catalogs>") -> Catalogs:
    """Build :class:`Catalogs` from parsed TOML (or any mapping of the same shape)."""
    known = {"measure", *ENTRY_CLASSES}
    extra = sorted(set(data) - known)
    if extra:
        raise CatalogError(
            f"{source}: mục không hợp lệ {extra}",
            f"{source}: unknown section(s) {extra} (expected {sorted(known)})",
        )
    measures = [
        _build(Measure, item, where=f"{source}: measure{_label(item, i)}")
        for i, item in enumerate(_entries(data, "measure", source))
    ]
    catalogs: dict[str, Catalog[Any]] = {}
    for kind, cls in ENTRY_CLASSES.items():
        entries = [
            _build(cls, item, where=f"{source}: {kind}{_label(item, i)}")
            for i, item in enumerate(_entries(data, kind, source))
        ]
        try:
            catalogs[kind] = Catalog(kind=kind, entries=tuple(entries))
        except ValueError as exc:
            raise CatalogError(f"{source}: {exc}", f"{source}: {exc}") from None
    try:
        return Catalogs(
            activity_types=catalogs["activity_type"],
            subject_groups=catalogs["subject_group"],
            themes=catalogs["theme"],
            partners=catalogs["partner"],
            measures=tuple(measures),
        )
    except ValueError as exc:
        raise CatalogError(f"{source}: {exc}", f"{source}: {exc}") from None


def load_catalogs(path: Source) -> Catalogs:
    """Load catalogs from a TOML file shaped like the bundled ``data/catalogs.toml``."""
    return catalogs_from_mapping(_read_toml(_open(path)), source=str(path))


def unit_set_from_mapping(data: Mapping[str, Any], *, source: str = "<unit set>") -> UnitSet:
    """Build a :class:`UnitSet` from parsed TOML; units are ``[[province]]`` or ``[[unit]]``."""
    header = {k: v for k, v in data.items() if k not in ("province", "unit")}
    rows = _entries(data, "province", source) + _entries(data, "unit", source)
    units = [_build(AdminUnit, item, where=f"{source}: unit{_label(item, i)}") for i, item in enumerate(rows)]
    return _build(UnitSet, {**header, "units": tuple(units)}, where=source)


def load_unit_set(path: Source) -> UnitSet:
    return unit_set_from_mapping(_read_toml(_open(path)), source=str(path))


def _selector(value: Any) -> Selector:
    return _build(Selector, value, where="select")


def _bounds(value: Any) -> Bounds:
    return _build(Bounds, value, where="bounds")


def _wording(value: Any) -> TargetWording:
    return _build(TargetWording, value, where="wording")


_TARGET_CONVERT: dict[str, Callable[[Any], Any]] = {
    "wording": _wording,
    "select": _selector,
    "sub_select": _selector,
    "bounds": _bounds,
    "sub_bounds": _bounds,
    "share_bounds": _bounds,
}


def target_from_mapping(
    item: Mapping[str, Any], *, where: str, kinds: Mapping[str, type[Target]] | None = None
) -> Target:
    """One target from a TOML table; ``kinds`` maps a kind name to its model class (default:
    the built-in kinds; ``pm.target_models()`` adds the plugins')."""
    models = kinds if kinds is not None else TARGET_KINDS
    kind = item.get("kind")
    cls = models.get(kind) if isinstance(kind, str) else None
    if cls is None:
        raise CatalogError(
            f"{where}: loại chỉ tiêu không hợp lệ {kind!r} (cho phép: {sorted(models)})",
            f"{where}: unknown target kind {kind!r} (one of {sorted(models)})",
        )
    body = {k: v for k, v in item.items() if k != "kind"}
    return _build(cls, body, where=where, convert=_TARGET_CONVERT)


def load_targets(
    path: Source, catalogs: Catalogs | None = None, kinds: Mapping[str, type[Target]] | None = None
) -> TargetSet:
    """Load a plan's targets; with ``catalogs``, every code they select must exist; ``kinds``
    adds kinds of target from plugins (``pm.target_models()``)."""
    data = _read_toml(_open(path))
    return targets_from_mapping(data, source=str(path), catalogs=catalogs, kinds=kinds)


def targets_from_mapping(
    data: Mapping[str, Any],
    *,
    source: str,
    catalogs: Catalogs | None = None,
    kinds: Mapping[str, type[Target]] | None = None,
) -> TargetSet:
    targets = [
        target_from_mapping(item, where=f"{source}: target{_label(item, i)}", kinds=kinds)
        for i, item in enumerate(_entries(data, "target", source))
    ]
    target_set = _build(TargetSet, {"name": data.get("name", source), "targets": tuple(targets)}, where=source)
    if catalogs is not None:
        problems = target_set.unknown_codes(catalogs)
        if problems:
            raise CatalogError(
                f"{source}: chỉ tiêu dùng mã không có trong danh mục: {'; '.join(problems)}",
                f"{source}: targets refer to codes missing from the catalogs: {'; '.join(problems)}",
            )
    return target_set


def _month_day(value: Any) -> tuple[int, int]:
    if not isinstance(value, str) or len(value.split("-")) != 2:
        raise ValueError(f'expected a month-day such as "05-31", got {value!r}')
    month, day = value.split("-")
    return int(month), int(day)


def _annual(item: Mapping[str, Any], where: str) -> AnnualCampaign:
    body = dict(item)
    try:
        start = _month_day(body.pop("start", None))
        end = _month_day(body.pop("end", None))
    except ValueError as exc:
        raise CatalogError(f"{where}: {exc}", f"{where}: {exc}") from None
    body.update(start_month=start[0], start_day=start[1], end_month=end[0], end_day=end[1])
    return _build(AnnualCampaign, body, where=where)


def _phases(value: Any) -> tuple[Phase, ...]:
    return tuple(_build(Phase, p, where=f"phase{_label(p, i)}") for i, p in enumerate(value))


def load_campaigns(path: Source) -> tuple[tuple[Campaign, ...], tuple[AnnualCampaign, ...]]:
    """Dated campaigns and annual campaigns from a TOML file like ``data/campaigns.toml``."""
    data = _read_toml(_open(path))
    return campaigns_from_mapping(data, source=str(path))


def campaigns_from_mapping(
    data: Mapping[str, Any], *, source: str
) -> tuple[tuple[Campaign, ...], tuple[AnnualCampaign, ...]]:
    dated = tuple(
        _build(Campaign, item, where=f"{source}: campaign{_label(item, i)}", convert={"phases": _phases})
        for i, item in enumerate(_entries(data, "campaign", source))
    )
    annual = tuple(
        _annual(item, f"{source}: annual_campaign{_label(item, i)}")
        for i, item in enumerate(_entries(data, "annual_campaign", source))
    )
    return dated, annual


# Bundled defaults. Cached: they are immutable and read often.
def _data(name: str) -> resources.abc.Traversable:
    return resources.files("bhxh_comms").joinpath("data", *name.split("/"))


@functools.cache
def default_catalogs() -> Catalogs:
    """The default catalogs, as shipped with the package."""
    return catalogs_from_mapping(_read_toml(_data("catalogs.toml")), source="bhxh_comms/data/catalogs.toml")


@functools.cache
def default_unit_sets() -> tuple[UnitSet, ...]:
    return tuple(
        unit_set_from_mapping(_read_toml(_data(f"units/{name}.toml")), source=f"bhxh_comms/data/units/{name}.toml")
        for name in DEFAULT_UNIT_SETS
    )


def default_units() -> UnitRegistry:
    """The 63-province set (until 2025-06-30), the 34-province set (since 2025-07-01) and
    the crosswalk between them."""
    return _default_units()


@functools.cache
def _default_units() -> UnitRegistry:
    return UnitRegistry(sets=default_unit_sets())


@functools.cache
def default_targets() -> TargetSet:
    return targets_from_mapping(
        _read_toml(_data("targets.toml")), source="bhxh_comms/data/targets.toml", catalogs=default_catalogs()
    )


@functools.cache
def default_campaigns() -> tuple[tuple[Campaign, ...], tuple[AnnualCampaign, ...]]:
    return campaigns_from_mapping(_read_toml(_data("campaigns.toml")), source="bhxh_comms/data/campaigns.toml")


def campaigns_in(year: int) -> tuple[Campaign, ...]:
    """Every default campaign that falls in ``year``: the annual ones and the dated ones."""
    dated, annual = default_campaigns()
    in_year = [c for c in dated if c.start.year == year or c.end.year == year]
    return (*(a.in_year(year) for a in annual), *in_year)


__all__ = [
    "campaigns_from_mapping",
    "campaigns_in",
    "catalogs_from_mapping",
    "default_campaigns",
    "default_catalogs",
    "default_targets",
    "default_unit_sets",
    "default_units",
    "load_campaigns",
    "load_catalogs",
    "load_targets",
    "load_unit_set",
    "target_from_mapping",
    "targets_from_mapping",
    "unit_set_from_mapping",
]
