"""Long maps for the poster tests, made from a seed: 20, 25 or 30 steps, plain, with a lane
(a step beside the one before it, both joined by the next) or with rework (two loops back
three steps each)."""
from __future__ import annotations

import random
from pathlib import Path

__all__ = ["KINDS", "COUNTS", "long_map", "long_map_file"]

KINDS = ("plain", "lanes", "rework")
COUNTS = (20, 25, 30)

_OWNERS = ("Product manager", "Tech lead", "Backend developers", "QA engineer", "Designer", "Ops team",
           "Compliance officer", "Release manager", "Support desk", "Data analyst")
_NAMES = ("Intake", "Triage", "Discovery", "Estimate", "Design review", "Build", "Code review",
          "Integration test", "Security scan", "Approval", "Staging deploy", "Acceptance", "Documentation",
          "Release planning", "Production deploy", "Monitoring", "Sign-off", "Handover", "Training", "Invoice")
_REASONS = ("Weekly meeting", "Shared reviewer across teams", "Batch released on Fridays",
            "Waiting for the customer to answer", "Environment booked ahead", None, None)
_KAIZEN = ("Daily triage", "Pair on reviews", "Automate the checks", "Self-service environments", None, None, None)


def long_map(n: int, kind: str, seed: int = 1) -> str:
    """The YAML of a map of ``n`` steps of ``kind`` (one of :data:`KINDS`)."""
    r = random.Random(seed * 100 + n)
    out = [f"title: Held-out {n} steps {kind}", "state: current", "unit: days", "supplier: Customers",
           "customer: Users", "boundaries: {start: Request logged, end: Feature in use}", "steps:"]
    ids: list[str] = []
    third, two_thirds = n // 3, 2 * n // 3
    for i in range(n):
        sid = f"s{i + 1}"
        name = _NAMES[i % len(_NAMES)] + ("" if i < len(_NAMES) else f" {i // len(_NAMES) + 1}")
        out += [f"  - name: {name}", f"    id: {sid}", f"    owner: {r.choice(_OWNERS)}",
                f"    wait_time: {r.choice(['1d', '2d', '3d', '1w', '4h', '2w'])}",
                f"    process_time: {r.choice(['1h', '2h', '4h', '1d', '2d'])}"]
        if r.random() < 0.3:
            out.append("    value_adding: false")
        if r.random() < 0.3:
            out.append(f"    complete_accurate: {r.choice([70, 80, 90])}%")
        reason, kaizen = r.choice(_REASONS), r.choice(_KAIZEN)
        if reason:
            out.append(f"    wait_reason: {reason}")
        if kaizen:
            out.append(f"    kaizen: {kaizen}")
        if kind == "lanes":
            if i in (third + 1, two_thirds + 1):  # beside the step before it
                out.append(f"    after: [{ids[-1]}]")
            elif i == third + 2:  # beside both before it
                out.append(f"    after: [{ids[-2]}]")
            elif i == third + 3:  # joins them
                out.append(f"    after: [{ids[-1]}, {ids[-2]}]")
            elif i == two_thirds + 2:
                out.append(f"    after: [{ids[-1]}]")
        if kind == "rework" and i in (n // 2, n - 3):
            out.append(f"    rework: {{to: {ids[i - 3]}, rate: 20%}}")
        ids.append(sid)
    return "\n".join(out) + "\n"


def long_map_file(folder: Path, n: int, kind: str) -> Path:
    """:func:`long_map` written into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"long-{n}-{kind}.vsm.yaml"
    path.write_text(long_map(n, kind), encoding="utf-8")
    return path
