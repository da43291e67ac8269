"""Checks of a positioned scene's lines: what a flow line may not do to a box, a text or
another line. Each returns a sorted list of what is wrong (empty: nothing)."""
from __future__ import annotations

import math

from vsm_draw.layout.scene import Line, Polygon, Rect, Text

#: The lines that carry work: branch flows, shortcuts, rework loops, the flow between rows.
FLOWS = ("branch-flow", "rework-arrow", "row-continuation")


def segments(line):
    return list(zip(line.points, line.points[1:]))


def _clip(seg, box, inset):
    """The length of an axis-parallel segment inside ``box`` shrunk by ``inset``."""
    (x0, y0), (x1, y1) = seg
    a, b, c, d = box[0] + inset, box[1] + inset, box[2] - inset, box[3] - inset
    lo_x, hi_x, lo_y, hi_y = min(x0, x1), max(x0, x1), min(y0, y1), max(y0, y1)
    if hi_y - lo_y < 1e-6:  # horizontal
        return max(0.0, min(hi_x, c) - max(lo_x, a)) if b < lo_y < d else 0.0
    if hi_x - lo_x < 1e-6:
        return max(0.0, min(hi_y, d) - max(lo_y, b)) if a < lo_x < c else 0.0
    return 0.0


def _ends_in(line, box, slack=4.0):
    """Whether the line starts or ends at ``box`` (it connects it)."""
    return any(box[0] - slack <= x <= box[2] + slack and box[1] - slack <= y <= box[3] + slack
               for x, y in (line.points[0], line.points[-1]))


def boxes_crossed(scene, roles=FLOWS):
    """(line, box) where a line of ``roles`` runs through a step's box it does not start or
    end at (for one it does: through more than its last few points), or through a queue's
    triangle."""
    boxes = [e for e in scene.elements if e.role == "process-box" or isinstance(e, Polygon)
             and e.role == "inventory"]
    out = []
    for line in scene.with_role(*roles):
        segs = segments(line)
        for box in boxes:
            if _ends_in(line, box.box, 4.0 if box.role == "process-box" else 1.5):
                inner = segs[1:-1]  # the first and last legs may reach into it
            else:
                inner = segs
            if any(_clip(s, box.box, 1.5) > 0.5 for s in inner):
                out.append((line.id, box.id))
    return sorted(set(out))


def along_borders(scene, near=3.0):
    """(line, box) where a segment of a flow line runs along a box's side, within ``near``
    points of it, for more than a few points."""
    out = []
    boxes = [e for e in scene.elements if e.role == "process-box"]
    for line in scene.with_role(*FLOWS):
        for (x0, y0), (x1, y1) in segments(line):
            for box in boxes:
                a, b, c, d = box.box
                if abs(y0 - y1) < 1e-6:  # horizontal: along the top or bottom
                    overlap = min(max(x0, x1), c) - max(min(x0, x1), a)
                    if overlap > 4 and (abs(y0 - b) < near or abs(y0 - d) < near):
                        out.append((line.id, box.id))
                elif abs(x0 - x1) < 1e-6:
                    overlap = min(max(y0, y1), d) - max(min(y0, y1), b)
                    if overlap > 4 and (abs(x0 - a) < near or abs(x0 - c) < near):
                        out.append((line.id, box.id))
    return sorted(set(out))


def shared_tracks(scene, near=3.0, roles=("rework-arrow",), against=FLOWS):
    """(line, line) where a segment of a line of ``roles`` runs along a segment of another
    line of ``against`` (same track within ``near`` points, overlapping by more than a few)."""
    mine = [(line.id, s) for line in scene.with_role(*roles) for s in segments(line)]
    theirs = [(line.id, s) for line in scene.with_role(*against) for s in segments(line)]
    out = []
    for a, ((ax0, ay0), (ax1, ay1)) in mine:
        for b, ((bx0, by0), (bx1, by1)) in theirs:
            if a == b:
                continue
            if ay0 == ay1 and by0 == by1 and abs(ay0 - by0) < near:
                overlap = min(max(ax0, ax1), max(bx0, bx1)) - max(min(ax0, ax1), min(bx0, bx1))
            elif ax0 == ax1 and bx0 == bx1 and abs(ax0 - bx0) < near:
                overlap = min(max(ay0, ay1), max(by0, by1)) - max(min(ay0, ay1), min(by0, by1))
            else:
                continue
            if overlap > 2:
                out.append(tuple(sorted((a, b))))
    return sorted(set(out))


def texts_crossed(scene, roles=FLOWS):
    """(line, text) where a line of ``roles`` runs through a text."""
    texts = [e for e in scene.elements if isinstance(e, Text)]
    out = []
    for line in scene.with_role(*roles):
        for s in segments(line):
            out += [(line.id, t.id) for t in texts if _clip(s, t.box, 1.0) > 0.5]
    return sorted(set(out))


def lanes_without_lines(scene, vsm, m):
    """(step, "in" or "out") for each step off the critical path that no flow line ends at
    (no way in) or starts at (no way out): every lane is fed and joins or ends."""
    from vsm_draw.layout.measure import step_slugs

    slugs = step_slugs(vsm)
    path = set(m.critical_path)
    flows = list(scene.with_role("branch-flow"))
    out = []
    for step in vsm.steps:
        if step.id in path:
            continue
        a, b, c, d = scene[f"step:{slugs[step.id]}/box"].box
        if not any(a - 4 <= x <= a + 2 and b < y < d for x, y in (line.points[-1] for line in flows)):
            out.append((step.id, "in"))
        if not any(c - 2 <= x <= c + 4 and b < y < d for x, y in (line.points[0] for line in flows)):
            out.append((step.id, "out"))
    return out


def crossings_beside_joins(scene, near=24.0):
    """(line, join) where a line of the information row crosses a push arrow less than
    ``near`` points from where a branch joins that arrow from below: the two read as one."""
    bars = [e.box for e in scene.with_role("push-arrow")]
    joins = [(line.id, line.points[-1]) for line in scene.with_role("branch-flow")]
    out = []
    for line in scene.with_role("info-flow"):
        for (x0, y0), (x1, y1) in segments(line):
            if abs(x0 - x1) > 1e-6:
                continue
            for a, b, c, d in bars:
                if a < x0 < c and min(y0, y1) < b and max(y0, y1) > d:
                    out += [(line.id, join) for join, (jx, jy) in joins
                            if a <= jx <= c and d - 1 <= jy <= d + 8 and abs(jx - x0) < near]
    return sorted(set(out))


def line_problems(scene):
    """Everything above at once, for maps where none of it may happen."""
    return {"boxes": boxes_crossed(scene), "borders": along_borders(scene), "tracks": shared_tracks(scene),
            "texts": texts_crossed(scene)}


__all__ = ["FLOWS", "boxes_crossed", "along_borders", "shared_tracks", "texts_crossed", "lanes_without_lines",
           "crossings_beside_joins", "labels_by_other_lines", "line_problems", "Rect"]


def _point_segment(p, a, b):
    (px, py), (ax, ay), (bx, by) = p, a, b
    dx, dy = bx - ax, by - ay
    t = 0.0 if dx == dy == 0 else max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return ((px - ax - t * dx) ** 2 + (py - ay - t * dy) ** 2) ** 0.5


def box_to_segment(box, seg):
    """The least distance from ``box`` (x0, y0, x1, y1) to the segment ``seg`` (0: it
    touches or crosses it)."""
    x0, y0, x1, y1 = box
    a, b = seg
    if _clip(seg, box, 0.0) > 0 or any(x0 <= x <= x1 and y0 <= y <= y1 for x, y in seg):
        return 0.0
    return min(*(_point_segment(c, a, b) for c in ((x0, y0), (x1, y0), (x1, y1), (x0, y1))),
               *(math.hypot(max(x0 - x, 0, x - x1), max(y0 - y, 0, y - y1)) for x, y in seg))


def labels_by_other_lines(scene, margin=0.0):
    """(label, line) where an information flow's label stands nearer another flow's line
    than its own (by more than ``margin``): it reads as that line's. Lines are taken by
    their level and upright stretches (a bolt's spike or a hop is a mark on its line)."""
    lines = {}
    for line in scene.with_role("info-flow"):
        lines[line.id.split("/")[0]] = [s for s in segments(line) if s[0][0] == s[1][0] or s[0][1] == s[1][1]]
    out = []
    for patch in scene.with_role("label-patch"):
        flow = patch.id.split("/")[0]
        if flow not in lines:
            continue
        own = min(box_to_segment(patch.box, s) for s in lines[flow])
        out += [(patch.id, other) for other, segs in lines.items()
                if other != flow and min(box_to_segment(patch.box, s) for s in segs) + margin < own]
    return sorted(set(out))
