"""The value stream map as a picture: classic VSM notation over the lead-time ladder.

:func:`diagram_scene` lays the map out (:mod:`vsm_draw.layout`) into one positioned
scene; :func:`diagram_dot` writes it as DOT with every node pinned, and
:func:`render_diagram` has Graphviz draw that as SVG, PNG or PDF. The same map gives
the same scene, DOT and bytes.
"""
from __future__ import annotations

from typing import Optional

from .layout import LADDERS, Scene, describe, diagram_scene
from .layout.changes import Was
from .metrics import Metrics
from .model import ValueStreamMap
from .write.dot import scene_dot

__all__ = ["FORMATS", "LADDERS", "describe", "diagram_scene", "diagram_dot", "render_diagram", "render_scene"]

#: Output formats of :func:`render_diagram`.
FORMATS = ("svg", "png", "pdf", "dot")


def diagram_dot(vsm: ValueStreamMap, m: Metrics, *, theme: str = "classic", ladder: str = "classic",
                width: Optional[float] = None, legend: bool = False, was: Optional[Was] = None) -> str:
    """The diagram as DOT, every node pinned (``layout=neato``, positions in points)."""
    return scene_dot(diagram_scene(vsm, m, theme=theme, ladder=ladder, width=width, legend=legend, was=was))


def render_diagram(
    vsm: ValueStreamMap,
    m: Metrics,
    fmt: str = "svg",
    *,
    theme: str = "classic",
    ladder: str = "classic",
    dpi: int = 192,
    width: Optional[float] = None,
    legend: bool = False,
    was: Optional[Was] = None,
) -> bytes:
    """The diagram as ``fmt`` bytes: ``svg`` (self-contained), ``png``, ``pdf`` or ``dot``.

    ``width``: the CSS pixel width the picture will be shown at; ``legend``: add a key
    of the symbols used; ``was``: the map before a what-if's changes, whose figures are
    ghosted beside the changed ones (:class:`~vsm_draw.layout.changes.Was`).
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    scene = diagram_scene(vsm, m, theme=theme, ladder=ladder, width=width, legend=legend, was=was)
    return render_scene(scene, fmt, dpi=dpi, date=vsm.date)


def render_scene(scene: Scene, fmt: str, *, dpi: int = 192, date=None,
                 dark_media: Optional[str] = None) -> bytes:
    """A laid-out scene as ``fmt`` bytes (``date``: the PDF's creation date when no
    ``SOURCE_DATE_EPOCH`` is set; ``dark_media``: the media query an ``auto`` SVG takes its
    dark colours under, :data:`~vsm_draw.svgpost.DARK` when not given)."""
    dot = scene_dot(scene)
    if fmt == "dot":
        return dot.encode("utf-8")
    from .graphviz_backend import render_dot

    data = render_dot(dot, fmt, dpi=dpi, date=date)
    if fmt == "svg":
        from .svgpost import DARK, clean_svg, follow_scheme
        from .themes import scheme

        data = clean_svg(data, title=scene.title, desc=scene.desc, width=scene.display_width)
        schemes = scheme(scene.theme)
        if schemes:  # --theme auto: one SVG, light or dark as the reader's screen
            data = follow_scheme(data, *schemes, media=dark_media or DARK)
    return data
