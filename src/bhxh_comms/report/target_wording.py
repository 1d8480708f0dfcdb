"""How the reports word a target's figures: the requirement ("10–12 cuộc", "15–20%"), a unit's
result against it ("đạt 6 cuộc/10–12 cuộc", "đạt 0,2% số tuần có đủ 04 lượt phát thanh …
(chỉ tiêu: 100%)") and the share of units that meet it ("2/3 tỉnh đã báo cáo đạt; 31 tỉnh
chưa báo cáo").

Every output prints these texts; none of them words a target itself. The words for a target's
value come from its :class:`~bhxh_comms.models.targets.TargetWording` (data), else from the
catalog and the target's kind.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs
import pandas as pd

from bhxh_comms.models.catalog import Catalogs
from bhxh_comms.models.targets import GRAIN_WORDS, Outcome, Target, TargetSet
from bhxh_comms.phrasing import MISSING, format_number, format_percent, is_missing
from bhxh_comms.report.narrative import records

UNIT_WORD = "tỉnh"


@attrs.frozen(kw_only=True)
class TargetWords:
    """The resolved words of one target (see :func:`target_words`)."""

    value_kind: str
    unit: str
    """Unit of a count ("cuộc"); "" for shares."""
    share_of: str
    """What a share is of ("số xã, phường"); "" for counts."""
    sub: str
    """The sub-condition's words ("về BHXH tự nguyện"); "" when there is none."""
    partners: str
    """The word for partners of a per-partner target ("hội, đoàn thể"); "" otherwise."""
    per: str = ""
    """The sub-period the target holds in ("quý" for a target per quarter); "" for a year."""


def target_words(target: Target, catalogs: Catalogs) -> TargetWords:
    """The words of ``target``: its own :class:`TargetWording` where given, else derived."""
    wording = target.wording
    unit = wording.unit or ""
    if target.value_kind == "count" and not unit:
        selected = target.select.activity_types
        unit = catalogs.activity_types[selected[0]].unit if len(selected) == 1 else "hoạt động"
    share_of = target.share_of if target.value_kind == "share" else ""
    sub = wording.sub or ("phần nội dung riêng" if target.sub_bounds_judged is not None else "")
    partners = (wording.partners or "đơn vị phối hợp") if target.per_partner else ""
    per = GRAIN_WORDS.get(target.period, "") if target.by_sub_period else ""
    return TargetWords(value_kind=target.value_kind, unit=unit, share_of=share_of, sub=sub, partners=partners, per=per)


def is_missing_text(value: Any) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and value != value) or value == ""


def value_text(value: Any, words: TargetWords) -> str:
    """ "6 cuộc", "15,2%"; a missing value in words."""
    if is_missing(value):
        return MISSING
    if words.value_kind == "count":
        return f"{format_number(float(value), 1)} {words.unit}".strip()
    return format_percent(float(value))


def requirement_text(minimum: Any, maximum: Any, words: TargetWords) -> str:
    """ "10–12 cuộc", "tối thiểu 4 cuộc", "15–20%", "55%" (a share's minimum alone is the
    plan's figure); "tối thiểu 3 cuộc/quý" for a target per quarter."""
    text = _requirement(minimum, maximum, words)
    return f"{text}/{words.per}" if text and words.per else text


def _requirement(minimum: Any, maximum: Any, words: TargetWords) -> str:
    low = None if is_missing(minimum) else float(minimum)
    high = None if is_missing(maximum) else float(maximum)

    def shown(value: float) -> str:
        return format_number(value, 1) if words.value_kind == "count" else format_percent(value)

    unit = f" {words.unit}" if words.value_kind == "count" and words.unit else ""
    if low is not None and high is not None:
        if words.value_kind == "share":  # "15–20%", as the plan writes it
            return f"{format_number(low * 100, 1)}–{shown(high)}"
        return f"{shown(low)}–{shown(high)}{unit}"
    if low is not None:
        return f"{shown(low)}{unit}" if words.value_kind == "share" else f"tối thiểu {shown(low)}{unit}"
    if high is not None:
        return f"tối đa {shown(high)}{unit}"
    return ""


def _partner_result(row: Mapping[str, Any], words: TargetWords, requirement: str) -> str:
    return f"{format_number(row['met_rows'])}/{format_number(row['rows'])} {words.partners} đạt {requirement}"


@attrs.frozen(kw_only=True)
class ResultTexts:
    """The texts of one unit's result against a target (see :func:`result_texts`)."""

    value: str
    """ "6 cuộc", "0,2%", "1/6 hội, đoàn thể"; "" when there is no value."""
    listed: str
    """For a list whose heading names the measure and the target: "6 cuộc", "0,9%, trong đó 0%",
    "1/6"."""
    short: str
    """Value against the target, on its own: "6 cuộc/10–12 cuộc", "0,2%/100%"."""
    result: str
    """A clause: "đạt 6 cuộc/10–12 cuộc", "đạt 0,2% số tuần … (chỉ tiêu: 100%), trong đó …"."""


def result_texts(row: Mapping[str, Any], words: TargetWords) -> ResultTexts:
    """The texts of one row of ``target_results``; a unit that did not report or cannot be
    evaluated says so ("chưa báo cáo", "không đánh giá được (chưa có số xã, phường)")."""
    outcome = Outcome(str(row["outcome"]))
    requirement = requirement_text(row.get("minimum"), row.get("maximum"), words)
    if outcome in (Outcome.NOT_REPORTED, Outcome.NOT_EVALUABLE):
        reason = str(row.get("reason") or "") if outcome is Outcome.NOT_EVALUABLE else ""
        text = outcome.label_vi + (f" ({reason})" if reason else "")
        return ResultTexts(value="", listed=text, short=text, result=text)
    if words.partners and int(row.get("rows", 1)) > 1:
        ratio = f"{format_number(row['met_rows'])}/{format_number(row['rows'])}"
        value = f"{ratio} {words.partners}"
        return ResultTexts(value=value, listed=ratio, short=value, result=_partner_result(row, words, requirement))
    value = value_text(row.get("value"), words)
    short = f"{value}/{requirement}"
    listed = value
    sub_period = str(row.get("sub_period") or "") if not is_missing_text(row.get("sub_period")) else ""
    if sub_period:  # the lowest quarter (month) is the unit's result: say which
        listed, short = f"{value} trong {sub_period}", f"{value}/{requirement} trong {sub_period}"
    if words.value_kind == "count":
        return ResultTexts(value=value, listed=listed, short=short, result=f"đạt {short}")
    result = f"đạt {value} {words.share_of} (chỉ tiêu: {requirement})" + (f" trong {sub_period}" if sub_period else "")
    if words.sub and not is_missing(row.get("sub_value")):
        sub_required = format_percent(float(row["sub_minimum"])) if not is_missing(row.get("sub_minimum")) else ""
        sub_value = format_percent(float(row["sub_value"]))
        result += f", trong đó {words.sub} {sub_value}" + (f" (chỉ tiêu: {sub_required})" if sub_required else "")
        short += f", {words.sub} {sub_value}" + (f"/{sub_required}" if sub_required else "")
        listed += f", trong đó {sub_value}"
    return ResultTexts(value=value, listed=listed, short=short, result=result)


def with_value_texts(scorecard: pd.DataFrame, targets: TargetSet, catalogs: Catalogs) -> pd.DataFrame:
    """The scorecard with a ``value_text`` column ("2 cuộc", "15,2%", "chưa có số liệu")."""
    words = {t.id: target_words(t, catalogs) for t in targets}
    out = scorecard.copy()
    out["value_text"] = [
        value_text(v, words[str(t)]) for t, v in zip(scorecard["target"], scorecard["value"], strict=True)
    ]
    return out


def with_result_texts(results: pd.DataFrame, targets: TargetSet, catalogs: Catalogs) -> pd.DataFrame:
    """``target_results`` with ``value_text``, ``result_listed``, ``result_short`` and
    ``result_text`` columns (:class:`ResultTexts`)."""
    words = {t.id: target_words(t, catalogs) for t in targets}
    texts = [result_texts(row, words[str(row["target"])]) for row in records(results)]
    out = results.copy()
    out["value_text"] = [t.value for t in texts]
    out["result_listed"] = [t.listed for t in texts]
    out["result_short"] = [t.short for t in texts]
    out["result_text"] = [t.result for t in texts]
    return out


# --- the share of units ------------------------------------------------------------------


def _counted(row: Mapping[str, Any]) -> dict[str, int]:
    return {k: int(row[k]) for k in ("units", "reported", "not_reported", "evaluated", "not_evaluable", "met")}


def _others(n: Mapping[str, int], reason: str) -> list[str]:
    parts = []
    if n["not_evaluable"]:
        parts.append(f"{n['not_evaluable']} {UNIT_WORD} không đánh giá được" + (f" ({reason})" if reason else ""))
    if n["not_reported"]:
        parts.append(f"{n['not_reported']} {UNIT_WORD} chưa báo cáo")
    return parts


def share_phrase(row: Mapping[str, Any]) -> str:
    """The count of units meeting a target as lists print it, the same form for every target:
    "31/34 tỉnh đạt", "2/3 tỉnh đã báo cáo đạt; 31 tỉnh chưa báo cáo", "1/2 tỉnh được đánh giá
    đạt; 1 tỉnh không đánh giá được (chưa có số xã, phường)", "chưa có tỉnh nào báo cáo"."""
    n = _counted(row)
    reason = str(row.get("reason") or "")
    if n["reported"] == 0:
        return f"chưa có {UNIT_WORD} nào báo cáo"
    if n["evaluated"] == 0:
        head = Outcome.NOT_EVALUABLE.label_vi + (f" ({reason})" if reason else "")
        tail = [f"{n['not_reported']} {UNIT_WORD} chưa báo cáo"] if n["not_reported"] else []
        return "; ".join([head, *tail])
    if n["evaluated"] == n["units"]:
        return f"{n['met']}/{n['units']} {UNIT_WORD} đạt"
    qualifier = "đã báo cáo" if n["not_evaluable"] == 0 else "được đánh giá"
    return "; ".join([f"{n['met']}/{n['evaluated']} {UNIT_WORD} {qualifier} đạt", *_others(n, reason)])


def _lower_first(label: str) -> str:
    """ "Hội nghị với …" → "hội nghị với …"; "BHXH …", "100% …" stay."""
    if len(label) > 1 and label[0].isupper() and label[1].islower():
        return label[0].lower() + label[1:]
    return label


def target_sentence(row: Mapping[str, Any]) -> str:
    """The target's result as a sentence of a report (no final stop): "100% BHXH tỉnh đạt chỉ
    tiêu …" when every unit meets it, "Chưa có tỉnh nào đạt chỉ tiêu …", "2/3 tỉnh đã báo cáo
    đạt chỉ tiêu …; 31 tỉnh chưa báo cáo"."""
    n = _counted(row)
    label = _lower_first(str(row["target_label"]))
    reason = str(row.get("reason") or "")
    if n["reported"] == 0:
        return f"Chỉ tiêu {label}: chưa có {UNIT_WORD} nào báo cáo"
    if n["evaluated"] == 0:
        head = f"Chỉ tiêu {label}: {Outcome.NOT_EVALUABLE.label_vi}" + (f" ({reason})" if reason else "")
        tail = [f"{n['not_reported']} {UNIT_WORD} chưa báo cáo"] if n["not_reported"] else []
        return "; ".join([head, *tail])
    if n["evaluated"] == n["units"]:
        if n["met"] == n["units"]:
            return f"100% BHXH {UNIT_WORD} đạt chỉ tiêu {label}"
        if n["met"] == 0:
            return f"Chưa có {UNIT_WORD} nào đạt chỉ tiêu {label}"
        return f"{n['met']}/{n['units']} {UNIT_WORD} đạt chỉ tiêu {label}"
    qualifier = "đã báo cáo" if n["not_evaluable"] == 0 else "được đánh giá"
    head = f"{n['met']}/{n['evaluated']} {UNIT_WORD} {qualifier} đạt chỉ tiêu {label}"
    return "; ".join([head, *_others(n, reason)])


def below_heading(words: TargetWords, requirement: str = "", sub_requirement: str = "") -> str:
    """What the figures in a list of units below a target are, and the target: "chỉ tiêu 10–12
    cuộc", "tỷ lệ số xã, phường có hội nghị; chỉ tiêu 15–20%", "tỷ lệ lực lượng lao động …, trong
    đó về BHXH tự nguyện; chỉ tiêu 55%, trong đó 25%", "số hội, đoàn thể đạt hoặc vượt 1–3 cuộc/tổng số"."""
    target = f"chỉ tiêu {requirement}" if requirement else "chỉ tiêu"
    if words.partners:
        met = f"đạt hoặc vượt {requirement}" if requirement else "đạt"  # above the range meets it too
        return f"số {words.partners} {met}/tổng số"
    if words.value_kind == "count":
        return target
    if words.sub and sub_requirement:
        return f"tỷ lệ {words.share_of}, trong đó {words.sub}; {target}, trong đó {sub_requirement}"
    return f"tỷ lệ {words.share_of}; {target}"


def fold_note(words: TargetWords) -> str:
    """How a per-partner target is judged for a province (the rule of
    :mod:`bhxh_comms.aggregate.target_summary`), for legends; "" for other targets."""
    if not words.partners:
        return ""
    return (
        f"Chỉ tiêu tính theo từng {words.partners}: tỉnh đạt khi tất cả {words.partners} đều đạt, vượt khi tất "
        f"cả đều vượt, chưa đạt khi có {words.partners} chưa đạt; kết quả ghi số {words.partners} đạt/tổng số."
    )


def with_summary_texts(summary: pd.DataFrame) -> pd.DataFrame:
    """``target_summary`` with ``phrase`` (:func:`share_phrase`) and ``sentence``
    (:func:`target_sentence`)."""
    out = summary.copy()
    rows = records(summary)
    out["phrase"] = [share_phrase(r) for r in rows]
    out["sentence"] = [target_sentence(r) for r in rows]
    return out


__all__ = [
    "ResultTexts",
    "TargetWords",
    "below_heading",
    "fold_note",
    "requirement_text",
    "result_texts",
    "share_phrase",
    "target_sentence",
    "target_words",
    "value_text",
    "with_result_texts",
    "with_summary_texts",
    "with_value_texts",
]
