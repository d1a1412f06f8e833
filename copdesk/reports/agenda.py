"""The printed agenda of one session: a one- or two-page PDF for the room.

Everything on the page is in the community's language (``doc.locale``): labels through
:class:`~copdesk.i18n.Translator`, dates and clock times through Babel. A right-to-left language lays
the whole page out right to left (right-aligned text, table columns in reverse order). User text of
any script prints in real glyphs and literally: see :mod:`copdesk.reports.text`.
"""

from __future__ import annotations

import io
from collections.abc import Callable

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

from copdesk import __version__
from copdesk.i18n import Translator
from copdesk.reports import fonts
from copdesk.reports.data import AgendaDocument
from copdesk.reports.text import has_rtl, measure, paragraph

PAGE_SIZES = {"a4": A4, "letter": LETTER}
# Clock times in the run of show use the locale's short time format, like the session's time range
# above it: "18:05" in Spanish or British English, "6:05 PM" in American English.
ROW_CLOCK = "short"
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


def render_agenda(doc: AgendaDocument) -> bytes:
    """The agenda of one session as PDF bytes, in ``doc.locale`` on ``doc.paper`` ("a4"/"letter")."""
    t = Translator(doc.locale)
    rtl = t.is_rtl
    direction = "R" if rtl else "L"
    try:
        pagesize = PAGE_SIZES[(doc.paper or "a4").lower()]
    except KeyError:
        raise ValueError(f"unknown paper size: {doc.paper!r}") from None
    width = pagesize[0] - 2 * MARGIN

    def user(value: str, style: str, w: float, *, bold: bool = False) -> Paragraph:
        """User text: its direction is its own (a Latin name reads left to right on any page)."""
        return paragraph(value, STYLES[style], w, rtl_page=rtl, bold=bold)

    def said(value: str, style: str, w: float, *, bold: bool = False) -> Paragraph:
        """Text the page says in its language (labels, dates): the page's direction when it has
        right-to-left letters (a label still in English, untranslated, keeps its word order)."""
        base = direction if rtl and has_rtl(value) else None
        return paragraph(value, STYLES[style], w, rtl_page=rtl, base_dir=base, bold=bold)

    def row(*cells):
        return list(reversed(cells)) if rtl else list(cells)

    story: list = [user(doc.community_name, "title", width, bold=True)]

    # -- when, where, who -------------------------------------------------------------------
    # Translators: a time range on the agenda, e.g. "18:00 – 19:30"
    time_range = t._("{start} – {end}").format(
        start=t.format_time(doc.start_time, "short"), end=t.format_time(doc.end_time, "short")
    )
    details = [
        # Translators: label before the session's date on the printed agenda
        (t._("Date"), t.format_date(doc.date, "full"), False, "body"),
        # Translators: label before the session's start and end time on the printed agenda
        (t._("Time"), time_range, False, "body"),
        # Translators: label before where the session takes place (a room, an address, a link)
        (t._("Place"), doc.place, True, "body"),
        # Translators: label before the subject of this session
        (t._("Topic"), doc.topic, True, "body"),
        # Translators: label before the community's purpose statement
        (t._("Purpose"), doc.purpose, True, "small"),
        # Translators: the convener organises the session behind the scenes (label on the agenda)
        (t._("Convener"), doc.convener, True, "body"),
        # Translators: the host holds the room during the session: welcomes people, keeps time
        (t._("Host"), doc.host, True, "body"),
    ]
    label_w = max(measure(label, STYLES["label"].fontSize) for label, *_ in details) + 2 * CELL_PAD
    label_w = min(max(label_w, 22 * mm), width / 3)
    value_w = width - label_w
    rows = []
    for label, value, from_user, style in details:
        if not (value or "").strip():
            continue  # empty fields are left out, never printed as a blank or a dash
        make = user if from_user else said
        rows.append(
            row(
                said(label, "label", label_w - 2 * CELL_PAD),
                make(value, style, value_w - 2 * CELL_PAD),
            )
        )
    if rows:
        table = Table(rows, colWidths=row(label_w, value_w), hAlign="RIGHT" if rtl else "LEFT")
        table.setStyle(_cell_style(padding=2))
        story.append(table)

    # -- the run of show ----------------------------------------------------------------------
    # Translators: heading above the timed list of agenda items on the printed agenda
    story.append(said(t._("Run of show"), "heading", width, bold=True))
    if doc.items:
        story.append(_run_of_show(doc, t, width, said, user, row))
    else:
        story.append(said(t._("No agenda items yet."), "body", width))

    buffer = io.BytesIO()
    template = SimpleDocTemplate(
        buffer,
        pagesize=pagesize,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN + 6 * mm,
        # Translators: the PDF's title (shown by PDF viewers), {community} is the community's name
        title=t._("Agenda – {community}").format(community=doc.community_name),
        creator=f"copdesk {__version__}",
        producer="copdesk",
        lang=t.locale.replace("_", "-"),
        invariant=True,
        initialFontName=fonts.register(fonts.SANS),
        displayDocTitle=True,
    )

    def footer(canvas: Canvas, page: int, pages: int) -> None:
        # Translators: page numbering in the footer of a printout, e.g. "1 / 2"
        numbers = t._("{page} / {pages}").format(
            page=t.format_number(page), pages=t.format_number(pages)
        )
        half = width / 2
        brand = said("copdesk", "footer", half)
        count = said(numbers, "footer", half)
        y = MARGIN - 2 * mm
        left, right = (count, brand) if rtl else (brand, count)
        _draw(canvas, left, MARGIN, y, half, align_right=False)
        _draw(canvas, right, MARGIN + half, y, half, align_right=True)

    template.build(story, canvasmaker=_footer_canvas(footer))
    return buffer.getvalue()


def _run_of_show(doc: AgendaDocument, t: Translator, width: float, said, user, row) -> Table:
    starts = [t.format_time(item.starts_at, ROW_CLOCK) for item in doc.items]
    end_text = t.format_time(doc.items[-1].ends_at, ROW_CLOCK)
    durations = [
        t.ngettext("{n} minute", "{n} minutes", item.duration_minutes).format(
            n=t.format_number(item.duration_minutes)
        )
        for item in doc.items
    ]
    # Translators: column heading: the clock time an agenda item starts
    h_time = t._("Starts")
    # Translators: column heading: what happens (the agenda item)
    h_item = t._("Item")
    # Translators: column heading: how long an agenda item lasts
    h_duration = t._("Duration")

    size = STYLES["cell"].fontSize
    time_w = max(measure(s, size) for s in [*starts, end_text, h_time]) + 2 * CELL_PAD + 2
    dur_w = max(measure(s, size) for s in [*durations, h_duration]) + 2 * CELL_PAD + 2
    title_w = width - time_w - dur_w

    def inner(w: float) -> float:
        return w - 2 * CELL_PAD

    rows = [
        row(
            said(h_time, "head", inner(time_w)),
            said(h_item, "head", inner(title_w)),
            said(h_duration, "head", inner(dur_w)),
        )
    ]
    for item, start, duration in zip(doc.items, starts, durations, strict=True):
        rows.append(
            row(
                said(start, "cell", inner(time_w)),
                user(item.title, "cell", inner(title_w)),
                said(duration, "cell", inner(dur_w)),
            )
        )
    rows.append(
        row(
            said(end_text, "cell", inner(time_w), bold=True),
            # Translators: last line of the run of show, next to the clock time the session ends
            said(t._("End"), "cell", inner(title_w), bold=True),
            said("", "cell", inner(dur_w)),
        )
    )
    table = Table(rows, colWidths=row(time_w, title_w, dur_w), repeatRows=1)
    style = _cell_style(padding=CELL_PAD)
    style.add("LINEBELOW", (0, 0), (-1, 0), 0.8, GREY)
    style.add("LINEBELOW", (0, 1), (-1, -2), 0.25, RULE)
    style.add("LINEABOVE", (0, -1), (-1, -1), 0.8, GREY)
    table.setStyle(style)
    return table


def _cell_style(padding: float) -> TableStyle:
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


def _draw(canvas: Canvas, para: Paragraph, x: float, y: float, w: float, *, align_right: bool):
    """Draw a one-line paragraph with its baseline box bottom at ``y``, flush left or right in ``w``."""
    para.style = ParagraphStyle(
        f"{para.style.name}-edge", parent=para.style, alignment=2 if align_right else 0
    )
    _w, h = para.wrap(w, 100)
    para.drawOn(canvas, x, y - h)


def _footer_canvas(footer: Callable[[Canvas, int, int], None]) -> type[Canvas]:
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
