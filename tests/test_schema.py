"""The JSON Schema accepts what the validator accepts and rejects what it rejects."""
from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from vsm_draw import VsmError
from vsm_draw.cli import main
from vsm_draw.durations import parse_duration, parse_percent, parse_rate
from vsm_draw.fields import (BOUNDARY_FIELDS, CALENDAR_FIELDS, DECLARED_FIELDS,
                             INFO_FLOW_FIELDS, MAP_FIELDS, PARTY_FIELDS, STEP_FIELDS)
from vsm_draw.loader import load_text
from vsm_draw.model import Calendar
from vsm_draw.schema import map_schema, schema_json

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").rglob("*.yaml"))
SCHEMA = map_schema()
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)
#: VS Code's YAML extension validates with draft-07 rules: the schema uses only keywords
#: that both drafts read alike, so both must give the same verdicts.
DRAFT7 = jsonschema.Draft7Validator({k: v for k, v in SCHEMA.items() if k != "$schema"})


def as_json(text: str):
    """The map as an editor's YAML server sees it: dates stay strings."""
    return json.loads(json.dumps(yaml.safe_load(text), default=str))


def schema_ok(doc) -> bool:
    verdict = VALIDATOR.is_valid(doc)
    assert DRAFT7.is_valid(doc) == verdict, doc
    return verdict


def loader_ok(text: str) -> bool:
    try:
        load_text(text, "t.yaml")
    except VsmError:
        return False
    return True


def test_schema_is_valid_draft_2020_12():
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_cli_prints_the_schema():
    result = CliRunner().invoke(main, ["schema"])
    assert result.exit_code == 0
    assert result.output == schema_json()
    assert json.loads(result.output) == SCHEMA


@pytest.mark.parametrize("fields,where", [
    (MAP_FIELDS, SCHEMA["properties"]),
    (STEP_FIELDS, SCHEMA["$defs"]["step"]["properties"]),
    (INFO_FLOW_FIELDS, SCHEMA["$defs"]["info_flow"]["properties"]),
    (BOUNDARY_FIELDS, SCHEMA["properties"]["boundaries"]["properties"]),
    (CALENDAR_FIELDS, SCHEMA["properties"]["calendar"]["properties"]),
    (PARTY_FIELDS, SCHEMA["properties"]["supplier"]["anyOf"][1]["properties"]),
    (PARTY_FIELDS, SCHEMA["properties"]["customer"]["anyOf"][1]["properties"]),
    (DECLARED_FIELDS, SCHEMA["properties"]["declared"]["properties"]),
])
def test_every_field_has_a_description_and_an_example(fields, where):
    assert list(where) == [f.name for f in fields]
    for f in fields:
        assert where[f.name]["description"] == f.description
        assert where[f.name]["examples"] == [f.example], f.name


def _with(where: str, name: str, value) -> dict:
    doc = {"demand": "920/day", "steps": [{"name": "A"}]}
    if where == "map":
        doc[name] = value
    elif where == "step":
        # Steps before it, for the examples of `after` and `rework` to name.
        doc["steps"] = [{"name": "Build"}, {"name": "Backend"}, {"name": "Frontend"},
                        {"name": "A", name: value}]
        field = next(f for f in STEP_FIELDS if f.name == name)
        if field.needs:  # `fifo_max` is only valid beside `flow: fifo`
            doc["steps"][-1][field.needs[0]] = field.needs[1]
    elif where == "supplier":
        doc["supplier"] = {"name": "Michigan Steel Co.", name: value}
    elif where == "flow":
        doc["info_flows"] = [{"from": "a", "to": "supplier", name: value}]
    else:
        doc[where] = {name: value}
    return doc


FIELD_EXAMPLES = (
    [("map", f) for f in MAP_FIELDS] + [("step", f) for f in STEP_FIELDS]
    + [("flow", f) for f in INFO_FLOW_FIELDS] + [("boundaries", f) for f in BOUNDARY_FIELDS]
    + [("calendar", f) for f in CALENDAR_FIELDS] + [("supplier", f) for f in PARTY_FIELDS]
    + [("declared", f) for f in DECLARED_FIELDS]
)


@pytest.mark.parametrize("where,field", FIELD_EXAMPLES, ids=lambda x: getattr(x, "name", x))
def test_every_field_example_is_valid_for_schema_and_validator(where, field):
    doc = _with(where, field.name, field.example)
    text = yaml.safe_dump(doc, allow_unicode=True)
    assert loader_ok(text), text
    assert schema_ok(as_json(text)), list(VALIDATOR.iter_errors(as_json(text)))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_every_example_map_validates(path):
    text = path.read_text(encoding="utf-8")
    assert loader_ok(text)
    errors = list(VALIDATOR.iter_errors(as_json(text)))
    assert not errors, errors
    assert schema_ok(as_json(text))


def test_the_readme_maps_validate():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = [b.split("```", 1)[0] for b in readme.split("```yaml\n")[1:]]
    maps = [b for b in blocks if "\nsteps:" in b]
    assert len(maps) >= 2  # the first map and the classic-notation one
    for block in maps:
        assert loader_ok(block), block
        assert schema_ok(as_json(block)), block


BROKEN = {
    "unknown key": "steps:\n  - name: A\n    proces_time: 2h\n",
    "unknown top key": "titel: X\nsteps:\n  - name: A\n",
    "bad duration": "steps:\n  - name: A\n    wait_time: two days\n",
    "negative duration": "steps:\n  - name: A\n    wait_time: -3\n",
    "years in ISO": "steps:\n  - name: A\n    wait_time: P1Y\n",
    "percent above 1": "steps:\n  - name: A\n    complete_accurate: 120\n",
    "percent above 100%": "steps:\n  - name: A\n    complete_accurate: 120%\n",
    "bool as text": "steps:\n  - name: A\n    value_adding: maybe\n",
    "no steps": "title: X\n",
    "empty steps": "steps: []\n",
    "step without name": "steps:\n  - owner: Bob\n",
    "empty name": "steps:\n  - name: '  '\n",
    "bad id": "steps:\n  - name: A\n    id: a b\n",
    "inventory without demand": "steps:\n  - name: A\n    inventory: 10\n",
    "inventory and wait": "demand: 10/day\nsteps:\n  - name: A\n    inventory: 10\n"
                          "    wait_time: 2d\n",
    "version 2": "vsm: 2\nsteps:\n  - name: A\n",
    "unknown unit": "unit: fortnights\nsteps:\n  - name: A\n",
    "long working day": "calendar:\n  hours_per_day: 25\nsteps:\n  - name: A\n",
    "bad rate": "demand: lots\nsteps:\n  - name: A\n",
    "rate as number": "demand: 920\nsteps:\n  - name: A\n",
    "bad date": "date: 30/09/2026\nsteps:\n  - name: A\n",
    "flow kind": "steps:\n  - name: A\ninfo_flows:\n  - from: a\n    to: b\n    kind: pigeon\n",
    "flow without to": "steps:\n  - name: A\ninfo_flows:\n  - from: a\n",
    "list as name": "steps:\n  - name: [A, B]\n",
    "steps as mapping": "steps:\n  name: A\n",
    "after as mapping": "steps:\n  - name: A\n  - name: B\n    after: {A: 1}\n",
    "rework of 100%": "steps:\n  - name: A\n  - name: B\n    rework: {to: A, rate: 100%}\n",
    "rework of 0": "steps:\n  - name: A\n  - name: B\n    rework: {to: A, rate: 0}\n",
    "rework without to": "steps:\n  - name: A\n  - name: B\n    rework: {rate: 10%}\n",
    "rework unknown key": "steps:\n  - name: A\n  - name: B\n    rework: {to: A, rte: 1%}\n",
    "flow misspelt": "steps:\n  - name: A\n    flow: pul\n",
    "fifo_max without fifo": "steps:\n  - name: A\n    fifo_max: 40\n",
    "fifo_max beside pull": "steps:\n  - name: A\n    flow: pull\n    fifo_max: 40\n",
    "fifo_max not whole": "steps:\n  - name: A\n    flow: fifo\n    fifo_max: 2.5\n",
    "fifo_max zero": "steps:\n  - name: A\n    flow: fifo\n    fifo_max: 0\n",
    "kanban without pull": "steps:\n  - name: A\n    kanban: true\n",
    "supplier without name": "supplier: {delivery: Daily}\nsteps:\n  - name: A\n",
    "customer key misspelt": "customer: {name: C, delivry: Daily}\nsteps:\n  - name: A\n",
    "data as mapping": "customer: {name: C, data: {a: 1}}\nsteps:\n  - name: A\n",
    "data empty": "customer: {name: C, data: []}\nsteps:\n  - name: A\n",
    "supplier as list": "supplier: [a, b]\nsteps:\n  - name: A\n",
    "declared bad duration": "declared: {lead_time: soon}\nsteps:\n  - name: A\n",
    "declared percent above 1": "declared: {flow_efficiency: 12}\nsteps:\n  - name: A\n",
    "declared unknown figure": "declared: {takt: 60s}\nsteps:\n  - name: A\n",
    "declared as text": "declared: 30d\nsteps:\n  - name: A\n",
}


@pytest.mark.parametrize("text", BROKEN.values(), ids=BROKEN.keys())
def test_broken_maps_are_rejected_by_both(text):
    assert not loader_ok(text)
    assert not schema_ok(as_json(text))


@pytest.mark.parametrize("value", [
    "30s", "45m", "4h", "2d", "3w", "1d 4h", "1d, 4h", "1.5d", ".5h", "3 days", "2 hours",
    "1 week", "3DAYS", "P3D", "PT4H", "P1DT12H", "p1w", "3", "2.5", " 4h ", "3d4h",
    "two days", "3 fortnights", "4", "P", "PT", "P1DT", "P1Y", "-3d", "3dh", "d", "",
    "1e3", "3d x",
])
def test_duration_pattern_agrees_with_the_parser(value):
    try:
        parse_duration(value, "days", Calendar())
        parsed = True
    except ValueError:
        parsed = False
    assert schema_ok({"steps": [{"name": "A", "wait_time": value}]}) == parsed, value


@pytest.mark.parametrize("value", [
    "85%", "85 %", "100%", "0%", "0.5%", "0.85", "1", "0", ".5", "120%", "100.5%", "85",
    "abc", "-5%", 0.85, 1, 0, 1.5, 85,
])
def test_percent_pattern_agrees_with_the_parser(value):
    try:
        parse_percent(value)
        parsed = True
    except ValueError:
        parsed = False
    assert schema_ok({"steps": [{"name": "A", "complete_accurate": value}]}) == parsed, value


@pytest.mark.parametrize("value,timed", [
    ("920/day", False), ("4600/week", False), ("18400/20d", False), ("1,000 per day", False),
    ("920 / day", False), ("920/5", False), ("lots/day", False), ("920/", False),
    ("920/fortnight", False), ("55200s/day", True), ("7.5h/day", True), ("7.5h per day", True),
    ("55200/day", True), ("fast/day", True),
])
def test_rate_patterns_agree_with_the_parser(value, timed):
    try:
        parse_rate(value, Calendar(), timed=timed, what="rate")
        parsed = True
    except ValueError:
        parsed = False
    key = "available_time" if timed else "demand"
    assert schema_ok({key: value, "steps": [{"name": "A"}]}) == parsed, value


def test_the_published_schema_file_is_current():
    published = ROOT / "schema" / "vsm.schema.json"
    assert published.read_text(encoding="utf-8") == schema_json(), \
        "run: vsm-draw schema > schema/vsm.schema.json"


def test_pre_commit_hook_runs_vsm_draw_check_on_maps(tmp_path: Path):
    import re
    import shlex

    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "vsm-check" and hook["language"] == "python"
    program, *args = shlex.split(hook["entry"])
    assert program == "vsm-draw"
    broken = tmp_path / "broken.vsm.yaml"
    broken.write_text("steps:\n  - name: A\n    wait_time: soon\n", encoding="utf-8")
    files = [p for p in [*EXAMPLES, broken, ROOT / "pyproject.toml"]
             if re.search(hook["files"], str(p))]
    assert broken in files and ROOT / "pyproject.toml" not in files
    result = CliRunner().invoke(main, [*args, *map(str, files)])
    assert result.exit_code == 1
    assert result.stderr == (f"{broken}:3:16: `wait_time` 'soon' is not a duration; write it "
                             "as 30s, 45m, 4h, 2d, 3w, '1d 4h', '3 days' or ISO 8601 like P3D "
                             "or PT4H\n")
