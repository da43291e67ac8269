"""The diagram's looks: ``classic`` (black on white, prints anywhere), ``color``,
``dark`` (light on dark) and ``auto`` (classic or dark, as the reader's screen is set).

The ``color`` theme uses the Okabe-Ito palette, which colour-blind readers tell
apart; every distinction it draws is also made by line style, fill or words, so
no theme depends on colour alone. ``dark`` is classic with every colour swapped for
its dark counterpart (one dark colour per classic colour), which is what lets an
``auto`` SVG switch by restyling the classic one (:mod:`vsm_draw.svgpost`).
"""
from __future__ import annotations

from .frozen import frozen

__all__ = ["Theme", "THEMES", "SCHEMES", "THEME_NAMES", "theme", "scheme", "printed"]


@frozen
class Theme:
    """Colours of one look; every other style choice is the same in both."""

    name: str
    ink: str            # lines and text
    muted: str          # secondary text (captions, reasons)
    paper: str          # background
    va_fill: str        # process box header of a value-adding step
    nva_fill: str       # process box header of a non-value-adding step (plus dashes)
    nva_line: str
    queue_fill: str     # inventory triangle
    bottleneck: str     # the longest wait: badge and triangle fill
    bottleneck_text: str
    info: str           # information flows
    kaizen: str         # kaizen burst outline
    wait_bar: str       # proportional ladder: waiting
    work_bar: str       # proportional ladder: working
    header_fill: str    # totals box header
    ghost: str          # a what-if's value before the change, struck through beside the new one
    changed: str        # the mark of a figure a what-if changed


THEMES: dict[str, Theme] = {
    "classic": Theme(
        name="classic",
        ink="#000000",
        muted="#333333",
        paper="#ffffff",
        va_fill="#ffffff",
        nva_fill="#e6e6e6",
        nva_line="#000000",
        queue_fill="#ffffff",
        bottleneck="#000000",
        bottleneck_text="#ffffff",
        info="#000000",
        kaizen="#000000",
        wait_bar="#d9d9d9",
        work_bar="#000000",
        header_fill="#ffffff",
        ghost="#767676",  # 4.5:1 on white: readable, yet clearly lighter than the ink
        changed="#000000",
    ),
    "color": Theme(
        name="color",
        ink="#1a1a1a",
        muted="#404040",
        paper="#ffffff",
        va_fill="#d6eaf8",   # light sky blue (Okabe-Ito #56B4E9)
        nva_fill="#fbe3cf",  # light vermillion (#D55E00)
        nva_line="#d55e00",
        queue_fill="#fff3c4",  # light yellow (#F0E442)
        bottleneck="#d55e00",
        bottleneck_text="#000000",  # white on vermillion is 3.9:1, below WCAG's 4.5
        info="#0072b2",
        kaizen="#cc79a7",
        wait_bar="#e69f00",
        work_bar="#0072b2",
        header_fill="#eeeeee",
        ghost="#767676",
        changed="#009e73",  # bluish green, the palette's one colour not used above
    ),
    # classic's dark counterpart: a near-black page as in the dark themes of Furo
    # (#131416), GitHub (#0d1117) and Material for MkDocs (#1e2129); light grey ink.
    "dark": Theme(
        name="dark",
        ink="#e6e6e6",
        muted="#bdbdbd",
        paper="#17191d",
        va_fill="#17191d",
        nva_fill="#3a3d44",
        nva_line="#e6e6e6",
        queue_fill="#17191d",
        bottleneck="#e6e6e6",
        bottleneck_text="#17191d",
        info="#e6e6e6",
        kaizen="#e6e6e6",
        wait_bar="#5a5e66",
        work_bar="#e6e6e6",
        header_fill="#17191d",
        ghost="#8d9096",  # 5:1 on the dark page, dimmer than the ink
        changed="#e6e6e6",
    ),
}

#: Themes that follow the reader's ``prefers-color-scheme``: name -> (light, dark). Only
#: an SVG can follow it; PNG, PDF and DOT get the light one (:func:`printed`).
SCHEMES: dict[str, tuple[str, str]] = {"auto": ("classic", "dark")}

#: Every name ``--theme`` takes.
THEME_NAMES: tuple[str, ...] = (*THEMES, *SCHEMES)


def theme(name: str) -> Theme:
    """The theme called ``name``; for ``auto``, the light one it is drawn with (ValueError
    listing the known ones otherwise)."""
    name = SCHEMES.get(name, (name,))[0]
    try:
        return THEMES[name]
    except KeyError:
        raise ValueError(f"unknown theme {name!r}; use one of {', '.join(THEME_NAMES)}") \
            from None


def scheme(name: str) -> "tuple[Theme, Theme] | None":
    """(light, dark) themes of a theme that follows the reader's setting, else None."""
    pair = SCHEMES.get(name)
    return (THEMES[pair[0]], THEMES[pair[1]]) if pair else None


def printed(name: str) -> str:
    """The theme a picture that cannot follow the reader (PNG, PDF, a report) is drawn in:
    ``auto`` -> ``classic``, any other name as it is."""
    return SCHEMES.get(name, (name,))[0]
