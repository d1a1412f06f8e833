"""The participation report of a season: the group over time, share and take, natural next
presenters, organisations, and how the numbers are worked out.

The page is wholly in the community's language and mirrors for a right-to-left one (tables read
right to left, charts run from the right). Charts are reportlab graphics
(:class:`~reportlab.graphics.charts.barcharts.VerticalBarChart`); every label drawn inside a
chart is a number or a numeric date in a bundled font, and every word about a chart (its legend)
is a paragraph beside it, so any script prints. Meaning never rests on colour alone: present
head counts are solid bars, the forecast band is a pale area with dashed edges, newcomers are
solid bars and returners outlined ones with a dashed edge, and the legend says so in words. Every chart has a table of the same
numbers under it.

Privacy: names appear only for members who agreed to be on printed lists; the reach-out list is
not printed (it says who has gone quiet and how to reach them), only how many are on it.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field

from babel.dates import format_skeleton
from reportlab.graphics import renderPDF
from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.renderbase import renderScaledDrawing
from reportlab.graphics.shapes import Drawing, Line, Polygon, Rect
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, KeepTogether, Paragraph, Spacer, Table

from copdesk.i18n import Translator
from copdesk.reports import fonts
from copdesk.reports.layout import (
    CELL_PAD,
    GREY,
    MARGIN,
    RULE,
    Page,
    cell_style,
    document,
    footer_canvas,
    page_size,
    standard_footer,
)
from copdesk.services.participation import Overview, rules_text

CHART_HEIGHT = 52 * mm
DARK = colors.HexColor("#333333")
BAND = colors.HexColor("#d9d9d9")
MAX_LABELS = 16  # date labels under a chart; more sessions label every n-th


@dataclass(frozen=True)
class ParticipationDocument:
    community_name: str
    locale: str  # the community's language: the whole page is in it
    paper: str  # "a4" or "letter"
    overview: Overview
    # Member ids that may appear by name on paper (consent "may appear on printed lists").
    printable: frozenset[int] = field(default_factory=frozenset)


class _Renderer(renderPDF._PDFRenderer):
    """reportlab's PDF renderer, starting in the bundled sans face instead of Helvetica (which it
    would otherwise set, and so list in the PDF as a font that is not embedded)."""

    def initState(self, x, y):  # noqa: N802 - reportlab's name
        self._tracker._combined[-1]["fontName"] = fonts.register(fonts.SANS)
        super().initState(x, y)


class Chart(Drawing):
    """A Drawing that prints with :class:`_Renderer`."""

    def draw(self, showBoundary=None):  # noqa: N803 - reportlab's name
        _Renderer().draw(renderScaledDrawing(self), self.canv, 0, 0, showBoundary=False)


def short_date(t: Translator, day: dt.date) -> str:
    """A numeric day and month ("3/2", "2.3."), without direction marks: for chart axes."""
    text = format_skeleton("Md", day, locale=t.locale)
    return "".join(ch for ch in text if ch not in fonts.BIDI_CONTROLS)


def _face(labels: list[str]) -> str:
    """The one bundled face that has glyphs for every label (the Latin face if none has)."""
    joined = "".join(labels) or "0"
    runs = fonts.font_runs(joined)
    face = runs[0][0] if len({f for f, _c in runs}) == 1 else fonts.SANS
    return fonts.register(face)


def _nice_max(value: float) -> int:
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 500, 1000):
        if value <= step * 5:
            return max(step, int(-(-value // step) * step))
    return int(value) + 1


def _step(top: int) -> int:
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 500, 1000):
        if top / step <= 6:
            return step
    return max(1, top // 5)


def bar_chart(
    t: Translator,
    width: float,
    dates: list[dt.date],
    series: list[list[int]],
    *,
    band: list[tuple[int | None, int | None]] | None = None,
    rtl: bool = False,
) -> Drawing:
    """Bars per session (one series per list, side by side), an optional forecast band, axes with
    numbers and short dates in ``t``'s locale; mirrored when ``rtl``."""
    order = list(range(len(dates)))
    if rtl:
        order.reverse()
    data = [[s[i] for i in order] for s in series]
    shown = [dates[i] for i in order]
    highs = [h for _lo, h in band or [] if h is not None]
    top = _nice_max(max([1, *(v for s in series for v in s), *highs]))
    step = _step(top)
    every = max(1, -(-len(shown) // MAX_LABELS))
    labels = [short_date(t, d) if k % every == 0 else "" for k, d in enumerate(shown)]
    numbers = [t.format_number(v) for v in range(0, top + 1, step)]
    label_face = _face(labels)
    number_face = _face(numbers)

    drawing = Chart(width, CHART_HEIGHT)
    chart = VerticalBarChart()
    margin = 10 * mm
    chart.x = 4 if rtl else margin
    chart.y = 8 * mm
    chart.width = width - margin - 4
    chart.height = CHART_HEIGHT - 8 * mm - 3 * mm
    chart.data = data or [[0]]
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = top
    chart.valueAxis.valueStep = step
    chart.valueAxis.labelTextFormat = lambda v: t.format_number(int(v))
    chart.valueAxis.labels.fontName = number_face
    chart.valueAxis.labels.fontSize = 7.5
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = RULE
    chart.valueAxis.gridStrokeWidth = 0.3
    chart.valueAxis.strokeColor = GREY
    if rtl:
        chart.valueAxis.joinAxisMode = "right"
        chart.valueAxis.labels.boxAnchor = "w"  # numbers to the right of the axis
        chart.valueAxis.labels.dx = 4
    chart.categoryAxis.categoryNames = labels or [""]
    chart.categoryAxis.labels.fontName = label_face
    chart.categoryAxis.labels.fontSize = 7.5
    chart.categoryAxis.labels.dy = -2
    chart.categoryAxis.strokeColor = GREY
    chart.barSpacing = 0.5
    chart.groupSpacing = 3 if len(series) > 1 else 2
    for k in range(len(series)):  # solid, then outlined with a dashed edge: not colour alone
        chart.bars[k].fillColor = DARK if k == 0 else colors.white
        chart.bars[k].strokeColor = DARK
        chart.bars[k].strokeWidth = 0.6 if k == 0 else 1.1
        if k:
            chart.bars[k].strokeDashArray = [2, 1]
    if band:
        drawing.add(_band(chart, [band[i] for i in order], top))
    drawing.add(chart)
    if band:
        for shape in _band_edges(chart, [band[i] for i in order], top):
            drawing.add(shape)
    return drawing


def _slot(chart: VerticalBarChart, index: int, count: int) -> tuple[float, float]:
    """Left and right x of category ``index`` of ``count``."""
    w = chart.width / max(count, 1)
    return chart.x + index * w, chart.x + (index + 1) * w


def _y(chart: VerticalBarChart, value: float, top: int) -> float:
    return chart.y + chart.height * value / top


def _band(chart: VerticalBarChart, band: list, top: int) -> Polygon | Rect:
    points_low: list[float] = []
    points_high: list[float] = []
    n = len(band)
    for i, (low, high) in enumerate(band):
        if low is None or high is None:
            continue
        left, right = _slot(chart, i, n)
        points_high += [left, _y(chart, high, top), right, _y(chart, high, top)]
        points_low += [left, _y(chart, low, top), right, _y(chart, low, top)]
    if not points_high:
        return Rect(0, 0, 0, 0, strokeColor=None, fillColor=None)
    back = []
    for k in range(len(points_low) - 2, -1, -2):
        back += [points_low[k], points_low[k + 1]]
    return Polygon(points_high + back, fillColor=BAND, strokeColor=None)


def _band_edges(chart: VerticalBarChart, band: list, top: int) -> list[Line]:
    out = []
    n = len(band)
    for i, (low, high) in enumerate(band):
        if low is None or high is None:
            continue
        left, right = _slot(chart, i, n)
        for value in (low, high):
            y = _y(chart, value, top)
            out.append(
                Line(left, y, right, y, strokeColor=DARK, strokeWidth=0.9, strokeDashArray=[2, 1.5])
            )
    return out


def swatch(kind: str) -> Drawing:
    """The legend's sample of a series: "solid", "outlined" or "band"."""
    d = Chart(12, 8)
    if kind == "band":
        d.add(Rect(0, 1, 12, 6, fillColor=BAND, strokeColor=None))
        for y in (1, 7):
            d.add(Line(0, y, 12, y, strokeColor=DARK, strokeWidth=0.9, strokeDashArray=[2, 1.5]))
    elif kind == "outlined":
        d.add(
            Rect(
                0.5,
                0.5,
                11,
                7,
                fillColor=colors.white,
                strokeColor=DARK,
                strokeWidth=1.1,
                strokeDashArray=[2, 1],
            )
        )
    else:
        d.add(Rect(0, 0, 12, 8, fillColor=DARK, strokeColor=DARK))
    return d


def render_participation(doc: ParticipationDocument) -> bytes:
    """The report as PDF bytes, in ``doc.locale`` on ``doc.paper``."""
    page = Page(doc.locale)
    t = page.t
    pagesize = page_size(doc.paper)
    width = pagesize[0] - 2 * MARGIN
    ov = doc.overview
    num = t.format_number
    inner = 2 * CELL_PAD

    def heading(text: str) -> Paragraph:
        return page.said(text, "heading", width, bold=True)

    def table(rows: list[list], widths: list[float], *, head: bool = True) -> Table:
        cells = []
        for r, row in enumerate(rows):
            out = []
            for c, (value, w) in enumerate(zip(row, widths, strict=True)):
                if isinstance(value, str):
                    style = "head" if head and r == 0 else "cell"
                    numeric = c > 0 and not (head and r == 0)
                    out.append(
                        page.said(value, style, w - inner)
                        if numeric or (head and r == 0)
                        else page.user(value, style, w - inner)
                    )
                else:
                    out.append(value)
            cells.append(page.row(*out))
        tbl = Table(
            cells,
            colWidths=page.row(*widths),
            repeatRows=1 if head else 0,
            hAlign="RIGHT" if page.rtl else "LEFT",
        )
        style = cell_style(padding=1.5)
        if head:
            style.add("LINEBELOW", (0, 0), (-1, 0), 0.8, GREY)
        style.add("LINEBELOW", (0, 1 if head else 0), (-1, -1), 0.3, RULE)
        tbl.setStyle(style)
        return tbl

    def legend(items: list[tuple[str, str]]) -> Table:
        text_w = (width - len(items) * 8 * mm) / max(len(items), 1)
        cells = []
        widths = []
        for kind, text in items:
            cells += [swatch(kind), page.said(text, "small", text_w - inner)]
            widths += [8 * mm, text_w]
        tbl = Table(
            [page.row(*cells)], colWidths=page.row(*widths), hAlign="RIGHT" if page.rtl else "LEFT"
        )
        style = cell_style(padding=1)
        style.add("VALIGN", (0, 0), (-1, -1), "MIDDLE")
        tbl.setStyle(style)
        return tbl

    # -- title ----------------------------------------------------------------------------------
    # Translators: title of the participation report
    title = t._("Participation report")
    story: list = [page.user(doc.community_name, "title", width, bold=True)]
    if ov.start and ov.end:
        # Translators: the period a participation report covers, e.g. "1 Jan 2026 – 31 Mar 2026"
        period = t._("{start} – {end}").format(
            start=t.format_date(ov.start, "long"), end=t.format_date(ov.end, "long")
        )
    elif ov.start:
        period = t._("from {date}").format(date=t.format_date(ov.start, "long"))
    else:
        period = t._("up to {date}").format(date=t.format_date(ov.end or ov.today, "long"))
    # Translators: under the community's name: "Participation report · 1 Jan 2026 – 31 Mar 2026"
    story.append(
        page.said(t._("{title} · {period}").format(title=title, period=period), "label", width)
    )

    # -- summary --------------------------------------------------------------------------------
    mean = ov.mean_present
    quiet = len(ov.reach_out)
    orgs = ov.organisations
    summary = [
        (t._("Sessions held"), num(len(ov.sessions))),
        (
            t._("Average attendance"),
            t.format_number(round(mean, 1)) if mean is not None else "–",
        ),
        (
            t._("Sessions held on schedule in a row"),
            # Translators: the current on-schedule streak and the longest, e.g. "8 (longest: 12)"
            t._("{current} (longest: {longest})").format(
                current=num(ov.streak.current), longest=num(ov.streak.longest)
            ),
        ),
        (t._("Newcomers"), num(ov.newcomers)),
        (t._("Returners"), num(ov.returners)),
        (
            t._("Shared / took"),
            t._("{shared} / {took}").format(shared=num(ov.group.shared), took=num(ov.group.took)),
        ),
        (
            t._("Taught / learned"),
            t._("{taught} / {learned}").format(
                taught=num(ov.group.taught), learned=num(ov.group.learned)
            ),
        ),
        (t._("Quiet members to reach out to"), num(quiet)),
        (t._("Organisations represented"), num(orgs.represented)),
        (
            t._("Cross-organisation pairs"),
            t._("{cross} of {pairs}").format(cross=num(orgs.cross_pairs), pairs=num(orgs.pairs)),
        ),
    ]
    label_w = width * 0.55
    story.append(Spacer(1, 3 * mm))
    story.append(
        table([[label, value] for label, value in summary], [label_w, width - label_w], head=False)
    )

    # -- attendance -----------------------------------------------------------------------------
    dates = [p.date for p in ov.sessions]
    if ov.sessions:
        story.append(CondPageBreak(CHART_HEIGHT + 30 * mm))
        story.append(heading(t._("Attendance per session")))
        story.append(
            bar_chart(
                t,
                width,
                dates,
                [[p.present for p in ov.sessions]],
                band=[(p.forecast_low, p.forecast_high) for p in ov.sessions],
                rtl=page.rtl,
            )
        )
        story.append(
            legend(
                [
                    ("solid", t._("Present")),
                    ("band", t._("Expected range (forecast from earlier sessions)")),
                ]
            )
        )
        story.append(Spacer(1, 2 * mm))
        cols = [
            t._("Date"),
            t._("Present"),
            t._("Apologised"),
            t._("Expected"),
            t._("Newcomers"),
            t._("Returners"),
        ]
        rows: list[list] = [cols]
        for p in ov.sessions:
            expected = (
                t._("{low}–{high}").format(low=num(p.forecast_low), high=num(p.forecast_high))
                if p.forecast_low is not None
                else "–"
            )
            rows.append(
                [
                    t.format_date(p.date, "medium"),
                    num(p.present),
                    num(p.apologised),
                    expected,
                    num(p.newcomers),
                    num(p.returners),
                ]
            )
        first = width * 0.25
        rest = (width - first) / 5
        story.append(table(rows, [first] + [rest] * 5))

        story.append(CondPageBreak(CHART_HEIGHT + 20 * mm))
        story.append(heading(t._("Newcomers and returners")))
        story.append(
            bar_chart(
                t,
                width,
                dates,
                [[p.newcomers for p in ov.sessions], [p.returners for p in ov.sessions]],
                rtl=page.rtl,
            )
        )
        story.append(legend([("solid", t._("Newcomers")), ("outlined", t._("Returners"))]))
    else:
        story.append(heading(t._("Attendance per session")))
        story.append(page.said(t._("No session was held in this period."), "body", width))

    # -- share and take -------------------------------------------------------------------------
    story.append(CondPageBreak(40 * mm))
    story.append(heading(t._("Share and take")))
    g = ov.group
    story.append(
        page.said(
            t._(
                "The group shared {shared} times and took {took} times; it taught {taught} times "
                "and learned {learned} times."
            ).format(
                shared=num(g.shared), took=num(g.took), taught=num(g.taught), learned=num(g.learned)
            ),
            "body",
            width,
        )
    )
    members = [m for m in ov.members if m.member_id in doc.printable]
    if members:
        cols = [
            t._("Name"),
            t._("Present"),
            t._("Shared"),
            t._("Took"),
            t._("Taught"),
            t._("Learned"),
        ]
        rows = [cols] + [
            [
                m.name,
                num(m.sessions_present),
                num(m.shared),
                num(m.took),
                num(m.taught),
                num(m.learned),
            ]
            for m in members
        ]
        first = width * 0.4
        rest = (width - first) / 5
        story.append(Spacer(1, 2 * mm))
        story.append(table(rows, [first] + [rest] * 5))
    hidden = len(ov.members) - len(members)
    if hidden:
        story.append(
            page.said(
                t.ngettext(
                    "{count} member who asked not to appear on printed lists is counted in the totals only.",
                    "{count} members who asked not to appear on printed lists are counted in the totals only.",
                    hidden,
                ).format(count=num(hidden)),
                "small",
                width,
            )
        )

    # -- natural next presenters ----------------------------------------------------------------
    presenters = [p for p in ov.presenters if p.member_id in doc.printable]
    story.append(CondPageBreak(30 * mm))
    story.append(heading(t._("Natural next presenters")))
    if presenters:
        rows = [[t._("Name"), t._("Can teach"), t._("People who want to learn it")]]
        for p in presenters:
            for k, m in enumerate(p.topics):
                rows.append([p.name if k == 0 else "", m.topic, num(len(m.learners))])
        story.append(table(rows, [width * 0.35, width * 0.4, width * 0.25]))
    else:
        story.append(page.said(t._("Nobody new to suggest for now."), "body", width))

    # -- organisations --------------------------------------------------------------------------
    story.append(CondPageBreak(40 * mm))
    story.append(heading(t._("Organisations")))
    rows = [
        [
            t._("Organisation"),
            t._("Members"),
            t._("Present in the period"),
            t._("Cross-organisation pairs"),
        ]
    ]
    for r in orgs.rows:
        rows.append(
            [
                r.name or t._("No organisation"),
                num(r.members),
                num(r.present_in_period),
                num(r.cross_pairs),
            ]
        )
    story.append(table(rows, [width * 0.4, width * 0.15, width * 0.2, width * 0.25]))
    story.append(
        page.said(
            t._(
                "Random pairs in the period: {pairs}; across organisations: {cross}; within one "
                "organisation: {same}; organisation not known: {unknown}."
            ).format(
                pairs=num(orgs.pairs),
                cross=num(orgs.cross_pairs),
                same=num(orgs.same_pairs),
                unknown=num(orgs.unknown_pairs),
            ),
            "small",
            width,
        )
    )

    # -- how it is worked out -------------------------------------------------------------------
    rules = [heading(t._("How these numbers are worked out"))]
    rules += [page.said(text, "small", width) for text in rules_text(t)]
    story.append(CondPageBreak(60 * mm))
    story.append(KeepTogether(rules[:2]))
    story.extend(rules[2:])

    buffer = io.BytesIO()
    template = document(buffer, page, pagesize, f"{title} – {doc.community_name}")
    template.build(story, canvasmaker=footer_canvas(standard_footer(page, width)))
    return buffer.getvalue()
