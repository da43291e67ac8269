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
from dataclasses import dataclass
from typing import Optional

from ..durations import format_percent, humanize
from ..flow import Loop, loops, predecessors, upstream
from ..frozen import frozen
from ..metrics import Metrics
from ..model import ValueStreamMap
from ..textwidth import line_height
from ..themes import Theme
from .canvas import Canvas
from .changes import draw_figure
from .measure import GAP, SLOT_W, SMALL_PT, DataRow, Sizes, StepContent, data_height
from .steps import RowFrame, Slot, box_height, draw_process, draw_queue

__all__ = ["Branch", "FlowPlan", "flow_plan", "CHANNEL", "LANE_GAP", "REWORK_SPACING", "draw_lanes",
           "draw_rework"]

#: Room beside a step where a branch leaves or joins the process row.
CHANNEL = 22.0
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

    @property
    def lanes(self) -> int:
        return max((b.lane for b in self.branches), default=0)

    @property
    def rework_height(self) -> float:
        """The room the loops over the process row take."""
        count = 1 + max((lane for _, lane in self.over), default=-1)
        return count * REWORK_SPACING + (10 if count else 0)

    def unbreakable(self) -> set[int]:
        """The positions i on the critical path after which a wrapped map must not start a
        new row: a branch (or a flow between path steps) runs from before to after it."""
        index = {sid: i for i, sid in enumerate(self.main)}
        spans = [(-1 if b.fork is None else b.fork, b.join) for b in self.branches if b.join is not None]
        spans += [(index[a], index[c]) for a, c in self.shortcuts]
        return {i for a, c in spans for i in range(max(a, 0), c)}

    def for_row(self, ids: set[str], first: bool) -> "FlowPlan":
        """What one row of a wrapped map draws: the branches that leave from (or, from the
        start, join) its steps, in lanes numbered from 1, and the loops and flows within it.
        ``first``: the first row, which also takes branches that touch no path step."""
        def here(b: Branch) -> bool:
            anchor = b.fork if b.fork is not None else b.join
            return self.main[anchor] in ids if anchor is not None else first

        branches = [b for b in self.branches if here(b)]
        renumber = {lane: k for k, lane in enumerate(sorted({b.lane for b in branches}), start=1)}
        lane_steps = {s for b in branches for s in b.steps}
        incoming = tuple((b.steps[-1], self.main[b.join]) for b in self.branches
                         if not here(b) and b.join is not None and self.main[b.join] in ids)
        return FlowPlan(self.main, tuple(dataclasses.replace(b, lane=renumber[b.lane]) for b in branches),
                        tuple((lp, k) for lp, k in self.over if lp.source in ids and lp.target in ids),
                        tuple((lp, k) for lp, k in self.under
                              if {lp.source, lp.target} <= ids | lane_steps),
                        tuple((a, c) for a, c in self.shortcuts if a in ids and c in ids), incoming,
                        tuple((lp, k, "source" if lp.source in ids else "target") for lp, k in self.over
                              if (lp.source in ids) != (lp.target in ids)))

    def channels(self) -> tuple[set[str], set[str]]:
        """The critical-path steps a branch leaves after, and those a branch joins before."""
        forks = {self.main[b.fork] for b in self.branches if b.fork is not None}
        joins = {self.main[b.join] for b in self.branches if b.join is not None}
        joins |= {b for _, b in self.shortcuts} | {join for _, join in self.incoming}
        return forks | {a for a, _ in self.shortcuts}, joins


def _lanes(spans: list[tuple[int, int]]) -> list[int]:
    """A lane per span (0 up), shorter spans first and nearest; overlapping spans apart."""
    order = sorted(range(len(spans)), key=lambda i: (spans[i][1] - spans[i][0], spans[i][0], i))
    taken: list[list[tuple[int, int]]] = []
    out = [0] * len(spans)
    for i in order:
        a0, a1 = spans[i]
        lane = 0
        while lane < len(taken) and any(a0 < b1 and b0 < a1 for b0, b1 in taken[lane]):
            lane += 1
        if lane == len(taken):
            taken.append([])
        taken[lane].append((a0, a1))
        out[i] = lane
    return out


def flow_plan(vsm: ValueStreamMap, m: Metrics) -> Optional[FlowPlan]:
    """The branches and loops of a map; None for one chain without rework."""
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
        if len(p) == 1 and p[0] in run_of and len(succ[p[0]]) == 1:
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
    over_lanes = _lanes([(index[lp.target], index[lp.source]) for lp in over])
    under_lanes = _lanes([(order.index(lp.target), order.index(lp.source)) for lp in under])
    shortcuts = tuple((p, sid) for sid in main for p in preds[sid]
                      if p in index and index[p] != index[sid] - 1)
    return FlowPlan(main, branches, tuple(zip(over, over_lanes)), tuple(zip(under, under_lanes)),
                    shortcuts)


def off_path_content(c: StepContent, vsm: ValueStreamMap, m: Metrics) -> StepContent:
    """A step off the critical path: its wait and slack in its data box (the ladder shows
    only the critical path)."""
    cal = vsm.calendar
    rows = list(c.rows)
    was = humanize(c.before.wait_time, cal) if "wait" in c.was and c.before is not None else ""
    rows.insert(1, DataRow("wt", "W/T", humanize(c.step.wait_time, cal), was))
    rows.append(DataRow("slack", "Slack", humanize(m.slack_of(c.step), cal)))
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
    """The left edge of each branch's lane: past the channel beside the step it forks from,
    and past every box off the path that leads into it (a branch of a branch)."""
    box = {s.content.step.id: s for s in main if s.kind == "process"}
    right: dict[str, float] = {}  # a lane step's process column's right edge
    lefts = []
    for b in plan.branches:  # in flow order: a branch's sources are placed before it
        left = box[plan.main[b.fork]].right + CHANNEL if b.fork is not None else main[0].left
        left = max([left, *(right[s] + CHANNEL for s in b.sources if s in right)])
        lefts.append(left)
        for slot in _lane_slots([contents[s] for s in b.steps], left):
            right[slot.content.step.id] = slot.right
    return lefts


def _box_left(slot: Slot) -> float:
    return slot.centre - slot.content.box_w / 2


def _box_right(slot: Slot) -> float:
    return slot.centre + slot.content.box_w / 2


@dataclass
class Placed:
    """Where one step of a lane landed: its process slot and the lane's top."""

    slot: Slot
    top: float


def draw_lanes(cv: Canvas, t: Theme, plan: FlowPlan, contents: dict[str, StepContent], main: list[Slot],
               sizes: Sizes, frame: RowFrame, top: float, names: dict[str, str]
               ) -> tuple[float, dict[str, Placed], list[tuple[float, float, float]]]:
    """Every branch in its lane from ``top`` down, and the flow lines to and from it;
    returns the bottom of the lowest lane, where each lane step went, and the room each
    branch takes (left, right, bottom), lines included."""
    box = {s.content.step.id: s for s in main if s.kind == "process"}
    first_slot = {s.content.step.id: s for s in reversed(main)}  # the step's first column
    placed: dict[str, Placed] = {}
    bottom = top
    lane_tops: dict[int, float] = {}
    lefts = branch_lefts(plan, contents, main)
    for lane in range(1, plan.lanes + 1):
        lane_cv = Canvas()
        for b, left in zip(plan.branches, lefts):
            if b.lane != lane:
                continue
            slots = _lane_slots([contents[s] for s in b.steps], left)
            for slot in slots:
                if slot.kind == "queue":
                    draw_queue(lane_cv, t, slot, frame, False)
                elif slot.kind == "process":
                    draw_process(lane_cv, t, slot, sizes, frame)
                    placed[slot.content.step.id] = Placed(slot, 0.0)
        lane_top = bottom + LANE_GAP
        lane_tops[lane] = lane_top
        if lane_cv.elements:
            cv.place(lane_cv, 0.0, lane_top)
            bottom = lane_top + lane_cv.box()[3]
        else:
            bottom = lane_top + frame.push_dy
    for sid, p in placed.items():
        p.top = lane_tops[next(b.lane for b in plan.branches if sid in b.steps)]
    for last, join in plan.incoming:  # a branch from an earlier row: named, into its join
        x = first_slot[join].right - CHANNEL / 2
        bottom += 18
        cv.line(f"branch-in:{box[join].content.slug}/from-{contents[last].slug}", "branch-flow",
                [(x - 30, bottom), (x, bottom), (x, frame.push_dy + 6)], t.ink, width=1.5, arrow=0.8)
        cv.text(f"branch-in:{box[join].content.slug}/from-{contents[last].slug}/name", "branch-name", x - 34,
                bottom - line_height(SMALL_PT) / 2, [f"from {names[last]}"], SMALL_PT, t.ink, anchor="end",
                italic=True)
    for k, (a, c) in enumerate(plan.shortcuts):  # under the lanes, one line each
        x0, x1 = box[a].right + CHANNEL / 2, first_slot[c].right - CHANNEL / 2
        bottom += 14
        cv.line(f"shortcut:{box[a].content.slug}/to-{box[c].content.slug}", "branch-flow",
                [(x0, frame.push_dy + 6), (x0, bottom), (x1, bottom), (x1, frame.push_dy + 6)], t.ink,
                width=1.5, arrow=0.8)
    taken = []
    for b in plan.branches:
        line_ids = _branch_lines(cv, t, plan, b, box, first_slot, placed, frame, names)
        boxes = [cv_box for cv_box in (e.box for e in cv.elements if e.id in line_ids)]
        lane_bottom = max(placed[s].top for s in b.steps) + max(
            box_height(contents[s], sizes, frame) for s in b.steps)
        taken.append((min(x[0] for x in boxes), max(x[2] for x in boxes), lane_bottom))
    return bottom, placed, taken


def _point_out(slot: Slot, top: float, frame: RowFrame) -> tuple[float, float]:
    return _box_right(slot) + 1, top + frame.push_dy


def _branch_lines(cv: Canvas, t: Theme, plan: FlowPlan, b: Branch, box: dict[str, Slot],
                  first_slot: dict[str, Slot], placed: dict[str, Placed], frame: RowFrame,
                  names: dict[str, str]) -> set[str]:
    """The thin flow lines into a branch, along it and out of it; returns their ids."""
    ids: set[str] = set()
    first, last = placed[b.steps[0]], placed[b.steps[-1]]
    y = first.top + frame.push_dy
    entry = _box_left(first.slot) - 1
    bid = f"branch:{first.slot.content.slug}"
    for k, src in enumerate(b.sources):
        if src in box:  # down from the process row, beside the step it forks from
            x = box[src].right + CHANNEL / 2
            start = [(x, frame.push_dy + 6), (x, y)]
        else:  # down beside the box it comes from (the lane starts past that channel)
            out = placed[src]
            sx, sy = _point_out(out.slot, out.top, frame)
            x = sx + CHANNEL / 2 - 1
            start = [(sx, sy), (x, sy), (x, y)]
        ids.add(cv.line(f"{bid}/in-{k}", "branch-flow", [*start, (entry, y)], t.ink, width=1.5, arrow=0.8).id)
    for a, c in zip(b.steps, b.steps[1:]):
        pa, pc = placed[a], placed[c]
        ids.add(cv.line(f"branch:{pc.slot.content.slug}/flow", "branch-flow",
                        [(_box_right(pa.slot) + 1, y), (_box_left(pc.slot) - 1, y)], t.ink, width=1.5,
                        arrow=0.8).id)
    sx, sy = _point_out(last.slot, last.top, frame)
    for k, dst in enumerate(b.targets):
        if dst in box:  # up into the process row, beside the step it joins
            x = first_slot[dst].right - CHANNEL / 2  # its first column: the join channel
            points = [(sx, sy), (x, sy), (x, frame.push_dy + 6)]
        elif dst in placed:
            continue  # into another branch: drawn as that branch's way in
        else:  # into a step of a later row of a wrapped map: named
            points = [(sx, sy), (sx + 24, sy)]
            ids.add(cv.text(f"{bid}/out-{k}/name", "branch-name", sx + 28, sy - line_height(SMALL_PT) / 2,
                            [f"to {names[dst]}"], SMALL_PT, t.ink, anchor="start", italic=True).id)
        ids.add(cv.line(f"{bid}/out-{k}", "branch-flow", points, t.ink, width=1.5, arrow=0.8).id)
    return ids


def draw_rework(cv: Canvas, t: Theme, plan: FlowPlan, main: list[Slot], placed: dict[str, Placed],
                sizes: Sizes, frame: RowFrame, bottom: float, names: dict[str, str]) -> float:
    """Every rework loop as a dashed arrow labelled with its rate: over the process row
    when both its ends are on the critical path, else under the lanes (from ``bottom``);
    returns the new bottom."""
    box = {s.content.step.id: s for s in main if s.kind == "process"}
    lift = frame.badge_h - frame.rework_h + frame.halo + 12  # above the bottleneck badge
    for lp, lane in plan.over:
        src, dst = box[lp.source], box[lp.target]
        y = -(lift + lane * REWORK_SPACING)
        _loop(cv, t, lp, src, dst, (_box_right(src) - 12, 0.0), (_box_left(dst) + 12, 0.0), y, above=True)
    row_left = main[0].left
    for lp, lane, end in plan.cross:  # a loop to or from another row of a wrapped map: named
        y = -(lift + lane * REWORK_SPACING)
        if end == "source":
            src = box[lp.source]
            points = [(_box_right(src) - 12, 0.0), (_box_right(src) - 12, y), (row_left, y)]
            label = f"rework {format_percent(lp.rate)} to {names[lp.target]}"
            x, anchor, slug = row_left, "start", src.content.slug
        else:
            dst = box[lp.target]
            points = [(row_left - 16, y), (_box_left(dst) + 12, y), (_box_left(dst) + 12, 0.0)]
            label = f"rework {format_percent(lp.rate)} from {names[lp.source]}"
            x, anchor, slug = row_left - 16, "start", dst.content.slug
        rid = f"rework:{slug}/{end}-{lp.source}-{lp.target}"
        cv.line(f"{rid}/arrow", "rework-arrow", points, t.ink, width=1.5, dash=True,
                arrow=0.8 if end == "target" else 0.0)
        was = box[lp.source].content.was.get("rework", "") if end == "source" else ""  # marked once
        draw_figure(cv, t, f"{rid}/rate", "rework-rate", x, y - line_height(SMALL_PT) - 1, label, was,
                    SMALL_PT, t.ink, anchor=anchor, bold=True)
    lowest = bottom
    for lp, lane in plan.under:
        ends = []
        for sid in (lp.source, lp.target):
            slot, top = (box[sid], 0.0) if sid in box else (placed[sid].slot, placed[sid].top)
            ends.append((slot, top + box_height(slot.content, sizes, frame)))
        y = bottom + 18 + lane * REWORK_SPACING
        (src, s_y), (dst, d_y) = ends
        _loop(cv, t, lp, src, dst, (_box_right(src) - 12, s_y), (_box_left(dst) + 12, d_y), y, above=False)
        lowest = max(lowest, y + line_height(SMALL_PT) + 4)
    return lowest


def _loop(cv: Canvas, t: Theme, lp: Loop, src: Slot, dst: Slot, start: tuple[float, float],
          end: tuple[float, float], y: float, above: bool) -> None:
    rid = f"rework:{src.content.slug}/to-{dst.content.slug}"
    (sx, sy), (ex, ey) = start, end
    cv.line(f"{rid}/arrow", "rework-arrow", [(sx, sy), (sx, y), (ex, y), (ex, ey)], t.ink, width=1.5,
            dash=True, arrow=0.8)
    label = f"rework {format_percent(lp.rate)}"
    ty = y - line_height(SMALL_PT) - 1 if above else y + 2
    # Beside the leg into the step that gets the work: the legs of other loops stand
    # at the ends of their own steps' boxes, away from it.
    draw_figure(cv, t, f"{rid}/rate", "rework-rate", ex + 6, ty, label, src.content.was.get("rework", ""),
                SMALL_PT, t.ink, anchor="start", bold=True)
