"""Assemble the plain data each printout needs, in the community's language and paper size."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from sqlalchemy.orm import Session

from copdesk.errors import FileProblem
from copdesk.i18n import _, normalize_locale
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


def agenda_pdf(
    db: Session, meeting_id: int, *, locale: str | None = None, paper: str | None = None
) -> bytes:
    """The agenda of one session as PDF bytes (what the window and ``copdesk agenda`` print)."""
    document = agenda_document(db, meeting_id, locale=locale, paper=paper)
    from copdesk.reports.agenda import render_agenda  # reportlab loads only when printing

    return render_agenda(document)


def write_pdf(data: bytes, out: str | os.PathLike[str]) -> Path:
    """Write PDF bytes atomically: a reader never sees half a file, a failure leaves none."""
    target = Path(out)
    if not target.parent.is_dir():
        raise FileProblem(_("The folder {folder} does not exist.").format(folder=target.parent))
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".copdesk-", suffix=".pdf")
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
