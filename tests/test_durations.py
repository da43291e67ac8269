"""Durations, percentages and rates: every form of SPEC section 1, both calendars."""
from __future__ import annotations


import pytest

from vsm_draw.durations import (format_percent, humanize, normalize_unit, parse_duration,
                                parse_percent, parse_rate, to_unit)
from vsm_draw.model import Calendar

ELAPSED = Calendar()
WORKING = Calendar(hours_per_day=8, days_per_week=5)
H, D = 3600.0, 86400.0


@pytest.mark.parametrize("text, elapsed, working", [
    ("30s", 30, 30),
    ("45m", 45 * 60, 45 * 60),
    ("4h", 4 * H, 4 * H),
    ("2d", 2 * D, 2 * 8 * H),
    ("3w", 21 * D, 15 * 8 * H),
    ("1d 4h", D + 4 * H, 12 * H),
    ("1d, 4h", D + 4 * H, 12 * H),
    ("1.5d", 1.5 * D, 12 * H),
    (".5h", 1800, 1800),
    ("3 days", 3 * D, 24 * H),
    ("2 hours", 2 * H, 2 * H),
    ("1 week", 7 * D, 40 * H),
    ("90 minutes", 5400, 5400),
    ("10 sec", 10, 10),
    ("P3D", 3 * D, 24 * H),
    ("PT4H", 4 * H, 4 * H),
    ("P1DT12H", 1.5 * D, 20 * H),
    ("P2W", 14 * D, 80 * H),
    ("PT1H30M", 5400, 5400),
    ("PT45S", 45, 45),
    ("p3d", 3 * D, 24 * H),
    ("0", 0, 0),
])
def test_every_duration_form(text, elapsed, working):
    assert parse_duration(text, "days", ELAPSED) == pytest.approx(elapsed)
    assert parse_duration(text, "days", WORKING) == pytest.approx(working)


@pytest.mark.parametrize("value, unit, seconds", [
    (3, "days", 3 * D), (2.5, "hours", 2.5 * H), (0, "weeks", 0), (90, "seconds", 90),
    ("4", "hours", 4 * H), (1, "minutes", 60), (1, "w", 7 * D),
])
def test_bare_numbers_are_in_the_map_unit(value, unit, seconds):
    assert parse_duration(value, unit, ELAPSED) == pytest.approx(seconds)


def test_bare_days_follow_the_working_calendar():
    assert parse_duration(2, "days", WORKING) == 16 * H


@pytest.mark.parametrize("bad, words", [
    ("-2d", "negative"), (-1, "negative"), ("3x", "unknown unit 'x'"), ("abc", "not a duration"),
    ("4h 3", "not a duration"), ("P1M", "years and months"), ("P1Y", "years and months"),
    ("P", "ISO 8601"), ("PT", "ISO 8601"), (float("nan"), "finite"), (float("inf"), "finite"),
    (True, "not true/false"), (None, "null"), ([1], "a list"), ("", "empty"),
    # finite but overflowing to inf once in seconds (or once summed): JSON had Infinity
    (1e308, "too long"), ("9" * 400 + "w", "too long"), ("1e30", "too long"),
    # an exponent before a unit said "unknown unit 'e'"
    ("5e-324s", "writes its number with an exponent"), ("1.5E3h", "with an exponent"),
    ("2e", "unknown unit 'e'"),
])
def test_bad_durations_say_how_to_write_them(bad, words):
    with pytest.raises(ValueError, match=None) as info:
        parse_duration(bad, "days", ELAPSED)
    assert words in str(info.value)


@pytest.mark.parametrize("value, share", [
    ("85%", 0.85), ("100%", 1.0), ("0%", 0.0), (0.9, 0.9), (1, 1.0), (0, 0.0), ("12.5 %", 0.125),
    ("0.5", 0.5),
])
def test_percentages(value, share):
    assert parse_percent(value) == pytest.approx(share)


@pytest.mark.parametrize("value, words", [
    (85, "did you mean 85%"), ("120%", "outside 0-100%"), (-0.1, "outside"), ("x%", "not a percentage"),
    (True, "true/false"), (150, "outside"),
])
def test_bad_percentages(value, words):
    with pytest.raises(ValueError) as info:
        parse_percent(value)
    assert words in str(info.value)


def test_rates_use_the_calendar_day():
    demand = parse_rate("920/day", ELAPSED, timed=False, what="demand")
    assert (demand.amount, demand.period) == (920, D)
    assert parse_rate("920 per day", WORKING, timed=False, what="d").period == 8 * H
    assert parse_rate("18400/20d", ELAPSED, timed=False, what="d").per_second == pytest.approx(920 / D)
    available = parse_rate("55200s/day", ELAPSED, timed=True, what="available_time")
    assert (available.amount, available.period) == (55200, D)
    assert parse_rate("7.5h/day", ELAPSED, timed=True, what="a").amount == 7.5 * H
    assert parse_rate("4600/week", WORKING, timed=False, what="d").period == 40 * H


@pytest.mark.parametrize("value, timed", [
    (920, False), ("920", False), ("lots/day", False), ("920/fortnight", False), ("0/day", False),
    ("-5/day", False), ("lots/day", True),
])
def test_bad_rates(value, timed):
    with pytest.raises(ValueError):
        parse_rate(value, ELAPSED, timed=timed, what="demand")


def test_units_normalise_and_convert():
    assert normalize_unit("d") == "days" and normalize_unit("Hours") == "hours"
    with pytest.raises(ValueError, match="unknown unit"):
        normalize_unit("fortnights")
    assert to_unit(3 * D, "weeks", ELAPSED) == pytest.approx(3 / 7)
    assert to_unit(40 * H, "weeks", WORKING) == 1


@pytest.mark.parametrize("seconds, text", [
    (0, "0"), (39, "39 s"), (60, "60 s"), (188, "188 s"), (300, "5 min"), (1500, "25 min"),
    (4 * H, "4 h"), (2.5 * H, "2.5 h"), (7.6 * D, "7.6 d"), (23.62 * D, "23.6 d"),
    (21 * D, "3 w"), (16.125 * D, "16.1 d"), (0.04, "0.04 s"),
])
def test_humanize_reads_naturally(seconds, text):
    assert humanize(seconds) == text


def test_humanize_never_shows_zero_point_zero():
    for seconds in (0.001, 0.04, 0.05, 0.5, 59.99):
        assert humanize(seconds) not in ("0.0 s", "0 s")


def test_humanize_uses_the_working_calendar():
    assert humanize(40 * H, WORKING) == "1 w"
    assert humanize(12 * H, WORKING) == "1.5 d"


@pytest.mark.parametrize("share, text", [
    (None, "n/a"), (0.1333, "13.3 %"), (1.0, "100 %"), (0.0, "0 %"), (0.0000923, "0.0092 %"),
    (0.99996, ">99.9 %"),
])
def test_format_percent(share, text):
    assert format_percent(share) == text
