"""Vietnam's commune-level unit sets for bhxh-comms, from the ``vietnamadminunits`` data.

Nothing is read (and ``sqlite3`` is not imported) until the sets are asked for.
"""

from __future__ import annotations

from typing import Any

__all__ = ["LEGACY_SET_ID", "NEW_SET_ID", "commune_sets"]

NEW_SET_ID = "vn-communes-2025"
LEGACY_SET_ID = "vn-communes-legacy"


def __getattr__(name: str) -> Any:
    if name == "commune_sets":
        from bhxh_comms_units_vn.dataset import commune_sets

        return commune_sets
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
