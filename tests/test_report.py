"""The workshop report as HTML: content, figures, escaping, self-containment, determinism."""
from __future__ import annotations

import html as htmllib
import re
from html.parser import HTMLParser
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from vsm_draw.charts import WIDTH, balance_svg, pareto_svg, time_bar_svg
from vsm_draw.cli import main
from vsm_draw.durations import format_percent, humanize
from vsm_draw.loader import load_file, load_text
from vsm_draw.metrics import metrics
from vsm_draw.report import template_environment, inline_svg, report_html
from vsm_draw.words import BENCHMARKS, domain, is_manufacturing, rolled_complete_accurate_text

from .conftest import EXAMPLES, ROOT

EXAMPLE_MAPS = sorted(EXAMPLES.glob("*.yaml"))
SVG = "{http://www.w3.org/2000/svg}"
EVIL = {
    "script": "<script>alert(1)</script>",
    "img": '<img src="file:///etc/passwd">',
    "link": '<a href="http://127.0.0.1:9/x">click</a>',
    "css": "</style><style>body{background:url(http://127.0.0.1:9/c)}</style>",
    "jinja": "{{ 7 * 7 }} {% raw %}",
}
EVIL_MAP = f"""
title: '{EVIL["script"]} & "quoted"'
state: '{EVIL["img"]}'
boundaries:
  start: '{EVIL["link"]}'
  end: '{EVIL["jinja"]}'
supplier: '{EVIL["css"]}'
steps:
  - name: '{EVIL["script"]}'
    owner: '{EVIL["img"]}'
    wait_time: 2d
    wait_reason: '{EVIL["link"]}'
    informal_wait: true
    process_time: 1h
    notes: '{EVIL["css"]}'
    kaizen: '</svg>{EVIL["script"]}'
  - name: '{EVIL["jinja"]}'
    owner: '{EVIL["link"]}'
    wait_time: 1d
    process_time: 2h
"""


def text_of(page: str) -> str:
    """The visible text of an HTML page, whitespace collapsed (tags and SVG markup gone)."""
    body = re.sub(r"<(style|title|desc)\b.*?</\1>", " ", page, flags=re.S)
    text = re.sub(r"\s+", " ", htmllib.unescape(re.sub(r"<[^>]+>", " ", body))).strip()
    return re.sub(r" ([,.:;)])", r"\1", text)


@pytest.fixture(scope="module")
def reports() -> dict[str, tuple]:
    """Each example: (map, metrics, HTML text) — rendered once for the whole module."""
    out = {}
    for path in EXAMPLE_MAPS:
        vsm = load_file(str(path))
        m = metrics(vsm)
        out[path.name] = (vsm, m, report_html(vsm, m).decode("utf-8"))
    return out


class _Tags(HTMLParser):
    """Every start tag with its attributes, and the text of every <style>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.styles.append(data)


#: The one script a web page holds: the picture viewer's, the same bytes on every page.
VIEWER_SCRIPT = template_environment().from_string(
    '{% from "viewer.j2" import viewer_script %}{{ viewer_script() }}').render().strip()


def assert_self_contained(page: str) -> None:
    """No tag that runs or fetches, and no reference leaving the file (map text aside); the
    only script is the viewer's own, once."""
    assert page.count(VIEWER_SCRIPT) <= 1
    page = page.replace(VIEWER_SCRIPT, "")
    assert "fetch(" not in VIEWER_SCRIPT and "XMLHttpRequest" not in VIEWER_SCRIPT
    parser = _Tags()
    parser.feed(page)
    names = {tag for tag, _ in parser.tags}
    assert not names & {"script", "link", "img", "iframe", "object", "embed", "base", "image",
                        "foreignobject", "audio", "video", "source"}, names
    for tag, attrs in parser.tags:
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name)
            if name in ("src", "href", "xlink:href", "action", "srcset", "poster"):
                assert (value or "").startswith("#"), (tag, name, value)
            if name == "style":
                assert "url(" not in value, (tag, value)
    for css in parser.styles:
        assert "@import" not in css
        assert all(u.startswith("#") for u in re.findall(r"url\(([^)]*)\)", css))


@pytest.mark.parametrize("name", [p.name for p in EXAMPLE_MAPS])
def test_every_example_report_is_complete_and_self_contained(reports, name):
    vsm, m, page = reports[name]
    text = text_of(page)
    assert page.startswith("<!DOCTYPE html>")
    assert_self_contained(page)
    assert f"<title>{htmllib.escape(vsm.title, quote=False)}</title>" in page
    cal = vsm.calendar
    for label, value in [
        ("Lead time", humanize(m.lead_time, cal)),
        ("Process time", humanize(m.process_time, cal)),
        ("Wait time", humanize(m.wait_time, cal)),
        ("Flow efficiency", format_percent(m.flow_efficiency)),
        ("Rolled %C&A", rolled_complete_accurate_text(vsm, m.rolled_complete_accurate)),
    ]:
        assert f"{label} {value}" in text, label
    assert m.rating in text
    assert "Below 15% signals significant waste; the goal is never 100%." in text
    # The benchmark only where it fits: the stamping plant gets the lean framing, the
    # mortgage desk (domain: office) no software figure.
    for kind, sentence in BENCHMARKS.items():
        assert (sentence in text) == (domain(vsm) == kind), kind
    if m.takt_time is not None:
        assert f"Takt time {humanize(m.takt_time, cal)}" in text
    else:
        assert "Takt time" not in text
    for step in vsm.steps:
        assert htmllib.escape(step.name, quote=False) in page
        if step.kaizen:
            assert step.kaizen in text
    if vsm.boundaries.start:
        assert vsm.boundaries.start in text
    for owner in {s.owner for s in vsm.steps if s.owner}:
        assert owner in text
    # The diagram inline (never a link), the two charts, the how-to box and the reminder.
    # One drawing each for the viewer, the column and a phone (one may play several parts).
    assert sorted(role for roles in _drawings(page) for role in roles.split()) == [
        "in-viewer", "on-narrow", "on-wide"]
    assert 'id="vsmr-timebar"' in page and 'id="vsmr-pareto"' in page
    assert "How to read this map" in text
    # a current state ends "map again next quarter"; a plan (future state, a what-if) asks
    # for the map of the stream once the change is made
    plan = (vsm.state or "").lower() in ("future", "ideal")
    assert ("Map again next quarter" in text) != plan
    assert ("is a plan: map the stream as it runs once the change is made" in text) == plan
    assert re.search(r'<th scope="col">Step</th>', page)
    steps_table = page.split('id="steps-title"', 1)[1].split("</table>", 1)[0]
    assert steps_table.count('<th scope="row">') == len(vsm.steps) + 1  # a step each + totals
    # Takt known: the operator balance chart, and every step over takt flagged in the table.
    assert ('id="vsmr-balance"' in page) == (m.takt_time is not None)
    assert steps_table.count("over-takt") == len(m.over_takt)


@pytest.mark.parametrize("name", [p.name for p in EXAMPLE_MAPS])
def test_headings_and_svg_are_well_formed(reports, name):
    page = reports[name][2]
    assert re.findall(r"<h1\b", page) == ["<h1"]
    for svg in re.findall(r"<svg\b.*?</svg>", page, flags=re.S):
        ET.fromstring(svg)  # each inline picture is well-formed XML
    assert len(set(re.findall(r'\bid="([^"]+)"', page))) == len(re.findall(r'\bid="', page))


def test_bottleneck_in_plain_words_with_the_maps_figures():
    vsm = load_file(str(EXAMPLES / "code-review-wait.vsm.yaml"))
    text = text_of(report_html(vsm).decode())
    assert ("The work itself takes 3.1 d, then waits 8 d before Code review and 5 d before "
            "Deploy.") in text
    assert ("The longest wait is before Code review: 8 d, 49.6 % of the lead time (Reviews are "
            "batched; two reviewers for six developers). Fix that flow first; speeding up any "
            "other step does not shorten the lead time as much.") in text
    top = text[text.index("The longest waits"):]
    assert top.index("Code review 8 d") < top.index("Deploy 5 d")
    # The share column is the wait's share of lead time, as in the Pareto and the list above.
    # Developers -> Senior developers -> Release manager: two handoffs.
    assert ("Total, 3 steps 2 handoffs changes of owner 13 d 3.1 d 3.1 d value-adding 76.5 % "
            "rolled 80.6 %") in text
    assert "around December 2026" in text
    # Every figure of the total row whole on its line: a narrow value-adding column broke
    # "10.2 d" between its number and its unit.
    foot = report_html(vsm).decode().split("<tfoot>")[1].split("</tfoot>")[0]
    assert '<td data-label="Value-adding time"><span class="amount">3.1\u00a0d</span>' in foot


def test_headline_numbers_share_one_size_when_one_is_long():
    # "123.2 d" (seven characters) printed smaller than "16.1 d" beside it, as if less.
    vsm = load_text("title: T\nsteps:\n  - {name: A, process_time: 1d, wait_time: 122d}\n"
                    "  - {name: B, process_time: 2h}\n")
    page = report_html(vsm, metrics(vsm)).decode()
    values = re.findall(r'<span class="(value(?: long)?)">([^<]*)</span>', page)
    numbers = [(cls, v) for cls, v in values if v[:1].isdigit()]
    assert any(len(v) > 6 for _, v in numbers) and any(len(v) <= 6 for _, v in numbers)
    assert {cls for cls, _ in numbers} == {"value long"}
    short = load_text("title: T\nsteps:\n  - {name: A, process_time: 1d, wait_time: 12d}\n")
    page = report_html(short, metrics(short)).decode()
    values = re.findall(r'<span class="(value(?: long)?)">([^<]*)</span>', page)
    assert {cls for cls, v in values if v[:1].isdigit()} == {"value"}


def test_a_map_of_waits_alone_gives_no_process_time_nor_flow_efficiency():
    # It printed "Process time 0" and "Flow efficiency 0 %: significant waste", as if measured.
    from vsm_draw.batch import metrics_rows
    from vsm_draw.diagram import diagram_scene

    vsm = load_text("title: T\nsteps:\n  - {name: A, wait_time: 2d}\n  - {name: B, wait_time: 5d}\n")
    m = metrics(vsm)
    page = report_html(vsm, m).decode()
    figures = dict(re.findall(r'<dt>([^<]*)</dt>\s*<dd><span class="value[^"]*">([^<]*)</span>', page))
    assert figures["Process time"] == figures["Flow efficiency"] == "not given"
    assert "Flow efficiency not given: no step gives its process time." in page
    assert "0 %" not in page.split('class="rating"')[1].split("</p>")[0]
    assert dict(metrics_rows(vsm, m))["Flow efficiency"] == "not given, no step gives its process time"
    texts = {e.id: e.lines for e in diagram_scene(vsm, m).elements if hasattr(e, "lines")}
    assert texts["totals/process-time"] == texts["totals/flow-efficiency"] == ("not given",)
    assert texts["totals/rating"] == ("no step gives its process time",)
    assert "Halving every process time" not in page  # it saved "0"
    assert "Removing the wait before B alone saves 5 d." in page.replace("\u00a0", " ")
    # one step's process time is enough to measure them
    given = load_text("title: T\nsteps:\n  - {name: A, wait_time: 2d}\n  - {name: B, process_time: 0}\n")
    assert "not given" not in dict(metrics_rows(given, metrics(given)))["Flow efficiency"]


def test_the_map_in_detail_names_each_step_as_the_map_writes_it():
    # An A4 handout of a German map headed its slices "deckungsprüfung-haftpflicht..." (the
    # step's id: its elements carry an ASCII slug) and "Posteingangsbearbei- tung und ..."
    # (the box's wrapped lines joined).
    from vsm_draw.diagram import diagram_scene
    from vsm_draw.pages import WHOLE, _Index

    names = ["Posteingangsbearbeitung und Digitalisierung", "Deckungsprüfung Haftpflichtversicherungsvertrag",
             "Vier-Augen-Freigabe Regulierungsbetrag"]
    vsm = load_text("title: T\nsteps:\n" + "".join(f"  - {{name: {n}, wait_time: 1d, process_time: 1h}}\n"
                                                     for n in names))
    index = _Index(diagram_scene(vsm, metrics(vsm)))
    headings = [index.heading((k, k + 1, *WHOLE), k + 1, 3) for k in range(3)]
    assert headings == [f"The map in detail, {k + 1} of 3: {n}" for k, n in enumerate(names)]


def test_no_line_of_the_report_breaks_between_a_figure_and_its_unit():
    """A line of a printed report ended in "10.2" and the next began with "d" (the total row,
    "saves 5.4 / d;", "9.3 / %"): 18 times in 25 held-out handouts and posters. Every
    figure and its unit are joined by a no-break space; the pictures, whose spaces are
    SVG syntax, and the styles are left as they are."""
    vsm = load_file(str(EXAMPLES / "stamping-plant.vsm.yaml"))
    page = report_html(vsm).decode()
    prose = re.sub(r"<(svg|style|script)\b.*?</\1>", " ", page, flags=re.S)
    assert re.findall(r"\d (?:w|d|h|min|s|%)(?!\w)", htmllib.unescape(prose)) == []
    assert "23.6\u00a0d" in prose and "<strong>5\u00a0d</strong>" in prose

    from markupsafe import Markup

    from vsm_draw.report import keep_figures_whole

    svg = Markup('<svg><path d="M 10 20 h 5"/><text>5 d</text></svg>')
    assert keep_figures_whole(svg) == svg and keep_figures_whole(3) == 3
    assert keep_figures_whole("3 handoffs, 2 h, 5 shorter waits, 80 %") == \
        "3 handoffs, 2\u00a0h, 5 shorter waits, 80\u00a0%"


def test_informal_queues_listed_and_flagged():
    vsm = load_file(str(EXAMPLES / "software-delivery.vsm.yaml"))
    page = report_html(vsm).decode()
    section = text_of(page[page.index('<div class="informal">'):page.index('<aside')])
    assert "before Design 4 d — Waiting for design feedback" in section  # not "4 d Waiting"
    assert "Backlog grooming" not in section
    assert text_of(page).count("invisible queue") >= 1


def test_maps_without_waits_or_durations_still_read_well():
    no_wait = load_text("steps:\n  - {name: A, process_time: 2h}\n  - {name: B, process_time: 1h}\n")
    text = text_of(report_html(no_wait).decode())
    assert "Nothing waits on this map" in text and "No step waits" in text
    assert "None on this map yet" in text and "None marked" in text
    empty = load_text("steps:\n  - {name: Only}\n")
    text = text_of(report_html(empty).decode())
    assert "This map has no durations yet" in text


def test_only_a_word_wider_than_a_column_may_be_breaks_and_all_of_it_is_escaped():
    """The step table lets a word of more than ten ems break (its last four letters
    together), in a span of its own; shorter words, and so most tables, are untouched."""
    from markupsafe import Markup

    from vsm_draw.report import breakable

    assert breakable("Sachbearbeitung Team <b>") == "Sachbearbeitung Team <b>"
    assert not isinstance(breakable("responsibilities"), Markup)  # 16 letters, 8.3 ems
    # with a soft hyphen where its syllables likely part (none after the first letter nor
    # in the last four): where the column breaks it, a hyphen says so
    # ("Posteingangsdigitalisie" / "rung" at 1280 px read as two words)
    assert breakable("<Team> Beitragserstattungsangelegenheiten &") == Markup(
        '&lt;Team&gt; <span class="long-word">'
        + "\u00ad".join(["Bei", "trag", "sers", "tat", "tungs", "an", "ge", "le", "gen", "he"])
        + '<span class="word-end">iten</span></span> &amp;')
    assert breakable(None) is None and breakable(Markup("<i>x</i>")) == Markup("<i>x</i>")


def test_map_text_is_escaped_everywhere():
    vsm = load_text(EVIL_MAP)
    page = report_html(vsm).decode()
    assert_self_contained(page)
    for evil in EVIL.values():
        assert evil not in page or "<" not in evil
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    text = text_of(page)
    for evil in (EVIL["script"], EVIL["img"], EVIL["link"], "{{ 7 * 7 }}"):
        assert evil in text  # shown as the text it is
    assert "49" not in text.replace("4.9", "")  # the template never evaluated map text


def test_html_is_deterministic(reports):
    vsm, m, page = reports["software-delivery.vsm.yaml"]
    assert report_html(vsm, m).decode() == page


def test_environment_escapes_and_is_strict():
    from jinja2 import StrictUndefined, UndefinedError

    env = template_environment()
    assert env.undefined is StrictUndefined
    template = env.from_string("{{ x }}")
    assert template.render(x="<b>") == "&lt;b&gt;"
    with pytest.raises(UndefinedError):
        template.render()


def test_templates_compile_once_per_process():
    # A docs build writes many pages: each must not compile report.html.j2 again.
    env = template_environment()
    assert template_environment() is env
    assert env.get_template("report.html.j2") is env.get_template("report.html.j2")


def test_inline_svg_keeps_the_picture_and_drops_what_could_run_or_fetch():
    hostile = (
        '<?xml version="1.0"?><!DOCTYPE svg><svg xmlns="http://www.w3.org/2000/svg" '
        'xmlns:xlink="http://www.w3.org/1999/xlink" width="300pt" height="150pt" onload="x()">'
        "<!-- a comment --><script>alert(1)</script><foreignObject><p>hi</p></foreignObject>"
        '<a xlink:href="http://127.0.0.1:9/"><text onclick="y()">Build</text></a>'
        '<image href="file:///etc/passwd"/><image href="data:image/png;base64,AAAA"/>'
        '<rect style="fill:url(http://127.0.0.1:9/p)" fill="url(#ok)"/></svg>'
    )
    out = inline_svg(hostile, css_class="diagram", label="A <map>")
    root = ET.fromstring(out)
    assert root.get("viewBox") == "0 0 400 200" and root.get("style") == "max-width:400px"
    assert root.get("aria-label") == "A <map>" and root.get("class") == "diagram"
    for bad in ("script", "foreignObject", "onload", "onclick", "127.0.0.1", "passwd", "comment"):
        assert bad not in out
    assert "Build" in out and 'fill="url(#ok)"' in out and "data:image/png" in out
    assert not out.startswith("<?xml")


def test_slices_cut_between_steps_and_hold_only_their_own_elements():
    from vsm_draw.diagram import diagram_scene
    from vsm_draw.layout.scene import Line, Text
    from vsm_draw.pages import MM, heading_height, partition, plan_handout, slices

    vsm = load_file(str(EXAMPLES / "software-delivery.vsm.yaml"))
    scene = diagram_scene(vsm, metrics(vsm))
    cuts = slices(scene, 1000)
    assert len(cuts) == len(partition(scene, 1000)) >= 3
    assert sum(c.steps for c in cuts) == len(vsm.steps)
    for k, cut in enumerate(cuts, 1):
        ids = {e.id for e in cut.scene.elements}
        mine = set(cut.scene.columns)
        # Only this slice's steps, each whole: every element named after a step is one of its.
        owners = {i.split(":", 1)[1].split("/")[0] for i in ids
                  if i.split(":", 1)[0] in ("step", "queue", "ladder", "kaizen", "push")}
        assert owners == mine
        assert all(f"step:{sid}/name" in ids and f"ladder:{sid}/wait" in ids for sid in mine)
        # Everything inside the slice's own picture (freeze keeps a margin), no caption.
        for e in cut.scene.elements:
            x0, y0, x1, y1 = e.box
            assert 0 <= x0 and x1 <= cut.scene.width and 0 <= y0 and y1 <= cut.scene.height, e.id
        assert not any(i.startswith("caption/") for i in ids)
        assert ("continued/from" in ids) == (k > 1) and ("continued/on" in ids) == (k < len(cuts))
        assert cut.scene.width <= 1000 + 60  # a kept label may widen it a little, never more
    # Linear: the slices together hold about one map's worth of elements, not one each.
    total = sum(len(c.scene.elements) for c in cuts)
    assert total < 1.3 * len(scene.elements)
    lines = [e for c in cuts for e in c.scene.elements if isinstance(e, Line)]
    assert any("~" in e.id for e in lines)  # an information flow clipped at a slice's edge
    texts = [e.id for c in cuts for e in c.scene.elements
             if isinstance(e, Text) and not e.id.startswith("continued/")]
    assert len(set(texts)) == len(texts)  # no word printed twice, none cut in two
    # A4: every slice prints its data text at 8 pt or more, and fills its page: the fullest
    # page is full across or down (one scale for all), on a page of either orientation.
    plan = plan_handout(scene, (210, 297), 12, 11)
    assert plan is not None and plan.data_pt >= 8
    page_w, page_h = (210, 297) if plan.orientation == "portrait" else (297, 210)
    room_w, room_h = (page_w - 24) * MM, (page_h - 24) * MM
    fill = max(max(max(plan.slices[k].scene.width for k in page) * plan.scale / room_w,
                   sum(heading_height(plan.slices[k].heading, room_w, 11) + plan.slices[k].scene.height
                       * plan.scale for k in page) / room_h) for page in plan.pages)
    assert 0.97 <= fill <= 1
    # The pages of the map turn with the report's (QA F24) while a step fits them at 8 pt;
    # a short map stacks its slices.
    plant = load_file(str(EXAMPLES / "stamping-plant.vsm.yaml"))
    wide = plan_handout(diagram_scene(plant, metrics(plant)), (297, 210), 12, 11)
    assert wide.orientation == "landscape" and wide.data_pt >= 8
    short = plan_handout(diagram_scene(plant, metrics(plant)), (297, 420), 12, 13)
    assert short.orientation == "portrait" and len(short.pages) < len(short.slices)
    assert plan_handout(diagram_scene(*_tiny()), (297, 420), 16, 14) is None


def _plan(name: str, page_mm: tuple[float, float]):
    from vsm_draw.diagram import diagram_scene
    from vsm_draw.pages import plan_handout

    vsm = load_file(str(name))
    return plan_handout(diagram_scene(vsm, metrics(vsm)), page_mm, 12, 11)


def test_map_pages_turn_when_only_the_turned_page_holds_a_step_at_8_pt():
    """A landscape A4 page is too short for one column of a map with lanes at 8 pt: its map
    pages turn portrait rather than print smaller (mortgage-approval printed at 6.6 pt)."""
    for path in (EXAMPLES / "mortgage-approval.vsm.yaml", ROOT / "tests" / "data" / "three-lanes.vsm.yaml"):
        plan = _plan(path, (297, 210))
        assert plan.orientation == "portrait" and plan.data_pt >= 8, (path.name, plan.data_pt)
    # A column too tall for either page is cut across, on the page that needs fewer cuts.
    tall = ROOT / "tests" / "data" / "tall-claims.vsm.yaml"
    turned, own = _plan(tall, (297, 210)), _plan(tall, (210, 297))
    assert turned.orientation == own.orientation == "portrait"
    assert turned.data_pt == own.data_pt >= 8


def test_a_slice_shuts_a_band_that_only_vertical_lines_cross():
    """Six lanes under the process row: the lines joining them ran down every column, so no
    band could be shut and the map printed at 7.1 pt on A4; a band that only vertical
    stretches of lines cross is shut too (they shorten, every line still joins what it
    joined: each point moves straight up, a level stretch stays level)."""
    from vsm_draw.diagram import diagram_scene
    from vsm_draw.layout.scene import Line
    from vsm_draw.pages import WHOLE, _Index

    path = ROOT / "tests" / "data" / "tangle.vsm.yaml"
    vsm = load_file(str(path))
    index = _Index(diagram_scene(vsm, metrics(vsm)))
    before = {e.id: e for e in index.scene.elements}
    shortened = 0
    for k in range(len(index.cols)):
        cut = index.slices([(k, k + 1, *WHOLE)])[0].scene
        for e in cut.elements:
            if isinstance(e, Line) and e.id in before and e.id.startswith("branch:"):
                old = before[e.id].points
                assert len({round(x - a, 6) for (x, _), (a, _) in zip(e.points, old)}) == 1, e.id
                for (_, y), (_, y1), (_, b), (_, b1) in zip(e.points, e.points[1:], old, old[1:]):
                    assert (y == y1) == (b == b1), e.id
                    shortened += abs(y1 - y) < abs(b1 - b) - 1
    assert shortened
    for paper in ((210, 297), (297, 210)):
        plan = _plan(path, paper)
        assert plan.data_pt >= 8 and not plan.scales, (paper, plan.data_pt)


def test_a_column_too_tall_for_the_page_is_cut_across_between_its_stacked_steps():
    """Loss adjusting, with three steps in parallel under it and information flows over it,
    is taller than an A4 page at 8 pt (it printed alone at 6.9 pt): it is cut across
    between the steps stacked in it, never through a box or a word, each part with
    "continued" marks above or below, and the whole map prints at one scale, 8 pt or more,
    on A4 portrait and landscape."""
    from vsm_draw.diagram import diagram_scene
    from vsm_draw.layout.cut import drawn_whole
    from vsm_draw.pages import _Index, plan_handout

    vsm = load_file(str(ROOT / "tests" / "data" / "tall-claims.vsm.yaml"))
    scene = diagram_scene(vsm, metrics(vsm))
    index = _Index(scene)
    column = [c.step for c in index.cols].index("adjust")
    wanted = sorted(e.id for e in index.groups[column] if drawn_whole(e))
    # Where it may be cut: under the band of flows over it, between the stacked steps; never
    # between the bottleneck's badge and its step, nor between the last step and the ladder.
    places = index.cut_places(column)
    box = {s: scene[f"step:{s}/box"].box for s in ("adjust", "fraud", "coverage", "reserve")}
    assert len(places) == 4 and places[0] < scene["bottleneck/badge"].box[1]
    assert [sum(p < box[s][1] for p in places) for s in box] == [1, 2, 3, 4]
    for paper in ((210, 297), (297, 210)):
        plan = plan_handout(scene, paper, 12, 11)
        assert plan.data_pt >= 8 and not plan.scales, (paper, plan.data_pt)
        across = [k for k, cut in enumerate(plan.slices) if cut.across]
        assert len(across) >= 2 and all(plan.slices[k].steps >= 1 for k in across)
        # Each step's name once, in one slice; every shape and word of the column in exactly
        # one of its parts.
        names = [e.lines for cut in plan.slices for e in cut.scene.elements
                 if e.id.startswith("step:") and e.id.endswith("/name")]
        assert len(names) == len(vsm.steps) == len(set(names))
        held = sorted(e.id for k in across for e in plan.slices[k].scene.elements if e.id in wanted)
        assert held == wanted
        for k in across:
            ids = {e.id: e for e in plan.slices[k].scene.elements}
            first, last = k == across[0], k == across[-1]
            assert ("continued/below" in ids) == (not last)
            if not last:
                assert ids["continued/below"].lines == (f"continued in part {k + 2} ▼",)
            assert ids["continued/from"].lines == (
                (f"◀ continued from part {k}",) if first else (f"▲ continued from part {k}",))
            assert ids["continued/on"].lines == (f"continued in part {across[-1] + 2} ▶",)
            # The ladder under the lanes, in the last part only.
            assert any(i.startswith("ladder:adjust/") for i in ids) == last
        heads = [c.heading for c in plan.slices]
        assert heads[across[0]].endswith(": Loss adjusting and Fraud screening"), heads
        assert heads[across[-1]].endswith("Reserve setting")
        after = plan.slices[across[-1] + 1].scene
        assert after["continued/from"].lines == (f"◀ continued from parts {across[0] + 1} "
                                                 f"{'and' if len(across) == 2 else 'to'} {across[-1] + 1}",)


def test_a_step_taller_than_the_page_has_a_page_of_its_own():
    """A step whose own drawing (a long note and kaizen idea) no A4 page holds at 8 pt cannot
    be cut: it prints alone, as large as the page lets it; the others at 8 pt or more."""
    from vsm_draw.diagram import diagram_scene
    from vsm_draw.pages import MM, plan_handout

    words = " ".join(["Reviews are batched on Fridays and need two people who are rarely free."] * 9)
    vsm = load_text("title: One step taller than a page\nsteps:\n"
                    "  - {name: Intake, wait_time: 1d, process_time: 1h}\n"
                    f"  - {{name: Review, wait_time: 2d, process_time: 2h, notes: '{words}', kaizen: '{words}'}}\n"
                    "  - {name: Release, wait_time: 1d, process_time: 1h}\n")
    plan = plan_handout(diagram_scene(vsm, metrics(vsm)), (210, 297), 12, 11)
    small = [k for k in range(len(plan.slices)) if plan.scale_of(k) * 9 < 8]
    assert small and len(small) < len(plan.slices)
    for k in small:
        cut = plan.slices[k]
        assert (k,) in plan.pages and cut.steps == 1 and not cut.across
        # As large as the page lets it: full across or down.
        fill = max(cut.scene.width * plan.scale_of(k) / ((210 - 24) * MM),
                   cut.scene.height * plan.scale_of(k) / ((297 - 24) * MM))
        assert 0.9 <= fill <= 1
    assert all(plan.scale_of(k) * 9 >= 8 for k in range(len(plan.slices)) if k not in small)
    assert plan.data_pt == min(plan.scale_of(k) for k in range(len(plan.slices))) * 9


def test_a_slice_shuts_the_bands_its_steps_leave_empty():
    """Four steps in parallel under one column made every slice as tall as the map, its
    ladder far under its boxes (and A4 too short for 8 pt); a slice of short columns now
    stands as tall as its own steps, so such slices stack and print at 8 pt or more."""
    from vsm_draw.diagram import diagram_scene
    from vsm_draw.pages import BAND, slice_scene

    vsm = load_file(str(ROOT / "tests" / "data" / "one-tall-column.vsm.yaml"))
    scene = diagram_scene(vsm, metrics(vsm))
    first = slice_scene(scene, 0, 2, part=1, parts=5)
    assert first.height < 0.6 * scene.height
    # Nothing moved into another: the gaps between what is drawn at most BAND, and the
    # order from top to bottom kept.
    boxes = sorted((e.box for e in first.elements), key=lambda b: b[1])
    bottom = boxes[0][3]
    for box in boxes[1:]:
        assert box[1] - bottom <= BAND + 1e-6
        bottom = max(bottom, box[3])
    ladder = [e for e in first.elements if e.id.startswith("ladder:")]
    steps = [e for e in first.elements if e.id.startswith("step:") and e.id.endswith("/box")]
    assert len(steps) == 2 and min(e.box[1] for e in ladder) > max(e.box[3] for e in steps)
    for paper in ((210, 297), (297, 210)):
        plan = _plan(ROOT / "tests" / "data" / "one-tall-column.vsm.yaml", paper)
        assert plan.data_pt >= 8 and any(len(page) > 1 for page in plan.pages)


def test_a_small_map_with_wide_boxes_takes_the_fewest_pages():
    """Three steps with wide boxes took a portrait page each at 9.6 pt: now two pages at 8 pt
    or more (two slices stacked on a portrait page, or two steps on a landscape one)."""
    plan = _plan(ROOT / "tests" / "data" / "wide-three.vsm.yaml", (210, 297))
    assert len(plan.pages) == 2 and plan.data_pt >= 8


def test_a_slice_edge_never_cuts_an_information_flows_bolt():
    """The flow's path zigzags through its bolt: a slice that stops at a bolt drawn in the
    next slice stops its path short of it (the lane-flows maps have bolts across slice edges;
    flows had, before its bolts moved clear of the lanes)."""
    from vsm_draw.diagram import diagram_scene
    from vsm_draw.pages import _Index

    straddled, cut = 0, []
    for name in ("flows", "lane-flows", "lane-flows-across", "lane-glasses"):
        vsm = load_file(str(ROOT / "tests" / "data" / f"{name}.vsm.yaml"))
        index = _Index(diagram_scene(vsm, metrics(vsm)))
        n = len(index.cols)
        for i in range(n):
            for j in range(i + 1, n + 1):
                lo, hi = index.span(i, j)
                for a, b, line in index.lines:
                    bolts = index._glyphs.get(line.id.rsplit("/", 1)[0], ())
                    if not a < j or not b >= i:
                        continue
                    ends = index._clip_range(line, lo, hi, i, j)
                    straddled += sum(x0 < lo < x1 or x0 < hi < x1 for x0, x1, _ in bolts)
                    cut += [(name, i, j, line.id) for x0, x1, _ in bolts for x in ends if x0 < x < x1]
    assert straddled >= 1 and cut == []


def test_a_slice_draws_no_fork_of_the_next_slices_branches():
    """The branches fork off the push arrow into the next step, which the next slice draws:
    the slice before it drew the fork too, a line hanging off nothing beside its last box
    (feature-branches' 'API contract' part). Now the fork is the next slice's alone, whole."""
    from vsm_draw.diagram import diagram_scene
    from vsm_draw.pages import column_order, slice_scene

    vsm = load_file(str(EXAMPLES / "feature-branches.vsm.yaml"))
    scene = diagram_scene(vsm, metrics(vsm))
    first = slice_scene(scene, 0, 1, part=1, parts=2)
    rest = slice_scene(scene, 1, len(column_order(scene)), part=2, parts=2)
    assert not [e.id for e in first.elements if e.id.startswith("branch:")]
    assert "branch:frontend/in-0" in {e.id for e in rest.elements}  # whole, not clipped


@pytest.mark.parametrize("theme", ["classic", "dark"])
def test_continued_marks_are_drawn_in_the_themes_ink(theme):
    """The marks took the colour of the scene's first text: the white letter in the
    bottleneck's black triangle when the first step is the bottleneck, so they printed
    white on white (a gearbox line's 'continued in part 2' could not be seen)."""
    from vsm_draw.diagram import diagram_scene
    from vsm_draw.pages import slice_scene
    from vsm_draw.themes import theme as theme_of

    vsm = load_text("steps:\n  - {name: Mill, wait_time: 5d, process_time: 1h}\n"
                    "  - {name: Wash, wait_time: 1d, process_time: 1h}\n"
                    "  - {name: Pack, wait_time: 1d, process_time: 1h}\n")
    scene = diagram_scene(vsm, metrics(vsm), theme=theme)
    marks = [e for part, (i, j) in enumerate(((0, 1), (1, 3)), 1)
             for e in slice_scene(scene, i, j, part=part, parts=2).elements
             if e.id.startswith("continued/")]
    assert len(marks) == 2 and {e.color for e in marks} == {theme_of(theme).ink}


def _tiny():
    vsm = load_text("steps:\n  - {name: A, wait_time: 1d, process_time: 1h}\n")
    return vsm, metrics(vsm)


def test_time_bar_is_drawn_to_scale():
    vsm = load_text("steps:\n  - {name: A, wait_time: 3d, process_time: 1d}\n"
                    "  - {name: B, wait_time: 4d, process_time: 0}\n")
    svg = ET.fromstring(time_bar_svg(vsm, metrics(vsm)))
    rows = {}
    for rect in svg.iter(SVG + "rect"):
        if rect.get("height") == "44.00":  # the two bars, not the legend
            rows.setdefault(rect.get("y"), []).append(float(rect.get("width")))
    flow, total = sorted(rows.values(), key=len, reverse=True)
    span = WIDTH - 32
    assert [round(w / span, 4) for w in flow] == [0.375, 0.125, 0.5]
    assert [round(w / span, 4) for w in total] == [0.875, 0.125]
    assert "Waiting 7 d · 87.5 %" in time_bar_svg(vsm, metrics(vsm))  # a days map: never weeks


def test_time_bar_numbers_of_tiny_steps_at_its_end_stand_apart():
    """Steps too short for their names under the time bar get a number, one row lower, on a
    tick up to their slot. Three 5-minute steps ending a two-week bar have slots a hair
    wide at its right end: their numbers were all pushed to the edge, printed over each
    other ('3' over '1' and '2'). They stand side by side, each clear of the next, inside
    the chart, each on its tick."""
    import re

    from vsm_draw import charts

    vsm = load_text("steps:\n  - {name: Build, wait_time: 0, process_time: 3d}\n"
                    "  - {name: Code review, wait_time: 8d, process_time: 2h}\n"
                    "  - {name: Deploy, wait_time: 5d, process_time: 1h}\n"
                    + "".join(f"  - {{name: {n}, wait_time: 5m, process_time: 5m}}\n"
                              for n in ("Smoke test", "Announce", "Close ticket")))
    svg = time_bar_svg(vsm, metrics(vsm))
    numbers = {t: float(x) for x, t in re.findall(
        r'<text x="([\d.]+)" y="[\d.]+" font-size="13" text-anchor="middle" font-weight="bold"[^>]*>(\d)</text>', svg)}
    assert sorted(numbers) == ["1", "2", "3"], svg
    spans = sorted((x - charts._text_width(t, 13) / 2, x + charts._text_width(t, 13) / 2, t) for t, x in numbers.items())
    assert [t for _, _, t in spans] == ["1", "2", "3"]  # in flow order
    assert all(a[1] + 2 <= b[0] for a, b in zip(spans, spans[1:])), spans  # none over another
    assert spans[-1][1] <= WIDTH - 16 + 0.01  # inside the bar's right end
    ticks = [float(x2) for x2 in re.findall(r'<line x1="[\d.]+" y1="[\d.]+" x2="([\d.]+)"[^>]*stroke-width="0.8"', svg)]
    assert sorted(round(x, 2) for x in ticks) == sorted(round(x, 2) for x in numbers.values())
    # Too many for one row (thirty steps on a phone): every second one a row lower, all of
    # them inside the chart, none over another (they ran off its left edge, or piled at its right).
    vsm = load_file(str(ROOT / "tests" / "data" / "thirty-steps.vsm.yaml"))
    svg = time_bar_svg(vsm, metrics(vsm), width=charts.NARROW)
    rows: dict[str, list[tuple[float, float]]] = {}
    for x, y, t in re.findall(r'<text x="([\d.]+)" y="([\d.]+)" font-size="13" text-anchor="middle" '
                              r'font-weight="bold"[^>]*>(\d+)</text>', svg):
        half = charts._text_width(t, 13) / 2
        rows.setdefault(y, []).append((float(x) - half, float(x) + half))
    assert len(rows) >= 2 and sum(map(len, rows.values())) >= 20
    for spans in rows.values():
        spans.sort()
        assert spans[0][0] >= 16 - 0.01 and spans[-1][1] <= charts.NARROW - 16 + 0.01, spans
        assert all(a[1] + 2 <= b[0] for a, b in zip(spans, spans[1:])), spans


def test_balance_chart_draws_process_times_against_the_takt_line():
    vsm = load_text("demand: 920/day\navailable_time: 55200s/day\nsteps:\n"
                    "  - {name: Weld, process_time: 30s, people: 2}\n"
                    "  - {name: '<b>Assembly</b>', process_time: 90s}\n")
    svg = balance_svg(vsm, metrics(vsm))
    root = ET.fromstring(svg)
    bars = [r for g in root.iter(SVG + "g") for r in g.iter(SVG + "rect")]  # each in a <g>
    # Heights to scale: 30 s and 90 s against a plot 210 high for 90 s * 1.12.
    assert [round(float(r.get("height")), 2) for r in bars] == [
        round(210 / (90 * 1.12) * 30, 2), round(210 / (90 * 1.12) * 90, 2)]
    # Over takt by pattern and heavy outline, not only colour; within takt solid.
    assert bars[1].get("fill") == "url(#vsmr-balance-over)" and bars[1].get("stroke-width")
    assert bars[0].get("fill").startswith("#")
    # The takt line crosses at 60 s, above the 30 s bar and below the 90 s one.
    base = float(bars[0].get("y")) + float(bars[0].get("height"))
    takt_y = [float(l.get("y1")) for l in root.iter(SVG + "line")
              if l.get("stroke-dasharray") and l.get("x1") == "16.00"]
    assert takt_y == [pytest.approx(base - 210 / (90 * 1.12) * 60, abs=0.01)]
    texts = [t.text for t in root.iter(SVG + "text")]
    assert "over takt" in texts and "takt 60 s" in texts and "2 people" in texts
    assert "<b>Assembly</b>" in texts and "<b>" not in svg  # escaped map text
    untimed = load_text("steps:\n  - {name: A, process_time: 1s}\n")
    assert balance_svg(untimed, metrics(untimed)) is None


def test_pareto_lists_the_waits_longest_first_with_cumulative_shares():
    vsm = load_file(str(EXAMPLES / "software-delivery.vsm.yaml"))
    m = metrics(vsm)
    svg = pareto_svg(vsm, m)
    texts = [t.text for t in ET.fromstring(svg).iter(SVG + "text")]
    names = [s.name for s in m.top_waits if s.wait_time > 0]
    positions = [texts.index(n) for n in names]
    assert positions == sorted(positions)
    # The running total is a share of the lead time, as in the step table.
    assert texts[-1] == format_percent(m.wait_time / m.lead_time) == "86.6 %"
    hatch = [r for r in ET.fromstring(svg).iter(SVG + "rect")
             if r.get("fill") == "url(#vsmr-pareto-wait)"]
    widths = [float(r.get("width")) for r in hatch]
    assert widths == sorted(widths, reverse=True)


def test_cli_report_html(tmp_path):
    out = tmp_path / "r.html"
    result = CliRunner().invoke(main, ["report", str(EXAMPLES / "code-review-wait.vsm.yaml"),
                                       "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output == ""
    page = out.read_text(encoding="utf-8")
    assert "Payments team" in page and "@page { size" not in page
    result = CliRunner().invoke(main, ["report", str(EXAMPLES / "code-review-wait.vsm.yaml"),
                                       "-o", str(out), "--paper", "a3", "--orientation",
                                       "landscape"])
    assert result.exit_code == 0
    assert "@media print { @page { size: A3 landscape; } }" in out.read_text(encoding="utf-8")


def test_cli_report_usage_and_map_errors_write_nothing(tmp_path, write_map):
    good = str(EXAMPLES / "code-review-wait.vsm.yaml")
    runner = CliRunner()
    result = runner.invoke(main, ["report", good, "-o", str(tmp_path / "r.docx")])
    assert result.exit_code == 2 and ".html" in result.output
    result = runner.invoke(main, ["report", good, "-o", str(tmp_path / "r.pdf"), "--paper", "B5"])
    assert result.exit_code == 2
    bad = write_map("steps: []\n")
    existing = tmp_path / "keep.html"
    existing.write_text("old")
    result = runner.invoke(main, ["report", str(bad), "-o", str(existing)])
    assert result.exit_code == 1
    assert existing.read_text() == "old"
    assert not (tmp_path / "r.docx").exists() and not (tmp_path / "r.pdf").exists()


def test_templates_ship_in_the_wheel():
    """pyproject maps templates/ to vsm_draw.templates with every file the report loads."""
    import tomllib

    root = Path(__file__).resolve().parent.parent
    config = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["tool"]
    assert config["setuptools"]["package-dir"]["vsm_draw.templates"] == "templates"
    patterns = config["setuptools"]["package-data"]["vsm_draw.templates"]
    for used in ("report.html.j2", "report.css", "screen.css", "handout.css", "poster.css",
                 "fonts.css"):
        assert (root / "templates" / used).is_file()
        assert any(Path(used).match(p) for p in patterns), used



def test_every_package_and_data_file_ships_in_the_wheel():
    """A non-editable install gets every subpackage and every file the code reads: the wheel
    once left out vsm_draw.layout and vsm_draw.write, so `pip install .` could not render."""
    import tomllib

    root = Path(__file__).resolve().parent.parent
    config = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    dirs = {name: root / config["package-dir"].get(name, name.replace(".", "/"))
            for name in config["packages"]}
    found = {".".join(init.parent.relative_to(root).parts)
             for init in (root / "vsm_draw").rglob("__init__.py")} | {"vsm_draw.templates"}
    assert set(dirs) == found
    for name, folder in dirs.items():
        patterns = config["package-data"].get(name, [])
        for f in folder.iterdir():
            if f.is_file() and f.suffix != ".py" and not f.name.startswith("."):
                assert any(f.match(pattern) for pattern in patterns), f"{f} is not in the wheel"

# -- "Last time": the report against the previous map of the same stream --------------------

QUARTERS = sorted((EXAMPLES / "quarterly").glob("*.yaml"))


def test_last_time_section_shows_the_change_and_the_bottleneck_shift():
    q2, q3 = (load_file(p) for p in QUARTERS[1:])
    page = report_html(q3, metrics(q3), diagram="<svg/>", previous=q2).decode()
    text = re.sub(r"</?strong>", "", page)  # inline: no space where it was
    text = re.sub(r"\s+", " ", htmllib.unescape(re.sub(r"<[^>]+>", " ", text)))
    assert "Last time" in text and "Against Checkout team — Q2 2026, mapped 30 June 2026." in text
    assert "Lead time 12.1 d 14.1 d +2 d (+17%)" in text
    assert "Bottleneck Code review (3 d) Requirements (4 d) moved" in text
    assert "Lead time rose from 12.1 d to 14.1 d (+17%)." in text
    assert "The bottleneck moved from the wait before Code review" in text


def test_no_last_time_section_without_a_previous_map():
    q3 = load_file(QUARTERS[-1])
    assert "Last time" not in report_html(q3, metrics(q3), diagram="<svg/>").decode()


def test_cli_previous_option(tmp_path):
    out = tmp_path / "r.html"
    result = CliRunner().invoke(main, ["report", str(QUARTERS[2]), "-o", str(out),
                                       "--previous", str(QUARTERS[0])])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert 'id="last-time-title"' in page and "17.1\u00a0d" in page


def test_cli_previous_map_that_is_invalid_exits_1_and_writes_nothing(tmp_path, write_map):
    bad = write_map("steps: []\n", "bad.yaml")
    out = tmp_path / "r.html"
    result = CliRunner().invoke(main, ["report", str(QUARTERS[2]), "-o", str(out),
                                       "--previous", str(bad)])
    assert result.exit_code == 1 and not out.exists()
    assert result.stderr.startswith(f"{bad}:1:8: ")


def test_a_given_complete_accurate_of_100_percent_is_given():
    """%C&A written as 100 % is a figure; only a map that gives none reads "not given"."""
    vsm = load_text("title: T\nsteps:\n  - name: A\n    process_time: 1d\n"
                    "    complete_accurate: 100%\n  - name: B\n    process_time: 1d\n")
    text = text_of(report_html(vsm).decode())
    assert "Rolled %C&A 100 % passes every step right first time" in text
    vsm = load_text("title: T\nsteps:\n  - name: A\n    process_time: 1d\n")
    text = text_of(report_html(vsm).decode())
    assert "Rolled %C&A not given no step gives its %C&A" in text
    assert "Total, 1 step 0 1 d 1 d value-adding not given 0 %" in text


def test_how_to_read_names_the_symbols_the_map_draws():
    def howto(name: str) -> str:
        vsm = load_file(str(EXAMPLES / name))
        page = report_html(vsm).decode()
        return text_of(page[page.index('id="howto-title"'):])

    future = howto("stamping-plant-future.vsm.yaml")
    for words in ("FIFO lane", "Supermarket and pull arrow", "Kanban post", "Truck", "Data box",
                  "Operator"):
        assert words in future, words
    assert "> takt" not in future  # the cell keeps pace
    current = howto("stamping-plant.vsm.yaml")
    assert '"> takt"' in current and "Truck" in current and "FIFO lane" not in current
    assert "Truck" not in howto("code-review-wait.vsm.yaml")


#: The report's "how to read" entries (keyed as in report.SYMBOL_WORDS) and the diagram key's
#: (layout/legend.py) for the same symbols.
REPORT_TO_KEY = {"fifo": {"fifo"}, "pull": {"supermarket", "pull"}, "kanban": {"kanban"}, "truck": {"truck"},
                 "data": {"data-box"}, "operator": {"operator"}, "over_takt": {"over-takt"},
                 "branch": {"branch"}, "rework": {"rework"}, "electronic": {"electronic"},
                 "go_see": {"go-see"}}


@pytest.mark.parametrize("name", ["stamping-plant-future", "stamping-plant", "feature-branches", "mortgage-approval",
                                  "code-review-wait"])
def test_how_to_read_lists_the_symbols_of_the_diagram_key(name):
    from vsm_draw.diagram import diagram_scene
    from vsm_draw.layout.legend import symbols_used
    from vsm_draw.report import SYMBOL_WORDS, notation_symbols

    vsm = load_file(str(EXAMPLES / f"{name}.vsm.yaml"))
    m = metrics(vsm)
    keyed = {s.key for s in symbols_used(diagram_scene(vsm, m).elements)}
    named = {item["name"] for item in notation_symbols(vsm, m)}
    for key, words, _ in SYMBOL_WORDS:
        assert (words in named) == bool(REPORT_TO_KEY[key] & keyed), (key, sorted(keyed))
    if name in ("feature-branches", "mortgage-approval"):
        assert {"Branch", "Rework arrow"} <= named


def test_how_to_read_explains_the_lightning_bolt_and_the_eyeglasses_when_drawn():
    from vsm_draw.report import notation_symbols

    flows = ("info_flows:\n  - {from: a, to: b, kind: electronic}\n"
             "  - {from: b, to: a, kind: go-see}\n")
    base = "steps:\n  - {name: A, process_time: 2h}\n  - {name: B, process_time: 1h}\n"
    vsm = load_text(base + flows)
    named = {item["name"] for item in notation_symbols(vsm, metrics(vsm))}
    assert {"Lightning bolt", "Eyeglasses"} <= named
    text = text_of(report_html(vsm).decode())
    assert "electronically" in text and "go see" in text
    plain = load_text(base)
    assert not {"Lightning bolt", "Eyeglasses"} & {
        item["name"] for item in notation_symbols(plain, metrics(plain))}


LONG_NAMED = """\
title: Hinge line
demand: 300/day
available_time: 27600s/day
steps:
  - {name: Blanking, wait_time: 15d, process_time: 4s, people: 1}
  - {name: Forming, wait_time: 4d, process_time: 38s, people: 1}
  - {name: "Heat treatment (outsourced, Härterei Schmidt GmbH)", id: heat, wait_time: 8d, process_time: 110s}
  - {name: Pin insertion & riveting, id: rivet, wait_time: 1d, process_time: 97s, people: 2}
  - {name: Pack, wait_time: 3d, process_time: 12s, people: 1}
"""


@pytest.mark.parametrize("chart", ["time_bar_svg", "balance_svg"])
def test_a_chart_key_wraps_a_long_name_inside_a_phone_column(chart):
    """The key under a chart spells out a name too long for its column on lines of its own,
    wrapped between words: on a phone, '2 Heat treatment (outsourced, Härterei Schmidt GmbH)'
    ran past the chart's right edge and was cut at 'Schmidt G'."""
    import re
    from html import unescape

    from vsm_draw import charts

    vsm = load_text(LONG_NAMED)
    svg = getattr(charts, chart)(vsm, metrics(vsm), prefix="p", width=charts.NARROW)
    texts = re.findall(r'<text x="([\d.]+)" y="[\d.]+" font-size="([\d.]+)"([^>]*)>(.*?)</text>', svg)
    words = []
    for x, size, attrs, inner in texts:
        text = unescape(re.sub(r"<[^>]+>", "", inner))
        words += text.split()
        if "text-anchor" not in attrs and re.search(r"Heat|Härterei|Schmidt", text):
            # a line of the long name's key entry, from x: it ends inside the chart
            assert float(x) + charts._text_width(text, float(size)) <= charts.NARROW, text
    for word in "Heat treatment (outsourced, Härterei Schmidt GmbH)".split():
        assert word in words


def test_benchmark_follows_the_kind_of_work_the_map_says_or_its_figures():
    """A software team's 10-20% is quoted only on a software map: `domain:` says which, and
    without it demand, takt or inventory make a manufacturing map, a software team's words a
    software map."""
    from vsm_draw.api import loads
    from vsm_draw.words import benchmark_sentence

    plain = "title: t\nsteps:\n  - name: a\n    wait_time: 1d\n    process_time: 1h\n"
    # Without `domain:` a map whose words are a software team's is a software map...
    coded = plain.replace("name: a", "name: Code review\n    owner: Senior developers")
    assert domain(loads(coded)) == "software"
    assert benchmark_sentence(loads(coded)) == "Most software teams are at 10-20%."
    # ...one such word proves nothing ("Claims app"), and a map that says neither what it
    # is nor a software team's words is quoted both figures, not told it is software.
    for unsaid in (plain, plain.replace("name: a", "name: Claims app intake")):
        assert domain(loads(unsaid)) == "unknown"
        assert "software teams 10-20%, factories well under 1%" in benchmark_sentence(loads(unsaid))
    assert domain(loads("demand: 10/day\n" + plain)) == "manufacturing"
    office = loads("domain: Office\n" + plain)
    assert domain(office) == "office" and not is_manufacturing(office)
    assert "10-20%" not in benchmark_sentence(office)
    # what the map says wins over what its figures suggest
    assert domain(loads("domain: software\ndemand: 10/day\n" + plain)) == "software"


@pytest.mark.parametrize("rates, note", [
    ("demand: 920/day\navailable_time: 55200s/day",
     "15 h 20 min available a day ÷ 920 items a day = 60 s"),
    ("demand: 480/day\navailable_time: 57600s/day",
     "16 h available a day ÷ 480 items a day = 120 s"),
    ("calendar: {hours_per_day: 8, days_per_week: 5}\ndemand: 4600/week\n"
     "available_time: 7.5h/day",
     "37 h 30 min available a working week ÷ 4,600 items a working week = 29.3 s"),
    ("demand: 12.5/h\navailable_time: 50m/h",
     "50 min available an hour ÷ 12.5 items an hour = 4 min"),
    ("demand: 18400/20d\navailable_time: 27600s/day",
     "153 h 20 min available every 20 d ÷ 18,400 items every 20 d = 30 s"),
])
def test_takt_note_says_the_rates_in_words(rates, note):
    """The takt figure's note read as the map's raw input ('55200s/day ÷ 920/day'): it says
    the available time and the demand over one period, in words, and what they give."""
    vsm = load_text(f"{rates}\nsteps:\n  - {{name: Weld, process_time: 30s}}\n")
    page = htmllib.unescape(report_html(vsm, metrics(vsm)).decode()).replace("\u00a0", " ")
    assert f'<span class="note">{note}</span>' in page
    assert "s/day" not in page and "/day ÷" not in page


@pytest.mark.parametrize("paper", [(210, 297), (297, 210)])
def test_no_slice_starts_with_a_stub_of_a_line_from_the_slice_before(paper):
    """tall-claims on A4: part 2 began with stubs of the information flows that leave the
    Claims system box, which part 1 draws (an arrow pointing down at nothing, two short
    lines hanging off nothing). Every end of a line in a slice's left half touches a shape
    of it or its left edge (where the line goes on from the slice before): at its start, nothing
    hangs off nothing."""
    from vsm_draw.diagram import diagram_scene
    from vsm_draw.layout.cut import drawn_whole
    from vsm_draw.pages import plan_handout
    from vsm_draw.layout.scene import Line

    vsm = load_file(str(ROOT / "tests" / "data" / "tall-claims.vsm.yaml"))
    plan = plan_handout(diagram_scene(vsm, metrics(vsm)), paper, 8.0, 20.0)
    assert plan is not None and len(plan.slices) >= 3
    for k, part in enumerate(plan.slices, 1):
        lines = [e for e in part.scene.elements if isinstance(e, Line) and not drawn_whole(e)
                 and e.id.startswith("flow:")]
        shapes = [e.box for e in part.scene.elements if drawn_whole(e)]
        xs = [x for line in lines for x, _ in line.points]
        ys = [y for line in lines for _, y in line.points]
        for line in lines:
            for x, y in (line.points[0], line.points[-1]):
                if x > (min(xs) + max(xs)) / 2:
                    continue
                at_edge = min(abs(x - min(xs)), abs(y - min(ys)), abs(y - max(ys))) < 0.5
                touches = any(b[0] - 2.5 <= x <= b[2] + 2.5 and b[1] - 2.5 <= y <= b[3] + 2.5
                              for b in shapes)
                assert at_edge or touches, (k, line.id, (x, y))


@pytest.mark.parametrize("paper", [(210, 297), (297, 210)])
@pytest.mark.parametrize("path", [EXAMPLES / "feature-branches.vsm.yaml", ROOT / "tests" / "data" / "lane-flows.vsm.yaml"],
                         ids=lambda p: p.name.split(".")[0])
def test_a_flow_to_a_lane_step_cut_at_a_slices_side_is_marked_there(path, paper):
    """A flow to a step in a lane comes down round the process row: cut at a slice's side,
    it ran off the edge there, far under the "continued" marks over the slice's corners
    (feature-branches' 'Component specs' into Frontend development, part 1 on the right,
    part 2 on the left). Each such end now has its side's mark beside it: the same words
    (or "◀ part 1" where lines down by the edge leave no room), over or under it, touching
    no other shape, word or line."""
    assert _cut_ends_marked(path, paper, "info-flow", ("continued/flow:",)) >= 2


@pytest.mark.parametrize("paper", [(210, 297), (297, 210)])
@pytest.mark.parametrize("path", [EXAMPLES / "feature-branches.vsm.yaml", ROOT / "tests" / "data" / "from-start.vsm.yaml"],
                         ids=lambda p: p.name.split(".")[0])
def test_a_branch_line_cut_at_a_slices_side_is_marked_there(path, paper):
    """A parallel lane's branch line (into its lane's first step, out of its last, a
    shortcut past steps) runs under the process row: cut at a slice's side it ran off the
    edge unmarked (feature-branches: Frontend development's line into Integration, Release
    notes' into Release), while a cut information flow there has the side's mark. Each such
    end as long as the side's short mark ("part 3 ▶") now has it too, clear of every other
    shape, word and line; a shorter stub out of a box where no words fit beside it has
    none rather than words over the box (feature-branches' Frontend development, part 1)."""
    assert _cut_ends_marked(path, paper, "branch-flow", ("continued/branch:", "continued/shortcut:")) >= 2


def _cut_ends_marked(path, paper, role: str, prefixes: tuple[str, ...]) -> int:
    """Asserts each end of a line of ``role`` cut at a side of a slice of ``path``'s handout
    on ``paper``, level and under the process row's top, has that side's mark near it
    (ids starting with ``prefixes``), and that no such mark touches another shape, word or
    line; returns how many such ends there are."""
    from vsm_draw.diagram import diagram_scene
    from vsm_draw.layout.scene import Line, Text
    from vsm_draw.pages import plan_handout

    vsm = load_file(str(path))
    plan = plan_handout(diagram_scene(vsm, metrics(vsm)), paper, 10.0, 14.0)
    assert plan is not None and len(plan.slices) >= 2
    cut = 0
    for part in plan.slices:
        elements = part.scene.elements
        row_top = min(e.box[1] for e in elements if e.role == "process-box")
        corner = {e.id: " ".join(e.lines) for e in elements if e.id in ("continued/from", "continued/on")}
        marks = [e for e in elements if isinstance(e, Text) and e.id.startswith(prefixes)]
        shapes = [e.box for e in elements if (not isinstance(e, Line) or e.closed) and e.role != "continued"]
        for line in (e for e in elements if isinstance(e, Line) and e.role == role):
            for (x, y), (nx, ny) in ((line.points[0], line.points[1]), (line.points[-1], line.points[-2])):
                if role != "info-flow" and abs(nx - x) < 45:
                    continue  # a branch's stub out of its box, too short for words beside it
                if y <= row_top or ny != y or any(b[0] - 2.5 <= x <= b[2] + 2.5 and b[1] - 2.5 <= y <= b[3] + 2.5
                                                  for b in shapes):
                    continue  # in the band, not level, or on a shape: not cut at a side
                cut += 1
                side = "from" if nx > x else "on"
                near = [m for m in marks if abs((m.box[1] + m.box[3]) / 2 - y) < 3.5 * m.size
                        and (m.box[0] - x if side == "from" else x - m.box[2]) < 45]
                assert near, (part.heading, line.id, (x, y))
                words = corner[f"continued/{side}"]
                assert " ".join(near[0].lines) in (words, words.replace("continued from ", "")
                                                   .replace("continued in ", ""))
        for m in marks:
            x0, y0, x1, y1 = m.box
            assert not [e.id for e in elements if e is not m and not isinstance(e, Line)
                        and e.box[0] < x1 and x0 < e.box[2] and e.box[1] < y1 and y0 < e.box[3]]
            for e in elements:
                if isinstance(e, Line) and not e.closed:
                    for (ax, ay), (bx, by) in zip(e.points, e.points[1:]):
                        if ax == bx:  # no line down through the words
                            assert not (x0 < ax < x1 and min(ay, by) < y1 - 1 and max(ay, by) > y0 + 1), e.id
    return cut


def _many_flows(steps: int = 12, flows: int = 80) -> str:
    """A map of ``steps`` steps with ``flows`` information flows between six parties and
    the steps, every kind, each to or from a step in turn (no randomness: same map each run)."""
    parties = ["Planning", "Sales", "Quality", "Finance", "IT", "Customer service"]
    lines = ["title: Eighty information flows", "steps:"]
    lines += [f"  - {{name: Step {i}, id: s{i}, wait_time: {1 + i % 3}d, process_time: {2 + i % 4}h}}"
              for i in range(1, steps + 1)]
    lines.append("info_flows:")
    for n in range(flows):
        party, step = parties[n % len(parties)], f"s{(n * 7) % steps + 1}"
        ends = (party, step) if n % 2 else (step, party)
        kind = ("manual", "electronic", "go-see")[n % 3]
        lines.append(f"  - {{from: {ends[0]}, to: {ends[1]}, label: Report {n + 1}, kind: {kind}}}")
    return "\n".join(lines) + "\n"


def test_a_band_of_eighty_information_flows_is_cut_across_into_readable_slices():
    """A map with some eighty information flows has a band over its steps far taller than
    a page: the band was never cut, so each column printed alone, shrunk to the page (data
    text about 4 pt on A4). A column whose band alone is too tall is now cut across between
    the band's lanes as well, so its slices print at the data size like any other."""
    from vsm_draw.diagram import diagram_scene
    from vsm_draw.pages import plan_handout

    vsm = load_text(_many_flows())
    scene = diagram_scene(vsm, metrics(vsm))
    plan = plan_handout(scene, (210, 297), 10.0, 14.0)
    assert plan is not None
    assert plan.data_pt >= 7.5, plan.data_pt
    assert sum(s.across for s in plan.slices) >= 10  # the band cut, column by column
    # every step still drawn whole in one slice
    boxes = [e.id for s in plan.slices for e in s.scene.elements if e.role == "process-box"]
    assert sorted(boxes) == sorted(f"step:s{i}/box" for i in range(1, 13))


def test_narrow_slices_of_eighty_flows_print_side_by_side_on_few_pages():
    """The slices of a map with some eighty information flows are one column wide (a
    quarter of an A4 page) and cut across: stacked one under the other, none stacks with the
    next, so each took a page, mostly white (29 pages). They print side by side, tops level,
    as many across as the page's width holds, each no wider and the row no taller than the
    page, the data text still at 7.5 pt or more."""
    from vsm_draw.diagram import diagram_scene
    from vsm_draw.pages import GAP_MM, MM, heading_height, plan_handout
    from vsm_draw.report import slice_pages

    vsm = load_text(_many_flows())
    plan = plan_handout(diagram_scene(vsm, metrics(vsm)), (210, 297), 10.0, 14.0)
    assert plan.data_pt >= 7.5
    assert len(plan.pages) <= 12, plan.pages  # 29 stacked
    page_w, page_h = (210, 297) if plan.orientation == "portrait" else (297, 210)
    room_w, room_h, gap = (page_w - 20) * MM, (page_h - 20) * MM - 2, GAP_MM * MM
    assert plan.beside and not set(plan.beside) & {page[0] for page in plan.pages}
    for page in plan.pages:
        rows: list[list[int]] = []
        for k in page:
            (rows[-1] if k in plan.beside else rows.append([]) or rows[-1]).append(k)
        tall = gap * (len(rows) - 1)
        for row in rows:
            cuts = [plan.slices[k] for k in row]
            wide = sum(c.scene.width for c in cuts) * plan.scale + gap * (len(row) - 1)
            assert wide <= room_w + 0.5, (row, wide, room_w)
            tall += max(heading_height(c.heading, room_w if len(row) == 1 else c.scene.width * plan.scale, 14.0)
                        + c.scene.height * plan.scale for c in cuts)
        assert tall <= room_h + 0.5, (page, tall, room_h)
    # The handout draws them so: each row of slices in one box, each slice its own width.
    parts = slice_pages(plan, "eighty")["parts"]
    assert sum(p["opens_row"] for p in parts) == sum(p["closes_row"] for p in parts) >= 8
    assert [p["in_row"] for p in parts] == [k in plan.beside or k + 1 in plan.beside for k in range(len(parts))]


def _drawings(page: str) -> dict[str, tuple[float, float]]:
    """Each map drawing of a web report: its roles (``in-viewer on-wide``...) -> (its width
    in points, its smallest text in points)."""
    found = {}
    for svg in re.findall(r'<svg[^>]*class="[^"]*\bdiagram\b[^"]*".*?</svg>', page, re.S):
        roles = " ".join(c for c in re.search(r'class="([^"]*)"', svg)[1].split()
                         if c not in ("vsm-auto", "diagram"))
        width = float(re.search(r'viewBox="[\d.]+ [\d.]+ ([\d.]+)', svg)[1])
        found[roles] = (width, min(float(s) for s in re.findall(r'font-size="([\d.]+)"', svg)))
    return found


def _text_px(drawing: tuple[float, float], column: float) -> float:
    """The smallest text of a drawing shown in ``column`` CSS px (never past its own size)."""
    width, size = drawing
    return size * min(column, width * 4 / 3) / width


def test_web_report_draws_a_long_map_in_rows_for_its_column_and_a_phone():
    """A 40-step held-out map was drawn on the page as its one row squeezed into the column
    (text about 1 px at 1280, a sliver on a phone). The page draws it in rows for its
    column and again for a phone's, as the docs integrations do for theirs; the viewer
    keeps the whole map in one row."""
    from vsm_draw.diagram import diagram_scene
    from vsm_draw.report import PHONE_COLUMN, WEB_COLUMN

    from .longmaps import long_map

    vsm = load_text(long_map(30, "plain"))
    m = metrics(vsm)
    drawings = _drawings(report_html(vsm, m).decode())
    assert list(drawings) == ["in-viewer", "on-wide", "on-narrow"]
    assert drawings["in-viewer"][0] == pytest.approx(diagram_scene(vsm, m).width)
    assert _text_px(drawings["in-viewer"], WEB_COLUMN) < 2  # what the page showed
    assert _text_px(drawings["on-wide"], WEB_COLUMN) >= 9
    assert _text_px(drawings["on-narrow"], PHONE_COLUMN) >= 8.5
    assert drawings["on-narrow"][0] < drawings["on-wide"][0] < drawings["in-viewer"][0]


def test_web_report_and_docs_lay_a_map_out_for_one_phone_column():
    """The report laid its phone map out for 360 px and switched at a media query written
    into screen.css, the docs builds for 358 px: one column now (screens.py), and the
    page's media queries are the width screens.py gives."""
    from vsm_draw.batch import PHONE_COLUMN as DOCS_PHONE_COLUMN
    from vsm_draw.diagram import diagram_scene
    from vsm_draw.report import PHONE_COLUMN

    assert PHONE_COLUMN == DOCS_PHONE_COLUMN
    from vsm_draw import screens

    assert PHONE_COLUMN == screens.PHONE_COLUMN
    vsm = load_file(str(EXAMPLES / "software-delivery.vsm.yaml"))
    page = report_html(vsm, metrics(vsm)).decode()
    phone = diagram_scene(vsm, metrics(vsm), width=screens.PHONE_COLUMN, theme="auto")
    assert _drawings(page)["on-narrow"][0] == pytest.approx(phone.width)
    queries = re.findall(r"@media[^{]*max-width: *([^)]*)\)", page)
    assert queries.count(f"{screens.WEB_PHONE_SCREEN}px") == 3 and "PHONE_SCREEN" not in page


def test_web_report_draws_a_short_map_once_for_the_page_and_the_viewer():
    """A map whose one row reads in the column stays as it was (one drawing for the page and
    the viewer); a phone gets it in rows."""
    vsm = load_file(str(EXAMPLES / "code-review-wait.vsm.yaml"))
    drawings = _drawings(report_html(vsm).decode())
    assert list(drawings) == ["in-viewer on-wide", "on-narrow"]
    one_step = load_text("title: One\nsteps:\n  - {name: Build, wait_time: 1d, process_time: 1h}\n")
    assert list(_drawings(report_html(one_step).decode())) == ["in-viewer on-wide on-narrow"]


def test_every_chart_colour_turns_dark_on_a_dark_screen_and_paper_stays_light(reports):
    """The web page follows a dark screen by repainting its charts colour by colour: each
    colour a chart is drawn in has its dark counterpart (charts.DARK). A handout is light."""
    import vsm_draw
    from vsm_draw.charts import DARK
    from vsm_draw.pdf import sheet_for
    from vsm_draw.whatif import whatif_html

    result = vsm_draw.whatif(EXAMPLES / "software-delivery.vsm.yaml", ["grooming.wait_time=2d"])
    pages = [page for _, _, page in reports.values()] + [whatif_html(result).decode()]
    used = set()
    for page in pages:
        assert "@media screen and (prefers-color-scheme: dark)" in page
        for svg in re.findall(r'<svg[^>]*class="chart[^"]*".*?</svg>', page, re.S):
            used |= {c.lower() for c in re.findall(r'(?:fill|stroke)="(#[0-9a-fA-F]{6})"', svg)}
    assert len(used) > 8 and used <= {c.lower() for c in DARK}, used - set(DARK)
    vsm, m, _ = reports["stamping-plant.vsm.yaml"]
    sheet, layout = sheet_for("A4")
    printed = report_html(vsm, m, layout=layout, sheet=sheet).decode()
    assert "prefers-color-scheme" not in printed and "vsm-auto" not in printed


def test_a_long_word_of_the_title_breaks_with_a_hyphen():
    """The page's h1 broke a long German compound (overflow-wrap) with no mark:
    "Rentenversicherungsbeit" / "ragsrück…". It takes a soft hyphen where its syllables likely
    part, as the SVG cuts such a word; not in a word that fits, its first two or last four letters,
    between digits, nor in the window's title."""
    title = "Rentenversicherungsbeitragsrückerstattung 20262027202820292030 Ist-Zustand <b>"
    vsm = load_text(f"title: '{title}'\nsteps:\n  - {{name: Scan, process_time: 1h}}\n")
    page = report_html(vsm, metrics(vsm)).decode()
    h1 = re.search(r"<h1>(.*?)</h1>", page, re.S)[1]
    assert h1.replace("\u00ad", "") == htmllib.escape(title, quote=False).replace(">", "&gt;")
    word = h1.split()[0]
    # where the syllables likely part (textwidth.syllable_break), not between any two letters
    assert word == "Ren\u00adten\u00adver\u00adsiche\u00adrungs\u00adbei\u00adtrags\u00adrückers\u00adtat\u00adtung"
    assert "\u00ad" not in h1.split()[1] + h1.split()[2]  # digits; a word that fits
    assert "\u00ad" not in re.search(r"<title>(.*?)</title>", page, re.S)[1]


def test_pareto_names_stay_readable_beside_a_very_long_word():
    """One step named "Beitragserstattungsangelegenheiten" set every name of the Pareto at
    9 (9.7 px on the page, under the charts' 11 px): the names now stay at 11 or more, the
    long word broken with a hyphen within the names' column, as the map breaks it."""
    from vsm_draw.textwidth import text_width

    vsm = load_text("steps:\n"
                    "  - {name: Vollständigkeitsprüfung, wait_time: 3d, process_time: 1h}\n"
                    "  - {name: Beitragserstattungsangelegenheiten, wait_time: 4d, process_time: 1h}\n"
                    "  - {name: Versand, wait_time: 1d, process_time: 1h}\n")
    root = ET.fromstring(pareto_svg(vsm, metrics(vsm)))
    names = [t for g in root.iter(SVG + "g") if g.find(SVG + "title") is not None
             for t in g.iter(SVG + "text")]
    sizes = {float(t.get("font-size")) for t in names}
    assert min(sizes) >= 11, sizes
    lines = [t.text for t in names]
    long_word = [line for line in lines if "Vollst" not in line and line != "Versand"]
    assert len(long_word) == 2 and long_word[0].endswith("-")  # broken once, with a hyphen
    assert "".join(long_word).replace("-", "") == "Beitragserstattungsangelegenheiten"
    assert all(text_width(line, 11, bold=True) <= 190 for line in lines)


def test_whatif_page_asks_its_changes_before_what_they_do():
    """The what-if page's "Before the change" section said what the changes do to the map
    but never what they are: only the map's caption, far below, asked it. It now opens with
    the question, as the caption words it."""
    import vsm_draw
    from vsm_draw.whatif import whatif_html

    result = vsm_draw.whatif(EXAMPLES / "code-review-wait.vsm.yaml",
                             ["Code review.wait_time=1d"])
    page = whatif_html(result).decode()
    section = page[page.index('<h2 id="last-time-title">'):]
    question = "What if Code review waited 1\u00a0d instead of 8\u00a0d?"
    assert question in section
    assert section.index(question) < section.index('<table class="changes">')


def test_a_branched_maps_total_row_says_how_many_steps_its_times_run_along():
    """Nine steps, eight on the critical path: "Total, 9 steps / on the critical path" read
    as if all nine were on it."""
    text = ("title: Permit\nsteps:\n  - name: Intake\n    wait_time: 1d\n    process_time: 1h\n"
            "  - name: Zoning\n    wait_time: 1d\n    process_time: 1h\n"
            "  - name: Fire\n    after: [Intake]\n    wait_time: 1w\n    process_time: 1d\n"
            "  - name: Decision\n    after: [Zoning, Fire]\n    wait_time: 2d\n    process_time: 2h\n")
    page = report_html(load_text(text, "permit.yaml")).decode()
    foot = re.search(r"<tfoot>.*?</tfoot>", page, re.S).group(0)
    assert ("Total, 4 steps<span class=\"sub\">times along the critical path (3 steps)</span>"
            in foot)
    chain = report_html(load_text(text.replace("after: [Intake]\n    ", "").replace(
        "after: [Zoning, Fire]\n    ", ""), "chain.yaml")).decode()
    assert "Total, 4 steps</th>" in re.search(r"<tfoot>.*?</tfoot>", chain, re.S).group(0)


def test_the_total_rows_cells_name_their_own_figures_on_a_phone():
    """Stacked on a phone each cell shows its data-label: the total row read "Owner 7
    handoffs", "Value-adding 6.3 d", "%C&A 78.2 %" (the rolled one), under the columns' names."""
    vsm = load_file(EXAMPLES / "code-review-wait.vsm.yaml")
    foot = re.search(r"<tfoot>.*?</tfoot>", report_html(vsm).decode(), re.S).group(0)
    labels = re.findall(r'<td[^>]* data-label="([^"]*)"', foot)
    assert labels == ["Handoffs", "Wait time", "Process time", "Value-adding time",
                      "Rolled %C&amp;A", "Waiting, share of lead time"]


def _page_fills(plan, page_mm: tuple[float, float], margin_mm: float, heading_pt: float) -> list[float]:
    """How full each of ``plan``'s map pages is: its slices, their headings and the gaps
    between them, over the page's room (as plan_handout measures it)."""
    from vsm_draw.pages import GAP_MM, MM, heading_height

    w, h = page_mm if (plan.orientation == "portrait") == (page_mm[0] < page_mm[1]) else page_mm[::-1]
    width, room = (w - 2 * margin_mm) * MM, (h - 2 * margin_mm) * MM - 2
    fills = []
    for page in plan.pages:
        used = sum(heading_height(plan.slices[k].heading, width, heading_pt)
                   + plan.slices[k].scene.height * plan.scale_of(k) for k in page)
        fills.append((used + GAP_MM * MM * (len(page) - 1)) / room)
    return fills


def test_a_one_step_slice_does_not_leave_a_map_page_mostly_blank():
    """A 22-step claims map with lanes on A4 portrait: the slices were cut by width alone and
    stacked greedily, so a one-step slice (Gutachterbeauftragung) stood alone on a page 36 %
    full when the next slice, with its lane, did not fit under it: 7 map pages, filled 93,
    36, 66, 88, 90, 91 and 47 %. Cut and spread over the pages together, the map takes 6,
    each at least 80 % full, its data text still at 8 pt or more."""
    plan = _plan(ROOT / "tests" / "data" / "claims-quarter.vsm.yaml", (210, 297))
    fills = _page_fills(plan, (210, 297), 12, 11)
    assert len(plan.pages) <= 6, fills
    assert min(fills[:-1]) >= 0.75, fills
    assert max(fills) <= 1.0 + 1e-6, fills
    assert plan.data_pt >= 8.0
    # every step printed once, whole
    boxes = [e.id for s in plan.slices for e in s.scene.elements if e.role == "process-box"]
    assert len(boxes) == len(set(boxes)) == 22


def test_a_landscape_handout_sets_the_time_bar_beside_a_pareto_of_many_waits():
    """22 steps on A4 landscape: in half the page the Pareto (each name over its bar) of
    twelve rows was taller than the page, so the time bar and the Pareto went one under the
    other and took a page each, about 60 % full. The Pareto adds the shorter waits up in
    its last row sooner (the seven longest still named), and the two share a page, at the
    type size they have on their own."""
    from vsm_draw.charts import PARETO_ROWS
    from vsm_draw.pdf import sheet_for
    from vsm_draw.report import PARETO_SHARED, _HALF_CAPTION_EM, _HEADING_EM, _aspect, _charts_side_by_side

    vsm = load_file(str(ROOT / "tests" / "data" / "claims-quarter.vsm.yaml"))
    m = metrics(vsm)
    sheet = sheet_for("A4", "landscape")[0]
    pair = _charts_side_by_side(vsm, m, sheet)
    assert pair is not None
    em_mm = sheet.font_pt * 25.4 / 72
    half = ((sheet.width_mm - 2 * sheet.margin_mm) / em_mm - 2.5) / 2
    down = (sheet.height_mm - 2 * sheet.margin_mm) / em_mm - _HEADING_EM
    assert all(_aspect(svg) * half + _HALF_CAPTION_EM <= down for svg in pair)
    rows = pair[1].count("shorter waits</text>")
    named = [s.name for s in m.top_waits if s.wait_time > 0 and m.on_critical_path(s)][:PARETO_SHARED - 1]
    assert rows == 1 and all(name in pair[1] for name in named)
    html = report_html(vsm, m, layout="handout", sheet=sheet)
    assert html.count(b'<div class="chart-pair">') == 1
    # a map whose Pareto fits in half the page keeps all its rows (software-delivery)
    sd = load_file(str(EXAMPLES / "software-delivery.vsm.yaml"))
    kept = _charts_side_by_side(sd, metrics(sd), sheet)
    assert kept is not None and "shorter waits" not in kept[1]
    assert PARETO_SHARED < PARETO_ROWS


def test_a_slice_estimated_too_tall_is_measured_drawn_before_it_takes_a_page_of_its_own():
    """A slice's height is estimated from the bands its columns take, up to 25 points taller
    than it is drawn: on A4 portrait a health insurer's 11 steps with lanes and rework took
    8 map pages, the first four half empty (54, 48, 61, 50 %). Where the estimate overflows
    the page, the slice is drawn and measured: 5 pages, each 75 % full or more."""
    plan = _plan(ROOT / "tests" / "data" / "versicherung-rueckfragen.vsm.yaml", (210, 297))
    fills = _page_fills(plan, (210, 297), 12, 11)
    assert len(plan.pages) <= 5, fills
    assert min(fills[:-1]) >= 0.75 and max(fills) <= 1.0 + 1e-6, fills
    assert plan.data_pt >= 8.0
