"""The whole map laid out: measure the steps, place them, draw every band into one Scene.

Bands from the top: the caption, the information row and its lanes, the bottleneck
badge, the process row (queues, boxes, push arrows), kaizen bursts, the ladder with
its totals, and the lead time to scale when asked for.
"""
from __future__ import annotations

import math
from dataclasses import replace
from typing import Optional, Sequence

from ..durations import format_percent, humanize
from ..metrics import Metrics
from ..model import CUSTOMER, SUPPLIER, InfoFlow, ValueStreamMap
from ..textwidth import line_height, wrap
from ..words import measured_caption
from ..themes import Theme, theme as get_theme
from .canvas import Canvas
from .bursts import BURST_CLEAR, burst_place, obstacles, reach, solid
from .changes import MARK_W, Was, bottleneck_was, draw_bottleneck_was, draw_mark, with_slack_ghost
from .info import Band, draw_info_row
from .ladder import (POSTER_RISE, RISE, draw_ladder, draw_to_scale, draw_totals, ladder_middle, totals_height,
                     totals_rows)
from .measure import GAP, LADDER_PT, QUEUE_W, SLOT_W, TITLE_PT, TRI_H, StepContent, measure
from .scene import Column, Line, Row, Scene, Text
from .steps import (CONTINUE_W, RowFrame, Slot, burst_size, draw_kaizen, draw_process, draw_push_arrows,
                    draw_queue, place_steps, queue_entry)

__all__ = ["LADDERS", "diagram_scene", "diagram_scenes", "describe", "title_line"]

#: Ladder styles: the square wave alone, or with a bar drawn to scale beneath it.
LADDERS = ("classic", "proportional")


def describe(vsm: ValueStreamMap, m: Metrics) -> str:
    """One sentence of headline metrics, for screen readers (SVG ``<desc>``)."""
    cal = vsm.calendar
    parts = [
        f"Value stream map with {len(vsm.steps)} step{'s' if len(vsm.steps) != 1 else ''}",
        f"lead time {humanize(m.lead_time, cal)}",
        f"process time {humanize(m.process_time, cal)}",
        f"flow efficiency {format_percent(m.flow_efficiency)}, {m.rating}",
    ]
    if m.takt_time is not None:
        parts.append(f"takt time {humanize(m.takt_time, cal)}")
    if m.bottleneck.wait_time > 0:
        parts.append(
            f"bottleneck: the wait before {m.bottleneck.name} ({humanize(m.bottleneck.wait_time, cal)})"
        )
    return "; ".join(parts) + "."


def state_words(vsm: ValueStreamMap) -> str:
    if not vsm.state:
        return ""
    known = {"current": "Current state", "future": "Future state", "ideal": "Ideal state"}
    return known.get(vsm.state.strip().lower(), vsm.state)


def title_line(vsm: ValueStreamMap) -> str:
    """The title with its state, unless the title says it already."""
    state = state_words(vsm)
    if not state or vsm.state.strip().lower() in vsm.title.lower():
        return vsm.title
    return f"{vsm.title} ({state})"


#: The narrowest the caption wraps at (pt): a wrapped map's caption keeps to the width of
#: its rows, so the picture is no wider than its map (LaTeX prints it at full size).
CAPTION_MIN = 300.0

#: What the change mark means, under a what-if's changes in the caption.
CHANGE_KEY = "marks each figure the change moved; the value before it is struck through, in grey"

#: Room over the ladder (under the process row and what is drawn under it), on a page and
#: on a poster.
LADDER_CLEAR, POSTER_CLEAR = 12.0, 6.0
#: On a poster a kaizen burst's text may wrap this many times as wide as its step's box.
POSTER_BURST = 2.0
#: On a poster a branch's name at a row's end wraps to this width (pt) rather than widen it.
POSTER_NAME_W = 80.0


def ladder_under(ellipse: tuple[float, float, float, float], box: tuple[float, float, float, float],
                 whole: bool) -> float:
    """The least top of a ladder whose element ``box`` (drawn with the ladder's top at 0)
    keeps :data:`BURST_CLEAR` below the burst ``ellipse`` (cx, cy, rx, ry): below its
    outline, or its whole box for a text (``whole``)."""
    cx, cy, rx, ry = ellipse
    share = reach(cx, rx, box[0], box[2], whole)
    return cy + ry * share + BURST_CLEAR - box[1] if share else -math.inf


#: Space between two rows of a wrapped map (the flow arrow turns back in it).
ROW_GAP = 26.0


def diagram_scene(vsm: ValueStreamMap, m: Metrics, *, theme: str = "classic", ladder: str = "classic",
                  width: Optional[float] = None, legend: bool = False, was: Optional[Was] = None,
                  rows: Optional[int] = None, row_gap: float = ROW_GAP, split: bool = False,
                  compact: bool = False, queue_w: float = QUEUE_W) -> Scene:
    """The diagram of ``vsm`` laid out: every element positioned, with a stable id.

    ``width`` is the CSS pixel width the picture will be shown at: the map then takes as
    many rows as it needs for its smallest text to be at least 9 px there (one step a
    row at the most). Without it the map is one row. ``legend`` adds, under the map, a key
    of the symbols it uses. ``was``: the map before a what-if's changes; each figure that
    differs from it is marked, its old value ghosted beside it (:mod:`.changes`).
    ``rows`` (instead of ``width``) wraps the map into that many rows (fewer when a branch
    keeps its steps together; ``split``: branches may break across rows, each named at
    its ends), ``row_gap`` points apart (a poster packs them closer). ``compact``: each
    row as short and narrow as it can be (a poster's): the ladder's rungs closer, less room
    over it, kaizen bursts flatter where that makes the row shorter, and a branch's name at
    a row's end wrapped (or under its line) rather than widening every row. ``queue_w``: the
    queue columns' width (a poster also tries :data:`~.measure.POSTER_QUEUE_W`: its rows
    narrower, the wait reasons in more lines).
    """
    _check(ladder, width)
    plan = _Plan(vsm, m, theme, ladder, legend, was, row_gap, compact, queue_w)
    one_row = plan.scene([plan.contents])
    if rows is not None:
        return one_row if rows <= 1 or len(plan.contents) == 1 else plan.wrap(one_row, rows, split)
    return _fitted(plan, one_row, width)


def diagram_scenes(vsm: ValueStreamMap, m: Metrics, widths: Sequence[Optional[float]], *,
                   theme: str = "classic", ladder: str = "classic", legend: bool = False,
                   was: Optional[Was] = None) -> list[Scene]:
    """:func:`diagram_scene` for each of ``widths`` (None: the one row), the map measured
    and laid out in one row once for them all (a web page draws it for several columns)."""
    for width in widths:
        _check(ladder, width)
    plan = _Plan(vsm, m, theme, ladder, legend, was)
    one_row = plan.scene([plan.contents])
    return [_fitted(plan, one_row, width) for width in widths]


def _check(ladder: str, width: Optional[float]) -> None:
    if ladder not in LADDERS:
        raise ValueError(f"unknown ladder {ladder!r}; use one of {', '.join(LADDERS)}")
    if width is not None and not width > 0:
        raise ValueError(f"width must be a positive number of pixels, not {width!r}")


def _fitted(plan: "_Plan", one_row: Scene, width: Optional[float]) -> Scene:
    """The fewest rows that read at ``width`` CSS px (see :meth:`_Plan.fit`), to be shown at
    that width; the one row when ``width`` is None."""
    if width is None:
        return one_row
    return replace(plan.fit(one_row, width), display_width=min(width, one_row.width * PX_PER_PT))


#: CSS pixels in a point: an SVG ``width`` in pt shows this many px per point.
PX_PER_PT = 4 / 3
#: The smallest text a reader can take in a wiki column, in CSS pixels.
MIN_TEXT_PX = 9.0


def smallest_text(scene: Scene) -> float:
    return min(e.size for e in scene.elements if isinstance(e, Text))


def rows_of(contents: list, widths: list[float], count: int, last_extra: float,
            reach: Optional[list[float]] = None) -> list[list]:
    """``contents`` in ``count`` consecutive rows (fewer when they fit) whose widest is as
    narrow as it can be; the last row also holds ``last_extra`` (the totals box). ``reach``:
    how far right of its own left edge each one's lanes reach when its row ends before they
    join (a branch broken across rows is drawn whole in the row it leaves from)."""

    def width(group: list[int], used: float) -> float:  # the row's, its lanes included
        if not reach:
            return used
        x, far = 0.0, used
        for i in group:
            far = max(far, x + reach[i])
            x += widths[i]
        return far

    def pack(cap: float) -> list[list[int]]:  # from the end: the last row takes the totals
        groups: list[list[int]] = [[]]
        used = last_extra
        for i in range(len(widths) - 1, -1, -1):
            if groups[0] and width([i, *groups[0]], used + widths[i]) > cap:
                groups.insert(0, [])
                used = 0.0
            groups[0].insert(0, i)
            used += widths[i]
        return groups

    lo, hi = max(widths), sum(widths) + last_extra + max(reach or [0.0])
    for _ in range(40):  # bisect the row width that needs ``count`` rows
        mid = (lo + hi) / 2
        if len(pack(mid)) <= count:
            hi = mid
        else:
            lo = mid
    return [[contents[i] for i in group] for group in pack(hi)]


class _Plan:
    """The map measured once; :meth:`scene` lays it out in the given rows of steps."""

    def __init__(self, vsm: ValueStreamMap, m: Metrics, theme: str, ladder: str, legend: bool = False,
                 was: Optional[Was] = None, row_gap: float = ROW_GAP, compact: bool = False,
                 queue_w: float = QUEUE_W):
        self.legend, self.was, self.row_gap = legend, was, row_gap
        # A poster's rows: the ladder's rungs closer, and less room over it.
        self.rise, self.clear = (POSTER_RISE, POSTER_CLEAR) if compact else (RISE, LADDER_CLEAR)
        self.poster, self.wide_burst = compact, 0.0  # (see draw_row's bursts)
        self.vsm, self.m, self.theme, self.ladder = vsm, m, theme, ladder
        self.t = get_theme(theme)
        self.contents, self.sizes = measure(vsm, frozenset(m.over_takt), was, queue_w)
        # A what-if's reworks before the change, by step: both ends of a loop show its rate.
        self.reworks = {c.step.id: c.was["rework"] for c in self.contents if "rework" in c.was}
        # Branched: the rows hold the critical path; the other steps go in lanes under it.
        # (layout.branches is imported for a map with branches or rework alone: a plain
        # chain, most maps, never loads it.)
        self.flow, self.lane_contents = None, {}
        if m.branched or m.loops:
            from .branches import flow_plan, off_path_content

            self.flow = flow_plan(vsm, m)
            self.lane_contents = {c.step.id: off_path_content(c, vsm, m, was) for c in self.contents
                                  if not m.on_critical_path(c.step)}
        self.contents = [with_slack_ghost(c, vsm, m, was) for c in self.contents if m.on_critical_path(c.step)]
        rework_h = self.flow.rework_height if self.flow else 0.0
        b = m.bottleneck if m.bottleneck.wait_time > 0 else None
        self.bottleneck_id = b.id if b else None
        self.bottleneck_was = bottleneck_was(m, was)  # a what-if moved it: both badges shown
        self.bottleneck_informal = b is not None and b.informal_wait
        # Heights of a process row (its top is y = 0), shared by every row.
        halo = 6.0 if self.bottleneck_informal else 0.0
        tri_top = 4.0
        push_dy = tri_top + TRI_H + 6 + self.sizes.queue_lines * line_height(LADDER_PT) + 10
        # A box is tall enough for its side to take the push arrow at push_dy, unless no arrow
        # reaches it: a lone step without a supplier, a customer, a flow, a lane or a loop is
        # as tall as its text (one step on an A0 poster: half its box was empty).
        alone = len(vsm.steps) == 1 and not (vsm.supplier or vsm.customer or vsm.info_flows
                                              or m.branched or m.loops)
        self.frame = RowFrame(min_box_h=0.0 if alone else push_dy + 22, tri_top=tri_top, push_dy=push_dy,
                              badge_h=(30.0 + halo if b or self.bottleneck_was else 0.0) + rework_h, halo=halo,
                              rework_h=rework_h, name_w=POSTER_NAME_W if compact else 0.0)
        self.one_row_frame = self.frame
        # A phone's rows: lanes under the steps they leave (see :meth:`fit`).
        self.stacked, self.stacked_flow = False, None
        self.laid_out: dict[tuple, Scene] = {}  # by (stacked, the rows' step ids)

    def fit(self, one_row: Scene, width_px: float) -> Scene:
        """The fewest rows whose scene, shown ``width_px`` wide, has its smallest text at
        least MIN_TEXT_PX high. A branch's steps stay in one row; when no such rows read
        at MIN_TEXT_PX (a branched map on a phone), the branches may also break across
        rows as :meth:`wrap` with ``split`` draws them, and then stand under the steps they
        leave (:meth:`fewest_stacked`), whichever prints the larger text."""
        limit = width_px * smallest_text(one_row) / MIN_TEXT_PX  # the widest scene allowed, in points
        if one_row.width <= limit or len(self.contents) == 1:
            return one_row
        scene = self.fewest(one_row, limit)
        if scene.width > limit and self.flow and (self.flow.branches or self.flow.over):
            # Broken across rows, each lane beside the step it leaves; then, when that is
            # still too wide (a phone's column: a step or two a row), under it.
            for stacked in (False, True):
                broken = self.fewest_stacked(one_row, limit) if stacked else self.fewest(one_row, limit, split=True)
                if smallest_text(broken) / broken.width > smallest_text(scene) / scene.width:
                    scene = broken
                if scene.width <= limit:
                    break
        return scene

    def fewest_stacked(self, one_row: Scene, limit: float) -> Scene:
        """:meth:`fewest` with branches broken across rows and each lane under the step it
        leaves, every step off the path in a lane of its own (a phone's column)."""
        from .branches import flow_plan

        if self.stacked_flow is None:
            self.stacked_flow = flow_plan(self.vsm, self.m, stacked=True)
        flow, self.flow, self.stacked = self.flow, self.stacked_flow, True
        try:
            return self.fewest(one_row, limit, split=True)
        finally:
            self.flow, self.stacked = flow, False

    def fewest(self, one_row: Scene, limit: float, split: bool = False) -> Scene:
        """The fewest rows whose scene is at most ``limit`` points wide (``split`` as in
        :meth:`wrap`); the narrowest tried when none is. No more rows than runs: a column
        too narrow for even one run a row gets one run a row (its text then smaller),
        never the one long row squeezed to it."""
        units, widths, extra = self.widths(one_row, split)
        reach = self.reach(one_row, units) if split else None
        lead = one_row.columns[self.contents[0].step.id].x0  # the supplier and the margin left of the first step
        count = min(max(2, math.ceil((sum(widths) + extra) / max(limit - lead, 1.0))), len(units))
        counts = [*range(count, len(units) + 1), *(range(2, count) if split else ())]
        packed = [rows_of(list(range(len(units))), widths, n, extra, reach) for n in counts]
        # No row is narrower than the margin left of its first step and its steps' columns
        # (the last one's, with the customer right of them): rows that so cannot fit are
        # drawn only when none does.
        short = [lead + max(sum(widths[i] for i in row) + (extra if row is rows[-1] else 0.0) for row in rows)
                 <= limit for rows in packed]
        # A branch broken across rows is drawn whole in the row it leaves, so more rows are
        # not always narrower: when none is narrow enough, the narrowest of them all is kept.
        def laid_out(rows: list[list[int]]) -> Scene:
            return self.scene([[c for i in row for c in units[i]] for row in rows])

        for rows in (rows for rows, may in zip(packed, short) if may):
            scene = laid_out(rows)
            if scene.width <= limit:
                return scene
        if self.stacked:  # its rows no wider than their widest step and lanes: the most rows, or one tried
            most = packed[len(units) - count]
            return min((laid_out(rows) for rows, may in zip(packed, short) if may or rows is most),
                       key=lambda scene: scene.width)
        return min((laid_out(rows) for rows in packed), key=lambda scene: scene.width, default=one_row)

    def wrap(self, one_row: Scene, count: int, split: bool = False) -> Scene:
        """The map in ``count`` rows (fewer when its runs of steps are fewer) whose widest
        is as narrow as it can be; ``split``: every step a run of its own."""
        units, widths, extra = self.widths(one_row, split)
        reach = self.reach(one_row, units) if split else None
        return self.scene([[c for unit in row for c in unit] for row in rows_of(units, widths, count, extra, reach)])

    def reach(self, one_row: Scene, units: list[list[StepContent]]) -> Optional[list[float]]:
        """How far right of its column's left edge (pt) the lanes leaving each step reach in a
        row that ends before they join, as :meth:`wrap` with ``split`` draws them: their boxes
        as ``one_row`` lays them out, then the line on to the row's end and the name of the
        step it joins (:func:`~.branches.end_reach`). None without branches."""
        if not self.flow or not self.flow.branches:
            return None
        from .branches import end_reach

        cols, main = one_row.columns, self.flow.main
        names = {s.id: s.name for s in self.vsm.steps}
        if self.stacked:  # a channel in from the fork's column, the lane, its end and name
            from .branches import CHANNEL, branch_width

            far = {}
            for b in self.flow.branches:
                if b.fork is not None and b.join is not None:
                    x = CHANNEL + branch_width([self.lane_contents[s] for s in b.steps])
                    far[main[b.fork]] = max(far.get(main[b.fork], 0.0), x + 16)  # (its name under it)
            return [max([far.get(c.step.id, 0.0) for c in unit]) for unit in units] if far else None
        lanes: dict[str, float] = {}
        for e in one_row.elements:  # the right edge of each lane step, as one_row draws it
            kind, _, rest = e.id.partition(":")
            sid = rest.split("/", 1)[0]
            if kind in ("step", "queue") and sid in self.lane_contents:
                lanes[sid] = max(lanes.get(sid, e.box[2]), e.box[2])
        far: dict[str, float] = {}
        for b in self.flow.branches:
            if b.fork is None or b.join is None or not all(s in lanes for s in b.steps):
                continue
            fork = main[b.fork]
            x = max(lanes[s] for s in b.steps) + end_reach(names[main[b.join]], self.frame)
            far[fork] = max(far.get(fork, 0.0), x - cols[fork].x0)
        if not far:
            return None
        return [max([far.get(c.step.id, 0.0) for c in unit]) for unit in units]

    def widths(self, one_row: Scene, split: bool = False) -> tuple[list[list[StepContent]], list[float], float]:
        """The runs of steps a wrapped map keeps in one row (:meth:`units`; each step its own
        when they are one run, or ``split``), their widths in ``one_row``, and what the last
        row holds besides its steps (right of the last step: its customer and the margin;
        the totals go under the rows)."""
        cols = one_row.columns
        units = self.units()  # runs of steps that stay in one row (a branch spans them)
        if len(units) == 1 or split:  # every step in one run: break the branches, each named at its ends
            units = [[c] for c in self.contents]
        widths = [sum(cols[c.step.id].x1 - cols[c.step.id].x0 for c in unit) for unit in units]
        if self.stacked:  # not the room one row leaves between a fork and a join for the lanes
            from .branches import CHANNEL

            widths = [min(w, sum((c.queue_w if c.queue else SLOT_W) + c.box_w + 2 * (GAP + CHANNEL) for c in unit))
                      for w, unit in zip(widths, units)]
        last = cols[self.contents[-1].step.id].x1
        extra = one_row.width - last - one_row["totals/box"].box[2] + one_row["totals/box"].box[0] - 12
        return units, widths, extra

    def units(self) -> list[list[StepContent]]:
        """The steps of the rows in runs a wrapped map keeps together: one step each, but
        a branch's fork, join and the steps between them stay in one row."""
        keep = self.flow.unbreakable() if self.flow else set()
        units: list[list[StepContent]] = []
        for i, c in enumerate(self.contents):
            if units and i - 1 in keep:
                units[-1].append(c)
            else:
                units.append([c])
        return units

    def bands(self, rows: list[list[StepContent]]) -> list[Band]:
        """Which row's information band draws each flow: a flow to or from a step in the
        band over the row of that step (its target's when both ends are steps); other
        flows with the supplier (first row), else the customer (last row), else first. A
        flow with a step in a lane at an end names its other end at the row's edge when that
        is a step drawn in another row (:attr:`Band.elsewhere`)."""
        vsm = self.vsm
        row_of = {c.step.id: r for r, group in enumerate(rows) for c in group}
        in_lanes: set[str] = set()
        if self.flow:  # a step in a lane: the row that draws its lane
            for r, group in enumerate(rows):
                plan = self.flow.for_row({c.step.id for c in group}, r == 0, self.stacked)
                row_of.update({sid: r for b in plan.branches for sid in b.steps})
                in_lanes.update(sid for b in plan.branches for sid in b.steps)
        last = len(rows) - 1
        flows: list[list[tuple[int, InfoFlow]]] = [[] for _ in rows]
        # A step at the other end of a flow with a lane step, drawn in another row: named at
        # the row's edge, not drawn again as a party.
        elsewhere: list[set[str]] = [set() for _ in rows]
        # A flow from a party to itself (a `check` warning) would be an arrow of no length.
        drawn = [(k, f) for k, f in enumerate(vsm.info_flows, start=1) if f.source != f.target]
        for k, f in drawn:
            if f.target in row_of or f.source in row_of:
                r = row_of.get(f.target, row_of.get(f.source, 0))
            elif SUPPLIER in (f.source, f.target):
                r = 0
            elif CUSTOMER in (f.source, f.target):
                r = last
            else:
                r = 0
            flows[r].append((k, f))
            if {f.source, f.target} & in_lanes:
                elsewhere[r].update(e for e in (f.source, f.target) if row_of.get(e, r) != r)
        ends = {e for _, f in drawn for e in (f.source, f.target)}
        supplier = vsm.supplier or ("Supplier" if SUPPLIER in ends else None)
        customer = vsm.customer or ("Customer" if CUSTOMER in ends else None)
        return [Band(supplier if r == 0 else None, customer if r == last else None, tuple(flows[r]),
                     frozenset(elsewhere[r])) for r in range(len(rows))]

    def draw_row(self, group: list[StepContent], r: int, band: Band, last: bool) -> tuple[Canvas, list[Slot]]:
        """One row in its own coordinates (the process row's top-left at 0, 0)."""
        t, frame, sizes = self.t, self.frame, self.sizes
        cv = Canvas()
        slots = self.place(group, r)
        for slot in slots:
            if slot.kind == "queue":
                draw_queue(cv, t, slot, frame, slot.content.step.id == self.bottleneck_id,
                           moved=self.bottleneck_was is not None)
                draw_bottleneck_was(cv, t, slot.centre, frame, slot.content.step.id, self.bottleneck_was)
            elif slot.kind == "process":
                draw_process(cv, t, slot, sizes, frame)
        draw_push_arrows(cv, t, slots, frame)
        row_bottom = cv.box()[3]
        kaizen_top = row_bottom + self.clear
        bursts = [s for s in slots if s.kind == "process"]
        taken: list[tuple[float, float, float]] = []  # left, right, bottom of what is drawn below
        if self.flow:
            from .branches import draw_ends, draw_lanes, draw_rework, draw_routed, pack_lanes

            flow = self.flow.for_row({c.step.id for c in group}, r == 0, self.stacked)
            names = {s.id: s.name for s in self.vsm.steps}
            if self.poster:  # branches side by side where they reach past none of the others
                flow = pack_lanes(flow, self.lane_contents, slots, frame, names)
            main_bottom = row_bottom
            # Room under each box with a kaizen for its burst, before a lane under it.
            burst_room = {c.step.id: burst_size(c)[:2] for c in [*group, *self.lane_contents.values()]
                          if c.step.kaizen}
            row_bottom, placed, taken = draw_lanes(cv, t, flow, self.lane_contents, slots, sizes, frame,
                                                   row_bottom, names, burst_room)
            ids = {c.step.id for c in group}
            info_legs: dict[str, int] = {}  # the information flows down to each step of the row
            for _, f in band.flows:
                for end in {f.source, f.target} & ids:
                    info_legs[end] = info_legs.get(end, 0) + 1
            draw_rework(cv, t, flow, slots, frame, names, self.reworks, info_legs, band_empty=not band.flows)
            # The supplier's and customer's arrows first: a branch from the start leaves the one,
            # a branch to the end joins the other.
            # The lane steps' boxes, which flows of the information row reach from above.
            boxes = {e.id: e.box for e in cv.elements if e.role == "process-box"}
            lane_boxes = {}
            for sid, p in placed.items():
                x0, _, x1, y1 = boxes[f"step:{p.slot.content.slug}/box"]
                lane_boxes[sid] = (x0, p.top, x1, y1)
            draw_info_row(cv, t, self.vsm, slots, frame, band, self.bottleneck_informal, row=r,
                          lane_boxes=lane_boxes, lowered=self.poster)
            taken += draw_ends(cv, t, flow, placed, frame)
            taken += draw_routed(cv, t, flow, slots, placed, sizes, frame, main_bottom, names, self.reworks)
            bursts += [p.slot for p in placed.values()]
        # Each burst as close under its box as what is drawn around it allows: an ellipse
        # (its spikes' outline) clear of every box, text and line by BURST_CLEAR (the lanes
        # left room for it under its box).
        above = obstacles(cv.elements)
        ellipses: list[tuple[float, float, float, float]] = []  # the bursts: cx, cy, rx, ry
        own = {e.id.split(":", 1)[1][:-len("/box")]: e.box for e in cv.elements if e.role == "process-box"}
        for slot in sorted(bursts, key=lambda s: s.centre):
            if slot.content.step.kaizen:
                # On a poster, the text wrapped wider when the flatter burst ends higher.
                options = []
                for wide in (0.0, self.wide_burst * slot.content.box_w) if self.wide_burst else (0.0,):
                    width, height, _ = burst_size(slot.content, wide)
                    rx, ry = width / 2, height / 2
                    # A row that goes on in the next: its last burst inside the row, clear of the
                    # flow down its right edge (thirty steps on A0: 14 pt past it, 36 at 900 px),
                    # still under its own box.
                    centre = slot.centre if last else max(min(slot.centre, slots[-1].right - rx),
                                                            slot.centre - slot.content.box_w / 2)
                    cx, cy = burst_place(above, own[slot.content.slug], list(own.values()), centre, rx, ry)
                    options.append((cy + ry, abs(cx - slot.centre), wide, cx, cy, rx, ry))
                    # A phone's row: a burst wider than its box reaches no further right than
                    # the box, when it stands as high there (the row's right edge is its width).
                    inward = own[slot.content.slug][2] + 6 - rx
                    if self.frame.narrow and inward < slot.centre:
                        cx, cy = burst_place(above, own[slot.content.slug], list(own.values()), inward, rx, ry)
                        options.append((cy + ry, -1.0, wide, cx, cy, rx, ry))
                _, _, wide, cx, cy, rx, ry = min(options)
                draw_kaizen(cv, t, slot, cy - ry, wide, cx)
                ellipses.append((cx, cy, rx, ry))
                above.append(((cx - rx, cy - ry, cx + rx, cy + ry), True))
        # The ladder under everything else, its rungs and risers clear of the bursts' outlines
        # (a burst may reach down between the risers of its column).
        ladder_top = max([kaizen_top, *(b + self.clear for _, _, b in taken)])
        if ellipses:
            probe = Canvas()
            draw_ladder(probe, t, self.vsm, slots, 0.0, self.bottleneck_id, self.rise)
            for e in ellipses:
                for p in probe.elements:
                    ladder_top = max(ladder_top, ladder_under(e, p.box, solid(p)))
        if last and r == 0:  # the totals, beside the ladder and taller than it, clear of a burst over them
            overhang = totals_height(totals_rows(self.m, self.was)) / 2 - ladder_middle(self.rise)
            row_right = slots[-1].right
            bursts_drawn = [e.box for e in cv.elements if e.role == "kaizen-burst"]
            for burst in bursts_drawn:  # (touching by a point is not overlapping)
                if burst[2] > row_right + 12 and burst[3] - 1 > ladder_top - overhang:
                    ladder_top = burst[3] + overhang
        if not self.flow:
            draw_info_row(cv, t, self.vsm, slots, frame, band, self.bottleneck_informal, row=r,
                          lowered=self.poster)
        up, low, bottom = draw_ladder(cv, t, self.vsm, slots, ladder_top, self.bottleneck_id, self.rise)
        if last and r == 0:  # one row: the totals at the ladder's right end
            row_right = slots[-1].right
            bottom = max(bottom, draw_totals(cv, t, self.vsm, self.m, row_right + 12, (up + low) / 2,
                                             was=self.was))
        elif last:  # rows: under the last one, so it takes no width of its own
            row_right = slots[-1].right
            bottom = draw_totals(cv, t, self.vsm, self.m, slots[0].left, bottom + 12, below=True, was=self.was)
        if last and self.ladder == "proportional":  # one row or several: under the last
            draw_to_scale(cv, t, self.vsm, self.m, slots[0].left, slots[-1].right, bottom + 14)
        return cv, slots

    def place(self, group: list[StepContent], r: int) -> list[Slot]:
        """The row's columns, with room beside the steps where branches leave and join, wide
        enough for each branch's lane between them."""
        if not self.flow:
            return place_steps(group, row=r)
        from .branches import CHANNEL, FLOW_CHANNEL, branch_lefts, branch_width

        flow = self.flow.for_row({c.step.id for c in group}, r == 0, self.stacked)
        forks, joins = flow.channels()
        after = {sid: CHANNEL for sid in forks}
        # An information flow to or from a step in a lane comes down the process row beside
        # the lane's join: a channel of its own there, so that it crosses the material flow
        # clear of the join's line (lab map: 16 pt from it, the two read as one line).
        ends = [end for f in self.vsm.info_flows if f.source != f.target for end in (f.source, f.target)]
        extra: dict[str, float] = {}
        for b in flow.branches:
            count = sum(end in b.steps for end in ends)
            if b.join is not None and count:
                join = flow.main[b.join]
                extra[join] = extra.get(join, 0.0) + FLOW_CHANNEL + 16.0 * (count - 1)
        before = {sid: CHANNEL + extra.get(sid, 0.0) for sid in joins}
        if flow.stacked:  # the lanes stand under the steps, not between them
            return place_steps(group, row=r, before=before, after=after)
        for _ in range(len(flow.branches) + 2):  # a wider join moves what comes after it: settle
            slots = place_steps(group, row=r, before=before, after=after)
            first = {s.content.step.id: s for s in reversed(slots)}
            grown = False
            for b, left in zip(flow.branches, branch_lefts(flow, self.lane_contents, slots)):
                if b.join is None or flow.main[b.join] not in first:
                    continue  # ends the stream, or joins a later row
                join = flow.main[b.join]
                need = branch_width([self.lane_contents[s] for s in b.steps])
                room = first[join].left + before[join] - extra.get(join, 0.0) - CHANNEL - left
                if need > room + 0.01:
                    before[join] += need - room
                    grown = True
            if not grown:
                return slots
        return place_steps(group, row=r, before=before, after=after)

    def scene(self, rows: list[list[StepContent]]) -> Scene:
        """The map laid out with ``rows`` (consecutive groups of steps), top to bottom; each
        such layout once (:meth:`fit` and :meth:`wrap` may ask for the same rows again)."""
        key = (self.stacked, *(tuple(c.step.id for c in group) for group in rows))
        if key not in self.laid_out:
            self.laid_out[key] = self.draw(rows)
        return self.laid_out[key]

    def draw(self, rows: list[list[StepContent]]) -> Scene:
        self.frame = base = self.one_row_frame
        if self.stacked:  # a branch's name at a row's end wraps, as on a poster; labels keep in
            self.frame = base = replace(base, name_w=base.name_w or POSTER_NAME_W, narrow=True)
        if self.flow and len(rows) > 1:  # room over the rows for the most loops one row has
            per_row = [self.flow.for_row({c.step.id for c in group}, r == 0, self.stacked) for r, group in enumerate(rows)]
            rework_h = max(plan.rework_height for plan in per_row)
            if rework_h > base.rework_h:
                self.frame = replace(base, badge_h=base.badge_h - base.rework_h + rework_h, rework_h=rework_h)
        cv = Canvas()
        columns: dict[str, Column] = {}
        placed: list[tuple[float, list[Slot], Row, tuple[float, float]]] = []
        y = 0.0
        full = self.frame
        # A row without the bottleneck (of several) has no room for its badge over the queues.
        # (nor for a what-if's ghost of the badge the bottleneck had before the change).
        badged = {self.bottleneck_id, bottleneck_was(self.m, self.was)} - {None}
        spare = (replace(full, badge_h=full.rework_h) if len(rows) > 1 and badged
                 and not badged & set(self.lane_contents) else full)
        for r, (group, band) in enumerate(zip(rows, self.bands(rows))):
            self.frame = full if any(c.step.id in badged for c in group) else spare
            rc, slots = self.draw_row(group, r, band, r == len(rows) - 1)
            if self.poster and any(e.role == "kaizen-burst" for e in rc.elements):
                # its kaizen bursts flatter, when that makes the row shorter and no wider
                self.wide_burst = POSTER_BURST
                flat, flat_slots = self.draw_row(group, r, band, r == len(rows) - 1)
                self.wide_burst = 0.0
                (a0, b0, a1, b1), (f0, g0, f1, g1) = rc.box(), flat.box()
                if g1 - g0 < b1 - b0 - 0.5 and f0 >= a0 and f1 <= a1:
                    rc, slots = flat, flat_slots
            self.frame = full
            x0, y0, x1, y1 = rc.box()
            dy = y - y0  # the row's local y = 0 (its process row's top) lands at dy
            cv.place(rc, 0.0, dy)
            placed.append((dy, slots, Row(r, y, y + y1 - y0), (x0, x1)))
            for slot in slots:
                col = columns.get(slot.content.step.id)
                columns[slot.content.step.id] = Column(slot.content.step.id, col.x0 if col else slot.left,
                                                       slot.right, r, slot.content.step.name,
                                                       slot.content.slug)
            y += y1 - y0 + self.row_gap
        for (dy, slots, row, (_, right)), (next_dy, next_slots, _, (left, _)) in zip(placed, placed[1:]):
            self.continue_flow(cv, (dy, slots, row, right), (next_dy, next_slots, left))
        x0, top, x1, bottom = cv.box()
        if self.legend:  # imported here: a render without a legend skips 1.2 M instructions
            from .legend import draw_legend

            draw_legend(cv, self.t, x0, bottom + 16, max(x1 - x0, 300.0))
        draw_caption(cv, self.vsm, self.t, x0, top - 12, max(x1 - x0, CAPTION_MIN), self.was)
        desc = describe(self.vsm, self.m)
        if self.was and self.was.words:
            desc += " " + " ".join(self.was.words)
        return cv.freeze(columns=columns, rows=tuple(row for _, _, row, _ in placed), paper=self.t.paper,
                         title=title_line(self.vsm), desc=desc, theme=self.theme)

    def continue_flow(self, cv: Canvas, this: tuple[float, list[Slot], Row, float],
                      after: tuple[float, list[Slot], float]) -> None:
        """The flow from the end of one row to the start of the next: out of the last box to
        the right, down past everything the row draws, back to the left of everything the
        next row draws and into its first step. ``this``: the row's offset, columns, extent
        and right edge; ``after``: the next row's offset, columns and left edge."""
        frame = self.frame
        dy, slots, row, right = this
        next_dy, next_slots, left_edge = after
        last = [s for s in slots if s.kind != "fork"][-1]  # not the room a branch leaves by
        first = [s for s in next_slots if s.kind != "join"][0]
        start = last.centre + last.content.box_w / 2
        turn = right + 8
        back = row.y1 + self.row_gap / 2
        left = left_edge - 8
        if first.kind == "queue":
            end, y = queue_entry(first, frame)
            y += next_dy
        else:
            y, end = next_dy + frame.push_dy, first.centre - first.content.box_w / 2 - 1
        cv.line(f"continue:{first.content.slug}", "row-continuation",
                [(start, dy + frame.push_dy), (turn, dy + frame.push_dy), (turn, back), (left, back), (left, y),
                 (end, y)], self.t.ink, width=CONTINUE_W, arrow=1.0)


def draw_caption(cv: Canvas, vsm: ValueStreamMap, t: Theme, left: float, bottom: float, width: float,
                 was: Optional[Was] = None) -> None:
    """Title, state and date, and the map's boundaries, above everything, flush left; for a
    what-if, the changes in words and what the change mark means."""
    ink = t.ink
    changes = wrap(" ".join(was.words), width, LADDER_PT, bold=True) if was and was.words else []
    key = wrap(CHANGE_KEY, width - MARK_W - 4, LADDER_PT) if was else []
    title = wrap(vsm.title, width, TITLE_PT, bold=True)
    sub = " · ".join(x for x in (state_words(vsm), vsm.date.isoformat() if vsm.date else "") if x)
    b = vsm.boundaries
    scope = wrap(f"From: {b.start or '…'}  →  To: {b.end or '…'}", width, LADDER_PT) if b.start or b.end else []
    measured = wrap(measured_caption(vsm), width, LADDER_PT) if vsm.measured else []
    height = len(title) * line_height(TITLE_PT) + 4
    height += (line_height(LADDER_PT) + 4 if sub else 0) + (len(scope) * line_height(LADDER_PT) + 4 if scope else 0)
    height += len(measured) * line_height(LADDER_PT) + 4 if measured else 0
    height += (len(changes) + len(key)) * line_height(LADDER_PT) + 8 if key else 0
    y = bottom - height
    cv.text("caption/title", "title", left, y, title, TITLE_PT, ink, anchor="start", bold=True)
    y += len(title) * line_height(TITLE_PT) + 4
    if sub:
        cv.text("caption/state", "state", left, y, [sub], LADDER_PT, ink, anchor="start")
        y += line_height(LADDER_PT) + 4
    cv.text("caption/scope", "boundaries", left, y, scope, LADDER_PT, ink, anchor="start", italic=True)
    y += len(scope) * line_height(LADDER_PT) + 4 if scope else 0
    if measured:  # what a measured map was measured from
        cv.text("caption/measured", "measured", left, y, measured, LADDER_PT, ink, anchor="start")
        y += len(measured) * line_height(LADDER_PT) + 4
    if key:  # the what-if: its changes, then what the mark means, beside a mark
        y += 4
        cv.text("caption/whatif", "whatif-changes", left, y, changes, LADDER_PT, ink, anchor="start", bold=True)
        y += len(changes) * line_height(LADDER_PT)
        draw_mark(cv, t, "caption/whatif-mark", left + MARK_W / 2, y + line_height(LADDER_PT) / 2)
        cv.text("caption/whatif-key", "whatif-key", left + MARK_W + 4, y, key, LADDER_PT, ink, anchor="start")
