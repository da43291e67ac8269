"""Reading YAML: the plain scalars' types are PyYAML's, found without its regular expressions."""
from __future__ import annotations

import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st
from yaml.nodes import ScalarNode

from vsm_draw.yamlsource import YMap, compose, plain_tag


def pyyaml_tag(value: str) -> str:
    """The tag PyYAML's own resolver gives a plain scalar."""
    return yaml.resolver.Resolver().resolve(ScalarNode, value, (True, False))


# Scalars made of what YAML's numbers, dates, booleans and nulls are made of, and a few
# letters and signs beside: most are none of them, many are near misses.
scalar_text = st.text(alphabet="0123456789_-+.:eExXbBoOaAfFnNiIlLtTrRuUsSyYZdhwm~%<= \t\n",
                      max_size=12)


@settings(max_examples=3000)
@given(scalar_text)
@example("2026-09-30")
@example("2026-9-30")
@example("20260-9-30")
@example("12.")
@example("-0")
@example("0_")
@example("09")
@example("yes\n")
@example("1_000.5_")
@example("+.inf")
@example(".NaN")
@example("-.INF")
@example("2001-12-14 21:59:43Z")
@example("-0x1f")
@example("0b101")
@example("190:20:30")
@example("1:30.5")
@example("2001-12-14t21:59:43.10-05:00")
def test_plain_tag_is_pyyaml_s_tag_whenever_it_decides(value):
    tag = plain_tag(value)
    assert tag is None or tag == pyyaml_tag(value)


@pytest.mark.parametrize("value", ["Design", "Next sprint", "no", "No", "off", "null", "~", "", "2d",
                                   "1.5h", "80%", "3 days", "P3D", "3", "-0", "1_000", "0.85", "12.",
                                   "2026-09-30"])
def test_the_shapes_of_a_map_are_decided_without_pyyaml(value):
    assert plain_tag(value) == pyyaml_tag(value)


@pytest.mark.parametrize("value", ["010", "0x1F", "1:30", ".5", "1e3", ".inf", "<<", "=", "2026-9-30", "yes\n"])
def test_anything_else_is_left_to_pyyaml(value):
    assert plain_tag(value) is None


@pytest.mark.parametrize("text", [
    "a: 2026-09-30", "a: 2026-02-29", "a: 2026-13-01", "a: 2024-02-29", "a: 2026-9-3",
    "a: 2026-09-30 10:20:30", "a: 2026-09-30T10:20:30Z", "a: [1, 0x1f, 010, 1:30, 1.5, .inf, yes, ~, 2d]",
])
def test_values_are_those_pyyaml_makes(text):
    """Dates (and an impossible one's message), numbers, words: as PyYAML's safe loader."""
    try:
        expected, error = yaml.safe_load(text)["a"], None
    except ValueError as exc:
        expected, error = None, str(exc)
    tree, problems = compose(text, "m.yaml")
    assert isinstance(tree, YMap)
    if error:
        assert [p.message for p in problems] == [f"cannot read {text[3:]!r}: {error}"]
    else:
        node = tree.items["a"][2]
        got = [item.value for item in node.items] if isinstance(expected, list) else [node.value]
        expected = expected if isinstance(expected, list) else [expected]
        # the same values of the same types: a date stays a date, 1 an int, 1.5 a float
        assert [(type(v), v) for v in got] == [(type(v), v) for v in expected]
