"""Marks on information-flow lines: the go-see eyeglasses, and hops where lines cross.

(The electronic flow's lightning bolt is :func:`vsm_draw.shapes.lightning`, drawn bold.)
"""
from __future__ import annotations

from typing import Sequence

from .canvas import Canvas
from .scene import Point

__all__ = ["HOP", "eyeglasses", "hopped"]

#: Radius of the half-circle a line makes to hop over another.
HOP = 4.5


def eyeglasses(cv: Canvas, prefix: str, centre: Point, ink: str, paper: str, scale: float = 1.0) -> None:
    """The go-see eyeglasses centred on ``centre``: two lenses on paper (the line behind
    them stops at their rims), the bridge and the temples, bold enough for a wiki column."""
    x, y = centre
    r, gap = 5.0 * scale, 3.0 * scale
    for side, name in ((-1, "left"), (1, "right")):
        cx = x + side * (r + gap / 2)
        cv.add_ellipse(f"{prefix}/glasses-{name}", "go-see", cx, y, r, r, fill=paper, stroke=ink, width=1.8)
        edge = cx + side * r
        cv.line(f"{prefix}/temple-{name}", "go-see", [(edge, y), (edge + side * 3 * scale, y - 4 * scale)], ink,
                width=1.8)
    cv.line(f"{prefix}/bridge", "go-see", [(x - gap / 2, y - 1.5 * scale), (x + gap / 2, y - 1.5 * scale)], ink,
            width=1.8)


def hopped(points: Sequence[Point], verticals: Sequence[tuple[float, float, float]],
           avoid: Sequence[float] = ()) -> list[Point]:
    """``points`` with a hop (a half circle up) wherever a horizontal stretch crosses one of
    ``verticals`` (x, top, bottom) that runs on past it both ways; none within 14 points of an
    ``avoid`` x (a mark sits there) or of a corner."""
    out: list[Point] = [points[0]]
    for (x0, y0), (x1, y1) in zip(points, points[1:]):
        if abs(y0 - y1) < 0.5 and abs(x1 - x0) > 4 * HOP:
            lo, hi = min(x0, x1) + 2 * HOP + 2, max(x0, x1) - 2 * HOP - 2
            xs = sorted({x for x, top, bottom in verticals
                         if lo < x < hi and top < y0 - 1 and bottom > y0 + 1
                         and all(abs(x - a) > 14 for a in avoid)}, reverse=x1 < x0)
            last = None
            s = 1 if x1 > x0 else -1
            for x in xs:
                if last is not None and abs(x - last) < 2 * HOP + 2:
                    continue  # two lines close together: one hop takes both
                out += [(x - s * HOP, y0), (x - s * HOP * 0.7, y0 - HOP * 0.7), (x, y0 - HOP),
                        (x + s * HOP * 0.7, y0 - HOP * 0.7), (x + s * HOP, y0)]
                last = x
        out.append((x1, y1))
    return out
