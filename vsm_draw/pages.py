"""The map on paper: the positioned scene cut between steps into slices that fill a page.

A slice is a scene of its own holding only the elements of its steps (their queue, box,
push arrow, kaizen and ladder segment), the information flows that pass over them clipped
to its edges, and "continued" marks: a printed page never embeds the whole map, so
printing is linear in the number of steps. A band across a slice that nothing of it
reaches but vertical stretches of lines (lanes under other steps) is shut, so its ladder
stands under its own steps. A column taller than a page at the data size (lanes stacked
under its step, information flows over it) is cut across between its stacked steps and
bands, marked "continued" above and below. The handout prints them on pages of its own
size and orientation, as many on a page as fit: under each other, or side by side when
too narrow and tall to stack. Nothing here draws: :func:`vsm_draw.diagram.render_scene`
does, in the parent process (see :mod:`vsm_draw.pdf`).
"""
from __future__ import annotations

import math
import re
from bisect import bisect_right
from dataclasses import dataclass, replace
from typing import Optional

from .layout.canvas import MARGIN, Canvas, _moved
from .layout.cut import clip_line, drawn_whole, scene_ink
from .layout.measure import DATA_PT
from .layout.scene import Column, Element, Line, Row, Scene, Text
from .textwidth import line_height, text_width, wrap

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
#: A column is cut across only where nothing is drawn for at least this many points.
_CUT_GAP = 4.0
#: A line's end this near past where the slice before stopped drawing (the gap between a
#: box and the line leaving it) still leaves a shape of that slice.
_NEAR = 3.0

#: Columns ``i`` to ``j - 1`` on one slice, between ``top`` and ``bottom`` (scene points):
#: :data:`WHOLE` but for a column too tall for a page, cut across between its stacked steps.
Run = tuple[int, int, float, float]
WHOLE = (-math.inf, math.inf)


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
    #: A part of a column cut across (between its stacked steps), not whole columns.
    across: bool = False


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
    #: The slices printed beside the one before them (on its right, their tops level) rather
    #: than under it: narrow slices too tall for two to stack on a page (see :func:`_pack`).
    beside: frozenset[int] = frozenset()

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




def _path(element: Element) -> bool:
    """Whether ``element`` is a path between shapes (an information flow, a branch line, a
    rework arrow) rather than a part of a step's drawing (its ladder's risers)."""
    return not drawn_whole(element) and _owner(element) is None


def _line_bands(line: Line, lo: float = -math.inf, hi: float = math.inf) -> list[tuple[float, float]]:
    """The heights a path takes between ``x = lo`` and ``x = hi``: its ends and its stretches
    that are not vertical. A band that only vertical stretches cross may be shut: they
    shorten, and every line still joins what it joined."""
    bands = [(y, y) for x, y in (line.points[0], line.points[-1]) if lo <= x <= hi]
    for (x0, y0), (x1, y1) in zip(line.points, line.points[1:]):
        if x0 != x1 and max(x0, x1) >= lo and min(x0, x1) <= hi:
            bands.append((min(y0, y1), max(y0, y1)))
    return bands


def _owner(element: Element) -> Optional[str]:
    match = _OWNED.match(element.id)
    return match.group(1) if match else None


def _centre_x(element: Element) -> float:
    box = element.box
    return (box[0] + box[2]) / 2




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
        self._page_heights: dict[tuple[int, int, float, float], tuple[float, float]] = {}
        self._drawn: dict[tuple[int, int], float] = {}
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
        # The names as the map writes them, not as their boxes wrap them ("Posteingangs-
        # bearbei- tung"), by the slug their elements carry (not the step's id: "prüfung").
        self.names.update({c.slug: c.name for c in scene.columns.values() if c.slug and c.name})
        for e in scene.elements:
            if e.id.startswith(_CAPTION):
                continue
            if isinstance(e, Text) and e.id.startswith("step:") and e.id.endswith("/name"):
                self.names.setdefault(e.id[len("step:"):-len("/name")], " ".join(e.lines))
            owner = _owner(e)
            if owner in where:
                k = where[owner]
            elif owner in boxes:
                k = self._column_at(boxes[owner])
            elif e.id.startswith("supplier/"):
                k = 0
            elif e.id.startswith(("customer/", "totals/", "scale/")):
                k = n - 1
            elif not drawn_whole(e):
                x0, y0, x1, y1 = e.box
                a, b = self._column_at(x0), self._column_at(x1)
                self.lines.append((a, b, e))
                continue
            else:
                k = self._column_at(_centre_x(e))
                if isinstance(e, Line):
                    self._glyphs.setdefault(e.id.rsplit("/", 1)[0], []).append((e.box[0], e.box[2], k))
            self.groups[k].append(e)
            self._bands[k].append((e.box[1], e.box[3]))
            ink = self._ink[k]
            x0, y0, x1, y1 = e.box
            if drawn_whole(e):  # a slice widens to hold it whole
                ink[0], ink[2] = min(ink[0], x0), max(ink[2], x1)
            ink[1], ink[3] = min(ink[1], y0), max(ink[3], y1)
        # The heights the lines over each column take, as far as its slices may reach, and
        # their vertical stretches (a cut across a column ends those it crosses there).
        spans = [self.span(k, k + 1) for k in range(n)]
        self._verticals: list[list[tuple[float, float]]] = [[] for _ in range(n)]
        for _, _, line in self.lines:
            x0, _, x1, _ = line.box
            for k, (lo, hi) in enumerate(spans):
                if lo <= x1 and x0 <= hi:
                    self._bands[k] += _line_bands(line, lo, hi)
                    self._verticals[k] += [(min(ya, yb), max(ya, yb)) for (xa, ya), (xb, yb)
                                           in zip(line.points, line.points[1:]) if xa == xb and lo <= xa <= hi]

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

    def height(self, i: int, j: int, top: float = -math.inf, bottom: float = math.inf) -> float:
        """How tall slice ``i``-``j`` is drawn at most (the lines crossing it taken whole,
        the bands with nothing of it shut, the "continued" marks on two lines); cut across
        between ``top`` and ``bottom``, what it holds of them, and a third line of marks."""
        if top == -math.inf and bottom == math.inf:
            bands = sorted(b for k in range(i, j) for b in self._bands[k])
            lo, hi = self.span(i, j)
            marks = 1 if _MARKS_APART <= hi - lo else 2  # side by side when they fit
            return _covered(bands) + 2 * MARGIN + marks * line_gap() + 2
        bands = [(max(y0, top), min(y1, bottom)) for k in range(i, j)
                 for y0, y1 in self._bands[k] if y1 >= top and y0 <= bottom]
        bands += [(y, y) for k in range(i, j) for y0, y1 in self._verticals[k]  # a path cut
                  for y in (top, bottom) if y0 < y < y1]  # across ends at the cut
        return _covered(sorted(bands)) + 2 * MARGIN + 3 * line_gap() + 2

    def partition(self, max_width: float, start: int = 0, stop: Optional[int] = None) -> list[tuple[int, int]]:
        n = len(self.cols)
        stop = n if stop is None else stop

        cols, ink, right = self.cols, self._ink, self.scene.width

        def greedy(limit: float) -> list[tuple[int, int]]:
            runs, i = [], start
            limit -= 2 * MARGIN + 2
            while i < stop:
                # The run's ink, widened column by column (as self.width, without re-reading).
                lo = min(MARGIN - 1 if i == 0 else cols[i].x0, ink[i][0])
                far = ink[i][2]
                j = i + 1
                while j < stop:
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
        low, high = max(self.width(i, i + 1) for i in range(start, stop)), max_width
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

    def page_height(self, i: int, j: int, heading_pt: float, width: float) -> tuple[float, float]:
        """How tall slice ``i``-``j`` of whole columns prints with its heading wrapped to
        ``width``: its height at scale 1 (:meth:`height`) and the heading's points;
        remembered, as spreading the slices over pages asks it at several scales."""
        key = (i, j, heading_pt, width)
        if key not in self._page_heights:
            n = len(self.cols)
            words = f"The map in detail, {n} of {n}: {self.name(i)} to {self.name(j - 1)}"
            self._page_heights[key] = (self.height(i, j), heading_height(words, width, heading_pt))
        return self._page_heights[key]

    def drawn_height(self, i: int, j: int) -> float:
        """How tall slice ``i``-``j`` of whole columns is drawn, "continued" marks on both
        sides (remembered; drawing it costs a millisecond, :meth:`height` estimates it)."""
        if (i, j) not in self._drawn:
            n = len(self.cols)
            marks = (f"◀ continued from part {n}", f"continued in part {n} ▶", "")
            self._drawn[(i, j)] = self.slice((i, j, *WHOLE), marks, "").height
        return self._drawn[(i, j)]

    def name(self, k: int) -> str:
        column = self.cols[k]
        return column.name or self.names.get(column.step, column.step)

    def cut_places(self, k: int, band: bool = False) -> list[float]:
        """Where column ``k`` may be cut across, top to bottom: between the band over its
        steps (information flows; ``band``: between the band's lanes and labels as well),
        the steps stacked in it (lanes under the process row),
        never through a shape or a word, between a step's queue, box and kaizen burst, under
        the bottleneck's badge, between the last step and the ladder under it, or along a
        line."""
        lo, hi = self.span(k, k + 1)
        steps: dict[str, list[float]] = {}
        others: list[tuple[str, float, float]] = []
        for e in self.groups[k]:
            owner = _owner(e)
            y0, y1 = e.box[1], e.box[3]
            if owner is not None and not e.id.startswith("ladder:"):
                hull = steps.setdefault(owner, [y0, y1])
                hull[0], hull[1] = min(hull[0], y0), max(hull[1], y1)
            else:
                others.append((e.id.split("/", 1)[0], y0, y1))
        if not steps:
            return []
        first, last = min(h[0] for h in steps.values()), max(h[1] for h in steps.values())
        blocks = [(y0, y1) for y0, y1 in steps.values()]
        over = []  # the band over the steps (information flows), whole
        for key, y0, y1 in others:
            if key == "bottleneck":  # the badge goes with the queue under it
                blocks.append((y0, min((h[0] for h in steps.values() if h[0] >= y1 - 1e-6), default=y1)))
            elif key.startswith("ladder:"):  # the ladder with the last step over it
                blocks.append((min(y0, last), y1))
            else:
                (over if y1 <= first else blocks).append((y0, y1))
        for a, b, line in self.lines:  # a horizontal line stays whole in one slice
            if a <= k <= b:
                for (x0, y0), (x1, y1) in zip(line.points, line.points[1:]):
                    if y0 == y1 and max(x0, x1) >= lo and min(x0, x1) <= hi:
                        (over if y0 + 1 <= first else blocks).append((y0 - 1, y0 + 1))
        if over and band:  # the band too may be cut, between its flows' lanes and labels
            blocks += over
        elif over:
            blocks.append((min(y0 for y0, _ in over), max(y1 for _, y1 in over)))
        blocks.sort()
        places: list[float] = []
        bottom = blocks[0][1]
        for y0, y1 in blocks[1:]:
            if y0 - bottom >= _CUT_GAP:
                places.append((bottom + y0) / 2)
            bottom = max(bottom, y1)
        return places

    def across(self, k: int, limit: float) -> Optional[list[tuple[float, float]]]:
        """Column ``k`` cut across (``(top, bottom)`` each) into the fewest slices at most
        ``limit`` tall (:meth:`height`), the tallest as short as it can be; None when no
        cuts between its stacked steps do."""
        out = self._across(k, limit, self.cut_places(k))
        if out is None:  # the band of information flows alone taller than the page: cut it too
            out = self._across(k, limit, self.cut_places(k, band=True))
        return out

    def _across(self, k: int, limit: float, places: list[float]) -> Optional[list[tuple[float, float]]]:
        cuts = [-math.inf, *places, math.inf]
        # Per cut, the fewest slices above it and their tallest, and the cut before them.
        best: dict[int, tuple[int, float, int]] = {0: (0, 0.0, -1)}
        for b in range(1, len(cuts)):
            for a in sorted(best, reverse=True):
                tall = self.height(k, k + 1, cuts[a], cuts[b])
                if tall > limit:
                    break  # a slice starting higher up is taller still
                count, tallest, _ = best[a]
                if b not in best or (count + 1, max(tallest, tall)) < best[b][:2]:
                    best[b] = (count + 1, max(tallest, tall), a)
        b = len(cuts) - 1
        if b not in best:
            return None
        out = []
        while b > 0:
            a = best[b][2]
            out.append((cuts[a], cuts[b]))
            b = a
        return out[::-1]

    def steps_in(self, k: int, top: float, bottom: float) -> list[str]:
        """The names of the steps whose boxes stand in column ``k`` between ``top`` and
        ``bottom``, top to bottom."""
        boxes = sorted((e.box[1], e.id[len("step:"):-len("/box")]) for e in self.groups[k]
                       if e.id.startswith("step:") and e.id.endswith("/box") and top < e.box[1] < bottom)
        return [self.names.get(step, step) for _, step in boxes]

    def heading(self, run: Run, part: int, parts: int) -> str:
        """The heading of slice ``run``, part ``part`` of ``parts``: the steps it shows."""
        i, j, top, bottom = run
        words = f"The map in detail, {part} of {parts}: "
        if (top, bottom) == WHOLE:
            first, last = self.name(i), self.name(j - 1)
            return words + (first if j - i == 1 else f"{first} to {last}")
        steps = self.steps_in(i, top, bottom)
        if steps:
            return words + _and(steps)
        return words + ("over " if top == -math.inf else "under ") + self.name(i)

    def reach(self, i: int, j: int) -> float:
        """How far right slice ``i``-``j`` draws the lines over it: to its edge, or where the
        next slice's own steps begin when that is sooner."""
        hi = self.span(i, j)[1]
        if j < len(self.cols):
            return min(hi, max(max(ink[2] for ink in self._ink[i:j]), self._ink[j][0]))
        return hi

    def slice(self, run: Run, marks: tuple[str, str, str], title: str,
              start: float = -math.inf) -> Scene:
        """The scene of columns ``i`` to ``j - 1`` alone, between ``top`` and ``bottom``
        (see :func:`slice_scene`), with ``marks``: "continued" words over its left and right
        edges and under it. The lines over it are drawn from ``start`` on (where the slice
        before stopped drawing them)."""
        scene = self.scene
        i, j, top, bottom = run
        lo, hi = self.span(i, j)
        cv = Canvas()
        for group in self.groups[i:j]:
            for e in group:
                if not top < (e.box[1] + e.box[3]) / 2 < bottom:
                    continue
                if not drawn_whole(e):
                    for piece in clip_line(e, lo, hi, top, bottom):
                        cv.add(piece)
                else:
                    cv.add(e)
        # The lines stop where the next slice's own steps begin: a branch that forks off the
        # push arrow into the next step is drawn there, with the arrow, not also here as a
        # fork hanging off nothing. Lines wholly in that stretch are the next slice's.
        # Where this slice overlaps the one before (up to ``start``, where that one stopped
        # drawing them), a line that ends there on nothing of this slice (it leaves a box
        # drawn in the slice before) was drawn there: here it began as a stub hanging off
        # nothing. Wholly in the overlap it is left out; else it starts at ``start``, and
        # enters from the slice's edge when it runs level there.
        reach = self.reach(i, j)
        shapes = [e.box for e in cv.elements]
        edges = (lo, reach, top, bottom)
        for a, b, e in self.lines:
            if a < j and b >= i - 1:
                for piece in clip_line(e, *self._clip_range(e, lo, reach, i, j), top, bottom):
                    if start <= lo or not _dangles(piece, start, edges, shapes):
                        cv.add(piece)
                    elif max(x for x, _ in piece.points) > start + _NEAR:
                        for rest in clip_line(piece, start, reach, top, bottom):
                            cv.add(_to_edge(rest, start, lo, shapes))
        cv.elements[:] = _shut(cv.elements)
        ink = scene_ink(scene)
        first, after, below = marks
        if first or after:
            top_y = min(e.box[1] for e in cv.elements) - line_gap()
            # Side by side when they fit, else one above the other: never over each other.
            apart = text_width(first, _MARK_PT) + text_width(after, _MARK_PT) + 2 * _MARK_PT <= hi - lo
            if first:
                cv.text("continued/from", "continued", lo, top_y - (0 if apart or not after else line_gap()),
                        [first], _MARK_PT, ink, anchor="start", italic=True)
            if after:
                cv.text("continued/on", "continued", hi, top_y, [after], _MARK_PT, ink, anchor="end",
                        italic=True)
        if below:
            bottom_y = max(e.box[3] for e in cv.elements) + line_gap() - line_height(_MARK_PT)
            cv.text("continued/below", "continued", hi, bottom_y, [below], _MARK_PT, ink, anchor="end",
                    italic=True)
        _mark_low_cuts(cv, (lo, reach), (first, after), ink)
        columns = {c.step: c for c in self.cols[i:j]}
        sub = cv.freeze(columns=columns, rows=(Row(0, 0.0, 0.0),), paper=scene.paper, title=title,
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

    def slices(self, runs: list[Run]) -> list[Slice]:
        """The slices of ``runs``, numbered in order, each with its heading and marks: a
        column cut across continues in the next part down (▼), and the parts before and
        after its column are named on its left and right."""
        parts = len(runs)
        groups: list[list[int]] = []  # the part numbers of each run of columns
        for t, run in enumerate(runs, 1):
            if groups and runs[groups[-1][0] - 1][:2] == run[:2]:
                groups[-1].append(t)
            else:
                groups.append([t])
        out = []
        for g, numbers in enumerate(groups):
            before = groups[g - 1] if g else []
            after = groups[g + 1][:1] if g + 1 < len(groups) else []
            for piece, t in enumerate(numbers):
                run = runs[t - 1]
                marks = ((f"▲ continued from part {t - 1}" if piece else
                          f"◀ continued from {_parts(before)}" if before else ""),
                         f"continued in {_parts(after)} ▶" if after else "",
                         f"continued in part {t + 1} ▼" if piece + 1 < len(numbers) else "")
                i, j, top, bottom = run
                steps = (self.steps_in(i, top, bottom) if (top, bottom) != WHOLE
                         else [self.name(i), self.name(j - 1)])
                title = f"{self.scene.title}, part {t} of {parts}" if parts > 1 else self.scene.title
                count = len(steps) if (top, bottom) != WHOLE else j - i
                start = -math.inf
                if g and self.cols[i - 1].row == self.cols[i].row:  # the run before, same row
                    start = self.reach(*runs[groups[g - 1][0] - 1][:2])
                out.append(Slice(self.slice(run, marks, title, start), steps[0] if steps else self.name(i),
                                 steps[-1] if steps else self.name(i), count,
                                 self.heading(run, t, parts), across=(top, bottom) != WHOLE))
        return out


def _mark_low_cuts(cv: Canvas, edges: tuple[float, float], marks: tuple[str, str], ink: str) -> None:
    """The "continued" mark of a slice's side (``marks``: the left's and the right's) also at
    the end of each information flow or branch line cut at that side (``edges``: x of the
    left and the right) below the top of the process row: a flow to or from a step in a lane
    comes down round the process row, and a parallel lane's branch line runs under it, far
    under the marks over the slice's corners. Over its line where that is free, else under
    it; clear of the slice's other shapes and words."""
    tops = [e.box[1] for e in cv.elements if e.role == "process-box"]
    if not tops:
        return
    row_top = min(tops)
    h = line_height(_MARK_PT)
    marked: list[tuple[bool, float]] = []  # (at the left, y) of the ends marked
    for line in [e for e in cv.elements if isinstance(e, Line) and e.role in ("info-flow", "branch-flow")]:
        for end, nxt in ((line.points[0], line.points[1]), (line.points[-1], line.points[-2])):
            (x, y), left = end, abs(end[0] - edges[0]) < 0.01
            if y <= row_top or nxt[1] != y or not (left or abs(x - edges[1]) < 0.01):
                continue  # in the band under the corners' marks, not level, or not at a side
            words = marks[0] if left else marks[1]
            if not words or any(side == left and abs(y - at) < 2 * h for side, at in marked):
                continue  # (lines side by side, such as two to one step: one mark says it)
            marked.append((left, y))
            # What the text may not touch: every shape and word, each stretch of the lines but
            # the one it stands over.
            others = [b for e in cv.elements
                      for b in ([(min(p[0], q[0]), min(p[1], q[1]), max(p[0], q[0]), max(p[1], q[1]))
                                 for p, q in zip(e.points, e.points[1:]) if {p, q} != {end, nxt}]
                                if isinstance(e, Line) and not e.closed else [e.box])]
            # The mark, else its short form ("◀ part 1") where lines down by the edge leave
            # no room for the whole; over the line, else under it, else a line further away;
            # at the edge, or just past the lines down by it.
            short = words.replace("continued from ", "").replace("continued in ", "")
            spots = [t for k in range(3) for t in (y - 2 - (k + 1) * h, y + 2 + k * h)]
            place = next(((text, top, x0) for text in (words, short) for top in spots
                          for x0 in [_free_start(x, left, text_width(text, _MARK_PT), top, h, others)]
                          if x0 is not None), None)
            if place is None and line.role != "info-flow":
                continue  # a branch line's stub a point past its box: no words over the box
            text, top, x0 = place or (short, spots[0], x if left else x - text_width(short, _MARK_PT))
            w = text_width(text, _MARK_PT)
            cv.text(f"continued/{line.id}/{'from' if left else 'on'}", "continued", x0 if left else x0 + w, top,
                    [text], _MARK_PT, ink, anchor="start" if left else "end", italic=True)


def _free_start(x: float, left: bool, w: float, top: float, h: float,
                others: list[tuple[float, float, float, float]]) -> Optional[float]:
    """Where a text ``w`` wide and ``h`` tall, its top at ``top``, starts beside a slice's
    left (``left``) or right edge at ``x``, touching none of ``others``: at the edge, or just
    past the lines down by it (up to 40 points in); None when something else is in the way."""
    x0 = x if left else x - w
    while abs(x0 + (0 if left else w) - x) <= 40:
        hit = [b for b in others if b[0] < x0 + w and x0 < b[2] and b[1] < top + h and top < b[3]]
        if not hit:
            return x0
        if any(b[2] - b[0] > 0.5 for b in hit):
            return None
        x0 = max(b[2] for b in hit) + 3 if left else min(b[0] for b in hit) - 3 - w
    return None


def _dangles(line: Line, start: float, edges: tuple[float, float, float, float],
             shapes: list[tuple[float, float, float, float]]) -> bool:
    """Whether an end of ``line`` short of ``x = start`` touches nothing: neither one of
    ``shapes`` nor an edge of the slice (``lo``, ``hi``, ``top``, ``bottom``) it is cut at."""
    lo, hi, top, bottom = edges
    for x, y in (line.points[0], line.points[-1]):
        if x > start + _NEAR or min(abs(x - lo), abs(x - hi), abs(y - top), abs(y - bottom)) < 0.01:
            continue
        if not any(b[0] - 2.5 <= x <= b[2] + 2.5 and b[1] - 2.5 <= y <= b[3] + 2.5 for b in shapes):
            return True
    return False


def _to_edge(line: Line, start: float, lo: float, shapes: list[tuple[float, float, float, float]]) -> Line:
    """``line``, cut at ``x = start``, drawn on to ``x = lo`` where its cut end runs level
    and nothing of ``shapes`` stands between."""
    points = list(line.points)
    for end, near in ((0, 1), (-1, -2)):
        (x, y), (xn, yn) = points[end], points[near]
        if not -0.01 <= x - start <= _NEAR or abs(y - yn) > 0.01 or xn < x:
            continue
        if any(b[0] < x and b[2] > lo and b[1] - 2 < y < b[3] + 2 for b in shapes):
            continue
        points[end] = (lo, y)
    return replace(line, points=tuple(points)) if points != list(line.points) else line


def _parts(numbers: list[int]) -> str:
    """``part 4``, ``parts 3 and 4``, ``parts 3 to 5``."""
    if len(numbers) == 1:
        return f"part {numbers[0]}"
    return f"parts {numbers[0]} {'and' if len(numbers) == 2 else 'to'} {numbers[-1]}"


def _and(names: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


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
    shifts = _shifts(sorted(b for e in elements
                            for b in (_line_bands(e) if _path(e) else [(e.box[1], e.box[3])])))
    if not shifts:
        return elements
    starts = [y for y, _ in shifts]

    def up(y: float) -> float:
        k = bisect_right(starts, y) - 1
        return shifts[k][1] if k >= 0 else 0.0

    out = []
    for e in elements:
        if _path(e):  # point by point: its vertical stretches across a shut band shorten
            out.append(replace(e, points=tuple((x, y - up(y)) for x, y in e.points)))
        else:
            out.append(_moved(e, 0.0, -up(e.box[1])))
    return out


def slice_scene(scene: Scene, i: int, j: int, *, part: int = 0, parts: int = 0) -> Scene:
    """The scene of columns ``i`` to ``j - 1`` alone: their elements, the lines passing over
    them clipped at the slice's edges, and "continued" marks when ``parts`` > 1."""
    marks = (f"◀ continued from part {part - 1}" if 1 < part else "",
             f"continued in part {part + 1} ▶" if 0 < part < parts else "", "")
    title = f"{scene.title}, part {part} of {parts}" if parts > 1 else scene.title
    return _Index(scene).slice((i, j, *WHOLE), marks, title)


#: How wide the two "continued" marks over a slice are side by side, at the most (two-digit
#: parts): a slice at least this wide prints them on one line (see :meth:`_Index.slice`).
_MARKS_APART = (text_width("◀ continued from part 99", _MARK_PT)
                + text_width("continued in part 99 ▶", _MARK_PT) + 2 * _MARK_PT)


def line_gap() -> float:
    return 2.2 * _MARK_PT




def slices(scene: Scene, max_width: float) -> list[Slice]:
    """The map cut between steps into the fewest slices at most ``max_width`` points wide."""
    index = _Index(scene)
    return index.slices([(i, j, *WHOLE) for i, j in index.partition(max_width)])


def heading_height(text: str, width: float, font_pt: float) -> float:
    """How tall a slice's heading prints (points), wrapped to ``width`` points: an ``h2`` at
    ``font_pt`` with the handout's rule and spacing under it."""
    lines = len(wrap(text, width, font_pt, bold=True))
    return font_pt * (1.15 * lines + 0.3 + 0.12 + 0.7) + 2


def _pack(sizes: list[tuple[float, float, float]], room: float, width: float, gap: float,
          across: Optional[list[float]] = None) -> tuple[list[tuple[int, ...]], frozenset[int]]:
    """Slices on pages in order: each under the one before while the page holds it, else
    beside it (on its right, tops level, ``gap`` between) while the page's width and height
    hold the two, else on a new page. ``sizes``: per slice its width, its height and its
    heading's height when the heading spans the page; ``across``: its heading's height when
    wrapped to the slice's own width (beside another). The pages (the slices on each) and
    the slices printed beside the one before them."""
    pages: list[list[int]] = []
    beside: set[int] = set()
    used = room  # the height taken on the page, the shelf of slices side by side included
    shelf: list[int] = []  # the slices side by side at the foot of the page
    shelf_top = 0.0  # where that shelf begins on its page
    for k, (w, h, head) in enumerate(sizes):
        if pages and used + gap + head + h <= room:  # under the page's last slice
            pages[-1].append(k)
            shelf_top, shelf, used = used + gap, [k], used + gap + head + h
            continue
        if across is not None and shelf and sum(sizes[i][0] for i in shelf) + len(shelf) * gap + w <= width:
            tall = max(across[i] + sizes[i][1] for i in shelf + [k])
            if shelf_top + tall <= room:  # beside it, the headings over each slice alone
                pages[-1].append(k)
                beside.add(k)
                shelf.append(k)
                used = shelf_top + tall
                continue
        pages.append([k])
        shelf_top, shelf, used = 0.0, [k], head + h
    return [tuple(p) for p in pages], frozenset(beside)


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
    when it holds the map on fewer pages (wide boxes in a portrait one), or when it cuts
    fewer columns across. A column too tall for the page at ``data_pt`` is cut across
    between the steps and bands stacked in it (:meth:`_Index.across`), into as few slices
    as fit; one that no such cut fits (a step's own drawing taller than the page) prints
    alone, as large as the page allows.
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
    readable = [plan for plan in (own, turned) if plan.scale >= least - 1e-6]
    if readable:  # the fewest columns cut across, then the fewest pages; the report's own on a tie
        return min(readable, key=lambda plan: (sum(c.across for c in plan.slices), len(plan.pages)))
    return turned if turned.scale > own.scale else own


def _runs(index: _Index, start: int, stop: int, across: dict[int, list[tuple[float, float]]],
          split) -> list[Run]:
    """Columns ``start`` to ``stop - 1`` in runs: ``split(a, b)``'s runs of whole columns,
    each column of ``across`` a slice of its own, cut across where it says."""
    runs: list[Run] = []
    for k in [c for c in sorted(across) if start <= c < stop] + [stop]:
        if start < k:
            runs += [(i, j, *WHOLE) for i, j in split(start, k)]
        if k < stop:
            runs += [(k, k + 1, top, bottom) for top, bottom in across[k]]
        start = k + 1
    return runs


def _plan(index: _Index, page_mm: tuple[float, float], margin_mm: float, heading_pt: float,
          least: float, max_scale: float, gap: float) -> SlicePlan:
    """The slices on pages of ``page_mm`` (see :func:`plan_handout`)."""
    width = (page_mm[0] - 2 * margin_mm) * MM
    room = (page_mm[1] - 2 * margin_mm) * MM - 2  # WeasyPrint rounds; never a page too many
    n = len(index.cols)
    across: dict[int, list[tuple[float, float]]] = {}  # the columns cut across, and where

    def lay_out(scale: float):
        runs = _runs(index, 0, n, across, lambda a, b: index.partition(width / scale, a, b))
        parts = len(runs)
        sizes, heads = [], []
        for t, run in enumerate(runs, 1):
            i, j = run[:2]
            words = (f"The map in detail, {t} of {parts}: {index.name(i)} to {index.name(j - 1)}"
                     if run[2:] == WHOLE else index.heading(run, t, parts))
            w = index.width(i, j) * scale
            sizes.append((w, index.height(*run) * scale, heading_height(words, width, heading_pt)))
            heads.append(heading_height(words, w, heading_pt))
        fits = all(h + head <= room for _, h, head in sizes) and all(
            index.width(i, j) * scale <= width + 0.5 or j - i == 1 for i, j, _, _ in runs)
        packed = _pack(sizes, room, width, gap, heads)
        if fits and not across:  # the slices cut and spread so that the pages fill evenly
            even = _fill(index, scale, width, room, heading_pt, gap)
            if even is not None and len(even[1]) <= len(packed[0]):
                return even[0], (even[1], frozenset()), True, even[2]
        return runs, packed, fits, 0

    def largest(low: float, high: float, good) -> float:
        """The largest scale in [low, high] that is ``good`` (bisection: good below, not above)."""
        if good(high):
            return high
        for _ in range(12):
            mid = (low + high) / 2
            low, high = (mid, high) if good(mid) else (low, mid)
        return low

    _, (pages, _), fits, emptiest = lay_out(least)
    if not fits:  # the columns too tall for the page at data_pt, drawn (marks on both sides)
        marks = ("◀ continued from part 1", "continued in part 3 ▶", "")
        too_tall = [k for k in range(n)
                    if heading_height("The map in detail, 1 of 1: " + index.name(k), width, heading_pt)
                    + index.slice((k, k + 1, *WHOLE), marks, "").height * least > room]
        # Cut across between the steps stacked in them (lanes, the bands of information
        # flows and of the ladder) into as few slices as the page holds at data_pt.
        for k in too_tall:
            words = f"The map in detail, {n + 9} of {n + 9}: " + _and(index.steps_in(k, *WHOLE))
            cut = index.across(k, (room - heading_height(words, width, heading_pt)) / least)
            if cut:
                across[k] = cut
        alone = [k for k in too_tall if k not in across]
        if 0 < len(alone) < n:  # the others can be read at data_pt: not all as small
            return _apart(index, alone, across, page_mm, width, room, heading_pt, least, max_scale, gap)
        if across:
            _, (pages, _), fits, emptiest = lay_out(least)
    if fits:
        count = len(pages)
        def same_pages(s: float) -> bool:
            _, (pages, _), fits, empty = lay_out(s)
            # No larger if a page is then left emptier than at the data size: evenly
            # filled pages read better than a few points more and one page nearly blank.
            return fits and len(pages) <= count and empty <= emptiest

        # Not bisected from the start: a larger scale cuts the map anew into narrower slices,
        # which may fill fewer pages than a smaller one did (two landscape pages of a
        # quarter's map held its data text at 8.7 pt, where bisection stopped at 8.4). The
        # largest of a ladder of scales (2.3 % apart) that keeps the pages, then bisected up.
        ladder = [least * (max_scale / least) ** (k / _RUNGS) for k in range(_RUNGS, -1, -1)]
        good = next((k for k, s in enumerate(ladder) if same_pages(s)), len(ladder) - 1)
        scale = ladder[good] if good == 0 else largest(ladder[good], ladder[good - 1], same_pages)
    else:  # as large as the page lets it be
        scale = largest(least / 8, least, lambda s: lay_out(s)[2])
    runs, (pages, beside), _, _ = lay_out(scale)
    cuts = index.slices(runs)
    # The slices drawn are no larger than estimated: as large as the fullest page allows (a
    # row of slices side by side as tall as its tallest heading and tallest slice together;
    # their headings wrapped to the slices' widths at the smaller of the two scales).
    final = max_scale
    for page in pages:
        shelves: list[list[int]] = []
        for k in page:
            if k in beside:
                shelves[-1].append(k)
            else:
                shelves.append([k])
        heads, tall = gap * (len(shelves) - 1), 0.0
        for shelf in shelves:
            heads += max(heading_height(cuts[k].heading, width if len(shelf) == 1 else
                                        cuts[k].scene.width * min(scale, least), heading_pt) for k in shelf)
            tall += max(cuts[k].scene.height for k in shelf)
            final = min(final, (width - gap * (len(shelf) - 1)) / sum(cuts[k].scene.width for k in shelf))
        final = min(final, (room - heads) / tall)
    orientation = "landscape" if page_mm[0] > page_mm[1] else "portrait"
    return SlicePlan(tuple(cuts), orientation, final, tuple(pages), beside=beside)


#: The rungs of the ladder of scales tried between the data size and the largest.
_RUNGS = 24
#: Pages this much emptier than another count as alike when :func:`_fill` spreads the
#: slices: a tenth of the page, rather than one more cut for a few points.
_EVEN = 0.1
#: Pages this little fuller than another count as alike: the fullest sets the scale.
_FULL = 0.02


def _fill(index: _Index, scale: float, width: float, room: float, heading_pt: float,
          gap: float) -> Optional[tuple[list[Run], list[tuple[int, ...]], int]]:
    """The map's whole columns cut into slices at most ``width`` wide at ``scale`` and
    stacked on the fewest pages ``room`` tall; of those, the pages but the last filled as
    evenly as they can be (the emptiest as full as it can be, to :data:`_EVEN` of the
    page), then the fullest as little full as can be (it sets how large the slices may
    grow), then the fewest slices. The runs, the slices on each page and how empty the
    emptiest page but the last is (in tenths); None when a column alone is too tall.

    Cut by width alone and stacked greedily, a one-step slice stood alone on a page 36 %
    full when the next slice, with its lanes, did not fit under it (a 22-step claims map:
    7 pages, now 6, each 80 % full or more). Dynamic programming over the columns: a page
    ends after a column; on a page, each column's end is reached as high up as it can be."""
    n = len(index.cols)
    limit = (width + 0.5) / scale
    tall = index.page_height
    # best[c]: pages ending before column c as (pages, emptiest but the last, slices), and
    # the page before (its first column, its runs' ends).
    best: dict[int, tuple[tuple[int, int, int, int], int, tuple[int, ...]]] = {0: ((0, 0, 0, 0), -1, ())}
    for c in range(n):
        if c not in best:
            continue
        (pages, emptiest, fullest, count), _, _ = best[c]
        # On a page starting at column c: the least height down to each column's end.
        low: dict[int, tuple[float, int, int]] = {c: (-gap, 0, -1)}
        for d in range(c, n):
            if d not in low:
                continue
            used, runs, _ = low[d]
            for e in range(d + 1, n + 1):
                if e - d > 1 and index.width(d, e) > limit:
                    break
                body, head = tall(d, e, heading_pt, width)
                h = used + gap + head + body * scale
                if h > room:  # estimated up to 25 points too tall: drawn, it may fit
                    h = used + gap + head + index.drawn_height(d, e) * scale
                    if h > room:
                        break
                if e not in low or (h, runs + 1) < low[e][:2]:
                    low[e] = (h, runs + 1, d)
        for e, (h, runs, _) in low.items():
            if e == c:
                continue
            full = math.ceil(h / (_FULL * room))
            empty = 0 if e == n else math.ceil((room - h) / (_EVEN * room))
            key = (pages + 1, max(emptiest, empty), max(fullest, full), count + runs)
            if e not in best or key < best[e][0]:
                ends, d = [], e
                while d != c:
                    ends.append(d)
                    d = low[d][2]
                best[e] = (key, c, tuple(ends[::-1]))
    if n not in best:
        return None
    emptiest = best[n][0][1]
    runs: list[Run] = []
    pages: list[tuple[int, ...]] = []
    e = n
    while e > 0:
        _, c, ends = best[e]
        pages.append(tuple(range(len(ends))))
        runs[:0] = [(a, b, *WHOLE) for a, b in zip((c, *ends), ends)]
        e = c
    pages.reverse()
    numbered, k = [], 0
    for page in pages:
        numbered.append(tuple(range(k, k + len(page))))
        k += len(page)
    return runs, numbered, emptiest


def _apart(index: _Index, too_tall: list[int], across: dict[int, list[tuple[float, float]]],
           page_mm: tuple[float, float], width: float, room: float, heading_pt: float,
           least: float, max_scale: float, gap: float) -> SlicePlan:
    """The slices when the columns ``too_tall`` are taller than the page at the data size
    and cannot be cut across (``across``: those that can, and where): each of them a slice
    and a page of its own, as large as the page lets it be; the steps between them as many
    a slice as fit at the data size, at one scale as large as their pages allow (see
    :func:`_plan`)."""
    runs: list[Run] = []
    start = 0
    for k in too_tall + [len(index.cols)]:
        runs += _runs(index, start, k, across, lambda a, b: _runs_within(index, a, b, width / least))
        if k < len(index.cols):
            runs.append((k, k + 1, *WHOLE))
        start = k + 1
    cuts = index.slices(runs)
    heads = [heading_height(c.heading, width, heading_pt) for c in cuts]
    alone = {runs.index((k, k + 1, *WHOLE)) for k in too_tall}
    pages: list[tuple[int, ...]] = []
    pending: list[int] = []
    for k in list(range(len(cuts))) + [len(cuts)]:
        if k in alone or k == len(cuts):
            tall = [(0.0, cuts[i].scene.height * least, heads[i]) for i in pending]
            pages += [tuple(pending[i] for i in page) for page in _pack(tall, room, width, gap)[0]]
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
