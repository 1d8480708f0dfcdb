"""HTML assembly: the fragment (one ``<div class="bhxh-dash">``), the standalone page around it,
and the safe embedding of JSON and scripts.

Text from the report enters the markup only through :func:`html.escape`; data enters the page
as JSON inside ``<script type="application/json">`` with ``<``, ``>``, ``&``, U+2028 and U+2029
written as ``\\u`` escapes, and the browser script puts it in the page with ``textContent``.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from collections.abc import Mapping, Sequence
from functools import cache
from importlib import resources
from string import Template
from typing import Any

VENDOR_FILES = ("vega.min.js", "vega-lite.min.js", "vega-embed.min.js")
_SOURCE_MAP = re.compile(r"\n?//# sourceMappingURL=\S+\s*$")
_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_JSON_UNSAFE = re.compile("[<>&\u2028\u2029]")

PAGE_CSS = """body { margin: 0; background: #eef1f5; }
.bhxh-page { display: block; padding: 8px 0 24px; }"""


@cache
def asset(name: str) -> str:
    """A text file shipped in ``bhxh_comms_dashboard/assets``."""
    return resources.files("bhxh_comms_dashboard").joinpath("assets", name).read_text(encoding="utf-8")


@cache
def vendor_script(name: str) -> str:
    """A vendored library, without its source-map comment (the maps are not shipped)."""
    text = resources.files("bhxh_comms_dashboard").joinpath("vendor", name).read_text(encoding="utf-8")
    return _SOURCE_MAP.sub("", text)


def json_for_script(data: Any, *, indent: int | None = None) -> str:
    """JSON that is safe inside ``<script type="application/json">`` (and inside a JS string):
    no ``</script>``, no ``<!--``, no HTML entity, no line separator can come out of the data."""
    text = json.dumps(
        data, ensure_ascii=False, allow_nan=False, indent=indent, separators=(",", ":") if indent is None else None
    )
    return _JSON_UNSAFE.sub(lambda m: _JSON_ESCAPES[m.group(0)], text)


def script_body(code: str) -> str:
    """Code for an inline ``<script>``: a ``</script`` or ``<!--`` inside it (in a string or a
    comment) would end or confuse the element, so ``<`` is escaped there as ``<\\/`` / ``<\\!``."""
    code = re.sub(r"</(script)", r"<\\/\1", code, flags=re.IGNORECASE)
    return code.replace("<!--", "<\\!--")


def sha256_source(code: str) -> str:
    """The CSP source expression allowing exactly this inline script."""
    digest = hashlib.sha256(code.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


_MODULES = {"vega.min.js": "vega", "vega-lite.min.js": "vega-lite", "vega-embed.min.js": "vega-embed"}


def scripts(*, libraries: bool) -> list[str]:
    """Bodies of the inline scripts. With ``libraries``, one script: the vendored Vega bundles
    loaded as CommonJS modules inside a closure (their UMD wrappers then set no ``window.vega``,
    ``vegaLite`` or ``vegaEmbed``), then the dashboard's script in the same closure, which finds
    Vega-Embed as ``BHXH_VEGA_EMBED``. Without, the dashboard's script alone (the host's Vega)."""
    dashboard = asset("dashboard.js")
    if not libraries:
        return [script_body(dashboard)]
    parts = [
        "(function () {",
        "var bhxhModules = {};",
        "function bhxhLoad(name, factory) {",
        "  var module = { exports: {} };",
        "  factory(module, module.exports, function (dependency) { return bhxhModules[dependency]; });",
        "  bhxhModules[name] = module.exports;",
        "}",
    ]
    for name in VENDOR_FILES:
        parts.append(f'bhxhLoad("{_MODULES[name]}", function (module, exports, require) {{')
        parts.append(vendor_script(name))
        parts.append("});")
    parts += ['var BHXH_VEGA_EMBED = bhxhModules["vega-embed"];', dashboard, "})();"]
    return [script_body("\n".join(parts))]


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _options(items: Sequence[tuple[str, str]], selected: str) -> str:
    return "\n".join(
        f'<option value="{_e(value)}"{" selected" if value == selected else ""}>{_e(label)}</option>'
        for value, label in items
    )


def _legend(entries: Sequence[Mapping[str, str]], css: str, label: str) -> str:
    items = "".join(
        f'<li class="{css}{_e(entry["code"])}"><span class="bhxh-dash__symbol" aria-hidden="true">'
        f"{_e(entry['symbol'])}</span> {_e(entry['label'])}</li>"
        for entry in entries
    )
    return f'<ul class="bhxh-dash__legend" aria-label="{_e(label)}">{items}</ul>'


def fragment(
    data: Mapping[str, Any],
    *,
    id_prefix: str,
    heading_level: int,
    initial_province: str,
    libraries: bool,
) -> tuple[str, list[str]]:
    """The dashboard's root element and the inline script bodies it contains."""
    meta = data["metadata"]
    units_total = meta.get("units_total") or len(data["provinces"])
    province_items = [("all", f"Toàn quốc ({units_total} tỉnh, thành phố)")]
    province_items += [(p["code"], p["name"]) for p in data["provinces"]]
    measure_items = [(m["code"], m["label"]) for m in data["measures"]]
    notes = meta["notes"]
    notes_html = (
        "<ul>" + "".join(f"<li>{_e(note)}</li>" for note in notes) + "</ul>" if notes else "<p>Không có lưu ý.</p>"
    )
    bodies = scripts(libraries=libraries)
    footer = f"{data['generator']} · "
    footer += (
        "Trang chạy ngoại tuyến: số liệu, kiểu trình bày và thư viện biểu đồ (Vega, Vega-Lite, Vega-Embed; "
        "giấy phép BSD-3-Clause) đều nằm trong trang, không tải gì từ mạng."
        if libraries
        else "Thư viện biểu đồ (Vega, Vega-Lite, Vega-Embed) do trang chứa nạp."
    )
    values = {
        "initial_province": _e(initial_province),
        "css": asset("dashboard.css").strip(),
        "issuing_body": _e(meta["issuing_body"]),
        "title": _e(meta["title"]),
        "subtitle": _e(meta["subtitle"]),
        "generated_at_text": _e(meta["generated_at_text"]),
        "h1": str(heading_level),
        "h2": str(heading_level + 1),
        "id": _e(id_prefix),
        "province_options": _options(province_items, initial_province),
        "measure_options": _options(measure_items, measure_items[0][0] if measure_items else ""),
        "notes": notes_html,
        "outcome_legend": _legend(data["scorecard"]["legend"], "bhxh-dash__outcome--", "Chú giải đánh giá chỉ tiêu"),
        "status_legend": _legend(data["completeness"]["legend"], "bhxh-dash__status--", "Chú giải tình hình báo cáo"),
        "footer_text": _e(footer),
        "data_json": json_for_script(data),
        "scripts": "\n".join(f"<script>{body}</script>" for body in bodies),
    }
    return Template(asset("fragment.html")).substitute(values).strip() + "\n", bodies


def page(data: Mapping[str, Any], fragment_html: str, script_bodies: Sequence[str]) -> str:
    """The standalone page: the fragment in a document whose Content-Security-Policy allows only
    the page's own inline scripts (by hash) and inline styles, and no request at all."""
    csp = "; ".join(
        [
            "default-src 'none'",
            "script-src " + " ".join(sha256_source(body) for body in script_bodies),
            "style-src 'unsafe-inline'",
            "img-src data:",
            "font-src data:",
            "base-uri 'none'",
            "form-action 'none'",
        ]
    )
    values = {
        "csp": _e(csp),
        "generator": _e(data["generator"]),
        "page_title": _e(data["metadata"]["title"]),
        "page_css": PAGE_CSS,
        "fragment": fragment_html.strip(),
    }
    return Template(asset("page.html")).substitute(values)
