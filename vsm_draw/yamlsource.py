"""Reading map text: UTF-8 decoding and YAML into plain nodes that remember their place.

Only PyYAML's safe composer runs: no tag may construct a Python object, and aliases
are followed within a fixed budget, so an alias bomb fails fast instead of expanding.
"""
from __future__ import annotations

import datetime as _dt
import re
import sys
from typing import Any, Optional, Union

from ._lazy import lazy_patterns
from .errors import Problem, VsmError, shorten
from .frozen import frozen


def _import_yaml():
    """``import yaml``, its modules' regular expressions left to compile when first used.

    One of them, the Python reader's test for characters YAML does not allow, is a
    character class over all of Unicode that takes 57 million instructions to compile
    (4-10 ms of CPU), as much as the rest of PyYAML's import; libyaml's loader, which
    this module uses, never runs it. The resolver's compile as maps need them.
    """
    if "yaml" not in sys.modules:
        with lazy_patterns():
            import yaml  # noqa: F401
    return sys.modules["yaml"]


yaml = _import_yaml()
from yaml.constructor import SafeConstructor  # noqa: E402
from yaml.nodes import MappingNode, ScalarNode, SequenceNode  # noqa: E402

__all__ = ["YScalar", "YMap", "YSeq", "YNode", "REFUSED", "compose", "parse_yaml", "decode",
           "represent_text"]

#: How many nodes a map may hold once aliases are followed (a real map has a few hundred).
NODE_BUDGET = 100_000

_PREFIX = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_PREFIX + t for t in ("str", "int", "float", "bool", "null", "timestamp")}
_STR, _INT, _FLOAT, _BOOL, _NULL, _TIMESTAMP = (
    _PREFIX + t for t in ("str", "int", "float", "bool", "null", "timestamp"))

#: YAML 1.1's words for true and false, and for null, as PyYAML's resolver reads them.
_BOOL_WORDS = frozenset("yes Yes YES no No NO true True TRUE false False FALSE on On ON off Off OFF".split())
_NULL_WORDS = frozenset(("~", "null", "Null", "NULL", ""))
#: The first characters PyYAML's resolver has a regular expression for (a plain scalar
#: starting with any other is text).
_RESOLVED_FIRST = frozenset("yYnNtTfFoO~-+0123456789.<=!&*")
#: The last character of anything its number and timestamp expressions match, but for
#: the hex digits of 0x1F.
_NUMBER_LAST = frozenset("0123456789_.fFnNZ")
_DIGITS = frozenset("0123456789")
_DIGITS_ = frozenset("0123456789_")


def plain_tag(value: str) -> Optional[str]:
    """The tag PyYAML's resolver gives the plain scalar ``value``, or None when this cannot
    tell for sure (PyYAML's regular expressions decide those).

    The same tags, found without compiling the resolver's seven regular expressions (some
    ten million instructions, a tenth of a cold ``render``'s own work): plain string tests
    for the shapes maps are made of: words (``Design``, ``no``, ``~``), durations and
    percentages (``2d``, ``1.5h``, ``80%``), whole and decimal numbers, dates. A property
    test holds this to PyYAML's resolver over generated scalars.
    """
    if "\n" in value:  # their `$` also matches before a last line break: not decided here
        return None
    first = value[:1]
    if value in _BOOL_WORDS:
        return _BOOL
    if value in _NULL_WORDS:
        return _NULL
    if first not in _RESOLVED_FIRST or first in "yYnNtTfFoO~":  # (only words begin so)
        return _STR
    if first in "<=!&*":  # merge keys and the like: PyYAML's
        return None
    body = value[1:] if first in "+-" else value
    chars = set(body)
    if body[:1] in _DIGITS and chars <= _DIGITS_:
        return _INT if body == "0" or body[0] != "0" else None  # (010 is octal)
    if body[:1] in _DIGITS and body.count(".") == 1 and chars - {"."} <= _DIGITS_:
        return _FLOAT  # 1.5, 12., -0.25
    if _is_date(value):
        return _TIMESTAMP  # 2026-09-30
    if value[-1] not in _NUMBER_LAST and not body.startswith("0x"):
        return _STR  # 2d, 1.5h, 80%, 3 days: no number, date or time ends so
    return None


class _Resolving:
    """Resolves plain scalars by :func:`plain_tag` where it can tell, else as PyYAML does."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        if kind is ScalarNode and implicit[0]:
            tag = plain_tag(value)
            if tag is not None:
                return tag
        return super().resolve(kind, value, implicit)  # type: ignore[misc]


class _SafeLoader(_Resolving, getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """libyaml's safe loader when PyYAML was built with it (ten times faster), else Python's."""


def _is_date(text: str) -> bool:
    """Whether ``text`` is a date written YYYY-MM-DD."""
    return len(text) == 10 and text[4] == text[7] == "-" and set(text[:4] + text[5:7] + text[8:]) <= _DIGITS


def _date(text: str) -> _dt.date:
    """A YYYY-MM-DD date as PyYAML's constructor makes it, without its regular expression
    (ValueError for a day that does not exist)."""
    return _dt.date(int(text[:4]), int(text[5:7]), int(text[8:]))


class _Refused:
    """The value of a node already reported (a refused tag): validation skips it."""

    def __repr__(self) -> str:
        return "REFUSED"


REFUSED: Any = _Refused()


@frozen
class YScalar:
    """A scalar: its Python value (str, int, float, bool, None, date), its source text."""

    value: Any
    text: str
    line: int
    column: int


@frozen
class YMap:
    """A mapping; ``items`` maps each key to (key line, key column, value node)."""

    items: dict[str, tuple[int, int, "YNode"]]
    line: int
    column: int


@frozen
class YSeq:
    """A sequence: its items in order."""

    items: tuple["YNode", ...]
    line: int
    column: int


YNode = Union[YScalar, YMap, YSeq]


def decode(data: bytes, file: str) -> str:
    """UTF-8 text (a BOM is dropped), or a VsmError at the first byte that is not UTF-8."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        raise VsmError.at(
            file, line, column,
            f"the file is not UTF-8 text (byte 0x{data[exc.start]:02x}); "
            "save it as UTF-8 in your editor",
        ) from None


class _Builder:
    def __init__(self, file: str):
        self.file = file
        self.budget = NODE_BUDGET
        self.constructor = SafeConstructor()
        self.problems: list[Problem] = []
        self.open_nodes: set[int] = set()
        self.built: set[int] = set()  # nodes built once: a second time is through an alias
        self.aliased = False
        #: The keys and list positions down to the node being built (["steps", 1, "name"]):
        #: a problem says which field, and which step, it is about (Problem.field, .step).
        self.path: list[Union[str, int]] = []

    def problem(self, node: Any, message: str, key: Optional[str] = None) -> None:
        mark = node.start_mark
        path = [*self.path, key] if key is not None else self.path
        in_step = len(path) > 1 and path[0] == "steps" and isinstance(path[1], int)
        step = path[1] + 1 if in_step else None  # type: ignore[operator]
        # the innermost key; a step itself (["steps", 1]) is no field
        field = None if in_step and len(path) == 2 else \
            next((k for k in reversed(path) if isinstance(k, str)), None)
        self.problems.append(Problem(self.file, mark.line + 1, mark.column + 1, message,
                                     field, step))

    def build(self, node: Any) -> YNode:
        self.budget -= 1
        if id(node) in self.built:
            self.aliased = True
        else:
            self.built.add(id(node))
        if self.budget < 0:
            mark = node.start_mark
            raise VsmError.at(
                self.file, mark.line + 1, mark.column + 1,
                f"the map expands to more than {NODE_BUDGET} values through YAML aliases "
                "(*name); write the values out or use fewer aliases" if self.aliased else
                f"the map holds more than {NODE_BUDGET} values; a value stream map holds a "
                "few hundred: split it into several maps",
            )
        line, column = node.start_mark.line + 1, node.start_mark.column + 1
        if not isinstance(node, ScalarNode):
            if id(node) in self.open_nodes:
                raise VsmError.at(self.file, line, column,
                                  "a YAML alias (*name) refers to a list or mapping that holds "
                                  "it; a map cannot contain itself")
            self.open_nodes.add(id(node))
            try:
                return self.build_collection(node, line, column)
            finally:
                self.open_nodes.discard(id(node))
        if node.tag not in _SCALAR_TAGS:
            self.problem(node, _tag_message(node.tag))
            return YScalar(REFUSED, node.value, line, column)
        try:
            if node.tag == _TIMESTAMP and _is_date(node.value):
                value = _date(node.value)
            else:
                value = self.constructor.construct_object(node)
        except (yaml.YAMLError, ValueError, OverflowError) as exc:
            if node.value.strip().lstrip("+-").replace("_", "").isdigit():
                # Python's own words for a huge integer advise a Python call: say the map's.
                why = f"a number of {len(node.value)} digits is far beyond any figure of a map"
            else:
                why = str(exc)
            self.problem(node, f"cannot read {shorten(node.value)!r}: {why}")
            value = REFUSED
        if isinstance(value, _dt.datetime):
            value = value.date() if value.time() == _dt.time() else value
        return YScalar(value, node.value, line, column)

    def build_collection(self, node: Any, line: int, column: int) -> YNode:
        if isinstance(node, SequenceNode):
            if node.tag != _PREFIX + "seq":
                self.problem(node, _tag_message(node.tag))
                return YScalar(REFUSED, "", line, column)
            return YSeq(tuple(self.built_at(index, item) for index, item in enumerate(node.value)),
                        line, column)
        if isinstance(node, MappingNode):
            if node.tag != _PREFIX + "map":
                self.problem(node, _tag_message(node.tag))
                return YScalar(REFUSED, "", line, column)
            items: dict[str, tuple[int, int, YNode]] = {}
            for key_node, value_node in node.value:
                kline, kcol = key_node.start_mark.line + 1, key_node.start_mark.column + 1
                if key_node.tag == _PREFIX + "merge":
                    self.problem(key_node, "YAML merge keys (<<) are not supported; "
                                 "write the keys out")
                    continue
                if not isinstance(key_node, ScalarNode) or key_node.tag not in _SCALAR_TAGS:
                    self.problem(key_node, "a key must be a plain word such as `name`")
                    continue
                key = key_node.value
                if key in items:
                    first = items[key]
                    self.problem(key_node, f"`{shorten(key)}` is given twice (first at line "
                                 f"{first[0]}); keep one", key)
                    continue
                items[key] = (kline, kcol, self.built_at(key, value_node))
            return YMap(items, line, column)
        raise AssertionError(f"unexpected YAML node {node!r}")  # pragma: no cover

    def built_at(self, where: Union[str, int], node: Any) -> YNode:
        """``node``, built as the value of key (or list position) ``where``."""
        self.path.append(where)
        try:
            return self.build(node)
        finally:
            self.path.pop()


def _tag_message(tag: str) -> str:
    return (f"the YAML tag {shorten(tag)!r} is not allowed: a map holds plain data only "
            "(text, numbers, true/false, lists and mappings); remove the tag")


def compose(text: str, file: str) -> tuple[YNode | None, list[Problem]]:
    """Compose ``text`` safely into positioned nodes (None for an empty document) and the
    YAML-level problems found on the way (refused tags, merge keys, duplicate keys): the
    loader reports them together with the problems of the fields.

    Text that is not YAML at all raises VsmError at the place where reading stopped.
    """
    if "\x85" in text or "\u2028" in text or "\u2029" in text:
        raise VsmError([_hidden_break_problem(_HIDDEN_BREAK.search(text), text, file)])
    try:
        root = yaml.compose(text, Loader=_SafeLoader)
    except yaml.MarkedYAMLError as exc:
        raise VsmError([_syntax_problem(exc, text, file)]) from None
    except yaml.reader.ReaderError as exc:
        raise VsmError([_reader_problem(exc, text, file)]) from None
    except yaml.YAMLError as exc:
        raise VsmError.at(file, 1, 1, f"invalid YAML: {exc}") from None
    except RecursionError:
        raise VsmError.at(file, 1, 1, "the YAML is nested too deeply to be a map") from None
    if root is None:
        return None, []
    builder = _Builder(file)
    try:
        tree = builder.build(root)
    except RecursionError:
        raise VsmError.at(file, 1, 1, "the YAML is nested too deeply to be a map") from None
    return tree, builder.problems


def parse_yaml(text: str, file: str) -> YNode | None:
    """Compose ``text`` safely into positioned nodes; None for an empty document.

    Raises VsmError with every YAML-level problem (see :func:`compose`).
    """
    tree, problems = compose(text, file)
    if problems:
        raise VsmError(problems)
    return tree


_FIX = "check the indentation and quote text that holds ': ' or starts with a special character"


def _syntax_problem(exc: yaml.MarkedYAMLError, text: str, file: str) -> Problem:
    """The place and words of a YAML syntax error, said the way a map's author can act on."""
    mark = exc.problem_mark or exc.context_mark
    problem, context = exc.problem or "", exc.context or ""
    if "quoted scalar" in context and "end of stream" in problem and exc.context_mark:
        # libyaml stops at the end of the file; the quote that never closes is where to look.
        mark = exc.context_mark
        message = "this quote is never closed; end the text with the same quote mark"
    elif mark is not None and _char_at(text, mark.line, mark.column) == "\t":
        message = "YAML does not allow tabs for indentation; use spaces"
    else:
        what = " ".join(p for p in (context, problem) if p)
        message = f"invalid YAML: {what}; {_FIX}"
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    return Problem(file, line, column, message)


def _char_at(text: str, line: int, column: int) -> str:
    lines = text.split("\n", line + 1)
    return lines[line][column:column + 1] if line < len(lines) else ""


#: Characters YAML reads as a line break that editors and terminals show as none (or as a
#: space): '# reviewed<U+2028>wait_time: 9w' looks like a comment and sets wait_time, and
#: every place after one is a line further down than the editor says.
with lazy_patterns():  # compiled for a text that holds one (compose tests with `in`)
    _HIDDEN_BREAK = re.compile("[\x85\u2028\u2029]")
_BREAK_NAMES = {"\x85": "the next-line control NEL", "\u2028": "a line separator",
                "\u2029": "a paragraph separator"}


def represent_text(dumper: "yaml.SafeDumper", text: str) -> "yaml.ScalarNode":
    """A dumper's representer for str: text holding a character of :data:`_HIDDEN_BREAK` is
    written in double quotes, where it is escaped (\\L, \\N); PyYAML writes it raw in
    plain or single quotes, where it reads back as a line break (and our loader refuses it)."""
    if _HIDDEN_BREAK.search(text):
        return dumper.represent_scalar("tag:yaml.org,2002:str", text, style='"')
    return dumper.represent_str(text)


def _hidden_break_problem(found: "re.Match[str]", text: str, file: str) -> Problem:
    before = text[:found.start()]
    line = before.count("\n") + 1
    column = found.start() - (before.rfind("\n") + 1) + 1
    char = found.group()
    return Problem(file, line, column, f"the file holds the character U+{ord(char):04X} "
                   f"({_BREAK_NAMES[char]}), which YAML reads as a line break though editors "
                   "show none; replace it with a new line or a space (or write it as "
                   f"\\u{ord(char):04x} in quotes)")


def _reader_problem(exc: "yaml.reader.ReaderError", text: str, file: str) -> Problem:
    """A character YAML refuses (a NUL byte, a control character), at its place."""
    position = max(0, min(exc.position, len(text)))
    before = text[:position]
    line = before.count("\n") + 1
    column = position - (before.rfind("\n") + 1) + 1
    code = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "\0")
    name = "a NUL byte" if code == 0 else f"the control character U+{code:04X}"
    return Problem(file, line, column, f"the file holds {name}, which YAML does not allow; "
                   "remove it (is this a binary file?)")
