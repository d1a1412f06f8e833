"""Sessions ("meetings" in code): plan them, give them a timed agenda, record attendance."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field, fields

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from copdesk.errors import NotFound, ValidationError
from copdesk.i18n import N_, Translator, _
from copdesk.models import AgendaItem, Attendance, AttendanceStatus, Community, Meeting, Member

# The group's proven format. Titles are translated into the community's language when a session
# is created, then stored as the convener's own text.
DEFAULT_AGENDA: tuple[tuple[str, int], ...] = (
    (N_("Arrival and welcome"), 5),
    (N_("Random pairs"), 10),
    (N_("Presentation and discussion"), 50),
    (N_("Closing round"), 10),
)
MAX_ITEM_MINUTES = 1440


@dataclass(frozen=True)
class ItemInput:
    title: str
    duration_minutes: int


@dataclass(frozen=True)
class AgendaItemRow:
    id: int
    title: str
    duration_minutes: int
    starts_at: dt.time
    ends_at: dt.time


@dataclass(frozen=True)
class MeetingInput:
    date: dt.date
    start_time: dt.time
    place: str = ""
    topic: str = ""
    convener_id: int | None = None
    host_id: int | None = None
    notes: str = ""


@dataclass(frozen=True)
class MeetingRow(MeetingInput):
    id: int = 0
    convener_name: str = ""
    host_name: str = ""
    total_minutes: int = 0
    present_count: int = 0

    @property
    def end_time(self) -> dt.time:
        return clock(self.date, self.start_time, self.total_minutes)

    def is_upcoming(self, today: dt.date) -> bool:
        return self.date >= today

    def as_input(self) -> MeetingInput:
        return MeetingInput(**{f.name: getattr(self, f.name) for f in fields(MeetingInput)})


@dataclass(frozen=True)
class MeetingDetail:
    meeting: MeetingRow
    items: list[AgendaItemRow]


@dataclass(frozen=True)
class RemovedMeeting:
    row: MeetingRow
    items: list[ItemInput] = field(default_factory=list)
    attendance: list[tuple[int, str]] = field(default_factory=list)


# -- clock arithmetic ---------------------------------------------------------------------------


def clock(day: dt.date, start: dt.time, minutes: int) -> dt.time:
    """The clock time ``minutes`` after ``start`` (wrapping past midnight)."""
    return (dt.datetime.combine(day, start) + dt.timedelta(minutes=minutes)).time()


def timeline(day: dt.date, start: dt.time, durations: list[int]) -> list[tuple[dt.time, dt.time]]:
    """Start and end clock time of each agenda item, run back to back from ``start``."""
    out = []
    elapsed = 0
    for minutes in durations:
        out.append((clock(day, start, elapsed), clock(day, start, elapsed + minutes)))
        elapsed += minutes
    return out


# -- validation ----------------------------------------------------------------------------------


def validate(db: Session, data: MeetingInput) -> MeetingInput:
    if not isinstance(data.date, dt.date):
        raise ValidationError(_("Please choose a date for the session."), field="date")
    if not isinstance(data.start_time, dt.time):
        raise ValidationError(_("Please choose a start time for the session."), field="start_time")
    for member_id, name in ((data.convener_id, "convener_id"), (data.host_id, "host_id")):
        if member_id is not None and db.get(Member, member_id) is None:
            raise ValidationError(
                _("There is no member number {id}.").format(id=member_id), field=name
            )
    return MeetingInput(
        date=data.date,
        start_time=data.start_time.replace(second=0, microsecond=0),
        place=data.place.strip(),
        topic=data.topic.strip(),
        convener_id=data.convener_id,
        host_id=data.host_id,
        notes=data.notes,
    )


def validate_item(item: ItemInput) -> ItemInput:
    title = item.title.strip()
    if not title:
        raise ValidationError(_("Every agenda item needs a title."), field="title")
    try:
        minutes = int(item.duration_minutes)
    except (TypeError, ValueError):
        raise ValidationError(
            _("The duration must be a whole number of minutes."), field="duration_minutes"
        ) from None
    if not 0 <= minutes <= MAX_ITEM_MINUTES:
        raise ValidationError(
            _("The duration must be between 0 and {max} minutes.").format(max=MAX_ITEM_MINUTES),
            field="duration_minutes",
        )
    return ItemInput(title=title, duration_minutes=minutes)


# -- reading -----------------------------------------------------------------------------------


def _names(db: Session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    rows = db.execute(
        select(Member.id, Member.preferred_name, Member.name).where(Member.id.in_(ids))
    )
    return {mid: (preferred or name) for mid, preferred, name in rows}


def list_meetings(db: Session) -> list[MeetingRow]:
    """All sessions, oldest first, with names, planned length and head count filled in."""
    totals = dict(
        db.execute(
            select(AgendaItem.meeting_id, func.sum(AgendaItem.duration_minutes)).group_by(
                AgendaItem.meeting_id
            )
        ).all()
    )
    present = dict(
        db.execute(
            select(Attendance.meeting_id, func.count())
            .where(Attendance.status == AttendanceStatus.PRESENT)
            .group_by(Attendance.meeting_id)
        ).all()
    )
    meetings = list(
        db.scalars(select(Meeting).order_by(Meeting.date, Meeting.start_time, Meeting.id))
    )
    names = _names(db, {i for m in meetings for i in (m.convener_id, m.host_id) if i})
    return [_to_row(m, names, totals.get(m.id, 0) or 0, present.get(m.id, 0)) for m in meetings]


def _to_row(m: Meeting, names: dict[int, str], total: int, present: int) -> MeetingRow:
    return MeetingRow(
        id=m.id,
        date=m.date,
        start_time=m.start_time,
        place=m.place,
        topic=m.topic,
        convener_id=m.convener_id,
        host_id=m.host_id,
        notes=m.notes,
        convener_name=names.get(m.convener_id, "") if m.convener_id else "",
        host_name=names.get(m.host_id, "") if m.host_id else "",
        total_minutes=total,
        present_count=present,
    )


def _get(db: Session, meeting_id: int) -> Meeting:
    meeting = db.get(Meeting, meeting_id)
    if meeting is None:
        raise NotFound(_("There is no session number {id}.").format(id=meeting_id))
    return meeting


def get_meeting(db: Session, meeting_id: int) -> MeetingDetail:
    m = _get(db, meeting_id)
    items = list(m.items)
    times = timeline(m.date, m.start_time, [i.duration_minutes for i in items])
    present = db.scalar(
        select(func.count()).where(
            Attendance.meeting_id == m.id, Attendance.status == AttendanceStatus.PRESENT
        )
    )
    names = _names(db, {i for i in (m.convener_id, m.host_id) if i})
    row = _to_row(m, names, sum(i.duration_minutes for i in items), present or 0)
    return MeetingDetail(
        meeting=row,
        items=[
            AgendaItemRow(i.id, i.title, i.duration_minutes, start, end)
            for i, (start, end) in zip(items, times, strict=True)
        ],
    )


def next_meeting_id(db: Session, today: dt.date) -> int | None:
    """The first session on or after ``today``."""
    return db.scalar(
        select(Meeting.id)
        .where(Meeting.date >= today)
        .order_by(Meeting.date, Meeting.start_time, Meeting.id)
        .limit(1)
    )


def suggest_next(db: Session, today: dt.date) -> MeetingInput:
    """A sensible new session: the community's weekday and time, after the last planned one."""
    community = db.get(Community, 1)
    weekday = community.meeting_weekday if community else 1
    start = community.meeting_time if community else dt.time(18, 0)
    place = community.place if community else ""
    last = db.scalar(select(func.max(Meeting.date)))
    after = max(today, last + dt.timedelta(days=1)) if last else today
    day = after + dt.timedelta(days=(weekday - after.weekday()) % 7)
    return MeetingInput(date=day, start_time=start, place=place)


def default_agenda(locale: str) -> list[ItemInput]:
    t = Translator(locale)
    return [ItemInput(t._(title), minutes) for title, minutes in DEFAULT_AGENDA]


# -- writing -----------------------------------------------------------------------------------


def add_meeting(
    db: Session, data: MeetingInput, items: list[ItemInput] | None = None
) -> MeetingRow:
    """Add a session; without ``items`` it gets the default agenda in the community's language."""
    clean = validate(db, data)
    if items is None:
        community = db.get(Community, 1)
        items = default_agenda(community.locale if community else "en")
    clean_items = [validate_item(i) for i in items]
    meeting = Meeting(**asdict(clean))
    meeting.items = [
        AgendaItem(position=pos, title=i.title, duration_minutes=i.duration_minutes)
        for pos, i in enumerate(clean_items)
    ]
    db.add(meeting)
    db.commit()
    return get_meeting(db, meeting.id).meeting


def update_meeting(db: Session, meeting_id: int, data: MeetingInput) -> MeetingRow:
    clean = validate(db, data)
    meeting = _get(db, meeting_id)
    for key, value in asdict(clean).items():
        setattr(meeting, key, value)
    db.commit()
    return get_meeting(db, meeting_id).meeting


def remove_meeting(db: Session, meeting_id: int) -> RemovedMeeting:
    detail = get_meeting(db, meeting_id)
    attendance = [
        (a.member_id, a.status.value)
        for a in db.scalars(select(Attendance).where(Attendance.meeting_id == meeting_id))
    ]
    db.delete(_get(db, meeting_id))
    db.commit()
    return RemovedMeeting(
        row=detail.meeting,
        items=[ItemInput(i.title, i.duration_minutes) for i in detail.items],
        attendance=attendance,
    )


def restore_meeting(db: Session, removed: RemovedMeeting) -> MeetingRow:
    if db.get(Meeting, removed.row.id) is not None:
        raise ValidationError(_("This session is already back in the list."))
    data = removed.row.as_input()
    # People removed since keep their place empty rather than blocking the undo.
    people = {i for i in (data.convener_id, data.host_id) if i}
    alive = set(db.scalars(select(Member.id).where(Member.id.in_(people)))) if people else set()
    meeting = Meeting(id=removed.row.id, **asdict(data))
    if meeting.convener_id not in alive:
        meeting.convener_id = None
    if meeting.host_id not in alive:
        meeting.host_id = None
    meeting.items = [
        AgendaItem(position=pos, title=i.title, duration_minutes=i.duration_minutes)
        for pos, i in enumerate(removed.items)
    ]
    db.add(meeting)
    db.flush()
    members = set(db.scalars(select(Member.id)))
    for member_id, status in removed.attendance:
        if member_id in members:
            db.add(
                Attendance(
                    meeting_id=meeting.id, member_id=member_id, status=AttendanceStatus(status)
                )
            )
    db.commit()
    return get_meeting(db, meeting.id).meeting


def set_agenda(db: Session, meeting_id: int, items: list[ItemInput]) -> MeetingDetail:
    """Replace a session's whole agenda in one transaction (also how undo restores it)."""
    meeting = _get(db, meeting_id)
    clean = [validate_item(i) for i in items]
    db.execute(delete(AgendaItem).where(AgendaItem.meeting_id == meeting_id))
    db.expire(meeting, ["items"])
    for pos, i in enumerate(clean):
        db.add(
            AgendaItem(
                meeting_id=meeting_id,
                position=pos,
                title=i.title,
                duration_minutes=i.duration_minutes,
            )
        )
    db.commit()
    return get_meeting(db, meeting_id)


def agenda_inputs(detail: MeetingDetail) -> list[ItemInput]:
    return [ItemInput(i.title, i.duration_minutes) for i in detail.items]


def set_attendance(db: Session, meeting_id: int, statuses: dict[int, AttendanceStatus]) -> None:
    """Record who came (present / apologised / absent) to a session, replacing what was there."""
    _get(db, meeting_id)
    known = set(db.scalars(select(Member.id).where(Member.id.in_(statuses)))) if statuses else set()
    missing = set(statuses) - known
    if missing:
        raise ValidationError(
            _("There is no member number {id}.").format(id=min(missing)), field="attendance"
        )
    db.execute(delete(Attendance).where(Attendance.meeting_id == meeting_id))
    db.add_all(
        Attendance(meeting_id=meeting_id, member_id=mid, status=AttendanceStatus(status))
        for mid, status in statuses.items()
    )
    db.commit()
