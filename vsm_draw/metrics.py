"""The VSM metrics: pure functions of a :class:`~vsm_draw.model.ValueStreamMap`.

Durations are seconds, like the model. Nothing here reads files or formats text
for people; the rating's words come from :mod:`vsm_draw.words`.
"""
from __future__ import annotations

import math
from functools import cached_property
from typing import Any, Callable, Optional

from .durations import normalize_unit, to_unit
from .flow import LoopCost, flow as compute_flow, predecessors
from .frozen import frozen
from .model import Step, ValueStreamMap
from .words import rate_flow_efficiency

__all__ = ["Metrics", "metrics", "rate_flow_efficiency", "metrics_json", "step_json",
           "loop_json", "count_handoffs"]

#: A process time must pass takt by more than this share to be over it: takt comes out of a
#: division, and 60 s against a takt of 59.99999999 s keeps pace.
_TAKT_SLACK = 1e-9


@frozen
class Metrics:
    """Every figure of SPEC section 2, in seconds, plus each step's share of lead time.

    Lead, process and wait time, flow efficiency and value-added time are taken along the
    critical path (every step of a map without ``after``); the bottleneck is the longest
    wait on it. ``vsm_draw.flow`` says how the path and the rework figures are found.
    """

    lead_time: float
    process_time: float
    wait_time: float
    flow_efficiency: Optional[float]
    value_added_time: float
    value_added_ratio: Optional[float]
    rolled_complete_accurate: float
    takt_time: Optional[float]
    bottleneck: Step
    top_waits: tuple[Step, ...]
    rating: str
    #: step id -> (wait + process) / lead time; None when the lead time is zero.
    lead_time_shares: tuple[tuple[str, Optional[float]], ...]
    #: The ids of the longest chain of steps, start to end, in flow order.
    critical_path: tuple[str, ...] = ()
    #: Process time of every step, on the critical path or not: the effort.
    total_process_time: float = 0.0
    lead_time_with_rework: float = 0.0
    process_time_with_rework: float = 0.0
    #: The longest chain with rework (each step's time times its visits): the figures with
    #: rework follow it; the critical path unless a loop through a parallel step moves it.
    rework_path: tuple[str, ...] = ()
    #: step id -> slack (0 on the critical path), in flow order.
    slack: tuple[tuple[str, float], ...] = ()
    #: step id -> expected visits with rework (1 without), in flow order.
    visits: tuple[tuple[str, float], ...] = ()
    #: The rework loops with what each costs, costliest first.
    loops: tuple[LoopCost, ...] = ()
    #: Changes of owner from one step to the next along the critical path (both owners given).
    handoffs: int = 0
    #: Ids of the steps whose process time is above takt (empty when takt is unknown).
    over_takt: tuple[str, ...] = ()

    # Looked up once per step by every writer: built once, not on each call.
    @cached_property
    def _shares(self) -> dict[str, Optional[float]]:
        return dict(self.lead_time_shares)

    @cached_property
    def _slacks(self) -> dict[str, float]:
        return dict(self.slack)

    @cached_property
    def _path(self) -> frozenset[str]:
        return frozenset(self.critical_path)

    def share(self, step: Step) -> Optional[float]:
        """The step's share (wait before it plus its work) of the lead time."""
        return self._shares[step.id]

    def on_critical_path(self, step: Step) -> bool:
        return step.id in self._path

    def slack_of(self, step: Step) -> float:
        """How much longer the step could take before it lengthens the lead time."""
        return self._slacks[step.id]

    def visits_of(self, step: Step) -> float:
        """How many times the step is done, expected, with rework."""
        return dict(self.visits)[step.id]

    @property
    def branched(self) -> bool:
        """Some steps run in parallel, off the critical path."""
        return len(self.critical_path) < len(self.slack)

    @property
    def rework_cost(self) -> float:
        """The lead time rework adds, expected."""
        return self.lead_time_with_rework - self.lead_time

    def is_over_takt(self, step: Step) -> Optional[bool]:
        """Whether the step cannot keep pace with takt; None when the map has no takt time."""
        return None if self.takt_time is None else step.id in self.over_takt


def count_handoffs(steps: tuple[Step, ...]) -> int:
    """Consecutive pairs of ``steps`` whose owners differ, both given: each is a queue and a
    loss of context (Martin & Osterling)."""
    return sum(1 for a, b in zip(steps, steps[1:])
               if a.owner and b.owner and a.owner != b.owner)


def _ratio(part: float, whole: float) -> Optional[float]:
    return part / whole if whole > 0 else None


def check_map(vsm: Any, name: str = "vsm") -> None:
    """TypeError unless ``vsm`` is a map (the API's callers pass text or None by mistake)."""
    if not isinstance(vsm, ValueStreamMap):
        raise TypeError(f"{name} must be a ValueStreamMap (from vsm_draw.load or "
                        f"vsm_draw.loads), not {type(vsm).__name__}")


def metrics(vsm: ValueStreamMap) -> Metrics:
    """Compute the metrics of a map (a pure function of the model)."""
    check_map(vsm)
    shape = compute_flow(vsm)
    on_path = set(shape.critical_path)
    steps = tuple(s for s in vsm.steps if s.id in on_path)
    wait_time = math.fsum(s.wait_time for s in steps)
    process_time = math.fsum(s.process_time for s in steps)
    lead_time = wait_time + process_time
    value_added_time = math.fsum(s.process_time for s in steps if s.value_adding)
    rolled = math.prod(s.complete_accurate for s in vsm.steps)
    takt = None
    if vsm.demand is not None and vsm.available_time is not None:
        # (seconds available per second of period) / (items per second of period)
        takt = vsm.available_time.per_second / vsm.demand.per_second
    # sorted() is stable, so on a tie the first step in flow order comes first.
    top_waits = tuple(sorted(vsm.steps, key=lambda s: -s.wait_time))
    bottleneck = next(s for s in top_waits if s.id in on_path)
    flow_efficiency = _ratio(process_time, lead_time)
    return Metrics(
        lead_time=lead_time,
        process_time=process_time,
        wait_time=wait_time,
        flow_efficiency=flow_efficiency,
        value_added_time=value_added_time,
        value_added_ratio=_ratio(value_added_time, lead_time),
        rolled_complete_accurate=rolled,
        takt_time=takt,
        bottleneck=bottleneck,
        top_waits=top_waits,
        rating=rate_flow_efficiency(flow_efficiency),
        lead_time_shares=tuple((s.id, _ratio(s.lead_time, lead_time)) for s in vsm.steps),
        critical_path=shape.critical_path,
        total_process_time=math.fsum(s.process_time for s in vsm.steps),
        lead_time_with_rework=shape.lead_time_with_rework,
        process_time_with_rework=shape.process_time_with_rework,
        rework_path=shape.rework_path,
        slack=shape.slack,
        visits=shape.visits,
        loops=shape.loops,
        # Along the critical path: work off it runs in parallel (SPEC section 2).
        handoffs=count_handoffs(steps),
        over_takt=() if takt is None else tuple(
            s.id for s in vsm.steps if s.process_time > takt * (1 + _TAKT_SLACK)),
    )


def step_json(step: Step, unit: str, vsm: ValueStreamMap) -> dict[str, Any]:
    """A step as the JSON objects of SPEC section 3, durations in ``unit``."""
    cal = vsm.calendar
    return {
        "id": step.id,
        "name": step.name,
        "owner": step.owner,
        "wait_time": to_unit(step.wait_time, unit, cal),
        "process_time": to_unit(step.process_time, unit, cal),
        "lead_time": to_unit(step.lead_time, unit, cal),
        "value_adding": step.value_adding,
        "complete_accurate": step.complete_accurate,
        "wait_reason": step.wait_reason,
        "informal_wait": step.informal_wait,
        "inventory": step.inventory,
        "people": step.people,
        "changeover": None if step.changeover is None else to_unit(step.changeover, unit, cal),
        "uptime": step.uptime,
        "rework": None if step.rework is None else {"to": step.rework.to,
                                                    "rate": step.rework.rate},
        "kaizen": step.kaizen,
        "notes": step.notes,
        "flow": step.flow,
        "fifo_max": step.fifo_max,
        "kanban": step.kanban,
    }


def _ref(step: Step, unit: str, vsm: ValueStreamMap) -> dict[str, Any]:
    return {
        "id": step.id,
        "name": step.name,
        "wait_time": to_unit(step.wait_time, unit, vsm.calendar),
        "wait_reason": step.wait_reason,
        "informal_wait": step.informal_wait,
    }


def metrics_json(vsm: ValueStreamMap, m: Metrics, unit: Optional[str] = None) -> dict[str, Any]:
    """The object ``vsm-draw metrics --json`` prints (SPEC section 3), in ``unit``."""
    unit = normalize_unit(unit or vsm.unit)
    cal = vsm.calendar

    def dur(seconds: Optional[float]) -> Optional[float]:
        return None if seconds is None else to_unit(seconds, unit, cal)

    shares = dict(m.lead_time_shares)
    preds = predecessors(vsm)
    steps = []
    for s in vsm.steps:
        obj = step_json(s, unit, vsm)
        obj["share_of_lead_time"] = shares[s.id]
        obj["after"] = list(preds[s.id])
        obj["on_critical_path"] = m.on_critical_path(s)
        obj["slack"] = dur(m.slack_of(s))
        obj["expected_visits"] = m.visits_of(s)
        obj["over_takt"] = m.is_over_takt(s)
        steps.append(obj)
    return {
        "title": vsm.title,
        "state": vsm.state,
        "date": vsm.date.isoformat() if vsm.date else None,
        "unit": unit,
        "lead_time": dur(m.lead_time),
        "process_time": dur(m.process_time),
        "wait_time": dur(m.wait_time),
        "flow_efficiency": m.flow_efficiency,
        "flow_efficiency_rating": m.rating,
        "value_added_time": dur(m.value_added_time),
        "value_added_ratio": m.value_added_ratio,
        "rolled_complete_accurate": m.rolled_complete_accurate,
        "takt_time": dur(m.takt_time),
        "bottleneck": _ref(m.bottleneck, unit, vsm),
        "top_waits": [_ref(s, unit, vsm) for s in m.top_waits],
        "critical_path": list(m.critical_path),
        "total_process_time": dur(m.total_process_time),
        "lead_time_with_rework": dur(m.lead_time_with_rework),
        "process_time_with_rework": dur(m.process_time_with_rework),
        "rework_loops": [loop_json(c, dur) for c in m.loops],
        "handoffs": m.handoffs,
        "declared": _declared_json(vsm, unit),
        "steps": steps,
    }


def loop_json(cost: LoopCost, dur: Callable[[float], Optional[float]]) -> dict[str, Any]:
    """A rework loop and its cost, ``dur`` converting seconds to the JSON's unit."""
    loop = cost.loop
    return {
        "from": loop.source,
        "to": loop.target,
        "rate": loop.rate,
        "steps": list(loop.steps),
        "expected_passes": cost.passes,
        "lead_time_cost": dur(cost.lead_time),
        "process_time_cost": dur(cost.process_time),
    }


def _declared_json(vsm: ValueStreamMap, unit: str) -> Optional[dict[str, float]]:
    """The declared figures (durations in ``unit``), only those given; None when none is."""
    d = vsm.declared
    out: dict[str, float] = {}
    for key in ("lead_time", "process_time"):
        figure = getattr(d, key)
        if figure is not None:
            out[key] = to_unit(figure.value, unit, vsm.calendar)
    if d.flow_efficiency is not None:
        out["flow_efficiency"] = d.flow_efficiency.value
    return out or None
