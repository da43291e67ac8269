"""Work that is not one straight line: parallel branches in lanes, and rework loops.

The process row holds the critical path only (its ladder below it); every run of steps
off the path (a *branch*) is drawn in a lane under the row, between the step it forks
from and the step it joins, with thin flow lines: the critical path is the heavy one.
A step off the path shows its wait, process time and slack in its data box. Each rework
loop is a dashed arrow from the step that sends work back to the step that gets it,
over the process row, labelled with its rate.
"""
from __future__ import annotations

import dataclasses
import itertools
import math
from typing import Optional

from ..durations import format_percent, humanize
from ..flow import Loop, loops, predecessors, upstream
from ..frozen import frozen
from ..metrics import Metrics
from ..model import ValueStreamMap
from ..textwidth import line_height, text_width, wrap
from ..themes import Theme
from .bursts import BURST_CLEAR, burst_centre, obstacles
from .canvas import Canvas
from .changes import Was, bottleneck_was, draw_figure, figure_width, slack_was, with_rows
from .measure import GAP, SLOT_W, SMALL_PT, DataRow, Sizes, StepContent, data_height
from .route import CLEAR, DOWN, LEFT, RIGHT, UP, corners, crossings, route
from .scene import Line, Text
from .steps import CONTINUE_W, RowFrame, Slot, box_height, draw_process, draw_queue, queue_entry

__all__ = ["Branch", "FlowPlan", "flow_plan", "CHANNEL", "FLOW_CHANNEL", "LANE_GAP", "REWORK_SPACING", "draw_lanes",
           "pack_lanes", "draw_rework", "draw_routed", "draw_ends"]

#: Room beside a step where a branch leaves or joins the process row.
CHANNEL = 22.0
#: Room beside a join for an information flow that comes down the process row to a step in
#: the lane (each further one takes 16 more): the flow keeps some 24 points from the join's line.
FLOW_CHANNEL = 30.0
#: Space above each lane of branches.
LANE_GAP = 22.0
#: Distance between two rework arrows over the process row.
REWORK_SPACING = line_height(SMALL_PT) + 10


@frozen
class Branch:
    """A run of steps off the critical path, in flow order, drawn in ``lane`` (1 = the
    first under the process row). ``fork``/``join``: positions on the critical path of
    the last step upstream of it and the first downstream (None: the start, the end)."""

    steps: tuple[str, ...]
    sources: tuple[str, ...]
    targets: tuple[str, ...]
    fork: Optional[int]
    join: Optional[int]
    lane: int


@frozen
class FlowPlan:
    """Where the branches and loops of a map go."""

    main: tuple[str, ...]
    branches: tuple[Branch, ...]
    #: The rework loops drawn over the process row, each with its lane (0 = lowest).
    over: tuple[tuple[Loop, int], ...]
    #: The rework loops with an end off the critical path, drawn under the lanes.
    under: tuple[tuple[Loop, int], ...]
    #: Flows between steps of the critical path that are not next to each other on it.
    shortcuts: tuple[tuple[str, str], ...] = ()
    #: In a row of a wrapped map: (last step, join) of the branches drawn in an earlier row
    #: that join a step of this one.
    incoming: tuple[tuple[str, str], ...] = ()
    #: In a row of a wrapped map: loops over the row with one end in another row, with
    #: their lane and which end is here ("source" or "target").
    cross: tuple[tuple[Loop, int, str], ...] = ()
    #: In a row of a wrapped map: loops under it with one end in another row, and which end
    #: is here.
    under_cross: tuple[tuple[Loop, str], ...] = ()
    #: A phone's rows, a step or two wide: each lane that leaves a step of the row stands
    #: under that step's own column (:func:`branch_slots`) instead of beside it, so a row
    #: is no wider than its widest step and the branches that leave it.
    stacked: bool = False

    @property
    def lanes(self) -> int:
        return max((b.lane for b in self.branches), default=0)

    @property
    def rework_height(self) -> float:
        """The room the loops over the process row take."""
        count = 1 + max([*(lane for _, lane in self.over), *(lane for _, lane, _ in self.cross)], default=-1)
        return count * REWORK_SPACING + (10 if count else 0)

    def unbreakable(self) -> set[int]:
        """The positions i on the critical path after which a wrapped map must not start a
        new row: a branch (or a flow between path steps) runs from before to after it."""
        index = {sid: i for i, sid in enumerate(self.main)}
        spans = [(-1 if b.fork is None else b.fork, b.join) for b in self.branches if b.join is not None]
        spans += [(index[a], index[c]) for a, c in self.shortcuts]
        return {i for a, c in spans for i in range(max(a, 0), c)}

    def for_row(self, ids: set[str], first: bool, stacked: bool = False) -> "FlowPlan":
        """What one row of a wrapped map draws: the branches that leave from (or, from the
        start, join) its steps, in lanes numbered from 1, and the loops and flows within it.
        ``first``: the first row, which also takes branches that touch no path step;
        ``stacked``: its lanes under the steps they leave (:attr:`stacked`)."""
        def here(b: Branch) -> bool:
            anchor = b.fork if b.fork is not None else b.join
            return self.main[anchor] in ids if anchor is not None else first

        branches = [b for b in self.branches if here(b)]
        renumber = {lane: k for k, lane in enumerate(sorted({b.lane for b in branches}), start=1)}
        lane_steps = {s for b in branches for s in b.steps}
        # (a branch that flows on into another branch, which joins for it, comes in with that one)
        incoming = tuple((b.steps[-1], self.main[b.join]) for b in self.branches
                         if not here(b) and b.join is not None and self.main[b.join] in ids
                         and self.main[b.join] in b.targets)
        drawn = ids | lane_steps
        index = {sid: i for i, sid in enumerate(sid for sid in self.main if sid in ids)}
        over = [lp for lp, _ in self.over if lp.source in ids and lp.target in ids]
        cross = [lp for lp, _ in self.over if (lp.source in ids) != (lp.target in ids)]
        # Lanes for this row: a loop from or to another row runs to the row's left edge.
        spans = [(index[lp.target], index[lp.source]) for lp in over]
        spans += [(-1, index[lp.source if lp.source in ids else lp.target]) for lp in cross]
        lanes = _lanes(spans, touching=True)
        return FlowPlan(self.main, tuple(dataclasses.replace(b, lane=renumber[b.lane]) for b in branches),
                        tuple(zip(over, lanes)),
                        tuple((lp, k) for lp, k in self.under if {lp.source, lp.target} <= drawn),
                        tuple((a, c) for a, c in self.shortcuts if a in ids and c in ids), incoming,
                        tuple((lp, k, "source" if lp.source in ids else "target")
                              for lp, k in zip(cross, lanes[len(over):])),
                        tuple((lp, "source" if lp.source in drawn else "target") for lp, _ in self.under
                              if (lp.source in drawn) != (lp.target in drawn)), stacked)

    def channels(self) -> tuple[set[str], set[str]]:
        """The critical-path steps a branch leaves after, and those a branch joins before."""
        forks = {self.main[b.fork] for b in self.branches if b.fork is not None}
        joins = {self.main[b.join] for b in self.branches if b.join is not None}
        joins |= {b for _, b in self.shortcuts} | {join for _, join in self.incoming}
        return forks | {a for a, _ in self.shortcuts}, joins


def _lanes(spans: list[tuple[int, int]], touching: bool = False) -> list[int]:
    """A lane per span (0 up), shorter spans first and nearest; overlapping spans apart
    (``touching``: spans that share an end too: two loops at one step both run over it)."""
    order = sorted(range(len(spans)), key=lambda i: (spans[i][1] - spans[i][0], spans[i][0], i))
    taken: list[list[tuple[int, int]]] = []
    out = [0] * len(spans)
    for i in order:
        a0, a1 = spans[i]
        lane = 0
        while lane < len(taken) and any(a0 < b1 and b0 < a1 or touching and (a0 <= b1 and b0 <= a1)
                                        for b0, b1 in taken[lane]):
            lane += 1
        if lane == len(taken):
            taken.append([])
        taken[lane].append((a0, a1))
        out[i] = lane
    return out


def flow_plan(vsm: ValueStreamMap, m: Metrics, stacked: bool = False) -> Optional[FlowPlan]:
    """The branches and loops of a map; None for one chain without rework. ``stacked``: each
    step off the path a branch of its own, in a lane under the one before it (a phone's
    rows, :attr:`FlowPlan.stacked`: a run of steps side by side is wider than a row)."""
    if not m.branched and not m.loops:
        return None
    main = m.critical_path
    index = {sid: i for i, sid in enumerate(main)}
    preds = predecessors(vsm)
    order = [s.id for s in vsm.steps]
    ups = upstream(order, preds)
    succ: dict[str, list[str]] = {sid: [] for sid in order}
    for sid in order:
        for p in preds[sid]:
            succ[p].append(sid)
    # Runs of off-path steps: a step continues the run of its only predecessor when that
    # predecessor is off the path and leads to it alone.
    runs: list[list[str]] = []
    run_of: dict[str, int] = {}
    for sid in order:
        if sid in index:
            continue
        p = preds[sid]
        if not stacked and len(p) == 1 and p[0] in run_of and len(succ[p[0]]) == 1:
            run_of[sid] = run_of[p[0]]
            runs[run_of[sid]].append(sid)
        else:
            run_of[sid] = len(runs)
            runs.append([sid])
    spans = []
    for run in runs:
        first, last = run[0], run[-1]
        fork = max((index[u] for u in ups[first] if u in index), default=None)
        downstream = [index[d] for d in order if d in index and last in ups[d]]
        join = min(downstream, default=None)
        spans.append((fork, join))
    lanes = _lanes([(-1 if f is None else f, len(main) if j is None else j) for f, j in spans])
    branches = tuple(Branch(tuple(run), preds[run[0]], tuple(succ[run[-1]]), f, j, lane + 1)
                     for run, (f, j), lane in zip(runs, spans, lanes))
    over, under = [], []
    for lp in loops(vsm):
        (over if lp.source in index and lp.target in index else under).append(lp)
    over_lanes = _lanes([(index[lp.target], index[lp.source]) for lp in over], touching=True)
    under_lanes = _lanes([(order.index(lp.target), order.index(lp.source)) for lp in under])
    shortcuts = tuple((p, sid) for sid in main for p in preds[sid]
                      if p in index and index[p] != index[sid] - 1)
    return FlowPlan(main, branches, tuple(zip(over, over_lanes)), tuple(zip(under, under_lanes)),
                    shortcuts, stacked=stacked)


def off_path_content(c: StepContent, vsm: ValueStreamMap, m: Metrics, before: Optional[Was] = None) -> StepContent:
    """A step off the critical path: its wait and slack in its data box (the ladder shows
    only the critical path); ``before``: the map before a what-if, whose wait and slack
    are ghosted where they differ."""
    cal = vsm.calendar
    rows = list(c.rows)
    # The wait as its triangle says it (and P/T as its rung): in the unit of its rail.
    rows.insert(1, DataRow("wt", "W/T", c.wait_time, c.was.get("wait", "")))
    rows.append(DataRow("slack", "Slack", humanize(m.slack_of(c.step), cal), slack_was(c, vsm, m, before)))
    if bottleneck_was(m, before) == c.step.id:  # a what-if took it off the path: no badge to ghost
        rows.append(DataRow("bottleneck", "Bottleneck", "no", "yes"))
    if before is not None:
        return with_rows(c, rows)
    return dataclasses.replace(c, rows=tuple(rows), data_h=data_height(c.owner, rows, c.notes))


# --- drawing ----------------------------------------------------------------------------------

def _lane_slots(contents: list[StepContent], left: float) -> list[Slot]:
    """A branch's columns from ``left``: each step's queue (or a gap) and its process box."""
    slots, x = [], left
    for c in contents:
        kind, width = ("queue", c.queue_w) if c.queue else ("gap", SLOT_W)
        slots.append(Slot(kind, c, 1, x, width + GAP))
        x += width + GAP
        slots.append(Slot("process", c, 1, x, c.box_w + GAP))
        x += c.box_w + GAP
    return slots


def branch_width(contents: list[StepContent]) -> float:
    return sum((c.queue_w if c.queue else SLOT_W) + GAP + c.box_w + GAP for c in contents)


def branch_lefts(plan: FlowPlan, contents: dict[str, StepContent], main: list[Slot]) -> list[float]:
    """The left edge of each branch's lane (:func:`branch_slots`)."""
    return [left for left, _ in branch_slots(plan, contents, main)]


def branch_slots(plan: FlowPlan, contents: dict[str, StepContent], main: list[Slot]
                 ) -> list[tuple[float, list[Slot]]]:
    """Each branch's lane: its left edge, past the channel beside the step it forks from and
    past every box off the path that leads into it (a branch of a branch), and its columns.
    A :attr:`~FlowPlan.stacked` lane starts a channel right of its fork's first column: under
    that step, its line coming down beside the box and back left along the channel."""
    box = {s.content.step.id: s for s in main if s.kind == "process"}
    # (not the room a branch from an earlier row joins by: its line rises there)
    first_slot = {s.content.step.id: s for s in reversed(main) if s.kind != "join"}
    right: dict[str, float] = {}  # a lane step's process column's right edge
    lefts: dict[str, float] = {}  # a lane step's lane's left edge
    lanes = []
    for b in plan.branches:  # in flow order: a branch's sources are placed before it
        if b.fork is None and plan.stacked and b.join is not None and plan.main[b.join] in first_slot:
            left = first_slot[plan.main[b.join]].left + CHANNEL  # under the step it joins
        elif b.fork is None:
            left = main[0].left
        elif plan.stacked:
            left = first_slot[plan.main[b.fork]].left + CHANNEL
        else:
            left = box[plan.main[b.fork]].right + CHANNEL
        if plan.stacked:  # under the lane it comes from, if any
            left = max([left, *(lefts[s] for s in b.sources if s in lefts)])
        else:
            left = max([left, *(right[s] + CHANNEL for s in b.sources if s in right)])
        slots = _lane_slots([contents[s] for s in b.steps], left)
        lanes.append((left, slots))
        for slot in slots:
            right[slot.content.step.id] = slot.right
            lefts[slot.content.step.id] = left
    return lanes


def _reach(plan: FlowPlan, b: Branch, left: float, slots: list[Slot], box: dict[str, Slot],
           first_slot: dict[str, Slot], right: dict[str, float], frame: RowFrame, names: dict[str, str]
           ) -> tuple[float, float, list[tuple[float, Optional[str]]]]:
    """How far across a branch whose lane starts at ``left`` reaches (its boxes, its lines and
    the names at their ends, as :func:`_branch_lines` draws them), and its lines' upright legs:
    their x and the lane step they come from (None: the process row, over every lane).
    ``slots``: its columns; ``right``: the box right of each lane step placed."""
    x0, x1 = left, _box_right(slots[-1]) + 1
    legs: list[tuple[float, Optional[str]]] = []
    for src in b.sources:
        if src in box:
            x = box[src].right + CHANNEL / 2
            legs.append((x, None))
        elif src in right:
            x = right[src] + CHANNEL / 2 - 1
            legs.append((x, src))
        else:  # from an earlier row: named left of its line
            x = box[plan.main[b.fork]].right + CHANNEL / 2 if b.fork is not None and plan.main[b.fork] in box \
                else left - CHANNEL / 2
            x -= 34 + max(text_width(line, SMALL_PT) for line in end_name(f"from {names[src]}", frame))
        x0 = min(x0, x)
    for dst in b.targets:
        if dst in box:
            x = first_slot[dst].right - CHANNEL / 2
            legs.append((x, None))
            x1 = max(x1, x)
        elif dst not in right and dst not in b.steps:
            x1 = max(x1, x1 + end_reach(names[dst], frame))
    return x0, x1, legs


def end_reach(name: str, frame: RowFrame) -> float:
    """How far past its last box a branch's line reaches at a row's end, to a step drawn
    in another row: its arrow and the name ("to Fitting") beside it."""
    return 28 + max(text_width(line, SMALL_PT) for line in end_name(f"to {name}", frame))


def pack_lanes(plan: FlowPlan, contents: dict[str, StepContent], main: list[Slot], frame: RowFrame,
               names: dict[str, str]) -> FlowPlan:
    """``plan`` (one row's) with its branches in as few lanes as their reach across allows
    (a poster's rows: shorter). Lane by lane as :func:`flow_plan` stacks them, each branch
    goes in the highest lane where
    it reaches past no branch there (a channel apart, unless one flows into the other),
    where none of its lines' upright legs passes a branch in a lane between its ends, and
    where it stands over no such leg of a branch placed already; a branch that fits no
    lane so gets one of its own under the rest. ``plan`` itself unless that takes fewer lanes,
    or when a branch of the row starts at the map's start or ends at its end, or a rework loop
    runs under the lanes."""
    if (len(plan.branches) < 2 or plan.under or plan.under_cross
            or any(not b.sources or not b.targets for b in plan.branches)):
        return plan  # (a branch from the start or to the end, a loop round the lanes: drawn round them all)
    box = {s.content.step.id: s for s in main if s.kind == "process"}
    first_slot = {s.content.step.id: s for s in reversed(main)}
    lanes = branch_slots(plan, contents, main)
    right = {slot.content.step.id: _box_right(slot) for _, slots in lanes
             for slot in slots if slot.kind == "process"}
    reach = [_reach(plan, b, left, slots, box, first_slot, right, frame, names)
             for b, (left, slots) in zip(plan.branches, lanes)]
    owner = {sid: k for k, b in enumerate(plan.branches) for sid in b.steps}
    lane: dict[int, int] = {}

    def clear(k: int, n: int) -> bool:
        """Whether branch ``k`` in lane ``n`` keeps clear of the branches placed."""
        trial = {**lane, k: n}
        for i, o in lane.items():  # side by side in one lane
            if o == n:
                a, b = (i, k) if reach[i][0] < reach[k][0] else (k, i)
                linked = set(plan.branches[a].steps) & set(plan.branches[b].sources)
                if reach[a][1] + (0 if linked else CHANNEL / 2) > reach[b][0]:
                    return False
        for j, m in trial.items():  # an upright leg past a branch in a lane between its ends
            for x, src in reach[j][2]:
                if src is not None and owner[src] not in trial:
                    continue
                top = 0 if src is None else trial[owner[src]]
                for i in (lane if j == k else (k,)):
                    # (a leg that another branch shares, down from the same step, is one line)
                    if (i != j and min(top, m) < trial[i] < max(top, m) and (x, src) not in reach[i][2]
                            and reach[i][0] - 1 < x < reach[i][1] + 1):
                        return False
        return True

    for k in sorted(range(len(plan.branches)), key=lambda k: (plan.branches[k].lane, k)):
        deepest = max(lane.values(), default=0)
        lane[k] = next((n for n in range(1, deepest + 1) if clear(k, n)), deepest + 1)
    if max(lane.values()) >= plan.lanes:
        return plan
    return dataclasses.replace(plan, branches=tuple(dataclasses.replace(b, lane=lane[k])
                                                    for k, b in enumerate(plan.branches)))


def _box_left(slot: Slot) -> float:
    return slot.centre - slot.content.box_w / 2


def _box_right(slot: Slot) -> float:
    return slot.centre + slot.content.box_w / 2


class Placed:
    """Where one step of a lane landed: its process slot and the lane's top (set once the
    lane is placed). A plain class: ``@dataclass`` would write and compile its methods
    at every start (some 3 million instructions)."""

    __slots__ = ("slot", "top")

    def __init__(self, slot: Slot, top: float) -> None:
        self.slot = slot
        self.top = top


def draw_lanes(cv: Canvas, t: Theme, plan: FlowPlan, contents: dict[str, StepContent], main: list[Slot],
               sizes: Sizes, frame: RowFrame, top: float, names: dict[str, str],
               bursts: Optional[dict[str, tuple[float, float]]] = None
               ) -> tuple[float, dict[str, Placed], list[tuple[float, float, float]]]:
    """Every branch in its lane from ``top`` down, and the flow lines to and from it;
    returns the bottom of the lowest lane, where each lane step went, and the room each
    branch takes (left, right, bottom), lines included. A lane keeps under the kaizen
    burst (``bursts``: each step's burst width and height) of a step over it."""
    box = {s.content.step.id: s for s in main if s.kind == "process"}
    first_slot = {s.content.step.id: s for s in reversed(main)}  # the step's first column
    placed: dict[str, Placed] = {}
    bottom = top
    lane_tops: dict[int, float] = {}
    lanes = branch_slots(plan, contents, main)
    bursts = dict(bursts or {})
    named: dict[int, float] = {}  # by lane: the room its names under its boxes take
    if plan.stacked:  # a stacked lane's name under its box ("to Assembly"): its burst under that
        in_row = set(box) | {s for b in plan.branches for s in b.steps}
        for b in plan.branches:
            later = [d for d in b.targets if d not in in_row]
            if later:
                room = sum(len(end_name(f"to {names[d]}", frame)) for d in later) * line_height(SMALL_PT) + 12
                named[b.lane] = max(named.get(b.lane, 0.0), room)
                if b.steps[-1] in bursts:
                    w, h = bursts[b.steps[-1]]
                    bursts[b.steps[-1]] = (w, h + room)
    # Stacked lanes: the loops between them run in the gaps, beside the lines into the lanes.
    gap = LANE_GAP + (2 * REWORK_SPACING if plan.stacked and (plan.under or plan.under_cross) else 0.0)
    for lane in range(1, plan.lanes + 1):
        lane_cv = Canvas()
        boxes_h = 0.0  # its tallest box
        for b, (_, slots) in zip(plan.branches, lanes):
            if b.lane != lane:
                continue
            for slot in slots:
                if slot.kind == "queue":
                    draw_queue(lane_cv, t, slot, frame, False)
                elif slot.kind == "process":
                    draw_process(lane_cv, t, slot, sizes, frame)
                    placed[slot.content.step.id] = Placed(slot, 0.0)
                    boxes_h = max(boxes_h, box_height(slot.content, sizes, frame))
        lane_top = max(bottom + gap, _under_bursts(cv, lane_cv, bursts, contents, main))
        lane_tops[lane] = lane_top
        if lane_cv.elements:
            cv.place(lane_cv, 0.0, lane_top)
            # (and room under its boxes for their names, "to Assembly")
            bottom = lane_top + lane_cv.box()[3]
            if lane in named:
                bottom = max(bottom, lane_top + boxes_h + named[lane])
        else:
            bottom = lane_top + frame.push_dy
    for sid, p in placed.items():
        p.top = lane_tops[next(b.lane for b in plan.branches if sid in b.steps)]
    taken = []
    lead = next(s for s in main if s.kind != "join")  # what the flow from the row before enters
    ins = []  # a branch from an earlier row: named, into its join
    for last, join in plan.incoming:
        x = first_slot[join].right - CHANNEL / 2
        if lead.content.step.id == join:  # the row's first step: up to the flow from the row before
            # (no push arrow runs under its queue; that flow enters the queue's side, or the box)
            end = (queue_entry(lead, frame)[1] if lead.kind == "queue" else frame.push_dy) + CONTINUE_W / 2
        else:  # up to the push arrow under the queue
            end = frame.push_dy + 6
        bottom += 18
        ins.append((last, join, x, bottom, end))
        if frame.name_w:
            bottom += 2 + line_height(SMALL_PT)
    uprights = [(x, end, y) for _, _, x, y, end in ins]
    # Where one name must stand right of its line, so do the others on the same upright.
    beside = {x for last, _, x, y, _ in ins if _in_name_places(f"from {names[last]}", x, y, frame, uprights)[0] is None}
    for last, join, x, y, end in ins:
        lid = f"branch-in:{box[join].content.slug}/from-{contents[last].slug}"
        line = cv.line(lid, "branch-flow", [(x - 30, y), (x, y), (x, end)], t.ink, width=1.5, arrow=0.8)
        name = f"from {names[last]}"
        at_start, at_side = _in_name_places(name, x, y, frame, uprights)
        tx, ty, anchor = (at_side if x in beside else at_start) or at_start or _in_name_at_start(name, x, y, frame)
        text = cv.text(f"{lid}/name", "branch-name", tx, ty, [name], SMALL_PT, t.ink, anchor=anchor, italic=True)
        # The room it takes, which the ladder keeps under (the name stood on a poster's wait figure).
        taken.append((min(line.box[0], text.box[0]), max(line.box[2], text.box[2]), max(line.box[3], text.box[3])))
    band = min(box_height(s.content, sizes, frame) for s in box.values())
    for b in plan.branches:
        line_ids = _branch_lines(cv, t, plan, b, box, first_slot, placed, frame, names, band, top + 8, sizes, lead)
        # Its lines, and its queues' figures and wait reasons, which may reach under its boxes.
        queues = tuple(f"queue:{contents[s].slug}/" for s in b.steps)
        boxes = [e.box for e in cv.elements if e.id in line_ids or e.id.startswith(queues)]
        lane_bottom = max(placed[s].top for s in b.steps) + max(
            box_height(contents[s], sizes, frame) for s in b.steps)
        if boxes:
            lane_bottom = max(lane_bottom, max(x[3] for x in boxes))
        taken.append((min([_box_left(placed[b.steps[0]].slot), *(x[0] for x in boxes)]),
                      max([_box_right(placed[b.steps[-1]].slot), *(x[2] for x in boxes)]), lane_bottom))
    return bottom, placed, taken


def _under_bursts(cv: Canvas, lane_cv: Canvas, bursts: dict[str, tuple[float, float]],
                  contents: dict[str, StepContent], main: list[Slot]) -> float:
    """The least top of a lane (drawn in ``lane_cv``) that leaves room, under each box
    already drawn in ``cv`` over it, for that step's kaizen burst where it goes among what
    is drawn: the burst stays by its step rather than sink under the lane."""
    if not lane_cv.elements:
        return -math.inf
    x0, _, x1, _ = lane_cv.box()
    slugs = {s.content.slug: s.content.step.id for s in main if s.kind == "process"}
    slugs.update((c.slug, sid) for sid, c in contents.items())
    around = obstacles(cv.elements)
    tops = [-math.inf]
    for e in cv.elements:
        sid = slugs.get(e.id[len("step:"):-len("/box")]) if e.role == "process-box" else None
        if sid in bursts:
            w, h = bursts[sid]
            cx = (e.box[0] + e.box[2]) / 2
            if cx - w / 2 - BURST_CLEAR < x1 and x0 < cx + w / 2 + BURST_CLEAR:
                tops.append(burst_centre(around, e.box, cx, w / 2, h / 2) + h / 2 + BURST_CLEAR)
    return max(tops)


def _in_name_at_start(name: str, x: float, y: float, frame: RowFrame) -> tuple[float, float, str]:
    """The name of a flow from an earlier row (x, top, anchor) at the start of its line, which
    comes in at height ``y`` and turns up at ``x``: on a poster under it (rather than widen
    the row to the left), else before it."""
    return (x - 30, y + 2, "start") if frame.name_w else (x - 34, y - line_height(SMALL_PT) / 2, "end")


def _in_name_places(name: str, x: float, y: float, frame: RowFrame, uprights: list[tuple[float, float, float]]
                    ) -> tuple[Optional[tuple[float, float, str]], Optional[tuple[float, float, str]]]:
    """The places for the name of a flow from an earlier row: at its line's start
    (:func:`_in_name_at_start`), and right of where it turns up; each None where a line
    rising to its join (``uprights``: x, top, bottom) would cross it, as another branch's
    into the same step does when they share the upright."""
    w, h = text_width(name, SMALL_PT), line_height(SMALL_PT)

    def clear(place: tuple[float, float, str]) -> Optional[tuple[float, float, str]]:
        tx, ty, anchor = place
        left = tx - w if anchor == "end" else tx
        crossed = any(left - 2 < ux < left + w + 2 and top < ty + h and ty < bottom for ux, top, bottom in uprights)
        return None if crossed else place

    return clear(_in_name_at_start(name, x, y, frame)), clear((x + 4, y - h / 2, "start"))


def end_name(text: str, frame: RowFrame) -> list[str]:
    """A branch's name at a row's end ("from Design", "to Release"): on one line, or wrapped
    to the frame's :attr:`~.steps.RowFrame.name_w` (a poster's)."""
    return wrap(text, frame.name_w, SMALL_PT) if frame.name_w else [text]


def _through(seg, box, inset: float = 1.5) -> bool:
    """Whether an axis-parallel segment runs through ``box`` (more than touching it)."""
    (x0, y0), (x1, y1) = seg
    a, b, c, d = box[0] + inset, box[1] + inset, box[2] - inset, box[3] - inset
    return min(x0, x1) < c and a < max(x0, x1) and min(y0, y1) < d and b < max(y0, y1)


def _point_out(slot: Slot, top: float, frame: RowFrame) -> tuple[float, float]:
    return _box_right(slot) + 1, top + frame.push_dy


def _branch_lines(cv: Canvas, t: Theme, plan: FlowPlan, b: Branch, box: dict[str, Slot],
                  first_slot: dict[str, Slot], placed: dict[str, Placed], frame: RowFrame,
                  names: dict[str, str], band: float, port_y: float, sizes: Sizes, lead: Slot) -> set[str]:
    """The thin flow lines into a branch, along it and out of it; returns their ids.
    A line that would run through a box or a text on its way finds another (``band``: the
    bottom of the process row's shortest box, ``port_y``: a little under the process row)."""
    ids: set[str] = set()

    def fit(points, start, end, prefix, suffix):
        """``prefix + points + suffix`` when ``points`` cross nothing, else routed."""
        solid = [e.box for e in cv.elements if e.role in ("process-box", "inventory") or isinstance(e, Text)]
        if not any(_through(seg, o) for seg in zip(points, points[1:]) for o in solid):
            return corners([*prefix, *points, *suffix])
        obstacles, lines = _scene_obstacles(cv, band, (prefix[0], suffix[-1]))
        path = route([start], [end], obstacles, lines, cv.box()[3] + 14)
        return corners([*prefix, *(path or points), *suffix])

    first, last = placed[b.steps[0]], placed[b.steps[-1]]
    y = first.top + frame.push_dy
    entry = _box_left(first.slot) - 1
    bid = f"branch:{first.slot.content.slug}"
    for k, src in enumerate(b.sources):
        if src in box:  # down from the process row, beside the step it forks from
            x = box[src].right + CHANNEL / 2
            start = [(x, frame.push_dy + 6), (x, y)]
        elif src not in placed:  # from a step of an earlier row of a wrapped map: named
            x = box[plan.main[b.fork]].right + CHANNEL / 2 if b.fork is not None and plan.main[b.fork] in box \
                else first.slot.left - (first.slot.content.queue_w if first.slot.content.queue else SLOT_W) - GAP \
                - CHANNEL / 2
            if x > entry:  # stacked under the step: into the corner left of the lane
                x = first.slot.left - (first.slot.content.queue_w if first.slot.content.queue else SLOT_W) - GAP \
                    - CHANNEL / 2
            start = [(x - 30, y)]
            ids.add(cv.text(f"{bid}/in-{k}/name", "branch-name", x - 34, y - line_height(SMALL_PT) / 2,
                            end_name(f"from {names[src]}", frame), SMALL_PT, t.ink, anchor="end",
                            italic=True).id)
            if any(s in box for s in b.sources):  # into the corner of the line from this row
                ids.add(cv.line(f"{bid}/in-{k}", "branch-flow", [*start, (x, y)], t.ink, width=1.5).id)
                continue
        else:  # down beside the box it comes from (the lane starts past that channel)
            out = placed[src]
            sx, sy = _point_out(out.slot, out.top, frame)
            x = sx + CHANNEL / 2 - 1
            start = [(sx, sy), (x, sy), (x, y)]
        points = [*start, (entry, y)]
        c = first.slot.content
        lx = first.slot.left - (c.queue_w if c.queue else SLOT_W) - GAP - CHANNEL / 2  # left of the lane
        if src in box and x > entry:  # stacked under the step: down, back left over the lanes, in
            gy = min(p.top for p in placed.values()) - LANE_GAP / 2
            points = fit([(x, port_y), (x, gy), (lx, gy), (lx, y), (entry, y)], (x, port_y, DOWN),
                         (entry - 10, y, RIGHT), [points[0]], [(entry, y)])
        elif src in placed and x > entry:  # stacked under the lane step it comes from: the same way
            gy = first.top - LANE_GAP / 2
            points = fit([(x, sy), (x, gy), (lx, gy), (lx, y), (entry, y)], (sx + 10, sy, RIGHT),
                         (entry - 10, y, RIGHT), [(sx, sy)], [(entry, y)])
        elif src in box:
            points = fit([(x, port_y), *points[1:]], (x, port_y, DOWN), (entry - 10, y, RIGHT),
                         [points[0]], [(entry, y)])
        elif src in placed:
            points = fit(points[1:], (sx + 10, sy, RIGHT), (entry - 10, y, RIGHT), [points[0]], [(entry, y)])
        ids.add(cv.line(f"{bid}/in-{k}", "branch-flow", points, t.ink, width=1.5, arrow=0.8).id)
    for a, c in zip(b.steps, b.steps[1:]):
        pa, pc = placed[a], placed[c]
        ids.add(cv.line(f"branch:{pc.slot.content.slug}/flow", "branch-flow",
                        [(_box_right(pa.slot) + 1, y), (_box_left(pc.slot) - 1, y)], t.ink, width=1.5,
                        arrow=0.8).id)
    sx, sy = _point_out(last.slot, last.top, frame)
    for k, dst in enumerate(b.targets):
        if dst in box and plan.stacked and first_slot[dst].right - CHANNEL / 2 < sx + 12:
            # stacked under the step it joins: out, up over the lanes, back left and up into it
            x, gy = first_slot[dst].right - CHANNEL / 2, min(p.top for p in placed.values()) - LANE_GAP / 2
            if lead.content.step.id == dst:  # the row's first step: up to the flow from the row before
                end = (queue_entry(lead, frame)[1] if lead.kind == "queue" else frame.push_dy) + CONTINUE_W / 2
            else:  # up to the push arrow under the queue
                end = frame.push_dy + 6
            points = fit([(sx + 1, sy), (sx + 12, sy), (sx + 12, gy), (x, gy), (x, port_y)], (sx + 10, sy, RIGHT),
                         (x, port_y, UP), [(sx, sy)], [(x, end)])
        elif dst in box:  # up into the process row, beside the step it joins
            x = first_slot[dst].right - CHANNEL / 2  # its first column: the join channel
            points = fit([(sx + 1, sy), (x, sy), (x, port_y)], (sx + 10, sy, RIGHT), (x, port_y, UP),
                         [(sx, sy)], [(x, frame.push_dy + 6)])
        elif dst in placed:
            continue  # into another branch: drawn as that branch's way in
        elif plan.stacked:  # into a step of a later row, the lane under its step: named under the box
            x, y = sx + 12, placed[b.steps[-1]].top + box_height(last.slot.content, sizes, frame) + 8
            points = [(sx, sy), (x, sy), (x, y)]
            later = [d for d in b.targets if d not in box and d not in placed]
            y += sum(len(end_name(f"to {names[d]}", frame)) for d in later[:later.index(dst)]) * line_height(SMALL_PT)
            ids.add(cv.text(f"{bid}/out-{k}/name", "branch-name", x + 4, y + 2, end_name(f"to {names[dst]}", frame),
                            SMALL_PT, t.ink, anchor="end", italic=True).id)
        else:  # into a step of a later row of a wrapped map: named
            points = [(sx, sy), (sx + 24, sy)]
            ids.add(cv.text(f"{bid}/out-{k}/name", "branch-name", sx + 28, sy - line_height(SMALL_PT) / 2,
                            end_name(f"to {names[dst]}", frame), SMALL_PT, t.ink, anchor="start",
                            italic=True).id)
        ids.add(cv.line(f"{bid}/out-{k}", "branch-flow", points, t.ink, width=1.5, arrow=0.8).id)
    return ids


def draw_rework(cv: Canvas, t: Theme, plan: FlowPlan, main: list[Slot], frame: RowFrame,
                names: dict[str, str], reworks: Optional[dict[str, str]] = None,
                info_legs: Optional[dict[str, int]] = None, band_empty: bool = False) -> None:
    """The rework loops with both ends on the critical path: each a dashed arrow over the
    process row on a track of its own, labelled with its rate (loops to or from another row
    of a wrapped map run to the row's left edge, named). ``reworks``: by step id, a what-if's
    rework before the change, ghosted at both ends of a loop that crosses rows. ``band_empty``:
    no information flow over the row, where on a phone's rows the top loop's name may take
    two lines."""
    reworks = reworks or {}
    box = {s.content.step.id: s for s in main if s.kind == "process"}
    lift = frame.badge_h - frame.rework_h + frame.halo + 12  # above the bottleneck badge
    row_left = main[0].left
    # Where each loop's legs stand: a box that gets several loops takes them side by side,
    # the higher track outside, so that no leg crosses another loop's track.
    ends: dict[tuple[str, str], list[tuple[int, Loop]]] = {}
    for lp, lane in plan.over:
        ends.setdefault((lp.target, "in"), []).append((lane, lp))
        ends.setdefault((lp.source, "out"), []).append((lane, lp))
    for lp, lane, end in plan.cross:
        sid = lp.source if end == "source" else lp.target
        ends.setdefault((sid, "out" if end == "source" else "in"), []).append((lane, lp))
    leg: dict[tuple[Loop, str], float] = {}
    for (sid, way), loops_here in ends.items():
        for k, (_, lp) in enumerate(sorted(loops_here, key=lambda item: -item[0])):
            leg[lp, way] = _box_left(box[sid]) + 12 + 8 * k if way == "in" else _box_right(box[sid]) - 12 - 8 * k
    arrows: list[tuple[str, list[tuple[float, float]], bool, str, float, str]] = []
    for lp, lane in plan.over:
        src, dst = box[lp.source], box[lp.target]
        y = -(lift + lane * REWORK_SPACING)
        sx, ex = leg[lp, "out"], leg[lp, "in"]
        rid = f"rework:{src.content.slug}/to-{dst.content.slug}"
        arrows.append((rid, [(sx, 0.0), (sx, y), (ex, y), (ex, 0.0)], True, f"rework {format_percent(lp.rate)}",
                       ex, src.content.was.get("rework", "")))
    for lp, lane, end in plan.cross:  # a loop to or from another row of a wrapped map: named
        y = -(lift + lane * REWORK_SPACING)
        if end == "source":
            src = box[lp.source]
            x = leg[lp, "out"]
            points = [(x, 0.0), (x, y), (row_left, y)]
            label = f"rework {format_percent(lp.rate)} to {names[lp.target]}"
            slug = src.content.slug
        else:
            dst = box[lp.target]
            x = leg[lp, "in"]
            points = [(row_left - 16, y), (x, y), (x, 0.0)]
            label = f"rework {format_percent(lp.rate)} from {names[lp.source]}"
            slug = dst.content.slug
        was = reworks.get(lp.source, "")  # both ends show the rate: both are marked
        arrows.append((f"rework:{slug}/{end}-{lp.source}-{lp.target}", points, end == "target", label,
                       row_left - (16 if end == "target" else 0), was))
    for rid, points, head, _, _, _ in arrows:
        cv.line(f"{rid}/arrow", "rework-arrow", points, t.ink, width=1.5, dash=True, arrow=0.8 if head else 0.0)
    # Each label over its track, beside the leg into the step that gets the work, or
    # wherever along the track no other loop's leg stands.
    legs = [seg for _, points, _, _, _, _ in arrows for seg in zip(points, points[1:]) if seg[0][0] == seg[1][0]]
    # The information flows' legs down into the row's boxes (``info_legs``: how many to each
    # step), 16 apart round its centre: labels keep clear of them too.
    high = -(lift + (len(plan.over) + len(plan.cross)) * REWORK_SPACING) - 100
    info = [((x, high), (x, 0.0)) for sid, n in (info_legs or {}).items() if sid in box
            for x in (box[sid].centre + 16 * i - 8 * (n - 1) for i in range(n))]
    blocking = [*legs, *info]
    placed_labels: list[tuple[float, float, float, float]] = []
    h = line_height(SMALL_PT)
    top_track = min((p[1] for _, points, _, _, _, _ in arrows for p in points), default=0.0)
    for rid, points, _, label, at, was in arrows:
        y = next(p[1] for p in points if p[1] != 0.0)
        lo, hi = min(p[0] for p in points), max(p[0] for p in points)
        w = figure_width(label, was, SMALL_PT, bold=True)
        tries = [(x, y - h - 1, w, [label]) for x in (at + 6, *(x + 6 for (x, _), _ in [*info, *legs] if lo <= x < hi),
                                                     lo + 6)
                 if x + w <= max(hi, at + 6 + w) + 0.01]
        if frame.narrow and band_empty and not was and y == top_track and w > hi - at - 6:
            # a phone's row: over the top track in two lines rather than past its end (``band_empty``:
            # no information flow over the row)
            lines = wrap(label, max(_NARROW_LABEL_W, hi - at - 6, w / 2 + 20), SMALL_PT, bold=True)
            if len(lines) == 2:
                wide = max(text_width(line, SMALL_PT, True) for line in lines)
                tries.insert(0, (at + 6, y - 2 * h - 1, wide, lines))
        if at <= lo:  # to or from another row: else out past the track's open end (on a phone's rows wrapped)
            lines = wrap(label, _NARROW_LABEL_W, SMALL_PT, bold=True) if frame.narrow and not was else [label]
            wide = max(text_width(line, SMALL_PT, True) for line in lines) if len(lines) > 1 else w
            tries.append((lo - 4 - wide, y - len(lines) * h / 2, wide, lines))
        x, top, w, lines = next((xt for xt in tries if not _label_blocked(
            (xt[0] - 2, xt[1], xt[0] + xt[2] + 2, xt[1] + len(xt[3]) * h), blocking, placed_labels)), tries[0])
        placed_labels.append((x, top, x + w, top + len(lines) * h))
        if len(lines) > 1:
            cv.text(f"{rid}/rate", "rework-rate", x, top, lines, SMALL_PT, t.ink, anchor="start", bold=True)
        else:
            draw_figure(cv, t, f"{rid}/rate", "rework-rate", x, top, label, was, SMALL_PT, t.ink, anchor="start",
                        bold=True)


def _label_blocked(box: tuple[float, float, float, float], legs, labels) -> bool:
    a, b, c, d = box
    if any(a < x0 < c and min(y0, y1) < d and b < max(y0, y1) for (x0, y0), (_, y1) in legs):
        return True
    return any(a < l2 and l0 < c and b < l3 and l1 < d for l0, l1, l2, l3 in labels)


# --- lines under the process row, routed round the lanes ------------------------------------

def _scene_obstacles(cv: Canvas, main_bottom: float, share: tuple = ()) -> tuple[list, list]:
    """What a routed line must go round (every shape and text, and the process row down to
    ``main_bottom``, its shortest box's bottom), and the lines it may cross but not run along
    (but those that start or end at a point of ``share``: the same fork or join, one trunk)."""
    boxes, lines = [], []
    for e in cv.elements:
        if isinstance(e, Line) and not e.closed:
            if e.points[0] not in share and e.points[-1] not in share:
                lines.append(e.points)
        else:
            boxes.append(e.box)
    x0, _, x1, _ = cv.box()
    boxes.append((x0 - 1000, -10000.0, x1 + 1000, main_bottom - CLEAR - 1))
    return boxes, lines


#: On a phone's rows (:attr:`~.steps.RowFrame.narrow`) a routed line's label wraps to this
#: width (pt) rather than widen the row ("rework 12 % from" over the name of a step).
_NARROW_LABEL_W = 110.0


def _place_text(cv: Canvas, t: Theme, tid: str, role: str, label: str, points, obstacles, lines,
                bold: bool = True, was: str = "", width: float = 0.0) -> Optional[Text]:
    """A label beside the longest free stretch of a routed line: over it, else under it
    (``was``: the figure before a what-if, ghosted before it; ``width``: wrapped to it)."""
    wrapped = wrap(label, width, SMALL_PT, bold=bold) if width and not was else [label]
    w = max(text_width(line, SMALL_PT, bold) for line in wrapped) if len(wrapped) > 1 else \
        figure_width(label, was, SMALL_PT, bold=bold)
    h = len(wrapped) * line_height(SMALL_PT)
    segs = sorted(((p, q) for p, q in zip(points, points[1:]) if p[1] == q[1]),
                  key=lambda pq: -abs(pq[1][0] - pq[0][0]))
    tries = []
    for (x0, y), (x1, _) in segs:
        lo, hi = min(x0, x1), max(x0, x1)
        for top in (y - h - 1, y + 2):
            tries += [(lo + 6, top), (hi - 6 - w, top), ((lo + hi - w) / 2, top)]
    edge = min(p[0] for p in points)
    for x, y in (points[0], points[-1]):  # a line from or to the row's edge: out past its end
        if x == edge and any(q[1] == y and q[0] > x for q in points):
            tries.append((x - 4 - w, y - h / 2))
    if not tries:
        (x, y) = points[-1]
        tries = [(x + 6, y - h - 1)]

    def clear(x: float, top: float) -> bool:
        a, b, c, d = x - 2, top, x + w + 2, top + h
        if any(a < o[2] and o[0] < c and b < o[3] and o[1] < d for o in obstacles):
            return False
        for line in lines:
            for (p0, p1) in zip(line, line[1:]):
                lo_x, hi_x = min(p0[0], p1[0]), max(p0[0], p1[0])
                lo_y, hi_y = min(p0[1], p1[1]), max(p0[1], p1[1])
                if lo_x < c and a < hi_x and lo_y < d and b < hi_y or (
                        lo_y == hi_y and b < lo_y < d and lo_x < c and a < hi_x):
                    return False
        return True

    x, top = next((xt for xt in tries if clear(*xt)), tries[0])
    if len(wrapped) > 1:
        return cv.text(tid, role, x, top, wrapped, SMALL_PT, t.ink, anchor="start", bold=bold, italic=not bold)
    return draw_figure(cv, t, tid, role, x, top, label, was, SMALL_PT, t.ink, anchor="start", bold=bold,
                       italic=not bold)


def draw_routed(cv: Canvas, t: Theme, plan: FlowPlan, main: list[Slot], placed: dict[str, Placed], sizes: Sizes,
                frame: RowFrame, main_bottom: float, names: dict[str, str],
                reworks: Optional[dict[str, str]] = None) -> list[tuple[float, float, float]]:
    """The lines under the process row that must find their way round the lanes: flows
    between steps of the path that are not next to each other, and rework loops with an
    end off the path (or in another row: named at the row's edge). ``main_bottom``: the
    bottom of the process row (``reworks``: as for :func:`draw_rework`). Returns the room
    each takes (left, right, bottom)."""
    reworks = reworks or {}
    box = {s.content.step.id: s for s in main if s.kind == "process"}
    first_slot = {s.content.step.id: s for s in reversed(main)}
    taken: list[tuple[float, float, float]] = []
    port_y = main_bottom + 8  # under the process row, where a flow leaves a channel
    lowest_box = min(box_height(s.content, sizes, frame) for s in box.values())

    def draw(lid: str, prefix, starts, ends, suffix, dash: bool, label: Optional[str] = None,
             label_id: str = "", italic_label: bool = False, share: tuple = (), was: str = "",
             cv: Canvas = cv, taken: list[tuple[float, float, float]] = taken) -> None:
        obstacles, lines = _scene_obstacles(cv, lowest_box, share)
        floor = cv.box()[3] + 14
        path = route(starts, ends, obstacles, lines, floor)
        if path is None:  # nothing free: under everything
            (sx, sy, _), (ex, ey, _) = starts[0], ends[0]
            path = [(sx, sy if sy is not None else floor), (sx, floor + 30), (ex, floor + 30),
                    (ex, ey if ey is not None else floor)]
        points = corners([*prefix(path[0]), *path, *suffix(path[-1])])
        line = cv.line(lid, "rework-arrow" if dash else "branch-flow", points, t.ink, width=1.5, dash=dash,
                       arrow=0.8 if suffix(path[-1]) or not dash or ends[0][1] is not None else 0.0)
        box_ = line.box
        if label:
            text = _place_text(cv, t, label_id, "rework-rate" if dash else "branch-name", label, points,
                               obstacles, [*lines, points], bold=not italic_label, was=was,
                               width=_NARROW_LABEL_W if frame.narrow else 0.0)
            if text is not None:
                box_ = (min(box_[0], text.box[0]), box_[1], max(box_[2], text.box[2]), max(box_[3], text.box[3]))
        taken.append((box_[0], box_[2], box_[3]))

    for a, c in plan.shortcuts:  # from the channel after one step to the join before the other
        x0, x1 = box[a].right + CHANNEL / 2, first_slot[c].right - CHANNEL / 2
        draw(f"shortcut:{box[a].content.slug}/to-{box[c].content.slug}",
             lambda p, x0=x0: [(x0, frame.push_dy + 6)], [(x0, port_y, DOWN)], [(x1, port_y, UP)],
             lambda p, x1=x1: [(x1, frame.push_dy + 6)], dash=False,
             share=((x0, frame.push_dy + 6), (x1, frame.push_dy + 6)))

    def end_of(sid: str) -> tuple[Slot, float]:
        return (box[sid], 0.0) if sid in box else (placed[sid].slot, placed[sid].top)

    # Each box that gets or sends several loops takes their legs side by side.
    count: dict[tuple[str, str], int] = {}

    def ports(sid: str, way: str) -> tuple[list, float, float, float]:
        slot, top = end_of(sid)
        k = count.get((sid, way), 0)
        count[sid, way] = k + 1
        x = _box_left(slot) + 12 + 8 * k if way == "in" else _box_right(slot) - 12 - 8 * k
        bottom = top + box_height(slot.content, sizes, frame)
        out = [(x, bottom + CLEAR + 6, UP if way == "in" else DOWN)]
        if sid not in box:  # a lane's box: from above too
            out.append((x, top - CLEAR - 6, DOWN if way == "in" else UP))
        return out, x, top, bottom

    def leg(x: float, top: float, bottom: float):
        return lambda p: [(x, bottom if p[1] > bottom else top)]

    def draw_loops(order, on: Canvas, room: list[tuple[float, float, float]]) -> None:
        for lp in order:
            starts, sx, s_top, s_bottom = ports(lp.source, "out")
            ends, ex, e_top, e_bottom = ports(lp.target, "in")
            src, dst = end_of(lp.source)[0], end_of(lp.target)[0]
            draw(f"rework:{src.content.slug}/to-{dst.content.slug}/arrow", leg(sx, s_top, s_bottom), starts, ends,
                 leg(ex, e_top, e_bottom), dash=True, label=f"rework {format_percent(lp.rate)}",
                 label_id=f"rework:{src.content.slug}/to-{dst.content.slug}/rate",
                 was=src.content.was.get("rework", ""), cv=on, taken=room)

    # Each loop is routed round those drawn before it: of the orders of a few loops, the one
    # whose lines cross each other and the rest the least, then the shortest (two loops
    # between lane steps crossed twice in the gap between them, routed the other way round
    # they cross nowhere: lanes-rework).
    order = [lp for lp, _ in plan.under]
    if 1 < len(order) <= _ORDERED_LOOPS:
        # The map's order first, kept when it crosses nothing (most maps: no routing more).
        others = [list(e.points) for e in cv.elements
                  if isinstance(e, Line) and not e.closed and e.role != "push-stripe"]
        held = dict(count)
        best: Optional[tuple[tuple[int, float], Canvas, list, dict]] = None
        for trial in itertools.permutations(order):
            count.clear()
            count.update(held)
            probe, room = cv.copy(), []
            draw_loops(trial, probe, room)
            new = [e.points for e in probe.elements[len(cv.elements):] if e.role == "rework-arrow"]
            score = (crossings(new, others), sum(_path_length(points) for points in new))
            if best is None or score < best[0]:
                best = (score, probe, room, dict(count))
            if score[0] == 0:
                break
        assert best is not None
        _, probe, room, after = best
        for e in probe.elements[len(cv.elements):]:
            cv.add(e)
        taken += room
        count.clear()
        count.update(after)
    else:
        draw_loops(order, cv, taken)
    left = cv.box()[0] - 16
    for lp, end in plan.under_cross:  # to or from another row: to the row's left edge, named
        rate = format_percent(lp.rate)
        if end == "source":
            starts, sx, s_top, s_bottom = ports(lp.source, "out")
            slot = end_of(lp.source)[0]
            draw(f"rework:{slot.content.slug}/source-{lp.source}-{lp.target}/arrow", leg(sx, s_top, s_bottom),
                 starts, [(left, None, LEFT)], lambda p: [], dash=True,
                 label=f"rework {rate} to {names[lp.target]}",
                 label_id=f"rework:{slot.content.slug}/source-{lp.source}-{lp.target}/rate",
                 was=slot.content.was.get("rework", ""))
        else:
            ends, ex, e_top, e_bottom = ports(lp.target, "in")
            slot = end_of(lp.target)[0]
            draw(f"rework:{slot.content.slug}/target-{lp.source}-{lp.target}/arrow", lambda p: [],
                 [(left, None, RIGHT)], ends, leg(ex, e_top, e_bottom), dash=True,
                 label=f"rework {rate} from {names[lp.source]}",
                 label_id=f"rework:{slot.content.slug}/target-{lp.source}-{lp.target}/rate",
                 was=reworks.get(lp.source, ""))
    return taken


#: Up to this many loops under the process row, every order of routing them is tried.
_ORDERED_LOOPS = 3


def _path_length(points) -> float:
    return sum(abs(q[0] - p[0]) + abs(q[1] - p[1]) for p, q in zip(points, points[1:]))


def draw_ends(cv: Canvas, t: Theme, plan: FlowPlan, placed: dict[str, Placed], frame: RowFrame,
              ) -> list[tuple[float, float, float]]:
    """The ways into the branches that start at the start and out of those that end the
    stream: off the supplier's material arrow and into the customer's when the row has
    them, else a short arrow named "from the start" / "to the end". Returns the room each
    takes (left, right, bottom)."""
    taken = []
    lines = {e.id: e for e in cv.elements if e.id in ("supplier/material", "customer/material")}
    obstacles = [e.box for e in cv.elements if not isinstance(e, Line)]

    def clear(points) -> bool:
        for (x0, y0), (x1, y1) in zip(points, points[1:]):
            a, b, c, d = min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)
            if any(a < o[2] - 1 and o[0] + 1 < c and b < o[3] - 1 and o[1] + 1 < d for o in obstacles):
                return False
        return True

    for b in plan.branches:
        first, last = placed[b.steps[0]], placed[b.steps[-1]]
        bid = f"branch:{first.slot.content.slug}"
        if not b.sources:
            y = first.top + frame.push_dy
            entry = _box_left(first.slot) - 1
            supplier = lines.get("supplier/material")
            points = []
            if supplier is not None:  # down from the corner of the supplier's arrow
                x, corner = supplier.points[1]
                points = [(x, corner), (x, y), (entry, y)]
            if not points or not clear(points[1:]):
                x = first.slot.left - 30
                points = [(x, y), (entry, y)]
                text = cv.text(f"{bid}/from-start", "branch-name", x - 4, y - line_height(SMALL_PT) / 2,
                               ["from the start"], SMALL_PT, t.ink, anchor="end", italic=True)
                taken.append((text.box[0], text.box[2], text.box[3]))
            cv.line(f"{bid}/in-start", "branch-flow", points, t.ink, width=1.5, arrow=0.8)
            taken.append((min(p[0] for p in points), max(p[0] for p in points), y))
        if not b.targets:
            sx, sy = _point_out(last.slot, last.top, frame)
            customer = lines.get("customer/material")
            points = []
            if customer is not None:  # up into the corner of the customer's arrow
                x, corner = customer.points[1]
                points = [(sx, sy), (x, sy), (x, corner + 6)]
            if not points or x < sx + 12 or not clear(points):
                points = [(sx, sy), (sx + 24, sy)]
                text = cv.text(f"{bid}/to-end", "branch-name", sx + 28, sy - line_height(SMALL_PT) / 2,
                               ["to the end"], SMALL_PT, t.ink, anchor="start", italic=True)
                taken.append((text.box[0], text.box[2], text.box[3]))
            cv.line(f"{bid}/out-end", "branch-flow", points, t.ink, width=1.5, arrow=0.8)
            taken.append((min(p[0] for p in points), max(p[0] for p in points), sy))
    return taken
