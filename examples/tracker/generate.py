"""A synthetic work tracker history for `vsm-draw measure`: fixed seed, same rows every run.

A payments team's stories move through refinement, build, code review, QA and release
over three quarters. The review queue shrinks quarter by quarter while the release train
starts to hold work up, so measuring by quarter shows the bottleneck moving. Some items
are blocked (an unmapped status), go back from review or QA to development (rework), are
reopened after Done, or are still open at the end; timestamps carry mixed UTC offsets.

    python examples/tracker/generate.py                      # the example's two files
    python examples/tracker/generate.py --items 100000 --csv big.csv   # about 1M rows
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import random
from pathlib import Path
from typing import Iterator

HERE = Path(__file__).resolve().parent
START = dt.datetime(2026, 1, 1, 8, tzinfo=dt.timezone.utc)
DAYS = 250  # items are created from January to early September
EXPORTED = dt.datetime(2026, 9, 30, 18, tzinfo=dt.timezone.utc)  # when the history was exported

#: (wait status, active status, mean wait in days per quarter, mean work in days)
FLOW = [
    ("Backlog", "Refinement", (3.0, 3.0, 2.5), 0.4),
    ("Selected for Development", "In Progress", (2.0, 2.0, 1.5), 2.5),
    ("Ready for Review", "In Review", (6.0, 2.5, 1.0), 0.3),
    ("Ready for QA", "In QA", (1.5, 1.5, 1.2), 0.8),
    ("Ready to Release", "Releasing", (2.0, 3.5, 3.0), 0.1),
]
OFFSETS = [dt.timezone.utc, dt.timezone(dt.timedelta(hours=2)),
           dt.timezone(dt.timedelta(hours=-5)), dt.timezone(dt.timedelta(hours=5, minutes=30))]


def _stamp(rng: random.Random, t: dt.datetime) -> str:
    """ISO 8601 with a UTC offset (most rows), a Z, or naive UTC (a few exports do that)."""
    roll = rng.random()
    if roll < 0.15:
        return t.strftime("%Y-%m-%d %H:%M:%S")
    if roll < 0.3:
        return t.strftime("%Y-%m-%dT%H:%M:%SZ")
    return t.astimezone(rng.choice(OFFSETS)).isoformat(timespec="seconds")


def _days(rng: random.Random, mean: float) -> dt.timedelta:
    # Right-skewed like real queues: most items are quick, a few wait very long.
    return dt.timedelta(days=rng.lognormvariate(0, 0.8) * mean / 1.377)


def history(items: int = 600, seed: int = 2026) -> Iterator[tuple[str, str, str, str]]:
    """Rows (item, from status, to status, when), item by item in time order."""
    rng = random.Random(seed)
    for n in range(1, items + 1):
        key = f"PAY-{n}"
        t = START + dt.timedelta(days=rng.random() * DAYS)
        quarter = min((t - START).days // 91, 2)
        path: list[tuple[str, dt.timedelta]] = []
        stage = 0
        while stage < len(FLOW):
            wait_status, active_status, waits, work = FLOW[stage]
            path.append((wait_status, _days(rng, waits[quarter])))
            path.append((active_status, _days(rng, work)))
            if stage == 1 and rng.random() < 0.12:
                path.append(("Blocked", _days(rng, 3.0)))
                path.append((active_status, _days(rng, work / 2)))
            if stage in (2, 3) and rng.random() < 0.12:
                stage = 1  # sent back to development: rework
                continue
            stage += 1
        if rng.random() < 0.05:  # reopened after Done: back to QA, then done again
            path += [("Done", _days(rng, 2.0)), ("In QA", _days(rng, 0.5))]
        path.append(("Done", dt.timedelta(0)))
        if rng.random() < 0.03:
            path = path[: rng.randrange(2, len(path) - 1)]  # abandoned half way
        previous = ""
        for status, lasts in path:
            if t > EXPORTED:
                break  # later changes have not happened yet
            yield key, previous, status, _stamp(rng, t)
            previous = status
            t += lasts


def write(items: int, seed: int, csv_path: Path | None, jsonl_path: Path | None) -> int:
    """Write the rows shuffled (exports rarely come sorted); CSV with Jira's column names,
    JSON Lines with vsm-draw's default ones. Returns the number of rows."""
    rows = list(history(items, seed))
    random.Random(seed + 1).shuffle(rows)
    if csv_path:
        with open(csv_path, "w", newline="", encoding="utf-8") as fh:
            out = csv.writer(fh)
            out.writerow(["Issue key", "From", "To", "Created"])
            out.writerows(rows)
    if jsonl_path:
        with open(jsonl_path, "w", encoding="utf-8") as fh:
            for key, _, status, at in rows:
                fh.write(json.dumps({"item": key, "status": status, "at": at}) + "\n")
    return len(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=600)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--csv", type=Path, default=HERE / "history.csv")
    parser.add_argument("--jsonl", type=Path, default=HERE / "history.jsonl")
    parser.add_argument("--no-jsonl", action="store_true", help="Write the CSV only.")
    args = parser.parse_args()
    rows = write(args.items, args.seed, args.csv, None if args.no_jsonl else args.jsonl)
    print(f"{rows} status changes of {args.items} items")


if __name__ == "__main__":
    main()
