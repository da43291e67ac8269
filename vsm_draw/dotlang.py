"""Writing DOT text: quoting, HTML-like label escaping and a small ordered builder.

Everything here is string work in insertion order, so the same input always gives
the same DOT, byte for byte. User text only ever reaches DOT through :func:`html`
(HTML-like labels) or :func:`quote` (quoted strings), so it cannot change the graph.
"""
from __future__ import annotations

from typing import Union

__all__ = ["Html", "html", "quote", "num", "write_attrs", "Dot"]


class Html(str):
    """An HTML-like label, written between ``<`` and ``>`` instead of quotes."""


#: Control characters become spaces: they have no place in a label.
_CONTROL = {code: " " for code in [*range(32), 127]}

_HTML = {
    **_CONTROL,
    ord("&"): "&amp;",
    ord("<"): "&lt;",
    ord(">"): "&gt;",
    ord('"'): "&quot;",
    ord("'"): "&#39;",
    # Graphviz expands \N, \G and \E even inside HTML-like labels and reads a doubled
    # backslash as one: doubling every backslash shows it literally.
    ord("\\"): "&#92;&#92;",
    # Record syntax, written as references for good measure.
    **{ord(c): f"&#{ord(c)};" for c in "[]{}|"},
}

_QUOTED = {**_CONTROL, ord("\\"): "\\\\", ord('"'): '\\"'}


# str.translate with a dict costs microseconds a call even when nothing changes, and a
# diagram quotes thousands of ids and colours: such text is returned as it is. (A set,
# not a regular expression: compiling one cost half a million instructions at each start.)
_HTML_SPECIAL = frozenset("&<>\"'\\[]{}|")


def html(text: object) -> str:
    """``text`` escaped for an HTML-like label: markup and entities show literally."""
    text = str(text)
    if text.isprintable() and _HTML_SPECIAL.isdisjoint(text):  # no control character either
        return text
    return text.translate(_HTML)


def quote(text: object) -> str:
    """``text`` as a double-quoted DOT string: quotes and backslashes escaped."""
    text = str(text)
    if text.isprintable() and '"' not in text and "\\" not in text:
        return f'"{text}"'
    return f'"{text.translate(_QUOTED)}"'


def num(value: float) -> str:
    """A coordinate or size with at most two decimals and no trailing zeros."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


Value = Union[str, int, float, Html]


def _html(value: Html) -> str:
    return f"<{value}>"


def _bool(value: bool) -> str:
    return "true" if value else "false"


#: How each type of value is written, looked up by its exact type: a diagram writes
#: thousands of them (a subclass goes through :func:`_value`).
_WRITERS = {str: quote, float: num, int: num, Html: _html, bool: _bool}


def _value(value: Value) -> str:
    if isinstance(value, Html):
        return _html(value)
    if isinstance(value, bool):
        return _bool(value)
    if isinstance(value, (int, float)):
        return num(float(value))
    return quote(value)


def write_attrs(attrs: dict[str, Value]) -> str:
    """``attrs`` written as a DOT attribute list, ``key=value, ...`` (see :meth:`Dot.node`)."""
    writers = _WRITERS
    return ", ".join([f"{key}={writers.get(type(value), _value)(value)}" for key, value in attrs.items()])


class Dot:
    """A directed graph written statement by statement, in the order they are added."""

    def __init__(self, name: str, graph: dict[str, Value], node: dict[str, Value], edge: dict[str, Value]):
        self.name = name
        self._lines = [
            f"digraph {quote(name)} {{",
            f"  graph [{write_attrs(graph)}];",
            f"  node [{write_attrs(node)}];",
            f"  edge [{write_attrs(edge)}];",
        ]
        self._names: set[str] = set()

    def comment(self, text: str) -> None:
        """A ``//`` comment line (our own fixed words only, never user text)."""
        self._lines.append(f"  // {text}")

    def attr(self, **attrs: Value) -> None:
        """Set graph attributes at this point of the source."""
        self._lines.append(f"  graph [{write_attrs(attrs)}];")

    def node(self, name: str, **attrs: Value) -> str:
        """Add node ``name`` (an identifier of ours) with ``attrs``; returns the name."""
        return self.node_written(name, write_attrs(attrs) if attrs else "")

    def node_written(self, name: str, attrs: str) -> str:
        """:meth:`node` with its attributes already written (``key=value, ...``, every value
        through :func:`quote`, :func:`num` or an :class:`Html` label as :meth:`node` would):
        for a writer that adds many nodes alike. Returns the name."""
        if name in self._names:
            raise ValueError(f"duplicate node {name}")
        self._names.add(name)
        self._lines.append(f"  {name} [{attrs}];" if attrs else f"  {name};")
        return name

    def edge(self, tail: str, head: str, **attrs: Value) -> None:
        """Add an edge between two existing nodes."""
        self.edge_written(tail, head, write_attrs(attrs) if attrs else "")

    def edge_written(self, tail: str, head: str, attrs: str) -> None:
        """:meth:`edge` with its attributes already written (see :meth:`node_written`)."""
        self._lines.append(f"  {tail} -> {head} [{attrs}];" if attrs else f"  {tail} -> {head};")

    def source(self) -> str:
        """The DOT text."""
        return "\n".join(self._lines + ["}", ""])
