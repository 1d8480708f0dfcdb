"""Vietnamese phrasing of figures: number format, approximation, ratio qualifiers, dates."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from bhxh_comms import Comparison, Fact
from bhxh_comms.phrasing import (
    MISSING,
    format_date,
    format_number,
    format_percent,
    format_quantity,
    place_date,
    ratio_phrase,
    round_significant,
)
from bhxh_comms.report.sentences import activity_clause, comparison_phrase, phrase_fact


@pytest.mark.parametrize(
    ("value", "approximate", "expected"),
    [
        (45_900, False, "45.900"),
        (45_873, True, "45.900"),
        (45_849, True, "45.800"),
        (1_704_211, True, "1,7 triệu"),
        (1_048_120, True, "1,05 triệu"),
        (999_499, True, "999.000"),
        (999_500, True, "1 triệu"),
        (950, True, "950"),
        (8_812_000, True, "8,81 triệu"),
        (2_345_678_901, True, "2,35 tỷ"),
        (12, False, "12"),
        (0, True, "0"),
        (1_234_567, False, "1,235 triệu"),
    ],
)
def test_quantities(value: float, approximate: bool, expected: str) -> None:
    assert format_quantity(value, approximate=approximate) == expected


def test_numbers_and_percent_use_vietnamese_separators() -> None:
    assert format_number(25_358_667) == "25.358.667"
    assert format_number(3.72, 2) == "3,72"
    assert format_percent(0.324) == "32,4%"
    assert format_percent(0.889) == "88,9%"
    assert format_percent(0.0105, 2) == "1,05%"
    assert round_significant(0.0) == 0.0


@pytest.mark.parametrize(
    ("ratio", "expected"),
    [
        (2.0, "gấp 2 lần"),
        (2.004, "gấp 2 lần"),
        (2.77, "gấp khoảng 2,8 lần"),
        (1.4, "gấp 1,4 lần"),
        (1.06, "gấp 1,06 lần"),
        (1.34, "gấp hơn 1,3 lần"),
        (1.96, "gấp gần 2 lần"),
        (2.83, "gấp hơn 2,8 lần"),
        (1.0949, "gấp hơn 1,09 lần"),
        (1.0851, "gấp khoảng 1,09 lần"),
        (1.1, "gấp 1,1 lần"),
        (3.0049, "gấp 3 lần"),
        (2.96, "gấp gần 3 lần"),
    ],
)
def test_ratio_qualifiers(ratio: float, expected: str) -> None:
    assert ratio_phrase(ratio) == expected


def test_comparisons() -> None:
    def comp(previous: float, current: float) -> Comparison:
        change = current - previous
        return Comparison(
            previous=previous,
            period_label="năm 2021",
            change=change,
            percent_change=change / previous if previous else None,
            ratio=current / previous if previous else None,
        )

    assert comparison_phrase(comp(100, 200)) == "tăng gấp 2 lần so với năm 2021"
    assert comparison_phrase(comp(10_000, 9_870)) == "giảm 1,3% so với năm 2021"  # one decimal, everywhere
    assert comparison_phrase(comp(7, 3)) == "giảm 57,1% so với năm 2021"
    assert comparison_phrase(comp(1000, 1030)) == "tăng 3% so với năm 2021"
    assert comparison_phrase(comp(5, 5)) == "bằng năm 2021"
    assert comparison_phrase(comp(0, 165), unit="người") == "tăng 165 người so với năm 2021"


def test_fact_clause() -> None:
    count = Fact(
        metric="conference.count",
        value=45_873,
        unit="cuộc",
        subject="hội nghị",
        comparison=Comparison(
            previous=22_937, period_label="năm 2021", change=22_936, percent_change=1.0, ratio=45_873 / 22_937
        ),
    )
    people = Fact(metric="conference.participants", value=1_704_000, unit="lượt người", subject="lượt người tham dự")
    assert activity_clause(count, people) == (
        "khoảng 45.900 hội nghị (tăng gấp 2 lần so với năm 2021) với khoảng 1,7 triệu lượt người tham dự"
    )
    assert activity_clause(count, factor_approximation=True).startswith("45.900 hội nghị")
    exact = Fact(metric="x.count", value=412, unit="cuộc", subject="cuộc", approximate=False)
    assert activity_clause(exact) == "412 cuộc"


def test_dates() -> None:
    assert format_date(dt.date(2024, 5, 20)) == "ngày 20 tháng 5 năm 2024"
    assert format_date(dt.date(2024, 2, 5), pad=True) == "ngày 05 tháng 02 năm 2024"
    assert format_date(dt.date(2024, 12, 5), pad=True) == "ngày 05 tháng 12 năm 2024"
    assert place_date("Hà Nội", dt.date(2024, 5, 20)) == "Hà Nội, ngày 20 tháng 5 năm 2024"


@pytest.mark.parametrize("missing", [None, float("nan"), pd.NA, np.nan, float("inf")])
def test_missing_figures_are_written_in_words(missing: object) -> None:
    assert format_number(missing) == MISSING == "chưa có số liệu"  # type: ignore[arg-type]
    assert format_percent(missing) == MISSING  # type: ignore[arg-type]
    assert format_quantity(missing, approximate=True) == MISSING  # type: ignore[arg-type]
    assert "NaN" not in format_number(missing) + format_percent(missing)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (98, "98 hội nghị"),  # nothing was rounded: no "khoảng"
        (45_900, "45.900 hội nghị"),
        (45_873, "khoảng 45.900 hội nghị"),
        (1_704_211, "khoảng 1,7 triệu hội nghị"),
    ],
)
def test_khoang_only_where_rounding_changed_the_figure(value: int, expected: str) -> None:
    fact = Fact(metric="conference.count", value=float(value), unit="cuộc", subject="hội nghị", approximate=True)
    assert phrase_fact(fact) == expected
