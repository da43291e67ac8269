"""Rendering one map to several formats behind a content-hash cache.

Shared by ``vsm-draw build``, the Sphinx extension and the MkDocs plugin: they differ only
in where the bytes go. The cache key of an output is the hash of the map's bytes, the
format, the drawing options and the vsm-draw version, so an output whose key is unchanged
never needs drawing again. Rendering itself is the public functions of ``diagram``,
``report`` and ``pdf``; nothing is drawn here.
"""
from __future__ import annotations

import hashlib
import html
import json
import os
import re
from dataclasses import asdict, dataclass, replace
from typing import Optional, Sequence, Union

from . import formats
from .errors import Problem, VsmError
from .output import drawn_already, write_atomic
from .screens import PHONE_COLUMN, PHONE_SCREEN

__all__ = [
    "FORMATS",
    "DIAGRAM_FORMATS",
    "REPORT_FORMATS",
    "MIME_TYPES",
    "Options",
    "cache_key",
    "suffix",
    "parse_formats",
    "render",
    "render_text",
    "metrics_rows",
    "metrics_table_html",
    "problems_of",
    "relative_url",
    "css_width",
    "link_target",
    "phone_width",
    "phone_is_narrower",
    "reads_larger",
    "png_pixels",
    "DOCS_CSS",
    "DOCS_CSS_NAME",
    "write_docs_css",
]

#: Format names, from the one registry (:mod:`vsm_draw.formats`): the diagram, drawn by
#: ``vsm_draw.diagram``, and the workshop report (``html`` and ``report.pdf``).
FORMATS = formats.names("build")
DIAGRAM_FORMATS = tuple(f.name for f in formats.for_use("build") if f.product == "picture")
REPORT_FORMATS = tuple(f.name for f in formats.for_use("build") if f.product == "report")
MIME_TYPES = {f.name: f.media_type for f in formats.FORMATS}


@dataclass(frozen=True)
class Options:
    """How a map is drawn; part of every cache key."""

    theme: str = "classic"
    ladder: str = "classic"
    dpi: int = 192
    width: Optional[float] = None  # CSS px the diagram is shown at: wrapped rows (SPEC 6)

    def key(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)

    def for_format(self, fmt: str) -> "Options":
        """The options ``fmt`` is really drawn with: only an SVG can follow the reader's
        light or dark setting, so ``auto`` is ``classic`` for PNG, PDF, DOT and reports;
        a report lays its diagram out for its own page, whatever ``width``."""
        from .themes import printed

        if fmt in REPORT_FORMATS:
            return replace(self, theme=printed(self.theme), width=None)
        return self if fmt == "svg" else replace(self, theme=printed(self.theme))


#: The content column (CSS px) of docs themes, measured in Chromium with a 1440 px wide
#: window: the width a docs page shows a map at when its ``width`` option is not given.
#: Furo 736 (810 on screens of 1920 px, where it enlarges its type), sphinx_rtd_theme and
#: MkDocs' readthedocs 696, Alabaster 660, Material for MkDocs 688 (757 at 1920), MkDocs'
#: own theme 966. Other themes: 700, the common measure of a reading column.
COLUMN_WIDTHS = {"furo": 736, "sphinx_rtd_theme": 696, "alabaster": 660, "material": 688,
                 "mkdocs": 966, "readthedocs": 696}
DEFAULT_COLUMN = 700
#: LaTeX: Sphinx's default line is 6.5 in (letter paper, 1 in margins), 468 pt. Laid out
#: for 520 px a map takes its narrowest rows (about 515 pt for one step a row), printed
#: across the line with its smallest (8 pt) text at about 7 pt.
LATEX_COLUMN = 520
#: The widths ``vsm-draw render --width`` takes; a docs width is kept inside them.
LAYOUT_WIDTHS = (100.0, 100000.0)


def layout_width(css: Optional[str], column: float) -> float:
    """The width to lay a docs picture out at, from its ``width`` option as
    :func:`css_width` gives it (px as they are, % of ``column``, em and rem at 16 px),
    ``column`` when it has none; kept within :data:`LAYOUT_WIDTHS`."""
    if not css:
        width = float(column)
    elif css.endswith("%"):
        width = float(css[:-1]) / 100 * column
    elif css.endswith("em"):
        width = float(css.rstrip("rem")) * 16
    else:
        width = float(css.removesuffix("px"))
    return min(max(width, LAYOUT_WIDTHS[0]), LAYOUT_WIDTHS[1])


def phone_width(css: Optional[str]) -> float:
    """The width to lay a docs picture out at for a phone: its ``width`` option taken on
    :data:`PHONE_COLUMN` (as :func:`layout_width`), never wider than that column."""
    return min(layout_width(css, PHONE_COLUMN), PHONE_COLUMN)


def phone_is_narrower(css: Optional[str], column: float) -> bool:
    """Whether a docs picture laid out for ``column`` is wider than the one for a phone
    (:func:`phone_width`): only then may a phone get a picture of its own."""
    return phone_width(css) < layout_width(css, column)


_CSS_WIDTH = re.compile(r"^\d+(\.\d+)?(px|%|em|rem)?$")


def css_width(text: str) -> str:
    """The ``width`` option of a picture as CSS: ``300`` -> ``300px``, ``80%``, ``20em``,
    ``12.5rem`` as given; ValueError for anything else (it ends up in a ``style``)."""
    value = str(text).strip()
    match = _CSS_WIDTH.match(value)
    if not match:
        raise ValueError(f"option `width` must be a number with px, %, em or rem (300, "
                         f"300px, 80%), not {text!r}")
    number = float(value.rstrip("pxemr%"))
    if number <= 0:
        raise ValueError(f"option `width` must be more than 0, not {text!r}; leave it out "
                         f"for the column's width")
    narrowest = LAYOUT_WIDTHS[0]  # a map is laid out no narrower: shown smaller, unreadable
    if match[2] != "%" and number * (16 if match[2] in ("em", "rem") else 1) < narrowest:
        raise ValueError(f"option `width` must be at least {narrowest:g}px ({narrowest / 16:g}em), "
                         f"the narrowest a map is drawn at, not {text!r}; leave it out for the "
                         f"column's width")
    return value if match[2] else value + "px"


#: Schemes a browser runs (or opens as a page made of the address itself) when the link is
#: followed: never a picture's link.
_RUNNING_SCHEMES = ("javascript", "vbscript", "data")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
#: What a browser leaves out of an address before it reads it: C0 controls and spaces at
#: either end, tabs and line breaks anywhere (so ``java\tscript:`` is ``javascript:``).
_URL_ENDS = "".join(map(chr, range(0x21)))
_URL_BREAKS = re.compile(r"[\t\n\r]")


def link_target(text: str) -> str:
    """The ``target`` option of a picture (where its link goes) as given: a web address, a
    relative path or an anchor; ValueError for a ``javascript:``, ``vbscript:`` or
    ``data:`` address, which would run in the reader's browser."""
    value = str(text)
    match = _SCHEME.match(_URL_BREAKS.sub("", value).strip(_URL_ENDS))
    if match and match[1].lower() in _RUNNING_SCHEMES:
        raise ValueError(f"option `target` must be a web address (https://...), a relative "
                         f"link or an anchor (#...), not a {match[1].lower()}: address, which "
                         f"would run in the reader's browser")
    return value


_SVG_SIZE = re.compile(rb'<svg\b[^>]*?\bwidth="([\d.]+)(pt|px)?"[^>]*?\bheight="([\d.]+)(pt|px)?"')


def png_pixels(data: bytes) -> "tuple[int, int] | None":
    """A PNG's width and height in pixels (its IHDR), None for anything else."""
    if data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) >= 24:
        return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    return None


def picture_size(data: bytes, dpi: int = Options.dpi) -> "tuple[int, int] | None":
    """A drawn picture's natural size in CSS pixels (width, height): an SVG's ``width``
    and ``height`` (points are 4/3 px), a PNG's pixels at ``dpi``; None for others."""
    pixels = png_pixels(data)
    if pixels:
        return round(pixels[0] * 96 / dpi), round(pixels[1] * 96 / dpi)
    match = _SVG_SIZE.search(data[:2048])
    if not match:
        return None
    scale = 4 / 3 if match[2] in (b"pt", None) else 1.0  # SVG user units: Graphviz's points
    return round(float(match[1]) * scale), round(float(match[3]) * scale)


_SVG_VIEW_WIDTH = re.compile(rb'<svg\b[^>]*?\sviewBox="[-\d.]+ [-\d.]+ ([\d.]+) ')


def _shown_scale(data: bytes, column: float) -> Optional[float]:
    """CSS px per unit of the layout when a picture is shown in a ``column`` px wide (at its
    natural width, or the column's when narrower); None when it cannot be read."""
    size, pixels = picture_size(data[:4096]), png_pixels(data)
    if pixels:
        drawn = float(pixels[0])
    else:
        match = _SVG_VIEW_WIDTH.search(data[:2048])
        drawn = float(match[1]) if match else 0.0
    if not size or not drawn:
        return None
    return min(size[0], column) / drawn


def reads_larger(phone: bytes, wide: bytes, column: float = PHONE_COLUMN) -> bool:
    """Whether a map drawn for a phone (``phone``) shows its text at least 10 % larger in a
    phone's ``column`` than the one drawn for the wide column (``wide``), both one format.
    Not so when the map wraps no narrower (a branch keeps its steps in one row: more rows,
    the same widest one); the page then keeps the one picture."""
    a, b = _shown_scale(phone, column), _shown_scale(wide, column)
    return a is not None and b is not None and a >= 1.1 * b


def _srcset_url(url: str) -> str:
    """``url`` as a ``srcset`` candidate: white space and commas would end it there."""
    return re.sub(r"[\s,]", lambda m: f"%{ord(m[0]):02X}", url)


def img_html(src: str, alt: str, *, width: "str | None" = None,
             size: "tuple[int, int] | None" = None, link: "str | None" = None,
             lazy: bool = True,
             phone: "tuple[str, tuple[int, int] | None] | None" = None) -> str:
    """The ``<img>`` of a diagram in a docs page: scaled to the column (``width``, CSS, when
    given), its natural ``size`` as ``width``/``height`` (no jump while the page loads),
    loaded when scrolled to, inside a link to ``link`` (the full-size picture) when given.

    ``phone``: the URL and natural size of the map laid out for a phone's column
    (:func:`phone_width`), which screens up to :data:`PHONE_SCREEN` wide show instead: the
    ``<img>`` in a ``<picture>`` with that ``<source>``."""
    style = "max-width: 100%; height: auto;" + (f" width: {width};" if width else "")
    attrs = [f'class="vsm-diagram" src="{html.escape(src)}" alt="{html.escape(alt)}"']
    if size:
        attrs.append(f'width="{size[0]}" height="{size[1]}"')
    if lazy:
        attrs.append('loading="lazy"')
    img = f'<img {" ".join(attrs)} style="{html.escape(style)}" />'
    if phone:
        url, phone_size = phone
        dims = f' width="{phone_size[0]}" height="{phone_size[1]}"' if phone_size else ""
        img = (f'<picture><source media="(max-width: {PHONE_SCREEN}px)" '
               f'srcset="{html.escape(_srcset_url(url))}"{dims} />{img}</picture>')
    if link:
        return f'<a class="vsm-full-size" href="{html.escape(link)}">{img}</a>'
    return img


def _version() -> str:
    from . import __version__

    return __version__


def cache_key(data: Union[bytes, str], fmt: str, options: Options = Options()) -> str:
    """SHA-256 of the vsm-draw version, the format, the options and the map's bytes."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    options = options.for_format(fmt)  # an auto PNG is the classic one: one entry
    digest = hashlib.sha256()
    digest.update(f"vsm-draw {_version()}\0{fmt}\0{options.key()}\0".encode("utf-8"))
    digest.update(data)
    return digest.hexdigest()


def suffix(fmt: str) -> str:
    """The file suffix of a ``build`` format: ``.svg``, ``.html``, ``.report.pdf``."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    return formats.get(fmt).suffix


def parse_formats(text: str) -> tuple[str, ...]:
    """The formats of ``build --format LIST`` (see :func:`vsm_draw.formats.parse_list`)."""
    return formats.parse_list(text, "build")


def render(vsm, fmt: str, options: Options = Options(), m=None) -> bytes:
    """The bytes of one format of a loaded map, drawn by the diagram and report modules."""
    from .diagram import render_diagram
    from .metrics import metrics as compute_metrics

    m = m if m is not None else compute_metrics(vsm)
    options = options.for_format(fmt)
    if fmt in DIAGRAM_FORMATS:
        return render_diagram(vsm, m, fmt, theme=options.theme, ladder=options.ladder,
                              dpi=options.dpi, width=options.width)
    if fmt in REPORT_FORMATS:
        from .report import inline_svg, report_html

        from .diagram import diagram_scene, render_scene

        if fmt == "html":  # the web page draws its map for its column and a phone's
            return report_html(vsm, m, map_options={"theme": options.theme,
                                                    "ladder": options.ladder})
        scene = diagram_scene(vsm, m, theme=options.theme, ladder=options.ladder)
        svg = render_scene(scene, "svg", date=vsm.date)
        diagram = inline_svg(svg, css_class="diagram", label=f"Value stream map: {vsm.title}")
        from .pdf import report_pdf, source_date

        return report_pdf(vsm, m, created=source_date(vsm), diagram=diagram, scene=scene)
    raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")


def render_text(text: str, file: str, formats: Sequence[str],
                options: Options = Options()) -> dict[str, bytes]:
    """Load the map in ``text`` (``file`` names it in errors) and render each format.

    Raises :class:`VsmError` when the map is invalid, or when drawing it fails.
    """
    from .loader import load_text
    from .metrics import metrics as compute_metrics

    vsm = load_text(text, file)
    m = compute_metrics(vsm)
    out: dict[str, bytes] = {}
    for fmt in formats:
        try:
            out[fmt] = render(vsm, fmt, options, m)
        except VsmError:
            raise
        except (ValueError, OSError, RuntimeError) as exc:
            raise VsmError.at(file, 1, 1, f"cannot draw the {fmt}: {exc}") from exc
    return out




def metrics_rows(vsm, m) -> list[tuple[str, str]]:
    """The headline figures as (label, value) pairs, for a table under a diagram."""
    from .durations import format_percent, humanize
    from .words import flow_figures, rolled_complete_accurate_text

    cal = vsm.calendar
    process, flow, rating = flow_figures(vsm, humanize(m.process_time, cal),
                                         format_percent(m.flow_efficiency), m.rating)
    rows = [
        ("Lead time", humanize(m.lead_time, cal)),
        ("Process time", process),
        ("Wait time", humanize(m.wait_time, cal)),
        ("Flow efficiency", f"{flow}, {rating}"),
        ("Value-added ratio", format_percent(m.value_added_ratio)),
        ("Rolled %C&A", rolled_complete_accurate_text(vsm, m.rolled_complete_accurate)),
    ]
    if m.takt_time is not None:
        rows.append(("Takt time", humanize(m.takt_time, cal)))
    if m.bottleneck.wait_time > 0:
        rows.append(("Bottleneck", f"{m.bottleneck.name} "
                                   f"(waits {humanize(m.bottleneck.wait_time, cal)})"))
    return rows


def metrics_table_html(vsm, m, css_class: str = "vsm-metrics") -> str:
    """:func:`metrics_rows` as an escaped HTML table, in a ``div`` of ``css_class``.

    The table itself has no class: Material for MkDocs styles only tables without one
    (``table:not([class])``, as Markdown writes them); with a class of its own it got no
    padding, and a row read "Value-added ratio9.4 %".
    """
    body = "".join(f"<tr><th scope=\"row\">{html.escape(k)}</th><td>{html.escape(v)}</td></tr>"
                   for k, v in metrics_rows(vsm, m))
    caption = html.escape(f"Metrics: {vsm.title}")
    return (f'<div class="{html.escape(css_class)}"><table><caption>{caption}</caption>'
            f"<tbody>{body}</tbody></table></div>")


#: The metrics table under a map: Sphinx's (``table.docutils``) and the one of
#: :func:`metrics_table_html`, which has no class of its own. Each selector is more
#: specific than the themes' rules for tables (Furo's ``table.docutils td``, Material's
#: ``.md-typeset table:not([class]) td``), which would otherwise win.
_METRICS_TABLES = ("table.docutils.vsm-metrics", "div.vsm-metrics table:not([class])")


def _each(*parts: str) -> str:
    return ", ".join(f"{table} {part}".rstrip() for table in _METRICS_TABLES for part in parts)


#: The style sheet a docs site with maps links (``vsm-draw.css``): the metrics table under a
#: map fits its column, and on a narrow screen (:data:`PHONE_SCREEN`) each row stacks its
#: label over its value, which then has the column's whole width. A long step name or title
#: breaks where it must (it made the table scroll sideways on a phone). No colour of its
#: own: the theme's, light or dark.
DOCS_CSS = f"""/* vsm-draw: the metrics table under a value stream map fits the column */
{_each("")} {{ max-width: 100%; }}
{_each("caption", "th", "td")} {{ overflow-wrap: anywhere; }}
@media (max-width: {PHONE_SCREEN}px) {{
  {_each("", "caption", "tbody", "tr")} {{ display: block; width: auto; }}
  {_each("th", "td")} {{ display: block; text-align: start; }}
  /* a label and its value read as one row: no rule or gap between them */
  {_each("th")} {{ padding-bottom: 0.1em; border-bottom: 0; }}
  {_each("td")} {{ padding-top: 0; border-top: 0; }}
  {_each("th > p", "td > p")} {{ margin-top: 0.25em; margin-bottom: 0.25em; }}
}}
"""


#: The file name of :data:`DOCS_CSS` in a site's static folder.
DOCS_CSS_NAME = "vsm-draw.css"


def write_docs_css(folder: "str | os.PathLike[str]") -> None:
    """:data:`DOCS_CSS` into ``folder`` as :data:`DOCS_CSS_NAME`, rewritten only when it
    changed (a rebuild leaves its time alone, so a server does not reload for it) or when a
    link stands in its place (write_atomic replaces the link, never its target)."""
    path = os.path.join(folder, DOCS_CSS_NAME)
    data = DOCS_CSS.encode("utf-8")
    if drawn_already(path):
        with open(path, "rb") as fh:
            if fh.read() == data:
                return
    write_atomic(path, data)


def problems_of(error: BaseException, file: str) -> tuple[Problem, ...]:
    """The problems of a failure: a VsmError's own, or one at line 1 for anything else."""
    if isinstance(error, VsmError):
        return error.problems
    return (Problem(file, 1, 1, f"cannot draw this map: {type(error).__name__}: {error}"),)


def relative_url(target: str, page_url: str) -> str:
    """The URL of site path ``target`` relative to the page at site path ``page_url``."""
    import posixpath

    base = page_url if page_url.endswith("/") else posixpath.dirname(page_url) + "/"
    base = base.strip("/")
    return posixpath.relpath(target, base or ".")
