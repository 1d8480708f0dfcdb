"""Plan targets (chỉ tiêu): what is required, of which activities, per which unit and period.

A target only declares its rule; :mod:`bhxh_comms.aggregate` evaluates it. Each kind of
rule in the plans is one class; the targets of a plan year are data
(``bhxh_comms/data/targets.toml``).
"""

from __future__ import annotations

import enum
import math
from collections.abc import Iterable, Iterator
from typing import ClassVar

import attrs

from bhxh_comms.models import _validators as v
from bhxh_comms.models.catalog import Catalogs


class Outcome(enum.Enum):
    """The three outcomes of a target, plus "cannot be evaluated" (a denominator or the
    commune codes are missing) and "did not report" (the unit sent nothing for the period:
    it is neither met nor failed)."""

    BELOW = "below"
    WITHIN = "within"
    ABOVE = "above"
    NOT_EVALUABLE = "not_evaluable"
    NOT_REPORTED = "not_reported"

    @property
    def label_vi(self) -> str:
        return _OUTCOME_VI[self]

    @property
    def met(self) -> bool:
        """Whether the target is met (within the range or above it)."""
        return self in (Outcome.WITHIN, Outcome.ABOVE)

    @property
    def evaluated(self) -> bool:
        """Whether the unit was judged at all (met, below or above)."""
        return self in (Outcome.BELOW, Outcome.WITHIN, Outcome.ABOVE)

    @property
    def meaning_vi(self) -> str:
        """What the outcome means, for legends."""
        return _OUTCOME_MEANING_VI[self]


_OUTCOME_VI = {
    Outcome.BELOW: "chưa đạt",
    Outcome.WITHIN: "đạt",
    Outcome.ABOVE: "vượt",
    Outcome.NOT_EVALUABLE: "không đánh giá được",
    Outcome.NOT_REPORTED: "chưa báo cáo",
}
_OUTCOME_MEANING_VI = {
    Outcome.BELOW: "thấp hơn mức tối thiểu của chỉ tiêu",
    Outcome.WITHIN: "trong khoảng chỉ tiêu (từ mức tối thiểu đến mức tối đa)",
    Outcome.ABOVE: "cao hơn mức tối đa của chỉ tiêu",
    Outcome.NOT_EVALUABLE: (
        "thiếu mẫu số (số xã, phường; lực lượng lao động; số cán bộ…) hoặc báo cáo không ghi mã xã, phường"
    ),
    Outcome.NOT_REPORTED: "tỉnh chưa gửi báo cáo của kỳ: không đánh giá, không tính là chưa đạt",
}


DENOMINATOR_LABELS = {
    "labor_force": "lực lượng lao động",
    "collaborators": "số cộng tác viên, nhân viên thu",
    "cadres": "số cán bộ, đảng viên",
    "communes": "số xã, phường",
}
"""Vietnamese names of the denominators the default targets use; another name is shown as is."""


GRAIN_WORDS = {"quarter": "quý", "month": "tháng", "week": "tuần"}
"""Vietnamese words of the sub-periods a target can be declared for."""


def denominator_label(name: str) -> str:
    """ "labor_force" → "lực lượng lao động"."""
    return DENOMINATOR_LABELS.get(name, name)


def _bound(instance: object, attribute: attrs.Attribute[float | None], value: object) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise TypeError(f"{attribute.name}: expected a number, got {value!r}")
    if value < 0:
        raise ValueError(f"{attribute.name}: must be ≥ 0, got {value!r}")


@attrs.frozen(kw_only=True)
class Bounds:
    """A closed range ``[minimum, maximum]``; either side may be open (``None``).

    >>> Bounds(minimum=10, maximum=12).classify(13).value
    'above'
    >>> Bounds(minimum=4).classify(4).value
    'within'
    """

    minimum: float | None = attrs.field(default=None, validator=_bound)
    maximum: float | None = attrs.field(default=None, validator=_bound)

    def __attrs_post_init__(self) -> None:
        if self.minimum is None and self.maximum is None:
            raise ValueError("bounds need a minimum, a maximum or both")
        if self.minimum is not None and self.maximum is not None and self.minimum > self.maximum:
            raise ValueError(f"inverted range: minimum {self.minimum} > maximum {self.maximum}")

    def classify(self, value: float) -> Outcome:
        if self.minimum is not None and value < self.minimum:
            return Outcome.BELOW
        if self.maximum is not None and value > self.maximum:
            return Outcome.ABOVE
        return Outcome.WITHIN


@attrs.frozen(kw_only=True)
class Selector:
    """Which activity records count towards a target; an empty tuple means "any"."""

    activity_types: tuple[str, ...] = attrs.field(default=(), converter=v.str_tuple)
    subject_groups: tuple[str, ...] = attrs.field(default=(), converter=v.str_tuple)
    themes: tuple[str, ...] = attrs.field(default=(), converter=v.str_tuple)
    partners: tuple[str, ...] = attrs.field(default=(), converter=v.str_tuple)

    def items(self) -> Iterable[tuple[str, tuple[str, ...]]]:
        """(record column, accepted codes) for every non-empty criterion."""
        for column, catalog_kind in _SELECTOR_COLUMNS:
            codes: tuple[str, ...] = getattr(self, catalog_kind)
            if codes:
                yield column, codes

    def unknown_codes(self, catalogs: Catalogs) -> list[str]:
        problems = []
        for name in ("activity_types", "subject_groups", "themes", "partners"):
            catalog = getattr(catalogs, name)
            problems += [f"{name}: {c!r}" for c in getattr(self, name) if c not in catalog]
        return problems


_SELECTOR_COLUMNS = (
    ("activity_type", "activity_types"),
    ("subject_group", "subject_groups"),
    ("theme", "themes"),
    ("partner", "partners"),
)


@attrs.frozen(kw_only=True)
class TargetWording:
    """How the reports name a target's value (Vietnamese). Every field is optional: a missing
    one is derived from the target (see :mod:`bhxh_comms.report.target_wording`).

    >>> TargetWording(unit="cuộc").unit
    'cuộc'
    """

    unit: str | None = attrs.field(default=None, validator=v.optional_text)
    """Unit of a count value ("cuộc"); default: the unit of the one activity type selected."""
    share_of: str | None = attrs.field(default=None, validator=v.optional_text)
    """What a share is of ("số xã, phường", "lực lượng lao động trong độ tuổi")."""
    sub: str | None = attrs.field(default=None, validator=v.optional_text)
    """The sub-condition's words ("về BHXH tự nguyện") for "trong đó … 20,1%"."""
    partners: str | None = attrs.field(default=None, validator=v.optional_text)
    """The word for the partners of a per-partner target ("hội, đoàn thể")."""


@attrs.frozen(kw_only=True)
class Target:
    """What every target has. Subclasses say how its value is computed."""

    kind: ClassVar[str] = "target"
    value_kind: ClassVar[str] = "share"
    """``"count"`` when the evaluated value is a number of activities, ``"share"`` when it is
    a fraction (0.152 for 15,2 %); bounds are in the same unit."""
    needs: ClassVar[tuple[str, ...]] = ()
    """Names of the denominators the evaluation needs besides the activity records."""
    per_partner: ClassVar[bool] = False
    """Whether a unit has one row per partner organisation (folded into one outcome)."""
    by_sub_period: ClassVar[bool] = True
    """Whether a target declared per quarter (month, week) is evaluated per sub-period and judged
    on the lowest; False where the kind handles its own time grain (weekly broadcasts)."""
    default_share_of: ClassVar[str] = ""
    """What a share is of, where the targets file does not say (``wording.share_of``)."""

    id: str = attrs.field(validator=v.code)
    label: str = attrs.field(validator=v.text)
    select: Selector = attrs.field(factory=Selector)
    bounds: Bounds = attrs.field()
    unit_level: str = attrs.field(default="province")
    period: str = attrs.field(default="year")
    source: str | None = attrs.field(default=None, validator=v.optional_text)
    wording: TargetWording = attrs.field(factory=TargetWording)

    @property
    def judged_bounds(self) -> Bounds:
        """The bounds a unit's value is judged against (the scorecard's minimum and maximum)."""
        return self.bounds

    @property
    def sub_bounds_judged(self) -> Bounds | None:
        """The bounds of a sub-condition judged on its own share ("trong đó 25% …"), or None."""
        return None

    @property
    def share_of(self) -> str:
        """What a share is of, for the reports: ``wording.share_of``, else the kind's default."""
        return self.wording.share_of or self.default_share_of

    @unit_level.validator
    def _check_level(self, attribute: attrs.Attribute[str], value: str) -> None:
        if value not in ("province", "commune"):
            raise ValueError(f"target {self.id!r}: unknown unit level {value!r}")

    @period.validator
    def _check_period(self, attribute: attrs.Attribute[str], value: str) -> None:
        if value not in ("year", "quarter", "month", "week"):
            raise ValueError(f"target {self.id!r}: unknown period {value!r}")


@attrs.frozen(kw_only=True)
class CountRangeTarget(Target):
    """A number of activities per unit and period within a range: 10–12 conferences with
    enterprises per province per year."""

    kind: ClassVar[str] = "count_range"
    value_kind: ClassVar[str] = "count"


@attrs.frozen(kw_only=True)
class CommuneCoverageTarget(Target):
    """The share of a province's communes where a selected activity took place
    (15–20 % of communes). ``bounds`` are fractions (0.15–0.20)."""

    kind: ClassVar[str] = "commune_coverage"
    needs: ClassVar[tuple[str, ...]] = ("communes",)
    default_share_of: ClassVar[str] = "số xã, phường có hoạt động"


@attrs.frozen(kw_only=True)
class WeeklyFrequencyTarget(Target):
    """At least N activities per commune and ISO week, of which at least M match a
    sub-selection: ≥ 4 broadcasts a week, ≥ 2 of them on voluntary BHXH. Summed up per
    province as the share of compliant commune-weeks."""

    kind: ClassVar[str] = "weekly_frequency"
    needs: ClassVar[tuple[str, ...]] = ("communes",)
    by_sub_period: ClassVar[bool] = False
    default_share_of: ClassVar[str] = "số tuần (tính theo từng xã, phường) đạt mức yêu cầu"

    sub_select: Selector = attrs.field(factory=Selector)
    sub_bounds: Bounds | None = attrs.field(default=None)
    share_bounds: Bounds = attrs.field(factory=lambda: Bounds(minimum=1.0))
    """The share of compliant commune-weeks a province needs (default: every one)."""

    def __attrs_post_init__(self) -> None:
        if self.unit_level != "commune" or self.period != "week":
            raise ValueError(f"target {self.id!r}: a weekly frequency is per commune and week")

    @property
    def judged_bounds(self) -> Bounds:
        """A province is judged on its share of compliant commune-weeks."""
        return self.share_bounds


@attrs.frozen(kw_only=True)
class PerPartnerTarget(Target):
    """A number of activities per partner organisation, province and year (1–3 conferences
    per association). ``partners`` limits which partners are expected; empty means all
    partners of the catalog."""

    kind: ClassVar[str] = "per_partner"
    value_kind: ClassVar[str] = "count"
    per_partner: ClassVar[bool] = True

    partners: tuple[str, ...] = attrs.field(default=(), converter=v.str_tuple)


@attrs.frozen(kw_only=True)
class ReachShareTarget(Target):
    """Attendances as a share of a denominator population: 55 % of the working-age labour
    force reached, of which 25 % on voluntary BHXH (``sub_select``/``sub_bounds``)."""

    kind: ClassVar[str] = "reach_share"

    denominator: str = attrs.field(validator=v.code)
    measure: str = attrs.field(default="participants", validator=v.code)
    sub_select: Selector | None = attrs.field(default=None)
    sub_bounds: Bounds | None = attrs.field(default=None)

    def __attrs_post_init__(self) -> None:
        if (self.sub_select is None) != (self.sub_bounds is None):
            raise ValueError(f"target {self.id!r}: sub_select and sub_bounds go together")

    @property
    def needs(self) -> tuple[str, ...]:  # type: ignore[override]
        return (self.denominator,)

    @property
    def sub_bounds_judged(self) -> Bounds | None:
        return self.sub_bounds

    @property
    def share_of(self) -> str:
        return self.wording.share_of or denominator_label(self.denominator)


@attrs.frozen(kw_only=True)
class HeadcountTarget(Target):
    """All of a headcount reached: 100 % of collaborators trained, 100 % of cadres informed.
    The value is attendances over headcount, capped at nothing: above 100 % shows as "vượt"
    only if ``bounds`` has a maximum."""

    kind: ClassVar[str] = "headcount"

    denominator: str = attrs.field(validator=v.code)
    measure: str = attrs.field(default="participants", validator=v.code)

    @property
    def needs(self) -> tuple[str, ...]:  # type: ignore[override]
        return (self.denominator,)

    @property
    def share_of(self) -> str:
        return self.wording.share_of or denominator_label(self.denominator)


TARGET_KINDS: dict[str, type[Target]] = {
    cls.kind: cls
    for cls in (
        CountRangeTarget,
        CommuneCoverageTarget,
        WeeklyFrequencyTarget,
        PerPartnerTarget,
        ReachShareTarget,
        HeadcountTarget,
    )
}


def _targets(value: Iterable[Target]) -> tuple[Target, ...]:
    return tuple(value)


@attrs.frozen(kw_only=True)
class TargetSet:
    """The targets of one plan, checked for unique ids."""

    name: str = attrs.field(validator=v.text)
    targets: tuple[Target, ...] = attrs.field(converter=_targets)

    @targets.validator
    def _check_unique(self, attribute: attrs.Attribute[tuple[Target, ...]], value: tuple[Target, ...]) -> None:
        ids = [t.id for t in value]
        dups = sorted({i for i in ids if ids.count(i) > 1})
        if dups:
            raise ValueError(f"target id(s) used twice: {dups}")

    def __iter__(self) -> Iterator[Target]:
        return iter(self.targets)

    def __len__(self) -> int:
        return len(self.targets)

    def __getitem__(self, target_id: str) -> Target:
        for target in self.targets:
            if target.id == target_id:
                return target
        raise KeyError(f"unknown target {target_id!r}")

    def unknown_codes(self, catalogs: Catalogs) -> list[str]:
        """Catalog codes the targets refer to that ``catalogs`` lacks."""
        problems = []
        for target in self.targets:
            selectors = [target.select, getattr(target, "sub_select", None)]
            for selector in selectors:
                if selector is not None:
                    problems += [f"{target.id}: {p}" for p in selector.unknown_codes(catalogs)]
            for partner in getattr(target, "partners", ()):
                if partner not in catalogs.partners:
                    problems.append(f"{target.id}: partners: {partner!r}")
        return problems
