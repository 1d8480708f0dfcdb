"""The dashboard's data: every figure the page shows, already phrased in Vietnamese.

:func:`build_dashboard_data` turns a :class:`~bhxh_comms.plugin.Report` into one plain,
JSON-ready mapping (the schema is documented in ``docs/dashboard.md``), so the browser only
picks strings and never formats a number. Sentences, comparisons, target results and
reporting status are the core's (``report.statements``, ``target_results``,
``target_summary``); the views (:mod:`bhxh_comms_dashboard.views`) and panels
(:mod:`bhxh_comms_dashboard.panels`) arrange them into cards, tables and chart rows.
"""

from __future__ import annotations

from typing import Any

from bhxh_comms.plugin import Report
from bhxh_comms_dashboard import specs
from bhxh_comms_dashboard._version import __version__
from bhxh_comms_dashboard.constants import NATIONAL, SCHEMA
from bhxh_comms_dashboard.panels import (
    completeness_panel,
    map_panel,
    measure_list,
    monthly_panel,
    ranking_panel,
    scorecard_panel,
)
from bhxh_comms_dashboard.records import Context, metadata_record
from bhxh_comms_dashboard.views import national_view, province_view

__all__ = ["NATIONAL", "SCHEMA", "build_dashboard_data"]


def build_dashboard_data(report: Report) -> dict[str, Any]:
    """The dashboard's data and chart specifications for ``report`` (plain JSON-ready values,
    in a stable key order)."""
    ctx = Context(report)
    measures = measure_list(ctx)
    scorecard = scorecard_panel(ctx)
    completeness = completeness_panel(ctx)
    views: dict[str, Any] = {NATIONAL: national_view(ctx, scorecard, completeness)}
    for province in ctx.provinces:
        views[province["code"]] = province_view(ctx, province, scorecard, completeness)
    return {
        "schema": SCHEMA,
        "generator": f"bhxh-comms-dashboard {__version__}",
        "metadata": metadata_record(report),
        "activity_types": ctx.activity_types,
        "provinces": ctx.provinces,
        "measures": measures,
        "views": views,
        "ranking": ranking_panel(ctx, measures),
        "map": map_panel(ctx),
        "monthly": monthly_panel(ctx, measures),
        "scorecard": scorecard,
        "completeness": completeness,
        "charts": specs.chart_specs(),
    }
