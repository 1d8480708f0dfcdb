"""A sub-command a plugin adds to the ``bhxh-comms`` command line."""

from __future__ import annotations

import argparse
from collections.abc import Callable

import attrs

from bhxh_comms.models import _validators as v


@attrs.frozen(kw_only=True)
class CliCommand:
    """``configure(parser)`` adds the arguments; ``run(args)`` does the work and returns the exit code."""

    name: str = attrs.field(validator=v.slug)
    help: str = attrs.field(validator=v.text)
    configure: Callable[[argparse.ArgumentParser], None] = attrs.field(validator=attrs.validators.is_callable())
    run: Callable[[argparse.Namespace], int] = attrs.field(validator=attrs.validators.is_callable())
