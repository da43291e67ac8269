"""Branches and rework as drawn (issue 13): every line finds its own way, read from the scene.

The held-out maps in tests/data/ are drawn in one row and wrapped (``--width 900``): no flow
line runs through a box it does not start or end at, or along a box's side; no rework
loop shares a track with another line; no line runs through a text; every lane has a way
in and a way out; every loop is drawn, in every row layout.
"""
from __future__ import annotations

import pytest

import vsm_draw
from vsm_draw.layout import diagram_scene
from vsm_draw.layout.measure import step_slugs

from .conftest import EXAMPLES, ROOT
from .geometry import (along_borders, boxes_crossed, crossings_beside_joins, labels_by_other_lines,
                       lanes_without_lines, shared_tracks, texts_crossed)
from .test_diagram import check_ladder, clashes

DATA = ROOT / "tests" / "data"
MAPS = [DATA / "three-lanes.vsm.yaml", DATA / "touching-loops.vsm.yaml", DATA / "from-start.vsm.yaml",
        DATA / "tangle.vsm.yaml", EXAMPLES / "feature-branches.vsm.yaml", EXAMPLES / "mortgage-approval.vsm.yaml"]


def loops_drawn(scene, vsm) -> set[tuple[str, str]]:
    """The (source, target) of every loop with an arrow in the scene (in a wrapped map, at
    either end)."""
    slug = step_slugs(vsm)
    found = set()
    for step in vsm.steps:
        if step.rework is None:
            continue
        source, target = step.id, step.rework.to
        ids = {f"rework:{slug[source]}/to-{slug[target]}/arrow",
               f"rework:{slug[source]}/source-{source}-{target}/arrow",
               f"rework:{slug[target]}/target-{source}-{target}/arrow"}
        if any(i in scene for i in ids):
            found.add((source, target))
    return found


@pytest.mark.parametrize("width", [None, 900, 358], ids=["one-row", "wrapped", "phone"])
@pytest.mark.parametrize("path", MAPS, ids=lambda p: p.name.split(".")[0])
def test_every_line_finds_its_own_way(path, width):
    vsm = vsm_draw.load(str(path))
    m = vsm_draw.metrics(vsm)
    scene = diagram_scene(vsm, m, width=width)
    assert boxes_crossed(scene) == []
    assert along_borders(scene, near=6) == []  # QA F20: a join ran 5 pt beside a lane's box
    assert shared_tracks(scene) == []  # QA F6: loops at one step shared a stretch of track
    assert texts_crossed(scene) == []
    assert lanes_without_lines(scene, vsm, m) == []  # a lane from the start had no way in
    assert clashes(scene) == []
    assert loops_drawn(scene, vsm) == {(s.id, s.rework.to) for s in vsm.steps if s.rework}  # QA F18
    assert check_ladder(scene, vsm, m) >= len(m.critical_path)


def test_loops_that_meet_at_a_step_take_tracks_of_their_own():
    vsm = vsm_draw.load(str(DATA / "touching-loops.vsm.yaml"))
    scene = diagram_scene(vsm, vsm_draw.metrics(vsm))
    into = scene["rework:review/to-underwriting/arrow"]  # into Underwriting
    out = scene["rework:underwriting/to-docs/arrow"]  # out of it
    assert into.points[1][1] != out.points[1][1]
    # The higher track's leg stands outside the lower one's: no leg crosses a track at its own step.
    box = scene["step:underwriting/box"]
    assert box.x0 < into.points[-1][0] < out.points[0][0] < box.x1


def test_a_loop_into_a_lane_step_goes_round_the_lanes_below_it():
    vsm = vsm_draw.load(str(DATA / "three-lanes.vsm.yaml"))
    scene = diagram_scene(vsm, vsm_draw.metrics(vsm))
    arrow = scene["rework:test/to-purchase/arrow"]
    purchasing = scene["step:purchase/box"]
    assert purchasing.x0 < arrow.points[-1][0] < purchasing.x1
    # Into the box from the gap over it or under it: the lanes under it (Tooling, Permits) stay
    # clear. (From under it since the loops are routed in the order that crosses least: the
    # other loop, Assembly -> Tooling, no longer crosses this one's track.)
    end, before = arrow.points[-1][1], arrow.points[-2][1]
    assert (before < purchasing.y0 and end == pytest.approx(purchasing.y0, abs=1)
            or before > purchasing.y1 and end == pytest.approx(purchasing.y1, abs=1))
    assert max(y for _, y in arrow.points) < scene["step:tooling/box"].y0


def test_a_branch_from_the_start_leaves_the_suppliers_arrow_and_one_to_the_end_joins_the_customers():
    vsm = vsm_draw.load(str(DATA / "tangle.vsm.yaml"))
    scene = diagram_scene(vsm, vsm_draw.metrics(vsm))
    supplier, customer = scene["supplier/material"].points, scene["customer/material"].points
    assert scene["branch:audit/in-start"].points[0] == supplier[1]  # its corner
    assert scene["branch:hotfix/in-start"].points[0] == supplier[1]
    assert scene["branch:hotfix/out-end"].points[-1] == (customer[1][0], customer[1][1] + 6)
    wrapped = diagram_scene(vsm, vsm_draw.metrics(vsm), width=900)  # not in the customer's row: named
    assert "to the end" in wrapped["branch:hotfix/to-end"].lines


LANE_FLOWS = DATA / "lane-flows.vsm.yaml"


@pytest.mark.parametrize("width", [None, 900, 600], ids=["one-row", "wrapped", "narrow"])
def test_an_information_flow_to_or_from_a_lane_step_reaches_its_own_box(width):
    vsm = vsm_draw.load(str(LANE_FLOWS))
    m = vsm_draw.metrics(vsm)
    scene = diagram_scene(vsm, m, width=width)
    lane = [s for s in vsm.steps if not m.on_critical_path(s)]
    assert [s.id for s in lane] == ["frontend"]
    # No second box named after the step in the information row (it drew one: issue "Pages").
    parties = [" ".join(e.lines) for e in scene.with_role("party-name")]
    assert "Product management" in parties and "Frontend build" not in parties
    box = scene["step:frontend/box"]
    ends = []
    for k, flow in enumerate(vsm.info_flows, start=1):
        if "frontend" in (flow.source, flow.target):
            points = scene[f"flow:{k}/line"].points
            ends.append(points[-1] if flow.target == "frontend" else points[0])
    assert len(ends) == 2
    for x, y in ends:  # on the top of the lane step's box, not of a box in the process row over it
        assert box.x0 < x < box.x1 and y == pytest.approx(box.y0, abs=1.5)
    assert len({x for x, _ in ends}) == 2  # each its own way in
    assert boxes_crossed(scene, roles=("info-flow",)) == []
    assert texts_crossed(scene, roles=("info-flow",)) == []


LANE_FLOWS_ACROSS = DATA / "lane-flows-across.vsm.yaml"


@pytest.mark.parametrize("width", [1200, 900, 500])
def test_a_flow_between_a_lane_step_and_another_row_is_named_at_the_row_edge(width):
    """A wrapped map's flow between a step in a lane and a step of another row drew that
    step again as a box over the row, as if it were a party ("Frontend build" over the
    second row, "Staging" over the first). It runs level from the row's left edge instead,
    named there as a branch or rework loop across rows is, into the step of this row."""
    vsm = vsm_draw.load(str(LANE_FLOWS_ACROSS))
    m = vsm_draw.metrics(vsm)
    scene = diagram_scene(vsm, m, width=width)
    row = {c.step: c.row for c in scene.columns.values()}
    assert len(scene.rows) >= 2 and row["staging"] != row["intake"]
    names = {s.id: s.name for s in vsm.steps}
    assert not {" ".join(e.lines) for e in scene.with_role("party-name")} & set(names.values())
    named = {}
    for k, flow in enumerate(vsm.info_flows, start=1):
        line = scene[f"flow:{k}/line"]
        far = "from" if f"flow:{k}/from" in scene else "to"
        text = scene[f"flow:{k}/{far}"]
        words = " ".join(text.lines)
        named[k] = words
        x, y = line.points[0] if far == "from" else line.points[-1]
        assert words == (f"from {names[flow.source]}" if far == "from" else f"to {names[flow.target]}")
        # The line ends level at the row's left edge, its name just left of that end.
        neighbour = line.points[1] if far == "from" else line.points[-2]
        assert neighbour[1] == y and neighbour[0] > x
        x0, y0, x1, y1 = text.box
        assert x - 6 < x1 <= x and y0 < y < y1
        edge = min(b.box[0] for b in scene.with_role("process-box", "inventory")
                   if abs(b.box[1] - y) < 200)
        assert x <= edge
    assert named == {1: "from Frontend build", 2: "from Staging", 3: "from Frontend build"}
    assert boxes_crossed(scene, roles=("info-flow",)) == []
    assert texts_crossed(scene, roles=("info-flow",)) == []
    assert clashes(scene) == []


INFO_MAPS = [LANE_FLOWS, LANE_FLOWS_ACROSS, DATA / "tall-claims.vsm.yaml", DATA / "twenty-steps.vsm.yaml", DATA / "flows.vsm.yaml",
             DATA / "from-start.vsm.yaml", EXAMPLES / "stamping-plant.vsm.yaml",
             EXAMPLES / "software-delivery.vsm.yaml"]


@pytest.mark.parametrize("width", [None, 900], ids=["one-row", "wrapped"])
@pytest.mark.parametrize("path", INFO_MAPS, ids=lambda p: p.name.split(".")[0])
def test_no_information_flow_runs_through_a_label_or_a_box(path, width):
    """A flow's leg down to a step ran through the rate of a rework loop into it (tall-claims,
    twenty-steps), and a lane's line through the label of the flow under it (twenty-steps)."""
    vsm = vsm_draw.load(str(path))
    scene = diagram_scene(vsm, vsm_draw.metrics(vsm), width=width)
    assert texts_crossed(scene, roles=("info-flow",)) == []
    assert boxes_crossed(scene, roles=("info-flow",)) == []


def test_a_rework_rate_stands_clear_of_the_information_flow_down_into_its_step():
    vsm = vsm_draw.load(str(LANE_FLOWS))
    scene = diagram_scene(vsm, vsm_draw.metrics(vsm))
    k = next(k for k, f in enumerate(vsm.info_flows, start=1) if f.target == "integration")
    leg = scene[f"flow:{k}/line"].points[-2:]
    rate = scene["rework:release/to-integration/rate"].box
    box = scene["step:integration/box"]
    assert leg[0][0] == leg[1][0] == pytest.approx((box.x0 + box.x1) / 2, abs=1)  # down the middle
    assert not rate[0] - 2 < leg[0][0] < rate[2] + 2  # the rate moved beside it, not the leg


def under_the_factories(scene) -> list[tuple[str, str]]:
    """(flow element, hanging element) where an information flow's line, mark or label
    touches what hangs under the supplier's or customer's factory (data box, truck, delivery)."""
    hanging = [e for e in scene.elements if e.id.split("/")[0] in ("supplier", "customer")
               and e.role in ("data-box", "truck", "delivery")]
    flows = [e for e in scene.elements if e.id.startswith("flow:")
             and e.role in ("info-flow", "electronic-bolt", "go-see", "flow-label")]
    out = []
    for f in flows:
        pieces = [(min(p[0], q[0]), min(p[1], q[1]), max(p[0], q[0]), max(p[1], q[1]))
                  for p, q in zip(f.points, f.points[1:])] if f.role == "info-flow" else [f.box]
        for h in hanging:
            a, b, c, d = h.box
            if any(x0 < c + 2 and a - 2 < x1 and y0 < d + 2 and b - 2 < y1 for x0, y0, x1, y1 in pieces):
                out.append((f.id, h.id))
    return sorted(set(out))


@pytest.mark.parametrize("layout", [{}, {"width": 736}, {"width": 900}, {"width": 600},
                                    *({"rows": n, "row_gap": 10.0, "compact": True} for n in (2, 3, 4, 5))],
                         ids=["one-row", "736", "900", "600", "poster-2", "poster-3", "poster-4", "poster-5"])
def test_no_information_flow_runs_under_a_factorys_data_box(layout):
    """tall-claims wrapped at the Sphinx column (736 px) and on posters: "Payment file" ran
    along its lane behind the customer's data box ("Paid by transfer / Letter"), only the
    bolt's tip showing under it. The band's bottom goes up instead, the box with it."""
    vsm = vsm_draw.load(str(DATA / "tall-claims.vsm.yaml"))
    scene = diagram_scene(vsm, vsm_draw.metrics(vsm), **layout)
    assert under_the_factories(scene) == []
    assert texts_crossed(scene, roles=("info-flow",)) == []


def marks_crossed(scene) -> list[tuple[str, str]]:
    """(line, mark) where an information flow's line runs through another flow's mark (the
    go-see glasses, the electronic bolt)."""
    marks = [e for e in scene.elements if e.role in ("go-see", "electronic-bolt")]
    out = []
    for line in scene.with_role("info-flow"):
        k = line.id.split("/")[0]
        for (px, py), (qx, qy) in zip(line.points, line.points[1:]):
            out += [(line.id, m.id) for m in marks if m.id.split("/")[0] != k
                    and min(px, qx) < m.box[2] and m.box[0] < max(px, qx)
                    and min(py, qy) < m.box[3] and m.box[1] < max(py, qy)]
    return sorted(set(out))


@pytest.mark.parametrize("path", [DATA / "lane-glasses.vsm.yaml", *INFO_MAPS], ids=lambda p: p.name.split(".")[0])
def test_no_information_flow_runs_through_another_flows_mark(path):
    """The line down to a step in a lane ("Urgent slides first", to Blood film microscopy)
    crossed the lane of a go-see flow right where its glasses stood, through a lens; the
    mark moves along its own line clear of the lines that cross it."""
    vsm = vsm_draw.load(str(path))
    for width in (None, 900):
        assert marks_crossed(diagram_scene(vsm, vsm_draw.metrics(vsm), width=width)) == [], width


@pytest.mark.parametrize("layout", [{}, {"width": 900}, {"rows": 2, "row_gap": 10.0, "compact": True},
                                    {"rows": 3, "row_gap": 10.0, "compact": True}],
                         ids=["one-row", "wrapped", "poster-2", "poster-3"])
def test_two_loops_between_lane_steps_do_not_cross(layout):
    """Two loops under the process row, each routed round those before it: in map order the
    first (Pipework -> Plan) took the gap between the lane steps, so the second (Wiring
    check -> Wiring) crossed it twice there; every order of a few loops is tried and the
    one that crosses least is drawn."""
    from vsm_draw.layout.route import crossings

    vsm = vsm_draw.load(str(DATA / "crossing-loops.vsm.yaml"))
    m = vsm_draw.metrics(vsm)
    scene = diagram_scene(vsm, m, **layout)
    loops = [e.points for e in scene.with_role("rework-arrow")]
    assert len(loops) == 2
    assert crossings(loops) == 0
    assert boxes_crossed(scene) == [] and texts_crossed(scene) == [] and shared_tracks(scene) == []
    assert loops_drawn(scene, vsm) == {(s.id, s.rework.to) for s in vsm.steps if s.rework}


@pytest.mark.parametrize("rows", [3, 4])
def test_a_branch_from_an_earlier_row_stands_clear_of_the_ladder(rows):
    """feature-branches on a poster in four rows of narrow queue columns: the branch from the
    first row ("from Frontend development", under its line up into Integration's queue) stood
    on the second row's ladder, over its wait figure; the ladder goes under it."""
    from vsm_draw.layout.measure import POSTER_QUEUE_W

    vsm = vsm_draw.load(str(EXAMPLES / "feature-branches.vsm.yaml"))
    m = vsm_draw.metrics(vsm)
    scene = diagram_scene(vsm, m, rows=rows, row_gap=10.0, compact=True, queue_w=POSTER_QUEUE_W)
    names = [e for e in scene.with_role("branch-name") if e.id.startswith("branch-in:")]
    assert names
    assert clashes(scene) == []
    for name in names:
        line = scene[name.id.rsplit("/", 1)[0]]
        rungs = [e for e in scene.elements if e.id.startswith("ladder:") and e.box[1] > line.box[1]
                 and e.box[0] < max(name.box[2], line.box[2]) and min(name.box[0], line.box[0]) < e.box[2]]
        assert rungs and min(e.box[1] for e in rungs) > max(name.box[3], line.box[3])


def line_met(scene, point, near=1.6) -> bool:
    """Whether ``point`` (an arrow's tip) touches the process row's flow: a push arrow's
    bar from below, or a leg of the flow from one row into the next."""
    x, y = point
    if any(e.box[0] <= x <= e.box[2] and abs(y - e.box[3]) <= near for e in scene.with_role("push-arrow")):
        return True
    return any(min(a[0], b[0]) <= x <= max(a[0], b[0]) and min(a[1], b[1]) - near <= y <= max(a[1], b[1]) + near
               for line in scene.with_role("row-continuation") for a, b in zip(line.points, line.points[1:]))


@pytest.mark.parametrize("layout", [{"rows": 3}, {"rows": 4}, {"width": 900}, {"width": 500}],
                         ids=["poster-3", "poster-4", "900", "500"])
def test_a_branch_from_an_earlier_row_reaches_the_flow_into_its_join(layout):
    """feature-branches on a four-row A0 poster and wrapped at 900 px: "from Frontend
    development" joins Integration, the first step of its row, where no push arrow runs
    under the queue: its arrow stopped at the push arrow's height, in empty space 48 pt under
    the flow from the row before, which enters the queue's side; it reaches that flow now."""
    from vsm_draw.layout.measure import POSTER_QUEUE_W

    vsm = vsm_draw.load(str(EXAMPLES / "feature-branches.vsm.yaml"))
    m = vsm_draw.metrics(vsm)
    poster = {"row_gap": 10.0, "compact": True, "queue_w": POSTER_QUEUE_W} if "rows" in layout else {}
    scene = diagram_scene(vsm, m, **layout, **poster)
    lines = [e for e in scene.with_role("branch-flow") if e.id.startswith("branch-in:")]
    assert lines
    assert [e.id for e in lines if not line_met(scene, e.points[-1])] == []
    assert boxes_crossed(scene) == [] and texts_crossed(scene) == []


@pytest.mark.parametrize("path", [DATA / "tangle.vsm.yaml", DATA / "touching-loops.vsm.yaml"],
                         ids=lambda p: p.name.split(".")[0])
def test_a_lowered_factory_keeps_clear_of_the_rework_loops(path):
    """A poster's row lowers its information band over the process row where it passes no
    loop: the customer's factory came down to 5 pt from the corner of a loop rising from the
    last step, level with the loop's rate ("rework 20 % to Install" beside the Homeowner's
    factory, lanes-rework in two rows). A factory or party keeps 10 pt from a loop's line."""
    vsm = vsm_draw.load(str(path))
    scene = diagram_scene(vsm, vsm_draw.metrics(vsm), rows=2, row_gap=10.0, compact=True)
    shapes = [e for e in scene.elements if e.role in ("factory", "party")]
    loops = [e for e in scene.with_role("rework-arrow")]
    assert shapes and loops
    for shape in shapes:
        for loop in loops:
            for (ax, ay), (bx, by) in zip(loop.points, loop.points[1:]):
                x0, y0, x1, y1 = shape.box
                gap = max(min(ax, bx) - x1, x0 - max(ax, bx), min(ay, by) - y1, y0 - max(ay, by))
                assert gap >= 10, (shape.id, loop.id, gap)
    assert clashes(scene) == [] and texts_crossed(scene) == []


def bursts_astray(scene) -> list[tuple[str, str]]:
    """(burst, box) where the step box straight over a kaizen burst (the lowest box above its
    centre) is another step's than its own: the burst reads as that step's idea."""
    out = []
    boxes = list(scene.with_role("process-box"))
    for burst in scene.with_role("kaizen-burst"):
        own = "step:" + burst.id[len("kaizen:"):-len("/burst")] + "/box"
        cx = (burst.box[0] + burst.box[2]) / 2
        over = [b for b in boxes if b.box[0] <= cx <= b.box[2] and b.box[3] <= burst.box[1] + 1]
        nearest = max(over, key=lambda b: b.box[3])
        if nearest.id != own:
            out.append((burst.id, nearest.id))
    return sorted(out)


@pytest.mark.parametrize("layout", [{}, {"width": 900}, {"rows": 2, "row_gap": 10.0, "compact": True}],
                         ids=["one-row", "900", "poster-2"])
@pytest.mark.parametrize("name", ["thirty-lanes", "three-subassemblies", "feature-branches", "lab-two-lanes"])
def test_a_kaizen_burst_stays_under_its_own_step_over_a_lane(name, layout, tmp_path):
    """A burst of a step with a lane under it sank under the lane, under another step's box,
    far from its own: thirty steps with a lane at 900 px ("Pair on reviews" of Acceptance
    under Documentation), three sub-assemblies ("Laser-Zuschnitt vorziehen" of the housing
    under the mounting plate, also on the poster), feature-branches (Code review's idea under
    Release notes). The lane keeps under the room the burst takes under its own box; where a
    line passes just beside it (the lab's go-see flow down to chemistry, beside
    microbiology's "Automated plate reader") the burst moves sideways rather than sink."""
    from .longmaps import long_map_file

    path = {"thirty-lanes": lambda: long_map_file(tmp_path, 30, "lanes"),
            "three-subassemblies": lambda: DATA / "three-subassemblies.vsm.yaml",
            "feature-branches": lambda: EXAMPLES / "feature-branches.vsm.yaml",
            "lab-two-lanes": lambda: DATA / "lab-two-lanes.vsm.yaml"}[name]()
    vsm = vsm_draw.load(str(path))
    scene = diagram_scene(vsm, vsm_draw.metrics(vsm), **layout)
    assert list(scene.with_role("kaizen-burst"))
    assert bursts_astray(scene) == []
    assert clashes(scene) == []


@pytest.mark.parametrize("layout", [{"rows": 2, "split": True}, {"rows": 3, "split": True}, {"width": 600},
                                    {"width": 358}], ids=["poster-2", "poster-3", "600", "358"])
@pytest.mark.parametrize("path", [EXAMPLES / "mortgage-approval.vsm.yaml", DATA / "three-subassemblies.vsm.yaml"],
                         ids=lambda p: p.name.split(".")[0])
def test_names_of_branches_from_an_earlier_row_stand_clear_of_their_shared_line(path, layout):
    """Branches from an earlier row into one step ("from Property valuation", "from Income
    verification" into Underwriting) share one line up to it; on a poster, where a name
    stands under its line's start, that line ran through every name but the lowest. Each
    name stays clear of every line (beside the shared one, all on the same side)."""
    vsm = vsm_draw.load(str(path))
    poster = {"row_gap": 10.0, "compact": True} if "rows" in layout else {}
    scene = diagram_scene(vsm, vsm_draw.metrics(vsm), **layout, **poster)
    names = [e for e in scene.with_role("branch-name") if e.id.startswith("branch-in:")]
    assert len(names) >= 2 or "width" in layout
    assert texts_crossed(scene) == [] and boxes_crossed(scene) == []
    assert clashes(scene) == []


def labels_on_marks(scene) -> list[tuple[str, str]]:
    """(mark, label) where a flow's bolt or glasses reach into another flow's label."""
    labels = list(scene.with_role("label-patch"))
    out = []
    for mark in [*scene.with_role("electronic-bolt"), *scene.with_role("go-see")]:
        flow = mark.id.split("/")[0]
        out += [(flow, p.id) for p in labels if not p.id.startswith(flow + "/") and mark.box[0] < p.box[2]
                and p.box[0] < mark.box[2] and mark.box[1] < p.box[3] and p.box[1] < mark.box[3]]
    return sorted(set(out))


@pytest.mark.parametrize("layout", [{}, {"width": 900}, {"rows": 2, "row_gap": 10.0, "compact": True}],
                         ids=["one-row", "900", "poster-2"])
@pytest.mark.parametrize("path", [DATA / "lab-two-lanes.vsm.yaml", DATA / "lane-glasses.vsm.yaml", *INFO_MAPS],
                         ids=lambda p: p.name.split(".")[0])
def test_no_label_stands_on_another_flows_mark(path, layout):
    """A label over its flow's lane touched the mark of the flow in the lane over it, which
    reaches under its line (a lab with chemistry and microbiology in parallel: the
    supervisor's glasses 1 pt into "Reads the culture plates", the order entry's bolt 4 pt
    into "Checks the analyser queue"); the lanes go apart until none does."""
    vsm = vsm_draw.load(str(path))
    assert labels_on_marks(diagram_scene(vsm, vsm_draw.metrics(vsm), **layout)) == []


@pytest.mark.parametrize("layout", [{}, {"width": 900}, {"width": 600}, {"rows": 2, "row_gap": 10.0, "compact": True}],
                         ids=["one-row", "900", "600", "poster-2"])
@pytest.mark.parametrize("path", [DATA / "lab-two-lanes.vsm.yaml", DATA / "lane-glasses.vsm.yaml", LANE_FLOWS],
                         ids=lambda p: p.name.split(".")[0])
def test_a_flow_down_to_a_lane_step_crosses_the_material_flow_clear_of_the_join(path, layout):
    """The lab's go-see flow down to chemistry (in a lane under microbiology) crossed the
    push arrow out of microbiology 16 pt from where chemistry's line joins it from below:
    the two read as one line. The join's channel is wider by a channel of its own for each
    information flow that comes down to a step of the lane."""
    vsm = vsm_draw.load(str(path))
    scene = diagram_scene(vsm, vsm_draw.metrics(vsm), **layout)
    assert crossings_beside_joins(scene) == []
    assert boxes_crossed(scene, roles=("info-flow",)) == []
    assert texts_crossed(scene, roles=("info-flow",)) == []


def labels_astray(scene, clear=12.0, nearer=8.0) -> list[tuple[str, str]]:
    """(label, line) where a flow's label reaches past the ends of its own lane's stretch and,
    over that overhang, another flow's lane runs less than ``clear`` points above it, or less
    than ``nearer`` points further from it than its own line: there the label reads as that
    line's."""
    lanes: dict[str, list[tuple[float, float, float]]] = {}
    for line in scene.with_role("info-flow"):  # each level stretch, through its bolt and hops
        flow = line.id.split("/")[0]
        for p, q in zip(line.points, line.points[1:]):
            if abs(p[1] - q[1]) < 0.5 and abs(p[0] - q[0]) > 2:
                y, a, b = p[1], min(p[0], q[0]), max(p[0], q[0])
                same = [s for s in lanes.get(flow, []) if abs(s[0] - y) < 0.5 and s[1] - 30 < b and a < s[2] + 30]
                for s in same:
                    lanes[flow].remove(s)
                    a, b = min(a, s[1]), max(b, s[2])
                lanes.setdefault(flow, []).append((y, a, b))
    out = []
    for patch in scene.with_role("label-patch"):
        flow = patch.id.split("/")[0]
        x0, top, x1, bottom = patch.box
        own = sorted((y, a, b) for y, a, b in lanes.get(flow, []) if 0 <= y - bottom < 22)  # (over its mark: 16)
        if not own:
            continue
        y, lo, hi = own[0]
        clear = max(clear, y - bottom + nearer)
        overhangs = [(u, v) for u, v in ((x0, lo - 4), (hi + 4, x1)) if v > u]
        out += [(patch.id, other) for other, stretches in lanes.items() if other != flow
                for ry, r0, r1 in stretches for u, v in overhangs if r0 < v and r1 > u and top - clear < ry < top]
    return sorted(set(out))


@pytest.mark.parametrize("layout", [{}, {"width": 900}, {"width": 600}, {"rows": 2, "row_gap": 10.0, "compact": True}],
                         ids=["one-row", "900", "600", "poster-2"])
@pytest.mark.parametrize("path", [DATA / "lab-two-lanes.vsm.yaml", DATA / "lane-glasses.vsm.yaml", *INFO_MAPS],
                         ids=lambda p: p.name.split(".")[0])
def test_a_label_past_its_lanes_end_stands_clear_of_the_lane_over_it(path, layout):
    """The lab at 900 px: "Reads the culture plates" reached 45 pt past the corner where its
    line turns down into microbiology, 7 pt under the supervisor's other lane and 3 pt over its
    own: past its own line's end it read as the label of the line over it. The lanes go apart
    until the line over such an overhang keeps 12 pt from the label."""
    vsm = vsm_draw.load(str(path))
    assert labels_astray(diagram_scene(vsm, vsm_draw.metrics(vsm), **layout)) == []


@pytest.mark.parametrize("layout", [{}, {"width": 358}, {"width": 900}, {"width": 1400},
                                    {"rows": 2, "row_gap": 10.0, "compact": True}],
                         ids=["one-row", "358", "900", "1400", "poster-2"])
@pytest.mark.parametrize("path", [DATA / "lab-two-lanes.vsm.yaml", DATA / "lane-glasses.vsm.yaml", LANE_FLOWS,
                                  DATA / "thirty-steps.vsm.yaml", DATA / "from-start.vsm.yaml", DATA / "flows.vsm.yaml"],
                         ids=lambda p: p.name.split(".")[0])
def test_each_flow_label_stands_nearer_its_own_line_than_any_other(path, layout):
    """A label nearer another flow's line than its own reads as that line's: the lab's
    "Checks the analyser queue", lifted for glasses 14 pt beside it, 7 pt under the order
    entry's lane; "Reads the culture plates" at 900 px past its line's end, beside the other
    supervisor's line down; lane-glasses' "Urgent slides first" 3 pt from the consultant's
    line (11 such labels in these maps and layouts)."""
    vsm = vsm_draw.load(str(path))
    assert labels_by_other_lines(diagram_scene(vsm, vsm_draw.metrics(vsm), **layout)) == []


@pytest.mark.parametrize("layout", [{"rows": 3, "row_gap": 10.0, "compact": True}, {"width": 900}, {"width": 600}],
                         ids=["poster-3", "900", "600"])
def test_a_rows_last_burst_stays_inside_the_row(layout, tmp_path):
    """Thirty steps with a lane, on an A0 poster: the kaizen bursts of a row's last step
    reached 14 pt past the row's right edge, where the flow runs down to the next row (36 pt
    at 900 px). The burst moves left, still under its own box."""
    from .longmaps import long_map_file

    vsm = vsm_draw.load(str(long_map_file(tmp_path, 30, "lanes")))
    scene = diagram_scene(vsm, vsm_draw.metrics(vsm), **layout)
    right: dict[int, float] = {}
    for c in scene.columns.values():
        right[c.row] = max(right.get(c.row, 0.0), c.x1)
    row = {c.slug: c.row for c in scene.columns.values()}
    past = [(b.id, round(b.box[2] - right[row[b.id[len("kaizen:"):-len("/burst")]]], 1))
            for b in scene.with_role("kaizen-burst") if row[b.id[len("kaizen:"):-len("/burst")]] != len(scene.rows) - 1]
    assert [p for p in past if p[1] > 0.5] == []
    assert bursts_astray(scene) == [] and clashes(scene) == []


#: Branched maps whose phone picture had its text at 3.8 to 5.2 px in the page.
PHONE_MAPS = [EXAMPLES / "feature-branches.vsm.yaml", EXAMPLES / "mortgage-approval.vsm.yaml",
              DATA / "lab-two-lanes.vsm.yaml", DATA / "lane-glasses.vsm.yaml", DATA / "three-lanes.vsm.yaml",
              DATA / "crossing-loops.vsm.yaml", DATA / "twenty-steps.vsm.yaml", "long-26-lanes"]


@pytest.mark.parametrize("path", PHONE_MAPS, ids=lambda p: str(p).split("/")[-1].split(".")[0])
def test_a_branched_map_reads_on_a_phone(path, tmp_path):
    """On a phone's column a branch was drawn whole beside the step it leaves, so no row was
    narrower than a step and its lane side by side, and the map read at 3.8-5.2 px (the
    examples 4.2 and 5.2, 26 steps with lanes 5.1). Its lanes now stand under the steps they
    leave (and join), a lane's steps one under another, the names at a row's end wrapped:
    8 px or more, every lane with its way in and out, no line through a box or a text."""
    from vsm_draw.layout.diagram import PX_PER_PT, smallest_text
    from vsm_draw.screens import PHONE_COLUMN

    from .longmaps import long_map_file

    path = long_map_file(tmp_path, 26, "lanes") if path == "long-26-lanes" else path
    vsm = vsm_draw.load(str(path))
    m = vsm_draw.metrics(vsm)
    scene = diagram_scene(vsm, m, width=PHONE_COLUMN)
    shown = min(PHONE_COLUMN, scene.width * PX_PER_PT)
    assert smallest_text(scene) * shown / scene.width >= 8.0
    assert boxes_crossed(scene) == [] and texts_crossed(scene) == []
    assert lanes_without_lines(scene, vsm, m) == []
    assert clashes(scene) == []
    assert loops_drawn(scene, vsm) == {(s.id, s.rework.to) for s in vsm.steps if s.rework}
    assert check_ladder(scene, vsm, m) >= len(m.critical_path)


def test_a_route_asked_again_is_the_same_route_whatever_the_figures_types():
    """Routes are kept (a poster asks the same question at many widths): asked with whole
    numbers, then with the same figures as floats, the answer is the same, in floats, and a
    caller changing the list it got does not change the next answer."""
    from vsm_draw.layout.route import DOWN, RIGHT, route

    def ask(n):
        return route([(n(0), n(10), RIGHT)], [(n(200), n(10), DOWN)], [(n(80), n(0), n(120), n(40))],
                     [[(n(150), n(-20)), (n(150), n(90))]], n(60))

    first = ask(int)
    assert first[0] == (0.0, 10.0) and first[-1] == (200.0, 10.0)
    assert all(type(v) is float for point in first for v in point)
    first.append((1.0, 1.0))
    again = ask(float)
    assert again == first[:-1] and all(type(v) is float for point in again for v in point)
    assert route([(0, 10, RIGHT)], [(-0.0, 10, RIGHT)], [], [], 60.0) == route([(0, 10, RIGHT)], [(0.0, 10, RIGHT)], [], [], 60.0)


def phone_scene(path):
    from vsm_draw.screens import PHONE_COLUMN

    vsm = vsm_draw.load(str(path))
    return diagram_scene(vsm, vsm_draw.metrics(vsm), width=PHONE_COLUMN)


def phone_text_px(scene) -> float:
    from vsm_draw.layout.diagram import PX_PER_PT, smallest_text
    from vsm_draw.screens import PHONE_COLUMN

    return smallest_text(scene) * min(PHONE_COLUMN, scene.width * PX_PER_PT) / scene.width


@pytest.mark.parametrize("name, least", [("lane-flows", 7.5), ("tall-claims", 6.0)])
def test_a_phones_information_boxes_keep_over_its_row(name, least):
    """On a phone's rows (lanes under their steps) the information boxes stood side by side
    over queues only, the last right of everything: the first row the widest, the map read at
    5.7 px (lane-flows) and 5.4 px (tall-claims). Their names wrap as a lane's at a row's end
    and they stand anywhere over the row: 7.9 and 6.1 px."""
    scene = phone_scene(DATA / f"{name}.vsm.yaml")
    assert phone_text_px(scene) >= least
    steps = [e.box for e in scene.elements if e.role == "process-box"]
    row0 = [b for b in steps if b[1] < scene.rows[0].y1]
    right = max([b[2] for b in row0] + [e.box[2] for e in scene.elements if e.id.startswith("continue:")])
    assert [e.id for e in scene.elements if e.role == "party" and e.box[2] > right] == []
    # (a box's header, 1 pt over its frame, reads 1e-13 pt past the tolerance at some rows' offsets)
    assert boxes_crossed(scene) == [] and texts_crossed(scene) == [] and clashes(scene, 1.01) == []


def test_a_phones_last_row_hangs_the_customers_data_box_inwards():
    """On a phone's last row the customer's data box hung right of its material arrow, past
    the factory: that row was the map's widest (usine: 446 pt, the others 352 at most). Over
    a band without flows it now hangs left of the arrow, above the last step, when it is
    clear there: no further right than the factory."""
    scene = phone_scene(DATA / "phone-shipping.vsm.yaml")
    data, icon = scene["customer/data"].box, scene["customer/icon"].box
    assert data[2] <= icon[2]
    assert scene.width < 450  # (510 pt hung outwards)
    assert boxes_crossed(scene) == [] and texts_crossed(scene) == [] and clashes(scene) == []
