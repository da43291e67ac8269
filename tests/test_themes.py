"""Themes: legible colours in every look, and the ``auto`` SVG that follows the reader's
light or dark setting."""
from __future__ import annotations

import re
from dataclasses import replace

import pytest
from click.testing import CliRunner

from vsm_draw.cli import main
from vsm_draw.diagram import diagram_dot, render_diagram
from vsm_draw.loader import load_file
from vsm_draw.metrics import metrics
from vsm_draw.svgpost import colour_roles, follow_scheme
from vsm_draw.themes import SCHEMES, THEME_NAMES, THEMES, printed, scheme, theme

from .conftest import EXAMPLES

#: (text colour, the fills it is written on) as the diagram draws them.
TEXT_ON = {
    "ink": ("paper", "va_fill", "nva_fill", "queue_fill", "header_fill"),
    "muted": ("paper", "va_fill", "nva_fill"),
    "info": ("paper",),
    "bottleneck_text": ("bottleneck",),
}
#: Lines and outlines, on the page (WCAG 1.4.11: 3:1 for graphics).
LINES = ("ink", "nva_line", "info", "kaizen", "bottleneck", "work_bar")


def luminance(colour: str) -> float:
    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_contrast_is_computed_as_wcag_defines_it():
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)  # the known 4.48
    assert contrast("#d55e00", "#ffffff") == pytest.approx(3.87, abs=0.01)


@pytest.mark.parametrize("name", THEMES)
def test_every_text_and_line_is_legible(name):
    t = THEMES[name]
    for text, grounds in TEXT_ON.items():
        for ground in grounds:
            ratio = contrast(getattr(t, text), getattr(t, ground))
            assert ratio >= 4.5, f"{name}: {text} on {ground} is {ratio:.2f}:1"
    for line in LINES:
        ratio = contrast(getattr(t, line), t.paper)
        assert ratio >= 3.0, f"{name}: {line} on paper is {ratio:.2f}:1"


def test_theme_names():
    assert THEME_NAMES == ("classic", "color", "dark", "auto")
    assert theme("auto") is THEMES["classic"] and printed("auto") == "classic"
    assert printed("dark") == "dark"
    assert scheme("auto") == (THEMES["classic"], THEMES["dark"]) and scheme("classic") is None
    with pytest.raises(ValueError, match="use one of classic, color, dark, auto"):
        theme("sepia")


@pytest.mark.parametrize("name", SCHEMES)
def test_each_light_colour_has_one_dark_colour(name):
    light, dark = scheme(name)
    roles = colour_roles(light, dark)
    assert roles["#000000"] == ("--vsm-ink", dark.ink)
    assert roles["#ffffff"] == ("--vsm-paper", dark.paper)
    # a dark theme that splits one light colour in two cannot be swapped in by colour
    with pytest.raises(ValueError, match="give them one colour"):
        colour_roles(light, replace(dark, kaizen="#ff0000"))


MAPS = sorted(EXAMPLES.glob("*.yaml"))
PAINT = re.compile(r'\b(fill|stroke)="([^"]*)"')


@pytest.mark.parametrize("path", MAPS, ids=lambda p: p.name)
def test_auto_svg_repaints_every_colour_it_draws(path):
    vsm = load_file(str(path))
    m = metrics(vsm)
    svg = render_diagram(vsm, m, "svg", theme="auto", ladder="proportional").decode()
    assert svg == render_diagram(vsm, m, "svg", theme="auto",
                                 ladder="proportional").decode()  # deterministic
    assert svg.count("<svg") == 1 and svg.count("<style>") == 1
    assert "@media (prefers-color-scheme: dark)" in svg
    assert not re.search(r"url\(|href=|@import", svg)  # self-contained
    light, dark = scheme("auto")
    roles = colour_roles(light, dark)
    style = svg[svg.index("<style>"):svg.index("</style>")]
    for attr, colour in set(PAINT.findall(svg)):
        if colour == "none":
            continue
        assert colour in roles, f"{colour} is not a colour of the theme: it cannot turn dark"
        assert f'.vsm-auto [{attr}="{colour}"]{{{attr}:var({roles[colour][0]})}}' in style
    night = style[style.index("@media"):]
    for colour, (name, dark_colour) in roles.items():
        assert f"{name}:{dark_colour};" in night


def test_auto_is_classic_where_a_picture_cannot_follow_the_reader():
    vsm = load_file(str(EXAMPLES / "code-review-wait.vsm.yaml"))
    m = metrics(vsm)
    assert diagram_dot(vsm, m, theme="auto") == diagram_dot(vsm, m, theme="classic")
    plain = render_diagram(vsm, m, "svg")
    auto = render_diagram(vsm, m, "svg", theme="auto")
    # the same drawing; only the style (and the class that scopes it) added
    stripped = re.sub(rb"<style>.*?</style>\n", b"", auto).replace(b' class="vsm-auto"', b"")
    assert stripped == plain
    dark = diagram_dot(vsm, m, theme="dark")
    assert '"#17191d"' in dark and '"#ffffff"' not in dark


def test_follow_scheme_keeps_foreign_colours_and_needs_an_svg():
    light, dark = scheme("auto")
    svg = follow_scheme(b'<svg a="1"><title>t</title><rect fill="#ABCDEF" stroke="#FFFFFF"/>'
                        b"</svg>", light, dark).decode()
    assert svg.startswith('<svg a="1" class="vsm-auto"><title>t</title><style>')
    assert 'fill="#abcdef"' in svg and '[fill="#abcdef"]' not in svg
    assert '.vsm-auto [stroke="#ffffff"]{stroke:var(--vsm-paper)}' in svg
    with pytest.raises(ValueError):
        follow_scheme(b"<html></html>", light, dark)


def test_cli_render_and_build_take_dark_and_auto(tmp_path):
    src = str(EXAMPLES / "code-review-wait.vsm.yaml")
    result = CliRunner().invoke(main, ["render", src, "-o", str(tmp_path / "a.svg"),
                                       "--theme", "auto"])
    assert result.exit_code == 0, result.output
    assert b"prefers-color-scheme" in (tmp_path / "a.svg").read_bytes()
    result = CliRunner().invoke(main, ["build", src, "-o", str(tmp_path / "out"), "--format",
                                       "dot,html", "--theme", "dark"])
    assert result.exit_code == 0, result.output
    assert '"#17191d"' in (tmp_path / "out" / "code-review-wait.dot").read_text()
    help_text = " ".join(CliRunner().invoke(main, ["render", "--help"]).output.split())
    assert "auto: an SVG that follows the reader's light or dark setting (PNG, PDF and DOT " \
           "get classic)" in help_text
