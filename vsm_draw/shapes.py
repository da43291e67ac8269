"""Outlines of the VSM icons Graphviz has no shape for, as point lists (y grows downwards).

Pure geometry: the factory of the supplier and customer, the kaizen burst and the
zig-zag of an electronic information flow.
"""
from __future__ import annotations

import math

__all__ = ["Point", "factory", "burst", "lightning", "unit_normal", "truck"]

Point = tuple[float, float]


def factory(cx: float, top: float, width: float, roof: float, body: float) -> list[Point]:
    """A closed factory outline: three saw-tooth roofs ``roof`` high over a ``body`` high box."""
    x0, x1 = cx - width / 2, cx + width / 2
    eave, bottom = top + roof, top + roof + body
    tooth = width / 3
    points: list[Point] = [(x0, bottom), (x0, top)]
    for k in range(1, 4):
        points.append((x0 + k * tooth, eave))
        if k < 3:
            points.append((x0 + k * tooth, top))
    points.append((x1, bottom))
    return points


def truck(x0: float, top: float, width: float, height: float) -> dict[str, list[Point]]:
    """A delivery truck facing right, in ``width`` x ``height``: the cargo box, the cab with
    its window, two wheels (octagons); closed outlines by part."""
    wheel = height * 0.2
    base = top + height - 2 * wheel - 0.5  # the wheels hang under the body, touching nothing
    cargo_r = x0 + width * 0.68
    cab_r = x0 + width

    def octagon(cx: float, cy: float, r: float) -> list[Point]:
        return [(cx + r * math.cos(math.pi * k / 4 + math.pi / 8), cy + r * math.sin(math.pi * k / 4 + math.pi / 8))
                for k in range(8)]

    return {
        "cargo": [(x0, top), (cargo_r, top), (cargo_r, base), (x0, base)],
        "cab": [(cargo_r + 1, top + height * 0.3), (cab_r - width * 0.1, top + height * 0.3),
                (cab_r, top + height * 0.5), (cab_r, base), (cargo_r + 1, base)],
        "wheel-back": octagon(x0 + width * 0.2, base + wheel + 0.5, wheel),
        "wheel-front": octagon(x0 + width * 0.82, base + wheel + 0.5, wheel),
    }


def burst(cx: float, cy: float, rx: float, ry: float, spikes: int = 14) -> list[Point]:
    """A closed kaizen-burst outline: spikes around an ellipse with radii ``rx``, ``ry``.

    The spikes are uneven (two lengths, alternating) like a hand-drawn burst; the
    ellipse itself stays clear for the text.
    """
    points: list[Point] = []
    for k in range(2 * spikes):
        angle = math.pi * k / spikes - math.pi / 2
        if k % 2:
            grow = 11.0 if (k // 2) % 2 else 7.0
        else:
            grow = 0.0
        points.append((cx + (rx + grow) * math.cos(angle), cy + (ry + grow) * math.sin(angle)))
    return points


def unit_normal(a: Point, b: Point) -> Point:
    """The unit vector perpendicular to ``a -> b`` that points up (or right when vertical)."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    length = math.hypot(dx, dy) or 1.0
    nx, ny = -dy / length, dx / length
    if ny > 0 or (ny == 0 and nx < 0):
        nx, ny = -nx, -ny
    return nx, ny


def lightning(a: Point, b: Point, amplitude: float = 7.0, span: float = 9.0, at: float = 0.5) -> list[Point]:
    """The four inner corners of an electronic flow's zig-zag, around ``at`` (0..1) of ``a -> b``.

    The line keeps its course on both sides (so a horizontal flow stays horizontal) and
    jags in the middle like a lightning bolt: forward and up, back down across the
    line, forward and up onto it again. The zig-zag has the same size on every line:
    ``span`` points along the line each way, ``amplitude`` points to each side.
    """
    nx, ny = unit_normal(a, b)
    length = math.hypot(b[0] - a[0], b[1] - a[1]) or 1.0
    d = min(span / length, 0.25)

    def point(t: float, offset: float) -> Point:
        return (a[0] + (b[0] - a[0]) * t + nx * offset, a[1] + (b[1] - a[1]) * t + ny * offset)

    return [point(at - d, 0.0), point(at + d * 0.25, amplitude), point(at - d * 0.25, -amplitude),
            point(at + d, 0.0)]
