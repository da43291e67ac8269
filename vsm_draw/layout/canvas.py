"""Collects scene elements while the layout places them, then freezes them into a Scene.

Freezing moves everything so the drawing's top-left corner, a margin outside the
leftmost and topmost ink, is ``(0, 0)``, on whole points.
"""
from __future__ import annotations

import math
from dataclasses import replace
from typing import Mapping, Optional, Sequence

from .scene import Column, Element, Ellipse, Line, Point, Polygon, Rect, Row, Scene, Text

__all__ = ["Canvas", "MARGIN"]

#: Space around the drawing, in points.
MARGIN = 18.0


class Canvas:
    """Elements in drawing order; each ``id`` may be used once."""

    def __init__(self) -> None:
        self.elements: list[Element] = []
        self._ids: set[str] = set()

    def add(self, element: Element) -> Element:
        if element.id in self._ids:
            raise ValueError(f"duplicate scene id {element.id}")
        self._ids.add(element.id)
        self.elements.append(element)
        return element

    def copy(self) -> "Canvas":
        """A canvas holding what this one holds, to draw more on without changing this one."""
        other = Canvas()
        other.elements = list(self.elements)
        other._ids = set(self._ids)
        return other

    def rect(self, id: str, role: str, x0: float, y0: float, x1: float, y1: float, **style) -> Rect:
        return self.add(Rect(id, role, x0, y0, x1, y1, **style))  # type: ignore[return-value]

    def add_ellipse(self, id: str, role: str, cx: float, cy: float, rx: float, ry: float, **style) -> Ellipse:
        return self.add(Ellipse(id, role, cx, cy, rx, ry, **style))  # type: ignore[return-value]

    def line(self, id: str, role: str, points: Sequence[Point], color: str, **style) -> Line:
        return self.add(Line(id, role, tuple(points), color, **style))  # type: ignore[return-value]

    def polygon(self, id: str, role: str, points: Sequence[Point], fill: str, **style) -> Polygon:
        return self.add(Polygon(id, role, tuple(points), fill, **style))  # type: ignore[return-value]

    def text(self, id: str, role: str, x: float, y: float, lines: Sequence[str], size: float, color: str,
             **style) -> Optional[Text]:
        """Lines of text with the top of the first at ``y``; nothing when there are none."""
        if not lines:
            return None
        return self.add(Text(id, role, x, y, tuple(lines), size, color, **style))  # type: ignore[return-value]

    def box(self) -> tuple[float, float, float, float]:
        """The box around everything drawn so far."""
        x0s, y0s, x1s, y1s = zip(*[e.box for e in self.elements])
        return (min(x0s), min(y0s), max(x1s), max(y1s))

    def place(self, other: "Canvas", dx: float, dy: float) -> None:
        """Adds everything of ``other``, moved by ``dx``, ``dy``."""
        for e in other.elements:
            self.add(_moved(e, dx, dy))

    def freeze(self, *, columns: Mapping[str, Column], rows: Sequence[Row], paper: str, title: str,
               desc: str, theme: str, margin: float = MARGIN) -> Scene:
        """The scene, moved so that its margin's top-left corner is the origin."""
        x0, y0, x1, y1 = self.box()
        left, top = math.floor(x0 - margin), math.floor(y0 - margin)
        right, bottom = math.ceil(x1 + margin), math.ceil(y1 + margin)
        dx, dy = -left, -top
        return Scene(
            width=right - left,
            height=bottom - top,
            elements=tuple(_moved(e, dx, dy) for e in self.elements),
            columns={k: replace(c, x0=c.x0 + dx, x1=c.x1 + dx) for k, c in columns.items()},
            rows=tuple(replace(r, y0=r.y0 + dy, y1=r.y1 + dy) for r in rows),
            paper=paper, title=title, desc=desc, theme=theme,
        )


def _moved(e: Element, dx: float, dy: float) -> Element:
    """``e`` moved by ``dx``, ``dy`` (a copy: elements are frozen; copied field by field,
    as ``dataclasses.replace`` is slow for the thousands of elements of a long map)."""
    if not dx and not dy:
        return e
    moved = object.__new__(type(e))
    fields = dict(e.__dict__)
    if isinstance(e, (Line, Polygon)):
        fields["points"] = tuple((x + dx, y + dy) for x, y in e.points)
    elif isinstance(e, Text):
        fields.update(x=e.x + dx, y=e.y + dy)
    elif isinstance(e, Rect):
        fields.update(x0=e.x0 + dx, y0=e.y0 + dy, x1=e.x1 + dx, y1=e.y1 + dy)
    else:
        fields.update(cx=e.cx + dx, cy=e.cy + dy)
    moved.__dict__.update(fields)
    return moved
