"""Validating raw rows into the accepted activity log and the rejects, losing none.

Every batch goes through the checks of :mod:`bhxh_comms.ingest.checks`, in order; each
problem becomes one issue with the file, sheet, row, column, value and a Vietnamese and
English message. A row with any error is rejected; a row with only warnings (an old province
mapped through the crosswalk, text that looks like a formula) is accepted.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import attrs
import numpy as np
import pandas as pd

from bhxh_comms.ingest.checks import DEFAULT_CHECKS, ERROR, Batch, Check, Issues, no_codes
from bhxh_comms.ingest.columns import BY_NAME, CANONICAL, CATEGORY_COLUMNS, ORIGIN
from bhxh_comms.ingest.distinct import Distinct
from bhxh_comms.ingest.result import IngestResult
from bhxh_comms.ingest.sources import FileProblem, RawTable
from bhxh_comms.models.catalog import Catalogs
from bhxh_comms.models.periods import Period
from bhxh_comms.models.units import UnitRegistry


def _raw_rows(tables: Sequence[RawTable]) -> pd.DataFrame:
    """The rows of every table, with where they come from and the year their form declares.
    Provenance columns are built per table and spread with one ``repeat`` (compact types: at
    national scale every byte per row counts ten million times)."""
    if not tables:
        empty = pd.DataFrame({c: pd.Series(dtype=object) for c in (*CANONICAL, "row", "source", "sheet", *ORIGIN)})
        return empty.assign(declared_year=pd.Series(dtype=np.int16), _table=pd.Series(dtype=np.int32))
    frames = [t.frame for t in tables]
    raw = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0].copy(deep=False)
    raw = raw.reset_index(drop=True)
    lengths = np.array([len(f) for f in frames])
    table = np.repeat(np.arange(len(tables), dtype=np.int32), lengths)
    for column in ("source", "sheet"):  # one value per table, a code per row (None: missing)
        codes, values = pd.factorize(pd.Index([getattr(t, column) for t in tables], dtype=object))
        raw[column] = pd.Categorical.from_codes(codes[table], categories=values)
    raw["declared_year"] = np.array([t.declared_year or 0 for t in tables], dtype=np.int16)[table]
    raw["_table"] = table
    for column in ORIGIN:
        if column not in raw:  # no corrections file among the inputs: an empty column, one byte a row
            nothing = np.full(len(raw), -1, dtype=np.int8)
            raw[column] = pd.Categorical.from_codes(nothing, categories=pd.Index([], dtype=object))
    return raw


def _column_name(column: str, letter: object, english: bool) -> str:
    """ "Cột H – Số lượng" (or "Column H – count"): how the rejects file names a column."""
    if english:
        return f"Column {letter} – {column}" if letter else f"Column {column}"
    header = BY_NAME[column].header_vi if column in BY_NAME else column
    return f"Cột {letter} – {header}" if letter else f"Cột {header}"


def validate(
    tables: Sequence[RawTable],
    *,
    catalogs: Catalogs,
    units: UnitRegistry,
    period: Period | None = None,
    comparison_period: Period | None = None,
    file_problems: Sequence[FileProblem] = (),
    checks: Sequence[Check] = DEFAULT_CHECKS,
) -> IngestResult:
    """Split the rows of ``tables`` into accepted (typed) and rejected rows, with every issue.

    With ``period`` (and ``comparison_period``), a row dated outside them is rejected. A row of
    a report form that declares its year (the template's title) dated in another year is
    rejected whatever the periods: a 2026 report cannot hold 2025's activities. ``checks`` are
    run in order (:data:`~bhxh_comms.ingest.checks.DEFAULT_CHECKS`)."""
    raw = _raw_rows(tables)
    distinct = {c: Distinct.of(raw[c]) for c in CANONICAL}
    blank_matrix = {c: d.blank() for c, d in distinct.items()}
    all_blank = np.logical_and.reduce([blank_matrix[c] for c in CANONICAL]) if len(raw) else np.zeros(0, bool)
    if all_blank.any():  # empty spreadsheet rows are not records
        raw = raw.loc[~all_blank].reset_index(drop=True)
        blank_matrix = {c: m[~all_blank] for c, m in blank_matrix.items()}
        distinct = {c: attrs.evolve(d, codes=d.codes[~all_blank]) for c, d in distinct.items()}
    batch = Batch(
        raw=raw,
        blank=blank_matrix,
        issues=Issues(raw, [t.letters for t in tables]),
        catalogs=catalogs,
        units=units,
        periods=tuple(p for p in (period, comparison_period) if p is not None),
        distinct_cache=distinct,
    )
    for check in checks:
        check.run(batch)
    batch.forget_distinct()  # the checks are done: their per-row codes need not outlive them
    declared = {t.source: t.declared_year for t in tables if t.declared_year}
    return _result(batch, file_problems, declared)


def _result(batch: Batch, file_problems: Sequence[FileProblem], declared: Mapping[str, int]) -> IngestResult:
    """Accepted rows (typed), rejected rows (as read, with their errors) and every issue."""
    raw, typed = batch.raw, batch.typed
    issue_frame = batch.issues.frame()
    errors = issue_frame[issue_frame["severity"] == ERROR]
    rejected_mask = np.zeros(len(raw), dtype=bool)
    rejected_mask[errors["position"].to_numpy(dtype=np.int64)] = True
    keep = ~rejected_mask  # a mask, not positions: a byte a row
    whole = bool(keep.all())  # nothing rejected: no copy of any column
    parsed: dict[str, Any] = {
        "province": batch.province,
        "commune": typed.pop("commune"),
        "date": batch.dates,
        **{c: typed.pop(c) for c in CATEGORY_COLUMNS},
        "count": typed.pop("count"),
        "participants": typed.pop("participants"),
        "note": typed.pop("note"),
        "unit_set": batch.unit_set,
        "source": pd.Categorical(raw["source"]),  # a categorical column keeps its codes
        "sheet": pd.Categorical(raw["sheet"]),
        "row": raw["row"].to_numpy(dtype=np.int64),
    }
    # The batch lets go of what it parsed: each column below is freed once its accepted rows are taken.
    batch.province, batch.unit_set = no_codes(), no_codes()
    batch.dates = pd.Series(dtype="datetime64[ns]")
    # Only the accepted rows of each column are taken, a column at a time: the whole batch is
    # never copied as a frame, nor held twice.
    taken: dict[str, Any] = {}
    for name in list(parsed):
        values = parsed.pop(name)
        if name == "date":
            values = values.to_numpy()
        taken[name] = values if whole else values[keep]
        del values
    taken["date"] = pd.Series(taken["date"]).dt.normalize().to_numpy()  # the accepted rows only
    accepted = pd.DataFrame(taken, copy=False)
    del taken
    for name in ("unit_set", "source", "sheet"):
        accepted[name] = accepted[name].cat.remove_unused_categories()
    accepted["count"] = accepted["count"].astype("int64")
    rejected = raw.loc[rejected_mask, [*CANONICAL, "source", "sheet", "row", *ORIGIN]].copy()
    for column in ("source", *ORIGIN):  # as read: text, or NA where empty
        values = rejected[column].astype(object)
        rejected[column] = values.where(values.notna(), pd.NA)
    if len(errors):
        # One text per rejected row: its errors in column order, joined (built column-wise).
        letters, columns = errors["letter"].to_numpy(dtype=object), errors["column"].to_numpy(dtype=object)
        where_vi = np.array([_column_name(c, x, False) for c, x in zip(columns, letters, strict=True)], dtype=object)
        where_en = np.array([_column_name(c, x, True) for c, x in zip(columns, letters, strict=True)], dtype=object)
        parts = pd.DataFrame(
            {
                "position": errors["position"].to_numpy(),
                "errors_vi": where_vi + ": " + errors["message_vi"].to_numpy(dtype=object),
                "errors_en": where_en + ": " + errors["message_en"].to_numpy(dtype=object),
            }
        )
        # Most rows have one error: only the others are joined group by group.
        several = parts["position"].duplicated(keep=False).to_numpy()
        texts = parts.loc[~several].set_index("position")
        if several.any():
            joined = (
                parts.loc[several].groupby("position", sort=True).agg({"errors_vi": "; ".join, "errors_en": "; ".join})
            )
            texts = pd.concat([texts, joined]).sort_index()
        rejected = rejected.join(texts, how="left")
    else:
        rejected["errors_vi"] = pd.Series(dtype=object)
        rejected["errors_en"] = pd.Series(dtype=object)
    return IngestResult(
        accepted=accepted.reset_index(drop=True),
        rejected=rejected.reset_index(drop=True),
        issues=issue_frame.drop(columns="position").reset_index(drop=True),
        file_problems=tuple(file_problems),
        rows_read=len(raw),
        declared_years=declared,
        origins=_origins(raw),
    )


def _origins(raw: pd.DataFrame) -> pd.DataFrame:
    """The rows of rejects workbooks sent back: each with the original file, sheet and row it
    corrects, and the original's hash."""
    given = raw["origin_source"].notna().to_numpy().copy()
    if given.any():  # only corrections files have these columns filled: look at those rows only
        given[given] = (raw.loc[given, "origin_source"].astype(str).str.strip() != "").to_numpy()
    found = raw.loc[given, ["source", "sheet", "row", *ORIGIN]].copy()
    found["origin_source"] = found["origin_source"].astype(str).map(lambda s: s.strip())
    found["origin_row"] = pd.to_numeric(found["origin_row"], errors="coerce").astype("Int64")
    for column in ("origin_sheet", "origin_hash"):
        found[column] = found[column].map(lambda v: None if v is None or v is pd.NA or v != v else str(v).strip())
    return found.reset_index(drop=True)
