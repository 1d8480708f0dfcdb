"""Generators of hostile (and valid) province reports, built in a temporary directory at test time.

No binary fixture is committed: every function here writes its file(s) into the ``directory`` it is
given and returns the path(s) it wrote. Files are small on disk unless their point is size
(:func:`inflating_workbook`, :func:`huge_field_csv`, :func:`long_note_csv`), and each generator runs in
well under two seconds with bounded memory.

Valid rows follow the report template (:mod:`bhxh_comms.ingest.template`): the Vietnamese headers of
:data:`bhxh_comms.ingest.columns.COLUMNS` in row 1 of a sheet named "Báo cáo", a province code, a real
date in the report year, catalog codes from the bundled catalogs, whole-number counts, attendances only
on activity types that count them, and a distinct note on every row (so no row duplicates another).
Hostile files hold such rows too, for province :data:`PROVINCE` and year :data:`YEAR`, next to what
makes them hostile.

Do not open :func:`far_cell_workbook` or :func:`lying_dimension_workbook` files with python-calamine in
the test process: it sizes its grid from the far cell and aborts the whole process.

Zip layout used when patching (all integers little-endian; APPNOTE.TXT 4.3.7 and 4.3.12):

* local file header ``PK\\x03\\x04``: CRC-32 at offset 14, compressed size at 18, uncompressed size
  at 22 (4 bytes each), name length at 26, extra length at 28, then the name, extra and data;
* central directory entry ``PK\\x01\\x02``: CRC-32 at 16, compressed size at 20, uncompressed size at
  24, name length at 28, extra length at 30, comment length at 32, local header offset at 42,
  then the name at 46;
* end of central directory ``PK\\x05\\x06``: number of entries at 10, directory offset at 16.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import re
import shutil
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, Literal

import xlsxwriter

from bhxh_comms import default_catalogs, default_units
from bhxh_comms.ingest.columns import COLUMNS

PROVINCE = "19"
"""Province code of the valid rows inside the hostile files (Thái Nguyên, in both unit sets)."""
YEAR = 2026
"""Report year of the valid rows inside the hostile files."""
UNIT_SET = "vn-34"
"""The 34-province unit set (from 2025-07-01) that :func:`valid_batch` covers."""
SHEET = "Báo cáo"
HEADERS: tuple[str, ...] = tuple(column.header_vi for column in COLUMNS)
"""The template's Vietnamese headers, in template order (Tỉnh … Ghi chú)."""
SHEET_XML = "xl/worksheets/sheet1.xml"
SHARED_STRINGS_XML = "xl/sharedStrings.xml"
MB = 1024 * 1024
ROW_PADDING = 8000
"""Length of the "x" note on each row the size generators repeat."""

Cell = str | int | float | bool | dt.date | None
Row = list[Cell]

# Column positions in the template order.
_PROVINCE, _COMMUNE, _DATE, _ACTIVITY, _SUBJECT, _THEME, _PARTNER, _COUNT, _PARTICIPANTS, _NOTE = range(10)
_LAST_COLUMN = "J"
# Stand-ins that xlsxwriter writes verbatim, replaced in the XML afterwards.
_STRING_MARK = "HOSTILE-PLACEHOLDER"
_NUMBER_MARK = 987654321.0
_NUMBER_MARK_XML = "987654321"
_XML_DECLARATION_END = b"?>"

OVERFLOW_TEXT = "99999999999999999999"
"""Twenty nines: larger than any 64-bit integer."""
FORMULA_AND_SCRIPT_NOTES: tuple[str, ...] = (
    '=HYPERLINK("http://x","y")',
    "+1+1",
    "@SUM(A1)",
    "<script>alert(1)</script>",
    "{{ 7*7 }}",
    "{% for x in y %}",
)
OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
"""The first bytes of a Compound File (an Excel 97-2003 ``.xls``)."""
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"


# --------------------------------------------------------------------------------------------
# Valid rows and workbooks
# --------------------------------------------------------------------------------------------


@functools.cache
def _days_in_force(province: str, year: int) -> tuple[dt.date, ...]:
    """The days of ``year`` on which the province unit set in force has a unit ``province``."""
    units = default_units()
    first = dt.date(year, 1, 1)
    days = (first + dt.timedelta(days=n) for n in range((dt.date(year + 1, 1, 1) - first).days))
    found = tuple(day for day in days if province in units.unit_set_on(day))
    if not found:
        raise ValueError(f"no province {province!r} in the unit set in force during {year}")
    return found


def valid_rows(province: str = PROVINCE, year: int = YEAR, rows: int = 20, *, first: int = 0) -> list[Row]:
    """``rows`` distinct valid rows (template column order) of ``province`` dated in ``year``.

    Activity types, subject groups, themes and partners cycle through the bundled catalogs; the
    attendances are left blank on activity types that count none; ``first`` offsets the numbering
    (dates, counts and the "Hoạt động số N" note) so two calls can give different rows.
    """
    catalogs = default_catalogs()
    kinds = list(catalogs.activity_types)
    subjects, themes, partners = catalogs.subject_groups.codes, catalogs.themes.codes, catalogs.partners.codes
    days = _days_in_force(province, year)
    out: list[Row] = []
    for i in range(first, first + rows):
        kind = kinds[i % len(kinds)]
        people = 10 * (1 + i % 9) if "participants" in kind.measures else None
        out.append(
            [
                province,
                None,
                days[(i * 11) % len(days)],
                kind.code,
                subjects[i % len(subjects)],
                themes[i % len(themes)],
                partners[i % len(partners)],
                1 + i % 7,
                people,
                f"Hoạt động số {i + 1}",
            ]
        )
    return out


def _write_sheet(target: Path | io.BytesIO, rows: Sequence[Row], *, extra: Callable[[Any], None] | None = None) -> None:
    """A one-sheet workbook: the headers in row 1, then ``rows`` with their Python types kept
    (strings as strings, booleans as TRUE/FALSE, dates as formatted dates); ``extra(worksheet)``
    may write more cells before the workbook is closed."""
    options = {"strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False}
    wb = xlsxwriter.Workbook(target if isinstance(target, io.BytesIO) else str(target), options)
    wb.set_properties({"title": "Báo cáo hoạt động truyền thông", "created": dt.datetime(YEAR, 1, 1)})
    ws = wb.add_worksheet(SHEET)
    date_format = wb.add_format({"num_format": "dd/mm/yyyy"})
    ws.write_row(0, 0, HEADERS)
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, bool):  # before int: bool is an int
                ws.write_boolean(r, c, value)
            elif isinstance(value, dt.date):
                ws.write_datetime(r, c, dt.datetime.combine(value, dt.time()), date_format)
            elif isinstance(value, str):
                ws.write_string(r, c, value)
            else:
                ws.write_number(r, c, value)
    if extra is not None:
        extra(ws)
    wb.close()


def _workbook_bytes(rows: Sequence[Row], *, extra: Callable[[Any], None] | None = None) -> bytes:
    buffer = io.BytesIO()
    _write_sheet(buffer, rows, extra=extra)
    return buffer.getvalue()


def _target(directory: Path, name: str) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    return directory / name


def valid_workbook(
    directory: Path, province: str = PROVINCE, year: int = YEAR, rows: int = 20, name: str | None = None
) -> Path:
    """A valid report: sheet "Báo cáo", headers in row 1, ``rows`` distinct valid rows of
    ``province`` dated in ``year``; written to ``name`` (default ``bao-cao-<province>-<year>.xlsx``)."""
    path = _target(directory, name or f"bao-cao-{province}-{year}.xlsx")
    _write_sheet(path, valid_rows(province, year, rows))
    return path


def province_codes(unit_set: str = UNIT_SET) -> tuple[str, ...]:
    """The province codes of a bundled unit set (34 for "vn-34"), in the data file's order."""
    return default_units().get(unit_set).codes


def valid_batch(directory: Path, year: int = YEAR, rows: int = 50) -> list[Path]:
    """34 valid workbooks, one per province of the 34-province set (``bao-cao-<code>-<year>.xlsx``),
    each with ``rows`` distinct rows."""
    return [valid_workbook(directory, code, year, rows) for code in province_codes()]


# --------------------------------------------------------------------------------------------
# Zip surgery
# --------------------------------------------------------------------------------------------


def _copy_zip(
    source: bytes,
    target: Path,
    *,
    patch: Callable[[str, bytes], bytes] | None = None,
    stream: tuple[str, Callable[[], Iterable[bytes]]] | None = None,
    compresslevel: int = 6,
    force_zip64: bool = False,
) -> None:
    """Copy the zip ``source`` entry by entry (same order, names, timestamps, compression) to
    ``target``; ``patch(name, data)`` may change an entry's bytes, and ``stream`` = (name, chunks)
    replaces that entry by the chunks, deflated at ``compresslevel`` as they are written."""
    with (
        zipfile.ZipFile(io.BytesIO(source)) as zin,
        zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=compresslevel) as zout,
    ):
        for info in zin.infolist():
            if stream is not None and info.filename == stream[0]:
                with zout.open(info.filename, "w", force_zip64=force_zip64) as handle:
                    for chunk in stream[1]():
                        handle.write(chunk)
                continue
            data = zin.read(info)
            if patch is not None:
                data = patch(info.filename, data)
            copy = zipfile.ZipInfo(info.filename, date_time=info.date_time)
            copy.compress_type = info.compress_type
            copy.external_attr = info.external_attr
            zout.writestr(copy, data)


def _patch_entry(name: str, change: Callable[[bytes], bytes]) -> Callable[[str, bytes], bytes]:
    def patch(entry: str, data: bytes) -> bytes:
        return change(data) if entry == name else data

    return patch


def _replace_once(data: bytes, old: bytes, new: bytes) -> bytes:
    if data.count(old) != 1:
        raise AssertionError(f"expected {old!r} exactly once, found it {data.count(old)} times")
    return data.replace(old, new)


def _after_declaration(xml: bytes, insert: bytes) -> bytes:
    """``insert`` placed right after the ``<?xml …?>`` declaration (where a DOCTYPE goes)."""
    end = xml.index(_XML_DECLARATION_END) + len(_XML_DECLARATION_END)
    return xml[:end] + insert + xml[end:]


def _cell_xml(cell: str, value: bytes) -> re.Pattern[bytes]:
    return re.compile(rb'<c r="' + cell.encode() + rb'"[^>]*><v>' + value + rb"</v></c>")


def _substitute_cell(xml: bytes, cell: str, value: bytes, replacement: bytes) -> bytes:
    """The whole ``<c r="cell" …><v>value</v></c>`` element replaced (exactly one must exist)."""
    new, count = _cell_xml(cell, value).subn(replacement, xml)
    if count != 1:
        raise AssertionError(f"cell {cell} with value {value!r} found {count} times")
    return new


def _inline_string(cell: str, text: bytes) -> bytes:
    return b'<c r="' + cell.encode() + b'" t="inlineStr"><is><t>' + text + b"</t></is></c>"


def zip_sizes(path: Path, name: str) -> dict[str, int]:
    """What ``path`` says about entry ``name`` and what it really holds: the uncompressed size in
    the local header (``local``; 0xFFFFFFFF when Zip64 fields hold it) and in the central directory
    (``central``, read by :mod:`zipfile`, Zip64 included), the compressed size (``compressed``) and
    the size the deflated data really inflates to (``real``)."""
    data = path.read_bytes()
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(name)
    offset, compressed = info.header_offset, info.compress_size
    if data[offset : offset + 4] != b"PK\x03\x04":
        raise AssertionError(f"{path}: no local file header at {offset}")
    (local,) = struct.unpack_from("<I", data, offset + 22)
    name_length, extra_length = struct.unpack_from("<HH", data, offset + 26)
    start = offset + 30 + name_length + extra_length
    inflater = zlib.decompressobj(-15)
    real = 0
    for position in range(start, start + compressed, MB):
        real += len(inflater.decompress(data[position : min(position + MB, start + compressed)]))
    real += len(inflater.flush())
    return {"local": local, "central": info.file_size, "compressed": compressed, "real": real}


def _declare_uncompressed_size(path: Path, name: str, size: int) -> None:
    """Overwrite the uncompressed size of entry ``name`` in its local file header (offset 22) and
    its central directory entry (offset 24) with ``size``; the CRC-32, the compressed size and the
    data stay true. Only for entries written without Zip64 fields (sizes under 4 GiB)."""
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(name)
    if info.file_size >= 0xFFFFFFFF or info.compress_size >= 0xFFFFFFFF or info.header_offset >= 0xFFFFFFFF:
        raise ValueError("the entry uses Zip64 fields; patch its extra field instead")
    data = bytearray(path.read_bytes())
    if data[info.header_offset : info.header_offset + 4] != b"PK\x03\x04":
        raise AssertionError(f"{path}: no local file header at {info.header_offset}")
    struct.pack_into("<I", data, info.header_offset + 22, size)
    end = data.rfind(b"PK\x05\x06")
    (entries,) = struct.unpack_from("<H", data, end + 10)
    (position,) = struct.unpack_from("<I", data, end + 16)
    for _ in range(entries):
        if data[position : position + 4] != b"PK\x01\x02":
            raise AssertionError(f"{path}: broken central directory at {position}")
        name_length, extra_length, comment_length = struct.unpack_from("<HHH", data, position + 28)
        if bytes(data[position + 46 : position + 46 + name_length]) == name.encode():
            struct.pack_into("<I", data, position + 24, size)
            break
        position += 46 + name_length + extra_length + comment_length
    else:
        raise AssertionError(f"{path}: {name} is not in the central directory")
    path.write_bytes(bytes(data))


# --------------------------------------------------------------------------------------------
# Hostile workbooks
# --------------------------------------------------------------------------------------------


def _with_far_cell(dimension: bytes) -> Callable[[str, bytes], bytes]:
    """A sheet patch adding the cell XFD1048576 (the last cell a sheet can have; an inline string) in
    a last row shaped as xlsxwriter writes it, and declaring ``<dimension ref="dimension"/>``.
    (xlsxwriter can write that cell itself, but walks all million rows to do so: ~0.7 s.)"""
    far_row = (
        b'<row r="1048576" spans="16384:16384">' + _inline_string("XFD1048576", "ô cuối cùng".encode()) + b"</row>"
    )

    def change(xml: bytes) -> bytes:
        xml, count = re.subn(rb'<dimension ref="[^"]*"/>', b'<dimension ref="' + dimension + b'"/>', xml, count=1)
        if count != 1:
            raise AssertionError("no <dimension> in the sheet XML")
        return _replace_once(xml, b"</sheetData>", far_row + b"</sheetData>")

    return _patch_entry(SHEET_XML, change)


def far_cell_workbook(directory: Path, *, rows: int = 5, name: str = "far-cell.xlsx") -> Path:
    """``rows`` valid rows plus one string cell at XFD1048576 (the sheet's last cell); the sheet
    declares ``<dimension ref="A1:XFD1048576"/>``, as Excel would. About 6 KB."""
    path = _target(directory, name)
    _copy_zip(_workbook_bytes(valid_rows(rows=rows)), path, patch=_with_far_cell(b"A1:XFD1048576"))
    return path


def lying_dimension_workbook(directory: Path, *, rows: int = 5, name: str = "lying-dimension.xlsx") -> Path:
    """As :func:`far_cell_workbook`, but the sheet declares ``<dimension ref="A1:D3"/>`` while the
    cell at XFD1048576 stays."""
    path = _target(directory, name)
    _copy_zip(_workbook_bytes(valid_rows(rows=rows)), path, patch=_with_far_cell(b"A1:D3"))
    return path


def _split_sheet(sheet_xml: bytes, last_row: int) -> tuple[bytes, bytes]:
    """The sheet XML cut before ``</sheetData>``: (head, tail), the head's dimension set to
    ``A1:J<last_row>``."""
    cut = sheet_xml.index(b"</sheetData>")
    head = re.sub(
        rb'<dimension ref="[^"]*"/>', f'<dimension ref="A1:{_LAST_COLUMN}{last_row}"/>'.encode(), sheet_xml[:cut]
    )
    return head, sheet_xml[cut:]


def _row_template(size: int) -> str:
    """One padding row (``{r}`` standing for its number): a broadcast of :data:`PROVINCE` with
    inline strings and a note of :data:`ROW_PADDING` "x" (more when ``size`` would otherwise take
    over about a million rows). The long note keeps deflate fast and its ratio over 100:1."""
    date = dt.date(YEAR, 1, 5).strftime("%d/%m/%Y")
    note = "x" * max(ROW_PADDING, size // 1_000_000)
    return (
        '<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>' + PROVINCE + "</t></is></c>"
        '<c r="C{r}" t="inlineStr"><is><t>' + date + "</t></is></c>"
        '<c r="D{r}" t="inlineStr"><is><t>broadcast</t></is></c><c r="H{r}"><v>1</v></c>'
        '<c r="J{r}" t="inlineStr"><is><t>' + note + "</t></is></c></row>"
    )


def _row_count(template: str, first_row: int, size: int) -> int:
    """How many rows of ``template`` numbered from ``first_row`` it takes to reach ``size`` bytes
    (a row's length grows with the digits of its number)."""
    base, uses = len(template.replace("{r}", "")), template.count("{r}")
    count, row, left = 0, first_row, size
    while left > 0:
        digits = len(str(row))
        length = base + uses * digits
        available = 10**digits - row
        needed = -(-left // length)
        if needed <= available:
            return count + needed
        count, row, left = count + available, 10**digits, left - available * length
    return count


def _repeated_rows(template: str, first_row: int, count: int) -> Iterator[bytes]:
    """``count`` rows of ``template`` numbered from ``first_row``, in chunks of about 1 MiB."""
    first, *rest = [part.encode() for part in template.split("{r}")]
    per_chunk = max(1, MB // len(template))
    end = first_row + count
    for start in range(first_row, end, per_chunk):
        pieces: list[bytes] = []
        for row in range(start, min(start + per_chunk, end)):
            number = str(row).encode()
            pieces.append(first)
            for part in rest:
                pieces += (number, part)
        yield b"".join(pieces)


def _big_sheet_stream(
    base: bytes, size: int, style: Literal["rows", "cell"]
) -> tuple[str, Callable[[], Iterable[bytes]]]:
    """``(SHEET_XML, chunks)``: ``base``'s sheet XML grown to at least ``size`` bytes by adding,
    before ``</sheetData>``, many repetitive rows (``style="rows"``) or one row whose note cell
    holds a single giant string of "x" (``style="cell"``); the dimension covers the rows added."""
    with zipfile.ZipFile(io.BytesIO(base)) as archive:
        sheet = archive.read(SHEET_XML)
    first = sheet.count(b"<row ") + 1
    template = _row_template(size)
    probe_head, probe_tail = _split_sheet(sheet, 9_999_999)
    body = max(0, size - len(probe_head) - len(probe_tail))
    count = _row_count(template, first, body) if style == "rows" else 1
    head, tail = _split_sheet(sheet, first + count - 1)

    def chunks() -> Iterator[bytes]:
        yield head
        if style == "rows":
            yield from _repeated_rows(template, first, count)
        else:
            opening = f'<row r="{first}"><c r="{_LAST_COLUMN}{first}" t="inlineStr"><is><t>'.encode()
            closing = b"</t></is></c></row>"
            yield opening
            block, left = b"x" * MB, body - len(opening) - len(closing)
            while left > 0:
                yield block[: min(MB, left)]
                left -= MB
            yield closing
        yield tail

    return SHEET_XML, chunks


def inflating_workbook(
    directory: Path,
    uncompressed_mb: int = 600,
    *,
    style: Literal["rows", "cell"] = "rows",
    name: str = "inflating.xlsx",
) -> Path:
    """A workbook whose sheet XML inflates to about ``uncompressed_mb`` MiB but is stored deflated
    (level 1) in a few MiB: 20 valid rows, then (``style="rows"``) rows of a repeated broadcast with
    a padding note, numbered on (at most about a million), or (``style="cell"``) one note cell
    holding a single string of almost ``uncompressed_mb`` MiB of "x". The sheet entry is streamed
    with ``force_zip64=True``, so the generator holds about 1 MiB at a time. The default gives about
    76,000 rows of 8 KB in a 4.9 MB file (about 1 s); ``style="cell"`` a 2.8 MB file."""
    path = _target(directory, name)
    base = _workbook_bytes(valid_rows())
    stream = _big_sheet_stream(base, uncompressed_mb * MB, style)
    _copy_zip(base, path, stream=stream, compresslevel=1, force_zip64=True)
    return path


def lying_size_workbook(
    directory: Path, *, real_mb: int = 50, declared_bytes: int = 10_240, name: str = "lying-size.xlsx"
) -> Path:
    """A workbook whose sheet XML really inflates to about ``real_mb`` MiB of repetitive rows (as
    :func:`inflating_workbook`) while both its local file header and its central directory entry
    declare an uncompressed size of ``declared_bytes``.

    How: the workbook is written normally (deflated, no Zip64 fields, sizes in the local header
    since the file is seekable), then the 4-byte uncompressed-size fields are overwritten in place:
    at offset 22 of the entry's local file header and offset 24 of its central directory entry
    (found by walking the directory from the end-of-central-directory record). The CRC-32 and the
    compressed size stay true, so the deflated data can still be found and inflated;
    :func:`zip_sizes` reads back the declared and the real sizes. (Python's :mod:`zipfile` stops
    inflating at the declared size and raises ``BadZipFile: Bad CRC-32``.) About 230 KB."""
    if real_mb >= 4000:
        raise ValueError("real_mb must stay under 4 GiB (no Zip64 fields)")
    path = _target(directory, name)
    base = _workbook_bytes(valid_rows())
    _copy_zip(base, path, stream=_big_sheet_stream(base, real_mb * MB, "rows"), compresslevel=6)
    _declare_uncompressed_size(path, SHEET_XML, declared_bytes)
    return path


def huge_cell_workbook(directory: Path, chars: int = 40_000, *, name: str = "huge-cell.xlsx") -> Path:
    """A valid workbook (20 rows) whose row 2 note (J2) is a shared string of ``chars`` characters,
    beyond Excel's 32,767-character cell limit (xlsxwriter refuses to write it, so a placeholder is
    replaced in ``xl/sharedStrings.xml``). About 6 KB for the default."""
    path = _target(directory, name)
    rows = valid_rows()
    rows[0][_NOTE] = _STRING_MARK
    pattern = "Ghi chú rất dài. "
    text = (pattern * (chars // len(pattern) + 1))[:chars]
    long = functools.partial(_replace_once, old=f"<t>{_STRING_MARK}</t>".encode(), new=f"<t>{text}</t>".encode())
    _copy_zip(_workbook_bytes(rows), path, patch=_patch_entry(SHARED_STRINGS_XML, long))
    return path


def overflow_workbook(directory: Path, *, name: str = "overflow.xlsx") -> Path:
    """Valid rows around rows whose count (Số lượng) or attendances (Số lượt người) overflow:

    ====  ===============================================================
    row   value (in the count column, then in the attendance column)
    ====  ===============================================================
    3, 4  the number 1e19 (above the int64 maximum)
    5, 6  the number 1e308 (near the float maximum)
    7, 8  the string "99999999999999999999"
    9, 10 the number cell ``<v>99999999999999999999</v>`` (written into the XML)
    ====  ===============================================================

    Rows 2 and 11–12 are valid; attendances are on conference rows."""
    path = _target(directory, name)
    values: list[Cell] = [1e19, 1e308, OVERFLOW_TEXT, _NUMBER_MARK]
    rows = _overflow_rows(values)
    big = OVERFLOW_TEXT.encode()

    def patch(data: bytes) -> bytes:
        for cell in ("H9", "I10"):
            data = _substitute_cell(
                data, cell, _NUMBER_MARK_XML.encode(), f'<c r="{cell}"><v>'.encode() + big + b"</v></c>"
            )
        return data

    _copy_zip(_workbook_bytes(rows), path, patch=_patch_entry(SHEET_XML, patch))
    return path


def _overflow_rows(values: Sequence[Cell]) -> list[Row]:
    """One valid row, then for each value a row with it as the count and one with it as the
    attendances (on a conference), then two valid rows."""
    conference = next(r for r in valid_rows(rows=10) if r[_ACTIVITY] == "conference")
    out = valid_rows(rows=1)
    for n, value in enumerate(values):
        for column in (_COUNT, _PARTICIPANTS):
            row = list(conference)
            row[column] = value
            row[_NOTE] = f"Tràn số {n + 1} ({'số lượng' if column == _COUNT else 'số lượt người'})"
            out.append(row)
    return out + valid_rows(rows=2, first=1)


def boolean_workbook(directory: Path, true_first: bool = True, *, name: str | None = None) -> Path:
    """Booleans where numbers or text belong, on otherwise valid rows:

    * rows 2–5, count column: TRUE, FALSE, 1, 0 (``true_first``) or 1, 0, TRUE, FALSE — real
      boolean cells (``t="b"``) and real number cells;
    * row 6: the province cell is the boolean TRUE;
    * row 7: the date cell is the boolean FALSE;
    * rows 8–9: valid.

    Written to ``boolean-true-first.xlsx`` or ``boolean-numbers-first.xlsx`` unless ``name`` is given."""
    path = _target(directory, name or f"boolean-{'true' if true_first else 'numbers'}-first.xlsx")
    counts: list[Cell] = [True, False, 1, 0] if true_first else [1, 0, True, False]
    rows = valid_rows(rows=8)
    for row, count in zip(rows, counts, strict=False):
        row[_COUNT] = count
    rows[4][_PROVINCE] = True
    rows[5][_DATE] = False
    _write_sheet(path, rows)
    return path


_LAUGHS = (
    b'<!DOCTYPE {root} [<!ENTITY lol0 "lol">'
    + b"".join(b"<!ENTITY lol%d " % n + b'"' + (b"&lol%d;" % (n - 1)) * 10 + b'">' for n in range(1, 10))
    + b"]>"
)
_XXE = b'<!DOCTYPE {root} [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


def xml_entity_workbook(
    directory: Path,
    *,
    entity: Literal["laughs", "xxe"] = "laughs",
    part: Literal["sheet", "shared_strings"] = "sheet",
    name: str | None = None,
) -> Path:
    """A valid workbook (20 rows) whose sheet XML (``part="sheet"``) or ``xl/sharedStrings.xml``
    (``part="shared_strings"``) starts with a DOCTYPE declaring either the billion-laughs entities
    ``lol0`` … ``lol9`` (``&lol9;`` expands to 3·10⁹ bytes) or an external entity
    ``<!ENTITY xxe SYSTEM "file:///etc/passwd">``, and whose row 2 note (J2) is ``&lol9;`` or
    ``&xxe;`` (an inline string, or the shared string J2 points to). Written to
    ``<entity>-in-<part>.xlsx`` unless ``name`` is given."""
    path = _target(directory, name or f"{entity}-in-{part.replace('_', '-')}.xlsx")
    doctype = _LAUGHS if entity == "laughs" else _XXE
    reference = b"&lol9;" if entity == "laughs" else b"&xxe;"
    rows = valid_rows()
    if part == "sheet":
        rows[0][_NOTE] = _NUMBER_MARK

        def change(data: bytes) -> bytes:
            data = _substitute_cell(data, "J2", _NUMBER_MARK_XML.encode(), _inline_string("J2", reference))
            return _after_declaration(data, doctype.replace(b"{root}", b"worksheet"))

        patch = _patch_entry(SHEET_XML, change)
    else:
        rows[0][_NOTE] = _STRING_MARK

        def change(data: bytes) -> bytes:
            data = _replace_once(data, f"<t>{_STRING_MARK}</t>".encode(), b"<t>" + reference + b"</t>")
            return _after_declaration(data, doctype.replace(b"{root}", b"sst"))

        patch = _patch_entry(SHARED_STRINGS_XML, change)
    _copy_zip(_workbook_bytes(rows), path, patch=patch)
    return path


def xml_entity_workbooks(directory: Path) -> list[Path]:
    """The four :func:`xml_entity_workbook` variants: billion laughs and external entity, each in
    the sheet XML and in the shared strings."""
    return [
        xml_entity_workbook(directory, entity=entity, part=part)
        for entity in ("laughs", "xxe")
        for part in ("sheet", "shared_strings")
    ]


# --------------------------------------------------------------------------------------------
# Hostile CSV files
# --------------------------------------------------------------------------------------------


def _csv_text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def _write_csv(path: Path, rows: Iterable[Row]) -> Path:
    """UTF-8 (no BOM), comma-separated, the Vietnamese headers first, dates as dd/mm/yyyy."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADERS)
        for row in rows:
            writer.writerow([_csv_text(value) for value in row])
    return path


def _padding(size: int) -> str:
    """``size`` bytes of ASCII text, no comma, quote or line break."""
    pattern = "Ghi chu rat dai. "
    return (pattern * (size // len(pattern) + 1))[:size]


def overflow_csv(directory: Path, *, name: str = "overflow.csv") -> Path:
    """Valid rows around rows whose count (Số lượng) or attendances (Số lượt người) are the texts
    "99999999999999999999" (lines 3–4), "1e19" (5–6) and "1e308" (7–8), each once in the count
    column and once in the attendance column (on a conference); lines 2 and 9–10 are valid."""
    return _write_csv(_target(directory, name), _overflow_rows([OVERFLOW_TEXT, "1e19", "1e308"]))


def huge_field_csv(directory: Path, mb: int = 10, *, name: str = "huge-field.csv") -> Path:
    """Ten valid rows; the note of the third (line 4) is ``mb`` MiB of ASCII text, far over the
    ``csv`` module's default field limit of 131,072 characters."""
    rows = valid_rows(rows=10)
    rows[2][_NOTE] = _padding(mb * MB)
    return _write_csv(_target(directory, name), rows)


def long_note_csv(directory: Path, mb: int = 10, *, name: str = "long-note.csv") -> Path:
    """Ten rows, valid but for the third (line 4): its count is -3 (so it ends in the rejects file)
    and its note is ``mb`` MiB of ASCII text."""
    rows = valid_rows(rows=10)
    rows[2][_COUNT] = -3
    rows[2][_NOTE] = _padding(mb * MB)
    return _write_csv(_target(directory, name), rows)


def zero_width_province_csv(directory: Path, *, name: str = "zero-width-province.csv") -> Path:
    """Six valid rows naming the province Thái Nguyên (:data:`PROVINCE`) by name; on lines 3 and 5
    the space is a zero-width space: "Thái\\u200bNguyên"."""
    province = default_units().get(UNIT_SET)[PROVINCE].name
    rows = valid_rows(rows=6)
    for n, row in enumerate(rows):
        row[_PROVINCE] = province.replace(" ", "\u200b") if n in (1, 3) else province
    return _write_csv(_target(directory, name), rows)


def formula_and_script_csv(directory: Path, *, name: str = "formula-and-script.csv") -> Path:
    """Valid rows (lines 2–8) whose notes, from line 3, are :data:`FORMULA_AND_SCRIPT_NOTES`:
    ``=HYPERLINK(…)``, ``+1+1``, ``@SUM(A1)``, a ``<script>``, a Jinja expression and a Jinja tag."""
    rows = valid_rows(rows=len(FORMULA_AND_SCRIPT_NOTES) + 1)
    for row, note in zip(rows[1:], FORMULA_AND_SCRIPT_NOTES, strict=True):
        row[_NOTE] = note
    return _write_csv(_target(directory, name), rows)


# --------------------------------------------------------------------------------------------
# Folders
# --------------------------------------------------------------------------------------------


def fake_xls_bytes(size: int = 512) -> bytes:
    """The Compound File magic number padded with zeros to ``size`` bytes (not a real workbook)."""
    return OLE_MAGIC + bytes(size - len(OLE_MAGIC))


def _fake_ods(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype", date_time=(2026, 1, 1, 0, 0, 0)), ODS_MIMETYPE)


def _lock_file_bytes(user: str = "Nguyen Van A") -> bytes:
    """An Excel owner file (``~$name.xlsx``, 165 bytes): the user name's length and ANSI text
    padded with spaces to 54 bytes, then its length and UTF-16 text, padded to 165."""
    head = (bytes([len(user)]) + user.encode("ascii")).ljust(54, b" ")
    return (head + struct.pack("<H", len(user)) + user.encode("utf-16-le")).ljust(165, b" ")


def mixed_folder(directory: Path, *, name: str = "mixed", folder_named_xlsx: bool = False) -> Path:
    """A folder ``directory/name`` holding, with a, b, c, d, e the first five codes of the 34-province set:

    * ``bao-cao-a.xlsx``: a valid workbook of province a (20 rows, :data:`YEAR`);
    * ``BAO-CAO-b.XLSX``: a valid workbook of province b (upper-case extension);
    * ``bao-cao-c.xlsm``: a valid workbook of province c (xlsx bytes under a .xlsm name);
    * ``bao-cao-cu.xls``: a fake .xls (OLE magic number and zeros, 512 bytes);
    * ``bao-cao.ods``: a fake .ods (a zip whose only entry is ``mimetype``);
    * ``bao-cao-d``: no extension, the bytes of a valid workbook of province d;
    * ``~$bao-cao.xlsx``: an Excel lock file (165 bytes, not a zip);
    * ``.DS_Store``: a hidden macOS file (magic ``\\0\\0\\0\\1Bud1``, 6,148 bytes);
    * ``luu-tru/``: a sub-folder holding ``bao-cao-e.xlsx``, a valid workbook of province e;
    * with ``folder_named_xlsx``, also ``thu-muc.xlsx/``: an empty folder with a workbook's name.

    Only the first three are reports a reader of the folder (not recursing) should take."""
    folder = _target(directory, name)
    folder.mkdir(exist_ok=True)
    a, b, c, d, e = province_codes()[:5]
    valid_workbook(folder, a, name=f"bao-cao-{a}.xlsx")
    valid_workbook(folder, b, name=f"BAO-CAO-{b}.XLSX")
    shutil.move(valid_workbook(folder, c), folder / f"bao-cao-{c}.xlsm")
    (folder / "bao-cao-cu.xls").write_bytes(fake_xls_bytes())
    _fake_ods(folder / "bao-cao.ods")
    shutil.move(valid_workbook(folder, d), folder / f"bao-cao-{d}")
    (folder / "~$bao-cao.xlsx").write_bytes(_lock_file_bytes())
    (folder / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1".ljust(6148, b"\x00"))
    valid_workbook(folder / "luu-tru", e)
    if folder_named_xlsx:
        (folder / "thu-muc.xlsx").mkdir(exist_ok=True)
    return folder


def xls_only_folder(directory: Path, *, name: str = "xls-only") -> Path:
    """A folder ``directory/name`` holding only two fake .xls files (OLE magic number and zeros)."""
    folder = _target(directory, name)
    folder.mkdir(exist_ok=True)
    for file_name in ("bao-cao-quy-1.xls", "bao-cao-quy-2.xls"):
        (folder / file_name).write_bytes(fake_xls_bytes())
    return folder


HOSTILE: dict[str, Callable[[Path], Path]] = {
    "far_cell": far_cell_workbook,
    "lying_dimension": lying_dimension_workbook,
    "inflating": inflating_workbook,
    "lying_size": lying_size_workbook,
    "huge_cell": huge_cell_workbook,
    "overflow_csv": overflow_csv,
    "overflow_workbook": overflow_workbook,
    "boolean_true_first": boolean_workbook,
    "boolean_numbers_first": functools.partial(boolean_workbook, true_first=False),
    "huge_field_csv": huge_field_csv,
    "zero_width_province_csv": zero_width_province_csv,
    "long_note_csv": long_note_csv,
    "laughs_in_sheet": functools.partial(xml_entity_workbook, entity="laughs", part="sheet"),
    "laughs_in_shared_strings": functools.partial(xml_entity_workbook, entity="laughs", part="shared_strings"),
    "xxe_in_sheet": functools.partial(xml_entity_workbook, entity="xxe", part="sheet"),
    "xxe_in_shared_strings": functools.partial(xml_entity_workbook, entity="xxe", part="shared_strings"),
    "formula_and_script_csv": formula_and_script_csv,
}
"""Every single-file hostile generator by name; each writes a differently named file, so all can
share one directory (with :func:`valid_batch`'s 34 files)."""
