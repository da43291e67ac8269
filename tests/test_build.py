"""``vsm-draw build``: discovery, mirrored outputs, the cache, broken maps, watching."""
from __future__ import annotations

import os
import shutil
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from vsm_draw.batch import Options, cache_key, parse_formats
from vsm_draw.build import build, find_maps, manifest_name, watch
from vsm_draw.cli import main

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"

SMALL = """\
vsm: 1
title: {title}
steps:
  - name: Build
    process_time: 3d
  - name: Review
    wait_time: {wait}d
    process_time: 2h
"""


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A docs tree: maps at two levels, a broken one, YAML that is not a map, a hidden folder."""
    src = tmp_path / "docs"
    (src / "maps" / "team").mkdir(parents=True)
    shutil.copy(ROOT / "examples" / "code-review-wait.vsm.yaml", src / "maps")
    (src / "maps" / "team" / "support.yaml").write_text(
        SMALL.format(title="Support", wait=2), encoding="utf-8")  # a map by its `vsm:` key
    (src / "top.vsm.yaml").write_text(SMALL.format(title="Top", wait=1), encoding="utf-8")
    shutil.copy(DATA / "sphinx" / "maps" / "broken.vsm.yaml", src / "maps")
    (src / "mkdocs.yml").write_text("site_name: not a map\n", encoding="utf-8")
    (src / "config.yaml").write_text("steps: not a map without vsm\n", encoding="utf-8")
    (src / ".hidden").mkdir()
    (src / ".hidden" / "x.vsm.yaml").write_text("vsm: 1\n", encoding="utf-8")
    return src


def run(*args: str):
    return CliRunner().invoke(main, ["build", *args])


def test_finds_maps_by_suffix_and_by_key(tree: Path):
    maps, problems = find_maps([tree])
    assert [m.stem for m in maps] == ["maps/broken", "maps/code-review-wait", "maps/team/support",
                                      "top"]
    assert problems == []
    _, problems = find_maps([tree / "nowhere"])
    assert [str(p) for p in problems] == [f"{tree / 'nowhere'}:1:1: no such file or folder"]


def test_build_mirrors_the_tree_reports_broken_maps_and_keeps_going(tree: Path, tmp_path: Path):
    out = tmp_path / "out"
    result = run(str(tree), "-o", str(out), "--format", "svg,dot", "--jobs", "2")
    assert result.exit_code == 1
    broken = tree / "maps" / "broken.vsm.yaml"
    assert (f"{broken}:7:5: unknown key `proces_time` in step 2; did you mean `process_time`?"
            in result.stderr)
    assert "3 rendered, 0 up to date, 1 failed" in result.stderr
    assert "Traceback" not in result.output + result.stderr
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert written == [manifest_name("dot"), manifest_name("svg"),
                       "maps/code-review-wait.dot", "maps/code-review-wait.svg",
                       "maps/team/support.dot", "maps/team/support.svg", "top.dot", "top.svg"]
    svg = (out / "maps" / "code-review-wait.svg").read_text(encoding="utf-8")
    assert svg.lstrip().startswith(("<?xml", "<svg")) and "Code review" in svg
    assert (out / "top.svg").stat().st_mode & 0o044 == 0o044  # readable, like any output
    # CI logs get plain lines, one per map
    assert "rendered " in result.stdout and "\r" not in result.stdout


@pytest.mark.parametrize("where", ["the source folder", "a folder above it"])
def test_outputs_beside_the_maps_are_drawn(where, tree: Path):
    """OUTDIR = SRC (each picture next to its map) drew nothing: every map counted as
    inside OUTDIR and was skipped, and the build said '0 rendered, 0 up to date'."""
    if where == "the source folder":
        src, out, picture = tree, tree, tree / "maps" / "code-review-wait.svg"
    else:
        src, out, picture = tree / "maps", tree, tree / "code-review-wait.svg"
    result = run(str(src), "-o", str(out), "--format", "svg")
    assert picture.is_file(), result.stderr
    assert "0 rendered" not in result.stderr
    again = run(str(src), "-o", str(out), "--format", "svg")
    assert "0 rendered" in again.stderr and "0 up to date" not in again.stderr


def test_maps_inside_an_outdir_inside_the_source_are_skipped(tree: Path):
    out = tree / "_vsm"
    (out / "old").mkdir(parents=True)
    (out / "old" / "stale.vsm.yaml").write_text(SMALL.format(title="Stale", wait=1))
    maps, _ = find_maps([tree], exclude=out)
    assert "_vsm/old/stale" not in [m.stem for m in maps] and "top" in [m.stem for m in maps]


def test_unchanged_rebuild_draws_nothing_and_a_change_draws_one(tree: Path, tmp_path: Path):
    out = tmp_path / "out"
    (tree / "maps" / "broken.vsm.yaml").unlink()
    first = build([tree], out, ["svg"])
    assert len(first.rendered) == 3 and not first.failed
    stamps = {p: p.stat().st_mtime_ns for p in out.rglob("*.svg")}

    again = run(str(tree), "-o", str(out))
    assert again.exit_code == 0, again.stderr
    assert "0 rendered, 3 up to date, 0 failed" in again.stderr
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*.svg")} == stamps

    top = tree / "top.vsm.yaml"
    top.write_text(SMALL.format(title="Top", wait=9), encoding="utf-8")
    third = build([tree], out, ["svg"])
    assert third.rendered == [str(top)] and len(third.up_to_date) == 2
    assert "9 d" in (out / "top.svg").read_text(encoding="utf-8")

    (out / "top.svg").unlink()  # a deleted output is drawn again
    assert build([tree], out, ["svg"]).rendered == [str(top)]
    # other options are another key
    assert len(build([tree], out, ["svg"], Options(theme="color")).rendered) == 3


def test_output_bytes_are_deterministic(tree: Path, tmp_path: Path):
    (tree / "maps" / "broken.vsm.yaml").unlink()
    build([tree], tmp_path / "a", ["svg"], jobs=1)
    build([tree], tmp_path / "b", ["svg"], jobs=2)
    for svg in (tmp_path / "a").rglob("*.svg"):
        assert svg.read_bytes() == (tmp_path / "b" / svg.relative_to(tmp_path / "a")).read_bytes()


def test_a_broken_map_keeps_its_previous_output(tree: Path, tmp_path: Path):
    out = tmp_path / "out"
    build([tree / "top.vsm.yaml"], out, ["svg"])
    before = (out / "top.svg").read_bytes()
    (tree / "top.vsm.yaml").write_text("steps:\n  - name: A\n    wait_time: soon\n")
    result = build([tree / "top.vsm.yaml"], out, ["svg"])
    assert [str(p) for p in result.problems] == [
        f"{tree / 'top.vsm.yaml'}:3:16: `wait_time` 'soon' is not a duration; write it as 30s, "
        "45m, 4h, 2d, 3w, '1d 4h', '3 days' or ISO 8601 like P3D or PT4H"]
    assert (out / "top.svg").read_bytes() == before


def test_report_formats_and_names(tmp_path: Path):
    src = tmp_path / "one.vsm.yaml"
    src.write_text(SMALL.format(title="One & <Two>", wait=3), encoding="utf-8")
    result = build([src], tmp_path / "out", ["html", "svg"])
    assert not result.failed, result.problems
    page = (tmp_path / "out" / "one.html").read_text(encoding="utf-8")
    assert "One &amp; &lt;Two&gt;" in page and "<Two>" not in page


def test_usage_errors_exit_2(tree: Path, tmp_path: Path):
    result = run(str(tree), "-o", str(tmp_path / "o"), "--format", "svg,gif")
    assert result.exit_code == 2 and "unknown format 'gif'" in result.stderr
    assert run(str(tree)).exit_code == 2  # no -o
    assert not (tmp_path / "o").exists()


def test_an_outdir_that_is_a_file_is_a_usage_error(tree: Path, tmp_path: Path):
    """Every map failed alike, one 'cannot write out/x.svg: File exists' line each."""
    out = tmp_path / "out.svg"
    out.write_text("mine", encoding="utf-8")
    result = run(str(tree), "-o", str(out))
    assert result.exit_code == 2
    assert "is a file, not a folder" in result.stderr and "File exists" not in result.stderr
    assert out.read_text(encoding="utf-8") == "mine"


def test_missing_source_fails_but_others_build(tree: Path, tmp_path: Path):
    result = run(str(tree / "top.vsm.yaml"), str(tmp_path / "nope"), "-o", str(tmp_path / "o"))
    assert result.exit_code == 1
    assert f"{tmp_path / 'nope'}:1:1: no such file or folder" in result.stderr
    assert (tmp_path / "o" / "top.svg").is_file()


def test_an_outdir_that_cannot_be_written_is_a_problem_not_a_traceback(tree: Path, tmp_path: Path):
    blocker = tmp_path / "afile"
    blocker.write_text("")
    result = run(str(tree / "top.vsm.yaml"), "-o", str(blocker / "o"), "--format", "dot")
    assert result.exit_code == 1 and isinstance(result.exception, (type(None), SystemExit))
    assert "cannot write" in result.stderr and "Traceback" not in result.stderr
    assert f"{blocker} is a file, not a folder" in result.stderr  # not "Not a directory"
    (tmp_path / "o2" / "top.dot").mkdir(parents=True)  # a folder where the output goes
    result = run(str(tree / "top.vsm.yaml"), "-o", str(tmp_path / "o2"), "--format", "dot")
    assert result.exit_code == 1 and "cannot write" in result.stderr


def test_two_maps_with_one_output_name_is_an_error(tmp_path: Path):
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "x.vsm.yaml").write_text(SMALL.format(title=folder, wait=1))
    result = build([tmp_path / "a" / "x.vsm.yaml", tmp_path / "b" / "x.vsm.yaml"],
                   tmp_path / "out", ["dot"])
    assert len(result.rendered) == 1
    assert "would overwrite those of" in result.problems[0].message


def test_a_map_named_twice_is_drawn_once(tmp_path: Path):
    src = tmp_path / "bd"
    src.mkdir()
    (src / "x.vsm.yaml").write_text(SMALL.format(title="X", wait=1), encoding="utf-8")
    for sources in ([src, src / "x.vsm.yaml"], [src / "x.vsm.yaml", src / ".." / "bd"]):
        maps, problems = find_maps(sources)
        assert [m.path.resolve() for m in maps] == [(src / "x.vsm.yaml").resolve()]
    result = run(str(src), str(src / "x.vsm.yaml"), "-o", str(tmp_path / "out"),
                 "--format", "dot")
    assert result.exit_code == 0, result.stderr
    assert "1 rendered, 0 up to date, 0 failed" in result.stderr


def test_failures_are_listed_in_path_order_whatever_the_order_of_work(tmp_path: Path):
    broken = (DATA / "sphinx" / "maps" / "broken.vsm.yaml").read_bytes()
    for folder in ("b", "a"):
        (tmp_path / folder).mkdir()
        for name in ("z", "y"):
            (tmp_path / folder / f"{name}{folder}.vsm.yaml").write_bytes(broken)
        (tmp_path / folder / f"ok{folder}.vsm.yaml").write_text(
            SMALL.format(title=folder, wait=1), encoding="utf-8")
    result = build([tmp_path / "b", tmp_path / "nope", tmp_path / "a"], tmp_path / "out",
                   ["dot"], jobs=4)
    expected = [str(tmp_path / "a" / "ya.vsm.yaml"), str(tmp_path / "a" / "za.vsm.yaml"),
                str(tmp_path / "b" / "yb.vsm.yaml"), str(tmp_path / "b" / "zb.vsm.yaml"),
                str(tmp_path / "nope")]
    assert result.failed == expected
    assert [p.file for p in result.problems] == expected
    assert result.problems == sorted(result.problems, key=lambda p: (p.file, p.line, p.column))
    assert sorted(Path(r).name for r in result.rendered) == ["oka.vsm.yaml", "okb.vsm.yaml"]


def test_cache_key_covers_bytes_format_options_and_version(monkeypatch):
    key = cache_key(b"steps: []", "svg")
    assert key == cache_key("steps: []", "svg")
    assert len({key, cache_key(b"steps: [] ", "svg"), cache_key(b"steps: []", "png"),
                cache_key(b"steps: []", "svg", Options(ladder="proportional"))}) == 4
    import vsm_draw
    monkeypatch.setattr(vsm_draw, "__version__", "99.0")
    assert cache_key(b"steps: []", "svg") != key


def test_parse_formats():
    assert parse_formats("svg, png,svg,report.pdf") == ("svg", "png", "report.pdf")
    with pytest.raises(ValueError, match="unknown format"):
        parse_formats("jpeg")


def test_unchanged_rebuild_of_100_maps_draws_none_and_asks_the_version_once(
        tmp_path: Path, monkeypatch):
    """A warm build spent 76% of its time asking importlib.metadata for the version once per
    map. Counted, not timed: a timed test fails on a loaded machine (bench/ times it)."""
    import importlib.metadata

    import vsm_draw
    import vsm_draw.build as build_module

    src = tmp_path / "maps"
    for i in range(100):
        folder = src / f"team{i % 10}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"m{i}.vsm.yaml").write_text(SMALL.format(title=f"Map {i}", wait=i % 7 + 1))
    out = tmp_path / "out"
    first = build([src], out, ["dot"], jobs=2)  # DOT: the same pipeline without the engine
    assert len(first.rendered) == 100
    asked = []
    real_version = importlib.metadata.version
    monkeypatch.setattr(importlib.metadata, "version",
                        lambda name: asked.append(name) or real_version(name))
    monkeypatch.delattr(vsm_draw, "__version__", raising=False)  # asked afresh
    monkeypatch.setattr(build_module, "_render_job",
                        lambda *args: pytest.fail("an unchanged map was drawn again"))
    again = run(str(src), "-o", str(out), "--format", "dot")
    assert again.exit_code == 0 and "0 rendered, 100 up to date" in again.stderr
    assert asked == ["vsm-draw"]


def test_watch_redraws_a_saved_map(tmp_path: Path):
    src = tmp_path / "live.vsm.yaml"
    src.write_text(SMALL.format(title="Live", wait=1), encoding="utf-8")
    out = tmp_path / "out"
    build([src], out, ["dot"])
    results = []
    stop = threading.Event()
    thread = threading.Thread(target=watch, args=([src], out, ["dot"]), kwargs=dict(
        on_build=results.append, interval=0.05, stop=stop.is_set))
    thread.start()
    try:
        time.sleep(0.2)
        src.write_text(SMALL.format(title="Live", wait=6), encoding="utf-8")
        os.utime(src, ns=(time.time_ns(), time.time_ns() + 10**9))  # a coarse clock
        deadline = time.monotonic() + 10
        while not results and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        stop.set()
        thread.join(5)
    assert results and results[0].rendered == [str(src)]
    assert "6 d" in (out / "live.dot").read_text(encoding="utf-8")


def test_builds_at_once_keep_each_others_cache(tree: Path, tmp_path: Path, monkeypatch):
    import vsm_draw.build as build_module

    out = tmp_path / "out"
    team, top = tree / "maps" / "team", tree / "top.vsm.yaml"
    real_read = build_module._read_manifest

    def at_once(other_sources, other_formats):
        """The other build runs from start to end just after this one read its cache."""
        ran = []

        def read(outdir, fmt):
            data = real_read(outdir, fmt)
            if not ran:
                ran.append(True)
                build(other_sources, out, other_formats)
            return data
        return read

    monkeypatch.setattr(build_module, "_read_manifest", at_once([top], ["svg"]))
    build([team], out, ["svg"])  # the same format, other maps: merged
    monkeypatch.setattr(build_module, "_read_manifest", at_once([team, top], ["png"]))
    build([team, top], out, ["dot"])  # other formats: manifests of their own
    monkeypatch.setattr(build_module, "_read_manifest", real_read)
    again = build([team, top], out, ["svg", "dot", "png"])
    assert again.rendered == [] and len(again.up_to_date) == 2


def test_prune_removes_the_outputs_of_maps_that_are_gone(tree: Path, tmp_path: Path):
    out = tmp_path / "out"
    (out / "notes.txt").parent.mkdir(parents=True)
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    build([tree], out, ["dot", "svg"])
    build([tree], out, ["png"])
    (tree / "maps" / "team" / "support.yaml").unlink()
    result = run(str(tree), "-o", str(out), "--format", "dot", "--prune")
    assert result.exit_code == 1  # the broken map still fails, and keeps its place
    assert "0 rendered, 2 up to date, 1 failed, 3 pruned" in result.stderr
    left = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert left == [manifest_name("dot"), manifest_name("png"), manifest_name("svg"),
                    "maps/code-review-wait.dot", "maps/code-review-wait.png",
                    "maps/code-review-wait.svg", "notes.txt", "top.dot", "top.png", "top.svg"]
    assert not (out / "maps" / "team").exists()  # the folder it left empty
    assert "support" not in (out / manifest_name("png")).read_text(encoding="utf-8")
    # a missing SRC would take every output of its maps with it: nothing is pruned
    result = run(str(tree), str(tmp_path / "gone"), "-o", str(out), "--format", "dot",
                 "--prune")
    assert "nothing pruned: a SRC is missing" in result.stderr
    assert (out / "top.png").is_file()


def test_width_reaches_the_layout_and_the_cache_key(tree: Path, tmp_path: Path, monkeypatch):
    import vsm_draw.diagram as diagram

    widths = []
    real = diagram.render_diagram
    monkeypatch.setattr(diagram, "render_diagram", lambda *args, **kwargs: (
        widths.append(kwargs.get("width")), real(*args, **kwargs))[1])
    src, out = str(tree / "top.vsm.yaml"), str(tmp_path / "out")
    assert run(src, "-o", out, "-f", "dot", "--width", "900", "-j", "1").exit_code == 0
    assert run(src, "-o", out, "-f", "dot", "-j", "1").exit_code == 0  # one row: drawn again
    assert widths == [900.0, None]
    assert run(src, "-o", out, "--width", "50").exit_code == 2  # below 100 px


@pytest.mark.parametrize("css, column, expected", [
    (None, 736, 736), ("300px", 700, 300), ("50%", 700, 350), ("20em", 700, 320),
    ("12.5rem", 700, 200), ("10px", 700, 100), ("200000px", 700, 100000)])
def test_layout_width_of_a_docs_picture(css, column, expected):
    from vsm_draw.batch import LAYOUT_WIDTHS, layout_width
    from vsm_draw.cli import WIDTHS

    assert layout_width(css, column) == expected
    assert (WIDTHS.min, WIDTHS.max) == LAYOUT_WIDTHS  # docs widths are widths render takes


def test_picture_size_in_css_pixels():
    from vsm_draw.batch import picture_size

    assert picture_size(b'<?xml?>\n<svg width="300pt" height="75pt" viewBox="0 0 300 75">') == \
        (400, 100)
    assert picture_size(b'<svg width="700px" height="123px">') == (700, 123)
    png = b"\x89PNG\r\n\x1a\n" + b"\0\0\0\rIHDR" + (384).to_bytes(4, "big") + \
        (96).to_bytes(4, "big")
    assert picture_size(png) == (192, 48)  # drawn at 192 dpi: two pixels to a CSS pixel
    assert picture_size(b"%PDF-1.5") is None


def test_the_docs_style_sheet_is_written_when_it_changed_and_never_through_a_link(tmp_path: Path):
    """Sphinx and MkDocs write vsm-draw.css with one function: a rebuild leaves an unchanged
    sheet alone (its time too: a serving site does not reload for it), mends a changed one,
    and replaces a link planted under its name without touching the link's target."""
    from vsm_draw.batch import DOCS_CSS, DOCS_CSS_NAME, write_docs_css

    sheet = tmp_path / DOCS_CSS_NAME
    write_docs_css(tmp_path)
    assert sheet.read_text(encoding="utf-8") == DOCS_CSS
    os.utime(sheet, ns=(1, 1))
    write_docs_css(tmp_path)
    assert sheet.stat().st_mtime_ns == 1
    sheet.write_text("p { color: red }", encoding="utf-8")
    write_docs_css(tmp_path)
    assert sheet.read_text(encoding="utf-8") == DOCS_CSS
    target = tmp_path / "elsewhere.css"
    target.write_text(DOCS_CSS, encoding="utf-8")
    sheet.unlink()
    sheet.symlink_to(target)
    os.utime(target, ns=(1, 1))
    write_docs_css(tmp_path)
    assert not sheet.is_symlink() and sheet.read_text(encoding="utf-8") == DOCS_CSS
    assert target.stat().st_mtime_ns == 1


def test_a_symlink_in_the_outdir_is_replaced_and_its_target_untouched(tmp_path: Path):
    """An output folder may come from a checked-out repository: a link in it (to an output or
    to the manifest) must not send a picture to the file it names."""
    src, out = tmp_path / "maps", tmp_path / "out"
    src.mkdir()
    out.mkdir()
    for stem in ("a", "b"):
        shutil.copy(ROOT / "examples" / "code-review-wait.vsm.yaml", src / f"{stem}.vsm.yaml")
    victims = []
    for name in ("a.svg", manifest_name("svg")):
        victim = tmp_path / f"victim-{name}"
        victim.write_text("precious\n", encoding="utf-8")
        victim.chmod(0o4755)
        (out / name).symlink_to(victim)
        victims.append(victim)
    (out / "b.svg").symlink_to(tmp_path / "missing.svg")  # nor is a dangling link followed
    result = run(str(src), "-o", str(out), "--format", "svg")
    assert result.exit_code == 0, (result.output, result.exception)
    assert [v.read_text(encoding="utf-8") for v in victims] == ["precious\n"] * 2
    assert not (tmp_path / "missing.svg").exists()
    mask = os.umask(0o022)
    os.umask(mask)
    for name in ("a.svg", "b.svg", manifest_name("svg")):
        assert not (out / name).is_symlink() and (out / name).is_file()
        # a new file's mode, not the target's
        assert (out / name).stat().st_mode & 0o7777 == 0o666 & ~mask
    assert (out / "a.svg").read_bytes().lstrip().startswith((b"<?xml", b"<svg"))


def test_a_linked_folder_in_the_outdir_is_replaced_and_never_written_or_pruned_through(
        tmp_path: Path):
    """Only the last part of an output's path was checked: OUTDIR/sub linked to another
    folder sent sub/*.svg there, counted outputs found there as up to date, and --prune
    deleted files there."""
    src, out, elsewhere = tmp_path / "maps", tmp_path / "out", tmp_path / "elsewhere"
    (src / "sub" / "deeper").mkdir(parents=True)
    (elsewhere / "deeper").mkdir(parents=True)
    for stem in ("sub/a", "sub/deeper/b", "c"):
        shutil.copy(ROOT / "examples" / "code-review-wait.vsm.yaml", src / f"{stem}.vsm.yaml")
    result = run(str(src), "-o", str(out), "--format", "svg")  # a manifest that records sub/
    assert result.exit_code == 0, (result.output, result.exception)
    drawn = (out / "sub" / "a.svg").read_bytes()
    (elsewhere / "a.svg").write_bytes(drawn)  # what a link would have published as ours
    (elsewhere / "deeper" / "b.svg").write_text("precious\n", encoding="utf-8")
    shutil.rmtree(out / "sub")
    (out / "sub").symlink_to(elsewhere)
    result = run(str(src), "-o", str(out), "--format", "svg")
    assert result.exit_code == 0, (result.output, result.exception)
    assert "2 rendered, 1 up to date" in result.stderr  # not taken as drawn already
    assert not (out / "sub").is_symlink() and (out / "sub" / "deeper" / "b.svg").is_file()
    assert (elsewhere / "deeper" / "b.svg").read_text(encoding="utf-8") == "precious\n"
    assert sorted(p.name for p in elsewhere.rglob("*")) == ["a.svg", "b.svg", "deeper"]
    # drawn afresh (--force): written into OUTDIR, not through the link
    shutil.rmtree(out / "sub")
    (out / "sub").symlink_to(elsewhere)
    result = run(str(src), "-o", str(out), "--format", "svg", "--force")
    assert result.exit_code == 0, (result.output, result.exception)
    assert not (out / "sub").is_symlink() and (out / "sub" / "deeper" / "b.svg").is_file()
    assert (elsewhere / "deeper" / "b.svg").read_text(encoding="utf-8") == "precious\n"
    # --prune of maps that are gone removes nothing through a link either
    shutil.rmtree(out / "sub")
    (out / "sub").symlink_to(elsewhere)
    shutil.rmtree(src / "sub")
    result = run(str(src), "-o", str(out), "--format", "svg", "--prune")
    assert result.exit_code == 0, (result.output, result.exception)
    assert (elsewhere / "a.svg").read_bytes() == drawn
    assert (elsewhere / "deeper" / "b.svg").read_text(encoding="utf-8") == "precious\n"
