"""Renderers only lay out: the bundled plugins import nothing of bhxh_comms but its plugin
surface, restate no rule of the core, and cannot change the Report they are given."""

from __future__ import annotations

import ast
import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import bhxh_comms
import bhxh_comms.plugin
from bhxh_comms import PluginError
from bhxh_comms.models.targets import TARGET_KINDS, Outcome
from bhxh_comms.plugin import OutputRenderer, Report, write_bytes_atomic
from bhxh_comms.testing import check_renderer, sample_report

PLUGINS = Path(__file__).parents[1] / "plugins"
SOURCES = sorted(PLUGINS.glob("*/src/**/*.py"))
RULE_WORDS = frozenset(TARGET_KINDS) | {o.value for o in Outcome} | {o.label_vi for o in Outcome}
"""Target kinds and outcome codes and labels: a plugin that names one is deciding what the core decides."""
BOUND_NAMES = ("minimum", "maximum", "bound")
"""A value compared with these is being judged against a target."""
SHARE_NAMES = ("previous", "before", "met", "evaluated")
"""A change, ratio or share computed from these restates a comparison or a target's share."""


def _words(node: ast.AST) -> set[str]:
    """The words of the names, attributes and strings in ``node`` ("count_previous" → count,
    previous)."""
    names = {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}
    names |= {n.attr for n in ast.walk(node) if isinstance(n, ast.Attribute)}
    names |= {c.value for c in ast.walk(node) if isinstance(c, ast.Constant) and isinstance(c.value, str)}
    return {word for name in names for word in name.lower().split("_")}


def _conditions(tree: ast.AST) -> list[ast.AST]:
    """The parts of ``tree`` that decide: tests of if/while/conditional expressions,
    comprehension filters, and what is counted by sum/any/all."""
    found: list[ast.AST] = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.If, ast.IfExp, ast.While)):
            found.append(node.test)
        elif isinstance(node, ast.comprehension):
            found += node.ifs
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("sum", "any", "all"):
            found += node.args
    return found


def restated_rules(source: str) -> list[str]:
    """Where ``source`` restates a rule of the core: a target-kind or outcome code or label as a
    string, a comparison with an ``Outcome`` member or a value against bounds, an outcome's
    ``met``/``evaluated``, a ``Comparison`` built, or a change, ratio or share computed from a
    previous figure or from counts of units met and evaluated."""
    tree = ast.parse(source)
    aliases = {"Outcome"} | {
        a.asname
        for n in ast.walk(tree)
        if isinstance(n, ast.ImportFrom)
        for a in n.names
        if a.name == "Outcome" and a.asname
    }
    found = []
    for node in ast.walk(tree):
        line = getattr(node, "lineno", 0)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in RULE_WORDS:
            found.append(f"line {line}: the rule word {node.value!r}")
        elif isinstance(node, ast.Compare):
            operands = [node.left, *node.comparators]
            if any(_is_outcome_member(o, aliases) for o in operands):
                found.append(f"line {line}: compares with an Outcome member")
            elif any(word in BOUND_NAMES for o in operands for word in _words(o)):
                found.append(f"line {line}: judges a value against a target's bounds")
        elif isinstance(node, ast.Call):
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            if name in ("Comparison", "comparison_of"):
                found.append(f"line {line}: builds a comparison ({name})")
        elif (
            isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Div, ast.Sub)) and _words(node) & set(SHARE_NAMES)
        ):
            found.append(f"line {line}: computes a change, ratio or share")
    for condition in _conditions(tree):
        for node in ast.walk(condition):
            if isinstance(node, ast.Attribute) and node.attr in ("met", "evaluated"):
                found.append(f"line {node.lineno}: decides with an outcome's {node.attr}")
    return found


def _is_outcome_member(node: ast.expr, aliases: set[str]) -> bool:
    """``Outcome.BELOW`` or ``Outcome.BELOW.value`` (under any name ``Outcome`` is imported as)."""
    while isinstance(node, ast.Attribute):
        if isinstance(node.value, ast.Name) and node.value.id in aliases:
            return True
        node = node.value
    return False


def test_the_plugins_are_found() -> None:
    assert {p.parts[len(PLUGINS.parts)] for p in SOURCES} == {"excel", "letter", "dashboard", "units-vn"}


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(PLUGINS)))
def test_plugins_import_only_the_plugin_surface(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    wrong = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "bhxh_comms":
            if node.module != "bhxh_comms.plugin":
                wrong.append(f"line {node.lineno}: from {node.module} import …")
        elif isinstance(node, ast.Import):
            wrong += [
                f"line {node.lineno}: import {a.name}" for a in node.names if a.name.split(".")[0] == "bhxh_comms"
            ]
    assert not wrong, f"{path.name} reaches past bhxh_comms.plugin: {wrong}"


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(PLUGINS)))
def test_plugins_restate_no_rule(path: Path) -> None:
    assert restated_rules(path.read_text(encoding="utf-8")) == [], path


@pytest.mark.parametrize(
    "planted",
    [
        'COUNT_KINDS = frozenset({"count_range", "per_partner"})',
        'met = outcome in ("within", "above")',
        "if outcome is Outcome.BELOW:\n    pass",
        "below = [r for r in rows if r['outcome'] == Outcome.BELOW.value]",
        "ratio = current / previous",
        "change = row['count'] - row['count_previous']",
        "c = Comparison(previous=1.0, period_label='năm 2025', change=1.0, percent_change=1.0, ratio=2.0)",
        'label = "chưa đạt" if value < minimum else "đạt"',
        "if value > row['maximum']:\n    pass",
        "share = met / evaluated",
        "growth = (now - before) / before",
        "from bhxh_comms.plugin import Outcome as O\nbad = cell is O.BELOW",
        "passed = [o for o in outcomes if o.met]",
        "counted = sum(o.evaluated for o in outcomes)",
    ],
)
def test_a_planted_restatement_is_caught(planted: str, tmp_path: Path) -> None:
    source = (PLUGINS / "letter/src/bhxh_comms_letter/context.py").read_text(encoding="utf-8")
    assert restated_rules(source) == []
    assert restated_rules(source + "\n\n" + planted + "\n"), planted


def test_the_surface_is_whole() -> None:
    missing = [name for name in bhxh_comms.plugin.__all__ if not hasattr(bhxh_comms.plugin, name)]
    assert not missing
    docs = (Path(__file__).parents[1] / "docs" / "plugins.md").read_text(encoding="utf-8")
    undocumented = [name for name in bhxh_comms.plugin.__all__ if f"`{name}" not in docs]
    assert not undocumented, f"not in docs/plugins.md: {undocumented}"


# --- a Report no renderer can change ---------------------------------------------------------


def _writes_count(report: Report, destination: Path, options: Mapping[str, Any]) -> Sequence[Path]:
    national = report.table("national")
    text = ",".join(str(int(v)) for v in national["count"])
    return [write_bytes_atomic(destination / "count.txt", text.encode())]


def _zeroes_count(report: Report, destination: Path, options: Mapping[str, Any]) -> Sequence[Path]:
    report.tables["national"]["count"] = 0  # a renderer that edits the shared report
    return _writes_count(report, destination, options)


def _zeroes_in_place(report: Report, destination: Path, options: Mapping[str, Any]) -> Sequence[Path]:
    report.tables["national"].loc[0, "count"] = 0
    return _writes_count(report, destination, options)


@pytest.fixture(scope="module")
def report() -> Report:
    return sample_report(rows=400)


@pytest.mark.parametrize("mutate", [_zeroes_count, _zeroes_in_place])
def test_a_renderer_that_changes_the_report_fails_and_changes_nothing(
    mutate: Any, report: Report, tmp_path: Path
) -> None:
    before = report.fingerprint()
    bad = OutputRenderer(name="bad", extension=".txt", description="zeroes counts", function=mutate)
    with pytest.raises(AssertionError, match="changed the report"):
        check_renderer(bad, report, tmp_path / "check")
    with pytest.raises(PluginError, match="national"):
        bad.render(report, tmp_path / "bad")
    assert report.fingerprint() == before
    good = OutputRenderer(name="good", extension=".txt", description="counts", function=_writes_count)
    (path,) = good.render(report, tmp_path / "good")
    assert path.read_text() == ",".join(str(int(v)) for v in report.table("national")["count"])
    assert path.read_text() != ",".join("0" for _ in report.table("national")["count"])


def test_fingerprint_sees_any_change(report: Report) -> None:
    copy = report.copy()
    assert copy.fingerprint() == report.fingerprint()
    assert copy.statements is report.statements  # equal tables say the same: not derived again
    assert all(copy.tables[n] is not report.tables[n] for n in report.tables)
    copy.tables["by_province"].iloc[3, copy.tables["by_province"].columns.get_loc("participants")] += 1
    assert copy.fingerprint() != report.fingerprint()


def test_statements_follow_an_evolved_report(report: Report) -> None:
    import attrs

    noted = attrs.evolve(report, metadata=attrs.evolve(report.metadata, notes=("Ghi chú mới",)))
    assert noted.statements.notes == ("Ghi chú mới",)


# --- sample_report's switches --------------------------------------------------------------------


def test_sample_report_switches() -> None:
    plain = sample_report(rows=300, comparison=False, targets=False, communes=False)
    assert plain.metadata.comparison_period is None
    assert "scorecard" not in plain.tables and not plain.statements.targets
    assert "by_commune" not in plain.tables
    assert all(line.change_text == "" for line in plain.statements.activities)

    thin = sample_report(rows=300, reporting=3, thin_comparison=True)
    assert thin.metadata.units_reporting == 3
    assert len(thin.statements.not_reported) == 31
    assert thin.metadata.comparison_coverage is not None and not thin.metadata.comparison_coverage.representative
    assert any("so sánh không đại diện" in n for n in thin.statements.notes)
    outcomes = set(thin.table("target_results")["outcome"])
    assert Outcome.NOT_REPORTED.value in outcomes
    assert thin.metadata.generated_at == dt.datetime(2026, 1, 15, 8, 0, tzinfo=dt.UTC)


def test_sample_report_is_reproducible() -> None:
    assert sample_report(rows=300, reporting=5).fingerprint() == sample_report(rows=300, reporting=5).fingerprint()


def test_report_tables_are_data_frames(report: Report) -> None:
    assert all(isinstance(t, pd.DataFrame) for t in report.tables.values())
    assert bhxh_comms.plugin.Report is bhxh_comms.Report
