"""Comparing maps: steps matched by id, exact figures, the bottleneck's move, table, JSON, picture."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from html import escape as html_escape
from pathlib import Path

import pytest
from click.testing import CliRunner

import vsm_draw
from vsm_draw.cli import main
from vsm_draw.compare import compare, compare_json, compare_table, narrative, percent_change, points_change
from vsm_draw.compare_chart import comparison_dot, comparison_narrow_svg
from vsm_draw.compare_report import compare_html

from .conftest import EXAMPLES, ROOT
from .test_report import VIEWER_SCRIPT

QUARTERS = [str(p) for p in sorted((EXAMPLES / "quarterly").glob("*.vsm.yaml"))]
REVIEW = str(EXAMPLES / "code-review-wait.vsm.yaml")


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_three_quarters_of_one_stream():
    assert [Path(p).name for p in QUARTERS] == ["q1-2026.vsm.yaml", "q2-2026.vsm.yaml",
                                                "q3-2026.vsm.yaml"]
    obj = compare_json(compare(QUARTERS))
    assert obj["unit"] == "days"
    assert [m["lead_time"] for m in obj["maps"]] == [17.125, pytest.approx(12 + 2 / 24), 14.125]
    assert [m["wait_time"] for m in obj["maps"]] == [14.5, 9.5, 11.5]
    assert [m["bottleneck"]["id"] for m in obj["maps"]] == ["deploy", "review", "requirements"]
    assert obj["maps"][0]["bottleneck"] == {
        "id": "deploy", "name": "Deploy", "wait_time": 5.0,
        "wait_reason": "Fortnightly release train", "informal_wait": False}
    assert obj["maps"][2]["flow_efficiency"] == pytest.approx(2.625 / 14.125)
    assert [m["date"] for m in obj["maps"]] == ["2026-03-31", "2026-06-30", "2026-09-30"]
    assert obj["bottleneck_moved"] is True


def test_steps_matched_by_id_across_renames_additions_and_removals():
    obj = compare_json(compare(QUARTERS))
    steps = {s["id"]: s for s in obj["steps"]}
    assert [s["id"] for s in obj["steps"]] == [
        "requirements", "design", "build", "review", "qa", "autotest", "cab", "deploy"]
    assert steps["requirements"]["name"] == "Requirements"   # the latest name
    assert steps["requirements"]["names"] == ["Refinement", "Refinement", "Requirements"]
    assert steps["requirements"]["wait_time"] == [1.0, 1.0, 4.0]
    assert steps["deploy"]["name"] == "Deployment pipeline"
    assert steps["deploy"]["wait_time"] == [5.0, 0.0, 0.0]
    assert steps["deploy"]["process_time"] == [pytest.approx(2 / 24), pytest.approx(0.5 / 24),
                                               pytest.approx(0.5 / 24)]
    assert steps["autotest"]["wait_time"] == [None, 0.0, 0.0]      # added in Q2
    assert steps["cab"]["process_time"][2] is None                  # gone in Q3
    assert obj["added"] == ["autotest"] and obj["removed"] == ["cab"]


def test_the_narrative_names_the_shift_in_the_maps_figures():
    two = narrative(compare([QUARTERS[0], QUARTERS[2]]))
    assert two[0] == "Lead time fell from 17.1 d to 14.1 d (-18%)."
    assert ("The bottleneck moved from the wait before Deploy (5 d, fortnightly release train) "
            "to the wait before Requirements (4 d, waiting for design feedback, an informal "
            "queue).") in two
    three = " ".join(narrative(compare(QUARTERS)))
    assert three.startswith("Over 3 maps (2026-03-31 to 2026-09-30), lead time fell from "
                            "17.1 d to 14.1 d (-18%).")
    assert "by way of the wait before Code review (3 d, reviews are batched on Fridays) on " \
           "2026-06-30" in three
    assert "Refinement is now Requirements" in three and "Gone: Change approval." in three
    assert "Rolled" not in three  # the same rolled %C&A in every quarter: nothing to say


def test_the_story_says_how_the_rolled_complete_accurate_moved():
    # Q1 55 %, Q3 92 % on the completeness check: the story said nothing of it.
    q = "title: {t}\nsteps:\n  - name: Check\n    wait_time: 3w\n    process_time: 3h\n" \
        "    complete_accurate: {ca}\n"
    words = narrative(compare([q.format(t="Q1", ca="55%"), q.format(t="Q3", ca="92%")]))
    assert ("Rolled %C&A, the share that passes every step right first time, rose from 55 % "
            "to 92 %.") in words
    future = q.format(t="Q3", ca="92%") + "state: future\n"
    plan = narrative(compare([q.format(t="Q1", ca="55%"), future]))
    assert "Rolled %C&A, the share that passes every step right first time, would rise " \
           "from 55 % to 92 %." in plan


def test_the_same_bottleneck_and_a_rise_are_said_plainly(write_map):
    a = write_map("steps:\n  - name: A\n    wait_time: 2d\n    process_time: 1d\n", "a.yaml")
    b = write_map("steps:\n  - name: A\n    wait_time: 3d\n    process_time: 1d\n", "b.yaml")
    words = narrative(compare([str(a), str(b)]))
    assert words[0] == "Lead time rose from 3 d to 4 d (+33%)."
    assert "The bottleneck is still the wait before A, 2 d then 3 d." in words
    assert compare([str(a), str(b)]).bottleneck_moved is False


def test_a_bottleneck_that_left_and_came_back_is_not_called_unmoved():
    # Q2's bottleneck was Statik; Q1 and Q3 share theirs. "Still" and "same" hid the move.
    def quarter(toeb: str, statik: str, when: str) -> str:
        return (f"title: Permit {when}\ndate: {when}\nsteps:\n"
                f"  - name: TOEB\n    wait_time: {toeb}\n    process_time: 1d\n"
                f"  - name: Statik\n    wait_time: {statik}\n    process_time: 1d\n")
    c = compare([quarter("4w", "2w", "2026-03-31"), quarter("3w", "5w", "2026-06-30"),
                 quarter("3w", "1w", "2026-09-30")])
    assert compare_json(c)["bottleneck_moved"] is False  # SPEC: first against last
    words = " ".join(narrative(c))
    assert "still" not in words
    assert ("The bottleneck is again the wait before TOEB, 28 d then 21 d; in between it was "
            "the wait before Statik (35 d) on 2026-06-30.") in words
    row = [line for line in compare_table(c).splitlines() if line.startswith("Bottleneck")][0]
    assert row.split()[-1] == "back"
    dot = comparison_dot(c)
    assert "the bottleneck is again TOEB (Statik in between)" in dot and "still" not in dot
    # Two maps, or three with one bottleneck throughout: said as before.
    same = compare([quarter("4w", "2w", "2026-03-31"), quarter("3w", "1w", "2026-06-30"),
                    quarter("3w", "1w", "2026-09-30")])
    assert "The bottleneck is still the wait before TOEB, 28 d then 21 d." in narrative(same)
    row = [line for line in compare_table(same).splitlines() if line.startswith("Bottleneck")][0]
    assert row.split()[-1] == "same"


def test_a_process_time_a_map_does_not_give_is_not_given_and_no_change():
    # Q1 gives Statik no process time (its box reads "—"); Q2 gives 3 d. The table read
    # "0" then "+3 d ▲ worse", and the picture's mark "▲ +24 d" where the wait grew 21 d.
    q1 = "title: Q1\nsteps:\n  - name: TOEB\n    wait_time: 4w\n    process_time: 2d\n" \
         "  - name: Statik\n    wait_time: 2w\n"
    q2 = "title: Q2\nsteps:\n  - name: TOEB\n    wait_time: 3w\n    process_time: 2d\n" \
         "  - name: Statik\n    wait_time: 5w\n    process_time: 3d\n"
    c = compare([q1, q2])
    statik = c.steps[1]
    assert statik.process_time == (0.0, 3 * 86400.0)  # the JSON's figures stay (SPEC)
    assert statik.process_time_known == (None, 3 * 86400.0)
    row = [line for line in compare_table(c).splitlines() if line.startswith("Statik")][0]
    assert row.split()[1:] == ["14", "d", "[35", "d]", "+21", "d", "not", "given", "3", "d"]
    assert "not given: the map gives no process time, so no change" in compare_table(c)
    html = compare_html(c).decode()
    assert "“not given” where it has the step but gives no process time" in html
    cells = re.search(r'<th scope="row">Statik<.*?</tr>', html, re.S).group(0)
    assert 'data-label="Work [1]">not given</td>' in cells
    assert "worse" not in cells.split('data-label="Work [1]"')[1]
    dot = comparison_dot(c)
    assert "+21 d" in dot and "+24 d" not in dot
    phone = comparison_narrow_svg(c)
    assert ">14 d + work not given<" in phone and ">35 d + 3 d<" in phone
    # The longest bar leaves room for "3 d + 2 h", not for this: it goes under its bar.
    long_q1 = compare([q1.replace("wait_time: 2w", "wait_time: 8w"), q2])
    phone = comparison_narrow_svg(long_q1)
    x = float(re.search(r'<text x="([\d.]+)"[^>]*>56 d \+ work not given<', phone).group(1))
    assert x + 140 < 340
    # A map giving 0 explicitly gives a figure: it changes as before.
    zero = compare([q1.replace("wait_time: 2w\n", "wait_time: 2w\n    process_time: 0\n"), q2])
    row = [line for line in compare_table(zero).splitlines() if line.startswith("Statik")][0]
    assert row.split()[-2:] == ["+3", "d"] and "not given" not in row


def test_maps_on_different_calendars_say_how_their_figures_compare():
    # Q1 elapsed, Q2 8-hour working days: "96.4 d -> 65.7 d (-77%)" and "-223.7 d" beside
    # it, with nothing to say a day of one is not a day of the other.
    q1 = "title: Q1\nsteps:\n  - name: A\n    wait_time: 3w\n    process_time: 1d\n"
    q2 = "title: Q2\ncalendar: {hours_per_day: 8, days_per_week: 5}\n" + q1[10:]
    c = compare([q1, q2])
    words = narrative(c)
    assert words[1] == ("Map [1] counts elapsed time (a day 24 h), map [2] counts working time "
                        "(a day 8 h, a week 5 days): each map's figures are in its own days, "
                        "the changes taken in hours as measured and written in the last "
                        "map's days.")
    assert not any("counts" in w for w in narrative(compare([q1, q1])))
    three = narrative(compare([q1, q2, q2]))
    assert "maps [2], [3] count working time" in three[1]


def test_where_the_critical_path_moved_wraps_and_is_never_cut():
    # Four long French names left the path: the picture's sentence ended "Essais de
    # compatibilité…", the steps past the edge unnamed.
    names = ["Fabrication des cartes prototypes", "Intégration matériel-logiciel sur banc d'essai",
             "Essais de compatibilité électromagnétique (CEM)",
             "Qualification environnementale (température, vibrations)"]
    chain = "title: T1\nsteps:\n  - name: Spec\n    wait_time: 1w\n    process_time: 1d\n" + "".join(
        f"  - name: \"{n}\"\n    wait_time: 3w\n    process_time: 2d\n" for n in names) + \
        "  - name: Valid\n    wait_time: 30w\n    process_time: 1d\n"
    short = chain.replace("title: T1", "title: T2").replace(
        "  - name: Valid\n", "  - name: Doc\n    after: [Spec]\n    wait_time: 1d\n"
        "  - name: Valid\n")
    c = compare([chain, short])
    dot = comparison_dot(c)
    assert "…" not in dot
    lines = re.findall(r"<B>(The critical path moved[^<]*|[^<]*vibrations\)\.)</B>", dot)
    assert len(lines) >= 2, lines
    text = " ".join(re.findall(r"<B>([^<]*)</B>", dot))
    for n in names:
        assert html_escape(n) in text or n.replace("'", "&#39;") in text, n


def test_the_pages_picture_of_many_steps_keeps_each_rows_lead_time_in_sight():
    # Eleven steps: the stacked picture was 975 pt wide, shown no smaller than 103 % (its
    # text 11 px): every row's lead time sat past a 1280 px window's column, out of sight.
    from vsm_draw.compare_chart import render_comparison

    def quarter(t: str, wait: str) -> str:
        return f"title: {t}\nsteps:\n" + "".join(
            f"  - name: Schritt {k}\n    wait_time: {wait if k == 5 else '1w'}\n"
            f"    process_time: 1d\n" for k in range(1, 12))
    c = compare([quarter("T1", "6w"), quarter("T2", "3w"), quarter("T3", "2w")])
    svg = render_comparison(c, "svg", stacked=True).decode()
    width = float(re.search(r'viewBox="0.00 0.00 ([\d.]+)', svg).group(1))
    assert width * 4 / 3 * 1.03 <= 1160  # 1280 px window: 1159 px showed ten steps whole
    leads = re.findall(r'<text[^>]*x="([\d.]+)"[^>]*>(\d+ d)</text>', svg)
    assert {t for _, t in leads} >= {"123 d", "102 d", "95 d"}
    # Ten steps still carry them right of their columns, as before.
    ten = compare([quarter("T1", "6w").replace("  - name: Schritt 11\n    wait_time: 1w\n"
                                               "    process_time: 1d\n", "")] * 2)
    svg10 = render_comparison(ten, "svg", stacked=True).decode()
    assert "lead time · flow eff." not in svg10 and "lead time · flow eff." in svg


def test_maps_where_nothing_waits_name_no_bottleneck_move(write_map):
    a = write_map("steps:\n  - name: A\n    process_time: 1d\n", "a.yaml")
    b = write_map("steps:\n  - name: B\n    process_time: 2d\n", "b.yaml")
    c = compare([str(a), str(b)])
    assert c.bottleneck_moved is True  # SPEC: the first step is the bottleneck on a tie
    assert not any("bottleneck" in sentence.lower() for sentence in narrative(c))


def test_a_future_state_reads_as_a_plan():
    future = vsm_draw.whatif(REVIEW, ["review.wait_time=1d"]).yaml()
    c = compare([REVIEW, future])
    assert c.planned
    words = narrative(c)
    assert words[0] == "Lead time would fall from 16.1 d to 9.1 d (-43%)."
    assert "The future state removes 7 d of waiting." in words
    # The picture's subtitle says it as a plan too (it read "the bottleneck moved" /
    # "is still" beside "would" in the story).
    assert "the bottleneck would move from Code review to Deploy" in comparison_dot(c)
    same = compare([REVIEW, vsm_draw.whatif(REVIEW, ["review.wait_time=7d"]).yaml()])
    assert "the bottleneck would still be Code review" in comparison_dot(same)


def test_union_keeps_flow_order():
    first = "steps:\n  - name: A\n  - name: C\n"
    second = "steps:\n  - name: A\n  - name: B\n  - name: C\n  - name: D\n"
    third = "steps:\n  - name: Z\n  - name: C\n"
    c = compare([first, second, third])
    assert [r.id for r in c.steps] == ["a", "b", "z", "c", "d"]


def test_unit_and_table():
    c = compare(QUARTERS)
    assert compare_json(c, "hours")["maps"][0]["lead_time"] == 17.125 * 24
    table = compare_table(c)
    assert "[5 d]" in table and "[4 d]" in table        # each map's bottleneck marked
    assert "was Refinement" in table and "added in [2]" in table and "removed in [3]" in table
    assert "Lead time        17.1 d       12.1 d        14.1 d      -3 d  -18%" in table
    assert table.endswith("Renamed (matched by id): Refinement is now Requirements, Deploy is "
                          "now Deployment pipeline.\n")


def test_points_change_is_the_difference_of_the_figures_shown():
    # Flow efficiency 1.243 % -> 1.466 % prints as 1.2 % -> 1.5 %: the change beside them
    # reads +0.3 pts (their difference), not +0.2 (the unrounded one, which looked wrong).
    assert points_change(0.01243, 0.01466) == "+0.3 pts"
    assert points_change(0.01466, 0.01243) == "-0.3 pts"
    assert points_change(0.1250, 0.1349) == "+1 pts"  # 12.5 % -> 13.5 %
    assert points_change(0.2, 0.2) == "0 pts" and points_change(None, 0.2) == "n/a"
    assert points_change(0.00009, 0.00012) == "0 pts"  # 0.009 % -> 0.012 %: under a tenth of a point


def test_percent_change():
    assert percent_change(17.125, 14.125) == "-18%"
    assert percent_change(100, 100.4) == "+0.4%"
    assert percent_change(1, 1) == "0%" and percent_change(0, 1) == ""


def test_cli_table_and_json():
    result = run("compare", *QUARTERS)
    assert result.exit_code == 0
    assert "lead time fell from 17.1 d to 14.1 d (-18%)." in result.output
    result = run("compare", QUARTERS[0], QUARTERS[2], "--json", "--unit", "h")
    obj = json.loads(result.output)
    assert obj["unit"] == "hours" and obj["maps"][1]["lead_time"] == 14.125 * 24
    assert set(obj) >= {"unit", "maps", "steps", "bottleneck_moved"}


def test_cli_usage_and_map_errors(write_map, tmp_path):
    assert run("compare", QUARTERS[0]).exit_code == 2
    out = tmp_path / "cmp.txt"
    result = run("compare", *QUARTERS, "-o", str(out))
    assert result.exit_code == 2 and ".svg" in result.output and not out.exists()
    assert run("compare", *QUARTERS, "--unit", "fortnights").exit_code == 2
    bad = write_map("steps:\n  - name: A\n    wait_time: soon\n")
    existing = tmp_path / "keep.svg"
    existing.write_text("old")
    result = CliRunner().invoke(main, ["compare", QUARTERS[0], str(bad), "-o", str(existing)])
    assert result.exit_code == 1
    assert f"{bad}:3:16: `wait_time`" in result.output and "Traceback" not in result.output
    assert existing.read_text() == "old"


def test_picture_dot_is_deterministic_and_escapes_map_text():
    hostile = ("title: <script>alert(1)</script> & co\nstate: future\nsteps:\n"
               "  - name: <b>Review</b>\n    wait_time: 3d\n    process_time: 1h\n")
    c = compare([REVIEW, hostile, QUARTERS[2]])
    dot = comparison_dot(c)
    assert dot == comparison_dot(c)
    assert "<script>" not in dot and "&lt;script&gt;alert(1)" in dot
    assert "&lt;b&gt;Review&lt;/b&gt;" in dot        # the bottleneck's name, escaped
    assert "Lead time" in dot and "Flow efficiency" in dot   # three maps: the trend
    two = comparison_dot(compare([REVIEW, QUARTERS[2]]))
    assert "Flow efficiency" not in two
    # The phone's picture (plain SVG): the same, escaped, every step named whole.
    phone = comparison_narrow_svg(c)
    assert phone == comparison_narrow_svg(c) and ET.fromstring(phone) is not None
    assert "<script>" not in phone and "<b>" not in phone and "&lt;b&gt;Review" in phone
    assert "…" not in phone


def test_phone_picture_of_three_maps_has_the_trend_after_the_lead_times():
    """A phone's picture, like the wide one and paper, shows the trend of lead time and flow
    efficiency for three maps or more: both panels between the lead times and the first
    step, each map's value over its point; the steps moved down by them, not over them.
    Two maps get no trend, and their picture is what it was."""
    from vsm_draw.compare_chart import comparison_print_svgs

    c = compare(QUARTERS)
    phone = comparison_narrow_svg(c)
    root = ET.fromstring(phone)
    ns = "{http://www.w3.org/2000/svg}"
    texts = ["".join(t.itertext()) for t in root.iter(f"{ns}text")]
    order = [texts.index(words) for words in ("Lead time", "Lead time over the maps",
                                              "Flow efficiency over the maps", "Requirements")]
    assert order == sorted(order)
    for m in c.metrics:  # each map's lead time and flow efficiency, as the panels write them
        assert f"{m.flow_efficiency * 100:.1f} %" in texts
    panels = [g for g in root.iter(f"{ns}g") if g.get("id", "").startswith("vsmc-narrow-trend-")]
    assert [g.get("id") for g in panels] == ["vsmc-narrow-trend-lead", "vsmc-narrow-trend-fe"]
    # The same panels as paper prints, as tall, one under the other.
    paper = [ET.fromstring(svg) for svg in comparison_print_svgs(c)
             if 'id="vsmc-print-trend-' in svg]
    tops = [float(g.get("transform").split()[1].rstrip(")")) for g in panels]
    heights = [float(svg.get("height")) for svg in paper]
    assert tops[1] - tops[0] == pytest.approx(heights[0], abs=0.1)
    shifted = root.find(f"{ns}g[@transform='translate(0 {sum(heights):.1f})']")
    assert shifted is not None and any("".join(t.itertext()) == "Requirements"
                                       for t in shifted.iter(f"{ns}text"))
    two = ET.fromstring(comparison_narrow_svg(compare(QUARTERS[:2])))
    assert not any("over the maps" in "".join(t.itertext()) for t in two.iter(f"{ns}text"))


@pytest.mark.graphviz
def test_cli_writes_picture_and_report_as_a_user_would(tmp_path):
    """The real command in a subprocess: SVG, PNG, HTML and the report as PDF."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    outputs = {}
    for name, extra in (("cmp.svg", []), ("cmp.png", []), ("cmp.html", []),
                        ("cmp.pdf", ["--report"])):
        out = tmp_path / name
        proc = subprocess.run([sys.executable, "-m", "vsm_draw.cli", "compare", *QUARTERS,
                               "-o", str(out), *extra],
                              capture_output=True, text=True, env=env, timeout=120)
        assert proc.returncode == 0, proc.stderr
        assert proc.stderr == "" and proc.stdout == ""  # the file is the whole answer
        outputs[name] = out.read_bytes()
    root = ET.fromstring(outputs["cmp.svg"])
    assert root.tag.endswith("svg")
    svg = outputs["cmp.svg"].decode()
    assert "Checkout team — Q3 2026" in svg and "bottleneck: Requirements" in svg
    assert "▲ +3.1 d" in svg and "▼ −5.1 d" in svg  # worse and better, by shape and sign
    assert outputs["cmp.png"][:8] == b"\x89PNG\r\n\x1a\n"
    html = outputs["cmp.html"].decode()
    assert "The bottleneck moved from the wait before Deploy" in html
    ids = [part.split('"', 1)[0] for part in html.split(' id="')[1:]]
    assert len(ids) == len(set(ids)), "every id on the page is unique"
    assert html.count("<script") == 1 and VIEWER_SCRIPT in html  # the viewer's own, only
    assert outputs["cmp.pdf"][:5] == b"%PDF-"


@pytest.mark.graphviz
def test_comparison_pdf_has_a_reproducible_date(monkeypatch):
    from vsm_draw.compare_chart import render_comparison

    c = compare(QUARTERS)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    first = render_comparison(c, "pdf")
    assert b"/CreationDate (D:20260930000000Z)" in first  # the last map's date, not the clock
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    assert b"/CreationDate (D:20260921141320Z)" in render_comparison(c, "pdf")


def test_compare_report_keeps_text_that_looks_like_svg_ids():
    from vsm_draw.compare_report import compare_html

    name = 'x id="vsm-title" url(#vsm-desc)'
    one = f"title: A\nsteps:\n  - name: '{name}'\n    id: x\n    wait_time: 2d\n"
    two = f"title: B\nsteps:\n  - name: '{name}'\n    id: x\n    wait_time: 1d\n"
    page = compare_html(compare([one, two])).decode()
    assert "x id=&#34;vsm-title&#34; url(#vsm-desc)" in page or \
        "x id=&quot;vsm-title&quot; url(#vsm-desc)" in page
    assert "cmp-vsm-title" not in page and "vsm-title-cmp&" not in page
    from html.parser import HTMLParser

    ids: list[str] = []

    class Ids(HTMLParser):
        def handle_starttag(self, tag, attrs):
            ids.extend(v for k, v in attrs if k == "id")

    Ids().feed(page)
    assert ids and len(ids) == len(set(ids))


def test_no_wait_in_either_map_is_no_bottleneck_move_for_people():
    one, two = ("title: A\nsteps:\n  - name: X\n    process_time: 1d\n",
                "title: B\nsteps:\n  - name: X\n    process_time: 2d\n")
    c = compare([one, two])
    assert compare_json(c)["bottleneck_moved"] is False
    row = [line for line in compare_table(c).splitlines() if line.startswith("Bottleneck")][0]
    assert row.split()[-1] == "—" and "moved" not in row and "same" not in row


def test_every_invalid_map_is_reported_not_only_the_first(write_map):
    bad1 = write_map("steps: []\n", "a.yaml")
    bad2 = write_map("steps:\n  - name: A\n    wait_time: soon\n", "b.yaml")
    result = CliRunner().invoke(main, ["compare", str(bad1), REVIEW, str(bad2)])
    assert result.exit_code == 1 and result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"{bad1}:1:8: ") and lines[1].startswith(f"{bad2}:3:16: ")


def test_picture_keeps_each_step_in_its_column_and_names_every_column():
    """A step starts at the same x in every map; every step is named whole over its column
    or by a number in the key; changes carry ▼/▲ marks in two colours."""
    c = compare(QUARTERS)
    dot = comparison_dot(c)
    lefts: dict[str, set] = {}
    for node in re.findall(r'\[([^\]]*id="map\d-wait-[^"]+"[^\]]*)\]', dot):
        sid = re.search(r'id="map\d-wait-([^"]+)"', node).group(1)
        cx = float(re.search(r'pos="([-0-9.]+),', node).group(1))
        width = float(re.search(r'width="?([0-9.]+)', node).group(1)) * 72
        lefts.setdefault(sid, set()).add(cx - width / 2)
    assert set(lefts) >= {"requirements", "build", "review", "deploy"}
    assert all(max(x) - min(x) < 0.5 for x in lefts.values()), lefts  # one column per step
    for row in c.steps:  # named whole (wrapped at spaces), or numbered with the name in the key
        assert all(f">{word}" in dot or f" {word}" in dot for word in row.name.split()), row.name
    assert "…" not in dot
    assert "#009E73" in dot and "#D55E00" in dot


def test_an_hours_map_changes_in_hours_everywhere(write_map):
    # QA F8: an hours map's changes read "+1.5 d" beside "38 h" and "74 h".
    a = write_map("unit: hours\nsteps:\n  - {name: A, wait_time: 36, process_time: 2}\n"
                  "  - {name: B, wait_time: 4, process_time: 1}\n", "a.yaml")
    b = write_map("unit: hours\nsteps:\n  - {name: A, wait_time: 72, process_time: 2}\n"
                  "  - {name: B, wait_time: 4, process_time: 1}\n", "b.yaml")
    c = compare([str(a), str(b)])
    table = compare_table(c)
    assert "+36 h" in table and not re.search(r"\d d\b", table), table
    words = " ".join(narrative(c))
    assert "43 h to 79 h" in words and not re.search(r"\d d\b", words), words
    dot = comparison_dot(c)
    assert "+36 h" in dot and not re.search(r"\d d\b", dot)
    from vsm_draw.whatif import whatif_narrative, whatif_table
    result = vsm_draw.whatif(str(a), ["A.wait_time=72"])
    for text in (whatif_table(result), whatif_narrative(result)):
        assert not re.search(r"\d d\b", text), text
    assert "+36 h" in whatif_table(result)


BRANCHED = """\
unit: days
steps:
  - {name: Requirements, id: req, wait_time: 2, process_time: 1}
  - {name: Backend build, id: be, after: [req], wait_time: 1, process_time: %s}
  - {name: Frontend build, id: fe, after: [req], wait_time: 6, process_time: %s}
  - {name: User docs, id: docs, after: [req], wait_time: 3, process_time: 1}
  - {name: Integration, id: integ, after: [be, fe], wait_time: 3, process_time: 2}
  - {name: Release, id: rel, after: [integ, docs], wait_time: 1, process_time: 0.5}
"""


def test_the_picture_of_branched_maps_draws_each_critical_path_to_scale(write_map):
    # QA F13 (qa-inputs/branched*.vsm.yaml): parallel branches were laid end to end (26 d of
    # bars beside an 18.5 d lead time) and the path moving from Backend to Frontend was unseen.
    a = write_map(BRANCHED % (8, 1), "a.yaml")
    b = write_map(BRANCHED % (3, 2), "b.yaml")
    dot = comparison_dot(compare([str(a), str(b)]))
    widths: dict[int, float] = {1: 0.0, 2: 0.0}
    drawn: dict[int, set[str]] = {1: set(), 2: set()}
    for node in re.findall(r'\[([^\]]*id="map\d-(?:wait|work)-[^"]+"[^\]]*)\]', dot):
        i, sid = re.search(r'id="map(\d)-(?:wait|work)-([^"]+)"', node).groups()
        widths[int(i)] += float(re.search(r'width="?([\d.]+)', node).group(1))
        drawn[int(i)].add(sid)
    assert drawn == {1: {"req", "be", "integ", "rel"}, 2: {"req", "fe", "integ", "rel"}}
    assert widths[1] / widths[2] == pytest.approx(18.5 / 17.5, rel=1e-3)  # the lead times
    assert "off the critical path: Frontend build, User docs" in dot
    assert "off the critical path: Backend build, User docs" in dot
    assert "The critical path moved: it now runs through Frontend build instead of Backend" in dot
    assert "the bottleneck: the longest wait on the critical path" in dot
    # Each map's bottleneck is framed in its own row: Integration, then Frontend build (6 d).
    assert dot.count('id="map1-bottleneck"') == dot.count('id="map2-bottleneck"') == 1


#: Three quarters of a German team's stream: long step names, one renamed each quarter, a
#: step added and one gone, the bottleneck moving from the acceptance test to the concept.
LONG_NAMED_QUARTERS = [
    "title: Kundenportal — Q1 2026\ndate: 2026-03-31\nsteps:\n"
    "  - {name: Anforderungsaufnahme beim Fachbereich, id: anforderung, wait_time: 4d, process_time: 4h}\n"
    "  - {name: Fachkonzepterstellung, id: konzept, wait_time: 6d, process_time: 2d}\n"
    "  - {name: Implementierung, id: impl, wait_time: 2d, process_time: 5d}\n"
    "  - {name: Code-Review, id: review, wait_time: 3d, process_time: 2h}\n"
    "  - {name: Abnahmetest durch Fachbereich, id: abnahme, wait_time: 12d, process_time: 1d}\n"
    "  - {name: Produktivsetzung, id: deploy, wait_time: 10d, process_time: 2h}\n",
    "title: Kundenportal — Q2 2026\ndate: 2026-06-30\nsteps:\n"
    "  - {name: Anforderungsaufnahme und Priorisierung, id: anforderung, wait_time: 3d, process_time: 4h}\n"
    "  - {name: Fachkonzepterstellung, id: konzept, wait_time: 9d, process_time: 1.5d}\n"
    "  - {name: Implementierung, id: impl, wait_time: 2d, process_time: 4d}\n"
    "  - {name: Code-Review, id: review, wait_time: 1d, process_time: 2h}\n"
    "  - {name: Sicherheitsprüfung (Penetrationstest), id: security, wait_time: 5d, process_time: 1d}\n"
    "  - {name: Abnahmetest durch Fachbereich, id: abnahme, wait_time: 6d, process_time: 1d}\n"
    "  - {name: Produktivsetzung, id: deploy, wait_time: 3d, process_time: 2h}\n",
    "title: Kundenportal — Q3 2026\ndate: 2026-09-30\nsteps:\n"
    "  - {name: Anforderungsaufnahme und Priorisierung, id: anforderung, wait_time: 2d, process_time: 4h}\n"
    "  - {name: Fachkonzept und Datenschutzfolgenabschätzung, id: konzept, wait_time: 11d, process_time: 2d}\n"
    "  - {name: Implementierung, id: impl, wait_time: 1d, process_time: 4d}\n"
    "  - {name: Sicherheitsprüfung (Penetrationstest), id: security, wait_time: 2d, process_time: 4h}\n"
    "  - {name: Abnahmetest durch Fachbereich, id: abnahme, wait_time: 2d, process_time: 1d}\n"
    "  - {name: Automatisierte Produktivsetzung, id: deploy, wait_time: 0.5d, process_time: 1h}\n",
]


def _svg_lines(svg: str) -> list[str]:
    ns = "{http://www.w3.org/2000/svg}"
    return ["".join(t.itertext()) for t in ET.fromstring(svg).iter(f"{ns}text")]


@pytest.mark.graphviz
def test_long_bottleneck_names_wrap_within_the_pages_picture():
    """The page's (stacked) picture of three quarters whose bottleneck is "Fachkonzept und
    Datenschutzfolgenabschätzung": its subtitle and the row's bottleneck ran on in one line,
    the picture 979 pt wide, shown at no less than MIN_SHOWN of it: wider than the 1132 px
    column, so it scrolled sideways and both were cut at the column's edge. They now wrap
    within the rows and their totals (812 pt); the example quarters' picture is as it was."""
    from vsm_draw.compare_chart import render_comparison
    from vsm_draw.compare_report import MIN_SHOWN

    def natural_pt(c) -> float:
        svg = render_comparison(c, "svg", stacked=True)
        svg = svg.decode() if isinstance(svg, bytes) else svg
        return float(re.search(r'<svg width="([\d.]+)pt"', svg).group(1)), svg

    width, svg = natural_pt(compare(LONG_NAMED_QUARTERS))
    assert width * 4 / 3 * MIN_SHOWN <= 1132, width
    lines = _svg_lines(svg)
    assert "bottleneck:" in lines and "Fachkonzept und" in lines
    assert "Datenschutzfolgenabschät-" in lines and "zung" in lines  # cut with a hyphen
    assert not any("…" in line for line in lines)
    assert natural_pt(compare(QUARTERS))[0] == 804  # short names: one line each, as before


def test_phone_picture_wraps_a_long_bottleneck_name():
    """On a phone the lead times' "bottleneck Fachkonzept und Datenschutzfolgenabs" ran past
    the picture's right edge, cut there: it wraps under the lead time, within the picture."""
    from vsm_draw.compare_chart import NARROW_W
    from vsm_draw.textwidth import text_width

    root = ET.fromstring(comparison_narrow_svg(compare(LONG_NAMED_QUARTERS)))
    ns = "{http://www.w3.org/2000/svg}"
    for t in root.iter(f"{ns}text"):
        if t.get("font-size") == "12" and t.get("text-anchor") is None:  # left-aligned
            assert float(t.get("x")) + text_width("".join(t.itertext()), 12) <= NARROW_W, t.text
    lines = _svg_lines(comparison_narrow_svg(compare(LONG_NAMED_QUARTERS)))
    assert "bottleneck Fachkonzept und" in lines and "Datenschutzfolgenabschätzung" in lines


def test_comparison_pages_bottleneck_names_wrap_in_the_figures_table():
    """The headline figures' bottleneck row kept each name on one line (white-space: nowrap,
    as figures are): three long names pushed the table past a 1280 px window, its Change
    column cut. The row's cells are marked as names, which wrap (report.css)."""
    from vsm_draw.compare_report import compare_html

    page = compare_html(compare(LONG_NAMED_QUARTERS)).decode()
    row = page[page.index('<th scope="row">Bottleneck</th>'):].split("</tr>", 1)[0]
    assert row.count('class="num names"') == 3 and 'class="num change names"' in row
    assert "td.num.names { white-space: normal; }" in page

def test_a_german_wait_reason_keeps_its_capital_in_the_story():
    # "(12 d, testumgebung nur monatlich verfügbar)": a German noun lost its capital.
    from vsm_draw.compare import bottleneck_phrase
    from vsm_draw.model import Step

    def phrase(reason):
        return bottleneck_phrase(Step(id="a", name="A", wait_time=86400.0, wait_reason=reason))

    assert phrase("Testumgebung nur monatlich verfügbar").endswith("(1 d, Testumgebung nur monatlich verfügbar)")
    assert phrase("Gutachter im Urlaub").endswith("(1 d, Gutachter im Urlaub)")
    assert phrase("Fortnightly release train").endswith("(1 d, fortnightly release train)")
    assert phrase("Reviews are batched on Fridays").endswith("(1 d, reviews are batched on Fridays)")
