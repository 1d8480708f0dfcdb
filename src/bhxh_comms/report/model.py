"""The :class:`Report`: everything a renderer needs, computed once by the core.

Renderers never compute figures or word them: they lay out ``tables`` and ``statements``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from types import MappingProxyType

import attrs
import pandas as pd

from bhxh_comms.report.facts import Comparison, Fact
from bhxh_comms.report.metadata import VIETNAM_TIME, ComparisonCoverage, ReportMetadata
from bhxh_comms.report.narrative import build_statements
from bhxh_comms.report.statements import Statements

__all__ = [
    "VIETNAM_TIME",
    "Comparison",
    "ComparisonCoverage",
    "Fact",
    "Report",
    "ReportMetadata",
]


def _tables(value: Mapping[str, pd.DataFrame]) -> Mapping[str, pd.DataFrame]:
    for name, frame in value.items():
        if not isinstance(frame, pd.DataFrame):
            raise TypeError(f"table {name!r} must be a DataFrame, got {type(frame).__name__}")
    return MappingProxyType(dict(value))


def _facts(value: Iterable[Fact]) -> tuple[Fact, ...]:
    return tuple(value)


def _derived_statements(report: Report) -> Statements:
    return build_statements(report.metadata, report.tables, report.facts)


def _table_digest(frame: pd.DataFrame) -> bytes:
    digest = hashlib.sha256()
    digest.update(repr([(str(c), str(t)) for c, t in frame.dtypes.items()]).encode())
    digest.update(repr(list(frame.index)).encode() if not isinstance(frame.index, pd.RangeIndex) else b"range")
    for column in frame.columns:
        series = frame[column]
        try:
            values = pd.util.hash_pandas_object(series, index=False)
        except TypeError:  # unhashable or mixed objects: hash their text
            values = pd.util.hash_pandas_object(series.astype(object).map(repr), index=False)
        digest.update(values.to_numpy().tobytes())
    return digest.digest()


@attrs.frozen(kw_only=True)
class Report:
    """The result of one aggregation run, ready to render.

    ``tables`` maps a table name to a DataFrame (see docs/report.md for each table's
    columns); ``facts`` are the narrative statements as data; ``statements`` every sentence
    and figure text the outputs print, derived from the metadata, tables and facts.
    A renderer gets its own copy (:meth:`copy`) and must leave it as it found it
    (:meth:`fingerprint`).
    """

    metadata: ReportMetadata
    tables: Mapping[str, pd.DataFrame] = attrs.field(converter=_tables)
    facts: tuple[Fact, ...] = attrs.field(default=(), converter=_facts)
    statements: Statements = attrs.field(init=False, default=attrs.Factory(_derived_statements, takes_self=True))
    """Derived from the other fields on construction (and again by ``attrs.evolve``), never
    given: what the report says cannot disagree with its figures."""

    def table(self, name: str) -> pd.DataFrame:
        try:
            return self.tables[name]
        except KeyError:
            raise KeyError(f"report has no table {name!r} (has: {', '.join(self.tables)})") from None

    def copy(self) -> Report:
        """The same report with its own copy of every table (metadata, facts and statements are
        immutable and shared)."""
        copied = object.__new__(Report)
        for field in attrs.fields(Report):
            object.__setattr__(copied, field.name, getattr(self, field.name))
        # Equal tables say the same: the statements are shared, not derived a second time.
        object.__setattr__(copied, "tables", _tables({n: f.copy(deep=True) for n, f in self.tables.items()}))
        return copied

    def fingerprint(self) -> str:
        """A digest of every table's columns, types and values, the facts, the statements and
        the metadata: equal exactly when nothing a renderer could print has changed."""
        digest = hashlib.sha256()
        for name in sorted(self.tables):
            digest.update(name.encode())
            digest.update(_table_digest(self.tables[name]))
        digest.update(repr((self.metadata, self.facts, self.statements)).encode())
        return digest.hexdigest()
