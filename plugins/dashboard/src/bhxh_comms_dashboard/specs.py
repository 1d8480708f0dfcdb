"""Vega-Lite specifications of the dashboard's three charts.

Each specification reads its rows from the data set named ``table`` and its per-view settings
from top-level ``params``; ``dashboard.js`` fills both from the dashboard data before drawing,
and sets ``height`` to the number of rows times ``usermeta.row_height`` for the two bar charts
(see ``docs/dashboard.md``, "Drawing the charts yourself"). Every number shown in a chart is a
string prepared in Python (``value_text``, ``ticklabels``): Vega never formats one.
"""

from __future__ import annotations

from typing import Any

SCHEMA_URL = "https://vega.github.io/schema/vega-lite/v5.json"
"""An identifier Vega-Embed reads to pick the Vega-Lite parser; it is never fetched."""

FONT = '"Segoe UI", Roboto, "Helvetica Neue", Arial, "Liberation Sans", sans-serif'
TEXT = "#1b1f24"
CURRENT = "#1f5fa8"
"""The report period; 6.3:1 on white."""
PREVIOUS = "#6b7785"
"""The comparison period (or the average of one province); 4.6:1 on white."""
BAR = "#4a7fb5"
HIGHLIGHT = "#b45309"
"""The selected province in the ranking; 5.0:1 on white, told apart by bold labels as well."""


def _config() -> dict[str, Any]:
    return {
        "font": FONT,
        "aria": False,
        "background": "#ffffff",
        "view": {"stroke": None},
        "axis": {
            "labelFontSize": 12,
            "labelColor": TEXT,
            "titleColor": TEXT,
            "domainColor": "#5f6b76",
            "tickColor": "#5f6b76",
            "gridColor": "#dde2e7",
        },
        "legend": {"labelFontSize": 13, "labelColor": TEXT, "symbolSize": 160, "labelLimit": 0},
        "text": {"fontSize": 12, "color": TEXT},
    }


def _legend() -> dict[str, Any]:
    return {"title": None, "orient": "top", "direction": "horizontal"}


def activity_spec() -> dict[str, Any]:
    """This period against the comparison period, per activity type. Each activity type has its
    own unit, so bar lengths are ``relative`` (share of the larger value of the row)."""
    return {
        "$schema": SCHEMA_URL,
        "description": "Biểu đồ thanh (số liệu trong bảng ngay dưới): số lượng theo hình thức truyền thông",
        "data": {"name": "table"},
        "params": [{"name": "headings", "value": {}}],
        "width": "container",
        "height": 560,
        "usermeta": {"row_height": 56},
        "autosize": {"type": "fit-x", "contains": "padding"},
        "encoding": {
            "y": {
                "field": "activity_type",
                "type": "nominal",
                "sort": None,
                "scale": {"paddingInner": 0.22, "paddingOuter": 0.1},
                "axis": {
                    "title": None,
                    "labelLimit": 330,
                    "labelPadding": 10,
                    "labelFontSize": 12,
                    "labelLineHeight": 15,
                    "labelExpr": "headings[datum.value]",
                    # Vega puts the first line of a multi-line label on the band's middle: the
                    # block moves up by half of the lines below it.
                    "labelOffset": {"expr": "-(length(headings[datum.value]) - 1) * 7.5"},
                    "ticks": False,
                    "domain": False,
                },
            },
            "yOffset": {"field": "series", "type": "nominal", "sort": None, "scale": {"paddingInner": 0.08}},
            "x": {"field": "relative", "type": "quantitative", "axis": None, "scale": {"domain": [0, 1.25]}},
            "tooltip": [
                {"field": "label", "type": "nominal", "title": "Hình thức"},
                {"field": "series", "type": "nominal", "title": "Kỳ"},
                {"field": "value_text", "type": "nominal", "title": "Số lượng"},
            ],
        },
        "layer": [
            {
                "mark": {"type": "bar", "cornerRadiusEnd": 2},
                "encoding": {
                    "color": {
                        "field": "series",
                        "type": "nominal",
                        "sort": None,
                        "scale": {"range": [CURRENT, PREVIOUS]},
                        "legend": _legend(),
                    }
                },
            },
            {
                "mark": {"type": "text", "align": "left", "baseline": "middle", "dx": 4},
                "encoding": {"text": {"field": "value_text", "type": "nominal"}},
            },
        ],
        "config": _config(),
    }


def monthly_spec() -> dict[str, Any]:
    """Monthly series of the report period and of the comparison period (national)."""
    series = {"field": "series", "type": "nominal", "sort": None}
    line_legend = {**_legend(), "symbolType": "stroke", "symbolStrokeWidth": 2.5, "symbolSize": 400}
    return {
        "$schema": SCHEMA_URL,
        "description": "Biểu đồ đường (số liệu trong bảng ngay dưới): diễn biến theo tháng, kỳ báo cáo và kỳ so sánh",
        "data": {"name": "table"},
        "params": [{"name": "ticklabels", "value": {}}],
        "width": "container",
        "height": 280,
        "autosize": {"type": "fit-x", "contains": "padding"},
        "encoding": {
            "x": {
                "field": "month_number",
                "type": "ordinal",
                "sort": None,
                "axis": {"title": "Tháng", "labelAngle": 0, "titleFontWeight": "normal", "titleFontSize": 12},
            },
            "y": {
                "field": "value",
                "type": "quantitative",
                "scale": {"domain": [0, 1]},
                # the title is the measure's ("Số lượng (cuộc)"), set when the measure is drawn
                "axis": {
                    "title": "Số lượng",
                    "titleFontWeight": "normal",
                    "titleFontSize": 12,
                    "values": [0, 1],
                    "labelExpr": "ticklabels[datum.value] || ''",
                },
            },
            "color": {**series, "scale": {"range": [CURRENT, PREVIOUS]}, "legend": line_legend},
            "strokeDash": {**series, "scale": {"range": [[1, 0], [6, 4]]}, "legend": line_legend},
            "tooltip": [
                {"field": "month_text", "type": "nominal", "title": "Tháng"},
                {"field": "value_text", "type": "nominal", "title": "Số lượng"},
            ],
        },
        "layer": [
            {"mark": {"type": "line", "strokeWidth": 2.5}},
            {"mark": {"type": "point", "filled": True, "size": 55, "opacity": 1}},
        ],
        "config": _config(),
    }


def ranking_spec() -> dict[str, Any]:
    """Provinces ranked by one measure; the selected province (param ``highlight``) stands out
    by colour, bold label and bold value."""
    selected = "datum.province === highlight"
    return {
        "$schema": SCHEMA_URL,
        "description": "Biểu đồ thanh (số liệu trong bảng ngay dưới): xếp hạng các tỉnh, thành phố",
        "data": {"name": "table"},
        "params": [{"name": "highlight", "value": ""}, {"name": "highlight_label", "value": ""}],
        "width": "container",
        "height": 680,
        "usermeta": {"row_height": 20},
        "autosize": {"type": "fit-x", "contains": "padding"},
        "encoding": {
            "y": {
                "field": "label",
                "type": "nominal",
                "sort": None,
                "axis": {
                    "title": None,
                    "labelLimit": 220,
                    "labelPadding": 6,
                    "ticks": False,
                    "domain": False,
                    "labelFontWeight": {
                        "condition": {"test": "datum.value === highlight_label", "value": "bold"},
                        "value": "normal",
                    },
                    "labelColor": {
                        "condition": {"test": "datum.value === highlight_label", "value": HIGHLIGHT},
                        "value": TEXT,
                    },
                },
            },
            "x": {"field": "value", "type": "quantitative", "axis": None, "scale": {"domain": [0, 1]}},
            "tooltip": [
                {"field": "name", "type": "nominal", "title": "Tỉnh, thành phố"},
                {"field": "value_text", "type": "nominal", "title": "Số lượng"},
                {"field": "rank_text", "type": "nominal", "title": "Xếp hạng"},
            ],
        },
        "layer": [
            {
                "mark": {"type": "bar", "cornerRadiusEnd": 2, "height": {"band": 0.75}},
                "encoding": {"color": {"condition": {"test": selected, "value": HIGHLIGHT}, "value": BAR}},
            },
            {
                "transform": [{"filter": f"!({selected})"}],
                "mark": {"type": "text", "align": "left", "baseline": "middle", "dx": 4},
                "encoding": {"text": {"field": "value_text", "type": "nominal"}},
            },
            {
                "transform": [{"filter": selected}],
                "mark": {"type": "text", "align": "left", "baseline": "middle", "dx": 4, "fontWeight": "bold"},
                "encoding": {"text": {"field": "value_text", "type": "nominal"}},
            },
        ],
        "config": _config(),
    }


def map_spec() -> dict[str, Any]:
    """The provinces as a tile-grid map (one square each, positions in the data), coloured by
    the ranking's measure; a province that did not report is grey; the selected one (param
    ``highlight``) is outlined. Clicking a square selects its province (see dashboard.js)."""
    selected = "datum.province === highlight"
    position = {
        "x": {"field": "col", "type": "ordinal", "axis": None, "scale": {"paddingInner": 0.06}},
        "y": {"field": "row", "type": "ordinal", "axis": None, "scale": {"paddingInner": 0.06}},
    }
    return {
        "$schema": SCHEMA_URL,
        "description": "Bản đồ ô (số liệu trong bảng xếp hạng ngay dưới): mỗi ô một tỉnh, thành phố, màu theo số lượng",
        "data": {"name": "table"},
        "params": [{"name": "highlight", "value": ""}],
        "width": {"step": 58},
        "height": {"step": 40},
        "encoding": position,
        "layer": [
            {
                # invalid: null keeps the squares without a value (Vega-Lite drops them by
                # default), so a province that did not report is drawn, grey
                "mark": {"type": "rect", "cursor": "pointer", "cornerRadius": 2, "invalid": None},
                "encoding": {
                    "color": {
                        "condition": {"test": "datum.value === null", "value": "#e5e7eb"},
                        "field": "value",
                        "type": "quantitative",
                        "scale": {"scheme": "blues", "domainMin": 0},
                        "legend": {**_legend(), "title": None, "orient": "bottom", "gradientLength": 220},
                    },
                    "stroke": {"condition": {"test": selected, "value": HIGHLIGHT}, "value": "#ffffff"},
                    "strokeWidth": {"condition": {"test": selected, "value": 3}, "value": 1},
                    "tooltip": [
                        {"field": "name", "type": "nominal", "title": "Tỉnh, thành phố"},
                        {"field": "value_text", "type": "nominal", "title": "Số lượng"},
                    ],
                },
            },
            {
                "mark": {"type": "text", "fontSize": 9, "lineBreak": "\n", "baseline": "middle", "cursor": "pointer"},
                "encoding": {
                    "text": {"field": "lines", "type": "nominal"},
                    "color": {"condition": {"test": "datum.dark", "value": "#ffffff"}, "value": "#1f2937"},
                    "fontWeight": {"condition": {"test": selected, "value": "bold"}, "value": "normal"},
                    "tooltip": [
                        {"field": "name", "type": "nominal", "title": "Tỉnh, thành phố"},
                        {"field": "value_text", "type": "nominal", "title": "Số lượng"},
                    ],
                },
            },
        ],
        "config": _config(),
    }


def chart_specs() -> dict[str, Any]:
    return {"activity": activity_spec(), "monthly": monthly_spec(), "ranking": ranking_spec(), "map": map_spec()}
