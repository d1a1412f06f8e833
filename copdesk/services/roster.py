"""Members of the community: list, add, edit, remove (with everything needed to undo a removal)."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import asdict, dataclass, field, fields

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from copdesk.errors import NotFound, ValidationError
from copdesk.i18n import _
from copdesk.models import Attendance, AttendanceStatus, Meeting, Member

# Deliberately permissive: one @, something on each side, a dot in the domain, no spaces.
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class MemberInput:
    name: str
    preferred_name: str = ""
    email: str = ""
    phone: str = ""
    organisation: str = ""
    notes: str = ""
    joined_on: dt.date | None = None


@dataclass(frozen=True)
class MemberRow(MemberInput):
    id: int = 0

    @property
    def display_name(self) -> str:
        return self.preferred_name or self.name

    def as_input(self) -> MemberInput:
        return MemberInput(**{f.name: getattr(self, f.name) for f in fields(MemberInput)})


@dataclass(frozen=True)
class RemovedMember:
    """What :func:`remove_member` took away, so :func:`restore_member` can put it back exactly."""

    row: MemberRow
    attendance: list[tuple[int, str]] = field(default_factory=list)
    convened: list[int] = field(default_factory=list)
    hosted: list[int] = field(default_factory=list)


def _clean_text(value: str) -> str:
    # NFC so that a name typed with combining accents matches the same name typed precomposed.
    return unicodedata.normalize("NFC", value).strip()


def validate(data: MemberInput) -> MemberInput:
    clean = MemberInput(
        name=_clean_text(data.name),
        preferred_name=_clean_text(data.preferred_name),
        email=data.email.strip(),
        phone=data.phone.strip(),
        organisation=_clean_text(data.organisation),
        notes=unicodedata.normalize("NFC", data.notes),
        joined_on=data.joined_on,
    )
    if not clean.name:
        raise ValidationError(_("Every member needs a name."), field="name")
    if len(clean.name) > 200:
        raise ValidationError(_("The name is too long (at most 200 characters)."), field="name")
    if clean.email and not _EMAIL.match(clean.email):
        raise ValidationError(
            _("“{email}” does not look like an email address.").format(email=clean.email),
            field="email",
        )
    return clean


def _to_row(m: Member) -> MemberRow:
    return MemberRow(
        id=m.id,
        name=m.name,
        preferred_name=m.preferred_name,
        email=m.email,
        phone=m.phone,
        organisation=m.organisation,
        notes=m.notes,
        joined_on=m.joined_on,
    )


def list_members(db: Session) -> list[MemberRow]:
    return [_to_row(m) for m in db.scalars(select(Member).order_by(Member.id))]


def _get(db: Session, member_id: int) -> Member:
    member = db.get(Member, member_id)
    if member is None:
        raise NotFound(_("There is no member number {id}.").format(id=member_id))
    return member


def get_member(db: Session, member_id: int) -> MemberRow:
    return _to_row(_get(db, member_id))


def add_member(db: Session, data: MemberInput) -> MemberRow:
    clean = validate(data)
    member = Member(**asdict(clean))
    db.add(member)
    db.commit()
    return _to_row(member)


def update_member(db: Session, member_id: int, data: MemberInput) -> MemberRow:
    clean = validate(data)
    member = _get(db, member_id)
    for key, value in asdict(clean).items():
        setattr(member, key, value)
    db.commit()
    return _to_row(member)


def remove_member(db: Session, member_id: int) -> RemovedMember:
    """Remove a member and their attendance; sessions they convened or hosted keep no name."""
    member = _get(db, member_id)
    snapshot = RemovedMember(
        row=_to_row(member),
        attendance=[
            (a.meeting_id, a.status.value)
            for a in db.scalars(select(Attendance).where(Attendance.member_id == member_id))
        ],
        convened=list(db.scalars(select(Meeting.id).where(Meeting.convener_id == member_id))),
        hosted=list(db.scalars(select(Meeting.id).where(Meeting.host_id == member_id))),
    )
    db.delete(member)
    db.commit()
    return snapshot


def restore_member(db: Session, removed: RemovedMember) -> MemberRow:
    """Undo :func:`remove_member`: same id, same attendance, same convener/host places."""
    if db.get(Member, removed.row.id) is not None:
        raise ValidationError(_("This member is already back in the roster."))
    member = Member(id=removed.row.id, **asdict(removed.row.as_input()))
    db.add(member)
    db.flush()
    existing = set(db.scalars(select(Meeting.id)))
    for meeting_id, status in removed.attendance:
        if meeting_id in existing:
            db.add(
                Attendance(
                    meeting_id=meeting_id, member_id=member.id, status=AttendanceStatus(status)
                )
            )
    if removed.convened:
        db.execute(
            update(Meeting)
            .where(Meeting.id.in_(removed.convened), Meeting.convener_id.is_(None))
            .values(convener_id=member.id)
        )
    if removed.hosted:
        db.execute(
            update(Meeting)
            .where(Meeting.id.in_(removed.hosted), Meeting.host_id.is_(None))
            .values(host_id=member.id)
        )
    db.commit()
    return _to_row(member)
