"""Reading province reports: template, sources, validation, rejects, resubmission, completeness."""

from bhxh_comms.ingest.log import ActivityLog, Replacement, Submission
from bhxh_comms.ingest.logfile import read_log, write_log
from bhxh_comms.ingest.reader import read_reports
from bhxh_comms.ingest.rejects import write_rejects, write_rejects_by_province
from bhxh_comms.ingest.result import IngestResult
from bhxh_comms.ingest.sources import FileProblem
from bhxh_comms.ingest.template import write_template

__all__ = [
    "ActivityLog",
    "FileProblem",
    "IngestResult",
    "Replacement",
    "Submission",
    "read_log",
    "read_reports",
    "write_log",
    "write_rejects",
    "write_rejects_by_province",
    "write_template",
]
