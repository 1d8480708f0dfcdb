"""The renderer's options (``options`` of ``render``), checked once."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from bhxh_comms.plugin import BhxhCommsError, Period
from bhxh_comms_excel.styles import DEFAULT_FONT, DEFAULT_FONT_SIZE

_KNOWN = ("filename", "font_name", "font_size", "communes")
_FORBIDDEN = set('/\\:*?"<>|')


def default_filename(period: Period) -> str:
    """ "bao-cao-truyen-thong-2025.xlsx" for a year; quarter, month and other spans get their
    start (and end) in the name."""
    start, end = period.start, period.end
    if period.kind == "year":
        stem = f"{start.year}"
    elif period.kind == "quarter":
        stem = f"{start.year}-q{(start.month - 1) // 3 + 1}"
    elif period.kind == "month":
        stem = f"{start.year}-{start.month:02d}"
    else:
        stem = f"{start.isoformat()}_{end.isoformat()}"
    return f"bao-cao-truyen-thong-{stem}.xlsx"


@dataclass(frozen=True)
class ExcelOptions:
    filename: str | None = None
    font_name: str = DEFAULT_FONT
    font_size: float = DEFAULT_FONT_SIZE
    communes: str = "sheet"
    """Where the detail by commune goes when the report has ``by_commune``: ``"sheet"`` (a
    sheet of the workbook, outside its print area: thousands of rows nobody prints by default),
    ``"separate"`` (its own printable workbook, ``…-theo-xa.xlsx``) or ``"none"``."""

    @classmethod
    def from_mapping(cls, options: Mapping[str, Any]) -> ExcelOptions:
        unknown = sorted(set(options) - set(_KNOWN))
        if unknown:
            raise BhxhCommsError(
                f"tùy chọn không hợp lệ cho bộ xuất excel: {', '.join(unknown)} (có: {', '.join(_KNOWN)})",
                f"unknown excel renderer option(s): {', '.join(unknown)} (known: {', '.join(_KNOWN)})",
            )
        filename = options.get("filename")
        if filename is not None:
            filename = str(filename)
            if not filename or _FORBIDDEN & set(filename) or filename in (".", "..") or filename.startswith("."):
                raise BhxhCommsError(
                    f"tên tệp không hợp lệ: {filename!r} (chỉ tên tệp, không có thư mục)",
                    f"invalid filename {filename!r}: a plain file name without folders",
                )
            if not filename.lower().endswith(".xlsx"):
                filename += ".xlsx"
        font_size = options.get("font_size", DEFAULT_FONT_SIZE)
        if isinstance(font_size, bool) or not isinstance(font_size, (int, float)) or not 6 <= font_size <= 20:
            raise BhxhCommsError(
                f"cỡ chữ không hợp lệ: {font_size!r} (từ 6 đến 20)", f"font_size {font_size!r}: use 6 to 20"
            )
        return cls(
            filename=filename,
            font_name=str(options.get("font_name", DEFAULT_FONT)),
            font_size=float(font_size),
            communes=_communes(options.get("communes", "sheet")),
        )

    def filename_for(self, period: Period) -> str:
        return self.filename or default_filename(period)

    def communes_filename_for(self, period: Period) -> str:
        """ "bao-cao-truyen-thong-2025-theo-xa.xlsx": the workbook of ``communes="separate"``."""
        return self.filename_for(period)[: -len(".xlsx")] + "-theo-xa.xlsx"


_COMMUNES: dict[str | bool, str] = {
    True: "sheet",
    "true": "sheet",
    "sheet": "sheet",
    "separate": "separate",
    False: "none",
    "false": "none",
    "none": "none",
}


def _communes(value: object) -> str:
    key = value.strip().lower() if isinstance(value, str) else value
    if isinstance(key, (str, bool)) and key in _COMMUNES:
        return _COMMUNES[key]
    raise BhxhCommsError(
        f"tùy chọn communes không hợp lệ: {value!r} (sheet, separate hoặc false)",
        f"excel option communes={value!r}: use sheet, separate or false",
    )
