"""Assemble the plain data each printout needs, in the community's language and paper size.

Four documents for the room, each for one session: the agenda, the sign-in sheet, name tags and
pair slips (:data:`DOCUMENTS`). ``*_document`` reads the file and returns the plain data of
:mod:`copdesk.reports.data`; ``*_pdf`` renders it (reportlab is imported only then);
:func:`document_pdf` does either by name, for the window and the CLI.

Who is *expected* (sign-in sheet, name tags): every member who agreed to appear on printed lists
(``may_print``), has not moved on (journey state on the session's date) and has not sent apologies
for this session, sorted in the collation of the document's language.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from copdesk.collation import sort_key
from copdesk.errors import FileProblem, ValidationError
from copdesk.i18n import Translator, _, normalize_locale
from copdesk.models import Attendance, AttendanceStatus
from copdesk.reports.data import (
    DEFAULT_LAYOUT,
    LABEL_LAYOUTS,
    AgendaDocument,
    AgendaLine,
    NameTag,
    NameTagDocument,
    PotluckLine,
    SigninDocument,
    SigninLine,
    SlipsDocument,
)
from copdesk.services.community import CommunityInfo, get_community, paper_for
from copdesk.services.meetings import DEFAULT_AGENDA, MeetingDetail, get_meeting

DOCUMENTS: tuple[str, ...] = ("agenda", "signin", "nametags", "slips")
BALLOT_SIZE = 5  # backlog topics on the agenda's ballot
PAIRS_TITLE = DEFAULT_AGENDA[1][0]  # "Random pairs": the agenda item of the pairs round


def _session(
    db: Session, meeting_id: int, locale: str | None, paper: str | None
) -> tuple[CommunityInfo, MeetingDetail, str, str]:
    community = get_community(db)
    detail = get_meeting(db, meeting_id)
    return (
        community,
        detail,
        normalize_locale(locale or community.locale),
        paper_for(community, paper),
    )


# -- the agenda -------------------------------------------------------------------------------


def agenda_document(
    db: Session,
    meeting_id: int,
    *,
    locale: str | None = None,
    paper: str | None = None,
    logo: str | os.PathLike[str] | None = None,
) -> AgendaDocument:
    """The agenda of one session; ``locale``/``paper`` override the community's for this print,
    ``logo`` is an image file to print beside the title instead of the community's own logo."""
    from copdesk.services import logo as logos
    from copdesk.services import pairs, potluck, topics

    community, detail, locale, paper = _session(db, meeting_id, locale, paper)
    # the logo chosen for this print, else the community's own (None if it has none)
    printed = logos.read_logo_file(logo) if logo else logos.get_logo(db)
    m = detail.meeting
    t = Translator(locale)
    drawn = pairs.get_pairs(db, meeting_id)
    groups = [tuple(g.names) for g in drawn.groups] if drawn else []
    pairs_at, pairs_minutes = _pairs_round(detail, community.locale, locale)
    slots = potluck.list_slots(db, meeting_id)
    backlog = [
        row.title for row in topics.list_topics(db, m.date, sort="votes") if row.status == "idea"
    ][:BALLOT_SIZE]
    return AgendaDocument(
        community_name=community.name,
        locale=locale,
        paper=paper,
        date=m.date,
        start_time=m.start_time,
        end_time=m.end_time,
        place=m.place or community.place,
        topic=m.topic,
        convener=m.convener_name,
        host=m.host_name,
        purpose=community.purpose,
        items=[
            AgendaLine(i.starts_at, i.ends_at, i.title, i.duration_minutes) for i in detail.items
        ],
        presenter=m.presenter_name,
        audience=m.audience,
        session_purpose=m.purpose,
        pairs=groups,
        pairs_at=pairs_at if groups else None,
        pairs_minutes=pairs_minutes if groups else None,
        potluck=[
            PotluckLine(
                dish=s.label,
                kind=t._(potluck.KIND_LABELS[s.kind]),
                bringer=s.bringer_name,
                backup=s.backup_name,
                dietary=tuple(s.dietary),
            )
            for s in slots
        ],
        ballot=backlog,
        values=charter_values(db),
        logo=printed.data if printed is not None else None,
    )


def _pairs_round(detail: MeetingDetail, *locales: str) -> tuple[dt.time | None, int | None]:
    """When the pairs round starts and how long it is: the agenda item called "Random pairs" (in
    the community's language, the print's, or English), else nothing."""
    names = {PAIRS_TITLE.casefold()} | {Translator(x)._(PAIRS_TITLE).casefold() for x in locales}
    for item in detail.items:
        if item.title.strip().casefold() in names:
            return item.starts_at, item.duration_minutes
    return None, None


def charter_values(db: Session) -> list[str]:
    """The values of the community's charter (newest version), [] while it has none."""
    try:
        from copdesk.services.charter import current_charter
    except ImportError:  # pragma: no cover - a copy without the charter
        return []
    current = current_charter(db)
    if current is None:
        return []
    return [v for v in current.charter.values if v.strip()]


# -- who is expected ------------------------------------------------------------------------------


def expected_members(db: Session, meeting_id: int, locale: str) -> list:
    """Members expected at a session who may appear on paper, in ``locale``'s order (module doc)."""
    from copdesk.services import roster

    day = get_meeting(db, meeting_id).meeting.date
    states = roster.journey_states(db, day)
    apologised = set(
        db.scalars(
            select(Attendance.member_id).where(
                Attendance.meeting_id == meeting_id,
                Attendance.status == AttendanceStatus.APOLOGISED,
            )
        )
    )
    people = [
        r
        for r in roster.list_members(db)
        if r.may_print
        and r.id not in apologised
        and states.get(r.id) != roster.JourneyState.MOVED_ON
        and r.display_name.strip()
    ]
    key = sort_key(locale)
    people.sort(key=lambda r: (key(r.display_name), key(r.name), r.id))
    return people


# -- the sign-in sheet ----------------------------------------------------------------------------


def signin_document(
    db: Session, meeting_id: int, *, locale: str | None = None, paper: str | None = None
) -> SigninDocument:
    community, detail, locale, paper = _session(db, meeting_id, locale, paper)
    m = detail.meeting
    return SigninDocument(
        community_name=community.name,
        locale=locale,
        paper=paper,
        date=m.date,
        start_time=m.start_time,
        end_time=m.end_time,
        place=m.place or community.place,
        topic=m.topic,
        members=[
            SigninLine(r.display_name, r.organisation)
            for r in expected_members(db, meeting_id, locale)
        ],
    )


# -- name tags ----------------------------------------------------------------------------------


def layout_for(paper: str, layout: str | None = None) -> str:
    """The label layout to print on: the one asked for (its paper must match an explicit paper
    choice), else the usual sheet for the paper."""
    if layout is None:
        return DEFAULT_LAYOUT[paper]
    if layout not in LABEL_LAYOUTS:
        raise ValidationError(
            _("“{layout}” is not a label layout copdesk knows ({known}).").format(
                layout=layout, known=", ".join(LABEL_LAYOUTS)
            ),
            field="layout",
        )
    return layout


def nametag_document(
    db: Session,
    meeting_id: int,
    *,
    locale: str | None = None,
    paper: str | None = None,
    layout: str | None = None,
    blank_tags: int = 2,
) -> NameTagDocument:
    community, detail, locale, resolved_paper = _session(db, meeting_id, locale, paper)
    chosen = layout_for(resolved_paper, layout)
    if paper and LABEL_LAYOUTS[chosen].paper != paper:
        raise ValidationError(
            _("The label layout {layout} is printed on {paper} paper.").format(
                layout=chosen, paper=LABEL_LAYOUTS[chosen].paper.upper()
            ),
            field="layout",
        )
    return NameTagDocument(
        community_name=community.name,
        locale=locale,
        layout=chosen,
        tags=[
            NameTag(r.display_name, r.organisation)
            for r in expected_members(db, meeting_id, locale)
        ],
        blank_tags=blank_tags,
        date=detail.meeting.date,
    )


# -- pair slips ---------------------------------------------------------------------------------


def slips_document(
    db: Session, meeting_id: int, *, locale: str | None = None, paper: str | None = None
) -> SlipsDocument:
    from copdesk.services import pairs

    community, detail, locale, paper = _session(db, meeting_id, locale, paper)
    drawn = pairs.get_pairs(db, meeting_id)
    if drawn is None or not drawn.groups:
        raise ValidationError(
            _(
                "The pairs of session {id} have not been drawn yet: draw them first "
                "(in the window, or with “copdesk pairs FILE --session {id}”)."
            ).format(id=meeting_id)
        )
    at, minutes = _pairs_round(detail, community.locale, locale)
    return SlipsDocument(
        community_name=community.name,
        locale=locale,
        paper=paper,
        date=detail.meeting.date,
        groups=[tuple(g.names) for g in drawn.groups],
        # a different prompt comes first each week
        prompt_offset=detail.meeting.date.toordinal() // 7,
        pairs_at=at,
        pairs_minutes=minutes,
    )


# -- PDF ----------------------------------------------------------------------------------------


def agenda_pdf(
    db: Session,
    meeting_id: int,
    *,
    locale: str | None = None,
    paper: str | None = None,
    logo: str | os.PathLike[str] | None = None,
) -> bytes:
    """The agenda of one session as PDF bytes (what the window and ``copdesk agenda`` print)."""
    document = agenda_document(db, meeting_id, locale=locale, paper=paper, logo=logo)
    from copdesk.reports.agenda import render_agenda  # reportlab loads only when printing

    return render_agenda(document)


def signin_pdf(
    db: Session, meeting_id: int, *, locale: str | None = None, paper: str | None = None
) -> bytes:
    document = signin_document(db, meeting_id, locale=locale, paper=paper)
    from copdesk.reports.signin import render_signin

    return render_signin(document)


def nametags_pdf(
    db: Session,
    meeting_id: int,
    *,
    locale: str | None = None,
    paper: str | None = None,
    layout: str | None = None,
) -> bytes:
    document = nametag_document(db, meeting_id, locale=locale, paper=paper, layout=layout)
    from copdesk.reports.nametags import render_nametags

    return render_nametags(document)


def slips_pdf(
    db: Session, meeting_id: int, *, locale: str | None = None, paper: str | None = None
) -> bytes:
    document = slips_document(db, meeting_id, locale=locale, paper=paper)
    from copdesk.reports.slips import render_slips

    return render_slips(document)


def document_pdf(
    db: Session,
    kind: str,
    meeting_id: int,
    *,
    locale: str | None = None,
    paper: str | None = None,
    layout: str | None = None,
    logo: str | os.PathLike[str] | None = None,
) -> bytes:
    """One of :data:`DOCUMENTS` for a session as PDF bytes (``layout``: name tags only, ``logo``:
    the agenda only)."""
    if kind == "agenda":
        return agenda_pdf(db, meeting_id, locale=locale, paper=paper, logo=logo)
    if kind == "signin":
        return signin_pdf(db, meeting_id, locale=locale, paper=paper)
    if kind == "nametags":
        return nametags_pdf(db, meeting_id, locale=locale, paper=paper, layout=layout)
    if kind == "slips":
        return slips_pdf(db, meeting_id, locale=locale, paper=paper)
    raise ValueError(f"unknown printout: {kind!r}")


def write_file(data: bytes, out: str | os.PathLike[str]) -> Path:
    """Write bytes atomically: a reader never sees half a file, a failure leaves none. What every
    command and window writes out (PDF, CSV, JSON, vCard) goes through here."""
    target = Path(out)
    if not target.parent.is_dir():
        raise FileProblem(_("The folder {folder} does not exist.").format(folder=target.parent))
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".copdesk-", suffix=target.suffix)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, target)
    except PermissionError:
        Path(tmp).unlink(missing_ok=True)
        raise FileProblem(_("You are not allowed to write {path}.").format(path=target)) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


write_pdf = write_file  # the name the printouts were first written with
