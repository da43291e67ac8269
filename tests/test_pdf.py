"""The report as PDF: A4 handouts and A0 posters, text, fonts, metadata, silence, reproducibility,
and a URL fetcher that lets nothing in."""
from __future__ import annotations

import html as htmllib
import http.server
import logging
import os
import re
import shutil
import subprocess
import sys
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from click.testing import CliRunner

from vsm_draw.cli import main
from vsm_draw.diagram import render_diagram
from vsm_draw.durations import humanize
from vsm_draw.loader import load_file, load_text
from vsm_draw.metrics import metrics
from vsm_draw.pdf import POSTER_PAPERS, html_to_pdf, report_pdf, safe_fetcher, sheet_for, source_date
from vsm_draw.report import inline_svg

from .conftest import EXAMPLES, ROOT
from .longmaps import long_map_file
from .test_report import EVIL_MAP

EXAMPLE_MAPS = sorted(EXAMPLES.glob("*.yaml"))
TEN_STEPS = ROOT / "tests" / "data" / "ten-steps.vsm.yaml"
#: Held out for the handout: a column taller than A4 holds at 8 pt, and three wide boxes.
TALL = ROOT / "tests" / "data" / "tall-claims.vsm.yaml"
WIDE = ROOT / "tests" / "data" / "wide-three.vsm.yaml"
TWELVE_STEPS = ROOT / "tests" / "data" / "twelve-steps.vsm.yaml"
FIFTEEN_STEPS = ROOT / "tests" / "data" / "fifteen-steps.vsm.yaml"
#: Twenty steps with two lanes (the frontend beside the backend, the documentation beside
#: the tests): short of 20 pt on A0.
TWENTY_STEPS = ROOT / "tests" / "data" / "twenty-steps.vsm.yaml"
ONE_TALL = ROOT / "tests" / "data" / "one-tall-column.vsm.yaml"
#: Six branch lanes and a kaizen burst under all of them: tall in one row.
TANGLE = ROOT / "tests" / "data" / "tangle.vsm.yaml"
#: Five steps against takt: the A0 sheet's width limits the map, and what follows it needs a
#: second page.
FIVE_TAKT = ROOT / "tests" / "data" / "five-steps-takt.vsm.yaml"
#: The same without takt: two charts, no balance.
FIVE_NO_TAKT = ROOT / "tests" / "data" / "five-steps-no-takt.vsm.yaml"
#: Eleven steps, a lane and three rework loops: a portrait A0 poster of two pages.
HEALTH_CLAIMS = ROOT / "tests" / "data" / "health-claims.vsm.yaml"
ARTIFACTS = ROOT / "tests" / "artifacts"
#: Generated (tests/longmaps.py): twenty steps in one stream, and thirty with a lane.
LONG_20 = long_map_file(ARTIFACTS / "long-maps", 20, "plain")
LONG_30_LANES = long_map_file(ARTIFACTS / "long-maps", 30, "lanes")
POPPLER = shutil.which("pdftotext") and shutil.which("pdftoppm") and shutil.which("pdfinfo")
needs_poppler = pytest.mark.skipif(
    not POPPLER, reason="poppler-utils (pdftotext, pdftoppm, pdfinfo) is not installed: "
                        "apt-get install poppler-utils")


def pdf_text(path: Path) -> str:
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                         text=True, check=True).stdout
    return re.sub(r"\s+", " ", out)


def pdf_info(path: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", "-f", "1", "-l", "99", str(path)], capture_output=True,
                         text=True, check=True).stdout
    return dict(line.split(":", 1) for line in out.splitlines() if ":" in line)


def page_sizes(info: dict[str, str]) -> list[tuple[float, float]]:
    sizes = []
    for key, value in sorted(info.items()):
        if re.fullmatch(r"Page\s+\d+ size", key):
            w, h = re.findall(r"[\d.]+", value)[:2]
            sizes.append((round(float(w)), round(float(h))))
    return sizes


#: Every example at A4 and A0, and a long map with lanes at A4 landscape and A3.
PRINTS = [(p, paper, None) for p in EXAMPLE_MAPS for paper in ("A4", "A0")] + [
    (ROOT / "tests" / "data" / "twelve-steps.vsm.yaml", "A4", "landscape"),
    (EXAMPLES / "feature-branches.vsm.yaml", "A3", None), (TEN_STEPS, "A0", None),
    (TALL, "A4", "landscape"), (TALL, "A4", None), (WIDE, "A4", None), (ONE_TALL, "A4", None),
    (EXAMPLES / "mortgage-approval.vsm.yaml", "A4", "landscape"), (TWELVE_STEPS, "A0", None),
    (EXAMPLES / "software-delivery.vsm.yaml", "A4", "landscape"),
    (FIFTEEN_STEPS, "A0", None), (FIFTEEN_STEPS, "A2", None), (TANGLE, "A0", None),
    (TWENTY_STEPS, "A0", None), (TWENTY_STEPS, "A0", "portrait"),
    (EXAMPLES / "code-review-wait.vsm.yaml", "A0", "portrait"),
    (EXAMPLES / "code-review-wait.vsm.yaml", "A2", "portrait"),
    (EXAMPLES / "stamping-plant.vsm.yaml", "A0", "portrait"),
    (LONG_20, "A0", None), (LONG_30_LANES, "A0", None)]


def _key(paper: str, orientation) -> str:
    """How :func:`printed` names a print: its paper, and its orientation when given."""
    return f"{paper} {orientation}" if orientation else paper


@pytest.fixture(scope="module")
def printed(caplog_module) -> dict[tuple[str, str], Path]:
    """:data:`PRINTS`, printed once (two at a time) into tests/artifacts/; a handout's
    page breaks in ``printed["blocks", name, paper]`` (see vsm_draw.pdf._page_blocks)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    jobs = []
    for path, paper, orientation in PRINTS:
        vsm = load_file(str(path))
        m = metrics(vsm)
        svg = inline_svg(render_diagram(vsm, m, "svg"), css_class="diagram", label=vsm.title)
        jobs.append((path.name, paper, orientation, vsm, m, svg))

    def run(job):
        name, paper, orientation, vsm, m, svg = job
        target = ARTIFACTS / f"report-{name.split('.')[0]}-{paper}{orientation or ''}.pdf"
        blocks: list[list[str]] = []
        said: list[str] = []
        target.write_bytes(report_pdf(vsm, m, paper=paper, orientation=orientation, diagram=svg,
                                      blocks=blocks if paper not in POSTER_PAPERS else None,
                                      on_warning=said.append))
        key = _key(paper, orientation)
        return [((name, key), target), (("blocks", name, key), blocks), (("said", name, key), said)]

    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(pair for pairs in pool.map(run, jobs) for pair in pairs)


@pytest.fixture(scope="module")
def caplog_module():
    """Every log record emitted while the module's PDFs are printed."""
    records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record):
            records.append(record)

    handler = Keep(logging.DEBUG)
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    yield records
    logger.removeHandler(handler)


def test_weasyprint_logged_nothing(printed, caplog_module):
    assert printed and [r.getMessage() for r in caplog_module] == []


def _map_again(vsm) -> str:
    """What the report ends with: map again next quarter, or, under a plan, once it is done."""
    return "is a plan" if (vsm.state or "").lower() in ("future", "ideal") else "Map again next quarter"


@needs_poppler
@pytest.mark.parametrize("name", [p.name for p in EXAMPLE_MAPS])
def test_a4_handout(printed, name):
    path = printed[(name, "A4")]
    vsm = load_file(str(EXAMPLES / name))
    m = metrics(vsm)
    info = pdf_info(path)
    sizes = page_sizes(info)
    assert 3 <= len(sizes) <= 6 + len(vsm.steps)  # at most a page a step for the map
    assert sizes[0] == (595, 842)  # A4 portrait, in points
    assert (842, 595) in sizes  # the whole map gets a landscape page
    assert info["Title"].strip() == vsm.title
    assert info["Author"].strip()
    text = pdf_text(path)
    assert f"Page 1 of {len(sizes)}" in text and f"Page {len(sizes)} of {len(sizes)}" in text
    for expected in (vsm.title, humanize(m.lead_time, vsm.calendar), "Where to start",
                     "How to read this map", _map_again(vsm), *[s.name for s in vsm.steps]):
        assert expected in text, expected
    render_pngs(path, 60)


#: Data text of the examples' maps on A0 below the 20 pt a poster aims at (none now: the
#: tallest, software-delivery's rows with four flow tracks and kaizen bursts, reach it).
_A0_SHORT: dict[str, float] = {}


@needs_poppler
@pytest.mark.parametrize("name", [p.name for p in EXAMPLE_MAPS])
def test_a0_poster(printed, name):
    path = printed[(name, "A0")]
    vsm = load_file(str(EXAMPLES / name))
    m = metrics(vsm)
    info = pdf_info(path)
    # A0 landscape: all on one sheet, or the map filling the first and the rest on a second.
    assert page_sizes(info) in ([(3370, 2384)], [(3370, 2384)] * 2)
    text = pdf_text(path)
    for expected in (vsm.title, humanize(m.lead_time, vsm.calendar), "Step by step",
                     *[s.name for s in vsm.steps]):
        assert expected in text, expected
    # The map spans the sheet and is what reads from afar: its data text, measured on the
    # page, 20 pt or more.
    sizes = map_text(pdf_words(path)[0])
    keys = [size for word, size in sizes if word == "P/T"]
    assert len(keys) == len(vsm.steps) and min(keys) >= _A0_SHORT.get(name, 20) - 0.1, keys
    render_pngs(path, 10)


@needs_poppler
@pytest.mark.parametrize("name", [TEN_STEPS.name, TWELVE_STEPS.name, TANGLE.name, FIFTEEN_STEPS.name])
def test_a0_poster_of_ten_steps_prints_its_map_text_at_20_pt(printed, name):
    """Ten and twelve steps on A0 (two rows over the sheet's height; twelve with four flow
    tracks and kaizen bursts: tall rows), six branch lanes, and fifteen steps (four rows down
    a portrait sheet, see below): the data text, measured on the page, at 20 pt or more, and
    no text of the map smaller than the wait reasons at 8.5/9 of that (italic: their box is
    shorter, :data:`_ITALIC_BOX`); nothing said, no word past the sheet's edges."""
    path = printed[(name, "A0")]
    sizes = map_text(pdf_words(path)[0])
    assert min(size for word, size in sizes if word == "P/T") >= 20 - 0.1, sizes
    smallest = min(size for _, size in sizes) * _EM_BOX / _ITALIC_BOX
    assert smallest >= 20 * 8.5 / 9 - 0.1, sorted(sizes, key=lambda t: t[1])[:5]
    assert printed[("said", name, "A0")] == [] and words_past_edges(path) == []


@needs_poppler
@pytest.mark.parametrize("paper", ["A0", "A2"])
def test_a_poster_of_fifteen_steps_prints_its_map_text_at_its_target(printed, paper):
    """Fifteen steps take the first page of a portrait poster in four rows, packed closer
    than on a page, in a narrower margin, the masthead as short as it prints: their data
    text, measured on the page, reaches 20 pt on A0 (17.8 before), and on A2 the same in
    proportion (10 pt); the map across the sheet's width, the largest thing on it after the
    headline figures, its caption on the first page."""
    from vsm_draw.poster import target_pt

    vsm = load_file(str(FIFTEEN_STEPS))
    path = printed[(FIFTEEN_STEPS.name, paper)]
    short = {"A0": 841, "A2": 420}[paper]
    assert [min(s) for s in page_sizes(pdf_info(path))] == [round(short / 25.4 * 72)] * 2
    assert page_sizes(pdf_info(path))[0][0] < page_sizes(pdf_info(path))[0][1]  # portrait
    words = pdf_words(path)[0]
    sizes = map_text(words)
    keys = [size for word, size in sizes if word == "P/T"]
    assert len(keys) == len(vsm.steps) and min(keys) >= target_pt(short) - 0.1, keys
    # The map is the largest text after the headline figures (their values) and the title.
    title = max((w[4] - w[2]) / _EM_BOX for w in words if w[0] == "Feature")
    assert max(size for _, size in sizes) < title
    width = page_sizes(pdf_info(path))[0][0]
    assert max(w[3] for w in words) - min(w[1] for w in words) > 0.9 * width
    assert printed[("said", FIFTEEN_STEPS.name, paper)] == [] and words_past_edges(path) == []
    render_pngs(path, 10)


@needs_poppler
def test_a0_poster_of_twenty_steps_continues_on_a_second_landscape_sheet_unless_told(printed):
    """Twenty steps with two lanes were short of 20 pt on one A0 sheet (17 pt, landscape, as
    large as down a portrait one). The map now continues on a second landscape sheet, cut
    between whole rows, every step's data text at 20 pt or more and no warning; what follows
    the map goes on a third page; no word past an edge. --orientation portrait is obeyed."""
    path = printed[(TWENTY_STEPS.name, "A0")]
    assert page_sizes(pdf_info(path)) == [(3370, 2384)] * 3
    assert words_past_edges(path) == []
    keys = [size for word, size in map_sheets_text(path) if word == "P/T"]
    assert len(keys) == len(load_file(str(TWENTY_STEPS)).steps) and min(keys) >= 20 - 0.1, keys
    assert max(keys) - min(keys) < 0.1  # one scale on every sheet
    assert printed[("said", TWENTY_STEPS.name, "A0")] == []
    asked = printed[(TWENTY_STEPS.name, "A0 portrait")]
    assert page_sizes(pdf_info(asked))[0] == (2384, 3370)
    render_pngs(path, 10)


@needs_poppler
@pytest.mark.parametrize("name, floor", [(TWENTY_STEPS.name, 16.9), (LONG_30_LANES.name, 16.7)])
def test_a_masthead_over_a_map_filling_its_page_reads_from_afar(printed, name, floor):
    """Over a map that fills the first page of a landscape A0 poster the masthead shrank to
    45 %, its labels to 7 pt, the rating 9.7 pt and the figures' notes 8.8 pt beside the
    map's 17 pt. Set in fewer lines (the title and the people beside the figures), none of
    it prints under 12 pt, and the map's data text no smaller than it printed (16.99 pt for
    the twenty steps with two lanes, 16.7 for thirty with a lane)."""
    words = pdf_words(printed[(name, "A0")])[0]
    sizes = masthead_text(words)
    assert {"SUPPLIER", "CUSTOMER", "Flow", "Lead"} <= {word for word, _ in sizes}
    assert min(size for _, size in sizes) >= 12 - 0.1, sorted(sizes, key=lambda t: t[1])[:5]
    keys = [size for word, size in map_text(words) if word == "P/T"]
    assert min(keys) >= floor - 0.1, keys


@needs_poppler
@pytest.mark.parametrize("path, floor", [(LONG_20, 20.0), (LONG_30_LANES, 20.0)])
def test_a0_poster_of_a_long_map_prints_its_data_text_as_large_as_planned(printed, path, floor):
    """Twenty steps (generated) print their data text, measured on the page, at 20 pt on A0
    in the poster's shorter rows (19.2 pt planned before them); thirty steps with a lane
    at 20 pt or more on the sheets the map continues on (16.7 pt on one sheet before, with a
    warning naming that size). Every word on the sheet,
    none of the map smaller than the wait reasons at 8.5/9 of the data text."""
    name = path.name
    pdf = printed[(name, "A0")]
    sizes = map_sheets_text(pdf)
    keys = [size for word, size in sizes if word == "P/T"]
    assert len(keys) == len(load_file(str(path)).steps) and min(keys) >= floor - 0.1, keys
    smallest = min(size for _, size in sizes) * _EM_BOX / _ITALIC_BOX
    assert smallest >= min(keys) * 8.5 / 9 - 0.1, sorted(sizes, key=lambda t: t[1])[:5]
    said = printed[("said", name, "A0")]
    assert said == [] if min(keys) >= 20 - 0.05 else f"about {round(min(keys))} pt" in said[0], (said, keys)
    assert words_past_edges(pdf) == []
    render_pngs(pdf, 10)


def words_past_edges(path: Path) -> list[tuple[int, str, float, float, float, float]]:
    """Every word of the PDF (its page from 1, its text and box) not inside its page."""
    past = []
    for number, (page, (width, height)) in enumerate(
            zip(pdf_words(path), page_sizes(pdf_info(path))), 1):
        past += [(number, *w) for w in page
                 if w[1] < 0 or w[2] < 0 or w[3] > width + 0.5 or w[4] > height + 0.5]
    return past


@needs_poppler
@pytest.mark.parametrize("paper,size", [("A0", (2384, 3370)), ("A2", (1191, 1684))])
def test_a_one_page_portrait_poster_keeps_every_word_on_the_sheet(printed, paper, size):
    """A poster asked for portrait that fits on one page: the steps two columns wide, beside
    the story and the ideas, their last column (the wait's share of the lead time) inside the
    sheet; in a third of it the table ran past the right edge (its heading cut at "sh")."""
    path = printed[("code-review-wait.vsm.yaml", f"{paper} portrait")]
    assert page_sizes(pdf_info(path)) == [size]
    assert words_past_edges(path) == []
    assert "Wait, share of lead time" in pdf_text(path)
    render_pngs(path, 10)


#: Long step names: the step table's least width ran past an A4 page's right margin.
LONG_NAMES = """\
steps:
  - {name: Budget drafting together with the faculty controller, complete_accurate: 70%,
     process_time: 1d, wait_time: 2w}
  - {name: Letters of support from industrial partners, informal_wait: true, process_time: 3h}
  - {name: Final administrative check and signature by the dean, process_time: 1h,
     value_adding: false}
  - {name: Upload and submission in the agency portal, owner: Research office administrator,
     complete_accurate: 95%, process_time: 4h}
"""


@needs_poppler
def test_a_step_table_of_long_names_stays_inside_the_margins(tmp_path):
    """A table of long step names kept its columns' names on one line ("Wait, share of lead
    time") and ran 6.6 pt past the right margin of A4 (66 pt on an A0 poster's second page);
    the total value-adding time broke between its number and its unit ("10.2 / d")."""
    vsm = load_text(LONG_NAMES)
    sheet = sheet_for("A4", None, False)[0]
    target = tmp_path / "long-names.pdf"
    target.write_bytes(report_pdf(vsm, metrics(vsm), paper="A4"))
    right = (sheet.width_mm - sheet.margin_mm) * 72 / 25.4
    pages = [words for words in pdf_words(target) if "Step" in [w[0] for w in words]]
    assert pages
    for words in pages:
        body = [w for w in words if 45 < w[2] < 842 - 45]  # under the header, over the footer
        assert [w for w in body if w[3] > right + 0.5] == []
        total = next(w for w in body if w[0] == "Total,")
        row = [w for w in body if abs(w[2] - total[2]) < 1]
        assert humanize(metrics(vsm).value_added_time) in " ".join(w[0] for w in row)


#: A held-out map's title and boundary: words wider than an A4 page's text column.
LONG_WORDS = """\
title: Rentenversicherungsbeitragsrückerstattungsantragsbearbeitung — Ist-Zustand
boundaries:
  start: Antrag über https://www.example-rentenversicherung.de/antraege/beitragserstattung
  end: Betrag gutgeschrieben
steps:
  - {name: Versicherungsverlaufsprüfung, process_time: 1d}
"""


@needs_poppler
def test_a_word_wider_than_the_page_breaks_inside_the_margins(tmp_path):
    """The title's first word ran past the right edge of an A4 page, cut at
    "…antragsbea"; the same in the HTML report on a phone."""
    vsm = load_text(LONG_WORDS)
    sheet = sheet_for("A4", None, False)[0]
    target = tmp_path / "long-words.pdf"
    target.write_bytes(report_pdf(vsm, metrics(vsm), paper="A4"))
    right = (sheet.width_mm - sheet.margin_mm) * 72 / 25.4
    first = pdf_words(target)[0]  # the title, the boundaries, the figures
    assert [w for w in first if w[3] > right + 0.5] == []
    text = "".join(pdf_text(target).split())
    assert "Rentenversicherungsbeitragsrückerstattungsantragsbearbeitung" in text


#: A held-out map's owner: one word wider than the step table's column for it.
LONG_OWNER = """\
steps:
  - {name: Erfassung, owner: Sachbearbeitung Team Beitragserstattungsangelegenheiten,
     process_time: 30m, wait_time: 6d, complete_accurate: 60%,
     wait_reason: Stapel wird nur montags und donnerstags abgearbeitet}
  - {name: Versicherungsverlaufsprüfung, owner: Prüfgruppe, process_time: 2h, wait_time: 14d}
  - {name: Bescheiderstellung, owner: Sachbearbeitung, process_time: 45m, wait_time: 3d}
"""


@needs_poppler
def test_a_step_table_cell_of_one_long_word_breaks_it_inside_the_margins(tmp_path):
    """An owner of one word wider than its column ("Beitragserstattungsangelegenheiten")
    pushed the step table's last column past the A4 page's edge ("Wai" at 580-596 pt): the
    word now breaks where it reaches its column's edge, its last letters together, and the
    table stays inside the margins; the other words of the table are not broken."""
    vsm = load_text(LONG_OWNER)
    sheet = sheet_for("A4", None, False)[0]
    target = tmp_path / "long-owner.pdf"
    target.write_bytes(report_pdf(vsm, metrics(vsm), paper="A4"))
    right = (sheet.width_mm - sheet.margin_mm) * 72 / 25.4
    (words,) = [words for words in pdf_words(target) if "Step" in [w[0] for w in words]]
    body = [w for w in words if 45 < w[2] < 842 - 45]  # under the header, over the footer
    assert [w for w in body if w[3] > right + 0.5] == []
    texts = [w[0] for w in body]
    assert "Beitragserstattungsangelegenheiten" not in texts
    # broken once, with a hyphen (a soft one: report.breakable; WeasyPrint prints U+2010)
    start = next(i for i, t in enumerate(texts) if t.endswith("\u2010") and len(t) > 4
                 and "Beitragserstattungsangelegenheiten".startswith(t[:-1]))
    assert texts[start][:-1] + texts[start + 1] == "Beitragserstattungsangelegenheiten"
    assert len(texts[start + 1]) >= 4  # no lone letter on a line
    for word in ("Versicherungsverlaufsprüfung", "Bescheiderstellung", "Sachbearbeitung"):
        assert word in texts, word


#: Short and tall: it fits an A3 landscape page's width at 8 pt, and its height only past
#: the 150 mm the handout gives the whole map.
OVERVIEW_ONLY = """\
title: Mobile app fix
state: current
boundaries: {start: Bug report triaged, end: Fix in the app stores}
supplier: Support desk
customer: App users
steps:
  - {name: Develop, owner: Developers, wait_time: 4d, process_time: 1d, wait_reason: Sprint already full}
  - {name: Review, owner: Senior developer, wait_time: 2d, process_time: 2h}
  - {name: Store release, owner: Release manager, wait_time: 6d, process_time: 1h, value_adding: false,
     wait_reason: App store review and weekly release, kaizen: Phased release every two days}
info_flows:
  - {from: supplier, to: Develop, label: Jira ticket, kind: electronic}
"""


@needs_poppler
def test_a_map_whose_whole_page_caps_it_under_8_pt_gets_its_pages_in_detail(tmp_path):
    """The A3 handout left this map on its whole-map page, as if it printed there at 8 pt:
    the page's 150 mm cap printed it at 7.7 pt, and it had no other. Now it gets the map in
    detail, every step at 8 pt or more."""
    vsm = load_text(OVERVIEW_ONLY)
    target = tmp_path / "overview.pdf"
    target.write_bytes(report_pdf(vsm, metrics(vsm), paper="A3"))
    seen = set()
    for words in pdf_words(target):
        sizes = [(w[4] - w[2]) / _EM_BOX for w in words if w[0] == "P/T"]
        if sizes and min(sizes) >= 8 - 0.05:
            seen |= {s.name for s in vsm.steps if f" {s.name} " in f" {' '.join(w[0] for w in words)} "}
    assert seen == {s.name for s in vsm.steps}


@needs_poppler
def test_a_portrait_poster_wraps_a_headline_word_it_cannot_hold(printed):
    """A sixth of a portrait sheet is narrower than "not given" (the stamping plant gives no
    %C&A) at the headline figures' size: the words wrap in their box, not past the sheet."""
    path = printed[("stamping-plant.vsm.yaml", "A0 portrait")]
    assert words_past_edges(path) == []
    assert "not given" in " ".join(pdf_text(path).split())

@needs_poppler
@pytest.mark.parametrize("name", ["stamping-plant.vsm.yaml", "software-delivery.vsm.yaml"])
def test_a_two_page_poster_prints_its_second_page_at_full_size(printed, name):
    """The second page of a poster holds what follows the map at the sheet's type size (24 pt
    on A0). Its charts a column wide each, their text about 20 pt: three (the stamping plant's,
    with its operator balance) side by side in a row (one under another, they made the page
    too tall: it printed at 17.5 pt), two one under another."""
    pages = pdf_words(printed[(name, "A0")])
    assert len(pages) == 2
    sizes = Counter(round((w[4] - w[2]) / _EM_BOX, 1) for w in pages[1])
    assert sizes.most_common(1)[0][0] >= 24 - 0.1, sizes.most_common(3)
    words = {w[0]: w for w in pages[1]}
    if name.startswith("stamping"):
        charts = [words["scale"], words["Running"], words["within"]]  # time bar, Pareto, balance
        assert [w[1] for w in charts] == sorted(w[1] for w in charts)  # left to right
        assert max(w[2] for w in charts) < min(w[4] for w in charts) + 60  # in one row
    else:
        charts = [words["scale"], words["Running"]]
        assert charts[0][4] < charts[1][2]  # one under another
    assert min(w[4] - w[2] for w in charts) >= 18


@needs_poppler
def test_what_follows_a_width_limited_map_starts_under_it_on_the_first_page(tmp_path):
    """Five steps reach 20 pt across the A0 sheet's width in 40 % of its height; the story,
    the charts, the steps and how to read the map need a second page. What fits under the
    map starts there (before, the charts came first, too tall for the room, and took
    everything with them: the lower 40 % of the first page was blank), the rest follows on
    the second page; no word past the sheet's edges. Measured without the blank that a flex
    row left under its charts, the three charts side by side fit under the map (they
    printed the story beside the steps there, the charts on the second page)."""
    vsm = load_file(str(FIVE_TAKT))
    path = tmp_path / "poster.pdf"
    path.write_bytes(report_pdf(vsm, paper="A0"))
    first, second = pdf_words(path)
    sizes = map_text(first)
    assert min(size for word, size in sizes if word == "P/T") >= 20 - 0.1, sizes
    texts = [w[0] for w in first]
    under = [first[i] for i in range(len(texts)) if texts[i:i + 3] in (
        ["Where", "to", "start:"], ["Step", "by", "step"], ["In", "flow", "order,"])]
    caption = next(first[i] for i in range(len(texts)) if texts[i:i + 2] == ["lead-time", "ladder"])
    assert under and min(w[2] for w in under) > caption[4], under
    height = 841 * 72 / 25.4
    assert max(w[4] for w in first) > 0.75 * height  # its lower part used: 82 %
    both = texts + [w[0] for w in second]
    assert {"Where", "Step", "Running", "How"} <= set(both)
    assert "Total," in both  # the table whole, its totals row with it
    assert words_past_edges(path) == []


@needs_poppler
def test_what_follows_a_map_starts_under_it_a_little_smaller_when_nothing_fits_there(tmp_path):
    """The stamping plant on A0: its map reaches 20 pt across the sheet's width and leaves
    165 mm under it, where nothing of what follows fitted at the second page's type (the
    story beside the steps 216 mm tall, the charts 215): the first page's lowest word
    stood at 648 mm of 841. The story and the steps now start there at 74 % of that type
    (17.8 pt on A0, above a one-page poster's 70 %), the charts, the ideas and how to read
    the map follow on the second page at its full size; the map keeps its size."""
    vsm = load_file(str(EXAMPLES / "stamping-plant.vsm.yaml"))
    path = tmp_path / "poster.pdf"
    path.write_bytes(report_pdf(vsm, paper="A0"))
    first, second = pdf_words(path)
    assert min(size for word, size in map_text(first) if word == "P/T") >= 20 - 0.1
    texts = [w[0] for w in first]
    assert {"Where", "Step", "Total,"} <= set(texts)  # the story and the table, whole
    assert max(w[4] for w in first) > 0.9 * 841 * 72 / 25.4
    assert {"Running", "How"} <= {w[0] for w in second}
    assert words_past_edges(path) == []


@needs_poppler
def test_what_follows_a_width_limited_map_without_a_third_chart_starts_under_it_too(tmp_path):
    """The same five steps without takt draw two charts, no balance: a landscape second page
    holds them one under another, and measured so (three times as tall as side by side)
    nothing fitted under the map: the lower 35 % of the first page was blank (a held-out
    map of seven steps: 55 %); measured as they flow under the map, side by side, the charts
    started there, the rest on a second page. Measured without the blank a flex row left
    under the charts (30edde1), all of it fits one sheet at 70 % of the type or more: the
    map at 20 pt, the charts and the rest under it; no word past the sheet's edges."""
    vsm = load_file(str(FIVE_NO_TAKT))
    path = tmp_path / "poster.pdf"
    path.write_bytes(report_pdf(vsm, paper="A0"))
    (first,) = pdf_words(path)
    assert min(size for word, size in map_text(first) if word == "P/T") >= 20 - 0.1
    texts = [w[0] for w in first]
    caption = next(first[i] for i in range(len(texts)) if texts[i:i + 2] == ["lead-time", "ladder"])
    charts = [first[i] for i in range(len(texts)) if texts[i:i + 3] == ["In", "flow", "order,"]]
    assert charts and charts[0][2] > caption[4], charts
    assert {"Waiting", "Where", "Step", "Total,", "How"} <= set(texts)  # the table whole
    assert words_past_edges(path) == []


@needs_poppler
@pytest.mark.parametrize("name, paper", [
    ("code-review-wait.vsm.yaml", "A0"), ("support-working-calendar.vsm.yaml", "A0"),
    ("code-review-wait.vsm.yaml", "A0 portrait"), ("code-review-wait.vsm.yaml", "A2 portrait")])
def test_a_one_page_posters_charts_print_at_most_of_its_type_size(printed, name, paper):
    """On one sheet the charts stand in a third of it: drawn as for a page, their text
    printed at 8.8 to 10.1 pt beside 16.8 pt prose on A0 (12.3 beside 21.9 in portrait).
    Drawn for their column, every word of them at 70 % of the body type or more, above how
    to read the map and the story, nothing of the sheet overlapping."""
    path = printed[(name, paper)]
    (words,) = pdf_words(path)
    texts = [w[0] for w in words]
    start = next(i for i in range(len(texts)) if texts[i:i + 4] == ["In", "flow", "order,", "to"])
    top, left = words[start][2] - 1, words[start][1] - 1
    under = [w[2] for i, w in enumerate(words) if w[2] > top + 5 and (
        texts[i:i + 3] == ["How", "to", "read"] or texts[i:i + 3] == ["Where", "to", "start:"])]
    table = [w[1] for w in words if w[0] == "Step" and abs(w[2] - top) < 100 and w[1] > left]
    charts = [w for w in words if top <= w[2] and w[4] <= min(under) and w[1] >= left
              and w[3] <= min(table, default=1e9)]
    body = Counter(round((w[4] - w[2]) / _EM_BOX, 1) for w in words
                   if w[2] > top).most_common(1)[0][0]
    assert "Running" in [w[0] for w in charts] or "running" in [w[0] for w in charts]
    smallest = min(charts, key=lambda w: w[4] - w[2])
    assert (smallest[4] - smallest[2]) / _EM_BOX >= 0.7 * body - 0.05, (smallest, body)
    assert len(charts) == len([w for w in words if top <= w[2] < min(under) - 1 and
                               w[1] >= left and w[3] <= min(table, default=1e9)])
    assert overlapping([w for w in words if w[2] >= top]) == []  # what follows the map
    assert words_past_edges(path) == []


#: One step: its story is shorter than its charts.
ONE_STEP = """\
title: Key cutting
unit: minutes
steps:
  - {name: Cut the key, wait_time: 9, process_time: 4}
"""


@needs_poppler
def test_a_one_page_posters_charts_stay_clear_of_how_to_read_the_map_under_them(tmp_path):
    """On a one-page poster the charts stood in two rows of the sheet's grid, beside the
    story, and WeasyPrint sized those rows without them: under a one-step map's short story
    they ran some 30 mm into how to read the map (its heading over the charts' key). Now
    they take one row, how to read the map starts under them, nothing overlaps."""
    vsm = load_text(ONE_STEP)
    path = tmp_path / "one-step.pdf"
    path.write_bytes(report_pdf(vsm, paper="A0"))
    (words,) = pdf_words(path)
    texts = [w[0] for w in words]
    howto = next(words[i] for i in range(len(texts)) if texts[i:i + 3] == ["How", "to", "read"])
    key = [w for w in words if w[0] in ("waiting", "working")]  # the time bar's key
    assert key and max(w[4] for w in key) < howto[2], (key, howto)
    top = next(w[2] for i, w in enumerate(words) if texts[i:i + 3] == ["In", "flow", "order,"])
    assert overlapping([w for w in words if w[2] >= top - 1]) == []
    assert words_past_edges(path) == []


def overlapping(words: list[tuple[str, float, float, float, float]]) -> list[tuple]:
    """Pairs of words whose boxes overlap by more than a point each way."""
    found = []
    ordered = sorted(words, key=lambda w: w[2])
    for i, a in enumerate(ordered):
        for b in ordered[i + 1:]:
            if b[2] > a[4] - 1:
                break
            if min(a[3], b[3]) - max(a[1], b[1]) > 1 and min(a[4], b[4]) - max(a[2], b[2]) > 1:
                found.append((a, b))
    return found


def masthead_bottom(words: list[tuple[str, float, float, float, float]]) -> float:
    """How far down a poster's masthead and figures reach (pt): the rating under the
    headline figures, and the lines of the masthead beside them that run on lower (the
    title and the people beside the figures, a line under another, the map well below)."""
    texts = [w[0] for w in words]
    rating = next(i for i in range(len(texts)) if texts[i:i + 2] == ["Flow", "efficiency"]
                  and texts[i + 3].endswith(":"))
    bottom, more = words[rating][4], True
    while more:
        below = [w[4] for w in words if bottom < w[4] and w[2] < bottom + 0.4 * (w[4] - w[2])]
        more, bottom = bool(below), max(below, default=bottom)
    return bottom


def masthead_text(words: list[tuple[str, float, float, float, float]]) -> list[tuple[str, float]]:
    """The words of a poster's masthead and figures with their size in points."""
    bottom = masthead_bottom(words)
    return [(w[0], (w[4] - w[2]) / _EM_BOX) for w in words if w[4] <= bottom]


def map_sheets_text(path: Path) -> list[tuple[str, float]]:
    """The words of a poster's map with their size in points, on every sheet it takes: the
    first page's (:func:`map_text`) and every later page's that continues it ("continued
    from sheet N": a map sheet holds nothing else)."""
    pages = pdf_words(path)
    sizes = map_text(pages[0])
    for words in pages[1:]:
        texts = [w[0] for w in words]
        if any(texts[i:i + 3] == ["continued", "from", "sheet"] for i in range(len(texts))):
            sizes += [(w[0], (w[4] - w[2]) / _EM_BOX) for w in words]
    return sizes


def map_text(words: list[tuple[str, float, float, float, float]]) -> list[tuple[str, float]]:
    """The words of a poster's map with their size in points: those between the masthead
    (:func:`masthead_bottom`) and the map's caption ("...the lead-time ladder beneath")."""
    texts = [w[0] for w in words]
    caption = next(i for i in range(len(texts)) if texts[i:i + 2] == ["lead-time", "ladder"])
    top, bottom = masthead_bottom(words), words[caption][2]
    return [(w[0], (w[4] - w[2]) / _EM_BOX) for w in words if top < w[2] and w[4] < bottom]


def pdf_words(path: Path) -> list[list[tuple[str, float, float, float, float]]]:
    """Each page's words with their boxes (x0, y0, x1, y1 in points), from pdftotext -bbox."""
    out = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True,
                         text=True, check=True).stdout
    pages = []
    for page in out.split("<page ")[1:]:
        pages.append([(htmllib.unescape(w), float(a), float(b), float(c), float(d)) for a, b, c, d, w
                      in re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                                    r'yMax="([\d.]+)">([^<]*)</word>', page)])
    return pages


#: Height of a word's box over its font size (DejaVu Sans ascent + descent), and of an
#: italic word's (DejaVu Sans Oblique, as pdftotext measures it).
_EM_BOX = 1.164
_ITALIC_BOX = 1.095


@needs_poppler
@pytest.mark.parametrize("name", [p.name for p in EXAMPLE_MAPS])
def test_a4_map_pages_cut_between_steps_with_readable_data(printed, name):
    """Each step whole on one page of the map in detail, its data text at 8 pt or more, every
    word inside the page; no heading left alone at the foot of a page."""
    path = printed[(name, "A4")]
    vsm = load_file(str(EXAMPLES / name))
    pages = pdf_words(path)
    detail = [words for words in pages if "detail," in [w[0] for w in words]]
    if detail:
        seen = []
        for words in detail:
            body = [w for w in words if w[2] > 70]  # below the running header and the heading
            joined = " ".join(w[0] for w in body)
            seen += [s.name for s in vsm.steps if f" {s.name} " in f" {joined} "]
            for key in [w for w in body if w[0] == "P/T"]:
                assert (key[4] - key[2]) / _EM_BOX >= 8 - 0.05, (name, key)
        assert set(seen) == {s.name for s in vsm.steps}, "each step on a page of the map in detail"
    for words in pages:
        for w in words:
            assert 0 <= w[1] and w[3] <= 842 + 1, (name, w)
    text = pdf_text(path)
    assert "continued in part 2" in text or not detail


@needs_poppler
@pytest.mark.parametrize("path, paper, least, turns", [
    (ROOT / "tests" / "data" / "twelve-steps.vsm.yaml", "A4 landscape", 8, False),
    (EXAMPLES / "mortgage-approval.vsm.yaml", "A4 landscape", 8, True), (WIDE, "A4", 8, False),
    (TALL, "A4 landscape", 8, True), (TALL, "A4", 8, False), (ONE_TALL, "A4", 8, False)])
def test_map_pages_of_held_out_maps_print_whole_steps_at_8_pt(printed, path, paper, least, turns):
    """A landscape report's map pages turn portrait when a step's column is too tall for a
    landscape page at 8 pt; a small map with wide boxes takes two pages, not one a step.
    Every step on a page of the map in detail, its data text at 8 pt or more (the tall map's
    column of lanes, taller than A4 at 8 pt, cut across between them: it printed at 6.9 pt),
    every word inside its own page; a map whose lanes make one column tall prints the others
    under it shut up, at 8 pt or more."""
    target = printed[(path.name, paper)]
    vsm = load_file(str(path))
    pages, sizes = pdf_words(target), page_sizes(pdf_info(target))
    detail = [k for k, words in enumerate(pages) if "detail," in [w[0] for w in words]]
    assert detail
    seen = []
    for k in detail:
        body = [w for w in pages[k] if w[2] > 70]
        joined = " ".join(w[0] for w in body)
        seen += [s.name for s in vsm.steps if f" {s.name} " in f" {joined} "]
        keys = [(w[4] - w[2]) / _EM_BOX for w in body if w[0] == "P/T"]
        assert keys and min(keys) >= least - 0.05, (k, keys)
    assert set(seen) == {s.name for s in vsm.steps}
    if path == TALL:  # its column of lanes cut across, marked where it goes on and comes from
        text = " ".join(w[0] for k in detail for w in pages[k])
        assert "▼" in text and "▲ continued from part" in text, text
    turned = {sizes[k] for k in detail}
    assert len(turned) == 1 and (turned != {sizes[0]}) == turns  # the report's own turned?
    for words, (width, height) in zip(pages, sizes):
        for w in words:
            assert 0 <= w[1] and w[3] <= width + 1 and w[4] <= height + 1, w


@needs_poppler
def test_a_landscape_handout_keeps_the_bottleneck_on_its_first_page(printed):
    """A landscape page is short and wide: the headline figures on one row and the
    bottleneck's story and longest waits in two columns keep them all on the first page
    (the longest waits moved to an almost empty second one); the charts at most 54em wide
    (across the page their text was larger than the report's and the Pareto a page alone)."""
    for other in (TALL.name, "twelve-steps.vsm.yaml"):  # a story of five paragraphs, of four
        blocks = printed["blocks", other, "A4 landscape"]
        assert "li ol 3/3" in blocks[0] and "h2 The map" in blocks[1], (other, blocks[:2])
    name = "mortgage-approval.vsm.yaml"
    blocks = printed["blocks", name, "A4 landscape"]
    assert "li ol 3/3" in blocks[0] and "h2 The map" in blocks[1], blocks[:2]
    pages = pdf_words(printed[(name, "A4 landscape")])
    figures = [w for w in pages[0] if w[0] in ("Lead", "Process", "Rolled")]
    assert len(figures) == 4 and len({round(w[2]) for w in figures}) == 1, figures  # one row
    charts = next(words for words in pages if "Where the time goes" in " ".join(w[0] for w in words))
    heading = next(w for w in charts if w[0] == "Where")
    end = next((w[2] for w in charts if w[0] == "Step" and w[2] > heading[4]), 595 - 40)
    body = [w for w in charts if heading[4] + 5 < w[2] < end - 2]  # the charts, to "Step by step"
    # One under the other, or side by side (the charts open a landscape page after the map's
    # portrait ones): each chart at most 54em wide.
    middle = 842 / 2
    sides = ([[w for w in body if w[3] <= middle], [w for w in body if w[1] >= middle]]
             if all(w[3] <= middle or w[1] >= middle for w in body) else [body])
    assert all(max(w[3] for w in side) - min(w[1] for w in side) <= 54 * 10 + 1
               for side in sides if side)


@needs_poppler
def test_a_landscape_handout_puts_the_time_bar_and_the_pareto_side_by_side_when_stacked_they_do_not_fit(printed):
    """One under the other they are taller than a landscape page: the Pareto went to the next
    page and left the time bar's half empty (software-delivery: 49 % of it inked). Side by
    side, each drawn for half the page, they share it, their type no smaller than 8 pt."""
    name = "software-delivery.vsm.yaml"
    blocks = printed["blocks", name, "A4 landscape"]
    captions = [k for k, held in enumerate(blocks) for b in held
                if b.startswith(("figcaption Of the", "figcaption The waits by step"))]
    assert len(captions) == 2 and captions[0] == captions[1], captions
    words = pdf_words(printed[(name, "A4 landscape")])[captions[0]]
    heading = next(w for w in words if w[0] == "Where")
    body = [w for w in words if heading[4] + 5 < w[2] < 595 - 40]
    timebar = next(w for w in body if w[0] == "flow")  # "In flow order, to scale"
    pareto = next(w for w in body if w[0] == "running")  # "running total"
    assert timebar[3] < 842 / 2 < pareto[1] and abs(timebar[2] - pareto[2]) < 30
    assert min((w[4] - w[2]) / _EM_BOX for w in body) >= 8 - 0.05
    assert max(w[4] for w in body) - heading[2] > 0.7 * (595 - 2 * 45)  # the page filled


@needs_poppler
@pytest.mark.parametrize("name", ["mortgage-approval.vsm.yaml", "tall-claims.vsm.yaml"])
def test_charts_after_map_pages_turned_open_a_page_of_the_handouts_own(printed, name):
    """On A4 landscape these maps' pages in detail are turned portrait. "Where the time
    goes" began in the last of them's leftover room: the time bar there, the Pareto cut from
    it onto the next (landscape) page. It opens a landscape page of its own, its heading and
    both charts on it."""
    path = EXAMPLES / name if (EXAMPLES / name).exists() else TALL
    blocks = printed["blocks", path.name, "A4 landscape"]
    heading = [k for k, held in enumerate(blocks) for b in held if b == "h2 Where the time goes"]
    captions = [k for k, held in enumerate(blocks) for b in held
                if b.startswith(("figcaption Of the", "figcaption The waits by step"))]
    assert len(heading) == 1 and captions == heading * 2, (heading, captions)
    k = heading[0]
    assert not any(b.startswith("h2 The map in detail") for b in blocks[k])
    page = subprocess.run(["pdfinfo", "-f", str(k + 1), "-l", str(k + 1),
                           str(printed[(path.name, "A4 landscape")])],
                          capture_output=True, text=True, check=True).stdout
    width, height = map(float, re.search(r"size:\s+([\d.]+) x ([\d.]+)", page).groups())
    assert width > height, page


def page_break_problems(pages: list[list[str]]) -> list[str]:
    """What breaks badly between pages: a heading at the foot of a page, a table's rows or a
    list's items split so that one stands alone at the foot or head of a page, or the total
    row without the rows above it. ``pages`` as from vsm_draw.pdf._page_blocks."""
    problems = []
    for number, held in enumerate(pages, 1):
        if held and held[-1].split()[0] in ("h1", "h2", "h3"):
            problems.append(f"page {number} ends with a heading: {held[-1]}")
        runs: list[list[tuple[str, int, int]]] = []  # rows or items in a row, one group
        for block in held:
            tag, *rest = block.split()
            if tag not in ("tr", "li") or rest[0] == "thead":
                runs.append([])
                continue
            group, (place, count) = rest[0], map(int, rest[1].split("/"))
            last = runs[-1][-1] if runs and runs[-1] else None
            follows = last and (place == last[1] + 1 and group == last[0]
                                or group == "tfoot" and last[0] == "tbody" and last[1] == last[2])
            if follows:
                runs[-1].append((group, place, count))
            else:
                runs.append([(group, place, count)])
        for run in filter(None, runs):
            body = [r for r in run if r[0] != "tfoot"]
            if not body and run[0][0] == "tfoot":
                problems.append(f"page {number} starts with a total row alone")
                continue
            first, last = body[0], body[-1]
            split = first[1] > 1 or last[1] < last[2]
            if split and first[2] > 1 and len(run) < 2:
                where = "head" if first[1] > 1 else "foot"
                problems.append(f"page {number}: a lone {first[0]} row/item at its {where}")
    return problems


def test_page_break_problems_are_found():
    assert page_break_problems([["h2 A", "p a"], ["tr tbody 1/3", "tr tbody 2/3"],
                                ["tr tbody 3/3", "tr tfoot 1/1"]]) == []
    assert page_break_problems([["p a", "h2 Step by step"], ["tr thead 1/1", "tr tbody 1/2"],
                                ["tr tbody 2/2"], ["tr tfoot 1/1"], ["li ul 1/3", "li ul 2/3"],
                                ["li ul 3/3", "p x"]]) == [
        "page 1 ends with a heading: h2 Step by step", "page 2: a lone tbody row/item at its foot",
        "page 3: a lone tbody row/item at its head", "page 4 starts with a total row alone",
        "page 6: a lone ul row/item at its head"]


@pytest.mark.parametrize("name, paper", [(p.name, _key(paper, o)) for p, paper, o in PRINTS
                                              if paper not in POSTER_PAPERS])
def test_no_heading_row_or_item_left_alone_at_a_page_break(printed, name, paper):
    """Read from WeasyPrint's own page boxes (no poppler needed)."""
    pages = printed["blocks", name, paper]
    assert len(pages) >= 3 and page_break_problems(pages) == [], pages


#: A held-out map whose bottleneck's story, long step names and long wait reasons fill the
#: first A4 page: its longest waits went over to a second page, alone, before the map's page.
STORY_SPILLS = """\
title: Forschungsantrag bei der Deutschen Forschungsgemeinschaft — Einreichung der Sachbeihilfe am Lehrstuhl, Ist-Zustand
boundaries: {start: Idee im Lehrstuhl abgestimmt und Förderlinie gewählt, end: Antrag im elan-Portal vollständig eingereicht}
steps:
  - {name: Budget drafting together with the faculty controller, owner: Lehrstuhlinhaberin, complete_accurate: 70%,
     process_time: 1d, wait_time: 2w, wait_reason: Der Fakultätscontroller bearbeitet Budgetentwürfe nur in der
       zweiten Monatshälfte und verlangt jedes Mal die aktuellen Personalkostensätze}
  - {name: Letters of support from industrial partners, owner: Projektkoordination, informal_wait: true,
     process_time: 3h, wait_time: 3w, wait_reason: Industriepartner unterschreiben erst nach Freigabe durch ihre
       Rechtsabteilung und die Geschäftsführung}
  - {name: Final administrative check and signature by the dean, owner: Dekanat, process_time: 1h, wait_time: 1w,
     value_adding: false, wait_reason: Die Unterschriftenmappe des Dekanats läuft nur einmal pro Woche durch alle
       Sekretariate, rework: {to: budget-drafting-together-with-the-faculty-controller, rate: 30%}}
  - {name: Upload and submission in the agency portal, owner: Research office administrator,
     complete_accurate: 95%, process_time: 4h, wait_time: 2d}
"""


def test_the_longest_waits_do_not_stand_alone_on_a_page_before_the_map():
    """The story spilled onto page 2, which held only "The longest waits" and its three
    items, because the map begins a page of its own: the charts now come before the map and
    fill that page (7 pages before and after). Read from WeasyPrint's page boxes."""
    vsm = load_text(STORY_SPILLS)
    pages: list[list[str]] = []
    report_pdf(vsm, metrics(vsm), paper="A4", blocks=pages)
    start = next(k for k, held in enumerate(pages) if "h2 The map" in held)
    before = pages[start - 1]
    assert start >= 2 and "h3 The longest waits" in before, pages
    assert "h2 Where the time goes" in before and sum(b.startswith("figure") for b in before) == 2, before
    assert page_break_problems(pages) == []


def test_the_longest_waits_share_their_page_with_the_time_bar_on_a_landscape_handout():
    """A 16-step French purchasing map on A4 landscape: the longest waits spill onto page 2
    and the charts come before the map, but side by side they are one block too tall for
    what page 2 leaves, so page 2 held the three waits alone (about 25 % full) and the
    pair page 3. One under the other, the time bar fills page 2 under them and the Pareto
    page 3, on as many pages (12)."""
    vsm = load_file(str(ROOT / "tests" / "data" / "achats-seize.vsm.yaml"))
    pages: list[list[str]] = []
    report_pdf(vsm, metrics(vsm), paper="A4", orientation="landscape", blocks=pages)
    assert len(pages) == 12
    second = pages[1]
    assert "h3 The longest waits on the critical path" in second, second
    assert "h2 Where the time goes" in second, second
    assert any(b.startswith("figcaption Of the") for b in second), second  # the time bar
    assert page_break_problems(pages) == []


def _gap_over(words, first: str) -> float:
    """The room (pt) between the first word ``first`` on a page and the lowest word above it
    in its column (a column 300 pt wide from its left edge)."""
    x, y = min((w[1], w[2]) for w in words if w[0] == first)
    return y - max(w[4] for w in words if w[4] < y and x - 2 <= w[1] < x + 300)


@needs_poppler
def test_a_portrait_posters_second_page_has_no_blank_band_under_its_charts(tmp_path):
    """Side by side in a flex row, WeasyPrint made each chart's figure as tall as the chart
    drawn narrower: the Pareto's 130 mm taller than its chart and caption, so "Where to
    start" began 174 mm under the time bar on the second page of an A0 portrait poster (in
    the charts' own grid columns now: 42 mm, the Pareto's height beside it)."""
    vsm = load_file(str(HEALTH_CLAIMS))
    target = tmp_path / "health-claims-a0.pdf"
    target.write_bytes(report_pdf(vsm, metrics(vsm), paper="A0"))
    pages = pdf_words(target)
    assert len(pages) == 2 and page_sizes(pdf_info(target))[1] == (2384, 3370)
    assert _gap_over(pages[1], "Where") < 60 * 72 / 25.4


def render_pngs(path: Path, dpi: int) -> None:
    """Keep the pages as pictures next to the PDF, to be looked at."""
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), str(path), str(path.with_suffix(""))],
                   check=True)
    assert path.with_name(path.stem + "-1.png").exists() or path.with_name(
        path.stem + "-01.png").exists()


@needs_poppler
def test_fonts_are_embedded_and_graphics_are_vector(printed):
    path = printed[("software-delivery.vsm.yaml", "A4")]
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True,
                           check=True).stdout.splitlines()[2:]
    assert fonts and all(re.search(r"\byes\s+yes\s+(yes|no)\s+\d+\s+\d+\s*$", f) for f in fonts)
    images = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, text=True,
                            check=True).stdout.splitlines()[2:]
    assert images == []  # no raster anywhere: diagram and charts are vector


def test_same_map_same_bytes_with_source_date_epoch(monkeypatch, tmp_path):
    vsm = load_file(str(EXAMPLES / "code-review-wait.vsm.yaml"))
    m = metrics(vsm)
    svg = inline_svg(render_diagram(vsm, m, "svg"), css_class="diagram", label=vsm.title)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    created = source_date(vsm)
    assert created == "2026-09-21T14:13:20Z"
    first = report_pdf(vsm, m, created=created, diagram=svg)
    second = report_pdf(vsm, m, created=created, diagram=svg)
    assert first == second
    if POPPLER:
        (tmp_path / "r.pdf").write_bytes(first)
        info = subprocess.run(["pdfinfo", "-isodates", str(tmp_path / "r.pdf")],
                              capture_output=True, text=True, check=True).stdout
        assert re.search(r"CreationDate:\s+2026-09-21T14:13:20", info)


def test_source_date_falls_back_to_the_map_date_never_the_clock(monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    vsm = load_file(str(EXAMPLES / "code-review-wait.vsm.yaml"))
    assert source_date(vsm) == "2026-09-30"
    assert source_date(load_text("steps:\n  - {name: A}\n")) is None
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "soon")
    with pytest.raises(ValueError, match="SOURCE_DATE_EPOCH"):
        source_date(vsm)


def test_paper_and_orientation():
    sheet, layout = sheet_for("a4")
    assert (layout, sheet.size, sheet.diagram_size) == ("handout", "A4 portrait", "A4 landscape")
    sheet, layout = sheet_for("letter", "landscape")
    assert (layout, sheet.width_mm, sheet.height_mm) == ("handout", 279.4, 215.9)
    a0, layout = sheet_for("A0")
    a1, _ = sheet_for("A1", "portrait")
    assert layout == "poster" and a0.size == "A0 landscape" and a1.size == "A1 portrait"
    assert a0.font_pt == 24 and a1.font_pt < a0.font_pt
    a3, layout = sheet_for("A3", poster=True)  # a poster for a small wall
    assert (layout, a3.size, a3.font_pt) == ("poster", "A3 landscape", round(24 * 297 / 841, 2))
    assert sheet_for("A1", poster=False)[1] == "handout"
    with pytest.raises(ValueError):
        sheet_for("B5")


class _Recorder(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self):  # noqa: N802 (the http.server API)
        self.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def web_server():
    """A local web server on 127.0.0.1 that records every request it gets."""
    _Recorder.hits = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", _Recorder.hits
    server.shutdown()
    server.server_close()
    thread.join()


@needs_poppler
def test_hostile_map_text_is_printed_as_text_and_fetches_nothing(web_server, tmp_path, caplog):
    base, hits = web_server
    text = EVIL_MAP.replace("http://127.0.0.1:9", base)
    map_path = tmp_path / "evil.vsm.yaml"
    map_path.write_text(text, encoding="utf-8")
    out = tmp_path / "evil.pdf"
    with caplog.at_level(logging.DEBUG, logger="weasyprint"):
        result = CliRunner().invoke(main, ["report", str(map_path), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert hits == []
    assert caplog.records == []
    printed = pdf_text(out)
    assert "<script>alert(1)</script>" in printed
    assert '<img src="file:///etc/passwd">' in printed
    assert "root:" not in printed


def test_the_fetcher_refuses_the_outside_even_in_raw_html(web_server, tmp_path, caplog):
    base, hits = web_server
    hostile = (
        f'<html><head><link rel="stylesheet" href="{base}/style.css">'
        f'<style>@import url("{base}/import.css"); body {{ background: url({base}/bg.png) }}'
        "</style></head><body>"
        f'<img src="{base}/img.png"><img src="file:///etc/passwd"><img src="/etc/hostname">'
        f'<svg xmlns="http://www.w3.org/2000/svg"><image href="{base}/svg.png"/></svg>'
        '<img src="data:image/svg+xml,%3Csvg xmlns=%22http://www.w3.org/2000/svg%22/%3E">'
        "<p>still prints</p></body></html>"
    ).encode()
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        pdf = html_to_pdf(hostile)
    assert pdf.startswith(b"%PDF")
    assert hits == []
    refused = " ".join(r.getMessage() for r in caplog.records)
    assert "img.png" in refused and "/etc/passwd" in refused


def test_fetcher_serves_data_and_the_packages_own_files_only(tmp_path):
    fetcher = safe_fetcher()
    assert fetcher("data:text/plain,hello").read() == b"hello"
    font = (ROOT / "vsm_draw" / "fonts" / "DejaVuSans.ttf").resolve()
    assert fetcher(font.as_uri()).read()[:4] == font.read_bytes()[:4]
    outside = tmp_path / "secret.txt"
    outside.write_text("secret")
    escape = (ROOT / "vsm_draw" / "fonts").as_uri() + "/../../../" + str(outside).lstrip("/")
    for url in (outside.as_uri(), escape, "file:///etc/passwd", "http://127.0.0.1:1/",
                "https://example.com/", "ftp://example.com/x"):
        with pytest.raises(ValueError, match="fetches nothing"):
            fetcher(url)


def _compare_chart_words(target: Path) -> list[tuple[str, float, float, float, float]]:
    """The words of a comparison handout's chart: from its heading ("Lead time, map by map")
    to its caption, over as many pages as it takes (the page breaks between its parts). The
    heading is never the last word of its page."""
    chart: list[tuple[str, float, float, float, float]] = []
    started = False
    for words in pdf_words(target):
        texts = [w[0] for w in words]
        start = 0
        if not started:
            found = next((i for i in range(len(texts))
                          if texts[i:i + 4] == ["time,", "map", "by", "map"]), None)
            if found is None:
                continue
            started, start = True, found + 4
            footer = {"vsm-draw", "workshop", "report", "Page", "of"}
            body = [w for w in words[start:] if w[0] not in footer and not w[0].isdigit()]
            assert len(texts) > start and body, "the heading has its chart under it"
        end = next((i for i in range(start, len(texts))  # the caption under it
                    if texts[i:i + 3] in (["Step", "by", "step,"], ["One", "row", "per"])), None)
        chart += words[start:end]
        if end is not None:
            break
    return chart


@needs_poppler
@pytest.mark.parametrize("orientation", ["portrait", "landscape"])
def test_compare_handout_prints_its_chart_at_8_pt_every_step_named(tmp_path, orientation):
    """The comparison report on A4 (compare --report: landscape) prints its chart for the
    page: the wide picture (1413 pt) shrank to the page printed its text at about 3 pt. Every
    word of the chart at 8 pt or more, each step's whole name in it, the better and worse marks."""
    from vsm_draw.compare import compare
    from vsm_draw.compare_report import compare_html

    c = compare([load_file(str(p)) for p in sorted((EXAMPLES / "quarterly").glob("*.yaml"))])
    sheet, _ = sheet_for("A4", orientation)
    target = tmp_path / "compare.pdf"
    target.write_bytes(html_to_pdf(compare_html(c, layout="handout", sheet=sheet,
                                                created=source_date(c.maps[-1]))))
    chart = _compare_chart_words(target)
    assert chart, "the chart is on a page"
    sizes = sorted((w[4] - w[2]) / _EM_BOX for w in chart)
    assert sizes[0] >= 8 - 0.05, sizes[:5]
    joined = " " + " ".join(w[0] for w in chart) + " "
    for row in c.steps:
        if any(row.on_critical_path):
            assert f" {row.name} " in joined, row.name
    assert "▼" in joined and "▲" in joined


@needs_poppler
@pytest.mark.parametrize("orientation", ["portrait", "landscape"])
def test_compare_handout_of_three_maps_prints_the_trend(tmp_path, orientation):
    """With three maps or more the comparison on a screen has a trend of lead time and flow
    efficiency; on paper it was left out. It prints among the chart's parts: both panels, the
    15 % line's note, every map's lead time and flow efficiency and its whole label, every
    word at 8 pt or more; the section's heading is not left alone at the foot of a page, and
    two maps get no trend."""
    from vsm_draw.compare import compare
    from vsm_draw.compare_report import compare_html
    from vsm_draw.durations import format_percent

    quarters = [load_file(str(p)) for p in sorted((EXAMPLES / "quarterly").glob("*.yaml"))]
    sheet, _ = sheet_for("A4", orientation)
    for maps in (quarters, quarters[:2]):
        c = compare(maps)
        target = tmp_path / f"compare{len(maps)}.pdf"
        target.write_bytes(html_to_pdf(compare_html(c, layout="handout", sheet=sheet,
                                                    created=source_date(c.maps[-1]))))
        chart = _compare_chart_words(target)
        joined = " " + " ".join(w[0] for w in chart) + " "
        if len(maps) == 2:
            assert "over the maps" not in joined
            continue
        sizes = sorted((w[4] - w[2]) / _EM_BOX for w in chart)
        assert sizes[0] >= 8 - 0.05, sizes[:5]
        assert " Lead time over the maps " in joined
        assert " Flow efficiency over the maps " in joined
        assert " - - 15 %: below it, significant waste " in joined
        for label, v, m in zip(c.labels, c.maps, c.metrics):
            assert joined.count(f" {label} ") >= 3, label  # under each panel, in the key
            assert joined.count(f" {humanize(m.lead_time, v.calendar)} ") >= 2
            assert f" {format_percent(m.flow_efficiency)} " in joined


@pytest.mark.parametrize("shadow", ["vsm_draw/__init__.py", "weasyprint.py", "yaml.py"])
def test_the_printing_process_imports_nothing_from_the_current_folder(tmp_path, shadow):
    """The PDF is printed by a child process: started as `python -c`, it put the current
    folder first on its module path, and a `yaml.py`, `weasyprint.py` or `vsm_draw/` there
    was imported in place of the real one. The command runs as its installed script does
    (its own folder, not the current one, on the path)."""
    work = tmp_path / "work"
    (work / shadow).parent.mkdir(parents=True, exist_ok=True)
    (work / shadow).write_text("import sys\nsys.stderr.write('SHADOWED\\n')\nsys.exit(3)\n")
    launcher = tmp_path / "bin" / "launch.py"
    launcher.parent.mkdir()
    launcher.write_text("from vsm_draw.cli import run\nrun()\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, str(launcher), "report", str(EXAMPLES / "code-review-wait.vsm.yaml"),
         "-o", "x.pdf"], cwd=work, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "SHADOWED" not in done.stderr
    assert (work / "x.pdf").read_bytes().startswith(b"%PDF")
