"""The JSON Schema (draft 2020-12) of the map format, generated from ``vsm_draw.fields``.

The validator (``loader``) and this schema read the same field definitions, and the
patterns for durations, percentages and rates are built from the tables that
``vsm_draw.durations`` parses with, so an editor accepts what ``vsm-draw check`` accepts.
"""
from __future__ import annotations

import json
from typing import Any

from . import durations
from .fields import (BOUNDARY_FIELDS, CALENDAR_FIELDS, DECLARED_FIELDS, INFO_FLOW_FIELDS,
                     INFO_FLOWS_MAX, MAP_FIELDS, PARTY_FIELDS, REWORK_FIELDS, STEP_FIELDS,
                     STEPS_MAX, Field)
from .fields import (HISTOGRAM_FIELDS, LEAD_TIME_FIELDS, MEASURED_FIELDS, MEASURED_STEP_FIELDS,
                     UNMAPPED_FIELDS)

__all__ = ["SCHEMA_ID", "map_schema", "schema_json"]

#: The schema's ``$id``: a stable name, not a download address.
SCHEMA_ID = "urn:vsm-draw:map:1"

# -- patterns (ECMA 262 and Python ``re`` alike: no inline flags, so case by classes) -----

_NUM = durations.NUMBER_PATTERN  # the number syntax the duration parser reads


def _nocase(word: str) -> str:
    return "".join(f"[{c.lower()}{c.upper()}]" if c.isalpha() else c for c in word)


# Longest first, so that an alternation tries "days" before "d".
_UNIT = "(?:" + "|".join(_nocase(a) for a in sorted(durations.UNIT_ALIASES, key=lambda a: (-len(a), a))) + ")"
_NUMBER_TEXT = rf"\+?{_NUM}(?:[eE][+-]?\d+)?"
_PARTS = rf"(?:{_NUM}\s*{_UNIT}\s*,?\s*)+"
_ISO = (rf"[Pp](?![Tt]?\s*$)(?:{_NUM}[Ww])?(?:{_NUM}[Dd])?"
        rf"(?:[Tt](?=[\d.])(?:{_NUM}[Hh])?(?:{_NUM}[Mm])?(?:{_NUM}[Ss])?)?")
DURATION_PATTERN = rf"^\s*(?:{_NUMBER_TEXT}|{_PARTS}|{_ISO})\s*$"
PERCENT_PATTERN = (r"^\s*(?:(?:100(?:\.0*)?|\d{1,2}(?:\.\d*)?|\.\d+)\s*%"
                   r"|0*(?:0?\.\d*|0|1(?:\.0*)?))\s*$")
_PER = rf"\s*(?:/|\s{_nocase('per')}\s)\s*"
_PERIOD = rf"(?:{_NUM}\s*|{_PARTS}|(?:{_UNIT}))"
RATE_ITEMS_PATTERN = rf"^\s*(?:\d[\d,_]*(?:\.\d*)?|\.\d+){_PER}{_PERIOD}\s*$"
RATE_TIME_PATTERN = rf"^\s*(?:{_NUMBER_TEXT}|{_PARTS}){_PER}{_PERIOD}\s*$"
ID_PATTERN = r"^[\w.-]+$"
#: A share of 0 or of 100%: not a rework rate (nothing goes back, or work never leaves).
NO_REWORK_PATTERN = r"^\s*(?:0*\.?0*\s*%?|100(?:\.0*)?\s*%|0*1(?:\.0*)?)\s*$"


def _unit_schema() -> dict[str, Any]:
    aliases = sorted(durations.UNIT_ALIASES, key=lambda a: (-len(a), a))
    return {"type": "string",
            "anyOf": [{"enum": list(durations.UNITS)},
                      {"pattern": r"^\s*(?:" + "|".join(_nocase(a) for a in aliases) + r")\s*$"}]}


def _kind_schema(f: Field) -> dict[str, Any]:
    """The schema of one field's value, by its kind."""
    kind = f.kind
    if kind == "text":
        # Any scalar reads as text (`owner: no` is "no"); a string must not be blank.
        return {"type": ["string", "number", "boolean"], "pattern": r"\S",
                "maxLength": f.max_length}
    if kind == "id":
        return {"type": ["string", "number"], "pattern": ID_PATTERN, "maxLength": f.max_length}
    if kind == "version":
        return {"const": 1}
    if kind == "date":
        return {"type": "string", "format": "date", "pattern": r"^\s*\d{4}-\d{2}-\d{2}\s*$"}
    if kind == "unit":
        return _unit_schema()
    if kind == "duration":
        return {"anyOf": [{"type": "number", "minimum": 0},
                          {"type": "string", "pattern": DURATION_PATTERN}]}
    if kind == "percent":
        return {"anyOf": [{"type": "number", "minimum": 0, "maximum": 1},
                          {"type": "string", "pattern": PERCENT_PATTERN}]}
    if kind == "rework_rate":
        return {"anyOf": [{"type": "number", "exclusiveMinimum": 0, "maximum": 0.99},
                          {"type": "string", "pattern": PERCENT_PATTERN,
                           "not": {"pattern": NO_REWORK_PATTERN}}]}
    if kind == "step_refs":
        ref = {"type": ["string", "number"], "pattern": r"\S"}
        return {"anyOf": [{"type": "array", "items": ref, "uniqueItems": True}, ref]}
    if kind == "rework":
        return _object(REWORK_FIELDS)
    if kind == "bool":
        return {"type": "boolean"}
    if kind in ("number", "count", "hours", "days"):
        return {"type": "number", "minimum": f.minimum, "maximum": f.maximum}
    if kind == "limit":
        return {"type": "integer", "minimum": f.minimum, "maximum": f.maximum}
    if kind == "rate_items":
        return {"type": "string", "pattern": RATE_ITEMS_PATTERN}
    if kind == "rate_time":
        return {"type": "string", "pattern": RATE_TIME_PATTERN}
    if kind == "enum":
        return {"enum": list(f.choices)}
    if kind == "lines":
        text = _kind_schema(Field("line", "text", ""))
        return {"anyOf": [text, {"type": "array", "minItems": 1, "items": text}]}
    if kind == "party":
        return {"anyOf": [_kind_schema(Field("name", "text", "")), _object(PARTY_FIELDS)]}
    if kind == "declared":
        return _object(DECLARED_FIELDS)
    if kind == "boundaries":
        return _object(BOUNDARY_FIELDS)
    if kind == "calendar":
        return _object(CALENDAR_FIELDS)
    if kind == "steps":
        return {"type": "array", "minItems": 1, "maxItems": STEPS_MAX,
                "items": {"$ref": "#/$defs/step"}}
    if kind == "info_flows":
        return {"type": "array", "maxItems": INFO_FLOWS_MAX, "items": {"$ref": "#/$defs/info_flow"}}
    text = _kind_schema(Field(f.name, "text", ""))
    if kind == "statuses":  # one status, or a list of them
        return {"type": ["string", "number", "boolean", "array"], "pattern": r"\S",
                "items": text}
    if kind == "texts":
        return {"type": "array", "items": text}
    if kind == "counts":
        return {"type": "array", "items": {"type": "number", "minimum": 0, "maximum": f.maximum}}
    if kind == "measured":
        return _object(MEASURED_FIELDS)
    if kind == "lead_time":
        return _object(LEAD_TIME_FIELDS)
    if kind == "histogram":
        return _object(HISTOGRAM_FIELDS)
    if kind == "unmapped":
        return {"type": "array", "items": _object(UNMAPPED_FIELDS)}
    if kind == "measured_steps":
        return {"type": "array", "items": _object(MEASURED_STEP_FIELDS)}
    raise ValueError(f"field {f.name!r} has an unknown kind {kind!r}")


def _allow_null(schema: dict[str, Any]) -> dict[str, Any]:
    """An optional key may be left empty (``owner:``): the loader reads null as absent."""
    kind_type = schema.get("type")
    if isinstance(kind_type, list):
        return {**schema, "type": [*kind_type, "null"]}
    if isinstance(kind_type, str) and "anyOf" not in schema:
        return {**schema, "type": [kind_type, "null"]}
    if "anyOf" in schema and "type" not in schema:
        return {**schema, "anyOf": [*schema["anyOf"], {"type": "null"}]}
    return {"anyOf": [schema, {"type": "null"}]}


def _property(f: Field) -> dict[str, Any]:
    schema = _kind_schema(f)
    if not f.required:
        schema = _allow_null(schema)
    out: dict[str, Any] = {"description": f.description}
    if f.default is not None:
        out["default"] = f.default
    if f.example is not None:
        out["examples"] = [f.example]
    out.update(schema)
    return out


def _object(fields: tuple[Field, ...]) -> dict[str, Any]:
    out: dict[str, Any] = {
        "type": "object",
        "properties": {f.name: _property(f) for f in fields},
        "additionalProperties": False,
    }
    required = [f.name for f in fields if f.required]
    if required:
        out["required"] = required
    # A field that needs another key set so (`fifo_max` needs `flow: fifo`).
    needs = [{"if": _not_null(f.name),
              "then": {"required": [f.needs[0]],
                       "properties": {f.needs[0]: {"const": f.needs[1]}}}}
             for f in fields if f.needs]
    if needs:
        out["allOf"] = needs
    return out


def _not_null(*names: str) -> dict[str, Any]:
    return {"required": list(names),
            "properties": {n: {"not": {"type": "null"}} for n in names}}


def map_schema() -> dict[str, Any]:
    """The JSON Schema of a map, as a plain dict (deterministic key order)."""
    step = _object(STEP_FIELDS)
    step["description"] = "One process step, with the queue that sits before it."
    # `inventory` and `wait_time` are two ways to state the same queue.
    step["not"] = _not_null("inventory", "wait_time")
    flow = _object(INFO_FLOW_FIELDS)
    flow["description"] = "An information flow, drawn above the process row."
    root: dict[str, Any] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "vsm-draw value stream map",
        "description": "A value stream map for vsm-draw: steps in flow order, each with the "
                       "wait before it and its process time.",
    }
    root.update(_object(MAP_FIELDS))
    # Inventory turns into a wait only with the map's demand (Little's law).
    root["if"] = {"required": ["steps"], "properties": {"steps": {
        "type": "array", "contains": _not_null("inventory")}}}
    root["then"] = _not_null("demand")
    root["$defs"] = {"step": step, "info_flow": flow}
    return root


def schema_json() -> str:
    """The schema as the text ``vsm-draw schema`` prints (two-space indent, final newline)."""
    return json.dumps(map_schema(), indent=2, ensure_ascii=False) + "\n"
