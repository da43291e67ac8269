"""The critical path, the branches beside it and the rework loops, in plain words.

One place for the sentences the metrics table, the report, ``compare`` and ``whatif`` say
about branched and looping maps, so they say it alike.
"""
from __future__ import annotations

from typing import Callable, Optional

from .durations import format_percent, humanize, humanize_as
from .flow import LoopCost, off_path_branches
from .metrics import Metrics
from .model import Calendar, ValueStreamMap

__all__ = ["path_names", "branches_phrase", "loop_name", "loop_phrase", "rework_sentence",
           "slack_sentence", "path_move"]

Duration = Callable[[float], str]


def _dur(cal: Calendar, dur: Optional[Duration]) -> Duration:
    return dur or (lambda seconds: humanize(seconds, cal))


def path_names(vsm: ValueStreamMap, m: Metrics) -> str:
    """'API contract → Backend development → Integration'."""
    return " → ".join(vsm.step(i).name for i in m.critical_path)


def branches_phrase(vsm: ValueStreamMap, m: Metrics, dur: Optional[Duration] = None) -> str:
    """'Frontend development (3 d of slack) and Release notes (5 d of slack)'; '' for a chain."""
    dur = _dur(vsm.calendar, dur)
    parts = []
    for steps, free in off_path_branches(vsm, m.critical_path):
        names = " → ".join(s.name for s in steps)
        parts.append(f"{names} ({dur(free)} of slack)" if free > 0 else f"{names} (no slack)")
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def loop_name(vsm: ValueStreamMap, cost: LoopCost) -> str:
    """'Code review → Backend development (20%)'."""
    loop = cost.loop
    return (f"{vsm.step(loop.source).name} → {vsm.step(loop.target).name} "
            f"({format_percent(loop.rate)})")


def loop_phrase(vsm: ValueStreamMap, cost: LoopCost, dur: Optional[Duration] = None) -> str:
    """'Code review → Backend development (20%): 0.28 passes back expected, +3.1 d'."""
    dur = _dur(vsm.calendar, dur)
    return (f"{loop_name(vsm, cost)}: {cost.passes:.2f} passes back expected, "
            f"+{dur(cost.lead_time)} of lead time")


def rework_sentence(vsm: ValueStreamMap, m: Metrics, dur: Optional[Duration] = None) -> str:
    """How much lead time rework costs and which loop costs most; '' without rework."""
    if not m.loops:
        return ""
    # The rework in the lead time's unit (given no unit): '0.09 h' beside '23.1 h', not '339.1 s'.
    part = dur or (lambda seconds: humanize_as(seconds, m.lead_time_with_rework, vsm.calendar))
    dur = _dur(vsm.calendar, dur)
    share = format_percent(m.rework_cost / m.lead_time_with_rework) \
        if m.lead_time_with_rework > 0 else "n/a"
    text = (f"Rework adds {part(m.rework_cost)} to the lead time: {dur(m.lead_time)} without "
            f"it, {dur(m.lead_time_with_rework)} expected with it ({share} of the expected "
            "lead time).")
    top = m.loops[0]
    if len(m.loops) == 1:
        text += f" It all comes from one loop, {loop_name(vsm, top)}."
    else:
        text += (f" The loop that costs most is {loop_name(vsm, top)}: "
                 f"{part(top.lead_time)} of it.")
    return text


def slack_sentence(vsm: ValueStreamMap, m: Metrics, dur: Optional[Duration] = None) -> str:
    """Why shortening a parallel branch buys nothing; '' for a chain."""
    branches = branches_phrase(vsm, m, dur)
    if not branches:
        return ""
    return (f"Off the critical path, in parallel: {branches}. Shortening them gains nothing "
            "until their slack is used up; shorten the critical path instead.")


def _names(vsm: ValueStreamMap, ids: list[str]) -> str:
    names = [vsm.step(i).name for i in ids]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def path_move(before: ValueStreamMap, m0: Metrics, after: ValueStreamMap, m1: Metrics,
              verb: str = "moves") -> str:
    """'The critical path moved: it now runs through Frontend development instead of Backend
    development.' ('' when it did not move; steps matched by id)."""
    if not (m0.branched or m1.branched):
        return ""
    gone = [i for i in m0.critical_path if i not in m1.critical_path]
    new = [i for i in m1.critical_path if i not in m0.critical_path]
    if not gone and not new:
        return ""
    runs = "would run" if verb.startswith("would") else "now runs"
    parts = []
    if new:
        parts.append(f"it {runs} through {_names(after, new)}")
    if gone:
        no_longer = "would no longer run" if verb.startswith("would") else "no longer runs"
        parts.append(("instead of " if new else f"it {no_longer} through ")
                     + _names(before, gone))
    return f"The critical path {verb}: " + " ".join(parts) + "."
