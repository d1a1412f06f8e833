"""Potluck with redundancy: slots with a bringer and a backup, an attendance forecast, and a check
that there is enough food for the upper end of it.

**Forecast method** (:func:`forecast`). The head counts of the last 8 sessions held before the
one planned (not cancelled, with attendance recorded) give the median *m* and the interquartile
range *IQR* (quartiles by linear interpolation, ``statistics.quantiles(method="inclusive")``).
The half-width of the range is ``max(IQR, 10% of m, 1) × √(8 / n)`` for *n* sessions used, so a
short history gives a wider range (one session: ×2.8, four: ×1.4, eight: ×1). The range is
``[m − half, m + half]`` rounded outwards, never below 0. With no history there is no forecast.
The coverage check plans for the upper end: running out is worse than leftovers.

**Coverage** (:func:`coverage`): food servings (main, side, salad, dessert, snack) of slots that
have a bringer against the forecast's upper end; drinks servings likewise when the potluck has a
drinks slot; slots with nobody bringing them; slots with no backup; and "too many of one kind":
one kind holding more than half of the food slots, once there are 4 or more.
"""

from __future__ import annotations

import datetime as dt
import math
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from copdesk.errors import NotFound, ValidationError
from copdesk.i18n import N_, _, ngettext
from copdesk.models import Attendance, AttendanceStatus, Meeting, Member
from copdesk.models.meeting import MeetingStatus
from copdesk.models.planning import DishKind, PotluckSlot
from copdesk.services import meetings
from copdesk.services.meetings import PersonRow

WINDOW = 8  # sessions the forecast looks back on
FOOD_KINDS = frozenset(
    {DishKind.MAIN, DishKind.SIDE, DishKind.SALAD, DishKind.DESSERT, DishKind.SNACK}
)
RECENT_SESSIONS = 4  # "present recently", for who could cover a cancelled dish

KIND_LABELS = {
    DishKind.MAIN: N_("main dish"),
    DishKind.SIDE: N_("side dish"),
    DishKind.SALAD: N_("salad"),
    DishKind.DESSERT: N_("dessert"),
    DishKind.SNACK: N_("snack"),
    DishKind.DRINKS: N_("drinks"),
    DishKind.SUPPLIES: N_("cups, plates and napkins"),
}


def kind_label(kind: DishKind) -> str:
    return _(KIND_LABELS[DishKind(kind)])


@dataclass(frozen=True)
class SlotInput:
    label: str
    kind: DishKind
    servings: int = 0
    bringer_id: int | None = None
    backup_id: int | None = None
    dietary: tuple[str, ...] = ()  # "vegan", "nut-free", …
    note: str = ""


@dataclass(frozen=True)
class SlotRow(SlotInput):
    id: int = 0
    position: int = 0
    bringer_name: str = ""
    backup_name: str = ""

    @property
    def open(self) -> bool:
        return self.bringer_id is None


@dataclass(frozen=True)
class Forecast:
    low: int
    high: int
    median: float
    sessions: int  # how many past sessions it rests on
    counts: tuple[int, ...] = ()  # their head counts, oldest first


@dataclass(frozen=True)
class CoverageIssue:
    """``kind``: "servings", "drinks", "open", "no_backup" or "too_many"."""

    kind: str
    message: str
    slot_id: int | None = None
    dish: DishKind | None = None
    missing: int = 0


@dataclass(frozen=True)
class Coverage:
    expected: Forecast | None
    food_servings: int
    drinks_servings: int
    issues: tuple[CoverageIssue, ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        return not self.issues


@dataclass(frozen=True)
class Cancellation:
    slot: SlotRow
    promoted: bool  # the backup became the bringer
    candidates: tuple[PersonRow, ...]  # who else could bring it


# -- the forecast, pure ---------------------------------------------------------------------------


def forecast(counts: Sequence[int]) -> Forecast | None:
    """Expected attendance from past head counts, oldest first (see the module doc)."""
    used = [int(c) for c in counts][-WINDOW:]
    n = len(used)
    if n == 0:
        return None
    median = statistics.median(used)
    if n >= 2:
        q1, _q2, q3 = statistics.quantiles(used, n=4, method="inclusive")
        iqr = q3 - q1
    else:
        iqr = 0.0
    half = max(iqr, 0.1 * median, 1.0) * math.sqrt(WINDOW / n)
    low = max(0, math.floor(median - half + 1e-9))
    high = math.ceil(median + half - 1e-9)
    return Forecast(low=low, high=high, median=median, sessions=n, counts=tuple(used))


def coverage(slots: Sequence[SlotRow], expected: Forecast | None) -> Coverage:
    """Check a potluck against the forecast (see the module doc)."""
    issues: list[CoverageIssue] = []
    brought = [s for s in slots if not s.open]
    food = sum(s.servings for s in brought if s.kind in FOOD_KINDS)
    drinks = sum(s.servings for s in brought if s.kind == DishKind.DRINKS)
    if expected is not None:
        need = expected.high
        if food < need:
            missing = need - food
            issues.append(
                CoverageIssue(
                    "servings",
                    ngettext(
                        "{missing} serving of food short for up to {people} people.",
                        "{missing} servings of food short for up to {people} people.",
                        missing,
                    ).format(missing=missing, people=need),
                    missing=missing,
                )
            )
        if any(s.kind == DishKind.DRINKS for s in slots) and drinks < need:
            missing = need - drinks
            issues.append(
                CoverageIssue(
                    "drinks",
                    ngettext(
                        "{missing} drink short for up to {people} people.",
                        "{missing} drinks short for up to {people} people.",
                        missing,
                    ).format(missing=missing, people=need),
                    dish=DishKind.DRINKS,
                    missing=missing,
                )
            )
    for s in slots:
        if s.open:
            issues.append(
                CoverageIssue(
                    "open",
                    _("Nobody is bringing “{slot}” yet.").format(slot=s.label),
                    slot_id=s.id,
                    dish=s.kind,
                )
            )
        elif s.backup_id is None:
            issues.append(
                CoverageIssue(
                    "no_backup",
                    _("“{slot}” has no backup if {name} cannot come.").format(
                        slot=s.label, name=s.bringer_name
                    ),
                    slot_id=s.id,
                    dish=s.kind,
                )
            )
    kinds = Counter(s.kind for s in slots if s.kind in FOOD_KINDS)
    total = sum(kinds.values())
    if total >= 4:
        for kind, n in sorted(kinds.items()):
            if n * 2 > total:
                issues.append(
                    CoverageIssue(
                        "too_many",
                        _("{count} of {total} dishes are of one kind: {kind}.").format(
                            count=n, total=total, kind=kind_label(kind)
                        ),
                        dish=kind,
                    )
                )
    return Coverage(expected, food, drinks, tuple(issues))


# -- slots ----------------------------------------------------------------------------------------


def _clean_tags(tags: Sequence[str] | str) -> tuple[str, ...]:
    parts = tags.split(",") if isinstance(tags, str) else tags
    out: list[str] = []
    for tag in parts:
        clean = " ".join(tag.split()).lower()
        if clean and clean not in out:
            out.append(clean)
    return tuple(out)


def validate(db: Session, data: SlotInput) -> SlotInput:
    label = " ".join(data.label.split())
    if not label:
        raise ValidationError(_("Every potluck slot needs a name."), field="label")
    try:
        kind = DishKind(data.kind)
    except ValueError:
        raise ValidationError(_("Choose what kind of dish this is."), field="kind") from None
    try:
        servings = int(data.servings)
    except (TypeError, ValueError):
        servings = -1
    if not 0 <= servings <= 10000:
        raise ValidationError(
            _("Servings must be a whole number from 0 to 10000."), field="servings"
        )
    for name in ("bringer_id", "backup_id"):
        mid = getattr(data, name)
        if mid is not None and db.get(Member, mid) is None:
            raise ValidationError(_("There is no member number {id}.").format(id=mid), field=name)
    if data.backup_id is not None and data.backup_id == data.bringer_id:
        raise ValidationError(
            _("The backup must be someone other than the person bringing it."), field="backup_id"
        )
    tags = _clean_tags(data.dietary)
    if len(", ".join(tags)) > 300:
        raise ValidationError(_("Too many dietary tags."), field="dietary")
    return SlotInput(
        label[:200], kind, servings, data.bringer_id, data.backup_id, tags, data.note.strip()[:300]
    )


def _row(s: PotluckSlot, names: dict[int, str]) -> SlotRow:
    return SlotRow(
        label=s.label,
        kind=DishKind(s.kind),
        servings=s.servings,
        bringer_id=s.bringer_id,
        backup_id=s.backup_id,
        dietary=_clean_tags(s.dietary),
        note=s.note,
        id=s.id,
        position=s.position,
        bringer_name=names.get(s.bringer_id, "") if s.bringer_id else "",
        backup_name=names.get(s.backup_id, "") if s.backup_id else "",
    )


def list_slots(db: Session, meeting_id: int) -> list[SlotRow]:
    meetings._get(db, meeting_id)
    slots = list(
        db.scalars(
            select(PotluckSlot)
            .where(PotluckSlot.meeting_id == meeting_id)
            .order_by(PotluckSlot.position, PotluckSlot.id)
        )
    )
    names = meetings._names(db, {i for s in slots for i in (s.bringer_id, s.backup_id) if i})
    return [_row(s, names) for s in slots]


def _get(db: Session, slot_id: int) -> PotluckSlot:
    s = db.get(PotluckSlot, slot_id)
    if s is None:
        raise NotFound(_("There is no potluck slot number {id}.").format(id=slot_id))
    return s


def get_slot(db: Session, slot_id: int) -> SlotRow:
    s = _get(db, slot_id)
    return _row(s, meetings._names(db, {i for i in (s.bringer_id, s.backup_id) if i}))


def add_slot(db: Session, meeting_id: int, data: SlotInput) -> SlotRow:
    meetings._get(db, meeting_id)
    clean = validate(db, data)
    last = db.scalar(
        select(func.max(PotluckSlot.position)).where(PotluckSlot.meeting_id == meeting_id)
    )
    s = PotluckSlot(
        meeting_id=meeting_id,
        position=0 if last is None else last + 1,
        label=clean.label,
        kind=clean.kind,
        servings=clean.servings,
        bringer_id=clean.bringer_id,
        backup_id=clean.backup_id,
        dietary=", ".join(clean.dietary),
        note=clean.note,
    )
    db.add(s)
    db.commit()
    return get_slot(db, s.id)


def update_slot(db: Session, slot_id: int, data: SlotInput) -> SlotRow:
    s = _get(db, slot_id)
    clean = validate(db, data)
    s.label, s.kind, s.servings = clean.label, clean.kind, clean.servings
    s.bringer_id, s.backup_id = clean.bringer_id, clean.backup_id
    s.dietary, s.note = ", ".join(clean.dietary), clean.note
    db.commit()
    return get_slot(db, slot_id)


def remove_slot(db: Session, slot_id: int) -> None:
    db.delete(_get(db, slot_id))
    db.commit()


# -- forecast and coverage from the file ----------------------------------------------------------


def head_counts_before(db: Session, day: dt.date, window: int = WINDOW) -> list[int]:
    """Head counts of the last ``window`` sessions held before ``day``, oldest first."""
    rows = db.execute(
        select(Meeting.id, func.count())
        .join(Attendance, Attendance.meeting_id == Meeting.id)
        .where(
            Meeting.date < day,
            Meeting.status == MeetingStatus.PLANNED,
            Attendance.status == AttendanceStatus.PRESENT,
        )
        .group_by(Meeting.id, Meeting.date, Meeting.start_time)
        .order_by(Meeting.date.desc(), Meeting.start_time.desc())
        .limit(window)
    ).all()
    return [count for _id, count in reversed(rows)]


def forecast_attendance(db: Session, meeting_id: int) -> Forecast | None:
    m = meetings._get(db, meeting_id)
    return forecast(head_counts_before(db, m.date))


def check_coverage(db: Session, meeting_id: int) -> Coverage:
    return coverage(list_slots(db, meeting_id), forecast_attendance(db, meeting_id))


def cover_candidates(db: Session, meeting_id: int) -> list[PersonRow]:
    """Who could step in: present at one of the last few sessions before this one and not
    already bringing (or backing up) something for it; most often present first."""
    m = meetings._get(db, meeting_id)
    recent = list(
        db.scalars(
            select(Meeting.id)
            .where(
                Meeting.date < m.date,
                Meeting.status == MeetingStatus.PLANNED,
                Meeting.id.in_(select(Attendance.meeting_id)),
            )
            .order_by(Meeting.date.desc(), Meeting.start_time.desc())
            .limit(RECENT_SESSIONS)
        )
    )
    busy = {
        i
        for s in db.scalars(select(PotluckSlot).where(PotluckSlot.meeting_id == meeting_id))
        for i in (s.bringer_id, s.backup_id)
        if i
    }
    query = (
        select(Attendance.member_id, func.count())
        .join(Member, Member.id == Attendance.member_id)
        .where(
            Attendance.meeting_id.in_(recent),
            Attendance.status == AttendanceStatus.PRESENT,
        )
        .group_by(Attendance.member_id)
    )
    if hasattr(Member, "anonymous"):
        query = query.where(Member.anonymous.is_(False))
    counts = {mid: n for mid, n in db.execute(query) if mid not in busy}
    names = meetings._names(db, set(counts))
    people = [PersonRow(mid, names.get(mid, "")) for mid in counts]
    return sorted(people, key=lambda p: (-counts[p.id], p.name.casefold(), p.id))


def bringer_cancels(db: Session, slot_id: int) -> Cancellation:
    """The bringer cannot come: their backup takes the slot over (and the slot then has no
    backup); without a backup the slot is open. Either way, the people who could help are
    listed."""
    s = _get(db, slot_id)
    promoted = s.backup_id is not None
    s.bringer_id, s.backup_id = s.backup_id, None
    db.commit()
    return Cancellation(
        slot=get_slot(db, slot_id),
        promoted=promoted,
        candidates=tuple(cover_candidates(db, s.meeting_id)),
    )
