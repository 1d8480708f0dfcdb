"""Measures and the rule by which each one aggregates."""

from __future__ import annotations

import enum

import attrs

from bhxh_comms.models import _validators as v


class AggregationRule(enum.Enum):
    """How a measure adds up over time and over units.

    The rules are the semantics the aggregation engine implements, so they are a closed set;
    which measure follows which rule is data (the measure catalog).
    """

    FLOW = "flow"
    """Sum over time and over units (activities, attendances)."""
    STOCK = "stock"
    """Last value in the period over time, sum over units (people insured at a date)."""
    RATE = "rate"
    """Recomputed from summed numerator and denominator at every level, never averaged."""
    DISTINCT = "distinct"
    """Number of distinct values of a key (communes covered), counted at the level asked."""


@attrs.frozen(kw_only=True)
class Measure:
    """A quantity reported or derived, e.g. ``count`` or ``participants``.

    >>> Measure(code="participants", label="Số lượt người", unit="lượt người",
    ...         rule=AggregationRule.FLOW).rule.value
    'flow'
    """

    code: str = attrs.field(validator=v.code)
    label: str = attrs.field(validator=v.text)
    unit: str = attrs.field(validator=v.text)
    rule: AggregationRule = attrs.field(converter=AggregationRule)
    numerator: str | None = attrs.field(default=None)
    denominator: str | None = attrs.field(default=None)
    distinct_of: str | None = attrs.field(default=None)
    description: str | None = attrs.field(default=None, validator=v.optional_text)

    def __attrs_post_init__(self) -> None:
        if self.rule is AggregationRule.RATE:
            if not (self.numerator and self.denominator):
                raise ValueError(f"measure {self.code!r}: a rate needs both a numerator and a denominator")
        elif self.numerator or self.denominator:
            raise ValueError(f"measure {self.code!r}: only a rate has a numerator and a denominator")
        if self.rule is AggregationRule.DISTINCT:
            if not self.distinct_of:
                raise ValueError(f"measure {self.code!r}: a distinct count needs 'distinct_of'")
        elif self.distinct_of:
            raise ValueError(f"measure {self.code!r}: only a distinct count has 'distinct_of'")
