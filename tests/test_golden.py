"""Every golden file against what the code makes now (``make golden`` regenerates them).

Metrics JSON is compared by meaning (parsed), DOT and HTML to the byte.
"""
from __future__ import annotations

import json

import pytest

from .regen_golden import GENERATORS, GOLDEN

CASES = [(gen, name, data) for gen in GENERATORS for name, data in gen()]


@pytest.mark.parametrize("generator, name, data", CASES, ids=[name for _, name, _ in CASES])
def test_golden(generator, name, data):
    golden = GOLDEN / name
    assert golden.exists(), f"no golden file {name}: run `make golden`"
    if name.endswith(".json"):
        assert json.loads(data) == json.loads(golden.read_bytes())
    else:
        assert data == golden.read_bytes(), (
            f"{name} changed: run `make golden` and read the diff of tests/golden/")
