"""Sheets "Chỉ tiêu" (province × target, coloured outcomes, the share of provinces meeting
each target, a legend) and "Chi tiết chỉ tiêu" (every row of the scorecard, one per partner
for targets counted per partner).

On "Chỉ tiêu" a target counted per partner (``per_partner``: 1–3 conferences with each of
six unions) shows, for each province, how many partners meet it ("2/6") and one outcome:
"đạt" when every partner meets it (the rule of ``target_summary``), "vượt" when every
partner is above the range, "chưa đạt" when one is below, "không đánh giá được" when none
can be evaluated. The partner rows themselves are on "Chi tiết chỉ tiêu".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from xlsxwriter.utility import xl_rowcol_to_cell

from bhxh_comms.models.targets import Outcome
from bhxh_comms.phrasing import format_number
from bhxh_comms_excel.context import Context
from bhxh_comms_excel.layout import (
    Column,
    Group,
    Table,
    fit_width,
    line_count,
    merge_number,
    merge_text,
    pages_tall,
    print_setup,
    put_number,
    put_text,
    row_height,
)
from bhxh_comms_excel.styles import OUTCOME_COLOURS, Worksheet
from bhxh_comms_excel.values import num, records, text

SHEET = "Chỉ tiêu"
DETAIL_SHEET = "Chi tiết chỉ tiêu"
COUNT_KINDS = frozenset({"count_range", "per_partner"})
"""Kinds whose value is a count; the value of every other kind is a fraction (docs/report.md)."""
PROVINCE = "Tỉnh, thành phố"
MET_ROW = "Số tỉnh đạt"
SHARE_ROW = "Tỷ lệ tỉnh đạt"
OUTCOME_HEADER = "Đánh giá"
LEGEND = {
    Outcome.BELOW.label_vi: "thấp hơn mức tối thiểu của chỉ tiêu",
    Outcome.WITHIN.label_vi: "trong khoảng chỉ tiêu (từ mức tối thiểu đến mức tối đa)",
    Outcome.ABOVE.label_vi: "cao hơn mức tối đa của chỉ tiêu",
    Outcome.NOT_EVALUABLE.label_vi: (
        "thiếu mẫu số (số xã, phường; lực lượng lao động; số cán bộ…) hoặc báo cáo không ghi mã xã, "
        "phường; lý do ghi trong chú thích của ô"
    ),
}
PARTNER_NOTE = (
    "Chỉ tiêu tính theo từng hội, đoàn thể: cột kết quả ghi số hội, đoàn thể đạt/tổng số; tỉnh đạt khi tất cả "
    "hội, đoàn thể đều đạt; kết quả từng hội, đoàn thể ở trang “Chi tiết chỉ tiêu”."
)


@dataclass(frozen=True)
class Target:
    code: str
    label: str
    kind: str
    minimum: float | None = None
    maximum: float | None = None
    formula: bool = False
    """Whether the outcome is a formula on the value next to it (see :func:`_formula_targets`)."""


@dataclass(frozen=True)
class Result:
    """What the wide sheet shows for one province and target."""

    value: float | None
    shown: str | None  # text instead of a number (per-partner targets)
    outcome: str
    reason: str


def value_kind(kind: str) -> str:
    return "int" if kind in COUNT_KINDS else "percent"


def add_outcome_rules(
    ctx: Context, sheet: Worksheet, first_row: int, first_col: int, last_row: int, last_col: int
) -> None:
    """Colour outcome texts by conditional formatting over the range (so a corrected cell is
    recoloured). Number cells in the range never equal these texts."""
    for label, (font, fill) in OUTCOME_COLOURS.items():
        sheet.conditional_format(
            first_row,
            first_col,
            last_row,
            last_col,
            {"type": "cell", "criteria": "==", "value": _quoted(label), "format": ctx.styles.coloured(font, fill)},
        )


def _quoted(label: str) -> str:
    return '"' + label.replace('"', '""') + '"'


def _targets(ctx: Context, scorecard: Sequence[Mapping[str, Any]]) -> list[Target]:
    found: dict[str, Target] = {}
    for record in scorecard:
        code = text(record.get("target"))
        if code not in found:
            found[code] = Target(code, text(record.get("target_label")) or code, text(record.get("kind")))
    summary = ctx.table("target_summary")
    if summary is not None and "target" in summary:
        order = [text(c) for c in summary["target"]]
        return [found[c] for c in order if c in found] + [t for c, t in found.items() if c not in order]
    return list(found.values())


def _classify(value: float, minimum: float | None, maximum: float | None) -> str:
    if minimum is not None and value < minimum:
        return Outcome.BELOW.label_vi
    if maximum is not None and value > maximum:
        return Outcome.ABOVE.label_vi
    return Outcome.WITHIN.label_vi


def _formula_targets(targets: Sequence[Target], scorecard: Sequence[Mapping[str, Any]]) -> list[Target]:
    """Targets whose outcome follows from the value and the bounds alone get a formula, so the
    outcome (and its colour) follows when a user edits a value. Where some outcome depends on
    more than the value (a sub-condition such as "of which 25% on voluntary BHXH", or one row
    per partner), the computed outcome stays as text."""
    rows: dict[str, list[Mapping[str, Any]]] = {}
    for record in scorecard:
        rows.setdefault(text(record.get("target")), []).append(record)
    out = []
    for target in targets:
        records_ = rows.get(target.code, [])
        provinces = [text(r.get("province")) for r in records_]
        bounds = {(num(r.get("minimum")), num(r.get("maximum"))) for r in records_}
        formula = (
            target.kind != "per_partner"
            and len(set(provinces)) == len(provinces)
            and len(bounds) == 1
            and all(bool(r.get("value_decides", True)) for r in records_)
        )
        minimum, maximum = next(iter(bounds)) if len(bounds) == 1 else (None, None)
        if formula:
            for record in records_:
                value = num(record.get("value"))
                if value is None:
                    continue  # not evaluable: text, whatever the rule
                shown = text(record.get("outcome_vi")) or _label(text(record.get("outcome")))
                if _classify(value, minimum, maximum) != shown:
                    formula = False
                    break
        out.append(Target(target.code, target.label, target.kind, minimum, maximum, formula and bool(records_)))
    return out


def _outcome_formula(cell: str, minimum: float | None, maximum: float | None) -> str:
    """``=IF(C8<10,"chưa đạt",IF(C8>12,"vượt","đạt"))`` (labels from the catalog of outcomes)."""
    result = _quoted(Outcome.WITHIN.label_vi)
    if maximum is not None:
        result = f"IF({cell}>{maximum:.15g},{_quoted(Outcome.ABOVE.label_vi)},{result})"
    if minimum is not None:
        result = f"IF({cell}<{minimum:.15g},{_quoted(Outcome.BELOW.label_vi)},{result})"
    return "=" + result


def _outcome_of_partners(outcomes: Iterable[str]) -> str:
    evaluable = [o for o in outcomes if o != Outcome.NOT_EVALUABLE.value]
    if not evaluable:
        return Outcome.NOT_EVALUABLE.value
    if any(o == Outcome.BELOW.value for o in evaluable):
        return Outcome.BELOW.value
    if all(o == Outcome.ABOVE.value for o in evaluable):
        return Outcome.ABOVE.value
    return Outcome.WITHIN.value


def _results(
    scorecard: Sequence[Mapping[str, Any]], targets: Sequence[Target]
) -> tuple[list[tuple[str, str]], dict[tuple[str, str], Result]]:
    provinces: dict[str, str] = {}
    grouped: dict[tuple[str, str], list[Mapping[str, Any]]] = {}
    for record in scorecard:
        province = text(record.get("province"))
        provinces.setdefault(province, text(record.get("province_name")) or province)
        grouped.setdefault((text(record.get("target")), province), []).append(record)
    kinds = {t.code: t.kind for t in targets}
    results: dict[tuple[str, str], Result] = {}
    for (target, province), rows in grouped.items():
        if kinds.get(target) == "per_partner" or len(rows) > 1:
            outcomes = [text(r.get("outcome")) for r in rows]
            met = sum(o in (Outcome.WITHIN.value, Outcome.ABOVE.value) for o in outcomes)
            outcome = _outcome_of_partners(outcomes)
            shown = f"{format_number(met)}/{format_number(len(rows))}"
            reasons = sorted({text(r.get("reason")) for r in rows} - {""})
            results[(target, province)] = Result(None, shown, Outcome(outcome).label_vi, "; ".join(reasons))
        else:
            row = rows[0]
            outcome_vi = text(row.get("outcome_vi")) or _label(text(row.get("outcome")))
            results[(target, province)] = Result(num(row.get("value")), None, outcome_vi, text(row.get("reason")))
    return list(provinces.items()), results


def _label(outcome: str) -> str:
    try:
        return Outcome(outcome).label_vi
    except ValueError:
        return outcome


def write(ctx: Context) -> None:
    frame = ctx.table("scorecard")
    if frame is None or not len(frame):
        return
    scorecard = records(frame)
    targets = _formula_targets(_targets(ctx, scorecard), scorecard)
    provinces, results = _results(scorecard, targets)
    styles = ctx.styles
    province_width = fit_width([PROVINCE, *(name for _, name in provinces)], minimum=14, maximum=30)
    target_groups = [
        Group(
            t.label,
            (
                Column("Số hội, đoàn thể đạt" if t.kind == "per_partner" else "Kết quả", 10),
                Column(OUTCOME_HEADER, 11),
            ),
        )
        for t in targets
    ]
    groups = [Group(None, (Column("STT", 5),)), Group(None, (Column(PROVINCE, province_width),)), *target_groups]
    sheet = ctx.add_sheet(SHEET)
    table = Table(sheet, styles, groups)
    table.set_widths()
    row = ctx.write_title(sheet, groups, ctx.sheet_title("Kết quả thực hiện chỉ tiêu theo tỉnh, thành phố"))
    first = table.write_header(row)
    row = first
    centre = styles.centre()
    for number, (province, name) in enumerate(provinces, start=1):
        sheet.write_number(row, 0, number, centre)
        put_text(sheet, row, 1, name, styles.text(wrap=False))
        lines = 1
        for index, target in enumerate(targets):
            col = 2 + 2 * index
            result = results.get((target.code, province))
            if result is None:
                put_text(sheet, row, col, "-", centre)
                put_text(sheet, row, col + 1, "-", centre)
                continue
            if result.shown is not None:
                put_text(sheet, row, col, result.shown, centre)
            else:
                put_number(sheet, row, col, result.value, styles.number(value_kind(target.kind)), centre)
            if target.formula and result.value is not None:
                cell = xl_rowcol_to_cell(row, col)
                sheet.write_formula(
                    row, col + 1, _outcome_formula(cell, target.minimum, target.maximum), centre, result.outcome
                )
            else:
                put_text(sheet, row, col + 1, result.outcome, centre)
            if result.reason:
                sheet.write_comment(row, col + 1, result.reason, {"x_scale": 2.5, "y_scale": 1.2})
            lines = max(lines, line_count(result.outcome, 11))
        if lines > 1:
            sheet.set_row(row, row_height(lines, styles.font_size))
        row += 1
    last = row - 1
    sheet.autofilter(table.header_last, 0, last, table.last_col)
    add_outcome_rules(ctx, sheet, first, 2, last, table.last_col)
    row = _share_rows(ctx, sheet, row, targets, first, last)
    row = _legend(ctx, sheet, row + 1, table, any(t.kind == "per_partner" for t in targets))
    print_setup(
        sheet,
        header_rows=(table.header_first, table.header_last),
        freeze=(first, 2),
        pages_tall=pages_tall(len(provinces)),
    )
    write_detail(ctx, scorecard, targets)


def _share_rows(ctx: Context, sheet: Worksheet, row: int, targets: Sequence[Target], first: int, last: int) -> int:
    """ "Số tỉnh đạt" (the phrase of target_summary) and "Tỷ lệ tỉnh đạt" under the table; the
    share is a formula over the outcome column where the outcomes are formulas."""
    summary = ctx.table("target_summary")
    if summary is None:
        return row
    styles = ctx.styles
    by_target = {text(r.get("target")): r for r in records(summary)}
    total_text, total_centre = styles.centre(total=True), styles.centre(total=True)
    merge_text(sheet, row, 0, row, 1, MET_ROW, total_text)
    merge_text(sheet, row + 1, 0, row + 1, 1, SHARE_ROW, total_text)
    for index, target in enumerate(targets):
        col = 2 + 2 * index
        record = by_target.get(target.code, {})
        merge_text(sheet, row, col, row, col + 1, text(record.get("phrase")) or "-", total_centre)
        share = num(record.get("share_met"))
        share_format = styles.number("percent", total=True, centred=True)
        if target.formula and share is not None:
            outcomes = f"{xl_rowcol_to_cell(first, col + 1)}:{xl_rowcol_to_cell(last, col + 1)}"
            met = "+".join(f"COUNTIF({outcomes},{_quoted(o.label_vi)})" for o in (Outcome.WITHIN, Outcome.ABOVE))
            evaluated = met + f"+COUNTIF({outcomes},{_quoted(Outcome.BELOW.label_vi)})"
            sheet.merge_range(row + 1, col, row + 1, col + 1, "", share_format)
            sheet.write_formula(row + 1, col, f'=IFERROR(({met})/({evaluated}),"-")', share_format, share)
        else:
            merge_number(sheet, row + 1, col, col + 1, share, share_format, total_centre)
    return row + 2


def _legend(ctx: Context, sheet: Worksheet, row: int, table: Table, per_partner: bool) -> int:
    styles = ctx.styles
    put_text(sheet, row, 1, "Chú giải:", styles.plain_bold)
    row += 1
    first = row
    explanation_last = min(table.last_col, 2 + 8)
    width = table.width(3, explanation_last) if explanation_last >= 3 else 40
    for label, meaning in LEGEND.items():
        merge_text(sheet, row, 1, row, 2, label, styles.centre())
        if explanation_last >= 3:
            merge_text(sheet, row, 3, row, explanation_last, meaning, styles.text())
        else:
            put_text(sheet, row, 3, meaning, styles.text())
        sheet.set_row(row, row_height(line_count(meaning, width), styles.font_size))
        row += 1
    add_outcome_rules(ctx, sheet, first, 1, row - 1, 2)
    if per_partner:
        merge_text(sheet, row, 1, row, explanation_last, PARTNER_NOTE, styles.note)
        sheet.set_row(row, row_height(line_count(PARTNER_NOTE, table.width(1, explanation_last)), styles.font_size))
        row += 1
    return row


def write_detail(ctx: Context, scorecard: Sequence[Mapping[str, Any]], targets: Sequence[Target]) -> None:
    """Every scorecard row with its numerator, denominator, bounds, outcome and reason."""
    styles = ctx.styles
    order = {t.code: i for i, t in enumerate(targets)}
    rows = sorted(scorecard, key=lambda r: order.get(text(r.get("target")), len(order)))  # stable: provinces stay
    label_width, reason_width = 40.0, 30.0
    partner_names = [ctx.partner_labels.get(text(r.get("partner")), text(r.get("partner"))) for r in rows]
    columns = [
        Column("STT", 6),
        Column("Chỉ tiêu", label_width),
        Column(PROVINCE, fit_width([PROVINCE, *(text(r.get("province_name")) for r in rows)], minimum=14, maximum=30)),
        Column("Hội, đoàn thể", fit_width(["Hội, đoàn thể", *partner_names], minimum=12, maximum=28)),
        Column("Kết quả", 10),
        Column("Tử số", 10),
        Column("Mẫu số", 11),
        Column("Mức tối thiểu", 9),
        Column("Mức tối đa", 9),
        Column(OUTCOME_HEADER, 12),
        Column("Ghi chú", reason_width),
    ]
    groups = [Group(None, (c,)) for c in columns]
    sheet = ctx.add_sheet(DETAIL_SHEET)
    table = Table(sheet, styles, groups)
    table.set_widths()
    row = ctx.write_title(sheet, groups, ctx.sheet_title("Chi tiết kết quả thực hiện chỉ tiêu"))
    first = table.write_header(row)
    row = first
    centre, wrapped = styles.centre(), styles.text()
    int_fmt = styles.number("int")
    for number, (record, partner) in enumerate(zip(rows, partner_names, strict=True), start=1):
        kind = value_kind(text(record.get("kind")))
        fmt = styles.number(kind)
        label, reason = text(record.get("target_label")), text(record.get("reason"))
        outcome = text(record.get("outcome_vi")) or _label(text(record.get("outcome")))
        sheet.write_number(row, 0, number, centre)
        put_text(sheet, row, 1, label, wrapped)
        put_text(sheet, row, 2, text(record.get("province_name")), wrapped)
        put_text(sheet, row, 3, partner, wrapped)
        put_number(sheet, row, 4, num(record.get("value")), fmt, centre)
        put_number(sheet, row, 5, num(record.get("numerator")), int_fmt, centre)
        put_number(sheet, row, 6, num(record.get("denominator")), int_fmt, centre)
        put_number(sheet, row, 7, num(record.get("minimum")), fmt, centre)
        put_number(sheet, row, 8, num(record.get("maximum")), fmt, centre)
        put_text(sheet, row, 9, outcome, centre)
        put_text(sheet, row, 10, reason, wrapped)
        lines = max(line_count(label, label_width), line_count(reason, reason_width), line_count(outcome, 12))
        sheet.set_row(row, row_height(lines, styles.font_size))
        row += 1
    last = row - 1
    sheet.autofilter(table.header_last, 0, last, table.last_col)
    add_outcome_rules(ctx, sheet, first, 9, last, 9)
    print_setup(sheet, header_rows=(table.header_first, table.header_last), freeze=(first, 0))
