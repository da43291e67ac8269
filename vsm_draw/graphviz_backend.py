"""The only module that touches Graphviz: lays out DOT and draws SVG, PNG and PDF.

Graphviz (through pygraphviz, whose wheel bundles it with cairo and pango) measures
and draws text with the package's own fontconfig file and DejaVu Sans, so output
is the same on every machine. The bundled fontconfig warns about newer system
configuration it does not understand; those warnings are dropped, anything else
Graphviz says goes to stderr.
"""
from __future__ import annotations

import datetime as _dt
import os
import re
import sys
from contextlib import contextmanager
from typing import Iterator, Optional

from .errors import RenderError
from .fonts import fontconfig_file
from .output import source_date_epoch

__all__ = ["FORMATS", "MAX_PNG_PIXELS", "MAX_PDF_POINTS", "layout_positions", "render_dot", "fix_pdf_date",
           "pdf_page_problem", "pdf_page_size"]

#: Formats Graphviz draws for us.
FORMATS = ("svg", "png", "pdf")
#: The largest PNG side cairo draws; Graphviz scales a larger picture down to a strip.
MAX_PNG_PIXELS = 32767
#: The largest PDF page side viewers show (Acrobat: 200 in); a larger page is valid, but
#: Acrobat will not open it.
MAX_PDF_POINTS = 14400

# The lines Graphviz says that are no news: fontconfig's warnings, and that a huge map's
# PNG is scaled down to fit (as wanted).
_NOISE = (b"Fontconfig warning:", b"Fontconfig error:",
          b"(null): graph is too large for cairo-renderer bitmaps")


def _scratch_file():
    """An anonymous file for captured stderr (memfd where there is one: no tempfile import)."""
    if hasattr(os, "memfd_create"):
        return os.fdopen(os.memfd_create("vsm-draw-stderr"), "w+b")
    import tempfile

    return tempfile.TemporaryFile()


@contextmanager
def _graphviz_env() -> Iterator[None]:
    """Our fontconfig file while Graphviz runs; stderr captured and filtered at fd level."""
    # cairo exits the whole process on a malformed SOURCE_DATE_EPOCH, while stderr is
    # captured: fail here with a message instead (its date is replaced afterwards anyway).
    source_date_epoch()
    saved_env = os.environ.get("FONTCONFIG_FILE")
    saved_tz = os.environ.get("TZ")
    # Fontconfig reads it too when it writes its cache (a fresh machine's first run), and
    # says 'Fontconfig: SOURCE_DATE_EPOCH: strtoull: ...' of a valid 0 (it tests a stale
    # errno) and of ' 17'; the PDF's date is ours anyway (fix_pdf_date).
    saved_epoch = os.environ.pop("SOURCE_DATE_EPOCH", None)
    os.environ["FONTCONFIG_FILE"] = str(fontconfig_file())
    os.environ["TZ"] = "UTC"  # cairo dates a PDF in local time: the same bytes in every zone
    sys.stderr.flush()
    saved_fd = os.dup(2)
    with _scratch_file() as capture:
        os.dup2(capture.fileno(), 2)
        try:
            yield
        finally:
            os.dup2(saved_fd, 2)
            os.close(saved_fd)
            for key, value in (("FONTCONFIG_FILE", saved_env), ("TZ", saved_tz),
                               ("SOURCE_DATE_EPOCH", saved_epoch)):
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value
            capture.seek(0)
            said = capture.read()
            rest = b"".join(line for line in said.splitlines(keepends=True) if not line.startswith(_NOISE))
            if rest.strip():
                sys.stderr.write(rest.decode("utf-8", "replace"))
                sys.stderr.flush()


def _run(dot: str, fmt: str, dpi: Optional[int] = None) -> tuple[object, bytes]:
    """Lay out ``dot`` with ``neato -n`` (every node is pinned) and render it as ``fmt``."""
    import pygraphviz
    from pygraphviz import graphviz as gv

    with _graphviz_env():
        try:
            graph = pygraphviz.AGraph(string=dot)
        except (ValueError, pygraphviz.DotError) as exc:  # DotError: "Invalid Input"
            raise RenderError(f"Graphviz could not read the diagram ({exc}); a text of the "
                              "map may be too long to draw") from None
        if dpi:
            graph.graph_attr["dpi"] = str(dpi)
        context = gv.gvContextWithBuiltins()
        try:
            if gv.gvLayout(context, graph.handle, b"nop") != 0:
                raise RenderError("Graphviz could not lay out the diagram")
            try:
                if fmt.startswith("png"):
                    _check_png_size(graph, dpi or 96)
                err, data = gv.gvRenderData(context, graph.handle, fmt.encode("ascii"))
            finally:
                gv.gvFreeLayout(context, graph.handle)
        finally:
            gv.gvFreeContext(context)
    if err:
        raise RenderError(f"Graphviz could not draw the diagram as {fmt}")
    return graph, data


def _check_png_size(graph, dpi: int) -> None:
    """Fail, saying what to do, when the PNG would be wider or taller than cairo draws."""
    x0, y0, x1, y1 = (float(v) for v in graph.graph_attr["bb"].replace(",", " ").split())
    side = max(x1 - x0, y1 - y0)
    pixels = side * dpi / 72.0
    if pixels > MAX_PNG_PIXELS:
        fit = int(MAX_PNG_PIXELS * 72.0 / side)
        hint = f"--dpi {fit} or less" if fit >= 36 else "SVG or PDF"
        raise RenderError(
            f"the diagram would be a PNG of {pixels:,.0f} pixels across at {dpi} dpi, and "
            f"Graphviz draws at most {MAX_PNG_PIXELS:,}; wrap the map into rows with "
            f"--width (such as --width 1800), or use {hint} (SVG and PDF have no such limit)")


def layout_positions(dot: str) -> dict[str, tuple[float, float, float, float]]:
    """Each node's laid-out ``(x, y, width, height)`` in points (y grows upwards)."""
    import pygraphviz

    _, data = _run(dot, "dot")
    graph = pygraphviz.AGraph(string=data.decode("utf-8"))
    out = {}
    for node in graph.nodes():
        x, y = (float(v) for v in node.attr["pos"].rstrip("!").split(","))
        out[str(node)] = (x, y, float(node.attr["width"]) * 72, float(node.attr["height"]) * 72)
    return out


def render_dot(dot: str, fmt: str, dpi: Optional[int] = None,
               date: Optional[_dt.date] = None) -> bytes:
    """Draw ``dot`` (every node pinned) as ``fmt``: svg, or png and pdf through cairo.

    A PDF's creation date is made reproducible (see :func:`fix_pdf_date`; ``date`` is the
    map's date).
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    device = "svg" if fmt == "svg" else f"{fmt}:cairo"
    data = _run(dot, device, dpi if fmt == "png" else None)[1]
    if fmt != "pdf":
        return data
    return fix_pdf_date(data, date)


def pdf_page_size(pdf: bytes) -> Optional[tuple[float, float]]:
    """The ``(width, height)`` in points of the first page of ``pdf``, None if it has none."""
    box = re.search(rb"/MediaBox \[\s*[\d.]+\s+[\d.]+\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)
    return (float(box[1]), float(box[2])) if box else None


def pdf_page_problem(pdf: bytes) -> Optional[str]:
    """What is wrong with the page of ``pdf`` in words, None when nothing is: a page larger
    than :data:`MAX_PDF_POINTS`, which PDF viewers such as Acrobat do not show (the file is
    valid, and some tools open it). The words say "wider" or "taller"; what to do about it
    depends on the command that wrote it, so it is left to the caller. Nothing is printed."""
    size = pdf_page_size(pdf)
    if size is None or max(size) <= MAX_PDF_POINTS:
        return None
    width, height = size
    side = "wider" if width >= height else "taller"
    return (f"the PDF page is {width:,.0f} x {height:,.0f} pt, {side} than the "
            f"{MAX_PDF_POINTS:,} pt (200 in) PDF viewers such as Acrobat show")


# cairo writes its local time: `D:20261202071633Z` under UTC, `D:20261202071633+01'00` in
# Berlin (cairo 1.15 ignores SOURCE_DATE_EPOCH).
_PDF_DATE = rb"/CreationDate \(D:\d{14}(Z|[+-]\d\d'\d\d'?)\)"


def fix_pdf_date(pdf: bytes, date: Optional[_dt.date] = None) -> bytes:
    """``pdf`` with cairo's creation time replaced by a reproducible one, byte lengths kept.

    ``SOURCE_DATE_EPOCH`` when set, else the map's date, else the Unix epoch.
    """
    epoch = source_date_epoch()
    if epoch is not None:
        when = _dt.datetime.fromtimestamp(epoch, _dt.timezone.utc)
    elif date is not None:
        when = _dt.datetime(date.year, date.month, date.day, tzinfo=_dt.timezone.utc)
    else:
        when = _dt.datetime(1970, 1, 1, tzinfo=_dt.timezone.utc)
    digits = f"{when:%Y%m%d%H%M%S}".encode("ascii")

    def stamp(match: re.Match) -> bytes:
        # UTC written in the form cairo used, so the length (and the xref offsets) stay.
        zone = match[1] if match[1] == b"Z" else b"+00'00" + match[1][6:]
        return b"/CreationDate (D:" + digits + zone + b")"

    return re.sub(_PDF_DATE, stamp, pdf)
