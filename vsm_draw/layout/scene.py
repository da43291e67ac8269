"""The positioned diagram: a frozen list of boxes, shapes, lines and texts with stable ids.

Every writer (DOT, and through Graphviz SVG, PNG and PDF), the report's page slicing
and the tests read this and nothing else. Positions are in points, ``y`` grows
downwards, and every element lies inside ``(0, 0, width, height)``: the drawing's
own coordinates, which are also the SVG's ``viewBox`` units.

Ids are derived from step ids (``step:review/box``, ``ladder:review/wait``) and
element names, never from a counter, so one element more does not rename the rest.
Each element has a ``role`` saying what it shows (``process-box``, ``wait-time``...).
"""
from __future__ import annotations

from dataclasses import field
from typing import Iterator, Mapping, Optional, Union

from ..frozen import frozen
from ..textwidth import line_height, text_width

__all__ = ["Point", "Rect", "Ellipse", "Polygon", "Line", "Text", "Element", "Column", "Row",
           "Scene", "scene_lines"]

Point = tuple[float, float]
Box = tuple[float, float, float, float]


def _points_box(points: tuple[Point, ...]) -> Box:
    xs, ys = zip(*points)
    return (min(xs), min(ys), max(xs), max(ys))


@frozen
class Rect:
    """An axis-aligned box; ``fill``/``stroke`` None leave it unfilled/unoutlined."""

    id: str
    role: str
    x0: float
    y0: float
    x1: float
    y1: float
    fill: Optional[str] = None
    stroke: Optional[str] = None
    width: float = 1.0
    dash: bool = False

    @property
    def box(self) -> Box:
        return (self.x0, self.y0, self.x1, self.y1)

    @property
    def centre(self) -> Point:
        return ((self.x0 + self.x1) / 2, (self.y0 + self.y1) / 2)


@frozen
class Ellipse:
    """An ellipse around ``(cx, cy)`` with radii ``rx``, ``ry``."""

    id: str
    role: str
    cx: float
    cy: float
    rx: float
    ry: float
    fill: Optional[str] = None
    stroke: Optional[str] = None
    width: float = 1.0

    @property
    def box(self) -> Box:
        return (self.cx - self.rx, self.cy - self.ry, self.cx + self.rx, self.cy + self.ry)


@frozen
class Polygon:
    """A filled closed shape (a triangle: the inventory icon, an arrowhead)."""

    id: str
    role: str
    points: tuple[Point, ...]
    fill: str
    stroke: Optional[str] = None
    width: float = 1.0
    dash: bool = False

    @property
    def box(self) -> Box:
        return _points_box(self.points)


@frozen
class Line:
    """A polyline through ``points`` (closed: back to the first), unfilled.

    ``arrow`` is the size of an arrowhead at the last point (0: none).
    """

    id: str
    role: str
    points: tuple[Point, ...]
    color: str
    width: float = 1.2
    dash: bool = False
    closed: bool = False
    arrow: float = 0.0

    @property
    def box(self) -> Box:
        return _points_box(self.points)


@frozen
class Text:
    """Lines of text in one style. ``x`` is the left edge, centre or right edge (``anchor``
    start, middle or end) and ``y`` the top of the first line. ``width`` is the widest
    line as measured (an upper estimate of what any renderer draws)."""

    id: str
    role: str
    x: float
    y: float
    lines: tuple[str, ...]
    size: float
    color: str
    anchor: str = "middle"
    bold: bool = False
    italic: bool = False
    width: float = field(default=0.0)

    def __post_init__(self) -> None:
        if not self.width:
            measured = max((text_width(line, self.size, self.bold) for line in self.lines), default=0.0)
            object.__setattr__(self, "width", measured)

    @property
    def height(self) -> float:
        return len(self.lines) * line_height(self.size)

    @property
    def box(self) -> Box:
        left = self.x - self.width * _LEFT_OF_X[self.anchor]
        return (left, self.y, left + self.width, self.y + self.height)


#: How much of a text's width lies left of its ``x``, by its anchor.
_LEFT_OF_X = {"start": 0.0, "middle": 0.5, "end": 1.0}

Element = Union[Rect, Ellipse, Polygon, Line, Text]


@frozen
class Column:
    """The horizontal extent of one step (its queue and its process box) in ``row``; the
    step's ``name`` as the map writes it and the ``slug`` its elements' ids carry
    (``step:<slug>/box``), for a page that names the steps it shows."""

    step: str
    x0: float
    x1: float
    row: int = 0
    name: str = ""
    slug: str = ""


@frozen
class Row:
    """One row of the map: its top and bottom (process row, kaizen and ladder included)."""

    index: int
    y0: float
    y1: float


@frozen
class Scene:
    """The whole diagram, positioned. ``title`` and ``desc`` are for screen readers;
    ``theme`` is the theme's name as asked for (``auto`` follows the reader's setting);
    ``display_width`` the CSS pixel width to show it at, when it was laid out for one."""

    width: float
    height: float
    elements: tuple[Element, ...]
    columns: Mapping[str, Column]
    rows: tuple[Row, ...]
    paper: str
    title: str
    desc: str
    theme: str = "classic"
    display_width: Optional[float] = None

    def __getitem__(self, element_id: str) -> Element:
        for element in self.elements:
            if element.id == element_id:
                return element
        raise KeyError(element_id)

    def __contains__(self, element_id: object) -> bool:
        return any(e.id == element_id for e in self.elements)

    def with_role(self, *roles: str) -> Iterator[Element]:
        """The elements that have one of ``roles``, in drawing order."""
        return (e for e in self.elements if e.role in roles)


def _n(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def scene_lines(scene: Scene) -> str:
    """The scene as text, one element a line keyed by its id: the golden-file form."""
    out = [f"scene {_n(scene.width)} x {_n(scene.height)}"]
    out += [f"row {r.index} {_n(r.y0)}..{_n(r.y1)}" for r in scene.rows]
    out += [f"column {c.step} row {c.row} {_n(c.x0)}..{_n(c.x1)}" for c in scene.columns.values()]
    for e in scene.elements:
        if isinstance(e, Text):
            where = f"{e.anchor} {_n(e.x)},{_n(e.y)} {_n(e.size)}pt{' bold' if e.bold else ''}" \
                    f"{' italic' if e.italic else ''} {' / '.join(e.lines)!r}"
        elif isinstance(e, (Line, Polygon)):
            where = " ".join(f"{_n(x)},{_n(y)}" for x, y in e.points)
        elif isinstance(e, Ellipse):
            where = f"{_n(e.cx)},{_n(e.cy)} r {_n(e.rx)},{_n(e.ry)}"
        else:
            where = f"{_n(e.x0)},{_n(e.y0)} {_n(e.x1)},{_n(e.y1)}"
        out.append(f"{e.id} [{e.role}] {where}")
    return "\n".join(out) + "\n"
