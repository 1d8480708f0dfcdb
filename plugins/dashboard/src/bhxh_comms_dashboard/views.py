"""The national view and a view per province: headline cards, the results paragraph (the
core's), the activity chart's rows and the province's monthly series."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from bhxh_comms.plugin import (
    ActivityChanges,
    ActivityLine,
    Fact,
    ProvinceStatement,
    comparison_phrase,
    format_number,
)
from bhxh_comms_dashboard.constants import NATIONAL
from bhxh_comms_dashboard.panels import commune_panel, measure_list, province_monthly
from bhxh_comms_dashboard.records import Context


def fact_card(
    card_id: str, label: str, fact: Fact | None, *, detail: str = "", value_text: str | None = None
) -> dict[str, Any]:
    """A headline card of a fact (the attendances), with its comparison where the core states
    one; ``value_text`` where the core gives the figure as text ("-": not reported)."""
    comparison = fact.comparison if fact is not None else None
    value = fact.value if fact is not None else 0
    return {
        "id": card_id,
        "label": label,
        "value": value,
        "value_text": value_text if value_text is not None else format_number(value),
        "unit": fact.unit if fact is not None else "",
        "previous_text": (
            f"{comparison.period_label}: {format_number(comparison.previous)}" if comparison is not None else ""
        ),
        "change_text": comparison_phrase(comparison, unit=fact.unit) if comparison is not None and fact else "",
        "direction": comparison.direction if comparison is not None else None,
        "detail": detail,
    }


def types_card(changes: ActivityChanges) -> dict[str, Any]:
    """Activity types are counted in different units (cuộc, lượt, tin bài…), so their counts are
    never added up: the card says how many types were carried out, and how many rose or fell."""
    return {
        "id": "activity_types",
        "label": "Hình thức truyền thông đã triển khai",
        "value": changes.active,
        "value_text": changes.active_text,
        "unit": "hình thức" if changes.active_text != "-" else "",
        "previous_text": changes.active_previous_text,
        "change_text": changes.text,
        "direction": changes.direction or None,
        "detail": changes.detail,
    }


def target_counts(statements: Sequence[ProvinceStatement]) -> dict[str, int]:
    return {
        "met": sum(p.targets_met for p in statements),
        "evaluated": sum(p.targets_evaluated for p in statements),
        "unmet": sum(p.targets_below for p in statements),
        "unevaluable": sum(p.targets_not_evaluable for p in statements),
        "unreported": sum(p.targets_not_reported for p in statements),
    }


def headline_cards(
    changes: ActivityChanges,
    participants: Fact | None,
    targets: Mapping[str, int],
    reporting: Mapping[str, Any],
    participants_text: str | None = None,
) -> list[dict[str, Any]]:
    detail = (
        f"chưa đạt: {format_number(targets['unmet'])} · không đánh giá được: {format_number(targets['unevaluable'])}"
    )
    if targets["unreported"]:
        detail += f" · chưa báo cáo: {format_number(targets['unreported'])}"
    return [
        fact_card("participants", "Lượt người tham dự, được truyền thông", participants, value_text=participants_text),
        types_card(changes),
        {
            "id": "targets",
            "label": reporting["targets_label"],
            "value": targets["met"],
            # as the core's ProvinceStatement.targets_met_text: "-" when none was evaluated
            "value_text": (
                f"{format_number(targets['met'])}/{format_number(targets['evaluated'])}"
                if targets["evaluated"]
                else "-"
            ),
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


def activity_row(
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


def chart_rows(ctx: Context, lines: Mapping[str, ActivityLine]) -> list[dict[str, Any]]:
    """Bars of this period and the comparison period for each activity type."""
    rows = []
    for activity in ctx.activity_types:
        line = lines.get(activity["code"])
        values = [line.count if line else 0]
        texts = [line.count_text if line else format_number(0)]  # the core's: "-" where not reported
        if ctx.comparison_label is not None:
            values.append((line.previous or 0) if line else 0)
            texts.append((line.previous_text or format_number(values[-1])) if line else format_number(0))
        rows.append(activity_row(activity, values, texts, line.change_text if line else ""))
    return rows


def national_view(ctx: Context, scorecard: Mapping[str, Any], completeness: Mapping[str, Any]) -> dict[str, Any]:
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
    headline = headline_cards(
        said.activity_changes, said.participants, target_counts(list(ctx.statements.values())), reporting
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
        "activity": {"series": series, "note": note, "rows": chart_rows(ctx, ctx.lines)},
        "monthly": None,
        "monthly_note": "",
        "communes": None,
    }


def province_view(
    ctx: Context, province: Mapping[str, str], scorecard: Mapping[str, Any], completeness: Mapping[str, Any]
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
    headline = headline_cards(
        statement.activity_changes,
        statement.participants,
        target_counts([statement]),
        reporting,
        participants_text=statement.participants_text if statement.participants is None else None,
    )
    if ctx.comparison_label is not None:
        series = [ctx.period_label, ctx.comparison_label]
        rows = chart_rows(ctx, lines)
        note = f"{name}: mỗi hình thức có đơn vị tính riêng; độ dài thanh so sánh hai kỳ trong cùng một hình thức."
    else:
        average_label = f"Bình quân một tỉnh đã báo cáo – {ctx.period_label}"
        series = [f"{name} – {ctx.period_label}", average_label]
        rows = []
        for activity in ctx.activity_types:
            value = ctx.province_value(code, activity["code"])
            own = lines.get(activity["code"])
            national = ctx.lines[activity["code"]]
            average = national.average or 0.0
            text = own.count_text if own is not None else format_number(value)  # "-" where not reported
            rows.append(activity_row(activity, [value, average], [text, national.average_text], ""))
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
        "monthly": province_monthly(ctx, code, measure_list(ctx)),
        "monthly_note": (
            ""
            if ctx.monthly_by_province is not None
            else f"Báo cáo chỉ có số liệu theo tháng của toàn quốc; biểu đồ này không tách riêng {name}."
        ),
        "communes": commune_panel(ctx, code),
    }
