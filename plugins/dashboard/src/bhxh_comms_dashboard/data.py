"""The dashboard's data: every figure the page shows, already phrased in Vietnamese.

:func:`build_dashboard_data` turns a :class:`~bhxh_comms.report.Report` into one plain,
JSON-ready mapping (the schema is documented in ``docs/dashboard.md``). Every number a reader
sees is formatted here through :mod:`bhxh_comms.phrasing`, for the national view and for each
province, so the browser only picks strings and never formats a number.

The report's national tables are national. Per-province views are derived from
``province_totals``, ``by_province``, ``scorecard`` and ``completeness``; ``by_commune`` is
reduced to the number of communes with activity per province, shown in the completeness table
(it is never embedded row by row).
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs
import pandas as pd

from bhxh_comms.models.periods import Period
from bhxh_comms.models.targets import Outcome
from bhxh_comms.phrasing import (
    activity_clause,
    comparison_phrase,
    format_date,
    format_number,
    format_percent,
    format_quantity,
    national_paragraph,
)
from bhxh_comms.render.builtin import table_records
from bhxh_comms.report.model import Comparison, Fact, Report
from bhxh_comms_dashboard import specs
from bhxh_comms_dashboard._version import __version__

SCHEMA = "bhxh-comms-dashboard/1"
NATIONAL = "all"
"""Key of the national view in ``views`` (province codes are the other keys)."""
PARTICIPANTS = "participants"
"""Measure code of attendances summed over every activity type."""
COUNT_KINDS = frozenset({"count_range", "per_partner"})
"""Target kinds whose scorecard ``value`` is a count; the others are fractions."""

# Legend of the scorecard: order, symbol and colour class. The symbol and the text label make
# the outcome readable without colour.
OUTCOME_ORDER = (Outcome.BELOW, Outcome.WITHIN, Outcome.ABOVE, Outcome.NOT_EVALUABLE)
OUTCOME_SYMBOLS = {
    Outcome.BELOW: "✗",
    Outcome.WITHIN: "✓",
    Outcome.ABOVE: "▲",
    Outcome.NOT_EVALUABLE: "–",
}
COMPLETENESS_STATUS = (
    ("reported", "✓", "đã báo cáo"),
    ("late", "!", "báo cáo muộn"),
    ("missing", "✗", "chưa báo cáo"),
)


# --------------------------------------------------------------------------- small helpers


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _number(value: Any) -> float | None:
    """A finite float, or None for missing values (NaN, NA, None)."""
    if value is None or value is pd.NA:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


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


def _comparison(current: float, previous: float | None, label: str | None) -> Comparison | None:
    """The core's rule (``report.build._comparison``): no comparison without a previous figure."""
    if label is None or previous is None or previous <= 0:
        return None
    change = current - previous
    return Comparison(
        previous=previous, period_label=label, change=change, percent_change=change / previous, ratio=current / previous
    )


def _row_comparison(row: Mapping[str, Any], measure: str, label: str | None) -> Comparison | None:
    """A comparison from the ``_previous``/``_change``/``_pct``/``_ratio`` columns of a table row."""
    previous = _number(row.get(f"{measure}_previous"))
    if label is None or previous is None or previous <= 0:
        return None
    return Comparison(
        previous=previous,
        period_label=label,
        change=_number(row.get(f"{measure}_change")) or 0.0,
        percent_change=_number(row.get(f"{measure}_pct")),
        ratio=_number(row.get(f"{measure}_ratio")),
    )


def _direction(comparison: Comparison | None) -> str | None:
    if comparison is None:
        return None
    return "up" if comparison.change > 0 else "down" if comparison.change < 0 else "same"


def _nice_ticks(maximum: float, count: int = 5) -> list[int]:
    """Round axis ticks from 0 to at least ``maximum`` (steps of 1, 2 or 5 × 10^k, at least 1)."""
    if maximum <= 0:
        return [0, 1]
    raw = maximum / count
    magnitude = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
    step = next((m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw), 10 * magnitude)
    step = max(1, int(step))
    top = math.ceil(maximum / step) * step
    return list(range(0, top + 1, step))


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
        "notes": list(meta.notes),
        "processing": list(getattr(meta, "processing", ())),
    }


class _Context:
    """The report's tables, indexed once for the views."""

    def __init__(self, report: Report) -> None:
        self.report = report
        meta = report.metadata
        self.period_label = meta.period.label
        self.comparison_label = meta.comparison_period.label if meta.comparison_period else None
        national = _records(report, "national")
        self.activity_types: list[dict[str, Any]] = [
            {
                "code": str(r["activity_type"]),
                "label": _text(r.get("label")),
                "unit": _text(r.get("unit")),
                "lines": _label_lines(_text(r.get("label")), _text(r.get("unit"))),
                "lines_narrow": _label_lines(_text(r.get("label")), _text(r.get("unit")), 24),
            }
            for r in national
        ]
        self.national = {str(r["activity_type"]): r for r in national}
        self.province_totals = {str(r["province"]): r for r in _records(report, "province_totals")}
        completeness = _records(report, "completeness")
        self.completeness = {str(r["province"]): r for r in completeness}
        names: dict[str, str] = {}
        for code, row in self.province_totals.items():
            names[code] = _text(row.get("province_name")) or code
        for code, row in self.completeness.items():
            names.setdefault(code, _text(row.get("name")) or code)
        self.provinces = [{"code": code, "name": name} for code, name in names.items()]
        self.names = names
        self.by_province: dict[tuple[str, str], dict[str, Any]] = {
            (str(r["province"]), str(r["activity_type"])): r for r in _records(report, "by_province")
        }
        self.monthly_by_province = self._per_province(report, "monthly_by_province")
        self.monthly_by_province_previous = self._per_province(report, "monthly_by_province_previous") or {}
        self.units_total = meta.units_total or len(self.provinces) or 1
        self.facts = {f.metric: f for f in report.facts}
        self.communes = self._communes(report)

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

    @staticmethod
    def _communes(report: Report) -> dict[str, int] | None:
        """Communes with any reported activity, per province (``by_commune`` reduced)."""
        frame = report.tables.get("by_commune")
        if frame is None:
            return None
        active = frame[(frame["count"] > 0) | (frame["participants"] > 0)]
        counts = active.groupby(active["province"].astype(str), observed=True)["commune"].nunique()
        return {str(code): int(n) for code, n in counts.items()}

    def province_value(self, province: str, activity_type: str, measure: str = "count") -> int:
        row = self.by_province.get((province, activity_type))
        return 0 if row is None else _int(row.get(measure))


def _card(
    card_id: str,
    label: str,
    value: float,
    value_text: str,
    unit: str,
    comparison: Comparison | None = None,
    *,
    detail: str = "",
) -> dict[str, Any]:
    return {
        "id": card_id,
        "label": label,
        "value": value,
        "value_text": value_text,
        "unit": unit,
        "previous_text": (
            f"{comparison.period_label}: {format_number(comparison.previous)}" if comparison is not None else ""
        ),
        "change_text": comparison_phrase(comparison, unit=unit) if comparison is not None else "",
        "direction": _direction(comparison),
        "detail": detail,
    }


def _types_card(ctx: _Context, rows: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    """Activity types are counted in different units (cuộc, lượt, tin bài…), so their counts are
    never added up: the card says how many types were carried out, and how many rose or fell."""
    total = len(ctx.activity_types)
    current = {code: _int(rows.get(code, {}).get("count")) for code in (a["code"] for a in ctx.activity_types)}
    active = sum(v > 0 for v in current.values())
    card: dict[str, Any] = {
        "id": "activity_types",
        "label": "Hình thức truyền thông đã triển khai",
        "value": active,
        "value_text": f"{format_number(active)}/{format_number(total)}",
        "unit": "hình thức",
        "previous_text": "",
        "change_text": "",
        "direction": None,
        "detail": "",
    }
    if ctx.comparison_label is None:
        return card
    previous = {code: _int(rows.get(code, {}).get("count_previous")) for code in current}
    up = sum(current[c] > previous[c] for c in current)
    down = sum(current[c] < previous[c] for c in current)
    same = total - up - down
    card["change_text"] = f"{format_number(up)} hình thức tăng so với {ctx.comparison_label}"
    card["direction"] = "up" if up > down else "down" if down > up else "same"
    card["detail"] = f"giảm: {format_number(down)} · không đổi: {format_number(same)}"
    card["previous_text"] = (
        f"{ctx.comparison_label}: {format_number(sum(v > 0 for v in previous.values()))}/{format_number(total)}"
    )
    return card


def _headline(
    ctx: _Context,
    type_rows: Mapping[str, Mapping[str, Any]],
    totals: Mapping[str, Any],
    comparisons: Mapping[str, Comparison | None],
    targets: Mapping[str, int],
    reporting: Mapping[str, Any],
) -> list[dict[str, Any]]:
    cards = [
        _card(
            "participants",
            "Lượt người tham dự, được truyền thông",
            totals["participants"],
            format_number(totals["participants"]),
            "lượt người",
            comparisons["participants"],
        ),
        _types_card(ctx, type_rows),
        {
            "id": "targets",
            "label": reporting["targets_label"],
            "value": targets["met"],
            "value_text": f"{format_number(targets['met'])}/{format_number(targets['evaluated'])}",
            "unit": "",
            "previous_text": "",
            "change_text": "",
            "direction": None,
            "detail": (
                f"chưa đạt: {format_number(targets['below'])} · "
                f"không đánh giá được: {format_number(targets['not_evaluable'])}"
            ),
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
    return cards


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


def _scorecard(ctx: _Context) -> dict[str, Any]:
    """Targets, legend and one row per province with one cell per target (partners folded)."""
    records = _records(ctx.report, "scorecard")
    summary = {str(r["target"]): r for r in _records(ctx.report, "target_summary")}
    partner_labels = {str(r["partner"]): _text(r.get("label")) for r in _records(ctx.report, "by_partner")}
    labels_vi = {o: o.label_vi for o in Outcome}
    for record in records:
        with_label = _text(record.get("outcome_vi"))
        if with_label:
            labels_vi[Outcome(str(record["outcome"]))] = with_label
    legend = [
        {"code": o.value, "label": _capitalised(labels_vi[o]), "symbol": OUTCOME_SYMBOLS[o]} for o in OUTCOME_ORDER
    ]

    targets: dict[str, dict[str, Any]] = {}
    cells: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for record in records:
        code = str(record["target"])
        kind = _text(record.get("kind"))
        if code not in targets:
            targets[code] = {
                "code": code,
                "label": _text(record.get("target_label")),
                "kind": kind,
                "range_text": _range_text(kind, record.get("minimum"), record.get("maximum")),
                "summary": _text(summary.get(code, {}).get("phrase")),
            }
        cells.setdefault((str(record["province"]), code), []).append(record)

    def outcome_fields(outcome: Outcome) -> dict[str, str]:
        return {
            "outcome": outcome.value,
            "label": _capitalised(labels_vi[outcome]),
            "symbol": OUTCOME_SYMBOLS[outcome],
        }

    rows = []
    for province in ctx.provinces:
        row_cells: list[dict[str, Any]] = []
        for code, target in targets.items():
            parts = cells.get((province["code"], code), [])
            if not parts:
                row_cells.append(
                    {
                        "target": code,
                        **outcome_fields(Outcome.NOT_EVALUABLE),
                        "value_text": "—",
                        "reason": "không có trong bảng đánh giá",
                        "details": [],
                    }
                )
                continue
            if len(parts) == 1 and not _text(parts[0].get("partner")):
                part = parts[0]
                row_cells.append(
                    {
                        "target": code,
                        **outcome_fields(Outcome(str(part["outcome"]))),
                        "value_text": _value_text(target["kind"], part.get("value")),
                        "reason": _text(part.get("reason")),
                        "details": [],
                    }
                )
                continue
            details = [
                {
                    "partner": _text(p.get("partner")),
                    "partner_label": partner_labels.get(_text(p.get("partner")), _text(p.get("partner"))),
                    **outcome_fields(Outcome(str(p["outcome"]))),
                    "value_text": _value_text(target["kind"], p.get("value")),
                    "reason": _text(p.get("reason")),
                }
                for p in parts
            ]
            outcome = _folded_outcome([Outcome(str(p["outcome"])) for p in parts])
            met = sum(Outcome(str(p["outcome"])).met for p in parts)
            row_cells.append(
                {
                    "target": code,
                    **outcome_fields(outcome),
                    "value_text": f"{format_number(met)}/{format_number(len(parts))} đơn vị phối hợp đạt",
                    "reason": "",
                    "details": details,
                }
            )
        rows.append({"province": province["code"], "name": province["name"], "cells": row_cells})
    return {"targets": list(targets.values()), "legend": legend, "rows": rows}


def _folded_outcome(outcomes: Sequence[Outcome]) -> Outcome:
    """One outcome for a province with several rows (one per partner), by the core's rule in
    ``aggregate.targets.summarize``: met when every evaluable row is met."""
    evaluable = [o for o in outcomes if o is not Outcome.NOT_EVALUABLE]
    if not evaluable:
        return Outcome.NOT_EVALUABLE
    if any(o is Outcome.BELOW for o in evaluable):
        return Outcome.BELOW
    if all(o is Outcome.ABOVE for o in evaluable):
        return Outcome.ABOVE
    return Outcome.WITHIN


def _value_text(kind: str, value: Any) -> str:
    number = _number(value)
    if number is None:
        return "—"
    return format_number(number, 1) if kind in COUNT_KINDS else format_percent(number)


def _range_text(kind: str, minimum: Any, maximum: Any) -> str:
    low, high = _number(minimum), _number(maximum)

    def shown(value: float) -> str:
        return format_number(value, 1) if kind in COUNT_KINDS else format_percent(value)

    if low is not None and high is not None:
        return f"{shown(low)}–{shown(high)}"
    if low is not None:
        return f"≥ {shown(low)}"
    if high is not None:
        return f"≤ {shown(high)}"
    return ""


def _target_counts(scorecard: Mapping[str, Any], provinces: Iterable[str]) -> dict[str, int]:
    wanted = set(provinces)
    counts = {"met": 0, "evaluated": 0, "below": 0, "not_evaluable": 0}
    for row in scorecard["rows"]:
        if row["province"] not in wanted:
            continue
        for cell in row["cells"]:
            outcome = Outcome(cell["outcome"])
            if outcome is Outcome.NOT_EVALUABLE:
                counts["not_evaluable"] += 1
                continue
            counts["evaluated"] += 1
            counts["met"] += outcome.met
            counts["below"] += outcome is Outcome.BELOW
    return counts


def _completeness(ctx: _Context) -> dict[str, Any]:
    symbols = {code: symbol for code, symbol, _ in COMPLETENESS_STATUS}
    rows = []
    for province in ctx.provinces:
        record = ctx.completeness.get(province["code"], {})
        reported, late = bool(record.get("reported")), bool(record.get("late"))
        code = "missing" if not reported else "late" if late else "reported"
        default = next(text for c, _, text in COMPLETENESS_STATUS if c == code)
        rows.append(
            {
                "province": province["code"],
                "name": province["name"],
                "status": code,
                "status_text": _capitalised(_text(record.get("status")) or default),
                "symbol": symbols[code],
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
    ranking: dict[str, Any] = {}
    total = len(ctx.provinces)
    for measure in measures:
        values = []
        for province in ctx.provinces:
            if measure["code"] == PARTICIPANTS:
                value = _int(ctx.province_totals.get(province["code"], {}).get("participants"))
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
                    "rank_text": f"xếp thứ {rank}/{total}",
                }
            )
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


def _national_view(ctx: _Context, scorecard: Mapping[str, Any], completeness: Mapping[str, Any]) -> dict[str, Any]:
    totals = {
        m: sum(_int(r.get(m)) for r in ctx.province_totals.values())
        if ctx.province_totals
        else sum(_int(r.get(m)) for r in ctx.national.values())
        for m in ("count", "participants")
    }
    comparisons: dict[str, Comparison | None] = {}
    for m in ("count", "participants"):
        previous_column = f"{m}_previous"
        rows = list(ctx.province_totals.values()) or list(ctx.national.values())
        has_previous = ctx.comparison_label is not None and any(previous_column in r for r in rows)
        previous = sum(_int(r.get(previous_column)) for r in rows) if has_previous else None
        comparisons[m] = _comparison(totals[m], previous, ctx.comparison_label)

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
        ctx,
        ctx.national,
        totals,
        comparisons,
        _target_counts(scorecard, [p["code"] for p in ctx.provinces]),
        reporting,
    )

    has_previous = ctx.comparison_label is not None
    series = [ctx.period_label] + ([ctx.comparison_label] if ctx.comparison_label else [])
    rows = []
    for activity in ctx.activity_types:
        record = ctx.national[activity["code"]]
        values = [_int(record.get("count"))]
        if has_previous:
            values.append(_int(record.get("count_previous")))
        comparison = _row_comparison(record, "count", ctx.comparison_label)
        change = comparison_phrase(comparison, unit=activity["unit"]) if comparison is not None else ""
        if has_previous and comparison is None and values[0] > 0:
            change = f"{ctx.comparison_label} chưa có"
        rows.append(_activity_row(activity, values, [format_number(v) for v in values], change))
    note = (
        "Mỗi hình thức có đơn vị tính riêng: độ dài thanh so sánh hai kỳ trong cùng một hình thức."
        if has_previous
        else "Báo cáo không có kỳ so sánh."
    )
    return {
        "code": NATIONAL,
        "name": "Toàn quốc",
        "scope_phrase": ctx.report.metadata.units_phrase,
        "headline": headline,
        "summary": national_paragraph(
            ctx.report.facts, period_label=ctx.period_label, units_phrase=ctx.report.metadata.units_phrase
        ),
        "activity": {"series": series, "note": note, "rows": rows},
        "monthly": None,
        "monthly_note": "",
    }


def _province_view(
    ctx: _Context, province: Mapping[str, str], scorecard: Mapping[str, Any], completeness: Mapping[str, Any]
) -> dict[str, Any]:
    code, name = province["code"], province["name"]
    record = ctx.province_totals.get(code, {})
    totals = {m: _int(record.get(m)) for m in ("count", "participants")}
    comparisons = {m: _row_comparison(record, m, ctx.comparison_label) for m in ("count", "participants")}
    status = next(row for row in completeness["rows"] if row["province"] == code)
    reporting = {
        "label": "Tình hình báo cáo",
        "targets_label": "Chỉ tiêu đạt hoặc vượt",
        "value": status["rows"],
        "value_text": status["status_text"],
        "detail": f"{status['rows_text']} dòng số liệu {ctx.period_label}",
    }
    type_rows = {a["code"]: ctx.by_province.get((code, a["code"]), {}) for a in ctx.activity_types}
    headline = _headline(ctx, type_rows, totals, comparisons, _target_counts(scorecard, [code]), reporting)

    if ctx.comparison_label is not None:
        series = [ctx.period_label, ctx.comparison_label]
        rows = []
        for activity in ctx.activity_types:
            row = type_rows[activity["code"]]
            values = [_int(row.get("count")), _int(row.get("count_previous"))]
            comparison = _row_comparison(row, "count", ctx.comparison_label) if row else None
            change = comparison_phrase(comparison, unit=activity["unit"]) if comparison is not None else ""
            if comparison is None and values[0] > 0:
                change = f"{ctx.comparison_label} chưa có"
            rows.append(_activity_row(activity, values, [format_number(v) for v in values], change))
        note = f"{name}: mỗi hình thức có đơn vị tính riêng; độ dài thanh so sánh hai kỳ trong cùng một hình thức."
    else:
        average_label = f"Bình quân một tỉnh – {ctx.period_label}"
        series = [f"{name} – {ctx.period_label}", average_label]
        rows = []
        for activity in ctx.activity_types:
            value = ctx.province_value(code, activity["code"])
            average = round(_int(ctx.national[activity["code"]].get("count")) / ctx.units_total, 2)
            texts = [format_number(value), format_number(average, 1)]
            rows.append(_activity_row(activity, [value, average], texts, ""))
        note = (
            f"Báo cáo không có kỳ so sánh, nên biểu đồ so sánh {name} với bình quân một tỉnh (toàn quốc chia "
            f"cho {format_number(ctx.units_total)} tỉnh) trong {ctx.period_label}. Mỗi hình thức có đơn vị tính riêng."
        )
    return {
        "code": code,
        "name": name,
        "scope_phrase": f"BHXH {name}",
        "headline": headline,
        "summary": _province_paragraph(ctx, code, name, headline),
        "activity": {"series": series, "note": note, "rows": rows},
        "monthly": _province_monthly(ctx, code, _measures(ctx)),
        "monthly_note": (
            ""
            if ctx.monthly_by_province is not None
            else f"Báo cáo chỉ có số liệu theo tháng của toàn quốc; biểu đồ này không tách riêng {name}."
        ),
    }


def _province_paragraph(ctx: _Context, code: str, name: str, headline: Sequence[Mapping[str, Any]]) -> str:
    """The national sentence for one province, phrased by the core from the province's figures."""
    clauses = []

    def province_fact(national: Fact, measure: str, row: Mapping[str, Any]) -> Fact:
        """The national fact's wording with the province's exact figure and comparison."""
        return attrs.evolve(
            national,
            value=float(_int(row.get(measure))),
            approximate=False,
            scope=code,
            comparison=_row_comparison(row, measure, ctx.comparison_label) if row else None,
        )

    for activity in ctx.activity_types:
        row = ctx.by_province.get((code, activity["code"]), {})
        national_fact = ctx.facts.get(f"{activity['code']}.count")
        if _int(row.get("count")) <= 0 or national_fact is None:
            continue
        participants_fact = ctx.facts.get(f"{activity['code']}.participants")
        participants = None
        if participants_fact is not None and _int(row.get("participants")) > 0:
            participants = province_fact(participants_fact, "participants", row)
        clauses.append(activity_clause(province_fact(national_fact, "count", row), participants))
    if not clauses:
        return f"Trong {ctx.period_label}, BHXH {name} chưa báo cáo hoạt động truyền thông nào."
    text = f"Kết quả, trong {ctx.period_label}, BHXH {name} đã triển khai thực hiện được {'; '.join(clauses)}."
    participants_card = headline[0]
    if participants_card["change_text"]:
        text += f" Tổng số lượt người tham dự, được truyền thông {participants_card['change_text']}."
    return text


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
