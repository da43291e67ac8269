"""Maps of one stream on different calendars: the sentence that says how they are compared.

A team that moves from elapsed time to 8-hour working days between quarters writes "3 w"
in both maps, meaning 504 h in the first and 120 h in the second. Changes are taken in
time as measured (hours), each map's figures shown in its own days: "96.4 d -> 65.7 d" then
reads as a fall of 77 %, which only the calendars explain, so the story says so.
"""
from __future__ import annotations

from .model import Calendar, ValueStreamMap

__all__ = ["calendar_sentence"]


def _calendar_words(cal: Calendar) -> str:
    if not cal.is_working:
        return "elapsed time (a day 24 h)"
    return f"working time (a day {cal.hours_per_day:g} h, a week {cal.days_per_week:g} days)"


def calendar_sentence(models: tuple[ValueStreamMap, ...]) -> str:
    """"Map [1] counts elapsed time (...), map [2] counts working time (...): each map's
    figures are in its own days, the changes ..."; "" when the maps share one calendar."""
    if all(v.calendar == models[-1].calendar for v in models):
        return ""
    groups: dict[str, list[str]] = {}
    for i, v in enumerate(models, 1):
        groups.setdefault(_calendar_words(v.calendar), []).append(f"[{i}]")
    parts = [f"{'maps' if len(ids) > 1 else 'map'} {', '.join(ids)} {'count' if len(ids) > 1 else 'counts'} {words}"
             for words, ids in groups.items()]
    text = ", ".join(parts)
    return (f"{text[0].upper()}{text[1:]}: each map's figures are in its own days, the "
            "changes taken in hours as measured and written in the last map's days.")
