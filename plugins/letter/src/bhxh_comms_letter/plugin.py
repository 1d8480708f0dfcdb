"""The plugin's hooks: the ``bao-cao`` and ``cong-van`` renderers and the ``letter`` command."""

from __future__ import annotations

from collections.abc import Iterable

from bhxh_comms.plugin import CliCommand, LazyFunction, OutputRenderer, hookimpl
from bhxh_comms_letter.cli import configure


@hookimpl
def bhxh_comms_output_renderers() -> Iterable[OutputRenderer]:
    return [
        OutputRenderer(
            name="bao-cao",
            extension=".docx",
            description="Báo cáo kết quả (Word, Nghị định 30/2020) / results report as a Word document",
            function=LazyFunction("bhxh_comms_letter.renderers:render_bao_cao"),
        ),
        OutputRenderer(
            name="cong-van",
            extension=".docx",
            description="Công văn thông báo kết quả, chỉ tiêu chưa đạt (Word) / official letter to the provinces",
            function=LazyFunction("bhxh_comms_letter.renderers:render_cong_van"),
        ),
    ]


@hookimpl
def bhxh_comms_cli_commands() -> Iterable[CliCommand]:
    return [
        CliCommand(
            name="letter",
            help="soạn công văn Word từ mẫu và tệp dữ liệu TOML / write a letter from a template and TOML data",
            configure=configure,
            run=LazyFunction("bhxh_comms_letter.cli:run"),
        )
    ]
