"""The values a template sees: built from the settings and, for ``bao-cao`` and
``cong-van``, from a Report. Every sentence and figure text comes from ``report.statements``
(decided by the core); this module only arranges them for the templates.

All values are plain strings, numbers, booleans, lists and dicts, so a template (rendered
in a sandbox) has nothing to call. ``docs/letter.md`` lists them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from docxtpl import RichText

from bhxh_comms.plugin import Period, Report, Statements, format_date, place_date, vietnam_time
from bhxh_comms_letter.layout import FONT, SIZE_BODY
from bhxh_comms_letter.narrative import Narrative
from bhxh_comms_letter.settings import DEFAULT_ISSUING_BODY, LetterSettings

NBSP = "\u00a0"
BLANK_NUMBER = NBSP * 7  # the clerk writes the number when the document is issued

Context = dict[str, Any]


# --- lists with the decree's punctuation --------------------------------------------------


def dash_lines(entries: Sequence[str]) -> list[str]:
    """ "- A;", "- B;", "- C." — one entry a line, a semicolon after each, a full stop
    after the last (Nghị định 30: recipients and "Nơi nhận")."""
    return [f"- {entry}{'.' if i == len(entries) - 1 else ';'}" for i, entry in enumerate(entries)]


def _punctuated(entries: Sequence[str]) -> list[str]:
    """Entries of a list, a semicolon after each and a full stop after the last."""
    return [f"{entry}{'.' if i == len(entries) - 1 else ';'}" for i, entry in enumerate(entries)]


def document_number(number: str) -> str:
    """The number as written after "Số:": numbers below 10 get a leading zero (01…09); an
    empty number leaves room for the clerk."""
    number = number.strip()
    if not number:
        return BLANK_NUMBER
    if number.isdigit() and int(number) < 10:
        return f"{int(number):02d}"
    return number


def letter_symbol(settings: LetterSettings) -> str:
    """ "BHXH-TT": the issuing body's abbreviation and the drafting unit's."""
    return "-".join(p for p in (settings.symbol.strip(), settings.unit_symbol.strip()) if p)


def report_symbol(settings: LetterSettings) -> str:
    """ "BC-BHXH": the type abbreviation and the issuing body's."""
    return f"BC-{settings.symbol.strip()}"


def document_date(settings: LetterSettings, moment: dt.datetime | None) -> dt.date:
    """The settings' date, else the day of ``moment`` in Vietnam."""
    if settings.date is not None:
        return settings.date
    if moment is None:
        raise ValueError("a date is needed: set settings.date")
    return vietnam_time(moment).date()


def _upper(text: str | None) -> str:
    return (text or "").strip().upper()


def base_context(
    settings: LetterSettings,
    *,
    day: dt.date,
    symbol: str,
    letter: bool,
    issuing_body: str | None = None,
    parent_body: str | None = None,
) -> Context:
    """Header, recipients, "Nơi nhận" and signature: what every document has."""
    body = settings.issuing_body if settings.issuing_body is not None else issuing_body
    parent = settings.parent_body_on(day, parent_body)
    distribution = list(settings.distribution_on(day))
    signer = settings.signer.on(day)
    if letter:
        distribution.insert(0, "Như trên")
    distribution.append(f"Lưu: {settings.archive_text}")
    recipients = list(settings.recipients)
    return {
        "issuing_body": _upper(body) or DEFAULT_ISSUING_BODY,
        "parent_body": _upper(parent),
        "short_name": settings.short_name,
        "unit_name": settings.unit_name,
        "number": document_number(settings.number),
        "symbol": symbol,
        "place": settings.place,
        "date": day.isoformat(),
        "date_text": format_date(day, pad=True),
        "place_date": place_date(settings.place, day, pad=True),
        "recipients": recipients,
        "recipient": recipients[0],
        "single_recipient": len(recipients) == 1,
        "recipient_lines": dash_lines(recipients),
        "distribution": distribution,
        "distribution_lines": dash_lines(distribution),
        "signer_lines": list(signer.lines),
        "signer_name": signer.name,
    }


# --- what the report says ----------------------------------------------------------------


def target_items(statements: Statements) -> list[dict[str, Any]]:
    """One entry per target, with the core's sentences and the provinces below it."""
    return [
        {
            "id": t.target,
            "number": t.number,
            "label": t.label,
            "phrase": t.phrase,
            "met": t.met,
            "evaluated": t.evaluated,
            "reported": t.reported,
            "units": t.units,
            "sentence": t.sentence,
            "numbered": t.numbered,
            "below_heading": t.below_heading,
            "units_below": [
                {"code": r.province, "name": r.name, "short": r.short, "result": r.result} for r in t.below
            ],
            "below_text": t.below_text,
        }
        for t in statements.targets
    ]


def activity_rows(statements: Statements) -> list[dict[str, Any]]:
    return [
        {
            "index": index,
            "code": line.activity_type,
            "label": line.label,
            "unit": line.unit,
            "count": line.count_text,
            "previous": line.previous_text or "-",
            "change": line.change_cell or "-",
            "participants": line.participants_text,
        }
        for index, line in enumerate(statements.activities, start=1)
    ]


def annex_columns(statements: Statements) -> list[str]:
    """The annex's heading of each activity type: "Nhóm nhỏ (cuộc)", "Ấn phẩm" (a unit that
    repeats the name is left out)."""
    return [
        line.short_label if line.unit.casefold() == line.short_label.casefold() else f"{line.short_label} ({line.unit})"
        for line in statements.activities
    ]


def province_rows(statements: Statements) -> list[dict[str, Any]]:
    """Per province: its figures, and ``counts``, one per activity type as in
    :func:`annex_columns`."""
    return [
        {
            "index": index,
            "code": p.province,
            "name": p.name,
            "counts": [line.count_text for line in p.activities],
            "participants": p.participants_text,
            "previous": p.participants_previous_text or "-",
            "change": p.participants_change_cell or "-",
            "targets_met": p.targets_met_text,
            "status": p.status_text,
        }
        for index, p in enumerate(statements.provinces.values(), start=1)
    ]


def unmet_provinces(statements: Statements) -> list[dict[str, Any]]:
    """Provinces below at least one target: ``code, name, targets, line``."""
    return [
        {
            "code": p.province,
            "name": p.name,
            "targets": [{"id": r.target, "number": r.number, "result": r.result} for r in p.unmet],
            "line": f"- {p.name}: {p.unmet_text}.",
        }
        for p in statements.unmet_provinces
    ]


def emphasised(runs: Sequence[tuple[str, str]]) -> RichText:
    """A paragraph's runs as Word text: figures bold, comparisons italic (the core decides
    which is which; see ``Statements.national_runs``). Text is escaped by ``RichText``."""
    text = RichText()
    for piece, kind in runs:
        text.add(piece, bold=kind == "figure", italic=kind == "comparison", font=FONT, size=int(SIZE_BODY.pt * 2))
    return text


def next_period_label(period: Period) -> str:
    """ "năm 2026" after the year 2025; "kỳ tới" after another kind of period."""
    return f"năm {period.start.year + 1}" if period.kind == "year" else "kỳ tới"


def report_context(
    report: Report, settings: LetterSettings, *, letter: bool, narrative: Narrative | None = None
) -> Context:
    """Everything the ``bao-cao`` (``letter=False``) and ``cong-van`` templates use; the
    ``narrative`` sections are the office's text (marked places to write without one)."""
    meta = report.metadata
    said = report.statements
    day = document_date(settings, meta.generated_at)
    context = base_context(
        settings,
        day=day,
        symbol=letter_symbol(settings) if letter else report_symbol(settings),
        letter=letter,
        issuing_body=meta.issuing_body,
        parent_body=meta.parent_body,
    )
    period = meta.period.label
    comparison = meta.comparison_period.label if meta.comparison_period is not None else ""
    targets = target_items(said)
    subject = (
        f"thông báo kết quả công tác thông tin, truyền thông {period}"
        if letter
        else f"Kết quả công tác thông tin, truyền thông {period}"
    )
    unmet_targets = [t for t in targets if t["units_below"]]
    context.update(
        {
            "title": meta.title,
            "subject": subject,
            "period_label": period,
            "period_title": _capitalise(period),
            "comparison_label": comparison,
            "comparison_title": _capitalise(comparison) if comparison else "Kỳ trước",
            "units_phrase": meta.units_phrase,
            "units_reporting": meta.units_reporting,
            "units_total": meta.units_total,
            "results_paragraphs": list(said.national),
            "results_rich": [emphasised(runs) for runs in said.national_runs]
            if said.national_runs
            else [emphasised(((p, ""),)) for p in said.national],
            "narrative_sections": (narrative or Narrative()).sections(next_period_label(meta.period)),
            "reporting": said.reporting,
            "unreported": list(said.not_reported),
            "targets": targets,
            "target_lines": dash_lines([t["sentence"] for t in targets]),
            "numbered_target_lines": _punctuated([t["numbered"] for t in targets]),
            "activity_rows": activity_rows(said),
            "province_rows": province_rows(said),
            "annex_columns": annex_columns(said),
            "unmet_targets": unmet_targets,
            "unmet_lead": said.unmet_lead,
            "unreported_note": said.unreported_note,
            "unmet": unmet_provinces(said),
            "notes": [_stop(n) for n in said.notes],
        }
    )
    return context


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def _stop(text: str) -> str:
    """A note as a sentence: ending with a full stop."""
    text = text.rstrip()
    return text if text.endswith((".", "!", "?", "…")) else text + "."
