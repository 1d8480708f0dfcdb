"""A letter of Công văn 1455/BHXH-TT's shape (a campaign letter) with the user's own text, without any
Report: a template and a small TOML data file.

    from bhxh_comms_letter import render_letter
    render_letter("thu.toml", "thu.docx", settings="office.toml")

The data file (``examples/cong-van-1455.toml`` reproduces Công văn 1455/BHXH-TT)::

    subject = "truyền thông cao điểm về …"          # after "V/v"
    opening = ["Kỳ họp thứ 7 …"]                      # paragraphs before the sections
    closing = ["Trên đây là …/."]                     # paragraphs after them

    [settings]                                        # this letter's number, date, recipients…
    number = "1455"                                   # (over the office settings file)
    date = 2024-05-20

    [[sections]]                                      # "1. Nội dung truyền thông"
    title = "Nội dung truyền thông"
    [[sections.items]]                                # "1.1. Kết quả nổi bật …"
    text = "Kết quả nổi bật …"
    [[sections.items]]                                # "3.1. Trung tâm Truyền thông" and its paragraphs
    title = "Trung tâm Truyền thông"
    paragraphs = ["- Là đầu mối …", "- Trên cơ sở …"]
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import attrs

from bhxh_comms.plugin import VIETNAM_TIME, pinned_time, vietnam_time
from bhxh_comms_letter.context import Context, base_context, document_date, letter_symbol
from bhxh_comms_letter.rendering import bundled_template, render_docx
from bhxh_comms_letter.settings import LetterSettings, SettingsError, load_settings, read_toml, settings_from_mapping

EXAMPLE_1455 = "cong-van-1455.toml"


def example_path(name: str = EXAMPLE_1455) -> Path:
    """A bundled example data file (``cong-van-1455.toml``: Công văn 1455/BHXH-TT)."""
    return Path(str(resources.files("bhxh_comms_letter") / "examples" / name))


def _paragraph(value: object, where: str) -> str:
    if not isinstance(value, str):
        raise SettingsError(f"{where}: đoạn văn phải là chuỗi ký tự", f"{where}: paragraphs must be strings")
    text = " ".join(value.split())  # a TOML string wrapped over lines is one paragraph
    if not text:
        raise SettingsError(f"{where}: có đoạn văn trống", f"{where}: empty paragraph")
    return text


def _paragraphs(value: object, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, (list, tuple)):
        raise SettingsError(f"{where}: cần danh sách đoạn văn", f"{where}: expected a list of paragraphs")
    return tuple(_paragraph(v, where) for v in value)


def _check_keys(values: Mapping[str, Any], allowed: Sequence[str], where: str) -> None:
    unknown = sorted(set(values) - set(allowed))
    if unknown:
        raise SettingsError(
            f"khóa không hợp lệ trong {where}: {', '.join(unknown)} (dùng: {', '.join(allowed)})",
            f"unknown keys in {where}: {unknown} (allowed: {list(allowed)})",
        )


@attrs.frozen(kw_only=True)
class Item:
    """A numbered item of a section: "1.1. text …" or a titled sub-section "3.1. Title"."""

    title: str = ""
    paragraphs: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class Section:
    """A numbered section: "1. Title", its own paragraphs, then its items."""

    title: str
    paragraphs: tuple[str, ...] = ()
    items: tuple[Item, ...] = ()


@attrs.frozen(kw_only=True)
class LetterData:
    """The text of one letter and its document settings (number, date, recipients…)."""

    subject: str
    opening: tuple[str, ...] = ()
    sections: tuple[Section, ...] = ()
    closing: tuple[str, ...] = ()
    settings: Mapping[str, Any] = attrs.field(factory=dict)


def _item(value: object, where: str) -> Item:
    if not isinstance(value, Mapping):
        raise SettingsError(f"{where}: cần một bảng", f"{where}: expected a table")
    _check_keys(value, ("title", "text", "paragraphs"), where)
    title = " ".join(str(value.get("title", "")).split())
    paragraphs = _paragraphs(value.get("text"), where) + _paragraphs(value.get("paragraphs"), where)
    if not title and not paragraphs:
        raise SettingsError(f"{where}: mục trống", f"{where}: empty item")
    return Item(title=title, paragraphs=paragraphs)


def _section(value: object, where: str) -> Section:
    if not isinstance(value, Mapping):
        raise SettingsError(f"{where}: cần một bảng", f"{where}: expected a table")
    _check_keys(value, ("title", "paragraphs", "items"), where)
    title = " ".join(str(value.get("title", "")).split())
    if not title:
        raise SettingsError(f"{where}: thiếu “title”", f"{where}: missing title")
    items = value.get("items", [])
    if not isinstance(items, list):
        raise SettingsError(f"{where}.items: cần danh sách", f"{where}.items: expected a list")
    return Section(
        title=title,
        paragraphs=_paragraphs(value.get("paragraphs"), where),
        items=tuple(_item(v, f"{where}.items[{i + 1}]") for i, v in enumerate(items)),
    )


def letter_data(values: Mapping[str, Any]) -> LetterData:
    """Validate parsed data (a TOML document as a dict)."""
    _check_keys(values, ("subject", "opening", "sections", "closing", "settings"), "data")
    subject = " ".join(str(values.get("subject", "")).split())
    if not subject:
        raise SettingsError("dữ liệu công văn thiếu “subject” (trích yếu V/v)", "letter data has no subject")
    sections = values.get("sections", [])
    if not isinstance(sections, list):
        raise SettingsError("“sections” phải là danh sách [[sections]]", "sections must be an array of tables")
    settings = values.get("settings", {})
    if not isinstance(settings, Mapping):
        raise SettingsError("“settings” phải là một bảng [settings]", "settings must be a table")
    settings_from_mapping(settings)  # validate early, with the defaults underneath
    return LetterData(
        subject=subject.removeprefix("V/v ").strip(),
        opening=_paragraphs(values.get("opening"), "opening"),
        sections=tuple(_section(v, f"sections[{i + 1}]") for i, v in enumerate(sections)),
        closing=_paragraphs(values.get("closing"), "closing"),
        settings=dict(settings),
    )


def load_letter_data(source: LetterData | Mapping[str, Any] | Path | str) -> LetterData:
    """Letter data from a :class:`LetterData`, a mapping, or a TOML file."""
    if isinstance(source, LetterData):
        return source
    if isinstance(source, Mapping):
        return letter_data(source)
    path = Path(source)
    try:
        return letter_data(read_toml(path))
    except SettingsError as exc:
        if str(path) in exc.message_vi:
            raise
        raise SettingsError(f"{path}: {exc.message_vi}", f"{path}: {exc.message_en}") from None


def letter_context(data: LetterData, settings: LetterSettings, *, today: dt.date | None = None) -> Context:
    """The values the ``cong-van-chien-dich`` template uses: the header and signature (see
    :func:`~bhxh_comms_letter.context.base_context`), ``subject``, ``opening``, ``closing``
    and ``sections`` — each ``{"number", "title", "heading", "paragraphs", "entries"}``, each
    item ``{"number", "title", "heading", "paragraphs"}`` (an item without a title carries
    its number on its first paragraph: "1.1. Kết quả nổi bật …")."""
    day = settings.date or today or vietnam_time(pinned_time() or dt.datetime.now(VIETNAM_TIME)).date()
    context = base_context(settings, day=day, symbol=letter_symbol(settings), letter=True)
    sections = []
    for s_index, section in enumerate(data.sections, start=1):
        items = []
        for i_index, item in enumerate(section.items, start=1):
            number = f"{s_index}.{i_index}."
            paragraphs = list(item.paragraphs)
            if not item.title and paragraphs:
                paragraphs[0] = f"{number} {paragraphs[0]}"
            heading = f"{number} {item.title}" if item.title else ""
            items.append({"number": number, "title": item.title, "heading": heading, "paragraphs": paragraphs})
        sections.append(
            {
                "number": f"{s_index}.",
                "title": section.title,
                "heading": f"{s_index}. {section.title}",
                "paragraphs": list(section.paragraphs),
                "entries": items,
            }
        )
    context.update(
        {
            "subject": data.subject,
            "opening": list(data.opening),
            "closing": list(data.closing),
            "sections": sections,
        }
    )
    return context


def render_letter(
    data: LetterData | Mapping[str, Any] | Path | str,
    destination: Path | str,
    *,
    template: Path | str | None = None,
    settings: LetterSettings | Mapping[str, Any] | Path | str | None = None,
) -> Path:
    """Write a letter from ``data`` (a TOML file, a mapping or :class:`LetterData`) to
    ``destination`` (.docx), with the office ``settings`` under the data's own
    ``[settings]``, using ``template`` (default: the bundled ``cong-van-chien-dich``).

    The date (``[settings] date``, else today in Vietnam) also stamps the file, so the same
    data give the same bytes."""
    letter = load_letter_data(data)
    office = load_settings(settings)
    merged = settings_from_mapping(letter.settings, base=office)
    context = letter_context(letter, merged)
    day = document_date(merged, None) if merged.date else dt.date.fromisoformat(context["date"])
    moment = dt.datetime.combine(day, dt.time(8, 0), tzinfo=VIETNAM_TIME)
    title = f"Công văn {context['number'].strip()}/{context['symbol']} V/v {letter.subject}".replace("  ", " ")
    path = Path(template) if template is not None else bundled_template("cong-van-chien-dich")
    return render_docx(path, context, Path(destination), moment=moment, title=title)
