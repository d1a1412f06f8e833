"""Links and documents people shared, per session or for the whole community, searchable."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from copdesk.collation import fold
from copdesk.errors import NotFound, ValidationError
from copdesk.i18n import _
from copdesk.models import Member
from copdesk.models.planning import Resource
from copdesk.services import meetings


@dataclass(frozen=True)
class ResourceInput:
    title: str
    link: str = ""  # a web address or a document's path
    shared_by_id: int | None = None
    tags: tuple[str, ...] = ()
    meeting_id: int | None = None  # None: for the whole community
    added_on: dt.date | None = None  # None: today


@dataclass(frozen=True)
class ResourceRow(ResourceInput):
    id: int = 0
    shared_by_name: str = ""
    meeting_date: dt.date | None = None


def _tags(tags: tuple[str, ...] | list[str] | str) -> tuple[str, ...]:
    parts = tags.split(",") if isinstance(tags, str) else tags
    out: list[str] = []
    for tag in parts:
        clean = " ".join(tag.split())
        if clean and fold(clean) not in {fold(t) for t in out}:
            out.append(clean)
    return tuple(out)


def validate(db: Session, data: ResourceInput) -> ResourceInput:
    title = " ".join(data.title.split())
    if not title:
        raise ValidationError(_("Every resource needs a title."), field="title")
    if len(title) > 300:
        raise ValidationError(_("The title is too long (at most 300 characters)."), field="title")
    link = data.link.strip()
    if len(link) > 2000:
        raise ValidationError(_("The link is too long (at most 2000 characters)."), field="link")
    if data.shared_by_id is not None and db.get(Member, data.shared_by_id) is None:
        raise ValidationError(
            _("There is no member number {id}.").format(id=data.shared_by_id), field="shared_by_id"
        )
    if data.meeting_id is not None:
        meetings._get(db, data.meeting_id)
    tags = _tags(data.tags)
    if len(", ".join(tags)) > 500:
        raise ValidationError(_("Too many tags."), field="tags")
    return ResourceInput(
        title, link, data.shared_by_id, tags, data.meeting_id, data.added_on or dt.date.today()
    )


def _rows(db: Session, resources: list[Resource]) -> list[ResourceRow]:
    names = meetings._names(db, {r.shared_by_id for r in resources if r.shared_by_id})
    dates = {r.meeting_id: meetings._get(db, r.meeting_id).date for r in resources if r.meeting_id}
    return [
        ResourceRow(
            title=r.title,
            link=r.link,
            shared_by_id=r.shared_by_id,
            tags=_tags(r.tags),
            meeting_id=r.meeting_id,
            added_on=r.added_on,
            id=r.id,
            shared_by_name=names.get(r.shared_by_id, "") if r.shared_by_id else "",
            meeting_date=dates.get(r.meeting_id),
        )
        for r in resources
    ]


def list_resources(db: Session, meeting_id: int | None = None) -> list[ResourceRow]:
    """A session's resources, or (``meeting_id`` None) every resource of the community; newest
    first."""
    query = select(Resource).order_by(Resource.added_on.desc(), Resource.id.desc())
    if meeting_id is not None:
        meetings._get(db, meeting_id)
        query = query.where(Resource.meeting_id == meeting_id)
    return _rows(db, list(db.scalars(query)))


def search_resources(db: Session, text: str, meeting_id: int | None = None) -> list[ResourceRow]:
    """Resources where every word of ``text`` appears in the title, link, tags or sharer's
    name, ignoring case and accents ("cafe" finds "Café")."""
    words = fold(text).split()
    rows = list_resources(db, meeting_id)
    if not words:
        return rows

    def haystack(r: ResourceRow) -> str:
        return fold(" ".join((r.title, r.link, " ".join(r.tags), r.shared_by_name)))

    return [r for r in rows if all(w in haystack(r) for w in words)]


def _get(db: Session, resource_id: int) -> Resource:
    r = db.get(Resource, resource_id)
    if r is None:
        raise NotFound(_("There is no resource number {id}.").format(id=resource_id))
    return r


def add_resource(db: Session, data: ResourceInput) -> ResourceRow:
    clean = validate(db, data)
    r = Resource(
        title=clean.title,
        link=clean.link,
        shared_by_id=clean.shared_by_id,
        tags=", ".join(clean.tags),
        meeting_id=clean.meeting_id,
        added_on=clean.added_on,
    )
    db.add(r)
    db.commit()
    return _rows(db, [r])[0]


def update_resource(db: Session, resource_id: int, data: ResourceInput) -> ResourceRow:
    r = _get(db, resource_id)
    clean = validate(
        db, ResourceInput(**{**data.__dict__, "added_on": data.added_on or r.added_on})
    )
    r.title, r.link, r.shared_by_id = clean.title, clean.link, clean.shared_by_id
    r.tags, r.meeting_id, r.added_on = ", ".join(clean.tags), clean.meeting_id, clean.added_on
    db.commit()
    return _rows(db, [r])[0]


def remove_resource(db: Session, resource_id: int) -> ResourceRow:
    r = _get(db, resource_id)
    row = _rows(db, [r])[0]
    db.delete(r)
    db.commit()
    return row
