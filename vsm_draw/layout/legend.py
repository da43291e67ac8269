"""The key of the symbols a map uses (``render --legend``), read off the laid-out elements.

Each :class:`Symbol` says when a map uses it (a test over the elements drawn) and how to
draw a small sample of it; :data:`SYMBOLS` lists them in the order the key shows them.
A new kind of element (a FIFO lane, a truck, a rework arrow) joins the key by adding
its Symbol with :func:`register`.
"""
from __future__ import annotations

from typing import Callable, Sequence

from ..frozen import frozen
from ..shapes import burst, factory, lightning, truck
from ..textwidth import line_height, text_width
from ..themes import Theme
from .canvas import Canvas
from .changes import draw_figure
from .marks import eyeglasses
from .measure import DATA_PT, LADDER_PT
from .scene import Element, Line, Polygon, Rect
from .steps import draw_operator, pull_circle, triangle_points

__all__ = ["Symbol", "SYMBOLS", "register", "symbols_used", "draw_legend", "SAMPLE_W", "SAMPLE_H"]

#: The box each sample is drawn in, in points.
SAMPLE_W, SAMPLE_H = 34.0, 18.0

Draw = Callable[[Canvas, Theme, str, float, float], None]


@frozen
class Symbol:
    """One entry of the key: ``draw(cv, theme, id prefix, left, top)`` draws its sample in a
    SAMPLE_W x SAMPLE_H box; ``used(elements)`` says whether a map's drawing holds it."""

    key: str
    words: str
    used: Callable[[Sequence[Element]], bool]
    draw: Draw


def _role(*roles: str) -> Callable[[Sequence[Element]], bool]:
    return lambda elements: any(e.role in roles for e in elements)


def _flows_of_kind(kind: str) -> Callable[[Sequence[Element]], bool]:
    """Manual flows: flow lines that carry neither a bolt nor glasses."""
    def used(elements: Sequence[Element]) -> bool:
        lines = {e.id.split("/")[0] for e in elements if e.role == "info-flow"}
        marked = {e.id.split("/")[0] for e in elements if e.role in ("electronic-bolt", "go-see")}
        return bool(lines - marked) if kind == "manual" else False
    return used


def _process(dash: bool) -> Callable[[Sequence[Element]], bool]:
    return lambda elements: any(isinstance(e, Rect) and e.role == "process-box" and e.dash == dash
                                for e in elements)


def _triangle(kind: str) -> Callable[[Sequence[Element]], bool]:
    def used(elements: Sequence[Element]) -> bool:
        if kind == "informal":
            return any(e.role == "informal-outline" or (isinstance(e, Polygon) and e.role == "inventory" and e.dash)
                       for e in elements)
        return any(e.role == "inventory" for e in elements)
    return used


def _draw_factory(cv: Canvas, t: Theme, p: str, x: float, y: float) -> None:
    cv.line(f"{p}/icon", "legend-sample", factory(x + 17, y + 1, 30, 6, 10), t.ink, width=1.4, closed=True)


def _draw_box(dash: bool) -> Draw:
    def draw(cv: Canvas, t: Theme, p: str, x: float, y: float) -> None:
        cv.rect(f"{p}/header", "legend-sample", x + 3, y + 1, x + 31, y + 7, fill=t.nva_fill if dash else t.va_fill)
        cv.rect(f"{p}/box", "legend-sample", x + 3, y + 1, x + 31, y + 17, stroke=t.nva_line if dash else t.ink,
                width=1.0 if dash else 1.6, dash=dash)
    return draw


def _draw_triangle(fill: str, dash: bool = False) -> Draw:
    def draw(cv: Canvas, t: Theme, p: str, x: float, y: float) -> None:
        colour = getattr(t, fill)
        cv.polygon(f"{p}/triangle", "legend-sample", triangle_points(x + 17, y + 2, 18, 15), colour, stroke=t.ink,
                   width=1.3, dash=dash)
    return draw


def _draw_push(cv: Canvas, t: Theme, p: str, x: float, y: float) -> None:
    cy = y + 9
    cv.rect(f"{p}/bar", "legend-sample", x + 1, cy - 4, x + 24, cy + 4, fill=t.paper, stroke=t.ink, width=1.0)
    for i in range(3):
        cv.rect(f"{p}/stripe.{i}", "legend-sample", x + 4 + 6 * i, cy - 4, x + 7 + 6 * i, cy + 4, fill=t.ink)
    cv.polygon(f"{p}/head", "legend-sample", [(x + 33, cy), (x + 24, cy - 8), (x + 24, cy + 8)], t.ink, stroke=t.ink)


def _draw_arrow(width: float, colour: str, mark: str = "") -> Draw:
    def draw(cv: Canvas, t: Theme, p: str, x: float, y: float) -> None:
        ink = getattr(t, colour)
        a, b = (x + 1, y + 10), (x + 33, y + 10)
        zigzag = lightning(a, b, amplitude=6, span=7, at=0.45) if mark == "bolt" else []
        cv.line(f"{p}/line", "legend-sample", [a, *zigzag, b], ink, width=width, arrow=0.7 if width < 2 else 0.8)
        if zigzag:
            cv.line(f"{p}/bolt", "legend-sample", zigzag, ink, width=2.4)
        if mark == "glasses":
            eyeglasses(cv, p, (x + 15, y + 10), ink, t.paper, scale=0.8)
    return draw


def _draw_party(cv: Canvas, t: Theme, p: str, x: float, y: float) -> None:
    cv.rect(f"{p}/box", "legend-sample", x + 3, y + 3, x + 31, y + 15, fill=t.paper, stroke=t.ink, width=1.8)


def _draw_kaizen(cv: Canvas, t: Theme, p: str, x: float, y: float) -> None:
    cv.line(f"{p}/burst", "legend-sample", burst(x + 17, y + 9, 9, 4.5, spikes=8), t.kaizen, width=1.2,
            closed=True)


def _draw_badge(cv: Canvas, t: Theme, p: str, x: float, y: float) -> None:
    cv.polygon(f"{p}/triangle", "legend-sample", triangle_points(x + 17, y + 2, 18, 15), t.bottleneck,
               stroke=t.ink, width=2.0)


def _draw_ladder(cv: Canvas, t: Theme, p: str, x: float, y: float) -> None:
    cv.line(f"{p}/wave", "legend-sample", [(x + 1, y + 15), (x + 9, y + 15), (x + 9, y + 4), (x + 23, y + 4),
                                           (x + 23, y + 15), (x + 33, y + 15)], t.ink, width=1.3)


def _draw_continuation(cv: Canvas, t: Theme, p: str, x: float, y: float) -> None:
    cv.line(f"{p}/line", "legend-sample", [(x + 2, y + 3), (x + 30, y + 3), (x + 30, y + 9), (x + 6, y + 9),
                                           (x + 6, y + 15), (x + 33, y + 15)], t.ink, width=1.6, arrow=0.6)


# -- the rest of the classic notation (lanes, shelves, trucks, data boxes, operators, takt) --

def _draw_fifo(cv: Canvas, t: Theme, p: str, x: float, y: float) -> None:
    cv.line(f"{p}/rail-top", "legend-sample", [(x + 2, y + 4), (x + 26, y + 4)], t.ink, width=1.4)
    cv.line(f"{p}/rail-bottom", "legend-sample", [(x + 2, y + 14), (x + 26, y + 14)], t.ink, width=1.4)
    cv.line(f"{p}/arrow", "legend-sample", [(x + 6, y + 9), (x + 33, y + 9)], t.ink, width=1.2, arrow=0.5)


def _draw_supermarket(cv: Canvas, t: Theme, p: str, x: float, y: float) -> None:
    x0, x1 = x + 9, x + 25
    cv.line(f"{p}/shelves", "legend-sample", [(x0, y + 2), (x1, y + 2), (x1, y + 16), (x0, y + 16)], t.ink,
            width=1.6)
    for k, dy in enumerate((6.7, 11.3)):
        cv.line(f"{p}/shelf-{k}", "legend-sample", [(x0, y + dy), (x1, y + dy)], t.ink, width=1.6)


def _draw_pull(cv: Canvas, t: Theme, p: str, x: float, y: float) -> None:
    cv.line(f"{p}/circle", "legend-sample", pull_circle(x + 17, y + 9, 7), t.ink, width=1.6, arrow=0.5)


def _draw_kanban_post(cv: Canvas, t: Theme, p: str, x: float, y: float) -> None:
    cv.rect(f"{p}/box", "legend-sample", x + 12, y + 1, x + 22, y + 8, fill=t.paper, stroke=t.ink, width=1.2)
    cv.line(f"{p}/pole", "legend-sample", [(x + 17, y + 8), (x + 17, y + 17)], t.ink, width=1.6)


def _draw_truck(cv: Canvas, t: Theme, p: str, x: float, y: float) -> None:
    for part, points in truck(x + 6, y + 1, 22, 16).items():
        cv.line(f"{p}/{part}", "legend-sample", points, t.ink, width=1.1, closed=True)


def _draw_data_box(cv: Canvas, t: Theme, p: str, x: float, y: float) -> None:
    # Unfilled: rects are drawn over lines, and a filled box would hide its lines of text.
    cv.rect(f"{p}/box", "legend-sample", x + 5, y + 1, x + 29, y + 17, stroke=t.ink, width=1.1)
    for k in range(3):
        cv.line(f"{p}/line-{k}", "legend-sample", [(x + 9, y + 5 + 4 * k), (x + 24, y + 5 + 4 * k)], t.ink,
                width=1.0)


def _draw_operator(cv: Canvas, t: Theme, p: str, x: float, y: float) -> None:
    draw_operator(cv, t, f"{p}/operator", x + 17, y + 3, role="legend-sample")


def _draw_over_takt(cv: Canvas, t: Theme, p: str, x: float, y: float) -> None:
    cv.rect(f"{p}/row", "legend-sample", x + 3, y + 5, x + 31, y + 13, fill=t.bottleneck)


# -- work off the one straight line (drawn by branches.py) ----------------------------------

def _draw_branch(cv: Canvas, t: Theme, p: str, x: float, y: float) -> None:
    cv.line(f"{p}/line", "legend-sample", [(x + 1, y + 3), (x + 8, y + 3), (x + 8, y + 15), (x + 33, y + 15)],
            t.ink, width=1.5, arrow=0.7)


def _draw_rework(cv: Canvas, t: Theme, p: str, x: float, y: float) -> None:
    cv.line(f"{p}/line", "legend-sample", [(x + 31, y + 17), (x + 31, y + 3), (x + 4, y + 3), (x + 4, y + 17)],
            t.ink, width=1.5, dash=True, arrow=0.7)


def _draw_changed(cv: Canvas, t: Theme, p: str, x: float, y: float) -> None:
    draw_figure(cv, t, f"{p}/figure", "legend-sample", x + 17, y + (SAMPLE_H - line_height(DATA_PT)) / 2, "4", "12",
                DATA_PT, t.ink, bold=True)


SYMBOLS: list[Symbol] = [
    # First: in a what-if's picture, the change is what the reader looks for.
    Symbol("changed", "what if: a changed figure, its old value struck through before it", _role("change-mark"),
           _draw_changed),
    Symbol("factory", "supplier, customer", _role("factory"), _draw_factory),
    Symbol("data-box", "data box: what they order and how", _role("data-box"), _draw_data_box),
    Symbol("truck", "truck: a delivery and its rhythm", _role("truck"), _draw_truck),
    Symbol("party", "who sends or gets information", _role("party"), _draw_party),
    Symbol("process", "process step and its data", _process(False), _draw_box(False)),
    Symbol("non-value-adding", "non-value-adding step", _process(True), _draw_box(True)),
    Symbol("operator", "operators of a step", _role("operator"), _draw_operator),
    Symbol("over-takt", "P/T > takt: slower than demand", _role("over-takt"), _draw_over_takt),
    Symbol("inventory", "wait (inventory) before a step", _triangle("inventory"), _draw_triangle("queue_fill")),
    Symbol("informal", "informal queue: no tool shows it", _triangle("informal"),
           _draw_triangle("queue_fill", dash=True)),
    Symbol("fifo", "FIFO lane: first in, first out, at most its max", _role("fifo-lane"), _draw_fifo),
    Symbol("supermarket", "supermarket: stock the next step withdraws", _role("supermarket"), _draw_supermarket),
    Symbol("kanban", "kanban post: cards say what to replenish", _role("kanban-post"), _draw_kanban_post),
    Symbol("bottleneck", "bottleneck: the longest wait", _role("bottleneck-badge"), _draw_badge),
    Symbol("push", "push: work handed on", _role("push-arrow"), _draw_push),
    Symbol("pull", "pull: the next step withdraws what it needs", _role("pull-arrow"), _draw_pull),
    # Material between steps (after a pull circle) is the same heavy arrow as material in or out.
    Symbol("material", "material in or out", _role("material-arrow", "material-flow"), _draw_arrow(2.2, "ink")),
    Symbol("branch", "work in parallel, off the critical path", _role("branch-flow"), _draw_branch),
    Symbol("rework", "rework: a share sent back, at its rate", _role("rework-arrow"), _draw_rework),
    Symbol("manual", "manual information", _flows_of_kind("manual"), _draw_arrow(1.2, "info")),
    Symbol("electronic", "electronic information", _role("electronic-bolt"), _draw_arrow(1.2, "info", "bolt")),
    Symbol("go-see", "go see: someone looks", _role("go-see"), _draw_arrow(1.2, "info", "glasses")),
    Symbol("kaizen", "kaizen: an idea to improve", _role("kaizen-burst"), _draw_kaizen),
    Symbol("continuation", "the flow goes on in the next row", _role("row-continuation"), _draw_continuation),
    Symbol("ladder", "ladder: waits up, process times down", _role("ladder-process"), _draw_ladder),
]


def register(symbol: Symbol, before: str = "") -> None:
    """Adds ``symbol`` to the key (before the entry keyed ``before``, else at the end)."""
    keys = [s.key for s in SYMBOLS]
    SYMBOLS.insert(keys.index(before) if before in keys else len(SYMBOLS), symbol)


def symbols_used(elements: Sequence[Element]) -> list[Symbol]:
    """The symbols of the key that ``elements`` use, in the key's order."""
    return [s for s in SYMBOLS if s.used(elements)]


def draw_legend(cv: Canvas, t: Theme, left: float, top: float, width: float) -> float:
    """The key of the symbols drawn on ``cv`` so far, in rows within ``width``; returns its
    bottom (``top`` when no symbol is used)."""
    symbols = symbols_used(cv.elements)
    if not symbols:
        return top
    pad, gap, row_h = 8.0, 16.0, SAMPLE_H + 6
    cv.text("legend/title", "legend-title", left + pad, top + pad, ["Key"], LADDER_PT, t.ink, anchor="start",
            bold=True)
    y = top + pad + line_height(LADDER_PT) + 6
    x = left + pad
    right = left + pad
    for s in symbols:
        words_w = text_width(s.words, DATA_PT)
        entry_w = SAMPLE_W + 6 + words_w
        if x > left + pad and x + entry_w > left + width - pad:
            x, y = left + pad, y + row_h
        s.draw(cv, t, f"legend:{s.key}", x, y)
        cv.text(f"legend:{s.key}/words", "legend-words", x + SAMPLE_W + 6,
                y + (SAMPLE_H - line_height(DATA_PT)) / 2, [s.words], DATA_PT, t.ink, anchor="start")
        right = max(right, x + entry_w)
        x += entry_w + gap
    bottom = y + row_h + pad - 6
    cv.rect("legend/frame", "legend", left, top, max(right + pad, left + 120), bottom, stroke=t.muted, width=0.8)
    return bottom
