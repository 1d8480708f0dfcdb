"""Writing rejected rows so a province can correct them and send them back."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd
import xlsxwriter

from bhxh_comms.datafiles import default_catalogs
from bhxh_comms.files import atomic_path, sha256_of, write_bytes_atomic
from bhxh_comms.ingest.columns import COLUMNS, MESSAGE_HEADERS
from bhxh_comms.ingest.parse import MAX_CELL_CHARS, as_text, is_blank, parse_count, parse_date
from bhxh_comms.ingest.result import IngestResult
from bhxh_comms.ingest.template import DATA_SHEET, HELP_SHEET, WIDTHS, Formats, help_sheet, validation
from bhxh_comms.models.catalog import Catalogs
from bhxh_comms.models.units import UnitRegistry
from bhxh_comms.phrasing import format_number
from bhxh_comms.text import FORMULA_PREFIXES, slug

ERROR_HEADERS = ("Tệp gốc", "Trang tính", "Dòng gốc", "Mã bản gửi", *MESSAGE_HEADERS)
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


def _table(result: IngestResult) -> pd.DataFrame:
    """The rejected rows as read, where they came from, and what is wrong, in the file's columns."""
    frame = result.rejected
    names = [c.name for c in COLUMNS]
    origin = _origin(frame)
    table = pd.concat([frame[names], origin, frame[["errors_vi", "errors_en"]]], axis=1)
    table.columns = [*HEADERS]
    return table.reset_index(drop=True)


HEADERS = (*(c.header_vi for c in COLUMNS), *ERROR_HEADERS)
_NUMBER = re.compile(r"^[+-]?\d+([.,]\d+)?$")
_ERRORS = MESSAGE_HEADERS


def _fit(row: list[Any]) -> list[Any]:
    """A row whose cells fit a spreadsheet cell: a longer one is cut, and the row says so in
    its error columns (a cell is never shortened without a word)."""
    vi_at, en_at = HEADERS.index("Lỗi"), HEADERS.index("Error")
    long = [
        (c, len(v))
        for c, v in enumerate(row)
        if isinstance(v, str) and len(v) > MAX_CELL_CHARS and c not in (vi_at, en_at)
    ]
    for column, length in long:
        kept, total = format_number(MAX_CELL_CHARS), format_number(length)
        row[vi_at] = f"{row[vi_at]}; {HEADERS[column]}: ô bị cắt còn {kept} trên {total} ký tự"
        row[en_at] = f"{row[en_at]}; {HEADERS[column]}: cell cut to {MAX_CELL_CHARS:,} of {length:,} characters"
    return [v[:MAX_CELL_CHARS] if isinstance(v, str) else v for v in row]


def _typed(column: str, value: Any) -> Any:
    """A cell as the template holds it: a count that reads as one is a number, a date that
    reads as one is a date; anything else the text as typed, to be corrected."""
    if is_blank(value):
        return None
    if column in COUNT_HEADERS:
        number = parse_count(value)
        if isinstance(number, int):
            return number
        text = as_text(value)
        if _NUMBER.match(text):  # a number, though a wrong one (-3, 2,5): still a number to correct
            found = float(text.replace(",", "."))
            return int(found) if found.is_integer() else found
        return text
    if column == DATE_HEADER:
        day = parse_date(value)
        return dt.datetime.combine(day, dt.time()) if isinstance(day, dt.date) else as_text(value)
    return as_text(value)


COUNT_HEADERS = {c.header_vi for c in COLUMNS if c.kind == "count"}
DATE_HEADER = next(c.header_vi for c in COLUMNS if c.kind == "date")


def _sheet_name(text: Any, units: UnitRegistry | None, taken: set[str]) -> str:
    """The sheet of a province: its name in the latest unit set that knows it, else the cell as
    typed ("Không rõ tỉnh" when blank), made a valid, unique sheet name."""
    name = "Không rõ tỉnh" if is_blank(text) else as_text(text)
    for unit_set in sorted(units.sets if units is not None else (), key=lambda s: s.valid_from, reverse=True):
        found = unit_set.find(name) if unit_set.level == "province" else None
        if found is not None:
            name = found.name
            break
    name = re.sub(r"[\[\]:*?/\\]", " ", name).strip()[:31] or "Không rõ tỉnh"
    if name in taken or name in (HELP_SHEET, DATA_SHEET):
        name = f"{name[:27]} ({len(taken) + 1})"
    taken.add(name)
    return name


def _province_sheets(table: pd.DataFrame, units: UnitRegistry | None) -> dict[str, pd.DataFrame]:
    """The rejected rows by the province they name, one sheet each (in order of appearance)."""
    header = COLUMNS[0].header_vi
    keys = table[header].map(lambda v: "" if is_blank(v) else as_text(v))
    taken: set[str] = set()
    names = {key: _sheet_name(key or None, units, taken) for key in dict.fromkeys(keys)}
    sheets: dict[str, list[int]] = {}
    for position, key in enumerate(keys):
        sheets.setdefault(names[key], []).append(position)
    return {name: table.iloc[rows] for name, rows in sheets.items()}


def _write_book(
    path: Path, sheets: Mapping[str, pd.DataFrame], *, created: dt.datetime | None, catalogs: Catalogs
) -> Path:
    with atomic_path(path) as tmp:
        workbook = xlsxwriter.Workbook(str(tmp), {"strings_to_formulas": False, "strings_to_numbers": False})
        workbook.set_properties({"title": "Dòng bị loại cần sửa", "created": _stamp(created)})
        formats = Formats.of(workbook)
        error = workbook.add_format({"font_color": "#9C0006", "bg_color": "#FFC7CE", "text_wrap": True})
        pages = {name: workbook.add_worksheet(name) for name in sheets}
        help_ = workbook.add_worksheet(HELP_SHEET)
        sources = help_sheet(help_, formats, catalogs)
        for name, frame in sheets.items():
            _write_sheet(pages[name], frame, formats=formats, error=error, sources=sources)
        next(iter(pages.values())).activate()
        workbook.close()
    return path


def _write_sheet(sheet: Any, frame: pd.DataFrame, *, formats: Formats, error: Any, sources: dict[str, str]) -> None:
    sheet.set_row(0, 32)
    sheet.write_row(0, 0, HEADERS, formats.head)
    for r, row in enumerate(frame.itertuples(index=False, name=None), start=1):
        cells = _fit([_typed(h, v) if h not in ERROR_HEADERS else _cell(v) for h, v in zip(HEADERS, row, strict=True)])
        for c, value in enumerate(cells):
            if value is None:
                continue
            if isinstance(value, dt.datetime):
                sheet.write_datetime(r, c, value, formats.date)
            elif isinstance(value, (int, float)):
                sheet.write_number(r, c, value, formats.integer if isinstance(value, int) else None)
            else:
                sheet.write_string(r, c, str(value), error if HEADERS[c] in _ERRORS else None)
    last = max(len(frame), 1)
    for c, column in enumerate(COLUMNS):
        check = validation(column, sources=sources)
        if check is not None:
            sheet.data_validation(1, c, last, c, check)
        sheet.set_column(c, c, WIDTHS[column.name])
    for c, width in enumerate((16, 12, 9, 18, 50, 50), start=len(COLUMNS)):
        sheet.set_column(c, c, width)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, last, len(HEADERS) - 1)


def _spreadsheet_safe(value: Any) -> Any:
    """Text a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``, tab, CR first) is
    kept as text, as the report CSVs keep it; a signed number ("-3", to be corrected) stays one."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES) and not _NUMBER.match(value):
        return "'" + value
    return value


def write_rejects(
    result: IngestResult,
    path: Path | str,
    *,
    created: dt.datetime | None = None,
    catalogs: Catalogs | None = None,
    units: UnitRegistry | None = None,
) -> Path:
    """Write the rejected rows to correct and send back.

    ``.xlsx``: a form like the template — one sheet per province (named as ``units`` knows it),
    the template's columns, drop-downs and "Hướng dẫn" sheet, counts as numbers and dates as
    dates where they read as such, the rest as typed (never as a formula); then where each row
    came from (file name, sheet, row, the file's hash) and what is wrong, by column header and
    letter. ``.csv``: the same columns, UTF-8 with BOM, formula-like text kept as text. The
    workbook's creation time is ``created`` (the report's time, say), else a fixed one, and no
    path of this machine is written: the same rejects give the same bytes."""
    path = Path(path)
    table = _table(result)
    if path.suffix.lower() == ".csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(HEADERS)
        writer.writerows([[_spreadsheet_safe(_cell(v)) for v in row] for row in table.itertuples(index=False)])
        return write_bytes_atomic(path, buffer.getvalue().encode("utf-8-sig"))
    sheets = _province_sheets(table, units) if len(table) else {"Dòng cần sửa": table}
    return _write_book(path, sheets, created=created, catalogs=catalogs or default_catalogs())


def write_rejects_by_province(
    result: IngestResult,
    folder: Path | str,
    *,
    created: dt.datetime | None = None,
    catalogs: Catalogs | None = None,
    units: UnitRegistry | None = None,
) -> list[Path]:
    """One rejects workbook per province in ``folder`` (``dong-bi-loai-<province>.xlsx``), to
    send each province its own rows."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, frame in _province_sheets(_table(result), units).items():
        path = folder / f"dong-bi-loai-{slug(name)}.xlsx"
        written.append(_write_book(path, {name: frame}, created=created, catalogs=catalogs or default_catalogs()))
    return written
