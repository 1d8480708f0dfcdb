"""Aggregation rules, comparisons across unit sets, target evaluation and provenance, each
checked against figures computed by hand."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import bhxh_comms
from bhxh_comms import AdminUnit, Bounds, Period, Selector, TargetSet, UnitRegistry, UnitSet, synthetic
from bhxh_comms.aggregate.align import align_provinces
from bhxh_comms.aggregate.grouping import group_sum
from bhxh_comms.aggregate.outcomes import aggregate_outcomes
from bhxh_comms.aggregate.provenance import trace
from bhxh_comms.aggregate.targets import evaluate_targets
from bhxh_comms.aggregate.totals import compare, distinct_count, in_period, time_key, totals
from bhxh_comms.models.targets import (
    CommuneCoverageTarget,
    CountRangeTarget,
    HeadcountTarget,
    PerPartnerTarget,
    ReachShareTarget,
    WeeklyFrequencyTarget,
)
from bhxh_comms.report.build import build_report
from bhxh_comms.report.sentences import activity_clause
from bhxh_comms.report.target_wording import with_summary_texts

CATALOGS = bhxh_comms.default_catalogs()
UNITS = bhxh_comms.default_units()


def make_log(rows: list[dict[str, Any]], unit_set: str | None = None) -> pd.DataFrame:
    """An accepted log from dicts (missing columns blank), typed as ingestion types it."""
    frame = pd.DataFrame(rows)
    for column in ("commune", "subject_group", "theme", "partner", "participants", "note"):
        if column not in frame:
            frame[column] = None
    out = pd.DataFrame(
        {
            "province": frame["province"].astype("category"),
            "commune": frame["commune"].astype("string"),
            "date": pd.to_datetime(frame["date"]),
            "activity_type": pd.Categorical(frame["activity_type"], categories=list(CATALOGS.activity_types.codes)),
            "subject_group": pd.Categorical(frame["subject_group"], categories=list(CATALOGS.subject_groups.codes)),
            "theme": pd.Categorical(frame["theme"], categories=list(CATALOGS.themes.codes)),
            "partner": pd.Categorical(frame["partner"], categories=list(CATALOGS.partners.codes)),
            "count": frame["count"].astype("int64"),
            "participants": pd.array(frame["participants"], dtype="Int64"),
            "source": pd.Categorical(["t.xlsx"] * len(frame)),
            "sheet": pd.Categorical(["S"] * len(frame)),
            "row": np.arange(2, len(frame) + 2),
        }
    )
    if unit_set is not None:
        out["unit_set"] = pd.Categorical([unit_set] * len(out))
    return out


def test_flows_sum_over_time_and_units() -> None:
    log = make_log(
        [
            {"province": "19", "date": "2026-01-05", "activity_type": "conference", "count": 2, "participants": 50},
            {"province": "19", "date": "2026-02-05", "activity_type": "conference", "count": 3, "participants": None},
            {"province": "04", "date": "2026-02-06", "activity_type": "conference", "count": 1, "participants": 20},
            {"province": "04", "date": "2026-02-06", "activity_type": "press", "count": 7},
        ]
    )
    national = totals(log, by=["activity_type"])
    assert national.set_index("activity_type").loc["conference", ["count", "participants", "rows"]].tolist() == [
        6,
        70,
        3,
    ]
    monthly = totals(log, by=["month"]).set_index("month")
    assert monthly.loc["2026-01", "count"] == 2 and monthly.loc["2026-02", "count"] == 11
    by = totals(log, by=["province", "quarter"]).set_index(["province", "quarter"])
    assert by.loc[("19", "2026-Q1"), "count"] == 5
    assert totals(log)["count"].tolist() == [13]
    assert totals(log, by=["week"]).set_index("week").loc["2026-W06", "count"] == 11


def test_campaign_and_phase_totals() -> None:
    [na] = [c for c in bhxh_comms.campaigns_in(2024) if c.code == "na15_session7"]
    log = make_log(
        [
            {"province": "01", "date": "2024-05-10", "activity_type": "press", "count": 1},
            {"province": "01", "date": "2024-06-01", "activity_type": "press", "count": 2},
            {"province": "01", "date": "2024-07-30", "activity_type": "press", "count": 4},
            {"province": "01", "date": "2024-09-01", "activity_type": "press", "count": 8},
        ]
    )
    phases = totals(log, by=["phase"], campaigns=[na]).dropna()  # NA: outside every campaign
    assert dict(zip(phases["phase"].astype(str), phases["count"], strict=False)) == {
        "na15_session7/before": 1,
        "na15_session7/during": 2,
        "na15_session7/after": 4,
    }
    campaign = totals(log, by=["campaign"], campaigns=[na]).dropna()
    assert campaign["count"].tolist() == [7]

    # campaigns overlap: the May row counts for the month-long drive and for the NA session
    every = bhxh_comms.campaigns_in(2024)
    overlapping = totals(log, by=["campaign", "activity_type"], campaigns=every).dropna()
    by_code = dict(zip(overlapping["campaign"].astype(str), overlapping["count"], strict=True))
    assert by_code == {"universal_si_month": 1, "na15_session7": 7, "student_hi": 8}  # hi_day: no row
    traced = trace(log, period=Period.year(2024), campaigns=every, campaign="na15_session7")
    assert traced["count"].sum() == 7 and len(trace(log, campaigns=every, campaign="universal_si_month")) == 1


def test_distinct_count_at_the_level_asked() -> None:
    log = make_log(
        [
            {"province": "19", "commune": "19001", "date": "2026-01-05", "activity_type": "conference", "count": 1},
            {"province": "19", "commune": "19001", "date": "2026-03-05", "activity_type": "conference", "count": 1},
            {"province": "19", "commune": "19002", "date": "2026-03-05", "activity_type": "conference", "count": 1},
            {"province": "04", "commune": "04001", "date": "2026-03-05", "activity_type": "conference", "count": 1},
            {"province": "04", "commune": None, "date": "2026-03-05", "activity_type": "conference", "count": 1},
        ]
    )
    assert distinct_count(log, of="commune")["distinct_commune"].tolist() == [3]
    per = distinct_count(log, of="commune", by=["province"]).set_index("province")["distinct_commune"]
    assert per.to_dict() == {"04": 1, "19": 2}
    monthly = distinct_count(log, of="commune", by=["month"], name="communes")
    assert monthly["communes"].sum() == 4  # summing months would double-count 19001: never do that
    assert distinct_count(log, of="commune", by=["province"])["distinct_commune"].sum() == 3


def test_stocks_take_last_value_and_rates_are_recomputed() -> None:
    outcomes = pd.DataFrame(
        [
            ("01", "2025-03-31", "voluntary_si", 100),
            ("01", "2025-12-31", "voluntary_si", 150),
            ("01", "2025-12-31", "labor_force", 300),
            ("04", "2025-06-30", "voluntary_si", 10),
            ("04", "2025-12-31", "labor_force", 1000),
            ("04", "2026-01-31", "voluntary_si", 999),
        ],
        columns=["province", "date", "indicator", "value"],
    )
    table = aggregate_outcomes(outcomes, period=Period.year(2025), measures=CATALOGS.measures).set_index("province")
    assert table.loc["01", "voluntary_si"] == 150  # last in the period, not the sum over time
    assert table.loc["04", "voluntary_si"] == 10  # the January 2026 value is outside the period
    assert table.loc["national", "voluntary_si"] == 160  # summed over units
    assert table.loc["01", "voluntary_si_coverage"] == pytest.approx(0.5)
    assert table.loc["04", "voluntary_si_coverage"] == pytest.approx(0.01)
    # recomputed: 160 / 1300, not the mean of 50 % and 1 %
    assert table.loc["national", "voluntary_si_coverage"] == pytest.approx(160 / 1300)


def _stocks(rows: list[tuple[str, str, str, int]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["province", "date", "indicator", "value"])
    frame["date"] = pd.to_datetime(frame["date"])
    return frame


def _stocks_in_34(outcomes: pd.DataFrame, period: Period) -> pd.DataFrame:
    return aggregate_outcomes(
        outcomes, period=period, measures=CATALOGS.measures, units=UNITS, unit_set=UNITS.get("vn-34")
    ).set_index("province")


def test_outcome_stocks_of_old_provinces_add_up_in_the_new_one() -> None:
    outcomes = _stocks(
        [
            ("06", "2024-12-31", "voluntary_si", 40),
            ("19", "2024-06-30", "voluntary_si", 70),
            ("19", "2024-12-31", "voluntary_si", 90),
        ]
    )
    assert _stocks_in_34(outcomes, Period.year(2024)).loc["19", "voluntary_si"] == 130
    # 2025: Bắc Kạn's 30/6 figure is inside the new Thái Nguyên's 31/12 figure, not added to it
    reorganised = _stocks(
        [
            ("06", "2025-06-30", "voluntary_si", 100),
            ("19", "2025-06-30", "voluntary_si", 200),
            ("19", "2025-12-31", "voluntary_si", 300),
        ]
    )
    assert _stocks_in_34(reorganised, Period.year(2025)).loc["19", "voluntary_si"] == 300
    half = _stocks_in_34(reorganised, Period.between(dt.date(2025, 1, 1), dt.date(2025, 6, 30)))
    assert half.loc["19", "voluntary_si"] == 300  # 100 + 200 on 30/6, in the new province


def test_compare_change_percent_ratio() -> None:
    cur = pd.DataFrame({"k": pd.Categorical(["a", "b", "c"]), "count": [20, 5, 3], "participants": [0, 0, 0]})
    prev = pd.DataFrame({"k": pd.Categorical(["a", "b", "d"]), "count": [10, 10, 4], "participants": [0, 0, 0]})
    table = compare(cur, prev, keys=["k"]).set_index("k")
    assert table.loc["a", ["count", "count_previous", "count_change"]].tolist() == [20, 10, 10]
    assert table.loc["a", "count_ratio"] == 2.0 and table.loc["a", "count_pct"] == 1.0
    assert table.loc["b", "count_pct"] == -0.5
    assert np.isnan(table.loc["c", "count_ratio"])  # nothing the year before: no ratio, not infinity
    assert table.loc["d", "count"] == 0 and table.loc["d", "count_change"] == -4


def test_comparison_across_unit_sets_maps_the_old_year() -> None:
    log = make_log(
        [
            {"province": "06", "date": "2024-04-01", "activity_type": "conference", "count": 3},  # Bắc Kạn
            {"province": "19", "date": "2024-05-01", "activity_type": "conference", "count": 4, "participants": 50},
            {"province": "45", "date": "2024-05-01", "activity_type": "conference", "count": 5},  # old Quảng Trị
            {"province": "44", "date": "2024-05-01", "activity_type": "conference", "count": 6},  # Quảng Bình
            {"province": "19", "date": "2026-05-01", "activity_type": "conference", "count": 14, "participants": 150},
            {"province": "44", "date": "2026-05-01", "activity_type": "conference", "count": 22},  # new Quảng Trị
        ]
    )
    report = build_report(
        log,
        period=Period.year(2026),
        comparison_period=Period.year(2024),
        catalogs=CATALOGS,
        units=UNITS,
        generated_at=dt.datetime(2026, 12, 31, tzinfo=dt.UTC),
    )
    table = report.tables["province_totals"].set_index("province")
    assert table.loc["19", ["count", "count_previous"]].tolist() == [14, 7]  # Thái Nguyên 2026 vs (Bắc Kạn + TN) 2024
    assert table.loc["44", ["count", "count_previous"]].tolist() == [22, 11]  # Quảng Trị vs (Q. Bình + Q. Trị)
    assert table.loc["19", "count_ratio"] == 2.0
    assert len(table) == 34
    # readers are told the figures were mapped; the row count is for the record, not a signed report
    assert any("theo 63 tỉnh" in n and "được tính theo 34 tỉnh" in n for n in report.metadata.notes)
    assert not any("dòng" in n for n in report.metadata.notes)
    assert any("4 dòng theo" in n and "đã được chuyển sang" in n for n in report.metadata.processing)
    national = report.tables["national"].set_index("activity_type")
    assert national.loc["conference", ["count", "count_previous"]].tolist() == [36, 18]
    by_province = report.tables["by_province"].set_index(["province", "activity_type"])
    assert by_province.loc[("19", "conference"), ["count", "count_previous", "count_ratio"]].tolist() == [14, 7, 2.0]
    monthly = report.tables["monthly_by_province_previous"]
    assert monthly[["province", "province_name", "month", "count"]].values.tolist() == [
        ["19", "Thái Nguyên", "2024-04", 3],
        ["19", "Thái Nguyên", "2024-05", 4],
        ["44", "Quảng Trị", "2024-05", 11],
    ]
    assert report.tables["monthly_previous"]["count"].tolist() == [3, 15]
    facts = {f.metric: f for f in report.facts}
    assert facts["conference.count"].comparison is not None and facts["conference.count"].comparison.ratio == 2.0
    attendance = facts["conference.participants"].comparison
    assert attendance is not None and attendance.ratio == 3.0  # 150 vs 50
    # the clause compares the activities only, as the national report does
    clause = activity_clause(facts["conference.count"], facts["conference.participants"])
    assert clause.count("so với") == 1 and clause.endswith("với 150 lượt người tham dự")


def test_alignment_uses_each_rows_unit_set() -> None:
    log = make_log(
        [
            {"province": "44", "date": "2025-03-01", "activity_type": "press", "count": 1},
            {"province": "44", "date": "2025-09-01", "activity_type": "press", "count": 1},
        ]
    )
    aligned, alignment = align_provinces(log, UNITS, UNITS.get("vn-34"))
    assert aligned["province"].astype(str).tolist() == ["44", "44"]
    assert alignment.mapped_rows == {"vn-63": 1}


# ---- targets -------------------------------------------------------------------------------

TINY = UnitSet(
    id="tiny",
    name="Hai tỉnh",
    valid_from=dt.date(2020, 1, 1),
    units=[
        AdminUnit(code="01", name="Một", kind="tỉnh", communes=20),
        AdminUnit(code="02", name="Hai", kind="tỉnh", communes=2),
    ],
)
YEAR = Period.year(2026)


def evaluate(
    target: Any, rows: list[dict[str, Any]], denominators: pd.DataFrame | None = None, period: Period = YEAR
) -> pd.DataFrame:
    evaluation = evaluate_targets(
        make_log(rows, "tiny"),
        TargetSet(name="t", targets=[target]),
        period=period,
        unit_set=TINY,
        denominators=denominators,
    )
    scorecard = evaluation.scorecard
    scorecard.attrs["summary"] = with_summary_texts(evaluation.summary)
    scorecard.attrs["results"] = evaluation.results
    return scorecard


def test_count_range_three_outcomes() -> None:
    target = CountRangeTarget(
        id="ent",
        label="10–12",
        bounds=Bounds(minimum=10, maximum=12),
        select=Selector(activity_types=("conference",), subject_groups=("enterprise",)),
    )
    rows = [
        {
            "province": "01",
            "date": "2026-03-01",
            "activity_type": "conference",
            "subject_group": "enterprise",
            "count": 11,
        },
        {
            "province": "01",
            "date": "2026-03-02",
            "activity_type": "conference",
            "subject_group": "students",
            "count": 9,
        },
        {
            "province": "02",
            "date": "2026-03-01",
            "activity_type": "conference",
            "subject_group": "enterprise",
            "count": 13,
        },
    ]
    card = evaluate(target, rows).set_index("province")
    assert card.loc["01", ["value", "outcome", "outcome_vi"]].tolist() == [11, "within", "đạt"]
    assert card.loc["02", ["value", "outcome", "outcome_vi"]].tolist() == [13, "above", "vượt"]
    rows[2]["count"] = 9
    card = evaluate(target, rows)
    assert card.set_index("province").loc["02", "outcome_vi"] == "chưa đạt"
    assert card.attrs["summary"].iloc[0][["met", "evaluated", "phrase"]].tolist() == [1, 2, "1/2 tỉnh đạt"]


def test_commune_coverage_and_not_evaluable_without_communes() -> None:
    target = CommuneCoverageTarget(
        id="cov",
        label="15–20 %",
        bounds=Bounds(minimum=0.15, maximum=0.20),
        select=Selector(activity_types=("conference",)),
    )
    rows = [
        {"province": "01", "commune": f"01{i:03d}", "date": "2026-04-01", "activity_type": "conference", "count": 1}
        for i in range(3)
    ]  # 3 of 20 communes = 15 %
    rows += [{"province": "01", "commune": "01000", "date": "2026-05-01", "activity_type": "conference", "count": 5}]
    rows += [{"province": "02", "date": "2026-04-01", "activity_type": "conference", "count": 4}]  # no commune
    card = evaluate(target, rows).set_index("province")
    assert card.loc["01", "value"] == pytest.approx(0.15) and card.loc["01", "outcome"] == "within"
    assert card.loc["01", ["numerator", "denominator"]].tolist() == [3, 20]
    assert card.loc["02", "outcome"] == "not_evaluable" and np.isnan(card.loc["02", "value"])
    assert card.loc["02", "reason"] == "báo cáo không ghi mã xã, phường"


def weekly_target(**sub_condition: Any) -> WeeklyFrequencyTarget:
    """≥4 broadcasts per commune and week (and the sub-condition given, if any)."""
    return WeeklyFrequencyTarget(
        id="wk",
        label="≥4/tuần",
        unit_level="commune",
        period="week",
        bounds=Bounds(minimum=4),
        select=Selector(activity_types=("broadcast",)),
        **sub_condition,
    )


def test_weekly_broadcasts_per_commune_and_week() -> None:
    target = weekly_target(
        sub_bounds=Bounds(minimum=2), sub_select=Selector(activity_types=("broadcast",), themes=("voluntary_si",))
    )
    two_weeks = Period.between(dt.date(2026, 1, 5), dt.date(2026, 1, 18))  # ISO weeks 2 and 3
    b = {"province": "02", "activity_type": "broadcast"}
    rows = [
        {**b, "commune": "02001", "date": "2026-01-05", "count": 2, "theme": "voluntary_si"},
        {**b, "commune": "02001", "date": "2026-01-07", "count": 2, "theme": "vssid"},  # week 2: 4 of which 2 → ok
        {**b, "commune": "02001", "date": "2026-01-12", "count": 3, "theme": "vssid"},
        {**b, "commune": "02001", "date": "2026-01-13", "count": 1, "theme": "voluntary_si"},  # week 3: only 1 → no
        # 02002 never broadcasts: both of its weeks count as non-compliant
        {"province": "01", "activity_type": "broadcast", "date": "2026-01-06", "count": 9},  # no commune
    ]
    card = evaluate(target, rows, period=two_weeks).set_index("province")
    assert card.loc["02", ["numerator", "denominator"]].tolist() == [1, 4]
    assert card.loc["02", "value"] == pytest.approx(0.25) and card.loc["02", "outcome"] == "below"
    assert card.loc["01", "outcome"] == "not_evaluable"  # reported, but no commune-level records at all
    assert evaluate(target, rows[:4], period=two_weeks).set_index("province").loc["01", "outcome"] == "not_reported"
    rows[3]["count"] = 2
    rows.append({**b, "commune": "02002", "date": "2026-01-06", "count": 4, "theme": "voluntary_si"})
    rows.append({**b, "commune": "02002", "date": "2026-01-14", "count": 4, "theme": "voluntary_si"})
    card = evaluate(target, rows, period=two_weeks).set_index("province")
    assert card.loc["02", ["value", "outcome"]].tolist() == [1.0, "within"]


def test_per_partner_per_province() -> None:
    target = PerPartnerTarget(
        id="pp",
        label="1–3",
        bounds=Bounds(minimum=1, maximum=3),
        select=Selector(activity_types=("conference",)),
        partners=("women_union", "farmers_union"),
    )
    rows = [
        {"province": "01", "date": "2026-02-01", "activity_type": "conference", "partner": "women_union", "count": 2},
        {"province": "01", "date": "2026-02-01", "activity_type": "conference", "partner": "farmers_union", "count": 4},
        {"province": "02", "date": "2026-02-01", "activity_type": "conference", "partner": "women_union", "count": 1},
        {"province": "02", "date": "2026-02-01", "activity_type": "conference", "partner": "farmers_union", "count": 3},
    ]
    card = evaluate(target, rows).set_index(["province", "partner"])
    assert card.loc[("01", "women_union"), "outcome"] == "within"
    assert card.loc[("01", "farmers_union"), "outcome"] == "above"
    summary = card.attrs["summary"].iloc[0]
    assert (summary["met"], summary["evaluated"]) == (2, 2)  # above the range still meets it
    rows[2]["count"] = 0
    summary = evaluate(target, rows).attrs["summary"].iloc[0]
    assert (summary["met"], summary["phrase"]) == (1, "1/2 tỉnh đạt")
    results = evaluate(target, rows).attrs["results"].set_index("province")
    assert results.loc["02", ["rows", "met_rows", "outcome"]].tolist() == [2, 1, "below"]  # folded by the core


def test_reach_share_with_sub_condition_and_missing_denominator() -> None:
    target = ReachShareTarget(
        id="lf",
        label="55 %, 25 % TN",
        bounds=Bounds(minimum=0.55),
        denominator="labor_force",
        select=Selector(subject_groups=("labor_force",)),
        sub_bounds=Bounds(minimum=0.25),
        sub_select=Selector(subject_groups=("labor_force",), themes=("voluntary_si",)),
    )
    c = {"activity_type": "conference", "subject_group": "labor_force", "date": "2026-06-01", "count": 1}
    rows = [
        {**c, "province": "01", "participants": 400, "theme": "voluntary_si"},
        {**c, "province": "01", "participants": 200, "theme": "vssid"},  # 600 of 1 000 = 60 %, 40 % on TN
        {**c, "province": "02", "participants": 700, "theme": "vssid"},  # 70 %, but 0 % on voluntary BHXH
    ]
    denominators = pd.DataFrame({"labor_force": [1000, 1000]}, index=pd.Index(["01", "02"], name="province"))
    card = evaluate(target, rows, denominators).set_index("province")
    assert card.loc["01", ["value", "outcome"]].tolist() == [pytest.approx(0.6), "within"]
    assert card.loc["02", "outcome"] == "below" and card.loc["02", "sub_value"] == 0
    card = evaluate(target, rows, denominators.drop(index="02")).set_index("province")
    assert card.loc["02", "outcome"] == "not_evaluable"
    assert card.loc["02", "reason"].startswith("chưa có lực lượng lao động")
    card = evaluate(target, rows, None)
    assert set(card["outcome"]) == {"not_evaluable"}  # never 0 % and never met
    assert card.attrs["summary"].iloc[0]["phrase"] == "không đánh giá được (chưa có lực lượng lao động)"


def test_headcount_all_trained() -> None:
    target = HeadcountTarget(
        id="ctv",
        label="100 %",
        bounds=Bounds(minimum=1.0),
        denominator="collaborators",
        select=Selector(activity_types=("training",), subject_groups=("collaborators",)),
    )
    t = {"activity_type": "training", "subject_group": "collaborators", "date": "2026-06-01", "count": 1}
    rows = [{**t, "province": "01", "participants": 50}, {**t, "province": "02", "participants": 49}]
    denominators = pd.DataFrame({"collaborators": [50, 50]}, index=pd.Index(["01", "02"], name="province"))
    card = evaluate(target, rows, denominators).set_index("province")
    assert card["outcome"].to_dict() == {"01": "within", "02": "below"}
    rows[1]["participants"] = 50
    summary = evaluate(target, rows, denominators).attrs["summary"].iloc[0]
    assert summary["phrase"] == "2/2 tỉnh đạt" and summary["share_met"] == 1.0
    assert summary["sentence"].startswith("100% BHXH tỉnh đạt chỉ tiêu")
    # with only one province's denominator, "100%" would speak of both: the phrase says of how many
    summary = evaluate(target, rows, denominators.drop(index="02")).attrs["summary"].iloc[0]
    assert summary["phrase"] == (
        "1/1 tỉnh được đánh giá đạt; 1 tỉnh không đánh giá được (chưa có số cộng tác viên, nhân viên thu)"
    )


def test_default_targets_evaluate_on_the_34_provinces() -> None:
    log = synthetic.activities(
        units=UNITS, catalogs=CATALOGS, start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31), rows=5_000, seed=3
    )
    evaluation = evaluate_targets(log, bhxh_comms.default_targets(), period=YEAR, unit_set=UNITS.get("vn-34"))
    summary = with_summary_texts(evaluation.summary)
    assert set(summary["target"]) == {t.id for t in bhxh_comms.default_targets()}
    assert (summary["units"] == 34).all()
    no_denominator = summary.set_index("target").loc[["collaborators_trained", "labor_force_reach", "cadres_reach"]]
    assert no_denominator["phrase"].str.startswith("không đánh giá được (chưa có ").all()


def test_provenance_traces_a_figure_to_its_rows() -> None:
    log = make_log(
        [
            {"province": "19", "date": "2026-05-05", "activity_type": "conference", "count": 2},
            {"province": "19", "date": "2026-05-20", "activity_type": "conference", "count": 3},
            {"province": "19", "date": "2026-06-01", "activity_type": "conference", "count": 4},
            {"province": "04", "date": "2026-05-05", "activity_type": "conference", "count": 5},
        ]
    )
    figure = totals(log, by=["province", "activity_type", "month"]).set_index(["province", "activity_type", "month"])
    rows = trace(log, province="19", activity_type="conference", month="2026-05")
    assert rows["row"].tolist() == [2, 3] and rows["source"].astype(str).tolist() == ["t.xlsx", "t.xlsx"]
    assert rows["count"].sum() == figure.loc[("19", "conference", "2026-05"), "count"]


def test_provenance_follows_the_crosswalk() -> None:
    """ "Thái Nguyên 2024" in the 34-province report is Bắc Kạn's and old Thái Nguyên's rows."""
    log = make_log(
        [
            {"province": "06", "date": "2024-04-01", "activity_type": "conference", "count": 3},  # Bắc Kạn
            {"province": "19", "date": "2024-05-01", "activity_type": "conference", "count": 5},
            {"province": "20", "date": "2024-05-01", "activity_type": "conference", "count": 7},  # Lạng Sơn
        ]
    )
    rows = trace(log, period=Period.year(2024), units=UNITS, unit_set=UNITS.get("vn-34"), province="19")
    assert rows["count"].sum() == 8 and rows["province"].tolist() == ["06", "19"]  # as reported
    assert trace(log, period=Period.year(2024), province="19")["count"].sum() == 5  # the log's own codes


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(["a", "b", None]), st.sampled_from(["x", "y", "z"]), st.integers(0, 1000)),
        min_size=1,
        max_size=60,
    )
)
def test_packed_group_sum_matches_pandas(rows: list[tuple[str | None, str, int]]) -> None:
    frame = pd.DataFrame(rows, columns=["k1", "k2", "v"]).astype({"k1": "category"})
    ours = group_sum(frame, ["k1", "k2"], ["v"]).dropna(subset=["k1"])
    theirs = frame.groupby(["k1", "k2"], observed=True)["v"].sum()
    assert dict(zip(zip(ours["k1"].astype(str), ours["k2"], strict=True), ours["v"], strict=True)) == {
        (str(k1), k2): v for (k1, k2), v in theirs.items()
    }


def test_in_period() -> None:
    log = make_log(
        [
            {"province": "01", "date": d, "activity_type": "press", "count": 1}
            for d in ("2025-12-31", "2026-01-01", "2026-12-31", "2027-01-01")
        ]
    )
    assert in_period(log, YEAR)["date"].dt.year.tolist() == [2026, 2026]
    _ = UnitRegistry  # the registry type is what align_provinces takes


def _pandas_time_labels(dates: pd.Series, grain: str) -> list[str | None]:
    """The reference: pandas' own calendar accessors, row by row."""
    out: list[str | None] = []
    for day in dates:
        if pd.isna(day):
            out.append(None)
        elif grain == "week":
            iso = day.isocalendar()
            out.append(f"{iso[0]}-W{iso[1]:02d}")
        elif grain == "quarter":
            out.append(f"{day.year}-Q{day.quarter}")
        elif grain == "month":
            out.append(f"{day.year}-{day.month:02d}")
        else:
            out.append(str(day.year))
    return out


@settings(max_examples=60, deadline=None)
@given(
    days=st.lists(
        st.one_of(st.none(), st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2060, 12, 31))), max_size=40
    ),
    grain=st.sampled_from(["year", "quarter", "month", "week"]),
)
def test_time_key_agrees_with_the_calendar(days: list[dt.date | None], grain: str) -> None:
    """ISO weeks at year ends (2026-01-01 is in 2026-W01, 2027-01-01 in 2026-W53), quarters,
    months; a missing date gets code 0; labels are sorted, unique, and codes point at them."""
    dates = pd.Series(pd.to_datetime(pd.Series(days, dtype=object)), dtype="datetime64[ns]")
    codes, labels = time_key(dates, grain)
    got = [labels[c - 1] if c else None for c in codes]
    expected = _pandas_time_labels(dates, grain)
    assert got == expected
    assert list(labels) == sorted(set(labels)) and {e for e in expected if e is not None} <= set(labels)


def test_time_key_iso_year_edges() -> None:
    dates = pd.Series(pd.to_datetime(["2026-12-31", "2027-01-01", "2024-12-30", "2021-01-03"]))
    codes, labels = time_key(dates, "week")
    assert [labels[c - 1] for c in codes] == ["2026-W53", "2026-W53", "2025-W01", "2020-W53"]


def test_commune_targets_in_the_year_of_the_reorganisation() -> None:
    """2025: Bắc Kạn (06) and old Thái Nguyên (19) until 30/6, the new Thái Nguyên (19) from 1/7.
    Coverage counts only communes of the new set (old and new codes cannot be matched);
    weekly broadcasts expect the communes that existed in each week."""
    coverage = CommuneCoverageTarget(
        id="cov",
        label="15–20 %",
        bounds=Bounds(minimum=0.15, maximum=0.20),
        select=Selector(activity_types=("conference",)),
    )
    weekly = weekly_target()
    conference = {"activity_type": "conference", "count": 1}
    rows = [{**conference, "province": "06", "commune": f"06{i:03d}", "date": "2025-03-03"} for i in range(30)]
    rows += [{**conference, "province": "19", "commune": f"19{i:03d}", "date": "2025-09-01"} for i in range(12)]
    broadcast = {"activity_type": "broadcast", "count": 4}
    rows += [
        {**broadcast, "province": "06", "commune": "06001", "date": "2025-03-04"},  # old week, old commune
        {**broadcast, "province": "19", "commune": "19001", "date": "2025-09-02"},  # new week, new commune
    ]
    report = build_report(
        make_log(rows),
        period=Period.year(2025),
        catalogs=CATALOGS,
        units=UNITS,
        targets=TargetSet(name="t", targets=[coverage, weekly]),
        generated_at=dt.datetime(2026, 1, 15, tzinfo=dt.UTC),
    )
    card = report.tables["scorecard"].set_index(["target", "province"])
    communes = {(s.id, u.code): u.communes or 0 for s in UNITS.sets for u in s.units}
    new_communes = communes[("vn-34", "19")]
    old_communes = communes[("vn-63", "06")] + communes[("vn-63", "19")]
    assert card.loc[("cov", "19"), ["numerator", "denominator"]].tolist() == [12, new_communes]
    # 26 ISO weeks of 2025 have their Thursday before 1/7, 26 after
    assert card.loc[("wk", "19"), "denominator"] == 26 * old_communes + 26 * new_communes
    assert card.loc[("wk", "19"), "numerator"] == 2
    assert any(n.startswith("Chỉ tiêu theo xã, phường năm 2025") for n in report.metadata.notes)


def test_scorecard_numbers_are_floats_and_report_time_is_vietnamese() -> None:
    report = build_report(
        make_log([{"province": "19", "date": "2026-05-01", "activity_type": "conference", "count": 1}]),
        period=Period.year(2026),
        catalogs=CATALOGS,
        units=UNITS,
        targets=bhxh_comms.default_targets(),
        generated_at=dt.datetime(2026, 1, 14, 20, 30, tzinfo=dt.UTC),
    )
    scorecard = report.tables["scorecard"]
    assert all(scorecard[c].dtype == np.float64 for c in ("value", "numerator", "denominator", "minimum", "maximum"))
    assert scorecard["maximum"].isna().any()  # "at least" targets have no upper bound
    # 20:30 UTC on the 14th is 03:30 on the 15th in Hà Nội: documents are dated the 15th
    assert report.metadata.local_generated_at == dt.datetime(2026, 1, 15, 3, 30)


def test_a_quarterly_target_must_hold_in_every_quarter() -> None:
    """2–5 conferences per province per quarter, evaluated over a year: a province with
    nothing in Q2 is below, whatever its yearly total."""
    target = CountRangeTarget(
        id="q",
        label="2–5 hội nghị/quý",
        bounds=Bounds(minimum=2, maximum=5),
        period="quarter",
        select=Selector(activity_types=("conference",)),
    )
    c = {"activity_type": "conference"}
    rows = [{**c, "province": "01", "date": f"2026-{m:02d}-10", "count": 3} for m in (2, 5, 8, 11)]
    rows += [{**c, "province": "02", "date": f"2026-{m:02d}-10", "count": 9} for m in (2, 8, 11)]  # none in Q2
    card = evaluate(target, rows).set_index("province")
    assert card.loc["01", ["value", "outcome"]].tolist() == [3, "within"]
    assert card.loc["02", ["value", "outcome"]].tolist() == [0, "below"]
    assert card.loc["02", "reason"] == "thấp nhất trong các quý: quý II năm 2026"
    assert list(card.index) == ["01", "02"]
    # over a single quarter the target is evaluated as it is
    first_quarter = [r for r in rows if r["date"] < "2026-04"]  # the log is restricted to the period
    single = evaluate(target, first_quarter, period=Period.quarter(2026, 1)).set_index("province")
    assert single.loc["02", ["value", "outcome"]].tolist() == [9, "above"] and single.loc["02", "reason"] == ""


def test_outcome_indicators_are_compared_like_activities() -> None:
    log = make_log([{"province": "19", "date": "2025-05-01", "activity_type": "conference", "count": 1}])
    outcomes = _stocks(
        [
            ("06", "2024-12-31", "voluntary_si", 100),  # Bắc Kạn, into Thái Nguyên
            ("19", "2024-12-31", "voluntary_si", 200),
            ("19", "2025-12-31", "voluntary_si", 360),
        ]
    )
    report = build_report(
        log,
        period=Period.year(2025),
        comparison_period=Period.year(2024),
        catalogs=CATALOGS,
        units=UNITS,
        outcomes=outcomes,
        generated_at=dt.datetime(2026, 1, 15, tzinfo=dt.UTC),
    )
    row = report.tables["outcomes"].set_index("province").loc["19"]
    assert row[["voluntary_si", "voluntary_si_previous", "voluntary_si_change"]].tolist() == [360, 300, 60]
    assert row["voluntary_si_ratio"] == pytest.approx(1.2)
