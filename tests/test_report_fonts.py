"""Fonts for printouts: coverage, font runs, lazy registration, shaping workarounds, bidi text."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import unicodedata

import pytest
from pypdf import PdfReader
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import SimpleDocTemplate

from copdesk.reports import fonts, text

NAMES = {
    "arabic": "محمد عبد الله",
    "hebrew": "נועה כהן",
    "devanagari": "प्रिया शर्मा",
    "chinese": "王小明",
    "japanese": "山田 花子・ヤマダ",
    "cyrillic": "Анна Иванова",
    "greek": "Γιώργος Παπαδόπουλος",
    "vietnamese": "Nguyễn Thị Hồng Nhung",
    "latin": "María José Núñez-Öztürk",
}
EXPECTED_FACE = {
    "arabic": fonts.ARABIC,
    "hebrew": fonts.HEBREW,
    "devanagari": fonts.DEVANAGARI,
    "chinese": fonts.CJK,
    "japanese": fonts.CJK,
    "cyrillic": fonts.SANS,
    "greek": fonts.SANS,
    "vietnamese": fonts.SANS,
    "latin": fonts.SANS,
}


def letter_faces(value: str, *, bold: bool = False) -> set[str]:
    return {
        face
        for face, chunk in fonts.font_runs(value, bold=bold)
        if any(unicodedata.category(ch).startswith("L") for ch in chunk)
    }


def test_cmap_parser_agrees_with_reportlab():
    from reportlab.pdfbase.ttfonts import TTFont

    for name in (fonts.SANS, fonts.ARABIC, fonts.HEBREW, fonts.DEVANAGARI):
        face = TTFont("probe", str(fonts.font_path(name))).face
        assert fonts.coverage(name) == {cp for cp, gid in face.charToGlyph.items() if gid}


@pytest.mark.parametrize("script", sorted(NAMES))
def test_each_script_gets_its_font_and_no_glyph_is_missing(script):
    name = text.clean(NAMES[script])
    assert letter_faces(name) == {EXPECTED_FACE[script]}
    assert fonts.missing_glyphs(name) == []
    assert fonts.missing_glyphs(name, bold=True) == []
    for face, chunk in fonts.font_runs(name):
        assert all(ord(ch) in fonts.coverage(face) for ch in chunk)


def test_bold_uses_the_bold_latin_face_and_regular_faces_for_other_scripts():
    assert letter_faces("Anna Γιώργος", bold=True) == {fonts.SANS_BOLD}
    assert letter_faces(NAMES["arabic"], bold=True) == {fonts.ARABIC}


def test_runs_split_mixed_text_and_keep_punctuation_with_a_face_that_has_it():
    runs = fonts.font_runs("Ana (נועה 3), 王小明, محمد 12")
    assert "".join(chunk for _, chunk in runs) == "Ana (נועה 3), 王小明, محمد 12"
    for face, chunk in runs:
        assert all(ord(ch) in fonts.coverage(face) for ch in chunk), (face, chunk)
    # the Hebrew face has no digits nor brackets, the CJK face no comma: they come from Noto Sans
    assert (fonts.HEBREW, "נועה ") in runs
    assert (fonts.CJK, "王小明") in runs


def test_invisible_bidi_controls_are_dropped_and_babel_spaces_kept():
    runs = fonts.font_runs("\u200f6:00\u202fPM\u200e")
    assert "".join(chunk for _, chunk in runs) == "6:00\u202fPM"
    assert fonts.missing_glyphs("\u200f18:00\u202fم\u200f") == []


def test_decomposed_text_is_normalised_to_nfc():
    decomposed = unicodedata.normalize("NFD", NAMES["vietnamese"])
    assert decomposed != NAMES["vietnamese"]
    assert text.clean(decomposed) == NAMES["vietnamese"]


def test_reshaped_arabic_uses_only_glyphs_the_arabic_font_has():
    letters = "".join(chr(cp) for cp in range(0x0621, 0x064B)) + "پچژگکیۀ"
    sample = " ".join(letters[i : i + 5] for i in range(0, len(letters), 5)) + " الله لا"
    shaped = text.reshape(sample)
    assert shaped != sample
    assert any(0xFE70 <= ord(ch) <= 0xFEFF for ch in shaped)  # joined presentation forms
    assert fonts.missing_glyphs(shaped) == []


def test_visual_order_of_a_right_to_left_line():
    line = text.visual(text.reshape("واحد اثنان (3)"), "R")
    words = line.split(" ")
    # display order, left to right: "(3)" comes first, then the second word, then the first
    assert words[0] == "(3)"
    assert words[1] == text.reshape("اثنان")[::-1]
    assert words[2] == text.reshape("واحد")[::-1]
    assert text.visual("Maria Schmidt", "R") == "Maria Schmidt"


def test_right_to_left_text_is_wrapped_into_lines_in_logical_order():
    long = " ".join(["كلمة"] * 40)
    lines = text.wrap_logical(text.reshape(long), 120, 10)
    assert len(lines) > 3
    assert all(text.measure(line, 10) <= 120 for line in lines)
    para = text.paragraph(long, ParagraphStyle("t", fontName=fonts.SANS, fontSize=10), 121)
    para.wrap(121, 1000)
    assert len(para.blPara.lines) == len(lines)  # reportlab does not wrap the lines again


def test_long_cjk_text_wraps():
    long = "事例検討：長いテキストが折り返されることを確認するためのサンプル文です。" * 4
    style = ParagraphStyle("t", fontName=fonts.SANS, fontSize=10)
    para = text.paragraph(long, style, 200)
    width, height = para.wrap(200, 1000)
    assert height > 4 * style.leading
    assert para.style.wordWrap == "CJK"


def test_devanagari_is_shaped_also_next_to_right_to_left_text():
    style = ParagraphStyle("t", fontName=fonts.SANS, fontSize=10)
    assert text.paragraph(NAMES["devanagari"], style, 300).style.shaping
    assert text.paragraph("شكرا " + NAMES["devanagari"], style, 300).style.shaping
    assert not text.paragraph(NAMES["arabic"], style, 300).style.shaping


def _pdf_text(*paragraphs) -> str:
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, initialFontName=fonts.register(fonts.SANS)).build(list(paragraphs))
    return "".join(page.extract_text() for page in PdfReader(buffer).pages)


def test_a_word_spanning_two_fonts_keeps_every_glyph_when_shaped():
    # reportlab 5.1 shapes "शर्मा,王小明,Анна" in the Devanagari font alone: boxes for the rest
    style = ParagraphStyle("t", fontName=fonts.SANS, fontSize=10)
    para = text.paragraph("शर्मा,王小明,Анна Fiona office", style, 400)
    assert para.style.shaping
    extracted = _pdf_text(para)
    assert "王小明,Анна" in extracted
    assert "Fiona office" in extracted  # no "fi"/"ffi" ligature glyphs that read back as nothing


def test_shaping_workarounds_are_in_place():
    from reportlab.pdfbase.ttfonts import shapeFragWord
    from reportlab.pdfgen.textobject import PDFTextObject

    assert fonts.enable_shaping()
    assert fonts.enable_shaping()  # idempotent
    features = shapeFragWord.__defaults__[0]
    assert features.get("dlig") is False  # wrong Hebrew ligature in reportlab 5.1.0
    # reportlab 5.1.0: IndexError when a shaped string starts with a raised glyph
    obj = PDFTextObject.__new__(PDFTextObject)
    obj._code, obj._rise, obj._y = [], 0, 0
    obj.setRise(2.5)
    obj.setRise(0)
    assert obj._code[-1] == "0 Ts"


def test_right_to_left_faces_are_never_shaped():
    assert fonts.is_shapable(fonts.DEVANAGARI)
    assert not fonts.is_shapable(fonts.ARABIC)
    assert not fonts.is_shapable(fonts.HEBREW)


def test_registration_is_idempotent():
    assert fonts.register(fonts.HEBREW) == fonts.HEBREW
    assert fonts.register(fonts.HEBREW) == fonts.HEBREW
    assert fonts.is_registered(fonts.HEBREW)


def test_fonts_are_registered_lazily():
    code = """
import datetime as dt
import json
from copdesk.reports import fonts
from copdesk.reports.agenda import render_agenda
from copdesk.reports.data import AgendaDocument, AgendaLine
doc = AgendaDocument("Círculo", "es", "a4", dt.date(2026, 12, 1), dt.time(18), dt.time(19),
                     convener="Ana", items=[AgendaLine(dt.time(18), dt.time(19), "Hola", 60)])
render_agenda(doc)
print(json.dumps([n for n in fonts.all_font_names() if fonts.is_registered(n)]))
"""
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    registered = json.loads(out)
    assert fonts.SANS in registered
    assert fonts.CJK not in registered
    assert fonts.ARABIC not in registered
