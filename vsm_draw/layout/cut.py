"""Cutting a positioned scene into parts (the handout's slices, the poster's sheets): which
elements go whole into one part and which are clipped at its edges, and the colour the
parts' "continued" marks are drawn in."""
from __future__ import annotations

import math
from dataclasses import replace

from ..themes import theme
from .scene import Element, Line, Scene

__all__ = ["drawn_whole", "clip_line", "scene_ink"]


def drawn_whole(element: Element) -> bool:
    """Whether ``element`` is drawn whole in one slice: every shape and text, and the lines
    that are marks rather than paths (an information flow's lightning bolt, its bridge
    over a crossing); a path is clipped at a slice's edges."""
    if not isinstance(element, Line) or element.closed:
        return True
    return element.id.startswith("flow:") and not element.id.split("~", 1)[0].endswith("/line")


def clip_line(line: Line, lo: float, hi: float, top: float = -math.inf,
              bottom: float = math.inf) -> list[Line]:
    """The pieces of ``line`` between ``x = lo`` and ``x = hi`` (and ``y = top`` and
    ``y = bottom``: a slice of a column cut across)."""
    points = list(line.points) + ([line.points[0]] if line.closed else [])
    pieces: list[list[tuple[float, float]]] = []
    current: list[tuple[float, float]] = []
    for (x0, y0), (x1, y1) in zip(points, points[1:]):
        t0, t1 = 0.0, 1.0
        for start, delta, low, high in ((x0, x1 - x0, lo, hi), (y0, y1 - y0, top, bottom)):
            if delta == 0:
                if not low <= start <= high:
                    t0, t1 = 1.0, 0.0
            else:
                ta, tb = (low - start) / delta, (high - start) / delta
                t0, t1 = max(t0, min(ta, tb)), min(t1, max(ta, tb))
        if t0 > t1:
            if current:
                pieces.append(current)
                current = []
            continue
        dx, dy = x1 - x0, y1 - y0
        a = (x0 + dx * t0, y0 + dy * t0)
        b = (x0 + dx * t1, y0 + dy * t1)
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
    end = line.points[-1]
    last_inside = lo <= end[0] <= hi and top <= end[1] <= bottom and not line.closed
    out = []
    for k, piece in enumerate(pieces):
        whole = len(pieces) == 1 and piece == points
        out.append(replace(
            line, id=line.id if whole else f"{line.id}~{k}", points=tuple(piece), closed=line.closed and whole,
            arrow=line.arrow if last_inside and k == len(pieces) - 1 and piece[-1] == points[-1] else 0.0))
    return out


def scene_ink(scene: Scene) -> str:
    """The colour of the scene's theme's text and lines. Not its first text's: that may be
    the white letter in the bottleneck's black triangle, which drew the marks white."""
    return theme(scene.theme).ink
