"""Durations, percentages and rates: parsing map text into seconds, and back into words.

The model holds seconds. A day and a week are the calendar's (elapsed: 24 h and
7 d; working: ``hours_per_day`` and ``days_per_week``), so every conversion takes
the map's :class:`~vsm_draw.model.Calendar`.
"""
from __future__ import annotations

import datetime as _dt
import math
import re
from dataclasses import replace
from functools import lru_cache
from typing import Optional, Union

from ._lazy import lazy_patterns
from .errors import shorten
from .model import Calendar, Rate

__all__ = [
    "UNITS",
    "UNIT_ALIASES",
    "NUMBER_PATTERN",
    "normalize_unit",
    "at_most",
    "unit_seconds",
    "parse_duration",
    "parse_percent",
    "parse_rate",
    "duration_resolution",
    "percent_resolution",
    "to_unit",
    "humanize",
    "series_unit",
    "format_in_series",
    "humanize_as",
    "format_number",
    "format_in",
    "format_percent",
    "clock_fix",
]

#: Canonical unit names, smallest first.
UNITS = ("seconds", "minutes", "hours", "days", "weeks")

#: Every spelling of a unit the parser reads, mapped to the canonical name.
UNIT_ALIASES = {
    "s": "seconds", "sec": "seconds", "secs": "seconds", "second": "seconds", "seconds": "seconds",
    "m": "minutes", "min": "minutes", "mins": "minutes", "minute": "minutes", "minutes": "minutes",
    "h": "hours", "hr": "hours", "hrs": "hours", "hour": "hours", "hours": "hours",
    "d": "days", "day": "days", "days": "days",
    "w": "weeks", "wk": "weeks", "wks": "weeks", "week": "weeks", "weeks": "weeks",
}

_SHORT = {"seconds": "s", "minutes": "min", "hours": "h", "days": "d", "weeks": "w"}

Number = Union[int, float]


def normalize_unit(text: str) -> str:
    """The canonical name of a unit (``"d"`` -> ``"days"``); ValueError when unknown."""
    key = str(text).strip().lower()
    if key in UNIT_ALIASES:
        return UNIT_ALIASES[key]
    raise ValueError(
        f"unknown unit {shorten(str(text))!r}; use one of {', '.join(UNITS)} (or s, m, h, d, w)"
    )


def unit_seconds(unit: str, calendar: Calendar) -> float:
    """Seconds in one ``unit`` under ``calendar``."""
    unit = normalize_unit(unit)
    return {
        "seconds": 1.0,
        "minutes": 60.0,
        "hours": 3600.0,
        "days": calendar.day,
        "weeks": calendar.week,
    }[unit]


def to_unit(seconds: float, unit: str, calendar: Calendar) -> float:
    """``seconds`` expressed in ``unit`` (not rounded)."""
    return seconds / unit_seconds(unit, calendar)


#: The number syntax durations are read with (the JSON Schema reuses it).
NUMBER_PATTERN = r"(?:\d+(?:\.\d*)?|\.\d+)"
with lazy_patterns():  # compiled for a duration of more than one part ("1d 4h"), or spaced
    _PART = re.compile(rf"\s*({NUMBER_PATTERN})\s*([a-zA-Z]+)\s*,?")
_LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
_DIGITS = frozenset("0123456789")


def _one_part(text: str) -> "tuple[str, str] | None":
    """``("1.5", "d")`` for ``1.5d``: the number and the unit of a duration written as one
    ASCII number and one unit word, nothing between (what :data:`_PART` reads as one part
    covering all of it), else None."""
    word = text.lstrip("0123456789.")
    number = text[:len(text) - len(word)]
    if not number or not word or word.strip(_LETTERS) or number.count(".") > 1 or number == ".":
        return None
    return number, word


@lru_cache(maxsize=1)
def _iso() -> "re.Pattern[str]":
    """ISO 8601 durations (P3D, PT4H): compiled when first met, not at start-up (about
    3 ms, and most maps never use the form)."""
    return re.compile(
        rf"^P(?:(?P<w>{NUMBER_PATTERN})W)?(?:(?P<d>{NUMBER_PATTERN})D)?"
        rf"(?:T(?:(?P<h>{NUMBER_PATTERN})H)?(?:(?P<m>{NUMBER_PATTERN})M)?"
        rf"(?:(?P<s>{NUMBER_PATTERN})S)?)?$",
        re.IGNORECASE,
    )


_HINT = "write it as 30s, 45m, 4h, 2d, 3w, '1d 4h', '3 days' or ISO 8601 like P3D or PT4H"


def _check_number(value: float, what: str) -> float:
    if not math.isfinite(value):
        raise ValueError(f"{what} must be a finite number, not {value}")
    if value < 0:
        raise ValueError(f"{what} cannot be negative ({value:g})")
    return float(value)


#: The longest duration a map may hold (1000 years of 365.25 days): anything longer is a
#: typo, and the bound keeps sums of any number of steps finite.
MAX_SECONDS = 1000 * 365.25 * 86400.0
#: The same limit in words, for messages.
MAX_WORDS = "1000 years"


def parse_duration(value: object, unit: str, calendar: Calendar, what: str = "a duration") -> float:
    """Seconds for a map duration: a bare number in ``unit``, ``'1d 4h'``, ``'P3D'``...

    Raises ValueError with a message that says how to write it.
    """
    try:
        seconds = _seconds(value, unit, calendar, what)
    except OverflowError:  # an integer of hundreds of digits
        seconds = math.inf
    if not seconds <= MAX_SECONDS:  # also catches an overflow to inf
        raise ValueError(f"{what} {_show(value)} is too long to be a duration (more than "
                         f"{MAX_WORDS}); check the number and its unit")
    return seconds


def _seconds(value: object, unit: str, calendar: Calendar, what: str) -> float:
    if isinstance(value, bool) or value is None:
        raise ValueError(f"{what} must be a duration, not {_show(value)}; {_HINT}")
    if isinstance(value, (int, float)):
        return _check_number(float(value), what) * unit_seconds(unit, calendar)
    if not isinstance(value, str):
        raise ValueError(f"{what} must be a duration, not {_show(value)}; {_HINT}")
    text = value.strip()
    if not text:
        raise ValueError(f"{what} is empty; {_HINT}")
    if text.startswith("-"):
        raise ValueError(f"{what} cannot be negative ({shorten(text)})")
    clock = clock_fix(text)
    if clock:
        raise ValueError(f"{what} {shorten(text)!r} is not a duration; {clock}")
    try:
        number = float(text)
    except ValueError:
        number = None  # not a bare number: a duration with units, read below
    if number is not None:
        return _check_number(number, what) * unit_seconds(unit, calendar)
    if text[:1] in "Pp":
        match = _iso().match(text)
        if not match or text.upper() in ("P", "PT") or text.upper().endswith("T"):
            raise ValueError(
                f"{what} {shorten(text)!r} is not an ISO 8601 duration this tool reads: use weeks, "
                "days, hours, minutes and seconds, like P3D, PT4H or P1DT12H "
                "(years and months have no fixed length)"
            )
        parts = {k: float(v) for k, v in match.groupdict().items() if v}
        return (
            parts.get("w", 0.0) * calendar.week
            + parts.get("d", 0.0) * calendar.day
            + parts.get("h", 0.0) * 3600.0
            + parts.get("m", 0.0) * 60.0
            + parts.get("s", 0.0)
        )
    one = _one_part(text)
    if one:  # 3w, 1.5d: the one part _PART would read
        number, word = one
        try:
            return float(number) * unit_seconds(word, calendar)
        except ValueError:
            pass  # an unknown unit: said below
    total = 0.0
    pos = 0
    for match in _PART.finditer(text):
        if match.start() != pos:
            break
        number, word = match.groups()
        try:
            seconds = unit_seconds(word, calendar)
        except ValueError:
            if re.match(r"[eE][+-]?\d", text[match.start(2):]):  # 5e-3s: an exponent, no unit e
                raise ValueError(
                    f"{what} {shorten(text)!r} writes its number with an exponent, which a "
                    "duration with a unit cannot hold; write the number out (such as 0.005s, "
                    "or 1500h for 1.5e3h), or give a bare number in the map's unit"
                ) from None
            raise ValueError(
                f"{what} {shorten(text)!r} has an unknown unit {shorten(word)!r}; {_HINT}"
            ) from None
        total += float(number) * seconds
        pos = match.end()
    if pos != len(text) or pos == 0:
        raise ValueError(f"{what} {shorten(text)!r} is not a duration; {_HINT}")
    return total


def clock_fix(text: str) -> str:
    """How to write ``1:30`` or ``190:20:30`` (clock notation, which YAML 1.1 reads as a
    base-60 number), or '' when ``text`` is not written that way."""
    parts = text.split(":")
    if len(parts) < 2 or not all(p.strip().replace(".", "", 1).isdigit() for p in parts):
        return ""
    if len(parts) == 2:
        return (f"write it with units, such as {parts[0].strip()}h {parts[1].strip()}m "
                f"(or {parts[0].strip()}m {parts[1].strip()}s)")
    return "write it with units, such as " + " ".join(
        f"{p.strip()}{u}" for p, u in zip(parts[-3:], ("h", "m", "s")))


#: The finest last digit a written figure is taken to have: a float holds about 16 digits,
#: and '5e-324' (a last digit of 10^-324, 0.0 as a float) is no precision anyone checks.
_FINEST_DIGIT = -12


def _last_digit(number: str) -> float:
    """What one unit of the last written digit of a number is worth: '30' -> 1, '4.50' -> 0.01
    (at finest 10^-12: '5e-324' -> 1e-12)."""
    from decimal import Decimal

    exponent = Decimal(number.strip().lstrip("+")).as_tuple().exponent
    return 10.0 ** max(_FINEST_DIGIT, int(exponent))


def duration_resolution(text: str, unit: str, calendar: Calendar) -> float:
    """Seconds that the last digit of a written duration stands for: ``30d`` -> one day,
    ``4.5d`` -> 0.1 day, ``1d 4h`` -> one hour, ``PT1H30M`` -> one minute, ``30`` -> one
    ``unit``. ``text`` is a duration :func:`parse_duration` reads."""
    text = text.strip()
    try:
        float(text)
        return _last_digit(text) * unit_seconds(unit, calendar)
    except ValueError:
        pass
    match = _iso().match(text)
    if text[:1] in "Pp" and match:
        sizes = {"s": 1.0, "m": 60.0, "h": 3600.0, "d": calendar.day, "w": calendar.week}
        for key, size in sizes.items():  # the smallest part written is the last digit's
            if match.group(key):
                return _last_digit(match.group(key)) * size
    parts = list(_PART.finditer(text))
    if not parts:
        raise ValueError(f"{text!r} is not a duration")
    number, word = parts[-1].groups()
    return _last_digit(number) * unit_seconds(word, calendar)


def percent_resolution(text: str) -> float:
    """The share that the last digit of a written percentage stands for: ``12%`` -> 0.01,
    ``12.5%`` -> 0.001, ``0.12`` -> 0.01."""
    text = text.strip()
    if text.endswith("%"):
        return _last_digit(text[:-1]) / 100.0
    return _last_digit(text)


def parse_percent(value: object, what: str = "a percentage") -> float:
    """A share from 0 to 1, from ``'85%'`` or ``0.85``."""
    hint = "write it as 85% or as a fraction from 0 to 1 such as 0.85"
    if isinstance(value, bool) or value is None:
        raise ValueError(f"{what} must be a percentage, not {_show(value)}; {hint}")
    fraction = True  # a bare number, not "85%"
    if isinstance(value, (int, float)):
        try:
            share = float(value)
        except OverflowError:
            raise ValueError(f"{what} {_show(value)} is outside 0-100%; {hint}") from None
    elif isinstance(value, str):
        text = value.strip()
        fraction = not text.endswith("%")
        try:
            share = float(text) if fraction else float(text[:-1].strip()) / 100.0
        except ValueError:
            raise ValueError(f"{what} {_show(value)} is not a percentage; {hint}") from None
    else:
        raise ValueError(f"{what} must be a percentage, not {_show(value)}; {hint}")
    if not math.isfinite(share):
        raise ValueError(f"{what} {_show(value)} is not a finite number; {hint}")
    if fraction and 1 < share <= 100:
        # `90` and `'90'` alike: a percentage written without its sign.
        raise ValueError(f"{what} {format_number(share, 6)} is above 1; did you mean "
                         f"{format_number(share, 6)}%?")
    if not 0.0 <= share <= 1.0:
        raise ValueError(f"{what} {shorten(str(value))} is outside 0-100%; {hint}")
    return share


#: The largest number of items a rate (`demand`) may give per period.
MAX_ITEMS = 1e12

#: A rate, ``920/day`` or ``920 per day`` (compiled when first met: most maps give none).
_RATE = r"^\s*(?P<amount>.+?)\s*(?:/|\bper\b)\s*(?P<period>.+?)\s*$"


def parse_rate(value: object, calendar: Calendar, *, timed: bool, what: str) -> Rate:
    """A rate: ``920/day`` (items, ``timed=False``) or ``55200s/day`` (time, ``timed=True``).

    The period may carry a count (``18400/20d``); a day is the calendar's day.
    """
    example = "55200s/day or 7.5h/day" if timed else "920/day or 4600/week"
    if not isinstance(value, str):
        raise ValueError(
            f"{what} must be a rate written as {example}, not {_show(value)}"
        )
    match = re.match(_RATE, value, re.IGNORECASE)
    if not match:
        raise ValueError(f"{what} {_show(value)} is not a rate; write it as {example}")
    amount_text, period_text = match.group("amount"), match.group("period")
    if timed:
        amount = parse_duration(amount_text, "seconds", calendar, what=f"the time in {what}")
    else:
        try:
            amount = float(amount_text.replace(",", "").replace("_", ""))
        except ValueError:
            raise ValueError(
                f"{what} {_show(value)} needs a number of items before the slash; write it "
                f"as {example}"
            ) from None
        if not math.isfinite(amount) or amount > MAX_ITEMS:
            raise ValueError(f"{what} {_show(value)} is more than {MAX_ITEMS:g} items per "
                             "period; check the number")
        if amount < 0:
            raise ValueError(f"{what} {_show(value)} cannot be negative; demand is a number "
                             "of items above zero")
    period_text = period_text.strip()
    if period_text[:1].isalpha():
        period_text = "1" + period_text
    try:
        period = parse_duration(period_text, "days", calendar, what=f"the period of {what}")
    except ValueError:
        raise ValueError(
            f"{what} {_show(value)} has an unknown period {shorten(match.group('period'))!r}; "
            f"write it as {example}"
        ) from None
    if period <= 0:
        raise ValueError(f"{what} {_show(value)} has a period of zero")
    if amount <= 0:
        raise ValueError(f"{what} {_show(value)} must be above zero")
    rate = Rate(amount=amount, period=period, text=value.strip())
    if rate.per_second * MAX_SECONDS < 1:
        raise ValueError(f"{what} {_show(value)} is less than one per {MAX_WORDS}; check the "
                         "number and the period")
    return rate


def format_number(value: float, decimals: int = 1) -> str:
    """At most ``decimals`` decimals, no trailing zeros: 7.6, 39, 0.25 -> '0.3'."""
    text = f"{value:.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def humanize(seconds: float, calendar: Calendar = Calendar()) -> str:
    """A duration in the unit that reads naturally for its size: '39 s', '4 h', '7.6 d', '3 w'.

    Weeks are used only for whole weeks (a lead time of 23.6 d stays in days); at most one
    decimal; never '0.0' (a tiny non-zero duration is shown with two significant figures).
    """
    if seconds == 0:
        return "0"
    if seconds < 60:
        unit = "seconds"
    elif seconds < 3600:
        # Process times of a few minutes read best in seconds ("188 s", as on a
        # shop-floor data box) unless they are whole minutes ("5 min").
        whole_minutes = abs(seconds / 60 - round(seconds / 60)) < 1e-9
        if seconds < 120:
            unit = "seconds"  # a takt of 60 s, a cycle of 90 s
        else:
            unit = "minutes" if whole_minutes or seconds >= 1000 else "seconds"
    elif seconds < calendar.day:
        unit = "hours"
    else:
        weeks = seconds / calendar.week
        unit = "weeks" if weeks >= 1 and abs(weeks - round(weeks)) < 1e-9 else "days"
    return format_in(seconds, at_most(unit, calendar), calendar)


def humanize_as(seconds: float, reference: float, calendar: Calendar = Calendar()) -> str:
    """``seconds`` in the unit ``reference`` reads in (:func:`humanize`), for a part named
    beside its whole: rework that adds 339.1 s to a lead time of 23.1 h reads '0.09 h'."""
    if seconds == 0 or reference == 0:
        return humanize(seconds, calendar)
    short = humanize(reference, calendar).rpartition(" ")[2]
    return format_in(seconds, next(u for u in UNITS if _SHORT[u] == short), calendar)


def at_most(unit: str, calendar: Calendar) -> str:
    """``unit``, or the map's own unit when that is smaller (the unit the team counts in)."""
    largest = normalize_unit(calendar.largest_unit)
    return unit if UNITS.index(unit) <= UNITS.index(largest) else largest


def series_unit(values: "list[float]", calendar: Calendar = Calendar()) -> str:
    """One unit for a series of durations that are read together (a rail of the ladder), so
    that they compare at a glance: the unit most of its non-zero figures read best in
    (:func:`humanize`; weeks count as days), the larger on a tie; never above the map's unit.
    A figure that reads badly in it keeps its own (:func:`format_in_series`)."""
    natural = [at_most(_natural_unit(v, calendar), calendar) for v in values if v > 0]
    if not natural:
        return at_most("hours", calendar)
    return max(set(natural), key=lambda u: (natural.count(u), UNITS.index(u)))


def _natural_unit(seconds: float, calendar: Calendar) -> str:
    """The unit :func:`humanize` reads ``seconds`` in, days for whole weeks."""
    short = humanize(seconds, replace(calendar, largest_unit="days")).rpartition(" ")[2]
    return next(u for u in UNITS if _SHORT[u] == short)


#: A figure of a series reads in the series' unit while it is at least 1 and under 100 in it:
#: 21 d, not "504 h"; 1 h, not "0.04 d"; 15 min, not "0.2 h" (rounded a fifth off).
SERIES_RANGE = (1.0, 100.0)


def format_in_series(seconds: float, unit: str, calendar: Calendar = Calendar()) -> str:
    """``seconds`` in its series' ``unit`` (:func:`series_unit`) when it reads well there
    (:data:`SERIES_RANGE`), else in its own (:func:`humanize`); a zero is "0" in any unit."""
    if not seconds:
        return "0"
    low, high = SERIES_RANGE
    if low <= round(to_unit(seconds, unit, calendar), 1) < high or unit == _natural_unit(seconds, calendar):
        return format_in(seconds, unit, calendar)
    return humanize(seconds, calendar)


def humanize_range(low: float, high: float, calendar: Calendar = Calendar()) -> str:
    """A spread such as p50 to p85: '2.7–7.7 d', or '16.9 h–1.6 d' across units."""
    a, b = humanize(low, calendar), humanize(high, calendar)
    unit_a, unit_b = a.rpartition(" ")[2], b.rpartition(" ")[2]
    if a != "0" and unit_a == unit_b:
        return f"{a.rpartition(' ')[0]}–{b}"
    return f"{a}–{b}"


def format_in(seconds: float, unit: str, calendar: Calendar = Calendar()) -> str:
    """``seconds`` in ``unit`` with its short symbol: '13.3 d'."""
    unit = normalize_unit(unit)
    value = to_unit(seconds, unit, calendar)
    text = format_number(value)
    if text == "0" and value > 0:
        text = _significant(value)
    return f"{text} {_SHORT[unit]}"


def _significant(value: float) -> str:
    """A small positive number with two significant figures and no exponent: 0.0042."""
    decimals = min(12, max(1, 1 - math.floor(math.log10(value))))
    return format_number(value, decimals)


def format_percent(share: float | None) -> str:
    """A share as '13.3 %'; 'n/a' when undefined."""
    if share is None:
        return "n/a"
    text = format_number(share * 100)
    if text == "0" and share > 0:
        text = _significant(share * 100)  # 0.0092 %, not a misleading 0 %
    elif text == "100" and share < 1:
        text = ">99.9"
    return f"{text} %"


def _show(value: object) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return repr(shorten(value))
    if isinstance(value, (_dt.date, _dt.datetime)):  # YAML reads 2026-01-01 as a date
        return f"the date {value}"
    return shorten(repr(value))
