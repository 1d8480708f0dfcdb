"""The ``bao-cao`` and ``cong-van`` renderers: a Report, the office settings and a template
(the bundled one, or ``options["template"]``) make one .docx file.

Options: ``settings`` (a TOML path, a mapping or :class:`~bhxh_comms_letter.settings.LetterSettings`),
``template`` (a .docx path), ``filename`` (default ``bao-cao.docx`` / ``cong-van.docx``),
``subject`` (replaces the default subject line), and for ``bao-cao`` ``narrative`` (the
office's assessment, difficulties, causes and tasks: a TOML path or a mapping, see
:mod:`bhxh_comms_letter.narrative`). Without ``settings`` the file named by the environment
variable ``BHXH_COMMS_LETTER_SETTINGS`` is used, else the defaults; likewise
``BHXH_COMMS_LETTER_NARRATIVE`` for ``narrative``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from bhxh_comms.plugin import BhxhCommsError, Report
from bhxh_comms_letter.context import report_context
from bhxh_comms_letter.narrative import load_narrative
from bhxh_comms_letter.rendering import bundled_template, render_docx
from bhxh_comms_letter.settings import load_settings

KNOWN_OPTIONS = ("settings", "template", "filename", "subject", "narrative")
SETTINGS_ENV = "BHXH_COMMS_LETTER_SETTINGS"
NARRATIVE_ENV = "BHXH_COMMS_LETTER_NARRATIVE"


def _render(report: Report, destination: Path, options: Mapping[str, Any], *, kind: str) -> Sequence[Path]:
    unknown = sorted(set(options) - set(KNOWN_OPTIONS))
    if unknown:
        raise BhxhCommsError(
            f"tùy chọn không hợp lệ cho “{kind}”: {', '.join(unknown)} (dùng: {', '.join(KNOWN_OPTIONS)})",
            f"unknown options for {kind!r}: {unknown} (allowed: {list(KNOWN_OPTIONS)})",
        )
    settings = load_settings(options.get("settings") or os.environ.get(SETTINGS_ENV) or None)
    letter = kind == "cong-van"
    if letter and options.get("narrative"):
        raise BhxhCommsError(
            "tùy chọn narrative chỉ dùng cho báo cáo (bao-cao)", "the narrative option is for bao-cao only"
        )
    narrative = load_narrative(options.get("narrative") or os.environ.get(NARRATIVE_ENV) or None)
    context = report_context(report, settings, letter=letter, narrative=narrative)
    if options.get("subject"):
        context["subject"] = str(options["subject"])
    template = Path(options["template"]) if options.get("template") else bundled_template(kind)
    filename = str(options.get("filename", f"{kind}.docx"))
    title = ("V/v " if letter else "Báo cáo ") + str(context["subject"])
    path = render_docx(template, context, destination / filename, moment=report.metadata.generated_at, title=title)
    return [path]


def render_bao_cao(report: Report, destination: Path, options: Mapping[str, Any]) -> Sequence[Path]:
    """The results report (báo cáo): narrative, targets, results table, annex by province."""
    return _render(report, destination, options, kind="bao-cao")


def render_cong_van(report: Report, destination: Path, options: Mapping[str, Any]) -> Sequence[Path]:
    """The letter to the provinces: results, the targets each province has not met, requests."""
    return _render(report, destination, options, kind="cong-van")
