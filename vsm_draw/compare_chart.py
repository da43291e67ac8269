"""The comparison picture: each map as a row, each step in a column of its own, and a trend.

One row per map (title, state and date at the left; lead time, flow efficiency and the
bottleneck at the right). Steps are matched by id, so a step keeps its column in every map
and is named once, at the column's head (wrapped, or a number with a key below: never a cut
word). In a cell, the wait before the step (striped) and its work (solid) are drawn on one
time scale for the whole picture, the bottleneck's wait framed; under it a mark says how the
step changed since the map before: ▼ shorter (better) or ▲ longer (worse), told apart by
shape, sign and colour. With three or more maps a trend of lead time and flow efficiency
(with the 15% line) stands beside the rows.

Like :mod:`vsm_draw.diagram`, every position is computed here and written as DOT with
pinned nodes; Graphviz only draws (SVG, PNG, PDF) with the bundled fonts, so the same
maps give the same picture on every machine. A web page shows it ``stacked`` (titles over
the rows, the trend under them: half as wide), and a phone :func:`comparison_narrow_svg`, a
plain SVG of each step with one bar per map.
"""
from __future__ import annotations

import math
from typing import Optional

from .compare import Comparison, row_notes, signed_duration
from .flow_words import path_move
from .dotlang import Dot, Html, html, num
from .durations import at_most, format_percent, humanize, unit_seconds
from .words import NOT_GIVEN, WASTE_THRESHOLD, change_mark
from .textwidth import line_height, text_width
from .textwidth import wrap as cut_lines

__all__ = ["FORMATS", "comparison_dot", "render_comparison", "comparison_narrow_svg"]

FORMATS = ("svg", "png", "pdf", "dot")

FONT = "DejaVu Sans"
INK, MUTED, GRID = "#000000", "#444444", "#c8c8c8"
STRIPE_INK, STRIPE_GAP = "#9a9a9a", "#ffffff"
TITLE_PT, NAME_PT, SMALL_PT, TICK_PT = 15, 11, 9, 8.5

LABEL_W = 210.0     # map titles, left of the bars
BAR_X = LABEL_W + 18.0
BAR_MAX = 620.0     # the step columns together, gaps included (more for many steps)
COL_MIN = 58.0      # a step's column: its change mark ("▲ +1.5 d") or a word of its name
COL_GAP = 8.0
ROW_H = 74.0
BAR_H = 24.0
HEAD_PT = 8.5       # the step names at the columns' heads
HEAD_LINES = 3
#: Okabe-Ito colours for a change (the mark's shape and sign say it without colour too).
BETTER, WORSE = "#009E73", "#D55E00"
STRIPE = 5.0        # one period of the wait pattern: light stripe then dark
#: Each colour of the comparison picture and its counterpart on a dark screen (the web
#: page follows the reader's dark setting: :func:`~vsm_draw.svgpost.dark_css`).
DARK = {INK: "#e6e6e6", MUTED: "#b4b4b4", GRID: "#4a4e56", STRIPE_INK: "#7d828a",
        STRIPE_GAP: "#17191d", BETTER: "#3cc79f", WORSE: "#f2914f"}
MIN_WORK = 1.6      # work too short to see is drawn this wide
TREND_W, TREND_GAP = 290.0, 44.0
STACK_X = 4.0         # stacked: the rows' left edge
STACK_TITLE_H = 20.0  # stacked: the map's title line over its row
#: Stacked: the room for a row's totals right of its columns. The web page shows the picture
#: at no less than MIN_SHOWN (compare_report) of its size, so a picture wider than its column
#: scrolled sideways there, the text past the column's edge cut at it: a long bottleneck name
#: and the heading's subtitle wrap to stay within the columns and this.
STACK_TOTALS_W = 140.0
#: Stacked: the widest the columns and the totals right of them may be. A 1280 px window's
#: column shows ten steps so (843 pt, 1159 px at MIN_SHOWN); eleven (975 pt) put every
#: row's lead time past the column's edge, out of sight. Wider, the totals go under each
#: row's bars and notes instead.
STACK_MAX_W = 820.0


class _Chart:
    def __init__(self, c: Comparison, stacked: bool = False):
        self.c = c
        # stacked: for a screen: each map's title over its row (not left of it) and the trend
        # under the rows (not beside them), so the picture is about half as wide.
        self.stacked = stacked
        self.bar_x = STACK_X if stacked else BAR_X
        self.n = 0
        self.dot = Dot(
            "compare",
            graph={"layout": "neato", "inputscale": 72, "splines": "line", "overlap": "true",
                   "outputorder": "edgesfirst", "bgcolor": "#ffffff", "pad": 0.3,
                   "fontname": FONT},
            node={"fontname": FONT, "fontsize": SMALL_PT, "fontcolor": INK, "color": INK,
                  "shape": "plain", "margin": 0},
            edge={"color": INK, "arrowhead": "none", "penwidth": 1.0},
        )
        self.cal = c.maps[0].calendar
        self.step_s, self.axis_max = _lead_axis(c)
        # Only critical-path steps are drawn, so a row's bars add up to its lead time: a step
        # in parallel in every map has no column (each row names the ones it leaves out).
        self.steps = [r for r in c.steps if any(r.on_critical_path)]
        branched = any(m.branched for m in c.metrics)
        self.row_h = ROW_H + (28 if branched else 0)  # room for the path's notes
        if stacked:
            self.row_h += STACK_TITLE_H
        # Each step's column is as wide as its longest wait + work on a path, on one scale.
        spans = [max((w or 0.0) + (p or 0.0) for w, p, on in
                     zip(r.wait_time, r.process_time, r.on_critical_path) if on)
                 for r in self.steps]
        room = max(BAR_MAX, len(spans) * (COL_MIN + COL_GAP)) - len(spans) * COL_GAP
        self.scale, self.col_w = _column_widths(spans, room)
        self.col_x = []
        x = self.bar_x
        for w in self.col_w:
            self.col_x.append(x)
            x += w + COL_GAP
        self.cols_right = x - COL_GAP
        self.heads, self.key = _column_heads([r.name for r in self.steps], self.col_w,
                                             letters=stacked)
        # Rows side by side are as tall as the most notes any needs (two lines before the
        # where-the-path-moved sentence wrapped).
        if branched and not stacked:
            most = max(len(self.path_notes(i)) for i in range(len(c.maps)))
            self.row_h = ROW_H + 14 * max(2, most)
        self.top = 50.0
        self.shared, self.row_titles = _row_titles([v.title for v in c.maps],
                                                   self.cols_right if stacked else LABEL_W)
        self.right = self.cols_right + 16  # the rightmost ink of the rows and their totals
        # Stacked: what the heading's subtitle and a row's bottleneck wrap within (the rows
        # with their totals, or the trend under them when it is wider).
        self.totals_under = stacked and self.cols_right + 14 + STACK_TOTALS_W > STACK_MAX_W
        self.stack_w = max(self.cols_right + (0.0 if self.totals_under else 14 + STACK_TOTALS_W),
                           self.bar_x + 2 * TREND_W + TREND_GAP if len(c.maps) >= 3 else 0.0)

    # -- builders (y grows downwards here; DOT's grows upwards) ----------------------------
    def name(self, prefix: str) -> str:
        self.n += 1
        return f"{prefix}{self.n}"

    @staticmethod
    def pos(x: float, y: float) -> str:
        return f"{num(x)},{num(-y)}!"

    def box(self, x: float, y: float, w: float, h: float, **attrs) -> str:
        """A rectangle with its top-left corner at (x, y)."""
        base = {"shape": "box", "fixedsize": "true", "label": "", "width": num(w / 72),
                "height": num(h / 72), "pos": self.pos(x + w / 2, y + h / 2)}
        base.update(attrs)
        return self.dot.node(self.name("b"), **base)

    def point(self, x: float, y: float) -> str:
        return self.dot.node(self.name("p"), shape="point", style="invis", width=0.01,
                             pos=self.pos(x, y))

    def line(self, x1: float, y1: float, x2: float, y2: float, **attrs) -> None:
        self.dot.edge(self.point(x1, y1), self.point(x2, y2), **attrs)

    def text(self, x: float, y: float, body: str, size: float, *, align: str = "LEFT",
             width: Optional[float] = None, bold: bool = False, color: str = INK,
             plain: Optional[str] = None, masked: bool = False) -> None:
        """One line of text; ``x`` is its left edge (right edge for RIGHT, centre for CENTER)
        and ``y`` its vertical centre. ``plain`` is the text for measuring when ``body`` is markup.
        ``masked`` puts it on white, so a grid line passing behind it never strikes it through."""
        measured = text_width(plain if plain is not None else body, size, bold)
        w = max(width or 0.0, measured)
        cx = {"LEFT": x + w / 2, "RIGHT": x - w / 2, "CENTER": x}[align]
        inner = body if plain is not None else html(body)
        if bold:
            inner = f"<B>{inner}</B>"
        bg = ' BGCOLOR="#ffffff"' if masked else ""
        label = (f'<TABLE BORDER="0" CELLPADDING="0" CELLSPACING="0"{bg}><TR>'
                 f'<TD WIDTH="{w:.0f}" ALIGN="{align}"><FONT POINT-SIZE="{size:g}" '
                 f'COLOR="{color}">{inner}</FONT></TD></TR></TABLE>')
        self.dot.node(self.name("t"), label=Html(label), pos=self.pos(cx, y))

    # -- the picture -----------------------------------------------------------------------
    def build(self) -> str:
        c = self.c
        self.draw_heading()
        rows_top = self.draw_heads(self.top + 8)
        axis_y = rows_top
        for i in range(len(c.maps)):
            last = self.draw_row(i, axis_y)
            # Stacked, a row is as tall as its notes need; else all as tall as the tallest.
            axis_y = last + ROW_H - 45 if self.stacked else axis_y + self.row_h
        bottom = self.draw_legend(axis_y + 18)
        right = self.right
        if len(c.maps) >= 3 and self.stacked:
            bottom = self.draw_trend_under(bottom + 40)
            right = max(self.right, self.bar_x + 2 * TREND_W + TREND_GAP)
        elif len(c.maps) >= 3:
            bottom = max(bottom, self.draw_trend(rows_top - 6, axis_y))
            right = self.right + TREND_GAP + TREND_W
        # Fix the canvas: an invisible corner at each end.
        self.point(0, 0)
        self.point(right, bottom + 6)
        return self.dot.source()

    def draw_heading(self) -> None:
        c = self.c
        n = len(c.maps)
        title = f"{n} maps of one value stream, step by step on one time scale"
        if self.shared:  # the rows show only what tells the titles apart
            title = f"{n} maps of {self.shared}, step by step on one time scale"
            room = self.right + (TREND_GAP + TREND_W if n >= 3 and not self.stacked else 0)
            title = _fit(title, TITLE_PT, room, bold=True) or title
        self.text(0, self.top - 36, title, TITLE_PT, bold=True)
        (v0, m0), (v1, m1) = c.first, c.last
        if n > 1 and m0.lead_time > 0:
            from .compare import bottleneck_clause, percent_change

            change = percent_change(m0.lead_time, m1.lead_time)
            sub = (f"Lead time {humanize(m0.lead_time, v0.calendar)} → "
                   f"{humanize(m1.lead_time, v1.calendar)}" + (f" ({change})" if change else "")
                   + "; " + bottleneck_clause(c))
        else:
            sub = f"Lead time {humanize(m0.lead_time, v0.calendar)}"
        lines = cut_lines(sub, self.stack_w, NAME_PT) if self.stacked else [sub]
        for k, line in enumerate(lines):
            self.text(0, self.top - 14 + 15 * k, line, NAME_PT, color=MUTED)
        self.top += 15 * (len(lines) - 1)

    def draw_heads(self, top: float) -> float:
        """Each step's name over its column (or its number, named in the key); the rows' top."""
        height = max(len(lines) for lines in self.heads) * line_height(HEAD_PT)
        for k, lines in enumerate(self.heads):
            x = self.col_x[k] + self.col_w[k] / 2
            y0 = top + height - line_height(HEAD_PT) * (len(lines) - 0.5)
            for j, line in enumerate(lines):
                self.text(x, y0 + j * line_height(HEAD_PT), line, HEAD_PT, align="CENTER",
                          bold=True)
            self.line(self.col_x[k], top + height + 4, self.col_x[k] + self.col_w[k],
                      top + height + 4, color=GRID, penwidth=0.8)
        return top + height + 10

    def draw_row(self, i: int, y: float) -> float:
        """Map ``i``'s row from ``y`` down; the middle of its last line of text."""
        c = self.c
        v, m = c.maps[i], c.metrics[i]
        cal = v.calendar
        bar_y = y + 10 + (STACK_TITLE_H if self.stacked else 0)
        mid = bar_y + BAR_H / 2
        # The map: title, then state and date (left of the row, or over it when stacked).
        lines = self.row_titles[i]
        sub = " · ".join(x for x in ((v.state or "").strip(), v.date.isoformat() if v.date else "")
                         if x) or c.labels[i]
        if self.stacked:
            title = " ".join(lines)
            self.text(self.bar_x, y + 14, title, NAME_PT, bold=True)
            room = self.cols_right - self.bar_x - text_width(title, NAME_PT, True) - 12
            if _fit(sub, SMALL_PT, room):
                self.text(self.bar_x + text_width(title, NAME_PT, True) + 12, y + 14,
                          _fit(sub, SMALL_PT, room), SMALL_PT, color=MUTED)
        else:
            top_y = mid - 8 - 7 * (len(lines) - 1)
            for k, line in enumerate(lines):
                self.text(0, top_y + 14 * k, line, NAME_PT, bold=True, width=LABEL_W)
            self.text(0, top_y + 14 * (len(lines) - 1) + 16, _fit(sub, SMALL_PT, LABEL_W),
                      SMALL_PT, color=MUTED, width=LABEL_W)
        bottleneck = m.bottleneck.id if m.bottleneck.wait_time > 0 else None
        below = bar_y + BAR_H + 11
        for k, r in enumerate(self.steps):
            x0, cw = self.col_x[k], self.col_w[k]
            wait, work = r.wait_time[i], r.process_time[i]
            mark = _change_mark(r, i, cal)
            if wait is None or work is None:
                self.text(x0 + cw / 2, mid, "—", NAME_PT, align="CENTER", color=MUTED)
            elif r.on_critical_path[i] is False:  # in parallel here: it adds no lead time
                self.text(x0 + cw / 2, mid, "parallel", SMALL_PT, align="CENTER", color=MUTED)
            else:
                x = x0
                for kind, seconds in (("wait", wait), ("work", work)):
                    if seconds <= 0:
                        continue
                    w = max(seconds * self.scale, MIN_WORK)
                    if kind == "wait":
                        self.box(x, bar_y, w, BAR_H, style="striped", penwidth=0,
                                 fillcolor=_stripes(w), id=f"map{i + 1}-wait-{_safe(r.id)}")
                        self.box(x, bar_y, w, BAR_H, penwidth=0.8, style="solid")
                        if r.id == bottleneck:
                            self.box(x, bar_y - 3, w, BAR_H + 6, penwidth=2.6, style="solid",
                                     id=f"map{i + 1}-bottleneck")
                    else:
                        self.box(x, bar_y, w, BAR_H, style="filled", fillcolor=INK, penwidth=0,
                                 id=f"map{i + 1}-work-{_safe(r.id)}")
                    x += w
            if mark:
                text, color = mark
                self.text(x0, below, text, SMALL_PT - 0.5, bold=color != MUTED, color=color,
                          width=cw)
        note_y = below + 14
        for line, bold in self.path_notes(i):
            self.text(self.bar_x, note_y, line, SMALL_PT, bold=bold, color=INK if bold else MUTED)
            note_y += 14
        if self.totals_under:
            return self.draw_totals_under(i, note_y + 4)
        # Totals at the row's end: lead time (with its change), flow efficiency, bottleneck.
        end = self.cols_right + 14
        lead = humanize(m.lead_time, cal)
        self.text(end, mid - 7, lead, NAME_PT, bold=True, masked=True)
        right = end + text_width(lead, NAME_PT, True)
        if i > 0:
            mark = _mark(c.metrics[i - 1].lead_time, m.lead_time, cal)
            if mark:
                self.text(right + 6, mid - 7, mark[0], SMALL_PT, bold=True, color=mark[1])
                right += 6 + text_width(mark[0], SMALL_PT, True)
        fe = f"flow eff. {format_percent(m.flow_efficiency)}"
        self.text(end, mid + 8, fe, SMALL_PT, color=MUTED, masked=True)
        neck = f"bottleneck: {m.bottleneck.name}" if bottleneck else "nothing waits"
        necks = [neck]
        if self.stacked and text_width(neck, SMALL_PT) > self.stack_w - end:
            # its name under the word, wrapped (a word too long cut with a hyphen, as the map's)
            necks = ["bottleneck:", *cut_lines(m.bottleneck.name, self.stack_w - end, SMALL_PT)]
        for k, line in enumerate(necks):
            self.text(end, mid + 21 + 12 * k, line, SMALL_PT, color=MUTED)
        self.right = max(self.right, right, end + text_width(fe, SMALL_PT),
                         *(end + text_width(line, SMALL_PT) for line in necks))
        return max(note_y - 14, mid + 21 + 12 * (len(necks) - 1))

    def draw_totals_under(self, i: int, y: float) -> float:
        """Map ``i``'s totals on lines of their own from ``y`` (the middle of the first): its
        lead time with its change and flow efficiency, then its bottleneck, wrapped to the
        columns; the middle of the last line."""
        c = self.c
        m, cal = c.metrics[i], c.maps[i].calendar
        x = self.bar_x
        lead = humanize(m.lead_time, cal)
        self.text(x, y, lead, NAME_PT, bold=True)
        x += text_width(lead, NAME_PT, True) + 8
        mark = _mark(c.metrics[i - 1].lead_time, m.lead_time, cal) if i else None
        if mark:
            self.text(x, y, mark[0], SMALL_PT, bold=True, color=mark[1])
            x += text_width(mark[0], SMALL_PT, True) + 8
        self.text(x, y, f"lead time · flow eff. {format_percent(m.flow_efficiency)}", SMALL_PT,
                  color=MUTED)
        neck = (f"bottleneck: {m.bottleneck.name}" if m.bottleneck.wait_time > 0
                else "nothing waits")
        for line in cut_lines(neck, self.cols_right - self.bar_x, SMALL_PT):
            y += 14
            self.text(self.bar_x, y, line, SMALL_PT, color=MUTED)
        return y

    def path_notes(self, i: int) -> list[tuple[str, bool]]:
        """Map ``i``'s notes under its bars, (line, bold): where its critical path moved,
        wrapped to the columns' width (cut there with "…", it left the steps past the edge
        unnamed), then the steps it leaves out, as many as fit with "and 2 more"."""
        c = self.c
        room = self.cols_right - self.bar_x
        moved = path_move(c.maps[i - 1], c.metrics[i - 1], c.maps[i], c.metrics[i],
                          "would move" if c.planned else "moved") if i else ""
        notes = [(line, True) for line in _lines(moved, SMALL_PT, room)] if moved else []
        off = [r.name for r in c.steps if r.on_critical_path[i] is False]
        if off:
            notes.append((_names_fit("off the critical path: ", off, room), False))
        return notes

    def draw_legend(self, y: float) -> float:
        x = self.bar_x
        self.box(x, y - 7, 26, 14, style="striped", penwidth=0, fillcolor=_stripes(26))
        self.box(x, y - 7, 26, 14, penwidth=1.0, style="solid")
        self.text(x + 32, y, "waiting (work sits idle)", SMALL_PT)
        x += 32 + text_width("waiting (work sits idle)", SMALL_PT) + 18
        self.box(x, y - 7, 26, 14, style="filled", fillcolor=INK, penwidth=0)
        self.text(x + 32, y, "working (process time)", SMALL_PT)
        x += 32 + text_width("working (process time)", SMALL_PT) + 18
        if any(m.bottleneck.wait_time > 0 for m in self.c.metrics):
            self.box(x, y - 8, 26, 16, penwidth=2.6, style="solid")
            words = ("the bottleneck: the longest wait on the critical path"
                     if any(m.branched for m in self.c.metrics) else
                     "the bottleneck: the map's longest wait")
            self.text(x + 32, y, words, SMALL_PT)
            x += 32 + text_width(words, SMALL_PT)
        self.right = max(self.right, x)
        # Second line: the change marks and the time scale.
        y += 20
        x = self.bar_x
        # One of the unit the changes are shown in (an hours map's changes read in hours).
        one = signed_duration(unit_seconds(at_most("days", self.cal), self.cal), self.cal)[1:]
        for text, color in ((f"▼ −{one}", BETTER), (f"▲ +{one}", WORSE)):
            words = ("shorter than in the map before: better" if color == BETTER
                     else "longer: worse")
            self.text(x, y, text, SMALL_PT, bold=True, color=color)
            x += text_width(text, SMALL_PT, True) + 6
            self.text(x, y, words, SMALL_PT)
            x += text_width(words, SMALL_PT) + 18
        bar = self.step_s * self.scale
        if bar > 12:
            self.line(x, y, x + bar, y, penwidth=1.2)
            for end in (x, x + bar):
                self.line(end, y - 4, end, y + 4, penwidth=1.2)
            label = f"{humanize(self.step_s, self.cal)} on the time scale"
            self.text(x + bar + 6, y, label, SMALL_PT)
            x += bar + 6 + text_width(label, SMALL_PT)
        self.right = max(self.right, x)
        # The key of the columns too narrow for their step's name.
        for number, name in self.key:
            y += 15
            self.text(self.bar_x, y, f"{number}  {name}", SMALL_PT)
            self.right = max(self.right, self.bar_x + text_width(f"{number}  {name}", SMALL_PT))
        return y + 12

    # -- the trend -------------------------------------------------------------------------
    def draw_trend(self, top: float, bottom: float) -> float:
        """The two trend panels one over the other, beside the rows; their bottom."""
        left = self.right + TREND_GAP
        xs = self.trend_xs(left)
        height = max((bottom - top - 40) / 2, 70.0)
        self.lead_panel(left, top, height, xs)
        top2 = top + height + 40
        self.fe_panel(left, top2, height, xs)
        return self.trend_labels(xs, top2 + height)

    def draw_trend_under(self, top: float) -> float:
        """The two trend panels side by side, under the rows (stacked); their bottom."""
        height = 110.0
        xs = self.trend_xs(self.bar_x)
        self.lead_panel(self.bar_x, top, height, xs)
        self.trend_labels(xs, top + height)
        xs = self.trend_xs(self.bar_x + TREND_W + TREND_GAP)
        self.fe_panel(self.bar_x + TREND_W + TREND_GAP, top, height, xs)
        return self.trend_labels(xs, top + height)

    def trend_xs(self, left: float) -> list[float]:
        n = len(self.c.maps)
        plot_l, plot_r = left + 56, left + TREND_W - 30
        return [plot_l + (plot_r - plot_l) * (k / (n - 1)) for k in range(n)]

    def lead_panel(self, left: float, top: float, height: float, xs: list[float]) -> None:
        leads = [m.lead_time for m in self.c.metrics]
        lead_max = self.axis_max
        self.panel(left, top, height, xs, leads, lead_max, "Lead time",
                   lambda v: humanize(v, self.cal), marker="lead",
                   ticks=[0.0, lead_max / 2, lead_max])

    def fe_panel(self, left: float, top: float, height: float, xs: list[float]) -> None:
        fes = [m.flow_efficiency for m in self.c.metrics]
        fe_max = _fe_axis_max(self.c)
        self.panel(left, top, height, xs, fes, fe_max, "Flow efficiency",
                   format_percent, marker="fe", ticks=[0.0, fe_max], threshold=WASTE_THRESHOLD)

    def trend_labels(self, xs: list[float], base: float) -> float:
        """The maps' labels under a trend panel (every k-th when crowded); their bottom."""
        labels = self.c.labels
        n = len(labels)
        plot_l, plot_r = xs[0], xs[-1]
        widest = max(text_width(lb, TICK_PT) for lb in labels)
        need = math.ceil((widest + 8) / ((plot_r - plot_l) / (n - 1)))
        stagger = need == 2  # two lines, alternating, give every label room
        step = 1 if stagger else max(1, need)
        shown = list(range(0, n, step))
        if shown[-1] != n - 1:
            shown[-1] = n - 1  # the last map always, in place of its crowded neighbour
        for k in shown:
            dy = 11 if stagger and k % 2 else 0
            self.text(xs[k], base + 12 + dy, labels[k], TICK_PT, align="CENTER")
        return base + (35 if stagger else 24)

    def panel(self, left: float, top: float, height: float, xs: list[float],
              values: list[Optional[float]], vmax: float, title: str, fmt, *, marker: str,
              ticks: list[float], threshold: Optional[float] = None) -> None:
        plot_l, plot_r = xs[0], xs[-1]
        base = top + height
        usable = height - 18  # the top value's label stays clear of the panel's title
        self.text(left, top - 10, title, NAME_PT, bold=True)
        x0, x1 = plot_l - 26, plot_r + 14
        self.line(x0, base, x1, base, penwidth=1.0)
        self.line(x0, top + 6, x0, base, penwidth=1.0)
        for t in ticks:
            y = base - usable * (t / vmax if vmax else 0)
            self.line(x0 - 4, y, x0, y, penwidth=1.0)
            self.text(x0 - 6, y, "0" if t == 0 else fmt(t), TICK_PT, align="RIGHT")
        if threshold is not None and threshold <= vmax:
            y = base - usable * threshold / vmax
            self.line(x0, y, x1, y, style="dashed", penwidth=1.2)
            self.text(x1, top - 10, "- - 15 %: below it, significant waste", TICK_PT,
                      align="RIGHT", color=MUTED)
        points = []
        for x, v in zip(xs, values):
            if v is None:
                continue
            y = base - usable * (v / vmax if vmax else 0)
            points.append((x, y, v))
        for (xa, ya, _), (xb, yb, _) in zip(points, points[1:]):
            self.line(xa, ya, xb, yb, penwidth=1.8)
        for x, y, v in points:
            if marker == "lead":
                self.dot.node(self.name("m"), shape="circle", style="filled", fillcolor=INK,
                              width=0.11, height=0.11, fixedsize="true", label="",
                              pos=self.pos(x, y))
            else:
                self.dot.node(self.name("m"), shape="square", style="filled",
                              fillcolor="#ffffff", penwidth=1.6, width=0.12, height=0.12,
                              fixedsize="true", label="", pos=self.pos(x, y))
            self.text(x, y - 11, fmt(v), TICK_PT, align="CENTER", bold=True)


def _column_widths(spans: list[float], room: float) -> tuple[float, list[float]]:
    """The time scale (points per second) and each column's width: ``spans`` to scale, none
    narrower than COL_MIN, together ``room`` wide (wider when every column is at its minimum)."""
    fixed: set[int] = set()
    scale = 0.0
    for _ in range(len(spans) + 1):
        rest = sum(d for k, d in enumerate(spans) if k not in fixed)
        free = room - COL_MIN * len(fixed)
        scale = free / rest if rest > 0 and free > 0 else 0.0
        narrow = {k for k, d in enumerate(spans) if d * scale < COL_MIN}
        if narrow <= fixed:
            break
        fixed |= narrow
    return scale, [max(COL_MIN, d * scale) for d in spans]


def _column_heads(names: list[str], widths: list[float],
                  letters: bool = False) -> tuple[list[list[str]], list]:
    """Each column's head: its step's name wrapped to the column, or a number named in the key
    when a word of it would not fit or it would take more than HEAD_LINES lines."""
    heads, key = [], []
    for name, width in zip(names, widths):
        lines = _lines(name, HEAD_PT, width - 2)
        if len(lines) > HEAD_LINES or any(text_width(line, HEAD_PT, True) > width - 2
                                          for line in lines) or any("…" in x for x in lines):
            # A web page numbers the maps [1], [2]: its key marks columns (a), (b) instead.
            number = (f"({chr(ord('a') + len(key))})" if letters and len(key) < 26
                      else f"({len(key) + 1})" if letters else f"[{len(key) + 1}]")
            key.append((number, name))
            lines = [number]
        heads.append(lines)
    return heads, key


def _mark(before: float, after: float, cal) -> Optional[tuple[str, str]]:
    """A change of time as the picture's mark: ▼ and a minus when shorter (better, bluish
    green), ▲ and a plus when longer (worse, vermillion); None when it reads as no change."""
    mark = change_mark(before, after)
    text = signed_duration(after - before, cal)
    if mark is None or text.lstrip("+-") in ("0", "0 s"):
        return None
    return (f"{mark['glyph']} {text.replace('-', '−', 1)}",
            BETTER if mark["kind"] == "better" else WORSE)


def _change_mark(row, i: int, cal) -> Optional[tuple[str, str]]:
    """How a step changed in map ``i`` since map ``i - 1`` (None in the first map or unchanged)."""
    if i == 0:
        return None
    present, before = row.present[i], row.present[i - 1]
    if present and not before:
        return "new", MUTED
    if before and not present:
        return "gone", MUTED
    if not present:
        return None
    # A process time one of the two maps does not give is no change: the waits alone.
    known = row.process_time_known
    work = (known[i - 1], known[i]) if None not in (known[i - 1], known[i]) else (0.0, 0.0)
    return _mark(row.wait_time[i - 1] + work[0], row.wait_time[i] + work[1], cal)


def _stripes(width: float) -> str:
    """Graphviz ``striped`` fill colours: light and dark stripes about STRIPE wide."""
    count = max(1, round(width / STRIPE))
    light = math.floor(0.6 / count * 1e4) / 1e4  # rounded down: the shares may not pass 1
    dark = math.floor(0.4 / count * 1e4) / 1e4
    return ":".join([f"{STRIPE_GAP};{light:.4f}:{STRIPE_INK};{dark:.4f}"] * count)


def _widths(raw: list[float], full: float) -> list[float]:
    """Segment widths summing to ``full``: none narrower than MIN_WORK, the rest scaled."""
    if not raw or full <= 0:
        return [0.0 for _ in raw]
    small = sum(MIN_WORK for r in raw if r < MIN_WORK)
    rest = sum(r for r in raw if r >= MIN_WORK)
    scale = (full - small) / rest if rest > 0 and full > small else 1.0
    return [MIN_WORK if r < MIN_WORK else r * scale for r in raw]


def _lead_axis(c: Comparison) -> tuple[float, float]:
    """The lead-time axis of the bars and the trend: the step between its ticks (about a
    quarter of the longest lead time, a round length) and its top (the longest rounded up
    to a step)."""
    longest = max(m.lead_time for m in c.metrics)
    if not longest > 0:
        return 1.0, 1.0
    step = _nice_step(longest / 4, c.maps[0].calendar.day)
    return step, math.ceil(longest / step) * step


def _fe_axis_max(c: Comparison) -> float:
    """The top of the trend's flow-efficiency axis: the highest of the maps, at least 20 %,
    up to the next 5 %."""
    known = [m.flow_efficiency for m in c.metrics if m.flow_efficiency is not None]
    return math.ceil(max([0.20] + known) * 20) / 20


def _nice_step(target: float, day: float) -> float:
    """A tick step near ``target`` seconds: 1, 2 or 5 times a power of ten of days (or hours)."""
    base = day if target >= day / 2 else 3600.0
    value = target / base
    power = 10 ** math.floor(math.log10(value)) if value > 0 else 1
    for mult in (1, 2, 5, 10):
        if mult * power >= value:
            return mult * power * base
    return 10 * power * base


def _names_fit(lead: str, names: list[str], room: float) -> str:
    """``lead`` and as many whole ``names`` as fit ``room`` at SMALL_PT ('… and 3 more'):
    never a cut word. Without names, ``lead`` itself word by word."""
    words = names or lead.split(" ")
    head = lead if names else ""
    sep = ", " if names else " "
    for keep in range(len(words), 0, -1):
        rest = len(words) - keep
        text = head + sep.join(words[:keep]) + (f" and {rest} more" if names and rest else
                                               "…" if rest else "")
        if text_width(text, SMALL_PT) <= room:
            return text
    return head + f"{len(words)} steps" if names else ""


def _fit(text: str, size: float, room: float, bold: bool = False) -> str:
    """``text`` cut with an ellipsis to fit ``room`` points ('' when not even 3 letters fit)."""
    if text_width(text, size, bold) <= room:
        return text
    for keep in range(len(text) - 1, 2, -1):
        short = text[:keep].rstrip() + "…"
        if text_width(short, size, bold) <= room:
            return short
    return ""


def _lines(text: str, size: float, room: float, bold: bool = True) -> list[str]:
    """``text`` word-wrapped into lines of at most ``room`` points (a word too long is cut)."""
    lines: list[str] = []
    for word in text.split():
        if lines and text_width(lines[-1] + " " + word, size, bold) <= room:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return [line if text_width(line, size, bold) <= room else _fit(line, size, room, bold) or line
            for line in lines] or [""]


def _two_lines(text: str, size: float, room: float) -> list[str]:
    """``text`` on one or two lines, the second cut with an ellipsis when it is still too long."""
    lines = _lines(text, size, room)
    if len(lines) <= 2:
        return lines
    rest = text[len(lines[0]):].strip()
    return [lines[0], _fit(rest, size, room, True) or lines[1]]


def _row_titles(titles: list[str], room: float = LABEL_W) -> tuple[str, list[list[str]]]:
    """The maps' titles for the rows' labels, each on at most two lines, and the titles' shared
    start when it had to go to leave room for what tells them apart ('' when it did not)."""
    size = NAME_PT
    if all(len(_lines(t, size, room)) <= 2 for t in titles):
        return "", [_lines(t, size, room) for t in titles]
    words = [t.split() for t in titles]
    shared = 0
    while all(len(w) > shared + 1 and w[shared] == words[0][shared] for w in words):
        shared += 1
    if shared >= 2 and len(set(titles)) == len(titles):
        common = " ".join(words[0][:shared]).rstrip(" —-–:·,(")
        rests = [" ".join(w[shared:]).lstrip(" —-–:·,") for w in words]
        if len(common) >= 8 and all(rests):
            return common, [_two_lines("… " + r, size, room) for r in rests]
    return "", [_two_lines(t, size, room) for t in titles]


def _safe(text: str) -> str:
    import re

    return re.sub(r"[^A-Za-z0-9_-]+", "-", text).strip("-").lower() or "step"


def comparison_dot(c: Comparison, stacked: bool = False) -> str:
    """The comparison picture as DOT (every node pinned); ``stacked``: the narrower layout
    for a screen, each map's title over its row and the trend under the rows."""
    return _Chart(c, stacked).build()


def _describe(c: Comparison) -> str:
    from .compare import narrative

    return " ".join(narrative(c))


def render_comparison(c: Comparison, fmt: str = "svg", *, dpi: int = 144,
                      stacked: bool = False) -> bytes:
    """The comparison picture as ``svg``, ``png``, ``pdf`` or ``dot`` bytes (``stacked``: see
    :func:`comparison_dot`)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    dot = comparison_dot(c, stacked)
    if fmt == "dot":
        return dot.encode("utf-8")
    from .graphviz_backend import render_dot

    data = render_dot(dot, fmt, dpi=dpi, date=c.maps[-1].date)
    if fmt == "svg":
        from .svgpost import clean_svg

        title = "Comparison of " + ", ".join(v.title for v in c.maps)
        data = clean_svg(data, title=title, desc=_describe(c))
    return data


# -- the picture for a phone ---------------------------------------------------------------

#: Width of the phone's picture in SVG user units (CSS px at a 390 px window).
NARROW_W = 340.0


def comparison_narrow_svg(c: Comparison, prefix: str = "vsmc-narrow") -> str:
    """The comparison for a phone's column (see :func:`comparison_narrow_parts`), one SVG."""
    return comparison_narrow_parts(c, prefix)[0]


def comparison_print_svgs(c: Comparison, prefix: str = "vsmc-print") -> list[str]:
    """The phone's picture cut for paper: the lead times, each step, the key, each its own
    SVG (the page may break between them; the handout sets them in columns, their text at
    8 pt or more on A4 portrait and landscape)."""
    return comparison_narrow_parts(c, prefix)[1]


def comparison_narrow_parts(c: Comparison, prefix: str = "vsmc-narrow") -> tuple[str, list[str]]:
    """The comparison for a phone's column, as inline SVG (plain text, no Graphviz): each
    step in turn, its whole name over one bar per map (the wait striped, the work solid, one
    time scale for all, the bottleneck's wait framed) with the time and the change since the
    map before (▼ better, ▲ worse: shape, sign and colour). Text 12 px or more."""
    from html import escape

    pad, tag_w = 4.0, 30.0
    right = NARROW_W - pad
    rows = [r for r in c.steps if any(r.on_critical_path)]
    spans = [(w or 0.0) + (p or 0.0) for r in rows
             for w, p, on in zip(r.wait_time, r.process_time, r.on_critical_path) if on]
    longest = max(spans + [1.0])
    scale = (right - pad - tag_w - 118) / longest  # room for "3 d + 2 h ▲ +1 d" after a bar
    cal = c.maps[0].calendar
    necks = [m.bottleneck.id if m.bottleneck.wait_time > 0 else None for m in c.metrics]
    out: list[str] = []

    def text(x: float, y: float, body: str, size: float = 13, **style) -> None:
        out.append(_svg_text(x, y, body, size, **style))

    def wrap(words: str, size: float, bold: bool = False) -> list[str]:
        return _lines(words, size, right - pad, bold)

    # Each map's lead time and bottleneck first, with the change of lead time.
    y = 18.0
    text(pad, y, "Lead time", 14, bold=True)
    for i, (v, m) in enumerate(zip(c.maps, c.metrics)):
        y += 20
        lead = humanize(m.lead_time, v.calendar)
        text(pad, y, f"[{i + 1}]", 12, fill=MUTED)
        text(pad + tag_w, y, lead, 13, bold=True)
        x = pad + tag_w + text_width(lead, 13, True) + 8
        mark = _mark(c.metrics[i - 1].lead_time, m.lead_time, cal) if i else None
        if mark:
            text(x, y, mark[0], 12, fill=mark[1], bold=True)
            x += text_width(mark[0], 12, True) + 8
        neck = f"bottleneck {m.bottleneck.name}" if necks[i] else "nothing waits"
        if x + text_width(neck, 12) <= right:
            text(x, y, neck, 12, fill=MUTED)
            continue
        # under the lead time, wrapped to the column (it ran past the phone's edge, cut)
        for line in cut_lines(neck, right - pad - tag_w, 12):
            y += 16
            text(pad + tag_w, y, line, 12, fill=MUTED)
    y += 16
    cuts = [(len(out), y - 2)]  # where each part of the picture for paper starts
    out.append(f'<line x1="{pad}" y1="{y:.1f}" x2="{right}" y2="{y:.1f}" stroke="{GRID}"/>')
    for k, r in enumerate(rows):
        if k:
            cuts.append((len(out), y + 2))
        y += 6
        notes = row_notes(r)
        for line in wrap(r.name, 14, True):
            y += 18
            text(pad, y, line, 14, bold=True)
        for line in wrap("; ".join(notes), 12) if notes else []:
            y += 16
            text(pad, y, line, 12, fill=MUTED)
        y += 6
        for i, (v, m) in enumerate(zip(c.maps, c.metrics)):
            wait, work = r.wait_time[i], r.process_time[i]
            text(pad, y + 13, f"[{i + 1}]", 12, fill=MUTED)
            x = pad + tag_w
            if wait is None or work is None:
                words = "—"
            elif r.on_critical_path[i] is False:
                words = "parallel, off the critical path"
            else:
                for kind, seconds in (("wait", wait), ("work", work)):
                    if seconds <= 0:
                        continue
                    w = max(seconds * scale, MIN_WORK)
                    fill = f"url(#{prefix}-wait)" if kind == "wait" else INK
                    stroke = (f' stroke="{INK}" stroke-width="2.5"' if kind == "wait"
                              and r.id == necks[i] else
                              f' stroke="{INK}" stroke-width="0.8"' if kind == "wait" else "")
                    out.append(f'<rect x="{x:.1f}" y="{y + 2:.1f}" width="{w:.1f}" height="14" '
                               f'fill="{fill}"{stroke}/>')
                    x += w
                parts = [humanize(t, v.calendar) for t in (wait, work) if t > 0]
                if r.process_time_known[i] is None:  # no bar is not no work: say so
                    parts.append(f"work {NOT_GIVEN}")
                words = " + ".join(parts) or "0"
            if x + 6 + text_width(words, 12) > right:  # past the column: on a line of its own
                y += 16
                x = pad + tag_w
            text(x + 6, y + 14, words, 12, fill=MUTED if words[0] in "—p" else INK)
            x += 6 + text_width(words, 12) + 6
            mark = _change_mark(r, i, cal)
            if mark and mark[0] not in ("new", "gone"):
                if x + text_width(mark[0], 12, True) > right:  # on a line of its own
                    y += 16
                    x = pad + tag_w + 6
                text(x, y + 14, mark[0], 12, fill=mark[1], bold=True)
            y += 20
    # The key: what the bars, the frame and the marks mean, and the maps' numbers.
    cuts.append((len(out), y + 2))
    y += 14
    out.append(f'<line x1="{pad}" y1="{y - 8:.1f}" x2="{right}" y2="{y - 8:.1f}" '
               f'stroke="{GRID}"/>')
    out.append(f'<rect x="{pad}" y="{y:.1f}" width="26" height="14" fill="url(#{prefix}-wait)" '
               f'stroke="{INK}" stroke-width="0.8"/>')
    text(pad + 32, y + 12, "waiting", 12)
    out.append(f'<rect x="{pad + 100}" y="{y:.1f}" width="26" height="14" fill="{INK}"/>')
    text(pad + 132, y + 12, "working", 12)
    out.append(f'<rect x="{pad + 200}" y="{y - 1:.1f}" width="26" height="16" fill="none" '
               f'stroke="{INK}" stroke-width="2.5"/>')
    text(pad + 232, y + 12, "bottleneck", 12)
    y += 34
    text(pad, y, "▼ shorter than in the map before: better", 12, fill=BETTER, bold=True)
    y += 18
    text(pad, y, "▲ longer: worse", 12, fill=WORSE, bold=True)
    for i, label in enumerate(c.labels):
        y += 18
        text(pad, y, f"[{i + 1}] {label}", 12, fill=MUTED)
    height = y + 8
    title = "Comparison of " + ", ".join(v.title for v in c.maps)
    pattern = (f'<pattern id="{prefix}-wait" width="{STRIPE}" height="{STRIPE}" '
               f'patternUnits="userSpaceOnUse"><rect width="{STRIPE}" height="{STRIPE}" '
               f'fill="{STRIPE_GAP}"/><rect width="{STRIPE * 0.4:g}" height="{STRIPE}" '
               f'fill="{STRIPE_INK}"/></pattern>')
    # With three maps or more, the trend after the lead times (as on paper, and under the
    # rows of the wide picture): its panels one under the other, the steps moved down by them.
    panels = _trend_panels(c) if len(c.maps) >= 3 else []
    first, at = cuts[0]
    trend, below = "", at
    for kind, _, body, tall in panels:
        trend += f'<g id="{prefix}-trend-{kind}" transform="translate(0 {below:.1f})">{body}</g>'
        below += tall
    rest = "".join(out[first:])
    if trend:
        rest = f'<g transform="translate(0 {below - at:.1f})">{rest}</g>'
    whole_h = height + below - at
    whole = (f'<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-narrow compare-chart" '
             f'id="{prefix}" viewBox="0 0 {NARROW_W:g} {whole_h:.0f}" width="{NARROW_W:g}" '
             f'height="{whole_h:.0f}" role="img" aria-labelledby="{prefix}-title {prefix}-desc" '
             f'font-family="\'DejaVu Sans\', Arial, sans-serif">'
             f'<title id="{prefix}-title">{escape(title)}</title>'
             f'<desc id="{prefix}-desc">{escape(_describe(c))}</desc>'
             f"<defs>{pattern}</defs>" + "".join(out[:first]) + trend + rest + "</svg>")
    # For paper: the same drawing in parts, each cut at a line between two parts and drawn
    # in its own box (its own pattern: one SVG cannot fill with another's).
    parts: list[str] = []
    bounds = [(0, 0.0)] + cuts + [(len(out), height)]
    for n, ((start, top), (end, bottom)) in enumerate(zip(bounds, bounds[1:])):
        body = "".join(out[start:end]).replace(f"url(#{prefix}-wait)", f"url(#{prefix}-{n}-wait)")
        label = (f' role="img" aria-labelledby="{prefix}-title {prefix}-desc"' if n == 0
                 else ' aria-hidden="true"')
        head = (f'<title id="{prefix}-title">{escape(title)}</title>'
                f'<desc id="{prefix}-desc">{escape(_describe(c))}</desc>' if n == 0 else "")
        parts.append(
            f'<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-part compare-chart" '
            f'viewBox="0 {top:.1f} {NARROW_W:g} {bottom - top:.1f}" width="{NARROW_W:g}" '
            f'height="{bottom - top:.1f}"{label} '
            f'font-family="\'DejaVu Sans\', Arial, sans-serif">{head}'
            f'<defs>{pattern.replace(f"{prefix}-wait", f"{prefix}-{n}-wait")}</defs>'
            f"{body}</svg>")
    parts[1:1] = _trend_parts(panels, prefix)  # the trend, after the lead times
    return whole, parts


def _svg_text(x: float, y: float, body: str, size: float, *, fill: str = INK,
              bold: bool = False, anchor: str = "start") -> str:
    """One line of plain SVG text, ``body`` escaped; ``y`` is its baseline."""
    from html import escape

    attrs = ' font-weight="bold"' if bold else ""
    attrs += f' text-anchor="{anchor}"' if anchor != "start" else ""
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size:g}" fill="{fill}"{attrs}>'
            f"{escape(body)}</text>")


def _hits(box: tuple[float, float, float, float], points: list[tuple[float, float, str]],
          boxes: list[tuple[float, float, float, float]]) -> bool:
    """Whether a text's box (left, top, right, bottom) touches the trend's line, one of its
    points (5 units round) or a text already placed."""
    x1, y1, x2, y2 = box
    if any(x1 < b[2] and b[0] < x2 and y1 < b[3] and b[1] < y2 for b in boxes):
        return True
    if any(x1 < px + 5 and px - 5 < x2 and y1 < py + 5 and py - 5 < y2 for px, py, _ in points):
        return True
    for (xa, ya, _), (xb, yb, _) in zip(points, points[1:]):
        lo, hi = max(xa, x1), min(xb, x2)
        if lo > hi:
            continue
        at = [ya + (yb - ya) * (x - xa) / (xb - xa) if xb != xa else ya for x in (lo, hi)]
        if min(at) < y2 and max(at) > y1:
            return True
    return False


def _trend_parts(panels: list[tuple[str, str, str, float]], prefix: str) -> list[str]:
    """The trend for paper: each of the ``panels`` of :func:`_trend_panels` its own SVG."""
    from html import escape

    return [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-part compare-chart" '
            f'viewBox="0 0 {NARROW_W:g} {height:.1f}" width="{NARROW_W:g}" '
            f'height="{height:.1f}" role="img" aria-label="{escape(label)}" '
            f'id="{prefix}-trend-{kind}" '
            f'font-family="\'DejaVu Sans\', Arial, sans-serif">{body}</svg>'
            for kind, label, body, height in panels]


def _trend_panels(c: Comparison) -> list[tuple[str, str, str, float]]:
    """The trend in the phone picture's style and width (for a phone's column and for
    paper): lead time, then flow efficiency with the 15 % line, the maps along the bottom
    ([1], [2]... over each map's whole label when every label fits its place, else the key
    names them). Text 12 px or more, like the parts it stands among. Each panel as (kind,
    what it shows in words, its SVG drawing from y = 0, its height)."""
    pad = 4.0
    right = NARROW_W - pad
    n = len(c.maps)
    cal = c.maps[0].calendar
    lead_max, fe_max = _lead_axis(c)[1], _fe_axis_max(c)  # the screen's trend's axes
    leads = [(m.lead_time, humanize(m.lead_time, v.calendar))
             for v, m in zip(c.maps, c.metrics)]
    fes = [None if m.flow_efficiency is None else (m.flow_efficiency,
                                                   format_percent(m.flow_efficiency))
           for m in c.metrics]
    panels = [("lead", "Lead time", leads, lead_max,
               [(0.0, "0"), (lead_max / 2, humanize(lead_max / 2, cal)),
                (lead_max, humanize(lead_max, cal))], None),
              ("fe", "Flow efficiency", fes, fe_max,
               [(0.0, "0"), (fe_max, format_percent(fe_max))], WASTE_THRESHOLD)]
    ticks_w = max(text_width(t, 12) for *_, ticks, _ in panels for _, t in ticks)
    x0 = pad + ticks_w + 10                      # the value axis
    ends = max(text_width(v[1], 12, True) for panel in panels for v in panel[2] if v)

    def plot(labels: list[list[str]]) -> tuple[float, float]:
        """The first and the last map's x, their values' and labels' halves inside."""
        half = [max([ends, text_width(f"[{n}]", 12)] + [text_width(x, 12) for x in ls]) / 2
                for ls in (labels[0], labels[-1])]
        return max(x0 + ends / 2 + 8, pad + half[0] + 2), right - half[1] - 2

    # The maps along the bottom: their tags, and their labels when each fits its place.
    label_lines = [_lines(lb, 12, 150.0, False) for lb in c.labels]
    plot_l, plot_r = plot(label_lines)
    slot = (plot_r - plot_l) / (n - 1)
    named = all(len(ls) <= 2 and " ".join(ls) == " ".join(lb.split())  # whole, uncut
                and all(text_width(x, 12) <= slot - 8 for x in ls)
                for lb, ls in zip(c.labels, label_lines))
    if not named:
        plot_l, plot_r = plot([[], []])
        slot = (plot_r - plot_l) / (n - 1)
    xs = [plot_l + slot * k for k in range(n)]
    tag_every = max(1, math.ceil((text_width(f"[{n}]", 12) + 6) / slot))
    parts: list[tuple[str, str, str, float]] = []
    for kind, title, values, vmax, ticks, threshold in panels:
        out: list[str] = []

        def text(x: float, y: float, body: str, size: float = 12, **style) -> None:
            out.append(_svg_text(x, y, body, size, **style))

        y = 18.0
        text(pad, y, title + " over the maps", 14, bold=True)
        if threshold is not None:
            y += 17
            text(pad, y, "- - 15 %: below it, significant waste", 12, fill=MUTED)
        top, height = y + 26, 96.0
        base = top + height

        def at(v: float) -> float:
            return base - height * (v / vmax if vmax else 0.0)

        out.append(f'<line x1="{x0:.1f}" y1="{top - 8:.1f}" x2="{x0:.1f}" y2="{base:.1f}" '
                   f'stroke="{INK}"/>')
        out.append(f'<line x1="{x0:.1f}" y1="{base:.1f}" x2="{right:.1f}" y2="{base:.1f}" '
                   f'stroke="{INK}"/>')
        for v, words in ticks:
            out.append(f'<line x1="{x0 - 4:.1f}" y1="{at(v):.1f}" x2="{x0:.1f}" '
                       f'y2="{at(v):.1f}" stroke="{INK}"/>')
            text(x0 - 6, at(v) + 4, words, anchor="end")
        if threshold is not None and threshold <= vmax:
            out.append(f'<line x1="{x0:.1f}" y1="{at(threshold):.1f}" x2="{right:.1f}" '
                       f'y2="{at(threshold):.1f}" stroke="{INK}" stroke-width="1.2" '
                       f'stroke-dasharray="6 4"/>')
        points = [(x, at(v[0]), v[1]) for x, v in zip(xs, values) if v is not None]
        if len(points) >= 2:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y, _ in points)
            out.append(f'<polyline points="{path}" fill="none" stroke="{INK}" '
                       f'stroke-width="1.8"/>')
        # Each value over its point, or under it when the line passes there; one that
        # would touch the line, a point or another value is left to the lists of the other
        # parts (the first and the last are always written).
        boxes: list[tuple[float, float, float, float]] = []
        order = [0, len(points) - 1] + list(range(1, len(points) - 1)) if points else []
        for k in dict.fromkeys(order):
            x, y, words = points[k]
            w = text_width(words, 12, True)
            spots = [(x - w / 2 - 2, y - 19, x + w / 2 + 2, y - 6),
                     (x - w / 2 - 2, y + 6, x + w / 2 + 2, y + 19)]
            spots = [b for b in spots if top - 14 <= b[1] and b[3] <= base - 1] or spots[:1]
            free = [b for b in spots if not _hits(b, points, boxes)]
            if not free and k not in (0, len(points) - 1):
                continue
            box = (free or spots)[0]
            boxes.append(box)
            text(x, box[3] - 3, words, bold=True, anchor="middle")
        for x, y, _ in points:
            if kind == "lead":
                out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{INK}"/>')
            else:
                out.append(f'<rect x="{x - 4.3:.1f}" y="{y - 4.3:.1f}" width="8.6" '
                           f'height="8.6" fill="#ffffff" stroke="{INK}" stroke-width="1.6"/>')
        y = base + 16
        bottom = y
        for k, x in enumerate(xs):
            if k % tag_every and k != n - 1:
                continue
            text(x, y, f"[{k + 1}]", fill=MUTED, anchor="middle")
            for j, line in enumerate(label_lines[k] if named else []):
                text(x, y + 15 * (j + 1), line, anchor="middle")
                bottom = max(bottom, y + 15 * (j + 1))
        parts.append((kind, f"{title} of each map, in the order given", "".join(out), bottom + 8))
    return parts
