"""Shared fixtures: the examples folder and a helper to write a map to a temp file."""
from __future__ import annotations

import os
import textwrap
import threading
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# No timed tests: a property holds however loaded the machine is, so Hypothesis's per-example
# deadline and its "too slow" check (both wall-clock) are off for every property test.
settings.register_profile("vsm", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("vsm")

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


@pytest.fixture
def write_map(tmp_path: Path):
    """Write dedented YAML (str) or raw bytes to a file and return its path."""

    def write(content: "str | bytes", name: str = "map.yaml") -> Path:
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content), encoding="utf-8")
        return path

    return write


@contextmanager
def waiting_fifo(path: Path, after: float = 8.0):
    """A named pipe at ``path``. Opening one for reading waits for a writer: a reader still
    waiting ``after`` seconds in is let go (a writer opens and closes it, the reader reads
    nothing) and the list this yields says so, so a test of "never hangs" fails, not hangs."""
    os.mkfifo(path)
    rescued: list[bool] = []
    done = threading.Event()

    def watch() -> None:
        while not done.wait(after if not rescued else 0.5):
            try:  # succeeds only while a reader waits in open()
                os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))
                rescued.append(True)
            except OSError:
                pass

    thread = threading.Thread(target=watch, daemon=True)
    thread.start()
    try:
        yield rescued
    finally:
        done.set()
        thread.join()
