"""What a report says, on the edge cases that used to make it say wrong things: comparisons
between different provinces, empty periods, provinces without activity, targets per quarter,
attendances on activity types that count none, missing figures."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import pytest

import bhxh_comms
from bhxh_comms import Bounds, CountRangeTarget, Period, Selector, TargetSet
from bhxh_comms.datafiles import default_targets
from bhxh_comms.ingest import read_reports
from bhxh_comms.report.build import build_report
from bhxh_comms.report.facts import Comparison, Fact
from bhxh_comms.report.model import Report
from bhxh_comms.report.sentences import comparison_phrase, phrase_fact

CATALOGS = bhxh_comms.default_catalogs()
UNITS = bhxh_comms.default_units()
QUARTERLY = TargetSet(
    name="t",
    targets=[
        CountRangeTarget(
            id="q",
            label="Tối thiểu 3 hội nghị mỗi quý",
            bounds=Bounds(minimum=3),
            period="quarter",
            select=Selector(activity_types=("conference",)),
        )
    ],
)


def log(rows: list[tuple[str, str, str, int]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["province", "date", "activity_type", "count"])
    frame["date"] = pd.to_datetime(frame["date"])
    frame["province"] = frame["province"].astype("category")
    frame["activity_type"] = pd.Categorical(frame["activity_type"], categories=list(CATALOGS.activity_types.codes))
    for column in ("subject_group", "theme", "partner"):
        frame[column] = pd.Categorical([None] * len(frame), categories=list(CATALOGS.by_kind(column).codes))
    frame["commune"] = pd.array([None] * len(frame), dtype="string")
    frame["participants"] = pd.array([None] * len(frame), dtype="Int64")
    return frame


def report(rows: list[tuple[str, str, str, int]], year: int = 2026, **options: Any) -> Report:
    return build_report(
        log(rows),
        period=Period.year(year),
        comparison_period=Period.year(year - 1),
        catalogs=CATALOGS,
        units=UNITS,
        generated_at=dt.datetime(2027, 1, 1, tzinfo=dt.UTC),
        **options,
    )


def test_a_comparison_between_different_provinces_is_not_representative() -> None:
    made = report([("01", "2026-03-01", "conference", 12), ("19", "2025-03-01", "conference", 3)])
    coverage = made.metadata.comparison_coverage
    assert coverage is not None and coverage.units_common == 0 and not coverage.representative
    assert "Chỉ 0/1 tỉnh có số liệu năm 2026 có số liệu năm 2025" in " ".join(made.statements.notes)
    assert not any("gấp" in p or "so với" in p for p in made.statements.national)


def test_a_report_period_without_data_states_no_change_and_no_result() -> None:
    made = report([("01", "2025-03-01", "conference", 3)], targets=QUARTERLY)
    said = made.statements
    assert said.national == ("Chưa có BHXH tỉnh, thành phố nào gửi báo cáo năm 2026.",)
    assert "Không có số liệu năm 2026: báo cáo không so sánh với năm 2025." in said.notes
    assert all(not line.change_text and not line.change_cell for line in said.activities)
    assert said.unmet_lead == "Chưa có BHXH tỉnh, thành phố nào được đánh giá thực hiện chỉ tiêu năm 2026."
    assert said.participants is not None and said.participants.comparison is None


def test_asking_for_a_comparison_with_an_empty_year_still_states_none() -> None:
    made = report([("01", "2026-03-01", "conference", 3)], thin_comparison="state")
    assert not made.metadata.comparison_stated
    line = next(a for a in made.statements.activities if a.activity_type == "conference")
    assert line.previous_text == "-" and line.change_cell == "" and line.change_text == ""
    assert made.statements.activity_changes.text == ""


def test_a_thin_comparison_is_stated_when_asked() -> None:
    rows = [("01", "2026-03-01", "conference", 12), ("19", "2026-03-01", "conference", 4)]
    rows += [("01", "2025-03-01", "conference", 3)]
    thin = report(rows)
    asked = report(rows, thin_comparison="state")
    assert not thin.metadata.comparison_stated and asked.metadata.comparison_stated
    assert "so với năm 2025" not in thin.statements.national[0]
    assert "so với năm 2025" in asked.statements.national[0]
    assert "chỉ để tham khảo" in " ".join(asked.statements.notes)


def test_a_province_that_reported_no_activity_is_not_said_to_be_silent() -> None:
    made = report([("01", "2026-03-01", "conference", 12), ("04", "2026-03-01", "conference", 0)])
    cao_bang = made.statements.provinces["04"]
    assert cao_bang.status == "reported"
    assert cao_bang.paragraph == "Trong năm 2026, báo cáo của BHXH Cao Bằng không có hoạt động truyền thông nào."
    assert made.statements.provinces["19"].paragraph == "BHXH Thái Nguyên chưa gửi báo cáo năm 2026."


def test_a_province_that_did_not_report_has_no_figure_not_zeros() -> None:
    rows = [("01", "2026-03-01", "conference", 12), ("19", "2026-03-01", "conference", 4)]
    rows += [("01", "2025-03-01", "conference", 10), ("19", "2025-03-01", "conference", 5)]
    rows += [("04", "2025-03-01", "conference", 6), ("04", "2025-04-01", "conference", 6)]
    made = report(rows, thin_comparison="state")
    cao_bang = made.statements.provinces["04"]
    assert cao_bang.status == "missing"
    line = next(a for a in cao_bang.activities if a.activity_type == "conference")
    # not "0" and "-100%": nothing is known of 2026; 2025's figures stay
    assert (line.count_text, line.change_cell, line.change_text) == ("-", "-", "")
    assert line.previous_text == "12"
    assert cao_bang.participants_text == "-" and cao_bang.participants_change_cell == "-"
    assert cao_bang.participants is None
    hanoi = next(a for a in made.statements.provinces["01"].activities if a.activity_type == "conference")
    assert (hanoi.count_text, hanoi.change_cell) == ("12", "+20%")


def test_a_target_per_quarter_names_the_quarter() -> None:
    rows = [("01", "2026-02-01", "conference", 12)] + [
        ("19", f"2026-{m:02d}-01", "conference", 3) for m in (2, 5, 8, 11)
    ]
    made = report(rows, targets=QUARTERLY)
    (target,) = made.statements.targets
    assert target.phrase == "1/2 tỉnh đã báo cáo đạt; 32 tỉnh chưa báo cáo"
    assert (
        target.below_text == "Các tỉnh chưa đạt (chỉ tiêu tối thiểu 3 cuộc/quý): Hà Nội (0 cuộc trong quý II năm 2026)."
    )


def test_average_per_reporting_province() -> None:
    made = report([("01", "2026-03-01", "conference", 12), ("19", "2026-03-01", "conference", 4)])
    line = next(a for a in made.statements.activities if a.activity_type == "conference")
    assert line.average == 8 and line.average_text == "8"


def test_attendances_on_a_type_that_counts_none_are_left_out_with_a_warning() -> None:
    frame = pd.DataFrame(
        {
            "province": ["01", "01"],
            "date": ["2026-03-01", "2026-03-02"],
            "activity_type": ["broadcast", "conference"],
            "count": [5, 2],
            "participants": [999, 40],
        }
    )
    result = read_reports(frame, period=Period.year(2026), catalogs=CATALOGS, units=UNITS)
    assert len(result.accepted) == 2 and len(result.rejected) == 0
    warning = result.warnings.iloc[0]
    assert (warning["problem"], warning["column"], warning["value"]) == (
        "participants_not_counted",
        "participants",
        "999",
    )
    assert result.accepted["participants"].isna().tolist() == [True, False]


@pytest.mark.parametrize("missing", [float("nan"), None])
def test_sentences_of_missing_figures_say_so(missing: Any) -> None:
    comparison = Comparison(previous=10, period_label="năm 2025", change=missing, percent_change=None, ratio=None)
    assert comparison_phrase(comparison) == "chưa có số liệu so sánh với năm 2025"
    fact = Fact(metric="conference.count", value=missing, unit="cuộc", subject="hội nghị")
    assert phrase_fact(fact) == "chưa có số liệu hội nghị"


def test_the_national_paragraphs_carry_their_emphasis() -> None:
    """Figures bold, comparisons italic, as the centre's reports print them; the runs join back
    into the paragraphs exactly."""
    from bhxh_comms.testing import sample_report

    said = sample_report(rows=600).statements
    assert len(said.national_runs) == len(said.national)
    for paragraph, runs in zip(said.national, said.national_runs, strict=True):
        assert "".join(text for text, _ in runs) == paragraph
        assert {kind for _, kind in runs} <= {"", "figure", "comparison"}
    figures = [text for runs in said.national_runs for text, kind in runs if kind == "figure"]
    comparisons = [text for runs in said.national_runs for text, kind in runs if kind == "comparison"]
    assert figures and all(t.replace(".", "").replace(",", "").replace(" triệu", "").isdigit() for t in figures)
    assert comparisons and all(t.endswith("so với năm 2024") for t in comparisons)


def test_a_report_made_before_the_period_ends_does_not_say_by_its_end() -> None:
    """ "Đến hết năm 2026" is only true once 2026 is over; a report of December 2 says to what day."""
    rows = [("01", "2026-03-01", "conference", 2), ("19", "2026-03-01", "conference", 11)]
    during = build_report(
        log(rows),
        period=Period.year(2026),
        catalogs=CATALOGS,
        units=UNITS,
        targets=default_targets(),
        generated_at=dt.datetime(2026, 12, 2, 3, 0, tzinfo=dt.UTC),
    )
    assert during.statements.unmet_lead.startswith("Tính đến ngày 2 tháng 12 năm 2026, còn ")
    after = report(rows, targets=default_targets())
    assert after.statements.unmet_lead.startswith("Đến hết năm 2026, còn ")
