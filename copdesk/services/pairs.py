"""The random pairs of a session, stored, with the seed they were drawn with.

The draw itself is :func:`copdesk.pairing.draw_pairs`; this module feeds it from the file: the
people marked present (never an anonymous placeholder), every group stored for earlier sessions
as history, home organisations, the convener's private do-not-pair list, and the pairs locked for
this session. The same file and seed always give the same groups; "re-roll" is a new seed.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from copdesk.errors import ValidationError
from copdesk.i18n import _
from copdesk.models import Attendance, AttendanceStatus, Meeting, Member
from copdesk.models.planning import DoNotPair, PairDraw, PairGroup, PairGroupMember, PairLock
from copdesk.pairing import PastGroup, draw_pairs
from copdesk.services import meetings

MAX_SEED = 2**31 - 1


@dataclass(frozen=True)
class Group:
    members: tuple[int, ...]
    names: tuple[str, ...]
    locked: bool = False  # holds a pair the convener locked


@dataclass(frozen=True)
class PairsResult:
    meeting_id: int
    seed: int
    groups: tuple[Group, ...]
    locked: tuple[tuple[int, int], ...] = ()
    # From the draw just made (None when read back from the file):
    repeated_pairs: int | None = None
    do_not_pair_broken: bool | None = None
    cross_organisation_groups: int | None = None


@dataclass(frozen=True)
class AvoidRow:
    first_id: int
    second_id: int
    first_name: str
    second_name: str


def _present(db: Session, meeting_id: int) -> list[int]:
    query = (
        select(Attendance.member_id)
        .join(Member, Member.id == Attendance.member_id)
        .where(Attendance.meeting_id == meeting_id, Attendance.status == AttendanceStatus.PRESENT)
        .order_by(Attendance.member_id)
    )
    if hasattr(Member, "anonymous"):
        query = query.where(Member.anonymous.is_(False))
    return list(db.scalars(query))


def organisations(db: Session) -> dict[int, str]:
    """Each member's home organisation as a comparable key (members without one are left out)."""
    if hasattr(Member, "organisation_id"):
        rows = db.execute(
            select(Member.id, Member.organisation_id).where(Member.organisation_id.is_not(None))
        )
        return {mid: f"org:{org}" for mid, org in rows}
    rows = db.execute(select(Member.id, Member.organisation))  # pragma: no cover - before 0002
    return {mid: org.casefold() for mid, org in rows if org}  # pragma: no cover


def history(db: Session, exclude_meeting: int | None = None) -> list[PastGroup]:
    """Every stored group of every session (but ``exclude_meeting``), with its session's date."""
    rows = db.execute(
        select(PairGroup.id, PairGroup.meeting_id, Meeting.date, PairGroupMember.member_id)
        .join(Meeting, Meeting.id == PairGroup.meeting_id)
        .join(PairGroupMember, PairGroupMember.group_id == PairGroup.id)
        .order_by(PairGroup.id, PairGroupMember.position)
    )
    groups: dict[int, tuple[dt.date, list[int]]] = {}
    for group_id, meeting_id, day, member_id in rows:
        if meeting_id == exclude_meeting:
            continue
        groups.setdefault(group_id, (day, []))[1].append(member_id)
    return [PastGroup(on=day, members=tuple(ids)) for day, ids in groups.values()]


def _locks(db: Session, meeting_id: int) -> list[tuple[int, int]]:
    return [
        (a, b)
        for a, b in db.execute(
            select(PairLock.first_id, PairLock.second_id)
            .where(PairLock.meeting_id == meeting_id)
            .order_by(PairLock.first_id)
        )
    ]


def _avoid(db: Session) -> list[frozenset[int]]:
    return [frozenset(pair) for pair in db.execute(select(DoNotPair.first_id, DoNotPair.second_id))]


def _result(
    db: Session, meeting_id: int, seed: int, groups: list[tuple[int, ...]], **extra: object
) -> PairsResult:
    locks = _locks(db, meeting_id)
    locked_people = {p for pair in locks for p in pair}
    names = meetings._names(db, {m for g in groups for m in g})
    return PairsResult(
        meeting_id=meeting_id,
        seed=seed,
        groups=tuple(
            Group(
                members=g,
                names=tuple(names.get(m, "") for m in g),
                locked=any(a in g and b in g for a, b in locks) and bool(locked_people & set(g)),
            )
            for g in groups
        ),
        locked=tuple(locks),
        **extra,  # type: ignore[arg-type]
    )


def get_pairs(db: Session, meeting_id: int) -> PairsResult | None:
    """The stored draw of a session, or None if none was drawn."""
    meetings._get(db, meeting_id)
    draw = db.get(PairDraw, meeting_id)
    if draw is None:
        return None
    groups = [
        tuple(m.member_id for m in g.members)
        for g in db.scalars(
            select(PairGroup).where(PairGroup.meeting_id == meeting_id).order_by(PairGroup.position)
        )
    ]
    return _result(db, meeting_id, draw.seed, groups)


def draw(db: Session, meeting_id: int, seed: int | None = None) -> PairsResult:
    """Draw (or re-draw) a session's pairs from the people marked present, keeping locked pairs
    together, and store them with the seed. Without ``seed`` a new random one is chosen, which is
    what "re-roll" does."""
    meeting = meetings._get(db, meeting_id)
    if seed is None:
        seed = secrets.randbelow(MAX_SEED)
    elif not 0 <= seed <= MAX_SEED:
        raise ValidationError(
            _("The seed must be a whole number from 0 to {max}.").format(max=MAX_SEED),
            field="seed",
        )
    present = _present(db, meeting_id)
    if not present:
        raise ValidationError(
            _("Nobody is marked present at this session yet, so there is nobody to pair.")
        )
    here = set(present)
    locks = [(a, b) for a, b in _locks(db, meeting_id) if a in here and b in here]
    result = draw_pairs(
        present,
        history=history(db, exclude_meeting=meeting_id),
        organisation=organisations(db),
        do_not_pair=_avoid(db),
        locked=locks,
        seed=seed,
        today=meeting.date,
    )
    db.execute(delete(PairGroup).where(PairGroup.meeting_id == meeting_id))
    for pos, group in enumerate(result.groups):
        db.add(
            PairGroup(
                meeting_id=meeting_id,
                position=pos,
                members=[PairGroupMember(member_id=m, position=k) for k, m in enumerate(group)],
            )
        )
    stored = db.get(PairDraw, meeting_id)
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    if stored is None:
        db.add(PairDraw(meeting_id=meeting_id, seed=seed, drawn_at=now))
    else:
        stored.seed, stored.drawn_at = seed, now
    db.commit()
    d = result.diagnostics
    return _result(
        db,
        meeting_id,
        seed,
        list(result.groups),
        repeated_pairs=d.repeated_pairs,
        do_not_pair_broken=d.do_not_pair_broken,
        cross_organisation_groups=d.cross_organisation_groups,
    )


def reroll(db: Session, meeting_id: int) -> PairsResult:
    """A fresh draw with a new random seed (locked pairs stay together)."""
    current = db.get(PairDraw, meeting_id)
    seed = secrets.randbelow(MAX_SEED)
    while current is not None and seed == current.seed:  # pragma: no cover - 1 in 2**31
        seed = secrets.randbelow(MAX_SEED)
    return draw(db, meeting_id, seed)


def clear_pairs(db: Session, meeting_id: int) -> None:
    meetings._get(db, meeting_id)
    db.execute(delete(PairGroup).where(PairGroup.meeting_id == meeting_id))
    db.execute(delete(PairDraw).where(PairDraw.meeting_id == meeting_id))
    db.commit()


def _ordered(a: int, b: int) -> tuple[int, int]:
    if a == b:
        raise ValidationError(_("Choose two different people."))
    return (a, b) if a < b else (b, a)


def lock_pair(db: Session, meeting_id: int, a: int, b: int) -> tuple[tuple[int, int], ...]:
    """Keep two present people together when this session's pairs are re-drawn. The stored
    groups are not changed until the next draw."""
    meetings._get(db, meeting_id)
    first, second = _ordered(a, b)
    present = set(_present(db, meeting_id))
    for person in (first, second):
        if person not in present:
            raise ValidationError(
                _("Only people marked present can be paired (member number {id} is not).").format(
                    id=person
                )
            )
    taken = {p for pair in _locks(db, meeting_id) for p in pair} - {first, second}
    if first in taken or second in taken:
        raise ValidationError(_("One of them is already locked with someone else."))
    if db.get(PairLock, (meeting_id, first, second)) is None:
        db.add(PairLock(meeting_id=meeting_id, first_id=first, second_id=second))
    db.commit()
    return tuple(_locks(db, meeting_id))


def unlock_pair(db: Session, meeting_id: int, a: int, b: int) -> tuple[tuple[int, int], ...]:
    first, second = _ordered(a, b)
    db.execute(
        delete(PairLock).where(
            PairLock.meeting_id == meeting_id,
            PairLock.first_id == first,
            PairLock.second_id == second,
        )
    )
    db.commit()
    return tuple(_locks(db, meeting_id))


# -- the convener's private do-not-pair list ------------------------------------------------------


def list_do_not_pair(db: Session) -> list[AvoidRow]:
    pairs = list(db.execute(select(DoNotPair.first_id, DoNotPair.second_id)))
    names = meetings._names(db, {p for pair in pairs for p in pair})
    return [AvoidRow(a, b, names.get(a, ""), names.get(b, "")) for a, b in pairs]


def add_do_not_pair(db: Session, a: int, b: int) -> list[AvoidRow]:
    first, second = _ordered(a, b)
    for person in (first, second):
        if db.get(Member, person) is None:
            raise ValidationError(_("There is no member number {id}.").format(id=person))
    if db.get(DoNotPair, (first, second)) is None:
        db.add(DoNotPair(first_id=first, second_id=second))
    db.commit()
    return list_do_not_pair(db)


def remove_do_not_pair(db: Session, a: int, b: int) -> list[AvoidRow]:
    first, second = _ordered(a, b)
    db.execute(delete(DoNotPair).where(DoNotPair.first_id == first, DoNotPair.second_id == second))
    db.commit()
    return list_do_not_pair(db)
