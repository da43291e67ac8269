"""Comparing maps of one value stream: steps matched by id, totals, the bottleneck's move.

Pure functions of the models, like :mod:`vsm_draw.metrics`: :func:`compare` builds a
frozen :class:`Comparison`; :func:`compare_json` is the object of SPEC section 4,
:func:`compare_table` the terminal table and :func:`narrative` the plain-words story.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional, Sequence, Union

from .durations import at_most, format_in, format_number, format_percent, humanize, normalize_unit, to_unit
from .compare_calendar import calendar_sentence
from .flow_words import path_move
from .metrics import Metrics, metrics as compute_metrics
from .model import Calendar, Step, ValueStreamMap
from .words import NOT_GIVEN, change_mark, gives_process_time, rolled_complete_accurate_sentence

__all__ = [
    "Comparison",
    "StepRow",
    "compare",
    "row_notes",
    "compare_json",
    "compare_table",
    "narrative",
    "totals_rows",
    "points_change",
    "bottleneck_change",
    "bottleneck_clause",
    "bottleneck_phrase",
    "percent_change",
    "signed_duration",
]

_PLANNED = {"future", "ideal"}


@dataclass(frozen=True)
class StepRow:
    """One step across the maps (matched by id): its name and figures in each map, None where absent."""

    id: str
    #: The name in the latest map that has the step.
    name: str
    names: tuple[Optional[str], ...]
    wait_time: tuple[Optional[float], ...]
    process_time: tuple[Optional[float], ...]
    #: Whether the step is on each map's critical path, None where the map lacks it.
    on_critical_path: tuple[Optional[bool], ...] = ()
    #: Whether each map gives the step's process time (False where it lacks the step).
    process_given: tuple[bool, ...] = ()

    @property
    def present(self) -> tuple[bool, ...]:
        return tuple(n is not None for n in self.names)

    @property
    def process_time_known(self) -> tuple[Optional[float], ...]:
        """The process times a map gives, None where it lacks the step or gives none: a
        time not given counts 0 in the totals, but is no figure to change from or to."""
        given = self.process_given or tuple(p is not None for p in self.process_time)
        return tuple(p if ok else None for p, ok in zip(self.process_time, given))

    def process_time_text(self, i: int, text: str) -> str:
        """``text`` (map ``i``'s process time written out), "not given" when the map has the
        step but gives no process time for it."""
        if self.present[i] and self.process_time_known[i] is None:
            return NOT_GIVEN
        return text

    @property
    def former_names(self) -> tuple[str, ...]:
        """Other names the step had in earlier maps, oldest first."""
        seen: list[str] = []
        for n in self.names:
            if n is not None and n != self.name and n not in seen:
                seen.append(n)
        return tuple(seen)


@dataclass(frozen=True)
class Comparison:
    """Maps of one value stream in the order given, their metrics, and the union of their steps."""

    maps: tuple[ValueStreamMap, ...]
    metrics: tuple[Metrics, ...]
    #: A short label per map for column heads: its date, else its state, else "map N".
    labels: tuple[str, ...]
    #: The union of the maps' steps in flow order.
    steps: tuple[StepRow, ...]

    @property
    def first(self) -> tuple[ValueStreamMap, Metrics]:
        return self.maps[0], self.metrics[0]

    @property
    def last(self) -> tuple[ValueStreamMap, Metrics]:
        return self.maps[-1], self.metrics[-1]

    @property
    def bottleneck_moved(self) -> bool:
        """True when the last map's bottleneck is not the first map's (SPEC section 4)."""
        return self.metrics[-1].bottleneck.id != self.metrics[0].bottleneck.id

    @property
    def bottlenecks_between(self) -> tuple[int, ...]:
        """The maps between the first and the last (their indexes) whose bottleneck is
        neither the first map's nor the last's, each such step once: where the bottleneck
        went in between, so that one the same at both ends is not called unmoved."""
        ends = {self.metrics[0].bottleneck.id, self.metrics[-1].bottleneck.id}
        seen: set[str] = set()
        found = []
        for i in range(1, len(self.maps) - 1):
            b = self.metrics[i].bottleneck
            if b.wait_time > 0 and b.id not in ends and b.id not in seen:
                seen.add(b.id)
                found.append(i)
        return tuple(found)

    @property
    def process_not_given(self) -> bool:
        """Whether a map has a step but gives no process time for it (tables say so)."""
        return any(p and not g for r in self.steps for p, g in zip(r.present, r.process_given))

    @property
    def added(self) -> tuple[StepRow, ...]:
        """Steps the last map has and the first lacks."""
        return tuple(r for r in self.steps if r.present[-1] and not r.present[0])

    @property
    def removed(self) -> tuple[StepRow, ...]:
        """Steps the first map has and the last lacks."""
        return tuple(r for r in self.steps if r.present[0] and not r.present[-1])

    @property
    def renamed(self) -> tuple[StepRow, ...]:
        return tuple(r for r in self.steps if r.former_names)

    @property
    def critical_path_moved(self) -> bool:
        """The last map's critical path holds other steps (by id) than the first map's."""
        return set(self.metrics[0].critical_path) != set(self.metrics[-1].critical_path)

    @property
    def planned(self) -> bool:
        """The last map is a future or ideal state and the first is not: the comparison is a plan."""
        last = (self.maps[-1].state or "").strip().lower()
        first = (self.maps[0].state or "").strip().lower()
        return last in _PLANNED and first not in _PLANNED


MapSource = Union[ValueStreamMap, str, Path]


def row_notes(row: StepRow) -> list[str]:
    """What became of a step across the maps: ["new in [2]"], ["gone in [3]"], ["was Deploy"]."""
    notes = []
    if not row.present[0]:
        notes.append(f"new in [{row.present.index(True) + 1}]")
    if row.present[0] and not all(row.present):
        notes.append(f"gone in [{row.present.index(False) + 1}]")
    if row.former_names:
        notes.append("was " + ", ".join(row.former_names))
    return notes


def compare(maps: Sequence[MapSource]) -> Comparison:
    """Compare maps of one value stream, in the order given (paths or YAML text are loaded).

    Steps are matched by id (the slug of the name when a map gives none), so a step
    renamed between maps is still one step. Needs at least one map; two or more to
    say anything.
    """
    from .loader import load

    if isinstance(maps, (str, bytes, Path, ValueStreamMap)):
        raise TypeError(f"compare takes a list of maps, not one {type(maps).__name__} "
                        "(a string would be read letter by letter)")
    models = tuple(m if isinstance(m, ValueStreamMap) else load(m) for m in maps)
    if not models:
        raise ValueError("compare needs at least one map")
    results = tuple(compute_metrics(v) for v in models)
    order = _union_order([[s.id for s in v.steps] for v in models])
    rows = []
    for step_id in order:
        found: list[Optional[Step]] = []
        for v in models:
            found.append(next((s for s in v.steps if s.id == step_id), None))
        names = tuple(s.name if s else None for s in found)
        latest = next(n for n in reversed(names) if n is not None)
        rows.append(StepRow(
            id=step_id,
            name=latest,
            names=names,
            wait_time=tuple(s.wait_time if s else None for s in found),
            process_time=tuple(s.process_time if s else None for s in found),
            on_critical_path=tuple(None if s is None else m.on_critical_path(s)
                                   for s, m in zip(found, results)),
            process_given=tuple(s is not None and gives_process_time(s) for s in found),
        ))
    return Comparison(maps=models, metrics=results, labels=_labels(models), steps=tuple(rows))


def _union_order(sequences: list[list[str]]) -> list[str]:
    """Every id once, in flow order: a new id goes right after its predecessor in its own map."""
    order: list[str] = []
    for seq in sequences:
        for i, step_id in enumerate(seq):
            if step_id in order:
                continue
            before = next((p for p in reversed(seq[:i]) if p in order), None)
            if before is None:
                after = next((n for n in seq[i + 1:] if n in order), None)
                order.insert(order.index(after) if after else len(order), step_id)
            else:
                order.insert(order.index(before) + 1, step_id)
    return order


def _labels(models: tuple[ValueStreamMap, ...]) -> tuple[str, ...]:
    dates = [v.date.isoformat() if v.date else None for v in models]
    if all(dates) and len(set(dates)) == len(dates):
        return tuple(d for d in dates if d)
    states = [(v.state or "").strip() for v in models]
    if all(states) and len(set(states)) == len(states):
        return tuple(states)
    return tuple(f"map {i}" for i in range(1, len(models) + 1))


# --- JSON ---------------------------------------------------------------------------------

def compare_json(c: Comparison, unit: Optional[str] = None) -> dict[str, Any]:
    """The object ``vsm-draw compare --json`` prints (SPEC section 4), durations in ``unit``.

    ``unit`` defaults to the first map's; each map's figures are converted under its own
    calendar. Numbers are not rounded.
    """
    unit = normalize_unit(unit or c.maps[0].unit)

    def dur(seconds: Optional[float], cal: Calendar) -> Optional[float]:
        return None if seconds is None else to_unit(seconds, unit, cal)

    maps = []
    for i, (v, m) in enumerate(zip(c.maps, c.metrics)):
        b = m.bottleneck
        maps.append({
            "title": v.title,
            "state": v.state,
            "date": v.date.isoformat() if v.date else None,
            "label": c.labels[i],
            "lead_time": dur(m.lead_time, v.calendar),
            "process_time": dur(m.process_time, v.calendar),
            "wait_time": dur(m.wait_time, v.calendar),
            "flow_efficiency": m.flow_efficiency,
            "flow_efficiency_rating": m.rating,
            "critical_path": list(m.critical_path),
            "total_process_time": dur(m.total_process_time, v.calendar),
            "lead_time_with_rework": dur(m.lead_time_with_rework, v.calendar),
            "process_time_with_rework": dur(m.process_time_with_rework, v.calendar),
            "bottleneck": {
                "id": b.id,
                "name": b.name,
                "wait_time": dur(b.wait_time, v.calendar),
                "wait_reason": b.wait_reason,
                "informal_wait": b.informal_wait,
            },
        })
    steps = []
    for row in c.steps:
        steps.append({
            "id": row.id,
            "name": row.name,
            "names": list(row.names),
            "wait_time": [dur(w, v.calendar) for w, v in zip(row.wait_time, c.maps)],
            "process_time": [dur(p, v.calendar) for p, v in zip(row.process_time, c.maps)],
            "on_critical_path": list(row.on_critical_path),
        })
    (v0, m0), (v1, m1) = c.first, c.last
    return {
        "unit": unit,
        "maps": maps,
        "steps": steps,
        "bottleneck_moved": c.bottleneck_moved,
        "critical_path_moved": c.critical_path_moved,
        "added": [r.id for r in c.added],
        "removed": [r.id for r in c.removed],
        "change": {
            "lead_time": to_unit(m1.lead_time, unit, v1.calendar) - to_unit(m0.lead_time, unit, v0.calendar),
            "lead_time_ratio": _ratio_change(m0.lead_time, m1.lead_time),
            "lead_time_with_rework": to_unit(m1.lead_time_with_rework, unit, v1.calendar)
            - to_unit(m0.lead_time_with_rework, unit, v0.calendar),
            "process_time": to_unit(m1.process_time, unit, v1.calendar) - to_unit(m0.process_time, unit, v0.calendar),
            "wait_time": to_unit(m1.wait_time, unit, v1.calendar) - to_unit(m0.wait_time, unit, v0.calendar),
            "flow_efficiency": (None if m0.flow_efficiency is None or m1.flow_efficiency is None
                                else m1.flow_efficiency - m0.flow_efficiency),
        },
        "narrative": narrative(c),
    }


def _ratio_change(before: float, after: float) -> Optional[float]:
    """None when the base is zero, or so near it (5e-324) that the ratio is not finite."""
    ratio = None if before == 0 else (after - before) / before
    return ratio if ratio is not None and math.isfinite(ratio) else None


# --- words ---------------------------------------------------------------------------------

def percent_change(before: float, after: float) -> str:
    """'-18%', '+5%', '0%', '-0.4%'; '' when the base is zero, or so near it (1e-300 s)
    that the change is more than a million times it: a 300-digit percentage says nothing."""
    ratio = _ratio_change(before, after)
    if ratio is None or abs(ratio) > 1e6:
        return ""
    value = ratio * 100
    if value == 0:
        return "0%"
    if abs(value) < 1:
        text = f"{abs(value):.1f}".rstrip("0").rstrip(".")
    else:
        text = str(math.floor(abs(value) + 0.5))
    return ("-" if value < 0 else "+") + text + "%"


#: Short German words that no English reason holds: a reason with one keeps its capitals.
_GERMAN = frozenset("nur und der die das den dem des im am ist sind wird werden nicht mit von zu "
                    "auf bei nach vor wegen ein eine einer kein keine noch erst".split())


def _lower_first(text: str) -> str:
    """'Fortnightly release train' -> 'fortnightly release train'; 'QA booked' stays, and so
    does a reason that is not plain ASCII or has a German word of a few letters, which may
    be German, where a noun keeps its capital ('Testumgebung nur monatlich verfügbar')."""
    if not text.isascii() or any(w in _GERMAN for w in text.lower().split()[1:]):
        return text
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def bottleneck_phrase(step: Step, calendar: Calendar = Calendar()) -> str:
    """'the wait before Deploy (5 d, fortnightly release train)'."""
    if step.wait_time <= 0:
        return "no wait (nothing waits in this map)"
    details = [humanize(step.wait_time, calendar)]
    if step.wait_reason:
        details.append(_lower_first(step.wait_reason.rstrip(".")))
    if step.informal_wait:
        details.append("an informal queue")
    return f"the wait before {step.name} ({', '.join(details)})"


def signed_duration(seconds: float, calendar: Calendar = Calendar(),
                    unit: Optional[str] = None) -> str:
    """A change of duration: '-5 d', '+12 h', '0' (in days from a day up, never in weeks,
    never above the map's unit: an hours map's lead time changes by '+36.2 h')."""
    if seconds == 0:
        return "0"
    size = abs(seconds)
    if unit:
        text = format_in(size, unit, calendar)
    elif size >= calendar.day:
        text = format_in(size, at_most("days", calendar), calendar)
    else:
        text = humanize(size, calendar)
    return ("-" if seconds < 0 else "+") + text


def points_change(before: Optional[float], after: Optional[float]) -> str:
    """A change of flow efficiency in percentage points: '+3.3 pts', '0 pts', 'n/a'."""
    if before is None or after is None:
        return "n/a"
    # The difference of the figures as printed beside it (format_percent rounds them with
    # format_number), so 1.2 % -> 1.5 % reads +0.3 pts, not the unrounded +0.2.
    diff = float(format_number(after * 100)) - float(format_number(before * 100))
    text = f"{abs(diff):.1f}".rstrip("0").rstrip(".")
    if text == "0":
        return "0 pts"
    return ("-" if diff < 0 else "+") + text + " pts"


def bottleneck_change(before: Step, after: Step, away: bool = False) -> str:
    """For people: 'moved', 'same', 'back' (the same at both ends, ``away`` in between), or
    '—' when nothing waits in either map (the JSON's ``bottleneck_moved`` compares ids, as
    SPEC says, even then)."""
    if before.wait_time <= 0 and after.wait_time <= 0:
        return "—"
    if before.id != after.id:
        return "moved"
    return "back" if away else "same"


def bottleneck_clause(c: Comparison) -> str:
    """The bottleneck first map to last, in a few words for a subtitle: "the bottleneck
    moved from A to B", "is still A", "is again A (B in between)", "nothing waits"; a plan
    (a future state last) says "would"."""
    b0, b1 = c.metrics[0].bottleneck, c.metrics[-1].bottleneck
    if b0.wait_time <= 0 and b1.wait_time <= 0:
        return "nothing waits"
    plan = c.planned
    if c.bottleneck_moved:
        return f"the bottleneck {'would move' if plan else 'moved'} from {b0.name} to {b1.name}"
    if c.bottlenecks_between:
        between = ", ".join(c.metrics[i].bottleneck.name for i in c.bottlenecks_between)
        return f"the bottleneck {'would again be' if plan else 'is again'} {b1.name} ({between} in between)"
    return f"the bottleneck {'would still be' if plan else 'is still'} {b1.name}"


def _bottlenecks_between_phrase(c: Comparison) -> str:
    """'the wait before Test (4 d) on 2026-06-30 and ...': where the bottleneck was in between."""
    parts = []
    for i in c.bottlenecks_between:
        when = (f"on {c.maps[i].date.isoformat()}" if c.maps[i].date else f"in map {i + 1}")
        parts.append(f"{bottleneck_phrase(c.metrics[i].bottleneck, c.maps[i].calendar)} {when}")
    return " and ".join(parts)


def _moved(before: float, after: float, plan: bool) -> str:
    if after < before:
        return "would fall" if plan else "fell"
    if after > before:
        return "would rise" if plan else "rose"
    return "would stay" if plan else "stayed"


def narrative(c: Comparison) -> list[str]:
    """What happened, in plain words with the maps' figures: a few sentences.

    "Lead time fell from 17.1 d to 14.1 d (-18%). The bottleneck moved from the wait
    before Deploy (5 d, fortnightly release train) to the wait before Requirements (4 d,
    waiting for design feedback, an informal queue)."
    """
    (v0, m0), (v1, m1) = c.first, c.last
    if len(c.maps) == 1:
        return [f"Only one map: lead time {humanize(m0.lead_time, v0.calendar)}, "
                f"bottleneck {bottleneck_phrase(m0.bottleneck, v0.calendar)}. "
                "Give two or more maps to compare them."]
    plan = c.planned
    cal0, cal1 = v0.calendar, v1.calendar
    lead0, lead1 = humanize(m0.lead_time, cal0), humanize(m1.lead_time, cal1)
    sentences: list[str] = []
    span = ""
    if len(c.maps) > 2:
        span = f"Over {len(c.maps)} maps ({c.labels[0]} to {c.labels[-1]}), "
    verb = _moved(m0.lead_time, m1.lead_time, plan)
    change = percent_change(m0.lead_time, m1.lead_time)
    if m0.lead_time == m1.lead_time:
        lead = f"lead time {verb} at {lead0}."
    else:
        lead = f"lead time {verb} from {lead0} to {lead1}" + (f" ({change})." if change else ".")
    sentences.append((span + lead)[0].upper() + (span + lead)[1:])
    calendars = calendar_sentence(c.maps)
    if calendars:  # "96.4 d -> 65.7 d (-77%)" needs it
        sentences.append(calendars)
    if any(m.loops for m in c.metrics):
        r0, r1 = m0.lead_time_with_rework, m1.lead_time_with_rework
        rverb = _moved(r0, r1, plan)
        if humanize(r0, cal0) == humanize(r1, cal1):
            sentences.append(f"With rework, the expected lead time {rverb} at "
                             f"{humanize(r1, cal1)}.")
        else:
            pct = percent_change(r0, r1)
            sentences.append(f"With rework, the expected lead time {rverb} from "
                             f"{humanize(r0, cal0)} to {humanize(r1, cal1)}"
                             + (f" ({pct})." if pct else "."))
    moved = path_move(v0, m0, v1, m1, "would move" if plan else "moved")
    if moved:
        sentences.append(moved)
    if plan:
        saved = m0.wait_time - m1.wait_time
        if saved > 0:
            sentences.append(f"The {v1.state.strip().lower()} state removes "  # type: ignore[union-attr]
                             f"{signed_duration(saved, cal1)[1:]} of waiting.")
    fe0, fe1 = m0.flow_efficiency, m1.flow_efficiency
    if fe0 is not None and fe1 is not None and format_percent(fe0) != format_percent(fe1):
        fe_verb = ("would rise" if plan else "rose") if fe1 > fe0 else ("would fall" if plan else "fell")
        sentences.append(f"Flow efficiency {fe_verb} from {format_percent(fe0)} to "
                         f"{format_percent(fe1)}: {m1.rating}.")
    ca = rolled_complete_accurate_sentence(
        v0, m0.rolled_complete_accurate, v1, m1.rolled_complete_accurate,
        ("would rise", "would fall") if plan else ("rose", "fell"))
    if ca:
        sentences.append(ca)
    b0, b1 = m0.bottleneck, m1.bottleneck
    if b0.wait_time <= 0 and b1.wait_time <= 0:
        pass  # nothing waits in either map: no bottleneck to have moved
    elif c.bottleneck_moved:
        move = "would move" if plan else "moved"
        text = (f"The bottleneck {move} from {bottleneck_phrase(b0, cal0)} to "
                f"{bottleneck_phrase(b1, cal1)}")
        if c.bottlenecks_between:
            text += ", by way of " + _bottlenecks_between_phrase(c)
        sentences.append(text + ".")
    elif b1.wait_time > 0:
        # Back where it started is not "still": a quarter in between had another one.
        again = "again" if c.bottlenecks_between else "still"
        if b0.wait_time != b1.wait_time:
            still = (f"The bottleneck {'would ' + again + ' be' if plan else 'is ' + again} "
                     f"the wait before {b1.name}, {humanize(b0.wait_time, cal0)} then "
                     f"{humanize(b1.wait_time, cal1)}")
        else:
            still = (f"The bottleneck {'would ' + again + ' be' if plan else 'is ' + again} "
                     f"{bottleneck_phrase(b1, cal1)}")
        if c.bottlenecks_between:
            still += "; in between it was " + _bottlenecks_between_phrase(c)
        still += "."
        sentences.append(still)
    moves = _biggest_wait_changes(c)
    if moves:
        sentences.append("The waits that changed most: " + ", ".join(moves) + ".")
    if c.added:
        sentences.append(("New " + ("step: " if len(c.added) == 1 else "steps: ")
                          + ", ".join(r.name for r in c.added) + "."))
    if c.removed:
        sentences.append(("Gone: " + ", ".join(r.name for r in c.removed) + "."))
    if c.renamed:
        sentences.append("Renamed (matched by id): " + ", ".join(
            f"{r.former_names[0]} is now {r.name}" for r in c.renamed) + ".")
    return sentences


def _biggest_wait_changes(c: Comparison, most: int = 3) -> list[str]:
    """'before Deployment pipeline -5 d', first map to last, largest first (a missing step waits 0)."""
    cal = c.maps[-1].calendar
    changes = []
    for row in c.steps:
        before, after = row.wait_time[0], row.wait_time[-1]
        diff = (after or 0.0) - (before or 0.0)
        if diff != 0:
            gone = " (step gone)" if after is None else " (new step)" if before is None else ""
            changes.append((-abs(diff), f"before {row.name} {signed_duration(diff, cal)}{gone}"))
    changes.sort(key=lambda x: x[0])  # stable: flow order on a tie
    return [text for _, text in changes[:most]]


# --- the table ----------------------------------------------------------------------------


def _duration_figures(c: Comparison, rework_label: str = "Lead time with rework"
                      ) -> list[tuple[str, str]]:
    """(label, Metrics attribute) of the durations compared; the lead time with rework
    when a map has rework."""
    figures = [("Lead time", "lead_time"), ("Process time", "process_time"),
               ("Wait time", "wait_time")]
    if any(m.loops for m in c.metrics):
        figures.insert(1, (rework_label, "lead_time_with_rework"))
    return figures


def totals_rows(c: Comparison) -> list[dict[str, Any]]:
    """The headline figures of every map with the change first to last, for reports:
    each row ``{"label", "cells": [text per map], "change": text, "mark"}`` (``mark``: see
    :func:`vsm_draw.words.change_mark`); the bottleneck's row also ``"names": True`` (its
    cells are step names, which wrap)."""
    v1 = c.maps[-1]
    totals: list[dict[str, Any]] = []
    for label, attr in _duration_figures(c):
        values = [getattr(m, attr) for m in c.metrics]
        pct = percent_change(values[0], values[-1])
        totals.append({"label": label,
                       "cells": [humanize(x, v.calendar) for x, v in zip(values, c.maps)],
                       "change": signed_duration(values[-1] - values[0], v1.calendar)
                       + (f" ({pct})" if pct else ""),
                       "mark": change_mark(values[0], values[-1])})
    fes = [m.flow_efficiency for m in c.metrics]
    totals.append({"label": "Flow efficiency", "cells": [format_percent(f) for f in fes],
                   "change": points_change(fes[0], fes[-1]),
                   "mark": change_mark(fes[0], fes[-1], lower_is_better=False)})
    totals.append({"label": "Bottleneck",
                   "cells": [f"{m.bottleneck.name} ({humanize(m.bottleneck.wait_time, v.calendar)})"
                              if m.bottleneck.wait_time > 0 else "none"
                              for v, m in zip(c.maps, c.metrics)],
                   "change": bottleneck_change(c.metrics[0].bottleneck, c.metrics[-1].bottleneck,
                                                bool(c.bottlenecks_between)),
                   "mark": None, "names": True})
    return totals


def compare_table(c: Comparison, unit: Optional[str] = None) -> str:
    """The table ``vsm-draw compare`` prints: the maps, each step's change, the totals, the story."""
    from .table import grid

    unit = normalize_unit(unit) if unit else None
    n = len(c.maps)
    last_cal = c.maps[-1].calendar

    def dur(seconds: Optional[float], cal: Calendar) -> str:
        if seconds is None:
            return "—"
        return format_in(seconds, unit, cal) if unit else humanize(seconds, cal)

    lines = [f"Comparing {n} maps of one value stream, in the order given:"]
    for i, v in enumerate(c.maps, 1):
        extra = ", ".join(x for x in (v.state, v.date.isoformat() if v.date else None) if x)
        lines.append(f"  [{i}] {v.title}" + (f"  ({extra})" if extra else ""))
    dates = [v.date for v in c.maps]
    if all(dates) and any(a > b for a, b in zip(dates, dates[1:])):  # type: ignore[operator]
        lines.append("  note: their dates are not in order; the change is from [1] to "
                     f"[{n}] as given")
    lines.append("")

    head = ["Step"] + [f"Wait [{i}]" for i in range(1, n + 1)] + ["Change"]
    head += [f"Work [{i}]" for i in range(1, n + 1)] + ["Change", "Note"]
    rows = [head]
    for row in c.steps:
        waits = []
        for i, (w, v, m) in enumerate(zip(row.wait_time, c.maps, c.metrics)):
            text = dur(w, v.calendar)
            if w is not None and m.bottleneck.id == row.id and m.bottleneck.wait_time > 0:
                text = f"[{text}]"
            waits.append(text)
        notes = []
        present = row.present
        if not present[0]:
            first = present.index(True) + 1
            notes.append(f"added in [{first}]")
        if present[0] and not all(present):
            gone = present.index(False) + 1
            notes.append(f"removed in [{gone}]")
        if row.former_names:
            notes.append("was " + ", ".join(row.former_names))
        parallel = [str(i) for i, on in enumerate(row.on_critical_path, 1) if on is False]
        if parallel:
            notes.append(f"off the critical path in [{', '.join(parallel)}]")
        rows.append([row.name] + waits + [_row_change(row.wait_time, last_cal, unit)]
                    + [row.process_time_text(i, dur(p, v.calendar))
                       for i, (p, v) in enumerate(zip(row.process_time, c.maps))]
                    + [_row_change(row.process_time_known, last_cal, unit), "; ".join(notes)])
    right = set(range(1, len(head) - 1))
    lines += grid(rows, right, header_rule=True)
    lines.append("[ ] the map's bottleneck: the longest wait"
                 + (" on its critical path" if any(m.branched for m in c.metrics) else "")
                 + "   — the map lacks the step"
                 + (f"   {NOT_GIVEN}: the map gives no process time, so no change"
                    if c.process_not_given else ""))
    lines.append("")

    totals = [["", *[f"[{i}]" for i in range(1, n + 1)], "Change", ""]]
    for label, attr in _duration_figures(c, "  with rework"):
        values = [getattr(m, attr) for m in c.metrics]
        totals.append([label, *[dur(x, v.calendar) for x, v in zip(values, c.maps)],
                       signed_duration(values[-1] - values[0], last_cal, unit),
                       percent_change(values[0], values[-1])])
    fes = [m.flow_efficiency for m in c.metrics]
    totals.append(["Flow efficiency", *[format_percent(f) for f in fes],
                   points_change(fes[0], fes[-1]), ""])
    totals.append(["Bottleneck", *[m.bottleneck.name if m.bottleneck.wait_time > 0 else "none"
                                   for m in c.metrics],
                   bottleneck_change(c.metrics[0].bottleneck, c.metrics[-1].bottleneck,
                                     bool(c.bottlenecks_between)), ""])
    lines += grid(totals, set(range(1, n + 3)), header_rule=True)
    lines.append("")
    lines += narrative(c)
    return "\n".join(lines) + "\n"


def _row_change(values: tuple[Optional[float], ...], cal: Calendar, unit: Optional[str]) -> str:
    """First to last value where the step exists in both, else blank."""
    if values[0] is None or values[-1] is None:
        return ""
    return signed_duration(values[-1] - values[0], cal, unit)
