"""Hostile maps: each one is a located one-line error and exit 1, or a correct result;
never a traceback, a hang, `Infinity` in JSON or a misread number."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest
from click.testing import CliRunner

from vsm_draw.cli import main

from .conftest import ROOT, waiting_fifo

BIG = "9" * 400
LINE = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<column>\d+): (?P<message>.+)$")


def step(body: str, head: str = "") -> str:
    return f"{head}steps:\n  - name: A\n    {body}\n"


# (map text, line:column of the first problem, words of its message)
INVALID = [
    (step(f"wait_time: {BIG}"), "3:16", "too long to be a duration (more than 1000 years)"),
    (step(f"process_time: {BIG}s"), "3:19", "more than 1000 years"),
    (step(f"people: {BIG}"), "3:13", "from 0 to 1e+06"),
    (step(f"inventory: {BIG}", "demand: 10/day\n"), "4:16", "from 0 to 1e+12"),
    (step(f"complete_accurate: {BIG}"), "3:24", "outside 0-100%"),
    (step("people: .inf"), "3:13", "from 0 to 1e+06"),
    (step("people: .nan"), "3:13", "must be finite"),
    (step("wait_time: 1d", f"calendar:\n  hours_per_day: {BIG}\n"), "2:18", "from 0.1 to 24"),
    (step("wait_time: 1d", "calendar:\n  hours_per_day: 5e-324\n"), "2:18", "from 0.1 to 24"),
    (step("wait_time: 1d", "calendar:\n  days_per_week: 0\n"), "2:18", "from 0.1 to 7"),
    (step("wait_time: 1:30"), "3:16", "base-60 number 90, not a time; write it with units, "
                                      "such as 1h 30m"),
    (step("wait_time: 190:20:30"), "3:16", "base-60 number 685230"),
    (step("wait_time: '1:30'"), "3:16", "such as 1h 30m"),
    (step("wait_time: 010"), "3:16", "the octal number 8; write 10"),
    (step("process_time: 0x1F"), "3:19", "the hexadecimal number 31"),
    (step("people: 0b11"), "3:13", "the binary number 3"),
    (step("uptime: 010"), "3:13", "octal"),
    ("vsm: 0x1\n" + step("wait_time: 1d"), "1:6", "hexadecimal"),
    (step("complete_accurate: '100'"), "3:24", "did you mean 100%?"),
    (step("complete_accurate: 50"), "3:24", "did you mean 50%?"),
    # a quoted number is text: said so, not "expected a number of people, not '2'"
    (step("people: '2'"), "3:13", "not the text '2' in quotes; write the number without quotes"),
    (step("inventory: \"5\"", "demand: 5/day\n"), "4:16", "not the text '5' in quotes"),
    ("calendar: {hours_per_day: '8'}\n" + step("wait_time: 1d"), "1:27", "'8' in quotes"),
    (step("wait_time: 1d", "demand: 1e400/day\n"), "1:9", "more than 1e+12 items per period"),
    (step("wait_time: 1d", "demand: -10/day\n"), "1:9", "cannot be negative"),
    (step("wait_time: 1d", "demand: 1e-320/day\n"), "1:9", "less than one per 1000 years"),
    (step("name: " + "x" * 17000), "3:5", "`name` is given twice"),
    ("steps:\n  - name: " + "x" * 17000 + "\n", "2:11", "17000 characters long; at most 500"),
    ("title: " + "t" * 600 + "\nsteps:\n  - name: A\n", "1:8", "at most 500"),
    ("unit: " + "u" * 17000 + "\nsteps:\n  - name: A\n", "1:7", "unknown unit 'uuuu"),
    (f"unit: {BIG}\nsteps:\n  - name: A\n", "1:7", "unknown unit '9999"),
    ("steps:\n  - name: A\n    id: " + "i" * 200 + "\n", "3:9", "at most 100"),
    ("steps:\n  - name: A\n    notes: " + "n" * 2001 + "\n", "3:12", "at most 2000"),
    ("steps:\n  - name: 'A\n    wait_time: 1d\n", "2:11", "this quote is never closed"),
    ("steps:\n\t- name: A\n", "2:1", "YAML does not allow tabs for indentation; use spaces"),
    ("\0steps:\n  - name: A\n", "1:1", "a NUL byte"),
    # YAML reads these as line breaks, editors show none: the 'comment' set wait_time to 9w,
    # and every place after one was a line off
    ("steps:\n  - name: A  # reviewed\u2028    wait_time: 9w\n", "2:24",
     "U+2028 (a line separator), which YAML reads as a line break though editors show none"),
    ('title: "a\x85b"\nsteps:\n  - name: A\n    uptime: 5\n', "1:10", "U+0085 (the next-line"),
    ("steps:\n  - name: A\n    notes: a\u2029b\n", "3:13", "U+2029 (a paragraph separator)"),
    ("steps:\n  - name: A\n    notes: a\x07b\n", "3:13", "control character U+0007"),
    # the same characters through a quoted YAML escape: XML (SVG, HTML) refuses them
    ('title: "a\\x01b"\n' + step("wait_time: 1d"), "1:8", "holds the character U+0001 (character 2"),
    ('steps:\n  - name: "A\\0"\n', "2:11", "U+0000"),
    # bidirectional overrides: "S\u202eevil" showed as "Slive" in every picture and page
    ('supplier: "S\\u202eevil"\nsteps:\n  - name: A\n', "1:11",
     "U+202E (character 2 of the text), a bidirectional override"),
    ('customer: {name: C, data: ["x\\u202dy"]}\nsteps:\n  - name: A\n', "1:28", "U+202D"),
    ('steps:\n  - name: A\n    wait_statuses: ["\\u202dReady"]\n', "3:21", "U+202D"),
    ('steps:\n  - name: A\n    kaizen: "x\\uFFFE"\n', "3:13", "U+FFFE"),
    ('supplier: {name: S, data: ["a\\x1b"]}\n' + step("wait_time: 1d"), "1:28", "U+001B"),
    (step(f"wait_time: x{BIG}"), "3:16", "9…' is not a duration"),
    (step("people: " + "1" * 5000), "3:13", "a number of 5000 digits is far beyond any figure"),
    ("steps:\n" + "  - {name: s}\n" * 1001, "2:3", "1001 steps; at most 1000"),
    ("steps:\n" + "".join(f"  - {{name: s{i}, notes: {'n' * 1990}}}\n" for i in range(51)),
     "2:3", "101,"),
    ("steps:\n  - name: A\ninfo_flows:\n" + "  - {from: A, to: customer}\n" * 201, "4:3",
     "201 flows; at most 200"),
    ("steps:\n  - name: S0\n" + "".join(f"  - name: S{i}\n    rework: {{to: S0, rate: 1%}}\n"
                                        for i in range(1, 52)),
     "104:28", "51 rework loops; at most 50"),  # the 51st, at its rate
    # YAML 1.1 reads these as dates: the message says so, not datetime.date(2026, 1, 1)
    (step("wait_time: 2026-01-01"), "3:16", "must be a duration, not the date 2026-01-01;"),
    (step("uptime: 2026-01-01 10:00:00"), "3:13", "not the date 2026-01-01 10:00:00;"),
    (step("wait_time: 1d", "demand: 2026-01-01\n"), "1:9", "920/day or 4600/week, not the date"),
]


@pytest.mark.parametrize("text, where, words", INVALID)
def test_hostile_map_is_one_located_line_per_problem(tmp_path, text, where, words):
    path = tmp_path / "m.yaml"
    path.write_text(text, encoding="utf-8")
    for args in (["check"], ["metrics", "--json"], ["render", "-o", str(tmp_path / "x.svg")]):
        result = CliRunner().invoke(main, [args[0], str(path), *args[1:]])
        assert result.exit_code == 1, (args, result.output)
        assert result.exception is None or isinstance(result.exception, SystemExit)
        lines = result.stderr.splitlines()
        assert lines and all(LINE.match(line) for line in lines), lines
        first = LINE.match(lines[0])
        assert first and f"{first['line']}:{first['column']}" == where, lines
        assert words in result.stderr, lines
        assert all(len(line) < 400 for line in lines), "a long value is echoed whole"
        assert not (tmp_path / "x.svg").exists()


def test_every_problem_of_a_file_at_once_yaml_level_ones_included(tmp_path):
    path = tmp_path / "m.yaml"
    path.write_text("title: !!python/object x\ntitle: b\nbase: {<<: {a: 1}}\nsteps:\n"
                    "  - name: A\n    wait_time: soon\n  - name: B\n    uptime: 2\n",
                    encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(path)])
    places = [":".join(line.split(":")[1:3]) for line in result.stderr.splitlines()]
    assert places == ["1:8", "2:1", "3:1", "3:8", "6:16", "8:13"], result.stderr


def test_a_refused_tag_is_not_reported_twice(tmp_path):
    path = tmp_path / "m.yaml"
    path.write_text("steps:\n  - name: !!binary eA==\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(path)])
    assert result.exit_code == 1
    assert len(result.stderr.splitlines()) == 1 and "tag" in result.stderr


# Hostile but valid: a correct result.
def test_tiny_calendar_values_never_reach_json_as_infinity(tmp_path):
    path = tmp_path / "m.yaml"
    path.write_text("calendar: {hours_per_day: 0.1}\nunit: weeks\nsteps:\n"
                    "  - name: A\n    wait_time: 999y\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["metrics", "--json", str(path)])
    assert result.exit_code == 1 and "unknown unit 'y'" in result.stderr
    path.write_text("calendar: {hours_per_day: 0.1, days_per_week: 0.1}\nunit: weeks\n"
                    "steps:\n  - name: A\n    wait_time: 5e-324\n    process_time: 999w\n",
                    encoding="utf-8")
    result = CliRunner().invoke(main, ["metrics", "--json", str(path)])
    assert result.exit_code == 0, result.output
    obj = json.loads(result.output)  # strict JSON: no Infinity, no NaN
    assert obj["process_time"] == 999 and obj["lead_time"] == 999


def test_json_never_prints_infinity(monkeypatch):
    import vsm_draw.cli as cli

    with pytest.raises(ValueError):
        cli.echo_json({"lead_time": float("inf")})


def test_a_map_on_standard_input_is_named_stdin():
    text = "steps:\n  - name: A\n    wait_time: 2d\n    process_time: 1d\n"
    result = CliRunner().invoke(main, ["metrics", "--json", "-"], input=text)
    assert result.exit_code == 0 and json.loads(result.output)["lead_time"] == 3
    for args in (["check", "-"], ["metrics", "-"], ["render", "-", "-o", "-"],
                 ["report", "-", "-o", "x.html"],
                 ["compare", "-", str(ROOT / "examples" / "code-review-wait.vsm.yaml")],
                 ["whatif", "-", "--set", "A.wait_time=1d"]):
        result = CliRunner().invoke(main, args, input="steps:\n  - name: A\n    uptime: 5\n")
        assert result.exit_code == 1, args
        assert result.stderr.startswith("<stdin>:3:13: `uptime` 5 is above 1"), result.stderr


def test_whatif_set_values_are_validated_as_in_a_map(tmp_path):
    path = tmp_path / "m.yaml"
    path.write_text("steps:\n  - name: A\n    wait_time: 1d\n", encoding="utf-8")
    for value, words in ((BIG, "more than 1000 years"), ("1:30", "such as 1h 30m"),
                         ("010", "octal")):
        result = CliRunner().invoke(main, ["whatif", str(path), "--set", f"A.wait_time={value}"])
        assert result.exit_code == 1, result.output
        assert LINE.match(result.stderr.splitlines()[0]) and words in result.stderr


@pytest.mark.parametrize("change, code, words", [
    (f"A.uptime={'7' * 5000}", 1, "a number of 5000 digits is far beyond any figure"),
    (f"A.people={BIG}", 1, "from 0 to 1e+06"),
    (f"A.wait_time=-{BIG}", 1, "more than 1000 years"),
    (f"A.name={'n' * 17000}", 1, "17000 characters long; at most 500"),
    (f"A.rework.rate={BIG}", 1, "is outside 0-100%"),
    ("x" * 5000, 2, "is not STEP.FIELD=VALUE"),
    (f"{'s' * 5000}.wait_time=1d", 2, "has no step 'sss"),
    (f"A.{'f' * 5000}=1d", 2, "has no field 'fff"),
    (f"A.after=[{'[' * 5000}", 2, "is not valid YAML"),
])
def test_a_huge_set_value_is_a_short_message_not_echoed_whole(tmp_path, change, code, words):
    """A 5,000-digit VALUE was a traceback (int() refuses more than 4,300 digits); the others
    were echoed whole, as one line of 5,000 characters or more."""
    path = tmp_path / "m.yaml"
    path.write_text("steps:\n  - name: Z\n  - name: A\n    wait_time: 1d\n    rework: "
                    "{to: Z, rate: 10%}\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["whatif", str(path), "--set", change, "--json"])
    assert result.exit_code == code, (result.output, result.exception)
    assert words in result.stderr, result.stderr
    assert all(len(line) < 400 for line in result.stderr.splitlines()), result.stderr
    if code == 1:
        assert all(LINE.match(line) for line in result.stderr.splitlines()), result.stderr


def _one_row_of(tmp_path, steps: int):
    """A map of ``steps`` steps, drawn in one row when no --width is given."""
    path = tmp_path / "m.yaml"
    path.write_text("steps:\n" + "".join(f"  - name: Step {i}\n    wait_time: 1d\n"
                                         for i in range(steps)), encoding="utf-8")
    return path


def test_a_too_wide_png_is_refused_with_what_to_do(tmp_path):
    path = _one_row_of(tmp_path, 120)
    out = tmp_path / "x.png"
    result = CliRunner().invoke(main, ["render", str(path), "-o", str(out)])
    assert result.exit_code == 1 and not out.exists()
    assert "Graphviz draws at most 32,767" in result.stderr and "--dpi" in result.stderr
    assert "--width" in result.stderr
    result = CliRunner().invoke(main, ["render", str(path), "-o", str(out), "--width", "1800"])
    assert result.exit_code == 0, result.output  # the advice works
    assert out.read_bytes().startswith(b"\x89PNG")


def test_a_pdf_page_wider_than_viewers_show_is_written_with_a_warning(tmp_path):
    path = _one_row_of(tmp_path, 100)
    out = tmp_path / "x.pdf"
    result = CliRunner().invoke(main, ["render", str(path), "-o", str(out)])
    assert result.exit_code == 0, result.output  # valid, if too wide for Acrobat
    width = float(re.search(rb"/MediaBox \[ 0 0 ([\d.]+) ", out.read_bytes())[1])
    assert width > 14400
    assert result.stderr == (f"{path}: warning: the PDF page is {width:,.0f} x 361 pt, wider "
                             "than the 14,400 pt (200 in) PDF viewers such as Acrobat show; wrap "
                             "the map into rows with --width (such as --width 1800), or use SVG\n")
    result = CliRunner().invoke(main, ["render", str(path), "-o", str(out), "--width", "1800"])
    assert result.exit_code == 0 and result.stderr == ""  # the advice works
    box = re.search(rb"/MediaBox \[ 0 0 ([\d.]+) ([\d.]+) ", out.read_bytes())
    assert max(float(box[1]), float(box[2])) <= 14400
    for command in (["whatif", str(path), "--set", "step-0.wait_time=2d"],):  # has --width too
        result = CliRunner().invoke(main, [*command, "-o", str(out)])
        assert result.exit_code == 0, result.output
        assert result.stderr.startswith(f"{path}: warning: the PDF page is ")
        assert "--width 1800" in result.stderr


def test_the_api_prints_nothing_of_a_pdf_page_too_large_and_says_it_when_asked(tmp_path, capfd):
    import vsm_draw
    from vsm_draw.graphviz_backend import pdf_page_problem

    data = vsm_draw.render(vsm_draw.load(_one_row_of(tmp_path, 100)), "pdf")
    assert capfd.readouterr() == ("", "")  # a library call writes to no stream
    assert pdf_page_problem(data).startswith("the PDF page is ")
    assert " wider than the 14,400 pt " in pdf_page_problem(data)
    assert pdf_page_problem(vsm_draw.render(vsm_draw.load(_one_row_of(tmp_path, 3)), "pdf")) is None


def test_compare_warns_of_a_pdf_too_wide_without_advice_it_has_no_option_for(tmp_path):
    paths = []
    for k in (1, 2):
        path = tmp_path / f"q{k}.yaml"
        path.write_text("steps:\n" + "".join(f"  - name: Step {i}\n    wait_time: {k}d\n"
                                             for i in range(220)), encoding="utf-8")
        paths.append(str(path))
    out = tmp_path / "c.pdf"
    result = CliRunner().invoke(main, ["compare", *paths, "-o", str(out)])
    assert result.exit_code == 0, result.output
    width = float(re.search(rb"/MediaBox \[ 0 0 ([\d.]+) ", out.read_bytes())[1])
    assert width > 14400
    assert result.stderr.startswith(f"{paths[0]}, {paths[1]}: warning: the PDF page is "
                                    f"{width:,.0f} x ")
    assert "--width" not in result.stderr  # compare has none
    assert "-o OUT.svg" in result.stderr and result.stderr.count("\n") == 1
    svg = tmp_path / "c.svg"  # the advice works
    result = CliRunner().invoke(main, ["compare", *paths, "-o", str(svg)])
    assert result.exit_code == 0 and result.stderr == ""


def test_build_names_the_map_whose_pdf_page_is_too_large(tmp_path):
    src = tmp_path / "maps"
    src.mkdir()
    wide = _one_row_of(tmp_path, 100).rename(src / "wide.vsm.yaml")
    (src / "small.vsm.yaml").write_text("steps:\n  - name: A\n    wait_time: 1d\n")
    result = CliRunner().invoke(main, ["build", str(src), "-o", str(tmp_path / "out"),
                                       "--format", "pdf", "-j", "1"])
    assert result.exit_code == 0, result.output  # written all the same
    warnings = [line for line in result.stderr.splitlines() if "warning" in line]
    assert len(warnings) == 1 and warnings[0].startswith(f"{wide}: warning: the PDF page is ")
    assert "--width (such as --width 1800)" in warnings[0]
    assert (tmp_path / "out" / "wide.pdf").is_file()


@pytest.mark.parametrize("args, text", [
    (["check", "m.yaml"], f"steps:\n  - name: A\n    wait_time: {BIG}\n"),
    (["metrics", "--json", "-"], "steps:\n  - name: A\n    wait_time: 1:30\n"),
    (["render", "m.yaml", "-o", "x.svg"], "steps:\n  - name: 'A\n"),
])
def test_hostile_maps_in_a_real_process(tmp_path, args, text):
    (tmp_path / "m.yaml").write_text(text, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "vsm_draw.cli", *args], cwd=tmp_path, env=env,
                          input=text.encode(), capture_output=True, timeout=60)
    assert done.returncode == 1
    err = done.stderr.decode()
    assert "Traceback" not in err and all(LINE.match(x) for x in err.splitlines()), err
    assert not (tmp_path / "x.svg").exists()


def test_build_refuses_devices_and_huge_files_per_map_and_draws_the_rest(tmp_path):
    maps = tmp_path / "maps"
    maps.mkdir()
    (maps / "good.vsm.yaml").write_text("steps:\n  - name: A\n    wait_time: 1d\n")
    (maps / "zero.vsm.yaml").symlink_to("/dev/zero")
    (maps / "other.yaml").symlink_to("/dev/zero")  # not named as a map: not even read whole
    (maps / "huge.vsm.yaml").write_bytes(b"steps:\n" + b"#" * (17 * 2**20) + b"\n")
    (maps / "big.vsm.yaml").write_text(f"steps:\n  - name: A\n    wait_time: {BIG}\n")
    result = CliRunner().invoke(main, ["build", str(maps), "-o", str(tmp_path / "out"),
                                       "-j", "1"])
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    problems = [line for line in result.stderr.splitlines() if LINE.match(line)]
    assert len(problems) == 3, result.stderr
    assert "not a regular file" in result.stderr and "larger than 16 MiB" in result.stderr
    assert "more than 1000 years" in result.stderr
    assert "1 rendered, 0 up to date, 3 failed" in result.stderr
    assert (tmp_path / "out" / "good.svg").is_file()


@pytest.mark.parametrize("name", ["pipe.vsm.yaml", "pipe.yaml"])
def test_build_refuses_a_named_pipe_without_waiting_for_a_writer(tmp_path, name):
    """Opening a named pipe waits for a writer: the build hung before its check that a map
    is a regular file could refuse it."""
    maps = tmp_path / "maps"
    maps.mkdir()
    (maps / "good.vsm.yaml").write_text("steps:\n  - name: A\n    wait_time: 1d\n")
    with waiting_fifo(maps / name) as rescued:
        result = CliRunner().invoke(main, ["build", str(maps), "-o", str(tmp_path / "out"),
                                           "-j", "1"])
    assert not rescued, "build waited on the pipe"
    assert (tmp_path / "out" / "good.svg").is_file()
    if name.endswith(".vsm.yaml"):  # named as a map: refused; else not even a map
        assert result.exit_code == 1, result.output
        assert f"{maps / name}:1:1: this is not a regular file" in result.stderr
    else:
        assert result.exit_code == 0, result.output


@pytest.mark.parametrize("args", [["render", "m.yaml", "-o", "{long}.svg"],
                                  ["build", "maps", "-o", "out"]])
def test_an_output_name_of_250_bytes_is_written(tmp_path, monkeypatch, args):
    """The temporary file beside it took the output's whole name and more: a 250-byte name,
    which the folder takes, failed with 'File name too long'."""
    long = "n" * 246
    monkeypatch.chdir(tmp_path)
    (tmp_path / "maps").mkdir()
    for path in (tmp_path / "m.yaml", tmp_path / "maps" / f"{long}.vsm.yaml"):
        path.write_text("steps:\n  - name: A\n    wait_time: 1d\n", encoding="utf-8")
    result = CliRunner().invoke(main, [a.format(long=long) for a in args])
    assert result.exit_code == 0, (result.output, result.exception)
    written = tmp_path / ("out" if args[0] == "build" else "") / f"{long}.svg"
    assert written.read_bytes().startswith(b"<?xml")
    assert [p.name for p in written.parent.iterdir() if p.name.endswith(".tmp")] == []


# Hostile but valid maps: every command gives a result, never a traceback.
VALID = [
    # a step from the start to the end beside the others: a lane with no line in or out
    "steps:\n  - name: A\n    wait_time: 2d\n  - name: B\n    after: []\n    wait_time: 1d\n",
    "steps:\n  - name: A\n    after: []\n  - name: B\n    after: []\n",
]


# Bidirectional isolates (U+2066-2069), embeddings (U+202A/B) and their POP (U+202C): editors
# put them around right-to-left text, and they show no letters out of order, so a map may hold
# them (SPEC: labels are any text); only the overrides U+202D and U+202E are refused.
RIGHT_TO_LEFT = ("supplier: \"\u2067\u05e1\u05e4\u05e7\u2069 Ltd\"\n"
                 "customer: {name: \"\u202b\u0639\u0645\u064a\u0644\u202c\", "
                 "data: [\"\u2066x\u2069\", \"\u2068y\u2069\", \"\u202az\u202c\"]}\n"
                 "steps:\n  - name: \"Review \u2067\u05d1\u05d3\u05d9\u05e7\u05d4\u2069\"\n"
                 "    wait_time: 1d\n    wait_statuses: [\"\u2067\u05de\u05de\u05ea\u05d9\u05df\u2069\"]\n")
VALID.append(RIGHT_TO_LEFT)


def test_right_to_left_marks_are_kept_as_written(tmp_path):
    path = tmp_path / "m.yaml"
    path.write_text(RIGHT_TO_LEFT, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(path)])
    assert result.exit_code == 0 and result.stderr == "", result.output
    result = CliRunner().invoke(main, ["render", str(path), "-o", str(tmp_path / "x.svg")])
    assert result.exit_code == 0, result.output
    svg = (tmp_path / "x.svg").read_text(encoding="utf-8")
    assert "\u2067\u05d1\u05d3\u05d9\u05e7\u05d4\u2069" in svg
    assert "\u202b\u0639\u0645\u064a\u0644\u202c" in svg


@pytest.mark.parametrize("text", VALID)
def test_hostile_but_valid_map_gives_a_result_everywhere(tmp_path, text):
    path = tmp_path / "m.yaml"
    path.write_text(text, encoding="utf-8")
    for args in (["check"], ["metrics", "--json"], ["render", "-o", str(tmp_path / "x.svg")],
                 ["render", "-o", str(tmp_path / "y.svg"), "--width", "300", "--legend"]):
        result = CliRunner().invoke(main, [args[0], str(path), *args[1:]])
        assert result.exit_code == 0, (args, result.output, result.exception)
    assert (tmp_path / "x.svg").read_bytes().startswith(b"<?xml")


@pytest.mark.parametrize("command", ["render", "build"])
@pytest.mark.parametrize("width", ["nan", "NaN", "-nan"])
def test_a_width_that_is_not_a_number_is_a_usage_error(tmp_path, command, width):
    path = tmp_path / "m.yaml"
    path.write_text("steps:\n  - name: A\n    wait_time: 1d\n", encoding="utf-8")
    result = CliRunner().invoke(main, [command, str(path), "-o", str(tmp_path / "x.svg"),
                                       "--width", width])
    assert result.exit_code == 2, (result.output, result.exception)
    assert "is not a number of pixels" in result.stderr
    assert not (tmp_path / "x.svg").exists()


NEAR_ZERO = "steps:\n  - name: A\n    wait_time: {}\n"


@pytest.mark.parametrize("base", ["5e-324", "1.0e-300", "0"])
@pytest.mark.parametrize("args", [
    ["compare", "{0}", "{1}", "--json"], ["compare", "{0}", "{1}"],
    ["compare", "{0}", "{1}", "-o", "{out}.html"], ["compare", "{0}", "{1}", "{1}", "-o", "{out}.svg"],
    ["whatif", "{0}", "--set", "A.wait_time=1d"], ["whatif", "{0}", "--set", "A.wait_time=1d", "--json"],
    ["report", "{1}", "--previous", "{0}", "-o", "{out}.html"],
])
def test_a_change_from_a_near_zero_base_has_no_percentage(tmp_path, base, args):
    before, after = tmp_path / "before.yaml", tmp_path / "after.yaml"
    before.write_text(NEAR_ZERO.format(base), encoding="utf-8")
    after.write_text(NEAR_ZERO.format("1d"), encoding="utf-8")
    args = [a.format(before, after, out=tmp_path / "out") for a in args]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, (result.output, result.exception)
    if "--json" in args:
        json.loads(result.output)  # strict: no Infinity
    else:  # in words: no percentage of a 300-digit number, no empty '()'
        assert "()" not in result.output and not re.search(r"\d{12}", result.output)


SKELETON = ("end_statuses: [Done]\nsteps:\n  - name: Build\n    wait_statuses: [Ready]\n"
            "    active_statuses: [Doing]\n")
ROWS = "A,Ready,2026-01-01T00:00:00Z\nA,Done,2026-01-02T00:00:00Z\n"
HEAD = b"item,status,at\n"


def _gz(data: bytes) -> bytes:
    import gzip

    return gzip.compress(data, mtime=0)


# (file name, its bytes, where the first problem is, words of its message)
HOSTILE_HISTORY = [
    ("latin1.csv", HEAD + "A,R\xe9ady,2026-01-01T00:00:00Z\n".encode("latin-1"), "2:4",
     "not UTF-8 text (byte 0xe9)"),
    ("utf16.csv", ("item,status,at\n" + ROWS).encode("utf-16"), "1:1", "byte 0xff"),
    ("cut.csv.gz", _gz(HEAD + ROWS.encode())[:30], "1:1", "cannot read the file"),
    ("notgz.csv.gz", b"\x1f\x8b\x08\x00garbage", "1:1", "cannot read the file"),
    ("cut-char.csv.gz", _gz(HEAD + b"A,R\xc3"), "2:4", "not UTF-8"),
    ("bad.jsonl", b'{"item": "A", "status": "\xff", "at": "2026-01-01"}\n', "1:26", "not UTF-8"),
    ("huge.csv", HEAD + b"A," + b"x" * 2_000_000 + b",2026-01-01T00:00:00Z\n" + ROWS.encode(),
     "2:1", "this row is 2,000,024 bytes long"),
    ("year1.csv", HEAD + b"A,Ready,0001-01-01T00:00:00Z\nA,Done,2026-01-02T00:00:00Z\n", "2:1",
     "reads as 0001-01-01 00:00:00 UTC"),
    ("never.csv", HEAD + b"A,Ready,2026-01-01T00:00:00Z\nA,Done,9999-12-31T00:00:00Z\n", "3:1",
     "after 2999 (a placeholder date?)"),
    ("bc.csv", HEAD + b"A,Ready,0044-03-15 (BC)\nA,Done,2026-01-02T00:00:00Z\n", "2:1", "(BC)"),
    # a status no step names is written into the map's `measured.unmapped`: one holding a
    # control character made a measured map that check refused
    ("ctl.csv", HEAD + b"A,Ready,2026-01-01T00:00:00Z\nA,Blo\x01ck,2026-01-02T00:00:00Z\n"
     + ROWS.encode(), "3:1", "`status` 'Blo\\x01ck' holds the character U+0001"),
    ("bidi.jsonl", b'{"item": "A", "status": "Ready", "at": "2026-01-01"}\n'
     b'{"item": "A", "status": "X\\u202ey", "at": "2026-01-02"}\n'
     b'{"item": "A", "status": "Done", "at": "2026-01-03"}\n', "2:1", "U+202E"),
    ("lro.jsonl", b'{"item": "A", "status": "Ready", "at": "2026-01-01"}\n'
     b'{"item": "A", "status": "X\\u202dy", "at": "2026-01-02"}\n'
     b'{"item": "A", "status": "Done", "at": "2026-01-03"}\n', "2:1", "U+202D"),
]


def test_a_status_in_right_to_left_marks_is_measured_and_written(tmp_path):
    # The same test as the map's (loader.character_problem): an isolate is no error here either.
    (tmp_path / "s.yaml").write_text(SKELETON, encoding="utf-8")
    status = "\u2067\u05de\u05de\u05ea\u05d9\u05df\u2069 \u202bx\u202c"
    (tmp_path / "h.jsonl").write_text(
        f'{{"item": "A", "status": "Ready", "at": "2026-01-01"}}\n'
        f'{{"item": "A", "status": "{status}", "at": "2026-01-02"}}\n'
        f'{{"item": "A", "status": "Done", "at": "2026-01-03"}}\n', encoding="utf-8")
    out = tmp_path / "m.yaml"
    result = CliRunner().invoke(main, ["measure", str(tmp_path / "h.jsonl"), "--map",
                                       str(tmp_path / "s.yaml"), "-o", str(out)])
    assert result.exit_code == 0, (result.output, result.exception)
    assert status in out.read_text(encoding="utf-8")
    checked = CliRunner().invoke(main, ["check", str(out)])
    assert checked.exit_code == 0, checked.output


@pytest.mark.parametrize("status", ["Blo\u2028ck", "Blo\x85ck", "Blo\u2029ck"])
def test_a_status_holding_a_hidden_line_break_is_written_so_it_reads_back(tmp_path, status):
    """The measured map wrote such a status raw in single quotes, where YAML reads a line
    break: the map named another status, and (refused since) failed check."""
    (tmp_path / "s.yaml").write_text(SKELETON, encoding="utf-8")
    (tmp_path / "h.csv").write_text(f"item,status,at\nB,Ready,2026-01-01T00:00:00Z\n"
                                    f"B,{status},2026-01-02T00:00:00Z\n"
                                    "B,Done,2026-01-03T00:00:00Z\n", encoding="utf-8")
    out = tmp_path / "m.yaml"
    result = CliRunner().invoke(main, ["measure", str(tmp_path / "h.csv"), "--map",
                                       str(tmp_path / "s.yaml"), "-o", str(out)])
    assert result.exit_code == 0, (result.output, result.exception)
    from vsm_draw.loader import load_file

    assert [u.status for u in load_file(out).measured.unmapped] == [status]


@pytest.mark.parametrize("name, data, where, words", HOSTILE_HISTORY)
@pytest.mark.parametrize("by", [None, "month"])
def test_hostile_tracker_history_is_one_located_line(tmp_path, name, data, where, words, by):
    (tmp_path / "s.yaml").write_text(SKELETON, encoding="utf-8")
    (tmp_path / name).write_bytes(data)
    out = tmp_path / ("{period}.yaml" if by else "m.yaml")
    args = ["measure", str(tmp_path / name), "--map", str(tmp_path / "s.yaml"), "-o", str(out)]
    result = CliRunner().invoke(main, args + (["--by", by] if by else []))
    assert result.exit_code == 1, (result.output, result.exception)
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and LINE.match(lines[0]), lines
    assert lines[0].startswith(f"{tmp_path / name}:{where}: ") and words in lines[0], lines
    assert list(tmp_path.glob("*.yaml")) == [tmp_path / "s.yaml"]


def test_the_first_bad_status_in_file_order_is_named_at_every_run(tmp_path):
    """Bad statuses on line 2 and on a late line: line 2 is named, every time (the statuses
    were checked in hash order, and a run named either)."""
    (tmp_path / "s.yaml").write_text(SKELETON, encoding="utf-8")
    rows = "".join(f"I{i},Ready{i % 50},2026-01-01T00:00:00Z\n" for i in range(8000))
    text = "A,Ea\x01rly,2026-01-01T00:00:00Z\n" + rows + "B,La\x02te,2026-01-02T00:00:00Z\n" + ROWS
    (tmp_path / "h.csv").write_bytes(HEAD + text.encode())
    args = ["measure", str(tmp_path / "h.csv"), "--map", str(tmp_path / "s.yaml"), "--json"]
    for _ in range(8):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 1, (result.output, result.exception)
        assert result.stderr.startswith(f"{tmp_path / 'h.csv'}:2:1: `status` 'Ea\\x01rly' "), \
            result.stderr


@pytest.mark.parametrize("status, shown", [
    ("y" * 100_000, "y" * 40 + "…"), ("Rea\ndy", "'Rea\\ndy'"), (" Ready ", "' Ready '")])
def test_an_unnamed_status_is_quoted_short_and_on_one_line(tmp_path, status, shown):
    (tmp_path / "s.yaml").write_text(SKELETON, encoding="utf-8")
    quoted = '"' + status + '"'
    (tmp_path / "h.csv").write_text(f"item,status,at\n{ROWS}B,{quoted},2026-01-01T00:00:00Z\n",
                                    encoding="utf-8")
    result = CliRunner().invoke(main, ["measure", str(tmp_path / "h.csv"), "--map",
                                       str(tmp_path / "s.yaml"), "--json"])
    assert result.exit_code == 0, (result.output, result.exception)
    (warning,) = result.stderr.splitlines()
    assert f"counted as unmapped time: {shown} (1 row" in warning and len(warning) < 400


@pytest.mark.parametrize("name", ["bad\nname.vsm.yaml", "bad\rname.vsm.yaml", "\x01.vsm.yaml",
                                  "tab\there.vsm.yaml"])
def test_a_file_named_with_a_control_character_keeps_one_line_per_problem(tmp_path, name):
    path = tmp_path / name
    path.write_text("steps:\n  - name: A\n    uptime: 5\n", encoding="utf-8")
    for args in (["check", str(path)], ["build", str(tmp_path), "-o", str(tmp_path / "out")]):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 1, result.output
        problem = result.stderr.splitlines()[0]
        assert LINE.match(problem) and problem.endswith(":3:13: `uptime` 5 is above 1; did you "
                                                        "mean 5%?"), result.stderr
        assert repr(name)[1:-1] in problem


def test_build_names_a_device_for_what_it_is(tmp_path):
    result = CliRunner().invoke(main, ["build", "/dev/zero", "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert result.stderr.startswith("/dev/zero:1:1: not a regular file or a folder")


@pytest.mark.parametrize("args, code", [(["metrics", "--json", "m.yaml"], 0),
                                        (["render", "m.yaml", "-o", "-"], 1)])
def test_a_closed_standard_output_is_no_traceback(tmp_path, args, code):
    (tmp_path / "m.yaml").write_text("steps:\n  - name: A\n    wait_time: 1d\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "vsm_draw.cli", *args], cwd=tmp_path, env=env,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=60,
                          preexec_fn=lambda: os.close(1))
    err = done.stderr.decode()
    assert done.returncode == code and "Traceback" not in err, err


def test_measure_reads_standard_input_once(tmp_path):
    (tmp_path / "s.yaml").write_text(SKELETON, encoding="utf-8")
    result = CliRunner().invoke(main, ["measure", "-", "-", "--map", str(tmp_path / "s.yaml"),
                                       "--json"], input="item,status,at\n" + ROWS)
    assert result.exit_code == 2 and "can be read once" in result.stderr, result.output


MAP = "steps:\n  - name: A\n    wait_time: 1d\n"


@pytest.mark.parametrize("args", [
    ["check", "-", "-"],
    ["compare", "-", "-"],
    ["compare", "{map}", "-", "-"],
    ["report", "-", "-o", "{out}.html", "--previous", "-"],
    ["measure", "-", "--map", "-", "--json"],
])
def test_standard_input_is_read_once(args, tmp_path):
    """The second read of `-` was empty: '<stdin>:1:1: the file is empty' about a map that
    was given, or a compare of a map against nothing."""
    (tmp_path / "m.yaml").write_text(MAP, encoding="utf-8")
    args = [a.format(map=tmp_path / "m.yaml", out=tmp_path / "x") for a in args]
    result = CliRunner().invoke(main, args, input=MAP)
    assert result.exit_code == 2, result.output
    assert "- (standard input) can be read once; give it once" in result.stderr
    assert "Traceback" not in result.output and not (tmp_path / "x.html").exists()


def test_a_map_from_standard_input_is_named_stdin_in_warnings_and_measure(tmp_path):
    declared = "declared: {lead_time: 30d}\n" + MAP
    result = CliRunner().invoke(main, ["check", "-"], input=declared)
    assert result.exit_code == 0
    assert result.stderr.startswith("<stdin>:1:23: warning: declared `lead_time` 30d")
    (tmp_path / "h.csv").write_text("item,status,at\n" + ROWS, encoding="utf-8")
    result = CliRunner().invoke(main, ["measure", str(tmp_path / "h.csv"), "--map", "-",
                                       "--json"], input=MAP)
    assert result.exit_code == 1
    assert result.stderr.startswith("<stdin>:1:1: the map lists no `end_statuses`")
