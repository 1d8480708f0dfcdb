"""The dashboard's panels shared by every view: the scorecard, reporting status, the ranking
of provinces and the monthly series."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from bhxh_comms.plugin import (
    Outcome,
    format_number,
    format_percent,
    format_quantity,
)
from bhxh_comms_dashboard.constants import COMPLETENESS_STATUS, OUTCOME_ORDER, OUTCOME_SYMBOLS, PARTICIPANTS
from bhxh_comms_dashboard.records import (
    Context,
    as_int,
    as_text,
    capitalised,
    months_of,
    nice_ticks,
    table_rows,
)


def outcome_fields(code: str) -> dict[str, str]:
    outcome = Outcome(code)
    return {"outcome": outcome.value, "label": capitalised(outcome.label_vi), "symbol": OUTCOME_SYMBOLS[outcome]}


def scorecard_panel(ctx: Context) -> dict[str, Any]:
    """Targets, legend and one row per province with one cell per target (the core's folded
    result; the partner rows of a folded cell as its details)."""
    summary = table_rows(ctx.report, "target_summary")
    partner_labels = {str(r["partner"]): as_text(r.get("label")) for r in table_rows(ctx.report, "by_partner")}
    legend = [{"code": o.value, "label": capitalised(o.label_vi), "symbol": OUTCOME_SYMBOLS[o]} for o in OUTCOME_ORDER]
    targets = [
        {
            "code": as_text(r["target"]),
            "label": as_text(r.get("target_label")),
            "kind": as_text(r.get("kind")),
            "range_text": as_text(r.get("requirement")),
            "summary": as_text(r.get("phrase")),
        }
        for r in summary
    ]
    results = {(as_text(r["province"]), as_text(r["target"])): r for r in table_rows(ctx.report, "target_results")}
    details: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for record in table_rows(ctx.report, "scorecard"):
        partner = as_text(record.get("partner"))
        if partner:
            details.setdefault((as_text(record["province"]), as_text(record["target"])), []).append(
                {
                    "partner": partner,
                    "partner_label": partner_labels.get(partner, partner),
                    **outcome_fields(as_text(record["outcome"])),
                    "value_text": as_text(record.get("value_text")) or "—",
                    "reason": as_text(record.get("reason")),
                }
            )
    rows = []
    for province in ctx.provinces:
        cells = []
        for target in targets:
            key = (province["code"], target["code"])
            result = results[key]  # the core evaluates every province for every target
            parts = details.get(key, [])
            cells.append(
                {
                    "target": target["code"],
                    **outcome_fields(as_text(result["outcome"])),
                    "value_text": as_text(result.get("value_text")) or "—",
                    "reason": "" if len(parts) > 1 else as_text(result.get("reason")),
                    "details": parts if len(parts) > 1 else [],
                }
            )
        rows.append({"province": province["code"], "name": province["name"], "cells": cells})
    return {"targets": targets, "legend": legend, "rows": rows}


def completeness_panel(ctx: Context) -> dict[str, Any]:
    symbols = {code: symbol for code, symbol, _ in COMPLETENESS_STATUS}
    rows = []
    for province in ctx.provinces:
        statement = ctx.statements[province["code"]]
        record = ctx.completeness.get(province["code"], {})
        rows.append(
            {
                "province": province["code"],
                "name": province["name"],
                "status": statement.status,
                "status_text": capitalised(statement.status_text),
                "symbol": symbols.get(statement.status, ""),
                "rows": as_int(record.get("rows")),
                "rows_text": format_number(as_int(record.get("rows"))),
                "communes_text": (
                    format_number(ctx.communes.get(province["code"], 0)) if ctx.communes is not None else ""
                ),
            }
        )
    legend = [{"code": c, "symbol": s, "label": capitalised(t)} for c, s, t in COMPLETENESS_STATUS]
    by_commune = ctx.report.tables.get("by_commune")
    if ctx.communes is None:
        note = ""
    elif by_commune is not None and "commune_name" in by_commune.columns:  # the commune list mapped them
        note = (
            "Xã, phường có hoạt động: số xã, phường khác nhau trong các dòng số liệu của tỉnh, theo danh mục xã, "
            "phường áp dụng cuối kỳ (xã, phường cũ được tính vào xã, phường mới)."
        )
    else:
        note = (
            "Xã, phường có hoạt động: số mã xã, phường khác nhau trong các dòng số liệu của tỉnh. Trong năm có "
            "sắp xếp đơn vị hành chính, mã xã, phường trước và sau ngày sắp xếp được đếm riêng."
        )
    return {"legend": legend, "has_communes": ctx.communes is not None, "communes_note": note, "rows": rows}


def commune_panel(ctx: Context, code: str) -> dict[str, Any] | None:
    """A province's communes with activity in the period: one row each, the count of each
    activity type (in the types' order) and the attendances; None when the report has no
    commune detail."""
    if not ctx.by_commune:
        return None
    records = [r for r in ctx.by_commune.get(code, []) if (as_int(r.get("count")) or as_int(r.get("participants")))]
    types = [t for t in ctx.activity_types if any(as_text(r["activity_type"]) == t["code"] for r in records)]
    by_commune: dict[str, dict[str, Any]] = {}
    for record in records:
        commune = as_text(record["commune"])
        row = by_commune.setdefault(
            commune,
            {"code": commune, "name": as_text(record.get("commune_name")) or commune, "people": 0, "counts": {}},
        )
        row["counts"][as_text(record["activity_type"])] = as_int(record.get("count"))
        row["people"] += as_int(record.get("participants"))
    # Rows as plain lists (name, then the cells): thousands of communes, kept small.
    rows = [
        [row["name"], *(format_number(row["counts"].get(t["code"], 0)) for t in types), format_number(row["people"])]
        for row in sorted(by_commune.values(), key=lambda r: (r["name"], r["code"]))
    ]
    total = ctx.commune_totals.get(code)
    if total:
        share = format_percent(len(rows) / total)
        summary = f"{format_number(len(rows))}/{format_number(total)} xã, phường có hoạt động ({share})."
    else:
        summary = f"{format_number(len(rows))} xã, phường có hoạt động."
    return {
        "summary": summary,
        "columns": ["Xã, phường", *(f"{t['label']} ({t['unit']})" for t in types), "Lượt người tham dự"],
        "rows": rows,
    }


def tile_grid(points: Sequence[tuple[str, float, float]], *, fill: float = 2.2) -> dict[str, tuple[int, int]]:
    """A tile-grid map: one square per unit, placed near its centroid (``code, latitude,
    longitude``) on a grid of about ``fill`` cells per unit, north up; a unit whose cell is
    taken goes to the nearest free one (units placed north to south, west to east, so the
    result is the same every time); empty rows and columns are dropped."""
    lats = [p[1] for p in points]
    lons = [p[2] for p in points]
    height, width = max(lats) - min(lats), max(lons) - min(lons)
    cell = max(math.sqrt(max(height * width, 1e-9) / (len(points) * fill)), 1e-6)
    taken: dict[tuple[int, int], str] = {}
    placed: dict[str, tuple[int, int]] = {}
    for code, lat, lon in sorted(points, key=lambda p: (-p[1], p[2], p[0])):
        ideal = ((max(lats) - lat) / cell, (lon - min(lons)) / cell)
        best = None
        radius = 0
        while best is None:
            ring = [
                (r, c)
                for r in range(int(ideal[0]) - radius, int(ideal[0]) + radius + 2)
                for c in range(int(ideal[1]) - radius, int(ideal[1]) + radius + 2)
                if (r, c) not in taken and r >= 0 and c >= 0
            ]
            if ring:
                best = min(ring, key=lambda rc: ((rc[0] + 0.5 - ideal[0]) ** 2 + (rc[1] + 0.5 - ideal[1]) ** 2, rc))
            radius += 1
        taken[best] = code
        placed[code] = best
    rows = sorted({r for r, _ in placed.values()})
    cols = sorted({c for _, c in placed.values()})
    return {code: (rows.index(r), cols.index(c)) for code, (r, c) in placed.items()}


def map_panel(ctx: Context) -> dict[str, Any] | None:
    """The provinces as a tile-grid map (positions from the centroids in the report's
    ``units`` table); None when the units have no coordinates."""
    units = [r for r in table_rows(ctx.report, "units") if r.get("latitude") is not None]
    points = [(as_text(r["province"]), float(r["latitude"]), float(r["longitude"])) for r in units]
    points = [p for p in points if math.isfinite(p[1]) and math.isfinite(p[2])]
    if len(points) < 2:
        return None
    grid = tile_grid(points)

    def lines(name: str) -> str:
        """The name on two lines inside its square: "Thái\nNguyên" ("Huế" on one)."""
        words = name.split()
        return name if len(words) < 2 else " ".join(words[:-1]) + "\n" + words[-1]

    tiles = [
        {
            "province": code,
            "name": ctx.names.get(code, code),
            "lines": lines(ctx.names.get(code, code)),
            "row": row,
            "col": col,
        }
        for code, (row, col) in sorted(grid.items(), key=lambda item: item[1])
    ]
    return {
        "tiles": tiles,
        "rows": 1 + max(row for row, _ in grid.values()),
        "columns": 1 + max(col for _, col in grid.values()),
    }


def measure_list(ctx: Context) -> list[dict[str, str]]:
    measures = [
        {"code": a["code"], "label": a["label"], "unit": a["unit"], "measure": "count"} for a in ctx.activity_types
    ]
    measures.append(
        {
            "code": PARTICIPANTS,
            "label": "Lượt người tham dự, được truyền thông (tất cả hình thức)",
            "unit": "lượt người",
            "measure": "participants",
        }
    )
    return measures


def ranking_panel(ctx: Context, measures: Sequence[Mapping[str, str]]) -> dict[str, Any]:
    """Provinces that reported, ranked by each measure; those that did not report follow, unranked
    ("chưa báo cáo"), so that no province is ranked last for a report it never sent."""
    ranking: dict[str, Any] = {}
    reporting = [p for p in ctx.provinces if ctx.statements[p["code"]].status != "missing"]
    silent = [p for p in ctx.provinces if ctx.statements[p["code"]].status == "missing"]
    for measure in measures:
        values = []
        for province in reporting:
            if measure["code"] == PARTICIPANTS:
                participants = ctx.statements[province["code"]].participants
                value = round(participants.value) if participants is not None else 0
            else:
                value = ctx.province_value(province["code"], measure["code"])
            values.append((province, value))
        ordered = sorted(values, key=lambda pv: -pv[1])  # stable: ties keep the unit set's order
        rows = []
        for position, (province, value) in enumerate(ordered):
            rank = 1 + sum(1 for _, other in ordered[:position] if other > value)
            rows.append(
                {
                    "province": province["code"],
                    "name": province["name"],
                    "label": f"{rank}. {province['name']}",
                    "value": value,
                    "value_text": format_number(value),
                    "rank": rank,
                    "rank_text": f"xếp thứ {rank}/{len(reporting)}",
                }
            )
        status = ctx.statements[silent[0]["code"]].status_text if silent else ""
        rows += [
            {
                "province": province["code"],
                "name": province["name"],
                "label": f"– {province['name']}",
                "value": 0,
                "value_text": status,
                "rank": None,
                "rank_text": status,
            }
            for province in silent
        ]
        top = max((v for _, v in values), default=0)
        ranking[measure["code"]] = {"domain_max": round(top * 1.18, 2) if top > 0 else 1, "rows": rows}
    return ranking


def monthly_series(
    ctx: Context, measures: Sequence[Mapping[str, str]], records: Sequence[Sequence[Mapping[str, Any]]]
) -> dict[str, Any]:
    """Per measure: the chart rows of each period (``records[0]`` this period, ``records[1]``
    the comparison), aligned on the months of this period."""
    report = ctx.report
    periods = [report.metadata.period]
    if report.metadata.comparison_period is not None:
        periods.append(report.metadata.comparison_period)
    current_months = months_of(report.metadata.period)
    month_labels = [f"Tháng {m}" for _, m in current_months]
    out: dict[str, Any] = {}
    for measure in measures:
        rows: list[dict[str, Any]] = []
        for order, (period, period_records) in enumerate(zip(periods, records, strict=False)):
            sums: dict[str, int] = {}
            for record in period_records:
                if measure["code"] == PARTICIPANTS:
                    sums[str(record["month"])] = sums.get(str(record["month"]), 0) + as_int(record["participants"])
                elif str(record["activity_type"]) == measure["code"]:
                    sums[str(record["month"])] = sums.get(str(record["month"]), 0) + as_int(record["count"])
            for index, (year, month) in enumerate(months_of(period)[: len(current_months)]):
                value = sums.get(f"{year:04d}-{month:02d}", 0)
                rows.append(
                    {
                        "series": period.label,
                        "series_order": order,
                        "month_index": index + 1,
                        "month_label": month_labels[index],
                        "month_number": str(current_months[index][1]),
                        "month_text": f"tháng {month}/{year}",
                        "value": value,
                        "value_text": format_number(value),
                    }
                )
        ticks = nice_ticks(max((r["value"] for r in rows), default=0))
        out[measure["code"]] = {
            "ticks": ticks,
            "tick_labels": {str(t): format_quantity(t) for t in ticks},
            "rows": rows,
        }
    return out


def monthly_panel(ctx: Context, measures: Sequence[Mapping[str, str]]) -> dict[str, Any] | None:
    report = ctx.report
    if "monthly" not in report.tables:
        return None
    records = [table_rows(report, "monthly")]
    if report.metadata.comparison_period is not None and "monthly_previous" in report.tables:
        records.append(table_rows(report, "monthly_previous"))
    return {
        "series": [p.label for p in ctx.monthly_periods(len(records))],
        "months": [f"Tháng {m}" for _, m in months_of(report.metadata.period)],
        "measures": monthly_series(ctx, measures, records),
    }


def province_monthly(ctx: Context, code: str, measures: Sequence[Mapping[str, str]]) -> dict[str, Any] | None:
    """A province's monthly series in compact form: values and their texts in the order of the
    national rows (the page copies the national rows and swaps these in), with its own ticks."""
    if ctx.monthly_by_province is None or "monthly" not in ctx.report.tables:
        return None
    records = [ctx.monthly_by_province.get(code, [])]
    if ctx.report.metadata.comparison_period is not None and "monthly_previous" in ctx.report.tables:
        records.append(ctx.monthly_by_province_previous.get(code, []))
    series = monthly_series(ctx, measures, records)
    return {
        code_: {
            "ticks": item["ticks"],
            "tick_labels": item["tick_labels"],
            "values": [row["value"] for row in item["rows"]],
            "texts": [row["value_text"] for row in item["rows"]],
        }
        for code_, item in series.items()
    }
