"""The one registry of output formats, and that every consumer reads it."""
from __future__ import annotations

import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from vsm_draw import batch, formats
from vsm_draw.cli import main, output_format

PACKAGE = Path(formats.__file__).resolve().parent


def test_registry_is_consistent():
    names = [f.name for f in formats.FORMATS]
    assert len(names) == len(set(names))
    # build mirrors a tree: two formats must never share an output name
    build_suffixes = [f.suffix for f in formats.for_use("build")]
    assert len(build_suffixes) == len(set(build_suffixes))
    for use in formats.USES:
        assert formats.for_use(use), use
    for f in formats.FORMATS:
        assert set(f.uses) <= set(formats.USES)
        assert f.binary == (f.media_type in ("image/png", "application/pdf"))
    assert formats.names("web") == ("svg", "png")
    assert formats.names("print") == ("png", "pdf")
    assert formats.report_links() == {"html": "html", "pdf": "report.pdf"}


@pytest.mark.parametrize("filename, use, expected", [
    ("map.svg", "render", "svg"),
    ("MAP.PNG", "render", "png"),
    ("handout.pdf", "report", "report.pdf"),   # the report command's PDF is the report
    ("trend.pdf", "compare", "pdf"),           # compare's is the picture (--report: the report)
    ("future.yml", "whatif", "yaml"),
    ("future.yaml", "whatif", "yaml"),
    ("map.dot", "whatif", None),
    ("map.jpeg", "render", None),
])
def test_from_filename(filename, use, expected):
    found = formats.from_filename(filename, use)
    assert (found.name if found else None) == expected


def test_the_cli_takes_its_suffixes_and_help_from_the_registry():
    for command in ("render", "report", "compare", "whatif"):
        for f in formats.for_use(command):
            for ext in f.extensions:
                assert output_format("x" + ext, command) == f.name
        with pytest.raises(click.UsageError) as info:
            output_format("x.jpeg", command)
        assert ", ".join(formats.extensions(command)) in str(info.value)
    help_text = " ".join(CliRunner().invoke(main, ["render", "--help"]).output.split())
    assert formats.extensions_text("render") in help_text
    help_text = " ".join(CliRunner().invoke(main, ["build", "--help"]).output.split())
    for name in formats.names("build"):
        assert name in help_text


def test_build_and_the_integrations_read_the_registry():
    assert batch.FORMATS == formats.names("build")
    assert batch.DIAGRAM_FORMATS + batch.REPORT_FORMATS == batch.FORMATS
    assert batch.suffix("report.pdf") == ".report.pdf"
    assert batch.parse_formats(".png, report.pdf") == ("png", "report.pdf")
    with pytest.raises(ValueError, match="unknown format 'yaml'; use one or more of svg"):
        batch.parse_formats("yaml")  # whatif writes YAML; build does not

    pytest.importorskip("sphinx")
    pytest.importorskip("mkdocs")
    from vsm_draw import mkdocs, sphinx

    assert mkdocs.OPTIONS["format"] == formats.names("web")
    assert mkdocs.OPTIONS["report"] == tuple(formats.report_links())
    spec = sphinx.VsmDirective.option_spec
    for name in formats.names("web") + formats.names("print"):
        assert spec["format"](name) == name
    with pytest.raises(ValueError):
        spec["format"]("dot")


def test_renderers_draw_what_the_registry_promises():
    from vsm_draw import compare_chart, diagram

    pictures = {f.name for f in formats.for_use("render")}
    assert set(diagram.FORMATS) == pictures
    assert set(compare_chart.FORMATS) == {f.name for f in formats.for_use("compare")
                                          if f.product == "picture"}


def test_no_other_module_keeps_its_own_list():
    """Media types and lists of format names live in formats.py only."""
    media = re.compile(r"image/svg\+xml|image/png|application/pdf|text/vnd\.graphviz")
    name_list = re.compile(r"""\(\s*["']svg["']\s*,\s*["']png["']""")  # ("svg", "png", ...
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name == "formats.py":
            continue
        text = path.read_text(encoding="utf-8")
        if media.search(text) or name_list.search(text):
            offenders.append(path.name)
    # The renderers declare what they can draw (checked against the registry above).
    assert set(offenders) <= {"compare_chart.py", "diagram.py", "graphviz_backend.py"}
