"""Vietnamese formatting of numbers, ratios and dates, in the style of the national report
(the Communication Centre's 2022 results report).

Every layer formats figures through this module, so a report reads the same in Excel, Word
and the dashboard. Locale formatting is Babel's (CLDR ``vi``): thousands ``.``, decimal ``,``.
Missing figures (None, NaN) are written in words. Sentences made of figures are in
:mod:`bhxh_comms.report.sentences`.
"""

from __future__ import annotations

import datetime as dt
import math

from babel.numbers import format_decimal

LOCALE = "vi_VN"
MISSING = "chưa có số liệu"
"""What every formatter writes for a missing figure (None, NaN, NA)."""
_MILLION = 1_000_000
_BILLION = 1_000_000_000


def is_missing(value: object) -> bool:
    """None, NaN, pandas' NA/NaT, or anything that is not a finite number."""
    if value is None or isinstance(value, (str, bool)):
        return True
    try:
        return not math.isfinite(float(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return True


def format_number(value: float | None, decimals: int = 0) -> str:
    """A number in Vietnamese format, with at most ``decimals`` decimals (trailing zeros dropped);
    a missing value is written in words.

    >>> format_number(45900)
    '45.900'
    >>> format_number(1.05, 2)
    '1,05'
    >>> format_number(float("nan"))
    'chưa có số liệu'
    """
    if value is None or is_missing(value):
        return MISSING
    pattern = "#,##0" + ("." + "#" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=LOCALE)


def format_percent(fraction: float | None, decimals: int = 1) -> str:
    """A fraction as a percentage: ``0.324`` → ``"32,4%"``; a missing value in words."""
    if fraction is None or is_missing(fraction):
        return MISSING
    return f"{format_number(fraction * 100, decimals)}%"


def round_significant(value: float, digits: int = 3) -> float:
    """``value`` rounded to ``digits`` significant figures (45.873 → 45.900)."""
    if value == 0 or not math.isfinite(value):
        return value
    magnitude = math.floor(math.log10(abs(value)))
    factor = 10 ** (magnitude - digits + 1)
    return float(round(value / factor) * factor)


def format_quantity(value: float | None, *, approximate: bool = False, digits: int = 3) -> str:
    """A count as the report writes it: ``45.900``, ``1,7 triệu``, ``1,05 triệu``, ``2,3 tỷ``.

    Approximate figures are rounded to ``digits`` significant figures; figures of a million
    or more are always written in "triệu"/"tỷ".

    >>> format_quantity(1_704_211, approximate=True)
    '1,7 triệu'
    >>> format_quantity(45_873, approximate=True)
    '45.900'
    """
    if value is None or is_missing(value):
        return MISSING
    shown = round_significant(value, digits) if approximate else value
    for scale, word in ((_BILLION, "tỷ"), (_MILLION, "triệu")):
        if abs(shown) >= scale:
            scaled = shown / scale
            decimals = 2 if approximate else 3
            return f"{format_number(scaled, decimals)} {word}"
    return format_number(shown, 0 if float(shown).is_integer() else 2)


def ratio_phrase(ratio: float) -> str:
    """How many times a figure is of the previous one, with the qualifier the Communication
    Centre's 2022 results report uses.

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


def format_date(day: dt.date | None, *, pad: bool = False) -> str:
    """ "ngày 20 tháng 5 năm 2024". With ``pad`` (Nghị định 30/2020 for document dates), days
    below 10 and the months January and February get a leading zero: "ngày 05 tháng 02". A
    missing date is written in words."""
    if day is None or day != day:  # None or pandas' NaT (never equal to itself)
        return MISSING
    day_text = f"{day.day:02d}" if pad and day.day < 10 else str(day.day)
    month_text = f"{day.month:02d}" if pad and day.month < 3 else str(day.month)
    return f"ngày {day_text} tháng {month_text} năm {day.year}"


def place_date(place: str, day: dt.date, *, pad: bool = True) -> str:
    """ "Hà Nội, ngày 20 tháng 5 năm 2024" as it stands under the national title."""
    return f"{place}, {format_date(day, pad=pad)}"
