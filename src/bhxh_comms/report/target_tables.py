"""The target tables of a Report — scorecard, folded results and summary — with the texts and
spreadsheet formulas every output uses."""

from __future__ import annotations

import pandas as pd

from bhxh_comms.aggregate.targets import TargetEvaluation
from bhxh_comms.models.catalog import Catalogs
from bhxh_comms.models.targets import TargetSet
from bhxh_comms.phrasing import format_percent
from bhxh_comms.report.formulas import met_formula, outcome_formula, share_formula, value_decided
from bhxh_comms.report.target_wording import (
    UNIT_WORD,
    below_heading,
    fold_note,
    requirement_text,
    target_words,
    with_result_texts,
    with_summary_texts,
    with_value_texts,
)


def _summary(evaluation: TargetEvaluation, targets: TargetSet, catalogs: Catalogs) -> pd.DataFrame:
    summary = with_summary_texts(evaluation.summary)
    words = [target_words(t, catalogs) for t in targets]
    bounds = [t.judged_bounds for t in targets]
    summary["requirement"] = [requirement_text(b.minimum, b.maximum, w) for b, w in zip(bounds, words, strict=True)]
    subs = [
        format_percent(t.sub_bounds_judged.minimum)
        if t.sub_bounds_judged is not None and t.sub_bounds_judged.minimum is not None
        else ""
        for t in targets
    ]
    summary["below_heading"] = [
        below_heading(w, r, sub) for w, r, sub in zip(words, summary["requirement"], subs, strict=True)
    ]
    summary["note"] = [fold_note(w) for w in words]
    decided = value_decided(evaluation.scorecard, evaluation.results, [t.id for t in targets])
    summary["outcome_formula"] = [
        outcome_formula(b.minimum, b.maximum) if d else "" for b, d in zip(bounds, decided, strict=True)
    ]
    summary["share_formula"] = [share_formula() if d else "" for d in decided]
    # The phrase is a formula only in its plain form ("31/34 tỉnh đạt": every unit evaluated).
    every = (summary["evaluated"] == summary["units"]).to_numpy()
    summary["met_formula"] = [met_formula(UNIT_WORD) if d and e else "" for d, e in zip(decided, every, strict=True)]
    return summary


def evaluation_tables(evaluation: TargetEvaluation, targets: TargetSet, catalogs: Catalogs) -> dict[str, pd.DataFrame]:
    """The three target tables of an evaluation, with their texts and formulas."""
    return {
        "scorecard": with_value_texts(evaluation.scorecard, targets, catalogs),
        "target_results": with_result_texts(evaluation.results, targets, catalogs),
        "target_summary": _summary(evaluation, targets, catalogs),
    }
