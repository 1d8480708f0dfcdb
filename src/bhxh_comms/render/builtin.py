"""Built-in renderers ``json`` and ``csv``, registered through the same hook as plugins."""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs
import pandas as pd

from bhxh_comms.files import write_bytes_atomic
from bhxh_comms.markers import hookimpl
from bhxh_comms.render.renderer import OutputRenderer
from bhxh_comms.report.model import Report
from bhxh_comms.report.narrative import records
from bhxh_comms.report.sentences import phrase_fact

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def _plain(value: Any) -> Any:
    """A JSON-safe plain value: dates as ISO text, NaN/NA as null, numpy scalars unwrapped."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if hasattr(value, "value") and hasattr(value, "name"):  # enums
        return value.value
    return value


def table_records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """A table's rows as JSON-safe dicts (NaN → None, dates → ISO text, numpy scalars unwrapped)."""
    return [{key: _plain(value) for key, value in row.items()} for row in records(frame)]


def report_to_dict(report: Report) -> dict[str, Any]:
    """The whole report as plain data: metadata, tables (with column order), facts and
    statements."""
    metadata = attrs.asdict(report.metadata, value_serializer=lambda _i, _a, v: _plain(v))
    coverage = report.metadata.comparison_coverage
    if coverage is not None:
        metadata["comparison_coverage"]["representative"] = coverage.representative
    return {
        "metadata": metadata,
        "tables": {
            name: {"columns": [str(c) for c in frame.columns], "rows": table_records(frame)}
            for name, frame in report.tables.items()
        },
        "facts": [
            {**attrs.asdict(fact, value_serializer=lambda _i, _a, v: _plain(v)), "text": phrase_fact(fact)}
            for fact in report.facts
        ],
        "statements": attrs.asdict(report.statements, value_serializer=lambda _i, _a, v: _plain(v)),
    }


def render_json(report: Report, destination: Path, options: Mapping[str, Any]) -> Sequence[Path]:
    name = str(options.get("filename", "report.json"))
    text = json.dumps(report_to_dict(report), ensure_ascii=False, indent=2, sort_keys=False)
    return [write_bytes_atomic(destination / name, (text + "\n").encode("utf-8"))]


def _csv_cell(value: Any) -> Any:
    value = _plain(value)
    # Spreadsheet programs run text that starts like a formula; keep it as text.
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def render_csv(report: Report, destination: Path, options: Mapping[str, Any]) -> Sequence[Path]:
    written = []
    for name, frame in report.tables.items():
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow([str(c) for c in frame.columns])
        for row in frame.itertuples(index=False, name=None):
            writer.writerow([_csv_cell(v) for v in row])
        # UTF-8 with BOM: Excel opens Vietnamese text correctly only with it.
        written.append(write_bytes_atomic(destination / f"{name}.csv", buffer.getvalue().encode("utf-8-sig")))
    return written


@hookimpl
def bhxh_comms_output_renderers() -> Iterable[OutputRenderer]:
    return [
        OutputRenderer(
            name="json",
            extension=".json",
            description="Toàn bộ báo cáo (bảng và dữ kiện) dạng JSON / whole report as JSON",
            function=render_json,
        ),
        OutputRenderer(
            name="csv",
            extension=".csv",
            description="Mỗi bảng một tệp CSV (UTF-8) / one CSV file per table",
            function=render_csv,
        ),
    ]
