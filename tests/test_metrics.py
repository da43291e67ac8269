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


def test_stamping_plant_assembly_1_is_over_takt():
    """62 s against a 60 s takt: the one step that cannot keep pace."""
    vsm = vsm_draw.load(EXAMPLES / "stamping-plant.vsm.yaml")
    m = vsm_draw.metrics(vsm)
    assert m.over_takt == ("assembly-1",)
    obj = metrics_json(vsm, m)
    assert [s["over_takt"] for s in obj["steps"]] == [False, False, False, True, False, False]


def test_over_takt_is_strictly_above_and_unknown_without_takt():
    from vsm_draw.loader import load_text

    text = ("demand: 920/day\navailable_time: 55200s/day\nsteps:\n"
            "  - {name: At, process_time: 60s}\n  - {name: Above, process_time: 61s}\n"
            "  - {name: Below, process_time: 59s}\n")
    m = vsm_draw.metrics(load_text(text))
    assert m.over_takt == ("above",)
    untimed = load_text(text.replace("available_time: 55200s/day\n", ""))
    m = vsm_draw.metrics(untimed)
    assert m.takt_time is None and m.over_takt == ()
    assert [s["over_takt"] for s in metrics_json(untimed, m)["steps"]] == [None, None, None]


def test_handoffs_count_changes_of_owner_where_both_are_given():
    steps = [Step(id=f"s{i}", name=f"S{i}", owner=o)
             for i, o in enumerate(["Dev", "Dev", "QA", None, "Ops", "Dev", "Dev", "QA"])]
    # Dev->Dev no, Dev->QA yes, QA->None no, None->Ops no, Ops->Dev yes, Dev->Dev no, Dev->QA yes
    assert vsm_draw.metrics(_map(*steps)).handoffs == 3
    assert vsm_draw.metrics(_map(Step(id="a", name="A"))).handoffs == 0


def test_stamping_plant_has_three_handoffs():
    # Press operator -> Welding cell -> (Welding cell) -> Assembly -> (Assembly) -> Shipping
    vsm = vsm_draw.load(EXAMPLES / "stamping-plant.vsm.yaml")
    assert metrics_json(vsm, vsm_draw.metrics(vsm))["handoffs"] == 3


def test_declared_figures_are_in_the_json_in_its_unit():
    from vsm_draw.loader import load_text

    vsm = load_text("declared: {lead_time: 2w, flow_efficiency: 12%}\nsteps:\n  - name: A\n")
    obj = metrics_json(vsm, vsm_draw.metrics(vsm), "days")
    assert obj["declared"] == {"lead_time": 14.0, "flow_efficiency": 0.12}
    bare = load_text("steps:\n  - name: A\n")
    assert metrics_json(bare, vsm_draw.metrics(bare))["declared"] is None


def test_handoffs_walk_the_critical_path_not_the_listing_order():
    from vsm_draw.loader import load_text

    vsm = load_text("""\
steps:
  - {name: A, owner: Dev, process_time: 1d}
  - {name: B, owner: QA, process_time: 5d}
  - {name: C, owner: Ops, after: [A], process_time: 1d}
  - {name: D, owner: Dev, after: [B, C], process_time: 1d}
""")
    m = vsm_draw.metrics(vsm)
    assert m.critical_path == ("a", "b", "d")
    # Along the path: Dev -> QA -> Dev (2); in listing order it would be Dev, QA, Ops, Dev (3).
    assert m.handoffs == 2
