"""Time a cold ``vsm-draw report`` against its floors.

    python bench/bench_report.py [MAP] [--runs N]

PDF: ``report -o x.pdf`` against a bare Python process that imports WeasyPrint and prints the
very same HTML (goal: at most 2x). HTML: ``report -o x.html`` against ``render -o x.svg``
(goal: at most 1.5x). Prints one line per measurement; exits 1 when a goal is missed.
"""
from __future__ import annotations

import argparse
import compileall
import sys
import tempfile
from pathlib import Path

from timing import DEFAULT_MAP, ROOT, best_of

FLOOR = """
import sys
import weasyprint
weasyprint.HTML(filename=sys.argv[1], base_url=sys.argv[2]).write_pdf(sys.argv[3])
"""


def line(what: str, seconds: float, floor: float, goal: float) -> bool:
    ratio = seconds / floor
    ok = ratio <= goal
    print(f"{what:<48} {seconds * 1000:7.0f} ms  ({ratio:.2f}x; goal <= {goal}x) "
          f"{'OK' if ok else 'SLOW'}", flush=True)
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("map", nargs="?", default=str(DEFAULT_MAP))
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    from vsm_draw.loader import load_file
    from vsm_draw.metrics import metrics
    from vsm_draw.pdf import _PACKAGE_DIR, sheet_for
    from vsm_draw.report import report_html

    compileall.compile_dir(str(ROOT / "vsm_draw"), quiet=1)
    vsm = load_file(args.map)
    name = Path(args.map).name
    sheet, layout = sheet_for("A4")
    cli = [sys.executable, "-m", "vsm_draw.cli"]
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "handout.html"
        page.write_bytes(report_html(vsm, metrics(vsm), layout=layout, sheet=sheet))
        floor = best_of(args.runs, [sys.executable, "-c", FLOOR, str(page),
                                    _PACKAGE_DIR.as_uri() + "/", str(Path(tmp) / "floor.pdf")])
        print(f"{'floor: python + WeasyPrint, same HTML':<48} {floor * 1000:7.0f} ms", flush=True)
        pdf = best_of(args.runs, [*cli, "report", args.map, "-o", str(Path(tmp) / "x.pdf")])
        ok = line(f"vsm-draw report {name} -o x.pdf", pdf, floor, 2.0)

        svg = best_of(args.runs, [*cli, "render", args.map, "-o", str(Path(tmp) / "x.svg")])
        print(f"{f'vsm-draw render {name} -o x.svg':<48} {svg * 1000:7.0f} ms", flush=True)
        html = best_of(args.runs, [*cli, "report", args.map, "-o", str(Path(tmp) / "x.html")])
        ok &= line(f"vsm-draw report {name} -o x.html", html, svg, 1.5)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
