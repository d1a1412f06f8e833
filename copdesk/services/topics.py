"""The backlog of topics people want to see presented.

Votes are counted, not cast one by one: a convener types in the number of hands raised, or the
tally of a paper ballot, with its date. A topic's votes are the sum of those counts (each count is
votes *added* that day); the history keeps each count and its date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from copdesk.errors import NotFound, ValidationError
from copdesk.i18n import _
from copdesk.models import Meeting, Member
from copdesk.models.planning import Topic, TopicStatus, TopicVolunteer, TopicVote
from copdesk.services import meetings
from copdesk.services.meetings import PersonRow

SORTS = ("votes", "waiting")


@dataclass(frozen=True)
class TopicInput:
    title: str
    description: str = ""
    suggested_by_id: int | None = None
    suggested_on: dt.date | None = None  # None: today


@dataclass(frozen=True)
class TopicRow:
    id: int
    title: str
    description: str
    suggested_by_id: int | None
    suggested_by_name: str
    suggested_on: dt.date
    status: TopicStatus
    votes: int
    last_voted_on: dt.date | None
    volunteers: tuple[PersonRow, ...]
    meeting_id: int | None = None
    meeting_date: dt.date | None = None
    waiting_days: int = 0  # since it was suggested (up to today)


@dataclass(frozen=True)
class VoteRow:
    id: int
    voted_on: dt.date
    count: int
    note: str


def _get(db: Session, topic_id: int) -> Topic:
    t = db.get(Topic, topic_id)
    if t is None:
        raise NotFound(_("There is no topic number {id}.").format(id=topic_id))
    return t


def _check_member(db: Session, member_id: int | None, field: str) -> None:
    if member_id is not None and db.get(Member, member_id) is None:
        raise ValidationError(
            _("There is no member number {id}.").format(id=member_id), field=field
        )


def validate(db: Session, data: TopicInput, today: dt.date) -> TopicInput:
    title = " ".join(data.title.split())
    if not title:
        raise ValidationError(_("Every topic needs a title."), field="title")
    if len(title) > 300:
        raise ValidationError(_("The title is too long (at most 300 characters)."), field="title")
    _check_member(db, data.suggested_by_id, "suggested_by_id")
    return TopicInput(
        title, data.description.strip(), data.suggested_by_id, data.suggested_on or today
    )


def _rows(db: Session, today: dt.date, ids: list[int] | None = None) -> list[TopicRow]:
    query = select(Topic)
    if ids is not None:
        query = query.where(Topic.id.in_(ids))
    topics = list(db.scalars(query))
    if not topics:
        return []
    tally = {
        tid: (total, last)
        for tid, total, last in db.execute(
            select(TopicVote.topic_id, func.sum(TopicVote.count), func.max(TopicVote.voted_on))
            .where(TopicVote.topic_id.in_([t.id for t in topics]))
            .group_by(TopicVote.topic_id)
        )
    }
    volunteers: dict[int, list[int]] = {}
    for tid, mid in db.execute(
        select(TopicVolunteer.topic_id, TopicVolunteer.member_id).order_by(TopicVolunteer.member_id)
    ):
        volunteers.setdefault(tid, []).append(mid)
    people = {t.suggested_by_id for t in topics if t.suggested_by_id}
    people |= {m for ms in volunteers.values() for m in ms}
    names = meetings._names(db, people)
    dates = dict(
        db.execute(
            select(Meeting.id, Meeting.date).where(
                Meeting.id.in_([t.meeting_id for t in topics if t.meeting_id])
            )
        ).all()
    )
    return [
        TopicRow(
            id=t.id,
            title=t.title,
            description=t.description,
            suggested_by_id=t.suggested_by_id,
            suggested_by_name=names.get(t.suggested_by_id, "") if t.suggested_by_id else "",
            suggested_on=t.suggested_on,
            status=TopicStatus(t.status),
            votes=int(tally.get(t.id, (0, None))[0] or 0),
            last_voted_on=tally.get(t.id, (0, None))[1],
            volunteers=tuple(PersonRow(m, names.get(m, "")) for m in volunteers.get(t.id, [])),
            meeting_id=t.meeting_id,
            meeting_date=dates.get(t.meeting_id),
            waiting_days=max(0, (today - t.suggested_on).days),
        )
        for t in topics
    ]


def get_topic(db: Session, topic_id: int, today: dt.date | None = None) -> TopicRow:
    _get(db, topic_id)
    return _rows(db, today or dt.date.today(), [topic_id])[0]


def list_topics(
    db: Session, today: dt.date, sort: str = "votes", include_done: bool = False
) -> list[TopicRow]:
    """The backlog. ``sort="votes"``: most votes first (then the longest waiting);
    ``sort="waiting"``: the longest waiting first (then most votes). Done topics are left out
    unless ``include_done``."""
    if sort not in SORTS:
        raise ValueError(sort)
    rows = [r for r in _rows(db, today) if include_done or r.status != TopicStatus.DONE]
    if sort == "votes":
        rows.sort(key=lambda r: (-r.votes, r.suggested_on, r.id))
    else:
        rows.sort(key=lambda r: (r.suggested_on, -r.votes, r.id))
    return rows


def add_topic(db: Session, data: TopicInput, today: dt.date) -> TopicRow:
    clean = validate(db, data, today)
    t = Topic(
        title=clean.title,
        description=clean.description,
        suggested_by_id=clean.suggested_by_id,
        suggested_on=clean.suggested_on,
        status=TopicStatus.IDEA,
    )
    db.add(t)
    db.commit()
    return get_topic(db, t.id, today)


def update_topic(db: Session, topic_id: int, data: TopicInput, today: dt.date) -> TopicRow:
    t = _get(db, topic_id)
    clean = validate(
        db,
        TopicInput(
            data.title, data.description, data.suggested_by_id, data.suggested_on or t.suggested_on
        ),
        today,
    )
    t.title, t.description = clean.title, clean.description
    t.suggested_by_id, t.suggested_on = clean.suggested_by_id, clean.suggested_on
    db.commit()
    return get_topic(db, topic_id, today)


def remove_topic(db: Session, topic_id: int) -> None:
    db.delete(_get(db, topic_id))
    db.commit()


def record_votes(db: Session, topic_id: int, count: int, on: dt.date, note: str = "") -> TopicRow:
    """Add a count of votes (hands raised, ballots) on a date."""
    _get(db, topic_id)
    try:
        value = int(count)
    except (TypeError, ValueError):
        value = -1
    if value < 0:
        raise ValidationError(
            _("The number of votes must be a whole number, 0 or more."), field="count"
        )
    db.add(TopicVote(topic_id=topic_id, voted_on=on, count=value, note=note.strip()[:200]))
    db.commit()
    return get_topic(db, topic_id, on)


def vote_history(db: Session, topic_id: int) -> list[VoteRow]:
    _get(db, topic_id)
    return [
        VoteRow(v.id, v.voted_on, v.count, v.note)
        for v in db.scalars(
            select(TopicVote)
            .where(TopicVote.topic_id == topic_id)
            .order_by(TopicVote.voted_on, TopicVote.id)
        )
    ]


def remove_vote(db: Session, vote_id: int) -> None:
    db.execute(delete(TopicVote).where(TopicVote.id == vote_id))
    db.commit()


def volunteer(db: Session, topic_id: int, member_id: int) -> TopicRow:
    """Note that someone offers to present this topic."""
    _get(db, topic_id)
    _check_member(db, member_id, "member_id")
    if db.get(TopicVolunteer, (topic_id, member_id)) is None:
        db.add(TopicVolunteer(topic_id=topic_id, member_id=member_id))
    db.commit()
    return get_topic(db, topic_id)


def withdraw(db: Session, topic_id: int, member_id: int) -> TopicRow:
    _get(db, topic_id)
    db.execute(
        delete(TopicVolunteer).where(
            TopicVolunteer.topic_id == topic_id, TopicVolunteer.member_id == member_id
        )
    )
    db.commit()
    return get_topic(db, topic_id)


def schedule_topic(
    db: Session, topic_id: int, meeting_id: int, presenter_id: int | None = None
) -> TopicRow:
    """Put a topic on a session: the session's topic becomes its title and its presenter the
    given person, else the volunteer (the first one, by member number, when several offered;
    else the session's presenter is kept). A topic that session had before goes back to the
    backlog as an idea."""
    t = _get(db, topic_id)
    m = meetings._get(db, meeting_id)
    _check_member(db, presenter_id, "presenter_id")
    if presenter_id is None:
        presenter_id = db.scalar(
            select(TopicVolunteer.member_id)
            .where(TopicVolunteer.topic_id == topic_id)
            .order_by(TopicVolunteer.member_id)
            .limit(1)
        )
    for other in db.scalars(
        select(Topic).where(Topic.meeting_id == meeting_id, Topic.id != topic_id)
    ):
        other.meeting_id = None
        if other.status == TopicStatus.SCHEDULED:
            other.status = TopicStatus.IDEA
    m.topic = t.title[:300]
    if presenter_id is not None:
        m.presenter_id = presenter_id
    t.meeting_id, t.status = meeting_id, TopicStatus.SCHEDULED
    db.commit()
    return get_topic(db, topic_id)


def unschedule_topic(db: Session, topic_id: int) -> TopicRow:
    """Take a topic off its session (the session keeps its text; the topic is an idea again)."""
    t = _get(db, topic_id)
    t.meeting_id, t.status = None, TopicStatus.IDEA
    db.commit()
    return get_topic(db, topic_id)


def mark_done(db: Session, topic_id: int) -> TopicRow:
    t = _get(db, topic_id)
    t.status = TopicStatus.DONE
    db.commit()
    return get_topic(db, topic_id)
