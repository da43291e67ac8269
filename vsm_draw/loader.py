"""Loading a map: text -> positioned YAML -> validated, immutable model.

Every problem of a file is collected and reported at once, each at its
``FILE:LINE:COLUMN``, so a user fixes a map in one pass.
"""
from __future__ import annotations

import dataclasses
import datetime as _dt
import math
import os
import re
from pathlib import Path
from typing import Any, Callable, Optional, Union

from . import durations
from ._lazy import lazy_patterns
from .errors import Problem, VsmError, shorten
from .fields import (BOUNDARY_FIELDS, CALENDAR_FIELDS, DECLARED_FIELDS, HISTOGRAM_FIELDS,
                     INFO_FLOW_FIELDS, INFO_FLOWS_MAX, LEAD_TIME_FIELDS, MAP_FIELDS,
                     MEASURED_FIELDS, MEASURED_STEP_FIELDS, PARTY_FIELDS, REWORK_FIELDS,
                     REWORK_MAX, STATISTICS, STEP_FIELDS, STEPS_MAX, TEXT_BUDGET, TEXT_MAX,
                     UNMAPPED_FIELDS, Field)
from .flow import MAX_REWORK_RATE, MAX_VISITS, expected_visits, upstream
from .model import (CUSTOMER, SUPPLIER, Boundaries, Calendar, Declared, DeclaredFigure,
                    InfoFlow, Measured, MeasuredStep, Rate, Rework, Step, UnmappedStatus,
                    ValueStreamMap)
from .yamlsource import REFUSED, YMap, YNode, YScalar, YSeq, compose, decode, parse_yaml

__all__ = ["load", "load_file", "load_text", "read_map", "read_map_bytes", "map_file_problem",
           "map_name", "is_yaml_text", "slugify", "character_problem", "load_warnings", "STDIN"]

with lazy_patterns():  # compiled for an id that is not plain ASCII
    _ID = re.compile(r"^[\w.-]+$")
_ID_ASCII = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-")
_EXPONENT = r"^[+-]?(\d+\.?\d*|\.\d+)[eE][+-]?\d+$"  # (compiled when first met: re's cache)
#: Characters a quoted YAML escape can make ("\x01", "\uFFFE", a lone surrogate) that no
#: SVG, HTML or PDF can carry (XML 1.0 refuses them; UTF-8 cannot hold a surrogate).
_UNSHOWABLE = "[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]"
# Bidirectional overrides (LRO, RLO) make text show in another order than it is written
# ("S\u202eevil" shows as "Slive"). Embeddings (U+202A/B), their POP (U+202C) and isolates
# (U+2066-2069) are what editors put around right-to-left text: they reverse no letters.
_REORDERING = "[\u202d\u202e]"


def character_problem(text: str) -> Optional[str]:
    """What is wrong with a character of ``text`` that a map cannot hold ('holds the
    character U+0001 ...; remove it'), or None."""
    if text.replace("\n", "").replace("\t", "").replace("\r", "").isprintable():
        # None of those characters is printable: nearly every text is done here, and the
        # two expressions are compiled only for the rest (re's cache), as the one over
        # the surrogates takes 4 million instructions to compile.
        return None
    bad = re.search(_UNSHOWABLE, text)
    if bad:
        return (f"holds the character U+{ord(bad.group()):04X} (character {bad.start() + 1} "
                "of the text), which no picture or page can show; remove it (look for a \\x "
                "or \\u escape)")
    bad = re.search(_REORDERING, text)
    if bad:
        return (f"holds the character U+{ord(bad.group()):04X} (character {bad.start() + 1} "
                "of the text), a bidirectional override that makes the text show in another "
                "order than it is written; remove it (right-to-left text needs none)")
    return None
# Numbers YAML 1.1 reads in a way nobody writing a map means: octal 010 (8), hex 0x1F,
# binary 0b11 and base 60 (1:30 is 90). Decided from the source text of a plain scalar;
# each has a 0 after its sign or a ':', and the expression is compiled for those only.
_SURPRISING_NUMBER = (r"[-+]?(0[0-7_]+|0[xX][\da-fA-F_]+|0[bB][01_]+|\d[\d_]*(:[0-5]?\d)+"
                      r"(\.[\d_]*)?)")


def _close_matches(word: str, choices: list[str] | tuple[str, ...], n: int, cutoff: float) -> list[str]:
    """:func:`difflib.get_close_matches`, imported for a near miss only (not at start-up)."""
    import difflib

    return difflib.get_close_matches(word, choices, n=n, cutoff=cutoff)


def slugify(name: str) -> str:
    """The id a step gets from its name: lower-case words joined by '-' ('Code review' ->
    'code-review')."""
    return re.sub(r"[^\w]+", "-", name.strip().lower()).strip("-_")


#: A map is a few kilobytes; anything this large is not one (and is not read whole).
MAX_MAP_BYTES = 16 * 1024 * 1024


def is_yaml_text(source: str) -> bool:
    """Whether a string given as a map is YAML text rather than a path (a newline or a key)."""
    return "\n" in source or source.lstrip().startswith(("{", "steps:", "vsm:", "title:"))


def load(source: Union[str, Path]) -> ValueStreamMap:
    """Load a map from a path or from YAML text (a string holding a newline or ``steps:``)."""
    if isinstance(source, str) and is_yaml_text(source):
        return load_text(source)
    return load_file(source)


#: The path that means standard input, and the name a map read from it has in messages.
STDIN = "-"
_STDIN_NAME = "<stdin>"


def map_name(path: Union[str, Path]) -> str:
    """How messages name the map at ``path`` (``<stdin>`` for ``-``)."""
    return _STDIN_NAME if str(path) == STDIN else str(path)


def load_file(path: Union[str, Path]) -> ValueStreamMap:
    """Load and validate the map in ``path`` (``-``: standard input); VsmError with every
    problem otherwise."""
    return load_text(read_map(path), map_name(path))


def read_map(path: Union[str, Path]) -> str:
    """The text of the map file ``path`` (UTF-8; ``-``: standard input), or a VsmError that
    says why not."""
    return decode(read_map_bytes(path), map_name(path))


def read_map_bytes(path: Union[str, Path], *, regular_only: bool = False) -> bytes:
    """The bytes of the map file ``path``, at most :data:`MAX_MAP_BYTES` of them, or a
    VsmError that says why not. ``regular_only`` refuses devices, pipes and sockets (a
    build that walks a tree must not read ``/dev/zero`` through a symlink)."""
    if not isinstance(path, (str, os.PathLike)):
        # open() takes an int as a file descriptor, and closes it: load(1) closed stdout.
        raise TypeError(f"a map's path must be text or a pathlib.Path, not "
                        f"{type(path).__name__} (for YAML text use vsm_draw.loads)")
    name = map_name(path)
    if str(path) == STDIN:
        import sys

        data = sys.stdin.buffer.read(MAX_MAP_BYTES + 1)
        return _bounded(data, name)
    try:
        # Without O_NONBLOCK, opening a named pipe waits for a writer: a build (or a docs
        # page) naming one hung before it could be refused. A regular file ignores the flag.
        flags = os.O_RDONLY | (os.O_NONBLOCK if regular_only else 0)
        with open(os.open(path, flags), "rb") as fh:  # a pipe such as /dev/stdin works too
            problem = _unreadable(os.fstat(fh.fileno())) if regular_only else None
            if problem:
                raise VsmError.at(name, 1, 1, problem)
            data = fh.read(MAX_MAP_BYTES + 1)
    except FileNotFoundError:
        raise VsmError.at(name, 1, 1, _NO_SUCH_FILE) from None
    except IsADirectoryError:
        raise VsmError.at(name, 1, 1, _FOLDER) from None
    except OSError as exc:
        raise VsmError.at(name, 1, 1, f"cannot read the file: {exc.strerror}") from None
    except ValueError:  # open() refuses a path holding a NUL character ('embedded null byte')
        raise VsmError.at(name, 1, 1, "no such file: the path holds a NUL character") from None
    return _bounded(data, name)


def map_file_problem(path: Union[str, Path]) -> Optional[str]:
    """Why :func:`read_map_bytes` with ``regular_only`` would refuse the file ``path``
    (no such file, a folder, a device, pipe or socket, larger than :data:`MAX_MAP_BYTES`),
    or None; from its status alone, links followed, nothing opened or read."""
    try:
        return _unreadable(os.stat(path))
    except FileNotFoundError:
        return _NO_SUCH_FILE
    except OSError as exc:
        return f"cannot read the file: {exc.strerror}"
    except ValueError:  # a NUL character in the path
        return "no such file: the path holds a NUL character"


_NO_SUCH_FILE = "no such file; check the path"
_FOLDER = "this is a folder, not a map file"
_TOO_LARGE = (f"the file is larger than {MAX_MAP_BYTES // 2**20} MiB; a value stream map is "
              "a few kilobytes")


def _unreadable(info: os.stat_result) -> Optional[str]:
    """Why a file of status ``info`` is no map to read: a folder, not a regular file (a
    device such as /dev/zero never ends; opening a named pipe waits), too large."""
    import stat

    if stat.S_ISDIR(info.st_mode):
        return _FOLDER
    if not stat.S_ISREG(info.st_mode):
        return "this is not a regular file (a device, pipe or socket); a map is a YAML file"
    if info.st_size > MAX_MAP_BYTES:
        return _TOO_LARGE
    return None


def _bounded(data: bytes, name: str) -> bytes:
    if len(data) > MAX_MAP_BYTES:
        raise VsmError.at(name, 1, 1, _TOO_LARGE)
    return data


def load_warnings(vsm: ValueStreamMap) -> tuple[Problem, ...]:
    """The located warnings of the map as it was loaded (a flow from a party to itself, not
    drawn): :attr:`ValueStreamMap.warnings`. Every command prints them and goes on."""
    return vsm.warnings


def load_text(text: str, file: str = "<map>") -> ValueStreamMap:
    """Load and validate a map from YAML text; ``file`` names it in errors."""
    tree, yaml_problems = compose(text, file)
    if tree is None:
        raise VsmError.at(file, 1, 1, "the file is empty (or only comments); a map needs at "
                          "least a `steps:` list")
    validator = _Validator(file)
    validator.problems.extend(yaml_problems)  # reported with the fields' problems, in order
    return validator.map(tree)


class _Invalid(Exception):
    """Raised inside a field check; the message becomes a Problem at the node."""


class _Validator:
    def __init__(self, file: str):
        self.file = file
        self.problems: list[Problem] = []
        #: What `check` reports but that leaves the map valid (FILE:LINE:COLUMN: warning: ...).
        self.warnings: list[Problem] = []
        self.unit = "days"
        self.calendar = Calendar()
        self.demand_invalid = False
        #: The number of the step being read (Problem.step), None outside the steps.
        self.step_number: Optional[int] = None
        #: step id -> the node of its `rework.rate`, to locate a loop that never ends.
        self.rate_nodes: dict[str, YNode] = {}

    # -- problems ------------------------------------------------------------------------
    def problem(self, line: int, column: int, message: str, field: Optional[str] = None
                ) -> None:
        self.problems.append(Problem(self.file, line, column, message, field, self.step_number))

    def at(self, node: YNode, message: str, field: Optional[str] = None) -> None:
        self.problem(node.line, node.column, message, field)

    # -- mappings ------------------------------------------------------------------------
    def fields(self, node: YNode, fields: tuple[Field, ...], what: str,
               prefix: str = "") -> Optional[dict[str, YNode]]:
        """The mapping's values by key, after reporting unknown keys and missing ones
        (``prefix`` comes before a key in Problem.field: ``rework.``)."""
        if not isinstance(node, YMap):
            self.at(node, f"{what} must be a mapping of keys to values "
                    f"({', '.join(f.name for f in fields[:4])}, ...)", prefix.rstrip(".") or None)
            return None
        known = [f.name for f in fields]
        values: dict[str, YNode] = {}
        refused = set()  # keys whose value YAML refused (and reported): given, but unread
        for key, (line, column, value) in node.items.items():
            if key in known:
                if isinstance(value, YScalar) and value.value is REFUSED:
                    refused.add(key)
                else:
                    values[key] = value
                continue
            close = _close_matches(key, known, n=1, cutoff=0.6)
            hint = f"did you mean `{close[0]}`?" if close else f"known keys: {', '.join(known)}"
            self.problem(line, column, f"unknown key `{shorten(key)}` in {what}; {hint}",
                         prefix + key)
        for f in fields:
            if f.required and f.name not in refused and \
                    (f.name not in values or _is_null(values[f.name])):
                self.at(node, f"{what} needs `{f.name}` ({f.description[0].lower()}"
                        f"{f.description[1:].rstrip('.')})", prefix + f.name)
            if f.needs and f.name in values and not _is_null(values[f.name]):
                self.needs(values, f, fields)
        return values

    def needs(self, values: dict[str, YNode], f: Field, fields: tuple[Field, ...]) -> None:
        """Report ``f`` when the key it needs (``fifo_max`` needs ``flow: fifo``) is not set so;
        a value of that key that is no choice at all is reported at its own place instead."""
        assert f.needs is not None
        key, wanted = f.needs
        given = values.get(key)
        text = str(given.value).strip().lower() if isinstance(given, YScalar) else None
        choices = next((x.choices for x in fields if x.name == key), ())
        if text == wanted or (given is not None and choices and text not in choices):
            return
        now = f" (it is `{key}: {text}`)" if given is not None and text else ""
        self.at(values[f.name], f"`{f.name}` needs `{key}: {wanted}` beside it{now}; "
                f"add `{key}: {wanted}` or remove `{f.name}`", f.name)

    def value(self, values: dict[str, YNode], f: Field, check: Callable[[YNode], Any]) -> Any:
        """The checked value of a field, its default when absent or null, None when invalid."""
        node = values.get(f.name)
        if node is None or _is_null(node):
            return f.default
        try:
            value = check(node)
            if isinstance(value, str) and len(value) > f.max_length:
                raise _Invalid(f"`{f.name}` is {len(value)} characters long; at most "
                               f"{f.max_length} fit a map (shorten it)")
            return value
        except (_Invalid, ValueError) as exc:
            message = str(exc)
            message = message if f"`{f.name}`" in message else f"`{f.name}`: {message}"
        except OverflowError:  # a number of hundreds of digits that no check expected
            message = f"`{f.name}` {shorten(node.text)} is too large"
        self.problem(node.line, node.column, message, f.name)
        return None

    # -- scalar kinds --------------------------------------------------------------------
    def text(self, node: YNode) -> str:
        if not isinstance(node, YScalar):
            raise _Invalid("expected text here, not a list or mapping; quote it if it holds ':'")
        # The source text, so `owner: no` is "no" and `name: 1.10` is "1.10".
        text = node.value if isinstance(node.value, str) else node.text
        if not text.strip():
            raise _Invalid("this text is empty; write something or remove the key")
        problem = character_problem(text)
        if problem:
            raise _Invalid(f"this text {problem}")
        return text.strip()

    def scalar(self, node: YNode) -> Any:
        if not isinstance(node, YScalar):
            raise _Invalid("expected a single value here, not a list or mapping")
        value = node.value
        text = node.text.strip()
        if isinstance(value, (int, float)) and not isinstance(value, bool) and \
                (":" in text or text.lstrip("+-").startswith("0")) and re.fullmatch(_SURPRISING_NUMBER, text):
            raise _Invalid(_surprising_number(text, value))
        return value

    def number(self, node: YNode, f: Field, what: str) -> float:
        """A plain number in ``f``'s range (``minimum`` to ``maximum``, both included)."""
        value = self.scalar(node)
        if isinstance(value, str) and re.match(_EXPONENT, value.strip()):
            value = float(value)  # YAML 1.1 reads 1e3 (no dot) as text
        if isinstance(value, str) and _float(value.strip()) is not None:
            raise _Invalid(f"expected {what}, not the text {shorten(value)!r} in quotes; "
                           "write the number without quotes")
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise _Invalid(f"expected {what}, not {shorten(node.text)!r}")
        try:
            value = float(value)
        except OverflowError:
            value = math.inf
        if math.isnan(value):
            raise _Invalid(f"expected {what}, not {shorten(node.text)!r} (it must be finite)")
        if not f.minimum <= value <= f.maximum:
            raise _Invalid(f"expected {what} from {f.minimum:g} to {f.maximum:g}, not "
                           f"{shorten(node.text)}")
        return value

    def duration(self, name: str) -> Callable[[YNode], float]:
        return lambda node: durations.parse_duration(
            self.scalar(node), self.unit, self.calendar, what=f"`{name}`"
        )

    def percent(self, name: str) -> Callable[[YNode], float]:
        return lambda node: durations.parse_percent(self.scalar(node), what=f"`{name}`")

    def choice(self, name: str, choices: tuple[str, ...]) -> Callable[[YNode], str]:
        """One of ``choices`` (any case), with a did-you-mean for a near miss."""
        def check(node: YNode) -> str:
            text = self.text(node).lower()
            if text in choices:
                return text
            listed = ", ".join(choices[:-1]) + f" or {choices[-1]}"
            close = _close_matches(text, choices, n=1, cutoff=0.6)
            hint = f"; did you mean `{close[0]}`?" if close else ""
            raise _Invalid(f"`{name}` must be {listed}, not {shorten(node.text)!r}{hint}")
        return check

    def limit(self, f: Field) -> Callable[[YNode], int]:
        """A whole number of items in ``f``'s range (a lane's limit)."""
        def check(node: YNode) -> int:
            value = self.number(node, f, "a whole number of items")
            if value != int(value):
                raise _Invalid(f"`{f.name}` must be a whole number of items, not "
                               f"{shorten(node.text)}")
            return int(value)
        return check

    def lines(self, node: YNode) -> tuple[str, ...]:
        """A list of text lines, or one text as a single line."""
        if isinstance(node, YScalar):
            return (self.text(node),)
        if not isinstance(node, YSeq):
            raise _Invalid("expected a list of lines such as ['18,400 pcs/month', 2 shifts]")
        if not node.items:
            raise _Invalid("the list of lines is empty; write lines or remove the key")
        out = []
        for item in node.items:
            try:
                line = self.text(item)
                if len(line) > TEXT_MAX:
                    raise _Invalid(f"this line is {len(line)} characters long; at most "
                                   f"{TEXT_MAX} fit a map (shorten it)")
                out.append(line)
            except _Invalid as exc:
                self.at(item, f"a line of the data box: {exc}", "data")
        return tuple(out)

    def boolean(self, name: str) -> Callable[[YNode], bool]:
        def check(node: YNode) -> bool:
            value = self.scalar(node)
            if isinstance(value, str) and value.strip().lower() in ("true", "false"):
                raise _Invalid(f"`{name}` must be true or false written without quotes, "
                               f"not {value!r} in quotes (that is text)")
            if not isinstance(value, bool):
                raise _Invalid(f"`{name}` must be true or false, not {shorten(node.text)!r}")
            return value
        return check

    # -- the map -------------------------------------------------------------------------
    def map(self, root: YNode) -> ValueStreamMap:
        if not isinstance(root, YMap):
            self.at(root, "a map must be a YAML mapping with `title:`, `steps:` and so on, "
                    "not a list or a single value")
            raise VsmError(sorted(self.problems, key=lambda p: (p.line, p.column)))
        values = self.fields(root, MAP_FIELDS, "the map") or {}
        f = {x.name: x for x in MAP_FIELDS}

        version = self.value(values, f["vsm"], self.version)
        unit = self.value(values, f["unit"], lambda n: durations.normalize_unit(self.text(n)))
        self.unit = unit or "days"
        calendar = self.calendar_of(values.get("calendar"))
        self.calendar = calendar

        title = self.value(values, f["title"], self.text)
        state = self.value(values, f["state"], self.text)
        date = self.value(values, f["date"], self.date)
        boundaries = self.boundaries(values.get("boundaries"))
        supplier = self.party(values.get("supplier"), "`supplier`")
        customer = self.party(values.get("customer"), "`customer`")
        declared = self.declared(values.get("declared"))
        demand = self.value(values, f["demand"], lambda n: durations.parse_rate(
            self.scalar(n), calendar, timed=False, what="`demand`"))
        available = self.value(values, f["available_time"], lambda n: durations.parse_rate(
            self.scalar(n), calendar, timed=True, what="`available_time`"))

        domain = self.value(values, f["domain"], self.choice("domain", f["domain"].choices))
        if demand and available and not available.per_second / demand.per_second <= \
                durations.MAX_SECONDS:
            self.at(values["demand"], "`available_time` / `demand` gives a takt time of more "
                    f"than {durations.MAX_WORDS}; check both rates")
        self.demand_invalid = demand is None and "demand" in values and \
            not _is_null(values["demand"])
        steps = self.steps(values.get("steps"), demand)
        flows = self.info_flows(values.get("info_flows"), steps, supplier[0], customer[0])
        self.text_budget(values.get("steps"), steps, flows)
        end_statuses = self.value(values, f["end_statuses"], self.statuses("end_statuses"))
        self.check_status_owners(values)
        measured = self.measured(values.get("measured"), steps)
        if self.problems:
            raise VsmError(sorted(self.problems, key=lambda p: (p.line, p.column)))
        vsm = ValueStreamMap(
            steps=tuple(steps),
            title=title or _default_title(self.file),
            vsm=version or 1,
            state=state,
            date=date,
            boundaries=boundaries,
            unit=self.unit,
            calendar=calendar,
            supplier=supplier[0],
            customer=customer[0],
            supplier_delivery=supplier[1],
            supplier_data=supplier[2],
            customer_delivery=customer[1],
            customer_data=customer[2],
            demand=demand,
            available_time=available,
            domain=domain,
            info_flows=tuple(flows),
            end_statuses=end_statuses or (),
            measured=measured,
            declared=declared,
            warnings=tuple(self.warnings),
        )
        self.check_visits(vsm)
        return vsm

    def check_visits(self, vsm: ValueStreamMap) -> None:
        """Refuse loops that, together, send work round more than MAX_VISITS times: each
        rate is at most 99%, but nested loops multiply (two at 99% make about 10,000 visits)."""
        if not self.rate_nodes:
            return
        if len(self.rate_nodes) > REWORK_MAX:
            node = list(self.rate_nodes.values())[REWORK_MAX]
            self.step_number = next(i for i, s in enumerate(vsm.steps, start=1)
                                    if s.id == list(self.rate_nodes)[REWORK_MAX])
            self.at(node, f"the map has {len(self.rate_nodes)} rework loops; at most "
                    f"{REWORK_MAX} can be worked out: keep the largest, or split the map",
                    "rework.rate")
            raise VsmError(self.problems)
        visits = expected_visits(vsm)
        worst = max(vsm.steps, key=lambda s: visits[s.id])  # the first listed on a tie
        if visits[worst.id] <= MAX_VISITS:
            return
        blame = max((s for s in vsm.steps if s.rework is not None and s.id in self.rate_nodes),
                    key=lambda s: s.rework.rate)  # type: ignore[union-attr]
        self.step_number = vsm.steps.index(blame) + 1
        self.at(self.rate_nodes[blame.id],
                f"`rework.rate` {shorten(self.rate_nodes[blame.id].text)}: with the other rework "
                f"loops, {shorten(worst.name)!r} would be done {visits[worst.id]:,.0f} times on "
                f"average (more than {MAX_VISITS:,}), which no real process does; lower the "
                "rates of the loops through it", "rework.rate")
        raise VsmError(self.problems)

    def text_budget(self, node: Optional[YNode], steps: list[Step], flows: list[InfoFlow]
                    ) -> None:
        """Every text is bounded, but a thousand steps of long notes would still take
        minutes to draw: the text of all steps and flows together is bounded too."""
        total = sum(len(v) for item in (*steps, *flows) for v in vars(item).values()
                    if isinstance(v, str))
        if node is not None and total > TEXT_BUDGET:
            self.at(node, f"the steps and flows hold {total:,} characters of text; at most "
                    f"{TEXT_BUDGET:,} can be drawn: shorten notes, kaizen ideas and wait "
                    "reasons, or split the value stream into several maps")

    def version(self, node: YNode) -> int:
        value = self.scalar(node)
        if isinstance(value, str) and value.strip() == "1":
            value = 1
        if value != 1 or isinstance(value, bool):
            raise _Invalid(f"unsupported format version {shorten(node.text)!r}; this vsm-draw "
                           "reads `vsm: 1`")
        return 1

    def date(self, node: YNode) -> _dt.date:
        value = self.scalar(node)
        if isinstance(value, _dt.datetime):
            return value.date()
        if isinstance(value, _dt.date):
            return value
        try:
            return _dt.date.fromisoformat(str(value).strip())
        except ValueError:
            raise _Invalid("`date` must be a date written as YYYY-MM-DD, not "
                           f"{shorten(node.text)!r}") \
                from None

    def calendar_of(self, node: Optional[YNode]) -> Calendar:
        if node is None or _is_null(node):
            return Calendar()
        values = self.fields(node, CALENDAR_FIELDS, "`calendar`")
        if values is None:
            return Calendar()
        f = {x.name: x for x in CALENDAR_FIELDS}
        hours = self.value(values, f["hours_per_day"], lambda n: self.number(
            n, f["hours_per_day"], "hours in a working day"))
        days = self.value(values, f["days_per_week"], lambda n: self.number(
            n, f["days_per_week"], "days in a working week"))
        return Calendar(float(hours or 24), float(days or 7))

    def party(self, node: Optional[YNode],
              what: str) -> tuple[Optional[str], Optional[str], tuple[str, ...]]:
        """A supplier or customer: (name, delivery, data lines), from a name or a mapping."""
        if node is None or _is_null(node):
            return None, None, ()
        if not isinstance(node, YMap):
            try:
                name = self.text(node)
                if len(name) > TEXT_MAX:
                    raise _Invalid(f"the name is {len(name)} characters long; at most "
                                   f"{TEXT_MAX} fit a map (shorten it)")
                return name, None, ()
            except _Invalid as exc:
                self.at(node, f"{what}: {exc}; or a mapping with `name`, `delivery` and `data`")
                return None, None, ()
        values = self.fields(node, PARTY_FIELDS, what)
        if values is None:  # pragma: no cover - a YMap always has fields
            return None, None, ()
        f = {x.name: x for x in PARTY_FIELDS}
        return (self.value(values, f["name"], self.text),
                self.value(values, f["delivery"], self.text),
                self.value(values, f["data"], self.lines) or ())

    def declared(self, node: Optional[YNode]) -> Declared:
        """The figures the team wrote by hand, each with the resolution of its last digit."""
        if node is None or _is_null(node):
            return Declared()
        values = self.fields(node, DECLARED_FIELDS, "`declared`")
        if values is None:
            return Declared()
        figures: dict[str, DeclaredFigure] = {}
        for f in DECLARED_FIELDS:
            is_share = f.kind == "percent"
            check = self.percent(f.name) if is_share else self.duration(f.name)
            value = self.value(values, f, check)
            if value is None:
                continue
            at = values[f.name]
            text = at.text if isinstance(at, YScalar) else str(value)
            resolution = (durations.percent_resolution(text) if is_share else
                          durations.duration_resolution(text, self.unit, self.calendar))
            figures[f.name] = DeclaredFigure(value, resolution, text.strip(), at.line,
                                             at.column)
        return Declared(**figures)

    def boundaries(self, node: Optional[YNode]) -> Boundaries:
        if node is None or _is_null(node):
            return Boundaries()
        values = self.fields(node, BOUNDARY_FIELDS, "`boundaries`")
        if values is None:
            return Boundaries()
        f = {x.name: x for x in BOUNDARY_FIELDS}
        return Boundaries(self.value(values, f["start"], self.text),
                          self.value(values, f["end"], self.text))

    # -- steps ---------------------------------------------------------------------------
    def steps(self, node: Optional[YNode], demand: Optional[Rate]) -> list[Step]:
        if node is None:
            return []  # reported as missing by fields()
        if not isinstance(node, YSeq):
            if not _is_null(node):
                self.at(node, "`steps` must be a list, each item starting with `- name: ...`")
            return []
        if not node.items:
            self.at(node, "`steps` is empty; a map needs at least one step")
            return []
        if len(node.items) > STEPS_MAX:
            self.at(node, f"`steps` lists {len(node.items)} steps; at most {STEPS_MAX} can be "
                    "drawn: split the value stream into several maps")
            return []
        steps: list[Step] = []
        items: list[YMap] = []
        numbers: list[int] = []  # each step's number in the list (Problem.step)
        names: dict[str, int] = {}  # the number of the step that holds it first
        ids: dict[str, int] = {}
        for index, item in enumerate(node.items, start=1):
            self.step_number = index  # the step the problems found now are about
            step = self.step(item, index, demand)
            if step is None:
                continue
            steps.append(step)
            numbers.append(index)
            items.append(item)  # type: ignore[arg-type]  # step() checked it is a mapping
            name_node = item.items["name"][2]  # type: ignore[union-attr]
            duplicate_name = step.name in names
            if duplicate_name:
                self.at(name_node, f"steps {names[step.name]} and {index} are both named "
                        f"{shorten(step.name)!r}; step names must be unique", "name")
            else:
                names[step.name] = index
            explicit_id = "id" in item.items  # type: ignore[union-attr]
            id_node = item.items["id"][2] if explicit_id else name_node  # type: ignore
            if step.id in ids and (explicit_id or not duplicate_name):
                how = "" if explicit_id else " (derived from its name)"
                self.at(id_node, f"the step id {shorten(step.id)!r}{how} is already used by "
                        f"step {ids[step.id]}; give this step a unique `id`",
                        "id" if explicit_id else "name")
            else:
                ids[step.id] = index
        self.step_number = None
        return self.links(steps, items, numbers)

    # -- how steps follow each other: `after` and `rework` -------------------------------
    def links(self, steps: list[Step], items: list[YMap], numbers: list[int]) -> list[Step]:
        """The steps with `after` and `rework` resolved to step ids (both name steps, so they
        are read once every step is known)."""
        where: dict[str, int] = {}
        for i, s in enumerate(steps):
            where.setdefault(s.id, i)
            where.setdefault(s.name, i)
        out: list[Step] = []
        preds: dict[str, tuple[str, ...]] = {}
        for i, (step, item) in enumerate(zip(steps, items)):
            after = None
            node = _value_node(item, "after")
            if node is not None:
                self.step_number = numbers[i]
                after = self.after(node, i, steps, where)
            preds[step.id] = after if after is not None else \
                ((steps[i - 1].id,) if i else ())
            out.append(dataclasses.replace(step, after=after))
        ups = upstream([s.id for s in out], preds)
        for i, (step, item) in enumerate(zip(out, items)):
            node = _value_node(item, "rework")
            if node is not None:
                self.step_number = numbers[i]
                out[i] = dataclasses.replace(step, rework=self.rework(node, i, out, where, ups))
        self.step_number = None
        return out

    def step_ref(self, node: YNode, what: str, i: int, steps: list[Step],
                 where: dict[str, int]) -> Optional[int]:
        """The position of the step a reference names, or None after reporting why not
        (``what``: the field in backquotes, such as `after`)."""
        field = what.strip("`")
        try:
            key = self.text(node)
        except _Invalid as exc:
            self.at(node, f"{what}: {exc}", field)
            return None
        if key not in where:
            keys = [s.id for s in steps] + [s.name for s in steps]
            close = _close_matches(key, keys, n=1, cutoff=0.6)
            earlier = shorten(", ".join(s.id for s in steps[:i]))
            hint = f"did you mean {close[0]!r}?" if close else \
                (f"steps listed before it: {earlier}" if earlier else "it is the first step")
            self.at(node, f"{what} names no step {shorten(key)!r}; {hint}", field)
            return None
        return where[key]

    def after(self, node: YNode, i: int, steps: list[Step],
              where: dict[str, int]) -> Optional[tuple[str, ...]]:
        this = steps[i]
        refs = node.items if isinstance(node, YSeq) else [node]
        if isinstance(node, YMap):
            self.at(node, "`after` must be a list of step ids or names, such as "
                    "[backend, frontend], or [] to start at the start", "after")
            return None
        found: list[str] = []
        ok = True
        for ref in refs:
            j = self.step_ref(ref, "`after`", i, steps, where)
            if j is None:
                ok = False
            elif j == i:
                self.at(ref, f"`after` names the step itself ({shorten(this.name)!r}); a step starts "
                        "after other steps: remove it from the list", "after")
                ok = False
            elif j > i:
                later = steps[j]
                self.at(ref, f"`after` names {shorten(later.name)!r}, which is listed later: that "
                        f"is a cycle; list steps in flow order (move {shorten(this.name)!r} "
                        f"below {shorten(later.name)!r}) or remove it from `after`", "after")
                ok = False
            elif steps[j].id in found:
                self.at(ref, f"`after` names {shorten(steps[j].name)!r} twice; list it once",
                        "after")
                ok = False
            else:
                found.append(steps[j].id)
        return tuple(found) if ok else None

    def rework(self, node: YNode, i: int, steps: list[Step], where: dict[str, int],
               ups: dict[str, set[str]]) -> Optional[Rework]:
        values = self.fields(node, REWORK_FIELDS, "`rework`", "rework.")
        if values is None:
            return None
        rate = None
        rate_node = values.get("rate")
        if rate_node is not None and not _is_null(rate_node):
            try:
                rate = self.rework_rate(rate_node)
                self.rate_nodes[steps[i].id] = rate_node
            except (_Invalid, ValueError) as exc:
                self.at(rate_node, str(exc), "rework.rate")
        to_node = values.get("to")
        if to_node is None or _is_null(to_node):
            return None  # reported as missing by fields()
        j = self.step_ref(to_node, "`rework.to`", i, steps, where)
        if j is None:
            return None
        this, target = steps[i], steps[j]
        if j == i:
            self.at(to_node, f"`rework.to` names the step itself ({shorten(this.name)!r}); work goes "
                    "back to an earlier step to be done again from there: name that step",
                    "rework.to")
            return None
        if j > i:
            self.at(to_node, f"`rework.to` names {shorten(target.name)!r}, which is listed "
                    f"later; work can only go back to an earlier step (to send work back from "
                    f"{shorten(target.name)!r}, give that step the `rework`)", "rework.to")
            return None
        if target.id not in ups[this.id]:
            before = ", ".join(s for s in (t.id for t in steps[:i]) if s in ups[this.id])
            self.at(to_node, f"`rework.to` names {shorten(target.name)!r}, which runs in "
                    f"parallel with {shorten(this.name)!r}, not before it; work goes back along "
                    f"its own flow: name a step {shorten(this.name)!r} comes after "
                    f"({shorten(before) or 'none'})", "rework.to")
            return None
        return None if rate is None else Rework(target.id, rate)

    def rework_rate(self, node: YNode) -> float:
        value = self.scalar(node)
        never = ("`rework.rate` {} sends all the work back at every pass, so it never "
                 "leaves; give the share that goes back, below 100% (such as 25%)")
        try:
            share = durations.parse_percent(value, what="`rework.rate`")
        except ValueError:
            text = str(value).strip()
            if text.endswith("%") and _float(text[:-1]) is not None and \
                    _float(text[:-1]) >= 100:  # type: ignore[operator]
                raise _Invalid(never.format(text)) from None
            raise
        if share >= 1:
            raise _Invalid(never.format(node.text))
        if share > MAX_REWORK_RATE:
            # Rounding would make such a loop one that never ends; no real step sends back
            # more than 99% of its work, so it is a typing slip.
            raise _Invalid(f"`rework.rate` {shorten(node.text)} sends back more than "
                           f"{MAX_REWORK_RATE:.0%} of the work at every pass; give the share "
                           f"that goes back, at most {MAX_REWORK_RATE:.0%} (such as 25%)")
        if share <= 0:
            raise _Invalid(f"`rework.rate` {node.text} sends nothing back; give the share that "
                           "goes back (above 0), or remove `rework`")
        return share

    def step(self, node: YNode, index: int, demand: Optional[Rate]) -> Optional[Step]:
        what = f"step {index}"
        values = self.fields(node, STEP_FIELDS, what)
        if values is None:
            return None
        f = {x.name: x for x in STEP_FIELDS}
        before = len(self.problems)
        name = self.value(values, f["name"], self.text)
        step_id = self.value(values, f["id"], self.step_id)
        if step_id is None and name is not None:
            step_id = slugify(name) or f"step-{index}"
        wait = self.value(values, f["wait_time"], self.duration("wait_time"))
        inventory = self.value(values, f["inventory"], lambda n: self.number(
            n, f["inventory"], "a count of items"))
        if inventory is not None:
            if "wait_time" in values and not _is_null(values["wait_time"]):
                self.at(values["inventory"], "give `inventory` or `wait_time`, not both: "
                        "inventory / demand gives the wait", "inventory")
            elif demand is None:
                if not self.demand_invalid:  # a bad `demand` is reported at its own place
                    self.at(values["inventory"], "`inventory` needs the map's `demand` (such "
                            "as `demand: 920/day`) to turn items into a wait; add it or give "
                            "`wait_time` instead", "inventory")
            else:
                wait = inventory / demand.per_second  # Little's law
                if not wait <= durations.MAX_SECONDS:
                    self.at(values["inventory"], f"`inventory` {inventory:g} at `demand` "
                            f"{demand.text} is a wait of more than {durations.MAX_WORDS}; check "
                            "both numbers", "inventory")
        step = dict(
            owner=self.value(values, f["owner"], self.text),
            process_time=self.value(values, f["process_time"], self.duration("process_time")),
            value_adding=self.value(values, f["value_adding"], self.boolean("value_adding")),
            wait_reason=self.value(values, f["wait_reason"], self.text),
            informal_wait=self.value(values, f["informal_wait"], self.boolean("informal_wait")),
            complete_accurate=self.value(values, f["complete_accurate"],
                                         self.percent("complete_accurate")),
            people=self.value(values, f["people"], lambda n: self.number(
                n, f["people"], "a number of people")),
            changeover=self.value(values, f["changeover"], self.duration("changeover")),
            uptime=self.value(values, f["uptime"], self.percent("uptime")),
            notes=self.value(values, f["notes"], self.text),
            kaizen=self.value(values, f["kaizen"], self.text),
            flow=self.value(values, f["flow"], self.choice("flow", f["flow"].choices)),
            fifo_max=self.value(values, f["fifo_max"], self.limit(f["fifo_max"])),
            kanban=self.value(values, f["kanban"], self.boolean("kanban")),
        )
        for key in ("wait_statuses", "active_statuses"):
            step[key] = self.value(values, f[key], self.statuses(key)) or ()
        if name is None or step_id is None:
            return None
        if len(self.problems) > before:
            # Keep name and id so duplicates are still reported; the map is invalid anyway.
            return Step(id=step_id, name=name)
        given = frozenset(k for k, v in values.items() if not _is_null(v))
        return Step(id=step_id, name=name, wait_time=wait or 0.0, inventory=inventory,
                    given=given, **step)

    def step_id(self, node: YNode) -> str:
        text = self.text(node)
        if not (text and _ID_ASCII.issuperset(text)) and not _ID.match(text):
            raise _Invalid(f"the id {shorten(text)!r} may hold only letters, digits, '-', '_' "
                           "and '.'; "
                           f"for example {shorten(slugify(text), 60) or 'step-1'!r}")
        return text

    # -- tracker statuses and the measured record (vsm-draw measure, SPEC section 5) ----------
    def statuses(self, name: str) -> Callable[[YNode], tuple[str, ...]]:
        def check(node: YNode) -> tuple[str, ...]:
            if isinstance(node, YScalar):
                return (self.text(node),)  # one status may be written without brackets
            if not isinstance(node, YSeq):
                raise _Invalid(f"`{name}` must be a list of tracker statuses, such as "
                               "[In review, Ready for review]")
            out = []
            for item in node.items:
                try:
                    out.append(self.text(item))
                except _Invalid as exc:
                    self.at(item, f"`{name}`: {exc}", name)
            return tuple(out)
        return check

    def check_status_owners(self, values: dict[str, YNode]) -> None:
        """A status belongs to one step at most (or is an end status): each time is in one place."""
        owners: dict[str, tuple[str, YNode]] = {}

        def claim(node: Optional[YNode], owner: str, key: str,
                  number: Optional[int] = None) -> None:
            items = node.items if isinstance(node, YSeq) else (node,) if node else ()
            for item in items:
                if not isinstance(item, YScalar) or item.value is None:
                    continue
                status = (item.value if isinstance(item.value, str) else item.text).strip()
                if status in owners:
                    first, where = owners[status]
                    self.step_number = number
                    self.at(item, f"the status {shorten(status)!r} is already claimed by {first} "
                            f"(line {where.line}); a status belongs to one step at most, so "
                            "remove one of them", key)
                    self.step_number = None
                else:
                    owners[status] = (owner, item)

        steps = values.get("steps")
        for index, item in enumerate(steps.items if isinstance(steps, YSeq) else (), start=1):
            if not isinstance(item, YMap):
                continue
            name = item.items.get("name")
            label = f"step {index}" + (f" ({shorten(name[2].text)})" if name and
                                       isinstance(name[2], YScalar) else "")
            for key in ("wait_statuses", "active_statuses"):
                claim(item.items[key][2] if key in item.items else None, label, key, index)
        claim(values.get("end_statuses"), "`end_statuses`", "end_statuses")

    def measured(self, node: Optional[YNode], steps: list[Step]) -> Optional[Measured]:
        if node is None or _is_null(node):
            return None
        values = self.fields(node, MEASURED_FIELDS, "`measured`")
        if values is None:
            return None
        f = {x.name: x for x in MEASURED_FIELDS}
        def count(key: str) -> Callable[[YNode], int]:
            return lambda n: int(self.number(n, f[key], "a whole number of items"))
        out: dict[str, Any] = dict(
            sources=self.value(values, f["sources"], self.statuses("sources")) or (),
            since=self.value(values, f["since"], self.date),
            until=self.value(values, f["until"], self.date),
            period=self.value(values, f["period"], self.text),
            statistic=self.value(values, f["statistic"], self.choice("statistic", STATISTICS)),
            items=self.value(values, f["items"], count("items")),
            in_progress=self.value(values, f["in_progress"], count("in_progress")),
            rework=self.value(values, f["rework"], count("rework")),
        )
        lead = values.get("lead_time")
        lead_values = self.fields(lead, LEAD_TIME_FIELDS, "`measured.lead_time`") \
            if lead is not None and not _is_null(lead) else {}
        for key in ("p50", "p85", "mean"):
            out[f"lead_time_{key}"] = self.value(lead_values or {}, _named(LEAD_TIME_FIELDS, key),
                                                 self.duration(key))
        histogram = (lead_values or {}).get("histogram")
        if histogram is not None and not _is_null(histogram):
            h = self.fields(histogram, HISTOGRAM_FIELDS, "`measured.lead_time.histogram`") or {}
            out["histogram_width"] = self.value(h, _named(HISTOGRAM_FIELDS, "width"),
                                                self.duration("width"))
            counts = self.value(h, _named(HISTOGRAM_FIELDS, "counts"), self.counts)
            out["histogram"] = counts or ()
        out["unmapped"] = tuple(self.records(values.get("unmapped"), UNMAPPED_FIELDS, "unmapped",
                                             self.unmapped_status))
        ids = {s.id for s in steps}
        out["steps"] = tuple(self.records(values.get("steps"), MEASURED_STEP_FIELDS, "steps",
                                          lambda v: self.measured_step(v, ids)))
        if out["items"] is None:
            return None  # reported: required, or not a number
        return Measured(**{k: v for k, v in out.items() if v is not None})

    def records(self, node: Optional[YNode], fields: tuple[Field, ...], key: str,
                make: Callable[[dict[str, YNode]], Any]) -> list[Any]:
        """The list ``measured.<key>``, one record per item (invalid items are reported)."""
        if node is None or _is_null(node):
            return []
        if not isinstance(node, YSeq):
            self.at(node, f"`measured.{key}` must be a list")
            return []
        out = []
        for index, item in enumerate(node.items, start=1):
            values = self.fields(item, fields, f"`measured.{key}` item {index}")
            if values is not None:
                record = make(values)
                if record is not None:
                    out.append(record)
        return out

    def unmapped_status(self, values: dict[str, YNode]) -> Optional[UnmappedStatus]:
        f = {x.name: x for x in UNMAPPED_FIELDS}
        status = self.value(values, f["status"], self.text)
        share = self.value(values, f["share"], self.percent("share"))
        items = self.value(values, f["items"], lambda n: int(self.number(n, f["items"],
                                                                         "a count of items")))
        if status is None or share is None:
            return None
        return UnmappedStatus(status, share, items)

    def measured_step(self, values: dict[str, YNode], ids: set[str]) -> Optional[MeasuredStep]:
        f = {x.name: x for x in MEASURED_STEP_FIELDS}
        step_id = self.value(values, f["id"], self.text)
        if step_id is not None and step_id not in ids:
            self.at(values["id"], f"`measured.steps` names the step id {step_id!r}, which the "
                    f"map does not have; ids: {', '.join(sorted(ids))}")
            return None
        figures = {k: self.value(values, f[k], self.percent(k) if k == "visited"
                                 else self.duration(k))
                   for k in ("visited", "wait_p50", "wait_p85", "process_p50", "process_p85")}
        return MeasuredStep(step_id, **figures) if step_id is not None else None

    def counts(self, node: YNode) -> tuple[int, ...]:
        if not isinstance(node, YSeq):
            raise _Invalid("`counts` must be a list of whole numbers")
        field = _named(HISTOGRAM_FIELDS, "counts")
        return tuple(int(self.number(item, field, "a count of items")) for item in node.items)

    # -- information flows ---------------------------------------------------------------
    def info_flows(self, node: Optional[YNode], steps: list[Step], supplier: Optional[str],
                   customer: Optional[str]) -> list[InfoFlow]:
        if node is None or _is_null(node):
            return []
        if not isinstance(node, YSeq):
            self.at(node, "`info_flows` must be a list, each item starting with `- from: ...`")
            return []
        if len(node.items) > INFO_FLOWS_MAX:
            self.at(node, f"`info_flows` lists {len(node.items)} flows; at most "
                    f"{INFO_FLOWS_MAX} can be drawn: keep the flows that matter most")
            return []
        f = {x.name: x for x in INFO_FLOW_FIELDS}
        flows = []
        for index, item in enumerate(node.items, start=1):
            values = self.fields(item, INFO_FLOW_FIELDS, f"information flow {index}")
            if values is None:
                continue
            before = len(self.problems)
            source = self.value(values, f["from"], self.text)
            target = self.value(values, f["to"], self.text)
            label = self.value(values, f["label"], self.text)
            kind = self.value(values, f["kind"], self.choice("kind", f["kind"].choices))
            if len(self.problems) > before or source is None or target is None:
                continue
            ends = (_resolve_party(source, steps, supplier, customer),
                    _resolve_party(target, steps, supplier, customer))
            if ends[0] == ends[1]:  # kept in the map, but not drawn: an arrow of no length
                node = values["to"]
                self.warnings.append(Problem(
                    self.file, node.line, node.column,
                    f"warning: information flow {index} goes from {shorten(source)!r} to "
                    f"{shorten(target)!r}, the same party, so it is not drawn; `to` names who "
                    "receives the information from `from`", "to"))
            for key, text, end in (("from", source, ends[0]), ("to", target, ends[1])):
                named = end != text or any(s.id == text for s in steps)
                near = None if named else _near_step(text, steps)
                if near is not None:
                    node = values[key]
                    self.warnings.append(Problem(
                        self.file, node.line, node.column,
                        f"warning: information flow {index}'s `{key}: {shorten(text)}` names no "
                        f"step, so it is drawn as a party of its own; write the step's id "
                        f"{near.id!r} or its name {shorten(near.name)!r} to join it", key))
            flows.append(InfoFlow(source=ends[0], target=ends[1], label=label, kind=kind))
        return flows


def _folded(text: str) -> str:
    """``text`` as a slug without accents or case: "Emballage et expédition" and
    "emballage-et-expedition" fold alike."""
    import unicodedata

    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return slugify(plain)


def _near_step(text: str, steps: list[Step]) -> Optional[Step]:
    """The step a flow end that names none was likely meant to name (its id or name but for
    case, accents and punctuation), or None."""
    folded = _folded(text)
    return next((s for s in steps if folded and folded in (_folded(s.id), _folded(s.name))), None)


def _resolve_party(text: str, steps: list[Step], supplier: Optional[str],
                   customer: Optional[str]) -> str:
    """A flow end: a step id, SUPPLIER or CUSTOMER when it names one, else the text itself."""
    for step in steps:
        if text in (step.id, step.name):
            return step.id
    lowered = text.lower()
    if lowered == SUPPLIER or (supplier and text == supplier):
        return SUPPLIER
    if lowered == CUSTOMER or (customer and text == customer):
        return CUSTOMER
    return text


def _surprising_number(text: str, value: float) -> str:
    """Why ``text`` is not read as it looks (YAML 1.1), and how to write it."""
    shown = shorten(text)
    if ":" in text:
        fix = durations.clock_fix(text) or "write it with units, such as 1h 30m"
        return f"{shown} reads in YAML as the base-60 number {value:g}, not a time; {fix}"
    body = text.lstrip("+-").lower()
    base = {"x": "hexadecimal", "b": "binary"}.get(body[1:2], "octal")
    plain = text.replace("_", "").lstrip("+-").lstrip("0") or "0"
    fix = f"write {plain} (without the leading zero)" if base == "octal" else \
        f"write it in decimal ({value:g})"
    return f"{shown} reads in YAML as the {base} number {value:g}; {fix}"


def _named(fields: tuple[Field, ...], name: str) -> Field:
    return next(f for f in fields if f.name == name)


def _is_null(node: YNode) -> bool:
    return isinstance(node, YScalar) and node.value is None


def _value_node(item: YMap, key: str) -> Optional[YNode]:
    """The value of ``key`` in a mapping, None when absent or null."""
    entry = item.items.get(key)
    return None if entry is None or _is_null(entry[2]) else entry[2]


def _float(text: str) -> Optional[float]:
    try:
        return float(text)
    except ValueError:
        return None


def _default_title(file: str) -> str:
    """The title of a map without one: its file's name when ``file`` is a YAML file
    (``delivery-flow.vsm.yaml`` -> "Delivery flow"), else "Value stream map" (a map read
    from stdin, or inline in a documentation page named by ``file``)."""
    name = Path(file).name
    if file.startswith("<") or not name.lower().endswith((".yaml", ".yml")):
        return "Value stream map"
    stem = name
    for suffix in (".yaml", ".yml", ".vsm"):
        stem = stem[: -len(suffix)] if stem.lower().endswith(suffix) else stem
    stem = stem.replace("-", " ").replace("_", " ").strip()
    return stem.capitalize() if stem else "Value stream map"
