"""Looking inside a workbook before reading it, so that no file can stop a national run.

An ``.xlsx`` file is a zip of XML parts. A hostile or broken one can declare a tiny size and
inflate to gigabytes, or hold one cell at XFD1048576 so that a reader building a dense grid
asks for half a terabyte (which aborts the process: no Python exception, the whole batch
lost). :func:`scan_workbook` streams every part once, within :class:`WorkbookLimits`, and
measures each worksheet's extent from its cell references; :mod:`bhxh_comms.ingest.sources`
then reads a sheet densely (python-calamine, fast) only when its extent is small, sparsely
(:mod:`bhxh_comms.ingest.sparse_sheet`) when it is large but holds few cells, and refuses it
otherwise. The limits are documented in ``docs/ingesting.md``.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from xml.etree import ElementTree

import attrs

MIB = 1024 * 1024
_CHUNK = 4 * MIB


def _frozen(value: Mapping[str, SheetExtent]) -> Mapping[str, SheetExtent]:
    return MappingProxyType(dict(value))


@attrs.frozen(kw_only=True)
class WorkbookLimits:
    """What a province's workbook may be. The defaults are far above any real report (the
    template filled for a whole year is a few thousand rows, under 1 MB) and far below what
    would exhaust the machine."""

    max_file_bytes: int = 100 * MIB
    """Size of the ``.xlsx`` file itself."""
    max_uncompressed_bytes: int = 256 * MIB
    """All parts of the zip once inflated (about 500,000 rows of the template)."""
    max_ratio: float = 100.0
    """Inflated / compressed size of one part larger than 10 MB: real sheets stay under 20."""
    max_parts: int = 10_000
    max_dense_cells: int = 5_000_000
    """Rows × columns of a sheet's extent read as a dense grid (500,000 rows × 10 columns)."""
    max_cells: int = 5_000_000
    """Cells a sheet may hold at all; a sheet with a larger extent but at most this many cells
    (a stray cell far away) is read sparsely."""
    max_columns: int = 64
    """Columns read by the sparse reader (the template has 10): cells further right hold no
    part of a record and are left out, as unrecognised columns are."""


DEFAULT_LIMITS = WorkbookLimits()


@attrs.frozen(kw_only=True)
class SheetExtent:
    """A worksheet part and how far its cells reach."""

    part: str
    rows: int
    """The highest row number used (an upper bound when rows carry no number)."""
    columns: int
    """The highest column number used (an upper bound when cells carry no reference)."""
    cells: int
    """How many cells the sheet holds."""

    @property
    def dense_cells(self) -> int:
        return self.rows * self.columns


@attrs.frozen(kw_only=True)
class WorkbookScan:
    """Every worksheet of a workbook by sheet name, measured; ``date1904`` for dates."""

    sheets: Mapping[str, SheetExtent] = attrs.field(converter=_frozen)
    date1904: bool = False


class WorkbookRefused(Exception):
    """The workbook breaks a limit or is not a sound zip; the text says which, in both languages."""

    def __init__(self, vi: str, en: str) -> None:
        super().__init__(en)
        self.vi, self.en = vi, en


_ROW = re.compile(rb'<row\b[^>]*?\sr="(\d+)"')
_WIDE = re.compile(rb' r="([A-Z]{2,3})\d+"')  # a column past Z
_DEEP = re.compile(rb' r="[A-Z]{1,3}(\d{6,})"')  # a row past 99,999 (cells are checked, not only rows)
_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_DOC_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


def column_number(letters: bytes | str) -> int:
    """``b"A"`` → 1, ``b"XFD"`` → 16384."""
    number = 0
    for ch in letters.decode() if isinstance(letters, bytes) else letters:
        number = number * 26 + ord(ch) - 64
    return number


class _Extent:
    """Running measures of one worksheet part, fed chunk by chunk."""

    def __init__(self) -> None:
        self.max_row = 0
        self.max_column = 26
        self.rows = self.numbered_rows = self.cells = self.references = 0

    def feed(self, data: bytes) -> None:
        rows = _ROW.findall(data)
        if rows:
            self.max_row = max(self.max_row, max(map(int, rows)))
        self.numbered_rows += len(rows)
        self.rows += data.count(b"<row ") + data.count(b"<row>")
        self.cells += data.count(b"<c ") + data.count(b"<c>") + data.count(b"<c/>")
        self.references += data.count(b' r="')
        wide = _WIDE.findall(data)
        if wide:
            self.max_column = max(self.max_column, max(map(column_number, wide)))
        deep = _DEEP.findall(data)
        if deep:
            self.max_row = max(self.max_row, max(map(int, deep)))

    def extent(self, part: str) -> SheetExtent:
        unnumbered_rows = self.rows - self.numbered_rows
        unreferenced_cells = max(self.cells - (self.references - self.numbered_rows), 0)
        return SheetExtent(
            part=part,
            rows=self.max_row + unnumbered_rows,
            columns=max(self.max_column, unreferenced_cells) if self.cells else 0,
            cells=self.cells,
        )


def _stream(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int, extent: _Extent | None) -> int:
    """Inflate one part in chunks (never whole), checking its real size against ``budget`` and
    its checksum (zipfile raises on a mismatch, as when a part lies about its size)."""
    total, tail, first = 0, b"", True
    with archive.open(info) as stream:
        while chunk := stream.read(_CHUNK):
            total += len(chunk)
            if total > budget:
                raise WorkbookRefused(
                    f"tệp giải nén vượt quá {budget // MIB} MB (phần {info.filename})",
                    f"the workbook inflates beyond {budget // MIB} MB (part {info.filename})",
                )
            if first and _DOCTYPE.search(chunk[:4096]):
                raise WorkbookRefused(
                    f"phần {info.filename} có khai báo DOCTYPE (bảng tính thật không có): không đọc",
                    f"part {info.filename} holds a DOCTYPE declaration (real workbooks have none): not read",
                )
            first = False
            if extent is not None:
                data = tail + chunk
                cut = data.rfind(b"<")
                data, tail = (data[:cut], data[cut:]) if cut > 0 else (data, b"")
                extent.feed(data)
        if extent is not None and tail:
            extent.feed(tail)
    return total


def _sheet_parts(archive: zipfile.ZipFile) -> tuple[dict[str, str], bool]:
    """Sheet name → worksheet part, from the workbook part and its relationships."""
    try:
        workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ElementTree.ParseError):
        return {}, False
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{_RELS}Relationship")}
    parts: dict[str, str] = {}
    for sheet in workbook.iter(f"{_MAIN}sheet"):
        target = targets.get(sheet.get(f"{_DOC_REL}id"), "")
        if target:
            part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
            parts[sheet.get("name", "")] = part
    properties = workbook.find(f"{_MAIN}workbookPr")
    date1904 = properties is not None and properties.get("date1904", "0").lower() in ("1", "true")
    return parts, date1904


def scan_workbook(path: Path, limits: WorkbookLimits = DEFAULT_LIMITS) -> WorkbookScan:
    """Measure a workbook without building it; :class:`WorkbookRefused` when it breaks a limit."""
    size = path.stat().st_size
    if size > limits.max_file_bytes:
        raise WorkbookRefused(
            f"tệp quá lớn: {size // MIB} MB (tối đa {limits.max_file_bytes // MIB} MB)",
            f"file too large: {size // MIB} MB (at most {limits.max_file_bytes // MIB} MB)",
        )
    try:
        with zipfile.ZipFile(path) as archive:
            return _scan(archive, limits)
    except WorkbookRefused:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, RuntimeError, ValueError, EOFError) as exc:
        # RuntimeError: an encrypted part; BadZipFile: a bad checksum, as when a part lies
        # about its size; the others: a truncated or otherwise broken archive.
        raise WorkbookRefused(
            f"tệp .xlsx bị hỏng (nén zip không hợp lệ: {exc})", f"corrupt workbook (invalid zip: {exc})"
        ) from None


def _scan(archive: zipfile.ZipFile, limits: WorkbookLimits) -> WorkbookScan:
    infos = archive.infolist()
    if len(infos) > limits.max_parts:
        raise WorkbookRefused(
            f"tệp có {len(infos)} phần nén (tối đa {limits.max_parts})",
            f"the workbook has {len(infos)} zip parts (at most {limits.max_parts})",
        )
    declared = sum(i.file_size for i in infos)
    if declared > limits.max_uncompressed_bytes:
        raise WorkbookRefused(
            f"tệp giải nén ra {declared // MIB} MB (tối đa {limits.max_uncompressed_bytes // MIB} MB)",
            f"the workbook inflates to {declared // MIB} MB (at most {limits.max_uncompressed_bytes // MIB} MB)",
        )
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > 10 * MIB and ratio > limits.max_ratio:
            raise WorkbookRefused(
                f"phần {info.filename} nén {ratio:.0f} lần (tối đa {limits.max_ratio:.0f}): có thể là bom nén",
                f"part {info.filename} is compressed {ratio:.0f}× (at most {limits.max_ratio:.0f}×): "
                "a decompression bomb",
            )
    parts, date1904 = _sheet_parts(archive)
    worksheets = set(parts.values())
    extents: dict[str, SheetExtent] = {}
    budget = limits.max_uncompressed_bytes
    for info in infos:
        extent = _Extent() if info.filename in worksheets else None
        budget -= _stream(archive, info, budget, extent)
        if extent is not None:
            extents[info.filename] = extent.extent(info.filename)
    return WorkbookScan(
        sheets={name: extents[part] for name, part in parts.items() if part in extents}, date1904=date1904
    )
