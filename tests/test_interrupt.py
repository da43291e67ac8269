"""Stopping a build: Ctrl-C stops it promptly and keeps the cache of what finished;
``kill -9`` leaves no worker or resource tracker behind. Output files keep their mode."""
from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from vsm_draw.build import build, manifest_name
from vsm_draw.cli import main

from .conftest import EXAMPLES, ROOT

MAPS = 40


def _tree(tmp_path: Path) -> Path:
    maps = tmp_path / "maps"
    maps.mkdir()
    for i in range(MAPS):
        (maps / f"m{i:02}.vsm.yaml").write_text(
            f"title: Map {i}\nsteps:\n  - name: A\n    wait_time: {i + 1}d\n"
            "  - name: B\n    wait_time: 1d\n    process_time: 2h\n", encoding="utf-8")
    return maps


def _start(tmp_path: Path, marker: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "CI": "1", "VSM_TEST_MARK": marker}
    return subprocess.Popen(
        [sys.executable, "-m", "vsm_draw.cli", "build", "maps", "-o", "out", "-f", "png",
         "-j", "2"], cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        start_new_session=True,
        # Ctrl-C as in a terminal, even when this test runs with SIGINT ignored (in the background)
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))


def _wait_for_rendered(process: subprocess.Popen, count: int) -> None:
    seen = 0
    while seen < count:
        line = process.stdout.readline()
        assert line, process.stderr.read().decode()
        seen += b" rendered " in line


def _marked(marker: str) -> list[int]:
    """The processes whose environment holds ``marker``: the build and its helpers."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            environ = (entry / "environ").read_bytes()
        except OSError:
            continue
        if f"VSM_TEST_MARK={marker}".encode() in environ.split(b"\0"):
            found.append(int(entry.name))
    return found


needs_proc = pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs /proc")


@needs_proc
def test_ctrl_c_stops_promptly_and_keeps_the_cache_of_what_finished(tmp_path):
    _tree(tmp_path)
    marker = uuid.uuid4().hex
    process = _start(tmp_path, marker)
    try:
        _wait_for_rendered(process, 2)
        os.killpg(process.pid, signal.SIGINT)  # what a terminal sends on Ctrl-C
        started = time.monotonic()
        process.wait(timeout=30)
        assert time.monotonic() - started < 5
        assert process.returncode == 130  # 128 + SIGINT, as the shell reports it
        cached = json.loads((tmp_path / "out" / manifest_name("png")).read_text())["outputs"]
        assert 2 <= len(cached) < MAPS
        assert all((tmp_path / "out" / name).is_file() for name in cached)
        assert not list((tmp_path / "out").glob(".*.tmp"))
        assert process.stderr.read().splitlines()[-1:] == [b"vsm-draw: interrupted"]
    finally:
        _reap(process, marker)


@needs_proc
def test_kill_9_leaves_no_worker_behind(tmp_path):
    _tree(tmp_path)
    marker = uuid.uuid4().hex
    process = _start(tmp_path, marker)
    try:
        _wait_for_rendered(process, 1)
        assert len(_marked(marker)) > 1  # the build, its workers and helpers
        process.kill()
        process.wait(timeout=10)
        assert _left(marker, 15) == []
    finally:
        _reap(process, marker)


_INTERRUPTED_LAUNCH = """\
import os, signal, sys
from multiprocessing import forkserver

read_signed = forkserver.read_signed


def interrupted(fd):  # SIGINT while the first worker starts: its pid not yet read back
    forkserver.read_signed = read_signed
    os.kill(os.getpid(), signal.SIGINT)
    return read_signed(fd)


if __name__ == "__main__":
    forkserver.read_signed = interrupted
    from vsm_draw.cli import main

    main(["build", "maps", "-o", "out", "-f", "png", "-j", "2"])
"""


@needs_proc
@pytest.mark.skipif(not hasattr(signal, "pthread_sigmask"), reason="blocks SIGINT")
def test_ctrl_c_while_a_worker_starts_leaves_no_worker_to_fail(tmp_path):
    """SIGINT to the build alone (kill -INT) as a worker was starting: the worker was no
    process of the pool yet, outlived the build and died with a traceback
    ('FileNotFoundError' from _multiprocessing.SemLock) when the build had removed the pool's
    semaphores. Ctrl-C now waits until the workers have started, and ends them all."""
    _tree(tmp_path)
    (tmp_path / "interrupted.py").write_text(_INTERRUPTED_LAUNCH, encoding="utf-8")
    marker = uuid.uuid4().hex
    env = {**os.environ, "PYTHONPATH": str(ROOT), "CI": "1", "VSM_TEST_MARK": marker}
    process = subprocess.Popen(
        [sys.executable, "interrupted.py"], cwd=tmp_path, env=env, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, start_new_session=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        out, err = process.communicate(timeout=60)  # till every process holding stderr ends
        assert process.returncode == 130, err.decode()
        assert err.splitlines() == [b"vsm-draw: interrupted"], err.decode()
        assert _left(marker, 10) == []
    finally:
        _reap(process, marker)


def _left(marker: str, seconds: float) -> list[int]:
    """The marked processes still running after up to ``seconds`` of waiting for them to go."""
    deadline = time.monotonic() + seconds
    while _marked(marker) and time.monotonic() < deadline:
        time.sleep(0.2)
    return _marked(marker)


def _reap(process: subprocess.Popen, marker: str) -> None:
    """Leave nothing running, whatever the test saw."""
    if process.poll() is None:
        process.kill()
        process.wait()
    for pid in _marked(marker):
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
    process.stdout.close()
    process.stderr.close()


def test_replacing_an_output_keeps_its_mode(tmp_path):
    out = tmp_path / "private.svg"
    out.write_text("old")
    out.chmod(0o600)
    result = CliRunner().invoke(main, ["render", str(EXAMPLES / "code-review-wait.vsm.yaml"),
                                       "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert out.read_bytes().startswith(b"<?xml")


def test_an_output_that_is_a_symlink_is_written_through_it(tmp_path):
    """As `>` does: the link stays a link, its target gets the picture (and keeps its mode)."""
    (tmp_path / "site").mkdir()
    target = tmp_path / "site" / "map.svg"
    target.write_text("old")
    target.chmod(0o640)
    link = tmp_path / "map.svg"
    link.symlink_to(Path("site") / "map.svg")
    result = CliRunner().invoke(main, ["render", str(EXAMPLES / "code-review-wait.vsm.yaml"),
                                       "-o", str(link)])
    assert result.exit_code == 0, result.output
    assert link.is_symlink()
    assert target.read_bytes().startswith(b"<?xml")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["map.svg", "map.svg", "site"]



def test_ctrl_c_ends_the_pools_manager_thread_before_the_build_returns(tmp_path, monkeypatch):
    """CI once printed a traceback after "Aborted!" (OSError: Bad file descriptor): at exit,
    concurrent.futures writes to each pool's wake-up pipe without a lock, while the pool's
    manager thread may still be closing that pipe. Ctrl-C now waits for that thread to end;
    here it is slow to end, as on a loaded machine."""
    from concurrent.futures import process

    managers = []
    run = process._ExecutorManagerThread.run

    def slow_run(self):
        managers.append(self)
        run(self)
        time.sleep(0.5)

    monkeypatch.setattr(process._ExecutorManagerThread, "run", slow_run)

    def ctrl_c(status, name, done, total):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        build([_tree(tmp_path)], tmp_path / "out", ["svg"], jobs=2, progress=ctrl_c)
    assert managers and [m for m in managers if m.is_alive()] == []


@pytest.mark.parametrize("args", [["metrics", str(EXAMPLES / "code-review-wait.vsm.yaml")],
                                  ["check", str(EXAMPLES / "code-review-wait.vsm.yaml")]])
def test_ctrl_c_in_any_command_exits_130_with_one_line(monkeypatch, args):
    """Click turned Ctrl-C into "Aborted!" and exit status 1, an invalid map's."""
    import vsm_draw.loader

    def ctrl_c(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(vsm_draw.loader, "load_file", ctrl_c)
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 130
    assert result.stderr == "vsm-draw: interrupted\n" and result.stdout == ""


def test_ctrl_c_while_the_arguments_are_read_exits_130(monkeypatch):
    def ctrl_c(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(click.Command, "parse_args", ctrl_c)
    result = CliRunner().invoke(main, ["metrics", "x.vsm.yaml"])
    assert (result.exit_code, result.stderr) == (130, "vsm-draw: interrupted\n")
