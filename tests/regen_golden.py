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
#: Every example map, the quarterly ones included (metrics and report goldens).
ALL_EXAMPLES = EXAMPLES + sorted((ROOT / "examples").glob("*/*.yaml"))
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


def diagram_scenes() -> Iterator[tuple[str, bytes]]:
    """The positioned scene of every example, one element a line keyed by its id."""
    from vsm_draw.diagram import diagram_scene
    from vsm_draw.layout import scene_lines
    from vsm_draw.loader import load_file
    from vsm_draw.metrics import metrics

    for path in EXAMPLES:
        vsm = load_file(str(path))
        yield f"{example_name(path)}.scene", scene_lines(diagram_scene(vsm, metrics(vsm))).encode("utf-8")


def metrics_jsons() -> Iterator[tuple[str, bytes]]:
    """``metrics --json`` of every example: catches a change of figures apart from drawing."""
    import json

    from vsm_draw.loader import load_file
    from vsm_draw.metrics import metrics, metrics_json

    for path in ALL_EXAMPLES:
        vsm = load_file(str(path))
        text = json.dumps(metrics_json(vsm, metrics(vsm)), indent=2, ensure_ascii=False)
        yield f"{example_name(path)}.metrics.json", (text + "\n").encode("utf-8")


def report_htmls() -> Iterator[tuple[str, bytes]]:
    """The HTML workshop report of every example."""
    from vsm_draw.loader import load_file
    from vsm_draw.metrics import metrics
    from vsm_draw.report import report_html

    for path in ALL_EXAMPLES:
        vsm = load_file(str(path))
        yield f"{example_name(path)}.report.html", report_html(vsm, metrics(vsm))


#: What-ifs whose marks are pinned: (example, changes). A chain; a branched map (rework, after).
WHATIFS = [
    ("software-delivery", ["review.wait_time=1d", "qa.process_time=4h", "qa.complete_accurate=95%"]),
    ("feature-branches", ["review.rework.rate=5%", "notes.after=[review]", "frontend.wait_time=3d",
                          "qa.rework="]),
]
#: The roles of the elements a what-if adds to the diagram.
WHATIF_ROLES = {"change-mark", "was-value", "was-strike", "was-badge", "whatif-changes", "whatif-key"}


def whatif_scenes() -> Iterator[tuple[str, bytes]]:
    """What a what-if's diagram adds: each mark, ghost and strike, and the new value it marks."""
    import vsm_draw
    from vsm_draw.diagram import diagram_scene
    from vsm_draw.layout import scene_lines
    from vsm_draw.metrics import metrics

    for name, changes in WHATIFS:
        result = vsm_draw.whatif(ROOT / "examples" / f"{name}.vsm.yaml", changes)
        shown = result.after_as_shown()
        scene = diagram_scene(shown, metrics(shown), was=result.was())
        marked = {e.id[: -len("-mark")] for e in scene.with_role("change-mark")}
        kept = tuple(e for e in scene.elements if e.role in WHATIF_ROLES or e.id in marked)
        yield f"{name}.whatif.scene", scene_lines(type(scene)(**{**scene.__dict__, "elements": kept})).encode()


GENERATORS: list[Generator] = [diagram_dots, diagram_scenes, metrics_jsons, report_htmls, whatif_scenes]


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
