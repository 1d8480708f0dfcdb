"""What every sheet writer needs: the report, the workbook and its formats, and the labels
derived once from the report (periods, activity types, partner names)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from bhxh_comms.plugin import Period, Report, format_date
from bhxh_comms_excel.layout import Group, Table, running_head, title_block
from bhxh_comms_excel.options import ExcelOptions
from bhxh_comms_excel.styles import Styles, Workbook, Worksheet
from bhxh_comms_excel.values import capitalise, records, text


@dataclass(frozen=True)
class ActivityType:
    code: str
    label: str
    unit: str
    has_participants: bool
    """Whether the catalog counts attendances for the type (the Report's ``national`` table)."""


class Context:
    """The report being rendered and the workbook it is rendered into."""

    def __init__(self, report: Report, workbook: Workbook, options: ExcelOptions) -> None:
        self.report = report
        self.workbook = workbook
        self.options = options
        self.styles = Styles(workbook, font_name=options.font_name, font_size=options.font_size)
        meta = report.metadata
        self.metadata = meta
        self.period = capitalise(meta.period.label)
        self.previous = capitalise(meta.comparison_period.label) if meta.comparison_period else None
        self.activity_types = _activity_types(report.tables.get("national"))
        self.partner_labels = _labels(report.tables.get("by_partner"), "partner")
        self.unit_set_name = meta.unit_set_name or meta.unit_set
        self.sheet_names: list[str] = []

    def table(self, name: str) -> pd.DataFrame | None:
        """A table of the report, or None when the report has none (or an empty one)."""
        frame = self.report.tables.get(name)
        return frame if frame is not None and len(frame.columns) else None

    @property
    def compared(self) -> bool:
        return self.previous is not None

    def add_sheet(self, name: str) -> Worksheet:
        self.sheet_names.append(name)
        return self.workbook.add_worksheet(name)

    def open_table(
        self, name: str, groups: Sequence[Group], title: str, *extra: str, header: bool = True
    ) -> tuple[Worksheet, Table, int]:
        """A new sheet with its column widths, title block and (with ``header``) the table's
        header: the sheet, the table and the first row after them."""
        sheet = self.add_sheet(name)
        table = Table(sheet, self.styles, groups)
        table.set_widths()
        row = self.write_title(sheet, groups, title, *extra)
        return sheet, table, table.write_header(row) if header else row

    # Texts under the titles -----------------------------------------------------------------
    def period_line(self) -> str:
        meta = self.metadata
        line = f"Kỳ báo cáo: {described(meta.period)}"
        if meta.comparison_period is not None:
            line += f"; so sánh với {meta.comparison_period.label}"
        return line

    def units_line(self) -> str:
        return f"Đơn vị báo cáo: {self.metadata.units_phrase}; đơn vị hành chính: {self.unit_set_name}"

    def local_generated_at(self) -> dt.datetime:
        """When the report was made, in Vietnam time, without time zone (for a cell)."""
        return self.metadata.local_generated_at

    def write_title(self, sheet: Worksheet, groups: Sequence[Group], title: str, *extra: str) -> int:
        """The title block of a sheet (issuing body, ``title`` and the period line), the title
        also at the head of every printed page."""
        widths = [c.width for g in groups for c in g.columns]
        running_head(sheet, title)
        return title_block(
            sheet,
            self.styles,
            widths=widths,
            issuing_body=self.metadata.issuing_body,
            parent_body=self.metadata.parent_body,
            title=title,
            lines=[self.period_line(), *extra],
        )

    def sheet_title(self, subject: str) -> str:
        """ "KẾT QUẢ ... THEO TỈNH, THÀNH PHỐ NĂM 2025" for a sheet about ``subject``."""
        return f"{subject} {self.metadata.period.label}".upper()


def span(start: dt.date, end: dt.date) -> str:
    return f"từ {format_date(start)} đến {format_date(end)}"


def described(period: Period) -> str:
    """ "năm 2025 (từ ngày 1 tháng 1 năm 2025 đến ngày 31 tháng 12 năm 2025)"; a span whose label
    already gives its dates is not repeated."""
    if period.kind == "range":
        return period.label
    return f"{period.label} ({span(period.start, period.end)})"


def _activity_types(national: pd.DataFrame | None) -> list[ActivityType]:
    if national is None:
        return []
    return [
        ActivityType(
            code=text(record["activity_type"]),
            label=text(record.get("label")) or text(record["activity_type"]),
            unit=text(record.get("unit")),
            has_participants=bool(record.get("has_participants", True)),
        )
        for record in records(national)
    ]


def _labels(frame: pd.DataFrame | None, key: str) -> dict[str, str]:
    if frame is None or key not in frame or "label" not in frame:
        return {}
    return {text(r[key]): text(r["label"]) for r in records(frame[[key, "label"]])}
