"""Facts: the narrative's statements as data ("khoảng 45.900 hội nghị …, tăng gấp 2 lần")."""

from __future__ import annotations

import math
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

import attrs

from bhxh_comms.models import _validators as v


@attrs.frozen(kw_only=True)
class Comparison:
    """A figure against the same figure of the comparison period."""

    previous: float
    period_label: str
    change: float
    percent_change: float | None
    ratio: float | None

    @property
    def direction(self) -> str:
        """ "up", "down" or "same"."""
        return "up" if self.change > 0 else "down" if self.change < 0 else "same"


def _frozen_mapping(value: Mapping[str, Any]) -> Mapping[str, Any]:
    return MappingProxyType(dict(value))


@attrs.frozen(kw_only=True)
class Fact:
    """One statement of the narrative as data: "khoảng 45.900 hội nghị … (tăng gấp 2 lần)".

    ``subject`` is the Vietnamese noun phrase that follows the number ("hội nghị truyền
    thông"), ``unit`` the unit of measure ("cuộc", "lượt người"). ``scope`` is ``"national"``
    or a province code. ``comparison`` is None when there is nothing to compare with (no
    comparison period, nothing the year before) or when the comparison period's data is too
    thin to state one (see :class:`~bhxh_comms.report.metadata.ComparisonCoverage`).
    """

    metric: str = attrs.field(validator=v.text)
    value: float
    unit: str = attrs.field(validator=v.text)
    subject: str = attrs.field(validator=v.text)
    approximate: bool = True
    scope: str = "national"
    comparison: Comparison | None = None
    extra: Mapping[str, Any] = attrs.field(factory=dict, converter=_frozen_mapping)


def comparison_of(row: Mapping[Any, Any], measure: str, period_label: str) -> Comparison | None:
    """The comparison of ``measure`` in a table row with ``{measure}_previous``, ``_change``,
    ``_pct`` and ``_ratio`` columns — or None when there is no previous figure above 0: a new
    activity is stated without a comparison. The one place this rule lives."""
    previous = _finite(row.get(f"{measure}_previous"))
    if previous is None or previous <= 0:
        return None
    current = _finite(row.get(measure)) or 0.0
    change = _finite(row.get(f"{measure}_change"))
    return Comparison(
        previous=previous,
        period_label=period_label,
        change=current - previous if change is None else change,
        percent_change=_finite(row.get(f"{measure}_pct")),
        ratio=_finite(row.get(f"{measure}_ratio")),
    )


def _finite(value: Any) -> float | None:
    if value is None or isinstance(value, (str, bool)):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None
