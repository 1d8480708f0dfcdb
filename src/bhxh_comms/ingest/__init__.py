"""Reading province reports: template, sources, validation, rejects, submissions, the national store."""

from bhxh_comms.ingest.logfile import read_log, write_log
from bhxh_comms.ingest.reader import read_reports
from bhxh_comms.ingest.rejects import write_rejects, write_rejects_by_province
from bhxh_comms.ingest.result import IngestResult
from bhxh_comms.ingest.sources import FileProblem
from bhxh_comms.ingest.store import Store, StoreError, StoreIngest
from bhxh_comms.ingest.template import write_template

__all__ = [
    "FileProblem",
    "IngestResult",
    "Store",
    "StoreError",
    "StoreIngest",
    "read_log",
    "read_reports",
    "write_log",
    "write_rejects",
    "write_rejects_by_province",
    "write_template",
]
