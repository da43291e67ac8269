"""The command line: click's runner for behaviour, a subprocess for the real thing."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from vsm_draw.cli import main

from .conftest import EXAMPLES

REVIEW = str(EXAMPLES / "code-review-wait.vsm.yaml")


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_help_shows_examples():
    result = run("--help")
    assert result.exit_code == 0
    assert "Examples:" in result.output and "metrics" in result.output and "check" in result.output
    for command in ("check", "metrics"):
        sub = run(command, "--help")
        assert sub.exit_code == 0 and "Examples:" in sub.output


def test_check_is_silent_on_good_maps():
    result = run("check", *map(str, sorted(EXAMPLES.rglob("*.yaml"))))
    assert result.exit_code == 0 and result.output == ""


def test_check_reports_every_bad_map(write_map, tmp_path):
    bad1 = write_map("steps:\n  - name: A\n    proces_time: 1d\n", "a.yaml")
    bad2 = write_map("steps: []\n", "b.yaml")
    result = run("check", str(bad1), REVIEW, str(bad2))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"{bad1}:3:5: unknown key `proces_time` in step 1; did you mean `process_time`?",
        f"{bad2}:1:8: `steps` is empty; a map needs at least one step",
    ]


def test_metrics_table_calls_out_the_bottleneck():
    result = run("metrics", REVIEW)
    assert result.exit_code == 0
    out = result.output
    assert "Code review  <- bottleneck" in out
    assert "Lead time         16.1 d" in out
    assert "Flow efficiency   19.4 %" in out
    assert "Bottleneck: Code review — work waits 8 d before it" in out


def test_metrics_table_in_a_unit():
    out = run("metrics", REVIEW, "--unit", "hours").output
    assert "387 h" in out and "192 h" in out


def test_metrics_json_in_every_unit():
    for unit, factor in (("days", 1), ("hours", 24), ("weeks", 1 / 7), ("minutes", 1440),
                         ("seconds", 86400)):
        result = run("metrics", REVIEW, "--json", "--unit", unit)
        obj = json.loads(result.output)
        assert obj["unit"] == unit
        assert obj["lead_time"] == pytest.approx(16.125 * factor)
        assert obj["bottleneck"]["wait_time"] == pytest.approx(8 * factor)
        assert obj["flow_efficiency"] == pytest.approx(3.125 / 16.125)


def test_metrics_json_default_unit_is_the_maps():
    obj = json.loads(run("metrics", REVIEW, "--json").output)
    assert obj["unit"] == "days" and obj["lead_time"] == 16.125


def test_usage_errors_exit_2():
    assert run("metrics", REVIEW, "--unit", "fortnights").exit_code == 2
    assert run("metrics").exit_code == 2
    assert run("check").exit_code == 2
    assert run("no-such-command").exit_code == 2


@pytest.mark.parametrize("args, message", [
    (("-o",), "Option '-o' requires an argument."),
    (("-q",), "No such option '-q'."),
    (("-ox.svg",), None),  # a short option with its value attached
    (("--outpt", "x.svg"), "No such option '--outpt'. Did you mean '--output'?"),
    (("--output",), "Option '--output' requires an argument."),
])
def test_short_and_long_options_read_as_click_reads_them(args, message, tmp_path, monkeypatch):
    """Short options are matched first (vsm_draw.cli._ShortFirst): the same options, values
    and messages, suggestions for a mistyped long option included."""
    monkeypatch.chdir(tmp_path)
    result = run("render", REVIEW, *args)
    if message is None:
        assert result.exit_code == 0 and (tmp_path / "x.svg").read_bytes().startswith(b"<?xml")
    else:
        assert result.exit_code == 2 and result.stderr.splitlines()[-1] == f"Error: {message}"


def test_an_output_name_without_a_suffix_is_quoted_short():
    """A 4,000-character name was echoed whole in 'cannot tell the format of ...'."""
    result = run("render", REVIEW, "-o", "x" * 4000)
    assert result.exit_code == 2
    assert "cannot tell the format of 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…'" in result.stderr
    assert max(len(line) for line in result.stderr.splitlines()) < 400


def test_invalid_map_exits_1_without_traceback(write_map):
    path = write_map("steps:\n  - name: A\n    wait_time: soon\n")
    result = run("metrics", str(path), "--json")
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.startswith(f"{path}:3:16: ")
    assert "Traceback" not in result.stderr



def test_an_output_that_cannot_be_written_is_a_message_not_a_traceback(tmp_path):
    (tmp_path / "x.dot").mkdir()  # a folder where the file should go
    result = run("render", REVIEW, "-o", str(tmp_path / "x.dot"))
    assert result.exit_code == 1 and "cannot write" in result.stderr
    assert (tmp_path / "x.dot").is_dir()


@pytest.mark.parametrize("below", ["x.svg", "a/b/x.svg"])
def test_an_output_whose_folder_is_a_file_says_so(tmp_path, below):
    """The system says only 'File exists' (or 'Not a directory' deeper down)."""
    blocker = tmp_path / "ok.yaml"
    blocker.write_text("mine", encoding="utf-8")
    result = run("render", REVIEW, "-o", str(blocker / below))
    assert result.exit_code == 1
    assert result.stderr.strip() == (f"Error: cannot write {blocker / below}: {blocker} is a file, "
                                     f"not a folder; write into a folder, or move {blocker} away")
    assert blocker.read_text(encoding="utf-8") == "mine"

def _cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    return subprocess.run([sys.executable, "-m", "vsm_draw.cli", *args], capture_output=True,
                          text=True, env=env, cwd=cwd, timeout=60)


def test_subprocess_metrics_json():
    proc = _cli("metrics", REVIEW, "--json")
    assert proc.returncode == 0 and proc.stderr == ""
    assert json.loads(proc.stdout)["bottleneck"]["id"] == "review"


def test_subprocess_bad_map_and_tag_do_not_run_code(tmp_path):
    marker = tmp_path / "pwned"
    bad = tmp_path / "evil.yaml"
    bad.write_text(f"title: !!python/object/apply:os.system ['touch {marker}']\n"
                   "steps:\n  - name: A\n", encoding="utf-8")
    proc = _cli("check", str(bad))
    assert proc.returncode == 1 and proc.stdout == ""
    assert proc.stderr.startswith(f"{bad}:1:8: the YAML tag")
    assert "Traceback" not in proc.stderr
    assert not marker.exists()


def test_check_and_metrics_do_not_import_heavy_modules():
    code = ("import sys; from vsm_draw.cli import main\n"
            "try:\n    main(['metrics', %r, '--json'])\nexcept SystemExit:\n    pass\n"
            "bad = [m for m in ('pygraphviz', 'weasyprint', 'jinja2') if m in sys.modules]\n"
            "print('HEAVY:' + ','.join(bad))" % REVIEW)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                          timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().splitlines()[-1] == "HEAVY:"


@pytest.mark.parametrize("args", [
    ["render", REVIEW, "-o", "{out}.pdf"],
    ["report", REVIEW, "-o", "{out}.pdf"],
    ["compare", REVIEW, REVIEW, "-o", "{out}.pdf"],
])
@pytest.mark.parametrize("value, message", [
    ("abc", "SOURCE_DATE_EPOCH must be a whole number of seconds, not 'abc'"),
    # str.isdigit() takes these: int() refused the first (a traceback), cairo the second
    # (it exited the process without a word)
    ("\u00b2", "SOURCE_DATE_EPOCH must be a whole number of seconds, not '\u00b2'"),
    ("\u0661\u0667\u0660\u0660\u0660\u0660\u0660\u0660\u0660\u0660",
     "SOURCE_DATE_EPOCH must be a whole number of seconds"),
    # past the year 9999: a 'year 10000 is out of range' traceback, or cairo's silent exit
    ("253402300800", "SOURCE_DATE_EPOCH 253402300800 is after the year 9999"),
    ("99999999999999999999", "SOURCE_DATE_EPOCH 99999999999999999999 is after the year 9999"),
])
def test_malformed_source_date_epoch_is_a_usage_error(args, value, message, tmp_path, monkeypatch):
    """cairo would exit the process silently on it; we say what is wrong, exit 2."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    out = tmp_path / "x"
    result = run(*[a.format(out=out) for a in args])
    assert result.exit_code == 2
    assert message in result.stderr
    assert not list(tmp_path.iterdir())


def test_the_last_source_date_epoch_of_year_9999_is_read():
    from vsm_draw.output import source_date_epoch

    assert source_date_epoch({"SOURCE_DATE_EPOCH": "253402300799"}) == 253402300799
    assert source_date_epoch({"SOURCE_DATE_EPOCH": " 0 "}) == 0


def test_a_renderer_failure_is_a_message_not_a_traceback(tmp_path, monkeypatch):
    import vsm_draw.diagram
    from vsm_draw.errors import RenderError

    def broken(*args, **kwargs):
        raise RenderError("Graphviz could not lay out the diagram")

    monkeypatch.setattr(vsm_draw.diagram, "render_diagram", broken)
    out = tmp_path / "x.svg"
    out.write_text("keep me")
    result = CliRunner().invoke(main, ["render", REVIEW, "-o", str(out)])
    assert result.exit_code == 1
    assert result.stderr == "Error: Graphviz could not lay out the diagram\n"
    assert out.read_text() == "keep me"


def test_a_bug_stays_a_traceback(tmp_path, monkeypatch):
    import vsm_draw.diagram

    def buggy(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(vsm_draw.diagram, "render_diagram", buggy)
    result = CliRunner().invoke(main, ["render", REVIEW, "-o", str(tmp_path / "x.svg")])
    assert result.exit_code == 1 and isinstance(result.exception, RuntimeError)
    assert not list(tmp_path.iterdir())


def test_metrics_table_marks_steps_over_takt_and_counts_handoffs():
    out = run("metrics", str(EXAMPLES / "stamping-plant.vsm.yaml")).output
    assert "Assembly 1  <- over takt" in out
    lines = {" ".join(line.split()) for line in out.splitlines()}
    assert "Takt time 60 s available time / demand; 1 step over it" in lines
    assert "Handoffs 3 changes of owner along the flow" in lines
    assert "Declared lead time 23.6d computed 23.62 d: agrees" in lines
