"""bhxh-comms-excel: the report of bhxh-comms as a print-ready Vietnamese Excel workbook.

>>> from bhxh_comms_excel import render   # render(report, destination, options) -> [path]
"""

from bhxh_comms_excel.writer import render, write_workbook

__version__ = "0.1.0"
__all__ = ["__version__", "render", "write_workbook"]
