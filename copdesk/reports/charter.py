"""The charter one-pager: values, outcomes by horizon, transparency, solidarity, rhythm and review.

Like the agenda (and with its styles, cell padding and footer), the page is wholly in the
community's language, lays itself out right to left for a right-to-left language (right-aligned
text, table columns in reverse order), and prints user text of any script literally through
:func:`copdesk.reports.text.paragraph`.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, KeepTogether, Paragraph, Table

from copdesk.i18n import Translator
from copdesk.reports.layout import (
    CELL_PAD,
    GREY,
    MARGIN,
    RULE,
    STYLES,
    Page,
    cell_style,
    document,
    footer_canvas,
    page_size,
    standard_footer,
)
from copdesk.reports.text import measure
from copdesk.services.charter import HORIZONS, KINDS, CharterInput, horizon_label, kind_label

# A little tighter than the agenda's, so a whole charter fits on one page.
_STYLES = {
    **STYLES,
    "body": ParagraphStyle(
        "copdesk-charter-body", parent=STYLES["body"], fontSize=10, leading=12.5
    ),
    "cell": ParagraphStyle(
        "copdesk-charter-cell", parent=STYLES["cell"], fontSize=10, leading=12.5
    ),
    "label": ParagraphStyle(
        "copdesk-charter-label", parent=STYLES["label"], fontSize=8.5, leading=12.5
    ),
    "heading": ParagraphStyle(
        "copdesk-charter-heading",
        parent=STYLES["heading"],
        fontSize=12,
        leading=15,
        spaceBefore=7,
        spaceAfter=2,
    ),
    "title": ParagraphStyle(
        "copdesk-charter-title", parent=STYLES["title"], fontSize=18, leading=22, spaceAfter=2
    ),
    "subheading": ParagraphStyle(
        "copdesk-charter-subheading", parent=STYLES["body"], fontSize=10, leading=13, spaceBefore=5
    ),
}


@dataclass(frozen=True)
class CharterDocument:
    community_name: str
    locale: str  # the community's language: the whole page is in it
    paper: str  # "a4" or "letter"
    charter: CharterInput
    version: int = 1
    saved_on: dt.date | None = None


def render_charter(doc: CharterDocument) -> bytes:
    """The charter as PDF bytes, in ``doc.locale`` on ``doc.paper``."""
    page = Page(doc.locale)
    t, rtl, row = page.t, page.rtl, page.row
    pagesize = page_size(doc.paper)
    width = pagesize[0] - 2 * MARGIN
    c = doc.charter

    def user(value: str, style: str, w: float, *, bold: bool = False) -> Paragraph:
        return page.user(value, _STYLES[style], w, bold=bold)

    def said(value: str, style: str, w: float, *, bold: bool = False) -> Paragraph:
        return page.said(value, _STYLES[style], w, bold=bold)

    def heading(text: str) -> Paragraph:
        return said(text, "heading", width, bold=True)

    labels = [
        t._("What brings us together"),
        t._("Who it is for"),
        t._("How to join"),
        t._("How decisions are made"),
        t._("Where notes go"),
        t._("Who convenes and hosts"),
        t._("How roles rotate"),
        t._("What we offer back"),
        t._("We meet"),
        t._("How a meeting goes"),
        t._("Session format"),
        t._("We review this charter on"),
    ]
    # One label column for every block, so the values line up down the page.
    label_w = max(measure(label, _STYLES["label"].fontSize) for label in labels)
    label_w = min(max(label_w + 2 * CELL_PAD + 2, 30 * mm), width / 3)
    value_w = width - label_w

    def details(pairs: list[tuple[str, str, bool]]) -> Table | None:
        """(label, user text, bold?) rows; empty values are left out."""
        pairs = [p for p in pairs if (p[1] or "").strip()]
        if not pairs:
            return None
        rows = [
            row(
                said(label, "label", label_w - 2 * CELL_PAD),
                user(value, "body", value_w - 2 * CELL_PAD, bold=bold),
            )
            for label, value, bold in pairs
        ]
        table = Table(rows, colWidths=row(label_w, value_w), hAlign="RIGHT" if rtl else "LEFT")
        table.setStyle(cell_style(padding=1))
        return table

    story: list = [user(doc.community_name, "title", width, bold=True)]
    # Translators: under the community's name on the printed charter; {number} counts versions
    subtitle = t._("Charter, version {number}").format(number=t.format_number(doc.version))
    if doc.saved_on is not None:
        # Translators: the charter's version and the date it was saved, e.g. "Charter, version 2 · 3 March 2026"
        subtitle = t._("{version} · {date}").format(
            version=subtitle, date=t.format_date(doc.saved_on, "long")
        )
    story.append(said(subtitle, "label", width))

    # -- purpose ----------------------------------------------------------------------------
    story.append(heading(t._("Purpose and domain")))
    purpose = details(
        [
            (labels[0], c.domain, False),
            (labels[1], c.audience, False),
            (labels[2], c.joining, False),
        ]
    )
    if purpose is not None:
        story.append(purpose)

    # -- values -----------------------------------------------------------------------------
    if c.values:
        story.append(heading(t._("Our values")))
        columns = 3
        cell_w = width / columns
        cells = [
            user(f"{t.format_number(n)}. {v}", "body", cell_w - 2 * CELL_PAD, bold=True)
            for n, v in enumerate(c.values, start=1)
        ]
        cells += [said("", "body", cell_w - 2 * CELL_PAD)] * (-len(cells) % columns)
        grid = [row(*cells[i : i + columns]) for i in range(0, len(cells), columns)]
        table = Table(grid, colWidths=[cell_w] * columns)
        table.setStyle(cell_style(padding=2))
        story.append(table)

    # -- outcomes ---------------------------------------------------------------------------
    story.append(CondPageBreak(40 * mm))
    story.append(heading(t._("Outcomes we work toward")))
    if c.outcomes:
        story.append(_outcome_table(c, t, width, said, user, row))

    # -- transparency -----------------------------------------------------------------------
    block = details(
        [
            (labels[3], c.decisions, False),
            (labels[4], c.notes_place, False),
            (labels[5], c.roles, False),
            (labels[6], c.rotation, False),
        ]
    )
    if block is not None:
        story.append(KeepTogether([heading(t._("Transparency")), block]))

    # -- solidarity -------------------------------------------------------------------------
    parts: list = []
    if c.partners:
        name_w = width * 0.38
        gains_w = width - name_w
        rows = [
            row(
                # Translators: column heading on the printed charter: a community or organisation involved
                said(t._("Community or organisation"), "head", name_w - 2 * CELL_PAD),
                # Translators: column heading on the printed charter: what that community gains
                said(t._("What it gains"), "head", gains_w - 2 * CELL_PAD),
            )
        ]
        rows += [
            row(
                user(p.name, "cell", name_w - 2 * CELL_PAD, bold=True),
                user(p.gains, "cell", gains_w - 2 * CELL_PAD),
            )
            for p in c.partners
        ]
        table = Table(rows, colWidths=row(name_w, gains_w), repeatRows=1)
        style = cell_style(padding=2)
        style.add("LINEBELOW", (0, 0), (-1, 0), 0.8, GREY)
        style.add("LINEBELOW", (0, 1), (-1, -2), 0.25, RULE)
        table.setStyle(style)
        parts.append(table)
    offer = details([(labels[7], c.offer_back, False)])
    if offer is not None:
        parts.append(offer)
    if parts:
        story.append(KeepTogether([heading(t._("Solidarity")), *parts]))

    # -- rhythm and review ------------------------------------------------------------------
    rhythm = [(labels[8], c.cadence, False), (labels[9], c.meeting_format, False)]
    if c.session_format is not None:
        fmt = c.session_format
        items = t.format_list(
            [
                # Translators: an item of the session format and its length, e.g. "Welcome (5 min)"
                t._("{title} ({minutes} min)").format(title=title, minutes=t.format_number(m))
                for title, m in fmt.items
            ]
        )
        rhythm.append((labels[10], f"{fmt.name}: {items}" if items else fmt.name, False))
    if c.review_on is not None:
        rhythm.append((labels[11], t.format_date(c.review_on, "long"), True))
    block = details(rhythm)
    if block is not None:
        story.append(KeepTogether([heading(t._("Rhythm and review")), block]))

    buffer = io.BytesIO()
    template = document(
        buffer,
        page,
        pagesize,
        # Translators: the PDF's title (shown by PDF viewers), {community} is the community's name
        t._("Charter – {community}").format(community=doc.community_name),
        top=MARGIN - 4 * mm,
    )
    template.build(story, canvasmaker=footer_canvas(standard_footer(page, width)))
    return buffer.getvalue()


def _outcome_table(c: CharterInput, t: Translator, width: float, said, user, row) -> Table:  # noqa: ANN001
    """One table, the horizons as spanning rows: "This season", its outcomes, "A year or more"…"""
    kinds = [kind_label(k, t) for k in KINDS]
    # Translators: column heading on the printed charter: an outcome the community works toward
    h_outcome = t._("Outcome")
    # Translators: column heading on the printed charter: process or product
    h_kind = t._("Kind")
    # Translators: column heading on the printed charter: the values an outcome serves
    h_values = t._("Serves")
    size = _STYLES["cell"].fontSize
    kind_w = max(measure(s, size) for s in [*kinds, h_kind]) + 2 * CELL_PAD + 2
    values_w = width * 0.3
    text_w = width - kind_w - values_w

    def inner(w: float) -> float:
        return w - 2 * CELL_PAD

    rows = [
        row(
            said(h_outcome, "head", inner(text_w)),
            said(h_kind, "head", inner(kind_w)),
            said(h_values, "head", inner(values_w)),
        )
    ]
    style = cell_style(padding=2)
    style.add("LINEBELOW", (0, 0), (-1, 0), 0.8, GREY)
    for horizon in HORIZONS:
        outcomes = c.outcomes_in(horizon)
        if not outcomes:
            continue
        at = len(rows)
        rows.append(row(said(horizon_label(horizon, t), "cell", inner(width), bold=True), "", ""))
        style.add("SPAN", (0, at), (-1, at))
        if at > 1:
            style.add("LINEABOVE", (0, at), (-1, at), 0.5, GREY)
        for o in outcomes:
            rows.append(
                row(
                    user(o.text, "cell", inner(text_w)),
                    said(kind_label(o.kind, t), "cell", inner(kind_w)),
                    user(t.format_list(list(o.values)), "cell", inner(values_w)),
                )
            )
            style.add("LINEABOVE", (0, len(rows) - 1), (-1, len(rows) - 1), 0.25, RULE)
    table = Table(rows, colWidths=row(text_w, kind_w, values_w), repeatRows=1)
    table.setStyle(style)
    return table
