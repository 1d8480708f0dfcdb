"""The fast paths of validation give what the plain path gives.

Columns are factorized natively when they are typed (categoricals, dates, integers, Arrow
strings from Parquet) and through Python objects when they come from a spreadsheet or a CSV
file. The same rows, with the same planted mistakes, must come out the same whichever way they
come in: accepted rows, rejected rows and every message.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd

import bhxh_comms
from bhxh_comms import Period, synthetic
from bhxh_comms.ingest import read_reports

COLUMNS = ["province", "commune", "date", "activity_type", "subject_group", "theme", "partner", "count", "participants"]


def _rows(n: int) -> pd.DataFrame:
    """``n`` synthetic rows across the 2025 reorganisation, with planted mistakes and copies."""
    frame = synthetic.activities(
        units=bhxh_comms.default_units(),
        catalogs=bhxh_comms.default_catalogs(),
        start=dt.date(2025, 1, 1),
        end=dt.date(2026, 12, 31),
        rows=n,
        seed=7,
    )[COLUMNS].reset_index(drop=True)
    frame = frame.astype({c: object for c in ("province", "commune", "activity_type", "theme")})
    frame["note"] = None
    wrong = np.arange(n) % 97
    frame.loc[wrong == 1, "count"] = -3
    frame.loc[wrong == 2, "activity_type"] = "hoi-cho"
    frame.loc[wrong == 3, "date"] = pd.Timestamp("2031-05-01")
    frame.loc[wrong == 4, "province"] = None
    frame.loc[wrong == 5, "province"] = "Hà Tây"  # no longer a province: unknown, with a hint
    frame.loc[wrong == 6, "theme"] = "  "  # blank text
    frame.loc[wrong == 7, "note"] = "=1+1"  # looks like a formula: a warning
    frame.loc[wrong == 8, "province"] = "Quảng Nam"  # an old name after mid-2025: mapped
    copies = frame.iloc[: n // 50].copy()
    return pd.concat([frame, copies], ignore_index=True)


def _as_objects(frame: pd.DataFrame) -> pd.DataFrame:
    """The same cells as a spreadsheet reader gives them: Python objects, dates as datetimes."""
    out = pd.DataFrame(index=frame.index)
    for column in frame.columns:
        values = frame[column].astype(object).to_numpy()
        out[column] = [None if v is None or v is pd.NA or (isinstance(v, float) and v != v) else v for v in values]
        if column == "date":
            out[column] = [None if v is None else pd.Timestamp(v).to_pydatetime() for v in out[column]]
    return out.astype(object)


def _comparable(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.drop(columns=["source"]).astype(str).reset_index(drop=True)


def test_typed_and_object_columns_give_the_same_result(tmp_path: Path) -> None:
    frame = _rows(20_000)
    typed = frame.astype({"province": "category", "activity_type": "category", "theme": "category"})
    path = tmp_path / "typed.parquet"
    typed.to_parquet(path, index=False)
    year, compare = Period.year(2026), Period.year(2025)
    fast = read_reports([path], period=year, comparison_period=compare)
    plain = read_reports([_as_objects(frame)], period=year, comparison_period=compare)
    assert fast.rows_read == plain.rows_read == len(frame)
    assert len(fast.rejected) > 4 * len(frame) // 97  # the planted mistakes and the copies
    pd.testing.assert_frame_equal(_comparable(fast.accepted), _comparable(plain.accepted))
    assert fast.rejected["errors_en"].tolist() == plain.rejected["errors_en"].tolist()
    assert fast.rejected["errors_vi"].tolist() == plain.rejected["errors_vi"].tolist()
    problems = ["row", "column", "problem", "severity", "message_vi", "message_en", "value"]
    pd.testing.assert_frame_equal(
        fast.issues[problems].reset_index(drop=True), plain.issues[problems].reset_index(drop=True)
    )
    assert set(fast.issues["problem"]) >= {
        "negative", "unknown_activity_type", "outside_period", "missing", "unknown_province", "formula_text",
        "old_province_mapped", "duplicate",
    }  # fmt: skip


def test_csv_gives_what_parquet_gives(tmp_path: Path) -> None:
    frame = _rows(5_000)
    frame.to_parquet(tmp_path / "a.parquet", index=False)
    written = frame.assign(date=frame["date"].dt.strftime("%d/%m/%Y"))
    written.to_csv(tmp_path / "a.csv", index=False, encoding="utf-8")
    from_parquet = read_reports([tmp_path / "a.parquet"], period=Period.year(2026))
    from_csv = read_reports([tmp_path / "a.csv"], period=Period.year(2026))
    assert (len(from_csv.accepted), len(from_csv.rejected)) == (len(from_parquet.accepted), len(from_parquet.rejected))
    columns = ["province", "date", "activity_type", "count", "participants"]
    pd.testing.assert_frame_equal(
        from_csv.accepted[columns].astype(str).reset_index(drop=True),
        from_parquet.accepted[columns].astype(str).reset_index(drop=True),
    )
