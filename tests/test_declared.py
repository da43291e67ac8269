"""Declared figures against computed ones: the last-digit rule, by hand, and `check`'s warnings."""
from __future__ import annotations

import subprocess
import sys

import pytest
from click.testing import CliRunner

import vsm_draw
from vsm_draw.cli import main
from vsm_draw.declared import declared_checks, declared_warnings
from vsm_draw.durations import duration_resolution, percent_resolution
from vsm_draw.loader import load_text
from vsm_draw.model import Calendar

D, H = 86400.0, 3600.0


@pytest.mark.parametrize("text, unit, calendar, seconds", [
    ("30d", "days", Calendar(), D),
    ("4.5d", "days", Calendar(), 0.1 * D),
    ("4.50d", "days", Calendar(), 0.01 * D),
    ("30", "days", Calendar(), D),           # a bare number is in the map's unit
    ("2.5", "hours", Calendar(), 0.1 * H),
    ("1d 4h", "days", Calendar(), H),        # the last part written
    ("3 days", "days", Calendar(), D),
    ("P3D", "days", Calendar(), D),
    ("PT1H30M", "days", Calendar(), 60),
    ("P1DT12H", "days", Calendar(), H),
    ("188s", "days", Calendar(), 1),
    ("2w", "days", Calendar(8, 5), 5 * 8 * H),  # a working week
    ("1.5d", "days", Calendar(8, 5), 0.1 * 8 * H),
])
def test_the_last_digit_of_a_duration(text, unit, calendar, seconds):
    assert duration_resolution(text, unit, calendar) == pytest.approx(seconds)


@pytest.mark.parametrize("text, share", [
    ("12%", 0.01), ("12.5%", 0.001), ("12.50 %", 0.0001), ("0.12", 0.01), ("0.125", 0.001),
    ("1", 1.0),
])
def test_the_last_digit_of_a_percentage(text, share):
    assert percent_resolution(text) == pytest.approx(share)


def _map(declared: str, wait: str, work: str) -> str:
    return (f"declared: {{{declared}}}\nsteps:\n  - name: A\n    owner: X\n"
            f"    wait_time: {wait}\n    process_time: {work}\n")


@pytest.mark.parametrize("declared, wait, work, differs", [
    # 30d allows one day: 30.9 d and 31 d (exactly one day off) agree, 31.1 d does not
    ("lead_time: 30d", "26.9d", "4d", False),
    ("lead_time: 30d", "27d", "4d", False),
    ("lead_time: 30d", "27.1d", "4d", True),
    ("lead_time: 30d", "25.1d", "4d", False),  # 29.1 d
    ("lead_time: 30d", "24.9d", "4d", True),   # 28.9 d
    # 4.5d allows a tenth of a day: 4.6 d agrees, 4.61 d does not
    ("process_time: 4.5d", "1d", "4.6d", False),
    ("process_time: 4.5d", "1d", "4.61d", True),
    ("process_time: 4.5d", "1d", "4.39d", True),
    # 12% allows one percentage point: 12.9 % agrees, 13.1 % does not
    ("flow_efficiency: 12%", "87.1d", "12.9d", False),
    ("flow_efficiency: 12%", "86.9d", "13.1d", True),
    ("flow_efficiency: 0.12", "88.9d", "11.1d", False),
    ("flow_efficiency: 12.0%", "88.9d", "11.1d", True),  # a tenth of a point
])
def test_the_last_digit_rule_by_hand(declared, wait, work, differs):
    vsm = load_text(_map(declared, wait, work))
    (check,) = declared_checks(vsm, vsm_draw.metrics(vsm))
    assert check.differs is differs


def test_the_edge_of_one_day_either_way():
    for lead, differs in (("29d", False), ("28.99d", True), ("31d", False), ("31.01d", True)):
        vsm = load_text(_map("lead_time: 30d", "0", lead))
        (check,) = declared_checks(vsm, vsm_draw.metrics(vsm))
        assert check.differs is differs, lead


def test_a_warning_names_both_figures_and_the_tolerance():
    vsm = load_text(_map("lead_time: 30d, process_time: 4.5d, flow_efficiency: 12%",
                         "20d", "4.6d"), "w.yaml")
    warnings = [str(w) for w in declared_warnings(vsm, vsm_draw.metrics(vsm), "w.yaml")]
    # lead time 24.6 d against 30d: off by 5.4 d; 4.6 d against 4.5d agrees;
    # flow efficiency 4.6 / 24.6 = 18.7 % against 12%
    assert warnings == [
        "w.yaml:1:23: warning: declared `lead_time` 30d differs from the computed lead time "
        "24.6 d by more than its last digit (1 d); correct the declared figure or the map",
        "w.yaml:1:65: warning: declared `flow_efficiency` 12% differs from the computed flow "
        "efficiency 18.7 % by more than its last digit (1 percentage point); correct the "
        "declared figure or the map",
    ]


def test_a_zero_lead_time_cannot_confirm_a_declared_flow_efficiency():
    vsm = load_text("declared: {flow_efficiency: 10%}\nsteps:\n  - name: A\n")
    (warning,) = declared_warnings(vsm, vsm_draw.metrics(vsm), "z.yaml")
    assert str(warning).startswith("z.yaml:1:29: warning: declared `flow_efficiency` 10% "
                                   "cannot be checked")


def test_check_warns_on_stderr_and_exits_0(write_map):
    path = write_map(_map("lead_time: 30d", "20d", "4d"), "w.yaml")
    good = write_map(_map("lead_time: 24d", "20d", "4d"), "g.yaml")
    result = CliRunner().invoke(main, ["check", str(path), str(good)])
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == (
        f"{path}:1:23: warning: declared `lead_time` 30d differs from the computed lead time "
        "24 d by more than its last digit (1 d); correct the declared figure or the map\n")


def test_check_still_fails_on_errors_next_to_warnings(write_map):
    warned = write_map(_map("lead_time: 30d", "20d", "4d"), "w.yaml")
    broken = write_map("steps:\n  - name: A\n    flow: pul\n", "b.yaml")
    result = subprocess.run([sys.executable, "-m", "vsm_draw.cli", "check", str(warned),
                             str(broken)], capture_output=True, text=True)
    assert result.returncode == 1 and result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"{warned}:1:23: warning: declared `lead_time` 30d")
    assert lines[1] == f"{broken}:3:11: `flow` must be push, fifo or pull, not 'pul'; did you " \
                       "mean `pull`?"


@pytest.mark.parametrize("figure", ["5e-324", "1e-99999999", "1e-300", "0.0000000000000000000001"])
@pytest.mark.parametrize("command", [["check"], ["metrics"], ["report", "-o", "{out}"]])
def test_a_declared_figure_of_a_last_digit_finer_than_any_float_is_checked(
        write_map, tmp_path, figure, command):
    """5e-324's last digit is worth 10^-324, 0.0 as a float: log10 of it was a traceback in
    check, metrics and report; 1e-300 printed a warning of 300 zeros. The finest last digit
    taken is 10^-12."""
    path = write_map(_map(f"lead_time: {figure}, process_time: {figure}, "
                          f"flow_efficiency: {figure}", "1d", "2h"), "w.yaml")
    args = [command[0], str(path), *(a.format(out=tmp_path / "r.html") for a in command[1:])]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, (result.output, result.exception)
    lines = result.stderr.splitlines()
    assert all(len(line) < 400 for line in lines), lines
    if command == ["check"]:
        assert len(lines) == 3 and "(0.000000000001 d)" in lines[0], lines
        assert "(0.0000000001 percentage points)" in lines[2], lines
    assert percent_resolution(figure) == pytest.approx(1e-12)
