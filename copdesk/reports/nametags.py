"""Name tags on common label sheets: the preferred name large, the organisation small.

A layout (:data:`copdesk.reports.data.LABEL_LAYOUTS`) gives the sheet's paper, grid and label size:
Avery L7163 (A4, 2 × 7, 99.1 × 38.1 mm) and 5163 (US Letter, 2 × 5, 4 × 2 in), and 2 × 4 sheets for
A4 and Letter. Every label keeps a crop-safe margin (:data:`SAFE`) free of ink, so a sheet fed a
little askew cuts no letter. A name is set as large as fits on one line (:func:`fitted_size`),
down to a smallest size, and only then wraps. Right-to-left languages fill each row of labels from
the right. Blank tags for newcomers follow the named ones and fill the last sheet.
"""

from __future__ import annotations

import io

from reportlab.lib.units import mm

from copdesk.reports.data import LABEL_LAYOUTS, LabelLayout, NameTag, NameTagDocument
from copdesk.reports.layout import (
    GREY,
    RULE,
    STYLES,
    Page,
    centred,
    fitted_size,
    new_canvas,
    page_size,
    shorten,
    sized,
)

SAFE = 4.5 * mm  # no ink this close to a label's edge (crop-safe)


def layout(name: str) -> LabelLayout:
    try:
        return LABEL_LAYOUTS[name]
    except KeyError:
        raise ValueError(f"unknown label layout: {name!r}") from None


def render_nametags(doc: NameTagDocument) -> bytes:
    """The name tags as PDF bytes, on ``doc.layout``'s sheets."""
    page = Page(doc.locale)
    t = page.t
    sheet = layout(doc.layout)
    pagesize = page_size(sheet.paper)
    tags: list[NameTag | None] = [*doc.tags, *([None] * max(0, doc.blank_tags))]
    if doc.fill_sheet or not tags:
        tags += [None] * (-len(tags) % sheet.per_sheet or (sheet.per_sheet if not tags else 0))

    buffer = io.BytesIO()
    canvas = new_canvas(
        buffer,
        page,
        pagesize,
        # Translators: the PDF's title for name tags, {community} is the community's name
        t._("Name tags – {community}").format(community=doc.community_name),
    )
    heading = page.mark(shorten(doc.community_name, 120))
    if doc.date is not None:
        heading = f"{heading} · {t.format_date(doc.date, 'medium')}"

    per = sheet.per_sheet
    for start in range(0, len(tags), per):
        for index, tag in enumerate(tags[start : start + per]):
            row, column = divmod(index, sheet.columns)
            if page.rtl:
                column = sheet.columns - 1 - column
            x = (sheet.left + column * sheet.column_pitch) * mm
            top = pagesize[1] - (sheet.top + row * sheet.row_pitch) * mm
            _label(canvas, page, sheet, x, top, tag, heading, doc.outline)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _label(canvas, page: Page, sheet: LabelLayout, x, top, tag, heading: str, outline: bool):
    w, h = sheet.width * mm, sheet.height * mm
    if outline:
        canvas.saveState()
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.3)
        canvas.roundRect(x, top - h, w, h, sheet.corner * mm, stroke=1, fill=0)
        canvas.restoreState()
    inner_w = w - 2 * SAFE
    inner_h = h - 2 * SAFE
    left, y = x + SAFE, top - SAFE

    # the community (and date), small, at the top
    small = sized(STYLES["small"], min(7.5, inner_h / 9), textColor=GREY)
    para = centred(page.composed(heading, small, inner_w))
    _w, head_h = para.wrap(inner_w, inner_h)
    if head_h <= inner_h / 3:
        para.drawOn(canvas, left, y - head_h)
    else:
        head_h = 0

    org_h = 0.0
    if tag is not None and tag.organisation.strip():
        organisation = shorten(tag.organisation, 120)
        size = fitted_size(organisation, inner_w - 1, min(11, inner_h / 6), 6.5)
        para = centred(page.user(organisation, sized(STYLES["body"], size), inner_w))
        _w, org_h = para.wrap(inner_w, inner_h)
        para.drawOn(canvas, left, top - h + SAFE)

    # the name, as large as fits, centred in the space between
    room_h = inner_h - head_h - org_h - 2
    if tag is None:
        canvas.saveState()
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.6)
        base = top - h + SAFE + org_h + room_h * 0.3
        canvas.line(left + inner_w * 0.08, base, left + inner_w * 0.92, base)
        canvas.restoreState()
        return
    name = shorten(tag.name, 100)
    largest = max(10.0, min(40.0, room_h * 0.62))
    size = fitted_size(name, inner_w - 1, largest, 9, bold=True)
    name_style = sized(STYLES["body"], size, leading=size * 1.22)
    para = centred(page.user(name, name_style, inner_w, bold=True))
    _w, name_h = para.wrap(inner_w, room_h)
    while name_h > room_h and size > 6:  # very long names: smaller still, on more lines
        size -= 1
        name_style = sized(STYLES["body"], size, leading=size * 1.2)
        para = centred(page.user(name, name_style, inner_w, bold=True))
        _w, name_h = para.wrap(inner_w, room_h)
    bottom = top - h + SAFE + org_h
    para.drawOn(canvas, left, bottom + (room_h - name_h) / 2 + 1)
