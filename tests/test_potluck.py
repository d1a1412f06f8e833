"""Potluck: forecast from hand-made histories, coverage rules, backup promotion."""

from __future__ import annotations

import datetime as dt

import pytest

from copdesk.errors import ValidationError
from copdesk.models.planning import DishKind
from copdesk.services import meetings, potluck, roster, schedule
from copdesk.services.meetings import MeetingInput
from copdesk.services.potluck import Forecast, SlotInput, SlotRow

D = dt.date


# -- forecast, pure -------------------------------------------------------------------------------


def test_no_history_no_forecast() -> None:
    assert potluck.forecast([]) is None


def test_steady_group_gives_a_narrow_range() -> None:
    f = potluck.forecast([20, 21, 19, 20, 22, 20, 18, 20])
    # median 20; the IQR (19.75 to 20.25) is below the floor of 10% of 20, so 20 ± 2.
    assert (f.median, f.low, f.high, f.sessions) == (20, 18, 22, 8)


def test_only_the_last_eight_sessions_count() -> None:
    f = potluck.forecast([100, 100, 10, 10, 10, 10, 10, 10, 10, 10])
    assert f.sessions == 8 and f.counts == (10,) * 8
    assert (f.low, f.high) == (9, 11)  # 10 ± max(IQR 0, 10% of 10, 1)


def test_few_sessions_widen_the_range() -> None:
    one = potluck.forecast([20])
    assert (one.low, one.high) == (14, 26)  # 20 ± 2 × √8
    four = potluck.forecast([18, 22, 20, 20])
    eight = potluck.forecast([18, 22, 20, 20] * 2)
    assert four.high - four.low > eight.high - eight.low


def test_spread_out_group_uses_the_iqr() -> None:
    f = potluck.forecast([10, 30, 12, 28, 15, 25, 20, 20])
    # quartiles 14.25 and 25.75: IQR 11.5 around the median 20.
    assert (f.low, f.high) == (8, 32)


# -- coverage, pure -------------------------------------------------------------------------------


def slot(i, kind, servings, bringer=1, backup=2, label=None) -> SlotRow:
    return SlotRow(
        label or f"slot{i}", DishKind(kind), servings, bringer, backup, id=i, bringer_name="B"
    )


EXPECTED = Forecast(low=12, high=18, median=15, sessions=8)


def test_enough_food_with_backups_is_ok() -> None:
    report = potluck.coverage(
        [slot(1, "main", 10), slot(2, "salad", 8), slot(3, "supplies", 0)], EXPECTED
    )
    assert report.ok and report.food_servings == 18


def test_coverage_plans_for_the_upper_end() -> None:
    report = potluck.coverage([slot(1, "main", 15)], EXPECTED)
    (issue,) = report.issues
    assert issue.kind == "servings" and issue.missing == 3
    assert issue.message == "3 servings of food short for up to 18 people."


def test_open_slots_do_not_count_and_missing_backups_are_flagged() -> None:
    slots = [
        slot(1, "main", 20, backup=None),
        slot(2, "dessert", 10, bringer=None, backup=None),
        slot(3, "drinks", 10),
    ]
    kinds = [(i.kind, i.slot_id) for i in potluck.coverage(slots, EXPECTED).issues]
    assert kinds == [("drinks", None), ("no_backup", 1), ("open", 2)]


def test_too_many_of_one_kind() -> None:
    slots = [slot(i, "dessert", 5) for i in range(3)] + [slot(9, "main", 10)]
    issues = potluck.coverage(slots, EXPECTED).issues
    assert [(i.kind, i.dish) for i in issues] == [("too_many", DishKind.DESSERT)]
    # Half is fine.
    assert potluck.coverage(slots[:2] + [slot(9, "main", 10), slot(8, "salad", 5)], EXPECTED).ok


def test_without_forecast_only_the_slots_are_checked() -> None:
    assert potluck.coverage([slot(1, "main", 1)], None).ok


# -- in the file ----------------------------------------------------------------------------------


@pytest.fixture
def history(db):
    ids = [roster.add_member(db, roster.MemberInput(name=f"P{k}")).id for k in range(8)]
    past = []
    for week, present in enumerate([ids[:4], ids[:5], ids[2:8], ids[:4]]):
        m = meetings.add_meeting(
            db, MeetingInput(D(2026, 2, 3) + dt.timedelta(weeks=week), dt.time(18))
        ).id
        statuses = {i: "present" for i in present}
        statuses.setdefault(ids[7], "apologised")
        meetings.set_attendance(db, m, statuses)
        past.append(m)
    cancelled = meetings.add_meeting(db, MeetingInput(D(2026, 2, 28), dt.time(18))).id
    meetings.set_attendance(db, cancelled, {i: "present" for i in ids})
    schedule.cancel_meeting(db, cancelled)
    upcoming = meetings.add_meeting(db, MeetingInput(D(2026, 3, 3), dt.time(18))).id
    return ids, past, upcoming


def test_forecast_from_the_file_skips_cancelled_sessions(db, history) -> None:
    _ids, _past, upcoming = history
    f = potluck.forecast_attendance(db, upcoming)
    assert f.counts == (4, 5, 6, 4) and f.sessions == 4


def test_slots_are_validated(db, history) -> None:
    ids, _past, upcoming = history
    with pytest.raises(ValidationError):
        potluck.add_slot(db, upcoming, SlotInput("Soup", "main", 10, ids[0], ids[0]))
    with pytest.raises(ValidationError):
        potluck.add_slot(db, upcoming, SlotInput("Soup", "caviar"))
    with pytest.raises(ValidationError):
        potluck.add_slot(db, upcoming, SlotInput(" ", "main"))
    s = potluck.add_slot(
        db,
        upcoming,
        SlotInput("Something without nuts", "snack", 10, dietary="Nut-free,  vegan ,nut-free"),
    )
    assert s.dietary == ("nut-free", "vegan") and s.open


def test_bringer_cancels_backup_is_promoted_and_helpers_listed(db, history) -> None:
    ids, _past, upcoming = history
    soup = potluck.add_slot(db, upcoming, SlotInput("Soup", "main", 10, ids[0], ids[1]))
    potluck.add_slot(db, upcoming, SlotInput("Cake", "dessert", 5, ids[2], ids[3]))
    result = potluck.bringer_cancels(db, soup.id)
    assert result.promoted and result.slot.bringer_id == ids[1] and result.slot.backup_id is None
    helpers = [p.id for p in result.candidates]
    # Present recently, not bringing or backing anything: P0 (dropped out of the slot) and P4..P7
    # by how often they came in the last four sessions held (the cancelled one does not count).
    assert helpers == [ids[0], ids[4], ids[5], ids[6], ids[7]]
    again = potluck.bringer_cancels(db, soup.id)
    assert not again.promoted and again.slot.open
    report = potluck.check_coverage(db, upcoming)
    assert report.expected.high == 7  # median 4.5, IQR 1.25 widened by √2 for four sessions
    assert [i.kind for i in report.issues] == ["servings", "open"]
