"""The poster's share of the sheet: the map's scene for it, the pages, the warning (no printing)."""
from __future__ import annotations

import itertools

import pytest

from vsm_draw.diagram import diagram_scene
from vsm_draw.layout.canvas import MARGIN as CANVAS_MARGIN
from vsm_draw.layout.diagram import PX_PER_PT
from vsm_draw.loader import load_file
from vsm_draw.metrics import metrics
from vsm_draw.pdf import sheet_for
from vsm_draw.poster import (CAPTION_CHARS, CAPTION_MM, FLOOR, MARGIN as POSTER_MARGIN, SMALLEST_EM,
                             PosterMap, fill_margin, head_legible, page_one, poster_scene, poster_map,
                             share_sheet, small_map_warning, target_pt, tight_head,
                             turned_poster_map)

from .conftest import EXAMPLES, ROOT


def _map(height: float, min_mm: float, wide: float = 1e9, data: float = 20.0) -> PosterMap:
    return PosterMap(svg="", height_mm=height, data_pt=data, min_mm=min_mm, wide_mm=wide,
                     target=20.0, fills=False)


def test_target_is_20_pt_on_a0_and_in_proportion_on_smaller_sheets():
    assert [round(target_pt(short), 1) for short in (841, 594, 420, 297)] == [20.0, 14.1, 10.0, 7.1]


def test_a_short_report_shares_one_sheet_at_full_type_size():
    share = share_sheet(room=793, head=160, rest=150, pm=_map(300, 250))
    assert share.pages == 1 and share.factor == 1.0 and share.map_mm == 300 + CAPTION_MM


def test_a_map_larger_than_its_target_shrinks_for_the_text_before_the_text_moves_on():
    share = share_sheet(room=793, head=160, rest=450, pm=_map(400, 250, data=32))
    assert share.pages == 1 and 250 + CAPTION_MM <= share.map_mm < 400 + CAPTION_MM
    assert share.factor >= FLOOR


def test_a_map_that_needs_the_sheet_gets_the_first_page_and_the_rest_the_second():
    share = share_sheet(room=793, head=160, rest=500, pm=_map(640, 640))
    assert share.pages == 2 and share.factor == 1.0
    # The masthead shrinks (not below 65 %) for the map to keep its target size.
    assert share.map_mm >= 640 + CAPTION_MM and round(share.head, 2) < 1
    assert share.map_mm + 160 * share.head <= 793


def test_the_second_pages_type_comes_from_what_it_holds_when_measured_so():
    """A one-page poster draws its charts for a third of the sheet, taller: what follows the
    map measured so would set a second page's type smaller than that page, drawing them as
    a page does, needs (23.5 pt on A0 would print at 21.9)."""
    one_page = share_sheet(room=793, head=160, rest=1200, pm=_map(640, 640))
    second = share_sheet(room=793, head=160, rest=1200, pm=_map(640, 640), second_rest=700)
    assert one_page.pages == second.pages == 2
    assert one_page.factor < 0.7 and second.factor == 1.0
    # the first page as it was: the map's row, the masthead's type (head is of the type's)
    assert second.map_mm == one_page.map_mm
    assert second.head * second.factor == pytest.approx(one_page.head * one_page.factor, 0.01)


def test_a_map_limited_by_the_width_takes_no_more_of_the_first_page_than_it_fills():
    scale, row = page_one(793, 160, 300, wide_mm=350)
    assert scale == 1.0 and row == 350 + CAPTION_MM


def test_a_masthead_set_in_fewer_lines_keeps_its_labels_at_12_pt_on_a0_and_alike_on_a2():
    """Over a map filling its first page the masthead shrank to 45 % (the labels at 7 pt on
    A0 beside the map's 17): set in fewer lines its smallest type is to keep 60 % of the
    map's target, 12 pt on A0, 6 pt on A2, 8.5 pt on A1."""
    for paper, least in (("A0", 12.0), ("A1", 8.5), ("A2", 6.0)):
        sheet = sheet_for(paper)[0]
        assert head_legible(sheet) * SMALLEST_EM * sheet.font_pt == pytest.approx(least, abs=0.05)


def test_a_shrunk_mastheads_labels_keep_12_pt_on_a0_and_in_proportion():
    """The masthead at 46 % over a map on its sheets printed its labels at 7.9 pt on A0 (OWNERS
    INVOLVED, 0.72 em of it): at 45 % (the least it shrinks to) every line holding its small
    type grows for it to print at 12 pt; on A2 at 6 pt; none grows at full size."""
    from vsm_draw.poster import _LABEL_LINES, label_pt, masthead_lines

    for paper, least in (("A0", 12.0), ("A2", 6.0)):
        sheet = sheet_for(paper)[0]
        short = min(sheet.width_mm, sheet.height_mm)
        assert label_pt(short) == pytest.approx(least, abs=0.05)
        for tight in (False, True):
            lines = masthead_lines(sheet.font_pt, 0.45, short, tight)
            assert set(lines) == set(_LABEL_LINES)
            for line, pt in lines.items():
                label = _LABEL_LINES[line][1 if tight else 3]
                assert pt * label == pytest.approx(least, abs=0.02)
            assert masthead_lines(sheet.font_pt, 1.0, short, tight) == {}


def test_a_masthead_in_fewer_lines_takes_no_more_room_than_in_full():
    """Its type at the legible scale when that is no taller than the masthead in full at the
    scale it shrank to (the map keeps its room, and gains what is left); as large as that
    room allows when it is taller; the masthead in full (0) when that gains nothing, or when
    it already prints at the legible scale."""
    # in full: 160 mm at full size, at 0.45 72 mm; in fewer lines at 0.59: 50 mm
    assert tight_head(0.45, 160, 0.59, 50) == 0.59
    assert 160 * 0.45 >= 50
    # in fewer lines at 0.59: 90 mm; in 72 mm it takes 0.59 * 72 / 90
    assert tight_head(0.45, 160, 0.59, 90) == pytest.approx(0.59 * 72 / 90, abs=0.001)
    assert tight_head(0.45, 160, 0.59, 0.59 * 72 / 0.453) == 0.0  # 0.453: no gain worth it
    assert tight_head(0.68, 160, 0.59, 50) == 0.0  # already readable in full


def test_the_warning_names_the_size_reached_and_what_to_do():
    assert small_map_warning(_map(700, 700, data=19.97), "A0") is None
    said = small_map_warning(_map(700, 700, data=9.4), "A0")
    assert "about 9 pt" in said and "20 pt" in said and "bigger sheet" in said and "fewer steps" in said


@pytest.mark.parametrize("name", ["mortgage-approval.vsm.yaml", "software-delivery.vsm.yaml"])
def test_the_poster_scene_drops_the_caption_and_moves_the_totals(name):
    vsm = load_file(str(EXAMPLES / name))
    m = metrics(vsm)
    one = diagram_scene(vsm, m)
    two = diagram_scene(vsm, m, width=one.width * PX_PER_PT / 2)
    bare = poster_scene(one)
    assert not any(e.id.startswith("caption/") for e in bare.elements)
    # Round it the poster's narrow margin instead of the picture's: the sheet's is its room.
    assert bare.height < one.height and bare.width == one.width - 2 * (CANVAS_MARGIN - POSTER_MARGIN)
    assert min(e.box[0] for e in bare.elements) == pytest.approx(POSTER_MARGIN, abs=1)
    under = poster_scene(one, "under")  # a single row gets narrower
    assert under.width < bare.width and under.height > bare.height
    if len(two.rows) > 1:  # several rows get shorter
        beside = poster_scene(two, "beside")
        assert beside.height < poster_scene(two).height
        box = beside["totals/box"].box
        last = max(e.box[3] for e in beside.elements if not e.id.startswith("totals/"))
        assert box[3] <= last + 0.01


def test_the_totals_go_into_a_free_corner_of_the_map_clear_of_everything():
    """Twelve steps in two rows: the totals box at the top right of the map, where the
    first row's information band leaves room, instead of under or beside the last row."""
    vsm = load_file(str(ROOT / "tests" / "data" / "twelve-steps.vsm.yaml"))
    m = metrics(vsm)
    one = diagram_scene(vsm, m)
    two = diagram_scene(vsm, m, width=one.width * PX_PER_PT / 2)
    corner = poster_scene(two, "corner")
    assert corner is not None and len(two.rows) == 2
    box = corner["totals/box"].box
    rest = [e for e in corner.elements if not e.id.startswith("totals/")]
    assert abs(box[1] - min(e.box[1] for e in rest)) < 1.5  # at the top
    assert box[2] > max(e.box[2] for e in rest) - 80  # at the right
    assert not [e.id for e in rest if e.box[0] < box[2] and box[0] < e.box[2] and e.box[1] < box[3]
                and box[1] < e.box[3]]
    assert corner.height < poster_scene(two).height and corner.width <= poster_scene(two, "beside").width


@pytest.mark.parametrize("name, turns", [("fifteen-steps.vsm.yaml", True), ("twenty-five-steps.vsm.yaml", False),
                                         ("thirty-steps.vsm.yaml", False), ("twenty-steps.vsm.yaml", False),
                                         ("ten-steps.vsm.yaml", False), ("tangle.vsm.yaml", False)])
def test_a_poster_turns_to_portrait_only_when_its_map_is_short_of_its_target_in_landscape(name, turns):
    """Without an orientation a poster is landscape; a map short of its target on one
    landscape sheet goes portrait when it reaches it there on fewer sheets (fifteen steps,
    whose two rows are wider than the sheet at 20 pt: on one portrait sheet, where landscape
    takes two), or prints larger there when it reaches it on neither. Ten steps, and six
    lanes in rows packed for the poster, reach 20 pt in landscape and stay, though portrait
    would print them larger; twenty, twenty-five and thirty steps with lanes reach it on as
    many landscape sheets as portrait ones (two, two, three) and stay."""
    vsm = load_file(str(ROOT / "tests" / "data" / name))
    m = metrics(vsm)
    landscape, portrait = sheet_for("A0")[0], sheet_for("A0", "portrait")[0]
    planned, turned = turned_poster_map(vsm, m, landscape, portrait)
    assert turned == turns
    across = poster_map(vsm, m, landscape)
    if turns:
        assert across.sheets and len(planned.sheets) < len(across.sheets)
        assert planned.data_pt >= planned.target - 0.05
    else:
        assert planned.data_pt == across.data_pt and planned.sheets == across.sheets
        if across.data_pt < across.target - 0.05:
            assert poster_map(vsm, m, portrait).data_pt <= across.data_pt + 0.05
        elif across.sheets:  # portrait would take as many sheets
            assert len(poster_map(vsm, m, portrait).sheets) >= len(across.sheets)


def test_the_caption_lengths_the_poster_counts_are_the_reports():
    """:data:`~vsm_draw.poster.CAPTION_CHARS` are the map caption's lengths in the report
    (without lanes, with lanes): the poster counts its lines by them."""
    from vsm_draw.report import report_html

    for name, branched in (("ten-steps.vsm.yaml", False), ("tangle.vsm.yaml", True)):
        vsm = load_file(str(ROOT / "tests" / "data" / name))
        m = metrics(vsm)
        assert bool(m.branched) == branched
        html = report_html(vsm, m, layout="poster", sheet=sheet_for("A0")[0],
                           diagram="<svg></svg>").decode()
        start = html.index("The value stream, left to right")
        text = html[start:html.index("<", start)].split()
        assert abs(len(" ".join(text)) - CAPTION_CHARS[branched]) <= 3, " ".join(text)


def test_the_poster_chooses_among_every_count_of_rows():
    """The layouts a poster picks from: the map in each count of rows from one to eight, its
    rows :data:`~vsm_draw.poster.ROW_GAP` apart (closer than a page's), and with two lanes
    also broken across rows (each lane named at its ends)."""
    from vsm_draw.poster import ROW_GAP, _candidates

    for name, counts in (("fifteen-steps.vsm.yaml", set(range(1, 9))), ("twenty-steps.vsm.yaml", set(range(1, 9)))):
        vsm = load_file(str(ROOT / "tests" / "data" / name))
        m = metrics(vsm)
        scenes = _candidates(vsm, m, "classic", "classic")
        assert {len(s.rows) for s in scenes} == counts
        for s in scenes:
            assert all(b.y0 - a.y1 == pytest.approx(ROW_GAP) for a, b in zip(s.rows, s.rows[1:]))
    split = diagram_scene(vsm, m, rows=4, split=True)
    kept = diagram_scene(vsm, m, rows=4)
    assert [r.index for r in split.rows] == [0, 1, 2, 3] and split.columns != kept.columns


def test_a_map_that_fills_its_first_page_gets_a_narrower_margin_and_the_height_it_leaves():
    """Fifteen steps need the first page of a portrait A0: printed in an 8 mm margin
    (24 mm otherwise) they reach 20 pt, and a shorter masthead than planned gives the map
    what it leaves (:meth:`PosterMap.printed_pt`, up to the sheet's full width)."""
    vsm = load_file(str(ROOT / "tests" / "data" / "fifteen-steps.vsm.yaml"))
    m = metrics(vsm)
    pm = poster_map(vsm, m, sheet_for("A0", "portrait")[0])
    assert pm.fills and pm.margin_mm == fill_margin(841) == 8.0
    assert [fill_margin(short) for short in (594, 420, 297)] == [5.7, 5.0, 5.0]
    assert pm.printed_pt(pm.height_mm + pm.caption_mm) == pytest.approx(pm.data_pt)
    assert pm.printed_pt(pm.height_mm + pm.caption_mm + 20) > pm.data_pt
    assert pm.printed_pt(1e6) == pytest.approx(pm.pt_per_mm * pm.wide_mm)
    short = load_file(str(EXAMPLES / "code-review-wait.vsm.yaml"))  # three steps: the sheet's own margin
    reached = poster_map(short, metrics(short), sheet_for("A0")[0])
    assert not reached.fills and reached.margin_mm is None


def test_the_warning_says_tenths_rather_than_the_target_itself():
    said = small_map_warning(_map(700, 700, data=19.6), "A0")
    assert "about 19.6 pt" in said and "under the 20.0 pt" in said


#: The data text (pt) that the generated long maps (tests/longmaps.py) reach on A0, in the
#: orientation a poster takes without one named, as planned: 20 steps without lanes reach
#: the target; the rest print under it and are floors (before the poster's shorter rows:
#: 19.9, 19.0, 19.9; 19.3, 17.1, 18.1; 17.5, 16.0, 16.9).
_LONG_A0 = {(20, "plain"): 20.0, (20, "lanes"): 19.0, (20, "rework"): 19.9,
            (25, "plain"): 19.6, (25, "lanes"): 17.9, (25, "rework"): 19.0,
            (30, "plain"): 17.5, (30, "lanes"): 16.7, (30, "rework"): 17.5}


@pytest.mark.parametrize("n, kind", list(_LONG_A0))
def test_a_long_maps_poster_rows_are_shorter_than_a_pages(tmp_path, n, kind):
    """20, 25 and 30 steps, plain, with lanes and with rework: in the rows of a poster (the
    ladder's rungs closer, kaizen bursts flatter where that is shorter, a branch's name at a
    row's end wrapped) each row is shorter than on a page and no wider, and the data text
    the poster plans on A0 reaches its floor (:data:`_LONG_A0`)."""
    from vsm_draw.poster import ROW_GAP
    from .longmaps import long_map_file

    vsm = load_file(str(long_map_file(tmp_path, n, kind)))
    m = metrics(vsm)
    page = diagram_scene(vsm, m, rows=4, split=True, row_gap=ROW_GAP)
    poster = diagram_scene(vsm, m, rows=4, split=True, row_gap=ROW_GAP, compact=True)
    assert len(page.rows) == len(poster.rows) == 4
    assert all(b.y1 - b.y0 < a.y1 - a.y0 for a, b in zip(page.rows, poster.rows))
    assert poster.width <= page.width + 0.01
    planned, _ = turned_poster_map(vsm, m, sheet_for("A0")[0], sheet_for("A0", "portrait")[0])
    assert planned.data_pt >= _LONG_A0[n, kind] - 0.05


_BAND_MAPS = [ROOT / "tests" / "data" / name for name in
              ("twenty-steps.vsm.yaml", "tall-claims.vsm.yaml", "lane-flows.vsm.yaml", "flows.vsm.yaml",
               "from-start.vsm.yaml", "twelve-steps.vsm.yaml")] + [EXAMPLES / "software-delivery.vsm.yaml"]


def _band_problems(scene):
    """What a poster's information band does to what stands over the process row: a flow's
    line, label or party over the bottleneck badge, a flow's line along a rework loop's, or
    through a text or a step's box."""
    from .geometry import boxes_crossed, shared_tracks, texts_crossed

    badges = [e.box for e in scene.elements if e.role == "bottleneck-badge"]
    band = [e for e in scene.elements if e.id.startswith(("flow:", "party:"))]
    over = [(e.id, b) for e in band for b in badges
            if e.box[0] < b[2] and b[0] < e.box[2] and e.box[1] < b[3] and b[1] < e.box[3]
            and not (e.role == "info-flow" and all(abs(p[0] - q[0]) < 0.5 or not b[1] < p[1] < b[3]
                                                    for p, q in zip(e.points, e.points[1:])))]
    return (over + shared_tracks(scene, roles=("info-flow",), against=("rework-arrow",))
            + texts_crossed(scene, roles=("info-flow", "rework-arrow")) + boxes_crossed(scene, roles=("info-flow",)))


@pytest.mark.parametrize("path", _BAND_MAPS, ids=lambda p: p.name.split(".")[0])
def test_a_posters_information_band_keeps_clear_of_the_badge_and_the_loops_it_stands_beside(path):
    """A poster's row takes its information band as low as what stands over its process row
    allows (:func:`~vsm_draw.layout.info.draw_info_row`, ``lowered``): in every layout the
    poster chooses from (its queue columns as wide as a page's, and narrower), no flow, label
    or party over the bottleneck badge, along a rework loop, or through a text or a box, and
    no loop through a flow's label (lane-flows' in three rows of narrower columns: a flow's
    label beside its line down to a step stood over the leg of a loop to another row)."""
    from vsm_draw.layout.measure import POSTER_QUEUE_W, QUEUE_W

    vsm = load_file(str(path))
    m = metrics(vsm)
    for rows, queue_w in itertools.product((1, 2, 3), (QUEUE_W, POSTER_QUEUE_W)):
        scene = diagram_scene(vsm, m, rows=rows, row_gap=10.0, compact=True, queue_w=queue_w)
        assert _band_problems(scene) == [], (rows, queue_w)


def test_a_posters_band_comes_down_beside_the_badge_when_no_flow_passes_over_it():
    """Twenty steps in three rows: the first holds the bottleneck, and no flow of its band
    passes over the badge: the band's flows come down beside it (their tracks below the
    badge's top; a page keeps them all over it), and the row is shorter by the badge's room."""
    vsm = load_file(str(ROOT / "tests" / "data" / "twenty-steps.vsm.yaml"))
    m = metrics(vsm)
    page = diagram_scene(vsm, m, rows=3, row_gap=10.0)
    poster = diagram_scene(vsm, m, rows=3, row_gap=10.0, compact=True)
    for scene, lowered in ((page, False), (poster, True)):
        badge = scene["bottleneck/badge"].box
        row = next(r for r in scene.rows if r.y0 <= badge[1] <= r.y1)
        tracks = [p[1] for e in scene.with_role("info-flow") if row.y0 <= e.box[1] <= row.y1
                  for p, q in zip(e.points, e.points[1:]) if abs(p[1] - q[1]) < 0.5]
        assert tracks and (max(tracks) > badge[1]) == lowered, (badge, tracks)
    assert poster.rows[0].y1 - poster.rows[0].y0 <= page.rows[0].y1 - page.rows[0].y0 - 40


def test_a_kaizen_burst_stays_clear_of_the_totals_box_in_a_posters_one_row_layout():
    """In one row the totals box stands beside the ladder's right end, which is lowered
    under a burst reaching over it. How far the box stands over the ladder's top was
    reckoned with the page's rung spacing (34 pt), not a poster's compact one (20 pt): in
    code-review-wait's one-row poster layout the box stood 7 pt higher than reckoned, and
    Deploy's burst ('Continuous deployment from main') reached into its heading."""
    from vsm_draw.poster import _candidates

    vsm = load_file(str(EXAMPLES / "code-review-wait.vsm.yaml"))
    scenes = _candidates(vsm, metrics(vsm), "classic", "classic")
    one_row = [s for s in scenes if len(s.rows) == 1]
    assert one_row
    for scene in one_row:
        totals = [e.box for e in scene.elements if e.id.startswith("totals/")]
        bursts = [e for e in scene.elements if e.role == "kaizen-burst"]
        assert totals and bursts
        for burst in bursts:
            x0, y0, x1, y1 = burst.box
            assert not [b for b in totals if x0 < b[2] and b[0] < x1 and y0 < b[3] and b[1] < y1], burst.id


def test_a_poster_also_lays_its_map_out_in_narrower_queue_columns_when_short_of_its_target(monkeypatch):
    """A map short of its target in the layouts of a page's queue columns is also laid out,
    in the counts of rows chosen (and one fewer), with narrower ones
    (:data:`~vsm_draw.layout.measure.POSTER_QUEUE_W`: the wait reasons in more lines, a column
    no narrower than the figures under its triangle): narrower rows, which print a long map
    larger when the sheet's width limits it. Twenty-five steps with lanes plan 14.4 pt on A0
    so (13.7 in the page's columns alone); thirty 13.6 (12.9; 13.3 before its branches shared
    a lane, see below). The map is laid out at most six more times for that, and a map that
    reaches its target (ten steps) not at all."""
    import vsm_draw.diagram
    from vsm_draw.layout.measure import POSTER_QUEUE_W, QUEUE_W

    made = []

    def counted(*args, **kwargs):
        made.append(kwargs.get("queue_w", QUEUE_W))
        return diagram_scene(*args, **kwargs)

    monkeypatch.setattr(vsm_draw.diagram, "diagram_scene", counted)
    for name, floor in (("ten-steps.vsm.yaml", 20.0), ("twenty-five-steps.vsm.yaml", 14.4),
                        ("thirty-steps.vsm.yaml", 13.6)):
        vsm = load_file(str(ROOT / "tests" / "data" / name))
        m = metrics(vsm)
        made.clear()
        planned, _ = turned_poster_map(vsm, m, sheet_for("A0")[0], sheet_for("A0", "portrait")[0])
        assert planned.data_pt >= floor - 0.05, (name, planned.data_pt)
        assert made.count(QUEUE_W) == 15 and (made.count(POSTER_QUEUE_W) in (2, 4, 6) if floor < 20
                                               else made.count(POSTER_QUEUE_W) == 0), made
    wide = diagram_scene(vsm, m, rows=4, row_gap=10.0, compact=True, queue_w=QUEUE_W)
    narrow = diagram_scene(vsm, m, rows=4, row_gap=10.0, compact=True, queue_w=POSTER_QUEUE_W)
    assert narrow.width < wide.width - 40


_LANE_MAPS = [ROOT / "tests" / "data" / name for name in
              ("thirty-steps.vsm.yaml", "twenty-five-steps.vsm.yaml", "twenty-steps.vsm.yaml", "lane-flows.vsm.yaml",
               "three-lanes.vsm.yaml", "touching-loops.vsm.yaml", "from-start.vsm.yaml", "tangle.vsm.yaml")] + [
    EXAMPLES / "feature-branches.vsm.yaml", EXAMPLES / "mortgage-approval.vsm.yaml"]


@pytest.mark.parametrize("path", _LANE_MAPS, ids=lambda p: p.name.split(".")[0])
def test_a_posters_branches_share_a_lane_where_they_reach_past_none_there(path):
    """In a poster's rows (:func:`~vsm_draw.layout.branches.pack_lanes`) a branch goes in the
    highest lane it reaches past no other branch in, and no line of another to the process row
    or between lanes passes it: thirty steps' Results review (after Blood tests and ECG, both
    from Pre-op assessment) stands beside Blood tests, not in a third lane under ECG, and the
    row is shorter by that lane; a page keeps them stacked. In one to three rows of these maps
    no line through a box, a text or along a side, every lane with its way in and out,
    nothing overlapping, every loop drawn."""
    from .geometry import along_borders, boxes_crossed, lanes_without_lines, shared_tracks, texts_crossed
    from .test_branch_drawing import loops_drawn
    from .test_diagram import clashes

    vsm = load_file(str(path))
    m = metrics(vsm)
    if path.name == "thirty-steps.vsm.yaml":
        page = diagram_scene(vsm, m, rows=4, row_gap=10.0)
        poster = diagram_scene(vsm, m, rows=4, row_gap=10.0, compact=True)
        tops = {s: (page[f"step:{s}/box"].y0, poster[f"step:{s}/box"].y0) for s in ("bloods", "ecg", "results")}
        assert tops["results"][0] > tops["ecg"][0] > tops["bloods"][0]
        assert tops["results"][1] == pytest.approx(tops["bloods"][1], abs=1) and tops["ecg"][1] > tops["bloods"][1] + 50
        row = next(r for r in poster.rows if r.y0 <= tops["bloods"][1] <= r.y1)
        assert row.y1 - row.y0 < 560, row
    for rows in (1, 2, 3):
        scene = diagram_scene(vsm, m, rows=rows, row_gap=10.0, compact=True)
        problems = {"boxes": boxes_crossed(scene), "borders": along_borders(scene, near=6),
                    "tracks": shared_tracks(scene), "texts": texts_crossed(scene),
                    "lanes": lanes_without_lines(scene, vsm, m), "clashes": clashes(scene)}
        assert {k: v for k, v in problems.items() if v} == {}, rows
        assert loops_drawn(scene, vsm) == {(s.id, s.rework.to) for s in vsm.steps if s.rework}


def test_rows_are_packed_with_the_lanes_a_row_leaves_across_its_end():
    """A branch broken across rows is drawn whole in the row it leaves from: a row that ends
    soon after the step a long lane leaves reaches as far right as the lane. Six steps 100 pt
    wide, the third's lanes reaching 400 pt: counted by their steps alone the rows break
    3 + 3 and the first reaches 600 pt; counted with the lane, 2 + 4, each 400 pt."""
    from vsm_draw.layout.diagram import rows_of

    steps = list("abcdef")
    assert rows_of(steps, [100.0] * 6, 2, 0.0) == [list("abc"), list("def")]
    assert rows_of(steps, [100.0] * 6, 2, 0.0, reach=[0, 0, 400, 0, 0, 0]) == [list("ab"), list("cdef")]
    assert rows_of(steps, [100.0] * 6, 2, 0.0, reach=[0] * 6) == [list("abc"), list("def")]


def test_a_posters_rows_broken_across_a_branch_are_packed_with_the_lanes_they_draw():
    """Twenty-five steps with two long branches, in four rows broken across them (the
    poster's narrower queue columns): packed by the steps alone, two rows end just after a
    step whose lanes then reach some 400 pt past the row's last step; packed with what the
    lanes reach (:meth:`~vsm_draw.layout.diagram._Plan.reach`) the map is narrower, so it
    prints larger across a portrait A0 (14.4 pt -> 14.8 pt)."""
    from vsm_draw.layout import diagram as layout
    from vsm_draw.layout.measure import POSTER_QUEUE_W
    from vsm_draw.poster import ROW_GAP

    vsm = load_file(str(ROOT / "tests" / "data" / "twenty-five-steps.vsm.yaml"))
    m = metrics(vsm)
    kw = dict(rows=4, split=True, row_gap=ROW_GAP, compact=True, queue_w=POSTER_QUEUE_W)
    packed = diagram_scene(vsm, m, **kw)
    plan = layout._Plan(vsm, m, "classic", "classic", False, None, ROW_GAP, True, POSTER_QUEUE_W)
    one_row = plan.scene([plan.contents])
    units, widths, extra = plan.widths(one_row, True)
    assert plan.reach(one_row, units) is not None
    steps_only = plan.scene([[c for u in row for c in u] for row in layout.rows_of(units, widths, 4, extra)])
    assert len(packed.rows) == len(steps_only.rows) == 4
    assert packed.width < steps_only.width - 100
    for scene in (packed, steps_only):
        assert _band_problems(scene) == []


def test_a_map_short_of_its_target_on_one_sheet_goes_on_over_sheets_cut_between_whole_rows():
    """Thirty steps with lanes reach 13.6 pt on one A0 sheet: their rows are too tall. They
    go on over the next sheets of the same size, on the fewest that print their data text
    at 20 pt (three), the same size on each: cut between whole rows, every shape and word of
    the map on exactly one sheet, whole, and the lines from one row to the next marked where
    they leave a sheet and where they enter the next."""
    from vsm_draw.layout.measure import DATA_PT
    from vsm_draw.layout.cut import drawn_whole
    from vsm_draw.poster import MAX_SHEETS, _chosen, row_cuts

    vsm = load_file(str(ROOT / "tests" / "data" / "thirty-steps.vsm.yaml"))
    m = metrics(vsm)
    sheet = sheet_for("A0")[0]
    (c,) = _chosen(vsm, m, [sheet], "classic", "classic")
    assert 2 <= len(c.parts) <= MAX_SHEETS and c.data_pt >= 20 - 0.05
    assert poster_map(vsm, m, sheet).data_pt == pytest.approx(c.data_pt)
    # Fewer sheets would not reach it: one is the layouts' best alone, and no cut in two does.
    assert len(c.parts) == 3
    # Every whole shape and word of the map on exactly one sheet, rows kept whole.
    whole = sorted(e.id for e in c.scene.elements if drawn_whole(e))
    held = sorted(e.id for p in c.parts for e in p.elements if drawn_whole(e) and not e.id.startswith("continued/"))
    assert held == whole
    rows = [sorted({col.row for col in p.columns.values()}) for p in c.parts]
    assert [r for rs in rows for r in rs] == list(range(len(c.scene.rows)))
    cuts = row_cuts(c.scene)
    for p, rs in zip(c.parts, rows):
        steps = [e for e in p.elements if e.id.startswith("step:") and e.id.endswith("/box")]
        assert {c.scene.columns[e.id[5:-4]].row for e in steps if e.id[5:-4] in c.scene.columns} <= set(rs)
    assert all(bottom < y < top for bottom, y, top in cuts)
    # The marks: where the flow leaves a sheet and where it enters the next.
    marks = [[" ".join(e.lines) for e in p.elements if e.id.startswith("continued/")] for p in c.parts]
    assert marks[0] == ["continued on sheet 2 ▼"]
    assert "▲ continued from sheet 1" in marks[1] and "continued on sheet 3 ▼" in marks[1]
    assert marks[2] == ["▲ continued from sheet 2"]
    # The same size on every sheet: each part at the scale chosen fits its page.
    widths = {round(p.width * c.scale / 72 * 25.4, 1) for p in c.parts}
    assert max(widths) <= sheet.width_mm - 2 * c.margin_mm + 0.05
    assert DATA_PT * c.scale == pytest.approx(c.data_pt)


def test_a_map_that_reaches_its_target_on_one_sheet_stays_on_it():
    """Ten steps reach 20 pt on one A0 sheet: no sheet more, their layout as before."""
    vsm = load_file(str(ROOT / "tests" / "data" / "ten-steps.vsm.yaml"))
    planned = poster_map(vsm, metrics(vsm), sheet_for("A0")[0])
    assert planned.sheets == () and planned.data_pt >= 20 - 0.05


def test_thirty_steps_print_their_map_text_at_20_pt_over_three_a0_sheets(tmp_path):
    """Printed: thirty steps' data text (every P/T), measured on the pages, 20 pt or more on
    A0, over the first three pages; the masthead on the first only; what follows the map on
    the fourth; no warning; the marks printed."""
    from vsm_draw.pdf import report_pdf
    from .test_pdf import POPPLER, pdf_words, _EM_BOX

    if not POPPLER:
        pytest.skip("poppler-utils is not installed")
    vsm = load_file(str(ROOT / "tests" / "data" / "thirty-steps.vsm.yaml"))
    said: list[str] = []
    path = tmp_path / "thirty.pdf"
    path.write_bytes(report_pdf(vsm, paper="A0", on_warning=said.append))
    pages = pdf_words(path)
    assert len(pages) == 4 and said == []
    keys = [(w[4] - w[2]) / _EM_BOX for page in pages[:3] for w in page if w[0] == "P/T"]
    assert len(keys) >= len(vsm.steps) and min(keys) >= 20 - 0.1, keys
    texts = [" ".join(w[0] for w in page) for page in pages]
    assert vsm.title.split()[0] in texts[0] and "Lead time" in texts[0] and "Lead time" not in texts[1]
    assert "continued on sheet 2" in texts[0] and "continued from sheet 1" in texts[1]
    assert "continued from sheet 2" in texts[2] and "Step by step" in texts[3]


def test_the_masthead_over_a_map_on_its_sheets_prints_its_labels_at_12_pt_on_a0(tmp_path):
    """Printed: twenty-two steps with long German names over A0 sheets, the masthead shrunk
    to 46 % over the map's first part, in full (set in fewer lines its long title took more
    room): its labels printed at 7.9 pt (OWNERS INVOLVED) to 9.5 pt (FROM, the kicker), the
    figures' notes 9.9 pt, the rating 11.1 pt; measured on the first page, 12 pt or more; the map's data text still 20 pt or more."""
    from vsm_draw.pdf import report_pdf
    from .test_pdf import POPPLER, masthead_text, pdf_words, _EM_BOX

    if not POPPLER:
        pytest.skip("poppler-utils is not installed")
    vsm = load_file(str(ROOT / "tests" / "data" / "claims-long-names.vsm.yaml"))
    path = tmp_path / "claims.pdf"
    path.write_bytes(report_pdf(vsm, paper="A0", orientation="landscape"))
    first = pdf_words(path)[0]
    sizes = masthead_text(first)
    assert {"VALUE", "FROM", "OWNERS", "Flow", "significant"} <= {word for word, _ in sizes}
    assert min(size for _, size in sizes) >= 12 - 0.1, sorted(sizes, key=lambda t: t[1])[:5]
    keys = [(w[4] - w[2]) / _EM_BOX for w in first if w[0] == "P/T"]
    assert keys and min(keys) >= 20 - 0.1, keys
