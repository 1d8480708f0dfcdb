"""Every model validator rejects what it should, with a message that says why."""

from __future__ import annotations

import datetime as dt

import pytest

from bhxh_comms import (
    ActivityType,
    AdminUnit,
    AggregationRule,
    AnnualCampaign,
    Bounds,
    Campaign,
    Catalog,
    CountRangeTarget,
    HeadcountTarget,
    Measure,
    Outcome,
    Period,
    Phase,
    ReachShareTarget,
    Selector,
    TargetSet,
    Theme,
    UnitRegistry,
    UnitSet,
    WeeklyFrequencyTarget,
)


@pytest.mark.parametrize("bad", ["Conference", "1abc", "with space", "", "dấu", None, 5])
def test_bad_code_is_rejected(bad: object) -> None:
    with pytest.raises((ValueError, TypeError), match="code"):
        Theme(code=bad, label="x")  # type: ignore[arg-type]


def test_blank_label_and_missing_unit() -> None:
    with pytest.raises(ValueError, match="label"):
        Theme(code="vssid", label="  ")
    with pytest.raises(TypeError, match="unit"):
        ActivityType(code="x", label="X")  # type: ignore[call-arg]
    with pytest.raises(ValueError, match="unit"):
        ActivityType(code="x", label="X", unit="")


def test_activity_type_must_carry_count() -> None:
    with pytest.raises(ValueError, match="must include 'count'"):
        ActivityType(code="x", label="X", unit="cuộc", measures=("participants",))
    with pytest.raises(TypeError, match="list of texts"):
        ActivityType(code="x", label="X", unit="cuộc", measures="count")  # type: ignore[arg-type]


def test_models_are_frozen_and_keyword_only() -> None:
    theme = Theme(code="vssid", label="VssID")
    with pytest.raises(AttributeError):
        theme.code = "other"  # type: ignore[misc]
    with pytest.raises(TypeError):
        Theme("vssid", "VssID")  # type: ignore[misc]


def test_catalog_rejects_duplicates_and_wrong_kind() -> None:
    with pytest.raises(ValueError, match="appears twice"):
        Catalog(kind="theme", entries=(Theme(code="a", label="A"), Theme(code="a", label="B")))
    with pytest.raises(ValueError, match="is a activity_type"):
        Catalog(kind="theme", entries=(ActivityType(code="a", label="A", unit="cuộc"),))


def test_catalog_lookup_by_label_alias_and_suggestion() -> None:
    cat = Catalog(kind="theme", entries=(Theme(code="voluntary_si", label="BHXH tự nguyện", aliases=("BHXH TN",)),))
    assert cat.resolve("bhxh tu nguyen") == "voluntary_si"
    assert cat.resolve("BHXH TN") == "voluntary_si"
    assert cat.resolve("nothing") is None
    assert cat.suggest("BHXH tu nguyen.") == "voluntary_si"
    assert cat.suggest("zzzz") is None


def test_measure_rules() -> None:
    with pytest.raises(ValueError, match="numerator and a denominator"):
        Measure(code="rate", label="R", unit="%", rule="rate", numerator="a")
    with pytest.raises(ValueError, match="only a rate"):
        Measure(code="c", label="C", unit="x", rule="flow", denominator="b")
    with pytest.raises(ValueError, match="distinct_of"):
        Measure(code="d", label="D", unit="x", rule="distinct")
    with pytest.raises(ValueError, match="is not a valid AggregationRule"):
        Measure(code="c", label="C", unit="x", rule="average")
    assert Measure(code="c", label="C", unit="x", rule="stock").rule is AggregationRule.STOCK


def test_unknown_unit_level_and_bad_unit_code() -> None:
    unit = AdminUnit(code="01", name="Hà Nội", kind="thành phố")
    with pytest.raises(ValueError, match="unknown level"):
        UnitSet(id="x", name="X", level="district", valid_from=dt.date(2020, 1, 1), units=[unit])
    with pytest.raises(ValueError, match="not a valid unit code"):
        AdminUnit(code="", name="X", kind="tỉnh")
    with pytest.raises(ValueError, match="communes"):
        AdminUnit(code="01", name="X", kind="tỉnh", communes=-1)
    with pytest.raises(ValueError, match="no units"):
        UnitSet(id="x", name="X", valid_from=dt.date(2020, 1, 1), units=[])


def test_unit_set_dates_and_names() -> None:
    unit = AdminUnit(code="01", name="Hà Nội", kind="thành phố")
    with pytest.raises(ValueError, match="before valid_from"):
        UnitSet(id="x", name="X", valid_from=dt.date(2020, 1, 1), valid_to=dt.date(2019, 1, 1), units=[unit])
    twin = AdminUnit(code="02", name="Ha Noi", kind="tỉnh")
    with pytest.raises(ValueError, match="matches both"):
        UnitSet(id="x", name="X", valid_from=dt.date(2020, 1, 1), units=[unit, twin])


def test_registry_rejects_overlap_and_missing_successor() -> None:
    a = UnitSet(
        id="a",
        name="A",
        valid_from=dt.date(2020, 1, 1),
        valid_to=dt.date(2021, 1, 1),
        units=[AdminUnit(code="01", name="X", kind="tỉnh", successor="09")],
        successor_set="b",
    )
    b = UnitSet(id="b", name="B", valid_from=dt.date(2021, 1, 1), units=[AdminUnit(code="01", name="X", kind="tỉnh")])
    with pytest.raises(ValueError, match="no valid successor"):
        UnitRegistry(sets=[a, b])
    a_ok = UnitSet(
        id="a",
        name="A",
        valid_from=dt.date(2020, 1, 1),
        valid_to=dt.date(2021, 1, 1),
        units=[AdminUnit(code="01", name="X", kind="tỉnh", successor="01")],
        successor_set="b",
    )
    with pytest.raises(ValueError, match="overlap"):
        UnitRegistry(sets=[a_ok, b])


def test_period_constructors_and_validation() -> None:
    assert Period.year(2025).days == 365
    q = Period.quarter(2024, 1)
    assert (q.start, q.end, q.label) == (dt.date(2024, 1, 1), dt.date(2024, 3, 31), "quý I năm 2024")
    assert Period.month(2024, 2).end == dt.date(2024, 2, 29)
    week = Period.iso_week(2020, 53)
    assert (week.start, week.end) == (dt.date(2020, 12, 28), dt.date(2021, 1, 3))
    with pytest.raises(ValueError, match=r"ends .* before it starts"):
        Period.between(dt.date(2024, 5, 2), dt.date(2024, 5, 1))
    with pytest.raises(ValueError, match="quarter"):
        Period.quarter(2024, 5)
    with pytest.raises(ValueError, match="unknown period kind"):
        Period(kind="decade", start=dt.date(2020, 1, 1), end=dt.date(2029, 12, 31), label="x")
    with pytest.raises(TypeError, match="expected a date"):
        Period(kind="range", start=dt.datetime(2020, 1, 1), end=dt.date(2020, 1, 2), label="x")


def test_campaign_phases() -> None:
    start, end = dt.date(2024, 5, 1), dt.date(2024, 7, 31)
    before = Phase(code="before", name="Trước", start=start, end=dt.date(2024, 5, 19))
    during = Phase(code="during", name="Trong", start=dt.date(2024, 5, 20), end=dt.date(2024, 6, 28))
    c = Campaign(code="na", name="Kỳ họp", start=start, end=end, phases=(before, during))
    assert c.phase_of(dt.date(2024, 6, 1)) == during
    assert c.phase_of(dt.date(2024, 7, 1)) is None
    assert Period.of_campaign(c, "during").label == "Kỳ họp – Trong"
    with pytest.raises(ValueError, match="outside the campaign window"):
        Campaign(code="na", name="K", start=dt.date(2024, 5, 10), end=end, phases=(before,))
    with pytest.raises(ValueError, match="overlaps or precedes"):
        Campaign(code="na", name="K", start=start, end=end, phases=(during, before))
    with pytest.raises(ValueError, match=r"ends .* before it starts"):
        Phase(code="p", name="P", start=end, end=start)


def test_annual_campaign() -> None:
    month = AnnualCampaign(code="may", name="Tháng vận động", start_month=5, start_day=1, end_month=5, end_day=31)
    assert month.in_year(2025).start == dt.date(2025, 5, 1)
    with pytest.raises(ValueError):
        AnnualCampaign(code="x", name="X", start_month=4, start_day=1, end_month=4, end_day=31)
    with pytest.raises(ValueError, match="ends before it starts"):
        AnnualCampaign(code="x", name="X", start_month=6, start_day=1, end_month=5, end_day=1)


def test_bounds() -> None:
    assert Bounds(minimum=10, maximum=12).classify(9) is Outcome.BELOW
    assert Bounds(minimum=10, maximum=12).classify(10) is Outcome.WITHIN
    assert Bounds(minimum=10, maximum=12).classify(12.5) is Outcome.ABOVE
    assert Bounds(maximum=3).classify(0) is Outcome.WITHIN
    with pytest.raises(ValueError, match="inverted range"):
        Bounds(minimum=12, maximum=10)
    with pytest.raises(ValueError, match="need a minimum"):
        Bounds()
    with pytest.raises(ValueError, match="≥ 0"):
        Bounds(minimum=-1)
    with pytest.raises(TypeError, match="number"):
        Bounds(minimum=float("nan"))
    assert [o.label_vi for o in (Outcome.BELOW, Outcome.WITHIN, Outcome.ABOVE)] == ["chưa đạt", "đạt", "vượt"]


def test_target_kinds_validate() -> None:
    with pytest.raises(ValueError, match="per commune and week"):
        WeeklyFrequencyTarget(id="w", label="W", bounds=Bounds(minimum=4))
    with pytest.raises(ValueError, match="go together"):
        ReachShareTarget(
            id="r",
            label="R",
            bounds=Bounds(minimum=0.5),
            denominator="labor_force",
            sub_bounds=Bounds(minimum=0.25),
        )
    with pytest.raises(ValueError, match="unknown unit level"):
        CountRangeTarget(id="c", label="C", bounds=Bounds(minimum=1), unit_level="district")
    t = HeadcountTarget(id="h", label="H", bounds=Bounds(minimum=1.0), denominator="cadres")
    assert t.needs == ("cadres",)
    with pytest.raises(ValueError, match="used twice"):
        TargetSet(name="x", targets=(t, t))
    assert list(Selector(themes=("vssid",)).items()) == [("theme", ("vssid",))]
