"""Participation: the group waxing and waning, each member's journey, who shares and who takes,
whom to reach out to, and which home organisations meet here.

Everything is computed from the attendance records (and contributions, journey events, stored
pairs) when asked; nothing here is stored but the convener's own "contacted" notes. The rules,
which :func:`rules_text` explains to the convener in their language:

* **Sessions held** (:func:`held_sessions`): sessions on or before ``today``, not cancelled, with
  attendance recorded, inside the chosen period. A session's *head count* counts everyone marked
  present, anonymous placeholders of removed members included, so it never changes when
  someone asks to be removed.
* **Forecast band**: for each session, the potluck forecast (:func:`copdesk.services.potluck.forecast`:
  median ± interquartile range of up to 8 earlier head counts) made from the sessions held
  before it, i.e. what the convener could have expected that day.
* **Newcomers**: named members present for the very first time (across all history, not only
  the period). **Returners**: named members present after they had gone *quiet* or *moved on*
  (their journey state as of the session before, by the roster's rule below).
* **On-schedule streak**: consecutive sessions up to the end of the period (or today) that were
  not cancelled, counted back from the most recent; also the longest such run.
* **Journey** (arrived, active, quiet, moved on, welcomed back): the roster's rule
  (:func:`copdesk.services.roster.derive_journey`), with ``earlier_rhythm``: :func:`derive_journey` here.
  *Quiet* is relative to the member's own rhythm: their usual gap is the median number of
  sessions between two visits, and they are quiet after missing ``max(3, 2 × usual gap)`` held
  sessions in a row. Apologies count as absences. Refinement: a visit is a *return* (welcomed
  back) when the member was quiet just before it, judged by the rhythm they had *before* they went
  away. (The roster's rule measures the usual gap over all visits, the long absence included, so
  someone with few visits who travelled for months came back as merely "arrived" or "active".)
  Someone who travels for months is therefore quiet while away and *welcomed back* on their first
  visit back, *active* again after 3 visits since. Quiet and moved on are decided exactly as in the
  roster, so the reach-out list and the roster's "quiet" filter agree. A member's timeline
  evaluates the rule at every session, with only what was known that day.
* **Share and take**: presented, gave a demo, hosted, brought food and taught something are
  *shared*; being present (or marked "attended"), asking for help and learning something are
  *taken*. **Teach**: presented, gave a demo, taught something; **learn**: learned something,
  asked for help. Each counts once per person per session. Group totals include the anonymous
  attendance of removed members; the table per member lists named members.
* **Natural next presenters**: members (not moved on) who never presented (no "presented"
  contribution, never a session's presenter) and whose can-teach list holds a topic another
  member wants to learn, compared without case or accents.
* **Reach out**: members who came at least once and are quiet now, with why they said they come,
  when they last came, and the convener's "contacted" notes. The list is only derived from
  attendance: marking someone contacted never takes them off it; coming back does.
* **Organisations**: members per home organisation; members present in the period; and pairs
  from the stored random pairs of sessions in the period (a trio is three pairs): a pair is
  *cross-organisation* when both organisations are known and differ.
"""

from __future__ import annotations

import bisect
import csv
import datetime as dt
import functools
import heapq
import io
import os
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

from sqlalchemy import delete, exists, select
from sqlalchemy.orm import Session

from copdesk.collation import sort_key
from copdesk.errors import FileProblem, NotFound, ValidationError
from copdesk.i18n import N_, Translator, _, window
from copdesk.models import (
    Attendance,
    AttendanceStatus,
    JourneyEvent,
    Meeting,
    Member,
    MemberTag,
    Organisation,
    Tag,
)
from copdesk.models.meeting import SHARED_KINDS, Contribution, ContributionKind, MeetingStatus
from copdesk.models.participation import Contacted
from copdesk.models.planning import PairGroup, PairGroupMember
from copdesk.services import potluck, roster
from copdesk.services.roster import (
    QUIET_MIN_SESSIONS,
    QUIET_RHYTHM_FACTOR,
    JourneyState,
)

TEACH_KINDS = frozenset(
    {ContributionKind.PRESENTED, ContributionKind.DEMOED, ContributionKind.TAUGHT}
)
LEARN_KINDS = frozenset({ContributionKind.LEARNED, ContributionKind.ASKED_FOR_HELP})
TAKE_KINDS = frozenset(set(ContributionKind) - SHARED_KINDS)  # attended, asked for help, learned
MAX_NOTE = 2000


# -- plain data -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SessionPoint:
    """One held session, as the group-over-time charts show it."""

    meeting_id: int
    date: dt.date
    present: int
    apologised: int
    absent: int
    newcomers: int
    returners: int
    forecast_low: int | None = None  # the band expected before it (None: no earlier session)
    forecast_high: int | None = None
    streak: int = 0  # sessions held on schedule in a row, this one included


@dataclass(frozen=True)
class Streak:
    current: int  # scheduled sessions not cancelled in a row, up to the end of the period
    longest: int
    scheduled: int  # scheduled sessions up to the end of the period
    cancelled: int


@dataclass(frozen=True)
class Mark:
    """One cell of a member's timeline: a held session and what they did there."""

    meeting_id: int
    date: dt.date
    status: AttendanceStatus  # no record counts as absent
    contributions: frozenset[ContributionKind] = frozenset()
    state: JourneyState = JourneyState.ARRIVED  # their journey state as of this session

    @property
    def contributed(self) -> bool:
        return bool(self.contributions - {ContributionKind.ATTENDED})


@dataclass(frozen=True)
class Rhythm:
    """How often someone usually comes, in sessions held, and how long they have been away."""

    visits: int
    usual_gap: int  # 1 = every session
    quiet_after: int  # missed in a row before they count as quiet
    missed: int  # held sessions missed since their last visit (or return)
    last_present: dt.date | None


@dataclass(frozen=True)
class Journey:
    member_id: int
    name: str
    state: JourneyState
    rhythm: Rhythm
    marks: tuple[Mark, ...]


@dataclass(frozen=True)
class ShareTake:
    """What someone (member_id 0: the whole group) shared and took in a period."""

    member_id: int
    name: str
    sessions_present: int
    shared: int
    took: int
    taught: int
    learned: int
    by_kind: dict[ContributionKind, int] = field(default_factory=dict)

    @property
    def share_ratio(self) -> float | None:
        """Shared / (shared + took), None when nothing was counted."""
        total = self.shared + self.took
        return self.shared / total if total else None


@dataclass(frozen=True)
class TopicMatch:
    topic: str  # as the presenter wrote it in can-teach
    # Names of those who want to learn it, in the language's order: all of them, or the first
    # LEARNERS_NAMED when more want it (``count`` says how many in all).
    learners: tuple[str, ...]
    count: int

    @property
    def unnamed(self) -> int:
        """Learners beyond the names listed."""
        return self.count - len(self.learners)


@dataclass(frozen=True)
class NaturalPresenter:
    member_id: int
    name: str
    topics: tuple[TopicMatch, ...]
    learners: int  # different people who want to learn any of the topics


@dataclass(frozen=True)
class ContactNote:
    id: int
    member_id: int
    on_date: dt.date
    note: str


@dataclass(frozen=True)
class ReachOutRow:
    member_id: int
    name: str
    why: str
    why_tags: tuple[str, ...]
    last_present: dt.date | None
    visits: int
    missed: int
    usual_gap: int
    may_contact: bool
    email: str
    phone: str
    contacts: tuple[ContactNote, ...] = ()  # oldest first

    @property
    def last_contacted(self) -> ContactNote | None:
        return self.contacts[-1] if self.contacts else None


@dataclass(frozen=True)
class OrganisationRow:
    id: int | None  # None: members with no home organisation
    name: str
    members: int  # named members, not moved on
    present_in_period: int  # named members of it present at least once in the period
    cross_pairs: int  # cross-organisation pairs one of its members was in


@dataclass(frozen=True)
class Organisations:
    rows: tuple[OrganisationRow, ...]
    pairs: int  # pairs in stored pair groups of sessions in the period
    cross_pairs: int
    same_pairs: int
    unknown_pairs: int  # one or both organisations not known
    represented: int  # organisations with at least one member


@dataclass(frozen=True)
class Overview:
    """Everything the pane, the report and the CSV files show, for one period."""

    today: dt.date
    start: dt.date | None
    end: dt.date | None
    sessions: tuple[SessionPoint, ...]
    streak: Streak
    group: ShareTake
    members: tuple[ShareTake, ...]
    presenters: tuple[NaturalPresenter, ...]
    reach_out: tuple[ReachOutRow, ...]
    organisations: Organisations
    states: dict[JourneyState, int] = field(default_factory=dict)
    # every named member's journey state at the end of the period (member id → state)
    journeys: dict[int, JourneyState] = field(default_factory=dict)

    @property
    def newcomers(self) -> int:
        return sum(p.newcomers for p in self.sessions)

    @property
    def returners(self) -> int:
        return sum(p.returners for p in self.sessions)

    @property
    def mean_present(self) -> float | None:
        return statistics.fmean(p.present for p in self.sessions) if self.sessions else None


# -- reading the file -----------------------------------------------------------------------------


def _check_period(start: dt.date | None, end: dt.date | None) -> None:
    if start and end and start > end:
        raise ValidationError(
            _("The period starts on {start}, after it ends ({end}).").format(
                start=window().format_date(start, "medium"), end=window().format_date(end, "medium")
            ),
            field="start",
        )


def _held(db: Session, today: dt.date) -> list[tuple[int, dt.date]]:
    """(id, date) of every session held up to ``today``, in order."""
    rows = db.execute(
        select(Meeting.id, Meeting.date)
        .where(
            Meeting.date <= today,
            Meeting.status != MeetingStatus.CANCELLED,
            exists().where(Attendance.meeting_id == Meeting.id),
        )
        .order_by(Meeting.date, Meeting.start_time, Meeting.id)
    )
    return [(mid, day) for mid, day in rows]


def held_sessions(
    db: Session, today: dt.date, start: dt.date | None = None, end: dt.date | None = None
) -> list[tuple[int, dt.date]]:
    """(id, date) of the sessions held in the period (see the module doc), oldest first."""
    return [
        (mid, day)
        for mid, day in _held(db, today)
        if (start is None or day >= start) and (end is None or day <= end)
    ]


def _names(db: Session) -> dict[int, str]:
    """Every named member's shown name (id → name); :func:`overview` reads it once for all parts."""
    shared = db.info.get(_NAMES_KEY)
    if shared is not None:
        return shared
    rows = db.execute(
        select(Member.id, Member.name, Member.preferred_name).where(Member.anonymous.is_(False))
    )
    return {mid: preferred or name for mid, name, preferred in rows}


_NAMES_KEY = "copdesk.participation.names"


def _attendance(db: Session, meeting_ids: Iterable[int]) -> dict[int, dict[int, AttendanceStatus]]:
    """meeting id → {member id: status}."""
    ids = list(meeting_ids)
    out: dict[int, dict[int, AttendanceStatus]] = {m: {} for m in ids}
    if not ids:
        return out
    for meeting_id, member_id, status in db.execute(
        select(Attendance.meeting_id, Attendance.member_id, Attendance.status).where(
            Attendance.meeting_id.in_(ids)
        )
    ):
        out[meeting_id][member_id] = status
    return out


def _events(db: Session) -> dict[int, list[tuple[str, dt.date]]]:
    events: defaultdict[int, list[tuple[str, dt.date]]] = defaultdict(list)
    for mid, kind, on_date in db.execute(
        select(JourneyEvent.member_id, JourneyEvent.kind, JourneyEvent.on_date)
    ):
        events[mid].append((kind, on_date))
    return events


def _was_away(
    held_before: Sequence[dt.date],
    visits_before: Sequence[dt.date],
    joined_on: dt.date | None,
    events: Sequence[tuple[str, dt.date]],
    day: dt.date,
) -> bool:
    """True if, as of the session before ``day``, the member was quiet or had moved on."""
    earlier = [e for e in events if e[1] < day]
    if not visits_before:
        return False  # a first visit: a newcomer, not a returner
    missed = len(held_before) - 1 - bisect.bisect_left(held_before, visits_before[-1])
    moved = any(kind == "moved_on" for kind, _d in earlier)
    if missed < QUIET_MIN_SESSIONS and not moved:
        return False  # cannot be quiet (and never moved on): skip the full rule
    state = roster.derive_journey(held_before, visits_before, joined_on=joined_on, events=earlier)
    return state in (JourneyState.QUIET, JourneyState.MOVED_ON)


def _session_points(
    db: Session, today: dt.date, start: dt.date | None, end: dt.date | None
) -> tuple[list[SessionPoint], Streak]:
    held = _held(db, today)
    dates = [d for _m, d in held]
    marks = _attendance(db, [m for m, _d in held])
    names = _names(db)
    joined = dict(db.execute(select(Member.id, Member.joined_on)).all())
    events = _events(db)
    visits: defaultdict[int, list[dt.date]] = defaultdict(list)
    streaks = _running_streaks(db, today)
    points: list[SessionPoint] = []
    counts: list[int] = []
    for index, (meeting_id, day) in enumerate(held):
        statuses = marks[meeting_id]
        tally = Counter(statuses.values())
        present = tally[AttendanceStatus.PRESENT]
        newcomers = returners = 0
        held_before = [d for d in dates[:index] if d < day]
        for member_id, status in statuses.items():
            if status != AttendanceStatus.PRESENT or member_id not in names:
                continue
            before = visits[member_id]
            if not before:
                newcomers += 1
            elif _was_away(held_before, before, joined.get(member_id), events[member_id], day):
                returners += 1
        for member_id, status in statuses.items():
            if status == AttendanceStatus.PRESENT:
                visits[member_id].append(day)
        band = potluck.forecast([c for c in counts if c > 0])
        counts.append(present)
        if (start is None or day >= start) and (end is None or day <= end):
            points.append(
                SessionPoint(
                    meeting_id=meeting_id,
                    date=day,
                    present=present,
                    apologised=tally[AttendanceStatus.APOLOGISED],
                    absent=tally[AttendanceStatus.ABSENT],
                    newcomers=newcomers,
                    returners=returners,
                    forecast_low=band.low if band else None,
                    forecast_high=band.high if band else None,
                    streak=streaks.get(meeting_id, 0),
                )
            )
    return points, streak(db, today, end)


def _scheduled(db: Session, until: dt.date) -> list[tuple[int, MeetingStatus]]:
    return [
        (mid, status)
        for mid, status in db.execute(
            select(Meeting.id, Meeting.status)
            .where(Meeting.date <= until)
            .order_by(Meeting.date, Meeting.start_time, Meeting.id)
        )
    ]


def _running_streaks(db: Session, today: dt.date) -> dict[int, int]:
    out: dict[int, int] = {}
    run = 0
    for mid, status in _scheduled(db, today):
        run = 0 if status == MeetingStatus.CANCELLED else run + 1
        out[mid] = run
    return out


def streak(db: Session, today: dt.date, end: dt.date | None = None) -> Streak:
    """Sessions held on schedule: scheduled sessions up to ``end`` (or today) not cancelled."""
    scheduled = _scheduled(db, min(end, today) if end else today)
    run = longest = cancelled = 0
    for _mid, status in scheduled:
        if status == MeetingStatus.CANCELLED:
            cancelled += 1
            run = 0
        else:
            run += 1
            longest = max(longest, run)
    return Streak(current=run, longest=longest, scheduled=len(scheduled), cancelled=cancelled)


def group_over_time(
    db: Session, today: dt.date, start: dt.date | None = None, end: dt.date | None = None
) -> list[SessionPoint]:
    _check_period(start, end)
    return _session_points(db, today, start, end)[0]


# -- a member's journey ---------------------------------------------------------------------------


# The roster's rule, with returns judged by the rhythm the member had before going away (see the
# module doc): one rule, kept in the roster, which shows the same states.
derive_journey = functools.partial(roster.derive_journey, earlier_rhythm=True)


def journey_states(db: Session, today: dt.date) -> dict[int, JourneyState]:
    """Every named member's state by :func:`derive_journey` (held sessions as the roster counts them)."""
    return roster.journey_states(db, today)


def rhythm(
    held: Sequence[dt.date], visits: Iterable[dt.date], returned: dt.date | None = None
) -> Rhythm:
    """A member's usual gap and how many sessions they have missed, as the quiet rule counts them."""
    held = sorted(set(held))
    position = {d: i for i, d in enumerate(held)}
    seen = sorted({d for d in visits if d in position})
    pos = [position[d] for d in seen]
    gaps = [b - a for a, b in zip(pos, pos[1:], strict=False)]
    usual = statistics.median_low(gaps) if gaps else 1
    missed = len(held) - 1 - pos[-1] if pos else len(held)
    if returned is not None:
        missed = min(missed, len(held) - bisect.bisect_right(held, returned))
    return Rhythm(
        visits=len(pos),
        usual_gap=usual,
        quiet_after=max(QUIET_MIN_SESSIONS, QUIET_RHYTHM_FACTOR * usual),
        missed=missed,
        last_present=seen[-1] if seen else None,
    )


def visits_by_member(db: Session, today: dt.date) -> dict[int, list[dt.date]]:
    """Dates each member was present at a held session, oldest first."""
    dates = dict(_held(db, today))
    out: defaultdict[int, list[dt.date]] = defaultdict(list)
    if not dates:
        return out
    for member_id, meeting_id in db.execute(
        select(Attendance.member_id, Attendance.meeting_id).where(
            Attendance.status == AttendanceStatus.PRESENT
        )
    ):
        if meeting_id in dates:
            out[member_id].append(dates[meeting_id])
    for days in out.values():
        days.sort()
    return out


def member_journey(
    db: Session,
    member_id: int,
    today: dt.date,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> Journey:
    """One member's timeline: every session held since they arrived (in the period), what they did
    there and their journey state as of that session."""
    _check_period(start, end)
    member = db.get(Member, member_id)
    if member is None or member.anonymous:
        raise NotFound(_("There is no member number {id}.").format(id=member_id))
    held = _held(db, today)
    dates = [d for _m, d in held]
    statuses = dict(
        db.execute(
            select(Attendance.meeting_id, Attendance.status).where(
                Attendance.member_id == member_id
            )
        ).all()
    )
    kinds: defaultdict[int, set[ContributionKind]] = defaultdict(set)
    for meeting_id, kind in db.execute(
        select(Contribution.meeting_id, Contribution.kind).where(
            Contribution.member_id == member_id
        )
    ):
        kinds[meeting_id].add(kind)
    events = _events(db).get(member_id, [])
    visits = [d for m, d in held if statuses.get(m) == AttendanceStatus.PRESENT]
    recorded = [d for m, d in held if m in statuses]
    # Their strip starts when they joined or were first recorded, whichever is earlier.
    first = min((d for d in (member.joined_on, *recorded[:1]) if d is not None), default=None)
    marks: list[Mark] = []
    for index, (meeting_id, day) in enumerate(held):
        if first is None or day < first:
            continue  # before they were part of the group
        if (start and day < start) or (end and day > end):
            continue
        state = derive_journey(
            dates[: index + 1],
            [v for v in visits if v <= day],
            joined_on=member.joined_on,
            events=[e for e in events if e[1] <= day],
        )
        marks.append(
            Mark(
                meeting_id=meeting_id,
                date=day,
                status=statuses.get(meeting_id, AttendanceStatus.ABSENT),
                contributions=frozenset(kinds.get(meeting_id, ())),
                state=state,
            )
        )
    returned = max((d for k, d in events if k == "returned"), default=None)
    state = derive_journey(dates, visits, joined_on=member.joined_on, events=events)
    return Journey(
        member_id=member_id,
        name=member.preferred_name or member.name,
        state=state,
        rhythm=rhythm(dates, visits, returned),
        marks=tuple(marks),
    )


# -- share and take -------------------------------------------------------------------------------


def _share_take(member_id: int, name: str, present: int, by_kind: Counter) -> ShareTake:
    return ShareTake(
        member_id=member_id,
        name=name,
        sessions_present=present,
        shared=sum(n for k, n in by_kind.items() if k in SHARED_KINDS),
        took=sum(n for k, n in by_kind.items() if k in TAKE_KINDS),
        taught=sum(n for k, n in by_kind.items() if k in TEACH_KINDS),
        learned=sum(n for k, n in by_kind.items() if k in LEARN_KINDS),
        by_kind={k: by_kind[k] for k in ContributionKind if by_kind[k]},
    )


def share_and_take(
    db: Session,
    today: dt.date,
    start: dt.date | None = None,
    end: dt.date | None = None,
    locale: str | None = None,
) -> tuple[ShareTake, list[ShareTake]]:
    """The group's totals and each named member's (who was present or contributed) in the period."""
    _check_period(start, end)
    ids = [m for m, _d in held_sessions(db, today, start, end)]
    present: defaultdict[int, set[int]] = defaultdict(set)  # member → meetings present
    given: defaultdict[int, set[tuple[int, ContributionKind]]] = defaultdict(set)
    if ids:
        for meeting_id, member_id in db.execute(
            select(Attendance.meeting_id, Attendance.member_id).where(
                Attendance.meeting_id.in_(ids), Attendance.status == AttendanceStatus.PRESENT
            )
        ):
            present[member_id].add(meeting_id)
            given[member_id].add((meeting_id, ContributionKind.ATTENDED))
        for meeting_id, member_id, kind in db.execute(
            select(Contribution.meeting_id, Contribution.member_id, Contribution.kind).where(
                Contribution.meeting_id.in_(ids)
            )
        ):
            given[member_id].add((meeting_id, ContributionKind(kind)))
    names = _names(db)
    group_kinds: Counter = Counter()
    rows = []
    for member_id, pairs in given.items():
        by_kind = Counter(kind for _m, kind in pairs)
        group_kinds.update(by_kind)
        if member_id in names:
            rows.append(_share_take(member_id, names[member_id], len(present[member_id]), by_kind))
    key = sort_key(locale or window().locale)
    rows.sort(key=lambda r: key(r.name))
    group = _share_take(0, "", sum(len(v) for v in present.values()), group_kinds)
    return group, rows


# -- natural next presenters ----------------------------------------------------------------------


def _moved_on(db: Session, today: dt.date) -> set[int]:
    return {m for m, s in journey_states(db, today).items() if s == JourneyState.MOVED_ON}


# The longest list of natural next presenters shown (the most-wanted teachers first).
NATURAL_PRESENTERS_LIMIT = 200
# The most learners named per topic (the rest are counted).
LEARNERS_NAMED = 12


def natural_presenters(
    db: Session, today: dt.date, locale: str | None = None, *, gone: set[int] | None = None
) -> list[NaturalPresenter]:
    """Members who never presented but can teach something others want to learn (see the module doc)."""
    gone = _moved_on(db, today) if gone is None else gone
    names = {m: n for m, n in _names(db).items() if m not in gone}
    presented = set(
        db.scalars(
            select(Contribution.member_id).where(Contribution.kind == ContributionKind.PRESENTED)
        )
    ) | set(
        db.scalars(
            select(Meeting.presenter_id).where(
                Meeting.presenter_id.is_not(None), Meeting.status != MeetingStatus.CANCELLED
            )
        )
    )
    teach: defaultdict[int, list[tuple[str, str]]] = defaultdict(list)
    wanted: defaultdict[str, set[int]] = defaultdict(set)
    # Topics are compared folded (the stored ``folded`` column is fold(text)), spaces evened
    # out; a roster repeats the same few topics, so each is evened out once.
    topic_of: dict[str, str] = {}
    for member_id, kind, text, folded in roster.driver_rows(
        db,
        "SELECT member_id, kind, text, folded FROM member_items "
        "WHERE kind IN ('teach', 'learn') ORDER BY member_id, position",
    ):
        if member_id not in names:
            continue
        topic = topic_of.get(folded)
        if topic is None:
            topic = topic_of[folded] = " ".join(folded.split())
        if kind == "teach":
            teach[member_id].append((text, topic))
        else:
            wanted[topic].add(member_id)
    key = sort_key(locale or window().locale)
    keys: dict[int, object] = {}  # collation keys, computed for the members that are shown only

    def by_name(member_id: int) -> object:
        found = keys.get(member_id)
        if found is None:
            found = keys[member_id] = key(names[member_id])
        return found

    # The first learners of each topic, chosen once and shared: with a large roster, sorting
    # every topic's learners for every member who can teach it took minutes, and a list of
    # thousands of names is read by nobody.
    first_learners: dict[str, tuple[int, ...]] = {}

    def named(topic: str) -> tuple[int, ...]:
        if topic not in first_learners:
            pool = wanted.get(topic, ())
            first_learners[topic] = tuple(
                heapq.nsmallest(LEARNERS_NAMED + 1, pool, key=by_name)
                if len(pool) > LEARNERS_NAMED + 1
                else sorted(pool, key=by_name)
            )
        return first_learners[topic]

    # Rank cheaply first (learners per topic, from the counts), then build the named lists only for
    # the leading candidates: a roster of 100,000 would otherwise build millions of names.
    size = {topic: len(ids) for topic, ids in wanted.items()}
    ranked = []
    for member_id, topics in teach.items():
        if member_id in presented:
            continue
        approx = 0
        for _text, topic in topics:
            n = size.get(topic, 0)
            if n:
                approx += n - (member_id in wanted[topic])
        if approx > 0:
            ranked.append((-approx, member_id, topics))
    ranked.sort(key=lambda r: r[0])
    # Different learners over a presenter's topics: each topic's learners as a bit set (one bit
    # per member), so that the union of topics wanted by tens of thousands costs microseconds.
    bit_of: dict[int, int] = {}
    masks: dict[str, int] = {}

    def mask(topic: str) -> int:
        if topic not in masks:
            if not bit_of:
                bit_of.update((m, i) for i, m in enumerate(names))
            bits = bytearray(len(bit_of) // 8 + 1)
            for m in wanted[topic]:
                i = bit_of[m]
                bits[i >> 3] |= 1 << (i & 7)
            masks[topic] = int.from_bytes(bits, "little")
        return masks[topic]

    out = []
    for _approx, member_id, topics in ranked[:NATURAL_PRESENTERS_LIMIT]:
        matches = []
        everyone = 0
        for text, topic in topics:
            pool = wanted.get(topic, ())
            count = len(pool) - (member_id in pool)
            if count <= 0:
                continue
            everyone |= mask(topic)
            ids = [m for m in named(topic) if m != member_id][:LEARNERS_NAMED]
            matches.append(TopicMatch(text, tuple(names[m] for m in ids), count))
        if matches:
            everyone &= ~(1 << bit_of[member_id])
            learners = everyone.bit_count()
            out.append(NaturalPresenter(member_id, names[member_id], tuple(matches), learners))
    out.sort(key=lambda p: (-p.learners, key(p.name)))
    return out


def learners_text(match: TopicMatch, t: Translator | None = None) -> str:
    """ "Ana, Bruno and 1,204 others": the named learners of a topic and how many more."""
    t = t or window()
    names = list(match.learners)
    if match.unnamed > 0:
        names.append(
            # Translators: the end of a list of names, e.g. "Ana, Bruno and 1,204 others"
            t.ngettext("{count} other", "{count} others", match.unnamed).format(
                count=t.format_number(match.unnamed)
            )
        )
    return t.format_list(names)


# -- reach out ------------------------------------------------------------------------------------


def _contacts(db: Session, member_ids: Iterable[int] | None = None) -> dict[int, list[ContactNote]]:
    query = select(Contacted).order_by(Contacted.on_date, Contacted.id)
    if member_ids is not None:
        query = query.where(Contacted.member_id.in_(list(member_ids)))
    out: defaultdict[int, list[ContactNote]] = defaultdict(list)
    for c in db.scalars(query):
        out[c.member_id].append(ContactNote(c.id, c.member_id, c.on_date, c.note))
    return out


def reach_out(
    db: Session,
    today: dt.date,
    locale: str | None = None,
    *,
    states: dict[int, JourneyState] | None = None,
) -> list[ReachOutRow]:
    """Members who used to come and are quiet now, most recently seen first (see the module doc)."""
    states = journey_states(db, today) if states is None else states
    quiet = [m for m, s in states.items() if s == JourneyState.QUIET]
    if not quiet:
        return []
    held = [d for _m, d in _held_like_roster(db, today)]
    visits: defaultdict[int, list[dt.date]] = defaultdict(list)
    held_set = set(held)
    for member_id, day in db.execute(
        select(Attendance.member_id, Meeting.date)
        .join(Meeting, Meeting.id == Attendance.meeting_id)
        .where(Attendance.member_id.in_(quiet), Attendance.status == AttendanceStatus.PRESENT)
    ):
        if day in held_set:
            visits[member_id].append(day)
    returned: dict[int, dt.date] = {}
    for member_id, kind, day in db.execute(
        select(JourneyEvent.member_id, JourneyEvent.kind, JourneyEvent.on_date).where(
            JourneyEvent.member_id.in_(quiet)
        )
    ):
        if kind == "returned":
            returned[member_id] = max(day, returned.get(member_id, day))
    tags: defaultdict[int, list[str]] = defaultdict(list)
    for member_id, name in db.execute(
        select(MemberTag.member_id, Tag.name)
        .join(Tag, Tag.id == MemberTag.tag_id)
        .where(MemberTag.member_id.in_(quiet))
        .order_by(Tag.name)
    ):
        tags[member_id].append(name)
    contacts = _contacts(db, quiet)
    rows = []
    for m in db.scalars(select(Member).where(Member.id.in_(quiet))):
        if not visits.get(m.id):
            continue  # never came: nobody to bring back
        r = rhythm(held, visits[m.id], returned.get(m.id))
        rows.append(
            ReachOutRow(
                member_id=m.id,
                name=m.preferred_name or m.name,
                why=m.why,
                why_tags=tuple(tags.get(m.id, ())),
                last_present=r.last_present,
                visits=r.visits,
                missed=r.missed,
                usual_gap=r.usual_gap,
                may_contact=m.may_contact,
                email=m.email if m.may_contact else "",
                phone=m.phone if m.may_contact else "",
                contacts=tuple(contacts.get(m.id, ())),
            )
        )
    key = sort_key(locale or window().locale)
    rows.sort(key=lambda r: key(r.name))
    rows.sort(key=lambda r: r.last_present or dt.date.min, reverse=True)
    return rows


def _held_like_roster(db: Session, today: dt.date) -> list[tuple[int, dt.date]]:
    """The sessions :func:`journey_states` counts as held (as the roster does: cancelled or not)."""
    rows = db.execute(
        select(Meeting.id, Meeting.date)
        .where(Meeting.date <= today, exists().where(Attendance.meeting_id == Meeting.id))
        .order_by(Meeting.date)
    )
    return [(mid, day) for mid, day in rows]


def mark_contacted(db: Session, member_id: int, on_date: dt.date, note: str = "") -> ContactNote:
    """Record that the convener reached out to a member (one transaction)."""
    member = db.get(Member, member_id)
    if member is None or member.anonymous:
        raise NotFound(_("There is no member number {id}.").format(id=member_id))
    note = (note or "").replace("\r\n", "\n").strip()
    if len(note) > MAX_NOTE:
        raise ValidationError(
            _("A note can be at most {count} characters long.").format(
                count=window().format_number(MAX_NOTE)
            ),
            field="note",
        )
    row = Contacted(member_id=member_id, on_date=on_date, note=note)
    db.add(row)
    db.commit()
    return ContactNote(row.id, member_id, on_date, note)


def unmark_contacted(db: Session, contact_id: int) -> None:
    """Take back a :func:`mark_contacted` (its undo)."""
    db.execute(delete(Contacted).where(Contacted.id == contact_id))
    db.commit()


def restore_contacted(db: Session, note: ContactNote) -> ContactNote:
    """Put a taken-back contact note back with its own id (the redo of an undo)."""
    if db.get(Member, note.member_id) is None:
        raise NotFound(_("There is no member number {id}.").format(id=note.member_id))
    db.add(Contacted(id=note.id, member_id=note.member_id, on_date=note.on_date, note=note.note))
    db.commit()
    return note


def contact_history(db: Session, member_id: int) -> list[ContactNote]:
    return _contacts(db, [member_id]).get(member_id, [])


# -- organisations --------------------------------------------------------------------------------


def organisations(
    db: Session,
    today: dt.date,
    start: dt.date | None = None,
    end: dt.date | None = None,
    locale: str | None = None,
    *,
    gone: set[int] | None = None,
) -> Organisations:
    """Home organisations represented, people in each, and cross-organisation pairs (module doc)."""
    _check_period(start, end)
    gone = _moved_on(db, today) if gone is None else gone
    ids = [m for m, _d in held_sessions(db, today, start, end)]
    org_of = {
        mid: org
        for mid, org in db.execute(
            select(Member.id, Member.organisation_id).where(Member.anonymous.is_(False))
        )
    }
    present = (
        set(
            db.scalars(
                select(Attendance.member_id).where(
                    Attendance.meeting_id.in_(ids), Attendance.status == AttendanceStatus.PRESENT
                )
            )
        )
        if ids
        else set()
    )
    groups: defaultdict[int, list[int]] = defaultdict(list)
    if ids:
        for group_id, member_id in db.execute(
            select(PairGroup.id, PairGroupMember.member_id)
            .join(PairGroupMember, PairGroupMember.group_id == PairGroup.id)
            .where(PairGroup.meeting_id.in_(ids))
            .order_by(PairGroup.id, PairGroupMember.position)
        ):
            groups[group_id].append(member_id)
    pairs = cross = same = unknown = 0
    cross_by_org: Counter = Counter()
    for members in groups.values():
        for a, b in combinations(members, 2):
            pairs += 1
            oa, ob = org_of.get(a), org_of.get(b)
            if oa is None or ob is None:
                unknown += 1
            elif oa == ob:
                same += 1
            else:
                cross += 1
                cross_by_org[oa] += 1
                cross_by_org[ob] += 1
    members: defaultdict[int | None, set[int]] = defaultdict(set)
    for mid, org in org_of.items():
        if mid not in gone:
            members[org].add(mid)
    key = sort_key(locale or window().locale)
    came = Counter(org_of[m] for m in present if m in org_of)
    rows = [
        OrganisationRow(
            id=oid,
            name=name,
            members=len(members.get(oid, ())),
            present_in_period=came[oid],
            cross_pairs=cross_by_org[oid],
        )
        for oid, name in db.execute(select(Organisation.id, Organisation.name))
        if members.get(oid) or came[oid]
    ]
    rows.sort(key=lambda r: key(r.name))
    rows.sort(key=lambda r: -r.members)
    if members.get(None) or came[None]:
        rows.append(OrganisationRow(None, "", len(members.get(None, ())), came[None], 0))
    return Organisations(
        rows=tuple(rows),
        pairs=pairs,
        cross_pairs=cross,
        same_pairs=same,
        unknown_pairs=unknown,
        represented=sum(1 for r in rows if r.id is not None),
    )


# -- everything at once ---------------------------------------------------------------------------


def overview(
    db: Session,
    today: dt.date,
    start: dt.date | None = None,
    end: dt.date | None = None,
    locale: str | None = None,
) -> Overview:
    """All of the above for one period (``end`` past today counts up to today)."""
    _check_period(start, end)
    db.info[_NAMES_KEY] = _names(db)
    try:
        return _overview(db, today, start, end, locale)
    finally:
        del db.info[_NAMES_KEY]


def _overview(
    db: Session, today: dt.date, start: dt.date | None, end: dt.date | None, locale: str | None
) -> Overview:
    until = min(end, today) if end else today
    points, run = _session_points(db, until, start, end)
    states = journey_states(db, until)
    gone = {m for m, s in states.items() if s == JourneyState.MOVED_ON}
    group, members = share_and_take(db, until, start, end, locale)
    return Overview(
        today=today,
        start=start,
        end=end,
        sessions=tuple(points),
        streak=run,
        group=group,
        members=tuple(members),
        presenters=tuple(natural_presenters(db, until, locale, gone=gone)),
        reach_out=tuple(reach_out(db, until, locale, states=states)),
        organisations=organisations(db, until, start, end, locale, gone=gone),
        states=dict(Counter(states.values())),
        journeys=states,
    )


# -- the rules, in words --------------------------------------------------------------------------

RULES = (
    N_(
        "Sessions held: sessions up to today that were not cancelled and have attendance "
        "recorded. The head count is everyone marked present, including the anonymous "
        "attendance of people who asked to be removed."
    ),
    N_(
        "Forecast band: for each session, the range the potluck forecast would have given that "
        "day: the median of up to 8 earlier head counts, plus or minus their interquartile range "
        "(wider when there are few sessions to go on)."
    ),
    N_(
        "Newcomers: people present for the very first time. Returners: people present again "
        "after they had gone quiet or moved on."
    ),
    N_(
        "On-schedule streak: how many scheduled sessions in a row, up to the end of the period, "
        "were not cancelled."
    ),
    N_(
        "Quiet is measured against each person's own rhythm. Their usual gap is the median "
        "number of sessions between two of their visits (1 means every session). They count as "
        "quiet after missing three sessions in a row, or twice their usual gap if that is more. "
        "Apologies count as absences."
    ),
    N_(
        "Someone who travels for months is quiet while away. The first time they come back "
        "they are welcomed back, and active again after three visits. Moved on and came back "
        "are what you recorded in the roster."
    ),
    N_(
        "Shared: presented, gave a demo, hosted, brought food, taught something. Taken: being "
        "present, asking for help, learning something. Teaching: presented, gave a demo, taught "
        "something. Learning: learned something, asked for help. Each counts once per person "
        "per session."
    ),
    N_(
        "Natural next presenters: people who have never presented and can teach a topic someone "
        "else wants to learn (compared without case or accents)."
    ),
    N_(
        "Reach out: people who came at least once and are quiet now. Marking someone as "
        "contacted only records the date and your note; nobody is ever taken off the list "
        "automatically. They leave it when they come back or when you record that they moved on."
    ),
    N_(
        "Organisations: members by home organisation. Pairs come from the random pairs stored "
        "for sessions in the period (a trio is three pairs); a pair is cross-organisation when "
        "both people's organisations are known and differ."
    ),
)


def rules_text(t: Translator | None = None) -> list[str]:
    """The rules above, one paragraph each, in ``t``'s language (default: the window's)."""
    tr = t._ if t is not None else _
    return [tr(rule) for rule in RULES]


# -- CSV ------------------------------------------------------------------------------------------


def _iso(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


def csv_tables(
    ov: Overview, t: Translator | None = None
) -> dict[str, tuple[list[str], list[list]]]:
    """The numbers behind every chart and table: file name → (header, rows).

    Headers in ``t``'s language (default: the window's); numbers plain and dates ISO 8601, so
    any spreadsheet reads them.
    """
    tr = t._ if t is not None else _
    from copdesk.services.attendance import KIND_LABELS

    def opt(value: int | None) -> object:
        return "" if value is None else value

    tables: dict[str, tuple[list[str], list[list]]] = {}
    tables["attendance.csv"] = (
        [
            tr("Date"),
            tr("Present"),
            tr("Apologised"),
            tr("Absent"),
            tr("Forecast low"),
            tr("Forecast high"),
            tr("On-schedule streak"),
        ],
        [
            [
                _iso(p.date),
                p.present,
                p.apologised,
                p.absent,
                opt(p.forecast_low),
                opt(p.forecast_high),
                p.streak,
            ]
            for p in ov.sessions
        ],
    )
    tables["newcomers-returners.csv"] = (
        [tr("Date"), tr("Newcomers"), tr("Returners")],
        [[_iso(p.date), p.newcomers, p.returners] for p in ov.sessions],
    )
    kinds = list(ContributionKind)
    tables["share-take.csv"] = (
        [
            tr("Name"),
            tr("Sessions present"),
            tr("Shared"),
            tr("Took"),
            tr("Taught"),
            tr("Learned"),
            *(tr(KIND_LABELS[k]) for k in kinds),
        ],
        [
            [
                r.name or tr("Whole group"),
                r.sessions_present,
                r.shared,
                r.took,
                r.taught,
                r.learned,
                *(r.by_kind.get(k, 0) for k in kinds),
            ]
            for r in (ov.group, *ov.members)
        ],
    )
    tables["natural-presenters.csv"] = (
        [tr("Name"), tr("Can teach"), tr("Wanted by")],
        [[p.name, m.topic, learners_text(m, t)] for p in ov.presenters for m in p.topics],
    )
    tables["reach-out.csv"] = (
        [
            tr("Name"),
            tr("Last came"),
            tr("Visits"),
            tr("Sessions missed"),
            tr("Usual gap"),
            tr("Why they come"),
            tr("Last contacted"),
            tr("Note"),
        ],
        [
            [
                r.name,
                _iso(r.last_present),
                r.visits,
                r.missed,
                r.usual_gap,
                r.why,
                _iso(r.last_contacted.on_date) if r.last_contacted else "",
                r.last_contacted.note if r.last_contacted else "",
            ]
            for r in ov.reach_out
        ],
    )
    orgs = ov.organisations
    tables["organisations.csv"] = (
        [
            tr("Organisation"),
            tr("Members"),
            tr("Present in the period"),
            tr("Cross-organisation pairs"),
        ],
        [
            [r.name or tr("No organisation"), r.members, r.present_in_period, r.cross_pairs]
            for r in orgs.rows
        ],
    )
    tables["pairs.csv"] = (
        [
            tr("Pairs"),
            tr("Cross-organisation"),
            tr("Same organisation"),
            tr("Organisation unknown"),
        ],
        [[orgs.pairs, orgs.cross_pairs, orgs.same_pairs, orgs.unknown_pairs]],
    )
    return tables


def write_csv_file(
    path: str | os.PathLike[str], header: Sequence[str], rows: Sequence[Sequence]
) -> Path:
    """One CSV file (UTF-8 with a BOM so spreadsheets detect it), written atomically."""
    from copdesk.services.printouts import write_file

    text = io.StringIO(newline="")
    writer = csv.writer(text)
    writer.writerow(header)
    writer.writerows(rows)
    return write_file(text.getvalue().encode("utf-8-sig"), path)


def write_csv(
    ov: Overview, folder: str | os.PathLike[str], t: Translator | None = None
) -> list[Path]:
    """Every table of :func:`csv_tables` as a file in ``folder`` (which must exist)."""
    base = Path(folder)
    if not base.is_dir():
        raise FileProblem(_("The folder {folder} does not exist.").format(folder=base))
    return [
        write_csv_file(base / name, header, rows)
        for name, (header, rows) in csv_tables(ov, t).items()
    ]


# -- the printed report ---------------------------------------------------------------------------


def report_document(
    db: Session,
    today: dt.date,
    start: dt.date | None = None,
    end: dt.date | None = None,
    *,
    locale: str | None = None,
    paper: str | None = None,
):  # -> copdesk.reports.participation.ParticipationDocument (reportlab is imported only here)
    """The plain data of the participation report, in the community's language and paper."""
    from copdesk.i18n import normalize_locale
    from copdesk.reports.participation import ParticipationDocument
    from copdesk.services.community import get_community, paper_for

    community = get_community(db)
    locale = normalize_locale(locale or community.locale)
    ov = overview(db, today, start, end, locale)
    printable = frozenset(
        db.scalars(select(Member.id).where(Member.anonymous.is_(False), Member.may_print.is_(True)))
    )
    return ParticipationDocument(
        community_name=community.name,
        locale=locale,
        paper=paper_for(community, paper),
        overview=ov,
        printable=printable,
    )


def report_pdf(
    db: Session,
    today: dt.date,
    start: dt.date | None = None,
    end: dt.date | None = None,
    *,
    locale: str | None = None,
    paper: str | None = None,
) -> bytes:
    from copdesk.reports.participation import render_participation

    return render_participation(report_document(db, today, start, end, locale=locale, paper=paper))
