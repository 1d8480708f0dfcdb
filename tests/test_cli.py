"""The command line: exit codes, messages on stderr, no traceback for user mistakes."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bhxh_comms.cli import main


def test_unit_lookup(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["unit", "Tỉnh Bắc Kạn", "--on", "2025-08-01"]) == 0
    out = capsys.readouterr().out
    assert "19  Tỉnh Thái Nguyên" in out and "mã cũ 06" in out


def test_unit_lookup_lists_predecessors(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["unit", "Ninh Bình", "--on", "2026-01-01"]) == 0
    assert "35 Hà Nam, 36 Nam Định, 37 Ninh Bình" in capsys.readouterr().out


def test_user_mistakes_give_a_message_and_non_zero_exit(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["unit", "Atlantis", "--on", "2026-01-01"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("LỖI / error: không tìm thấy đơn vị “Atlantis”")
    with pytest.raises(SystemExit) as info:
        main(["unit", "Hà Nội", "--on", "hôm qua"])
    assert info.value.code == 2
    assert "invalid date" in capsys.readouterr().err


def test_no_traceback_from_console_script() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bhxh_comms", "unit", "Atlantis"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and "Atlantis" in result.stderr


def test_help_and_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["--help"])
    assert info.value.code == 0
    out = capsys.readouterr().out
    assert "plugins" in out and "example" in out and "Aggregate" in out
    with pytest.raises(SystemExit):
        main(["--version"])
    assert "bhxh-comms 0." in capsys.readouterr().out


def test_example_runs_the_whole_flow(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["example", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "Thái Nguyên ← Bắc Kạn, Thái Nguyên" in out
    assert "Đọc 345.759 dòng = 345.756 hợp lệ + 3 bị loại" in out
    assert "Trong năm 2025, BHXH 33/34 tỉnh đã triển khai thực hiện được khoảng" in out
    # a believable year: one province late, one missing, every target met by some provinces
    # and missed by others, most by a majority
    assert "33/34 tỉnh đã gửi báo cáo năm 2025; 1 tỉnh báo cáo muộn: Cao Bằng; 1 tỉnh chưa báo cáo: Điện Biên." in out
    met = [int(m) for m in re.findall(r"^  \(\d\) .*: (\d+)/33 tỉnh đã báo cáo đạt; 1 tỉnh chưa báo cáo$", out, re.M)]
    assert met == [29, 26, 9, 27, 30, 23, 31]
    assert (tmp_path / "report.json").is_file() and (tmp_path / "national.csv").is_file()
    assert (tmp_path / "dong-bi-loai.xlsx").is_file()


def _example_inputs() -> list[str]:
    from bhxh_comms.example import FILES, data_dir

    return [str(data_dir() / f) for f in FILES]


def test_aggregate_writes_each_format_and_reports_rejects(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from bhxh_comms.example import DENOMINATORS, data_dir

    args = [
        "aggregate",
        *_example_inputs(),
        "--year",
        "2025",
        "--compare",
        "2024",
        "--format",
        "json",
        "--format",
        "csv,json",
        "--out",
        str(tmp_path),
        "--denominators",
        str(data_dir() / DENOMINATORS),
        "--generated-at",
        "2026-01-15T08:00:00+00:00",
        "--resubmissions",
        "add",  # the bundled files each hold part of the activities
    ]
    code = main(args)
    captured = capsys.readouterr()
    assert code == 1  # rows were rejected: the exit code says so, the outputs are still written
    assert (tmp_path / "report.json").is_file() and (tmp_path / "scorecard.csv").is_file()
    assert (tmp_path / "dong-bi-loai.xlsx").is_file()
    assert "Đọc 345.759 dòng = 345.756 hợp lệ + 3 bị loại" in captured.err
    first = (tmp_path / "report.json").read_bytes()
    assert main(args) == 1  # the same run again (it must run: a failed run would leave the folder as it was)
    assert (tmp_path / "report.json").read_bytes() == first  # byte-reproducible


def test_aggregate_unknown_format_is_a_user_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["aggregate", *_example_inputs()[:1], "--year", "2024", "--format", "pdf", "--out", str(tmp_path)]) == 2
    assert "no renderer named 'pdf'" in capsys.readouterr().err


def test_aggregate_passes_renderer_options(tmp_path: Path) -> None:
    args = ["aggregate", _example_inputs()[0], "--year", "2024", "--out", str(tmp_path), "--format", "json"]
    assert main([*args, "--option", "json.filename=ket-qua.json"]) == 0
    assert (tmp_path / "ket-qua.json").is_file() and not (tmp_path / "report.json").exists()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("excel.communes=false", ("excel", "communes", False)),
        ("excel.font_size=12", ("excel", "font_size", 12)),
        ('letter.subject="Kết quả năm 2025"', ("letter", "subject", "Kết quả năm 2025")),
        ("excel.filename=ket qua.xlsx", ("excel", "filename", "ket qua.xlsx")),
        ("x.y=", ("x", "y", "")),
    ],
)
def test_option_values_are_toml_or_text(text: str, expected: tuple[str, str, object]) -> None:
    from bhxh_comms.cli import _option

    assert _option(text) == expected


def test_aggregate_option_mistakes_are_user_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["aggregate", _example_inputs()[0], "--year", "2024", "--out", str(tmp_path)]
    assert main([*args, "--option", "excel.communes=false"]) == 2  # excel not among --format
    assert "not among the chosen formats" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_info:
        main([*args, "--option", "communes=false"])
    assert exit_info.value.code == 2
    assert "FORMAT.KEY=VALUE" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main([*args, "--generated-at", "hôm qua"])
    assert "invalid date-time" in capsys.readouterr().err


def test_aggregate_clean_input_exits_zero(tmp_path: Path) -> None:
    assert main(["aggregate", _example_inputs()[0], "--year", "2024", "--out", str(tmp_path)]) == 0


def test_side_tables_and_paths_give_messages_not_tracebacks(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["aggregate", _example_inputs()[0], "--year", "2024", "--out", str(tmp_path / "out")]
    utf16 = tmp_path / "mau-so.csv"
    utf16.write_text("province,labor_force\n01,100\n", encoding="utf-16")
    assert main([*args, "--denominators", str(utf16)]) == 2
    assert "UTF-8" in capsys.readouterr().err
    bad_value = tmp_path / "mau-so-2.csv"
    bad_value.write_text("province,labor_force\n01,nhiều\n", encoding="utf-8")
    assert main([*args, "--denominators", str(bad_value)]) == 2
    assert "row 2, column labor_force: 'nhiều' is not a number" in capsys.readouterr().err
    outcomes = tmp_path / "chi-so.csv"
    outcomes.write_text("province,date,indicator,value\n01,31/13/2026,bhyt,5\n", encoding="utf-8")
    assert main([*args, "--outcomes", str(outcomes)]) == 2
    assert "is not a date" in capsys.readouterr().err
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    assert main(["aggregate", _example_inputs()[0], "--year", "2024", "--out", str(tmp_path / "a-file")]) == 2
    assert "is a file, not an output folder" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["template", "--province", "01", "--year", "0", "--out", str(tmp_path / "t.xlsx")])
    assert "invalid year" in capsys.readouterr().err


def test_old_provinces_in_a_denominator_file_add_up(tmp_path: Path) -> None:
    from bhxh_comms import default_units
    from bhxh_comms.pipeline import read_denominators

    path = tmp_path / "mau-so.csv"
    path.write_text("province,labor_force\nBắc Kạn,100\nThái Nguyên,250\nHà Nội,7\n", encoding="utf-8")
    table = read_denominators(path, default_units(), dt.date(2026, 12, 31))
    assert table.loc["19", "labor_force"] == 350 and table.loc["01", "labor_force"] == 7


def test_validate_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    inputs = _example_inputs()
    assert main(["validate", inputs[3], "--year", "2025"]) == 0
    assert main(["validate", inputs[2], "--year", "2025", "--rejects", str(tmp_path / "r.csv")]) == 1
    out = capsys.readouterr().out
    assert "dòng 12, Cột H – Số lượng = “-3”: số âm" in out and (tmp_path / "r.csv").is_file()
    again = ["validate", inputs[2], "--year", "2025", "--json", "--rejects", str(tmp_path / "r.csv")]
    assert main(again) == 2  # the rejects file exists
    assert "use --force to overwrite it" in capsys.readouterr().err
    assert main([*again, "--force"]) == 1
    summary = json.loads(capsys.readouterr().out)
    assert summary["rows_read"] == summary["accepted"] + summary["rejected"] and summary["rejected"] > 0
    negative = next(m for m in summary["messages"] if m["location"]["value"] == "-3")
    assert negative["severity"] == "error" and negative["location"]["row"] == 12
    assert negative["location"]["letter"] == "H" and negative["vi"].startswith("số âm") and negative["en"]


def test_template_command(tmp_path: Path) -> None:
    assert main(["template", "--province", "Thai Nguyen", "--year", "2026", "--out", str(tmp_path / "t.xlsx")]) == 0
    assert (tmp_path / "t.xlsx").is_file()
    assert main(["template", "--province", "Bắc Kạn", "--year", "2026", "--out", str(tmp_path / "u.xlsx")]) == 0
    assert main(["template", "--province", "Atlantis", "--year", "2026", "--out", str(tmp_path / "v.xlsx")]) == 2


def test_submissions_of_one_province(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Identical files count once; a later full report replaces; Q1 and Q2 files both count;
    two different files for the same days, neither clearly later, are an error naming both."""
    header = "province,date,activity_type,count\n"
    first = header + "06,2024-03-01,conference,3\n06,2024-04-01,conference,4\n"

    def run(name: str, files: dict[str, tuple[str, int]], *extra: str) -> tuple[int, int, str]:
        folder = tmp_path / name
        folder.mkdir()
        for file_name, (text, day) in files.items():
            path = folder / file_name
            path.write_text(text, encoding="utf-8")
            moment = dt.datetime(2025, 1, day, 9).timestamp()
            os.utime(path, (moment, moment))
        out = tmp_path / f"{name}-out"
        code = main(["aggregate", str(folder), "--year", "2024", "--format", "json", "--out", str(out), *extra])
        err = capsys.readouterr().err
        if code == 2:
            return code, 0, err
        national = json.loads((out / "report.json").read_text(encoding="utf-8"))["tables"]["national"]["rows"]
        return code, int(next(r["count"] for r in national if r["activity_type"] == "conference")), err

    code, count, err = run("twins", {"bk.csv": (first, 5), "bk-copy.csv": (first, 5)})
    assert (code, count) == (0, 7) and "bk.csv is identical to bk-copy.csv: counted once" in err
    corrected = header + "06,2024-03-01,conference,3\n06,2024-04-01,conference,5\n"
    with_error = first + "06,2024-05-01,conference,-1\n"
    code, count, err = run("later", {"bk-sua.csv": (corrected, 9), "bk.csv": (with_error, 5)})
    assert (code, count) == (0, 8) and "bk-sua.csv (sent later) replaces bk.csv: 2 rows of bk.csv left out" in err
    assert "1 rejected row of bk.csv set aside: the file was replaced" in err  # exit 0, not 1 forever
    q2 = header + "06,2024-05-01,conference,2\n06,2024-06-01,conference,1\n"
    q1 = header + "06,2024-01-15,conference,3\n06,2024-03-01,conference,4\n"
    code, count, err = run("quarters", {"q1.csv": (q1, 5), "q2.csv": (q2, 5)})
    assert (code, count) == (0, 10) and "cover different parts of the period and all count" in err
    code, count, err = run("unclear", {"a.csv": (first, 5), "b.csv": (corrected, 5)})
    assert code == 2 and "a.csv and b.csv" in err and "--resubmissions add" in err
    code, count, err = run("added", {"a.csv": (first, 5), "b.csv": (corrected, 5)}, "--resubmissions", "add")
    assert (code, count) == (0, 15) and "rows of 2 files added up (a.csv, b.csv)" in err
    # replace: the input given later (files of a folder in name order) replaces, whatever the times
    code, count, err = run("replace", {"a.csv": (first, 9), "b.csv": (corrected, 5)}, "--resubmissions", "replace")
    assert (code, count) == (0, 8) and "b.csv (sent later) replaces a.csv" in err


def test_due_date_marks_late_provinces_by_file_time(tmp_path: Path) -> None:
    import json
    import os

    folder = tmp_path / "bao-cao"
    folder.mkdir()
    header = "province,date,activity_type,count\n"
    early, late = folder / "hn.csv", folder / "cb.csv"
    early.write_text(header + "01,2026-03-01,press,3\n", encoding="utf-8")
    late.write_text(header + "04,2026-03-01,press,2\n", encoding="utf-8")
    on_time = dt.datetime(2027, 1, 10, 9).timestamp()
    after = dt.datetime(2027, 1, 20, 9).timestamp()
    os.utime(early, (on_time, on_time))
    os.utime(late, (after, after))
    out = tmp_path / "out"
    args = ["aggregate", str(folder), "--year", "2026", "--format", "json", "--out", str(out), "--due", "2027-01-15"]
    assert main(args) == 0
    table = json.loads((out / "report.json").read_text(encoding="utf-8"))["tables"]["completeness"]["rows"]
    status = {r["province"]: r["status"] for r in table}
    assert (status["01"], status["04"], status["08"]) == ("đã báo cáo", "báo cáo muộn", "chưa báo cáo")


def test_a_register_of_received_files_decides_who_is_late(tmp_path: Path) -> None:
    """``received`` (an office's register of incoming mail) wins over the files' times."""
    from bhxh_comms import pipeline

    header = "province,date,activity_type,count\n"
    hanoi, cao_bang = tmp_path / "hn.csv", tmp_path / "cb.csv"
    hanoi.write_text(header + "01,2026-03-01,press,3\n", encoding="utf-8")
    cao_bang.write_text(header + "04,2026-03-01,press,2\n", encoding="utf-8")  # saved today: "late" by its time
    result = pipeline.run(
        [hanoi, cao_bang],
        year=2026,
        due=dt.date(2027, 1, 15),
        received={str(hanoi): dt.datetime(2027, 1, 20, 9), str(cao_bang): dt.datetime(2027, 1, 10, 9)},
    )
    table = result.report.table("completeness").set_index("province")
    assert (table.at["01", "status"], table.at["04", "status"]) == ("báo cáo muộn", "đã báo cáo")
    assert result.report.statements.reporting.startswith(
        "2/34 tỉnh đã gửi báo cáo năm 2026; 1 tỉnh báo cáo muộn: Hà Nội; 32 tỉnh chưa báo cáo: Tuyên Quang,"
    )


def test_aggregate_takes_a_register_of_received_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "bao-cao"
    folder.mkdir()
    header = "province,date,activity_type,count\n"
    (folder / "hn.csv").write_text(header + "01,2026-03-01,press,3\n", encoding="utf-8")
    (folder / "cb.csv").write_text(header + "04,2026-03-01,press,2\n", encoding="utf-8")
    register = tmp_path / "so-nhan.csv"
    register.write_text("Tệp,Ngày nhận\nhn.csv,10/01/2027\ncb.csv,20/01/2027\n", encoding="utf-8")
    out = tmp_path / "out"
    args = ["aggregate", str(folder), "--year", "2026", "--format", "json", "--out", str(out)]
    assert main([*args, "--due", "2027-01-15", "--received", str(register)]) == 0
    table = json.loads((out / "report.json").read_text(encoding="utf-8"))["tables"]["completeness"]["rows"]
    status = {r["province"]: r["status"] for r in table}
    assert (status["01"], status["04"]) == ("đã báo cáo", "báo cáo muộn")  # the files were saved today
    capsys.readouterr()
    assert main([*args, "--received", str(register), "--force"]) == 2
    assert "--received cần --due" in capsys.readouterr().err
    for wrong in ("hn.csv,mười tháng một", "hn.csv,20/01/1026", "hn.csv,"):  # text, a year typo, blank
        register.write_text(f"Tệp,Ngày nhận\n{wrong}\n", encoding="utf-8")
        assert main([*args, "--due", "2027-01-15", "--received", str(register), "--force"]) == 2
        err = capsys.readouterr().err
        assert "dòng 2: cần tên tệp và ngày nhận từ năm 2000 đến 2100" in err and "Traceback" not in err
    # as Excel saves it in a Vietnamese locale (";"), with times, and a name that is no file read
    register.write_text("Tệp;Ngày nhận\nhn.csv;10/01/2027 08:30\ncb.csv;2027-01-20T14:30\nhn-cu.csv;01/01/2027\n")
    assert main([*args, "--due", "2027-01-15", "--received", str(register), "--force"]) == 0
    assert "sổ nhận tệp ghi “hn-cu.csv” nhưng không có tệp nào như vậy trong các tệp đã đọc" in capsys.readouterr().err
    table = json.loads((out / "report.json").read_text(encoding="utf-8"))["tables"]["completeness"]["rows"]
    assert [r["status"] for r in table if r["province"] in ("01", "04")] == ["đã báo cáo", "báo cáo muộn"]


def test_a_register_decides_over_the_times_a_store_recorded(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from bhxh_comms.ingest import Store

    folder = tmp_path / "bao-cao"
    folder.mkdir()
    report = folder / "hn.csv"
    report.write_text("province,date,activity_type,count\n01,2026-03-01,press,3\n", encoding="utf-8")
    moment = dt.datetime(2027, 1, 5, 9).timestamp()
    os.utime(report, (moment, moment))
    store = tmp_path / "kho"
    assert main(["ingest", str(folder), "--store", str(store)]) == 0
    assert Store.open(store).sent_times()  # the store recorded 5 January
    register = tmp_path / "so-nhan.csv"
    register.write_text("Tệp,Ngày nhận\nhn.csv,20/01/2027\n", encoding="utf-8")
    out = tmp_path / "out"
    args = ["aggregate", "--store", str(store), "--year", "2026", "--format", "json", "--out", str(out)]
    assert main([*args, "--due", "2027-01-15", "--received", str(register)]) == 0
    table = json.loads((out / "report.json").read_text(encoding="utf-8"))["tables"]["completeness"]["rows"]
    assert next(r["status"] for r in table if r["province"] == "01") == "báo cáo muộn"
    # status says the same with the same register
    status = ["status", "--store", str(store), "--year", "2026", "--due", "2027-01-15"]
    assert main(status) == 0
    assert "1/34 tỉnh đã báo cáo năm 2026 (0 muộn hạn 15/01/2027)" in capsys.readouterr().err
    assert main([*status, "--received", str(register)]) == 0
    out_lines, err = capsys.readouterr()
    assert "1/34 tỉnh đã báo cáo năm 2026 (1 muộn hạn 15/01/2027)" in err
    assert "20/01/2027 00:00" in out_lines and "báo cáo muộn" in out_lines


def test_every_help_text_is_bilingual() -> None:
    from bhxh_comms.cli import build_parser

    parser = build_parser()
    subparsers = next(a for a in parser._actions if a.dest == "command")
    texts = [a.help for a in subparsers._choices_actions]
    for sub in subparsers.choices.values():
        texts += [a.help for a in sub._actions if a.help and a.dest != "help"]
    assert all(" / " in str(t) for t in texts), [t for t in texts if " / " not in str(t)]


def test_output_files_and_formats_are_checked(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    template = ["template", "--province", "01", "--year", "2026", "--out"]
    assert main([*template, str(tmp_path / "mau.csv")]) == 2
    assert "must end in .xlsx" in capsys.readouterr().err
    assert main([*template, str(tmp_path)]) == 2
    assert "is a folder" in capsys.readouterr().err
    assert main([*template, str(tmp_path / "mau.xlsx")]) == 0
    assert main([*template, str(tmp_path / "mau.xlsx")]) == 2
    err = capsys.readouterr().err
    assert "use --force" in err and ".tmp" not in err
    assert main([*template, str(tmp_path / "mau.xlsx"), "--force"]) == 0
    out = tmp_path / "kq"
    assert main(["aggregate", _example_inputs()[0], "--year", "2024", "--format", "JSON", "--out", str(out)]) == 0
    assert (out / "report.json").is_file()  # format names are case-insensitive
    assert main(["aggregate", _example_inputs()[0], "--year", "2024", "--format", "exel", "--out", str(out)]) == 2
    assert "did you mean 'excel'?" in capsys.readouterr().err
    assert main(["aggregate", str(tmp_path / "khong-co"), "--year", "2024", "--out", str(out)]) == 2
    assert "no such file or folder" in capsys.readouterr().err


def test_aggregate_help_lists_the_installed_formats() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bhxh_comms", "aggregate", "--help"], capture_output=True, text=True, check=False
    )
    assert "installed: bao-cao, cong-van, csv, dashboard, excel, json" in " ".join(done.stdout.split())


def test_a_file_of_another_year_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from tests import hostile_files as hf

    path = hf.valid_workbook(tmp_path, year=2025, rows=30)
    assert main(["validate", str(path), "--year", "2026"]) == 1
    lines = capsys.readouterr().out.splitlines()
    said = [line for line in lines if "outside" in line]
    assert len(said) == 1 and "30 of 30 rows are dated 2025" in said[0] and "--year 2025" in said[0]


def test_without_the_commune_lists_the_run_says_once_that_communes_are_not_checked(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.setenv("BHXH_COMMS_BLOCK_PLUGINS", "bhxh-comms-units-vn")
    path = tmp_path / "r.csv"
    path.write_text(
        "province,commune,date,activity_type,count\n19,96012,2026-03-02,conference,1\n19,01100,2026-03-03,conference,1\n",
        encoding="utf-8",
    )
    assert main(["validate", str(path), "--year", "2026"]) == 0
    out = capsys.readouterr().out
    assert out.count("mã xã, phường không được kiểm tra") == 1
    assert "bhxh-comms-units-vn" in out
    template = tmp_path / "t.xlsx"
    assert main(["template", "--province", "19", "--year", "2026", "--out", str(template)]) == 0
    import openpyxl

    help_sheet = openpyxl.load_workbook(template)["Hướng dẫn"]
    texts = [c.value for row in help_sheet.iter_rows() for c in row if isinstance(c.value, str)]
    assert any("chưa cài danh mục xã, phường" in t for t in texts)


def test_the_terminal_shows_the_first_problems_and_counts_the_rest(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from bhxh_comms.cli import SHOWN_PROBLEMS

    path = tmp_path / "r.csv"
    rows = "".join(f"19,,2026-03-02,conference,-{n + 1}\n" for n in range(SHOWN_PROBLEMS + 50))
    path.write_text("province,commune,date,activity_type,count\n" + rows, encoding="utf-8")
    rejects = tmp_path / "can-sua.xlsx"
    assert main(["validate", str(path), "--year", "2026", "--rejects", str(rejects)]) == 1
    out = capsys.readouterr().out
    assert len([line for line in out.splitlines() if line.startswith("LỖI")]) == SHOWN_PROBLEMS
    assert f"… và 50 thông báo khác (có đủ trong tệp {rejects})" in out
    assert main(["validate", str(path), "--year", "2026", "--json"]) == 1
    assert len(json.loads(capsys.readouterr().out)["messages"]) == SHOWN_PROBLEMS + 50


def test_a_register_name_shared_by_two_files_is_said(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    header = "province,date,activity_type,count\n"
    for folder, row in (("ha-noi", "01,2026-03-01,press,3\n"), ("cao-bang", "04,2026-03-01,press,2\n")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "bao-cao.csv").write_text(header + row, encoding="utf-8")
    register = tmp_path / "so-nhan.csv"
    register.write_text("Tệp,Ngày nhận\nbao-cao.csv,20/01/2027\n", encoding="utf-8")
    args = [str(tmp_path / "ha-noi"), str(tmp_path / "cao-bang"), "--year", "2026", "--format", "json"]
    assert (
        main(["aggregate", *args, "--out", str(tmp_path / "o"), "--due", "2027-01-15", "--received", str(register)])
        == 0
    )
    err = capsys.readouterr().err
    assert "sổ nhận tệp ghi “bao-cao.csv”, tên của 2 tệp (" in err and "ghi đường dẫn để phân biệt" in err
