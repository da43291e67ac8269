"""The Python API that draws: a map in, bytes out, as the command line makes them.

Each function imports the heavy modules it needs (Graphviz, the report templates, the
PDF printer) when called, so ``import vsm_draw`` stays fast.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Literal, Optional

from .errors import shorten

if TYPE_CHECKING:  # pragma: no cover
    from .metrics import Metrics
    from .model import ValueStreamMap

__all__ = ["loads", "render", "report"]

DiagramFormat = Literal["svg", "png", "pdf", "dot"]
ReportFormat = Literal["html", "pdf"]


def loads(text: str, file: str = "<string>") -> "ValueStreamMap":
    """The map in YAML ``text``; ``file`` names it in errors.

    Raises :class:`~vsm_draw.errors.VsmError` listing every problem, each at its line.
    """
    from .loader import load_text

    if not isinstance(file, str):  # it names the map in every message
        raise TypeError(f"file must be the text that names the map in errors, not "
                        f"{type(file).__name__}")
    return load_text(text, file)


def render(vsm: "ValueStreamMap", fmt: DiagramFormat = "svg", *, theme: str = "classic",
           ladder: str = "classic", dpi: int = 192, width: Optional[float] = None,
           legend: bool = False, metrics: Optional["Metrics"] = None) -> bytes:
    """The diagram of ``vsm`` with its lead-time ladder, as ``vsm-draw render`` draws it:
    ``svg``, ``png`` (at ``dpi``), ``pdf`` or ``dot``. ``theme``: classic, color, dark or
    auto (an SVG that follows the reader's light or dark setting); ``ladder``: classic or
    proportional; ``width``: the CSS pixel width the picture is shown at, which wraps the
    map into rows readable there (``--width``); ``legend``: add a key of the symbols used;
    ``metrics``: already computed ones, if any.

    Raises :class:`~vsm_draw.errors.RenderError` when Graphviz cannot draw it (a PNG
    wider than 32,767 pixels, for one).
    """
    from .batch import LAYOUT_WIDTHS
    from .diagram import render_diagram

    if isinstance(dpi, bool) or not isinstance(dpi, int) or not 36 <= dpi <= 1200:
        raise ValueError(f"dpi must be a whole number from 36 to 1200, not {dpi!r}")
    if width is not None and (isinstance(width, bool) or not isinstance(width, (int, float))):
        raise TypeError(f"width must be a number of pixels, not {type(width).__name__}")
    if width is not None and not LAYOUT_WIDTHS[0] <= width <= LAYOUT_WIDTHS[1]:
        # as --width: 10**400 was an OverflowError deep in the layout, inf a map in one row
        raise ValueError(f"width must be from {LAYOUT_WIDTHS[0]:g} to {LAYOUT_WIDTHS[1]:g} "
                         f"pixels (as --width), not {shorten(repr(width))}")
    if not isinstance(legend, bool):
        raise TypeError(f"legend must be True or False, not {type(legend).__name__}")
    m = _metrics_of(vsm, metrics)
    return render_diagram(vsm, m, fmt, theme=theme, ladder=ladder, dpi=dpi, width=width,
                          legend=legend)


def report(vsm: "ValueStreamMap", fmt: ReportFormat = "html", *, paper: str = "A4",
           orientation: Optional[str] = None, previous: Optional["ValueStreamMap"] = None,
           metrics: Optional["Metrics"] = None) -> bytes:
    """The workshop report of ``vsm``, as ``vsm-draw report`` writes it: ``html`` (one
    self-contained file) or ``pdf`` on ``paper`` (A4, A3, letter, tabloid: a handout;
    A2, A1, A0: a poster) in ``orientation`` (portrait or landscape). ``previous``: the
    last map of the same stream, for a "Last time" section.

    The PDF is dated by ``SOURCE_DATE_EPOCH`` when set, else by the map's ``date``.
    Raises ValueError for an unknown paper or orientation, and
    :class:`~vsm_draw.errors.RenderError` when printing fails.
    """
    from .metrics import check_map

    if orientation not in (None, "portrait", "landscape"):
        raise ValueError(f"unknown orientation {orientation!r}; use portrait or landscape")
    if previous is not None:
        check_map(previous, "previous")
    m = _metrics_of(vsm, metrics)
    if fmt == "html":
        from .report import report_html

        return report_html(vsm, m, previous=previous)
    if fmt == "pdf":
        from .pdf import paper_name, report_pdf, source_date

        return report_pdf(vsm, m, paper=paper_name(paper), orientation=orientation,
                          created=source_date(vsm), previous=previous)
    raise ValueError(f"unknown report format {fmt!r}; use html or pdf")


def _metrics_of(vsm: "ValueStreamMap", given: Optional["Metrics"]) -> "Metrics":
    """``given``, when it is a Metrics (TypeError otherwise), else the metrics of ``vsm``."""
    from .metrics import Metrics, check_map, metrics as compute_metrics

    if given is None:
        return compute_metrics(vsm)
    check_map(vsm)
    if not isinstance(given, Metrics):
        raise TypeError(f"metrics must be the Metrics of the map (from vsm_draw.metrics), "
                        f"not {type(given).__name__}")
    if {step_id for step_id, _ in given.lead_time_shares} != {s.id for s in vsm.steps}:
        # another map's figures: a KeyError deep in the drawing
        raise ValueError("metrics are those of another map (its steps are not this map's); "
                         "pass vsm_draw.metrics(vsm), or leave metrics out")
    return given
