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

    target = browser.call("Target.createTarget", url="about:blank")["targetId"]
    session = browser.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
    for domain in ("Page", "Runtime", "Log", "Network"):
        browser.call(f"{domain}.enable", session)
    browser.call("Emulation.setEmulatedMedia", session,
                 features=[{"name": "prefers-color-scheme", "value": mode}])
    browser.call("Emulation.setDeviceMetricsOverride", session, width=1300, height=560,
                 deviceScaleFactor=1, mobile=False)
    browser.events.clear()
    browser.call("Page.navigate", session, url=svg.as_uri())
    browser.wait_for("Page.loadEventFired")
    events = [e for e in browser.events if e.get("sessionId") == session]
    assert problems(events, svg) == []
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
