"""The process row: where each step goes, and its queue, process box, push arrow and kaizen.

:func:`place_steps` is the one place that decides the columns; everything else in
the diagram (information flows, ladder, page slices) follows the columns it returns.
"""
from __future__ import annotations

from typing import Optional

from ..frozen import frozen
from ..shapes import burst
from ..textwidth import line_height, text_width
from ..themes import Theme
from .canvas import Canvas
from .changes import GHOST_PT, MARK_GAP, MARK_W, draw_figure, draw_ghost, draw_mark, strike_width
from .measure import (DATA_PT, GAP, LADDER_PT, MARK_ROOM, NAME_PT, OPERATOR_W, PAD, ROW_H, SLOT_W,
                      SMALL_PT, TRI_H, TRI_W, Sizes, StepContent, burst_lines)

__all__ = ["CONTINUE_W", "Slot", "place_steps", "RowFrame", "draw_process", "draw_queue", "draw_push_arrows", "queue_entry",
           "box_height", "burst_size", "draw_kaizen", "triangle_points"]


@frozen
class Slot:
    """One column of the process row: a ``queue``, a ``gap`` (no queue) or a ``process`` box."""

    kind: str
    content: StepContent
    index: int
    left: float
    width: float
    row: int = 0

    @property
    def centre(self) -> float:
        return self.left + self.width / 2

    @property
    def right(self) -> float:
        return self.left + self.width


def place_steps(contents: list[StepContent], row: int = 0, before: Optional[dict[str, float]] = None,
                after: Optional[dict[str, float]] = None) -> list[Slot]:
    """The columns of one process row, left to right in flow order, from x = 0.

    Each step takes a queue column (when it has a queue; a narrow gap otherwise, none
    before the first step) and a process-box column; every column has room around it.
    ``before``/``after``: room for branches joining before a step (a ``join`` column)
    and leaving after it (``fork``), by step id.
    """
    slots: list[Slot] = []
    x = 0.0
    for i, c in enumerate(contents):
        if before and c.step.id in before:
            slots.append(Slot("join", c, i, x, before[c.step.id], row))
            x += before[c.step.id]
        if c.queue:
            kind, width = "queue", c.queue_w
        elif i > 0:
            kind, width = "gap", SLOT_W
        else:
            kind, width = "", 0.0
        if kind:
            slots.append(Slot(kind, c, i, x, width + GAP, row))
            x += width + GAP
        slots.append(Slot("process", c, i, x, c.box_w + GAP, row))
        x += c.box_w + GAP
        if after and c.step.id in after:
            slots.append(Slot("fork", c, i, x, after[c.step.id], row))
            x += after[c.step.id]
    return slots


@frozen
class RowFrame:
    """Heights in the process row (its top is y = 0) that every step shares."""

    min_box_h: float    # the least height of a process box (its side takes the push arrow)
    tri_top: float      # top of the triangles' boxes
    push_dy: float      # the push arrows' centre line
    badge_h: float      # room above the row for the bottleneck badge (and rework arrows)
    halo: float         # extra room when a dashed outline rings the bottleneck's triangle
    rework_h: float = 0.0  # of badge_h, the room the rework arrows take over the badge
    #: The width a branch's name at a row's end wraps to (a poster's: its rows narrower), or
    #: 0: on one line.
    name_w: float = 0.0
    #: A phone's rows (lanes stacked under their steps): a flow's label beside its line keeps
    #: within the row where it can, rather than widen it.
    narrow: bool = False


def box_height(c: StepContent, sizes: Sizes, frame: RowFrame) -> float:
    return max(frame.min_box_h, sizes.header_h + c.data_h)


def draw_process(cv: Canvas, t: Theme, slot: Slot, sizes: Sizes, frame: RowFrame) -> None:
    """The process box: the name over the data box (owner, P/T..., notes), as high as
    its content (the names of a row share one height)."""
    c = slot.content
    step, sid = c.step, f"step:{c.slug}"
    va = step.value_adding
    x0, x1 = slot.centre - c.box_w / 2, slot.centre + c.box_w / 2
    border = 2.0 if va else 1.0
    # Inside a dashed outline: its gaps show the paper, not the header's shade.
    inset = 0.0 if va else border
    cv.rect(f"{sid}/header", "process-header", x0 + inset, inset, x1 - inset, sizes.header_h,
            fill=t.va_fill if va else t.nva_fill)
    cv.line(f"{sid}/rule", "process-rule", [(x0 + inset, sizes.header_h), (x1 - inset, sizes.header_h)], t.ink,
            width=1.0)
    cv.rect(f"{sid}/box", "process-box", x0 + border / 2, border / 2, x1 - border / 2,
            box_height(c, sizes, frame) - border / 2,
            stroke=t.ink if va else t.nva_line, width=border, dash=not va)
    name_h = len(c.name) * line_height(NAME_PT)
    tag_h = 0.0 if va else line_height(SMALL_PT) + 4
    top = (sizes.header_h - name_h - tag_h) / 2
    cv.text(f"{sid}/name", "step-name", slot.centre, top, c.name, NAME_PT, t.ink, bold=True)
    if not va:
        cv.text(f"{sid}/nva", "non-value-adding", slot.centre, top + name_h + 2, ["non-value-adding"],
                SMALL_PT, t.ink, italic=True)
    left, right = x0 + border + PAD, x1 - border - PAD
    y = sizes.header_h + PAD
    if c.owner:
        cv.text(f"{sid}/owner", "owner", left, y, c.owner, DATA_PT, t.ink, anchor="start", italic=True)
        y += len(c.owner) * line_height(DATA_PT) + PAD
    for row in c.rows:
        ink, key_x = t.ink, left
        if row.name == "pt" and c.over_takt:  # inverted: it reads in black and white
            cv.rect(f"{sid}/over-takt", "over-takt", left - 2, y, right + 2, y + ROW_H, fill=t.bottleneck)
            ink = t.bottleneck_text
        if row.name == "people":
            draw_operator(cv, t, f"{sid}/operator", left + 4, y + 1)
            key_x = left + OPERATOR_W
        cv.text(f"{sid}/{row.name}-key", "data-key", key_x, y + 2, [row.key], DATA_PT, ink, anchor="start")
        bold = row.name == "pt" and c.over_takt
        # On the inverted over-takt row the ghost takes the row's ink: grey would not read.
        ghost = ink if ink != t.ink else None
        if row.stacked:  # the value with its mark, the old value on the line under it
            cv.text(f"{sid}/{row.name}", "data-value", right, y + 2, [row.value], DATA_PT, ink, anchor="end",
                    bold=bold)
            # Beside the glyphs: they end between the drawn-width guess and the safe estimate.
            drawn = (strike_width(row.value, DATA_PT) + text_width(row.value, DATA_PT)) / 2
            draw_mark(cv, t, f"{sid}/{row.name}-mark", right - drawn - MARK_ROOM / 2, y + 2 + line_height(DATA_PT) / 2,
                      ghost)
            y += ROW_H
            draw_ghost(cv, t, f"{sid}/{row.name}", right - strike_width(row.was, GHOST_PT), y + ROW_H / 2,
                       row.was, ghost)
        else:
            draw_figure(cv, t, f"{sid}/{row.name}", "data-value", right, y + 2, row.value, row.was, DATA_PT,
                        ink, anchor="end", bold=bold, ghost=ghost)
        y += ROW_H
    if c.notes:
        cv.text(f"{sid}/notes", "notes", left, y + 2, c.notes, SMALL_PT, t.muted, anchor="start", italic=True)


def draw_operator(cv: Canvas, t: Theme, oid: str, cx: float, top: float, role: str = "operator") -> None:
    """The operator icon: a head over the shoulders, about one data row high (``role``: the
    key's sample of it is not an operator of the map)."""
    import math

    r = 2.2
    head = [(cx + r * math.cos(math.pi * k / 4), top + r + r * math.sin(math.pi * k / 4)) for k in range(8)]
    cv.line(f"{oid}-head", role, head, t.ink, width=1.2, closed=True)
    w, base = 4.0, top + 2 * r + 7
    shoulders = [(cx - w + 2 * w * k / 6, base - 5 * math.sin(math.pi * k / 6)) for k in range(7)]
    cv.line(f"{oid}-body", role, shoulders, t.ink, width=1.2, closed=True)


def triangle_points(cx: float, top: float, width: float, height: float) -> list[tuple[float, float]]:
    return [(cx, top), (cx + width / 2, top + height), (cx - width / 2, top + height)]


def draw_queue(cv: Canvas, t: Theme, slot: Slot, frame: RowFrame, bottleneck: bool, moved: bool = False) -> None:
    """The inventory triangle with the wait under it, the reason under the push arrow;
    ``moved``: a what-if made this the bottleneck, its badge says so with the change mark."""
    c = slot.content
    step, qid = c.step, f"queue:{c.slug}"
    fill = t.bottleneck if bottleneck else t.queue_fill
    # The triangle's drawn part: the top three quarters of its box (Graphviz's triangle).
    tri_h = TRI_H * 0.75
    top = frame.tri_top
    if step.flow == "pull":
        draw_supermarket(cv, t, qid, slot.centre, top, tri_h, bottleneck, step.kanban)
    elif step.flow == "fifo":
        draw_fifo_lane(cv, t, qid, slot.centre, top, bottleneck, step.fifo_max)
    else:
        cv.polygon(f"{qid}/triangle", "inventory", triangle_points(slot.centre, top, TRI_W, tri_h), fill,
                   stroke=t.ink, width=2.5 if bottleneck else 1.5, dash=step.informal_wait and not bottleneck)
        cv.text(f"{qid}/letter", "inventory-letter", slot.centre, top + tri_h - line_height(12) - 1, ["I"], 12,
                t.bottleneck_text if bottleneck else t.ink, bold=True)
    if step.informal_wait and bottleneck and step.flow == "push":
        # Dashes cannot show on a solid fill: a dashed outline around it says "informal".
        w, h = TRI_W + 18, (TRI_H + 16) * 0.75
        cv.line(f"{qid}/informal", "informal-outline", triangle_points(slot.centre, top - 8, w, h), fill,
                width=1.5, dash=True, closed=True)
    y = top + TRI_H + 6
    for line in c.wait:
        draw_figure(cv, t, f"{qid}/wait", "wait-time", slot.centre, y, line, c.was.get("wait", ""), LADDER_PT,
                    t.ink, bold=True)
    y2 = y + len(c.wait) * line_height(LADDER_PT)
    extra = c.wait_extra
    if "items" in c.was and extra:  # the items queued, changed: the old count ghosted
        draw_figure(cv, t, f"{qid}/items", "wait-extra", slot.centre, y2, extra[0], c.was["items"], LADDER_PT,
                    t.ink, italic=True)
        extra = extra[1:]
        y2 += line_height(LADDER_PT)
    cv.text(f"{qid}/extra", "wait-extra", slot.centre, y2, extra, LADDER_PT, t.ink, italic=True)
    if c.reason:
        # Under the push arrow; in the first column (no arrow) right under the wait.
        below = frame.push_dy + 10 if slot.index else y2 + len(extra) * line_height(LADDER_PT) + 6
        cv.text(f"{qid}/reason", "wait-reason", slot.centre, below, c.reason, SMALL_PT, t.muted, italic=True)
    if bottleneck:
        x0, y0, x1, y1 = badge_box(slot.centre, frame, marked=moved)
        cv.rect("bottleneck/badge", "bottleneck-badge", x0, y0, x1, y1, fill=t.bottleneck)
        cx = slot.centre + ((MARK_W + MARK_GAP) / 2 if moved else 0.0)  # the words right of the mark
        if moved:
            draw_mark(cv, t, "bottleneck/mark", x0 + 3 + MARK_W / 2, (y0 + y1) / 2, t.bottleneck_text)
        cv.text("bottleneck/word", "bottleneck-badge", cx, y0 + 3, BADGE_LINES[:1], DATA_PT,
                t.bottleneck_text, bold=True)
        cv.text("bottleneck/reason", "bottleneck-badge", cx, y0 + 3 + line_height(DATA_PT),
                BADGE_LINES[1:], DATA_PT, t.bottleneck_text)


#: The width of the flow from one row's end to the next row's start.
CONTINUE_W = 2.2
#: The bottleneck badge's words.
BADGE_LINES = ("BOTTLENECK", "longest wait")


def badge_box(cx: float, frame: RowFrame, least_w: float = 0.0, marked: bool = False
              ) -> tuple[float, float, float, float]:
    """Where the bottleneck badge stands over a queue centred on ``cx`` (its words at least
    ``least_w`` wide; ``marked``: with room for the change mark): left, top, right, bottom."""
    w = max(text_width(BADGE_LINES[0], DATA_PT, bold=True), text_width(BADGE_LINES[1], DATA_PT), least_w) + 6
    w += MARK_W + MARK_GAP if marked else 0.0
    h = 2 * line_height(DATA_PT) + 6
    cy = -(frame.badge_h - frame.rework_h + frame.halo) / 2 - 2
    return cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2


def draw_supermarket(cv: Canvas, t: Theme, qid: str, cx: float, top: float, height: float, bottleneck: bool,
                     kanban: bool) -> None:
    """The supermarket: shelves open towards the process that fills them (on the left), the
    back on the right; heavier as the bottleneck. With kanban, the kanban post beside it."""
    w = TRI_W * 0.8
    x0, x1 = cx - w / 2, cx + w / 2
    shelves = [top + height * k / 3 for k in range(4)]
    points = [(x0, shelves[0]), (x1, shelves[0]), (x1, shelves[3]), (x0, shelves[3])]
    weight = 3.5 if bottleneck else 1.8
    cv.line(f"{qid}/supermarket", "supermarket", points, t.ink, width=weight)
    for k in (1, 2):
        cv.line(f"{qid}/shelf-{k}", "supermarket", [(x0, shelves[k]), (x1, shelves[k])], t.ink, width=weight)
    if kanban:  # the kanban post: a letterbox for the cards on a post, right of the shelves
        px = x1 + 12
        cv.rect(f"{qid}/kanban-post", "kanban-post", px - 6, top, px + 6, top + 9, fill=t.paper, stroke=t.ink,
                width=1.4)
        cv.line(f"{qid}/kanban-slot", "kanban-post", [(px - 3, top + 3), (px + 3, top + 3)], t.ink, width=1.2)
        cv.line(f"{qid}/kanban-pole", "kanban-post", [(px, top + 9), (px, top + height)], t.ink, width=1.8)


#: The FIFO lane's band: its height and width (it sits where the triangle would).
FIFO_H, FIFO_W = 14.0, TRI_W + 20


def draw_fifo_lane(cv: Canvas, t: Theme, qid: str, cx: float, top: float, bottleneck: bool,
                   limit: Optional[int]) -> None:
    """The FIFO lane: two rails with "FIFO" between them and an arrow on, its limit under it
    ("max 40"); filled black as the bottleneck."""
    x0, x1 = cx - FIFO_W / 2, cx + FIFO_W / 2
    y0, y1 = top + 2, top + 2 + FIFO_H
    if bottleneck:
        cv.rect(f"{qid}/lane", "fifo-lane", x0, y0, x1, y1, fill=t.bottleneck)
    cv.line(f"{qid}/rail-top", "fifo-lane", [(x0, y0), (x1, y0)], t.ink, width=1.6)
    cv.line(f"{qid}/rail-bottom", "fifo-lane", [(x0, y1), (x1, y1)], t.ink, width=1.6)
    cv.text(f"{qid}/fifo", "fifo-label", cx, y0 + (FIFO_H - line_height(SMALL_PT)) / 2, ["FIFO"], SMALL_PT,
            t.bottleneck_text if bottleneck else t.ink, bold=True)
    cv.line(f"{qid}/fifo-arrow", "fifo-lane", [(x1 - 1, (y0 + y1) / 2), (x1 + 7, (y0 + y1) / 2)], t.ink,
            width=1.2, arrow=0.5)
    if limit is not None:
        cv.text(f"{qid}/fifo-max", "fifo-max", cx, y1 + 1, [f"max {limit:,}"], SMALL_PT, t.ink, bold=True)


def queue_entry(slot: Slot, frame: RowFrame, halo: float = 0.0) -> tuple[float, float]:
    """Where a material arrow coming from the left enters a queue's symbol: the triangle's
    side low down (``halo`` further out round an informal bottleneck), the supermarket's
    open side, or the FIFO lane's mouth."""
    flow = slot.content.step.flow
    if flow == "fifo":
        return slot.centre - FIFO_W / 2 - 1, frame.tri_top + 2 + FIFO_H / 2
    if flow == "pull":
        return slot.centre - TRI_W * 0.4 - 1, frame.tri_top + TRI_H * 0.75 / 2
    return slot.centre - TRI_W * 0.4 - 1 - halo, frame.tri_top + TRI_H * 0.6


def draw_push_arrows(cv: Canvas, t: Theme, slots: list[Slot], frame: RowFrame) -> None:
    """Between two boxes, how work reaches the second: the striped push arrow; a plain
    arrow (the FIFO lane above it says first in, first out); for a supermarket, a plain
    arrow into it and the circular pull (withdrawal) arrow from the next process."""
    procs = [s for s in slots if s.kind == "process"]
    for a, b in zip(procs, procs[1:]):
        start = a.centre + a.content.box_w / 2 + 3
        end = b.centre - b.content.box_w / 2 - 3
        flow, pid, y = b.content.step.flow, f"push:{b.content.slug}", frame.push_dy
        if flow == "push":
            push_arrow(cv, t, pid, start, end, y)
            continue
        if flow == "pull":
            r = 8.0
            cx = end - r - 4
            cv.line(f"{pid}/pull", "pull-arrow", pull_circle(cx, y, r), t.ink, width=2.0, arrow=0.7)
            end = cx - r - 6
        cv.line(f"{pid}/material", "material-flow", [(start, y), (end, y)], t.ink, width=2.0, arrow=0.9)


def pull_circle(cx: float, cy: float, r: float) -> list[tuple[float, float]]:
    """The pull arrow: most of a circle, drawn clockwise from the left, its head up at the
    left (the next process reaches back and withdraws)."""
    import math

    points = []
    for k in range(15):
        angle = math.radians(200 - k * 20)  # from lower left, over the top, round to the left
        points.append((cx + r * math.cos(angle), cy - r * math.sin(angle)))
    return points


def push_arrow(cv: Canvas, t: Theme, pid: str, start: float, end: float, y: float) -> None:
    """The push arrow: a striped bar (black and white, outlined) and a solid head."""
    head_w, bar_h, pitch = 14.0, 10.0, 8.0
    neck = end - head_w
    length = neck - start
    cv.rect(f"{pid}/bar", "push-arrow", start, y - bar_h / 2, neck, y + bar_h / 2, fill=t.paper, stroke=t.ink,
            width=1.2)
    stripes = int((length - 4) // pitch)
    first = start + (length - stripes * pitch) / 2 + pitch / 2
    for i in range(stripes):
        x = first + i * pitch
        cv.rect(f"{pid}/stripe.{i}", "push-stripe", x - pitch / 4, y - bar_h / 2, x + pitch / 4, y + bar_h / 2,
                fill=t.ink)
    # Graphviz draws a right-pointing triangle in the right three quarters of its box.
    cv.polygon(f"{pid}/head", "push-head", [(end, y), (neck, y - 10), (neck, y + 10)],
               t.ink, stroke=t.ink)


def burst_size(c: StepContent, wide: float = 0.0) -> tuple[float, float, list[str]]:
    """A burst's width and height and its text's lines: the text wrapped about as wide as
    the step's box, or ``wide`` (points: fewer lines, a flatter burst)."""
    lines = burst_lines(c.step.kaizen, max(c.box_w, wide))
    w = max(text_width(line, DATA_PT) for line in lines)
    h = len(lines) * line_height(DATA_PT)
    rx, ry = w / 2 * 1.42 + 6, h / 2 * 1.42 + 5
    return 2 * (rx + 11), 2 * (ry + 11), lines


def draw_kaizen(cv: Canvas, t: Theme, slot: Slot, top: float, wide: float = 0.0,
                cx: Optional[float] = None) -> Optional[float]:
    """The kaizen burst under the step (its text ``wide``, see :func:`burst_size`; centred
    at ``cx``, by default the step's centre); returns its bottom."""
    if not slot.content.step.kaizen:
        return None
    width, height, lines = burst_size(slot.content, wide)
    cx, cy = slot.centre if cx is None else cx, top + height / 2
    rx, ry = width / 2 - 11, height / 2 - 11
    kid = f"kaizen:{slot.content.slug}"
    cv.line(f"{kid}/burst", "kaizen-burst", burst(cx, cy, rx, ry), t.kaizen, width=1.6, closed=True)
    cv.text(f"{kid}/text", "kaizen", cx, cy - len(lines) * line_height(DATA_PT) / 2, lines, DATA_PT, t.ink)
    return top + height
