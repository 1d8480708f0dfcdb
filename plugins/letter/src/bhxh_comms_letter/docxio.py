"""Writing .docx files byte for byte the same: fixed zip timestamps and attributes, pinned
core properties, atomic replacement of the destination."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path
from typing import Any

from bhxh_comms.plugin import vietnam_time, write_bytes_atomic


def utc_naive(moment: dt.datetime) -> dt.datetime:
    """``moment`` in UTC without tzinfo, as Word's core properties store it."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC)
    return moment.replace(tzinfo=None, microsecond=0)


def stable_docx_bytes(data: bytes, moment: dt.datetime) -> bytes:
    """Rewrite a .docx (a zip) with every entry stamped ``moment`` (local time; zip cannot
    store dates before 1980), the same attributes and deflate compression, in the original
    entry order."""
    stamp = vietnam_time(moment)
    stamp = max(stamp, dt.datetime(1980, 1, 1))
    date_time = (stamp.year, stamp.month, stamp.day, stamp.hour, stamp.minute, stamp.second)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            target.writestr(info, source.read(entry.filename), compresslevel=6)
    return out.getvalue()


def pin_core_properties(document: Any, *, moment: dt.datetime, title: str) -> None:
    """Created and modified are ``moment``; author and revision fixed, never the clock's."""
    props = document.core_properties
    when = utc_naive(moment)
    props.created = when
    props.modified = when
    props.last_printed = when
    props.title = title
    props.author = "bhxh-comms-letter"
    props.last_modified_by = "bhxh-comms-letter"
    props.revision = 1


def save_docx(document: Any, destination: Path, *, moment: dt.datetime) -> Path:
    """Save a python-docx (or docxtpl) document atomically with stable bytes."""
    buffer = io.BytesIO()
    document.save(buffer)
    return write_bytes_atomic(destination, stable_docx_bytes(buffer.getvalue(), moment))
