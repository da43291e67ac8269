"""Right-to-left and Arabic text in the pictures of a PDF: WeasyPrint draws SVG text letter
by letter, left to right and unshaped, so vsm_draw.visual hands it visual order and forms."""
from __future__ import annotations

import subprocess
import unicodedata
from pathlib import Path

from click.testing import CliRunner

from vsm_draw.cli import main
from vsm_draw.diagram import render_diagram
from vsm_draw.loader import load_file
from vsm_draw.metrics import metrics
from vsm_draw.visual import needs_visual, shape_arabic, to_visual, visual_svg_text

from .conftest import EXAMPLES
from .test_pdf import needs_poppler

RTL_MAP = """\
vsm: 1
title: "Referral path"
unit: days
steps:
  - name: "קליטת הפניה"
    owner: "מזכירות"
    wait_time: 2d
    wait_reason: "תור פקסים"
    process_time: 20m
  - name: "مراجعة طبية"
    owner: "طبيب مناوب"
    wait_time: 5d
    wait_reason: "الطبيب يراجع الإحالات"
    process_time: 30m
  - name: "Scheduling"
    wait_time: 1d
    process_time: 15m
"""


def names(text: str) -> list[str]:
    return [unicodedata.name(c) for c in text]


def test_hebrew_is_reversed_into_drawing_order():
    assert to_visual("קליטת הפניה") == "הינפה תטילק"
    assert to_visual("ביקור ראשון Ärztliche") == "Ärztliche ןושאר רוקיב"


def test_left_to_right_text_numbers_and_brackets_keep_their_order():
    assert to_visual("Referral path (2 d)") == "Referral path (2 d)"
    assert to_visual("From: שלום → To: x") == "From: םולש → To: x"
    assert to_visual("(abc) 12 שלום") == "(abc) 12 םולש"
    assert to_visual("שלום (12)") == "(12) םולש"
    assert to_visual("מרפאה 2024") == "2024 האפרמ"


def test_arabic_letters_join_and_lam_alef_is_one_glyph():
    assert names(shape_arabic("مراجعة")) == [
        "ARABIC LETTER MEEM INITIAL FORM", "ARABIC LETTER REH FINAL FORM",
        "ARABIC LETTER ALEF ISOLATED FORM", "ARABIC LETTER JEEM INITIAL FORM",
        "ARABIC LETTER AIN MEDIAL FORM", "ARABIC LETTER TEH MARBUTA FINAL FORM"]
    assert names(shape_arabic("الإحالة"))[:2] == [
        "ARABIC LETTER ALEF ISOLATED FORM",
        "ARABIC LIGATURE LAM WITH ALEF WITH HAMZA BELOW ISOLATED FORM"]
    assert names(shape_arabic("سلام"))[1] == "ARABIC LIGATURE LAM WITH ALEF FINAL FORM"
    assert names(shape_arabic("لا")) == ["ARABIC LIGATURE LAM WITH ALEF ISOLATED FORM"]
    # Only the obligatory lam-alef ligature: lam-meem stays two letters (DejaVu has no
    # glyph for the optional ligatures).
    assert len(shape_arabic("على")) == 3 and len(shape_arabic("المريض")) == 6


def test_hamza_joins_neither_letter_beside_it():
    """U+0621 HAMZA is non-joining (ArabicShaping.txt: U): the letter before it ends there.
    Taken as joining on its right, the yeh of shay' took its medial form, open towards it."""
    assert names(shape_arabic("شيء")) == [
        "ARABIC LETTER SHEEN INITIAL FORM", "ARABIC LETTER YEH FINAL FORM",
        "ARABIC LETTER HAMZA"]  # (a letter that never joins stays as it is)
    assert names(shape_arabic("بءب")) == [
        "ARABIC LETTER BEH ISOLATED FORM", "ARABIC LETTER HAMZA",
        "ARABIC LETTER BEH ISOLATED FORM"]
    # U WITH HAMZA ABOVE has no final form of its own, but joins the letter before (R)
    assert names(shape_arabic("ب\u0677"))[0] == "ARABIC LETTER BEH INITIAL FORM"


def test_arabic_visual_form_reads_back_as_the_text_reversed():
    visual = to_visual("مراجعة طبية")
    assert unicodedata.normalize("NFKC", visual)[::-1] == "مراجعة طبية"


def test_svg_runs_without_right_to_left_letters_are_untouched():
    for path in sorted(EXAMPLES.glob("*.yaml"))[:4]:
        vsm = load_file(path)
        svg = render_diagram(vsm, metrics(vsm), "svg").decode("utf-8")
        assert visual_svg_text(svg) == svg
    assert not needs_visual("Ελέγχος 予約 Ärztliche")


def test_svg_runs_are_rewritten_escaped_and_arabic_italic_drawn_upright():
    markup = ('<p>שלום</p><svg><text font-style="italic" x="1">&lt;ab&gt; שלום</text>'
              '<text font-style="italic">طبيب</text></svg>')
    out = visual_svg_text(markup)
    assert out.startswith("<p>שלום</p>")  # HTML text is laid out by WeasyPrint, right
    assert '<text font-style="italic" x="1">&lt;ab&gt; םולש</text>' in out
    assert '<text font-style="normal">' + to_visual("طبيب") + "</text>" in out


def test_the_name_after_a_key_number_is_a_run_of_its_own():
    """A chart key is `<text><tspan>2</tspan> NAME</text>`: NAME, after the tspan, was no run
    and came out reversed; the space between number and name stays between them."""
    key = '<text x="1"><tspan font-weight="bold">2</tspan> {}</text>'
    assert visual_svg_text(key.format("קליטת הפניה")) == key.format("הינפה תטילק")
    assert visual_svg_text(key.format("طبيب مناوب")) == key.format(to_visual("طبيب مناوب"))
    assert visual_svg_text(key.format("Intake &amp; triage")) == key.format("Intake &amp; triage")


def _page_text(pdf: Path, page: int) -> str:
    return subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout


def _report_pdf(tmp_path: Path, text: str) -> Path:
    """The PDF report of the map ``text``."""
    source = tmp_path / "rtl.vsm.yaml"
    source.write_text(text, encoding="utf-8")
    out = tmp_path / "rtl.pdf"
    result = CliRunner().invoke(main, ["report", str(source), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


@needs_poppler
def test_the_map_page_of_a_pdf_prints_hebrew_and_arabic_in_reading_order(tmp_path):
    out = _report_pdf(tmp_path, RTL_MAP)
    # pdftotext gives right-to-left text in logical order when its glyphs stand right to
    # left; drawn in typing order left to right, it came out reversed.
    text = unicodedata.normalize("NFKC", _page_text(out, 2))
    assert "The map" in text
    for word in ("קליטת", "מזכירות", "פקסים", "مراجعة", "طبيب", "يراجع"):
        assert word in text, word
        assert word[::-1] not in text, word
    # (pdftotext reads a lam-alef ligature back letter-swapped, whoever drew it: not tested.)


KEY_MAP = """\
vsm: 1
title: "Referral path"
steps:
  - name: "Intake"
    wait_time: 20d
    process_time: 1d
  - name: "קליטת הפניה ובדיקת מסמכים ראשונית"
    wait_time: 2h
    process_time: 20m
  - name: "مراجعة طبية من قبل الطبيب المناوب"
    wait_time: 2h
    process_time: 30m
"""


@needs_poppler
def test_right_to_left_names_in_a_chart_key_print_in_reading_order(tmp_path):
    """Steps too narrow in the time bar are numbered and named in a key under it."""
    out = _report_pdf(tmp_path, KEY_MAP)
    pages = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True,
                           check=True).stdout.split("\f")
    page = next(p for p in pages if "In flow order, to scale" in p)
    key = [unicodedata.normalize("NFKC", line) for line in page.splitlines()
           if line[:2] in ("1 ", "2 ") and needs_visual(line)]
    assert len(key) == 2, page
    # (the key's names are whole, on one line; the wait chart beside them wraps them)
    assert "קליטת הפניה ובדיקת מסמכים ראשונית" in key[0]
    assert "مراجعة طبية من قبل الطبيب المناوب" in key[1]
