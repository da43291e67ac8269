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
    # a text in quotes is the text inside them, as in a map
    assert parse_change("review.name='abc'").value == "abc"
    assert parse_change("review.owner='it''s'").value == "it's"
    assert parse_change('review.kaizen="say \\"no\\""').value == 'say "no"'
    assert parse_change("review.owner='no'").value == "no"
    for kept in ("'half", "it's", "'a' and 'b", '"'):             # not in quotes: as written
        assert parse_change(f"review.owner={kept}").value == kept
    for bad in ("'a' 'b'", "'a'b'", '"\\ud800"'):                # quotes that hold no one text
        with pytest.raises(ChangeError, match="is not one text in quotes; quote it as in a map"):
            parse_change(f"review.owner={bad}")
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
    assert "Lead time would fall from 16.1\u00a0d to 9.1\u00a0d (-43%)." in page
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


# --- the change made visible: marks and ghosts on the diagram -------------------------------

def _scene(path, changes, **options):
    from vsm_draw.diagram import diagram_scene
    from vsm_draw.metrics import metrics

    result = vsm_draw.whatif(path, changes)
    shown = result.after_as_shown()
    return diagram_scene(shown, metrics(shown), was=result.was(), **options)


def test_the_diagram_marks_each_changed_figure_and_ghosts_its_old_value():
    scene = _scene(REVIEW, ["Code review.wait_time=1d", "deploy.process_time=1d"])
    marks = {e.id for e in scene.with_role("change-mark")}
    assert marks == {"queue:review/wait-mark", "ladder:review/wait-time-mark",     # the wait, twice
                     "step:deploy/pt-mark", "ladder:deploy/process-time-mark",   # the process time
                     "totals/lead-time-mark", "totals/process-time-mark",
                     "totals/flow-efficiency-mark", "totals/rating-mark", "caption/whatif-mark",
                     "bottleneck/mark"}                                          # it moved to Deploy
    assert scene["queue:review/wait-was"].lines == ("8 d",)
    assert scene["queue:review/wait"].lines == ("1 d",)
    assert scene["totals/lead-time-was"].lines == ("16.1 d",)
    assert scene["totals/lead-time"].lines == ("10.1 d",)
    # Ghosted: smaller, in the theme's grey, struck through along its own width.
    ghost, new = scene["step:deploy/pt-was"], scene["step:deploy/pt"]
    assert ghost.size < new.size and ghost.color == "#767676" and new.color == "#000000"
    strike = scene["step:deploy/pt-strike"]
    assert strike.x0 == ghost.box[0] and ghost.box[1] < strike.centre[1] < ghost.box[3]
    # Old value (its glyphs end where the strike does), mark, new value: left to right.
    mark = scene["step:deploy/pt-mark"].box
    assert strike.x1 < mark[0] < mark[2] < new.box[0]
    assert scene["caption/whatif"].lines == (
        "What if Code review waited 1 d instead of 8 d and Deploy took 1 d instead of 1 h?",)
    # The words of the changed step say they describe the state before the change.
    assert scene["queue:review/reason"].lines[0].startswith("before the")
    assert " ".join(scene["kaizen:review/text"].lines).startswith("before the change:")


def test_a_plain_render_has_no_marks():
    from vsm_draw.diagram import diagram_scene
    from vsm_draw.metrics import metrics

    vsm = vsm_draw.load(REVIEW)
    roles = {e.role for e in diagram_scene(vsm, metrics(vsm)).elements}
    assert not roles & {"change-mark", "was-value", "was-strike", "whatif-changes"}


def test_a_removed_wait_keeps_its_queue_to_show_the_old_value():
    scene = _scene(REVIEW, ["review.wait_time=0"])
    assert scene["queue:review/wait"].lines == ("0",)
    assert scene["queue:review/wait-was"].lines == ("8 d",)


def test_changed_data_box_rows_removed_fields_rework_and_after_are_ghosted():
    scene = _scene(str(EXAMPLES / "feature-branches.vsm.yaml"),
                   ["review.rework.rate=5%", "notes.after=[review]", "qa.rework=", "contract.people=2"])
    assert scene["rework:review/to-backend/rate-was"].lines == ("20 %",)
    assert scene["rework:review/to-backend/rate"].lines == ("rework 5 %",)
    assert scene["step:qa/rework-was"].lines == ("10 % to Integration",)       # a rework removed
    assert scene["step:qa/rework"].lines == ("none",)
    assert scene["step:notes/after-was"].lines == ("Integration",)            # off the critical path
    assert scene["step:notes/after"].lines == ("Code review",)
    assert scene["step:contract/people-was"].lines == ("none",)               # a field added


@pytest.mark.parametrize("width", [None, 900.0])
def test_ghosts_collide_with_nothing(width):
    """Every ghost and mark keeps clear of every other text, box and line of the map."""
    from vsm_draw.layout.scene import Line, Text

    for path, changes in [(REVIEW, ["review.wait_time=12.5d", "build.process_time=36h"]),
                          (str(EXAMPLES / "software-delivery.vsm.yaml"),
                           ["qa.complete_accurate=95%", "qa.changeover=", "dev.people=12", "review.wait_time=1d"]),
                          (str(EXAMPLES / "software-delivery.vsm.yaml"),  # an After row too wide: stacked
                           ["staging.after=[review]", "production.after=[qa, staging]"]),
                          (PLANT, ["weld-1.inventory=3500", "assembly-1.process_time=70s",
                                   "weld-2.uptime=95%"]),
                          (str(EXAMPLES / "feature-branches.vsm.yaml"),
                           ["review.rework.rate=5%", "notes.after=[review]", "frontend.wait_time=3d"]),
                          (str(EXAMPLES / "software-delivery.vsm.yaml"), ["grooming.wait_time=2d"]),
                          (str(EXAMPLES / "mortgage-approval.vsm.yaml"), ["credit.wait_time=1d"]),
                          (str(EXAMPLES / "feature-branches.vsm.yaml"), ["review.rework.rate=5%", "qa.rework.rate=5%"])]:
        scene = _scene(path, changes, width=width, legend=True)
        if "production.after=[qa, staging]" in changes:  # the old value under the new one
            assert scene["step:production/after-was"].y > scene["step:production/after"].y
        ours = [e for e in scene.elements if e.role in ("change-mark", "was-value")
                and not e.id.startswith(("legend", "caption"))]
        assert ours
        for e in ours:
            figure = e.id.rsplit("-", 1)[0]
            own = {e.id, figure, f"{figure}-was", f"{figure}-mark", f"{figure}-strike"}
            for other in scene.elements:
                if other.id in own or (other.role in ("process-box", "process-header", "over-takt")
                                       and other.id.split("/")[0] == e.id.split("/")[0]) \
                        or (other.role in ("totals", "totals-header") and e.id.startswith("totals/")) \
                        or (other.id in ("bottleneck/badge", "bottleneck/was") and e.id.startswith("bottleneck/")):
                    continue  # its own figure; the box it sits in
                if isinstance(other, Line) and other.role not in ("push-arrow", "ladder-wait", "ladder-process"):
                    continue  # thin lines pass between texts; the bars and rungs must not be hit
                a, b = e.box, other.box
                overlap = a[0] < b[2] - 0.5 and b[0] < a[2] - 0.5 and a[1] < b[3] - 0.5 and b[1] < a[3] - 0.5
                assert not overlap, f"{path} {changes}: {e.id} overlaps {other.id}"
            if isinstance(e, Text):  # and inside its box, when it sits in one
                step = e.id.split("/")[0]
                if step.startswith("step:") and f"{step}/box" in scene:
                    box = scene[f"{step}/box"].box
                    drawn = scene[e.id[: -len("-was")] + "-strike"].box  # as wide as the glyphs
                    assert box[0] <= drawn[0] and drawn[2] <= box[2], e.id


DELIVERY = str(EXAMPLES / "software-delivery.vsm.yaml")
MORTGAGE = str(EXAMPLES / "mortgage-approval.vsm.yaml")


@pytest.mark.parametrize("width", [None, 900.0])
def test_a_moved_bottleneck_is_ghosted_over_its_old_queue_and_its_new_badge_marked(width):
    scene = _scene(DELIVERY, ["Backlog grooming.wait_time=2d"], width=width)
    ghost, badge = scene["bottleneck/was"], scene["bottleneck/badge"]
    assert ghost.role == "was-badge" and ghost.stroke == "#767676" and ghost.fill is None
    assert scene["bottleneck/was-was"].lines == ("BOTTLENECK",)          # struck through
    assert scene["bottleneck/was-strike"].box[1] > scene["bottleneck/was-was"].box[1]
    assert scene["bottleneck/was-note"].lines == ("before the change",)
    # Over the old bottleneck's queue (Backlog grooming), the new badge over Sprint planning's.
    for box, sid in ((ghost.box, "grooming"), (badge.box, "planning")):
        queue = scene[f"queue:{sid}/triangle"].box
        assert box[3] < queue[1] and abs((box[0] + box[2]) / 2 - (queue[0] + queue[2]) / 2) < 6
    mark = scene["bottleneck/mark"]
    assert mark.role == "change-mark" and badge.box[0] < mark.box[0] < mark.box[2] < scene["bottleneck/word"].box[0]


def test_a_bottleneck_that_stays_is_not_marked():
    scene = _scene(DELIVERY, ["Backlog grooming.wait_time=20d"])
    assert "bottleneck/badge" in scene and "bottleneck/mark" not in scene and "bottleneck/was" not in scene


def test_a_bottleneck_moved_into_a_lane_says_so_in_its_data_box():
    scene = _scene(MORTGAGE, ["credit.wait_time=1d"])  # valuation's wait is now on the path
    assert scene["step:credit/bottleneck-was"].lines == ("yes",)
    assert scene["step:credit/bottleneck"].lines == ("no",)
    assert "bottleneck/mark" in scene and "bottleneck/was" not in scene  # no queue of its own to ghost


def test_a_changed_slack_is_ghosted_in_lanes_and_on_a_step_the_change_made_critical():
    scene = _scene(MORTGAGE, ["credit.wait_time=1d"])
    assert (scene["step:income/slack-was"].lines, scene["step:income/slack"].lines) == (("3.8 d",), ("3.1 d",))
    assert (scene["step:credit/slack-was"].lines, scene["step:credit/slack"].lines) == (("0",), ("1.4 d",))
    # Property valuation left its lane for the critical path: no slack now.
    assert (scene["step:valuation/slack-was"].lines, scene["step:valuation/slack"].lines) == (("5 h",), ("0",))
    same = _scene(MORTGAGE, ["intake.process_time=2h"])  # every slack as it was
    assert "step:income/slack" in same and not [e for e in same.elements if "slack-" in e.id
                                                 and e.role in ("was-value", "change-mark")]


def test_a_changed_rating_is_ghosted_under_the_totals():
    scene = _scene(DELIVERY, ["Backlog grooming.wait_time=2d"])
    assert scene["totals/rating-was"].lines == ("significant waste (below 15%)",)
    assert scene["totals/rating"].lines == ("good (20-40%)",)
    box, mark = scene["totals/box"].box, scene["totals/rating-mark"].box
    assert box[0] < scene["totals/rating-was"].box[0] and scene["totals/rating"].box[2] < box[2]
    assert scene["totals/rating-strike"].x1 < mark[0] < mark[2] < scene["totals/rating"].box[0]
    assert "totals/rating-was" not in _scene(DELIVERY, ["Backlog grooming.wait_time=20d"])


def test_a_loop_across_rows_is_marked_at_both_ends():
    scene = _scene(str(EXAMPLES / "feature-branches.vsm.yaml"), ["review.rework.rate=5%", "qa.rework.rate=5%"],
                   width=900.0)
    rates = [e for e in scene.with_role("rework-rate")]
    assert {e.id for e in rates} >= {"rework:review/source-review-backend/rate",
                                     "rework:backend/target-review-backend/rate"}  # it crosses rows
    for e in rates:
        assert scene[f"{e.id}-was"].lines == (("20 %",) if "review-backend" in e.id else ("10 %",)), e.id
        assert f"{e.id}-mark" in scene


def test_the_dot_draws_the_mark_as_a_diamond_and_the_ghost_in_grey():
    from vsm_draw.write.dot import scene_dot

    dot = scene_dot(_scene(REVIEW, ["review.wait_time=1d"]))
    mark = next(line for line in dot.splitlines() if line.lstrip().startswith('"queue:review/wait-mark"'))
    assert 'shape="diamond"' in mark and 'id="queue-review-wait-mark"' in mark
    ghost = next(line for line in dot.splitlines() if line.lstrip().startswith('"queue:review/wait-was"'))
    assert 'COLOR="#767676"' in ghost and ">8 d<" in ghost


@pytest.mark.parametrize("theme, ghost", [("dark", "#8d9096"), ("color", "#767676")])
def test_the_ghost_takes_each_theme_s_colour(theme, ghost):
    scene = _scene(REVIEW, ["review.wait_time=1d"], theme=theme)
    assert scene["queue:review/wait-was"].color == ghost


def test_the_future_map_says_what_changed_and_loads_back_as_the_changed_map():
    result = vsm_draw.whatif(REVIEW, ["Code review.wait_time=1d", "deploy.owner=Ops\u2028team"])
    text = result.yaml()
    assert text.splitlines()[:3] == [
        f"# What if: {REVIEW} with these changes (vsm-draw whatif):",
        "#   review.wait_time: 8 d -> 1 d",
        "#   deploy.owner: Release manager -> Ops team"]
    again = load_text(text)  # the comments are only comments: the changed map, exactly
    assert again == result.after
    assert again.step("review").wait_time == 86400 and again.state == "future"
    assert again.step("deploy").owner == "Ops\u2028team"


def test_whatif_draws_marked_pictures_in_every_theme_width_and_key(tmp_path):
    svg = tmp_path / "future.svg"
    result = run("whatif", REVIEW, "--set", "review.wait_time=1d", "--theme", "auto", "--width", "900",
                 "--legend", "-o", str(svg))
    assert result.exit_code == 0 and result.output == ""
    text = svg.read_text(encoding="utf-8").replace("&#45;", "-")  # Graphviz escapes ids' dashes
    assert 'class="vsm-auto"' in text and 'width="900px"' in text
    assert 'id="queue-review-wait-mark"' in text and 'id="legend-changed-figure-mark"' in text
    assert "--vsm-ghost:#8d9096" in text  # the ghost turns dark grey on a dark screen
    again = tmp_path / "again.svg"
    run("whatif", REVIEW, "--set", "review.wait_time=1d", "--theme", "auto", "--width", "900",
        "--legend", "-o", str(again))
    assert again.read_bytes() == svg.read_bytes()


def test_whatif_report_shows_the_marked_map_and_the_ladders_to_one_scale(tmp_path):
    out = tmp_path / "future.html"
    result = run("whatif", REVIEW, "--set", "Code review.wait_time=1d", "-o", str(out))
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8").replace("&#45;", "-")
    assert 'id="queue-review-wait-mark"' in page and "What if Code review waited 1 d instead of 8 d?" in page
    assert 'id="vsmr-scalepair"' in page
    # One scale: the bars are as long as the lead times (16.1 d before, 9.1 d after).
    import re
    bars = re.findall(r'<rect x="72.0" y="[\d.]+" width="([\d.]+)" height="30.0" fill="none"', page)
    assert len(bars) == 2 and float(bars[1]) / float(bars[0]) == pytest.approx(9.125 / 16.125, abs=1e-3)


def test_whatif_report_tables_ghost_each_changed_figure_as_the_map_does():
    """The step table and the longest waits printed the changed figures like measured ones:
    '7 d' where the map read '35 d ◆ 7 d'. Now each carries its old value, struck, and the diamond."""
    import re

    from vsm_draw.whatif import whatif_html

    text = ("title: Permit\nsteps:\n  - name: TOEB\n    wait_time: 3w\n    process_time: 2d\n"
            "  - name: Statik\n    wait_time: 5w\n    process_time: 3d\n    complete_accurate: 80%\n"
            "  - name: Bescheid\n    wait_time: 6d\n    process_time: 4h\n")
    page = whatif_html(vsm_draw.whatif(text, ["Statik.wait_time=1w", "TOEB.process_time=4h",
                                              "Statik.complete_accurate=95%"])).decode()
    page = page.replace("\xa0", " ")  # figures keep their unit on their line
    table = re.search(r'<h2 id="steps-title">.*?</section>', page, re.S).group(0)
    ghost = ('<span class="was"><span class="visually-hidden">before the change </span><s>{}</s>'
             '</span> <span class="changed" aria-hidden="true">◆</span> ')
    assert ghost.format("35 d") + '<span class="amount">7 d</span>' in table
    assert ghost.format("2 d") + "4 h</td>" in table
    assert ghost.format("80 %") + "95 %</td>" in table
    assert table.count("<s>") == 3  # Bescheid and the other figures did not change
    assert "a figure the what-if changed, its value before the change" in table
    waits = re.search(r'<ol class="top-waits">.*?</ol>', page, re.S).group(0)
    assert ghost.format("35 d") + '<span class="amount">7 d</span>' in waits
    # A report of a map as it stands has no such marks.
    plain = vsm_draw.report(vsm_draw.load(text), "html").decode()
    assert "<s>" not in plain and "what-if changed" not in plain


def test_a_figure_the_map_does_not_give_is_not_given_before_the_change_not_0_or_100():
    """Statik gives no process time and TOEB no %C&A (their boxes read "—" or no row): the
    what-if said 'took 3 d instead of 0', 'From 0', '100%' and ghosted '0' and '100%' on the
    map, perfect figures nobody measured."""
    import re

    from vsm_draw.whatif import whatif_picture, whatif_table

    text = ("title: Permit\nsteps:\n  - name: TOEB\n    wait_time: 4w\n    process_time: 2d\n"
            "  - name: Statik\n    wait_time: 2w\n    complete_accurate: 80%\n")
    result = vsm_draw.whatif(text, ["Statik.process_time=3d", "TOEB.complete_accurate=90%"])
    table = whatif_table(result)
    assert re.search(r"Statik +process_time +not given +3 d", table)
    assert re.search(r"TOEB +complete_accurate +not given +90 %", table)
    assert ("If Statik took 3 d (not given before) and TOEB's %C&A were 90 % (not given "
            "before), lead time rises") in table
    assert "#   statik.process_time: not given -> 3 d" in result.yaml()
    svg = whatif_picture(result, "svg").decode()
    for ghost in ("step&#45;statik&#45;pt&#45;was", "ladder&#45;statik&#45;process&#45;time&#45;was",
                  "step&#45;toeb&#45;ca&#45;was"):
        body = re.search(f'<g id="{ghost}".*?</g>', svg, re.S).group(0)
        assert ">—</text>" in body, ghost
    # A figure the map gives is said as before.
    given = vsm_draw.whatif(text, ["Statik.complete_accurate=95%"])
    assert re.search(r"Statik +complete_accurate +80 % +95 %", whatif_table(given))


def test_a_complete_accurate_what_if_says_what_it_does_to_the_rolled_figure():
    """--set X.complete_accurate=100% said only "lead time stays at 54.6 d"."""
    from vsm_draw.whatif import whatif_narrative

    text = ("title: Permit\nsteps:\n  - name: Check\n    wait_time: 2d\n    process_time: 2h\n"
            "    complete_accurate: 92%\n  - name: Statik\n    wait_time: 1w\n"
            "    process_time: 3d\n    complete_accurate: 85%\n")
    words = whatif_narrative(vsm_draw.whatif(text, ["Check.complete_accurate=100%"]))
    assert words.endswith("Rolled %C&A, the share that passes every step right first time, "
                          "rises from 78.2 % to 85 %.")
    assert "Rolled" not in whatif_narrative(vsm_draw.whatif(text, ["Check.wait_time=1d"]))
    bare = "title: P\nsteps:\n  - name: Check\n    wait_time: 2d\n    process_time: 2h\n"
    assert whatif_narrative(vsm_draw.whatif(bare, ["Check.complete_accurate=90%"])).endswith(
        "Rolled %C&A, the share that passes every step right first time, is 90 % "
        "(not given before).")


def test_whatif_report_draws_its_map_with_the_options_of_its_pictures(tmp_path):
    """--theme, --width, --ladder and --legend reach the .html's map as they reach the .svg."""
    import re

    pages = {}
    for name, options in (("plain", []), ("auto", ["--theme", "auto"]),
                          ("dark", ["--theme", "dark", "--width", "600", "--ladder", "proportional", "--legend"])):
        out = tmp_path / f"{name}.html"
        result = run("whatif", REVIEW, "--set", "review.wait_time=1d", *options, "-o", str(out))
        assert result.exit_code == 0 and result.output == ""
        page = out.read_text(encoding="utf-8").replace("&#45;", "-")
        # the map (its drawing for the viewer: laid out for --width, or its one row)
        pages[name] = re.search(r'<svg [^>]*class="(?:vsm-auto )?diagram in-viewer[^"]*".*?</svg>',
                                page, re.S).group(0)
    dark, plain = pages["dark"], pages["plain"]
    # the dark paper; classic turns dark with the page (drawn auto), on a dark screen only
    assert 'fill="#17191d"' in dark and 'fill="#17191d"' not in plain
    assert 'class="vsm-auto diagram' in plain and "vsm-auto" not in dark
    assert "@media screen and (prefers-color-scheme: dark)" in plain
    assert re.search(r'class="diagram in-viewer on-wide on-narrow"[^>]*style="max-width:600px"',
                     dark)  # laid out for 600 px, the one drawing
    assert "max-width:600px" not in plain
    assert 'id="scale-frame"' in dark and 'id="scale-frame"' not in plain    # the ladder to scale
    assert 'id="legend-changed-figure-mark"' in dark and "legend-" not in plain
    assert 'id="queue-review-wait-mark"' in dark and 'id="queue-review-wait-mark"' in plain
    assert pages["auto"] == plain  # auto and classic alike follow the page


def test_whatif_report_draws_its_charts_again_for_a_phone(tmp_path):
    """The ladders and the bars to scale wrap to a phone's column: nothing scrolls sideways."""
    import re

    out = tmp_path / "future.html"
    assert run("whatif", DELIVERY, "--set", "grooming.wait_time=2d", "-o", str(out)).exit_code == 0
    page = out.read_text(encoding="utf-8")
    assert "min-width" not in "".join(re.findall(r"<svg [^>]*>", page))
    for chart in ("vsmr-ladders", "vsmr-scalepair"):
        assert f'class="chart chart-wide" id="{chart}"' in page
        narrow = re.search(f'<svg [^>]*class="chart chart-narrow" id="{chart}-n".*?</svg>', page).group(0)
        assert 'viewBox="0 0 340 ' in narrow
        sizes = [float(x) for x in re.findall(r'font-size="([\d.]+)"', narrow)]
        assert sizes and min(sizes) >= 11, chart
    ladders = re.search(r'id="vsmr-ladders-n".*?</svg>', page).group(0)
    for name in ("Idea capture", "Backlog", "grooming", "Customer", "validation"):  # over their columns
        assert f">{name}<" in ladders
    assert ">▼ 2 d<" in ladders and "Before: lead time 54.2 d" in ladders and "After: lead time 35.2 d" in ladders
    xs = [float(x) for x in re.findall(r'<text x="([\d.]+)"', ladders)]
    assert max(xs) < 340


def _changed_lines(original: str, future: str) -> list[tuple[str, str]]:
    import difflib

    body = [line for line in future.splitlines() if not line.startswith("# What if:")
            and not line.startswith("#   ")]
    diff = difflib.ndiff(original.splitlines(), body)
    return [(line[0], line[2:]) for line in diff if line[0] in "+-"]


def test_the_future_map_keeps_the_original_text_and_edits_only_what_changed():
    path = EXAMPLES / "feature-branches.vsm.yaml"
    original = path.read_text(encoding="utf-8")
    result = vsm_draw.whatif(path, ["review.rework.rate=5%", "qa.rework=", "notes.after=[contract]",
                                    "Backend.wait_time=1d"])
    text = result.yaml()
    assert load_text(text) == result.after
    changed = _changed_lines(original, text)
    assert ("-", "    rework: {to: backend, rate: 20%}") in changed
    assert ("+", "    rework: {to: backend, rate: 5%}") in changed
    assert ("-", "    rework: {to: integration, rate: 10%}") in changed
    assert ("+", "    after: [contract]") in changed
    assert sorted(c for c in changed if "state:" in c[1]) == [("+", "state: future"),
                                                             ("-", "state: current")]
    assert len(changed) == 9  # those, the wait and the removed `after`: the comments stay
    assert [line for line in original.splitlines() if line.lstrip().startswith("#")] == \
        [line for line in text.splitlines()[5:] if line.lstrip().startswith("#")]


def test_an_inventory_becomes_a_wait_in_place_and_declared_figures_go():
    original = Path(PLANT).read_text(encoding="utf-8")
    result = vsm_draw.whatif(PLANT, ["shipping.wait_time=1d"])
    text = result.yaml()
    assert load_text(text) == result.after
    changed = _changed_lines(original, text)
    assert ("-", "    inventory: 4140") in changed and ("+", "    wait_time: 1d") in changed
    assert all("declared" not in line for line in text.splitlines())


def test_a_map_in_flow_style_is_written_afresh_and_still_loads():
    text = ("title: Flow {x}\nsteps: [{name: A, wait_time: 2d, process_time: 1h}, "
            "{name: B, process_time: 2h}]\n")
    result = vsm_draw.whatif(text, ["a.wait_time=1d"])
    future = result.yaml()
    assert "steps:\n- name: A\n" in future and load_text(future) == result.after


def test_a_title_that_says_current_state_says_future_state():
    path = EXAMPLES / "software-delivery.vsm.yaml"
    assert "Feature delivery — current state" in path.read_text(encoding="utf-8")
    result = vsm_draw.whatif(path, ["review.wait_time=1d"])
    assert result.after.title == "Feature delivery — future state"
    assert "\ntitle: Feature delivery — future state\n" in result.yaml()
    assert vsm_draw.whatif("title: Current State of intake\nsteps: [{name: A, wait_time: 2d}]\n",
                           ["a.wait_time=1d"]).after.title == "Future State of intake"
    assert vsm_draw.whatif("title: Concurrent statements\nsteps: [{name: A, wait_time: 2d}]\n",
                           ["a.wait_time=1d"]).after.title == "Concurrent statements"
    svg = vsm_draw.render(result.after, "svg").decode()
    assert "future state" in svg and "current state" not in svg


@pytest.mark.parametrize("narrow", [False, True])
def test_ladder_pair_key_names_only_the_marks_it_draws(narrow):
    """A what-if that only shortens a wait keys ▼ alone; one that only lengthens keys ▲ alone."""
    from vsm_draw.charts import NARROW, WIDTH, ladder_pair_svg

    before = vsm_draw.load(REVIEW)
    width = NARROW if narrow else WIDTH
    keys = {}
    for name, value in (("shorter", "1d"), ("longer", "20d")):
        r = vsm_draw.whatif(before, {"review.wait_time": value})
        keys[name] = ladder_pair_svg(before, vsm_draw.metrics(before), r.after,
                                     r.after_metrics, width=width)
    assert "shorter than before: better" in keys["shorter"] and "longer: worse" not in keys["shorter"]
    assert "longer: worse" in keys["longer"] and "shorter than before: better" not in keys["longer"]


MEASURED = """\
vsm: 1
title: Measured
steps:
  - name: Build
    wait_time: 1d
    process_time: 2h
    wait_statuses: [Ready]
    kaizen: Smaller batches
  - name: Test
    wait_time: 2d
    process_time: 1h
"""


@pytest.mark.parametrize("field", ["wait_statuses", "active_statuses"])
def test_a_list_of_statuses_is_read_written_and_shown_as_a_list(tmp_path, field):
    source = tmp_path / "w.yaml"
    source.write_text(MEASURED)
    change = f"build.{field}=[a, no, 1.10]"
    old = "Ready" if field == "wait_statuses" else "none"
    result = vsm_draw.whatif(str(source), [change])
    assert getattr(result.after.step("build"), field) == ("a", "no", "1.10")
    text = result.yaml()
    assert f"#   build.{field}: {old} -> a, no, 1.10" in text.splitlines()
    assert load_text(text) == result.after
    assert yaml.safe_load(text)["steps"][0][field] == ["a", "no", "1.10"]
    table = run("whatif", str(source), "--set", change).output
    assert f"{field}  {old}  a, no, 1.10" in table and "(" not in table.split("\n\n")[1]
    got = json.loads(run("whatif", str(source), "--set", change, "--json").output)
    assert got["changes"] == [{"step": "build", "field": field,
                               "from": ["Ready"] if old == "Ready" else [],
                               "to": ["a", "no", "1.10"]}]
    # Statuses move no figure: the kaizen idea still describes the step.
    assert result.after_as_shown().step("build").kaizen == "Smaller batches"


def test_one_status_and_no_status_and_after_lists_keep_their_words(tmp_path):
    source = tmp_path / "w.yaml"
    source.write_text(MEASURED)
    result = vsm_draw.whatif(str(source), ["build.active_statuses=In QA",
                                           "build.wait_statuses=", "test.after=[build]"])
    assert result.record()[1:] == ["  build.active_statuses: none -> In QA",
                                   "  build.wait_statuses: Ready -> none",
                                   "  test.after: the step listed before -> Build"]
    assert result.after.step("build").wait_statuses == ()
    assert load_text(result.yaml()) == result.after


LONG_NAMES = """\
title: Long names
steps:
  - name: Intake
    wait_time: 1d
    process_time: 1h
  - name: Waiting for the security architecture review board sign-off meeting
    wait_time: 5d
    process_time: 2h
  - name: Pneumonoultramicroscopicsilico
    wait_time: 2d
    process_time: 1h
  - name: Deploy
    wait_time: 1d
    process_time: 30m
"""


def test_the_phone_ladders_name_every_step_whole_never_past_its_column():
    """The what-if ladders on a phone name each step in full: over its column between words
    when it fits there, else by a number spelt out in a key under the chart; never a cut word."""
    import re
    from html import unescape

    from vsm_draw.charts import NARROW, _text_width, ladder_pair_svg

    before = vsm_draw.load(LONG_NAMES)
    r = vsm_draw.whatif(before, {"intake.wait_time": "2h"})
    svg = ladder_pair_svg(before, vsm_draw.metrics(before), r.after, r.after_metrics,
                          prefix="n", width=NARROW)
    texts = [(float(x), float(size), anchor, unescape(re.sub(r"<[^>]+>", "", inner)))
             for x, size, anchor, inner in re.findall(
                 r'<text x="([\d.]+)" y="[\d.]+" font-size="([\d.]+)"(?: text-anchor="(\w+)")?'
                 r'[^>]*>(.*?)</text>', svg)]
    words = " ".join(text for *_, text in texts).split()
    for name in (s.name for s in before.steps):
        for word in name.split():
            assert word in words, word  # every word of every name, whole
    for x, size, anchor, text in texts:  # each line inside the chart
        half = _text_width(text, size) / 2
        left, right = (x - half, x + half) if anchor == "middle" else (x, x + 2 * half)
        assert 0 <= left and right <= NARROW, text
    # the names over the columns: each within its column (label 54 px, 3 columns a row)
    cw = (NARROW - 16 - 54) / 3
    for x, size, anchor, text in texts:
        if anchor == "middle" and size == 11:
            assert _text_width(text, 11) <= cw, text
    spelt = " ".join(text for *_, text in texts)  # a key's name may wrap between words
    for name in (s.name for s in before.steps):
        assert f">{name}<" in svg or re.search(rf"\b(\d+) {re.escape(name)}", spelt), name
        number = re.search(rf"\b(\d+) {re.escape(name)}", spelt)
        if number:  # named by its number over its column
            assert f'text-anchor="middle" font-weight="bold">{number[1]}</text>' in svg


@pytest.mark.parametrize("field", ["wait_statuses", "active_statuses"])
@pytest.mark.parametrize("word", ["no", "yes", "off", "1.10", "null value"])
def test_one_status_means_what_it_means_in_a_map(tmp_path, field, word):
    # `wait_statuses: no` in a map is the status 'no'; --set must not make it false.
    source = tmp_path / "w.yaml"
    source.write_text(MEASURED)
    in_map = load_text(MEASURED.replace("  - name: Test\n",
                                        f"  - name: Test\n    {field}: {word}\n"))
    want = getattr(in_map.step("test"), field)
    assert want == (word,)
    result = vsm_draw.whatif(str(source), [f"test.{field}={word}"])
    assert getattr(result.after.step("test"), field) == want
    assert load_text(result.yaml()) == result.after
    assert yaml.safe_load(result.yaml())["steps"][1][field] == word
    out = tmp_path / "out.yaml"
    cli = run("whatif", str(source), "--set", f"test.{field}={word}", "-o", str(out))
    assert cli.exit_code == 0, cli.output
    assert getattr(load_text(out.read_text()).step("test"), field) == want
    got = json.loads(run("whatif", str(source), "--set", f"test.{field}={word}", "--json").output)
    assert got["changes"][0]["to"] == [word]
    table = run("whatif", str(source), "--set", f"test.{field}={word}").output
    assert f"{field}  none  {word}" in table


@pytest.mark.parametrize("value", ["[a, b", "{a: b", "'Ready"])
def test_a_status_value_that_is_not_yaml_is_a_usage_error(tmp_path, value):
    # A map holding `wait_statuses: [a, b` fails to load; --set must not take it as one status.
    source = tmp_path / "w.yaml"
    source.write_text(MEASURED)
    with pytest.raises(ChangeError, match="not valid YAML"):
        parse_change(f"build.wait_statuses={value}")
    result = run("whatif", str(source), "--set", f"build.wait_statuses={value}",
                 "-o", str(tmp_path / "out.yaml"))
    assert result.exit_code == 2 and f"wait_statuses={value!r}" in result.output, result.output
    assert not (tmp_path / "out.yaml").exists()


SCALE_PAIR = """\
title: Three steps
steps:
  - {name: Build, id: build, wait_time: 2d, process_time: 3d}
  - {name: Review, id: review, wait_time: 1h, process_time: 2h}
  - {name: Deploy, id: deploy, wait_time: 1h, process_time: 1h}
"""


@pytest.mark.parametrize("change", ["review.wait_time=4d", "build.process_time=2.9d"])
@pytest.mark.parametrize("narrow", [False, True])
def test_the_line_where_the_lead_time_ended_before_crosses_no_figure(change, narrow):
    """The dashed line at the Before bar's end, carried down over the After bar, passes
    behind the After bar's wait labels (each on its own ground, painted over the line) and
    never through its lead time: a wait that grows from 1 h to 4 d puts the old end inside
    the After bar's '4 d'; a lead time 0.1 d shorter puts it on the After bar's '5.1 d'."""
    import re

    from vsm_draw.charts import NARROW, WIDTH, _text_width, scale_pair_svg

    before = vsm_draw.load(SCALE_PAIR)
    r = vsm_draw.whatif(before, [change])
    svg = scale_pair_svg(before, vsm_draw.metrics(before), r.after, r.after_metrics,
                         width=NARROW if narrow else WIDTH)
    line = re.search(r'<line x1="([\d.]+)" y1="([\d.]+)" x2="\1" y2="([\d.]+)" [^>]*dasharray', svg)
    assert line
    x, y0, y1 = (float(v) for v in line.groups())
    crossed = []
    for m in re.finditer(r'<text x="([\d.]+)" y="([\d.]+)" font-size="([\d.]+)"[^>]*>([^<]*)</text>', svg):
        tx, ty, size, text = float(m[1]), float(m[2]), float(m[3]), m[4]
        if tx <= x <= tx + _text_width(text, size) and y0 <= ty - size / 2 <= y1:
            grounded = re.search(rf'<rect x="[\d.]+" y="[\d.]+" width="[\d.]+" height="19.00" '
                                 rf'fill="[^"]+"/><text x="{m[1]}" y="{m[2]}"', svg)
            crossed.append(text)
            # over the line, on its own ground: the line passes behind it
            assert grounded and grounded.start() > line.start(), text
    if change.startswith("review"):
        assert crossed == ["4 d"]  # the case: the old end lies inside the After bar's label
    else:
        assert crossed == []  # the After bar's lead time stands past the line
        assert "5.1 d</text>" in svg


LEAVES_PATH = """\
title: Two branches
steps:
  - {name: Spin, id: spin, process_time: 15m}
  - {name: Analyser, id: analyser, wait_time: 20m, process_time: 35m}
  - {name: Microscopy, id: films, after: [spin], wait_time: 6h, process_time: 25m}
  - {name: Validation, id: validate, after: [analyser, films], wait_time: 1h, process_time: 5m}
"""


@pytest.mark.parametrize("narrow", [False, True])
def test_a_step_the_change_takes_off_the_path_keeps_its_changed_wait_marked(narrow):
    """Microscopy's wait falls from 6 h to 1 h and takes it off the critical path: the After
    ladder shows its column flat, "parallel", and still its new wait with ▼ (better); the
    Analyser, on the path now, shows its longer process time with ▲."""
    from vsm_draw.charts import NARROW, WIDTH, ladder_pair_svg

    before = vsm_draw.load(LEAVES_PATH)
    r = vsm_draw.whatif(before, {"films.wait_time": "1h", "analyser.process_time": "2h"})
    assert "films" in r.before_metrics.critical_path and "films" not in r.after_metrics.critical_path
    svg = ladder_pair_svg(before, vsm_draw.metrics(before), r.after, r.after_metrics,
                          width=NARROW if narrow else WIDTH)
    assert svg.count(">parallel<") == 2  # Analyser before, Microscopy after
    assert ">▼ 1 h<" in svg and ">▲ 2 h<" in svg
    assert "shorter than before: better" in svg and "longer: worse" in svg


@pytest.mark.parametrize("title, future", [
    ("Leistungsanträge — Ist-Zustand mit Rückfragen", "Leistungsanträge — Soll-Zustand mit Rückfragen"),
    ("Istzustand Auftragsabwicklung", "Sollzustand Auftragsabwicklung"),
    ("IST-Zustand", "SOLL-Zustand"),
    ("Usine de Besançon — état actuel (atelier 3)", "Usine de Besançon — état futur (atelier 3)"),
    ("État actuel", "État futur"),
    ("Planta de Zaragoza: estado actual", "Planta de Zaragoza: estado futuro"),
    ("Istanbul Zustand-Check, estados actuales", "Istanbul Zustand-Check, estados actuales"),
])
def test_a_title_that_says_current_state_in_german_french_or_spanish_says_future_state(title, future):
    """A German team's "Ist-Zustand" stayed in the title of its what-if, over a map marked
    "Future state"; so did "état actuel" and "estado actual". Words that only look alike stay."""
    text = f"title: '{title}'\nsteps: [{{name: A, wait_time: 2d}}]\n"
    result = vsm_draw.whatif(text, ["a.wait_time=1d"])
    assert result.after.title == future
    assert f"\ntitle: {future}\n" in result.yaml() or f"\ntitle: '{future}'\n" in result.yaml()
