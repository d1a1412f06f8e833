"""Agenda formats (templates of timed items) and the clock of a session's agenda.

The built-in format is the community's proven one (arrival and welcome, ten minutes of random
pairs, a fifty-minute presentation with discussion, a closing round). It is not stored: it is
offered first in :func:`list_formats` with ``id=None`` and titles in the community's language;
saving it under a name makes an editable copy.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from copdesk.errors import NotFound, ValidationError
from copdesk.i18n import N_, Translator, _
from copdesk.models import Community
from copdesk.models.planning import Format, FormatItem
from copdesk.services import meetings
from copdesk.services.meetings import ItemInput, MeetingDetail, clock, timeline, validate_item

BUILTIN_NAME = N_("Proven format")
MAX_PLANNED_MINUTES = 1440


@dataclass(frozen=True)
class FormatInput:
    name: str
    items: list[ItemInput] = field(default_factory=list)
    planned_minutes: int | None = None


@dataclass(frozen=True)
class FormatRow(FormatInput):
    id: int | None = None  # None: the built-in proven format

    @property
    def builtin(self) -> bool:
        return self.id is None

    @property
    def total_minutes(self) -> int:
        return sum(i.duration_minutes for i in self.items)


@dataclass(frozen=True)
class TimedItem:
    position: int
    title: str
    duration_minutes: int
    starts_at: dt.time
    ends_at: dt.time
    # True for the item during which the planned length runs out, and every item after it.
    past_planned_end: bool = False


@dataclass(frozen=True)
class Timing:
    start_time: dt.time
    items: list[TimedItem]
    total_minutes: int
    end_time: dt.time
    planned_minutes: int | None
    planned_end: dt.time | None
    overrun_minutes: int  # 0 when the items fit (or no planned length is set)

    @property
    def overruns(self) -> bool:
        return self.overrun_minutes > 0


# -- pure helpers -------------------------------------------------------------------------------


def move(items: list, source: int, target: int) -> list:
    """``items`` with the one at ``source`` moved to index ``target`` (drag and drop)."""
    if not (0 <= source < len(items) and 0 <= target < len(items)):
        raise ValidationError(_("There is no agenda item at that place."), field="position")
    out = list(items)
    out.insert(target, out.pop(source))
    return out


def timing(
    day: dt.date, start: dt.time, items: list[ItemInput], planned_minutes: int | None = None
) -> Timing:
    """Clock time of each item, the end time, and how far the items overrun the planned length."""
    durations = [i.duration_minutes for i in items]
    total = sum(durations)
    elapsed = 0
    lines = []
    for pos, (item, (starts, ends)) in enumerate(
        zip(items, timeline(day, start, durations), strict=True)
    ):
        late = planned_minutes is not None and elapsed + item.duration_minutes > planned_minutes
        lines.append(TimedItem(pos, item.title, item.duration_minutes, starts, ends, late))
        elapsed += item.duration_minutes
    return Timing(
        start_time=start,
        items=lines,
        total_minutes=total,
        end_time=clock(day, start, total),
        planned_minutes=planned_minutes,
        planned_end=clock(day, start, planned_minutes) if planned_minutes else None,
        overrun_minutes=max(0, total - planned_minutes) if planned_minutes else 0,
    )


def _check_planned(minutes: int | None) -> int | None:
    if minutes is None:
        return None
    try:
        value = int(minutes)
    except (TypeError, ValueError):
        raise ValidationError(
            _("The planned length must be a whole number of minutes."), field="planned_minutes"
        ) from None
    if not 1 <= value <= MAX_PLANNED_MINUTES:
        raise ValidationError(
            _("The planned length must be between 1 and {max} minutes.").format(
                max=MAX_PLANNED_MINUTES
            ),
            field="planned_minutes",
        )
    return value


# -- formats ------------------------------------------------------------------------------------


def _locale(db: Session) -> str:
    community = db.get(Community, 1)
    return community.locale if community else "en"


def builtin_format(locale: str) -> FormatRow:
    t = Translator(locale)
    return FormatRow(
        name=t._(BUILTIN_NAME), items=meetings.default_agenda(locale), planned_minutes=None
    )


def _row(f: Format) -> FormatRow:
    return FormatRow(
        id=f.id,
        name=f.name,
        items=[ItemInput(i.title, i.duration_minutes) for i in f.items],
        planned_minutes=f.planned_minutes,
    )


def list_formats(db: Session) -> list[FormatRow]:
    """The built-in proven format first, then the community's own, by name."""
    own = [_row(f) for f in db.scalars(select(Format).order_by(Format.name, Format.id))]
    return [builtin_format(_locale(db)), *own]


def _get(db: Session, format_id: int) -> Format:
    f = db.get(Format, format_id)
    if f is None:
        raise NotFound(_("There is no agenda format number {id}.").format(id=format_id))
    return f


def get_format(db: Session, format_id: int | None) -> FormatRow:
    return builtin_format(_locale(db)) if format_id is None else _row(_get(db, format_id))


agenda_for_format = get_format


def validate(data: FormatInput) -> FormatInput:
    name = data.name.strip()
    if not name:
        raise ValidationError(_("Please give the format a name."), field="name")
    if len(name) > 200:
        raise ValidationError(_("The name is too long (at most 200 characters)."), field="name")
    return FormatInput(
        name=name,
        items=[validate_item(i) for i in data.items],
        planned_minutes=_check_planned(data.planned_minutes),
    )


def save_format(db: Session, data: FormatInput, format_id: int | None = None) -> FormatRow:
    """Create a format, or replace the items of format ``format_id``."""
    clean = validate(data)
    if format_id is None:
        f = Format(name=clean.name, planned_minutes=clean.planned_minutes)
        db.add(f)
    else:
        f = _get(db, format_id)
        f.name, f.planned_minutes = clean.name, clean.planned_minutes
        f.items.clear()
        db.flush()
    f.items.extend(
        FormatItem(position=pos, title=i.title, duration_minutes=i.duration_minutes)
        for pos, i in enumerate(clean.items)
    )
    db.commit()
    return _row(f)


def remove_format(db: Session, format_id: int) -> FormatRow:
    f = _get(db, format_id)
    row = _row(f)
    db.delete(f)
    db.commit()
    return row


def move_format_item(db: Session, format_id: int, source: int, target: int) -> FormatRow:
    row = get_format(db, format_id)
    return save_format(
        db, FormatInput(row.name, move(row.items, source, target), row.planned_minutes), format_id
    )


def format_timing(
    db: Session, format_id: int | None, start: dt.time, day: dt.date | None = None
) -> Timing:
    row = get_format(db, format_id)
    return timing(day or dt.date(2000, 1, 3), start, row.items, row.planned_minutes)


# -- a session's agenda -------------------------------------------------------------------------


def apply_format(db: Session, meeting_id: int, format_id: int | None) -> MeetingDetail:
    """Give a session the items and planned length of a format (replacing its agenda)."""
    row = get_format(db, format_id)
    m = meetings._get(db, meeting_id)
    m.planned_minutes = row.planned_minutes
    return meetings.set_agenda(db, meeting_id, row.items)


def set_planned_minutes(db: Session, meeting_id: int, minutes: int | None) -> Timing:
    value = _check_planned(minutes)
    meetings._get(db, meeting_id).planned_minutes = value
    db.commit()
    return meeting_timing(db, meeting_id)


def move_agenda_item(db: Session, meeting_id: int, source: int, target: int) -> MeetingDetail:
    """Move one item of a session's agenda (the window's drag and drop)."""
    detail = meetings.get_meeting(db, meeting_id)
    return meetings.set_agenda(db, meeting_id, move(meetings.agenda_inputs(detail), source, target))


def meeting_timing(db: Session, meeting_id: int) -> Timing:
    m = meetings._get(db, meeting_id)
    items = [ItemInput(i.title, i.duration_minutes) for i in m.items]
    return timing(m.date, m.start_time, items, m.planned_minutes)
