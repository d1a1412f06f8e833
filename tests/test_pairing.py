"""The pairs draw: properties that must hold for any input, and hand-made cases for the goals."""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator, Sequence
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from copdesk.pairing import (
    EXACT_LIMIT,
    MeetingHistory,
    PairingResult,
    PastGroup,
    _min_cost_perfect_matching,
    draw_pairs,
    prepare_history,
)

FIRST = date(2025, 1, 7)
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def week(k: int) -> date:
    return FIRST + timedelta(weeks=k)


def check_partition(result: PairingResult, present: Sequence[int]) -> None:
    """Everyone present exactly once, nobody else; pairs plus one trio iff the count is odd."""
    flat = [m for g in result.groups for m in g]
    assert sorted(flat) == sorted(present)
    sizes = sorted(len(g) for g in result.groups)
    n = len(present)
    if n == 0:
        assert result.groups == ()
    elif n == 1:
        assert sizes == [1] and result.diagnostics.alone
    else:
        assert sizes == [2] * (n // 2 - 1) + [3] if n % 2 else [2] * (n // 2)
        assert not result.diagnostics.alone


def check_locked(result: PairingResult, locked: Sequence[tuple[int, int]]) -> None:
    for a, b in locked:
        assert any(a in g and b in g for g in result.groups), (a, b)


def pairs_in(groups: Sequence[Sequence[int]]) -> Iterator[tuple[int, int]]:
    for g in groups:
        yield from itertools.combinations(g, 2)


# -- strategies -------------------------------------------------------------------------------


@st.composite
def planted(draw: st.DrawFn, max_people: int = 80) -> dict:
    """A community where a clean draw is known to exist: a hidden arrangement whose groups never
    met and are not on the do-not-pair list, with the convener's locks taken from it. The rest
    of the history is random or (``dense``) every other pair has already met."""
    n = draw(st.sampled_from(range(max_people + 1)))  # evenly spread, unlike st.integers
    present = draw(st.lists(st.integers(1, 500), min_size=n, max_size=n, unique=True))
    rng = random.Random(draw(st.integers(0, 2**32)))
    order = present[:]
    rng.shuffle(order)
    hidden: list[tuple[int, ...]] = []
    if n % 2 and n >= 3:
        hidden.append(tuple(order[:3]))
        order = order[3:]
    hidden += [tuple(order[i : i + 2]) for i in range(0, len(order) - 1, 2)]
    together = {frozenset(p) for p in pairs_in(hidden)}
    others = [p for p in itertools.combinations(sorted(present), 2) if frozenset(p) not in together]
    dense = draw(st.booleans())
    history: list[PastGroup] = []
    sessions = draw(st.integers(1, 30))
    if dense:
        history = [PastGroup(week(rng.randrange(sessions)), p) for p in others]
    else:
        for p in rng.sample(others, min(len(others), draw(st.integers(0, 4 * n + 1)))):
            history.append(PastGroup(week(rng.randrange(sessions)), p))
    absent = [501, 502, 503]
    history.append(PastGroup(week(0), (absent[0], absent[1], present[0] if present else 503)))
    avoid = [frozenset(p) for p in rng.sample(others, min(len(others), draw(st.integers(0, 12))))]
    pairs = [g for g in hidden if len(g) == 2]
    locked = rng.sample(pairs, min(len(pairs), draw(st.integers(0, 3))))
    orgs = {m: f"org{rng.randrange(3)}" for m in present if rng.random() < 0.8}
    return {
        "present": present,
        "history": history,
        "do_not_pair": avoid,
        "locked": [tuple(p) for p in locked],
        "organisation": orgs,
        "seed": draw(st.integers(0, 10**6)),
    }


@st.composite
def anything(draw: st.DrawFn, max_people: int = 80) -> dict:
    """Arbitrary input: random past sessions, wishes and locks, with no guarantee of a clean draw."""
    n = draw(st.sampled_from(range(max_people + 1)))
    present = draw(st.lists(st.integers(1, 120), min_size=n, max_size=n, unique=True))
    rng = random.Random(draw(st.integers(0, 2**32)))
    pool = list(range(1, 121))
    history: list[PastGroup] = []
    for k in range(draw(st.integers(0, 10))):
        here = rng.sample(pool, rng.randrange(0, len(pool)))
        while len(here) >= 2:
            size = 3 if len(here) == 3 else 2
            history.append(PastGroup(week(k), tuple(here[:size])))
            here = here[size:]
    avoid = []
    if len(present) >= 2:
        avoid = [frozenset(rng.sample(present, 2)) for _ in range(draw(st.integers(0, 8)))]
    order = present[:]
    rng.shuffle(order)
    locked = [
        tuple(order[2 * i : 2 * i + 2]) for i in range(min(len(order) // 2, rng.randrange(3)))
    ]
    orgs = {m: rng.choice("abc") for m in present if rng.random() < 0.8}
    return {
        "present": present,
        "history": history,
        "do_not_pair": avoid,
        "locked": locked,
        "organisation": orgs,
        "seed": draw(st.integers(0, 10**6)),
    }


# -- properties -------------------------------------------------------------------------------


@FAST
@given(planted())
def test_a_clean_draw_is_found_whenever_one_exists(case: dict) -> None:
    result = draw_pairs(**case)
    check_partition(result, case["present"])
    check_locked(result, case["locked"])
    d = result.diagnostics
    assert not d.do_not_pair_broken
    assert len(case["present"]) <= EXACT_LIMIT
    assert d.repeated_pairs == 0 and d.repeats == () and d.repeat_weight == 0
    absent = {501, 502, 503} - set(case["present"])
    assert not absent & {m for g in result.groups for m in g}


@FAST
@given(anything())
def test_any_input_gives_a_full_deterministic_draw(case: dict) -> None:
    result = draw_pairs(**case)
    check_partition(result, case["present"])
    check_locked(result, case["locked"])
    # Same seed, same result, whatever order the roster comes in.
    again = draw_pairs(**{**case, "present": list(reversed(case["present"]))})
    assert {frozenset(g) for g in again.groups} == {frozenset(g) for g in result.groups}
    assert again.diagnostics == result.diagnostics
    d = result.diagnostics
    assert d.repeated_pairs == len(d.repeats)
    assert [r.sessions_ago for r in d.repeats] == sorted(r.sessions_ago for r in d.repeats)


@pytest.mark.parametrize("size", [3, 5, 30, 31, 59, 60, 61, EXACT_LIMIT - 1, EXACT_LIMIT])
def test_the_only_repeat_free_draw_is_found(size: int) -> None:
    """Everyone has met everyone except along one hidden arrangement: it must be drawn."""
    for seed in range(3):
        rng = random.Random(size * 100 + seed)
        people = rng.sample(range(1, 1000), size)
        order = people[:]
        rng.shuffle(order)
        hidden = [tuple(order[:3])] if size % 2 else []
        rest = order[3:] if size % 2 else order
        hidden += [tuple(rest[i : i + 2]) for i in range(0, len(rest), 2)]
        fresh = {frozenset(p) for p in pairs_in(hidden)}
        history = [
            PastGroup(week(rng.randrange(52)), p)
            for p in itertools.combinations(people, 2)
            if frozenset(p) not in fresh
        ]
        orgs = {p: f"org{rng.randrange(4)}" for p in people}
        result = draw_pairs(people, history=history, organisation=orgs, seed=seed)
        assert {frozenset(g) for g in result.groups} == {frozenset(g) for g in hidden}
        assert result.diagnostics.repeated_pairs == 0


def score(groups: Sequence[Sequence[int]], memory: MeetingHistory, case: dict) -> tuple:
    """What the draw minimises, level by level: do-not-pair, recency weight, same organisation."""
    avoid = set(case["do_not_pair"])
    orgs = case["organisation"]
    broken = sum(frozenset(p) in avoid for p in pairs_in(groups))
    weight = sum(memory.weight(a, b) for a, b in pairs_in(groups))
    same = sum(orgs.get(a) is not None and orgs.get(a) == orgs.get(b) for a, b in pairs_in(groups))
    return broken, weight, same


def arrangements(people: list[int]) -> Iterator[list[tuple[int, ...]]]:
    """Every split into pairs (plus one trio for an odd count)."""
    if not people:
        yield []
        return
    first, rest = people[0], people[1:]
    if len(people) % 2:
        for b, c in itertools.combinations(rest, 2):
            others = [x for x in rest if x not in (b, c)]
            for tail in arrangements(others):
                yield [(first, b, c), *tail]
        if len(people) == 3:
            return
    for k, b in enumerate(rest):
        others = rest[:k] + rest[k + 1 :]
        if len(others) != 1:
            yield from ([(first, b), *tail] for tail in arrangements(others))


def test_arrangements_helper_counts() -> None:
    # 4 people: 3 ways; 5: a trio (10 choices) and the pair left; 7: 35 trios x 3 ways for the rest.
    assert len(list(arrangements([1, 2, 3, 4]))) == 3
    assert len(list(arrangements([1, 2, 3, 4, 5]))) == 10
    assert len(list(arrangements(list(range(7))))) == 35 * 3


@settings(max_examples=150, deadline=None)
@given(anything(max_people=9))
def test_small_draws_against_every_possible_arrangement(case: dict) -> None:
    """Brute force: even counts are optimal on every level; odd counts never miss a draw free of
    do-not-pair pairs or of repeats when one exists."""
    present = sorted(case["present"])
    if len(present) < 2:
        return
    memory = prepare_history(case["history"])
    result = draw_pairs(**{**case, "history": memory})
    got = score(result.groups, memory, case)
    possible = [
        a
        for a in arrangements(present)
        if all(any(set(lk) <= set(g) for g in a) for lk in case["locked"])
    ]
    best = min(score(a, memory, case) for a in possible)
    if len(present) % 2 == 0:
        assert got == best
        assert result.diagnostics.exact
    # Locked pairs are the convener's choice: only pairs the draw chose count here.
    locked = {frozenset(p) for p in case["locked"]}
    clean = [
        a
        for a in possible
        if all(
            frozenset(p) in locked or frozenset(p) not in set(case["do_not_pair"])
            for p in pairs_in(a)
        )
    ]
    if clean:
        chosen = [frozenset(p) for p in pairs_in(result.groups) if frozenset(p) not in locked]
        assert not set(chosen) & set(case["do_not_pair"])
    if best[:2] == (0, 0):
        assert got[:2] == (0, 0)


@settings(max_examples=100, deadline=None)
@given(st.integers(2, 12), st.integers(0, 2**32))
def test_matching_core_is_optimal(n: int, seed: int) -> None:
    n -= n % 2
    rng = random.Random(seed)
    top = rng.choice([2, 5, 1000])
    cost = [[0] * n for _ in range(n)]
    for i, j in itertools.combinations(range(n), 2):
        cost[i][j] = cost[j][i] = rng.randrange(top)
    mate = _min_cost_perfect_matching(cost)
    assert all(mate[mate[i]] == i != mate[i] for i in range(n))
    got = sum(cost[i][mate[i]] for i in range(n)) // 2
    best = min(sum(cost[a][b] for a, b in arr) for arr in arrangements(list(range(n))))
    assert got == best


# -- hand-made cases --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("present", "sizes"),
    [([], []), ([7], [1]), ([7, 8], [2]), ([7, 8, 9], [3]), ([1, 2, 3, 4, 5], [2, 3])],
)
def test_tiny_groups(present: list[int], sizes: list[int]) -> None:
    result = draw_pairs(present)
    assert sorted(len(g) for g in result.groups) == sizes
    assert result.diagnostics.alone == (len(present) == 1)


def test_when_no_arrangement_respects_the_wishes_nobody_is_left_out() -> None:
    two = draw_pairs([1, 2], do_not_pair=[frozenset((1, 2))])
    assert two.groups == ((1, 2),) and two.diagnostics.do_not_pair_broken
    three = draw_pairs([1, 2, 3], do_not_pair=[frozenset((1, 2))])
    assert three.groups == ((1, 2, 3),) and three.diagnostics.do_not_pair_broken
    four = draw_pairs([1, 2, 3, 4], do_not_pair=[frozenset((1, 2)), frozenset((1, 3))])
    assert {frozenset(g) for g in four.groups} == {frozenset((1, 4)), frozenset((2, 3))}
    assert not four.diagnostics.do_not_pair_broken


def test_when_everyone_has_met_the_oldest_repeats_are_chosen() -> None:
    history = [
        PastGroup(week(0), (1, 2)),
        PastGroup(week(0), (3, 4)),
        PastGroup(week(1), (1, 3)),
        PastGroup(week(1), (2, 4)),
        PastGroup(week(2), (1, 4)),
        PastGroup(week(2), (2, 3)),
    ]
    for seed in range(5):
        result = draw_pairs([1, 2, 3, 4], history=history, seed=seed)
        assert {frozenset(g) for g in result.groups} == {frozenset((1, 2)), frozenset((3, 4))}
        d = result.diagnostics
        assert d.repeated_pairs == 2
        assert [r.sessions_ago for r in d.repeats] == [3, 3]
        assert all(r.last_met == week(0) and r.times_met == 1 for r in d.repeats)


def test_recency_outweighs_an_old_repeat_and_breaks_do_not_pair_never() -> None:
    # 1-2 met long ago twice; 1-3 and 2-4 met last session; 1-4 / 2-3 are on the do-not-pair list.
    history = [PastGroup(week(k), (5, 6)) for k in range(10)]
    history += [
        PastGroup(week(0), (1, 2)),
        PastGroup(
            week(1),
            (1, 2),
        ),
        PastGroup(week(1), (3, 4)),
    ]
    history += [PastGroup(week(9), (1, 3)), PastGroup(week(9), (2, 4))]
    result = draw_pairs(
        [1, 2, 3, 4], history=history, do_not_pair=[frozenset((1, 4)), frozenset((2, 3))]
    )
    assert {frozenset(g) for g in result.groups} == {frozenset((1, 2)), frozenset((3, 4))}
    d = result.diagnostics
    assert not d.do_not_pair_broken
    assert [(r.a, r.b, r.sessions_ago, r.times_met) for r in d.repeats] == [
        (1, 2, 9, 2),
        (3, 4, 9, 1),
    ]


def test_odd_count_with_everyone_met_puts_the_oldest_acquaintances_in_the_trio() -> None:
    people = [1, 2, 3, 4, 5]
    history = [PastGroup(week(0), (1, 2, 3))]  # the oldest: 1-2, 1-3, 2-3
    others = [p for p in itertools.combinations(people, 2) if not set(p) <= {1, 2, 3}]
    history += [PastGroup(week(1 + k), p) for k, p in enumerate(others)]
    result = draw_pairs(people, history=history, seed=3)
    assert (1, 2, 3) in result.groups


def test_two_organisations_of_equal_size_pair_across() -> None:
    for size in (2, 10, 40, 80, 200):
        people = list(range(size))
        orgs = {p: "north" if p % 2 else "south" for p in people}
        for seed in range(3):
            result = draw_pairs(people, organisation=orgs, seed=seed)
            assert result.diagnostics.cross_organisation_groups == len(result.groups)
            assert result.diagnostics.same_organisation_pairs == 0


def test_unknown_organisations_are_never_cross_or_same() -> None:
    result = draw_pairs([1, 2, 3, 4], organisation={1: "a"})
    assert result.diagnostics.cross_organisation_groups == 0
    assert result.diagnostics.same_organisation_pairs == 0


def test_locked_pairs_stay_together_and_can_host_the_trio() -> None:
    result = draw_pairs([1, 2, 3], locked=[(1, 2)])
    assert result.groups == ((1, 2, 3),)
    people = list(range(1, 12))
    for seed in range(10):
        result = draw_pairs(people, locked=[(1, 2), (3, 4)], seed=seed)
        check_locked(result, [(1, 2), (3, 4)])


def test_same_seed_same_draw_other_seeds_usually_differ() -> None:
    people = list(range(1, 21))
    draws = [frozenset(frozenset(g) for g in draw_pairs(people, seed=s).groups) for s in range(10)]
    assert draws[0] == frozenset(frozenset(g) for g in draw_pairs(people, seed=0).groups)
    assert len(set(draws)) >= 8
    big = list(range(1, 302))
    large = [frozenset(frozenset(g) for g in draw_pairs(big, seed=s).groups) for s in range(4)]
    assert len(set(large)) == 4


def test_prepared_history_gives_the_same_draw_and_ignores_today() -> None:
    people = list(range(1, 15))
    history = [PastGroup(week(k), (k % 14 + 1, (3 * k + 5) % 14 + 1)) for k in range(20)]
    history = [g for g in history if len(set(g.members)) == 2]
    today = week(15)
    memory = prepare_history(history, today=today)
    assert memory.sessions == 15
    a = draw_pairs(people, history=history, today=today, seed=4)
    b = draw_pairs(people, history=memory, seed=4)
    assert a == b
    with pytest.raises(ValueError):
        draw_pairs(people, history=memory, today=week(16))
    # A draw already saved for today does not count as a repeat when drawing today again.
    first = draw_pairs(people, history=history, today=today)
    again = draw_pairs(
        people, history=[*history, *(PastGroup(today, g) for g in first.groups)], today=today
    )
    assert again == first


@pytest.mark.parametrize(
    "kwargs",
    [
        {"present": [1, 1, 2]},
        {"present": [1, 2], "locked": [(1, 3)]},
        {"present": [1, 2], "locked": [(1, 1)]},
        {"present": [1, 2, 3, 4], "locked": [(1, 2), (2, 3)]},
        {"present": [1, 2], "do_not_pair": [frozenset((1,))]},
    ],
)
def test_inconsistent_input_is_refused(kwargs: dict) -> None:
    with pytest.raises(ValueError):
        draw_pairs(**kwargs)


def yearly(size: int, seed: int) -> tuple[list[int], dict[int, str], list[PastGroup]]:
    rng = random.Random(seed)
    people = list(range(1, size + 1))
    orgs = {p: f"org{rng.randrange(8)}" for p in people}
    history = []
    for k in range(52):
        here = people[:]
        rng.shuffle(here)
        history += [PastGroup(week(k), (here[i], here[i + 1])) for i in range(0, size - 1, 2)]
    return people, orgs, history


def test_a_large_community_draws_without_repeats() -> None:
    people, orgs, history = yearly(1001, seed=1)
    memory = prepare_history(history)
    result = draw_pairs(people, history=memory, organisation=orgs, seed=9)
    check_partition(result, people)
    assert result.diagnostics.repeated_pairs == 0
    assert result.diagnostics.same_organisation_pairs == 0
    assert not result.diagnostics.exact


def test_exact_size_with_a_year_of_history_has_no_repeats() -> None:
    people, orgs, history = yearly(EXACT_LIMIT, seed=2)
    result = draw_pairs(people, history=history, organisation=orgs)
    assert result.diagnostics.repeated_pairs == 0 and result.diagnostics.exact


@pytest.mark.parametrize("size", [1000, 1001])
def test_a_large_draw_keeps_a_nearly_impossible_wish(size: int) -> None:
    # Person 1 may only be grouped with 2 (and 3 when there is a trio to fill).
    allowed = {2, 3} if size % 2 else {2}
    avoid = [frozenset((1, p)) for p in range(2, size + 1) if p not in allowed]
    result = draw_pairs(list(range(1, size + 1)), do_not_pair=avoid, seed=5)
    assert not result.diagnostics.do_not_pair_broken
    impossible = [frozenset((1, p)) for p in range(2, size + 1)]
    result = draw_pairs(list(range(1, size + 1)), do_not_pair=impossible, seed=5)
    check_partition(result, list(range(1, size + 1)))
    assert result.diagnostics.do_not_pair_broken
