"""Folding of Vietnamese text for matching names typed in many ways."""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from collections.abc import Iterable

_SPACES = re.compile(r"[\s\-_.,;:/()]+")
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
"""What a spreadsheet program runs as a formula when a cell starts with it."""
# Prefixes people put in front of a province name; matched after folding.
_UNIT_PREFIXES = ("thanh pho ", "tinh ", "tp ")
# … and in front of a commune's ("Xã", "Phường", "P.", "Thị trấn", "TT", "Đặc khu").
_COMMUNE_PREFIXES = ("xa ", "phuong ", "thi tran ", "dac khu ", "p ", "tt ")


def format_characters(text: str) -> list[str]:
    """The invisible formatting characters in ``text`` (zero-width space, byte-order mark,
    direction marks…: Unicode category Cf), as ``U+200B`` codes, in order of appearance.

    >>> format_characters("Thái\u200bNguyên")
    ['U+200B']
    """
    if text.isascii():
        return []
    return list(dict.fromkeys(f"U+{ord(ch):04X}" for ch in text if unicodedata.category(ch) == "Cf"))


def strip_format_characters(text: str) -> str:
    """``text`` without invisible formatting characters (see :func:`format_characters`): a
    name pasted from a web page or a chat often carries them and looks identical."""
    if text.isascii():
        return text
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf")


class _Dropped(dict[int, int | None]):
    """Code point → itself, or None for combining marks and invisible formatting characters;
    filled as characters are met, so ``str.translate`` does the work in C."""

    def __missing__(self, key: int) -> int | None:
        char = chr(key)
        value = None if unicodedata.combining(char) or unicodedata.category(char) == "Cf" else key
        self[key] = value
        return value


_DROPPED = _Dropped()


@functools.lru_cache(maxsize=1 << 16)  # the same headers, names and labels come back in every file
def fold(text: str) -> str:
    """Lower-case, strip diacritics (đ → d), invisible formatting characters, and collapse
    punctuation and spaces.

    >>> fold("Tỉnh Bắc Kạn")
    'tinh bac kan'
    >>> fold("Bà Rịa - Vũng Tàu") == fold("ba ria vung tau")
    True
    >>> fold("Thái\u200bNguyên")
    'thainguyen'
    """
    if not text.isascii():
        text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D")).translate(_DROPPED)
    return _SPACES.sub(" ", text.lower()).strip()


def fold_unit_name(text: str) -> str:
    """Fold a unit name and drop a leading "Tỉnh", "Thành phố" or "TP" prefix."""
    folded = fold(text)
    for prefix in _UNIT_PREFIXES:
        if folded.startswith(prefix) and len(folded) > len(prefix):
            return folded[len(prefix) :]
    return folded


def fold_commune_name(text: str) -> str:
    """Fold a commune name and drop a leading "Xã", "Phường", "P.", "Thị trấn", "TT" or "Đặc khu".

    >>> fold_commune_name("P. Hồng Hà") == fold_commune_name("phuong hong ha") == "hong ha"
    True
    """
    folded = fold(text)
    for prefix in _COMMUNE_PREFIXES:
        if folded.startswith(prefix) and len(folded) > len(prefix):
            return folded[len(prefix) :]
    return folded


def closest(text: str, candidates: Iterable[str], *, cutoff: float = 0.6) -> str | None:
    """The candidate closest to ``text`` after folding, or ``None`` when none is near."""

    by_fold: dict[str, str] = {}
    for candidate in candidates:
        by_fold.setdefault(fold(candidate), candidate)
    match = difflib.get_close_matches(fold(text), list(by_fold), n=1, cutoff=cutoff)
    return by_fold[match[0]] if match else None


def slug(text: str) -> str:
    """A file-name part: folded, words joined by hyphens ("Thái Nguyên" → "thai-nguyen").

    >>> slug("Hồ Chí Minh")
    'ho-chi-minh'
    """
    return "-".join(fold(text).split()) or "khong-ro"
