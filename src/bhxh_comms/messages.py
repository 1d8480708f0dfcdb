"""Messages as values: what went wrong (or what the user should know), where, in Vietnamese
and English. Every layer makes :class:`Message` objects; each kind of output has one
formatter — :meth:`Message.line` for the terminal, :meth:`Message.as_dict` for JSON — and the
rejects workbook writes the parts into its own columns.

>>> m = Message(code="bad_date", severity="error", vi="ngày không đọc được", en="unparseable date",
...             location=Location(source="bc.xlsx", sheet="Báo cáo", row=7, column="date", letter="C",
...                               value="31/02/2026", header="Ngày"))
>>> m.line()
'LỖI / error: bc.xlsx [Báo cáo], dòng 7, Cột C – Ngày = “31/02/2026”: ngày không đọc được / unparseable date'
"""

from __future__ import annotations

from typing import Any

import attrs

SEVERITIES = {"error": ("LỖI", "error"), "warning": ("CẢNH BÁO", "warning"), "note": ("LƯU Ý", "note")}
"""How each severity is labelled, in Vietnamese and English."""


@attrs.frozen(kw_only=True)
class Location:
    """Where a message points: a file, a sheet, a row as the user sees it (Excel row, CSV
    line), a column (its canonical name and spreadsheet letter) and the value found."""

    source: str | None = None
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    letter: str | None = None
    value: str | None = None
    header: str | None = None
    """The column as the report template shows it ("Ngày", "Số lượng")."""

    def column_text(self) -> str:
        """ "Cột C – Ngày": the letter and the header a province officer sees (the canonical
        name where the template has no header for it)."""
        name = self.header or self.column or ""
        return f"Cột {self.letter} – {name}" if self.letter else f"Cột {name}"

    def text(self) -> str:
        """ "bc.xlsx [Báo cáo], dòng 7, Cột C – Ngày = “31/02/2026”"."""
        parts = []
        if self.source:
            parts.append(self.source + (f" [{self.sheet}]" if self.sheet else ""))
        if self.row is not None:
            parts.append(f"dòng {self.row}")
        if self.column:
            parts.append(self.column_text() + (f" = “{self.value}”" if self.value is not None else ""))
        return ", ".join(parts)


@attrs.frozen(kw_only=True)
class Message:
    """One thing to tell the user: a ``code`` (``bad_date``, ``unreadable_file``…), a
    ``severity`` (``error``, ``warning``, ``note``), the text in Vietnamese and English, and
    where it points (or None)."""

    code: str
    severity: str = attrs.field(validator=attrs.validators.in_(tuple(SEVERITIES)))
    vi: str
    en: str
    location: Location | None = None

    def line(self) -> str:
        """The terminal's form, one style for every message: "LỖI / error: where: vi / en"."""
        label_vi, label_en = SEVERITIES[self.severity]
        where = self.location.text() if self.location is not None else ""
        text = self.vi if self.vi == self.en else f"{self.vi} / {self.en}"
        return f"{label_vi} / {label_en}: {where + ': ' if where else ''}{text}"

    def as_dict(self) -> dict[str, Any]:
        """The JSON form."""
        return attrs.asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Message:
        """The message back from its JSON form."""
        where = data.get("location")
        return cls(
            code=data["code"],
            severity=data["severity"],
            vi=data["vi"],
            en=data["en"],
            location=Location(**where) if where else None,
        )


def error(vi: str, en: str, *, code: str = "error", location: Location | None = None) -> Message:
    return Message(code=code, severity="error", vi=vi, en=en, location=location)


def warning(vi: str, en: str, *, code: str = "warning", location: Location | None = None) -> Message:
    return Message(code=code, severity="warning", vi=vi, en=en, location=location)


def note(vi: str, en: str, *, code: str = "note", location: Location | None = None) -> Message:
    return Message(code=code, severity="note", vi=vi, en=en, location=location)


def counted(n: int, noun: str) -> str:
    """An English count with its noun in the right number (Vietnamese nouns have none).

    >>> counted(1, "row"), counted(2, "row"), counted(0, "cell")
    ('1 row', '2 rows', '0 cells')
    """
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
