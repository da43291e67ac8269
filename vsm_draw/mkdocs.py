"""MkDocs plugin and ``pymdownx.superfences`` fence: ```` ```vsm ```` blocks become diagrams.

With ``plugins: [vsm]`` in ``mkdocs.yml`` a fenced block whose language is ``vsm`` holds a
map (inline YAML) or a reference to one (``file: maps/x.vsm.yaml``), with the options of
the Sphinx directive in the fence's header or, for a reference, next to ``file:``::

    ```vsm caption="Current state, Q3" ladder=proportional metrics report=html
    title: Delivery
    steps: ...
    ```

The plugin draws each map through :mod:`vsm_draw.batch` into a cache folder (file names
are content hashes, so an unchanged map is never drawn twice) and copies the pictures into
the site. An invalid map is a warning naming the page and its line (fatal under
``mkdocs build --strict``), and the block stays on the page as code.

Without the plugin, :func:`fence_format` and :func:`fence_validator` make ``vsm`` a
custom fence of ``pymdownx.superfences``; the picture is then embedded in the page as a
``data:`` URI.
"""
from __future__ import annotations

import base64
import html
import logging
import os
import posixpath
import re
import shlex
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional
from urllib.parse import unquote, urlsplit, urlunsplit

from . import formats
from .batch import (
    Options,
    cache_key,
    COLUMN_WIDTHS,
    DEFAULT_COLUMN,
    DOCS_CSS_NAME,
    css_width,
    img_html,
    layout_width,
    link_target,
    metrics_table_html,
    phone_is_narrower,
    phone_width,
    picture_size,
    reads_larger,
    relative_url,
    render_text,
    suffix,
    write_docs_css,
)
from .errors import Problem, VsmError
from .output import drawn_already, write_atomic
from .themes import THEME_NAMES

__all__ = ["VsmPlugin", "fence_format", "fence_validator", "OPTIONS"]

#: Every option of a block, with its allowed values (None: free text, bool: a flag).
OPTIONS: dict[str, Any] = {
    "alt": None,
    "caption": None,
    "ladder": ("classic", "proportional"),
    "theme": THEME_NAMES,
    "format": formats.names("web"),
    "metrics": bool,
    "report": tuple(formats.report_links()),
    "width": None,
    "target": None,
    "one-row": bool,
}
#: Other spellings of an option. superfences reads a fence's header names as words
#: (letters, digits, ``_``): with ``one-row`` in it, the fence was no fence at all, and its
#: text ran into the page with the fences after it, no warning given; ``one_row`` works.
_SPELLINGS = {"one_row": "one-row"}
_REPORTS = formats.report_links()
_FENCE_OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>.*?)[ \t]*$")
_CACHE = ".cache/vsm-draw"
_PICTURE_NAME = re.compile(r"vsm-[0-9a-f]{32}\..+")
#: MkDocs counts warnings of the ``mkdocs`` loggers (``--strict`` fails on them).
_LOG = logging.getLogger("mkdocs.plugins.vsm")


class BlockError(Exception):
    """A problem with a block: its message and the page line it is at."""

    def __init__(self, problems: list[Problem], path: Optional[Path] = None):
        self.problems = problems
        self.path = path  # the map file of a ``file:`` block, when it was found
        super().__init__("; ".join(str(p) for p in problems))


@dataclass
class Block:
    """A ``vsm`` block, ready to draw."""

    text: str               # the map's YAML
    label: str              # names the map in errors
    options: dict[str, Any]
    title: str
    html_metrics: Optional[str] = None
    path: Optional[Path] = None  # the map file of a ``file:`` block
    #: the map's load warnings (a flow from a party to itself), at page lines or the map's
    warnings: tuple[Problem, ...] = ()


# --- options -------------------------------------------------------------------------------

def _parse_header(info: str) -> dict[str, str]:
    """``alt="A map" metrics ladder=proportional`` -> a dict (a flag maps to "true")."""
    try:
        words = shlex.split(info)
    except ValueError as exc:
        raise ValueError(f"cannot read the options after ```vsm: {exc}") from None
    options: dict[str, str] = {}
    for word in words:
        key, sep, value = word.partition("=")
        options[key.strip()] = value if sep else "true"
    return options


def _check_options(raw: dict[str, Any]) -> dict[str, Any]:
    """Validated options; ValueError naming an unknown option or value."""
    out: dict[str, Any] = {}
    for key, value in raw.items():
        key = _SPELLINGS.get(key, key)
        if key not in OPTIONS:
            raise ValueError(f"unknown option `{key}` of a vsm block; use "
                             f"{', '.join(OPTIONS)}")
        allowed = OPTIONS[key]
        if allowed is bool:
            text = str(value).strip().lower()
            if text not in ("true", "yes", "1", "false", "no", "0"):
                raise ValueError(f"option `{key}` is a flag: write it alone, or {key}=false")
            out[key] = text in ("true", "yes", "1")
        elif key == "width":  # it ends up in a style attribute
            out[key] = css_width(str(value))
        elif key == "target":  # it becomes the picture's link
            out[key] = link_target(str(value))
        elif allowed is None:
            out[key] = str(value)
        else:
            text = str(value).strip().lower()
            if text not in allowed:
                raise ValueError(f"option `{key}` must be {' or '.join(allowed)}, not {value!r}")
            out[key] = text
    return out


# --- one block -----------------------------------------------------------------------------

def _file_reference(body: str) -> Optional[dict[str, Any]]:
    """The mapping of a ``file: ...`` block, or None when the block is a map."""
    import yaml

    if not re.search(r"^file[ \t]*:", body, re.MULTILINE):
        return None
    try:
        data = yaml.safe_load(body)
    except yaml.YAMLError:
        return None
    if isinstance(data, dict) and "file" in data and "steps" not in data:
        return data
    return None


def load_block(body: str, header: dict[str, str], *, page: str, first_line: int,
               search: list[Path], shown: Path, inside: Optional[list[Path]] = None) -> Block:
    """A block's map and options; BlockError with problems at page lines (``page``, the
    body's first line ``first_line``) or at the referenced map's own lines.

    A ``file:`` is looked for in the folders ``search``, and must stay, symbolic links
    resolved, inside one of the folders ``inside`` (default: ``search``): a page cannot
    draw a file from elsewhere on the disk."""
    from .loader import load_text, read_map_bytes
    from .metrics import metrics as compute_metrics
    from .yamlsource import decode

    def at(line: int, message: str) -> BlockError:
        return BlockError([Problem(page, line, 1, message)])

    raw: dict[str, Any] = dict(header)
    reference = _file_reference(body)
    if reference is not None:
        name = str(reference.pop("file"))
        raw.update(reference)
        roots = [root.resolve() for root in (inside or search)]
        resolved = [(base / name).resolve() for base in search]
        candidates = [c for c in resolved if any(c.is_relative_to(r) for r in roots)]
        # the first that is there: a named pipe or a device is refused below, not passed by
        path = next((c for c in candidates if c.exists() and not c.is_dir()), None)
        if path is None and len(candidates) < len(resolved):
            # an absolute path, ../ or a link out of the documentation: never looked at
            places = ", ".join(_show(root, shown) for root in roots)
            raise at(first_line, f"the map file {name!r} is outside the documentation "
                                 f"({places}); refusing to read it")
        if path is None:
            places = ", ".join(_show(base, shown) for base in search)
            raise at(first_line, f"the map file {name!r} is in none of: {places}")
        label = _show(path, shown)
        try:  # a regular file of at most 16 MiB, as build reads
            data = read_map_bytes(path, regular_only=True)
        except VsmError as error:
            raise BlockError(at(first_line, f"cannot read the map {name!r}: "
                                            f"{error.problems[0].message}").problems,
                             path) from None
        try:
            text = decode(data, label)
        except VsmError as error:
            raise BlockError([_included(p, page, first_line - 1) for p in error.problems],
                             path) from None
        offset = None
    else:
        text, label, offset = body, page, first_line - 1
    try:
        options = _check_options(raw)
    except ValueError as exc:
        raise at(first_line - 1, str(exc)) from None
    def located(problems: tuple[Problem, ...]) -> list[Problem]:
        if offset is None:
            return [_included(p, page, first_line - 1) for p in problems]
        # the map's lines are the page's lines
        return [Problem(page, offset + p.line, p.column, p.message) for p in problems]

    try:
        vsm_map = load_text(text, label)
    except VsmError as error:
        raise BlockError(located(error.problems),
                         path if reference is not None else None) from None
    block = Block(text, label, options, vsm_map.title,
                  path=path if reference is not None else None,
                  warnings=tuple(located(vsm_map.warnings)))
    if options.get("metrics"):
        block.html_metrics = metrics_table_html(vsm_map, compute_metrics(vsm_map))
    return block


def _included(problem: Problem, page: str, fence_line: int) -> Problem:
    return Problem(problem.file, problem.line, problem.column,
                   f"{problem.message} (the map of the vsm block at {page}:{fence_line})")


def _page_search(page: Path, docs_dir: Path, root: Path) -> list[Path]:
    """Where a page's ``file:`` maps are looked for: beside it, in ``docs_dir``, beside
    mkdocs.yml."""
    return list(dict.fromkeys([page.parent, docs_dir, root]))


def _show(path: Path, base: Path) -> str:
    try:
        return path.resolve().relative_to(base.resolve()).as_posix() or "."
    except ValueError:
        return str(path)


def _draw(block: Block, fmt: str, cache: Path, column: float = DEFAULT_COLUMN,
          phone: bool = False) -> Path:
    """The cached file of ``block`` in ``fmt``, drawn now if it is not there yet: laid out
    at its ``width``, or the ``column``'s, unless ``one-row``; ``phone``: for a phone's
    column (:func:`vsm_draw.batch.phone_width`)."""
    if phone:
        width: Optional[float] = phone_width(block.options.get("width"))
    else:
        width = None if block.options.get("one-row") else layout_width(
            block.options.get("width"), column)
    options = Options(theme=block.options.get("theme", "auto"),
                      ladder=block.options.get("ladder", "classic"), width=width)
    # The title is drawn too, and a map without one takes it from its file's name: two
    # files with the same text are two pictures.
    key = cache_key(f"{block.title}\0{block.text}", fmt, options)
    path = cache / f"vsm-{key[:32]}{suffix(fmt)}"
    if not drawn_already(path):
        write_atomic(path, render_text(block.text, block.label, [fmt], options)[fmt])
    return path


def block_html(block: Block, image_src: str, report_href: Optional[str], *,
               size: Optional[tuple[int, int]] = None, full_size: Optional[str] = None,
               phone: Optional[tuple[str, Optional[tuple[int, int]]]] = None) -> str:
    """The HTML that replaces a block: one line, every piece of map text escaped. The
    picture links to ``target``, else to ``full_size`` (the picture itself) when given;
    ``phone``: the URL and size of the map laid out for a phone (see :func:`img_html`)."""
    alt = block.options.get("alt") or f"Value stream map: {block.title}"
    img = img_html(image_src, alt, width=block.options.get("width"), size=size,
                   link=block.options.get("target") or full_size, phone=phone)
    parts = [f'<figure class="vsm">{img}']
    if block.options.get("caption"):
        parts.append(f"<figcaption>{html.escape(block.options['caption'])}</figcaption>")
    parts.append("</figure>")
    if block.html_metrics:
        parts.append(block.html_metrics)
    if report_href:
        kind = "HTML" if block.options.get("report") == "html" else "PDF"
        parts.append(f'<p class="vsm-report"><a href="{html.escape(report_href)}">'
                     f"Workshop report: {html.escape(block.title)} ({kind})</a></p>")
    return f'<div class="vsm-block">{"".join(parts)}</div>'


# --- fences in Markdown ------------------------------------------------------------------------

def find_blocks(markdown: str) -> list[tuple[int, int, str, str, str]]:
    """Every ```` ```vsm ```` fence, outside other fences: (first line index, index after the
    closing line, indent, header text after the language, body)."""
    lines = markdown.split("\n")
    found = []
    i = 0
    while i < len(lines):
        match = _FENCE_OPEN.match(lines[i])
        if not match or (match["fence"][0] == "`" and "`" in match["info"]):
            i += 1
            continue
        indent, fence, info = match["indent"], match["fence"], match["info"]
        close = re.compile(rf"^[ \t]*{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$")
        end = i + 1
        while end < len(lines) and not close.match(lines[end]):
            end += 1
        language, _, header = info.partition(" ")
        if language == "vsm" and end < len(lines):
            body = "\n".join(_dedent(line, indent) for line in lines[i + 1:end]) + "\n"
            found.append((i, end + 1, indent, header.strip(), body))
        i = end + 1
    return found


def _as_code(lines: list[str], start: int, stop: int) -> str:
    """A block that could not be drawn, as a plain YAML code block: its header options
    would keep Markdown from reading the fence, and the rest of the page with it."""
    match = _FENCE_OPEN.match(lines[start])
    assert match is not None  # find_blocks matched this line
    return "\n".join([match["indent"] + match["fence"] + "yaml", *lines[start + 1:stop]])


def _dedent(line: str, indent: str) -> str:
    return line[len(indent):] if line.startswith(indent) else line.lstrip(" \t")


# --- the plugin -----------------------------------------------------------------------------------

def _plugin_base():
    from mkdocs.config import config_options
    from mkdocs.config.base import Config, ValidationError
    from mkdocs.plugins import BasePlugin

    class ColumnWidth(config_options.Type):
        def run_validation(self, value: Any) -> int:
            value = super().run_validation(value)
            if not 100 <= value <= 100000:
                raise ValidationError(f"the width in pixels of the theme's content column, "
                                      f"from 100 to 100000, not {value}")
            return value

    class SiteFolder(config_options.Type):
        def run_validation(self, value: Any) -> str:
            value = super().run_validation(value)
            if ".." in value.replace("\\", "/").split("/"):
                raise ValidationError(f"a folder inside the site, such as assets/vsm, not "
                                      f"{value!r} (the pictures would land outside it)")
            return value

    class VsmConfig(Config):
        theme = config_options.Choice(THEME_NAMES, default="auto")
        ladder = config_options.Choice(("classic", "proportional"), default="classic")
        format = config_options.Choice(formats.names("web"), default="svg")
        cache_dir = config_options.Type(str, default=_CACHE)
        assets_dir = SiteFolder(str, default="assets/vsm")
        #: the theme's content column in CSS px (default: measured for the theme)
        column_width = config_options.Optional(ColumnWidth(int))

    return BasePlugin[VsmConfig]


#: The running `mkdocs serve`, if any. MkDocs calls on_serve once, after the first build,
#: and each rebuild has a plugin of its own: a map that a page starts using later is
#: watched from here.
_SERVING: dict[str, Any] = {}


class VsmPlugin(_plugin_base()):  # type: ignore[misc]
    """``plugins: [vsm]``: see the module documentation."""

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.dirty = dirty  # a --dirty build reads only some pages: keep every cached picture

    def on_config(self, config: Any) -> Any:
        from mkdocs.plugins import get_plugin_logger

        self.log = get_plugin_logger("vsm")
        self.root = Path(config.config_file_path or ".").resolve().parent
        cache = Path(self.config.cache_dir)
        self.cache = cache if cache.is_absolute() else self.root / cache
        self.column = self.config.column_width or COLUMN_WIDTHS.get(
            getattr(config.theme, "name", None) or "", DEFAULT_COLUMN)
        self.maps: set[Path] = set()   # the map files pages use, for `mkdocs serve` to watch
        self.used: set[str] = set()    # the cached pictures this build used
        self.left_out: set[tuple[str, Path]] = set()  # (page, map file) warned about
        # The metrics table's style sheet (batch.DOCS_CSS), written by on_post_build.
        self.css = f"{self.config.assets_dir.strip('/')}/{DOCS_CSS_NAME}"
        if self.css not in config.extra_css:
            config.extra_css.append(self.css)
        return config

    def on_serve(self, server: Any, config: Any, builder: Any) -> Any:
        """``mkdocs serve`` rebuilds when any map a page uses changes, also one beside
        mkdocs.yml, outside ``docs_dir``."""
        _SERVING["server"] = server
        for path in sorted(self.maps):
            server.watch(str(path))
        return server

    def on_shutdown(self) -> None:
        _SERVING.clear()

    def _uses(self, path: Path) -> None:
        """A page uses the map file ``path``: watched by a running ``mkdocs serve`` too."""
        if path not in self.maps:
            self.maps.add(path)
            server = _SERVING.get("server")
            if server is not None:
                server.watch(str(path))

    def on_post_build(self, config: Any) -> None:
        """Write the style sheet; remove the cached pictures of old versions of the maps
        (no page used them)."""
        write_docs_css((Path(config.site_dir) / self.css).parent)
        if getattr(self, "dirty", False) or not self.cache.is_dir():
            return
        for path in sorted(self.cache.glob("vsm-*")):
            if path.name not in self.used and _PICTURE_NAME.fullmatch(path.name):
                path.unlink()

    def on_files(self, files: Any, config: Any) -> Any:
        """Every page's ``file:`` maps that vsm-draw would not read (a device, a named pipe,
        more than 16 MiB) leave ``files`` before MkDocs copies them into the site, also those
        of pages a ``mkdocs build --dirty`` does not read again: one warning at the page
        line each, as on_page_markdown gives for a page it reads."""
        from .loader import map_file_problem

        docs_dir = Path(config.docs_dir)
        for file in list(files.documentation_pages()):
            source = file.abs_src_path
            if source is None or map_file_problem(source) is not None:
                continue  # a page given by a plugin, or one MkDocs cannot read either
            try:
                markdown = Path(source).read_text(encoding="utf-8-sig", errors="replace")
            except OSError:
                continue  # MkDocs says so when it reads the page
            if "vsm" not in markdown:
                continue
            page = Path(source)
            for start, _stop, _indent, _header, body in find_blocks(markdown):
                self._leave_out(body, _page_search(page, docs_dir, self.root), docs_dir,
                                files, f"{_show(page, self.root)}:{start + 2}:1")
        return files

    def on_page_markdown(self, markdown: str, page: Any, config: Any, files: Any) -> str:
        blocks = find_blocks(markdown)
        if not blocks:
            return markdown
        docs_dir = Path(config.docs_dir)
        page_name = _show(Path(page.file.abs_src_path), self.root)
        search = _page_search(Path(page.file.abs_src_path), docs_dir, self.root)
        inside = list(dict.fromkeys([docs_dir, self.root]))
        # Page lines count from the top of the file, front matter included.
        source = getattr(page.file, "content_string", "") or ""
        offset = source[: len(source) - len(markdown)].count("\n") \
            if markdown and source.endswith(markdown) else 0
        replacements = []
        lines = markdown.split("\n")
        for start, stop, indent, header, body in blocks:
            if self._leave_out(body, search, docs_dir, files,
                               f"{page_name}:{offset + start + 2}:1"):
                replacements.append((start, stop, _as_code(lines, start, stop)))
                continue
            try:
                block = load_block(body, _parse_header(header), page=page_name,
                                   first_line=offset + start + 2, search=search,
                                   shown=self.root, inside=inside)
                defaults = {"theme": self.config.theme, "ladder": self.config.ladder,
                            "format": self.config.format}
                block.options = {**defaults, **block.options}
                if block.options.get("target"):
                    block.options["target"] = self._site_link(
                        block.options["target"], page, files, f"{page_name}:{offset + start + 1}:1")
                for warning in block.warnings:  # drawn all the same
                    self.log.warning(f"{warning}")
                replacement = indent + self._place(block, page.url, Path(config.site_dir))
            except BlockError as error:
                for problem in error.problems:
                    self.log.warning(f"{problem}")
                if error.path is not None:  # `mkdocs serve` rebuilds when it is mended
                    self._uses(error.path)
                replacement = _as_code(lines, start, stop)
            except ValueError as exc:
                self.log.warning(f"{page_name}:{offset + start + 1}:1: {exc}")
                replacement = _as_code(lines, start, stop)
            except Exception as exc:  # noqa: BLE001 - a failing renderer must not stop the site
                self.log.warning(f"{page_name}:{offset + start + 1}:1: cannot draw this map: "
                                 f"{type(exc).__name__}: {exc}")
                replacement = _as_code(lines, start, stop)
            replacements.append((start, stop, replacement))
        for start, stop, replacement in reversed(replacements):
            lines[start:stop] = ["", replacement, ""]
        return "\n".join(lines)

    def _leave_out(self, body: str, search: list[Path], docs_dir: Path, files: Any,
                   where: str) -> bool:
        """Whether the ``file:`` of a block is one vsm-draw would not read (a device, a named
        pipe, more than 16 MiB): MkDocs would copy it into the site as well when it is in
        ``docs_dir``, for ever from /dev/zero, or stop with a traceback at a pipe; it is
        taken out of ``files``, watched under ``mkdocs serve`` (a rebuild when it is
        mended), and a warning at ``where`` (``page:line:1``) says so, once a build."""
        from .loader import map_file_problem

        reference = _file_reference(body)
        if reference is None:
            return False
        name = str(reference["file"])
        for base in search:  # the first one there, as load_block looks
            path = Path(os.path.normpath(base / name))
            if not os.path.lexists(path) or path.is_dir():
                continue
            problem = map_file_problem(path)
            if problem is None:
                return False
            self._uses(path)
            if not path.is_relative_to(docs_dir):
                return False  # load_block refuses it, from outside, and says why
            copied = files.get_file_from_path(path.relative_to(docs_dir).as_posix())
            if copied is not None and not copied.is_documentation_page():
                files.remove(copied)
            page = where.rsplit(":", 2)[0]
            if (page, path) not in self.left_out:  # on_files found it already
                self.left_out.add((page, path))
                self.log.warning(f"{where}: cannot read the map {name!r}: {problem}; it is "
                                 "not copied into the site either")
            return True
        return False

    def _site_link(self, target: str, page: Any, files: Any, where: str) -> str:
        """``target`` as a link of the built site: a relative path to a file of the docs
        (a page's ``examples.md``, a picture) becomes that file's URL relative to the page,
        as MkDocs turns a Markdown link (the picture linked to ``examples.md``, which the
        site does not hold); a page the docs lack is a warning at ``where``."""
        parts = urlsplit(target)
        if parts.scheme or parts.netloc or not parts.path or parts.path.startswith("/"):
            return target
        path = posixpath.normpath(posixpath.join(posixpath.dirname(page.file.src_uri),
                                                 unquote(parts.path)))
        found = files.get_file_from_path(path)
        if found is None:
            if parts.path.endswith(".md"):
                self.log.warning(f"{where}: `target` {target!r} is not a page of the docs; "
                                 "the picture links to it as written")
            return target
        return urlunsplit(("", "", found.url_relative_to(page.file), parts.query, parts.fragment))

    def _place(self, block: Block, page_url: str, site_dir: Path) -> str:
        """Draw (or take from the cache) the picture and report, copy them into the site,
        and return the block's HTML."""
        assets = self.config.assets_dir.strip("/")
        if block.path is not None:
            self._uses(block.path)
        urls, size, picture = [], None, None
        for fmt in (block.options["format"], _REPORTS.get(block.options.get("report", ""))):
            if fmt is None:
                urls.append(None)
                continue
            cached = _draw(block, fmt, self.cache, self.column)
            self.used.add(cached.name)
            if picture is None:  # the picture, first
                picture = cached
                with cached.open("rb") as fh:
                    size = picture_size(fh.read(4096))
            target = site_dir / assets / cached.name
            if not drawn_already(target):  # names are content hashes: same name, same bytes
                target.parent.mkdir(parents=True, exist_ok=True)
                write_atomic(target, cached.read_bytes())  # a link there is replaced
            urls.append(relative_url(f"{assets}/{cached.name}", page_url))
        return block_html(block, urls[0], urls[1], size=size, full_size=urls[0],
                          phone=self._place_phone(block, page_url, site_dir, picture))

    def _place_phone(self, block: Block, page_url: str, site_dir: Path, wide: Path
                     ) -> Optional[tuple[str, Optional[tuple[int, int]]]]:
        """The map drawn (or taken from the cache) for a phone's column and copied into the
        site: its URL and natural size; None for ``one-row``, or when it would read no
        larger on a phone than the ``wide`` picture (:func:`vsm_draw.batch.reads_larger`: a
        map that wraps no narrower; the cache keeps it, the site does not)."""
        fmt = block.options["format"]
        if block.options.get("one-row") or not phone_is_narrower(block.options.get("width"),
                                                                 self.column):
            return None
        cached = _draw(block, fmt, self.cache, phone=True)
        self.used.add(cached.name)
        data = cached.read_bytes()
        if not reads_larger(data, wide.read_bytes()):
            return None
        assets = self.config.assets_dir.strip("/")
        target = site_dir / assets / cached.name
        if not drawn_already(target):
            write_atomic(target, data)
        return relative_url(f"{assets}/{cached.name}", page_url), picture_size(data[:4096])


# --- pymdownx.superfences ---------------------------------------------------------------------

def fence_validator(language: str, inputs: dict[str, str], options: dict[str, Any],
                    attrs: dict[str, Any], md: Any) -> bool:
    """superfences ``validator``: move the header's vsm options into ``options``."""
    # superfences gives a bare flag (`metrics`) its own name as value, as HTML does.
    raw = {k: ("true" if OPTIONS.get(_SPELLINGS.get(k, k)) is bool and v in ("", k) else v)
           for k, v in inputs.items()}
    try:
        checked = _check_options(raw)
    except ValueError as exc:
        # Still our fence, shown as code: refused, superfences would leave it to Markdown,
        # and its ``` line and map would run into the text after it. fence_format says
        # why, at the fence's line (the validator is not given the fence's text).
        options[_REFUSED] = str(exc)
        return True
    options.update(checked)
    return True


_REFUSED = " refused"  # an options key no header can write (it holds a space)


def fence_format(source: str, language: str, class_name: str, options: dict[str, Any],
                 md: Any, **kwargs: Any) -> str:
    """superfences ``format``: the map drawn and embedded as a ``data:`` URI.

    Maps named by ``file:`` are found from the current folder (where ``mkdocs`` runs) or
    its ``docs`` folder; the cache is ``.cache/vsm-draw`` there. An invalid map is a
    warning and the block is shown as code.
    """
    root = Path.cwd()
    code = f'<pre class="{html.escape(class_name)}"><code>{html.escape(source)}</code></pre>'
    page, first_line = _fence_place(source, md, root)
    if options.get(_REFUSED):  # its options were refused by fence_validator
        _LOG.warning(f"vsm: {Problem(page, first_line - 1, 1, options[_REFUSED])}")
        return code
    try:
        block = load_block(source, {k: str(v) for k, v in options.items()}, page=page,
                           first_line=first_line, search=[root, root / "docs"], shown=root,
                           inside=[root])
        block.options.setdefault("format", "svg")
        for warning in block.warnings:  # drawn all the same
            _LOG.warning(f"vsm: {warning}")
        if block.options.get("report"):
            # a fence has no site folder to put the report in, and a page cannot open a
            # report held in a data: URI
            _LOG.warning(f"vsm: {page}:{first_line - 1}:1: option `report` needs the vsm "
                         f"plugin (plugins: [vsm] in mkdocs.yml); the report link is left out")
        picture = _draw(block, block.options["format"], root / _CACHE)
    except (BlockError, ValueError, OSError, VsmError) as error:
        for problem in getattr(error, "problems", None) or [error]:
            _LOG.warning(f"vsm: {problem}")
        return code
    mime = formats.get(block.options["format"]).media_type
    data = picture.read_bytes()
    # No link to the full-size picture: browsers do not open a data: URI from a page.
    return block_html(block, f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}",
                      None, size=picture_size(data))


def _fence_place(source: str, md: Any, root: Path) -> tuple[str, int]:
    """Where a fence's map is, for its warnings: the page (relative to ``root``) and the
    page line of the map's first line. MkDocs renders each page with a Markdown of its own
    that knows the page's file (its ``relpath`` tree processor); the fence is found in that
    file by its text, the n-th of equal fences at the n-th call. Elsewhere: ``vsm fence``,
    the fence's own lines (its ``` line is line 1)."""
    try:
        file = md.treeprocessors["relpath"].file
        path = Path(file.abs_src_path)
        text = path.read_text(encoding="utf-8-sig", errors="replace")
    except (AttributeError, KeyError, TypeError, OSError):
        return "vsm fence", 2
    body = source.rstrip("\n")
    starts = [start for start, _stop, _indent, _header, found in find_blocks(text)
              if found.rstrip("\n") == body]
    if not starts:
        return "vsm fence", 2
    seen = md.__dict__.setdefault("_vsm_fences", {})  # this page's fences drawn so far
    nth = seen.get(body, 0)
    seen[body] = nth + 1
    return _show(path, root), starts[min(nth, len(starts) - 1)] + 2
