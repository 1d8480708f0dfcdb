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
from pathlib import Path
from typing import Any

from bhxh_comms.messages import Message, error
from bhxh_comms.render.renderer import OutputRenderer
from bhxh_comms.report.model import Report


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
