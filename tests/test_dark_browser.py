"""An ``auto`` SVG in headless Chromium, shown as a docs page shows it (an ``<img>``) and
opened alone: every colour is the light theme's in light mode and the dark theme's in
dark mode. Screenshots land in tests/artifacts/."""
from __future__ import annotations

import base64
import json
import zlib

import pytest

from vsm_draw.diagram import render_diagram
from vsm_draw.loader import load_file
from vsm_draw.metrics import metrics
from vsm_draw.svgpost import colour_roles
from vsm_draw.themes import scheme

from .conftest import EXAMPLES
from .test_report_browser import ARTIFACTS, CHROMIUM, browser, problems  # noqa: F401

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="headless Chromium is not installed (Debian: apt-get install "
                             "chromium); the browser check of the auto theme is skipped")

#: Every painted element's attribute colour and the colour Chromium paints it with.
PAINTS = """JSON.stringify(Array.from(document.querySelectorAll('[fill],[stroke]'))
  .flatMap(e => ['fill', 'stroke'].filter(a => (e.getAttribute(a) || 'none') !== 'none')
  .map(a => [e.getAttribute(a), getComputedStyle(e)[a]])))"""


def rgb(colour: str) -> str:
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgb({r}, {g}, {b})"


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_auto_svg_follows_the_colour_scheme_in_chromium(browser, mode):  # noqa: F811
    vsm = load_file(str(EXAMPLES / "code-review-wait.vsm.yaml"))
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    svg = ARTIFACTS / "auto.svg"
    svg.write_bytes(render_diagram(vsm, metrics(vsm), "svg", theme="auto",
                                   ladder="proportional"))
    roles = colour_roles(*scheme("auto"))
    expected = {light: rgb(light if mode == "light" else dark)
                for light, (_, dark) in roles.items()}

    target, session = open_in(browser, svg, "screen", mode, 1300, 560)
    painted = json.loads(browser.call("Runtime.evaluate", session, expression=PAINTS,
                                      returnByValue=True)["result"]["value"])
    assert len(painted) > 100
    wrong = {(attr, shown) for attr, shown in painted if expected[attr] != shown}
    assert wrong == set()
    shot = browser.call("Page.captureScreenshot", session, format="png")
    (ARTIFACTS / f"auto-{mode}.png").write_bytes(base64.b64decode(shot["data"]))

    # In a page, as Sphinx and MkDocs show it: an <img>, which follows the setting too.
    page = ARTIFACTS / "auto-img.html"
    page.write_text('<!doctype html><meta name="color-scheme" content="light dark">'
                    '<body style="margin:0"><img src="auto.svg" style="width:1200px">',
                    encoding="utf-8")
    browser.call("Page.navigate", session, url=page.as_uri())
    browser.wait_for("Page.loadEventFired")
    shot = browser.call("Page.captureScreenshot", session, format="png",
                        clip={"x": 2, "y": 2, "width": 1, "height": 1, "scale": 1})
    paper = scheme("auto")[0 if mode == "light" else 1].paper
    assert rgb(paper) == "rgb({}, {}, {})".format(*one_pixel(base64.b64decode(shot["data"])))
    browser.call("Target.closeTarget", targetId=target)


def open_in(browser, path, media: str, mode: str, width: int, height: int) -> tuple[str, str]:  # noqa: F811
    """Open ``path`` for ``media`` (screen, print) with the colour scheme ``mode``, ``width``
    by ``height`` px; no error, no request. (target, session)."""
    target = browser.call("Target.createTarget", url="about:blank")["targetId"]
    session = browser.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
    for domain in ("Page", "Runtime", "Log", "Network"):
        browser.call(f"{domain}.enable", session)
    browser.call("Emulation.setEmulatedMedia", session, media=media,
                 features=[{"name": "prefers-color-scheme", "value": mode}])
    browser.call("Emulation.setDeviceMetricsOverride", session, width=width, height=height,
                 deviceScaleFactor=1, mobile=False)
    browser.events.clear()
    browser.call("Page.navigate", session, url=path.as_uri())
    browser.wait_for("Page.loadEventFired")
    assert problems([e for e in browser.events if e.get("sessionId") == session], path) == []
    return target, session


def one_pixel(png: bytes) -> tuple[int, int, int]:
    """The colour of a 1x1 PNG (for one pixel, every PNG row filter leaves it as it is)."""
    pos, idat = 8, b""
    while pos < len(png):
        size = int.from_bytes(png[pos:pos + 4], "big")
        kind = png[pos + 4:pos + 8]
        if kind == b"IHDR":
            assert png[pos + 8:pos + 16] == (1).to_bytes(4, "big") * 2
        elif kind == b"IDAT":
            idat += png[pos + 8:pos + 8 + size]
        pos += 12 + size
    row = zlib.decompress(idat)
    return row[1], row[2], row[3]


#: Every painted element of the shown maps and charts: [map or chart, the colour it is drawn
#: in, the colour Chromium paints it], and the page's background.
PAGE_PAINTS = """JSON.stringify({
  background: getComputedStyle(document.documentElement).backgroundColor,
  paints: Array.from(document.querySelectorAll('svg.chart, svg.diagram'))
    .filter(s => s.getBoundingClientRect().width > 0)
    .flatMap(s => [s, ...s.querySelectorAll('[fill],[stroke]')].flatMap(e => ['fill', 'stroke']
      .filter(a => /^#[0-9a-f]{6}$/i.test(e.getAttribute(a) || ''))
      .map(a => [s.classList.contains('diagram') ? 'map' : 'chart',
                 e.getAttribute(a).toLowerCase(), getComputedStyle(e)[a]]))),
  texts: Array.from(document.querySelectorAll('svg.chart text, svg.diagram text'))
    .filter(t => t.getBoundingClientRect().width > 0).map(t => getComputedStyle(t).fill)
})"""


def _pages() -> list[tuple[str, bytes, dict[str, str]]]:
    """The web pages with charts, and the dark colour of each colour their charts use."""
    import vsm_draw
    from vsm_draw.charts import DARK
    from vsm_draw.compare import compare
    from vsm_draw.compare_chart import DARK as COMPARE_DARK
    from vsm_draw.compare_report import compare_html
    from vsm_draw.report import report_html
    from vsm_draw.whatif import whatif_html

    plant = load_file(str(EXAMPLES / "stamping-plant.vsm.yaml"))
    quarters = [load_file(str(q)) for q in sorted((EXAMPLES / "quarterly").glob("*.yaml"))]
    result = vsm_draw.whatif(EXAMPLES / "software-delivery.vsm.yaml", ["grooming.wait_time=2d"])
    return [("report", report_html(plant), DARK), ("whatif", whatif_html(result), DARK),
            ("compare", compare_html(compare(quarters)), COMPARE_DARK)]


@pytest.mark.parametrize("media,mode", [("screen", "dark"), ("screen", "light"), ("print", "dark")])
def test_web_pages_follow_a_dark_screen_and_print_light(browser, media, mode):  # noqa: F811
    """The report, what-if and comparison pages had no dark theme. On a screen set to dark
    the page, every chart and the map turn dark (the map in the dark theme's colours, each
    chart colour its counterpart, no text left black); light, and printed, all stays light."""
    dark = media == "screen" and mode == "dark"
    roles = {light.lower(): night for light, (_, night) in colour_roles(*scheme("auto")).items()}
    for name, html, chart_dark in _pages():
        page = ARTIFACTS / f"dark-{name}.html"
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.write_bytes(html)
        target, session = open_in(browser, page, media, mode, 1280, 900)
        found = json.loads(browser.call("Runtime.evaluate", session, expression=PAGE_PAINTS,
                                        returnByValue=True)["result"]["value"])
        assert found["background"] == rgb("#17191d" if dark else "#ffffff"), name
        kinds = {kind for kind, _, _ in found["paints"]}
        assert kinds == {"map", "chart"}, (name, kinds)
        palettes = {"map": roles, "chart": {k.lower(): v for k, v in chart_dark.items()}}
        wrong = {(name, kind, colour, shown) for kind, colour, shown in found["paints"]
                 if shown != rgb(palettes[kind][colour] if dark else colour)}
        assert wrong == set()
        black = {rgb("#000000"), rgb("#1b1b1b")}
        assert (set(found["texts"]) & black == set()) if dark else found["texts"], name
        if media == "screen":
            shot = browser.call("Page.captureScreenshot", session, format="png")
            (ARTIFACTS / f"dark-{name}-{mode}.png").write_bytes(base64.b64decode(shot["data"]))
        browser.call("Target.closeTarget", targetId=target)
