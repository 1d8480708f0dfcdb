"""Sheet "Tình hình báo cáo": which provinces reported, late or not at all, with counts by
status (``COUNTIF`` formulas with cached values) and the status coloured by conditional
formatting."""

from __future__ import annotations

import datetime as dt

from bhxh_comms.plugin import REPORTING_STATUS
from bhxh_comms_excel.context import Context
from bhxh_comms_excel.layout import (
    Column,
    Group,
    cell,
    fit_width,
    merge_text,
    pages_tall,
    print_setup,
    put_number,
    put_text,
)
from bhxh_comms_excel.styles import STATUS_COLOURS
from bhxh_comms_excel.values import is_missing, num, records, text

SHEET = "Tình hình báo cáo"
STATUS = "Tình trạng"
SUMMARY = (
    (REPORTING_STATUS["reported"], "Số tỉnh đã báo cáo đúng hạn"),
    (REPORTING_STATUS["late"], "Số tỉnh báo cáo muộn"),
    (REPORTING_STATUS["missing"], "Số tỉnh chưa báo cáo"),
)


def write(ctx: Context) -> None:
    frame = ctx.table("completeness")
    if frame is None:
        return
    rows = records(frame)
    styles = ctx.styles
    has_received = "received" in frame.columns and bool(frame["received"].notna().any())
    names = [text(r.get("name")) or text(r.get("province_name")) for r in rows]
    columns = [
        Column("STT", 5),
        Column("Mã", 8),
        Column("Tỉnh, thành phố", fit_width(["Tỉnh, thành phố", *names], minimum=24, maximum=32)),
        Column(STATUS, 20),
        Column("Số dòng số liệu", 16),
    ]
    if has_received:
        columns.append(Column("Ngày nhận báo cáo", 13))
    groups = [Group(None, (c,)) for c in columns]
    sheet, table, first = ctx.open_table(
        SHEET, groups, ctx.sheet_title("Tình hình gửi báo cáo của các tỉnh, thành phố")
    )
    row = first
    centre = styles.centre()
    for number, (record, name) in enumerate(zip(rows, names, strict=True), start=1):
        sheet.write_number(row, 0, number, centre)
        put_text(sheet, row, 1, text(record.get("province")), centre)
        put_text(sheet, row, 2, name, styles.text(wrap=False))
        put_text(sheet, row, 3, text(record.get("status")), centre)
        put_number(sheet, row, 4, num(record.get("rows")), styles.number("int"), centre)
        if has_received:
            received = record.get("received")
            if isinstance(received, dt.date) and not is_missing(received):  # pandas Timestamps are datetimes
                day = dt.datetime(received.year, received.month, received.day)
                sheet.write_datetime(row, 5, day, styles.number("date"))
            else:
                put_text(sheet, row, 5, "", centre)
        row += 1
    last = row - 1
    if rows:
        sheet.autofilter(table.header_last, 0, last, table.last_col)
    for status, (font, fill) in STATUS_COLOURS.items():
        sheet.conditional_format(
            first,
            3,
            max(first, last),
            3,
            {"type": "cell", "criteria": "==", "value": f'"{status}"', "format": styles.coloured(font, fill)},
        )
    print_setup(
        sheet, header_rows=(table.header_first, table.header_last), freeze=(first, 0), pages_tall=pages_tall(len(rows))
    )

    # Counts by status, as formulas over the status column (cached values for LibreOffice).
    row += 1
    statuses = [text(r.get("status")) for r in rows]
    status_range = f"{cell(first, 3)}:{cell(max(first, last), 3)}"
    for status, label in SUMMARY:
        merge_text(sheet, row, 1, row, 2, label, styles.text(total=True, wrap=False))
        sheet.write_formula(
            row, 3, f'=COUNTIF({status_range},"{status}")', styles.number("int", total=True), statuses.count(status)
        )
        row += 1
    merge_text(sheet, row, 1, row, 2, "Tổng số tỉnh, thành phố", styles.text(total=True, wrap=False))
    sheet.write_formula(row, 3, f"=COUNTA({status_range})", styles.number("int", total=True), len(rows))
