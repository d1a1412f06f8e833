"""Recurring schedules, single-session changes that survive regeneration, formats and timing."""

from __future__ import annotations

import datetime as dt

import pytest

from copdesk.errors import ValidationError
from copdesk.models.planning import Frequency
from copdesk.services import formats, meetings, roster, schedule
from copdesk.services.formats import FormatInput
from copdesk.services.meetings import ItemInput, MeetingInput, RolesInput
from copdesk.services.schedule import RecurrenceRule, SeriesInput, occurrences

D = dt.date
T = dt.time
TUE, THU = 1, 3


# -- the rule, pure -------------------------------------------------------------------------------


def test_weekly_starts_on_the_first_weekday_on_or_after_the_start() -> None:
    rule = RecurrenceRule(Frequency.WEEKLY, TUE, D(2026, 3, 4))  # a Wednesday
    assert occurrences(rule, D(2026, 1, 1), D(2026, 3, 31)) == [
        D(2026, 3, 10),
        D(2026, 3, 17),
        D(2026, 3, 24),
        D(2026, 3, 31),
    ]


def test_weekly_and_fortnightly_cross_the_year_end() -> None:
    weekly = RecurrenceRule(Frequency.WEEKLY, TUE, D(2026, 12, 1))
    assert occurrences(weekly, D(2026, 12, 20), D(2027, 1, 15)) == [
        D(2026, 12, 22),
        D(2026, 12, 29),
        D(2027, 1, 5),
        D(2027, 1, 12),
    ]
    fortnightly = RecurrenceRule(Frequency.FORTNIGHTLY, TUE, D(2026, 12, 1))
    # Parity follows the start date, also when the window starts in between.
    assert occurrences(fortnightly, D(2026, 12, 20), D(2027, 1, 31)) == [
        D(2026, 12, 29),
        D(2027, 1, 12),
        D(2027, 1, 26),
    ]


def test_weekly_over_feb_29() -> None:
    rule = RecurrenceRule(Frequency.WEEKLY, THU, D(2024, 2, 1))
    assert occurrences(rule, D(2024, 2, 20), D(2024, 3, 10)) == [
        D(2024, 2, 22),
        D(2024, 2, 29),
        D(2024, 3, 7),
    ]


def test_monthly_second_tuesday_and_last_thursday() -> None:
    second = RecurrenceRule(Frequency.MONTHLY, TUE, D(2026, 1, 1), ordinal=2)
    assert occurrences(second, D(2026, 1, 1), D(2026, 4, 30)) == [
        D(2026, 1, 13),
        D(2026, 2, 10),
        D(2026, 3, 10),
        D(2026, 4, 14),
    ]
    last = RecurrenceRule(Frequency.MONTHLY, THU, D(2024, 1, 1), ordinal=-1)
    # February 2024 is a leap month whose last day is a Thursday.
    assert occurrences(last, D(2024, 1, 1), D(2024, 3, 31)) == [
        D(2024, 1, 25),
        D(2024, 2, 29),
        D(2024, 3, 28),
    ]
    assert occurrences(last, D(2025, 12, 1), D(2026, 1, 31)) == [D(2025, 12, 25), D(2026, 1, 29)]


def test_fifth_weekday_skips_months_without_one() -> None:
    rule = RecurrenceRule(Frequency.MONTHLY, TUE, D(2026, 1, 1), ordinal=5)
    got = occurrences(rule, D(2026, 1, 1), D(2026, 12, 31))
    assert got == [D(2026, 3, 31), D(2026, 6, 30), D(2026, 9, 29), D(2026, 12, 29)]
    assert schedule.nth_weekday(2026, 2, TUE, 5) is None


def test_until_date_ends_the_rule() -> None:
    rule = RecurrenceRule(Frequency.WEEKLY, TUE, D(2026, 1, 1), until=D(2026, 1, 20))
    assert occurrences(rule, D(2026, 1, 1), D(2026, 12, 31)) == [
        D(2026, 1, 6),
        D(2026, 1, 13),
        D(2026, 1, 20),
    ]


@pytest.mark.parametrize(
    "rule",
    [
        RecurrenceRule(Frequency.MONTHLY, TUE, D(2026, 1, 1), ordinal=None),
        RecurrenceRule(Frequency.MONTHLY, TUE, D(2026, 1, 1), ordinal=6),
        RecurrenceRule(Frequency.WEEKLY, TUE, D(2026, 1, 1), ordinal=2),
        RecurrenceRule(Frequency.WEEKLY, 7, D(2026, 1, 1)),
        RecurrenceRule(Frequency.WEEKLY, TUE, D(2026, 1, 1), until=D(2025, 1, 1)),
    ],
)
def test_bad_rules_are_refused(rule) -> None:
    with pytest.raises(ValidationError):
        occurrences(rule, D(2026, 1, 1), D(2026, 2, 1))


def test_rule_descriptions() -> None:
    assert (
        schedule.describe(RecurrenceRule(Frequency.WEEKLY, TUE, D(2026, 1, 1))) == "Every Tuesday"
    )
    assert (
        schedule.describe(RecurrenceRule(Frequency.MONTHLY, THU, D(2026, 1, 1), ordinal=-1))
        == "The last Thursday of each month"
    )


# -- series in the file ---------------------------------------------------------------------------

TODAY = D(2026, 3, 2)  # a Monday


def weekly(**kw) -> SeriesInput:
    base = dict(
        frequency=Frequency.WEEKLY, weekday=TUE, start_date=TODAY, start_time=T(18), place="Library"
    )
    return SeriesInput(**{**base, **kw})


def dates(db) -> list[dt.date]:
    return [m.date for m in meetings.list_meetings(db)]


def test_series_generates_upcoming_sessions_with_the_proven_agenda(db) -> None:
    row, report = schedule.add_series(db, weekly(), today=TODAY, until=D(2026, 3, 31))
    assert row.description == "Every Tuesday"
    assert dates(db) == [
        D(2026, 3, 3),
        D(2026, 3, 10),
        D(2026, 3, 17),
        D(2026, 3, 24),
        D(2026, 3, 31),
    ]
    assert len(report.created) == 5
    detail = meetings.get_meeting(db, report.created[0])
    assert [i.duration_minutes for i in detail.items] == [5, 10, 50, 10]
    assert detail.meeting.series_id == row.id and detail.meeting.place == "Library"
    # Regenerating is idempotent.
    again = schedule.generate(db, row.id, today=TODAY, until=D(2026, 3, 31))
    assert again.created == () and again.removed == () and dates(db) == dates(db)


def test_moved_cancelled_and_edited_sessions_survive_regeneration(db) -> None:
    row, report = schedule.add_series(db, weekly(), today=TODAY, until=D(2026, 3, 31))
    first, second, third, fourth, fifth = report.created
    schedule.move_meeting(db, first, D(2026, 3, 5), T(19))
    schedule.cancel_meeting(db, second)
    edited = meetings.get_meeting(db, third).meeting
    meetings.update_meeting(db, third, MeetingInput(edited.date, edited.start_time, place="Café"))
    removed = meetings.remove_meeting(db, fourth)
    # The rule changes time: only untouched sessions follow it.
    _row, report = schedule.update_series(
        db, row.id, weekly(start_time=T(18, 30)), today=TODAY, until=D(2026, 3, 31)
    )
    by_id = {m.id: m for m in meetings.list_meetings(db)}
    assert (by_id[first].date, by_id[first].start_time) == (D(2026, 3, 5), T(19))
    assert by_id[second].cancelled and by_id[second].start_time == T(18)
    assert by_id[third].place == "Café" and by_id[third].start_time == T(18)
    assert fourth not in by_id  # removed stays removed (a skip)
    assert by_id[fifth].start_time == T(18, 30)
    assert set(report.kept) == {first, second, third} and report.updated == (fifth,)
    # Undo of the removal brings it back, and the skip goes with it.
    meetings.restore_meeting(db, removed)
    assert schedule.generate(db, row.id, today=TODAY, until=D(2026, 3, 31)).created == ()
    assert D(2026, 3, 24) in dates(db)


def test_changing_the_rule_removes_untouched_sessions_but_keeps_recorded_ones(db) -> None:
    ana = roster.add_member(db, roster.MemberInput(name="Ana"))
    row, report = schedule.add_series(db, weekly(), today=TODAY, until=D(2026, 3, 17))
    meetings.set_attendance(db, report.created[1], {ana.id: "present"})
    _row, again = schedule.update_series(
        db, row.id, weekly(weekday=THU), today=TODAY, until=D(2026, 3, 17)
    )
    assert again.removed == (D(2026, 3, 3), D(2026, 3, 17))
    assert again.kept == (report.created[1],)
    assert dates(db) == [D(2026, 3, 5), D(2026, 3, 10), D(2026, 3, 12)]


def test_past_sessions_are_never_touched(db) -> None:
    row, report = schedule.add_series(db, weekly(), today=TODAY, until=D(2026, 3, 17))
    later = D(2026, 3, 11)
    _row, again = schedule.update_series(
        db, row.id, weekly(start_time=T(20)), today=later, until=D(2026, 3, 17)
    )
    times = {m.date: m.start_time for m in meetings.list_meetings(db)}
    assert times == {D(2026, 3, 3): T(18), D(2026, 3, 10): T(18), D(2026, 3, 17): T(20)}


def test_remove_series_keeps_what_was_changed(db) -> None:
    row, report = schedule.add_series(db, weekly(), today=TODAY, until=D(2026, 3, 17))
    schedule.cancel_meeting(db, report.created[0])
    result = schedule.remove_series(db, row.id, today=TODAY)
    assert result.kept == (report.created[0],) and len(result.removed) == 2
    (left,) = meetings.list_meetings(db)
    assert left.series_id is None and left.cancelled


def test_reinstate_and_monthly_series(db) -> None:
    row, report = schedule.add_series(
        db,
        SeriesInput(Frequency.MONTHLY, TUE, D(2026, 1, 1), T(18), ordinal=5),
        today=D(2026, 1, 1),
        until=D(2026, 12, 31),
    )
    assert len(report.created) == 4
    m = schedule.cancel_meeting(db, report.created[0])
    assert m.cancelled and m.sequence == 1
    m = schedule.reinstate_meeting(db, report.created[0])
    assert not m.cancelled and m.detached and m.sequence == 2


def test_plan_like_the_last_one_copies_format_place_and_roles(db) -> None:
    ana = roster.add_member(db, roster.MemberInput(name="Ana"))
    bo = roster.add_member(db, roster.MemberInput(name="Bo"))
    last = meetings.add_meeting(
        db,
        MeetingInput(D(2026, 3, 3), T(18, 30), place="Hall", topic="Maps"),
        [ItemInput("Welcome", 15), ItemInput("Talk", 60)],
    )
    formats.set_planned_minutes(db, last.id, 70)
    meetings.set_roles(
        db,
        last.id,
        RolesInput(convener_id=ana.id, host_id=bo.id, host_backup_id=ana.id, presenter_id=bo.id),
    )
    new = schedule.plan_like_last(db, TODAY)
    assert new.date == D(2026, 3, 10) and new.start_time == T(18, 30) and new.place == "Hall"
    assert (new.convener_id, new.host_id, new.presenter_id, new.topic) == (ana.id, bo.id, None, "")
    assert meetings.get_roles(db, new.id).host_backup_id == ana.id
    assert new.total_minutes == 75 and new.planned_minutes == 70 and new.overrun_minutes == 5


def test_plan_like_last_needs_a_session(db) -> None:
    with pytest.raises(ValidationError):
        schedule.plan_like_last(db, TODAY)


def test_time_zone_setting(db) -> None:
    settings = schedule.get_settings(db)
    assert len(settings.calendar_uid) == 32 and not settings.time_zone_chosen
    assert schedule.set_time_zone(db, "Europe/Madrid").time_zone == "Europe/Madrid"
    with pytest.raises(ValidationError):
        schedule.set_time_zone(db, "Mars/Olympus")
    assert schedule.get_settings(db).time_zone == "Europe/Madrid"


# -- formats and timing ---------------------------------------------------------------------------


def test_builtin_format_is_the_proven_one(db) -> None:
    (builtin,) = formats.list_formats(db)
    assert builtin.builtin and builtin.total_minutes == 75
    assert [i.title for i in builtin.items][1] == "Random pairs"


def test_timing_reports_clock_times_and_overrun() -> None:
    items = [
        ItemInput("Welcome", 5),
        ItemInput("Pairs", 10),
        ItemInput("Talk", 50),
        ItemInput("Round", 10),
    ]
    fits = formats.timing(D(2026, 3, 3), T(18), items, planned_minutes=90)
    assert fits.end_time == T(19, 15) and not fits.overruns
    assert [(i.starts_at, i.ends_at) for i in fits.items][2] == (T(18, 15), T(19, 5))
    late = formats.timing(D(2026, 3, 3), T(23, 30), items, planned_minutes=60)
    assert late.overrun_minutes == 15 and late.end_time == T(0, 45) and late.planned_end == T(0, 30)
    assert [i.past_planned_end for i in late.items] == [False, False, True, True]


def test_formats_can_be_saved_reordered_and_applied(db) -> None:
    saved = formats.save_format(
        db, FormatInput("Long", [ItemInput("A", 10), ItemInput("B", 20), ItemInput("C", 30)], 90)
    )
    moved = formats.move_format_item(db, saved.id, 2, 0)
    assert [i.title for i in moved.items] == ["C", "A", "B"]
    m = meetings.add_meeting(db, MeetingInput(D(2026, 3, 3), T(18)))
    detail = formats.apply_format(db, m.id, saved.id)
    assert [i.title for i in detail.items] == [
        "C",
        "A",
        "B",
    ] and detail.meeting.planned_minutes == 90
    detail = formats.move_agenda_item(db, m.id, 0, 2)
    assert [i.title for i in detail.items] == ["A", "B", "C"]
    assert formats.meeting_timing(db, m.id).end_time == T(19)
    with pytest.raises(ValidationError):
        formats.move_agenda_item(db, m.id, 0, 3)
    with pytest.raises(ValidationError):
        formats.set_planned_minutes(db, m.id, 0)
    with pytest.raises(ValidationError):
        formats.save_format(db, FormatInput(" ", []))
    series, report = schedule.add_series(
        db, weekly(format_id=saved.id), today=TODAY, until=D(2026, 3, 10)
    )
    assert meetings.get_meeting(db, report.created[0]).meeting.total_minutes == 60
