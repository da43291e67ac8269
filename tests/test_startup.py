"""What a cold start leaves out still works when it is asked for."""
from __future__ import annotations

import subprocess
import sys

from .conftest import EXAMPLES

SCRIPT = r"""
import vsm_draw.yamlsource  # imports PyYAML with its regular expressions compiled lazily
import yaml

assert type(yaml.reader.Reader.NON_PRINTABLE).__name__ == "_LazyPattern"
try:
    yaml.load("a: \x07", Loader=yaml.SafeLoader)  # the Python reader: its test compiles now
except yaml.reader.ReaderError:
    pass
else:
    raise SystemExit("a control character was read")
assert yaml.load("a: [1.5, 0x1f, 2026-05-01, ~, yes]", Loader=yaml.SafeLoader) == {
    "a": [1.5, 31, __import__("datetime").date(2026, 5, 1), None, True]}
print("ok")
"""


def test_yaml_compiles_its_expressions_when_first_used():
    # A fresh interpreter: in this one PyYAML may have been imported already.
    done = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


RENDER = r"""
import sys
from vsm_draw import cli, frozen

try:
    cli.main(["render", sys.argv[1], "-o", sys.argv[2]])
except SystemExit as stop:
    assert not stop.code, stop.code
later = ["vsm_draw.compare", "vsm_draw.whatif", "vsm_draw.report", "vsm_draw.pdf", "vsm_draw.measure",
         "vsm_draw.charts", "vsm_draw.table", "weasyprint", "jinja2", "duckdb", "json"]
print(sorted(name for name in later if name in sys.modules))
print(sorted(f"{module}.{name}" for module, name, *_, written in frozen.MADE if not written))
"""


def test_render_imports_what_it_draws_with_and_compiles_no_init(tmp_path):
    """A cold `render` imports none of the other commands' modules (nor WeasyPrint, Jinja,
    DuckDB), and every record class it makes takes its written-out __init__."""
    out = tmp_path / "x.svg"
    done = subprocess.run([sys.executable, "-c", RENDER, str(EXAMPLES / "software-delivery.vsm.yaml"), str(out)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["[]", "[]"]
    assert out.read_bytes().startswith(b"<?xml")
