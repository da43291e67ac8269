"""Checks of a positioned scene's lines: what a flow line may not do to a box, a text or
another line. Each returns a sorted list of what is wrong (empty: nothing)."""
from __future__ import annotations

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


def line_problems(scene):
    """Everything above at once, for maps where none of it may happen."""
    return {"boxes": boxes_crossed(scene), "borders": along_borders(scene), "tracks": shared_tracks(scene),
            "texts": texts_crossed(scene)}


__all__ = ["FLOWS", "boxes_crossed", "along_borders", "shared_tracks", "texts_crossed", "lanes_without_lines",
           "line_problems", "Rect"]
