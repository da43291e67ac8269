"""The ``vsm-draw`` command line: parses arguments, calls the pipeline, writes files.

Exit status: 0 success, 1 a map is invalid or cannot be read, 2 wrong usage, 130
interrupted (Ctrl-C).
Heavy modules (Graphviz, WeasyPrint, report templates) are imported inside the
commands that need them, so ``check`` and ``metrics`` start fast.
"""
from __future__ import annotations

import os
import sys
from typing import Callable, NoReturn, Optional

from ._lazy import lazy_patterns, pattern_text, unchecked_forward_refs

# Click imports gettext, and uuid, which imports platform, and its first message imports
# locale: they compile regular expressions that a command seldom uses (platform's nine,
# some 8 million instructions; gettext's, for the plural forms of a message catalogue,
# 2.7 million). gettext hands its expression to re.finditer, which takes no stand-in: it
# gets the expression's text, compiled if ever used. Click's string types would be the
# process's first compile() (10 million instructions).
with lazy_patterns():
    import gettext  # noqa: E402,I001
gettext._token_pattern = pattern_text(gettext._token_pattern)  # type: ignore[attr-defined]

with lazy_patterns(), unchecked_forward_refs():
    import locale  # noqa: F401
    import click

from . import formats  # noqa: E402
from .errors import VsmError, shorten
from .themes import THEME_NAMES

__all__ = ["main"]

_EPILOG_MAIN = """\b
Examples:
  vsm-draw check examples/*.yaml
  vsm-draw metrics examples/software-delivery.vsm.yaml
  vsm-draw metrics examples/software-delivery.vsm.yaml --json --unit hours
"""


class _ShortFirst:
    """A command whose parser reads an argument that is exactly one of its short options
    (``-o``) as that option at once. Click's tries every option as a long one first, and
    that failure looks for the long names closest to ``-o`` with :mod:`difflib`, for an
    error message never shown: the import and the search cost a cold ``render`` 2.7
    million instructions. Anything else (``--output``, ``-ox``, an unknown ``-q``) is
    parsed as Click parses it."""

    def make_parser(self, ctx: click.Context):
        parser = super().make_parser(ctx)  # type: ignore[misc]
        parser.__class__ = _short_first_parser(type(parser))
        return parser


def _short_first_parser(parser_class: type) -> type:
    """``parser_class`` (Click's option parser) with short options matched first; one
    subclass a parser class."""
    made = _SHORT_FIRST.get(parser_class)
    if made is None:
        class made(parser_class):  # type: ignore[no-redef,valid-type,misc]
            def _process_opts(self, arg: str, state) -> None:
                if arg in self._short_opt:
                    self._match_short_opt(arg, state)
                else:
                    super()._process_opts(arg, state)

        _SHORT_FIRST[parser_class] = made
    return made


_SHORT_FIRST: dict[type, type] = {}


class _Command(_ShortFirst, click.Command):
    """Every command of ``vsm-draw`` (see :class:`_ShortFirst`)."""


class _Group(_ShortFirst, click.Group):
    """Keeps commands in the order they are declared in ``--help``; turns a renderer's
    failure into a message and an exit status, never a traceback."""

    command_class = _Command

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(self.commands)

    def make_context(self, *args, **kwargs) -> click.Context:
        try:
            return super().make_context(*args, **kwargs)
        except KeyboardInterrupt:
            raise _interrupted() from None

    def invoke(self, ctx: click.Context):
        from .errors import RenderError
        from .output import SourceDateError

        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            raise _interrupted() from None
        except SourceDateError as exc:
            usage = click.ClickException(str(exc))
            usage.exit_code = 2  # wrong usage, of the environment
            raise usage from None
        except VsmError as error:  # a map found invalid past loading (e.g. too big to draw)
            fail(error)
        except (RenderError, OSError) as exc:
            # Graphviz or the PDF printer failed, or a cache folder is not writable. Any
            # other exception is a bug and keeps its traceback.
            raise click.ClickException(str(exc)) from None


def _interrupted() -> click.exceptions.Exit:
    """Ctrl-C: one line on stderr and exit status 130 (128 + SIGINT, as the shell reports a
    command a signal stopped), instead of Click's "Aborted!" and 1, the status of an invalid
    map. What the command left is its own to tidy (``build`` keeps the cache of the maps
    that finished; a file being written is never half there)."""
    # A progress bar drawn in place, or the terminal's "^C": the message takes its line.
    try:
        clear = "\r\x1b[K" if sys.stderr.isatty() else ""
    except (ValueError, AttributeError):  # stderr closed
        clear = ""
    click.echo(f"{clear}vsm-draw: interrupted", err=True)
    return click.exceptions.Exit(130)


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


def stdin_once(*paths: Optional[str]) -> None:
    """A usage error when ``-`` is given twice: the second read of standard input is empty."""
    if [p for p in paths if p is not None].count("-") > 1:
        raise click.UsageError("- (standard input) can be read once; give it once")


def load_map(path: str):
    """Load and validate a map, or exit 1 with its problems; its warnings go to stderr."""
    from .loader import load_file

    try:
        return said_warnings(load_file(path))
    except VsmError as error:
        fail(error)


def said_warnings(vsm):
    """``vsm``, after printing its load warnings (FILE:LINE:COLUMN: warning: ...) on stderr."""
    for warning in vsm.warnings:
        click.echo(str(warning), err=True)
    return vsm


def load_maps(paths: tuple[str, ...]) -> list:
    """Load several maps, or exit 1 with the problems of every invalid one (as `check` does)."""
    from .loader import load_file

    stdin_once(*paths)
    models, problems = [], []
    for path in paths:
        try:
            models.append(said_warnings(load_file(path)))
        except VsmError as error:
            problems.extend(error.problems)
    if problems:
        fail(VsmError(problems))
    return models


def write_output(out: str, data: bytes) -> None:
    """Write ``data`` to ``out`` atomically ('-' is stdout): a failure never leaves a half file."""
    if out == "-":
        if sys.stdout is None:  # started with fd 1 closed (`>&-`)
            raise click.ClickException("cannot write to standard output: it is closed")
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    from .output import write_atomic, write_problem

    try:
        # The one output the user named: a symlink is written through, as `>` does.
        write_atomic(out, data, follow_links=True)
    except OSError as exc:  # a folder, a read-only place...: a message, not a traceback
        raise click.ClickException(f"cannot write {out}: {write_problem(out, exc)}") from None


def pdf_page_warning(name: str, problem: str, command: str) -> str:
    """The warning line for a PDF page ``problem`` (see
    :func:`vsm_draw.graphviz_backend.pdf_page_problem`) of the map ``name``, with what
    ``command`` offers to do about it."""
    wide = " wider than " in problem
    if command == "compare":  # one column a step, one row a map: no --width to wrap it
        advice = ("write the picture as SVG (-o OUT.svg) or the report as HTML (-o OUT.html), "
                  "which have no such limit" if wide else "compare fewer maps, or write SVG "
                  "(-o OUT.svg), which has no such limit")
    else:
        advice = ("wrap the map into rows with --width (such as --width 1800), or use SVG"
                  if wide else "give fewer, longer rows with a larger --width, or use SVG")
    return f"{name}: warning: {problem}; {advice}"


def warn_pdf_page(name: str, data: bytes, command: str) -> None:
    """Say on stderr when the PDF ``data`` has a page larger than PDF viewers show (the
    file is written all the same: it is valid, and some tools open it)."""
    from .graphviz_backend import pdf_page_problem

    problem = pdf_page_problem(data)
    if problem:
        click.echo(pdf_page_warning(name, problem, command), err=True)


def output_format(out: str, command: str, stdout_format: Optional[str] = None) -> str:
    """The name of the format (:mod:`vsm_draw.formats`) that ``command`` writes for OUT's
    suffix, or a usage error (exit 2) listing the suffixes it takes."""
    if out == "-" and stdout_format:
        return stdout_format
    fmt = formats.from_filename(out, command)
    if fmt is None:
        raise click.UsageError(
            f"cannot tell the format of {shorten(out)!r} from its suffix; use one of "
            + ", ".join(formats.extensions(command))
            + (" or - for SVG on standard output" if stdout_format else ""))
    return fmt.name


def echo_json(obj: object) -> None:
    """Print one JSON object, indented, non-ASCII kept as is."""
    import json

    # allow_nan=False: a figure that is not finite is a bug, never `Infinity` in the output.
    click.echo(json.dumps(obj, indent=2, ensure_ascii=False, allow_nan=False))


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

    Exits 1 when any map is invalid, after checking every one. A figure under
    `declared:` that the map's own figures contradict, or an information flow
    from a party to itself (not drawn), is a warning (FILE:LINE:COLUMN: warning:
    ...): printed, but the exit status stays 0.
    """
    from .declared import declared_warnings
    from .loader import load_file, load_warnings, map_name
    from .metrics import metrics as compute_metrics
    from .model import Declared

    stdin_once(*maps)
    failed = False
    for path in maps:
        try:
            vsm = load_file(path)
        except VsmError as error:
            failed = True
            for problem in error.problems:
                click.echo(str(problem), err=True)
            continue
        warnings = list(load_warnings(vsm))
        if vsm.declared != Declared():  # only declared figures need the metrics
            warnings += declared_warnings(vsm, compute_metrics(vsm), map_name(path))
        for warning in sorted(warnings, key=lambda w: (w.line, w.column)):
            click.echo(str(warning), err=True)
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
        echo_json(obj)
    else:
        click.echo(metrics_table(vsm, m, unit), nl=False)


# --- render ---------------------------------------------------------------------------

#: --width of render and build (SPEC section 6); the docs integrations keep to the same
#: range (vsm_draw.batch.LAYOUT_WIDTHS).
class _Widths(click.FloatRange):
    """A FloatRange that also refuses nan, which compares False with both ends."""

    def convert(self, value, param, ctx):
        number = super().convert(value, param, ctx)
        if number != number:
            self.fail(f"{value!r} is not a number of pixels; give one from 100 to 100000",
                      param, ctx)
        return number


WIDTHS = _Widths(min=100, max=100000)

_THEME_HELP = ("classic: black on white, prints anywhere; color: a colour-blind-safe "
               "palette; dark: light on dark; auto: an SVG that follows the reader's light "
               "or dark setting (PNG, PDF and DOT get classic).")

#: The diagram's options that render and whatif share.
ladder_option = click.option(
    "--ladder", type=click.Choice(("classic", "proportional")), default="classic", show_default=True,
    help="proportional adds a bar of the lead time drawn to scale.")
dpi_option = click.option("--dpi", type=click.IntRange(min=36, max=1200), default=192, show_default=True,
                          help="Resolution of PNG output.")
width_option = click.option(
    "--width", type=WIDTHS, default=None, metavar="PX",
    help="The width in CSS pixels the picture will be shown at (a wiki column: about 900). The map "
         "wraps into as many rows as it needs for its smallest text to be at least 9 px there. "
         "Default: one row.")


@main.command(epilog="""\b
Examples:
  vsm-draw render map.vsm.yaml -o map.svg
  vsm-draw render map.vsm.yaml -o map.png --dpi 300 --theme color
  vsm-draw render map.vsm.yaml -o map.pdf --ladder proportional
  vsm-draw render map.vsm.yaml -o wiki.svg --width 900 --legend
  vsm-draw render map.vsm.yaml -o - > map.svg
""")
@click.argument("map_path", metavar="MAP")
@click.option("-o", "--output", "out", required=True, metavar="OUT",
              help=f"Output file: {formats.extensions_text('render')}; - writes SVG to standard "
                   "output.")
@click.option("--theme", type=click.Choice(THEME_NAMES), default="classic", show_default=True,
              help=_THEME_HELP)
@ladder_option
@dpi_option
@width_option
@click.option("--legend", is_flag=True, help="Add a small key of the symbols used in this map.")
def render(map_path: str, out: str, theme: str, ladder: str, dpi: int, width: Optional[float],
           legend: bool) -> None:
    """Draw the value stream map with its lead-time ladder (SVG, PNG, PDF or DOT).

    Classic Rother & Shook notation: supplier and customer, information flows,
    process and data boxes, inventory triangles, push arrows, kaizen bursts and
    the bottleneck, over the ladder of waits and process times with its totals.
    """
    from .diagram import render_diagram
    from .metrics import metrics as compute_metrics

    fmt = output_format(out, "render", stdout_format="svg")
    vsm = load_map(map_path)
    data = render_diagram(vsm, compute_metrics(vsm), fmt, theme=theme, ladder=ladder, dpi=dpi,
                          width=width, legend=legend)
    write_output(out, data)
    if fmt == "pdf":
        from .loader import map_name

        warn_pdf_page(map_name(map_path), data, "render")


# --- report ---------------------------------------------------------------------------

_PAPERS = ("A4", "A3", "A2", "A1", "A0", "letter", "tabloid")


@main.command(epilog="""\b
Examples:
  vsm-draw report map.vsm.yaml -o report.html
  vsm-draw report map.vsm.yaml -o handout.pdf --paper letter
  vsm-draw report map.vsm.yaml -o poster.pdf --paper A0
  vsm-draw report q3.vsm.yaml -o report.html --previous q2.vsm.yaml
  SOURCE_DATE_EPOCH=1790000000 vsm-draw report map.vsm.yaml -o report.pdf
""")
@click.argument("map_path", metavar="MAP")
@click.option("-o", "--output", "out", required=True, metavar="OUT",
              help=f"Output file: {formats.extensions_text('report')} (.html is one self-contained "
                   "file).")
@click.option("--paper", type=click.Choice(_PAPERS, case_sensitive=False), default="A4",
              show_default=True,
              help="PDF paper: A4, A3, letter, tabloid give a handout; A2, A1, A0 a poster "
                   "(see --poster). For .html, the page size when printed.")
@click.option("--orientation", type=click.Choice(("portrait", "landscape")), default=None,
              help="Default: portrait for a handout; landscape for a poster, or portrait when "
                   "the map prints larger there (a long map short of its target size).")
@click.option("--poster", is_flag=True,
              help="A one-sheet poster on any paper (an A3 or A4 poster for a small wall).")
@click.option("--previous", "previous_path", metavar="MAP",
              help="The last map of the same stream: adds a 'Last time' section with the "
                   "change of the headline figures and of the bottleneck.")
def report(map_path: str, out: str, paper: str, orientation: Optional[str], poster: bool,
           previous_path: Optional[str]) -> None:
    """Write the workshop report: figures, the map, where the time goes, the bottleneck.

    The HTML file needs nothing else to open (no font, image, stylesheet or link is
    fetched); the PDF has vector graphics and embedded fonts. With SOURCE_DATE_EPOCH set, the same map
    gives the same PDF bytes.
    """
    from .loader import map_name
    from .metrics import metrics as compute_metrics

    fmt = output_format(out, "report")
    stdin_once(map_path, previous_path)
    vsm = load_map(map_path)
    previous = load_map(previous_path) if previous_path else None
    m = compute_metrics(vsm)
    if fmt == "html":
        from .report import report_html

        paper_given = click.get_current_context().get_parameter_source("paper")
        page = None
        if paper_given is click.core.ParameterSource.COMMANDLINE or orientation:
            page = f"{paper} {orientation or 'portrait'}"
        data = report_html(vsm, m, print_size=page, previous=previous)
    else:
        from .pdf import paper_name, report_pdf, source_date

        try:
            created = source_date(vsm)
        except ValueError as exc:
            raise click.UsageError(str(exc)) from None
        data = report_pdf(vsm, m, paper=paper_name(paper), orientation=orientation,
                          created=created, previous=previous, poster=poster or None,
                          on_warning=lambda said: click.echo(f"{map_name(map_path)}: warning: {said}",
                                                             err=True))
    write_output(out, data)


# --- build and schema (docs builds, wikis, editors) -----------------------------------

def _build_formats_help() -> str:
    """``svg, png, pdf, dot (the diagram), html, report.pdf (the workshop report)``."""
    groups = {"picture": "the diagram", "report": "the workshop report"}
    parts = []
    for product, words in groups.items():
        fmts = [f.name for f in formats.for_use("build") if f.product == product]
        parts.append(f"{', '.join(fmts)} ({words})")
    return ", ".join(parts) + "."


@main.command(epilog="""\b
Examples:
  vsm-draw build docs/ -o docs/_vsm
  vsm-draw build maps/ -o out --format svg,png,html
  vsm-draw build maps/ -o wiki --width 900
  vsm-draw build maps/ -o out --watch
""")
@click.argument("sources", nargs=-1, required=True, metavar="SRC...")
@click.option("-o", "--out", "outdir", required=True, metavar="OUTDIR",
              help="Folder for the outputs; each SRC folder's tree is mirrored in it.")
@click.option("-f", "--format", "formats", default="svg", show_default=True, metavar="LIST",
              help="Comma-separated formats: " + _build_formats_help())
@click.option("--theme", type=click.Choice(THEME_NAMES), default="classic", show_default=True,
              help=_THEME_HELP)
@click.option("--ladder", type=click.Choice(("classic", "proportional")), default="classic",
              show_default=True, help="Lead-time ladder: classic, or bars to scale.")
@click.option("--width", type=WIDTHS, default=None, metavar="PX",
              help="The width in CSS pixels the diagrams will be shown at (a wiki column: "
                   "about 900): each map wraps into rows readable there. Default: one row.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Maps drawn at once (default: one per core).")
@click.option("--force", is_flag=True, help="Draw every map, even those up to date.")
@click.option("--prune", is_flag=True,
              help="Remove the outputs (any format) of maps no longer under SRC: only files "
                   "this OUTDIR's build cache records.")
@click.option("--watch", is_flag=True,
              help="After the build, draw each map again as it is saved (Ctrl-C stops).")
def build(sources: tuple[str, ...], outdir: str, formats: str, theme: str, ladder: str,
          width: Optional[float], jobs: Optional[int], force: bool, prune: bool,
          watch: bool) -> None:
    """Draw every map under SRC (files and folders) into OUTDIR, skipping those up to date.

    Maps are *.vsm.yaml files and any *.yaml whose top level has `vsm:`. A broken
    map does not stop the build: every problem is listed at the end as
    FILE:LINE:COLUMN: message, and the exit status is 1.
    """
    from .batch import Options, parse_formats
    from .build import build as run_build, watch as run_watch
    import shutil

    try:
        fmts = parse_formats(formats)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--format") from None
    if os.path.exists(outdir) and not os.path.isdir(outdir):
        # each map would fail alike ('cannot write out/x.svg: File exists')
        raise click.BadParameter(f"{outdir!r} is a file, not a folder; give the folder the "
                                 "outputs go to", param_hint="-o")
    options = Options(theme=theme, ladder=ladder, width=width)
    tty = sys.stderr.isatty() and not os.environ.get("CI")

    def once(force_all: bool) -> bool:
        drawn = False

        def progress(status: str, name: str, done: int, total: int) -> None:
            nonlocal drawn
            if tty:  # one line, redrawn in place
                width = 24
                bar = "#" * (width * done // total) + "." * (width - width * done // total)
                line = f"[{bar}] {done}/{total} {name}"
                columns = shutil.get_terminal_size().columns
                sys.stderr.write("\r" + line[: columns - 1] + "\x1b[K")
                sys.stderr.flush()
                drawn = True
            else:  # plain lines for CI logs
                click.echo(f"[{done}/{total}] {status} {name}")

        result = run_build(sources, outdir, fmts, options, jobs=jobs, force=force_all,
                           progress=progress, prune=prune)
        if drawn:
            sys.stderr.write("\r\x1b[K")
        _report_build(result, outdir)
        return not (result.failed or result.problems)

    ok = once(force)
    if not watch:
        sys.exit(0 if ok else 1)
    click.echo(f"Watching {', '.join(sources)} for changes; Ctrl-C stops.", err=True)
    try:
        run_watch(sources, outdir, fmts, options, jobs=jobs, prune=prune,
                  on_build=lambda result: _report_build(result, outdir, stamp=True))
    except KeyboardInterrupt:
        pass


def _report_build(result, outdir: str, stamp: bool = False) -> None:
    """Each warning as MAP: warning: ... and each problem as FILE:LINE:COLUMN: message on
    stderr, then the one-line summary."""
    import time

    for name, problem in result.pdf_pages:
        click.echo(pdf_page_warning(name, problem, "build"), err=True)
    for problem in (*result.warnings, *result.problems):
        click.echo(str(problem), err=True)
    when = time.strftime("%H:%M:%S ") if stamp else ""
    click.echo(f"{when}{result.summary()} (into {outdir})", err=True)


@main.command(epilog="""\b
Examples:
  vsm-draw schema > vsm.schema.json
  # then, on the first line of a map:
  # yaml-language-server: $schema=vsm.schema.json
""")
def schema() -> None:
    """Print the JSON Schema (draft 2020-12) of the map format, for editors.

    Generated from the same field definitions the validator uses, with a
    description and an example for every field.
    """
    from .schema import schema_json

    click.echo(schema_json(), nl=False)


# --- compare and whatif (SPEC section 4) ------------------------------------------------

@main.command(epilog="""\b
Examples:
  vsm-draw compare q1.vsm.yaml q2.vsm.yaml q3.vsm.yaml
  vsm-draw compare current.vsm.yaml future.vsm.yaml -o plan.html
  vsm-draw compare maps/*.vsm.yaml -o trend.png
  vsm-draw compare q1.vsm.yaml q3.vsm.yaml --json | jq .bottleneck_moved
""")
@click.argument("maps", nargs=-1, required=True, metavar="MAP MAP...")
@click.option("-o", "--out", metavar="OUT",
              help=f"Also write OUT: {formats.extensions_text('compare', 'picture')} the "
                   "comparison picture (time bars on one scale; a trend with three maps or "
                   "more), .html the comparison report (.pdf with --report).")
@click.option("--report", "as_report", is_flag=True,
              help="With -o x.pdf: the whole comparison report as PDF, not only the picture.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object (SPEC section 4).")
@unit_option
def compare(maps: tuple[str, ...], out: Optional[str], as_report: bool, as_json: bool,
            unit: Optional[str]) -> None:
    """Compare maps of one value stream, in the order given (a trend with three or more).

    Steps are matched by id (the slug of the name when absent), so renamed steps
    stay one row. Prints each step's change in wait and work, the totals with their
    change, and in plain words how the lead time and the bottleneck moved.
    """
    from .compare import compare as run_compare
    from .compare import compare_json, compare_table

    unit = check_unit(unit)
    fmt = output_format(out, "compare", stdout_format="svg") if out else None
    if as_report and fmt not in ("pdf", "html"):
        raise click.UsageError("--report goes with -o OUT.pdf or OUT.html")
    if len(maps) < 2:
        raise click.UsageError("compare needs two maps or more (MAP MAP...)")
    models = load_maps(maps)
    result = run_compare(models)
    if out:
        if fmt == "html" or (fmt == "pdf" and as_report):
            from .compare_report import compare_report

            data = compare_report(result, fmt)
        else:
            from .compare_chart import render_comparison

            data = render_comparison(result, fmt)  # type: ignore[arg-type]
        write_output(out, data)
        if fmt == "pdf" and not as_report:
            from .loader import map_name

            warn_pdf_page(", ".join(map_name(path) for path in maps), data, "compare")
        if out == "-" or not as_json:
            return  # like render and report: a written file is the whole answer
    if as_json:
        echo_json(compare_json(result, unit))
    else:
        click.echo(compare_table(result, unit), nl=False)


@main.command(epilog="""\b
Examples:
  vsm-draw whatif map.vsm.yaml --set "Code review.wait_time=1d"
  vsm-draw whatif map.vsm.yaml --set review.wait_time=1d --set deploy.wait_time=0
  vsm-draw whatif map.vsm.yaml --sensitivity
  vsm-draw whatif map.vsm.yaml --set review.rework.rate=10%
  vsm-draw whatif map.vsm.yaml --set "docs.after=[backend, frontend]"
  vsm-draw whatif map.vsm.yaml --set review.wait_time=1d -o future.vsm.yaml
  vsm-draw whatif map.vsm.yaml --set review.wait_time=1d -o future.svg
""")
@click.argument("map_path", metavar="MAP")
@click.option("--set", "changes", multiple=True, metavar="STEP.FIELD=VALUE",
              help="A change (repeatable): STEP a step's id or name, FIELD a step field "
                   "(wait_time, process_time, complete_accurate, inventory, after, "
                   "rework...) or a field of its rework (rework.rate, rework.to), VALUE as in "
                   "a map (1d, 4h, 90%, false, [a, b]); an empty VALUE removes the field.")
@click.option("-o", "--out", metavar="OUT",
              help="Also write the changed map: .yaml the map itself (state: future; your "
                   "text with only the changed values edited), "
                   f"{formats.extensions_text('whatif', 'picture')} its diagram, .html its "
                   "report.")
@click.option("--theme", type=click.Choice(THEME_NAMES), default="classic", show_default=True,
              help=_THEME_HELP + " The .html report draws its map in it too (auto: classic, "
                                 "as on any report page).")
@ladder_option
@dpi_option
@width_option
@click.option("--legend", is_flag=True,
              help="Add a key of the symbols used, the change mark included.")
@click.option("--sensitivity", is_flag=True,
              help="For every step, how much lead time falls if its wait is removed, and if "
                   "it is halved, largest gain first (off the critical path: nothing until "
                   "the step's slack is used up).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object (SPEC section 4).")
@unit_option
def whatif(map_path: str, changes: tuple[str, ...], out: Optional[str], theme: str, ladder: str,
           dpi: int, width: Optional[float], legend: bool, sensitivity: bool, as_json: bool,
           unit: Optional[str]) -> None:
    """Try changes before making them: the map's figures before and after.

    Shows the lead time, flow efficiency and bottleneck before and after the
    changes, and says in plain words what they buy. A STEP or FIELD the map lacks
    is a usage error (exit 2) that lists what exists; a bad VALUE gets the same
    message as in a map (exit 1). The diagram (-o) marks each figure the changes
    moved with a diamond, its old value struck through in grey beside it.
    """
    from .whatif import ChangeError, parse_change, sensitivity_table, whatif as run_whatif
    from .whatif import whatif_json, whatif_table

    unit = check_unit(unit)
    fmt = output_format(out, "whatif") if out else None
    if not changes and not sensitivity:
        raise click.UsageError("give at least one --set STEP.FIELD=VALUE, or --sensitivity")
    if out and not changes:
        raise click.UsageError("-o writes the changed map: give at least one --set STEP.FIELD=VALUE")
    try:
        parsed = [parse_change(text) for text in changes]
    except ChangeError as exc:
        raise click.BadParameter(str(exc), param_hint="--set") from None
    try:
        result = run_whatif(map_path, parsed)
    except ChangeError as exc:
        raise click.BadParameter(str(exc), param_hint="--set") from None
    except VsmError as error:
        fail(error)
    said_warnings(result.before)  # at the places in MAP (the changed map's text is another)
    if out:
        if fmt == "yaml":
            data = result.yaml().encode("utf-8")
        elif fmt == "html":
            from .whatif import whatif_html

            data = whatif_html(result, theme=theme, ladder=ladder, width=width, legend=legend)
        else:
            from .whatif import whatif_picture

            data = whatif_picture(result, fmt, theme=theme, ladder=ladder, dpi=dpi, width=width,  # type: ignore[arg-type]
                                  legend=legend)
        write_output(out, data)
        if fmt == "pdf":
            from .loader import map_name

            warn_pdf_page(map_name(map_path), data, "whatif")
        if not as_json:
            return  # like render and report: a written file is the whole answer
    if as_json:
        echo_json(whatif_json(result, unit, with_sensitivity=sensitivity))
        return
    if changes:
        click.echo(whatif_table(result, unit), nl=False)
    if sensitivity:
        if changes:
            click.echo("")
        click.echo(sensitivity_table(result.before, result.before_metrics, unit), nl=False)


# --- measure (SPEC section 5) --------------------------------------------------------------

_DAY = click.DateTime(formats=["%Y-%m-%d"])


@main.command(epilog="""\b
Examples:
  vsm-draw measure history.csv --map skeleton.vsm.yaml -o measured.vsm.yaml
  vsm-draw measure jira.csv --map skeleton.vsm.yaml -o q.vsm.yaml \\
      --columns "item=Issue key,status=To,at=Created" --statistic p85
  vsm-draw measure history.jsonl --map skeleton.vsm.yaml --by quarter -o maps/{period}.vsm.yaml
  export-tool | vsm-draw measure - --map skeleton.vsm.yaml -o measured.vsm.yaml
  vsm-draw measure --show-sql --map skeleton.vsm.yaml > per_item.sql
  vsm-draw measure --per-item per_item.parquet --map skeleton.vsm.yaml -o measured.vsm.yaml
""")
@click.argument("events", nargs=-1, metavar="EVENTS...")
@click.option("--map", "map_path", required=True, metavar="SKELETON",
              help="The map to measure: its steps list `wait_statuses` and `active_statuses`, "
                   "the map its `end_statuses`.")
@click.option("-o", "--out", metavar="OUT",
              help="The measured map (.yaml); with --by it holds {period}.")
@click.option("--columns", metavar="item=COL,status=COL,at=COL",
              help="The export's column names, when not item, status and at.")
@click.option("--statistic", type=click.Choice(("median", "mean", "p85")), default="median",
              show_default=True, help="How each step's times sum up the measured items.")
@click.option("--since", type=_DAY, metavar="DATE",
              help="Measure items that ended on or after DATE (YYYY-MM-DD, UTC).")
@click.option("--until", type=_DAY, metavar="DATE",
              help="Measure items that ended before DATE (YYYY-MM-DD, UTC).")
@click.option("--by", type=click.Choice(("month", "quarter")),
              help="One map per period of the items' end, each dated its last day.")
@click.option("--strict", is_flag=True,
              help="Statuses in the history that no step names are an error, not a warning.")
@click.option("--json", "as_json", is_flag=True,
              help="Print what was measured as one JSON object.")
@click.option("--show-sql", is_flag=True,
              help="Print the per-item SQL (for Spark SQL, Trino, BigQuery...) and stop.")
@click.option("--dialect", type=click.Choice(("standard", "bigquery", "spark", "snowflake")),
              default="standard", show_default=True,
              help="With --show-sql: the engine the SQL's string literals are written for "
                   "(standard: DuckDB, Trino, Athena, PostgreSQL; the others take a "
                   "backslash as an escape).")
@click.option("--per-item", "per_item", metavar="FILE",
              help="Measure from the per-item result of the --show-sql query (run in a "
                   "warehouse; CSV, JSON Lines or Parquet) instead of EVENTS.")
def measure(events: tuple[str, ...], map_path: str, out: Optional[str], columns: Optional[str],
            statistic: str, since, until, by: Optional[str], strict: bool, as_json: bool,
            show_sql: bool, dialect: str, per_item: Optional[str]) -> None:
    """Measure a map from a work tracker's status history (CSV, JSON Lines, Parquet).

    Each row of EVENTS is one status change: the item, the status it entered and
    when (ISO 8601; no offset means UTC). Every item that ended in the window is
    measured; each step's wait and process time is the statistic over those items.
    EVENTS - reads CSV from standard input.
    """
    import tempfile

    from .loader import load_text, map_name, read_map
    from .measure import MeasureError, parse_columns, read_sources, unknown_status_words

    try:
        cols = parse_columns(columns)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--columns") from None
    day = lambda d: d.date() if d else None  # noqa: E731
    since_day, until_day = day(since), day(until)
    if since_day and until_day and since_day >= until_day:
        raise click.UsageError("--since must come before --until")
    stdin_once(map_path, *events, per_item)
    try:
        text = read_map(map_path)
        skeleton = said_warnings(load_text(text, map_name(map_path)))
    except VsmError as error:
        fail(error)
    if dialect != "standard" and not show_sql:
        raise click.UsageError("--dialect is for --show-sql: the SQL it prints")
    if show_sql:
        from .measure_sql import per_item_sql

        click.echo(per_item_sql(skeleton, dialect=dialect), nl=False)
        return
    if bool(events) == bool(per_item):
        raise click.UsageError("give EVENTS... (the tracker history) or --per-item FILE")
    if out is None and not as_json:
        raise click.UsageError("give -o OUT (the measured map), or --json")
    if out is not None:
        output_format(out, "measure")
        if by and "{period}" not in out:
            raise click.UsageError("with --by, OUT must hold {period}, such as "
                                   "maps/{period}.vsm.yaml")
        if not by and "{period}" in out:
            raise click.UsageError("OUT holds {period}: give --by month or --by quarter")
    progress = _progress_bar() if sys.stderr.isatty() else None
    with tempfile.TemporaryDirectory(prefix="vsm-measure-") as spool:
        try:
            if per_item:
                from .measure import measure_per_item

                (source,) = read_sources([per_item], sys.stdin.buffer, spool)
                result = measure_per_item(source, skeleton, map_file=map_name(map_path),
                                          statistic=statistic, since=since_day,
                                          until=until_day, by=by)
            else:
                from .measure import measure as run_measure

                sources = read_sources(events, sys.stdin.buffer, spool)
                result = run_measure(sources, skeleton, map_file=map_name(map_path), columns=cols,
                                     statistic=statistic, since=since_day, until=until_day,
                                     by=by, progress=progress)
        except ValueError as exc:
            raise click.UsageError(str(exc)) from None
        except MeasureError as error:
            fail(error)
        finally:
            if progress is not None:
                progress(None)
    if result.unknown_statuses:
        words = unknown_status_words(result)
        if strict:
            fail(MeasureError.plain(result.sources[0], "statuses that no step names: "
                                    f"{words}; add them to a step's `wait_statuses` or "
                                    "`active_statuses` (or to `end_statuses`)"))
        click.echo(f"{result.sources[0]}: warning: statuses that no step names, counted as "
                   f"unmapped time: {words}; name them in a step's `wait_statuses` or "
                   "`active_statuses` (--strict makes this an error)", err=True)
    if skeleton.calendar.is_working:
        from .measure import working_share

        cal = skeleton.calendar
        click.echo(f"{map_path}: note: the map counts working time ({cal.hours_per_day:g} h days, "
                   f"{cal.days_per_week:g}-day weeks); the tracker's elapsed time is counted at "
                   f"its working share, {working_share(cal):.1%}", err=True)
    from .measure_map import measured_map_text

    files = []
    for period in result.periods:
        data = measured_map_text(text, skeleton, result, period, map_path)
        target = out.replace("{period}", period.period or "") if out else None
        files.append((target, data, period))
    if out is not None:
        for target, data, _ in files:
            write_output(target, data.encode("utf-8"))
    if as_json:
        from .measure_map import measured_json

        echo_json(measured_json(skeleton, result, [(t, p) for t, _, p in files]))
    elif out is not None:
        for target, _, p in files:
            click.echo(f"{target}: {p.items} items measured, {p.in_progress} in progress",
                       err=True)


def _progress_bar() -> Callable:
    """A bar on stderr, redrawn in place; called with what is done and a percentage, or
    with None to clear it."""
    import shutil
    import time

    drawn = False
    started: dict[str, float] = {}

    def show(what: Optional[str], percent: float = 0.0) -> None:
        nonlocal drawn
        if what is None:
            if drawn:
                sys.stderr.write("\r\x1b[K")
                sys.stderr.flush()
            return
        width = 30
        done = int(width * min(percent, 100) / 100)
        started.setdefault(what, time.monotonic())
        # DuckDB reports no progress for some steps (a window sort): then the time it takes.
        amount = f"{percent:3.0f}%" if percent > 0 else \
            f"{time.monotonic() - started[what]:3.0f}s"
        line = f"[{'#' * done}{'.' * (width - done)}] {amount} {what}"
        sys.stderr.write("\r" + line[: shutil.get_terminal_size().columns - 1] + "\x1b[K")
        sys.stderr.flush()
        drawn = True

    return show


def run() -> NoReturn:
    """The ``vsm-draw`` command: :func:`main`, then a quick exit.

    Tearing the interpreter down (freeing every module's objects one by one) costs a cold
    ``render`` about 14 ms, a tenth of its time, for nothing: once the output is flushed
    and the ``atexit`` handlers have run (temporary files, worker pools), nothing is lost
    by leaving at once. With a thread still running, or an exit that is not a number, or
    output that cannot be flushed (a closed pipe), Python exits as usual.

    The cyclic garbage collector looks through the young objects every 20,000 new ones
    instead of every 700: a command makes hundreds of thousands of objects, nearly all
    freed by their reference counts, and the collector's passes over them cost a cold
    ``render`` some 5 million instructions (a long ``build --watch`` still collects).
    """
    import gc

    gc.set_threshold(20_000, *gc.get_threshold()[1:])
    try:
        main()
        code = 0
    except SystemExit as stop:
        code = stop.code
    threading = sys.modules.get("threading")
    if (code is None or isinstance(code, int)) and (threading is None or threading.active_count() == 1):
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except (OSError, ValueError, AttributeError):  # AttributeError: a closed fd 1 is None
            raise SystemExit(code) from None
        import atexit

        atexit._run_exitfuncs()
        os._exit(code or 0)
    raise SystemExit(code)


if __name__ == "__main__":  # pragma: no cover
    run()
