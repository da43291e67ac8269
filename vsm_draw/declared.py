"""Figures a team wrote by hand (``declared:``) against the computed ones.

A declared figure agrees when the computed one is within its last digit: ``30d`` allows
one day either way, ``4.5d`` a tenth of a day, ``12%`` one percentage point. ``check``
warns about the others, and the metrics table and the report show both side by side.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Optional

from .durations import UNITS, format_number, humanize, unit_seconds
from .errors import Problem
from .metrics import Metrics
from .model import Calendar, DeclaredFigure, ValueStreamMap

__all__ = ["DeclaredCheck", "declared_checks", "declared_warnings"]

#: The declared figures, in the order the map format lists them, with their words.
_FIGURES = (("lead_time", "lead time"), ("process_time", "process time"),
            ("flow_efficiency", "flow efficiency"))
_SHORT = {"seconds": "s", "minutes": "min", "hours": "h", "days": "d", "weeks": "w"}


@dataclass(frozen=True)
class DeclaredCheck:
    """One declared figure against the computed one (None: cannot be computed)."""

    key: str
    label: str
    declared: DeclaredFigure
    computed: Optional[float]
    is_share: bool
    calendar: Calendar

    @property
    def differs(self) -> bool:
        """The computed figure is further from the declared one than its last digit."""
        if self.computed is None:
            return True
        gap = abs(self.computed - self.declared.value)
        scale = max(abs(self.computed), abs(self.declared.value), self.declared.resolution)
        return gap > self.declared.resolution + 1e-9 * scale  # floats of equal figures

    def show(self, value: float) -> str:
        """``value`` written one digit finer than the declared figure, in its unit."""
        resolution = self.declared.resolution
        if self.is_share:
            return _fixed(value * 100, resolution * 100) + " %"
        for unit in reversed(UNITS):  # the unit in which the last digit is a power of ten
            size = unit_seconds(unit, self.calendar)
            power = math.log10(resolution / size)
            if abs(power - round(power)) < 1e-9:
                return f"{_fixed(value / size, resolution / size)} {_SHORT[unit]}"
        return humanize(value, self.calendar)

    @property
    def computed_text(self) -> str:
        return "n/a" if self.computed is None else self.show(self.computed)

    @property
    def tolerance_text(self) -> str:
        if self.is_share:
            points = _fixed(self.declared.resolution * 100, self.declared.resolution * 100)
            return f"{points} percentage point{'' if points == '1' else 's'}"
        return self.show(self.declared.resolution)


def _fixed(value: float, resolution: float) -> str:
    """``value`` with one decimal more than ``resolution`` has, trailing zeros dropped."""
    decimals = max(0, -round(math.log10(resolution))) + 1
    return format_number(value, decimals)


def declared_checks(vsm: ValueStreamMap, m: Metrics) -> tuple[DeclaredCheck, ...]:
    """Every declared figure of the map against the computed one, in the format's order."""
    computed = {"lead_time": m.lead_time, "process_time": m.process_time,
                "flow_efficiency": m.flow_efficiency}
    return tuple(
        DeclaredCheck(key, label, figure, computed[key], key == "flow_efficiency",
                      vsm.calendar)
        for key, label in _FIGURES
        if (figure := getattr(vsm.declared, key)) is not None
    )


def declared_warnings(vsm: ValueStreamMap, m: Metrics, file: str) -> list[Problem]:
    """A located warning for each declared figure the computed one contradicts."""
    out = []
    for c in declared_checks(vsm, m):
        if not c.differs:
            continue
        d = c.declared
        if c.computed is None:
            message = (f"warning: declared `{c.key}` {d.text} cannot be checked: the map's "
                       "lead time is zero; give its steps their times")
        else:
            message = (f"warning: declared `{c.key}` {d.text} differs from the computed "
                       f"{c.label} {c.computed_text} by more than its last digit "
                       f"({c.tolerance_text}); correct the declared figure or the map")
        out.append(Problem(file, d.line, d.column, message))
    return out
