"""A what-if made visible: each figure the changes moved is marked, its old value ghosted.

The diagram of a changed map (``vsm-draw whatif -o``) is laid out with :class:`Was`, the
map before the changes. Every figure that differs from it (a wait, a process time, a
data-box value, the items queued, a rework rate, what a step starts after, a total)
is drawn as ``old ◆ new``: the old value lighter, smaller and struck through, then the
change mark (a small diamond, a shape no other symbol of the map uses), then the new
value as the map would show it. Figures are matched step by step.
"""
from __future__ import annotations

from typing import Optional

from ..durations import format_percent, humanize
from ..frozen import frozen
from ..metrics import Metrics
from ..model import Step, ValueStreamMap
from ..textwidth import line_height, text_width
from ..themes import Theme
from ..words import UNKNOWN, gives_process_time
from .canvas import Canvas
from .scene import Text

__all__ = ["Was", "GHOST_PT", "MARK_W", "before_step", "figure_width", "draw_figure", "draw_mark",
           "strike_width", "slack_was", "with_slack_ghost", "rating_was", "bottleneck_was",
           "draw_bottleneck_was", "BOTTLENECK_WAS"]

#: The ghosted old value's size: the map's smallest text, so wrapping is unchanged.
GHOST_PT = 8.5
#: Room for the change mark, and the space on each side of it.
MARK_W, MARK_GAP = 7.0, 3.0


@frozen
class Was:
    """The map before a what-if's changes, its metrics, and the changes in words (one
    sentence each, for the caption)."""

    vsm: ValueStreamMap
    metrics: Metrics
    words: tuple[str, ...] = ()


def before_step(was: Optional[Was], vsm: ValueStreamMap, index: int) -> Optional[Step]:
    """The step ``index`` of ``vsm`` as it was before the changes (a what-if changes fields,
    never the steps' order; by id when the maps do not line up)."""
    if was is None:
        return None
    old = was.vsm.steps
    if len(old) == len(vsm.steps):
        return old[index]
    sid = vsm.steps[index].id
    return next((s for s in old if s.id == sid), None)


def strike_width(text: str, size: float) -> float:
    """About the drawn width of ``text`` (the estimate without its safety margin)."""
    return max(text_width(text, size) - 2.0, 0.0) / 1.10


def figure_width(text: str, was: str, size: float, bold: bool = False) -> float:
    """The width of a figure drawn by :func:`draw_figure` (with its ghost when ``was``)."""
    width = text_width(text, size, bold)
    return width + (strike_width(was, GHOST_PT) + MARK_W + 2 * MARK_GAP if was else 0.0)


def draw_mark(cv: Canvas, t: Theme, mid: str, cx: float, cy: float, colour: Optional[str] = None) -> None:
    """The change mark: a filled diamond centred on ``cx``, ``cy`` (in ``colour``, on a
    dark row; else the theme's)."""
    h, colour = MARK_W / 2, colour or t.changed
    cv.polygon(mid, "change-mark", [(cx, cy - h - 0.5), (cx + h, cy), (cx, cy + h + 0.5), (cx - h, cy)],
               colour, stroke=colour, width=0.5)


def draw_ghost(cv: Canvas, t: Theme, gid: str, left: float, middle: float, was: str,
               colour: Optional[str] = None) -> float:
    """The old value, lighter, smaller and struck through, its left edge at ``left`` and
    centred on ``middle``; returns its right edge."""
    colour = colour or t.ghost
    top = middle - line_height(GHOST_PT) / 2
    cv.text(f"{gid}-was", "was-value", left, top, [was], GHOST_PT, colour, anchor="start")
    y = top + line_height(GHOST_PT) * 0.55
    right = left + strike_width(was, GHOST_PT)  # where the glyphs end (the estimate is wider)
    # A thin filled box, not a line: Graphviz draws lines under every box (the black row of
    # a step over takt would hide it).
    cv.rect(f"{gid}-strike", "was-strike", left, y - 0.45, right, y + 0.45, fill=colour)
    return right


def draw_figure(cv: Canvas, t: Theme, fid: str, role: str, x: float, y: float, text: str, was: str,
                size: float, ink: str, *, anchor: str = "middle", bold: bool = False, italic: bool = False,
                ghost: Optional[str] = None) -> Optional[Text]:
    """One line of a figure at ``x``, ``y`` (as a Text with ``anchor``); with ``was``, the old
    value ghosted before it and the change mark between them, the three anchored as one
    (``ghost``: the colour of both on a row whose ink is not the theme's)."""
    if not was:
        return cv.text(fid, role, x, y, [text], size, ink, anchor=anchor, bold=bold, italic=italic)
    total = figure_width(text, was, size, bold)
    left = {"start": x, "middle": x - total / 2, "end": x - total}[anchor]
    middle = y + line_height(size) / 2
    right = draw_ghost(cv, t, fid, left, middle, was, ghost)
    draw_mark(cv, t, f"{fid}-mark", right + MARK_GAP + MARK_W / 2, middle, ghost)
    return cv.text(fid, role, right + MARK_W + 2 * MARK_GAP, y, [text], size, ink, anchor="start", bold=bold,
                   italic=italic)


def _names(vsm: ValueStreamMap, step: Step, index: int) -> str:
    """What ``step`` starts after, in words: the steps' names, or the start."""
    if step.after is None:
        return vsm.steps[index - 1].name if index else "the start"
    names = []
    for ref in step.after:
        try:
            names.append(vsm.step(ref).name)
        except KeyError:
            names.append(ref)
    return ", ".join(names) if names else "the start"


def _rework(step: Step, vsm: ValueStreamMap) -> str:
    if step.rework is None:
        return "none"
    try:
        to = vsm.step(step.rework.to).name
    except KeyError:
        to = step.rework.to
    return f"{format_percent(step.rework.rate)} to {to}"


#: A data row's value when a what-if removed the field that gave it.
_ABSENT = {"ca": UNKNOWN}  # a %C&A not given read no row, not a perfect 100 %


def ghosts(vsm: ValueStreamMap, step: Step, old: Step, rows: list, was: Was, wait_unit: str,
           process_unit: str) -> tuple[dict[str, str], list]:
    """The figures of ``step`` that differ from ``old`` (its state before a what-if), as
    they were shown: by place (``wait``, ``process``, ``items``, ``rework``), and the data
    rows with each changed value's ghost (rows a change removed or added included)."""
    from dataclasses import replace

    from .measure import DataRow, _count, data_rows, in_unit

    cal, before = vsm.calendar, was.vsm
    figures: dict[str, str] = {}
    if old.wait_time != step.wait_time:
        figures["wait"] = in_unit(old.wait_time, wait_unit, cal)
    if old.process_time != step.process_time:
        # A process time the map did not give read "—" in its box: the ghost says so, not "0".
        figures["process"] = (in_unit(old.process_time, process_unit, cal)
                              if gives_process_time(old) else UNKNOWN)
    if old.inventory != step.inventory and step.inventory is not None:
        figures["items"] = _count(old.inventory) if old.inventory is not None else "none"
    if old.rework != step.rework and step.rework is not None:
        figures["rework"] = (format_percent(old.rework.rate) if old.rework is not None
                             and old.rework.to == step.rework.to else _rework(old, before))
    previous = {r.name: r.value for r in data_rows(old, cal, figures.get("process", ""))}
    out = []
    for r in rows:
        if r.name in previous and previous[r.name] != r.value and r.name != "pt":
            r = replace(r, was=previous[r.name])
        elif r.name == "pt" and "process" in figures:
            r = replace(r, was=figures["process"])
        elif r.name not in previous and r.name in ("co", "uptime", "ca", "people"):
            r = replace(r, was=_ABSENT.get(r.name, "none"))
        out.append(r)
    shown = {r.name for r in rows}
    for r in data_rows(old, cal, ""):  # a field the change removed: its row says so
        if r.name not in shown and r.name != "pt":
            out.append(DataRow(r.name, r.key, _ABSENT.get(r.name, "none"), r.value))
    if old.rework is not None and step.rework is None:
        out.append(DataRow("rework", "Rework", "none", _rework(old, before)))
    index = vsm.steps.index(step)
    if old.after != step.after:
        now, then = _names(vsm, step, index), _names(before, old, before.steps.index(old))
        if now != then:
            out.append(DataRow("after", "After", now, then))
    return figures, out


def slack_was(c, vsm: ValueStreamMap, m: Metrics, was: Optional[Was]) -> str:
    """The slack of the step of ``c`` (a StepContent) before a what-if's changes, as shown,
    when it differs from its slack now in ``m`` ("" else; 0 on the critical path)."""
    if was is None or c.before is None:
        return ""
    old = humanize(was.metrics.slack_of(c.before), was.vsm.calendar)
    return old if old != humanize(m.slack_of(c.step), vsm.calendar) else ""


def with_slack_ghost(c, vsm: ValueStreamMap, m: Metrics, was: Optional[Was]):
    """A step of the critical path that a what-if moved onto it (it had slack before): its
    data box says its slack is now 0, the old slack ghosted. Other steps as they are."""
    old = slack_was(c, vsm, m, was)
    if not old:
        return c
    from .measure import DataRow

    return with_rows(c, [*c.rows, DataRow("slack", "Slack", humanize(m.slack_of(c.step), vsm.calendar), old)])


def with_rows(c, rows: list):
    """``c`` (a StepContent) with these data rows: as high as they need, and wider when a
    ghost beside a value needs the room (else the ghost goes under the value)."""
    from dataclasses import replace

    from .measure import _stack, box_width, data_height

    if any(r.was for r in rows):
        rows = _stack(rows)
        c = replace(c, box_w=max(c.box_w, box_width(c.step, rows)))
    return replace(c, rows=tuple(rows), data_h=data_height(c.owner, rows, c.notes))


def rating_was(m: Metrics, was: Optional[Was]) -> str:
    """The flow-efficiency rating before a what-if's changes, when it differs ("" else)."""
    return was.metrics.rating if was is not None and was.metrics.rating != m.rating else ""


#: Under the ghosted bottleneck badge: whose it was.
BOTTLENECK_WAS = "before the change"


def bottleneck_was(m: Metrics, was: Optional[Was]) -> Optional[str]:
    """The id of the step whose wait was the bottleneck before a what-if's changes, when
    the changes moved it (or left nothing waiting); None else."""
    if was is None or was.metrics.bottleneck.wait_time <= 0:
        return None
    old = was.metrics.bottleneck.id
    return old if old != m.bottleneck.id or m.bottleneck.wait_time <= 0 else None


def draw_bottleneck_was(cv: Canvas, t: Theme, cx: float, frame, step_id: str, then: Optional[str]) -> None:
    """Over the queue of ``step_id``, centred on ``cx``, when it is ``then``, the bottleneck
    before a what-if moved it: the badge ghosted (outlined in grey, its word struck through,
    "before the change"). The new badge carries the change mark (:func:`.steps.draw_queue`)."""
    from .measure import DATA_PT
    from .steps import BADGE_LINES, badge_box

    if step_id == then:
        x0, y0, x1, y1 = badge_box(cx, frame, text_width(BOTTLENECK_WAS, GHOST_PT))
        cv.rect("bottleneck/was", "was-badge", x0, y0, x1, y1, stroke=t.ghost, width=1.0, dash=True)
        word = BADGE_LINES[0]
        draw_ghost(cv, t, "bottleneck/was", cx - strike_width(word, GHOST_PT) / 2, y0 + 3 + line_height(DATA_PT) / 2,
                   word)
        cv.text("bottleneck/was-note", "was-value", cx, y0 + 3 + line_height(DATA_PT), [BOTTLENECK_WAS], GHOST_PT,
                t.ghost)
