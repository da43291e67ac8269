"""One error family for everything wrong with a map, each problem with its place."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

__all__ = ["Problem", "VsmError"]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong, at ``file:line:column`` (1-based)."""

    file: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.message}"


class VsmError(Exception):
    """A map that cannot be read or is invalid; ``problems`` lists every problem found."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    @classmethod
    def at(cls, file: str, line: int, column: int, message: str) -> "VsmError":
        return cls([Problem(file, line, column, message)])
