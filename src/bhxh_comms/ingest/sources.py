"""Reading input files and DataFrames into raw tables of canonical columns.

Nothing is validated here: every cell is kept as read (object dtype) with the source, sheet
and the row number the user sees (Excel row, CSV line), so validation can point at it.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import Any

import attrs
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
from python_calamine import CalamineWorkbook, PasswordError

from bhxh_comms.ingest.columns import (
    BY_NAME,
    CANONICAL,
    COLUMNS,
    column_letter,
    header_index,
    known_extra,
    origin_index,
)
from bhxh_comms.ingest.sparse_sheet import read_sparse_sheet
from bhxh_comms.ingest.workbook_scan import DEFAULT_LIMITS, WorkbookLimits, WorkbookRefused, WorkbookScan, scan_workbook
from bhxh_comms.messages import Location, Message, counted
from bhxh_comms.phrasing import format_number
from bhxh_comms.text import fold

HEADER_SCAN_ROWS = 30
_DECLARED_YEAR = re.compile(r"\bbao cao\b.*\bnam (\d{4})\b")  # "BÁO CÁO … NĂM 2026", folded
_HELP_SHEET = "Hướng dẫn"  # the template's guide sheet (ingest.template.HELP_SHEET)
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # encrypted .xlsx files are OLE containers
_ZIP_MAGIC = b"PK\x03\x04"

Input = str | os.PathLike[str] | pd.DataFrame


def _frozen(value: Mapping[str, str]) -> Mapping[str, str]:
    return MappingProxyType(dict(value))


@attrs.frozen(kw_only=True)
class RawTable:
    """Rows of one sheet/file under canonical column names, with their locations."""

    source: str
    sheet: str | None
    frame: pd.DataFrame
    """Canonical columns (missing ones are all-NA) plus ``row``: the 1-based row as the user sees it;
    a rejects workbook sent back also gives its origin columns (:data:`~bhxh_comms.ingest.columns.ORIGIN`)."""
    declared_year: int | None = None
    """The year the report form declares above its header ("BÁO CÁO … NĂM 2026" in the
    template's title), or None."""
    letters: Mapping[str, str] = attrs.field(factory=dict, converter=_frozen)
    """The spreadsheet column letter of each canonical column found ("C" for the date), to
    point at a cell; empty for a DataFrame."""
    warnings: tuple[FileProblem, ...] = ()
    """What was read but left out, said once per file: a column whose header is not
    recognised and holds data (a misspelt "Số người dự" would otherwise lose its figures)."""


@attrs.frozen(kw_only=True)
class FileProblem:
    """A file (or sheet) that could not be read at all, or (``severity="warning"``) a part of
    it left out."""

    source: str
    sheet: str | None
    message_vi: str
    message_en: str
    code: str = "unreadable_file"
    severity: str = "error"
    """``warning`` for a file left out on purpose (an Excel lock file, a hidden file)."""

    def as_message(self) -> Message:
        return Message(
            code=self.code,
            severity=self.severity,
            vi=self.message_vi,
            en=self.message_en,
            location=Location(source=self.source, sheet=self.sheet),
        )


def _match_header(cells: Iterable[Any]) -> dict[int, str]:
    index = header_index()
    found: dict[int, str] = {}
    for position, cell in enumerate(cells):
        if isinstance(cell, str) and cell.strip():
            name = index.get(fold(cell))
            if name is not None and name not in found.values():
                found[position] = name
    return found


REQUIRED = frozenset(c.name for c in COLUMNS if c.required)


def _find_header(grid: list[list[Any]], scanned: int = HEADER_SCAN_ROWS) -> tuple[int, dict[int, str]] | None:
    """The header row: the first of the ``scanned`` rows with the most recognised column
    names (at least three, of which at least two required ones)."""
    best: tuple[int, dict[int, str]] | None = None
    for number, row in enumerate(grid[:scanned]):
        found = _match_header(row)
        enough = len(found) >= 3 and len(REQUIRED & set(found.values())) >= 2
        if enough and (best is None or len(found) > len(best[1])):
            best = (number, found)
    return best


def declared_year(rows: Iterable[Iterable[Any]]) -> int | None:
    """The year of a report title ("BÁO CÁO HOẠT ĐỘNG … NĂM 2026") in the rows above a header."""
    for row in rows:
        for cell in row:
            if isinstance(cell, str):
                found = _DECLARED_YEAR.search(fold(cell))
                if found:
                    return int(found.group(1))
    return None


def _is_blank(grid: list[list[Any]]) -> bool:
    return not any(any(c not in (None, "") for c in row) for row in grid)


def table_from_grid(
    grid: list[list[Any]],
    *,
    source: str,
    sheet: str | None,
    first_row_number: int = 1,
    row_numbers: Sequence[int] | None = None,
    body: pd.DataFrame | None = None,
) -> RawTable | FileProblem:
    """Find the header in a grid of cells and return the rows below it as a RawTable.

    Row ``i`` of the grid is row ``first_row_number + i`` of the file, or ``row_numbers[i]``
    when given (a sparse grid holds only the rows that have cells). With ``body`` (every row of
    the file as columns 0, 1, …), ``grid`` holds only its first rows, where the header is."""
    if _is_blank(grid) and (body is None or len(body) <= len(grid)):
        return FileProblem(
            source=source, sheet=sheet, message_vi="tệp/trang tính trống", message_en="empty file or sheet"
        )
    numbers = (
        np.asarray(row_numbers, dtype=np.int64)
        if row_numbers is not None
        else np.arange(len(grid) if body is None else len(body), dtype=np.int64) + first_row_number
    )
    header = _find_header(grid, int(np.searchsorted(numbers, first_row_number + HEADER_SCAN_ROWS)))
    if header is None:
        return FileProblem(
            source=source,
            sheet=sheet,
            message_vi="không tìm thấy dòng tiêu đề (Tỉnh, Ngày, Hình thức, Số lượng…)",
            message_en="no recognisable header row (province, date, activity_type, count…)",
        )
    header_row, mapping = header
    shown_row = int(numbers[header_row])
    missing = [BY_NAME[n].header_vi for n in CANONICAL if n in REQUIRED and n not in mapping.values()]
    if missing:
        return FileProblem(
            source=source,
            sheet=sheet,
            message_vi=f"thiếu cột bắt buộc: {', '.join(missing)} (dòng tiêu đề {shown_row})",
            message_en=f"required column(s) missing: {', '.join(missing)} (header on row {shown_row})",
        )
    if body is not None:
        frame = body.iloc[header_row + 1 :].reset_index(drop=True)
    else:
        rows = grid[header_row + 1 :]
        width = max((len(r) for r in grid), default=0)
        if any(len(r) != width for r in rows):  # a ragged grid (CSV lines of different lengths)
            rows = [[*r, *([None] * (width - len(r)))] for r in rows]
        frame = pd.DataFrame(rows, columns=range(width) if rows else None, dtype=object)
        if frame.empty:
            frame = pd.DataFrame(columns=range(width), dtype=object)
    out = pd.DataFrame(index=frame.index)
    for name in CANONICAL:
        position = next((p for p, n in mapping.items() if n == name), None)
        out[name] = (
            frame[position]
            if position is not None and position in frame.columns
            else pd.Series(pd.NA, index=frame.index, dtype=object)
        )
    out["row"] = numbers[header_row + 1 :]
    origins = _origin_columns(grid[header_row])
    for position, name in origins.items():
        if position in frame.columns:
            out[name] = frame[position]
    return RawTable(
        source=source,
        sheet=sheet,
        frame=out,
        declared_year=declared_year(grid[:header_row]),
        letters={name: column_letter(position) for position, name in mapping.items()},
        warnings=_unread_columns(
            list(grid[header_row]),
            [*mapping, *origins],
            lambda p: frame[p] if p in frame.columns else None,
            source=source,
            sheet=sheet,
            letters=True,
            width=len(frame.columns),
        ),
    )


def _unread_columns(
    header: Sequence[Any],
    used: Iterable[Any],
    column: Callable[[int], pd.Series | None],
    *,
    source: str,
    sheet: str | None,
    letters: bool,
    width: int = 0,
) -> tuple[FileProblem, ...]:
    """A warning for each column with data that is not read: its header is not one the reader
    knows (or names a column it took already), or it has none (cells beside the table, a row
    longer than the header; ``width``: the columns of the rows); ``column(position)`` gives a
    column's cells."""
    taken = set(used)
    found = []
    for position in range(max(len(header), width)):
        title = header[position] if position < len(header) else None
        named = isinstance(title, str) and bool(title.strip())
        if position in taken or (named and known_extra(str(title))):
            continue
        cells = column(position)
        count = _filled(cells) if cells is not None else 0
        if not count:
            continue
        letter_vi = f" (cột {column_letter(position)})" if letters else ""
        letter_en = f" (column {column_letter(position)})" if letters else ""
        if named:
            vi = f"cột “{str(title).strip()}”{letter_vi} không phải cột của mẫu báo cáo nên không được đọc"
            en = f"column “{str(title).strip()}”{letter_en} is not a column of the report form and was not read"
            hint_vi, hint_en = "kiểm tra tên cột, xem trang Hướng dẫn", "check its header"
        else:
            vi = f"cột {column_letter(position)} không có tiêu đề nên không được đọc"
            en = f"column {column_letter(position)} has no header and was not read"
            hint_vi, hint_en = (
                "đặt số liệu vào đúng cột của mẫu, hoặc xóa",
                "put the data in the form's columns, or delete it",
            )
        found.append(
            FileProblem(
                source=source,
                sheet=sheet,
                code="unknown_column",
                severity="warning",
                message_vi=f"{vi}: {count} ô có số liệu bị bỏ qua ({hint_vi})",
                message_en=f"{en}: {counted(count, 'cell')} with data left out ({hint_en})",
            )
        )
    return tuple(found)


def _filled(column: pd.Series) -> int:
    """Non-blank cells of a column (text of spaces counts as blank)."""
    text = column.astype("string")
    return int((text.notna() & (text.str.strip() != "")).sum())


def _origin_columns(header: Iterable[Any]) -> dict[Any, str]:
    """Positions of the origin columns of a rejects workbook sent back corrected."""
    index = origin_index()
    return {p: index[fold(c)] for p, c in enumerate(header) if isinstance(c, str) and fold(c) in index}


def _refused(source: str, sheet: str | None, vi: str, en: str) -> FileProblem:
    return FileProblem(source=source, sheet=sheet, message_vi=vi, message_en=en, code="workbook_refused")


def _sheet_grid(
    path: Path, workbook: CalamineWorkbook, name: str, scan: WorkbookScan, limits: WorkbookLimits
) -> tuple[list[list[Any]], list[int] | None, FileProblem | None] | FileProblem:
    """A sheet's cells: densely through python-calamine when its extent is small, sparsely
    when it is large but holds few cells (with a warning naming the cells left out); refused
    when it holds too many."""
    extent = scan.sheets.get(name)
    if extent is None or extent.dense_cells <= limits.max_dense_cells:
        return workbook.get_sheet_by_name(name).to_python(skip_empty_area=False), None, None
    if extent.cells > limits.max_cells:
        return _refused(
            str(path),
            name,
            f"trang tính có quá nhiều ô: {format_number(extent.cells)} (tối đa {format_number(limits.max_cells)})",
            f"the sheet holds too many cells: {extent.cells:,} (at most {limits.max_cells:,})",
        )
    sparse = read_sparse_sheet(path, extent.part, max_columns=limits.max_columns, date1904=scan.date1904)
    warned = None
    if sparse.left_out:
        shown = ", ".join(sparse.left_out[:5]) + (", …" if len(sparse.left_out) > 5 else "")
        last = column_letter(limits.max_columns - 1)
        warned = FileProblem(
            source=str(path),
            sheet=name,
            message_vi=f"{len(sparse.left_out)} ô ngoài vùng số liệu (sau cột {last}) không được đọc: {shown}",
            message_en=f"{len(sparse.left_out)} cell(s) far outside the data (beyond column {last}) not read: {shown}",
            code="cells_left_out",
            severity="warning",
        )
    return sparse.grid, sparse.row_numbers, warned


def read_xlsx(path: Path, limits: WorkbookLimits = DEFAULT_LIMITS) -> Iterator[RawTable | FileProblem]:
    """The tables of a workbook's sheets, after :func:`~bhxh_comms.ingest.workbook_scan.scan_workbook`
    has checked it against ``limits``; a refused workbook or sheet is a located problem."""
    source = str(path)
    with path.open("rb") as handle:
        head = handle.read(8)
    if head == _OLE_MAGIC:
        yield FileProblem(
            source=source,
            sheet=None,
            message_vi="bảng tính có mật khẩu hoặc là định dạng .xls cũ: hãy bỏ mật khẩu và lưu dạng .xlsx",
            message_en="workbook is password-protected (or an old .xls): remove the password, save as .xlsx",
        )
        return
    if head[:4] != _ZIP_MAGIC:
        yield FileProblem(
            source=source,
            sheet=None,
            message_vi="tệp .xlsx bị hỏng hoặc không phải bảng tính Excel",
            message_en="corrupt file or not an Excel workbook",
        )
        return
    try:
        scan = scan_workbook(path, limits)
    except WorkbookRefused as refused:
        yield _refused(source, None, refused.vi, refused.en)
        return
    grids: list[tuple[str, list[list[Any]], list[int] | None]] = []
    sheet_problems: list[FileProblem] = []
    try:
        workbook = CalamineWorkbook.from_path(source)
        metadata = {m.name: m for m in workbook.sheets_metadata}
        visible = {n: str(metadata[n].visible).lower().endswith(".visible") for n in workbook.sheet_names}
        for name in workbook.sheet_names:
            found = _sheet_grid(path, workbook, name, scan, limits)
            if isinstance(found, FileProblem):
                sheet_problems.append(found)
                continue
            grid, numbers, warned = found
            grids.append((name, grid, numbers))
            if warned is not None:
                sheet_problems.append(warned)
    except PasswordError:
        yield FileProblem(
            source=source,
            sheet=None,
            message_vi="bảng tính có mật khẩu: hãy bỏ mật khẩu",
            message_en="workbook is password-protected: remove the password",
        )
        return
    except Exception as exc:  # noqa: BLE001 - calamine and the XML parser raise many error types for corrupt files
        yield FileProblem(
            source=source, sheet=None, message_vi=f"tệp .xlsx bị hỏng: {exc}", message_en=f"corrupt workbook: {exc}"
        )
        return
    yield from sheet_problems
    tables = [
        (name, table_from_grid(grid, source=source, sheet=name, row_numbers=numbers)) for name, grid, numbers in grids
    ]
    blank = {name: _is_blank(grid) for name, grid, _ in grids}
    shown = [(name, t) for name, t in tables if visible[name]]
    found_tables = [t for _, t in shown if isinstance(t, RawTable)]
    if found_tables:
        yield from found_tables
        # Nothing is dropped without a word: a visible sheet with content but no header (other
        # than the template's guide) and a hidden sheet with data are reported.
        for name, table in shown:
            if isinstance(table, FileProblem) and name != _HELP_SHEET and not blank[name]:
                yield table
    elif shown:
        yield next(t for _, t in shown if isinstance(t, FileProblem))
    elif not sheet_problems:
        yield FileProblem(source=source, sheet=None, message_vi="bảng tính không có trang nào", message_en="no sheets")
    for name, table in tables:
        if not visible[name] and isinstance(table, RawTable) and len(table.frame):
            yield FileProblem(
                source=source,
                sheet=name,
                message_vi="trang tính bị ẩn có số liệu, không được đọc: hãy hiện trang tính hoặc xóa nó",
                message_en="hidden sheet with data, not read: unhide or delete it",
            )


def read_csv(path: Path) -> Iterator[RawTable | FileProblem]:
    source = str(path)
    data = path.read_bytes()
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        yield FileProblem(
            source=source,
            sheet=None,
            message_vi=f"tệp CSV không phải mã UTF-8 (byte {exc.start}): hãy lưu lại với mã hóa UTF-8",
            message_en=f"CSV file is not UTF-8 encoded (byte {exc.start}): save it again as UTF-8",
        )
        return
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    fast = _csv_columns(data, text, delimiter)
    if fast is not None:
        yield table_from_grid(fast[0], source=source, sheet=None, body=fast[1])
        return
    # No field can be longer than the file: with that limit the csv module never stops on a
    # long field (its default is 128 KB), and validation rejects the row that holds it. The
    # limit is process-wide, so it is only ever raised.
    csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))
    try:
        # newline="": lines end at \n, \r\n or \r (old Mac files), as the csv module wants
        grid = [list(r) for r in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    except csv.Error as exc:
        yield FileProblem(
            source=source,
            sheet=None,
            message_vi=f"tệp CSV không đọc được: {exc}",
            message_en=f"unreadable CSV file: {exc}",
        )
        return
    yield table_from_grid(grid, source=source, sheet=None)


def _csv_columns(data: bytes, text: str, delimiter: str) -> tuple[list[list[Any]], pd.DataFrame] | None:
    """The file's first rows as a grid and every row as columns of text (categoricals of their
    distinct values), read by Arrow's CSV reader: a million rows in a second, not ten. None
    when the file is not a plain rectangle of fields (ragged or blank lines, odd quoting): the
    csv module then reads it, as every CSV file was read before."""
    try:
        first = next(csv.reader(io.StringIO(text[: text.find("\n") + 1 or len(text)]), delimiter=delimiter), [])
    except csv.Error:  # a line break the first line cannot hold (old Mac files end lines with CR)
        return None
    if not first:
        return None
    text_type = pa.dictionary(pa.int32(), pa.string())
    try:
        table = pacsv.read_csv(
            io.BytesIO(data),
            read_options=pacsv.ReadOptions(autogenerate_column_names=True),
            parse_options=pacsv.ParseOptions(delimiter=delimiter, newlines_in_values=True, ignore_empty_lines=False),
            convert_options=pacsv.ConvertOptions(
                column_types={f"f{i}": text_type for i in range(len(first))}, strings_can_be_null=False
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowKeyError, pa.ArrowNotImplementedError, ValueError):
        return None
    if table.num_columns != len(first):
        return None
    top = [list(row.values()) for row in table.slice(0, HEADER_SCAN_ROWS).to_pylist()]
    body = table.to_pandas()
    body.columns = range(table.num_columns)
    return top, body


def read_parquet(path: Path) -> Iterator[RawTable | FileProblem]:
    try:
        # Text columns read as dictionaries: categoricals, a few bytes a row, whose codes
        # validation uses as they are (ten million rows of codes and names stay small).
        schema = pq.read_schema(path)
        text = [f.name for f in schema if pa.types.is_string(f.type) or pa.types.is_large_string(f.type)]
        frame = pq.read_table(path, read_dictionary=text).to_pandas(split_blocks=True, self_destruct=True)
        pa.default_memory_pool().release_unused()  # the Arrow buffers are pandas' now: give back the rest
    except Exception as exc:  # noqa: BLE001 - pyarrow raises many error types for bad files
        yield FileProblem(
            source=str(path),
            sheet=None,
            message_vi=f"tệp Parquet hỏng: {exc}",
            message_en=f"corrupt Parquet file: {exc}",
        )
        return
    yield from read_frame(frame, source=str(path))


def read_frame(frame: pd.DataFrame, *, source: str = "<DataFrame>") -> Iterator[RawTable | FileProblem]:
    """A DataFrame whose column names are canonical names or headers; rows numbered from 1."""
    mapping = _match_header(list(frame.columns))
    if len(mapping) < 3 or not set(mapping.values()) >= REQUIRED:
        yield FileProblem(
            source=source,
            sheet=None,
            message_vi="không nhận ra tên cột của bảng dữ liệu",
            message_en=f"no recognisable columns in {list(frame.columns)[:12]}",
        )
        return
    # Columns keep their types (dates, numbers, categoricals, Arrow strings): validation
    # factorizes each natively, far faster than as Python objects.
    columns: dict[str, Any] = {}
    for name in CANONICAL:
        position = next((p for p, n in mapping.items() if n == name), None)
        columns[name] = (
            frame.iloc[:, position].reset_index(drop=True)
            if position is not None
            # an absent column: every cell missing, a byte a row (not a pointer to NA each)
            else pd.Categorical.from_codes(
                np.full(len(frame), -1, dtype=np.int8), categories=pd.Index([], dtype=object)
            )
        )
    columns["row"] = np.arange(1, len(frame) + 1, dtype=np.int64 if len(frame) >= 2**31 - 1 else np.int32)
    for position, name in _origin_columns(list(frame.columns)).items():
        columns[name] = frame.iloc[:, position].astype(object).reset_index(drop=True)
    out = pd.DataFrame(columns, index=pd.RangeIndex(len(frame)))
    if out.empty:
        yield FileProblem(source=source, sheet=None, message_vi="bảng dữ liệu trống", message_en="empty table")
        return
    names = list(frame.columns)
    origins = _origin_columns(names)
    warnings = _unread_columns(
        names, [*mapping, *origins], lambda p: frame.iloc[:, p], source=source, sheet=None, letters=False
    )
    yield RawTable(source=source, sheet=None, frame=out, warnings=warnings)


READERS = {".xlsx": read_xlsx, ".xlsm": read_xlsx, ".csv": read_csv, ".parquet": read_parquet}
_SAVE_AS_XLSX = {".xls", ".xlsb", ".ods", ".numbers", ".et"}


def unsupported(path: Path) -> FileProblem:
    """Why a file of another type is not read, and what to do about it."""
    suffix = path.suffix.lower()
    if suffix in _SAVE_AS_XLSX:
        vi = f"không đọc được định dạng {suffix}: hãy mở tệp và lưu lại dạng .xlsx (Excel Workbook)"
        en = f"{suffix} files are not read: open the file and save it as .xlsx (Excel Workbook)"
        return FileProblem(source=str(path), sheet=None, message_vi=vi, message_en=en, code="save_as_xlsx")
    vi = f"không đọc loại tệp {suffix or '(không có đuôi)'}: báo cáo dùng .xlsx, .csv hoặc .parquet"
    en = f"file type {suffix or '(none)'} not read: reports are .xlsx, .csv or .parquet"
    return FileProblem(source=str(path), sheet=None, message_vi=vi, message_en=en, code="unsupported_file")


def read_source(item: Input) -> Iterator[RawTable | FileProblem]:
    """Raw tables (or the problem) of one input: a path to .xlsx/.csv/.parquet or a DataFrame."""
    if isinstance(item, pd.DataFrame):
        yield from read_frame(item)
        return
    path = Path(item)
    reader = READERS.get(path.suffix.lower())
    if not path.is_file():
        yield FileProblem(source=str(path), sheet=None, message_vi="không tìm thấy tệp", message_en="file not found")
    elif reader is None:
        yield unsupported(path)
    elif path.stat().st_size == 0:
        yield FileProblem(source=str(path), sheet=None, message_vi="tệp trống", message_en="empty file")
    else:
        yield from reader(path)
