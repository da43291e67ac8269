"""Words several outputs say: the flow-efficiency rating and benchmark, "not given", shares.

The report, the metrics table, the diagram's totals box, the docs' metrics table, compare
and what-if all take their wording from here, so a threshold reads the same everywhere.
Pure functions of the model and plain numbers; nothing here formats durations.
"""
from __future__ import annotations

import re
from typing import Optional

from .model import Step, ValueStreamMap

__all__ = [
    "WASTE_THRESHOLD",
    "NOT_GIVEN",
    "SHARE_OF_LEAD_TIME",
    "rate_flow_efficiency",
    "threshold_sentence",
    "benchmark_sentence",
    "domain",
    "is_manufacturing",
    "gives_complete_accurate",
    "complete_accurate_given",
    "rolled_complete_accurate_text",
    "rolled_complete_accurate_sentence",
    "change_mark",
    "STATISTIC_WORDS",
    "measured_window",
    "measured_caption",
    "process_time_given",
    "gives_process_time",
    "flow_figures",
]

#: Flow efficiency below this signals significant waste.
WASTE_THRESHOLD = 0.15
#: What a figure the map does not give reads as (never a perfect value).
NOT_GIVEN = "not given"
#: A step's figure the map does not give, where a box or a rung has room for one sign.
UNKNOWN = "—"
#: The one share every table and chart gives per wait: the wait over the whole lead time.
SHARE_OF_LEAD_TIME = "share of lead time"

#: (upper bound, words): the rating bands of flow efficiency, lowest first.
_BANDS = (
    (WASTE_THRESHOLD, "significant waste (below 15%)"),
    (0.20, "fair (15-20%)"),
    (0.40, "good (20-40%)"),
)


def rate_flow_efficiency(flow_efficiency: Optional[float]) -> str:
    """The rating band of a flow efficiency, in words a facilitator can read out."""
    if flow_efficiency is None:
        return "undefined (zero lead time)"
    for bound, words in _BANDS:
        if flow_efficiency < bound:
            return words
    return "excellent (40% or more)"


def threshold_sentence() -> str:
    """The threshold, said the same way under every figure."""
    return "Below 15% signals significant waste; the goal is never 100%."


#: Words a software team's map uses (in its title, boundaries, steps or owners). One alone
#: ("App", "Deployment") proves little; two different ones make the map a software map.
_SOFTWARE_WORDS = re.compile(
    r"\b(develop\w*|code|coding|deploy\w*|releases?|released|bugs?|bugfix\w*|backlog|sprints?|"
    r"scrum|qa|story|stories|pull requests?|merge\w*|commits?|api|frontend|backend|software|"
    r"apps?|features?|devops|firmware|tech lead|git\w*|ci|ci/cd)\b", re.IGNORECASE)


def domain(vsm: ValueStreamMap) -> str:
    """The kind of work the map is of: as it says (`domain:`), else manufacturing when it
    gives demand, available time (takt) or inventory, else software when its words are a
    software team's ("Code review" by "Developers"), else "unknown": a claims desk or a
    permit office is not told what software teams reach."""
    if vsm.domain is not None:
        return vsm.domain
    if (vsm.demand is not None or vsm.available_time is not None
            or any(s.inventory is not None for s in vsm.steps)):
        return "manufacturing"
    words = [vsm.title, vsm.boundaries.start, vsm.boundaries.end,
             *(t for s in vsm.steps for t in (s.name, s.owner))]
    said = {m.group(0).lower() for w in words if w for m in _SOFTWARE_WORDS.finditer(w)}
    if len(said) >= 2:
        return "software"
    return "unknown"


def is_manufacturing(vsm: ValueStreamMap) -> bool:
    """A map of material flow (see :func:`domain`)."""
    return domain(vsm) == "manufacturing"


#: The benchmark quoted beside a map's flow efficiency, by the kind of work it maps: a
#: software team's 10-20% on a stamping plant or a mortgage desk would mislead.
BENCHMARKS = {
    "manufacturing": ("In manufacturing, value is often added in well under 1% of the lead "
                      "time: most of it is inventory waiting between steps, so cut the "
                      "inventory first."),
    "software": "Most software teams are at 10-20%.",
    "office": ("Office and service work has no one typical figure: set this map against "
               "its own last quarter."),
    "unknown": ("Typical figures differ by kind of work (software teams 10-20%, factories well "
                "under 1%): set this map against its own last quarter."),
}


def benchmark_sentence(vsm: ValueStreamMap) -> str:
    """The benchmark that fits the map's kind of work (:func:`domain`)."""
    return BENCHMARKS[domain(vsm)]


def gives_complete_accurate(step: Step) -> bool:
    """Whether the map gives this step's %C&A (100 % by default is not a figure given)."""
    return "complete_accurate" in step.given or step.complete_accurate != 1.0


def gives_process_time(step: Step) -> bool:
    """Whether the map gives this step's process time (0 by default is not a figure given)."""
    return "process_time" in step.given or step.process_time != 0


def process_time_given(vsm: ValueStreamMap) -> bool:
    """Whether any step of the map gives its process time (else the process time and the
    flow efficiency are unknown, not 0)."""
    return any(gives_process_time(s) for s in vsm.steps)


#: The rating's place when no step gives a process time.
NO_PROCESS_TIME = "no step gives its process time"


def flow_figures(vsm: ValueStreamMap, process_time: str, flow_efficiency: str,
                 rating: str) -> tuple[str, str, str]:
    """The process time, flow efficiency and rating as shown: the figures given, or "not
    given" (and why) on a map where no step gives a process time: a map of waits alone
    printed "Process time 0" and "Flow efficiency 0 %: significant waste" as if measured."""
    if process_time_given(vsm):
        return process_time, flow_efficiency, rating
    return NOT_GIVEN, NOT_GIVEN, NO_PROCESS_TIME


def complete_accurate_given(vsm: ValueStreamMap) -> bool:
    """Whether any step of the map gives its %C&A (else the rolled figure is unknown)."""
    return any(gives_complete_accurate(s) for s in vsm.steps)


def rolled_complete_accurate_text(vsm: ValueStreamMap, rolled: float) -> str:
    """The rolled %C&A as people read it: the percentage, or "not given" when no step gives one."""
    from .durations import format_percent

    return format_percent(rolled) if complete_accurate_given(vsm) else NOT_GIVEN


def rolled_complete_accurate_sentence(before: ValueStreamMap, rolled0: float,
                                      after: ValueStreamMap, rolled1: float,
                                      verbs: tuple[str, str] = ("rises", "falls")) -> str:
    """"Rolled %C&A rises from 70.4 % to 76.5 %: ..." when the two maps' rolled %C&A read
    differently ("" when they read the same); ``verbs`` (up, down) set the tense. A what-if
    on a %C&A, or a quarter that fixed one, said nothing of it: only lead time "stays"."""
    ca0 = rolled_complete_accurate_text(before, rolled0)
    ca1 = rolled_complete_accurate_text(after, rolled1)
    if ca0 == ca1 or ca1 == NOT_GIVEN:
        return ""
    share = "the share that passes every step right first time"
    if ca0 == NOT_GIVEN:
        return f"Rolled %C&A, {share}, is {ca1} (not given before)."
    verb = verbs[0] if rolled1 > rolled0 else verbs[1]
    return f"Rolled %C&A, {share}, {verb} from {ca0} to {ca1}."


def change_mark(before: Optional[float], after: Optional[float],
                lower_is_better: bool = True) -> Optional[dict[str, str]]:
    """How a figure changed, as a mark: ``{"kind": "better"|"worse", "glyph": "▼"|"▲"}``.

    The glyph gives the direction (▼ fell, ▲ rose), the kind whether that is good for the
    flow; None when either value is unknown or nothing changed.
    """
    if before is None or after is None or after == before:
        return None
    fell = after < before
    return {"kind": "better" if fell == lower_is_better else "worse",
            "glyph": "▼" if fell else "▲"}


#: How each ``measure --statistic`` reads in a sentence.
STATISTIC_WORDS = {"median": "median", "mean": "mean", "p85": "85th percentile"}


def measured_window(vsm: ValueStreamMap) -> str:
    """Which items a measured map covers: 'ended in 2026-Q2', 'ended 2026-04-01 to
    2026-06-30', 'ended by 2026-06-30' or 'every finished item'."""
    m = vsm.measured
    if m is None:
        return ""
    last = None
    if m.until:
        import datetime as _dt

        last = m.until - _dt.timedelta(days=1)
    if m.period:
        return f"ended in {m.period}"
    if m.since and last:
        return f"ended {m.since.isoformat()} to {last.isoformat()}"
    if m.since:
        return f"ended from {m.since.isoformat()}"
    if last:
        return f"ended by {last.isoformat()}"
    return "every finished item"


def measured_caption(vsm: ValueStreamMap) -> str:
    """One line saying what a measured map was measured from (diagram caption, report)."""
    m = vsm.measured
    if m is None:
        return ""
    window = measured_window(vsm)
    items = f"{m.items} item{'s' if m.items != 1 else ''}"
    what = f"{items} that {window}" if window.startswith("ended") else \
        f"{m.items} finished item{'s' if m.items != 1 else ''}"
    text = f"Measured from {what}: {STATISTIC_WORDS[m.statistic]} per step"
    if m.in_progress:
        text += f"; {m.in_progress} still in progress"
    return text
