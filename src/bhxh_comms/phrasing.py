"""Vietnamese phrasing of figures, in the style of the national report (seed 002).

Every renderer formats numbers, ratios and dates through this module, so a report reads
the same in Excel, Word and the dashboard. Locale formatting is Babel's (CLDR ``vi``):
thousands ``.``, decimal ``,``.
"""

from __future__ import annotations

import datetime as dt
import math

from babel.numbers import format_decimal

from bhxh_comms.report.model import Comparison, Fact

LOCALE = "vi_VN"
_MILLION = 1_000_000
_BILLION = 1_000_000_000


def format_number(value: float, decimals: int = 0) -> str:
    """A number in Vietnamese format, with at most ``decimals`` decimals (trailing zeros dropped).

    >>> format_number(45900)
    '45.900'
    >>> format_number(1.05, 2)
    '1,05'
    """
    pattern = "#,##0" + ("." + "#" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=LOCALE)


def format_percent(fraction: float, decimals: int = 1) -> str:
    """A fraction as a percentage: ``0.324`` → ``"32,4%"``."""
    return f"{format_number(fraction * 100, decimals)}%"


def round_significant(value: float, digits: int = 3) -> float:
    """``value`` rounded to ``digits`` significant figures (45.873 → 45.900)."""
    if value == 0 or not math.isfinite(value):
        return value
    magnitude = math.floor(math.log10(abs(value)))
    factor = 10 ** (magnitude - digits + 1)
    return float(round(value / factor) * factor)


def format_quantity(value: float, *, approximate: bool = False, digits: int = 3) -> str:
    """A count as the report writes it: ``45.900``, ``1,7 triệu``, ``1,05 triệu``, ``2,3 tỷ``.

    Approximate figures are rounded to ``digits`` significant figures; figures of a million
    or more are always written in "triệu"/"tỷ".

    >>> format_quantity(1_704_211, approximate=True)
    '1,7 triệu'
    >>> format_quantity(45_873, approximate=True)
    '45.900'
    """
    shown = round_significant(value, digits) if approximate else value
    for scale, word in ((_BILLION, "tỷ"), (_MILLION, "triệu")):
        if abs(shown) >= scale:
            scaled = shown / scale
            decimals = 2 if approximate else 3
            return f"{format_number(scaled, decimals)} {word}"
    return format_number(shown, 0 if float(shown).is_integer() else 2)


def ratio_phrase(ratio: float) -> str:
    """How many times a figure is of the previous one, with the qualifier of seed 002.

    The ratio is shown with one decimal (two below 1,1). The qualifier says how the true
    ratio relates to the shown one: none when they agree to the shown precision; "hơn" when
    the true ratio is above it; "gần" when it is just below a whole number; "khoảng" when it
    is below a shown decimal.

    >>> ratio_phrase(2.0), ratio_phrase(2.77), ratio_phrase(1.34), ratio_phrase(1.96)
    ('gấp 2 lần', 'gấp khoảng 2,8 lần', 'gấp hơn 1,3 lần', 'gấp gần 2 lần')
    >>> ratio_phrase(1.06)
    'gấp 1,06 lần'
    """
    decimals = 2 if ratio < 1.1 else 1
    shown = round(ratio, decimals)
    tolerance = 0.5 * 10 ** -(decimals + 1)
    text = format_number(shown, decimals)
    difference = ratio - shown
    if abs(difference) <= tolerance:
        qualifier = ""
    elif difference > 0:
        qualifier = "hơn "
    elif float(shown).is_integer():
        qualifier = "gần "
    else:
        qualifier = "khoảng "
    return f"gấp {qualifier}{text} lần"


def comparison_phrase(comparison: Comparison, *, unit: str = "") -> str:
    """ "tăng gấp 2 lần so với năm 2021", "giảm 1,05% so với năm 2022", "bằng năm 2022"."""
    against = f"so với {comparison.period_label}"
    if comparison.change == 0:
        return f"bằng {comparison.period_label}"
    if comparison.ratio is not None and comparison.ratio >= 1.05:
        return f"tăng {ratio_phrase(comparison.ratio)} {against}"
    if comparison.percent_change is None:
        word = "tăng" if comparison.change > 0 else "giảm"
        amount = format_quantity(abs(comparison.change))
        return f"{word} {amount}{' ' + unit if unit else ''} {against}"
    word = "tăng" if comparison.percent_change > 0 else "giảm"
    return f"{word} {format_percent(abs(comparison.percent_change), 2)} {against}"


def fact_phrase_parts(fact: Fact) -> tuple[str, str]:
    """The figure ("khoảng 45.900 hội nghị truyền thông") and the comparison ("" if none)."""
    number = format_quantity(fact.value, approximate=fact.approximate)
    # "khoảng" only where rounding changed the figure: "khoảng 45.900", but "98 hội nghị".
    rounded = fact.approximate and round_significant(fact.value, 3) != fact.value
    figure = f"{'khoảng ' if rounded else ''}{number} {fact.subject}"
    comparison = comparison_phrase(fact.comparison, unit=fact.unit) if fact.comparison else ""
    return figure, comparison


def phrase_fact(fact: Fact) -> str:
    """One fact as a clause: "khoảng 45.900 hội nghị … (tăng gấp 2 lần so với năm 2021)"."""
    figure, comparison = fact_phrase_parts(fact)
    return f"{figure} ({comparison})" if comparison else figure


def format_date(day: dt.date, *, pad: bool = False) -> str:
    """ "ngày 20 tháng 5 năm 2024". With ``pad`` (Nghị định 30/2020 for document dates), days
    below 10 and the months January and February get a leading zero: "ngày 05 tháng 02"."""
    day_text = f"{day.day:02d}" if pad and day.day < 10 else str(day.day)
    month_text = f"{day.month:02d}" if pad and day.month < 3 else str(day.month)
    return f"ngày {day_text} tháng {month_text} năm {day.year}"


def place_date(place: str, day: dt.date, *, pad: bool = True) -> str:
    """ "Hà Nội, ngày 20 tháng 5 năm 2024" as it stands under the national title."""
    return f"{place}, {format_date(day, pad=pad)}"


def share_phrase(met: int, total: int, unit_word: str = "tỉnh") -> str:
    """ "100% BHXH tỉnh" when all meet a condition, otherwise "28/34 tỉnh"."""
    if total and met == total:
        return f"100% BHXH {unit_word}"
    return f"{met}/{total} {unit_word}"


def activity_clause(count: Fact, participants: Fact | None = None, *, factor_approximation: bool = False) -> str:
    """One activity type's figures as the national report writes them: "khoảng 45.900 hội nghị …
    (tăng gấp 2 lần so với năm 2021) với khoảng 1,7 triệu lượt người tham dự".

    With ``factor_approximation`` the leading "khoảng" is left out, for clauses in a list that
    starts "Trong năm đã có khoảng: …".
    """
    text = phrase_fact(count)
    if factor_approximation and text.startswith("khoảng "):
        text = text[len("khoảng ") :]
    if participants is not None and participants.value > 0:
        # The national report compares the activities, not the attendance, in this clause.
        text += f" với {fact_phrase_parts(participants)[0]}"
    return text


def national_paragraph(facts: tuple[Fact, ...] | list[Fact], *, period_label: str, units_phrase: str) -> str:
    """The "Kết quả đạt được" sentence of a report from its activity facts (in order):
    "Kết quả, trong năm 2022, BHXH 63 tỉnh đã triển khai thực hiện được khoảng 45.900 hội nghị …; …"."""
    by_metric = {f.metric: f for f in facts}
    clauses = []
    for fact in facts:
        if fact.metric.endswith(".count") and fact.scope == "national":
            participants = by_metric.get(fact.metric.replace(".count", ".participants"))
            clauses.append(activity_clause(fact, participants))
    if not clauses:
        return f"Trong {period_label}, chưa có hoạt động truyền thông nào được báo cáo."
    return f"Kết quả, trong {period_label}, {units_phrase} đã triển khai thực hiện được {'; '.join(clauses)}."
