"""bhxh-comms: the public-communication work of Vietnam Social Security as code.

Thống kê, tổng hợp và báo cáo kết quả công tác thông tin, truyền thông của ngành BHXH.
"""

from typing import TYPE_CHECKING

from bhxh_comms.cli_command import CliCommand
from bhxh_comms.datafiles import (
    campaigns_in,
    default_campaigns,
    default_catalogs,
    default_targets,
    default_units,
    load_campaigns,
    load_catalogs,
    load_targets,
    load_unit_set,
)
from bhxh_comms.errors import BhxhCommsError, CatalogError, InputError, PluginError, UnitError
from bhxh_comms.lazy import lazy_attributes
from bhxh_comms.markers import hookimpl
from bhxh_comms.models import *  # noqa: F403 - the models are the public API
from bhxh_comms.models import __all__ as _models_all
from bhxh_comms.plugin_manager import PluginManager, get_plugin_manager
from bhxh_comms.render.renderer import OutputRenderer

if TYPE_CHECKING:
    from bhxh_comms.report import Comparison, Fact, Report, ReportMetadata

# The report (and with it pandas) is imported when first used: `bhxh-comms --help` need not.
__getattr__ = lazy_attributes(
    __name__, dict.fromkeys(("Comparison", "Fact", "Report", "ReportMetadata"), "bhxh_comms.report")
)

__version__ = "0.1.0"

__all__ = [
    *_models_all,
    "BhxhCommsError",
    "CatalogError",
    "CliCommand",
    "Comparison",
    "Fact",
    "InputError",
    "OutputRenderer",
    "PluginError",
    "PluginManager",
    "Report",
    "ReportMetadata",
    "UnitError",
    "__version__",
    "campaigns_in",
    "default_campaigns",
    "default_catalogs",
    "default_targets",
    "default_units",
    "get_plugin_manager",
    "hookimpl",
    "load_campaigns",
    "load_catalogs",
    "load_targets",
    "load_unit_set",
]
