"""Trying a change before making it: a map with some step fields changed, before and after.

A change is ``STEP.FIELD=VALUE`` (STEP a step's id or name, FIELD a step field of the
map format, VALUE written as in a map). It is applied to the map's data and the result
goes through the loader again, so a value means exactly what it means in a map and a
bad one gets the loader's own message. Nothing here reads or writes files.
"""
from __future__ import annotations

import copy
import dataclasses
import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Mapping, Optional, Union

import yaml

from .durations import format_in, format_percent, humanize, normalize_unit, to_unit
from .flow_words import path_move
from .errors import Problem, VsmError, shorten
from .fields import (BOUNDARY_FIELDS, INFO_FLOW_FIELDS, MAP_FIELDS, REWORK_FIELDS,
                     STEP_FIELDS, Field)
from .metrics import Metrics, metrics as compute_metrics, metrics_json
from .model import Calendar, Step, ValueStreamMap
from .words import (NOT_GIVEN, gives_complete_accurate, gives_process_time,
                    rolled_complete_accurate_sentence)
from .yamlsource import represent_text

__all__ = [
    "Change",
    "ChangeError",
    "AppliedChange",
    "WhatIf",
    "Sensitivity",
    "parse_change",
    "whatif",
    "sensitivity",
    "whatif_json",
    "whatif_table",
    "whatif_narrative",
    "sensitivity_table",
    "whatif_html",
    "whatif_picture",
    "map_data",
    "plain_data",
]

_FIELDS = {f.name: f for f in STEP_FIELDS}
#: Fields of a step's mappings, set one at a time: ``review.rework.rate=10%``.
_NESTED: dict[str, Field] = {f"rework.{f.name}": f for f in REWORK_FIELDS}
#: Every FIELD a change may name.
_SETTABLE: dict[str, Field] = {**_FIELDS, **_NESTED}
#: Fields whose VALUE is taken as literal text, never read as YAML (so `owner=no` is "no").
_TEXT_KINDS = {"text", "id"}
#: Fields that take a list of texts (one text may stand for a list of one).
_LIST_KINDS = {"step_refs", "statuses"}
#: Keys whose values (or list items) the loader reads as text, whatever YAML makes of them.
_TEXT_KEYS = {f.name for group in (MAP_FIELDS, STEP_FIELDS, BOUNDARY_FIELDS, INFO_FLOW_FIELDS,
                                   REWORK_FIELDS)
              for f in group if f.kind in _TEXT_KINDS | _LIST_KINDS}


#: The words that mark a wait reason or kaizen idea written for the map before a change.
OLD_STATE_NOTE = "before the change:"
#: The fields that change a step's queue, so its wait reason no longer describes it.
_WAIT_FIELDS = {"wait_time", "inventory", "informal_wait"}


class ChangeError(ValueError):
    """A change that names no step or field of the map, or is not STEP.FIELD=VALUE (a usage error)."""


@dataclass(frozen=True)
class Change:
    """One requested change: ``value`` as a map would hold it (None removes the field)."""

    step: str
    field: str
    value: Any
    #: The change as the user wrote it, for messages.
    text: str = ""

    def __str__(self) -> str:
        return self.text or f"{self.step}.{self.field}={self.value}"

    @property
    def shown(self) -> str:
        """The change for a message: a 5,000-digit VALUE or a name of 17,000 characters is
        not echoed whole, and a line break in it does not break the message's line."""
        return shorten(" ".join(str(self).split()), _SHOWN)


#: How much of a --set a message quotes ('Code review.process_time=2h 30m' whole).
_SHOWN = 60


@dataclass(frozen=True)
class AppliedChange:
    """A change as it landed: the step (id and name before) and the field's model value before and after."""

    step: Step
    field: str
    before: Any
    after: Any


@dataclass(frozen=True)
class WhatIf:
    """The map before and after the changes, their metrics, and the changed map's data."""

    before: ValueStreamMap
    after: ValueStreamMap
    before_metrics: Metrics
    after_metrics: Metrics
    changes: tuple[AppliedChange, ...]
    #: The changed map as plain YAML data (``state: future``); :meth:`yaml` writes it.
    data: Mapping[str, Any]
    #: The file (or ``<map>``) the map before the changes came from.
    source: str = ""
    #: The YAML text the map before the changes was read from ("" for a model).
    source_text: str = dataclasses.field(default="", repr=False)

    def yaml(self) -> str:
        """The changed map as YAML text, a valid map, under comment lines that say what was
        changed, from what to what. The original's text is kept as written (comments,
        quoting, order) with only the changed values edited, so a diff against it shows
        the change; a map written in YAML's flow style is written afresh instead."""
        return "".join(f"# {_one_line(line)}\n" for line in self.record()) + self._text()

    def _text(self) -> str:
        fresh = _dump(self.data)
        if not self.source_text:
            return fresh
        from .loader import load_text
        from .yamledit import CannotEdit, edited_text
        from .yamlsource import parse_yaml

        try:
            original = plain_data(parse_yaml(self.source_text, self.source))
            text = edited_text(self.source_text, original, self.data, _flow)
            # The edit must read as the changed map: else the data, written afresh.
            if load_text(text, self.source) == self.after:
                return text if text.endswith("\n") else text + "\n"
        except (CannotEdit, VsmError, yaml.YAMLError):
            pass
        return fresh

    def record(self) -> list[str]:
        """What the changed map's YAML says of its making: the source and each change."""
        lines = [f"What if: {self.source or 'a map'} with these changes (vsm-draw whatif):"]
        cal = self.before.calendar
        for c in self.changes:
            lines.append(f"  {c.step.id}.{c.field}: {_before_words(c, self)}"
                         f" -> {_value_words(c.field, c.after, self.after.calendar, self.after)}")
        return lines

    def was(self):
        """The map before the changes, as the diagram of :meth:`after_as_shown` takes it
        (``render_diagram(..., was=result.was())``): each changed figure is marked there,
        its old value ghosted beside it, and the caption asks the what-if in words."""
        from .layout.changes import Was

        if not self.changes:
            return Was(self.before, self.before_metrics)
        condition = _condition(self)
        return Was(self.before, self.before_metrics, (f"What if {condition}?",))

    def after_as_shown(self) -> ValueStreamMap:
        """The changed map as pictures and reports show it: the wait reason and kaizen idea of
        a changed step say they describe the state before the change (the figures moved, the
        words did not). The metrics are those of :attr:`after`."""
        import dataclasses

        fields: dict[str, set[str]] = {}
        for c in self.changes:
            fields.setdefault(c.step.id, set()).add(c.field)
        steps = []
        for step in self.after.steps:
            changed = fields.get(step.id, set())
            updates: dict[str, str] = {}
            if (step.wait_reason and changed & _WAIT_FIELDS and "wait_reason" not in changed):
                updates["wait_reason"] = f"{OLD_STATE_NOTE} {step.wait_reason}"
            if step.kaizen and changed - {"kaizen", "notes", "owner", "name", "wait_statuses",
                                          "active_statuses"} \
                    and "kaizen" not in changed:
                updates["kaizen"] = f"{OLD_STATE_NOTE} {step.kaizen}"
            steps.append(dataclasses.replace(step, **updates) if updates else step)
        return dataclasses.replace(self.after, steps=tuple(steps))


@dataclass(frozen=True)
class Sensitivity:
    """What one step's wait is worth: the lead time without it and with it halved.

    Off the critical path a wait gains nothing until the step's ``slack`` is used up:
    the lead time is that of the (possibly new) critical path once the wait is changed.
    """

    step: Step
    lead_time_removed: float
    lead_time_halved: float
    #: The bottleneck once this wait is removed.
    bottleneck_removed: Step
    lead_time: float = 0.0
    #: How much longer the step could take before it lengthens the lead time.
    slack: float = 0.0
    on_critical_path: bool = True

    @property
    def gain_removed(self) -> float:
        return self.lead_time - self.lead_time_removed

    @property
    def gain_halved(self) -> float:
        return self.lead_time - self.lead_time_halved


# --- parsing a change ----------------------------------------------------------------------

def parse_change(text: str) -> Change:
    """``"Code review.wait_time=1d"`` -> Change. STEP may hold dots: FIELD is after the last one.

    VALUE is read as YAML, as in a map (``1d``, ``90%``, ``false``, ``8``); text fields
    (``owner``, ``kaizen``...) take it literally. An empty VALUE removes the field.
    """
    names = sorted(_SETTABLE, key=len, reverse=True)  # `rework.rate` before `rework`
    known = re.search(r"\.\s*(" + "|".join(re.escape(n) for n in names) + r")\s*=", text)
    if known:  # a step name may itself hold '=' (`a=b.wait_time=1d`)
        target, sep, raw = text[:known.end() - 1], "=", text[known.end():]
    else:
        target, sep, raw = text.partition("=")
    step, dot, field = target.strip().rpartition(".")
    parent = step.rpartition(".")[2].strip()
    if parent in {n.partition(".")[0] for n in _NESTED}:  # STEP.rework.rate: a dotted field
        step, field = step.rpartition(".")[0], f"{parent}.{field.strip()}"
    if not sep or not dot or not step.strip() or not field.strip():
        raise ChangeError(f"{shorten(text, _SHOWN)!r} is not STEP.FIELD=VALUE; for example "
                          "'Code review.wait_time=1d' or 'review.process_time=1h'")
    field = field.strip()
    return Change(step=step.strip(), field=field, value=_read_value(field, raw), text=text)


def _read_value(field: str, raw: str) -> Any:
    raw = raw.strip()
    if raw == "":
        return None
    f = _SETTABLE.get(field)
    if f is not None and f.kind in _TEXT_KINDS:
        return _quoted_text(field, raw)
    if f is not None and f.kind in _LIST_KINDS:  # `build.wait_statuses=[Ready, In QA]`
        from .yamlsource import parse_yaml

        try:
            node = parse_yaml(raw, "--set")
        except VsmError:
            example = ("[Ready, In QA] or one status" if f.kind == "statuses"
                       else "[build, test] or one step")
            raise ChangeError(f"{field}={shorten(raw, _SHOWN)!r} is not valid YAML; write "
                              f"{example}, as in "
                              "a map (quote a name that holds ': ' or starts with '[' "
                              "or '{')") from None
        # As the loader reads the map: `no`, `[no, 1.10]` keep their words, `~` removes the field.
        return plain_data(node, field)
    try:
        value = yaml.safe_load(raw)
    except yaml.YAMLError:
        return raw
    except ValueError:  # an integer of more than 4,300 digits, which int() refuses
        return _Plain(raw)  # the loader says what it says of it in a map
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        # Kept as written, so `1:30` or `010` meets the loader's check as in a map.
        return _Plain(raw)
    # Lists and mappings only where the field takes one: `docs.after=[a, b]`,
    # `review.rework={to: dev, rate: 10%}`.
    takes = {"step_refs": list, "rework": dict}.get(f.kind if f else "")
    if isinstance(value, (dict, list)) and not (takes and isinstance(value, takes)):
        return raw
    return value


def _quoted_text(field: str, raw: str) -> str:
    """A text field's value: in quotes, what the map's YAML reader makes of them (``'abc'``
    is abc, ``'it''s'`` is it's); otherwise as written (``no`` stays no, ``1.10`` 1.10)."""
    if len(raw) < 2 or raw[0] not in "'\"" or raw[-1] != raw[0]:
        return raw
    from .yamlsource import YScalar, parse_yaml

    try:
        node = parse_yaml(raw, "--set")
    except VsmError:
        node = None
    if not isinstance(node, YScalar) or not isinstance(node.value, str):  # 'a' 'b', "\ud800"
        raise ChangeError(f"{field}={shorten(raw, _SHOWN)!r} is not one text in quotes; quote "
                          "it as in a map ('it''s', \"say \\\"no\\\"\") or leave the quotes out")
    return node.value


class _Plain(str):
    """A scalar written back exactly as the user typed it (plain style, YAML's own tag)."""


class _Dumper(yaml.SafeDumper):
    pass


def _represent_plain(dumper: yaml.SafeDumper, data: _Plain) -> yaml.ScalarNode:
    tag = dumper.resolve(yaml.ScalarNode, str(data), (True, False))
    return dumper.represent_scalar(tag, str(data))


_Dumper.add_representer(_Plain, _represent_plain)
_Dumper.add_representer(str, represent_text)  # a value holding U+2028 reads back as written


def _as_changes(changes: Union[Mapping[str, Any], Iterable[Any]]) -> list[Change]:
    if isinstance(changes, Mapping):
        out = []
        for key, value in changes.items():
            step, dot, field = str(key).rpartition(".")
            if not dot or not step:
                raise ChangeError(f"{shorten(str(key), _SHOWN)!r} is not STEP.FIELD; for example "
                                  "'review.wait_time'")
            out.append(Change(step, field, value, f"{key}={value}"))
        return out
    if isinstance(changes, (str, Change)):  # one change, not a string of one-letter ones
        changes = [changes]
    out = []
    for item in changes:
        if isinstance(item, Change):
            out.append(item)
        elif isinstance(item, str):
            out.append(parse_change(item))
        else:
            step, field, value = item
            out.append(Change(str(step), str(field), value, f"{step}.{field}={value}"))
    return out


# --- applying changes ----------------------------------------------------------------------

Source = Union[ValueStreamMap, str, Path]


def whatif(source: Source, changes: Union[Mapping[str, Any], Iterable[Any]], *,
           file: Optional[str] = None) -> WhatIf:
    """Apply ``changes`` to a map and compute the metrics before and after.

    ``source`` is a :class:`ValueStreamMap`, a path or YAML text (from text the changed
    map keeps the original's fields as written). ``changes`` is a mapping such as
    ``{"review.wait_time": "1d"}``, or an iterable of ``"STEP.FIELD=VALUE"`` strings,
    :class:`Change` objects or ``(step, field, value)`` tuples. Setting ``wait_time``
    drops the step's ``inventory`` and the other way round; the result is ``state: future``.

    Raises :class:`ChangeError` for an unknown step or field (naming what exists) and
    :class:`~vsm_draw.errors.VsmError` when a value is invalid (the loader's message).
    """
    from .loader import is_yaml_text, load_text, map_name, read_map
    from .yamlsource import parse_yaml

    if isinstance(source, ValueStreamMap):
        before = source
        text = _dump(map_data(source))
        name = file or "<map>"
    elif isinstance(source, Path) or not is_yaml_text(source):
        name = file or map_name(source)
        text = read_map(source)  # VsmError when missing; read once, used for both
        before = load_text(text, name)
    else:
        name = file or "<map>"
        text = source
        before = load_text(source, name)
    data = plain_data(parse_yaml(text, name))
    requested = _as_changes(changes)
    for change in requested:
        _check_target(before, change, name)

    changed = copy.deepcopy(dict(data))
    for change in requested:
        _apply(changed, before, change)
    changed = _future(changed)
    try:
        after = load_text(_dump(changed), name)
    except VsmError:
        raise VsmError(_attribute(data, before, requested, text, name)) from None

    applied: list[AppliedChange] = []
    seen: set[tuple[str, str]] = set()
    for change in requested:
        index = _index(before, change.step)
        old = before.steps[index]
        key = (old.id, change.field)
        if key in seen:
            continue
        seen.add(key)
        new = after.steps[index]
        applied.append(AppliedChange(old, change.field, _model_value(old, change.field),
                                     _model_value(new, change.field)))
    return WhatIf(before, after, compute_metrics(before), compute_metrics(after),
                  tuple(applied), changed, name, text)


def _one_line(text: str) -> str:
    """``text`` on one line (every kind of line break YAML knows becomes a space)."""
    return " ".join(text.splitlines())


def _model_value(step: Step, field: str) -> Any:
    """A step's value of a FIELD (``rework.rate`` reaches into its rework)."""
    base, _, sub = field.partition(".")
    value = getattr(step, base)
    return getattr(value, sub) if sub and value is not None else value


def plain_data(node: Any, key: str = "") -> Any:
    """Positioned YAML as plain data, text fields as their source text (the loader's reading).

    ``yaml.safe_load`` would turn ``name: 1.10`` into 1.1 and ``owner: no`` into false,
    so the changed map would rename steps (and change their ids).
    """
    from .yamlsource import YMap, YSeq

    if isinstance(node, YMap):
        return {k: plain_data(v, k) for k, (_, _, v) in node.items.items()}
    if isinstance(node, YSeq):  # a list of texts (`after`, `wait_statuses`) keeps their words
        return [plain_data(item, key) for item in node.items]
    if key in _TEXT_KEYS and node.value is not None and not isinstance(node.value, str):
        return node.text
    return node.value


def _index(vsm: ValueStreamMap, key: str) -> int:
    for i, s in enumerate(vsm.steps):
        if s.id == key or s.name == key:
            return i
    for i, s in enumerate(vsm.steps):  # forgiving about case and spacing
        if key.strip().lower() in (s.id.lower(), s.name.lower()):
            return i
    raise KeyError(key)


def _check_target(vsm: ValueStreamMap, change: Change, name: str) -> None:
    try:
        _index(vsm, change.step)
    except KeyError:
        keys = [s.id for s in vsm.steps] + [s.name for s in vsm.steps]
        close = difflib.get_close_matches(change.step, keys, n=1, cutoff=0.6)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        listed = ", ".join(s.id if s.id == s.name else f"{s.id} ({s.name})" for s in vsm.steps)
        raise ChangeError(f"{name} has no step {shorten(change.step, _SHOWN)!r}{hint or '.'} "
                          "Steps (id and name): "
                          f"{listed}") from None
    if change.field not in _SETTABLE:
        close = difflib.get_close_matches(change.field, list(_SETTABLE), n=1, cutoff=0.6)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise ChangeError(f"a step has no field {shorten(change.field, _SHOWN)!r}{hint} "
                          "Step fields: "
                          f"{', '.join(_SETTABLE)}")


def _apply(data: dict[str, Any], vsm: ValueStreamMap, change: Change) -> None:
    steps = data["steps"]
    i = _index(vsm, change.step)
    step = steps[i]
    if change.field in _NESTED:
        base, _, sub = change.field.partition(".")
        if change.value is None and isinstance(step.get(base), dict):
            step[base].pop(sub, None)
        elif change.value is not None:
            inner = step.get(base)
            inner = dict(inner) if isinstance(inner, dict) else {}
            inner[sub] = change.value
            change = Change(change.step, base, inner, change.text)
    if "." in change.field:
        return  # a nested key removed above
    if change.value is None:
        step.pop(change.field, None)
    elif change.field in step:
        step[change.field] = change.value
    else:  # a new key goes where the map format lists it, not at the end
        order = list(_FIELDS)
        rank = order.index(change.field)
        items = list(step.items())
        at = next((k for k, (key, _) in enumerate(items)
                   if key in _FIELDS and order.index(key) > rank), len(items))
        items.insert(at, (change.field, change.value))
        steps[i] = step = dict(items)
    if change.field == "wait_time":
        step.pop("inventory", None)
    elif change.field == "inventory":
        step.pop("wait_time", None)


_CURRENT_STATE = re.compile(r"\b(c)urrent(\s+)(s)tate\b", re.IGNORECASE)
#: "Ist-Zustand" (German maps' current state; "Istzustand", "IST-Zustand"): "Soll-Zustand".
_IST_ZUSTAND = re.compile(r"\b(ist|IST|Ist)(-?)(zustand|Zustand|ZUSTAND)\b")
#: "état actuel" (French) and "estado actual" (Spanish): "état futur", "estado futuro".
_ACTUEL = re.compile(r"\b([ÉéEe]tat|[Ee]stado)(\s+)(actuel|actual)\b")


def _future_state(match: re.Match[str]) -> str:
    """"current state" as "future state", in the title's own capitals."""
    return ("F" if match[1].isupper() else "f") + "uture" + match[2] + \
        ("S" if match[3].isupper() else "s") + "tate"


def _future_title(title: str) -> str:
    """``title`` with the words for the current state it says in those for the future state
    (English, German, French, Spanish), in its own capitals: a what-if of "Antragsprüfung —
    Ist-Zustand" was headed so over a map marked "Future state"."""
    title = _CURRENT_STATE.sub(_future_state, title)
    title = _IST_ZUSTAND.sub(lambda m: {"ist": "soll", "IST": "SOLL", "Ist": "Soll"}[m[1]]
                             + m[2] + m[3], title)
    return _ACTUEL.sub(lambda m: m[1] + m[2] + ("futur" if m[3] == "actuel" else "futuro"), title)


def _future(data: dict[str, Any]) -> dict[str, Any]:
    """The data with ``state: future``, placed where a map writes it (after the title).

    The figures the team declared for the map before the changes are dropped: they are not
    this map's figures, and ``check`` would warn about them. A title that says "current
    state" says "future state".
    """
    out: dict[str, Any] = {}
    placed = False
    for key, value in data.items():
        if key in ("state", "declared"):
            continue
        if key == "title" and isinstance(value, str):  # "X — current state" is no longer
            value = _future_title(value)
        out[key] = value
        if key == "title":
            out["state"], placed = "future", True
    if not placed:
        out = {"state": "future", **out} if "vsm" not in out else \
            {"vsm": out.pop("vsm"), "state": "future", **out}
    return out


def _attribute(data: Mapping[str, Any], vsm: ValueStreamMap, changes: list[Change],
               text: str, name: str) -> list[Problem]:
    """The loader's problems, each put on the --set that caused it, at that field in the map."""
    from .loader import load_text

    problems: list[Problem] = []
    for change in changes:
        one = copy.deepcopy(dict(data))
        _apply(one, vsm, change)
        try:
            load_text(_dump(one), name)
        except VsmError as error:
            line, column = _position(text, name, _index(vsm, change.step), change.field)
            for p in error.problems:
                problems.append(Problem(name, line, column, f"--set {change.shown}: {p.message}"))
    if not problems:  # each change alone is fine; together they are not
        changed = copy.deepcopy(dict(data))
        for change in changes:
            _apply(changed, vsm, change)
        try:
            load_text(_dump(changed), name)
        except VsmError as error:
            together = "; ".join(c.shown for c in changes)
            problems = [Problem(name, 1, 1, f"--set {together}: {p.message}")
                        for p in error.problems]
    return problems


def _position(text: str, name: str, index: int, field: str) -> tuple[int, int]:
    """Line and column of the step's ``field`` in the original text (of the step when absent)."""
    from .yamlsource import YMap, YSeq, parse_yaml

    try:
        root = parse_yaml(text, name)
        steps = root.items["steps"][2]  # type: ignore[union-attr]
        assert isinstance(steps, YSeq)
        item = steps.items[index]
        assert isinstance(item, YMap)
    except Exception:  # the source came from a model: no useful place
        return 1, 1
    base, _, sub = field.partition(".")
    if base in item.items:
        node = item.items[base][2]
        if sub and isinstance(node, YMap) and sub in node.items:
            node = node.items[sub][2]
        return node.line, node.column
    return item.line, item.column


# --- a model as map data ------------------------------------------------------------------

def map_data(vsm: ValueStreamMap) -> dict[str, Any]:
    """A model as the plain data of a map that loads back to the same model."""
    cal = vsm.calendar
    data: dict[str, Any] = {"vsm": vsm.vsm, "title": vsm.title}
    if vsm.state:
        data["state"] = vsm.state
    if vsm.date:
        data["date"] = vsm.date
    if vsm.boundaries.start or vsm.boundaries.end:
        data["boundaries"] = {k: v for k, v in (("start", vsm.boundaries.start),
                                                ("end", vsm.boundaries.end)) if v}
    data["unit"] = vsm.unit
    if cal.is_working:
        data["calendar"] = {"hours_per_day": cal.hours_per_day, "days_per_week": cal.days_per_week}
    for key in ("supplier", "customer"):
        name, delivery = getattr(vsm, key), getattr(vsm, f"{key}_delivery")
        lines = list(getattr(vsm, f"{key}_data"))
        if name and (delivery or lines):
            data[key] = {"name": name, **({"delivery": delivery} if delivery else {}),
                         **({"data": lines} if lines else {})}
        elif name:
            data[key] = name
    if vsm.demand:
        data["demand"] = vsm.demand.text
    if vsm.available_time:
        data["available_time"] = vsm.available_time.text
    if vsm.domain:
        data["domain"] = vsm.domain
    declared = {key: figure.text for key in ("lead_time", "process_time", "flow_efficiency")
                if (figure := getattr(vsm.declared, key)) is not None}
    if declared:
        data["declared"] = declared
    steps = []
    for s in vsm.steps:
        step: dict[str, Any] = {"name": s.name, "id": s.id}
        if s.after is not None:
            step["after"] = list(s.after)
        if s.owner:
            step["owner"] = s.owner
        if s.inventory is not None:
            step["inventory"] = s.inventory
        else:
            step["wait_time"] = _duration_text(s.wait_time, cal)
        if s.wait_reason:
            step["wait_reason"] = s.wait_reason
        if s.informal_wait:
            step["informal_wait"] = True
        step["process_time"] = _duration_text(s.process_time, cal)
        if not s.value_adding:
            step["value_adding"] = False
        if s.complete_accurate != 1.0:
            step["complete_accurate"] = _percent_text(s.complete_accurate)
        if s.rework is not None:
            step["rework"] = {"to": s.rework.to, "rate": _percent_text(s.rework.rate)}
        for key in ("people", "changeover", "uptime", "notes", "kaizen"):
            value = getattr(s, key)
            if value is None:
                continue
            if key == "changeover":
                value = _duration_text(value, cal)
            elif key == "uptime":
                value = _percent_text(value)
            step[key] = value
        for key in ("wait_statuses", "active_statuses"):  # for `vsm-draw measure`
            if getattr(s, key):
                step[key] = list(getattr(s, key))
        if s.flow != "push":
            step["flow"] = s.flow
        if s.fifo_max is not None:
            step["fifo_max"] = s.fifo_max
        if s.kanban:
            step["kanban"] = True
        steps.append(step)
    if vsm.end_statuses:
        data["end_statuses"] = list(vsm.end_statuses)
    data["steps"] = steps
    if vsm.info_flows:
        data["info_flows"] = [
            {"from": f.source, "to": f.target, **({"label": f.label} if f.label else {}),
             "kind": f.kind} for f in vsm.info_flows
        ]
    if vsm.measured is not None:
        from .measure_map import measured_data

        data["measured"] = measured_data(vsm)
    return data


def _duration_text(seconds: float, cal: Calendar) -> Any:
    """Seconds as the shortest map duration that reads back exactly: '3d', '2h', '90s'."""
    if seconds == 0:
        return 0
    for symbol, size in (("w", cal.week), ("d", cal.day), ("h", 3600.0), ("m", 60.0)):
        value = seconds / size
        for decimals in range(0, 7):
            text = f"{value:.{decimals}f}"
            if float(text) * size == seconds:
                text = text.rstrip("0").rstrip(".") if "." in text else text
                return f"{text}{symbol}"
    return f"{seconds!r}s"


def _percent_text(share: float) -> Any:
    for decimals in range(0, 7):
        text = f"{share * 100:.{decimals}f}"
        if float(text) / 100.0 == share:
            text = text.rstrip("0").rstrip(".") if "." in text else text
            return f"{text}%"
    return share


def _dump(data: Mapping[str, Any]) -> str:
    return yaml.dump(dict(data), Dumper=_Dumper, sort_keys=False, allow_unicode=True,
                     default_flow_style=False, width=100)


def _flow(value: Any) -> str:
    """One value on one line, as :func:`_dump` would write it (lists and mappings in flow
    style): what an edited map puts where the old value stood."""
    text = yaml.dump(value, Dumper=_Dumper, sort_keys=False, allow_unicode=True,
                     default_flow_style=True, width=float("inf"))
    return text.removesuffix("\n...\n").rstrip("\n")


# --- sensitivity ---------------------------------------------------------------------------

def sensitivity(vsm: ValueStreamMap, m: Optional[Metrics] = None) -> list[Sensitivity]:
    """For every step, the lead time if its wait were removed and if it were halved.

    Sorted by gain, largest first (flow order on a tie): the longest wait comes first
    because removing it buys the most.
    """
    m = m or compute_metrics(vsm)
    rows = []
    for s in vsm.steps:
        # The map again with this wait changed: the critical path may move.
        removed = compute_metrics(_with_wait(vsm, s, 0.0))
        halved = compute_metrics(_with_wait(vsm, s, s.wait_time / 2))
        rows.append(Sensitivity(s, removed.lead_time, halved.lead_time,
                                vsm.step(removed.bottleneck.id), m.lead_time, m.slack_of(s),
                                m.on_critical_path(s)))
    return sorted(rows, key=lambda r: -r.gain_removed)


def _with_wait(vsm: ValueStreamMap, step: Step, wait: float) -> ValueStreamMap:
    steps = tuple(dataclasses.replace(s, wait_time=wait) if s.id == step.id else s
                  for s in vsm.steps)
    return dataclasses.replace(vsm, steps=steps)


# --- output ----------------------------------------------------------------------------------

def _model_value_json(field: str, value: Any, unit: str, cal: Calendar) -> Any:
    f = _SETTABLE[field]
    if value is not None and f.kind == "duration":
        return to_unit(value, unit, cal)
    if value is not None and f.kind in _LIST_KINDS:
        return list(value)
    if value is not None and f.kind == "rework":
        return {"to": value.to, "rate": value.rate}
    return value


def whatif_json(result: WhatIf, unit: Optional[str] = None,
                with_sensitivity: bool = False) -> dict[str, Any]:
    """The object ``vsm-draw whatif --json`` prints (SPEC section 4), durations in ``unit``."""
    unit = normalize_unit(unit or result.before.unit)
    before_cal, after_cal = result.before.calendar, result.after.calendar
    obj: dict[str, Any] = {
        "unit": unit,
        "before": metrics_json(result.before, result.before_metrics, unit),
        "after": metrics_json(result.after, result.after_metrics, unit),
        "changes": [
            {"step": c.step.id, "field": c.field,
             "from": _model_value_json(c.field, c.before, unit, before_cal),
             "to": _model_value_json(c.field, c.after, unit, after_cal)}
            for c in result.changes
        ],
        "bottleneck_moved": result.before_metrics.bottleneck.id != result.after_metrics.bottleneck.id,
        "narrative": whatif_narrative(result),
    }
    if with_sensitivity:
        obj["sensitivity"] = [
            {"id": r.step.id, "name": r.step.name,
             "wait_time": to_unit(r.step.wait_time, unit, before_cal),
             "lead_time_if_removed": to_unit(r.lead_time_removed, unit, before_cal),
             "lead_time_if_halved": to_unit(r.lead_time_halved, unit, before_cal),
             "gain_if_removed": to_unit(r.gain_removed, unit, before_cal),
             "gain_if_halved": to_unit(r.gain_halved, unit, before_cal),
             "bottleneck_if_removed": r.bottleneck_removed.id,
             "on_critical_path": r.on_critical_path,
             "slack": to_unit(r.slack, unit, before_cal)}
            for r in sensitivity(result.before, result.before_metrics)
        ]
    return obj


def _value_words(field: str, value: Any, cal: Calendar,
                 vsm: Optional[ValueStreamMap] = None) -> str:
    kind = _SETTABLE[field].kind

    def name(step_id: str) -> str:
        try:
            return vsm.step(step_id).name if vsm else step_id
        except KeyError:
            return step_id

    if kind == "step_refs":
        if value is None:
            return "the step listed before"
        names = [name(i) for i in value]
        if not names:
            return "the start"
        return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    if kind in _LIST_KINDS:
        return ", ".join(value) if value else "none"
    if value is None:
        return "nothing"
    if kind == "rework":
        return f"{format_percent(value.rate)} back to {name(value.to)}"
    if field == "rework.to":
        return name(value)
    if kind == "duration":
        return humanize(value, cal)
    if kind in ("percent", "rework_rate"):
        return format_percent(value)
    if kind == "bool":
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return f"{value:,.0f}"
    return str(value)


def _before_words(c: AppliedChange, result: WhatIf) -> str:
    """The changed field's value before, in words; "not given" for a process time or %C&A
    the map did not give: its 0 or 100 % is a default, and the map's box read "—"."""
    if ((c.field == "process_time" and not gives_process_time(c.step))
            or (c.field == "complete_accurate" and not gives_complete_accurate(c.step))):
        return NOT_GIVEN
    return _value_words(c.field, c.before, result.before.calendar, result.before)


def _change_words(c: AppliedChange, result: WhatIf) -> str:
    cal = result.before.calendar
    old = _before_words(c, result)
    new = _value_words(c.field, c.after, cal, result.after)
    name = c.step.name
    if old == NOT_GIVEN and c.field == "process_time":
        return f"{name} took {new} (not given before)"
    if old == NOT_GIVEN and c.field == "complete_accurate":
        return f"{name}'s %C&A were {new} (not given before)"
    if c.field == "after":
        return f"{name} started after {new} instead of {old}"
    if c.field in ("rework", "rework.rate") and c.after is not None:
        return f"{name} sent {new} back instead of {old}"
    if c.field == "rework" and c.after is None:
        return f"{name} sent no work back (instead of {old})"
    if c.field == "rework.to":
        return f"{name} sent its rework back to {new} instead of {old}"
    if c.field == "wait_time":
        return f"{name} waited {new} instead of {old}"
    if c.field == "process_time":
        return f"{name} took {new} instead of {old}"
    if c.field == "inventory":
        return f"{new} items instead of {old} queued before {name}"
    if c.field == "complete_accurate":
        return f"{name}'s %C&A were {new} instead of {old}"
    return f"{name}'s {c.field.replace('_', ' ')} were {new} instead of {old}"


def _condition(result: WhatIf) -> str:
    """The changes in words, joined as a sentence: "A waited 1 d, B took 2 h and C ..."."""
    words = [_change_words(c, result) for c in result.changes]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def whatif_narrative(result: WhatIf) -> str:
    """'If Code review waited 1 d instead of 8 d, lead time falls from 16.1 d to 9.1 d (-43%)
    and the wait before Deploy (5 d, fortnightly release train) becomes the bottleneck.'"""
    from .compare import bottleneck_phrase, percent_change

    cal = result.before.calendar
    m0, m1 = result.before_metrics, result.after_metrics
    if not result.changes:
        return (f"No change: lead time {humanize(m0.lead_time, cal)}, bottleneck "
                f"{bottleneck_phrase(m0.bottleneck, cal)}.")
    condition = _condition(result)
    lead0, lead1 = humanize(m0.lead_time, cal), humanize(m1.lead_time, result.after.calendar)
    pct = percent_change(m0.lead_time, m1.lead_time)  # '' from zero: no '()'
    pct = f" ({pct})" if pct else ""
    if m1.lead_time < m0.lead_time:
        lead = f"lead time falls from {lead0} to {lead1}{pct}"
    elif m1.lead_time > m0.lead_time:
        lead = f"lead time rises from {lead0} to {lead1}{pct}"
    else:
        lead = f"lead time stays at {lead0}"
    b0, b1 = m0.bottleneck, m1.bottleneck
    if b1.wait_time <= 0:  # checked first: "no wait ... becomes the bottleneck" reads wrong
        tail = "; nothing waits any more"
    elif b1.id != b0.id:
        tail = f" and {bottleneck_phrase(b1, result.after.calendar)} becomes the bottleneck"
    else:
        tail = (f"; the bottleneck is still the wait before {b1.name} "
                f"({humanize(b1.wait_time, result.after.calendar)})")
    text = f"If {condition}, {lead}{tail}."
    if m0.loops or m1.loops:
        r0 = humanize(m0.lead_time_with_rework, cal)
        r1 = humanize(m1.lead_time_with_rework, result.after.calendar)
        change = percent_change(m0.lead_time_with_rework, m1.lead_time_with_rework)
        if r0 == r1:
            text += f" With rework, the expected lead time stays at {r0}."
        else:
            verb = "falls" if m1.lead_time_with_rework < m0.lead_time_with_rework else "rises"
            text += (f" With rework, the expected lead time {verb} from {r0} to {r1}"
                     + (f" ({change})." if change else "."))
    moved = path_move(result.before, m0, result.after, m1)
    if moved:
        text += f" {moved}"
    fe0, fe1 = m0.flow_efficiency, m1.flow_efficiency
    if fe0 is not None and fe1 is not None and format_percent(fe0) != format_percent(fe1):
        text += (f" Flow efficiency {'rises' if fe1 > fe0 else 'falls'} from "
                 f"{format_percent(fe0)} to {format_percent(fe1)}: {m1.rating}.")
    ca = rolled_complete_accurate_sentence(result.before, m0.rolled_complete_accurate,
                                           result.after, m1.rolled_complete_accurate)
    return text + (f" {ca}" if ca else "")


def whatif_table(result: WhatIf, unit: Optional[str] = None) -> str:
    """The before/after table ``vsm-draw whatif`` prints, then the narrative."""
    from .compare import bottleneck_change, percent_change, points_change
    from .table import grid

    unit = normalize_unit(unit) if unit else None
    cal0, cal1 = result.before.calendar, result.after.calendar
    m0, m1 = result.before_metrics, result.after_metrics

    def dur(seconds: float, cal: Calendar) -> str:
        return format_in(seconds, unit, cal) if unit else humanize(seconds, cal)

    def signed(seconds: float) -> str:
        from .compare import signed_duration

        return signed_duration(seconds, cal1, unit)

    lines = [f"What if: {result.before.title}", ""]
    if result.changes:
        rows = [["Change", "Step", "Field", "From", "To"]]
        for i, c in enumerate(result.changes, 1):
            rows.append([str(i), c.step.name, c.field,
                         _before_words(c, result),
                         _value_words(c.field, c.after, cal1, result.after)])
        lines += grid(rows, {0}, header_rule=True) + [""]
    rows = [["", "Before", "After", "Change", ""]]
    for label, attr in (("Lead time", "lead_time"), ("Process time", "process_time"),
                        ("Wait time", "wait_time")):
        a, b = getattr(m0, attr), getattr(m1, attr)
        rows.append([label, dur(a, cal0), dur(b, cal1), signed(b - a), percent_change(a, b)])
        if attr == "lead_time" and (m0.loops or m1.loops):
            a, b = m0.lead_time_with_rework, m1.lead_time_with_rework
            rows.append(["  with rework", dur(a, cal0), dur(b, cal1), signed(b - a),
                         percent_change(a, b)])
    fe0, fe1 = m0.flow_efficiency, m1.flow_efficiency
    rows.append(["Flow efficiency", format_percent(fe0), format_percent(fe1),
                 points_change(fe0, fe1), ""])
    rows.append(["Bottleneck", _bottleneck_cell(m0.bottleneck, cal0, dur),
                 _bottleneck_cell(m1.bottleneck, cal1, dur),
                 bottleneck_change(m0.bottleneck, m1.bottleneck), ""])
    lines += grid(rows, {1, 2, 3, 4}, header_rule=True)
    lines += ["", whatif_narrative(result)]
    return "\n".join(lines) + "\n"


def whatif_picture(result: WhatIf, fmt: str, **options: Any) -> bytes:
    """The changed map's diagram (``vsm-draw whatif -o x.svg``, .png, .pdf): its changed
    figures marked, the old values struck beside them; ``options`` as for
    :func:`vsm_draw.diagram.render_diagram` (theme, ladder, dpi, width, legend)."""
    return _drawn(result, fmt, **options)[2]


def _drawn(result: WhatIf, fmt: str, **options: Any) -> tuple[ValueStreamMap, Metrics, bytes]:
    """The map as shown (the same figures, its changed steps' words marked as old), its
    metrics, and its diagram in ``fmt``."""
    from .diagram import render_diagram

    shown = result.after_as_shown()
    m = compute_metrics(shown)
    return shown, m, render_diagram(shown, m, fmt, was=result.was(), **options)


def whatif_html(result: WhatIf, *, theme: str = "classic", ladder: str = "classic",
                width: Optional[float] = None, legend: bool = False) -> bytes:
    """The what-if's web report (``vsm-draw whatif -o x.html``): the changed map as the
    what-if's pictures draw it, with the same options (``theme``, ``auto`` being classic
    on the report's light page; ``ladder``; ``width``, the CSS px it is shown
    at, which wraps it, else it is laid out for the page's column and a phone's as in the
    report; ``legend``), its changed figures marked, then the figures before and after and
    the two ladders."""
    from .report import report_html
    from .themes import printed

    shown = result.after_as_shown()
    options = {"theme": printed(theme), "ladder": ladder, "legend": legend, "was": result.was(),
               "width": width}
    return report_html(shown, compute_metrics(shown), previous=result.before,
                       previous_kind="what if", map_options=options)


def _bottleneck_cell(step: Step, cal: Calendar, dur) -> str:
    return f"{step.name} ({dur(step.wait_time, cal)})" if step.wait_time > 0 else "none"


def sensitivity_table(vsm: ValueStreamMap, m: Optional[Metrics] = None,
                      unit: Optional[str] = None) -> str:
    """Per step: the lead time gained if its wait were removed, and if halved; largest first."""
    from .table import grid

    m = m or compute_metrics(vsm)
    cal = vsm.calendar
    unit = normalize_unit(unit) if unit else None

    def dur(seconds: float) -> str:
        return format_in(seconds, unit, cal) if unit else humanize(seconds, cal)

    def share(seconds: float) -> str:
        return format_percent(seconds / m.lead_time) if m.lead_time > 0 else "n/a"

    ranked = sensitivity(vsm, m)
    rows = [["Wait before", "Wait", "Removed: lead time", "gain", "Halved: lead time", "gain",
             "Bottleneck if removed"] + (["Slack"] if m.branched else [])]
    for r in ranked:
        then = r.bottleneck_removed
        rows.append([r.step.name, dur(r.step.wait_time), dur(r.lead_time_removed),
                     f"{dur(r.gain_removed)} ({share(r.gain_removed)})",
                     dur(r.lead_time_halved), f"{dur(r.gain_halved)} ({share(r.gain_halved)})",
                     f"{then.name} ({dur(then.wait_time)})" if then.wait_time > 0 else "none"]
                    + ([dur(r.slack) if not r.on_critical_path else "critical"]
                       if m.branched else []))
    lines = [f"Sensitivity: what each wait is worth (lead time now {dur(m.lead_time)})", ""]
    lines += grid(rows, {1, 2, 3, 4, 5, 7}, header_rule=True)
    top = ranked[0]
    if top.gain_removed > 0:
        text = (f"Removing the wait before {top.step.name} buys the most: "
                f"{dur(top.gain_removed)}, {share(top.gain_removed)} of the lead time.")
        if len(ranked) > 1 and ranked[1].gain_removed > 0:
            second = ranked[1]
            if top.gain_halved >= second.gain_removed:
                text += (f" Even halving it ({dur(top.gain_halved)}) buys as much as removing "
                         f"the next longest wait, before {second.step.name} "
                         f"({dur(second.gain_removed)}).")
            else:
                text += (f" Next: the wait before {second.step.name} "
                         f"({dur(second.gain_removed)}).")
        lines += ["", text]
    else:
        lines += ["", "No step on the critical path waits: only shorter work on it can "
                  "shorten the lead time."]
    parallel = [r for r in vsm.steps if not m.on_critical_path(r)]
    if parallel:
        each = [f"{r.name} {dur(m.slack_of(r))}" for r in parallel]
        lines += ["", "Shortening a step off the critical path gains nothing until its slack "
                  "is used up (slack: " + ", ".join(each) + "); shorten the critical path "
                  "instead."]
    return "\n".join(lines) + "\n"
