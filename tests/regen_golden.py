"""Regenerate the golden files in tests/golden/ (``make golden``); read the diff in review.

Each generator yields ``(file name, bytes)`` pairs; add a generator to GENERATORS to
pin another output. Run from anywhere: ``python tests/regen_golden.py``.
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Callable, Iterator

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
sys.path.insert(0, str(ROOT))

Generator = Callable[[], Iterator[tuple[str, bytes]]]


def example_name(path: Path) -> str:
    """``examples/stamping-plant.vsm.yaml`` -> ``stamping-plant``."""
    name = path.name[: -len(".yaml")]
    return name[: -len(".vsm")] if name.endswith(".vsm") else name


def diagram_dots() -> Iterator[tuple[str, bytes]]:
    """The diagram's DOT for every example (classic theme and ladder)."""
    from vsm_draw.diagram import diagram_dot
    from vsm_draw.loader import load_file
    from vsm_draw.metrics import metrics

    for path in EXAMPLES:
        vsm = load_file(str(path))
        yield f"{example_name(path)}.dot", diagram_dot(vsm, metrics(vsm)).encode("utf-8")


GENERATORS: list[Generator] = [diagram_dots]


def main() -> None:
    GOLDEN.mkdir(parents=True, exist_ok=True)
    for generate in GENERATORS:
        for name, data in generate():
            target = GOLDEN / name
            old = target.read_bytes() if target.exists() else None
            if old != data:
                target.write_bytes(data)
                print(f"{'updated' if old is not None else 'created'} {target.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
