"""The Report that output plugins render: metadata, named tables and narrative facts."""

from bhxh_comms.report.model import Comparison, Fact, Report, ReportMetadata

__all__ = ["Comparison", "Fact", "Report", "ReportMetadata"]
