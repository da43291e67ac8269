"""The comparison as a page in the workshop report's style: HTML, or PDF through WeasyPrint.

The picture, the story in plain words, the headline figures and every step with its
change, then each map's own diagram. Reuses the report's stylesheets, its safe SVG
inlining and its PDF printer; map text only reaches the page through Jinja's escaping.
"""
from __future__ import annotations

from typing import Any, Optional

from .compare import Comparison, narrative, row_notes, signed_duration, totals_rows
from .durations import humanize
from .report import natural_width, template_environment
from .words import change_mark

__all__ = ["compare_report", "compare_html"]

#: The least share of its natural width the comparison picture is shown at on a screen: its
#: smallest text (8.5 pt, which Graphviz writes as 8: 10.7 px at 100 %) stays 11 px; a
#: narrower column scrolls it sideways.
MIN_SHOWN = 11 / (8 * 4 / 3)


def _heading(c: Comparison) -> str:
    """The titles' common start ('Checkout team'), else the last map's title."""
    titles = [v.title for v in c.maps]
    first = titles[0]
    size = 0
    while size < len(first) and all(len(t) > size and t[size] == first[size] for t in titles):
        size += 1
    common = first[:size]
    if any(len(t) > size and t[size].isalnum() for t in titles):  # cut inside a word
        common = common[: max(common.rfind(" "), 0)]
    common = common.rstrip(" —-–:·,(").rstrip()
    if len(common) >= 4 and len(set(titles)) > 1:
        return f"{common}: how the value stream changed"
    return titles[-1] if len(set(titles)) > 1 else f"{first}: how it changed"


def _context(c: Comparison, picture: str, diagrams: list[str]) -> dict[str, Any]:
    v1 = c.maps[-1]
    maps = []
    for i, (v, m) in enumerate(zip(c.maps, c.metrics)):
        meta = " · ".join(x for x in ((v.state or "").strip(), v.date.isoformat() if v.date else "")
                          if x)
        maps.append({"title": v.title, "meta": meta, "label": c.labels[i], "diagram": diagrams[i],
                     "width_px": natural_width(diagrams[i])})
    totals = totals_rows(c)
    steps = []
    for row in c.steps:
        notes = row_notes(row)
        waits, works = [], []
        for i, (w, p, v, m) in enumerate(zip(row.wait_time, row.process_time, c.maps, c.metrics)):
            waits.append({"text": "—" if w is None else humanize(w, v.calendar), "missing": w is None,
                          "bottleneck": w is not None and m.bottleneck.id == row.id
                          and m.bottleneck.wait_time > 0})
            works.append({"text": row.process_time_text(i, "—" if p is None
                                                        else humanize(p, v.calendar)),
                          "missing": row.process_time_known[i] is None})

        def change(values: tuple[Optional[float], ...]) -> str:
            if values[0] is None or values[-1] is None:
                return ""
            return signed_duration(values[-1] - values[0], v1.calendar)

        steps.append({"name": row.name, "note": "; ".join(notes), "waits": waits, "works": works,
                      "wait_change": change(row.wait_time),
                      "work_change": change(row.process_time_known),
                      "wait_mark": change_mark(row.wait_time[0], row.wait_time[-1]),
                      "work_mark": change_mark(row.process_time_known[0],
                                               row.process_time_known[-1])})
    dates = [v.date for v in c.maps if v.date]
    span = f"{dates[0].isoformat()} to {dates[-1].isoformat()}" if len(dates) >= 2 else ""
    story = narrative(c)
    return {
        "heading": _heading(c), "maps": maps, "span": span, "planned": c.planned,
        "story": story, "description": " ".join(story), "totals": totals, "steps": steps,
        "picture": picture, "picture_width_px": natural_width(picture),
        "branched": any(m.branched for m in c.metrics),
        "process_not_given": c.process_not_given,
    }


def compare_html(c: Comparison, *, layout: str = "web", sheet: Any = None,
                 created: Optional[str] = None) -> bytes:
    """The comparison report as one self-contained HTML file (UTF-8 bytes)."""
    from markupsafe import Markup

    from .compare_chart import (DARK, INK, comparison_narrow_svg, comparison_print_svgs,
                                render_comparison)
    from .diagram import render_diagram
    from .report import inline_svg, page_css, web_map

    # On a screen the narrower, stacked picture: at a 1280 px window its smallest text is
    # 11 px or more; a narrower window scrolls it sideways rather than shrink it (screen.css).
    if layout == "web":
        picture = inline_svg(render_comparison(c, "svg", stacked=True),
                             css_class="chart compare-chart",
                             label="Lead time of each map on one time scale", id_suffix="-cmp")
        # The page shows the wide picture or, on a phone, the one drawn for it (screen.css);
        # the viewer opens the wide one full size.
        width = natural_width(picture)
        least = f"min-width:{width * MIN_SHOWN:.0f}px"
        picture = picture.replace(f'style="max-width:{width:.0f}px"',
                                  f'style="max-width:{width:.0f}px;{least}"', 1)
        picture = (picture.replace('class="chart compare-chart"',
                                   'class="chart chart-wide compare-chart"', 1)
                   + comparison_narrow_svg(c))
    else:
        # On paper the phone's picture, step by step, in parts the page may break between,
        # set in columns (handout.css): any picture as wide as the rows (855 pt or more)
        # shrank to the page printed its text at 3 to 5 pt; these print it at 8 pt or more.
        picture = ('<div class="chart-parts">'
                   + "".join(comparison_print_svgs(c)) + "</div>")
    if layout == "web":  # each map as the report's page draws it (report.web_map)
        diagrams = [Markup(web_map(v, m, suffix=f"-map{i}"))
                    for i, (v, m) in enumerate(zip(c.maps, c.metrics), 1)]
    else:
        diagrams = [Markup(inline_svg(render_diagram(v, m, "svg"), css_class="diagram",
                                      label=f"Value stream map: {v.title}", id_suffix=f"-map{i}"))
                    for i, (v, m) in enumerate(zip(c.maps, c.metrics), 1)]
    context = _context(c, Markup(picture), diagrams)
    context.update(layout=layout, sheet=sheet, created=created or "",
                   css=Markup(page_css(layout, "svg.compare-chart", DARK, INK)))
    return template_environment().get_template("compare.html.j2").render(context).encode("utf-8")


def compare_report(c: Comparison, fmt: str = "html") -> bytes:
    """The comparison report as ``html`` or ``pdf`` (an A4 landscape handout) bytes."""
    if fmt == "html":
        return compare_html(c)
    if fmt != "pdf":
        raise ValueError(f"unknown report format {fmt!r}; use html or pdf")
    from .pdf import html_to_pdf, sheet_for, source_date

    sheet, _ = sheet_for("A4", "landscape")
    html = compare_html(c, layout="handout", sheet=sheet, created=source_date(c.maps[-1]))
    return html_to_pdf(html)  # WeasyPrint runs in a child process: see vsm_draw.pdf
