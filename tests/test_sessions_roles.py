"""Roles with backups, warnings, details, and undo of a removed session with everything on it."""

from __future__ import annotations

import datetime as dt

import pytest

from copdesk.errors import ValidationError
from copdesk.models import AttendanceStatus
from copdesk.models.meeting import ContributionKind
from copdesk.services import attendance, meetings, pairs, potluck, resources, roster, topics
from copdesk.services.meetings import MeetingInput, RolesInput, SessionDetails

D = dt.date
T = dt.time


@pytest.fixture
def people(db) -> list[int]:
    return [roster.add_member(db, roster.MemberInput(name=n)).id for n in ("Ana", "Bo", "Cy", "Di")]


def session(db, day: dt.date, **kw) -> int:
    return meetings.add_meeting(db, MeetingInput(day, T(18), **kw)).id


def test_roles_and_backups_round_trip(db, people) -> None:
    ana, bo, cy, di = people
    m = session(db, D(2026, 3, 3))
    roles = RolesInput(
        convener_id=ana, host_id=bo, presenter_id=cy, note_taker_id=di, host_backup_id=ana
    )
    row = meetings.set_roles(db, m, roles)
    assert meetings.get_roles(db, m) == roles
    assert (row.presenter_name, row.note_taker_name, row.host_name) == ("Cy", "Di", "Bo")
    assert meetings.role_warnings(db, m) == []
    with pytest.raises(ValidationError) as err:
        meetings.set_roles(db, m, RolesInput(presenter_backup_id=999))
    assert err.value.field == "presenter_backup_id"


def test_two_roles_and_own_backup_are_warned(db, people) -> None:
    ana, bo, *_ = people
    m = session(db, D(2026, 3, 3))
    meetings.set_roles(
        db, m, RolesInput(host_id=ana, presenter_id=ana, note_taker_id=bo, note_taker_backup_id=bo)
    )
    warnings = meetings.role_warnings(db, m)
    assert [(w.kind, w.member_id) for w in warnings] == [("two_roles", ana), ("own_backup", bo)]
    assert warnings[0].message == "Ana holds 2 roles at once: host and presenter."
    assert warnings[0].roles == ("host", "presenter")


def test_rotation_warning_after_n_sessions_in_a_row(db, people) -> None:
    ana, bo, *_ = people
    ids = [session(db, D(2026, 3, 3) + dt.timedelta(weeks=k), host_id=ana) for k in range(4)]
    assert meetings.role_warnings(db, ids[1]) == []
    (w,) = meetings.role_warnings(db, ids[2])
    assert w.kind == "host_streak" and w.count == 3
    assert w.message == "Ana has hosted 3 sessions in a row: time to rotate?"
    assert meetings.role_warnings(db, ids[3], limit=5) == []
    # Someone else hosting in between breaks the streak.
    meetings.update_meeting(db, ids[1], MeetingInput(D(2026, 3, 10), T(18), host_id=bo))
    assert meetings.role_warnings(db, ids[3]) == []


def test_never_hosted(db, people) -> None:
    ana, bo, cy, di = people
    session(db, D(2026, 3, 3), host_id=ana)
    session(db, D(2026, 3, 10), host_id=cy)
    assert [p.name for p in meetings.never_hosted(db)] == ["Bo", "Di"]


def test_details_are_kept_apart_from_window_edits(db, people) -> None:
    m = session(db, D(2026, 3, 3))
    meetings.set_details(
        db, m, SessionDetails(audience=" Newcomers ", purpose="Meet", outcome="We agreed")
    )
    meetings.set_roles(db, m, RolesInput(presenter_id=people[0]))
    # The window edits with MeetingInput: roles and details stay.
    meetings.update_meeting(db, m, MeetingInput(D(2026, 3, 3), T(18, 30), topic="New"))
    row = meetings.get_meeting(db, m).meeting
    assert (row.audience, row.purpose, row.outcome, row.presenter_id) == (
        "Newcomers",
        "Meet",
        "We agreed",
        people[0],
    )
    assert row.sequence == 1  # the time changed: calendars must see a new version


def test_undo_of_a_removed_session_puts_everything_back(db, people) -> None:
    ana, bo, cy, di = people
    today = D(2026, 3, 1)
    m = session(db, D(2026, 3, 3), topic="Maps")
    meetings.set_roles(db, m, RolesInput(host_id=ana, presenter_id=bo, host_backup_id=cy))
    meetings.set_details(db, m, SessionDetails(audience="All", outcome="Done"))
    meetings.set_attendance(db, m, {p: AttendanceStatus.PRESENT for p in people})
    attendance.set_contributions(db, m, ana, [ContributionKind.HOSTED])
    drawn = pairs.draw(db, m, seed=5)
    pairs.lock_pair(db, m, ana, bo)
    slot = potluck.add_slot(
        db, m, potluck.SlotInput("Soup", "main", 8, bringer_id=cy, backup_id=di)
    )
    res = resources.add_resource(db, resources.ResourceInput("Slides", meeting_id=m))
    topic = topics.add_topic(db, topics.TopicInput("Maps"), today)
    topics.schedule_topic(db, topic.id, m)
    before = meetings.get_meeting(db, m)

    removed = meetings.remove_meeting(db, m)
    assert topics.get_topic(db, topic.id).status == "idea"
    assert resources.list_resources(db)[0].meeting_id is None
    meetings.restore_meeting(db, removed)

    assert meetings.get_meeting(db, m) == before
    assert pairs.get_pairs(db, m).groups == drawn.groups
    assert pairs.get_pairs(db, m).locked == ((ana, bo),)
    assert potluck.list_slots(db, m) == [slot]
    assert resources.list_resources(db, m) == [res]
    assert topics.get_topic(db, topic.id).status == "scheduled"
    sheet = {r.id: r.contributions for r in attendance.attendance_sheet(db, m)}
    assert sheet[ana] == {ContributionKind.HOSTED}
