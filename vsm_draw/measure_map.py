"""A measured map as YAML text: the skeleton with measured times and a ``measured`` record.

The skeleton's own text is kept (comments, order, quoting): only the values of
``wait_time``/``process_time`` (and ``date`` per period) change, missing ones are put
after the step's name, and the record goes at the end. A skeleton written in YAML's flow
style, which cannot be edited in place, is written again from its data instead (its
comments are then lost). The same inputs give the same text.
"""
from __future__ import annotations

from typing import Any, Optional

import yaml

from .durations import unit_seconds
from .errors import VsmError
from .measure import Measurement, PeriodFigures, elapsed_per_unit
from .model import ValueStreamMap
from .yamledit import line_end as _line_end, line_start as _line_start
from .yamlsource import represent_text

__all__ = ["measured_map_text", "number_text", "measured_record", "measured_data",
           "measured_json"]


def number_text(value: float, digits: int = 10) -> str:
    """A plain YAML number with ``digits`` significant digits and no exponent: 3.416666667."""
    if value == 0:
        return "0"
    text = f"{value:.{digits}g}"
    if "e" in text:
        text = f"{value:.16f}".rstrip("0").rstrip(".")
    return text


class _Number(float):
    """A float of the ``measured`` record, dumped with six significant digits (the record
    describes the data; the step times themselves are written with ten)."""


def _represent_number(dumper: yaml.SafeDumper, value: _Number) -> Any:
    text = number_text(value, 6)
    return dumper.represent_scalar("tag:yaml.org,2002:float" if "." in text
                                   else "tag:yaml.org,2002:int", text)


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(_Number, _represent_number)
_Dumper.add_representer(str, represent_text)  # a status holding U+2028 reads back as written


def measured_record(vsm: ValueStreamMap, m: Measurement, p: PeriodFigures) -> dict[str, Any]:
    """The ``measured`` mapping of one map, durations in the map's unit."""
    size = elapsed_per_unit(vsm)

    def dur(seconds: float) -> _Number:
        return _Number(seconds / size)

    record: dict[str, Any] = {"sources": list(m.sources)}
    if p.period:
        record["period"] = p.period
    if p.since:
        record["since"] = p.since
    if p.until:
        record["until"] = p.until
    record.update(statistic=m.statistic, items=p.items, in_progress=p.in_progress,
                  rework=p.rework)
    record["lead_time"] = {
        "p50": dur(p.lead_time_p50), "p85": dur(p.lead_time_p85),
        "mean": dur(p.lead_time_mean),
        "histogram": {"width": dur(p.histogram_width), "counts": list(p.histogram)},
    }
    if p.unmapped:
        record["unmapped"] = [
            {"status": u.status, "share": _Number(u.share),
             **({"items": u.items} if u.items is not None else {})} for u in p.unmapped]
    record["steps"] = [
        {"id": s.id, "visited": _Number(s.visited), "wait_p50": dur(s.wait_p50),
         "wait_p85": dur(s.wait_p85), "process_p50": dur(s.process_p50),
         "process_p85": dur(s.process_p85)} for s in p.steps]
    return record


def _dump(data: Any, flow_leaves: bool = True) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True,
                     default_flow_style=None if flow_leaves else False, width=120)


_BEFORE = {"wait_time": ("name", "id", "owner"),
           "process_time": ("name", "id", "owner", "wait_time", "wait_reason", "informal_wait")}


class _CannotPatch(Exception):
    """The skeleton's text cannot be edited in place (flow style, multi-line values)."""


def measured_map_text(text: str, vsm: ValueStreamMap, m: Measurement, p: PeriodFigures,
                      file: str = "<map>") -> str:
    """The measured map for period ``p`` as YAML text that loads (``check`` passes)."""
    from .loader import load_text

    size = elapsed_per_unit(vsm)
    times = [(number_text(s.wait / size), number_text(s.process / size)) for s in p.steps]
    record = measured_record(vsm, m, p)
    date = p.date.isoformat() if p.period and p.date else None
    try:
        out = _patched(text, times, record, date)
        load_text(out, file)
        return out
    except (_CannotPatch, VsmError, yaml.YAMLError):
        return _regenerated(text, file, times, record, date)


def _patched(text: str, times: list[tuple[str, str]], record: dict[str, Any],
             date: Optional[str]) -> str:
    root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    if not isinstance(root, yaml.MappingNode) or root.flow_style:
        raise _CannotPatch
    top = {k.value: (k, v) for k, v in root.value}
    steps = top["steps"][1]
    if not isinstance(steps, yaml.SequenceNode) or steps.flow_style or \
            len(steps.value) != len(times):
        raise _CannotPatch
    edits: list[tuple[int, int, str]] = []  # (start, end, new text), applied last first
    for node, (wait, process) in zip(steps.value, times):
        if not isinstance(node, yaml.MappingNode) or node.flow_style:
            raise _CannotPatch
        keys = {k.value: (k, v) for k, v in node.value}
        indent = " " * node.value[0][0].start_mark.column
        inserted = []
        for field, value in (("wait_time", wait), ("process_time", process)):
            if field in keys:
                v = keys[field][1]
                if v.start_mark.line != v.end_mark.line:
                    raise _CannotPatch
                edits.append((v.start_mark.index, v.end_mark.index, value))
            else:
                inserted.append((field, f"{indent}{field}: {value}"))
        if "inventory" in keys:  # a measured wait replaces the inventory it was derived from
            k, v = keys["inventory"]
            if k.start_mark.line != v.end_mark.line:
                raise _CannotPatch
            start = _line_start(text, k.start_mark.index)
            edits.append((start, min(_line_end(text, v.end_mark.index) + 1, len(text)), ""))
        for field, line in inserted:
            # After the keys the map format lists before it (inventory goes, so not there).
            before = _BEFORE[field]
            anchor = max((keys[k][1] for k in before if k in keys),
                         key=lambda v: v.end_mark.index)
            if anchor.start_mark.line != anchor.end_mark.line:
                raise _CannotPatch
            at = _line_end(text, anchor.end_mark.index)
            edits.append((at, at, "\n" + line))
    if date is not None:
        if "date" in top:
            v = top["date"][1]
            edits.append((v.start_mark.index, v.end_mark.index, date))
        else:
            after = next((top[k][1] for k in ("state", "title", "vsm") if k in top), None)
            if after is None or after.start_mark.line != after.end_mark.line:
                start = _line_start(text, root.value[0][0].start_mark.index)
                edits.append((start, start, f"date: {date}\n"))
            else:
                at = _line_end(text, after.end_mark.index)
                edits.append((at, at, f"\ndate: {date}"))
    if "measured" in top:  # measuring a measured map again: the new record replaces the old
        k, v = top["measured"]
        edits.append((_line_start(text, k.start_mark.index), v.end_mark.index, ""))
    out = text
    # Last first, so earlier indexes stay right; of two insertions at one place, the one
    # made first ends up first.
    order = sorted(range(len(edits)), key=lambda i: (edits[i][0], edits[i][1], i), reverse=True)
    for start, end, new in (edits[i] for i in order):
        out = out[:start] + new + out[end:]
    if not out.endswith("\n"):
        out += "\n"
    return out + _dump({"measured": record})


def _regenerated(text: str, file: str, times: list[tuple[str, str]], record: dict[str, Any],
                 date: Optional[str]) -> str:
    from .whatif import plain_data
    from .yamlsource import parse_yaml

    data = plain_data(parse_yaml(text, file))
    data.pop("measured", None)
    if date is not None:
        data["date"] = date
    for step, (wait, process) in zip(data["steps"], times):
        step.pop("inventory", None)
        step["wait_time"] = _Number(float(wait))
        step["process_time"] = _Number(float(process))
    data["measured"] = record
    return _dump(data, flow_leaves=False)


def measured_json(vsm: ValueStreamMap, m: Measurement,
                  maps: list[tuple[Optional[str], PeriodFigures]]) -> dict[str, Any]:
    """What ``measure --json`` prints: what was read, and per map its figures in the unit."""
    size = elapsed_per_unit(vsm)
    return {
        "unit": vsm.unit,
        "statistic": m.statistic,
        "sources": list(m.sources),
        "rows": m.rows,
        "items_read": m.item_count,
        "unknown_statuses": [{"status": s, "rows": n, "share": n / m.rows if m.rows else 0}
                             for s, n in m.unknown_statuses],
        "maps": [{
            "out": out,
            **{k: v.isoformat() if k in ("since", "until") else v
               for k, v in measured_record(vsm, m, p).items() if k != "sources"},
            "step_times": [{"id": s.id, "name": s.name, "wait_time": s.wait / size,
                            "process_time": s.process / size} for s in p.steps],
        } for out, p in maps],
    }


def measured_data(vsm: ValueStreamMap) -> dict[str, Any]:
    """A model's ``measured`` record as plain map data again (durations in the map's unit)."""
    m = vsm.measured
    assert m is not None
    size = unit_seconds(vsm.unit, vsm.calendar)  # the model's record: working seconds

    def dur(seconds: Optional[float]) -> Optional[float]:
        return None if seconds is None else seconds / size

    def kept(mapping: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in mapping.items() if v not in (None, (), [], {})}

    histogram = kept({"width": dur(m.histogram_width), "counts": list(m.histogram)})
    return kept({
        "sources": list(m.sources), "period": m.period, "since": m.since, "until": m.until,
        "statistic": m.statistic, "items": m.items, "in_progress": m.in_progress,
        "rework": m.rework,
        "lead_time": kept({"p50": dur(m.lead_time_p50), "p85": dur(m.lead_time_p85),
                           "mean": dur(m.lead_time_mean),
                           "histogram": histogram if len(histogram) == 2 else None}),
        "unmapped": [kept({"status": u.status, "share": u.share, "items": u.items})
                     for u in m.unmapped],
        "steps": [kept({"id": s.id, "visited": s.visited, "wait_p50": dur(s.wait_p50),
                        "wait_p85": dur(s.wait_p85), "process_p50": dur(s.process_p50),
                        "process_p85": dur(s.process_p85)}) for s in m.steps],
    })
