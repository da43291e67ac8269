"""Invariants of the metrics, for any map (hypothesis)."""
from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

import vsm_draw
from vsm_draw.durations import format_in, humanize, parse_duration
from vsm_draw.metrics import metrics_json
from vsm_draw.model import Calendar, Step, ValueStreamMap

seconds = st.floats(min_value=0, max_value=1e8, allow_nan=False, allow_infinity=False)
shares = st.floats(min_value=0, max_value=1)


@st.composite
def maps(draw) -> ValueStreamMap:
    n = draw(st.integers(min_value=1, max_value=12))
    steps = tuple(
        Step(id=f"s{i}", name=f"Step {i}", wait_time=draw(seconds), process_time=draw(seconds),
             value_adding=draw(st.booleans()), complete_accurate=draw(shares))
        for i in range(n)
    )
    return ValueStreamMap(steps=steps)


@given(maps())
def test_lead_time_is_process_plus_wait(vsm):
    m = vsm_draw.metrics(vsm)
    assert math.isclose(m.lead_time, m.process_time + m.wait_time, rel_tol=1e-12)
    assert math.isclose(m.lead_time, math.fsum(s.lead_time for s in vsm.steps), rel_tol=1e-9)


@given(maps())
def test_flow_efficiency_is_a_share(vsm):
    m = vsm_draw.metrics(vsm)
    if m.lead_time == 0:
        assert m.flow_efficiency is None
    else:
        assert 0 <= m.flow_efficiency <= 1
        assert 0 <= m.value_added_ratio <= m.flow_efficiency + 1e-12
    assert 0 <= m.rolled_complete_accurate <= 1


@given(maps())
def test_bottleneck_has_the_longest_wait_and_comes_first(vsm):
    m = vsm_draw.metrics(vsm)
    longest = max(s.wait_time for s in vsm.steps)
    assert m.bottleneck.wait_time == longest
    assert m.bottleneck == next(s for s in vsm.steps if s.wait_time == longest)
    waits = [s.wait_time for s in m.top_waits]
    assert waits == sorted(waits, reverse=True)
    assert sorted(s.id for s in m.top_waits) == sorted(s.id for s in vsm.steps)


@given(maps())
def test_shares_of_lead_time_add_up_to_one(vsm):
    m = vsm_draw.metrics(vsm)
    shares_ = [m.share(s) for s in vsm.steps]
    if m.lead_time == 0:
        assert all(x is None for x in shares_)
    else:
        assert math.isclose(math.fsum(shares_), 1.0, rel_tol=1e-9)


@given(maps(), st.sampled_from(["seconds", "minutes", "hours", "days", "weeks"]))
def test_json_durations_convert_without_rounding(vsm, unit):
    m = vsm_draw.metrics(vsm)
    obj = metrics_json(vsm, m, unit)
    factor = {"seconds": 1, "minutes": 60, "hours": 3600, "days": 86400, "weeks": 604800}[unit]
    assert obj["lead_time"] == m.lead_time / factor
    assert math.isclose(obj["lead_time"], obj["wait_time"] + obj["process_time"],
                        rel_tol=1e-9, abs_tol=1e-12)


@settings(max_examples=200)
@given(st.floats(min_value=0, max_value=1e9, allow_nan=False),
       st.sampled_from([Calendar(), Calendar(8, 5), Calendar(7.5, 4)]))
def test_humanized_durations_parse_back_close(value, calendar):
    text = humanize(value, calendar)
    assert text.split()[0] != "0.0"
    if text == "0":
        assert value == 0
        return
    number, unit = text.split()
    short = {"s": "s", "min": "m", "h": "h", "d": "d", "w": "w"}[unit]
    back = parse_duration(f"{number}{short}", "days", calendar)
    assert math.isclose(back, value, rel_tol=0.1, abs_tol=0.05)


@given(st.floats(min_value=0, max_value=1e7, allow_nan=False))
def test_format_in_has_at_most_one_decimal(value):
    number = format_in(value, "hours").split()[0]
    if value >= 0.1 * 3600:
        assert len(number.partition(".")[2]) <= 1


_WHITESPACE = str.maketrans("", "", "".join(chr(c) for c in range(0x3000 + 1)
                                            if chr(c).isspace()))


@settings(max_examples=200)
@given(st.text(max_size=200), st.floats(min_value=4, max_value=400),
       st.sampled_from([7.0, 9.0, 12.5]), st.booleans())
def test_wrapped_lines_fit_the_width_and_join_back_to_the_text(text, width, size, bold):
    from vsm_draw.textwidth import text_width, wrap

    lines = wrap(text, width, size, bold)
    for line in lines:  # only a single glyph wider than the width may stick out
        assert text_width(line, size, bold) <= width or len(line) == 1, (line, width)
    # ... less the hyphen a word cut between two letters carries
    want, joined = text.translate(_WHITESPACE), ""
    for line in (line.translate(_WHITESPACE) for line in lines):
        if line.endswith("-") and not want.startswith(joined + line):
            line = line[:-1]
        joined += line
    assert joined == want


def test_a_word_of_100000_characters_wraps_in_one_pass():
    from vsm_draw.textwidth import text_width, wrap

    lines = wrap("W" * 100_000, 300, 9)  # re-measuring every prefix took hours
    assert all(line.endswith("-") for line in lines[:-1])  # a word cut between letters
    assert "".join(line.removesuffix("-") for line in lines) == "W" * 100_000
    assert all(text_width(line, 9) <= 300 < text_width(line[:-1] + "W-", 9) for line in lines[:-1])
