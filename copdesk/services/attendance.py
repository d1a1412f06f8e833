"""Checking people in: who came, what they shared or took, and quick ways to enter it.

Contributions follow the community's own words: people *share* (present, demo, host, bring food,
teach) or *take* (attend, ask for help, learn); both are welcome and both are counted.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from copdesk.collation import fold
from copdesk.errors import ValidationError
from copdesk.i18n import N_, _
from copdesk.models import Attendance, AttendanceStatus, Meeting, Member
from copdesk.models.meeting import SHARED_KINDS, Contribution, ContributionKind, MeetingStatus
from copdesk.services import meetings, roster

KIND_LABELS = {
    ContributionKind.PRESENTED: N_("presented"),
    ContributionKind.DEMOED: N_("gave a demo"),
    ContributionKind.HOSTED: N_("hosted"),
    ContributionKind.BROUGHT_FOOD: N_("brought food"),
    ContributionKind.TAUGHT: N_("taught something"),
    ContributionKind.ATTENDED: N_("attended"),
    ContributionKind.ASKED_FOR_HELP: N_("asked for help"),
    ContributionKind.LEARNED: N_("learned something"),
}


def kind_label(kind: ContributionKind) -> str:
    return _(KIND_LABELS[ContributionKind(kind)])


def is_shared(kind: ContributionKind) -> bool:
    """True for what someone gave (presented, demoed, hosted, brought food, taught)."""
    return ContributionKind(kind) in SHARED_KINDS


@dataclass(frozen=True)
class Candidate:
    """A roster member offered while typing a name."""

    id: int
    name: str  # preferred name, else name
    full_name: str
    organisation: str = ""


@dataclass(frozen=True)
class AttendeeRow:
    id: int
    name: str
    status: AttendanceStatus
    contributions: frozenset[ContributionKind] = frozenset()


@dataclass(frozen=True)
class SheetMatch:
    """A paper sign-in sheet read against the roster."""

    matched: tuple[tuple[str, int], ...] = ()  # (line as written, member id)
    unmatched: tuple[str, ...] = ()
    ambiguous: tuple[tuple[str, tuple[int, ...]], ...] = ()  # (line, possible member ids)
    already: tuple[int, ...] = field(default=())  # matched and already marked present


# -- type-ahead -----------------------------------------------------------------------------------


def _people(db: Session, ids: Iterable[int] | None = None) -> list[Candidate]:
    return [
        Candidate(r.id, r.display_name, r.name, r.organisation)
        for r in (roster.list_members(db) if ids is None else roster.get_members(db, ids))
    ]


def _rank(query: str, person: Candidate) -> int | None:
    """0: a name starts with the query; 1: a word does; 2: the query is inside a name."""
    names = [fold(person.name), fold(person.full_name)]
    if any(n.startswith(query) for n in names):
        return 0
    words = [w for n in names for w in re.split(r"[\s\-'’.]+", n) if w]
    if all(any(w.startswith(q) for w in words) for q in query.split()):
        return 1
    if any(query in n for n in names):
        return 2
    return None


def search_roster(db: Session, text: str, limit: int = 10) -> list[Candidate]:
    """Members for a type-ahead box: names starting with what was typed first, then names with
    a word starting with it, then names containing it; case- and accent-insensitive."""
    query = " ".join(fold(text).split())
    if not query:
        return []
    ids = roster.search_members(db, text)
    ranked = []
    for person in _people(db, ids):
        rank = _rank(query, person)
        if rank is None:
            rank = 3  # matched another field (organisation, email, skills)
        ranked.append((rank, fold(person.name), person.id, person))
    ranked.sort(key=lambda r: r[:3])
    return [r[3] for r in ranked[:limit]]


# -- statuses -------------------------------------------------------------------------------------


def attendance_sheet(db: Session, meeting_id: int) -> list[AttendeeRow]:
    """Everyone with a status at this session, by name, with their contributions."""
    meetings._get(db, meeting_id)
    statuses = dict(
        db.execute(
            select(Attendance.member_id, Attendance.status).where(
                Attendance.meeting_id == meeting_id
            )
        ).all()
    )
    kinds: dict[int, set[ContributionKind]] = {}
    for member_id, kind in db.execute(
        select(Contribution.member_id, Contribution.kind).where(
            Contribution.meeting_id == meeting_id
        )
    ):
        kinds.setdefault(member_id, set()).add(kind)
    people = {p.id: p for p in _people(db, statuses)}
    rows = [
        AttendeeRow(mid, people[mid].name, statuses[mid], frozenset(kinds.get(mid, ())))
        for mid in statuses
        if mid in people  # anonymous placeholders keep counts, not names
    ]
    return sorted(rows, key=lambda r: (fold(r.name), r.id))


def check_in(
    db: Session,
    meeting_id: int,
    member_id: int,
    status: AttendanceStatus = AttendanceStatus.PRESENT,
) -> AttendeeRow:
    """Set one person's status at a session (keeping everyone else's)."""
    meetings._get(db, meeting_id)
    if db.get(Member, member_id) is None:
        raise ValidationError(_("There is no member number {id}.").format(id=member_id))
    row = db.get(Attendance, (meeting_id, member_id))
    if row is None:
        db.add(Attendance(meeting_id=meeting_id, member_id=member_id, status=status))
    else:
        row.status = AttendanceStatus(status)
    db.commit()
    return next(r for r in attendance_sheet(db, meeting_id) if r.id == member_id)


def add_newcomer(
    db: Session,
    meeting_id: int,
    line: str,
    today: dt.date | None = None,
) -> AttendeeRow:
    """Add a first-timer in one line and mark them present.

    ``line`` is a name, optionally followed by an email in angle brackets or after a comma, and/or
    an organisation after a comma: "Ana Ruiz, Riverside Library <ana@example.org>".
    """
    meeting = meetings._get(db, meeting_id)
    text = line.strip()
    email = ""
    found = re.search(r"<([^<>\s]+@[^<>\s]+)>|(?:^|[\s,])([^\s,<>]+@[^\s,<>]+)", text)
    if found:
        email = found.group(1) or found.group(2)
        text = (text[: found.start()] + text[found.end() :]).strip(" ,")
    name, _sep, organisation = (part.strip() for part in text.partition(","))
    if not name:
        raise ValidationError(_("Please type the newcomer's name."), field="name")
    member = roster.add_member(
        db,
        roster.MemberInput(
            name=name,
            email=email,
            organisation=organisation,
            joined_on=today or meeting.date,
        ),
    )
    return check_in(db, meeting_id, member.id)


def previous_session(db: Session, meeting_id: int) -> int | None:
    """The last session before this one that has attendance recorded (not cancelled)."""
    m = meetings._get(db, meeting_id)
    return db.scalar(
        select(Meeting.id)
        .where(
            Meeting.id != m.id,
            Meeting.status == MeetingStatus.PLANNED,
            (Meeting.date < m.date)
            | ((Meeting.date == m.date) & (Meeting.start_time < m.start_time)),
            Meeting.id.in_(select(Attendance.meeting_id)),
        )
        .order_by(Meeting.date.desc(), Meeting.start_time.desc())
        .limit(1)
    )


def same_as_last_time(db: Session, meeting_id: int) -> dict[int, AttendanceStatus]:
    """A start point for check-in: everyone present last time, as present. Nothing is saved;
    pass the (edited) result to :func:`copdesk.services.meetings.set_attendance`."""
    last = previous_session(db, meeting_id)
    if last is None:
        return {}
    named = {p.id for p in _people(db)}
    return {
        mid: AttendanceStatus.PRESENT
        for mid in db.scalars(
            select(Attendance.member_id).where(
                Attendance.meeting_id == last, Attendance.status == AttendanceStatus.PRESENT
            )
        )
        if mid in named
    }


# -- paper sign-in sheets -------------------------------------------------------------------------


def match_names(lines: Sequence[str], people: Sequence[Candidate]) -> SheetMatch:
    """Read names written on a sheet against the roster (pure; see :func:`bulk_check_in`).

    A line matches a member when, ignoring case and accents, it equals their name or preferred
    name; failing that, when exactly one member has every word of the line at the start of a
    word of their names ("ana g" finds "Ana María Gutiérrez"). Several candidates make the line
    ambiguous; none leave it unmatched. Empty lines are ignored.
    """
    matched, unmatched, ambiguous = [], [], []
    folded = [(p, fold(p.name), fold(p.full_name)) for p in people]
    for raw in lines:
        line = " ".join(raw.split())
        key = fold(line)
        if not key:
            continue
        exact = sorted({p.id for p, a, b in folded if key in (a, b)})
        hits = exact or sorted({p.id for p, _a, _b in folded if _rank(key, p) in (0, 1)})
        if len(hits) == 1:
            matched.append((line, hits[0]))
        elif hits:
            ambiguous.append((line, tuple(hits)))
        else:
            unmatched.append(line)
    return SheetMatch(tuple(matched), tuple(unmatched), tuple(ambiguous))


def bulk_check_in(db: Session, meeting_id: int, lines: Sequence[str]) -> SheetMatch:
    """Mark everyone matched on a sign-in sheet present (others' statuses are kept) and report
    the lines that matched nobody or several people, for the convener to settle by hand."""
    meetings._get(db, meeting_id)
    result = match_names(lines, _people(db))
    already = []
    seen: set[int] = set()
    for _line, member_id in result.matched:
        if member_id in seen:
            continue  # the same person written twice
        seen.add(member_id)
        row = db.get(Attendance, (meeting_id, member_id))
        if row is None:
            db.add(
                Attendance(
                    meeting_id=meeting_id, member_id=member_id, status=AttendanceStatus.PRESENT
                )
            )
        elif row.status == AttendanceStatus.PRESENT:
            already.append(member_id)
        else:
            row.status = AttendanceStatus.PRESENT
    db.commit()
    return SheetMatch(result.matched, result.unmatched, result.ambiguous, tuple(already))


# -- contributions --------------------------------------------------------------------------------


def set_contributions(
    db: Session, meeting_id: int, member_id: int, kinds: Iterable[ContributionKind | str]
) -> frozenset[ContributionKind]:
    """Replace what one person shared or took at a session."""
    meetings._get(db, meeting_id)
    if db.get(Member, member_id) is None:
        raise ValidationError(_("There is no member number {id}.").format(id=member_id))
    try:
        clean = frozenset(ContributionKind(k) for k in kinds)
    except ValueError as exc:
        raise ValidationError(
            _("“{kind}” is not a kind of contribution.").format(kind=exc.args[0]), field="kind"
        ) from None
    db.execute(
        delete(Contribution).where(
            Contribution.meeting_id == meeting_id, Contribution.member_id == member_id
        )
    )
    db.add_all(Contribution(meeting_id=meeting_id, member_id=member_id, kind=k) for k in clean)
    db.commit()
    return clean


@dataclass(frozen=True)
class ContributionSummary:
    member_id: int
    sessions_present: int
    shared: int  # contributions that gave something
    took: int  # contributions that took something (attending counts when present)
    by_kind: dict[ContributionKind, int] = field(default_factory=dict)


def contribution_summary(db: Session, member_id: int) -> ContributionSummary:
    """How much someone shared and took over all sessions (being present counts as attending)."""
    present_ids = set(
        db.scalars(
            select(Attendance.meeting_id).where(
                Attendance.member_id == member_id, Attendance.status == AttendanceStatus.PRESENT
            )
        )
    )
    by_kind: dict[ContributionKind, int] = {}
    attended_ids = set(present_ids)
    for meeting_id, kind in db.execute(
        select(Contribution.meeting_id, Contribution.kind).where(
            Contribution.member_id == member_id
        )
    ):
        if kind == ContributionKind.ATTENDED:
            attended_ids.add(meeting_id)
        else:
            by_kind[kind] = by_kind.get(kind, 0) + 1
    if attended_ids:
        by_kind[ContributionKind.ATTENDED] = len(attended_ids)
    shared = sum(n for k, n in by_kind.items() if k in SHARED_KINDS)
    took = sum(n for k, n in by_kind.items() if k not in SHARED_KINDS)
    return ContributionSummary(member_id, len(present_ids), shared, took, by_kind)
