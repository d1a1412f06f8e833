"""Domain rules for the community, members and sessions; no Qt."""

from __future__ import annotations

import datetime as dt

import pytest

from copdesk.errors import NotFound, ValidationError
from copdesk.models import AttendanceStatus
from copdesk.services import community as communities
from copdesk.services import meetings, roster
from copdesk.services.meetings import ItemInput, MeetingInput

T = dt.time


# -- community -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("info", "field"),
    [
        (communities.CommunityInfo(name=""), "name"),
        (communities.CommunityInfo(name="x" * 201), "name"),
        (communities.CommunityInfo(name="A", meeting_weekday=7), "meeting_weekday"),
        (communities.CommunityInfo(name="A", locale="zz_QQ_bogus"), "locale"),
        (communities.CommunityInfo(name="A", paper="a3"), "paper"),
    ],
)
def test_invalid_community_names_the_field(info, field) -> None:
    with pytest.raises(ValidationError) as err:
        communities.validate(info)
    assert err.value.field == field and err.value.message


def test_update_community_round_trips(db) -> None:
    info = communities.CommunityInfo(
        name=" Círculo ",
        purpose="Learn",
        meeting_weekday=3,
        meeting_time=T(19, 30, 12),
        place="Biblioteca",
        locale="es-MX",
        paper="letter",
    )
    communities.update_community(db, info)
    got = communities.get_community(db)
    assert got.name == "Círculo" and got.locale == "es_MX" and got.meeting_time == T(19, 30)
    assert got.meeting_weekday == 3 and got.paper == "letter"


def test_bad_update_changes_nothing(db) -> None:
    before = communities.get_community(db)
    with pytest.raises(ValidationError):
        communities.update_community(db, communities.CommunityInfo(name=""))
    db.rollback()
    assert communities.get_community(db) == before


@pytest.mark.parametrize(
    ("locale", "paper"),
    [
        ("en", "letter"),
        ("en_GB", "a4"),
        ("es", "a4"),
        ("es_MX", "letter"),
        ("fr_CA", "letter"),
        ("ar", "a4"),
        ("ja", "a4"),
        ("pt_BR", "a4"),
    ],
)
def test_paper_follows_the_locale_territory(locale, paper) -> None:
    assert communities.paper_for(communities.CommunityInfo(name="A", locale=locale)) == paper


def test_paper_choice_overrides_the_locale() -> None:
    info = communities.CommunityInfo(name="A", locale="en", paper="a4")
    assert communities.paper_for(info) == "a4"
    assert communities.paper_for(info, "letter") == "letter"
    with pytest.raises(ValidationError):
        communities.paper_for(info, "a5")


# -- roster ----------------------------------------------------------------------------------


def test_member_is_cleaned_and_saved(db) -> None:
    # "José" typed with a combining accent is stored precomposed (NFC).
    row = roster.add_member(db, roster.MemberInput(name="  Jose\u0301 ", email=" j@x.org "))
    assert row.name == "José" and row.email == "j@x.org"
    assert roster.get_member(db, row.id) == row


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (roster.MemberInput(name=" "), "name"),
        (roster.MemberInput(name="A", email="not-an-email"), "email"),
        (roster.MemberInput(name="A", email="a@b"), "email"),
        (roster.MemberInput(name="A", email="a b@c.org"), "email"),
    ],
)
def test_invalid_member_is_refused_and_nothing_written(db, data, field) -> None:
    with pytest.raises(ValidationError) as err:
        roster.add_member(db, data)
    assert err.value.field == field
    assert roster.list_members(db) == []


def test_update_member_and_unknown_member(db) -> None:
    row = roster.add_member(db, roster.MemberInput(name="Ana"))
    updated = roster.update_member(db, row.id, roster.MemberInput(name="Ana", organisation="Lib"))
    assert updated.organisation == "Lib"
    with pytest.raises(NotFound):
        roster.update_member(db, 999, roster.MemberInput(name="X"))


def test_remove_and_restore_member_puts_everything_back(db) -> None:
    ana = roster.add_member(db, roster.MemberInput(name="Ana", preferred_name="Ani"))
    bo = roster.add_member(db, roster.MemberInput(name="Bo"))
    m = meetings.add_meeting(
        db, MeetingInput(dt.date(2026, 1, 6), T(18), convener_id=ana.id, host_id=ana.id)
    )
    meetings.set_attendance(db, m.id, {ana.id: AttendanceStatus.PRESENT, bo.id: "apologised"})
    removed = roster.remove_member(db, ana.id)
    assert [r.id for r in roster.list_members(db)] == [bo.id]
    after = meetings.get_meeting(db, m.id).meeting
    # Their personal data is gone but the session's head count is not.
    assert after.convener_id is None and after.host_id is None and after.present_count == 1
    # Re-recording the session keeps the anonymous count.
    meetings.set_attendance(db, m.id, {bo.id: AttendanceStatus.PRESENT})
    assert meetings.get_meeting(db, m.id).meeting.present_count == 2
    meetings.set_attendance(db, m.id, {bo.id: AttendanceStatus.APOLOGISED})

    back = roster.restore_member(db, removed)
    assert back == ana
    again = meetings.get_meeting(db, m.id).meeting
    assert again.convener_id == ana.id and again.host_id == ana.id and again.present_count == 1
    assert again.convener_name == "Ani"
    with pytest.raises(ValidationError):
        roster.restore_member(db, removed)


# -- sessions --------------------------------------------------------------------------------


def test_timeline_runs_items_back_to_back_and_wraps_midnight() -> None:
    day = dt.date(2026, 3, 1)
    assert meetings.timeline(day, T(18), [5, 10, 50]) == [
        (T(18, 0), T(18, 5)),
        (T(18, 5), T(18, 15)),
        (T(18, 15), T(19, 5)),
    ]
    assert meetings.timeline(day, T(23, 30), [45])[0] == (T(23, 30), T(0, 15))


def test_new_session_gets_the_proven_format(db) -> None:
    m = meetings.add_meeting(db, MeetingInput(dt.date(2026, 12, 1), T(18)))
    detail = meetings.get_meeting(db, m.id)
    assert [(i.title, i.duration_minutes) for i in detail.items] == [
        ("Arrival and welcome", 5),
        ("Random pairs", 10),
        ("Presentation and discussion", 50),
        ("Closing round", 10),
    ]
    assert [i.starts_at for i in detail.items] == [T(18), T(18, 5), T(18, 15), T(19, 5)]
    assert detail.meeting.total_minutes == 75 and detail.meeting.end_time == T(19, 15)


def test_default_agenda_is_in_the_communitys_language(db) -> None:
    communities.update_community(db, communities.CommunityInfo(name="Círculo", locale="es"))
    m = meetings.add_meeting(db, MeetingInput(dt.date(2026, 12, 1), T(18)))
    titles = [i.title for i in meetings.get_meeting(db, m.id).items]
    assert titles[1] == "Parejas al azar"
    assert "Random pairs" not in titles


def test_session_with_unknown_people_is_refused(db) -> None:
    with pytest.raises(ValidationError) as err:
        meetings.add_meeting(db, MeetingInput(dt.date(2026, 12, 1), T(18), host_id=42))
    assert err.value.field == "host_id"
    assert meetings.list_meetings(db) == []


@pytest.mark.parametrize(
    "item", [ItemInput("", 5), ItemInput("Talk", -1), ItemInput("Talk", 1441), ItemInput("T", "x")]
)
def test_bad_agenda_item_changes_nothing(db, item) -> None:
    m = meetings.add_meeting(db, MeetingInput(dt.date(2026, 12, 1), T(18)))
    before = meetings.get_meeting(db, m.id)
    with pytest.raises(ValidationError):
        meetings.set_agenda(db, m.id, [ItemInput("Welcome", 5), item])
    db.rollback()
    assert meetings.get_meeting(db, m.id) == before


def test_set_agenda_replaces_items_in_order(db) -> None:
    m = meetings.add_meeting(db, MeetingInput(dt.date(2026, 12, 1), T(18, 30)))
    detail = meetings.set_agenda(db, m.id, [ItemInput("Pairs", 10), ItemInput(" Talk ", 50)])
    assert [(i.title, i.starts_at) for i in detail.items] == [
        ("Pairs", T(18, 30)),
        ("Talk", T(18, 40)),
    ]
    assert detail.meeting.end_time == T(19, 30)


def test_remove_and_restore_session(db) -> None:
    ana = roster.add_member(db, roster.MemberInput(name="Ana"))
    m = meetings.add_meeting(
        db, MeetingInput(dt.date(2026, 12, 1), T(18), topic="Maps", convener_id=ana.id)
    )
    meetings.set_attendance(db, m.id, {ana.id: AttendanceStatus.PRESENT})
    before = meetings.get_meeting(db, m.id)
    removed = meetings.remove_meeting(db, m.id)
    assert meetings.list_meetings(db) == []
    meetings.restore_meeting(db, removed)
    restored = meetings.get_meeting(db, m.id)
    assert restored.meeting == before.meeting
    assert [(i.title, i.duration_minutes) for i in restored.items] == [
        (i.title, i.duration_minutes) for i in before.items
    ]


def test_sessions_are_listed_in_date_order_with_next_and_suggestion(db) -> None:
    for day in (dt.date(2026, 12, 8), dt.date(2026, 11, 17), dt.date(2026, 12, 1)):
        meetings.add_meeting(db, MeetingInput(day, T(18)))
    rows = meetings.list_meetings(db)
    assert [r.date for r in rows] == sorted(r.date for r in rows)
    today = dt.date(2026, 11, 24)
    nxt = meetings.next_meeting_id(db, today)
    assert meetings.get_meeting(db, nxt).meeting.date == dt.date(2026, 12, 1)
    assert [r.is_upcoming(today) for r in rows] == [False, True, True]
    suggestion = meetings.suggest_next(db, today)
    assert suggestion.date == dt.date(2026, 12, 15)  # the Tuesday after the last planned one
    assert suggestion.start_time == T(18)
    assert meetings.next_meeting_id(db, dt.date(2027, 1, 1)) is None


def test_attendance_for_unknown_member_is_refused(db) -> None:
    m = meetings.add_meeting(db, MeetingInput(dt.date(2026, 12, 1), T(18)))
    with pytest.raises(ValidationError):
        meetings.set_attendance(db, m.id, {77: AttendanceStatus.PRESENT})
    with pytest.raises(NotFound):
        meetings.get_meeting(db, 12345)
