"""What a cold start leaves out still works when it is asked for."""
from __future__ import annotations

import re
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from .conftest import EXAMPLES

SCRIPT = r"""
import vsm_draw.yamlsource  # imports PyYAML with its regular expressions compiled lazily
import yaml

assert type(yaml.reader.Reader.NON_PRINTABLE).__name__ == "_LazyPattern"
try:
    yaml.load("a: \x07", Loader=yaml.SafeLoader)  # the Python reader: its test compiles now
except yaml.reader.ReaderError:
    pass
else:
    raise SystemExit("a control character was read")
assert yaml.load("a: [1.5, 0x1f, 2026-05-01, ~, yes]", Loader=yaml.SafeLoader) == {
    "a": [1.5, 31, __import__("datetime").date(2026, 5, 1), None, True]}
print("ok")
"""


def test_yaml_compiles_its_expressions_when_first_used():
    # A fresh interpreter: in this one PyYAML may have been imported already.
    done = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


RENDER = r"""
import builtins, sys

compiled = []  # the built-in compile() of a text: its first call costs 10 M instructions
real_compile = builtins.compile
builtins.compile = lambda source, *rest, **kw: (
    compiled.append(source) if isinstance(source, str) else None) or real_compile(source, *rest, **kw)
from vsm_draw import cli, frozen

try:
    cli.main(["render", sys.argv[1], "-o", sys.argv[2]])
except SystemExit as stop:
    assert not stop.code, stop.code
later = ["vsm_draw.compare", "vsm_draw.whatif", "vsm_draw.report", "vsm_draw.pdf", "vsm_draw.measure",
         "vsm_draw.charts", "vsm_draw.table", "weasyprint", "jinja2", "duckdb", "json",
         "vsm_draw.layout.legend",  # drawn with --legend only
         "heapq",  # for routing lines round what stands in their way: this map routes none
         "vsm_draw.layout.branches",  # for parallel branches and rework: this map has neither
         "vsm_draw.api",  # the Python API (vsm_draw.render...), imported when first asked for
         "difflib"]  # Click's suggestions for an unknown option: none is (-o is no long option)
print(sorted(name for name in later if name in sys.modules))
print(sorted(f"{module}.{name}" for module, name, *_, written in frozen.MADE if not written))
print(type(sys.modules["inspect"]).__name__)
print(compiled)
print(type(sys.modules["gettext"]._token_pattern).__name__)  # compiled when a catalogue asks
"""


def test_render_imports_what_it_draws_with_and_compiles_no_init(tmp_path):
    """A cold `render` imports none of the other commands' modules (nor WeasyPrint, Jinja,
    DuckDB, nor difflib to suggest names for the short option -o), every record class it makes takes its written-out __init__, inspect (which
    Click and dataclasses import) never runs, nothing calls compile() (typing would,
    for each string in Click's types), and gettext's expression is left uncompiled."""
    out = tmp_path / "x.svg"
    done = subprocess.run([sys.executable, "-c", RENDER, str(EXAMPLES / "software-delivery.vsm.yaml"), str(out)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["[]", "[]", "_Deferred", "[]", "str"]
    assert out.read_bytes().startswith(b"<?xml")


DEFERRED = r"""
import sys, typing
import vsm_draw.cli
import inspect, click, gettext, locale, platform

assert type(inspect).__name__ == "_Deferred"
assert inspect.cleandoc("  Two\n    lines") == "Two\nlines"  # not one line: inspect runs
assert type(inspect).__name__ == "module" and inspect is sys.modules["inspect"]
assert str(inspect.signature(vsm_draw.cli.fail)) == "(error: 'VsmError') -> 'NoReturn'"
# Click's string types still resolve, to the types they name.
hints = typing.get_type_hints(click.types.ParamTypeInfoDict)
assert hints["param_type"] is str, hints
# The stand-ins for expressions not compiled yet are in these modules only, and work.
stand_ins = sorted({name.split(".")[0] for name, module in list(sys.modules.items()) if module is not None
                    for value in list(vars(module).values()) if type(value).__name__ == "_LazyPattern"})
print(stand_ins)
assert gettext.c2py("n != 1")(2) == 1  # gettext hands its expression to re.finditer
assert platform.python_version_tuple()[0] == "3"
assert locale.format_string("%d items", 3) == "3 items"
assert click.unstyle("\x1b[31mred\x1b[0m") == "red"
# copy (dataclasses imports it) and base64 (PyYAML's constructor does) run when first used.
import copy, base64, dataclasses, yaml
assert type(copy).__name__ == type(base64).__name__ == "_Deferred"
assert dataclasses.asdict(vsm_draw.Rate(920.0, 86400.0)) == {"amount": 920.0, "period": 86400.0, "text": ""}
assert type(copy).__name__ == "module" and copy is sys.modules["copy"] and copy.copy([1]) == [1]
assert yaml.load("!!binary aGk=", Loader=yaml.SafeLoader) == b"hi"
assert type(base64).__name__ == "module" and base64.b64encode(b"hi") == b"aGk="
"""


def test_what_start_up_puts_off_works_when_asked_for():
    done = subprocess.run([sys.executable, "-c", DEFERRED], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["['click', 'dataclasses', 'locale', 'platform', 'vsm_draw']"]


CLEANDOC = ["", " ", "x", " x", "x ", "\tx", "x\ty", "a\nb", "a\n  b\n  c", "\n\nx\n\n", "\u3000x", "x\u3000",
            "Show the version and exit.", "Output file: .svg, .png"]


@pytest.mark.parametrize("flags", [0, re.VERBOSE | re.DOTALL, re.IGNORECASE | re.MULTILINE, re.ASCII])
def test_an_expression_left_as_text_is_the_same_expression(flags):
    from vsm_draw._lazy import _LazyPattern, pattern_text

    pattern = r"""(?P<word> [a-z]+ ) | (?P<other> . )"""
    text = pattern_text(_LazyPattern(pattern, flags))
    assert type(text) is str
    compiled, expected = re.compile(text), re.compile(pattern, flags)
    assert compiled.flags == expected.flags
    for subject in ["ab C\nd", "x y", "\u00e9t\u00e9 1"]:
        assert [m.span() for m in compiled.finditer(subject)] == [m.span() for m in expected.finditer(subject)]
    assert pattern_text(expected) is expected


@pytest.mark.parametrize("doc", CLEANDOC)
def test_deferred_cleandoc_is_inspects(doc):
    import inspect

    from vsm_draw._lazy import _cleandoc

    assert _cleandoc(doc) == inspect.cleandoc(doc)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="ab-_ Z9\u00e9\n.:/\t", max_size=10))
def test_id_slug_is_the_expressions(text):
    from vsm_draw.layout.measure import id_slug

    assert id_slug(text) == (re.sub(r"[^A-Za-z0-9_-]+", "-", text).strip("-").lower() or "step")
    assert id_slug(text, "party") == (re.sub(r"[^A-Za-z0-9_-]+", "-", text).strip("-").lower() or "party")


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="0123456789.dhwmsDayeE -,x\u0663", min_size=1, max_size=7))
def test_one_part_duration_is_the_expressions(text):
    """A duration read without the expression (3w, 1.5d) gives what reading it with the
    expression gives; anything else is still read with it."""
    from vsm_draw.durations import _PART, _one_part

    one = _one_part(text)
    match = _PART.fullmatch(text)
    if one is not None:
        assert match is not None and match.end() == len(text) and match.groups() == one
    elif match is not None:  # only what _one_part cannot say: spaces, a comma, other digits
        assert any(c in text for c in " ,\u0663")


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from([b"<svg", b"<svgx", b">", b" ", b"\n", b"\x0b", b"\x1c", b"a", b"<"]), max_size=8))
def test_svg_tag_is_the_expressions(parts):
    from vsm_draw.svgpost import _svg_tag

    svg = b"".join(parts)
    found = re.search(rb"(<svg\b[^>]*?)>", svg)
    assert _svg_tag(svg) == ((found.start(), found.end() - 1) if found else (-1, -1))


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="aZ09_.-\u00e9\u0663 \n/", min_size=1, max_size=6))
def test_plain_id_test_is_the_expressions(text):
    from vsm_draw.loader import _ID, _ID_ASCII

    if _ID_ASCII.issuperset(text):
        assert _ID.match(text)
