"""Reporting periods and communication campaigns."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable

import attrs

from bhxh_comms.errors import UsageError
from bhxh_comms.models import _validators as v

PERIOD_KINDS = ("year", "quarter", "month", "week", "range", "campaign", "phase")
_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def _date(instance: object, attribute: attrs.Attribute[dt.date], value: object) -> None:
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise TypeError(f"{attribute.name}: expected a date, got {value!r}")


@attrs.frozen(kw_only=True)
class Period:
    """A closed date interval with a kind and a Vietnamese label.

    Build one with the constructors rather than by hand:

    >>> Period.quarter(2025, 2).label
    'quý II năm 2025'
    >>> Period.iso_week(2024, 21).start.isoformat()
    '2024-05-20'
    """

    kind: str = attrs.field()
    start: dt.date = attrs.field(validator=_date)
    end: dt.date = attrs.field(validator=_date)
    label: str = attrs.field(validator=v.text)

    @kind.validator
    def _check_kind(self, attribute: attrs.Attribute[str], value: str) -> None:
        if value not in PERIOD_KINDS:
            raise ValueError(f"unknown period kind {value!r} (one of {PERIOD_KINDS})")

    @end.validator
    def _check_end(self, attribute: attrs.Attribute[dt.date], value: dt.date) -> None:
        if value < self.start:
            raise ValueError(f"period {self.label!r} ends ({value}) before it starts ({self.start})")

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(kind="year", start=dt.date(year, 1, 1), end=dt.date(year, 12, 31), label=f"năm {year}")

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        if quarter not in _ROMAN:
            raise ValueError(f"quarter must be 1–4, got {quarter}")
        first = 3 * quarter - 2
        last = dt.date(year, first + 2, calendar.monthrange(year, first + 2)[1])
        return cls(kind="quarter", start=dt.date(year, first, 1), end=last, label=f"quý {_ROMAN[quarter]} năm {year}")

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        last = calendar.monthrange(year, month)[1]
        return cls(
            kind="month",
            start=dt.date(year, month, 1),
            end=dt.date(year, month, last),
            label=f"tháng {month} năm {year}",
        )

    @classmethod
    def iso_week(cls, year: int, week: int) -> Period:
        start = dt.date.fromisocalendar(year, week, 1)
        return cls(kind="week", start=start, end=start + dt.timedelta(days=6), label=f"tuần {week} năm {year}")

    @classmethod
    def between(cls, start: dt.date, end: dt.date, label: str | None = None) -> Period:
        text = label or f"từ ngày {start.day}/{start.month}/{start.year} đến ngày {end.day}/{end.month}/{end.year}"
        return cls(kind="range", start=start, end=end, label=text)

    @classmethod
    def of_campaign(cls, campaign: Campaign, phase: str | None = None) -> Period:
        if phase is None:
            return cls(kind="campaign", start=campaign.start, end=campaign.end, label=campaign.name)
        found = campaign.phase(phase)
        return cls(kind="phase", start=found.start, end=found.end, label=f"{campaign.name} – {found.name}")

    def check_comparison(self, comparison: Period) -> None:
        """Raise :class:`~bhxh_comms.errors.UsageError` unless ``comparison`` ends before this
        period starts: a comparison period is an earlier one ("so với năm 2025" in a 2026
        report), never the same, an overlapping or a later one.

        >>> Period.year(2026).check_comparison(Period.year(2025))
        """
        if comparison.end < self.start:
            return
        raise UsageError(
            f"kỳ so sánh ({comparison.label}) phải kết thúc trước kỳ báo cáo ({self.label})",
            f"the comparison period ({comparison.start}–{comparison.end}) must end before the report period "
            f"({self.start}–{self.end}) starts",
        )

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


@attrs.frozen(kw_only=True)
class Phase:
    """A part of a campaign (before / during / after a National Assembly session …)."""

    code: str = attrs.field(validator=v.code)
    name: str = attrs.field(validator=v.text)
    start: dt.date = attrs.field(validator=_date)
    end: dt.date = attrs.field(validator=_date)

    @end.validator
    def _check_end(self, attribute: attrs.Attribute[dt.date], value: dt.date) -> None:
        if value < self.start:
            raise ValueError(f"phase {self.code!r} ends ({value}) before it starts ({self.start})")


def _phases(value: Iterable[Phase]) -> tuple[Phase, ...]:
    return tuple(value)


@attrs.frozen(kw_only=True)
class Campaign:
    """A named date window (đợt truyền thông cao điểm) with optional ordered phases.

    >>> import datetime as dt
    >>> c = Campaign(code="na7", name="Kỳ họp thứ 7", start=dt.date(2024, 5, 20),
    ...              end=dt.date(2024, 6, 28))
    >>> c.contains(dt.date(2024, 6, 1))
    True
    """

    code: str = attrs.field(validator=v.code)
    name: str = attrs.field(validator=v.text)
    start: dt.date = attrs.field(validator=_date)
    end: dt.date = attrs.field(validator=_date)
    phases: tuple[Phase, ...] = attrs.field(default=(), converter=_phases, validator=v.unique_codes)
    description: str | None = attrs.field(default=None, validator=v.optional_text)

    @end.validator
    def _check_end(self, attribute: attrs.Attribute[dt.date], value: dt.date) -> None:
        if value < self.start:
            raise ValueError(f"campaign {self.code!r} ends ({value}) before it starts ({self.start})")

    def __attrs_post_init__(self) -> None:
        previous: Phase | None = None
        for phase in self.phases:
            if phase.start < self.start or phase.end > self.end:
                raise ValueError(f"campaign {self.code!r}: phase {phase.code!r} lies outside the campaign window")
            if previous is not None and phase.start <= previous.end:
                raise ValueError(f"campaign {self.code!r}: phase {phase.code!r} overlaps or precedes {previous.code!r}")
            previous = phase

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    def phase(self, code: str) -> Phase:
        for phase in self.phases:
            if phase.code == code:
                return phase
        raise KeyError(f"campaign {self.code!r} has no phase {code!r}")

    def phase_of(self, day: dt.date) -> Phase | None:
        return next((p for p in self.phases if p.start <= day <= p.end), None)


@attrs.frozen(kw_only=True)
class AnnualCampaign:
    """A campaign that recurs every year on the same days (Tháng vận động in May …)."""

    code: str = attrs.field(validator=v.code)
    name: str = attrs.field(validator=v.text)
    start_month: int = attrs.field(validator=attrs.validators.in_(range(1, 13)))
    start_day: int = attrs.field(validator=attrs.validators.in_(range(1, 32)))
    end_month: int = attrs.field(validator=attrs.validators.in_(range(1, 13)))
    end_day: int = attrs.field(validator=attrs.validators.in_(range(1, 32)))
    description: str | None = attrs.field(default=None, validator=v.optional_text)

    def __attrs_post_init__(self) -> None:
        if (self.end_month, self.end_day) < (self.start_month, self.start_day):
            raise ValueError(f"annual campaign {self.code!r} ends before it starts")
        self.in_year(2024)  # a leap year: rejects 31 April and the like once, here

    def in_year(self, year: int) -> Campaign:
        return Campaign(
            code=self.code,
            name=f"{self.name} năm {year}",
            start=dt.date(year, self.start_month, self.start_day),
            end=dt.date(year, self.end_month, self.end_day),
            description=self.description,
        )
