"""The diagram's two looks: ``classic`` (black on white, prints anywhere) and ``color``.

The ``color`` theme uses the Okabe-Ito palette, which colour-blind readers tell
apart; every distinction it draws is also made by line style, fill or words, so
neither theme depends on colour alone.
"""
from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Theme", "THEMES", "theme"]


@dataclass(frozen=True)
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
        bottleneck_text="#ffffff",
        info="#0072b2",
        kaizen="#cc79a7",
        wait_bar="#e69f00",
        work_bar="#0072b2",
        header_fill="#eeeeee",
    ),
}


def theme(name: str) -> Theme:
    """The theme called ``name`` (ValueError listing the known ones otherwise)."""
    try:
        return THEMES[name]
    except KeyError:
        raise ValueError(f"unknown theme {name!r}; use one of {', '.join(THEMES)}") from None
