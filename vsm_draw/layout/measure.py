"""What each step shows and how much room it takes: wrapped names, data rows, queue captions.

Pure measuring (text widths from :mod:`vsm_draw.textwidth`), before anything is placed.
"""
from __future__ import annotations

import dataclasses
import math
from itertools import groupby
from typing import TYPE_CHECKING, Mapping, Optional

from ..durations import format_in_series, format_number, format_percent, humanize, humanize_range, series_unit
from ..frozen import frozen
from ..model import Calendar, Step, ValueStreamMap
from ..textwidth import line_height, text_width, wrap
from ..words import UNKNOWN, gives_process_time

if TYPE_CHECKING:
    from .changes import Was

__all__ = ["NAME_PT", "DATA_PT", "SMALL_PT", "LADDER_PT", "TITLE_PT", "PAD", "QUEUE_W", "POSTER_QUEUE_W", "SLOT_W", "GAP", "OPERATOR_W",
           "TRI_W", "TRI_H", "ROW_H", "DataRow", "StepContent", "Sizes", "id_slug", "step_slugs", "has_queue", "measure"]

NAME_PT, DATA_PT, SMALL_PT, LADDER_PT, TITLE_PT = 11, 9, 8.5, 10, 18
BOX_MIN_W, BOX_MAX_W = 92.0, 190.0   # a process box is as wide as its content, within these
QUEUE_W = 72.0          # queue column: the triangle; its captions wrap to this width
POSTER_QUEUE_W = 56.0   # a poster's: its rows narrower, the reasons under the push arrows in more lines
SLOT_W = 36.0           # the gap between two steps when no queue sits there
GAP = 14.0              # space around every column
TRI_W, TRI_H = 40.0, 36.0
PAD = 4.0               # padding inside the process box
ROW_H = line_height(DATA_PT) + 4  # one row of the data box


@frozen
class DataRow:
    """One line of a data box: ``name`` (for the scene id), key and value."""

    name: str
    key: str
    value: str
    #: A what-if's value before the change, ghosted beside ``value`` ("" when unchanged).
    was: str = ""
    #: The ghost goes on a line of its own under the value (they do not fit on one).
    stacked: bool = False

    @property
    def lines(self) -> int:
        return 2 if self.stacked else 1


@frozen
class StepContent:
    """The text of one step, wrapped to the box it will sit in."""

    step: Step
    slug: str                       # stable, unique, SVG-safe form of the step id
    box_w: float                    # the process box's width (even whole points)
    data_h: float                   # the data box's height under the name
    name: tuple[str, ...]           # the name's lines
    owner: tuple[str, ...]          # the owner's lines
    rows: tuple[DataRow, ...]       # P/T, C/O, uptime, %C&A, people
    notes: tuple[str, ...]
    queue: bool                     # a queue (triangle) stands before the step
    wait_time: str                  # the wait, in the unit of the ladder's upper rail
    process_time: str               # the process time, in the unit of the lower rail
    wait: tuple[str, ...]           # under the triangle, bold: the wait time
    wait_extra: tuple[str, ...]     # under it, italic: items, "informal queue"
    reason: tuple[str, ...]         # the wait reason, under the push arrow
    over_takt: bool = False         # its process time is above takt: marked on box and rung
    #: A what-if's figures before the change, by what shows them: ``wait`` (triangle and
    #: rung), ``process`` (rung), ``items``, ``rework`` (the loop's rate); empty when unchanged.
    was: Mapping[str, str] = dataclasses.field(default_factory=dict)
    #: The step before a what-if's changes (None when the map is not a what-if).
    before: Optional[Step] = None
    #: The queue column's width: QUEUE_W (a poster's may be narrower), or more for the figures
    #: under its triangle (a what-if's with their ghosts).
    queue_w: float = QUEUE_W


@frozen
class Sizes:
    """Sizes every step shares, so that names and arrows line up along a row."""

    header_h: float
    queue_lines: int


#: The characters a slug keeps.
_SLUG_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")


def id_slug(text: str, empty: str = "step") -> str:
    """``text`` safe in a scene id: each run of characters but ASCII letters, digits, ``_``
    and ``-`` one ``-``, lower case, no ``-`` at either end; ``empty`` when nothing is left.
    (What ``re.sub(r"[^A-Za-z0-9_-]+", "-", text)`` gives, without compiling it: half a
    million instructions at every start.)"""
    if not _SLUG_CHARS.issuperset(text):
        text = "".join([run if kept else "-" for kept, run in
                        ((kept, "".join(chars)) for kept, chars in groupby(text, _SLUG_CHARS.__contains__))])
    return text.strip("-").lower() or empty


def step_slugs(vsm: ValueStreamMap) -> dict[str, str]:
    """Step id -> a unique slug safe in scene and SVG ids."""
    slugs: dict[str, str] = {}
    for step in vsm.steps:
        slug = base = id_slug(step.id)
        n = 2
        while slug in slugs.values():
            slug, n = f"{base}-{n}", n + 1
        slugs[step.id] = slug
    return slugs


def has_queue(step: Step) -> bool:
    """A queue column stands before the step: a wait, or a FIFO lane or supermarket."""
    return step.wait_time > 0 or step.inventory is not None or step.informal_wait or step.flow != "push"


def _count(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else format_number(value)


def in_unit(seconds: float, unit: str, cal: Calendar) -> str:
    """``seconds`` in its rail's ``unit`` ("36 h"), or in its own where it reads badly
    there ("21 d", not "504 h"): :func:`format_in_series`."""
    return format_in_series(seconds, unit, cal)


#: Room for the operator icon before the "People" key.
OPERATOR_W = 11.0


def data_rows(step: Step, cal: Calendar, process_time: str, over_takt: bool = False) -> list[DataRow]:
    """The data box's key/value rows for the fields the map gives (a process time above
    takt says so)."""
    rows = [DataRow("pt", "P/T > takt" if over_takt else "P/T", process_time)]
    if step.changeover is not None:
        rows.append(DataRow("co", "C/O", humanize(step.changeover, cal)))
    if step.uptime is not None:
        rows.append(DataRow("uptime", "Uptime", format_percent(step.uptime)))
    if step.complete_accurate != 1.0:
        rows.append(DataRow("ca", "%C&A", format_percent(step.complete_accurate)))
    if step.people is not None:
        rows.append(DataRow("people", "People", format_number(step.people)))
    return rows


def row_width(r: DataRow) -> float:
    """The room a data row takes: key, value (and the ghost of a what-if beside it)."""
    from .changes import figure_width

    value = figure_width(r.value, "" if r.stacked else r.was, DATA_PT)
    if r.stacked:
        value = max(value + MARK_ROOM, text_width(r.was, DATA_PT))
    return text_width(r.key, DATA_PT) + value + 8 + (OPERATOR_W if r.name == "people" else 0)


#: The change mark before a value whose ghost is stacked under it, with its space.
MARK_ROOM = 10.0


def _stack(rows: list[DataRow]) -> list[DataRow]:
    """Rows whose ghost does not fit beside the value in the widest box put it under."""
    limit = BOX_MAX_W - 2 * PAD - 4
    out = []
    for r in rows:
        if r.was and row_width(r) > limit:
            inner = limit - text_width(r.key, DATA_PT) - 8 - MARK_ROOM
            r = DataRow(r.name, r.key, wrap(r.value, inner, DATA_PT, max_lines=1)[0],
                        wrap(r.was, limit - 8, DATA_PT, max_lines=1)[0], stacked=True)
        out.append(r)
    return out


def box_width(step: Step, rows: list[DataRow]) -> float:
    """The process box's width: room for its widest data row, its owner's words and its
    name on two lines at most (long names wrap), within BOX_MIN_W..BOX_MAX_W."""
    words = [text_width(w, NAME_PT, bold=True) for w in step.name.split()] or [0.0]
    natural = text_width(step.name, NAME_PT, bold=True)
    name = natural if natural <= 100 else max(max(words), min(natural / 2 + 12, 150.0))
    data = max(row_width(r) for r in rows)
    owner = min(text_width(step.owner, DATA_PT), 140.0) if step.owner else 0.0
    inner = max(name, data, owner)
    return 2 * math.ceil(min(max(BOX_MIN_W, inner + 2 * PAD + 4), BOX_MAX_W) / 2)


def measure(vsm: ValueStreamMap, over_takt: frozenset[str] = frozenset(),
            was: "Optional[Was]" = None, queue_w: float = QUEUE_W) -> tuple[list[StepContent], Sizes]:
    """Every step's content, and the sizes the row shares; ``over_takt``: the ids of the
    steps whose process time is above takt; ``was``: the map before a what-if's changes,
    whose figures are ghosted where they differ; ``queue_w``: the queue columns' width
    (:data:`QUEUE_W`; a poster's narrower, :data:`POSTER_QUEUE_W`), wider where the figures
    under a triangle need it."""
    from .changes import before_step, ghosts

    cal = vsm.calendar
    slugs = step_slugs(vsm)
    # One unit a rail of the ladder, so that its rungs compare at a glance, but no figure
    # of a hundred or of a fraction in it; the triangles and the data boxes say the same.
    wait_unit = series_unit([s.wait_time for s in vsm.steps], cal)
    process_unit = series_unit([s.process_time for s in vsm.steps], cal)
    contents = []
    for index, s in enumerate(vsm.steps):
        old = before_step(was, vsm, index)
        # A queue a what-if removed keeps its column: the old wait shows beside the new 0.
        queue = has_queue(s) or (old is not None and old.wait_time != s.wait_time and has_queue(old))
        wait_time, process_time = in_unit(s.wait_time, wait_unit, cal), in_unit(s.process_time, process_unit, cal)
        if not gives_process_time(s):  # not a figure of 0: the map does not say
            process_time = UNKNOWN
        wait = (wait_time,) if queue and (s.wait_time > 0 or s.inventory is None) else ()
        extra = []
        if queue and s.inventory is not None:
            extra.append(f"{_count(s.inventory)} items")
        if queue and s.informal_wait:
            extra.append("informal queue")
        reason = wrap(s.wait_reason, queue_w + GAP - 4, SMALL_PT) if queue and s.wait_reason else []
        rows = data_rows(s, cal, process_time, s.id in over_takt)
        # A measured map shows each step's spread over the items: p50 to p85.
        spread = vsm.measured.step(s.id) if vsm.measured else None
        if spread and spread.process_p50 is not None and spread.process_p85 is not None:
            rows.append(DataRow("pt-spread", "p50–85",
                                humanize_range(spread.process_p50, spread.process_p85, cal)))
        if queue and spread and spread.wait_p50 is not None and spread.wait_p85 is not None:
            extra += ["p50–85", humanize_range(spread.wait_p50, spread.wait_p85, cal)]
        figures: dict[str, str] = {}
        if old is not None:
            figures, rows = ghosts(vsm, s, old, rows, was, wait_unit, process_unit)
            rows = _stack(rows)
        box_w = box_width(s, rows)
        column = queue_w
        if queue_w < QUEUE_W and queue:  # narrower: still as wide as its figures under the triangle
            column = max([queue_w, *(text_width(w, LADDER_PT, bold=True) + 4 - GAP for w in wait),
                          *(text_width(x, LADDER_PT) + 4 - GAP for x in extra)])
        if figures and queue:  # the figures under the triangle, with their ghosts, keep clear of the boxes
            from .changes import figure_width

            need = [figure_width(w, figures.get("wait", ""), LADDER_PT, True) for w in wait]
            need += [figure_width(extra[0], figures["items"], LADDER_PT)] if "items" in figures and extra else []
            column = max([column, *(n - GAP for n in need)])
        inner = box_w - 2 * PAD - 4
        owner = tuple(wrap(s.owner, inner, DATA_PT)) if s.owner else ()
        notes = tuple(wrap(s.notes, inner, SMALL_PT)) if s.notes else ()
        contents.append(StepContent(
            step=s, slug=slugs[s.id], box_w=box_w, data_h=data_height(owner, rows, notes),
            name=tuple(wrap(s.name, inner, NAME_PT, bold=True)), owner=owner, rows=tuple(rows), notes=notes,
            queue=queue, wait_time=wait_time, process_time=process_time, wait=wait, wait_extra=tuple(extra), reason=tuple(reason),
            over_takt=s.id in over_takt, was=figures, before=old, queue_w=column,
        ))
    name_lines = max(len(c.name) for c in contents)
    header_h = name_lines * line_height(NAME_PT) + 2 * PAD + 2
    if any(not s.value_adding for s in vsm.steps):
        header_h += line_height(SMALL_PT) + 2
    queue_lines = max([1, *(len(c.wait) + len(c.wait_extra) for c in contents)])
    return contents, Sizes(header_h=header_h, queue_lines=queue_lines)


def data_height(owner: tuple[str, ...], rows: list[DataRow], notes: tuple[str, ...]) -> float:
    """The data box's height: the owner's lines, one row per figure, the notes."""
    h = PAD + len(owner) * line_height(DATA_PT) + (PAD if owner else 0)
    h += sum(r.lines for r in rows) * ROW_H
    if notes:
        h += len(notes) * line_height(SMALL_PT) + PAD
    return h + PAD


def burst_lines(kaizen: Optional[str], box_w: float) -> list[str]:
    """The kaizen idea wrapped to fit a burst about as wide as the step's column."""
    return wrap(kaizen or "", box_w + 8, DATA_PT)
