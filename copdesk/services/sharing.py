"""Sharing the plan: the schedule as an iCalendar file, and an announcement for a group chat.

Calendar entries must update, not duplicate, when a session changes, so each session's UID is
made from the file's random calendar id and the session's number (never from its date), and its
SEQUENCE grows with every change a calendar shows (see :data:`copdesk.models.meeting.
CALENDAR_FIELDS`). Times are the community's wall-clock times with a TZID for its IANA time zone
and a matching VTIMEZONE, so an 18:00 session shows at 18:00 on both sides of a DST change.
Cancelled sessions stay in the file with STATUS:CANCELLED, so calendars remove them.

Both texts are in the community's language (:class:`copdesk.i18n.Translator`).
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from copdesk import __version__
from copdesk.errors import ValidationError
from copdesk.i18n import Translator, _
from copdesk.models import Community, Meeting
from copdesk.models.meeting import MeetingStatus
from copdesk.services import meetings, potluck, schedule

DEFAULT_MINUTES = 60  # length of a session without an agenda


def session_uid(calendar_uid: str, meeting_id: int) -> str:
    return f"session-{meeting_id}-{calendar_uid}@copdesk"


def _community(db: Session) -> Community | None:
    return db.get(Community, 1)


def calendar(db: Session, now: dt.datetime | None = None) -> bytes:
    """Every session as an iCalendar (RFC 5545) file."""
    from icalendar import Calendar, Event

    settings = schedule.get_settings(db)
    zone = ZoneInfo(settings.time_zone)
    community = _community(db)
    t = Translator(community.locale if community else "en")
    name = community.name if community else "copdesk"
    stamp = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    cal = Calendar()
    cal.add("prodid", f"-//copdesk//copdesk {__version__}//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", settings.time_zone)
    for row in meetings.list_meetings(db):
        start = dt.datetime.combine(row.date, row.start_time, tzinfo=zone)
        minutes = max(row.total_minutes, row.planned_minutes or 0) or DEFAULT_MINUTES
        event = Event()
        event.add("uid", session_uid(settings.calendar_uid, row.id))
        event.add("dtstamp", stamp)
        event.add("dtstart", start)
        event.add("dtend", start + dt.timedelta(minutes=minutes))
        event.add(
            "summary",
            t._("{community}: {topic}").format(community=name, topic=row.topic)
            if row.topic
            else name,
        )
        if row.place:
            event.add("location", row.place)
        description = _description(t, row)
        if description:
            event.add("description", description)
        event.add("status", "CANCELLED" if row.cancelled else "CONFIRMED")
        event.add("sequence", row.sequence)
        updated = db.scalar(select(Meeting.updated_at).where(Meeting.id == row.id))
        if updated is not None:
            event.add("last-modified", updated.replace(tzinfo=dt.UTC))
        cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()


def _description(t: Translator, row: meetings.MeetingRow) -> str:
    lines = []
    if row.presenter_name:
        lines.append(t._("Presenter: {name}").format(name=row.presenter_name))
    if row.audience:
        lines.append(t._("For: {audience}").format(audience=row.audience))
    if row.purpose:
        lines.append(t._("Purpose: {purpose}").format(purpose=row.purpose))
    if row.host_name:
        lines.append(t._("Host: {name}").format(name=row.host_name))
    return "\n".join(lines)


def write_calendar(db: Session, out: str | os.PathLike[str]) -> Path:
    """Write :func:`calendar` to ``out`` (".ics" added if missing), replacing it whole."""
    path = Path(out)
    if path.suffix.lower() != ".ics":
        path = path.with_name(path.name + ".ics")
    if not path.parent.is_dir():
        raise ValidationError(_("The folder {folder} does not exist.").format(folder=path.parent))
    data = calendar(db)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
    return path


# -- announcement ---------------------------------------------------------------------------------


def next_session(db: Session, today: dt.date) -> int | None:
    """The next session from ``today`` that is not cancelled."""
    return db.scalar(
        select(Meeting.id)
        .where(Meeting.date >= today, Meeting.status == MeetingStatus.PLANNED)
        .order_by(Meeting.date, Meeting.start_time, Meeting.id)
        .limit(1)
    )


def announcement(
    db: Session,
    meeting_id: int | None = None,
    *,
    today: dt.date | None = None,
    locale: str | None = None,
) -> str:
    """A short text for the group chat: date, time, place, topic, presenter, who it is for, and
    the potluck slots still open. In the community's language unless ``locale`` is given."""
    if meeting_id is None:
        meeting_id = next_session(db, today or dt.date.today())
        if meeting_id is None:
            raise ValidationError(_("There is no upcoming session in this community."))
    detail = meetings.get_meeting(db, meeting_id)
    row = detail.meeting
    community = _community(db)
    t = Translator(locale or (community.locale if community else "en"))
    name = community.name if community else ""
    lines = [
        t._("Next session of {community}").format(community=name) if name else t._("Next session")
    ]
    if row.cancelled:
        lines.append(t._("This session is cancelled."))
    lines.append(
        t._("When: {date}, {start}–{end}").format(
            date=t.format_date(row.date, "full"),
            start=t.format_time(row.start_time),
            end=t.format_time(row.end_time),
        )
    )
    if row.place:
        lines.append(t._("Where: {place}").format(place=row.place))
    if row.topic:
        lines.append(t._("Topic: {topic}").format(topic=row.topic))
    if row.presenter_name:
        lines.append(t._("Presenter: {name}").format(name=row.presenter_name))
    if row.audience:
        lines.append(t._("For: {audience}").format(audience=row.audience))
    open_slots = [s.label for s in potluck.list_slots(db, meeting_id) if s.open]
    if open_slots:
        lines.append(
            t.ngettext(
                "Potluck: {count} dish still needs someone to bring it: {slots}.",
                "Potluck: {count} dishes still need someone to bring them: {slots}.",
                len(open_slots),
            ).format(count=t.format_number(len(open_slots)), slots=t.format_list(open_slots))
        )
    return "\n".join(lines)
