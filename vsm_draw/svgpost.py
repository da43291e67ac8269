"""Graphviz SVG made self-contained and accessible: no DOCTYPE, comments or stray titles.

The output gets one ``<title>`` and one ``<desc>`` (for screen readers), keeps the
stable ids of the DOT, and names fonts with fallbacks of similar widths.
"""
from __future__ import annotations

import re

__all__ = ["clean_svg"]

_FONTS = "DejaVu Sans,Bitstream Vera Sans,Verdana,sans-serif"


def escape(text: str) -> str:
    """``text`` as XML character data."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def clean_svg(svg: bytes, *, title: str, desc: str) -> bytes:
    """``svg`` from Graphviz with its DOCTYPE, comments and per-shape titles removed.

    The map's ``title`` and ``desc`` become the first children of ``<svg>``.
    """
    text = svg.decode("utf-8")
    text = re.sub(r"<!DOCTYPE[^>]*>\s*", "", text)
    text = re.sub(r"<!--.*?-->\s*", "", text, flags=re.DOTALL)
    text = re.sub(r"<title>.*?</title>\s*", "", text, flags=re.DOTALL)
    text = text.replace(' xmlns:xlink="http://www.w3.org/1999/xlink"', "")
    text = text.replace('font-family="DejaVu Sans"', f'font-family="{_FONTS}"')
    head = (
        f'<title id="vsm-title">{escape(title)}</title>\n'
        f'<desc id="vsm-desc">{escape(desc)}</desc>\n'
    )
    text, n = re.subn(
        r"(<svg\b[^>]*?)>\s*",
        lambda mo: f'{mo.group(1)} role="img" aria-labelledby="vsm-title vsm-desc">\n{head}',
        text,
        count=1,
    )
    if n != 1:
        raise ValueError("Graphviz returned no <svg> element")
    return text.encode("utf-8")
