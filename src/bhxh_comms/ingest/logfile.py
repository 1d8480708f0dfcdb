"""Storing an accepted activity log as Parquet between runs, and reading back only the
periods needed (the date filter is pushed down into the Parquet reader)."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from bhxh_comms.errors import InputError
from bhxh_comms.files import atomic_path
from bhxh_comms.models.periods import Period

REQUIRED = ("province", "date", "activity_type", "count")
CATEGORICAL = (
    "province",
    "commune",
    "activity_type",
    "subject_group",
    "theme",
    "partner",
    "unit_set",
    "source",
    "sheet",
)


def write_log(log: pd.DataFrame, path: str | os.PathLike[str]) -> Path:
    """Write an accepted log (``IngestResult.accepted``) to Parquet, atomically."""
    path = Path(path)
    with atomic_path(path) as tmp:
        log.to_parquet(tmp, index=False)
    return path


def read_log(path: str | os.PathLike[str], *, period: Period | None = None) -> pd.DataFrame:
    """Read a log written by :func:`write_log` (or any Parquet file with the log's columns and
    dtypes), keeping only the rows dated within ``period``. Unlike
    :func:`~bhxh_comms.ingest.read_reports` this does not validate: use it for logs that were
    validated when they were first read."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"không tìm thấy tệp {path}", f"file not found: {path}")
    try:
        schema = pq.read_schema(path)
    except (pa.ArrowInvalid, OSError) as exc:
        raise InputError(f"{path}: tệp Parquet hỏng: {exc}", f"{path}: corrupt Parquet file: {exc}") from None
    missing = [c for c in REQUIRED if c not in schema.names]
    if missing:
        raise InputError(f"{path}: thiếu cột {missing}", f"{path}: not an activity log, missing {missing}")
    filters: list[tuple[str, str, object]] | None = None
    if period is not None:
        unit = schema.field("date").type
        start, end = pd.Timestamp(period.start), pd.Timestamp(period.end)
        if pa.types.is_timestamp(unit):
            filters = [("date", ">=", start), ("date", "<=", end)]
        else:
            filters = [("date", ">=", start.date()), ("date", "<=", end.date())]
    frame: pd.DataFrame = pq.read_table(path, filters=filters).to_pandas()
    frame["date"] = pd.to_datetime(frame["date"])
    for column in CATEGORICAL:
        if column in frame and not isinstance(frame[column].dtype, pd.CategoricalDtype):
            frame[column] = frame[column].astype("category")
    return frame
