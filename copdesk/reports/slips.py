"""Pair slips: one strip per pair or trio, with their names and a conversation prompt, to cut apart.

Strips run the width of the page between dashed cut lines, as many to a page as fit. Each says
the group's number, when the round starts and how long it is, the names (as large as fits) and one
prompt. The prompts are translatable (:data:`PROMPTS`) and rotate: slip *n* gets the prompt after
slip *n − 1*'s, and each session starts at another one (``prompt_offset``).
"""

from __future__ import annotations

import io

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from copdesk.i18n import N_
from copdesk.reports.data import SlipsDocument
from copdesk.reports.layout import (
    GREY,
    STYLES,
    Page,
    dashed_line,
    fitted_size,
    new_canvas,
    page_size,
    shorten,
    sized,
)

PROMPTS: tuple[str, ...] = (
    N_("What is one thing you tried in your work recently, and how did it go?"),
    N_("What problem are you stuck on right now? Ask your partner for one idea."),
    N_("Who helped you learn something this month, and what was it?"),
    N_("What would you like to get better at this year?"),
    N_("Tell each other about a small win from the last few weeks."),
    N_("Which tool, book or trick would you recommend to the people here?"),
    N_("What surprised you since we last met?"),
    N_("What question would you like this group to help you answer?"),
)

PAGE_MARGIN = 12 * mm
STRIP = 40 * mm  # height of one strip
PAD = 5 * mm  # inside a strip, from the cut lines


def render_slips(doc: SlipsDocument) -> bytes:
    page = Page(doc.locale)
    t = page.t
    pagesize = page_size(doc.paper)
    width = pagesize[0] - 2 * PAGE_MARGIN
    per_page = int((pagesize[1] - 2 * PAGE_MARGIN) // STRIP)

    buffer = io.BytesIO()
    canvas = new_canvas(
        buffer,
        page,
        pagesize,
        # Translators: the PDF's title for the pair slips, {community} is the community's name
        t._("Pair slips – {community}").format(community=doc.community_name),
    )

    when = t.format_date(doc.date, "medium")
    if doc.pairs_at is not None and doc.pairs_minutes:
        # Translators: on a pair slip: the date, when the pairs round starts and how long it is
        when = t._("{date}, {time}, {duration}").format(
            date=when,
            time=t.format_time(doc.pairs_at, "short"),
            duration=page.piece(
                t.ngettext("{n} minute", "{n} minutes", doc.pairs_minutes).format(
                    n=t.format_number(doc.pairs_minutes)
                )
            ),
        )
    inner_w = width - 2 * PAD
    label_style = sized(STYLES["small"], 8.5, leading=11)
    prompt_style = sized(STYLES["body"], 12, leading=15.5)
    groups = doc.groups or []
    for start in range(0, len(groups), per_page):
        chunk = groups[start : start + per_page]
        top = pagesize[1] - PAGE_MARGIN
        dashed_line(canvas, PAGE_MARGIN, top, PAGE_MARGIN + width, top)
        for offset, names in enumerate(chunk):
            number = start + offset + 1
            y = top - offset * STRIP
            bottom = y - STRIP
            # head line: "Pair 3 · community · date, time"
            kind = (
                # Translators: on a pair slip, e.g. "Pair 3"
                t._("Pair {number}")
                if len(names) == 2
                # Translators: on a pair slip for a group of three or more, e.g. "Group 3"
                else t._("Group {number}")
            ).format(number=t.format_number(number))
            head = " · ".join([page.piece(kind), page.mark(shorten(doc.community_name, 100)), when])
            para = page.composed(head, label_style, inner_w)
            _w, h = para.wrap(inner_w, STRIP)
            cursor = y - PAD
            para.drawOn(canvas, PAGE_MARGIN + PAD, cursor - h)
            cursor -= h + 2

            listed = t.format_list([page.mark(shorten(n, 80) or "?") for n in names])
            size = fitted_size(listed, inner_w - 1, 18, 9, bold=True)
            para = page.composed(listed, sized(STYLES["body"], size), inner_w, bold=True)
            _w, h = para.wrap(inner_w, STRIP)
            while h > STRIP * 0.45 and size > 6:  # very long names: smaller, on two lines
                size -= 1
                para = page.composed(listed, sized(STYLES["body"], size), inner_w, bold=True)
                _w, h = para.wrap(inner_w, STRIP)
            para.drawOn(canvas, PAGE_MARGIN + PAD, cursor - h)
            cursor -= h + 3

            prompt = t._(PROMPTS[(doc.prompt_offset + number - 1) % len(PROMPTS)])
            para = page.said(prompt, prompt_style, inner_w)
            _w, h = para.wrap(inner_w, STRIP)
            room = cursor - (bottom + PAD * 0.6)
            if h > room:  # a long translation: smaller rather than over the cut line
                para = page.said(prompt, sized(prompt_style, 9, leading=11), inner_w)
                _w, h = para.wrap(inner_w, STRIP)
            para.drawOn(canvas, PAGE_MARGIN + PAD, cursor - h)
            dashed_line(canvas, PAGE_MARGIN, bottom, PAGE_MARGIN + width, bottom)
        _page_note(canvas, page, pagesize, start // per_page + 1, -(-len(groups) // per_page))
        canvas.showPage()
    if not groups:
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _page_note(canvas: Canvas, page: Page, pagesize, number: int, pages: int) -> None:
    # Translators: at the foot of the pair slips: cut along the dashed lines
    note = page.t._("Cut along the dashed lines.")
    text = f"{note}   {page.page_numbers(number, pages)}"
    para = page.said(text, sized(STYLES["footer"], 7.5, textColor=GREY), pagesize[0])
    width = pagesize[0] - 2 * PAGE_MARGIN
    _w, h = para.wrap(width, 100)
    para.drawOn(canvas, PAGE_MARGIN, PAGE_MARGIN * 0.5)
