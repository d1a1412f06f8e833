"""The iCalendar export (parsed back with icalendar) and the announcement text."""

from __future__ import annotations

import datetime as dt

import pytest
from babel.dates import format_date, format_time
from icalendar import Calendar

from copdesk.errors import ValidationError
from copdesk.models.planning import Frequency
from copdesk.services import community as communities
from copdesk.services import meetings, potluck, roster, schedule, sharing
from copdesk.services.meetings import MeetingInput, RolesInput, SessionDetails
from copdesk.services.schedule import SeriesInput

D = dt.date
T = dt.time


def events(db) -> dict[str, object]:
    cal = Calendar.from_ical(sharing.calendar(db))
    return {str(e["uid"]): e for e in cal.walk("VEVENT")}


@pytest.fixture
def madrid(db):
    schedule.set_time_zone(db, "Europe/Madrid")
    # Weekly at 18:00 across the spring DST change (29 March 2026 in Europe).
    _row, report = schedule.add_series(
        db,
        SeriesInput(Frequency.WEEKLY, 1, D(2026, 3, 17), T(18), place="Biblioteca"),
        today=D(2026, 3, 16),
        until=D(2026, 4, 7),
    )
    return report.created


def test_wall_clock_time_and_tzid_across_dst(db, madrid) -> None:
    cal = Calendar.from_ical(sharing.calendar(db))
    (tz,) = cal.walk("VTIMEZONE")
    assert str(tz["tzid"]) == "Europe/Madrid"
    starts = sorted(e.decoded("dtstart") for e in cal.walk("VEVENT"))
    assert [s.hour for s in starts] == [18, 18, 18, 18]
    assert {str(s.tzinfo) for s in starts} == {"Europe/Madrid"}
    utc = [s.astimezone(dt.UTC).hour for s in starts]
    assert utc == [17, 17, 16, 16]  # CET before 29 March, CEST after
    raw = sharing.calendar(db).decode()
    assert "DTSTART;TZID=Europe/Madrid:20260317T180000" in raw
    first = min(cal.walk("VEVENT"), key=lambda e: e.decoded("dtstart"))
    assert first.decoded("dtend") - first.decoded("dtstart") == dt.timedelta(minutes=75)
    assert str(first["location"]) == "Biblioteca"


def test_uids_are_stable_when_a_session_moves(db, madrid) -> None:
    before = events(db)
    uid = sharing.session_uid(schedule.get_settings(db).calendar_uid, madrid[0])
    assert uid in before and int(before[uid]["sequence"]) == 0
    schedule.move_meeting(db, madrid[0], D(2026, 3, 19), T(19))
    after = events(db)
    assert set(after) == set(before)  # updated, not duplicated
    assert after[uid].decoded("dtstart").replace(tzinfo=None) == dt.datetime(2026, 3, 19, 19)
    assert int(after[uid]["sequence"]) == 1
    # Notes do not change what a calendar shows: no new version.
    meetings.set_details(db, madrid[0], SessionDetails(notes="private"))
    assert int(events(db)[uid]["sequence"]) == 1


def test_cancelled_sessions_are_marked_cancelled(db, madrid) -> None:
    schedule.cancel_meeting(db, madrid[1])
    uid = sharing.session_uid(schedule.get_settings(db).calendar_uid, madrid[1])
    got = events(db)
    assert str(got[uid]["status"]) == "CANCELLED" and int(got[uid]["sequence"]) == 1
    assert [str(e["status"]) for k, e in got.items() if k != uid] == ["CONFIRMED"] * 3


def test_calendar_uid_differs_per_file(tmp_path, db) -> None:
    other = communities.create_community(
        tmp_path / "other.copdesk", communities.CommunityInfo(name="B")
    )
    try:
        with other.session() as db2:
            assert schedule.get_settings(db2).calendar_uid != schedule.get_settings(db).calendar_uid
    finally:
        other.close()


def test_write_calendar(tmp_path, db, madrid) -> None:
    path = sharing.write_calendar(db, tmp_path / "plan")
    assert path.name == "plan.ics" and path.read_bytes().startswith(b"BEGIN:VCALENDAR")
    with pytest.raises(ValidationError):
        sharing.write_calendar(db, tmp_path / "missing" / "plan.ics")


# -- announcement ---------------------------------------------------------------------------------


@pytest.fixture
def next_up(db) -> int:
    ana = roster.add_member(db, roster.MemberInput(name="Ana Gómez", preferred_name="Ana"))
    meetings.add_meeting(db, MeetingInput(D(2026, 3, 3), T(18), topic="Old"))
    m = meetings.add_meeting(
        db, MeetingInput(D(2026, 3, 10), T(18, 30), place="Library, room 2", topic="Zines")
    ).id
    meetings.set_roles(db, m, RolesInput(presenter_id=ana.id))
    meetings.set_details(db, m, SessionDetails(audience="Newcomers"))
    potluck.add_slot(db, m, potluck.SlotInput("Salad", "salad", 8))
    potluck.add_slot(db, m, potluck.SlotInput("Cups", "supplies"))
    potluck.add_slot(db, m, potluck.SlotInput("Soup", "main", 10, bringer_id=ana.id))
    return m


def test_announcement_in_english(db, next_up) -> None:
    text = sharing.announcement(db, today=D(2026, 3, 4))
    assert text.replace("\u202f", " ").splitlines() == [
        "Next session of Test Circle",
        "When: Tuesday, March 10, 2026, 6:30 PM–7:45 PM",
        "Where: Library, room 2",
        "Topic: Zines",
        "Presenter: Ana",
        "For: Newcomers",
        "Potluck: 2 dishes still need someone to bring them: Salad and Cups.",
    ]


def test_announcement_in_the_communitys_language(db, next_up) -> None:
    info = communities.get_community(db)
    communities.update_community(db, communities.CommunityInfo(**{**info.__dict__, "locale": "es"}))
    text = sharing.announcement(db, next_up)
    assert format_date(D(2026, 3, 10), "full", locale="es") in text  # martes, 10 de marzo de 2026
    assert format_time(T(18, 30), "short", locale="es") in text
    assert "Salad y Cups" in text
    assert "Tuesday" not in text


def test_announcement_says_when_cancelled_and_when_there_is_nothing(db, next_up) -> None:
    schedule.cancel_meeting(db, next_up)
    assert "This session is cancelled." in sharing.announcement(db, next_up)
    with pytest.raises(ValidationError, match="no upcoming session"):
        sharing.announcement(db, today=D(2026, 3, 4))
