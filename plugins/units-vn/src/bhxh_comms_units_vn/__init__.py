"""Vietnam's commune-level unit sets for bhxh-comms, from the ``vietnamadminunits`` data."""

from bhxh_comms_units_vn.dataset import LEGACY_SET_ID, NEW_SET_ID, commune_sets

__all__ = ["LEGACY_SET_ID", "NEW_SET_ID", "commune_sets"]
