"""Every example's HTML report opened in headless Chromium: no console error, no request
leaving the file, nothing wider than the window (1280 px and a phone), a screenshot kept;
every chart's text 11 px or more; the map's full-size viewer opened, zoomed and panned with
keys and pointer; the comparison page likewise."""
from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from vsm_draw.loader import load_file, load_text
from vsm_draw.metrics import metrics
from vsm_draw.report import report_html

from .conftest import EXAMPLES, ROOT
from .test_report import EVIL_MAP, VIEWER_SCRIPT

ARTIFACTS = ROOT / "tests" / "artifacts"
EXAMPLE_MAPS = sorted(EXAMPLES.glob("*.yaml"))
CHROMIUM = next(filter(None, map(shutil.which, ("chromium", "chromium-browser",
                                                  "google-chrome"))), None)
pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="headless Chromium is not installed (Debian: apt-get install chromium); "
           "the browser checks of the HTML report are skipped")

#: What the page looks like from inside: page width, and elements sticking out of the window.
MEASURE = """JSON.stringify({
  scrollWidth: document.documentElement.scrollWidth,
  innerWidth: window.innerWidth,
  height: document.documentElement.scrollHeight,
  wide: Array.from(document.querySelectorAll('body *'))
    .filter(e => !e.closest('svg') || e.tagName === 'svg')
    .filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5)
    .map(e => [e.tagName + '.' + (e.getAttribute('class') || ''),
               !!e.closest('.diagram-frame, .chart-frame, .table-frame')])
})"""


class Browser:
    """Headless Chromium driven over the DevTools protocol on a pipe (stdlib only)."""

    def __init__(self, profile: Path) -> None:
        chrome_in, self._to_chrome = os.pipe()
        self._from_chrome, chrome_out = os.pipe()
        args = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                "--remote-debugging-pipe", "--no-first-run", "--no-default-browser-check",
                f"--user-data-dir={profile}", "--disable-extensions", "--mute-audio",
                "about:blank"]
        # Chromium talks the protocol on its fds 3 (commands in) and 4 (answers out).
        launcher = ("import os, sys; os.dup2(int(sys.argv[1]), 3); os.dup2(int(sys.argv[2]), 4); "
                    "os.execv(sys.argv[3], sys.argv[3:])")
        self._proc = subprocess.Popen(
            [sys.executable, "-c", launcher, str(chrome_in), str(chrome_out), CHROMIUM, *args],
            pass_fds=(chrome_in, chrome_out), stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        os.close(chrome_in)
        os.close(chrome_out)
        self._buffer = b""
        self._next_id = 0
        self.events: list[dict] = []

    def _send(self, method: str, params: dict, session: str | None) -> int:
        self._next_id += 1
        message = {"id": self._next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        os.write(self._to_chrome, json.dumps(message).encode() + b"\0")
        return self._next_id

    def _receive(self) -> dict:
        while b"\0" not in self._buffer:
            chunk = os.read(self._from_chrome, 1 << 20)
            if not chunk:
                raise RuntimeError("Chromium closed the DevTools pipe")
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(raw)

    def call(self, method: str, session: str | None = None, **params) -> dict:
        wanted = self._send(method, params, session)
        while True:
            message = self._receive()
            if message.get("id") == wanted:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})
            self.events.append(message)

    def wait_for(self, method: str) -> dict:
        for i, event in enumerate(self.events):
            if event.get("method") == method:
                return self.events.pop(i)
        while True:
            message = self._receive()
            if message.get("method") == method:
                return message
            self.events.append(message)

    def close(self) -> None:
        try:
            self.call("Browser.close")
        except RuntimeError:
            pass
        self._proc.wait(timeout=30)
        os.close(self._to_chrome)
        os.close(self._from_chrome)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    chrome = Browser(tmp_path_factory.mktemp("chromium-profile"))
    yield chrome
    chrome.close()


#: The smallest text of each shown chart, in CSS px: its font size times the chart's scale.
CHART_TEXT = """JSON.stringify(Array.from(document.querySelectorAll('svg.chart'))
  .filter(s => s.getBoundingClientRect().width > 0)
  .map(s => [s.id || s.getAttribute('class'), Math.min(...Array.from(s.querySelectorAll('text'))
    .map(t => parseFloat(getComputedStyle(t).fontSize) * s.getBoundingClientRect().width
              / s.viewBox.baseVal.width))]))"""


#: The map drawings shown (the page's or the open viewer's): [their classes, smallest text px].
MAP_TEXT = """JSON.stringify(Array.from(document.querySelectorAll('svg.diagram'))
  .filter(s => s.getBoundingClientRect().width > 0)
  .map(s => [s.getAttribute('class'), Math.min(...Array.from(s.querySelectorAll('text'))
    .map(t => parseFloat(getComputedStyle(t).fontSize) * s.getBoundingClientRect().width
              / s.viewBox.baseVal.width))]))"""


def map_text_px(browser: Browser, session: str) -> list[tuple[str, float]]:
    found = browser.call("Runtime.evaluate", session, expression=MAP_TEXT, returnByValue=True)
    return [tuple(shown) for shown in json.loads(found["result"]["value"])]


def chart_text_px(browser: Browser, session: str) -> dict[str, float]:
    found = browser.call("Runtime.evaluate", session, expression=CHART_TEXT, returnByValue=True)
    return dict(json.loads(found["result"]["value"]))


def open_page(browser: Browser, path: Path, width: int, height: int = 900):
    """Load ``path`` at ``width`` px; return (session, measurements, console/network events)."""
    target = browser.call("Target.createTarget", url="about:blank")["targetId"]
    session = browser.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
    for domain in ("Page", "Runtime", "Log", "Network"):
        browser.call(f"{domain}.enable", session)
    browser.call("Emulation.setDeviceMetricsOverride", session, width=width, height=height,
                 deviceScaleFactor=1, mobile=width < 600)
    browser.events.clear()
    browser.call("Page.navigate", session, url=path.as_uri())
    browser.wait_for("Page.loadEventFired")
    result = browser.call("Runtime.evaluate", session, expression=MEASURE, returnByValue=True)
    measured = json.loads(result["result"]["value"])
    events = [e for e in browser.events if e.get("sessionId") == session]
    return target, session, measured, events


def problems(events: list[dict], page: Path) -> list[str]:
    found = []
    for event in events:
        method, params = event.get("method"), event.get("params", {})
        if method == "Runtime.exceptionThrown":
            found.append(f"exception: {params['exceptionDetails'].get('text')}")
        elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "warning"):
            found.append(f"console {params['type']}: {params.get('args')}")
        elif method == "Log.entryAdded" and params["entry"]["level"] in ("error", "warning"):
            found.append(f"log: {params['entry'].get('text')}")
        elif method == "Network.requestWillBeSent":
            url = params["request"]["url"]
            if url != page.as_uri() and not url.startswith("data:"):
                found.append(f"request: {url}")
    return found


def write_report(vsm, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"report-{name}.html"
    path.write_bytes(report_html(vsm, metrics(vsm)))
    return path


@pytest.mark.parametrize("map_path", EXAMPLE_MAPS, ids=lambda p: p.name)
def test_report_in_chromium(browser, map_path):
    name = map_path.name.split(".")[0]
    page = write_report(load_file(str(map_path)), name)
    for width in (1280, 390):
        target, session, measured, events = open_page(browser, page, width)
        assert problems(events, page) == []
        assert measured["scrollWidth"] <= measured["innerWidth"] == width, measured
        # Nothing sticks out, on a phone neither: pictures scale, tables stack their rows.
        assert measured["wide"] == [], measured["wide"]
        # Each chart is drawn for the width it is shown at: no text under 11 px.
        sizes = chart_text_px(browser, session)
        assert sizes and min(sizes.values()) >= 11, sizes
        # One map shown, the one drawn for this width.
        shown = map_text_px(browser, session)
        assert len(shown) == 1 and ("on-wide" if width == 1280 else "on-narrow") in shown[0][0]
        if width == 1280:
            browser.call("Emulation.setDeviceMetricsOverride", session, width=width,
                         height=min(measured["height"], 16000), deviceScaleFactor=1,
                         mobile=False)
            shot = browser.call("Page.captureScreenshot", session, format="png")
            png = ARTIFACTS / f"report-{name}-{width}.png"
            png.write_bytes(base64.b64decode(shot["data"]))
            assert png.stat().st_size > 10_000
        browser.call("Target.closeTarget", targetId=target)


def test_a_word_wider_than_a_phone_breaks_inside_the_window(browser):
    """A held-out map's title word and boundary URL ran past the right edge at 390 px
    (and the title at 1280), cut off where the window ends."""
    from .test_pdf import LONG_WORDS
    page = write_report(load_text(LONG_WORDS), "long-words")
    for width in (1280, 390):
        target, _, measured, events = open_page(browser, page, width)
        assert problems(events, page) == []
        assert measured["scrollWidth"] <= measured["innerWidth"] == width, measured
        assert measured["wide"] == [], measured["wide"]
        browser.call("Target.closeTarget", targetId=target)


def test_a_long_map_reads_in_the_page_and_opens_whole_in_the_viewer(browser):
    """A 30-step map: the page shows it in rows drawn for the column (text 9 px or more at
    1280 px) and for a phone (8.5 px or more at 390 px; it was the one row squeezed, text
    under 2 px); the viewer opens the whole map in one row, and only it: at 100 % from its
    start, its words readable (Fit would show them under 2 px), and 0 fits it whole."""
    from .longmaps import long_map
    page = write_report(load_text(long_map(30, "plain")), "long-30")
    for width, drawn_for, least in ((1280, "on-wide", 9), (390, "on-narrow", 8.5)):
        target, session, measured, events = open_page(browser, page, width)
        assert problems(events, page) == [] and measured["wide"] == [], measured["wide"]
        (classes, text), = map_text_px(browser, session)
        assert drawn_for in classes.split() and text >= least, (classes, text)
        evaluate(browser, session, "document.querySelector('a.viewer-pane').click()")
        settled(browser, session, "location.hash", lambda h: h == "#map-viewer")
        (classes, text), = map_text_px(browser, session)
        assert classes.split()[-1] == "in-viewer" and text >= 8, (classes, text)
        assert evaluate(browser, session, "[document.querySelector('#map-viewer .zoom-1').checked,"
                        " document.querySelector('#map-viewer .viewer-pane').scrollLeft]") == [True, 0]
        press(browser, session, "0")
        (classes, text), = map_text_px(browser, session)
        assert classes.split()[-1] == "in-viewer" and text < 2, (classes, text)
        browser.call("Target.closeTarget", targetId=target)


def test_hostile_map_runs_nothing_and_fetches_nothing_in_chromium(browser):
    page = write_report(load_text(EVIL_MAP), "hostile")
    target, session, measured, events = open_page(browser, page, 1280)
    assert problems(events, page) == []
    result = browser.call("Runtime.evaluate", session, returnByValue=True,
                          expression="[document.scripts.length, document.images.length,"
                                     " document.querySelectorAll('link,iframe,object').length,"
                                     " document.title]")
    counts = result["result"]["value"]
    assert counts[:3] == [1, 0, 0]  # the viewer's own script, none from the map
    ours = browser.call("Runtime.evaluate", session, returnByValue=True,
                        expression="document.scripts[0].text")["result"]["value"]
    assert ours.strip() == VIEWER_SCRIPT.removeprefix("<script>").removesuffix("</script>").strip()
    assert counts[3].startswith("<script>alert(1)</script>")
    browser.call("Target.closeTarget", targetId=target)


def test_map_opens_full_size_and_zooms_without_script(browser):
    """Clicking the map opens the viewer over the page; the zoom buttons set its width."""
    page = write_report(load_file(str(EXAMPLES / "software-delivery.vsm.yaml")), "viewer")
    target, session, measured, events = open_page(browser, page, 1280, height=800)
    measure = ("(() => { const v = document.getElementById('map-viewer').getBoundingClientRect();"
               " const s = document.querySelector('#map-viewer svg.diagram');"
               " return [v.top, v.height, s.getBoundingClientRect().width,"
               " parseFloat(s.style.maxWidth), s.querySelector('title') !== null]; })()")
    inline = browser.call("Runtime.evaluate", session, expression=measure,
                          returnByValue=True)["result"]["value"]
    browser.call("Runtime.evaluate", session,
                 expression="document.querySelector('a.viewer-pane').click()")
    opened = browser.call("Runtime.evaluate", session, expression=measure,
                          returnByValue=True)["result"]["value"]
    # the whole window, not the page's figure (down the page; as tall as the map in rows)
    assert opened[:2] == [0, 800] and inline[0] > 0 and inline[1] != 800
    assert opened[4]  # the picture keeps its <title> for screen readers
    for zoom, factor in (("1", 1), ("2", 2)):
        browser.call("Runtime.evaluate", session,
                     expression=f"document.querySelector('label[for=map-zoom-{zoom}]').click()")
        width = browser.call("Runtime.evaluate", session, expression=measure,
                             returnByValue=True)["result"]["value"][2]
        assert width == pytest.approx(factor * opened[3], abs=1)
    assert problems(events, page) == []
    browser.call("Target.closeTarget", targetId=target)


def evaluate(browser: Browser, session: str, expression: str):
    return browser.call("Runtime.evaluate", session, expression=expression, returnByValue=True,
                        awaitPromise=True)["result"].get("value")


def settled(browser: Browser, session: str, expression: str, ok, seconds: float = 10.0):
    """The value of ``expression`` once ``ok`` holds of it (or the last one after ``seconds``):
    a link's hashchange, and the focus it moves, come as a task after the click, later under load."""
    import time

    end = time.monotonic() + seconds
    while True:
        value = evaluate(browser, session, expression)
        if ok(value) or time.monotonic() > end:
            return value
        time.sleep(0.05)


def press(browser: Browser, session: str, key: str) -> None:
    for kind in ("keyDown", "keyUp"):
        browser.call("Input.dispatchKeyEvent", session, type=kind, key=key, code=key,
                     **({"text": key} if kind == "keyDown" and len(key) == 1 else {}))


#: The open viewer: the hash, the picture's width, the pane's scroll, what has the focus.
VIEWER = """(() => {{ const v = document.getElementById('{id}');
  const s = v.querySelector('svg'), p = v.querySelector('.viewer-pane');
  return [location.hash, s.getBoundingClientRect().width, p.scrollLeft, p.scrollTop,
          document.activeElement === p, s.querySelector('title') !== null,
          s.querySelector('desc') !== null]; }})()"""


def test_viewer_pans_and_zooms_with_keys_and_pointer(browser):
    """The viewer's script: + and - zoom, arrows pan, a drag pans, Ctrl + wheel zooms at
    the pointer, 0 fits, Esc closes; the picture keeps its <title> and <desc>."""
    page = write_report(load_file(str(EXAMPLES / "software-delivery.vsm.yaml")), "viewer")
    target, session, measured, events = open_page(browser, page, 1280, height=800)
    state = VIEWER.format(id="map-viewer")
    evaluate(browser, session, "document.querySelector('a.viewer-pane').click()")
    hash_, start, *_ = opened = settled(browser, session, state, lambda s: s[0] == "#map-viewer" and s[4])
    assert hash_ == "#map-viewer" and opened[4:] == [True, True, True]  # focused, titled
    # Fit would show this one-row map at under half its size: it opens at 100 %, at its start
    assert evaluate(browser, session, "document.querySelector('#map-viewer .zoom-1').checked")
    assert opened[2:4] == [0, 0]
    press(browser, session, "-")
    press(browser, session, "-")
    zoomed = evaluate(browser, session, state)
    assert zoomed[1] == pytest.approx(start / 1.25 ** 2, rel=0.01)
    press(browser, session, "ArrowRight")
    assert evaluate(browser, session, state)[2] > zoomed[2]
    press(browser, session, "+")
    assert evaluate(browser, session, state)[1] == pytest.approx(start / 1.25, rel=0.01)
    before = evaluate(browser, session, state)[2]
    for kind, x in (("mousePressed", 600), ("mouseMoved", 700), ("mouseReleased", 700)):
        browser.call("Input.dispatchMouseEvent", session, type=kind, x=x, y=400,
                     button="left", clickCount=1 if kind != "mouseMoved" else 0)
    assert evaluate(browser, session, state)[2] == pytest.approx(before - 100, abs=2)
    width = evaluate(browser, session, state)[1]
    browser.call("Input.dispatchMouseEvent", session, type="mouseWheel", x=600, y=400,
                 deltaX=0, deltaY=-100, modifiers=2)
    assert evaluate(browser, session, state)[1] == pytest.approx(width * 1.25, rel=0.01)
    press(browser, session, "0")  # the whole map in the window
    fit, pane = evaluate(browser, session, "(() => { const v = document.getElementById('map-viewer');"
                         " return [v.querySelector('svg').getBoundingClientRect().width,"
                         " v.querySelector('.viewer-pane').clientWidth]; })()")
    assert fit <= pane + 1 and fit < start / 2
    press(browser, session, "Escape")
    closed = settled(browser, session, state, lambda s: s[0] == "#map" and s[1] < fit and s[4])
    assert closed[0] == "#map" and closed[1] < fit and closed[4]  # back in the page, focused
    assert problems(events, page) == []
    browser.call("Target.closeTarget", targetId=target)


def test_comparison_page_in_chromium(browser):
    """The comparison page: its chart's text 11 px or more at 1280 px and on a phone (which
    shows the picture drawn for it), nothing sticking out; a viewer for the chart and for each
    map."""
    from vsm_draw.compare import compare
    from vsm_draw.compare_report import compare_html

    quarters = sorted((EXAMPLES / "quarterly").glob("*.yaml"))
    ARTIFACTS.mkdir(parents=True, exist_ok=True)  # run alone, this test is the first to write
    page = ARTIFACTS / "compare-quarterly.html"
    page.write_bytes(compare_html(compare([load_file(str(q)) for q in quarters])))
    for width in (1280, 390):
        target, session, measured, events = open_page(browser, page, width)
        assert problems(events, page) == []
        assert measured["scrollWidth"] <= measured["innerWidth"] == width, measured
        assert measured["wide"] == [], measured["wide"]
        shown = chart_text_px(browser, session)
        assert list(shown) == ["chart chart-wide compare-chart" if width == 1280
                               else "vsmc-narrow"]
        assert min(shown.values()) >= 11, shown
        if width == 390:  # the trend of three maps, as the wide picture and paper show it
            boxes = evaluate(browser, session, "['lead', 'fe'].map(k => {const r = document"
                             ".getElementById('vsmc-narrow-trend-' + k)?.getBoundingClientRect();"
                             " return r ? [r.left, r.right, r.height] : null})")
            assert all(b and 0 <= b[0] and b[1] <= width and b[2] > 100 for b in boxes), boxes
        if width == 1280:
            viewers = evaluate(browser, session, "Array.from(document.querySelectorAll("
                               "'figure.viewer'), v => v.id)")
            assert viewers == ["picture-viewer"] + [f"map{k}-viewer" for k in (1, 2, 3)]
            evaluate(browser, session, "document.querySelector('#map2-viewer a.viewer-pane')"
                                       ".click()")
            fit = settled(browser, session, VIEWER.format(id="map2-viewer"),
                  lambda s: s[0] == "#map2-viewer" and s[4])[1]
            press(browser, session, "+")
            hash_, zoomed, *_ = evaluate(browser, session, VIEWER.format(id="map2-viewer"))
            assert hash_ == "#map2-viewer" and zoomed == pytest.approx(1.25 * fit, rel=0.01)
        browser.call("Target.closeTarget", targetId=target)


def test_whatif_page_in_chromium(browser):
    """A what-if's page: its ladders and bars to scale are drawn again for a phone's column,
    so at 390 px nothing scrolls sideways and no chart's text is under 11 px."""
    import vsm_draw
    from vsm_draw.whatif import whatif_html

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page = ARTIFACTS / "whatif-software-delivery.html"
    result = vsm_draw.whatif(EXAMPLES / "software-delivery.vsm.yaml", ["grooming.wait_time=2d"])
    page.write_bytes(whatif_html(result, width=900))
    for width, charts in ((1280, {"vsmr-ladders", "vsmr-scalepair"}), (390, {"vsmr-ladders-n", "vsmr-scalepair-n"})):
        target, session, measured, events = open_page(browser, page, width)
        assert problems(events, page) == []
        assert measured["scrollWidth"] <= measured["innerWidth"] == width, measured
        assert measured["wide"] == [], measured["wide"]  # no chart scrolls sideways in its frame
        shown = chart_text_px(browser, session)
        assert charts <= set(shown) and min(shown.values()) >= 11, shown
        browser.call("Target.closeTarget", targetId=target)


def test_comparison_page_of_long_names_fits_the_window(browser):
    """Three quarters with long German step names: at 1280 px the picture's subtitle and a
    row's bottleneck, and the headline figures' table, ran past the column (cut at its edge,
    the table's Change column half hidden); on a phone the bottleneck's name ran off the
    picture. Nothing sticks out now, the picture's text 11 px or more."""
    from vsm_draw.compare import compare
    from vsm_draw.compare_report import compare_html

    from .test_compare import LONG_NAMED_QUARTERS

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page = ARTIFACTS / "compare-long-names.html"
    page.write_bytes(compare_html(compare(LONG_NAMED_QUARTERS)))
    for width in (1280, 390):
        target, session, measured, events = open_page(browser, page, width)
        assert problems(events, page) == []
        assert measured["scrollWidth"] <= measured["innerWidth"] == width, measured
        assert measured["wide"] == [], measured["wide"]
        assert min(chart_text_px(browser, session).values()) >= 11
        browser.call("Target.closeTarget", targetId=target)


def test_a_long_word_in_the_step_table_breaks_only_when_wider_than_its_column(browser):
    """A long word of the step table carries soft hyphens (report.breakable), so a column
    narrower than it breaks it with a hyphen; in a box of its own (report.css), a word that
    fits its column goes whole to the next line rather than being hyphenated at a line's
    end ("Warteschlange im Dokumentenmanageme-" / "ntsystem" at 1280 px)."""
    vsm = load_text("steps:\n"
                    "  - {name: Posteingangsdigitalisierung, owner: Dokumentenmanagementdienstleister,\n"
                    "     wait_time: 1d, process_time: 15m, wait_reason: Sammelscan zweimal täglich}\n"
                    "  - {name: Dokumentenklassifizierung, owner: Eingangsbearbeitung, wait_time: 2d,\n"
                    "     process_time: 10m, wait_reason: Warteschlange im Dokumentenmanagementsystem}\n")
    page = write_report(vsm, "long-table-words")
    lines = ("Array.from(document.querySelectorAll('table .long-word'), s => [s.textContent"
             ".replace(/\\u00ad/g, ''), s.getClientRects().length, s.getBoundingClientRect().height,"
             " parseFloat(getComputedStyle(s).lineHeight)])")
    for width in (1280, 390):
        target, session, measured, events = open_page(browser, page, width)
        assert problems(events, page) == [] and measured["wide"] == [], measured["wide"]
        spans = {text: (rects, height / line) for text, rects, height, line
                 in evaluate(browser, session, lines)}
        assert spans["Dokumentenmanagementsystem"] == (1, pytest.approx(1, abs=0.2)), spans
        browser.call("Target.closeTarget", targetId=target)
