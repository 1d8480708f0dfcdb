"""The values a template sees: built from the settings and, for ``bao-cao`` and
``cong-van``, from a Report. Every figure and date is phrased by :mod:`bhxh_comms.phrasing`;
nothing is computed here that the Report does not already hold.

All values are plain strings, numbers, booleans, lists and dicts, so a template (rendered
in a sandbox) has nothing to call. ``docs/letter.md`` lists them.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd

from bhxh_comms.phrasing import (
    activity_clause,
    format_date,
    format_number,
    format_percent,
    national_paragraph,
    place_date,
)
from bhxh_comms.report.model import Fact, Report
from bhxh_comms_letter.docxio import local_time
from bhxh_comms_letter.settings import DEFAULT_ISSUING_BODY, LetterSettings

NBSP = "\u00a0"
BLANK_NUMBER = NBSP * 7  # the clerk writes the number when the document is issued
COUNT_KINDS = frozenset({"count_range", "per_partner"})
MET = ("within", "above")

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
    return local_time(moment).date()


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
    parent = settings.parent_body if settings.parent_body is not None else parent_body
    distribution = list(settings.distribution)
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
        "signer_lines": list(settings.signer.lines),
        "signer_name": settings.signer.name,
    }


# --- the report's narrative -----------------------------------------------------------------


def _activity_facts(facts: Iterable[Fact]) -> tuple[list[Fact], list[Fact]]:
    """National count facts of activity types with attendances (conferences, small groups…)
    and of those without (broadcasts, press, posts, publications), in report order."""
    facts = [f for f in facts if f.scope == "national" and not f.metric.startswith("target.")]
    with_people = {f.metric.removesuffix(".participants") for f in facts if f.metric.endswith(".participants")}
    direct: list[Fact] = []
    media: list[Fact] = []
    for fact in facts:
        if fact.metric.endswith(".count"):
            (direct if fact.metric.removesuffix(".count") in with_people else media).append(fact)
    return direct, media


def results_paragraphs(report: Report) -> list[str]:
    """The "Kết quả đạt được" paragraphs in the national report's style (seed 002): the
    activities with attendances in one sentence (``national_paragraph``), then "Trong năm
    2025 đã có khoảng: …" for the others (``activity_clause``)."""
    meta = report.metadata
    activity = [f for f in report.facts if not f.metric.startswith("target.")]
    direct, media = _activity_facts(activity)
    if not direct:
        return [national_paragraph(activity, period_label=meta.period.label, units_phrase=meta.units_phrase)]
    people = {f.metric: f for f in activity if f.metric.endswith(".participants")}
    direct_facts = [f for d in direct for f in (d, people.get(d.metric.replace(".count", ".participants"))) if f]
    paragraphs = [national_paragraph(direct_facts, period_label=meta.period.label, units_phrase=meta.units_phrase)]
    if media:
        approximate = all(f.approximate for f in media)
        clauses = "; ".join(activity_clause(f, factor_approximation=approximate) for f in media)
        paragraphs.append(f"Trong {meta.period.label} đã có{' khoảng' if approximate else ''}: {clauses}.")
    return paragraphs


def _lower_first(label: str) -> str:
    """ "Hội nghị với …" → "hội nghị với …"; "BHXH …", "100% …" stay."""
    if len(label) > 1 and label[0].isupper() and label[1].islower():
        return label[0].lower() + label[1:]
    return label


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def target_items(report: Report) -> list[dict[str, Any]]:
    """One entry per target of ``target_summary``, with its sentence."""
    if "target_summary" not in report.tables:
        return []
    items = []
    for number, row in enumerate(report.table("target_summary").to_dict("records"), start=1):
        label = str(row["target_label"])
        evaluated, units, met = int(row["evaluated"]), int(row["units"]), int(row["met"])
        if evaluated == 0:
            sentence = f"Chỉ tiêu {_lower_first(label)}: không đánh giá được (chưa đủ số liệu)"
            outcome = "không đánh giá được (chưa đủ số liệu)"
        elif met == 0:
            sentence = f"Chưa có tỉnh nào đạt chỉ tiêu {_lower_first(label)}"
            outcome = "chưa có tỉnh nào đạt"
        else:
            sentence = f"{_capitalise(str(row['phrase']))} đạt chỉ tiêu {_lower_first(label)}"
            outcome = f"{row['phrase']} đạt"
        if 0 < evaluated < units:
            sentence += f" (đánh giá được {evaluated}/{units} tỉnh)"
            outcome += f" (đánh giá được {evaluated}/{units} tỉnh)"
        items.append(
            {
                "id": str(row["target"]),
                "number": number,
                "label": label,
                "phrase": str(row["phrase"]),
                "met": met,
                "evaluated": evaluated,
                "units": units,
                "sentence": sentence,
                "numbered": f"({number}) {label}: {outcome}",
            }
        )
    return items


def _finite(value: Any) -> bool:
    return value is not None and value is not pd.NA and isinstance(value, (int, float)) and math.isfinite(value)


def _count(value: Any) -> str:
    return format_number(float(value)) if _finite(value) else "-"


def _change(current: Any, previous: Any, pct: Any) -> str:
    """ "+22,3%", "-8,4%", "mới" (nothing the year before), "-" (no comparison)."""
    if not _finite(previous):
        return "-"
    if float(previous) == 0:
        return "mới" if _finite(current) and float(current) > 0 else "-"
    if not _finite(pct):
        return "-"
    sign = "+" if float(pct) > 0 else ("-" if float(pct) < 0 else "")
    return f"{sign}{format_percent(abs(float(pct)))}"


def activity_rows(report: Report) -> list[dict[str, Any]]:
    national = report.table("national")
    rows = []
    for index, row in enumerate(national.to_dict("records"), start=1):
        previous = row.get("count_previous")
        people = row.get("participants")
        rows.append(
            {
                "index": index,
                "code": str(row["activity_type"]),
                "label": str(row["label"]),
                "unit": str(row["unit"]),
                "count": _count(row["count"]),
                "previous": _count(previous),
                "change": _change(row["count"], previous, row.get("count_pct")),
                "participants": _count(people) if _finite(people) and float(people or 0) > 0 else "-",
            }
        )
    return rows


def _province_targets(report: Report) -> dict[str, tuple[int, int]]:
    """Per province: (targets met, targets evaluated), as ``target_summary`` counts them
    (a province with several rows for a target meets it when every row does)."""
    if "scorecard" not in report.tables:
        return {}
    card = report.table("scorecard")
    card = card[card["outcome"] != "not_evaluable"]
    met = card["outcome"].isin(MET).groupby([card["province"].astype(str), card["target"]]).all()
    per_province = met.groupby(level=0).agg(["sum", "count"])
    return {str(k): (int(v["sum"]), int(v["count"])) for k, v in per_province.iterrows()}


def province_rows(report: Report) -> list[dict[str, Any]]:
    totals = report.table("province_totals")
    status = {}
    if "completeness" in report.tables:
        done = report.table("completeness")
        status = dict(zip(done["province"].astype(str), done["status"].astype(str), strict=True))
    targets = _province_targets(report)
    rows = []
    for index, row in enumerate(totals.to_dict("records"), start=1):
        code = str(row["province"])
        met = targets.get(code)
        previous = row.get("participants_previous")
        rows.append(
            {
                "index": index,
                "code": code,
                "name": str(row["province_name"]),
                "count": _count(row["count"]),
                "participants": _count(row["participants"]),
                "previous": _count(previous),
                "change": _change(row["participants"], previous, row.get("participants_pct")),
                "targets_met": f"{met[0]}/{met[1]}" if met else "-",
                "status": status.get(code, ""),
            }
        )
    return rows


def _result_text(kind: str, rows: pd.DataFrame) -> str:
    """How far a province is from a target: "mới đạt 2,4%", "chưa có kết quả",
    "chưa đạt với 5/6 hội, đoàn thể"."""
    if kind == "per_partner":
        below = int((rows["outcome"] == "below").sum())
        return f"chưa đạt với {below}/{len(rows)} hội, đoàn thể"
    value = rows["value"].iloc[0]
    if not _finite(value):
        return "chưa đạt"
    if float(value) == 0:
        return "chưa có kết quả"
    shown = format_number(float(value)) if kind in COUNT_KINDS else format_percent(float(value))
    return f"mới đạt {shown}"


def unmet_provinces(report: Report) -> list[dict[str, Any]]:
    """Provinces below at least one target, in unit-set order, each with its targets in
    plan order: ``{"code", "name", "targets": [{"label", "result"}], "line"}``."""
    if "scorecard" not in report.tables:
        return []
    card = report.table("scorecard")
    card = card[card["outcome"] != "not_evaluable"]
    numbers = {t["id"]: t["number"] for t in target_items(report)}
    target_order = list(dict.fromkeys(card["target"].astype(str)))
    out = []
    for code, part in card.groupby(card["province"].astype(str), sort=False):
        below_targets = [t for t in target_order if (part.loc[part["target"] == t, "outcome"] == "below").any()]
        if not below_targets:
            continue
        items = []
        for target in below_targets:
            rows = part[part["target"] == target]
            items.append(
                {
                    "id": target,
                    "number": numbers.get(target, 0),
                    "label": str(rows["target_label"].iloc[0]),
                    "result": _result_text(str(rows["kind"].iloc[0]), rows),
                }
            )
        name = str(part["province_name"].iloc[0])
        described = "; ".join(f"chỉ tiêu ({i['number']}) {i['result']}" for i in items)
        out.append({"code": code, "name": name, "targets": items, "line": f"- {name}: {described}."})
    return out


def report_context(report: Report, settings: LetterSettings, *, letter: bool) -> Context:
    """Everything the ``bao-cao`` (``letter=False``) and ``cong-van`` templates use."""
    meta = report.metadata
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
    targets = target_items(report)
    subject = (
        f"thông báo kết quả công tác thông tin, truyền thông {period}"
        if letter
        else f"Kết quả công tác thông tin, truyền thông {period}"
    )
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
            "results_paragraphs": results_paragraphs(report),
            "targets": targets,
            "target_lines": dash_lines([t["sentence"] for t in targets]),
            "numbered_target_lines": _punctuated([t["numbered"] for t in targets]),
            "activity_rows": activity_rows(report),
            "province_rows": province_rows(report),
            "unmet": unmet_provinces(report),
            "notes": list(meta.notes),
        }
    )
    return context
