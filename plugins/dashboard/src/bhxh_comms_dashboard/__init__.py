"""bhxh-comms-dashboard: an offline, embeddable HTML dashboard of a bhxh-comms report.

Bảng điều khiển số liệu truyền thông BHXH chạy ngoại tuyến, nhúng được vào trang khác.

The renderer ``dashboard`` (registered through the ``bhxh_comms`` entry point) writes
``dashboard.html`` (standalone), ``dashboard-fragment.html`` (one ``<div class="bhxh-dash">`` to
put in a host page) and ``dashboard.json`` (the data and the Vega-Lite specifications).
"""

from typing import TYPE_CHECKING

from bhxh_comms.plugin import lazy_attributes
from bhxh_comms_dashboard._version import __version__

if TYPE_CHECKING:
    from bhxh_comms_dashboard.data import SCHEMA, build_dashboard_data
    from bhxh_comms_dashboard.render import OUTPUTS, render_dashboard

__all__ = ["OUTPUTS", "SCHEMA", "__version__", "build_dashboard_data", "render_dashboard"]
# Imported when used: registering the plugin (bhxh-comms --help) does not load pandas.
__getattr__ = lazy_attributes(
    __name__,
    {
        **dict.fromkeys(("SCHEMA", "build_dashboard_data"), "bhxh_comms_dashboard.data"),
        **dict.fromkeys(("OUTPUTS", "render_dashboard"), "bhxh_comms_dashboard.render"),
    },
)
