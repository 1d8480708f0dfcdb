"""Who issues a report, for which period, and how far its comparison can be trusted."""

from __future__ import annotations

import datetime as dt
import os

import attrs

from bhxh_comms.models import _validators as v
from bhxh_comms.models.periods import Period
from bhxh_comms.phrasing import format_number

VIETNAM_TIME = dt.timezone(dt.timedelta(hours=7), "ICT")
"""Vietnam's time zone (Indochina Time); the country has no summer time."""


def vietnam_time(moment: dt.datetime) -> dt.datetime:
    """``moment`` in Vietnam time (UTC+7, no summer time), without tzinfo or microseconds, for
    dates printed on documents; a naive ``moment`` is taken as local already."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(VIETNAM_TIME)
    return moment.replace(tzinfo=None, microsecond=0)


SOURCE_DATE_EPOCH = "SOURCE_DATE_EPOCH"


def pinned_time() -> dt.datetime | None:
    """The time ``SOURCE_DATE_EPOCH`` pins (seconds since 1970, the reproducible-builds
    convention), in UTC, or None when it is not set (or not a number)."""
    value = os.environ.get(SOURCE_DATE_EPOCH, "").strip()
    if not value.isdigit():
        return None
    return dt.datetime.fromtimestamp(int(value), dt.UTC)


def report_time(given: dt.datetime | None = None) -> dt.datetime:
    """The time a report states: ``given``, else the one ``SOURCE_DATE_EPOCH`` pins, else now
    (UTC, whole seconds)."""
    return given or pinned_time() or dt.datetime.now(dt.UTC).replace(microsecond=0)


THIN_SHARE = 5
"""A comparison period with under 1/THIN_SHARE of the report period's rows is thin."""


@attrs.frozen(kw_only=True)
class ComparisonCoverage:
    """How much of the comparison period's data there is, against the report period's.

    A comparison is **representative** when both periods have data, every unit with data in
    the report period has data in the comparison period too, and the comparison period has at
    least a fifth of the report period's rows. When it is not, every output prints
    :attr:`note`, and no change is stated against the comparison period unless the user asked
    for it (``stated``) — and never when either period has no data at all.

    >>> c = ComparisonCoverage(period_label="năm 2025", report_label="năm 2026", units_total=34,
    ...     units=3, units_previous=1, units_common=1, rows=50, rows_previous=1, stated=False)
    >>> c.representative
    False
    >>> print(c.note)  # doctest: +NORMALIZE_WHITESPACE
    Số liệu năm 2025 chỉ có từ 1/34 tỉnh (năm 2026: 3/34 tỉnh): so sánh không đại diện;
    báo cáo không nêu mức tăng, giảm so với năm 2025.
    """

    period_label: str = attrs.field(validator=v.text)
    report_label: str = attrs.field(validator=v.text)
    units_total: int
    units: int
    """Units with data in the report period."""
    units_previous: int
    """Units with data in the comparison period (in the report's unit set)."""
    units_common: int
    """Units with data in both periods."""
    rows: int
    rows_previous: int
    stated: bool = attrs.field()
    """Whether facts and sentences state the change against the comparison period: when it is
    representative, or asked for; never when either period has no data."""

    @stated.validator
    def _check_stated(self, attribute: attrs.Attribute[bool], value: bool) -> None:
        if value and (self.rows == 0 or self.rows_previous == 0):
            raise ValueError("a change cannot be stated against a period without data")

    @property
    def representative(self) -> bool:
        return (
            self.rows > 0
            and self.rows_previous > 0
            and self.units_common >= self.units
            and self.rows_previous * THIN_SHARE >= self.rows
        )

    @property
    def note(self) -> str | None:
        """The sentence every output prints when the comparison is not representative."""
        if self.representative:
            return None
        if self.rows == 0:
            return f"Không có số liệu {self.report_label}: báo cáo không so sánh với {self.period_label}."
        if self.rows_previous == 0:
            return f"Không có số liệu {self.period_label}: báo cáo không so sánh với {self.period_label}."
        if self.units_previous < self.units:
            head = (
                f"Số liệu {self.period_label} chỉ có từ {self.units_previous}/{self.units_total} tỉnh "
                f"({self.report_label}: {self.units}/{self.units_total} tỉnh)"
            )
        elif self.units_common < self.units:
            head = (
                f"Chỉ {self.units_common}/{self.units} tỉnh có số liệu {self.report_label} có số liệu "
                f"{self.period_label}"
            )
        else:
            head = (
                f"Số liệu {self.period_label} chỉ có {format_number(self.rows_previous)} dòng, chưa bằng một phần "
                f"năm số dòng của {self.report_label} ({format_number(self.rows)} dòng)"
            )
        tail = (
            f"các mức tăng, giảm so với {self.period_label} chỉ để tham khảo"
            if self.stated
            else f"báo cáo không nêu mức tăng, giảm so với {self.period_label}"
        )
        return f"{head}: so sánh không đại diện; {tail}."


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
    unit_set_name: str | None = attrs.field(default=None, validator=v.optional_text)
    """The unit set's Vietnamese name ("34 tỉnh, thành phố (từ 01/7/2025)")."""
    comparison_coverage: ComparisonCoverage | None = None
    """How much data the comparison period has (None without a comparison period)."""

    @property
    def local_generated_at(self) -> dt.datetime:
        """``generated_at`` in Vietnam time (UTC+7, no summer time), without tzinfo, for the
        dates printed on documents; a naive ``generated_at`` is taken as local already."""
        return vietnam_time(self.generated_at)

    @property
    def comparison_stated(self) -> bool:
        """Whether changes against the comparison period are stated (in sentences, change and
        ratio cells): there is a comparison period, and it is representative or the user asked
        for the changes anyway (see :class:`ComparisonCoverage`)."""
        coverage = self.comparison_coverage
        return self.comparison_period is not None and (coverage is None or coverage.stated)

    @property
    def units_phrase(self) -> str:
        """ "BHXH 63 tỉnh" (or "BHXH 30/34 tỉnh" when some did not report)."""
        if self.units_reporting is None or self.units_total is None:
            return "BHXH các tỉnh"
        if self.units_reporting == self.units_total:
            return f"BHXH {self.units_total} tỉnh"
        return f"BHXH {self.units_reporting}/{self.units_total} tỉnh"
