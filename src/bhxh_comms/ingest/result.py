"""The outcome of reading: accepted rows, rejected rows, every issue, and the reconciliation."""

from __future__ import annotations

import attrs
import pandas as pd

from bhxh_comms.ingest.sources import FileProblem
from bhxh_comms.phrasing import format_number

ISSUE_COLUMNS = ("source", "sheet", "row", "column", "value", "problem", "severity", "message_vi", "message_en")


@attrs.frozen(kw_only=True)
class IngestResult:
    """``rows_read == len(accepted) + len(rejected)``, always.

    ``accepted`` holds typed canonical columns (categoricals of catalog codes, ``int64``
    counts, normalised ``datetime64`` dates) plus ``unit_set``, ``source``, ``sheet`` and
    ``row`` for provenance. ``rejected`` holds the rows as read plus ``errors_vi`` and
    ``errors_en``. ``issues`` has one row per problem (errors and warnings).
    """

    accepted: pd.DataFrame
    rejected: pd.DataFrame
    issues: pd.DataFrame
    file_problems: tuple[FileProblem, ...] = ()
    rows_read: int

    def __attrs_post_init__(self) -> None:
        if self.rows_read != len(self.accepted) + len(self.rejected):
            raise AssertionError(
                f"rows lost: read {self.rows_read}, accepted {len(self.accepted)}, rejected {len(self.rejected)}"
            )

    @property
    def ok(self) -> bool:
        """No rejected row and no unreadable file."""
        return not len(self.rejected) and not self.file_problems

    @property
    def warnings(self) -> pd.DataFrame:
        return self.issues[self.issues["severity"] == "warning"]

    @property
    def errors(self) -> pd.DataFrame:
        return self.issues[self.issues["severity"] == "error"]

    def reconciliation(self) -> str:
        """ "Đọc 2.000 dòng = 1.990 hợp lệ + 10 bị loại" in both languages."""

        n = format_number
        text = (
            f"Đọc {n(self.rows_read)} dòng = {n(len(self.accepted))} hợp lệ + {n(len(self.rejected))} bị loại"
            f" / read {self.rows_read} rows = {len(self.accepted)} accepted + {len(self.rejected)} rejected"
        )
        if len(self.warnings):
            text += f"; {n(len(self.warnings))} cảnh báo / warnings"
        if self.file_problems:
            text += f"; {len(self.file_problems)} tệp không đọc được / unreadable files"
        return text

    def problem_lines(self) -> list[str]:
        """Every file problem and issue as one line: file, sheet, row, column, value, message."""
        lines = [
            f"{p.source}{f' [{p.sheet}]' if p.sheet else ''}: {p.message_vi} / {p.message_en}"
            for p in self.file_problems
        ]
        for issue in self.issues.itertuples(index=False):
            where = f"{issue.source}{f' [{issue.sheet}]' if isinstance(issue.sheet, str) else ''}, dòng {issue.row}"
            label = "CẢNH BÁO" if issue.severity == "warning" else "LỖI"
            lines.append(
                f"{label} {where}, cột {issue.column} = “{issue.value}”: {issue.message_vi} / {issue.message_en}"
            )
        return lines
