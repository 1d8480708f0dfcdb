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
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import bhxh_comms
from bhxh_comms import Period, synthetic
from bhxh_comms.aggregate.grouping import counts_by_label, distinct_labels
from bhxh_comms.aggregate.totals import in_period
from bhxh_comms.ingest import read_reports
from bhxh_comms.render.builtin import _plain, table_records

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


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=9), min_size=0, max_size=40), st.booleans())
def test_rows_of_a_period_are_the_rows_dated_in_it(days: list[int], ordered: bool) -> None:
    """``in_period`` takes a slice when a period's rows come together and a mask otherwise:
    the same rows, in the same order, either way."""
    dates = pd.to_datetime([dt.date(2025, 12, 27) + dt.timedelta(days=d) for d in (sorted(days) if ordered else days)])
    log = pd.DataFrame({"date": dates, "count": np.arange(len(days))})
    period = Period.year(2026)
    expected = log.loc[((log["date"] >= "2026-01-01") & (log["date"] <= "2026-12-31")).to_numpy()]
    pd.testing.assert_frame_equal(in_period(log, period), expected)


def test_counts_by_label_of_codes_and_of_text() -> None:
    text = pd.Series(["01", "79", None, "01", "79", "79"], dtype=object)
    coded = text.astype("category").cat.set_categories(["79", "01", "96"])  # an unused category
    for series in (text, coded):
        assert counts_by_label(series).to_dict() == {"01": 2, "79": 3}
        assert distinct_labels(series) == {"01", "79"}
    assert counts_by_label(pd.Series([1, "1", 2], dtype=object)).to_dict() == {"1": 2, "2": 1}


def test_json_rows_column_by_column_are_the_cell_by_cell_rows() -> None:
    """report.json converts a column at a time; every kind of cell comes out as ``_plain``
    makes it one by one."""
    frame = pd.DataFrame(
        {
            "code": pd.Categorical(["01", None, "79"], categories=["79", "01"]),
            "n": np.array([1, 2, 3], dtype=np.int64),
            "flag": [True, False, True],
            "share": [0.5, np.nan, np.inf],
            "people": pd.array([4, None, 6], dtype="Int64"),
            "day": pd.to_datetime(["2026-01-02", None, "2026-03-04"]),
            "text": ["a", None, "=1+1"],
            "mixed": [1, "x", None],
        }
    )
    expected = [
        {str(k): _plain(v) for k, v in zip(frame.columns, row, strict=True)} for row in frame.itertuples(index=False)
    ]
    found = table_records(frame)
    assert found == expected
    assert [[type(v) for v in row.values()] for row in found] == [[type(v) for v in row.values()] for row in expected]
    assert table_records(frame.iloc[:, :0]) == [{}, {}, {}]


def test_exact_copies_are_decided_exactly_whatever_the_row_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    """Row keys only find candidates: with every key colliding, the same rows are rejected as
    copies, each pointing at the row it copies."""
    from bhxh_comms.ingest import checks

    frame = _as_objects(_rows(3_000))
    honest = read_reports([frame], period=Period.year(2026), comparison_period=Period.year(2025))
    monkeypatch.setattr(checks, "_row_keys", lambda columns: np.zeros(len(columns[0].codes), dtype=np.uint64))
    colliding = read_reports([frame], period=Period.year(2026), comparison_period=Period.year(2025))
    copies = honest.issues[honest.issues["problem"] == "duplicate"]
    assert len(copies) >= 3_000 // 50 - 5
    pd.testing.assert_frame_equal(copies, colliding.issues[colliding.issues["problem"] == "duplicate"])
    assert len(honest.accepted) == len(colliding.accepted)


def test_csv_read_by_arrow_is_read_as_the_csv_module_reads_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A CSV file that is a plain rectangle of fields is read by Arrow's reader (text as
    categoricals); anything else by the csv module. Both give the same rows, rejects and
    messages: a title above the header, quoted commas and line breaks, blanks, a formula."""
    from bhxh_comms.ingest import sources

    frame = _rows(3_000)
    frame.loc[5, "note"] = 'hội nghị, "lớn"\nhai dòng'
    body = frame.assign(date=frame["date"].dt.strftime("%d/%m/%Y")).to_csv(index=False)
    width = len(frame.columns)
    title = "BÁO CÁO HOẠT ĐỘNG NĂM 2026" + "," * (width - 1) + "\n" + "," * (width - 1) + "\n"
    path = tmp_path / "bao-cao.csv"
    path.write_text(title + body, encoding="utf-8")
    ragged = tmp_path / "le.csv"
    ragged.write_text("BÁO CÁO HOẠT ĐỘNG NĂM 2026\n\n" + body, encoding="utf-8")
    periods = {"period": Period.year(2026), "comparison_period": Period.year(2025)}
    used = []
    arrow = sources._csv_columns
    monkeypatch.setattr(sources, "_csv_columns", lambda *a: used.append(arrow(*a)) or used[-1])
    fast, fallback = read_reports([path], **periods), read_reports([ragged], **periods)
    assert used[0] is not None and used[1] is None  # the ragged file is the csv module's
    monkeypatch.setattr(sources, "_csv_columns", lambda *a: None)
    plain = read_reports([path], **periods)
    assert fast.rows_read == plain.rows_read == len(frame) == fallback.rows_read
    assert fast.accepted.drop(columns="source").astype(str).equals(plain.accepted.drop(columns="source").astype(str))
    assert fast.rejected["errors_en"].tolist() == plain.rejected["errors_en"].tolist()
    assert fast.rejected["row"].tolist() == plain.rejected["row"].tolist()
    columns = ["row", "column", "problem", "message_en"]
    assert fast.issues[columns].equals(plain.issues[columns])
    notes = [*fast.accepted["note"].astype(object), *fast.rejected["note"].astype(object)]
    assert 'hội nghị, "lớn"\nhai dòng' in notes  # the quoted comma and line break kept
    assert fast.rejected["row"].tolist() == fallback.rejected["row"].tolist()  # the header on line 3 in both


def test_a_csv_with_old_mac_line_ends_is_read(tmp_path: Path) -> None:
    """Lines ending in CR alone (old Mac "CSV"): the fast reader steps aside, the csv module reads it."""
    path = tmp_path / "mac.csv"
    path.write_bytes(b"province,date,activity_type,count\r01,2026-03-01,press,3\r04,2026-03-01,press,2\r")
    found = read_reports([path], period=Period.year(2026))
    assert found.ok and found.rows_read == 2 and not found.file_problems
