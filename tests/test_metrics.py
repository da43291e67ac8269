"""Metrics against hand-computed values (SPEC section 2)."""
from __future__ import annotations

import pytest

import vsm_draw
from vsm_draw.metrics import metrics_json, rate_flow_efficiency
from vsm_draw.model import Step, ValueStreamMap

from .conftest import EXAMPLES

D, H = 86400.0, 3600.0


def test_code_review_map_by_hand():
    vsm = vsm_draw.load(EXAMPLES / "code-review-wait.vsm.yaml")
    m = vsm_draw.metrics(vsm)
    # waits 0 + 8 + 5 = 13 d; work 3 d + 2 h + 1 h = 3.125 d
    assert m.wait_time == 13 * D
    assert m.process_time == 3 * D + 3 * H
    assert m.lead_time == 16.125 * D
    assert m.flow_efficiency == pytest.approx(3.125 / 16.125)
    # Deploy is not value adding: 3 d + 2 h
    assert m.value_added_time == 3 * D + 2 * H
    assert m.value_added_ratio == pytest.approx((3 + 2 / 24) / 16.125)
    assert m.rolled_complete_accurate == pytest.approx(0.85 * 0.90 * 1.0)
    assert m.takt_time is None
    assert m.bottleneck.id == "review"
    assert [s.id for s in m.top_waits] == ["review", "deploy", "build"]
    assert m.share(vsm.step("review")) == pytest.approx((8 + 2 / 24) / 16.125)


def test_stamping_plant_gives_the_published_totals():
    """Learning to See: lead time 23.6 days, processing time 188 s, takt 60 s."""
    vsm = vsm_draw.load(EXAMPLES / "stamping-plant.vsm.yaml")
    m = vsm_draw.metrics(vsm)
    assert m.process_time == 1 + 39 + 46 + 62 + 40
    waits_days = [5, 7000 / 920, 1700 / 920, 2450 / 920, 1840 / 920, 4140 / 920]
    assert [s.wait_time / D for s in vsm.steps] == pytest.approx(waits_days)
    assert round(m.lead_time / D, 1) == 23.6
    assert m.takt_time == pytest.approx(60.0)
    assert m.bottleneck.name == "S. Weld 1"
    assert m.flow_efficiency == pytest.approx(188 / m.lead_time)


def test_working_calendar_map():
    vsm = vsm_draw.load(EXAMPLES / "support-working-calendar.vsm.yaml")
    m = vsm_draw.metrics(vsm)
    # waits: 4h + P1D (8h) + 1w (40h) + 1.5d (12h) + 3 days (24h) = 88 h
    assert m.wait_time == 88 * H
    # work: 30m + 2h + 1d 2h (10h) + 3h + 45m = 16.25 h
    assert m.process_time == 16.25 * H
    obj = metrics_json(vsm, m)
    assert obj["unit"] == "hours" and obj["lead_time"] == 104.25
    assert metrics_json(vsm, m, "days")["lead_time"] == pytest.approx(104.25 / 8)
    assert metrics_json(vsm, m, "weeks")["wait_time"] == pytest.approx(88 / 40)


def _map(*steps: Step, **kw) -> ValueStreamMap:
    return ValueStreamMap(steps=tuple(steps), **kw)


def test_zero_lead_time_has_no_flow_efficiency():
    m = vsm_draw.metrics(_map(Step("a", "A"), Step("b", "B")))
    assert m.lead_time == 0 and m.flow_efficiency is None and m.value_added_ratio is None
    assert m.bottleneck.id == "a"  # first on a tie
    assert m.share(Step("a", "A")) is None
    assert m.rating.startswith("undefined")


def test_bottleneck_is_the_first_on_a_tie():
    m = vsm_draw.metrics(_map(Step("a", "A", wait_time=5), Step("b", "B", wait_time=9),
                              Step("c", "C", wait_time=9)))
    assert m.bottleneck.id == "b"
    assert [s.id for s in m.top_waits] == ["b", "c", "a"]


@pytest.mark.parametrize("fe, words", [
    (None, "undefined"), (0.05, "significant waste (below 15%)"),
    (0.1499, "significant waste (below 15%)"), (0.15, "fair (15-20%)"), (0.2, "good (20-40%)"),
    (0.3, "good"), (0.4, "excellent"),
])
def test_rating_bands(fe, words):
    assert words in rate_flow_efficiency(fe)


def test_metrics_json_follows_the_spec():
    vsm = vsm_draw.load(EXAMPLES / "software-delivery.vsm.yaml")
    obj = metrics_json(vsm, vsm_draw.metrics(vsm))
    for key in ("lead_time", "process_time", "wait_time", "flow_efficiency", "value_added_time",
                "value_added_ratio", "rolled_complete_accurate", "takt_time", "bottleneck",
                "top_waits", "unit", "steps"):
        assert key in obj
    assert set(obj["bottleneck"]) >= {"id", "name", "wait_time"}
    assert obj["bottleneck"] == obj["top_waits"][0]
    assert [s["id"] for s in obj["steps"]] == [s.id for s in vsm.steps]
    for s in obj["steps"]:
        assert set(s) >= {"id", "name", "owner", "wait_time", "process_time", "value_adding",
                          "complete_accurate"}
    assert obj["bottleneck"]["id"] == "grooming" and obj["bottleneck"]["wait_time"] == 21
    assert obj["lead_time"] == pytest.approx(obj["wait_time"] + obj["process_time"])
