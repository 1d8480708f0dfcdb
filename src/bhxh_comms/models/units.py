"""Administrative units, versioned unit sets and the registry that resolves them by date.

Vietnam had 63 provinces until 2025-06-30 and has 34 since 2025-07-01; each old province
went whole into one new one. A :class:`UnitSet` is one such list valid over a date range,
and a :class:`UnitRegistry` answers "which set is in force on this date", "what does this
name or code mean on this date" and "which new province did this old one go into".
Plugins may contribute further sets (e.g. communes) through ``bhxh_comms_unit_sets``.
"""

from __future__ import annotations

import collections
import datetime as dt
import itertools
import re
from collections.abc import Iterable, Mapping

import attrs

from bhxh_comms.errors import UnitError
from bhxh_comms.messages import Message
from bhxh_comms.models import _validators as v
from bhxh_comms.text import closest, fold, fold_commune_name, fold_unit_name

_UNIT_CODE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z_.-]*$")
LEVELS = ("province", "commune")


def _unit_code(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str) or not _UNIT_CODE.match(value):
        raise ValueError(f"{attribute.name}: {value!r} is not a valid unit code")


def _optional_unit_code(instance: object, attribute: attrs.Attribute[str | None], value: object) -> None:
    if value is not None:
        _unit_code(instance, attribute, value)  # type: ignore[arg-type]


def _units(value: Iterable[AdminUnit]) -> tuple[AdminUnit, ...]:
    return tuple(value)


def _sets(value: Iterable[UnitSet]) -> tuple[UnitSet, ...]:
    return tuple(value)


@attrs.frozen(kw_only=True)
class AdminUnit:
    """One administrative unit (a province, or a commune when ``parent`` is set).

    >>> AdminUnit(code="06", name="Bắc Kạn", kind="tỉnh", successor="19").full_name
    'Tỉnh Bắc Kạn'
    """

    code: str = attrs.field(validator=_unit_code)
    name: str = attrs.field(validator=v.text)
    kind: str = attrs.field(validator=v.text)
    parent: str | None = attrs.field(default=None, validator=_optional_unit_code)
    communes: int | None = attrs.field(default=None)
    successor: str | None = attrs.field(default=None, validator=_optional_unit_code)
    aliases: tuple[str, ...] = attrs.field(default=(), converter=v.str_tuple)
    divided_into: tuple[str, ...] = attrs.field(default=(), converter=v.str_tuple)
    """For a unit divided among several units of the next set: all of them (``successor`` is
    the default one, which takes the unit's figures). Empty when the unit went whole."""
    district: str | None = attrs.field(default=None)
    """The district (huyện) a commune belonged to, for sets from before districts were abolished."""
    latitude: float | None = attrs.field(default=None)
    longitude: float | None = attrs.field(default=None)
    """Centroid, when the unit data has one (for maps drawn without a network)."""

    @divided_into.validator
    def _check_divided(self, attribute: attrs.Attribute[tuple[str, ...]], value: tuple[str, ...]) -> None:
        if value and self.successor not in value:
            raise ValueError(f"unit {self.code}: divided_into {value} must include its successor {self.successor!r}")

    @latitude.validator
    def _check_latitude(self, attribute: attrs.Attribute[float | None], value: float | None) -> None:
        if value is not None and not -90 <= value <= 90:
            raise ValueError(f"unit {self.code}: latitude {value!r} is not between -90 and 90")

    @longitude.validator
    def _check_longitude(self, attribute: attrs.Attribute[float | None], value: float | None) -> None:
        if value is not None and not -180 <= value <= 180:
            raise ValueError(f"unit {self.code}: longitude {value!r} is not between -180 and 180")

    @communes.validator
    def _check_communes(self, attribute: attrs.Attribute[int | None], value: int | None) -> None:
        if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
            raise ValueError(f"unit {self.code}: communes must be a whole number ≥ 0, got {value!r}")

    @property
    def full_name(self) -> str:
        """The name with its prefix, as written in official documents ("Thành phố Hà Nội")."""
        return f"{self.kind[:1].upper()}{self.kind[1:]} {self.name}"


@attrs.frozen(kw_only=True)
class UnitSet:
    """A list of units of one level valid from ``valid_from`` to ``valid_to`` (inclusive)."""

    id: str = attrs.field(validator=_unit_code)
    name: str = attrs.field(validator=v.text)
    level: str = attrs.field(default="province")
    valid_from: dt.date = attrs.field(validator=attrs.validators.instance_of(dt.date))
    valid_to: dt.date | None = attrs.field(default=None)
    units: tuple[AdminUnit, ...] = attrs.field(converter=_units, validator=v.unique_codes)
    successor_set: str | None = attrs.field(default=None)
    communes_as_of: dt.date | None = attrs.field(default=None)
    source: str | None = attrs.field(default=None)
    as_of: dt.date | None = attrs.field(default=None)
    """The date the list of units reflects, when later than ``valid_from``: a row dated
    before it may name a unit dissolved since (unknown is then a warning, not an error)."""
    _by_code: dict[str, AdminUnit] = attrs.field(init=False, repr=False, eq=False)
    _by_name: dict[str, str] = attrs.field(init=False, repr=False, eq=False)
    _per_parent: dict[str, int] = attrs.field(init=False, repr=False, eq=False)

    @level.validator
    def _check_level(self, attribute: attrs.Attribute[str], value: str) -> None:
        if value not in LEVELS:
            raise ValueError(f"unit set {self.id}: unknown level {value!r} (one of {LEVELS})")

    @valid_to.validator
    def _check_range(self, attribute: attrs.Attribute[dt.date | None], value: dt.date | None) -> None:
        if value is not None and value < self.valid_from:
            raise ValueError(f"unit set {self.id}: valid_to {value} is before valid_from {self.valid_from}")

    def __attrs_post_init__(self) -> None:
        if not self.units:
            raise ValueError(f"unit set {self.id}: has no units")
        fold_name = fold_unit_name if self.level == "province" else fold_commune_name
        by_name: dict[str, str] = {}
        ambiguous: set[str] = set()
        for unit in self.units:
            # Commune names recur across provinces ("Phường 1"): they are known within their
            # province only, and one repeated inside a province is ambiguous (give the code).
            scope = "" if self.level == "province" else f"{unit.parent}\x1f"
            folded = {fold_name(name) for name in (unit.name, unit.full_name, *unit.aliases)}
            if unit.district:  # "Quang Thuận, Bạch Thông" tells apart two communes of one name
                districts = (fold(unit.district), fold(_district_short(unit.district)))
                folded |= {f"{name} {district}" for name in tuple(folded) for district in districts}
            for name in folded:
                key = scope + name
                other = by_name.setdefault(key, unit.code)
                if other != unit.code:
                    if self.level == "province":
                        raise ValueError(f"unit set {self.id}: name {name!r} matches both {other} and {unit.code}")
                    ambiguous.add(key)
        for key in ambiguous:
            del by_name[key]
        # Names written without their spaces ("ThaiNguyen", or a zero-width space pasted in
        # place of one) match too, where that is unambiguous.
        compact: dict[str, set[str]] = {}
        for key, code in by_name.items():
            compact.setdefault(key.replace(" ", ""), set()).add(code)
        for key, codes in compact.items():
            if len(codes) == 1 and key not in ambiguous:
                by_name.setdefault(key, next(iter(codes)))
        object.__setattr__(self, "_by_code", {u.code: u for u in self.units})
        object.__setattr__(self, "_by_name", by_name)
        object.__setattr__(self, "_per_parent", dict(collections.Counter(u.parent for u in self.units if u.parent)))

    def __getitem__(self, code: str) -> AdminUnit:
        try:
            return self._by_code[code]
        except KeyError:
            raise KeyError(f"unit set {self.id} has no unit {code!r}") from None

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    def __len__(self) -> int:
        return len(self.units)

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(self._by_code)

    def in_force(self, on: dt.date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)

    def find(self, text: str | int, *, parent: str | None = None) -> AdminUnit | None:
        """The unit whose code or name (any spelling the folding accepts) is ``text``; a
        commune's name is looked up within its province ``parent`` (a code is unique)."""
        key = _code_text(text) if self.level == "province" else str(text).strip()
        if key in self._by_code:
            return self._by_code[key]
        if self.level == "province":
            code = self._by_name.get(fold_unit_name(str(text)))
        else:
            code = self._by_name.get(f"{parent}\x1f{fold_commune_name(str(text))}")
        return self._by_code[code] if code is not None else None

    def name_index(self) -> dict[str, str]:
        """Folded name/alias → code and code → code, for vectorised look-ups (commune names
        are keyed ``"<province code>\x1f<folded name>"``)."""
        index = dict(self._by_name)
        index.update({code: code for code in self._by_code})
        return index

    @property
    def units_per_parent(self) -> Mapping[str, int]:
        """How many units each parent has (a province's communes in a commune set)."""
        return self._per_parent

    def children(self, parent: str) -> tuple[AdminUnit, ...]:
        """The units whose parent is ``parent`` (a province's communes), in the set's order."""
        return tuple(u for u in self.units if u.parent == parent)

    def suggest(self, text: str, *, parent: str | None = None) -> AdminUnit | None:
        names = {u.name: u for u in self.units if parent is None or u.parent == parent}
        match = closest(fold_unit_name(text), names)
        return names[match] if match is not None else None

    @property
    def total_communes(self) -> int | None:
        counts = [u.communes for u in self.units]
        return None if any(c is None for c in counts) else sum(c for c in counts if c is not None)


_DISTRICT_PREFIXES = ("Huyện ", "Quận ", "Thị xã ", "Thành phố ")


def _district_short(district: str) -> str:
    for prefix in _DISTRICT_PREFIXES:
        if district.startswith(prefix):
            return district[len(prefix) :]
    return district


def _code_text(text: str | int) -> str:
    """Codes typed as numbers lose their leading zero in spreadsheets: 1 → "01"."""
    if isinstance(text, int) and not isinstance(text, bool):
        return f"{text:02d}"
    stripped = str(text).strip()
    if stripped.isdigit() and len(stripped) == 1:
        return f"0{stripped}"
    return stripped


@attrs.frozen(kw_only=True)
class Resolution:
    """The result of resolving a unit typed by a user, with how it was found."""

    unit: AdminUnit
    unit_set: UnitSet
    mapped_from: AdminUnit | None = None
    """The old unit the input named, when it was mapped forward through the crosswalk."""
    mapped_from_set: UnitSet | None = None
    """The earlier set ``mapped_from`` belongs to."""


@attrs.frozen(kw_only=True)
class UnitRegistry:
    """All known unit sets; the one place that knows which set is in force when.

    >>> import datetime as dt
    >>> from bhxh_comms import default_units
    >>> units = default_units()
    >>> units.resolve("44", on=dt.date(2024, 1, 1)).unit.name
    'Quảng Bình'
    >>> units.resolve("44", on=dt.date(2026, 1, 1)).unit.name
    'Quảng Trị'
    """

    sets: tuple[UnitSet, ...] = attrs.field(converter=_sets)
    _crosswalks: dict[tuple[str, str], Mapping[str, str]] = attrs.field(init=False, factory=dict, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        ids = [s.id for s in self.sets]
        for dup in {i for i in ids if ids.count(i) > 1}:
            raise ValueError(f"unit set {dup!r} is registered twice")
        by_id = {s.id: s for s in self.sets}
        for unit_set in self.sets:
            if unit_set.successor_set is None:
                continue
            target = by_id.get(unit_set.successor_set)
            if target is None:
                raise ValueError(f"unit set {unit_set.id}: successor set {unit_set.successor_set!r} is unknown")
            for unit in unit_set.units:
                if unit.successor is None or unit.successor not in target:
                    raise ValueError(
                        f"unit set {unit_set.id}: unit {unit.code} {unit.name} has no valid "
                        f"successor in {target.id} (got {unit.successor!r})"
                    )
                for part in unit.divided_into:
                    if part not in target:
                        raise ValueError(
                            f"unit set {unit_set.id}: unit {unit.code} is divided into {part!r}, not in {target.id}"
                        )
        for level in LEVELS:
            ordered = sorted((s for s in self.sets if s.level == level), key=lambda s: s.valid_from)
            for before, after in itertools.pairwise(ordered):
                if before.valid_to is None or before.valid_to >= after.valid_from:
                    raise ValueError(f"unit sets {before.id} and {after.id} overlap in time")

    @property
    def has_communes(self) -> bool:
        """Whether a commune-level set is installed (the ``bhxh-comms-units-vn`` plugin gives them)."""
        return any(s.level == "commune" for s in self.sets)

    def commune_set_for(self, province_set: UnitSet) -> UnitSet | None:
        """The commune set of the same period as ``province_set`` (None without the plugin)."""
        for unit_set in self.sets:
            if unit_set.level == "commune" and unit_set.in_force(province_set.valid_to or province_set.valid_from):
                return unit_set
        return None

    def communes_of(self, province: str, *, on: dt.date) -> tuple[AdminUnit, ...] | None:
        """The communes of ``province`` in the list in force on ``on`` (None: no list installed)."""
        if not self.has_communes:
            return None
        return self.unit_set_on(on, level="commune").children(province)

    def commune_checks_note(self) -> Message | None:
        """The note outputs give once when no commune set is installed: communes go unchecked."""
        if self.has_communes:
            return None
        return Message(
            code="commune_checks_off",
            severity="note",
            vi="chưa cài danh mục xã, phường (gói bhxh-comms-units-vn): mã xã, phường không được kiểm tra",
            en="no commune list installed (package bhxh-comms-units-vn): commune codes are not checked",
        )

    def get(self, set_id: str) -> UnitSet:
        for unit_set in self.sets:
            if unit_set.id == set_id:
                return unit_set
        raise UnitError(f"không có bộ đơn vị {set_id!r}", f"no unit set {set_id!r}")

    def unit_set_on(self, on: dt.date, *, level: str = "province") -> UnitSet:
        """The unit set of ``level`` in force on the date ``on``."""
        for unit_set in self.sets:
            if unit_set.level == level and unit_set.in_force(on):
                return unit_set
        raise UnitError(
            f"không có danh mục đơn vị hành chính cấp {level} áp dụng ngày {on:%d/%m/%Y}",
            f"no {level} unit set is in force on {on.isoformat()}",
        )

    def with_sets(self, sets: Iterable[UnitSet]) -> UnitRegistry:
        return UnitRegistry(sets=(*self.sets, *sets))

    def resolve(self, text: str | int, *, on: dt.date, level: str = "province") -> Resolution:
        """Resolve a code or a name against the unit set in force on ``on``.

        A unit of an earlier set (an old province named after 2025-07-01) is mapped forward
        through the crosswalk and ``mapped_from`` says so; an unknown unit raises
        :class:`~bhxh_comms.errors.UnitError` with the closest name as a suggestion.
        """
        current = self.unit_set_on(on, level=level)
        found = current.find(text)
        if found is not None:
            return Resolution(unit=found, unit_set=current)
        for older in self._predecessors(current):
            old = older.find(text)
            if old is not None:
                new_code = self.map_code(old.code, from_set=older.id, to_set=current.id)
                return Resolution(unit=current[new_code], unit_set=current, mapped_from=old, mapped_from_set=older)
        hint = current.suggest(str(text))
        suffix_vi = f" Có phải là “{hint.name}” ({hint.code})?" if hint else ""
        suffix_en = f" Did you mean “{hint.name}” ({hint.code})?" if hint else ""
        raise UnitError(
            f"không tìm thấy đơn vị “{text}” trong {current.name}.{suffix_vi}",
            f"unknown unit “{text}” in unit set {current.id}.{suffix_en}",
        )

    def resolve_commune(self, text: str, *, on: dt.date) -> Resolution:
        """Resolve a commune written as a code or as "commune, [district,] province" (with or
        without diacritics and prefixes) against the commune set in force on ``on``; a
        commune of an earlier set is mapped forward (to the default new commune when it was
        divided: ``mapped_from.divided_into`` lists the others).

        Raises :class:`~bhxh_comms.errors.UnitError` when no commune set is installed, or
        when the commune is unknown, with the closest name in its province as a suggestion.
        """
        current = self.unit_set_on(on, level="commune")
        parts = [p.strip() for p in str(text).split(",") if p.strip()]
        hint: AdminUnit | None = None
        for candidate in (current, *self._predecessors(current)):
            found: AdminUnit | None = candidate.find(parts[0]) if len(parts) == 1 else None
            if len(parts) > 1:
                provinces = self.unit_set_on(min(on, candidate.valid_to or on), level="province")
                province = provinces.find(parts[-1])
                if province is not None:
                    found = candidate.find(", ".join(parts[:-1]), parent=province.code)
                    if found is None and candidate is current:
                        hint = candidate.suggest(parts[0], parent=province.code)
            if found is None:
                continue
            if candidate is current:
                return Resolution(unit=found, unit_set=current)
            new_code = self.crosswalk(candidate.id, current.id)[found.code]
            return Resolution(unit=current[new_code], unit_set=current, mapped_from=found, mapped_from_set=candidate)
        suffix_vi = f" Có phải là “{hint.full_name}” ({hint.code})?" if hint else ""
        suffix_en = f" Did you mean “{hint.full_name}” ({hint.code})?" if hint else ""
        raise UnitError(
            f"không tìm thấy xã, phường “{text}” trong {current.name}.{suffix_vi}",
            f"unknown commune “{text}” in unit set {current.id}.{suffix_en}",
        )

    def mapping_kinds(self, from_set: str, to_set: str) -> Mapping[str, str]:
        """How each unit of ``to_set`` came from ``from_set``: ``"exact"`` (one old unit,
        whole), ``"merged"`` (several old units, whole) or ``"divided"`` (at least one old
        unit was divided among several new ones: its figures went to the default one)."""
        source = self.get(from_set)
        mapping = self.crosswalk(from_set, to_set)
        olds: dict[str, list[AdminUnit]] = {}
        for unit in source.units:
            olds.setdefault(mapping[unit.code], []).append(unit)
        kinds: dict[str, str] = {}
        for code in self.get(to_set).codes:
            before = olds.get(code, [])
            if any(len(u.divided_into) > 1 for u in before):
                kinds[code] = "divided"
            elif len(before) > 1:
                kinds[code] = "merged"
            else:
                kinds[code] = "exact"
        # A new unit that only received part of a divided old one (not its default) took
        # none of its figures: it is divided too.
        for unit in source.units:
            for part in unit.divided_into:
                kinds[part] = "divided"
        return kinds

    def crosswalk(self, from_set: str, to_set: str) -> Mapping[str, str]:
        """Old code → new code for every unit of ``from_set``, following successor sets."""
        key = (from_set, to_set)
        if key not in self._crosswalks:
            self._crosswalks[key] = self._crosswalk(from_set, to_set)
        return self._crosswalks[key]

    def _crosswalk(self, from_set: str, to_set: str) -> Mapping[str, str]:
        source = self.get(from_set)
        mapping = {u.code: u.code for u in source.units}
        current = source
        while current.id != to_set:
            if current.successor_set is None:
                raise UnitError(
                    f"không có bảng chuyển đổi từ {from_set} sang {to_set}",
                    f"no crosswalk from {from_set} to {to_set}",
                )
            nxt = current.successor_set
            step = {u.code: u.successor for u in current.units}
            mapping = {old: step[mid] for old, mid in mapping.items()}  # type: ignore[misc]
            current = self.get(nxt)
        return mapping

    def map_code(self, code: str, *, from_set: str, to_set: str) -> str:
        """The code in ``to_set`` of the unit ``code`` of ``from_set`` (one call per look-up)."""
        mapping = self.crosswalk(from_set, to_set)
        try:
            return mapping[code]
        except KeyError:
            raise UnitError(
                f"bộ đơn vị {from_set} không có mã {code!r}", f"unit set {from_set} has no code {code!r}"
            ) from None

    def predecessors_of(self, code: str, *, set_id: str) -> dict[str, tuple[AdminUnit, ...]]:
        """For each earlier set, the units that went into ``code`` of ``set_id``."""
        target = self.get(set_id)
        result: dict[str, tuple[AdminUnit, ...]] = {}
        for older in self._predecessors(target):
            mapping = self.crosswalk(older.id, target.id)
            result[older.id] = tuple(u for u in older.units if mapping[u.code] == code)
        return result

    def predecessor(self, unit_set: UnitSet) -> UnitSet | None:
        """The set whose successor is ``unit_set`` (the 10.035 old communes for the 3.321), if any."""
        return next((s for s in self.sets if s.successor_set == unit_set.id), None)

    def _predecessors(self, unit_set: UnitSet) -> list[UnitSet]:
        """Sets whose successor chain leads to ``unit_set``, nearest first."""
        chain: list[UnitSet] = []
        older = self.predecessor(unit_set)
        while older is not None:
            chain.append(older)
            older = self.predecessor(older)
        return chain
