"""Where a map too wide for the line goes in Sphinx's LaTeX: the landscape pages around it.

A map prints at least at 7 pt when its smallest text (8 pt) shrinks by no more than 7/8;
wider than 8/7 of the line, it goes on landscape pages (pdflscape), where the line is the
page's height. TeX decides, as only TeX knows the line. The LaTeX writer of
:mod:`vsm_draw.sphinx` asks :func:`landscape_pages` for the text that opens such pages and
the text that closes them, and where the opening goes in its body.
"""
from __future__ import annotations

import dataclasses
import math
import re
from typing import Optional, Sequence

from docutils import nodes

__all__ = ["CAPTION_KEPT", "LeadIn", "Landscape", "landscape_pages", "lead_in"]

#: In place: ``\vsmdrawwide`` keeps TeX's decision for the end, where ``\linewidth`` is
#: the landscape one; a row's height is kept within the landscape page's (Sphinx's limit
#: being the portrait page's).
_HERE_BEGIN = ("\n\\ifdim {width}bp>1.143\\linewidth\\def\\vsmdrawwide{{1}}\\begin{{landscape}}"
               "\\csname spx@image@maxheight\\endcsname=\\textheight"
               "\\else\\def\\vsmdrawwide{{0}}\\fi\n")
_HERE_END = "\n\\if1\\vsmdrawwide\\end{landscape}\\fi\n"

#: After the page: the map (rows and caption) is kept in ``\vsmdrawmap`` and printed on
#: landscape pages after the page it stands on (``\afterpage``, from LaTeX's tools, in
#: every TeX that builds Sphinx's LaTeX), or where it stands when it fits the line.
_LATER_BEGIN = "\n\\long\\def\\vsmdrawmap{"
_LATER_END = ("}}\\long\\def\\vsmdrawlater#1{{\\afterpage{{\\begin{{landscape}}"
              "\\csname spx@image@maxheight\\endcsname=\\textheight#1\\end{{landscape}}}}}}"
              "\n\\ifdim {width}bp>1.143\\linewidth\\expandafter\\vsmdrawlater\\expandafter"
              "{{\\vsmdrawmap}}\\else\\vsmdrawmap\\fi\n")

#: The last row of a map with a caption leaves room for it on the page (4 lines) and no
#: page break before it: a landscape row as tall as the page (A4) had pushed the caption
#: onto a landscape page of its own. (``\@endparpenalty``: where the row's centred block
#: ends, LaTeX's invitation to break.)
CAPTION_KEPT = ("\\csname spx@image@maxheight\\endcsname=\\dimexpr"
                "\\csname spx@image@maxheight\\endcsname-4\\baselineskip\\relax"
                "\\csname @endparpenalty\\endcsname=10000 ")

#: The first row of a map that takes its headings (3 lines each) or the sentence leading
#: into it onto its landscape page leaves room for them: a row as tall as the page pushed
#: off it, they stayed alone.
_LEAD_IN_KEPT = ("\\csname spx@image@maxheight\\endcsname=\\dimexpr"
                 "\\csname spx@image@maxheight\\endcsname-{lines}\\baselineskip\\relax ")
#: The longest paragraph that goes with the map it leads into ("The map, from a file:").
LEAD_IN_CHARS = 300
#: Characters of a lead-in sentence in a line of a landscape page, about.
_LINE_CHARS = 100

#: How Sphinx's LaTeX writer opens a heading, one item of its body (``\section{``).
_HEADING = re.compile(r"\\(part|chapter|section|subsection|subsubsection|paragraph|"
                      r"subparagraph)(\[.*\])?\{\Z", re.S)
#: ... and a paragraph (after a line break, another item).
_PARAGRAPH = "\\sphinxAtStartPar\n"
#: What a heading's or a sentence's own text never holds: a paragraph, an environment,
#: a picture.
_NOT_A_LEAD_IN = ("\\sphinxAtStartPar", "\\begin{", "\\sphinxincludegraphics", "\\item")


@dataclasses.dataclass(frozen=True)
class LeadIn:
    """What stands right above a map, with nothing between, and goes with it onto its
    landscape page: ``headings`` headings, then a sentence of ``sentence`` characters
    that leads into the map (0: none)."""

    headings: int
    sentence: int


@dataclasses.dataclass(frozen=True)
class Landscape:
    """The LaTeX that opens a map's landscape pages (``begin``, to insert in the body at
    ``at``), the text before its first row (``first_row``) and the LaTeX that closes
    them (``end``, after its rows, or its caption)."""

    at: int
    begin: str
    first_row: str
    end: str


def landscape_pages(width: float, body: Sequence[str], at: int, lead: LeadIn) -> Landscape:
    """The landscape pages of a map ``width`` points wide at its natural size, whose LaTeX
    begins at ``at`` in ``body`` (the writer's so far), under ``lead`` (:func:`lead_in`).

    A map turns the page where it stands; what leads into it goes with it onto its first
    landscape page: its section's headings (a new page under them left them alone at the
    foot of the page before; shrunk into the portrait line instead, a French branched map
    printed at 4.9 pt), and the sentence that introduces it (left behind, "A figure with
    everything:" filled a page alone). Where the headings open a chapter, which begins a
    page of its own, or cannot be found in ``body``, the map goes on landscape pages after
    the page (the chapter's text follows its heading)."""
    size = f"{width:g}"
    here = _HERE_BEGIN.format(width=size)
    start, lines = at, 0
    if lead.sentence:
        start = _paragraph_item(body, at)
        if start is None:
            return Landscape(at, here, "", _HERE_END)
        lines = math.ceil(lead.sentence / _LINE_CHARS) + 1
    if lead.headings:
        found = _heading_items(body, start, lead.headings)
        if not found or any(body[i].startswith(("\\part", "\\chapter")) for i in found):
            return Landscape(at, _LATER_BEGIN, "", _LATER_END.format(width=size))
        start, lines = found[-1], lines + 3 * len(found)
    return Landscape(start, here, _LEAD_IN_KEPT.format(lines=lines) if lines else "",
                     _HERE_END)


def _paragraph_item(body: Sequence[str], end: int) -> Optional[int]:
    """Where in ``body`` the paragraph that ends at ``end`` opens; None when it holds
    more than a sentence's text."""
    for at in range(end - 1, -1, -1):
        if body[at] == _PARAGRAPH:
            clean = not any(word in item for item in body[at + 1:end] for word in _NOT_A_LEAD_IN)
            return at if clean else None
    return None


def _heading_items(body: Sequence[str], end: int, headings: int) -> list[int]:
    """Where in ``body`` the last ``headings`` headings before ``end`` open, last first;
    fewer when the document's title (which Sphinx leaves to the title page) is one of
    them; none when something other than headings stands between them and ``end``."""
    found: list[int] = []
    for at in range(end - 1, -1, -1):
        if _HEADING.match(body[at]):
            found.append(at)
            if len(found) == headings:
                break
    if found and any(word in item for item in body[found[-1]:end] for word in _NOT_A_LEAD_IN):
        return []
    return found


def lead_in(node: nodes.Element) -> LeadIn:
    """What leads into ``node`` (a map, or its figure): a short paragraph right before it
    ("The map, from a file:"; a section's one sentence, which left alone under its
    heading filled a page), and the headings right above that, or above ``node``."""
    parent = node.parent
    index = parent.index(node)
    before = parent[index - 1] if index else None
    if isinstance(before, nodes.paragraph):
        text = before.astext().rstrip()
        if len(text) <= LEAD_IN_CHARS:
            return LeadIn(_headings_above(before), len(text))
    return LeadIn(_headings_above(node), 0)


def _headings_above(node: nodes.Element) -> int:
    """How many headings stand right above ``node`` with nothing between: its section's
    when it comes right after its title, and each enclosing section's that its section
    opens the same way."""
    count, child, section = 0, node, node.parent
    while isinstance(section, nodes.section) and len(section) > 1 and section[1] is child \
            and isinstance(section[0], nodes.title):
        count, child, section = count + 1, section, section.parent
    return count
