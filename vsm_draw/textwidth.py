"""Text width estimates for DejaVu Sans, and word wrapping to a width in points.

Graphviz measures text when it draws; the diagram is laid out before that, so it
estimates widths from the font's advance widths (ASCII; other characters by their
base letter or their East Asian width) with a safety margin, never too narrow.
"""
from __future__ import annotations

import unicodedata
from functools import lru_cache, reduce
from operator import add
from typing import Callable

__all__ = ["text_width", "line_height", "wrap", "hyphenates", "syllable_break"]

# Advance widths of DejaVu Sans and DejaVu Sans Bold (units per em: 2048) for the
# printable ASCII characters 32..126, read from the bundled fonts' hmtx tables.
_REGULAR = (
    651, 821, 942, 1716, 1303, 1946, 1597, 563, 799, 799, 1024, 1716, 651, 739, 651, 690,
    1303, 1303, 1303, 1303, 1303, 1303, 1303, 1303, 1303, 1303, 690, 690, 1716, 1716, 1716,
    1087, 2048, 1401, 1405, 1430, 1577, 1294, 1178, 1587, 1540, 604, 604, 1343, 1141, 1767,
    1532, 1612, 1235, 1612, 1423, 1300, 1251, 1499, 1401, 2025, 1403, 1251, 1403, 799, 690,
    799, 1716, 1024, 1024, 1255, 1300, 1126, 1300, 1260, 721, 1300, 1298, 569, 569, 1186,
    569, 1995, 1298, 1253, 1300, 1300, 842, 1067, 803, 1298, 1212, 1675, 1212, 1212, 1075,
    1303, 690, 1303, 1716,
)
_BOLD = (
    713, 934, 1067, 1716, 1425, 2052, 1786, 627, 936, 936, 1071, 1716, 778, 850, 778, 748,
    1425, 1425, 1425, 1425, 1425, 1425, 1425, 1425, 1425, 1425, 819, 819, 1716, 1716, 1716,
    1188, 2048, 1585, 1561, 1503, 1700, 1399, 1399, 1681, 1714, 762, 762, 1587, 1305, 2038,
    1714, 1741, 1501, 1741, 1577, 1475, 1397, 1663, 1585, 2259, 1579, 1483, 1485, 936, 748,
    936, 1716, 1024, 1024, 1382, 1466, 1214, 1466, 1389, 891, 1466, 1458, 702, 702, 1362,
    702, 2134, 1458, 1407, 1466, 1466, 1010, 1219, 979, 1458, 1335, 1892, 1321, 1335, 1192,
    1458, 748, 1458, 1716,
)
_UPM = 2048.0
# Graphviz hints glyph advances to whole pixels: allow for it.
_MARGIN = 1.10
_PAD = 2.0


@lru_cache(maxsize=4096)
def _advance(char: str, bold: bool) -> float:
    """One character's advance in ems (an upper estimate outside ASCII)."""
    table = _BOLD if bold else _REGULAR
    code = ord(char)
    if 32 <= code <= 126:
        return table[code - 32] / _UPM
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0.0
    if unicodedata.east_asian_width(char) in ("W", "F"):
        # CJK, kana, hangul and most emoji: about one em in a font that has them, wider
        # when none does and pango draws a hex box instead.
        return 1.35
    base = unicodedata.normalize("NFD", char)[0]
    if base != char and 32 <= ord(base) <= 126:
        return table[ord(base) - 32] / _UPM
    return 0.75 if not bold else 0.82


class _Advances(dict):
    """Each character's advance in ems (:func:`_advance`), as a mapping: the ASCII ones
    held, so that summing a text's advances runs in C (``map``), not a Python loop."""

    def __init__(self, bold: bool):
        # the ASCII ones as _advance gives them, straight from the table
        super().__init__(zip(map(chr, range(32, 127)), [w / _UPM for w in (_BOLD if bold else _REGULAR)]))
        self.bold = bold

    def __missing__(self, char: str) -> float:
        return _advance(char, self.bold)


#: Regular and bold (``_ADVANCES[bold]``).
_ADVANCES = (_Advances(False), _Advances(True))


def _ems(start: float, word: str, bold: bool) -> float:
    """``start`` plus the advance of each character of ``word``, added in text order."""
    return reduce(add, map(_ADVANCES[bold].__getitem__, word), start)


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Estimated width in points of one line of ``text`` at ``size`` points (never too small)."""
    if not text:
        return 0.0
    return sum(map(_ADVANCES[bold].__getitem__, text)) * size * _MARGIN + _PAD


def line_height(size: float) -> float:
    """Height in points of one line of text at ``size`` points (Graphviz with pango)."""
    return size * 1.2


def wrap(text: str, width: float, size: float, bold: bool = False, max_lines: int = 0) -> list[str]:
    """``text`` broken into lines no wider than ``width`` points; long words are split.

    Existing line breaks are kept. With ``max_lines``, the last kept line ends in '…'.
    Linear in the length of ``text``: widths are summed as the line grows, never measured
    again from the start (a 100,000-character title wraps in milliseconds).
    """
    def fits(ems: float) -> bool:  # the sum of advances of a non-empty line, as text_width
        return ems * size * _MARGIN + _PAD <= width

    space = _advance(" ", bold)
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        current, current_ems = "", 0.0
        for word in paragraph.split():
            if current:
                # text_width's float up to Python 3.11; from 3.12 sum() compensates its
                # float additions and this running sum does not: they may differ in the
                # last bits
                ems = _ems(current_ems + space, word, bold)
                if fits(ems):
                    current, current_ems = f"{current} {word}", ems
                    continue
                lines.append(current)
            current, current_ems = _split_word(word, fits, bold, lines)
        lines.append(current)
    while len(lines) > 1 and not lines[-1]:
        lines.pop()
    if max_lines and len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1]
        while last and text_width(last + " …", size, bold) > width:
            last = last[:-1]
        lines[-1] = last.rstrip() + " …"
    return lines


def _split_word(word: str, fits: Callable[[float], bool], bold: bool,
                lines: list[str]) -> tuple[str, float]:
    """Cut a word wider than a line into pieces that fit (at least one glyph each),
    appending all but the last to ``lines``; the last piece and its sum of advances.

    A piece ends after the word's own last hyphen or slash that fits
    ("Fachverfahren-" / "Rechenzentrum-"), and only where there is none, after as
    many letters as fit with a hyphen added where the cut falls between two letters
    ("Versicherungsverlaufs-" / "prüfung"), so that it reads as one word cut."""
    whole = _ems(0.0, word, bold)
    if fits(whole):  # (advances are never negative: each part of it fits too)
        return word, whole
    start = 0
    while True:
        ems, cut, soft = 0.0, start, 0
        while cut < len(word):
            ems_next = ems + _advance(word[cut], bold)
            if not fits(ems_next) and cut > start:
                break
            ems, cut = ems_next, cut + 1
            if word[cut - 1] in _BREAK_AFTER and cut < len(word):
                soft = cut
        if cut == len(word):
            return word[start:], ems
        if soft:
            cut = soft
            lines.append(word[start:cut])
        else:
            cut, mark = _hyphenated(word, start, cut, ems, fits, bold)
            lines.append(word[start:cut] + mark)
        start = cut


def _hyphenated(word: str, start: int, cut: int, ems: float, fits: Callable[[float], bool],
                bold: bool) -> tuple[int, str]:
    """Where to cut ``word[start:cut]`` (``ems`` wide) so that a hyphen fits after it when
    the cut falls between two letters (:func:`hyphenates`), and that hyphen ("" between
    digits or signs, or when no letter but the first would be left)."""
    hyphen = _advance("-", bold)
    while cut - start > 1 and hyphenates(word[cut - 1]) and hyphenates(word[cut]):
        if fits(ems + hyphen):
            # Not a lone letter or two on the next line: "verlaufsprü-" / "fung", not "g".
            if len(word) - cut < 3 and len(word) - 3 - start > 1 and hyphenates(word[-4]) \
                    and hyphenates(word[-3]):
                cut = len(word) - 3
            return _syllable_cut(word, start, cut), "-"
        cut -= 1
        ems -= _advance(word[cut], bold)
    return cut, ""


#: How many letters a cut may move back to fall between syllables.
_SYLLABLE_REACH = 4


def _syllable_cut(word: str, start: int, cut: int) -> int:
    """``cut``, or the nearest cut up to :data:`_SYLLABLE_REACH` letters before it that
    falls between syllables (:func:`syllable_break`), keeping at least two letters before
    it: "Förderfähigkeitsbewer-" / "tung", not "…bewert-" / "ung"."""
    reach = range(cut, max(start + 2, cut - _SYLLABLE_REACH) - 1, -1)
    return next((k for k in reach if syllable_break(word, k)),
                next((k for k in reach if not (_in_digraph(word, k) or _splits_onset(word, k))), cut))


def syllable_break(word: str, i: int) -> bool:
    """Whether a hyphen before ``word[i]`` likely falls between two syllables of a word in a
    Latin script, without a dictionary: before a consonant that a vowel follows, after a
    letter ("antragsbear-" / "beitung", "Zuwendungsemp-" / "fänger"; not "…bearb-" /
    "eitung" nor "…em-" / "pfänger"). Other scripts: wherever :func:`hyphenates` allows."""
    if not 0 < i < len(word) - 1 or not (hyphenates(word[i - 1]) and hyphenates(word[i])):
        return False
    if not all(_alphabetic(c) for c in word[i - 1:i + 2]):
        return hyphenates(word[i + 1])
    if _linking_s(word, i - 1):  # "Zuwendungs-" / "empfänger"
        return True
    if _in_digraph(word, i) or _vowel(word[i]) or _splits_onset(word, i) or _linking_s(word, i):
        return False
    return _vowel(word[i + 1]) or any(word[i:i + n].lower() in _ONSETS for n in (2, 3, 4))


def _in_digraph(word: str, i: int) -> bool:
    """Whether a cut before ``word[i]`` splits letters that spell one sound ("Ma-sc-hine")."""
    return word[i - 1:i + 1].lower() in _DIGRAPHS or word[i - 1:i + 2].lower() == "sch"


#: Letter pairs that spell one sound: a hyphen never goes between them ("Ma-schine").
_DIGRAPHS = frozenset({"ch", "ck", "gh", "ph", "qu", "sh", "th"})


#: Consonant runs that begin a syllable ("Schalt-schrank", "Ver-spre-chen", "Pro-zess"): a
#: hyphen may go before them, never inside them.
_ONSETS = frozenset({"sch", "schr", "schl", "schw", "schm", "schn", "spr", "str",
                     "bl", "br", "dr", "fl", "fr", "gl", "gr", "kl", "kr", "pl", "pr", "tr"})


def _splits_onset(word: str, i: int) -> bool:
    """Whether a cut before ``word[i]`` falls inside a run of consonants that begins a
    syllable ("Schaltsch-" / "rank", "…sp-" / "rozess")."""
    low = word.lower()
    return any(low[j:j + len(run)] == run and not _linking_s(word, j)
               for run in _ONSETS for j in range(max(0, i - len(run) + 1), i))


#: Endings of German words that a compound joins to the next with an "s" ("Bereitstellungs-
#: prozess", "Sicherheits-prüfung"): that "s" ends the syllable before it.
_LINKED = ("ung", "heit", "keit", "schaft", "ion", "tät", "ling", "tum")


def _linking_s(word: str, i: int) -> bool:
    """Whether ``word[i]`` is the "s" that joins such an ending to the next word."""
    return word[i:i + 1].lower() == "s" and word[:i].lower().endswith(_LINKED) and i + 1 < len(word)


def _alphabetic(char: str) -> bool:
    """A letter of the Latin, Greek or Cyrillic alphabets, whose vowels :func:`_vowel` knows."""
    return char < "\u0530" or "\u1e00" <= char < "\u2000"


def _vowel(char: str) -> bool:
    base = unicodedata.normalize("NFD", char)[0].lower()
    return base in "aeiouyαεηιουωаеёиоуыэюяіїє" or char.lower() in "æœøı"


def hyphenates(char: str) -> bool:
    """A letter of a script whose words take a hyphen where a line cuts them: Latin, Greek,
    Cyrillic, Armenian (not Hebrew, Arabic or the scripts of East and South-East Asia, which
    break between letters without a mark)."""
    return char.isalpha() and (char < "\u0590" or "\u1e00" <= char < "\u2000")


#: Where a word too long for its line is cut first: after its own hyphens (ASCII and
#: U+2010; not U+2011, the non-breaking hyphen), en and em dashes, and slashes.
_BREAK_AFTER = frozenset("-/\u2010\u2013\u2014")
