"""Everything a plugin needs, in one import: the Report and what it says, the formatting of
figures and dates, atomic writing, the hook marker and the types the hooks take (renderers,
unit sets, catalog entries, CLI commands).

    from bhxh_comms.plugin import OutputRenderer, Report, hookimpl, write_bytes_atomic

A renderer lays out what the Report holds — ``report.tables`` (figures) and
``report.statements`` (every sentence and figure text, decided by the core) — and never
computes a figure, a comparison or a target outcome itself. The bundled plugins import
nothing else from bhxh_comms (a test checks it). docs/plugins.md describes every name here.
"""

from typing import TYPE_CHECKING

from bhxh_comms.aggregate.kinds import TargetKind
from bhxh_comms.cli_command import CliCommand
from bhxh_comms.errors import BhxhCommsError, PluginError
from bhxh_comms.files import atomic_path, check_output_file, write_bytes_atomic
from bhxh_comms.lazy import LazyFunction, lazy_attributes
from bhxh_comms.markers import hookimpl
from bhxh_comms.models.catalog import ActivityType, CatalogEntry, Partner, SubjectGroup, Theme
from bhxh_comms.models.periods import Period
from bhxh_comms.models.targets import Bounds, Outcome, Selector, Target, TargetWording
from bhxh_comms.models.units import AdminUnit, UnitSet
from bhxh_comms.phrasing import (
    MISSING,
    format_date,
    format_number,
    format_percent,
    format_quantity,
    is_missing,
    place_date,
)
from bhxh_comms.render.renderer import OutputRenderer

if TYPE_CHECKING:  # imported on first use (pandas and the report): a plugin's entry point stays light
    from bhxh_comms.aggregate.target_context import EvaluationContext, classify, selector_mask
    from bhxh_comms.ingest.completeness import REPORTING_STATUS
    from bhxh_comms.render.builtin import table_records
    from bhxh_comms.report.facts import Comparison, Fact
    from bhxh_comms.report.metadata import (
        VIETNAM_TIME,
        ComparisonCoverage,
        ReportMetadata,
        pinned_time,
        vietnam_time,
    )
    from bhxh_comms.report.model import Report
    from bhxh_comms.report.sentences import comparison_phrase, phrase_fact
    from bhxh_comms.report.statements import (
        ActivityChanges,
        ActivityLine,
        ProvinceStatement,
        Statements,
        TargetResult,
        TargetStatement,
    )

_LAZY = {
    **dict.fromkeys(("EvaluationContext", "classify", "selector_mask"), "bhxh_comms.aggregate.target_context"),
    "REPORTING_STATUS": "bhxh_comms.ingest.completeness",
    "table_records": "bhxh_comms.render.builtin",
    **dict.fromkeys(("Comparison", "Fact"), "bhxh_comms.report.facts"),
    **dict.fromkeys(
        ("VIETNAM_TIME", "ComparisonCoverage", "ReportMetadata", "pinned_time", "vietnam_time"),
        "bhxh_comms.report.metadata",
    ),
    "Report": "bhxh_comms.report.model",
    **dict.fromkeys(("comparison_phrase", "phrase_fact"), "bhxh_comms.report.sentences"),
    **dict.fromkeys(
        ("ActivityChanges", "ActivityLine", "ProvinceStatement", "Statements", "TargetResult", "TargetStatement"),
        "bhxh_comms.report.statements",
    ),
}
__getattr__ = lazy_attributes(__name__, _LAZY)

__all__ = [
    "MISSING",
    "REPORTING_STATUS",
    "VIETNAM_TIME",
    "ActivityChanges",
    "ActivityLine",
    "ActivityType",
    "AdminUnit",
    "BhxhCommsError",
    "Bounds",
    "CatalogEntry",
    "CliCommand",
    "Comparison",
    "ComparisonCoverage",
    "EvaluationContext",
    "Fact",
    "LazyFunction",
    "Outcome",
    "OutputRenderer",
    "Partner",
    "Period",
    "PluginError",
    "ProvinceStatement",
    "Report",
    "ReportMetadata",
    "Selector",
    "Statements",
    "SubjectGroup",
    "Target",
    "TargetKind",
    "TargetResult",
    "TargetStatement",
    "TargetWording",
    "Theme",
    "UnitSet",
    "atomic_path",
    "check_output_file",
    "classify",
    "comparison_phrase",
    "format_date",
    "format_number",
    "format_percent",
    "format_quantity",
    "hookimpl",
    "is_missing",
    "lazy_attributes",
    "phrase_fact",
    "pinned_time",
    "place_date",
    "selector_mask",
    "table_records",
    "vietnam_time",
    "write_bytes_atomic",
]
