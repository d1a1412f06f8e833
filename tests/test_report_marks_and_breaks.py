"""Arabic vowel marks print on their letters; Chinese and Japanese lines follow the kinsoku rules."""

from __future__ import annotations

import io

import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageChops, ImageOps
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import SimpleDocTemplate

from copdesk.reports import fonts, text
from copdesk.reports.agenda import render_agenda
from copdesk.reports.layout import STYLES
from tests.test_report_agenda import make_doc, page_texts

VOCALISED = "مُحَمَّد"  # Muhammad with damma, fatha, shadda + fatha
HARAKAT = {chr(cp) for cp in range(0x064B, 0x0653)} | {chr(cp) for cp in range(0xFC5E, 0xFC64)}


# -- harakat ------------------------------------------------------------------------------------


def test_harakat_are_kept_and_printed() -> None:
    assert set(text.reshape(VOCALISED)) & HARAKAT
    pdf = render_agenda(make_doc("ar", convener=VOCALISED, topic=f"{VOCALISED} فَاطِمَة"))
    printed = "".join(page_texts(pdf))
    assert "\u064f" in printed  # damma
    assert "\u064e" in printed or "\ufc60" in printed  # fatha (or shadda with fatha)


def test_a_paragraph_with_harakat_is_shaped_only_to_place_them() -> None:
    style = ParagraphStyle("t", fontName=fonts.SANS, fontSize=10)
    assert text.paragraph(VOCALISED, style, 300).style.shaping
    assert not text.paragraph("محمد", style, 300).style.shaping
    assert not fonts.is_shapable(fonts.ARABIC)


def test_vocalised_text_is_measured_as_printed() -> None:
    long = " ".join([VOCALISED, "فَاطِمَة", "عَلِيّ"] * 15)
    lines = text.wrap_logical(text.reshape(long), 120, 10)
    assert len(lines) > 3 and all(text.measure(line, 10) <= 120 for line in lines)
    para = text.paragraph(long, ParagraphStyle("t", fontName=fonts.SANS, fontSize=10), 121)
    para.wrap(121, 1000)
    assert len(para.blPara.lines) == len(lines)  # reportlab does not wrap the lines again


def _render(value: str) -> Image.Image:
    buffer = io.BytesIO()
    SimpleDocTemplate(
        buffer, pagesize=(200, 90), leftMargin=10, rightMargin=10, topMargin=10, bottomMargin=10
    ).build([text.paragraph(value, STYLES["title"], 168, rtl_page=True)])
    pdf = pdfium.PdfDocument(buffer.getvalue())
    try:
        return pdf[0].render(scale=4).to_pil().convert("L")
    finally:
        pdf.close()


def _ink(image: Image.Image) -> tuple[int, int, int, int]:
    box = ImageOps.invert(image).point(lambda v: 255 if v > 100 else 0).getbbox()
    assert box is not None
    return box


def _mark_ink(letter: str, marks: str) -> tuple[tuple[int, int, int, int], tuple[int, ...]]:
    """The ink of ``letter`` alone and of what ``marks`` add to it, on the rendered page."""
    plain, marked = _render(letter), _render(letter + marks)
    added = ImageChops.difference(plain, marked).point(lambda v: 255 if v > 100 else 0)
    box = added.getbbox()
    assert box is not None, "the marks printed nothing"
    return _ink(plain), box


@pytest.mark.parametrize("letter", ["س", "ب", "ك", "م"])
@pytest.mark.parametrize("mark", ["\u064e", "\u0650", "\u064f"])  # fatha, kasra, damma
def test_a_mark_sits_over_or_under_its_own_letter(letter: str, mark: str) -> None:
    # Unshaped, Noto's zero-width marks sit at the left end of their letter (about 0.4 of a
    # wide seen to the left of its middle): HarfBuzz's anchors put them in the middle.
    base, added = _mark_ink(letter, mark)
    middle = (base[0] + base[2]) / 2
    assert abs((added[0] + added[2]) / 2 - middle) < 0.25 * (base[2] - base[0])
    height = base[3] - base[1]
    if mark == "\u0650":
        assert added[1] > base[1] + height / 2  # kasra under the letter
    else:
        assert added[3] < base[1] + height / 2  # fatha and damma above it


def test_shadda_and_a_vowel_are_stacked_not_overlaid() -> None:
    _base, shadda = _mark_ink("م", "\u0651")
    _base, both = _mark_ink("م", "\u064e\u0651")
    # the fatha goes above the shadda (one taller mark); unshaped they overlap at one height
    assert (both[3] - both[1]) > 1.3 * (shadda[3] - shadda[1])


# -- kinsoku -------------------------------------------------------------------------------------

JAPANESE = (
    "「地域の実践者」が集まり、お互いに学び合う。毎週、ランダムなペアで十分間話し、その後メンバーの"
    "一人が発表します！「次は何を？」と、みんなで決めましょう。ちょっとした工夫（たとえば名札）で、"
    "会話がぐっと弾みます。ヴィッキーさんの「ミーティング」は、いつも楽しいですね…"
)


def _kinsoku_problems(lines: list[str]) -> list[str]:
    return [
        line
        for line in (x.strip() for x in lines)
        if line and (line[0] in text.NO_LINE_START or line[-1] in text.NO_LINE_END)
    ]


def test_tokens_keep_closing_punctuation_and_small_kana_with_what_comes_before() -> None:
    pieces = [piece for piece, _space in text._tokens("「次は何を？」と言った。")]
    assert pieces == ["「次", "は", "何", "を？」", "と", "言っ", "た。"]
    assert [piece for piece, _space in text._tokens("Ana (東京) です")] == [
        "Ana",
        "(東",
        "京)",
        "で",
        "す",
    ]


@pytest.mark.parametrize("mixed", [False, True], ids=["japanese", "arabic-and-japanese"])
def test_wrapped_lines_follow_kinsoku_at_every_width(mixed: bool) -> None:
    value = f"ملاحظة: {JAPANESE}" if mixed else JAPANESE
    for width in range(40, 400, 7):
        lines = text.wrap_logical(text.reshape(value), width, 10.5)
        assert len(lines) > 1
        assert "".join(lines).replace(" ", "") == text.reshape(value).replace(" ", "")
        assert _kinsoku_problems(lines) == [], width


@pytest.mark.parametrize("locale", ["ja", "ar"])
def test_a_long_japanese_topic_and_purpose_follow_kinsoku_in_the_pdf(locale: str) -> None:
    problems = []
    for extra in range(0, 24, 3):  # shift the text so that breaks fall on different characters
        doc = make_doc(
            locale, topic="あ" * extra + JAPANESE, session_purpose="い" * (extra // 2) + JAPANESE
        )
        pages = page_texts(render_agenda(doc))
        lines = [line for page in pages for line in page.split("\n")]
        assert any("ランダムなペア" in line or "ランダムなペ" in line for line in lines)
        problems += _kinsoku_problems(lines)
    assert problems == [], "\n".join(problems)


def test_a_long_japanese_note_wraps_quickly() -> None:
    import time

    text.wrap_logical(JAPANESE, 480, 10.5)  # (fonts registered)
    long = JAPANESE * 60  # about 8,000 characters, a break opportunity at each: 0.2 s here
    start = time.perf_counter()
    lines = text.wrap_logical(long, 480, 10.5)
    assert len(lines) > 100
    assert time.perf_counter() - start < 2.0
