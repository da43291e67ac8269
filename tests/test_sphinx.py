"""The Sphinx extension, with real Sphinx builds of a tiny project (tests/data/sphinx)."""
from __future__ import annotations

import io
import re
import shutil
import zlib
from pathlib import Path

import pytest

from vsm_draw.batch import picture_size, png_pixels

pytest.importorskip("sphinx")
from sphinx.application import Sphinx  # noqa: E402
from sphinx.cmd.build import build_main as _build_main  # noqa: E402
from sphinx.util.docutils import docutils_namespace  # noqa: E402

from .conftest import waiting_fifo  # noqa: E402

DATA = Path(__file__).resolve().parent / "data" / "sphinx"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    src = tmp_path / "src"
    shutil.copytree(DATA, src)
    return src


def sphinx_build(src: Path, out: Path, builder: str = "html", fresh: bool = False,
                 **overrides) -> str:
    """Build in this process; the warnings text."""
    warnings = io.StringIO()
    with docutils_namespace():  # each build registers its directives afresh, as a new process
        app = Sphinx(str(src), str(src), str(out), str(out / ".doctrees"), builder,
                     status=None, warning=warnings, freshenv=fresh, confoverrides=overrides)
        app.build()
    return re.sub(r"\x1b\[[0-9;]*m", "", warnings.getvalue())  # no terminal colours


def build_main(argv: list[str]) -> int:
    with docutils_namespace():
        return _build_main(argv)


def images(out: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in (out / "_images").iterdir()}


def test_html_holds_the_diagrams_and_broken_maps_are_located_warnings(project: Path,
                                                                         tmp_path: Path):
    out = tmp_path / "html"
    warnings = sphinx_build(project, out)

    page = (out / "index.html").read_text(encoding="utf-8")
    srcs = re.findall(r'<img class="vsm-diagram" src="(_images/vsm-[0-9a-f]{32}\.svg)" '
                      r'alt="([^"]*)"', page)
    assert [alt for _, alt in srcs] == ["Delivery value stream", "Value stream map: Support"]
    for src, _ in srcs:  # linked to the full-size picture, lazy, with its natural size; on
        # a phone the map laid out for its column, when it reads larger (the inline one: see
        # test_a_phone_gets_the_map_laid_out_for_its_column)
        size = picture_size((out / src).read_bytes())
        assert re.search(f'<a class="vsm-full-size" href="{src}">(<picture><source [^>]*>)?'
                         f'<img class="vsm-diagram" src="{src}" alt="'
                         f'{srcs[0][1] if src == srcs[0][0] else srcs[1][1]}" width="{size[0]}" '
                         f'height="{size[1]}" loading="lazy" style=', page)
    for src, _ in srcs:
        svg = (out / src).read_text(encoding="utf-8")
        assert "<svg" in svg
    # theme auto by default; the inline map asks for :theme: color
    assert ["prefers-color-scheme" in (out / src).read_text() for src, _ in srcs] == [True, False]
    assert "Code review" in (out / srcs[0][0]).read_text(encoding="utf-8")
    assert "Triage" in (out / srcs[1][0]).read_text(encoding="utf-8")
    assert '<figure class="vsm-figure' in page and "Current state, Q3" in page  # :caption:
    assert "vsm-metrics" in page and "Lead time" in page and "16.1 d" in page  # :metrics:
    report = re.search(r'href="(_images/vsm-[0-9a-f]{32}\.html)"', page)
    assert report and (out / report[1]).is_file()  # :report: html
    assert "Workshop report: Delivery &lt;current&gt; &amp; &quot;quoted&quot;" in page
    assert "<current>" not in page

    broken_doc = project / "broken.rst"
    lines = [line for line in warnings.splitlines() if "WARNING" in line]
    assert len(lines) == 2, warnings
    # the map named relative to the source folder, as the README shows it
    assert lines[0].startswith(f"{broken_doc}:6: WARNING: invalid value stream map: "
                               "maps/broken.vsm.yaml:7:5: unknown key "
                               "`proces_time` in step 2")
    # inline map: the document line of the map's line 4, and the map's own place
    assert lines[1].startswith(f"{broken_doc}:15: WARNING: invalid value stream map: "
                               "`wait_time` 'two days' is not a duration")
    assert "(map line 4, column 16)" in lines[1]
    assert "vsm-" not in (out / "broken.html").read_text(encoding="utf-8")


def test_second_build_draws_nothing_and_editing_the_map_rebuilds(project: Path, tmp_path: Path):
    out = tmp_path / "html"
    sphinx_build(project, out)
    before = images(out)
    # two diagrams, one report, the inline map for a phone (the delivery map, laid out for
    # a phone, reads no larger: see test_a_phone_gets_the_map_laid_out_for_its_column)
    assert len(before) == 4

    sphinx_build(project, out, fresh=True)  # every document read and written again
    assert images(out) == before

    path = project / "maps" / "delivery.vsm.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("wait_time: 8d", "wait_time: 1d"),
                    encoding="utf-8")
    sphinx_build(project, out)  # not fresh: note_dependency brings the page back
    after = images(out)
    assert len(set(after) - set(before)) == 2  # the new diagram and its report
    assert "Code review" in "".join(
        (out / "_images" / n).read_text(encoding="utf-8") for n in set(after) - set(before))
    # the old version's diagrams and report are removed; the unchanged inline map stays
    assert len(set(before) - set(after)) == 2 and len(after) == 4
    # and so is the old phone picture kept to compare with (in the doctrees): the new
    # version's stays, and the inline map's, which the site holds too
    kept = {p.name for p in (out / ".doctrees" / "vsm-draw").iterdir()}
    assert len(kept) == 2 and len(kept & set(after)) == 1


def test_a_link_under_a_pictures_name_is_drawn_over(project: Path, tmp_path: Path):
    """A picture's name is a hash of its directive: a link planted under it in the output
    (a checked-out _build, say) is replaced by the picture, not published as it."""
    out = tmp_path / "html"
    sphinx_build(project, out)
    picture = sorted((out / "_images").glob("vsm-*.svg"))[0]
    secret = tmp_path / "secret.svg"
    secret.write_text("<svg>PRIVATE KEY</svg>", encoding="utf-8")
    picture.unlink()
    picture.symlink_to(secret)
    sphinx_build(project, out, fresh=True)
    assert not picture.is_symlink() and "PRIVATE KEY" not in picture.read_text(encoding="utf-8")
    assert secret.read_text(encoding="utf-8") == "<svg>PRIVATE KEY</svg>"

def test_settings_given_with_dash_d_are_read_and_blamed_on_the_command_line(
        project: Path, tmp_path: Path, monkeypatch):
    """`sphinx-build -D vsm_column_width=900` gives the text '900': it was refused, and a
    bad -D value was blamed on a line of conf.py that does not say it."""
    import vsm_draw.sphinx as extension

    laid_out = []
    real_render_text = extension.render_text

    def render_text(text, file, formats, options):
        laid_out.extend(options.for_format(fmt).width for fmt in formats)
        return real_render_text(text, file, formats, options)

    monkeypatch.setattr(extension, "render_text", render_text)
    warnings = sphinx_build(project, tmp_path / "html", vsm_column_width="900",
                            vsm_theme="sepia").splitlines()
    config = [w for w in warnings if "[vsm.config]" in w]
    assert config == ["WARNING: -D vsm_theme='sepia' (on the command line) is not one of "
                      "classic, color, dark, auto; using 'auto' [vsm.config]"]
    assert 900 in laid_out
    laid_out.clear()
    warnings = sphinx_build(project, tmp_path / "html2", vsm_column_width="wide").splitlines()
    assert [w for w in warnings if "[vsm.config]" in w] == [
        "WARNING: -D vsm_column_width='wide' (on the command line) must be the width in pixels "
        "of the theme's content column, from 100 to 100000; using the theme's [vsm.config]"]


def test_options_work_or_warn_in_html_latex_and_epub(project: Path, tmp_path: Path,
                                                     monkeypatch):
    import vsm_draw.sphinx as extension

    laid_out = []  # (format, layout width) of every picture drawn

    def render_text(text, file, formats, options):
        laid_out.extend((fmt, options.for_format(fmt).width) for fmt in formats)
        return real_render_text(text, file, formats, options)

    real_render_text = extension.render_text
    monkeypatch.setattr(extension, "render_text", render_text)
    conf = project / "conf.py"
    conf.write_text(conf.read_text(encoding="utf-8") + 'vsm_theme = "sepia"\n'
                    "vsm_column_width = 0\n", encoding="utf-8")
    (project / "broken.rst").write_text(
        "Options\n=======\n\n.. vsm:: maps/delivery.vsm.yaml\n   :format: pdf\n   :report: pdf\n"
        "   :target: https://example.org/map\n\n"
        ".. vsm:: maps/delivery.vsm.yaml\n   :width: 0\n\n"
        ".. vsm:: maps/delivery.vsm.yaml\n   :width: 50%\n   :align: right\n   :class: wide\n"
        "\n.. vsm:: maps/delivery.vsm.yaml\n   :one-row:\n",
        encoding="utf-8")
    (project / "index.rst").write_text("Index\n=====\n\n.. toctree::\n\n   broken\n")
    doc = project / "broken.rst"
    warnings = sphinx_build(project, tmp_path / "html").splitlines()
    # a bad conf.py value is blamed on conf.py, at its line
    assert warnings[0] == (f"{conf}:4: WARNING: vsm_theme = 'sepia' is not one of classic, "
                           "color, dark, auto; using 'auto' [vsm.config]")
    assert warnings[1].startswith(f"{conf}:5: WARNING: vsm_column_width = 0 must be the width "
                                  "in pixels of the theme's content column")
    assert f"{doc}:9: WARNING: option `width` must be more than 0, not '0'" in warnings[2]
    assert warnings[3:] == [f"{doc}:4: WARNING: `:format: pdf` cannot be shown in html output; "
                            "drawing svg instead (use svg or png) [vsm.format]"]
    page = (tmp_path / "html" / "broken.html").read_text(encoding="utf-8")
    assert '<a class="vsm-full-size" href="https://example.org/map"><picture><source' in page
    # 3 src, 2 own links, a phone's source: at 50 % the map is as narrow as it goes already
    assert page.count("vsm-diagram") == 3 and page.count(".svg") == 6
    # laid out at the column of the theme (basic: 700 px) and a phone's, 50% of each, or
    # in one row
    assert laid_out == [("svg", 700), ("svg", 358), ("report.pdf", None), ("svg", 350),
                        ("svg", 179), ("svg", None)]
    laid_out.clear()
    assert re.search(r'href="_images/vsm-[0-9a-f]{32}\.report\.pdf"', page)

    warnings = sphinx_build(project, tmp_path / "latex", "latex")
    assert f"{doc}:4: WARNING: `:report: pdf` links to a file only HTML output can carry; " \
           "the latex output leaves the link out" in warnings
    tex = next((tmp_path / "latex").glob("*.tex")).read_text(encoding="utf-8")
    includes = re.findall(r"\\begin\{(\w+)\}(?:\\begin\{sphinxuseclass\}\{wide\})?"
                          r"(?:\\sphinxhref\{([^}]*)\}\{)?"
                          r"\\sphinxincludegraphics(\[[^]]*\])?\{(vsm-[0-9a-f]{32}\.pdf)\}", tex)
    # wrapped maps print row by row: clips of one PDF cut between the rows, so pages can
    # break there; the one-row map too (test_one_row_prints_wrapped_in_latex_and_says_so),
    # the same picture as the first; a :target: links each row of its map
    assert [(env, href, re.sub(r"[\d.]+ [\d.]+ [\d.]+ [\d.]+", "BOX", opts))
            for env, href, opts, _ in includes] \
        == [("center", "https://example.org/map", "[viewport=BOX,clip]")] * 2 + \
        [("flushright", "", "[viewport=BOX,clip,width=0.500\\linewidth]")] * 3 + \
        [("center", "", "[viewport=BOX,clip]")] * 2
    assert len({name for *_, name in includes}) == 2
    # print: laid out for the line of text (see batch.LATEX_COLUMN)
    assert laid_out == [("pdf", 520), ("pdf", 260)]

    # a :target: a printed page cannot follow (a page of the HTML site) is a warning there
    doc.write_text(doc.read_text(encoding="utf-8").replace("https://example.org/map", "other.html"),
                   encoding="utf-8")
    warnings = sphinx_build(project, tmp_path / "latex2", "latex")
    assert f"{doc}:4: WARNING: `:target: other.html` cannot be followed from latex output; the " \
           "picture links nowhere there" in warnings
    assert "sphinxhref" not in next((tmp_path / "latex2").glob("*.tex")).read_text(encoding="utf-8")
    warnings = sphinx_build(project, tmp_path / "text", "text")
    assert f"{doc}:4: WARNING: `:target: other.html` cannot be followed from text output" in warnings
    doc.write_text(doc.read_text(encoding="utf-8").replace("other.html", "https://example.org/map"),
                   encoding="utf-8")

    warnings = sphinx_build(project, tmp_path / "epub", "epub")
    assert "the epub output leaves the link out" in warnings
    assert "unknown mimetype for _images" not in warnings  # (the doctrees are in outdir)
    xhtml = (tmp_path / "epub" / "broken.xhtml").read_text(encoding="utf-8")
    assert 'loading="lazy"' not in xhtml and "vsm-full-size" in xhtml  # only :target: links


def test_warnings_fail_the_build_under_W(project: Path, tmp_path: Path, capsys):
    code = build_main(["-q", "-W", "-b", "html", str(project), str(tmp_path / "w")])
    assert code != 0
    assert "broken.vsm.yaml:7:5" in capsys.readouterr().err
    (project / "broken.rst").write_text("Fine\n====\n", encoding="utf-8")
    assert build_main(["-q", "-W", "-b", "html", str(project), str(tmp_path / "ok")]) == 0


def test_latex_gets_pdf_and_text_gets_the_alt(project: Path, tmp_path: Path):
    (project / "broken.rst").write_text("Fine\n====\n", encoding="utf-8")
    sphinx_build(project, tmp_path / "latex", "latex")
    tex = next((tmp_path / "latex").glob("*.tex")).read_text(encoding="utf-8")
    names = set(re.findall(r"\\sphinxincludegraphics(?:\[[^]]*\])?\{(vsm-[0-9a-f]{32}\.pdf)\}",
                           tex))
    assert len(names) == 2
    # a captioned map is no float (a float cannot break across pages): its rows, then the
    # caption as a figure's
    assert "\\captionof{figure}{Current state, Q3}" in tex and "\\begin{figure}" not in tex
    assert all((tmp_path / "latex" / n).read_bytes().startswith(b"%PDF") for n in names)
    sphinx_build(project, tmp_path / "text", "text")
    assert "[Delivery value stream]" in (tmp_path / "text" / "index.txt").read_text()


def test_directive_errors(project: Path, tmp_path: Path):
    (project / "broken.rst").write_text(
        "Errors\n======\n\n.. vsm:: maps/nowhere.vsm.yaml\n\n.. vsm::\n\n.. vsm:: maps/x.yaml\n\n"
        "   steps: []\n", encoding="utf-8")
    warnings = sphinx_build(project, tmp_path / "html")
    doc = project / "broken.rst"
    assert f"{doc}:4: WARNING: cannot read the map 'maps/nowhere.vsm.yaml'" in warnings
    assert f"{doc}:6: WARNING: give the map as a path" in warnings
    assert f"{doc}:8: WARNING: give the map as a path or as the directive's content, not both" \
        in warnings


def test_a_map_that_is_a_named_pipe_is_refused_without_waiting(project: Path, tmp_path: Path):
    """Opening a named pipe waits for a writer: the build hung on `.. vsm:: maps/pipe.yaml`."""
    (project / "broken.rst").write_text("Pipe\n====\n\n.. vsm:: maps/pipe.yaml\n",
                                        encoding="utf-8")
    with waiting_fifo(project / "maps" / "pipe.yaml") as rescued:
        warnings = sphinx_build(project, tmp_path / "html")
    assert not rescued, "the build waited on the pipe"
    assert (f"{project / 'broken.rst'}:4: WARNING: cannot read the map 'maps/pipe.yaml': this "
            "is not a regular file") in warnings


def test_parallel_build(project: Path, tmp_path: Path):
    """-j 2 reads and writes in worker processes: no "not safe" warning, every page drawn."""
    (project / "broken.rst").write_text("Fine\n====\n", encoding="utf-8")
    index = project / "index.rst"
    names = [f"p{i}" for i in range(8)]
    index.write_text(index.read_text(encoding="utf-8") + "".join(f"   {n}\n" for n in names))
    for n in names:
        (project / f"{n}.rst").write_text(
            f"{n}\n==\n\n.. vsm:: maps/delivery.vsm.yaml\n   :alt: {n}\n", encoding="utf-8")
    warnings = io.StringIO()
    out = tmp_path / "html"
    with docutils_namespace():
        Sphinx(str(project), str(project), str(out), str(out / ".doctrees"), "html",
               status=None, warning=warnings, parallel=2).build()
    assert warnings.getvalue() == ""
    for n in names:
        page = (out / f"{n}.html").read_text(encoding="utf-8")
        src = re.search(r'<img class="vsm-diagram" src="(_images/vsm-[0-9a-f]{32}\.svg)" '
                        r'alt="' + n + '"', page)
        assert src and (out / src[1]).is_file()


UNTITLED = "steps:\n  - name: Triage\n    process_time: 1h\n"


def test_untitled_maps_are_titled_by_their_file_never_by_the_page(project: Path,
                                                                   tmp_path: Path):
    inline = "".join(f"   {line}\n" for line in UNTITLED.splitlines())
    (project / "maps" / "first-team.vsm.yaml").write_text(UNTITLED, encoding="utf-8")
    (project / "maps" / "second-team.vsm.yaml").write_text(UNTITLED, encoding="utf-8")
    (project / "broken.rst").write_text(
        f"Broken\n======\n\n.. vsm::\n\n{inline}\n.. vsm:: maps/first-team.vsm.yaml\n\n"
        ".. vsm:: maps/second-team.vsm.yaml\n", encoding="utf-8")
    (project / "other.rst").write_text(f"Other\n=====\n\n.. vsm::\n\n{inline}",
                                       encoding="utf-8")
    index = project / "index.rst"
    index.write_text(index.read_text(encoding="utf-8") + "   other\n", encoding="utf-8")
    out = tmp_path / "html"
    assert "WARNING" not in sphinx_build(project, out)
    pattern = r'<img class="vsm-diagram" src="(_images/vsm-[0-9a-f]{32}\.svg)" alt="([^"]*)"'
    broken = re.findall(pattern, (out / "broken.html").read_text(encoding="utf-8"))
    other = re.findall(pattern, (out / "other.html").read_text(encoding="utf-8"))
    assert [alt for _, alt in broken] == ["Value stream map: Value stream map",
                                          "Value stream map: First team",
                                          "Value stream map: Second team"]
    assert other == broken[:1]  # the same inline map on two pages: one picture
    # Same bytes, different file names: the drawn titles differ, so two pictures.
    assert len({src for src, _ in broken}) == 3
    assert "Second team" in (out / broken[2][0]).read_text(encoding="utf-8")
    assert "Broken" not in (out / broken[0][0]).read_text(encoding="utf-8")


def test_width_becomes_valid_css_or_a_located_warning(project: Path, tmp_path: Path):
    (project / "broken.rst").write_text(
        "Widths\n======\n\n.. vsm:: maps/delivery.vsm.yaml\n   :width: 300\n\n"
        ".. vsm:: maps/delivery.vsm.yaml\n   :width: 50%\n\n"
        ".. vsm:: maps/delivery.vsm.yaml\n"
        "   :width: 1px;background:url(https://evil.example/t.png)\n\n"
        ".. vsm:: maps/delivery.vsm.yaml\n   :width: 0.0001px\n\n"
        ".. vsm:: maps/delivery.vsm.yaml\n   :width: 6em\n",
        encoding="utf-8")
    warnings = sphinx_build(project, tmp_path / "html")
    page = (tmp_path / "html" / "broken.html").read_text(encoding="utf-8")
    styles = re.findall(r'<img class="vsm-diagram"[^>]* style="([^"]*)"', page)
    assert styles == ["max-width: 100%; height: auto; width: 300px;",
                      "max-width: 100%; height: auto; width: 50%;"]
    assert "evil.example" not in page
    assert f"{project / 'broken.rst'}:10: WARNING: option `width` must be a number" in warnings
    for line, width in ((13, "0.0001px"), (16, "6em")):  # laid out at 100 px, shown smaller
        assert (f"{project / 'broken.rst'}:{line}: WARNING: option `width` must be at least "
                f"100px (6.25em), the narrowest a map is drawn at, not '{width}'") in warnings


def test_a_target_that_would_run_script_is_a_located_warning(project: Path, tmp_path: Path):
    targets = ["javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,<b>x</b>",
               "vbscript:msgbox", "java\tscript:alert(1)"]
    kept = ["https://example.org/map", "other.html", "#totals", "../up/there.html"]
    (project / "broken.rst").write_text(
        "Targets\n=======\n\n" + "".join(f".. vsm:: maps/delivery.vsm.yaml\n   :target: {t}\n\n"
                                        for t in targets + kept), encoding="utf-8")
    warnings = sphinx_build(project, tmp_path / "html")
    doc = project / "broken.rst"
    for line, scheme in zip(range(4, 20, 3), ["javascript", "javascript", "data", "vbscript",
                                              "javascript"]):
        assert (f"{doc}:{line}: WARNING: option `target` must be a web address (https://...), "
                f"a relative link or an anchor (#...), not a {scheme}: address, which would "
                "run in the reader's browser") in warnings, warnings
    page = (tmp_path / "html" / "broken.html").read_text(encoding="utf-8")
    links = re.findall(r'<a class="vsm-full-size" href="([^"]*)"><(?:picture|img)', page)
    assert links == kept
    assert "script:" not in page and "data:" not in page


def test_a_map_outside_the_source_folder_is_refused(project: Path, tmp_path: Path):
    secret = tmp_path / "secret.vsm.yaml"  # beside the source folder, not in it
    secret.write_text("title: Secret\n" + UNTITLED, encoding="utf-8")
    (project / "escape").symlink_to(tmp_path, target_is_directory=True)
    (project / "broken.rst").write_text(
        "Escapes\n=======\n\n.. vsm:: ../secret.vsm.yaml\n\n"
        f".. vsm:: {'/..' * 12}{secret}\n\n.. vsm:: escape/secret.vsm.yaml\n",
        encoding="utf-8")
    warnings = sphinx_build(project, tmp_path / "html")
    doc = project / "broken.rst"
    for line, name in ((4, "../secret.vsm.yaml"), (6, f"{'/..' * 12}{secret}"),
                       (8, "escape/secret.vsm.yaml")):
        assert (f"{doc}:{line}: WARNING: the map {name!r} is outside the source folder"
                in warnings), warnings
    page = (tmp_path / "html" / "broken.html").read_text(encoding="utf-8")
    assert "vsm-diagram" not in page and "Secret" not in page


def test_a_flow_from_a_party_to_itself_is_a_located_warning(project: Path, tmp_path: Path):
    """The CLI warns that such a flow is not drawn; a Sphinx build said nothing."""
    (project / "maps" / "self.vsm.yaml").write_text(
        "title: Self\nsteps:\n  - name: A\ninfo_flows:\n  - {from: A, to: A}\n",
        encoding="utf-8")
    (project / "broken.rst").write_text(
        "Self\n====\n\n.. vsm:: maps/self.vsm.yaml\n\n.. vsm::\n\n"
        "   steps:\n     - name: B\n   info_flows:\n     - {from: Planning, to: Planning}\n",
        encoding="utf-8")
    out = tmp_path / "html"
    warnings = sphinx_build(project, out)
    doc = project / "broken.rst"
    assert [line for line in warnings.splitlines() if "WARNING" in line] == [
        f"{doc}:4: WARNING: value stream map: maps/self.vsm.yaml:5:19: information flow 1 goes "
        "from 'A' to 'A', the same party, so it is not drawn; `to` names who receives the "
        "information from `from` [vsm]",
        f"{doc}:11: WARNING: value stream map: information flow 1 goes from 'Planning' to "
        "'Planning', the same party, so it is not drawn; `to` names who receives the "
        "information from `from` (map line 4, column 26) [vsm]"]
    page = (out / "broken.html").read_text(encoding="utf-8")
    assert page.count('<img class="vsm-diagram"') == 2  # drawn all the same


def _view_width(svg: bytes) -> float:
    return float(re.search(rb'viewBox="[\d.]+ [\d.]+ ([\d.]+) ', svg)[1])


def test_a_phone_gets_the_map_laid_out_for_its_column(project: Path, tmp_path: Path):
    """A 390 px phone showed the map laid out for the wide column at half size (data text
    about 6 px): a screen up to 600 px wide now shows the map laid out for a phone's column.
    A map that reads no larger so (one step; the delivery map, whose widest row is the
    same), or in one row, has one picture."""
    from vsm_draw.batch import DOCS_CSS, PHONE_COLUMN

    index = project / "index.rst"
    index.write_text(index.read_text(encoding="utf-8") + (
        "\n.. vsm::\n\n   title: One step\n   steps:\n     - name: Only\n       wait_time: 1d\n"
        "\n.. vsm:: maps/delivery.vsm.yaml\n   :one-row:\n"), encoding="utf-8")
    out = tmp_path / "html"
    sphinx_build(project, out)
    page = (out / "index.html").read_text(encoding="utf-8")
    pictures = re.findall(r'<picture><source media="\(max-width: 600px\)" srcset="([^"]+)" '
                          r'width="(\d+)" height="(\d+)" /><img class="vsm-diagram" '
                          r'src="([^"]+)"', page)
    assert len(pictures) == 1 and page.count('<img class="vsm-diagram"') == 4
    for phone, width, height, wide in pictures:
        data = (out / phone).read_bytes()
        assert picture_size(data) == (int(width), int(height)) and int(width) <= PHONE_COLUMN
        # another layout, narrower: its text shown larger in a phone's column
        assert _view_width(data) < _view_width((out / wide).read_bytes()) * 0.8
    assert len(list((out / "_images").glob("vsm-*.svg"))) == 5  # 4 maps, 1 for a phone
    # the phone pictures that read no larger are kept out of the site, not to draw them again
    assert len(list((out / ".doctrees" / "vsm-draw").iterdir())) == 3
    # The metrics table's style sheet, linked from the pages with a map only.
    assert (out / "_static" / "vsm-draw.css").read_text(encoding="utf-8") == DOCS_CSS
    assert 'href="_static/vsm-draw.css' in page
    assert "vsm-draw.css" not in (out / "genindex.html").read_text(encoding="utf-8")
    # each row's label is a header cell, which stacks over its value on a phone
    assert '<th class="stub"><p>Lead time</p></th>' in page

    sphinx_build(project, tmp_path / "epub", "epub")  # an e-book reader lays out its own page
    xhtml = (tmp_path / "epub" / "index.xhtml").read_text(encoding="utf-8")
    assert "<picture" not in xhtml and 'href="_static/vsm-draw.css' in xhtml
    # and the style sheet it links is in the book (written after the book was packed, it
    # was not)
    import zipfile

    [book] = (tmp_path / "epub").glob("*.epub")
    assert any(name.endswith("_static/vsm-draw.css") for name in zipfile.ZipFile(book).namelist())


def test_a_png_map_prints_row_by_row_at_its_drawn_size_in_latex(project: Path, tmp_path: Path):
    """`:format: png` gave LaTeX the wrapped map as one picture, taller than a page: shrunk
    to the page's height beside a heading, it ran past the page's foot (a branched 7-step
    map lost its last row). A PNG prints row by row as a PDF does, and it says its resolution
    (pHYs), so TeX prints it at the drawing's size, not at a pixel a point (XeTeX) or
    Sphinx's pixel (pdfTeX)."""
    (project / "broken.rst").write_text(
        "PNG\n===\n\n.. vsm:: maps/delivery.vsm.yaml\n   :format: png\n   :ladder: proportional\n",
        encoding="utf-8")
    out = tmp_path / "latex"
    sphinx_build(project, out, "latex")
    tex = next(out.glob("*.tex")).read_text(encoding="utf-8")

    def rows(suffix: str) -> list[tuple[str, list[float]]]:
        return [(name, [float(v) for v in box.split()]) for box, name in re.findall(
            r"\\sphinxincludegraphics\[viewport=([\d. ]+),clip\]\{(vsm-[0-9a-f]{32}\." + suffix
            + r")\}", tex)]

    pdf, png = rows("pdf"), rows("png")
    pdf = [row for row in pdf if row[0] == pdf[0][0]]
    # the captioned map of index.rst in PDF, the same map in PNG: the same rows, each of
    # the same size in points (to the PNG's pixel; the PDF's page pads the map by 36 pt)
    assert len(pdf) > 1 and len(png) == len(pdf) and len({name for name, _ in png}) == 1
    for (_, a), (_, b) in zip(pdf, png):
        assert abs((a[2] - a[0]) - (b[2] - b[0])) <= 72 / 192, (a, b)
        assert abs((a[3] - a[1]) - (b[3] - b[1])) <= 72 / 192, (a, b)
    data = (out / png[0][0]).read_bytes()
    per_metre = round(192 / 0.0254).to_bytes(4, "big")
    body = b"pHYs" + per_metre * 2 + b"\x01"
    assert data[33:54] == b"\x00\x00\x00\x09" + body + zlib.crc32(body).to_bytes(4, "big")
    # the rows, top to bottom, make up the whole picture: its pixels at 192 dpi
    assert png[0][1][3] == png_pixels(data)[1] * 72 / 192 and png[-1][1][1] == 0


def test_one_row_prints_wrapped_in_latex_and_says_so(project: Path, tmp_path: Path):
    """`:one-row:` printed the 11-step mortgage map as one strip squeezed to the 6.5 in
    line, its data text at 2.4 pt, without a word. LaTeX prints the map wrapped, row by row
    at the line's width, and a warning says why; HTML keeps its one row."""
    (project / "broken.rst").write_text(
        "One row\n=======\n\n.. vsm:: maps/delivery.vsm.yaml\n   :one-row:\n", encoding="utf-8")
    doc = project / "broken.rst"
    warnings = sphinx_build(project, tmp_path / "latex", "latex")
    assert f"{doc}:4: WARNING: `:one-row:` would print the map squeezed into the line of " \
           "latex output; it is printed wrapped, row by row, instead [vsm.one-row]" in warnings
    tex = next((tmp_path / "latex").glob("*.tex")).read_text(encoding="utf-8")
    # the captioned map of index.rst (:ladder: proportional) and this one, both in rows
    names = re.findall(r"\\sphinxincludegraphics\[viewport=[\d. ]+,clip\]\{(vsm-[0-9a-f]{32})"
                       r"\.pdf\}", tex)
    assert len(set(names)) == 3 and len(names) > 4 and "\\sphinxincludegraphics{" not in tex
    warnings = sphinx_build(project, tmp_path / "html")
    assert "one-row" not in warnings
    page = (tmp_path / "html" / "broken.html").read_text(encoding="utf-8")
    size = re.search(r'<img class="vsm-diagram" [^>]*width="(\d+)"', page)
    assert int(size[1]) > 700 and "<picture>" not in page  # one row, past the column


def test_singlehtml_links_the_style_sheet_when_a_map_is_on_another_document(
        project: Path, tmp_path: Path):
    """singlehtml writes every document into the root document's page; the style sheet of
    the metrics table was linked only when the root document itself held a map."""
    (project / "index.rst").write_text("Home\n====\n\n.. toctree::\n\n   broken\n",
                                       encoding="utf-8")
    (project / "broken.rst").write_text(
        "Map\n===\n\n.. vsm:: maps/delivery.vsm.yaml\n   :metrics:\n", encoding="utf-8")
    out = tmp_path / "single"
    sphinx_build(project, out, "singlehtml")
    page = (out / "index.html").read_text(encoding="utf-8")
    assert "vsm-metrics" in page
    assert re.search(r'<link [^>]*href="_static/vsm-draw\.css', page)
    assert (out / "_static" / "vsm-draw.css").is_file()


def test_a_width_in_em_prints_at_the_width_it_is_laid_out_for(project: Path, tmp_path: Path):
    """`:width: 30em` laid the map out for 480 px (an em is 16 px, as in HTML) but LaTeX
    printed it 30 of its own 10 pt ems wide, 300 pt: a sixth smaller than laid out for
    (360 pt), its smallest text at 5.6 pt instead of 6.75. Print takes the em at 16 px too."""
    (project / "broken.rst").write_text(
        "Em\n==\n\n.. vsm:: maps/delivery.vsm.yaml\n   :width: 30em\n\n"
        ".. vsm:: maps/delivery.vsm.yaml\n   :width: 20rem\n", encoding="utf-8")
    sphinx_build(project, tmp_path / "latex", "latex")
    tex = next((tmp_path / "latex").glob("*.tex")).read_text(encoding="utf-8")
    widths = re.findall(r"\\sphinxincludegraphics\[[^]]*width=([^],]+)\]", tex)
    assert sorted(set(widths)) == ["320\\sphinxpxdimen", "480\\sphinxpxdimen"]


def test_text_man_and_texinfo_warnings_give_advice_that_holds_there(project: Path,
                                                                     tmp_path: Path):
    """A full address as `:target:` was refused in text output "(give a full address such
    as https://...)": advice for LaTeX, which follows one; text, man and Texinfo follow
    none. And `:format: pdf` in Texinfo silently drew PNG."""
    (project / "broken.rst").write_text(
        "Targets\n=======\n\n.. vsm:: maps/delivery.vsm.yaml\n   :format: pdf\n"
        "   :target: https://example.org/map\n", encoding="utf-8")
    doc = project / "broken.rst"
    for builder in ("text", "man", "texinfo"):
        warnings = sphinx_build(project, tmp_path / builder, builder)
        target = [line for line in warnings.splitlines() if "[vsm.target]" in line]
        assert target == [f"{doc}:4: WARNING: `:target: https://example.org/map` cannot be "
                          f"followed from {builder} output; the picture links nowhere there "
                          "[vsm.target]"], builder
        formats = [line for line in warnings.splitlines() if "[vsm.format]" in line]
        assert formats == ([f"{doc}:4: WARNING: `:format: pdf` cannot be shown in texinfo "
                            "output; drawing png instead (use png) [vsm.format]"]
                           if builder == "texinfo" else []), builder
    tex = sphinx_build(project, tmp_path / "latex", "latex")
    assert "[vsm.target]" not in tex and "[vsm.format]" not in tex


def test_a_map_wider_than_the_line_prints_on_landscape_pages(project: Path, tmp_path: Path):
    """A branched map wraps no narrower than its widest row: at 729 pt the checkout map was
    shrunk into the 468 pt line, its text printed at 5.1 pt (a French 7-step one at 4.9).
    A map whose rows print below 7 pt on the line (its 8 pt text shrunk by more than 7/8)
    goes on landscape pages (pdflscape, in texlive-latex-recommended as Sphinx's LaTeX
    needs), caption and all; a map that fits stays in the text; TeX measures the line."""
    shutil.copy(Path(__file__).resolve().parents[1] / "examples" / "feature-branches.vsm.yaml",
                project / "maps" / "branches.vsm.yaml")
    (project / "broken.rst").write_text(
        "Wide\n====\n\n.. vsm:: maps/branches.vsm.yaml\n   :caption: First\n\n"
        "Text.\n\n.. vsm:: maps/branches.vsm.yaml\n   :caption: Checkout\n\n"
        ".. vsm:: maps/branches.vsm.yaml\n\n"
        ".. vsm:: maps/branches.vsm.yaml\n   :width: 400px\n\n"
        ".. note::\n\n   .. vsm:: maps/branches.vsm.yaml\n\n"
        "- .. vsm:: maps/branches.vsm.yaml\n", encoding="utf-8")
    sphinx_build(project, tmp_path / "latex", "latex")
    tex = next((tmp_path / "latex").glob("*.tex")).read_text(encoding="utf-8")
    assert "\\usepackage{pdflscape}" in tex
    doc = tex[tex.index("{Wide}"):]
    begins = re.findall(r"\\ifdim ([\d.]+)bp>1\.143\\linewidth\\def\\vsmdrawwide\{1\}"
                        r"\\begin\{landscape\}", doc)
    # the two maps laid out for the line, each measured at its rows' width; not the one
    # of a width asked for (400 px), nor those in a note or a list, whose box a new page
    # would break (their rows spilled off the page), nor the first, which opens its
    # section (test_a_wide_map_under_its_heading_takes_it_onto_its_landscape_page)
    # (729 pt in 4 rows before its lanes stood under their steps: landscape; 483 pt in 5 rows
    # now, its text at 7.7 pt)
    assert len(begins) == 2 and all(float(w) == pytest.approx(483, abs=1) for w in begins)
    ends = [m.start() for m in re.finditer(r"\\if1\\vsmdrawwide\\end\{landscape\}\\fi", doc)]
    assert len(ends) == 2
    caption = doc.index("\\captionof{figure}{Checkout}")
    assert doc.index("begin{landscape}") < caption < ends[0]  # the caption with its map
    rows = [m.start() for m in re.finditer(r"\\sphinxincludegraphics\[viewport", doc)]
    assert doc.index("{First}") < doc.index("begin{landscape}")
    rows = rows[5:]  # after the first map's
    assert all(r < ends[0] for r in rows[:5]) and all(ends[0] < r < ends[1] for r in rows[5:10])
    assert len(rows) > 20 and "landscape" not in doc[doc.index("begin{sphinxadmonition}"):]
    # the index's delivery map gets the test too: TeX keeps it in the line
    index = tex[:tex.index("{Wide}")]
    assert re.search(r"\\ifdim ([\d.]+)bp>1\.143\\linewidth", index)


def test_a_wide_map_under_its_heading_takes_it_onto_its_landscape_page(project: Path,
                                                                      tmp_path: Path):
    """A wide map right under its section's heading stayed in the portrait line (a landscape
    page there would leave the heading alone at the foot of the page before): the French
    branched map printed at 4.9 pt. Now its landscape pages begin before the heading, whose
    room the first row leaves on the page; under a chapter's heading, which begins a page
    of its own, the map (rows and caption) is kept in a macro and printed on landscape
    pages after the chapter's first page (``\\afterpage``). TeX still decides: a map that
    fits the line prints where it stands (pdflatex: 5.2-6.8 pt instead of 4.9, on letter)."""
    shutil.copy(Path(__file__).resolve().parents[1] / "examples" / "feature-branches.vsm.yaml",
                project / "maps" / "branches.vsm.yaml")
    (project / "broken.rst").write_text(
        "Wide\n====\n\nUnder\n-----\n\n.. vsm:: maps/branches.vsm.yaml\n   :caption: Under it\n\n"
        "Text after.\n\nBare\n----\n\nLong\n~~~~\n\n.. vsm:: maps/branches.vsm.yaml\n\nMore.\n",
        encoding="utf-8")
    sphinx_build(project, tmp_path / "latex", "latex")
    tex = next((tmp_path / "latex").glob("*.tex")).read_text(encoding="utf-8")
    assert "\\usepackage{afterpage}" in tex
    # under the section "Under" that opens the chapter "Wide": after the chapter's page
    chapter = tex[tex.index("\\chapter{Wide}"):tex.index("Text after.")]
    kept = re.search(r"\\section\{Under\}\n\\label\{[^\n]*\}\n\\long\\def\\vsmdrawmap\{(.*)\}"
                     r"\\long\\def\\vsmdrawlater#1\{\\afterpage\{\\begin\{landscape\}"
                     r"\\csname spx@image@maxheight\\endcsname=\\textheight#1"
                     r"\\end\{landscape\}\}\}\n\\ifdim ([\d.]+)bp>1\.143\\linewidth\\expandafter"
                     r"\\vsmdrawlater\\expandafter\{\\vsmdrawmap\}\\else\\vsmdrawmap\\fi\n",
                     chapter, re.S)
    assert kept and float(kept[2]) == pytest.approx(483, abs=1)
    rows = re.findall(r"\\sphinxincludegraphics\[viewport", kept[1])
    assert len(rows) >= 4 and "\\captionof{figure}{Under it}" in kept[1]
    assert "landscape" not in kept[1] and "vsmdrawwide" not in chapter
    # under "Long", that opens "Bare": both headings go on its first landscape page, the
    # first row leaving them 2 x 3 lines
    bare = tex[tex.index("Text after."):tex.index("More.")]
    turned = re.search(r"\n\\ifdim ([\d.]+)bp>1\.143\\linewidth\\def\\vsmdrawwide\{1\}"
                       r"\\begin\{landscape\}\\csname spx@image@maxheight\\endcsname=\\textheight"
                       r"\\else\\def\\vsmdrawwide\{0\}\\fi\n\\section\{Bare\}.*\\subsection\{Long\}"
                       r"[^\n]*\n\\label\{[^\n]*\}\n+\\begin\{center\}\\csname spx@image@maxheight"
                       r"\\endcsname=\\dimexpr\\csname spx@image@maxheight\\endcsname-6"
                       r"\\baselineskip\\relax \\sphinxincludegraphics\[viewport", bare, re.S)
    assert turned and float(turned[1]) == pytest.approx(483, abs=1)
    assert bare.count("-6\\baselineskip") == 1 and "vsmdrawmap" not in bare
    assert bare.endswith("\\if1\\vsmdrawwide\\end{landscape}\\fi\n\n\\sphinxAtStartPar\n")


def test_the_sentence_leading_into_a_wide_map_goes_onto_its_landscape_page(project: Path,
                                                                          tmp_path: Path):
    """A wide map's landscape pages began under the sentence that introduces it: after an
    earlier landscape map, "A figure with everything:" filled a portrait page alone (a
    Furo site built from scratch, pdflatex). A short paragraph right
    before the map (300 characters at most: a section's one sentence under its heading,
    left behind, filled a page too) now goes onto its first landscape page, the first row
    leaving it room; longer text stays where it is."""
    shutil.copy(Path(__file__).resolve().parents[1] / "examples" / "feature-branches.vsm.yaml",
                project / "maps" / "branches.vsm.yaml")
    (project / "broken.rst").write_text(
        "Lead\n====\n\nText.\n\nA figure with everything:\n\n"
        ".. vsm:: maps/branches.vsm.yaml\n   :caption: Everything\n\n"
        + "Not leading in. " * 20 + "\n\n.. vsm:: maps/branches.vsm.yaml\n", encoding="utf-8")
    sphinx_build(project, tmp_path / "latex", "latex")
    tex = next((tmp_path / "latex").glob("*.tex")).read_text(encoding="utf-8")
    doc = tex[tex.index("{Lead}"):]
    turn = (r"\n\\ifdim ([\d.]+)bp>1\.143\\linewidth\\def\\vsmdrawwide\{1\}\\begin\{landscape\}"
            r"\\csname spx@image@maxheight\\endcsname=\\textheight\\else\\def\\vsmdrawwide\{0\}\\fi\n")
    room = (r"\\begin\{center\}\\csname spx@image@maxheight\\endcsname=\\dimexpr\\csname "
            r"spx@image@maxheight\\endcsname-2\\baselineskip\\relax \\sphinxincludegraphics")
    assert re.search(r"Text\.\n+" + turn + r"\\sphinxAtStartPar\nA figure with everything:\n"
                     r"\n\\par\\begingroup\n\n" + room, doc)
    assert re.search(r"Not leading in\.\n" + turn + r"\n\\begin\{center\}\\sphinxincludegraphics",
                     doc)


def test_a_caption_stays_on_the_page_of_its_maps_last_row(project: Path, tmp_path: Path):
    """On A4 a landscape row of the French branched map is as tall as the page: its caption
    went alone onto a landscape page of its own. The last row of a map with a caption now
    leaves 4 lines of the page for it, with no page break between them (pdflatex: the
    caption on the row's page)."""
    shutil.copy(Path(__file__).resolve().parents[1] / "examples" / "feature-branches.vsm.yaml",
                project / "maps" / "branches.vsm.yaml")
    (project / "broken.rst").write_text(
        "Kept\n====\n\nText.\n\n.. vsm:: maps/branches.vsm.yaml\n   :caption: Kept with it\n\n"
        "Bare\n----\n\nText.\n\n.. vsm:: maps/branches.vsm.yaml\n", encoding="utf-8")
    sphinx_build(project, tmp_path / "latex", "latex")
    tex = next((tmp_path / "latex").glob("*.tex")).read_text(encoding="utf-8")
    kept = (r"\\csname spx@image@maxheight\\endcsname=\\dimexpr\\csname spx@image@maxheight"
            r"\\endcsname-4\\baselineskip\\relax\\csname @endparpenalty\\endcsname=10000 ")
    captioned = tex[tex.index("{Kept}"):tex.index("{Bare}")]
    rows = re.findall(r"\\begin\{center\}(.*?)\\sphinxincludegraphics\[viewport", captioned)
    assert len(rows) >= 4 and [bool(re.fullmatch(kept, r)) for r in rows] == \
        [False] * (len(rows) - 1) + [True]
    last = captioned.rindex("sphinxincludegraphics[viewport")
    assert re.match(r"[^\n]*\\end\{center\}\n\\captionof\{figure\}\{Kept with it\}",
                    captioned[last:])
    assert "@endparpenalty" not in tex[tex.index("{Bare}"):]  # no caption, nothing kept


def test_print_draws_a_dark_map_classic_and_says_so_when_asked(project: Path, tmp_path: Path):
    """A dark site sets ``vsm_theme = "dark"`` (as the README advises): its PDF printed every
    map as a black slab on the white page. Print (LaTeX, Texinfo) now draws ``dark`` as
    classic, the same pictures as with ``vsm_theme = "classic"``; a ``:theme: dark`` of the
    map's own is a warning there. HTML keeps the dark maps."""
    (project / "broken.rst").write_text(
        "Dark\n====\n\nText.\n\n.. vsm:: maps/delivery.vsm.yaml\n   :theme: dark\n",
        encoding="utf-8")
    pictures = {}
    for theme in ("dark", "classic"):
        warnings = sphinx_build(project, tmp_path / theme, "latex", vsm_theme=theme)
        tex = next((tmp_path / theme).glob("*.tex")).read_text(encoding="utf-8")
        pictures[theme] = re.findall(r"\{(vsm-[0-9a-f]{32}\.pdf)\}", tex)
        assert [line for line in warnings.splitlines() if "[vsm.theme]" in line] == [
            f"{project / 'broken.rst'}:6: WARNING: `:theme: dark` would print the map light "
            "on black; the latex output draws it classic [vsm.theme]"]
    assert len(set(pictures["dark"])) == 3 and pictures["dark"] == pictures["classic"]
    warnings = sphinx_build(project, tmp_path / "html", "html", vsm_theme="dark")
    assert "[vsm.theme]" not in warnings
    page = (tmp_path / "html" / "broken.html").read_text(encoding="utf-8")
    svg = (tmp_path / "html" / re.search(r'src="(_images/vsm-[0-9a-f]{32}\.svg)"', page)[1])
    assert "prefers-color-scheme" not in svg.read_text(encoding="utf-8")  # dark, not auto


def test_a_width_that_prints_the_map_too_small_is_a_warning(project: Path, tmp_path: Path):
    """A branched map wraps no narrower than its widest row: at ``:width: 50%`` the checkout
    map printed its text at about 3 pt, in silence. LaTeX now says so ([vsm.width]); a
    width the map reads at says nothing."""
    shutil.copy(Path(__file__).resolve().parents[1] / "examples" / "feature-branches.vsm.yaml",
                project / "maps" / "branches.vsm.yaml")
    (project / "broken.rst").write_text(
        "Narrow\n======\n\nText.\n\n.. vsm:: maps/branches.vsm.yaml\n   :width: 50%\n\n"
        ".. vsm:: maps/branches.vsm.yaml\n   :width: 1000px\n", encoding="utf-8")
    warnings = sphinx_build(project, tmp_path / "latex", "latex")
    found = [line for line in warnings.splitlines() if "[vsm.width]" in line]
    assert len(found) == 1 and re.fullmatch(
        re.escape(f"{project / 'broken.rst'}:6: WARNING: `:width: 50%` prints the map's smallest "
                  "text at about ") + r"\d\.\d pt: it wraps no narrower than \d+ pt "
        r"\(\d+ % of the line\); leave `:width:` out to print it readable \[vsm\.width\]",
        found[0]), found
    assert "[vsm.width]" not in sphinx_build(project, tmp_path / "html", "html")


def test_a_map_in_a_table_cell_prints_whole(project: Path, tmp_path: Path):
    """A table row cannot break across pages: a wrapped map in a cell, printed row by row,
    ran past the page's foot (the 7-step checkout map lost its last three rows). In a
    table the map is one picture, which LaTeX keeps within the page."""
    (project / "broken.rst").write_text(
        "Cell\n====\n\n+-----------------------------------+\n| .. vsm:: maps/delivery.vsm.yaml   |\n"
        "+-----------------------------------+\n", encoding="utf-8")
    sphinx_build(project, tmp_path / "latex", "latex")
    tex = next((tmp_path / "latex").glob("*.tex")).read_text(encoding="utf-8")
    cell = tex[tex.index("{Cell}"):]
    assert re.findall(r"\\sphinxincludegraphics(\[[^]]*\])?\{vsm-", cell) == [""]
