"""User text of any script into safe reportlab Paragraphs: font runs, escaping, shaping, bidi.

The one entry point is :func:`paragraph`. What it does with a text:

* normalises it to NFC and escapes it, so that markup in user text (``<b>``, ``&``, ``<font>``,
  ``<img src=...>``) prints literally and opens nothing;
* cuts it into runs by the font that has the glyphs (:func:`copdesk.reports.fonts.font_runs`) and sets
  each run in its font with a ``<font face=...>`` run;
* left-to-right text with no Arabic or Hebrew in it goes to reportlab as it is (``wordWrap='CJK'``
  for a paragraph with Chinese/Japanese);
* text with right-to-left letters in it, or any text of a right-to-left page, is laid out here: Arabic
  is reshaped into its joined forms (arabic-reshaper), the text is wrapped into lines in logical order
  by measured width, each line is put in visual order with the Unicode bidi algorithm (python-bidi's
  ``bidi.algorithm``, which mirrors brackets) and the lines go to reportlab one per ``<br/>``.
  (Reordering a whole paragraph at once would reverse the order of its lines.) Text with both CJK
  and Devanagari is wrapped here too: reportlab's CJK wrapping skips shaping;
* a paragraph with Devanagari in it is shaped with HarfBuzz (reportlab's ``shaping``, made safe by
  :func:`copdesk.reports.fonts.enable_shaping`): only the Devanagari runs are shaped, the Arabic and
  Hebrew ones are already in visual order.

Known limits: Arabic harakat (vowel marks) are dropped by the reshaper (unvocalised text, as names
are normally written); text extracted from the PDF shows Arabic presentation forms and shaped
Devanagari conjuncts as private-use characters (what prints is right).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph

from copdesk.reports import fonts

_RTL_CLASSES = frozenset(("R", "AL"))
_CJK_RE = re.compile(
    "[\u1100-\u11ff\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3100-\u31ff\u3200-\u32ff"
    "\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef\U00020000-\U0003134f]"
)
_DEVANAGARI_RE = re.compile("[\u0900-\u097f\ua8e0-\ua8ff]")
# A break opportunity inside a run of non-space characters: before/after any CJK character.
_CJK_SPLIT_RE = re.compile(f"({_CJK_RE.pattern})")


def clean(text: str) -> str:
    """NFC, tabs and odd line ends made plain, trailing blanks removed; code points this Python's
    Unicode data does not know (unassigned, or newer than it) become U+FFFD: no font here has a
    glyph for them and the bidi algorithm cannot order a character without a bidi class."""
    text = unicodedata.normalize("NFC", text or "")
    if not text.isascii():
        text = "".join("\ufffd" if unicodedata.category(ch) == "Cn" else ch for ch in text)
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ").strip()


def strong_direction(text: str) -> str | None:
    """'R' or 'L' after the first strong character (Unicode bidi rule P2), None if there is none."""
    for ch in text:
        cls = unicodedata.bidirectional(ch)
        if cls in _RTL_CLASSES:
            return "R"
        if cls == "L":
            return "L"
    return None


def has_rtl(text: str) -> bool:
    return any(unicodedata.bidirectional(ch) in _RTL_CLASSES for ch in text)


def has_cjk(text: str) -> bool:
    return _CJK_RE.search(text) is not None


def has_devanagari(text: str) -> bool:
    return _DEVANAGARI_RE.search(text) is not None


def runs_markup(runs: list[tuple[str, str]]) -> str:
    """Escaped ``<font face=...>`` markup for font runs (the only way user text enters markup)."""
    return "".join(f'<font face="{face}">{escape(chunk)}</font>' for face, chunk in runs)


def measure(text: str, size: float, *, bold: bool = False) -> float:
    """Printed width of ``text`` at ``size`` points, in the fonts it will be set in (shaped widths
    for Devanagari, as reportlab will set it)."""
    runs = fonts.font_runs(text, bold=bold)
    fonts.register_for(runs)
    return sum(_run_width(face, chunk, size) for face, chunk in runs)


def _run_width(face: str, chunk: str, size: float) -> float:
    if face == fonts.DEVANAGARI and fonts.enable_shaping():
        from reportlab.pdfbase.ttfonts import ShapedStr, shapeStr

        shaped = shapeStr(chunk, face, size)
        if isinstance(shaped, ShapedStr):
            return sum(sd.x_advance for sd in shaped.__shapeData__) * size / 1000
    return stringWidth(chunk, face, size)


# -- right-to-left ----------------------------------------------------------------------------


@cache
def _reshaper():
    """An Arabic reshaper that only uses ligatures the bundled Arabic font has glyphs for."""
    import arabic_reshaper
    from arabic_reshaper.ligatures import LIGATURES
    from arabic_reshaper.reshaper_config import default_config

    have = fonts.coverage(fonts.ARABIC)
    config = {"delete_harakat": True, "support_ligatures": True}
    for key, (_match, forms) in LIGATURES:
        # the reshaper's own choice (lam-alef and a few more), where the font has the glyphs
        config[key] = bool(default_config.get(key)) and all(
            ord(ch) in have for form in forms for ch in form
        )
    return arabic_reshaper.ArabicReshaper(configuration=config)


def reshape(text: str) -> str:
    """Arabic letters in their joined presentation forms (no-op for text without Arabic)."""
    if not any(unicodedata.bidirectional(ch) == "AL" for ch in text):
        return text
    return _reshaper().reshape(text)


def _tokens(line: str) -> list[tuple[str, bool]]:
    """Break opportunities: (piece, space before it). Spaces break; so does every CJK character."""
    out: list[tuple[str, bool]] = []
    for match in re.finditer(r"\S+", line):
        first = True
        for piece in _CJK_SPLIT_RE.split(match.group()):
            if piece:
                out.append((piece, first and bool(out)))
                first = False
    return out


def wrap_logical(line: str, width: float, size: float, *, bold: bool = False) -> list[str]:
    """Greedy line breaking of one logical line by measured width (pieces longer than a line are cut)."""

    def fits(candidate: str) -> bool:
        return measure(candidate, size, bold=bold) <= width

    lines: list[str] = []
    current = ""
    for piece, space in _tokens(line):
        candidate = f"{current} {piece}" if current and space else current + piece
        if fits(candidate):
            current = candidate
            continue
        if current:
            lines.append(current)
        current = ""
        if fits(piece):
            current = piece
            continue
        for ch in piece:
            if current and not fits(current + ch):
                lines.append(current)
                current = ""
            current += ch
    if current:
        lines.append(current)
    return lines


def visual(line: str, base_dir: str) -> str:
    """One line in display order (bidi algorithm, mirrored brackets), controls removed."""
    from bidi.algorithm import get_display

    shown = get_display(line, base_dir=base_dir)
    return "".join(ch for ch in shown if ch not in fonts.BIDI_CONTROLS)


# -- paragraphs -------------------------------------------------------------------------------


def paragraph(
    text: str,
    style: ParagraphStyle,
    width: float,
    *,
    rtl_page: bool = False,
    base_dir: str | None = None,
    bold: bool = False,
) -> Paragraph:
    """A Paragraph printing ``text`` literally, in real glyphs, in reading order.

    ``width`` is the width the paragraph will be laid out in (needed to wrap right-to-left text
    here). ``rtl_page`` right-aligns it. ``base_dir`` ('L'/'R') is the paragraph direction for text
    the page itself says (labels, dates); None takes it from the text (user text: a Latin name in an
    Arabic page reads left to right).
    """
    if fonts.is_bundled(style.fontName):
        fonts.register(style.fontName)  # reportlab resolves the style's font when parsing
    text = clean(text)
    align = TA_RIGHT if rtl_page else TA_LEFT
    direction = base_dir or strong_direction(text) or ("R" if rtl_page else "L")
    size = style.fontSize

    lines = text.split("\n")
    parts: list[str] = []
    faces: set[str] = set()
    rtl_text = direction == "R" or has_rtl(text)
    if not rtl_text and not (has_cjk(text) and has_devanagari(text)):
        # reportlab lays it out (and wraps it) itself
        visual_lines = lines
    else:
        # wrapped here, in logical order, then each line put in display order. (Also text with
        # both CJK and Devanagari: reportlab's CJK wrapping would skip shaping.)
        visual_lines = [
            visual(logical, direction) if rtl_text else logical
            for line in lines
            for logical in (wrap_logical(reshape(line), width - 1, size, bold=bold) or [""])
        ]
    for line in visual_lines:
        runs = fonts.font_runs(line, bold=bold)
        fonts.register_for(runs)
        faces.update(face for face, _chunk in runs)
        parts.append(runs_markup(runs))
    extra: dict = {"alignment": align}
    if fonts.DEVANAGARI in faces and fonts.enable_shaping():
        extra.update(shaping=1, fontName=fonts.DEVANAGARI)
    if has_cjk(text) and visual_lines is lines:
        extra["wordWrap"] = "CJK"
    return Paragraph("<br/>".join(parts), ParagraphStyle(f"{style.name}-x", parent=style, **extra))
