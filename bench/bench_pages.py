"""Printing is linear in the map: the A4 report of 10, 50 and 200 steps, time and memory.

    python bench/bench_pages.py [--runs N]

Each slice of the map holds only its own steps, so a 50-step A4 report takes at most 3x
the time of a 10-step one, and the 200-step report stays under 500 MiB (the largest
process, parent or WeasyPrint's child, as GNU time's maximum resident set size). Prints
one line per map; exits 1 when a goal is missed.
"""
from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_render import big_map
from timing import ROOT

TIME_GOAL, MEMORY_GOAL_MIB = 3.0, 500


def run(map_path: Path, out: Path) -> tuple[float, float]:
    """Wall-clock seconds and the largest resident set (MiB) of one cold ``report -o x.pdf``."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    argv = [sys.executable, "-m", "vsm_draw.cli", "report", str(map_path), "-o", str(out)]
    start = time.perf_counter()
    done = subprocess.run(["/usr/bin/time", "-v", *argv], env=env, capture_output=True,
                          text=True, check=True)
    seconds = time.perf_counter() - start
    kib = re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)
    return seconds, (int(kib.group(1)) / 1024 if kib else float("nan"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()
    if not Path("/usr/bin/time").exists():
        print("GNU time (/usr/bin/time) is not installed: apt-get install time")
        return 1
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for steps in (10, 50, 200):
            path = Path(tmp) / f"map{steps}.vsm.yaml"
            path.write_text(big_map(steps), encoding="utf-8")
            runs = [run(path, Path(tmp) / "out.pdf") for _ in range(args.runs if steps < 200 else 1)]
            seconds = min(r[0] for r in runs)
            memory = max(r[1] for r in runs)
            results[steps] = (seconds, memory)
            print(f"report -o x.pdf, A4, {steps:3d} steps: {seconds:6.1f} s  {memory:6.0f} MiB",
                  flush=True)
    ratio = results[50][0] / results[10][0]
    ok_time = ratio <= TIME_GOAL
    ok_memory = results[200][1] < MEMORY_GOAL_MIB
    print(f"50 steps / 10 steps: {ratio:.2f}x (goal <= {TIME_GOAL}x) {'OK' if ok_time else 'SLOW'}")
    print(f"200 steps: {results[200][1]:.0f} MiB (goal < {MEMORY_GOAL_MIB} MiB) "
          f"{'OK' if ok_memory else 'TOO MUCH'}")
    return 0 if ok_time and ok_memory else 1


if __name__ == "__main__":
    sys.exit(main())
