"""bhxh-comms-excel: the report of bhxh-comms as a print-ready Vietnamese Excel workbook.

>>> from bhxh_comms_excel import render   # render(report, destination, options) -> [path]
"""

from typing import TYPE_CHECKING

from bhxh_comms.plugin import lazy_attributes

if TYPE_CHECKING:
    from bhxh_comms_excel.writer import render, write_workbook

__version__ = "0.1.0"
__all__ = ["__version__", "render", "write_workbook"]
# Imported when used: registering the plugin (bhxh-comms --help) does not load xlsxwriter.
__getattr__ = lazy_attributes(__name__, dict.fromkeys(("render", "write_workbook"), "bhxh_comms_excel.writer"))
