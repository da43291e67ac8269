"""The lead-time ladder under the process row, its totals box and the lead time to scale.

Each rung spans exactly its column: upper rungs under the queues (waits), lower rungs
under the process boxes (process times), so the ladder lines up with the steps above.
"""
from __future__ import annotations

from typing import Optional

from ..durations import format_percent, humanize
from ..metrics import Metrics
from ..model import ValueStreamMap
from ..textwidth import line_height, text_width
from ..words import flow_figures
from ..themes import Theme
from .canvas import Canvas
from .changes import Was, draw_figure, figure_width, rating_was
from .measure import DATA_PT, LADDER_PT, SMALL_PT
from .steps import Slot

__all__ = ["RISE", "POSTER_RISE", "draw_ladder", "draw_totals", "draw_to_scale"]


#: Between the ladder's upper and lower rungs, in points: on a page, and on a poster (its
#: rows as short as they can be).
RISE, POSTER_RISE = 34.0, 20.0


def draw_ladder(cv: Canvas, t: Theme, vsm: ValueStreamMap, slots: list[Slot], top: float,
                bottleneck_id: str | None, rise: float = RISE) -> tuple[float, float, float]:
    """The square wave of waits and process times, its rungs ``rise`` apart; returns
    (upper, lower, bottom) y."""
    up = top + ladder_middle(rise) - rise / 2
    low = up + rise
    prev = None
    for slot in slots:
        c = slot.content
        lid = f"ladder:{c.slug}"
        level = up if slot.kind == "queue" else low
        a, b = (slot.left, level), (slot.right, level)
        if prev is not None:
            cv.line(f"{lid}/riser-{slot.kind}", "ladder-riser", [prev, a], t.ink, width=1.5)
        if slot.kind == "queue":
            bold = c.step.id == bottleneck_id
            cv.line(f"{lid}/wait", "ladder-wait", [a, b], t.ink, width=3.5 if bold else 1.5)
            draw_figure(cv, t, f"{lid}/wait-time", "ladder-wait-time", slot.centre, up - 4 - line_height(LADDER_PT),
                        c.wait_time, c.was.get("wait", ""), LADDER_PT, t.ink, bold=True)
        elif slot.kind == "process":
            # A process time above takt: a heavy rung that says so (not colour alone).
            cv.line(f"{lid}/process", "ladder-process", [a, b], t.ink, width=3.5 if c.over_takt else 1.5)
            draw_figure(cv, t, f"{lid}/process-time", "ladder-process-time", slot.centre, low + 4,
                        c.process_time + (" > takt" if c.over_takt else ""), c.was.get("process", ""), LADDER_PT,
                        t.ink, bold=c.over_takt)
        else:  # a gap, or room where a branch leaves or joins (fork, join)
            cv.line(f"{lid}/{slot.kind}", "ladder-gap", [a, b], t.ink, width=1.5)
        prev = b
    return up, low, low + 6 + line_height(LADDER_PT)


def ladder_middle(rise: float = RISE) -> float:
    """How far under its top (:func:`draw_ladder`'s ``top``) a ladder's rungs ``rise``
    apart have their middle, where the totals box beside it is centred."""
    return line_height(LADDER_PT) + 8 + rise / 2


def totals_height(rows: int) -> float:
    """The totals box's height with ``rows`` figures (heading and rating besides)."""
    return (rows + 2) * (line_height(LADDER_PT) + 6) + 4


def totals_rows(m: Metrics, was: Optional[Was] = None) -> int:
    """How many figures the totals box shows."""
    return 3 + bool(m.loops or (was and was.metrics.loops)) + (m.takt_time is not None)


def _totals(vsm: ValueStreamMap, m: Metrics, rework: bool) -> dict[str, str]:
    cal = vsm.calendar
    values = {"lead-time": humanize(m.lead_time, cal)}
    if rework:
        values["lead-time-rework"] = humanize(m.lead_time_with_rework, cal)
    values["process-time"], values["flow-efficiency"], _ = flow_figures(
        vsm, humanize(m.process_time, cal), format_percent(m.flow_efficiency), m.rating)
    if m.takt_time is not None:
        values["takt-time"] = humanize(m.takt_time, cal)
    return values


_TOTALS = {"lead-time": "Lead time", "lead-time-rework": "With rework", "process-time": "Process time",
           "flow-efficiency": "Flow efficiency", "takt-time": "Takt time"}


def draw_totals(cv: Canvas, t: Theme, vsm: ValueStreamMap, m: Metrics, left: float, middle: float,
                below: bool = False, was: Optional[Was] = None) -> float:
    """The totals box, its left side at ``left``, centred on ``middle`` (or its top there,
    ``below``); returns its bottom. With ``was``, a total the what-if changed shows the old
    value ghosted before the new one."""
    rework = bool(m.loops or (was and was.metrics.loops))
    now = _totals(vsm, m, rework)
    then = _totals(was.vsm, was.metrics, rework) if was else {}
    rating = flow_figures(vsm, "", "", m.rating)[2]
    rows = [(name, _TOTALS[name], value, name != "takt-time",
             then[name] if name in then and then[name] != value else "") for name, value in now.items()]
    lh = line_height(LADDER_PT)
    row_h = lh + 6
    rating_old = rating_was(m, was)
    width = max([180.0, *(text_width(key, LADDER_PT) + figure_width(value, old, LADDER_PT, bold) + 16
                          for _, key, value, bold, old in rows),
                 figure_width(rating, rating_old, SMALL_PT) + 12])
    height = totals_height(len(rows))
    top = middle if below else middle - height / 2
    right = left + width
    cv.rect("totals/header", "totals-header", left, top, right, top + row_h + 2, fill=t.header_fill)
    cv.line("totals/rule", "totals-rule", [(left, top + row_h + 2), (right, top + row_h + 2)], t.ink, width=1.0)
    cv.rect("totals/box", "totals", left + 1, top + 1, right - 1, top + height - 1, stroke=t.ink, width=2.0)
    cv.text("totals/heading", "totals-heading", (left + right) / 2, top + 5, ["Totals"], LADDER_PT, t.ink, bold=True)
    y = top + row_h + 2 + 3
    for name, key, value, bold, old in rows:
        cv.text(f"totals/{name}-key", "totals-key", left + 6, y + 3, [key], LADDER_PT, t.ink, anchor="start")
        draw_figure(cv, t, f"totals/{name}", "totals-value", right - 6, y + 3, value, old, LADDER_PT, t.ink,
                    anchor="end", bold=bold)
        y += row_h
    draw_figure(cv, t, "totals/rating", "rating", right - 6, y + 3, rating, rating_old, SMALL_PT, t.ink,
                anchor="end", italic=True)
    return top + height


def draw_to_scale(cv: Canvas, t: Theme, vsm: ValueStreamMap, m: Metrics, left: float, right: float,
                  top: float) -> float:
    """Under the ladder, a bar of the lead time drawn to scale; returns its legend's bottom."""
    parts = []
    for s in (s for s in vsm.steps if m.on_critical_path(s)):  # the lead time's steps
        if s.wait_time > 0:
            parts.append(("wait", s, s.wait_time))
        if s.process_time > 0:
            parts.append(("work", s, s.process_time))
    total = m.lead_time
    if total <= 0 or not parts:
        return top
    minimum = 1.0
    width = right - left
    raw = [width * d / total for _, _, d in parts]
    small = sum(minimum for r in raw if r < minimum)
    rest = sum(r for r in raw if r >= minimum)
    scale = (width - small) / rest if rest else 0.0
    widths = [minimum if r < minimum else r * scale for r in raw]
    x = left
    height = 16.0
    for k, ((kind, s, _), w) in enumerate(zip(parts, widths)):
        fill = t.wait_bar if kind == "wait" else t.work_bar
        cv.rect(f"scale:{k}/{kind}", f"scale-{kind}", x, top, x + w, top + height, fill=fill)
        x += w
    cv.rect("scale/frame", "scale-frame", left, top, right, top + height, stroke=t.ink, width=1.2)
    cal = vsm.calendar
    y = top + height + 6
    pieces = [
        ("wait-key", "■", t.wait_bar, False, 3),
        ("wait", f"waiting {humanize(m.wait_time, cal)} ({format_percent(m.wait_time / total)})", t.ink, False, 14),
        ("work-key", "■", t.work_bar, False, 3),
        ("work", f"working {humanize(m.process_time, cal)} ({format_percent(m.process_time / total)})", t.ink,
         False, 14),
        ("lead", f"lead time {humanize(m.lead_time, cal)}"
         f"{' along the critical path' if m.branched else ''}, drawn to scale", t.ink, True, 0),
    ]
    x = left
    for name, text, color, italic, gap in pieces:
        shown = cv.text(f"scale/legend-{name}", "scale-legend", x, y, [text], DATA_PT, color, anchor="start",
                        italic=italic)
        x += shown.width + gap if shown else 0
    return y + line_height(DATA_PT) + 2
