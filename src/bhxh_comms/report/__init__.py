"""The Report that output plugins render: metadata, named tables, facts and statements."""

from bhxh_comms.report.facts import Comparison, Fact
from bhxh_comms.report.metadata import ComparisonCoverage, ReportMetadata
from bhxh_comms.report.model import Report
from bhxh_comms.report.statements import (
    ActivityChanges,
    ActivityLine,
    ProvinceStatement,
    Statements,
    TargetResult,
    TargetStatement,
)

__all__ = [
    "ActivityChanges",
    "ActivityLine",
    "Comparison",
    "ComparisonCoverage",
    "Fact",
    "ProvinceStatement",
    "Report",
    "ReportMetadata",
    "Statements",
    "TargetResult",
    "TargetStatement",
]
