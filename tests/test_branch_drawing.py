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
from .geometry import along_borders, boxes_crossed, lanes_without_lines, shared_tracks, texts_crossed
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


@pytest.mark.parametrize("width", [None, 900], ids=["one-row", "wrapped"])
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
    # Into the box from the gap over it: the lanes under it (Tooling, Permits) stay clear.
    assert arrow.points[-2][1] < purchasing.y0 and arrow.points[-1][1] == pytest.approx(purchasing.y0, abs=1)
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
