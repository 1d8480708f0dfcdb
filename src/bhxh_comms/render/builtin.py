"""Built-in renderers ``json`` and ``csv``, registered through the same hook as plugins."""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, TextIO

import attrs
import numpy as np
import pandas as pd

from bhxh_comms.files import atomic_path
from bhxh_comms.report.model import Report
from bhxh_comms.report.sentences import phrase_fact
from bhxh_comms.text import FORMULA_PREFIXES


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


def _plain_column(series: pd.Series) -> list[Any]:
    """``_plain`` of every value of a column, a whole column at a time where its type allows
    (numbers, and categories converted once each): a national by-commune table has ~10⁵ rows."""
    dtype = series.dtype
    if isinstance(dtype, np.dtype) and dtype.kind in "iub":
        return series.to_numpy().tolist()
    if isinstance(dtype, np.dtype) and dtype.kind == "f":
        values = series.to_numpy()
        plain = values.astype(object)
        plain[~np.isfinite(values)] = None
        return plain.tolist()
    if isinstance(dtype, pd.CategoricalDtype):
        labels = [_plain(c) for c in dtype.categories.tolist()] + [None]  # code -1 (missing) → None
        return [labels[c] for c in series.cat.codes.to_numpy().tolist()]
    return [_plain(v) for v in series.tolist()]


def table_records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """A table's rows as JSON-safe dicts (NaN → None, dates → ISO text, numpy scalars unwrapped)."""
    columns = [str(c) for c in frame.columns]
    values = [_plain_column(frame.iloc[:, i]) for i in range(frame.shape[1])]
    return (
        [dict(zip(columns, row, strict=True)) for row in zip(*values, strict=True)]
        if columns
        else [{} for _ in range(len(frame))]
    )


_CHUNK_ROWS = 10_000  # rows converted at a time: memory follows the chunk, not the table


def _chunks(frame: pd.DataFrame) -> Iterator[pd.DataFrame]:
    for start in range(0, len(frame), _CHUNK_ROWS):
        yield frame.iloc[start : start + _CHUNK_ROWS]


def _metadata(report: Report) -> dict[str, Any]:
    metadata = attrs.asdict(report.metadata, value_serializer=lambda _i, _a, v: _plain(v))
    coverage = report.metadata.comparison_coverage
    if coverage is not None:
        metadata["comparison_coverage"]["representative"] = coverage.representative
    return metadata


def _facts(report: Report) -> list[dict[str, Any]]:
    return [
        {**attrs.asdict(fact, value_serializer=lambda _i, _a, v: _plain(v)), "text": phrase_fact(fact)}
        for fact in report.facts
    ]


def report_to_dict(report: Report) -> dict[str, Any]:
    """The whole report as plain data: metadata, tables (with column order), facts and
    statements (what ``report.json`` holds)."""
    return {
        "metadata": _metadata(report),
        "tables": {
            name: {"columns": [str(c) for c in frame.columns], "rows": table_records(frame)}
            for name, frame in report.tables.items()
        },
        "facts": _facts(report),
        "statements": attrs.asdict(report.statements, value_serializer=lambda _i, _a, v: _plain(v)),
    }


def _indented(value: Any, depth: int) -> str:
    """``value`` as ``json.dumps(indent=2)`` writes it at nesting ``depth`` (JSON text holds no
    raw newline, so shifting its lines is exact)."""
    return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + "  " * depth)


def _write_json(report: Report, out: TextIO) -> None:
    """``report_to_dict(report)`` as JSON, streamed: a table's rows are converted a chunk at a
    time and written one row per line, so a table of millions of rows never sits in memory as
    text (and a diff of two reports shows the rows that changed)."""
    out.write('{\n  "metadata": ' + _indented(_metadata(report), 1) + ',\n  "tables": {')
    for number, (name, frame) in enumerate(report.tables.items()):
        columns = _indented([str(c) for c in frame.columns], 3)
        out.write(("," if number else "") + f'\n    {json.dumps(name)}: {{\n      "columns": {columns},\n')
        out.write('      "rows": [')
        first = True
        for chunk in _chunks(frame):
            for row in table_records(chunk):
                out.write(("\n" if first else ",\n") + "        " + json.dumps(row, ensure_ascii=False))
                first = False
        out.write("]\n    }" if first else "\n      ]\n    }")
    out.write("\n  }" if report.tables else "}")
    out.write(',\n  "facts": ' + _indented(_facts(report), 1))
    statements = attrs.asdict(report.statements, value_serializer=lambda _i, _a, v: _plain(v))
    out.write(',\n  "statements": ' + _indented(statements, 1) + "\n}\n")


def render_json(report: Report, destination: Path, options: Mapping[str, Any]) -> Sequence[Path]:
    path = destination / str(options.get("filename", "report.json"))
    with atomic_path(path) as tmp, tmp.open("w", encoding="utf-8", newline="\n") as out:
        _write_json(report, out)
    return [path]


def _csv_cell(value: Any) -> Any:
    value = _plain(value)
    # Spreadsheet programs run text that starts like a formula; keep it as text.
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def render_csv(report: Report, destination: Path, options: Mapping[str, Any]) -> Sequence[Path]:
    written = []
    for name, frame in report.tables.items():
        path = destination / f"{name}.csv"
        # UTF-8 with BOM: Excel opens Vietnamese text correctly only with it. Rows are
        # streamed to the file, so a table of millions of rows is never held as text.
        with atomic_path(path) as tmp, tmp.open("w", encoding="utf-8-sig", newline="") as out:
            writer = csv.writer(out, lineterminator="\r\n")
            writer.writerow([str(c) for c in frame.columns])
            for row in frame.itertuples(index=False, name=None):
                writer.writerow([_csv_cell(v) for v in row])
        written.append(path)
    return written
