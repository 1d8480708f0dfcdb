"""The dashboard's data: every figure the page shows, already phrased in Vietnamese.

:func:`build_dashboard_data` turns a :class:`~bhxh_comms.plugin.Report` into one plain,
JSON-ready mapping (the schema is documented in ``docs/dashboard.md``), so the browser only
picks strings and never formats a number. Sentences, comparisons, target results and
reporting status are the core's (``report.statements``, ``target_results``,
``target_summary``); this module arranges them into views, cards and chart rows.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from bhxh_comms.plugin import (
    REPORTING_STATUS,
    ActivityChanges,
    ActivityLine,
    Fact,
    Outcome,
    Period,
    ProvinceStatement,
    Report,
    comparison_phrase,
    format_date,
    format_number,
    format_quantity,
    is_missing,
    table_records,
)
from bhxh_comms_dashboard import specs
from bhxh_comms_dashboard._version import __version__

SCHEMA = "bhxh-comms-dashboard/1"
NATIONAL = "all"
"""Key of the national view in ``views`` (province codes are the other keys)."""
PARTICIPANTS = "participants"
"""Measure code of attendances summed over every activity type."""

# Legend of the scorecard: order, symbol and colour class. The symbol and the text label make
# the outcome readable without colour.
OUTCOME_ORDER = (Outcome.BELOW, Outcome.WITHIN, Outcome.ABOVE, Outcome.NOT_EVALUABLE, Outcome.NOT_REPORTED)
OUTCOME_SYMBOLS = {
    Outcome.BELOW: "✗",
    Outcome.WITHIN: "✓",
    Outcome.ABOVE: "▲",
    Outcome.NOT_EVALUABLE: "–",
    Outcome.NOT_REPORTED: "○",
}
STATUS_SYMBOLS = {"reported": "✓", "late": "!", "missing": "✗"}
COMPLETENESS_STATUS = tuple((code, STATUS_SYMBOLS[code], text) for code, text in REPORTING_STATUS.items())


# --------------------------------------------------------------------------- small helpers


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _number(value: Any) -> float | None:
    """A finite float, or None for missing values (the core's rule: None, NaN, NA, non-numbers)."""
    return None if is_missing(value) else float(value)


def _int(value: Any) -> int:
    number = _number(value)
    return 0 if number is None else round(number)


def _text(value: Any) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)


def _records(report: Report, name: str) -> list[dict[str, Any]]:
    frame = report.tables.get(name)
    return [] if frame is None else table_records(frame)


def _period(period: Period | None) -> dict[str, str] | None:
    if period is None:
        return None
    return {"start": period.start.isoformat(), "end": period.end.isoformat(), "label": period.label}


def _nice_ticks(top: float, count: int = 5) -> list[int]:
    """Round axis ticks from 0 to at least ``top`` (steps of 1, 2 or 5 × 10^k, at least 1)."""
    if top <= 0:
        return [0, 1]
    raw = top / count
    magnitude = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
    step = next((m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw), 10 * magnitude)
    step = max(1, int(step))
    last = math.ceil(top / step) * step
    return list(range(0, last + 1, step))


def _label_lines(label: str, unit: str, width: int = 44) -> list[str]:
    """An axis label with its unit in brackets, on lines of at most ``width`` characters, the
    lines balanced so that no line is left with a lone syllable."""
    text = f"{label} ({unit})" if unit else label
    count = len(textwrap.wrap(text, width)) or 1
    for narrower in range(math.ceil(len(text) / count), width + 1):
        lines = textwrap.wrap(text, narrower)
        if len(lines) <= count:
            return lines
    return textwrap.wrap(text, width) or [""]


def _months(period: Period) -> list[tuple[int, int]]:
    """(year, month) of every month the period touches, in order."""
    months = []
    year, month = period.start.year, period.start.month
    while (year, month) <= (period.end.year, period.end.month):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


# --------------------------------------------------------------------------- the parts


def _metadata(report: Report) -> dict[str, Any]:
    meta = report.metadata
    generated = meta.generated_at
    local = meta.local_generated_at
    comparison = meta.comparison_period
    subtitle = f"Kết quả {meta.period.label}" + (f" so với {comparison.label}" if comparison else "")
    return {
        "title": meta.title,
        "issuing_body": meta.issuing_body,
        "parent_body": meta.parent_body,
        "unit_set": meta.unit_set,
        "period": _period(meta.period),
        "comparison_period": _period(comparison),
        "generated_at": generated.isoformat(),
        "generated_at_text": format_date(local.date()),
        "subtitle": subtitle,
        "units_reporting": meta.units_reporting,
        "units_total": meta.units_total,
        "units_phrase": meta.units_phrase,
        "reporting": report.statements.reporting,
        "notes": list(report.statements.notes),
        "processing": list(meta.processing),
    }


class _Context:
    """The report's statements and tables, indexed once for the views."""

    def __init__(self, report: Report) -> None:
        self.report = report
        meta = report.metadata
        said = report.statements
        self.period_label = meta.period.label
        self.comparison_label = meta.comparison_period.label if meta.comparison_period else None
        self.lines = {line.activity_type: line for line in said.activities}
        self.activity_types: list[dict[str, Any]] = [
            {
                "code": line.activity_type,
                "label": line.label,
                "unit": line.unit,
                "lines": _label_lines(line.label, line.unit),
                "lines_narrow": _label_lines(line.label, line.unit, 24),
            }
            for line in said.activities
        ]
        self.statements: dict[str, ProvinceStatement] = dict(said.provinces)
        self.provinces = [{"code": code, "name": p.name} for code, p in said.provinces.items()]
        self.names = {code: p.name for code, p in said.provinces.items()}
        self.province_totals = {str(r["province"]): r for r in _records(report, "province_totals")}
        self.completeness = {str(r["province"]): r for r in _records(report, "completeness")}
        self.monthly_by_province = self._per_province(report, "monthly_by_province")
        self.monthly_by_province_previous = self._per_province(report, "monthly_by_province_previous") or {}
        self.units_total = meta.units_total or len(self.provinces) or 1
        self.communes = (
            {code: _int(row.get("communes")) for code, row in self.province_totals.items()}
            if any("communes" in row for row in self.province_totals.values())
            else None
        )

    def monthly_periods(self, n: int) -> list[Period]:
        meta = self.report.metadata
        periods = [meta.period] + ([meta.comparison_period] if meta.comparison_period is not None else [])
        return periods[:n]

    @staticmethod
    def _per_province(report: Report, name: str) -> dict[str, list[dict[str, Any]]] | None:
        if name not in report.tables:
            return None
        grouped: dict[str, list[dict[str, Any]]] = {}
        for record in _records(report, name):
            grouped.setdefault(str(record["province"]), []).append(record)
        return grouped

    def province_lines(self, province: str) -> dict[str, ActivityLine]:
        statement = self.statements.get(province)
        return {} if statement is None else {line.activity_type: line for line in statement.activities}

    def province_value(self, province: str, activity_type: str) -> int:
        line = self.province_lines(province).get(activity_type)
        return 0 if line is None else line.count


def _card(card_id: str, label: str, fact: Fact | None, *, detail: str = "") -> dict[str, Any]:
    """A headline card of a fact (the attendances), with its comparison where the core states one."""
    comparison = fact.comparison if fact is not None else None
    value = fact.value if fact is not None else 0
    return {
        "id": card_id,
        "label": label,
        "value": value,
        "value_text": format_number(value),
        "unit": fact.unit if fact is not None else "",
        "previous_text": (
            f"{comparison.period_label}: {format_number(comparison.previous)}" if comparison is not None else ""
        ),
        "change_text": comparison_phrase(comparison, unit=fact.unit) if comparison is not None and fact else "",
        "direction": comparison.direction if comparison is not None else None,
        "detail": detail,
    }


def _types_card(changes: ActivityChanges) -> dict[str, Any]:
    """Activity types are counted in different units (cuộc, lượt, tin bài…), so their counts are
    never added up: the card says how many types were carried out, and how many rose or fell."""
    return {
        "id": "activity_types",
        "label": "Hình thức truyền thông đã triển khai",
        "value": changes.active,
        "value_text": changes.active_text,
        "unit": "hình thức",
        "previous_text": changes.active_previous_text,
        "change_text": changes.text,
        "direction": changes.direction or None,
        "detail": changes.detail,
    }


def _target_counts(statements: Sequence[ProvinceStatement]) -> dict[str, int]:
    return {
        "met": sum(p.targets_met for p in statements),
        "evaluated": sum(p.targets_evaluated for p in statements),
        "unmet": sum(p.targets_below for p in statements),
        "unevaluable": sum(p.targets_not_evaluable for p in statements),
        "unreported": sum(p.targets_not_reported for p in statements),
    }


def _headline(
    changes: ActivityChanges,
    participants: Fact | None,
    targets: Mapping[str, int],
    reporting: Mapping[str, Any],
) -> list[dict[str, Any]]:
    detail = (
        f"chưa đạt: {format_number(targets['unmet'])} · không đánh giá được: {format_number(targets['unevaluable'])}"
    )
    if targets["unreported"]:
        detail += f" · chưa báo cáo: {format_number(targets['unreported'])}"
    return [
        _card("participants", "Lượt người tham dự, được truyền thông", participants),
        _types_card(changes),
        {
            "id": "targets",
            "label": reporting["targets_label"],
            "value": targets["met"],
            "value_text": f"{format_number(targets['met'])}/{format_number(targets['evaluated'])}",
            "unit": "",
            "previous_text": "",
            "change_text": "",
            "direction": None,
            "detail": detail,
        },
        {
            "id": "reporting",
            "label": reporting["label"],
            "value": reporting["value"],
            "value_text": reporting["value_text"],
            "unit": "",
            "previous_text": "",
            "change_text": "",
            "direction": None,
            "detail": reporting["detail"],
        },
    ]


def _activity_row(
    activity: Mapping[str, Any], values: Sequence[float], texts: Sequence[str], change_text: str
) -> dict[str, Any]:
    top = max(values) if values else 0
    return {
        "activity_type": activity["code"],
        "values": list(values),
        "texts": list(texts),
        "relative": [round(v / top, 4) if top > 0 else 0.0 for v in values],
        "change_text": change_text,
    }


def _outcome_fields(code: str) -> dict[str, str]:
    outcome = Outcome(code)
    return {"outcome": outcome.value, "label": _capitalised(outcome.label_vi), "symbol": OUTCOME_SYMBOLS[outcome]}


def _scorecard(ctx: _Context) -> dict[str, Any]:
    """Targets, legend and one row per province with one cell per target (the core's folded
    result; the partner rows of a folded cell as its details)."""
    summary = _records(ctx.report, "target_summary")
    partner_labels = {str(r["partner"]): _text(r.get("label")) for r in _records(ctx.report, "by_partner")}
    legend = [{"code": o.value, "label": _capitalised(o.label_vi), "symbol": OUTCOME_SYMBOLS[o]} for o in OUTCOME_ORDER]
    targets = [
        {
            "code": _text(r["target"]),
            "label": _text(r.get("target_label")),
            "kind": _text(r.get("kind")),
            "range_text": _text(r.get("requirement")),
            "summary": _text(r.get("phrase")),
        }
        for r in summary
    ]
    results = {(_text(r["province"]), _text(r["target"])): r for r in _records(ctx.report, "target_results")}
    details: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for record in _records(ctx.report, "scorecard"):
        partner = _text(record.get("partner"))
        if partner:
            details.setdefault((_text(record["province"]), _text(record["target"])), []).append(
                {
                    "partner": partner,
                    "partner_label": partner_labels.get(partner, partner),
                    **_outcome_fields(_text(record["outcome"])),
                    "value_text": _text(record.get("value_text")) or "—",
                    "reason": _text(record.get("reason")),
                }
            )
    rows = []
    for province in ctx.provinces:
        cells = []
        for target in targets:
            key = (province["code"], target["code"])
            result = results[key]  # the core evaluates every province for every target
            parts = details.get(key, [])
            cells.append(
                {
                    "target": target["code"],
                    **_outcome_fields(_text(result["outcome"])),
                    "value_text": _text(result.get("value_text")) or "—",
                    "reason": "" if len(parts) > 1 else _text(result.get("reason")),
                    "details": parts if len(parts) > 1 else [],
                }
            )
        rows.append({"province": province["code"], "name": province["name"], "cells": cells})
    return {"targets": targets, "legend": legend, "rows": rows}


def _completeness(ctx: _Context) -> dict[str, Any]:
    symbols = {code: symbol for code, symbol, _ in COMPLETENESS_STATUS}
    rows = []
    for province in ctx.provinces:
        statement = ctx.statements[province["code"]]
        record = ctx.completeness.get(province["code"], {})
        rows.append(
            {
                "province": province["code"],
                "name": province["name"],
                "status": statement.status,
                "status_text": _capitalised(statement.status_text),
                "symbol": symbols.get(statement.status, ""),
                "rows": _int(record.get("rows")),
                "rows_text": format_number(_int(record.get("rows"))),
                "communes_text": (
                    format_number(ctx.communes.get(province["code"], 0)) if ctx.communes is not None else ""
                ),
            }
        )
    legend = [{"code": c, "symbol": s, "label": _capitalised(t)} for c, s, t in COMPLETENESS_STATUS]
    note = (
        "Xã, phường có hoạt động: số mã xã, phường khác nhau trong các dòng số liệu của tỉnh. Trong năm có "
        "sắp xếp đơn vị hành chính, mã xã, phường trước và sau ngày sắp xếp được đếm riêng."
        if ctx.communes is not None
        else ""
    )
    return {"legend": legend, "has_communes": ctx.communes is not None, "communes_note": note, "rows": rows}


def _measures(ctx: _Context) -> list[dict[str, str]]:
    measures = [
        {"code": a["code"], "label": a["label"], "unit": a["unit"], "measure": "count"} for a in ctx.activity_types
    ]
    measures.append(
        {
            "code": PARTICIPANTS,
            "label": "Lượt người tham dự, được truyền thông (tất cả hình thức)",
            "unit": "lượt người",
            "measure": "participants",
        }
    )
    return measures


def _ranking(ctx: _Context, measures: Sequence[Mapping[str, str]]) -> dict[str, Any]:
    """Provinces that reported, ranked by each measure; those that did not report follow, unranked
    ("chưa báo cáo"), so that no province is ranked last for a report it never sent."""
    ranking: dict[str, Any] = {}
    reporting = [p for p in ctx.provinces if ctx.statements[p["code"]].status != "missing"]
    silent = [p for p in ctx.provinces if ctx.statements[p["code"]].status == "missing"]
    for measure in measures:
        values = []
        for province in reporting:
            if measure["code"] == PARTICIPANTS:
                participants = ctx.statements[province["code"]].participants
                value = round(participants.value) if participants is not None else 0
            else:
                value = ctx.province_value(province["code"], measure["code"])
            values.append((province, value))
        ordered = sorted(values, key=lambda pv: -pv[1])  # stable: ties keep the unit set's order
        rows = []
        for position, (province, value) in enumerate(ordered):
            rank = 1 + sum(1 for _, other in ordered[:position] if other > value)
            rows.append(
                {
                    "province": province["code"],
                    "name": province["name"],
                    "label": f"{rank}. {province['name']}",
                    "value": value,
                    "value_text": format_number(value),
                    "rank": rank,
                    "rank_text": f"xếp thứ {rank}/{len(reporting)}",
                }
            )
        status = ctx.statements[silent[0]["code"]].status_text if silent else ""
        rows += [
            {
                "province": province["code"],
                "name": province["name"],
                "label": f"– {province['name']}",
                "value": 0,
                "value_text": status,
                "rank": None,
                "rank_text": status,
            }
            for province in silent
        ]
        top = max((v for _, v in values), default=0)
        ranking[measure["code"]] = {"domain_max": round(top * 1.18, 2) if top > 0 else 1, "rows": rows}
    return ranking


def _monthly_series(
    ctx: _Context, measures: Sequence[Mapping[str, str]], records: Sequence[Sequence[Mapping[str, Any]]]
) -> dict[str, Any]:
    """Per measure: the chart rows of each period (``records[0]`` this period, ``records[1]``
    the comparison), aligned on the months of this period."""
    report = ctx.report
    periods = [report.metadata.period]
    if report.metadata.comparison_period is not None:
        periods.append(report.metadata.comparison_period)
    current_months = _months(report.metadata.period)
    month_labels = [f"Tháng {m}" for _, m in current_months]
    out: dict[str, Any] = {}
    for measure in measures:
        rows: list[dict[str, Any]] = []
        for order, (period, period_records) in enumerate(zip(periods, records, strict=False)):
            sums: dict[str, int] = {}
            for record in period_records:
                if measure["code"] == PARTICIPANTS:
                    sums[str(record["month"])] = sums.get(str(record["month"]), 0) + _int(record["participants"])
                elif str(record["activity_type"]) == measure["code"]:
                    sums[str(record["month"])] = sums.get(str(record["month"]), 0) + _int(record["count"])
            for index, (year, month) in enumerate(_months(period)[: len(current_months)]):
                value = sums.get(f"{year:04d}-{month:02d}", 0)
                rows.append(
                    {
                        "series": period.label,
                        "series_order": order,
                        "month_index": index + 1,
                        "month_label": month_labels[index],
                        "month_number": str(current_months[index][1]),
                        "month_text": f"tháng {month}/{year}",
                        "value": value,
                        "value_text": format_number(value),
                    }
                )
        ticks = _nice_ticks(max((r["value"] for r in rows), default=0))
        out[measure["code"]] = {
            "ticks": ticks,
            "tick_labels": {str(t): format_quantity(t) for t in ticks},
            "rows": rows,
        }
    return out


def _monthly(ctx: _Context, measures: Sequence[Mapping[str, str]]) -> dict[str, Any] | None:
    report = ctx.report
    if "monthly" not in report.tables:
        return None
    records = [_records(report, "monthly")]
    if report.metadata.comparison_period is not None and "monthly_previous" in report.tables:
        records.append(_records(report, "monthly_previous"))
    return {
        "series": [p.label for p in ctx.monthly_periods(len(records))],
        "months": [f"Tháng {m}" for _, m in _months(report.metadata.period)],
        "measures": _monthly_series(ctx, measures, records),
    }


def _province_monthly(ctx: _Context, code: str, measures: Sequence[Mapping[str, str]]) -> dict[str, Any] | None:
    """A province's monthly series in compact form: values and their texts in the order of the
    national rows (the page copies the national rows and swaps these in), with its own ticks."""
    if ctx.monthly_by_province is None or "monthly" not in ctx.report.tables:
        return None
    records = [ctx.monthly_by_province.get(code, [])]
    if ctx.report.metadata.comparison_period is not None and "monthly_previous" in ctx.report.tables:
        records.append(ctx.monthly_by_province_previous.get(code, []))
    series = _monthly_series(ctx, measures, records)
    return {
        code_: {
            "ticks": item["ticks"],
            "tick_labels": item["tick_labels"],
            "values": [row["value"] for row in item["rows"]],
            "texts": [row["value_text"] for row in item["rows"]],
        }
        for code_, item in series.items()
    }


def _chart_rows(ctx: _Context, lines: Mapping[str, ActivityLine]) -> list[dict[str, Any]]:
    """Bars of this period and the comparison period for each activity type."""
    rows = []
    for activity in ctx.activity_types:
        line = lines.get(activity["code"])
        values = [line.count if line else 0]
        if ctx.comparison_label is not None:
            values.append((line.previous or 0) if line else 0)
        rows.append(
            _activity_row(activity, values, [format_number(v) for v in values], line.change_text if line else "")
        )
    return rows


def _national_view(ctx: _Context, scorecard: Mapping[str, Any], completeness: Mapping[str, Any]) -> dict[str, Any]:
    said = ctx.report.statements
    statuses = [row["status"] for row in completeness["rows"]]
    reported = sum(s != "missing" for s in statuses)
    reporting = {
        "label": "Tỉnh, thành phố đã gửi báo cáo",
        "targets_label": "Lượt đánh giá chỉ tiêu (tỉnh × chỉ tiêu) đạt hoặc vượt",
        "value": reported,
        "value_text": f"{format_number(reported)}/{format_number(len(statuses))}",
        "detail": (
            f"báo cáo muộn: {format_number(statuses.count('late'))} · "
            f"chưa báo cáo: {format_number(statuses.count('missing'))}"
        ),
    }
    headline = _headline(
        said.activity_changes, said.participants, _target_counts(list(ctx.statements.values())), reporting
    )
    series = [ctx.period_label] + ([ctx.comparison_label] if ctx.comparison_label else [])
    note = (
        "Mỗi hình thức có đơn vị tính riêng: độ dài thanh so sánh hai kỳ trong cùng một hình thức."
        if ctx.comparison_label
        else "Báo cáo không có kỳ so sánh."
    )
    return {
        "code": NATIONAL,
        "name": "Toàn quốc",
        "scope_phrase": ctx.report.metadata.units_phrase,
        "headline": headline,
        "summary": said.summary,
        "activity": {"series": series, "note": note, "rows": _chart_rows(ctx, ctx.lines)},
        "monthly": None,
        "monthly_note": "",
    }


def _province_view(
    ctx: _Context, province: Mapping[str, str], scorecard: Mapping[str, Any], completeness: Mapping[str, Any]
) -> dict[str, Any]:
    code, name = province["code"], province["name"]
    statement = ctx.statements[code]
    status = next(row for row in completeness["rows"] if row["province"] == code)
    reporting = {
        "label": "Tình hình báo cáo",
        "targets_label": "Chỉ tiêu đạt hoặc vượt",
        "value": status["rows"],
        "value_text": status["status_text"],
        "detail": f"{status['rows_text']} dòng số liệu {ctx.period_label}",
    }
    lines = ctx.province_lines(code)
    headline = _headline(statement.activity_changes, statement.participants, _target_counts([statement]), reporting)
    if ctx.comparison_label is not None:
        series = [ctx.period_label, ctx.comparison_label]
        rows = _chart_rows(ctx, lines)
        note = f"{name}: mỗi hình thức có đơn vị tính riêng; độ dài thanh so sánh hai kỳ trong cùng một hình thức."
    else:
        average_label = f"Bình quân một tỉnh đã báo cáo – {ctx.period_label}"
        series = [f"{name} – {ctx.period_label}", average_label]
        rows = []
        for activity in ctx.activity_types:
            value = ctx.province_value(code, activity["code"])
            national = ctx.lines[activity["code"]]
            average = national.average or 0.0
            rows.append(_activity_row(activity, [value, average], [format_number(value), national.average_text], ""))
        reporting_units = format_number(ctx.report.metadata.units_reporting)
        note = (
            f"Báo cáo không có kỳ so sánh, nên biểu đồ so sánh {name} với bình quân một tỉnh (toàn quốc chia cho "
            f"{reporting_units} tỉnh đã báo cáo) trong {ctx.period_label}. Mỗi hình thức có đơn vị tính riêng."
        )
    return {
        "code": code,
        "name": name,
        "scope_phrase": f"BHXH {name}",
        "headline": headline,
        "summary": statement.paragraph,
        "activity": {"series": series, "note": note, "rows": rows},
        "monthly": _province_monthly(ctx, code, _measures(ctx)),
        "monthly_note": (
            ""
            if ctx.monthly_by_province is not None
            else f"Báo cáo chỉ có số liệu theo tháng của toàn quốc; biểu đồ này không tách riêng {name}."
        ),
    }


# --------------------------------------------------------------------------- entry point


def build_dashboard_data(report: Report) -> dict[str, Any]:
    """The dashboard's data and chart specifications for ``report`` (plain JSON-ready values,
    in a stable key order)."""
    ctx = _Context(report)
    measures = _measures(ctx)
    scorecard = _scorecard(ctx)
    completeness = _completeness(ctx)
    views: dict[str, Any] = {NATIONAL: _national_view(ctx, scorecard, completeness)}
    for province in ctx.provinces:
        views[province["code"]] = _province_view(ctx, province, scorecard, completeness)
    return {
        "schema": SCHEMA,
        "generator": f"bhxh-comms-dashboard {__version__}",
        "metadata": _metadata(report),
        "activity_types": ctx.activity_types,
        "provinces": ctx.provinces,
        "measures": measures,
        "views": views,
        "ranking": _ranking(ctx, measures),
        "monthly": _monthly(ctx, measures),
        "scorecard": scorecard,
        "completeness": completeness,
        "charts": specs.chart_specs(),
    }
