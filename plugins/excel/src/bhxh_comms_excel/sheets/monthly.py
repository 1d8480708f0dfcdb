"""Sheet "Theo tháng": counts and attendances by month for each activity type (this period
and, when the report has ``monthly_previous``, the comparison period), row totals and the
monthly total of attendances as ``=SUM`` formulas, and a native Excel column chart."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence

from bhxh_comms.plugin import Period, format_number
from bhxh_comms_excel.context import ActivityType, Context
from bhxh_comms_excel.layout import (
    Column,
    Group,
    Table,
    cell,
    fit_width,
    line_count,
    merge_text,
    print_setup,
    put_text,
    row_height,
)
from bhxh_comms_excel.sheets.common import number_width
from bhxh_comms_excel.styles import Worksheet
from bhxh_comms_excel.values import capitalise, num, records, text

SHEET = "Theo tháng"
CHART_SHEET = "Biểu đồ theo tháng"
TOTAL_COLUMN = "Cộng"
TOTAL_PARTICIPANTS = "Tổng số lượt người tham dự"
CHART_TITLE = "Số lượt người tham dự các hoạt động truyền thông theo tháng"
COUNT_CHART_TITLE = "Số hoạt động truyền thông theo tháng"

Figures = Mapping[tuple[int, int], Mapping[str, tuple[float, float]]]


def months_of(period: Period) -> list[dt.date]:
    months = []
    day = dt.date(period.start.year, period.start.month, 1)
    while day <= period.end:
        months.append(day)
        day = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return months


def _figures(ctx: Context, name: str) -> dict[tuple[int, int], dict[str, tuple[float, float]]]:
    frame = ctx.table(name)
    out: dict[tuple[int, int], dict[str, tuple[float, float]]] = {}
    if frame is None:
        return out
    for record in records(frame):
        month = text(record.get("month"))
        try:
            year, number = (int(part) for part in month.split("-")[:2])
        except ValueError:
            continue
        counts = out.setdefault((year, number), {})
        count, people = counts.get(text(record.get("activity_type")), (0.0, 0.0))
        counts[text(record.get("activity_type"))] = (
            count + (num(record.get("count")) or 0.0),
            people + (num(record.get("participants")) or 0.0),
        )
    return out


def month_label(month: dt.date, multi_year: bool) -> str:
    """ "Tháng 5" (or "Tháng 5 năm 2025" when the period spans years)."""
    if multi_year:
        return capitalise(Period.month(month.year, month.month).label)
    return f"Tháng {format_number(month.month)}"


def write(ctx: Context) -> None:
    current = _figures(ctx, "monthly")
    if ctx.table("monthly") is None:
        return
    meta = ctx.metadata
    months = months_of(meta.period)
    previous: dict[tuple[int, int], dict[str, tuple[float, float]]] | None = None
    previous_months: list[dt.date] = []
    if ctx.table("monthly_previous") is not None and meta.comparison_period is not None:
        previous_months = months_of(meta.comparison_period)
        # Side by side only when the months line up (same months of the year).
        if [m.month for m in previous_months] == [m.month for m in months]:
            previous = _figures(ctx, "monthly_previous")
    present = {code for figures in (current, previous or {}) for row in figures.values() for code in row}
    types = [t for t in ctx.activity_types if t.code in present]
    people_types = [t for t in types if t.has_participants]

    styles = ctx.styles
    labels = [t.label for t in types]
    label_width = fit_width(["Hình thức", *labels], minimum=30, maximum=42)
    multi_year = months[0].year != months[-1].year
    month_values = [v for f in (current, previous or {}) for row in f.values() for pair in row.values() for v in pair]
    month_width = number_width(month_values, minimum=7)
    year_totals: dict[tuple[int, str, int], float] = {}  # (block, type, measure) → sum over the months
    for block, period_figures in enumerate((current, previous or {})):
        for row_figures in period_figures.values():
            for code, pair in row_figures.items():
                for measure, value in enumerate(pair):
                    year_totals[(block, code, measure)] = year_totals.get((block, code, measure), 0.0) + value
    people_totals = [math.fsum(v for (b, _, m), v in year_totals.items() if m == 1 and b == i) for i in (0, 1)]
    total_width = number_width([*year_totals.values(), *people_totals], TOTAL_COLUMN, minimum=8)
    groups = [
        Group(None, (Column("STT", 5),)),
        Group(None, (Column("Hình thức", label_width),)),
        Group(None, (Column("Đơn vị tính", 9),)),
        *(Group(None, (Column(month_label(m, multi_year), month_width),)) for m in months),
        Group(None, (Column(TOTAL_COLUMN, total_width),)),
    ]
    sheet, table, first = ctx.open_table(SHEET, groups, ctx.sheet_title("Kết quả thông tin, truyền thông theo tháng"))
    row = first
    blocks: list[tuple[str, Sequence[dt.date], Figures]] = [(ctx.period, months, current)]
    if previous is not None:
        assert ctx.previous is not None
        blocks.append((ctx.previous, previous_months, previous))
    chart_rows: list[tuple[str, int]] = []
    count_rows: list[tuple[str, int]] = []
    section = 0
    breaks: list[int] = []
    for block, (period_label, block_months, figures) in enumerate(blocks):
        section += 1
        if block > 0:
            breaks.append(row)  # the comparison period starts a printed page
        row = _section(ctx, sheet, row, table, f"{_roman(section)}. Số lượng hoạt động, {period_label.lower()}")
        for number, activity in enumerate(types, start=1):
            _figure_row(ctx, sheet, row, number, activity, activity.unit, block_months, figures, 0, label_width)
            if block == 0:
                count_rows.append((activity.label, row))
            row += 1
        if people_types:
            section += 1
            row = _section(ctx, sheet, row, table, f"{_roman(section)}. Số lượt người tham dự, {period_label.lower()}")
            block_first = row
            for number, activity in enumerate(people_types, start=1):
                _figure_row(ctx, sheet, row, number, activity, "lượt người", block_months, figures, 1, label_width)
                row += 1
            _people_total(ctx, sheet, row, block_first, row - 1, block_months, figures, people_types)
            chart_rows.append((period_label, row))
            row += 1
    last = row - 1
    sheet.autofilter(table.header_last, 0, last, table.last_col)
    print_setup(sheet, header_rows=(table.header_first, table.header_last), freeze=(first, 3))
    if previous is None and meta.comparison_period is not None and ctx.table("monthly_previous") is not None:
        note = (
            f"Số liệu theo tháng của {meta.comparison_period.label} không cùng các tháng của kỳ báo cáo "
            "nên không đặt cạnh nhau."
        )
        merge_text(sheet, row + 1, 1, row + 1, table.last_col, note, styles.note)
        row += 1
    sheet.set_h_pagebreaks(breaks)
    _chart(ctx, sheet, table, chart_rows or count_rows[:6], people=bool(chart_rows), months=len(months))


def _roman(number: int) -> str:
    return ("I", "II", "III", "IV", "V", "VI")[number - 1]


def _section(ctx: Context, sheet: Worksheet, row: int, table: Table, title: str) -> int:
    merge_text(sheet, row, 0, row, table.last_col, title, ctx.styles.text(total=True, wrap=False))
    return row + 1


def _figure_row(
    ctx: Context,
    sheet: Worksheet,
    row: int,
    number: int,
    activity: ActivityType,
    unit: str,
    months: Sequence[dt.date],
    figures: Figures,
    index: int,
    label_width: float,
) -> None:
    styles = ctx.styles
    sheet.write_number(row, 0, number, styles.centre())
    put_text(sheet, row, 1, activity.label, styles.text())
    put_text(sheet, row, 2, unit, styles.centre())
    values = []
    fmt = styles.number("int_dash")
    for offset, month in enumerate(months):
        value = figures.get((month.year, month.month), {}).get(activity.code, (0.0, 0.0))[index]
        sheet.write_number(row, 3 + offset, value, fmt)
        values.append(value)
    last_month = 3 + len(months) - 1
    sheet.write_formula(
        row,
        last_month + 1,
        f"=SUM({cell(row, 3)}:{cell(row, last_month)})",
        styles.number("int", total=True),
        math.fsum(values),
    )
    lines = line_count(activity.label, label_width)
    if lines > 1:
        sheet.set_row(row, row_height(lines, styles.font_size))


def _people_total(
    ctx: Context,
    sheet: Worksheet,
    row: int,
    first: int,
    last: int,
    months: Sequence[dt.date],
    figures: Figures,
    types: Sequence[ActivityType],
) -> None:
    styles = ctx.styles
    merge_text(sheet, row, 0, row, 2, TOTAL_PARTICIPANTS, styles.centre(total=True))
    fmt = styles.number("int", total=True)
    values = []
    for month in months:
        month_figures = figures.get((month.year, month.month), {})
        values.append(math.fsum(month_figures.get(t.code, (0.0, 0.0))[1] for t in types))
    values.append(math.fsum(values))  # the "Cộng" column
    for offset, value in enumerate(values):
        col = 3 + offset
        sheet.write_formula(row, col, f"=SUM({cell(first, col)}:{cell(last, col)})", fmt, value)


def _chart(
    ctx: Context,
    sheet: Worksheet,
    table: Table,
    series: Sequence[tuple[str, int]],
    *,
    people: bool,
    months: int,
) -> bool:
    """The chart of ``series`` (rows of ``sheet``) on a sheet of its own, "Biểu đồ theo tháng",
    under its own title: on the table's sheet it printed alone under the table's repeated
    header. Return whether there was anything to chart."""
    if not series:
        return False
    title = CHART_TITLE if people else COUNT_CHART_TITLE
    chart_sheet = ctx.add_sheet(CHART_SHEET)
    for offset, column in enumerate(table.columns):
        chart_sheet.set_column(offset, offset, column.width)
    row = ctx.write_title(chart_sheet, table.groups, ctx.sheet_title(title), ctx.units_line())
    chart = ctx.workbook.add_chart({"type": "column" if people else "line"})
    name = sheet.name
    font = {"name": ctx.styles.font_name}
    for label, series_row in series:
        chart.add_series(
            {
                "name": label,
                "categories": [name, table.header_first, 3, table.header_first, 3 + months - 1],
                "values": [name, series_row, 3, series_row, 3 + months - 1],
                "gap": 80,
            }
        )
    chart.set_title({"name": title, "name_font": {**font, "size": 12}})
    chart.set_x_axis({"num_font": font})
    chart.set_y_axis(
        {
            "num_format": "#,##0",
            "num_font": font,
            "name": "Lượt người" if people else "Số lượng",
            "name_font": {**font, "bold": False},
            "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}},
        }
    )
    chart.set_legend({"position": "bottom", "font": font})
    pixels = sum(c.width for c in table.columns) * 7 + 5 * len(table.columns)
    chart.set_size({"width": int(min(pixels, 1100) * 0.95), "height": 420})
    chart_sheet.insert_chart(row + 1, 0, chart, {"x_offset": 10, "y_offset": 0, "object_position": 1})
    print_setup(chart_sheet, header_rows=None, pages_tall=1)
    return True
