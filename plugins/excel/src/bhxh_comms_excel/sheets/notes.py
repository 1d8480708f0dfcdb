"""Sheet "Ghi chú": who made the report, for which period and unit set, when, and how the
data was read (rows read and rejected, source files) and every note of the report (crosswalk
mappings applied, …), as text."""

from __future__ import annotations

from importlib import metadata as importlib_metadata

from bhxh_comms.plugin import format_date, format_number
from bhxh_comms_excel.context import Context, described
from bhxh_comms_excel.layout import Column, Group, line_count, print_setup, put_text, row_height

SHEET = "Ghi chú"
ITEM_WIDTH = 30.0
DETAIL_WIDTH = 100.0


def _version(distribution: str) -> str:
    try:
        return importlib_metadata.version(distribution)
    except importlib_metadata.PackageNotFoundError:
        return "?"


def items(ctx: Context) -> list[tuple[str, str]]:
    """(item, detail) rows: the report's facts about itself, then its notes."""
    meta = ctx.metadata
    rows = [("Cơ quan lập báo cáo", meta.issuing_body)]
    if meta.parent_body:
        rows.insert(0, ("Cơ quan chủ quản", meta.parent_body))
    rows.append(("Kỳ báo cáo", described(meta.period)))
    if meta.comparison_period is not None:
        rows.append(("Kỳ so sánh", described(meta.comparison_period)))
    rows.append(("Đơn vị hành chính", f"{ctx.unit_set_name} (mã {meta.unit_set})"))
    if meta.units_reporting is not None and meta.units_total is not None:
        reporting = f"{format_number(meta.units_reporting)}/{format_number(meta.units_total)} tỉnh, thành phố"
        rows.append(("Số tỉnh đã báo cáo", reporting))
    rows.append(("Ngày lập báo cáo", format_date(ctx.local_generated_at().date(), pad=True)))
    software = f"bhxh-comms {_version('bhxh-comms')}, bhxh-comms-excel {_version('bhxh-comms-excel')}"
    rows.append(("Phần mềm tổng hợp", software))
    rows += [("Xử lý số liệu", line) for line in getattr(meta, "processing", ())]
    rows += [("Ghi chú", note) for note in meta.notes]
    return rows


def write(ctx: Context) -> None:
    styles = ctx.styles
    columns = [Column("STT", 5), Column("Nội dung", ITEM_WIDTH), Column("Chi tiết", DETAIL_WIDTH)]
    groups = [Group(None, (c,)) for c in columns]
    sheet, table, first = ctx.open_table(SHEET, groups, "GHI CHÚ VỀ SỐ LIỆU")
    row = first
    for number, (item, detail) in enumerate(items(ctx), start=1):
        sheet.write_number(row, 0, number, styles.centre())
        put_text(sheet, row, 1, item, styles.text())
        put_text(sheet, row, 2, detail, styles.text())
        sheet.set_row(row, row_height(line_count(detail, DETAIL_WIDTH), styles.font_size))
        row += 1
    # The exact moment, as a date-time cell (Vietnam time) next to the list.
    put_text(sheet, row + 1, 1, "Thời điểm lập (giờ Việt Nam)", styles.plain)
    sheet.write_datetime(
        row + 1, 2, ctx.local_generated_at(), styles.format(num_format="dd/mm/yyyy hh:mm", align="left")
    )
    sheet.autofilter(table.header_last, 0, row - 1, table.last_col)
    print_setup(sheet, header_rows=(table.header_first, table.header_last), freeze=(first, 0))
