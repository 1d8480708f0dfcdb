"""Importing on first use: a function named by its module, and lazy module attributes.

``bhxh-comms --help`` and ``bhxh-comms plugins`` load every plugin to list what it adds, but
render nothing: a plugin registers its renderers and commands with :class:`LazyFunction`, so
pandas, the Word and Excel libraries are imported only by the command that uses them.

>>> dumps = LazyFunction("json:dumps")
>>> dumps([1, 2])
'[1, 2]'
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any

import attrs


@attrs.frozen
class LazyFunction:
    """``"package.module:function"``, imported when first called (or :meth:`resolve`-d)."""

    target: str = attrs.field()
    _found: list[Callable[..., Any]] = attrs.field(factory=list, init=False, eq=False, repr=False)

    @target.validator
    def _check(self, attribute: attrs.Attribute[str], value: str) -> None:
        module, _, name = value.partition(":")
        if not module or not name:
            raise ValueError(f"a lazy function is 'module:name', not {value!r}")

    def resolve(self) -> Callable[..., Any]:
        if not self._found:
            module, _, name = self.target.partition(":")
            found = importlib.import_module(module)
            for part in name.split("."):
                found = getattr(found, part)
            self._found.append(found)  # type: ignore[arg-type]
        return self._found[0]

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.resolve()(*args, **kwargs)


def lazy_attributes(module_name: str, names: Mapping[str, str]) -> Callable[[str], Any]:
    """A module ``__getattr__`` (PEP 562) importing ``names`` (attribute → defining module)
    when first asked for."""

    def __getattr__(name: str) -> Any:
        if name in names:
            return getattr(importlib.import_module(names[name]), name)
        raise AttributeError(f"module {module_name!r} has no attribute {name!r}")

    return __getattr__
