"""Writing rejected rows so a province can correct them and send them back."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from typing import Any

import pandas as pd
import xlsxwriter

from bhxh_comms.files import atomic_path, sha256_of, write_bytes_atomic
from bhxh_comms.ingest.columns import COLUMNS
from bhxh_comms.ingest.parse import MAX_CELL_CHARS, as_text, is_blank
from bhxh_comms.ingest.result import IngestResult

ERROR_HEADERS = ("Tệp gốc", "Trang tính", "Dòng gốc", "Mã bản gửi", "Lỗi", "Error")
"""After the template's columns: where the row came from (the file's name, never a path of this
machine), the version of that file (its short hash), and what is wrong. Read back corrected,
the first four make the file a set of corrections (:mod:`bhxh_comms.ingest.corrections`)."""


FIXED_TIME = dt.datetime(2000, 1, 1)
HASH_LENGTH = 16
"""Hex digits of the SHA-256 a rejects workbook records for each original file."""


def submission_hash(source: str) -> str | None:
    """The short hash by which a rejects workbook names the version of a file, or None."""
    path = Path(source)
    return sha256_of(path)[:HASH_LENGTH] if path.is_file() else None


def _stamp(moment: dt.datetime | None) -> dt.datetime:
    """A naive UTC time for the workbook's properties (xlsxwriter writes it as given)."""
    if moment is None:
        return FIXED_TIME
    return moment.astimezone(dt.UTC).replace(tzinfo=None) if moment.tzinfo else moment


def _cell(value: Any) -> str:
    return "" if is_blank(value) else as_text(value)


def _origin(frame: pd.DataFrame) -> pd.DataFrame:
    """Each rejected row's original file (name), sheet, row and version: its own, or, for a row
    of a corrections file still wrong, the original it corrects (the chain holds)."""
    has = frame["origin_source"].notna() if "origin_source" in frame else pd.Series(False, index=frame.index)
    hashes = {s: submission_hash(s) for s in frame["source"].astype(str).unique()}
    own = pd.DataFrame(
        {
            "file": frame["source"].astype(str).map(lambda s: Path(s).name),
            "sheet": frame["sheet"],
            "row": frame["row"],
            "hash": frame["source"].astype(str).map(hashes),
        },
        index=frame.index,
    ).astype(object)
    if has.any():
        given = frame.loc[has]
        own.loc[has, "file"] = given["origin_source"].astype(str).map(lambda s: Path(s).name)
        own.loc[has, "sheet"] = given["origin_sheet"]
        own.loc[has, "row"] = given["origin_row"]
        own.loc[has, "hash"] = given["origin_hash"]
    return own


def _rows(result: IngestResult) -> list[list[str]]:
    frame = result.rejected
    names = [c.name for c in COLUMNS]
    origin = _origin(frame)
    body = pd.concat([frame[names], origin, frame[["errors_vi", "errors_en"]]], axis=1).to_numpy(dtype=object)
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
        widths = [14, 12, 12, 28, 24, 24, 20, 10, 12, 24, 30, 14, 8, 18, 50, 50]
        for c, width in enumerate(widths[: len(headers)]):
            sheet.set_column(c, c, width)
        sheet.freeze_panes(1, 0)
        sheet.autofilter(0, 0, max(len(rows), 1), len(headers) - 1)
        workbook.close()
    return path
