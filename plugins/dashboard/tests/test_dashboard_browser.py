"""The dashboard in a real browser (headless system Chromium, network blocked)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bhxh_comms import get_plugin_manager
from bhxh_comms.report.model import Report
from bhxh_comms.testing import sample_report

CHARTS = ("activity", "monthly", "ranking")
MARKS = "svg .role-mark path, svg .role-mark line, svg .role-mark text"
HIGHLIGHT_FILL = "#b45309"


def _marks(page: Any, chart: str) -> int:
    count: int = page.eval_on_selector_all(f'[data-chart="{chart}"] :is({MARKS})', "nodes => nodes.length")
    return count


def _headline(page: Any) -> list[str]:
    texts: list[str] = page.eval_on_selector_all(
        '[data-role="headline"] .bhxh-dash__card', "cards => cards.map(c => c.textContent)"
    )
    return texts


def test_standalone_renders_offline(
    offline_page: Callable[..., Any], outputs: dict[str, Path], hostile_note: str
) -> None:
    view = offline_page()
    page = view.open(outputs["dashboard.html"])
    for chart in CHARTS:
        assert page.locator(f'[data-chart="{chart}"] svg').count() == 1, chart
        assert _marks(page, chart) > 10, chart
    assert page.evaluate("typeof window.__pwned") == "undefined"
    notes = page.locator(".bhxh-dash__notes li").all_text_contents()
    assert hostile_note in notes
    assert page.evaluate("document.documentElement.lang") == "vi"
    assert page.locator("h1").count() == 1
    assert page.locator("h2").count() >= 6
    assert page.locator("label[for]").count() == 3
    assert len(_headline(page)) == 4
    assert page.locator('[data-role="completeness-note"]').is_visible()
    # every chart has a table equivalent, filled in
    for role in ("activity-table", "monthly-table", "ranking-table"):
        assert page.locator(f'details [data-role="{role}"] table tbody tr').count() > 5, role
    assert page.locator('[data-role="scorecard-table"] tbody tr').count() == 34
    assert page.locator('[data-role="completeness-table"] tbody tr').count() == 34
    assert view.errors == []
    assert view.requests == []


def test_province_filter_updates_every_panel(offline_page: Callable[..., Any], outputs: dict[str, Path]) -> None:
    view = offline_page()
    page = view.open(outputs["dashboard.html"])
    before = {
        "headline": _headline(page),
        "activity": page.locator('[data-role="activity-table"]').text_content(),
        "ranking_text": page.locator('[data-role="ranking-text"]').text_content(),
        "activity_rendered": page.get_attribute('[data-chart="activity"]', "data-rendered"),
        "ranking_rendered": page.get_attribute('[data-chart="ranking"]', "data-rendered"),
    }
    assert page.locator('[data-chart="ranking"] svg path[fill="' + HIGHLIGHT_FILL + '"]').count() == 0

    # keyboard only: focus the labelled select and move to the first province
    select = page.get_by_label("Tỉnh, thành phố", exact=True)
    select.focus()
    page.keyboard.press("ArrowDown")
    assert select.input_value() == "01"
    page.wait_for_function(
        "(n) => document.querySelector('bhxh-dashboard').shadowRoot"
        ".querySelector('[data-chart=\"ranking\"]').getAttribute('data-rendered') !== n",
        arg=before["ranking_rendered"],
    )
    page.wait_for_function(
        "(n) => document.querySelector('bhxh-dashboard').shadowRoot"
        ".querySelector('[data-chart=\"activity\"]').getAttribute('data-rendered') !== n",
        arg=before["activity_rendered"],
    )

    after = _headline(page)
    assert after != before["headline"]
    assert any("7.183" in card for card in after)  # Hà Nội's attendances, phrased in Python
    assert page.locator('[data-role="scope-name"]').text_content() == "Hà Nội"
    assert "Hà Nội" in (page.locator('[data-role="summary"]').text_content() or "")
    assert page.locator('[data-role="activity-table"]').text_content() != before["activity"]
    assert page.locator('[data-role="activity-note"]').text_content().startswith("Hà Nội: mỗi hình thức")
    assert not page.locator('[data-role="monthly-note"]').is_visible()  # the monthly series is Hà Nội's own
    assert "Hà Nội, theo tháng" in page.locator('[data-role="monthly-table"] caption').text_content()
    ranking_text = page.locator('[data-role="ranking-text"]').text_content()
    assert ranking_text != before["ranking_text"] and ranking_text.startswith("Hà Nội xếp thứ")
    assert page.locator('[data-chart="ranking"] svg path[fill="' + HIGHLIGHT_FILL + '"]').count() == 1
    assert page.locator('[data-role="ranking-table"] tr.bhxh-dash__row--selected').count() == 1
    scorecard_rows = page.locator('[data-role="scorecard-table"] tbody tr')
    assert scorecard_rows.count() == 7 + 6  # seven targets, one of them with six partner rows
    assert page.locator('[data-role="completeness-table"] tbody tr').count() == 1
    assert "Hà Nội" in page.locator('[data-role="completeness-table"] tbody').text_content()
    assert page.locator('[data-role="status"]').text_content() == "Đang hiển thị số liệu: Hà Nội."

    # the other selects redraw their chart
    rendered = page.get_attribute('[data-chart="monthly"]', "data-rendered")
    page.get_by_label("Chỉ số", exact=True).select_option("participants")
    page.wait_for_function(
        "(n) => document.querySelector('bhxh-dashboard').shadowRoot"
        ".querySelector('[data-chart=\"monthly\"]').getAttribute('data-rendered') !== n",
        arg=rendered,
    )
    assert "Lượt người tham dự" in page.locator('[data-role="monthly-table"] caption').text_content()

    select.select_option("all")
    page.wait_for_function(
        "document.querySelector('bhxh-dashboard').shadowRoot"
        ".querySelector('[data-role=\"scope-name\"]').textContent === 'Toàn quốc'"
    )
    assert _headline(page) == before["headline"]
    assert view.errors == []
    assert view.requests == []


def test_initial_province_option(offline_page: Callable[..., Any], report: Report, tmp_path: Path) -> None:
    paths = get_plugin_manager().renderer("dashboard").render(report, tmp_path, {"province": "79", "outputs": "html"})
    view = offline_page()
    page = view.open(paths[0])
    assert page.get_by_label("Tỉnh, thành phố", exact=True).input_value() == "79"
    assert page.locator('[data-role="scope-name"]').text_content() == "Hồ Chí Minh"
    assert view.errors == [] and view.requests == []


HOST_STYLE = """
h2 { color: rgb(255, 0, 0); font-size: 30px; margin: 7px 0; }
p { font-family: monospace; color: rgb(0, 0, 255); line-height: 1.1; }
table { border: 4px solid rgb(0, 128, 0); }
section { padding: 3px; }
"""
HOST_PROPERTIES = (
    "color",
    "font-family",
    "font-size",
    "font-weight",
    "line-height",
    "margin-top",
    "margin-bottom",
    "padding-top",
    "background-color",
    "border-top-width",
    "border-top-color",
    "box-sizing",
    "text-align",
)


def _host_page(body: str) -> str:
    return (
        '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Trang chủ</title>'
        f"<style>{HOST_STYLE}</style></head><body>"
        '<section id="before"><h2 id="host-h2">Tin tức</h2><p id="host-p">Đoạn văn của trang chứa.</p>'
        '<table id="host-table"><tr><td>1</td></tr></table></section>'
        f"{body}"
        '<section id="after"><h2 id="host-h2-after">Liên hệ</h2><p id="host-p-after">Chân trang.</p></section>'
        "</body></html>"
    )


def _host_styles(page: Any) -> dict[str, dict[str, str]]:
    styles: dict[str, dict[str, str]] = page.evaluate(
        """(props) => {
        const out = {};
        for (const id of ['before', 'host-h2', 'host-p', 'host-table', 'after', 'host-h2-after', 'host-p-after']) {
          const style = getComputedStyle(document.getElementById(id));
          out[id] = Object.fromEntries(props.map(p => [p, style.getPropertyValue(p)]));
        }
        out.body = Object.fromEntries(props.map(p => [p, getComputedStyle(document.body).getPropertyValue(p)]));
        return out;
    }""",
        list(HOST_PROPERTIES),
    )
    return styles


def test_fragment_in_a_host_page(offline_page: Callable[..., Any], outputs: dict[str, Path], tmp_path: Path) -> None:
    fragment = outputs["dashboard-fragment.html"].read_text(encoding="utf-8")
    alone = tmp_path / "host-alone.html"
    alone.write_text(_host_page(""), encoding="utf-8")
    hosted = tmp_path / "host.html"
    hosted.write_text(_host_page(fragment), encoding="utf-8")

    baseline_view = offline_page()
    baseline_view.page.goto(alone.as_uri())
    baseline = _host_styles(baseline_view.page)
    assert baseline["host-h2"]["color"] == "rgb(255, 0, 0)"
    assert baseline["host-p"]["font-family"] == "monospace"

    view = offline_page()
    page = view.open(hosted)
    assert _host_styles(page) == baseline
    for chart in CHARTS:
        assert _marks(page, chart) > 10, chart
    # the host's rules on bare elements do not reach the dashboard either
    dash_h2 = page.locator(".bhxh-dash h2").first
    assert dash_h2.evaluate("e => getComputedStyle(e).color") != "rgb(255, 0, 0)"
    assert "monospace" not in page.locator(".bhxh-dash p").first.evaluate("e => getComputedStyle(e).fontFamily")
    page.get_by_label("Tỉnh, thành phố", exact=True).select_option("01")
    page.wait_for_function(
        "document.querySelector('bhxh-dashboard').shadowRoot"
        ".querySelector('[data-role=\"scope-name\"]').textContent === 'Hà Nội'"
    )
    assert _host_styles(page) == baseline
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert view.errors == []
    assert view.requests == []


def test_fragment_inserted_by_script(
    offline_page: Callable[..., Any], outputs: dict[str, Path], tmp_path: Path
) -> None:
    """A host that fetches the fragment and inserts it (createContextualFragment runs its scripts)."""
    fragment = outputs["dashboard-fragment.html"].read_text(encoding="utf-8")
    literal = json.dumps(fragment).replace("<", "\\u003c")
    host = tmp_path / "host-dynamic.html"
    host.write_text(
        _host_page(
            '<div id="slot"></div><script>'
            f"const html = {literal};"
            "document.getElementById('slot').appendChild(document.createRange().createContextualFragment(html));"
            "</script>"
        ),
        encoding="utf-8",
    )
    view = offline_page()
    page = view.open(host)
    for chart in CHARTS:
        assert _marks(page, chart) > 10, chart
    assert view.errors == [] and view.requests == []


def test_host_draws_its_own_chart_from_the_json(
    offline_page: Callable[..., Any], outputs: dict[str, Path], tmp_path: Path
) -> None:
    """The recipe of docs/dashboard.md: take a specification and rows from dashboard.json."""
    from bhxh_comms_dashboard.html import json_for_script, script_body, vendor_script

    data = json.loads(outputs["dashboard.json"].read_text(encoding="utf-8"))
    libraries = "".join(
        f"<script>{script_body(vendor_script(n))}</script>"
        for n in ("vega.min.js", "vega-lite.min.js", "vega-embed.min.js")
    )
    recipe = """
      const data = JSON.parse(document.getElementById('dashboard-data').textContent);
      const ranking = data.ranking['conference'];
      const spec = structuredClone(data.charts.ranking);
      spec.data = {values: ranking.rows};
      spec.height = ranking.rows.length * spec.usermeta.row_height;
      spec.encoding.x.scale.domain = [0, ranking.domain_max];
      spec.params.find(p => p.name === 'highlight').value = '01';
      vegaEmbed('#own-chart', spec, {renderer: 'svg', actions: false, ast: true})
        .then(() => document.getElementById('own-chart').setAttribute('data-rendered', '1'));
    """
    host = tmp_path / "host-json.html"
    host.write_text(
        _host_page(
            f"{libraries}"
            f'<script type="application/json" id="dashboard-data">{json_for_script(data)}</script>'
            f'<div id="own-chart" data-chart="own"></div><script>{recipe}</script>'
        ),
        encoding="utf-8",
    )
    view = offline_page()
    page = view.open(host, charts=1)
    assert _marks(page, "own") > 34
    assert page.locator('[data-chart="own"] svg path[fill="' + HIGHLIGHT_FILL + '"]').count() == 1
    assert view.errors == [] and view.requests == []


def test_fragment_without_libraries_uses_the_hosts(
    offline_page: Callable[..., Any], report: Report, tmp_path: Path
) -> None:
    """``fragment_libraries: false``: the host page loads Vega, Vega-Lite and Vega-Embed once."""
    from bhxh_comms_dashboard.html import script_body, vendor_script

    paths = (
        get_plugin_manager()
        .renderer("dashboard")
        .render(report, tmp_path, {"outputs": "fragment", "fragment_libraries": False, "id_prefix": "bc"})
    )
    fragment = paths[0].read_text(encoding="utf-8")
    assert "vegaEmbed=" not in fragment
    assert len(fragment) < 700_000  # the data alone: 3.321 communes listed in their provinces' views included
    libraries = "".join(
        f"<script>{script_body(vendor_script(n))}</script>"
        for n in ("vega.min.js", "vega-lite.min.js", "vega-embed.min.js")
    )
    host = tmp_path / "host-libraries.html"
    host.write_text(_host_page(libraries + fragment), encoding="utf-8")
    view = offline_page()
    page = view.open(host)
    for chart in CHARTS:
        assert _marks(page, chart) > 10, chart
    assert page.locator("#bc-province").count() == 1
    assert view.errors == [] and view.requests == []


def test_an_a4_printout_shows_every_column_and_each_chart_whole(
    offline_page: Callable[..., Any], outputs: dict[str, Path]
) -> None:
    """Printed on A4 (portrait, 10 mm margins ≈ 718 CSS px wide): no table or chart is wider
    than the page, and the tables folded under "Bảng số liệu" are printed open."""
    view = offline_page()
    page = view.open(outputs["dashboard.html"])
    page.set_viewport_size({"width": 718, "height": 1000})
    page.emulate_media(media="print")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    widest = page.evaluate(
        """() => Array.from(document.querySelector('bhxh-dashboard').shadowRoot
                 .querySelectorAll('.bhxh-dash table, .bhxh-dash__chart svg'))
                 .map(n => n.getBoundingClientRect().right)"""
    )
    assert widest and max(widest) <= 718 + 1, max(widest)
    assert page.locator(".bhxh-dash details:not([open])").count() == 0
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert page.locator(".bhxh-dash details:not([open])").count() > 0
    assert view.errors == []


def test_clicking_a_tile_of_the_map_selects_its_province(
    offline_page: Callable[..., Any], outputs: dict[str, Path]
) -> None:
    view = offline_page()
    page = view.open(outputs["dashboard.html"], charts=4)
    tiles = page.locator('[data-chart="map"] svg g.mark-text.role-mark text')
    assert tiles.count() == 34
    thai_nguyen = next(i for i in range(34) if tiles.nth(i).text_content() in ("TháiNguyên", "Thái Nguyên"))
    tiles.nth(thai_nguyen).click()
    select = page.get_by_label("Tỉnh, thành phố", exact=True)
    page.wait_for_function(
        "() => document.querySelector('bhxh-dashboard').shadowRoot"
        ".querySelector('.bhxh-dash').getAttribute('data-province') === '19'"
    )
    assert select.input_value() == "19"
    assert "Thái Nguyên" in page.locator('[data-role="status"]').text_content()
    assert view.errors == []


def test_a_province_that_did_not_report_is_a_grey_square_on_the_map(
    offline_page: Callable[..., Any], tmp_path: Path
) -> None:
    renderer = get_plugin_manager().renderer("dashboard")
    paths = {p.name: p for p in renderer.render(sample_report(rows=1_500, reporting=30), tmp_path)}
    view = offline_page()
    page = view.open(paths["dashboard.html"], charts=4)
    squares = page.locator('[data-chart="map"] svg g.mark-rect.role-mark path')
    assert squares.count() == 34  # every province has its square, with or without a value
    fills = [squares.nth(i).get_attribute("fill") for i in range(34)]
    assert fills.count("#e5e7eb") == 4, fills  # the four that did not report: grey
    assert view.errors == []


HOSTILE_STYLE = """
* { color: rgb(255, 0, 0) !important; font-family: monospace !important; border: 3px solid rgb(0, 128, 0) !important; }
table, div, td, th { border: 5px dashed rgb(0, 0, 255) !important; background: yellow !important; }
h2, h3, p, span { font-size: 31px !important; }
"""
INSIDE = (
    '[data-role="headline"] .bhxh-dash__card',
    ".bhxh-dash__title",
    '[data-role="scorecard-table"] td',
    '[data-role="scorecard-table"] th',
    ".bhxh-dash__hint",
)


def _inside_styles(page: Any) -> list[dict[str, str]]:
    found: list[dict[str, str]] = page.evaluate(
        """([selectors, props]) => {
        const root = document.querySelector('bhxh-dashboard').shadowRoot;
        return selectors.map(s => {
          const style = getComputedStyle(root.querySelector(s));
          return Object.fromEntries(props.map(p => [p, style.getPropertyValue(p)]));
        });
    }""",
        [list(INSIDE), list(HOST_PROPERTIES)],
    )
    return found


def test_a_hostile_host_page_changes_nothing_inside_and_gains_no_globals(
    offline_page: Callable[..., Any], outputs: dict[str, Path], tmp_path: Path
) -> None:
    """The fragment in a page whose universal rules colour, re-font and border everything:
    inside the element every computed style is what it is in the standalone page, and the
    host's window gains nothing (no vega, vegaLite, vegaEmbed) but the custom element."""
    fragment = outputs["dashboard-fragment.html"].read_text(encoding="utf-8")
    empty = tmp_path / "empty.html"
    empty.write_text("<!DOCTYPE html><html><head><title>x</title></head><body></body></html>", encoding="utf-8")
    hostile = tmp_path / "hostile.html"
    hostile.write_text(
        "<!DOCTYPE html><html lang='vi'><head><meta charset='utf-8'><title>Cổng thông tin</title>"
        f"<style>{HOSTILE_STYLE}</style></head><body><h2>Tin tức</h2>{fragment}</body></html>",
        encoding="utf-8",
    )
    bare = offline_page()
    bare.page.goto(empty.as_uri())
    globals_before = set(bare.page.evaluate("Object.keys(window)"))
    standalone = offline_page()
    reference = _inside_styles(standalone.open(outputs["dashboard.html"], charts=4))
    view = offline_page()
    page = view.open(hostile, charts=4)
    assert _inside_styles(page) == reference
    assert page.evaluate("getComputedStyle(document.querySelector('h2')).color") == "rgb(255, 0, 0)"
    assert set(page.evaluate("Object.keys(window)")) - globals_before == set()
    assert page.evaluate("['vega', 'vegaLite', 'vegaEmbed'].filter(k => k in window)") == []
    assert page.evaluate("!!customElements.get('bhxh-dashboard')")
    assert view.errors == [] and view.requests == []


def test_two_dashboards_on_one_page_need_no_id_prefix(
    offline_page: Callable[..., Any], outputs: dict[str, Path], tmp_path: Path
) -> None:
    fragment = outputs["dashboard-fragment.html"].read_text(encoding="utf-8")
    host = tmp_path / "two.html"
    host.write_text(_host_page(fragment + fragment), encoding="utf-8")
    view = offline_page()
    page = view.open(host, charts=8)
    first, second = page.locator("bhxh-dashboard").all()
    first.get_by_label("Tỉnh, thành phố", exact=True).select_option("01")
    status = "h => h.shadowRoot.querySelector('.bhxh-dash').getAttribute('data-province')"
    page.wait_for_function(f"() => ({status})(document.querySelectorAll('bhxh-dashboard')[0]) === '01'")
    assert first.evaluate(status) == "01" and second.evaluate(status) == "all"
    assert view.errors == [] and view.requests == []
