"""From a scorecard to one outcome per unit and target, and to the share of units that meet
each target: the rules every output states, decided here once.

A unit with several scorecard rows for a target (one per partner for a per-partner target)
has one outcome: ``not_reported`` when it did not report; ``not_evaluable`` when no row can be
evaluated; ``below`` when any evaluable row is below; ``above`` when every evaluable row is
above; ``within`` otherwise. A unit meets the target when its outcome is within or above.
Shares are stated over the units evaluated: units that did not report or could not be
evaluated are counted apart, never as failing.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from bhxh_comms.models.targets import Outcome, TargetSet

MET = tuple(o.value for o in Outcome if o.met)
EVALUATED = tuple(o.value for o in Outcome if o.evaluated)
RESULT_COLUMNS = (
    "target",
    "target_label",
    "kind",
    "value_kind",
    "province",
    "province_name",
    "rows",
    "met_rows",
    "value",
    "minimum",
    "maximum",
    "sub_value",
    "sub_minimum",
    "sub_period",
    "outcome",
    "outcome_vi",
    "reason",
)
SUMMARY_COLUMNS = (
    "target",
    "target_label",
    "kind",
    "value_kind",
    "units",
    "reported",
    "not_reported",
    "evaluated",
    "not_evaluable",
    "met",
    "below",
    "above",
    "share_met",
    "reason",
)


def fold_outcomes(scorecard: pd.DataFrame) -> pd.DataFrame:
    """One row per target × unit, in the scorecard's order. ``value`` is the row's value for
    a unit with one row; for several rows (partners) it is NaN and ``met_rows``/``rows`` say
    how many meet the target; ``reason`` joins the distinct reasons."""
    if not len(scorecard):
        return pd.DataFrame({c: pd.Series(dtype=object) for c in RESULT_COLUMNS})
    outcome = scorecard["outcome"].astype(str)
    frame = scorecard.assign(
        _key=scorecard["target"].astype(str) + "\x00" + scorecard["province"].astype(str),
        _met=outcome.isin(MET).to_numpy(),
        _evaluable=outcome.isin(EVALUATED).to_numpy(),
        _below=(outcome == Outcome.BELOW.value).to_numpy(),
        _above=(outcome == Outcome.ABOVE.value).to_numpy(),
        _not_reported=(outcome == Outcome.NOT_REPORTED.value).to_numpy(),
    )
    grouped = frame.groupby("_key", sort=False)
    first = grouped.first()
    counts = grouped.agg(
        rows=("_met", "size"),
        met_rows=("_met", "sum"),
        evaluable=("_evaluable", "sum"),
        below=("_below", "sum"),
        above=("_above", "sum"),
        not_reported=("_not_reported", "sum"),
    )
    reasons = grouped["reason"].agg(lambda r: "; ".join(dict.fromkeys(str(x) for x in r if isinstance(x, str) and x)))
    folded = np.select(
        [
            counts["not_reported"].to_numpy() > 0,
            counts["evaluable"].to_numpy() == 0,
            counts["below"].to_numpy() > 0,
            counts["above"].to_numpy() == counts["evaluable"].to_numpy(),
        ],
        [Outcome.NOT_REPORTED.value, Outcome.NOT_EVALUABLE.value, Outcome.BELOW.value, Outcome.ABOVE.value],
        default=Outcome.WITHIN.value,
    )
    single = counts["rows"].to_numpy() == 1
    out = pd.DataFrame(
        {
            "target": first["target"].to_numpy(dtype=object),
            "target_label": first["target_label"].to_numpy(dtype=object),
            "kind": first["kind"].to_numpy(dtype=object),
            "value_kind": first["value_kind"].to_numpy(dtype=object),
            "province": first["province"].astype(str).to_numpy(dtype=object),
            "province_name": first["province_name"].to_numpy(dtype=object),
            "rows": counts["rows"].to_numpy(dtype=np.int64),
            "met_rows": counts["met_rows"].to_numpy(dtype=np.int64),
            "value": np.where(single, first["value"].to_numpy(dtype=np.float64), np.nan),
            "minimum": first["minimum"].to_numpy(dtype=np.float64),
            "maximum": first["maximum"].to_numpy(dtype=np.float64),
            "sub_value": np.where(single, first["sub_value"].to_numpy(dtype=np.float64), np.nan),
            "sub_minimum": first["sub_minimum"].to_numpy(dtype=np.float64),
            "sub_period": first["sub_period"].where(single, None).to_numpy(dtype=object),
            "outcome": folded.astype(object),
            "reason": reasons.to_numpy(dtype=object),
        }
    )
    out["outcome_vi"] = out["outcome"].map({o.value: o.label_vi for o in Outcome})
    return out[list(RESULT_COLUMNS)]


def summarize(results: pd.DataFrame, targets: TargetSet) -> pd.DataFrame:
    """Per target: units, how many reported, were evaluated, met it, were below or above it,
    and the share met among those evaluated (NaN when none was). ``reason`` is the most
    frequent reason why reporting units could not be evaluated."""
    rows = []
    for target in targets:
        part = results[results["target"] == target.id]
        outcome = part["outcome"].astype(str)
        not_evaluable = part.loc[outcome == Outcome.NOT_EVALUABLE.value, "reason"].astype(str)
        counts = {o: int((outcome == o.value).sum()) for o in Outcome}
        evaluated = sum(n for o, n in counts.items() if o.evaluated)
        met = sum(n for o, n in counts.items() if o.met)
        rows.append(
            {
                "target": target.id,
                "target_label": target.label,
                "kind": target.kind,
                "value_kind": target.value_kind,
                "units": len(part),
                "reported": len(part) - counts[Outcome.NOT_REPORTED],
                "not_reported": counts[Outcome.NOT_REPORTED],
                "evaluated": evaluated,
                "not_evaluable": counts[Outcome.NOT_EVALUABLE],
                "met": met,
                "below": counts[Outcome.BELOW],
                "above": counts[Outcome.ABOVE],
                "share_met": met / evaluated if evaluated else np.nan,
                "reason": not_evaluable.mode().iloc[0] if len(not_evaluable) else "",
            }
        )
    if not rows:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in SUMMARY_COLUMNS})
    return pd.DataFrame(rows, columns=list(SUMMARY_COLUMNS))
