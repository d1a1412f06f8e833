"""User text of any script into safe reportlab Paragraphs: font runs, escaping, shaping, bidi.

The one entry point is :func:`paragraph`. What it does with a text:

* normalises it to NFC and escapes it, so that markup in user text (``<b>``, ``&``, ``<font>``,
  ``<img src=...>``) prints literally and opens nothing;
* cuts it into runs by the font that has the glyphs (:func:`copdesk.reports.fonts.font_runs`) and sets
  each run in its font with a ``<font face=...>`` run;
* left-to-right text with no Arabic, Hebrew, Chinese or Japanese in it goes to reportlab as it is;
* text with right-to-left letters in it, or any text of a right-to-left page, is laid out here: Arabic
  is reshaped into its joined forms (arabic-reshaper, vowel marks kept), the text is wrapped into
  lines in logical order by measured width, each line is put in visual order with the Unicode bidi
  algorithm (python-bidi's ``bidi.algorithm``, which mirrors brackets) and the lines go to reportlab
  one per ``<br/>``. (Reordering a whole paragraph at once would reverse the order of its lines.)
* text with Chinese or Japanese in it is wrapped here too, following the kinsoku rules
  (:data:`NO_LINE_START`, :data:`NO_LINE_END`): reportlab's own CJK wrapping lets a line start with
  "。」" or "，" and end with "「", and skips shaping;
* a paragraph with Devanagari in it is shaped with HarfBuzz (reportlab's ``shaping``, made safe by
  :func:`copdesk.reports.fonts.enable_shaping`): only the Devanagari runs are shaped, the Arabic and
  Hebrew ones are already in visual order, except that Arabic runs with vowel marks (harakat) are
  shaped to put each mark on its letter (:func:`copdesk.reports.fonts.shape_visual_rtl`).

Known limits: text extracted from the PDF shows Arabic presentation forms and shaped Devanagari
conjuncts as private-use characters, and an Arabic shadda with a vowel as one ligature character
(what prints is right); Hebrew points (niqqud) are not shaped (Noto Sans Hebrew draws them in
place unshaped, as HarfBuzz would); a "word" longer than a line (a long URL, a run of closing
punctuation) is cut wherever it must be.
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
from reportlab.platypus.paragraph import cleanBlockQuotedText
from reportlab.rl_config import _FUZZ

from copdesk.reports import fonts

_RTL_CLASSES = frozenset(("R", "AL"))
_CJK_RE = re.compile(
    "[\u1100-\u11ff\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3100-\u31ff\u3200-\u32ff"
    "\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef\U00020000-\U0003134f]"
)
_DEVANAGARI_RE = re.compile("[\u0900-\u097f\ua8e0-\ua8ff]")
# A break opportunity inside a run of non-space characters: before/after any CJK character.
_CJK_SPLIT_RE = re.compile(f"({_CJK_RE.pattern})")
# Kinsoku shori (JIS X 4051, also what Chinese typesetting follows): characters a line must not
# start with (closing brackets, hyphens, ? !, middle dots, full stops, commas, inseparable dots,
# iteration marks, the prolonged sound mark, small kana; their half-width and Latin kin) ...
NO_LINE_START = frozenset(
    ")]}»’”、。，．・：；？！‼⁇⁈⁉,.:;?!%‰°′″℃"
    "」』）】〕〉》〗〙〛〟｝］｠｣"
    "‐゠–〜～―…‥〳〴〵ヽヾゝゞ々〻ー"
    "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ"
    "｡､･ｰﾞﾟｧｨｩｪｫｬｭｮｯ"
)
# ... and must not end with (opening brackets and quotes).
NO_LINE_END = frozenset("([{«‘“「『（【〔〈《〖〘〚〝｛［｟｢")


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
    width = stringWidth(chunk, face, size)
    if fonts.places_marks(face) and fonts.needs_mark_placement(chunk) and fonts.enable_shaping():
        from reportlab.lib.abag import ABag
        from reportlab.pdfbase.ttfonts import ShapedFragWord

        # (the same shaping reportlab will do: a chunk measured here is in visual order)
        shaped = fonts.shape_visual_rtl([width, (ABag(fontName=face, fontSize=size), chunk)])
        if isinstance(shaped, ShapedFragWord):
            return shaped[0]
    return width


# -- right-to-left ----------------------------------------------------------------------------


@cache
def _reshaper():
    """An Arabic reshaper that only uses ligatures the bundled Arabic font has glyphs for."""
    import arabic_reshaper
    from arabic_reshaper.ligatures import LIGATURES
    from arabic_reshaper.reshaper_config import default_config

    have = fonts.coverage(fonts.ARABIC)
    # harakat are kept: they print on their letters (see copdesk.reports.fonts.shape_visual_rtl)
    config = {"delete_harakat": False, "support_ligatures": True}
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
    """Break opportunities: (piece, space before it). Spaces break; so does every CJK character,
    except before a character that may not start a line or after one that may not end it
    (:data:`NO_LINE_START`, :data:`NO_LINE_END`): those stay with their neighbour, so that "。」"
    never starts a line and "「" never ends one (the pair moves to the next line together)."""
    out: list[tuple[str, bool]] = []
    for match in re.finditer(r"\S+", line):
        first = True
        for piece in _CJK_SPLIT_RE.split(match.group()):
            if not piece:
                continue
            space = first and bool(out)
            first = False
            if out and (piece[0] in NO_LINE_START or out[-1][0][-1] in NO_LINE_END):
                before, its_space = out[-1]
                out[-1] = (f"{before} {piece}" if space else before + piece, its_space)
            else:
                out.append((piece, space))
    return out


def wrap_logical(line: str, width: float, size: float, *, bold: bool = False) -> list[str]:
    """Greedy line breaking of one logical line by measured width (pieces longer than a line are cut).

    Each candidate line's width is added up piece by piece and measured whole only near the limit
    (a run boundary can change a space's font), not measured whole for every piece: a
    10,000-character note in Japanese (a break opportunity at every character) wraps in 0.2 s
    instead of 1.3 s.
    """
    sure = 3 * size  # the piecewise sum is never off by this much

    def measured(text: str) -> float:
        return measure(text, size, bold=bold)

    lines: list[str] = []
    current, current_w = "", 0.0
    for piece, space in _tokens(line):
        joint = " " if current and space else ""
        candidate = current + joint + piece
        estimate = current_w + measured(joint + piece)
        if estimate < width - sure or (estimate <= width + sure and measured(candidate) <= width):
            current = candidate
            current_w = estimate if estimate < width - sure else measured(candidate)
            continue
        if current:
            lines.append(current)
        current, current_w = "", 0.0
        piece_w = measured(piece)
        if piece_w <= width:
            current, current_w = piece, piece_w
            continue
        for ch in piece:
            # (never between a letter and its combining marks)
            if (
                current
                and not unicodedata.category(ch).startswith("M")
                and measured(current + ch) > width
            ):
                lines.append(current)
                current = ""
            current += ch
        current_w = measured(current)
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

    ``width`` is the width the paragraph will be laid out in (needed to wrap right-to-left and CJK
    text here; if reportlab then offers less room, the lines are broken again for it).
    ``rtl_page`` right-aligns it. ``base_dir`` ('L'/'R') is the paragraph direction for text the
    page itself says (labels, dates); None takes it from the text (user text: a Latin name in an
    Arabic page reads left to right).
    """
    if fonts.is_bundled(style.fontName):
        fonts.register(style.fontName)  # reportlab resolves the style's font when parsing
    text = clean(text)
    align = TA_RIGHT if rtl_page else TA_LEFT
    direction = base_dir or strong_direction(text) or ("R" if rtl_page else "L")
    size = style.fontSize
    rtl_text = direction == "R" or has_rtl(text)
    cjk = has_cjk(text)
    # Wrapped here, in logical order, then each line put in display order: text with right-to-left
    # letters, and text with CJK (reportlab's CJK wrapping lets a line start with 」 or 。 and end
    # with 「, and skips shaping). Anything else reportlab lays out (and wraps) itself.
    broken_here = rtl_text or cjk
    faces: set[str] = set()

    def markup(room: float) -> str:
        lines = text.split("\n")
        if broken_here:
            # A right-to-left line is measured in logical order but printed in visual order, where
            # a space may fall in another font's run: leave a point to spare. A left-to-right line
            # prints as measured: it may fill its room (a label its column was measured for).
            fill = room - 1 if rtl_text else room + 1e-6
            lines = [
                visual(logical, direction) if rtl_text else logical
                for line in lines
                for logical in (wrap_logical(reshape(line), fill, size, bold=bold) or [""])
            ]
        parts = []
        for line in lines:
            runs = fonts.font_runs(line, bold=bold)
            fonts.register_for(runs)
            faces.update(face for face, _chunk in runs)
            parts.append(runs_markup(runs))
        return "<br/>".join(parts)

    body = markup(width)
    extra: dict = {"alignment": align}
    if fonts.DEVANAGARI in faces and fonts.enable_shaping():
        extra.update(shaping=1, fontName=fonts.DEVANAGARI)
    elif fonts.ARABIC in faces and fonts.needs_mark_placement(text) and fonts.enable_shaping():
        # (reportlab shapes only when the style's font is shapable; fonts.register marks it so)
        extra.update(shaping=1, fontName=fonts.ARABIC)
    if cjk and not rtl_text and fonts.DEVANAGARI not in faces:
        # only if a line still turns out wider than its room: reportlab may then break it between
        # any two CJK characters rather than let it run over. (Not with Devanagari: reportlab's
        # CJK wrapping measures it unshaped, and breaks lines that fit.)
        extra["wordWrap"] = "CJK"
    para_style = ParagraphStyle(f"{style.name}-x", parent=style, **extra)
    if not broken_here:
        return Paragraph(body, para_style)
    return BrokenHere(body, para_style, rebreak=markup, broken_for=width)


class BrokenHere(Paragraph):
    """A Paragraph whose lines were broken by :func:`paragraph`, one per ``<br/>``.

    When reportlab offers it less room than the lines were broken for (a frame's padding, a cell
    narrower than its caller thought), the text is broken again for that room, rather than
    reportlab breaking the lines a second time (a lone word on a line of its own; a line that
    starts with "。"). The pieces of a split paragraph are plain Paragraphs (already laid out).
    """

    def __init__(self, *args, rebreak=None, broken_for: float = 0.0, **kwargs) -> None:  # noqa: ANN001
        super().__init__(*args, **kwargs)
        self._rebreak, self._broken_for = rebreak, broken_for

    def wrap(self, availWidth, availHeight):  # noqa: N803 - reportlab's names
        room = availWidth - self.style.leftIndent - self.style.rightIndent
        if self._rebreak is not None and _FUZZ < room < self._broken_for - 0.01:
            self._setup(
                self._rebreak(room), self.style, self.bulletText, None, cleanBlockQuotedText
            )
            self._broken_for = room
        return super().wrap(availWidth, availHeight)
