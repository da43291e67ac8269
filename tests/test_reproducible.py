"""Same map, same bytes: PDFs carry no wall-clock time, whatever the time zone."""
from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from .conftest import ROOT

MAP = "title: Undated\nsteps:\n  - name: A\n    wait_time: 2d\n  - name: B\n    wait_time: 1d\n"


def _run(tmp_path, env_extra: dict[str, str], args: list[str], out: str) -> bytes:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TZ": "Europe/Berlin", **env_extra}
    env.pop("SOURCE_DATE_EPOCH", None) if "SOURCE_DATE_EPOCH" not in env_extra else None
    done = subprocess.run([sys.executable, "-m", "vsm_draw.cli", *args], cwd=tmp_path, env=env,
                          capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr.decode()
    assert b"Traceback" not in done.stderr
    return (tmp_path / out).read_bytes()


EPOCH = {"SOURCE_DATE_EPOCH": "1790000000"}


@pytest.mark.parametrize("epoch, args, out", [
    ({}, ["render", "a.vsm.yaml", "-o", "x.pdf"], "x.pdf"),
    (EPOCH, ["render", "a.vsm.yaml", "-o", "x.pdf"], "x.pdf"),
    (EPOCH, ["compare", "a.vsm.yaml", "b.vsm.yaml", "-o", "x.pdf"], "x.pdf"),
    ({}, ["build", "maps", "-o", "site", "--format", "pdf", "--force", "-j", "1"], "site/a.pdf"),
])
def test_pdfs_in_berlin_are_the_same_bytes_on_every_run(tmp_path, epoch, args, out):
    for folder in (tmp_path, tmp_path / "maps"):
        folder.mkdir(exist_ok=True)
        (folder / "a.vsm.yaml").write_text(MAP, encoding="utf-8")
    (tmp_path / "b.vsm.yaml").write_text(MAP.replace("2d", "3d"), encoding="utf-8")
    first = _run(tmp_path, epoch, args, out)
    time.sleep(1.1)  # a clock-based date would change
    assert _run(tmp_path, epoch, args, out) == first
    # UTC, in the form cairo writes it: the epoch's date, else 1970 (the map has none).
    stamp = b"20260921141320Z" if epoch else b"19700101000000Z"
    assert b"/CreationDate (D:" + stamp + b")" in first


@pytest.mark.parametrize("epoch", ["0", "17 "])
@pytest.mark.parametrize("args, out", [
    (["render", "a.vsm.yaml", "-o", "x.pdf"], "x.pdf"),
    (["report", "a.vsm.yaml", "-o", "r.pdf"], "r.pdf"),
])
def test_a_first_run_with_a_valid_epoch_prints_nothing(tmp_path, epoch, args, out):
    """On a fresh machine Fontconfig writes its cache and reads SOURCE_DATE_EPOCH for its date:
    a valid 0 made it print 'Fontconfig: SOURCE_DATE_EPOCH: strtoull: No such file or
    directory: 0' two dozen times (it tests a stale errno), ' 17' 'has trailing garbage'.
    Graphviz and the PDF child run without it; the PDF's date is ours all the same."""
    (tmp_path / "a.vsm.yaml").write_text(MAP, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SOURCE_DATE_EPOCH": epoch,
           "XDG_CACHE_HOME": str(tmp_path / "cache")}  # no cache yet: Fontconfig writes one
    done = subprocess.run([sys.executable, "-m", "vsm_draw.cli", *args], cwd=tmp_path, env=env,
                          capture_output=True, timeout=120)
    assert done.returncode == 0 and done.stderr == b"", done.stderr.decode()[:300]
    assert (tmp_path / "cache" / "vsm-draw").is_dir()  # the cache was written in this run
    if out == "x.pdf":  # cairo's date, replaced by the epoch's
        stamp = b"19700101000000Z" if epoch == "0" else b"19700101000017Z"
        assert b"/CreationDate (D:" + stamp + b")" in (tmp_path / out).read_bytes()
