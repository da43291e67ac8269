"""The fonts vsm-draw draws with (DejaVu Sans, see LICENSE) and their fontconfig file."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Iterator

__all__ = ["FONTS_DIR", "fontconfig_file"]

#: This directory: DejaVu Sans regular and bold, and the fontconfig template.
FONTS_DIR = Path(__file__).resolve().parent

_TEMPLATE = FONTS_DIR / "fonts.conf"


def fontconfig_file() -> Path:
    """The fontconfig file Graphviz uses, naming this directory by its absolute path.

    The fontconfig bundled with pygraphviz (2.13.1) reads ``<dir prefix="relative">``
    as relative to the working directory, scanning it and leaving a ``.uuid`` file
    there; so the file is written once, with the absolute path, to the user's cache,
    under a name of its own for each fonts folder: two installs on one machine (two
    virtual environments) rewrote one ``fonts.conf`` for each other at every run.
    """
    import zlib  # (loaded already: hashlib would load OpenSSL, 3 ms at every render)

    # XML-escaped by hand: xml.sax.saxutils would import urllib (15 ms at every start).
    folder = str(FONTS_DIR).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = "".join(line for line in _TEMPLATE.read_text(encoding="utf-8").splitlines(True)
                   if _here(line)).replace("@FONTS_DIR@", folder)
    name = f"fonts-{zlib.crc32(os.fsencode(FONTS_DIR)):08x}.conf"
    for base in _cache_dirs():
        path = base / name
        try:
            if path.is_file() and path.read_text(encoding="utf-8") == text:
                return path
            from ..output import write_atomic

            write_atomic(path, text.encode("utf-8"))
            return path
        except OSError:
            continue
    raise OSError("no writable cache folder for vsm-draw's fontconfig file; set XDG_CACHE_HOME")


def _here(line: str) -> bool:
    """Whether a line of the template is for this system: not a ``<dir>`` of another's
    (``C:\\Windows\\Fonts`` is a relative path elsewhere: fontconfig would look for it in
    the working folder, and a newer fontconfig warns of an ambiguous path)."""
    start, end = line.find("<dir>"), line.find("</dir>")
    if start < 0 or end < 0:
        return True
    folder = line[start + len("<dir>"):end]
    return folder == "@FONTS_DIR@" or os.path.isabs(folder)


def _cache_dirs() -> Iterator[Path]:
    xdg = os.environ.get("XDG_CACHE_HOME")
    yield (Path(xdg) if xdg else Path.home() / ".cache") / "vsm-draw"
    import tempfile  # only reached when the user's cache folder is not writable

    shared = Path(tempfile.gettempdir()) / f"vsm-draw-{os.getuid()}"
    # A shared temp folder could be made first by another user: use it only if it is ours
    # and private, since Graphviz reads the fontconfig file we keep there.
    try:
        shared.mkdir(mode=0o700, exist_ok=True)
        info = shared.lstat()
    except OSError:
        return
    if info.st_uid == os.getuid() and not info.st_mode & 0o077 and shared.is_dir() \
            and not shared.is_symlink():
        yield shared
