"""The renderer without a browser: contract, discovery, options, escaping, scoping, size."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from bhxh_comms import BhxhCommsError, get_plugin_manager
from bhxh_comms.report.model import Report
from bhxh_comms.testing import check_renderer

MAX_STANDALONE_BYTES = 1_550_000  # Vega libraries ≈ 1,07 MB, the data (3.321 communes in their provinces' views)


class _Tags(HTMLParser):
    """Start tags with their attributes, the depth of each, and the text of every <script>."""

    VOID = frozenset({"meta", "link", "br", "img", "input", "hr", "source", "col", "wbr", "area", "base"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[int, str, dict[str, str | None]]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.depth = 0
        self._script: dict[str, str | None] | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((self.depth, tag, dict(attrs)))
        if tag == "script":
            self._script, self._text = dict(attrs), []
        if tag not in self.VOID:
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.scripts.append((self._script, "".join(self._text)))
            self._script = None
        if tag not in self.VOID:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._text.append(data)


def _parse(text: str) -> _Tags:
    parser = _Tags()
    parser.feed(text)
    parser.close()
    return parser


def test_discovery() -> None:
    registered = get_plugin_manager().renderers()["dashboard"]
    assert registered.plugin.distribution == "bhxh-comms-dashboard"
    assert registered.renderer.extension == ".html"


def test_contract_and_reproducibility(report: Report, tmp_path: Path) -> None:
    renderer = get_plugin_manager().renderer("dashboard")
    written = check_renderer(renderer, report, tmp_path)
    assert [p.name for p in written] == ["dashboard.html", "dashboard-fragment.html", "dashboard.json"]


def test_reproducible_with_options(report: Report, tmp_path: Path) -> None:
    renderer = get_plugin_manager().renderer("dashboard")
    options = {"province": "79", "fragment_libraries": False, "heading_level": 3, "id_prefix": "bc-2025"}
    check_renderer(renderer, report, tmp_path, options)


def test_outputs_can_be_selected_and_renamed(report: Report, tmp_path: Path) -> None:
    renderer = get_plugin_manager().renderer("dashboard")
    only_json = renderer.render(report, tmp_path / "a", {"outputs": "json"})
    assert [p.name for p in only_json] == ["dashboard.json"]
    renamed = renderer.render(
        report,
        tmp_path / "b",
        {"outputs": ["fragment", "html"], "basename": "bang-dieu-khien", "fragment_filename": "nhung.html"},
    )
    assert [p.name for p in renamed] == ["bang-dieu-khien.html", "nhung.html"]
    assert sorted(p.name for p in (tmp_path / "b").iterdir()) == ["bang-dieu-khien.html", "nhung.html"]


@pytest.mark.parametrize(
    "options",
    [
        {"outputs": "pdf"},
        {"outputs": []},
        {"colour": "red"},
        {"province": "99"},
        {"heading_level": 7},
        {"id_prefix": "Bad Prefix"},
        {"json_filename": "../x.json"},
        {"html_filename": "x", "fragment_filename": "x"},
        {"fragment_libraries": "maybe"},
    ],
)
def test_bad_options_are_user_errors(report: Report, tmp_path: Path, options: dict[str, Any]) -> None:
    renderer = get_plugin_manager().renderer("dashboard")
    with pytest.raises(BhxhCommsError, match="dashboard"):
        renderer.render(report, tmp_path, options)
    assert list(tmp_path.iterdir()) == []


def test_hostile_note_is_escaped_in_the_source(outputs: dict[str, Path], hostile_note: str) -> None:
    for name in ("dashboard.html", "dashboard-fragment.html"):
        text = outputs[name].read_text(encoding="utf-8")
        assert hostile_note not in text
        assert "window.__pwned" in text  # present, but only as text
        assert (
            "&lt;script&gt;window.__pwned=1&lt;/script&gt;&lt;img src=x onerror=&quot;window.__pwned=2&quot;&gt;"
            in text
        )
        parsed = _parse(text)
        assert not any(tag == "img" for _, tag, _ in parsed.tags)
        data_scripts = [body for attrs, body in parsed.scripts if attrs.get("type") == "application/json"]
        assert len(data_scripts) == 1
        assert "\\u003cscript\\u003ewindow.__pwned=1\\u003c/script\\u003e" in data_scripts[0]
        assert not re.search(r"[<>&\u2028\u2029]", data_scripts[0])
        assert json.loads(data_scripts[0]) == json.loads(outputs["dashboard.json"].read_text(encoding="utf-8"))
        # every <script> is either the data or one of the page's own code blocks
        assert all(attrs.get("type") in (None, "application/json") for attrs, _ in parsed.scripts)
        assert not any(re.search(r"</script", body, re.IGNORECASE) for _, body in parsed.scripts)


def test_no_external_resource(outputs: dict[str, Path]) -> None:
    """No element of the page refers to a file or address: everything is inline."""
    for name in ("dashboard.html", "dashboard-fragment.html"):
        parsed = _parse(outputs[name].read_text(encoding="utf-8"))
        for _, tag, attrs in parsed.tags:
            assert not {"src", "href", "srcset", "action", "data", "poster"} & set(attrs), (tag, attrs)
            assert tag != "link", attrs


def test_standalone_csp_allows_exactly_its_scripts(outputs: dict[str, Path]) -> None:
    text = outputs["dashboard.html"].read_text(encoding="utf-8")
    parsed = _parse(text)
    metas = [attrs for _, tag, attrs in parsed.tags if tag == "meta" and attrs.get("http-equiv")]
    assert [m["http-equiv"] for m in metas] == ["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in str(metas[0]["content"]).split(";"))
    assert directives["default-src"] == "'none'"
    assert "unsafe-eval" not in directives["script-src"] and "unsafe-inline" not in directives["script-src"]
    assert "connect-src" not in directives  # falls back to default-src 'none': no request at all
    csp = directives["script-src"]
    code = [body for attrs, body in parsed.scripts if attrs.get("type") is None]
    assert len(code) == 1  # vega, vega-lite, vega-embed and dashboard.js in one closure (no globals)
    for body in code:
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
        assert f"'sha256-{digest}'" in csp
    assert 'lang="vi"' in text.split("<head>")[0]


def test_fragment_has_one_root_and_scoped_styles(outputs: dict[str, Path]) -> None:
    text = outputs["dashboard-fragment.html"].read_text(encoding="utf-8")
    parsed = _parse(text)
    roots = [(tag, attrs) for depth, tag, attrs in parsed.tags if depth == 0]
    assert len(roots) == 1
    tag, _ = roots[0]
    # one custom element; its markup in a declarative shadow root, its scripts beside it
    assert tag == "bhxh-dashboard"
    inside = [(t, a) for depth, t, a in parsed.tags if depth == 1]
    assert [t for t, _ in inside] == ["template", "script"]
    assert inside[0][1].get("shadowrootmode") == "open"
    dash = next(a for depth, t, a in parsed.tags if depth == 2)
    assert dash.get("class") == "bhxh-dash" and dash.get("lang") == "vi"
    assert parsed.depth == 0
    assert not {"html", "head", "body", "link", "meta"} & {tag for _, tag, _ in parsed.tags}
    assert text.startswith("<bhxh-dashboard") and text.rstrip().endswith("</bhxh-dashboard>")
    headings = [tag for _, tag, _ in parsed.tags if re.fullmatch(r"h\d", tag)]
    assert headings[0] == "h2" and set(headings[1:]) == {"h3"}  # default heading_level 2


def _selectors(css: str) -> list[str]:
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)
    selectors = []
    for prelude in re.findall(r"([^{}]+)\{", css):
        prelude = prelude.strip()
        if prelude.startswith("@"):
            continue
        selectors += [s.strip() for s in prelude.split(",")]
    return selectors


def test_every_css_selector_is_scoped() -> None:
    css = resources.files("bhxh_comms_dashboard").joinpath("assets", "dashboard.css").read_text(encoding="utf-8")
    selectors = _selectors(css)
    assert len(selectors) > 50
    for selector in selectors:
        assert selector == ".bhxh-dash" or selector.startswith(".bhxh-dash "), selector
        assert not re.search(r"(^|[\s>+~])(html|body|:root)\b", selector), selector


def test_standalone_size(outputs: dict[str, Path]) -> None:
    size = outputs["dashboard.html"].stat().st_size
    vendored = sum(
        len(resources.files("bhxh_comms_dashboard").joinpath("vendor", n).read_bytes())
        for n in ("vega.min.js", "vega-lite.min.js", "vega-embed.min.js")
    )
    assert vendored < size < MAX_STANDALONE_BYTES, size


def test_vendored_files_match_their_note() -> None:
    vendor = resources.files("bhxh_comms_dashboard").joinpath("vendor")
    note = vendor.joinpath("VERSIONS.md").read_text(encoding="utf-8")
    for name in ("vega.min.js", "vega-lite.min.js", "vega-embed.min.js"):
        digest = hashlib.sha256(vendor.joinpath(name).read_bytes()).hexdigest()
        assert f"`{name}`" in note and digest in note, name
    for licence in ("LICENSE-vega.txt", "LICENSE-vega-lite.txt", "LICENSE-vega-embed.txt"):
        assert "Redistribution and use in source and binary forms" in vendor.joinpath(licence).read_text()
