"""vsm-draw's fontconfig file: one per fonts folder, well-formed whatever the folder's path."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

import vsm_draw.fonts as fonts


def _status(path: Path) -> tuple[int, int, bytes]:
    info = path.stat()
    return info.st_ino, info.st_mtime_ns, path.read_bytes()


def test_each_fonts_folder_has_a_file_of_its_own(tmp_path: Path, monkeypatch):
    """Two installs on one machine wrote one fonts.conf, each with its own fonts folder,
    for each other at every run."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    other = tmp_path / "other venv" / "fonts"
    first = fonts.fontconfig_file()
    kept = _status(first)
    monkeypatch.setattr(fonts, "FONTS_DIR", other)
    second = fonts.fontconfig_file()
    assert second != first and second.parent == first.parent
    assert _status(first) == kept  # not rewritten by the other install
    assert f"<dir>{fonts.FONTS_DIR}</dir>" not in kept[2].decode()
    assert f"<dir>{other}</dir>" in second.read_text(encoding="utf-8")
    kept_second = _status(second)
    monkeypatch.setattr(fonts, "FONTS_DIR", Path(fonts.__file__).resolve().parent)
    assert fonts.fontconfig_file() == first and _status(first) == kept
    assert _status(second) == kept_second
    assert sorted(p.name for p in first.parent.iterdir()) == sorted([first.name, second.name])


@pytest.mark.skipif(shutil.which("fc-match") is None, reason="needs fontconfig's fc-match")
def test_fontconfig_reads_the_file_without_a_word(tmp_path: Path, monkeypatch):
    """No 'ambiguous path' warning (C:\\Windows\\Fonts is a relative path here), and a fonts
    folder whose path holds '--' or '&' does not break the XML (fontconfig then fell back to
    the system's fonts, silently: Graphviz's stderr is filtered)."""
    folder = tmp_path / "my--venv & <co>" / "fonts"
    folder.mkdir(parents=True)
    for font in Path(fonts.__file__).resolve().parent.glob("*.ttf"):
        shutil.copy(font, folder)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(fonts, "FONTS_DIR", folder)
    conf = fonts.fontconfig_file()
    done = subprocess.run(["fc-match", "-f", "%{file}", "sans-serif:bold"], capture_output=True,
                          text=True, timeout=120,
                          env={**os.environ, "FONTCONFIG_FILE": str(conf)})
    assert done.returncode == 0 and done.stderr == "", done.stderr
    assert done.stdout == str(folder / "DejaVuSans-Bold.ttf")
