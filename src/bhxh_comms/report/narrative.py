"""What a report says: :func:`build_statements` turns the Report's tables and facts into
:class:`~bhxh_comms.report.statements.Statements` — the national paragraphs, a paragraph per
province, the reporting status, a statement per target and the figure texts of every table row.

Rules decided here, once: a province that did not report is stated as not reporting (never as
failing a target); a comparison is stated only where the comparison period has data
(:func:`~bhxh_comms.report.facts.comparison_of`) and is representative or asked for; a table's
change column reads "mới" for an activity the comparison period did not have.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import attrs
import pandas as pd

from bhxh_comms.aggregate.target_summary import EVALUATED, MET
from bhxh_comms.ingest.completeness import REPORTING_STATUS
from bhxh_comms.models.targets import Outcome
from bhxh_comms.phrasing import format_date, format_number, format_percent, is_missing
from bhxh_comms.report.facts import Fact, comparison_of
from bhxh_comms.report.metadata import ReportMetadata
from bhxh_comms.report.sentences import comparison_phrase, emphasis_runs, results_paragraphs
from bhxh_comms.report.statements import (
    ActivityChanges,
    ActivityLine,
    ProvinceStatement,
    Statements,
    TargetResult,
    TargetStatement,
)

TOTAL_PARTICIPANTS = "total.participants"
"""Metric of the attendances over every activity type."""
PARTICIPANTS_SUBJECT = "lượt người tham dự, được truyền thông"
STATUS_TEXT = REPORTING_STATUS


def records(frame: pd.DataFrame | None) -> list[dict[str, Any]]:
    """The rows of a table as plain dicts (an absent table has none)."""
    if frame is None:
        return []
    columns = [str(c) for c in frame.columns]
    return [dict(zip(columns, row, strict=True)) for row in frame.itertuples(index=False, name=None)]


def _int(value: Any) -> int:
    return 0 if is_missing(value) else round(float(value))


def _text(value: Any) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return ""
    return str(value)


@attrs.frozen(kw_only=True)
class Comparing:
    """What the report compares with, and whether its sentences may state it."""

    label: str
    compared: bool
    stated: bool
    has_data: bool = True
    """Whether the comparison period has any row (else its figures are shown as "-", not 0)."""

    @classmethod
    def of(cls, metadata: ReportMetadata) -> Comparing:
        period = metadata.comparison_period
        coverage = metadata.comparison_coverage
        return cls(
            label=period.label if period is not None else "",
            compared=period is not None,
            stated=metadata.comparison_stated,
            has_data=coverage is None or coverage.rows_previous > 0,
        )

    def comparison(self, row: Mapping[str, Any], measure: str) -> Any:
        return comparison_of(row, measure, self.label) if self.stated else None


def change_cell(current: Any, previous: Any, pct: Any) -> str:
    """A table's "Tăng, giảm" cell: "+22,3%", "-8,4%", "0%", "mới" (nothing before), "-"."""
    if is_missing(previous):
        return "-"
    if float(previous) == 0:
        return "mới" if not is_missing(current) and float(current) > 0 else "-"
    if is_missing(pct):
        return "-"
    sign = "+" if float(pct) > 0 else ("-" if float(pct) < 0 else "")
    return f"{sign}{format_percent(abs(float(pct)))}"


def activity_changes(lines: Sequence[ActivityLine], comparing: Comparing) -> ActivityChanges:
    """How many activity types were carried out, and how many rose or fell: counts of
    different units are never added, so this is how a headline speaks of all of them."""
    active = sum(line.count > 0 for line in lines)
    directions = [line.direction for line in lines if line.direction]
    up, down, same = directions.count("up"), directions.count("down"), directions.count("same")
    stated = bool(directions)
    return ActivityChanges(
        types=len(lines),
        active=active,
        active_text=f"{format_number(active)}/{format_number(len(lines))}",
        active_previous_text=(
            f"{comparing.label}: {format_number(sum((line.previous or 0) > 0 for line in lines))}/"
            f"{format_number(len(lines))}"
            if stated
            else ""
        ),
        up=up,
        down=down,
        same=same,
        text=f"{format_number(up)} hình thức tăng so với {comparing.label}" if stated else "",
        detail=f"giảm: {format_number(down)} · không đổi: {format_number(same)}" if stated else "",
        direction=("up" if up > down else "down" if down > up else "same") if stated else "",
    )


def _direction(current: int, previous: int) -> str:
    return "up" if current > previous else "down" if current < previous else "same"


def activity_line(
    row: Mapping[str, Any],
    *,
    code: str,
    label: str,
    unit: str,
    has_participants: bool,
    comparing: Comparing,
    units_reporting: int | None = None,
    short_label: str = "",
) -> ActivityLine:
    """One activity type's row (national or a province's) with its texts; with
    ``units_reporting`` (national rows) also the average per province that reported."""
    count = _int(row.get("count"))
    previous = _int(row.get("count_previous")) if comparing.compared else None
    comparison = comparing.comparison(row, "count")
    if comparison is not None:
        change_text = comparison_phrase(comparison, unit=unit)
    elif comparing.stated and previous == 0 and count > 0:
        change_text = f"{comparing.label} chưa có"
    else:
        change_text = ""
    participants = _int(row.get("participants")) if has_participants else None
    people_previous = row.get("participants_previous") if comparing.compared and has_participants else None
    return ActivityLine(
        activity_type=code,
        label=label,
        short_label=short_label or label,
        unit=unit,
        has_participants=has_participants,
        count=count,
        count_text=format_number(count),
        previous=previous,
        previous_text=("" if previous is None else format_number(previous) if comparing.has_data else "-"),
        change_cell=change_cell(count, previous, row.get("count_pct")) if comparing.stated else "",
        change_text=change_text,
        direction=_direction(count, previous) if comparing.stated and previous is not None else "",
        participants=participants,
        participants_text=format_number(participants) if participants is not None else "-",
        participants_previous_text=(
            "" if people_previous is None else format_number(_int(people_previous)) if comparing.has_data else "-"
        ),
        participants_change_cell=(
            change_cell(participants, _int(people_previous), row.get("participants_pct"))
            if people_previous is not None and comparing.stated
            else ""
        ),
        average=round(count / units_reporting, 2) if units_reporting else None,
        average_text=format_number(count / units_reporting, 1) if units_reporting else "",
    )


@attrs.frozen(kw_only=True)
class ActivityWords:
    """How the report names an activity type: its label and unit, whether the catalog counts
    attendances for it, and the noun phrases after its figures."""

    code: str
    label: str
    unit: str
    has_participants: bool
    subject: str
    """ "hội nghị truyền thông, tập huấn, tư vấn, đối thoại" (after "45.900")."""
    participants_subject: str
    """ "lượt người tham dự" (after "1,7 triệu")."""
    short_label: str = ""
    """A column heading ("Nhóm nhỏ"); empty: the label."""


def _activity_words(national: list[dict[str, Any]], facts: Sequence[Fact]) -> list[ActivityWords]:
    """The words of each activity type of the ``national`` table, taken from its facts."""
    by_metric = {f.metric: f for f in facts if f.scope == "national"}
    types = []
    for row in national:
        code = _text(row.get("activity_type"))
        label = _text(row.get("label")) or code
        count_fact = by_metric.get(f"{code}.count")
        people_fact = by_metric.get(f"{code}.participants")
        has_participants = row.get("has_participants")
        types.append(
            ActivityWords(
                code=code,
                label=label,
                unit=_text(row.get("unit")),
                has_participants=bool(has_participants) if has_participants is not None else True,
                subject=count_fact.subject if count_fact is not None else label[:1].lower() + label[1:],
                participants_subject=people_fact.subject if people_fact is not None else "lượt người tham dự",
                short_label=_text(row.get("short_label")) or label,
            )
        )
    return types


def activity_facts(
    rows: Mapping[str, Mapping[str, Any]],
    words: Sequence[ActivityWords],
    *,
    scope: str,
    comparing: Comparing,
    approximate: bool,
) -> list[Fact]:
    """A count fact per activity type with activity in either period (``rows`` by type code),
    and an attendance fact where the type counts attendances and has some; comparisons where
    the report states them."""
    facts = []
    for activity in words:
        row = rows.get(activity.code, {})
        if _int(row.get("count")) <= 0 and _int(row.get("count_previous")) <= 0:
            continue
        extra = {"activity_type": activity.code, "has_participants": activity.has_participants}
        facts.append(
            Fact(
                metric=f"{activity.code}.count",
                value=float(_int(row.get("count"))),
                unit=activity.unit or "-",
                subject=activity.subject,
                approximate=approximate,
                scope=scope,
                comparison=comparing.comparison(row, "count"),
                extra=extra,
            )
        )
        if activity.has_participants and _int(row.get("participants")) > 0:
            facts.append(
                Fact(
                    metric=f"{activity.code}.participants",
                    value=float(_int(row.get("participants"))),
                    unit="lượt người",
                    subject=activity.participants_subject,
                    approximate=approximate,
                    scope=scope,
                    comparison=comparing.comparison(row, "participants"),
                    extra=extra,
                )
            )
    return facts


def participants_fact(row: Mapping[str, Any], scope: str, comparing: Comparing) -> Fact:
    """Attendances over every activity type, from a totals row."""
    return Fact(
        metric=TOTAL_PARTICIPANTS,
        value=float(_int(row.get("participants"))),
        unit="lượt người",
        subject=PARTICIPANTS_SUBJECT,
        approximate=False,
        scope=scope,
        comparison=comparing.comparison(row, "participants"),
    )


def _target_result(row: Mapping[str, Any], number: int) -> TargetResult:
    outcome = _text(row.get("outcome"))
    outcome_text = _text(row.get("outcome_vi")) or Outcome(outcome).label_vi
    return TargetResult(
        target=_text(row.get("target")),
        number=number,
        province=_text(row.get("province")),
        name=_text(row.get("province_name")),
        outcome=outcome,
        outcome_text=outcome_text,
        value_text=_text(row.get("value_text")),
        listed=_text(row.get("result_listed")) or outcome_text,
        short=_text(row.get("result_short")) or outcome_text,
        result=_text(row.get("result_text")) or outcome_text,
    )


def _targets(tables: Mapping[str, pd.DataFrame]) -> tuple[list[TargetStatement], dict[str, list[TargetResult]]]:
    summary = records(tables.get("target_summary"))
    numbers = {_text(r["target"]): i for i, r in enumerate(summary, start=1)}
    by_target: dict[str, list[TargetResult]] = {}
    by_province: dict[str, list[TargetResult]] = {}
    for row in records(tables.get("target_results")):
        result = _target_result(row, numbers.get(_text(row.get("target")), 0))
        by_target.setdefault(result.target, []).append(result)
        by_province.setdefault(result.province, []).append(result)
    statements = []
    for row in summary:
        target = _text(row["target"])
        number = numbers[target]
        label = _text(row.get("target_label")) or target
        phrase = _text(row.get("phrase"))
        below = [r for r in by_target.get(target, []) if r.outcome == Outcome.BELOW.value]
        heading = _text(row.get("below_heading")) or "chỉ tiêu"
        entries = ", ".join(f"{r.name} ({r.listed})" for r in below)
        statements.append(
            TargetStatement(
                target=target,
                number=number,
                label=label,
                phrase=phrase,
                sentence=_text(row.get("sentence")) or f"{label}: {phrase}",
                numbered=f"({number}) {label}: {phrase}",
                units=_int(row.get("units")),
                reported=_int(row.get("reported", row.get("units"))),
                evaluated=_int(row.get("evaluated")),
                met=_int(row.get("met")),
                below_heading=heading,
                below=below,
                below_text=f"Các tỉnh chưa đạt ({heading}): {entries}." if below else "",
                note=_text(row.get("note")),
            )
        )
    return statements, by_province


def _status(row: Mapping[str, Any] | None) -> str:
    if row is None:
        return "reported"
    if not bool(row.get("reported")):
        return "missing"
    return "late" if bool(row.get("late")) else "reported"


def _names(names: Sequence[str]) -> str:
    return ", ".join(names)


def reporting_sentence(statuses: Sequence[tuple[str, str]], period_label: str) -> str:
    """ "34/34 tỉnh đã gửi báo cáo năm 2026." or "3/34 tỉnh đã gửi báo cáo năm 2026; 31 tỉnh
    chưa báo cáo: Cao Bằng, …." (``statuses``: (name, status) in the unit set's order)."""
    if not statuses:
        return ""
    total = len(statuses)
    missing = [n for n, s in statuses if s == "missing"]
    late = [n for n, s in statuses if s == "late"]
    parts = [f"{total - len(missing)}/{total} tỉnh đã gửi báo cáo {period_label}"]
    if late:
        parts.append(f"{len(late)} tỉnh báo cáo muộn: {_names(late)}")
    if missing:
        parts.append(f"{len(missing)} tỉnh chưa báo cáo: {_names(missing)}")
    return "; ".join(parts) + "."


def _until(metadata: ReportMetadata, period: str) -> str:
    """How far the figures go: to the end of the period once it is over when the report is made,
    else to the day it is made (a report during the year must not say "by the end of it")."""
    made = metadata.local_generated_at.date()
    if made > metadata.period.end:
        return f"Đến hết {period}"
    return f"Tính đến {format_date(made)}"


def _unmet_lead(
    targets: Sequence[TargetStatement], provinces: Mapping[str, ProvinceStatement], period: str, until: str
) -> str:
    """``until``: "Đến hết năm 2025" once the period is over, else "Tính đến ngày 2 tháng 12 năm 2026"."""
    if not targets:
        return ""
    below = sum(bool(p.unmet) for p in provinces.values())
    if below:
        return f"{until}, còn {below} BHXH tỉnh, thành phố chưa đạt một hoặc một số chỉ tiêu theo Kế hoạch, cụ thể:"
    if any(t.evaluated for t in targets):
        return f"{until}, BHXH các tỉnh, thành phố đã báo cáo đều đạt các chỉ tiêu được đánh giá."
    return f"Chưa có BHXH tỉnh, thành phố nào được đánh giá thực hiện chỉ tiêu {period}."


@attrs.frozen(kw_only=True)
class _Province:
    """What the report holds of one province, gathered from its tables."""

    code: str
    name: str
    status: str
    status_text: str
    rows: Mapping[str, Mapping[str, Any]]
    """Its ``by_province`` rows by activity type."""
    total: Mapping[str, Any]
    """Its ``province_totals`` row."""
    results: Sequence[TargetResult]


def _paragraph(province: _Province, words: Sequence[ActivityWords], comparing: Comparing, period: str) -> str:
    """The province's own results sentence, or that it did not report."""
    if province.status == "missing":
        return f"BHXH {province.name} chưa gửi báo cáo {period}."
    facts = activity_facts(province.rows, words, scope=province.code, comparing=comparing, approximate=False)
    paragraph = " ".join(
        results_paragraphs(facts, period_label=period, units_phrase=f"BHXH {province.name}", scope=province.code)
    )
    participants = participants_fact(province.total, province.code, comparing) if province.total else None
    if participants is not None and participants.comparison is not None:
        paragraph += (
            f" Tổng số {PARTICIPANTS_SUBJECT} {comparison_phrase(participants.comparison, unit=participants.unit)}."
        )
    return paragraph


def _unreported(line: ActivityLine) -> ActivityLine:
    """A line of a province that did not report: its figures unknown, the comparison period's kept."""
    return attrs.evolve(
        line,
        count_text="-",
        change_cell="-" if line.change_cell else "",
        change_text="",
        direction="",
        participants_text="-",
        participants_change_cell="-" if line.participants_change_cell else "",
    )


def _province_statement(
    province: _Province, words: Sequence[ActivityWords], comparing: Comparing, period: str
) -> ProvinceStatement:
    lines = tuple(
        activity_line(
            province.rows.get(w.code, {}),
            code=w.code,
            label=w.label,
            unit=w.unit,
            has_participants=w.has_participants,
            comparing=comparing,
            short_label=w.short_label,
        )
        for w in words
    )
    silent = province.status == "missing"
    if silent:  # no figure of its own: "-", not a zero or a fall of 100% against last year
        lines = tuple(_unreported(line) for line in lines)
    total = province.total
    previous = total.get("participants_previous") if comparing.compared else None
    evaluated = [r for r in province.results if r.outcome in EVALUATED]
    met = sum(r.outcome in MET for r in evaluated)
    unmet = tuple(r for r in province.results if r.outcome == Outcome.BELOW.value)
    return ProvinceStatement(
        province=province.code,
        name=province.name,
        status=province.status,
        status_text=province.status_text,
        paragraph=_paragraph(province, words, comparing, period),
        activities=lines,
        activity_changes=(
            attrs.evolve(activity_changes(lines, comparing), active_text="-")
            if silent
            else activity_changes(lines, comparing)
        ),
        participants=participants_fact(total, province.code, comparing) if total and not silent else None,
        participants_text="-" if silent else format_number(_int(total.get("participants"))),
        participants_previous_text=(
            "" if not comparing.compared else format_number(_int(previous)) if comparing.has_data else "-"
        ),
        participants_change_cell=(
            ("-" if silent else change_cell(total.get("participants"), _int(previous), total.get("participants_pct")))
            if comparing.stated
            else ""
        ),
        targets_met_text=f"{met}/{len(evaluated)}" if evaluated else "-",
        targets_met=met,
        targets_evaluated=len(evaluated),
        targets_below=len(unmet),
        targets_not_evaluable=sum(r.outcome == Outcome.NOT_EVALUABLE.value for r in province.results),
        targets_not_reported=sum(r.outcome == Outcome.NOT_REPORTED.value for r in province.results),
        unmet=unmet,
        unmet_text="; ".join(f"chỉ tiêu ({r.number}) {r.result}" for r in unmet),
    )


def _provinces(tables: Mapping[str, pd.DataFrame], results: Mapping[str, list[TargetResult]]) -> list[_Province]:
    """Every province of the report, in the unit set's order, with its rows and results."""
    completeness = {_text(r.get("province")): r for r in records(tables.get("completeness"))}
    totals = {_text(r.get("province")): r for r in records(tables.get("province_totals"))}
    names = {code: _text(row.get("province_name")) for code, row in totals.items()}
    for code, row in completeness.items():
        names.setdefault(code, _text(row.get("name")) or code)
    by_province: dict[str, dict[str, Mapping[str, Any]]] = {}
    for row in records(tables.get("by_province")):
        by_province.setdefault(_text(row.get("province")), {})[_text(row.get("activity_type"))] = row
    provinces = []
    for code, name in names.items():
        status = _status(completeness.get(code))
        provinces.append(
            _Province(
                code=code,
                name=name or code,
                status=status,
                status_text=_text(completeness.get(code, {}).get("status")) or STATUS_TEXT[status],
                rows=by_province.get(code, {}),
                total=totals.get(code, {}),
                results=results.get(code, []),
            )
        )
    return provinces


def build_statements(metadata: ReportMetadata, tables: Mapping[str, pd.DataFrame], facts: Sequence[Fact]) -> Statements:
    """Everything a report says, from its tables and facts (see :class:`Statements`)."""
    period = metadata.period.label
    comparing = Comparing.of(metadata)
    national = records(tables.get("national"))
    words = _activity_words(national, facts)
    activities = tuple(
        activity_line(
            row,
            code=w.code,
            label=w.label,
            unit=w.unit,
            has_participants=w.has_participants,
            comparing=comparing,
            units_reporting=metadata.units_reporting,
            short_label=w.short_label,
        )
        for row, w in zip(national, words, strict=True)
    )
    targets, results = _targets(tables)
    gathered = _provinces(tables, results)
    provinces = {p.code: _province_statement(p, words, comparing, period) for p in gathered}
    statuses = [(p.name, p.status) for p in gathered]
    not_reported = tuple(name for name, status in statuses if status == "missing")
    if metadata.units_reporting == 0:
        national_paragraphs: tuple[str, ...] = (f"Chưa có BHXH tỉnh, thành phố nào gửi báo cáo {period}.",)
    else:
        national_paragraphs = results_paragraphs(facts, period_label=period, units_phrase=metadata.units_phrase)
    return Statements(
        national=national_paragraphs,
        activities=activities,
        activity_changes=activity_changes(activities, comparing),
        participants=next((f for f in facts if f.metric == TOTAL_PARTICIPANTS and f.scope == "national"), None),
        reporting=reporting_sentence(statuses, period),
        not_reported=not_reported,
        targets=tuple(targets),
        unmet_lead=_unmet_lead(targets, provinces, period, _until(metadata, period)),
        unreported_note=(
            f"{len(not_reported)} tỉnh chưa gửi báo cáo {period} chưa được đánh giá thực hiện chỉ tiêu."
            if targets and not_reported
            else ""
        ),
        provinces=provinces,
        notes=tuple(metadata.notes),
        national_runs=tuple(emphasis_runs(p, facts) for p in national_paragraphs),
    )
