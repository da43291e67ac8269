"""What a cold start leaves out still works when it is asked for."""
from __future__ import annotations

import subprocess
import sys

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
