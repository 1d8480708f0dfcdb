"""Folding of Vietnamese text for matching names typed in many ways."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable

_SPACES = re.compile(r"[\s\-_.,;:/()]+")
# Prefixes people put in front of a province name; matched after folding.
_UNIT_PREFIXES = ("thanh pho ", "tinh ", "tp ")


def fold(text: str) -> str:
    """Lower-case, strip diacritics (đ → d) and collapse punctuation and spaces.

    >>> fold("Tỉnh Bắc Kạn")
    'tinh bac kan'
    >>> fold("Bà Rịa - Vũng Tàu") == fold("ba ria vung tau")
    True
    """
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped.lower()).strip()


def fold_unit_name(text: str) -> str:
    """Fold a unit name and drop a leading "Tỉnh", "Thành phố" or "TP" prefix."""
    folded = fold(text)
    for prefix in _UNIT_PREFIXES:
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
