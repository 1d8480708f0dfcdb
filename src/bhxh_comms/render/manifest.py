"""The manifest of a run: which inputs, options and renderers made which files.

``manifest.json`` sits in the output folder beside the files it lists, each with its SHA-256,
so anyone can check which run made a file and that none was changed or is missing. It holds
no clock but the report's stated time and no path of the machine but the inputs as given,
so the same run on the same inputs writes the same bytes.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from bhxh_comms.files import sha256_of, write_bytes_atomic

MANIFEST = "manifest.json"
SCHEMA = "bhxh-comms/run-manifest/1"


def input_entry(source: str) -> dict[str, Any]:
    """An input as given, with its hash when it is a file."""
    path = Path(source)
    return {"path": source, "sha256": sha256_of(path) if path.is_file() else None}


def write_manifest(
    folder: Path,
    *,
    generated_at: dt.datetime,
    inputs: Sequence[Mapping[str, Any]],
    options: Mapping[str, Mapping[str, Any]],
    renderers: Mapping[str, str],
    version: str,
) -> Path:
    """Write ``folder/manifest.json`` listing every file now in ``folder`` (recursively);
    ``inputs`` are entries as :func:`input_entry` makes them (or a store's submissions)."""
    files = sorted(p for p in folder.rglob("*") if p.is_file() and p.name != MANIFEST)
    manifest = {
        "schema": SCHEMA,
        "bhxh_comms": version,
        "generated_at": generated_at.isoformat(),
        "inputs": [dict(entry) for entry in inputs],
        "renderers": dict(renderers),
        "options": {name: dict(values) for name, values in sorted(options.items())},
        "files": [
            {"path": p.relative_to(folder).as_posix(), "bytes": p.stat().st_size, "sha256": sha256_of(p)} for p in files
        ],
    }
    text = json.dumps(manifest, ensure_ascii=False, indent=2, default=str) + "\n"
    return write_bytes_atomic(folder / MANIFEST, text.encode("utf-8"))


def made_by_a_run(folder: Path) -> bool:
    """Whether ``folder`` holds a run's outputs (it has a manifest of ours)."""
    try:
        found = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(found, dict) and found.get("schema") == SCHEMA
