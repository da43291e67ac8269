"""`vsm-draw measure` on a million status changes against DuckDB's own floor.

Goals (issue 14): under 5 s on this machine, at most 2x a bare Python process in which
DuckDB does the same read and the same per-item window query, and under 1 GiB of memory
(peak resident set, from /usr/bin/time -v). The history is the example tracker's
generator scaled up, written once into a cache folder.

    python bench/bench_measure.py                    # 1M rows, the goals checked
    python bench/bench_measure.py --rows 10000000    # 10M rows: streams, once, no goals
"""
from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from timing import ROOT, best_of

sys.path.insert(0, str(ROOT / "examples" / "tracker"))
import generate  # noqa: E402  (the example's generator, scaled up)

SKELETON = ROOT / "examples" / "tracker" / "skeleton.vsm.yaml"
COLUMNS = "item=Issue key,status=To,at=Created"
ROWS_PER_ITEM = 12.7  # what the generator gives on average

FLOOR = """
import sys, duckdb
sys.path.insert(0, {root!r})
from vsm_draw.loader import load_file
from vsm_draw.measure_sql import per_item_sql
sql = per_item_sql(load_file({skeleton!r}), events="events")
con = duckdb.connect()
con.execute("SET TimeZone = 'UTC'")
events = ('(SELECT "Issue key" AS item, "To" AS status, '
          'epoch_us(CAST("Created" AS TIMESTAMPTZ)) AS t, ROW_NUMBER() OVER () AS seq '
          "FROM read_csv({csv!r}, header = true, all_varchar = true))")
rows = con.execute(sql.replace("FROM events e", "FROM " + events + " e")).fetchall()
assert rows
"""


def history(rows: int) -> Path:
    folder = Path(tempfile.gettempdir()) / "vsm-draw-bench"
    folder.mkdir(exist_ok=True)
    path = folder / f"history-{rows}.csv"
    if not path.exists():
        start = time.perf_counter()
        items = int(rows / ROWS_PER_ITEM)
        partial = path.with_suffix(".part")
        written = generate.write(items, 7, partial, None)
        partial.rename(path)
        print(f"generated {written} rows of {items} items in "
              f"{time.perf_counter() - start:.0f} s: {path}")
    return path


def peak_memory(argv: list[str]) -> int:
    """Peak resident set size in bytes of one run (GNU time)."""
    result = subprocess.run(["/usr/bin/time", "-v", *argv], capture_output=True, text=True,
                            check=True)
    kb = re.search(r"Maximum resident set size \(kbytes\): (\d+)", result.stderr)
    return int(kb.group(1)) * 1024 if kb else 0


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    csv = history(args.rows)
    out = Path(tempfile.gettempdir()) / "vsm-draw-bench" / "measured.vsm.yaml"
    command = [sys.executable, "-m", "vsm_draw.cli", "measure", str(csv), "--map",
               str(SKELETON), "--columns", COLUMNS, "-o", str(out)]
    floor = [sys.executable, "-c", FLOOR.format(root=str(ROOT), skeleton=str(SKELETON),
                                                csv=str(csv))]
    runs = 1 if args.rows > 2_000_000 else args.runs
    ours = best_of(runs, command)
    memory = peak_memory(command)
    print(f"measure {csv.stat().st_size / 2**20:.0f} MiB CSV ({args.rows} rows): {ours:.2f} s, "
          f"peak memory {memory / 2**20:.0f} MiB")
    if args.rows > 2_000_000:
        return 0  # a streaming check, not a timed goal
    base = best_of(runs, floor)
    ratio = ours / base
    print(f"DuckDB floor (same read, same per-item query, bare process): {base:.2f} s; "
          f"ratio {ratio:.2f}x (goal 2x)")
    ok = ours < 5.0 and ratio <= 2.0 and memory < 2**30
    print("goals met" if ok else "GOAL MISSED: < 5 s, <= 2x DuckDB, < 1 GiB")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
