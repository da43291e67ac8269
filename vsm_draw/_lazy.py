"""Start-up costs put off until needed: the ``inspect`` module, regular expressions that
other modules compile when imported, and the compiling of strings in types.

A cold ``vsm-draw render`` pays for imports it never uses. ``inspect`` (with ``ast``,
``dis`` and ``tokenize``, which it imports) costs a cold render some 20 million
instructions, and Click and :mod:`dataclasses` import it, to call it only while
printing help or making a class with ``@dataclass``: :func:`defer_inspect` makes
``import inspect`` give the module before its code has run, and runs it when first
used; :func:`defer` does the same for any module (``copy``, ``base64``). PyYAML, ``platform`` (which ``uuid`` imports, which Click imports), ``locale``,
:mod:`dataclasses` and Click compile some twenty regular expressions at import that a
render never matches (one takes 57 million instructions): :func:`lazy_patterns` has
those compiled when first used (and :func:`pattern_text` gives ``gettext``, which hands
its expression to ``re.finditer``, the expression's text). The first call of the built-in ``compile`` in a
process costs 10 million instructions (it makes the ``ast`` module's classes), and
``typing`` calls it for every string in a type (Click's ``TypedDict`` classes):
:func:`unchecked_forward_refs` leaves those strings for ``eval`` to read when asked.
"""
from __future__ import annotations

import re
import sys
import types
from contextlib import contextmanager
from typing import Any, Iterator

__all__ = ["defer", "defer_inspect", "lazy_patterns", "pattern_text", "unchecked_forward_refs"]


class _LazyPattern:
    """A regular expression compiled when first used (see :func:`lazy_patterns`)."""

    def __init__(self, pattern: Any, flags: int = 0):
        self._args = (pattern, flags)

    def __getattr__(self, name: str) -> Any:
        if name == "_args":  # a copy made without __init__
            raise AttributeError(name)
        value = getattr(_compile(*self._args), name)
        setattr(self, name, value)  # later uses find it without coming here
        return value


_compile = re.compile
#: The flags an expression's text can carry itself, as ``(?sx)``.
_LETTERS = {re.ASCII: "a", re.IGNORECASE: "i", re.LOCALE: "L", re.MULTILINE: "m",
            re.DOTALL: "s", re.VERBOSE: "x", re.UNICODE: "u"}


def pattern_text(pattern: Any) -> Any:
    """A stand-in from :func:`lazy_patterns` as the text of its expression, its flags
    written in (``(?sx)...``): what ``re.finditer``, ``re.search``... take as well as a
    compiled expression, and compile when first called (``re`` keeps it for the next
    call). Anything else, or one whose flags have no letter, as it is, compiled."""
    if type(pattern) is not _LazyPattern:
        return pattern
    text, flags = pattern._args
    letters = "".join(letter for flag, letter in _LETTERS.items() if flags & flag)
    if not isinstance(text, str) or flags & ~sum(_LETTERS):
        return _compile(text, flags)
    return f"(?{letters}){text}" if letters else text


@contextmanager
def lazy_patterns() -> Iterator[None]:
    """While it lasts, ``re.compile`` gives a stand-in that compiles the expression the
    first time one of its methods or attributes is used.

    Only around the import of modules that use their expressions through their methods
    (``.match``, ``.sub``...): a stand-in is no :class:`re.Pattern` to ``isinstance``,
    nor to ``re.match(pattern, ...)``.
    """
    re.compile = _LazyPattern  # type: ignore[assignment]
    try:
        yield
    finally:
        re.compile = _compile


def _source(source: Any, filename: str, mode: str) -> Any:
    """What ``typing.ForwardRef`` keeps instead of the code of ``source``: the text itself,
    which ``eval`` takes as well as the code (and compiles then)."""
    return source


@contextmanager
def unchecked_forward_refs() -> Iterator[None]:
    """While it lasts, a ``typing.ForwardRef`` made from a string keeps the string to
    ``eval`` when the type is resolved (``typing.get_type_hints``) instead of compiling it
    at once: the same type then, but a string that is no Python expression fails only
    when resolved. Only around the import of modules whose types are known good (a test
    resolves Click's).
    """
    import typing

    if "compile" in vars(typing):  # already here (nested), or typing has its own
        yield
        return
    typing.compile = _source  # type: ignore[attr-defined]  # ForwardRef calls compile()
    try:
        yield
    finally:
        del typing.compile  # type: ignore[attr-defined]


class _Deferred(types.ModuleType):
    """A module whose code runs when a name it lacks is first asked for."""

    def __getattr__(self, name: str) -> Any:
        with _LOCK:
            if type(self) is _Deferred:  # not run yet (by another thread, meanwhile)
                self.__class__ = types.ModuleType
                self.__spec__.loader.exec_module(self)  # type: ignore[union-attr]
        return getattr(self, name)


def _allocate_lock():
    from _thread import RLock

    return RLock()


_LOCK = _allocate_lock()


def _cleandoc(doc: Any) -> Any:
    """:func:`inspect.cleandoc` of ``doc``: Click cleans every option's help with it.

    A one-line text without tabs or leading space is its own clean form; anything else
    is cleaned by ``inspect`` itself, which this loads.
    """
    if type(doc) is str and "\n" not in doc and "\t" not in doc and not doc[:1].isspace():
        return doc
    inspect = sys.modules["inspect"]
    if type(inspect) is _Deferred:
        inspect.__getattr__("cleandoc")
    return inspect.cleandoc(doc)


def defer(name: str, **stand_ins: Any) -> None:
    """Make ``import name`` give the module unrun, to run at its first use.

    The module is the one object throughout: its code runs into it, as ``import`` would
    have, when a name it does not have yet is asked for (``from name import x`` asks at
    once). Until then it holds only ``stand_ins``, which its code replaces when it runs.
    Nothing happens when the module is imported already.
    """
    if name in sys.modules:
        return
    from importlib.util import find_spec, module_from_spec

    spec = find_spec(name)
    if spec is None or spec.loader is None or not hasattr(spec.loader, "exec_module"):
        return
    module = module_from_spec(spec)
    for key, value in stand_ins.items():
        setattr(module, key, value)
    module.__class__ = _Deferred
    sys.modules[name] = module


def defer_inspect() -> None:
    """Make ``import inspect`` give the module unrun, to run at its first use
    (:func:`defer`). Until then ``inspect.cleandoc`` is :func:`_cleandoc`, which gives the
    same results."""
    defer("inspect", cleandoc=_cleandoc)
