"""What each step shows and how much room it takes: wrapped names, data rows, queue captions.

Pure measuring (text widths from :mod:`vsm_draw.textwidth`), before anything is placed.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Optional

from ..durations import format_number, format_percent, humanize
from ..model import Calendar, Step, ValueStreamMap
from ..textwidth import line_height, text_width, wrap

__all__ = ["NAME_PT", "DATA_PT", "SMALL_PT", "LADDER_PT", "TITLE_PT", "PAD", "QUEUE_W", "SLOT_W", "GAP",
           "TRI_W", "TRI_H", "StepContent", "Sizes", "step_slugs", "has_queue", "measure"]

NAME_PT, DATA_PT, SMALL_PT, LADDER_PT, TITLE_PT = 11, 9, 8.5, 10, 18
PROC_MIN_W = 150.0      # process box width (all boxes share the widest)
QUEUE_W = 112.0         # queue column: triangle and its captions
SLOT_W = 44.0           # the gap between two steps when no queue sits there
GAP = 28.0              # space around every column
TRI_W, TRI_H = 44.0, 38.0
PAD = 4.0               # padding inside the process box
ROW_H = line_height(DATA_PT) + 2 * PAD + 2  # one row of the data box


@dataclass(frozen=True)
class DataRow:
    """One line of a data box: ``name`` (for the scene id), key and value."""

    name: str
    key: str
    value: str


@dataclass(frozen=True)
class StepContent:
    """The text of one step, wrapped to the box it will sit in."""

    step: Step
    slug: str                       # stable, unique, SVG-safe form of the step id
    name: tuple[str, ...]           # the name's lines
    owner: tuple[str, ...]          # the owner's lines
    rows: tuple[DataRow, ...]       # P/T, C/O, uptime, %C&A, people
    notes: tuple[str, ...]
    queue: bool                     # a queue (triangle) stands before the step
    wait: tuple[str, ...]           # under the triangle, bold: the wait time
    wait_extra: tuple[str, ...]     # under it, italic: items, "informal queue"
    reason: tuple[str, ...]         # the wait reason, under the push arrow


@dataclass(frozen=True)
class Sizes:
    """Sizes every step shares, so that boxes line up in a row."""

    proc_w: float
    header_h: float
    data_h: float
    queue_lines: int


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", text).strip("-").lower() or "step"


def step_slugs(vsm: ValueStreamMap) -> dict[str, str]:
    """Step id -> a unique slug safe in scene and SVG ids."""
    slugs: dict[str, str] = {}
    for step in vsm.steps:
        slug = base = _slug(step.id)
        n = 2
        while slug in slugs.values():
            slug, n = f"{base}-{n}", n + 1
        slugs[step.id] = slug
    return slugs


def has_queue(step: Step) -> bool:
    return step.wait_time > 0 or step.inventory is not None or step.informal_wait


def _count(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else format_number(value)


def data_rows(step: Step, cal: Calendar) -> list[DataRow]:
    """The data box's key/value rows for the fields the map gives."""
    rows = [DataRow("pt", "P/T", humanize(step.process_time, cal))]
    if step.changeover is not None:
        rows.append(DataRow("co", "C/O", humanize(step.changeover, cal)))
    if step.uptime is not None:
        rows.append(DataRow("uptime", "Uptime", format_percent(step.uptime)))
    if step.complete_accurate != 1.0:
        rows.append(DataRow("ca", "%C&A", format_percent(step.complete_accurate)))
    if step.people is not None:
        rows.append(DataRow("people", "People", format_number(step.people)))
    return rows


def measure(vsm: ValueStreamMap) -> tuple[list[StepContent], Sizes]:
    """Every step's content, and the sizes the row shares."""
    steps, cal = vsm.steps, vsm.calendar
    widest_word = max(
        (text_width(w, NAME_PT, bold=True) for s in steps for w in s.name.split()), default=0.0
    )
    # Even whole points: every column's centre is a whole point.
    proc_w = 2 * math.ceil(max(PROC_MIN_W, min(widest_word + 2 * PAD + 8, 260.0)) / 2)
    inner = proc_w - 2 * PAD
    slugs = step_slugs(vsm)
    contents = []
    for s in steps:
        queue = has_queue(s)
        wait = (humanize(s.wait_time, cal),) if queue and (s.wait_time > 0 or s.inventory is None) else ()
        extra = []
        if queue and s.inventory is not None:
            extra.append(f"{_count(s.inventory)} items")
        if queue and s.informal_wait:
            extra.append("informal queue")
        reason = wrap(s.wait_reason, QUEUE_W - 6, SMALL_PT) if queue and s.wait_reason else []
        contents.append(StepContent(
            step=s, slug=slugs[s.id],
            name=tuple(wrap(s.name, inner, NAME_PT, bold=True)),
            owner=tuple(wrap(s.owner, inner, DATA_PT)) if s.owner else (),
            rows=tuple(data_rows(s, cal)),
            notes=tuple(wrap(s.notes, inner, SMALL_PT)) if s.notes else (),
            queue=queue, wait=wait, wait_extra=tuple(extra), reason=tuple(reason),
        ))
    name_lines = max(len(c.name) for c in contents)
    header_h = name_lines * line_height(NAME_PT) + 2 * PAD + 4
    if any(not s.value_adding for s in steps):
        header_h += line_height(SMALL_PT) + 4
    data_h = max(data_height(c) for c in contents)
    queue_lines = max([1, *(len(c.wait) + len(c.wait_extra) for c in contents)])
    return contents, Sizes(proc_w=proc_w, header_h=header_h, data_h=data_h, queue_lines=queue_lines)


def data_height(c: StepContent) -> float:
    h = (len(c.rows) + len(c.owner)) * ROW_H
    if c.notes:
        h += len(c.notes) * line_height(SMALL_PT) + 2 * PAD + 2
    return h


def burst_lines(kaizen: Optional[str], proc_w: float) -> list[str]:
    return wrap(kaizen or "", proc_w - 40, DATA_PT)
