"""Measuring a map from a work tracker's status history (SPEC section 5), with DuckDB.

``measure(sources, skeleton)`` reads the exports (CSV, JSON Lines, Parquet) into DuckDB
once, runs the portable per-item query of ``measure_sql`` on them and sums the items up
per step and per period; ``measure_per_item`` does the same from a per-item result that a
warehouse computed. Both return a frozen :class:`Measurement`; writing it as a map is
``measure_map``'s job. DuckDB is imported here only, so other commands never load it.
"""
from __future__ import annotations

import datetime as _dt
import math
import os
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Optional, Sequence

from .errors import Problem, VsmError, shorten
from .fields import STATISTICS
from .measure_sql import PER_ITEM_FIXED, per_item_select, spans_sql, step_columns
from .model import UnmappedStatus, ValueStreamMap

__all__ = ["Columns", "parse_columns", "Source", "StepFigures", "PeriodFigures",
           "Measurement", "MeasureError", "measure", "measure_per_item", "period_bounds",
           "source_format", "BY"]

BY = ("month", "quarter")
_US = 1_000_000
#: Tracker exports are often larger than memory: DuckDB spills to disk beyond this.
MEMORY_LIMIT = "600MB"
#: Above this many distinct unmapped statuses the warning lists the largest ones only.
_LISTED = 12


class MeasureError(VsmError):
    """Tracker history that cannot be measured; each problem at its file and line."""

    @classmethod
    def plain(cls, where: str, message: str) -> "MeasureError":
        return cls([Problem(where, 1, 1, message)])


@dataclass(frozen=True)
class Columns:
    """Which columns of the export hold the item's key, the status entered and when."""

    item: str = "item"
    status: str = "status"
    at: str = "at"

    def option(self) -> str:
        return f'--columns "item={self.item},status={self.status},at={self.at}"'


def parse_columns(text: Optional[str]) -> Columns:
    """``item=Issue key,status=To,at=Created`` (any of the three) as :class:`Columns`."""
    if not text:
        return Columns()
    given: dict[str, str] = {}
    for part in text.split(","):
        key, sep, value = part.partition("=")
        key = key.strip()
        if not sep or key not in ("item", "status", "at") or not value.strip():
            raise ValueError(f"cannot read {shorten(part.strip())!r}; write item=COLUMN,"
                             "status=COLUMN,at=COLUMN (any of the three), such as "
                             "\"item=Issue key,status=To,at=Created\"")
        if key in given:
            raise ValueError(f"{key} is given twice; give each of item, status and at once")
        given[key] = value.strip()
    columns = Columns(**given)
    roles = {"item": columns.item, "status": columns.status, "at": columns.at}
    for role, column in roles.items():  # 'item=at' measured items keyed by their timestamps
        other = next((r for r, c in roles.items() if c == column and r != role), None)
        if other:
            raise ValueError(f"the column {shorten(column)!r} is named for both {role} and "
                             f"{other}; each needs a column of its own")
    return columns


@dataclass(frozen=True)
class Source:
    """One export: a path, or '-' (CSV from standard input, spooled to ``path``)."""

    name: str
    path: str
    format: str  # csv | json | parquet


def source_format(name: str) -> Optional[str]:
    lowered = name.lower()
    for suffixes, fmt in (((".csv", ".tsv", ".txt"), "csv"), ((".jsonl", ".ndjson"), "json"),
                          ((".parquet", ".pq"), "parquet")):
        if lowered.endswith(suffixes) or lowered.endswith(tuple(s + ".gz" for s in suffixes)):
            return fmt
    return "csv" if name == "-" else None


@dataclass(frozen=True)
class StepFigures:
    """One step measured: the statistic's wait and process time and their spread (seconds)."""

    id: str
    name: str
    wait: float
    process: float
    visited: float
    wait_p50: float
    wait_p85: float
    process_p50: float
    process_p85: float


@dataclass(frozen=True)
class PeriodFigures:
    """The figures of one map: all measured items, or those of one period (``--by``)."""

    period: Optional[str]
    since: Optional[_dt.date]
    until: Optional[_dt.date]
    items: int
    in_progress: int
    rework: int
    lead_time_p50: float
    lead_time_p85: float
    lead_time_mean: float
    histogram_width: float
    histogram: tuple[int, ...]
    unmapped: tuple[UnmappedStatus, ...]
    steps: tuple[StepFigures, ...]

    @property
    def date(self) -> Optional[_dt.date]:
        """The day the map is dated: the period's last day (the window's, without --by)."""
        end = period_bounds(self.period)[1] if self.period else self.until
        return end - _dt.timedelta(days=1) if end else None


@dataclass(frozen=True)
class Measurement:
    """Everything ``measure`` found: what was read and one :class:`PeriodFigures` per map."""

    statistic: str
    sources: tuple[str, ...]
    rows: int
    item_count: int
    #: Statuses in the data that no step and no end status names: (status, rows), most first.
    unknown_statuses: tuple[tuple[str, int], ...]
    periods: tuple[PeriodFigures, ...]


# --- periods ------------------------------------------------------------------------------

def period_bounds(label: str) -> tuple[_dt.date, _dt.date]:
    """'2026-Q2' -> (2026-04-01, 2026-07-01); '2026-05' -> (2026-05-01, 2026-06-01)."""
    year, part = label.split("-")
    if part.startswith("Q"):
        first = (int(part[1]) - 1) * 3 + 1
        months = 3
    else:
        first, months = int(part), 1
    start = _dt.date(int(year), first, 1)
    end_month = first + months
    end = _dt.date(int(year) + (end_month - 1) // 12, (end_month - 1) % 12 + 1, 1)
    return start, end


def _us(day: Optional[_dt.date]) -> Optional[int]:
    if day is None:
        return None
    return int((_dt.datetime(day.year, day.month, day.day, tzinfo=_dt.timezone.utc)
                - _dt.datetime(1970, 1, 1, tzinfo=_dt.timezone.utc)).total_seconds()) * _US


# --- reading ------------------------------------------------------------------------------

def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _lit(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _reader(source: Source) -> str:
    """The DuckDB table function reading one export; every column read as text (no type
    sniffing, so a huge file streams and a bad value is ours to report, not DuckDB's)."""
    path = _lit(source.path)
    if source.format == "csv":
        return f"read_csv({path}, header = true, all_varchar = true)"
    if source.format == "json":
        return f"read_json({path}, format = 'newline_delimited', columns = {{COLUMNS}})"
    return f"read_parquet({path})"


def _connect():
    import duckdb

    con = duckdb.connect(config={"memory_limit": MEMORY_LIMIT,
                                 "temp_directory": tempfile.gettempdir()})
    con.execute("SET TimeZone = 'UTC'")  # naive timestamps are UTC (SPEC section 5)
    con.execute("SET enable_progress_bar_print = false")  # measure draws its own bar
    return con


class _Runner:
    """Runs statements on one connection, reporting DuckDB's progress after a second."""

    def __init__(self, con: Any, progress: Optional[Callable[[str, float], None]]):
        self.con = con
        self.progress = progress
        if progress is not None:  # DuckDB tracks progress only when asked, after a delay
            con.execute("SET enable_progress_bar = true")
            con.execute("SET progress_bar_time = 0")

    def run(self, sql: str, what: str) -> Any:
        if self.progress is None:
            return self.con.execute(sql)
        outcome: dict[str, Any] = {}

        def work() -> None:
            try:
                outcome["result"] = self.con.execute(sql)
            except BaseException as exc:  # re-raised in the calling thread
                outcome["error"] = exc

        thread = threading.Thread(target=work, daemon=True)
        started = time.monotonic()
        thread.start()
        while thread.is_alive():
            thread.join(0.1)
            if thread.is_alive() and time.monotonic() - started > 1.0:
                try:
                    self.progress(what, max(0.0, float(self.con.query_progress())))
                except Exception:  # progress is a courtesy; never fail the query for it
                    pass
        if "error" in outcome:
            raise outcome["error"]
        return outcome["result"]


def _columns_of(con: Any, source: Source) -> list[tuple[str, str]]:
    import duckdb

    if source.format == "json":
        reader = f"read_json({_lit(source.path)}, format = 'newline_delimited')"
    else:
        reader = _reader(source)
    try:
        rows = con.execute(f"DESCRIBE SELECT * FROM {reader}").fetchall()
    except duckdb.Error as exc:
        _find_bad_line(source)
        raise MeasureError.plain(source.name, f"cannot read the file as "
                                 f"{_FORMAT_WORDS[source.format]}: {_first_line(exc)}") from None
    found = [(r[0], r[1]) for r in rows]
    if source.format == "csv" and len(found) == 1 and "," in found[0][0]:
        # DuckDB's sniffer gives up on a ragged file and reads it as one column named
        # after the whole header: say which row is ragged instead of "no column".
        _ragged_row(source)
    return found


def _find_bad_line(source: Source) -> None:
    """Raise at the line that stops DuckDB reading ``source``, when we can find it: bytes
    that are not UTF-8, a broken .gz, a ragged CSV row, a line that is not a JSON object."""
    import zlib

    if source.format not in ("csv", "json"):
        return
    try:
        _not_utf8(source)
        if source.format == "csv":
            _ragged_row(source)
        else:
            _bad_json_line(source)
    except (OSError, EOFError, zlib.error) as exc:  # a .gz cut short or not gzip at all
        raise MeasureError.plain(source.name, f"cannot read the file: {exc or 'it ends too soon'}"
                                 ) from None


def _open_binary(source: Source) -> Any:
    import gzip

    return (gzip.open if source.path.lower().endswith(".gz") else open)(source.path, "rb")


def _open_text(source: Source) -> Any:
    import io

    return io.TextIOWrapper(_open_binary(source), encoding="utf-8", errors="replace", newline="")


def _not_utf8(source: Source) -> None:
    """Raise at the line and column of the first bytes that are not UTF-8 (DuckDB says only
    'CSV Error on Line: 2', or reads a UTF-16 file as garbage)."""
    import codecs

    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    line, column = 1, 1
    with _open_binary(source) as handle:
        while True:
            chunk = handle.read(1 << 20)
            pending = len(decoder.getstate()[0])  # an unfinished character (no newline)
            try:
                text = decoder.decode(chunk, final=not chunk)
            except UnicodeDecodeError as exc:
                good = chunk[:max(0, exc.start - pending)].decode("utf-8", "replace")
                if "\n" in good:
                    line, column = line + good.count("\n"), len(good) - good.rindex("\n")
                else:
                    column += len(good)
                bad = exc.object[exc.start:exc.start + 1]
                raise MeasureError([Problem(source.name, line, column,
                                            f"the file is not UTF-8 text (byte 0x{bad.hex()}); "
                                            "export it as UTF-8")]) from None
            if "\n" in text:
                line, column = line + text.count("\n"), len(text) - text.rindex("\n")
            else:
                column += len(text)
            if not chunk:
                return


def _bad_json_line(source: Source) -> None:
    """Raise at the first line of a JSON Lines file that is not one whole JSON object.

    DuckDB names the line where it gave up, which for an object left open is a later
    one; Python's parser, run only once reading failed, names the line and column."""
    import json

    with _open_text(source) as handle:
        for number, line in enumerate(handle, start=1):
            line = line.rstrip("\r\n")
            if not line.strip():
                continue
            try:
                value = json.loads(line)
            except ValueError as exc:
                column = getattr(exc, "colno", 1)
                reason = getattr(exc, "msg", str(exc))
                raise MeasureError([Problem(
                    source.name, number, column,
                    f"not valid JSON ({reason}); JSON Lines holds one whole object a line, "
                    'such as {"item": "A-1", "status": "Doing", "at": "2026-05-04T09:30:00Z"}')]
                ) from None
            if not isinstance(value, dict):
                raise MeasureError([Problem(
                    source.name, number, 1,
                    f"a JSON {type(value).__name__.replace('str', 'string')} where JSON Lines "
                    "needs one object a line, such as "
                    '{"item": "A-1", "status": "Doing", "at": "2026-05-04T09:30:00Z"}')])


def _ragged_row(source: Source) -> None:
    """Raise at the first CSV row whose field count differs from the header's (if any).

    Only called once reading failed, so the second pass over the file costs nothing on
    the good path; the csv module counts lines across quoted line breaks.
    """
    import csv

    csv.field_size_limit(max(csv.field_size_limit(), 2**31 - 1))  # a 2 MB field is data
    with _open_text(source) as handle:
        rows = csv.reader(handle)
        header = next(rows, None)
        if not header:
            return
        for row in rows:
            if row and len(row) != len(header):
                raise MeasureError([Problem(
                    source.name, rows.line_num, 1,
                    f"{len(row)} fields where the header has {len(header)} "
                    f"({', '.join(header)}); quote a value that holds a comma, "
                    'as in "Ready, waiting"')])
            size = sum(len(field.encode("utf-8")) + 1 for field in row)
            if size > _MAX_LINE:
                raise MeasureError([Problem(
                    source.name, rows.line_num, 1,
                    f"this row is {size:,} bytes long; a row of a tracker export holds at "
                    f"most {_MAX_LINE:,} (2 MB): shorten or remove its longest field")])


#: Timestamps are read from this day (the Unix epoch) up to, not including, the other.
FIRST_DAY, END_DAY = (1970, 1, 1), (3000, 1, 1)
#: DuckDB's longest CSV line (its ``max_line_size``).
_MAX_LINE = 2_000_000

_FORMAT_WORDS = {"csv": "CSV with a header row", "json": "JSON Lines (one object a line)",
                 "parquet": "Parquet"}


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def _check_columns(source: Source, found: list[tuple[str, str]], columns: Columns) -> None:
    names = [n for n, _ in found]
    missing = [(role, getattr(columns, role)) for role in ("item", "status", "at")
               if getattr(columns, role) not in names]
    if not missing:
        return
    if source.format == "json":  # DuckDB reads lines that are not objects as one `json` column
        _find_bad_line(source)
    guess = {role: getattr(columns, role) for role in ("item", "status", "at")}
    for role, _ in missing:
        guess[role] = _guess_column(role, names) or "COLUMN"
    what = ", ".join(f"`{name}` ({_ROLE_WORDS[role]})" for role, name in missing)
    suggestion = Columns(**guess).option()
    raise MeasureError.plain(
        source.name, f"no column {what}; the columns are: {', '.join(names) or '(none)'}. "
        f"Name the ones to read with {suggestion}")


_ROLE_WORDS = {"item": "the work item's key", "status": "the status entered",
               "at": "when it was entered"}
_GUESSES = {
    "item": ("item", "key", "issue key", "issue", "id", "work item id", "ticket", "number",
             "iid", "identifier", "workitemid", "issue_key"),
    "status": ("status", "to", "to status", "tostring", "state", "new state", "new_status",
               "to_status", "column"),
    "at": ("at", "created", "changed", "changed date", "date", "timestamp", "time",
           "changed_at", "created_at", "updated", "when", "changeddate"),
}


def _guess_column(role: str, names: list[str]) -> Optional[str]:
    lowered = {n.lower().strip(): n for n in names}
    for candidate in _GUESSES[role]:
        if candidate in lowered:
            return lowered[candidate]
    return None


#: ISO 8601's basic format (``20260504T093000Z``), which DuckDB does not read itself.
_BASIC_ISO = r"\d{8}(T\d{4}(\d{2}([.,]\d+)?)?)?(Z|[+-]\d{2}(\d{2})?)?"


def _timestamp_sql(text: str) -> str:
    """``text`` as a TIMESTAMPTZ: ISO 8601 as DuckDB reads it, else the basic format
    rewritten to the extended one; NULL when neither."""
    extended = (f"regexp_replace(regexp_replace(regexp_replace(replace({text}, ',', '.'), "
                r"'^(\d{4})(\d{2})(\d{2})', '\1-\2-\3'), 'T(\d{2})(\d{2})', 'T\1:\2'), "
                r"'(T\d{2}:\d{2})(\d{2})', '\1:\2')")
    return (f"COALESCE(TRY_CAST({text} AS TIMESTAMPTZ), CASE WHEN regexp_full_match({text}, "
            f"'{_BASIC_ISO}') THEN TRY_CAST({extended} AS TIMESTAMPTZ) END)")


def _load(run: _Runner, sources: Sequence[Source], columns: Columns) -> None:
    """Every export into one table ``ev(item, status, t, seq, src, rn, bad)``: ``t`` in
    microseconds (NULL when unreadable, the text then kept in ``bad``), ``rn`` the row."""
    con = run.con
    selects = []
    for index, source in enumerate(sources):
        found = _columns_of(con, source)
        _check_columns(source, found, columns)
        types = dict(found)
        at = _quote(columns.at)
        if source.format == "parquet" and types[columns.at].startswith("TIMESTAMP"):
            parsed = f"CAST({at} AS TIMESTAMPTZ)"  # naive TIMESTAMP reads as UTC (session)
            raw = f"CAST({at} AS VARCHAR)"
        else:
            raw = f"CAST({at} AS VARCHAR)"
            parsed = _timestamp_sql(f"TRIM({raw})")
        reader = _reader(source).replace("{COLUMNS}", "{" + ", ".join(
            f"{_lit(c)}: 'VARCHAR'" for c in dict.fromkeys(
                (columns.item, columns.status, columns.at))) + "}")
        selects.append(
            f"SELECT CAST({_quote(columns.item)} AS VARCHAR) AS item, "
            f"CAST({_quote(columns.status)} AS VARCHAR) AS status, "
            f"epoch_us({parsed}) AS t, {index} AS src, "
            f"ROW_NUMBER() OVER () AS rn, "
            f"CASE WHEN {parsed} IS NULL THEN COALESCE({raw}, '') END AS bad "
            f"FROM {reader}")
    body = "\nUNION ALL\n".join(selects)
    import duckdb

    try:
        run.run(f"CREATE TEMP TABLE ev AS\n{body}", "reading the history")
    except duckdb.Error as exc:
        for source in sources:
            _find_bad_line(source)
        raise MeasureError.plain(", ".join(s.name for s in sources),
                                 f"cannot read the history: {_first_line(exc)}") from None


def _check_rows(con: Any, sources: Sequence[Source], columns: Columns) -> None:
    """The first unreadable timestamp, or row without item or status, as FILE:LINE."""
    row = con.execute("SELECT src, rn, bad FROM ev WHERE t IS NULL ORDER BY src, rn LIMIT 1"
                      ).fetchone()
    if row:
        src, rn, bad = row
        source = sources[src]
        raise MeasureError([Problem(source.name, _line(source, rn), 1,
                                    f"`{columns.at}` {bad!r} is not a timestamp; write it as ISO "
                                    "8601, such as 2026-05-04T09:30:00Z, 2026-05-04 "
                                    "11:30:00+02:00 or 2026-05-04 (no offset: UTC)")])
    low, high = _us(_dt.date(*FIRST_DAY)), _us(_dt.date(*END_DAY))
    row = con.execute(f"SELECT src, rn, CAST(make_timestamp(t) AS VARCHAR) FROM ev "
                      f"WHERE t < {low} OR t >= {high} ORDER BY src, rn LIMIT 1").fetchone()
    if row:  # 0001-01-01, 9999-12-31: a placeholder, and spans no map can hold (1000 years)
        src, rn, when = row
        source = sources[src]
        raise MeasureError([Problem(source.name, _line(source, rn), 1,
                                    f"`{columns.at}` reads as {when} UTC: no tracker history "
                                    f"is from before {FIRST_DAY[0]} or after {END_DAY[0] - 1} "
                                    "(a placeholder date?); correct the row or remove it")])
    row = con.execute("SELECT src, rn, item IS NULL OR item = '' FROM ev "
                      "WHERE item IS NULL OR item = '' OR status IS NULL OR status = '' "
                      "ORDER BY src, rn LIMIT 1").fetchone()
    if row:
        src, rn, no_item = row
        source = sources[src]
        column = columns.item if no_item else columns.status
        raise MeasureError([Problem(source.name, _line(source, rn), 1,
                                    f"`{column}` is empty; every row needs the item, the status "
                                    "it entered and when")])
    # A status is written into the measured map (its unmapped statuses), which must pass
    # check: one holding a control character would make a map that check refuses.
    from .loader import character_problem

    # Each status at its first row, in file order: the first bad row is named, the same one
    # at every run (a DISTINCT comes back in hash order, which varies from run to run).
    seen: set[str] = set()
    for status, src, rn in con.execute("SELECT status, src, min(rn) AS first_rn FROM ev "
                                       "GROUP BY status, src ORDER BY src, first_rn").fetchall():
        if status in seen:
            continue
        seen.add(status)
        problem = character_problem(status)
        if problem:
            source = sources[src]
            raise MeasureError([Problem(source.name, _line(source, rn), 1,
                                        f"`{columns.status}` {_status(status)} {problem}")])


def _line(source: Source, row_number: int) -> int:
    """The line of a row: CSV has its header on line 1, JSON Lines starts with the data
    (lines of a Parquet file are its rows)."""
    return row_number + 1 if source.format == "csv" else row_number


# --- summing up ---------------------------------------------------------------------------

def _period_sql(by: Optional[str]) -> str:
    ts = "make_timestamp(CAST(ended_us AS BIGINT))"
    if by == "quarter":
        return f"strftime({ts}, '%Y') || '-Q' || CAST(quarter({ts}) AS VARCHAR)"
    if by == "month":
        return f"strftime({ts}, '%Y-%m')"
    return "CAST(NULL AS VARCHAR)"


def _window(since: Optional[_dt.date], until: Optional[_dt.date], alias: str = "") -> str:
    clauses = [f"{alias}ended_us IS NOT NULL"]
    if since:
        clauses.append(f"{alias}ended_us >= {_us(since)}")
    if until:
        clauses.append(f"{alias}ended_us < {_us(until)}")
    return " AND ".join(clauses)


def _nice_width(span: float) -> float:
    """A round bin width (1, 2, 2.5 or 5 times a power of ten) giving 12 to 30 bins."""
    if span <= 0:
        return 1.0
    raw = span / 12
    power = 10 ** math.floor(math.log10(raw))
    return max(step * power for step in (1, 2, 2.5, 5) if step * power <= raw)


def _sum_up(con: Any, vsm: ValueStreamMap, statistic: str, since: Optional[_dt.date],
            until: Optional[_dt.date], by: Optional[str], has_spans: bool,
            unit_seconds: float) -> tuple[PeriodFigures, ...]:
    cols = step_columns(vsm)
    lead = "(ended_us - started_us)"
    # Sums and means over whole microseconds (BIGINT): exact, so the same in any order.
    exact = "CAST({} AS BIGINT)".format
    aggregates = ["COUNT(*)", "SUM(rework)", f"quantile_cont({lead}, [0.5, 0.85])",
                  f"AVG({exact(lead)})", f"MAX({lead})", f"SUM({exact('unmapped_us')})",
                  f"SUM({exact(lead)})"]
    for c in cols:
        aggregates += [f"quantile_cont({c.wait}, [0.5, 0.85])", f"AVG({exact(c.wait)})",
                       f"quantile_cont({c.process}, [0.5, 0.85])", f"AVG({exact(c.process)})",
                       f"AVG({c.visited})"]
    period = _period_sql(by)
    rows = con.execute(
        f"SELECT {period} AS period, {', '.join(aggregates)} FROM per_item "
        f"WHERE {_window(since, until)} GROUP BY 1 ORDER BY 1").fetchall()
    out = []
    for row in rows:
        label = row[0]
        p_since, p_until = since, until
        if label is not None:
            start, end = period_bounds(label)
            p_since = max(start, since) if since else start
            p_until = min(end, until) if until else end
        count, rework, lead_q, lead_mean, lead_max, unmapped_total, lead_total = row[1:8]
        steps = []
        for i, c in enumerate(cols):
            wait_q, wait_mean, proc_q, proc_mean, visited = row[8 + 5 * i: 13 + 5 * i]
            chosen = {"median": (wait_q[0], proc_q[0]), "p85": (wait_q[1], proc_q[1]),
                      "mean": (wait_mean, proc_mean)}[statistic]
            step = vsm.steps[i]
            steps.append(StepFigures(
                step.id, step.name, float(chosen[0]) / _US, float(chosen[1]) / _US,
                float(visited), wait_q[0] / _US, wait_q[1] / _US, proc_q[0] / _US,
                proc_q[1] / _US))
        in_progress = con.execute(
            "SELECT COUNT(*) FROM per_item WHERE " + (
                f"started_us < {_us(p_until)} AND (ended_us IS NULL OR ended_us >= "
                f"{_us(p_until)})" if p_until else "ended_us IS NULL")).fetchone()[0]
        where = f"{_window(p_since, p_until)}" + (f" AND {period} = {_lit(label)}"
                                                   if label is not None else "")
        width_us = _nice_width(min(float(lead_max), 2.5 * float(lead_q[1]) or float(lead_max))
                               / (unit_seconds * _US)) * unit_seconds * _US
        bins = 30
        while bins > 1 and (bins - 1) * width_us >= float(lead_max):
            bins -= 1  # no empty bins past the longest item
        counts = [0] * bins
        for b, n in con.execute(
                f"SELECT LEAST(CAST(FLOOR({lead} / {width_us!r}) AS BIGINT), {bins - 1}) AS b, "
                f"COUNT(*) FROM per_item WHERE {where} GROUP BY 1").fetchall():
            counts[b] = n
        unmapped = _unmapped(con, where, float(lead_total), float(unmapped_total), has_spans)
        out.append(PeriodFigures(
            label, p_since, p_until, int(count), int(in_progress), int(rework),
            lead_q[0] / _US, lead_q[1] / _US, float(lead_mean) / _US, width_us / _US,
            tuple(counts), unmapped, tuple(steps)))
    return tuple(out)


def _unmapped(con: Any, where: str, lead_total: float, unmapped_total: float,
              has_spans: bool) -> tuple[UnmappedStatus, ...]:
    """Unmapped statuses with their share of the items' lead time, largest first."""
    if lead_total <= 0 or unmapped_total <= 0:
        return ()
    if not has_spans:  # a warehouse's per-item result holds the total only
        return (UnmappedStatus("(unmapped statuses)", unmapped_total / lead_total),)
    rows = con.execute(
        "SELECT s.status, SUM(CAST(s.span_us AS BIGINT)) AS us, COUNT(DISTINCT s.item) "
        "FROM spans s "
        "JOIN per_item p ON s.item = p.item "
        f"WHERE s.ends_after > 0 AND s.step_no IS NULL AND {where.replace('ended_us', 'p.ended_us')} "
        "GROUP BY 1 HAVING SUM(CAST(s.span_us AS BIGINT)) > 0 ORDER BY 2 DESC, 1").fetchall()
    return tuple(UnmappedStatus(status, float(us) / lead_total, int(n)) for status, us, n in rows)


# --- the two entry points -----------------------------------------------------------------

def _check_skeleton(vsm: ValueStreamMap, file: str) -> None:
    if not vsm.end_statuses:
        raise MeasureError.plain(file, "the map lists no `end_statuses`; add the tracker "
                                 "statuses in which an item is done, such as "
                                 "`end_statuses: [Done]`")
    if not any(s.wait_statuses or s.active_statuses for s in vsm.steps):
        raise MeasureError.plain(file, "no step names its tracker statuses; give steps "
                                 "`wait_statuses: [...]` and `active_statuses: [...]`")


def _check_args(statistic: str, by: Optional[str], since: Optional[_dt.date],
                until: Optional[_dt.date]) -> None:
    if statistic not in STATISTICS:
        raise ValueError(f"statistic must be one of {', '.join(STATISTICS)}")
    if by not in (None, *BY):
        raise ValueError(f"by must be one of {', '.join(BY)}")
    if since and until and since >= until:
        raise ValueError("since must come before until")


def measure(sources: Sequence[Source], skeleton: ValueStreamMap, *, map_file: str = "<map>",
            columns: Columns = Columns(), statistic: str = "median",
            since: Optional[_dt.date] = None, until: Optional[_dt.date] = None,
            by: Optional[str] = None,
            progress: Optional[Callable[[str, float], None]] = None) -> Measurement:
    """Measure ``skeleton`` from tracker exports (SPEC section 5)."""
    _check_args(statistic, by, since, until)
    _check_skeleton(skeleton, map_file)
    con = _connect()
    try:
        run = _Runner(con, progress)
        _load(run, sources, columns)
        _check_rows(con, sources, columns)
        rows, items = con.execute("SELECT COUNT(*), COUNT(DISTINCT item) FROM ev").fetchone()
        counts = con.execute("SELECT status, COUNT(*) FROM ev GROUP BY 1 ORDER BY 2 DESC, 1"
                             ).fetchall()
        # t as DOUBLE: DuckDB sums doubles four times faster than its 128-bit integers, and
        # microsecond counts below 2^53 (285 years) add up exactly in any order.
        con.execute("CREATE TEMP VIEW events AS SELECT item, status, CAST(t AS DOUBLE) AS t, "
                    "src * 1099511627776 + rn AS seq FROM ev")
        run.run(f"CREATE TEMP TABLE spans AS {spans_sql(skeleton)}\nSELECT * FROM spans",
                "ordering each item's changes")
        con.execute("DROP VIEW events")
        con.execute("DROP TABLE ev")  # spans holds all that is needed now; free the memory
        con.execute(f"CREATE TEMP TABLE per_item AS {per_item_select(skeleton)}")
        named = {s for step in skeleton.steps for s in (*step.wait_statuses,
                                                         *step.active_statuses)}
        named |= set(skeleton.end_statuses)
        unknown = tuple((s, int(n)) for s, n in counts if s not in named)
        periods = _sum_up(con, skeleton, statistic, since, until, by, True,
                          elapsed_per_unit(skeleton))
        if not periods:
            raise _nothing_ended(con, skeleton, int(rows), int(items), counts, since, until,
                                 ", ".join(s.name for s in sources))
    finally:
        con.close()
    return Measurement(statistic, tuple(s.name for s in sources), int(rows), int(items),
                       unknown, periods)


def elapsed_per_unit(vsm: ValueStreamMap) -> float:
    """Seconds of tracker time (elapsed: nights and weekends included) per unit of the map.

    Under a working calendar a map's day is a working day (SPEC section 1), and one of
    those passes, on average, every 24 / hours_per_day x 7 / days_per_week elapsed days:
    measured time is counted at that working share, not read as working days outright
    (which would triple an 8-hour, 5-day map's waits)."""
    from .durations import unit_seconds

    return unit_seconds(vsm.unit, vsm.calendar) / working_share(vsm.calendar)


def working_share(cal: Any) -> float:
    """The share of elapsed time a working calendar counts: 8/24 x 5/7 for 8 h, 5-day weeks."""
    return cal.hours_per_day / 24.0 * cal.days_per_week / 7.0


def measure_per_item(per_item: Source, skeleton: ValueStreamMap, *, map_file: str = "<map>",
                     statistic: str = "median", since: Optional[_dt.date] = None,
                     until: Optional[_dt.date] = None, by: Optional[str] = None) -> Measurement:
    """Measure ``skeleton`` from the per-item result of ``measure --show-sql``'s query (run
    in a warehouse and exported as CSV, JSON Lines or Parquet)."""
    import duckdb

    _check_args(statistic, by, since, until)
    con = _connect()
    try:
        found = _columns_of(con, per_item)
        names = [n for n, _ in found]
        needed = list(PER_ITEM_FIXED) + [n for c in step_columns(skeleton)
                                         for n in (c.wait, c.process, c.visited)]
        missing = [n for n in needed if n not in names]
        if missing:
            raise MeasureError.plain(per_item.name, f"the per-item result lacks the columns "
                                     f"{', '.join(missing)}; it must be the result of the query "
                                     "that `vsm-draw measure --show-sql --map MAP` prints for "
                                     "this map")
        reader = _reader(per_item).replace("{COLUMNS}", "{" + ", ".join(
            f"{_lit(n)}: 'VARCHAR'" for n in needed) + "}")
        casts = [f"CAST({_quote('item')} AS VARCHAR) AS item"] + [
            f"CAST(CAST({_quote(n)} AS DOUBLE) AS BIGINT) AS {_quote(n)}" for n in needed[1:]]
        try:
            con.execute(f"CREATE TEMP TABLE per_item AS SELECT {', '.join(casts)} FROM {reader}")
        except duckdb.Error as exc:
            raise MeasureError.plain(per_item.name, "cannot read the per-item result: "
                                     f"{_first_line(exc)}") from None
        rows, = con.execute("SELECT COUNT(*) FROM per_item").fetchone()
        periods = _sum_up(con, skeleton, statistic, since, until, by, False,
                          elapsed_per_unit(skeleton))
        if not periods:
            raise MeasureError.plain(per_item.name, f"no item ended in the window: the file "
                                     f"holds {rows} items{_window_words(since, until)}")
    finally:
        con.close()
    return Measurement(statistic, (per_item.name,), int(rows), int(rows), (), periods)


def _window_words(since: Optional[_dt.date], until: Optional[_dt.date]) -> str:
    if not since and not until:
        return ""
    return f" (window {since or '…'} to {until or '…'}, until excluded)"


def _nothing_ended(con: Any, vsm: ValueStreamMap, rows: int, items: int,
                   counts: list[tuple[str, int]], since: Optional[_dt.date],
                   until: Optional[_dt.date], where: str) -> MeasureError:
    ends = [(s, n) for s, n in counts if s in set(vsm.end_statuses)]
    read = f"read {rows} rows of {items} items"
    if ends:
        seen = ", ".join(f"{s} ({n} rows)" for s, n in ends)
        first, last = con.execute("SELECT MIN(ended_us), MAX(ended_us) FROM per_item").fetchone()
        span = ""
        if first is not None:
            span = (f"; items ended from {_day(first)} to {_day(last)}")
        message = (f"no item ended in the window{_window_words(since, until)}: {read}; end "
                   f"statuses seen: {seen}{span}. Widen --since/--until")
    else:
        common = ", ".join(f"{_status(s)} ({n})" for s, n in counts[:8])
        seen = f"; the statuses seen most are: {common}" if common else ""
        message = (f"no item ended: {read}, and none entered an end status "
                   f"({', '.join(vsm.end_statuses)}){seen}. "
                   "List the done statuses in the map's `end_statuses`")
    return MeasureError.plain(where, message)


def _status(text: str) -> str:
    """A tracker status as a message quotes it: cut short, in quotes when it has spaces
    around it or a line break (' Ready ' is not 'Ready')."""
    return shorten(text if text.isprintable() and text == text.strip() else repr(text))


def _day(us: int) -> str:
    return (_dt.datetime(1970, 1, 1) + _dt.timedelta(microseconds=int(us))).date().isoformat()


def spool_stdin(stream: Any, directory: str) -> str:
    """Standard input copied to a file DuckDB can read (a pipe cannot be read twice)."""
    path = os.path.join(directory, "stdin.csv")
    with open(path, "wb") as out:
        while True:
            chunk = stream.read(1 << 20)
            if not chunk:
                break
            out.write(chunk)
    return path


def unknown_status_words(m: Measurement, limit: int = _LISTED) -> str:
    """'Blocked (120 rows, 3.1%), On hold (12 rows, 0.3%)' for the warning and --strict."""
    from .durations import format_percent

    parts = [f"{_status(s)} ({n} row{'s' if n != 1 else ''}, {format_percent(n / m.rows)})"
             for s, n in m.unknown_statuses[:limit]]
    if len(m.unknown_statuses) > limit:
        parts.append(f"and {len(m.unknown_statuses) - limit} more")
    return ", ".join(parts)


def read_sources(names: Sequence[str], stdin: Any, spool_dir: str) -> list[Source]:
    """Sources from EVENTS arguments; ValueError for an unknown suffix or a missing file."""
    if list(names).count("-") > 1:
        raise ValueError("- (standard input) can be read once; give it once")
    out = []
    for name in names:
        fmt = source_format(name)
        if fmt is None:
            raise ValueError(f"cannot tell the format of {name!r} from its suffix; use .csv, "
                             ".jsonl, .ndjson or .parquet, or - for CSV on standard input")
        if name == "-":
            out.append(Source("<stdin>", spool_stdin(stdin, spool_dir), "csv"))
            continue
        if not Path(name).is_file():
            raise MeasureError.plain(name, "no such file; check the path")
        out.append(Source(name, name, fmt))
    return out
