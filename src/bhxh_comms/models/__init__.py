"""Typed domain models: catalogs, units, periods, measures and targets."""

from bhxh_comms.models.catalog import (
    ActivityType,
    Catalog,
    CatalogEntry,
    Catalogs,
    Partner,
    SubjectGroup,
    Theme,
)
from bhxh_comms.models.measures import AggregationRule, Measure
from bhxh_comms.models.periods import AnnualCampaign, Campaign, Period, Phase
from bhxh_comms.models.targets import (
    Bounds,
    CommuneCoverageTarget,
    CountRangeTarget,
    HeadcountTarget,
    Outcome,
    PerPartnerTarget,
    ReachShareTarget,
    Selector,
    Target,
    TargetSet,
    TargetWording,
    WeeklyFrequencyTarget,
)
from bhxh_comms.models.units import AdminUnit, Resolution, UnitRegistry, UnitSet

__all__ = [
    "ActivityType",
    "AdminUnit",
    "AggregationRule",
    "AnnualCampaign",
    "Bounds",
    "Campaign",
    "Catalog",
    "CatalogEntry",
    "Catalogs",
    "CommuneCoverageTarget",
    "CountRangeTarget",
    "HeadcountTarget",
    "Measure",
    "Outcome",
    "Partner",
    "PerPartnerTarget",
    "Period",
    "Phase",
    "ReachShareTarget",
    "Resolution",
    "Selector",
    "SubjectGroup",
    "Target",
    "TargetSet",
    "TargetWording",
    "Theme",
    "UnitRegistry",
    "UnitSet",
    "WeeklyFrequencyTarget",
]
