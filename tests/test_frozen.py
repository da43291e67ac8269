"""@frozen behaves as @dataclass(frozen=True): same fields, signature, repr, equality, hash."""
from __future__ import annotations

import dataclasses
import inspect
import math
from dataclasses import FrozenInstanceError, dataclass, field
from typing import Optional

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
