"""The shape of the flow: which step follows which, the critical path, slack, and rework.

Pure functions of a :class:`~vsm_draw.model.ValueStreamMap`; durations in seconds.

* A step starts after the steps its ``after`` names, else after the step listed before it
  (the first step starts at the start). Steps are listed in flow order, so the list order
  is a topological order of this graph.
* The **critical path** is the longest chain of steps from a start to an end (a step no
  other step comes after) by wait + process time; on a tie the step listed first wins
  (at every join, and among the ends). A map without ``after`` is one chain: every step.
* A step's **slack** is how much longer its wait + process time could be before it joins
  the critical path (lead time minus the longest chain through it); 0 on the path.
* **Rework**: a loop ``rework: {to: T, rate: r}`` on step S sends back, at each pass of S
  and independently, a share r of the work to T, which is then done again on its way back
  to S: every step downstream of T and upstream of S (both included) is visited once more.
  (In a chain, the steps T..S.) The expected visits V of the steps solve
  ``V = 1 + V·R``, ``R[S][k] = r`` for each step k of the loop, so ``V = 1·(I − R)⁻¹``:
  for a chain this is the fundamental matrix of the absorbing Markov chain over the steps
  (expected visits from the first step), exact for nested and overlapping loops, and
  solved here with fractions. ``lead_time_with_rework`` is the longest chain when each
  step costs its expected visits times its wait + process time (each visit costs both): the
  critical path itself in a chain, but a loop through a step with slack can make another
  branch the longest. ``process_time_with_rework`` is the expected work along that chain.
"""
from __future__ import annotations

import math
from typing import TYPE_CHECKING, Mapping, Sequence, Union

from .frozen import frozen
from .model import Step, ValueStreamMap

if TYPE_CHECKING:  # pragma: no cover
    from fractions import Fraction  # imported when a map has rework: it brings in decimal

    # Not at run time: a string in a type ("Fraction") is compiled, and a process's first
    # compile() costs 10 million instructions.
    Number = Union[Fraction, float]

__all__ = ["MAX_REWORK_RATE", "MAX_VISITS", "Loop", "LoopCost", "Flow", "predecessors", "is_branched", "upstream",
           "critical_path", "slack", "loops", "expected_visits", "flow", "off_path_branches"]

#: The largest rework rate a map may give (SPEC: 100% or more is an error; above 99% is
#: refused too, as no real step sends back more, and a rate a hair below 1 would round to 1).
MAX_REWORK_RATE = 0.99
#: The most expected visits of a step the loader accepts (nested loops multiply).
MAX_VISITS = 1000
#: Above this many loops the visits are solved in floating point (still exact to ~1e-12).
_EXACT_LOOPS = 40


@frozen
class Loop:
    """A rework loop: ``rate`` of the work of step ``source`` goes back to step ``target``;
    ``steps`` are the ids visited again at each pass, in flow order."""

    source: str
    target: str
    rate: float
    steps: tuple[str, ...]


@frozen
class LoopCost:
    """What a loop costs: the expected number of times work goes back through it, and the
    expected lead and process time (along the critical path) it adds: what removing it saves."""

    loop: Loop
    passes: float
    lead_time: float
    process_time: float


@frozen
class Flow:
    """The flow's figures beyond a chain's: the critical path, slack, visits, loops."""

    critical_path: tuple[str, ...]
    #: step id -> slack in seconds (0 on the critical path), in flow order.
    slack: tuple[tuple[str, float], ...]
    #: step id -> expected visits with rework (1 without), in flow order.
    visits: tuple[tuple[str, float], ...]
    lead_time_with_rework: float
    process_time_with_rework: float
    #: The chain the figures with rework follow (the critical path unless rework moves it).
    rework_path: tuple[str, ...]
    #: Every loop with its cost, costliest first (flow order of the sending step on a tie).
    loops: tuple[LoopCost, ...]


# --- the graph ------------------------------------------------------------------------------

def predecessors(vsm: ValueStreamMap) -> dict[str, tuple[str, ...]]:
    """Step id -> the ids of the steps it starts after, in list order (the step before it
    when the map does not say; none for a step at the start)."""
    position = {s.id: i for i, s in enumerate(vsm.steps)}
    out: dict[str, tuple[str, ...]] = {}
    for i, s in enumerate(vsm.steps):
        if s.after is None:
            out[s.id] = (vsm.steps[i - 1].id,) if i > 0 else ()
        else:
            out[s.id] = tuple(sorted(set(s.after), key=position.__getitem__))
    return out


def is_branched(vsm: ValueStreamMap) -> bool:
    """Whether the map is more than one chain (some ``after`` differs from the default)."""
    for i, s in enumerate(vsm.steps):
        if s.after is not None and tuple(s.after) != ((vsm.steps[i - 1].id,) if i else ()):
            return True
    return False


def upstream(order: Sequence[str], preds: Mapping[str, Sequence[str]]) -> dict[str, set[str]]:
    """Step id -> the ids of every step it comes after, directly or through others.

    ``order`` lists the ids so that each comes after its predecessors (the map's order).
    """
    out: dict[str, set[str]] = {}
    for step_id in order:
        found: set[str] = set()
        for p in preds.get(step_id, ()):
            found.add(p)
            found |= out.get(p, set())
        out[step_id] = found
    return out


def _successors(vsm: ValueStreamMap, preds: Mapping[str, tuple[str, ...]]) -> dict[str, list[str]]:
    succ: dict[str, list[str]] = {s.id: [] for s in vsm.steps}
    for s in vsm.steps:  # in list order, so each list is in flow order
        for p in preds[s.id]:
            succ[p].append(s.id)
    return succ


def _better(value: float, best: float) -> bool:
    """Strictly longer, beyond rounding (sums taken in another order may differ in the last bit)."""
    return value > best + 1e-9 * max(1.0, abs(best))


def _longest_to(vsm: ValueStreamMap, preds: Mapping[str, tuple[str, ...]],
                visits: Mapping[str, float] | None = None
                ) -> tuple[dict[str, float], dict[str, str]]:
    """The longest chain ending with each step (its own time, times its ``visits`` when
    given, included), and the predecessor it comes through (the first listed on a tie)."""
    longest: dict[str, float] = {}
    via: dict[str, str] = {}
    for s in vsm.steps:
        best, through = 0.0, None
        for p in preds[s.id]:
            if through is None or _better(longest[p], best):
                best, through = longest[p], p
        longest[s.id] = best + (s.lead_time if visits is None else visits[s.id] * s.lead_time)
        if through is not None:
            via[s.id] = through
    return longest, via


def critical_path(vsm: ValueStreamMap, visits: Mapping[str, float] | None = None
                  ) -> tuple[str, ...]:
    """The ids of the longest chain from a start to an end by wait + process time (each
    step's times its expected ``visits`` when given), in flow order; the first listed on a
    tie. Every step of a map without ``after``."""
    preds = predecessors(vsm)
    succ = _successors(vsm, preds)
    longest, via = _longest_to(vsm, preds, visits)
    end = None
    for s in vsm.steps:
        if not succ[s.id] and (end is None or _better(longest[s.id], longest[end])):
            end = s.id
    path = [end] if end is not None else []
    while path and path[-1] in via:
        path.append(via[path[-1]])
    return tuple(reversed(path))  # type: ignore[arg-type]


def slack(vsm: ValueStreamMap, path: Sequence[str]) -> dict[str, float]:
    """Step id -> how much longer its wait + process time could be before it lengthens the
    lead time (0 on the critical path ``path``)."""
    preds = predecessors(vsm)
    succ = _successors(vsm, preds)
    longest, _ = _longest_to(vsm, preds)
    lead = math.fsum(vsm.step(i).lead_time for i in path)
    steps = {s.id: s for s in vsm.steps}
    after: dict[str, float] = {}  # longest chain from the step's successors to an end
    for s in reversed(vsm.steps):
        after[s.id] = max((steps[n].lead_time + after[n] for n in succ[s.id]), default=0.0)
    on_path = set(path)
    out: dict[str, float] = {}
    for s in vsm.steps:
        free = lead - (longest[s.id] + after[s.id])
        out[s.id] = 0.0 if s.id in on_path or free <= 1e-9 * max(1.0, lead) else free
    return out


def off_path_branches(vsm: ValueStreamMap, path: Sequence[str]) -> list[tuple[tuple[Step, ...], float]]:
    """The steps off the critical path, grouped into branches (linked runs of them), each
    with its slack (the least of its steps'), in flow order."""
    on_path = set(path)
    preds = predecessors(vsm)
    free = slack(vsm, path)
    group: dict[str, int] = {}
    groups: list[list[Step]] = []
    for s in vsm.steps:
        if s.id in on_path:
            continue
        linked = sorted({group[p] for p in preds[s.id] if p in group})
        if not linked:
            group[s.id] = len(groups)
            groups.append([s])
            continue
        keep = linked[0]
        for other in linked[1:]:  # a step joining two off-path runs merges them
            for t in groups[other]:
                group[t.id] = keep
            groups[keep].extend(groups[other])
            groups[other] = []
        group[s.id] = keep
        groups[keep].append(s)
    order = {s.id: i for i, s in enumerate(vsm.steps)}
    out = []
    for g in groups:
        if g:
            g.sort(key=lambda t: order[t.id])
            out.append((tuple(g), min(free[t.id] for t in g)))
    return out


# --- rework -----------------------------------------------------------------------------------

def loops(vsm: ValueStreamMap) -> tuple[Loop, ...]:
    """Every rework loop, in flow order of the step that sends work back."""
    preds = predecessors(vsm)
    order = [s.id for s in vsm.steps]
    ups = upstream(order, preds)
    out = []
    for s in vsm.steps:
        if s.rework is None:
            continue
        target = s.rework.to
        # Downstream of the target (or it) and upstream of the sender (or it).
        steps = tuple(i for i in order
                      if (i == target or target in ups[i]) and (i == s.id or i in ups[s.id]))
        out.append(Loop(s.id, target, s.rework.rate, steps))
    return tuple(out)


def _exact(rate: float) -> Fraction:
    """A rate as the fraction it was written as (25% -> 1/4, 10% -> 1/10)."""
    from fractions import Fraction

    return Fraction(rate).limit_denominator(10**9)


def _solve(matrix: list[list[Number]], rhs: list[Number]) -> list[Number]:
    """x with matrix·x = rhs, by Gaussian elimination (pivoting on the largest entry)."""
    n = len(rhs)
    a = [row[:] + [rhs[i]] for i, row in enumerate(matrix)]
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(a[r][col]))
        if a[pivot][col] == 0:
            raise ValueError("the rework loops never let work leave")  # rates < 1 rule it out
        a[col], a[pivot] = a[pivot], a[col]
        for r in range(n):
            if r != col and a[r][col] != 0:
                factor = a[r][col] / a[col][col]
                a[r] = [x - factor * y for x, y in zip(a[r], a[col])]
    return [a[i][n] / a[i][i] for i in range(n)]


def expected_visits(vsm: ValueStreamMap, loop_list: Sequence[Loop] | None = None) -> dict[str, float]:
    """Step id -> the expected number of times it is done, every loop sending work back at its
    rate independently at each pass (1 for every step of a map without rework)."""
    loop_list = loops(vsm) if loop_list is None else loop_list
    if not loop_list:
        return {s.id: 1.0 for s in vsm.steps}
    exact = len(loop_list) <= _EXACT_LOOPS
    from fractions import Fraction

    one: Number = Fraction(1) if exact else 1.0
    rates: list[Number] = [_exact(lp.rate) if exact else lp.rate for lp in loop_list]
    members = [set(lp.steps) for lp in loop_list]
    # Unknowns: the visits of the sending steps. V[s_m] = 1 + sum over loops l holding s_m
    # of rate_l * V[s_l].
    n = len(loop_list)
    matrix = [[(one if m == col else one * 0) - (rates[col] if loop_list[m].source in members[col]
                                                 else one * 0)
               for col in range(n)] for m in range(n)]
    sent = _solve(matrix, [one] * n)
    out = {}
    for s in vsm.steps:
        total = one + sum((rates[i] * sent[i] for i in range(n) if s.id in members[i]), one * 0)
        out[s.id] = _as_float(total)
    return out


def _as_float(visits: Number) -> float:
    """Visits as a float; inf when nested loops make more than a float holds (the loader
    refuses such maps)."""
    try:
        return float(visits)
    except OverflowError:
        return math.inf


def _with_rework(vsm: ValueStreamMap, path: Sequence[str],
                 visits: Mapping[str, float]) -> tuple[float, float]:
    by_id = {s.id: s for s in vsm.steps}  # vsm.step() scans: a 1000-step path took seconds
    steps = [by_id[i] for i in path]
    work = math.fsum(visits[s.id] * s.process_time for s in steps)
    # Wait and work summed apart, as the lead time is: without rework the two are equal.
    return math.fsum(visits[s.id] * s.wait_time for s in steps) + work, work


def flow(vsm: ValueStreamMap) -> Flow:
    """The critical path, each step's slack and expected visits, and the rework figures."""
    path = critical_path(vsm)
    free = slack(vsm, path)
    loop_list = loops(vsm)
    visits = expected_visits(vsm, loop_list)
    # Rework can make another chain the longest (a loop through a step with slack): the
    # figures with rework follow the longest chain by visits x (wait + process) time.
    rework_path = critical_path(vsm, visits) if loop_list else path
    lead, work = _with_rework(vsm, rework_path, visits)
    costs = []
    for i, lp in enumerate(loop_list):
        without = expected_visits(vsm, loop_list[:i] + loop_list[i + 1:])
        lead0, _ = _with_rework(vsm, critical_path(vsm, without), without)
        _, work0 = _with_rework(vsm, rework_path, without)  # the work it adds on that chain
        costs.append(LoopCost(lp, lp.rate * visits[lp.source], lead - lead0, work - work0))
    costs.sort(key=lambda c: -c.lead_time)  # stable: flow order on a tie
    return Flow(
        critical_path=path,
        slack=tuple((s.id, free[s.id]) for s in vsm.steps),
        visits=tuple((s.id, visits[s.id]) for s in vsm.steps),
        lead_time_with_rework=lead,
        process_time_with_rework=work,
        rework_path=rework_path,
        loops=tuple(costs),
    )
