"""Parallel branches, the critical path and rework loops, against figures worked out by hand."""
from __future__ import annotations

import math
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import vsm_draw
from vsm_draw.flow import critical_path, expected_visits, off_path_branches, predecessors
from vsm_draw.loader import load_text
from vsm_draw.metrics import metrics_json
from vsm_draw.model import Rework, Step, ValueStreamMap

from .conftest import EXAMPLES

D = 86400.0


def load(text: str) -> ValueStreamMap:
    return load_text(text, "m.yaml")


DIAMOND = """\
steps:
  - {name: Plan, process_time: 1d}
  - {name: Backend, wait_time: 2d, process_time: 3d}
  - {name: Frontend, after: [Plan], wait_time: 1d, process_time: 1d}
  - {name: Integrate, after: [Backend, frontend], process_time: 1d}
"""


def test_diamond_takes_the_longer_branch():
    vsm = load(DIAMOND)
    m = vsm_draw.metrics(vsm)
    # Plan 1 + Backend 5 + Integrate 1 = 7 d; through Frontend 1 + 2 + 1 = 4 d.
    assert m.critical_path == ("plan", "backend", "integrate")
    assert m.lead_time == 7 * D and m.process_time == 5 * D and m.wait_time == 2 * D
    assert m.total_process_time == 6 * D  # Frontend's day of work is effort, not lead time
    assert m.flow_efficiency == pytest.approx(5 / 7)
    assert m.slack_of(vsm.step("frontend")) == 3 * D
    assert [m.slack_of(vsm.step(i)) for i in m.critical_path] == [0, 0, 0]
    assert m.lead_time_with_rework == m.lead_time and m.process_time_with_rework == m.process_time
    assert predecessors(vsm)["integrate"] == ("backend", "frontend")
    assert m.branched and not m.loops
    [(steps, free)] = off_path_branches(vsm, m.critical_path)
    assert [s.id for s in steps] == ["frontend"] and free == 3 * D


def test_bottleneck_is_on_the_path_even_when_a_longer_wait_is_not():
    vsm = load("""\
steps:
  - {name: Start, process_time: 1d}
  - {name: Build, wait_time: 1d, process_time: 10d}
  - {name: Docs, after: [start], wait_time: 5d, process_time: 1d}
  - {name: Ship, after: [build, docs], wait_time: 2d, process_time: 1d}
""")
    m = vsm_draw.metrics(vsm)
    assert m.critical_path == ("start", "build", "ship")
    assert m.top_waits[0].id == "docs"  # the longest wait of the map, 5 d, runs in parallel
    assert m.bottleneck.id == "ship"  # the longest wait on the path: 2 d
    assert m.lead_time == 15 * D and m.slack_of(vsm.step("docs")) == 5 * D
    obj = metrics_json(vsm, m)
    assert obj["bottleneck"]["id"] == "ship" and obj["critical_path"] == ["start", "build", "ship"]
    docs = obj["steps"][2]
    assert (docs["on_critical_path"], docs["slack"], docs["after"]) == (False, 5.0, ["start"])


def test_a_tie_goes_to_the_branch_listed_first():
    vsm = load("""\
steps:
  - {name: A, process_time: 1d}
  - {name: B, process_time: 2d}
  - {name: C, after: [a], wait_time: 1d, process_time: 1d}
  - {name: D, after: [c, b], process_time: 1d}
  - {name: E, after: [a], process_time: 3d}
""")
    # A-B-D, A-C-D and A-E all take 4 d: B is listed before C, D before E.
    assert critical_path(vsm) == ("a", "b", "d")
    m = vsm_draw.metrics(vsm)
    assert m.slack_of(vsm.step("c")) == 0 and m.slack_of(vsm.step("e")) == 0
    assert not m.on_critical_path(vsm.step("e"))


def test_after_nothing_starts_a_second_branch_at_the_start():
    vsm = load("""\
steps:
  - {name: A, process_time: 2d}
  - {name: B, after: [], wait_time: 4d}
  - {name: C, after: [a, b], process_time: 1d}
""")
    m = vsm_draw.metrics(vsm)
    assert m.critical_path == ("b", "c") and m.lead_time == 5 * D
    assert m.bottleneck.id == "b" and m.slack_of(vsm.step("a")) == 2 * D


def _chain(*steps: Step) -> ValueStreamMap:
    return ValueStreamMap(steps=steps)


def test_a_single_loop_visits_each_of_its_steps_one_over_one_minus_r_times():
    vsm = _chain(Step("a", "A", process_time=D), Step("b", "B", wait_time=2 * D, process_time=D),
                 Step("c", "C", wait_time=D, process_time=D, rework=Rework("b", 0.25)),
                 Step("d", "D", process_time=D))
    m = vsm_draw.metrics(vsm)
    assert dict(m.visits) == {"a": 1, "b": pytest.approx(4 / 3), "c": pytest.approx(4 / 3),
                              "d": 1}
    # B and C take 3 d and 2 d: each done 4/3 times -> 5 d * 1/3 more.
    assert m.lead_time == 7 * D
    assert m.lead_time_with_rework == pytest.approx(7 * D + 5 * D / 3)
    assert m.process_time_with_rework == pytest.approx(4 * D + 2 * D / 3)
    [cost] = m.loops
    assert (cost.loop.source, cost.loop.target, cost.loop.steps) == ("c", "b", ("b", "c"))
    assert cost.passes == pytest.approx(1 / 3)  # 0.25 of 4/3 passes
    assert cost.lead_time == pytest.approx(5 * D / 3)
    assert m.rework_cost == pytest.approx(5 * D / 3)


NESTED_AND_OVERLAPPING = [
    # Nested: C -> B at 1/2 inside D -> A at 1/4. V_D = 1/(1-1/4) = 4/3; each outer pass
    # does B and C 1/(1-1/2) = 2 times: V_B = V_C = 8/3; V_A = 4/3.
    ({"c": ("b", 0.5), "d": ("a", 0.25)},
     {"a": Fraction(4, 3), "b": Fraction(8, 3), "c": Fraction(8, 3), "d": Fraction(4, 3)}),
    # Overlapping: C -> A at 1/2 and D -> B at 1/3. V_D = 1 + V_D/3 = 3/2;
    # V_C = 1 + V_C/2 + V_D/3 = 3 = V_B; V_A = 1 + V_C/2 = 5/2.
    ({"c": ("a", 0.5), "d": ("b", 1 / 3)},
     {"a": Fraction(5, 2), "b": Fraction(3), "c": Fraction(3), "d": Fraction(3, 2)}),
]


def _abcd(loops: dict) -> ValueStreamMap:
    times = {"a": (0, 1), "b": (1, 1), "c": (2, 1), "d": (1, 1)}  # days of wait, of work
    return _chain(*(Step(k, k.upper(), wait_time=w * D, process_time=p * D,
                         rework=Rework(*loops[k]) if k in loops else None)
                    for k, (w, p) in times.items()))


@pytest.mark.parametrize("loops,visits", NESTED_AND_OVERLAPPING, ids=["nested", "overlapping"])
def test_nested_and_overlapping_loops_are_exact(loops, visits):
    vsm = _abcd(loops)
    got = expected_visits(vsm)
    assert got == {k: float(v) for k, v in visits.items()}
    m = vsm_draw.metrics(vsm)
    days = {"a": 1, "b": 2, "c": 3, "d": 2}
    assert m.lead_time_with_rework == pytest.approx(float(sum(visits[k] * days[k] for k in days)) * D)
    assert m.process_time_with_rework == pytest.approx(float(sum(visits.values())) * D)


def test_the_costliest_loop_comes_first():
    m = vsm_draw.metrics(_abcd({"c": ("a", 0.5), "d": ("b", 1 / 3)}))
    # With both: 5/2*1 + 3*2 + 3*3 + 3/2*2 = 20.5 d. Without C->A: V = 1, 3/2, 3/2, 3/2 ->
    # 11.5 d, so it costs 9 d; without D->B: V = 2, 2, 2, 1 -> 14 d, it costs 6.5 d.
    assert m.lead_time_with_rework == pytest.approx(20.5 * D)
    assert [(c.loop.source, c.loop.target) for c in m.loops] == [("c", "a"), ("d", "b")]
    assert [c.lead_time / D for c in m.loops] == pytest.approx([9, 6.5])
    assert [c.passes for c in m.loops] == pytest.approx([1.5, 0.5])


def test_a_loop_inside_a_branch_repeats_only_that_branch():
    vsm = load(DIAMOND.replace("frontend], process_time: 1d}",
                               "frontend], process_time: 1d, rework: {to: backend, rate: 50%}}"))
    m = vsm_draw.metrics(vsm)
    assert dict(m.visits) == {"plan": 1, "backend": 2, "frontend": 1, "integrate": 2}
    # 1 + 2 * 5 + 2 * 1 = 13 d along Plan, Backend, Integrate
    assert m.lead_time_with_rework == 13 * D
    assert metrics_json(vsm, m)["rework_loops"] == [{
        "from": "integrate", "to": "backend", "rate": 0.5, "steps": ["backend", "integrate"],
        "expected_passes": 1.0, "lead_time_cost": 6.0, "process_time_cost": 4.0}]


def test_rework_through_a_parallel_step_can_move_the_path_with_rework():
    # QA F15 (qa-inputs/branched-rework): Integration sends half its work back to Frontend
    # build (6 + 1 d, 2 d of slack). Visits fe = integ = 2, so with rework the longest chain
    # runs through it: 3 + 2 x 7 + 2 x 5 + 1.5 = 28.5 d (through Backend: 23.5 d).
    vsm = load("""\
unit: days
steps:
  - {name: Requirements, id: req, wait_time: 2, process_time: 1}
  - {name: Backend build, id: be, after: [req], wait_time: 1, process_time: 8}
  - {name: Frontend build, id: fe, after: [req], wait_time: 6, process_time: 1}
  - {name: User docs, id: docs, after: [req], wait_time: 3, process_time: 1}
  - {name: Integration, id: integ, after: [be, fe], wait_time: 3, process_time: 2, rework: {to: fe, rate: 50%}}
  - {name: Release, id: rel, after: [integ, docs], wait_time: 1, process_time: 0.5}
""")
    m = vsm_draw.metrics(vsm)
    assert m.critical_path == ("req", "be", "integ", "rel") and m.lead_time == 18.5 * D
    assert m.rework_path == ("req", "fe", "integ", "rel")
    assert m.lead_time_with_rework == 28.5 * D
    assert m.process_time_with_rework == (1 + 2 * 1 + 2 * 2 + 0.5) * D
    # Without the loop the lead time is 18.5 d: the loop costs 10 d.
    assert [c.lead_time for c in m.loops] == [10 * D]


def test_the_branched_examples_by_hand():
    vsm = vsm_draw.load(EXAMPLES / "feature-branches.vsm.yaml")
    m = vsm_draw.metrics(vsm)
    # contract 2d 4h, backend 7d, integration 2d, review 2d 3h, QA 5d, release 5d 1h;
    # frontend (4 d) runs beside backend (7 d), release notes (2d 2h) beside review and QA.
    assert m.critical_path == ("contract", "backend", "integration", "review", "qa", "release")
    assert m.lead_time == pytest.approx(560 / 24 * D)
    assert m.slack_of(vsm.step("frontend")) == pytest.approx(3 * D)
    assert m.slack_of(vsm.step("notes")) == pytest.approx((5 + 1 / 24) * D)
    # QA -> integration at 10%: V_qa = 10/9; review -> backend at 20%:
    # V_review = (1 + V_qa / 10) / 0.8 = 25/18 = V_integration; V_backend = 1 + V_review / 5.
    visits = dict(m.visits)
    assert visits["qa"] == pytest.approx(10 / 9) and visits["review"] == pytest.approx(25 / 18)
    assert visits["backend"] == pytest.approx(23 / 18) and visits["frontend"] == 1
    assert m.lead_time_with_rework == pytest.approx(3951 / 144 * D)
    assert [c.loop.source for c in m.loops] == ["review", "qa"]  # review's loop costs most
    assert m.bottleneck.id == "release"

    vsm = vsm_draw.load(EXAMPLES / "mortgage-approval.vsm.yaml")
    m = vsm_draw.metrics(vsm)
    day = 8 * 3600.0  # a working day
    assert m.critical_path == ("intake", "documents", "credit", "underwriting", "offer",
                               "signing")
    assert m.lead_time == 15.125 * day
    # The valuer's 4 d wait is the longest, but runs in parallel (0.625 d of slack); credit
    # check and underwriting both wait 3 d on the path: the first listed is the bottleneck.
    assert m.top_waits[0].id == "valuation" and m.bottleneck.id == "credit"
    assert m.slack_of(vsm.step("valuation")) == 0.625 * day
    # Underwriting sends 30% back to documents: 10/7 visits of documents .. underwriting.
    assert m.lead_time_with_rework == pytest.approx((4.375 + 10.75 * 10 / 7) * day)


# --- properties -------------------------------------------------------------------------------

seconds = st.floats(min_value=0, max_value=1e7, allow_nan=False).map(round)
rates = st.sampled_from([0.05, 0.1, 0.25, 1 / 3, 0.5, 0.9])


@st.composite
def flows(draw, branched: bool = True) -> ValueStreamMap:
    n = draw(st.integers(min_value=1, max_value=9))
    steps: list[Step] = []
    ups: dict[str, set[str]] = {}
    for i in range(n):
        sid = f"s{i}"
        after = None
        if branched and i and draw(st.booleans()):
            after = tuple(sorted(draw(st.sets(st.sampled_from([f"s{j}" for j in range(i)])))))
        preds = after if after is not None else ((f"s{i - 1}",) if i else ())
        ups[sid] = set(preds).union(*(ups[p] for p in preds))
        rework = None
        if ups[sid] and draw(st.integers(0, 2)) == 0:
            rework = Rework(draw(st.sampled_from(sorted(ups[sid]))), draw(rates))
        steps.append(Step(sid, f"Step {i}", after=after, wait_time=draw(seconds),
                          process_time=draw(seconds), value_adding=draw(st.booleans()),
                          rework=rework))
    return ValueStreamMap(steps=tuple(steps))


def _chains(vsm: ValueStreamMap) -> list[list[str]]:
    """Every chain from a start to an end, by brute force."""
    preds = predecessors(vsm)
    succ = {s.id: [t.id for t in vsm.steps if s.id in preds[t.id]] for s in vsm.steps}

    def walk(sid: str) -> list[list[str]]:
        return [[sid]] if not succ[sid] else [[sid, *rest] for n in succ[sid] for rest in walk(n)]

    return [c for s in vsm.steps if not preds[s.id] for c in walk(s.id)]


@settings(max_examples=150, deadline=None)
@given(flows())
def test_the_critical_path_is_the_longest_chain_and_figures_follow_it(vsm):
    m = vsm_draw.metrics(vsm)
    path = [vsm.step(i) for i in m.critical_path]
    assert m.lead_time == m.process_time + m.wait_time
    assert m.process_time == math.fsum(s.process_time for s in path)
    assert m.value_added_time == math.fsum(s.process_time for s in path if s.value_adding)
    assert m.bottleneck in path
    lengths = [math.fsum(vsm.step(i).lead_time for i in c) for c in _chains(vsm)]
    assert list(m.critical_path) in _chains(vsm)
    assert m.lead_time == pytest.approx(max(lengths), rel=1e-12)
    assert m.total_process_time >= m.process_time
    for s in vsm.steps:
        assert m.slack_of(s) >= 0
        longest_through = max(l for c, l in zip(_chains(vsm), lengths) if s.id in c)
        assert m.slack_of(s) == pytest.approx(m.lead_time - longest_through, abs=1e-6)


@settings(max_examples=150, deadline=None)
@given(flows())
def test_rework_never_shortens_anything(vsm):
    m = vsm_draw.metrics(vsm)
    assert m.lead_time_with_rework >= m.lead_time
    # The work with rework is taken along the chain rework makes the longest.
    assert list(m.rework_path) in _chains(vsm)
    assert m.process_time_with_rework >= math.fsum(vsm.step(i).process_time for i in m.rework_path)
    visits = dict(m.visits)
    longest = max(math.fsum(visits[i] * vsm.step(i).lead_time for i in c) for c in _chains(vsm))
    assert m.lead_time_with_rework == pytest.approx(longest, rel=1e-9)
    if m.rework_path == m.critical_path:
        assert m.process_time_with_rework >= m.process_time
    assert all(v >= 1 for _, v in m.visits)
    assert all(c.lead_time >= 0 and c.passes > 0 for c in m.loops)
    if not any(s.rework for s in vsm.steps):
        assert (m.lead_time_with_rework, m.process_time_with_rework) == \
            (m.lead_time, m.process_time)


@settings(max_examples=100, deadline=None)
@given(flows(branched=False))
def test_a_chain_keeps_the_old_figures_and_the_markov_chain_visits(vsm):
    m = vsm_draw.metrics(vsm)
    assert m.critical_path == tuple(s.id for s in vsm.steps)
    wait = math.fsum(s.wait_time for s in vsm.steps)
    work = math.fsum(s.process_time for s in vsm.steps)
    assert (m.lead_time, m.wait_time, m.process_time) == (wait + work, wait, work)
    assert m.bottleneck == max(vsm.steps, key=lambda s: s.wait_time)  # first on a tie
    assert all(free == 0 for _, free in m.slack)
    # The absorbing Markov chain over the steps, solved independently: N = (I - Q)^-1,
    # expected visits = the first step's row.
    n = len(vsm.steps)
    index = {s.id: i for i, s in enumerate(vsm.steps)}
    q = [[Fraction(0)] * n for _ in range(n)]
    for i, s in enumerate(vsm.steps):
        back = Fraction(s.rework.rate).limit_denominator(10**9) if s.rework else Fraction(0)
        if s.rework:
            q[i][index[s.rework.to]] += back
        if i + 1 < n:
            q[i][i + 1] += 1 - back
    # Row vector v with v (I - Q) = e_0, by Gauss-Jordan on the transpose.
    a = [[(1 if r == c else 0) - q[c][r] for c in range(n)] + [Fraction(int(r == 0))]
         for r in range(n)]
    for col in range(n):
        piv = next(r for r in range(col, n) if a[r][col] != 0)
        a[col], a[piv] = a[piv], a[col]
        for r in range(n):
            if r != col and a[r][col] != 0:
                f = a[r][col] / a[col][col]
                a[r] = [x - f * y for x, y in zip(a[r], a[col])]
    markov = [a[i][n] / a[i][i] for i in range(n)]
    assert [v for _, v in m.visits] == [float(x) for x in markov]


# --- located errors ---------------------------------------------------------------------------

def _problems(text: str) -> list[str]:
    with pytest.raises(vsm_draw.VsmError) as info:
        load(text)
    return [str(p) for p in info.value.problems]


@pytest.mark.parametrize("step,expected", [
    ("{name: C, after: [Bakend]}", "m.yaml:4:23: `after` names no step 'Bakend'; did you mean 'Backend'?"),
    ("{name: C, after: [Zzz]}", "m.yaml:4:23: `after` names no step 'Zzz'; steps listed before "
                                "it: plan, backend"),
    ("{name: C, after: [C]}", "m.yaml:4:23: `after` names the step itself ('C')"),
    ("{name: C, after: [plan, plan]}", "m.yaml:4:29: `after` names 'Plan' twice"),
    ("{name: C, after: {a: 1}}", "m.yaml:4:22: `after` must be a list of step ids or names"),
    ("{name: C, rework: {to: plna, rate: 10%}}", "m.yaml:4:28: `rework.to` names no step "
                                                 "'plna'; did you mean 'plan'?"),
    ("{name: C, rework: {to: C, rate: 10%}}", "m.yaml:4:28: `rework.to` names the step itself"),
    ("{name: C, rework: {to: plan, rate: 100%}}", "m.yaml:4:40: `rework.rate` 100% sends all "
                                                  "the work back at every pass, so it never leaves"),
    ("{name: C, rework: {to: plan, rate: 1}}", "m.yaml:4:40: `rework.rate` 1 sends all"),
    ("{name: C, rework: {to: plan, rate: 0%}}", "m.yaml:4:40: `rework.rate` 0% sends nothing back"),
    # QA F14: ten nines rounded to 1 in the exact solve and crashed every command.
    ("{name: C, rework: {to: plan, rate: 0.9999999999}}", "m.yaml:4:40: `rework.rate` "
     "0.9999999999 sends back more than 99% of the work at every pass; give the share that "
     "goes back, at most 99%"),
    ("{name: C, rework: {to: plan, rate: 99.99999999999999%}}", "m.yaml:4:40: `rework.rate` "
     "99.99999999999999% sends back more than 99%"),
    ("{name: C, rework: {to: plan}}", "m.yaml:4:23: `rework` needs `rate`"),
    ("{name: C, after: [plan], rework: {to: backend, rate: 5%}}",
     "m.yaml:4:43: `rework.to` names 'Backend', which runs in parallel with 'C', not before "
     "it; work goes back along its own flow: name a step 'C' comes after (plan)"),
])
def test_bad_links_are_located_with_the_fix(step, expected):
    found = _problems(f"steps:\n  - name: Plan\n  - name: Backend\n  - {step}\n")
    assert len(found) == 1 and found[0].startswith(expected), found


def test_99_percent_is_the_most_a_loop_sends_back():
    m = vsm_draw.metrics(load("steps:\n  - {name: A, wait_time: 1}\n"
                              "  - {name: B, wait_time: 1, rework: {to: A, rate: 99%}}\n"))
    assert dict(m.visits) == {"a": pytest.approx(100), "b": pytest.approx(100)}


def test_nested_loops_that_multiply_past_1000_visits_are_located_at_a_rate():
    # Two nested 99% loops: B is done 100 x 100 = 10,000 times on average.
    found = _problems("steps:\n  - {name: A}\n  - {name: B, rework: {to: A, rate: 99%}}\n"
                      "  - {name: C, rework: {to: B, rate: 98%}}\n")
    assert found == ["m.yaml:3:37: `rework.rate` 99%: with the other rework loops, 'B' would "
                     "be done 5,000 times on average (more than 1,000), which no real process "
                     "does; lower the rates of the loops through it"]


def test_whatif_refuses_a_rate_just_below_100_percent_at_the_rate():
    with pytest.raises(vsm_draw.VsmError) as info:
        vsm_draw.whatif(BRANCHES, ["review.rework.rate=0.9999999999999999"])
    assert "sends back more than 99% of the work" in str(info.value)


def test_a_later_step_is_a_cycle():
    found = _problems("steps:\n  - name: A\n    after: [b]\n    rework: {to: b, rate: 5%}\n"
                      "  - name: B\n")
    assert found == [
        "m.yaml:3:13: `after` names 'B', which is listed later: that is a cycle; list steps "
        "in flow order (move 'A' below 'B') or remove it from `after`",
        "m.yaml:4:18: `rework.to` names 'B', which is listed later; work can only go back to "
        "an earlier step (to send work back from 'B', give that step the `rework`)",
    ]


# --- metrics table, whatif, compare and the report on branched and looping maps ---------------

BRANCHES = str(EXAMPLES / "feature-branches.vsm.yaml")


def run(*args: str):
    from click.testing import CliRunner

    from vsm_draw.cli import main

    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_the_metrics_table_shows_the_path_slack_and_loops():
    out = run("metrics", BRANCHES).output
    assert "Critical path: API contract → Backend development → Integration → Code review → " \
           "QA → Release" in out
    assert "Frontend development (3 d of slack) and Release notes (5 d of slack)" in out
    assert "Lead time with rework     27.4 d  expected; +4.1 d of rework" in out
    assert "Code review → Backend development (20 %): 0.28 passes back expected" in out
    assert "The loop that costs most is Code review → Backend development (20 %)" in out
    row = next(line for line in out.splitlines() if line.startswith("3  Frontend"))
    assert row.split()[-3:] == ["3", "d", "1.00x"] and "parallel" in row


def test_whatif_sets_a_rework_rate_by_its_nested_field():
    result = vsm_draw.whatif(BRANCHES, ["review.rework.rate=10%"])
    # QA -> integration 10%: V_qa = 10/9; review -> backend now 10%: V_review = V_integration
    # = (1 + V_qa / 10) / 0.9 = 100/81, V_backend = 1 + V_review / 10 = 91/81.
    F = Fraction
    days = (F(13, 6) + 7 * F(91, 81) + 2 * F(100, 81) + F(17, 8) * F(100, 81)
            + 5 * F(10, 9) + F(121, 24))
    assert result.after_metrics.lead_time_with_rework == pytest.approx(float(days) * D)
    assert result.after_metrics.lead_time == result.before_metrics.lead_time
    from vsm_draw.whatif import whatif_json

    obj = whatif_json(result)
    assert obj["changes"] == [{"step": "review", "field": "rework.rate", "from": 0.2, "to": 0.1}]
    assert "Code review sent 10 % back to Backend development back instead of" not in \
        obj["narrative"]
    assert obj["narrative"].startswith("If Code review sent 10 % back instead of 20 %, lead "
                                       "time stays at 23.3 d")
    assert "With rework, the expected lead time falls from 27.4 d to " in obj["narrative"]
    assert yaml_after(result)["steps"][4]["rework"] == {"to": "backend", "rate": "10%"}


def yaml_after(result):
    import yaml

    return yaml.safe_load(result.yaml())


def test_whatif_moves_a_step_to_another_branch_and_the_path_follows():
    result = vsm_draw.whatif(BRANCHES, ['frontend.process_time=8d',
                                        'notes.after=[contract]'])
    m = result.after_metrics
    assert m.critical_path == ("contract", "frontend", "integration", "review", "qa", "release")
    assert result.after.step("notes").after == ("contract",)
    from vsm_draw.whatif import whatif_narrative

    assert "The critical path moves: it now runs through Frontend development instead of " \
           "Backend development." in whatif_narrative(result)
    again = load_text(result.yaml(), "future.yaml")  # the changed map loads back
    assert vsm_draw.metrics(again).critical_path == m.critical_path


def test_whatif_errors_name_the_nested_fields():
    out = run("whatif", BRANCHES, "--set", "review.rework.rte=10%")
    assert out.exit_code == 2 and "did you mean 'rework.rate'?" in out.output
    out = run("whatif", BRANCHES, "--set", "review.rework.rate=100%")
    assert out.exit_code == 1
    assert "feature-branches.vsm.yaml:49:33: --set review.rework.rate=100%: `rework.rate` " \
           "100% sends all the work back" in out.output


def test_sensitivity_says_parallel_work_gains_nothing_until_its_slack_is_used():
    from vsm_draw.whatif import sensitivity

    vsm = vsm_draw.load(BRANCHES)
    rows = {r.step.id: r for r in sensitivity(vsm)}
    assert rows["frontend"].gain_removed == 0 and rows["frontend"].slack == 3 * D
    assert rows["release"].gain_removed == 5 * D and rows["release"].on_critical_path
    out = run("whatif", BRANCHES, "--sensitivity").output
    assert "Shortening a step off the critical path gains nothing until its slack is used up " \
           "(slack: Frontend development 3 d, Release notes 5 d)" in out
    # Mortgage: the valuer's 4 d wait is off the path and gains nothing. Removing the credit
    # check's 3 d wait (5 d -> 2 d) gains only the valuation's 5 h of slack: valuation
    # (4 d 3 h) becomes the critical path.
    vsm = vsm_draw.load(EXAMPLES / "mortgage-approval.vsm.yaml")
    rows = {r.step.id: r for r in sensitivity(vsm)}
    assert rows["valuation"].gain_removed == 0
    assert rows["credit"].gain_removed == 5 * 3600
    assert rows["credit"].bottleneck_removed.id == "valuation"


def test_compare_shows_the_critical_path_moving():
    from vsm_draw.compare import compare, compare_json

    before = vsm_draw.load(BRANCHES)
    after = vsm_draw.whatif(before, ["frontend.process_time=8d"]).after
    c = compare([before, after])
    obj = compare_json(c)
    assert obj["critical_path_moved"] is True
    assert obj["maps"][0]["critical_path"][1] == "backend"
    assert obj["maps"][1]["critical_path"][1] == "frontend"
    row = next(s for s in obj["steps"] if s["id"] == "frontend")
    assert row["on_critical_path"] == [False, True]
    assert "The critical path would move: it would run through Frontend development instead " \
           "of Backend development." in obj["narrative"]
    out = run("compare", BRANCHES, BRANCHES).output
    assert "off the critical path in [1, 2]" in out and "  with rework" in out


def test_the_report_puts_rework_beside_the_lead_time_and_names_what_it_leaves_out():
    from vsm_draw.report import report_html

    vsm = vsm_draw.load(BRANCHES)
    html = report_html(vsm, diagram="<svg/>").decode().replace("\u00a0", " ")  # figure-unit
    assert "Lead time with rework" in html and "rework adds 4.1 d to 23.3 d" in html
    assert "Rework adds 4.1 d to the lead time: 23.3 d without it, 27.4 d expected with it" in html
    assert "The loop that costs most is Code review → Backend development (20 %)" in html
    # Under the bar and under the Pareto, and in each chart's description; the two charts as
    # drawn for a phone say it in their descriptions too (under them, their lines wrap).
    assert html.count("Left out, in parallel: Frontend development (3 d of slack) and Release") == 6
    assert "The longest waits on the critical path" in html


# --- the picture --------------------------------------------------------------------------------

HARD = """\
steps:
  - {name: Start, process_time: 1d}
  - {name: Main A, wait_time: 2d, process_time: 5d}
  - {name: Side 1, after: [start], wait_time: 1d, process_time: 1d, kaizen: Make it faster}
  - {name: Side 2, wait_time: 1d, process_time: 1d}
  - {name: Side 3, after: [side-1], process_time: 1d}
  - {name: Join, after: [main-a, side-2, side-3], wait_time: 1d, process_time: 2d,
     rework: {to: side-1, rate: 15%}}
  - {name: Extra, after: [], wait_time: 3d, process_time: 1d}
  - {name: Docs, after: [join], process_time: 1h}
  - {name: End, after: [join, extra], wait_time: 2d, process_time: 1d,
     rework: {to: start, rate: 5%}, kaizen: Ship daily}
  - {name: Last, after: [start, end], process_time: 1h}
"""


def test_branches_lie_in_lanes_under_the_critical_path_with_their_slack():
    from vsm_draw.layout import diagram_scene

    from .test_diagram import check_ladder, clashes

    vsm = vsm_draw.load(BRANCHES)
    m = vsm_draw.metrics(vsm)
    scene = diagram_scene(vsm, m)
    assert check_ladder(scene, vsm, m) == 2 * len(m.critical_path)  # every path step has a queue
    backend, frontend = scene["step:backend/box"], scene["step:frontend/box"]
    assert frontend.y0 > backend.y1  # a lane under the process row, in the same columns
    assert frontend.x1 > scene["step:contract/box"].x1 and frontend.x1 < scene["step:integration/box"].x0
    assert scene["step:frontend/slack"].lines == ("3 d",) and scene["step:frontend/wt"].lines == ("1 d",)
    assert "step:backend/slack" not in scene
    # The critical path is the heavy striped arrow; branches flow along thin lines.
    assert {e.width for e in scene.with_role("branch-flow")} == {1.5}
    assert "push:frontend/bar" not in scene and "push:backend/bar" in scene
    # Each rework loop: a dashed arrow over the row, labelled with its rate, into its target.
    arrow = scene["rework:review/to-backend/arrow"]
    assert arrow.dash and arrow.points[-1][1] == scene["step:backend/box"].y0 - 1
    review = scene["step:review/box"]
    assert review.x0 < arrow.points[0][0] < review.x1 and backend.x0 < arrow.points[-1][0] < backend.x1
    assert arrow.points[1][1] < scene["bottleneck/badge"].y0  # over the row and its badge
    assert scene["rework:review/to-backend/rate"].lines == ("rework 20 %",)
    assert scene["rework:qa/to-integration/rate"].lines == ("rework 10 %",)
    assert scene["totals/lead-time-rework"].lines == ("27.4 d",)
    assert clashes(scene) == []
    scene = diagram_scene(vsm, m, ladder="proportional")  # the lead time to scale: the path's
    assert scene["scale/legend-lead"].lines == ("lead time 23.3 d along the critical path, drawn to scale",)
    assert sum(1 for e in scene.elements if e.id.startswith("scale:")) == 2 * len(m.critical_path)
    hard = load(HARD)
    scene = diagram_scene(hard, vsm_draw.metrics(hard), ladder="proportional")
    assert clashes(scene) == []
    assert check_ladder(scene, hard, vsm_draw.metrics(hard)) >= 5
    assert "shortcut:start/to-last" in scene and "rework:join/to-side-1/arrow" in scene


def test_a_wrapped_branched_map_names_what_crosses_rows():
    from vsm_draw.layout import diagram_scene

    from .test_diagram import check_ladder, clashes

    for path in (BRANCHES, str(EXAMPLES / "mortgage-approval.vsm.yaml"), HARD):
        vsm = load(HARD) if path == HARD else vsm_draw.load(path)
        m = vsm_draw.metrics(vsm)
        scene = diagram_scene(vsm, m, width=900)
        assert len(scene.rows) >= 2 and clashes(scene) == []
        assert check_ladder(scene, vsm, m) >= len(m.critical_path)
        assert {f"step:{s.id}/box" for s in vsm.steps} <= {e.id for e in scene.elements}
    scene = diagram_scene(vsm_draw.load(BRANCHES), vsm_draw.metrics(vsm_draw.load(BRANCHES)), width=900)
    texts = {line for e in scene.with_role("branch-name", "rework-rate") for line in e.lines}
    assert {"to Integration", "from Frontend development", "rework 20 % to Backend development",
            "rework 20 % from Code review"} <= texts


def test_handoffs_walk_the_critical_path():
    vsm = vsm_draw.load(BRANCHES)
    # Tech lead -> Backend team -> Backend team -> Senior developers -> QA engineers ->
    # Release manager: 4 changes of owner; the frontend team and the product manager work
    # in parallel, off the path.
    assert vsm_draw.metrics(vsm).handoffs == 4


def test_the_what_if_ladders_follow_each_critical_path():
    from vsm_draw.charts import ladder_pair_svg

    result = vsm_draw.whatif(BRANCHES, ["frontend.process_time=8d"])
    svg = ladder_pair_svg(result.before, result.before_metrics, result.after, result.after_metrics)
    # Frontend is parallel before, Backend after; Release notes is off both paths: not shown.
    assert svg.count(">parallel<") == 2 and ">2 h<" not in svg


def test_a_parallel_step_says_its_wait_as_its_triangle_does():
    """The W/T of a step in a lane is in the unit of the wait rail, as its triangle and
    every other wait of the map (a rail of hours: '2 h' under the triangle and in the box,
    the half hour '30 min')."""
    from vsm_draw.diagram import diagram_scene

    vsm = vsm_draw.load("title: Lab\nunit: hours\nsteps:\n"
                        "  - {name: Spin, id: spin, wait_time: 30m, process_time: 15m}\n"
                        "  - {name: Analyser, id: analyser, wait_time: 2h, process_time: 35m}\n"
                        "  - {name: Films, id: films, after: [spin], wait_time: 6h, process_time: 25m}\n"
                        "  - {name: Validate, after: [analyser, films], wait_time: 1h, process_time: 5m}\n")
    m = vsm_draw.metrics(vsm)
    assert not m.on_critical_path(vsm.step("analyser"))
    scene = diagram_scene(vsm, m)
    assert scene["step:analyser/wt"].lines == ("2 h",)
    assert {"2 h", "30 min"} <= {line for e in scene.with_role("wait-time") for line in e.lines}
    # and a what-if's ghost likewise
    r = vsm_draw.whatif(vsm, {"analyser.wait_time": "3h"})
    from vsm_draw.whatif import whatif_picture
    svg = whatif_picture(r, "svg").decode()
    assert ">2 h<" in svg and ">3 h<" in svg and ">120 min<" not in svg and ">180 min<" not in svg


def test_rework_reads_in_the_lead_times_unit_in_an_hours_map():
    """In an hours map rework that adds a few minutes reads in hours beside the lead time
    (the sentence, the headline figure's note, the metrics table), not '339.1 s'."""
    from vsm_draw.report import report_html
    from vsm_draw.table import metrics_table

    vsm = load_text("""\
title: Lab
unit: hours
steps:
  - {name: Take sample, wait_time: 20, process_time: 0.1}
  - {name: Analyse, wait_time: 0.5, process_time: 0.1}
  - {name: Validate, process_time: 0.05, rework: {to: analyse, rate: 8%}}
""", "lab.vsm.yaml")
    m = vsm_draw.metrics(vsm)
    assert m.rework_cost == pytest.approx(0.65 * 3600 * 0.08 / 0.92)  # 203 s: 0.1 h
    html = report_html(vsm, diagram="<svg/>").decode().replace("\u00a0", " ")
    assert "Rework adds 0.1 h to the lead time: 20.8 h without it" in html
    assert "rework adds 0.1 h to 20.8 h" in html
    assert "+0.1 h of rework" in metrics_table(vsm, m)
