"""The metrics as an aligned plain-text table for people (``vsm-draw metrics``)."""
from __future__ import annotations

import unicodedata
from typing import Callable, Optional, Sequence

from .declared import declared_checks
from .durations import format_in, format_percent, humanize, humanize_as
from .flow_words import loop_phrase, path_names, rework_sentence, slack_sentence
from .metrics import Metrics
from .model import Step, ValueStreamMap
from .words import NOT_GIVEN, gives_complete_accurate, rolled_complete_accurate_text

__all__ = ["metrics_table", "display_width", "grid"]


def display_width(text: str) -> int:
    """Columns ``text`` takes in a terminal (wide CJK characters count twice)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int, right: bool = False) -> str:
    gap = " " * max(0, width - display_width(text))
    return gap + text if right else text + gap


def grid(rows: Sequence[Sequence[str]], right: set[int], *,
         header_rule: bool = False) -> list[str]:
    """Rows as aligned columns two spaces apart (columns in ``right`` aligned right);
    ``header_rule`` puts a line of dashes under the first row."""
    widths = [max(display_width(r[i]) for r in rows) for i in range(len(rows[0]))]
    out = ["  ".join(_pad(c, widths[i], i in right) for i, c in enumerate(r)).rstrip()
           for r in rows]
    if header_rule:
        out.insert(1, "-" * max(display_width(line) for line in out))
    return out


def metrics_table(vsm: ValueStreamMap, m: Metrics, unit: Optional[str] = None) -> str:
    """The table ``vsm-draw metrics`` prints: steps, totals, and the bottleneck called out."""
    cal = vsm.calendar

    def dur(seconds: float) -> str:
        return format_in(seconds, unit, cal) if unit else humanize(seconds, cal)

    heading = vsm.title
    extra = ", ".join(x for x in (vsm.state, vsm.date.isoformat() if vsm.date else None) if x)
    lines = [heading + (f"  ({extra})" if extra else "")]
    if vsm.boundaries.start or vsm.boundaries.end:
        lines.append(f"From: {vsm.boundaries.start or '?'}  ->  To: {vsm.boundaries.end or '?'}")
    lines.append("")

    def wait_share(seconds: float) -> str:
        return format_percent(seconds / m.lead_time if m.lead_time > 0 else None)

    # Branched maps get a slack column, looping ones the expected visits of each step.
    branched, looping = m.branched, bool(m.loops)
    rows = [["#", "Step", "Owner", "Wait", "Process", "VA", "%C&A", "Wait % of LT"]
            + (["Slack"] if branched else []) + (["Visits"] if looping else [])]
    for i, s in enumerate(vsm.steps, 1):
        wait = dur(s.wait_time) + (" *" if s.informal_wait else "")
        given = gives_complete_accurate(s)
        flags = [word for word, on in (
            ("bottleneck", s.id == m.bottleneck.id and m.bottleneck.wait_time > 0),
            ("over takt", m.is_over_takt(s))) if on]
        rows.append([
            str(i), s.name + (f"  <- {', '.join(flags)}" if flags else ""),
            s.owner or "", wait, dur(s.process_time), "yes" if s.value_adding else "no",
            format_percent(s.complete_accurate) if given else "-",
            wait_share(s.wait_time) if m.on_critical_path(s) else "parallel",
        ] + ([_slack_cell(m, s, dur)] if branched else [])
            + ([f"{m.visits_of(s):.2f}x"] if looping else []))
    rolled = rolled_complete_accurate_text(vsm, m.rolled_complete_accurate)
    rows.append(["", "Total" + (" on the critical path" if branched else ""), "",
                 dur(m.wait_time), dur(m.process_time), "",
                 "" if rolled == NOT_GIVEN else rolled, wait_share(m.wait_time)]
                + ([""] if branched else []) + ([""] if looping else []))
    table = grid(rows, right={0, 3, 4, 6, 7, 8, 9})
    rule = "-" * max(display_width(line) for line in table)
    lines += [table[0], rule, *table[1:-1], rule, table[-1], ""]
    if any(s.informal_wait for s in vsm.steps):
        lines += ["* informal queue: no tool shows it", ""]

    summary = [
        ["Lead time", dur(m.lead_time), "wait + process, start to end"
         + (", along the critical path" if branched else "")],
        ["Process time", dur(m.process_time), "active work"],
        ["Wait time", dur(m.wait_time), format_percent(
            m.wait_time / m.lead_time if m.lead_time else None) + " of lead time"],
        ["Flow efficiency", format_percent(m.flow_efficiency), m.rating],
        ["Value-added time", dur(m.value_added_time),
         format_percent(m.value_added_ratio) + " of lead time"],
        ["Rolled %C&A", rolled, "share that passes every step without rework"
         if rolled != NOT_GIVEN else "no step gives its %C&A"],
    ]
    if branched:
        summary.insert(2, ["Total process time", dur(m.total_process_time),
                           "all the work, parallel branches included"])
    if looping:
        rework = dur(m.rework_cost) if unit else humanize_as(m.rework_cost, m.lead_time, cal)
        summary.insert(1, ["Lead time with rework", dur(m.lead_time_with_rework),
                           f"expected; +{rework} of rework"])
        summary.insert(3, ["Process time with rework", dur(m.process_time_with_rework),
                           "expected, along the critical path" if branched else "expected"])
    if m.takt_time is not None:
        over = len(m.over_takt)
        summary.append(["Takt time", dur(m.takt_time), "available time / demand; "
                        + (f"{over} {'step' if over == 1 else 'steps'} over it" if over
                           else "every step keeps pace")])
    if any(s.owner for s in vsm.steps):
        summary.append(["Handoffs", str(m.handoffs), "changes of owner along the flow"])
    for c in declared_checks(vsm, m):
        verdict = (f"differs by more than {c.tolerance_text}" if c.differs
                   else "agrees")
        summary.append([f"Declared {c.label}", c.declared.text,
                        f"computed {c.computed_text}: {verdict}"])
    lines += grid(summary, right={1})
    lines.append("")
    if branched:
        lines += [f"Critical path: {path_names(vsm, m)}", slack_sentence(vsm, m, dur), ""]
    if looping:
        lines += ["Rework loops, costliest first:"]
        lines += [f"  {loop_phrase(vsm, c, dur)}" for c in m.loops]
        lines += [rework_sentence(vsm, m, dur if unit else None), ""]
    b = m.bottleneck
    if b.wait_time > 0:
        share = format_percent(b.wait_time / m.lead_time)
        reason = f" ({b.wait_reason})" if b.wait_reason else ""
        where = " on the critical path" if branched else ""
        lines.append(f"Bottleneck: {b.name} — work waits {dur(b.wait_time)} before it"
                     f"{reason}, {share} of the lead time{where}. Fix that flow first.")
    else:
        lines.append("Bottleneck: none — no step has a wait before it.")
    return "\n".join(lines) + "\n"


def _slack_cell(m: Metrics, step: Step, dur: Callable[[float], str]) -> str:
    if m.on_critical_path(step):
        return "critical"
    return dur(m.slack_of(step))
