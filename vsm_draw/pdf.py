"""The report as a PDF: paper sizes, a URL fetcher that fetches nothing from outside, WeasyPrint.

A4, A3, letter and tabloid give a handout of several pages; A2, A1 and A0 a poster on one
sheet. WeasyPrint is imported only when a PDF is made.
"""
from __future__ import annotations

import datetime as _dt
import logging
import math
import os
import pickle
import subprocess
import sys
import threading
import traceback
from dataclasses import replace
from pathlib import Path
from typing import Callable, Optional
from urllib.parse import urlsplit
from urllib.request import url2pathname

from .errors import RenderError
from .metrics import Metrics, metrics as compute_metrics
from .model import ValueStreamMap

__all__ = [
    "PAPERS",
    "POSTER_PAPERS",
    "ORIENTATIONS",
    "sheet_for",
    "source_date",
    "html_to_pdf",
    "report_pdf",
    "safe_fetcher",
]

#: Paper sizes, portrait, in millimetres (the names ``--paper`` accepts).
PAPERS: dict[str, tuple[float, float]] = {
    "A4": (210.0, 297.0),
    "A3": (297.0, 420.0),
    "A2": (420.0, 594.0),
    "A1": (594.0, 841.0),
    "A0": (841.0, 1189.0),
    "letter": (215.9, 279.4),
    "tabloid": (279.4, 431.8),
}
#: Papers that give a one-sheet poster rather than a handout.
POSTER_PAPERS = ("A2", "A1", "A0")
ORIENTATIONS = ("portrait", "landscape")

#: The package directory: the only place files may be read from while printing.
_PACKAGE_DIR = Path(__file__).resolve().parent
#: Posters shrink their type by this factor until everything fits on one sheet.
_SHRINK = 0.9
_MAX_FITS = 3
_DRAWING = threading.Lock()
#: The size of a page of the map in detail's heading, in the handout's type size (handout.css).
_HEADING_EM = 1.1
#: The margin of a page of the map in detail, in mm.
_SLICE_MARGIN_MM = 12.0
#: Left under a poster's map filling its first page, of its caption's room: nothing of the
#: second page starts on the first.
_FOOT_SPARE = 0.15
#: A two-page poster's first page leaving this share of its height under the map or more is
#: measured for what of the rest could start there (see :func:`_flow_order`).
_FLOW_ROOM = 0.1
#: What follows such a map may print at this share of its type size or more (as on a poster
#: of one page, :data:`~.poster.PREFER`), for its least tall group to start in the room
#: under the map (:func:`_flow_smaller`), estimated with this margin.
_FLOW_TYPE_MIN = 0.7
_FLOW_SAFETY = 0.97
_TEXT_GROUPS = ("story", "ideas")
#: A handout's page before its map holding less than this share of its height is a lone
#: tail of the bottleneck's story: the charts come before the map to fill it.
_LONE_TAIL = 0.5


def paper_name(name: str) -> str:
    """The canonical spelling of a paper name (``a4`` -> ``A4``); ValueError when unknown."""
    if not isinstance(name, str):
        raise TypeError(f"paper must be a paper's name such as 'A4', not {type(name).__name__}")
    for known in PAPERS:
        if known.lower() == name.strip().lower():
            return known
    raise ValueError(f"unknown paper {name!r}; use one of {', '.join(PAPERS)}")


def sheet_for(paper: str, orientation: Optional[str] = None, poster: Optional[bool] = None):
    """The :class:`~vsm_draw.report.Sheet` and layout for a paper and orientation.

    A2, A1 and A0 give a poster, the others a handout, unless ``poster`` says (an A3
    poster for a small wall). Without an orientation a handout is portrait and a poster
    landscape (a value stream runs left to right; :func:`report_pdf` turns a poster to
    portrait when its map prints larger there, see :func:`~vsm_draw.poster.turned_poster_map`).
    """
    from .report import Sheet

    paper = paper_name(paper)
    poster = paper in POSTER_PAPERS if poster is None else poster
    orientation = orientation or ("landscape" if poster else "portrait")
    if orientation not in ORIENTATIONS:
        raise ValueError(f"unknown orientation {orientation!r}; use portrait or landscape")
    short, long_ = PAPERS[paper]
    width, height = (long_, short) if orientation == "landscape" else (short, long_)
    if poster:
        # 24 pt body text on A0 (headline figures about 105 pt: readable from 3 m).
        font_pt, margin = 24.0 * short / 841.0, 24.0 * short / 841.0
    else:
        font_pt, margin = 10.0 * math.sqrt(short / 210.0), 16.0
    return Sheet(
        size=f"{paper} {orientation}",
        diagram_size=f"{paper} landscape",
        width_mm=width,
        height_mm=height,
        margin_mm=round(margin, 1),
        font_pt=round(font_pt, 2),
    ), ("poster" if poster else "handout")


def source_date(vsm: ValueStreamMap, environ=os.environ) -> Optional[str]:
    """The PDF's creation date: ``SOURCE_DATE_EPOCH`` when set, else the map's date, else none.

    Never the clock, so the same map gives the same bytes.
    """
    from .output import source_date_epoch

    seconds = source_date_epoch(environ)
    if seconds is not None:
        moment = _dt.datetime.fromtimestamp(seconds, tz=_dt.timezone.utc)
        return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    return vsm.date.isoformat() if vsm.date else None


def safe_fetcher():
    """A WeasyPrint URL fetcher that serves ``data:`` URIs and the package's own files only.

    Anything else (another file, http, https, ftp...) is refused without being opened.
    """
    _import_weasyprint()
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class SafeFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            scheme = url.split(":", 1)[0].strip().lower()
            if scheme == "data":
                return super().fetch(url, headers)
            if scheme == "file":
                path = Path(url2pathname(urlsplit(url).path)).resolve()
                if path.is_relative_to(_PACKAGE_DIR) and path.is_file():
                    return URLFetcherResponse(url, path.read_bytes())
            raise ValueError(f"vsm-draw fetches nothing outside the report: {url[:80]}")

    return SafeFetcher(fail_on_errors=False)


def html_to_pdf(html: bytes) -> bytes:
    """Print HTML to PDF bytes with the safe fetcher; relative URLs resolve in the package."""
    with _Printer() as printer:
        return printer.run("html", html)


def report_pdf(
    vsm: ValueStreamMap,
    m: Optional[Metrics] = None,
    *,
    paper: str = "A4",
    orientation: Optional[str] = None,
    created: Optional[str] = None,
    diagram: Optional[str] = None,
    previous: Optional[ValueStreamMap] = None,
    scene=None,
    blocks: Optional[list] = None,
    on_warning: Optional[Callable[[str], None]] = None,
    poster: Optional[bool] = None,
) -> bytes:
    """The report as PDF bytes: a handout (A4, A3, letter, tabloid) or a poster (A2, A1, A0).

    ``diagram`` is inline SVG markup (see :func:`~vsm_draw.report.inline_svg`) and ``scene``
    the laid-out map (:func:`~vsm_draw.diagram.diagram_scene`) that a handout cuts into
    pages; by default both are made here, while the printing process starts. When
    ``blocks`` is a list, what each printed page holds is added to it, one list of words
    a page (see :func:`_page_blocks`): to check where the pages break. A poster lays its
    map out itself (:mod:`vsm_draw.poster`); ``on_warning`` is told when its data text
    cannot reach the size that reads from two metres. Without an ``orientation`` a poster is
    landscape, or portrait when only there its map prints larger than landscape lets it
    (a long map under its target). ``poster`` makes a poster of any
    paper (True) or a handout (False).
    """
    m = m or compute_metrics(vsm)
    sheet, layout = sheet_for(paper, orientation, poster)  # a wrong paper fails before any work
    with _Printer() as printer:
        with _DRAWING:
            # Graphviz draws here, in the parent, while the child imports WeasyPrint (one
            # drawing at a time: the Graphviz backend swaps process-wide fd 2 while it draws).
            from .diagram import diagram_scene, render_scene
            from .report import inline_svg, slice_pages

            label = f"Value stream map: {vsm.title}"
            scene = scene or diagram_scene(vsm, m)
            pages = None
            if layout == "handout":
                from .pages import overview_readable, plan_handout

                # The slices on pages of the report's own size and orientation, with a
                # narrower margin than the text's: room for the running header and footer.
                plan = plan_handout(scene, (sheet.width_mm, sheet.height_mm), _SLICE_MARGIN_MM,
                                    _HEADING_EM * sheet.font_pt, overview_margin_mm=sheet.margin_mm)
                pages = slice_pages(plan, label, vsm.date, _SLICE_MARGIN_MM) if plan else None
                if pages and not overview_readable(scene, PAPERS[paper_name(paper)], sheet.margin_mm):
                    diagram = ""  # a grey strip on one page: the pages in detail show it all
            planned = None
            if layout == "poster":  # the map laid out for the sheet: rows, size, all at once
                from .poster import poster_map, turned_poster_map

                if orientation:  # asked for: obeyed
                    planned = poster_map(vsm, m, sheet)
                else:  # landscape, unless the map prints larger on a portrait sheet
                    planned, turned = turned_poster_map(vsm, m, sheet,
                                                        sheet_for(paper, "portrait", True)[0])
                    orientation = "portrait" if turned else None
                diagram = planned.svg
            if diagram is None:
                diagram = inline_svg(render_scene(scene, "svg", date=vsm.date), css_class="diagram",
                                     label=label)
        args = (vsm, m, (paper, orientation, layout == "poster"), created, diagram, previous,
                pages, planned)
        if blocks is None:
            pdf, printed = printer.run("report", *args)
        else:
            pdf, held, printed = printer.run("report_blocks", *args)
            blocks.extend(held)
        if planned is not None:  # said of the map as printed
            from .poster import small_map_warning

            said = small_map_warning(replace(planned, data_pt=printed), paper_name(paper))
            if said and on_warning:
                on_warning(said)
        return pdf


# --- the printing process ---------------------------------------------------------------
#
# Graphviz (through pygraphviz) ships its own Pango, and WeasyPrint uses the system's: once
# one of them has drawn text in a process, the other crashes there. So WeasyPrint always runs
# in a fresh child process. It is started first and imports WeasyPrint while the parent draws
# the diagram; it gets its job as a pickle on stdin and answers with one on stdout.

# `python -c` puts the current folder ('') first on the module path, where a `yaml.py`, a
# `weasyprint.py` or a `vsm_draw/` would be imported in place of the module of that name:
# the child takes it off before it imports anything (as -P would, which Python 3.10 lacks;
# -I would also drop PYTHONPATH, the user's site and a sitecustomize). Its path is then this
# package's folder, the parent's PYTHONPATH, then the interpreter's own.
_CHILD_CODE = ("import sys; sys.path[:] = [p for p in sys.path if p]; "
               "from vsm_draw.pdf import _serve; _serve()")


class _Printer:
    """A child process that prints one job with WeasyPrint."""

    def __enter__(self) -> "_Printer":
        env = dict(os.environ)
        # Fontconfig reads SOURCE_DATE_EPOCH when it writes its cache (a fresh machine's first
        # layout) and complains of a valid 0 (see graphviz_backend); fontTools, which subsets
        # the fonts where libharfbuzz-subset is missing, dates them by it when the PDF is
        # written, else by the clock. So the child gets it under another name, and sets it
        # between the two (_write_pdf).
        epoch = env.pop("SOURCE_DATE_EPOCH", None)
        if epoch is not None:
            env[_FONT_EPOCH] = epoch
        root = str(_PACKAGE_DIR.parent)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
        self._process = subprocess.Popen(
            [sys.executable, "-c", _CHILD_CODE],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
        )
        return self

    def __exit__(self, *exc_info) -> None:
        if self._process.poll() is None:
            self._process.kill()
            self._process.communicate()

    def run(self, kind: str, *args) -> bytes:
        out, err = self._process.communicate(pickle.dumps((kind, args)))
        if err:
            sys.stderr.write(err.decode("utf-8", "replace"))
        try:
            status, value, records = pickle.loads(out)
        except Exception:
            raise RenderError(
                f"the PDF printing process failed (exit status {self._process.returncode})"
            ) from None
        for name, level, message in records:
            logging.getLogger(name).log(level, "%s", message)
        if status != "ok":
            raise RenderError(f"printing the PDF failed:\n{value}")
        return value


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        # A glyph that no installed font has (CJK or emoji on a bare machine) prints as a
        # box, as in the diagram; one warning per character would bury the user's terminal.
        if message.startswith(_QUIET):
            return
        self.records.append((record.name, record.levelno, message))


# Said by WeasyPrint for every font of every PDF, and not the user's to act on: a glyph no
# font has (it prints as a box, as in the diagram), and the fontTools fallback used when
# the system lacks libharfbuzz-subset (Debian without Chromium): the PDF is the same.
_QUIET = (".notdef glyph rendered", "Using fontTools instead of HarfBuzz-Subset")


def _import_weasyprint() -> None:
    """Import WeasyPrint without its warning that a future version will need
    libharfbuzz-subset (absent on Debian without Chromium): not the user's to act on."""
    import warnings

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="HarfBuzz-Subset", category=DeprecationWarning)
        import weasyprint  # noqa: F401


def _serve() -> None:
    """The child's main: read one job, print it, answer (stray output goes to stderr)."""
    answer = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    _import_weasyprint()  # while the parent is still busy

    logging.getLogger("fontTools").setLevel(logging.ERROR)  # the fallback's own chatter

    collect = _Collect()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(collect)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    logging.getLogger("weasyprint.progress").propagate = False  # "Step 5 - Creating layout"
    kind, args = pickle.load(sys.stdin.buffer)
    try:
        value = _JOBS[kind](*args)
        result = ("ok", value, collect.records)
    except Exception:
        result = ("error", traceback.format_exc(), collect.records)
    answer.write(pickle.dumps(result))
    answer.close()


def _render(html: bytes):
    from weasyprint import HTML

    from .visual import visual_svg_text

    # WeasyPrint draws SVG text letter by letter, left to right, unshaped: right-to-left
    # runs of the pictures go to it in visual order and Arabic forms (see vsm_draw.visual).
    return HTML(
        string=visual_svg_text(html.decode("utf-8")),
        base_url=_PACKAGE_DIR.as_uri() + "/",
        url_fetcher=safe_fetcher(),
    ).render()


def _print_html(html: bytes) -> bytes:
    return _write_pdf(_render(html))


def _print_report(*args) -> tuple[bytes, Optional[float]]:
    document, printed = _lay_out_report(*args)
    return _write_pdf(document), printed


def _print_report_blocks(*args) -> tuple[bytes, list[list[str]], Optional[float]]:
    document, printed = _lay_out_report(*args)
    return _write_pdf(document), _page_blocks(document), printed


#: SOURCE_DATE_EPOCH as the child gets it: set only once the layout is done (see _Printer).
_FONT_EPOCH = "VSM_DRAW_SOURCE_DATE_EPOCH"


def _write_pdf(document) -> bytes:
    """The laid-out ``document`` as PDF bytes; SOURCE_DATE_EPOCH set for fontTools now, after
    Fontconfig has read (and written) its cache: subset fonts are dated by it, not the clock."""
    epoch = os.environ.get(_FONT_EPOCH)
    if epoch is not None:
        os.environ["SOURCE_DATE_EPOCH"] = epoch
    return document.write_pdf()


#: The blocks whose place on the page matters: headings, paragraphs, list items, table rows.
_BLOCKS = ("h1", "h2", "h3", "p", "li", "tr", "figure", "figcaption", "dt", "dd")
_GROUPS = ("thead", "tbody", "tfoot", "ul", "ol")


def _page_blocks(document) -> list[list[str]]:
    """What each page holds, in order: ``"h2 Step by step"``, ``"p The work..."``, a table
    row or list item by its place in its group (``"tr tbody 3/10"``, ``"tr tfoot 1/1"``,
    ``"li ul 2/5"``); each element once a page."""
    pages = []
    for page in document.pages:
        seen: set[int] = set()
        held: list[str] = []

        def walk(box, group) -> None:
            tag = getattr(box, "element_tag", None)
            element = getattr(box, "element", None)
            if tag in _GROUPS and element is not None:
                group = (tag, element)
            if tag in _BLOCKS and element is not None and id(element) not in seen:
                seen.add(id(element))
                if tag in ("tr", "li") and group is not None:
                    siblings = [e for e in group[1] if getattr(e, "tag", "") == tag]
                    place = next((k for k, e in enumerate(siblings, 1) if e is element), 0)
                    held.append(f"{tag} {group[0]} {place}/{len(siblings)}")
                else:
                    held.append(f"{tag} " + " ".join("".join(element.itertext()).split())[:60])
            for child in getattr(box, "children", None) or []:
                walk(child, group)

        walk(page._page_box, None)
        pages.append(held)
    return pages


def _lay_out_report(vsm, m, paper, created, diagram, previous=None, map_pages=None,
                    poster=None):
    """Lay the report out (``paper``: the arguments of :func:`sheet_for`), with the size its
    map's data text prints at, in points (None for a handout). A poster is laid out once on
    an endless sheet to measure it (twice when it takes two pages: the second holds its
    charts as drawn for a page, not for a third of the sheet), then to print: on two pages
    (its map filling the first) with the second page's own arrangement when that fits, else
    with all its type scaled (smaller again, up to :data:`_MAX_FITS` times, while it does
    not fit); on two pages once more when the map can grow into what its first page
    leaves, or, when the sheet's width limits it, for what fits in the room it leaves under
    it to start there (:func:`_flow_order`)."""
    from .poster import SheetShare, head_legible, share_sheet, sheets_share, tight_head
    from .report import POSTER_GROUPS, Sheet, report_html

    sheet, layout = sheet_for(*paper)
    tight = False  # the masthead in fewer lines (report_html's tight_head)

    def lay_out(sheet, probe=False, share=None, wide_charts=False, charts_first=False,
                charts_stacked=False):
        sheets = poster.sheets if poster is not None and not probe else ()
        return _render(report_html(vsm, m, layout=layout, sheet=sheet, created=created,
                                   diagram=diagram, previous=previous, map_pages=map_pages,
                                   probe=probe, poster=share, wide_charts=wide_charts,
                                   tight_head=tight, map_sheets=sheets, charts_first=charts_first,
                                   charts_stacked=charts_stacked))

    if layout != "poster":
        document = lay_out(sheet)
        if charts_before_map(document, sheet):
            # Kept when it fills the pages before the map better, on no more pages. Side by
            # side (landscape) the two charts are one block that may not fit under the
            # longest waits: page 2 held the waits alone, 25 % full, the charts page 3; one
            # under the other, the time bar fills page 2 and the Pareto page 3.
            for stacked in (False, True) if sheet.width_mm > sheet.height_mm else (False,):
                moved = lay_out(sheet, charts_first=True, charts_stacked=stacked)
                if len(moved.pages) <= len(document.pages) and _before_map(moved) > _before_map(document):
                    document = moved
        return document, None
    if poster.margin_mm is not None:  # a map filling its first page: the margin it was laid out for
        sheet = Sheet(**{**sheet.__dict__, "margin_mm": poster.margin_mm})
    # A poster's type size is estimated once: its content laid out on an endless sheet
    # gives the heights of the masthead and of what follows the map at full size; the map's
    # is fixed in mm. From them, the type scale and the pages (see poster.share_sheet).
    probing = (poster.height_mm + poster.caption_mm, 1, 1.0, poster.caption_mm)
    room = sheet.height_mm - 2 * sheet.margin_mm

    def measure(wide_charts: bool, share=probing) -> tuple[float, float]:
        """The heights of the masthead and of what follows the map, at full size (mm)."""
        probe = lay_out(sheet, probe=True, share=share, wide_charts=wide_charts)
        anchor = probe.pages[0].anchors.get("end-of-report")
        needed = (anchor[1] * 25.4 / 96 - sheet.margin_mm) if anchor else sheet.height_mm * 2
        top, fixed = _map_box(probe)
        return top - sheet.margin_mm, needed - (top - sheet.margin_mm) - fixed

    head, rest = measure(False)
    if poster.sheets:  # the map on sheets of its own after the first: what follows on the next
        share = sheets_share(room, head, poster, measure(True)[1])
    else:
        share = share_sheet(room, head, rest, poster)
    if share.pages > 1 and not poster.sheets:
        # A second page holds the charts at full width, not drawn for a third of the sheet
        # as on one page (taller): its type is estimated from them so.
        share = share_sheet(room, head, rest, poster, second_rest=measure(True)[1])
    if poster.fills and share.pages > 1:
        # The masthead over a map filling its first page shrinks for the map, its labels to
        # 7 pt on A0: set in fewer lines, measured so at the type scale that keeps its small
        # type readable from afar, it takes that scale in no more room than it took in full.
        legible, tight = head_legible(sheet), True
        scale = tight_head(share.head * share.factor, head, legible,
                           measure(False, probing[:2] + (legible,) + probing[3:])[0])
        tight = scale > 0
        if tight:
            share = SheetShare(share.factor, share.map_mm, share.pages, round(scale / share.factor, 3))
    head_scale, document = share.head, None
    if share.pages > 1 and share.factor < 1:
        # The second page has an arrangement of its own (the probe measured the first's):
        # at full size when it holds it.
        head_scale = round(share.head * share.factor, 3)
        document = lay_out(sheet, share=(share.map_mm, share.pages, head_scale, poster.caption_mm))
        if not _fits(document, share.pages):
            head_scale, document = share.head, None
    if document is None:  # all the type scaled
        sheet = Sheet(**{**sheet.__dict__, "font_pt": round(sheet.font_pt * share.factor, 2)})
        document = lay_out(sheet, share=(share.map_mm, share.pages, share.head, poster.caption_mm))
        for _ in range(_MAX_FITS):  # a safety net: the estimate fits at once in practice
            if _fits(document, share.pages):
                break
            sheet = Sheet(**{**sheet.__dict__, "font_pt": round(sheet.font_pt * _SHRINK, 2)})
            if tight:  # the masthead set in fewer lines keeps the size it was given
                head_scale = round(head_scale / _SHRINK, 3)
            document = lay_out(sheet, share=(share.map_mm, share.pages, head_scale, poster.caption_mm))
    row = share.map_mm
    if share.pages > 1 and not poster.sheets:
        # The map's first page, laid out: its masthead's type is smaller than the probe's, so
        # its lines wrap less and it is shorter than measured. The map takes what it leaves.
        grown = min(row + sheet.height_mm - sheet.margin_mm - _bottom(document.pages[0])
                    - _FOOT_SPARE * poster.caption_mm, poster.wide_mm + poster.caption_mm)
        if grown > row + 1:
            again = lay_out(sheet, share=(math.floor(grown * 10) / 10, share.pages, head_scale,
                                          poster.caption_mm))
            if _fits(again, share.pages):
                document, row = again, math.floor(grown * 10) / 10
        # A map that the sheet's width limits leaves room under it: what fits there starts
        # there, rather than all of it on the second page (measured as the second page holds
        # it when it flows so: a landscape second page without a third chart holds its charts
        # one under another, three times as tall as side by side under the map).
        # What starts on the first page so stays there.
        measured = document
        if sheet.height_mm - sheet.margin_mm - _bottom(document.pages[0]) > _FLOW_ROOM * room:
            arranged = lay_out(sheet, share=(row, share.pages, head_scale, poster.caption_mm,
                                             POSTER_GROUPS))
            if _fits(arranged, share.pages):
                measured = arranged
                if _bottom(arranged.pages[0]) > _bottom(document.pages[0]) + 1:
                    document = arranged
        order, smaller = _flow_order(measured, sheet), 1.0
        if order is None and _free(document, sheet) > _FLOW_ROOM * room:
            # Nothing fits the room the map leaves at this type size (the story beside the
            # steps 216 mm tall under 165 mm of a stamping plant's A0 sheet): the least tall
            # of what follows the map starts there smaller (down to 70 % of its size), the
            # rest on the second page at its size when that holds it, else smaller too. The
            # masthead keeps its size.
            order, smaller = _flow_smaller(measured, sheet)
        if order is not None:
            flowing, head = sheet, head_scale
            if smaller != 1.0:
                flowing = Sheet(**{**sheet.__dict__, "font_pt": round(sheet.font_pt * smaller, 2)})
                head = round(head_scale / smaller, 3)
            for rest in sorted({round(1 / smaller, 3), 1.0}, reverse=True):
                flowed = lay_out(flowing, share=(row, share.pages, head, poster.caption_mm, order, rest))
                if _fits(flowed, share.pages):
                    break
            if _fits(flowed, share.pages) and _bottom(flowed.pages[0]) > _bottom(document.pages[0]) + 1:
                document = flowed
    return document, poster.printed_pt(row)


def _map_page(document) -> Optional[int]:
    """The page (from 0) on which a handout's map begins: its whole-map page, or its first
    page in detail when there is none; None without either."""
    for number, page in enumerate(document.pages):
        for box in _boxes(page._page_box):
            if getattr(box, "element_tag", None) == "section" and "map" in (
                    box.element.get("class") or "").split():
                return number
    return None


def _before_map(document) -> float:
    """How far down the emptiest page between the first and the map is filled (mm; 0 when
    the map begins on the first or second page: the page before it holds the report's
    opening)."""
    number = _map_page(document)
    if number is None or number < 2:
        return 0.0
    return min(_bottom(document.pages[k]) for k in range(1, number))


def charts_before_map(document, sheet) -> bool:
    """Whether a handout's charts should come before its map: the bottleneck's story ends on
    a page after the first that holds less than :data:`_LONE_TAIL` of its height, and the
    map's page, which always begins a page of its own, would leave the rest of it blank
    (the longest waits alone on page 2 of four long step names on A4)."""
    filled = _before_map(document) - sheet.margin_mm
    return 0 < filled < _LONE_TAIL * (sheet.height_mm - 2 * sheet.margin_mm)


def _group_heights(document, sheet) -> dict[str, float]:
    """How tall each group of what follows a two-page poster's map
    (:data:`~.report.POSTER_GROUPS`) is on ``document``'s second page (mm); a group not there
    is left out."""
    from .report import POSTER_GROUP_SECTIONS

    sections = POSTER_GROUP_SECTIONS["portrait" if sheet.height_mm > sheet.width_mm else "landscape"]
    spans: dict[str, list[float]] = {}
    for box in _boxes(document.pages[1]._page_box):
        if getattr(box, "element_tag", None) not in ("section", "aside"):
            continue
        classes = (box.element.get("class") or "").split()
        for group, names in sections.items():
            if any(name in classes for name in names):
                top, bottom = box.position_y, box.position_y + box.margin_height()
                span = spans.setdefault(group, [top, bottom])
                span[0], span[1] = min(span[0], top), max(span[1], bottom)
    return {group: (bottom - top) * 25.4 / 96 for group, (top, bottom) in spans.items()}


def _free(document, sheet) -> float:
    """The room under everything on ``document``'s first page (mm)."""
    return sheet.height_mm - sheet.margin_mm - _bottom(document.pages[0])


def _flow_order(document, sheet) -> Optional[tuple[str, ...]]:
    """The order of what follows a two-page poster's map (:data:`~.report.POSTER_GROUPS`) for
    what fits under the map on the first page, as ``document`` leaves it, to come first (in
    their own order, each as tall as the second page holds it); None when none fits, or when
    what fits comes first already."""
    from .report import POSTER_GROUPS

    if len(document.pages) < 2:
        return None
    free, heights = _free(document, sheet), _group_heights(document, sheet)
    first, rest = [], []
    for group in POSTER_GROUPS:
        tall = heights.get(group, 0.0)  # (none: on the first page already)
        if tall <= free:
            first.append(group)
            free -= tall
        else:
            rest.append(group)
    order = tuple(first + rest)
    return order if first and order != POSTER_GROUPS else None


def _flow_smaller(document, sheet) -> tuple[Optional[tuple[str, ...]], float]:
    """When nothing of what follows a two-page poster's map fits the room under it on the
    first page: the order that puts its least tall group of text (the charts are as tall
    as their width makes them, whatever the type) first, and the type scale (of the
    sheet's) at which that group fits there, no less than :data:`_FLOW_TYPE_MIN` (its
    height shrinks about as its type: a table's rows keep their lines); (None, 1.0) when
    none fits even so."""
    from .report import POSTER_GROUPS

    if len(document.pages) < 2:
        return None, 1.0
    free, heights = _free(document, sheet), _group_heights(document, sheet)
    text = {g: tall for g, tall in heights.items() if g in _TEXT_GROUPS}
    if not text or min(heights.values()) <= free:
        return None, 1.0
    group = min(text, key=text.get)
    scale = round(free / heights[group] * _FLOW_SAFETY, 3)
    if scale < _FLOW_TYPE_MIN:
        return None, 1.0
    return (group,) + tuple(g for g in POSTER_GROUPS if g != group), scale


def _boxes(box):
    """``box`` and every box in it."""
    yield box
    for child in getattr(box, "children", []) or []:
        yield from _boxes(child)


def _map_box(document) -> tuple[float, float]:
    """The top and the height of the poster's map row (mm), from the probe's layout."""
    for box in _boxes(document.pages[0]._page_box):
        if getattr(box, "element_tag", None) == "section" and "map" in (
                box.element.get("class") or "").split():
            return box.position_y * 25.4 / 96, box.height * 25.4 / 96
    return 0.0, 0.0


def _bottom(page) -> float:
    """How far down ``page`` anything is laid out (mm): its lowest box, margin and all, an
    overflowing one included."""
    return max(b.position_y + b.margin_height() for b in _boxes(page._page_box)
               if getattr(b, "element_tag", None) not in (None, "html", "body", "main")) * 25.4 / 96


def _fits(document, pages: int = 1) -> bool:
    """At most ``pages`` pages, with the report's last line on the last."""
    return len(document.pages) <= pages and "end-of-report" in document.pages[-1].anchors


_JOBS = {"html": _print_html, "report": _print_report, "report_blocks": _print_report_blocks}
