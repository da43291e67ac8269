"""vsm-draw: value stream maps from YAML — metrics, diagrams and workshop reports.

The public API is small::

    import vsm_draw
    vsm = vsm_draw.load("examples/software-delivery.vsm.yaml")   # or the YAML text
    m = vsm_draw.metrics(vsm)
    print(m.lead_time, m.flow_efficiency, m.bottleneck.name)
"""
from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version as _version

from .errors import Problem, VsmError
from .loader import load
from .metrics import Metrics, metrics
from .model import Boundaries, Calendar, InfoFlow, Rate, Step, ValueStreamMap

try:
    __version__ = _version("vsm-draw")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0+unknown"

__all__ = [
    "load",
    "metrics",
    "Metrics",
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
