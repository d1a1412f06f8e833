"""What every printout shares: paper, margins, styles, the page's direction, tick boxes, footers.

A :class:`Page` is one document's view of its language: it makes paragraphs for user text
(:meth:`Page.user`: the text's own direction) and for what the page says itself (:meth:`Page.said`:
labels, dates; :meth:`Page.composed`: a label or list with user text inside it, in the page's
direction), and puts table columns in reading order (:meth:`Page.row`: reversed on a right-to-left
page). All of them go through :func:`copdesk.reports.text.paragraph`, so user text never becomes
markup and prints in real glyphs.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, TableStyle

from copdesk import __version__
from copdesk.i18n import Translator
from copdesk.reports import fonts
from copdesk.reports.text import clean, has_rtl, measure, paragraph, strong_direction

PAGE_SIZES = {"a4": A4, "letter": LETTER}
MARGIN = 18 * mm
CELL_PAD = 4
GREY = colors.HexColor("#555555")
RULE = colors.HexColor("#bbbbbb")

_BASE = ParagraphStyle("copdesk-body", fontName=fonts.SANS, fontSize=10.5, leading=14)
STYLES = {
    "title": ParagraphStyle("copdesk-title", parent=_BASE, fontSize=20, leading=25, spaceAfter=8),
    "heading": ParagraphStyle(
        "copdesk-heading", parent=_BASE, fontSize=12.5, leading=16, spaceBefore=12, spaceAfter=4
    ),
    "body": _BASE,
    "label": ParagraphStyle("copdesk-label", parent=_BASE, fontSize=9, leading=14, textColor=GREY),
    "small": ParagraphStyle(
        "copdesk-small", parent=_BASE, fontSize=8.5, leading=11.5, textColor=GREY
    ),
    "cell": ParagraphStyle("copdesk-cell", parent=_BASE, fontSize=10.5, leading=13.5),
    "head": ParagraphStyle("copdesk-head", parent=_BASE, fontSize=8.5, leading=11, textColor=GREY),
    "footer": ParagraphStyle(
        "copdesk-footer", parent=_BASE, fontSize=8, leading=10, textColor=GREY
    ),
}


def page_size(paper: str | None) -> tuple[float, float]:
    """The size in points of "a4" or "letter" (any case); ValueError for anything else."""
    try:
        return PAGE_SIZES[(paper or "a4").lower()]
    except KeyError:
        raise ValueError(f"unknown paper size: {paper!r}") from None


def sized(style: ParagraphStyle, size: float, *, leading: float | None = None, **extra):
    """A copy of ``style`` at another font size."""
    return ParagraphStyle(
        f"{style.name}-{size:g}",
        parent=style,
        fontSize=size,
        leading=leading if leading is not None else size * 1.25,
        **extra,
    )


def centred(para: Paragraph) -> Paragraph:
    """The paragraph with its lines centred (each line already in display order)."""
    para.style = ParagraphStyle(f"{para.style.name}-c", parent=para.style, alignment=TA_CENTER)
    return para


def shorten(value: str, limit: int) -> str:
    """``value`` cut to ``limit`` characters with an ellipsis (for one-line places: a sign-in row,
    a name tag), never in the middle of a surrogate-free character."""
    value = clean(value)
    return value if len(value) <= limit else value[: limit - 1].rstrip() + "…"


def fitted_size(
    value: str, width: float, largest: float, smallest: float, *, bold: bool = False
) -> float:
    """The largest font size (in half points) from ``largest`` down to ``smallest`` at which
    ``value`` fits ``width`` on one line; ``smallest`` when it never does (it then wraps)."""
    value = clean(value)
    if not value:
        return largest
    at_one = max(measure(line, 1, bold=bold) for line in value.split("\n")) or 1
    size = min(largest, width / at_one)
    size = max(smallest, int(size * 2) / 2)
    # (widths are linear in the size, but shaped widths round: step down until it fits)
    while size > smallest and max(measure(x, size, bold=bold) for x in value.split("\n")) > width:
        size -= 0.5
    return size


class Page:
    """One document's language and direction, and paragraphs made in it."""

    def __init__(self, locale: str) -> None:
        self.t = Translator(locale)
        self.rtl = self.t.is_rtl
        self.direction = "R" if self.rtl else "L"

    def user(self, value: str, style: ParagraphStyle | str, width: float, *, bold=False):
        """User text: its direction is its own (a Latin name reads left to right on any page)."""
        return paragraph(value, _style(style), width, rtl_page=self.rtl, bold=bold)

    def said(self, value: str, style: ParagraphStyle | str, width: float, *, bold=False):
        """Text the page says in its language (labels, dates): the page's direction when it has
        right-to-left letters (a label still in English, untranslated, keeps its word order)."""
        base = self.direction if self.rtl and has_rtl(value) else None
        return paragraph(value, _style(style), width, rtl_page=self.rtl, base_dir=base, bold=bold)

    def composed(self, value: str, style: ParagraphStyle | str, width: float, *, bold=False):
        """A sentence or list the page composes around user text ("Ana, Bo and 王小明"): it reads
        in the page's direction whatever script the names inside it are in."""
        return paragraph(
            value, _style(style), width, rtl_page=self.rtl, base_dir=self.direction, bold=bold
        )

    def formatted(
        self, template: str, style: ParagraphStyle | str, width: float, *, bold=False, **values
    ):
        """A translated ``template`` filled with ``values`` (user text, dates, names): the
        paragraph reads in the template's own direction (an Arabic sentence right to left, a
        label not translated yet left to right, a template of only placeholders and punctuation
        in the page's direction), each value kept whole between direction marks."""
        literal = re.sub(r"\{[^{}]*\}", "", template)
        base = strong_direction(literal) or self.direction
        mark = "\u200f" if base == "R" else "\u200e"
        text = template.format(**{k: f"{mark}{v}{mark}" for k, v in values.items()})
        return paragraph(text, _style(style), width, rtl_page=self.rtl, base_dir=base, bold=bold)

    def mark(self, value: str) -> str:
        """User text to put inside a composed sentence: set between direction marks of the page's
        direction, so its numbers and neutrals stay with it (an Arabic date after a Latin name, a
        Latin name in an Arabic list). python-bidi has no isolates (U+2066–2069); marks do."""
        m = "\u200f" if self.rtl else "\u200e"
        return f"{m}{value}{m}"

    def piece(self, label: str) -> str:
        """A label inside a composed sentence on a right-to-left page that is still in a
        left-to-right language (not translated yet): embedded left to right, so "10 minutes"
        does not come out as "minutes 10"."""
        if self.rtl and not has_rtl(label):
            return f"\u202a{label}\u202c"
        return label

    def row(self, *cells):
        return list(reversed(cells)) if self.rtl else list(cells)

    def page_numbers(self, page: int, pages: int) -> str:
        # Translators: page numbering in the footer of a printout, e.g. "1 / 2"
        text = self.t._("{page} / {pages}").format(
            page=self.t.format_number(page), pages=self.t.format_number(pages)
        )
        # Digits around a spaced slash would be reordered "2 / 1" on a right-to-left page: keep
        # the numbering left to right (an LRE…PDF embedding; the bidi step removes the marks).
        return f"\u202a{text}\u202c" if self.rtl else text


def _style(style: ParagraphStyle | str) -> ParagraphStyle:
    return STYLES[style] if isinstance(style, str) else style


def cell_style(padding: float) -> TableStyle:
    return TableStyle(
        [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            # reportlab sets each cell's font even for Paragraph cells: never base-14 Helvetica
            ("FONTNAME", (0, 0), (-1, -1), fonts.SANS),
            ("LEFTPADDING", (0, 0), (-1, -1), CELL_PAD),
            ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PAD),
            ("TOPPADDING", (0, 0), (-1, -1), padding),
            ("BOTTOMPADDING", (0, 0), (-1, -1), padding),
        ]
    )


def draw(canvas: Canvas, para: Paragraph, x: float, y: float, w: float, *, align_right: bool):
    """Draw a one-line paragraph with its top at ``y``, flush left or right in ``w``."""
    para.style = ParagraphStyle(
        f"{para.style.name}-edge", parent=para.style, alignment=2 if align_right else 0
    )
    _w, h = para.wrap(w, 1000)
    para.drawOn(canvas, x, y - h)
    return h


def footer_canvas(footer: Callable[[Canvas, int, int], None]) -> type[Canvas]:
    """A Canvas that holds its pages until the end so each footer can say how many there are."""

    class FooterCanvas(Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._held: list[dict] = []

        def showPage(self):
            self._held.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            pages = len(self._held)
            for state in self._held:
                self.__dict__.update(state)
                footer(self, self._pageNumber, pages)
                super().showPage()
            super().save()

    return FooterCanvas


def standard_footer(
    page: Page,
    width: float,
    *,
    left: float = MARGIN,
    bottom: float = MARGIN,
    line: Paragraph | None = None,
) -> Callable[[Canvas, int, int], None]:
    """ "copdesk" and "1 / 2" under the text; ``line`` (e.g. the charter's values) above them."""

    def footer(canvas: Canvas, number: int, pages: int) -> None:
        half = width / 2
        brand = page.said("copdesk", "footer", half)
        count = page.said(page.page_numbers(number, pages), "footer", half)
        y = bottom - 2 * mm
        if line is not None:
            _w, h = line.wrap(width, 1000)
            line.drawOn(canvas, left, y - h)
            y -= h + 1
        first, second = (count, brand) if page.rtl else (brand, count)
        draw(canvas, first, left, y, half, align_right=False)
        draw(canvas, second, left + half, y, half, align_right=True)

    return footer


def new_canvas(buffer: io.BytesIO, page: Page, pagesize: tuple[float, float], title: str) -> Canvas:
    """A canvas with copdesk's metadata (deterministic output, the page's language), for sheets
    drawn by hand (name tags, pair slips)."""
    made = Canvas(
        buffer,
        pagesize=pagesize,
        invariant=1,
        initialFontName=fonts.register(fonts.SANS),
        lang=page.t.locale.replace("_", "-"),
    )
    made.setTitle(title)
    made.setCreator(f"copdesk {__version__}")
    made.setProducer("copdesk")
    return made


def document(
    buffer: io.BytesIO,
    page: Page,
    pagesize: tuple[float, float],
    title: str,
    *,
    top: float = MARGIN,
    bottom: float = MARGIN + 6 * mm,
    left: float = MARGIN,
    right: float = MARGIN,
) -> SimpleDocTemplate:
    """A document template with copdesk's metadata (deterministic output, the page's language)."""
    return SimpleDocTemplate(
        buffer,
        pagesize=pagesize,
        leftMargin=left,
        rightMargin=right,
        topMargin=top,
        bottomMargin=bottom,
        title=title,
        creator=f"copdesk {__version__}",
        producer="copdesk",
        lang=page.t.locale.replace("_", "-"),
        invariant=True,
        initialFontName=fonts.register(fonts.SANS),
        displayDocTitle=True,
    )


class TickBox(Flowable):
    """An empty square to tick by hand (drawn: no font has to have a box glyph)."""

    def __init__(self, size: float = 3.6 * mm, *, line: float = 0.8, lift: float = 0) -> None:
        super().__init__()
        self.size, self.line, self.lift = size, line, lift
        self.width = self.height = size
        self.hAlign = "CENTER"

    def wrap(self, _aw, _ah):
        return self.size, self.size + self.lift

    def draw(self):
        c = self.canv
        c.saveState()
        c.setLineWidth(self.line)
        c.setStrokeColor(colors.black)
        c.rect(0, self.lift, self.size, self.size, stroke=1, fill=0)
        c.restoreState()


def dashed_line(canvas: Canvas, x1: float, y1: float, x2: float, y2: float) -> None:
    """A grey dashed cut line."""
    canvas.saveState()
    canvas.setStrokeColor(GREY)
    canvas.setLineWidth(0.5)
    canvas.setDash(4, 3)
    canvas.line(x1, y1, x2, y2)
    canvas.restoreState()
