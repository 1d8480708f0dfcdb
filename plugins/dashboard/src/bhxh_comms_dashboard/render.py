"""The ``dashboard`` renderer: reads its options, writes the chosen outputs atomically."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from bhxh_comms.plugin import BhxhCommsError, Report, write_bytes_atomic
from bhxh_comms_dashboard import html
from bhxh_comms_dashboard.data import NATIONAL, build_dashboard_data

OUTPUTS = ("html", "fragment", "json")
"""``html``: standalone page; ``fragment``: one ``<div>`` to embed; ``json``: data and chart specs."""
DEFAULT_NAMES = {"html": "{base}.html", "fragment": "{base}-fragment.html", "json": "{base}.json"}
OPTIONS = frozenset(
    {
        "outputs",
        "basename",
        "html_filename",
        "fragment_filename",
        "json_filename",
        "province",
        "heading_level",
        "fragment_libraries",
        "id_prefix",
    }
)
_ID = re.compile(r"^[a-z][a-z0-9-]*$")
_FILENAME = re.compile(r"^[^/\\\x00]+$")


def _error(message_vi: str, message_en: str) -> BhxhCommsError:
    return BhxhCommsError(f"bộ xuất “dashboard”: {message_vi}", f"renderer 'dashboard': {message_en}")


def _outputs(value: Any) -> list[str]:
    if value is None:
        return list(OUTPUTS)
    items = [v.strip() for v in value.split(",")] if isinstance(value, str) else [str(v).strip() for v in value]
    items = [v for v in items if v]
    unknown = [v for v in items if v not in OUTPUTS]
    if unknown or not items:
        raise _error(
            f"đầu ra không hợp lệ {unknown or items} (chọn trong {', '.join(OUTPUTS)})",
            f"unknown outputs {unknown or items} (choose from {', '.join(OUTPUTS)})",
        )
    return [o for o in OUTPUTS if o in items]  # one order whatever the order asked


def _filename(options: Mapping[str, Any], output: str) -> str:
    base = str(options.get("basename", "dashboard"))
    name = str(options.get(f"{output}_filename", DEFAULT_NAMES[output].format(base=base)))
    if not _FILENAME.match(name) or name in {".", ".."}:
        raise _error(f"tên tệp không hợp lệ {name!r}", f"invalid file name {name!r} (a plain name, no folder)")
    return name


def _bool(value: Any, name: str) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in {"1", "true", "yes", "có"}:
        return True
    if isinstance(value, str) and value.strip().lower() in {"0", "false", "no", "không"}:
        return False
    raise _error(f"“{name}” phải là true hoặc false", f"{name!r} must be true or false, got {value!r}")


def render_dashboard(report: Report, destination: Path, options: Mapping[str, Any]) -> Sequence[Path]:
    """Write the dashboard of ``report`` into ``destination`` and return the paths written.

    Options (all optional): ``outputs`` (list or comma-separated: ``html``, ``fragment``,
    ``json``; default all three), ``basename`` (default ``dashboard``), ``html_filename``,
    ``fragment_filename``, ``json_filename``, ``province`` (code of the province shown first;
    default national), ``heading_level`` of the fragment's title (1–5, default 2; the standalone
    page uses 1), ``fragment_libraries`` (default true: the fragment carries Vega, Vega-Lite and
    Vega-Embed; false when the host page loads them), ``id_prefix`` of the element ids (default
    ``bhxh-dash``; give each dashboard on one page its own).
    """
    unknown = sorted(set(options) - OPTIONS)
    if unknown:
        raise _error(
            f"không có tuỳ chọn {unknown} (có: {', '.join(sorted(OPTIONS))})",
            f"unknown options {unknown} (known: {', '.join(sorted(OPTIONS))})",
        )
    outputs = _outputs(options.get("outputs"))
    names = {output: _filename(options, output) for output in outputs}
    if len(set(names.values())) != len(names):
        raise _error(f"hai đầu ra trùng tên tệp: {names}", f"two outputs share a file name: {names}")
    id_prefix = str(options.get("id_prefix", "bhxh-dash"))
    if not _ID.match(id_prefix):
        raise _error(
            f"id_prefix {id_prefix!r} chỉ gồm chữ thường, chữ số và '-'",
            f"id_prefix {id_prefix!r}: use lower-case letters, digits and '-'",
        )
    heading_level = options.get("heading_level", 2)
    if not isinstance(heading_level, int) or isinstance(heading_level, bool) or not 1 <= heading_level <= 5:
        raise _error("heading_level phải từ 1 đến 5", f"heading_level must be an integer 1–5, got {heading_level!r}")
    libraries = _bool(options.get("fragment_libraries", True), "fragment_libraries")

    data = build_dashboard_data(report)
    province = str(options.get("province", NATIONAL) or NATIONAL)
    if province not in data["views"]:
        raise _error(
            f"không có tỉnh mã {province!r} trong báo cáo",
            f"province {province!r} is not in the report (codes: {', '.join(list(data['views'])[1:])})",
        )

    contents: dict[str, str] = {}
    if "json" in outputs:
        contents["json"] = html.json_for_script(data, indent=2) + "\n"
    if "fragment" in outputs:
        contents["fragment"], _ = html.fragment(
            data, id_prefix=id_prefix, heading_level=heading_level, initial_province=province, libraries=libraries
        )
    if "html" in outputs:
        standalone, bodies = html.fragment(
            data, id_prefix=id_prefix, heading_level=1, initial_province=province, libraries=True
        )
        contents["html"] = html.page(data, standalone, bodies)
    return [write_bytes_atomic(destination / names[o], contents[o].encode("utf-8")) for o in outputs]
