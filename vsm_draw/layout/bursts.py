"""Where a kaizen burst goes: under its step's box, clear of what is drawn around it."""
from __future__ import annotations

import math
from typing import Iterable

from .scene import Line

__all__ = ["BURST_CLEAR", "solid", "reach", "under_box", "obstacles", "burst_centre", "burst_place"]

#: Room between a kaizen burst's outline and what is drawn above, beside or under it.
BURST_CLEAR = 8.0

Box = tuple[float, float, float, float]


def solid(e) -> bool:
    """Whether ``e`` is a shape or text (kept clear of a burst's whole box), not a line
    (kept clear of the burst's outline only)."""
    return not isinstance(e, Line) or e.closed


def reach(cx: float, rx: float, x0: float, x1: float, whole: bool) -> float:
    """How far an ellipse around ``cx`` (half width ``rx``, plus :data:`BURST_CLEAR`) reaches
    up or down over the span ``x0``-``x1``, as a share of its half height (0: not over it);
    ``whole``: its box, not its outline, stays clear (all of it where the two overlap)."""
    dx = max(0.0, x0 - cx, cx - x1)
    wide = rx + BURST_CLEAR
    if dx >= wide:
        return 0.0
    return 1.0 if whole else math.sqrt(1 - (dx / wide) ** 2)


def under_box(box: Box, whole: bool, cx: float, rx: float, ry: float) -> float:
    """The least centre y of an ellipse around ``cx`` (radii ``rx``, ``ry``) that keeps it
    :data:`BURST_CLEAR` below ``box`` (``whole``: its box, not just its outline)."""
    share = reach(cx, rx, box[0], box[2], whole)
    return box[3] + BURST_CLEAR + ry * share if share else -math.inf


def obstacles(elements: Iterable) -> list[tuple[Box, bool]]:
    """What a burst keeps clear of, each with :func:`solid`: an open line's segments one
    by one (a burst may sit in the corner of a line that turns), anything else whole."""
    out = []
    for e in elements:
        if solid(e) or len(e.points) < 3:
            out.append((e.box, solid(e)))
        else:
            out += [((min(a[0], b[0]), min(a[1], b[1]), max(a[0], b[0]), max(a[1], b[1])), False)
                    for a, b in zip(e.points, e.points[1:])]
    return out


def burst_centre(around: list[tuple[Box, bool]], box: Box, cx: float, rx: float, ry: float) -> float:
    """The centre y of a burst (around ``cx``, radii ``rx``, ``ry``) under its step's ``box``:
    the highest that clears each of ``around`` (:func:`obstacles`), moving under whatever it
    would touch, so it takes the room left for it under its box rather than sink under a
    lane drawn lower down."""
    near = [(b, whole) for b, whole in around if b[0] - cx < rx + BURST_CLEAR and cx - b[2] < rx + BURST_CLEAR]
    cy = under_box(box, True, cx, rx, ry)
    while True:
        low = max((under_box(b, whole, cx, rx, ry) for b, whole in near
                   if b[1] < cy + ry * reach(cx, rx, b[0], b[2], whole) + BURST_CLEAR), default=-math.inf)
        if low <= cy:
            return cy
        cy = low


def burst_place(around: list[tuple[Box, bool]], box: Box, boxes: list[Box], cx: float, rx: float,
                ry: float) -> tuple[float, float]:
    """The centre (x, y) of a burst under its step's ``box``: centred under it (see
    :func:`burst_centre`), unless that sinks it under another step's box (of ``boxes``),
    such as a lane step's under its own when a line passes just beside it (a flow down to
    the lane step); then moved sideways, up to half the box's width, to where it stays
    higher, the least distance that does."""
    cy = burst_centre(around, box, cx, rx, ry)

    def sunk(x: float, y: float) -> bool:
        return any(b[1] >= box[3] and b[3] <= y - ry and b[0] < x + rx and x - rx < b[2] for b in boxes)

    if not sunk(cx, cy):
        return cx, cy
    half = (box[2] - box[0]) / 2
    shifts = sorted((d * 2.0 for d in range(-int(half / 2), int(half / 2) + 1)), key=lambda d: (abs(d), d))
    for d in shifts:
        y = burst_centre(around, box, cx + d, rx, ry)
        if not sunk(cx + d, y):
            return cx + d, y
    return cx, cy
