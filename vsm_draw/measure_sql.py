"""The per-item aggregation of ``vsm-draw measure`` as portable SQL text (SPEC section 5).

Pure string building, no database: DuckDB runs this text on the exported files, and the
same text runs in Spark SQL, Trino or BigQuery on a history that lives in a warehouse
(``measure --show-sql``). It reads a table ``events(item, status, t, seq)``: ``t`` the
time of the status change as integer microseconds since 1970-01-01 UTC, ``seq`` any
number that orders an item's changes made at the same instant (their input order). It
uses only ANSI window functions, CASE and GROUP BY, and one row per item comes out.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .model import ValueStreamMap

__all__ = ["StepColumns", "step_columns", "spans_sql", "per_item_select", "per_item_sql",
           "PER_ITEM_FIXED", "DIALECTS"]

#: The per-item columns every measured history has, before the step columns.
PER_ITEM_FIXED = ("item", "started_us", "ended_us", "rework", "unmapped_us")


@dataclass(frozen=True)
class StepColumns:
    """The per-item columns of one step: wait and process time (microseconds), visited 0/1."""

    number: int
    step_id: str
    wait: str
    process: str
    visited: str


def step_columns(vsm: ValueStreamMap) -> tuple[StepColumns, ...]:
    """Column names per step, from its id made safe for any SQL engine (letters, digits, _)."""
    out: list[StepColumns] = []
    used: set[str] = set()
    for number, step in enumerate(vsm.steps, start=1):
        base = re.sub(r"\W+", "_", step.id, flags=re.ASCII).strip("_").lower() or "step"
        name = base if base not in used else f"{base}_{number}"
        used.add(name)
        out.append(StepColumns(number, step.id, f"wait_us_{name}", f"process_us_{name}",
                               f"visited_{name}"))
    return tuple(out)


#: The engines whose string literals differ, and which ones write them that way. The
#: standard doubles a quote and takes a backslash as itself; BigQuery, Spark SQL and
#: Snowflake take a backslash as an escape (a status `Done\new` reads as `Done`, a newline
#: and `ew` there), Spark joins 'It''s' into 'Its' (two literals side by side) and
#: BigQuery refuses it.
DIALECTS: dict[str, str] = {
    "standard": "DuckDB, Trino, Athena, PostgreSQL",
    "bigquery": "BigQuery",
    "spark": "Spark SQL, Databricks",
    "snowflake": "Snowflake",
}
_BACKSLASH_ESCAPES = str.maketrans({"\\": "\\\\", "'": "\\'", "\n": "\\n", "\r": "\\r",
                                    "\t": "\\t"})


def _literal(text: str, dialect: str = "standard") -> str:
    """A SQL string literal that reads back as ``text`` in ``dialect`` (see :data:`DIALECTS`):
    standard, a quote doubled; elsewhere a backslash, quote, newline, return and tab each
    escaped with a backslash (BigQuery's single-quoted literals cannot hold a newline)."""
    if dialect == "standard":
        return "'" + text.replace("'", "''") + "'"
    return "'" + text.translate(_BACKSLASH_ESCAPES) + "'"


def _status_map(vsm: ValueStreamMap, dialect: str = "standard") -> str:
    """status -> (step number, kind) as a UNION ALL of one-row SELECTs: every engine reads it
    (BigQuery has no VALUES lists). End statuses have no step number."""
    rows = []
    for number, step in enumerate(vsm.steps, start=1):
        rows += [(s, str(number), "wait") for s in step.wait_statuses]
        rows += [(s, str(number), "active") for s in step.active_statuses]
    rows += [(s, "CAST(NULL AS INTEGER)", "end") for s in vsm.end_statuses]
    if not rows:
        rows = [("", "CAST(NULL AS INTEGER)", "none")]
    return "\n    UNION ALL ".join(
        f"SELECT {_literal(status, dialect)} AS status, {number} AS step_no, "
        f"{_literal(kind, dialect)} AS kind"
        for status, number, kind in rows)


def spans_sql(vsm: ValueStreamMap, events: str = "events", dialect: str = "standard") -> str:
    """The CTEs up to ``spans``: each row of an item with how long it lasts (``span_us``,
    until the item's next row), its step and kind, the furthest step the item reached
    before it, and how many end statuses the item enters after it (``ends_after``: a row
    counts while the item has an end still to come, so time after its last end does not).
    One sort: every window has the same partition and order. The statuses are string
    literals of ``dialect`` (see :data:`DIALECTS`)."""
    order = "PARTITION BY e.item ORDER BY e.t, e.seq"
    return f"""WITH status_map AS (
    {_status_map(vsm, dialect)}
),
spans AS (
  SELECT e.item, e.status, e.t, m.step_no, m.kind,
         LEAD(e.t) OVER ({order}) - e.t AS span_us,
         MAX(m.step_no) OVER ({order}
             ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS furthest_before,
         COUNT(CASE WHEN m.kind = 'end' THEN 1 END) OVER ({order}
             ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING) AS ends_after
  FROM {events} e LEFT JOIN status_map m ON e.status = m.status
)"""


def per_item_select(vsm: ValueStreamMap, spans: str = "spans") -> str:
    """One row per item from ``spans``: start and end (NULL while in progress), rework 0/1,
    unmapped time and each step's wait, process time and visit, all in microseconds.

    A row counts when it comes before the item's last end (``ends_after > 0``): time
    after that end is not the item's, and an item in progress has no end and counts nothing.
    """
    lines = [
        "MIN(t) AS started_us",
        "MAX(CASE WHEN kind = 'end' THEN t END) AS ended_us",
        "MAX(CASE WHEN ends_after > 0 AND step_no < furthest_before THEN 1 ELSE 0 END) "
        "AS rework",
        "SUM(CASE WHEN ends_after > 0 AND step_no IS NULL THEN span_us ELSE 0 END) "
        "AS unmapped_us",
    ]
    for c in step_columns(vsm):
        k = c.number
        lines += [
            f"SUM(CASE WHEN ends_after > 0 AND step_no = {k} AND kind = 'wait' THEN span_us "
            f"ELSE 0 END) AS {c.wait}",
            f"SUM(CASE WHEN ends_after > 0 AND step_no = {k} AND kind = 'active' THEN span_us "
            f"ELSE 0 END) AS {c.process}",
            f"MAX(CASE WHEN ends_after > 0 AND step_no = {k} THEN 1 ELSE 0 END) AS {c.visited}",
        ]
    body = ",\n       ".join(lines)
    return f"SELECT item,\n       {body}\nFROM {spans}\nGROUP BY item"


def per_item_sql(vsm: ValueStreamMap, events: str = "events", dialect: str = "standard"
                 ) -> str:
    """The whole per-item query, one statement (what ``measure --show-sql`` prints), its
    string literals in ``dialect``'s (see :data:`DIALECTS`)."""
    header = (f"-- vsm-draw measure: one row per work item, for the map {' '.join(vsm.title.split())!r}.\n"
              f"-- Reads {events}(item, status, t, seq): t = when the item entered the status,\n"
              "-- in integer microseconds since 1970-01-01 UTC; seq orders changes made at the\n"
              "-- same instant. Durations out are microseconds; ended_us is NULL while in\n"
              "-- progress. Save the result as CSV, JSON Lines or Parquet and run\n"
              "-- vsm-draw measure --per-item FILE --map MAP -o OUT\n"
              f"-- String literals for {DIALECTS[dialect]} (--dialect {dialect}).\n")
    return f"{header}{spans_sql(vsm, events, dialect)}\n{per_item_select(vsm)}\n"
