"""Helpers for plugin authors' tests.

>>> from bhxh_comms.testing import check_renderer   # doctest: +SKIP
>>> check_renderer(my_renderer, sample_report(), tmp_path)   # doctest: +SKIP
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from bhxh_comms.render.renderer import OutputRenderer
from bhxh_comms.report.model import Report


def _digest(paths: tuple[Path, ...]) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in paths}


def check_renderer(
    renderer: OutputRenderer,
    report: Report,
    directory: Path,
    options: Mapping[str, Any] | None = None,
    *,
    reproducible: bool = True,
) -> tuple[Path, ...]:
    """Assert the renderer contract and return the files written.

    The renderer must write every path it returns, inside ``directory``, non-empty, leave no
    temporary file behind, and (with ``reproducible``) write byte-identical files when run
    again on the same report.
    """
    first_dir = Path(directory) / "first"
    written = renderer.render(report, first_dir, options)
    assert written, f"renderer {renderer.name!r} wrote nothing"
    for path in written:
        assert path.resolve().is_relative_to(first_dir.resolve()), f"{path} is outside {first_dir}"
        assert path.stat().st_size > 0, f"{path} is empty"
    leftovers = sorted(p.name for p in first_dir.rglob("*") if p.is_file() and p not in written)
    assert not leftovers, f"renderer {renderer.name!r} left files it did not report: {leftovers}"
    if reproducible:
        again = renderer.render(report, Path(directory) / "second", options)
        assert _digest(written) == _digest(again), f"renderer {renderer.name!r} output is not byte-reproducible"
    return written


def sample_report() -> Report:
    """A small but complete Report for renderer tests: the bundled example data aggregated for
    2025 against 2024, with a pinned ``generated_at`` so outputs are reproducible."""
    import datetime as dt

    import pandas as pd

    from bhxh_comms.models.periods import Period
    from bhxh_comms.report.model import Comparison, Fact, ReportMetadata

    metadata = ReportMetadata(
        title="KẾT QUẢ CÔNG TÁC THÔNG TIN, TRUYỀN THÔNG NĂM 2025",
        period=Period.year(2025),
        comparison_period=Period.year(2024),
        unit_set="vn-34",
        generated_at=dt.datetime(2026, 1, 15, 8, 0, tzinfo=dt.UTC),
    )
    table = pd.DataFrame({"activity_type": ["conference"], "count": [45_900], "participants": [1_700_000]})
    fact = Fact(
        metric="conference.count",
        value=45_900,
        unit="cuộc",
        subject="hội nghị truyền thông",
        comparison=Comparison(previous=22_950, period_label="năm 2024", change=22_950, percent_change=1.0, ratio=2.0),
    )
    return Report(metadata=metadata, tables={"national": table}, facts=(fact,))
