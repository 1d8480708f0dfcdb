"""The believable synthetic year (bundled example's data): each target's spread as asked, the
rows valid, the same seed the same rows."""

from __future__ import annotations

import pandas as pd
import pytest

import bhxh_comms
from bhxh_comms import pipeline, synthetic
from bhxh_comms.datafiles import default_targets
from bhxh_comms.models.periods import Period
from bhxh_comms.synthetic_year import Spread, year_activities

pytestmark = pytest.mark.skipif(
    not bhxh_comms.get_plugin_manager().units().has_communes,
    reason="needs the commune lists (pip install ./plugins/units-vn)",
)

SPREADS = {
    "enterprise_conferences": Spread(below=0.1, above=0.2),
    "broadcast_weekly": Spread(below=0.5),
    "labor_force_reach": Spread(below=0.3),
}


def generate(denominators: pd.DataFrame) -> pd.DataFrame:
    pm = bhxh_comms.get_plugin_manager()
    return year_activities(
        units=pm.units(),
        catalogs=pm.catalogs(),
        targets=default_targets(),
        denominators=denominators,
        period=Period.year(2025),
        seed=3,
        spreads=SPREADS,
        missing=("11",),
    )


@pytest.fixture(scope="module")
def year() -> tuple[pd.DataFrame, pd.DataFrame]:
    denominators = synthetic.denominators(bhxh_comms.get_plugin_manager().units().get("vn-34"), seed=7)
    return generate(denominators), denominators


def test_each_target_has_the_spread_asked(year: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    frame, denominators = year
    pm = bhxh_comms.get_plugin_manager()
    result = pipeline.run(
        [frame],
        year=2025,
        pm=pm,
        denominators=denominators.drop(columns="communes").set_index("province"),
    )
    assert len(result.ingest.rejected) == 0  # every generated row is valid, none a duplicate
    results = result.report.table("target_results")
    outcomes = results.groupby(["target", "outcome"]).size().unstack(fill_value=0)
    reported = 33  # Điện Biên sent nothing
    assert (outcomes["not_reported"] == 1).all()
    for target in default_targets().targets:
        spread = SPREADS.get(target.id, Spread())
        row = outcomes.loc[target.id]
        expected_below = round(spread.below * reported)
        if target.id == "broadcast_weekly":
            # a province with a commune nothing before 1/7/2025 went into cannot have every week
            assert row["below"] >= expected_below
        else:
            assert row["below"] == expected_below, target.id
        if target.judged_bounds.maximum is not None and target.id != "broadcast_weekly":
            assert row.get("above", 0) == round(spread.above * reported), target.id
        assert row["below"] + row.get("within", 0) + row.get("above", 0) == reported


def test_rows_before_the_reorganisation_are_under_the_units_of_their_day(
    year: tuple[pd.DataFrame, pd.DataFrame],
) -> None:
    frame, _ = year
    units = bhxh_comms.get_plugin_manager().units()
    before = frame["date"] < pd.Timestamp(2025, 7, 1)
    assert set(frame.loc[before, "unit_set"].astype(str)) == {"vn-63"}
    assert set(frame.loc[~before, "unit_set"].astype(str)) == {"vn-34"}
    old_communes = set(units.get("vn-communes-legacy").codes)
    new_communes = set(units.get("vn-communes-2025").codes)
    assert set(frame.loc[before, "commune"].dropna()) <= old_communes
    assert set(frame.loc[~before, "commune"].dropna()) <= new_communes
    # Điện Biên (11 before and after) has no row at all
    assert not (frame["province"].astype(str) == "11").any()


def test_the_same_seed_gives_the_same_rows(year: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    frame, denominators = year
    pd.testing.assert_frame_equal(frame, generate(denominators))


def test_a_spread_is_checked_when_made() -> None:
    with pytest.raises(ValueError, match="add up to more than 1"):
        Spread(below=0.7, above=0.5)
    with pytest.raises(ValueError):
        Spread(below=-0.1)
