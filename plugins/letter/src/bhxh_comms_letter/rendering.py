"""Filling a .docx template (docxtpl) safely.

Every template, bundled or the user's, renders in a sandboxed Jinja environment with
``StrictUndefined`` and autoescaping: values are escaped for the document XML (an "&" or a
"<" in a unit's name stays text), a misspelt variable is an error instead of an empty
string, and a template cannot reach Python internals (``{{ ''.__class__ }}`` is refused).
An error names the template file and the paragraph holding the faulty tag.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Iterator, Mapping
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
from docx.oxml.ns import qn
from docxtpl import DocxTemplate
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

from bhxh_comms.plugin import BhxhCommsError
from bhxh_comms_letter.docxio import pin_core_properties, save_docx
from bhxh_comms_letter.templates import BUNDLED

_TAG_TEXT = re.compile(r"<[^>]+>")


class TemplateError(BhxhCommsError):
    """A template cannot be read or rendered; the message names the file and the tag."""


def bundled_template(name: str) -> Path:
    """The path of a bundled template (``bao-cao``, ``cong-van``, ``cong-van-chien-dich``)."""
    if name not in BUNDLED:
        raise TemplateError(f"không có mẫu “{name}” (có: {', '.join(BUNDLED)})", f"no bundled template {name!r}")
    return Path(str(resources.files("bhxh_comms_letter") / "templates" / f"{name}.docx"))


def environment() -> SandboxedEnvironment:
    """The Jinja environment every template renders in."""
    return SandboxedEnvironment(autoescape=True, undefined=jinja2.StrictUndefined, keep_trailing_newline=False)


def _open(path: Path) -> DocxTemplate:
    if not path.is_file():
        raise TemplateError(f"không tìm thấy mẫu {path}", f"template not found: {path}")
    if not zipfile.is_zipfile(path):
        raise TemplateError(
            f"mẫu {path} không phải tệp Word .docx", f"template {path} is not a Word .docx file (a zip package)"
        )
    try:
        template = DocxTemplate(str(path))
        template.init_docx()
    except Exception as exc:  # noqa: BLE001 - python-docx raises many kinds on a damaged file
        raise TemplateError(
            f"không đọc được mẫu {path}: {exc}", f"cannot read template {path}: {type(exc).__name__}: {exc}"
        ) from None
    return template


_DELIMITERS = (("{{", "}}"), ("{%", "%}"), ("{#", "#}"))


def _paragraph_elements(template: DocxTemplate) -> Iterator[Any]:
    """Every paragraph of the body (tables included) and of the headers and footers."""
    docx = template.docx
    yield from docx.element.body.iter(qn("w:p"))
    for section in docx.sections:
        for part in (
            section.header,
            section.footer,
            section.first_page_header,
            section.first_page_footer,
            section.even_page_header,
            section.even_page_footer,
        ):
            if not part.is_linked_to_previous:
                yield from part._element.iter(qn("w:p"))


def _check_tags(path: Path, template: DocxTemplate) -> None:
    """A tag must open and close in one paragraph. docxtpl would otherwise match a ``{{`` with
    the next ``}}`` pages later and silently delete everything between them."""
    for element in _paragraph_elements(template):
        text = "".join(node.text or "" for node in element.iter(qn("w:t")))
        for opening, closing in _DELIMITERS:
            if text.count(opening) != text.count(closing):
                shown = text.strip()[:160]
                raise TemplateError(
                    f"mẫu {path.name}, đoạn “{shown}”: thẻ “{opening} … {closing}” không đóng hoặc không mở "
                    f"trong cùng một đoạn [{path}]",
                    f"template {path}, paragraph {shown!r}: a “{opening} … {closing}” tag does not open and "
                    "close within the paragraph",
                )


def _template_line(exc: BaseException) -> int | None:
    """The line of the template source where rendering failed."""
    lineno = getattr(exc, "lineno", None)
    if isinstance(lineno, int):
        return lineno
    found = None
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            found = tb.tb_lineno
        tb = tb.tb_next
    return found


def _paragraph_text(template: DocxTemplate, lineno: int | None) -> str | None:
    """The text of the paragraph at ``lineno`` of the source docxtpl gave Jinja (one
    paragraph a line), with its tags, so the user finds it in Word."""
    if lineno is None:
        return None
    try:
        part = getattr(template, "current_rendering_part", None)
        docx = template.docx
        xml = template.get_xml() if part is None or part is docx._part else template.get_part_xml(part)
        source = re.sub(r"<w:p([ >])", r"\n<w:p\1", template.patch_xml(xml))
        lines = source.splitlines()
        if not 1 <= lineno <= len(lines):
            return None
        text = _TAG_TEXT.sub("", lines[lineno - 1]).strip()
        return text[:160] or None
    except Exception:  # noqa: BLE001 - best effort: the message still names file and error
        return None


def _error(path: Path, template: DocxTemplate, exc: Exception) -> TemplateError:
    lineno = _template_line(exc)
    where = _paragraph_text(template, lineno)
    if isinstance(exc, SecurityError):
        detail_vi = f"thẻ không được phép (truy cập nội bộ Python bị chặn): {exc}"
        detail_en = f"tag not allowed (sandbox refused access to Python internals): {exc}"
    elif isinstance(exc, jinja2.UndefinedError):
        detail_vi = f"biến không có trong dữ liệu của mẫu: {exc}"
        detail_en = f"undefined variable: {exc}"
    elif isinstance(exc, jinja2.TemplateSyntaxError):
        detail_vi = f"thẻ Jinja sai cú pháp: {exc.message}"
        detail_en = f"Jinja tag syntax error: {exc.message}"
    else:
        detail_vi = detail_en = f"{type(exc).__name__}: {exc}"
    place_vi = f", đoạn “{where}”" if where else ""
    place_en = f", paragraph {where!r}" if where else ""
    line = f" (dòng {lineno})" if lineno else ""
    line_en = f" (line {lineno})" if lineno else ""
    return TemplateError(
        f"mẫu {path.name}{place_vi}{line}: {detail_vi} [{path}]",
        f"template {path}{place_en}{line_en}: {detail_en}",
    )


def _grid_from_cells(document: Any) -> None:
    """Give each table the column widths of its own cells. A ``{%tc for %}`` column loop adds
    cells that docxtpl's grid fix-up sizes evenly (the "TT" column as wide as a province's
    name); fixed-layout tables are drawn from the grid, so it is rebuilt from the widest row's
    cell widths (``w:tcW``) where every cell of that row states one."""
    for table in document.element.body.iter(qn("w:tbl")):
        grid = table.find(qn("w:tblGrid"))
        if grid is None:
            continue
        rows: list[list[Any]] = [row.findall(qn("w:tc")) for row in table.iter(qn("w:tr"))]
        widest = max(rows, key=len, default=[])
        widths: list[str] = []
        for cell in widest:
            width = cell.find(f"{qn('w:tcPr')}/{qn('w:tcW')}")
            span = cell.find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}")
            if width is None or span is not None or width.get(qn("w:type")) != "dxa":
                widths = []
                break
            widths.append(width.get(qn("w:w")))
        if not widths or widths == [column.get(qn("w:w")) for column in grid]:
            continue
        for column in list(grid):
            grid.remove(column)
        for width in widths:
            column = grid.makeelement(qn("w:gridCol"), {qn("w:w"): width})
            grid.append(column)


def render_docx(
    template_path: Path | str,
    context: Mapping[str, Any],
    destination: Path,
    *,
    moment: dt.datetime,
    title: str,
) -> Path:
    """Fill ``template_path`` with ``context`` and write ``destination`` atomically, with
    stable bytes (timestamps and core properties from ``moment``)."""
    path = Path(template_path)
    template = _open(path)
    _check_tags(path, template)
    try:
        template.render(dict(context), environment(), autoescape=True)
    except (jinja2.TemplateError, TypeError, ValueError, AttributeError, KeyError, IndexError) as exc:
        raise _error(path, template, exc) from None
    _grid_from_cells(template.docx)
    pin_core_properties(template.docx, moment=moment, title=title)
    return save_docx(template, destination, moment=moment)
