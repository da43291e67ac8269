"""One error family for everything wrong with a map, each problem with its place."""
from __future__ import annotations

from dataclasses import field as _field
from typing import Iterable, Optional

from .frozen import frozen

__all__ = ["Problem", "VsmError", "RenderError", "shorten"]

#: How much of a user's value a message quotes (a 5,000-digit number is not echoed whole).
SHOWN_CHARS = 40


def shorten(text: str, limit: int = SHOWN_CHARS) -> str:
    """``text`` cut to ``limit`` characters with '…' (for quoting a value in a message)."""
    return text if len(text) <= limit else text[:limit] + "…"


@frozen(order=True)
class Problem:
    """One thing wrong, at ``file:line:column`` (1-based).

    ``field`` (such as ``wait_time``) and ``step`` (its number in flow order, from 1) say
    what the problem is about when it is about one, for programs that act on it.
    """

    file: str
    line: int
    column: int
    message: str
    field: Optional[str] = _field(default=None, compare=False)
    step: Optional[int] = _field(default=None, compare=False)

    def __str__(self) -> str:
        # One problem, one line: a message never breaks the FILE:LINE:COLUMN format.
        # A file named with a line break (or another control character) shows it escaped.
        message = " ".join(self.message.splitlines())
        file = "".join(c if c.isprintable() else repr(c)[1:-1] for c in self.file)
        return f"{file}:{self.line}:{self.column}: {message}"


class VsmError(Exception):
    """A map that cannot be read or is invalid; ``problems`` lists every problem found."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    @classmethod
    def at(cls, file: str, line: int, column: int, message: str) -> "VsmError":
        return cls([Problem(file, line, column, message)])


class RenderError(RuntimeError):
    """Drawing or printing a valid map failed (Graphviz or the PDF printer said no).

    A known failure with a message for the user, unlike any other exception (a bug).
    """
