"""A sub-command a plugin adds to the ``bhxh-comms`` command line."""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable

import attrs

from bhxh_comms.models import _validators as v

_NAME = re.compile(r"^[a-z][a-z0-9-]*$")


def _name(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str) or not _NAME.match(value):
        raise ValueError(f"command name {value!r}: use lower-case letters, digits and '-'")


@attrs.frozen(kw_only=True)
class CliCommand:
    """``configure(parser)`` adds the arguments; ``run(args)`` does the work and returns the exit code."""

    name: str = attrs.field(validator=_name)
    help: str = attrs.field(validator=v.text)
    configure: Callable[[argparse.ArgumentParser], None] = attrs.field(validator=attrs.validators.is_callable())
    run: Callable[[argparse.Namespace], int] = attrs.field(validator=attrs.validators.is_callable())
