"""Cell formats of the workbook: fonts, borders, fills and the number formats.

Number formats are written in Excel's invariant notation (``#,##0``, ``0.00``, ``0.0%``):
Excel and LibreOffice show them with the reader's own separators, so a Vietnamese
installation shows ``45.900`` and ``1,22``.
"""

from __future__ import annotations

from typing import Any, Final

from bhxh_comms.plugin import REPORTING_STATUS, Outcome

# xlsxwriter ships no type information: its objects are typed as ``Any`` here.
Workbook = Any
Worksheet = Any
Format = Any

DEFAULT_FONT: Final = "Times New Roman"
DEFAULT_FONT_SIZE: Final = 11

INTEGER: Final = "#,##0"
INTEGER_DASH: Final = '#,##0;-#,##0;"-"'
"""Counts in a cross table: 0 is shown as "-", as the national tables print it."""
CHANGE: Final = "+#,##0;-#,##0;0"
RATIO: Final = "0.00"
PERCENT: Final = "0.0%"
CHANGE_PERCENT: Final = "+0.0%;-0.0%;0.0%"
DATE: Final = "dd/mm/yyyy"
DATETIME: Final = "dd/mm/yyyy hh:mm"

NUMBER_FORMATS: Final = {
    "int": INTEGER,
    "int_dash": INTEGER_DASH,
    "change": CHANGE,
    "ratio": RATIO,
    "percent": PERCENT,
    "change_percent": CHANGE_PERCENT,
    "date": DATE,
    "datetime": DATETIME,
}

HEADER_FILL: Final = "#DDEBF7"
TOTAL_FILL: Final = "#F2F2F2"
BORDER_COLOUR: Final = "#808080"

# Outcome of a target → (font colour, fill colour). Conditional formats use these, so the
# colour follows the text when a user edits an outcome cell.
OUTCOME_COLOURS: Final = {
    Outcome.BELOW.label_vi: ("#9C0006", "#FFC7CE"),
    Outcome.WITHIN.label_vi: ("#006100", "#C6EFCE"),
    Outcome.ABOVE.label_vi: ("#1F4E79", "#BDD7EE"),
    Outcome.NOT_EVALUABLE.label_vi: ("#3F3F3F", "#D9D9D9"),
    Outcome.NOT_REPORTED.label_vi: ("#595959", "#F2F2F2"),
}
# Completeness statuses as bhxh_comms writes them (ingest.completeness.completeness_table).
STATUS_COLOURS: Final = {
    REPORTING_STATUS["missing"]: ("#9C0006", "#FFC7CE"),
    REPORTING_STATUS["late"]: ("#7F6000", "#FFEB9C"),
    REPORTING_STATUS["reported"]: ("#006100", "#C6EFCE"),
}


class Styles:
    """Formats of one workbook, created once each and shared by all sheets."""

    def __init__(self, workbook: Workbook, *, font_name: str = DEFAULT_FONT, font_size: float = DEFAULT_FONT_SIZE):
        self.workbook = workbook
        self.font_name = font_name
        self.font_size = font_size
        self._cache: dict[tuple[tuple[str, Any], ...], Format] = {}
        self._rule_cache: dict[tuple[str, str], Format] = {}

    def format(self, **properties: Any) -> Format:
        """The workbook format with these xlsxwriter properties (one object per distinct set)."""
        merged = {"font_name": self.font_name, "font_size": self.font_size, **properties}
        key = tuple(sorted(merged.items()))
        if key not in self._cache:
            self._cache[key] = self.workbook.add_format(merged)
        return self._cache[key]

    # Title block -------------------------------------------------------------------------
    @property
    def body_title(self) -> Format:
        """The issuing body above the title."""
        return self.format(bold=True, align="center", valign="vcenter")

    @property
    def parent_body(self) -> Format:
        return self.format(align="center", valign="vcenter")

    @property
    def title(self) -> Format:
        return self.format(bold=True, font_size=self.font_size + 3, align="center", valign="vcenter", text_wrap=True)

    @property
    def subtitle(self) -> Format:
        return self.format(italic=True, align="center", valign="vcenter", text_wrap=True)

    @property
    def section(self) -> Format:
        return self.format(bold=True, valign="vcenter")

    @property
    def paragraph(self) -> Format:
        return self.format(text_wrap=True, valign="top", align="justify")

    @property
    def note(self) -> Format:
        return self.format(italic=True, font_size=self.font_size - 1, valign="top", text_wrap=True)

    @property
    def plain(self) -> Format:
        return self.format(valign="vcenter")

    @property
    def plain_bold(self) -> Format:
        return self.format(bold=True, valign="vcenter")

    # Table cells -------------------------------------------------------------------------
    def _cell(self, total: bool, **properties: Any) -> dict[str, Any]:
        base: dict[str, Any] = {"border": 1, "border_color": BORDER_COLOUR, "valign": "vcenter"}
        if total:
            base.update(bold=True, bg_color=TOTAL_FILL)
        base.update(properties)
        return base

    @property
    def header(self) -> Format:
        return self.format(
            **self._cell(False, bold=True, align="center", text_wrap=True, bg_color=HEADER_FILL),
        )

    def text(self, *, total: bool = False, wrap: bool = True) -> Format:
        return self.format(**self._cell(total, text_wrap=wrap))

    def centre(self, *, total: bool = False) -> Format:
        return self.format(**self._cell(total, align="center", text_wrap=True))

    def number(self, kind: str, *, total: bool = False, centred: bool = False) -> Format:
        """A number cell: ``kind`` is a key of :data:`NUMBER_FORMATS`."""
        align = "center" if centred or kind in ("date", "datetime") else "right"
        return self.format(**self._cell(total, num_format=NUMBER_FORMATS[kind], align=align))

    def coloured(self, font_colour: str, fill_colour: str) -> Format:
        """The format a conditional rule applies (only colours: borders stay the cell's)."""
        key = (font_colour, fill_colour)
        if key not in self._rule_cache:
            self._rule_cache[key] = self.workbook.add_format({"font_color": font_colour, "bg_color": fill_colour})
        return self._rule_cache[key]
