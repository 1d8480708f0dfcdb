"""The kinds of target: a registry keyed by kind, which plugins extend through the
``bhxh_comms_target_kinds`` hook (the built-in kinds register through it too). A kind is a
model class (:class:`~bhxh_comms.models.targets.Target` subclass: what the targets file
declares) and an evaluator that returns the kind's scorecard rows. The built-in evaluators
(:mod:`~bhxh_comms.aggregate.target_kinds`) are imported when a target is first evaluated:
registering them costs nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from bhxh_comms.errors import CatalogError
from bhxh_comms.lazy import LazyFunction
from bhxh_comms.markers import hookimpl
from bhxh_comms.models.targets import (
    CommuneCoverageTarget,
    CountRangeTarget,
    HeadcountTarget,
    PerPartnerTarget,
    ReachShareTarget,
    Target,
    WeeklyFrequencyTarget,
)

if TYPE_CHECKING:
    import pandas as pd

    from bhxh_comms.aggregate.target_context import EvaluationContext

    Evaluator = Callable[[Target, EvaluationContext], pd.DataFrame]
else:
    Evaluator = Callable[..., Any]


@attrs.frozen(kw_only=True)
class TargetKind:
    """A kind of target: the model class the targets file declares (its ``kind`` is the name
    in the file) and the function that evaluates one target over one period.

    ``evaluate(target, ctx)`` returns ``ctx.frame(target, value=…, numerator=…, denominator=…,
    outcome=…, reason=…)``: one row per unit of ``ctx.codes`` (or ``n`` rows for several per
    unit), ``value`` in the kind's ``value_kind`` (a count, or a fraction for a share),
    ``outcome`` as :func:`~bhxh_comms.aggregate.target_context.classify` gives it.

    >>> kind = TargetKind(model=CountRangeTarget, evaluate=LazyFunction("my_plugin.kinds:evaluate_range"))
    >>> kind.name
    'count_range'
    """

    model: type[Target] = attrs.field()
    evaluate: Evaluator = attrs.field(validator=attrs.validators.is_callable())

    @model.validator
    def _check_model(self, attribute: attrs.Attribute[type[Target]], value: object) -> None:
        if not (isinstance(value, type) and issubclass(value, Target)) or value.kind == Target.kind:
            raise TypeError(f"a target kind's model must be a Target subclass with its own kind, got {value!r}")

    @property
    def name(self) -> str:
        return self.model.kind


def _builtin(model: type[Target], evaluator: str) -> TargetKind:
    return TargetKind(model=model, evaluate=LazyFunction(f"bhxh_comms.aggregate.target_kinds:{evaluator}"))


BUILTIN_TARGET_KINDS: tuple[TargetKind, ...] = (
    _builtin(CountRangeTarget, "evaluate_count_range"),
    _builtin(CommuneCoverageTarget, "evaluate_commune_coverage"),
    _builtin(WeeklyFrequencyTarget, "evaluate_weekly"),
    _builtin(PerPartnerTarget, "evaluate_per_partner"),
    _builtin(ReachShareTarget, "evaluate_share"),
    _builtin(HeadcountTarget, "evaluate_share"),
)


@hookimpl
def bhxh_comms_target_kinds() -> Iterable[TargetKind]:
    return BUILTIN_TARGET_KINDS


def kind_registry(kinds: Iterable[TargetKind]) -> Mapping[str, TargetKind]:
    """Kinds by name; one name declared twice is an error."""
    registry: dict[str, TargetKind] = {}
    for kind in kinds:
        if kind.name in registry and registry[kind.name] != kind:
            raise CatalogError(
                f"loại chỉ tiêu “{kind.name}” được khai báo hai lần", f"target kind {kind.name!r} is declared twice"
            )
        registry[kind.name] = kind
    return registry


DEFAULT_KINDS: Mapping[str, TargetKind] = kind_registry(BUILTIN_TARGET_KINDS)
