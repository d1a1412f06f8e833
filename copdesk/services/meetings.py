"""Sessions ("meetings" in code): plan them, give them a timed agenda, record attendance.

Since 0003 a session also has roles with backups (convener behind the scenes, host holding the
room, presenter, note-taker), an audience and purpose shown on the agenda, an outcome recorded
after it happened, a status (planned or cancelled) and, when it came from a recurring schedule,
its series and occurrence date (see :mod:`copdesk.services.schedule`). :class:`MeetingInput` is
unchanged, so the window's edits never reset those: they have their own calls here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field, fields

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from copdesk.errors import NotFound, ValidationError
from copdesk.i18n import N_, Translator, _, ngettext
from copdesk.models import AgendaItem, Attendance, AttendanceStatus, Community, Meeting, Member
from copdesk.models.charter import MeetingOutcome, ValueStory
from copdesk.models.meeting import Contribution, MeetingStatus
from copdesk.models.planning import (
    PairDraw,
    PairGroup,
    PairGroupMember,
    PairLock,
    PlanningSettings,
    PotluckSlot,
    Resource,
    SeriesSkip,
    Topic,
    TopicStatus,
)

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
    # Since 0003 (defaults keep older callers working).
    status: MeetingStatus = MeetingStatus.PLANNED
    series_id: int | None = None
    occurrence_date: dt.date | None = None
    detached: bool = False
    planned_minutes: int | None = None
    presenter_id: int | None = None
    presenter_name: str = ""
    note_taker_id: int | None = None
    note_taker_name: str = ""
    audience: str = ""
    purpose: str = ""
    outcome: str = ""
    sequence: int = 0

    @property
    def cancelled(self) -> bool:
        return self.status == MeetingStatus.CANCELLED

    @property
    def overrun_minutes(self) -> int:
        if self.planned_minutes is None:
            return 0
        return max(0, self.total_minutes - self.planned_minutes)

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
    # Since 0003: the session's other columns and what hung off it, so undo is complete.
    columns: dict[str, object] = field(default_factory=dict)
    rows: dict[str, list[dict[str, object]]] = field(default_factory=dict)
    pair_groups: list[tuple[int, tuple[int, ...]]] = field(default_factory=list)
    linked: dict[str, list[int]] = field(default_factory=dict)


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
    names = _names(db, {i for m in meetings for i in _people(m) if i})
    return [_to_row(m, names, totals.get(m.id, 0) or 0, present.get(m.id, 0)) for m in meetings]


def _people(m: Meeting) -> tuple[int | None, ...]:
    return (m.convener_id, m.host_id, m.presenter_id, m.note_taker_id)


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
        status=MeetingStatus(m.status or MeetingStatus.PLANNED),
        series_id=m.series_id,
        occurrence_date=m.occurrence_date,
        detached=bool(m.detached),
        planned_minutes=m.planned_minutes,
        presenter_id=m.presenter_id,
        presenter_name=names.get(m.presenter_id, "") if m.presenter_id else "",
        note_taker_id=m.note_taker_id,
        note_taker_name=names.get(m.note_taker_id, "") if m.note_taker_id else "",
        audience=m.audience or "",
        purpose=m.purpose or "",
        outcome=m.outcome or "",
        sequence=m.sequence or 0,
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
    names = _names(db, {i for i in _people(m) if i})
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


def agenda_rows(items: list[ItemInput]) -> list[AgendaItem]:
    """New agenda rows for a session, validated, in order."""
    return [
        AgendaItem(position=pos, title=i.title, duration_minutes=i.duration_minutes)
        for pos, i in enumerate(validate_item(i) for i in items)
    ]


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
    changed = False
    for key, value in asdict(clean).items():
        if getattr(meeting, key) != value:
            setattr(meeting, key, value)
            changed = True
    if changed and meeting.series_id is not None:
        meeting.detached = True  # edited by hand: regenerating the series leaves it alone
    db.commit()
    return get_meeting(db, meeting_id).meeting


# Rows that go with a session when it is removed (ON DELETE CASCADE), kept for undo.
_OWNED_ROWS = (Contribution, PairDraw, PairLock, PotluckSlot, MeetingOutcome)
# Rows that stay but lose their link to the session (ON DELETE SET NULL), re-linked on undo.
_LINKED_ROWS = {"topics": Topic, "resources": Resource, "value_stories": ValueStory}
# Columns added in 0003 that MeetingInput does not carry.
_EXTRA_COLUMNS = (
    "series_id",
    "occurrence_date",
    "detached",
    "status",
    "planned_minutes",
    "presenter_id",
    "note_taker_id",
    "convener_backup_id",
    "host_backup_id",
    "presenter_backup_id",
    "note_taker_backup_id",
    "audience",
    "purpose",
    "outcome",
    "sequence",
)
_PEOPLE_COLUMNS = frozenset(c for c in _EXTRA_COLUMNS if c.endswith("_id") and c != "series_id")


def _as_dict(obj: object) -> dict[str, object]:
    return {c.key: getattr(obj, c.key) for c in obj.__mapper__.column_attrs}  # type: ignore[attr-defined]


def remove_meeting(db: Session, meeting_id: int) -> RemovedMeeting:
    """Remove a session and what was recorded for it; the result puts it all back on undo.

    A session of a recurring schedule leaves a *skip* behind, so regenerating the series does not
    bring it back. Topics scheduled for it go back to the backlog as ideas.
    """
    detail = get_meeting(db, meeting_id)
    meeting = _get(db, meeting_id)
    attendance = [
        (a.member_id, a.status.value)
        for a in db.scalars(select(Attendance).where(Attendance.meeting_id == meeting_id))
    ]
    rows = {
        model.__tablename__: [
            _as_dict(r) for r in db.scalars(select(model).where(model.meeting_id == meeting_id))
        ]
        for model in _OWNED_ROWS
    }
    groups = [
        (g.position, tuple(m.member_id for m in g.members))
        for g in db.scalars(
            select(PairGroup).where(PairGroup.meeting_id == meeting_id).order_by(PairGroup.position)
        )
    ]
    linked = {
        name: list(db.scalars(select(model.id).where(model.meeting_id == meeting_id)))
        for name, model in _LINKED_ROWS.items()
    }
    columns = {name: getattr(meeting, name) for name in _EXTRA_COLUMNS}
    for topic in db.scalars(select(Topic).where(Topic.meeting_id == meeting_id)):
        if topic.status == TopicStatus.SCHEDULED:
            topic.status = TopicStatus.IDEA
    if meeting.series_id is not None and meeting.occurrence_date is not None:
        skip = SeriesSkip(series_id=meeting.series_id, occurrence_date=meeting.occurrence_date)
        db.merge(skip)
    db.delete(meeting)
    db.commit()
    return RemovedMeeting(
        row=detail.meeting,
        items=[ItemInput(i.title, i.duration_minutes) for i in detail.items],
        attendance=attendance,
        columns=columns,
        rows=rows,
        pair_groups=groups,
        linked=linked,
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
    members = set(db.scalars(select(Member.id)))
    _restore_columns(db, meeting, removed.columns, members)
    db.add(meeting)
    db.flush()
    for member_id, status in removed.attendance:
        if member_id in members:
            db.add(
                Attendance(
                    meeting_id=meeting.id, member_id=member_id, status=AttendanceStatus(status)
                )
            )
    _restore_rows(db, removed, members)
    db.commit()
    return get_meeting(db, meeting.id).meeting


def _restore_columns(
    db: Session, meeting: Meeting, columns: dict[str, object], members: set[int]
) -> None:
    from copdesk.models.planning import Series

    for name, value in columns.items():
        if name in _PEOPLE_COLUMNS and value not in members:
            value = None
        setattr(meeting, name, value)
    if meeting.series_id is not None:
        if db.get(Series, meeting.series_id) is None:
            meeting.series_id = None
        elif meeting.occurrence_date is not None:
            skip = db.get(SeriesSkip, (meeting.series_id, meeting.occurrence_date))
            if skip is not None:
                db.delete(skip)
                db.flush()


def _restore_rows(db: Session, removed: RemovedMeeting, members: set[int]) -> None:
    for model in _OWNED_ROWS:
        people = [
            c.name
            for c in model.__table__.columns
            if any(fk.column.table.name == "members" for fk in c.foreign_keys)
        ]
        for data in removed.rows.get(model.__tablename__, []):
            values = dict(data)
            gone = [name for name in people if values.get(name) not in members and values[name]]
            if any(not model.__table__.columns[name].nullable for name in gone):
                continue  # the row was about someone removed since
            for name in gone:
                values[name] = None
            db.add(model(**values))
    for position, ids in removed.pair_groups:
        kept = [i for i in ids if i in members]
        if kept:
            group = PairGroup(meeting_id=removed.row.id, position=position)
            group.members = [PairGroupMember(member_id=i, position=k) for k, i in enumerate(kept)]
            db.add(group)
    for name, ids in removed.linked.items():
        model = _LINKED_ROWS[name]
        for obj in db.scalars(select(model).where(model.id.in_(ids), model.meeting_id.is_(None))):
            obj.meeting_id = removed.row.id
            if isinstance(obj, Topic) and obj.status == TopicStatus.IDEA:
                obj.status = TopicStatus.SCHEDULED


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
    """Record who came (present / apologised / absent) to a session, replacing what was there.

    Anonymous placeholders (removed people's counts) are kept and cannot be set here.
    """
    _get(db, meeting_id)
    known = (
        set(
            db.scalars(
                select(Member.id).where(Member.id.in_(statuses), Member.anonymous.is_(False))
            )
        )
        if statuses
        else set()
    )
    missing = set(statuses) - known
    if missing:
        raise ValidationError(
            _("There is no member number {id}.").format(id=min(missing)), field="attendance"
        )
    # Placeholders that keep the counts of people who asked to be removed are not the
    # convener's to change: re-recording a session keeps them.
    anonymous = select(Member.id).where(Member.anonymous.is_(True))
    db.execute(
        delete(Attendance).where(
            Attendance.meeting_id == meeting_id, Attendance.member_id.not_in(anonymous)
        )
    )
    db.add_all(
        Attendance(meeting_id=meeting_id, member_id=mid, status=AttendanceStatus(status))
        for mid, status in statuses.items()
    )
    db.commit()


# -- roles ---------------------------------------------------------------------------------------

ROLES = ("convener", "host", "presenter", "note_taker")
ROLE_LABELS = {
    # Translators: the person who organises the session behind the scenes.
    "convener": N_("convener"),
    # Translators: the person who holds the room during the session.
    "host": N_("host"),
    "presenter": N_("presenter"),
    "note_taker": N_("note-taker"),
}


@dataclass(frozen=True)
class RolesInput:
    """Who does what at a session; each role may have a backup person."""

    convener_id: int | None = None
    host_id: int | None = None
    presenter_id: int | None = None
    note_taker_id: int | None = None
    convener_backup_id: int | None = None
    host_backup_id: int | None = None
    presenter_backup_id: int | None = None
    note_taker_backup_id: int | None = None


@dataclass(frozen=True)
class RoleWarning:
    """Plain data for the window: ``kind`` is "two_roles", "own_backup" or "host_streak"."""

    kind: str
    member_id: int
    message: str
    roles: tuple[str, ...] = ()
    count: int = 0


@dataclass(frozen=True)
class PersonRow:
    id: int
    name: str


def role_label(role: str) -> str:
    return _(ROLE_LABELS[role])


def get_roles(db: Session, meeting_id: int) -> RolesInput:
    m = _get(db, meeting_id)
    return RolesInput(**{f.name: getattr(m, f.name) for f in fields(RolesInput)})


def set_roles(db: Session, meeting_id: int, roles: RolesInput) -> MeetingRow:
    """Fill a session's roles and backups (unknown members are refused, nothing is changed)."""
    m = _get(db, meeting_id)
    values = asdict(roles)
    ids = {v for v in values.values() if v is not None}
    known = set(db.scalars(select(Member.id).where(Member.id.in_(ids)))) if ids else set()
    for name, value in values.items():
        if value is not None and value not in known:
            raise ValidationError(_("There is no member number {id}.").format(id=value), field=name)
    for name, value in values.items():
        setattr(m, name, value)
    db.commit()
    return get_meeting(db, meeting_id).meeting


def role_warnings(db: Session, meeting_id: int, limit: int | None = None) -> list[RoleWarning]:
    """Things a convener should look at: one person in two roles at once, someone backing up
    their own role, and a host who has held the room for ``limit`` sessions in a row (the
    community's rotation setting by default), counting this one."""
    m = _get(db, meeting_id)
    if limit is None:
        settings = db.get(PlanningSettings, 1)
        limit = settings.host_rotation_limit if settings else 3
    roles = get_roles(db, meeting_id)
    names = _names(db, {v for v in asdict(roles).values() if v})
    warnings: list[RoleWarning] = []
    held: dict[int, list[str]] = {}
    for role in ROLES:
        person = getattr(roles, f"{role}_id")
        if person is not None:
            held.setdefault(person, []).append(role)
    for person, mine in held.items():
        if len(mine) > 1:
            warnings.append(
                RoleWarning(
                    kind="two_roles",
                    member_id=person,
                    roles=tuple(mine),
                    count=len(mine),
                    message=ngettext(
                        "{name} holds {count} role at once: {roles}.",
                        "{name} holds {count} roles at once: {roles}.",
                        len(mine),
                    ).format(
                        name=names.get(person, ""),
                        count=len(mine),
                        roles=_list([role_label(r) for r in mine]),
                    ),
                )
            )
    for role in ROLES:
        person = getattr(roles, f"{role}_id")
        if person is not None and getattr(roles, f"{role}_backup_id") == person:
            warnings.append(
                RoleWarning(
                    kind="own_backup",
                    member_id=person,
                    roles=(role,),
                    message=_("{name} is their own backup as {role}.").format(
                        name=names.get(person, ""), role=role_label(role)
                    ),
                )
            )
    if m.host_id is not None:
        streak = host_streak(db, meeting_id)
        if streak >= limit:
            warnings.append(
                RoleWarning(
                    kind="host_streak",
                    member_id=m.host_id,
                    roles=("host",),
                    count=streak,
                    message=ngettext(
                        "{name} has hosted {count} session in a row: time to rotate?",
                        "{name} has hosted {count} sessions in a row: time to rotate?",
                        streak,
                    ).format(name=names.get(m.host_id, ""), count=streak),
                )
            )
    return warnings


def _list(items: list[str]) -> str:
    from copdesk.i18n import window

    return window().format_list(items)


def host_streak(db: Session, meeting_id: int) -> int:
    """How many sessions in a row, up to and including this one, the same person hosted."""
    m = _get(db, meeting_id)
    if m.host_id is None:
        return 0
    earlier = db.execute(
        select(Meeting.id, Meeting.host_id)
        .where(
            Meeting.status == MeetingStatus.PLANNED,
            (Meeting.date < m.date)
            | ((Meeting.date == m.date) & (Meeting.start_time < m.start_time)),
        )
        .order_by(Meeting.date.desc(), Meeting.start_time.desc())
    )
    streak = 1
    for _id, host in earlier:
        if host != m.host_id:
            break
        streak += 1
    return streak


def never_hosted(db: Session) -> list[PersonRow]:
    """Members who have never hosted a session (nor are down to host one), by name."""
    hosts = select(Meeting.host_id).where(
        Meeting.host_id.is_not(None), Meeting.status == MeetingStatus.PLANNED
    )
    rows = db.execute(
        select(Member.id, Member.preferred_name, Member.name).where(Member.id.not_in(hosts))
    )
    people = [PersonRow(mid, preferred or name) for mid, preferred, name in rows]
    return sorted(people, key=lambda p: (p.name.casefold(), p.id))


# -- what a session is for, and what came of it --------------------------------------------------


@dataclass(frozen=True)
class SessionDetails:
    """Who the session is for (newcomers, practitioners of a skill, partner organisations), its
    purpose (both shown on the agenda), and after it happened: notes and the outcome."""

    audience: str = ""
    purpose: str = ""
    notes: str = ""
    outcome: str = ""


def get_details(db: Session, meeting_id: int) -> SessionDetails:
    m = _get(db, meeting_id)
    return SessionDetails(m.audience or "", m.purpose or "", m.notes or "", m.outcome or "")


def set_details(db: Session, meeting_id: int, details: SessionDetails) -> SessionDetails:
    audience = details.audience.strip()
    if len(audience) > 300:
        raise ValidationError(
            _("The audience is too long (at most 300 characters)."), field="audience"
        )
    m = _get(db, meeting_id)
    m.audience, m.purpose = audience, details.purpose.strip()
    m.notes, m.outcome = details.notes, details.outcome
    db.commit()
    return get_details(db, meeting_id)
