"""Stored random pairs through the service: history, re-roll, locks, do-not-pair, determinism."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from copdesk.errors import ValidationError
from copdesk.services import meetings, pairs, roster
from copdesk.services.meetings import MeetingInput

D = dt.date


@pytest.fixture
def group(db):
    ids = [
        roster.add_member(db, roster.MemberInput(name=f"P{k}", organisation=f"Org{k % 3}")).id
        for k in range(6)
    ]
    sessions = [
        meetings.add_meeting(
            db, MeetingInput(D(2026, 3, 3) + dt.timedelta(weeks=w), dt.time(18))
        ).id
        for w in range(4)
    ]
    for s in sessions:
        meetings.set_attendance(db, s, {i: "present" for i in ids})
    return ids, sessions


def met(result) -> set[frozenset[int]]:
    return {frozenset(p) for g in result.groups for p in itertools.combinations(g.members, 2)}


def test_draw_is_stored_with_its_seed_and_deterministic(db, group) -> None:
    ids, (s1, *_rest) = group
    first = pairs.draw(db, s1, seed=42)
    assert first.seed == 42 and sorted(m for g in first.groups for m in g.members) == ids
    assert all(len(g.members) == 2 for g in first.groups)
    assert all(g.names == tuple(f"P{ids.index(m)}" for m in g.members) for g in first.groups)
    stored = pairs.get_pairs(db, s1)
    assert stored.groups == first.groups and stored.seed == 42
    assert pairs.draw(db, s1, seed=42).groups == first.groups


def test_history_of_stored_pairs_avoids_repeats(db, group) -> None:
    _ids, sessions = group
    seen: set[frozenset[int]] = set()
    for s in sessions[:3]:  # 6 people have 5 disjoint rounds of pairs: no repeat needed
        result = pairs.draw(db, s, seed=7)
        assert result.repeated_pairs == 0 and not (met(result) & seen)
        seen |= met(result)


def test_reroll_uses_a_new_seed(db, group) -> None:
    _ids, (s1, *_rest) = group
    first = pairs.draw(db, s1, seed=1)
    again = pairs.reroll(db, s1)
    assert again.seed != first.seed
    assert pairs.get_pairs(db, s1).seed == again.seed


def test_locked_pair_stays_together_on_redraw(db, group) -> None:
    ids, (s1, *_rest) = group
    pairs.lock_pair(db, s1, ids[4], ids[0])
    for seed in range(5):
        result = pairs.draw(db, s1, seed=seed)
        assert any({ids[0], ids[4]} <= set(g.members) for g in result.groups)
        assert [g.locked for g in result.groups].count(True) == 1
    assert pairs.unlock_pair(db, s1, ids[0], ids[4]) == ()
    with pytest.raises(ValidationError):
        pairs.lock_pair(db, s1, ids[0], ids[0])


def test_do_not_pair_is_respected(db, group) -> None:
    ids, sessions = group
    pairs.add_do_not_pair(db, ids[1], ids[0])
    assert [(r.first_name, r.second_name) for r in pairs.list_do_not_pair(db)] == [("P0", "P1")]
    for seed in range(10):
        result = pairs.draw(db, sessions[0], seed=seed)
        assert frozenset((ids[0], ids[1])) not in met(result) and not result.do_not_pair_broken
    assert pairs.remove_do_not_pair(db, ids[0], ids[1]) == []


def test_only_present_named_people_are_paired(db, group) -> None:
    ids, sessions = group
    meetings.set_attendance(
        db, sessions[0], {ids[0]: "present", ids[1]: "apologised", ids[2]: "present"}
    )
    result = pairs.draw(db, sessions[0], seed=3)
    assert [sorted(g.members) for g in result.groups] == [[ids[0], ids[2]]]
    with pytest.raises(ValidationError, match="not"):
        pairs.lock_pair(db, sessions[0], ids[0], ids[1])


def test_nobody_present_is_a_clear_error(db, group) -> None:
    _ids, sessions = group
    meetings.set_attendance(db, sessions[0], {})
    with pytest.raises(ValidationError, match="Nobody is marked present"):
        pairs.draw(db, sessions[0])
    assert pairs.get_pairs(db, sessions[1]) is None
