"""The outcome of reading: accepted rows, rejected rows, every issue, and the reconciliation."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

import attrs
import pandas as pd

from bhxh_comms.ingest.columns import BY_NAME, ORIGIN
from bhxh_comms.ingest.sources import FileProblem
from bhxh_comms.messages import Location, Message, counted
from bhxh_comms.phrasing import format_number

ISSUE_COLUMNS = (
    "source",
    "sheet",
    "row",
    "column",
    "letter",
    "value",
    "problem",
    "severity",
    "message_vi",
    "message_en",
)


def _frozen(value: Mapping[str, int]) -> Mapping[str, int]:
    return MappingProxyType(dict(value))


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
    declared_years: Mapping[str, int] = attrs.field(factory=dict, converter=_frozen)
    """The year each input's report form declares (the template's title), by source."""
    origins: pd.DataFrame = attrs.field(factory=lambda: pd.DataFrame(columns=["source", "sheet", "row", *ORIGIN]))
    """The rows of rejects workbooks sent back corrected: ``source``, ``sheet``, ``row`` and the
    original ``origin_source`` (file name), ``origin_sheet``, ``origin_row``, ``origin_hash``."""
    notes: tuple[Message, ...] = ()
    """What the reader says once about the whole run (e.g. that communes were not checked)."""
    superseded: int = 0
    """Rows set aside by corrections (see :mod:`bhxh_comms.ingest.corrections`): the original rows a
    corrections file corrects, and the rows of corrections made to an earlier version of a file:
    ``rows_read == len(accepted) + len(rejected) + superseded``."""

    def __attrs_post_init__(self) -> None:
        if self.rows_read != len(self.accepted) + len(self.rejected) + self.superseded:
            raise AssertionError(
                f"rows lost: read {self.rows_read}, accepted {len(self.accepted)}, rejected {len(self.rejected)}, "
                f"superseded {self.superseded}"
            )

    @property
    def ok(self) -> bool:
        """No rejected row and no unreadable file."""
        return not len(self.rejected) and not any(p.severity == "error" for p in self.file_problems)

    @property
    def warnings(self) -> pd.DataFrame:
        return self.issues[self.issues["severity"] == "warning"]

    @property
    def errors(self) -> pd.DataFrame:
        return self.issues[self.issues["severity"] == "error"]

    def reconciliation(self) -> str:
        """ "Đọc 2.000 dòng = 1.990 hợp lệ + 10 bị loại" in both languages."""
        n = format_number
        vi = f"Đọc {n(self.rows_read)} dòng = {n(len(self.accepted))} hợp lệ + {n(len(self.rejected))} bị loại"
        en = f"read {counted(self.rows_read, 'row')} = {len(self.accepted)} accepted + {len(self.rejected)} rejected"
        if self.superseded:
            vi += f" + {n(self.superseded)} đã được sửa bằng tệp sửa lỗi"
            en += f" + {self.superseded} superseded by corrections"
        text = f"{vi} / {en}"
        if len(self.warnings):
            text += f"; {n(len(self.warnings))} cảnh báo / warnings"
        unread = [p for p in self.file_problems if p.severity == "error"]
        if unread:
            text += f"; {len(unread)} tệp không đọc được / unreadable files"
        columns = [p for p in self.file_problems if p.code == "unknown_column"]
        if columns:
            text += f"; {len(columns)} cột không được đọc / columns not read"
        skipped = len(self.file_problems) - len(unread) - len(columns)
        if skipped:
            text += f"; {skipped} tệp bỏ qua / files skipped"
        return text

    def misdated_files(self) -> dict[tuple[str, str], Message]:
        """Files (and sheets) most of whose rows are dated outside the periods read: one
        message each, naming the year the rows are in (likely the wrong ``--year``, or a file
        of another year in the folder)."""
        outside = self.issues[self.issues["problem"] == "outside_period"]
        if not len(outside):
            return {}
        key = ["source", "sheet"]
        rows = _rows_by_file(self.accepted)
        for where, count in _rows_by_file(self.rejected).items():
            rows[where] = rows.get(where, 0) + count
        found: dict[tuple[str, str], Message] = {}
        for (source, sheet), part in outside.fillna({"sheet": ""}).groupby(key, sort=False):
            total = rows.get((str(source), str(sheet)), 0)
            if len(part) * 2 <= total:
                continue
            year = part["value"].astype(str).str[-4:].mode().iloc[0]
            n = format_number
            found[(str(source), str(sheet))] = Message(
                code="file_outside_period",
                severity="error",
                vi=f"{n(len(part))} trên {n(total)} dòng ghi ngày năm {year}, ngoài kỳ đang đọc: có phải báo cáo năm "
                f"{year} (--year {year})? Các dòng này bị loại",
                en=f"{len(part)} of {total} rows are dated {year}, outside the periods read: is it the {year} report "
                f"(--year {year})? These rows are rejected",
                location=Location(source=str(source), sheet=str(sheet) or None),
            )
        return found

    def messages(self) -> list[Message]:
        """Every file problem and every issue of a row, as messages with their location."""
        messages = [*self.notes, *(p.as_message() for p in self.file_problems)]
        for issue in self.issues.to_dict("records"):
            sheet = issue["sheet"]
            location = Location(
                source=str(issue["source"]),
                sheet=sheet if isinstance(sheet, str) else None,
                row=int(issue["row"]),
                column=str(issue["column"]),
                letter=str(issue["letter"]) or None,
                value=str(issue["value"]),
                header=BY_NAME[issue["column"]].header_vi if issue["column"] in BY_NAME else None,
            )
            messages.append(
                Message(
                    code=str(issue["problem"]),
                    severity=str(issue["severity"]),
                    vi=str(issue["message_vi"]),
                    en=str(issue["message_en"]),
                    location=location,
                )
            )
        return messages

    def problem_lines(self) -> list[str]:
        """Every file problem and issue as one line: file, sheet, row, column, value, message;
        a file most of whose rows are outside the periods read is one line, not one per row
        (its rows are still each in :attr:`issues` and the rejects)."""
        misdated = self.misdated_files()
        lines: list[str] = []
        said: set[tuple[str, str]] = set()
        for message in self.messages():
            where = message.location
            key = (where.source or "", where.sheet or "") if where is not None else ("", "")
            if message.code == "outside_period" and key in misdated:
                if key not in said:
                    said.add(key)
                    lines.append(misdated[key].line())
                continue
            lines.append(message.line())
        return lines


def _rows_by_file(frame: pd.DataFrame) -> dict[tuple[str, str], int]:
    """Rows per (file, sheet), counted on the columns as they are (categoricals by codes)."""
    if not len(frame):
        return {}
    sizes = frame.groupby([frame["source"], frame["sheet"]], observed=True, dropna=False, sort=False).size()
    index = sizes.index
    sources, sheets = index.get_level_values(0), index.get_level_values(1)
    return {
        (str(source), "" if pd.isna(sheet) else str(sheet)): int(count)
        for source, sheet, count in zip(sources, sheets, sizes, strict=True)
    }
