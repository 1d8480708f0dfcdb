"""The blank report workbook a province fills in (Vietnamese, with drop-down lists)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import attrs
import xlsxwriter

from bhxh_comms.files import atomic_path
from bhxh_comms.ingest.columns import COLUMNS, Column, column_letter
from bhxh_comms.models.catalog import Catalogs
from bhxh_comms.models.units import AdminUnit

DATA_SHEET = "Báo cáo"
HELP_SHEET = "Hướng dẫn"
HEADER_ROW = 3  # 0-based: title, subtitle, a blank row, then the header
TEMPLATE_ROWS = 2000
_CATALOG_ORDER = ("activity_type", "subject_group", "theme", "partner")
WIDTHS = {
    "province": 18,
    "commune": 22,
    "date": 12,
    "activity_type": 46,
    "subject_group": 40,
    "theme": 40,
    "partner": 26,
    "count": 11,
    "participants": 14,
    "note": 40,
}


@attrs.frozen(kw_only=True)
class Formats:
    title: Any
    subtitle: Any
    head: Any
    date: Any
    integer: Any
    bold: Any
    wrap: Any

    @classmethod
    def of(cls, wb: Any) -> Formats:
        head = {"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True, "align": "center"}
        return cls(
            title=wb.add_format({"bold": True, "font_size": 14, "align": "center", "valign": "vcenter"}),
            subtitle=wb.add_format({"italic": True, "align": "center"}),
            head=wb.add_format({**head, "valign": "vcenter"}),
            date=wb.add_format({"num_format": "dd/mm/yyyy"}),
            integer=wb.add_format({"num_format": "#,##0"}),
            bold=wb.add_format({"bold": True}),
            wrap=wb.add_format({"text_wrap": True, "valign": "top"}),
        )


def _data_sheet(data: Any, formats: Formats, *, province: AdminUnit, year: int) -> None:
    """Title (which declares the year: the reader holds the rows to it), subtitle, header."""
    last_col = len(COLUMNS) - 1
    data.merge_range(0, 0, 0, last_col, f"BÁO CÁO HOẠT ĐỘNG THÔNG TIN, TRUYỀN THÔNG NĂM {year}", formats.title)
    subtitle = (
        f"Bảo hiểm xã hội {province.full_name} (mã {province.code}) – mỗi dòng "
        "một hoạt động hoặc một nhóm hoạt động cùng loại"
    )
    data.merge_range(1, 0, 1, last_col, subtitle, formats.subtitle)
    data.set_row(HEADER_ROW, 32)
    for c, column in enumerate(COLUMNS):
        data.write_string(HEADER_ROW, c, column.header_vi, formats.head)
        fmt = formats.date if column.kind == "date" else formats.integer if column.kind == "count" else None
        data.set_column(c, c, WIDTHS[column.name], fmt)


def commune_choice(unit: AdminUnit) -> str:
    """How the template's drop-down shows a commune, read back as its code: "Xã Bạch Thông (02014)"."""
    return f"{unit.full_name} ({unit.code})"


def help_sheet(
    help_: Any, formats: Formats, catalogs: Catalogs, communes: Sequence[AdminUnit] | None = None
) -> dict[str, str]:
    """Every column explained, then the code lists (one pair of columns per catalog, then the
    province's communes when the commune list is installed); returns each list as a drop-down
    source."""
    help_.write_row(0, 0, ["Tên cột", "Bắt buộc", "Ý nghĩa và cách ghi"], formats.head)
    for r, column in enumerate(COLUMNS, start=1):
        help_.write_string(r, 0, column.header_vi, formats.bold)
        help_.write_string(r, 1, "Có" if column.required else "Không")
        help_.write_string(r, 2, column.help_vi, formats.wrap)
    note_row = len(COLUMNS) + 2
    help_.write_string(note_row, 0, "Lưu ý:", formats.bold)
    help_.write_string(
        note_row,
        2,
        "Chọn hình thức, nhóm đối tượng, nội dung, đơn vị phối hợp trong danh sách thả "
        "xuống; số lượng và số lượt người là số nguyên ≥ 0; ngày trong năm báo cáo. Số lượt người "
        "là số lượt tham dự, không phải số người riêng biệt.",
        formats.wrap,
    )
    help_.write_string(
        note_row + 1,
        2,
        "Xã, phường: chọn trong danh sách thả xuống (tên và mã) hoặc ghi mã, tên xã, phường của tỉnh."
        if communes is not None
        else "Xã, phường: ghi mã xã, phường. Máy tính lập mẫu này chưa cài danh mục xã, phường "
        "(gói bhxh-comms-units-vn): mã xã, phường không được kiểm tra.",
        formats.wrap,
    )
    for col, width in ((0, 18), (1, 9), (2, 60)):
        help_.set_column(col, col, width)
    sources: dict[str, str] = {}
    for i, kind in enumerate(_CATALOG_ORDER):
        catalog = catalogs.by_kind(kind)
        code_col, label_col = 4 + 3 * i, 5 + 3 * i
        column = next(c for c in COLUMNS if c.catalog == kind)
        # Headers here must not look like the data sheet's, or a reader would take this for data.
        help_.write_string(0, code_col, "Mã", formats.head)
        help_.write_string(0, label_col, f"Danh mục: {column.header_vi}", formats.head)
        for r, entry in enumerate(catalog, start=1):
            help_.write_string(r, code_col, entry.code)
            help_.write_string(r, label_col, entry.label)
            if kind == "activity_type":
                help_.write_string(r, label_col + 1, entry.unit)  # type: ignore[attr-defined]
        if kind == "activity_type":
            help_.write_string(0, label_col + 1, "Đơn vị tính", formats.head)
        help_.set_column(code_col, code_col, 18)
        help_.set_column(label_col, label_col, 50)
        letter = column_letter(label_col)
        sources[kind] = f"='{HELP_SHEET}'!${letter}$2:${letter}${len(catalog) + 1}"
    if communes:
        code_col, label_col = 4 + 3 * len(_CATALOG_ORDER), 5 + 3 * len(_CATALOG_ORDER)
        help_.write_string(0, code_col, "Mã", formats.head)
        help_.write_string(0, label_col, "Danh mục: Xã, phường của tỉnh", formats.head)
        for r, unit in enumerate(communes, start=1):
            help_.write_string(r, code_col, unit.code)
            help_.write_string(r, label_col, commune_choice(unit))
        help_.set_column(code_col, code_col, 8)
        help_.set_column(label_col, label_col, 34)
        letter = column_letter(label_col)
        sources["commune"] = f"='{HELP_SHEET}'!${letter}$2:${letter}${len(communes) + 1}"
    help_.freeze_panes(1, 0)
    return sources


def validation(
    column: Column, *, sources: dict[str, str], province: AdminUnit | None = None, year: int | None = None
) -> dict[str, Any] | None:
    """The spreadsheet's own check of a column's cells (drop-down, whole number, and with
    ``province`` and ``year`` the province and a date in the year)."""
    if column.catalog:
        return {
            "validate": "list",
            "source": sources[column.catalog],
            "error_title": "Giá trị không có trong danh mục",
            "error_message": f"Chọn {column.header_vi.lower()} trong danh sách (xem trang {HELP_SHEET}).",
        }
    if column.name == "commune" and "commune" in sources:
        return {
            "validate": "list",
            "source": sources["commune"],
            # "information": a code or name typed instead of chosen is still accepted (and checked on reading)
            "error_type": "information",
            "error_title": "Xã, phường",
            "error_message": f"Nên chọn xã, phường trong danh sách (xem trang {HELP_SHEET}); mã hoặc tên ghi tay vẫn "
            "được nhận và kiểm tra khi tổng hợp.",
        }
    if column.kind == "count":
        return {
            "validate": "integer",
            "criteria": ">=",
            "value": 0,
            "error_title": "Số không hợp lệ",
            "error_message": "Nhập số nguyên lớn hơn hoặc bằng 0.",
        }
    if column.kind == "date" and year is not None:
        return {
            "validate": "date",
            "criteria": "between",
            "minimum": dt.date(year, 1, 1),
            "maximum": dt.date(year, 12, 31),
            "error_title": "Ngày không hợp lệ",
            "error_message": f"Nhập ngày trong năm {year} (ngày/tháng/năm).",
        }
    if column.name == "province" and province is not None:
        return {
            "validate": "list",
            "source": [province.name],
            "ignore_blank": True,
            "error_title": "Tỉnh không đúng",
            "error_message": f"Mẫu này dành cho {province.full_name}.",
        }
    return None


def write_template(
    path: Path | str,
    *,
    province: AdminUnit,
    year: int,
    catalogs: Catalogs,
    rows: int = TEMPLATE_ROWS,
    communes: Sequence[AdminUnit] | None = None,
) -> Path:
    """Write the template for ``province`` and ``year`` to ``path`` (atomically).

    Category columns get drop-down lists of Vietnamese labels (read back as codes), counts a
    whole-number check, dates a check within the year; a second sheet explains each column
    and lists the codes. ``communes`` (the province's, from the commune list in force; None
    when no list is installed, which the instructions then say) become the commune column's
    drop-down, "Xã Bạch Thông (02014)".
    """
    path = Path(path)
    with atomic_path(path) as tmp:
        wb = xlsxwriter.Workbook(str(tmp), {"strings_to_formulas": False, "strings_to_numbers": False})
        wb.set_properties(
            {
                "title": f"Báo cáo hoạt động truyền thông năm {year} – {province.full_name}",
                "author": "Bảo hiểm xã hội Việt Nam",
                "created": dt.datetime(year, 1, 1),
            }
        )
        formats = Formats.of(wb)
        data = wb.add_worksheet(DATA_SHEET)
        help_ = wb.add_worksheet(HELP_SHEET)
        _data_sheet(data, formats, province=province, year=year)
        sources = help_sheet(help_, formats, catalogs, communes)
        first, last = HEADER_ROW + 1, HEADER_ROW + rows
        for c, column in enumerate(COLUMNS):
            check = validation(column, sources=sources, province=province, year=year)
            if check is not None:
                data.data_validation(first, c, last, c, check)
        data.freeze_panes(HEADER_ROW + 1, 0)
        data.autofilter(HEADER_ROW, 0, last, len(COLUMNS) - 1)
        data.set_landscape()
        data.set_paper(9)
        data.fit_to_pages(1, 0)
        data.repeat_rows(HEADER_ROW)
        data.activate()
        wb.close()
    return path
