"""A machine without what Chromium's install brings: PDFs print silently all the same."""
from __future__ import annotations

import os
import subprocess
import sys

from .conftest import ROOT

# Loaded by every Python of the run (the PDF printing child too): libharfbuzz-subset is not
# found, as on Debian 12 without Chromium, and each refusal is noted in a file.
HIDE_HARFBUZZ_SUBSET = '''
import os
import cffi

_dlopen = cffi.FFI.dlopen


def dlopen(self, name, *args, **kwargs):
    if "subset" in str(name):
        with open(os.environ["VSM_TEST_HIDDEN"], "a") as note:
            note.write(str(name) + "\\n")
        raise OSError(f"{name}: hidden by the test")
    return _dlopen(self, name, *args, **kwargs)


cffi.FFI.dlopen = dlopen
'''


def _without_harfbuzz_subset(tmp_path):
    """The environment of a Python that cannot load libharfbuzz-subset, and the file in
    which it notes each refusal (empty: the library was never asked for)."""
    (tmp_path / "sitecustomize.py").write_text(HIDE_HARFBUZZ_SUBSET, encoding="utf-8")
    hidden = tmp_path / "hidden.txt"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join((str(tmp_path), str(ROOT))),
           "VSM_TEST_HIDDEN": str(hidden)}
    return env, hidden


def test_a_pdf_report_without_libharfbuzz_subset_is_silent(tmp_path):
    env, hidden = _without_harfbuzz_subset(tmp_path)
    # One small page through the printing child every PDF takes (a report subsets three
    # fonts with fontTools, which is slow).
    code = ("import sys; from vsm_draw.pdf import html_to_pdf; sys.stdout.buffer.write("
            "html_to_pdf(b'<p style=\"font-family: DejaVu Sans\">Lead time 16.1 d</p>'))")
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr.decode()
    assert hidden.read_text().strip(), "the library was not hidden: the test proves nothing"
    assert done.stderr == b""  # WeasyPrint's fontTools fallback said so on every PDF
    assert done.stdout.startswith(b"%PDF-")


def test_the_fetcher_imports_weasyprint_without_a_warning_on_such_a_machine(tmp_path):
    # The fetcher is built in the calling process (the tests build one under
    # filterwarnings=error): WeasyPrint's import-time DeprecationWarning must not escape.
    env, hidden = _without_harfbuzz_subset(tmp_path)
    code = ("from vsm_draw.pdf import safe_fetcher; "
            "assert safe_fetcher()('data:text/plain,ok').read() == b'ok'")
    done = subprocess.run([sys.executable, "-W", "error", "-c", code], env=env,
                          capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr.decode()
    assert hidden.read_text().strip(), "the library was not hidden: the test proves nothing"
    assert done.stderr == b""
