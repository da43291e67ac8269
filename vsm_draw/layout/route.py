"""Orthogonal routes for the lines under the process row that cannot simply drop straight
down: rework loops with an end off the critical path, flows between steps of the path
that are not next to each other, lanes that end the stream.

A route runs on a grid of candidate tracks (just outside every obstacle, halfway between
neighbouring obstacles, and along a floor under everything), never through an obstacle,
never along a line already drawn (crossing one costs), with as few bends as it can: the
shortest by length + bends + crossings (Dijkstra over grid points and headings).
"""
from __future__ import annotations

import itertools
from bisect import bisect_left, bisect_right
from functools import lru_cache
from typing import Optional, Sequence

__all__ = ["Port", "route", "corners", "crossings", "CLEAR", "RIGHT", "DOWN", "LEFT", "UP"]

Point = tuple[float, float]
Box = tuple[float, float, float, float]
#: (x, y, heading): where a route starts or ends, just outside a box, and which way it
#: leaves (or, at the end, arrives): RIGHT, DOWN, LEFT or UP. ``y`` None: anywhere on the
#: track at ``x`` (a line from or to the row's edge).
Port = tuple[float, Optional[float], int]
RIGHT, DOWN, LEFT, UP = range(4)

#: Distance a route keeps from obstacles.
CLEAR = 6.0
#: Cost of a bend and of crossing a line, in points of length.
BEND, CROSS = 40.0, 60.0
#: Lines nearer than this on a parallel track are on the same track.
SAME_TRACK = 4.0


def _tracks(values: set[float]) -> list[float]:
    """Sorted candidate coordinates, with the halfway point between neighbours."""
    xs = sorted(values)
    mids = {(a + b) / 2 for a, b in zip(xs, xs[1:]) if b - a > 2 * SAME_TRACK}
    return sorted({round(v, 2) for v in xs} | {round(v, 2) for v in mids})


def route(starts: Sequence[Port], ends: Sequence[Port], obstacles: Sequence[Box],
          lines: Sequence[Sequence[Point]], floor: float,
          start_costs: Optional[Sequence[float]] = None) -> Optional[list[Point]]:
    """The route from one of ``starts`` to one of ``ends`` (first point the start port,
    last the end port), or None when there is none. ``floor``: a y under everything, from
    which tracks are added further down as needed; ``start_costs``: what leaving from each
    start costs before its route (default nothing)."""
    # A poster lays the map out at many widths, and a row that wraps alike in two of them
    # asks the same question again: the answer is kept (routing is a pure function). Every
    # figure is made a float first, so 5 and 5.0 (or 0.0 and -0.0), equal as keys, give the
    # same answer whichever came first.
    found = _route(tuple((_f(x), None if y is None else _f(y), h) for x, y, h in starts),
                   tuple((_f(x), None if y is None else _f(y), h) for x, y, h in ends),
                   tuple(tuple(map(_f, box)) for box in obstacles),
                   tuple(tuple((_f(x), _f(y)) for x, y in line) for line in lines), _f(floor),
                   None if start_costs is None else tuple(map(_f, start_costs)))
    return None if found is None else list(found)


def _f(value: float) -> float:
    """``value`` as a float, never -0.0."""
    return float(value) + 0.0


@lru_cache(maxsize=1024)
def _route(starts: tuple[Port, ...], ends: tuple[Port, ...], obstacles: tuple[Box, ...],
           lines: tuple[tuple[Point, ...], ...], floor: float,
           start_costs: Optional[tuple[float, ...]]) -> Optional[tuple[Point, ...]]:
    """:func:`route`, on hashable arguments, its answer kept."""
    # Imported here: most maps route nothing, and a render need not load it.
    from heapq import heappop, heappush

    xs_set = {p[0] for p in (*starts, *ends)}
    ys_set = {p[1] for p in (*starts, *ends) if p[1] is not None}
    grown = [(a - CLEAR, b - CLEAR, c + CLEAR, d + CLEAR) for a, b, c, d in obstacles]
    for a, b, c, d in grown:
        xs_set |= {a - 0.5, c + 0.5}
        ys_set |= {b - 0.5, d + 0.5}
    left = min(xs_set) - 2 * CLEAR
    right = max(xs_set) + 2 * CLEAR
    xs_set |= {left, right}
    ys_set |= {floor + k * 2 * SAME_TRACK + k * 4 for k in range(4)}
    xs, ys = _tracks(xs_set), _tracks(ys_set)
    nx, ny = len(xs), len(ys)
    # blocked[h/v]: edges from grid point (i, j) to (i + 1, j) / (i, j + 1); cost: crossings.
    block_h: set[tuple[int, int]] = set()
    block_v: set[tuple[int, int]] = set()
    cross_h: dict[tuple[int, int], int] = {}
    cross_v: dict[tuple[int, int], int] = {}

    def span(values: list[float], lo: float, hi: float) -> range:
        """Indices k whose edge (values[k], values[k + 1]) overlaps (lo, hi)."""
        return range(max(bisect_right(values, lo) - 1, 0), min(bisect_left(values, hi), len(values) - 1))

    def inside(values: list[float], lo: float, hi: float) -> range:
        """Indices of values strictly between lo and hi."""
        return range(bisect_right(values, lo), bisect_left(values, hi))

    for a, b, c, d in grown:
        for j in inside(ys, b, d):
            block_h.update((i, j) for i in span(xs, a, c))
        for i in inside(xs, a, c):
            block_v.update((i, j) for j in span(ys, b, d))

    def mark(along: list[float], across: list[float], lo: float, hi: float, at: float, block: set,
             cross: dict, flip: bool) -> None:
        """A segment from ``lo`` to ``hi`` at ``at`` (a y for a horizontal one, ``flip`` False):
        no edge may run along it, an edge across it crosses it. Keys are (i, j) either way."""
        key = (lambda a, b: (b, a)) if flip else (lambda a, b: (a, b))
        for j in inside(across, at - SAME_TRACK, at + SAME_TRACK):
            block.update(key(i, j) for i in span(along, lo, hi))
        for i in inside(along, lo, hi):
            for j in span(across, at, at):
                cross[key(i, j)] = cross.get(key(i, j), 0) + 1

    for line in lines:
        for (x0, y0), (x1, y1) in zip(line, line[1:]):
            if abs(y0 - y1) < 1e-6:  # horizontal: none may run along it; verticals cross it
                mark(xs, ys, min(x0, x1), max(x0, x1), y0, block_h, cross_v, False)
            elif abs(x0 - x1) < 1e-6:
                mark(ys, xs, min(y0, y1), max(y0, y1), x0, block_v, cross_h, True)
    xi = {x: i for i, x in enumerate(xs)}
    yi = {y: j for j, y in enumerate(ys)}

    def points(port: Port) -> list[tuple[int, int, int]]:
        x, y, heading = port
        return [(xi[round(x, 2)], j, heading) for j in (range(ny) if y is None else [yi[round(y, 2)]])]

    # Dijkstra over states (i, j, heading), flattened to (i * ny + j) * 4 + heading in plain
    # lists: a poster tries many layouts and routes hundreds of lines, so this loop is the
    # hot spot. The heap holds (cost, i, j, heading) tuples, so ties break as they always did.
    inf = float("inf")
    h_cost: list[Optional[float]] = [None] * (nx * ny)  # edge (i, j) -> (i + 1, j)
    v_cost: list[Optional[float]] = [None] * (nx * ny)  # edge (i, j) -> (i, j + 1)
    for i in range(nx):
        for j in range(ny):
            if i + 1 < nx and (i, j) not in block_h:
                h_cost[i * ny + j] = xs[i + 1] - xs[i] + CROSS * cross_h.get((i, j), 0)
            if j + 1 < ny and (i, j) not in block_v:
                v_cost[i * ny + j] = ys[j + 1] - ys[j] + CROSS * cross_v.get((i, j), 0)
    goal = {(i * ny + j) * 4 + d for port in ends for i, j, d in points(port)}
    best = [inf] * (nx * ny * 4)
    came: dict[int, int] = {}
    heap: list[tuple[float, int, int, int]] = []
    for port, cost0 in zip(starts, start_costs or [0.0] * len(starts)):
        for i, j, d in points(port):
            s = (i * ny + j) * 4 + d
            if cost0 < best[s]:
                best[s] = cost0
                came[s] = -1
                heappush(heap, (cost0, i, j, d))
    found = -1
    while heap:
        cost, i, j, d = heappop(heap)
        s = (i * ny + j) * 4 + d
        if cost > best[s]:
            continue
        if s in goal:
            found = s
            break
        at = i * ny + j
        # The four headings in their old order, never turning back: right, down, left, up.
        for nd, ni, nj, step in ((RIGHT, i + 1, j, h_cost[at] if i + 1 < nx else None),
                                 (DOWN, i, j + 1, v_cost[at] if j + 1 < ny else None),
                                 (LEFT, i - 1, j, h_cost[at - ny] if i > 0 else None),
                                 (UP, i, j - 1, v_cost[at - 1] if j > 0 else None)):
            if step is None or nd == (d + 2) % 4:
                continue
            new = cost + step + (BEND if nd != d else 0.0)
            t = (ni * ny + nj) * 4 + nd
            if new < best[t]:
                best[t] = new
                came[t] = s
                heappush(heap, (new, ni, nj, nd))
    if found < 0:
        return None
    path = []
    state = found
    while state >= 0:
        at = state // 4
        path.append((xs[at // ny], ys[at % ny]))
        state = came[state]
    path.reverse()
    return tuple(corners(path))


def corners(points: Sequence[Point]) -> list[Point]:
    """``points`` without repeats and without the points inside a straight stretch."""
    out: list[Point] = []
    for p in points:
        if out and p == out[-1]:
            continue
        if len(out) >= 2 and (out[-2][0] == out[-1][0] == p[0] or out[-2][1] == out[-1][1] == p[1]):
            out[-1] = p
        else:
            out.append(p)
    return out


def crossings(paths: Sequence[Sequence[Point]], against: Sequence[Sequence[Point]] = ()) -> int:
    """How often a stretch of one of the orthogonal ``paths`` crosses a stretch of another,
    or of one of ``against`` (whose crossings among themselves do not count)."""
    pairs = [*itertools.combinations(paths, 2), *itertools.product(paths, against)]
    count = 0
    for one, other in pairs:
        for (ax, ay), (bx, by) in zip(one, one[1:]):
            for (cx, cy), (dx, dy) in zip(other, other[1:]):
                for (px, py, qx, qy), (rx, ry, sx, sy) in (((ax, ay, bx, by), (cx, cy, dx, dy)),
                                                           ((cx, cy, dx, dy), (ax, ay, bx, by))):
                    if py == qy and rx == sx and min(px, qx) < rx < max(px, qx) and min(ry, sy) < py < max(ry, sy):
                        count += 1
    return count
