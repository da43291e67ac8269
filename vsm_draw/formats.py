"""Every output format vsm-draw writes, listed once, with who writes it.

The CLI (``-o`` suffixes and their help texts), ``vsm-draw build`` (``--format`` and its
output names), the Sphinx directive and the MkDocs plugin (``format``, ``report``, media
types of embedded pictures) all read this table instead of keeping lists of their own.

A format's ``name`` is how ``build --format`` and the integrations spell it; its
``suffix`` names a ``build`` output (``maps/x.report.pdf``); its ``extension`` is what a
``-o`` file name ends with (``handout.pdf``). The *uses* say who writes it:

- ``render``, ``report``, ``compare``, ``whatif``, ``measure``, ``build``: the commands of
  that name;
- ``web``: a picture a docs page shows in a browser (Sphinx HTML, MkDocs);
- ``print``: a picture a printed docs build includes (Sphinx LaTeX);
- ``report-link``: a workshop report a docs page links to.
"""
from __future__ import annotations

from typing import Optional

from .frozen import frozen

__all__ = ["Format", "FORMATS", "USES", "get", "for_use", "names", "from_filename",
           "extensions", "extensions_text", "parse_list", "report_links"]


@frozen
class Format:
    """One output format."""

    name: str
    extension: str          # the suffix of a file named with ``-o`` (``.pdf``)
    media_type: str
    binary: bool            # bytes (PNG, PDF) rather than UTF-8 text (SVG, DOT, HTML, YAML)
    product: str            # what it holds: "picture", "report" or "map"
    uses: tuple[str, ...]   # who writes it (see the module doc)
    aliases: tuple[str, ...] = ()  # more extensions read as this format (``.yml``)

    @property
    def suffix(self) -> str:
        """The ending of a ``build`` output: ``.svg``, ``.report.pdf``."""
        return "." + self.name

    @property
    def extensions(self) -> tuple[str, ...]:
        return (self.extension, *self.aliases)


#: The registry, in the order help texts list the formats.
FORMATS: tuple[Format, ...] = (
    Format("svg", ".svg", "image/svg+xml", False, "picture",
           ("render", "compare", "whatif", "build", "web")),
    Format("png", ".png", "image/png", True, "picture",
           ("render", "compare", "whatif", "build", "web", "print")),
    Format("pdf", ".pdf", "application/pdf", True, "picture",
           ("render", "compare", "whatif", "build", "print")),
    Format("dot", ".dot", "text/vnd.graphviz", False, "picture",
           ("render", "compare", "build")),
    Format("html", ".html", "text/html", False, "report",
           ("report", "compare", "whatif", "build", "report-link")),
    Format("report.pdf", ".pdf", "application/pdf", True, "report",
           ("report", "build", "report-link")),
    Format("yaml", ".yaml", "application/yaml", False, "map", ("whatif", "measure"), (".yml",)),
)

USES = ("render", "report", "compare", "whatif", "measure", "build", "web", "print",
        "report-link")

_BY_NAME = {f.name: f for f in FORMATS}


def get(name: str) -> Format:
    """The format called ``name``; ValueError listing the known ones otherwise."""
    try:
        return _BY_NAME[name]
    except KeyError:
        raise ValueError(f"unknown format {name!r}; use one of {', '.join(_BY_NAME)}") from None


def for_use(use: str) -> tuple[Format, ...]:
    """The formats written for ``use`` (one of :data:`USES`), in registry order."""
    if use not in USES:
        raise ValueError(f"unknown use {use!r}; one of {', '.join(USES)}")
    return tuple(f for f in FORMATS if use in f.uses)


def names(use: str) -> tuple[str, ...]:
    """The names of :func:`for_use`: ``names("web") == ("svg", "png")``."""
    return tuple(f.name for f in for_use(use))


def from_filename(filename: str, use: str) -> Optional[Format]:
    """The format of ``use`` that ``filename``'s extension names (case-insensitive), or None."""
    lowered = filename.lower()
    matches = [(len(ext), f) for f in for_use(use) for ext in f.extensions
               if lowered.endswith(ext)]
    return max(matches, key=lambda m: m[0])[1] if matches else None


def extensions(use: str, product: Optional[str] = None) -> tuple[str, ...]:
    """The ``-o`` extensions of ``use`` (only those of ``product`` when given), no repeats."""
    return tuple(dict.fromkeys(ext for f in for_use(use) for ext in f.extensions
                               if product in (None, f.product)))


def extensions_text(use: str, product: Optional[str] = None) -> str:
    """``.svg, .png, .pdf or .dot``: :func:`extensions` for help texts."""
    exts = extensions(use, product)
    return ", ".join(exts[:-1]) + f" or {exts[-1]}" if len(exts) > 1 else exts[0]


def parse_list(text: str, use: str = "build") -> tuple[str, ...]:
    """``"svg,png"`` -> ``("svg", "png")`` in the order given, without repeats; ValueError
    naming the formats of ``use`` when one is unknown (a leading dot is fine: ``.png``)."""
    known = names(use)
    formats: list[str] = []
    for part in text.replace(" ", ",").split(","):
        fmt = part.strip().lower().lstrip(".")
        if not fmt:
            continue
        if fmt not in known:
            raise ValueError(f"unknown format {part.strip()!r}; use one or more of "
                             f"{', '.join(known)}, separated by commas")
        if fmt not in formats:
            formats.append(fmt)
    if not formats:
        raise ValueError(f"no format given; use one or more of {', '.join(known)}")
    return tuple(formats)


def report_links() -> dict[str, str]:
    """``{"html": "html", "pdf": "report.pdf"}``: a docs ``report`` option's value (the
    report file's extension) -> the format drawn."""
    return {f.extension.lstrip("."): f.name for f in for_use("report-link")}
