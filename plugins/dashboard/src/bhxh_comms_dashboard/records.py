"""The Report's statements and tables as the dashboard reads them: plain values out of table
cells, the report indexed once (:class:`Context`), axis ticks and label lines."""

from __future__ import annotations

import math
import textwrap
from typing import Any

import pandas as pd

from bhxh_comms.plugin import (
    ActivityLine,
    Period,
    ProvinceStatement,
    Report,
    format_date,
    is_missing,
    table_records,
)


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def as_number(value: Any) -> float | None:
    """A finite float, or None for missing values (the core's rule: None, NaN, NA, non-numbers)."""
    return None if is_missing(value) else float(value)


def as_int(value: Any) -> int:
    number = as_number(value)
    return 0 if number is None else round(number)


def as_text(value: Any) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)


def table_rows(report: Report, name: str) -> list[dict[str, Any]]:
    frame = report.tables.get(name)
    return [] if frame is None else table_records(frame)


def period_record(period: Period | None) -> dict[str, str] | None:
    if period is None:
        return None
    return {"start": period.start.isoformat(), "end": period.end.isoformat(), "label": period.label}


def nice_ticks(top: float, count: int = 5) -> list[int]:
    """Round axis ticks from 0 to at least ``top`` (steps of 1, 2 or 5 × 10^k, at least 1)."""
    if top <= 0:
        return [0, 1]
    raw = top / count
    magnitude = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
    step = next((m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw), 10 * magnitude)
    step = max(1, int(step))
    last = math.ceil(top / step) * step
    return list(range(0, last + 1, step))


def label_lines(label: str, unit: str, width: int = 44) -> list[str]:
    """An axis label with its unit in brackets, on lines of at most ``width`` characters, the
    lines balanced so that no line is left with a lone syllable."""
    text = f"{label} ({unit})" if unit else label
    count = len(textwrap.wrap(text, width)) or 1
    for narrower in range(math.ceil(len(text) / count), width + 1):
        lines = textwrap.wrap(text, narrower)
        if len(lines) <= count:
            return lines
    return textwrap.wrap(text, width) or [""]


def months_of(period: Period) -> list[tuple[int, int]]:
    """(year, month) of every month the period touches, in order."""
    months = []
    year, month = period.start.year, period.start.month
    while (year, month) <= (period.end.year, period.end.month):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def metadata_record(report: Report) -> dict[str, Any]:
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
        "period": period_record(meta.period),
        "comparison_period": period_record(comparison),
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


class Context:
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
                "lines": label_lines(line.label, line.unit),
                "lines_narrow": label_lines(line.label, line.unit, 24),
            }
            for line in said.activities
        ]
        self.statements: dict[str, ProvinceStatement] = dict(said.provinces)
        self.provinces = [{"code": code, "name": p.name} for code, p in said.provinces.items()]
        self.names = {code: p.name for code, p in said.provinces.items()}
        self.province_totals = {str(r["province"]): r for r in table_rows(report, "province_totals")}
        self.completeness = {str(r["province"]): r for r in table_rows(report, "completeness")}
        self.monthly_by_province = self._per_province(report, "monthly_by_province")
        self.monthly_by_province_previous = self._per_province(report, "monthly_by_province_previous") or {}
        self.units_total = meta.units_total or len(self.provinces) or 1
        self.communes = (
            {code: as_int(row.get("communes")) for code, row in self.province_totals.items()}
            if any("communes" in row for row in self.province_totals.values())
            else None
        )
        self.by_commune = self._per_province(report, "by_commune") or {}
        self.commune_totals = {str(r["province"]): as_int(r.get("communes")) for r in table_rows(report, "units")}

    def monthly_periods(self, n: int) -> list[Period]:
        meta = self.report.metadata
        periods = [meta.period] + ([meta.comparison_period] if meta.comparison_period is not None else [])
        return periods[:n]

    @staticmethod
    def _per_province(report: Report, name: str) -> dict[str, list[dict[str, Any]]] | None:
        if name not in report.tables:
            return None
        grouped: dict[str, list[dict[str, Any]]] = {}
        for record in table_rows(report, name):
            grouped.setdefault(str(record["province"]), []).append(record)
        return grouped

    def province_lines(self, province: str) -> dict[str, ActivityLine]:
        statement = self.statements.get(province)
        return {} if statement is None else {line.activity_type: line for line in statement.activities}

    def province_value(self, province: str, activity_type: str) -> int:
        line = self.province_lines(province).get(activity_type)
        return 0 if line is None else line.count
