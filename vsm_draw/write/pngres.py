"""A PNG that says its resolution (a ``pHYs`` chunk), so print lays it out at the drawing's size.

Graphviz's cairo writes no resolution: TeX then takes a pixel for a point (XeTeX) or for
Sphinx's CSS pixel (pdfTeX), and a map drawn at 192 dpi prints 2.7 or 2 times its size.
"""
from __future__ import annotations

import struct
import zlib

__all__ = ["with_resolution"]

_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_METRE = 0.0254  # inches a metre: pHYs counts pixels a metre


def with_resolution(png: bytes, dpi: float) -> bytes:
    """``png`` with one ``pHYs`` chunk of ``dpi`` right after its header (one it had is
    replaced); any other bytes are returned as they are."""
    if not png.startswith(_SIGNATURE) or png[12:16] != b"IHDR":
        return png
    header_end = 8 + 8 + struct.unpack(">I", png[8:12])[0] + 4
    chunks, at = [], header_end
    while at + 8 <= len(png):  # every chunk after the header, less an old pHYs
        length, kind = struct.unpack(">I4s", png[at:at + 8])
        end = at + 12 + length
        if kind != b"pHYs":
            chunks.append(png[at:end])
        at = end
    per_metre = round(dpi / _METRE)
    body = b"pHYs" + struct.pack(">IIB", per_metre, per_metre, 1)  # 1: the unit is the metre
    phys = struct.pack(">I", 9) + body + struct.pack(">I", zlib.crc32(body))
    return png[:header_end] + phys + b"".join(chunks)
