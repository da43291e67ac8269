"""``@frozen``: ``@dataclass(frozen=True)`` for a fifth of the cost of making the class.

``@dataclass(frozen=True)`` writes the source of six methods per class (``__init__``,
``__repr__``, ``__eq__``, ``__hash__``, ``__setattr__``, ``__delattr__``) and compiles each
with ``exec``: about 4.5 million instructions a class, and a cold ``vsm-draw render``
makes some forty classes before it reads the map (a fifth of its own work).

``@frozen`` records the fields as ``dataclass`` does (``__dataclass_fields__``, the same
:class:`dataclasses.Field` objects, so ``dataclasses.fields``, ``replace``, ``asdict`` and
``is_dataclass`` work as before) without its general machinery, which tests each string
annotation twice against a regular expression to tell a ``ClassVar`` or an ``InitVar``
(a quarter of a million instructions a class); and it writes ``__init__`` alone, with the
same source ``dataclass`` writes. Compiling it would still cost about a
million instructions a class: the ``__init__`` of vsm-draw's own classes is written out
ahead in :mod:`vsm_draw._frozen_inits` (``python tests/regen_frozen.py``; a test fails
when it is stale) and loaded with that module's bytecode; any other class (or one changed
since) gets its ``__init__`` compiled, the same function. The other methods are closures over
the field names that give the same results (equality and hash over the same tuples,
the same ``repr``, the same ``FrozenInstanceError``). ``order=True`` adds ``<``, ``<=``,
``>``, ``>=`` as ``dataclass`` does. Not supported (a ``TypeError`` says so): ``ClassVar``,
``InitVar`` and ``KW_ONLY`` annotations. ``__dataclass_params__`` is what
``dataclass(init=False, repr=False, eq=False)`` records and says ``frozen=False``; nothing
here reads it, and a ``@frozen`` class is subclassed only by another ``@frozen`` class.
"""
from __future__ import annotations

import dataclasses
import operator
from _thread import get_ident
from dataclasses import MISSING, FrozenInstanceError
from typing import Any, Callable, ClassVar, Optional, TypeVar

from ._frozen_inits import INITS

__all__ = ["frozen"]

#: ``(module, class, shape, found)`` of every class made (:func:`_shape`): ``found`` when
#: its ``__init__`` came from :mod:`vsm_draw._frozen_inits` (``tests/regen_frozen.py``).
MADE: list[tuple[str, str, tuple, bool]] = []

T = TypeVar("T", bound=type)


class _Factory:
    """The default of a parameter whose field has a ``default_factory``."""

    def __repr__(self) -> str:
        return "<factory>"


_HAS_DEFAULT_FACTORY = _Factory()


def frozen(cls: Optional[T] = None, /, *, order: bool = False) -> Any:
    """Make ``cls`` a frozen dataclass: ``@frozen`` or ``@frozen(order=True)``."""
    if cls is None:
        return lambda c: _make(c, order)
    return _make(cls, order)


def _make(cls: T, order: bool) -> T:
    had_doc = bool(cls.__doc__)
    class_hash = cls.__dict__.get("__hash__", MISSING)
    has_explicit_hash = not (class_hash is MISSING
                             or (class_hash is None and "__eq__" in cls.__dict__))
    for name in ("__setattr__", "__delattr__") + (("__lt__", "__le__", "__gt__", "__ge__")
                                                   if order else ()):
        if name in cls.__dict__:
            raise TypeError(f"Cannot overwrite attribute {name} in class {cls.__name__}")
    fields = _record_fields(cls)

    _set(cls, "__init__", _init(cls, fields))
    _set(cls, "__repr__", _repr(tuple(f.name for f in fields if f.repr)))
    compared = _key(tuple(f.name for f in fields if f.compare))
    _set(cls, "__eq__", _compare(compared, "__eq__", operator.eq))
    if order:
        for name, op in (("__lt__", operator.lt), ("__le__", operator.le),
                         ("__gt__", operator.gt), ("__ge__", operator.ge)):
            _set(cls, name, _compare(compared, name, op))
    names = tuple(f.name for f in fields)

    def __setattr__(self, name: str, value: Any) -> None:
        if type(self) is cls or name in names:
            raise FrozenInstanceError(f"cannot assign to field {name!r}")
        super(cls, self).__setattr__(name, value)

    def __delattr__(self, name: str) -> None:
        if type(self) is cls or name in names:
            raise FrozenInstanceError(f"cannot delete field {name!r}")
        super(cls, self).__delattr__(name)

    _set(cls, "__setattr__", __setattr__)
    _set(cls, "__delattr__", __delattr__)
    if not has_explicit_hash:
        hashed = _key(tuple(f.name for f in fields if (f.compare if f.hash is None else f.hash)))

        def __hash__(self) -> int:
            return hash(hashed(self))

        __hash__.__qualname__ = f"{cls.__qualname__}.__hash__"
        cls.__hash__ = __hash__  # type: ignore[method-assign]
    if not had_doc:
        import inspect

        cls.__doc__ = cls.__name__ + str(inspect.signature(cls)).replace(" -> None", "")
    return cls


#: What ``dataclass(init=False, repr=False, eq=False)`` records as a class's
#: ``__dataclass_params__`` (read from one class made so; with a docstring, as dataclass
#: would otherwise write one from its signature, importing the tokenizer).
_PARAMS = dataclasses.dataclass(init=False, repr=False, eq=False)(
    type("_Params", (), {"__doc__": "-"})).__dataclass_params__


def _record_fields(cls: type) -> tuple[dataclasses.Field, ...]:
    """The fields of ``cls`` (its bases' first), recorded on it as ``dataclass`` does: the
    class attribute of a ``field(...)`` becomes its default (or goes), and a mutable default
    or a ``field()`` without an annotation is refused with the same error."""
    fields: dict[str, dataclasses.Field] = {}
    for base in cls.__mro__[-1:0:-1]:
        fields.update(getattr(base, "__dataclass_fields__", {}))
    annotations = cls.__dict__.get("__annotations__", {})
    # A field's default is the class attribute of its name, maybe a base's (getattr); a
    # class of no base but object has its own alone, read without an AttributeError made
    # for each field without one.
    own = cls.__dict__ if cls.__bases__ == (object,) else None
    for name, annotation in annotations.items():
        if type(annotation) is str:  # postponed, as in vsm-draw's modules: what it names
            refused = "ClassVar" in annotation or "InitVar" in annotation or "KW_ONLY" in annotation
        else:
            refused = _not_a_field(annotation)
        if refused:
            raise TypeError(f"@frozen class {cls.__name__} cannot have {name}: {annotation} "
                            "(ClassVar, InitVar and KW_ONLY are not supported)")
        default = getattr(cls, name, MISSING) if own is None else own.get(name, MISSING)
        if isinstance(default, dataclasses.Field):
            f = default
            if f.default is MISSING:
                delattr(cls, name)
            else:
                setattr(cls, name, f.default)
        else:
            f = dataclasses.field(default=default)
        f.name, f.type, f._field_type = name, annotation, dataclasses._FIELD  # type: ignore[attr-defined]
        if f.kw_only is MISSING:
            f.kw_only = False  # type: ignore[assignment]
        if f.default.__class__.__hash__ is None:
            raise ValueError(f"mutable default {type(f.default)} for field {name} is not "
                             "allowed: use default_factory")
        fields[name] = f
    for name, value in cls.__dict__.items():
        if isinstance(value, dataclasses.Field) and name not in annotations:
            raise TypeError(f"{name!r} is a field but has no type annotation")
    cls.__dataclass_params__ = _PARAMS  # type: ignore[attr-defined]
    cls.__dataclass_fields__ = fields  # type: ignore[attr-defined]
    if "__match_args__" not in cls.__dict__:
        cls.__match_args__ = tuple(f.name for f in fields.values() if f.init and not f.kw_only)  # type: ignore[attr-defined]
    return tuple(fields.values())


def _not_a_field(annotation: Any) -> bool:
    """Whether ``annotation`` (not a string) is a ``ClassVar``, ``InitVar`` or ``KW_ONLY``,
    which ``dataclass`` does not take as a field."""
    return (annotation is ClassVar or getattr(annotation, "__origin__", None) is ClassVar
            or annotation is dataclasses.InitVar or isinstance(annotation, dataclasses.InitVar)
            or annotation is dataclasses.KW_ONLY)


def _set(cls: type, name: str, fn: Callable) -> None:
    """Give ``cls`` the method unless its body defines one (as ``dataclass`` does)."""
    if name not in cls.__dict__:
        fn.__qualname__ = f"{cls.__qualname__}.{fn.__name__}"
        fn.__module__ = cls.__module__
        setattr(cls, name, fn)


def _key(names: tuple[str, ...]) -> Callable[[Any], tuple]:
    """The tuple of the fields ``names`` of an object, as ``(self.a, self.b,)`` makes it."""
    if len(names) > 1:
        return operator.attrgetter(*names)
    if names:
        name = names[0]
        return lambda obj: (getattr(obj, name),)
    return lambda obj: ()


def _compare(key: Callable[[Any], tuple], name: str, op: Callable[[Any, Any], bool]) -> Callable:
    def compare(self, other):
        if other.__class__ is self.__class__:
            return op(key(self), key(other))
        return NotImplemented

    compare.__name__ = name
    return compare


def _repr(names: tuple[str, ...]) -> Callable[[Any], str]:
    running: set[tuple[int, int]] = set()

    def __repr__(self) -> str:
        key = id(self), get_ident()
        if key in running:  # an object that holds itself
            return "..."
        running.add(key)
        try:
            return (self.__class__.__qualname__ + "("
                    + ", ".join([f"{name}={getattr(self, name)!r}" for name in names]) + ")")
        finally:
            running.discard(key)

    return __repr__


def _shape(cls: type, fields: tuple[dataclasses.Field, ...]) -> tuple:
    """All that the source of ``cls``'s ``__init__`` depends on (:func:`_source`): the name
    of ``self``, whether it calls ``__post_init__``, and each field's name and whether it
    is a parameter, has a default or a factory and is keyword-only. Found written out by
    this, ``__init__`` costs no source written at each start (some ten thousand
    instructions a field)."""
    return (
        "__dataclass_self__" if "self" in cls.__dataclass_fields__ else "self",  # type: ignore[attr-defined]
        hasattr(cls, "__post_init__"),
        *[(f.name, f.init, f.default is not MISSING, f.default_factory is not MISSING, f.kw_only)
          for f in fields])


def _init(cls: type, fields: tuple[dataclasses.Field, ...]) -> Callable:
    """``__init__`` as the source ``dataclass(frozen=True)`` writes: written out ahead in
    :mod:`vsm_draw._frozen_inits` (its function given the values the source names), or
    else compiled from the source."""
    shape = _shape(cls, fields)
    made = INITS.get(shape)
    MADE.append((cls.__module__, cls.__qualname__, shape, made is not None))
    if made is not None:  # written out ahead, loaded with its module's bytecode
        values: list[Any] = [object, _HAS_DEFAULT_FACTORY, None]  # in the order _source names them
        for f in fields:
            values.append(f.type)
            if f.default_factory is not MISSING:
                values.append(f.default_factory)
            elif f.init and f.default is not MISSING:
                values.append(f.default)
        return made(*values)
    scope, source = _source(cls, fields)
    # dont_inherit: annotations evaluated as dataclass's are (not postponed, as here).
    exec(compile(source, "<string>", "exec", dont_inherit=True), scope)
    return scope["__init__"]


def _source(cls: type, fields: tuple[dataclasses.Field, ...]) -> tuple[dict[str, Any], str]:
    """The source ``dataclass(frozen=True)`` writes for ``__init__``, and the values it names."""
    self_name = "__dataclass_self__" if "self" in cls.__dataclass_fields__ else "self"  # type: ignore[attr-defined]
    scope: dict[str, Any] = {"__dataclass_builtins_object__": object,
                             "_HAS_DEFAULT_FACTORY": _HAS_DEFAULT_FACTORY, "_return_type": None}
    params: list[str] = []
    keywords: list[str] = []
    body: list[str] = []
    seen_default = False
    for f in fields:
        scope[f"_type_{f.name}"] = f.type
        default = f"_dflt_{f.name}"
        if f.default_factory is not MISSING:
            scope[default] = f.default_factory
            value = (f"{default}() if {f.name} is _HAS_DEFAULT_FACTORY else {f.name}"
                     if f.init else f"{default}()")
        elif f.init:
            value = f.name
            if f.default is not MISSING:
                scope[default] = f.default
        else:
            value = None  # the class attribute holds the default
        if f.init:
            param = f"{f.name}:_type_{f.name}"
            if f.default_factory is not MISSING:
                param += "=_HAS_DEFAULT_FACTORY"
            elif f.default is not MISSING:
                param += f"={default}"
            if f.kw_only:
                keywords.append(param)
            else:
                if f.default is not MISSING or f.default_factory is not MISSING:
                    seen_default = True
                elif seen_default:
                    raise TypeError(f"non-default argument {f.name!r} follows default argument")
                params.append(param)
        if value is not None:
            body.append(f"__dataclass_builtins_object__.__setattr__({self_name},{f.name!r},{value})")
    if hasattr(cls, "__post_init__"):
        body.append(f"{self_name}.__post_init__()")
    signature = ",".join([self_name, *params, *(["*", *keywords] if keywords else [])])
    source = (f"def __init__({signature})->_return_type:\n"
              + "\n".join(f"  {line}" for line in body or ["pass"]))
    return scope, source
