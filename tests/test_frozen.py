"""@frozen behaves as @dataclass(frozen=True): same fields, signature, repr, equality, hash."""
from __future__ import annotations

import dataclasses
import inspect
import math
from dataclasses import FrozenInstanceError, dataclass, field
from typing import ClassVar, Optional

import pytest

from vsm_draw.frozen import frozen


def _pair(order: bool = False):
    """The same class body made by each decorator."""

    def body():
        class Step:
            """A step."""

            id: str
            name: str
            owner: Optional[str] = None
            wait: float = 0.0
            tags: tuple[str, ...] = field(default_factory=tuple)
            seen: frozenset[str] = field(default=frozenset(), compare=False, repr=False)
            extra: list = field(default_factory=list, init=False, compare=False)

            def __post_init__(self) -> None:
                object.__setattr__(self, "extra", [self.id])

        return Step

    return dataclass(frozen=True, order=order)(body()), frozen(order=order)(body())


def test_frozen_gives_what_dataclass_gives():
    std, ours = _pair()
    assert str(inspect.signature(ours)) == str(inspect.signature(std))
    assert ours.__init__.__annotations__ == std.__init__.__annotations__
    assert ours.__match_args__ == std.__match_args__
    assert [(f.name, f.default, f.compare) for f in dataclasses.fields(ours)] == \
        [(f.name, f.default, f.compare) for f in dataclasses.fields(std)]
    for args, kwargs in [(("a", "A"), {}), (("a", "A", "me", 2.5, ("x",)), {"seen": {"s"}}),
                         (("a",), {"name": "A", "wait": math.nan})]:
        s, o = std(*args, **kwargs), ours(*args, **kwargs)
        assert repr(o) == repr(s)
        assert dataclasses.asdict(o) == dataclasses.asdict(s)
        assert o == ours(*args, **kwargs) and hash(o) == hash(ours(*args, **kwargs))
        assert hash(o) == hash(s)
        assert (o == ours("b", "A")) == (s == std("b", "A"))
        changed = dataclasses.replace(o, owner="you")
        assert changed.owner == "you" and changed.id == o.id and changed.extra == ["a"]
    o = ours("a", "A", seen=frozenset({"x"}))
    assert o == ours("a", "A")  # a field left out of the comparison
    assert o.__eq__(std("a", "A")) is NotImplemented
    with pytest.raises(FrozenInstanceError, match="cannot assign to field 'name'"):
        o.name = "B"
    with pytest.raises(FrozenInstanceError, match="cannot delete field 'name'"):
        del o.name
    with pytest.raises(TypeError):
        ours()


def test_frozen_records_the_fields_dataclass_records():
    """The same Field objects (every attribute), class attributes and record of the class."""
    std, ours = _pair()

    def base():
        class Base:
            """A base."""

            id: str
            wait: float = 1.0

        return Base

    def sub(base):
        class Sub(base):
            """Its subclass."""

            owner: str = field(default="me", repr=False, metadata={"k": 1})
            wait: float = 2.0

        return Sub

    std_sub = dataclass(frozen=True)(sub(dataclass(frozen=True)(base())))
    our_sub = frozen(sub(frozen(base())))
    for std_cls, our_cls in [(std, ours), (std_sub, our_sub)]:
        def record(cls):
            return [(name, f.name, f.type, f.default, f.default_factory, f.init, f.repr, f.hash, f.compare,
                     f.metadata, f.kw_only, f._field_type) for name, f in cls.__dataclass_fields__.items()]

        assert record(our_cls) == record(std_cls)
        assert our_cls.__match_args__ == std_cls.__match_args__
        for name in our_cls.__dataclass_fields__:  # a field()'s default is left, a factory's taken away
            assert getattr(our_cls, name, "none") == getattr(std_cls, name, "none")
        assert dataclasses.is_dataclass(our_cls)
    assert repr(ours.__dataclass_params__) == repr(dataclass(init=False, repr=False, eq=False)(
        type("P", (), {"__doc__": "-"})).__dataclass_params__)


@pytest.mark.parametrize("annotation", ["ClassVar[int]", "InitVar[int]", "KW_ONLY", "typing.ClassVar[int]",
                                        ClassVar[int], ClassVar, dataclasses.InitVar[int], dataclasses.KW_ONLY])
def test_what_frozen_does_not_take(annotation):
    wrong = type("Wrong", (), {"__annotations__": {"x": annotation}, "__module__": __name__})
    with pytest.raises(TypeError, match="ClassVar, InitVar and KW_ONLY are not supported"):
        frozen(wrong)


def test_the_errors_dataclass_gives():
    for decorator in (dataclass(frozen=True), frozen):
        with pytest.raises(ValueError, match="mutable default <class 'list'> for field x is not allowed"):
            decorator(type("Mutable", (), {"__annotations__": {"x": "list"}, "x": []}))
        with pytest.raises(TypeError, match="'y' is a field but has no type annotation"):
            decorator(type("Unannotated", (), {"__annotations__": {"x": "int"}, "y": field(default=1)}))


def test_order_and_a_class_without_docstring():
    std, ours = _pair(order=True)
    assert sorted([ours("b", "B"), ours("a", "Z")]) == [ours("a", "Z"), ours("b", "B")]
    assert (ours("a", "A") <= ours("a", "A")) and not (ours("a", "B") < ours("a", "A"))

    class Bare:
        x: int
        y: int = 2

    assert frozen(Bare).__doc__ == dataclass(frozen=True)(type("Bare", (), {
        "__annotations__": {"x": "int", "y": "int"}, "y": 2, "__module__": __name__})).__doc__


def test_a_default_before_a_required_field_is_refused():
    class Wrong:
        """Wrong."""

        x: int = 1
        y: int

    with pytest.raises(TypeError, match="non-default argument 'y' follows default argument"):
        frozen(Wrong)



def test_the_written_out_inits_are_current_and_used(monkeypatch):
    """vsm_draw/_frozen_inits.py holds the ``__init__`` of every @frozen class of vsm_draw as
    it is now (else: ``python tests/regen_frozen.py``), and those classes take it from there:
    the same function as a compile of its source gives."""
    from vsm_draw import frozen as frozen_module

    from .regen_frozen import TARGET, inits_module, made

    assert TARGET.read_text(encoding="utf-8") == inits_module(), \
        "vsm_draw/_frozen_inits.py is stale: run python tests/regen_frozen.py"
    rows = made()
    assert len(rows) >= 40 and all(found for *_, found in rows), [r[:2] for r in rows if not r[4]]
    monkeypatch.setattr(frozen_module, "INITS", {})  # as if nothing were written out
    monkeypatch.setattr(frozen_module, "MADE", [])
    for module, qualname, *_ in rows:
        cls = __import__(module, fromlist=["_"])
        for part in qualname.split("."):
            cls = getattr(cls, part)
        written = cls.__init__
        compiled = frozen_module._init(cls, dataclasses.fields(cls))
        assert written.__code__.co_filename == str(TARGET) != compiled.__code__.co_filename
        assert str(inspect.signature(written)) == str(inspect.signature(compiled)), qualname
        assert written.__annotations__ == compiled.__annotations__, qualname
        assert written.__defaults__ == compiled.__defaults__, qualname
        assert written.__kwdefaults__ == compiled.__kwdefaults__, qualname
        assert written.__module__ == cls.__module__ and written.__qualname__ == f"{qualname}.__init__"
