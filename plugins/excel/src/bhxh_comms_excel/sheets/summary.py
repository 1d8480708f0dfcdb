"""Sheet "Tổng hợp": the national results by activity type with the total attendances, the
national paragraphs, the reporting status and the notes readers must see, on one A4 landscape
page. (Targets are on "Chỉ tiêu".) Every sentence is the Report's (``report.statements``)."""

from __future__ import annotations

from bhxh_comms.plugin import format_date
from bhxh_comms_excel.context import Context
from bhxh_comms_excel.layout import (
    Column,
    Group,
    cell,
    line_count,
    merge_text,
    print_setup,
    put_text,
    row_height,
)
from bhxh_comms_excel.sheets.common import comparison_group, write_comparison, write_total_row
from bhxh_comms_excel.styles import Worksheet
from bhxh_comms_excel.values import num, records, text

SHEET = "Tổng hợp"
TOTAL_PARTICIPANTS = "Tổng số lượt người tham dự"
LABEL_WIDTH = 56.0


def write(ctx: Context) -> None:
    styles = ctx.styles
    meta = ctx.metadata
    national = ctx.table("national")
    rows = records(national) if national is not None else []
    groups = [
        Group(None, (Column("STT", 5),)),
        Group(None, (Column("Hình thức thông tin, truyền thông", LABEL_WIDTH),)),
        Group(None, (Column("Đơn vị tính", 10),)),
        comparison_group(ctx, "Số lượng", rows, "count"),
        comparison_group(ctx, "Số lượt người tham dự", rows, "participants"),
    ]
    sheet, table, row = ctx.open_table(SHEET, groups, meta.title, ctx.units_line(), header=False)
    total_width = table.width(0, table.last_col)

    put_text(sheet, row, 0, "I. KẾT QUẢ THỰC HIỆN CÁC HÌNH THỨC THÔNG TIN, TRUYỀN THÔNG", styles.section)
    row += 1
    first = table.write_header(row)
    row = first
    participants_col = 3 + len(groups[3].columns)
    sums: dict[int, list[float | None]] = {}
    types = {t.code: t for t in ctx.activity_types}
    for number, record in enumerate(rows, start=1):
        activity = types.get(text(record.get("activity_type")))
        label = text(record.get("label"))
        sheet.write_number(row, 0, number, styles.centre())
        put_text(sheet, row, 1, label, styles.text())
        put_text(sheet, row, 2, text(record.get("unit")), styles.centre())
        col, _ = write_comparison(ctx, sheet, row, 3, record, "count")
        applicable = activity.has_participants if activity is not None else True
        _, written = write_comparison(ctx, sheet, row, col, record, "participants", applicable=applicable)
        for offset, value in enumerate(written[:2] if ctx.compared else written):
            sums.setdefault(participants_col + offset, []).append(value)
        sheet.set_row(row, row_height(line_count(label, LABEL_WIDTH), styles.font_size))
        row += 1
    last = row - 1
    if rows:
        sheet.autofilter(table.header_last, 0, last, table.last_col)
        _total_participants(ctx, sheet, row, participants_col, sums, first, last)
        row += 1
    print_setup(sheet, header_rows=(table.header_first, table.header_last), freeze=(first, 0), pages_tall=1)

    row += 1
    said = ctx.report.statements
    paragraphs = [*said.national, *([said.reporting] if said.not_reported else [])]
    for paragraph in paragraphs:
        merge_text(sheet, row, 0, row, table.last_col, paragraph, styles.paragraph)
        sheet.set_row(row, row_height(line_count(paragraph, total_width), styles.font_size))
        row += 1
    if said.notes:
        row += 1
        put_text(sheet, row, 0, "Ghi chú về số liệu:", styles.section)
        row += 1
        for note in said.notes:
            line = f"- {note}"
            merge_text(sheet, row, 0, row, table.last_col, line, styles.note)
            sheet.set_row(row, row_height(line_count(line, total_width), styles.font_size))
            row += 1
    row += 1
    generated = ctx.local_generated_at()
    footer = (
        f"Số liệu tổng hợp {format_date(generated.date(), pad=True)}. Kết quả theo tỉnh, thực hiện chỉ tiêu, theo "
        "nhóm đối tượng, nội dung, cơ quan phối hợp và theo tháng ở các trang sau; ghi chú về số liệu ở trang "
        "“Ghi chú”."
    )
    merge_text(sheet, row, 0, row, table.last_col, footer, styles.note)
    sheet.set_row(row, row_height(line_count(footer, total_width), styles.font_size))


def _total_participants(
    ctx: Context,
    sheet: Worksheet,
    row: int,
    col: int,
    sums: dict[int, list[float | None]],
    first: int,
    last: int,
) -> None:
    styles = ctx.styles
    write_total_row(
        ctx, sheet, row, label=TOTAL_PARTICIPANTS, label_cols=(0, col - 1), sums=sums, first_row=first, last_row=last
    )
    if not ctx.compared:
        return
    if not ctx.metadata.comparison_stated:
        for offset in (2, 3):
            put_text(sheet, row, col + offset, "-", styles.centre(total=True))
        return
    totals_frame = ctx.table("national_totals")
    totals = records(totals_frame) if totals_frame is not None else [{}]
    now, before = cell(row, col), cell(row, col + 1)
    change, ratio = num(totals[0].get("participants_change")), num(totals[0].get("participants_ratio"))
    sheet.write_formula(row, col + 2, f"={now}-{before}", styles.number("change", total=True), change or 0)
    sheet.write_formula(
        row,
        col + 3,
        f'=IF({before}=0,"-",{now}/{before})',
        styles.number("ratio", total=True),
        "-" if ratio is None else ratio,
    )
