"""vsm-draw: value stream maps from YAML — metrics, diagrams and workshop reports.

The public API is small::

    import vsm_draw
    vsm = vsm_draw.load("examples/software-delivery.vsm.yaml")   # or the YAML text
    m = vsm_draw.metrics(vsm)
    print(m.lead_time, m.flow_efficiency, m.bottleneck.name)
"""
from __future__ import annotations

import sys
import types
from typing import TYPE_CHECKING, Any

from ._lazy import defer, defer_inspect, lazy_patterns

defer_inspect()  # before dataclasses and Click import it: see vsm_draw._lazy
# dataclasses imports copy for asdict() alone, PyYAML's constructor base64 for !!binary
# alone (which a map refuses): they run when first used.
defer("copy")
defer("base64")
with lazy_patterns():  # dataclasses' one expression is for string annotations of @dataclass
    import dataclasses  # noqa: F401

from .errors import Problem, RenderError, VsmError
from .loader import load
from .metrics import Metrics, metrics
from .model import Boundaries, Calendar, InfoFlow, Rate, Step, ValueStreamMap

if TYPE_CHECKING:  # pragma: no cover
    from .api import loads, render, report
    from .compare import Comparison, compare
    from .whatif import WhatIf, whatif

# Imported when first used: the command line (`vsm-draw render`) starts without them.
_LAZY = {"compare": "compare", "Comparison": "compare", "whatif": "whatif",
         "WhatIf": "whatif", "loads": "api", "render": "api", "report": "api"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from importlib import import_module

        value = getattr(import_module(f".{_LAZY[name]}", __name__), name)
    elif name == "__version__":
        # importlib.metadata costs ~30 ms: asked once, when needed (a build of 500 maps
        # asks for every cache key).
        from importlib.metadata import PackageNotFoundError, version

        try:
            value = version("vsm-draw")
        except PackageNotFoundError:  # a source tree that is not installed
            value = "0+unknown"
    else:
        raise AttributeError(f"module 'vsm_draw' has no attribute {name!r}")
    globals()[name] = value
    return value


class _Package(types.ModuleType):
    """``vsm_draw.compare``, ``.whatif`` and ``.report`` are functions, though modules of the
    same names exist: importing such a module must not rebind the package's name to it
    (``from vsm_draw.report import inline_svg`` leaves ``vsm_draw.report(vsm)`` working)."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name in ("compare", "whatif", "report") and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


__all__ = [
    "load",
    "loads",
    "render",
    "report",
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
    "RenderError",
    "Problem",
    "__version__",
]
