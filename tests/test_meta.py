"""Meta-tests: every hook is prefixed, typed, documented with an example and tested; doctests pass."""

from __future__ import annotations

import doctest
import importlib
import inspect
import pkgutil
from pathlib import Path

import pytest

import bhxh_comms
from bhxh_comms import hookspecs

HOOKS = [name for name, obj in vars(hookspecs).items() if inspect.isfunction(obj) and hasattr(obj, "bhxh_comms_spec")]


def test_there_are_hooks() -> None:
    assert set(HOOKS) == {
        "bhxh_comms_output_renderers",
        "bhxh_comms_unit_sets",
        "bhxh_comms_catalog_entries",
        "bhxh_comms_cli_commands",
        "bhxh_comms_target_kinds",
    }


@pytest.mark.parametrize("name", HOOKS)
def test_hook_is_prefixed_typed_documented_and_tested(name: str) -> None:
    spec = getattr(hookspecs, name)
    assert name.startswith("bhxh_comms_")
    assert "return" in spec.__annotations__, f"{name} has no return annotation"
    doc = inspect.getdoc(spec) or ""
    assert "Example::" in doc and "@hookimpl" in doc, f"{name} has no example in its docstring"
    tests = "\n".join(
        p.read_text(encoding="utf-8") for p in Path(__file__).parent.rglob("*.py") if p.name != "test_meta.py"
    )
    assert f"def {name}(" in tests, f"no test implements {name}"
    docs = (Path(__file__).parents[1] / "docs" / "plugins.md").read_text(encoding="utf-8")
    assert name in docs, f"{name} is not in docs/plugins.md"


def _modules() -> list[str]:
    return [
        m.name for m in pkgutil.walk_packages(bhxh_comms.__path__, "bhxh_comms.") if not m.name.endswith("__main__")
    ]


@pytest.mark.parametrize("module_name", _modules())
def test_doctests(module_name: str) -> None:
    module = importlib.import_module(module_name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0
