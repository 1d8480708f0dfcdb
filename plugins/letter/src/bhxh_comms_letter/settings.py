"""What varies by office: who issues, who signs, who receives.

Settings never live in a template: the same template serves every office. They come from a
small TOML file (see ``docs/letter.md``), a mapping, or code::

    settings = LetterSettings(issuing_body="BẢO HIỂM XÃ HỘI VIỆT NAM", number="1455",
                              signer=Signer(authority="KT.", authority_title="TỔNG GIÁM ĐỐC",
                                            title="PHÓ TỔNG GIÁM ĐỐC", name="Đào Việt Ánh"))

What a setting leaves at ``None`` (the superior body, the signer's titles, "Nơi nhận") comes
from the form of BHXH Việt Nam's documents in force on the document's date
(:mod:`bhxh_comms_letter.forms`): "BỘ TÀI CHÍNH" above the issuing body and a Giám đốc from
1/3/2025, no superior body and a Tổng Giám đốc before.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from bhxh_comms.plugin import BhxhCommsError
from bhxh_comms_letter.forms import form_on

DEFAULT_ISSUING_BODY = "BẢO HIỂM XÃ HỘI VIỆT NAM"
AUTHORITIES = ("", "KT.", "TM.", "TL.", "TUQ.", "Q.")
"""Signing on behalf of (KT. = ký thay, TM. = thay mặt, TL. = thừa lệnh, TUQ. = thừa ủy quyền,
Q. = quyền); "" signs in one's own name."""
_NEEDS_AUTHORITY_TITLE = ("KT.", "TM.", "TL.", "TUQ.")


class SettingsError(BhxhCommsError):
    """A settings file or value is invalid."""


def _text(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str):
        raise SettingsError(
            f"thiết lập “{attribute.name}” phải là chuỗi ký tự",
            f"setting {attribute.name!r} must be a string, got {value!r}",
        )


def _nonempty(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    _text(instance, attribute, value)
    assert isinstance(value, str)
    if not value.strip():
        raise SettingsError(f"thiết lập “{attribute.name}” không được để trống", f"setting {attribute.name!r} is empty")


def _optional_text(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        _text(instance, attribute, value)


def _entry(text: object) -> str:
    """A list entry without the punctuation the layout adds itself ("- …;" / "- … .")."""
    if not isinstance(text, str):
        raise SettingsError("mỗi mục danh sách phải là chuỗi ký tự", f"list entries must be strings, got {text!r}")
    cleaned = text.strip()
    if cleaned.startswith("- "):
        cleaned = cleaned[2:].strip()
    cleaned = cleaned.rstrip(";.").rstrip()
    if not cleaned:
        raise SettingsError("danh sách có mục trống", "a list has an empty entry")
    return cleaned


def _entries(value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, (list, tuple)):
        raise SettingsError("cần một danh sách chuỗi ký tự", f"expected a list of strings, got {value!r}")
    return tuple(_entry(v) for v in value)


def _date(value: object) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise SettingsError(f"ngày không hợp lệ: {value!r} (YYYY-MM-DD)", f"invalid date {value!r} (use YYYY-MM-DD)")


def _number(value: object) -> str:
    """A document number as text (TOML may give ``1455`` as an integer)."""
    return "" if value is None else str(value).strip()


def _optional_nonempty(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        _nonempty(instance, attribute, value)


@attrs.frozen(kw_only=True)
class Signer:
    """The signature block: ``KT. GIÁM ĐỐC`` / ``PHÓ GIÁM ĐỐC`` / name.

    ``authority`` is one of :data:`AUTHORITIES`; with KT., TM., TL. or TUQ. the
    ``authority_title`` is the head (or body) signed for. Q. (acting) is written before
    ``title`` on one line. Titles left at ``None`` are the head's and deputy's of the form in
    force on the document's date (:meth:`on`).
    """

    authority: str = attrs.field(default="KT.", validator=_text)
    authority_title: str | None = attrs.field(default=None, validator=_optional_text)
    title: str | None = attrs.field(default=None, validator=_optional_nonempty)
    name: str = attrs.field(default="", validator=_text)

    def __attrs_post_init__(self) -> None:
        if self.authority not in AUTHORITIES:
            raise SettingsError(
                f"thẩm quyền ký “{self.authority}” không hợp lệ (dùng: {', '.join(a for a in AUTHORITIES if a)})",
                f"signing authority {self.authority!r} is not one of {AUTHORITIES}",
            )
        given = self.authority_title
        if self.authority in _NEEDS_AUTHORITY_TITLE and given is not None and not given.strip():
            raise SettingsError(
                f"ký “{self.authority}” cần chức danh người đứng đầu (authority_title)",
                f"authority {self.authority!r} needs authority_title (the head signed for)",
            )

    def on(self, day: dt.date) -> Signer:
        """This signer with the titles left at ``None`` filled from the form in force on ``day``."""
        form = form_on(day)
        return attrs.evolve(
            self,
            authority_title=form.head_title if self.authority_title is None else self.authority_title,
            title=form.deputy_title if self.title is None else self.title,
        )

    @property
    def lines(self) -> tuple[str, ...]:
        """The upper-case lines above the signature: ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"); titles
        left at ``None`` are today's form's (use :meth:`on` for a document's date)."""
        if self.title is None or self.authority_title is None:
            return self.on(dt.date.today()).lines
        title = self.title.strip().upper()
        if self.authority in _NEEDS_AUTHORITY_TITLE:
            return (f"{self.authority} {self.authority_title.strip().upper()}", title)
        if self.authority == "Q.":
            return (f"Q. {title}",)
        return (title,)


def _signer(value: object) -> Signer:
    if isinstance(value, Signer):
        return value
    if isinstance(value, Mapping):
        return Signer(**_known(value, Signer, "signer"))
    raise SettingsError("“signer” phải là một bảng", f"signer must be a table, got {value!r}")


@attrs.frozen(kw_only=True)
class LetterSettings:
    """An office's settings for its letters and reports.

    ``issuing_body`` and ``parent_body`` left at ``None`` are taken from the report's
    metadata, else BẢO HIỂM XÃ HỘI VIỆT NAM under the superior body of the form in force on
    the document's date (BỘ TÀI CHÍNH from 1/3/2025, none before); ``parent_body=""`` forces
    no parent. ``distribution`` left at ``None`` is that form's too. ``symbol`` abbreviates
    the issuing body, ``unit_symbol`` the drafting unit: a report is numbered ``…/BC-BHXH``,
    a letter ``…/BHXH-TT``. ``date`` left at ``None`` is the report's ``generated_at``
    (Vietnam time).
    """

    issuing_body: str | None = attrs.field(default=None, validator=_optional_text)
    parent_body: str | None = attrs.field(default=None, validator=_optional_text)
    symbol: str = attrs.field(default="BHXH", validator=_nonempty)
    unit_symbol: str = attrs.field(default="TT", validator=_text)
    unit_name: str = attrs.field(default="Trung tâm Truyền thông", validator=_nonempty)
    short_name: str = attrs.field(default="BHXH Việt Nam", validator=_nonempty)
    place: str = attrs.field(default="Hà Nội", validator=_nonempty)
    number: str = attrs.field(default="", converter=_number, validator=_text)
    date: dt.date | None = attrs.field(default=None, converter=_date)
    recipients: tuple[str, ...] = attrs.field(
        default=("Bảo hiểm xã hội các tỉnh, thành phố trực thuộc Trung ương",), converter=_entries
    )
    distribution: tuple[str, ...] | None = attrs.field(default=None, converter=attrs.converters.optional(_entries))
    archive: str | None = attrs.field(default=None, validator=_optional_text)
    signer: Signer = attrs.field(factory=Signer, converter=_signer)

    def __attrs_post_init__(self) -> None:
        if not self.recipients:
            raise SettingsError("cần ít nhất một nơi nhận “Kính gửi”", "recipients must not be empty")

    @property
    def archive_text(self) -> str:
        """ "VT, TT": the clerical office (văn thư) and the drafting unit keep a copy."""
        if self.archive is not None:
            return self.archive.strip().rstrip(".")
        return ", ".join(p for p in ("VT", self.unit_symbol.strip()) if p)

    def distribution_on(self, day: dt.date) -> tuple[str, ...]:
        """ "Nơi nhận" besides the recipients: the settings', else the form's on ``day``."""
        return self.distribution if self.distribution is not None else form_on(day).distribution

    def parent_body_on(self, day: dt.date, metadata_parent: str | None = None) -> str:
        """The superior body line: the settings', else the report's, else the form's on ``day``."""
        for given in (self.parent_body, metadata_parent):
            if given is not None:
                return given
        return form_on(day).parent_body

    def replace(self, **changes: Any) -> LetterSettings:
        return attrs.evolve(self, **changes)


def _known(values: Mapping[str, Any], cls: type, where: str) -> dict[str, Any]:
    names = [f.name for f in attrs.fields(cls)]
    unknown = sorted(set(values) - set(names))
    if unknown:
        raise SettingsError(
            f"khóa không hợp lệ trong “{where}”: {', '.join(unknown)} (dùng: {', '.join(names)})",
            f"unknown keys in {where!r}: {unknown} (allowed: {names})",
        )
    return dict(values)


def settings_from_mapping(values: Mapping[str, Any], *, base: LetterSettings | None = None) -> LetterSettings:
    """Settings from plain data (a parsed TOML table), on top of ``base`` (default settings).

    The ``signer`` table is merged key by key with the base signer.
    """
    base = base or LetterSettings()
    changes = _known(values, LetterSettings, "settings")
    signer = changes.get("signer")
    if isinstance(signer, Mapping):
        changes["signer"] = attrs.evolve(base.signer, **_known(signer, Signer, "signer"))
    try:
        return attrs.evolve(base, **changes)
    except SettingsError:
        raise
    except (TypeError, ValueError) as exc:
        raise SettingsError(f"thiết lập không hợp lệ: {exc}", f"invalid settings: {exc}") from exc


def read_toml(path: Path | str) -> dict[str, Any]:
    """A TOML file as a dict; a missing or malformed file is a user error naming it."""
    path = Path(path)
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise SettingsError(f"không tìm thấy tệp {path}", f"file not found: {path}") from None
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(
            f"tệp {path} không đúng định dạng TOML: {exc}", f"{path} is not valid TOML: {exc}"
        ) from None


def load_settings(source: LetterSettings | Mapping[str, Any] | Path | str | None) -> LetterSettings:
    """Settings from a :class:`LetterSettings`, a mapping, or the path of a TOML file
    (``None``: the defaults)."""
    if source is None:
        return LetterSettings()
    if isinstance(source, LetterSettings):
        return source
    if isinstance(source, Mapping):
        return settings_from_mapping(source)
    path = Path(source)
    values = read_toml(path)
    try:
        return settings_from_mapping(values)
    except SettingsError as exc:
        raise SettingsError(f"{path}: {exc.message_vi}", f"{path}: {exc.message_en}") from None
