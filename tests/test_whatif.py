"""Trying changes: the seed's "8 days in code review", before and after, errors, the future map."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

import vsm_draw
from vsm_draw.cli import main
from vsm_draw.errors import VsmError
from vsm_draw.loader import load_text
from vsm_draw.metrics import metrics_json
from vsm_draw.whatif import (ChangeError, map_data, parse_change, sensitivity, whatif_json,
                             whatif_narrative)

from .conftest import EXAMPLES, ROOT

REVIEW = str(EXAMPLES / "code-review-wait.vsm.yaml")
PLANT = str(EXAMPLES / "stamping-plant.vsm.yaml")


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_review_waits_one_day_instead_of_eight():
    result = vsm_draw.whatif(REVIEW, ["Code review.wait_time=1d"])
    assert result.before_metrics.lead_time == 16 * 86400 + 3 * 3600   # 16.1 d
    assert result.after_metrics.lead_time == 9 * 86400 + 3 * 3600     # 9.1 d
    assert result.after_metrics.bottleneck.id == "deploy"
    assert whatif_narrative(result) == (
        "If Code review waited 1 d instead of 8 d, lead time falls from 16.1 d to 9.1 d (-43%) "
        "and the wait before Deploy (5 d, fortnightly release train) becomes the bottleneck. "
        "Flow efficiency rises from 19.4 % to 34.2 %: good (20-40%).")


def test_json_is_before_after_and_changes():
    result = vsm_draw.whatif(REVIEW, {"review.wait_time": "1d"})
    obj = whatif_json(result)
    assert obj["unit"] == "days"
    assert obj["before"] == metrics_json(result.before, result.before_metrics, "days")
    assert obj["after"] == metrics_json(result.after, result.after_metrics, "days")
    assert obj["after"]["lead_time"] == 9.125 and obj["after"]["state"] == "future"
    assert obj["changes"] == [{"step": "review", "field": "wait_time", "from": 8.0, "to": 1.0}]
    hours = whatif_json(result, "hours")
    assert hours["changes"][0]["from"] == 192.0 and hours["after"]["lead_time"] == 219.0


def test_values_read_as_in_a_map():
    assert parse_change("Code review.wait_time=1d 4h").value == "1d 4h"
    assert parse_change("review.complete_accurate=95%").value == "95%"
    assert parse_change("deploy.value_adding=true").value is True
    assert parse_change("review.owner=no").value == "no"          # text stays text
    assert parse_change("v1.2 release.wait_time=2").step == "v1.2 release"
    assert parse_change("review.kaizen=").value is None           # empty removes
    result = vsm_draw.whatif(REVIEW, ["review.wait_time=2", "review.kaizen=",
                                      "deploy.value_adding=true"])
    after = result.after.step("review")
    assert after.wait_time == 2 * 86400 and after.kaizen is None
    assert result.after.step("deploy").value_adding is True
    for bad in ("review.wait_time", "wait_time=1d", ".wait_time=1d", "review.=1d"):
        with pytest.raises(ChangeError):
            parse_change(bad)


def test_wait_time_replaces_inventory_and_back():
    plant = vsm_draw.load(PLANT)
    step = next(s for s in plant.steps if s.inventory is not None)
    result = vsm_draw.whatif(PLANT, [f"{step.id}.wait_time=1d"])
    changed = result.after.step(step.id)
    assert changed.inventory is None and changed.wait_time == 86400
    back = vsm_draw.whatif(result.yaml(), [f"{step.id}.inventory=460"])
    assert back.after.step(step.id).inventory == 460
    assert back.after.step(step.id).wait_time == pytest.approx(0.5 * 86400)


def test_the_future_map_loads_again_with_the_same_steps_and_fields(tmp_path):
    out = tmp_path / "future.vsm.yaml"
    result = run("whatif", REVIEW, "--set", "Code review.wait_time=1d",
                 "--set", "deploy.complete_accurate=95%", "-o", str(out))
    assert result.exit_code == 0
    future = vsm_draw.load(str(out))
    assert future.state == "future"
    assert vsm_draw.metrics(future).lead_time == 9.125 * 86400
    original = yaml.safe_load(Path(REVIEW).read_text(encoding="utf-8"))
    written = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert [s["id"] for s in written["steps"]] == [s["id"] for s in original["steps"]]
    assert list(written["steps"][1]) == list(original["steps"][1])   # same fields, same order
    deploy = list(written["steps"][2])
    assert deploy.index("complete_accurate") < deploy.index("kaizen")  # in the format's order
    assert written["steps"][1]["process_time"] == "2h"                 # values as written


def test_removing_the_last_wait_says_nothing_waits():
    result = vsm_draw.whatif("steps:\n  - name: A\n    process_time: 1d\n  - name: B\n"
                             "    wait_time: 2d\n", ["B.wait_time=0"])
    assert whatif_narrative(result).startswith(
        "If B waited 0 instead of 2 d, lead time falls from 3 d to 1 d (-67%); nothing waits any more.")


def test_a_step_name_may_hold_an_equals_sign():
    change = parse_change("<img src=x onerror=alert(1)>.notes=a=b")
    assert (change.step, change.field, change.value) == ("<img src=x onerror=alert(1)>", "notes", "a=b")


def test_text_that_yaml_reads_as_numbers_keeps_its_words_in_the_future_map():
    # `name: 1.10`, `name: 010`, `owner: no` are text in a map; a plain YAML reload
    # made them 1.1, 8 and false, renaming the steps and changing their ids.
    text = ("title: 2026\nsteps:\n  - name: 1.10\n    owner: no\n    process_time: 1d\n"
            "  - name: 010\n    wait_time: 2d\n")
    result = vsm_draw.whatif(text, ["010.process_time=1h"])
    assert [(s.id, s.name) for s in result.after.steps] == [("1-10", "1.10"), ("010", "010")]
    assert result.after.steps[0].owner == "no" and result.after.title == "2026"
    again = load_text(result.yaml())
    assert [s.name for s in again.steps] == ["1.10", "010"]
    assert whatif_json(result)["bottleneck_moved"] is False


def test_a_model_round_trips_through_map_data():
    for path in sorted(EXAMPLES.rglob("*.yaml")):
        vsm = vsm_draw.load(str(path))
        again = load_text(yaml.safe_dump(map_data(vsm), sort_keys=False, allow_unicode=True))
        assert again == vsm, path.name


def test_sensitivity_puts_the_longest_wait_first():
    vsm = vsm_draw.load(REVIEW)
    rows = sensitivity(vsm)
    assert [r.step.id for r in rows] == ["review", "deploy", "build"]
    assert rows[0].lead_time_removed == 8 * 86400 + 3 * 3600
    assert rows[0].lead_time_halved == 12 * 86400 + 3 * 3600
    assert rows[0].bottleneck_removed.id == "deploy"
    assert rows[1].bottleneck_removed.id == "review"
    result = run("whatif", REVIEW, "--sensitivity")
    assert result.exit_code == 0
    assert "Removing the wait before Code review buys the most: 8 d, 49.6 % of the lead time." \
        in result.output
    obj = json.loads(run("whatif", REVIEW, "--sensitivity", "--json").output)
    assert obj["sensitivity"][0] == {
        "id": "review", "name": "Code review", "wait_time": 8.0,
        "lead_time_if_removed": 8.125, "lead_time_if_halved": 12.125,
        "gain_if_removed": 8.0, "gain_if_halved": 4.0, "bottleneck_if_removed": "deploy",
        "on_critical_path": True, "slack": 0.0}
    assert obj["changes"] == [] and obj["before"] == obj["after"] | {"state": "current"}


def test_unknown_step_or_field_is_a_usage_error_naming_what_exists(tmp_path):
    out = tmp_path / "future.yaml"
    result = run("whatif", REVIEW, "--set", "Code reviw.wait_time=1d", "-o", str(out))
    assert result.exit_code == 2
    assert "no step 'Code reviw'; did you mean 'Code review'?" in result.output
    assert "build (Build), review (Code review), deploy (Deploy)" in result.output
    assert not out.exists()
    result = run("whatif", REVIEW, "--set", "review.wait_tme=1d")
    assert result.exit_code == 2
    assert "no field 'wait_tme'; did you mean 'wait_time'?" in result.output
    assert "process_time" in result.output
    assert run("whatif", REVIEW, "--set", "review=1d").exit_code == 2
    assert run("whatif", REVIEW).exit_code == 2
    with pytest.raises(ChangeError):
        vsm_draw.whatif(REVIEW, {"nowhere.wait_time": "1d"})


def test_a_bad_value_gets_the_maps_own_message_at_its_place(tmp_path):
    out = tmp_path / "future.yaml"
    result = CliRunner().invoke(main, ["whatif", REVIEW, "--set", "review.wait_time=soon",
                                       "--set", "review.complete_accurate=90", "-o", str(out)])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert lines[0].startswith(f"{REVIEW}:22:16: --set review.wait_time=soon: `wait_time` "
                               "'soon' is not a duration")
    assert lines[1] == (f"{REVIEW}:25:24: --set review.complete_accurate=90: "
                        "`complete_accurate` 90 is above 1; did you mean 90%?")
    assert "Traceback" not in result.output and not out.exists()
    with pytest.raises(VsmError):
        vsm_draw.whatif(REVIEW, ["review.process_time=-1h"])


def test_a_duplicate_name_cites_no_line_of_the_rewritten_map():
    with pytest.raises(VsmError) as info:
        vsm_draw.whatif(REVIEW, ["review.name=Deploy"])
    assert [str(p) for p in info.value.problems] == [
        f"{REVIEW}:19:11: --set review.name=Deploy: steps 2 and 3 are both named 'Deploy'; "
        "step names must be unique"]


def test_whatif_draws_the_changed_map_in_a_subprocess(tmp_path):
    out = tmp_path / "future.svg"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-m", "vsm_draw.cli", "whatif", REVIEW, "--set",
                           "Code review.wait_time=1d", "-o", str(out)],
                          capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "" and proc.stderr == ""  # the file is the whole answer
    assert b"9.1 d" in out.read_bytes()  # the changed map's lead time, on its ladder
    assert out.read_bytes().lstrip().startswith(b"<?xml") or b"<svg" in out.read_bytes()[:400]


def test_output_without_a_change_is_a_usage_error(tmp_path):
    out = tmp_path / "future.vsm.yaml"
    result = CliRunner().invoke(main, ["whatif", REVIEW, "--sensitivity", "-o", str(out)])
    assert result.exit_code == 2 and not out.exists()
    assert "-o writes the changed map" in result.stderr


def test_whatif_report_shows_the_figures_before_and_after(tmp_path):
    out = tmp_path / "future.html"
    result = CliRunner().invoke(main, ["whatif", REVIEW, "--set", "Code review.wait_time=1d",
                                       "-o", str(out)])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert ">Before the change</h2>" in page and ">Last time<" not in page
    assert "Lead time would fall from 16.1 d to 9.1 d (-43%)." in page
    # The wait reason and kaizen of the changed step describe the old state, and say so.
    assert "before the change: Reviews are batched" in page
    assert "before the change: Review within one day" in page
    assert "before the change: Continuous deployment" not in page  # Deploy did not change
    # The two ladders, the changed wait marked better in the After one.
    assert 'id="vsmr-ladders"' in page and "▼ 1 d" in page


def test_only_the_changed_steps_words_are_marked_as_old():
    result = vsm_draw.whatif(REVIEW, ["Code review.process_time=1h"])
    shown = {s.id: s for s in result.after_as_shown().steps}
    assert shown["review"].wait_reason == result.after.step("review").wait_reason  # the queue
    assert shown["review"].kaizen.startswith("before the change: ")      # did not change
    assert shown["deploy"] == result.after.step("deploy")
    assert result.after.step("review").kaizen == "Review within one day; pair on risky changes"
