"""Graphviz SVG made self-contained and accessible: no DOCTYPE, comments or stray titles.

The output gets one ``<title>`` and one ``<desc>`` (for screen readers), keeps the
stable ids of the DOT, and names fonts with fallbacks of similar widths.
:func:`follow_scheme` makes such an SVG follow the reader's light or dark setting.
"""
from __future__ import annotations

import re
from dataclasses import fields
from typing import TYPE_CHECKING, Optional

if TYPE_CHECKING:
    from .themes import Theme

__all__ = ["clean_svg", "colour_roles", "dark_css", "follow_scheme", "DARK", "SCREEN_DARK"]

_FONTS = "DejaVu Sans,Bitstream Vera Sans,Verdana,sans-serif"


def escape(text: str) -> str:
    """``text`` as XML character data."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


#: What Graphviz writes that the picture does without: the DOCTYPE, the comments (one a
#: shape) and each shape's <title>, with the line breaks after them. One pass; Graphviz
#: escapes the text of comments and titles, so none holds the start of another. Each
#: ``.*?`` comes second to a pattern that gives the same match when the run holds no
#: ``>`` (``<``): a regular expression steps through ``.*?`` a byte at a time.
_DROPPED = (rb"<!DOCTYPE[^>]*>\s*|<!--[^>]*-->\s*|<!--.*?-->\s*"
            rb"|<title>[^<]*</title>\s*|<title>.*?</title>\s*")


def clean_svg(svg: bytes, *, title: str, desc: str, width: Optional[float] = None) -> bytes:
    """``svg`` from Graphviz with its DOCTYPE, comments and per-shape titles removed.

    The map's ``title`` and ``desc`` become the first children of ``<svg>``. With
    ``width`` (CSS pixels) the picture's size says so, its height in proportion.
    """
    if width is not None:
        size = re.search(rb'<svg width="([\d.]+)pt" height="([\d.]+)pt"', svg)
        if size:
            w, h = float(size[1]), float(size[2])
            svg = svg.replace(size[0], f'<svg width="{width:.0f}px" height="{h * width / w:.0f}px"'.encode(), 1)
    svg = re.sub(_DROPPED, b"", svg, flags=re.DOTALL)
    svg = svg.replace(b' xmlns:xlink="http://www.w3.org/1999/xlink"', b"")
    svg = svg.replace(b'font-family="DejaVu Sans"', f'font-family="{_FONTS}"'.encode())
    head = (
        f'<title id="vsm-title">{escape(title)}</title>\n'
        f'<desc id="vsm-desc">{escape(desc)}</desc>\n'
    ).encode("utf-8")
    start, end = _svg_tag(svg)
    if start < 0:
        raise ValueError("Graphviz returned no <svg> element")
    after = end + 1  # the '>', then the white space after it
    while svg[after:after + 1] in _SPACE:
        after += 1
    return svg[:end] + b' role="img" aria-labelledby="vsm-title vsm-desc">\n' + head + svg[after:]


_WORD = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")
#: What \s matches in a bytes pattern ('' ends the string: nothing more to skip).
_SPACE = (b" ", b"\t", b"\n", b"\r", b"\f", b"\v")


def _svg_tag(svg: bytes) -> tuple[int, int]:
    """Where the first ``<svg`` start tag begins and its ``>`` is: what ``<svg\\b[^>]*?>``
    finds (a regular expression costs half a million instructions to compile), or -1, -1."""
    start = svg.find(b"<svg")
    while start >= 0 and start + 4 < len(svg) and svg[start + 4] in _WORD:
        start = svg.find(b"<svg", start + 4)
    end = svg.find(b">", start) if start >= 0 else -1
    return (start, end) if end >= 0 else (-1, -1)


# Compiled when first used (re's cache): only --theme auto needs them.
_HEX = r"^#[0-9a-f]{6}$"
_PAINT = r'\b(fill|stroke)="(#[0-9A-Fa-f]{6})"'


def colour_roles(light: "Theme", dark: "Theme") -> dict[str, tuple[str, str]]:
    """Each colour of ``light`` -> (its CSS name, ``--vsm-`` and the first field that
    uses it; its colour in ``dark``). ValueError when ``dark`` gives one light colour two
    dark ones: a drawing could then not tell which to swap in."""
    roles: dict[str, tuple[str, str]] = {}
    for f in fields(light):
        value, night = getattr(light, f.name), getattr(dark, f.name)
        if not (isinstance(value, str) and re.match(_HEX, value.lower())):
            continue  # the name, or anything else that is not a colour
        value, night = value.lower(), night.lower()
        name, known = roles.setdefault(value, ("--vsm-" + f.name.replace("_", "-"), night))
        if known != night:
            raise ValueError(f"theme {dark.name!r} gives {f.name} {night} but {name[6:]} "
                             f"{known}, both {value} in {light.name!r}; give them one colour")
    return roles


#: The media query an ``auto`` picture takes its dark colours under: a standalone SVG's
#: (:data:`DARK`), or on a web page that prints light whatever the screen (:data:`SCREEN_DARK`).
DARK, SCREEN_DARK = "(prefers-color-scheme: dark)", "screen and (prefers-color-scheme: dark)"


def dark_css(selector: str, colours: "dict[str, str]", ink: str) -> str:
    """CSS that repaints the pictures ``selector`` picks on a dark screen (:data:`SCREEN_DARK`):
    each ``fill`` and ``stroke`` of a colour of ``colours`` (in any case) takes its dark
    counterpart; what has no fill of its own (text) takes ``ink``. For pictures drawn with a
    fixed palette (the report's charts), beside a page that turns dark."""
    rules = [f"{selector}:not([fill]){{fill:{ink}}}"]
    for light, dark in colours.items():
        for attr in ("fill", "stroke"):
            rules.append(f'{selector}[{attr}="{light}" i],{selector} [{attr}="{light}" i]'
                         f"{{{attr}:{dark}}}")
    return f"@media {SCREEN_DARK}{{\n" + "\n".join(rules) + "\n}\n"


def follow_scheme(svg: bytes, light: "Theme", dark: "Theme", media: str = DARK) -> bytes:
    """``svg``, drawn in ``light``, restyled to take ``dark``'s colours when the reader's
    screen prefers a dark scheme (``@media (prefers-color-scheme: dark)``, or ``media``).

    Every ``fill``/``stroke`` stays as drawn, so a viewer without CSS shows the light
    picture; one ``<style>`` names each colour as a custom property (``--vsm-ink``...)
    and repaints the elements that carry it. Still one self-contained file, and the same
    bytes for the same input. Colours that are not ``light``'s are left alone.
    """
    roles = colour_roles(light, dark)
    text = re.sub(_PAINT, lambda mo: f'{mo[1]}="{mo[2].lower()}"', svg.decode("utf-8"))
    used = set(re.findall(_PAINT, text))
    day = "".join(f"{name}:{colour};" for colour, (name, _) in roles.items())
    night = "".join(f"{name}:{colour};" for name, colour in roles.values())
    rules = "".join(f'.vsm-auto [{attr}="{colour}"]{{{attr}:var({name})}}'
                    for colour, (name, _) in roles.items()
                    for attr in ("fill", "stroke") if (attr, colour) in used)
    style = (f"<style>.vsm-auto{{{day}}}"
             f"@media {media}{{.vsm-auto{{{night}}}}}{rules}</style>\n")
    text, n = re.subn(r'(<svg\b[^>]*?)>(\s*(?:<title\b.*?</title>\s*)?(?:<desc\b.*?</desc>\s*)?)',
                      lambda mo: f'{mo[1]} class="vsm-auto">{mo[2]}{style}', text, count=1,
                      flags=re.DOTALL)
    if n != 1:
        raise ValueError("not an SVG document")
    return text.encode("utf-8")
