"""The layout of an administrative document (Nghị định 30/2020/NĐ-CP, Phụ lục I) and the
python-docx helpers that build it.

Only :mod:`bhxh_comms_letter.build_templates` builds documents with these helpers; rendering
fills the templates it made. The numbers here are the decree's, chosen inside its ranges.
"""

from __future__ import annotations

from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Length, Mm, Pt

FONT = "Times New Roman"

PAGE_WIDTH = Mm(210)  # A4
PAGE_HEIGHT = Mm(297)
MARGIN_TOP = Mm(20)  # 20-25 mm
MARGIN_BOTTOM = Mm(20)  # 20-25 mm
MARGIN_LEFT = Mm(30)  # 30-35 mm
MARGIN_RIGHT = Mm(15)  # 15-20 mm
HEADER_DISTANCE = Mm(10)
TEXT_WIDTH = Mm(210 - 30 - 15)
LANDSCAPE_TEXT_WIDTH = Mm(297 - 30 - 15)  # an annex's wide table

SIZE_NATIONAL_TITLE = Pt(12)  # 12-13, bold, upper case
SIZE_MOTTO = Pt(13.5)  # 13-14, bold
SIZE_ISSUING_BODY = Pt(12)  # 12-13; the body bold, its parent not bold
SIZE_NUMBER = Pt(13)  # "Số:" 13
SIZE_PLACE_DATE = Pt(14)  # 13-14, italic
SIZE_SUBJECT_LETTER = Pt(12.5)  # "V/v" 12-13
SIZE_TYPE_NAME = Pt(14)  # "BÁO CÁO" 13-14 bold
SIZE_BODY = Pt(14)  # 13-14
SIZE_TABLE = Pt(12)
SIZE_WIDE_TABLE = Pt(10)  # a table of many columns (the annex by province)
SIZE_RECEIVERS_LABEL = Pt(12)  # "Nơi nhận:" 12 bold italic
SIZE_RECEIVERS = Pt(11)  # entries 11
SIZE_SIGNATURE = Pt(14)  # authority, title and name 13-14 bold
SIZE_PAGE_NUMBER = Pt(13)

FIRST_LINE_INDENT = Cm(1.27)  # 1-1.27 cm
SPACE_AFTER = Pt(6)  # at least 6 pt between paragraphs
LINE_SPACING = 1.15  # single to 1.5 lines

# The two-column header: issuing body left, national title right (widths add up to the text width).
HEADER_LEFT = Cm(6.9)
HEADER_RIGHT = Cm(9.6)
# The signature table: "Nơi nhận" left, signature right.
FOOT_LEFT = Cm(7.5)
FOOT_RIGHT = Cm(9.0)

NO_INDENT = Cm(0)

Container = Any  # a Document, a table cell or a header: anything with add_paragraph


def new_document() -> Any:
    """An empty A4 document: margins, Times New Roman, the body paragraph style, page
    numbers centred at the top from page 2 (a different, empty first-page header)."""
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin, section.bottom_margin = MARGIN_TOP, MARGIN_BOTTOM
    section.left_margin, section.right_margin = MARGIN_LEFT, MARGIN_RIGHT
    section.header_distance = section.footer_distance = HEADER_DISTANCE
    section.gutter = Mm(0)

    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = SIZE_BODY
    _east_asian_font(normal.element)
    fmt = normal.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt.first_line_indent = FIRST_LINE_INDENT
    fmt.space_before = Pt(0)
    fmt.space_after = SPACE_AFTER
    fmt.line_spacing_rule = WD_LINE_SPACING.MULTIPLE
    fmt.line_spacing = LINE_SPACING
    fmt.widow_control = True
    for name in ("Header", "Footer", "Table Grid"):
        style = doc.styles[name]
        style.font.name = FONT
        _east_asian_font(style.element)

    section.different_first_page_header_footer = True
    header = section.header
    header.is_linked_to_previous = False
    para = header.paragraphs[0]
    plain(para, align="center", space_after=0)
    _page_field(para, SIZE_PAGE_NUMBER)
    first = section.first_page_header
    first.is_linked_to_previous = False
    plain(first.paragraphs[0], align="center", space_after=0)

    props = doc.core_properties
    props.author = "bhxh-comms-letter"
    props.last_modified_by = "bhxh-comms-letter"
    props.comments = ""
    props.revision = 1
    return doc


def _east_asian_font(element: Any) -> None:
    """Set every script slot of a style's font, so Vietnamese text never falls back."""
    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for slot in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(slot), FONT)


_ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}


def plain(
    para: Any,
    *,
    align: str = "center",
    space_after: float = 0,
    space_before: float = 0,
    first_line: Length | None = NO_INDENT,
    left: Length | None = None,
    right: Length | None = None,
    line_spacing: float | None = 1.0,
    keep_with_next: bool = False,
) -> Any:
    """Paragraph settings for header, table and signature paragraphs (no first-line indent,
    single spacing, no space after, unless asked)."""
    fmt = para.paragraph_format
    fmt.alignment = _ALIGN[align]
    fmt.space_after = Pt(space_after)
    fmt.space_before = Pt(space_before)
    if first_line is not None:
        fmt.first_line_indent = first_line
    if left is not None:
        fmt.left_indent = left
    if right is not None:
        fmt.right_indent = right
    if line_spacing is not None:
        fmt.line_spacing_rule = WD_LINE_SPACING.MULTIPLE if line_spacing != 1.0 else WD_LINE_SPACING.SINGLE
        if line_spacing != 1.0:
            fmt.line_spacing = line_spacing
    if keep_with_next:
        fmt.keep_with_next = True
    return para


def run(para: Any, text: str, *, size: Length = SIZE_BODY, bold: bool = False, italic: bool = False) -> Any:
    """A run in Times New Roman with explicit size, bold and italic (False is written too,
    so a reader of the file sees the intended formatting, not an inherited one)."""
    r = para.add_run(text)
    r.font.name = FONT
    r.font.size = size
    r.font.bold = bold
    r.font.italic = italic
    _east_asian_font(r._r)
    return r


def text(
    container: Container,
    content: str,
    *,
    size: Length = SIZE_BODY,
    bold: bool = False,
    italic: bool = False,
    **para_format: Any,
) -> Any:
    """A one-run paragraph. Without ``para_format`` it takes the body style (justified,
    first-line indent, 6 pt after)."""
    para = container.add_paragraph()
    if para_format:
        plain(para, **para_format)
    run(para, content, size=size, bold=bold, italic=italic)
    return para


def tag(container: Container, statement: str) -> Any:
    """A docxtpl paragraph tag (``{%p if x %}``): the paragraph disappears on rendering."""
    para = container.add_paragraph()
    plain(para, align="left")
    run(para, "{%p " + statement + " %}", size=Pt(10))
    return para


def rule(container: Container, *, width: Length, cell_width: Length, weight: float = 0.75) -> Any:
    """A short horizontal line, centred: an empty paragraph with a 4 pt mark and a bottom
    border (so the line sits a few points under the text above), indented so the border is
    ``width`` long (Word and LibreOffice both draw borders between the indents)."""
    para = container.add_paragraph()
    side = Length(max(int((cell_width - width) / 2), 0))
    plain(para, align="center", left=side, right=side)
    ppr = para._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    line = OxmlElement("w:bottom")
    line.set(qn("w:val"), "single")
    line.set(qn("w:sz"), str(round(weight * 8)))  # eighths of a point
    line.set(qn("w:space"), "0")
    line.set(qn("w:color"), "000000")
    borders.append(line)
    # pBdr must come before spacing/ind/jc in pPr (schema order)
    ppr.insert(_pbdr_position(ppr), borders)
    mark = OxmlElement("w:rPr")
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "8")  # half-points: a 4 pt paragraph mark
    mark.append(size)
    ppr.append(mark)
    return para


_PPR_BEFORE_PBDR = {"w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr", "w:widowControl"}


def _pbdr_position(ppr: Any) -> int:
    position = 0
    for index, child in enumerate(ppr):
        if child.tag in {qn(t) for t in _PPR_BEFORE_PBDR}:
            position = index + 1
    return position


def page_break(container: Container) -> Any:
    para = container.add_paragraph()
    plain(para, align="left")
    para.add_run().add_break(WD_BREAK.PAGE)
    return para


def landscape_section(doc: Any) -> Any:
    """A new section on a new page, A4 landscape with the same margins (a wide annex table);
    its pages numbered like the ones before (headers linked to the previous section)."""
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = PAGE_HEIGHT, PAGE_WIDTH
    section.different_first_page_header_footer = False
    return section


def _page_field(para: Any, size: Length) -> None:
    """A PAGE field (complex field: begin, instruction, separate, result, end)."""
    for kind, instruction in (("begin", None), (None, " PAGE "), ("separate", None), (None, None), ("end", None)):
        r = run(para, "", size=size)
        if kind is not None:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            r._r.append(char)
        elif instruction is not None:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = instruction
            r._r.append(instr)
        else:
            r.text = "2"


def borderless_table(container: Any, rows: int, widths: list[Length]) -> Any:
    """A table without borders, fixed column widths (the header and the signature blocks)."""
    table = container.add_table(rows=rows, cols=len(widths))
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _fixed_layout(table)
    for index, width in enumerate(widths):
        table.columns[index].width = width
        for cell in table.columns[index].cells:
            cell.width = width
    _cell_margins(table, left=Cm(0.05), right=Cm(0.05))
    return table


def grid_table(container: Any, rows: int, widths: list[Length]) -> Any:
    """A table with single borders (results tables), header row repeated on each page."""
    table = borderless_table(container, rows, widths)
    table.style = container.part.document.styles["Table Grid"] if hasattr(container, "part") else "Table Grid"
    _cell_margins(table, left=Cm(0.1), right=Cm(0.1))
    header = table.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    header.append(repeat)
    return table


def _fixed_layout(table: Any) -> None:
    tblpr = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tblpr.append(layout)


def _cell_margins(table: Any, *, left: Length, right: Length) -> None:
    tblpr = table._tbl.tblPr
    existing = tblpr.find(qn("w:tblCellMar"))
    if existing is not None:
        tblpr.remove(existing)
    margins = OxmlElement("w:tblCellMar")
    for side, value in (("left", left), ("right", right)):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:w"), str(int(value.twips)))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    tblpr.append(margins)


def cant_split(row: Any) -> None:
    """Keep a table row on one page."""
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
