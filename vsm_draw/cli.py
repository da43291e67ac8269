"""The ``vsm-draw`` command line: parses arguments, calls the pipeline, writes files.

Exit status: 0 success, 1 a map is invalid or cannot be read, 2 wrong usage.
Heavy modules (Graphviz, WeasyPrint, report templates) are imported inside the
commands that need them, so ``check`` and ``metrics`` start fast.
"""
from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Callable, NoReturn, Optional

import click

from .errors import VsmError

__all__ = ["main"]

_EPILOG_MAIN = """\b
Examples:
  vsm-draw check examples/*.yaml
  vsm-draw metrics examples/software-delivery.vsm.yaml
  vsm-draw metrics examples/software-delivery.vsm.yaml --json --unit hours
"""


class _Group(click.Group):
    """Keeps commands in the order they are declared in ``--help``."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(self.commands)


@click.group(cls=_Group, epilog=_EPILOG_MAIN, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="vsm-draw", prog_name="vsm-draw")
def main() -> None:
    """Turn a value stream map written in YAML into metrics, diagrams and reports.

    A map lists the steps of a value stream in flow order, each with the wait
    before it and its process time. See the README for the format.
    """


# --- shared helpers -------------------------------------------------------------------

def fail(error: VsmError) -> NoReturn:
    """Print every problem as FILE:LINE:COLUMN: message and exit 1."""
    for problem in error.problems:
        click.echo(str(problem), err=True)
    sys.exit(1)


def load_map(path: str):
    """Load and validate a map, or exit 1 with its problems."""
    from .loader import load_file

    try:
        return load_file(path)
    except VsmError as error:
        fail(error)


def write_output(out: str, data: bytes) -> None:
    """Write ``data`` to ``out`` atomically ('-' is stdout): a failure never leaves a half file."""
    if out == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    target = Path(out)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def output_format(out: str, allowed: tuple[str, ...], stdout_format: Optional[str] = None) -> str:
    """The format named by OUT's suffix, or a usage error (exit 2) listing the allowed ones."""
    if out == "-" and stdout_format:
        return stdout_format
    name = out.lower()
    for fmt in sorted(allowed, key=len, reverse=True):
        if name.endswith("." + fmt):
            return fmt
    raise click.UsageError(
        f"cannot tell the format of {out!r} from its suffix; use one of "
        + ", ".join("." + f for f in allowed)
        + (" or - for SVG on standard output" if stdout_format else "")
    )


def unit_option(f: Callable) -> Callable:
    return click.option(
        "--unit", "-u", metavar="U",
        help="Unit of every duration shown: seconds, minutes, hours, days or weeks "
             "(default: the map's unit).",
    )(f)


def check_unit(unit: Optional[str]) -> Optional[str]:
    if unit is None:
        return None
    from .durations import normalize_unit

    try:
        return normalize_unit(unit)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--unit") from None


# --- check and metrics ----------------------------------------------------------------

@main.command(epilog="""\b
Examples:
  vsm-draw check map.vsm.yaml
  vsm-draw check maps/*.yaml
""")
@click.argument("maps", nargs=-1, required=True, metavar="MAP...")
def check(maps: tuple[str, ...]) -> None:
    """Validate maps; print nothing but errors (FILE:LINE:COLUMN: message).

    Exits 1 when any map is invalid, after checking every one.
    """
    from .loader import load_file

    failed = False
    for path in maps:
        try:
            load_file(path)
        except VsmError as error:
            failed = True
            for problem in error.problems:
                click.echo(str(problem), err=True)
    sys.exit(1 if failed else 0)


@main.command(epilog="""\b
Examples:
  vsm-draw metrics map.vsm.yaml
  vsm-draw metrics map.vsm.yaml --unit hours
  vsm-draw metrics map.vsm.yaml --json | jq .flow_efficiency
""")
@click.argument("map_path", metavar="MAP")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object (SPEC section 3).")
@unit_option
def metrics(map_path: str, as_json: bool, unit: Optional[str]) -> None:
    """Compute lead time, process time, flow efficiency, the bottleneck and more.

    Durations in the table read naturally (3 w, 4 h, 39 s) unless --unit is given;
    in JSON they are plain numbers in the map's unit or --unit.
    """
    # `vsm_draw.metrics` is the public function; the module is reached by `from .metrics`.
    from .metrics import metrics as compute_metrics
    from .metrics import metrics_json
    from .table import metrics_table

    unit = check_unit(unit)
    vsm = load_map(map_path)
    m = compute_metrics(vsm)
    if as_json:
        obj = metrics_json(vsm, m, unit)
        click.echo(json.dumps(obj, indent=2, ensure_ascii=False))
    else:
        click.echo(metrics_table(vsm, m, unit), nl=False)


if __name__ == "__main__":  # pragma: no cover
    main()
