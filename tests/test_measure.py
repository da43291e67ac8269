"""`vsm-draw measure`: a tracker history measured into a map, exactly as SPEC section 5 says.

The tiny history below is worked out by hand (times in hours); a generated history is
checked against an independent reference written here in plain Python.
"""
from __future__ import annotations

import datetime as dt
import html
import json
import random
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings, strategies as st

from vsm_draw.cli import main
from vsm_draw.loader import load_file, load_text
from vsm_draw.measure import Columns, Source, measure, parse_columns
from vsm_draw.measure_sql import PER_ITEM_FIXED

SKELETON = """\
# Tiny flow: a skeleton for measure
title: Tiny flow
unit: hours
end_statuses: [Done]
steps:
  - name: Build        # the developers
    wait_statuses: [Ready]
    active_statuses: [Doing]
  - name: Review
    wait_time: 3d      # a guess, replaced by the measured wait
    wait_statuses: [To review]
    active_statuses: [Reviewing]
"""

# (item, status, at) in time order per item; shuffled below. Hand-computed, hours:
#   A  mixed offsets         Build w2 p3, Review w2 p1, lead 8
#   B  blocked, rework, reopen: Build w1 p5, Review w3 p4, Blocked 4, Done 24, lead 41
#   C  tie at start (Ready then Doing at one instant): Build w0 p6, no Review, lead 6
#   D  never done: in progress
#   E  tie at end (To review then Done): Build w10 p14, Review w0 p0 (visited), lead 24
#   F  a status after its end does not count: Build w2 p3, lead 5
HISTORY = [
    ("A", "Ready", "2026-03-02T00:00:00Z"),
    ("A", "Doing", "2026-03-02T04:00:00+02:00"),
    ("A", "To review", "2026-03-02T05:00:00Z"),
    ("A", "Reviewing", "2026-03-02T03:00:00-04:00"),
    ("A", "Done", "2026-03-02T08:00:00Z"),
    ("B", "Ready", "2026-03-03 00:00:00"),
    ("B", "Doing", "2026-03-03 01:00:00"),
    ("B", "Blocked", "2026-03-03 03:00:00"),
    ("B", "Doing", "2026-03-03 07:00:00"),
    ("B", "To review", "2026-03-03 08:00:00"),
    ("B", "Reviewing", "2026-03-03 10:00:00"),
    ("B", "Doing", "2026-03-03 11:00:00"),
    ("B", "To review", "2026-03-03 13:00:00"),
    ("B", "Reviewing", "2026-03-03 14:00:00"),
    ("B", "Done", "2026-03-03 15:00:00"),
    ("B", "Reviewing", "2026-03-04T15:00:00Z"),
    ("B", "Done", "2026-03-04T17:00:00Z"),
    ("C", "Ready", "2026-04-01T00:00:00Z"),
    ("C", "Doing", "2026-04-01T02:00:00+02:00"),
    ("C", "Done", "2026-04-01T06:00:00Z"),
    ("D", "Ready", "2026-03-05"),
    ("D", "Doing", "2026-03-06"),
    ("E", "Ready", "2026-04-10T00:00:00Z"),
    ("E", "Doing", "2026-04-10T10:00:00Z"),
    ("E", "To review", "2026-04-11T00:00:00Z"),
    ("E", "Done", "2026-04-11T00:00:00Z"),
    ("F", "Ready", "2026-04-20T00:00:00Z"),
    ("F", "Doing", "2026-04-20T02:00:00Z"),
    ("F", "Done", "2026-04-20T05:00:00Z"),
    ("F", "Archived", "2026-04-25T00:00:00Z"),
]
TIES = [(17, 18), (24, 25)]  # rows that must keep their input order


def shuffled(rows=HISTORY, seed=3):
    rows = list(rows)
    order = list(range(len(rows)))
    random.Random(seed).shuffle(order)
    for first, second in TIES:  # ties are ordered by input: keep those two in order
        i, j = order.index(first), order.index(second)
        if i > j:
            order[i], order[j] = order[j], order[i]
    return [rows[k] for k in order]


def write_csv(path: Path, rows, header=("item", "status", "at")) -> Path:
    import csv

    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def write_jsonl(path: Path, rows, keys=("item", "status", "at")) -> Path:
    with open(path, "w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(dict(zip(keys, row))) + "\n")
    return path


def write_parquet(path: Path, csv_path: Path) -> Path:
    import duckdb

    con = duckdb.connect()
    con.execute(f"COPY (SELECT * FROM read_csv('{csv_path}', all_varchar = true)) "
                f"TO '{path}' (FORMAT parquet)")
    con.close()
    return path


@pytest.fixture
def tiny(tmp_path: Path):
    skeleton = tmp_path / "skeleton.vsm.yaml"
    skeleton.write_text(SKELETON, encoding="utf-8")
    events = write_csv(tmp_path / "history.csv", shuffled())
    return skeleton, events


def run_measure(skeleton: Path, events: Path, **options):
    vsm = load_file(skeleton)
    return measure([Source(str(events), str(events), "csv")], vsm, **options)


H = 3600.0

# statistic -> step id -> (wait, process) in hours, all items (A B C E F)
ALL = {
    "median": {"build": (2, 5), "review": (0, 0)},
    "mean": {"build": (3, 6.2), "review": (1, 1)},
    "p85": {"build": (5.2, 9.2), "review": (2.4, 2.2)},
}
# items that ended in April (C E F)
APRIL = {
    "median": {"build": (2, 6), "review": (0, 0)},
    "mean": {"build": (4, 23 / 3), "review": (0, 0)},
    "p85": {"build": (7.6, 11.6), "review": (0, 0)},
}


@pytest.mark.parametrize("statistic", ["median", "mean", "p85"])
def test_hand_computed_figures_for_all_items(tiny, statistic):
    skeleton, events = tiny
    m = run_measure(skeleton, events, statistic=statistic)
    (p,) = m.periods
    assert (p.items, p.in_progress, p.rework) == (5, 1, 1)
    for s in p.steps:
        wait, process = ALL[statistic][s.id]
        assert s.wait / H == pytest.approx(wait), s.id
        assert s.process / H == pytest.approx(process), s.id
    assert (p.lead_time_p50 / H, p.lead_time_p85 / H, p.lead_time_mean / H) == \
        pytest.approx((8, 30.8, 16.8))
    assert [s.visited for s in p.steps] == pytest.approx([1.0, 0.6])
    assert [x / H for s in p.steps for x in (s.wait_p50, s.wait_p85)] == \
        pytest.approx([2, 5.2, 0, 2.4])
    assert [(u.status, u.items) for u in p.unmapped] == [("Done", 1), ("Blocked", 1)]
    assert [u.share for u in p.unmapped] == pytest.approx([24 / 84, 4 / 84])
    assert m.unknown_statuses == (("Archived", 1), ("Blocked", 1))  # most rows first, then A-Z
    assert (m.rows, m.item_count) == (len(HISTORY), 6)
    assert sum(p.histogram) == 5


@pytest.mark.parametrize("statistic", ["median", "mean", "p85"])
def test_hand_computed_figures_for_a_window(tiny, statistic):
    skeleton, events = tiny
    m = run_measure(skeleton, events, statistic=statistic, since=dt.date(2026, 4, 1),
                    until=dt.date(2026, 5, 1))
    (p,) = m.periods
    assert (p.items, p.in_progress, p.rework) == (3, 1, 0)
    for s in p.steps:
        wait, process = APRIL[statistic][s.id]
        assert (s.wait / H, s.process / H) == pytest.approx((wait, process)), s.id
    assert (p.lead_time_p50 / H, p.lead_time_p85 / H) == pytest.approx((6, 18.6))
    assert p.unmapped == ()


def test_ties_follow_the_input_order(tmp_path: Path):
    skeleton = tmp_path / "s.vsm.yaml"
    skeleton.write_text(SKELETON, encoding="utf-8")
    rows = [r for r in HISTORY if r[0] == "C"]
    forward = run_measure(skeleton, write_csv(tmp_path / "f.csv", rows))
    backward = run_measure(skeleton, write_csv(tmp_path / "b.csv", [rows[1], rows[0], rows[2]]))
    assert (forward.periods[0].steps[0].wait, forward.periods[0].steps[0].process) == (0, 6 * H)
    assert (backward.periods[0].steps[0].wait, backward.periods[0].steps[0].process) == (6 * H, 0)


def test_the_measured_map_keeps_the_skeleton_and_loads(tiny, tmp_path: Path):
    skeleton, events = tiny
    out = tmp_path / "measured.vsm.yaml"
    result = CliRunner().invoke(main, ["measure", str(events), "--map", str(skeleton),
                                       "-o", str(out), "--statistic", "p85"])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Tiny flow: a skeleton for measure\n")
    assert "  - name: Build        # the developers\n    wait_time: 5.2\n    process_time: 9.2\n" \
        in text
    assert "    wait_time: 2.4      # a guess, replaced by the measured wait\n" in text
    vsm = load_text(text, "m.yaml")
    assert [s.wait_time / H for s in vsm.steps] == pytest.approx([5.2, 2.4])
    assert vsm.measured.items == 5 and vsm.measured.statistic == "p85"
    assert vsm.measured.step("review").visited == pytest.approx(0.6)
    assert "Archived (1 row, 3.3 %), Blocked (1 row, 3.3 %)" in result.stderr
    again = CliRunner().invoke(main, ["measure", str(events), "--map", str(skeleton),
                                      "-o", str(tmp_path / "again.vsm.yaml"), "--statistic",
                                      "p85"])
    assert again.exit_code == 0
    assert (tmp_path / "again.vsm.yaml").read_text(encoding="utf-8") == text
    # measuring a measured map again replaces its record
    twice = CliRunner().invoke(main, ["measure", str(events), "--map", str(out), "-o",
                                      str(tmp_path / "twice.vsm.yaml"), "--statistic", "p85"])
    assert twice.exit_code == 0
    assert (tmp_path / "twice.vsm.yaml").read_text(encoding="utf-8") == text


def test_csv_jsonl_parquet_and_stdin_give_the_same_map(tiny, tmp_path: Path):
    skeleton, events = tiny
    jsonl = write_jsonl(tmp_path / "history.jsonl", shuffled())
    parquet = write_parquet(tmp_path / "history.parquet", events)
    texts = []
    for source in (events, jsonl, parquet, "-"):
        out = tmp_path / f"out-{len(texts)}.vsm.yaml"
        stdin = events.read_bytes() if source == "-" else None
        result = CliRunner().invoke(main, ["measure", str(source), "--map", str(skeleton),
                                           "-o", str(out)], input=stdin)
        assert result.exit_code == 0, result.output
        texts.append(out.read_text(encoding="utf-8").split("  sources:")[0])
    assert texts[1:] == texts[:1] * 3


def test_several_files_and_other_column_names(tiny, tmp_path: Path):
    skeleton, _ = tiny
    rows = shuffled()
    header = ("Issue key", "To", "Created")
    one = write_csv(tmp_path / "one.csv", rows[:12], header)
    two = write_csv(tmp_path / "two.csv", rows[12:], header)
    vsm = load_file(skeleton)
    cols = parse_columns("item=Issue key,status=To,at=Created")
    m = measure([Source(str(p), str(p), "csv") for p in (one, two)], vsm, columns=cols)
    assert m.periods[0].steps[0].process / H == pytest.approx(5)
    assert cols == Columns("Issue key", "To", "Created")
    with pytest.raises(ValueError):
        parse_columns("key=Issue key")


@pytest.mark.parametrize("text, words", [
    ("item=at", "the column 'at' is named for both item and at"),  # at is at by default
    ("item=Created,at=Created", "'Created' is named for both item and at"),
    ("status=item", "'item' is named for both item and status"),
    ("item=a,item=b", "item is given twice"),
    ("x" * 5000, "cannot read 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…'"),
])
def test_columns_that_name_one_column_twice_are_refused(text, words):
    """`--columns item=at` measured items keyed by their timestamps, and said nothing."""
    with pytest.raises(ValueError) as info:
        parse_columns(text)
    assert words in str(info.value)


def test_a_working_calendar_counts_the_working_share_of_elapsed_time(tmp_path: Path):
    # 8 h days, 5-day weeks: the working share of elapsed time is 8/24 x 5/7, so a week of
    # waiting is 5 working days (not 7, nor the 21 that 168 h read as 8 h days would give).
    skeleton = tmp_path / "s.vsm.yaml"
    skeleton.write_text(SKELETON.replace("unit: hours\n", "unit: days\ncalendar: "
                                         "{hours_per_day: 8, days_per_week: 5}\n"),
                        encoding="utf-8")
    events = write_csv(tmp_path / "h.csv", [("A", "Ready", "2026-03-02"),
                                            ("A", "Doing", "2026-03-09"),
                                            ("A", "Done", "2026-03-09T12:00:00Z")])
    out = tmp_path / "m.vsm.yaml"
    result = CliRunner().invoke(main, ["measure", str(events), "--map", str(skeleton),
                                       "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "counted at its working share, 23.8%" in result.stderr
    vsm = load_file(out)
    build = vsm.steps[0]
    assert build.wait_time == pytest.approx(5 * 8 * H)  # 5 working days of 8 h
    assert build.process_time == pytest.approx(12 * H * 8 / 24 * 5 / 7)
    assert vsm.measured.lead_time_p50 == pytest.approx(7.5 * 24 * H * 8 / 24 * 5 / 7)


def test_by_quarter_writes_dated_maps_that_compare(tiny, tmp_path: Path):
    skeleton, events = tiny
    pattern = str(tmp_path / "maps" / "{period}.vsm.yaml")
    (tmp_path / "maps").mkdir()
    result = CliRunner().invoke(main, ["measure", str(events), "--map", str(skeleton),
                                       "--by", "quarter", "-o", pattern])
    assert result.exit_code == 0, result.output
    q1, q2 = sorted((tmp_path / "maps").iterdir())
    assert (q1.name, q2.name) == ("2026-Q1.vsm.yaml", "2026-Q2.vsm.yaml")
    first, second = load_file(q1), load_file(q2)
    assert (first.date, second.date) == (dt.date(2026, 3, 31), dt.date(2026, 6, 30))
    assert first.measured.period == "2026-Q1" and first.measured.items == 2
    assert first.measured.until == dt.date(2026, 4, 1)
    assert first.steps[0].process_time / H == pytest.approx(4)  # A 3 h, B 5 h
    compared = CliRunner().invoke(main, ["compare", str(q1), str(q2), "--json"])
    assert compared.exit_code == 0, compared.output
    data = json.loads(compared.output)
    assert [m["date"] for m in data["maps"]] == ["2026-03-31", "2026-06-30"]
    assert data["steps"][0]["process_time"] == pytest.approx([4, 6])


def _events_table(events: Path):
    """A DuckDB connection holding the history ``events`` as the table events(item, status,
    t, seq) the printed SQL reads."""
    import duckdb

    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    con.execute(f"CREATE TABLE events AS SELECT item, status, epoch_us(CAST(\"at\" AS "
                f"TIMESTAMPTZ)) AS t, ROW_NUMBER() OVER () AS seq FROM read_csv('{events}', "
                "all_varchar = true)")
    return con


def test_show_sql_and_per_item_give_the_same_map(tiny, tmp_path: Path):
    """The warehouse path: the printed SQL run elsewhere (here: DuckDB on a table named
    events) and its result fed back with --per-item."""
    skeleton, events = tiny
    sql = CliRunner().invoke(main, ["measure", "--show-sql", "--map", str(skeleton)])
    assert sql.exit_code == 0 and "LEAD(e.t) OVER" in sql.output
    con = _events_table(events)
    per_item = tmp_path / "per_item.csv"
    con.execute(f"COPY ({sql.output.strip().rstrip(';')}) TO '{per_item}' (HEADER)")
    outs = []
    for args in (["--per-item", str(per_item)], [str(events)]):
        out = tmp_path / f"m{len(outs)}.vsm.yaml"
        result = CliRunner().invoke(main, ["measure", *args, "--map", str(skeleton), "-o",
                                           str(out), "--statistic", "mean"])
        assert result.exit_code == 0, result.output
        outs.append(load_file(out))
    assert [s.wait_time for s in outs[0].steps] == [s.wait_time for s in outs[1].steps]
    assert [s.process_time for s in outs[0].steps] == [s.process_time for s in outs[1].steps]
    assert outs[0].measured.items == outs[1].measured.items == 5
    assert outs[0].measured.unmapped[0].share == pytest.approx(28 / 84)


def test_show_sql_writes_a_status_with_a_quote_or_backslash_for_each_dialect(tmp_path: Path):
    """BigQuery, Spark SQL and Snowflake take a backslash in a string literal as an escape
    (and Spark reads 'It''s' as 'Its'): one standard SQL text for every engine matched a
    status such as `QA's \\queue` there to nothing. Each --dialect's literals, read as that
    engine reads them (DuckDB's E'...' takes backslash escapes as they do), give the
    statuses back and the same per-item rows."""
    status = "QA's \\queue\tnow"
    skeleton = tmp_path / "skeleton.vsm.yaml"
    skeleton.write_text(SKELETON.replace("[To review]", json.dumps([status])),
                        encoding="utf-8")
    events = write_csv(tmp_path / "history.csv",
                       [(i, status if s == "To review" else s, at) for i, s, at in HISTORY])
    con = _events_table(events)
    literal = re.compile(r"'(?:[^'\\]|\\.)*'")
    rows = {}
    for dialect in ("standard", "bigquery", "spark", "snowflake"):
        sql = CliRunner().invoke(main, ["measure", "--show-sql", "--dialect", dialect,
                                        "--map", str(skeleton)])
        assert sql.exit_code == 0, sql.output
        if dialect == "standard":
            assert "'QA''s \\queue\tnow'" in sql.output
            query = sql.output
        else:
            assert "'QA\\'s \\\\queue\\tnow'" in sql.output
            query = literal.sub(lambda m: "E" + m[0], sql.output)
        rows[dialect] = con.execute(query.strip().rstrip(";") + " ORDER BY item").fetchall()
    assert rows["standard"][0][:1] == ("A",)
    review_wait = rows["standard"][0][len(PER_ITEM_FIXED) + 3]
    assert review_wait == 2 * 3600 * 10**6  # A waited 2 h in the status
    assert rows["bigquery"] == rows["spark"] == rows["snowflake"] == rows["standard"]


def test_dialect_without_show_sql_is_a_usage_error(tiny):
    skeleton, events = tiny
    result = CliRunner().invoke(main, ["measure", str(events), "--map", str(skeleton),
                                       "--dialect", "spark", "--json"])
    assert result.exit_code == 2 and "--dialect is for --show-sql" in result.output


def test_dialect_choices_are_the_dialects_of_the_sql():
    from vsm_draw.measure_sql import DIALECTS

    option = next(p for p in main.commands["measure"].params if p.name == "dialect")
    assert tuple(option.type.choices) == tuple(DIALECTS)


# --- bad input: a clear message, exit 1, nothing written -----------------------------------

def _fails(args, tmp_path: Path, stdin=None):
    out = tmp_path / "out.vsm.yaml"
    out.write_text("untouched", encoding="utf-8")
    result = CliRunner().invoke(main, ["measure", *map(str, args), "-o", str(out)],
                                input=stdin)
    assert result.exit_code == 1, result.output
    assert out.read_text(encoding="utf-8") == "untouched"
    assert "Traceback" not in result.output
    return result.stderr


def test_missing_column_names_what_exists_and_the_option(tiny, tmp_path: Path):
    skeleton, _ = tiny
    bad = write_csv(tmp_path / "jira.csv", shuffled(), ("Issue key", "To", "Created"))
    err = _fails([bad, "--map", skeleton], tmp_path)
    assert err.startswith(f"{bad}:1:1: no column `item`")
    assert "the columns are: Issue key, To, Created" in err
    assert '--columns "item=Issue key,status=To,at=Created"' in err


def test_unreadable_timestamp_names_file_line_and_value(tiny, tmp_path: Path):
    skeleton, _ = tiny
    rows = list(HISTORY)
    rows[6] = ("B", "Doing", "3rd of March")
    bad = write_csv(tmp_path / "bad.csv", rows)
    assert _fails([bad, "--map", skeleton], tmp_path).startswith(
        f"{bad}:8:1: `at` '3rd of March' is not a timestamp")
    jsonl = write_jsonl(tmp_path / "bad.jsonl", rows)
    assert _fails([jsonl, "--map", skeleton], tmp_path).startswith(f"{jsonl}:7:1: `at` '3rd")


def test_basic_format_iso_timestamps_read_as_the_extended_ones(tmp_path: Path):
    skeleton = tmp_path / "s.vsm.yaml"
    skeleton.write_text(SKELETON, encoding="utf-8")
    rows = [r for r in HISTORY if r[0] in "AC"]
    basic = [(item, status, at[:10].replace("-", "") + at[10:].replace(":", "").replace(" ", "T"))
             for item, status, at in rows]
    # +02:00 → +0200 and -04:00 → -0400; seconds dropped on one row (HHMM is ISO too)
    basic[1] = (basic[1][0], basic[1][1], basic[1][2].replace("T040000", "T0400"))
    assert basic[0][2] == "20260302T000000Z" and basic[3][2] == "20260302T030000-0400"
    extended = run_measure(skeleton, write_csv(tmp_path / "e.csv", rows))
    measured = run_measure(skeleton, write_csv(tmp_path / "b.csv", basic))
    assert [(s.wait, s.process) for s in measured.periods[0].steps] == \
        [(s.wait, s.process) for s in extended.periods[0].steps]
    assert measured.periods[0].steps[0].process == 4.5 * H  # the median of A's 3 h and C's 6 h


def test_a_bad_json_line_is_named_where_it_is(tiny, tmp_path: Path):
    skeleton, _ = tiny
    good = [json.dumps(dict(zip(("item", "status", "at"), r))) for r in HISTORY[:4]]
    left_open = tmp_path / "open.jsonl"  # DuckDB gives up on the line after
    left_open.write_text("\n".join(good[:2] + ['{"item": "A", "status": "Doing", "at": '] +
                                   good[2:]) + "\n", encoding="utf-8")
    err = _fails([left_open, "--map", skeleton], tmp_path)
    assert err.startswith(f"{left_open}:3:40: not valid JSON (Expecting value); JSON Lines "
                          "holds one whole object a line")
    a_list = tmp_path / "list.jsonl"
    a_list.write_text("\n".join(good[:1] + ['["A", "Doing", "2026-03-02"]'] + good[1:]),
                      encoding="utf-8")
    err = _fails([a_list, "--map", skeleton], tmp_path)
    assert err.startswith(f"{a_list}:2:1: a JSON list where JSON Lines needs one object a line")


def test_a_row_with_a_field_too_many_is_named_not_a_missing_column(tiny, tmp_path: Path):
    skeleton, _ = tiny
    bad = tmp_path / "ragged.csv"
    bad.write_text("item,status,at\nA,Open,2026-03-01T00:00:00Z\n"
                   "A,Ready,2026-03-02T00:00:00,5Z\nA,Done,2026-03-04T00:00:00Z\n",
                   encoding="utf-8")
    err = _fails([bad, "--map", skeleton], tmp_path)
    assert err.startswith(f"{bad}:3:1: 4 fields where the header has 3 (item, status, at)")
    assert "no column" not in err


def test_a_status_in_two_steps_is_a_located_map_error(tiny, tmp_path: Path):
    _, events = tiny
    skeleton = tmp_path / "two.vsm.yaml"
    skeleton.write_text(SKELETON.replace("[To review]", "[To review, Doing]"), encoding="utf-8")
    err = _fails([events, "--map", skeleton], tmp_path)
    assert err.startswith(f"{skeleton}:11:32: the status 'Doing' is already claimed by step 1")


def test_no_item_ended_in_the_window_says_what_was_read(tiny, tmp_path: Path):
    skeleton, events = tiny
    err = _fails([events, "--map", skeleton, "--since", "2027-01-01"], tmp_path)
    assert "no item ended in the window" in err
    assert f"read {len(HISTORY)} rows of 6 items" in err and "Done (6 rows)" in err
    other = tmp_path / "other.vsm.yaml"
    other.write_text(SKELETON.replace("[Done]", "[Closed]"), encoding="utf-8")
    err = _fails([events, "--map", other], tmp_path)
    assert "none entered an end status (Closed)" in err and "Done (6)" in err


def test_strict_makes_unnamed_statuses_an_error(tiny, tmp_path: Path):
    skeleton, events = tiny
    err = _fails([events, "--map", skeleton, "--strict"], tmp_path)
    assert "statuses that no step names: Archived (1 row, 3.3 %), Blocked (1 row" in err


def test_unreadable_files_and_usage(tiny, tmp_path: Path):
    skeleton, events = tiny
    assert "no such file" in _fails([tmp_path / "nope.csv", "--map", skeleton], tmp_path)
    empty = tmp_path / "empty.jsonl"
    empty.write_text("not json\n", encoding="utf-8")
    assert f"{empty}:1:1: not valid JSON" in _fails([empty, "--map", skeleton], tmp_path)
    runner = CliRunner()
    for args in (["x.xlsx"], [str(events), "--by", "month"], [str(events), "--since",
                                                               "2026-05-01", "--until",
                                                               "2026-04-01"]):
        result = runner.invoke(main, ["measure", *args, "--map", str(skeleton), "-o",
                                      str(tmp_path / "x.vsm.yaml")])
        assert result.exit_code == 2, (args, result.output)


def test_measure_as_a_subprocess_prints_json(tiny):
    skeleton, events = tiny
    proc = subprocess.run([sys.executable, "-m", "vsm_draw.cli", "measure", str(events),
                           "--map", str(skeleton), "--json"], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["rows"] == len(HISTORY) and data["maps"][0]["items"] == 5
    assert data["maps"][0]["step_times"][0]["process_time"] == pytest.approx(5)


# --- a generated history against an independent reference ----------------------------------

def _quantile(values, q):
    values = sorted(values)
    h = (len(values) - 1) * q
    lo = int(h)
    hi = min(lo + 1, len(values) - 1)
    return values[lo] + (h - lo) * (values[hi] - values[lo])


def reference(rows, steps, end_statuses, since=None, until=None):
    """SPEC section 5 in plain Python: per step (wait, process) lists over measured items."""
    owner = {}
    for index, (waits, actives) in enumerate(steps):
        owner.update({s: (index, "wait") for s in waits})
        owner.update({s: (index, "active") for s in actives})
    by_item = {}
    for order, (item, status, at) in enumerate(rows):
        by_item.setdefault(item, []).append((_parse(at), order, status))
    measured = []
    for item, changes in by_item.items():
        changes.sort()
        ends = [i for i, c in enumerate(changes) if c[2] in end_statuses]
        if not ends:
            continue
        end = changes[ends[-1]][0]
        if (since and end < since) or (until and end >= until):
            continue
        wait = [0.0] * len(steps)
        work = [0.0] * len(steps)
        for (t, _, status), (t_next, _, _) in zip(changes[:ends[-1]], changes[1:ends[-1] + 1]):
            if status in owner:
                index, kind = owner[status]
                (wait if kind == "wait" else work)[index] += (t_next - t).total_seconds()
        measured.append((wait, work, (end - changes[0][0]).total_seconds()))
    return measured


def _parse(text: str) -> dt.datetime:
    value = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    return value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)


def generated_history(seed=11, items=400):
    rng = random.Random(seed)
    flow = [("Backlog", "Refining"), ("Ready", "Doing"), ("To review", "Reviewing"),
            ("To deploy", "Deploying")]
    rows = []
    start = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
    for n in range(items):
        t = start + dt.timedelta(minutes=rng.randrange(0, 60 * 24 * 170))
        item = f"PAY-{n}"
        stage = 0
        path = []
        while stage < len(flow):
            for status in flow[stage]:
                path.append(status)
            if rng.random() < 0.1:
                path.append("Blocked")
            if stage >= 2 and rng.random() < 0.15:
                stage = 1  # rework
            else:
                stage += 1 if rng.random() < 0.95 else 2  # a skipped step
        if rng.random() < 0.85:
            path.append("Done")
            if rng.random() < 0.1:
                path += ["Reviewing", "Done"]  # reopened
        for status in path:
            offset = dt.timezone(dt.timedelta(hours=rng.choice([-5, 0, 0, 2, 5.5])))
            stamp = t.astimezone(offset)
            text = stamp.isoformat() if rng.random() < 0.7 else \
                stamp.astimezone(dt.timezone.utc).strftime("%Y-%m-%d %H:%M:%S")
            rows.append((item, status, text))
            if rng.random() > 0.05:  # some changes at the same instant
                t += dt.timedelta(minutes=rng.randrange(1, 60 * 24 * 6))
    return rows


GENERATED_SKELETON = """\
title: Generated
unit: days
end_statuses: [Done]
steps:
  - {name: Refine, wait_statuses: [Backlog], active_statuses: [Refining]}
  - {name: Build, wait_statuses: [Ready], active_statuses: [Doing]}
  - {name: Review, wait_statuses: [To review], active_statuses: [Reviewing]}
  - {name: Deploy, wait_statuses: [To deploy], active_statuses: [Deploying]}
"""


@pytest.mark.parametrize("window", [None, (dt.date(2026, 3, 1), dt.date(2026, 5, 1))])
def test_generated_history_matches_the_reference(tmp_path: Path, window):
    rows = generated_history()
    rng = random.Random(5)
    # shuffle whole items' rows apart but keep each item's rows (and so its ties) in order
    items = {}
    for row in rows:
        items.setdefault(row[0], []).append(row)
    queues = list(items.values())
    shuffled_rows = []
    while queues:
        q = rng.choice(queues)
        shuffled_rows.append(q.pop(0))
        if not q:
            queues.remove(q)
    events = write_csv(tmp_path / "gen.csv", shuffled_rows)
    skeleton = tmp_path / "gen.vsm.yaml"
    skeleton.write_text(GENERATED_SKELETON, encoding="utf-8")
    steps = [(["Backlog"], ["Refining"]), (["Ready"], ["Doing"]),
             (["To review"], ["Reviewing"]), (["To deploy"], ["Deploying"])]
    since = until = None
    if window:
        since, until = (dt.datetime(d.year, d.month, d.day, tzinfo=dt.timezone.utc)
                        for d in window)
    expected = reference(shuffled_rows, steps, {"Done"}, since, until)
    assert len(expected) > 50
    for statistic in ("median", "mean", "p85"):
        kwargs = dict(since=window[0], until=window[1]) if window else {}
        m = run_measure(skeleton, events, statistic=statistic, **kwargs)
        (p,) = m.periods
        assert p.items == len(expected)
        pick = {"median": lambda v: _quantile(v, 0.5), "p85": lambda v: _quantile(v, 0.85),
                "mean": lambda v: sum(v) / len(v)}[statistic]
        for index, s in enumerate(p.steps):
            assert s.wait == pytest.approx(pick([e[0][index] for e in expected]), abs=1e-6)
            assert s.process == pytest.approx(pick([e[1][index] for e in expected]), abs=1e-6)
        assert p.lead_time_p85 == pytest.approx(_quantile([e[2] for e in expected], 0.85))


def test_the_example_history_is_what_its_generator_writes(tmp_path: Path):
    import runpy

    root = Path(__file__).resolve().parent.parent / "examples" / "tracker"
    generate = runpy.run_path(str(root / "generate.py"))
    generate["write"](600, 2026, tmp_path / "h.csv", tmp_path / "h.jsonl")
    assert (tmp_path / "h.csv").read_bytes() == (root / "history.csv").read_bytes()
    assert (tmp_path / "h.jsonl").read_bytes() == (root / "history.jsonl").read_bytes()


MEASURED_MAP = """\
title: Measured
unit: days
end_statuses: [Done]
steps:
  - name: Build
    wait_time: 2
    process_time: 3
    wait_statuses: [Ready]
    active_statuses: [Doing]
  - name: Review
    wait_time: 4
    process_time: 0.5
    wait_statuses: [To review]
    active_statuses: [Reviewing]
measured:
  sources: [history.csv]
  period: 2026-Q2
  since: 2026-04-01
  until: 2026-07-01
  statistic: p85
  items: 40
  in_progress: 7
  rework: 6
  lead_time: {p50: 8, p85: 12.5, mean: 9, histogram: {width: 2, counts: [1, 5, 12, 10, 7, 5]}}
  unmapped:
  - {status: "<b>Blocked</b>", share: 0.125, items: 9}
  steps:
  - {id: build, visited: 1, wait_p50: 1.5, wait_p85: 2, process_p50: 2, process_p85: 3}
  - {id: review, visited: 0.9, wait_p50: 2, wait_p85: 4, process_p50: 0.25, process_p85: 0.5}
"""


def test_the_report_says_what_was_measured():
    from vsm_draw.report import report_html

    vsm = load_text(MEASURED_MAP, "m.yaml")
    html = report_html(vsm, diagram="<svg></svg>").decode("utf-8")
    section = html.split('<section class="measured"', 1)[1].split("</section>", 1)[0]
    section = section.replace("\u00a0", " ")  # a figure's unit joined by a no-break space
    assert "Measured from 40 items that ended in 2026-Q2: 85th percentile per step; 7 still " \
        "in progress." in section
    assert "&lt;b&gt;Blocked&lt;/b&gt;</strong> <span class=\"share\">12.5 % of the lead time" \
        in section and "<b>Blocked" not in section
    assert "items (15 %) went back to an earlier step" in section
    assert section.count('<rect x=') - section.count("<rect x=\"0") >= 6  # one bar per bin
    assert "<td data-label=\"Wait, median – p85\">2–4 d</td>" in section
    assert "median 8 d" in section and "85th percentile 12.5 d" in section
    plain = report_html(load_text(MEASURED_MAP.split("measured:")[0], "p.yaml"),
                        diagram="<svg></svg>").decode("utf-8")
    assert '<section class="measured"' not in plain


def test_a_bad_measured_record_is_a_located_error():
    from vsm_draw.errors import VsmError

    text = MEASURED_MAP.replace("statistic: p85", "statistic: p99").replace("id: review",
                                                                            "id: reviw")
    with pytest.raises(VsmError) as caught:
        load_text(text, "m.yaml")
    messages = [str(p) for p in caught.value.problems]
    assert messages[0].startswith("m.yaml:20:14: `statistic` must be median, mean or p85, not")
    assert messages[1].startswith("m.yaml:29:10: `measured.steps` names the step id 'reviw'")


@pytest.mark.graphviz
def test_the_diagram_says_what_was_measured_and_each_spread():
    from vsm_draw.diagram import render_diagram
    from vsm_draw.metrics import metrics

    vsm = load_text(MEASURED_MAP, "m.yaml")
    svg = html.unescape(render_diagram(vsm, metrics(vsm), "svg").decode("utf-8"))
    assert "Measured from 40 items that ended in 2026-Q2: 85th percentile per step; 7 still in " \
        "progress" in svg
    assert svg.count(">p50–85<") == 4  # under each wait, and in each data box
    assert ">2–4 d<" in svg and ">6–12 h<" in svg  # the wait before Review, its process time
    plain = load_text(MEASURED_MAP.split("measured:")[0], "p.yaml")
    assert "p50–85" not in render_diagram(plain, metrics(plain), "svg").decode("utf-8")


# --- a property: any small history, measured, matches the reference --------------------------

_STATUSES = ["Ready", "Doing", "To review", "Reviewing", "Done", "Blocked"]


@st.composite
def histories(draw):
    rows = []
    for n in range(draw(st.integers(1, 6))):
        t = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
        for status in draw(st.lists(st.sampled_from(_STATUSES), min_size=1, max_size=7)):
            t += dt.timedelta(hours=draw(st.sampled_from([0, 1, 2, 5, 30])))
            rows.append((f"I{n}", status, t.isoformat()))
    return rows


@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=histories(), statistic=st.sampled_from(["median", "mean", "p85"]))
def test_any_history_matches_the_reference(tmp_path_factory, rows, statistic):
    folder = tmp_path_factory.mktemp("prop")
    skeleton = folder / "s.vsm.yaml"
    skeleton.write_text(SKELETON, encoding="utf-8")
    events = write_csv(folder / "h.csv", rows)
    expected = reference(rows, [(["Ready"], ["Doing"]), (["To review"], ["Reviewing"])],
                         {"Done"})
    if not expected:
        with pytest.raises(Exception, match="no item ended"):
            run_measure(skeleton, events, statistic=statistic)
        return
    (p,) = run_measure(skeleton, events, statistic=statistic).periods
    pick = {"median": lambda v: _quantile(v, 0.5), "p85": lambda v: _quantile(v, 0.85),
            "mean": lambda v: sum(v) / len(v)}[statistic]
    assert p.items == len(expected)
    for index, s in enumerate(p.steps):
        assert s.wait == pytest.approx(pick([e[0][index] for e in expected]), abs=1e-6)
        assert s.process == pytest.approx(pick([e[1][index] for e in expected]), abs=1e-6)
    assert p.lead_time_mean == pytest.approx(sum(e[2] for e in expected) / len(expected))
    if statistic == "mean":  # every second of the lead time is in one step or unmapped
        mapped = sum(s.wait + s.process for s in p.steps)
        unmapped = sum(u.share for u in p.unmapped) * p.lead_time_mean
        assert mapped + unmapped == pytest.approx(p.lead_time_mean, abs=1e-6)


def test_by_month_within_a_window_and_from_per_item(tiny, tmp_path: Path):
    skeleton, events = tiny
    vsm = load_file(skeleton)
    m = measure([Source(str(events), str(events), "csv")], vsm, by="month",
                since=dt.date(2026, 3, 3), until=dt.date(2026, 4, 15))
    assert [(p.period, p.since, p.until, p.items) for p in m.periods] == [
        ("2026-03", dt.date(2026, 3, 3), dt.date(2026, 4, 1), 1),   # B (A ended on 2 March)
        ("2026-04", dt.date(2026, 4, 1), dt.date(2026, 4, 15), 2)]  # C and E
    assert [p.date for p in m.periods] == [dt.date(2026, 3, 31), dt.date(2026, 4, 30)]


def test_only_measure_imports_duckdb(tiny):
    skeleton, events = tiny
    code = (
        "import sys\nfrom click.testing import CliRunner\nfrom vsm_draw.cli import main\n"
        f"for args in (['check', {str(skeleton)!r}], ['metrics', {str(skeleton)!r}],\n"
        f"             ['measure', '--show-sql', '--map', {str(skeleton)!r}]):\n"
        "    assert CliRunner().invoke(main, args).exit_code == 0\n"
        "assert 'duckdb' not in sys.modules\n"
        f"result = CliRunner().invoke(main, ['measure', {str(events)!r}, '--map', "
        f"{str(skeleton)!r}, '--json'])\n"
        "assert result.exit_code == 0 and 'duckdb' in sys.modules\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


def test_the_progress_bar_draws_in_place_and_clears():
    import io
    from contextlib import redirect_stderr

    from vsm_draw.cli import _progress_bar

    err = io.StringIO()
    with redirect_stderr(err):
        show = _progress_bar()
        show("reading the history", 50.0)
        show("ordering each item's changes", 0.0)
        show(None)
    lines = err.getvalue().split("\r")
    assert lines[1].startswith("[###############...............]  50% reading the history")
    assert "0s ordering each item's changes" in lines[2]
    assert lines[3] == "\x1b[K"
