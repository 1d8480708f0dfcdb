"""The dashboard's JSON: schema, figures against the report, formatting done in Python."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re
from pathlib import Path
from typing import Any

import pytest
from bhxh_comms_dashboard import SCHEMA, build_dashboard_data

from bhxh_comms import synthetic
from bhxh_comms.datafiles import default_catalogs, default_targets, default_units
from bhxh_comms.models.periods import Period
from bhxh_comms.models.targets import Outcome
from bhxh_comms.phrasing import format_number
from bhxh_comms.report.build import build_report
from bhxh_comms.report.model import Report

TOP_LEVEL = [
    "schema",
    "generator",
    "metadata",
    "activity_types",
    "provinces",
    "measures",
    "views",
    "ranking",
    "map",
    "monthly",
    "scorecard",
    "completeness",
    "charts",
]
VIEW_KEYS = ["code", "name", "scope_phrase", "headline", "summary", "activity", "monthly", "monthly_note", "communes"]
CARD_KEYS = ["id", "label", "value", "value_text", "unit", "previous_text", "change_text", "direction", "detail"]
VIETNAMESE_NUMBER = re.compile(r"^-?\d{1,3}(\.\d{3})*(,\d+)?$")


def test_json_schema_keys(dashboard_data: dict[str, Any], report: Report) -> None:
    data = dashboard_data
    assert list(data) == TOP_LEVEL
    assert data["schema"] == SCHEMA == "bhxh-comms-dashboard/1"
    assert data["generator"].startswith("bhxh-comms-dashboard ")
    assert list(data["metadata"]) == [
        "title",
        "issuing_body",
        "parent_body",
        "unit_set",
        "period",
        "comparison_period",
        "generated_at",
        "generated_at_text",
        "subtitle",
        "units_reporting",
        "units_total",
        "units_phrase",
        "reporting",
        "notes",
        "processing",
    ]
    assert data["metadata"]["period"] == {"start": "2025-01-01", "end": "2025-12-31", "label": "năm 2025"}
    assert data["metadata"]["generated_at_text"] == "ngày 15 tháng 1 năm 2026"
    assert list(data["metadata"]["notes"]) == list(report.metadata.notes)
    assert list(data["metadata"]["processing"]) == list(report.metadata.processing)

    provinces = list(report.tables["province_totals"]["province"].astype(str))
    assert [p["code"] for p in data["provinces"]] == provinces
    assert list(data["views"]) == ["all", *provinces]
    for code, view in data["views"].items():
        assert list(view) == VIEW_KEYS, code
        assert view["code"] == code
        assert [list(card) for card in view["headline"]] == [CARD_KEYS] * len(view["headline"])
        assert list(view["activity"]) == ["series", "note", "rows"]
        for row in view["activity"]["rows"]:
            assert list(row) == ["activity_type", "values", "texts", "relative", "change_text"]
            assert len(row["values"]) == len(row["texts"]) == len(row["relative"]) == len(view["activity"]["series"])

    codes = list(report.tables["national"]["activity_type"].astype(str))
    assert [a["code"] for a in data["activity_types"]] == codes
    assert [list(a) for a in data["activity_types"]] == [["code", "label", "unit", "lines", "lines_narrow"]] * len(
        codes
    )
    assert [m["code"] for m in data["measures"]] == [*codes, "participants"]
    assert list(data["ranking"]) == [*codes, "participants"]
    assert list(data["monthly"]) == ["series", "months", "measures"]
    assert data["monthly"]["series"] == ["năm 2025", "năm 2024"]
    assert list(data["monthly"]["measures"]["conference"]) == ["ticks", "tick_labels", "rows"]
    assert list(data["scorecard"]) == ["targets", "legend", "rows"]
    assert [t["code"] for t in data["scorecard"]["targets"]] == list(report.tables["target_summary"]["target"])
    assert [entry["code"] for entry in data["scorecard"]["legend"]] == [o.value for o in Outcome]
    cell_keys = ["target", "outcome", "label", "symbol", "value_text", "reason", "details"]
    for row in data["scorecard"]["rows"]:
        assert list(row) == ["province", "name", "cells"]
        assert all(list(cell) == cell_keys for cell in row["cells"])
    assert [list(row) for row in data["completeness"]["rows"]] == [
        ["province", "name", "status", "status_text", "symbol", "rows", "rows_text", "communes_text"]
    ] * len(provinces)
    assert [list(row) for row in data["ranking"]["conference"]["rows"]] == [
        ["province", "name", "label", "value", "value_text", "rank", "rank_text"]
    ] * len(provinces)
    assert list(data["monthly"]["measures"]["conference"]["rows"][0]) == [
        "series",
        "series_order",
        "month_index",
        "month_label",
        "month_number",
        "month_text",
        "value",
        "value_text",
    ]
    assert list(data["completeness"]) == ["legend", "has_communes", "communes_note", "rows"]
    assert list(data["charts"]) == ["activity", "monthly", "ranking", "map"]
    for spec in data["charts"].values():
        assert spec["data"] == {"name": "table"}
        assert spec["$schema"].endswith("/vega-lite/v5.json")


def test_figures_are_phrased_in_python(dashboard_data: dict[str, Any]) -> None:
    """Every figure arrives as a string in the Vietnamese format, for every province."""
    for view in dashboard_data["views"].values():
        for card in view["headline"]:
            if card["id"] == "participants":
                assert VIETNAMESE_NUMBER.match(card["value_text"]), card
                assert card["value_text"] == format_number(card["value"])
        for row in view["activity"]["rows"]:
            assert all(VIETNAMESE_NUMBER.match(text) for text in row["texts"]), row
    national = dashboard_data["views"]["all"]["headline"][0]
    assert national["value_text"] == "157.504"
    assert national["previous_text"] == "năm 2024: 119.980"
    assert national["change_text"] == "tăng gấp hơn 1,3 lần so với năm 2024"
    assert national["direction"] == "up"
    ticks = dashboard_data["monthly"]["measures"]["publication"]
    assert all(ticks["tick_labels"][str(t)] == format_number(t) for t in ticks["ticks"] if t < 1_000_000)


def test_province_views_come_from_the_province_tables(dashboard_data: dict[str, Any], report: Report) -> None:
    totals = report.tables["province_totals"].set_index("province")
    by_province = report.tables["by_province"]
    national = dashboard_data["views"]["all"]["headline"]
    assert national[0]["value"] == int(totals["participants"].sum())
    national_types = report.tables["national"]
    assert national[1]["id"] == "activity_types"  # counts in different units are never added up
    assert national[1]["value"] == int((national_types["count"] > 0).sum())
    rose = int((national_types["count"] > national_types["count_previous"]).sum())
    assert national[1]["change_text"] == f"{rose} hình thức tăng so với năm 2024"
    for code, view in dashboard_data["views"].items():
        if code == "all":
            continue
        cards = {card["id"]: card for card in view["headline"]}
        assert cards["participants"]["value"] == int(totals.loc[code, "participants"])
        mine = by_province[by_province["province"] == code]
        assert cards["activity_types"]["value"] == int((mine["count"] > 0).sum())
        fell = int((mine["count"] < mine["count_previous"]).sum())
        assert cards["activity_types"]["detail"].startswith(f"giảm: {fell} ·")
        assert (
            cards["participants"]["previous_text"]
            == f"năm 2024: {format_number(totals.loc[code, 'participants_previous'])}"
        )
        rows = by_province[by_province["province"].astype(str) == code].set_index("activity_type")
        for row in view["activity"]["rows"]:
            expected = int(rows.loc[row["activity_type"], "count"]) if row["activity_type"] in rows.index else 0
            assert row["values"][0] == expected
        monthly = view["monthly"]["conference"]
        mine = report.tables["monthly_by_province"]
        mine = mine[(mine["province"] == code) & (mine["activity_type"] == "conference")]
        months = dashboard_data["monthly"]["measures"]["conference"]["rows"]
        this_year = [value for value, row in zip(monthly["values"], months, strict=True) if row["series_order"] == 0]
        expected_months = dict(zip(mine["month"], mine["count"], strict=True))
        assert this_year == [int(expected_months.get(f"2025-{m:02d}", 0)) for m in range(1, 13)]
        assert monthly["texts"] == [format_number(v) for v in monthly["values"]]
        assert monthly["ticks"][-1] >= max(monthly["values"])
        assert view["monthly_note"] == ""
    assert dashboard_data["views"]["all"]["monthly"] is None  # the national series is data["monthly"]
    assert dashboard_data["views"]["01"]["headline"] != dashboard_data["views"]["04"]["headline"]
    assert dashboard_data["views"]["01"]["summary"] == report.statements.provinces["01"].paragraph
    assert dashboard_data["views"]["01"]["summary"].startswith("Trong năm 2025, BHXH Hà Nội")


def test_ranking_and_scorecard(dashboard_data: dict[str, Any], report: Report) -> None:
    ranking = dashboard_data["ranking"]["conference"]["rows"]
    values = [row["value"] for row in ranking]
    assert values == sorted(values, reverse=True)
    assert ranking[0]["rank"] == 1 and ranking[0]["label"].startswith("1. ")
    for previous, row in itertools.pairwise(ranking):
        assert row["rank"] == (previous["rank"] if row["value"] == previous["value"] else ranking.index(row) + 1)

    scorecard = report.tables["scorecard"]
    rows = {row["province"]: row for row in dashboard_data["scorecard"]["rows"]}
    targets = [t["code"] for t in dashboard_data["scorecard"]["targets"]]
    for province, row in rows.items():
        assert [cell["target"] for cell in row["cells"]] == targets
        for cell in row["cells"]:
            part = scorecard[(scorecard["province"] == province) & (scorecard["target"] == cell["target"])]
            if len(part) == 1:
                assert cell["outcome"] == part["outcome"].iloc[0]
            else:  # one row per partner, folded by the core's rule: met when every row is met
                assert len(cell["details"]) == len(part)
                met = part["outcome"].isin(["within", "above"]).all()
                assert (cell["outcome"] in ("within", "above")) == met
    summary = report.tables["target_summary"].set_index("target")
    for target in dashboard_data["scorecard"]["targets"]:
        met = sum(rows[p]["cells"][targets.index(target["code"])]["outcome"] in ("within", "above") for p in rows)
        assert met == summary.loc[target["code"], "met"]
        assert target["summary"] == summary.loc[target["code"], "phrase"]


def test_the_province_view_lists_its_communes(
    dashboard_data: dict[str, Any], report: Report, outputs: dict[str, Path]
) -> None:
    by_commune = report.tables["by_commune"]
    by_commune = by_commune[(by_commune["count"] > 0) | (by_commune["participants"] > 0)]  # active this period
    assert dashboard_data["completeness"]["has_communes"] is True
    expected = by_commune.groupby(by_commune["province"].astype(str), observed=True)["commune"].nunique()
    for row in dashboard_data["completeness"]["rows"]:
        assert row["communes_text"] == format_number(expected.get(row["province"], 0))
    assert dashboard_data["views"]["all"]["communes"] is None
    for code, active in expected.items():
        panel = dashboard_data["views"][code]["communes"]
        assert len(panel["rows"]) == active
        assert all(len(row) == len(panel["columns"]) for row in panel["rows"])
        assert panel["summary"].startswith(f"{format_number(active)}/")


def _report_without_comparison() -> Report:
    units, catalogs = default_units(), default_catalogs()
    log = synthetic.activities(
        units=units, catalogs=catalogs, start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31), rows=600, seed=3
    )
    denominators = synthetic.denominators(units.get("vn-34"), seed=5).set_index("province")
    return build_report(
        log,
        period=Period.year(2025),
        catalogs=catalogs,
        units=units,
        targets=default_targets(),
        denominators=denominators,
        generated_at=dt.datetime(2026, 1, 15, 8, 0, tzinfo=dt.UTC),
    )


def test_report_without_comparison_period(tmp_path: Path) -> None:
    report = _report_without_comparison()
    data = build_dashboard_data(report)
    view = data["views"]["all"]
    assert view["activity"]["series"] == ["năm 2025"]
    assert all(card["change_text"] == "" and card["direction"] is None for card in view["headline"])
    assert data["monthly"]["series"] == ["năm 2025"]
    json.dumps(data, allow_nan=False)


def test_missing_optional_tables() -> None:
    report = _report_without_comparison()
    dropped = ("by_commune", "scorecard", "target_summary", "target_results")
    tables = {k: v for k, v in report.tables.items() if k not in dropped}
    tables["province_totals"] = tables["province_totals"].drop(columns="communes")
    trimmed = Report(metadata=report.metadata, tables=tables, facts=report.facts)
    data = build_dashboard_data(trimmed)
    assert data["scorecard"]["targets"] == []
    assert data["completeness"]["has_communes"] is False
    assert data["completeness"]["communes_note"] == ""
    assert all(row["communes_text"] == "" for row in data["completeness"]["rows"])


@pytest.mark.parametrize("value", [0, 7, 123, 45_873, 1_704_211])
def test_ticks_cover_the_maximum(value: int) -> None:
    from bhxh_comms_dashboard.records import nice_ticks as _nice_ticks

    ticks = _nice_ticks(value)
    assert ticks[0] == 0 and ticks[-1] >= value and len(ticks) <= 12
    assert len({b - a for a, b in itertools.pairwise(ticks)}) == 1
    assert all(type(t) is int for t in ticks)


def test_the_tile_map_places_every_province_once(dashboard_data: dict[str, Any], report: Report) -> None:
    """One square per province, no two on one cell, north at the top (positions from the
    centroids of the report's units table: data, not code)."""
    tile_map = dashboard_data["map"]
    tiles = {t["province"]: t for t in tile_map["tiles"]}
    assert set(tiles) == set(report.tables["units"]["province"]) and len(tiles) == 34
    assert len({(t["row"], t["col"]) for t in tiles.values()}) == 34
    assert all(0 <= t["row"] < tile_map["rows"] and 0 <= t["col"] < tile_map["columns"] for t in tiles.values())
    assert tiles["08"]["row"] < tiles["01"]["row"] < tiles["46"]["row"] < tiles["79"]["row"] < tiles["96"]["row"]
    assert tiles["31"]["col"] > tiles["01"]["col"]  # Hải Phòng east of Hà Nội
    assert tiles["19"]["lines"] == "Thái\nNguyên"
    assert "map" in dashboard_data["charts"]


def test_a_province_that_did_not_report_shows_no_figure_of_its_own() -> None:
    """Not "0" attendances, "0/10" types, "0/0" targets and zero bars: "-", as the core says."""
    from bhxh_comms.testing import sample_report

    report = sample_report(rows=1_500, reporting=30)
    silent = next(p for p in report.statements.provinces.values() if p.status == "missing")
    view = build_dashboard_data(report)["views"][silent.province]
    cards = {card["id"]: card for card in view["headline"]}
    assert (cards["participants"]["value_text"], cards["activity_types"]["value_text"]) == ("-", "-")
    assert cards["targets"]["value_text"] == "-" and cards["reporting"]["value_text"] == "Chưa báo cáo"
    assert {row["texts"][0] for row in view["activity"]["rows"]} == {"-"}
    reported = next(p for p in report.statements.provinces.values() if p.status != "missing")
    assert build_dashboard_data(report)["views"][reported.province]["headline"][0]["value_text"] != "-"
