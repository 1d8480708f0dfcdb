"""Reading a worksheet cell by cell, keeping only the cells it holds.

For a sheet whose extent is too large to build as a dense grid (a stray value at XFD1048576,
a million formatted empty rows) but which holds few cells: the sheet's XML is streamed from
the zip and parsed incrementally, so memory follows the cells, not the extent. Values come out
as python-calamine gives them (text, float, bool, datetime for date-formatted numbers).
Slower than python-calamine; used only for such sheets (see
:mod:`bhxh_comms.ingest.workbook_scan`).
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import attrs

from bhxh_comms.ingest.workbook_scan import column_number

_REFERENCE = re.compile(r"([A-Z]{1,3})(\d+)$")
_DATE_CODES = re.compile(r"[dmyhs]", re.IGNORECASE)
_QUOTED = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.')
# Built-in number formats that show a date or time (ECMA-376, 18.8.30).
_BUILTIN_DATE_FORMATS = frozenset({*range(14, 23), 45, 46, 47, *range(27, 37), *range(50, 59)})


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _text_of(element: ElementTree.Element) -> str:
    """The text of a shared or inline string: its ``t`` and its runs' ``t``, not phonetic hints."""
    parts = []
    for child in element:
        name = _local(child.tag)
        if name == "t":
            parts.append(child.text or "")
        elif name == "r":
            parts += [t.text or "" for t in child if _local(t.tag) == "t"]
    return "".join(parts)


def shared_strings(archive: zipfile.ZipFile) -> list[str]:
    try:
        stream = archive.open("xl/sharedStrings.xml")
    except KeyError:
        return []
    strings: list[str] = []
    with stream:
        for _, element in ElementTree.iterparse(stream, events=("end",)):
            if _local(element.tag) == "si":
                strings.append(_text_of(element))
                element.clear()
    return strings


def date_styles(archive: zipfile.ZipFile) -> frozenset[int]:
    """The style indexes (``s`` of a cell) whose number format shows a date."""
    try:
        root = ElementTree.fromstring(archive.read("xl/styles.xml"))
    except (KeyError, ElementTree.ParseError):
        return frozenset()
    custom = {int(f.get("numFmtId", "0")): f.get("formatCode", "") for f in root.iter() if _local(f.tag) == "numFmt"}
    dates = set(_BUILTIN_DATE_FORMATS) | {i for i, code in custom.items() if _DATE_CODES.search(_QUOTED.sub("", code))}
    xfs = next((e for e in root.iter() if _local(e.tag) == "cellXfs"), None)
    if xfs is None:
        return frozenset()
    return frozenset(
        n for n, xf in enumerate(x for x in xfs if _local(x.tag) == "xf") if int(xf.get("numFmtId", "0")) in dates
    )


def _number(text: str, is_date: bool, epoch: dt.datetime) -> Any:
    value = float(text)
    if is_date and 0 <= value < 2_958_466:  # up to 9999-12-31
        return epoch + dt.timedelta(days=value)
    return value


def _value(cell: ElementTree.Element, strings: list[str], dates: frozenset[int], epoch: dt.datetime) -> Any:
    kind = cell.get("t", "n")
    if kind == "inlineStr":
        inline = next((c for c in cell if _local(c.tag) == "is"), None)
        return _text_of(inline) if inline is not None else None
    raw = next((c.text for c in cell if _local(c.tag) == "v"), None)
    if raw is None:
        return None
    try:
        if kind == "s":
            return strings[int(raw)]
        if kind == "b":
            return raw.strip() in ("1", "true")
        if kind == "n":
            return _number(raw, int(cell.get("s", "0")) in dates, epoch)
        if kind == "d":
            return dt.datetime.fromisoformat(raw)
    except (ValueError, IndexError):
        return raw  # kept as text: validation says what is wrong with it
    return raw  # "str" (a formula's text), "e" (an error such as #N/A)


@attrs.frozen(kw_only=True)
class SparseSheet:
    """The non-empty rows of a sheet, and the cells left out beyond the columns read."""

    row_numbers: list[int]
    grid: list[list[Any]]
    left_out: list[str]
    """References of the cells with a value beyond ``max_columns`` ("XFD1048576")."""


def read_sparse_sheet(path: Path, part: str, *, max_columns: int, date1904: bool = False) -> SparseSheet:
    """The non-empty rows of one worksheet part: their row numbers and their cells (columns
    beyond ``max_columns`` left out, and listed)."""
    epoch = dt.datetime(1904, 1, 1) if date1904 else dt.datetime(1899, 12, 30)
    numbers: list[int] = []
    grid: list[list[Any]] = []
    left_out: list[str] = []
    with zipfile.ZipFile(path) as archive:
        strings, dates = shared_strings(archive), date_styles(archive)
        with archive.open(part) as stream:
            for number, cells in _rows(stream, strings, dates, epoch, max_columns, left_out):
                if cells:
                    width = max(cells) + 1
                    row: list[Any] = [None] * width
                    for column, value in cells.items():
                        row[column] = value
                    numbers.append(number)
                    grid.append(row)
    return SparseSheet(row_numbers=numbers, grid=grid, left_out=left_out)


def _rows(
    stream: Any, strings: list[str], dates: frozenset[int], epoch: dt.datetime, max_columns: int, left_out: list[str]
) -> Iterator[tuple[int, dict[int, Any]]]:
    row_number, column = 0, -1
    cells: dict[int, Any] = {}
    parent: ElementTree.Element | None = None
    for event, element in ElementTree.iterparse(stream, events=("start", "end")):
        name = _local(element.tag)
        if event == "start":
            if name == "sheetData":
                parent = element
            elif name == "row":
                given = element.get("r")
                row_number = int(given) if given and given.isdigit() else row_number + 1
                column, cells = -1, {}
            continue
        if name == "c":
            found = _REFERENCE.match(element.get("r", ""))
            column = column_number(found.group(1)) - 1 if found else column + 1
            value = _value(element, strings, dates, epoch)
            if value is not None and value != "":
                if column < max_columns:
                    cells[column] = value
                else:
                    left_out.append(element.get("r") or f"{row_number}:{column + 1}")
            element.clear()
        elif name == "row":
            yield row_number, cells
            if parent is not None:
                parent.remove(element)  # memory follows the cells, not the rows read so far
