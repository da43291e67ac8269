"""The Python API that draws: vsm_draw.loads, render and report, imported lazily."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

import vsm_draw

from .conftest import EXAMPLES, ROOT

TEXT = "title: API\nsteps:\n  - name: Build\n    process_time: 3d\n  - name: Review\n" \
       "    wait_time: 8d\n    process_time: 2h\n"


def test_loads_reads_text_and_names_it_in_errors():
    vsm = vsm_draw.loads(TEXT)
    assert [s.name for s in vsm.steps] == ["Build", "Review"]
    with pytest.raises(vsm_draw.VsmError) as info:
        vsm_draw.loads("steps:\n  - name: A\n    uptime: 5\n", file="inline.yaml")
    assert [str(p) for p in info.value.problems] == [
        "inline.yaml:3:13: `uptime` 5 is above 1; did you mean 5%?"]
    with pytest.raises(vsm_draw.VsmError) as info:
        vsm_draw.loads("steps: [\n")
    assert info.value.problems[0].file == "<string>"


@pytest.mark.parametrize("fmt, start", [("svg", b"<?xml"), ("png", b"\x89PNG"),
                                        ("pdf", b"%PDF-"), ("dot", b"digraph")])
def test_render_gives_the_bytes_the_cli_writes(tmp_path, fmt, start):
    from click.testing import CliRunner

    from vsm_draw.cli import main

    vsm = vsm_draw.load(str(EXAMPLES / "code-review-wait.vsm.yaml"))
    data = vsm_draw.render(vsm, fmt)
    assert data.startswith(start)
    out = tmp_path / f"x.{fmt}"
    CliRunner().invoke(main, ["render", str(EXAMPLES / "code-review-wait.vsm.yaml"),
                              "-o", str(out)])
    assert out.read_bytes() == data


def test_render_takes_the_width_and_legend_of_the_cli(tmp_path):
    from click.testing import CliRunner

    from vsm_draw.cli import main

    path = str(EXAMPLES / "software-delivery.vsm.yaml")
    data = vsm_draw.render(vsm_draw.load(path), "svg", width=900, legend=True)
    assert data != vsm_draw.render(vsm_draw.load(path), "svg")
    out = tmp_path / "x.svg"
    CliRunner().invoke(main, ["render", path, "-o", str(out), "--width", "900", "--legend"])
    assert out.read_bytes() == data


def test_report_html_and_pdf():
    vsm = vsm_draw.loads(TEXT)
    html = vsm_draw.report(vsm)
    assert html.startswith(b"<!DOCTYPE html>") and b"Review" in html
    assert vsm_draw.report(vsm, "pdf", paper="A3").startswith(b"%PDF-")
    with pytest.raises(ValueError):
        vsm_draw.report(vsm, "docx")  # type: ignore[arg-type]


def test_the_functions_stay_functions_when_their_modules_are_imported():
    from vsm_draw.compare import narrative  # noqa: F401
    from vsm_draw.report import inline_svg  # noqa: F401
    from vsm_draw.whatif import whatif_json  # noqa: F401

    vsm = vsm_draw.loads(TEXT)
    assert vsm_draw.report(vsm).startswith(b"<!DOCTYPE html>")
    assert vsm_draw.compare([vsm, vsm]).bottleneck_moved is False
    assert vsm_draw.whatif(vsm, {"Review.wait_time": "1d"}).after_metrics.lead_time == \
        (3 + 1) * 86400 + 7200


def test_import_vsm_draw_loads_no_renderer_and_asks_the_version_once():
    code = ("import sys, json, vsm_draw\n"
            "heavy = ['vsm_draw.compare', 'vsm_draw.whatif', 'vsm_draw.diagram', 'pygraphviz',"
            " 'jinja2', 'weasyprint', 'click', 'importlib.metadata']\n"
            "loaded = [m for m in heavy if m in sys.modules]\n"
            "v = vsm_draw.__version__\n"
            "print(json.dumps([loaded, '__version__' in vars(vsm_draw), v]))\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                          timeout=60, check=True)
    loaded, cached, version = json.loads(done.stdout)
    assert loaded == [] and cached and version


def test_problems_carry_the_field_and_step_they_are_about():
    with pytest.raises(vsm_draw.VsmError) as info:
        vsm_draw.loads("title: [x]\nsteps:\n  - name: A\n  - name: B\n    wait_time: soon\n")
    found = [(p.line, p.field, p.step) for p in info.value.problems]
    assert found == [(1, "title", None), (5, "wait_time", 2)]


def _second(body: str, head: str = "") -> str:
    return f"{head}steps:\n  - name: Z\n  - name: A\n    {body}\n"


@pytest.mark.parametrize("text, field, step", [
    # problems that said nothing of their field or step (a program had to match the words)
    (_second("after: [Q]"), "after", 2),
    (_second("after: [A]"), "after", 2),
    (_second("after: {a: 1}"), "after", 2),
    (_second("rework: {to: A, rate: 10%}"), "rework.to", 2),
    (_second("rework: {to: Q, rate: 10%}"), "rework.to", 2),
    (_second("rework: {to: Z, rate: 2}"), "rework.rate", 2),
    (_second("rework: {to: Z}"), "rework.rate", 2),
    (_second("rework: [1]"), "rework", 2),
    (_second("rework: {to: Z, rate: 1%, x: 1}"), "rework.x", 2),
    (_second("inventory: 5"), "inventory", 2),
    (_second("inventory: 5\n    wait_time: 1d", "demand: 1/day\n"), "inventory", 2),
    (_second("fifo_max: 5"), "fifo_max", 2),
    (_second("foo: 1"), "foo", 2),
    (_second("wait_statuses: [X]\n    active_statuses: [X]"), "active_statuses", 2),
    (_second('wait_statuses: ["\\x01"]'), "wait_statuses", 2),
    (_second("id: z"), "id", 2),
    ("steps:\n  - name: A\n  - name: A\n", "name", 2),
    ("steps:\n  - name: A\n  - {wait_time: 1d}\n", "name", 2),
    # YAML-level problems: the key (and step) the node is the value of
    (_second("wait_time: 1d\n    wait_time: 2d"), "wait_time", 2),
    (_second("owner: !!binary eA=="), "owner", 2),
    (_second(f"uptime: {'9' * 5000}"), "uptime", 2),
    (_second("<<: {a: 1}"), None, 2),
    ("date: 2026-02-30\nsteps:\n  - name: A\n", "date", None),
    ("end_statuses: [Done]\nsteps:\n  - name: A\n    wait_statuses: [Done]\n", "end_statuses",
     None),
    ("supplier: {name: S, data: [[1]]}\nsteps:\n  - name: A\n", "data", None),
    ("steps:\n  - name: A\ninfo_flows:\n  - {from: A}\n", "to", None),
    ("steps:\n  - name: S0\n  - name: S1\n    rework: {to: S0, rate: 99%}\n  - name: S2\n"
     "    rework: {to: S0, rate: 99%}\n", "rework.rate", 2),  # loops together: the first largest
])
def test_every_problem_says_its_field_and_step(text, field, step):
    with pytest.raises(vsm_draw.VsmError) as info:
        vsm_draw.loads(text)
    first = info.value.problems[0]
    assert (first.field, first.step) == (field, step), first


def _A():
    return vsm_draw.loads("steps:\n  - name: A\n    wait_time: 2d\n")


@pytest.mark.parametrize("call, error, words", [
    (lambda: vsm_draw.render("steps: [{name: A}]"), TypeError, "must be a ValueStreamMap"),
    (lambda: vsm_draw.report(None), TypeError, "not NoneType"),
    (lambda: vsm_draw.metrics({"steps": []}), TypeError, "not dict"),
    (lambda: vsm_draw.report(_A(), previous="q2.yaml"), TypeError, "previous must be"),
    (lambda: vsm_draw.render(_A(), "png", dpi=0), ValueError, "from 36 to 1200"),
    (lambda: vsm_draw.render(_A(), "png", dpi=-5), ValueError, "from 36 to 1200"),
    (lambda: vsm_draw.report(_A(), orientation="sideways"), ValueError, "unknown orientation"),
    (lambda: vsm_draw.render(_A(), width="900"), TypeError, "width must be a number"),
    (lambda: vsm_draw.render(_A(), metrics=5), TypeError, "metrics must be the Metrics"),
    (lambda: vsm_draw.report(_A(), metrics={}), TypeError, "metrics must be the Metrics"),
    (lambda: vsm_draw.render(None, metrics=vsm_draw.metrics(_A())), TypeError, "NoneType"),
    # a path string given for the list was read letter by letter ('q:1:1: no such file')
    (lambda: vsm_draw.compare("q1.vsm.yaml"), TypeError, "a list of maps, not one str"),
    (lambda: vsm_draw.compare([None, None]), TypeError, "not NoneType"),
    (lambda: vsm_draw.load(b"steps: [{name: A}]"), TypeError, "use vsm_draw.loads"),
    # each of these was a deep OverflowError, AttributeError, KeyError or 'not iterable'
    (lambda: vsm_draw.render(_A(), width=10**400), ValueError, "from 100 to 100000 pixels"),
    (lambda: vsm_draw.render(_A(), width=float("inf")), ValueError, "not inf"),
    (lambda: vsm_draw.render(_A(), width=float("nan")), ValueError, "not nan"),
    (lambda: vsm_draw.render(_A(), width=99), ValueError, r"--width\), not 99"),
    (lambda: vsm_draw.render(_A(), legend="no"), TypeError, "legend must be True or False"),
    (lambda: vsm_draw.report(_A(), "pdf", paper=None), TypeError, "not NoneType"),
    (lambda: vsm_draw.report(_A(), "pdf", paper=4), TypeError, "paper must be a paper's name"),
    (lambda: vsm_draw.render(_A(), metrics=vsm_draw.metrics(vsm_draw.loads(
        "steps:\n  - name: Z\n  - name: Y\n"))), ValueError, "those of another map"),
    (lambda: vsm_draw.loads("steps: [", 5), TypeError, "file must be the text"),
    (lambda: vsm_draw.load("a\0b.yaml"), vsm_draw.VsmError, "holds a NUL character"),
])
def test_wrong_types_and_values_are_named_not_a_deep_attribute_error(call, error, words):
    with pytest.raises(error, match=words):
        call()


def test_whatif_takes_one_change_as_a_string():
    result = vsm_draw.whatif(_A(), "A.wait_time=1d")
    assert [(c.step.id, c.field) for c in result.changes] == [("a", "wait_time")]


@pytest.mark.parametrize("fd", [0, 1, True])
def test_a_number_is_no_path_and_no_file_descriptor_is_read_or_closed(fd, tmp_path):
    """open() takes an int as a file descriptor and closes it: load(1) closed stdout,
    load(0) read the map from stdin, compare([5, 5]) read whatever fd 5 was."""
    import subprocess
    import sys

    code = ("import os, sys, vsm_draw\n"
            f"try:\n    vsm_draw.load({fd!r})\nexcept TypeError as e:\n    print('TypeError', e)\n"
            f"try:\n    vsm_draw.compare([{fd!r}, {fd!r}])\nexcept TypeError as e:\n    print('TypeError', e)\n"
            "os.fstat(0); os.fstat(1); print('fds open')\n")
    proc = subprocess.run([sys.executable, "-c", code], input="steps: [{name: A}]\n",
                          capture_output=True, text=True, timeout=60)
    assert proc.stdout.splitlines() == [
        f"TypeError a map's path must be text or a pathlib.Path, not {type(fd).__name__} "
        "(for YAML text use vsm_draw.loads)"] * 2 + ["fds open"], proc.stderr
