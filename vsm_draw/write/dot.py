"""The scene as DOT with every node pinned: Graphviz only draws it (SVG, PNG, PDF).

Each element becomes nodes named by its scene id: a box, ellipse or triangle one
node of that shape, a text one plain node with an HTML-like label, a line invisible
points joined by edges. Two 2-point corner nodes make Graphviz's drawing exactly the
scene's ``width`` x ``height``, so scene coordinates are the SVG's own.
"""
from __future__ import annotations

import math
from functools import lru_cache

from ..dotlang import Dot, html, num, quote, write_attrs
from ..layout.scene import Ellipse, Line, Polygon, Rect, Scene, Text
from ..textwidth import line_height, text_width

__all__ = ["FONT", "scene_dot", "svg_id"]

FONT = "DejaVu Sans"
_INCH = 72.0


def svg_id(element_id: str) -> str:
    """The id an element gets in SVG: its scene id with ``:`` and ``/`` as ``-``."""
    return element_id.replace(":", "-").replace("/", "-")


def _inches(points: float) -> str:
    return f"{points / _INCH:.6f}".rstrip("0").rstrip(".")


def _pos(x: float, y: float) -> str:
    return f"{num(x)},{num(-y)}!"


def _style(*parts: str) -> dict[str, str]:
    joined = ",".join(p for p in parts if p)
    return {"style": joined} if joined else {}


def scene_dot(scene: Scene) -> str:
    """The DOT source of ``scene`` (``layout=neato``, positions in points).

    The many boxes, lines and texts are written with their attributes as text (the same
    text :meth:`~vsm_draw.dotlang.Dot.node` writes): a diagram has hundreds of them.
    """
    dot = Dot(
        "vsm",
        graph={
            # Every node is pinned: no iterations needed (sgd: no all-pairs distances).
            "layout": "neato", "mode": "sgd", "maxiter": 0, "inputscale": 72,
            "splines": "line", "overlap": "true", "outputorder": "edgesfirst",
            "bgcolor": scene.paper, "pad": 0,
        },
        node={"fontname": FONT, "shape": "plain", "margin": 0, "label": ""},
        # Edges run between pinned points: unclipped, so corners and joints meet exactly.
        edge={"arrowhead": "none", "headclip": "false", "tailclip": "false"},
    )
    for element in scene.elements:
        name = node_name(element.id)
        sid = svg_id(element.id)
        if isinstance(element, Text):
            _text(dot, name, sid, element)
        elif isinstance(element, Rect):
            # width, height and pos are digits, signs, dots, a comma and '!': quoted as they are.
            dot.node_written(name, f'shape="box", fixedsize="true", width="{_inches(element.x1 - element.x0)}", '
                                   f'height="{_inches(element.y1 - element.y0)}", pos="{_pos(*element.centre)}", '
                                   f'id={quote(sid)}, '
                                   + _painted(element.fill, element.stroke, element.width, element.dash))
        elif isinstance(element, Ellipse):
            dot.node_written(name, f'shape="ellipse", fixedsize="true", width="{_inches(2 * element.rx)}", '
                                   f'height="{_inches(2 * element.ry)}", pos="{_pos(element.cx, element.cy)}", '
                                   f'id={quote(sid)}, '
                                   + _painted(element.fill, element.stroke, element.width, False))
        elif isinstance(element, Polygon):
            _triangle(dot, name, sid, element)
        else:
            _line(dot, name, sid, element)
    # Graphviz draws from the lowest-left ink: two corners make that the scene's own corner.
    size = _inches(2.0)
    for corner, (x, y) in (("corner:top-left", (1.0, 1.0)), ("corner:bottom-right", (scene.width - 1, scene.height - 1))):
        dot.node(node_name(corner), shape="none", width=size, height=size, fixedsize="true", pos=_pos(x, y))
    return dot.source()


def node_name(element_id: str) -> str:
    """A DOT node name for ``element_id`` (quoted: ids hold ``:`` and ``/``)."""
    return f'"{element_id}"'


@lru_cache(maxsize=256)
def _painted(fill, stroke, width: float, dash: bool) -> str:
    """:func:`_paint` written as DOT attributes (a diagram has a few paints, used often)."""
    return write_attrs(_paint(fill, stroke, width, dash))


def _paint(fill, stroke, width: float, dash: bool) -> dict:
    attrs: dict = {}
    if fill:
        attrs["fillcolor"] = fill
    if stroke:
        attrs.update(color=stroke, penwidth=width)
    else:
        attrs.update(color=fill or "none", penwidth=0)
    attrs.update(_style("filled" if fill else "", "dashed" if dash else ""))
    return attrs


def _triangle(dot: Dot, name: str, sid: str, p: Polygon) -> None:
    """A filled triangle pointing up or right as a Graphviz ``triangle`` node (a diamond,
    the change mark, as a ``diamond`` node).

    Graphviz draws an up triangle in the top three quarters of its box and a right
    one (``orientation=-90``) in the right three quarters.
    """
    x0, y0, x1, y1 = p.box
    if len(p.points) == 4:  # a diamond: its corners on the middles of its box's sides
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        corners = sorted([(cx, y0), (x1, cy), (cx, y1), (x0, cy)])
        if any(abs(a - b) > 1e-6 for pa, pb in zip(sorted(p.points), corners) for a, b in zip(pa, pb)):
            raise ValueError(f"{p.id}: a filled four-cornered shape is a diamond")
        dot.node(name, shape="diamond", fixedsize="true", id=sid, width=_inches(x1 - x0),
                 height=_inches(y1 - y0), pos=_pos(cx, cy), **_paint(p.fill, p.stroke, p.width, p.dash))
        return
    if len(p.points) != 3:
        raise ValueError(f"{p.id}: only triangles and diamonds can be filled")
    apex = [pt for pt in p.points if pt[1] == y0]
    tip = [pt for pt in p.points if pt[0] == x1]
    if len(apex) == 1 and sum(pt[1] == y1 for pt in p.points) == 2:  # pointing up
        height = (y1 - y0) / 0.75
        attrs = {"width": _inches(x1 - x0), "height": _inches(height), "pos": _pos(apex[0][0], y0 + height / 2)}
    elif len(tip) == 1 and sum(pt[0] == x0 for pt in p.points) == 2:  # pointing right
        width = (x1 - x0) / 0.75
        attrs = {"width": _inches(width), "height": _inches(y1 - y0), "orientation": -90,
                 "pos": _pos(x1 - width / 2, tip[0][1])}
    else:
        raise ValueError(f"{p.id}: a filled triangle points up or right")
    dot.node(name, shape="triangle", fixedsize="true", id=sid, **attrs,
             **_paint(p.fill, p.stroke, p.width, p.dash))


def _line(dot: Dot, name: str, sid: str, line: Line) -> None:
    names = [dot.node_written(f'"{line.id}#{k}"', f'shape="point", style="invis", width=0.01, pos="{_pos(x, y)}"')
             for k, (x, y) in enumerate(line.points)]
    pairs = list(zip(names, names[1:] + names[:1] if line.closed else names[1:]))
    style = ", " + write_attrs({"color": line.color, "penwidth": line.width,
                                **_style("dashed" if line.dash else "")})
    last = len(pairs) - 1
    for k, (tail, head) in enumerate(pairs):
        attrs = f"id={quote(f'{sid}-{k}')}{style}"
        if line.arrow and k == last:
            attrs += ", " + write_attrs({"arrowhead": "normal", "arrowsize": line.arrow})
        dot.edge_written(tail, head, attrs)


_ANCHOR = {"start": "LEFT", "middle": "CENTER", "end": "RIGHT"}


def _text(dot: Dot, name: str, sid: str, text: Text) -> None:
    """One node per line, at the line's own centre: Graphviz's spacing of lines in one
    label changes with bold and italic, ours does not. HTML-like labels take whole-point
    widths, so each line's box is rounded up and placed to keep its anchor edge."""
    fmt = "{}"
    if text.italic:
        fmt = f"<I>{fmt}</I>"
    if text.bold:
        fmt = f"<B>{fmt}</B>"
    anchor = text.anchor
    align = _ANCHOR[anchor]
    step = line_height(text.size)
    font = f'<FONT POINT-SIZE="{num(text.size)}" COLOR="{text.color}">'
    single = len(text.lines) == 1
    for k, line in enumerate(text.lines):
        w = math.ceil(text_width(line, text.size, text.bold))
        cx = text.x + w / 2 if anchor == "start" else text.x if anchor == "middle" else text.x - w / 2
        label = (f'<TABLE BORDER="0" CELLBORDER="0" CELLPADDING="0" CELLSPACING="0"><TR>'
                 f'<TD WIDTH="{w}" HEIGHT="1" ALIGN="{align}">{font}{fmt.format(html(line))}</FONT></TD></TR></TABLE>')
        dot.node_written(name if k == 0 else f'"{text.id}#{k}"',
                         f'label=<{label}>, pos="{_pos(cx, text.y + (k + 0.5) * step)}", '
                         f'id={quote(sid if single else f"{sid}.{k}")}')
