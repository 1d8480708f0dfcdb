"""Pieces several sheets share: the "this period / previous / change / ratio" column group,
its cells, numeric column widths and the "Tổng cộng" row of sums."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from xlsxwriter.utility import xl_rowcol_to_cell

from bhxh_comms_excel.context import Context
from bhxh_comms_excel.layout import Column, Group, longest_word, put_number, put_text, sum_formula
from bhxh_comms_excel.styles import Worksheet
from bhxh_comms_excel.values import num

CHANGE_HEADER = "Tăng (+), giảm (-)"


def number_width(values: Iterable[float | None], header: str = "", *, minimum: float = 8) -> float:
    """A width that shows the largest number with its thousands separators and a sign."""
    largest = max((abs(v) for v in values if v is not None), default=0.0)
    digits = len(str(round(largest))) if largest >= 1 else 1
    shown = digits + (digits - 1) // 3 + 1  # separators and a sign
    return float(max(minimum, shown + 2.5, longest_word(header) + 1.5))


def ratio_header(ctx: Context) -> str:
    assert ctx.metadata.comparison_period is not None
    return f"Tỷ lệ so với {ctx.metadata.comparison_period.label} (lần)"


def comparison_group(ctx: Context, title: str, rows: Sequence[Mapping[str, Any]], measure: str) -> Group:
    """This period's figure, and with a comparison period: the previous figure, the change and
    the ratio."""
    current = [num(r.get(measure)) for r in rows]
    if not ctx.compared:
        assert ctx.period is not None
        return Group(title, (Column(ctx.period, number_width(current, ctx.period)),))
    assert ctx.previous is not None
    previous = [num(r.get(f"{measure}_previous")) for r in rows]
    change = [num(r.get(f"{measure}_change")) for r in rows]
    # The total line adds the column up: leave room for the sum.
    width = number_width([sum(v for v in current if v is not None), *previous, *change])
    return Group(
        title,
        (
            Column(ctx.period, width),
            Column(ctx.previous, width),
            Column(CHANGE_HEADER, width),
            Column(ratio_header(ctx), max(9.0, longest_word(ratio_header(ctx)) + 1.5)),
        ),
    )


def write_comparison(
    ctx: Context,
    sheet: Worksheet,
    row: int,
    col: int,
    record: Mapping[str, Any],
    measure: str,
    *,
    applicable: bool = True,
) -> tuple[int, list[float | None]]:
    """The cells of :func:`comparison_group` for one row; return the next column and the
    numbers written (None where "-" was written)."""
    styles = ctx.styles
    keys = [measure] if not ctx.compared else [measure, f"{measure}_previous", f"{measure}_change", f"{measure}_ratio"]
    kinds = ["int", "int", "change", "ratio"]
    written: list[float | None] = []
    first = col
    for key, kind in zip(keys, kinds, strict=False):
        # a change against a comparison the report does not state (too little data) is not shown
        shown = applicable and (ctx.metadata.comparison_stated or kind not in ("change", "ratio"))
        value = num(record.get(key)) if shown else None
        if shown and kind in ("change", "ratio"):
            # on the row's own cells, so that an edited figure updates them (cached: the core's)
            now, before = xl_rowcol_to_cell(row, first), xl_rowcol_to_cell(row, first + 1)
            formula = (
                f'=IFERROR({now}-{before},"-")'
                if kind == "change"
                else f'=IFERROR(IF({before}>0,{now}/{before},"-"),"-")'
            )
            sheet.write_formula(row, col, formula, styles.number(kind), "-" if value is None else value)
        else:
            put_number(sheet, row, col, value, styles.number(kind), styles.centre())
        written.append(value)
        col += 1
    return col, written


def write_total_row(
    ctx: Context,
    sheet: Worksheet,
    row: int,
    *,
    label: str,
    label_cols: tuple[int, int],
    sums: Mapping[int, Sequence[float | None]],
    first_row: int,
    last_row: int,
    kinds: Mapping[int, str] | None = None,
) -> None:
    """A "Tổng cộng" row: ``label`` merged over ``label_cols`` and ``=SUM(...)`` in every column
    of ``sums`` (column → the values written above), its cached value their sum."""
    styles = ctx.styles
    if label_cols[0] == label_cols[1]:
        put_text(sheet, row, label_cols[0], label, styles.centre(total=True))
    else:
        sheet.merge_range(row, label_cols[0], row, label_cols[1], "", styles.centre(total=True))
        put_text(sheet, row, label_cols[0], label, styles.centre(total=True))
    for col, values in sums.items():
        total = math.fsum(v for v in values if v is not None)
        kind = (kinds or {}).get(col, "int")
        sum_formula(sheet, row, col, first_row, last_row, total, styles.number(kind, total=True))
