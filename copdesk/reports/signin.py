"""The sign-in sheet of one session: expected members to tick, blank lines for newcomers.

Every page repeats the sheet's header (community, date, time, place) and its table's column
headings, and holds 25–30 lines: rows have one fixed height, names shrink to fit their column
(and wrap only past the smallest size). After the members come at least ``newcomer_lines`` blank
lines with room for a name, an organisation, an email or phone and a box to agree to be
contacted; the blank lines fill the last page. Right-to-left languages mirror the columns.
"""

from __future__ import annotations

import io

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Table

from copdesk.reports.data import SigninDocument
from copdesk.reports.layout import (
    CELL_PAD,
    GREY,
    MARGIN,
    RULE,
    STYLES,
    Page,
    TickBox,
    cell_style,
    document,
    fitted_size,
    footer_canvas,
    page_size,
    shorten,
    sized,
    standard_footer,
)

ROW_HEIGHT = 8.2 * mm  # 28 lines on A4, 26 on Letter (with the header and column headings)
NAME_SIZE = 10.5
SMALLEST = 7
BOX_COLUMN = 10 * mm
LIMIT = 150  # characters of a name, an organisation, a place on one line


def render_signin(doc: SigninDocument) -> bytes:
    page = Page(doc.locale)
    t = page.t
    pagesize = page_size(doc.paper)
    width = pagesize[0] - 2 * MARGIN

    # -- the header every page repeats ----------------------------------------------------------
    # Translators: title of the sign-in sheet, {community} is the community's name
    title_template = t._("Sign-in sheet – {community}")
    community = shorten(doc.community_name, LIMIT)
    title = title_template.format(community=community)
    # Translators: a time range on a printout, e.g. "18:00 – 19:30"
    time_range = t._("{start} – {end}").format(
        start=t.format_time(doc.start_time, "short"), end=t.format_time(doc.end_time, "short")
    )
    when = " · ".join(
        [t.format_date(doc.date, "full"), time_range]
        + [page.mark(shorten(x, LIMIT)) for x in (doc.place, doc.topic) if x.strip()]
    )
    title_style = sized(STYLES["body"], 14, leading=18)

    def header_lines() -> tuple:
        return (
            page.formatted(title_template, title_style, width, bold=True, community=community),
            page.composed(when, "small", width),
        )

    head_h = sum(p.wrap(width, 1000)[1] for p in header_lines())
    top = MARGIN + head_h + 4 * mm

    def header(canvas, _doc) -> None:
        y = pagesize[1] - MARGIN
        for para in header_lines():
            _w, h = para.wrap(width, 1000)
            para.drawOn(canvas, MARGIN, y - h)
            y -= h

    # -- columns --------------------------------------------------------------------------------
    box_w = BOX_COLUMN
    name_w = (width - box_w) * 0.40
    org_w = (width - box_w) * 0.32
    sign_w = width - box_w - name_w - org_w
    inner = CELL_PAD * 2
    pad = (ROW_HEIGHT - STYLES["cell"].leading) / 2

    def head(*labels: str) -> list:
        widths = (box_w, name_w, org_w, sign_w)
        return page.row(
            *(page.said(x, "head", w - inner) for x, w in zip(labels, widths, strict=True))
        )

    def fit(value: str, w: float):
        value = shorten(value, LIMIT)
        size = fitted_size(value, w - inner - 1, NAME_SIZE, SMALLEST)
        style = sized(STYLES["cell"], size, leading=STYLES["cell"].leading)
        return page.user(value, style, w - inner)

    story: list = []
    if doc.members:
        rows = [
            head(
                # Translators: sign-in sheet column: tick the box when the person has arrived
                t._("Here"),
                # Translators: sign-in sheet column heading
                t._("Name"),
                # Translators: sign-in sheet column heading: the person's home organisation
                t._("Organisation"),
                # Translators: sign-in sheet column: a note the person may add (e.g. "leaving early")
                t._("Note"),
            )
        ]
        for member in doc.members:
            rows.append(
                page.row(
                    TickBox(lift=1),
                    fit(member.name, name_w),
                    fit(member.organisation, org_w),
                    "",
                )
            )
        story.append(_table(page, rows, (box_w, name_w, org_w, sign_w), pad))

    # newcomers: name, organisation, how to reach them, and a box to agree to be contacted
    consent_w = 24 * mm
    new_name_w = (width - consent_w) * 0.34
    new_org_w = (width - consent_w) * 0.28
    contact_w = width - consent_w - new_name_w - new_org_w
    new_widths = (new_name_w, new_org_w, contact_w, consent_w)
    newcomer_head = page.row(
        page.said(t._("Name"), "head", new_name_w - inner),
        page.said(t._("Organisation"), "head", new_org_w - inner),
        # Translators: sign-in sheet column for newcomers: how to reach them
        page.said(t._("Email or phone"), "head", contact_w - inner),
        # Translators: sign-in sheet column for newcomers: a box to tick to agree to be contacted
        page.said(t._("You may contact me"), "head", consent_w - inner),
    )

    def blank_rows(n: int) -> list:
        return [page.row("", "", "", TickBox(lift=1)) for _ in range(n)]

    # Translators: heading above the blank lines of the sign-in sheet
    heading = page.said(
        t._("New here? Welcome! Please write your name"), "heading", width, bold=True
    )
    heading.style.spaceBefore = 6 if doc.members else 0
    story.append(heading)
    story.append(_table(page, [newcomer_head, *blank_rows(doc.newcomer_lines)], new_widths, pad))
    story.append(_Fill(lambda n: _table(page, blank_rows(n), new_widths, pad, head=False)))

    buffer = io.BytesIO()
    template = document(buffer, page, pagesize, title, top=top)
    footer = standard_footer(page, width)
    template.build(
        story, onFirstPage=header, onLaterPages=header, canvasmaker=footer_canvas(footer)
    )
    return buffer.getvalue()


def _table(page: Page, rows: list, widths: tuple, pad: float, *, head: bool = True) -> Table:
    heights = [ROW_HEIGHT] * len(rows)
    if head:
        heights[0] = None
    table = Table(
        rows,
        colWidths=page.row(*widths),
        rowHeights=None if head else heights,
        repeatRows=1 if head else 0,
    )
    style = cell_style(padding=pad)
    style.add("VALIGN", (0, 0), (-1, -1), "MIDDLE")
    first = 1 if head else 0
    if head:
        style.add("TOPPADDING", (0, 0), (-1, 0), 2)
        style.add("BOTTOMPADDING", (0, 0), (-1, 0), 3)
        style.add("VALIGN", (0, 0), (-1, 0), "BOTTOM")
        style.add("LINEBELOW", (0, 0), (-1, 0), 0.8, GREY)
    style.add("LINEBELOW", (0, first), (-1, -1), 0.4, RULE)
    style.add("INNERGRID", (0, first), (-1, -1), 0.25, RULE)
    table.setStyle(style)
    return table


class _Fill(Flowable):
    """As many more blank rows as fit in what is left of the page (none if not even one does)."""

    def __init__(self, make) -> None:  # noqa: ANN001 - make(n) -> Table
        super().__init__()
        self.make = make
        self.table = None
        self.hAlign = "CENTER"  # like the tables it continues

    def wrap(self, aw, ah):
        n = int((ah - 0.5) // ROW_HEIGHT)
        self.table = self.make(n) if n > 0 else None
        if self.table is None:
            return aw, 0
        return self.table.wrap(aw, ah)

    def split(self, aw, ah):
        return []  # never carried to a new page: it only fills the current one

    def draw(self):
        if self.table is not None:
            self.table.drawOn(self.canv, 0, 0)
