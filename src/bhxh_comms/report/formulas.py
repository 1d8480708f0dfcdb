"""The rules of a target's outcome and of the share of units meeting it, written as spreadsheet
formulas, so that a workbook judges an edited value as the core does.

The core decides where a formula may stand: only where a unit's value and the target's bounds
alone decide its outcome (one row per unit, no sub-condition); elsewhere the outcome stays the
core's text. ``{cell}`` and ``{range}`` are filled in by the renderer with its cell references.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd

from bhxh_comms.models.targets import Outcome


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def outcome_formula(minimum: float | None, maximum: float | None) -> str:
    """``=IF({cell}<10,"chưa đạt",IF({cell}>12,"vượt","đạt"))``: the bounds' three-way rule.

    >>> outcome_formula(10, 12)
    '=IF({cell}<10,"chưa đạt",IF({cell}>12,"vượt","đạt"))'
    """
    result = _quoted(Outcome.WITHIN.label_vi)
    if maximum is not None and math.isfinite(maximum):
        result = f"IF({{cell}}>{maximum:.15g},{_quoted(Outcome.ABOVE.label_vi)},{result})"
    if minimum is not None and math.isfinite(minimum):
        result = f"IF({{cell}}<{minimum:.15g},{_quoted(Outcome.BELOW.label_vi)},{result})"
    return "=" + result


def share_formula() -> str:
    """The share of units meeting a target among those evaluated, over a range of outcome texts:
    ``=IFERROR((COUNTIF({range},"đạt")+…)/(COUNTIF({range},"chưa đạt")+…),"-")``."""
    met = "+".join(f"COUNTIF({{range}},{_quoted(o.label_vi)})" for o in Outcome if o.met)
    evaluated = "+".join(f"COUNTIF({{range}},{_quoted(o.label_vi)})" for o in Outcome if o.evaluated)
    return f'=IFERROR(({met})/({evaluated}),"-")'


def met_formula(unit_word: str) -> str:
    """The count of units meeting a target, as the summary phrase writes it when every unit was
    evaluated ("31/34 tỉnh đạt"), over a range of outcome texts:
    ``=(COUNTIF({range},"đạt")+COUNTIF({range},"vượt"))&"/"&ROWS({range})&" tỉnh đạt"``."""
    met = "+".join(f"COUNTIF({{range}},{_quoted(o.label_vi)})" for o in Outcome if o.met)
    return f'=({met})&"/"&ROWS({{range}})&{_quoted(f" {unit_word} đạt")}'


def value_decided(scorecard: pd.DataFrame, results: pd.DataFrame, targets: Sequence[str]) -> list[bool]:
    """Per target: whether each unit's outcome follows from its value and the target's bounds
    alone — one scorecard row per unit, no sub-condition, the same bounds for every unit."""
    decided = []
    for target in targets:
        rows = scorecard[scorecard["target"] == target]
        folded = results[results["target"] == target]
        bounds = rows[["minimum", "maximum"]].drop_duplicates()
        decided.append(
            bool(len(rows))
            and bool((folded["rows"] == 1).all())
            and bool(rows["value_decides"].all())
            and len(bounds) == 1
        )
    return decided
