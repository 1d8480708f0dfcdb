"""The renderer: one print-ready Vietnamese workbook per report, written atomically and
byte-for-byte the same for the same report."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import xlsxwriter

from bhxh_comms.plugin import Report, atomic_path
from bhxh_comms_excel.context import Context
from bhxh_comms_excel.options import ExcelOptions
from bhxh_comms_excel.sheets import breakdowns, completeness, monthly, notes, provinces, summary, targets

WORKBOOK_OPTIONS: Mapping[str, Any] = {
    # Text from the data stays text: "=1+1" is not a formula, "012" not a number, no links.
    "strings_to_formulas": False,
    "strings_to_numbers": False,
    "strings_to_urls": False,
    # Sub-files are zipped from memory with a fixed timestamp (reproducible, no temp files).
    "in_memory": True,
}


def _created(moment: dt.datetime) -> dt.datetime:
    """The document's creation time: ``generated_at`` in UTC, naive (as xlsx stores it)."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC)
    return moment.replace(tzinfo=None, microsecond=0)


def write_workbook(report: Report, path: Path, options: ExcelOptions, *, communes_only: bool = False) -> None:
    """Write the workbook of ``report`` to ``path`` (with ``communes_only``, the workbook of
    the detail by commune alone, printable)."""
    workbook = xlsxwriter.Workbook(
        str(path),
        {
            **WORKBOOK_OPTIONS,
            "default_format_properties": {"font_name": options.font_name, "font_size": options.font_size},
        },
    )
    ctx = Context(report, workbook, options)
    # Sheet writers are looked up on their modules at call time (tests replace one).
    if communes_only:
        provinces.write_communes(ctx, printed=True)
    else:
        summary.write(ctx)
        provinces.write(ctx)
        if options.communes == "sheet":
            provinces.write_communes(ctx)
        targets.write(ctx)
        breakdowns.write(ctx)
        monthly.write(ctx)
        completeness.write(ctx)
        notes.write(ctx)
    meta = report.metadata
    workbook.set_properties(
        {
            "title": meta.title,
            "subject": f"Báo cáo kết quả công tác thông tin, truyền thông {meta.period.label}",
            "author": meta.issuing_body,
            "manager": meta.parent_body or "",
            "company": meta.issuing_body,
            "category": "Báo cáo",
            "keywords": "BHXH, thông tin, truyền thông, báo cáo",
            "comments": "Lập bằng bhxh-comms-excel",
            "created": _created(meta.generated_at),
        }
    )
    workbook.set_calc_mode("auto")
    workbook.close()


def render(report: Report, destination: Path, options: Mapping[str, Any]) -> Sequence[Path]:
    """The ``excel`` renderer: write ``bao-cao-truyen-thong-<period>.xlsx`` (or
    ``options["filename"]``) into ``destination``; return its path.

    Options: ``filename``, ``font_name`` (default Times New Roman), ``font_size`` (11),
    ``communes``: where the detail by commune goes when the report has one — ``sheet`` (the
    default: a sheet outside the print area), ``separate`` (its own workbook
    ``…-theo-xa.xlsx``, printable) or ``false``.
    """
    settings = ExcelOptions.from_mapping(options)
    period = report.metadata.period
    path = Path(destination) / settings.filename_for(period)
    with atomic_path(path) as tmp:
        write_workbook(report, tmp, settings)
    written = [path]
    by_commune = report.tables.get("by_commune")
    if settings.communes == "separate" and by_commune is not None and len(by_commune):
        second = Path(destination) / settings.communes_filename_for(period)
        with atomic_path(second) as tmp:
            write_workbook(report, tmp, settings, communes_only=True)
        written.append(second)
    return written
