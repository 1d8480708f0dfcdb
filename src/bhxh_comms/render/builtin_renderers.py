"""The built-in renderers, ``json`` and ``csv``, registered through the same hook as a
plugin's; their code (:mod:`bhxh_comms.render.builtin`) is imported when one renders."""

from __future__ import annotations

from collections.abc import Iterable

from bhxh_comms.lazy import LazyFunction
from bhxh_comms.markers import hookimpl
from bhxh_comms.render.renderer import OutputRenderer


@hookimpl
def bhxh_comms_output_renderers() -> Iterable[OutputRenderer]:
    return [
        OutputRenderer(
            name="json",
            extension=".json",
            description="Toàn bộ báo cáo (bảng và dữ kiện) dạng JSON / whole report as JSON",
            function=LazyFunction("bhxh_comms.render.builtin:render_json"),
        ),
        OutputRenderer(
            name="csv",
            extension=".csv",
            description="Mỗi bảng một tệp CSV (UTF-8) / one CSV file per table",
            function=LazyFunction("bhxh_comms.render.builtin:render_csv"),
        ),
    ]
