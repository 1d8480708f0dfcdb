"""Entry point of the ``bhxh_comms`` group: registers the ``dashboard`` output renderer."""

from __future__ import annotations

from collections.abc import Iterable

from bhxh_comms.plugin import LazyFunction, OutputRenderer, hookimpl


@hookimpl
def bhxh_comms_output_renderers() -> Iterable[OutputRenderer]:
    return [
        OutputRenderer(
            name="dashboard",
            extension=".html",
            description=(
                "Bảng điều khiển HTML chạy ngoại tuyến, nhúng được (kèm JSON) / "
                "offline, embeddable HTML dashboard (with JSON)"
            ),
            function=LazyFunction("bhxh_comms_dashboard.render:render_dashboard"),
        )
    ]
