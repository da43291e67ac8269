"""The whole map laid out: measure the steps, place them, draw every band into one Scene.

Bands from the top: the caption, the information row and its lanes, the bottleneck
badge, the process row (queues, boxes, push arrows), kaizen bursts, the ladder with
its totals, and the lead time to scale when asked for.
"""
from __future__ import annotations

from typing import Optional

from ..durations import format_percent, humanize
from ..metrics import Metrics
from ..model import ValueStreamMap
from ..textwidth import line_height, wrap
from ..themes import theme as get_theme
from .canvas import Canvas
from .info import count_lanes, draw_info_row
from .ladder import draw_ladder, draw_to_scale, draw_totals
from .measure import LADDER_PT, SMALL_PT, TITLE_PT, TRI_H, measure
from .scene import Column, Row, Scene
from .steps import (RowFrame, burst_size, draw_kaizen, draw_process, draw_push_arrows, draw_queue,
                    place_steps)

__all__ = ["LADDERS", "diagram_scene", "describe", "title_line"]

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


def diagram_scene(vsm: ValueStreamMap, m: Metrics, *, theme: str = "classic", ladder: str = "classic",
                  width: Optional[float] = None, legend: bool = False) -> Scene:
    """The diagram of ``vsm`` laid out: every element positioned, with a stable id.

    ``width`` is the CSS pixel width the picture will be shown at and ``legend`` asks for
    a key of the symbols used; both are accepted for the callers' sake and not used yet.
    """
    if ladder not in LADDERS:
        raise ValueError(f"unknown ladder {ladder!r}; use one of {', '.join(LADDERS)}")
    t = get_theme(theme)
    cv = Canvas()
    contents, sizes = measure(vsm)
    slots = place_steps(contents, sizes)
    bottleneck = m.bottleneck if m.bottleneck.wait_time > 0 else None
    bottleneck_informal = bottleneck is not None and bottleneck.informal_wait

    # Heights of the process row (its top is y = 0).
    halo = 6.0 if bottleneck_informal else 0.0
    tri_top = 4.0
    push_dy = tri_top + TRI_H + 8 + sizes.queue_lines * line_height(LADDER_PT) + 14
    proc_h = max(sizes.header_h + sizes.data_h + 2 * 4 + 6, push_dy + 30)
    frame = RowFrame(proc_h=proc_h, tri_top=tri_top, push_dy=push_dy,
                     badge_h=30.0 + halo if bottleneck else 0.0, halo=halo)
    reason_bottom = max((push_dy + 14 + len(c.reason) * line_height(SMALL_PT) for c in contents if c.queue),
                        default=0.0)
    row_h = max(proc_h, reason_bottom)

    for slot in slots:
        if slot.kind == "queue":
            draw_queue(cv, t, slot, frame, bottleneck is not None and slot.content.step.id == bottleneck.id)
        elif slot.kind == "process":
            draw_process(cv, t, slot, sizes, frame)
    draw_push_arrows(cv, t, slots, sizes, frame)
    kaizen_top = row_h + 18
    kaizen_h = max((burst_size(s.content, sizes.proc_w)[1] for s in slots
                    if s.kind == "process" and s.content.step.kaizen), default=0.0)
    for slot in slots:
        if slot.kind == "process":
            draw_kaizen(cv, t, slot, sizes.proc_w, kaizen_top)
    icons = draw_info_row(cv, t, vsm, slots, sizes.proc_w, frame, count_lanes(vsm), bottleneck_informal)

    ladder_top = kaizen_top + (kaizen_h + 16 if kaizen_h else 8)
    up, low, ladder_bottom = draw_ladder(cv, t, vsm, slots, ladder_top, bottleneck.id if bottleneck else None)
    row_right = slots[-1].right
    totals_bottom = draw_totals(cv, t, vsm, m, row_right + 16, (up + low) / 2)
    bottom = max(ladder_bottom, totals_bottom)
    if ladder == "proportional":
        bottom = max(bottom, draw_to_scale(cv, t, vsm, m, slots[0].left, row_right, bottom + 16))

    left = min([slots[0].left, *(x - w / 2 for x, w in icons)])
    top = min(e.box[1] for e in cv.elements)
    draw_caption(cv, vsm, t.ink, left, top - 14, max(row_right, 500.0))

    columns = {}
    for slot in slots:
        step_id = slot.content.step.id
        col = columns.get(step_id)
        columns[step_id] = Column(step_id, col.x0 if col else slot.left, slot.right, slot.row)
    return cv.freeze(columns=columns, rows=(Row(0, -frame.badge_h, bottom),), paper=t.paper,
                     title=title_line(vsm), desc=describe(vsm, m), theme=theme)


def draw_caption(cv: Canvas, vsm: ValueStreamMap, ink: str, left: float, bottom: float, width: float) -> None:
    """Title, state and date, and the map's boundaries, above everything, flush left."""
    title = wrap(vsm.title, width, TITLE_PT, bold=True)
    sub = " · ".join(x for x in (state_words(vsm), vsm.date.isoformat() if vsm.date else "") if x)
    b = vsm.boundaries
    scope = wrap(f"From: {b.start or '…'}  →  To: {b.end or '…'}", width, LADDER_PT) if b.start or b.end else []
    height = len(title) * line_height(TITLE_PT) + 4
    height += (line_height(LADDER_PT) + 4 if sub else 0) + (len(scope) * line_height(LADDER_PT) + 4 if scope else 0)
    y = bottom - height
    cv.text("caption/title", "title", left, y, title, TITLE_PT, ink, anchor="start", bold=True)
    y += len(title) * line_height(TITLE_PT) + 4
    if sub:
        cv.text("caption/state", "state", left, y, [sub], LADDER_PT, ink, anchor="start")
        y += line_height(LADDER_PT) + 4
    cv.text("caption/scope", "boundaries", left, y, scope, LADDER_PT, ink, anchor="start", italic=True)
