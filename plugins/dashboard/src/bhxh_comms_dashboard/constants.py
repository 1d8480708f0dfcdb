"""Names and symbols of the dashboard's data: the schema, the national view's key, the measure of
all attendances, and how outcomes and reporting statuses are shown without colour."""

from __future__ import annotations

from bhxh_comms.plugin import REPORTING_STATUS, Outcome

SCHEMA = "bhxh-comms-dashboard/1"
NATIONAL = "all"
"""Key of the national view in ``views`` (province codes are the other keys)."""
PARTICIPANTS = "participants"
"""Measure code of attendances summed over every activity type."""

# Legend of the scorecard: order, symbol and colour class. The symbol and the text label make
# the outcome readable without colour.
OUTCOME_ORDER = (Outcome.BELOW, Outcome.WITHIN, Outcome.ABOVE, Outcome.NOT_EVALUABLE, Outcome.NOT_REPORTED)
OUTCOME_SYMBOLS = {
    Outcome.BELOW: "✗",
    Outcome.WITHIN: "✓",
    Outcome.ABOVE: "▲",
    Outcome.NOT_EVALUABLE: "–",
    Outcome.NOT_REPORTED: "○",
}
STATUS_SYMBOLS = {"reported": "✓", "late": "!", "missing": "✗"}
COMPLETENESS_STATUS = tuple((code, STATUS_SYMBOLS[code], text) for code, text in REPORTING_STATUS.items())
