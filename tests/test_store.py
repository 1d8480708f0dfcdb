"""The national store: the office's cycle through ``ingest``, ``status`` and ``aggregate --store``,
other readers of its Parquet, and a store never torn by a killed or concurrent run."""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest
from tests import hostile_files as hf

from bhxh_comms import Period, default_catalogs, default_units
from bhxh_comms.cli import main
from bhxh_comms.ingest import Store, StoreError

COUNT = 7  # the template's "Số lượng" column, 0-based
GENERATED = "2027-01-15T08:00:00+07:00"


def _send(path: Path, day: int) -> Path:
    moment = dt.datetime(2027, 1, day, 9).timestamp()
    os.utime(path, (moment, moment))
    return path


def _report(out: Path) -> dict[str, Any]:
    found: dict[str, Any] = json.loads((out / "report.json").read_text(encoding="utf-8"))
    return found


def _partitions(store: Path) -> dict[str, int]:
    """Each partition file and its inode (a rewritten partition is a new file)."""
    return {p.relative_to(store).as_posix(): p.stat().st_ino for p in sorted((store / "rows").rglob("*.parquet"))}


def _correct(rejects: Path, target: Path) -> None:
    """The province corrects every rejected row of the rejects workbook and sends it back."""
    book = openpyxl.load_workbook(rejects)
    for sheet in book.worksheets:
        if sheet.title != "Hướng dẫn":
            for row in sheet.iter_rows(min_row=2):
                row[COUNT].value = 5
    book.save(target)


@pytest.fixture
def batch(tmp_path: Path) -> Path:
    """34 provinces' reports (20 rows each), sent on 5 January."""
    folder = tmp_path / "dot-1"
    for path in hf.valid_batch(folder, rows=20):
        _send(path, 5)
    return folder


def test_the_store_cycle(tmp_path: Path, batch: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = tmp_path / "kho"
    assert main(["ingest", str(batch), "--store", str(store)]) == 0
    first = _partitions(store)
    assert len(first) == 34 and all("year=2026/province_code=" in name for name in first)
    capsys.readouterr()

    # Two provinces send a corrected full report; one of them still has a wrong row.
    codes = hf.province_codes()
    resent = tmp_path / "dot-2"
    resent.mkdir()
    for n, code in enumerate(codes[:2]):
        rows = hf.valid_rows(code, rows=20)
        rows[0][COUNT] = 40
        if n == 1:
            rows[1][COUNT] = -3
        hf._write_sheet(resent / f"bao-cao-{code}-sua.xlsx", rows)
        _send(resent / f"bao-cao-{code}-sua.xlsx", 8)
    rejects = tmp_path / "dong-bi-loai.xlsx"
    assert main(["ingest", str(resent), "--store", str(store), "--rejects", str(rejects)]) == 1
    err = capsys.readouterr().err
    for code in codes[:2]:
        assert f"bao-cao-{code}-sua.xlsx (gửi sau) thay bao-cao-{code}-2026.xlsx: 20 dòng" in err
    second = _partitions(store)
    changed = sorted(name for name in first if second.get(name) != first[name])
    assert changed == [f"rows/year=2026/province_code={code}/data.parquet" for code in sorted(codes[:2])]

    # The province corrects its rejected row in the rejects workbook and sends it back.
    correction = tmp_path / "sua-loi.xlsx"
    _correct(rejects, correction)
    _send(correction, 9)
    assert main(["ingest", str(correction), "--store", str(store)]) == 0
    capsys.readouterr()

    assert main(["status", "--store", str(store), "--year", "2026", "--due", "2027-01-08"]) == 0
    out, err = capsys.readouterr()
    assert len(out.splitlines()) == 1 + 34 and "08/01/2027 09:00" in out
    table = Store.open(store).status(Period.year(2026), default_units(), due=dt.date(2027, 1, 8))
    table = table.set_index("province")
    assert list(table.loc[codes[0], ["files", "replaced", "rows", "rejected"]]) == [1, 1, 20, 0]
    assert table.loc[codes[0], "status"] == "đã báo cáo"  # sent on the due day, at 9:00
    assert table.loc[codes[1], "status"] == "báo cáo muộn"  # its correction came on the 9th
    assert table.loc[codes[1], "files"] == 2
    assert "34/34 tỉnh đã báo cáo năm 2026 (1 muộn hạn 08/01/2027); 0 dòng bị loại chưa sửa" in err

    # The store's report is the report of the final files, without validating them again.
    from_store, from_files = tmp_path / "tu-kho", tmp_path / "tu-tep"
    common = ["--year", "2026", "--format", "json", "--generated-at", GENERATED]
    assert main(["aggregate", "--store", str(store), *common, "--out", str(from_store)]) == 0
    assert main(["aggregate", str(batch), str(resent), str(correction), *common, "--out", str(from_files)]) == 0
    a, b = _report(from_store), _report(from_files)
    assert a["tables"] == b["tables"] and a["facts"] == b["facts"] and a["statements"] == b["statements"]
    total = sum(int(r["count"]) for r in a["tables"]["national"]["rows"])
    counts = {c: [int(str(r[COUNT])) for r in hf.valid_rows(c, rows=20)] for c in codes}
    changes = (40 - counts[codes[0]][0]) + (40 - counts[codes[1]][0]) + (5 - counts[codes[1]][1])
    assert total == sum(map(sum, counts.values())) + changes  # corrected rows once, replaced ones not at all
    processing = " ".join(a["metadata"]["processing"])
    assert "(gửi sau) thay" in processing  # decisions made at ingest are stated in the report
    manifest = json.loads((from_store / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["inputs"][0]["store"] == "bhxh-comms/store/1"
    assert {e["path"] for e in manifest["inputs"][1:]} >= {f"bao-cao-{codes[0]}-sua.xlsx", "sua-loi.xlsx"}


def test_duckdb_and_polars_read_the_store_as_it_is(tmp_path: Path, batch: Path) -> None:
    import duckdb
    import polars

    store = Store.open(tmp_path / "kho", create=True)
    store.ingest([batch], catalogs=default_catalogs(), units=default_units())
    rows = str(tmp_path / "kho" / "rows" / "**" / "*.parquet")
    relation = duckdb.sql(
        f"select province, year, sum(count) as n from read_parquet('{rows}', hive_partitioning=true) "
        "group by all order by province"
    )
    assert relation is not None
    found = relation.df()
    log = store.log(Period.year(2026))
    expected = log.groupby(log["province"].astype(str))["count"].sum()
    assert list(found["province"]) == list(expected.index)  # codes as text: "01", not 1
    assert list(found["n"]) == list(expected) and set(found["year"]) == {2026}
    frame = polars.scan_parquet(rows, hive_partitioning=True).select(polars.col("count").sum()).collect()
    assert frame.item() == int(log["count"].sum())


def test_the_same_file_again_and_a_copy_count_once(
    tmp_path: Path, batch: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = tmp_path / "kho"
    assert main(["ingest", str(batch), "--store", str(store)]) == 0
    before = _partitions(store)
    one = sorted(batch.iterdir())[0]
    assert main(["ingest", str(one), "--store", str(store)]) == 0
    assert f"{one.name} nhận lại, không đổi" in capsys.readouterr().err
    assert _partitions(store) == before  # nothing rewritten
    copy = tmp_path / "ban-sao.xlsx"
    copy.write_bytes(one.read_bytes())
    _send(copy, 6)
    assert main(["ingest", str(copy), "--store", str(store)]) == 0
    assert "ban-sao.xlsx giống hệt" in capsys.readouterr().err
    log = Store.open(store).log(Period.year(2026))
    assert len(log) == 34 * 20


def test_a_file_that_is_not_a_store_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "khac").mkdir()
    (tmp_path / "khac" / "ghi-chu.txt").write_text("x", encoding="utf-8")
    assert main(["status", "--store", str(tmp_path / "khac"), "--year", "2026"]) == 2
    assert "is not a store" in capsys.readouterr().err
    with pytest.raises(StoreError, match="holds other files"):
        Store.open(tmp_path / "khac", create=True)


def test_a_second_writer_waits_then_fails_clearly(tmp_path: Path, batch: Path) -> None:
    store = Store.open(tmp_path / "kho", create=True)
    with (tmp_path / "kho" / ".lock").open("a") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX)  # another run is writing
        started = time.monotonic()
        with pytest.raises(StoreError, match="in use by another run"):
            store.ingest([batch], catalogs=default_catalogs(), units=default_units(), timeout=0.5)
        assert time.monotonic() - started >= 0.5
    assert not (tmp_path / "kho" / "rows").exists()  # nothing was written
    store.ingest([batch], catalogs=default_catalogs(), units=default_units(), timeout=0.5)
    assert len(store.log(Period.year(2026))) == 34 * 20


_KILL_AT = """
import os, signal, sys
from bhxh_comms.ingest import store as module
from bhxh_comms.cli import main

moment = sys.argv[1]
if moment == "before-commit":
    write = module._fsync
    calls = []
    def _fsync(path):
        write(path)
        calls.append(path)
        if len(calls) == 2:  # the journal is half written
            os.kill(os.getpid(), signal.SIGKILL)
    module._fsync = _fsync
else:  # after the commit mark, while the partitions are moved into place
    rename = module.Path.rename
    moved = []
    def _rename(self, target):
        result = rename(self, target)
        moved.append(target)
        if len(moved) == 1:
            os.kill(os.getpid(), signal.SIGKILL)
        return result
    module.Path.rename = _rename
sys.exit(main(sys.argv[2:]))
"""


def _state(store: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    opened = Store.open(store)  # finishes or undoes an interrupted change
    log = opened.log(Period.year(2026))
    key = ["province", "source", "row"]
    table = log[[*key, "count"]].astype({"province": str, "source": str}).sort_values(key).reset_index(drop=True)
    return table, opened.submissions()


@pytest.mark.parametrize("moment", ["before-commit", "after-commit"])
def test_killing_ingest_leaves_the_store_whole(tmp_path: Path, batch: Path, moment: str) -> None:
    store = tmp_path / "kho"
    assert main(["ingest", str(batch), "--store", str(store)]) == 0
    old_rows, old_known = _state(store)
    resent = tmp_path / "dot-2"
    resent.mkdir()
    for code in hf.province_codes()[:3]:
        rows = hf.valid_rows(code, rows=20)
        rows[0][COUNT] = 50
        hf._write_sheet(resent / f"moi-{code}.xlsx", rows)
        _send(resent / f"moi-{code}.xlsx", 8)
    argv = ["ingest", str(resent), "--store", str(store)]
    killed = subprocess.run([sys.executable, "-c", _KILL_AT, moment, *argv], capture_output=True, timeout=300)
    assert killed.returncode == -signal.SIGKILL, killed.stderr.decode()
    now, known = _state(store)
    assert not (store / ".journal").exists() or not any((store / ".journal").iterdir())
    if moment == "before-commit":
        pd.testing.assert_frame_equal(now, old_rows)  # as before
        pd.testing.assert_frame_equal(known, old_known)
    else:
        assert (now["source"].str.contains("moi-")).sum() == 3 * 20  # the change, finished on opening
        assert len(now) == len(old_rows) and len(known) == len(old_known) + 3
    assert not list(store.rglob("*.tmp*"))


def test_killing_ingest_at_random_moments(tmp_path: Path, batch: Path) -> None:
    """kill -9 of the command as users run it, at moments spread over its run: the store holds
    the old rows or the new ones, never a mix."""
    store = tmp_path / "kho"
    assert main(["ingest", str(batch), "--store", str(store)]) == 0
    old_rows, _ = _state(store)
    resent = tmp_path / "dot-2"
    resent.mkdir()
    for code in hf.province_codes():
        rows = hf.valid_rows(code, rows=20)
        rows[0][COUNT] = 60
        hf._write_sheet(resent / f"moi-{code}.xlsx", rows)
        _send(resent / f"moi-{code}.xlsx", 8)
    command = [sys.executable, "-m", "bhxh_comms", "ingest", str(resent), "--store", str(store)]
    started = time.monotonic()
    subprocess.run([*command[:-2], "--store", str(tmp_path / "timing")], check=True, capture_output=True)
    whole = time.monotonic() - started
    chooser = random.Random(13)
    for _ in range(6):
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(chooser.uniform(0.3, 1.1) * whole)
        process.send_signal(signal.SIGKILL)
        process.wait()
        now, _ = _state(store)
        new = int(now["source"].str.contains("moi-").sum())
        assert new in (0, 34 * 20), new  # all of the new files or none of them
        assert len(now) == len(old_rows)
        if new:
            break


def test_the_store_reads_back_what_it_was_given(tmp_path: Path, batch: Path) -> None:
    """``Store.log`` (partitions read side by side, categories joined on their codes) gives the
    rows the files gave, typed as a log; ``columns`` reads fewer; a year's rows are together."""
    store = Store.open(tmp_path / "kho", create=True)
    ingested = store.ingest([batch], catalogs=default_catalogs(), units=default_units()).ingest.accepted
    log = store.log(years=[2026])
    key = ["source", "sheet", "row"]
    mine = log.assign(**{c: log[c].astype(str) for c in ("source", "sheet")}).sort_values(key, ignore_index=True)
    theirs = ingested.assign(**{c: ingested[c].astype(str) for c in ("source", "sheet")})
    theirs = theirs.sort_values(key, ignore_index=True)
    for column in ("province", "commune", "activity_type", "subject_group", "theme", "partner", "unit_set"):
        assert isinstance(log[column].dtype, pd.CategoricalDtype), column
        assert mine[column].astype(str).tolist() == theirs[column].astype(str).tolist(), column
    assert log["participants"].dtype == "Int64"
    assert mine["participants"].isna().tolist() == theirs["participants"].isna().tolist()
    assert mine["participants"].fillna(-1).tolist() == theirs["participants"].fillna(-1).astype(int).tolist()
    assert mine["count"].tolist() == theirs["count"].astype(int).tolist()
    assert mine["date"].tolist() == theirs["date"].tolist()

    few = store.log(Period.year(2026), columns=["province", "date", "count"])
    assert list(few.columns) == ["province", "date", "count"] and len(few) == len(log)
    assert few["province"].astype(str).tolist() == log["province"].astype(str).tolist()


@pytest.fixture(scope="module")
def two_years(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store of 2025 (63 provinces, then 34 from 1 July) and 2026, with communes: half of them
    named, with names that recur in other provinces ("Phường 1"); province 08 (Tuyên Quang, and
    the old provinces merged into it) sent nothing."""
    from bhxh_comms import synthetic

    folder = tmp_path_factory.mktemp("hai-nam")
    units = default_units()
    frame = synthetic.activities(
        units=units, catalogs=default_catalogs(), start=dt.date(2025, 1, 1), end=dt.date(2026, 12, 31), rows=30_000,
        seed=11,
    )  # fmt: skip
    columns = ["province", "commune", "date", "activity_type", "subject_group", "theme", "partner", "count"]
    frame = frame[[*columns, "participants"]].astype({c: object for c in ("province", "commune")})
    merged = {old for old, new in units.crosswalk("vn-63", "vn-34").items() if new == "08"} | {"08"}
    frame = frame.loc[~frame["province"].isin(merged)].reset_index(drop=True)
    named = frame["commune"].notna() & (frame.index % 2 == 0)
    frame.loc[named, "commune"] = "Phường " + (frame.index[named] % 7).astype(str)
    data = folder / "du-lieu.parquet"
    frame.to_parquet(data)
    Store.open(folder / "kho", create=True).ingest([data], catalogs=default_catalogs(), units=default_units())
    return folder / "kho"


def test_a_store_added_up_a_few_provinces_at_a_time_says_the_same(
    two_years: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Beyond ``--chunk-rows`` the store is read a few provinces at a time (the 2025 rows of
    the old provinces with the new province they merged into) and the partial sums combined:
    report.json is byte for byte the one of the whole store read at once, targets, communes,
    comparison, notes and completeness (``--due``) included."""
    store = Store.open(two_years)
    unit_set = default_units().unit_set_on(dt.date(2026, 12, 31))
    chunks = list(store.chunks(years=[2025, 2026], units=default_units(), unit_set=unit_set, max_rows=4_000))
    assert len(chunks) > 4
    assert [c for codes, _ in chunks for c in codes] == list(unit_set.codes)  # in order, each once
    assert sum(len(log) for _, log in chunks) == store.rows(years=[2025, 2026]) == len(store.log(years=[2025, 2026]))
    common = [
        "aggregate", "--store", str(two_years), "--year", "2026", "--compare", "2025", "--due", "2027-01-20",
        "--generated-at", GENERATED, "--format", "json,csv",
    ]  # fmt: skip
    assert main([*common, "--out", str(tmp_path / "ca-kho")]) == 0
    assert main([*common, "--out", str(tmp_path / "tung-phan"), "--chunk-rows", "100"]) == 0
    capsys.readouterr()
    whole, parts = tmp_path / "ca-kho", tmp_path / "tung-phan"
    names = sorted(p.name for p in whole.iterdir() if p.name != "manifest.json")
    assert names == sorted(p.name for p in parts.iterdir() if p.name != "manifest.json")
    for name in names:
        assert (whole / name).read_bytes() == (parts / name).read_bytes(), name
    report = _report(parts)
    assert any("63" in note or "chuyển sang" in note for note in report["metadata"]["notes"])  # 2025 rows were mapped
    assert report["tables"]["by_commune"]["rows"] and report["tables"]["scorecard"]["rows"]
    silent = [r for r in report["tables"]["scorecard"]["rows"] if r["province"] == "08"]
    assert silent and {r["outcome"] for r in silent} == {"not_reported"}  # scored though no chunk has its rows
    communes = [r["commune"] for r in report["tables"]["by_commune"]["rows"] if r["province"] == "01"]
    assert "Phường 1" in communes and "Phường 6" in communes


def test_a_file_with_no_row_accepted_is_still_accounted_for(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Every row of one file rejected: it belongs to no year of the store, yet `aggregate
    --store` counts its rows among the rejected and puts them in the run's rejects workbook."""
    folder = tmp_path / "bao-cao"
    folder.mkdir()
    header = "province,date,activity_type,count\n"
    (folder / "ha-noi.csv").write_text(header + "01,2026-03-01,press,3\n", encoding="utf-8")
    (folder / "cao-bang.csv").write_text(header + "04,2026-03-01,leaflet,5\n04,2027-12-31,press,1\n", encoding="utf-8")
    assert main(["ingest", str(folder), "--store", str(tmp_path / "kho"), "--year", "2026"]) == 1
    out = tmp_path / "ket-qua"
    assert main(["aggregate", "--store", str(tmp_path / "kho"), "--year", "2026", "--out", str(out)]) == 1
    assert "read 3 rows = 1 accepted + 2 rejected" in capsys.readouterr().err
    sheets = openpyxl.load_workbook(out / "dong-bi-loai.xlsx").worksheets
    assert sum(s.max_row - 1 for s in sheets if s.title != "Hướng dẫn") == 2


def _csv(path: Path, *rows: str) -> Path:
    path.write_text("province,date,activity_type,count\n" + "".join(f"{r}\n" for r in rows), encoding="utf-8")
    return path


def test_a_file_of_another_year_or_with_no_valid_row_replaces_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every file stays accounted for: a 2025 file leaves 2026's submissions counted, and a file
    none of whose rows is valid replaces nothing but is listed under the province it names."""
    store = tmp_path / "kho"
    hanoi = _csv(tmp_path / "hn-2026.csv", "01,2026-03-01,press,3")
    assert main(["ingest", str(hanoi), "--store", str(store)]) == 0
    assert main(["ingest", str(_csv(tmp_path / "hn-2025.csv", "01,2025-03-01,press,2")), "--store", str(store)]) == 0
    bad = _csv(tmp_path / "cb.csv", "04,2026-03-01,bogus,3", "04,2026-03-02,bogus,1", "Atlantis,2026-03-03,press,1")
    assert main(["ingest", str(bad), "--store", str(store)]) == 1
    capsys.readouterr()
    known = Store.open(store).submissions().set_index("source")
    assert list(known["state"]) == ["counted", "counted"] and list(known["accepted"]) == [1, 1]
    table = Store.open(store).status(Period.year(2026), default_units()).set_index("province")
    assert (table.at["01", "status"], table.at["01", "rows"]) == ("đã báo cáo", 1)
    assert (table.at["04", "status"], table.at["04", "rejected"], bool(table.at["04", "reported"])) == (
        "đã gửi, chưa có dòng hợp lệ",
        2,
        False,
    )
    assert table.attrs["rejected_unplaced"] == 1  # "Atlantis"
    assert main(["status", "--store", str(store), "--year", "2026"]) == 0
    err = capsys.readouterr().err
    assert (
        "1/34 tỉnh đã báo cáo năm 2026; 1 tỉnh đã gửi tệp nhưng chưa có dòng hợp lệ; 3 dòng bị loại chưa sửa "
        "(1 dòng không rõ tỉnh hoặc ngày)" in err
    )
    # a year nobody has sent yet
    assert main(["status", "--store", str(store), "--year", "2027"]) == 0
    assert "0/34 tỉnh đã báo cáo năm 2027; 0 dòng bị loại chưa sửa" in capsys.readouterr().err


def test_a_file_read_again_with_no_valid_row_takes_its_earlier_rows_away(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The new version of a file is what counts, even when none of its rows is valid: the
    store, its status and the report agree that the province has no valid row."""
    store = tmp_path / "kho"
    hanoi = _csv(tmp_path / "hn.csv", "01,2026-03-01,press,3")
    assert main(["ingest", str(hanoi), "--store", str(store)]) == 0
    _csv(hanoi, "01,2026-03-01,bogus,3")
    assert main(["ingest", str(hanoi), "--store", str(store)]) == 1
    assert "phần kho ghi lại / partitions written: 2026/01" in capsys.readouterr().err
    assert len(Store.open(store).log(years=[2026])) == 0
    table = Store.open(store).status(Period.year(2026), default_units()).set_index("province")
    assert (table.at["01", "status"], table.at["01", "rejected"]) == ("đã gửi, chưa có dòng hợp lệ", 1)


def test_rejected_rows_count_for_the_province_and_year_they_name(tmp_path: Path) -> None:
    """A file's rejected rows are counted once, in the year they name, under the province they
    name (a national file holds many provinces)."""
    store = tmp_path / "kho"
    two_years = _csv(tmp_path / "a.csv", "01,2025-03-01,press,3", "01,2026-03-01,bogus,4", "01,2026-03-02,bogus,4")
    national = _csv(tmp_path / "toan-quoc.csv", "79,2026-03-01,press,3", "04,2026-03-01,bogus,4")
    assert main(["ingest", str(two_years), str(national), "--store", str(store)]) == 1
    units = default_units()
    y2025 = Store.open(store).status(Period.year(2025), units).set_index("province")
    y2026 = Store.open(store).status(Period.year(2026), units).set_index("province")
    assert int(y2025["rejected"].sum()) == 0 and y2025.at["01", "status"] == "đã báo cáo"
    assert (y2026.at["01", "rejected"], y2026.at["01", "status"]) == (2, "đã gửi, chưa có dòng hợp lệ")
    assert (y2026.at["04", "rejected"], y2026.at["04", "status"]) == (1, "đã gửi, chưa có dòng hợp lệ")
    assert (y2026.at["79", "rejected"], y2026.at["79", "status"]) == (0, "đã báo cáo")


def test_rejected_rows_of_a_workbook_and_of_a_csv_are_stored_together(tmp_path: Path) -> None:
    """Dates read from a workbook are dates, from a CSV text: the store keeps both (it crashed)."""
    import xlsxwriter

    store = tmp_path / "kho"
    book = tmp_path / "hn.xlsx"
    with xlsxwriter.Workbook(book) as workbook:
        sheet = workbook.add_worksheet("Báo cáo")
        sheet.write_row(0, 0, ["Tỉnh", "Ngày", "Hình thức", "Số lượng"])
        sheet.write(1, 0, "01")
        sheet.write_datetime(1, 1, dt.datetime(2026, 3, 1), workbook.add_format({"num_format": "dd/mm/yyyy"}))
        sheet.write_row(1, 2, ["bogus", 3])
    assert main(["ingest", str(book), "--store", str(store)]) == 1
    assert main(["ingest", str(_csv(tmp_path / "cb.csv", "04,2026-03-01,bogus,3")), "--store", str(store)]) == 1
    rejected = Store.open(store).rejected()
    assert sorted(rejected["source"].map(lambda s: Path(s).name)) == ["cb.csv", "hn.xlsx"]
    assert sorted(rejected["date"]) == ["2026-03-01", "2026-03-01"]
    table = Store.open(store).status(Period.year(2026), default_units()).set_index("province")
    assert (table.at["01", "rejected"], table.at["04", "rejected"]) == (1, 1)


def test_a_file_read_again_that_no_longer_covers_what_it_replaced_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = tmp_path / "kho"
    first = _send(_csv(tmp_path / "b.csv", "01,2025-03-01,press,3"), 1)
    later = _send(
        _csv(tmp_path / "a.csv", "01,2025-01-02,press,5", "01,2025-12-30,press,5", "01,2026-03-01,press,4"), 2
    )
    assert main(["ingest", str(first), "--store", str(store)]) == 0
    assert main(["ingest", str(later), "--store", str(store)]) == 0
    assert "a.csv (gửi sau) thay b.csv" in capsys.readouterr().err
    _send(_csv(later, "01,2026-03-01,press,4"), 3)
    assert main(["ingest", str(later), "--store", str(store)]) == 0
    assert (
        "a.csv (gửi lại) không còn số liệu của Hà Nội năm 2025, mà trước đó đã thay b.csv: số liệu của b.csv không "
        "còn trong kho, hãy nhập lại nếu vẫn đúng" in capsys.readouterr().err
    )


def test_the_rejects_workbook_of_a_store_is_built_once_per_state(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`aggregate --store` is run many times a season: its rejects workbook is built once and
    copied while the store's rejects stay; the copy has the report's time; an ingest that
    changes the rejects builds it again."""
    from bhxh_comms import pipeline

    store = tmp_path / "kho"
    rows = [f"01,2026-03-{d:02d},press,3" for d in range(1, 20)] + ["01,2026-03-01,bogus,1", "79,2026-03-02,bogus,2"]
    assert main(["ingest", str(_csv(tmp_path / "a.csv", *rows)), "--store", str(store)]) == 1
    built: list[Path] = []
    real = pipeline.write_rejects

    def counting(result: Any, path: Any, **kwargs: Any) -> Path:
        built.append(Path(path))
        return real(result, path, **kwargs)

    monkeypatch.setattr(pipeline, "write_rejects", counting)
    args = ["aggregate", "--store", str(store), "--year", "2026", "--format", "json"]
    outs = [tmp_path / f"out{i}" for i in range(3)]
    assert main([*args, "--out", str(outs[0]), "--generated-at", GENERATED]) == 1
    assert main([*args, "--out", str(outs[1]), "--generated-at", GENERATED]) == 1
    assert main([*args, "--out", str(outs[2]), "--generated-at", "2027-02-01T08:00:00+07:00"]) == 1
    assert len(built) == 1  # once, into the cache
    first, second, later = (o / "dong-bi-loai.xlsx" for o in outs)
    assert first.read_bytes() == second.read_bytes()
    assert openpyxl.load_workbook(later).properties.created == dt.datetime(2027, 2, 1, 1, 0)
    assert [ws.title for ws in openpyxl.load_workbook(first).worksheets][:2] == ["Hà Nội", "Hồ Chí Minh"]
    assert main(["ingest", str(_csv(tmp_path / "b.csv", "04,2026-03-01,bogus,1")), "--store", str(store)]) == 1
    assert main([*args, "--out", str(tmp_path / "out3"), "--generated-at", GENERATED]) == 1
    assert len(built) == 2 and len(list((store / "cache").iterdir())) == 1
    assert "Cao Bằng" in [ws.title for ws in openpyxl.load_workbook(tmp_path / "out3" / "dong-bi-loai.xlsx").worksheets]


def test_a_corrections_file_stays_a_correction_when_the_year_is_decided_again(tmp_path: Path) -> None:
    """A corrected row counts with the original it corrects, also when a later ingest (another
    province's new file) decides the year again: the corrections file never replaces the
    original as a later file would (Thái Nguyên's 49 press items were lost)."""
    store, rejects = tmp_path / "kho", tmp_path / "dong-bi-loai.xlsx"
    folder = tmp_path / "bao-cao"
    folder.mkdir()
    thai_nguyen = _send(
        _csv(
            folder / "tn.csv", "19,2026-03-05,press,49", "19,2026-03-01,publication,-3", "19,2026-03-10,publication,-3"
        ),
        5,
    )
    cao_bang = _send(_csv(folder / "cb.csv", "04,2026-03-01,press,5"), 5)
    assert main(["ingest", str(thai_nguyen), str(cao_bang), "--store", str(store), "--rejects", str(rejects)]) == 1
    correction = tmp_path / "sua-loi.xlsx"
    _correct(rejects, correction)
    _send(correction, 8)
    assert main(["ingest", str(correction), "--store", str(store)]) == 0
    _send(_csv(cao_bang, "04,2026-03-01,press,6"), 9)
    assert main(["ingest", str(cao_bang), "--store", str(store)]) == 0
    log = Store.open(store).log(Period.year(2026))
    figures = log.groupby(["province", "activity_type"], observed=True)["count"].sum().to_dict()
    assert figures == {("04", "press"): 6, ("19", "press"): 49, ("19", "publication"): 10}
    assert list(Store.open(store).corrected()["original"].map(lambda s: Path(s).name)) == ["tn.csv", "tn.csv"]
