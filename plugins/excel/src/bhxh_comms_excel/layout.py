"""Laying out a report table on a worksheet: title block, two-row headers, widths, row
heights, safe cell writes and the print set-up every sheet shares."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from xlsxwriter.utility import xl_rowcol_to_cell

from bhxh_comms_excel.styles import Format, Styles, Worksheet

A4: int = 9
# Estimated characters per unit of column width for Times New Roman (Excel measures widths in
# digits of the default font; Vietnamese text is a little narrower than digits, bold wider).
_CHARS_PER_WIDTH = 1.2
_CHARS_PER_WIDTH_BOLD = 1.05
_LINE_HEIGHT = 1.32  # points per point of font size
_PADDING = 2.5  # points above and below the text of a row


@dataclass(frozen=True)
class Column:
    """One column of a table: its header text and its width (in Excel character units)."""

    header: str
    width: float


@dataclass(frozen=True)
class Group:
    """Columns under a common header (``title`` merged above them), or, without a title,
    columns whose header spans both header rows (STT, Tỉnh/Thành phố)."""

    title: str | None
    columns: tuple[Column, ...]


def columns_of(groups: Sequence[Group]) -> list[Column]:
    return [column for group in groups for column in group.columns]


# Text measurement ---------------------------------------------------------------------------
def text_width(text: str) -> float:
    """Width of ``text`` in average characters: capitals are about half as wide again."""
    return len(text) + 0.45 * sum(ch.isupper() for ch in text)


def line_count(text: str, width: float, *, bold: bool = False) -> int:
    """How many lines ``text`` takes when wrapped in a cell ``width`` characters wide."""
    capacity = max(1, math.floor((width - 0.6) * (_CHARS_PER_WIDTH_BOLD if bold else _CHARS_PER_WIDTH)))
    lines = 0
    for paragraph in text.split("\n"):
        used = 0
        lines += 1
        for word in paragraph.split():
            size = math.ceil(text_width(word))
            if used == 0:
                used = size
            elif used + 1 + size <= capacity:
                used += 1 + size
            else:
                lines += 1
                used = size
            while used > capacity:  # a word longer than the cell breaks
                lines += 1
                used -= capacity
    return max(lines, 1)


def row_height(lines: int, font_size: float) -> float:
    return round(lines * font_size * _LINE_HEIGHT + _PADDING, 1)


def fit_width(texts: Iterable[str], *, minimum: float = 4, maximum: float = 60, bold: bool = False) -> float:
    """A column width that shows the longest of ``texts`` on one line (within the bounds)."""
    longest = max((text_width(t) for t in texts), default=0.0)
    factor = _CHARS_PER_WIDTH_BOLD if bold else _CHARS_PER_WIDTH
    return float(min(maximum, max(minimum, math.ceil(longest / factor + 1.6))))


def longest_word(text: str) -> int:
    return max((len(word) for word in text.split()), default=0)


# Safe writes ------------------------------------------------------------------------------
def put_text(sheet: Worksheet, row: int, col: int, value: str, fmt: Format | None = None) -> None:
    """Write text as text: never a formula, a number or a link, whatever it starts with."""
    sheet.write_string(row, col, value, fmt)


def put_number(sheet: Worksheet, row: int, col: int, value: float | None, fmt: Format, missing: Format) -> None:
    """Write a number; a missing one (no comparison figure) is shown as "-"."""
    if value is None:
        sheet.write_string(row, col, "-", missing)
    else:
        sheet.write_number(row, col, value, fmt)


def merge_text(
    sheet: Worksheet, first_row: int, first_col: int, last_row: int, last_col: int, value: str, fmt: Format
) -> None:
    """A merged cell holding text (a single cell when the range is one cell)."""
    if first_row == last_row and first_col == last_col:
        sheet.write_string(first_row, first_col, value, fmt)
        return
    sheet.merge_range(first_row, first_col, last_row, last_col, "", fmt)
    sheet.write_string(first_row, first_col, value, fmt)


def merge_number(
    sheet: Worksheet, row: int, first_col: int, last_col: int, value: float | None, fmt: Format, missing: Format
) -> None:
    if first_col != last_col:
        sheet.merge_range(row, first_col, row, last_col, "", missing if value is None else fmt)
    put_number(sheet, row, first_col, value, fmt, missing)


def sum_formula(sheet: Worksheet, row: int, col: int, first_row: int, last_row: int, value: float, fmt: Format) -> None:
    """``=SUM(...)`` over a column, with its computed value cached: LibreOffice does not
    recalculate xlsx formulas on load and shows the cached value."""
    first = xl_rowcol_to_cell(first_row, col)
    last = xl_rowcol_to_cell(last_row, col)
    sheet.write_formula(row, col, f"=SUM({first}:{last})", fmt, value)


def cell(row: int, col: int) -> str:
    return str(xl_rowcol_to_cell(row, col))


# Blocks -----------------------------------------------------------------------------------
class Table:
    """Where a table sits on its sheet, filled in while it is written."""

    def __init__(self, sheet: Worksheet, styles: Styles, groups: Sequence[Group], *, first_col: int = 0) -> None:
        self.sheet = sheet
        self.styles = styles
        self.groups = list(groups)
        self.columns = columns_of(groups)
        self.first_col = first_col
        self.last_col = first_col + len(self.columns) - 1
        self.header_first = -1
        self.header_last = -1

    def set_widths(self) -> None:
        for offset, column in enumerate(self.columns):
            self.sheet.set_column(self.first_col + offset, self.first_col + offset, column.width)

    def width(self, first: int, last: int) -> float:
        """The width of columns ``first``..``last`` (sheet column numbers)."""
        return sum(self.columns[c - self.first_col].width for c in range(first, last + 1))

    def write_header(self, row: int) -> int:
        """Write the header from ``row`` (two rows when a group has a title); return the first
        data row."""
        styles, sheet = self.styles, self.sheet
        two_rows = any(group.title for group in self.groups)
        last_row = row + 1 if two_rows else row
        size = styles.font_size
        top_lines, bottom_lines, spanning_lines = 1, 1, 1
        col = self.first_col
        for group in self.groups:
            span = len(group.columns)
            if group.title and two_rows:
                merge_text(sheet, row, col, row, col + span - 1, group.title, styles.header)
                top_lines = max(top_lines, line_count(group.title, self.width(col, col + span - 1), bold=True))
                for offset, column in enumerate(group.columns):
                    put_text(sheet, last_row, col + offset, column.header, styles.header)
                    bottom_lines = max(bottom_lines, line_count(column.header, column.width, bold=True))
            else:
                for offset, column in enumerate(group.columns):
                    merge_text(sheet, row, col + offset, last_row, col + offset, column.header, styles.header)
                    lines = line_count(column.header, column.width, bold=True)
                    spanning_lines = max(spanning_lines, lines)
            col += span
        if two_rows:
            top, bottom = row_height(top_lines, size), row_height(bottom_lines, size)
            needed = row_height(spanning_lines, size)
            if top + bottom < needed:
                bottom = needed - top
            sheet.set_row(row, top)
            sheet.set_row(last_row, bottom)
        else:
            sheet.set_row(row, row_height(max(spanning_lines, 1), size))
        self.header_first, self.header_last = row, last_row
        return last_row + 1


def title_block(
    sheet: Worksheet,
    styles: Styles,
    *,
    widths: Sequence[float],
    issuing_body: str,
    parent_body: str | None,
    title: str,
    lines: Sequence[str],
) -> int:
    """The issuing body (top left), the merged centred title and the lines under it; return
    the next free row."""
    last_col = len(widths) - 1
    total = sum(widths)
    size = styles.font_size
    row = 0
    # The issuing body sits over the left columns, as on an official document.
    body_cols = 0
    needed = max(text_width(issuing_body), text_width(parent_body or "")) / _CHARS_PER_WIDTH_BOLD + 2
    while body_cols < last_col and sum(widths[: body_cols + 1]) < needed:
        body_cols += 1
    if parent_body:
        merge_text(sheet, row, 0, row, body_cols, parent_body, styles.parent_body)
        row += 1
    merge_text(sheet, row, 0, row, body_cols, issuing_body, styles.body_title)
    row += 2
    merge_text(sheet, row, 0, row, last_col, title, styles.title)
    title_lines = line_count(title, total * size / (size + 3), bold=True)
    sheet.set_row(row, row_height(title_lines, size + 3) + 2)
    row += 1
    for line in lines:
        merge_text(sheet, row, 0, row, last_col, line, styles.subtitle)
        sheet.set_row(row, row_height(line_count(line, total), size))
        row += 1
    return row + 1


ONE_PAGE_ROWS = 40
"""A table of at most this many rows (34 provinces and a total) is printed on one page."""


def pages_tall(rows: int) -> int:
    """1 (the whole sheet on one page) for a short table, else 0 (one page wide only)."""
    return 1 if rows <= ONE_PAGE_ROWS else 0


def running_head(sheet: Worksheet, title: str) -> None:
    """The sheet's title at the head of every printed page (small, italic, left): a page
    torn from the middle of a long table still says what it is."""
    text = " ".join(title.split()).replace("&", "&&")[:200]  # Excel's header holds 255 characters
    sheet.set_header(f'&L&"Times New Roman,Italic"&8{text}', {"margin": 0.25})


def print_setup(
    sheet: Worksheet,
    *,
    header_rows: tuple[int, int] | None,
    freeze: tuple[int, int] | None = None,
    landscape: bool = True,
    pages_tall: int = 0,
) -> None:
    """A4, landscape, one page wide (and ``pages_tall`` high, 0: as many as needed), header
    rows repeated on every page, page numbers in the footer."""
    sheet.set_paper(A4)
    if landscape:
        sheet.set_landscape()
    else:
        sheet.set_portrait()
    sheet.fit_to_pages(1, pages_tall)
    sheet.center_horizontally()
    sheet.set_margins(left=0.4, right=0.4, top=0.55, bottom=0.6)
    sheet.set_footer("&CTrang &P/&N", {"margin": 0.25})
    if header_rows is not None:
        sheet.repeat_rows(header_rows[0], header_rows[1])
    if freeze is not None:
        sheet.freeze_panes(freeze[0], freeze[1])
