"""Catalog entries (activity types, subject groups, themes, partners) and catalogs of them.

The default entries ship as data (``bhxh_comms/data/catalogs.toml``); a user can load a
catalog of their own or build one here in code. Nothing in the code depends on a
particular code existing.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import ClassVar, Generic, TypeVar

import attrs

from bhxh_comms.errors import CatalogError
from bhxh_comms.models import _validators as v
from bhxh_comms.models.measures import AggregationRule, Measure
from bhxh_comms.text import closest, fold


@attrs.frozen(kw_only=True)
class CatalogEntry:
    """What every catalog entry has: a stable code and a Vietnamese label."""

    kind: ClassVar[str] = "entry"

    code: str = attrs.field(validator=v.code)
    label: str = attrs.field(validator=v.text)
    description: str | None = attrs.field(default=None, validator=v.optional_text)
    aliases: tuple[str, ...] = attrs.field(default=(), converter=v.str_tuple)


@attrs.frozen(kw_only=True)
class ActivityType(CatalogEntry):
    """A form of communication (hình thức), e.g. ``conference`` measured in "cuộc".

    >>> ActivityType(code="broadcast", label="Phát thanh", unit="lượt", measures=("count",)).unit
    'lượt'
    """

    kind: ClassVar[str] = "activity_type"

    unit: str = attrs.field(validator=v.text)
    measures: tuple[str, ...] = attrs.field(default=("count", "participants"), converter=v.str_tuple)
    phrase: str | None = attrs.field(default=None, validator=v.optional_text)
    """What follows the number in a report sentence ("cuộc truyền thông nhóm nhỏ")."""
    participants_phrase: str = attrs.field(default="lượt người tham dự", validator=v.text)
    """What follows the number of attendances ("lượt người được truyền thông")."""
    short_label: str | None = attrs.field(default=None, validator=v.optional_text)
    """A column heading where the label is too long ("Nhóm nhỏ")."""

    @property
    def noun_phrase(self) -> str:
        return self.phrase or self.label[:1].lower() + self.label[1:]

    @property
    def short(self) -> str:
        """:attr:`short_label`, else the label."""
        return self.short_label or self.label

    @measures.validator
    def _check_measures(self, attribute: attrs.Attribute[tuple[str, ...]], value: tuple[str, ...]) -> None:
        if "count" not in value:
            raise ValueError(f"activity type {self.code!r}: measures must include 'count'")


@attrs.frozen(kw_only=True)
class SubjectGroup(CatalogEntry):
    """A group of people communication is aimed at (nhóm đối tượng)."""

    kind: ClassVar[str] = "subject_group"


@attrs.frozen(kw_only=True)
class Theme(CatalogEntry):
    """What an activity is about (nội dung)."""

    kind: ClassVar[str] = "theme"


@attrs.frozen(kw_only=True)
class Partner(CatalogEntry):
    """An organisation an activity is run with (đơn vị phối hợp)."""

    kind: ClassVar[str] = "partner"


E = TypeVar("E", bound=CatalogEntry)


@attrs.frozen(kw_only=True)
class Catalog(Generic[E]):
    """An ordered set of entries of one kind, looked up by code, label or alias.

    >>> cat = Catalog(kind="theme", entries=(Theme(code="vssid", label="Ứng dụng VssID"),))
    >>> cat.resolve("ung dung vssid")
    'vssid'
    """

    kind: str = attrs.field(validator=v.text)
    entries: tuple[E, ...] = attrs.field(converter=tuple, validator=v.unique_codes)
    _by_code: dict[str, E] = attrs.field(init=False, repr=False, eq=False)
    _by_text: dict[str, str] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        by_code = {e.code: e for e in self.entries}
        by_text: dict[str, str] = {}
        for entry in self.entries:
            if entry.kind != self.kind:
                raise ValueError(f"catalog of {self.kind}: entry {entry.code!r} is a {entry.kind}")
            for name in (entry.code, entry.label, *entry.aliases):
                by_text.setdefault(fold(name), entry.code)
        object.__setattr__(self, "_by_code", by_code)
        object.__setattr__(self, "_by_text", by_text)

    def __getitem__(self, code: str) -> E:
        try:
            return self._by_code[code]
        except KeyError:
            raise KeyError(f"unknown {self.kind} {code!r}") from None

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    def __iter__(self) -> Iterator[E]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(self._by_code)

    def resolve(self, text: str) -> str | None:
        """The code of the entry whose code, label or alias matches ``text`` (folded)."""
        return self._by_text.get(fold(text))

    def text_index(self) -> dict[str, str]:
        """Folded code/label/alias → code, for vectorised look-ups of many values."""
        return dict(self._by_text)

    def suggest(self, text: str) -> str | None:
        """The code of the entry closest to ``text``, for "did you mean" messages: the closest
        spelling, else the entry sharing most words with it ("Livestream TikTok" → the online
        conference, whose label says "livestream").

        >>> cat = Catalog(kind="theme", entries=(Theme(code="app", label="Ứng dụng VssID (tải, cài đặt)"),))
        >>> cat.suggest("cai dat VssID tren dien thoai")
        'app'
        """
        names = {name: e.code for e in self.entries for name in (e.code, e.label, *e.aliases)}
        match = closest(text, names)
        if match is not None:
            return names[match]
        words = {w for w in fold(text).split() if len(w) >= 4}
        shared = {
            e.code: len(words & {w for name in (e.label, *e.aliases) for w in fold(name).split()}) for e in self.entries
        }
        best = max(shared, key=lambda code: shared[code], default=None)
        return best if best is not None and shared[best] else None

    def extended(self, entries: Iterable[E]) -> Catalog[E]:
        """A new catalog with ``entries`` appended; an identical duplicate is ignored."""
        added = list(self.entries)
        for entry in entries:
            known = self._by_code.get(entry.code)
            if known is None:
                added.append(entry)
            elif known != entry:
                raise CatalogError(
                    f"{self.kind} {entry.code!r} được khai báo hai lần với nội dung khác nhau",
                    f"{self.kind} {entry.code!r} is defined twice with different contents",
                )
        return Catalog(kind=self.kind, entries=tuple(added))


ENTRY_CLASSES: dict[str, type[CatalogEntry]] = {cls.kind: cls for cls in (ActivityType, SubjectGroup, Theme, Partner)}


def _measures(value: Iterable[Measure]) -> tuple[Measure, ...]:
    return tuple(value)


@attrs.frozen(kw_only=True)
class Catalogs:
    """All catalogs a plan year uses, checked against each other on construction."""

    activity_types: Catalog[ActivityType] = attrs.field()
    subject_groups: Catalog[SubjectGroup] = attrs.field()
    themes: Catalog[Theme] = attrs.field()
    partners: Catalog[Partner] = attrs.field()
    measures: tuple[Measure, ...] = attrs.field(converter=_measures, validator=v.unique_codes)

    def __attrs_post_init__(self) -> None:
        for name, kind in (
            ("activity_types", "activity_type"),
            ("subject_groups", "subject_group"),
            ("themes", "theme"),
            ("partners", "partner"),
        ):
            catalog = getattr(self, name)
            if catalog.kind != kind:
                raise ValueError(f"{name}: expected a catalog of {kind}, got {catalog.kind}")
        known = {m.code for m in self.measures}
        for measure in self.measures:
            for ref in (measure.numerator, measure.denominator):
                if ref is not None and ref not in known:
                    raise ValueError(f"measure {measure.code!r} refers to unknown measure {ref!r}")
        for activity in self.activity_types:
            unknown = [m for m in activity.measures if m not in known]
            if unknown:
                raise ValueError(f"activity type {activity.code!r} carries unknown measure(s) {unknown}")

    def by_kind(self, kind: str) -> Catalog[CatalogEntry]:
        """The catalog of one entry kind (``"activity_type"``, ``"theme"`` …)."""
        for catalog in (self.activity_types, self.subject_groups, self.themes, self.partners):
            if catalog.kind == kind:
                return catalog  # type: ignore[return-value]
        raise KeyError(f"no catalog of kind {kind!r}")

    def measure(self, code: str) -> Measure:
        for measure in self.measures:
            if measure.code == code:
                return measure
        raise KeyError(f"unknown measure {code!r}")

    def flows(self) -> tuple[Measure, ...]:
        return tuple(m for m in self.measures if m.rule is AggregationRule.FLOW)

    def with_entries(self, entries: Iterable[CatalogEntry]) -> Catalogs:
        """A copy with extra entries (e.g. from plugins) added to the right catalogs."""
        grouped: dict[str, list[CatalogEntry]] = {}
        for entry in entries:
            if entry.kind not in ENTRY_CLASSES:
                raise CatalogError(f"không rõ loại danh mục của {entry!r}", f"unknown catalog kind of {entry!r}")
            grouped.setdefault(entry.kind, []).append(entry)
        return attrs.evolve(
            self,
            activity_types=self.activity_types.extended(grouped.get("activity_type", [])),  # type: ignore[arg-type]
            subject_groups=self.subject_groups.extended(grouped.get("subject_group", [])),  # type: ignore[arg-type]
            themes=self.themes.extended(grouped.get("theme", [])),  # type: ignore[arg-type]
            partners=self.partners.extended(grouped.get("partner", [])),  # type: ignore[arg-type]
        )
