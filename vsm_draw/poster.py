"""The poster: the map laid out for the sheet, and the sheet shared between the map and the rest.

The map comes first. In the parent process (Graphviz draws there) :func:`poster_map` picks
the rows that print the map largest across the sheet's full width, without the picture's own
caption (the masthead says it) and with the totals box beside the last row when that prints
it larger; its data text is to reach :func:`target_pt` (20 pt on A0, seen from two metres;
A1-A3 in proportion), taking as much of the sheet's height as that needs. In the printing
process :func:`share_sheet` decides, from one layout of the poster on an endless sheet, whether
what follows the map (the story, the charts, the step table) fits under it at a readable type
size, or goes to a second page of the same size. A map that fills its first page gets a
narrower margin (:func:`fill_margin`) and, once that page is laid out, the height its
masthead leaves (:meth:`PosterMap.printed_pt` says the size its data text prints at then).
A map that cannot reach its target on one sheet continues on the next sheets of the same
size, cut between whole rows (:func:`sheet_scenes`), what follows it on the page after.
"""
from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, replace
from typing import Iterable, NamedTuple, Optional

from .layout.canvas import Canvas, _moved
from .layout.cut import clip_line, drawn_whole, scene_ink
from .layout.measure import POSTER_QUEUE_W, QUEUE_W
from .layout.scene import Scene
from .metrics import Metrics
from .model import ValueStreamMap

__all__ = ["PosterMap", "SheetShare", "target_pt", "poster_scene", "poster_map", "turned_poster_map",
           "share_sheet", "sheets_share", "page_one", "head_legible", "tight_head", "fill_margin",
           "small_map_warning", "row_cuts", "sheet_scenes", "label_pt", "masthead_lines", "CAPTION_MM",
           "MAX_SHEETS"]

#: The map's data text on an A0 poster, to read from two metres; smaller sheets in proportion.
TARGET_A0_PT = 20.0
#: The share of the sheet's height a map takes when it reaches its target within it.
MAP_SHARE = 0.6
#: The masthead, the headline figures and the rating above the map, in ems of body text
#: (measured: 19.3 em), and the caption under the map, in mm on A0 (in proportion on others).
HEAD_EM = 19.5
CAPTION_MM = 16.0
#: The caption's length in characters (report.html.j2's map figcaption: a map without lanes,
#: with lanes), the width of a character and the caption's type in ems of body text, and a
#: further line of it in mm on A0: on a portrait sheet the longer caption takes two lines.
CAPTION_CHARS = (121, 235)
_CHAR_EM = 0.49 * 0.85
_CAPTION_LINE_MM = 10.5
#: A map larger than its target shrinks (down to it) for the type to keep this share of its
#: size; below :data:`FLOOR` what follows the map goes to a second page instead.
PREFER = 0.7
FLOOR = 0.6
#: On a first page of its own, the masthead's type may shrink to this share for the map.
HEAD_MIN = 0.45
#: Shrunk so, it is set in fewer lines (report.html.j2's ``tight_head``), for its smallest
#: type (its labels, :data:`SMALLEST_EM` of its type size there) to keep this share of the
#: map's target or more: 12 pt on A0 (it printed at 7 pt beside the map's 17).
SMALL_MIN = 0.6
SMALLEST_EM = 0.85
#: Left spare on such a page, so that nothing of the second page starts on it (of the caption).
_SPARE = 0.6
#: The type of a poster scales as the root of the room it gets (wrapped text gets fewer lines
#: as it shrinks), taken a little smaller for what does not scale.
ROOT = 0.85
SAFETY = 0.95
#: The margin of a poster whose map fills its first page, in mm on A0 (24 otherwise; the
#: sheet gains 3 % of its height for the map), and the least on any sheet: printers leave
#: about 5 mm unprinted.
FILL_MARGIN_A0 = 8.0
FILL_MARGIN_MIN = 5.0
#: Points in a millimetre.
MM = 72 / 25.4
_MAX_ROWS = 8
#: Between two rows of a poster's map, in points of the map (26 elsewhere): room for the
#: flow's turn back between them; four rows of fifteen steps gain 3 % of their height.
ROW_GAP = 10.0
#: Round a poster's map, in points of the map (18 elsewhere): the sheet's margin is its room;
#: this keeps the outlines' strokes inside the picture.
MARGIN = 4.0
#: A map that cannot reach its target on one sheet continues on at most this many sheets of
#: the same size, cut between whole rows; on a sheet after the first it takes the page but
#: this (mm, of the room): the grid row must fit the page to start it.
MAX_SHEETS = 3
_SHEET_SPARE_MM = 1.5
_CAPTION = "caption/"
_TOTALS = "totals/"
_GAP = 24.0  # between the last row and the totals box beside it, in points


def target_pt(short_mm: float) -> float:
    """The data text a poster's map should reach on a sheet whose short side is ``short_mm``."""
    return TARGET_A0_PT * short_mm / 841.0


#: The masthead's smallest type (its labels: FROM, OWNERS INVOLVED, the kicker; the figures'
#: notes and the rating) on an A0 poster, to read from two metres; smaller sheets in
#: proportion. Shrunk in full over a map on its sheets they printed at 7.9-11.1 pt on A0.
LABEL_A0_PT = 12.0
#: The lines of the masthead and figures that hold that type (report.css, poster.css; CSS
#: selectors within the poster's sheet): the line's type in ems of the masthead's and its
#: smallest type in ems of the line's, set in fewer lines and in full.
_LABEL_LINES = {".masthead .kicker": (0.85, 1.0, 0.85, 1.0), ".masthead .scope": (1.1, 0.85, 1.1, 0.78),
                ".masthead .people": (1.0, 0.85, 0.92, 0.78), ".figures .figure dt": (1.1, 1.0, 1.1, 1.0),
                ".figures .figure .note": (0.9, 1.0, 0.9, 1.0),
                ".figures .rating": (1.0, 1.0, 1.0, 1.0)}


def label_pt(short_mm: float) -> float:
    """The least size (pt) of a poster's masthead labels on a sheet whose short side is ``short_mm``."""
    return LABEL_A0_PT * short_mm / 841.0


def masthead_lines(font_pt: float, head: float, short_mm: float, tight: bool) -> dict[str, float]:
    """The lines of the masthead and figures (CSS selectors) whose smallest type would print
    under :func:`label_pt` with their type at ``head`` of ``font_pt``, and the size (pt) each
    line takes for it to print at that; the title and the figures' values keep the scale
    they were given (a line grows by a few points: the map keeps its room)."""
    least, out = label_pt(short_mm), {}
    for line, (tight_em, tight_label, em, label) in _LABEL_LINES.items():
        em, label = (tight_em, tight_label) if tight else (em, label)
        if font_pt * head * em * label < least - 0.05:
            out[line] = round(least / label, 2)
    return out


def head_legible(sheet) -> float:
    """The type scale of a poster's masthead on ``sheet`` (of the sheet's type size) at which
    its smallest type, set in fewer lines, is :data:`SMALL_MIN` of the map's target: 0.59 on
    A0 and on A2 alike."""
    return min(1.0, SMALL_MIN * target_pt(min(sheet.width_mm, sheet.height_mm)) / (SMALLEST_EM * sheet.font_pt))


def tight_head(scale: float, height: float, legible: float, tight: float) -> float:
    """The type scale of a masthead set in fewer lines over a map filling its first page,
    where the masthead as set in full (``height`` mm at full size) takes ``scale``, and set
    so at ``legible`` (:func:`head_legible`) it is ``tight`` mm tall: ``legible``, or as large
    as the room the masthead in full takes allows when that is less; 0 when that is no
    larger than ``scale`` (the masthead in full, then: the map keeps its room either way)."""
    if scale >= legible:
        return 0.0
    fit = min(legible, legible * height * scale / max(tight, 1e-9))
    return round(fit, 3) if fit > scale + 0.005 else 0.0


@dataclass(frozen=True)
class PosterMap:
    """The map of a poster: inline SVG, the height it prints at (mm, without the caption)
    and its data text there (pt); ``min_mm``, the height at which its data text is just
    ``target`` (pt); ``wide_mm``, its height across the sheet's full width; ``fills``: it
    needs the sheet's height, past :data:`MAP_SHARE`; ``caption_mm``: the room for its
    caption under it; ``margin_mm``: the sheet's margin when not its own (:func:`fill_margin`);
    ``pt_per_mm``: its data text's size per mm of its height; ``sheets``: the map continued
    on the sheets after the first (:func:`_on_sheets`), each as inline SVG and the height it
    prints at (mm), ``svg`` its part on the first."""

    svg: str
    height_mm: float
    data_pt: float
    min_mm: float
    wide_mm: float
    target: float
    fills: bool
    caption_mm: float = CAPTION_MM
    margin_mm: Optional[float] = None
    pt_per_mm: float = 0.0
    sheets: tuple = ()

    def printed_pt(self, row_mm: float) -> float:
        """Its data text (pt) in a row ``row_mm`` tall, caption included (the full width's
        height at most; :attr:`data_pt` when its size per mm is not known)."""
        if not self.pt_per_mm:
            return self.data_pt
        return self.pt_per_mm * min(row_mm - self.caption_mm, self.wide_mm)


def _free_corner(rest: list, x0: float, y0: float, x1: float, y1: float) -> Optional[tuple[float, float]]:
    """How far to move the box ``x0, y0, x1, y1`` for it to stand at the top of what ``rest``
    draws, as far right as it can with :data:`_GAP` to everything (None: nowhere there)."""
    boxes = [e.box for e in rest]
    left, top, right = min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes)
    w, h = x1 - x0, y1 - y0
    x = right - w
    while x >= left:
        near = [b for b in boxes if b[0] < x + w + _GAP and x - _GAP < b[2] and b[1] < top + h + _GAP]
        if not near:
            return x - x0, top - y0
        x = min(b[0] for b in near) - _GAP - w  # left of the leftmost thing in the way
    return None


def poster_scene(scene: Scene, totals_at: Optional[str] = None) -> Optional[Scene]:
    """``scene`` without its caption; the totals box moved ``beside`` the last row (to its
    right, level with its bottom), ``under`` it (at its left), into the free ``corner`` at
    the top right of the map (None when there is none), or left where it is."""
    totals = [e for e in scene.elements if e.id.startswith(_TOTALS)]
    rest = [e for e in scene.elements if not e.id.startswith((_CAPTION, _TOTALS))]
    cv = Canvas()
    for e in rest:
        cv.add(e)
    if totals and totals_at:
        last = scene.rows[-1]
        row = [e.box for e in rest if e.box[1] >= last.y0 - 1]
        x0, y0 = min(e.box[0] for e in totals), min(e.box[1] for e in totals)
        y1 = max(e.box[3] for e in totals)
        if totals_at == "corner":
            spot = _free_corner(rest, x0, y0, max(e.box[2] for e in totals), y1)
            if spot is None:
                return None
            dx, dy = spot
        elif totals_at == "beside":
            dx, dy = max(b[2] for b in row) + _GAP - x0, max(b[3] for b in row) - y1
        else:
            dx, dy = min(b[0] for b in row) - x0, max(b[3] for b in row) + _GAP - y0
        totals = [_moved(e, dx, dy) for e in totals]
    for e in totals:
        cv.add(e)
    return cv.freeze(columns=scene.columns, rows=scene.rows, paper=scene.paper, title=scene.title,
                     desc=scene.desc, theme=scene.theme, margin=MARGIN)


def row_cuts(scene: Scene) -> Optional[list[tuple[float, float, float]]]:
    """Where ``scene`` may be cut between its rows: for each pair of rows one after the
    other, the bottom of what the rows above draw, the height to cut at and the top of what
    the rows below draw (scene points). Every shape and word goes with the row its centre
    stands in (the totals box moved beside the last row with it); a line from one row to
    the next (the flow turning back, a branch) is cut under its last level stretch, so the
    row above keeps its turn and the row below the stub into its first box. None when the
    scene has one row, or when two rows' drawings overlap (nowhere to cut them apart)."""
    rows = scene.rows
    if len(rows) < 2:
        return None
    tops = [r.y0 for r in rows]
    bands = [[math.inf, -math.inf] for _ in rows]
    for e in scene.elements:
        if not drawn_whole(e):
            continue
        centre = (e.box[1] + e.box[3]) / 2
        k = max(0, sum(1 for t in tops[1:] if t <= centre))
        bands[k][0], bands[k][1] = min(bands[k][0], e.box[1]), max(bands[k][1], e.box[3])
    level = sorted(y0 for e in scene.elements if not drawn_whole(e)
                   for (_, y0), (_, y1) in zip(e.points, e.points[1:]) if y0 == y1)
    cuts = []
    for above, below in zip(bands, bands[1:]):
        bottom, top = above[1], below[0]
        if not bottom < top:
            return None
        stretch = max([y for y in level if bottom < y < top], default=bottom)
        cuts.append((bottom, (stretch + top) / 2, top))
    return cuts


def _mark_texts(crossings: list[float], words: str, y: float, width: float, size: float) -> list[tuple]:
    """The "continued" marks beside the lines crossing a cut at ``crossings`` (x), one for
    lines close together, none over another: ``(x, anchor)`` of each."""
    from .textwidth import text_width

    w = text_width(words, size)
    placed: list[tuple[float, float]] = []
    out = []
    for x in sorted(set(round(c, 1) for c in crossings)):
        start, anchor = (x + size / 2, "start") if x + size / 2 + w <= width else (x - size / 2, "end")
        left = start if anchor == "start" else start - w
        if any(left < b and a < left + w for a, b in placed):
            continue
        placed.append((left - size, left + w + size))
        out.append((start, anchor))
    return out


def sheet_scenes(scene: Scene, groups: list[tuple[int, int]],
                 cuts: Optional[list[tuple[float, float, float]]] = None) -> list[Scene]:
    """``scene`` cut between whole rows (see :func:`row_cuts`; ``cuts``: those, when found
    already) into one scene for each of ``groups`` (rows ``i`` to ``j - 1``, in order,
    together all of them): its rows' shapes and words, the lines clipped at the cuts, and
    "continued on sheet N" under a cut where a line leaves it, "continued from sheet N" over
    one where it enters."""
    from .layout.measure import DATA_PT
    from .textwidth import line_height

    cuts = cuts if cuts is not None else row_cuts(scene)
    if cuts is None:
        raise ValueError("a scene of one row, or rows that overlap, cannot be cut between rows")
    ink, parts, size = scene_ink(scene), len(groups), DATA_PT
    out = []
    for n, (i, j) in enumerate(groups, 1):
        top = cuts[i - 1][1] if i else -math.inf
        bottom = cuts[j - 1][1] if j < len(scene.rows) else math.inf
        cv = Canvas()
        entering, leaving = [], []
        for e in scene.elements:
            if drawn_whole(e):
                if top < (e.box[1] + e.box[3]) / 2 < bottom:
                    cv.add(e)
                continue
            for piece in clip_line(e, -math.inf, math.inf, top, bottom):
                cv.add(piece)
            for (x0, y0), (x1, y1) in zip(e.points, e.points[1:]):
                for y, crossed in ((top, entering), (bottom, leaving)):
                    if min(y0, y1) < y < max(y0, y1):
                        crossed.append(x0 + (x1 - x0) * (y - y0) / (y1 - y0))
        if entering:
            words = f"▲ continued from sheet {n - 1}"
            for x, anchor in _mark_texts(entering, words, top, scene.width, size):
                cv.text(f"continued/from/{x:.0f}", "continued", x, top - line_height(size) - 2, [words],
                        size, ink, anchor=anchor, italic=True)
        if leaving:
            words = f"continued on sheet {n + 1} ▼"
            for x, anchor in _mark_texts(leaving, words, bottom, scene.width, size):
                cv.text(f"continued/on/{x:.0f}", "continued", x, bottom + 2, [words], size, ink,
                        anchor=anchor, italic=True)
        columns = {k: c for k, c in scene.columns.items() if i <= c.row < j}
        title = f"{scene.title}, sheet {n} of {parts}"
        out.append(cv.freeze(columns=columns, rows=scene.rows[i:j], paper=scene.paper, title=title,
                             desc=scene.desc, theme=scene.theme, margin=MARGIN))
    return out


def _candidates(vsm: ValueStreamMap, m: Metrics, theme: str, ladder: str, queue_w: float = QUEUE_W,
                counts: Optional[Iterable[int]] = None) -> list[Scene]:
    """The map in one to :data:`_MAX_ROWS` compact rows (or the ``counts`` of rows given; see
    :func:`~vsm_draw.layout.diagram.diagram_scene`) :data:`ROW_GAP` apart (a branch kept in one
    row, and broken across rows; the queue columns ``queue_w`` wide), each with its totals where
    the layout puts them and moved: under a single row, beside the last of several, and into a
    free top right corner of the map when it has one."""
    from .diagram import diagram_scene

    scenes, seen = [], set()
    for rows in counts if counts is not None else range(1, min(_MAX_ROWS, len(vsm.steps)) + 1):
        for split in (False, True) if rows > 1 else (False,):
            scene = diagram_scene(vsm, m, theme=theme, ladder=ladder, rows=rows, split=split,
                                  row_gap=ROW_GAP, compact=True, queue_w=queue_w)
            key = tuple(sorted((c.row, c.step) for c in scene.columns.values()))
            if key in seen:
                continue
            seen.add(key)
            scenes.append(poster_scene(scene))
            scenes.append(poster_scene(scene, "beside" if len(scene.rows) > 1 else "under"))
            scenes.append(poster_scene(scene, "corner"))
    return [s for s in scenes if s is not None]


class _Choice(NamedTuple):
    """A layout chosen for a sheet: the scene, its scale, whether it reaches its target within
    :data:`MAP_SHARE` of the sheet (else it ``fills`` a first page, in ``margin``), and the
    sizes :class:`PosterMap` keeps."""

    scene: Scene
    scale: float
    height_mm: float
    wide_mm: float
    min_mm: float
    target: float
    fills: bool
    caption_mm: float
    margin_mm: Optional[float]
    parts: tuple = ()

    @property
    def sheets(self) -> int:
        return max(1, len(self.parts))

    @property
    def data_pt(self) -> float:
        from .layout.measure import DATA_PT

        return DATA_PT * self.scale

    @property
    def short(self) -> bool:
        return self.data_pt < self.target - 0.05


def _choose(m: Metrics, sheet, scenes: list[Scene]) -> _Choice:
    """Of the layouts whose data text reaches the target within :data:`MAP_SHARE` of the
    sheet's height, the least tall at the target, as large as it is there; when none does,
    the one that prints largest on a page of its own under the masthead (see
    :func:`share_sheet`)."""
    from .layout.measure import DATA_PT

    def sizes(margin: float) -> tuple[float, float, float]:  # the map's width (pt), the room, the caption (mm)
        width = (sheet.width_mm - 2 * margin) * MM
        lines = max(1, math.ceil(CAPTION_CHARS[bool(m.branched)] * _CHAR_EM * sheet.font_pt / width))
        caption = (CAPTION_MM + (lines - 1) * _CAPTION_LINE_MM) * min(sheet.width_mm, sheet.height_mm) / 841.0
        return width, sheet.height_mm - 2 * margin, caption

    width, room, caption = sizes(sheet.margin_mm)
    share = MAP_SHARE * room - caption
    # The masthead and figures: their notes and the rating take more lines on a portrait sheet.
    head = HEAD_EM * sheet.font_pt / MM * max(1.0, sheet.height_mm / sheet.width_mm)
    target = target_pt(min(sheet.width_mm, sheet.height_mm))
    at_target = target / DATA_PT

    def fit(s: Scene, height_mm: float) -> float:
        return min(width / s.width, height_mm * MM / s.height)

    reach = [(fit(s, share), s) for s in scenes if fit(s, share) >= at_target]
    fills, margin = not reach, None
    if reach:  # the least tall at the target: the most room for what follows the map
        scale, scene = min(reach, key=lambda t: (t[1].height, -t[0]))
        height = scene.height * scale / MM
    else:  # the map takes the height it needs: a page of its own under the masthead, in a narrower margin
        margin = fill_margin(min(sheet.width_mm, sheet.height_mm))
        width, room, caption = sizes(margin)
        scale, scene = max(((fit(s, page_one(room, head, s.height * at_target / MM,
                                             s.height * width / s.width / MM, caption)[1] - caption), -k, s)
                            for k, s in enumerate(scenes)), key=lambda t: t[:2])[0::2]
        height = scene.height * min(scale, at_target) / MM
    return _Choice(scene, scale, height, scene.height * width / scene.width / MM,
                   min(scene.height * at_target / MM, height), target, fills, caption, margin)


def _chosen(vsm: ValueStreamMap, m: Metrics, sheets: list, theme: str, ladder: str,
            counted: tuple = ()) -> list[_Choice]:
    """The layout for each of ``sheets``, chosen among :func:`_candidates` in a page's queue
    columns; when it stays short of its target on every sheet, also among the counts of rows
    chosen for each sheet, and one fewer than for the sheet that prints it largest, in
    narrower columns (:data:`~.layout.measure.POSTER_QUEUE_W`: the rows narrower, a wait
    reason in more lines), which print a map that the sheet's width limits larger. The map is
    laid out some fifteen times, and at most six more. The ``counted`` sheets' choices join
    in choosing those counts (a sheet turned: the same layouts tried whether the user named
    the orientation or it was chosen)."""
    scenes = _candidates(vsm, m, theme, ladder)
    chosen = [_choose(m, sheet, scenes) for sheet in sheets]
    if not all(c.short for c in chosen):
        return chosen
    each = chosen + [_choose(m, sheet, scenes) for sheet in counted]
    rows = len(max(each, key=lambda c: c.data_pt).scene.rows)  # (narrower rows: one fewer may fit now)
    counts = sorted({len(c.scene.rows) for c in each} | ({rows - 1} if rows > 1 else set()))
    scenes += _candidates(vsm, m, theme, ladder, POSTER_QUEUE_W, counts)
    chosen = [_choose(m, sheet, scenes) for sheet in sheets]
    return [_on_sheets(m, sheet, scenes, c) if c.short else c for sheet, c in zip(sheets, chosen)]


def _on_sheets(m: Metrics, sheet, scenes: list[Scene], single: _Choice) -> _Choice:
    """A map short of its target on one sheet (``single``) continued on the next sheets of
    the same size, cut between whole rows (:func:`sheet_scenes`): on the fewest sheets, up to
    :data:`MAX_SHEETS`, that print its data text at the target, the layout and the cuts that
    print it largest there, the same size on every sheet; when none does, the one that
    prints it largest (``single`` when no cut does better). The first sheet holds the
    masthead (at :data:`HEAD_MIN` of its type at least) and the caption over its part, the
    others the map alone."""
    from .layout.measure import DATA_PT
    from .textwidth import line_height

    margin = fill_margin(min(sheet.width_mm, sheet.height_mm))
    width = (sheet.width_mm - 2 * margin) * MM
    room = sheet.height_mm - 2 * margin
    caption = single.caption_mm
    head = HEAD_EM * sheet.font_pt / MM * max(1.0, sheet.height_mm / sheet.width_mm)
    first = (room - _SPARE * caption - head * HEAD_MIN - caption) * MM
    other = (room - _SHEET_SPARE_MM) * MM
    mark = line_height(DATA_PT) + 2
    at_target = single.target / DATA_PT
    best: Optional[tuple[float, int, Scene, tuple[int, ...], list]] = None
    cut = [row_cuts(scene) for scene in scenes]  # (each scene's, once for every count of sheets)
    for count in range(2, MAX_SHEETS + 1):
        for scene, cuts in zip(scenes, cut):
            if cuts is None or len(scene.rows) < count:
                continue
            for inner in itertools.combinations(range(1, len(scene.rows)), count - 1):
                ends = [cuts[b - 1][1] for b in inner]
                tops = [0.0] + [y - mark - MARGIN for y in ends]
                bottoms = [y + mark + MARGIN for y in ends] + [scene.height]
                scale = min([width / scene.width, first / (bottoms[0] - tops[0])]
                            + [other / (b - t) for t, b in zip(tops[1:], bottoms[1:])])
                if best is None or scale > best[0] + 1e-9:
                    best = (scale, count, scene, inner, cuts)
        if best is not None and best[0] >= at_target:
            break
    if best is None or DATA_PT * best[0] <= single.data_pt + 0.05:
        return single
    _, count, scene, inner, cuts = best
    bounds = (0, *inner, len(scene.rows))
    parts = tuple(sheet_scenes(scene, list(zip(bounds, bounds[1:])), cuts))
    scale = min([width / max(p.width for p in parts), first / parts[0].height]
                + [other / p.height for p in parts[1:]])
    height = parts[0].height * scale / MM
    return _Choice(scene, scale, height, height, height, single.target, True, caption, margin, parts)


def _poster_map(vsm: ValueStreamMap, c: _Choice) -> PosterMap:
    from .diagram import render_scene
    from .layout.measure import DATA_PT
    from .report import inline_svg

    def svg(scene: Scene, label: str, suffix: str = "") -> str:
        return inline_svg(render_scene(scene, "svg", date=vsm.date), css_class="diagram", label=label,
                          id_suffix=suffix)

    label = f"Value stream map: {vsm.title}"
    if c.parts:  # on several sheets: the first part under the masthead, each other on a sheet of its own
        n = len(c.parts)
        rest = tuple((svg(p, f"{label}, sheet {k} of {n}", f"-sheet{k}"), math.floor(p.height * c.scale / MM * 10) / 10)
                     for k, p in enumerate(c.parts[1:], 2))
        return PosterMap(svg=svg(c.parts[0], f"{label}, sheet 1 of {n}"), height_mm=c.height_mm,
                         data_pt=c.data_pt, min_mm=c.min_mm, wide_mm=c.wide_mm, target=c.target, fills=True,
                         caption_mm=c.caption_mm, margin_mm=c.margin_mm, sheets=rest)
    return PosterMap(svg=svg(c.scene, label), height_mm=c.height_mm, data_pt=c.data_pt, min_mm=c.min_mm,
                     wide_mm=c.wide_mm, target=c.target, fills=c.fills, caption_mm=c.caption_mm,
                     margin_mm=c.margin_mm, pt_per_mm=DATA_PT * MM / c.scene.height)


def poster_map(vsm: ValueStreamMap, m: Metrics, sheet, *, theme: str = "classic",
               ladder: str = "classic") -> PosterMap:
    """The map for a poster on ``sheet`` (:class:`~vsm_draw.report.Sheet`), laid out once
    (see :func:`_chosen` and :func:`_choose`), among the layouts :func:`turned_poster_map`
    tries. Graphviz draws: call in the parent process."""
    turned = replace(sheet, width_mm=sheet.height_mm, height_mm=sheet.width_mm)
    return _poster_map(vsm, _chosen(vsm, m, [sheet], theme, ladder, (turned,))[0])


def fill_margin(short_mm: float) -> float:
    """The margin of a poster whose map fills its first page, on a sheet whose short side is
    ``short_mm``: :data:`FILL_MARGIN_A0` in proportion, no less than :data:`FILL_MARGIN_MIN`."""
    return round(max(FILL_MARGIN_MIN, FILL_MARGIN_A0 * short_mm / 841.0), 1)


def turned_poster_map(vsm: ValueStreamMap, m: Metrics, sheet, turned, *, theme: str = "classic",
                      ladder: str = "classic") -> tuple[PosterMap, bool]:
    """The map for a poster on ``sheet`` when the user named no orientation, and whether the
    ``turned`` sheet (the other orientation) holds it instead: only when on ``turned`` its
    data text reaches its target on fewer sheets, or, reaching it on neither, prints larger
    there (a long map wrapped into four or five rows reaches further down a portrait A0
    than across a landscape one).
    The layouts are made once for both. Graphviz draws: call in the parent process."""
    planned, other = _chosen(vsm, m, [sheet, turned], theme, ladder)
    if not planned.short:  # turned only to reach it on fewer sheets
        keep = other.short or other.sheets >= planned.sheets
    else:
        keep = other.data_pt <= planned.data_pt + 0.05 and (other.short or other.sheets >= planned.sheets)
    if keep:
        return _poster_map(vsm, planned), False
    return _poster_map(vsm, other), True


def page_one(room: float, head: float, map_mm: float, wide_mm: float,
             caption: float = CAPTION_MM) -> tuple[float, float]:
    """A first page holding only the masthead and figures (``head`` mm at full type size)
    and the map: the masthead's type scale, smaller (down to :data:`HEAD_MIN`) for the map
    to get ``map_mm`` and its ``caption``, and the height of the map's row that leaves (mm),
    no more than the map takes across the full width (``wide_mm``)."""
    spare = room - _SPARE * caption
    scale = min(1.0, max(HEAD_MIN, (spare - map_mm - caption) / max(head, 1.0)))
    return scale, min(spare - head * scale, wide_mm + caption)


def small_map_warning(pm: PosterMap, paper: str) -> Optional[str]:
    """What to tell the user when the map's data text stays under its target, else None (in
    whole points, or tenths when those would name the target itself)."""
    if pm.data_pt >= pm.target - 0.05:
        return None
    size, goal = f"{pm.data_pt:.0f}", f"{pm.target:.0f}"
    if size == goal:  # not "about 20 pt, under the 20 pt"
        size, goal = f"{pm.data_pt:.1f}", f"{pm.target:.1f}"
    return (f"the map's data text prints at about {size} pt on the {paper} poster, "
            f"under the {goal} pt that reads from two metres: print it on a bigger "
            f"sheet, or map fewer steps (group the small ones)")


@dataclass(frozen=True)
class SheetShare:
    """How a poster uses its sheet: the type scale (of the sheet's type size), the height of
    the map's row (mm, caption included), the pages (1: all on one sheet; 2: what follows
    the map on a second page) and the masthead's type scale (of the others')."""

    factor: float
    map_mm: float
    pages: int
    head: float = 1.0


def share_sheet(room: float, head: float, rest: float, pm: PosterMap,
                second_rest: Optional[float] = None) -> SheetShare:
    """Share ``room`` mm of height between the masthead and figures (``head`` mm at full type
    size), the map and what follows it (``rest`` mm at full size), as measured on an endless
    sheet: on one sheet when the type keeps :data:`PREFER` of its size (the map shrinks
    towards its target for that when it is larger), or :data:`FLOOR` with the map at its
    target; else on two pages, the map filling the first, the second's type from
    ``second_rest`` when given (what follows the map as the second page draws it)."""
    def factor(map_mm: float, text: float) -> float:
        return min(1.0, (max(room - map_mm, 0.0) / max(text, 1.0)) ** ROOT * SAFETY)

    map_mm, text = pm.height_mm + pm.caption_mm, head + rest
    if factor(map_mm, text) >= PREFER:
        return SheetShare(factor(map_mm, text), map_mm, 1)
    least = pm.min_mm + pm.caption_mm  # the map with its data text just at its target
    smaller = room - text * (PREFER / SAFETY) ** (1 / ROOT)
    if smaller >= least:
        return SheetShare(PREFER, math.floor(smaller * 10) / 10, 1)
    if factor(least, text) >= FLOOR:
        return SheetShare(factor(least, text), least, 1)
    second = factor(0.0, rest if second_rest is None else second_rest)
    # The masthead as small as the map needs to reach its target (down to HEAD_MIN), even
    # when it cannot: every mm goes to the map.
    scale, row = page_one(room, head, pm.target / pm.pt_per_mm if pm.pt_per_mm else pm.min_mm,
                          pm.wide_mm, pm.caption_mm)
    return SheetShare(second, math.floor(row * 10) / 10, 2, round(scale / second, 3))


def sheets_share(room: float, head: float, pm: PosterMap, second_rest: float) -> SheetShare:
    """How a poster whose map goes on over several sheets (:attr:`PosterMap.sheets`) uses
    them: the first holds the masthead (as large as the map's first part leaves it, see
    :func:`page_one`) and that part at its size, each next sheet a part, and what follows
    the map the page after the last (its type from ``second_rest``, what it holds at full
    size, as :func:`share_sheet` sets a second page's)."""
    second = min(1.0, (room / max(second_rest, 1.0)) ** ROOT * SAFETY)
    scale, _ = page_one(room, head, pm.height_mm, pm.height_mm, pm.caption_mm)
    return SheetShare(second, round(pm.height_mm + pm.caption_mm, 1), len(pm.sheets) + 2,
                      round(scale / second, 3))
