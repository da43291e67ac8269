"""Loading and validation: every class of problem, each at its FILE:LINE:COLUMN."""
from __future__ import annotations

import datetime as dt
import json

import pytest
from click.testing import CliRunner

import vsm_draw
from vsm_draw import VsmError
from vsm_draw.cli import main
from vsm_draw.loader import load_file, load_text, slugify
from vsm_draw.model import CUSTOMER, SUPPLIER

from .conftest import EXAMPLES


def problems(text: str) -> list[str]:
    with pytest.raises(VsmError) as info:
        load_text(text, "m.yaml")
    return [str(p) for p in info.value.problems]


def one(text: str) -> str:
    found = problems(text)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize("path", sorted(EXAMPLES.rglob("*.yaml")), ids=lambda p: p.name)
def test_every_example_loads(path):
    vsm = load_file(path)
    assert vsm.steps


def test_a_full_map_becomes_the_model():
    vsm = load_text("""\
vsm: 1
title: T
state: future
date: 2026-09-30
boundaries: {start: In, end: Out}
unit: hours
supplier: Sup
customer: Cust
demand: 10/day
available_time: 8h/day
steps:
  - name: Code review
    owner: Seniors
    wait_time: 2
    process_time: 30m
    value_adding: false
    wait_reason: Batched
    informal_wait: true
    complete_accurate: 90%
    people: 2
    changeover: 1h
    uptime: 0.85
    notes: N
    kaizen: K
  - name: Ship
    id: ship-it
    inventory: 5
info_flows:
  - {from: Sup, to: Code review, label: Orders, kind: electronic}
  - {from: Planning, to: ship-it}
""")
    assert vsm.title == "T" and vsm.state == "future" and vsm.date == dt.date(2026, 9, 30)
    assert (vsm.boundaries.start, vsm.boundaries.end) == ("In", "Out")
    assert vsm.unit == "hours" and (vsm.supplier, vsm.customer) == ("Sup", "Cust")
    review, ship = vsm.steps
    assert review.id == "code-review" and review.wait_time == 7200 and review.process_time == 1800
    assert (review.value_adding, review.informal_wait) == (False, True)
    assert review.complete_accurate == 0.9 and review.uptime == 0.85 and review.people == 2
    assert review.changeover == 3600 and review.notes == "N" and review.kaizen == "K"
    assert ship.id == "ship-it" and ship.wait_time == pytest.approx(5 / 10 * 86400)
    assert ship.complete_accurate == 1.0 and ship.value_adding is True
    assert vsm.info_flows[0].source == SUPPLIER and vsm.info_flows[0].target == "code-review"
    assert vsm.info_flows[0].kind == "electronic"
    assert vsm.info_flows[1].source == "Planning" and vsm.info_flows[1].kind == "manual"
    assert vsm_draw.metrics(vsm).takt_time == pytest.approx(8 * 3600 / 10)


def test_defaults():
    vsm = load_text("steps:\n  - name: Only\n", "quick-map.yaml")
    assert vsm.vsm == 1 and vsm.unit == "days" and not vsm.calendar.is_working
    assert vsm.title == "Quick map"
    assert vsm.steps[0].wait_time == 0 and vsm.steps[0].process_time == 0


@pytest.mark.parametrize("file, title", [
    ("/docs/index.rst", "Value stream map"),      # an inline map in a Sphinx page
    ("docs/team/flows.md", "Value stream map"),   # ... or a MkDocs page
    ("<stdin>", "Value stream map"),
    ("maps/delivery-flow.vsm.yaml", "Delivery flow"),
    ("maps/support_desk.yml", "Support desk"),
])
def test_the_default_title_comes_from_yaml_file_names_only(file, title):
    assert load_text("steps:\n  - name: Only\n", file).title == title


def test_text_fields_keep_the_source_text():
    vsm = load_text("steps:\n  - name: 1.10\n    owner: no\n  - name: 'yes'\n", "m.yaml")
    assert [s.name for s in vsm.steps] == ["1.10", "yes"]
    assert vsm.steps[0].owner == "no"


def test_flow_to_customer_keyword():
    vsm = load_text("customer: Users\nsteps:\n  - name: A\ninfo_flows:\n"
                    "  - {from: a, to: Users}\n  - {from: A, to: customer}\n", "m.yaml")
    assert [(f.source, f.target) for f in vsm.info_flows] == [("a", CUSTOMER), ("a", CUSTOMER)]


@pytest.mark.parametrize("name, slug", [
    ("Code review", "code-review"), ("QA / Test", "qa-test"), ("  Déploiement ", "déploiement"),
    ("设计", "设计"), ("S. Weld 1", "s-weld-1"),
])
def test_slugs(name, slug):
    assert slugify(name) == slug


def test_emoji_name_gets_a_fallback_id():
    vsm = load_text("steps:\n  - name: '🚀'\n", "m.yaml")
    assert vsm.steps[0].id == "step-1"


# -- every class of problem -------------------------------------------------------------

def test_unknown_key_suggests_the_right_one():
    assert one("steps:\n  - name: A\n    proces_time: 3d\n") == \
        "m.yaml:3:5: unknown key `proces_time` in step 1; did you mean `process_time`?"
    assert one("titel: X\nsteps:\n  - name: A\n") == \
        "m.yaml:1:1: unknown key `titel` in the map; did you mean `title`?"


def test_unknown_key_without_a_close_match_lists_the_keys():
    message = one("steps:\n  - name: A\n    colour: red\n")
    assert message.startswith("m.yaml:3:5: unknown key `colour` in step 1; known keys: name, id")


@pytest.mark.parametrize("text, where, words", [
    ("steps:\n  - name: A\n    wait_time: -2d\n", "3:16", "cannot be negative"),
    ("steps:\n  - name: A\n    wait_time: -2\n", "3:16", "cannot be negative"),
    ("steps:\n  - name: A\n    wait_time: .nan\n", "3:16", "finite"),
    ("steps:\n  - name: A\n    process_time: .inf\n", "3:19", "finite"),
    ("steps:\n  - name: A\n    process_time: 1e400\n", "3:19", "finite"),
    ("steps:\n  - name: A\n    wait_time: 3 fortnights\n", "3:16", "unknown unit 'fortnights'"),
    ("steps:\n  - name: A\n    wait_time: [1]\n", "3:16", "single value"),
    ("unit: fortnights\nsteps:\n  - name: A\n", "1:7", "unknown unit 'fortnights'"),
    ("steps:\n  - name: A\n    complete_accurate: 120%\n", "3:24", "outside 0-100%"),
    ("steps:\n  - name: A\n    uptime: 85\n", "3:13", "did you mean 85%"),
    ("steps:\n  - name: A\n    value_adding: maybe\n", "3:19", "true or false"),
    ("steps:\n  - name: A\n    people: two\n", "3:13", "a number of people"),
    ("steps:\n  - name: A\n    inventory: -4\n", "3:16", "a count of items"),
    ("steps:\n  - name: A\n    id: 'a b'\n", "3:9", "only letters, digits"),
    ("steps:\n  - name: ''\n", "2:11", "empty"),
    ("steps:\n  - name: {a: 1}\n", "2:11", "expected text"),
    ("steps:\n  - owner: X\n", "2:5", "step 1 needs `name`"),
    ("steps:\n  - 42\n", "2:5", "must be a mapping"),
    ("steps: 3\n", "1:8", "must be a list"),
    ("steps: []\n", "1:8", "at least one step"),
    ("title: X\n", "1:1", "needs `steps`"),
    ("steps:\n", "1:1", "needs `steps`"),
    ("vsm: 2\nsteps:\n  - name: A\n", "1:6", "this vsm-draw reads `vsm: 1`"),
    ("date: 30/09/2026\nsteps:\n  - name: A\n", "1:7", "YYYY-MM-DD"),
    ("calendar: {hours_per_day: 30}\nsteps:\n  - name: A\n", "1:27", "from 0.1 to 24"),
    ("calendar: {days_per_week: 0}\nsteps:\n  - name: A\n", "1:27", "from 0.1 to 7"),
    ("calendar: 8\nsteps:\n  - name: A\n", "1:11", "must be a mapping"),
    ("demand: 920\nsteps:\n  - name: A\n", "1:9", "920/day"),
    ("available_time: lots/day\nsteps:\n  - name: A\n", "1:17", "available_time"),
    ("boundaries: {begin: x}\nsteps:\n  - name: A\n", "1:14", "known keys: start, end"),
    ("steps:\n  - name: A\ninfo_flows:\n  - {from: A, to: B, kind: telepathy}\n", "4:28",
     "manual, electronic or go-see"),
    ("steps:\n  - name: A\ninfo_flows:\n  - {from: A}\n", "4:5", "needs `to`"),
    ("steps:\n  - name: A\ninfo_flows: x\n", "3:13", "must be a list"),
    ("- a\n- b\n", "1:1", "must be a YAML mapping"),
])
def test_each_problem_is_located(text, where, words):
    message = one(text)
    assert message.startswith(f"m.yaml:{where}: "), message
    assert words in message


SELF_FLOWS = [
    ("steps:\n  - name: A\n    id: a\ninfo_flows:\n  - {from: a, to: A}\n", "5:19",
     "information flow 1 goes from 'a' to 'A', the same party, so it is not drawn"),
    ("supplier: Mill\nsteps:\n  - name: A\ninfo_flows:\n  - {from: B, to: A}\n"
     "  - {from: Mill, to: supplier, label: Orders}\n", "6:22",
     "information flow 2 goes from 'Mill' to 'supplier', the same party"),
    ("steps:\n  - name: A\ninfo_flows:\n  - {from: Planning, to: Planning}\n", "4:26",
     "from 'Planning' to 'Planning'"),
]


@pytest.mark.parametrize("text, where, words", SELF_FLOWS)
def test_a_flow_from_a_party_to_itself_is_a_check_warning(tmp_path, text, where, words):
    # Maps that passed check before stay valid (SPEC): a warning at the flow, exit 0.
    path = tmp_path / "m.yaml"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(path)])
    assert result.exit_code == 0, result.output
    (warning,) = result.stderr.splitlines()
    assert warning.startswith(f"{path}:{where}: warning: ") and words in warning, warning
    vsm = load_text(text)
    assert vsm == load_text(text)  # kept in the model (whatif -o writes it back)
    assert any(f.source == f.target for f in vsm.info_flows)


def test_a_flow_end_that_misses_a_step_by_its_accents_or_case_is_a_check_warning(tmp_path):
    # `to: emballage-et-expedition` drew a party box of its own beside the step
    # "Emballage et expédition" (id emballage-et-expédition), with no word said.
    text = ("steps:\n  - name: Cuisson\n  - name: Emballage et expédition\ninfo_flows:\n"
            "  - {from: Planification, to: emballage-et-expedition}\n"
            "  - {from: planification, to: cuisson}\n  - {from: CUISSON, to: customer}\n")
    path = tmp_path / "m.yaml"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(path)])
    assert result.exit_code == 0, result.output
    first, second = result.stderr.splitlines()
    assert first.startswith(f"{path}:5:31: warning: information flow 1's `to: emballage-et-expedition` "
                            "names no step") and "'emballage-et-expédition'" in first, first
    assert second.startswith(f"{path}:7:12: warning: information flow 3's `from: CUISSON`"), second
    vsm = load_text(text)
    assert [f.target for f in vsm.info_flows] == ["emballage-et-expedition", "cuisson", "customer"]


SELF_FLOW = ("end_statuses: [Done]\nsteps:\n  - name: A\n    wait_time: 1d\n"
             "    wait_statuses: [Ready]\ninfo_flows:\n  - {from: supplier, to: supplier}\n")


@pytest.mark.parametrize("args", [
    ["metrics", "--json", "{map}"], ["render", "{map}", "-o", "{out}.svg"],
    ["report", "{map}", "-o", "{out}.html"], ["compare", "{map}", "{other}", "--json"],
    ["report", "{other}", "-o", "{out}.html", "--previous", "{map}"],
    ["whatif", "{map}", "--set", "A.wait_time=2d", "-o", "{out}.yaml"],
    ["build", "{map}", "-o", "{out}"], ["measure", "--show-sql", "--map", "{map}"],
    ["metrics", "-"],
])
def test_every_command_that_loads_a_map_says_its_warnings(tmp_path, args):
    """A flow from a party to itself was said only by check: render, report and build drew
    the map without it and said nothing."""
    path, other = tmp_path / "m.yaml", tmp_path / "o.yaml"
    path.write_text(SELF_FLOW, encoding="utf-8")
    other.write_text("steps:\n  - name: A\n    wait_time: 3d\n", encoding="utf-8")
    args = [a.format(map=path, other=other, out=tmp_path / "out") for a in args]
    result = CliRunner().invoke(main, args, input=SELF_FLOW)
    assert result.exit_code == 0, (result.output, result.exception)
    name = "<stdin>" if "-" in args else path
    warnings = [x for x in result.stderr.splitlines() if "warning" in x]
    assert warnings == [f"{name}:7:26: warning: information flow 1 goes from 'supplier' to "
                        "'supplier', the same party, so it is not drawn; `to` names who receives "
                        "the information from `from`"], result.stderr
    if "--json" in args:
        json.loads(result.stdout)  # the warning is on stderr only


def test_a_copy_of_a_map_keeps_its_warnings_and_equals_it_without_them():
    import dataclasses

    vsm = load_text(SELF_FLOW)
    assert [w.field for w in vsm.warnings] == ["to"]
    assert dataclasses.replace(vsm, title="x").warnings == vsm.warnings  # dropped before
    assert dataclasses.replace(vsm, warnings=()) == vsm


def test_inventory_needs_demand():
    assert one("steps:\n  - name: A\n    inventory: 10\n") .startswith(
        "m.yaml:3:16: `inventory` needs the map's `demand`")


def test_a_wrong_type_names_its_field():
    assert one("title: [a, b]\nsteps:\n  - name: A\n").startswith("m.yaml:1:8: `title`: expected text")
    assert one("steps:\n  - name: A\n    people: many\n").startswith("m.yaml:3:13: `people`: ")


def test_a_bad_demand_is_reported_once_not_again_at_each_inventory():
    message = one("demand: 18400/month\nsteps:\n  - name: A\n    inventory: 10\n")
    assert message.startswith("m.yaml:1:9: `demand`"), message


def test_inventory_or_takt_beyond_any_duration_is_an_error_not_infinity():
    found = problems("demand: 1/52000w\navailable_time: 48h/day\nsteps:\n"
                     "  - name: A\n    inventory: 5\n")
    assert [p.split(": ")[0] for p in found] == ["m.yaml:1:9", "m.yaml:5:16"], found
    assert "takt time of more than" in found[0] and "wait of more than" in found[1]


def test_inventory_and_wait_time_are_exclusive():
    message = one("demand: 10/day\nsteps:\n  - name: A\n    wait_time: 1d\n    inventory: 10\n")
    assert message.startswith("m.yaml:5:16: give `inventory` or `wait_time`, not both")


def test_duplicate_names_and_ids():
    found = problems("steps:\n  - name: A\n  - name: A\n  - name: Code review\n"
                     "  - name: B\n    id: code-review\n")
    assert found == [
        "m.yaml:3:11: steps 1 and 2 are both named 'A'; step names must be unique",
        "m.yaml:6:9: the step id 'code-review' is already used by step 3; give this step a "
        "unique `id`",
    ]


def test_duplicate_keys():
    assert one("title: a\ntitle: b\nsteps:\n  - name: A\n") == \
        "m.yaml:2:1: `title` is given twice (first at line 1); keep one"


def test_every_problem_of_a_file_is_reported_at_once():
    found = problems("unit: x\nsteps:\n  - name: A\n    wait_time: -1\n    uptime: 2\n"
                     "  - name: A\n    colour: red\n")
    assert [p.split(": ")[0] for p in found] == ["m.yaml:1:7", "m.yaml:4:16", "m.yaml:5:13",
                                                 "m.yaml:6:11", "m.yaml:7:5"]


def test_empty_file(write_map):
    for content in ("", "# only a comment\n", "\n\n"):
        with pytest.raises(VsmError) as info:
            load_file(write_map(content))
        assert str(info.value.problems[0]).endswith(":1:1: the file is empty (or only "
                                                    "comments); a map needs at least a `steps:` list")


def test_not_utf8_points_at_the_byte(write_map):
    path = write_map(b"title: ok\nsteps:\n  - name: caf\xe9\n")
    with pytest.raises(VsmError) as info:
        load_file(path)
    assert str(info.value) == f"{path}:3:14: the file is not UTF-8 text (byte 0xe9); save it as " \
                              "UTF-8 in your editor"


def test_utf8_bom_is_accepted(write_map):
    assert load_file(write_map("\ufeffsteps:\n  - name: A\n".encode())).steps[0].name == "A"


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(VsmError, match="no such file"):
        load_file(tmp_path / "nope.yaml")
    with pytest.raises(VsmError, match="a folder"):
        load_file(tmp_path)


def test_yaml_syntax_error_is_located():
    message = one("steps:\n  - name: A\n    wait_time: 3d\n  name: [\n")
    assert message.startswith("m.yaml:4:3: invalid YAML")


@pytest.mark.parametrize("tag", [
    "!!python/object/apply:os.system ['touch /tmp/vsm-pwned']",
    "!!python/name:os.system",
    "!custom x",
    "!!binary aGVsbG8=",
    "!!set {a, b}",
])
def test_tags_cannot_construct_objects(tag, tmp_path):
    message = one(f"title: {tag}\nsteps:\n  - name: A\n")
    assert message.startswith("m.yaml:1:8: the YAML tag") and "not allowed" in message


def test_alias_bomb_fails_fast_without_expanding():
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi"):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    lines.append("steps: *i")
    message = one("\n".join(lines) + "\n")
    assert "aliases" in message and message.startswith("m.yaml:")


def test_a_map_too_large_without_aliases_is_not_blamed_on_aliases():
    """100,000 plain values: the message spoke of aliases (*name) that the map has none of."""
    message = one("steps:\n  - name: A\n    wait_statuses: [" + ", ".join(["x"] * 100001)
                  + "]\n")
    assert message.startswith("m.yaml:") and "more than 100000 values" in message
    assert "alias" not in message


def test_recursive_alias_is_bounded():
    message = one("a: &a [*a]\nsteps:\n  - name: A\n")
    assert message == "m.yaml:1:4: a YAML alias (*name) refers to a list or mapping that " \
        "holds it; a map cannot contain itself"


def test_deep_nesting_is_an_error_not_a_crash():
    message = one("a: " + "[" * 5000 + "]" * 5000 + "\nsteps:\n  - name: A\n")
    assert "nested too deeply" in message or "nesting depth" in message


def test_merge_keys_are_refused_together_with_the_other_problems():
    found = problems("base: &b {owner: X}\nsteps:\n  - <<: *b\n    name: A\n")
    assert [p.split(": ")[0] for p in found] == ["m.yaml:1:1", "m.yaml:3:5"], found
    assert "unknown key `base`" in found[0] and "merge keys" in found[1]


def test_load_accepts_text_and_paths():
    text = (EXAMPLES / "code-review-wait.vsm.yaml").read_text(encoding="utf-8")
    assert vsm_draw.load(text) == vsm_draw.load(str(EXAMPLES / "code-review-wait.vsm.yaml"))


def test_numbers_in_exponent_form_are_numbers():
    vsm = load_text("demand: 1000/day\nsteps:\n  - name: A\n    inventory: 1e3\n    people: 2E0\n",
                    "m.yaml")
    assert vsm.steps[0].inventory == 1000 and vsm.steps[0].people == 2


def test_quoted_booleans_say_to_drop_the_quotes():
    message = one("steps:\n  - name: A\n    value_adding: 'false'\n")
    assert message.startswith("m.yaml:3:19: `value_adding` must be true or false written "
                              "without quotes")


def test_an_endless_file_is_read_only_up_to_a_bound():
    with pytest.raises(VsmError, match="larger than 16 MiB"):
        load_file("/dev/zero")


def test_a_map_can_come_from_a_pipe(tmp_path):
    import os

    read_end, write_end = os.pipe()
    os.write(write_end, b"steps:\n  - name: Piped\n")
    os.close(write_end)
    try:
        assert load_file(f"/dev/fd/{read_end}").steps[0].name == "Piped"
    finally:
        os.close(read_end)


# --- the rest of the classic notation (flows, end points, declared figures) ------------------

def test_flows_end_points_and_declared_figures_become_the_model():
    vsm = load_text("""\
supplier: {name: Michigan Steel Co., delivery: Tue + Thu, data: [500 ft coils]}
customer:
  name: State Street Assembly
  delivery: Daily
  data:
    - 18,400 pcs/month
    - 2 shifts
declared: {lead_time: 4.5d, process_time: 188, flow_efficiency: 12%}
unit: seconds
steps:
  - name: Stamping
  - name: Weld
    flow: FIFO
    fifo_max: 40
  - name: Ship
    flow: pull
    kanban: true
    people: 2
""")
    assert (vsm.supplier, vsm.supplier_delivery, vsm.supplier_data) == (
        "Michigan Steel Co.", "Tue + Thu", ("500 ft coils",))
    assert (vsm.customer, vsm.customer_delivery, vsm.customer_data) == (
        "State Street Assembly", "Daily", ("18,400 pcs/month", "2 shifts"))
    stamping, weld, ship = vsm.steps
    assert (stamping.flow, stamping.fifo_max, stamping.kanban) == ("push", None, False)
    assert (weld.flow, weld.fifo_max) == ("fifo", 40)
    assert (ship.flow, ship.kanban, ship.people) == ("pull", True, 2)
    lead, process, flow = vsm.declared.lead_time, vsm.declared.process_time, \
        vsm.declared.flow_efficiency
    assert (lead.value, lead.resolution, lead.text, lead.line, lead.column) == (
        4.5 * 86400, pytest.approx(8640), "4.5d", 8, 23)
    assert (process.value, process.resolution) == (188, 1)  # a bare number is in `unit`
    assert (flow.value, flow.resolution) == (0.12, pytest.approx(0.01))


def test_a_plain_supplier_name_has_no_truck_or_data():
    vsm = load_text("supplier: Acme\nsteps:\n  - name: A\n")
    assert (vsm.supplier, vsm.supplier_delivery, vsm.supplier_data) == ("Acme", None, ())
    assert load_text("customer: {name: C, data: one line}\nsteps:\n  - name: A\n"
                     ).customer_data == ("one line",)


@pytest.mark.parametrize("text, where, message", [
    ("steps:\n  - name: A\n    flow: pul\n", "3:11",
     "`flow` must be push, fifo or pull, not 'pul'; did you mean `pull`?"),
    ("steps:\n  - name: A\n    flow: conveyor\n", "3:11",
     "`flow` must be push, fifo or pull, not 'conveyor'"),
    ("steps:\n  - name: A\n    fifo_max: 40\n", "3:15",
     "`fifo_max` needs `flow: fifo` beside it; add `flow: fifo` or remove `fifo_max`"),
    ("steps:\n  - name: A\n    flow: pull\n    fifo_max: 40\n", "4:15",
     "`fifo_max` needs `flow: fifo` beside it (it is `flow: pull`); add `flow: fifo` or "
     "remove `fifo_max`"),
    ("steps:\n  - name: A\n    flow: fifo\n    fifo_max: 2.5\n", "4:15",
     "`fifo_max` must be a whole number of items, not 2.5"),
    ("steps:\n  - name: A\n    flow: fifo\n    fifo_max: 0\n", "4:15",
     "`fifo_max`: expected a whole number of items from 1 to 999999, not 0"),
    ("steps:\n  - name: A\n    kanban: true\n", "3:13",
     "`kanban` needs `flow: pull` beside it; add `flow: pull` or remove `kanban`"),
    ("supplier: {delivery: Daily}\nsteps:\n  - name: A\n", "1:11",
     "`supplier` needs `name` (name of the supplier or customer)"),
    ("customer:\n  name: C\n  delivry: Daily\nsteps:\n  - name: A\n", "3:3",
     "unknown key `delivry` in `customer`; did you mean `delivery`?"),
    ("customer: {name: C, data: {a: 1}}\nsteps:\n  - name: A\n", "1:27",
     "`data`: expected a list of lines such as ['18,400 pcs/month', 2 shifts]"),
    ("customer: {name: C, data: [a, [b]]}\nsteps:\n  - name: A\n", "1:31",
     "a line of the data box: expected text here"),
    ("supplier: [a, b]\nsteps:\n  - name: A\n", "1:11",
     "`supplier`: expected text here, not a list or mapping"),
    ("declared: {lead_time: soon}\nsteps:\n  - name: A\n", "1:23", "`lead_time` 'soon' is not"),
    ("declared: {flow_efficiency: 12}\nsteps:\n  - name: A\n", "1:29",
     "`flow_efficiency` 12 is above 1; did you mean 12%?"),
    ("declared: {takt: 60s}\nsteps:\n  - name: A\n", "1:12",
     "unknown key `takt` in `declared`; known keys: lead_time, process_time, "
     "flow_efficiency"),
    ("declared: 30d\nsteps:\n  - name: A\n", "1:11", "`declared` must be a mapping"),
])
def test_each_notation_problem_is_located(text, where, message):
    found = one(text)
    assert found.startswith(f"m.yaml:{where}: {message}"), found


def test_a_misspelt_flow_is_not_also_reported_at_fifo_max():
    assert one("steps:\n  - name: A\n    flow: fiffo\n    fifo_max: 3\n") == (
        "m.yaml:3:11: `flow` must be push, fifo or pull, not 'fiffo'; did you mean `fifo`?")


def test_each_character_a_map_may_not_hold_is_unprintable():
    """character_problem() passes printable text (tabs and line breaks aside) without its
    expressions: each character they refuse must be neither."""
    import re

    from vsm_draw import loader

    refused = [chr(code) for code in range(0x110000)
               if re.search(loader._UNSHOWABLE, chr(code)) or re.search(loader._REORDERING, chr(code))]
    assert len(refused) == 29 + 2 + 2048 + 2  # controls, U+FFFE/F, surrogates, the overrides
    assert not [c for c in refused if c.isprintable() or c in "\t\n\r"]
    assert loader.character_problem("Review\tand\r\nsign off") is None
    assert "U+202E" in loader.character_problem("S\u202eevil")
