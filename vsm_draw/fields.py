"""The map format's fields, defined once: the validator and the JSON Schema both read them."""
from __future__ import annotations

from typing import Any, Optional

from .frozen import frozen

__all__ = ["Field", "MAP_FIELDS", "STEP_FIELDS", "BOUNDARY_FIELDS", "CALENDAR_FIELDS",
           "INFO_FLOW_FIELDS", "REWORK_FIELDS", "PARTY_FIELDS", "DECLARED_FIELDS",
           "FLOW_KINDS", "DOMAINS", "MATERIAL_FLOWS", "TEXT_MAX", "LONG_TEXT_MAX", "ID_MAX", "STEPS_MAX",
           "INFO_FLOWS_MAX", "REWORK_MAX", "TEXT_BUDGET",
           "MEASURED_FIELDS", "LEAD_TIME_FIELDS", "HISTOGRAM_FIELDS", "UNMAPPED_FIELDS",
           "MEASURED_STEP_FIELDS", "STATISTICS"]

FLOW_KINDS = ("manual", "electronic", "go-see")
#: The kinds of work a map can be of; each has its own benchmark of flow efficiency.
DOMAINS = ("software", "office", "manufacturing")
#: How work reaches a step from the one before (Learning to See's three material flows).
MATERIAL_FLOWS = ("push", "fifo", "pull")
#: How `vsm-draw measure` sums up a step over the measured items (SPEC section 5).
STATISTICS = ("median", "mean", "p85")

# Limits generous for people and small enough for a drawing: a name of 17,000 characters
# is an accident (and more than Graphviz takes), a value of 10^400 a typo.
#: Most text (title, names, owners, labels): characters.
TEXT_MAX = 500
#: Free text (notes, kaizen ideas, wait reasons, boundaries): characters.
LONG_TEXT_MAX = 2000
#: A step id: characters.
ID_MAX = 100
#: Steps and information flows in one map: more cannot be drawn legibly (nor quickly).
STEPS_MAX = 1000
INFO_FLOWS_MAX = 200
#: Rework loops a map may hold: the figures solve a linear system per loop (n^4 in all).
REWORK_MAX = 50
#: All the text of the steps and flows together: characters.
TEXT_BUDGET = 100_000


@frozen
class Field:
    """One key of a mapping in the map format.

    ``kind`` is one of: text, version, date, unit, duration, percent, bool, number,
    count, limit, hours, days, rate_items, rate_time, enum, lines, party, declared,
    boundaries, calendar, steps, info_flows, step_refs (a list of step ids or names), rework,
    rework_rate (a share below 100%). ``needs`` is ``(key, value)``: the field is allowed only
    when the same mapping has ``key: value`` (``fifo_max`` needs ``flow: fifo``).
    """

    name: str
    kind: str
    description: str
    example: Any = None
    required: bool = False
    default: Any = None
    choices: tuple[str, ...] = ()
    #: The longest text the field takes (text and id kinds).
    max_length: int = TEXT_MAX
    #: The range of a number (number, count, limit, hours and days kinds), both ends included.
    minimum: float = 0.0
    maximum: float = 0.0
    needs: Optional[tuple[str, str]] = None


MAP_FIELDS: tuple[Field, ...] = (
    Field("vsm", "version", "Format version of the map; 1 when absent.", 1, default=1),
    Field("title", "text", "Title of the map, shown on the diagram and the report.",
          "Feature delivery — current state"),
    Field("state", "text", "Which map this is: current, future, ideal or any text.", "current"),
    Field("date", "date", "When the map was drawn (YYYY-MM-DD); orders maps in comparisons.",
          "2026-09-30"),
    Field("boundaries", "boundaries", "Where the value stream starts and ends.",
          {"start": "Validated feature request enters backlog",
           "end": "Customer can use the feature in production"}),
    Field("unit", "unit", "Unit of bare numbers and of totals: seconds, minutes, hours, days "
          "or weeks.", "days", default="days"),
    Field("calendar", "calendar", "A working calendar; by default time is elapsed "
          "(24 h days, 7 d weeks).", {"hours_per_day": 8, "days_per_week": 5}),
    Field("supplier", "party", "The supplier end point, drawn on the left: a name, or a "
          "mapping {name, delivery, data}: `delivery` is the shipping rhythm drawn with a "
          "truck, `data` the lines of the data box under the icon.",
          {"name": "Michigan Steel Co.", "delivery": "Tue + Thu", "data": ["500 ft coils"]}),
    Field("customer", "party", "The customer end point, drawn on the right: a name, or a "
          "mapping {name, delivery, data} like `supplier`.",
          {"name": "State Street Assembly", "delivery": "Daily",
           "data": ["18,400 pcs/month", "Tray = 20 pieces", "2 shifts"]}),
    Field("demand", "rate_items", "Customer demand, items per period; with inventory it "
          "gives the wait (Little's law), with available_time the takt time.", "920/day"),
    Field("available_time", "rate_time", "Working time per period, for the takt time.",
          "55200s/day"),
    Field("domain", "enum", "What kind of work the map is of, for the benchmark the report "
          "quotes beside its flow efficiency: software, office (service and administrative "
          "work) or manufacturing; by default manufacturing when the map gives `demand`, "
          "`available_time` or an `inventory`, else software.", "office", choices=DOMAINS),
    Field("declared", "declared", "Figures the team wrote by hand (lead_time, process_time, "
          "flow_efficiency); `vsm-draw check` warns when a computed figure differs by more "
          "than the declared value's last digit.",
          {"lead_time": "30d", "process_time": "4d", "flow_efficiency": "13%"}),
    Field("steps", "steps", "The process steps in flow order; at least one.",
          [{"name": "Build", "process_time": "3d"},
           {"name": "Code review", "wait_time": "8d", "process_time": "2h"}], required=True),
    Field("info_flows", "info_flows", "Information flows, drawn above the process row.",
          [{"from": "Product management", "to": "backlog", "label": "Roadmap, weekly"}]),
    Field("end_statuses", "statuses", "Work tracker statuses in which an item is done; "
          "`vsm-draw measure` ends an item at its last entry into one.", ["Done", "Released"]),
    Field("measured", "measured", "What `vsm-draw measure` measured this map from; written "
          "by it, not by hand.", {"statistic": "median", "items": 412, "in_progress": 37}),
)

STEP_FIELDS: tuple[Field, ...] = (
    Field("name", "text", "Name of the step; unique in the map.", "Code review", required=True),
    Field("id", "id", "Stable id of the step, unique; the slug of the name when absent. "
          "Steps are matched across maps by id.", "review", max_length=ID_MAX),
    Field("after", "step_refs", "The steps this one starts after (ids or names of steps listed "
          "before it); default: the step listed just before. Two steps after the same step run "
          "in parallel; a step after several joins them; [] starts at the start.",
          ["backend", "frontend"]),
    Field("owner", "text", "Who is responsible for the step.", "Senior developers"),
    Field("wait_time", "duration", "How long work sits idle before this step starts.", "3d",
          default=0),
    Field("process_time", "duration", "How long the active work of this step takes.", "4h",
          default=0),
    Field("value_adding", "bool", "Would the customer pay for this step? Default true.", False,
          default=True),
    Field("wait_reason", "text", "Why work waits before this step.",
          "Waiting for prioritisation", max_length=LONG_TEXT_MAX),
    Field("informal_wait", "bool", "The queue is one no tool shows (an invisible queue).",
          False, default=False),
    Field("complete_accurate", "percent", "%C&A: share of output the next step can use as is; "
          "85% or 0.85. Default 100%.", "90%", default=1.0),
    Field("rework", "rework", "Share of this step's work sent back to an earlier step it comes "
          "after, to be done again from there.", {"to": "build", "rate": "25%"}),
    Field("inventory", "count", "Items queued before the step; with demand it gives "
          "wait_time (exclusive with wait_time).", 7000, maximum=1e12),
    Field("people", "number", "Number of operators.", 2, maximum=1e6),
    Field("changeover", "duration", "Changeover time (C/O).", "1h"),
    Field("uptime", "percent", "Share of time the step is available.", "85%"),
    Field("notes", "text", "Free notes about the step.", "Reviews are batched on Fridays",
          max_length=LONG_TEXT_MAX),
    Field("kaizen", "text", "An improvement idea, drawn as a kaizen burst.",
          "Review within one day", max_length=LONG_TEXT_MAX),
    Field("wait_statuses", "statuses", "Work tracker statuses that are this step's wait "
          "(for `vsm-draw measure`); a status belongs to one step at most.",
          ["Ready for review"]),
    Field("active_statuses", "statuses", "Work tracker statuses that are this step's work "
          "(for `vsm-draw measure`).", ["In review"]),
    Field("flow", "enum", "How work reaches this step from the one before: push (the striped "
          "push arrow, the default), fifo (a first-in-first-out lane) or pull (a supermarket "
          "the step withdraws from).", "fifo", default="push", choices=MATERIAL_FLOWS),
    Field("fifo_max", "limit", "With `flow: fifo`, the most items the lane may hold "
          "(drawn as \"max 40\").", 40, minimum=1, maximum=999999, needs=("flow", "fifo")),
    Field("kanban", "bool", "With `flow: pull`, the supermarket is replenished by kanban "
          "cards: draws the kanban post.", True, default=False, needs=("flow", "pull")),
)

BOUNDARY_FIELDS: tuple[Field, ...] = (
    Field("start", "text", "What starts the value stream.",
          "Validated feature request enters backlog", max_length=LONG_TEXT_MAX),
    Field("end", "text", "What ends the value stream.",
          "Customer can use the feature in production", max_length=LONG_TEXT_MAX),
)

CALENDAR_FIELDS: tuple[Field, ...] = (
    Field("hours_per_day", "hours", "Working hours in a day (1d = this many hours).", 8,
          default=24, minimum=0.1, maximum=24),
    Field("days_per_week", "days", "Working days in a week (1w = this many days).", 5,
          default=7, minimum=0.1, maximum=7),
)

REWORK_FIELDS: tuple[Field, ...] = (
    Field("to", "text", "The earlier step the work goes back to, by its id or name.", "build",
          required=True),
    Field("rate", "rework_rate", "Share of the work sent back at each pass: above 0 and "
          "at most 99%.", "25%", required=True),
)

PARTY_FIELDS: tuple[Field, ...] = (
    Field("name", "text", "Name of the supplier or customer.", "State Street Assembly",
          required=True),
    Field("delivery", "text", "Shipping rhythm, drawn with a truck on the material arrow.",
          "Daily"),
    Field("data", "lines", "Lines of the data box under the icon: a list of texts (or one).",
          ["18,400 pcs/month", "Tray = 20 pieces"]),
)

DECLARED_FIELDS: tuple[Field, ...] = (
    Field("lead_time", "duration", "The lead time the team wrote down.", "30d"),
    Field("process_time", "duration", "The process time the team wrote down.", "4d"),
    Field("flow_efficiency", "percent", "The flow efficiency the team wrote down.", "12%"),
)

INFO_FLOW_FIELDS: tuple[Field, ...] = (
    Field("from", "text", "Where the information comes from: a step id or name, supplier, "
          "customer, or any label.", "Product management", required=True),
    Field("to", "text", "Where the information goes.", "backlog", required=True),
    Field("label", "text", "What flows and how often.", "Roadmap, weekly"),
    Field("kind", "enum", "manual (straight arrow), electronic (lightning arrow) or go-see "
          "(someone goes and looks: the eyeglasses).",
          "electronic", default="manual", choices=FLOW_KINDS),
)

# --- the `measured` record that `vsm-draw measure` writes (SPEC section 5) ----------------

HISTOGRAM_FIELDS: tuple[Field, ...] = (
    Field("width", "duration", "Width of each bin, from zero.", 2, required=True),
    Field("counts", "counts", "Items per bin; the last bin also holds every longer item.",
          [3, 10, 7, 2], required=True, maximum=1e12),
)

LEAD_TIME_FIELDS: tuple[Field, ...] = (
    Field("p50", "duration", "Median lead time of the measured items (end minus start).",
          12.5),
    Field("p85", "duration", "85th percentile of the items' lead times.", 20.25),
    Field("mean", "duration", "Mean lead time of the items.", 13.1),
    Field("histogram", "histogram", "The distribution of the items' lead times.",
          {"width": 2, "counts": [3, 10, 7, 2]}),
)

UNMAPPED_FIELDS: tuple[Field, ...] = (
    Field("status", "text", "A tracker status that no step names.", "Blocked", required=True),
    Field("share", "percent", "Its share of the measured items' lead time.", 0.052,
          required=True),
    Field("items", "count", "Measured items that spent time in it.", 31, maximum=1e12),
)

MEASURED_STEP_FIELDS: tuple[Field, ...] = (
    Field("id", "text", "The step's id.", "review", required=True),
    Field("visited", "percent", "Share of the measured items that went through the step.",
          0.97),
    Field("wait_p50", "duration", "Median wait of the items before the step.", 2.5),
    Field("wait_p85", "duration", "85th percentile of the wait.", 6.25),
    Field("process_p50", "duration", "Median process time.", 0.5),
    Field("process_p85", "duration", "85th percentile of the process time.", 1.5),
)

MEASURED_FIELDS: tuple[Field, ...] = (
    Field("sources", "texts", "The tracker exports measured.", ["history.csv"]),
    Field("since", "date", "First day of the window (items ended on or after it).",
          "2026-04-01"),
    Field("until", "date", "Day after the window (items ended before it).", "2026-07-01"),
    Field("period", "text", "The period this map covers (`measure --by`).", "2026-Q2"),
    Field("statistic", "enum", "How wait and process times sum up the items.", "median",
          default="median", choices=STATISTICS),
    Field("items", "count", "Items measured: those that ended in the window.", 412,
          required=True, maximum=1e12),
    Field("in_progress", "count", "Items started but not ended at the window's close.", 37,
          maximum=1e12),
    Field("rework", "count", "Measured items that went back to an earlier step.", 58,
          maximum=1e12),
    Field("lead_time", "lead_time", "The items' lead times.", {"p50": 12.5, "p85": 20.25}),
    Field("unmapped", "unmapped", "Statuses no step names, with their share of lead time.",
          [{"status": "Blocked", "share": 0.052}]),
    Field("steps", "measured_steps", "Per step: share of items that visited it and its "
          "spread (p50 to p85).", [{"id": "review", "visited": 0.97, "wait_p50": 2.5,
                                    "wait_p85": 6.25}]),
)
