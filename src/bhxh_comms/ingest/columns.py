"""The canonical activity record: its columns, their Vietnamese headers and what is required."""

from __future__ import annotations

import functools

import attrs

from bhxh_comms.text import fold


@attrs.frozen(kw_only=True)
class Column:
    name: str
    header_vi: str
    required: bool
    kind: str  # "unit", "date", "category", "count", "text"
    catalog: str | None = None
    """For category columns, the catalog kind whose codes the column holds."""
    help_vi: str = ""
    aliases: tuple[str, ...] = ()
    maximum: int | None = None
    """For count columns, the largest plausible value of one row: above it the cell is a typing
    or conversion error (a number pasted from elsewhere, a phone number), not a count."""


COLUMNS: tuple[Column, ...] = (
    Column(
        name="province",
        header_vi="Tỉnh",
        required=True,
        kind="unit",
        help_vi="Tên hoặc mã tỉnh, thành phố (ví dụ: Bắc Kạn hoặc 06)",
        aliases=("Tỉnh/Thành phố", "Tỉnh, thành phố", "Mã tỉnh", "Province"),
    ),
    Column(
        name="commune",
        header_vi="Xã/Phường",
        required=False,
        kind="text",
        help_vi="Mã xã, phường nơi tổ chức (không bắt buộc)",
        aliases=("Xã, phường", "Xã", "Mã xã", "Commune"),
    ),
    Column(
        name="date",
        header_vi="Ngày",
        required=True,
        kind="date",
        help_vi="Ngày tổ chức (ngày/tháng/năm); báo cáo gộp ghi ngày cuối kỳ",
        aliases=("Ngày tổ chức", "Ngày thực hiện", "Date"),
    ),
    Column(
        name="activity_type",
        header_vi="Hình thức",
        required=True,
        kind="category",
        catalog="activity_type",
        help_vi="Chọn trong danh sách hình thức truyền thông",
        aliases=("Hình thức truyền thông", "Activity type", "Activity"),
    ),
    Column(
        name="subject_group",
        header_vi="Nhóm đối tượng",
        required=False,
        kind="category",
        catalog="subject_group",
        help_vi="Chọn trong danh sách nhóm đối tượng (không bắt buộc)",
        aliases=("Đối tượng", "Subject group"),
    ),
    Column(
        name="theme",
        header_vi="Nội dung",
        required=False,
        kind="category",
        catalog="theme",
        help_vi="Chọn trong danh sách nội dung truyền thông (không bắt buộc)",
        aliases=("Nội dung truyền thông", "Chủ đề", "Theme"),
    ),
    Column(
        name="partner",
        header_vi="Đơn vị phối hợp",
        required=False,
        kind="category",
        catalog="partner",
        help_vi="Chọn trong danh sách đơn vị phối hợp (không bắt buộc)",
        aliases=("Phối hợp", "Partner"),
    ),
    Column(
        name="count",
        header_vi="Số lượng",
        required=True,
        kind="count",
        help_vi="Số cuộc, lượt, tin bài, sản phẩm, ấn phẩm, lớp: số nguyên ≥ 0",
        aliases=("Số lượng (cuộc, lượt...)", "Count", "Số cuộc"),
        maximum=10_000_000,  # ten million leaflets, broadcasts or posts in one row
    ),
    Column(
        name="participants",
        header_vi="Số lượt người",
        required=False,
        kind="count",
        help_vi="Số lượt người tham dự (lượt, không phải số người): số nguyên ≥ 0",
        aliases=(
            "Số người",
            "Lượt người",
            "Số lượt người tham dự",
            "Số người tham dự",
            "Lượt người tham dự",
            "Participants",
        ),
        maximum=100_000_000,  # about Vietnam's population: one row cannot reach more people
    ),
    Column(
        name="note",
        header_vi="Ghi chú",
        required=False,
        kind="text",
        help_vi="Ghi chú tự do",
        aliases=("Note", "Notes"),
    ),
)

BY_NAME = {c.name: c for c in COLUMNS}
CANONICAL = tuple(c.name for c in COLUMNS)
CATEGORY_COLUMNS = tuple(c.name for c in COLUMNS if c.kind == "category")
COUNT_COLUMNS = tuple(c.name for c in COLUMNS if c.kind == "count")
TEXT_COLUMNS = tuple(c.name for c in COLUMNS if c.kind == "text")


ORIGIN_HEADERS: dict[str, tuple[str, ...]] = {
    "origin_source": ("Tệp gốc", "Origin file"),
    "origin_sheet": ("Trang tính gốc", "Trang tính", "Origin sheet"),
    "origin_row": ("Dòng gốc", "Origin row"),
    "origin_hash": ("Mã bản gửi", "Submission hash"),
}
"""Where a row of the rejects workbook came from: the columns that make a corrected rejects
file a set of corrections to its original submission (see :mod:`bhxh_comms.ingest.corrections`)."""
ORIGIN = tuple(ORIGIN_HEADERS)
MESSAGE_HEADERS = ("Lỗi", "Error")
"""The columns of the rejects workbook saying what is wrong with a row: read back, they are
not data (and not reported as columns left out)."""
PROVENANCE_COLUMNS = ("unit_set", "source", "sheet", "row", "errors_vi", "errors_en")
"""Columns an accepted or rejected log carries about its rows (a DataFrame read again): not data."""


def known_extra(header: object) -> bool:
    """A header that is neither data nor a mistake: the rejects workbook's messages, a log's provenance."""
    if not isinstance(header, str):
        return False
    return fold(header) in {fold(h) for h in (*MESSAGE_HEADERS, *PROVENANCE_COLUMNS)}


@functools.cache
def origin_index() -> dict[str, str]:
    """Folded header text → origin column name (built once; do not change it)."""
    return {fold(text): name for name, texts in ORIGIN_HEADERS.items() for text in (name, *texts)}


@functools.cache
def header_index() -> dict[str, str]:
    """Folded header text (Vietnamese, English, aliases) → canonical column name (built
    once: every row of every sheet's first rows is matched against it)."""
    index: dict[str, str] = {}
    for column in COLUMNS:
        for text in (column.name, column.header_vi, *column.aliases):
            index[fold(text)] = column.name
    return index


def column_letter(position: int) -> str:
    """A 0-based column position as a spreadsheet letter: 0 → "A", 27 → "AB"."""
    letters = ""
    position += 1
    while position:
        position, rest = divmod(position - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
