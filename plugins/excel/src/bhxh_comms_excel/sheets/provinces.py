"""Sheets "Theo tỉnh" and "Theo xã": one row per province (commune), one column group per
activity type (count and, where the type counts them, participants) and a "Tổng cộng" row
of ``=SUM`` formulas with their values cached."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from bhxh_comms.plugin import format_number
from bhxh_comms_excel.context import ActivityType, Context
from bhxh_comms_excel.layout import Column, Group, Table, fit_width, pages_tall, print_setup, put_number, put_text
from bhxh_comms_excel.sheets.common import number_width, write_total_row
from bhxh_comms_excel.styles import Worksheet
from bhxh_comms_excel.values import num, records, text

SHEET = "Theo tỉnh"
COMMUNE_SHEET = "Theo xã"
TOTAL = "Tổng cộng"
PROVINCE = "Tỉnh, thành phố"
PARTICIPANTS = "Lượt người"
ALL_PARTICIPANTS = "Tổng số lượt người tham dự"

Key = tuple[str, ...]


@dataclass(frozen=True)
class Extra:
    """Columns after the activity types, with the figures of each row (in row order)."""

    group: Group
    values: Sequence[Sequence[float | None]]


def count_header(activity: ActivityType) -> str:
    return f"Số lượng ({activity.unit})" if activity.unit else "Số lượng"


def _pivot(frame: pd.DataFrame, keys: Sequence[str]) -> dict[Key, dict[str, tuple[float, float]]]:
    """(keys…) → activity type → (count, participants)."""
    out: dict[Key, dict[str, tuple[float, float]]] = {}
    columns = [*keys, "activity_type", "count", "participants"]
    present = [c for c in columns if c in frame.columns]
    for record in records(frame[present]):
        key = tuple(text(record[k]) for k in keys)
        out.setdefault(key, {})[text(record["activity_type"])] = (
            num(record.get("count")) or 0.0,
            num(record.get("participants")) or 0.0,
        )
    return out


def _types(ctx: Context, values: Mapping[Key, Mapping[str, tuple[float, float]]]) -> list[ActivityType]:
    """Activity types with a figure in the table, in catalog order."""
    present = {code for row in values.values() for code in row}
    known = [t for t in ctx.activity_types if t.code in present]
    extra = sorted(present - {t.code for t in known})
    return known + [ActivityType(code=c, label=c, unit="", has_participants=True) for c in extra]


def write_pivot(
    ctx: Context,
    *,
    name: str,
    title: str,
    keys: Sequence[Column],
    rows: Sequence[Key],
    values: Mapping[Key, Mapping[str, tuple[float, float]]],
    extra: Extra | None = None,
    lines: Sequence[str] = (),
) -> tuple[Worksheet, Table]:
    styles = ctx.styles
    types = _types(ctx, values)
    type_groups = []
    for activity in types:
        counts = [values.get(k, {}).get(activity.code, (0.0, 0.0))[0] for k in rows]
        header = count_header(activity)
        count_col = Column(header, number_width([math.fsum(counts)], header, minimum=7))
        if activity.has_participants:
            attendances = [values.get(k, {}).get(activity.code, (0.0, 0.0))[1] for k in rows]
            people_col = Column(PARTICIPANTS, number_width([math.fsum(attendances)], PARTICIPANTS, minimum=7))
            type_groups.append(Group(activity.label, (count_col, people_col)))
        else:
            widened = Column(header, max(count_col.width, 11.0))
            type_groups.append(Group(activity.label, (widened,)))
    groups = [Group(None, (Column("STT", 5 if len(rows) < 1000 else 6),)), Group(None, tuple(keys)), *type_groups]
    if extra is not None:
        groups.append(extra.group)
    sheet, table, first = ctx.open_table(name, groups, title, ctx.units_line(), *lines)
    row = first
    sums: dict[int, list[float | None]] = {}
    centre, count_fmt = styles.centre(), styles.number("int_dash")
    text_fmt = styles.text(wrap=False)
    key_count = len(keys)
    for index, key in enumerate(rows):
        sheet.write_number(row, 0, index + 1, centre)
        for offset, key_text in enumerate(key[:key_count]):
            put_text(sheet, row, 1 + offset, key_text, text_fmt)
        col = 1 + key_count
        figures = values.get(key, {})
        for activity in types:
            count, people = figures.get(activity.code, (0.0, 0.0))
            sheet.write_number(row, col, count, count_fmt)
            sums.setdefault(col, []).append(count)
            col += 1
            if activity.has_participants:
                sheet.write_number(row, col, people, count_fmt)
                sums.setdefault(col, []).append(people)
                col += 1
        if extra is not None:
            for value in extra.values[index]:
                put_number(sheet, row, col, value, count_fmt, centre)
                sums.setdefault(col, []).append(value)
                col += 1
        row += 1
    last = row - 1
    if rows:
        sheet.autofilter(table.header_last, 0, last, table.last_col)
        write_total_row(
            ctx, sheet, row, label=TOTAL, label_cols=(0, key_count), sums=sums, first_row=first, last_row=last
        )
    print_setup(
        sheet,
        header_rows=(table.header_first, table.header_last),
        freeze=(first, 1 + key_count),
        pages_tall=pages_tall(len(rows)),
    )
    return sheet, table


def write(ctx: Context) -> None:
    """Sheet "Theo tỉnh" from ``by_province`` and ``province_totals``."""
    by_province = ctx.table("by_province")
    totals = ctx.table("province_totals")
    if by_province is None and totals is None:
        return
    by_code = _pivot(by_province, ["province"]) if by_province is not None else {}
    names: dict[str, str] = {}
    if by_province is not None:
        pairs = records(by_province[["province", "province_name"]].drop_duplicates())
        names.update({text(r["province"]): text(r["province_name"]) for r in pairs})
    extra = None
    if totals is not None:
        total_records = records(totals)
        names.update({text(r["province"]): text(r.get("province_name")) or text(r["province"]) for r in total_records})
        order = [text(r["province"]) for r in total_records]
        measures = ["participants", "participants_previous"] if ctx.compared else ["participants"]
        headers = [ctx.period, ctx.previous] if ctx.compared else [ctx.period]
        figures = [[num(r.get(m)) for m in measures] for r in total_records]
        extra_columns = tuple(
            Column(str(h), number_width([math.fsum(f[i] or 0 for f in figures)], str(h), minimum=8))
            for i, h in enumerate(headers)
        )
        extra = Extra(Group(ALL_PARTICIPANTS, extra_columns), figures)
    else:
        order = sorted(names)
    # Rows are keyed (name, code): the name is shown, the code keeps two equal names apart.
    rows: list[Key] = [(names.get(code, code), code) for code in order]
    values: dict[Key, dict[str, tuple[float, float]]] = {
        (names.get(code, code), code): by_code.get((code,), {}) for code in order
    }
    width = fit_width([PROVINCE, *(r[0] for r in rows)], minimum=14, maximum=30)
    write_pivot(
        ctx,
        name=SHEET,
        title=ctx.sheet_title("Kết quả thông tin, truyền thông theo tỉnh, thành phố"),
        keys=[Column(PROVINCE, width)],
        rows=rows,
        values=values,
        extra=extra,
    )


def write_communes(ctx: Context, *, printed: bool = False) -> None:
    """Sheet "Theo xã" from ``by_commune``: one row per commune, named when the report has
    the commune list. Unless ``printed`` (its own workbook), the sheet prints as its title and
    a line saying why: thousands of communes would make the workbook hundreds of pages."""
    by_commune = ctx.table("by_commune")
    if by_commune is None or not len(by_commune):
        return
    named = "commune_name" in by_commune.columns
    keys = ["province_name", "commune", *(["commune_name"] if named else []), "province"]
    values = _pivot(by_commune, keys)
    # Province code order, then commune code.
    rows = sorted(values, key=lambda k: (k[-1], k[1]))
    width = fit_width([PROVINCE, *(k[0] for k in rows[:5000])], minimum=14, maximum=30)
    columns = [Column(PROVINCE, width), Column("Mã xã, phường", 9)]
    if named:
        columns.append(Column("Xã, phường, đặc khu", fit_width([k[2] for k in rows[:5000]], minimum=16, maximum=32)))
    lines = []
    if not printed:
        lines.append(
            f"Trang này có {format_number(len(rows))} xã, phường nên không in cùng sổ: xem trên màn hình, "
            "hoặc xuất sổ riêng theo xã (tùy chọn excel.communes=separate) để in."
        )
    sheet, table = write_pivot(
        ctx,
        name=COMMUNE_SHEET,
        title=ctx.sheet_title("Kết quả thông tin, truyền thông theo xã, phường"),
        keys=columns,
        rows=rows,
        values=values,
        lines=lines,
    )
    if not printed:
        sheet.print_area(0, 0, table.header_last, table.last_col)
        sheet.fit_to_pages(1, 1)
