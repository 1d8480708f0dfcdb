"""Templates: the committed ones are the build script's output, a user's own replaces the
default, errors name the file and the tag, values are escaped, the sandbox holds."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from bhxh_comms_letter import TemplateError, bundled_template, render_letter
from bhxh_comms_letter.build_templates import BUILDERS, build_bytes

import bhxh_comms
from bhxh_comms.report.model import Report
from bhxh_comms.testing import sample_report

HOSTILE = "Sở Lao động & Xã hội <Hà Nội>"


@pytest.fixture(scope="module")
def report() -> Report:
    return sample_report(rows=300, note=f"Số liệu của {HOSTILE} gửi muộn")


def xml_parts(data: bytes | Path) -> dict[str, str]:
    source = data if isinstance(data, Path) else io.BytesIO(data)
    with zipfile.ZipFile(source) as package:
        return {
            name: package.read(name).decode("utf-8") for name in package.namelist() if name.endswith((".xml", ".rels"))
        }


@pytest.mark.parametrize("name", list(BUILDERS))
def test_committed_templates_are_the_build_scripts_output(name: str) -> None:
    committed = xml_parts(bundled_template(name.removesuffix(".docx")))
    built = xml_parts(build_bytes(name))
    assert committed.keys() == built.keys()
    for part, text in built.items():
        assert committed[part] == text, (
            f"{name}:{part} differs from the build script's output: "
            "run `python -m bhxh_comms_letter.build_templates` and commit the templates"
        )


def user_template(tmp_path: Path, *paragraphs: str, name: str = "mine.docx") -> Path:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    path = tmp_path / name
    document.save(str(path))
    return path


def render(report: Report, tmp_path: Path, **options: object) -> Path:
    (path,) = bhxh_comms.get_plugin_manager().renderer("cong-van").render(report, tmp_path / "out", options)
    return path


def texts(path: Path) -> list[str]:
    document = docx.Document(str(path))
    found = [p.text for p in document.paragraphs]
    for table in document.tables:
        for cell in table._cells:
            found += [p.text for p in cell.paragraphs]
    return [t for t in found if t.strip()]


def test_edited_default_template_is_used(report: Report, tmp_path: Path) -> None:
    """What a user does in Word: open the default template, change the wording, save."""
    document = docx.Document(str(bundled_template("cong-van")))
    heading = next(p for p in document.paragraphs if p.text == "1. Kết quả thực hiện")
    heading.runs[0].text = "1. Những kết quả chính của {{ units_phrase }}"
    edited = tmp_path / "cong-van-cua-toi.docx"
    document.save(str(edited))
    lines = texts(render(report, tmp_path, template=str(edited)))
    assert "1. Những kết quả chính của BHXH 34 tỉnh" in lines
    assert "1. Kết quả thực hiện" not in lines
    assert "1. Kết quả thực hiện" in texts(render(report, tmp_path / "default"))


def test_own_template_from_scratch(report: Report, tmp_path: Path) -> None:
    template = user_template(tmp_path, "{{ issuing_body }} – {{ place_date }}", "{{ signer_lines | join(' / ') }}")
    lines = texts(render(report, tmp_path, template=template))
    assert lines == [
        "BẢO HIỂM XÃ HỘI VIỆT NAM – Hà Nội, ngày 15 tháng 01 năm 2026",
        "KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC",  # dated 2026: the form in force since 1/3/2025
    ]


def test_values_are_escaped(report: Report, tmp_path: Path) -> None:
    settings = {"issuing_body": HOSTILE, "recipients": [HOSTILE], "distribution": [f"{HOSTILE} (để biết)"]}
    path = render(report, tmp_path, settings=settings)
    lines = texts(path)
    assert HOSTILE.upper() in lines  # the issuing body, upper case, "&" and "<" intact
    assert f"Kính gửi: {HOSTILE}" in lines
    assert f"- {HOSTILE} (để biết);" in lines
    bao_cao = bhxh_comms.get_plugin_manager().renderer("bao-cao").render(report, tmp_path / "bc", {})[0]
    assert f"- Số liệu của {HOSTILE} gửi muộn." in texts(bao_cao)


def test_syntax_error_names_file_and_tag(report: Report, tmp_path: Path) -> None:
    template = user_template(tmp_path, "Kính gửi: {{ recipient }}", "Ngày {{ date_text ", name="hong.docx")
    with pytest.raises(TemplateError) as caught:
        render(report, tmp_path, template=template)
    message = caught.value.message
    assert "hong.docx" in message and "{{ date_text" in message, message
    assert not (tmp_path / "out" / "cong-van.docx").exists()


@pytest.mark.parametrize(
    "paragraphs",
    [
        # a "}}" missing in an early paragraph: docxtpl alone would delete up to the next "}}"
        ("Kính gửi: {{ recipient }", "Đoạn giữa", "Ngày {{ date_text }}"),
        # an unclosed tag before a loop: the error must name this paragraph, not the loop's end
        ("Đầu thư", "Sai {{ recipient ", "{%p for line in signer_lines %}", "{{ line }}", "{%p endfor %}"),
    ],
)
def test_unbalanced_tag_names_its_own_paragraph(report: Report, tmp_path: Path, paragraphs: tuple[str, ...]) -> None:
    template = user_template(tmp_path, *paragraphs, name="ngoac.docx")
    broken = next(p for p in paragraphs if p.count("{{") != p.count("}}"))
    with pytest.raises(TemplateError) as caught:
        render(report, tmp_path, template=template)
    message = caught.value.message
    assert "ngoac.docx" in message and broken.strip() in message, message


def test_undefined_variable_names_file_and_tag(report: Report, tmp_path: Path) -> None:
    template = user_template(tmp_path, "Đoạn một", "Kính gửi {{ nguoi_nhan }}", name="thieu.docx")
    with pytest.raises(TemplateError) as caught:
        render(report, tmp_path, template=template)
    message = caught.value.message
    assert "thieu.docx" in message and "nguoi_nhan" in message and "Kính gửi {{ nguoi_nhan }}" in message, message


@pytest.mark.parametrize(
    "tag",
    [
        "{{ ''.__class__.__mro__ }}",
        "{{ recipients.__class__.__base__.__subclasses__() }}",
        "{{ x.__globals__ }}",
        "{{ signer_lines.pop.__self__.__class__ }}",
    ],
)
def test_sandbox(report: Report, tmp_path: Path, tag: str) -> None:
    template = user_template(tmp_path, f"Thử {tag}", name="sandbox.docx")
    with pytest.raises(TemplateError) as caught:
        render(report, tmp_path, template=template)
    message = caught.value.message
    assert "sandbox.docx" in message
    assert "<class" not in message and "object at 0x" not in message
    assert not (tmp_path / "out" / "cong-van.docx").exists()


def test_sandbox_for_letters_too(tmp_path: Path) -> None:
    template = user_template(tmp_path, "{{ subject.__class__.__mro__[1].__subclasses__() }}", name="thu.docx")
    with pytest.raises(TemplateError, match=r"thu\.docx"):
        render_letter({"subject": "thử"}, tmp_path / "thu-out.docx", template=template)


def test_missing_or_broken_template(report: Report, tmp_path: Path) -> None:
    with pytest.raises(TemplateError, match=r"khong-co\.docx"):
        render(report, tmp_path, template=tmp_path / "khong-co.docx")
    not_docx = tmp_path / "ghi-chu.docx"
    not_docx.write_text("không phải Word", encoding="utf-8")
    with pytest.raises(TemplateError, match=r"ghi-chu\.docx"):
        render(report, tmp_path, template=not_docx)


def test_template_syntax_in_data_stays_literal(tmp_path: Path) -> None:
    """A note typed as a template expression or tag is printed as typed, never run."""
    note = "{{ 7*7 }} {% for x in y %}{% endfor %} {{ ''.__class__ }}"
    report = sample_report(rows=50, note=note)
    bao_cao = bhxh_comms.get_plugin_manager().renderer("bao-cao").render(report, tmp_path / "bc", {})[0]
    assert f"- {note}." in texts(bao_cao)


_LAUGHS = (
    b'<!DOCTYPE w:document [<!ENTITY lol0 "lol">'
    + b"".join(b"<!ENTITY lol%d " % n + b'"' + (b"&lol%d;" % (n - 1)) * 10 + b'">' for n in range(1, 10))
    + b"]>"
)
_XXE = b'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


def _with_entity(tmp_path: Path, doctype: bytes, entity: bytes) -> Path:
    source = user_template(tmp_path, "Kính gửi MARK {{ date_text }}", name="nguon.docx")
    target = tmp_path / "thuc-the.docx"
    with zipfile.ZipFile(source) as package, zipfile.ZipFile(target, "w") as out:
        for info in package.infolist():
            data = package.read(info.filename)
            if info.filename == "word/document.xml":
                data = data.replace(b"?>", b"?>" + doctype, 1).replace(b"MARK", entity)
            out.writestr(info, data)
    return target


def test_xml_entity_attacks_in_a_template_are_refused(report: Report, tmp_path: Path) -> None:
    with pytest.raises(TemplateError) as caught:
        render(report, tmp_path, template=_with_entity(tmp_path, _LAUGHS, b"&lol9;"))
    assert "thuc-the.docx" in caught.value.message
    path = render(report, tmp_path, template=_with_entity(tmp_path, _XXE, b"&xxe;"))
    assert not any("root:" in line for line in texts(path))  # the external entity is never fetched
