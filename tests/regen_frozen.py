"""Write vsm_draw/_frozen_inits.py: the ``__init__`` of every ``@frozen`` class, ahead of time.

``@frozen`` builds the source of a class's ``__init__`` from its fields; compiling it when the
class is made costs about a million instructions a class (a fifth of a cold ``render``'s own
work, for some forty classes). The module written here holds those functions as plain code,
loaded from its bytecode. Run ``python tests/regen_frozen.py`` (``make golden`` does) after
changing the fields of a ``@frozen`` class; ``tests/test_frozen.py`` fails while it is stale.
"""
from __future__ import annotations

import importlib
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "vsm_draw" / "_frozen_inits.py"
sys.path.insert(0, str(ROOT))

HEADER = '''\
"""The ``__init__`` of each ``@frozen`` class of vsm-draw, written out (generated: do not edit).

``python tests/regen_frozen.py`` writes it from the source :mod:`vsm_draw.frozen` builds for
each class; ``tests/test_frozen.py`` fails when it is stale. A class that is not here (or
changed since) still works: ``@frozen`` compiles its ``__init__`` when the class is made.
Each ``_N`` takes the values the source names and returns the function; the annotations are
evaluated, as ``dataclass`` evaluates them (no ``from __future__ import annotations`` here).
``INITS`` finds it by the class's shape: what the source depends on (``frozen._shape``).
"""
'''


def frozen_modules() -> list[str]:
    """The modules of vsm_draw that make ``@frozen`` classes."""
    package = ROOT / "vsm_draw"
    names = []
    for path in sorted(package.rglob("*.py")):
        if path.name == "frozen.py" or "@frozen" not in path.read_text(encoding="utf-8"):
            continue
        parts = path.relative_to(ROOT).with_suffix("").parts
        names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


def made() -> list[tuple[str, str, tuple, bool]]:
    """``(module, class, shape, found)`` of every ``@frozen`` class of vsm_draw, its modules
    imported (in this process)."""
    from vsm_draw import frozen

    for name in frozen_modules():
        importlib.import_module(name)
    return sorted({row[:2]: row for row in frozen.MADE if row[0].startswith("vsm_draw.")}.values())


def made_class(module: str, qualname: str) -> type:
    """The class ``qualname`` of ``module``."""
    cls = importlib.import_module(module)
    for part in qualname.split("."):
        cls = getattr(cls, part)
    return cls  # type: ignore[return-value]


def inits_module() -> str:
    """The text of vsm_draw/_frozen_inits.py for the classes as they are."""
    import dataclasses

    from vsm_draw import frozen

    functions: dict[tuple[tuple[str, ...], str], tuple[list[str], list[tuple]]] = {}
    for module, qualname, shape, _ in made():
        cls = made_class(module, qualname)
        scope, source = frozen._source(cls, dataclasses.fields(cls))
        classes, shapes = functions.setdefault((tuple(scope), source), ([], []))
        classes.append(f"{module[len('vsm_draw.'):]}.{qualname}")
        if shape not in shapes:
            shapes.append(shape)
    text = [HEADER]
    table = []
    for number, ((names, source), (classes, shapes)) in enumerate(functions.items()):
        text.append(f"\n\n# {', '.join(classes)}\n")
        text.append(f"def _{number}({', '.join(names)}):\n")
        text.append(textwrap.indent(source, "    ") + "\n")
        text.append("    return __init__\n")
        table.extend(f"    {shape!r}: _{number},\n" for shape in shapes)
    text.append("\n\nINITS = {\n" + "".join(table) + "}\n")
    return "".join(text)


def main() -> int:
    text = inits_module()
    if TARGET.exists() and TARGET.read_text(encoding="utf-8") == text:
        print(f"{TARGET.relative_to(ROOT)} is up to date")
        return 0
    TARGET.write_text(text, encoding="utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
