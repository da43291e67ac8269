"""Time a cold ``vsm-draw render`` against its floor: Python laying out the same DOT.

    python bench/bench_render.py [MAP] [--runs N]

The floor is a bare Python process that imports pygraphviz and draws the map's DOT
(the same fontconfig file); the goal is ``render`` at most 1.5x the floor. Also
times a 200-step map (goal: under 3 s). Prints one line per measurement; wall-clock
and CPU time, and with ``--instructions`` valgrind's count of instructions, which a
machine shared with other work leaves unchanged.
"""
from __future__ import annotations

import argparse
import compileall
import sys
import tempfile
from pathlib import Path

from timing import DEFAULT_MAP, ROOT, best_cpu_of, best_of, instructions

FLOOR = """
import os, sys
os.environ["FONTCONFIG_FILE"] = sys.argv[2]
import pygraphviz
from pygraphviz import graphviz as gv
graph = pygraphviz.AGraph(string=open(sys.argv[1], encoding="utf-8").read())
gvc = gv.gvContextWithBuiltins()
gv.gvLayout(gvc, graph.handle, b"nop")
err, data = gv.gvRenderData(gvc, graph.handle, b"svg")
open(sys.argv[3], "wb").write(data)
"""


def big_map(steps: int) -> str:
    lines = ["title: Two hundred steps", "supplier: Upstream", "customer: Downstream", "steps:"]
    for i in range(steps):
        lines += [f"  - name: Step {i + 1} of the long stream", f"    owner: Team {i % 7}",
                  f"    wait_time: {(i * 7) % 11}d", f"    process_time: {(i % 5) + 1}h"]
        if i % 4 == 0:
            lines.append("    kaizen: Halve the wait by pulling work")
        if i % 3 == 0:
            lines.append("    wait_reason: Batched once a week by the release board")
    return "\n".join(lines) + "\n"


def many_flows(steps: int, flows: int) -> str:
    """A map whose information flows cross a lot: the lane ordering's worst case."""
    ends = [f"Step {i}" for i in range(steps)] + ["supplier", "customer", "Planning", "Sales"]
    lines = ["title: Many flows", "supplier: Upstream", "customer: Downstream", "steps:"]
    lines += [f"  - name: Step {i}\n    wait_time: {i % 5}d\n    process_time: 2h"
              for i in range(steps)]
    lines.append("info_flows:")
    for k in range(flows):
        a, b = ends[(k * 7) % len(ends)], ends[(k * 11 + 3) % len(ends)]
        if a == b:
            b = ends[(k * 11 + 4) % len(ends)]
        lines.append(f"  - {{from: {a}, to: {b}, label: flow {k}, kind: manual}}")
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("map", nargs="?", default=str(DEFAULT_MAP))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--instructions", action="store_true",
                        help="also count the instructions of each (valgrind; ~30 s)")
    args = parser.parse_args()

    from vsm_draw.diagram import diagram_dot
    from vsm_draw.fonts import fontconfig_file
    from vsm_draw.loader import load_file
    from vsm_draw.metrics import metrics

    # Timed as installed: bytecode compiled, as pip does (even under PYTHONDONTWRITEBYTECODE).
    compileall.compile_dir(str(ROOT / "vsm_draw"), quiet=1)
    vsm = load_file(args.map)
    with tempfile.TemporaryDirectory() as tmp:
        dot = Path(tmp) / "map.dot"
        dot.write_text(diagram_dot(vsm, metrics(vsm)), encoding="utf-8")
        floor = best_of(args.runs, [sys.executable, "-c", FLOOR, str(dot), str(fontconfig_file()),
                                    str(Path(tmp) / "floor.svg")])
        cli = [sys.executable, "-m", "vsm_draw.cli", "render"]
        render = best_of(args.runs, [*cli, args.map, "-o", str(Path(tmp) / "x.svg")])
        ratio = render / floor
        print(f"floor (python + pygraphviz, same DOT): {floor * 1000:7.0f} ms")
        print(f"vsm-draw render {Path(args.map).name} -o x.svg: {render * 1000:7.0f} ms  "
              f"({ratio:.2f}x the floor; goal <= 1.5x) {'OK' if ratio <= 1.5 else 'SLOW'}")
        # The same two in CPU time: steady when other work loads the machine.
        floor_cpu = best_cpu_of(args.runs, [sys.executable, "-c", FLOOR, str(dot),
                                            str(fontconfig_file()), str(Path(tmp) / "floor.svg")])
        render_cpu = best_cpu_of(args.runs, [*cli, args.map, "-o", str(Path(tmp) / "x.svg")])
        print(f"  in CPU time: floor {floor_cpu * 1000:.0f} ms, render {render_cpu * 1000:.0f} ms "
              f"({render_cpu / floor_cpu:.2f}x)")
        if args.instructions:
            floor_ir = instructions([sys.executable, "-c", FLOOR, str(dot), str(fontconfig_file()),
                                     str(Path(tmp) / "floor.svg")])
            render_ir = instructions([*cli, args.map, "-o", str(Path(tmp) / "x.svg")])
            if floor_ir and render_ir:
                print(f"  in instructions: floor {floor_ir / 1e6:.0f} M, render {render_ir / 1e6:.0f} M "
                      f"({render_ir / floor_ir:.2f}x)")
            else:
                print("  in instructions: valgrind is not installed (apt-get install valgrind)")
        big = Path(tmp) / "big.vsm.yaml"
        big.write_text(big_map(200), encoding="utf-8")
        large = best_of(max(1, args.runs // 2), [*cli, str(big), "-o", str(Path(tmp) / "big.svg")])
        print(f"vsm-draw render (200 steps) -o big.svg:  {large * 1000:7.0f} ms  "
              f"(goal < 3000 ms) {'OK' if large < 3 else 'SLOW'}")
        flows = Path(tmp) / "flows.vsm.yaml"
        flows.write_text(many_flows(20, 80), encoding="utf-8")
        tangled = best_of(max(1, args.runs // 2), [*cli, str(flows), "-o", str(Path(tmp) / "f.svg")])
        print(f"vsm-draw render (20 steps, 80 info flows):  {tangled * 1000:7.0f} ms  "
              f"(goal < 3000 ms) {'OK' if tangled < 3 else 'SLOW'}")
        return 0 if ratio <= 1.5 and large < 3 and tangled < 3 else 1


if __name__ == "__main__":
    sys.exit(main())
