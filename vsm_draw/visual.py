"""Right-to-left and Arabic text put in the order and forms it is drawn in, for WeasyPrint.

WeasyPrint (70) draws an SVG ``<text>`` one character at a time, left to right, each laid
out on its own: no bidi reordering and no Arabic shaping. Hebrew came out reversed and
Arabic reversed with its letters unjoined in every picture of a PDF report. Browsers,
Graphviz's PNG and PDF (Pango) draw the same text right. For the pictures WeasyPrint draws,
:func:`visual_svg_text` rewrites each text run that holds right-to-left letters into visual
order (a plain-text Unicode bidirectional algorithm, UAX #9 without explicit embeddings)
with Arabic letters in their joined presentation forms (initial, medial, final, isolated and
the lam-alef ligatures), all from :mod:`unicodedata`: no new dependency, the same bytes every
run. The text stays text (selectable; a copy gives it in visual order). Runs with no
right-to-left letter are not touched, so other maps print exactly as before.
"""

from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache

__all__ = ["needs_visual", "to_visual", "shape_arabic", "visual_svg_text"]

_RTL = {"R", "AL"}
_NEUTRAL = {"B", "S", "WS", "ON", "BN", "LRE", "RLE", "LRO", "RLO", "PDF",
            "LRI", "RLI", "FSI", "PDI"}
_MIRROR = dict(zip("()[]{}<>«»‹›", ")(][}{><»«›‹"))
_FORMS = ("isolated", "final", "initial", "medial")
_TATWEEL, _ZWJ = "\u0640", "\u200d"


def needs_visual(text: str) -> bool:
    """True when ``text`` holds a right-to-left letter (Hebrew, Arabic, ...)."""
    return any(unicodedata.bidirectional(c) in _RTL for c in text)


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, dict[str, str]], dict[str, dict[str, str]]]:
    """Presentation forms by letter, and the lam-alef ligatures (the only obligatory ones)
    by alef, from the decompositions of the Arabic Presentation Forms blocks."""
    forms: dict[str, dict[str, str]] = {}
    lam_alef: dict[str, dict[str, str]] = {}
    for block in (range(0xFE70, 0xFF00), range(0xFB50, 0xFE00)):
        for code in block:
            char = chr(code)
            parts = unicodedata.decomposition(char).split()
            if len(parts) < 2 or parts[0][1:-1] not in _FORMS:
                continue
            form, bases = parts[0][1:-1], [chr(int(p, 16)) for p in parts[1:]]
            if len(bases) == 1:
                forms.setdefault(bases[0], {}).setdefault(form, char)
            elif len(bases) == 2 and bases[0] == "\u0644" and 0xFEF5 <= code <= 0xFEFC:
                lam_alef.setdefault(bases[1], {}).setdefault(form, char)
    return forms, lam_alef


def _joining(char: str, forms: dict[str, dict[str, str]]) -> str:
    """'D' (joins both sides), 'R' (joins the letter before only), 'T' (transparent) or 'U'."""
    if char in (_TATWEEL, _ZWJ):
        return "D"
    if unicodedata.category(char) in ("Mn", "Me", "Cf") and char != "\u200c":
        return "T"
    own = forms.get(char)
    if not own:
        return "U"
    if "initial" in own or "medial" in own:
        return "D"
    if "final" in own:
        return "R"
    # Only an isolated form: hamza (U+0621) joins neither side (Joining_Type U in Unicode's
    # ArabicShaping.txt); a letter written as another with a mark joins as that one does
    # (U+0677 U WITH HAMZA ABOVE, <compat> U+06C7 U+0674: R).
    parts = [p for p in unicodedata.decomposition(char).split() if not p.startswith("<")]
    base = chr(int(parts[0], 16)) if parts else char
    return _joining(base, forms) if base != char else "U"


def shape_arabic(text: str) -> str:
    """``text`` (logical order) with each Arabic letter in the form its neighbours join it in."""
    forms, lam_alef = _tables()
    kinds = [_joining(c, forms) for c in text]
    out: list[str] = []
    i = 0
    while i < len(text):
        char = text[i]
        if kinds[i] in ("T", "U") or char in (_TATWEEL, _ZWJ):
            out.append(char)
            i += 1
            continue
        before = next((kinds[j] for j in range(i - 1, -1, -1) if kinds[j] != "T"), "U")
        after_at = next((j for j in range(i + 1, len(text)) if kinds[j] != "T"), None)
        joins_before = before == "D"
        if char == "\u0644" and after_at is not None and text[after_at] in lam_alef \
                and all(kinds[j] == "T" for j in range(i + 1, after_at)):
            ligature = lam_alef[text[after_at]]
            out.append(ligature["final" if joins_before and "final" in ligature else "isolated"])
            out.extend(text[i + 1:after_at])
            i = after_at + 1
            continue
        joins_after = kinds[i] == "D" and after_at is not None and kinds[after_at] in ("D", "R")
        own = forms[char]
        if joins_before and joins_after and "medial" in own:
            form = "medial"
        elif joins_after and "initial" in own:
            form = "initial"
        elif joins_before and "final" in own:
            form = "final"
        else:
            form = "isolated"
        out.append(own.get(form, char))
        i += 1
    return "".join(out)


def _levels(text: str) -> tuple[int, list[int]]:
    """The paragraph level and the embedding level of each character (UAX #9 W1-I2, L1)."""
    raw = [unicodedata.bidirectional(c) or "L" for c in text]
    strong = next((t for t in raw if t in ("L", "R", "AL")), "L")
    base = 0 if strong == "L" else 1
    sos = "L" if base == 0 else "R"
    types: list[str] = []
    for t in raw:  # W1: a mark takes the type of what it follows
        types.append((types[-1] if types else sos) if t == "NSM" else t)
    last = sos
    for k, t in enumerate(types):  # W2, W3
        if t in ("L", "R", "AL"):
            last = t
        if t == "EN" and last == "AL":
            types[k] = "AN"
        if t == "AL":
            types[k] = "R"
    for k in range(1, len(types) - 1):  # W4
        if types[k] == "ES" and types[k - 1] == types[k + 1] == "EN":
            types[k] = "EN"
        elif types[k] == "CS" and types[k - 1] == types[k + 1] and types[k - 1] in ("EN", "AN"):
            types[k] = types[k - 1]
    for k, t in enumerate(types):  # W5: terminators next to European numbers
        if t == "ET":
            j = k
            while j < len(types) and types[j] == "ET":
                j += 1
            near = (j < len(types) and types[j] == "EN") or (k and types[k - 1] == "EN")
            if near:
                for m in range(k, j):
                    types[m] = "EN"
    types = ["ON" if t in ("ES", "ET", "CS") else t for t in types]  # W6
    last = sos
    for k, t in enumerate(types):  # W7
        if t in ("L", "R"):
            last = t
        elif t == "EN" and last == "L":
            types[k] = "L"
    k = 0
    while k < len(types):  # N1, N2
        if types[k] not in _NEUTRAL:
            k += 1
            continue
        j = k
        while j < len(types) and types[j] in _NEUTRAL:
            j += 1
        side = lambda t: "L" if t == "L" else "R"  # noqa: E731 (numbers count as R)
        left = side(types[k - 1]) if k else sos
        right = side(types[j]) if j < len(types) else sos
        fill = left if left == right else ("L" if base == 0 else "R")
        for m in range(k, j):
            types[m] = fill
        k = j
    levels = []
    for t in types:  # I1, I2
        if base == 0:
            levels.append(1 if t == "R" else 2 if t in ("EN", "AN") else 0)
        else:
            levels.append(2 if t in ("L", "EN", "AN") else 1)
    k = len(text)
    while k and raw[k - 1] in ("WS", "S", "BN"):  # L1: trailing white space
        k -= 1
        levels[k] = base
    return base, levels


def to_visual(text: str) -> str:
    """``text`` shaped and put in the left-to-right order it is to be drawn in."""
    if not needs_visual(text):
        return text
    chars = list(shape_arabic(text))
    # Shaping drops the lam of a lam-alef: levels come from the shaped text (same classes).
    base, levels = _levels("".join(chars))
    chars = [_MIRROR.get(c, c) if level % 2 else c for c, level in zip(chars, levels)]
    order = list(range(len(chars)))
    lowest_odd = min((lv for lv in levels if lv % 2), default=None)
    if lowest_odd is not None:
        for level in range(max(levels), lowest_odd - 1, -1):  # L2
            k = 0
            while k < len(order):
                if levels[order[k]] >= level:
                    j = k
                    while j < len(order) and levels[order[j]] >= level:
                        j += 1
                    order[k:j] = order[k:j][::-1]
                    k = j
                else:
                    k += 1
    return "".join(chars[k] for k in order)


#: The text after a ``<text>``/``<tspan>`` opening, or after a ``</tspan>`` (the name after a
#: chart key's bold number: ``<text><tspan>2</tspan> NAME</text>``).
_RUN = re.compile(r"(<(?:text|tspan)\b[^>]*>|</tspan>)([^<]+)")
_OBLIQUE = re.compile(r'(\sfont-style=)"(?:italic|oblique)"')


def visual_svg_text(markup: str) -> str:
    """``markup`` (HTML or SVG) with the text of each SVG ``<text>``/``<tspan>`` that holds
    right-to-left letters in visual order and shaped; everything else unchanged."""
    def run(match: re.Match) -> str:
        content = html.unescape(match.group(2))
        if not needs_visual(content):
            return match.group(0)
        opening = match.group(1)
        if shape_arabic(content) != content:
            # No oblique DejaVu Sans has Arabic: asked for one, WeasyPrint draws those letters
            # from whatever fallback font has them (garbled on our machines); Graphviz's own
            # PNG and PDF draw them upright from DejaVu Sans, as the picture here does now.
            opening = _OBLIQUE.sub(r'\1"normal"', opening)
        # White space around a run stays where it is: it parts the run from the runs beside
        # it, which stand left to right in the picture (`2` and the name of a key).
        core = content.strip(" ")
        lead = content[:len(content) - len(content.lstrip(" "))]
        trail = content[len(content.rstrip(" ")):]
        return opening + html.escape(lead + to_visual(core) + trail, quote=False)

    return _RUN.sub(run, markup)
