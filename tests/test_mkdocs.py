"""The MkDocs plugin and the superfences fence, with real MkDocs builds (tests/data/mkdocs)."""
from __future__ import annotations

import base64
import logging
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("mkdocs")
from mkdocs.commands.build import build as mkdocs_build  # noqa: E402
from mkdocs.config import load_config  # noqa: E402

from vsm_draw.batch import picture_size  # noqa: E402
from vsm_draw.mkdocs import find_blocks  # noqa: E402

DATA = Path(__file__).resolve().parent / "data" / "mkdocs"
IMG = re.compile(r'<img class="vsm-diagram" src="([^"]+)" alt="([^"]*)"')


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(DATA, root, ignore=shutil.ignore_patterns(".cache", ".uuid"))
    return root


def build(root: Path, caplog, config: str = "mkdocs.yml") -> list[str]:
    """Build the site in this process; the warnings MkDocs logged."""
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="mkdocs"):
        mkdocs_build(load_config(str(root / config), site_dir=str(root / "site")))
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]


def build_flows(root: Path, caplog, markdown: str) -> tuple[list[str], str]:
    """Build the site with ``markdown`` as docs/team/flows.md: the warnings MkDocs logged
    and that page's HTML."""
    (root / "docs" / "team" / "flows.md").write_text(markdown, encoding="utf-8")
    warnings = build(root, caplog)
    return warnings, (root / "site" / "team" / "flows" / "index.html").read_text(encoding="utf-8")


def cache(root: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in (root / ".cache" / "vsm-draw").iterdir()}


def test_site_holds_the_diagrams_and_broken_maps_name_page_and_line(site: Path, caplog):
    warnings = build(site, caplog)

    index = (site / "site" / "index.html").read_text(encoding="utf-8")
    images = IMG.findall(index)
    assert [alt for _, alt in images] == ["Delivery value stream"]
    svg = site / "site" / images[0][0]
    assert images[0][0].startswith("assets/vsm/vsm-") and "Code review" in svg.read_text()
    assert "@media (prefers-color-scheme: dark)" in svg.read_text()  # theme auto by default
    size = picture_size(svg.read_bytes())
    # linked to the full-size picture, lazy, with its natural size; on a phone the map
    # laid out for its column (test_a_phone_gets_the_map_laid_out_for_its_column)
    assert re.search(f'<a class="vsm-full-size" href="{images[0][0]}"><picture><source [^>]*>'
                     f'<img class="vsm-diagram" src="{images[0][0]}" alt="Delivery value '
                     f'stream" width="{size[0]}" height="{size[1]}" loading="lazy"', index)
    assert "<figcaption>Current state, Q3</figcaption>" in index
    assert 'class="vsm-metrics"' in index and "16.1 d" in index
    # a table without a class of its own, which themes style as any Markdown table
    # (Material only styles `table:not([class])`: with a class its cells had no padding)
    assert '<div class="vsm-metrics"><table><caption>Metrics: ' in index
    report = re.search(r'<p class="vsm-report"><a href="([^"]+)">', index)
    assert report and (site / "site" / report[1]).is_file()
    assert "Delivery &lt;current&gt; &amp; &quot;quoted&quot;" in index
    assert "<current>" not in index
    # a vsm fence inside a longer fence is an example, not a map
    assert "```vsm\nsteps: []\n```" in index

    flows = (site / "site" / "team" / "flows" / "index.html").read_text(encoding="utf-8")
    images = IMG.findall(flows)
    assert [alt for _, alt in images] == ["Value stream map: Support"]
    assert images[0][0].startswith("../../assets/vsm/vsm-")
    assert (site / "site" / "team" / "flows" / images[0][0]).resolve().is_file()
    assert "<figcaption>Support, inline</figcaption>" in flows
    assert "wait_time: two days" in flows  # a broken block stays on the page as code

    assert warnings == [  # in page order
        "vsm: docs/team/flows.md:19:16: `wait_time` 'two days' is not a duration; write it as "
        "30s, 45m, 4h, 2d, 3w, '1d 4h', '3 days' or ISO 8601 like P3D or PT4H",
        "vsm: docs/maps/broken.vsm.yaml:7:5: unknown key `proces_time` in step 2; did you mean "
        "`process_time`? (the map of the vsm block at docs/team/flows.md:24)",
    ]


def test_second_build_draws_nothing(site: Path, caplog):
    build(site, caplog)
    before = cache(site)
    assert len(before) == 5  # two diagrams, each also for a phone, one report
    shutil.rmtree(site / "site")
    build(site, caplog)
    assert cache(site) == before
    # and the style sheet
    assert len(list((site / "site" / "assets" / "vsm").iterdir())) == 6


def test_a_symlink_in_the_cache_is_replaced_and_never_written_through(site: Path, caplog,
                                                                      tmp_path: Path):
    """The cache may come from a checked-out repository: a link there must not send a picture
    to the file it names."""
    build(site, caplog)
    svg = sorted((site / ".cache" / "vsm-draw").glob("*.svg"))[0]
    svg.unlink()
    victim = tmp_path / "victim.svg"
    svg.symlink_to(victim)
    shutil.rmtree(site / "site")
    build(site, caplog)
    assert not victim.exists()
    assert not svg.is_symlink() and "<svg" in svg.read_text(encoding="utf-8")


def test_a_link_under_a_pictures_name_is_not_published(site: Path, caplog, tmp_path: Path):
    """A picture's name is a hash of its page's text, so a checked-out cache (or site) can
    plant a link under it: it is drawn afresh, and the file the link names is not copied
    into the site."""
    build(site, caplog)
    svg = sorted((site / ".cache" / "vsm-draw").glob("*.svg"))[0]
    secret = tmp_path / "secret.svg"
    secret.write_text("<svg>PRIVATE KEY</svg>", encoding="utf-8")
    svg.unlink()
    svg.symlink_to(secret)
    shutil.rmtree(site / "site")
    build(site, caplog)
    published = [p for p in (site / "site").rglob(svg.name)]
    assert published and all("PRIVATE KEY" not in p.read_text(encoding="utf-8") for p in published)
    assert not svg.is_symlink() and secret.read_text(encoding="utf-8") == "<svg>PRIVATE KEY</svg>"

def test_serve_watches_every_map_and_old_pictures_leave_the_cache(site: Path, caplog,
                                                                  monkeypatch):
    import vsm_draw.mkdocs as plugin

    laid_out = []  # the layout width of every picture drawn
    real_render_text = plugin.render_text
    monkeypatch.setattr(plugin, "render_text", lambda text, file, formats, options: (
        laid_out.extend(options.for_format(f).width for f in formats),
        real_render_text(text, file, formats, options))[1])
    beside = site / "beside.vsm.yaml"  # next to mkdocs.yml, outside docs_dir
    beside.write_text("title: Beside\n" + UNTITLED, encoding="utf-8")
    (site / "docs" / "team" / "flows.md").write_text(
        "# Flows\n\n```vsm target=https://example.org/big width=0\nfile: beside.vsm.yaml\n```\n\n"
        "```vsm target=https://example.org/big\nfile: beside.vsm.yaml\n```\n\n"
        "```vsm one-row\nfile: beside.vsm.yaml\n```\n", encoding="utf-8")
    config = load_config(str(site / "mkdocs.yml"), site_dir=str(site / "site"))
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="mkdocs"):
        mkdocs_build(config)
    assert [r.getMessage() for r in caplog.records] == [
        "vsm: docs/team/flows.md:3:1: option `width` must be more than 0, not '0'; leave it "
        "out for the column's width"]
    page = (site / "site" / "team" / "flows" / "index.html").read_text(encoding="utf-8")
    assert '<a class="vsm-full-size" href="https://example.org/big"><img' in page
    # index.md's map, its report and phone map, then the column of MkDocs' own theme and a
    # phone's, then one row
    assert laid_out == [966, None, 358, 966, 358, None]

    class Server:
        watched: list[str] = []

        def watch(self, path: str) -> None:
            self.watched.append(path)

    config.plugins["vsm"].on_serve(Server(), config, None)
    assert Server.watched == sorted(str(p) for p in (beside.resolve(),
                                                     (site / "docs/maps/delivery.vsm.yaml")
                                                     .resolve()))
    before = cache(site)
    beside.write_text("title: Beside, later\n" + UNTITLED, encoding="utf-8")
    build(site, caplog)
    after = cache(site)
    assert len(after) == len(before) == 6 and len(set(after) - set(before)) == 3


def test_serve_watches_a_broken_map_so_mending_it_rebuilds(site: Path, caplog):
    """A map that failed to load was left out of the watch list: saving the fix under
    `mkdocs serve` changed nothing until the server was restarted."""
    broken = site / "broken.vsm.yaml"  # next to mkdocs.yml, outside docs_dir
    broken.write_text("steps:\n  - name: A\n    wait_time: soon\n", encoding="utf-8")
    latin1 = site / "latin1.vsm.yaml"
    latin1.write_bytes("steps:\n  - name: Caf\u00e9\n".encode("latin-1"))
    (site / "docs" / "team" / "flows.md").write_text(
        "# Flows\n\n```vsm\nfile: broken.vsm.yaml\n```\n\n```vsm\nfile: latin1.vsm.yaml\n```\n",
        encoding="utf-8")
    config = load_config(str(site / "mkdocs.yml"), site_dir=str(site / "site"))
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="mkdocs"):
        mkdocs_build(config)
    messages = [r.getMessage() for r in caplog.records]
    assert any(m.startswith("vsm: broken.vsm.yaml:3:16: `wait_time` 'soon'") for m in messages)
    assert any(m.startswith("vsm: latin1.vsm.yaml:") for m in messages)

    class Server:
        watched: list[str] = []

        def watch(self, path: str) -> None:
            self.watched.append(path)

    try:
        config.plugins["vsm"].on_serve(Server(), config, None)
        assert str(broken.resolve()) in Server.watched
        assert str(latin1.resolve()) in Server.watched
    finally:  # the plugin keeps the serving server module-wide: leave none to later tests
        config.plugins["vsm"].on_shutdown()


def test_lines_count_front_matter_and_options_are_checked(site: Path, caplog):
    (site / "docs" / "team" / "flows.md").write_text(
        "---\ntitle: Flows\nauthor: me\n---\n# Flows\n\n```vsm colour=red\nsteps:\n"
        "  - name: A\n```\n\n```vsm\nsteps:\n  - name: A\n    uptime: 150%\n```\n"
        "\n```vsm\nfile: maps/none.vsm.yaml\n```\n",
        encoding="utf-8")
    warnings = build(site, caplog)
    assert warnings[0].startswith("vsm: docs/team/flows.md:7:1: unknown option `colour` of a "
                                  "vsm block; use alt, caption")
    assert warnings[1].startswith("vsm: docs/team/flows.md:15:13: `uptime` 150% is outside")
    assert warnings[2].startswith("vsm: docs/team/flows.md:19:1: the map file "
                                  "'maps/none.vsm.yaml' is in none of: docs/team, docs, .")


def test_strict_build_fails_on_a_broken_map(site: Path):
    mkdocs = Path(sys.executable).with_name("mkdocs")
    # Not with -q: MkDocs then drops warnings before --strict counts them.
    result = subprocess.run([str(mkdocs), "build", "--strict"], cwd=site, capture_output=True,
                            text=True)
    assert result.returncode == 1
    assert "docs/team/flows.md:19:16" in result.stderr


def _fences_config(site: Path) -> None:
    """fences.yml: vsm as a custom fence of pymdownx.superfences, without the plugin."""
    (site / "fences.yml").write_text(
        "site_name: fences\nmarkdown_extensions:\n  - pymdownx.superfences:\n"
        "      custom_fences:\n        - name: vsm\n          class: vsm\n"
        "          format: !!python/name:vsm_draw.mkdocs.fence_format\n"
        "          validator: !!python/name:vsm_draw.mkdocs.fence_validator\n",
        encoding="utf-8")


def build_fenced_home(site: Path, caplog, monkeypatch, markdown: str) -> tuple[list[str], str]:
    """Build the site with the superfences fence and ``markdown`` as docs/index.md: the
    warnings MkDocs logged and that page's HTML."""
    _fences_config(site)
    (site / "docs" / "index.md").write_text(markdown, encoding="utf-8")
    monkeypatch.chdir(site)  # the fence finds files and its cache from where mkdocs runs
    warnings = build(site, caplog, "fences.yml")
    return warnings, (site / "site" / "index.html").read_text(encoding="utf-8")


def test_superfences_custom_fence(site: Path, caplog, monkeypatch):
    _fences_config(site)
    (site / "docs" / "team" / "flows.md").write_text(
        '# Flows\n\n```vsm caption="Inline & small" report="html"\nsteps:\n  - name: Triage\n'
        "    process_time: 1h\n```\n\n```vsm\nsteps:\n  - name: A\n    wait_time: soon\n```\n",
        encoding="utf-8")
    (site / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    monkeypatch.chdir(site)  # the fence finds files and its cache from where mkdocs runs
    warnings = build(site, caplog, "fences.yml")
    page = (site / "site" / "team" / "flows" / "index.html").read_text(encoding="utf-8")
    images = IMG.findall(page)
    assert len(images) == 1 and images[0][0].startswith("data:image/svg+xml;base64,")
    assert "Triage" in base64.b64decode(images[0][0].split(",", 1)[1]).decode("utf-8")
    assert "<figcaption>Inline &amp; small</figcaption>" in page
    assert "wait_time: soon" in page
    # at the page's lines, as the plugin's (the fence was `vsm fence:3:16`, `vsm fence`)
    assert "vsm: docs/team/flows.md:12:16: `wait_time` 'soon' is not a duration; write it " \
           "as 30s, 45m, 4h, 2d, 3w, '1d 4h', '3 days' or ISO 8601 like P3D or PT4H" in warnings
    assert "vsm: docs/team/flows.md:3:1: option `report` needs the vsm plugin (plugins: [vsm] " \
           "in mkdocs.yml); the report link is left out" in warnings
    assert "Workshop report" not in page and "vsm-full-size" not in page


def test_a_fence_with_a_bad_option_stays_a_block_of_code(site: Path, caplog, monkeypatch):
    """The validator refused it, so superfences left it to Markdown: its ``` line and map
    became a paragraph that swallowed the next fence, whose own warning was never given."""
    warnings, page = build_fenced_home(
        site, caplog, monkeypatch,
        '# Home\n\n```vsm theme="sepia"\nsteps: [{name: A}]\n```\n\n'
        "```vsm\nsteps:\n  - name: B\n    wait_time: soon\n```\n")
    # at its page and line (it was `vsm: ```vsm fence: option ...`)
    assert "vsm: docs/index.md:3:1: option `theme` must be classic or color or dark or auto, " \
           "not 'sepia'" in warnings
    assert any(w.startswith("vsm: docs/index.md:10:16: `wait_time` 'soon' is not a duration")
               for w in warnings)
    assert "```vsm" not in page
    assert '<pre class="vsm"><code>steps: [{name: A}]</code></pre>' in page
    assert '<pre class="vsm"><code>steps:\n  - name: B\n    wait_time: soon</code></pre>' in page


def test_one_row_in_a_superfences_header_is_written_one_row(site: Path, caplog, monkeypatch):
    """superfences reads a header's names as words: ```` ```vsm one-row ```` was no fence, its
    text ran into the page and swallowed the next fence (a broken map with no warning).
    ``one_row`` is the option too, in a fence's header or body, and in the plugin's."""
    warnings, page = build_fenced_home(
        site, caplog, monkeypatch,
        "# Home\n\n```vsm one_row\nsteps: [{name: A}, {name: B}, {name: C}, {name: D}]\n```\n\n"
        "```vsm\nsteps:\n  - name: B\n    wait_time: soon\n```\n")
    assert "```" not in page and len(IMG.findall(page)) == 1
    assert any(w.startswith("vsm: docs/index.md:10:16: `wait_time` 'soon' is not a duration")
               for w in warnings)
    from vsm_draw.mkdocs import fence_validator

    options: dict = {}
    assert fence_validator("vsm", {"one_row": "one_row"}, options, {}, None)
    assert options == {"one-row": True}


def test_equal_fences_are_told_apart_by_their_lines(site: Path, caplog, monkeypatch):
    """A fence is found in its page by its text: the second of two equal ones is the second
    place, and its front matter counts."""
    _fences_config(site)
    broken = "```vsm\nsteps:\n  - name: A\n    wait_time: soon\n```\n\n"
    (site / "docs" / "index.md").write_text("---\ntitle: Home\n---\n# Home\n\n" + broken * 2,
                                           encoding="utf-8")
    monkeypatch.chdir(site)
    warnings = build(site, caplog, "fences.yml")
    assert [w.split(": `")[0] for w in warnings if "soon" in w] == [
        "vsm: docs/index.md:9:16", "vsm: docs/index.md:15:16"]


def test_find_blocks():
    text = ("a\n```vsm alt=x\nsteps: 1\n```\n````md\n```vsm\nno\n```\n````\n"
            "- item\n\n    ~~~vsm\n    steps: 2\n    ~~~\n```vsm\nunclosed\n")
    assert find_blocks(text) == [(1, 4, "", "alt=x", "steps: 1\n"),
                                 (11, 14, "    ", "", "steps: 2\n")]


UNTITLED = "steps:\n  - name: Triage\n    process_time: 1h\n"


def test_untitled_maps_are_titled_by_their_file_never_by_the_page(site: Path, caplog):
    maps = site / "docs" / "maps"
    (maps / "first-team.vsm.yaml").write_text(UNTITLED, encoding="utf-8")
    (maps / "second-team.vsm.yaml").write_text(UNTITLED, encoding="utf-8")
    (site / "docs" / "index.md").write_text(f"# Home\n\n```vsm\n{UNTITLED}```\n",
                                            encoding="utf-8")
    (site / "docs" / "team" / "flows.md").write_text(
        f"# Flows\n\n```vsm\n{UNTITLED}```\n\n```vsm\nfile: maps/first-team.vsm.yaml\n```\n\n"
        "```vsm\nfile: maps/second-team.vsm.yaml\n```\n", encoding="utf-8")
    assert build(site, caplog) == []
    home = IMG.findall((site / "site" / "index.html").read_text(encoding="utf-8"))
    flows = IMG.findall((site / "site" / "team" / "flows" / "index.html")
                        .read_text(encoding="utf-8"))
    assert [alt for _, alt in home] == ["Value stream map: Value stream map"]
    assert [alt for _, alt in flows] == ["Value stream map: Value stream map",
                                         "Value stream map: First team",
                                         "Value stream map: Second team"]
    names = [Path(src).name for src, _ in flows]
    assert Path(home[0][0]).name == names[0]  # the same inline map on two pages: one picture
    assert len(set(names)) == 3  # same bytes, different file names: different titles drawn
    assert "Second team" in (site / "site" / "assets" / "vsm" / names[2]).read_text()


def test_width_becomes_valid_css_or_a_warning_at_the_block(site: Path, caplog):
    warnings, page = build_flows(
        site, caplog,
        "# Flows\n\n```vsm width=300\nfile: maps/delivery.vsm.yaml\n```\n\n"
        "```vsm\nfile: maps/delivery.vsm.yaml\nwidth: 40em\n```\n\n"
        '```vsm width="1px;background:url(https://evil.example/t.png)"\n'
        "file: maps/delivery.vsm.yaml\n```\n\n"
        "```vsm width=0.0001px\nfile: maps/delivery.vsm.yaml\n```\n")
    styles = re.findall(r'<img class="vsm-diagram"[^>]* style="([^"]*)"', page)
    assert styles == ["max-width: 100%; height: auto; width: 300px;",
                      "max-width: 100%; height: auto; width: 40em;"]
    assert ("vsm: docs/team/flows.md:16:1: option `width` must be at least 100px (6.25em), "
            "the narrowest a map is drawn at, not '0.0001px'; leave it out for the column's "
            "width") in warnings
    warnings.remove(warnings[-1])
    assert "url(https://evil" not in "".join(re.findall(r'style="[^"]*"', page))
    assert warnings == ["vsm: docs/team/flows.md:12:1: option `width` must be a number with "
                        "px, %, em or rem (300, 300px, 80%), not "
                        "'1px;background:url(https://evil.example/t.png)'"]


def test_a_target_that_would_run_script_is_a_warning_at_the_block(site: Path, caplog):
    warnings, page = build_flows(
        site, caplog,
        '# Flows\n\n```vsm target="javascript:alert(1)"\nfile: maps/delivery.vsm.yaml\n```\n\n'
        "```vsm\nfile: maps/delivery.vsm.yaml\ntarget: \" JaVa\\tScript:alert(1)\"\n```\n\n"
        "```vsm target=data:text/html,x\nfile: maps/delivery.vsm.yaml\n```\n\n"
        "```vsm target=vbscript:x\nfile: maps/delivery.vsm.yaml\n```\n\n"
        "```vsm target=https://example.org/map\nfile: maps/delivery.vsm.yaml\n```\n\n"
        "```vsm target=../other/\nfile: maps/delivery.vsm.yaml\n```\n\n"
        "```vsm target=#totals\nfile: maps/delivery.vsm.yaml\n```\n")
    assert warnings == [
        f"vsm: docs/team/flows.md:{line}:1: option `target` must be a web address (https://...), "
        f"a relative link or an anchor (#...), not a {scheme}: address, which would run in "
        "the reader's browser"
        for line, scheme in ((3, "javascript"), (7, "javascript"), (12, "data"), (16, "vbscript"))]
    assert re.findall(r'<a class="vsm-full-size" href="([^"]*)"><(?:picture|img)', page) == [
        "https://example.org/map", "../other/", "#totals"]
    assert not re.search(r'href="[^"]*(script|data):', page, re.IGNORECASE)
    assert page.count("language-yaml") == 4  # the refused blocks stay on the page as code


def test_a_target_to_a_page_of_the_docs_links_to_it_in_the_site(site: Path, caplog):
    """A MkDocs author links a page as ``examples.md``: the picture linked to that very
    name, which the built site does not hold (a broken link). A relative target naming a
    file of the docs now becomes its URL relative to the page, as MkDocs turns Markdown
    links; a page the docs lack is a warning at the block."""
    warnings, page = build_flows(
        site, caplog,
        "# Flows\n\n```vsm target=../index.md#totals\nfile: ../maps/delivery.vsm.yaml\n```\n\n"
        "```vsm\nfile: ../maps/delivery.vsm.yaml\ntarget: ../maps/delivery.vsm.yaml\n```\n\n"
        "```vsm target=missing.md\nfile: ../maps/delivery.vsm.yaml\n```\n\n"
        "```vsm target=../other/\nfile: ../maps/delivery.vsm.yaml\n```\n")
    assert warnings == ["vsm: docs/team/flows.md:12:1: `target` 'missing.md' is not a page of "
                        "the docs; the picture links to it as written"]
    assert re.findall(r'<a class="vsm-full-size" href="([^"]*)"><(?:picture|img)', page) == [
        "../../#totals", "../../maps/delivery.vsm.yaml", "missing.md", "../other/"]


def test_a_map_file_outside_the_project_is_refused(site: Path, caplog, monkeypatch):
    secret = site.parent / "outside" / "secret.vsm.yaml"  # beside the project, not in it
    secret.parent.mkdir()
    secret.write_text("title: Secret\n" + UNTITLED, encoding="utf-8")
    (site / "docs" / "escape").symlink_to(secret.parent, target_is_directory=True)
    (site / "docs" / "team" / "flows.md").write_text(
        f"# Flows\n\n```vsm\nfile: {secret}\n```\n\n```vsm\n"
        "file: ../../../outside/secret.vsm.yaml\n```\n\n"
        "```vsm\nfile: escape/secret.vsm.yaml\n```\n", encoding="utf-8")
    warnings = build(site, caplog)
    assert warnings == [
        f"vsm: docs/team/flows.md:{line}:1: the map file {name!r} is outside the documentation "
        "(docs, .); refusing to read it"
        for line, name in ((4, str(secret)), (8, "../../../outside/secret.vsm.yaml"),
                           (12, "escape/secret.vsm.yaml"))]
    page = (site / "site" / "team" / "flows" / "index.html").read_text(encoding="utf-8")
    assert "vsm-diagram" not in page and "Secret" not in page

    # The superfences fence: files stay under the folder mkdocs runs in.
    _fences_config(site)
    monkeypatch.chdir(site)
    warnings = build(site, caplog, "fences.yml")
    assert [w for w in warnings if "outside" in w] == [
        f"vsm: docs/team/flows.md:{line}:1: the map file {name!r} is outside the documentation "
        "(.); refusing to read it"
        for line, name in ((4, str(secret)), (8, "../../../outside/secret.vsm.yaml"),
                           (12, "escape/secret.vsm.yaml"))]
    page = (site / "site" / "team" / "flows" / "index.html").read_text(encoding="utf-8")
    assert "data:image" not in page


def test_a_broken_block_with_options_stays_code_and_spares_the_rest_of_the_page(site: Path,
                                                                               caplog):
    page = site / "docs" / "broken-options.md"
    page.write_text(
        "# Broken\n\n"
        '```vsm caption="broken inline" ladder=proportional\n'
        "steps:\n  - name: A\n    wait_time: soon\n```\n\n"
        "Between the blocks.\n\n"
        "```vsm\nsteps:\n  - name: Fine\n    wait_time: 2d\n```\n",
        encoding="utf-8")
    warnings = build(site, caplog)
    assert any("broken-options.md:6:16:" in w for w in warnings), warnings
    html = (site / "site" / "broken-options" / "index.html").read_text(encoding="utf-8")
    assert "<pre" in html and "wait_time: soon" in html  # shown as code
    assert "```" not in html  # no fence text leaking into paragraphs
    assert "<p>Between the blocks.</p>" in html
    assert len(IMG.findall(html)) == 1  # the good block after it is still drawn


def test_superfences_bare_flag_is_true():
    """superfences hands a bare `metrics` over as metrics="metrics", as HTML does."""
    from vsm_draw.mkdocs import fence_validator

    options: dict = {}
    assert fence_validator("vsm", {"metrics": "metrics", "ladder": "proportional"}, options,
                           {}, None)
    assert options["metrics"] is True and options["ladder"] == "proportional"


@pytest.mark.parametrize("setting, words", [
    ("column_width: -3", "from 100 to 100000"),
    ("column_width: 0", "from 100 to 100000"),
    # ../ wrote the pictures and reports outside the site, beside it on the disk
    ("assets_dir: ../../pictures", "a folder inside the site"),
    ("assets_dir: assets/../../x", "a folder inside the site"),
])
def test_a_bad_plugin_setting_is_an_error_in_mkdocs_yml(setting, words, site: Path, caplog):
    from mkdocs.exceptions import Abort

    (site / "bad.yml").write_text(
        (site / "mkdocs.yml").read_text(encoding="utf-8").replace(
            "  - vsm\n", f"  - vsm:\n      {setting}\n"), encoding="utf-8")
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="mkdocs"), pytest.raises(Abort):
        load_config(str(site / "bad.yml"), site_dir=str(site / "site"))
    said = " ".join(r.getMessage() for r in caplog.records)
    assert "Plugin 'vsm' option" in said and words in said, said


def test_serve_watches_a_map_a_page_starts_using_while_it_runs(site: Path, caplog):
    """MkDocs calls on_serve once, after the first build: a map added to a page later was
    never watched, so saving it rebuilt nothing until the server was restarted."""
    first = site / "first.vsm.yaml"
    later = site / "later.vsm.yaml"
    for path in (first, later):
        path.write_text(f"title: {path.stem}\n" + UNTITLED, encoding="utf-8")
    flows = site / "docs" / "team" / "flows.md"
    flows.write_text("# Flows\n\n```vsm\nfile: first.vsm.yaml\n```\n", encoding="utf-8")

    class Server:
        watched: list[str] = []

        def watch(self, path: str) -> None:
            self.watched.append(path)

    config = load_config(str(site / "mkdocs.yml"), site_dir=str(site / "site"))
    mkdocs_build(config)
    plugin = config.plugins["vsm"]
    plugin.on_serve(Server(), config, None)
    try:
        assert str(first.resolve()) in Server.watched
        assert str(later.resolve()) not in Server.watched
        flows.write_text(flows.read_text(encoding="utf-8") + "\n```vsm\nfile: later.vsm.yaml\n```\n",
                         encoding="utf-8")
        # serve rebuilds with a config (and a plugin) loaded afresh
        mkdocs_build(load_config(str(site / "mkdocs.yml"), site_dir=str(site / "site")))
        assert str(later.resolve()) in Server.watched
    finally:
        plugin.on_shutdown()


def test_a_map_file_is_read_only_up_to_a_bound(site: Path, caplog):
    """A `file:` was read whole, however large (build and the CLI stop at 16 MiB)."""
    (site / "big.vsm.yaml").write_bytes(b"steps:\n" + b"#" * (17 * 2**20) + b"\n")
    (site / "docs" / "team" / "flows.md").write_text("# Flows\n\n```vsm\nfile: big.vsm.yaml\n```\n",
                                                    encoding="utf-8")
    warnings = build(site, caplog)
    assert warnings == ["vsm: docs/team/flows.md:4:1: cannot read the map 'big.vsm.yaml': the "
                        "file is larger than 16 MiB; a value stream map is a few kilobytes"]


def test_a_map_file_that_is_no_regular_file_is_neither_read_nor_copied(site: Path):
    """MkDocs copies every file of docs/ into the site: from a link to /dev/zero for ever, at
    a named pipe it stopped with a traceback, and a sparse file was copied whole."""
    docs = site / "docs" / "team"
    (docs / "zero.vsm.yaml").symlink_to("/dev/zero")
    os.mkfifo(docs / "pipe.vsm.yaml")
    with open(docs / "huge.vsm.yaml", "wb") as fh:
        fh.truncate(17 * 2**20)
    (docs / "flows.md").write_text(
        "# Flows\n\n```vsm\nfile: zero.vsm.yaml\n```\n\n```vsm alt=Pipe\nfile: pipe.vsm.yaml\n```"
        "\n\n```vsm\nfile: huge.vsm.yaml\n```\n",
        encoding="utf-8")
    mkdocs = Path(sys.executable).with_name("mkdocs")
    try:
        result = subprocess.run([str(mkdocs), "build"], cwd=site, capture_output=True,
                                text=True, timeout=60)
    except subprocess.TimeoutExpired:
        pytest.fail("mkdocs build did not end (copying /dev/zero into the site)")
    assert result.returncode == 0, result.stderr
    assert [line for line in result.stderr.splitlines() if "WARNING" in line] == [
        f"WARNING -  vsm: docs/team/flows.md:{line}:1: cannot read the map {name!r}: {problem}; "
        "it is not copied into the site either"
        for line, name, problem in (
            (4, "zero.vsm.yaml", "this is not a regular file (a device, pipe or socket); a map "
                                 "is a YAML file"),
            (8, "pipe.vsm.yaml", "this is not a regular file (a device, pipe or socket); a map "
                                 "is a YAML file"),
            (12, "huge.vsm.yaml", "the file is larger than 16 MiB; a value stream map is a few "
                                  "kilobytes"))]
    assert sorted(p.name for p in (site / "site" / "team").iterdir()) == ["flows"]
    page = (site / "site" / "team" / "flows" / "index.html").read_text(encoding="utf-8")
    assert page.count("language-yaml") == 3  # each block stays on the page as code


def test_a_dirty_build_neither_copies_nor_reads_a_map_that_is_no_regular_file(site: Path):
    """`mkdocs build --dirty` reads only the pages changed since the last build: a named pipe
    (or a link to /dev/zero) that an unchanged page names was copied into the site, and the
    build stopped with a traceback (or never ended). It is one warning at the page line, as
    in a full build, and the file stays out of the site."""
    docs = site / "docs" / "team"
    (docs / "flows.md").write_text(
        "# Flows\n\n```vsm\nfile: zero.vsm.yaml\n```\n\n```vsm alt=Pipe\nfile: pipe.vsm.yaml\n```"
        "\n", encoding="utf-8")
    mkdocs = Path(sys.executable).with_name("mkdocs")

    def run(*args: str) -> subprocess.CompletedProcess:
        try:
            return subprocess.run([str(mkdocs), "build", *args], cwd=site, capture_output=True,
                                  text=True, timeout=60)
        except subprocess.TimeoutExpired:
            pytest.fail("mkdocs build did not end (copying /dev/zero into the site)")

    first = run()  # neither map is there yet
    assert first.returncode == 0, first.stderr
    (docs / "zero.vsm.yaml").symlink_to("/dev/zero")
    os.mkfifo(docs / "pipe.vsm.yaml")
    result = run("--dirty")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    warnings = [line for line in result.stderr.splitlines() if "WARNING" in line and "vsm" in line]
    assert warnings == [
        f"WARNING -  vsm: docs/team/flows.md:{line}:1: cannot read the map {name!r}: this is "
        "not a regular file (a device, pipe or socket); a map is a YAML file; it is not copied "
        "into the site either"
        for line, name in ((4, "zero.vsm.yaml"), (8, "pipe.vsm.yaml"))]
    assert sorted(p.name for p in (site / "site" / "team").iterdir()) == ["flows"]

    class Server:  # `mkdocs serve --dirty` watches them, to rebuild when they are mended
        watched: list[str] = []

        def watch(self, path: str) -> None:
            self.watched.append(path)

    config = load_config(str(site / "mkdocs.yml"), site_dir=str(site / "site"))
    mkdocs_build(config, dirty=True)
    try:
        config.plugins["vsm"].on_serve(Server(), config, None)
        assert Server.watched == [str(docs / "pipe.vsm.yaml"), str(docs / "zero.vsm.yaml")]
    finally:
        config.plugins["vsm"].on_shutdown()


def test_a_flow_from_a_party_to_itself_is_a_warning_at_the_block(site: Path, caplog,
                                                                 monkeypatch):
    """The CLI warns that such a flow is not drawn; a MkDocs build said nothing, with the
    plugin or the superfences fence."""
    (site / "docs" / "team" / "self.vsm.yaml").write_text(
        "title: Self\nsteps:\n  - name: A\ninfo_flows:\n  - {from: A, to: A}\n",
        encoding="utf-8")
    (site / "docs" / "team" / "flows.md").write_text(
        "# Flows\n\n```vsm\nfile: self.vsm.yaml\n```\n\n```vsm\nsteps:\n  - name: B\n"
        "info_flows:\n  - {from: Planning, to: Planning}\n```\n", encoding="utf-8")
    same = ("the same party, so it is not drawn; `to` names who receives the information "
            "from `from`")
    assert build(site, caplog) == [
        "vsm: docs/team/self.vsm.yaml:5:19: warning: information flow 1 goes from 'A' to 'A', "
        f"{same} (the map of the vsm block at docs/team/flows.md:3)",
        "vsm: docs/team/flows.md:11:26: warning: information flow 1 goes from 'Planning' to "
        f"'Planning', {same}"]
    page = (site / "site" / "team" / "flows" / "index.html").read_text(encoding="utf-8")
    assert page.count('<img class="vsm-diagram"') == 2  # drawn all the same

    from vsm_draw.mkdocs import fence_format

    monkeypatch.chdir(site)
    caplog.clear()
    with caplog.at_level(logging.WARNING):  # outside MkDocs: no page, the fence's own lines
        fence_format("file: docs/team/self.vsm.yaml\n", "vsm", "vsm", {}, None)
    assert [r.getMessage() for r in caplog.records] == [
        "vsm: docs/team/self.vsm.yaml:5:19: warning: information flow 1 goes from 'A' to "
        f"'A', {same} (the map of the vsm block at vsm fence:1)"]


def _view_width(svg: bytes) -> float:
    return float(re.search(rb'viewBox="[\d.]+ [\d.]+ ([\d.]+) ', svg)[1])


def test_a_phone_gets_the_map_laid_out_for_its_column(site: Path, caplog):
    """A 390 px phone showed the map laid out for the wide column at half size (data text
    about 6 px): a screen up to 600 px wide now shows the map laid out for a phone's column.
    A map that reads no larger so (one step), or in one row, has one picture."""
    from vsm_draw.batch import DOCS_CSS, PHONE_COLUMN

    warnings, page = build_flows(
        site, caplog, "# Flows\n\n```vsm\nfile: ../maps/delivery.vsm.yaml\n```\n\n"
        "```vsm\ntitle: One step\nsteps:\n  - name: Only\n    wait_time: 1d\n```\n\n"
        "```vsm one-row\nfile: ../maps/delivery.vsm.yaml\n```\n")
    assert warnings == []
    pictures = re.findall(r'<picture><source media="\(max-width: 600px\)" srcset="([^"]+)" '
                          r'width="(\d+)" height="(\d+)" /><img class="vsm-diagram" '
                          r'src="([^"]+)"', page)
    assert len(pictures) == 1 and len(IMG.findall(page)) == 3
    [(phone, width, height, wide)] = pictures
    here = site / "site" / "team" / "flows"
    data = (here / phone).read_bytes()
    assert picture_size(data) == (int(width), int(height)) and int(width) <= PHONE_COLUMN
    # another layout, narrower: its text shown larger in a phone's column
    assert _view_width(data) < _view_width((here / wide).read_bytes()) * 0.8
    # the one-step map's phone picture stays in the cache, out of the site: this page's 3
    # maps and the delivery map's phone picture, the index page's map, its phone picture
    # and report
    assert len(list((site / "site" / "assets" / "vsm").glob("vsm-*[0-9a-f].*"))) == 7
    assert len(cache(site)) == 8
    # the metrics table's style sheet, linked from every page
    assert (site / "site" / "assets" / "vsm" / "vsm-draw.css").read_text() == DOCS_CSS
    assert 'href="../../assets/vsm/vsm-draw.css"' in page
