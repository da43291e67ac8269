"""The information row: supplier and customer factories, other parties, information flows.

Flows that touch a step run in horizontal lanes between the information row and the
process row, ordered to cross each other's legs as little as possible; flows between
members of the information row run side to side, or over the top when something
stands between them.
"""
from __future__ import annotations

import itertools
import math
from dataclasses import replace
from typing import Optional, Sequence

from ..frozen import frozen
from ..model import CUSTOMER, SUPPLIER, InfoFlow, ValueStreamMap
from ..shapes import Point, factory, lightning, truck, unit_normal
from ..textwidth import line_height, text_width, wrap
from ..themes import Theme
from .canvas import Canvas
from .marks import eyeglasses, hopped
from .measure import DATA_PT, GAP, SMALL_PT, id_slug
from .route import CLEAR, DOWN, LEFT, RIGHT, corners, crossings, route
from .scene import Line, Text
from .steps import RowFrame, Slot, queue_entry

__all__ = ["Band", "Lanes", "count_lanes", "draw_info_row", "FACTORY_ROOF"]

FACTORY_ROOF = 18.0     # height of the factory icon's saw-tooth roof
#: Room under a factory that stands lower than its band, over what is drawn under it.
FACTORY_CLEAR = 14.0
#: At most this many passes of lane swaps (many information flows would take long).
_LANE_PASSES = 6
_LABEL_W = 170.0
#: Between two parties of the information row that a flow joins side by side: room for its
#: arrow with its bolt or eyeglasses, and for its label (at least 60 pt wide) over the gap.
SIDE_ROOM = 68.0
#: The least room between two flows that share a track, end to end (their ports and labels).
TRACK_GAP = 24.0
#: The least room over the top track of flows to and from steps, under the parties they
#: come from (their legs and arrowheads).
TOP_ROOM = 16.0
#: Room a flow's leg down to a step keeps from a text (twice that from another line down).
_LEG_CLEAR = 4.0
#: Half the width of a flow's mark (the glasses; the bolt is narrower), and a little room.
_MARK_HALF = 16.0
#: Room a line down to a step in a lane keeps from a branch's line up into the push arrow.
_JOIN_CLEAR = 24.0
#: Room a flow's label keeps from the lane over it where the label reaches past its own
#: line's ends (over its line it stands 3 pt above that line); and 9 pt more than from its own.
_OVERHANG_CLEAR = 12.0


@frozen
class Lanes:
    """How many lanes the flows to and from steps need, and how far apart."""

    count: int
    spacing: float


@frozen
class Band:
    """What the information band above one row shows: the supplier (first row), the
    customer (last row) and the flows numbered ``k`` (1-based, in map order) drawn here."""

    supplier: Optional[str]
    customer: Optional[str]
    flows: tuple[tuple[int, InfoFlow], ...]
    #: Steps drawn in another row of a wrapped map that a flow here runs to or from (one
    #: with a step in a lane at an end): the flow ends at the row's left edge, named
    #: ("from Frontend build", "to Release"), as a branch or rework loop across rows does.
    elsewhere: frozenset[str] = frozenset()


def count_lanes(band: Band, steps: set[str]) -> Lanes:
    """The lanes of the flows that touch one of ``steps``, and the spacing their labels need."""
    flows = [f for _, f in band.flows if f.source in steps or f.target in steps]
    label_h = max((len(wrap(f.label, _LABEL_W, SMALL_PT)) * line_height(SMALL_PT) for f in flows if f.label),
                  default=0.0)
    zigzag = 8.0 if any(f.kind == "electronic" for f in flows) else 0.0
    return Lanes(len(flows), max(18.0, label_h + 10 + zigzag))


def _length(path: Sequence[Point]) -> float:
    """A line's length, each bend counted as 40 points more."""
    return sum(abs(q[0] - p[0]) + abs(q[1] - p[1]) for p, q in zip(path, path[1:])) + 40.0 * (len(path) - 2)


def _label_lines(text: str, width: float) -> list[str]:
    """A flow label's lines wrapped to ``width``, but never breaking a word (up to
    _LABEL_W wide): as drawn, and so as measured where it is placed."""
    widest_word = max(text_width(word, SMALL_PT) for word in text.split())
    return wrap(text, max(width, min(widest_word, _LABEL_W)), SMALL_PT)


def _label_place(text: str, a: Point, b: Point, zigzag: bool, below: bool, width: float,
                 at: float) -> tuple[list[str], tuple[float, float, float, float]]:
    """A flow label's lines and where :meth:`_InfoRow.flow_label` puts them: the centre,
    the text's width and the height."""
    lines = _label_lines(text, width)
    w = max(text_width(line, SMALL_PT) for line in lines) + 6
    h = len(lines) * line_height(SMALL_PT) + 2
    nx, ny = unit_normal(a, b) if a != b else (0.0, -1.0)
    if below:
        nx, ny = -nx, -ny
    offset = abs(nx) * w / 2 + abs(ny) * h / 2 + (9 if a[1] != b[1] else 3) + (10 if zigzag else 0)
    mx = a[0] + (b[0] - a[0]) * at + nx * offset
    my = a[1] + (b[1] - a[1]) * at + ny * offset
    return lines, (mx, my, w - 6, h)


#: Room (pt) a lowered band keeps from what stands over the process row (the bottleneck badge,
#: the rework loops and their rates).
_LOWERED_CLEAR = 4.0
#: Room (pt) a lowered band's factory or party box keeps from a line standing there: nearer
#: (lanes-rework in two rows: the Homeowner's corner 5 pt from a loop's, its rate beside the
#: factory) the two read as one figure.
_LOWERED_SHAPE_CLEAR = 10.0


def _near(a: tuple[float, float, float, float], b: tuple[float, float, float, float], gap: float) -> bool:
    return a[0] < b[2] + gap and b[0] < a[2] + gap and a[1] < b[3] + gap and b[1] < a[3] + gap


def _pieces(e) -> list[tuple[tuple[float, float, float, float], bool]]:
    """What ``e`` covers, as boxes: each stretch of an open line (and whether it is vertical),
    else its box."""
    if isinstance(e, Line) and not e.closed and len(e.points) > 1:
        return [((min(p[0], q[0]), min(p[1], q[1]), max(p[0], q[0]), max(p[1], q[1])), abs(p[0] - q[0]) < 0.5)
                for p, q in zip(e.points, e.points[1:])]
    return [(e.box, False)]


def _clashes(new: Sequence, over: Sequence) -> bool:
    """Whether a band drawn lower (``new``: its elements) comes near what stands over the
    process row (``over``). A vertical line of the band may cross a line there (its leg down
    to a box crosses a loop's track as it does over them), not run along one or through a
    text or a box, and no line of the band crosses a line down there; a factory or a party's
    box keeps :data:`_LOWERED_SHAPE_CLEAR` from a line."""
    standing = [(box, vertical, isinstance(e, Line) and not e.closed) for e in over for box, vertical in _pieces(e)]
    for e in new:
        shape = e.role in ("factory", "party")
        for box, vertical in _pieces(e):
            for other, other_vertical, other_line in standing:
                if not _near(box, other, _LOWERED_SHAPE_CLEAR if shape and other_line else _LOWERED_CLEAR):
                    continue
                crossing = (other_line and vertical and not other_vertical
                            and other[0] - _LOWERED_CLEAR < box[0] and box[2] < other[2] + _LOWERED_CLEAR)
                if not crossing:
                    return True
    return False


def draw_info_row(cv: Canvas, t: Theme, vsm: ValueStreamMap, slots: list[Slot], frame: RowFrame, band: Band,
                  bottleneck_informal: bool, row: int = 0,
                  lane_boxes: Optional[dict[str, tuple[float, float, float, float]]] = None,
                  lowered: bool = False) -> list[tuple[float, float]]:
    """Draws the band above one row; returns the (centre x, width) of the factory icons drawn.
    ``lane_boxes``: the process boxes (x0, top, x1, bottom) of the row's steps in lanes under
    it, which flows reach by a line routed down round the process row. ``lowered`` (a
    poster's rows): the band as low over the process row as keeps it clear of what stands
    there (:func:`_clashes`): with no room for the bottleneck badge or the rework loops
    when it passes none of them, else room for the loops alone, else for both.

    Flows whose spans do not overlap share a track, so the band is drawn on a copy until
    the number of tracks it reserves is the number its flows take (once or twice)."""
    if lowered and frame.badge_h > 0:
        over = [e for e in cv.elements if e.box[1] < -0.5]  # what stands over the process row
        for room in sorted({0.0, frame.rework_h}):
            if room >= frame.badge_h:
                break
            probe = cv.copy()
            icons = _draw_band(probe, t, vsm, slots, replace(frame, badge_h=room), band, bottleneck_informal, row,
                               lane_boxes)
            if not _clashes(probe.elements[len(cv.elements):], over):
                for e in probe.elements[len(cv.elements):]:
                    cv.add(e)
                return icons
    return _draw_band(cv, t, vsm, slots, frame, band, bottleneck_informal, row, lane_boxes)


def _draw_band(cv: Canvas, t: Theme, vsm: ValueStreamMap, slots: list[Slot], frame: RowFrame, band: Band,
               bottleneck_informal: bool, row: int = 0,
               lane_boxes: Optional[dict[str, tuple[float, float, float, float]]] = None
               ) -> list[tuple[float, float]]:
    tracks: Optional[int] = None
    room: Optional[float] = None
    spacing: Optional[float] = None
    for _ in range(5):
        probe = cv.copy()
        info = _InfoRow(probe, t, vsm, slots, frame, band, row, tracks, room, lane_boxes or {}, spacing)
        info.draw(bottleneck_informal)
        if (info.tracks_used == tracks and room is not None and info.room_needed <= room + 0.01
                and info.spacing_needed <= info.lanes.spacing + 0.01):
            break
        tracks, room = info.tracks_used, max(info.room_needed, room or 0.0)
        if info.spacing_needed > info.lanes.spacing + 0.01:  # a label reached the lane over it
            spacing = info.spacing_needed
    for e in probe.elements[len(cv.elements):]:
        cv.add(e)
    return info.icons


def _leg_mark_at(p: Point, q: Point, rails: Sequence[tuple[float, float, float]]) -> float:
    """Where along the vertical ``p -> q`` a flow's mark goes: at 0.35, or the nearest share
    to that where no lane of ``rails`` (y, left, right) that crosses the line, hopping over
    it, runs through the mark (lane-flows with its lanes apart: a lane's hop met the bolt)."""
    crossing = [ry for ry, r0, r1 in rails if r0 < p[0] < r1 and min(p[1], q[1]) < ry < max(p[1], q[1])]
    length = abs(q[1] - p[1])
    for at in sorted((0.35 + d / 40.0 for d in range(-10, 19)), key=lambda v: (abs(v - 0.35), v)):
        y = p[1] + (q[1] - p[1]) * at
        if all(abs(y - ry) > 16 for ry in crossing) and min(at, 1 - at) * length > 14:
            return at
    return 0.35


def _mark_box(kind: str, zigzag: Sequence[Point], where: Point) -> tuple[float, float, float, float]:
    """The box of a flow's mark: its lightning bolt, or the glasses (two lenses of radius 5,
    3 apart, and temples) centred on ``where``."""
    if zigzag:
        return (min(x for x, _ in zigzag), min(y for _, y in zigzag), max(x for x, _ in zigzag),
                max(y for _, y in zigzag))
    return (where[0] - 16, where[1] - 9, where[0] + 16, where[1] + 5)


class _InfoRow:
    def __init__(self, cv: Canvas, t: Theme, vsm: ValueStreamMap, slots: list[Slot], frame: RowFrame,
                 band: Band, row: int, tracks: Optional[int] = None, room: Optional[float] = None,
                 lane_boxes: Optional[dict[str, tuple[float, float, float, float]]] = None,
                 spacing: Optional[float] = None):
        self.cv, self.t, self.vsm, self.slots, self.frame, self.band = cv, t, vsm, slots, frame, band
        # The steps flows reach from above: the process row's, and those in lanes under it.
        self.lane_boxes = lane_boxes or {}
        self.steps = {s.content.step.id for s in slots} | set(self.lane_boxes)
        self.lanes = count_lanes(band, self.steps)
        if tracks is not None:  # flows side by side share a track: fewer than flows
            self.lanes = Lanes(tracks, self.lanes.spacing)
        if spacing is not None:  # wider apart: a label wrapped narrow is taller than planned
            self.lanes = Lanes(self.lanes.count, max(spacing, self.lanes.spacing))
        self.spacing_needed = 0.0
        self.suffix = f"@{row + 1}" if row else ""  # a party drawn again above a later row
        # Over the top track: the labels that stand over it, and a short leg up to the parties.
        self.room = self.lanes.spacing + 20 if room is None else room
        self.tracks_used, self.room_needed = 0, TOP_ROOM
        self.top_track = -(frame.badge_h + 14 + self.lanes.spacing * max(self.lanes.count - 1, 0))
        lanes_h = self.lanes.spacing * (self.lanes.count - 1) + self.room if self.lanes.count else 0.0
        self.bottom = -(frame.badge_h + 14 + lanes_h)
        # name -> (x, y of the side facing the lanes)
        self.anchors: dict[str, tuple[float, float]] = {}
        # members of the information row -> (half width, top, bottom, is a factory)
        self.members: dict[str, tuple[float, float, float, bool]] = {}
        self.side_top: dict[str, float] = {}  # where a member's straight side begins
        self.icons: list[tuple[float, float]] = []
        # (k, kind, points, zigzag, mark centre) of each flow, drawn once all are known
        self.pending: list[tuple[int, str, list[Point], list[Point], Point]] = []
        self.material_legs: list[tuple[float, float]] = []  # (x, top) of the factories' arrows
        # What hangs under the supplier's and customer's factories (data box, truck, delivery)
        self.hanging: list[tuple[float, float, float, float]] = []

    def party_name(self, end: str) -> str:
        """What a flow's end that is no step of this row and no factory here is called."""
        names = {s.id: s.name for s in self.vsm.steps}
        if end == SUPPLIER:
            return self.vsm.supplier or "Supplier"
        if end == CUSTOMER:
            return self.vsm.customer or "Customer"
        return names.get(end, end)

    def draw(self, bottleneck_informal: bool) -> None:
        t, frame, band = self.t, self.frame, self.band
        drawn = {key for key, label in ((SUPPLIER, band.supplier), (CUSTOMER, band.customer)) if label}
        parties: list[str] = []
        for _, f in band.flows:
            for end in (f.source, f.target):
                if (end not in self.steps and end not in drawn and end not in parties
                        and end not in band.elsewhere):
                    parties.append(end)
        bottom = self.bottom
        # The steps' own columns, not the room where branches leave and join beside them.
        own = [s for s in self.slots if s.kind not in ("fork", "join")]
        first, last = own[0], own[-1]
        # Both factories on one level: the lower of the two only as low as the other can go.
        low = bottom
        if band.supplier or band.customer:
            lows = []
            if band.supplier:
                icon_w = self.draw_factory(SUPPLIER, band.supplier, 0.0, bottom, measure_only=True)
                lows.append(self.low_bottom(SUPPLIER, self.supplier_x(first, icon_w, bottleneck_informal)[0],
                                            icon_w))
            if band.customer:
                icon_w = self.draw_factory(CUSTOMER, band.customer, 0.0, bottom, measure_only=True)
                lows.append(self.low_bottom(CUSTOMER, self.customer_x(last, icon_w)[0], icon_w))
            low = min(lows)
        if band.supplier:
            icon_w = self.draw_factory(SUPPLIER, band.supplier, 0.0, bottom, measure_only=True)
            x, end, y = self.supplier_x(first, icon_w, bottleneck_informal)
            x = self.clear_leg(x, low, y)
            self.draw_factory(SUPPLIER, band.supplier, x, low)
            self.cv.line("supplier/material", "material-arrow", [(x, low), (x, y), (end, y)], t.ink,
                         width=2.2, arrow=1.0)
            self.material_legs.append((x, low))
        if band.customer:
            icon_w = self.draw_factory(CUSTOMER, band.customer, 0.0, bottom, measure_only=True)
            x, start = self.customer_x(last, icon_w)
            self.draw_factory(CUSTOMER, band.customer, x, low)
            self.cv.line("customer/material", "material-arrow",
                         [(start, frame.push_dy), (x, frame.push_dy), (x, low + 1)], t.ink, width=2.2, arrow=1.0)
            self.material_legs.append((x, low))
        # Parties sit over queue columns, so their lines never run along a step's.
        between = [s.centre for s in self.slots if s.kind != "process"] or [s.centre for s in self.slots]
        span_l, span_r = first.left, last.right
        # spans the row holds already, and whose: the factories so far
        taken = [(self.anchors[key][0] - half, self.anchors[key][0] + half, key)
                 for key, (half, _, _, _) in self.members.items()]
        # pairs of members a flow joins without touching a step: side by side, they need room
        joined = {frozenset((f.source, f.target)) for _, f in band.flows
                  if f.source not in self.steps and f.target not in self.steps}
        used: set[str] = set()
        # A phone's row (stacked lanes) is a step or two wide: the boxes' names wrap as a
        # branch's name at a row's end does, and a box may stand anywhere over the row, not
        # only over a queue, rather than right of everything (the row, and so the map, wider).
        party_w = frame.name_w if frame.narrow else 120
        for k, party in enumerate(parties):
            ideal = span_l + (k + 1) * (span_r - span_l) / (len(parties) + 1)
            lines = wrap(self.party_name(party), party_w, DATA_PT, bold=True)
            h = len(lines) * line_height(DATA_PT) + 14
            w = math.ceil(max(text_width(line, DATA_PT, bold=True) for line in lines)) + 16

            def room(key: str, least: float) -> float:
                return SIDE_ROOM if frozenset((party, key)) in joined else least

            spots = between
            if frame.narrow:
                spots = [*between, *(span_l + w / 2 + 4 * i for i in range(int(max(span_r - span_l - w, 0) / 4) + 1))]
            free = [c for c in spots
                    if all(c + w / 2 + room(key, 8) <= a or c - w / 2 - room(key, 8) >= b for a, b, key in taken)]
            x = (min(free, key=lambda c: abs(c - ideal)) if free
                 else max(b + room(key, 12) for _, b, key in taken) + w / 2)
            taken.append((x - w / 2, x + w / 2, party))
            pid = slug = f"party:{id_slug(party, 'party')}{self.suffix}"
            n = 2
            while pid in used:
                pid, n = f"{slug}-{n}", n + 1
            used.add(pid)
            self.cv.rect(f"{pid}/box", "party", x - w / 2 + 1, bottom - h + 1, x + w / 2 - 1, bottom - 1,
                         fill=t.paper, stroke=t.ink, width=2.0)
            self.cv.text(f"{pid}/name", "party-name", x, bottom - h / 2 - len(lines) * line_height(DATA_PT) / 2,
                         lines, DATA_PT, t.ink, bold=True)
            self.anchors[party] = (x, bottom)
            self.members[party] = (w / 2, bottom - h, bottom, False)
            self.side_top[party] = bottom - h
        # A step in another row: its flows run level from the row's left edge, where it is named
        # (left of the supplier's arrow down into the row, so the name stands clear of it).
        edge = min([first.left, *(x - 12 for x, _ in self.material_legs if x < first.left + GAP)])
        for end in sorted(band.elsewhere):
            self.anchors[end] = (edge, bottom)
        steps = self.steps
        lane_flows = [(k, f) for k, f in band.flows if f.source in steps or f.target in steps]
        legs_at: dict[str, int] = {}
        for _, f in lane_flows:
            for end in (f.source, f.target):
                legs_at[end] = legs_at.get(end, 0) + 1
        # What stands between the lanes and the boxes: the same for every step's legs.
        in_the_way = self.leg_obstacles() if legs_at else ([], [])
        for s in self.slots:
            if s.kind == "process":
                sid = s.content.step.id
                self.anchors[sid] = (self.clear_x(s, legs_at.get(sid, 0), *in_the_way), 0.0)
        for sid, box in self.lane_boxes.items():
            if sid in legs_at:  # where a line down to it best leaves the lanes
                self.anchors[sid] = (self.route_down(box, (box[0] + box[2]) / 2, [])[0][0], self.drop_y)
        lanes = self.tracks([f for _, f in lane_flows], self.order_lanes([f for _, f in lane_flows], steps))
        self.tracks_used = max(lanes, default=-1) + 1
        ports = self.lane_ports([f for _, f in lane_flows], lanes, steps)
        # The lines down to steps in lanes, each from as near its port as lets it through;
        # those to one step in the order that crosses the fewest, then is the shortest.
        tails: dict[tuple[int, int], list[Point]] = {}
        wanted: dict[str, list[tuple[int, int]]] = {}
        for n, (_, f) in enumerate(lane_flows):
            for e, end in enumerate((f.source, f.target)):
                if end in self.lane_boxes:
                    wanted.setdefault(end, []).append((n, e))
        for sid, items in wanted.items():
            best: Optional[tuple[tuple[int, float], dict[tuple[int, int], list[Point]]]] = None
            for order in itertools.permutations(items) if len(items) <= 3 else [tuple(items)]:
                got: dict[tuple[int, int], list[Point]] = {}
                for item in order:
                    got[item] = self.route_down(self.lane_boxes[sid], ports[item][0],
                                                [*tails.values(), *got.values()])
                score = (crossings(list(got.values())), sum(_length(tail) for tail in got.values()))
                if best is None or score < best[0]:
                    best = (score, got)
            assert best is not None
            tails.update(best[1])
        for item, tail in tails.items():
            ports[item] = tail[0]
        lane_y = [-frame.badge_h - 14 - self.lanes.spacing * lane for lane in lanes]
        far = {(n, e) for n, (_, f) in enumerate(lane_flows) for e, end in enumerate((f.source, f.target))
               if end in band.elsewhere}
        for n, e in sorted(far):  # level with its lane: no leg up
            ports[(n, e)] = (ports[(n, e)][0], lane_y[n])
        # Every vertical line below the information row, so labels can keep clear of them.
        def leg_x(n: int, e: int) -> float:
            # a flow whose ends stand less than 40 pt apart is one vertical line between them
            # (:meth:`lane_flow`): the others' marks keep clear of that line, not of its ports
            # (lane-flows on a phone: a bolt drawn on "Weekly priorities'" line, 9 pt off a port)
            (xa, _), (xb, _) = ports[(n, 0)], ports[(n, 1)]
            single = abs(xa - xb) < 40 and (n, 0) not in tails and (n, 1) not in tails
            return (xa + xb) / 2 if single else ports[(n, e)][0]

        legs = [(leg_x(n, e), ports[(n, e)][1], lane_y[n]) for n in range(len(lane_flows)) for e in (0, 1)
                if (n, e) not in far]
        legs += [(x, bottom, frame.push_dy) for x, _ in self.icons]
        # and the lines on down to steps in lanes (on a phone's row, close beside the others:
        # lane-flows' "Weekly priorities" stood across two of them)
        legs += [(p[0], p[1], q[1]) for tail in tails.values() for p, q in zip(tail, tail[1:])
                 if abs(p[0] - q[0]) < 0.5]
        # Each flow's stretch along its lane, which the labels of the lanes under it keep clear of.
        rails = [(lane_y[n], min(ports[(n, 0)][0], ports[(n, 1)][0]), max(ports[(n, 0)][0], ports[(n, 1)][0]))
                 for n in range(len(lane_flows))]
        # The rework loops over the process row, drawn already: the labels keep clear of them too.
        loops = [(p, q) for e in self.cv.elements if e.role == "rework-arrow" for p, q in zip(e.points, e.points[1:])]
        legs += [(p[0], p[1], q[1]) for p, q in loops if abs(p[0] - q[0]) < 0.5]
        loop_rails = [(p[1], min(p[0], q[0]), max(p[0], q[0])) for p, q in loops if abs(p[1] - q[1]) < 0.5]
        for n, (k, flow) in enumerate(lane_flows):
            self.lane_flow(k, flow, ports[(n, 0)], ports[(n, 1)], lane_y[n], legs,
                           tails.get((n, 0), []), tails.get((n, 1), []), [*rails[:n], *rails[n + 1:], *loop_rails])
        self.clear_of_hanging({k for k, _ in lane_flows})
        self.clear_of_marks({k for k, _ in lane_flows})
        names = {s.id: s.name for s in self.vsm.steps}
        h = line_height(SMALL_PT)
        if far:  # (layout.branches, for maps with lanes alone: imported for them)
            from .branches import end_name
        for n, e in sorted(far):  # the step in another row, named left of where the line ends
            k, flow = lane_flows[n]
            x, y = ports[(n, e)]
            words = f"from {names[flow.source]}" if e == 0 else f"to {names[flow.target]}"
            lines = end_name(words, self.frame)
            self.cv.text(f"flow:{k}/{'from' if e == 0 else 'to'}", "flow-end-name", x - 4,
                         y - len(lines) * h / 2, lines, SMALL_PT, t.info, anchor="end", italic=True)
        self.draw_row_flows([(k, f) for k, f in band.flows if f.source not in steps and f.target not in steps])
        self.emit_flows()

    def clear_of_hanging(self, ks: set[int]) -> None:
        """Room over the top track such that the lanes of flows ``ks`` that pass under a
        factory's data box, truck or delivery (hanging under it, down among the lanes) run
        below it with their labels and marks (the customer's data box stood over a flow's
        line and bolt: tall-claims, wrapped). The lanes stay where they are; the band's
        bottom, with what hangs from it, goes up."""
        if not self.hanging:
            return
        pieces: list[tuple[float, float, float, float]] = []
        for k, kind, points, zigzag, where in self.pending:
            if k not in ks:
                continue
            pieces += [(min(p[0], q[0]), p[1], max(p[0], q[0]), p[1]) for p, q in zip(points, points[1:])
                       if abs(p[1] - q[1]) < 0.5 and abs(p[0] - q[0]) > 0.5]
            if zigzag or kind == "go-see":
                pieces.append(_mark_box(kind, zigzag, where))
        pieces += [e.box for e in self.cv.elements if e.role in ("flow-label", "label-patch")
                   and int(e.id.split(":")[1].split("/")[0]) in ks]
        clear = _LEG_CLEAR + 2
        for x0, y0, x1, _ in pieces:
            for h0, _, h1, h3 in self.hanging:
                if x0 < h1 + clear and h0 - clear < x1 and y0 < h3 + clear:
                    self.room_needed = max(self.room_needed, self.room + h3 + clear - y0)

    def clear_of_marks(self, ks: set[int]) -> None:
        """The lanes of flows ``ks`` so far apart that no label stands on the mark of a flow
        in a lane over it: the glasses and the bolt reach under their line, and a label over
        the next lane touched them (lab map: the supervisor's glasses 1 pt into "Reads the
        culture plates", the order entry's bolt 4 pt into "Checks the analyser queue")."""
        marks = [_mark_box(kind, zigzag, where) for k, kind, _, zigzag, where in self.pending
                 if k in ks and kind != "manual"]
        labels = {e.id.split("/")[0]: e.box for e in self.cv.elements if e.role == "label-patch"}
        for k, kind, _, zigzag, where in self.pending:
            label = labels.get(f"flow:{k}")
            if k not in ks or label is None:
                continue
            own = _mark_box(kind, zigzag, where) if kind != "manual" else None
            for m in marks:
                reach = m[3] + 2 - label[1]
                if m is not own and m[1] < label[1] and reach > 0 and m[0] < label[2] and label[0] < m[2]:
                    above = max(1, round((label[3] - m[3]) / self.lanes.spacing + 0.5))
                    self.spacing_needed = max(self.spacing_needed, self.lanes.spacing + reach / above)

    @property
    def drop_y(self) -> float:
        """Where a line down to a step in a lane leaves the lanes: just under the lowest."""
        return -(self.frame.badge_h + 14) + 1

    def leg_obstacles(self) -> tuple[list[tuple[float, float, float, float]], list[float]]:
        """What the legs of flows from the lanes down to the steps' boxes keep clear of
        (:meth:`clear_x`): the boxes of the texts between the lanes and the boxes (a rework
        loop's rate, the bottleneck badge) and the x of each vertical line there (a loop's
        leg)."""
        top, bottom = -(self.frame.badge_h + 14), 0.0
        texts = [e.box for e in self.cv.elements if (isinstance(e, Text) or e.role == "bottleneck-badge")
                 and e.box[1] < bottom and e.box[3] > top]
        verticals = [p[0] for e in self.cv.elements if isinstance(e, Line) and not e.closed
                     for p, q in zip(e.points, e.points[1:])
                     if abs(p[0] - q[0]) < 0.5 and min(p[1], q[1]) < bottom and max(p[1], q[1]) > top]
        return texts, verticals

    def clear_x(self, slot: Slot, count: int, texts: list[tuple[float, float, float, float]],
                verticals: list[float]) -> float:
        """The x round which the legs of ``count`` flows stand on a step's box (16 apart):
        its centre, or as near it as lets every leg, from the lanes down to the box, keep
        :data:`_LEG_CLEAR` from each of the ``texts``' boxes and from each other line down
        there (at x in ``verticals``), as :meth:`leg_obstacles` finds them."""
        centre = slot.centre
        if count == 0:
            return centre

        def clear(x: float) -> bool:
            return (not any(b[0] - _LEG_CLEAR < x < b[2] + _LEG_CLEAR for b in texts)
                    and all(abs(x - v) >= 2 * _LEG_CLEAR for v in verticals))

        spread = (count - 1) * 8.0
        reach = int((slot.content.box_w / 2 - spread - 8) // 2)
        for d in sorted((2.0 * k * sign for k in range(max(reach, 0) + 1) for sign in (1, -1)),
                        key=lambda d: (abs(d), d)):
            if all(clear(centre + d - spread + 16 * i) for i in range(count)):
                return centre + d
        return centre

    def route_down(self, box: tuple[float, float, float, float], near: float,
                   taken: list[list[Point]]) -> list[Point]:
        """The line from just under the lanes (at :attr:`drop_y`) down round the process
        row, across the material flow but through no box or text, to the top of a lane
        step's ``box`` (x0, top, x1, bottom). It leaves as near ``near`` as costs little,
        and well clear of what it passes on its way down the row; ``taken``: lines it may
        cross but not run along."""
        top = self.drop_y
        obstacles, lines = [], [*taken]
        for e in self.cv.elements:
            if e.role == "push-arrow":  # the bar, as a line across the way down (not its head)
                mid = (e.box[1] + e.box[3]) / 2
                lines.append([(e.box[0], mid), (e.box[2], mid)])
            elif e.role == "push-stripe":
                continue
            elif isinstance(e, Line) and not e.closed:
                lines.append(list(e.points))
            elif e.box[3] > top:
                obstacles.append(e.box)
        left, _, right, floor = self.cv.box()
        # What a line down the process row passes on its way to the lanes: shapes, texts, lines.
        zone = (top, min(b[1] for b in self.lane_boxes.values()) - 1)
        sides = [x for o in obstacles if o[1] < zone[1] and o[3] > zone[0] for x in (o[0], o[2])]
        downs = [p[0] for line in lines for p, q in zip(line, line[1:])
                 if abs(p[0] - q[0]) < 0.5 and min(p[1], q[1]) < zone[1] and max(p[1], q[1]) > zone[0]]
        # A branch's line up into the push arrow: one crossing the arrow near it reads as its
        # continuation (lab map: 16 pt apart), so the way down keeps _JOIN_CLEAR from it.
        joins = [e.points[-1][0] for e in self.cv.elements if e.role == "branch-flow"
                 and zone[0] < e.points[-1][1] < zone[1] and abs(e.points[-2][0] - e.points[-1][0]) < 0.5]
        inside = [(o[0], o[2]) for o in obstacles if o[1] < zone[1] and o[3] > zone[0]]
        edges = sorted({near, *(x - CLEAR - 1.5 for x in sides), *(x + CLEAR + 1.5 for x in sides),
                        *(x + d for x in downs for d in (-6.0, 6.0)),
                        *(x + d for x in joins for d in (-_JOIN_CLEAR, _JOIN_CLEAR))})
        xs = sorted({x for x in [*edges, *((p + q) / 2 for p, q in zip(edges, edges[1:]))]
                     if left <= x <= right and not any(a - CLEAR < x < b + CLEAR for a, b in inside)})

        def cost(x: float) -> float:
            clearance = min([abs(x - v) for v in (*sides, *downs)], default=100.0)
            # (a way down 12 points or more from everything it passes, unless there is none)
            beside = min([abs(x - j) for j in joins], default=100.0)
            return (2.0 * abs(x - near) + 3.0 * max(0.0, 24.0 - clearance) + (400.0 if clearance < 12 else 0.0)
                    + 4.0 * max(0.0, _JOIN_CLEAR - beside))

        obstacles.append((left - 1000, top - 100000, right + 1000, top - CLEAR - 1))  # nothing up there
        lines.append([(left - 1000, top - 1), (right + 1000, top - 1)])  # nor along the lowest lane
        x0, y0, x1, _ = box
        mid = (x0 + x1) / 2
        # Over the box, just clear of it, arriving any way but up (then straight down into it).
        used = [line[-1][0] for line in taken if line[-1][1] == y0]  # lines into the box already
        ends = [(mid + 16.0 * k, y0 - CLEAR - 1, way) for k in (0, -1, 1, -2, 2)
                if x0 + 10 <= mid + 16.0 * k <= x1 - 10 and all(abs(mid + 16.0 * k - u) > 8 for u in used)
                for way in (DOWN, LEFT, RIGHT)]
        path = route([(x, top, DOWN) for x in xs or [near]], ends, obstacles, lines, floor + 14,
                     start_costs=[cost(x) for x in xs] if xs else None)
        if path is None:  # nothing free: straight down (never seen; every row has ways round)
            return [(mid, top), (mid, y0)]
        return corners([*path, (path[-1][0], y0)])

    def supplier_x(self, first: Slot, icon_w: float, bottleneck_informal: bool) -> tuple[float, float, float]:
        """The supplier's x, and where its material arrow ends (x, y) in the first step."""
        if first.kind == "queue":  # into the triangle's side, low down
            end, y = queue_entry(first, self.frame, 5 if bottleneck_informal else 0)
        else:
            y, end = self.frame.push_dy, first.centre - first.content.box_w / 2 - 1
        return min(end - 24, first.left + icon_w / 2 - 24), end, y

    def customer_x(self, last: Slot, icon_w: float) -> tuple[float, float]:
        """The customer's x, and where its material arrow leaves the last box."""
        start = last.centre + last.content.box_w / 2
        return max(start + 24, last.right + icon_w / 2 - GAP), start

    def low_bottom(self, key: str, x: float, width: float) -> float:
        """Where the supplier's or customer's factory stands (its bottom): on the band's
        bottom, or, over a band without flows, as low as what is drawn under it allows
        (:data:`FACTORY_CLEAR` above it) without going under the band's bottom by more than
        the bottleneck's badge and loops take; not when a data box or truck hangs under it."""
        vsm = self.vsm
        hangs = (vsm.supplier_data or vsm.supplier_delivery) if key == SUPPLIER else (
            vsm.customer_data or vsm.customer_delivery)
        if self.band.flows or hangs:
            return self.bottom
        under = [e.box[1] for e in self.cv.elements
                 if e.box[0] < x + width / 2 + FACTORY_CLEAR and x - width / 2 - FACTORY_CLEAR < e.box[2]]
        return max(self.bottom, min([0.0, *under]) - FACTORY_CLEAR)

    def clear_leg(self, x: float, top: float, bottom: float) -> float:
        """``x``, or left of whatever text or tag stands in the way of a line from ``top`` down
        to ``bottom`` there (the bottleneck's tag over the first queue, a rework label)."""
        for _ in range(8):
            blocking = [e.box[0] for e in self.cv.elements
                        if (isinstance(e, Text) or e.role == "bottleneck-badge")
                        and e.box[0] - 4 < x < e.box[2] + 4 and e.box[1] < bottom and e.box[3] > top]
            if not blocking:
                break
            x = min(blocking) - 10
        return x

    def draw_factory(self, key: str, label: str, x: float, bottom: float, measure_only: bool = False) -> float:
        """The factory icon of the supplier or customer, its name inside the building;
        returns its width."""
        lines = wrap(label, 100, DATA_PT, bold=True)
        text_w = max(text_width(line, DATA_PT, bold=True) for line in lines)
        text_h = len(lines) * line_height(DATA_PT)
        icon_w, roof, body = max(78.0, text_w + 14), FACTORY_ROOF, text_h + 12
        if measure_only:
            return icon_w
        top = bottom - roof - body
        self.cv.line(f"{key}/icon", "factory", factory(x, top, icon_w, roof, body), self.t.ink, width=1.6,
                     closed=True)
        self.icons.append((x, icon_w))
        self.cv.text(f"{key}/name", "factory-name", x, bottom - body / 2 - text_h / 2, lines, DATA_PT, self.t.ink,
                     bold=True)
        self.anchors[key] = (x, bottom)
        self.members[key] = (icon_w / 2, top, bottom, True)
        self.side_top[key] = bottom - body
        self.draw_shipping(key, x, bottom)
        return icon_w

    def draw_shipping(self, key: str, x: float, bottom: float) -> None:
        """Under the factory, beside its material arrow (outwards: left of the supplier's,
        right of the customer's): the data box of the map's ``data`` lines, and under it the
        truck with the delivery rhythm. On a phone's row the data box hangs inwards when it
        fits there (:meth:`hangs_inwards`), the truck outwards under the factory."""
        vsm, t, cv = self.vsm, self.t, self.cv
        data = vsm.supplier_data if key == SUPPLIER else vsm.customer_data
        delivery = vsm.supplier_delivery if key == SUPPLIER else vsm.customer_delivery
        outwards = -1.0 if key == SUPPLIER else 1.0
        y = bottom + 6
        if data:
            lines = [part for line in data for part in wrap(line, 110, DATA_PT)]
            w = max(text_width(line, DATA_PT) for line in lines) + 12
            h = len(lines) * line_height(DATA_PT) + 8
            side = -outwards if self.hangs_inwards(key, x - outwards * (6 + w), y, w, h) else outwards
            near = x + side * 6
            x0, x1 = sorted((near, near + side * w))
            cv.rect(f"{key}/data", "data-box", x0, y, x1, y + h, fill=t.paper, stroke=t.ink, width=1.2)
            self.hanging.append(cv.elements[-1].box)
            cv.text(f"{key}/data-lines", "data-box", x0 + 6, y + 4, lines, DATA_PT, t.ink, anchor="start")
            y += h + 8 if side == outwards else 0.0
        if delivery:
            w, h = 40.0, 20.0
            near = x + outwards * 8
            x0, _ = sorted((near, near + outwards * w))
            for part, points in truck(x0, y, w, h).items():
                cv.line(f"{key}/truck-{part}", "truck", points, t.ink, width=1.4, closed=True)
                self.hanging.append(cv.elements[-1].box)
            lines = wrap(delivery, 90, DATA_PT, bold=True)
            cx = x0 + w / 2
            text_w = max(text_width(line, DATA_PT, bold=True) for line in lines)
            if outwards < 0:  # keep the words clear of the arrow
                cx = min(cx, x - 6 - text_w / 2)
            else:
                cx = max(cx, x + 6 + text_w / 2)
            cv.text(f"{key}/delivery", "delivery", cx, y + h + 3, lines, DATA_PT, t.ink, bold=True)
            self.hanging.append(cv.elements[-1].box)

    def hangs_inwards(self, key: str, x0: float, y0: float, w: float, h: float) -> bool:
        """Whether, on a phone's row, factory ``key``'s data box (``w`` by ``h`` at ``x0``,
        ``y0``) stands clear of what the row draws on the side of its material leg towards
        the steps. A phone's row is a step or two wide: hung outwards, the data boxes made the
        first and the last row the widest (usine's customer: 446 pt where the other rows
        reach 352). Not over a band with flows: theirs is the room between the row and the
        information boxes (rechnungspruefung: a flow's line ran along the supplier's box)."""
        if not self.frame.narrow or self.band.flows:
            return False
        room = 6.0
        return not any(e.box[0] < x0 + w + room and x0 - room < e.box[2] and e.box[1] < y0 + h + room
                       and y0 - room < e.box[3] for e in self.cv.elements if not e.id.startswith(f"{key}/"))

    # -- flows to and from steps ------------------------------------------------------------

    def order_lanes(self, flows: list[InfoFlow], step_ids: set[str]) -> list[int]:
        """The lane (0 = nearest the process row) of each flow that touches a step.

        Short flows go low and long ones high, then pairs of lanes are swapped while that
        lowers the number of places where one flow's vertical line crosses another's lane.
        """
        spans = []
        for f in flows:
            xa, xb = self.anchors[f.source][0], self.anchors[f.target][0]
            ups = [x for key, x in ((f.source, xa), (f.target, xb)) if key not in step_ids]
            downs = [x for key, x in ((f.source, xa), (f.target, xb)) if key in step_ids]
            spans.append((min(xa, xb), max(xa, xb), ups, downs))
        # above[i][j] / below[i][j]: how often flow i's legs cross flow j's lane when j's
        # lane is above / below i's. A swap of two lanes only changes the pairs that hold
        # one of them, so its effect is counted in O(n), not by recounting everything.
        n = len(flows)
        above = [[0] * n for _ in range(n)]
        below = [[0] * n for _ in range(n)]
        for i, (_, _, ups, downs) in enumerate(spans):
            for j, (lo, hi, _, _) in enumerate(spans):
                if i != j:
                    above[i][j] = sum(1 for x in ups if lo + 1 < x < hi - 1)
                    below[i][j] = sum(1 for x in downs if lo + 1 < x < hi - 1)

        def pair(a: int, b: int) -> int:
            return ((above[a][b] if lane[b] > lane[a] else below[a][b])
                    + (above[b][a] if lane[a] > lane[b] else below[b][a]))

        def touching(a: int, b: int) -> int:
            return pair(a, b) + sum(pair(a, k) + pair(b, k) for k in range(n) if k != a and k != b)

        order = sorted(range(n), key=lambda i: (len(spans[i][2]), spans[i][1] - spans[i][0], i))
        lane = [0] * n
        for rank, i in enumerate(order):
            lane[i] = rank
        best = sum(pair(a, b) for a, b in itertools.combinations(range(n), 2))
        improved = True
        passes = 0
        # Each kept swap lowers the count; a few passes find nearly all of the gain.
        while improved and best and passes < _LANE_PASSES:
            improved = False
            passes += 1
            for i, j in itertools.combinations(range(n), 2):
                before = touching(i, j)
                lane[i], lane[j] = lane[j], lane[i]
                change = touching(i, j) - before
                if change < 0:
                    best, improved = best + change, True
                else:
                    lane[i], lane[j] = lane[j], lane[i]
        return lane

    def tracks(self, flows: list[InfoFlow], lanes: list[int]) -> list[int]:
        """The track of each lane flow: the lanes in their order, a flow on the lowest track
        above every flow under it in that order whose span (ports, label and room around
        them) it overlaps; flows side by side share a track."""
        at: dict[str, int] = {}
        for f in flows:
            for end in (f.source, f.target):
                at[end] = at.get(end, 0) + 1
        spans = []
        for f in flows:
            xa, xb = self.anchors[f.source][0], self.anchors[f.target][0]
            pad_a, pad_b = (8.0 * at[e] + (8.0 if e in (SUPPLIER, CUSTOMER) else 0.0) for e in (f.source, f.target))
            lo, hi = (xa - pad_a, xb + pad_b) if xa <= xb else (xb - pad_b, xa + pad_a)
            label = min(text_width(f.label, SMALL_PT), _LABEL_W) + 12 if f.label else 0.0
            if abs(xa - xb) < 40:  # one vertical line, its label to the right
                hi += label + 12
            elif hi - lo < label:  # a label wider than its flow, centred over it
                mid = (lo + hi) / 2
                lo, hi = mid - label / 2, mid + label / 2
            spans.append((lo - TRACK_GAP / 2, hi + TRACK_GAP / 2))
        track = [0] * len(flows)
        done: list[int] = []
        for i in sorted(range(len(flows)), key=lambda i: lanes[i]):
            track[i] = max((track[j] + 1 for j in done if spans[j][0] < spans[i][1] and spans[i][0] < spans[j][1]),
                           default=0)
            done.append(i)
        return track

    def lane_ports(self, flows: list[InfoFlow], lanes: list[int],
                   step_ids: set[str]) -> dict[tuple[int, int], Point]:
        """Where each lane flow meets its two anchors: points 16 apart along the side
        facing the lanes, ordered so that lines leaving one anchor do not cross."""
        attached: dict[str, list[tuple[int, int, float]]] = {}
        for n, f in enumerate(flows):
            for end, (key, other) in enumerate(((f.source, f.target), (f.target, f.source))):
                attached.setdefault(key, []).append((n, end, self.anchors[other][0] - self.anchors[key][0]))
        ports: dict[tuple[int, int], Point] = {}
        for key, items in attached.items():
            x, face = self.anchors[key]
            below = key in step_ids  # a step: its lines go up to the lanes
            left = [i for i in items if i[2] < -1]
            right = [i for i in items if i[2] > 1]
            middle = [i for i in items if -1 <= i[2] <= 1]
            # Lines to the left: lower lanes on the left under a step, higher ones above a party.
            left.sort(key=lambda i: lanes[i[0]] * (1 if below else -1))
            right.sort(key=lambda i: lanes[i[0]] * (-1 if below else 1))
            if key in (SUPPLIER, CUSTOMER):  # the centre carries material: lines beside it
                ports.update(self.party_ports(key, left, [*middle, *right]))
                continue
            slots = [*left, *middle, *right]
            centre = (len(slots) - 1) / 2
            for s, item in enumerate(slots):
                ports[(item[0], item[1])] = (x + (s - centre) * 16.0, face)
        return ports

    def party_ports(self, key: str, left: list[tuple[int, int, float]],
                    right: list[tuple[int, int, float]]) -> dict[tuple[int, int], Point]:
        """Where the lane flows leave the supplier's or customer's factory: never on its
        material arrow (its centre), ``left`` left of it and ``right`` right of it, the
        nearest 8 pt from it when the other side has none (else 16), then 16 apart, closer
        when the side holds more than its half of the factory takes at 16."""
        x, face = self.anchors[key]
        half = self.members[key][0]
        first = 16.0 if left and right else 8.0
        ports: dict[tuple[int, int], Point] = {}
        for side, items in ((-1.0, left[::-1]), (1.0, right)):  # each side from the centre out
            step = 16.0 if len(items) < 2 else max(4.0, min(16.0, (half - 6 - first) / (len(items) - 1)))
            for i, item in enumerate(items):
                ports[(item[0], item[1])] = (x + side * (first + i * step), face)
        return ports

    def label_at(self, text: Optional[str], a: Point, b: Point, width: float,
                 legs: list[tuple[float, float, float]], rails: Sequence[tuple[float, float, float]] = (),
                 marked: bool = False, loose: bool = False) -> Optional[float]:
        """Where along the horizontal ``a -> b`` (``b`` the target's side) its label, wrapped to
        ``width``, touches no vertical line, nor one of ``rails`` (y, left, right: the other
        flows' lanes above it; ``marked``: the label may stand over a mark): as near the
        target as that allows (None: nowhere). ``loose``: the label may reach past the
        flow's ends, or stand beyond its target (whose line goes down, away from it)."""
        if not text:
            return 0.75
        lines = _label_lines(text, width)
        half = (max(text_width(line, SMALL_PT) for line in lines) + 6) / 2 + 3
        top = a[1] - 3 - len(lines) * line_height(SMALL_PT) - 4
        lo, hi = min(a[0], b[0]), max(a[0], b[0])
        ats = (0.78, 0.86, 0.7, 0.62, 0.92, 0.54, 0.46, 0.38, 0.3, 0.2, 0.12)
        for at in (*ats, 1.0, 1.2, 1.4, 1.7, 2.0) if loose else ats:
            x = a[0] + (b[0] - a[0]) * at
            # the top of the label as drawn (over a mark's spikes when near one, as lane_flow puts it)
            near = marked and abs((at - (0.3 if at >= 0.5 else 0.8)) * (b[0] - a[0])) < half + _MARK_HALF
            high = a[1] - len(lines) * line_height(SMALL_PT) - 2 - 3 - (10 if near else 0)
            if not loose and (x - half < lo - 4 or x + half > hi + 4):
                continue
            # (a label lifted over a mark stands further from its own line: another line down
            # beside it keeps as much further off, or the label reads as that line's)
            room = half + (10 if near else 0)
            if any(x - room < lx < x + room and min(y0, y1) < a[1] and max(y0, y1) > min(top, high)
                   for lx, y0, y1 in legs):
                continue
            if not any(high < ry < a[1] - 1 and x - half < r1 and r0 < x + half for ry, r0, r1 in rails):
                return at
        return None

    def beside_at(self, text: Optional[str], p: Point, q: Point, legs: list[tuple[float, float, float]],
                  rails: Sequence[tuple[float, float, float]]) -> tuple[float, bool, float]:
        """Where along the vertical ``p -> q`` its label goes (a share of its length, whether
        on its other side, and the width it wraps to): beside it at 0.7, or the first place
        near that which no lane of ``rails`` and no other vertical line of ``legs`` runs
        through. A phone's row (its legs close together) tries the label narrower before it
        lets a line through it (lane-flows: "Weekly priorities" crossed by two legs)."""
        if not text:
            return 0.7, False, _LABEL_W
        # A phone's rows (stacked lanes): a place within the row first, one past its sides after.
        left, _, right, _ = self.cv.box()
        outside: list[tuple[float, bool, float]] = []
        for width in (_LABEL_W, 90.0, 50.0) if self.frame.narrow else (_LABEL_W,):
            for at, side in itertools.product((0.7, 0.5, 0.85, 0.3, 0.15), (False, True)):
                _, (mx, my, w, h) = _label_place(text, p, q, False, side, width, at)
                x0, y0, x1, y1 = mx - w / 2 - 2, my - h / 2 - 1, mx + w / 2 + 2, my + h / 2 + 1
                if any(y0 - 12 < ry < y1 + 12 and r0 < x1 and x0 < r1 for ry, r0, r1 in rails):
                    continue
                # (another line down keeps further from it than its own, 12 pt off: one 3 pt beside
                # "Urgent slides first" read as its line, lane-glasses at 900 px)
                if any(x0 - 14 < lx < x1 + 14 and abs(lx - p[0]) > 0.5 and min(ly0, ly1) < y1
                       and max(ly0, ly1) > y0 for lx, ly0, ly1 in legs):
                    continue
                if self.frame.narrow and not (left <= x0 and x1 <= right):
                    outside.append((at, side, width))
                    continue
                return at, side, width
        return outside[0] if outside else (0.7, False, _LABEL_W)

    def lane_flow(self, k: int, flow: InfoFlow, src: Point, dst: Point, y: float,
                  legs: list[tuple[float, float, float]], src_tail: Sequence[Point] = (),
                  dst_tail: Sequence[Point] = (), rails: Sequence[tuple[float, float, float]] = ()) -> None:
        """A flow to or from a step: vertical into the box, horizontal along its own lane,
        its label over the lane near the target, its mark (bolt, glasses) nearer the source.
        ``src_tail``/``dst_tail``: the line on from ``src``/``dst`` down to a step in a lane."""
        a, b = (src[0], y), (dst[0], y)
        before = [*reversed(src_tail)] if src_tail else [src]
        after = [*dst_tail] if dst_tail else [dst]
        if abs(a[0] - b[0]) < 40 and (src_tail or dst_tail):  # no room along the lane: mark and label
            if not src_tail:  # on the leg from the source to the lane (or into the target)
                p, q, before, after = src, a, [], [b, *after]
            elif not dst_tail:
                p, q, before, after = b, dst, [*before, a], []
            else:
                p, q, before, after = a, b, before, after
            self.flow_line(k, flow, before, p, q, after, _leg_mark_at(p, q, rails) if p[0] == q[0] else 0.5)
            if p[0] == q[0]:
                at, side, width = self.beside_at(flow.label, p, q, legs, rails)
                self.flow_label(k, flow.label, p, q, False, below=side, width=width, at=at)
            else:
                self.flow_label(k, flow.label, p, q, flow.kind != "manual", at=0.7)
            if flow.label:
                self.room_needed = max(self.room_needed, self.lanes.spacing + 20)
            return
        if abs(a[0] - b[0]) < 40:  # one above the other: a single vertical line
            x = (a[0] + b[0]) / 2
            p, q = (x, src[1]), (x, dst[1])
            self.flow_line(k, flow, [], p, q, [], 0.35)
            at, side, width = self.beside_at(flow.label, p, q, legs, rails)
            self.flow_label(k, flow.label, p, q, False, below=side, width=width, at=at)
            if flow.label:  # beside its line, at a share of the band's height: as much room as ever
                self.room_needed = max(self.room_needed, self.lanes.spacing + 20)
            return
        marked = flow.kind != "manual"
        # The label wraps narrower until it fits between the vertical lines around it, clear
        # of the lanes over it: over its own stretch, else reaching past it, else clear of the
        # vertical lines alone.
        width, at = _LABEL_W, None
        # (a phone's row: narrower still, a word a line, before the label leaves its stretch)
        widths = (_LABEL_W, 120.0, 90.0, 60.0, *((40.0,) if self.frame.narrow else ()))
        for over, loose in ((rails, False), (rails, True), ((), False)):
            for width in widths:
                at = self.label_at(flow.label, a, b, width, legs, over, marked, loose)
                if at is not None:
                    break
            if at is not None:
                break
        at = 0.5 if at is None else at
        mark_at = self.mark_at(flow, a, b, 0.3 if at >= 0.5 else 0.8, legs)
        self.flow_line(k, flow, before, a, b, after, mark_at)
        mid = (a[0] + (b[0] - a[0]) * at, y)
        # over the mark: above its spikes (a label beside the mark stays down by its line: lab's
        # "Checks the analyser queue" stood 13 pt over its own line, 7 under the lane over it)
        half = (max((text_width(line, SMALL_PT) for line in (_label_lines(flow.label, width) if flow.label else [])),
                    default=0.0) + 6) / 2 + 3
        near = abs((at - mark_at) * (b[0] - a[0])) < half + _MARK_HALF
        top = self.flow_label(k, flow.label, (mid[0] - 1, y), (mid[0] + 1, y), marked and near, width=width)
        if top is not None:  # the parties stand clear above the label
            self.room_needed = max(self.room_needed, self.top_track - top + 6)
            # A lane over it that the label reaches: the lanes go so far apart that it does not.
            # Where the label reaches past its own line's ends, nothing under it says whose it
            # is: a lane over that overhang keeps _OVERHANG_CLEAR from it (lab at 900 px: "Reads
            # the culture plates" 45 pt past its corner, 7 pt under the other lane, 3 over its own).
            x0, _, x1, low = self.cv.elements[-1].box  # (the label's text, drawn last)
            lo, hi = min(a[0], b[0]), max(a[0], b[0])
            overhangs = [(u, v) for u, v in ((x0 - 2, lo - 4), (hi + 4, x1 + 2)) if v > u]
            # (a label lifted over its mark's spikes stands higher over its own line: further still)
            clear = max(_OVERHANG_CLEAR, y - low + 9)
            for ry, r0, r1 in rails:
                above = round((y - ry) / self.lanes.spacing)
                if above < 1 or not y - 1 > ry:
                    continue
                if top - 2 < ry and x0 - 2 < r1 and r0 < x1 + 2:
                    self.spacing_needed = max(self.spacing_needed, (y - top + 4) / above)
                elif top - clear < ry and any(r0 < v and u < r1 for u, v in overhangs):
                    self.spacing_needed = max(self.spacing_needed, (y - top + clear) / above)
                elif top - (y - low + 4) < ry and x0 - 2 < r1 and r0 < x1 + 2:  # (over its own line: nearer it)
                    self.spacing_needed = max(self.spacing_needed, (y - top + y - low + 4) / above)

    @staticmethod
    def mark_at(flow: InfoFlow, a: Point, b: Point, near: float, legs: list[tuple[float, float, float]]) -> float:
        """Where along the horizontal ``a -> b`` a flow's mark goes: at ``near``, or the
        nearest share of its length to that where no other vertical line of ``legs`` (x, y0,
        y1) runs through the mark (a flow down to a lane step dropped through a lens of the
        glasses it crossed: lab's what-if), and no corner of its own line stands in it."""
        if flow.kind == "manual" or a[0] == b[0]:
            return near
        half = 16.0 if flow.kind == "go-see" else 12.0  # the glasses' width, the bolt's span and hop
        length = abs(b[0] - a[0])
        crossing = [x for x, y0, y1 in legs if min(y0, y1) < a[1] - 0.5 and max(y0, y1) > a[1] + 0.5]
        # (its own legs end at the line, so they stand at its ends, which the mark keeps clear of)
        for at in sorted((near + d / 40.0 for d in range(-36, 37)), key=lambda v: (abs(v - near), v)):
            x = a[0] + (b[0] - a[0]) * at
            if (half + 6 <= at * length and half + 6 <= (1 - at) * length
                    and all(abs(x - lx) > half + 6 for lx in crossing)):
                return at
        return near

    def flow_line(self, k: int, flow: InfoFlow, before: Sequence[Point], a: Point, b: Point,
                  after: Sequence[Point], at: float) -> None:
        """Flow ``k`` through ``before``, ``a``, ``b``, ``after``, its mark on ``a -> b`` at
        ``at``: the lightning bolt of an electronic flow, the glasses of a go-see one.
        Lines wait in ``pending`` until every flow of the band is known (for the hops)."""
        zigzag = lightning(a, b, at=at) if flow.kind == "electronic" else []
        where = (a[0] + (b[0] - a[0]) * at, a[1] + (b[1] - a[1]) * at)
        # (a routed line down to a lane may go on straight from a or b)
        points = [*corners([*before, a]), *zigzag, *corners([b, *after])]
        self.pending.append((k, flow.kind, points, zigzag, where))

    def emit_flows(self) -> None:
        """Every pending flow line, hopping over the vertical lines of the others it crosses,
        with its mark on top."""
        verticals = [(x0, min(y0, y1), max(y0, y1), k) for k, _, pts, _, _ in self.pending
                     for (x0, y0), (x1, y1) in zip(pts, pts[1:]) if abs(x0 - x1) < 0.5]
        verticals += [(x, bottom, self.frame.push_dy, -1) for x, bottom in self.material_legs]
        t = self.t
        for k, kind, pts, zigzag, where in self.pending:
            hops = [(x, lo, hi) for x, lo, hi, other in verticals if other != k]
            path = hopped(pts, hops, avoid=[where[0]] if kind != "manual" else [])
            self.cv.line(f"flow:{k}/line", "info-flow", path, t.info, width=1.2, arrow=0.8)
            if zigzag:  # the bolt, bold so that it reads at any size
                self.cv.line(f"flow:{k}/bolt", "electronic-bolt", zigzag, t.info, width=2.6)
            elif kind == "go-see":
                eyeglasses(self.cv, f"flow:{k}", where, t.info, t.paper)
        self.pending = []

    def flow_label(self, k: int, text: Optional[str], a: Point, b: Point, zigzag: bool = False,
                   below: bool = False, width: float = _LABEL_W, at: float = 0.5) -> Optional[float]:
        """The label of flow ``k`` beside ``a -> b`` at ``at`` of its length (above, or right of
        a vertical line), on a patch of paper so that a line passing behind it never strikes it
        through. Returns the label's top (None: no label)."""
        if not text:
            return None
        lines, (mx, my, text_w, h) = _label_place(text, a, b, zigzag, below, width, at)
        self.cv.rect(f"flow:{k}/patch", "label-patch", mx - text_w / 2, my - h / 2, mx + text_w / 2, my + h / 2,
                     fill=self.t.paper)
        self.cv.text(f"flow:{k}/label", "flow-label", mx, my - h / 2 + 1, lines, SMALL_PT, self.t.info,
                     italic=True)
        return my - h / 2

    # -- flows within the information row ------------------------------------------------

    def roof_y(self, key: str, x: float) -> float:
        """The y of a factory's saw-tooth roof above ``x``."""
        half, top, _, _ = self.members[key]
        cx = self.anchors[key][0]
        tooth = 2 * half / 3
        frac = ((x - (cx - half)) / tooth) % 1.0
        return top + FACTORY_ROOF * frac

    def side_flow(self, k: int, flow: InfoFlow, n: int) -> None:
        """A flow between two neighbours of the information row: one horizontal line from
        side to side; a second flow between the same two runs under the first."""
        (sh, _, sbottom, _), (th, _, tbottom, _) = self.members[flow.source], self.members[flow.target]
        sx, tx = self.anchors[flow.source][0], self.anchors[flow.target][0]
        top = max(self.side_top[flow.source], self.side_top[flow.target])
        bottom = min(sbottom, tbottom)
        y = (top + bottom) / 2 + (0 if n < 0 else (-6 if n == 0 else 6))
        direction = 1 if tx > sx else -1
        a, b = (sx + direction * (sh + 1), y), (tx - direction * (th + 1), y)
        # Side by side the two ends are near each other: the label over the middle (raised
        # over the bolt's spikes), the mark near the source; a second flow between the same
        # two runs under the first with its label below.
        at = 0.5 if n < 0 else (0.4 if n == 0 else 0.6)
        self.flow_line(k, flow, [], a, b, [], 0.2)
        label_w = max(60.0, min(_LABEL_W, abs(b[0] - a[0]) - 8))
        mid = (a[0] + (b[0] - a[0]) * at, y)
        self.flow_label(k, flow.label, mid, mid, flow.kind != "manual", below=n == 1, width=label_w)

    def draw_row_flows(self, flows: list[tuple[int, InfoFlow]]) -> None:
        """Flows between members of the information row: side by side when nothing stands
        between them, otherwise over the top of the row in lanes of their own."""
        if not flows:
            return
        pairs: dict[frozenset, int] = {}
        row_top = min(top for _, top, _, _ in self.members.values())
        over: list[tuple[int, InfoFlow, float]] = []
        for k, flow in flows:
            a, b = self.anchors[flow.source][0], self.anchors[flow.target][0]
            lo, hi = min(a, b), max(a, b)
            blocked = any(lo < self.anchors[key][0] < hi for key in self.members)
            pair = frozenset((flow.source, flow.target))
            count = sum(1 for _, f in flows if frozenset((f.source, f.target)) == pair)
            if blocked or count > 2:
                over.append((k, flow, hi - lo))
                continue
            n = pairs.get(pair, 0)
            pairs[pair] = n + 1
            self.side_flow(k, flow, n if count == 2 else -1)
        over.sort(key=lambda item: (item[2], item[0]))
        tops: dict[str, int] = {}
        label_h = max((len(wrap(f.label, _LABEL_W, SMALL_PT)) * line_height(SMALL_PT) for _, f, _ in over
                       if f.label), default=0.0)
        spacing = max(18.0, label_h + 18)
        for lane, (k, flow, _) in enumerate(over):
            y = row_top - 22 - spacing * lane
            ends = []
            for key in (flow.source, flow.target):
                n = tops.get(key, 0)
                tops[key] = n + 1
                _, top, _, is_factory = self.members[key]
                px = self.anchors[key][0] + ((n + 1) // 2) * 14.0 * (1 if n % 2 else -1)
                ends.append((px, self.roof_y(key, px) if is_factory else top))
            (xa, ya), (xb, yb) = ends
            a, b = (xa, y), (xb, y)
            self.flow_line(k, flow, [(xa, ya)], a, b, [(xb, yb)], 0.25)
            self.flow_label(k, flow.label, a, b, False, at=0.7)
