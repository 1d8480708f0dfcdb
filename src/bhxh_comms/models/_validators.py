"""attrs validators shared by the models."""

from __future__ import annotations

import re
from typing import Any

import attrs

_CODE = re.compile(r"^[a-z][a-z0-9_]*$")


def code(instance: Any, attribute: attrs.Attribute[Any], value: object) -> None:
    """A catalog code: lower-case ASCII letters, digits and ``_``, starting with a letter."""
    if not isinstance(value, str) or not _CODE.match(value):
        raise ValueError(
            f"{attribute.name}: {value!r} is not a valid code "
            "(lower-case letters, digits and '_', starting with a letter)"
        )


def text(instance: Any, attribute: attrs.Attribute[Any], value: object) -> None:
    """A non-blank string."""
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{attribute.name}: must be a non-empty text, got {value!r}")


def optional_text(instance: Any, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        text(instance, attribute, value)


def str_tuple(value: Any) -> tuple[str, ...]:
    """Converter: accept any iterable of strings (but not a bare string) as a tuple."""
    if isinstance(value, str):
        raise TypeError(f"expected a list of texts, got the text {value!r}")
    return tuple(value)


def unique_codes(instance: Any, attribute: attrs.Attribute[Any], value: tuple[Any, ...]) -> None:
    seen: set[str] = set()
    for item in value:
        item_code = item if isinstance(item, str) else item.code
        if item_code in seen:
            raise ValueError(f"{attribute.name}: code {item_code!r} appears twice")
        seen.add(item_code)


_SLUG = re.compile(r"^[a-z][a-z0-9-]*$")


def slug(instance: Any, attribute: attrs.Attribute[Any], value: object) -> None:
    """A name typed on the command line: lower-case letters, digits and ``-``."""
    if not isinstance(value, str) or not _SLUG.match(value):
        raise ValueError(f"{attribute.name} {value!r}: use lower-case letters, digits and '-'")
