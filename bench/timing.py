"""What every benchmark shares: the repo root on the path and timing a fresh process."""
from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_MAP = ROOT / "examples" / "software-delivery.vsm.yaml"


def _cpu_seconds() -> float:
    """CPU time (user + system) of the finished child processes so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def best_of(runs: int, argv: list[str], clock=time.perf_counter) -> float:
    """The fastest of ``runs`` wall-clock times of a fresh process (after one warm-up);
    with ``clock=_cpu_seconds`` its CPU times (see :func:`best_cpu_of`)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    subprocess.run(argv, check=True, env=env, capture_output=True)
    times = []
    for _ in range(runs):
        start = clock()
        subprocess.run(argv, check=True, env=env, capture_output=True)
        times.append(clock() - start)
    return min(times)


def best_cpu_of(runs: int, argv: list[str]) -> float:
    """The smallest CPU time (user + system) of ``runs`` fresh processes (after one warm-up).

    Unlike wall-clock time it hardly moves when other work loads the machine, so a ratio of
    two of them stays comparable on a busy machine.
    """
    return best_of(runs, argv, clock=_cpu_seconds)


def instructions(argv: list[str]) -> float | None:
    """The instructions (valgrind's callgrind, total Ir) a fresh process runs, or None
    without valgrind. Steady to a fraction of a percent however loaded the machine is;
    a run takes some 50 times as long as the process."""
    if shutil.which("valgrind") is None:
        return None
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "callgrind.out")
        subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", *argv],
                       check=True, env=env, capture_output=True)
        with open(out, encoding="utf-8") as profile:
            for line in profile:
                if line.startswith(("summary:", "totals:")):
                    return float(line.split()[1])
    return None
