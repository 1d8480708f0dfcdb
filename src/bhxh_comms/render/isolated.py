"""Running one renderer so that its failure costs only its own files.

The renderer writes into a private folder inside the destination; only when it returns are
its files moved into place (each move atomic, on the same disk). When it raises, or breaks
the renderer contract, its folder is removed, so no half-written file is left and the other
renderers' outputs stand.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path, PurePath
from typing import Any

from bhxh_comms.messages import Message, error
from bhxh_comms.render.renderer import OutputRenderer
from bhxh_comms.report.model import Report


def _paths_outside(options: Mapping[str, Any]) -> str:
    """The options naming a file (``filename``, ``basename``, ``…_filename``) whose value is
    not a plain name in the output folder ("../x.json", "/tmp/x", "a/b.xlsx")."""
    found = []
    for key, value in options.items():
        if key in ("filename", "basename") or key.endswith(("_filename", "_basename")):
            text = str(value)
            if not text or text in (".", "..") or PurePath(text).name != text or "\\" in text:
                found.append(f"{key}={text!r}")
    return ", ".join(found)


def render_isolated(
    renderer: OutputRenderer,
    report: Report,
    destination: Path,
    options: Mapping[str, Any],
    *,
    origin: str,
) -> tuple[Path, ...] | Message:
    """The files ``renderer`` wrote into ``destination``, or a message naming it and
    ``origin`` (its plugin and distribution) when it failed."""
    named = _paths_outside(options)
    if named:
        return error(
            f"bộ xuất “{renderer.name}” của {origin}: tên tệp phải nằm trong thư mục kết quả ({named}), "
            "không ghi tệp nào",
            f"renderer {renderer.name!r} of {origin}: file names must stay inside the output folder ({named}); "
            "nothing written",
            code="renderer_path_outside",
        )
    destination.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{renderer.name}-", suffix=".partial", dir=destination))
    try:
        try:
            written = renderer.render(report, staging, options)
            outside = [str(p) for p in written if not p.resolve().is_relative_to(staging.resolve())]
            if outside:
                raise ValueError(f"wrote outside its destination: {', '.join(outside)}")
        except Exception as exc:  # noqa: BLE001 - a failing renderer must not take the others' outputs with it
            reason = f"{type(exc).__name__}: {exc}"
            return error(
                f"bộ xuất “{renderer.name}” của {origin} bị lỗi, không ghi tệp nào: {reason}",
                f"renderer {renderer.name!r} of {origin} failed and wrote no file: {reason}",
                code="renderer_failed",
            )
        placed = []
        for path in written:
            target = destination / path.resolve().relative_to(staging.resolve())
            target.parent.mkdir(parents=True, exist_ok=True)
            path.replace(target)
            placed.append(target)
        return tuple(placed)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
