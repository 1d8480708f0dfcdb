"""Reading province reports: every problem kind with its message and location, nothing lost."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import bhxh_comms
from bhxh_comms import AdminUnit, Period, UnitSet
from bhxh_comms.ingest import read_reports, write_rejects, write_template

HEADERS_VI = [
    "Tỉnh",
    "Xã/Phường",
    "Ngày",
    "Hình thức",
    "Nhóm đối tượng",
    "Nội dung",
    "Đơn vị phối hợp",
    "Số lượng",
    "Số lượt người",
    "Ghi chú",
]
GOOD = [
    "Bắc Kạn",
    None,
    dt.date(2024, 3, 5),
    "conference",
    "enterprise",
    "voluntary_si",
    "labor_federation",
    3,
    120,
    "ok",
]


def xlsx(
    path: Path, rows: list[list[Any]], *, headers: list[str] = HEADERS_VI, start_row: int = 0, sheet: str = "Sheet1"
) -> Path:
    """A hand-made workbook: strings stay strings, dates are real dates."""
    wb = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False})
    ws = wb.add_worksheet(sheet)
    date_fmt = wb.add_format({"num_format": "dd/mm/yyyy"})
    ws.write_row(start_row, 0, headers)
    for r, row in enumerate(rows, start=start_row + 1):
        for c, value in enumerate(row):
            if isinstance(value, bool):
                ws.write_boolean(r, c, value)
            elif isinstance(value, dt.date):
                ws.write_datetime(r, c, dt.datetime.combine(value, dt.time()), date_fmt)
            elif isinstance(value, str):
                ws.write_string(r, c, value)
            elif value is not None:
                ws.write_number(r, c, value)
    wb.close()
    return path


def one_issue(result: bhxh_comms.ingest.IngestResult, column: str) -> dict[str, Any]:
    found = result.issues[result.issues["column"] == column]
    assert len(found) == 1, result.issues
    return dict(found.iloc[0])


def test_good_row_is_typed(tmp_path: Path) -> None:
    result = read_reports([xlsx(tmp_path / "bk.xlsx", [GOOD])], period=Period.year(2024))
    assert result.ok and result.rows_read == 1
    row = result.accepted.iloc[0]
    assert (row["province"], row["activity_type"], row["subject_group"], row["count"]) == (
        "06",
        "conference",
        "enterprise",
        3,
    )
    assert isinstance(result.accepted["activity_type"].dtype, pd.CategoricalDtype)
    assert list(result.accepted["activity_type"].cat.categories) == list(
        bhxh_comms.default_catalogs().activity_types.codes
    )
    assert result.accepted["count"].dtype == "int64"
    assert result.accepted["date"].iloc[0] == pd.Timestamp("2024-03-05")
    assert (row["source"], row["sheet"], row["row"]) == (str(tmp_path / "bk.xlsx"), "Sheet1", 2)


V63 = "63 tỉnh, thành phố trực thuộc Trung ương (đến 30/6/2025)"
CONFERENCE = "“Hội nghị truyền thông, tập huấn, tư vấn, đối thoại (trực tiếp)” (conference)?"
WHOLE_VI, WHOLE_EN = "(cần số nguyên ≥ 0, tối đa 10.000.000)", "(a whole number ≥ 0 is required, at most 10,000,000)"
PEOPLE_VI = "(cần số nguyên ≥ 0, tối đa 100.000.000)"
PEOPLE_EN = "(a whole number ≥ 0 is required, at most 100,000,000)"


@pytest.mark.parametrize(
    ("column", "value", "problem", "message_vi", "message_en"),
    [
        (
            "province",
            "Atlantis",
            "unknown_province",
            f"không có tỉnh “Atlantis” trong {V63}",
            "unknown province “Atlantis” in unit set vn-63",
        ),
        (
            "province",
            "Bac Kann",
            "unknown_province",
            f"không có tỉnh “Bac Kann” trong {V63}; có phải “Bắc Kạn” (06)?",
            "unknown province “Bac Kann” in unit set vn-63; did you mean “Bắc Kạn” (06)?",
        ),
        (
            "activity_type",
            "hoi ngh truyen thong",
            "unknown_activity_type",
            f"không có trong danh mục hình thức; có phải {CONFERENCE}",
            f"unknown activity type; did you mean {CONFERENCE}",
        ),
        (
            "activity_type",
            "Livestream TikTok",
            "unknown_activity_type",
            "không có trong danh mục hình thức; có phải "
            "“Hội nghị trực tuyến (livestream, điểm cầu, Zoom, Google Meet)” (online_conference)?",
            "unknown activity type; did you mean “Hội nghị trực tuyến (livestream, điểm cầu, Zoom, Google Meet)” "
            "(online_conference)?",
        ),
        (
            "subject_group",
            "aliens",
            "unknown_subject_group",
            "không có trong danh mục nhóm đối tượng",
            "unknown subject group",
        ),
        (
            "theme",
            "BHXH tu nguyenn",
            "unknown_theme",
            "không có trong danh mục nội dung; có phải “BHXH tự nguyện” (voluntary_si)?",
            "unknown theme; did you mean “BHXH tự nguyện” (voluntary_si)?",
        ),
        (
            "partner",
            "Hoi Nong dan xa",
            "unknown_partner",
            "không có trong danh mục đơn vị phối hợp; có phải “Hội Nông dân” (farmers_union)?",
            "unknown partner; did you mean “Hội Nông dân” (farmers_union)?",
        ),
        ("count", -2, "negative", f"số âm {WHOLE_VI}", f"negative number {WHOLE_EN}"),
        ("count", 2.5, "not_integer", f"không phải số nguyên {WHOLE_VI}", f"not a whole number {WHOLE_EN}"),
        ("participants", "nhiều", "not_number", f"không phải số {PEOPLE_VI}", f"not a number {PEOPLE_EN}"),
        ("count", "99999999999999999999", "too_large", f"số quá lớn {WHOLE_VI}", f"number too large {WHOLE_EN}"),
        ("count", 1e19, "too_large", f"số quá lớn {WHOLE_VI}", f"number too large {WHOLE_EN}"),
        ("participants", 1e308, "too_large", f"số quá lớn {PEOPLE_VI}", f"number too large {PEOPLE_EN}"),
        (
            "count",
            True,
            "boolean",
            f"giá trị đúng/sai (TRUE/FALSE), không phải số {WHOLE_VI}",
            f"a TRUE/FALSE value, not a number {WHOLE_EN}",
        ),
        ("count", None, "missing", "thiếu giá trị bắt buộc", "required value missing"),
        (
            "date",
            "31/02/2024",
            "bad_date",
            "ngày không đọc được (dùng ngày/tháng/năm)",
            "unparseable date (use day/month/year)",
        ),
        (
            "date",
            dt.date(2023, 12, 31),
            "outside_period",
            "ngày ngoài kỳ báo cáo (năm 2024)",
            "date outside the reporting period 2024-01-01–2024-12-31",
        ),
    ],
)
def test_each_problem_kind(
    tmp_path: Path, column: str, value: Any, problem: str, message_vi: str, message_en: str
) -> None:
    row = list(GOOD)
    row[HEADERS_VI.index(next(h for h, c in zip(HEADERS_VI, _CANON, strict=True) if c == column))] = value
    path = xlsx(tmp_path / "r.xlsx", [GOOD, row], start_row=2, sheet="Báo cáo")
    result = read_reports([path], period=Period.year(2024))
    assert (result.rows_read, len(result.accepted), len(result.rejected)) == (2, 1, 1)
    issue = one_issue(result, column)
    assert issue["problem"] == problem and issue["severity"] == "error"
    assert (issue["source"], issue["sheet"], issue["row"]) == (str(path), "Báo cáo", 5)
    assert (issue["message_vi"], issue["message_en"]) == (message_vi, message_en)  # the whole message
    if value is not None:
        shown = {1e19: "1e+19", 1e308: "1e+308"}.get(value, str(value)) if isinstance(value, float) else str(value)
        assert issue["value"] == (value.strftime("%d/%m/%Y") if isinstance(value, dt.date) else shown)
    assert "Báo cáo" in result.problem_lines()[0] and "dòng 5" in result.problem_lines()[0]


_CANON = [
    "province",
    "commune",
    "date",
    "activity_type",
    "subject_group",
    "theme",
    "partner",
    "count",
    "participants",
    "note",
]


def test_old_province_after_reform_is_mapped_with_warning(tmp_path: Path) -> None:
    row = list(GOOD)
    row[2] = dt.date(2025, 8, 1)
    result = read_reports([xlsx(tmp_path / "r.xlsx", [row])], period=Period.year(2025))
    assert result.ok
    assert result.accepted["province"].iloc[0] == "19"
    issue = one_issue(result, "province")
    assert issue["severity"] == "warning" and issue["problem"] == "old_province_mapped"
    assert (
        issue["message_vi"]
        == "tỉnh cũ Bắc Kạn (06) đã sáp nhập vào Thái Nguyên (19) từ 1/7/2025: đã chuyển sang mã mới"
    )


def test_formula_text_is_kept_and_flagged(tmp_path: Path) -> None:
    row = list(GOOD)
    row[-1] = '=HYPERLINK("http://x")'
    result = read_reports([xlsx(tmp_path / "r.xlsx", [row])])
    assert result.ok and result.accepted["note"].iloc[0] == '=HYPERLINK("http://x")'
    issue = one_issue(result, "note")
    assert (issue["problem"], issue["severity"]) == ("formula_text", "warning")


def test_exact_duplicates(tmp_path: Path) -> None:
    result = read_reports([xlsx(tmp_path / "r.xlsx", [GOOD, GOOD, GOOD])])
    assert (len(result.accepted), len(result.rejected)) == (1, 2)
    assert list(result.issues["message_vi"]) == ["dòng trùng hoàn toàn với dòng 2"] * 2
    assert list(result.issues["row"]) == [3, 4]


def test_commune_must_belong_to_province(tmp_path: Path) -> None:
    communes = UnitSet(
        id="c",
        name="Xã mẫu",
        level="commune",
        valid_from=dt.date(2025, 7, 1),
        units=[
            AdminUnit(code="00004", name="Ba Đình", kind="phường", parent="01"),
            AdminUnit(code="01840", name="Phong Quang", kind="xã", parent="19"),
        ],
    )
    units = bhxh_comms.default_units().with_sets([communes])
    rows = [
        ["Hà Nội", "00004", dt.date(2025, 9, 1), "conference", None, None, None, 1, 10, None],
        ["Hà Nội", "01840", dt.date(2025, 9, 1), "conference", None, None, None, 1, 10, None],
        ["Hà Nội", "99999", dt.date(2025, 9, 1), "conference", None, None, None, 1, 10, None],
    ]
    result = read_reports([xlsx(tmp_path / "r.xlsx", rows)], units=units, catalogs=bhxh_comms.default_catalogs())
    assert list(result.issues["problem"]) == ["commune_not_in_province", "unknown_commune"]
    assert list(result.issues["row"]) == [3, 4]
    assert result.issues["message_vi"].iloc[0] == (
        "Xã Phong Quang (01840) thuộc Tỉnh Thái Nguyên, không thuộc Thành phố Hà Nội đã ghi ở dòng này"
    )


def test_file_level_problems(tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    no_header = tmp_path / "noheader.csv"
    no_header.write_text("a,b,c\n1,2,3\n", encoding="utf-8")
    fixtures = Path(__file__).parent / "fixtures"
    encrypted = tmp_path / "locked.xlsx"  # a template saved with a password (msoffcrypto-tool, "matkhau")
    encrypted.write_bytes((fixtures / "encrypted.xlsx").read_bytes())
    corrupt = tmp_path / "corrupt.xlsx"
    corrupt.write_bytes(b"PK\x03\x04 not really a zip")
    truncated = tmp_path / "truncated.xlsx"  # a real workbook cut in half by a failed upload
    truncated.write_bytes((fixtures / "truncated.xlsx").read_bytes())
    latin = tmp_path / "cp1258.csv"
    latin.write_bytes(",".join(HEADERS_VI).encode("cp1258", errors="replace") + b"\n")
    missing_col = tmp_path / "nocount.csv"
    missing_col.write_text("Tỉnh,Ngày,Hình thức\nBắc Kạn,2024-01-01,conference\n", encoding="utf-8")
    blank_xlsx = xlsx(tmp_path / "blank.xlsx", [], headers=[])
    (tmp_path / "x.txt").write_text("Tỉnh,Ngày", encoding="utf-8")
    result = read_reports(
        [
            truncated,
            empty,
            no_header,
            encrypted,
            corrupt,
            latin,
            missing_col,
            blank_xlsx,
            tmp_path / "gone.xlsx",
            tmp_path / "x.txt",
        ]
    )
    messages = {Path(p.source).name: p.message_en for p in result.file_problems}
    assert messages["empty.csv"] == "empty file"
    assert messages["noheader.csv"].startswith("no recognisable header row")
    assert "password-protected" in messages["locked.xlsx"]
    assert messages["corrupt.xlsx"].startswith("corrupt")
    assert messages["truncated.xlsx"].startswith("corrupt workbook")
    assert messages["cp1258.csv"].startswith("CSV file is not UTF-8 encoded")
    assert messages["nocount.csv"].startswith("required column(s) missing: Số lượng")
    assert messages["blank.xlsx"] == "empty file or sheet"
    assert messages["gone.xlsx"] == "file not found"
    assert messages["x.txt"].startswith("file type .txt not read")
    assert not result.ok and result.rows_read == 0


def test_csv_with_and_without_bom_english_headers_codes_and_blank_rows(tmp_path: Path) -> None:
    text = (
        "Report of Bắc Kạn\n\nprovince,date,activity_type,subject_group,count,participants\n"
        "06,2024-05-01,conference,enterprise,2,50\n,,,,,\n"
        "Tỉnh Bắc Kạn,01/06/2024,Phát thanh,,1.200,\n"
    )
    plain, bom = tmp_path / "a.csv", tmp_path / "b.csv"
    plain.write_text(text, encoding="utf-8")
    bom.write_text(text.replace("Report", "Báo cáo"), encoding="utf-8-sig")
    result = read_reports([plain, bom])
    assert result.ok, result.problem_lines()
    assert result.rows_read == 4  # the blank line is not a record
    assert list(result.accepted["row"]) == [4, 6, 4, 6]  # CSV lines as the user sees them
    assert list(result.accepted["count"]) == [2, 1200, 2, 1200]
    assert list(result.accepted["activity_type"].astype(str)) == ["conference", "broadcast"] * 2


def test_province_code_that_lost_its_leading_zero(tmp_path: Path) -> None:
    """Excel turns the code 01 typed as a number into 1; it still means Hà Nội."""
    frame = pd.DataFrame({"province": [1, 1.0], "date": [dt.date(2026, 1, 5)] * 2, "activity_type": ["press"] * 2})
    frame["count"] = [1, 2]
    result = read_reports([frame])
    assert result.ok and list(result.accepted["province"].astype(str)) == ["01", "01"]


def test_folders_stand_for_their_files(tmp_path: Path) -> None:
    folder = tmp_path / "bao-cao"
    folder.mkdir()
    pd.DataFrame({"province": ["01"], "date": ["2026-01-05"], "activity_type": ["press"], "count": [3]}).to_csv(
        folder / "hn.csv", index=False
    )
    (folder / "ghi-chu.txt").write_text("not a report", encoding="utf-8")
    (folder / "bao-cao-cu.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    result = read_reports(folder)
    assert result.rows_read == 1 and not result.ok  # the .xls report is not lost without a word
    problems = {Path(p.source).name: (p.code, p.severity) for p in result.file_problems}
    assert problems == {"bao-cao-cu.xls": ("save_as_xlsx", "error"), "ghi-chu.txt": ("unsupported_file", "warning")}


def test_no_sheet_and_no_empty_report_passes_silently(tmp_path: Path) -> None:
    """A hidden sheet with data and a visible sheet whose header is not recognised are
    reported (their rows would otherwise vanish); so is a report with a header and no rows."""
    path = tmp_path / "quy.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    q1 = wb.add_worksheet("Q1")
    q1.write_row(0, 0, HEADERS_VI)
    q1.write_row(1, 0, ["Bắc Kạn", "05/03/2024", "Hội nghị truyền thông, tập huấn, tư vấn, đối thoại (trực tiếp)"])
    q1.write_number(1, 7, 2)
    q2 = wb.add_worksheet("Q2")
    q2.write_row(0, 0, ["Đơn vị", "Thời gian", "Loại", "SL"])
    q2.write_row(1, 0, ["Bắc Kạn", "05/04/2024", "Hội nghị", "3"])
    q3 = wb.add_worksheet("Q3")
    q3.write_row(0, 0, HEADERS_VI)
    q3.write_row(1, 0, ["Bắc Kạn", "05/07/2024", "Hội nghị truyền thông, tập huấn, tư vấn, đối thoại (trực tiếp)"])
    q3.hide()
    wb.add_worksheet("Hướng dẫn").write(0, 0, "Cách điền mẫu báo cáo")  # the template's guide: not data
    wb.close()
    result = read_reports(path, period=Period.year(2024))
    problems = {p.sheet: p.message_en for p in result.file_problems}
    assert set(problems) == {"Q2", "Q3"} and not result.ok
    assert "no recognisable header" in problems["Q2"] and "hidden sheet with data" in problems["Q3"]
    csv_path = tmp_path / "trong.csv"
    csv_path.write_text("province,date,activity_type,count\n", encoding="utf-8")
    empty = read_reports(csv_path)
    assert [p.message_en for p in empty.file_problems] == ["a header row but no data rows"] and not empty.ok


def test_parquet_and_dataframe(tmp_path: Path) -> None:
    frame = pd.DataFrame(
        {
            "province": ["01", "Hà Nội"],
            "date": [dt.date(2026, 1, 5), dt.date(2026, 1, 6)],
            "activity_type": ["press", "press"],
            "count": [4, -1],
        }
    )
    frame.to_parquet(tmp_path / "x.parquet")
    result = read_reports([tmp_path / "x.parquet", frame])
    assert (result.rows_read, len(result.accepted), len(result.rejected)) == (4, 2, 2)
    assert set(result.rejected["row"]) == {2}
    assert set(result.rejected["source"]) == {str(tmp_path / "x.parquet"), "<DataFrame>"}


def test_template_round_trip(tmp_path: Path) -> None:
    """Template → filled with the drop-down labels → read → the right codes."""
    import openpyxl

    catalogs = bhxh_comms.default_catalogs()
    units = bhxh_comms.default_units()
    path = write_template(tmp_path / "t.xlsx", province=units.get("vn-34")["19"], year=2026, catalogs=catalogs)
    wb = openpyxl.load_workbook(path)
    ws = wb["Báo cáo"]
    assert [c.value for c in ws[4]] == HEADERS_VI
    assert ws.freeze_panes == "A5"
    validations = {str(v.sqref).split(":")[0]: v for v in ws.data_validations.dataValidation}
    assert validations["D5"].type == "list" and "Hướng dẫn" in validations["D5"].formula1
    assert validations["H5"].type == "whole" and validations["C5"].type == "date"
    help_sheet = wb["Hướng dẫn"]
    labels = {
        name: [c.value for c in help_sheet[letter][1:] if c.value]
        for name, letter in (("activity_type", "F"), ("subject_group", "I"), ("theme", "L"), ("partner", "O"))
    }
    assert labels["activity_type"] == [a.label for a in catalogs.activity_types]
    for i, (a, s, t, p) in enumerate(
        zip(labels["activity_type"], labels["subject_group"], labels["theme"], labels["partner"], strict=False)
    ):
        for col, value in enumerate(
            ["Thái Nguyên", None, dt.datetime(2026, 2, 1 + i), a, s, t, p, i + 1, 10 * i, None]
        ):
            ws.cell(row=5 + i, column=1 + col, value=value)
    wb.save(path)
    result = read_reports([path], period=Period.year(2026))
    assert result.ok, result.problem_lines()
    n = len(result.accepted)
    assert n == 10
    assert list(result.accepted["activity_type"].astype(str)) == list(catalogs.activity_types.codes)[:n]
    assert list(result.accepted["subject_group"].astype(str)) == list(catalogs.subject_groups.codes)[:n]
    assert list(result.accepted["theme"].astype(str)) == list(catalogs.themes.codes)[:n]
    assert list(result.accepted["partner"].astype(str)) == list(catalogs.partners.codes)[:n]
    assert set(result.accepted["province"]) == {"19"}


def test_rejects_round_trip(tmp_path: Path) -> None:
    bad = list(GOOD)
    bad[7] = -5
    result = read_reports([xlsx(tmp_path / "r.xlsx", [GOOD, bad])], period=Period.year(2024))
    rejects = write_rejects(result, tmp_path / "rejects.xlsx")
    import openpyxl

    wb = openpyxl.load_workbook(rejects)
    ws = wb.active
    assert [c.value for c in ws[1]][:10] == HEADERS_VI
    assert [c.value for c in ws[1]][10:] == ["Tệp gốc", "Trang tính", "Dòng gốc", "Mã bản gửi", "Lỗi", "Error"]
    assert (ws["K2"].value, ws["L2"].value, ws["M2"].value) == ("r.xlsx", "Sheet1", "3")  # the name, no path
    assert len(ws["N2"].value) == 16 and ws["O2"].value == f"Cột H – Số lượng: số âm {WHOLE_VI}"
    ws["H2"].value = 5  # the province corrects the count
    wb.save(rejects)
    corrected = read_reports([rejects], period=Period.year(2024))
    assert corrected.ok and list(corrected.accepted["count"]) == [5]
    [origin] = corrected.origins.to_dict("records")
    assert (origin["origin_source"], origin["origin_sheet"], origin["origin_row"]) == ("r.xlsx", "Sheet1", 3)
    csv_path = write_rejects(result, tmp_path / "rejects.csv")
    assert csv_path.read_bytes().startswith(b"\xef\xbb\xbf")
    assert read_reports([csv_path]).rows_read == 1


ROW_KINDS = {
    "good": GOOD,
    "bad_province": ["Atlantis", *GOOD[1:]],
    "bad_type": [*GOOD[:3], "nope", *GOOD[4:]],
    "negative": [*GOOD[:7], -1, *GOOD[8:]],
    "no_date": [GOOD[0], None, None, *GOOD[3:]],
    "blank": [None] * 10,
    "old_ok": ["Bắc Kạn", None, dt.date(2024, 7, 1), "press", None, None, None, 0, None, "=x"],
}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    kinds=st.lists(st.sampled_from(sorted(ROW_KINDS)), max_size=30),
    day_offsets=st.lists(st.integers(0, 300), min_size=30, max_size=30),
)
def test_random_mixes_always_reconcile(tmp_path: Path, kinds: list[str], day_offsets: list[int]) -> None:
    rows = []
    for kind, offset in zip(kinds, day_offsets, strict=False):
        row = list(ROW_KINDS[kind])
        if isinstance(row[2], dt.date):
            row[2] = row[2] + dt.timedelta(days=offset)  # some rows become duplicates, some not
        rows.append(row)
    path = xlsx(tmp_path / f"mix{len(rows)}.xlsx", rows)
    result = read_reports([path], period=Period.year(2024))
    non_blank = sum(1 for k in kinds if k != "blank")
    assert result.rows_read == non_blank == len(result.accepted) + len(result.rejected)
    assert set(result.accepted["row"]).isdisjoint(set(result.rejected["row"]))
    expected_bad = {"bad_province", "bad_type", "negative", "no_date"}
    bad_rows = {i + 2 for i, k in enumerate(kinds) if k in expected_bad}
    assert bad_rows <= set(result.rejected["row"])


def test_the_rejects_workbook_is_byte_reproducible(tmp_path: Path) -> None:
    bad = list(GOOD)
    bad[7] = -3
    result = read_reports([xlsx(tmp_path / "r.xlsx", [GOOD, bad])], period=Period.year(2024))
    first = write_rejects(result, tmp_path / "a.xlsx").read_bytes()
    again = write_rejects(result, tmp_path / "b.xlsx").read_bytes()
    assert first == again
    when = dt.datetime(2027, 1, 10, 8, 0, tzinfo=dt.UTC)
    assert write_rejects(result, tmp_path / "c.xlsx", created=when).read_bytes() != first


def test_the_attendance_column_as_offices_head_it() -> None:
    from bhxh_comms.ingest.columns import header_index
    from bhxh_comms.text import fold

    for header in ("Số người tham dự", "Lượt người tham dự", "Số lượt người"):
        assert header_index()[fold(header)] == "participants", header


def test_a_column_that_is_not_read_is_said_once_with_its_cells(tmp_path: Path) -> None:
    """A misspelt header loses its figures: the reader says which column and how many cells,
    once per file; the rejects workbook's own message columns and a log's provenance are not data."""
    path = tmp_path / "r.csv"
    path.write_text(
        "province,commune,date,activity_type,count,So nguoi du,note\n"
        "19,,2026-03-02,conference,1,40,\n"
        "19,,2026-03-03,conference,2,,\n"
        "19,,2026-03-04,conference,3, 55 ,\n",
        encoding="utf-8",
    )
    result = read_reports([path], units=bhxh_comms.default_units(), catalogs=bhxh_comms.default_catalogs())
    (warning,) = [p for p in result.file_problems if p.code == "unknown_column"]
    assert warning.severity == "warning" and "“So nguoi du” (cột F)" in warning.message_vi
    assert "2 ô có số liệu bị bỏ qua" in warning.message_vi
    assert result.ok and "1 cột không được đọc" in result.reconciliation()
    frame = pd.DataFrame(
        {"province": ["19"], "date": ["2026-03-02"], "activity_type": ["conference"], "count": [1], "source": ["x"]}
    )
    assert not read_reports([frame], units=bhxh_comms.default_units()).file_problems


def test_cells_without_a_header_are_said_not_dropped(tmp_path: Path) -> None:
    """A row longer than the header (CSV) and figures typed beside the table under no header
    (a workbook) are not read, and the reader says so, column by column."""
    units, catalogs = bhxh_comms.default_units(), bhxh_comms.default_catalogs()
    ragged = tmp_path / "r.csv"
    ragged.write_text(
        "province,date,activity_type,count\n01,2026-03-01,press,3,40,xem ghi chú\n04,2026-03-01,press,2\n",
        encoding="utf-8",
    )
    result = read_reports([ragged], units=units, catalogs=catalogs)
    messages = [p.message_vi for p in result.file_problems if p.code == "unknown_column"]
    said = "không có tiêu đề nên không được đọc: 1 ô có số liệu bị bỏ qua (đặt số liệu vào đúng cột của mẫu, hoặc xóa)"
    assert messages == [f"cột E {said}", f"cột F {said}"]
    assert len(result.accepted) == 2 and "2 cột không được đọc" in result.reconciliation()

    book = tmp_path / "b.xlsx"
    with xlsxwriter.Workbook(book) as workbook:
        sheet = workbook.add_worksheet("Báo cáo")
        sheet.write_row(0, 0, ["Tỉnh", "Ngày", "Hình thức", "Số lượng"])
        sheet.write_row(1, 0, ["01", "01/03/2026", "press", 3])
        sheet.write(1, 5, 125)  # a figure typed two columns to the right, under no header
    (warning,) = [p for p in read_reports([book], units=units, catalogs=catalogs).file_problems]
    assert warning.code == "unknown_column" and warning.message_vi.startswith("cột F không có tiêu đề")
