"""Sheets "Chỉ tiêu" (province × target, coloured outcomes, the share of provinces meeting
each target, a legend) and "Chi tiết chỉ tiêu" (every row of the scorecard, one per partner
for targets counted per partner).

"Chỉ tiêu" lays out the Report's ``target_results``: one outcome per province and target, a
province's partner rows already folded by the core, whose ``value_text`` ("2/6 hội, đoàn
thể") stands in the cell where there is no single value. Where the core's value alone
decides the outcome (one row per province, ``value_decides``), the outcome cell is a formula
on the value, so that an edited value is judged and coloured again.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from xlsxwriter.utility import xl_rowcol_to_cell

from bhxh_comms.plugin import Outcome
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
PROVINCE = "Tỉnh, thành phố"
MET_ROW = "Số tỉnh đạt"
SHARE_ROW = "Tỷ lệ tỉnh đạt"
OUTCOME_HEADER = "Đánh giá"
NUMBER_FORMATS = {"count": "int", "share": "percent"}


@dataclass(frozen=True)
class Target:
    code: str
    label: str
    value_kind: str
    folded: bool
    """Whether a province has several rows (partners): the cell shows the core's value text."""
    outcome_formula: str = ""
    """The core's outcome rule as a formula on ``{cell}`` ("" where the value alone does not decide)."""
    share_formula: str = ""
    met_formula: str = ""


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


def _targets(summary: Sequence[Mapping[str, Any]], results: Sequence[Mapping[str, Any]]) -> list[Target]:
    folded = {text(r.get("target")) for r in results if int(num(r.get("rows")) or 1) > 1}
    return [
        Target(
            code=text(row.get("target")),
            label=text(row.get("target_label")) or text(row.get("target")),
            value_kind=text(row.get("value_kind")) or "share",
            folded=text(row.get("target")) in folded,
            outcome_formula=text(row.get("outcome_formula")),
            share_formula=text(row.get("share_formula")),
            met_formula=text(row.get("met_formula")),
        )
        for row in summary
    ]


def write(ctx: Context) -> None:
    results_frame, summary_frame = ctx.table("target_results"), ctx.table("target_summary")
    if results_frame is None or summary_frame is None or not len(results_frame):
        return
    results = records(results_frame)
    scorecard_frame = ctx.table("scorecard")
    scorecard = records(scorecard_frame) if scorecard_frame is not None else []
    targets = _targets(records(summary_frame), results)
    provinces: dict[str, str] = {}
    by_cell: dict[tuple[str, str], Mapping[str, Any]] = {}
    for record in results:
        province = text(record.get("province"))
        provinces.setdefault(province, text(record.get("province_name")) or province)
        by_cell[(text(record.get("target")), province)] = record
    styles = ctx.styles
    province_width = fit_width([PROVINCE, *provinces.values()], minimum=14, maximum=30)
    target_groups = [
        Group(t.label, (Column("Kết quả", 12 if t.folded else 10), Column(OUTCOME_HEADER, 11))) for t in targets
    ]
    groups = [Group(None, (Column("STT", 5),)), Group(None, (Column(PROVINCE, province_width),)), *target_groups]
    sheet, table, first = ctx.open_table(
        SHEET, groups, ctx.sheet_title("Kết quả thực hiện chỉ tiêu theo tỉnh, thành phố")
    )
    row = first
    centre = styles.centre()
    for number, (province, name) in enumerate(provinces.items(), start=1):
        sheet.write_number(row, 0, number, centre)
        put_text(sheet, row, 1, name, styles.text(wrap=False))
        lines = 1
        for index, target in enumerate(targets):
            col = 2 + 2 * index
            result = by_cell.get((target.code, province))
            if result is None:
                put_text(sheet, row, col, "-", centre)
                put_text(sheet, row, col + 1, "-", centre)
                continue
            value = num(result.get("value"))
            outcome = text(result.get("outcome_vi"))
            if target.folded or value is None:
                put_text(sheet, row, col, text(result.get("value_text")) or "-", centre)
            else:
                put_number(sheet, row, col, value, styles.number(NUMBER_FORMATS[target.value_kind]), centre)
            if target.outcome_formula and value is not None:
                formula = target.outcome_formula.replace("{cell}", xl_rowcol_to_cell(row, col))
                sheet.write_formula(row, col + 1, formula, centre, outcome)
            else:
                put_text(sheet, row, col + 1, outcome, centre)
            reason = text(result.get("reason"))
            if reason:
                sheet.write_comment(row, col + 1, reason, {"x_scale": 2.5, "y_scale": 1.2})
            lines = max(lines, line_count(outcome, 11))
        if lines > 1:
            sheet.set_row(row, row_height(lines, styles.font_size))
        row += 1
    last = row - 1
    sheet.autofilter(table.header_last, 0, last, table.last_col)
    add_outcome_rules(ctx, sheet, first, 2, last, table.last_col)
    row = _share_rows(ctx, sheet, row, targets, first, last)
    notes = sorted({text(r.get("note")) for r in records(summary_frame)} - {""})
    row = _legend(ctx, sheet, row + 1, table, notes)
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
    lines = 1
    for index, target in enumerate(targets):
        col = 2 + 2 * index
        record = by_target.get(target.code, {})
        phrase = text(record.get("phrase")) or "-"
        outcomes = f"{xl_rowcol_to_cell(first, col + 1)}:{xl_rowcol_to_cell(last, col + 1)}"
        if target.met_formula:  # "31/34 tỉnh đạt" recounted from the outcome cells above
            sheet.merge_range(row, col, row, col + 1, "", total_centre)
            sheet.write_formula(row, col, target.met_formula.replace("{range}", outcomes), total_centre, phrase)
        else:
            merge_text(sheet, row, col, row, col + 1, phrase, total_centre)
        lines = max(lines, line_count(phrase, 21))
        share = num(record.get("share_met"))
        share_format = styles.number("percent", total=True, centred=True)
        if target.share_formula and share is not None:
            sheet.merge_range(row + 1, col, row + 1, col + 1, "", share_format)
            sheet.write_formula(row + 1, col, target.share_formula.replace("{range}", outcomes), share_format, share)
        else:
            merge_number(sheet, row + 1, col, col + 1, share, share_format, total_centre)
    if lines > 1:
        sheet.set_row(row, row_height(lines, styles.font_size))
    return row + 2


def _legend(ctx: Context, sheet: Worksheet, row: int, table: Table, notes: Sequence[str]) -> int:
    styles = ctx.styles
    put_text(sheet, row, 1, "Chú giải:", styles.plain_bold)
    row += 1
    first = row
    explanation_last = min(table.last_col, 2 + 8)
    width = table.width(3, explanation_last) if explanation_last >= 3 else 40
    for label, meaning in ((o.label_vi, o.meaning_vi) for o in Outcome):
        merge_text(sheet, row, 1, row, 2, label, styles.centre())
        if explanation_last >= 3:
            merge_text(sheet, row, 3, row, explanation_last, meaning, styles.text())
        else:
            put_text(sheet, row, 3, meaning, styles.text())
        sheet.set_row(row, row_height(line_count(meaning, width), styles.font_size))
        row += 1
    add_outcome_rules(ctx, sheet, first, 1, row - 1, 2)
    for note in notes:
        merge_text(sheet, row, 1, row, explanation_last, note, styles.note)
        sheet.set_row(row, row_height(line_count(note, table.width(1, explanation_last)), styles.font_size))
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
    sheet, table, first = ctx.open_table(DETAIL_SHEET, groups, ctx.sheet_title("Chi tiết kết quả thực hiện chỉ tiêu"))
    row = first
    centre, wrapped = styles.centre(), styles.text()
    int_fmt = styles.number("int")
    for number, (record, partner) in enumerate(zip(rows, partner_names, strict=True), start=1):
        fmt = styles.number(NUMBER_FORMATS.get(text(record.get("value_kind")), "percent"))
        label, reason = text(record.get("target_label")), text(record.get("reason"))
        outcome = text(record.get("outcome_vi"))
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
