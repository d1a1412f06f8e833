"""The topic backlog: votes with history, volunteers, scheduling onto a session, sorting."""

from __future__ import annotations

import datetime as dt

import pytest

from copdesk.errors import NotFound, ValidationError
from copdesk.services import meetings, roster, topics
from copdesk.services.meetings import MeetingInput
from copdesk.services.topics import TopicInput

D = dt.date
TODAY = D(2026, 3, 1)


@pytest.fixture
def ana_bo(db) -> tuple[int, int]:
    return tuple(roster.add_member(db, roster.MemberInput(name=n)).id for n in ("Ana", "Bo"))


def test_votes_add_up_with_their_history(db, ana_bo) -> None:
    t = topics.add_topic(db, TopicInput("  Grant   writing ", suggested_by_id=ana_bo[0]), TODAY)
    assert (t.title, t.suggested_by_name, t.status, t.votes) == ("Grant writing", "Ana", "idea", 0)
    topics.record_votes(db, t.id, 7, D(2026, 3, 3), "show of hands")
    t = topics.record_votes(db, t.id, 4, D(2026, 3, 10))
    assert t.votes == 11 and t.last_voted_on == D(2026, 3, 10)
    history = topics.vote_history(db, t.id)
    assert [(v.voted_on, v.count, v.note) for v in history] == [
        (D(2026, 3, 3), 7, "show of hands"),
        (D(2026, 3, 10), 4, ""),
    ]
    topics.remove_vote(db, history[0].id)
    assert topics.get_topic(db, t.id).votes == 4
    with pytest.raises(ValidationError):
        topics.record_votes(db, t.id, -2, TODAY)
    with pytest.raises(ValidationError):
        topics.add_topic(db, TopicInput(""), TODAY)
    with pytest.raises(NotFound):
        topics.record_votes(db, 999, 1, TODAY)


def test_sorting_by_votes_and_by_waiting_time(db) -> None:
    old = topics.add_topic(db, TopicInput("Old idea", suggested_on=D(2025, 6, 1)), TODAY)
    hot = topics.add_topic(db, TopicInput("Hot idea", suggested_on=D(2026, 2, 1)), TODAY)
    mid = topics.add_topic(db, TopicInput("Middle", suggested_on=D(2025, 12, 1)), TODAY)
    topics.record_votes(db, hot.id, 9, TODAY)
    topics.record_votes(db, mid.id, 3, TODAY)
    assert [t.title for t in topics.list_topics(db, TODAY)] == ["Hot idea", "Middle", "Old idea"]
    by_wait = topics.list_topics(db, TODAY, sort="waiting")
    assert [t.title for t in by_wait] == ["Old idea", "Middle", "Hot idea"]
    assert by_wait[0].waiting_days == (TODAY - D(2025, 6, 1)).days
    topics.mark_done(db, old.id)
    assert [t.title for t in topics.list_topics(db, TODAY)] == ["Hot idea", "Middle"]
    assert len(topics.list_topics(db, TODAY, include_done=True)) == 3


def test_scheduling_fills_the_sessions_topic_and_presenter(db, ana_bo) -> None:
    ana, bo = ana_bo
    m = meetings.add_meeting(db, MeetingInput(D(2026, 3, 3), dt.time(18))).id
    first = topics.add_topic(db, TopicInput("Repair cafés"), TODAY)
    topics.volunteer(db, first.id, bo)
    t = topics.schedule_topic(db, first.id, m)
    assert (t.status, t.meeting_id, t.meeting_date) == ("scheduled", m, D(2026, 3, 3))
    assert [v.name for v in t.volunteers] == ["Bo"]
    row = meetings.get_meeting(db, m).meeting
    assert (row.topic, row.presenter_id) == ("Repair cafés", bo)
    # Another topic on the same session sends the first back to the backlog.
    second = topics.add_topic(db, TopicInput("Zines"), TODAY)
    topics.schedule_topic(db, second.id, m, presenter_id=ana)
    assert topics.get_topic(db, first.id).status == "idea"
    row = meetings.get_meeting(db, m).meeting
    assert (row.topic, row.presenter_id) == ("Zines", ana)
    assert topics.unschedule_topic(db, second.id).meeting_id is None
    assert topics.withdraw(db, first.id, bo).volunteers == ()
