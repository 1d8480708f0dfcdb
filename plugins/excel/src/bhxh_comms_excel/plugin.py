"""Entry point of the ``bhxh_comms`` group: registers the ``excel`` renderer."""

from __future__ import annotations

from collections.abc import Iterable

from bhxh_comms.plugin import LazyFunction, OutputRenderer, hookimpl


@hookimpl
def bhxh_comms_output_renderers() -> Iterable[OutputRenderer]:
    return [
        OutputRenderer(
            name="excel",
            extension=".xlsx",
            description="Sổ Excel báo cáo (tổng hợp, theo tỉnh, chỉ tiêu, theo tháng…) / print-ready Excel workbook",
            function=LazyFunction("bhxh_comms_excel.writer:render"),
        )
    ]
