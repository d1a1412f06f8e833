"""Assemble the plain data each printout needs, in the community's language and paper size."""

from __future__ import annotations

from sqlalchemy.orm import Session

from copdesk.i18n import normalize_locale
from copdesk.reports.data import AgendaDocument, AgendaLine
from copdesk.services.community import get_community, paper_for
from copdesk.services.meetings import get_meeting


def agenda_document(
    db: Session, meeting_id: int, *, locale: str | None = None, paper: str | None = None
) -> AgendaDocument:
    """The agenda of one session; ``locale``/``paper`` override the community's for this print."""
    community = get_community(db)
    detail = get_meeting(db, meeting_id)
    m = detail.meeting
    return AgendaDocument(
        community_name=community.name,
        locale=normalize_locale(locale or community.locale),
        paper=paper_for(community, paper),
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
    )
