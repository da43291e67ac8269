"""vsm-draw: value stream maps from YAML — metrics, diagrams and workshop reports.

The public API is small::

    import vsm_draw
    vsm = vsm_draw.load("examples/software-delivery.vsm.yaml")   # or the YAML text
    m = vsm_draw.metrics(vsm)
    print(m.lead_time, m.flow_efficiency, m.bottleneck.name)
"""
from __future__ import annotations

from .errors import Problem, VsmError
from .loader import load
from .metrics import Metrics, metrics
from .model import Boundaries, Calendar, InfoFlow, Rate, Step, ValueStreamMap
from .compare import Comparison, compare
from .whatif import WhatIf, whatif



def __getattr__(name: str) -> str:
    # importlib.metadata costs ~30 ms at start-up; only pay it when asked.
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("vsm-draw")
        except PackageNotFoundError:  # a source tree that is not installed
            return "0+unknown"
    raise AttributeError(f"module 'vsm_draw' has no attribute {name!r}")

__all__ = [
    "load",
    "metrics",
    "Metrics",
    "compare",
    "Comparison",
    "whatif",
    "WhatIf",
    "ValueStreamMap",
    "Step",
    "InfoFlow",
    "Boundaries",
    "Calendar",
    "Rate",
    "VsmError",
    "Problem",
    "__version__",
]
