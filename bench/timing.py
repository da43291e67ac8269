"""What every benchmark shares: the repo root on the path and timing a fresh process."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_MAP = ROOT / "examples" / "software-delivery.vsm.yaml"


def best_of(runs: int, argv: list[str]) -> float:
    """The fastest of ``runs`` wall-clock times of a fresh process (after one warm-up)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    subprocess.run(argv, check=True, env=env, capture_output=True)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, check=True, env=env, capture_output=True)
        times.append(time.perf_counter() - start)
    return min(times)
