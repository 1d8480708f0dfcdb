"""Build the bundled default templates with python-docx.

    python -m bhxh_comms_letter.build_templates [OUTDIR]

writes ``bao-cao.docx``, ``cong-van.docx`` and ``cong-van-chien-dich.docx`` (default: the
package's ``templates/`` folder). The committed templates are this script's output; a test
checks that they still are. Each template is an ordinary Word document with Jinja tags
(docxtpl): ``{{ name }}`` prints a value, a paragraph holding only ``{%p … %}`` is a control
statement and disappears, ``{%tr … %}`` repeats a table row.
"""

from __future__ import annotations

import datetime as dt
import io
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from docx.shared import Cm, Pt

from bhxh_comms_letter import layout as L
from bhxh_comms_letter.docxio import stable_docx_bytes

TEMPLATE_DIR = Path(__file__).parent / "templates"
BUILD_TIME = dt.datetime(2026, 1, 1, 0, 0, 0)


# --- shared blocks -----------------------------------------------------------------------


def _first(cell: Any) -> Any:
    """A cell's existing empty paragraph, then new ones: used as a container."""

    class _Cell:
        def __init__(self) -> None:
            self.used = False

        def add_paragraph(self) -> Any:
            if not self.used:
                self.used = True
                return cell.paragraphs[0]
            return cell.add_paragraph()

    return _Cell()


def header_block(doc: Any, *, letter: bool) -> None:
    """Issuing body (with its parent) and number left, national title, motto and place-date
    right; for a letter the subject "V/v …" under the number."""
    table = L.borderless_table(doc, 2, [L.HEADER_LEFT, L.HEADER_RIGHT])
    left, right = _first(table.cell(0, 0)), _first(table.cell(0, 1))
    L.tag(left, "if parent_body")
    L.text(left, "{{ parent_body }}", size=L.SIZE_ISSUING_BODY, align="center")
    L.tag(left, "endif")
    L.text(left, "{{ issuing_body }}", size=L.SIZE_ISSUING_BODY, bold=True, align="center")
    L.rule(left, width=Cm(2.2), cell_width=L.HEADER_LEFT)

    L.text(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=L.SIZE_NATIONAL_TITLE, bold=True, align="center")
    L.text(right, "Độc lập - Tự do - Hạnh phúc", size=L.SIZE_MOTTO, bold=True, align="center")
    L.rule(right, width=Cm(6.1), cell_width=L.HEADER_RIGHT)

    left, right = _first(table.cell(1, 0)), _first(table.cell(1, 1))
    L.text(left, "Số: {{ number }}/{{ symbol }}", size=L.SIZE_NUMBER, space_before=6)
    if letter:
        L.text(left, "V/v {{ subject }}", size=L.SIZE_SUBJECT_LETTER, space_before=4)
    L.text(right, "{{ place_date }}", size=L.SIZE_PLACE_DATE, italic=True, space_before=6)


def recipients_block(doc: Any) -> None:
    """ "Kính gửi:" and the recipients: one on the same line; several, one a line, "- …;",
    the last ending with "."."""
    L.tag(doc, "if single_recipient")
    L.text(doc, "Kính gửi: {{ recipient }}", align="center", space_before=12, space_after=12)
    L.tag(doc, "else")
    L.text(doc, "Kính gửi:", align="left", left=Cm(2.5), space_before=12, space_after=0)
    L.tag(doc, "for line in recipient_lines")
    L.text(doc, "{{ line }}", align="justify", left=Cm(3.5), space_after=0)
    L.tag(doc, "endfor")
    L.text(doc, "", size=Pt(6), align="left")
    L.tag(doc, "endif")


def signature_block(doc: Any, closing: Any) -> None:
    """ "Nơi nhận:" and its list bottom left, the signature block right; the ``closing``
    paragraph before it stays on its page (a signature never stands alone on the last page)."""
    closing.paragraph_format.keep_with_next = True
    L.text(doc, "", size=Pt(6), align="left", keep_with_next=True)
    table = L.borderless_table(doc, 1, [L.FOOT_LEFT, L.FOOT_RIGHT])
    left, right = _first(table.cell(0, 0)), _first(table.cell(0, 1))
    L.text(left, "Nơi nhận:", size=L.SIZE_RECEIVERS_LABEL, bold=True, italic=True, align="left")
    L.tag(left, "for line in distribution_lines")
    L.text(left, "{{ line }}", size=L.SIZE_RECEIVERS, align="left")
    L.tag(left, "endfor")

    L.tag(right, "for line in signer_lines")
    L.text(right, "{{ line }}", size=L.SIZE_SIGNATURE, bold=True, align="center")
    L.tag(right, "endfor")
    for _ in range(4):
        L.text(right, "", size=L.SIZE_SIGNATURE, align="center")
    L.text(right, "{{ signer_name }}", size=L.SIZE_SIGNATURE, bold=True, align="center")
    L.cant_split(table.rows[0])


def heading(doc: Any, content: str) -> Any:
    para = L.text(doc, content, bold=True)
    para.paragraph_format.keep_with_next = True
    return para


def loop(doc: Any, statement: str, content: str, **formatting: Any) -> Any:
    """A paragraph repeated by a ``for`` tag; returns the repeated paragraph."""
    L.tag(doc, f"for {statement}")
    para = L.text(doc, content, **formatting)
    L.tag(doc, "endfor")
    return para


def results_table(
    doc: Any, widths_cm: list[float], headers: list[str], cells: list[str], aligns: str, loop_over: str
) -> None:
    """A bordered table: a header row, then one row per item (``{%tr for … %}``); ``aligns``
    has one letter per column: l(eft), c(entre), r(ight)."""
    table = L.grid_table(doc, 4, [Cm(w) for w in widths_cm])
    for index, title in enumerate(headers):
        L.text(_first(table.cell(0, index)), title, size=L.SIZE_TABLE, bold=True, align="center")
    L.text(_first(table.cell(1, 0)), "{%tr for row in " + loop_over + " %}", size=Pt(8), align="left")
    for index, content in enumerate(cells):
        align = {"l": "left", "c": "center", "r": "right"}[aligns[index]]
        L.text(_first(table.cell(2, index)), content, size=L.SIZE_TABLE, align=align)
    L.text(_first(table.cell(3, 0)), "{%tr endfor %}", size=Pt(8), align="left")
    for index in (0, 2):  # a row never breaks across pages
        L.cant_split(table.rows[index])


def annex_table(doc: Any) -> None:
    """The annex by province, on a landscape page: one column per activity type of the report
    (``{%tc for … %}``: a catalog decides how many), then attendances, their change, targets
    met and reporting status. The type columns are 1,42 cm each: ten fit the page."""
    fixed = [0.9, 3.0]
    after = [("Lượt người tham dự {{ period_label }}", "{{ row.participants }}", 2.1, "right")]
    after += [("Tăng, giảm", "{{ row.change }}", 1.6, "right")]
    after += [("Chỉ tiêu đạt", "{{ row.targets_met }}", 1.4, "center")]
    after += [("Tình trạng báo cáo", "{{ row.status }}", 1.9, "center")]
    loop_tag, per_type = 0.3, 1.42  # the loop's tag cells disappear when the template is filled
    widths = [*fixed, loop_tag, per_type, loop_tag, *(w for _, _, w, _ in after)]
    table = L.grid_table(doc, 4, [Cm(w) for w in widths])
    size = L.SIZE_WIDE_TABLE

    def put(row: int, column: int, content: str, align: str = "center", bold: bool = False) -> None:
        L.text(_first(table.cell(row, column)), content, size=size, bold=bold, align=align)

    headers = ["TT", "Tỉnh, thành phố", "{%tc for column in annex_columns %}", "{{ column }}", "{%tc endfor %}"]
    cells = ["{{ row.index }}", "{{ row.name }}", "{%tc for count in row.counts %}", "{{ count }}", "{%tc endfor %}"]
    aligns = ["center", "left", "left", "right", "left"]
    for index, (header, cell, align) in enumerate(zip(headers, cells, aligns, strict=True)):
        put(0, index, header, bold=True)
        put(2, index, cell, align)
    for index, (header, cell, _, align) in enumerate(after, start=len(headers)):
        put(0, index, header, bold=True)
        put(2, index, cell, align)
    put(1, 0, "{%tr for row in province_rows %}", "left")
    put(3, 0, "{%tr endfor %}", "left")
    for index in (0, 2):  # a row never breaks across pages
        L.cant_split(table.rows[index])


def notes_block(doc: Any) -> None:
    """ "Ghi chú về số liệu:" and the report's notes, when it has any."""
    L.tag(doc, "if notes")
    L.text(doc, "Ghi chú về số liệu:", size=Pt(13), italic=True).paragraph_format.keep_with_next = True
    loop(doc, "note in notes", "- {{ note }}", size=Pt(13), italic=True)
    L.tag(doc, "endif")


def caption(doc: Any, content: str) -> None:
    para = L.text(doc, content, size=Pt(13), bold=True, align="center", space_before=6, space_after=6)
    para.paragraph_format.keep_with_next = True


# --- the three templates -------------------------------------------------------------------


def build_bao_cao() -> Any:
    doc = L.new_document()
    header_block(doc, letter=False)
    L.text(doc, "BÁO CÁO", size=L.SIZE_TYPE_NAME, bold=True, align="center", space_before=18)
    L.text(doc, "{{ subject }}", size=L.SIZE_TYPE_NAME, bold=True, align="center")
    L.rule(doc, width=Cm(3.5), cell_width=L.TEXT_WIDTH)
    L.text(doc, "", size=Pt(6), align="left")
    L.text(
        doc,
        "Thực hiện Kế hoạch công tác thông tin, truyền thông {{ period_label }}, trên cơ sở báo cáo của "
        "{{ units_phrase }}, {{ short_name }} báo cáo kết quả công tác thông tin, truyền thông "
        "{{ period_label }} như sau:",
    )
    heading(doc, "1. Kết quả đạt được")
    loop(doc, "paragraph in results_rich", "{{r paragraph }}")
    L.tag(doc, "if unreported")
    L.text(doc, "{{ reporting }}")
    L.tag(doc, "endif")
    L.text(
        doc,
        "Kết quả theo từng hình thức truyền thông tại Bảng 1; kết quả theo từng tỉnh, thành phố tại Phụ lục "
        "kèm theo Báo cáo này.",
    )
    caption(doc, "Bảng 1. Kết quả theo hình thức truyền thông {{ period_label }}")
    results_table(
        doc,
        [0.9, 5.0, 1.7, 2.1, 2.1, 1.9, 2.3],
        [
            "TT",
            "Hình thức truyền thông",
            "Đơn vị tính",
            "{{ period_title }}",
            "{{ comparison_title }}",
            "Tăng, giảm",
            "Lượt người tham dự",
        ],
        [
            "{{ row.index }}",
            "{{ row.label }}",
            "{{ row.unit }}",
            "{{ row.count }}",
            "{{ row.previous }}",
            "{{ row.change }}",
            "{{ row.participants }}",
        ],
        "clcrrrr",
        "activity_rows",
    )
    L.text(doc, "", size=Pt(6), align="left")
    heading(doc, "2. Kết quả thực hiện chỉ tiêu")
    L.tag(doc, "if target_lines")
    L.text(doc, "Kết quả đánh giá các chỉ tiêu theo Kế hoạch {{ period_label }}:")
    loop(doc, "line in target_lines", "{{ line }}")
    L.tag(doc, "else")
    L.text(doc, "Báo cáo {{ period_label }} không đánh giá chỉ tiêu.")
    L.tag(doc, "endif")
    # What only the office can write (the narrative file); a section not written yet holds a
    # marked place to write, in italics.
    L.tag(doc, "for section in narrative_sections")
    heading(doc, "{{ loop.index + 2 }}. {{ section.heading }}")
    L.tag(doc, "if section.written")
    loop(doc, "paragraph in section.paragraphs", "{{ paragraph }}")
    L.tag(doc, "else")
    loop(doc, "paragraph in section.paragraphs", "{{ paragraph }}", italic=True)
    L.tag(doc, "endif")
    L.tag(doc, "endfor")
    notes_block(doc)
    closing = L.text(
        doc, "Trên đây là báo cáo kết quả công tác thông tin, truyền thông {{ period_label }} của {{ short_name }}./."
    )
    signature_block(doc, closing)

    L.landscape_section(doc)
    L.text(doc, "Phụ lục", size=L.SIZE_TYPE_NAME, bold=True, align="center")
    L.text(
        doc,
        # no-break spaces inside "THÀNH PHỐ" and "NĂM 2025": the title wraps between phrases,
        # never inside one
        "KẾT QUẢ CÔNG TÁC THÔNG TIN, TRUYỀN THÔNG THEO TỈNH,\u00a0THÀNH\u00a0PHỐ "
        "{{ period_label | upper | replace(' ', '\u00a0') }}",
        size=Pt(13),
        bold=True,
        align="center",
    )
    L.text(
        doc,
        "(Kèm theo Báo cáo số {{ number }}/{{ symbol }} {{ date_text }} của {{ short_name }})",
        size=Pt(13),
        italic=True,
        align="center",
        space_after=6,
    )
    annex_table(doc)
    return doc


def build_cong_van() -> Any:
    doc = L.new_document()
    header_block(doc, letter=True)
    recipients_block(doc)
    L.text(
        doc,
        "Thực hiện Kế hoạch công tác thông tin, truyền thông {{ period_label }}, căn cứ báo cáo của "
        "{{ units_phrase }}, {{ short_name }} thông báo kết quả thực hiện công tác thông tin, truyền thông "
        "{{ period_label }} và đề nghị BHXH các tỉnh, thành phố thực hiện một số nội dung sau:",
    )
    heading(doc, "1. Kết quả thực hiện")
    loop(doc, "paragraph in results_rich", "{{r paragraph }}")
    L.tag(doc, "if unreported")
    L.text(doc, "{{ reporting }}")
    L.tag(doc, "endif")
    L.tag(doc, "if numbered_target_lines")
    L.text(doc, "Về thực hiện các chỉ tiêu theo Kế hoạch, số tỉnh đạt từng chỉ tiêu:")
    loop(doc, "line in numbered_target_lines", "{{ line }}")
    L.tag(doc, "endif")
    notes_block(doc)
    heading(doc, "2. Các chỉ tiêu chưa đạt")
    L.tag(doc, "if unmet_lead")
    L.text(doc, "{{ unmet_lead }}")
    L.tag(doc, "endif")
    L.tag(doc, "for target in unmet_targets")
    para = L.text(doc, "Chỉ tiêu ({{ target.number }}) {{ target.label }}: {{ target.phrase }}.", italic=True)
    para.paragraph_format.keep_with_next = True
    L.text(doc, "{{ target.below_text }}")
    L.tag(doc, "endfor")
    L.tag(doc, "if unreported_note")
    L.text(doc, "{{ unreported_note }}")
    L.tag(doc, "endif")
    heading(doc, "3. Tổ chức thực hiện")
    L.tag(doc, "if unmet_targets")
    L.text(doc, "Đề nghị Giám đốc BHXH các tỉnh, thành phố có tên tại mục 2 Công văn này:")
    L.text(
        doc,
        "- Rà soát, đánh giá nguyên nhân chưa đạt đối với từng chỉ tiêu; chỉ đạo xây dựng giải pháp, kế hoạch "
        "khắc phục cụ thể, phù hợp với điều kiện thực tế tại địa phương;",
    )
    L.text(
        doc,
        "- Tăng cường tổ chức các hoạt động truyền thông trực tiếp (hội nghị, đối thoại, truyền thông nhóm nhỏ), "
        "phối hợp chặt chẽ với các sở, ngành, hội, đoàn thể tại địa phương để hoàn thành các chỉ tiêu;",
    )
    L.text(
        doc,
        "- Báo cáo kết quả khắc phục về {{ short_name }} (qua {{ unit_name }}) trong báo cáo định kỳ tiếp theo.",
    )
    L.tag(doc, "endif")
    L.tag(doc, "if unreported")
    L.text(
        doc,
        "Đề nghị Giám đốc BHXH các tỉnh, thành phố chưa gửi báo cáo (nêu tại mục 1) khẩn trương gửi báo cáo "
        "{{ period_label }} về {{ short_name }} (qua {{ unit_name }}).",
    )
    L.tag(doc, "endif")
    closing = L.text(
        doc,
        "Trong quá trình thực hiện, nếu có vướng mắc, đề nghị liên hệ {{ short_name }} (qua {{ unit_name }}) "
        "để được hướng dẫn./.",
    )
    signature_block(doc, closing)
    return doc


def build_cong_van_chien_dich() -> Any:
    """A letter of Công văn 1455/BHXH-TT's shape with the user's own text: opening paragraphs, numbered
    sections with numbered items, closing paragraphs."""
    doc = L.new_document()
    header_block(doc, letter=True)
    recipients_block(doc)
    loop(doc, "paragraph in opening", "{{ paragraph }}")
    L.tag(doc, "for section in sections")
    heading(doc, "{{ section.heading }}")
    loop(doc, "paragraph in section.paragraphs", "{{ paragraph }}")
    L.tag(doc, "for item in section.entries")
    L.tag(doc, "if item.heading")
    heading(doc, "{{ item.heading }}")
    L.tag(doc, "endif")
    loop(doc, "paragraph in item.paragraphs", "{{ paragraph }}")
    L.tag(doc, "endfor")
    L.tag(doc, "endfor")
    signature_block(doc, loop(doc, "paragraph in closing", "{{ paragraph }}"))
    return doc


BUILDERS: dict[str, Callable[[], Any]] = {
    "bao-cao.docx": build_bao_cao,
    "cong-van.docx": build_cong_van,
    "cong-van-chien-dich.docx": build_cong_van_chien_dich,
}


def build_bytes(name: str) -> bytes:
    """One template as the bytes of a .docx file (fixed timestamps: the same every time)."""
    doc = BUILDERS[name]()
    props = doc.core_properties
    props.created = props.modified = BUILD_TIME
    props.title = name.removesuffix(".docx")
    buffer = io.BytesIO()
    doc.save(buffer)
    return stable_docx_bytes(buffer.getvalue(), BUILD_TIME)


def build_all(directory: Path = TEMPLATE_DIR) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name in BUILDERS:
        path = directory / name
        path.write_bytes(build_bytes(name))
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    for path in build_all(Path(args[0]) if args else TEMPLATE_DIR):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
