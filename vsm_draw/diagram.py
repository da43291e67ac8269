"""The value stream map as a picture: classic VSM notation over the lead-time ladder.

:func:`diagram_dot` computes every position itself (columns of queues and process
boxes, the ladder's rungs at exactly those columns' centres) and writes DOT with
every node pinned, so Graphviz only draws; :func:`render_diagram` turns that into
SVG, PNG, PDF or DOT bytes. Pure string work: the same map gives the same DOT.
"""
from __future__ import annotations

import itertools
import math
import re
from dataclasses import dataclass
from typing import Optional

from .dotlang import Dot, Html, html, num
from .durations import format_number, format_percent, humanize
from .metrics import Metrics
from .model import CUSTOMER, SUPPLIER, Step, ValueStreamMap
from .shapes import Point, burst, factory, lightning, unit_normal
from .textwidth import line_height, text_width, wrap
from .themes import Theme, theme as get_theme

__all__ = ["FORMATS", "LADDERS", "diagram_dot", "render_diagram", "describe"]

#: Output formats of :func:`render_diagram`.
FORMATS = ("svg", "png", "pdf", "dot")
#: Ladder styles: the square wave alone, or with a bar drawn to scale beneath it.
LADDERS = ("classic", "proportional")

FONT = "DejaVu Sans"
NAME_PT, DATA_PT, SMALL_PT, LADDER_PT, TITLE_PT = 11, 9, 8.5, 10, 18
PROC_MIN_W = 150.0      # process box width (all boxes share the widest)
QUEUE_W = 112.0         # queue column: triangle and its captions
SLOT_W = 44.0           # the gap between two steps when no queue sits there
GAP = 28.0              # space around every column
TRI_W, TRI_H = 44.0, 38.0
PAD = 4.0               # cell padding in the process box
FACTORY_ROOF = 18.0     # height of the factory icon's saw-tooth roof


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


def diagram_dot(vsm: ValueStreamMap, m: Metrics, *, theme: str = "classic", ladder: str = "classic") -> str:
    """The diagram as DOT, every node pinned (``layout=neato``, positions in points)."""
    if ladder not in LADDERS:
        raise ValueError(f"unknown ladder {ladder!r}; use one of {', '.join(LADDERS)}")
    return _Scene(vsm, m, get_theme(theme), proportional=ladder == "proportional").build()


#: At most this many passes of lane swaps (many information flows would take long).
_LANE_PASSES = 6


def render_diagram(
    vsm: ValueStreamMap,
    m: Metrics,
    fmt: str = "svg",
    *,
    theme: str = "classic",
    ladder: str = "classic",
    dpi: int = 192,
) -> bytes:
    """The diagram as ``fmt`` bytes: ``svg`` (self-contained), ``png``, ``pdf`` or ``dot``."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    dot = diagram_dot(vsm, m, theme=theme, ladder=ladder)
    if fmt == "dot":
        return dot.encode("utf-8")
    from .graphviz_backend import render_dot

    data = render_dot(dot, fmt, dpi=dpi, date=vsm.date)
    if fmt == "svg":
        from .svgpost import clean_svg, follow_scheme
        from .themes import scheme

        data = clean_svg(data, title=_title_line(vsm), desc=describe(vsm, m))
        if scheme(theme):  # --theme auto: one SVG, light or dark as the reader's screen
            data = follow_scheme(data, *scheme(theme))
    return data


def _title_line(vsm: ValueStreamMap) -> str:
    state = _state(vsm)
    if not state or vsm.state.strip().lower() in vsm.title.lower():
        return vsm.title
    return f"{vsm.title} ({state})"


def _state(vsm: ValueStreamMap) -> str:
    if not vsm.state:
        return ""
    known = {"current": "Current state", "future": "Future state", "ideal": "Ideal state"}
    return known.get(vsm.state.strip().lower(), vsm.state)


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", text).strip("-").lower() or "step"


def _lines(lines: list[str], bold: bool = False, italic: bool = False) -> str:
    body = "<BR/>".join(html(line) for line in lines)
    if bold:
        body = f"<B>{body}</B>"
    if italic:
        body = f"<I>{body}</I>"
    return body


def _count(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else format_number(value)


@dataclass
class _Column:
    """One column of the process row: a queue slot or a process box."""

    kind: str  # "queue", "slot" (no queue) or "process"
    step: Step
    index: int
    width: float
    left: float = 0.0

    @property
    def centre(self) -> float:
        return self.left + self.width / 2

    @property
    def right(self) -> float:
        return self.left + self.width


class _Scene:
    """Computes the positions of every element and writes them as DOT."""

    def __init__(self, vsm: ValueStreamMap, m: Metrics, theme: Theme, proportional: bool):
        self.vsm, self.m, self.t, self.proportional = vsm, m, theme, proportional
        self.cal = vsm.calendar
        self.ids: dict[str, str] = {}
        for step in vsm.steps:  # stable, unique, safe SVG ids from the step ids
            slug = base = _slug(step.id)
            n = 2
            while slug in self.ids.values():
                slug, n = f"{base}-{n}", n + 1
            self.ids[step.id] = slug
        self.bottleneck = m.bottleneck if m.bottleneck.wait_time > 0 else None
        self.bar_bottom = 0.0  # the proportional bar's lowest point, when it is drawn
        self.dot = Dot(
            "vsm",
            graph={
                # Every node is pinned: no iterations needed (sgd: no all-pairs distances).
                "layout": "neato", "mode": "sgd", "maxiter": 0, "inputscale": 72,
                "splines": "line", "overlap": "true",
                "outputorder": "edgesfirst", "bgcolor": theme.paper, "pad": 0.25,
                "fontname": FONT, "fontcolor": theme.ink,
                "labelloc": "t", "labeljust": "l",
            },
            node={"fontname": FONT, "fontsize": DATA_PT, "fontcolor": theme.ink, "color": theme.ink,
                  "shape": "plain", "margin": 0},
            # Edges run between pinned points: unclipped, so corners and joints meet exactly.
            edge={"color": theme.ink, "arrowhead": "none", "penwidth": 1.2,
                  "headclip": "false", "tailclip": "false"},
        )
        self._points = 0
        self.icons: list[tuple[float, float]] = []  # (centre x, width) of factory icons

    # -- small builders ------------------------------------------------------------------

    def pos(self, x: float, y: float) -> str:
        return f"{num(x)},{num(-y)}!"

    def point(self, x: float, y: float) -> str:
        self._points += 1
        return self.dot.node(f"pt{self._points}", shape="point", style="invis", width=0.01,
                             pos=self.pos(x, y))

    def polyline(self, points: list[Point], closed: bool = False, **attrs) -> list[str]:
        names = [self.point(x, y) for x, y in points]
        pairs = list(zip(names, names[1:] + names[:1] if closed else names[1:]))
        for tail, head in pairs:
            self.dot.edge(tail, head, **attrs)
        return names

    def text(self, name: str, x: float, y: float, body: str, **attrs) -> str:
        return self.dot.node(name, label=Html(body), pos=self.pos(x, y), **attrs)

    # -- measuring -----------------------------------------------------------------------

    def dur(self, seconds: float) -> str:
        return humanize(seconds, self.cal)

    def has_queue(self, step: Step) -> bool:
        return step.wait_time > 0 or step.inventory is not None or step.informal_wait

    def data_rows(self, step: Step) -> list[tuple[str, str]]:
        """The data box: (key, value) rows for the fields the map gives."""
        rows: list[tuple[str, str]] = []
        if step.owner:
            rows.append(("", step.owner))
        rows.append(("P/T", self.dur(step.process_time)))
        if step.changeover is not None:
            rows.append(("C/O", self.dur(step.changeover)))
        if step.uptime is not None:
            rows.append(("Uptime", format_percent(step.uptime)))
        if step.complete_accurate != 1.0:
            rows.append(("%C&A", format_percent(step.complete_accurate)))
        if step.people is not None:
            rows.append(("People", format_number(step.people)))
        return rows

    # -- the scene -----------------------------------------------------------------------

    def build(self) -> str:
        self.plan_columns()
        self.plan_rows()
        self.dot.comment("process row: queues, process boxes, push arrows")
        for col in self.columns:
            if col.kind == "queue":
                self.draw_queue(col)
            elif col.kind == "process":
                self.draw_process(col)
        self.draw_push_arrows()
        self.dot.comment("kaizen bursts")
        for col in self.columns:
            if col.kind == "process" and col.step.kaizen:
                self.draw_kaizen(col)
        self.dot.comment("information row: supplier, customer, information flows")
        self.draw_info_row()
        self.dot.comment("lead-time ladder")
        self.draw_ladder()
        if self.proportional:
            self.dot.comment("lead time to scale")
            self.draw_proportional()
        self.draw_caption()
        self.draw_corner()
        return self.dot.source()

    def draw_corner(self) -> None:
        """An empty node at a whole-point lower-left corner beyond everything drawn.

        Graphviz moves the drawing so its lower-left corner is at the origin; with this
        corner that move is whole points too, and every centre stays exact.
        """
        left = min([self.columns[0].left, *(x - w / 2 for x, w in self.icons)]) - 6
        bottom = max(self.ladder_bottom, self.totals_bottom, self.bar_bottom) + 6
        size = "0.0277778"  # inches: 2 points, the corner's half-size a whole point too
        self.dot.node("corner", shape="none", label="", width=size, height=size, fixedsize="true",
                      pos=self.pos(math.floor(left), math.ceil(bottom)))

    def plan_columns(self) -> None:
        steps = self.vsm.steps
        widest_word = max(
            (text_width(w, NAME_PT, bold=True) for s in steps for w in s.name.split()), default=0.0
        )
        # Even whole points everywhere: every column's centre is a whole point, so the
        # centres Graphviz reports (rounded) are exact for boxes and rungs alike.
        self.proc_w = 2 * math.ceil(max(PROC_MIN_W, min(widest_word + 2 * PAD + 8, 260.0)) / 2)
        self.columns: list[_Column] = []
        x = 0.0
        for i, step in enumerate(steps):
            if self.has_queue(step):
                kind, width = "queue", QUEUE_W
            elif i > 0:
                kind, width = "slot", SLOT_W
            else:
                kind, width = "", 0.0
            if kind:
                self.columns.append(_Column(kind, step, i, width + GAP, x))
                x += width + GAP
            self.columns.append(_Column("process", step, i, self.proc_w + GAP, x))
            x += self.proc_w + GAP
        self.row_right = x

    def plan_rows(self) -> None:
        inner = self.proc_w - 2 * PAD
        self.names = {c.index: wrap(c.step.name, inner, NAME_PT, bold=True)
                      for c in self.columns if c.kind == "process"}
        name_lines = max(len(v) for v in self.names.values())
        self.header_h = name_lines * line_height(NAME_PT) + 2 * PAD + 4
        if any(not s.value_adding for s in self.vsm.steps):
            self.header_h += line_height(SMALL_PT) + 4
        row_h = line_height(DATA_PT) + 2 * PAD + 2
        self.data = {}
        data_h = 0.0
        for c in self.columns:
            if c.kind != "process":
                continue
            rows = self.data_rows(c.step)
            notes = wrap(c.step.notes, inner, SMALL_PT) if c.step.notes else []
            owner = wrap(c.step.owner, inner, DATA_PT) if c.step.owner else []
            self.data[c.index] = (rows, notes, owner)
            h = (len(rows) - (1 if owner else 0) + len(owner)) * row_h
            h += len(notes) * line_height(SMALL_PT) + (2 * PAD + 2 if notes else 0)
            data_h = max(data_h, h)
        # The queue column: triangle, wait and inventory under it, the push arrow, the reason.
        self.queue_text = {}
        queue_lines = 1
        for c in self.columns:
            if c.kind != "queue":
                continue
            s = c.step
            head = [self.dur(s.wait_time)] if s.wait_time > 0 or s.inventory is None else []
            extra = []
            if s.inventory is not None:
                extra.append(f"{_count(s.inventory)} items")
            if s.informal_wait:
                extra.append("informal queue")
            reason = wrap(s.wait_reason, QUEUE_W - 6, SMALL_PT) if s.wait_reason else []
            self.queue_text[c.index] = (head, extra, reason)
            queue_lines = max(queue_lines, len(head) + len(extra))
        # The badge over the bottleneck; higher when a dashed outline rings its triangle.
        self.halo = 6.0 if self.bottleneck is not None and self.bottleneck.informal_wait else 0.0
        self.badge_h = 30.0 + self.halo if self.bottleneck else 0.0
        self.tri_top = 4.0
        self.push_dy = self.tri_top + TRI_H + 8 + queue_lines * line_height(LADDER_PT) + 14
        self.proc_h = max(self.header_h + data_h + 2 * PAD + 6, self.push_dy + 30)
        reason_bottom = max(
            (self.push_dy + 14 + len(r) * line_height(SMALL_PT) for _, _, r in self.queue_text.values()),
            default=0.0,
        )
        self.row_h = max(self.proc_h, reason_bottom)
        # Vertical bands (y grows downwards; the process row's top is y = 0).
        self.info_lanes = self.count_lanes()
        self.info_bottom = -(self.badge_h + 24 + self.info_lanes["spacing"] * self.info_lanes["steps"] + 20)
        self.kaizen_top = self.row_h + 18
        kaizen_h = max((self.burst_size(c.step)[1] for c in self.columns
                        if c.kind == "process" and c.step.kaizen), default=0.0)
        self.ladder_top = self.kaizen_top + (kaizen_h + 16 if kaizen_h else 8)

    # -- process row ---------------------------------------------------------------------

    def draw_process(self, col: _Column) -> None:
        step, t = col.step, self.t
        rows, notes, owner = self.data[col.index]
        va = step.value_adding
        header = _lines(self.names[col.index], bold=True)
        header = f'<FONT POINT-SIZE="{NAME_PT}">{header}</FONT>'
        if not va:  # the tag under the name, a thin blank line apart
            header += (f'<BR/><FONT POINT-SIZE="3"> </FONT><BR/>'
                       f'<FONT POINT-SIZE="{SMALL_PT}"><I>non-value-adding</I></FONT>')
        border = 1 if not va else 2
        inner = self.proc_w - 2 * border
        key_w = 52.0
        cells = [
            f'<TR><TD COLSPAN="2" WIDTH="{num(inner)}" HEIGHT="{num(self.header_h)}" BORDER="1" SIDES="B" '
            f'BGCOLOR="{t.va_fill if va else t.nva_fill}" CELLPADDING="{num(PAD)}">{header}</TD></TR>'
        ]
        if owner:
            cells.append(f'<TR><TD COLSPAN="2" ALIGN="LEFT" BALIGN="LEFT" CELLPADDING="{num(PAD)}">'
                         f'{_lines(owner, italic=True)}</TD></TR>')
        for key, value in rows:
            if key:
                cells.append(f'<TR><TD ALIGN="LEFT" WIDTH="{num(key_w)}" CELLPADDING="{num(PAD)}">{html(key)}</TD>'
                             f'<TD ALIGN="RIGHT" WIDTH="{num(inner - key_w)}" CELLPADDING="{num(PAD)}">'
                             f'{html(value)}</TD></TR>')
        if notes:
            cells.append(
                f'<TR><TD COLSPAN="2" ALIGN="LEFT" BALIGN="LEFT" CELLPADDING="{num(PAD)}"><FONT POINT-SIZE="{SMALL_PT}" '
                f'COLOR="{t.muted}">{_lines(notes, italic=True)}</FONT></TD></TR>'
            )
        cells.append('<TR><TD COLSPAN="2"></TD></TR>')  # takes up the box's spare height
        style = ' STYLE="dashed"' if not va else ""
        label = (
            f'<TABLE BORDER="{border}"{style} CELLBORDER="0" CELLSPACING="0" CELLPADDING="2" '
            f'WIDTH="{num(self.proc_w)}" HEIGHT="{num(self.proc_h)}" COLOR="{t.ink if va else t.nva_line}">'
            + "".join(cells) + "</TABLE>"
        )
        self.text(f"p{col.index}", col.centre, self.proc_h / 2, label,
                  id=f"step-{self.ids[step.id]}")

    def draw_queue(self, col: _Column) -> None:
        step, t = col.step, self.t
        head, extra, reason = self.queue_text[col.index]
        slug = self.ids[step.id]
        is_bottleneck = self.bottleneck is not None and step is self.bottleneck
        fill = t.bottleneck if is_bottleneck else t.queue_fill
        self.dot.node(
            f"q{col.index}", shape="triangle", fixedsize="true", width=num(TRI_W / 72), height=num(TRI_H / 72),
            style="filled,dashed" if step.informal_wait and not is_bottleneck else "filled", fillcolor=fill,
            penwidth=2.5 if is_bottleneck else 1.5,
            label=Html(f'<FONT POINT-SIZE="12" COLOR="{t.bottleneck_text if is_bottleneck else t.ink}">'
                       f"<B>I</B></FONT>"),
            labelloc="b", pos=self.pos(col.centre, self.tri_top + TRI_H / 2), id=f"queue-{slug}",
        )
        if step.informal_wait and is_bottleneck:
            # Dashes cannot show on a solid fill: a dashed outline around it says "informal".
            self.dot.node(f"q{col.index}_informal", shape="triangle", fixedsize="true", label="",
                          width=num((TRI_W + 18) / 72), height=num((TRI_H + 16) / 72), style="dashed",
                          penwidth=1.5, color=fill, pos=self.pos(col.centre, self.tri_top + TRI_H / 2))
        body = _lines(head, bold=True)
        if extra:
            body += ("<BR/>" if head else "") + _lines(extra, italic=True)
        y = self.tri_top + TRI_H + 6
        n = len(head) + len(extra)
        self.text(f"qt{col.index}", col.centre, y + n * line_height(LADDER_PT) / 2,
                  f'<FONT POINT-SIZE="{LADDER_PT}">{body}</FONT>')
        if reason:
            # Under the push arrow; in the first column (no arrow) right under the wait.
            top = self.push_dy + 12
            if col.index == 0:
                top = y + n * line_height(LADDER_PT) + 8
            self.text(f"qr{col.index}", col.centre,
                      top + len(reason) * line_height(SMALL_PT) / 2,
                      f'<FONT POINT-SIZE="{SMALL_PT}" COLOR="{t.muted}">{_lines(reason, italic=True)}</FONT>')
        if is_bottleneck:
            self.text(
                f"bn{col.index}", col.centre, -(self.badge_h + self.halo) / 2 - 2,
                f'<TABLE BORDER="0" CELLPADDING="3" CELLSPACING="0" BGCOLOR="{t.bottleneck}">'
                f'<TR><TD><FONT COLOR="{t.bottleneck_text}" POINT-SIZE="{DATA_PT}"><B>BOTTLENECK</B>'
                f'<BR/>longest wait</FONT></TD></TR></TABLE>',
                id="bottleneck",
            )

    def draw_push_arrows(self) -> None:
        procs = [c for c in self.columns if c.kind == "process"]
        y = self.push_dy
        for k, (a, b) in enumerate(zip(procs, procs[1:]), start=1):
            start = a.centre + self.proc_w / 2 + 4
            end = b.centre - self.proc_w / 2 - 4
            self.push_arrow(k, start, end, y)

    def push_arrow(self, k: int, start: float, end: float, y: float) -> None:
        """The push arrow: a striped bar (black and white, outlined) and a solid head."""
        t = self.t
        head_w, bar_h, pitch = 14.0, 10.0, 8.0
        neck = end - head_w
        length = neck - start
        self.dot.node(f"push{k}", shape="box", fixedsize="true", width=num(length / 72),
                      height=num(bar_h / 72), label="", penwidth=1.2, style="filled", fillcolor=t.paper,
                      pos=self.pos(start + length / 2, y), id=f"push-{k}")
        stripes = int((length - 4) // pitch)
        first = start + (length - stripes * pitch) / 2 + pitch / 2
        for i in range(stripes):
            self.dot.node(f"push{k}_{i}", shape="box", fixedsize="true", width=num(pitch / 2 / 72),
                          height=num(bar_h / 72), label="", penwidth=0, style="filled", fillcolor=t.ink,
                          pos=self.pos(first + i * pitch, y))
        self.dot.node(f"push{k}_head", shape="triangle", orientation=-90, fixedsize="true",
                      width=num(head_w / 72), height=num(20 / 72), label="", penwidth=1, style="filled",
                      fillcolor=t.ink, pos=self.pos(neck + head_w / 2, y))

    def burst_size(self, step: Step) -> tuple[float, float, list[str]]:
        lines = wrap(step.kaizen or "", self.proc_w - 40, DATA_PT)
        w = max(text_width(line, DATA_PT) for line in lines)
        h = len(lines) * line_height(DATA_PT)
        rx, ry = w / 2 * 1.42 + 8, h / 2 * 1.42 + 10
        return 2 * (rx + 11), 2 * (ry + 11), lines

    def draw_kaizen(self, col: _Column) -> None:
        width, height, lines = self.burst_size(col.step)
        cx, cy = col.centre, self.kaizen_top + height / 2
        rx, ry = width / 2 - 11, height / 2 - 11
        self.polyline(burst(cx, cy, rx, ry), closed=True, color=self.t.kaizen, penwidth=1.6)
        self.text(f"kz{col.index}", cx, cy, _lines(lines), id=f"kaizen-{self.ids[col.step.id]}")

    # -- information row -----------------------------------------------------------------

    def count_lanes(self) -> dict[str, float]:
        """Lanes for the flows that touch a step, and the spacing their labels need."""
        steps = {s.id for s in self.vsm.steps}
        flows = [f for f in self.vsm.info_flows if f.source in steps or f.target in steps]
        label_h = max((len(wrap(f.label, 170, SMALL_PT)) * line_height(SMALL_PT) for f in flows if f.label),
                      default=0.0)
        zigzag = 8.0 if any(f.kind == "electronic" for f in flows) else 0.0
        return {"steps": len(flows), "spacing": max(18.0, label_h + 10 + zigzag)}

    def draw_info_row(self) -> None:
        vsm, t = self.vsm, self.t
        step_ids = {s.id for s in vsm.steps}
        ends = [e for f in vsm.info_flows for e in (f.source, f.target)]
        parties = []
        for end in ends:
            if end not in step_ids and end not in (SUPPLIER, CUSTOMER) and end not in parties:
                parties.append(end)
        # name -> (node, x, y of its centre, y of its side facing the lanes)
        self.anchors: dict[str, tuple[str, float, float, float]] = {}
        # members of the information row -> (half width, top, bottom, is a factory)
        self.members: dict[str, tuple[float, float, float, bool]] = {}
        self.side_top: dict[str, float] = {}  # where a member's straight side begins
        bottom = self.info_bottom
        first, last = self.columns[0], self.columns[-1]
        if vsm.supplier is not None or SUPPLIER in ends:
            x = first.left - 80
            self.draw_factory("supplier", vsm.supplier or "Supplier", x, bottom)
            if first.kind == "queue":  # into the triangle's side, low down
                # (Graphviz draws the triangle 3/4 as high as its box, its apex at the top.)
                y = self.tri_top + TRI_H * 0.6
                halo = first.step.informal_wait and first.step is self.bottleneck
                end = first.centre - TRI_W * 0.4 - 1 - (5 if halo else 0)
            else:
                y, end = self.push_dy, first.centre - self.proc_w / 2 - 1
            self.material_arrow([self.point(x, bottom), self.point(x, y), self.point(end, y)])
        if vsm.customer is not None or CUSTOMER in ends:
            x = last.right + 80
            self.draw_factory("customer", vsm.customer or "Customer", x, bottom)
            start = self.point(last.centre + self.proc_w / 2, self.push_dy)
            self.material_arrow([start, self.point(x, self.push_dy), self.point(x, bottom + 1)])
        # Parties sit over queue columns, so their lines never run along a step's.
        between = [c.centre for c in self.columns if c.kind != "process"] or [c.centre for c in self.columns]
        span_l, span_r = first.left, last.right
        taken: set[float] = set()
        for k, party in enumerate(parties):
            ideal = span_l + (k + 1) * (span_r - span_l) / (len(parties) + 1)
            free = [c for c in between if c not in taken] or between
            x = min(free, key=lambda c: abs(c - ideal))
            taken.add(x)
            lines = wrap(party, 130, DATA_PT, bold=True)
            h = len(lines) * line_height(DATA_PT) + 16
            w = math.ceil(max(text_width(line, DATA_PT, bold=True) for line in lines)) + 18
            name = self.text(f"party{k + 1}", x, bottom - h / 2,
                             f'<TABLE BORDER="2" CELLPADDING="7" CELLSPACING="0" BGCOLOR="{t.paper}" '
                             f'HEIGHT="{num(h)}"><TR><TD WIDTH="{num(w - 4)}">{_lines(lines, bold=True)}</TD></TR>'
                             f'</TABLE>',
                             id=f"party-{k + 1}")
            self.anchors[party] = (name, x, bottom - h / 2, bottom)
            self.members[party] = (w / 2, bottom - h, bottom, False)
            self.side_top[party] = bottom - h
        for c in self.columns:
            if c.kind == "process":
                self.anchors[c.step.id] = (f"p{c.index}", c.centre, self.proc_h / 2, 0.0)
        lane_flows = [(k, f) for k, f in enumerate(vsm.info_flows, start=1)
                      if f.source in step_ids or f.target in step_ids]
        lanes = self.order_lanes([f for _, f in lane_flows], step_ids)
        ports = self.lane_ports([f for _, f in lane_flows], lanes, step_ids)
        lane_y = [-self.badge_h - 24 - self.info_lanes["spacing"] * lane for lane in lanes]
        # Every vertical line below the information row, so labels can keep clear of them.
        legs = [(ports[(n, e)][1], ports[(n, e)][2], lane_y[n]) for n in range(len(lane_flows)) for e in (0, 1)]
        legs += [(x, bottom, self.push_dy) for x, _ in self.icons]
        for n, (k, flow) in enumerate(lane_flows):
            self.lane_flow(k, flow, ports[(n, 0)], ports[(n, 1)], lane_y[n], legs)
        self.draw_row_flows([(k, f) for k, f in enumerate(vsm.info_flows, start=1)
                             if f.source not in step_ids and f.target not in step_ids])

    def order_lanes(self, flows: list, step_ids: set[str]) -> list[int]:
        """The lane (0 = nearest the process row) of each flow that touches a step.

        Short flows go low and long ones high, then pairs of lanes are swapped while that
        lowers the number of places where one flow's vertical line crosses another's lane.
        """
        spans = []
        for f in flows:
            xa, xb = self.anchors[f.source][1], self.anchors[f.target][1]
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

    def lane_ports(self, flows: list, lanes: list[int], step_ids: set[str]) -> dict[tuple[int, int], tuple[str, float, float]]:
        """Where each lane flow meets its two anchors: points 16 apart along the side
        facing the lanes, ordered so that lines leaving one anchor do not cross."""
        attached: dict[str, list[tuple[int, int, float]]] = {}
        for n, f in enumerate(flows):
            for end, (key, other) in enumerate(((f.source, f.target), (f.target, f.source))):
                attached.setdefault(key, []).append((n, end, self.anchors[other][1] - self.anchors[key][1]))
        ports: dict[tuple[int, int], tuple[str, float, float]] = {}
        for key, items in attached.items():
            _, x, _, face = self.anchors[key]
            below = key in step_ids  # a step: its lines go up to the lanes
            left = [i for i in items if i[2] < -1]
            right = [i for i in items if i[2] > 1]
            middle = [i for i in items if -1 <= i[2] <= 1]
            # Lines to the left: lower lanes on the left under a step, higher ones above a party.
            left.sort(key=lambda i: lanes[i[0]] * (1 if below else -1))
            right.sort(key=lambda i: lanes[i[0]] * (-1 if below else 1))
            slots: list = [*left, *middle, *right]
            if key in (SUPPLIER, CUSTOMER):  # the centre carries material
                slots.insert(len(left), None)
            centre = (len(slots) - 1) / 2
            for s, item in enumerate(slots):
                if item is None:
                    continue
                px = x + (s - centre) * 16.0
                ports[(item[0], item[1])] = (self.point(px, face), px, face)
        return ports

    def draw_row_flows(self, flows: list) -> None:
        """Flows between members of the information row: side by side when nothing stands
        between them, otherwise over the top of the row in lanes of their own."""
        if not flows:
            return
        pairs: dict[frozenset, int] = {}
        row_top = min(top for _, top, _, _ in self.members.values())
        over: list = []
        for k, flow in flows:
            a, b = self.anchors[flow.source][1], self.anchors[flow.target][1]
            lo, hi = min(a, b), max(a, b)
            blocked = any(lo < self.anchors[key][1] < hi for key in self.members)
            pair = frozenset((flow.source, flow.target))
            count = sum(1 for kk, f in flows if frozenset((f.source, f.target)) == pair)
            if blocked or count > 2:
                over.append((k, flow, hi - lo))
                continue
            n = pairs.get(pair, 0)
            pairs[pair] = n + 1
            self.side_flow(k, flow, n if count == 2 else -1)
        over.sort(key=lambda item: (item[2], item[0]))
        tops: dict[str, int] = {}
        label_h = max((len(wrap(f.label, 170, SMALL_PT)) * line_height(SMALL_PT) for _, f, _ in over if f.label),
                      default=0.0)
        spacing = max(18.0, label_h + 18)
        for lane, (k, flow, _) in enumerate(over):
            y = row_top - 22 - spacing * lane
            ends = []
            for key in (flow.source, flow.target):
                n = tops.get(key, 0)
                tops[key] = n + 1
                half, top, _, is_factory = self.members[key]
                px = self.anchors[key][1] + ((n + 1) // 2) * 14.0 * (1 if n % 2 else -1)
                ends.append((px, self.roof_y(key, px) if is_factory else top))
            (xa, ya), (xb, yb) = ends
            a, b = (xa, y), (xb, y)
            corners = [self.point(*a)]
            if flow.kind == "electronic":
                corners += [self.point(*c) for c in lightning(a, b)]
            corners.append(self.point(*b))
            self.chain([self.point(xa, ya), *corners, self.point(xb, yb)])
            self.flow_label(k, flow.label, a, b, flow.kind == "electronic")

    def roof_y(self, key: str, x: float) -> float:
        """The y of a factory's saw-tooth roof above ``x``."""
        half, top, _, _ = self.members[key]
        cx = self.anchors[key][1]
        tooth = 2 * half / 3
        frac = ((x - (cx - half)) / tooth) % 1.0
        return top + FACTORY_ROOF * frac

    def side_flow(self, k: int, flow, n: int) -> None:
        """A flow between two neighbours of the information row: one horizontal line from
        side to side; a second flow between the same two runs under the first."""
        (sh, _, sbottom, _), (th, _, tbottom, _) = self.members[flow.source], self.members[flow.target]
        sx, tx = self.anchors[flow.source][1], self.anchors[flow.target][1]
        top = max(self.side_top[flow.source], self.side_top[flow.target])
        bottom = min(sbottom, tbottom)
        y = (top + bottom) / 2 + (0 if n < 0 else (-6 if n == 0 else 6))
        direction = 1 if tx > sx else -1
        a, b = (sx + direction * (sh + 1), y), (tx - direction * (th + 1), y)
        at = 0.5 if n < 0 else (0.4 if n == 0 else 0.6)
        inner = [self.point(*c) for c in lightning(a, b, at=at)] if flow.kind == "electronic" else []
        self.chain([self.point(*a), *inner, self.point(*b)])
        gap = abs(b[0] - a[0]) - 8
        mid = (a[0] + (b[0] - a[0]) * at, y)
        self.flow_label(k, flow.label, mid, mid, flow.kind == "electronic", below=n == 1,
                        width=max(60.0, min(170.0, gap)))

    def draw_factory(self, key: str, label: str, x: float, bottom: float) -> None:
        """The factory icon of the supplier or customer, its name inside the building."""
        lines = wrap(label, 110, DATA_PT, bold=True)
        text_w = max(text_width(line, DATA_PT, bold=True) for line in lines)
        text_h = len(lines) * line_height(DATA_PT)
        icon_w, roof, body = max(84.0, text_w + 16), FACTORY_ROOF, text_h + 14
        top = bottom - roof - body
        self.polyline(factory(x, top, icon_w, roof, body), closed=True, penwidth=1.6)
        self.icons.append((x, icon_w))
        anchor = self.dot.node(key, shape="box", style="invis", fixedsize="true", label="",
                               width=num(icon_w / 72), height=num((roof + body) / 72),
                               pos=self.pos(x, top + (roof + body) / 2), id=key)
        self.text(f"{key}_label", x, bottom - body / 2, _lines(lines, bold=True))
        name = SUPPLIER if key == "supplier" else CUSTOMER
        self.anchors[name] = (anchor, x, top + (roof + body) / 2, bottom)
        self.members[name] = (icon_w / 2, top, bottom, True)
        self.side_top[name] = bottom - body

    def material_arrow(self, nodes: list[str]) -> None:
        """Material from the supplier or to the customer: a heavy line, square corners."""
        for i, (tail, head) in enumerate(zip(nodes, nodes[1:])):
            head_attrs = {"arrowhead": "normal", "arrowsize": 1.0} if i == len(nodes) - 2 else {}
            self.dot.edge(tail, head, penwidth=2.2, **head_attrs)

    def flow_label(self, k: int, text: Optional[str], a: Point, b: Point, zigzag: bool = False,
                   below: bool = False, width: float = 170.0) -> None:
        """The label of flow ``k`` beside the middle of ``a -> b`` (above, or right of a vertical
        line), on a patch of paper so that a line passing behind it never strikes it through."""
        if not text:
            return
        lines = wrap(text, width, SMALL_PT)
        w = max(text_width(line, SMALL_PT) for line in lines) + 6
        h = len(lines) * line_height(SMALL_PT) + 2
        nx, ny = unit_normal(a, b) if a != b else (0.0, -1.0)
        if below:
            nx, ny = -nx, -ny
        offset = abs(nx) * w / 2 + abs(ny) * h / 2 + (9 if a[1] != b[1] else 3) + (8 if zigzag else 0)
        mx, my = (a[0] + b[0]) / 2 + nx * offset, (a[1] + b[1]) / 2 + ny * offset
        self.text(f"flow{k}_label", mx, my,
                  f'<TABLE BORDER="0" CELLPADDING="0" CELLSPACING="0" BGCOLOR="{self.t.paper}"><TR><TD>'
                  f'<FONT POINT-SIZE="{SMALL_PT}" COLOR="{self.t.info}">{_lines(lines, italic=True)}</FONT>'
                  f'</TD></TR></TABLE>')

    def chain(self, nodes: list[str], **attrs) -> None:
        """Straight information-flow segments through ``nodes``, the arrowhead on the last."""
        style = {"color": self.t.info, "penwidth": 1.2, **attrs}
        for i, (tail, head) in enumerate(zip(nodes, nodes[1:])):
            last = i == len(nodes) - 2
            self.dot.edge(tail, head, **style, **({"arrowhead": "normal", "arrowsize": 0.8} if last else {}))

    def label_at(self, text: Optional[str], a: Point, b: Point, zigzag: bool,
                 legs: list[tuple[float, float, float]]) -> float:
        """Where along the horizontal ``a -> b`` its label (above it) touches no vertical line."""
        if not text:
            return 0.5
        lines = wrap(text, 170, SMALL_PT)
        half = (max(text_width(line, SMALL_PT) for line in lines) + 6) / 2 + 3
        top = a[1] - 3 - (8 if zigzag else 0) - len(lines) * line_height(SMALL_PT) - 4
        lo, hi = min(a[0], b[0]), max(a[0], b[0])
        for at in (0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8, 0.12, 0.88):
            x = a[0] + (b[0] - a[0]) * at
            if x - half < lo - 4 or x + half > hi + 4:
                continue
            if not any(x - half < lx < x + half and min(y0, y1) < a[1] and max(y0, y1) > top
                       for lx, y0, y1 in legs):
                return at
        return 0.5

    def lane_flow(self, k: int, flow, src, dst, y: float, legs: list[tuple[float, float, float]]) -> None:
        """A flow to or from a step: vertical into the box, horizontal along its own lane."""
        a, b = (src[1], y), (dst[1], y)
        if abs(a[0] - b[0]) < 40:  # one above the other: a single vertical line
            x = (a[0] + b[0]) / 2
            p, q = (x, src[2]), (x, dst[2])
            inner = [self.point(*c) for c in lightning(p, q)] if flow.kind == "electronic" else []
            self.chain([self.point(*p), *inner, self.point(*q)])
            self.flow_label(k, flow.label, p, q, flow.kind == "electronic")
            return
        at = self.label_at(flow.label, a, b, flow.kind == "electronic", legs)
        corners = [self.point(*a)]
        if flow.kind == "electronic":
            corners += [self.point(x, yy) for x, yy in lightning(a, b, at=at)]
        corners.append(self.point(*b))
        self.chain([src[0], *corners, dst[0]])
        mid = (a[0] + (b[0] - a[0]) * at, y)
        self.flow_label(k, flow.label, (mid[0] - 1, y), (mid[0] + 1, y), flow.kind == "electronic")

    # -- ladder --------------------------------------------------------------------------

    def draw_ladder(self) -> None:
        t, m = self.t, self.m
        up = self.ladder_top + line_height(LADDER_PT) + 8
        low = up + 34
        self.ladder_low = low
        prev: Optional[str] = None
        for col in self.columns:
            level = up if col.kind == "queue" else low
            a, b = self.point(col.left, level), self.point(col.right, level)
            if prev is not None:
                self.dot.edge(prev, a, penwidth=1.5)
            slug = self.ids[col.step.id]
            bold = self.bottleneck is not None and col.kind == "queue" and col.step is self.bottleneck
            if col.kind == "queue":
                self.dot.edge(a, b, penwidth=3.5 if bold else 1.5, id=f"rung-wait-{slug}")
                label = f"<B>{html(self.dur(col.step.wait_time))}</B>"
                self.text(f"lw{col.index}", col.centre, up - 4 - line_height(LADDER_PT) / 2,
                          f'<FONT POINT-SIZE="{LADDER_PT}">{label}</FONT>', id=f"ladder-wait-{slug}")
            elif col.kind == "process":
                self.dot.edge(a, b, penwidth=1.5, id=f"rung-process-{slug}")
                self.text(f"lp{col.index}", col.centre, low + 4 + line_height(LADDER_PT) / 2,
                          f'<FONT POINT-SIZE="{LADDER_PT}">{html(self.dur(col.step.process_time))}</FONT>',
                          id=f"ladder-process-{slug}")
            else:
                self.dot.edge(a, b, penwidth=1.5)
            prev = b
        self.ladder_bottom = low + 6 + line_height(LADDER_PT)
        rows = [("Lead time", self.dur(m.lead_time), True),
                ("Process time", self.dur(m.process_time), True),
                ("Flow efficiency", format_percent(m.flow_efficiency), True)]
        if m.takt_time is not None:
            rows.append(("Takt time", self.dur(m.takt_time), False))
        cells = "".join(
            f'<TR><TD ALIGN="LEFT" WIDTH="96">{html(k)}</TD><TD ALIGN="RIGHT" WIDTH="80">{"<B>" if b else ""}'
            f'{html(v)}{"</B>" if b else ""}</TD></TR>'
            for k, v, b in rows
        )
        rating = f'<TR><TD COLSPAN="2" ALIGN="RIGHT"><FONT POINT-SIZE="{SMALL_PT}"><I>{html(m.rating)}</I></FONT></TD></TR>'
        n = len(rows) + 1
        h = n * (line_height(LADDER_PT) + 6) + 8
        self.text("totals", self.row_right + 16 + 90, (up + low) / 2,
                  f'<TABLE BORDER="2" CELLBORDER="0" CELLSPACING="0" CELLPADDING="3" WIDTH="180" '
                  f'BGCOLOR="{t.paper}"><TR><TD COLSPAN="2" WIDTH="176" BORDER="1" SIDES="B" BGCOLOR="{t.header_fill}">'
                  f'<B>Totals</B></TD></TR>{cells}{rating}</TABLE>',
                  fontsize=LADDER_PT, id="totals")
        self.totals_bottom = (up + low) / 2 + h / 2 + line_height(LADDER_PT)

    def draw_proportional(self) -> None:
        t, m = self.t, self.m
        left, right = self.columns[0].left, self.row_right
        y = max(self.ladder_bottom, self.totals_bottom) + 24
        parts = []
        for s in self.vsm.steps:
            if s.wait_time > 0:
                parts.append(("wait", s, s.wait_time))
            if s.process_time > 0:
                parts.append(("work", s, s.process_time))
        total = m.lead_time
        if total <= 0 or not parts:
            return
        minimum = 1.0
        width = right - left
        raw = [width * d / total for _, _, d in parts]
        small = sum(minimum for r in raw if r < minimum)
        rest = sum(r for r in raw if r >= minimum)
        scale = (width - small) / rest if rest else 0.0
        widths = [minimum if r < minimum else r * scale for r in raw]
        x = left
        height = 16.0
        for (kind, s, _), w in zip(parts, widths):
            fill = t.wait_bar if kind == "wait" else t.work_bar
            self.dot.node(f"bar_{kind}{s and self.vsm.steps.index(s)}", shape="box", style="filled",
                          fixedsize="true", width=num(w / 72), height=num(height / 72), label="",
                          fillcolor=fill, color=fill, penwidth=0, pos=self.pos(x + w / 2, y))
            x += w
        self.dot.node("bar_frame", shape="box", fixedsize="true", width=num(width / 72),
                      height=num(height / 72), label="", penwidth=1.2, pos=self.pos(left + width / 2, y),
                      id="lead-time-to-scale")
        waiting = m.wait_time / total
        legend = (
            f'<FONT COLOR="{t.wait_bar}">■</FONT> waiting {html(self.dur(m.wait_time))} '
            f"({html(format_percent(waiting))})   "
            f'<FONT COLOR="{t.work_bar}">■</FONT> working {html(self.dur(m.process_time))} '
            f"({html(format_percent(m.process_time / total))})   "
            f"<I>lead time {html(self.dur(m.lead_time))}, drawn to scale</I>"
        )
        plain = (f"■ waiting {self.dur(m.wait_time)} ({format_percent(waiting)})   ■ working {self.dur(m.process_time)} "
                 f"({format_percent(m.process_time / total)})   lead time {self.dur(m.lead_time)}, drawn to scale")
        lw = math.ceil(text_width(plain, DATA_PT))
        # A box as wide as the estimate, the text flush left in it: the legend starts where the bar does.
        self.text("bar_legend", left + lw / 2, y + height / 2 + 6 + line_height(DATA_PT) / 2,
                  f'<TABLE BORDER="0" CELLPADDING="0" CELLSPACING="0"><TR><TD ALIGN="LEFT" WIDTH="{lw}">'
                  f"{legend}</TD></TR></TABLE>")
        self.bar_bottom = y + height / 2 + 8 + line_height(DATA_PT)

    def draw_caption(self) -> None:
        vsm = self.vsm
        width = max(self.row_right, 500.0)
        rows = [f'<FONT POINT-SIZE="{TITLE_PT}"><B>{_lines(wrap(vsm.title, width, TITLE_PT, bold=True))}</B></FONT>']
        sub = " · ".join(x for x in (_state(vsm), vsm.date.isoformat() if vsm.date else "") if x)
        if sub:
            rows.append(f'<FONT POINT-SIZE="{LADDER_PT}">{html(sub)}</FONT>')
        b = vsm.boundaries
        if b.start or b.end:
            scope = f"From: {b.start or '…'}  →  To: {b.end or '…'}"
            rows.append(f'<FONT POINT-SIZE="{LADDER_PT}">{_lines(wrap(scope, width, LADDER_PT), italic=True)}</FONT>')
        label = ('<TABLE BORDER="0" CELLPADDING="2" CELLSPACING="0">'
                 + "".join(f'<TR><TD ALIGN="LEFT" BALIGN="LEFT">{r}</TD></TR>' for r in rows)
                 + '<TR><TD HEIGHT="14"></TD></TR></TABLE>')
        self.dot.attr(label=Html(label))
