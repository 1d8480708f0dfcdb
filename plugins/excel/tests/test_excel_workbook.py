"""The workbook's content, read back with openpyxl: sheets, headers, figures equal to the
Report's tables, total formulas and their cached values, colours, text safety, print set-up."""

from __future__ import annotations

import datetime as dt
import math
import zipfile
from pathlib import Path
from typing import Any

import bhxh_comms_excel
import pytest

from bhxh_comms.report.model import Report

SHEETS = [
    "Tổng hợp",
    "Theo tỉnh",
    "Theo xã",
    "Chỉ tiêu",
    "Chi tiết chỉ tiêu",
    "Đối tượng",
    "Nội dung",
    "Phối hợp",
    "Theo tháng",
    "Biểu đồ theo tháng",  # the chart on its own printed page, under its own title
    "Tình hình báo cáo",
    "Ghi chú",
]


def test_sheet_names_in_order(book: Any) -> None:
    assert book.sheetnames == SHEETS


def test_summary_title_block(book: Any, report: Report) -> None:
    sheet = book["Tổng hợp"]
    assert sheet["A1"].value == "BẢO HIỂM XÃ HỘI VIỆT NAM"
    title = [c for row in sheet.iter_rows(max_row=6) for c in row if c.value == report.metadata.title]
    assert len(title) == 1, "the report title is on the summary sheet once"
    merged = [r for r in sheet.merged_cells.ranges if r.min_row == title[0].row and r.min_col == 1]
    assert merged and merged[0].max_col == sheet.max_column, "the title is merged across the table"
    assert title[0].alignment.horizontal == "center"
    lines = [sheet.cell(r, 1).value or "" for r in range(1, 8)]
    assert any("Kỳ báo cáo: năm 2025" in line and "so sánh với năm 2024" in line for line in lines)
    assert any("BHXH 34 tỉnh" in line and "34 tỉnh, thành phố trực thuộc Trung ương" in line for line in lines)


def test_summary_headers_and_values(book: Any, cached: Any, report: Report, xl: Any) -> None:
    sheet, values = book["Tổng hợp"], cached["Tổng hợp"]
    top = xl.find_row(sheet, 1, "STT")
    headers = xl.header_map(sheet, top, top + 1)
    assert headers[2][1] == "" and sheet.cell(top, 2).value == "Hình thức thông tin, truyền thông"
    assert sheet.cell(top, 3).value == "Đơn vị tính"
    assert [headers[c] for c in range(4, 8)] == [
        ("Số lượng", "Năm 2025"),
        ("Số lượng", "Năm 2024"),
        ("Số lượng", "Tăng (+), giảm (-)"),
        ("Số lượng", "Tỷ lệ so với năm 2024 (lần)"),
    ]
    assert headers[8] == ("Số lượt người tham dự", "Năm 2025")
    national = report.tables["national"]
    for index, record in enumerate(national.to_dict("records")):
        row = top + 2 + index
        assert sheet.cell(row, 1).value == index + 1
        assert sheet.cell(row, 2).value == record["label"]
        assert sheet.cell(row, 3).value == record["unit"]
        assert sheet.cell(row, 4).value == record["count"]
        assert sheet.cell(row, 5).value == record["count_previous"]
        # change and ratio are formulas on the row's own cells, their cached values the core's
        assert sheet.cell(row, 6).value == f'=IFERROR(D{row}-E{row},"-")'
        assert sheet.cell(row, 7).value == f'=IFERROR(IF(E{row}>0,D{row}/E{row},"-"),"-")'
        assert values.cell(row, 6).value == record["count_change"]
        ratio = record["count_ratio"]
        assert values.cell(row, 7).value == ("-" if ratio != ratio else pytest.approx(ratio))
        if record["participants"] or record["participants_previous"]:
            assert sheet.cell(row, 8).value == record["participants"]
            assert sheet.cell(row, 9).value == record["participants_previous"]
        else:  # the type counts no attendances
            assert [sheet.cell(row, c).value for c in range(8, 12)] == ["-"] * 4


def test_summary_number_formats(book: Any, xl: Any) -> None:
    sheet = book["Tổng hợp"]
    row = xl.find_row(sheet, 1, "STT") + 2
    assert sheet.cell(row, 4).number_format == "#,##0"
    assert sheet.cell(row, 6).number_format == "+#,##0;-#,##0;0"
    assert sheet.cell(row, 7).number_format == "0.00"


def test_summary_total_participants_is_a_cached_sum(book: Any, cached: Any, report: Report, xl: Any) -> None:
    sheet, values = book["Tổng hợp"], cached["Tổng hợp"]
    row = xl.find_row(sheet, 1, "Tổng số lượt người tham dự")
    national = report.tables["national"]
    assert str(sheet.cell(row, 8).value).startswith("=SUM(H")
    assert values.cell(row, 8).value == national["participants"].sum()
    assert values.cell(row, 9).value == national["participants_previous"].sum()
    assert values.cell(row, 10).value == national["participants"].sum() - national["participants_previous"].sum()
    assert values.cell(row, 11).value == pytest.approx(
        national["participants"].sum() / national["participants_previous"].sum()
    )
    # The same figure as the provinces' totals of the core: the sum is of the right cells.
    assert values.cell(row, 8).value == report.tables["province_totals"]["participants"].sum()


def test_province_sheet_values_and_header(book: Any, report: Report, xl: Any) -> None:
    sheet = book["Theo tỉnh"]
    top = xl.find_row(sheet, 1, "STT")
    headers = xl.header_map(sheet, top, top + 1)
    rows = {sheet.cell(r, 2).value: r for r in range(top + 2, sheet.max_row + 1)}
    national = report.tables["national"].set_index("activity_type")
    by_province = report.tables["by_province"]
    assert len(by_province) > 100
    for record in by_province.sample(40, random_state=1).to_dict("records"):
        label = national.loc[record["activity_type"], "label"]
        unit = national.loc[record["activity_type"], "unit"]
        count_col = next(c for c, h in headers.items() if h == (label, f"Số lượng ({unit})"))
        row = rows[record["province_name"]]
        assert sheet.cell(row, count_col).value == record["count"]
        if headers.get(count_col + 1) == (label, "Lượt người"):
            assert sheet.cell(row, count_col + 1).value == record["participants"]
    # Every province of the unit set has a row, those without activity too, in code order.
    names = list(report.tables["province_totals"]["province_name"])
    assert [sheet.cell(top + 2 + i, 2).value for i in range(len(names))] == names


def test_province_totals_are_formulas_with_cached_values(book: Any, cached: Any, report: Report, xl: Any) -> None:
    sheet, values = book["Theo tỉnh"], cached["Theo tỉnh"]
    top = xl.find_row(sheet, 1, "STT")
    total = xl.find_row(sheet, 1, "Tổng cộng")
    headers = xl.header_map(sheet, top, top + 1)
    national = report.tables["national"].set_index("label")
    by_province = report.tables["by_province"]
    checked = 0
    for col, (title, header) in headers.items():
        if col < 3:
            continue
        formula = sheet.cell(total, col).value
        assert isinstance(formula, str) and formula.startswith("=SUM("), (col, formula)
        assert formula.endswith(f"{top + 2}:{sheet.cell(total - 1, col).column_letter}{total - 1})")
        if title in national.index:
            code = national.loc[title, "activity_type"]
            measure = "count" if header.startswith("Số lượng") else "participants"
            expected = by_province.loc[by_province["activity_type"].astype(str) == code, measure].sum()
            assert values.cell(total, col).value == expected, (title, header)
            assert expected == national.loc[title, measure]  # provinces add up to the national figure
            checked += 1
    assert checked >= 10
    last_col = sheet.max_column
    assert headers[last_col] == ("Tổng số lượt người tham dự", "Năm 2024")
    assert values.cell(total, last_col).value == report.tables["province_totals"]["participants_previous"].sum()


def test_scorecard_values_outcomes_and_colours(book: Any, cached: Any, report: Report, xl: Any) -> None:
    sheet, values = book["Chỉ tiêu"], cached["Chỉ tiêu"]
    top = xl.find_row(sheet, 1, "STT")
    headers = xl.header_map(sheet, top, top + 1)
    scorecard = report.tables["scorecard"]
    rows = {sheet.cell(r, 2).value: r for r in range(top + 2, top + 2 + 34)}
    single = scorecard[scorecard["partner"].isna()]
    for record in single.sample(30, random_state=2).to_dict("records"):
        col = next(c for c, h in headers.items() if h[0] == record["target_label"])
        row = rows[record["province_name"]]
        assert sheet.cell(row, col).value == pytest.approx(record["value"])
        assert values.cell(row, col + 1).value == record["outcome_vi"]  # the computed outcome, cached
        outcome = sheet.cell(row, col + 1).value
        if record["target"] == "enterprise_conferences":  # the outcome follows the value: a formula
            cell = sheet.cell(row, col).coordinate
            assert outcome == f'=IF({cell}<10,"chưa đạt",IF({cell}>12,"vượt","đạt"))'
        elif record["target"] == "labor_force_reach":  # a sub-condition decides too: text
            assert outcome == record["outcome_vi"]
        kind_format = "#,##0" if record["value_kind"] == "count" else "0.0%"
        assert sheet.cell(row, col).number_format == kind_format
    # Per partner: the core's folded result, its value text ("2/6 hội, đoàn thể") and outcome.
    results = report.tables["target_results"]
    partner = results[results["rows"] > 1]
    col = next(c for c, h in headers.items() if h[0] == partner["target_label"].iloc[0])
    for record in partner.to_dict("records"):
        assert sheet.cell(rows[record["province_name"]], col).value == record["value_text"]
        assert sheet.cell(rows[record["province_name"]], col + 1).value == record["outcome_vi"]
    # Conditional formats colour the four outcome texts.
    rules = [
        (str(rng.sqref), rule.type, rule.operator, tuple(rule.formula))
        for rng in sheet.conditional_formatting
        for rule in rng.rules
    ]
    for outcome in ("chưa đạt", "đạt", "vượt", "không đánh giá được", "chưa báo cáo"):
        assert any(r[1] == "cellIs" and r[2] == "equal" and r[3] == (f'"{outcome}"',) for r in rules), outcome
    data_range = f"C{top + 2}:{sheet.cell(top + 1, sheet.max_column).column_letter}{top + 1 + 34}"
    assert any(r[0] == data_range for r in rules), (data_range, rules)
    # The legend, coloured by the same rules.
    legend = xl.find_row(sheet, 2, "Chú giải:")
    assert [sheet.cell(legend + i, 2).value for i in range(1, 6)] == [
        "chưa đạt",
        "đạt",
        "vượt",
        "không đánh giá được",
        "chưa báo cáo",
    ]


def test_scorecard_share_rows_from_target_summary(book: Any, cached: Any, report: Report, xl: Any) -> None:
    sheet = book["Chỉ tiêu"]
    met_row = xl.find_row(sheet, 1, "Số tỉnh đạt")
    share_row = xl.find_row(sheet, 1, "Tỷ lệ tỉnh đạt")
    summary = report.tables["target_summary"].to_dict("records")
    values = cached["Chỉ tiêu"]
    for index, record in enumerate(summary):
        col = 3 + 2 * index
        # "Số tỉnh đạt" is recounted from the outcome cells where the core gives the formula
        assert values.cell(met_row, col).value == record["phrase"]
        written = sheet.cell(met_row, col).value
        if record["met_formula"]:
            outcomes = [values.cell(r, col + 1).value for r in range(xl.find_row(sheet, 1, 1), met_row)]
            met = sum(o in ("đạt", "vượt") for o in outcomes)
            assert written.startswith("=(COUNTIF(") and f"{met}/{len(outcomes)} tỉnh đạt" == record["phrase"]
        else:
            assert written == record["phrase"]
        assert values.cell(share_row, col).value == pytest.approx(record["share_met"])
    assert any(r["met_formula"] for r in summary)
    enterprise = next(i for i, r in enumerate(summary) if r["target"] == "enterprise_conferences")
    assert str(sheet.cell(share_row, 3 + 2 * enterprise).value).startswith("=IFERROR((COUNTIF(")


def test_scorecard_detail_has_every_row(book: Any, report: Report, xl: Any) -> None:
    sheet = book["Chi tiết chỉ tiêu"]
    top = xl.find_row(sheet, 1, "STT")
    scorecard = report.tables["scorecard"]
    last = top + len(scorecard)
    assert sheet.cell(last, 1).value == len(scorecard) and sheet.cell(last + 1, 1).value is None
    partners = {sheet.cell(r, 4).value for r in range(top + 1, last + 1)} - {""}
    assert "Hội Liên hiệp Phụ nữ" in partners  # partner codes shown by their labels
    assert sheet.conditional_formatting, "outcome colours on the detail sheet too"


def test_breakdown_sheets(book: Any, report: Report, xl: Any) -> None:
    for name, table in (("Đối tượng", "by_subject_group"), ("Nội dung", "by_theme"), ("Phối hợp", "by_partner")):
        sheet = book[name]
        top = xl.find_row(sheet, 1, "STT")
        headers = xl.header_map(sheet, top, top + 1)
        assert headers[3] == ("Số hoạt động", "Năm 2025") and headers[4] == ("Số hoạt động", "Năm 2024")
        for index, record in enumerate(report.tables[table].to_dict("records")):
            row = top + 2 + index
            assert sheet.cell(row, 2).value == record["label"]
            assert (sheet.cell(row, 3).value, sheet.cell(row, 4).value) == (record["count"], record["count_previous"])
            assert sheet.cell(row, 7).value == record["participants"]


def test_monthly_sheet_and_chart(book: Any, cached: Any, report: Report, workbook_path: Path, xl: Any) -> None:
    sheet, values = book["Theo tháng"], cached["Theo tháng"]
    top = xl.find_row(sheet, 1, "STT")
    assert [sheet.cell(top, c).value for c in range(4, 16)] == [f"Tháng {m}" for m in range(1, 13)]
    assert sheet.cell(top, 16).value == "Cộng"
    monthly = report.tables["monthly"]
    conference = monthly[monthly["activity_type"].astype(str) == "conference"].set_index("month")
    row = xl.find_row(sheet, 2, "Hội nghị truyền thông, tập huấn, tư vấn, đối thoại (trực tiếp)")
    assert [sheet.cell(row, 3 + m).value for m in range(1, 13)] == [
        conference.loc[f"2025-{m:02d}", "count"] for m in range(1, 13)
    ]
    assert str(sheet.cell(row, 16).value).startswith("=SUM(")
    assert values.cell(row, 16).value == conference["count"].sum()
    totals = [r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == "Tổng số lượt người tham dự"]
    assert len(totals) == 2  # this year and the comparison year
    assert values.cell(totals[0], 16).value == monthly["participants"].sum()
    assert values.cell(totals[1], 16).value == report.tables["monthly_previous"]["participants"].sum()
    with zipfile.ZipFile(workbook_path) as archive:
        charts = [n for n in archive.namelist() if n.startswith("xl/charts/chart")]
        assert len(charts) == 1
        chart = archive.read(charts[0]).decode("utf-8")
    assert "Số lượt người tham dự các hoạt động truyền thông theo tháng" in chart
    assert "Năm 2025" in chart and "Năm 2024" in chart


def test_completeness_counts(book: Any, cached: Any, report: Report, xl: Any) -> None:
    sheet, values = book["Tình hình báo cáo"], cached["Tình hình báo cáo"]
    row = xl.find_row(sheet, 2, "Số tỉnh đã báo cáo đúng hạn")
    assert str(sheet.cell(row, 4).value).startswith("=COUNTIF(")
    status = report.tables["completeness"]["status"]
    assert values.cell(row, 4).value == (status == "đã báo cáo").sum()
    assert values.cell(row + 2, 4).value == (status == "chưa báo cáo").sum()
    assert sheet.conditional_formatting


def test_commune_sheet(book: Any, cached: Any, report: Report, xl: Any) -> None:
    sheet, values = book["Theo xã"], cached["Theo xã"]
    by_commune = report.tables["by_commune"]
    top = xl.find_row(sheet, 1, "STT")
    assert sheet.cell(top, 3).value == "Mã xã, phường"
    communes = by_commune[["province", "commune"]].drop_duplicates()
    total = xl.find_row(sheet, 1, "Tổng cộng")
    assert total == top + 2 + len(communes)
    rows = {sheet.cell(r, 3).value: r for r in range(top + 2, total)}
    headers = xl.header_map(sheet, top, top + 1)
    national = report.tables["national"].set_index("activity_type")
    for record in by_commune.sample(25, random_state=4).to_dict("records"):
        label, unit = national.loc[record["activity_type"], ["label", "unit"]]
        col = next(c for c, h in headers.items() if h == (label, f"Số lượng ({unit})"))
        assert sheet.cell(rows[record["commune"]], col).value == record["count"]
    col = next(c for c, h in headers.items() if h[1] == "Số lượng (cuộc)")
    code = national.index[national["label"] == headers[col][0]][0]
    expected = by_commune.loc[by_commune["activity_type"].astype(str) == code, "count"].sum()
    assert values.cell(total, col).value == expected


def test_notes_sheet_lists_notes_and_generated_at(book: Any, report: Report) -> None:
    sheet = book["Ghi chú"]
    texts = [sheet.cell(r, 3).value for r in range(1, sheet.max_row + 1)]
    for note in (*report.metadata.processing, *report.metadata.notes):
        assert note in texts
    assert report.metadata.processing  # rows read and sources are on the working sheet
    assert "ngày 15 tháng 01 năm 2026" in texts  # phrasing.format_date(pad=True), Vietnam time
    moment = [
        sheet.cell(r, 3).value for r in range(1, sheet.max_row + 1) if isinstance(sheet.cell(r, 3).value, dt.datetime)
    ]
    assert moment == [dt.datetime(2026, 1, 15, 15, 0)]  # 08:00 UTC is 15:00 in Vietnam


def test_every_sheet_is_print_ready(book: Any) -> None:
    for sheet in book.worksheets:
        setup = sheet.page_setup
        assert setup.paperSize == 9 and setup.orientation == "landscape", sheet.title
        assert sheet.sheet_properties.pageSetUpPr.fitToPage, sheet.title
        assert setup.fitToWidth in (None, 1), sheet.title  # one page wide (1 is the default)
        assert sheet.print_options.horizontalCentered, sheet.title
        if sheet.title == "Biểu đồ theo tháng":  # one printed page: its title, then the chart
            assert setup.fitToHeight in (None, 1) and sheet._charts, sheet.title
        else:
            assert sheet.print_title_rows, f"{sheet.title}: header rows repeat on every page"
            assert sheet.freeze_panes, f"{sheet.title}: frozen header"
            assert sheet.auto_filter.ref, f"{sheet.title}: autofilter"
        title_row = 3
        merged = [r for r in sheet.merged_cells.ranges if r.min_row == title_row and r.min_col == 1]
        assert merged and merged[0].max_col > 2, f"{sheet.title}: merged title"
        # every printed page says what it is: the sheet's title heads each page, numbers at the foot
        title = sheet.cell(title_row, 1).value
        assert sheet.oddHeader.left.text == title, sheet.title
        assert sheet.oddFooter.center.text == "Trang &P/&N", sheet.title


def test_column_widths_fit_the_labels(book: Any, report: Report) -> None:
    province = book["Theo tỉnh"]
    longest = max(len(n) for n in report.tables["province_totals"]["province_name"])
    assert province.column_dimensions["B"].width >= longest
    summary = book["Tổng hợp"]
    assert summary.column_dimensions["B"].width >= 45  # activity labels, at most two lines


def test_document_properties(book: Any, report: Report) -> None:
    props = book.properties
    assert props.title == report.metadata.title
    assert props.creator == report.metadata.issuing_body
    assert props.created == dt.datetime(2026, 1, 15, 8, 0)


def test_formula_looking_text_stays_text(tmp_path: Path) -> None:
    from bhxh_comms.testing import sample_report

    hostile = sample_report(rows=600, note="=1+1")
    (path,) = bhxh_comms_excel.render(hostile, tmp_path, {})
    import openpyxl

    sheet = openpyxl.load_workbook(path)["Ghi chú"]
    cells = [c for row in sheet.iter_rows() for c in row if c.value == "=1+1"]
    assert len(cells) == 1 and cells[0].data_type == "s"
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert "<f>1+1</f>" not in archive.read(name).decode("utf-8")


def test_report_without_comparison_or_targets(plain_report: Report, tmp_path: Path, xl: Any) -> None:
    import openpyxl

    (path,) = bhxh_comms_excel.render(plain_report, tmp_path, {})
    assert path.name == "bao-cao-truyen-thong-2025-07-01_2025-12-31.xlsx"
    book = openpyxl.load_workbook(path)
    assert "Chỉ tiêu" not in book.sheetnames and "Tổng hợp" in book.sheetnames
    sheet = book["Tổng hợp"]
    top = xl.find_row(sheet, 1, "STT")
    headers = xl.header_map(sheet, top, top + 1)
    assert headers[4][0] == "Số lượng" and headers[5][0] == "Số lượt người tham dự"
    assert sheet.max_column == 5
    monthly = book["Theo tháng"]
    assert [monthly.cell(xl.find_row(monthly, 1, "STT"), c).value for c in range(4, 10)] == [
        f"Tháng {m}" for m in range(7, 13)
    ]
    total = xl.find_row(sheet, 1, "Tổng số lượt người tham dự")
    values = openpyxl.load_workbook(path, data_only=True)["Tổng hợp"]
    assert values.cell(total, 5).value == plain_report.tables["national"]["participants"].sum()
    assert math.isfinite(values.cell(total, 5).value)
