"""Sheets "Đối tượng", "Nội dung" and "Phối hợp": results by subject group, theme and
partner, with the comparison columns when the report has a comparison period.

They have no total row: a row of the log may carry no subject group, theme or partner, so
a column's sum is not the national figure (that is on "Tổng hợp")."""

from __future__ import annotations

from bhxh_comms_excel.context import Context
from bhxh_comms_excel.layout import Column, Group, fit_width, line_count, print_setup, put_text, row_height
from bhxh_comms_excel.sheets.common import comparison_group, write_comparison
from bhxh_comms_excel.values import records, text

# table, key column, sheet name, header of the label column, title
BREAKDOWNS = (
    ("by_subject_group", "subject_group", "Đối tượng", "Nhóm đối tượng", "Kết quả truyền thông theo nhóm đối tượng"),
    ("by_theme", "theme", "Nội dung", "Nội dung tuyên truyền", "Kết quả truyền thông theo nội dung tuyên truyền"),
    ("by_partner", "partner", "Phối hợp", "Cơ quan, tổ chức phối hợp", "Kết quả phối hợp với các cơ quan, tổ chức"),
)


def write(ctx: Context) -> None:
    for table_name, key, sheet_name, label_header, title in BREAKDOWNS:
        frame = ctx.table(table_name)
        if frame is None:
            continue
        rows = records(frame)
        labels = [text(r.get("label")) or text(r.get(key)) for r in rows]
        label_width = fit_width([label_header, *labels], minimum=24, maximum=50)
        groups = [
            Group(None, (Column("STT", 5),)),
            Group(None, (Column(label_header, label_width),)),
            comparison_group(ctx, "Số hoạt động", rows, "count"),
            comparison_group(ctx, "Số lượt người tham dự", rows, "participants"),
        ]
        sheet, table, first = ctx.open_table(sheet_name, groups, ctx.sheet_title(title))
        row = first
        for number, (record, label) in enumerate(zip(rows, labels, strict=True), start=1):
            sheet.write_number(row, 0, number, ctx.styles.centre())
            put_text(sheet, row, 1, label, ctx.styles.text())
            col, _ = write_comparison(ctx, sheet, row, 2, record, "count")
            write_comparison(ctx, sheet, row, col, record, "participants")
            lines = line_count(label, label_width)
            if lines > 1:
                sheet.set_row(row, row_height(lines, ctx.styles.font_size))
            row += 1
        if rows:
            sheet.autofilter(table.header_last, 0, row - 1, table.last_col)
        print_setup(sheet, header_rows=(table.header_first, table.header_last), freeze=(first, 2))
