"""Draw the random pairs that open each session ("the 10-minute community").

A pure function of plain data: no database, no Qt, no clock, no global random state, so the same
inputs and seed always give the same list (a printed list can be reproduced, and "re-roll" is
just another seed).

What a good draw is, in order of importance (each goal only breaks ties of the one before):

1. Everyone present is in exactly one group: pairs, plus one trio when the count is odd.
2. Nobody is grouped with someone on the convener's private "do not pair" list. This is only
   ever broken when no arrangement at all respects it (for example two people, on each other's
   list, are the only ones present), or when the convener locked such a pair together.
3. Few repeats: a pair who met before costs the sum, over the sessions where they met, of a
   weight that halves every ``SESSION_HALF_LIFE`` sessions (never below 1). Recency is counted
   in *sessions*, not weeks, so a summer break does not make everyone "new" again. So meeting
   last week weighs most, and when repeats are unavoidable the oldest ones are chosen.
4. Pairs across different home organisations (solidarity between communities).
5. Chance: among equally good draws the seed decides.

The goals are combined into one integer cost per pair whose "digits" are the levels above,
scaled so that no amount of a lower level can outweigh one unit of a higher level. Integers
keep the optimum exact (no float ties or rounding).

How the draw is found:

- Up to ``EXACT_LIMIT`` people present: an exact minimum-cost perfect matching (Edmonds'
  weighted blossom algorithm, own implementation, no dependency) on the complete graph. With an
  even count this is the optimum of the whole objective. With an odd count the trio is placed
  from a matching that includes a stand-in for the trio's third member, then improved by local
  moves; if that still has a repeat (or a do-not-pair) while the matching's lower bound says a
  clean draw might exist, a complete search over possible trios (each checked with Edmonds'
  cardinality matching) settles it. So with up to ``EXACT_LIMIT`` people a repeat-free draw is
  always found when one exists, for odd counts too.
- More people: a randomised greedy draw (each person takes a sampled partner with the lowest
  cost) followed by member swaps between groups that only ever lower the total cost. With
  hundreds of people almost every pair is new, so this reaches a repeat-free draw in practice;
  the do-not-pair guarantee is kept by an exact matching fallback.

``prepare_history`` does the history bookkeeping once (it is the costly part for a large group);
pass its result as ``history`` to re-roll quickly.
"""

from __future__ import annotations

import random
from collections import deque
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType

__all__ = [
    "EXACT_LIMIT",
    "SESSION_HALF_LIFE",
    "MeetingHistory",
    "PairingDiagnostics",
    "PairingResult",
    "PastGroup",
    "RepeatedPair",
    "draw_pairs",
    "prepare_history",
]

#: Up to this many people present, the draw comes from an exact matching (see module docstring).
EXACT_LIMIT = 80
#: A past meeting's weight halves every this many sessions (most recent session = 1 session ago).
SESSION_HALF_LIFE = 4.0

_RECENCY_SCALE = 1 << 16  # weight of a meeting at the most recent session
_NOISE_BITS = 10  # random tie-break per pair, below every real preference
_NOISE = 1 << _NOISE_BITS
_SAMPLES = 8  # partners the greedy draw looks at before settling
_WIDE_SAMPLES = 64  # ... and when all of those would be a repeat
_NO_ORGANISATIONS: Mapping[int, str] = MappingProxyType({})


@dataclass(frozen=True, slots=True)
class PastGroup:
    """One group (pair or trio) of a past session: who was together, and on which date."""

    on: date
    members: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class RepeatedPair:
    """Two people grouped today who had already met; ``sessions_ago`` is 1 for the last session."""

    a: int
    b: int
    sessions_ago: int
    last_met: date
    times_met: int


@dataclass(frozen=True, slots=True)
class PairingDiagnostics:
    """Numbers and flags about a draw, for the window to explain it (no text here, no i18n).

    ``repeats`` lists every pair inside today's groups that met before (a trio has three pairs),
    most recent first; ``repeat_weight`` is the recency-weighted total that the draw minimised.
    A group counts as cross-organisation when every member's organisation is known and no two
    members share one. ``alone`` is set when exactly one person is present. ``exact`` is set
    when the draw is proven optimal for the whole objective (always for an even count up to
    ``EXACT_LIMIT``; for odd counts when the lower bound is met).
    """

    repeated_pairs: int
    repeats: tuple[RepeatedPair, ...]
    repeat_weight: int
    cross_organisation_groups: int
    same_organisation_pairs: int
    do_not_pair_broken: bool
    alone: bool
    exact: bool


@dataclass(frozen=True, slots=True)
class PairingResult:
    """The groups (member ids; pairs plus at most one trio) and how good the draw is."""

    groups: tuple[tuple[int, ...], ...]
    diagnostics: PairingDiagnostics


class MeetingHistory:
    """Who met whom, with recency weights, prepared once from the past groups.

    Preparation walks every past group; drawing only looks people up. Keeping this object
    (for example while a session is open) makes "re-roll" cost only the draw itself.
    Groups dated on or after ``today`` are ignored, so a draw already saved for today does not
    count against re-drawing it. Sessions are the distinct dates that remain.
    """

    __slots__ = ("_details", "_neighbours", "max_weight", "sessions", "today")

    def __init__(
        self,
        history: Iterable[PastGroup],
        *,
        today: date | None = None,
        half_life: float = SESSION_HALF_LIFE,
    ) -> None:
        if half_life <= 0:
            raise ValueError("half_life must be positive")
        groups = [g for g in history if today is None or g.on < today]
        dates = sorted({g.on for g in groups}, reverse=True)
        ago = {d: k for k, d in enumerate(dates, start=1)}
        weight_at = {
            k: max(1, round(_RECENCY_SCALE * 0.5 ** ((k - 1) / half_life))) for k in ago.values()
        }
        neighbours: dict[int, dict[int, int]] = {}
        # (a, b) with a < b -> [sessions_ago of the last meeting, last date, times met]
        details: dict[tuple[int, int], list] = {}
        for g in groups:
            k = ago[g.on]
            w = weight_at[k]
            members = sorted(set(g.members))
            for i, a in enumerate(members):
                na = neighbours.get(a)
                if na is None:
                    na = neighbours[a] = {}
                for b in members[i + 1 :]:
                    nb = neighbours.get(b)
                    if nb is None:
                        nb = neighbours[b] = {}
                    total = na.get(b, 0) + w
                    na[b] = nb[a] = total
                    d = details.get((a, b))
                    if d is None:
                        details[(a, b)] = [k, g.on, 1]
                    else:
                        d[2] += 1
                        if k < d[0]:
                            d[0], d[1] = k, g.on
        self._neighbours = neighbours
        self._details = details
        self.sessions = len(dates)
        self.today = today
        self.max_weight = max((max(nb.values()) for nb in neighbours.values()), default=0)

    def weight(self, a: int, b: int) -> int:
        """The recency-weighted repeat cost of grouping ``a`` with ``b`` (0 if they never met)."""
        return self._neighbours.get(a, {}).get(b, 0)

    def neighbours(self, a: int) -> Mapping[int, int]:
        """Everyone ``a`` has met, with the pair's weight (read-only use)."""
        return self._neighbours.get(a, _EMPTY_WEIGHTS)

    def repeat(self, a: int, b: int) -> RepeatedPair | None:
        """Details of the last time ``a`` and ``b`` met, or None if they never did."""
        key = (a, b) if a < b else (b, a)
        d = self._details.get(key)
        if d is None:
            return None
        return RepeatedPair(a=key[0], b=key[1], sessions_ago=d[0], last_met=d[1], times_met=d[2])


_EMPTY_WEIGHTS: Mapping[int, int] = MappingProxyType({})


def prepare_history(
    history: Iterable[PastGroup],
    *,
    today: date | None = None,
    half_life: float = SESSION_HALF_LIFE,
) -> MeetingHistory:
    """Prepare past groups once for many draws (see ``MeetingHistory``)."""
    return MeetingHistory(history, today=today, half_life=half_life)


def draw_pairs(
    present: Sequence[int],
    *,
    history: Sequence[PastGroup] | MeetingHistory = (),
    organisation: Mapping[int, str] = _NO_ORGANISATIONS,
    do_not_pair: Iterable[frozenset[int]] = (),
    locked: Sequence[tuple[int, int]] = (),
    seed: int = 0,
    today: date | None = None,
) -> PairingResult:
    """Group the people ``present`` into pairs (plus one trio for an odd count).

    ``history`` is the past groups, or a ``MeetingHistory`` prepared from them (then ``today``
    must be None or the same date it was prepared with). ``organisation`` maps a member to their
    home organisation (members left out, or with an empty name, count as unknown: never "the
    same" as anyone).
    ``do_not_pair`` holds two-person sets that must not share a group; ``locked`` holds pairs the
    convener fixed, kept together as given (one of them may receive the trio's third member).
    The result depends only on the inputs and ``seed``, not on the order of ``present``.

    Raises ValueError for inconsistent input (a duplicate in ``present``, a locked pair with
    someone absent or someone locked twice, a do-not-pair entry that is not two people).
    """
    ids = list(present)
    if len(set(ids)) != len(ids):
        raise ValueError("someone is listed twice in present")
    if isinstance(history, MeetingHistory):
        if today is not None and today != history.today:
            raise ValueError("history was prepared for another date")
        memory = history
    else:
        memory = MeetingHistory(history, today=today)
    here = set(ids)
    avoid: dict[int, set[int]] = {}
    for entry in do_not_pair:
        pair = frozenset(entry)
        if len(pair) != 2:
            raise ValueError("a do-not-pair entry must name two different people")
        a, b = pair
        if a in here and b in here:
            avoid.setdefault(a, set()).add(b)
            avoid.setdefault(b, set()).add(a)
    locked_pairs: list[tuple[int, int]] = []
    seen: set[int] = set()
    for a, b in locked:
        if a == b or a not in here or b not in here:
            raise ValueError("a locked pair must be two different people who are present")
        if a in seen or b in seen:
            raise ValueError("someone is in two locked pairs")
        seen.update((a, b))
        locked_pairs.append((a, b))

    rng = random.Random(seed)
    people = sorted(ids)
    rng.shuffle(people)
    n = len(people)
    if n == 0:
        return _result((), memory, avoid, organisation, present=ids, exact=True)
    if n == 1:
        return _result(((people[0],),), memory, avoid, organisation, present=ids, exact=True)

    index = {p: i for i, p in enumerate(people)}
    locked_idx = [(index[a], index[b]) for a, b in locked_pairs]
    problem = _Problem(people, memory, organisation, avoid, locked_idx, rng)
    if n <= EXACT_LIMIT:
        groups, exact = problem.solve_exact()
    else:
        groups, exact = problem.solve_large(), False
    as_ids = tuple(tuple(people[i] for i in g) for g in groups)
    return _result(as_ids, memory, avoid, organisation, present=ids, exact=exact)


def _result(
    groups: tuple[tuple[int, ...], ...],
    memory: MeetingHistory,
    avoid: Mapping[int, set[int]],
    organisation: Mapping[int, str],
    *,
    present: Sequence[int],
    exact: bool,
) -> PairingResult:
    """Put groups in the order of ``present`` and measure them."""
    position = {p: i for i, p in enumerate(present)}
    ordered = sorted(
        (tuple(sorted(g, key=position.__getitem__)) for g in groups),
        key=lambda g: position[g[0]],
    )
    repeats: list[RepeatedPair] = []
    weight = 0
    cross = same = 0
    broken = False
    for g in ordered:
        orgs = [organisation.get(m) or None for m in g]
        if None not in orgs and len(set(orgs)) == len(orgs) and len(g) > 1:
            cross += 1
        for i, a in enumerate(g):
            for b in g[i + 1 :]:
                r = memory.repeat(a, b)
                if r is not None:
                    repeats.append(r)
                    weight += memory.weight(a, b)
                if b in avoid.get(a, ()):
                    broken = True
                oa = organisation.get(a)
                if oa and oa == organisation.get(b):
                    same += 1
    repeats.sort(key=lambda r: (r.sessions_ago, r.a, r.b))
    diagnostics = PairingDiagnostics(
        repeated_pairs=len(repeats),
        repeats=tuple(repeats),
        repeat_weight=weight,
        cross_organisation_groups=cross,
        same_organisation_pairs=same,
        do_not_pair_broken=broken,
        alone=len(present) == 1,
        exact=exact,
    )
    return PairingResult(groups=tuple(ordered), diagnostics=diagnostics)


class _Problem:
    """One draw in index space: person i is ``people[i]``; costs as described in the module."""

    def __init__(
        self,
        people: list[int],
        memory: MeetingHistory,
        organisation: Mapping[int, str],
        avoid: Mapping[int, set[int]],
        locked: list[tuple[int, int]],
        rng: random.Random,
    ) -> None:
        n = len(people)
        self.n = n
        self.people = people
        self.rng = rng
        self.locked = locked
        self.movable = [True] * n
        for a, b in locked:
            self.movable[a] = self.movable[b] = False
        self.free = [i for i in range(n) if self.movable[i]]
        # Looked up by member id (people[j]), not index: no per-draw copy of the history.
        self.met: list[Mapping[int, int]] = [memory.neighbours(p) for p in people]
        self.avoid: list[Collection[int]] = [avoid.get(p, ()) for p in people]
        self.org = [organisation.get(p) or None for p in people]
        # Level weights: each is more than an arrangement can ever collect from the levels below.
        slots = n // 2 + 2  # pairs in an arrangement, a trio counting as three
        self.w_org = slots * _NOISE
        self.w_rep = slots * (self.w_org + _NOISE)
        self.w_avoid = slots * (memory.max_weight * self.w_rep + self.w_org + _NOISE)

    # -- costs -------------------------------------------------------------------------------

    def cost(self, i: int, j: int) -> int:
        """Cost of i and j in one group, without the random tie-break."""
        q = self.people[j]
        c = self.met[i].get(q, 0) * self.w_rep
        if q in self.avoid[i]:
            c += self.w_avoid
        o = self.org[i]
        if o is not None and o == self.org[j]:
            c += self.w_org
        return c

    def build_matrix(self) -> list[list[int]]:
        """All pair costs plus a seeded tie-break below every real preference."""
        n = self.n
        bits = self.rng.getrandbits
        m = [[0] * n for _ in range(n)]
        for i in range(n):
            row = m[i]
            for j in range(i + 1, n):
                row[j] = m[j][i] = self.cost(i, j) + bits(_NOISE_BITS)
        return m

    def group_cost(self, g: Sequence[int], pc: Callable[[int, int], int]) -> int:
        if len(g) == 2:
            return pc(g[0], g[1])
        return pc(g[0], g[1]) + pc(g[0], g[2]) + pc(g[1], g[2])

    def clean(self, i: int, j: int, level: int) -> bool:
        """Whether i and j may be grouped at ``level``: 2 = not on do-not-pair, 1 = also new."""
        q = self.people[j]
        if q in self.avoid[i]:
            return False
        return level == 2 or q not in self.met[i]

    # -- exact (small groups) ----------------------------------------------------------------

    def solve_exact(self) -> tuple[list[list[int]], bool]:
        """Optimal pairs by weighted matching; see the module docstring for the odd case."""
        c = self.build_matrix()
        pc = _matrix_cost(c)
        free = self.free
        base = [list(p) for p in self.locked]
        if len(free) % 2 == 0:
            return base + self.match(free, c), True
        # Odd: a stand-in "z" for the trio's third member, who pays at least their two
        # cheapest partners. The matching's cost is then a lower bound for every draw.
        m = len(free)
        sub = [[c[a][b] for b in free] + [0] for a in free]
        sub.append([0] * (m + 1))
        for k, a in enumerate(free):
            row = c[a]
            two = sorted(row[b] for b in range(self.n) if b != a)[:2]
            sub[k][m] = sub[m][k] = sum(two)
        mate = _min_cost_perfect_matching(sub)
        lower = sum(sub[k][mate[k]] for k in range(m + 1)) // 2
        third = free[mate[m]]
        pairs = [[free[k], free[mate[k]]] for k in range(m) if k < mate[k] < m]
        groups = self.attach(third, base + pairs, pc)
        groups = self.improve(groups, pc, everywhere=True)
        locked_cost = sum(c[a][b] for a, b in self.locked)
        best = sum(self.group_cost(g, pc) for g in groups)
        for level, weight in ((1, self.w_rep), (2, self.w_avoid)):
            if best - locked_cost < weight or lower >= weight:
                continue  # already clean at this level, or provably cannot be
            found = self.find_clean(level)
            if found is None:
                continue
            trio, _ = found
            rest = [i for i in free if i not in trio]
            if len(trio) == 3 and not self.movable[trio[1]]:
                host = [g for g in base if g[0] == trio[1]][0]
                others = [g for g in base if g is not host]
                candidate = others + [list(trio)] + self.match(rest, c)
            else:
                candidate = base + [list(trio)] + self.match(rest, c)
            candidate = self.improve(candidate, pc, everywhere=True)
            cost = sum(self.group_cost(g, pc) for g in candidate)
            if cost < best:
                groups, best = candidate, cost
            break
        return groups, best == lower + locked_cost

    def match(self, members: list[int], c: list[list[int]]) -> list[list[int]]:
        if not members:
            return []
        sub = [[c[a][b] for b in members] for a in members]
        mate = _min_cost_perfect_matching(sub)
        return [[members[k], members[mate[k]]] for k in range(len(members)) if k < mate[k]]

    def attach(
        self, third: int, groups: list[list[int]], pc: Callable[[int, int], int]
    ) -> list[list[int]]:
        """Add ``third`` to the pair where they cost least."""
        best = min(
            range(len(groups)), key=lambda k: pc(third, groups[k][0]) + pc(third, groups[k][1])
        )
        groups[best] = groups[best] + [third]
        return groups

    # -- large groups ------------------------------------------------------------------------

    def solve_large(self) -> list[list[int]]:
        """Randomised greedy draw, then improving swaps; exact fallback for do-not-pair."""
        pc = self.cost
        rng = self.rng
        groups = [list(p) for p in self.locked]
        # Random order (people are shuffled), but people with do-not-pair wishes choose first.
        pool = sorted(self.free, key=lambda i: len(self.avoid[i]))
        met, avoid, org, ids = self.met, self.avoid, self.org, self.people
        w_rep, w_avoid = self.w_rep, self.w_avoid
        third = -1
        while pool:
            p = pool.pop()
            if not pool:
                third = p
                break
            met_p, avoid_p, org_p = met[p], avoid[p], org[p]
            size = len(pool)
            best_k, best_c = -1, -1
            tries = min(_SAMPLES, size)
            t = 0
            while t < tries:
                k = rng.randrange(size)
                q = pool[k]
                c = 0
                if ids[q] in met_p or ids[q] in avoid_p:
                    c = pc(p, q)
                elif org_p is not None and org_p == org[q]:
                    c = 1
                if best_k < 0 or c < best_c:
                    best_k, best_c = k, c
                    if c == 0:
                        break
                t += 1
                if t == tries and best_c >= w_rep and tries < min(_WIDE_SAMPLES, size):
                    tries = min(_WIDE_SAMPLES, size)
            if best_c >= w_avoid:
                for k in range(size):
                    c = pc(p, pool[k])
                    if c < best_c:
                        best_k, best_c = k, c
            q = pool[best_k]
            pool[best_k] = pool[-1]
            pool.pop()
            groups.append([p, q])
        if third >= 0:
            groups = self.attach(third, groups, pc)
        groups = self.improve(groups, pc, everywhere=False)
        locked_cost = sum(pc(a, b) for a, b in self.locked)
        if sum(self.group_cost(g, pc) for g in groups) - locked_cost >= self.w_avoid:
            groups = self.repair_avoid(groups, pc)
        return groups

    def repair_avoid(
        self, groups: list[list[int]], pc: Callable[[int, int], int]
    ) -> list[list[int]]:
        """Exact fallback: rebuild around a do-not-pair-free structure if one exists."""
        found = self.find_clean(2)
        if found is None:
            return groups
        trio, pairs = found
        base = [list(p) for p in self.locked]
        if trio and not self.movable[trio[1]]:
            base = [g for g in base if g[0] != trio[1]]
        candidate = base + ([list(trio)] if trio else []) + [list(p) for p in pairs]
        candidate = self.improve(candidate, pc, everywhere=False)
        old = sum(self.group_cost(g, pc) for g in groups)
        new = sum(self.group_cost(g, pc) for g in candidate)
        return candidate if new < old else groups

    # -- local improvement -------------------------------------------------------------------

    def improve(
        self, groups: list[list[int]], pc: Callable[[int, int], int], *, everywhere: bool
    ) -> list[list[int]]:
        """Swap members between groups (or move the trio's third) while the total cost drops.

        ``everywhere`` tries every pair of groups (small draws); otherwise only groups with a
        cost are worked on, each against a random sample of the others (large draws).
        """
        rng = self.rng
        movable = self.movable
        cost = [self.group_cost(g, pc) for g in groups]
        count = len(groups)
        for _round in range(8 if everywhere else 6):
            improved = False
            if everywhere:
                targets = list(range(count))
            else:
                targets = [k for k in range(count) if cost[k] > 0]
                if not targets:
                    break
            for k in targets:
                if cost[k] == 0:
                    continue
                if everywhere:
                    partners: Iterable[int] = range(count)
                else:
                    partners = [rng.randrange(count) for _ in range(min(count, 48))]
                for h in partners:
                    if h == k:
                        continue
                    if self.try_swap(groups, cost, k, h, pc, movable):
                        improved = True
                        if cost[k] == 0:
                            break
            if not improved:
                break
        return groups

    def try_swap(
        self,
        groups: list[list[int]],
        cost: list[int],
        k: int,
        h: int,
        pc: Callable[[int, int], int],
        movable: list[bool],
    ) -> bool:
        """Apply the best single improving exchange between groups k and h, if any."""
        gk, gh = groups[k], groups[h]
        old = cost[k] + cost[h]
        best = old
        best_pair: tuple[list[int], list[int]] | None = None
        for x in range(len(gk)):
            if not movable[gk[x]]:
                continue
            for y in range(len(gh)):
                if not movable[gh[y]]:
                    continue
                nk = gk[:x] + [gh[y]] + gk[x + 1 :]
                nh = gh[:y] + [gk[x]] + gh[y + 1 :]
                total = self.group_cost(nk, pc) + self.group_cost(nh, pc)
                if total < best:
                    best, best_pair = total, (nk, nh)
        # Move the trio's third into the other group (the trio moves with them).
        for src, dst, flip in ((gk, gh, False), (gh, gk, True)):
            if len(src) != 3 or len(dst) != 2:
                continue
            for x in range(3):
                if not movable[src[x]]:
                    continue
                ns = src[:x] + src[x + 1 :]
                nd = dst + [src[x]]
                total = self.group_cost(ns, pc) + self.group_cost(nd, pc)
                if total < best:
                    best, best_pair = total, ((nd, ns) if flip else (ns, nd))
        if best_pair is None:
            return False
        groups[k], groups[h] = best_pair
        cost[k] = self.group_cost(best_pair[0], pc)
        cost[h] = self.group_cost(best_pair[1], pc)
        return True

    # -- exact feasibility: is there a draw with no unwanted pair? ---------------------------

    def find_clean(self, level: int) -> tuple[tuple[int, ...], list[tuple[int, int]]] | None:
        """A draw whose free pairs (and trio) are all clean at ``level``, or None if none exists.

        Returns the trio (empty for an even count; ``(x, l1, l2)`` when the third joins the
        locked pair l1-l2) and the pairs of everyone else free. Complete search: the pairs come
        from maximum-cardinality matching (Edmonds), and every candidate trio is tried; a trio
        member must be someone whose absence leaves a perfect matching (found in one search),
        which prunes most candidates.
        """
        free = self.free
        m = len(free)
        adj: list[list[int]] = [[] for _ in range(m)]
        for a in range(m):
            fa = free[a]
            for b in range(a + 1, m):
                if self.clean(fa, free[b], level):
                    adj[a].append(b)
                    adj[b].append(a)
        mate = _maximum_matching(adj)
        exposed = [v for v in range(m) if mate[v] < 0]

        def pairs_of(mt: list[int], skip: Iterable[int] = ()) -> list[tuple[int, int]]:
            gone = set(skip)
            return [(free[v], free[mt[v]]) for v in range(m) if v < mt[v] and v not in gone]

        if m % 2 == 0:
            return ((), pairs_of(mate)) if not exposed else None
        if len(exposed) != 1:
            return None
        u = exposed[0]
        banned = [False] * m
        # Only people some near-perfect matching leaves single can be in the trio.
        possible = _search(u, adj, mate, banned)[1]
        without: dict[int, list[int] | None] = {}

        def mate_without(x: int) -> list[int] | None:
            if x not in without:
                mt = mate[:]
                if x != u:
                    y = mt[x]
                    mt[x] = mt[y] = -1
                    banned[x] = True
                    ok = _augment(y, adj, mt, banned)
                    banned[x] = False
                    without[x] = mt if ok else None
                else:
                    without[x] = mt
            return without[x]

        adjset = [set(a) for a in adj]
        for x in range(m):
            mx = mate_without(x) if possible[x] else None
            if mx is None:
                continue
            fx = free[x]
            for l1, l2 in self.locked:
                if self.clean(fx, l1, level) and self.clean(fx, l2, level):
                    return (fx, l1, l2), pairs_of(mx, [x])
            for a in adj[x]:
                if not possible[a]:
                    continue
                for b in adj[a]:
                    if b <= a or not possible[b] or b not in adjset[x]:
                        continue
                    mt = mx[:]
                    if mt[a] != b:
                        a2, b2 = mt[a], mt[b]
                        mt[a] = mt[a2] = mt[b] = mt[b2] = -1
                        banned[x] = banned[a] = banned[b] = True
                        ok = _augment(a2, adj, mt, banned)
                        banned[x] = banned[a] = banned[b] = False
                        if not ok:
                            continue
                    return (fx, free[a], free[b]), pairs_of(mt, [x, a, b])
        return None


def _matrix_cost(c: list[list[int]]) -> Callable[[int, int], int]:
    def pc(i: int, j: int) -> int:
        return c[i][j]

    return pc


def _maximum_matching(adj: list[list[int]]) -> list[int]:
    """Maximum-cardinality matching (Edmonds): greedy start, then one search per single vertex."""
    m = len(adj)
    mate = [-1] * m
    for v in range(m):
        if mate[v] < 0:
            for w in adj[v]:
                if mate[w] < 0:
                    mate[v], mate[w] = w, v
                    break
    banned = [False] * m
    for v in range(m):
        if mate[v] < 0:
            _augment(v, adj, mate, banned)
    return mate


def _augment(root: int, adj: list[list[int]], mate: list[int], banned: list[bool]) -> bool:
    """Find and apply an augmenting path from the single vertex ``root`` (Edmonds' blossoms).

    Vertices marked in ``banned`` are treated as absent. Returns whether the matching grew.
    """
    return _search(root, adj, mate, banned)[0]


def _search(
    root: int, adj: list[list[int]], mate: list[int], banned: list[bool]
) -> tuple[bool, list[bool]]:
    """Edmonds' search from ``root``; augments if it can, and returns the "even" vertices.

    When the matching is maximum and ``root`` its only single vertex, no path is found and the
    even vertices are exactly those some maximum matching leaves single (Gallai-Edmonds set D).
    """
    m = len(adj)
    parent = [-1] * m
    used = [False] * m
    base = list(range(m))
    used[root] = True
    queue = deque([root])

    def lca(a: int, b: int) -> int:
        seen = [False] * m
        while True:
            a = base[a]
            seen[a] = True
            if mate[a] < 0:
                break
            a = parent[mate[a]]
        while True:
            b = base[b]
            if seen[b]:
                return b
            b = parent[mate[b]]

    def mark(v: int, b: int, child: int, blossom: list[bool]) -> None:
        while base[v] != b:
            blossom[base[v]] = blossom[base[mate[v]]] = True
            parent[v] = child
            child = mate[v]
            v = parent[mate[v]]

    while queue:
        v = queue.popleft()
        for to in adj[v]:
            if banned[to] or base[v] == base[to] or mate[v] == to:
                continue
            if to == root or (mate[to] >= 0 and parent[mate[to]] >= 0):
                cb = lca(v, to)
                blossom = [False] * m
                mark(v, cb, to, blossom)
                mark(to, cb, v, blossom)
                for i in range(m):
                    if blossom[base[i]]:
                        base[i] = cb
                        if not used[i]:
                            used[i] = True
                            queue.append(i)
            elif parent[to] < 0:
                parent[to] = v
                if mate[to] < 0:
                    while to >= 0:
                        pv = parent[to]
                        nxt = mate[pv]
                        mate[to], mate[pv] = pv, to
                        to = nxt
                    return True, used
                used[mate[to]] = True
                queue.append(mate[to])
    return False, used


def _min_cost_perfect_matching(cost: list[list[int]]) -> list[int]:
    """Return ``mate`` for a minimum-cost perfect matching of the complete graph given by ``cost``.

    Edmonds' weighted blossom algorithm in Galil's O(n³) primal-dual form, following the
    structure of Joris van Rantwijk's well-known ``mwmatching.py`` but written for a complete
    graph held as a cost matrix: edges are vertex pairs ``(v, w)`` rather than numbered
    endpoints, and every vertex is every other vertex's neighbour. All arithmetic is on
    integers, so the optimum is exact (no float ties or rounding).

    ``cost`` must be symmetric with an even number of rows; the diagonal is ignored.
    """
    n = len(cost)
    if n == 0:
        return []
    if n % 2:
        raise ValueError("a perfect matching needs an even number of vertices")
    top = max(max(row) for row in cost) + 1
    # Maximum weight among maximum-cardinality matchings == minimum cost perfect matching.
    wt = [[top - c for c in row] for row in cost]
    maxweight = max(max(row) for row in wt)
    nodes = range(n)

    mate = [-1] * n
    # label: 0 free, 1 S (outer), 2 T (inner); 5 = S with a scan breadcrumb.
    label = [0] * (2 * n)
    # labelend[b] = (remote, local): the edge through which b got its label, remote first.
    labelend: list[tuple[int, int] | None] = [None] * (2 * n)
    inblossom = list(nodes)
    blossomparent = [-1] * (2 * n)
    blossomchilds: list[list[int] | None] = [None] * (2 * n)
    blossombase = list(nodes) + [-1] * n
    # blossomendps[b][i] = (vertex in child i, vertex in child i+1) for the edge joining them.
    blossomendps: list[list[tuple[int, int]] | None] = [None] * (2 * n)
    bestedge: list[tuple[int, int] | None] = [None] * (2 * n)
    blossombestedges: list[list[tuple[int, int]] | None] = [None] * (2 * n)
    unusedblossoms = list(range(n, 2 * n))
    dualvar = [maxweight] * n + [0] * n
    allow = [[False] * n for _ in nodes]
    queue: list[int] = []

    def slack(v: int, w: int) -> int:
        return dualvar[v] + dualvar[w] - 2 * wt[v][w]

    def leaves(b: int) -> list[int]:
        if b < n:
            return [b]
        out: list[int] = []
        stack = [b]
        while stack:
            t = stack.pop()
            if t < n:
                out.append(t)
            else:
                stack.extend(blossomchilds[t])  # type: ignore[arg-type]
        return out

    def assign_label(w: int, t: int, p: tuple[int, int] | None) -> None:
        b = inblossom[w]
        label[w] = label[b] = t
        labelend[w] = labelend[b] = p
        bestedge[w] = bestedge[b] = None
        if t == 1:
            queue.extend(leaves(b))
        else:
            base = blossombase[b]
            partner = mate[base]
            assign_label(partner, 1, (base, partner))

    def scan_blossom(v: int, w: int) -> int:
        path = []
        base = -1
        while v != -1 or w != -1:
            b = inblossom[v]
            if label[b] & 4:
                base = blossombase[b]
                break
            path.append(b)
            label[b] = 5
            le = labelend[b]
            if le is None:
                v = -1
            else:
                b = inblossom[le[0]]
                v = labelend[b][0]  # type: ignore[index]
            if w != -1:
                v, w = w, v
        for b in path:
            label[b] = 1
        return base

    def add_blossom(base: int, v: int, w: int) -> None:
        bb = inblossom[base]
        bv = inblossom[v]
        bw = inblossom[w]
        b = unusedblossoms.pop()
        blossombase[b] = base
        blossomparent[b] = -1
        blossomparent[bb] = b
        path: list[int] = []
        endps: list[tuple[int, int]] = []
        while bv != bb:
            blossomparent[bv] = b
            path.append(bv)
            le = labelend[bv]
            endps.append(le)  # type: ignore[arg-type]
            bv = inblossom[le[0]]  # type: ignore[index]
        path.append(bb)
        path.reverse()
        endps.reverse()
        endps.append((v, w))
        while bw != bb:
            blossomparent[bw] = b
            path.append(bw)
            le = labelend[bw]
            endps.append((le[1], le[0]))  # type: ignore[index]
            bw = inblossom[le[0]]  # type: ignore[index]
        blossomchilds[b] = path
        blossomendps[b] = endps
        label[b] = 1
        labelend[b] = labelend[bb]
        dualvar[b] = 0
        for x in leaves(b):
            if label[inblossom[x]] == 2:
                queue.append(x)
            inblossom[x] = b
        bestedgeto: dict[int, tuple[int, int]] = {}
        for sub in path:
            sub_list = blossombestedges[sub]
            if sub_list is None:
                candidates = [(x, y) for x in leaves(sub) for y in nodes if y != x]
            else:
                candidates = sub_list
            for i, j in candidates:
                if inblossom[j] == b:
                    i, j = j, i
                bj = inblossom[j]
                if bj != b and label[bj] == 1:
                    cur = bestedgeto.get(bj)
                    if cur is None or slack(i, j) < slack(*cur):
                        bestedgeto[bj] = (i, j)
            blossombestedges[sub] = None
            bestedge[sub] = None
        blossombestedges[b] = best_list = list(bestedgeto.values())
        best = None
        for e in best_list:
            if best is None or slack(*e) < slack(*best):
                best = e
        bestedge[b] = best

    def expand_blossom(b: int, endstage: bool) -> None:
        childs = blossomchilds[b]
        endps = blossomendps[b]
        assert childs is not None and endps is not None
        for s in childs:
            blossomparent[s] = -1
            if s < n:
                inblossom[s] = s
            elif endstage and dualvar[s] == 0:
                expand_blossom(s, endstage)
            else:
                for x in leaves(s):
                    inblossom[x] = s
        if not endstage and label[b] == 2:
            le = labelend[b]
            assert le is not None
            entrychild = inblossom[le[1]]
            j = childs.index(entrychild)
            if j & 1:
                j -= len(childs)
                jstep = 1
                forward = True
            else:
                jstep = -1
                forward = False
            p = le
            while j != 0:
                label[p[1]] = 0
                e = endps[j] if forward else endps[j - 1]
                # The vertex of the next sub-blossom (towards the base) on the joining edge.
                label[e[1] if forward else e[0]] = 0
                assign_label(p[1], 2, p)
                allow[e[0]][e[1]] = allow[e[1]][e[0]] = True
                j += jstep
                e = endps[j] if forward else endps[j - 1]
                p = e if forward else (e[1], e[0])
                allow[p[0]][p[1]] = allow[p[1]][p[0]] = True
                j += jstep
            bv = childs[j]
            label[p[1]] = label[bv] = 2
            labelend[p[1]] = labelend[bv] = p
            bestedge[bv] = None
            j += jstep
            while childs[j] != entrychild:
                bv = childs[j]
                if label[bv] == 1:
                    j += jstep
                    continue
                reached = -1
                for x in leaves(bv):
                    if label[x] != 0:
                        reached = x
                        break
                if reached >= 0:
                    label[reached] = 0
                    label[mate[blossombase[bv]]] = 0
                    assign_label(reached, 2, labelend[reached])
                j += jstep
        label[b] = -1
        labelend[b] = None
        blossomchilds[b] = blossomendps[b] = None
        blossombase[b] = -1
        blossombestedges[b] = None
        bestedge[b] = None
        unusedblossoms.append(b)

    def augment_blossom(b: int, v: int) -> None:
        t = v
        while blossomparent[t] != b:
            t = blossomparent[t]
        if t >= n:
            augment_blossom(t, v)
        childs = blossomchilds[b]
        endps = blossomendps[b]
        assert childs is not None and endps is not None
        i = j = childs.index(t)
        if i & 1:
            j -= len(childs)
            jstep = 1
            forward = True
        else:
            jstep = -1
            forward = False
        while j != 0:
            j += jstep
            t = childs[j]
            e = endps[j] if forward else endps[j - 1]
            p = e if forward else (e[1], e[0])
            if t >= n:
                augment_blossom(t, p[0])
            j += jstep
            t = childs[j]
            if t >= n:
                augment_blossom(t, p[1])
            mate[p[0]] = p[1]
            mate[p[1]] = p[0]
        blossomchilds[b] = childs[i:] + childs[:i]
        blossomendps[b] = endps[i:] + endps[:i]
        blossombase[b] = blossombase[blossomchilds[b][0]]  # type: ignore[index]

    def augment_matching(v: int, w: int) -> None:
        for s, partner in ((v, w), (w, v)):
            while True:
                bs = inblossom[s]
                if bs >= n:
                    augment_blossom(bs, s)
                mate[s] = partner
                le = labelend[bs]
                if le is None:
                    break
                bt = inblossom[le[0]]
                lt = labelend[bt]
                assert lt is not None
                s, j = lt
                if bt >= n:
                    augment_blossom(bt, j)
                mate[j] = s
                partner = j

    for _stage in nodes:
        label[:] = [0] * (2 * n)
        bestedge[:] = [None] * (2 * n)
        blossombestedges[n:] = [None] * n
        for row in allow:
            row[:] = [False] * n
        queue.clear()
        for v in nodes:
            if mate[v] == -1 and label[inblossom[v]] == 0:
                assign_label(v, 1, None)
        augmented = False
        while True:
            while queue and not augmented:
                v = queue.pop()
                bv = inblossom[v]
                allow_v = allow[v]
                for w in nodes:
                    bw = inblossom[w]
                    if bv == bw:
                        continue
                    if not allow_v[w]:
                        kslack = dualvar[v] + dualvar[w] - 2 * wt[v][w]
                        if kslack <= 0:
                            allow_v[w] = allow[w][v] = True
                    if allow_v[w]:
                        if label[bw] == 0:
                            assign_label(w, 2, (v, w))
                        elif label[bw] == 1:
                            base = scan_blossom(v, w)
                            if base >= 0:
                                add_blossom(base, v, w)
                                bv = inblossom[v]
                            else:
                                augment_matching(v, w)
                                augmented = True
                                break
                        elif label[w] == 0:
                            label[w] = 2
                            labelend[w] = (v, w)
                    elif label[bw] == 1:
                        cur = bestedge[bv]
                        if cur is None or kslack < slack(*cur):
                            bestedge[bv] = (v, w)
                    elif label[w] == 0:
                        cur = bestedge[w]
                        if cur is None or kslack < slack(*cur):
                            bestedge[w] = (v, w)
            if augmented:
                break
            deltatype = -1
            delta = 0
            deltaedge: tuple[int, int] | None = None
            deltablossom = -1
            for v in nodes:
                e = bestedge[v]
                if label[inblossom[v]] == 0 and e is not None:
                    d = slack(*e)
                    if deltatype == -1 or d < delta:
                        delta = d
                        deltatype = 2
                        deltaedge = e
            for b in range(2 * n):
                e = bestedge[b]
                if blossomparent[b] == -1 and label[b] == 1 and e is not None:
                    d = slack(*e) // 2
                    if deltatype == -1 or d < delta:
                        delta = d
                        deltatype = 3
                        deltaedge = e
            for b in range(n, 2 * n):
                if (
                    blossombase[b] >= 0
                    and blossomparent[b] == -1
                    and label[b] == 2
                    and (deltatype == -1 or dualvar[b] < delta)
                ):
                    delta = dualvar[b]
                    deltatype = 4
                    deltablossom = b
            if deltatype == -1:
                deltatype = 1
                delta = max(0, min(dualvar[:n]))
            for v in nodes:
                lb = label[inblossom[v]]
                if lb == 1:
                    dualvar[v] -= delta
                elif lb == 2:
                    dualvar[v] += delta
            for b in range(n, 2 * n):
                if blossombase[b] >= 0 and blossomparent[b] == -1:
                    if label[b] == 1:
                        dualvar[b] += delta
                    elif label[b] == 2:
                        dualvar[b] -= delta
            if deltatype == 1:
                break
            if deltatype == 4:
                expand_blossom(deltablossom, False)
            else:
                assert deltaedge is not None
                i, j = deltaedge
                allow[i][j] = allow[j][i] = True
                if deltatype == 2 and label[inblossom[i]] == 0:
                    i, j = j, i
                queue.append(i)
        if not augmented:
            break
        for b in range(n, 2 * n):
            if blossomparent[b] == -1 and blossombase[b] >= 0 and label[b] == 1 and dualvar[b] == 0:
                expand_blossom(b, True)
    return mate
