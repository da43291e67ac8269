"""The map on paper: the positioned scene cut between steps into slices that fill a page.

A slice is a scene of its own holding only the elements of its steps (their queue, box,
push arrow, kaizen and ladder segment), the information flows that pass over them clipped
to its edges, and "continued" marks: a printed page never embeds the whole map, so
printing is linear in the number of steps. The handout prints one slice a page; the
poster stacks them as rows. Nothing here draws: :func:`vsm_draw.diagram.render_scene`
does, in the parent process (see :mod:`vsm_draw.pdf`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Optional

from .layout.canvas import Canvas
from .layout.measure import DATA_PT
from .layout.scene import Column, Element, Line, Row, Scene, Text

__all__ = ["MM", "Slice", "SlicePlan", "column_order", "partition", "slice_scene", "slices",
           "plan_handout", "min_scale_for", "overview_readable"]

#: Points in a millimetre.
MM = 72 / 25.4
#: Elements named after a step (``step:review/box``, ``ladder:review/wait``...) go with it.
_OWNED = re.compile(r"^(?:step|queue|ladder|kaizen|push):([^/]+)/")
#: Words of the picture's caption: the page around a slice says them already.
_CAPTION = "caption/"
_MARK_PT = 9.0
#: The whole map on one landscape page is worth a page while its data text is this large.
OVERVIEW_PT = 1.5


def min_scale_for(data_pt: float) -> float:
    """The smallest scale at which the data boxes' text prints at ``data_pt`` points."""
    return data_pt / DATA_PT


@dataclass(frozen=True)
class Slice:
    """One slice of the map: its scene, and the names of its first and last steps."""

    scene: Scene
    first: str
    last: str
    steps: int


@dataclass(frozen=True)
class SlicePlan:
    """How a handout prints the map: the slices, their page's orientation and one scale."""

    slices: tuple[Slice, ...]
    orientation: str
    scale: float

    @property
    def data_pt(self) -> float:
        """The printed size of the data boxes' text."""
        return DATA_PT * self.scale


def column_order(scene: Scene) -> list[Column]:
    """The steps' columns, left to right (row by row)."""
    return sorted(scene.columns.values(), key=lambda c: (c.row, c.x0))


def _span(scene: Scene, cols: list[Column], i: int, j: int) -> tuple[float, float]:
    """The x range of columns ``i`` to ``j - 1``, the first and last reaching the edges."""
    left = 0.0 if i == 0 else cols[i].x0
    right = scene.width if j == len(cols) else cols[j - 1].x1
    return left, right


def partition(scene: Scene, max_width: float) -> list[tuple[int, int]]:
    """The fewest runs of whole columns each at most ``max_width`` wide (one column alone
    may be wider), then evened out so the widest run is as narrow as it can be."""
    cols = column_order(scene)
    n = len(cols)

    def greedy(limit: float) -> list[tuple[int, int]]:
        runs, i = [], 0
        while i < n:
            j = i + 1
            while j < n and _width(i, j + 1) <= limit:
                j += 1
            runs.append((i, j))
            i = j
        return runs

    def _width(i: int, j: int) -> float:
        left, right = _span(scene, cols, i, j)
        return right - left

    runs = greedy(max_width)
    # Even out: the narrowest limit that still gives as few runs (bisection on the width).
    low, high = max(_width(i, i + 1) for i in range(n)), max_width
    for _ in range(30):
        if high - low < 1:
            break
        mid = (low + high) / 2
        if len(greedy(mid)) <= len(runs):
            high = mid
        else:
            low = mid
    even = greedy(high)
    return even if len(even) <= len(runs) else runs


def _owner(element: Element) -> Optional[str]:
    match = _OWNED.match(element.id)
    return match.group(1) if match else None


def _centre_x(element: Element) -> float:
    box = element.box
    return (box[0] + box[2]) / 2


def _clip(line: Line, lo: float, hi: float) -> list[Line]:
    """The pieces of ``line`` between ``x = lo`` and ``x = hi``."""
    points = list(line.points) + ([line.points[0]] if line.closed else [])
    pieces: list[list[tuple[float, float]]] = []
    current: list[tuple[float, float]] = []
    for (x0, y0), (x1, y1) in zip(points, points[1:]):
        t0, t1 = 0.0, 1.0
        dx = x1 - x0
        if dx == 0:
            if not lo <= x0 <= hi:
                t0, t1 = 1.0, 0.0
        else:
            ta, tb = (lo - x0) / dx, (hi - x0) / dx
            t0, t1 = max(t0, min(ta, tb)), min(t1, max(ta, tb))
        if t0 > t1:
            if current:
                pieces.append(current)
                current = []
            continue
        a = (x0 + dx * t0, y0 + (y1 - y0) * t0)
        b = (x0 + dx * t1, y0 + (y1 - y0) * t1)
        if not current or current[-1] != a:
            if current:
                pieces.append(current)
            current = [a]
        current.append(b)
        if t1 < 1.0:
            pieces.append(current)
            current = []
    if current:
        pieces.append(current)
    pieces = [p for p in pieces if len(p) >= 2]
    last_inside = lo <= line.points[-1][0] <= hi and not line.closed
    out = []
    for k, piece in enumerate(pieces):
        whole = len(pieces) == 1 and piece == points
        out.append(replace(
            line, id=line.id if whole else f"{line.id}~{k}", points=tuple(piece), closed=line.closed and whole,
            arrow=line.arrow if last_inside and k == len(pieces) - 1 and piece[-1] == points[-1] else 0.0))
    return out


def slice_scene(scene: Scene, i: int, j: int, *, part: int = 0, parts: int = 0) -> Scene:
    """The scene of columns ``i`` to ``j - 1`` alone: their elements, the lines passing over
    them clipped at the slice's edges, and "continued" marks when ``parts`` > 1."""
    cols = column_order(scene)
    owners = {c.step: k for k, c in enumerate(cols)}
    lo, hi = _span(scene, cols, i, j)
    first, last = i == 0, j == len(cols)
    kept: list[Element] = []
    lines: list[Line] = []
    for e in scene.elements:
        if e.id.startswith(_CAPTION):
            continue
        owner = _owner(e)
        if owner in owners:
            inside = i <= owners[owner] < j
        elif e.id.startswith("supplier/"):
            inside = first
        elif e.id.startswith(("customer/", "totals/", "scale/")):
            inside = last
        elif isinstance(e, Line):
            lines.append(e)
            continue
        else:
            inside = (lo <= _centre_x(e) < hi) or (last and _centre_x(e) >= hi)
        if inside:
            kept.append(e)
    # Whole texts and boxes: the slice widens to hold what it kept, never cuts a word.
    if kept:
        lo = min(lo, min(e.box[0] for e in kept if not isinstance(e, Line)))
        hi = max(hi, max(e.box[2] for e in kept if not isinstance(e, Line)))
    cv = Canvas()
    for e in kept:
        if isinstance(e, Line):
            for piece in _clip(e, lo, hi):
                cv.add(piece)
        else:
            cv.add(e)
    for e in lines:
        for piece in _clip(e, lo, hi):
            cv.add(piece)
    if parts > 1:
        top = min(e.box[1] for e in cv.elements) - line_gap()
        ink = _ink(scene)
        if part > 1:
            cv.text("continued/from", "continued", lo, top, [f"◀ continued from part {part - 1}"],
                    _MARK_PT, ink, anchor="start", italic=True)
        if part < parts:
            cv.text("continued/on", "continued", hi, top, [f"continued in part {part + 1} ▶"],
                    _MARK_PT, ink, anchor="end", italic=True)
    columns = {c.step: c for c in cols[i:j]}
    sub = cv.freeze(columns=columns, rows=(Row(0, 0.0, 0.0),), paper=scene.paper,
                    title=f"{scene.title}, part {part} of {parts}" if parts > 1 else scene.title,
                    desc=scene.desc, theme=scene.theme)
    return replace(sub, rows=(Row(0, 0.0, sub.height),))


def line_gap() -> float:
    return 2.2 * _MARK_PT


def _ink(scene: Scene) -> str:
    """The scene's text colour (its first text's)."""
    return next((e.color for e in scene.elements if isinstance(e, Text)), "#000000")


def slices(scene: Scene, max_width: float) -> list[Slice]:
    """The map cut between steps into the fewest slices at most ``max_width`` points wide."""
    return _slices(scene, partition(scene, max_width))


def _slices(scene: Scene, runs: list[tuple[int, int]]) -> list[Slice]:
    cols = column_order(scene)
    names = {e.id[len("step:"):-len("/name")]: " ".join(e.lines) for e in scene.elements
             if isinstance(e, Text) and e.id.startswith("step:") and e.id.endswith("/name")}
    return [Slice(slice_scene(scene, i, j, part=k, parts=len(runs)),
                  names.get(cols[i].step, cols[i].step), names.get(cols[j - 1].step, cols[j - 1].step),
                  j - i)
            for k, (i, j) in enumerate(runs, 1)]


def _caption_height(scene: Scene) -> float:
    tops = [e.box[1] for e in scene.elements if not e.id.startswith(_CAPTION)]
    return max(0.0, min(tops) - 18.0) if tops else 0.0


def plan_handout(scene: Scene, page_mm: tuple[float, float], margin_mm: float, heading_mm: float,
                 data_pt: float = 8.0, max_scale: float = 1.5) -> Optional[SlicePlan]:
    """The slices of a handout's map pages, or None when the whole map fits one page.

    Tries the paper both ways and keeps the orientation whose slices hold the most steps
    with the data text at least ``data_pt`` (then the fewest pages); all slices print at one
    scale, as large as the widest and tallest slice allow (up to ``max_scale``), so they
    fill the page.
    """
    short, long_ = sorted(page_mm)
    least = min_scale_for(data_pt)
    # A slice is as tall as the map without its caption, plus the "continued" marks.
    tall = scene.height - _caption_height(scene) + line_gap()
    best = None
    for orientation, (w, h) in (("landscape", (long_, short)), ("portrait", (short, long_))):
        width = (w - 2 * margin_mm) * MM
        height = (h - 2 * margin_mm - heading_mm) * MM
        if orientation == "landscape" and scene.width * least <= width and scene.height * least <= height:
            return None  # the overview page shows it all, readable
        runs = partition(scene, width / least)
        scale = min(height / tall, max_scale)
        key = (scale >= least - 1e-9, -len(runs), scale)
        if best is None or key > best[0]:
            best = (key, orientation, width, height, runs)
    assert best is not None
    _, orientation, width, height, runs = best
    cuts = _slices(scene, runs)
    scale = min(width / max(c.scene.width for c in cuts), height / max(c.scene.height for c in cuts),
                max_scale)
    return SlicePlan(tuple(cuts), orientation, scale)


def overview_readable(scene: Scene, page_mm: tuple[float, float], margin_mm: float) -> bool:
    """Whether the whole map on one landscape page still shows its boxes' text (at
    :data:`OVERVIEW_PT` or more), rather than a grey strip."""
    width = (max(page_mm) - 2 * margin_mm) * MM
    return DATA_PT * width / scene.width >= OVERVIEW_PT
