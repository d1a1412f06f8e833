"""The TrueType fonts printouts embed, which font has the glyphs for which text, and lazy registration.

Every printout sets all its text in the fonts bundled in ``resources/fonts`` and embeds subsets of
them: never reportlab's base-14 Helvetica/Times (no glyphs outside Latin-1) nor its CID fonts (not
embedded). No single file covers every script, so text is cut into *runs*, each set in the first
font (in :data:`FACES` order) that has its glyphs; see :func:`font_runs`.

Coverage is read from each file's ``cmap`` table by a small parser here, so deciding which fonts a
document needs costs nothing in reportlab: only those fonts are registered (registering
DroidSansFallbackFull alone takes ~50–150 ms). Registration is idempotent and thread-safe.

Defects of reportlab 5.1's HarfBuzz shaping are worked around in :func:`enable_shaping`.
"""

from __future__ import annotations

import struct
import threading
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from copdesk.resources import fonts_dir


@dataclass(frozen=True)
class Face:
    name: str  # the name reportlab knows it by (``<font face=...>``)
    filename: str
    # Set with HarfBuzz: only scripts that need it to print right. Not the right-to-left faces:
    # HarfBuzz would reverse text that copdesk has already put in visual order.
    shapable: bool = False
    # A right-to-left face whose runs (already in visual order) are shaped only when they hold
    # combining marks, to place each mark on its letter: see :func:`shape_visual_rtl`.
    places_marks: bool = False


SANS = "copdesk-NotoSans"
SANS_BOLD = "copdesk-NotoSans-Bold"
ARABIC = "copdesk-NotoSansArabic"
HEBREW = "copdesk-NotoSansHebrew"
DEVANAGARI = "copdesk-NotoSansDevanagari"
CJK = "copdesk-DroidSansFallback"

_FACES = {
    SANS: Face(SANS, "NotoSans-Regular.ttf"),
    SANS_BOLD: Face(SANS_BOLD, "NotoSans-Bold.ttf"),
    ARABIC: Face(ARABIC, "NotoSansArabic-Regular.ttf", places_marks=True),
    HEBREW: Face(HEBREW, "NotoSansHebrew-Regular.ttf"),
    DEVANAGARI: Face(DEVANAGARI, "NotoSansDevanagari-Regular.ttf", shapable=True),
    CJK: Face(CJK, "DroidSansFallbackFull.ttf"),
}

#: Fallback order: a character goes to the first of these that has a glyph for it.
FACES: tuple[str, ...] = (SANS, ARABIC, HEBREW, DEVANAGARI, CJK)
#: The same with the bold Latin/Greek/Cyrillic face first (the other scripts have no bold file).
BOLD_FACES: tuple[str, ...] = (SANS_BOLD, ARABIC, HEBREW, DEVANAGARI, CJK)

# Invisible bidi controls: they steer ordering (done before layout) and print nothing.
BIDI_CONTROLS = frozenset(
    "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)


def font_path(name: str) -> Path:
    """The file behind a face name (also what the window registers with Qt)."""
    return fonts_dir() / _FACES[name].filename


def all_font_names() -> list[str]:
    return list(_FACES)


def all_font_paths() -> list[Path]:
    return [font_path(name) for name in _FACES]


# -- coverage ---------------------------------------------------------------------------------


def _read_cmap(data: bytes) -> frozenset[int]:
    """Code points that map to a real glyph (not .notdef) in a TrueType file's cmap."""
    (num_tables,) = struct.unpack_from(">H", data, 4)
    cmap_at = None
    for i in range(num_tables):
        tag, _checksum, offset, _length = struct.unpack_from(">4sIII", data, 12 + 16 * i)
        if tag == b"cmap":
            cmap_at = offset
            break
    if cmap_at is None:
        raise ValueError("font has no cmap table")
    (n_sub,) = struct.unpack_from(">H", data, cmap_at + 2)
    subtables: dict[tuple[int, int], int] = {}
    for i in range(n_sub):
        platform, encoding, offset = struct.unpack_from(">HHI", data, cmap_at + 4 + 8 * i)
        subtables[(platform, encoding)] = cmap_at + offset
    for key in ((3, 10), (0, 6), (0, 4), (3, 1), (0, 3), (0, 2), (0, 1), (0, 0)):
        at = subtables.get(key)
        if at is None:
            continue
        (fmt,) = struct.unpack_from(">H", data, at)
        if fmt == 12:
            return _cmap_format12(data, at)
        if fmt == 4:
            return _cmap_format4(data, at)
    raise ValueError("font has no Unicode cmap of format 4 or 12")


def _cmap_format12(data: bytes, at: int) -> frozenset[int]:
    (n_groups,) = struct.unpack_from(">I", data, at + 12)
    found: set[int] = set()
    for i in range(n_groups):
        start, end, glyph = struct.unpack_from(">III", data, at + 16 + 12 * i)
        if glyph == 0:
            start += 1  # the first code point of the group maps to .notdef
        found.update(range(start, end + 1))
    return frozenset(found)


def _cmap_format4(data: bytes, at: int) -> frozenset[int]:
    (seg_x2,) = struct.unpack_from(">H", data, at + 6)
    n = seg_x2 // 2
    ends = struct.unpack_from(f">{n}H", data, at + 14)
    starts = struct.unpack_from(f">{n}H", data, at + 16 + seg_x2)
    deltas = struct.unpack_from(f">{n}h", data, at + 16 + 2 * seg_x2)
    ro_at = at + 16 + 3 * seg_x2
    range_offsets = struct.unpack_from(f">{n}H", data, ro_at)
    found: set[int] = set()
    for i in range(n):
        start, end, delta, ro = starts[i], ends[i], deltas[i], range_offsets[i]
        if start == 0xFFFF:
            continue
        if ro == 0:
            found.update(c for c in range(start, end + 1) if (c + delta) & 0xFFFF)
        else:
            for c in range(start, end + 1):
                (glyph,) = struct.unpack_from(">H", data, ro_at + 2 * i + ro + 2 * (c - start))
                if glyph and (glyph + delta) & 0xFFFF:
                    found.add(c)
    return frozenset(found)


@cache
def coverage(name: str) -> frozenset[int]:
    """The code points the named face has glyphs for (parsed once, without registering it)."""
    return _read_cmap(font_path(name).read_bytes())


def covers(name: str, ch: str) -> bool:
    return ord(ch) in coverage(name)


def face_for(ch: str, *, bold: bool = False) -> str | None:
    """The first face (in fallback order) with a glyph for ``ch``; None if no bundled font has one."""
    cp = ord(ch)
    for name in BOLD_FACES if bold else FACES:
        if cp in coverage(name):
            return name
    return None


def _sticks(ch: str) -> bool:
    """Not a letter: spaces, digits, punctuation and marks stay in the run they are in if they can."""
    return not unicodedata.category(ch).startswith("L")


def font_runs(text: str, *, bold: bool = False) -> list[tuple[str, str]]:
    """Cut ``text`` into ``(face name, chunk)`` runs, each chunk wholly covered by its face.

    Letters go to the first face in fallback order that has them; spaces, digits, punctuation and
    combining marks stay with the run before them when its face has them (fewer font switches, marks
    stay on their base). Invisible bidi/format controls that the run's face lacks are dropped. A
    character no bundled font covers goes to the main face (it is what :func:`missing_glyphs`
    reports); it would print as .notdef.
    """
    order = BOLD_FACES if bold else FACES
    main = order[0]
    runs: list[tuple[str, list[str]]] = []
    current: str | None = None
    for ch in text:
        if ch in BIDI_CONTROLS:
            continue
        cp = ord(ch)
        if current is not None and cp in coverage(current) and _sticks(ch):
            runs[-1][1].append(ch)
            continue
        if unicodedata.category(ch) == "Cf":
            face = face_for(ch, bold=bold)
            if face is None:
                continue  # an invisible format character no font draws: nothing is lost
        else:
            face = face_for(ch, bold=bold) or main
        if face != current:
            runs.append((face, []))
            current = face
        runs[-1][1].append(ch)
    return [(face, "".join(chars)) for face, chars in runs]


def missing_glyphs(text: str, *, bold: bool = False) -> list[str]:
    """Characters of ``text`` that would print without a glyph (box) after :func:`font_runs`."""
    missing = []
    for face, chunk in font_runs(text, bold=bold):
        missing.extend(ch for ch in chunk if ord(ch) not in coverage(face))
    return missing


# -- registration -----------------------------------------------------------------------------

_lock = threading.Lock()
_registered: set[str] = set()


def register(name: str) -> str:
    """Register one bundled face with reportlab (once per process); returns its name."""
    if name in _registered:
        return name
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    face = _FACES[name]
    with _lock:
        # (not pdfmetrics.getFont: for an unknown name it searches the disk for AFM files, ~0.2 s)
        if name not in pdfmetrics.getRegisteredFontNames():
            # (reportlab shapes a paragraph only when its style's font is "shapable"; which runs
            # are shaped, and how, is decided by copdesk: see enable_shaping)
            font = TTFont(name, str(font_path(name)), shapable=face.shapable or face.places_marks)
            pdfmetrics.registerFont(font)
            # each face is its own family: <b>/<i> never reach user text (it is escaped)
            pdfmetrics.registerFontFamily(
                name, normal=name, bold=name, italic=name, boldItalic=name
            )
        _registered.add(name)
    return name


def register_for(runs: list[tuple[str, str]]) -> None:
    for name in {face for face, _chunk in runs}:
        register(name)


def is_registered(name: str) -> bool:
    from reportlab.pdfbase import pdfmetrics

    return name in pdfmetrics.getRegisteredFontNames()


def is_bundled(name: str) -> bool:
    return name in _FACES


def is_shapable(name: str) -> bool:
    return _FACES[name].shapable


def places_marks(name: str) -> bool:
    face = _FACES.get(name)
    return face is not None and face.places_marks


def needs_mark_placement(text: str) -> bool:
    """True if right-to-left ``text`` has combining marks (Arabic harakat) to place on letters."""
    return any(unicodedata.category(ch) == "Mn" for ch in text) and any(
        unicodedata.bidirectional(ch) == "AL" for ch in text
    )


def shape_visual_rtl(word: list) -> list:
    """Shape a run of a right-to-left face that is already in visual order, so that HarfBuzz puts
    each combining mark on its letter (the font's mark anchors and its shadda + vowel ligatures).

    Drawn unshaped, the zero-width marks of Noto Sans Arabic sit at the left end of their letter
    (a fatha over the left of a wide seen; over a feh it reads as a qaf) and two marks on one letter
    overlap. ``word`` is a reportlab frag word ``[width, (frag, text), ...]`` in one face. HarfBuzz
    gets it reversed, that is in logical order (each mark after its letter), and lays a right-to-left
    run out in visual order: the glyphs come back in the order copdesk put them in, with the marks'
    offsets. Returns a reportlab ``ShapedFragWord`` (its ``[0]`` is the shaped width), or ``word``
    itself if HarfBuzz changed nothing.
    """
    from reportlab.pdfbase import ttfonts

    logical = [word[0], *((frag, text[::-1]) for frag, text in reversed(word[1:]))]
    shaped = ttfonts.shapeFragWord(logical)
    return shaped if isinstance(shaped, ttfonts.ShapedFragWord) else word


# -- reportlab 5.1 shaping workarounds --------------------------------------------------------

_shaping_ready = False


def enable_shaping() -> bool:
    """Make reportlab's HarfBuzz shaping safe to use; False when uharfbuzz is not installed.

    Two defects of reportlab 5.1.0 are patched (once, process-wide):

    * ``shapeFragWord`` switches on the ``dlig`` feature by default (a wrong ligature in Hebrew) and
      ``liga`` (Latin "fi" becomes a private-use glyph that text extraction cannot read back).
      Devanagari conjuncts come from the script's required features, not from these.
    * ``PDFTextObject.setRise`` reads ``self._code[-1]`` of a list that is empty when a shaped
      string's first glyph has a vertical offset (an ``IndexError``, "intermittent" because it
      depends on whether a font switch was written first).

    And one change of behaviour: reportlab shapes every word of a shaping paragraph, and a word
    whose letters span two fonts (``शर्मा,`` with the comma from Noto Sans, ``王小明,``) in the first
    font only, so glyphs the first font lacks print as boxes. Here each same-font part of a word is
    shaped on its own, and only in the faces registered ``shapable`` (Devanagari); Arabic parts
    with combining marks are shaped by :func:`shape_visual_rtl`; the others are left as they are
    (Arabic and Hebrew are already in visual order, HarfBuzz would reverse them).
    """
    global _shaping_ready
    with _lock:
        if _shaping_ready:
            return True
        try:
            import uharfbuzz  # noqa: F401
        except ImportError:
            return False
        from reportlab.pdfbase import pdfmetrics, ttfonts
        from reportlab.pdfgen import textobject
        from reportlab.platypus import paragraph

        features = {"kern": True, "liga": False, "dlig": False}
        ttfonts.shapeFragWord.__defaults__ = (features, False)
        shape_word = ttfonts.shapeFragWord

        def shape_by_font(word, *args, **kwargs):
            if isinstance(word, ttfonts.ShapedFragWord) or len(word) < 2:
                return word
            frags = word[1:]
            if any(hasattr(frag, "cbDefn") for frag, _text in frags):
                return word  # images/anchors inside a word: not in copdesk's paragraphs
            groups: list[list] = []
            for frag, text in frags:
                if groups and groups[-1][0][0].fontName == frag.fontName:
                    groups[-1].append((frag, text))
                else:
                    groups.append([(frag, text)])
            total = 0.0
            parts: list = []
            changed = False
            for group in groups:
                name = group[0][0].fontName
                width = sum(
                    pdfmetrics.stringWidth(text, frag.fontName, frag.fontSize)
                    for frag, text in group
                )
                shaped = None
                if is_bundled(name) and is_shapable(name):
                    shaped = shape_word([width, *group], *args, **kwargs)
                elif places_marks(name) and needs_mark_placement("".join(t for _f, t in group)):
                    shaped = shape_visual_rtl([width, *group])
                if shaped is not None:
                    if isinstance(shaped, ttfonts.ShapedFragWord):
                        changed = True
                        total += shaped[0]
                        parts.extend(shaped[1:])
                        continue
                total += width
                parts.extend(group)
            if not changed:
                return word
            return ttfonts.makeShapedFragWord(word)([total, *parts])

        paragraph.shapeFragWord = shape_by_font

        def set_rise(self, rise):  # reportlab 5.1 PDFTextObject.setRise, with the empty-list guard
            v = f"{textobject.fp_str(rise)} Ts"
            if self._code and self._code[-1].endswith(" Ts"):
                self._y += self._rise
                self._code[-1] = v
            else:
                self._rise = rise
                self._y -= rise
                self._code.append(v)

        textobject.PDFTextObject.setRise = set_rise
        _shaping_ready = True
        return True
