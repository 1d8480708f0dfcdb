"""Sentences made of facts, in the style of the Communication Centre's 2022 results report: a comparison ("tăng
gấp 2 lần so với năm 2021"), an activity's clause ("khoảng 45.900 hội nghị … với khoảng 1,7
triệu lượt người tham dự") and the results paragraphs.

Numbers, ratios and dates are formatted by :mod:`bhxh_comms.phrasing`; which statements a
report makes is decided in :mod:`bhxh_comms.report.narrative`.
"""

from __future__ import annotations

from collections.abc import Sequence

from bhxh_comms.phrasing import MISSING, format_percent, format_quantity, is_missing, ratio_phrase, round_significant
from bhxh_comms.report.facts import Comparison, Fact

APPROXIMATELY = "khoảng "


def comparison_phrase(comparison: Comparison, *, unit: str = "") -> str:
    """ "tăng gấp 2 lần so với năm 2021", "giảm 1,1% so với năm 2022", "bằng năm 2022" (percentages
    with one decimal, as everywhere in the outputs)."""
    against = f"so với {comparison.period_label}"
    if is_missing(comparison.change):
        return f"{MISSING} so sánh với {comparison.period_label}"
    if comparison.change == 0:
        return f"bằng {comparison.period_label}"
    if comparison.ratio is not None and comparison.ratio >= 1.05:
        return f"tăng {ratio_phrase(comparison.ratio)} {against}"
    if comparison.percent_change is None:
        word = "tăng" if comparison.change > 0 else "giảm"
        amount = format_quantity(abs(comparison.change))
        return f"{word} {amount}{' ' + unit if unit else ''} {against}"
    word = "tăng" if comparison.percent_change > 0 else "giảm"
    return f"{word} {format_percent(abs(comparison.percent_change))} {against}"


def fact_phrase_parts(fact: Fact) -> tuple[str, str]:
    """The figure ("khoảng 45.900 hội nghị truyền thông") and the comparison ("" if none)."""
    number = format_quantity(fact.value, approximate=fact.approximate)
    # "khoảng" only where rounding changed the figure: "khoảng 45.900", but "98 hội nghị".
    rounded = fact.approximate and not is_missing(fact.value) and round_significant(fact.value, 3) != fact.value
    figure = f"{APPROXIMATELY if rounded else ''}{number} {fact.subject}"
    comparison = comparison_phrase(fact.comparison, unit=fact.unit) if fact.comparison else ""
    return figure, comparison


def phrase_fact(fact: Fact) -> str:
    """One fact as a clause: "khoảng 45.900 hội nghị … (tăng gấp 2 lần so với năm 2021)"."""
    figure, comparison = fact_phrase_parts(fact)
    return f"{figure} ({comparison})" if comparison else figure


def activity_clause(count: Fact, participants: Fact | None = None, *, factor_approximation: bool = False) -> str:
    """One activity type's figures as the national report writes them: "khoảng 45.900 hội nghị …
    (tăng gấp 2 lần so với năm 2021) với khoảng 1,7 triệu lượt người tham dự".

    With ``factor_approximation`` the leading "khoảng" is left out, for clauses in a list that
    starts "Trong năm đã có khoảng: …".
    """
    text = phrase_fact(count)
    if factor_approximation and text.startswith(APPROXIMATELY):
        text = text[len(APPROXIMATELY) :]
    if participants is not None and participants.value > 0:
        # The national report compares the activities, not the attendance, in this clause.
        text += f" với {fact_phrase_parts(participants)[0]}"
    return text


def _count_facts(facts: Sequence[Fact], scope: str) -> list[Fact]:
    return [f for f in facts if f.scope == scope and f.metric.endswith(".count") and f.value > 0]


def national_paragraph(
    facts: Sequence[Fact],
    *,
    period_label: str,
    units_phrase: str,
    scope: str = "national",
    opening: str = "Kết quả, trong",
) -> str:
    """All activities of ``scope`` in one sentence: "Kết quả, trong năm 2022, BHXH 63 tỉnh đã
    triển khai thực hiện được khoảng 45.900 hội nghị …; …"."""
    by_metric = {f.metric: f for f in facts if f.scope == scope}
    clauses = [
        activity_clause(f, by_metric.get(f.metric.removesuffix(".count") + ".participants"))
        for f in _count_facts(facts, scope)
    ]
    if not clauses:
        return f"Trong {period_label}, báo cáo của {units_phrase} không có hoạt động truyền thông nào."
    return f"{opening} {period_label}, {units_phrase} đã triển khai thực hiện được {'; '.join(clauses)}."


def results_paragraphs(
    facts: Sequence[Fact], *, period_label: str, units_phrase: str, scope: str = "national", opening: str = "Trong"
) -> tuple[str, ...]:
    """The "Kết quả đạt được" paragraphs of the Communication Centre's 2022 results report:
    activities that gather people (with their attendances) in one sentence, then "Trong năm đã
    có khoảng: …" for broadcasts, press items, posts and publications. Which activity types
    gather people is the catalog's (``Fact.extra["has_participants"]``)."""
    counts = _count_facts(facts, scope)
    direct = [f for f in counts if f.extra.get("has_participants", True)]
    media = [f for f in counts if not f.extra.get("has_participants", True)]
    if not direct:
        direct, media = counts, []
    people = {f.metric: f for f in facts if f.scope == scope and f.metric.endswith(".participants")}
    direct_facts = [x for d in direct for x in (d, people.get(d.metric.removesuffix(".count") + ".participants")) if x]
    paragraphs = [
        national_paragraph(
            direct_facts, period_label=period_label, units_phrase=units_phrase, scope=scope, opening=opening
        )
    ]
    if media:
        clauses = [activity_clause(f) for f in media]
        factored = all(c.startswith(APPROXIMATELY) for c in clauses)
        if factored:
            clauses = [c[len(APPROXIMATELY) :] for c in clauses]
        paragraphs.append(f"Trong {period_label} đã có{' khoảng' if factored else ''}: {'; '.join(clauses)}.")
    return tuple(paragraphs)


Run = tuple[str, str]
"""A piece of a paragraph and its emphasis: ``"figure"`` (bold), ``"comparison"`` (italic) or ``""``."""


def emphasis_runs(paragraph: str, facts: Sequence[Fact], *, scope: str = "national") -> tuple[Run, ...]:
    """``paragraph`` cut into runs as the centre's reports emphasise them: each fact's figure
    bold ("khoảng **9.180** hội nghị …"), each comparison italic ("(*tăng gấp khoảng 1,9 lần so
    với năm 2024*)"). The runs join back into ``paragraph`` exactly."""
    marked = [False] * len(paragraph)
    spans: list[tuple[int, int, str]] = []

    def mark(start: int, end: int, kind: str) -> None:
        if not any(marked[start:end]):
            spans.append((start, end, kind))
            marked[start:end] = [True] * (end - start)

    chosen = [f for f in facts if f.scope == scope]
    for fact in chosen:  # comparisons first: they hold numbers of their own ("1,9 lần")
        comparison = fact_phrase_parts(fact)[1]
        start = paragraph.find(comparison) if comparison else -1
        while start >= 0:
            mark(start, start + len(comparison), "comparison")
            start = paragraph.find(comparison, start + len(comparison))
    for fact in chosen:
        number = format_quantity(fact.value, approximate=fact.approximate)
        anchor = f"{number} {fact.subject}"  # the number where it stands before its noun
        start = paragraph.find(anchor)
        while start >= 0:
            mark(start, start + len(number), "figure")
            start = paragraph.find(anchor, start + len(anchor))
    runs: list[Run] = []
    position = 0
    for start, end, kind in sorted(spans):
        if start > position:
            runs.append((paragraph[position:start], ""))
        runs.append((paragraph[start:end], kind))
        position = end
    if position < len(paragraph):
        runs.append((paragraph[position:], ""))
    return tuple(runs)
