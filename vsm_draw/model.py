"""The value stream map as plain, typed, immutable data.

Every duration is held in seconds (``float``); conversion to the map's unit or a
unit that reads naturally happens only at the edges (``vsm_draw.durations``).
No rendering and no I/O lives here.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import field, replace
from typing import Literal, Optional

from .errors import Problem
from .frozen import frozen

__all__ = [
    "Calendar",
    "Boundaries",
    "Rate",
    "Rework",
    "Step",
    "InfoFlow",
    "DeclaredFigure",
    "Declared",
    "ValueStreamMap",
    "Measured",
    "MeasuredStep",
    "UnmappedStatus",
    "SUPPLIER",
    "CUSTOMER",
]

#: Reserved end-point names an information flow may point at.
SUPPLIER = "supplier"
CUSTOMER = "customer"

FlowKind = Literal["manual", "electronic", "go-see"]
#: How work reaches a step from the one before: pushed, through a FIFO lane, or pulled
#: from a supermarket.
MaterialFlow = Literal["push", "fifo", "pull"]


@frozen
class Calendar:
    """How long a day and a week are: elapsed (24 h, 7 d) unless a working calendar is given."""

    hours_per_day: float = 24.0
    days_per_week: float = 7.0
    #: The largest unit a duration is shown in: the map's ``unit`` (an hours map shows
    #: "545 h", never days). Set by :class:`ValueStreamMap`; not part of the calendar's
    #: identity.
    largest_unit: str = field(default="weeks", compare=False)

    @property
    def is_working(self) -> bool:
        return (self.hours_per_day, self.days_per_week) != (24.0, 7.0)

    @property
    def day(self) -> float:
        """Seconds in one day of this calendar."""
        return self.hours_per_day * 3600.0

    @property
    def week(self) -> float:
        """Seconds in one week of this calendar."""
        return self.days_per_week * self.day


@frozen
class Boundaries:
    """Where the value stream starts and ends (the map's scope)."""

    start: Optional[str] = None
    end: Optional[str] = None


@frozen
class Rate:
    """An amount per period: ``920/day`` (items) or ``55200s/day`` (seconds of time).

    ``amount`` is a count of items, or seconds when the rate is a time per period;
    ``period`` is the period in seconds (under the map's calendar).
    """

    amount: float
    period: float
    text: str = ""

    @property
    def per_second(self) -> float:
        return self.amount / self.period


@frozen
class Rework:
    """A rework loop: ``rate`` (0 < rate < 1) of a step's work goes back to step ``to`` (an id)."""

    to: str
    rate: float


@frozen
class Step:
    """One process step, with the queue that sits before it.

    ``after`` holds the ids of the steps it starts after, as the map gives them; None when
    the map does not say (then it follows the step listed before it: see ``vsm_draw.flow``).
    """

    id: str
    name: str
    owner: Optional[str] = None
    after: Optional[tuple[str, ...]] = None
    wait_time: float = 0.0
    process_time: float = 0.0
    value_adding: bool = True
    wait_reason: Optional[str] = None
    informal_wait: bool = False
    complete_accurate: float = 1.0
    rework: Optional[Rework] = None
    inventory: Optional[float] = None
    people: Optional[float] = None
    changeover: Optional[float] = None
    uptime: Optional[float] = None
    notes: Optional[str] = None
    kaizen: Optional[str] = None
    wait_statuses: tuple[str, ...] = ()
    active_statuses: tuple[str, ...] = ()
    flow: MaterialFlow = "push"
    #: With ``flow == "fifo"``: the most items the lane may hold.
    fifo_max: Optional[int] = None
    #: With ``flow == "pull"``: the supermarket is replenished by kanban (draws the post).
    kanban: bool = False
    #: The optional fields the map wrote for this step (a default is not a figure given).
    given: frozenset[str] = field(default=frozenset(), compare=False, repr=False)

    @property
    def lead_time(self) -> float:
        """Wait before the step plus its process time."""
        return self.wait_time + self.process_time


@frozen
class InfoFlow:
    """An information flow between two parties (steps, supplier, customer or any label).

    ``source`` and ``target`` are step ids when they name a step, ``SUPPLIER`` or
    ``CUSTOMER`` for the end points, or the text as written otherwise.
    """

    source: str
    target: str
    label: Optional[str] = None
    kind: FlowKind = "manual"


@frozen
class UnmappedStatus:
    """A tracker status no step names, and its share of the measured items' lead time."""

    status: str
    share: float
    items: Optional[int] = None


@frozen
class MeasuredStep:
    """What the tracker history says about one step: how many items went through it and
    the spread (p50 to p85) of their wait and process time, in seconds."""

    id: str
    visited: Optional[float] = None
    wait_p50: Optional[float] = None
    wait_p85: Optional[float] = None
    process_p50: Optional[float] = None
    process_p85: Optional[float] = None


@frozen
class Measured:
    """Where a measured map's figures come from (``vsm-draw measure``); times in seconds."""

    items: int
    statistic: str = "median"
    sources: tuple[str, ...] = ()
    since: Optional[_dt.date] = None
    until: Optional[_dt.date] = None
    period: Optional[str] = None
    in_progress: Optional[int] = None
    rework: Optional[int] = None
    lead_time_p50: Optional[float] = None
    lead_time_p85: Optional[float] = None
    lead_time_mean: Optional[float] = None
    #: Lead-time histogram: bin width (seconds) and items per bin, the last bin open-ended.
    histogram_width: Optional[float] = None
    histogram: tuple[int, ...] = ()
    unmapped: tuple[UnmappedStatus, ...] = ()
    steps: tuple[MeasuredStep, ...] = ()

    def step(self, step_id: str) -> Optional[MeasuredStep]:
        """The measured figures of the step ``step_id``, None when the record has none."""
        return next((s for s in self.steps if s.id == step_id), None)


@frozen
class DeclaredFigure:
    """A figure the team wrote by hand: seconds (or a share for flow efficiency).

    ``resolution`` is the value of its last digit in the same measure (``30d`` -> one day,
    ``4.5d`` -> 0.1 day, ``12%`` -> 0.01): a computed figure within it agrees. ``text`` is
    the figure as written, ``line`` and ``column`` where (for located warnings).
    """

    value: float
    resolution: float
    text: str
    #: Where it was written; not part of the figure (a map written elsewhere is equal).
    line: int = field(default=0, compare=False)
    column: int = field(default=0, compare=False)


@frozen
class Declared:
    """The figures a map declares (``declared:``); each None when not given."""

    lead_time: Optional[DeclaredFigure] = None
    process_time: Optional[DeclaredFigure] = None
    flow_efficiency: Optional[DeclaredFigure] = None


@frozen
class ValueStreamMap:
    """A whole map: metadata, end points, steps in flow order, information flows."""

    steps: tuple[Step, ...]
    title: str = "Value stream map"
    vsm: int = 1
    state: Optional[str] = None
    date: Optional[_dt.date] = None
    boundaries: Boundaries = field(default_factory=Boundaries)
    unit: str = "days"
    calendar: Calendar = field(default_factory=Calendar)
    #: The end points' names; ``*_delivery`` is the shipping rhythm drawn with a truck
    #: ("Daily"), ``*_data`` the lines of the data box under the icon.
    supplier: Optional[str] = None
    customer: Optional[str] = None
    supplier_delivery: Optional[str] = None
    supplier_data: tuple[str, ...] = ()
    customer_delivery: Optional[str] = None
    customer_data: tuple[str, ...] = ()
    demand: Optional[Rate] = None
    available_time: Optional[Rate] = None
    #: software, office or manufacturing when the map says so (the benchmark it is set against).
    domain: Optional[str] = None
    info_flows: tuple[InfoFlow, ...] = ()
    end_statuses: tuple[str, ...] = ()
    measured: Optional[Measured] = None
    declared: Declared = field(default_factory=Declared)
    #: What loading found that leaves the map valid (a flow from a party to itself, not
    #: drawn), each a located ``warning: ...``; every command that loads the map says them.
    #: Not part of the map: a map with a warning equals the same map without one, and a
    #: copy (``dataclasses.replace``) keeps them.
    warnings: tuple[Problem, ...] = field(default=(), compare=False, repr=False)

    def __post_init__(self) -> None:
        if self.calendar.largest_unit != self.unit:  # durations show in the team's unit at most
            object.__setattr__(self, "calendar", replace(self.calendar, largest_unit=self.unit))

    def step(self, key: str) -> Step:
        """The step whose id or name is ``key`` (KeyError when none): the first listed whose
        id or name it is. An index built once: a scan per call made whatif --sensitivity on
        a 1000-step map run for minutes."""
        index = self.__dict__.get("_step_index")
        if index is None:
            index = {}
            for s in self.steps:
                index.setdefault(s.id, s)
                index.setdefault(s.name, s)
            object.__setattr__(self, "_step_index", index)
        return index[key]
