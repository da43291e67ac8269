"""The workshop report as one self-contained HTML document (model and metrics in, bytes out).

Map text is data: the Jinja environment escapes everything and fails on undefined names, and
the diagram's SVG is re-serialised with anything that could run or fetch removed. The same
HTML, with a paged stylesheet, is what :mod:`vsm_draw.pdf` prints.
"""
from __future__ import annotations

import datetime as _dt
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Optional

from .charts import DARK as CHART_DARK, INK as CHART_INK
from .charts import (NARROW, PARETO_ROWS, WIDTH, balance_svg, ladder_pair_svg, lead_time_histogram_svg,
                     pareto_svg, scale_pair_svg, time_bar_svg)
from .declared import declared_checks
from .durations import format_number, format_percent, humanize, humanize_as, humanize_range
from .flow_words import branches_phrase, rework_sentence, slack_sentence
from .metrics import Metrics, metrics as compute_metrics
from .model import Step, ValueStreamMap
from .screens import PHONE_COLUMN, WEB_PHONE_SCREEN
from .words import (NO_PROCESS_TIME, NOT_GIVEN, UNKNOWN, benchmark_sentence, complete_accurate_given,
                    flow_figures, gives_complete_accurate, gives_process_time, rolled_complete_accurate_text,
                    threshold_sentence)
from .words import STATISTIC_WORDS, measured_caption, measured_window

__all__ = ["Sheet", "LAYOUTS", "report_html", "report_context", "last_time_context",
           "inline_svg", "natural_width", "slice_pages", "asset", "template_environment",
           "keep_figures_whole", "web_map", "page_css"]

#: ``web``: the responsive HTML file; ``handout``: paged, several sheets; ``poster``: one sheet.
LAYOUTS = ("web", "handout", "poster")

_TEMPLATES = "vsm_draw.templates"
_CSS = {
    "web": ("report.css", "screen.css"),
    "handout": ("fonts.css", "report.css", "handout.css"),
    "poster": ("fonts.css", "report.css", "poster.css"),
}
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")
_NAMED_STATES = {"current", "future", "ideal"}
_PRINT_SIZE = re.compile(r"(A[0-4]|letter|tabloid) (portrait|landscape)")


@dataclass(frozen=True)
class Sheet:
    """A printed page: its CSS size (``"A4 landscape"``), its size in mm, and the type scale.

    ``diagram_size`` is the CSS size of the handout page that holds the diagram.
    """

    size: str
    diagram_size: str
    width_mm: float
    height_mm: float
    margin_mm: float
    font_pt: float


# --- small formatting helpers -----------------------------------------------------------

def _date_text(day: _dt.date) -> str:
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def _next_quarter(day: _dt.date) -> str:
    month = day.month + 3
    year = day.year + (month - 1) // 12
    return f"{_MONTHS[(month - 1) % 12]} {year}"


def _join(items: list[Any]) -> Any:
    """'a', 'a and b', 'a, b and c' (items may be Markup: joined safely)."""
    from markupsafe import Markup

    if len(items) <= 1:
        return Markup("").join(items)
    return Markup(", ").join(items[:-1]) + Markup(" and ") + items[-1]


def _owners(vsm: ValueStreamMap) -> list[str]:
    seen: list[str] = []
    for step in vsm.steps:
        if step.owner and step.owner not in seen:
            seen.append(step.owner)
    return seen


# --- the diagram, made safe to inline ---------------------------------------------------

_SVG_NS = "http://www.w3.org/2000/svg"
_XLINK_NS = "http://www.w3.org/1999/xlink"
_DROP_TAGS = {"script", "foreignObject", "iframe", "object", "embed", "audio", "video",
              "handler", "listener", "set", "animate", "animateMotion", "animateTransform"}
_HREF = {"href", f"{{{_XLINK_NS}}}href"}
_URL_IN_STYLE = re.compile(r"url\(\s*['\"]?\s*(?!#)", re.IGNORECASE)


def _register_namespaces() -> None:
    """Serialise SVG with its default namespace and ``xlink:`` (not ``ns0:``, unknown to HTML)."""
    ET.register_namespace("", _SVG_NS)
    ET.register_namespace("xlink", _XLINK_NS)


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1]


def _clean(element: ET.Element) -> None:
    for child in list(element):
        if not isinstance(child.tag, str) or _local(child.tag) in _DROP_TAGS:
            element.remove(child)
            continue
        if _local(child.tag) in ("image", "use") and not _safe_href(child):
            element.remove(child)
            continue
        _clean(child)
    for name in list(element.attrib):
        value = element.attrib[name]
        local = _local(name).lower()
        if local.startswith("on") or (name in _HREF and not _safe_ref(element, value)):
            del element.attrib[name]
        elif _URL_IN_STYLE.search(value):
            del element.attrib[name]


def _safe_ref(element: ET.Element, value: str) -> bool:
    value = value.strip()
    if value.startswith("#"):
        return True
    return _local(element.tag) == "image" and value.startswith("data:image/")


def _safe_href(element: ET.Element) -> bool:
    refs = [element.attrib[n] for n in _HREF if n in element.attrib]
    return bool(refs) and all(_safe_ref(element, r) for r in refs)


def inline_svg(svg: bytes | str, *, css_class: str, label: str, id_suffix: str = "") -> str:
    """An SVG document as an element to inline in HTML, with nothing that can run or fetch.

    Drops the XML declaration, doctype and comments; removes scripts, foreign objects,
    event attributes and every reference that does not stay inside the picture; makes it
    scale with its box (its natural width becomes the CSS ``max-width``). ``id_suffix``
    is added to every id and every reference to one, for pages holding several pictures.
    """
    _register_namespaces()
    root = ET.fromstring(svg.encode("utf-8") if isinstance(svg, str) else svg)
    if _local(root.tag) != "svg":
        raise ValueError("the diagram is not an SVG document")
    _clean(root)
    if id_suffix:
        _suffix_ids(root, id_suffix)
    width = _css_px(root.attrib.pop("width", ""))
    height = _css_px(root.attrib.pop("height", ""))
    if "viewBox" not in root.attrib and width and height:
        root.set("viewBox", f"0 0 {width:g} {height:g}")
    # A class of its own (an ``auto`` picture's, which its style selects) is kept.
    root.set("class", " ".join(filter(None, (root.get("class"), css_class))))
    root.set("role", "img")
    root.set("aria-label", label)
    root.set("preserveAspectRatio", "xMidYMid meet")
    if width:
        root.set("style", f"max-width:{width:.0f}px")
    return ET.tostring(root, encoding="unicode", short_empty_elements=True)


def slice_pages(plan: Any, label: str, date: Optional[_dt.date] = None,
                margin_mm: float = 0.0) -> dict[str, Any]:
    """A handout's map pages from a :class:`~vsm_draw.pages.SlicePlan`: each slice drawn
    (Graphviz: call this in the parent process, never in WeasyPrint's) and made safe to
    inline, with its heading, its printed size in mm, whether it opens a page (several
    short slices share one) and whether it opens, is in or closes a row of slices side by
    side. ``margin_mm`` is the margin of those pages."""
    from .diagram import render_scene
    from .pages import MM

    parts = []
    count = len(plan.slices)
    opens = {page[0] for page in plan.pages} if plan.pages else set(range(count))
    for k, cut in enumerate(plan.slices, 1):
        svg = inline_svg(render_scene(cut.scene, "svg", date=date), css_class="diagram map-slice",
                         label=f"{label}, part {k} of {count}", id_suffix=f"-part{k}")
        width_mm = cut.scene.width * plan.scale_of(k - 1) / MM
        height_mm = cut.scene.height * plan.scale_of(k - 1) / MM
        svg = re.sub(r'style="max-width:[0-9.]+px"',
                     f'style="width:{width_mm:.1f}mm;height:{height_mm:.1f}mm"', svg, count=1)
        # Slices side by side (plan.beside: each beside the one before) share a row of their
        # own, each its own width, its heading wrapped over it.
        beside, after = k - 1 in plan.beside, k in plan.beside
        parts.append({"svg": svg, "first": cut.first, "last": cut.last, "steps": cut.steps,
                      "heading": cut.heading, "opens_page": k - 1 in opens,
                      "opens_row": after and not beside, "closes_row": beside and not after,
                      "in_row": beside or after, "width_mm": round(width_mm, 1)})
    return {"orientation": plan.orientation, "data_pt": round(plan.data_pt, 1), "parts": parts,
            "margin_mm": margin_mm}


#: The share of a poster's height its map takes when no plan says (see :mod:`vsm_draw.poster`).
POSTER_MAP_SHARE = 0.6

#: What follows the map of a two-page poster, in the rows of its sheet's grid (poster.css),
#: landscape and portrait: the charts; the story beside the steps; the ideas and how to read
#: the map. In this order unless some of it flows under a map that leaves room on the first
#: page (see :func:`vsm_draw.pdf._flow_order`): then what fits there comes first.
POSTER_GROUPS = ("charts", "story", "ideas")
_POSTER_ROWS = {
    "landscape": {"charts": ("time time time",),
                  "story": ("bottleneck steps steps", "lasttime steps steps"),
                  "ideas": ("ideas howto howto",)},
    "portrait": {"charts": ("time time time",),
                 "story": ("bottleneck steps steps", "lasttime steps steps", "ideas steps steps"),
                 "ideas": ("howto howto howto",)},
}
#: The sections in each of those groups (their boxes measure it), landscape and portrait.
POSTER_GROUP_SECTIONS = {
    "landscape": {"charts": ("time",), "story": ("bottleneck", "last-time", "steps"),
                  "ideas": ("ideas", "howto")},
    "portrait": {"charts": ("time",), "story": ("bottleneck", "last-time", "ideas", "steps"),
                 "ideas": ("howto",)},
}


def poster_flow_areas(order: tuple[str, ...], portrait: bool) -> list[str]:
    """The rows of a two-page poster's grid after its map, its groups (:data:`POSTER_GROUPS`)
    in ``order`` (on a portrait sheet the ideas go beside the steps, as the story does)."""
    rows = _POSTER_ROWS["portrait" if portrait else "landscape"]
    if sorted(order) != sorted(POSTER_GROUPS):
        raise ValueError(f"a poster's groups in some order, not {order!r}")
    return [row for group in order for row in rows[group]]


def poster_groups_selector(groups: tuple[str, ...], portrait: bool) -> str:
    """The CSS selector of the sections of a poster's ``groups`` (:data:`POSTER_GROUPS`)."""
    sections = POSTER_GROUP_SECTIONS["portrait" if portrait else "landscape"]
    return ", ".join(f".layout-poster .{name}" for group in groups for name in sections[group])


_ID_LISTS = {"aria-labelledby", "aria-describedby"}


def _suffix_ids(root: ET.Element, suffix: str) -> None:
    """Give every id in a copy of a picture a suffix, and follow it in every reference."""
    ids = {el.get("id") for el in root.iter() if el.get("id")}

    def ref(match: re.Match) -> str:
        name = match.group(1)
        return f"url(#{name}{suffix})" if name in ids else match.group(0)

    for el in root.iter():
        for name, value in el.attrib.items():
            local = _local(name)
            if local == "id":
                el.set(name, value + suffix)
            elif local in _ID_LISTS:
                el.set(name, " ".join(v + suffix if v in ids else v for v in value.split()))
            elif name in _HREF and value.startswith("#") and value[1:] in ids:
                el.set(name, value + suffix)
            elif "url(#" in value:
                el.set(name, re.sub(r"url\(#([^)]+)\)", ref, value))


def _aspect(svg: str) -> float:
    """Height over width of an inline SVG, from its viewBox (1 when it has none)."""
    box = re.search(r'viewBox="([^"]+)"', svg[:2000])
    values = [float(v) for v in box.group(1).replace(",", " ").split()] if box else []
    return values[3] / values[2] if len(values) == 4 and values[2] > 0 else 1.0


def natural_width(svg: str) -> float:
    """The CSS px width an inline SVG has at 100 % (its ``max-width``, else its viewBox)."""
    found = re.search(r'max-width:\s*([0-9.]+)px', svg[:4000])
    if found:
        return float(found.group(1))
    box = re.search(r'viewBox="([^"]+)"', svg[:4000])
    values = [float(v) for v in box.group(1).replace(",", " ").split()] if box else []
    return values[2] * 4 / 3 if len(values) == 4 else 1000.0


def _css_px(length: str) -> Optional[float]:
    match = re.fullmatch(r"\s*([0-9.]+)\s*(pt|px)?\s*", length or "")
    if not match:
        return None
    value = float(match.group(1))
    return value * 4 / 3 if match.group(2) == "pt" else value


# --- what the report says -----------------------------------------------------------------

def _story(vsm: ValueStreamMap, m: Metrics) -> list[Any]:
    """The bottleneck in plain words, with this map's figures (paragraphs of safe Markup)."""
    from markupsafe import Markup

    cal = vsm.calendar
    if m.lead_time <= 0:
        return [Markup("This map has no durations yet: give its steps a <code>wait_time</code> "
                       "and a <code>process_time</code> to see where the time goes.")]
    path = _path_steps(vsm, m)
    waits = [s for s in path if s.wait_time > 0]
    if not waits:
        longest = max(path, key=lambda s: s.process_time)
        return [Markup("Nothing waits on this map: the whole lead time of <strong>{}</strong> is "
                       "work. The longest step is <strong>{}</strong> ({}); shorten it, or split "
                       "it, to shorten the lead time.").format(
                           humanize(m.lead_time, cal), longest.name,
                           humanize(longest.process_time, cal))]
    shown = [s for s in waits if s in _path_waits(vsm, m)[:3]]
    parts = [Markup("<strong>{}</strong> before {}").format(humanize(s.wait_time, cal), s.name)
             for s in shown]
    rest = [s for s in waits if s not in shown]
    tail = Markup("")
    if rest:
        tail = Markup(" (and {} shorter {}, {} in all)").format(
            len(rest), "wait" if len(rest) == 1 else "waits",
            humanize(sum(s.wait_time for s in rest), cal))
    along = Markup(", along the critical path,") if m.branched else Markup("")
    first = Markup("The work itself{} takes <strong>{}</strong>, then waits {}{}.").format(
        along, humanize(m.process_time, cal), _join(parts), tail)
    b = m.bottleneck
    reason = Markup(" ({})").format(b.wait_reason) if b.wait_reason else Markup("")
    on_path = Markup(" on the critical path") if m.branched else Markup("")
    second = Markup(
        "The longest wait{} is before <strong>{}</strong>: <strong>{}</strong>, {} of the lead "
        "time{}. Fix that flow first; speeding up any other step does not shorten the lead "
        "time as much.").format(on_path, b.name, humanize(b.wait_time, cal),
                                format_percent(b.wait_time / m.lead_time), reason)
    paragraphs = [first, second]
    if m.branched:
        paragraphs.append(Markup("{}").format(slack_sentence(vsm, m)))
    if m.loops:
        paragraphs.append(Markup("{}").format(rework_sentence(vsm, m)))
    if b.informal_wait:
        paragraphs.append(Markup("It is an <strong>invisible queue</strong>: no tool shows it, "
                                 "so nobody sees it grow. Make it visible first."))
    return paragraphs


def _path_steps(vsm: ValueStreamMap, m: Metrics) -> list[Step]:
    """The steps on the critical path (every step of a chain), in flow order."""
    return [s for s in vsm.steps if m.on_critical_path(s)]


def _path_waits(vsm: ValueStreamMap, m: Metrics) -> list[Step]:
    """The waits on the critical path, longest first (flow order on a tie)."""
    return [s for s in m.top_waits if m.on_critical_path(s)]


def _takt_note(vsm: ValueStreamMap, takt: float) -> str:
    """How the takt time comes about, in words: '15.3 h available a day ÷ 920 items a day =
    60 s'. Both over the demand's period (a working day under a working calendar); the map's
    raw rates ('55200s/day ÷ 920/day') read as code."""
    assert vsm.available_time is not None and vsm.demand is not None
    cal = vsm.calendar
    period = vsm.demand.period
    available = vsm.available_time.per_second * period
    minutes = available / 60
    if available >= 3600 and abs(minutes - round(minutes)) < 1e-6:
        # Working time as a shift plan says it: "15 h 20 min", never "0.6 d" of a 24 h day.
        hours, rest = divmod(round(minutes), 60)
        time = f"{hours} h" + (f" {rest} min" if rest else "")
    elif available >= 3600:
        time = f"{format_number(available / 3600)} h"
    else:
        time = humanize(available, cal)
    items = vsm.demand.amount
    count = f"{items:,.0f}" if abs(items - round(items)) < 1e-9 else format_number(items, 2)
    noun = "item" if count == "1" else "items"
    day = "working day" if cal.is_working else "day"
    named = {cal.day: f"a {day}", cal.week: f"a {'working ' if cal.is_working else ''}week",
             3600.0: "an hour", 60.0: "a minute"}
    each = next((words for seconds, words in named.items() if abs(period - seconds) < 1e-6),
                f"every {humanize(period, cal)}")
    # A line may end after "available", "÷" or before "=", never inside "a day" or "920 items".
    each, nb = each.replace(" ", "\u00a0"), "\u00a0"
    return f"{time} available {each} ÷ {count}{nb}{noun}{nb}{each} ={nb}{humanize(takt, cal)}"


def _figures(vsm: ValueStreamMap, m: Metrics) -> list[dict[str, Any]]:
    cal = vsm.calendar
    process_note = f"active work; value-adding {humanize(m.value_added_time, cal)}"
    if m.branched:
        process_note += f"; {humanize(m.total_process_time, cal)} with the parallel work"
    process, flow, rating = flow_figures(vsm, humanize(m.process_time, cal),
                                         format_percent(m.flow_efficiency), m.rating)
    if process == NOT_GIVEN:
        process_note = NO_PROCESS_TIME
    figures = [
        {"key": "lead", "label": "Lead time", "value": humanize(m.lead_time, cal),
         "note": "from start to end, waits included"
                 + (", along the critical path" if m.branched else "")},
        {"key": "process", "label": "Process time", "value": process, "note": process_note},
        {"key": "wait", "label": "Wait time", "value": humanize(m.wait_time, cal),
         "note": "work sits idle"},
        {"key": "flow", "label": "Flow efficiency", "value": flow, "note": rating},
    ]
    if m.loops:
        figures.insert(1, {
            "key": "rework", "label": "Lead time with rework",
            "value": humanize(m.lead_time_with_rework, cal),
            "note": f"expected; rework adds {humanize_as(m.rework_cost, m.lead_time, cal)} to "
                    f"{humanize(m.lead_time, cal)}"})
    if m.takt_time is not None and vsm.available_time and vsm.demand:
        figures.append({"key": "takt", "label": "Takt time", "value": humanize(m.takt_time, cal),
                        "note": _takt_note(vsm, m.takt_time)})
    given = complete_accurate_given(vsm)
    figures.append({"key": "ca", "label": "Rolled %C&A",
                    "value": rolled_complete_accurate_text(vsm, m.rolled_complete_accurate),
                    "note": ("passes every step right first time" if given
                             else "no step gives its %C&A")})
    # A value over six characters prints smaller to stay in its box; the figures that are
    # numbers then all take that size, or "123.2 d" would look less than "16.1 d" beside it.
    numbers = [f for f in figures if f["value"][:1].isdigit()]
    long_number = any(len(f["value"]) > 6 for f in numbers)
    for f in figures:
        f["long"] = len(f["value"]) > 6 or (long_number and f in numbers)
    return figures


def _wait_row(step: Step, m: Metrics, vsm: ValueStreamMap) -> dict[str, Any]:
    # One share per wait everywhere (table, Pareto, longest waits): the wait over the lead time.
    share = step.wait_time / m.lead_time if m.lead_time > 0 else None
    given = gives_complete_accurate(step)
    return {
        "step": step,
        "wait": humanize(step.wait_time, vsm.calendar),
        "process": humanize(step.process_time, vsm.calendar) if gives_process_time(step) else UNKNOWN,
        "ca": format_percent(step.complete_accurate) if given else UNKNOWN,
        "share_pct": f"{100 * share:.1f}" if share is not None else "0",
        "wait_share": format_percent(share),
        "inventory": None if step.inventory is None else f"{step.inventory:,.0f}",
        "bottleneck": step.id == m.bottleneck.id and step.wait_time > 0,
        "parallel": not m.on_critical_path(step),
        "slack": humanize(m.slack_of(step), vsm.calendar),
        "visits": f"{m.visits_of(step):.2f}" if m.visits_of(step) != 1 else "",
        "over_takt": bool(m.is_over_takt(step)),
        # A what-if's figure before the change (see mark_changed_rows), "" when unchanged.
        "wait_was": "", "process_was": "", "ca_was": "",
    }


def _plan_words(state: str, whatif: bool) -> str:
    """"A future state" (or ideal), "A what-if", or "" for a map of the stream as it runs."""
    if state.lower() in ("future", "ideal"):
        return f"A {state.lower()} state"
    return "A what-if" if whatif else ""


#: (row key, Step field) of the step table's figures a what-if may change.
_CHANGEABLE = (("wait", "wait_time"), ("process", "process_time"), ("ca", "complete_accurate"))


def mark_changed_rows(rows: list[dict[str, Any]], before: ValueStreamMap) -> bool:
    """Give each figure of ``rows`` that differs from the step in ``before`` (a what-if's map
    before its changes) its old text under ``"<key>_was"``, so the table shows it ghosted
    beside the new one as the diagram does (``35 d ◆ 7 d``); whether any figure changed.
    The table printed the changed map's figures like measured ones, nothing said which."""
    old_steps = {s.id: s for s in before.steps}
    before_metrics = compute_metrics(before)
    marked = False
    for row in rows:
        old = old_steps.get(row["step"].id)
        if old is None:
            continue
        was = _wait_row(old, before_metrics, before)
        for key, field in _CHANGEABLE:
            if getattr(old, field) != getattr(row["step"], field) and was[key] != row[key]:
                row[f"{key}_was"] = was[key]
                marked = True
    return marked


#: How to read the classic notation's symbols, each shown when the map draws it (the same
#: symbols as the diagram's key, ``render --legend``, in longer words).
SYMBOL_WORDS = (
    ("fifo", "FIFO lane", "Two rails with \"FIFO\" between them where the triangle would be: work "
     "waits in arrival order, never more than its \"max\"."),
    ("pull", "Supermarket and pull arrow", "Shelves open towards the process that fills them; the "
     "next process withdraws what it needs (the circular arrow) instead of being pushed work."),
    ("kanban", "Kanban post", "Beside a supermarket: kanban cards, not a schedule, say what to "
     "replenish."),
    ("truck", "Truck", "A delivery to or from the plant, with its rhythm."),
    ("data", "Data box", "Under the supplier or customer: what they order and how."),
    ("operator", "Operator", "The people who work in a step, with their count."),
    ("over_takt", "\"> takt\"", "The step's process time is above takt: it cannot keep pace with "
     "demand. Its P/T row is white on black and its ladder rung heavy."),
    ("branch", "Branch", "Steps that run in parallel, off the critical path, are drawn in a lane under the "
     "process row with thin flow lines; their data box shows their slack."),
    ("electronic", "Lightning bolt", "On an information arrow: the information flows "
     "electronically (a system, e-mail, an order file), not on paper or by word of mouth."),
    ("go_see", "Eyeglasses", "On an information arrow: go see. Someone walks over and looks to "
     "decide what to do next; no schedule or signal tells them."),
    ("rework", "Rework arrow", "A dashed arrow back over the process row: that share of the work "
     "returns to an earlier step and goes through again."),
)


def notation_symbols(vsm: ValueStreamMap, m: Metrics) -> list[dict[str, str]]:
    """The symbols of the classic notation this map's diagram draws, with how to read them."""
    shown = {
        "fifo": any(s.flow == "fifo" for s in vsm.steps),
        "pull": any(s.flow == "pull" for s in vsm.steps),
        "kanban": any(s.kanban for s in vsm.steps),
        "truck": bool(vsm.supplier_delivery or vsm.customer_delivery),
        "data": bool(vsm.supplier_data or vsm.customer_data),
        "operator": any(s.people is not None for s in vsm.steps),
        "over_takt": bool(m.over_takt),
        "electronic": any(f.kind == "electronic" for f in vsm.info_flows),
        "go_see": any(f.kind == "go-see" for f in vsm.info_flows),
        # The same tests as the diagram's lanes and dashed arrows (layout/branches.py).
        "branch": not all(m.on_critical_path(s) for s in vsm.steps),
        "rework": any(s.rework for s in vsm.steps),
    }
    return [{"name": name, "text": text} for key, name, text in SYMBOL_WORDS if shown[key]]


def report_context(vsm: ValueStreamMap, m: Metrics, diagram: Optional[str]) -> dict[str, Any]:
    """Everything the template shows, computed and formatted (the template only lays it out)."""
    cal = vsm.calendar
    rows = [_wait_row(s, m, vsm) for s in vsm.steps]
    state = (vsm.state or "").strip()
    owners = _owners(vsm)
    halved = humanize(m.process_time / 2, cal)
    process_text, flow_text, rating_text = flow_figures(
        vsm, humanize(m.process_time, cal), format_percent(m.flow_efficiency), m.rating)
    return {
        "title": vsm.title,
        "state": state,
        "state_text": f"{state} state" if state.lower() in _NAMED_STATES else state,
        "date_iso": vsm.date.isoformat() if vsm.date else "",
        "date_text": _date_text(vsm.date) if vsm.date else "",
        "next_map": _next_quarter(vsm.date) if vsm.date else "",
        "start": vsm.boundaries.start or "",
        "end": vsm.boundaries.end or "",
        "supplier": vsm.supplier or "",
        "customer": vsm.customer or "",
        "owners": owners,
        "author": ", ".join(owners) or "vsm-draw",
        "description": (
            f"Value stream map: lead time {humanize(m.lead_time, cal)}, process time "
            f"{process_text}, flow efficiency {flow_text}; "
            f"longest wait before {m.bottleneck.name}."
        ),
        "figures": _figures(vsm, m),
        "flow": flow_text,
        "rating": rating_text,
        "threshold": threshold_sentence(),
        "benchmark": benchmark_sentence(vsm),
        "calendar_note": (
            f"Working time: a day is {cal.hours_per_day:g} h, a week {cal.days_per_week:g} days."
            if cal.is_working else "Elapsed time: a day is 24 h, a week 7 days."
        ),
        "story": _story(vsm, m),
        "top_waits": [_wait_row(s, m, vsm) for s in _path_waits(vsm, m)[:3] if s.wait_time > 0],
        "rows": rows,
        "totals": {
            "steps": len(vsm.steps),
            # "Total, 9 steps / on the critical path" read as if all nine were on it.
            "label": (f"times along the critical path ({len(m.critical_path)} steps)"
                      if m.branched else ""),
            "wait": humanize(m.wait_time, cal),
            "process": process_text,
            "value_added": humanize(m.value_added_time, cal),
            "ca": rolled_complete_accurate_text(vsm, m.rolled_complete_accurate),
            "ca_given": complete_accurate_given(vsm),
            "wait_share": format_percent(m.wait_time / m.lead_time if m.lead_time > 0 else None),
            "handoffs": m.handoffs if any(s.owner for s in vsm.steps) else None,
        },
        "takt": humanize(m.takt_time, cal) if m.takt_time is not None else "",
        "over_takt": [s for s in vsm.steps if s.id in m.over_takt],
        "declared": [{"label": c.label.capitalize(), "declared": c.declared.text,
                      "computed": c.computed_text, "differs": c.differs,
                      "tolerance": c.tolerance_text} for c in declared_checks(vsm, m)],
        "kaizen": [s for s in vsm.steps if s.kaizen],
        "informal": [r for r in rows if r["step"].informal_wait],
        "lead": humanize(m.lead_time, cal),
        "wait_share": format_percent(m.wait_time / m.lead_time) if m.lead_time > 0 else "n/a",
        "halved": halved if process_text != NOT_GIVEN else "",
        "bottleneck": m.bottleneck if m.bottleneck.wait_time > 0 else None,
        "bottleneck_wait": humanize(m.bottleneck.wait_time, cal),
        "diagram": diagram,
        "time_bar": time_bar_svg(vsm, m),
        "pareto": pareto_svg(vsm, m),
        "left_out": branches_phrase(vsm, m),
        "branched": m.branched,
        "balance": balance_svg(vsm, m),
        "symbols": notation_symbols(vsm, m),
        "measured": measured_context(vsm),
    }


def measured_context(vsm: ValueStreamMap) -> Optional[dict[str, Any]]:
    """What a measured map says about its data: items, window, statistic, the spread of
    lead times, unmapped statuses, rework, work in progress, each step's spread."""
    from markupsafe import Markup

    measured = vsm.measured
    if measured is None:
        return None
    cal = vsm.calendar
    items = measured.items

    def of_items(n: Optional[int]) -> str:
        return format_percent(n / items) if n is not None and items else ""

    def spread(low: Optional[float], high: Optional[float]) -> str:
        if low is None or high is None:
            return ""
        return humanize_range(low, high, cal)

    steps = []
    for step in vsm.steps:
        figures = measured.step(step.id)
        if figures is None:
            continue
        steps.append({"name": step.name,
                      "visited": format_percent(figures.visited) if figures.visited is not None
                      else "",
                      "wait": spread(figures.wait_p50, figures.wait_p85),
                      "process": spread(figures.process_p50, figures.process_p85)})
    return {
        "caption": measured_caption(vsm),
        "count": items,
        "window": measured_window(vsm),
        "statistic": STATISTIC_WORDS[measured.statistic],
        "sources": ", ".join(measured.sources),
        "in_progress": measured.in_progress,
        "rework": measured.rework,
        "rework_share": of_items(measured.rework),
        "lead_p50": humanize(measured.lead_time_p50, cal)
        if measured.lead_time_p50 is not None else "",
        "lead_p85": humanize(measured.lead_time_p85, cal)
        if measured.lead_time_p85 is not None else "",
        "lead_mean": humanize(measured.lead_time_mean, cal)
        if measured.lead_time_mean is not None else "",
        "histogram": Markup(lead_time_histogram_svg(vsm))
        if measured.histogram and measured.histogram_width else None,
        "unmapped": [{"status": u.status, "share": format_percent(u.share),
                      "count": u.items} for u in measured.unmapped],
        "steps": steps,
    }


#: How the report names the map it is set against: the last mapping, or the map before a
#: what-if's changes.
PREVIOUS_KINDS = {
    "last time": {"heading": "Last time", "before": "Last time", "now": "Now",
                  "against": "Against"},
    "what if": {"heading": "Before the change", "before": "Before", "now": "After",
                "against": "What the changes do to"},
}


def last_time_context(previous: ValueStreamMap, vsm: ValueStreamMap,
                      kind: str = "last time", question: tuple[str, ...] = ()) -> dict[str, Any]:
    """The "Last time" section: the previous map's figures against this one's, in words;
    ``question``: a what-if's changes asked in words ("What if Review waited 1 d instead of
    8 d?"), which the section states before what they do."""
    from markupsafe import Markup

    from .compare import compare, narrative, totals_rows

    c = compare([previous, vsm])
    when = _date_text(previous.date) if previous.date and kind == "last time" else ""
    return {
        **PREVIOUS_KINDS[kind],
        "title": previous.title,
        "when": when,
        "question": list(question),
        "rows": [{"label": r["label"], "before": r["cells"][0], "now": r["cells"][-1],
                  "change": r["change"], "mark": r["mark"]} for r in totals_rows(c)],
        "story": narrative(c),
        # A what-if shows the two ladders (chart SVG, map text escaped inside).
        "ladders": (Markup(ladder_pair_svg(previous, c.metrics[0], vsm, c.metrics[-1]))
                    if kind == "what if" else ""),
        "to_scale": (Markup(scale_pair_svg(previous, c.metrics[0], vsm, c.metrics[-1]))
                     if kind == "what if" else ""),
        # The maps and metrics the two charts are drawn from (again for a phone).
        "pair": (previous, c.metrics[0], vsm, c.metrics[-1]),
    }


# --- rendering ---------------------------------------------------------------------------

def _templates():
    """The templates: ``vsm_draw.templates`` when installed, ``templates/`` in a source checkout."""
    try:
        return resources.files(_TEMPLATES)
    except ModuleNotFoundError:
        return resources.files("vsm_draw").joinpath("..", "templates")


#: The space between a figure and its unit ("10.2 d", "22.4 %"): a line breaks elsewhere.
_FIGURE_SPACE = re.compile(r"(?<=\d) (?=(?:w|d|h|min|s|%)(?!\w))")
#: Markup drawn or read as code (pictures, the stylesheet, the script), whose spaces are
#: syntax, not text.
_CODE = ("<svg", "<style", "<script", "{")


def keep_figures_whole(value: Any) -> Any:
    """``value`` with a no-break space between each number and its unit, so that no line of
    the report ends in "10.2" and the next begins with "d" (pictures and styles untouched)."""
    from markupsafe import Markup

    if isinstance(value, Markup):
        return value if any(c in value for c in _CODE) else Markup(_FIGURE_SPACE.sub("\u00a0", value))
    return _FIGURE_SPACE.sub("\u00a0", value) if isinstance(value, str) else value


#: A word wider than this (in ems of its type) may be wider than a table's column (about
#: sixteen letters of DejaVu Sans): :func:`breakable` lets it break.
LONG_WORD_EM = 10.0
#: The letters at its end that such a word keeps together: no line holds a lone "n".
_WORD_END = 4
_WORD = re.compile(r"\w+")


def _long(word: str) -> bool:
    """Whether ``word`` is wider than :data:`LONG_WORD_EM` ems of its type."""
    from .textwidth import text_width

    return text_width(word, 100.0) / 100.0 > LONG_WORD_EM


def breakable(text: Any) -> Any:
    """``text`` (escaped, as Markup) with each word wider than :data:`LONG_WORD_EM` in a
    ``long-word`` span, which breaks where the word cannot fit on a line of its own
    (``overflow-wrap: anywhere``, report.css; its last :data:`_WORD_END` letters together):
    a table's column narrower than such a word breaks it at the column's edge, rather than
    the table running off the page or the screen. A word that fits prints as it is, no shorter word is ever broken, and a table
    without such a word is laid out as before (``overflow-wrap: anywhere`` on every cell
    moved the columns of every squeezed table). Not a string, or Markup: returned as is."""
    from markupsafe import Markup, escape

    if not isinstance(text, str) or isinstance(text, Markup):
        return text
    parts, start = [], 0
    for match in _WORD.finditer(text):
        word = match.group(0)
        if _long(word):
            # Soft hyphens, as a heading's word gets (:func:`hyphenated`): where the column
            # breaks it, a hyphen says so ("Posteingangsdigitalisie" / "rung" read as two
            # words at 1280 px). None falls in the last letters, so they are the same.
            soft = _soft_hyphens(word)
            parts += [escape(text[start:match.start()]), Markup('<span class="long-word">'),
                      escape(soft[:-_WORD_END]), Markup('<span class="word-end">'),
                      escape(soft[-_WORD_END:]), Markup("</span></span>")]
            start = match.end()
    return Markup("").join(parts + [escape(text[start:])]) if parts else text


def _soft_hyphens(word: str) -> str:
    """``word`` with a soft hyphen (U+00AD) where it likely parts between syllables, as the
    SVG prefers to cut such a word (:func:`~vsm_draw.textwidth.syllable_break`), never
    before its second letter nor within its last :data:`_WORD_END`."""
    from .textwidth import syllable_break

    cuts = range(2, len(word) - _WORD_END + 1)  # a soft hyphen before word[i]
    return "".join("\u00ad" + c if i in cuts and syllable_break(word, i) else c
                   for i, c in enumerate(word))


def hyphenated(text: Any) -> Any:
    """``text`` (escaped, as Markup) with a soft hyphen (U+00AD) where a word wider than
    :data:`LONG_WORD_EM` likely parts between syllables (:func:`_soft_hyphens`). A heading's
    line then breaks such a word with a hyphen where it must ("Rentenversicherungsbeitrags-",
    was "…beit" / "ragsrück…" with none); a browser's own ``hyphens: auto`` needs the
    text's language, which a map does not say. Not a string, or Markup: returned as is."""
    from markupsafe import Markup, escape

    if not isinstance(text, str) or isinstance(text, Markup):
        return text

    def soft(match: re.Match[str]) -> str:
        word = match.group(0)
        return _soft_hyphens(word) if _long(word) else word

    return escape(_WORD.sub(soft, text))


@cache
def template_environment():
    """The Jinja environment of every report page: autoescape on, undefined names fail,
    figures kept whole on their line (:func:`keep_figures_whole`), a filter that lets a
    long word break in a narrow column (:func:`breakable`). One per process, so a template
    is compiled once however many pages a docs build or ``build`` writes (about 0.1 s each)."""
    from jinja2 import Environment, FunctionLoader, StrictUndefined, select_autoescape

    env = Environment(
        loader=FunctionLoader(asset),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=keep_figures_whole,
    )
    env.filters["breakable"] = breakable
    env.filters["hyphenated"] = hyphenated
    return env


def page_css(layout: str, charts: str, dark: dict[str, str], ink: str) -> str:
    """The stylesheets of a page of ``layout``; on the web, after them, the repainting of its
    charts (those ``charts`` selects, drawn in the colours of ``dark``, their text ``ink``)
    for a dark screen (:func:`~vsm_draw.svgpost.dark_css`)."""
    from .svgpost import dark_css

    css = "\n".join(asset(name) for name in _CSS[layout]).replace("PHONE_SCREEN", f"{WEB_PHONE_SCREEN}px")
    return css + "\n" + dark_css(charts, dark, dark[ink]) if layout == "web" else css


def asset(name: str) -> str:
    """The text of a file of the templates package (a template or a stylesheet)."""
    return _templates().joinpath(name).read_text(encoding="utf-8")


def _diagram(vsm: ValueStreamMap, m: Metrics) -> str:
    from .diagram import render_diagram

    svg = render_diagram(vsm, m, "svg")
    return inline_svg(svg, css_class="diagram", label=f"Value stream map: {vsm.title}")


#: The column the web page shows its map in, in CSS px (screen.css: the sheet's 1180 px less
#: its padding of 1.5rem each side); on a phone, the docs builds' phone column
#: (:data:`~vsm_draw.screens.PHONE_COLUMN`), shown on screens up to
#: :data:`~vsm_draw.screens.WEB_PHONE_SCREEN` wide. The map is laid out for each as a docs
#: page lays it out for its column (:func:`~vsm_draw.diagram.diagram_scene` ``width``): in
#: rows, its text 9 px or more.
WEB_COLUMN = 1132.0
#: Each picture's ids get a suffix of their own (one page holds them all).
_SUFFIXES = {"in-viewer": "", "on-wide": "-column", "on-narrow": "-phone"}


def web_map(vsm: ValueStreamMap, m: Metrics, *, theme: str = "classic", ladder: str = "classic",
            legend: bool = False, was: Any = None, width: Optional[float] = None,
            suffix: str = "") -> str:
    """The web page's map: the whole map in one row, which the viewer opens full size, and
    the map in rows for the page's column and for a phone's (:data:`WEB_COLUMN`,
    :data:`PHONE_COLUMN`), each drawn only when its rows differ; ``width`` (the CSS px
    asked for, ``whatif --width``): the one map laid out for it, everywhere. Each picture's
    classes say where it is shown (screen.css): ``in-viewer``, ``on-wide`` (the column),
    ``on-narrow`` (a phone). A ``classic`` map follows the reader's light or dark setting
    as the page does (drawn ``auto``), on a screen only: printed, it is light. ``was``: a
    what-if's map before its changes (see :func:`~vsm_draw.diagram.render_diagram`);
    ``suffix``: added to every id, for a page holding several maps."""
    from dataclasses import replace

    from .diagram import render_scene
    from .layout import diagram_scenes
    from .svgpost import SCREEN_DARK

    if width is not None:
        widths = [(width, ["in-viewer", "on-wide", "on-narrow"])]
    else:
        widths = [(None, ["in-viewer"]), (WEB_COLUMN, ["on-wide"]), (PHONE_COLUMN, ["on-narrow"])]
    laid_out = diagram_scenes(vsm, m, [shown_at for shown_at, _ in widths],
                              theme="auto" if theme == "classic" else theme, ladder=ladder,
                              legend=legend, was=was)
    scenes: list[tuple[Any, list[str]]] = []
    for scene, (_, roles) in zip(laid_out, widths):
        if width is None:  # as wide as drawn (its natural size): the column caps it on the page
            scene = replace(scene, display_width=None)
        same = next((kept for earlier, kept in scenes if earlier == scene), None)
        if same is not None:
            same.extend(roles)
        else:
            scenes.append((scene, list(roles)))
    label = f"Value stream map: {vsm.title}"
    parts = []
    for scene, roles in scenes:
        svg = render_scene(scene, "svg", date=vsm.date, dark_media=SCREEN_DARK)
        parts.append(inline_svg(svg, css_class=" ".join(["diagram", *roles]), label=label,
                                id_suffix=_SUFFIXES[roles[0]] + suffix))
    return "".join(parts)


def _for_phones(vsm: ValueStreamMap, m: Metrics, context: dict[str, Any]) -> None:
    """The web page's charts drawn a second time for a phone's column (:data:`NARROW`): the
    page shows one or the other by its width (screen.css), so their text is 11 px or more on
    a phone as at 1280 px. A what-if's ladders wrap there, a few steps a row."""
    from markupsafe import Markup

    def wide(svg: Any) -> Any:
        return Markup(str(svg).replace('class="chart"', 'class="chart chart-wide"', 1))

    charts = {"time_bar": time_bar_svg(vsm, m, "vsmr-timebar-n", NARROW),
              "pareto": pareto_svg(vsm, m, "vsmr-pareto-n", NARROW),
              "balance": balance_svg(vsm, m, "vsmr-balance-n", NARROW)}
    for key, narrow in charts.items():
        if narrow and context[key]:
            context[key] = wide(context[key]) + Markup(narrow)
    measured = context.get("measured")
    if measured and measured["histogram"]:
        measured["histogram"] = (wide(measured["histogram"])
                                 + Markup(lead_time_histogram_svg(vsm, "vsmr-leadtimes-n",
                                                                  NARROW)))
    last_time = context.get("last_time") or {}
    if last_time.get("ladders"):  # a what-if's ladders and bars to scale, wrapped for a phone
        last_time["ladders"] = wide(last_time["ladders"]) + Markup(
            ladder_pair_svg(*last_time["pair"], prefix="vsmr-ladders-n", width=NARROW))
        last_time["to_scale"] = wide(last_time["to_scale"]) + Markup(
            scale_pair_svg(*last_time["pair"], prefix="vsmr-scalepair-n", width=NARROW))


#: The fewest rows the Pareto keeps beside the time bar (see :func:`_charts_side_by_side`):
#: the seven longest waits named, the shorter ones added up in the eighth.
PARETO_SHARED = 8
#: A handout's charts are at most this many em wide (handout.css): their type the report's.
_CHART_EM = 54.0
#: Room the section's heading takes, and a chart's caption with its margins: across the
#: page (one or two lines) and in half of it (up to four), in em.
_HEADING_EM, _CAPTION_EM, _HALF_CAPTION_EM = 3.0, 3.6, 5.5


def _charts_side_by_side(vsm: ValueStreamMap, m: Metrics, sheet: Sheet) -> Optional[tuple[str, str]]:
    """The time bar and the Pareto drawn to stand side by side on a wide page (landscape),
    each half the page wide with its type the size it has at :data:`_CHART_EM` em: when one
    under the other they do not fit a page (the Pareto went to the next page, leaving the
    time bar's half empty) and side by side they do; else None."""
    em_mm = sheet.font_pt * 25.4 / 72
    across = (sheet.width_mm - 2 * sheet.margin_mm) / em_mm
    down = (sheet.height_mm - 2 * sheet.margin_mm) / em_mm - _HEADING_EM
    if across < 2 * _CHART_EM * 0.6:
        return None

    def tall(svg: str, em: float) -> float:
        return _aspect(svg) * em

    full = min(_CHART_EM, across)
    if tall(time_bar_svg(vsm, m), full) + tall(pareto_svg(vsm, m), full) + 2 * _CAPTION_EM <= down:
        return None
    half = (across - 2.5) / 2  # the gap: handout.css .chart-pair
    design = WIDTH * half / _CHART_EM
    time_bar = time_bar_svg(vsm, m, "vsmr-timebar-s", design)
    if tall(time_bar, half) + _HALF_CAPTION_EM > down:
        return None
    # In half the page the Pareto sets each name over its bar, twice as tall a row: with
    # many waits (22 steps of a claims map) it outgrew the page, and the two charts took a
    # page each, 60 % full. The shorter waits are added up in its last row sooner, down to
    # PARETO_SHARED rows (the longest waits still named), for the two to share the page.
    for rows in range(PARETO_ROWS, PARETO_SHARED - 1, -1):
        pareto = pareto_svg(vsm, m, "vsmr-pareto-s", design, rows)
        if tall(pareto, half) + _HALF_CAPTION_EM <= down:
            return time_bar, pareto
    return None


#: On a one-page poster the charts stand side by side in a third of the sheet (poster.css;
#: portrait: each a third wide): drawn at :data:`WIDTH` their smallest text (11 units)
#: printed at about half the body type (8.8 pt beside 16.8 on A0 landscape). They are drawn narrower, for it to print at this share
#: of the body type, and are taller for it: the sheet is shared with that height measured.
POSTER_CHART_SHARE = 0.7
_CHART_SMALLEST = 11.0
#: poster.css: the gap between the sheet's columns and between the charts, in em.
_POSTER_COLUMN_GAP, _POSTER_CHART_GAP = 2.2, 1.5


def _poster_charts(vsm: ValueStreamMap, m: Metrics, sheet: Sheet, context: dict[str, Any]
                   ) -> None:
    """The charts of a one-page poster drawn for their column (see
    :data:`POSTER_CHART_SHARE`)."""
    from markupsafe import Markup

    em_mm = sheet.font_pt * 25.4 / 72
    across = (sheet.width_mm - 2 * sheet.margin_mm) / em_mm
    column = (across - 2 * _POSTER_COLUMN_GAP) / 3
    count = 3 if context["balance"] else 2
    # landscape: side by side in the middle column; portrait: each a column wide, in a row
    chart = column if sheet.height_mm > sheet.width_mm \
        else (column - (count - 1) * _POSTER_CHART_GAP) / count
    design = min(WIDTH, max(NARROW, _CHART_SMALLEST * chart / POSTER_CHART_SHARE))
    if design >= WIDTH:
        return
    context["time_bar"] = Markup(time_bar_svg(vsm, m, "vsmr-timebar", design))
    context["pareto"] = Markup(pareto_svg(vsm, m, "vsmr-pareto", design))
    if context["balance"]:
        context["balance"] = Markup(balance_svg(vsm, m, "vsmr-balance", design))


def report_html(
    vsm: ValueStreamMap,
    m: Optional[Metrics] = None,
    *,
    layout: str = "web",
    sheet: Optional[Sheet] = None,
    created: Optional[str] = None,
    diagram: Optional[str] = None,
    print_size: Optional[str] = None,
    previous: Optional[ValueStreamMap] = None,
    previous_kind: str = "last time",
    map_pages: Optional[dict[str, Any]] = None,
    probe: bool = False,
    poster: Optional[tuple] = None,
    wide_charts: bool = False,
    map_options: Optional[dict[str, Any]] = None,
    tight_head: bool = False,
    map_sheets: tuple = (),
    charts_first: bool = False,
    charts_stacked: bool = False,
) -> bytes:
    """The report as UTF-8 HTML bytes: one file, CSS and SVG inline, no script, no link.

    ``layout`` picks the stylesheet (:data:`LAYOUTS`); ``sheet`` the printed page for
    ``handout`` and ``poster``; ``created`` a W3C date for the PDF metadata. ``diagram`` is
    inline SVG markup to show instead of rendering the map (already made safe by the caller
    with :func:`inline_svg`). ``print_size`` (``"A3 landscape"``) sets the page size when
    the web layout is printed from a browser. ``previous``, the last map of the same
    stream, adds a "Last time" section: the headline figures' change and the bottleneck shift;
    with ``previous_kind="what if"`` it is the map before a what-if's changes instead.
    ``map_pages`` (from :func:`slice_pages`) are a handout's pages of the map in detail.
    ``probe`` lays a poster out on an endless sheet, to measure how tall its content is;
    ``poster`` is the height of its map's row in mm, its pages (1, or 2: what follows the
    map on a second page), the masthead's type scale (see
    :func:`vsm_draw.poster.share_sheet`), the room for the map's caption in mm and, for two
    pages, optionally the order of what follows the map (:data:`POSTER_GROUPS`): given, it
    flows from under the map on the first page on to the second, in that order, and then
    optionally the type scale of the groups after the first (of the sheet's). A
    one-page poster's charts are drawn for its column (:data:`POSTER_CHART_SHARE`), unless
    ``wide_charts`` (a probe measuring them as a second page holds them). Without
    ``diagram`` the web layout draws its map for its column and a phone's (:func:`web_map`,
    with ``map_options``: theme, ladder, legend, was, width). ``tight_head``: a poster's map
    fills its first page, and its masthead is set in fewer lines (poster.css), its title and
    people beside the headline figures on a landscape sheet. ``map_sheets`` are a poster's
    map continued on the sheets after the first (inline SVG and height in mm of each, see
    :attr:`vsm_draw.poster.PosterMap.sheets`): each fills a page before what follows the map.
    ``charts_first``: a handout's charts ("Where the time goes") come before the map's pages
    rather than after them (see :func:`vsm_draw.pdf.charts_before_map`); ``charts_stacked``:
    the time bar and the Pareto one under the other on a landscape handout, never side by
    side (the time bar then fits under the longest waits before the map).
    """
    from markupsafe import Markup

    if layout not in LAYOUTS:
        raise ValueError(f"unknown layout {layout!r}; use one of {', '.join(LAYOUTS)}")
    if layout != "web" and sheet is None:
        raise ValueError(f"the {layout} layout needs a sheet")
    if print_size is not None and not _PRINT_SIZE.fullmatch(print_size):
        raise ValueError(f"unknown print size {print_size!r}; use a paper and an orientation")
    m = m or compute_metrics(vsm)
    if diagram is not None:
        svg = diagram
    elif layout == "web":
        svg = web_map(vsm, m, **(map_options or {}))
    else:
        svg = _diagram(vsm, m)
    context = report_context(vsm, m, Markup(svg))
    context.update(
        layout=layout,
        sheet=sheet,
        created=created or "",
        print_size=print_size or "",
        css=Markup(page_css(layout, "svg.chart", CHART_DARK, CHART_INK)),
        time_bar=Markup(context["time_bar"]),
        pareto=Markup(context["pareto"]),
        balance=Markup(context["balance"]) if context["balance"] else None,
        # A plan (a future or ideal state, a what-if) ends asking for the map of the stream
        # once the change is made, not for next quarter's.
        plan=_plan_words(context["state"], previous is not None and previous_kind == "what if"),
        # A what-if's table ghosts each changed figure's old value beside it, as the map does.
        changed_figures=(previous is not None and previous_kind == "what if"
                         and mark_changed_rows(context["rows"] + context["top_waits"], previous)),
        # A what-if's section asks its changes first (else only the map's own caption, far
        # below the figures they moved, said what was changed).
        last_time=(last_time_context(previous, vsm, previous_kind,
                                     getattr((map_options or {}).get("was"), "words", ()))
                   if previous is not None else None),
    )
    pages = map_pages or {"orientation": "landscape", "data_pt": 0, "parts": [], "margin_mm": 0.0}
    # The map's pages turned (portrait slices in a landscape handout, or the other way): the
    # charts start a page of the handout's own (they began in the last slice's leftover room,
    # the time bar there and the Pareto cut from it on the next page), side by side when
    # they fit a landscape page so.
    wide = sheet is not None and sheet.width_mm > sheet.height_mm
    turned = bool(pages["parts"]) and pages["orientation"] != ("landscape" if wide else "portrait")
    context["charts_open_page"] = layout == "handout" and turned and not charts_first
    context["charts_first"] = charts_first and layout == "handout"
    pair = (_charts_side_by_side(vsm, m, sheet)
            if layout == "handout" and wide and not charts_stacked else None)
    context["chart_pair"] = tuple(Markup(svg) for svg in pair) if pair else None
    context["map_pages"] = {**pages, "parts": [{**p, "svg": Markup(p["svg"])} for p in pages["parts"]]}
    context["slice_size"] = (f"{sheet.size.split()[0]} {pages['orientation']}" if sheet else "")
    context["map_width_px"] = natural_width(svg)
    if layout == "web":
        _for_phones(vsm, m, context)
    context["map_min_mm"] = 0.0
    context["probe"] = probe
    context["tight_head"] = tight_head and layout == "poster"
    context["map_sheets"] = [{"svg": Markup(svg), "row_mm": mm} for svg, mm in map_sheets]
    context["poster_pages"], context["poster_head"], context["map_caption_mm"] = (
        poster[1:4] if poster else (1, 1.0, 16.0))
    # The masthead shrunk for the map: its labels no smaller than read from two metres.
    from .poster import masthead_lines

    context["masthead_lines"] = (masthead_lines(sheet.font_pt, context["poster_head"],
                                                min(sheet.width_mm, sheet.height_mm), context["tight_head"])
                                 if layout == "poster" and sheet is not None else {})
    flow = poster[4] if poster and len(poster) > 4 else None
    context["poster_flow"] = (poster_flow_areas(flow, sheet.height_mm > sheet.width_mm)
                              if flow and sheet is not None and context["poster_pages"] > 1 else None)
    # The groups after the first at a type scale of their own: the first starts under the
    # map smaller for it, the rest prints on the second page at its size.
    rest = poster[5] if poster and len(poster) > 5 and context["poster_flow"] else 1.0
    context["poster_rest"] = ((poster_groups_selector(flow[1:], sheet.height_mm > sheet.width_mm), rest)
                              if rest != 1.0 else None)
    if layout == "poster" and sheet is not None and context["poster_pages"] == 1 \
            and not wide_charts:
        _poster_charts(vsm, m, sheet, context)
    if layout == "poster" and sheet is not None:
        # The map row is as tall as the picture at the full width, no more, and its caption.
        width = sheet.width_mm - 2 * sheet.margin_mm
        context["map_min_mm"] = poster[0] if poster else min(
            POSTER_MAP_SHARE * (sheet.height_mm - 2 * sheet.margin_mm), width * _aspect(svg)) + 16
    html = template_environment().get_template("report.html.j2").render(context)
    return html.encode("utf-8")
