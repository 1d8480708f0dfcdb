"""The Markdown renderer of docs/plugins.md, written from the docs alone, works on every case
a report can be in."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from bhxh_comms.plugin import OutputRenderer
from bhxh_comms.testing import check_renderer, sample_report

DOCS = Path(__file__).parents[1] / "docs" / "plugins.md"
CASES: dict[str, dict[str, Any]] = {
    "full": {},
    "no comparison": {"comparison": False},
    "no targets": {"targets": False},
    "no communes": {"communes": False},
    "3 of 34 reporting, thin comparison": {"reporting": 3, "thin_comparison": True},
}


def docs_renderer() -> OutputRenderer:
    text = DOCS.read_text(encoding="utf-8")
    section = text[text.index("## A renderer from this page alone: Markdown") :]
    code = re.search(r"```python\n(.*?)```", section, re.S)
    assert code is not None
    namespace: dict[str, Any] = {}
    exec(compile(code.group(1), str(DOCS), "exec"), namespace)
    (renderer,) = namespace["bhxh_comms_output_renderers"]()
    assert isinstance(renderer, OutputRenderer)
    return renderer


@pytest.mark.parametrize("case", list(CASES))
def test_the_documented_markdown_renderer(case: str, tmp_path: Path) -> None:
    report = sample_report(rows=300, **CASES[case])
    (path,) = check_renderer(docs_renderer(), report, tmp_path)
    text = path.read_text(encoding="utf-8")
    assert report.statements.national[0] in text
    assert "NaN" not in text and "nan" not in text.split()
    if report.statements.not_reported:
        assert "31 tỉnh chưa báo cáo" in text
    for note in report.statements.notes:
        assert note in text
