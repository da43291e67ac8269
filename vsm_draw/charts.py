"""The report's inline SVG charts: waiting against working to scale, a Pareto of the waits, and
the operator balance chart (each step's process time against takt).

Plain string building in a fixed order, so the output is deterministic. Every piece of map text
is escaped; waits are hatched and work is solid, so both charts read in black and white.
"""
from __future__ import annotations

import math
from typing import Optional
from html import escape  # xml.sax.saxutils would import urllib: 15 ms at every start

from .durations import format_percent, humanize
from .metrics import Metrics
from .model import Step, ValueStreamMap
from .textwidth import wrap as cut_lines

__all__ = ["time_bar_svg", "pareto_svg", "ladder_pair_svg", "scale_pair_svg", "lead_time_histogram_svg",
           "balance_svg", "DARK"]

#: Width of both charts in SVG user units (their viewBox); the page scales them.
WIDTH = 760
#: Width of a chart drawn for a phone's column (about 340 px): its text is 12-15 px there.
NARROW = 340
_FONT = "'DejaVu Sans', 'Helvetica Neue', Arial, sans-serif"
_INK = INK = "#1b1b1b"
_MUTED = "#555555"
_WORK = "#1f4e79"
_WAIT_FILL = "#fbe7c6"
_WAIT_LINE = "#8a5a00"
_ALERT = "#9b1c1c"
_ALERT_FILL = "#f6d5d5"
#: A segment narrower than this (in user units) is drawn at this width so it stays visible.
_MIN_MARK = 2.0


def _text_width(text: str, size: float) -> float:
    """A generous estimate of the width of ``text`` in DejaVu Sans at ``size``."""
    return len(text) * size * 0.62


def _wrap(text: str, size: float, room: float) -> list[str]:
    """``text`` in lines that fit ``room`` user units, broken between words."""
    lines: list[str] = []
    for word in text.split():
        if lines and _text_width(f"{lines[-1]} {word}", size) <= room:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return lines


def _whole_words(text: str, size: float, room: float, most: int = 3) -> list[str]:
    """``text`` wrapped to ``room`` between words on at most ``most`` lines, or [] when a
    word alone is wider than ``room`` or it takes more lines: never a cut word."""
    lines = _wrap(text, size, room)
    if len(lines) > most or any(_text_width(line, size) > room for line in lines):
        return []
    return lines


def _names_under(slots: list[tuple[float, float, str]], y: float, size: float,
                 left: float, right: float, anchor: str = "start", first: int = 1
                 ) -> tuple[list[str], float, list[tuple[str, str]]]:
    """Names each slot ``(x, room, name)`` of a chart under it, in full: on its lines when
    they fit ``room``, else by a number (from ``first``) spelt out in a key (see
    :func:`_key`). A number too wide for its slot goes one row lower, with a tick up to
    the slot. With ``anchor="middle"`` x is the slot's centre. Returns the SVG, the
    height taken below the first baseline ``y`` and the key's (number, name) pairs."""
    body: list[str] = []
    key: list[tuple[str, str]] = []
    low: list[tuple[float, str]] = []  # (the slot's middle, number)
    line_h = size * 1.25
    lines_used = 1
    for x, room, name in slots:
        start = x - room / 2 if anchor == "middle" else x
        lines = _whole_words(name, size, room - 4)
        if lines:
            tx = x if anchor == "middle" else x + 2
            for k, line in enumerate(lines):
                body.append(_label(tx, y + k * line_h, line, size, anchor=anchor, fill=_MUTED))
            lines_used = max(lines_used, len(lines))
            continue
        number = str(first + len(key))
        key.append((number, name))
        if _text_width(number, size) <= room - 2:
            body.append(_label(start + room / 2, y, number, size, anchor="middle", weight="bold"))
            continue
        low.append((start + room / 2, number))
    # The numbers under their slots, each clear of the one before and inside the chart: in
    # one row, else every second one a row lower, and so on (tiny slots ending the chart
    # put them side by side back from its end, not over each other at the edge).
    rows = next(count for count in range(1, len(low) + 1)
                if all(_spread(low[r::count], size, left, right)[0] for r in range(count))) if low else 0
    low_y = y + lines_used * line_h + 4
    for r in range(rows):
        row_y = low_y + r * line_h
        for cx, (mid, number) in zip(_spread(low[r::rows], size, left, right)[1], low[r::rows]):
            body.append(f'<line x1="{mid:.2f}" y1="{y - size - 2:.2f}" x2="{cx:.2f}" '
                        f'y2="{row_y - size:.2f}" stroke="{_MUTED}" stroke-width="0.8"/>')
            body.append(_label(cx, row_y, number, size, anchor="middle", weight="bold"))
    height = (low_y + (rows - 1) * line_h - y if low else (lines_used - 1) * line_h) + size * 0.4
    return body, height, key


def _spread(numbers: list[tuple[float, str]], size: float, left: float, right: float
            ) -> tuple[bool, list[float]]:
    """Where ``numbers`` ((the slot's middle, number), left to right) stand in one row: each
    under its slot or just after the one before, then moved back left from ``right`` as far
    as the numbers after it need. Whether they fit from ``left`` on, and their centres."""
    xs, free = [], left
    for mid, number in numbers:
        half = _text_width(number, size) / 2
        xs.append(max(mid, free + half))
        free = xs[-1] + half + 4
    limit = right
    for k in range(len(xs) - 1, -1, -1):
        half = _text_width(numbers[k][1], size) / 2
        xs[k] = min(xs[k], limit - half)
        limit = xs[k] - half - 4
    return limit + 4 >= left - 0.01, xs


def _key(key: list[tuple[str, str]], x: float, y: float, room: float, size: float
         ) -> tuple[list[str], float]:
    """The numbered names of :func:`_names_under` as lines of ``1 Intake triage · 2 ...``
    from the baseline ``y``, never breaking a name within a line: a name wider than
    ``room`` has lines of its own, wrapped between words under its first word. Returns the
    SVG and the last baseline."""
    if not key:
        return [], y - size * 1.4
    body: list[str] = []
    cx = x
    for number, name in key:
        width = _text_width(f"{number} {name}", size)
        if cx > x and cx + width > x + room:
            cx, y = x, y + size * 1.4
        indent = _text_width(f"{number} ", size)
        lines = _wrap(name, size, room - indent) if width > room else [name]
        body.append(f'<text x="{cx:.2f}" y="{y:.2f}" font-size="{size:g}" fill="{_MUTED}">'
                    f'<tspan font-weight="bold" fill="{_INK}">{escape(number)}</tspan> '
                    f"{escape(lines[0])}</text>")
        for line in lines[1:]:
            y += size * 1.4
            body.append(_label(x + indent, y, line, size, fill=_MUTED))
        cx = x + room if len(lines) > 1 else cx + width + size * 1.2  # the next on a line of its own
    return body, y


def _defs(prefix: str, over_takt: bool = False) -> str:
    """The hatch pattern for waiting, and with ``over_takt`` the cross-hatch for a step over
    takt (their ids are prefixed: several charts share a page)."""
    over = (
        # Cross-hatched, so that it differs from a bar within takt in grey print too.
        f'<pattern id="{prefix}-over" width="8" height="8" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)">'
        f'<rect width="8" height="8" fill="{_ALERT_FILL}"/>'
        f'<line x1="0" y1="0" x2="0" y2="8" stroke="{_ALERT}" stroke-width="2.5"/>'
        f'<line x1="0" y1="0" x2="8" y2="0" stroke="{_ALERT}" stroke-width="2.5"/>'
        "</pattern>"
    ) if over_takt else ""
    return (
        "<defs>"
        f'<pattern id="{prefix}-wait" width="8" height="8" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)">'
        f'<rect width="8" height="8" fill="{_WAIT_FILL}"/>'
        f'<line x1="0" y1="0" x2="0" y2="8" stroke="{_WAIT_LINE}" stroke-width="3"/>'
        "</pattern>"
        + over
        + "</defs>"
    )


def _svg(prefix: str, height: float, title: str, desc: str, body: list[str],
         over_takt: bool = False, width: float = WIDTH) -> str:
    narrow = " chart-narrow" if width < WIDTH else ""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart{narrow}" id="{prefix}" '
        f'viewBox="0 0 {width:g} {height:g}" width="{width:g}" height="{height:g}" '
        f'role="img" aria-labelledby="{prefix}-title {prefix}-desc" '
        f'font-family="{_FONT}" fill="{_INK}">'
        f'<title id="{prefix}-title">{escape(title)}</title>'
        f'<desc id="{prefix}-desc">{escape(desc)}</desc>'
        + _defs(prefix, over_takt)
        + "".join(body)
        + "</svg>"
    )


def _rect(x: float, y: float, w: float, h: float, fill: str, extra: str = "") -> str:
    return (
        f'<rect x="{x:.2f}" y="{y:.2f}" width="{max(w, 0):.2f}" height="{h:.2f}" '
        f'fill="{fill}"{extra}/>'
    )


def _label(x: float, y: float, text: str, size: float = 14, anchor: str = "start",
           weight: Optional[str] = None, fill: Optional[str] = None) -> str:
    attrs = f'x="{x:.2f}" y="{y:.2f}" font-size="{size:g}"'
    if anchor != "start":
        attrs += f' text-anchor="{anchor}"'
    if weight:
        attrs += f' font-weight="{weight}"'
    if fill:
        attrs += f' fill="{fill}"'
    return f"<text {attrs}>{escape(text)}</text>"


def _legend(prefix: str, x: float, y: float) -> list[str]:
    return [
        _rect(x, y - 12, 28, 14, f"url(#{prefix}-wait)", f' stroke="{_WAIT_LINE}"'),
        _label(x + 36, y, "waiting", 14),
        _rect(x + 120, y - 12, 28, 14, _WORK),
        _label(x + 156, y, "working", 14),
    ]


def _left_out(vsm: ValueStreamMap, m: Metrics) -> str:
    """'Left out, in parallel: Frontend (3 d of slack)'; '' for a chain."""
    from .flow_words import branches_phrase

    branches = branches_phrase(vsm, m)
    return f"Left out, in parallel: {branches}" if branches else ""


def time_bar_svg(vsm: ValueStreamMap, m: Metrics, prefix: str = "vsmr-timebar",
                 width: float = WIDTH) -> str:
    """A bar drawn to scale: the whole lead time, each wait and each process time in flow order.

    A second bar below adds the waits up against the work. Widths are proportional to
    durations; a process time too short to see is drawn as a thin mark and said so. With
    parallel branches the bar follows the critical path and names the branches it leaves out.
    ``width``: the chart's width (:data:`NARROW` for a phone: headings and totals wrap).
    """
    cal = vsm.calendar
    left, right = 16.0, width - 16.0
    span = right - left
    lead = m.lead_time
    body: list[str] = []
    tiny = False

    heading = _wrap("In flow order, to scale" + (", along the critical path" if m.branched
                                                  else ""), 15, span)
    for k, line in enumerate(heading):
        body.append(_label(left, 22 + 20 * k, line, 15, weight="bold"))
    bar_y, bar_h = 34.0 + 20 * (len(heading) - 1), 44.0
    x = left
    label_row: list[str] = []
    slots: list[tuple[float, float, str]] = []
    for step in (s for s in vsm.steps if m.on_critical_path(s)):
        start = x
        for kind, seconds in (("wait", step.wait_time), ("work", step.process_time)):
            if seconds <= 0 or lead <= 0:
                continue
            seg = span * seconds / lead
            if seg < _MIN_MARK:
                tiny = True
            drawn = max(seg, _MIN_MARK)
            drawn = min(drawn, right - x) if x < right else 0.0
            fill = f"url(#{prefix}-wait)" if kind == "wait" else _WORK
            what = "waiting before" if kind == "wait" else "working in"
            share = format_percent(seconds / lead)
            body.append(
                f"<g><title>{escape(f'{what} {step.name}: {humanize(seconds, cal)} ({share})')}"
                f"</title>{_rect(x, bar_y, drawn, bar_h, fill)}</g>"
            )
            if kind == "wait":
                amount = humanize(seconds, cal)
                if _text_width(amount, 14) <= seg - 8:
                    # On a patch of the wait's colour (not a text stroke: paint-order is
                    # not honoured everywhere, WeasyPrint would hide the text under it).
                    label_row.append(_rect(x + 2, bar_y + bar_h / 2 - 11, _text_width(amount, 14) * 0.95 + 4,
                                           20, _WAIT_FILL))
                    label_row.append(
                        f'<text x="{x + 4:.2f}" y="{bar_y + bar_h / 2 + 5:.2f}" font-size="14" '
                        f'font-weight="bold">{escape(amount)}</text>'
                    )
            x += seg
        if x > start or (lead > 0 and step.wait_time + step.process_time > 0):
            slots.append((start, max(x - start, _MIN_MARK), step.name))
    body.append(
        f'<rect x="{left}" y="{bar_y}" width="{span}" height="{bar_h}" fill="none" '
        f'stroke="{_INK}" stroke-width="1"/>'
    )
    body.extend(label_row)
    # Every step named in full under its part of the bar, or by number in a key.
    names, names_h, key = _names_under(slots, bar_y + bar_h + 17, 13, left, right)
    body.extend(names)
    key_svg, key_y = _key(key, left, bar_y + bar_h + 17 + names_h + 18, span, 13)
    body.extend(key_svg)

    total_y = key_y + 41
    body.append(_label(left, total_y - 10, "In total", 15, weight="bold"))
    wait_w = span * (m.wait_time / lead) if lead > 0 else 0.0
    work_w = span - wait_w if lead > 0 else 0.0
    if 0 < work_w < _MIN_MARK:
        tiny = True
    body.append(_rect(left, total_y, wait_w, bar_h, f"url(#{prefix}-wait)"))
    if lead > 0 and m.process_time > 0:
        drawn = max(work_w, _MIN_MARK)
        body.append(_rect(right - drawn, total_y, drawn, bar_h, _WORK))
    body.append(
        f'<rect x="{left}" y="{total_y}" width="{span}" height="{bar_h}" fill="none" '
        f'stroke="{_INK}" stroke-width="1"/>'
    )
    wait_text = f"Waiting {humanize(m.wait_time, cal)}"
    work_text = f"Working {humanize(m.process_time, cal)}"
    if lead > 0:
        wait_text += f" · {format_percent(m.wait_time / lead)}"
        work_text += f" · {format_percent(m.process_time / lead)}"
    caption_y = total_y + bar_h + 22
    body.append(_label(left, caption_y, wait_text, 15, weight="bold"))
    if _text_width(wait_text + work_text, 15) + 24 > span:  # one under the other
        caption_y += 20
        body.append(_label(left, caption_y, work_text, 15, weight="bold"))
    else:
        body.append(_label(right, caption_y, work_text, 15, anchor="end", weight="bold"))

    legend_y = caption_y + 34
    body.extend(_legend(prefix, left, legend_y))
    height = legend_y + 12
    if tiny:
        note = "work too short to see is drawn as a thin line"
        if _text_width(note, 13) + 200 > span:
            height += 16
            body.append(_label(left, height, note, 13, fill=_MUTED))
            height += 4
        else:
            body.append(_label(right, legend_y, note, 13, anchor="end", fill=_MUTED))
    left_out = _left_out(vsm, m)
    if left_out:
        y = height + 6
        for line in _wrap(left_out, 13, span):
            y += 20
            body.append(_label(left, y, line, 13, fill=_MUTED))
        height = y + 8
    desc = (
        f"Lead time {humanize(lead, cal)}: {wait_text.lower()}, {work_text.lower()}."
        + (f" {left_out}." if left_out else "")
    )
    return _svg(prefix, height, "Waiting against working, drawn to scale", desc, body,
                width=width)


#: The Pareto chart shows this many waits; the rest share one last row (the trivial many).
PARETO_ROWS = 12
#: The least size of a step's name in the Pareto chart: 11 px where the page shows the chart
#: at its width or more (a column of 860 px or wider; a phone gets a chart of its own).
PARETO_NAME_MIN = 11.0


def pareto_svg(vsm: ValueStreamMap, m: Metrics, prefix: str = "vsmr-pareto",
               width: float = WIDTH, rows: int = PARETO_ROWS) -> str:
    """A Pareto chart of the waits: one bar per step that has a wait, longest first.

    Each row gives the wait and its share of the lead time, and the running total of those
    shares (the same share as the step table's), drawn as a gauge so the few waits that
    matter stand out. Beyond
    ``rows`` waits (:data:`PARETO_ROWS`), the shorter ones are added up in one last row. Narrower than
    :data:`WIDTH`, each step's name goes over its bar (see :func:`_pareto_narrow`).
    """
    cal = vsm.calendar
    waits: list = [s for s in m.top_waits if s.wait_time > 0 and m.on_critical_path(s)]
    if len(waits) > rows:
        rest = waits[rows - 1:]
        waits = waits[:rows - 1] + [
            Step(id="", name=f"{len(rest)} shorter waits", wait_time=sum(r.wait_time for r in rest))
        ]
    if width < WIDTH and waits:
        return _pareto_narrow(vsm, m, waits, prefix, width)
    name_w, gauge_w, pad = 190.0, 130.0, 8.0
    bar_x = pad + name_w + 10
    gauge_x = WIDTH - pad - gauge_w
    bar_room = gauge_x - bar_x - 150  # leaves room for the value label after the longest bar
    row_h, top = 34.0, 46.0
    body = [
        _label(pad + name_w, 24, "Wait before", 13, anchor="end", fill=_MUTED),
        _label(bar_x, 24, "Wait, share of lead time", 13, fill=_MUTED),
        _label(WIDTH - pad, 24, "Running total", 13, anchor="end", fill=_MUTED),
    ]
    if not waits:
        body.append(_label(WIDTH / 2, top + 20, "No step waits: the lead time is all work.",
                           16, anchor="middle"))
        return _svg(prefix, top + 40, "The waits by step (Pareto)", "No step waits.", body)
    longest = max(s.wait_time for s in waits)
    cumulative = 0.0
    # The names whole, all at one size: 14 on one line each, else 12 on as many lines as
    # they need; a word too long for the column makes the type smaller still, down to
    # PARETO_NAME_MIN, and a word too long even then breaks with a hyphen, as the map breaks
    # it (one "Beitragserstattungsangelegenheiten" set every name at 9, 9.7 px on the page).
    size = 14.0
    if any(_text_width(s.name, size) > name_w for s in waits):
        longest_word = max(_text_width(w, 1) for s in waits for w in s.name.split() or [" "])
        size = max(min(12.0, name_w / longest_word), PARETO_NAME_MIN)
    y = top - row_h
    extra = 0.0  # the last row's lines of name beyond its first
    for step in waits:
        y += row_h + extra
        cumulative += step.wait_time
        is_bottleneck = step.id == m.bottleneck.id
        weight = "bold" if is_bottleneck else None
        lines = (_wrap(step.name, size, name_w) if size > PARETO_NAME_MIN else
                 cut_lines(step.name, name_w, size, bold=is_bottleneck)) or [""]
        extra = (len(lines) - 1) * size * 1.2
        names = "".join(_label(pad + name_w, y + 20 + k * size * 1.2, line, size, anchor="end",
                               weight=weight) for k, line in enumerate(lines))
        body.append(f"<g><title>{escape(step.name)}</title>{names}</g>")
        width = max(bar_room * step.wait_time / longest, _MIN_MARK)
        stroke = f' stroke="{_INK}" stroke-width="{2.5 if is_bottleneck else 1}"'
        body.append(_rect(bar_x, y + 5, width, row_h - 10, f"url(#{prefix}-wait)", stroke))
        value = humanize(step.wait_time, cal)
        if m.lead_time > 0:
            value += f" · {format_percent(step.wait_time / m.lead_time)}"
        body.append(_label(bar_x + width + 8, y + 20, value, 14, weight=weight))
        share = cumulative / m.lead_time
        body.append(
            f'<rect x="{gauge_x:.2f}" y="{y + 10:.2f}" width="{gauge_w - 62:.2f}" '
            f'height="{row_h - 20:.2f}" fill="#ffffff" stroke="{_INK}" stroke-width="1"/>'
        )
        body.append(_rect(gauge_x, y + 10, (gauge_w - 62) * share, row_h - 20, _INK))
        body.append(_label(WIDTH - pad, y + 20, format_percent(share), 13, anchor="end"))
    height = y + row_h + extra + 8
    desc = "; ".join(
        f"{s.name}: {humanize(s.wait_time, cal)}" for s in waits
    )
    left_out = _left_out(vsm, m)
    for line in _wrap(left_out, 13, WIDTH - 2 * pad):
        body.append(_label(pad, height + 14, line, 13, fill=_MUTED))
        height += 20
    if left_out:
        height += 6
        desc += f". {left_out}"
    return _svg(prefix, height, "The waits by step, longest first (Pareto)", desc, body)


def _pareto_narrow(vsm: ValueStreamMap, m: Metrics, waits: list, prefix: str,
                   width: float) -> str:
    """The Pareto for a narrow column: each step's name (wrapped) over its bar, the wait and its
    share after the bar, the running total at the right of the name."""
    cal = vsm.calendar
    pad = 8.0
    right = width - pad
    bar_room = right - pad - 110  # the value label after the longest bar
    body = [_label(pad, 20, "Wait before a step, share of lead time", 13, fill=_MUTED),
            _label(right, 38, "running total", 12, anchor="end", fill=_MUTED)]
    y = 44.0
    longest = max(s.wait_time for s in waits)
    cumulative = 0.0
    for step in waits:
        cumulative += step.wait_time
        is_bottleneck = step.id == m.bottleneck.id
        weight = "bold" if is_bottleneck else None
        lines = _wrap(step.name, 14, right - pad - 64) or [""]
        for k, line in enumerate(lines):
            body.append(_label(pad, y + 14 + 18 * k, line, 14, weight=weight))
        body.append(_label(right, y + 14, format_percent(cumulative / m.lead_time), 13,
                           anchor="end"))
        y += 18 * len(lines) + 2
        bar_w = max(bar_room * step.wait_time / longest, _MIN_MARK)
        stroke = f' stroke="{_INK}" stroke-width="{2.5 if is_bottleneck else 1}"'
        body.append(_rect(pad, y, bar_w, 18, f"url(#{prefix}-wait)", stroke))
        value = humanize(step.wait_time, cal)
        if m.lead_time > 0:
            value += f" · {format_percent(step.wait_time / m.lead_time)}"
        body.append(_label(pad + bar_w + 6, y + 14, value, 13, weight=weight))
        y += 18 + 12
    desc = "; ".join(f"{s.name}: {humanize(s.wait_time, cal)}" for s in waits)
    left_out = _left_out(vsm, m)
    for line in _wrap(left_out, 13, width - 2 * pad):
        y += 18
        body.append(_label(pad, y, line, 13, fill=_MUTED))
    if left_out:
        y += 6
        desc += f". {left_out}"
    return _svg(prefix, y + 4, "The waits by step, longest first (Pareto)", desc, body,
                width=width)


_BETTER, _WORSE = "#00775a", "#b34700"
#: Each colour the charts are drawn in and its counterpart on a dark screen, on the dark
#: theme's paper (#17191d): the report's page follows the reader's dark setting and
#: repaints them (:func:`~vsm_draw.svgpost.dark_css`). The hatch and the work stay told
#: apart by pattern as well as colour.
DARK = {_INK: "#e6e6e6", _MUTED: "#b4b4b4", _WORK: "#6fa8dc", _WAIT_FILL: "#4a3a1c",
        _WAIT_LINE: "#e0a84a", _ALERT: "#ff8f85", _ALERT_FILL: "#4d2323", "#ffffff": "#17191d",
        "#cccccc": "#4a4e56", _BETTER: "#3cc79f", _WORSE: "#f2914f"}


def ladder_pair_svg(before: ValueStreamMap, mb: Metrics, after: ValueStreamMap, ma: Metrics,
                    prefix: str = "vsmr-ladders", width: float = WIDTH) -> str:
    """The lead-time ladders before and after a change, one above the other, step by step.

    Upper rungs are the waits, lower rungs the process times, as under the map; each step
    keeps its column in both (matched by id). A figure that changed is bold in the After
    ladder, with ▼ (shorter: better) or ▲ (longer: worse) in colour; totals at the right.
    Narrower than :data:`WIDTH` (a phone's column, :data:`NARROW`), the ladders wrap: a
    few steps a row, each named over its column, the totals under the last row.
    """
    from .words import change_mark

    old = {s.id: s for s in before.steps}
    # Each ladder follows its map's critical path (every step of a chain); a step on one
    # path only keeps its column, flat and marked "parallel" in the other.
    steps = [s for s in after.steps if s.id in ma.critical_path or s.id in mb.critical_path]
    narrow = width < WIDTH
    pad, rung_h = 8.0, 28.0
    if narrow:  # rows of a few steps, text at 11 px or more
        label_w, totals_w, gap, title_size = 54.0, 0.0, 6.0, 13
        per = max(1, int((width - 2 * pad - label_w) // 86))
        cw = (width - 2 * pad - label_w) / per
        size = 12.0
        groups = [steps[i:i + per] for i in range(0, len(steps), per)] or [[]]
    else:
        label_w, totals_w, gap, title_size = 64.0, 128.0, 34.0, 14
        cw = (width - 2 * pad - label_w - totals_w) / max(len(steps), 1)
        size = max(7.0, min(12.0, cw / 4.4))
        groups = [steps]
    left = pad + label_w
    body: list[str] = []
    marks: set[str] = set()  # the kinds of mark drawn: the key names only those
    top = 16.0
    key: list[tuple[str, str]] = []  # narrow: the steps named by number, spelt out below
    for group in groups:
        if narrow:  # each step named in full over its column, or by a number in the key
            slots = [(left + i * cw + cw / 2, cw - 2, s.name) for i, s in enumerate(group)]
            names, names_h, more = _names_under(slots, top + 11, 11, left, left + per * cw,
                                                anchor="middle", first=len(key) + 1)
            body += names
            key += more
            top += 11 + names_h + 2
        for title, vsm, m in (("Before", before, mb), ("After", after, ma)):
            up, low = top + size + 6, top + size + 6 + rung_h
            body.append(_label(pad, (up + low) / 2 + 5, title, title_size, weight="bold"))
            path = set(m.critical_path)
            points = [f"{left:.2f},{up if group and group[0].id in path else low:.2f}"]
            for i, step in enumerate(group):
                x = left + i * cw
                if step.id not in path:
                    points.append(f"{x + cw:.2f},{low:.2f}")
                    if i + 1 < len(group) and group[i + 1].id in path:
                        points.append(f"{x + cw:.2f},{up:.2f}")
                    # A step the change took off the path keeps its changed figures, marked:
                    # the wait over the column, the process time under it, "parallel" over
                    # the flat line between them.
                    was = old.get(step.id) if vsm is after else None
                    changed = [(value, y, change_mark(getattr(was, attr), value))
                               for value, y, attr in ((step.wait_time, up - 5, "wait_time"),
                                                      (step.process_time, low + size + 2, "process_time"))
                               if was is not None and getattr(was, attr) != value]
                    for value, y, mark in changed:
                        marks.add(mark["kind"])
                        body.append(_label(x + cw / 2, y, f"{mark['glyph']} {humanize(value, vsm.calendar)}",
                                           size, anchor="middle", weight="bold",
                                           fill=_BETTER if mark["kind"] == "better" else _WORSE))
                    body.append(_label(x + cw / 2, low - 5 if changed else low + size + 2, "parallel", size,
                                       anchor="middle", fill=_MUTED))
                    continue
                points += [f"{x + cw / 2:.2f},{up:.2f}", f"{x + cw / 2:.2f},{low:.2f}",
                           f"{x + cw:.2f},{low:.2f}"]
                if i + 1 < len(group) and group[i + 1].id in path:
                    points.append(f"{x + cw:.2f},{up:.2f}")
                was = old.get(step.id)
                source = step if vsm is after else (was or step)
                for value, y, attr in ((source.wait_time, up - 5, "wait_time"),
                                       (source.process_time, low + size + 2, "process_time")):
                    text = humanize(value, vsm.calendar)
                    cx = x + cw / 4 if attr == "wait_time" else x + 3 * cw / 4
                    mark = (change_mark(getattr(was, attr), value)
                            if vsm is after and was is not None else None)
                    if mark:
                        marks.add(mark["kind"])
                        colour = _BETTER if mark["kind"] == "better" else _WORSE
                        body.append(_label(cx, y, f"{mark['glyph']} {text}", size, anchor="middle",
                                           weight="bold", fill=colour))
                    else:
                        body.append(_label(cx, y, text, size, anchor="middle"))
            body.append(f'<polyline points="{" ".join(points)}" fill="none" stroke="{_INK}" '
                        f'stroke-width="1.5"/>')
            if not narrow:
                tx = width - pad - totals_w + 10
                body.append(_label(tx, up + 4, f"Lead time {humanize(m.lead_time, vsm.calendar)}",
                                   12, weight="bold"))
                body.append(_label(tx, low + 2, f"Process {humanize(m.process_time, vsm.calendar)}", 12))
            top += 2 * size + rung_h + gap + 8
        top += 14 if narrow else 0  # between two rows of steps
    height = top - gap + 4 - (14 if narrow else 0)
    if narrow:  # the totals under the last row
        for title, vsm, m in (("Before", before, mb), ("After", after, ma)):
            height += 20
            body.append(_label(pad, height, f"{title}: lead time {humanize(m.lead_time, vsm.calendar)}, "
                                            f"process {humanize(m.process_time, vsm.calendar)}", 13,
                               weight="bold" if vsm is after else None))
        height += 6
        for number, name in key:  # one name a line, wrapped between words, never cut
            for k, line in enumerate(_wrap(f"{number} {name}", 11, width - 2 * pad)):
                height += 15
                if k == 0:
                    line = line[len(number) + 1:]
                    body.append(f'<text x="{pad:.2f}" y="{height:.2f}" font-size="11" fill="{_MUTED}">'
                                f'<tspan font-weight="bold" fill="{_INK}">{escape(number)}</tspan> '
                                f"{escape(line)}</text>")
                else:
                    body.append(_label(pad + _text_width(f"{number} ", 11), height, line, 11,
                                       fill=_MUTED))
        if key:
            height += 6
    if marks:
        height += 16
        keys = [(key, fill) for kind, key, fill in
                (("better", "▼ shorter than before: better", _BETTER), ("worse", "▲ longer: worse", _WORSE))
                if kind in marks]
        for i, (key, fill) in enumerate(keys):
            if i and narrow:
                height += 18
            body.append(_label(pad if narrow else left + 230 * i, height, key, 12, weight="bold",
                               fill=fill))
        height += 6
    desc = (f"Before: lead time {humanize(mb.lead_time, before.calendar)}; after: "
            f"{humanize(ma.lead_time, after.calendar)}.")
    return _svg(prefix, height, "The lead-time ladders before and after the change", desc, body, width=width)


def _changed_steps(before: ValueStreamMap, after: ValueStreamMap) -> set[str]:
    """Ids of the steps whose wait or process time a what-if changed."""
    old = {s.id: s for s in before.steps}
    return {s.id for s in after.steps if s.id in old
            and (old[s.id].wait_time, old[s.id].process_time) != (s.wait_time, s.process_time)}


def _diamond(cx: float, cy: float, r: float = 5.0, fill: str = _INK) -> str:
    return (f'<path d="M{cx:.2f} {cy - r:.2f}L{cx + r:.2f} {cy:.2f}L{cx:.2f} {cy + r:.2f}'
            f'L{cx - r:.2f} {cy:.2f}Z" fill="{fill}"/>')


def scale_pair_svg(before: ValueStreamMap, mb: Metrics, after: ValueStreamMap, ma: Metrics,
                   prefix: str = "vsmr-scalepair", width: float = WIDTH) -> str:
    """The lead time before and after a change as two bars on one scale: each map's waits
    (hatched) and process times (solid) along its critical path, so the change is as long
    as the difference of the bars. A step whose figures changed has ◆ over its part.
    Narrower than :data:`WIDTH` (a phone's column), each bar takes the whole width, its
    name and lead time over it."""
    narrow = width < WIDTH
    pad = 8.0
    label_w, value_w = (0.0, 0.0) if narrow else (64.0, 96.0)
    left = pad + label_w
    span = width - left - value_w - pad
    longest = max(mb.lead_time, ma.lead_time)
    scale = span / longest if longest > 0 else 0.0
    changed = _changed_steps(before, after)
    bar_h, gap = 30.0, 40.0
    first = 40.0 if narrow else 22.0  # room over a bar for its name, on a phone
    body: list[str] = []
    over: list[str] = []  # the After bar's wait labels and marks: painted over the dashed line
    ends = []
    for k, (title, vsm, m) in enumerate((("Before", before, mb), ("After", after, ma))):
        top = first + k * (bar_h + gap + (18 if narrow else 0))
        if narrow:
            body.append(_label(pad, top - 18, f"{title}: {humanize(m.lead_time, vsm.calendar)}", 14, weight="bold"))
        else:
            body.append(_label(pad, top + bar_h / 2 + 5, title, 14, weight="bold"))
        x = left
        for step in (s for s in vsm.steps if m.on_critical_path(s)):
            start = x
            for kind, seconds in (("wait", step.wait_time), ("work", step.process_time)):
                if seconds <= 0:
                    continue
                part = seconds * scale
                drawn = max(part, _MIN_MARK)
                fill = f"url(#{prefix}-wait)" if kind == "wait" else _WORK
                what = "waiting before" if kind == "wait" else "working in"
                body.append(f"<g><title>{escape(f'{title}: {what} {step.name}: {humanize(seconds, vsm.calendar)}')}"
                            f"</title>{_rect(x, top, drawn, bar_h, fill)}</g>")
                if kind == "wait":
                    amount = humanize(seconds, vsm.calendar)
                    if _text_width(amount, 13) <= part - 8:  # on its own ground: the line passes behind
                        (over if vsm is after else body).extend((
                            _rect(x + 2, top + bar_h / 2 - 10, _text_width(amount, 13) * 0.95 + 4, 19, _WAIT_FILL),
                            _label(x + 4, top + bar_h / 2 + 5, amount, 13, weight="bold")))
                x += part
            if vsm is after and step.id in changed:
                over.append(_diamond((start + x) / 2, top - 8))
            if x > start:  # the steps' borders
                body.append(f'<line x1="{x:.2f}" y1="{top:.2f}" x2="{x:.2f}" y2="{top + bar_h:.2f}" '
                            f'stroke="{_INK}" stroke-width="0.6"/>')
        end = left + m.lead_time * scale
        ends.append(end)
        body.append(f'<rect x="{left}" y="{top}" width="{end - left:.2f}" height="{bar_h}" fill="none" '
                    f'stroke="{_INK}" stroke-width="1"/>')
        if not narrow:
            total = humanize(m.lead_time, vsm.calendar)
            tx = end + 8
            # The dashed line where the lead time ended before, just past a shorter After bar,
            # would cross its lead time: the figure moves past the line.
            if vsm is after and end + 2 < ends[0] < tx + _text_width(total, 14) + 3:
                tx = ends[0] + 6
            body.append(_label(tx, top + bar_h / 2 + 5, total, 14, weight="bold"))
    # The earlier bar's end carried down: what the change saves (or costs) is the gap.
    top = first + bar_h + gap + (18 if narrow else 0)
    start = top - 4 if narrow else first  # on a phone over the After bar only: clear of its name
    body.append(f'<line x1="{ends[0]:.2f}" y1="{start:.2f}" x2="{ends[0]:.2f}" y2="{top + bar_h + 6:.2f}" '
                f'stroke="{_MUTED}" stroke-width="1" stroke-dasharray="4 3"/>')
    body += over
    height = top + bar_h + 28
    key = "◆ a step the change made shorter or longer; one scale for both bars"
    lines = _wrap(key, 12, width - left - pad) if narrow else [key]
    for line in lines[:-1]:
        body.append(_label(left, height - 6, line, 12, fill=_MUTED))
        height += 16
    body.append(_label(left, height - 6, lines[-1], 12, fill=_MUTED))
    desc = (f"To scale: before, lead time {humanize(mb.lead_time, before.calendar)}; after, "
            f"{humanize(ma.lead_time, after.calendar)}.")
    return _svg(prefix, height + 2, "The lead time before and after the change, to one scale", desc, body,
                width=width)


def lead_time_histogram_svg(vsm: ValueStreamMap, prefix: str = "vsmr-leadtimes",
                            width: float = WIDTH) -> str:
    """The measured items' lead times (a measured map's ``measured`` record) as a histogram,
    with the median and the 85th percentile marked; the last bin holds every longer item."""
    measured = vsm.measured
    assert measured is not None and measured.histogram and measured.histogram_width
    cal = vsm.calendar
    counts = measured.histogram
    bin_s = measured.histogram_width
    left, right, top, base = 56.0, width - 16.0, 72.0, 250.0
    bin_w = (right - left) / len(counts)
    tallest = max(counts) or 1
    body = [_label(16, 22, "Items by lead time", 15, weight="bold"),
            _label(right, 22, f"{measured.items} items", 13, anchor="end", fill=_MUTED)]
    for value in sorted({tallest // 2, tallest} - {0}):  # gridlines with their counts
        y = base - (base - top) * value / tallest
        body.append(f'<line x1="{left}" y1="{y:.2f}" x2="{right}" y2="{y:.2f}" '
                    f'stroke="#cccccc" stroke-width="1"/>')
        body.append(_label(left - 6, y + 4, str(value), 12, anchor="end", fill=_MUTED))
    for i, n in enumerate(counts):
        h = (base - top) * n / tallest
        x = left + i * bin_w
        low = humanize(i * bin_s, cal)
        what = (f"{low} or more" if i == len(counts) - 1
                else f"{low} to {humanize((i + 1) * bin_s, cal)}")
        body.append(f"<g><title>{escape(f'{what}: {n} items')}</title>"
                    + _rect(x + 1, base - h, bin_w - 2, h, _WORK) + "</g>")
        # A label every few bins, far enough apart to stay readable.
        if i % max(1, round(len(counts) / 8), math.ceil(64 / bin_w)) == 0:
            body.append(_label(x, base + 18, low, 12, anchor="middle" if i else "start",
                               fill=_MUTED))
    body.append(f'<line x1="{left}" y1="{base}" x2="{right}" y2="{base}" stroke="{_INK}"/>')
    span = bin_s * len(counts)

    def y_line(name: str) -> float:
        return top - (42 if name == "median" else 26)

    marks = [(measured.lead_time_p50, "median"), (measured.lead_time_p85, "85th percentile")]
    for seconds, name in marks:
        if seconds is None:
            continue
        x = left + (right - left) * min(seconds / span, 1.0)
        body.append(f'<line x1="{x:.2f}" y1="{y_line(name)}" x2="{x:.2f}" y2="{base}" '
                    f'stroke="{_WAIT_LINE}" stroke-width="2" stroke-dasharray="5 3"/>')
        text = f"{name} {humanize(seconds, cal)}"
        anchor = "end" if x > right - _text_width(text, 13) else "start"
        y = top - (28 if name == "median" else 12)
        body.append(_label(x + (4 if anchor == "start" else -4), y, text, 13, anchor=anchor,
                           weight="bold", fill=_WAIT_LINE))
    note_y = base + 40
    for line in _wrap("lead time of an item: its first status change to its last entry into "
                      "done", 12, right - left):
        body.append(_label(left, note_y, line, 12, fill=_MUTED))
        note_y += 16
    desc = (f"Lead times of {measured.items} items: median "
            f"{humanize(measured.lead_time_p50 or 0, cal)}, 85th percentile "
            f"{humanize(measured.lead_time_p85 or 0, cal)}; bins of {humanize(bin_s, cal)}: "
            + ", ".join(str(n) for n in counts) + ".")
    return _svg(prefix, note_y - 4, "How long items took, end to end", desc, body, width=width)


def balance_svg(vsm: ValueStreamMap, m: Metrics, prefix: str = "vsmr-balance",
                width: float = WIDTH) -> Optional[str]:
    """The operator balance chart: one bar per step of its process time, the takt line across.

    A step above takt cannot keep pace with demand: its bar is cross-hatched and outlined
    heavily (not only coloured) and labelled "over takt". None when the map has no takt time.
    Narrower than :data:`WIDTH`, the bars lie across, each under its step's name.
    """
    takt = m.takt_time
    if takt is None:
        return None
    if width < WIDTH:
        return _balance_narrow(vsm, m, takt, prefix, width)
    cal = vsm.calendar
    steps = vsm.steps
    left, right = 16.0, WIDTH - 16.0
    top, plot_h = 64.0, 210.0
    base = top + plot_h
    highest = max([takt, *(s.process_time for s in steps)])
    scale = plot_h / (highest * 1.12)
    slot = (right - left) / len(steps)
    bar_w = min(slot * 0.62, 90.0)
    name_size = 13.0 if slot >= 70 else 11.0
    body = [_label(left, 22, "Each step's process time against takt", 15, weight="bold")]
    # The legend: within takt, over takt, the takt line.
    body += [
        _rect(left, 34, 28, 14, _WORK),
        _label(left + 36, 46, "within takt", 14),
        _rect(left + 140, 34, 28, 14, f"url(#{prefix}-over)", f' stroke="{_ALERT}" stroke-width="2"'),
        _label(left + 176, 46, "over takt", 14),
        f'<line x1="{left + 280}" y1="41" x2="{left + 312}" y2="41" stroke="{_INK}" '
        'stroke-width="2.5" stroke-dasharray="7 4"/>',
        _label(left + 320, 46, f"takt {humanize(takt, cal)}", 14),
    ]
    takt_y = base - takt * scale
    slots: list[tuple[float, float, str]] = []
    people_row: list[tuple[float, float, str]] = []
    for i, step in enumerate(steps):
        cx = left + slot * (i + 0.5)
        height = step.process_time * scale
        over = step.id in m.over_takt
        value = humanize(step.process_time, cal)
        tip = f"{step.name}: {value}" + (" (over takt)" if over else "")
        if over:
            bar = _rect(cx - bar_w / 2, base - height, bar_w, height, f"url(#{prefix}-over)",
                        f' stroke="{_ALERT}" stroke-width="2.5"')
        else:
            bar = _rect(cx - bar_w / 2, base - max(height, 0), bar_w, height, _WORK)
        body.append(f"<g><title>{escape(tip)}</title>{bar}</g>")
        label_y = base - height - 8
        fill = _ALERT if over else None
        if not over and abs(label_y - 5 - takt_y) < 12:  # the value would sit on the takt line
            if height > 26:
                label_y, fill = base - height + 18, "#ffffff"  # inside the top of its bar
            else:
                label_y = takt_y - 8
        body.append(_label(cx, label_y, value, 13, anchor="middle",
                           weight="bold" if over else None, fill=fill))
        if over:
            body.append(_label(cx, label_y - 16, "over takt", 12, anchor="middle",
                               weight="bold", fill=_ALERT))
        slots.append((cx, slot, step.name))
        if step.people:
            people_row.append((cx, slot, f"{step.people:g} {'person' if step.people == 1 else 'people'}"))
    body.append(f'<line x1="{left:.2f}" y1="{takt_y:.2f}" x2="{right:.2f}" y2="{takt_y:.2f}" '
                f'stroke="{_INK}" stroke-width="2.5" stroke-dasharray="7 4"/>')
    body.append(f'<line x1="{left:.2f}" y1="{base:.2f}" x2="{right:.2f}" y2="{base:.2f}" '
                f'stroke="{_INK}" stroke-width="1"/>')
    # Every step named in full under its bar (or by number in a key), then its people.
    names, names_h, key = _names_under(slots, base + 18, name_size, left, right, anchor="middle")
    body.extend(names)
    y = base + 18 + names_h
    people, people_h, people_key = _names_under(people_row, y + 14, 11, left, right,
                                                anchor="middle", first=len(key) + 1)
    body.extend(people)
    y += 14 + people_h if people_row else 0
    key_svg, y = _key(key + people_key, left, y + 20, right - left, 11)
    body.extend(key_svg)
    height = y + 14
    return _svg(prefix, height, "Operator balance: process time against takt",
                _balance_desc(vsm, m, takt), body, over_takt=True)


def _balance_desc(vsm: ValueStreamMap, m: Metrics, takt: float) -> str:
    cal = vsm.calendar
    if m.over_takt:
        return (f"Takt {humanize(takt, cal)}; over it: " + ", ".join(
            f"{s.name} ({humanize(s.process_time, cal)})" for s in vsm.steps
            if s.id in m.over_takt))
    return f"Takt {humanize(takt, cal)}; every step keeps pace."


def _balance_narrow(vsm: ValueStreamMap, m: Metrics, takt: float, prefix: str,
                    width: float) -> str:
    """The operator balance for a narrow column: one bar across per step, under its name (and
    people), the takt a dashed line down through the bars."""
    cal = vsm.calendar
    pad = 8.0
    right = width - pad
    highest = max([takt, *(s.process_time for s in vsm.steps)])
    # The value (and "over takt", bold) after the longest bar.
    room = right - pad - 8 - max(_text_width(humanize(s.process_time, cal)
                                             + (" · over takt" if s.id in m.over_takt else ""),
                                             13) * 1.08 for s in vsm.steps)
    scale = room / highest
    body = [_label(pad, 20, "Each step's process time", 15, weight="bold"),
            _label(pad, 38, "against takt", 15, weight="bold"),
            _rect(pad, 50, 28, 14, _WORK), _label(pad + 36, 62, "within takt", 13),
            _rect(pad + 130, 50, 28, 14, f"url(#{prefix}-over)",
                  f' stroke="{_ALERT}" stroke-width="2"'),
            _label(pad + 166, 62, "over takt", 13),
            f'<line x1="{pad}" y1="80" x2="{pad + 28}" y2="80" stroke="{_INK}" '
            'stroke-width="2.5" stroke-dasharray="7 4"/>',
            _label(pad + 36, 85, f"takt {humanize(takt, cal)}", 13)]
    y = 100.0
    top = y
    for step in vsm.steps:
        over = step.id in m.over_takt
        name = step.name + (f" · {step.people:g} {'person' if step.people == 1 else 'people'}"
                            if step.people else "")
        for line in _wrap(name, 13, right - pad):
            y += 17
            body.append(_label(pad, y, line, 13))
        y += 5
        bar_w = max(step.process_time * scale, _MIN_MARK if step.process_time > 0 else 0)
        value = humanize(step.process_time, cal)
        tip = f"{step.name}: {value}" + (" (over takt)" if over else "")
        if over:
            bar = _rect(pad, y, bar_w, 18, f"url(#{prefix}-over)",
                        f' stroke="{_ALERT}" stroke-width="2.5"')
        else:
            bar = _rect(pad, y, bar_w, 18, _WORK)
        body.append(f"<g><title>{escape(tip)}</title>{bar}</g>")
        text = value + (" · over takt" if over else "")
        x = pad + bar_w + 6
        takt_x = pad + takt * scale
        if x < takt_x + 4 < x + _text_width(text, 13):  # clear of the takt line
            x = takt_x + 6
        body.append(_label(x, y + 14, text, 13, weight="bold" if over else None,
                           fill=_ALERT if over else None))
        y += 18 + 8
    takt_x = pad + takt * scale
    body.append(f'<line x1="{takt_x:.2f}" y1="{top:.2f}" x2="{takt_x:.2f}" y2="{y:.2f}" '
                f'stroke="{_INK}" stroke-width="2.5" stroke-dasharray="7 4"/>')
    body.append(f'<line x1="{pad}" y1="{top:.2f}" x2="{pad}" y2="{y:.2f}" stroke="{_INK}" '
                'stroke-width="1"/>')
    return _svg(prefix, y + 6, "Operator balance: process time against takt",
                _balance_desc(vsm, m, takt), body, over_takt=True, width=width)
