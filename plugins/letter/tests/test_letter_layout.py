"""The bao-cao and cong-van documents read back with python-docx: header texts and their
formatting, page setup, recipients, "Nơi nhận" and signature (Nghị định 30/2020, Phụ lục I)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import docx
import pytest
from bhxh_comms_letter import LetterSettings, Signer
from docx.document import Document
from docx.oxml.ns import qn

import bhxh_comms
from bhxh_comms.phrasing import format_date, format_number, place_date
from bhxh_comms.report.model import Report
from bhxh_comms.testing import sample_report

CENTRE = {
    "parent_body": "Bảo hiểm xã hội Việt Nam",
    "issuing_body": "Trung tâm Truyền thông",
    "symbol": "TTTT",
    "unit_symbol": "",
    "number": "7",
    "signer": {"authority": "", "title": "Giám đốc", "name": "Nguyễn Văn An"},
    "distribution": ["Tổng Giám đốc (để b/c)", "BHXH các tỉnh, thành phố"],
}


@pytest.fixture(scope="module")
def report() -> Report:
    return sample_report(rows=600)


@pytest.fixture(scope="module")
def documents(report: Report, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Document]:
    out = tmp_path_factory.mktemp("layout")
    renderers = bhxh_comms.get_plugin_manager().renderers()
    several = LetterSettings(
        recipients=["Các đơn vị trực thuộc BHXH Việt Nam", "Bảo hiểm xã hội các tỉnh, thành phố;"],
        signer=Signer(authority="KT.", authority_title="Tổng Giám đốc", title="Phó Tổng Giám đốc", name="Trần Thị B"),
        date=dt.date(2026, 2, 5),
    )
    paths = {
        "bao-cao": renderers["bao-cao"].renderer.render(report, out / "bc", {"settings": CENTRE})[0],
        "cong-van": renderers["cong-van"].renderer.render(report, out / "cv1", {})[0],
        "cong-van-several": renderers["cong-van"].renderer.render(report, out / "cv2", {"settings": several})[0],
    }
    return {name: docx.Document(str(path)) for name, path in paths.items()}


def texts(cell_or_doc: Any) -> list[str]:
    return [p.text for p in cell_or_doc.paragraphs if p.text.strip()]


def paragraph(container: Any, startswith: str) -> Any:
    for para in container.paragraphs:
        if para.text.startswith(startswith):
            return para
    raise AssertionError(f"no paragraph starting {startswith!r} in {texts(container)}")


def run_format(para: Any) -> tuple[str, float, bool, bool]:
    """(font, size, bold, italic) of a paragraph whose runs all share one format."""
    formats = {(r.font.name, r.font.size.pt, bool(r.bold), bool(r.italic)) for r in para.runs if r.text}
    assert len(formats) == 1, formats
    return formats.pop()


def test_page_setup(documents: dict[str, Document]) -> None:
    for doc in documents.values():
        section = doc.sections[0]
        assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
        assert 20 <= round(section.top_margin.mm) <= 25
        assert 20 <= round(section.bottom_margin.mm) <= 25
        assert 30 <= round(section.left_margin.mm) <= 35
        assert 15 <= round(section.right_margin.mm) <= 20
        normal = doc.styles["Normal"]
        assert normal.font.name == "Times New Roman" and normal.font.size.pt in (13, 14)
        assert normal.paragraph_format.alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.JUSTIFY
        assert 1.0 <= normal.paragraph_format.first_line_indent.cm <= 1.27
        assert normal.paragraph_format.space_after.pt >= 6


def test_page_numbers_from_page_two(documents: dict[str, Document]) -> None:
    section = documents["bao-cao"].sections[0]
    assert section.different_first_page_header_footer
    assert section.first_page_header.paragraphs[0].text == ""
    header = section.header.paragraphs[0]
    assert header.alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.CENTER
    instructions = [e.text for e in header._p.iter(qn("w:instrText"))]
    assert instructions == [" PAGE "]


def test_report_header(documents: dict[str, Document], report: Report) -> None:
    doc = documents["bao-cao"]
    header = doc.tables[0]
    left, right = header.cell(0, 0), header.cell(0, 1)
    assert texts(left) == ["BẢO HIỂM XÃ HỘI VIỆT NAM", "TRUNG TÂM TRUYỀN THÔNG"]
    assert run_format(paragraph(left, "BẢO HIỂM")) == ("Times New Roman", 12, False, False)  # parent: not bold
    assert run_format(paragraph(left, "TRUNG TÂM")) == ("Times New Roman", 12, True, False)
    assert texts(right) == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    font, size, bold, _ = run_format(paragraph(right, "CỘNG HÒA"))
    assert (font, bold) == ("Times New Roman", True) and 12 <= size <= 13
    font, size, bold, _ = run_format(paragraph(right, "Độc lập"))
    assert bold and 13 <= size <= 14
    # a short rule under the motto and under the issuing body: bordered empty paragraphs
    for cell in (left, right):
        rules = [p for p in cell.paragraphs if p._p.find(f"{qn('w:pPr')}/{qn('w:pBdr')}") is not None]
        assert len(rules) == 1 and rules[0].text == ""
        assert rules[0].paragraph_format.left_indent.cm > 0.5

    number = paragraph(header.cell(1, 0), "Số:")
    assert number.text == "Số: 07/BC-TTTT"  # numbers below 10 get a leading zero
    assert run_format(number) == ("Times New Roman", 13, False, False)
    day = report.metadata.generated_at.astimezone(dt.timezone(dt.timedelta(hours=7))).date()
    date_line = paragraph(header.cell(1, 1), "Hà Nội")
    assert date_line.text == place_date("Hà Nội", day) == "Hà Nội, ngày 15 tháng 01 năm 2026"
    font, size, bold, italic = run_format(date_line)
    assert italic and not bold and 13 <= size <= 14

    assert run_format(paragraph(doc, "BÁO CÁO"))[2] is True
    subject = paragraph(doc, "Kết quả công tác")
    assert subject.text == "Kết quả công tác thông tin, truyền thông năm 2025"
    assert subject.alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.CENTER


def test_report_body_tables_and_annex(documents: dict[str, Document], report: Report) -> None:
    doc = documents["bao-cao"]
    assert paragraph(doc, "Trong năm 2025, BHXH 34 tỉnh đã triển khai")
    activity, annex = doc.tables[1], doc.tables[3]
    national = report.table("national")
    assert len(activity.rows) == 1 + len(national)
    assert [c.text for c in activity.rows[1].cells][:4] == [
        "1",
        national["label"][0],
        national["unit"][0],
        format_number(national["count"][0]),
    ]
    totals = report.table("province_totals")
    assert len(annex.rows) == 1 + len(totals)
    assert annex.rows[1].cells[1].text == totals["province_name"][0]
    # the annex: per province the count of each activity type of the report, then attendances
    lines = report.statements.activities
    headings = [c.text for c in annex.rows[0].cells]
    assert headings[2 : 2 + len(lines)] == [
        "Hội nghị (cuộc)",
        "Nhóm nhỏ (cuộc)",
        "Trực tuyến (cuộc)",
        "Lễ ra quân (buổi)",
        "Phát thanh (lượt)",
        "Báo, đài (tin, bài)",
        "Cổng TTĐT (tin, bài)",
        "Mạng xã hội (sản phẩm)",
        "Ấn phẩm",
        "Tập huấn (lớp)",
    ]
    assert headings[2 + len(lines)] == "Lượt người tham dự năm 2025"
    by_province = report.table("by_province")
    first = by_province[by_province["province"] == totals["province"][0]].set_index("activity_type")["count"]
    assert [c.text for c in annex.rows[1].cells][2 : 2 + len(lines)] == [
        format_number(int(first.get(line.activity_type, 0))) for line in lines
    ]
    # on a landscape page, the grid as wide as the cells say (narrow "TT", one width per type)
    section = doc.sections[-1]
    assert section.orientation == docx.enum.section.WD_ORIENT.LANDSCAPE
    assert section.page_width > section.page_height
    grid = [int(c.get(qn("w:w"))) for c in annex._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert len(grid) == len(headings)
    cm = 567  # twips
    assert grid[0] < cm and len(set(grid[2 : 2 + len(lines)])) == 1
    assert sum(grid) <= (section.page_width - section.left_margin - section.right_margin) / 635
    # the centre's emphasis: figures bold, comparisons italic, the rest plain, all one font and size
    body = paragraph(doc, "Trong năm 2025, BHXH")
    formats = {(r.font.name, r.font.size.pt, bool(r.bold), bool(r.italic)) for r in body.runs if r.text}
    assert formats == {("Times New Roman", 14, b, i) for b, i in ((False, False), (True, False), (False, True))}
    said = report.statements
    first = said.national_runs[0]
    assert [(r.text, bool(r.bold), bool(r.italic)) for r in body.runs if r.text] == [
        (text, kind == "figure", kind == "comparison") for text, kind in first
    ]
    assert "(Kèm theo Báo cáo số 07/BC-TTTT ngày 15 tháng 01 năm 2026 của BHXH Việt Nam)" in texts(doc)


def test_signature_and_distribution(documents: dict[str, Document]) -> None:
    # the closing paragraph goes to the next page with the signature, never leaving it alone
    closings = {"bao-cao": "Trên đây là báo cáo", "cong-van": "Trong quá trình thực hiện"}
    for name, start in closings.items():
        assert paragraph(documents[name], start).paragraph_format.keep_with_next, name
    report_sig = documents["bao-cao"].tables[2]
    left, right = report_sig.cell(0, 0), report_sig.cell(0, 1)
    assert texts(left) == ["Nơi nhận:", "- Tổng Giám đốc (để b/c);", "- BHXH các tỉnh, thành phố;", "- Lưu: VT."]
    assert run_format(left.paragraphs[0]) == ("Times New Roman", 12, True, True)
    assert {run_format(p)[1] for p in left.paragraphs[1:] if p.text} == {11}
    assert texts(right) == ["GIÁM ĐỐC", "Nguyễn Văn An"]
    assert run_format(paragraph(right, "GIÁM ĐỐC"))[1:3] == (14, True)
    assert run_format(paragraph(right, "Nguyễn"))[1:3] == (14, True)

    letter_sig = documents["cong-van-several"].tables[1]
    entries = texts(letter_sig.cell(0, 0))
    assert entries[:2] == ["Nơi nhận:", "- Như trên;"]
    assert entries[-1] == "- Lưu: VT, TT."
    assert texts(letter_sig.cell(0, 1)) == ["KT. TỔNG GIÁM ĐỐC", "PHÓ TỔNG GIÁM ĐỐC", "Trần Thị B"]


def test_letter_header_subject_and_date(documents: dict[str, Document]) -> None:
    doc = documents["cong-van-several"]
    left = doc.tables[0].cell(1, 0)
    assert texts(left)[0] == "Số: \u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0/BHXH-TT"  # the clerk fills the number in
    subject = paragraph(left, "V/v")
    assert subject.text == "V/v thông báo kết quả công tác thông tin, truyền thông năm 2025"
    assert 12 <= run_format(subject)[1] <= 13 and not run_format(subject)[2]
    assert texts(doc.tables[0].cell(1, 1)) == ["Hà Nội, ngày 05 tháng 02 năm 2026"]
    assert format_date(dt.date(2026, 2, 5), pad=True) in texts(doc.tables[0].cell(1, 1))[0]
    # dated 2026: BHXH Việt Nam under the Ministry of Finance, the superior body above it
    assert texts(doc.tables[0].cell(0, 0)) == ["BỘ TÀI CHÍNH", "BẢO HIỂM XÃ HỘI VIỆT NAM"]


def test_one_recipient_on_the_kinh_gui_line(documents: dict[str, Document]) -> None:
    lines = texts(documents["cong-van"])
    assert "Kính gửi: Bảo hiểm xã hội các tỉnh, thành phố trực thuộc Trung ương" in lines
    assert "Kính gửi:" not in lines


def test_several_recipients_one_a_line(documents: dict[str, Document]) -> None:
    lines = texts(documents["cong-van-several"])
    start = lines.index("Kính gửi:")
    assert lines[start + 1 : start + 3] == [
        "- Các đơn vị trực thuộc BHXH Việt Nam;",
        "- Bảo hiểm xã hội các tỉnh, thành phố.",
    ]
    assert run_format(paragraph(documents["cong-van-several"], "- Các đơn vị"))[1] == 14


def test_letter_names_unmet_targets_by_target(documents: dict[str, Document], report: Report) -> None:
    lines = texts(documents["cong-van"])
    for target in report.statements.unmet_targets:
        heading = f"Chỉ tiêu ({target.number}) {target.label}: {target.phrase}."
        assert lines[lines.index(heading) + 1] == target.below_text
        assert all(f"{r.name} ({r.listed})" in target.below_text for r in target.below)
    met = [t for t in report.statements.targets if not t.below]
    assert not any(t.startswith(f"Chỉ tiêu ({m.number}) ") for m in met for t in lines)
    assert any(t.startswith("(1) Hội nghị với người lao động") for t in lines)
    assert lines[-1] != "" and "./." in " ".join(lines)


def test_signer_validation(report: Report, tmp_path: Path) -> None:
    with pytest.raises(bhxh_comms.BhxhCommsError, match="authority_title"):
        Signer(authority="TM.", authority_title="", title="Chủ tịch")
    with pytest.raises(bhxh_comms.BhxhCommsError, match="thẩm quyền"):
        Signer(authority="KT", title="Phó Giám đốc")
    assert Signer(authority="Q.", title="Giám đốc").lines == ("Q. GIÁM ĐỐC",)
    assert Signer(authority="TL.", authority_title="Tổng Giám đốc", title="Chánh Văn phòng").lines == (
        "TL. TỔNG GIÁM ĐỐC",
        "CHÁNH VĂN PHÒNG",
    )
    with pytest.raises(bhxh_comms.BhxhCommsError, match="recipients"):
        LetterSettings(recipients=[])
    with pytest.raises(bhxh_comms.BhxhCommsError, match="unknown keys"):
        bhxh_comms.get_plugin_manager().renderer("cong-van").render(
            report, tmp_path, {"settings": {"signer_name": "x"}}
        )


@pytest.mark.parametrize(
    ("day", "header", "signature", "distribution"),
    [
        (
            dt.date(2025, 2, 28),
            ["BẢO HIỂM XÃ HỘI VIỆT NAM"],
            ["KT. TỔNG GIÁM ĐỐC", "PHÓ TỔNG GIÁM ĐỐC"],
            "- Tổng Giám đốc (để b/c);",
        ),
        (
            dt.date(2025, 3, 1),
            ["BỘ TÀI CHÍNH", "BẢO HIỂM XÃ HỘI VIỆT NAM"],
            ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"],
            "- Giám đốc (để b/c);",
        ),
    ],
)
def test_the_header_and_signer_follow_the_form_in_force_on_the_documents_date(
    report: Report, tmp_path: Path, day: dt.date, header: list[str], signature: list[str], distribution: str
) -> None:
    """BHXH Việt Nam came under the Ministry of Finance on 1/3/2025 (its head a Giám đốc): the
    defaults follow the document's date; an office's settings still override them."""
    renderer = bhxh_comms.get_plugin_manager().renderer("cong-van")
    (path,) = renderer.render(report, tmp_path / "a", {"settings": LetterSettings(date=day)})
    doc = docx.Document(str(path))
    assert texts(doc.tables[0].cell(0, 0)) == header
    signature_table = doc.tables[-1]
    assert texts(signature_table.cell(0, 1))[: len(signature)] == signature
    assert distribution in texts(signature_table.cell(0, 0))
    own = LetterSettings(date=day, parent_body="", signer=Signer(authority="", title="Giám đốc", name="A"))
    (path,) = renderer.render(report, tmp_path / "b", {"settings": own})
    doc = docx.Document(str(path))
    assert texts(doc.tables[0].cell(0, 0)) == ["BẢO HIỂM XÃ HỘI VIỆT NAM"]
    assert texts(doc.tables[-1].cell(0, 1)) == ["GIÁM ĐỐC", "A"]
