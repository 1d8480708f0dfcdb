"""The :class:`Report`: everything a renderer needs, computed once by the core.

Renderers never compute figures: they lay out ``tables`` and phrase ``facts``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any

import attrs
import pandas as pd

from bhxh_comms.models import _validators as v
from bhxh_comms.models.periods import Period

VIETNAM_TIME = dt.timezone(dt.timedelta(hours=7), "ICT")
"""Vietnam's time zone (Indochina Time); the country has no summer time."""


@attrs.frozen(kw_only=True)
class ReportMetadata:
    """Who issues the report, for which period, against which comparison period."""

    title: str = attrs.field(validator=v.text)
    period: Period
    comparison_period: Period | None = None
    unit_set: str = attrs.field(validator=v.text)
    issuing_body: str = attrs.field(default="BẢO HIỂM XÃ HỘI VIỆT NAM", validator=v.text)
    parent_body: str | None = attrs.field(default=None, validator=v.optional_text)
    generated_at: dt.datetime = attrs.field(validator=attrs.validators.instance_of(dt.datetime))
    """When the report was made; pin it to get byte-identical outputs."""
    notes: tuple[str, ...] = attrs.field(default=(), converter=v.str_tuple)
    """Statements a reader of the published figures must see: crosswalk mappings applied, how
    commune targets were counted in a year of reorganisation."""
    processing: tuple[str, ...] = attrs.field(default=(), converter=v.str_tuple)
    """How the data was read, for the people who check it (rows read, accepted and rejected;
    the source files; provinces sent in several files): shown in working outputs (the Excel
    notes sheet, JSON), not in the documents sent out for signature."""
    units_reporting: int | None = None
    """How many units (provinces) reported for the period."""
    units_total: int | None = None
    """How many units the unit set has."""

    @property
    def local_generated_at(self) -> dt.datetime:
        """``generated_at`` in Vietnam time (UTC+7, no summer time), without tzinfo, for the
        dates printed on documents; a naive ``generated_at`` is taken as local already."""
        moment = self.generated_at
        if moment.tzinfo is not None:
            moment = moment.astimezone(VIETNAM_TIME)
        return moment.replace(tzinfo=None)

    @property
    def units_phrase(self) -> str:
        """ "BHXH 63 tỉnh" (or "BHXH 30/34 tỉnh" when some did not report)."""
        if self.units_reporting is None or self.units_total is None:
            return "BHXH các tỉnh"
        if self.units_reporting == self.units_total:
            return f"BHXH {self.units_total} tỉnh"
        return f"BHXH {self.units_reporting}/{self.units_total} tỉnh"


@attrs.frozen(kw_only=True)
class Comparison:
    """A figure against the same figure of the comparison period."""

    previous: float
    period_label: str
    change: float
    percent_change: float | None
    ratio: float | None


def _frozen_mapping(value: Mapping[str, Any]) -> Mapping[str, Any]:
    return MappingProxyType(dict(value))


@attrs.frozen(kw_only=True)
class Fact:
    """One statement of the narrative as data: "khoảng 45.900 hội nghị … (tăng gấp 2 lần)".

    ``subject`` is the Vietnamese noun phrase that follows the number ("hội nghị truyền
    thông"), ``unit`` the unit of measure ("cuộc", "lượt người").
    """

    metric: str = attrs.field(validator=v.text)
    value: float
    unit: str = attrs.field(validator=v.text)
    subject: str = attrs.field(validator=v.text)
    approximate: bool = True
    scope: str = "national"
    comparison: Comparison | None = None
    extra: Mapping[str, Any] = attrs.field(factory=dict, converter=_frozen_mapping)


def _tables(value: Mapping[str, pd.DataFrame]) -> Mapping[str, pd.DataFrame]:
    for name, frame in value.items():
        if not isinstance(frame, pd.DataFrame):
            raise TypeError(f"table {name!r} must be a DataFrame, got {type(frame).__name__}")
    return MappingProxyType(dict(value))


def _facts(value: Iterable[Fact]) -> tuple[Fact, ...]:
    return tuple(value)


@attrs.frozen(kw_only=True)
class Report:
    """The result of one aggregation run, ready to render.

    ``tables`` maps a table name to a DataFrame (see docs/report.md for each table's
    columns); ``facts`` are the narrative statements in order.
    """

    metadata: ReportMetadata
    tables: Mapping[str, pd.DataFrame] = attrs.field(converter=_tables)
    facts: tuple[Fact, ...] = attrs.field(default=(), converter=_facts)

    def table(self, name: str) -> pd.DataFrame:
        try:
            return self.tables[name]
        except KeyError:
            raise KeyError(f"report has no table {name!r} (has: {', '.join(self.tables)})") from None
