"""Helpers for plugin authors' tests.

>>> from bhxh_comms.testing import check_renderer   # doctest: +SKIP
>>> check_renderer(my_renderer, sample_report(), tmp_path)   # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from bhxh_comms import synthetic
from bhxh_comms.datafiles import default_catalogs, default_targets, default_units
from bhxh_comms.errors import PluginError
from bhxh_comms.models.periods import Period
from bhxh_comms.phrasing import format_number
from bhxh_comms.render.renderer import OutputRenderer
from bhxh_comms.report.build import build_report
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

    The renderer must leave the report as it found it, write every path it returns, inside
    ``directory``, non-empty, leave no temporary file behind, and (with ``reproducible``) write
    byte-identical files when run again on the same report.
    """
    first_dir = Path(directory) / "first"
    before = report.fingerprint()
    try:
        written = renderer.render(report, first_dir, options)
    except PluginError as exc:
        if "changed the report" in exc.message_en:
            raise AssertionError(exc.message_en) from None
        raise
    assert report.fingerprint() == before, f"renderer {renderer.name!r} changed the report it was given"
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


def sample_report(
    *,
    rows: int = 4_000,
    note: str | None = None,
    comparison: bool = True,
    targets: bool = True,
    communes: bool = True,
    reporting: int | None = None,
    thin_comparison: bool = False,
) -> Report:
    """A complete Report for renderer tests, made by the real flow: synthetic activity rows for
    2024 (63 provinces) and 2025 (63 then 34 provinces) aggregated for 2025 against 2024 with
    the default targets and synthetic denominators. ``generated_at`` is pinned, so the same
    call gives the same report.

    Switches for the cases a renderer must handle:

    - ``note``: added to the metadata notes (e.g. a hostile string to check escaping);
    - ``comparison=False``: no comparison period (no ``_previous`` columns, no ``monthly_previous``);
    - ``targets=False``: no ``scorecard``, ``target_results``, ``target_summary``;
    - ``communes=False``: rows without communes (no ``by_commune``; commune targets not evaluable);
    - ``reporting=N``: only the first N provinces of the 34 report for 2025; the others are
      "chưa báo cáo" (and ``not_reported`` for every target);
    - ``thin_comparison=True``: 2024 has data from one province only, so the comparison is not
      representative: a note says so and no change is stated.
    """

    units, catalogs = default_units(), default_catalogs()
    new_set = units.get("vn-34")
    crosswalk = units.crosswalk("vn-63", "vn-34")

    def of(codes: list[str]) -> set[str]:
        """The codes of ``codes`` (34 provinces) and of their predecessors."""
        return set(codes) | {old for old, new in crosswalk.items() if new in codes}

    previous = synthetic.activities(
        units=units, catalogs=catalogs, start=dt.date(2024, 1, 1), end=dt.date(2024, 12, 31), rows=rows, seed=24
    )
    current = synthetic.activities(
        units=units,
        catalogs=catalogs,
        start=dt.date(2025, 1, 1),
        end=dt.date(2025, 12, 31),
        rows=rows,
        seed=25,
        scale=1.3,
    )
    chosen = list(new_set.codes)[: reporting if reporting is not None else len(new_set)]
    current = current.loc[current["province"].astype(str).isin(of(chosen)).to_numpy()]
    if thin_comparison:
        previous = previous.loc[previous["province"].astype(str).isin(of(chosen[:1])).to_numpy()]
    log = pd.concat([previous, current], ignore_index=True) if comparison else current.reset_index(drop=True)
    if not communes:
        log["commune"] = pd.array([None] * len(log), dtype="string")
    denominators = synthetic.denominators(new_set, seed=5).set_index("province")
    return build_report(
        log,
        period=Period.year(2025),
        comparison_period=Period.year(2024) if comparison else None,
        catalogs=catalogs,
        units=units,
        targets=default_targets() if targets else None,
        denominators=denominators,
        generated_at=dt.datetime(2026, 1, 15, 8, 0, tzinfo=dt.UTC),
        notes=(note,) if note else (),
        processing=(f"Số dòng đã đọc: {format_number(len(log))}; nguồn số liệu: dữ liệu mẫu (synthetic)",),
    )
