"""Writing rejected rows so a province can correct them and send them back."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from typing import Any

import xlsxwriter

from bhxh_comms.files import atomic_path, write_bytes_atomic
from bhxh_comms.ingest.columns import COLUMNS
from bhxh_comms.ingest.parse import MAX_CELL_CHARS, as_text, is_blank
from bhxh_comms.ingest.result import IngestResult

ERROR_HEADERS = ("Tệp gốc", "Trang tính", "Dòng gốc", "Lỗi", "Error")


FIXED_TIME = dt.datetime(2000, 1, 1)


def _stamp(moment: dt.datetime | None) -> dt.datetime:
    """A naive UTC time for the workbook's properties (xlsxwriter writes it as given)."""
    if moment is None:
        return FIXED_TIME
    return moment.astimezone(dt.UTC).replace(tzinfo=None) if moment.tzinfo else moment


def _cell(value: Any) -> str:
    return "" if is_blank(value) else as_text(value)


def _rows(result: IngestResult) -> list[list[str]]:
    frame = result.rejected
    names = [c.name for c in COLUMNS]
    body = frame[[*names, "source", "sheet", "row", "errors_vi", "errors_en"]].to_numpy(dtype=object)
    return [[_cell(v) for v in row] for row in body]


def _fit_cells(rows: list[list[str]], headers: list[str]) -> list[list[str]]:
    """Rows whose cells fit a spreadsheet cell: a longer one is cut, and the row says so in
    its error columns (a cell is never shortened without a word)."""
    vi_at, en_at = headers.index("Lỗi"), headers.index("Error")
    fitted = []
    for row in rows:
        long = [(c, len(v)) for c, v in enumerate(row) if len(v) > MAX_CELL_CHARS and c not in (vi_at, en_at)]
        if long:
            for column, length in long:
                row[vi_at] += f"; {headers[column]}: ô bị cắt còn {MAX_CELL_CHARS:,} trên {length:,} ký tự".replace(
                    ",", "."
                )
                row[en_at] += f"; {headers[column]}: cell cut to {MAX_CELL_CHARS:,} of {length:,} characters"
            row = [v[:MAX_CELL_CHARS] for v in row]
        fitted.append(row)
    return fitted


def write_rejects(result: IngestResult, path: Path | str, *, created: dt.datetime | None = None) -> Path:
    """``.xlsx``: the template's Vietnamese headers, one row per rejected row, then where it
    came from and what is wrong; every cell is written as text (never as a formula).
    ``.csv``: the same columns, UTF-8 with BOM. Correct the cells and read the file again.
    The workbook's creation time is ``created`` (the report's time, say), else a fixed one: the
    same rejects give the same bytes."""
    path = Path(path)
    headers = [c.header_vi for c in COLUMNS] + list(ERROR_HEADERS)
    rows = _rows(result)
    if path.suffix.lower() == ".csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(headers)
        writer.writerows(rows)
        return write_bytes_atomic(path, buffer.getvalue().encode("utf-8-sig"))

    with atomic_path(path) as tmp:
        workbook = xlsxwriter.Workbook(str(tmp), {"strings_to_formulas": False, "strings_to_numbers": False})
        workbook.set_properties({"title": "Dòng bị loại cần sửa", "created": _stamp(created)})
        sheet = workbook.add_worksheet("Dòng cần sửa")
        head = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True})
        error = workbook.add_format({"font_color": "#9C0006", "bg_color": "#FFC7CE", "text_wrap": True})
        sheet.write_row(0, 0, headers, head)
        for r, row in enumerate(_fit_cells(rows, headers), start=1):
            for c, value in enumerate(row):
                sheet.write_string(r, c, value, error if headers[c] in ("Lỗi", "Error") else None)
        widths = [14, 12, 12, 28, 24, 24, 20, 10, 12, 24, 30, 14, 8, 50, 50]
        for c, width in enumerate(widths[: len(headers)]):
            sheet.set_column(c, c, width)
        sheet.freeze_panes(1, 0)
        sheet.autofilter(0, 0, max(len(rows), 1), len(headers) - 1)
        workbook.close()
    return path
