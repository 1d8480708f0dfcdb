"""Entry point of the ``bhxh_comms`` group: contributes the commune-level unit sets.

Importing this module costs nothing: the data is read when bhxh-comms first asks for its
unit sets (validation, aggregation, ``bhxh-comms unit``), and once per process.
"""

from __future__ import annotations

from collections.abc import Iterable

from bhxh_comms.plugin import UnitSet, hookimpl


@hookimpl
def bhxh_comms_unit_sets() -> Iterable[UnitSet]:
    from bhxh_comms_units_vn.dataset import commune_sets

    return commune_sets()
