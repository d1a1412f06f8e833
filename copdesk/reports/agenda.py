"""The printed agenda of one session: a one- or two-page PDF for the room.

Everything on the page is in the community's language (``doc.locale``): labels through
:class:`~copdesk.i18n.Translator`, dates and clock times through Babel. A right-to-left language lays
the whole page out right to left (right-aligned text, table columns in reverse order). User text of
any script prints in real glyphs and literally: see :mod:`copdesk.reports.text`.

What it holds, each part left out when there is nothing to say: the community's name (and logo),
date, time, place, topic, presenter, audience and purpose of the session, convener and host; the
run of show with clock times; the random pairs of the pairs round; the potluck (who brings what,
and their backup); a ballot of the top backlog topics to tick; the charter's values in the footer.
"""

from __future__ import annotations

import io

from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Image, KeepTogether, Table

from copdesk.i18n import Translator
from copdesk.reports.data import AgendaDocument
from copdesk.reports.layout import (
    CELL_PAD,
    GREY,
    MARGIN,
    PAGE_SIZES,
    RULE,
    STYLES,
    Page,
    TickBox,
    cell_style,
    document,
    footer_canvas,
    page_size,
    shorten,
    standard_footer,
)
from copdesk.reports.text import measure

__all__ = ["CELL_PAD", "GREY", "MARGIN", "PAGE_SIZES", "RULE", "STYLES", "render_agenda"]

# Clock times in the run of show use the locale's short time format, like the session's time range
# above it: "18:05" in Spanish or British English, "6:05 PM" in American English.
ROW_CLOCK = "short"
LOGO_BOX = (45 * mm, 20 * mm)  # the most a logo may take (width, height)


def render_agenda(doc: AgendaDocument) -> bytes:
    """The agenda of one session as PDF bytes, in ``doc.locale`` on ``doc.paper`` ("a4"/"letter")."""
    page = Page(doc.locale)
    t, rtl = page.t, page.rtl
    pagesize = page_size(doc.paper)
    width = pagesize[0] - 2 * MARGIN
    said, user, row = page.said, page.user, page.row

    story: list = [_title(doc, page, width)]
    if (doc.purpose or "").strip():
        story.append(user(doc.purpose, "small", width))
        story[-1].style.spaceAfter = 6

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
        # Translators: label before the person who presents at this session
        (t._("Presenter"), doc.presenter, True, "body"),
        # Translators: label before who this session is for (e.g. "newcomers", "partners")
        (t._("Audience"), doc.audience, True, "body"),
        # Translators: label before what this session is for
        (t._("Purpose"), doc.session_purpose, True, "body"),
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
        table = Table(
            rows,
            colWidths=row(label_w, value_w),
            hAlign="RIGHT" if rtl else "LEFT",
            splitInRow=1,  # a very long purpose may run over onto the next page
        )
        table.setStyle(cell_style(padding=2))
        story.append(table)

    # -- the run of show ----------------------------------------------------------------------
    # Translators: heading above the timed list of agenda items on the printed agenda
    story.append(said(t._("Run of show"), "heading", width, bold=True))
    if doc.items:
        story.append(_run_of_show(doc, t, width, said, user, row))
    else:
        story.append(said(t._("No agenda items yet."), "body", width))

    if doc.pairs:
        story.extend(_pairs(doc, page, width))
    if doc.potluck:
        story.extend(_potluck(doc, page, width))
    if doc.ballot:
        story.extend(_ballot(doc, page, width))

    footer_para = None
    if doc.values:
        footer_para = page.formatted(
            # Translators: footer line of the agenda: the community's values from its charter
            t._("Our values: {values}"),
            "footer",
            width,
            values=shorten(
                " · ".join(page.mark(shorten(v, 80)) for v in doc.values if v.strip()), 600
            ),
        )
    extra = 0.0
    if footer_para is not None:
        extra = footer_para.wrap(width, 1000)[1] + 1
    buffer = io.BytesIO()
    template = document(
        buffer,
        page,
        pagesize,
        # Translators: the PDF's title (shown by PDF viewers), {community} is the community's name
        t._("Agenda – {community}").format(community=doc.community_name),
        bottom=MARGIN + 6 * mm + extra,
    )
    footer = standard_footer(page, width, bottom=MARGIN + extra, line=footer_para)
    template.build(story, canvasmaker=footer_canvas(footer))
    return buffer.getvalue()


def _title(doc: AgendaDocument, page: Page, width: float):
    if not doc.logo:
        return page.user(doc.community_name, "title", width, bold=True)
    iw, ih = ImageReader(io.BytesIO(doc.logo)).getSize()
    scale = min(LOGO_BOX[0] / iw, LOGO_BOX[1] / ih)
    logo = Image(io.BytesIO(doc.logo), width=iw * scale, height=ih * scale)
    logo.hAlign = "LEFT" if page.rtl else "RIGHT"
    logo_w = iw * scale + 4 * mm
    title = page.user(doc.community_name, "title", width - logo_w, bold=True)
    table = Table([page.row(title, logo)], colWidths=page.row(width - logo_w, logo_w))
    style = cell_style(padding=0)
    style.add("LEFTPADDING", (0, 0), (-1, -1), 0)
    style.add("RIGHTPADDING", (0, 0), (-1, -1), 0)
    style.add("VALIGN", (0, 0), (-1, -1), "MIDDLE")
    style.add("BOTTOMPADDING", (0, 0), (-1, -1), 8)
    table.setStyle(style)
    return table


def _run_of_show(doc: AgendaDocument, t: Translator, width: float, said, user, row) -> Table:
    starts = [t.format_time(item.starts_at, ROW_CLOCK) for item in doc.items]
    end_text = t.format_time(doc.items[-1].ends_at, ROW_CLOCK)
    durations = [_minutes(t, item.duration_minutes) for item in doc.items]
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
    table = Table(rows, colWidths=row(time_w, title_w, dur_w), repeatRows=1, splitInRow=1)
    style = cell_style(padding=CELL_PAD)
    style.add("LINEBELOW", (0, 0), (-1, 0), 0.8, GREY)
    style.add("LINEBELOW", (0, 1), (-1, -2), 0.25, RULE)
    style.add("LINEABOVE", (0, -1), (-1, -1), 0.8, GREY)
    table.setStyle(style)
    return table


def _minutes(t: Translator, n: int) -> str:
    return t.ngettext("{n} minute", "{n} minutes", n).format(n=t.format_number(n))


def _heading(page: Page, text: str, width: float, note: str = "") -> list:
    out: list = [page.said(text, "heading", width, bold=True)]
    if note:
        out.append(page.said(note, "small", width))
    return out


def _pairs(doc: AgendaDocument, page: Page, width: float):
    t = page.t
    # Translators: heading of the list of random pairs (and trios) on the printed agenda
    head: list = [page.said(t._("Random pairs"), "heading", width, bold=True)]
    if doc.pairs_at is not None and doc.pairs_minutes:
        head.append(
            page.formatted(
                # Translators: under "Random pairs" on the agenda: when the round starts, how long
                t._("At {time}, for {duration}: find your partner below."),
                "small",
                width,
                time=t.format_time(doc.pairs_at, ROW_CLOCK),
                duration=_minutes(t, doc.pairs_minutes),
            )
        )
    # Translators: one pair (or trio) on the agenda, e.g. "3. Ana and Bo"
    template = t._("{number}. {names}")
    texts = [
        (t.format_number(i), t.format_list([page.mark(shorten(n, 100) or "?") for n in names]))
        for i, names in enumerate(doc.pairs, start=1)
    ]
    size = STYLES["cell"].fontSize
    widest = max(measure(f"{n}. {x}", size) for n, x in texts) + 2 * CELL_PAD
    columns = 3 if widest <= width / 3 else 2 if widest <= width / 2 else 1
    col_w = width / columns
    cells: list = [
        page.formatted(template, "cell", col_w - 2 * CELL_PAD, number=n, names=x) for n, x in texts
    ]
    cells += [""] * (-len(cells) % columns)
    # down the columns first, like a phone book: 1 2 3 in the first column
    per_col = len(cells) // columns
    rows = [page.row(*(cells[c * per_col + r] for c in range(columns))) for r in range(per_col)]
    table = Table(rows, colWidths=[col_w] * columns, hAlign="RIGHT" if page.rtl else "LEFT")
    style = cell_style(padding=1.5)
    table.setStyle(style)
    return [KeepTogether([*head, table])] if len(rows) <= 12 else [*head, table]


def _potluck(doc: AgendaDocument, page: Page, width: float):
    t, said, user = page.t, page.said, page.user
    # Translators: column heading on the agenda's potluck table: the dish or thing to bring
    h_dish = t._("Dish")
    # Translators: column heading on the agenda's potluck table: who brings it
    h_bringer = t._("Brought by")
    # Translators: column heading on the agenda's potluck table: who brings it if they cannot
    h_backup = t._("Backup")
    dish_w = width * 0.42
    person_w = (width - dish_w) / 2

    def inner(w: float) -> float:
        return w - 2 * CELL_PAD

    rows = [
        page.row(
            said(h_dish, "head", inner(dish_w)),
            said(h_bringer, "head", inner(person_w)),
            said(h_backup, "head", inner(person_w)),
        )
    ]
    for slot in doc.potluck:
        dish: list = [user(slot.dish or slot.kind, "cell", inner(dish_w))]
        details = [x for x in (slot.kind if slot.kind != slot.dish else "", *slot.dietary) if x]
        if details:
            dish.append(
                page.composed(
                    t.format_list([page.mark(x) for x in details]), "small", inner(dish_w)
                )
            )
        bringer = (
            user(slot.bringer, "cell", inner(person_w))
            if slot.bringer.strip()
            # Translators: potluck slot nobody has taken yet, printed on the agenda
            else said(t._("open: can you bring it?"), "small", inner(person_w))
        )
        backup = (
            user(slot.backup, "cell", inner(person_w))
            if slot.backup.strip()
            # Translators: potluck slot with no backup person yet, printed on the agenda
            else said(t._("no backup yet"), "small", inner(person_w))
        )
        rows.append(page.row(dish, bringer, backup))
    table = Table(rows, colWidths=page.row(dish_w, person_w, person_w), repeatRows=1, splitInRow=1)
    style = cell_style(padding=3)
    style.add("LINEBELOW", (0, 0), (-1, 0), 0.8, GREY)
    style.add("LINEBELOW", (0, 1), (-1, -2), 0.25, RULE)
    table.setStyle(style)
    # Translators: heading of the potluck table on the printed agenda
    head = _heading(page, t._("Potluck"), width)
    return [KeepTogether([*head, table])] if len(rows) <= 12 else [*head, table]


def _ballot(doc: AgendaDocument, page: Page, width: float):
    t = page.t
    # Translators: heading of the short ballot of backlog topics at the end of the agenda
    title = t._("What do you want to see next?")
    # Translators: instructions under the ballot on the printed agenda
    note = t._("Tick the topics you would come to and give this sheet to the host.")
    box_w = 8 * mm
    text_w = width - box_w
    rows = [
        page.row(TickBox(lift=0.5), page.user(shorten(topic, 300), "cell", text_w - 2 * CELL_PAD))
        for topic in doc.ballot
    ]
    rows.append(
        page.row(
            TickBox(lift=0.5),
            # Translators: last line of the agenda's ballot: room to write a topic of one's own
            page.said(t._("Your idea:"), "cell", text_w - 2 * CELL_PAD),
        )
    )
    table = Table(rows, colWidths=page.row(box_w, text_w), hAlign="RIGHT" if page.rtl else "LEFT")
    style = cell_style(padding=3)
    idea = 0 if page.rtl else 1
    style.add("LINEBELOW", (idea, -1), (idea, -1), 0.5, GREY)
    style.add("BOTTOMPADDING", (0, -1), (-1, -1), 12)
    style.add("ALIGN", (0, 0), (-1, -1), "LEFT")
    table.setStyle(style)
    return [KeepTogether([*_heading(page, title, width, note), table])]
