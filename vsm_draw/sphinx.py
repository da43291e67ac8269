"""Sphinx extension: the ``.. vsm::`` directive draws a value stream map in the docs.

``extensions = ["vsm_draw.sphinx"]`` in ``conf.py``, then::

    .. vsm:: maps/delivery.vsm.yaml
       :alt: Delivery value stream
       :caption: Current state, Q3
       :ladder: proportional
       :metrics:
       :report: html

or the map inline as the directive's content. The directive validates the map while
reading (an invalid map is a warning at the document and the map's line, and the build
goes on); the writer draws it through :mod:`vsm_draw.batch` into ``_images`` under a
name made of the content hash, so an unchanged map is never drawn twice.
"""
from __future__ import annotations

import dataclasses
import html
import os
import re
from typing import Any, Iterable, Optional

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from . import formats
from .batch import (
    Options,
    cache_key,
    COLUMN_WIDTHS,
    DEFAULT_COLUMN,
    DOCS_CSS_NAME,
    LATEX_COLUMN,
    css_width,
    img_html,
    layout_width,
    link_target,
    metrics_rows,
    phone_is_narrower,
    phone_width,
    picture_size,
    png_pixels,
    reads_larger,
    render_text,
    suffix,
    write_docs_css,
)
from .errors import Problem, VsmError
from .latexpages import CAPTION_KEPT, landscape_pages, lead_in
from .output import drawn_already, write_atomic
from .diagram import LADDERS
from .themes import THEME_NAMES
from .write.pngres import with_resolution

__all__ = ["vsm", "vsm_report", "VsmDirective", "setup"]

logger = logging.getLogger(__name__)

_HTML_FORMATS = formats.names("web")
_LATEX_FORMATS = formats.names("print")
_REPORTS = formats.report_links()


class vsm(nodes.General, nodes.Element):  # noqa: N801 (docutils names nodes in lower case)
    """A value stream map: its YAML ``code``, drawing options, ``alt`` text."""


class vsm_figure(nodes.figure):  # noqa: N801
    """A map with a caption: a figure everywhere, but not a LaTeX float (see
    :func:`latex_visit_vsm_figure`)."""


class vsm_report(nodes.General, nodes.Element):  # noqa: N801
    """A link to the workshop report of a map (HTML builders only)."""


def _choice(*values: str):
    return lambda argument: directives.choice(argument, values)


class VsmDirective(SphinxDirective):
    """``.. vsm:: PATH`` or ``.. vsm::`` with the map as content."""

    has_content = True
    optional_arguments = 1
    final_argument_whitespace = True
    option_spec = {
        "alt": directives.unchanged,
        "caption": directives.unchanged,
        "ladder": _choice(*LADDERS),
        "theme": _choice(*THEME_NAMES),
        "format": _choice(*dict.fromkeys(_HTML_FORMATS + _LATEX_FORMATS)),
        "metrics": directives.flag,
        "report": _choice(*_REPORTS),
        "width": directives.unchanged_required,  # checked in run(): it becomes CSS
        "align": _choice("left", "center", "right"),
        "class": directives.class_option,
        "name": directives.unchanged,
        "target": directives.uri,
        "one-row": directives.flag,
    }

    def run(self) -> list[nodes.Node]:
        from .loader import load_text, read_map_bytes
        from .metrics import metrics as compute_metrics
        from .yamlsource import decode

        width = None
        if "width" in self.options:
            try:
                width = css_width(self.options["width"])
            except ValueError as exc:
                return self._warn(str(exc))
        if "target" in self.options:
            try:  # it becomes the picture's link: no javascript: there
                link_target(self.options["target"])
            except ValueError as exc:
                return self._warn(str(exc))
        if self.arguments and self.content:
            return self._warn("give the map as a path or as the directive's content, "
                              "not both")
        if self.arguments:
            rel, path = self.env.relfn2path(self.arguments[0], self.env.docname)
            srcdir = os.path.realpath(self.env.srcdir)
            resolved = os.path.realpath(path)  # symbolic links and ../ resolved
            if not _within(resolved, srcdir):
                return self._warn(f"the map {self.arguments[0]!r} is outside the source "
                                  f"folder; refusing to read it")
            self.env.note_dependency(rel)
            # Warnings name the map relative to the source folder (maps/x.vsm.yaml:7:5).
            label = os.path.relpath(path, self.env.srcdir).replace(os.sep, "/")
            try:
                # a regular file of at most 16 MiB: a named pipe there hung the build
                data = read_map_bytes(path, regular_only=True)
            except VsmError as error:
                return self._warn(f"cannot read the map {self.arguments[0]!r}: "
                                  f"{error.problems[0].message}")
            try:
                text = decode(data, label)
            except VsmError as error:
                return self._problems(error, inline=False)
        elif self.content:
            label = self.env.doc2path(self.env.docname, False)
            text = "\n".join(self.content) + "\n"
        else:
            return self._warn("give the map as a path (.. vsm:: maps/x.vsm.yaml) or as the "
                              "directive's content")
        try:
            vsm_map = load_text(text, str(label))
        except VsmError as error:
            return self._problems(error.problems, inline=not self.arguments)
        # drawn all the same: a flow from a party to itself, left out
        self._problems(vsm_map.warnings, inline=not self.arguments, what="value stream map")

        config = self.config
        node = vsm()
        node["code"] = text
        node["source_name"] = str(label)
        node["theme"] = self.options.get("theme", config.vsm_theme)
        node["theme_asked"] = "theme" in self.options  # print says when it differs
        node["ladder"] = self.options.get("ladder", config.vsm_ladder)
        node["format"] = self.options.get("format")
        node["report"] = self.options.get("report")
        node["alt"] = self.options.get("alt") or f"Value stream map: {vsm_map.title}"
        node["title"] = vsm_map.title
        node["width"] = width
        node["align"] = self.options.get("align")
        node["target"] = self.options.get("target")
        node["one_row"] = "one-row" in self.options
        node["classes"] += self.options.get("class", [])
        self.set_source_info(node)
        _note_pictures(self.env, self.env.docname, node)

        result: nodes.Element = node
        if "caption" in self.options:
            figure = vsm_figure("", node, classes=["vsm-figure"])
            caption = self.options["caption"]
            parsed, _ = self.state.inline_text(caption, self.lineno)
            caption_node = nodes.caption(caption, "", *parsed)
            self.set_source_info(caption_node)
            figure += caption_node
            if node["align"]:
                figure["align"] = node["align"]
            self.set_source_info(figure)
            result = figure
        self.add_name(result)
        out: list[nodes.Node] = [result]
        if "metrics" in self.options:
            out.append(_metrics_table(metrics_rows(vsm_map, compute_metrics(vsm_map)),
                                      vsm_map.title))
        if node["report"]:
            report = vsm_report()
            report.attributes.update({k: node[k] for k in (
                "code", "source_name", "theme", "ladder", "report", "title", "width",
                "one_row")})
            self.set_source_info(report)
            out.append(report)
        return out

    def _warn(self, message: str) -> list[nodes.Node]:
        logger.warning(message, location=self.get_location(), type="vsm")
        return []

    def _problems(self, problems: Iterable[Problem], *, inline: bool,
                  what: str = "invalid value stream map") -> list[nodes.Node]:
        """Each of ``problems`` a warning: at its line of this document for a map that is
        the directive's content (``inline``), else at the directive with the map's line."""
        for problem in problems:
            if inline:  # the map's line is a line of this document
                message = problem.message.removeprefix("warning: ")
                logger.warning("%s: %s (map line %d, column %d)", what, message,
                               problem.line, problem.column,
                               location=(self.env.docname, self.content_offset + problem.line),
                               type="vsm")
            else:
                shown = dataclasses.replace(
                    problem, message=problem.message.removeprefix("warning: "))
                logger.warning("%s: %s", what, shown, location=self.get_location(), type="vsm")
        return []


def _within(path: str, folder: str) -> bool:
    """Whether ``path`` is ``folder`` or under it (both resolved)."""
    try:
        return os.path.commonpath([path, folder]) == folder
    except ValueError:  # another drive
        return False


def _metrics_table(rows: list[tuple[str, str]], title: str) -> nodes.table:
    table = nodes.table(classes=["vsm-metrics"])
    table += nodes.title(f"Metrics: {title}", f"Metrics: {title}")
    group = nodes.tgroup(cols=2)
    table += group
    group += nodes.colspec(colwidth=1, stub=1)  # each row's label: a header cell
    group += nodes.colspec(colwidth=2)
    body = nodes.tbody()
    group += body
    for label, value in rows:
        row = nodes.row()
        for cell in (label, value):
            entry = nodes.entry()
            entry += nodes.paragraph(cell, cell)
            row += entry
        body += row
    return table


# --- writing ----------------------------------------------------------------------------------

def _options(node: nodes.Element, config: Any, printed: bool, phone: bool = False) -> Options:
    """How ``node`` is drawn for a screen (HTML) or for print (LaTeX, Texinfo): laid out
    at its ``:width:``, or the column's width (:func:`_column`), unless ``:one-row:`` on a
    screen (a page cannot scroll: print wraps it, see :func:`latex_visit_vsm`);
    ``phone``: for a phone's column (:func:`vsm_draw.batch.phone_width`)."""
    width = None
    if phone:
        width = phone_width(node["width"])
    elif printed or not node["one_row"]:
        width = layout_width(node["width"], LATEX_COLUMN if printed else _column(config))
    return Options(theme=_PRINTED_THEMES.get(node["theme"], node["theme"]) if printed
                   else node["theme"], ladder=node["ladder"], width=width)


#: Print has a white page: a dark map (a dark site's ``vsm_theme``, which the README
#: recommends for an always-dark site) printed as a black slab, light text on it.
_PRINTED_THEMES = {"dark": "classic"}


def _wants_phone(node: nodes.Element, config: Any) -> bool:
    """Whether ``node`` may have a picture for a phone: not ``:one-row:``, and laid out wider
    than a phone's column."""
    return not node["one_row"] and phone_is_narrower(node["width"], _column(config))


def _column(config: Any) -> float:
    """The content column of the HTML theme: ``vsm_column_width``, else measured for the
    theme (:data:`vsm_draw.batch.COLUMN_WIDTHS`)."""
    return config.vsm_column_width or COLUMN_WIDTHS.get(config.html_theme, DEFAULT_COLUMN)


def _picture_name(node: nodes.Element, fmt: str, options: Options) -> str:
    """``vsm-<content hash>.svg``: the same map, options and format give the same name."""
    # The title is drawn too, and a map without one takes it from its file's name: two
    # files with the same text are two pictures.
    key = cache_key(f"{node['title']}\0{node['code']}", fmt, options)
    return f"vsm-{key[:32]}{suffix(fmt)}"


def _draw(translator: Any, node: nodes.Element, fmt: str, printed: bool = False
          ) -> tuple[str, str]:
    """Draw ``node`` in ``fmt`` into the builder's image folder, unless it is there already
    (the name is the content hash); its URL relative to the page, and its path."""
    options = _options(node, translator.builder.config, printed)
    name = _picture_name(node, fmt, options)
    builder = translator.builder
    imgpath = getattr(builder, "imgpath", "") or ""
    target = os.path.join(builder.outdir, getattr(builder, "imagedir", "") or "", name)
    if not drawn_already(target):
        data = render_text(node["code"], node["source_name"], [fmt], options)[fmt]
        if printed:  # a PNG prints at the drawing's size, whatever TeX takes a pixel for
            data = with_resolution(data, options.for_format(fmt).dpi)
        write_atomic(target, data)
    return (f"{imgpath}/{name}" if imgpath else name), target


#: Below the doctree folder: the phone pictures drawn, also those that read no larger than
#: the wide one (a map that wraps no narrower), which the site does not hold: neither is
#: drawn again.
_PHONE_CACHE = "vsm-draw"


def _draw_phone(translator: Any, node: nodes.Element, fmt: str, wide: str
                ) -> Optional[tuple[str, Optional[tuple[int, int]]]]:
    """The URL and natural size of ``node`` drawn for a phone's column, in the image folder
    beside the wide picture (at path ``wide``); None when it would read no larger on a phone
    (:func:`vsm_draw.batch.reads_larger`)."""
    builder = translator.builder
    if not _wants_phone(node, builder.config):
        return None
    options = _options(node, builder.config, False, phone=True)
    name = _picture_name(node, fmt, options)
    cached = os.path.join(builder.doctreedir, _PHONE_CACHE, name)
    if not drawn_already(cached):
        write_atomic(cached, render_text(node["code"], node["source_name"], [fmt], options)[fmt])
    with open(cached, "rb") as fh:
        data = fh.read()
    with open(wide, "rb") as fh:
        if not reads_larger(data, fh.read()):
            return None
    target = os.path.join(builder.outdir, getattr(builder, "imagedir", "") or "", name)
    if not drawn_already(target):
        write_atomic(target, data)
    imgpath = getattr(builder, "imgpath", "") or ""
    return (f"{imgpath}/{name}" if imgpath else name), picture_size(data[:4096])


def _fail(node: nodes.Element, error: Exception) -> None:
    detail = "; ".join(str(p) for p in error.problems) if isinstance(error, VsmError) \
        else f"{type(error).__name__}: {error}"
    logger.warning("cannot draw the value stream map: %s", detail, location=node, type="vsm")
    raise nodes.SkipNode


def _format(translator: Any, node: nodes.Element, allowed: tuple[str, ...],
            default: str) -> str:
    """The ``:format:`` asked for when this builder can show it; else a warning and
    ``default``."""
    asked = node["format"]
    if asked and asked not in allowed:
        logger.warning("`:format: %s` cannot be shown in %s output; drawing %s instead "
                       "(use %s)", asked, translator.builder.name, default,
                       " or ".join(allowed), location=node, type="vsm", subtype="format")
        return default
    return asked or default


def _is_epub(builder: Any) -> bool:
    return builder.name.startswith("epub")


def html_visit_vsm(self: Any, node: vsm) -> None:
    fmt = _format(self, node, _HTML_FORMATS, self.builder.config.vsm_html_format)
    # EPUB readers neither lazy-load nor open a bare picture: no attribute, no link there;
    # nor a picture for a phone (a reader lays its pages out for its own screen).
    epub = _is_epub(self.builder)
    try:
        url, path = _draw(self, node, fmt)
        with open(path, "rb") as fh:
            size = picture_size(fh.read(4096))
        phone = None if epub else _draw_phone(self, node, fmt, path)
    except Exception as error:  # noqa: BLE001 - a bad diagram is a warning, not a crash
        _fail(node, error)
    link = node["target"] or (None if epub else url)
    classes = " ".join(["vsm", *node["classes"]] +
                       ([f"align-{node['align']}"] if node["align"] else []))
    self.body.append(
        f'<div class="{html.escape(classes)}">'
        f'{img_html(url, node["alt"], width=node["width"], size=size, link=link, lazy=not epub, phone=phone)}'
        f'</div>\n')
    raise nodes.SkipNode


def html_visit_vsm_report(self: Any, node: vsm_report) -> None:
    if _is_epub(self.builder):  # an EPUB holds pages and pictures only: the link would break
        _report_left_out(self, node)
    try:
        url, _ = _draw(self, node, _REPORTS[node["report"]])
    except Exception as error:  # noqa: BLE001
        _fail(node, error)
    kind = "HTML" if node["report"] == "html" else "PDF"
    self.body.append(
        f'<p class="vsm-report"><a class="reference external" href="{html.escape(url)}">'
        f'Workshop report: {html.escape(node["title"])} ({kind})</a></p>\n'
    )
    raise nodes.SkipNode


def _report_left_out(self: Any, node: nodes.Element) -> None:
    logger.warning("`:report: %s` links to a file only HTML output can carry; the %s output "
                   "leaves the link out (write the report with `vsm-draw report` and link "
                   "it yourself)", node["report"], self.builder.name, location=node,
                   type="vsm", subtype="report")
    raise nodes.SkipNode


def skip(self: Any, node: nodes.Element) -> None:
    raise nodes.SkipNode


_LATEX_ALIGN = {"left": "flushleft", "center": "center", "right": "flushright"}


def _printed_theme(translator: Any, node: nodes.Element) -> None:
    """Warn when a ``:theme:`` asked for is not the one print draws (:data:`_PRINTED_THEMES`)."""
    if node.get("theme_asked") and node["theme"] in _PRINTED_THEMES:
        logger.warning("`:theme: %s` would print the map light on black; the %s output draws "
                       "it %s", node["theme"], translator.builder.name,
                       _PRINTED_THEMES[node["theme"]], location=node, type="vsm",
                       subtype="theme")


def latex_visit_vsm(self: Any, node: vsm) -> None:
    fmt = _format(self, node, _LATEX_FORMATS, "pdf")
    _printed_theme(self, node)
    in_float = isinstance(node.parent, nodes.figure) and not isinstance(node.parent, vsm_figure)
    try:
        url, path = _draw(self, node, fmt, printed=True)
        # A wrapped map is printed row by row, each row a clip of the one picture, so pages
        # break between rows; inside a float (another figure) or a table row, which do not
        # break, it stays whole (and LaTeX keeps it within the page).
        views = [None] if in_float or _in_a_table(node) \
            else _row_viewports(node, self.builder.config, path, fmt)
    except Exception as error:  # noqa: BLE001
        _fail(node, error)
    if node["one_row"] and len(views) > 1:
        logger.warning("`:one-row:` would print the map squeezed into the line of %s output; "
                       "it is printed wrapped, row by row, instead", self.builder.name,
                       location=node, type="vsm", subtype="one-row")
    # No width: \sphinxincludegraphics keeps the natural size, shrunk to the line when wider.
    width = self.latex_image_length(_printed_width(node["width"])) if node["width"] else None
    if width:
        _narrow_width_warning(self, node, fmt)
    align = _LATEX_ALIGN[node["align"] or "center"]
    # A :target: a PDF can follow (a web address) links every row, as Sphinx links an image.
    target = node["target"] if _followable(node["target"]) else None
    if node["target"] and target is None:  # LaTeX follows a full address: say so
        _target_left_out(self, node, " (give a full address such as https://...)")
    # A width asked for is the reader's choice; a note, list or table cannot turn the page.
    figure = node.parent if isinstance(node.parent, vsm_figure) else None
    pages = None
    if not (width or in_float) and _in_the_text(node):
        # before its figure's group (or what leads into it), to end after it, caption and all
        pages = landscape_pages(_natural_width(views, path, fmt), self.body,
                                figure["vsm_body_at"] if figure is not None else len(self.body),
                                lead_in(figure or node))
        self.body.insert(pages.at, pages.begin)
        if figure is not None:
            figure["vsm_landscape"] = pages.end
    for row, view in enumerate(views):
        options = ",".join(([f"viewport={view},clip"] if view else []) +
                           ([f"width={width}"] if width else []))
        body = "\\sphinxincludegraphics%s{%s}" % (f"[{options}]" if options else "", url)
        if target:
            body = "\\sphinxhref{%s}{%s}" % (self.encode_uri(target), body)
        for name in node["classes"]:  # as Sphinx passes container classes on to LaTeX
            body = "\\begin{sphinxuseclass}{%s}%s\\end{sphinxuseclass}" % (name, body)
        if figure is not None and row == len(views) - 1:
            body = CAPTION_KEPT + body
        if pages and row == 0:
            body = pages.first_row + body
        self.body.append("\n\\begin{%s}%s\\end{%s}\n" % (align, body, align))
    if pages and figure is None:
        self.body.append(pages.end)
    raise nodes.SkipNode


def _in_a_table(node: nodes.Element) -> bool:
    """Whether ``node`` is in a table, whose rows do not break across pages."""
    parent = node.parent
    while parent is not None and not isinstance(parent, nodes.table):
        parent = parent.parent
    return parent is not None


def _in_the_text(node: nodes.Element) -> bool:
    """Whether ``node`` is in the text itself, where a page may turn to landscape: not in
    an admonition, list, table or other box, which \\clearpage would break."""
    from sphinx import addnodes

    parent = node.parent
    while parent is not None and not isinstance(parent, (nodes.section, nodes.document)):
        if not isinstance(parent, (vsm_figure, addnodes.only)):
            return False
        parent = parent.parent
    return True


def _natural_width(views: list[Optional[str]], path: str, fmt: str) -> float:
    """The width in points the rows (``views``) of the picture at ``path`` print at when
    not shrunk."""
    if views[0]:
        x0, _, x1, _ = map(float, views[0].split())
        return x1 - x0
    with open(path, "rb") as fh:
        size = _printed_size(fh.read(), Options().for_format(fmt).dpi)
    return size[0] if size else 0.0


def _printed_width(css: str) -> str:
    """A ``:width:`` for LaTeX: an em (or rem) as the 16 px the map was laid out for
    (:func:`vsm_draw.batch.layout_width`), not LaTeX's em of the font's size (10 pt, 13 px)."""
    if css.endswith("em"):
        return f"{float(css.rstrip('rem')) * 16:g}px"
    return css


def _followable(target: Optional[str]) -> bool:
    """A ``:target:`` a printed document can link to: an address with a scheme."""
    return bool(target and re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", target))


def _target_left_out(self: Any, node: nodes.Element, advice: str = "") -> None:
    logger.warning("`:target: %s` cannot be followed from %s output; the picture links nowhere "
                   "there%s", node["target"], self.builder.name, advice, location=node,
                   type="vsm", subtype="target")


def latex_visit_vsm_figure(self: Any, node: vsm_figure) -> None:
    """Not a float, which cannot break across pages: the rows of the map in the text, then
    its caption as ``\\captionof{figure}`` (numbered and labelled as a figure's)."""
    node["vsm_body_at"] = len(self.body)  # where a landscape page would begin
    self.body.append("\n\\par\\begingroup\n")
    self.in_minipage += 1  # Sphinx's writer then writes the caption with \captionof


def latex_depart_vsm_figure(self: Any, node: vsm_figure) -> None:
    self.in_minipage -= 1
    self.body.append("\n\\par\\endgroup\n")
    if node.get("vsm_landscape"):  # the map's landscape pages hold its caption too
        self.body.append(node["vsm_landscape"])


def _row_viewports(node: nodes.Element, config: Any, path: str, fmt: str
                   ) -> list[Optional[str]]:
    """``viewport`` boxes (points, from the lower left) of each row of the map drawn at
    ``path`` in ``fmt``, cut halfway between rows; the title goes with the first row, the
    totals with the last. ``[None]`` (the whole picture) for a map of one row."""
    options = _options(node, config, True).for_format(fmt)
    scene = _printed_scene(node, options)
    if len(scene.rows) < 2:
        return [None]
    with open(path, "rb") as fh:
        size = _printed_size(fh.read(), options.dpi)
    if not size:
        return [None]
    # Graphviz pads the scene evenly on every side of the picture (a PDF's page by 36 pt,
    # a PNG not at all).
    pad, pad_y = (size[0] - scene.width) / 2, (size[1] - scene.height) / 2
    cuts = [0.0] + [(a.y1 + b.y0) / 2 for a, b in zip(scene.rows, scene.rows[1:])] \
        + [scene.height]
    top = pad_y + scene.height  # the picture's y of the scene's y = 0

    def within(value: float, end: float) -> str:  # a PNG is whole pixels: a hair smaller
        return f"{min(max(value, 0.0), end):g}"

    x0, x1 = within(pad, size[0]), within(pad + scene.width, size[0])
    return [f"{x0} {within(top - y1, size[1])} {x1} {within(top - y0, size[1])}"
            for y0, y1 in zip(cuts, cuts[1:])]


def _printed_scene(node: nodes.Element, options: Options) -> Any:
    """The map of ``node`` laid out as it is drawn for print with ``options``."""
    from .layout.diagram import diagram_scene
    from .loader import load_text
    from .metrics import metrics as compute_metrics

    vsm_map = load_text(node["code"], node["source_name"])
    return diagram_scene(vsm_map, compute_metrics(vsm_map), theme=options.theme,
                         ladder=options.ladder, width=options.width)


#: Sphinx's default line (6.5 in) and pixel (its ``pxunit``, 0.75 bp), in points: what a
#: ``:width:`` comes to in print, about (only TeX knows the line).
_LINE_PT, _PX_PT = 468.0, 0.75
#: A printed map's smallest text is about 7 pt in the line; much below, a ``:width:`` made
#: it too small to read.
_PRINTED_MIN_PT = 6.0


def _narrow_width_warning(translator: Any, node: nodes.Element, fmt: str) -> None:
    """Warn when the ``:width:`` of ``node`` prints its smallest text below
    :data:`_PRINTED_MIN_PT`: the map wraps no narrower than its widest row (a 60 % map of
    eleven steps printed at 4.2 pt, in silence)."""
    from .layout.diagram import smallest_text

    css = _printed_width(node["width"])
    number = float(re.sub(r"[a-z%]+$", "", css))
    width_pt = number / 100 * _LINE_PT if css.endswith("%") else number * _PX_PT
    scene = _printed_scene(node, _options(node, translator.builder.config, True).for_format(fmt))
    shown = smallest_text(scene) * min(1.0, width_pt / scene.width)
    if shown < _PRINTED_MIN_PT:
        logger.warning("`:width: %s` prints the map's smallest text at about %.1f pt: it "
                       "wraps no narrower than %.0f pt (%.0f %% of the line); leave `:width:` "
                       "out to print it readable", node["width"], shown, scene.width,
                       100 * scene.width / _LINE_PT, location=node, type="vsm",
                       subtype="width")


def _printed_size(data: bytes, dpi: int) -> Optional[tuple[float, float]]:
    """The size in points TeX gives a drawn picture: a PDF's page, a PNG's pixels at ``dpi``
    (the resolution :func:`_draw` wrote into it)."""
    pixels = png_pixels(data)
    if pixels:
        return pixels[0] * 72 / dpi, pixels[1] * 72 / dpi
    box = re.search(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", data)
    return (float(box[1]), float(box[2])) if box else None


def texinfo_visit_vsm(self: Any, node: vsm) -> None:
    if node["target"]:
        _target_left_out(self, node)
    fmt = _format(self, node, ("png",), "png")
    _printed_theme(self, node)
    try:
        url, _ = _draw(self, node, fmt, printed=True)
    except Exception as error:  # noqa: BLE001
        _fail(node, error)
    self.body.append("@image{%s,,,[%s],png}\n" % (url[:-4], node["alt"].replace("]", "")))
    raise nodes.SkipNode


def text_visit_vsm(self: Any, node: vsm) -> None:
    if node["target"]:
        _target_left_out(self, node)
    self.new_state(0)
    self.add_text(f"[{node['alt']}]")
    self.end_state()
    raise nodes.SkipNode


def man_visit_vsm(self: Any, node: vsm) -> None:
    if node["target"]:
        _target_left_out(self, node)
    self.body.append(f"[{node['alt']}]")
    raise nodes.SkipNode


# --- settings and old pictures -----------------------------------------------------------------

_SETTINGS = {"vsm_theme": ("auto", THEME_NAMES), "vsm_ladder": ("classic", LADDERS),
             "vsm_html_format": ("svg", _HTML_FORMATS)}


def _check_config(app: Any, config: Any) -> None:
    """A bad ``vsm_*`` value is a warning at its line of conf.py, and the default is used."""
    conf_py = os.path.join(app.confdir, "conf.py")
    given = config.overrides  # `sphinx-build -D name=value`: text, set on the command line

    def warn(name: str, message: str, *args: Any) -> None:
        if name in given:
            logger.warning("-D %s=%r (on the command line) " + message, name, getattr(
                config, name), *args, type="vsm", subtype="config")
        else:
            logger.warning("%s = %r " + message, name, getattr(config, name), *args,
                           location=f"{conf_py}:{_line_of(conf_py, name)}",
                           type="vsm", subtype="config")

    for name, (default, allowed) in _SETTINGS.items():
        if getattr(config, name) not in allowed:
            warn(name, "is not one of %s; using %r", ", ".join(allowed), default)
            config[name] = default
    column = config.vsm_column_width
    if isinstance(column, str) and "vsm_column_width" in given:
        try:
            column = config["vsm_column_width"] = float(column)
        except ValueError:
            pass
    if column is not None and (isinstance(column, bool) or not isinstance(column, (int, float))
                               or not 100 <= column <= 100000):
        warn("vsm_column_width", "must be the width in pixels of the theme's content column, "
             "from 100 to 100000; using the theme's")
        config["vsm_column_width"] = None


def _line_of(path: str, name: str) -> int:
    """The line of conf.py that sets ``name`` (1 when it cannot be found)."""
    try:
        with open(path, encoding="utf-8") as fh:
            for number, line in enumerate(fh, 1):
                if re.match(rf"\s*{name}\s*[:=]", line):
                    return number
    except OSError:
        pass
    return 1


# Every page's picture names, kept in the environment (so across incremental builds):
# a picture no page names any more is an old version of a map.

def _note_pictures(env: Any, docname: str, node: nodes.Element) -> None:
    screen, printed = _options(node, env.config, False), _options(node, env.config, True)
    names = {_picture_name(node, fmt, screen) for fmt in (*_HTML_FORMATS, *_REPORTS.values())}
    names |= {_picture_name(node, fmt, printed) for fmt in (*_LATEX_FORMATS, "png")}
    if _wants_phone(node, env.config):
        phone = _options(node, env.config, False, phone=True)
        names |= {_picture_name(node, fmt, phone) for fmt in _HTML_FORMATS}
    if not hasattr(env, "vsm_pictures"):
        env.vsm_pictures = {}
    env.vsm_pictures.setdefault(docname, set()).update(names)


def _purge_doc(app: Any, env: Any, docname: str) -> None:
    getattr(env, "vsm_pictures", {}).pop(docname, None)


def _merge_info(app: Any, env: Any, docnames: Any, other: Any) -> None:
    """Parallel reads: gather what the worker processes noted."""
    if not hasattr(env, "vsm_pictures"):
        env.vsm_pictures = {}
    for docname, names in getattr(other, "vsm_pictures", {}).items():
        if docname in docnames:
            env.vsm_pictures[docname] = names


def _prune(app: Any, exception: Any) -> None:
    """After a build, remove from the image folder (and the phone pictures' cache) the
    pictures of old versions of the maps: names that no page of the project uses any
    more."""
    builder = app.builder
    if exception is not None:
        return
    used = set().union(*getattr(app.env, "vsm_pictures", {}).values())
    for folder in (os.path.join(builder.outdir, getattr(builder, "imagedir", "") or ""),
                   os.path.join(builder.doctreedir, _PHONE_CACHE)):
        for name in sorted(os.listdir(folder)) if os.path.isdir(folder) else []:
            if re.fullmatch(r"vsm-[0-9a-f]{32}\..+", name) and name not in used:
                os.remove(os.path.join(folder, name))


def _page_css(app: Any, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """A page with a map links the style sheet of its metrics table (:data:`DOCS_CSS`);
    singlehtml's one page holds every document's maps."""
    pictures = getattr(app.env, "vsm_pictures", {})
    if pagename in pictures or (pictures and app.builder.name == "singlehtml"):
        app.add_css_file(DOCS_CSS_NAME)


def _write_css(app: Any, env: Any) -> None:
    """The style sheet into the HTML output's ``_static`` folder, once the pages are read and
    before they are written: an EPUB is packed before the build ends, and left out a style
    sheet its pages link."""
    if app.builder.format == "html" and getattr(env, "vsm_pictures", None):
        write_docs_css(os.path.join(app.outdir, "_static"))


def setup(app: Any) -> dict[str, Any]:
    """Register the directive, its node and the ``vsm_*`` settings."""
    from . import __version__

    app.add_node(
        vsm,
        html=(html_visit_vsm, None),
        latex=(latex_visit_vsm, None),
        texinfo=(texinfo_visit_vsm, None),
        text=(text_visit_vsm, None),
        man=(man_visit_vsm, None),
    )
    app.add_enumerable_node(vsm_figure, "figure",
                            latex=(latex_visit_vsm_figure, latex_depart_vsm_figure))
    left_out = (_report_left_out, None)
    app.add_node(vsm_report, html=(html_visit_vsm_report, None), latex=left_out,
                 texinfo=left_out, text=left_out, man=left_out)
    app.add_directive("vsm", VsmDirective)
    app.add_latex_package("pdflscape")  # a map wider than the line: see latexpages
    app.add_latex_package("afterpage")  # ...that opens a chapter
    app.add_config_value("vsm_theme", "auto", "env", types=frozenset({str}))
    app.add_config_value("vsm_ladder", "classic", "env", types=frozenset({str}))
    app.add_config_value("vsm_html_format", "svg", "html", types=frozenset({str}))
    app.add_config_value("vsm_column_width", None, "env")  # checked by _check_config
    app.connect("config-inited", _check_config)
    app.connect("env-purge-doc", _purge_doc)
    app.connect("env-merge-info", _merge_info)
    app.connect("build-finished", _prune)
    app.connect("html-page-context", _page_css)
    app.connect("env-updated", _write_css)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True,
            "env_version": 3}
