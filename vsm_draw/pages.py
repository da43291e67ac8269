"""The map on paper: the positioned scene cut between steps into slices that fill a page.

A slice is a scene of its own holding only the elements of its steps (their queue, box,
push arrow, kaizen and ladder segment), the information flows that pass over them clipped
to its edges, and "continued" marks: a printed page never embeds the whole map, so
printing is linear in the number of steps. A band across a slice that nothing of it
reaches (lanes under other steps) is shut, so its ladder stands under its own steps. The handout prints them on pages of its own
size and orientation, as many on a page as fit. Nothing here draws: :func:`vsm_draw.diagram.render_scene`
does, in the parent process (see :mod:`vsm_draw.pdf`).
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, replace
from typing import Optional

from .layout.canvas import MARGIN, Canvas, _moved
from .layout.measure import DATA_PT
from .layout.scene import Column, Element, Line, Row, Scene, Text
from .textwidth import text_width, wrap
from .themes import theme

__all__ = ["MM", "Slice", "SlicePlan", "column_order", "partition", "slice_scene", "slices",
           "plan_handout", "heading_height", "min_scale_for", "overview_readable"]

#: Points in a millimetre.
MM = 72 / 25.4
#: Elements named after a step (``step:review/box``, ``ladder:review/wait``...) go with it.
_OWNED = re.compile(r"^(?:step|queue|ladder|kaizen|push):([^/]+)/")
#: Words of the picture's caption: the page around a slice says them already.
_CAPTION = "caption/"
_MARK_PT = 9.0
#: Space between two slices stacked on one page, in mm.
GAP_MM = 8.0
#: A band across a slice with nothing of it in it (the height of lanes under other steps'
#: columns) is shut up to this many points: the slice's ladder stays under its own steps.
BAND = 24.0
#: The whole map on one landscape page is worth a page while its data text is this large.
OVERVIEW_PT = 1.5
#: The height the handout gives the whole map on its page at most (handout.css's
#: ``svg.diagram { max-height }``), in mm: on A3 that is less than the page holds.
OVERVIEW_MAX_MM = 150.0


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
    heading: str = ""


@dataclass(frozen=True)
class SlicePlan:
    """How a handout prints the map: the slices, their page's orientation and one scale."""

    slices: tuple[Slice, ...]
    orientation: str
    scale: float
    pages: tuple[tuple[int, ...], ...] = ()
    #: Each slice's own scale when they differ: a column too tall for the page at the
    #: data size has a page of its own, as large as it lets it be, the others stay readable.
    scales: tuple[float, ...] = ()

    @property
    def data_pt(self) -> float:
        """The printed size of the data boxes' text (the smallest, when slices differ)."""
        return DATA_PT * self.scale

    def scale_of(self, k: int) -> float:
        """The scale slice ``k`` (from 0) prints at."""
        return self.scales[k] if self.scales else self.scale


def column_order(scene: Scene) -> list[Column]:
    """The steps' columns, left to right (row by row)."""
    return sorted(scene.columns.values(), key=lambda c: (c.row, c.x0))


def partition(scene: Scene, max_width: float) -> list[tuple[int, int]]:
    """The fewest runs of whole columns whose slices are each at most ``max_width`` wide (one
    column alone may be wider), then evened out so the widest is as narrow as it can be."""
    return _Index(scene).partition(max_width)


def _whole(element: Element) -> bool:
    """Whether ``element`` is drawn whole in one slice: every shape and text, and the lines
    that are marks rather than paths (an information flow's lightning bolt, its bridge
    over a crossing); a path is clipped at a slice's edges."""
    if not isinstance(element, Line) or element.closed:
        return True
    return element.id.startswith("flow:") and not element.id.endswith("/line")


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


class _Index:
    """A scene's elements sorted once by the column they go with, so that cutting the map
    into any number of slices reads each element about once (printing stays linear).

    An element named after a step in the process row goes with its column; one of a step in
    a lane with the column its box stands in; the supplier's with the first, the customer's,
    totals and scale with the last; any other shape or text with the column its centre is
    in. Open lines not named after a step (information flows, branch lines) are clipped to
    each slice they cross.
    """

    def __init__(self, scene: Scene) -> None:
        self.scene = scene
        self.cols = cols = column_order(scene)
        n = len(cols)
        where = {c.step: k for k, c in enumerate(cols)}
        self._x0s = [c.x0 for c in cols]
        boxes = {e.id[len("step:"):-len("/box")]: _centre_x(e) for e in scene.elements
                 if e.id.startswith("step:") and e.id.endswith("/box")}
        self.groups: list[list[Element]] = [[] for _ in range(n)]
        self.lines: list[tuple[int, int, Line]] = []
        self.names: dict[str, str] = {}
        # A flow's path runs through its own bolt: never cut it there (see _clip_range).
        self._glyphs: dict[str, list[tuple[float, float, int]]] = {}
        # Per column: the ink of what goes with it (x0, y0, x1, y1), and the heights it and
        # the lines over it take (see _covered).
        inf = float("inf")
        self._ink = [[inf, inf, -inf, -inf] for _ in range(n)]
        self._bands: list[list[tuple[float, float]]] = [[] for _ in range(n)]
        for e in scene.elements:
            if e.id.startswith(_CAPTION):
                continue
            if isinstance(e, Text) and e.id.startswith("step:") and e.id.endswith("/name"):
                self.names[e.id[len("step:"):-len("/name")]] = " ".join(e.lines)
            owner = _owner(e)
            if owner in where:
                k = where[owner]
            elif owner in boxes:
                k = self._column_at(boxes[owner])
            elif e.id.startswith("supplier/"):
                k = 0
            elif e.id.startswith(("customer/", "totals/", "scale/")):
                k = n - 1
            elif not _whole(e):
                x0, y0, x1, y1 = e.box
                a, b = self._column_at(x0), self._column_at(x1)
                self.lines.append((a, b, e))
                for bands in self._bands[a:b + 1]:
                    bands.append((y0, y1))
                continue
            else:
                k = self._column_at(_centre_x(e))
                if isinstance(e, Line):
                    self._glyphs.setdefault(e.id.rsplit("/", 1)[0], []).append((e.box[0], e.box[2], k))
            self.groups[k].append(e)
            self._bands[k].append((e.box[1], e.box[3]))
            ink = self._ink[k]
            x0, y0, x1, y1 = e.box
            if _whole(e):  # a slice widens to hold it whole
                ink[0], ink[2] = min(ink[0], x0), max(ink[2], x1)
            ink[1], ink[3] = min(ink[1], y0), max(ink[3], y1)

    def _column_at(self, x: float) -> int:
        return max(0, bisect_right(self._x0s, x) - 1)

    def span(self, i: int, j: int) -> tuple[float, float]:
        """The x range of slice ``i``-``j``: its columns (the first and last reaching the
        map's edges), widened to hold every box and text that goes with them."""
        # The map's own margin is not the slice's: freezing the slice adds one.
        lo = MARGIN - 1 if i == 0 else self.cols[i].x0
        hi = self.scene.width - MARGIN + 1 if j == len(self.cols) else self.cols[j - 1].x1
        for ink in self._ink[i:j]:
            lo, hi = min(lo, ink[0]), max(hi, ink[2])
        return lo, hi

    def width(self, i: int, j: int) -> float:
        """How wide slice ``i``-``j`` is drawn (a whole point more than its ink and margins)."""
        lo, hi = self.span(i, j)
        return hi - lo + 2 * MARGIN + 2

    def height(self, i: int, j: int) -> float:
        """How tall slice ``i``-``j`` is drawn at most (the lines crossing it taken whole,
        the bands with nothing of it shut, the "continued" marks on two lines)."""
        bands = sorted(b for k in range(i, j) for b in self._bands[k])
        return _covered(bands) + 2 * MARGIN + 2 * line_gap() + 2

    def partition(self, max_width: float) -> list[tuple[int, int]]:
        n = len(self.cols)

        cols, ink, right = self.cols, self._ink, self.scene.width

        def greedy(limit: float) -> list[tuple[int, int]]:
            runs, i = [], 0
            limit -= 2 * MARGIN + 2
            while i < n:
                # The run's ink, widened column by column (as self.width, without re-reading).
                lo = min(MARGIN - 1 if i == 0 else cols[i].x0, ink[i][0])
                far = ink[i][2]
                j = i + 1
                while j < n:
                    far_next = max(far, ink[j][2])
                    edge = right - MARGIN + 1 if j + 1 == n else cols[j].x1
                    if max(edge, far_next) - min(lo, ink[j][0]) > limit:
                        break
                    lo, far, j = min(lo, ink[j][0]), far_next, j + 1
                runs.append((i, j))
                i = j
            return runs

        runs = greedy(max_width)
        # Even out: the narrowest limit that still gives as few runs (bisection on the width).
        low, high = max(self.width(i, i + 1) for i in range(n)), max_width
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

    def name(self, k: int) -> str:
        step = self.cols[k].step
        return self.names.get(step, step)

    def slice(self, i: int, j: int, part: int, parts: int) -> Scene:
        """The scene of columns ``i`` to ``j - 1`` alone (see :func:`slice_scene`)."""
        scene = self.scene
        lo, hi = self.span(i, j)
        cv = Canvas()
        for group in self.groups[i:j]:
            for e in group:
                if not _whole(e):
                    for piece in _clip(e, lo, hi):
                        cv.add(piece)
                else:
                    cv.add(e)
        # The lines stop where the next slice's own steps begin: a branch that forks off the
        # push arrow into the next step is drawn there, with the arrow, not also here as a
        # fork hanging off nothing. Lines wholly in that stretch are the next slice's.
        reach = hi
        if j < len(self.cols):
            reach = min(hi, max(max(ink[2] for ink in self._ink[i:j]), self._ink[j][0]))
        for a, b, e in self.lines:
            if a < j and b >= i - 1:
                for piece in _clip(e, *self._clip_range(e, lo, reach, i, j)):
                    cv.add(piece)
        cv.elements[:] = _shut(cv.elements)
        if parts > 1:
            top = min(e.box[1] for e in cv.elements) - line_gap()
            ink = _ink(scene)
            words = [f"◀ continued from part {part - 1}" if part > 1 else "",
                     f"continued in part {part + 1} ▶" if part < parts else ""]
            # Side by side when they fit, else one above the other: never over each other.
            apart = sum(text_width(w, _MARK_PT) for w in words) + 2 * _MARK_PT <= hi - lo
            if words[0]:
                cv.text("continued/from", "continued", lo, top - (0 if apart or not words[1] else line_gap()),
                        [words[0]], _MARK_PT, ink, anchor="start", italic=True)
            if words[1]:
                cv.text("continued/on", "continued", hi, top, [words[1]], _MARK_PT, ink, anchor="end",
                        italic=True)
        columns = {c.step: c for c in self.cols[i:j]}
        sub = cv.freeze(columns=columns, rows=(Row(0, 0.0, 0.0),), paper=scene.paper,
                        title=f"{scene.title}, part {part} of {parts}" if parts > 1 else scene.title,
                        desc=scene.desc, theme=scene.theme)
        return replace(sub, rows=(Row(0, 0.0, sub.height),))

    def _clip_range(self, line: Line, lo: float, hi: float, i: int, j: int) -> tuple[float, float]:
        """Where slice ``i``-``j`` clips ``line``: at its edges, short of a bolt of the same
        flow that stands across an edge and is drawn in the next slice."""
        for x0, x1, k in self._glyphs.get(line.id.rsplit("/", 1)[0], ()):
            if not i <= k < j:
                if x0 < hi < x1:
                    hi = x0
                if x0 < lo < x1:
                    lo = x1
        return lo, hi

    def slices(self, runs: list[tuple[int, int]]) -> list[Slice]:
        parts = len(runs)
        out = []
        for k, (i, j) in enumerate(runs, 1):
            first, last = self.name(i), self.name(j - 1)
            heading = f"The map in detail, {k} of {parts}: " + (first if j - i == 1 else f"{first} to {last}")
            out.append(Slice(self.slice(i, j, k, parts), first, last, j - i, heading))
        return out


def _shifts(bands: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """For ``bands`` (sorted ``(y0, y1)``), each empty band between them taller than
    :data:`BAND` shut to that: ``(from y on, move up by)``, the moves adding up."""
    shifts: list[tuple[float, float]] = []
    up, bottom = 0.0, bands[0][1] if bands else 0.0
    for y0, y1 in bands[1:]:
        if y0 - bottom > BAND:
            up += y0 - bottom - BAND
            shifts.append((y0, up))
        bottom = max(bottom, y1)
    return shifts


def _covered(bands: list[tuple[float, float]]) -> float:
    """How tall ``bands`` (sorted ``(y0, y1)``) stand once :func:`_shut` shuts them."""
    if not bands:
        return 0.0
    shifts = _shifts(bands)
    return max(y1 for _, y1 in bands) - bands[0][0] - (shifts[-1][1] if shifts else 0.0)


def _shut(elements: list[Element]) -> list[Element]:
    """``elements`` with each band across them that none of them reaches, taller than
    :data:`BAND`, shut to that: what is under it moves up."""
    shifts = _shifts(sorted((e.box[1], e.box[3]) for e in elements))
    if not shifts:
        return elements
    starts = [y for y, _ in shifts]
    out = []
    for e in elements:
        k = bisect_right(starts, e.box[1]) - 1
        out.append(_moved(e, 0.0, -shifts[k][1]) if k >= 0 else e)
    return out


def slice_scene(scene: Scene, i: int, j: int, *, part: int = 0, parts: int = 0) -> Scene:
    """The scene of columns ``i`` to ``j - 1`` alone: their elements, the lines passing over
    them clipped at the slice's edges, and "continued" marks when ``parts`` > 1."""
    return _Index(scene).slice(i, j, part, parts)


def line_gap() -> float:
    return 2.2 * _MARK_PT


def _ink(scene: Scene) -> str:
    """The colour of the scene's theme's text and lines. Not its first text's: that may be
    the white letter in the bottleneck's black triangle, which drew the marks white."""
    return theme(scene.theme).ink


def slices(scene: Scene, max_width: float) -> list[Slice]:
    """The map cut between steps into the fewest slices at most ``max_width`` points wide."""
    index = _Index(scene)
    return index.slices(index.partition(max_width))


def heading_height(text: str, width: float, font_pt: float) -> float:
    """How tall a slice's heading prints (points), wrapped to ``width`` points: an ``h2`` at
    ``font_pt`` with the handout's rule and spacing under it."""
    lines = len(wrap(text, width, font_pt, bold=True))
    return font_pt * (1.15 * lines + 0.3 + 0.12 + 0.7) + 2


def _pack(heights: list[float], room: float, gap: float) -> list[tuple[int, ...]]:
    """Slices stacked on pages in order, as many on a page as fit ``room`` points."""
    pages: list[list[int]] = []
    used = room
    for k, h in enumerate(heights):
        if pages and used + gap + h <= room:
            pages[-1].append(k)
            used += gap + h
        else:
            pages.append([k])
            used = h
    return [tuple(p) for p in pages]


def plan_handout(scene: Scene, page_mm: tuple[float, float], margin_mm: float, heading_pt: float,
                 data_pt: float = 8.0, max_scale: float = 1.5, gap_mm: float = GAP_MM,
                 overview_margin_mm: Optional[float] = None) -> Optional[SlicePlan]:
    """The slices of a handout's map pages on pages of ``page_mm`` (width, height: the
    report's own orientation) or on the same paper turned, or None when the whole map fits
    the overview page readably.

    At one scale for all, the data text at ``data_pt`` or more: as many whole steps a slice
    as fit the page's width, as many slices a page as fit its height (a short map stacks
    them), so the map takes the fewest pages; then the scale grows as far as those pages
    allow, so that the slices fill them. The pages turn from the report's orientation when
    only the turned page holds a step at ``data_pt`` (a tall map in a landscape report) or
    when it holds the map on fewer pages (wide boxes in a portrait one). A column too tall
    for either page at ``data_pt`` prints as large as the taller page allows.
    """
    short, long_ = sorted(page_mm)
    least = min_scale_for(data_pt)
    over = margin_mm if overview_margin_mm is None else overview_margin_mm
    tall = min((short - 2 * over) * MM - heading_height("The map", 1e9, heading_pt), OVERVIEW_MAX_MM * MM)
    if scene.width * least <= (long_ - 2 * over) * MM and scene.height * least <= tall:
        return None  # the overview page shows it all, readable
    index = _Index(scene)
    own = _plan(index, page_mm, margin_mm, heading_pt, least, max_scale, gap_mm * MM)
    turned = _plan(index, (page_mm[1], page_mm[0]), margin_mm, heading_pt, least, max_scale,
                   gap_mm * MM)
    if own.scale >= least - 1e-6 and (turned.scale < least - 1e-6 or len(own.pages) <= len(turned.pages)):
        return own
    if turned.scale >= least - 1e-6 or turned.scale > own.scale:
        return turned
    return own


def _plan(index: _Index, page_mm: tuple[float, float], margin_mm: float, heading_pt: float,
          least: float, max_scale: float, gap: float) -> SlicePlan:
    """The slices on pages of ``page_mm`` (see :func:`plan_handout`)."""
    width = (page_mm[0] - 2 * margin_mm) * MM
    room = (page_mm[1] - 2 * margin_mm) * MM - 2  # WeasyPrint rounds; never a page too many

    def lay_out(scale: float):
        runs = index.partition(width / scale)
        parts = len(runs)
        tall = []
        for k, (i, j) in enumerate(runs, 1):
            words = f"The map in detail, {k} of {parts}: {index.name(i)} to {index.name(j - 1)}"
            tall.append(heading_height(words, width, heading_pt) + index.height(i, j) * scale)
        fits = all(h <= room for h in tall) and all(index.width(i, j) * scale <= width + 0.5
                                                   or j - i == 1 for i, j in runs)
        return runs, _pack(tall, room, gap), fits

    def largest(low: float, high: float, good) -> float:
        """The largest scale in [low, high] that is ``good`` (bisection: good below, not above)."""
        if good(high):
            return high
        for _ in range(12):
            mid = (low + high) / 2
            low, high = (mid, high) if good(mid) else (low, mid)
        return low

    _, pages, fits = lay_out(least)
    if not fits:  # the columns too tall for the page at data_pt, drawn (marks on both sides)
        n = len(index.cols)
        too_tall = [k for k in range(n)
                    if heading_height("The map in detail, 1 of 1: " + index.name(k), width, heading_pt)
                    + index.slice(k, k + 1, 2, 3).height * least > room]
        if 0 < len(too_tall) < n:  # the others can be read at data_pt: not all as small
            return _apart(index, too_tall, page_mm, width, room, heading_pt, least, max_scale, gap)
    if fits:
        count = len(pages)
        def same_pages(s: float) -> bool:
            _, pages, fits = lay_out(s)
            return fits and len(pages) <= count

        scale = largest(least, max_scale, same_pages)
    else:  # as large as the page lets it be
        scale = largest(least / 8, least, lambda s: lay_out(s)[2])
    runs, pages, _ = lay_out(scale)
    cuts = index.slices(runs)
    # The slices drawn are no larger than estimated: as large as the fullest page allows.
    final = max_scale
    for page in pages:
        heads = sum(heading_height(cuts[k].heading, width, heading_pt) for k in page) + gap * (len(page) - 1)
        final = min(final, (room - heads) / sum(cuts[k].scene.height for k in page),
                     min(width / cuts[k].scene.width for k in page))
    orientation = "landscape" if page_mm[0] > page_mm[1] else "portrait"
    return SlicePlan(tuple(cuts), orientation, final, tuple(pages))


def _apart(index: _Index, too_tall: list[int], page_mm: tuple[float, float], width: float,
           room: float, heading_pt: float, least: float, max_scale: float, gap: float) -> SlicePlan:
    """The slices when the columns ``too_tall`` are taller than the page at the data size:
    each of them a slice and a page of its own, as large as the page lets it be; the steps
    between them as many a slice as fit at the data size, at one scale as large as their
    pages allow (see :func:`_plan`)."""
    runs: list[tuple[int, int]] = []
    start = 0
    for k in too_tall + [len(index.cols)]:
        runs += _runs_within(index, start, k, width / least)
        if k < len(index.cols):
            runs.append((k, k + 1))
        start = k + 1
    cuts = index.slices(runs)
    heads = [heading_height(c.heading, width, heading_pt) for c in cuts]
    alone = {runs.index((k, k + 1)) for k in too_tall}
    pages: list[tuple[int, ...]] = []
    pending: list[int] = []
    for k in list(range(len(cuts))) + [len(cuts)]:
        if k in alone or k == len(cuts):
            tall = [heads[i] + cuts[i].scene.height * least for i in pending]
            pages += [tuple(pending[i] for i in page) for page in _pack(tall, room, gap)]
            pages += [(k,)] if k in alone else []
            pending = []
        else:
            pending.append(k)
    common = max_scale
    for page in pages:
        if page[0] not in alone:
            used = sum(heads[k] for k in page) + gap * (len(page) - 1)
            common = min(common, (room - used) / sum(cuts[k].scene.height for k in page),
                         min(width / cuts[k].scene.width for k in page))
    # The others no more than a quarter larger than the data size: not twice the size of
    # the tall ones on the next page.
    common = max(least, min(common, 1.25 * least))
    scales = tuple(min(max_scale, (room - heads[k]) / cuts[k].scene.height, width / cuts[k].scene.width)
                   if k in alone else common for k in range(len(cuts)))
    orientation = "landscape" if page_mm[0] > page_mm[1] else "portrait"
    return SlicePlan(tuple(cuts), orientation, min(scales), tuple(pages), scales)


def _runs_within(index: _Index, start: int, stop: int, limit: float) -> list[tuple[int, int]]:
    """Columns ``start`` to ``stop - 1`` in runs at most ``limit`` wide, greedily (one column
    alone may be wider)."""
    runs, i = [], start
    while i < stop:
        j = i + 1
        while j < stop and index.width(i, j + 1) <= limit:
            j += 1
        runs.append((i, j))
        i = j
    return runs


def overview_readable(scene: Scene, page_mm: tuple[float, float], margin_mm: float) -> bool:
    """Whether the whole map on one landscape page still shows its boxes' text (at
    :data:`OVERVIEW_PT` or more), rather than a grey strip."""
    width = (max(page_mm) - 2 * margin_mm) * MM
    return DATA_PT * width / scene.width >= OVERVIEW_PT
