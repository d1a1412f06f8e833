"""Members of the community: who they are, what they bring, the roles they hold, their journey.

Everything here takes a database session, validates, commits one transaction and returns plain
frozen dataclasses. A few decisions worth knowing:

* **Fields added later are optional on update.** :class:`MemberInput` fields added with the
  roster issue (pronouns, languages, skills, why, tags, consent) default to ``None``, meaning
  "leave as it is" in :func:`update_member` (and "nothing"/"yes" in :func:`add_member`), so a
  caller that knows only the first seven fields never wipes the rest.
* **Removing a person keeps anonymous counts.** :func:`remove_member` deletes the member row (and
  with it every personal detail, their roles, journey, skills and tags; SQLite's ``secure_delete``
  overwrites the freed pages), but first moves each of their attendance rows to an *anonymous
  placeholder* member: a row with no name and no contact. Placeholders form a pool: a session's
  k-th removed attendee goes to placeholder k, so placeholders do not follow one person from
  session to session and carry no more than per-session counts. Sessions' present, apologised
  and absent counts therefore never change. The returned :class:`RemovedMember` holds everything
  needed for :func:`restore_member` to put the person back exactly (same id, attendance, roles,
  journey, session roles) until the file is closed.
* **Journey** ("arrived → active → quiet → moved on", "welcomed back") is derived, see
  :func:`derive_journey` for the rule, from attendance plus what the convener recorded
  (moved on / came back, :class:`JourneyEvent` rows that are never deleted).
* **Search** uses ``members.search_text``, a precomputed folded (case- and accent-free) text of
  name, preferred name, email, organisation and skills, kept current by every write here. It is
  read once into memory per engine and re-read after any commit through that engine; a
  keystroke is then one substring test per member, and typing on only looks among the previous
  hits (see :func:`search_members` and benchmarks/bench_roster.py).
"""

from __future__ import annotations

import bisect
import datetime as dt
import enum
import functools
import re
import statistics
import unicodedata
import weakref
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, fields
from typing import ParamSpec, TypeVar

from sqlalchemy import delete, event, exists, func, insert, or_, select, update
from sqlalchemy.orm import Session

from copdesk.collation import fold
from copdesk.db import committed, driver_rows, stored_date
from copdesk.errors import NotFound, ValidationError
from copdesk.i18n import N_, _
from copdesk.models import (
    Attendance,
    AttendanceStatus,
    JourneyEvent,
    Meeting,
    Member,
    MemberItem,
    MemberRole,
    MemberTag,
    Organisation,
    Role,
    Tag,
)
from copdesk.services import name_keys

# Deliberately permissive: one @, something on each side, a dot in the domain, no spaces.
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

MAX_NAME = 200
MAX_SHORT = 100  # preferred name, a skill, a language, a tag, a role name
MAX_PRONOUNS = 50
MAX_ITEMS = 50  # per list
LIST_SEPARATOR = ";"  # between the items of a list in a CSV cell; so never inside an item

# Built-in roles: stored by key, shown translated. The group may add its own (add_custom_role).
BUILTIN_ROLES: dict[str, str] = {
    "convener": N_("convener"),
    "host": N_("host"),
    "presenter": N_("presenter"),
    "note_taker": N_("note-taker"),
    "pairing_helper": N_("pairing helper"),
}

P = ParamSpec("P")
R = TypeVar("R")

ITEM_KINDS = {"languages": "language", "can_teach": "teach", "wants_to_learn": "learn"}


# -- plain data ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class MemberInput:
    name: str
    preferred_name: str = ""
    email: str = ""
    phone: str = ""
    # The home organisation by name ("" for none); matched case- and accent-insensitively to
    # an organisation in the list, which is created when new.
    organisation: str = ""
    notes: str = ""
    joined_on: dt.date | None = None
    # None: leave as it is (update) / nothing, or "yes" for consent (add). See the module doc.
    pronouns: str | None = None
    languages: tuple[str, ...] | None = None
    can_teach: tuple[str, ...] | None = None
    wants_to_learn: tuple[str, ...] | None = None
    why: str | None = None
    why_tags: tuple[str, ...] | None = None
    may_print: bool | None = None  # may appear on printed lists
    may_contact: bool | None = None  # may be contacted (email, phone, vCard export)


@dataclass(frozen=True)
class RoleSpan:
    """A role held for a period; ``ends_on`` None means still held."""

    id: int
    role: str  # a built-in key ("convener") or the group's role name
    label: str  # what to show, in the window's language
    starts_on: dt.date
    ends_on: dt.date | None = None
    note: str = ""

    def held_on(self, day: dt.date) -> bool:
        return self.starts_on <= day and (self.ends_on is None or day <= self.ends_on)


@dataclass(frozen=True)
class MemberRow(MemberInput):
    id: int = 0
    organisation_id: int | None = None
    roles: tuple[RoleSpan, ...] = ()

    @property
    def display_name(self) -> str:
        return self.preferred_name or self.name

    def as_input(self) -> MemberInput:
        return MemberInput(**{f.name: getattr(self, f.name) for f in fields(MemberInput)})

    def current_roles(self, day: dt.date) -> list[RoleSpan]:
        return [r for r in self.roles if r.held_on(day)]


@dataclass(frozen=True)
class RoleRow:
    role: str  # key for built-ins, name for the group's roles
    label: str
    builtin: bool


@dataclass(frozen=True)
class RemovedMember:
    """What :func:`remove_member` took away, so :func:`restore_member` can put it back exactly."""

    row: MemberRow
    attendance: list[tuple[int, str]] = field(default_factory=list)
    convened: list[int] = field(default_factory=list)
    hosted: list[int] = field(default_factory=list)
    # (meeting id, placeholder member id) that hold this person's anonymous counts meanwhile.
    placeholders: list[tuple[int, int]] = field(default_factory=list)
    events: list[tuple[int, str, dt.date, str]] = field(default_factory=list)


class JourneyState(enum.StrEnum):
    ARRIVED = "arrived"
    ACTIVE = "active"
    QUIET = "quiet"
    MOVED_ON = "moved_on"
    WELCOMED_BACK = "welcomed_back"

    @property
    def label(self) -> str:
        return _(JOURNEY_LABELS[self])


JOURNEY_LABELS = {
    JourneyState.ARRIVED: N_("arrived"),
    JourneyState.ACTIVE: N_("active"),
    JourneyState.QUIET: N_("quiet"),
    JourneyState.MOVED_ON: N_("moved on"),
    JourneyState.WELCOMED_BACK: N_("welcomed back"),
}


@dataclass(frozen=True)
class BulkChange:
    """What a bulk operation did, enough for :func:`undo_bulk` to take it back."""

    changed: tuple[int, ...] = ()  # member ids that changed
    unchanged: tuple[int, ...] = ()  # member ids for which there was nothing to do
    created_events: tuple[int, ...] = ()
    created_spans: tuple[int, ...] = ()
    ended_spans: tuple[tuple[int, dt.date | None], ...] = ()  # (span id, its end before)


@dataclass(frozen=True)
class SearchFilters:
    role: str | None = None  # held on ``today``: a built-in key or the group's role name
    journey: JourneyState | None = None
    organisation_id: int | None = None
    can_teach: str | None = None  # part of one of the member's can-teach items
    today: dt.date | None = None


# -- transactions -------------------------------------------------------------------------------


@contextmanager
def writing(db: Session) -> Iterator[None]:
    """One roster transaction (:func:`copdesk.db.committed`); cached search data is forgotten
    whether it was committed or not."""
    try:
        with committed(db):
            yield
    finally:
        roster_changed()


def transactional(func: Callable[P, R]) -> Callable[P, R]:
    """A service that commits at its end: any error before (a flush refused by a read-only
    file, a validation error after a flush) rolls the session back, so nothing is half-written
    and the session stays usable. The session must be the first argument."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except BaseException:
            db = args[0]
            assert isinstance(db, Session)
            db.rollback()
            raise
        finally:
            roster_changed()

    return wrapper


# -- cleaning and validation --------------------------------------------------------------------


def _clean_text(value: str) -> str:
    # NFC so that a name typed with combining accents matches the same name typed precomposed.
    return (value if value.isascii() else unicodedata.normalize("NFC", value)).strip()


def _clean_lines(value: str) -> str:
    # One kind of line end, whatever the keyboard, clipboard or spreadsheet used.
    return unicodedata.normalize("NFC", value.replace("\r\n", "\n").replace("\r", "\n"))


@functools.lru_cache(maxsize=4096)
def clean_item(raw: str) -> tuple[str, str]:
    """One list item trimmed (NFC, single spaces), and its folded form as stored in
    ``member_items.folded``. Remembered: a roster's skills and languages repeat (an import of
    100,000 rows cleans about 800,000 items)."""
    item = " ".join(_clean_text(raw).split())
    return item, fold(item)


def _clean_list(values: Iterable[str] | None, what: str) -> tuple[str, ...] | None:
    if values is None:
        return None
    if isinstance(values, str):
        values = values.split(LIST_SEPARATOR)
    out: list[str] = []
    seen: set[str] = set()
    for raw in values:
        item, key = clean_item(raw if isinstance(raw, str) else str(raw))
        if not item:
            continue
        if LIST_SEPARATOR in item:
            raise ValidationError(
                _("“{item}” cannot contain “;”, which separates the items of a list.").format(
                    item=item
                ),
                field=what,
            )
        if len(item) > MAX_SHORT:
            raise ValidationError(
                _("“{item}” is too long (at most {max} characters).").format(
                    item=item[:30] + "…", max=MAX_SHORT
                ),
                field=what,
            )
        if key not in seen:
            seen.add(key)
            out.append(item)
    if len(out) > MAX_ITEMS:
        raise ValidationError(
            _("A list can hold at most {max} items.").format(max=MAX_ITEMS), field=what
        )
    return tuple(out)


def validate(data: MemberInput) -> MemberInput:
    """``data`` cleaned (trimmed, NFC, lists de-duplicated), or :class:`ValidationError`."""
    clean = MemberInput(
        name=_clean_text(data.name),
        preferred_name=_clean_text(data.preferred_name),
        email=data.email.strip(),
        phone=data.phone.strip(),
        organisation=" ".join(_clean_text(data.organisation).split()),
        notes=_clean_lines(data.notes),
        joined_on=data.joined_on,
        pronouns=None if data.pronouns is None else _clean_text(data.pronouns),
        languages=_clean_list(data.languages, "languages"),
        can_teach=_clean_list(data.can_teach, "can_teach"),
        wants_to_learn=_clean_list(data.wants_to_learn, "wants_to_learn"),
        why=None if data.why is None else _clean_lines(data.why).strip(),
        why_tags=_clean_list(data.why_tags, "why_tags"),
        may_print=None if data.may_print is None else bool(data.may_print),
        may_contact=None if data.may_contact is None else bool(data.may_contact),
    )
    if not clean.name:
        raise ValidationError(_("Every member needs a name."), field="name")
    if len(clean.name) > MAX_NAME:
        raise ValidationError(_("The name is too long (at most 200 characters)."), field="name")
    if len(clean.preferred_name) > MAX_SHORT:
        raise ValidationError(
            _("The name for name tags is too long (at most {max} characters).").format(
                max=MAX_SHORT
            ),
            field="preferred_name",
        )
    if clean.pronouns and len(clean.pronouns) > MAX_PRONOUNS:
        raise ValidationError(
            _("The pronouns are too long (at most {max} characters).").format(max=MAX_PRONOUNS),
            field="pronouns",
        )
    if len(clean.organisation) > MAX_NAME:
        raise ValidationError(
            _("The organisation's name is too long (at most {max} characters).").format(
                max=MAX_NAME
            ),
            field="organisation",
        )
    if clean.email and (not _EMAIL.match(clean.email) or len(clean.email) > 320):
        raise ValidationError(
            _("“{email}” does not look like an email address.").format(email=clean.email),
            field="email",
        )
    if len(clean.phone) > 50:
        raise ValidationError(
            _("The phone number is too long (at most 50 characters)."), field="phone"
        )
    return clean


# -- search text --------------------------------------------------------------------------------


def search_text(
    name: str,
    preferred_name: str,
    email: str,
    organisation: str,
    can_teach: Iterable[str] = (),
    wants_to_learn: Iterable[str] = (),
) -> str:
    """The folded text search looks in; one line per field, so a word never spans two fields."""
    parts = [name, preferred_name, email, organisation, *can_teach, *wants_to_learn]
    return "\n".join(fold(p) for p in parts if p)


def refresh_search_text(db: Session, member_ids: Iterable[int] | None = None) -> None:
    """Recompute ``search_text`` (after an organisation is renamed, or if ``fold`` changes).

    Does not commit: callers do, as part of their own transaction.
    """
    query = (
        select(
            Member.id,
            Member.name,
            Member.preferred_name,
            Member.email,
            func.coalesce(Organisation.name, ""),
        )
        .outerjoin(Organisation, Organisation.id == Member.organisation_id)
        .where(Member.anonymous.is_(False))
    )
    ids = None if member_ids is None else list(member_ids)
    if ids is not None:
        if not ids:
            return
        query = query.where(Member.id.in_(ids))
    items = _items(db, ids)
    updates = [
        {
            "id": mid,
            "search_text": search_text(name, preferred, email, org, *items.get(mid, _NO_ITEMS)[1:]),
        }
        for mid, name, preferred, email, org in db.execute(query)
    ]
    if updates:
        db.execute(update(Member), updates)


@transactional
def rebuild_search_text(db: Session) -> None:
    """Recompute every member's search text and commit."""
    refresh_search_text(db)
    db.commit()


# -- reading ------------------------------------------------------------------------------------


_NO_ITEMS: tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]] = ((), (), ())
_KIND_INDEX = {"language": 0, "teach": 1, "learn": 2}


def _where_ids(column: str, ids: Sequence[int] | None, word: str = "WHERE") -> str:
    """`` WHERE column IN (?, …)`` for ``ids`` (at most 30,000), or nothing for everyone;
    ``word`` "AND" adds it to a WHERE clause."""
    return "" if ids is None else f" {word} {column} IN ({','.join('?' * len(ids))})"


def _items(db: Session, ids: Sequence[int] | None) -> dict[int, tuple[list[str], ...]]:
    """Per member: (languages, can teach, wants to learn), each in its order."""
    sql = (
        "SELECT member_id, kind, text FROM member_items"
        + _where_ids("member_id", ids)
        + " ORDER BY member_id, kind, position"
    )
    out: dict[int, tuple[list[str], ...]] = {}
    for mid, kind, text in driver_rows(db, sql, tuple(ids or ())):
        lists = out.get(mid)
        if lists is None:
            lists = out[mid] = ([], [], [])
        lists[_KIND_INDEX[kind]].append(text)
    return out


def role_label(key: str | None, name: str) -> str:
    return _(BUILTIN_ROLES[key]) if key in BUILTIN_ROLES else name


def _rows(db: Session, ids: Sequence[int] | None = None) -> list[MemberRow]:
    # Plain tuples from the driver, not ORM objects or Core statements: this reads the whole
    # roster (100,000 rows) at once, or a page of it for the Roster's first paint, where
    # compiling four Core statements cost about 20 ms the first time. Dates are ISO text and
    # yes/no are 0/1, as SQLAlchemy stores them.
    members = driver_rows(
        db,
        "SELECT m.id, m.name, m.preferred_name, m.email, m.phone, o.name, m.notes, m.joined_on, "
        "m.pronouns, m.why, m.may_print, m.may_contact, m.organisation_id FROM members m "
        "LEFT JOIN organisations o ON o.id = m.organisation_id WHERE m.anonymous = 0"
        + _where_ids("m.id", ids, "AND")
        + " ORDER BY m.id",
        tuple(ids or ()),
    )
    narrow = ids if ids is not None and len(ids) < 500 else None
    narrow_params = tuple(narrow or ())
    items = _items(db, narrow)
    tags: defaultdict[int, list[str]] = defaultdict(list)
    tag_sql = (
        "SELECT mt.member_id, t.name FROM member_tags mt JOIN tags t ON t.id = mt.tag_id"
        + _where_ids("mt.member_id", narrow)
        + " ORDER BY mt.member_id, t.name"
    )
    for mid, name in driver_rows(db, tag_sql, narrow_params):
        tags[mid].append(name)
    roles: defaultdict[int, list[RoleSpan]] = defaultdict(list)
    role_sql = (
        "SELECT mr.member_id, mr.id, r.key, r.name, mr.starts_on, mr.ends_on, mr.note "
        "FROM member_roles mr JOIN roles r ON r.id = mr.role_id"
        + _where_ids("mr.member_id", narrow)
        + " ORDER BY mr.member_id, mr.starts_on, mr.id"
    )
    for mid, span_id, key, name, starts, ends, note in driver_rows(db, role_sql, narrow_params):
        roles[mid].append(
            RoleSpan(
                id=span_id,
                role=key or name,
                label=role_label(key, name),
                starts_on=stored_date(starts),  # type: ignore[arg-type]
                ends_on=stored_date(ends),
                note=note,
            )
        )
    out = []
    no_tags: tuple[str, ...] = ()
    for (
        mid,
        name,
        preferred,
        email,
        phone,
        org_name,
        notes,
        joined_on,
        pronouns,
        why,
        may_print,
        may_contact,
        org_id,
    ) in members:
        langs, teach, learn = items.get(mid, _NO_ITEMS)
        out.append(
            MemberRow(
                name,
                preferred,
                email,
                phone,
                org_name or "",
                notes,
                stored_date(joined_on),
                pronouns,
                tuple(langs),
                tuple(teach),
                tuple(learn),
                why,
                tuple(tags[mid]) if mid in tags else no_tags,
                bool(may_print),
                bool(may_contact),
                mid,
                org_id,
                tuple(roles[mid]) if mid in roles else (),
            )
        )
    return out


def list_members(db: Session) -> list[MemberRow]:
    """Every member (not the anonymous placeholders), in the order they were added."""
    return _rows(db)


def get_members(db: Session, ids: Iterable[int]) -> list[MemberRow]:
    """The members with these ids (unknown ids are skipped), in id order."""
    wanted = sorted(set(ids))
    out: list[MemberRow] = []
    for start in range(0, len(wanted), 30000):  # stay under SQLite's variable limit
        out.extend(_rows(db, wanted[start : start + 30000]))
    return out


def _get(db: Session, member_id: int) -> Member:
    member = db.get(Member, member_id)
    if member is None or member.anonymous:
        raise NotFound(_("There is no member number {id}.").format(id=member_id))
    return member


def get_member(db: Session, member_id: int) -> MemberRow:
    _get(db, member_id)
    return _rows(db, [member_id])[0]


def count_members(db: Session) -> int:
    return db.scalar(select(func.count()).where(Member.anonymous.is_(False))) or 0


# -- writing one member ---------------------------------------------------------------------------


def organisation_id_for(db: Session, name: str, cache: dict[str, int] | None = None) -> int | None:
    """The id of the organisation called ``name`` (case- and accent-insensitively), created if new.

    Does not commit. ``cache`` (folded name → id) lets an import resolve thousands of rows fast.
    """
    name = " ".join(_clean_text(name).split())
    if not name:
        return None
    key = fold(name)
    if cache is None:
        # One member's edit: the name as stored is the usual case (chosen from the list), found
        # by the unique index without folding every organisation's name.
        exact = db.scalar(select(Organisation.id).where(Organisation.name == name))
        if exact is not None:
            return exact
        cache = {}
    if not cache:
        for oid, oname in db.execute(select(Organisation.id, Organisation.name)):
            cache.setdefault(fold(oname), oid)
    if key in cache:
        return cache[key]
    # Straight to the driver, in the session's transaction: an import creates thousands, and the
    # ORM's add + flush cost about a millisecond each.
    cache[key] = _insert_row(
        db, "INSERT INTO organisations (name, kind, notes) VALUES (?, '', '')", name
    )
    return cache[key]


def _insert_row(db: Session, sql: str, *params: object) -> int:
    """Run one INSERT on the session's own DB-API connection; the new row's id."""
    db.flush()  # anything pending goes first, in order
    cursor = db.connection().connection.dbapi_connection.execute(sql, params)
    return int(cursor.lastrowid)


def _tag_ids(db: Session, names: Iterable[str], cache: dict[str, int] | None = None) -> list[int]:
    if cache is None:
        cache = {}
    if not cache:
        for tid, tname in db.execute(select(Tag.id, Tag.name)):
            cache.setdefault(fold(tname), tid)
    out = []
    for name in names:
        key = fold(name)
        if key not in cache:
            cache[key] = _insert_row(db, "INSERT INTO tags (name) VALUES (?)", name)
        out.append(cache[key])
    return out


def _item_rows(member_id: int, clean: MemberInput) -> list[dict]:
    rows = []
    for attr, kind in ITEM_KINDS.items():
        values = getattr(clean, attr)
        for pos, text in enumerate(values or ()):
            rows.append(
                {
                    "member_id": member_id,
                    "kind": kind,
                    "position": pos,
                    "text": text,
                    "folded": fold(text),
                }
            )
    return rows


def _write(db: Session, member: Member, clean: MemberInput, *, adding: bool) -> None:
    """Copy ``clean`` onto ``member`` and its lists; ``None`` fields are left as they are."""
    if adding or member.name != clean.name:
        key = name_keys.key_function(db)
        member.name_key = key(clean.name) if key is not None else None
    member.name = clean.name
    member.preferred_name = clean.preferred_name
    member.email = clean.email
    member.phone = clean.phone
    member.notes = clean.notes
    member.joined_on = clean.joined_on
    member.organisation_id = organisation_id_for(db, clean.organisation)
    for attr, default in (
        ("pronouns", ""),
        ("why", ""),
        ("may_print", True),
        ("may_contact", True),
    ):
        value = getattr(clean, attr)
        if value is not None:
            setattr(member, attr, value)
        elif adding:
            setattr(member, attr, default)
    if adding:
        db.add(member)
    db.flush()
    for attr, kind in ITEM_KINDS.items():
        if getattr(clean, attr) is not None:
            db.execute(
                delete(MemberItem).where(MemberItem.member_id == member.id, MemberItem.kind == kind)
            )
    items = _item_rows(member.id, clean)
    if items:
        db.execute(insert(MemberItem), items)
    if clean.why_tags is not None:
        db.execute(delete(MemberTag).where(MemberTag.member_id == member.id))
        tag_ids = _tag_ids(db, clean.why_tags)
        if tag_ids:
            db.execute(insert(MemberTag), [{"member_id": member.id, "tag_id": t} for t in tag_ids])
    refresh_search_text(db, [member.id])


def add_member(db: Session, data: MemberInput) -> MemberRow:
    clean = validate(data)
    member = Member()
    before = _version(db.get_bind())
    with writing(db):
        _write(db, member, clean, adding=True)
    _patch_index(db, before, [member.id])
    return get_member(db, member.id)


def update_member(db: Session, member_id: int, data: MemberInput) -> MemberRow:
    """Change a member; fields of ``data`` that are None keep their current value."""
    clean = validate(data)
    member = _get(db, member_id)
    before = _version(db.get_bind())
    with writing(db):
        _write(db, member, clean, adding=False)
    _patch_index(db, before, [member_id])
    return get_member(db, member_id)


# -- removing a person, keeping anonymous counts ------------------------------------------------


def _placeholder_ids(db: Session) -> list[int]:
    return list(db.scalars(select(Member.id).where(Member.anonymous.is_(True)).order_by(Member.id)))


def _new_placeholder(db: Session) -> int:
    return db.execute(
        insert(Member)
        .values(name="", preferred_name="", email="", phone="", notes="", anonymous=True)
        .returning(Member.id)
    ).scalar_one()


def _drop_unused_placeholders(db: Session) -> None:
    db.execute(
        delete(Member).where(
            Member.anonymous.is_(True),
            ~exists().where(Attendance.member_id == Member.id),
            ~exists().where(or_(Meeting.convener_id == Member.id, Meeting.host_id == Member.id)),
        )
    )


@transactional
def remove_member(db: Session, member_id: int) -> RemovedMember:
    """Remove a person's personal data; sessions keep their head counts (see the module doc).

    Sessions they convened or hosted keep no name. Returns what :func:`restore_member` needs.
    """
    row = get_member(db, member_id)
    attendance = [
        (a.meeting_id, a.status.value)
        for a in db.scalars(
            select(Attendance)
            .where(Attendance.member_id == member_id)
            .order_by(Attendance.meeting_id)
        )
    ]
    convened = list(db.scalars(select(Meeting.id).where(Meeting.convener_id == member_id)))
    hosted = list(db.scalars(select(Meeting.id).where(Meeting.host_id == member_id)))
    events = [
        (e.id, e.kind, e.on_date, e.note)
        for e in db.scalars(select(JourneyEvent).where(JourneyEvent.member_id == member_id))
    ]
    pool = _placeholder_ids(db)
    taken: defaultdict[int, set[int]] = defaultdict(set)
    if pool and attendance:
        for meeting_id, pid in db.execute(
            select(Attendance.meeting_id, Attendance.member_id).where(
                Attendance.member_id.in_(pool),
                Attendance.meeting_id.in_([m for m, _s in attendance]),
            )
        ):
            taken[meeting_id].add(pid)
    placeholders: list[tuple[int, int]] = []
    for meeting_id, _status in attendance:
        free = next((p for p in pool if p not in taken[meeting_id]), None)
        if free is None:
            free = _new_placeholder(db)
            pool.append(free)
        taken[meeting_id].add(free)
        placeholders.append((meeting_id, free))
    for meeting_id, pid in placeholders:
        db.execute(
            update(Attendance)
            .where(Attendance.meeting_id == meeting_id, Attendance.member_id == member_id)
            .values(member_id=pid)
        )
    db.execute(delete(Member).where(Member.id == member_id))
    db.commit()
    db.expire_all()
    return RemovedMember(
        row=row,
        attendance=attendance,
        convened=convened,
        hosted=hosted,
        placeholders=placeholders,
        events=events,
    )


@transactional
def restore_member(db: Session, removed: RemovedMember) -> MemberRow:
    """Undo :func:`remove_member`: same id, details, roles, journey, attendance, session roles."""
    if db.get(Member, removed.row.id) is not None:
        raise ValidationError(_("This member is already back in the roster."))
    row = removed.row
    member = Member(id=row.id, anonymous=False)
    clean = row.as_input()
    _write(db, member, clean, adding=True)
    if row.organisation_id is not None:
        org = db.get(Organisation, row.organisation_id)
        if org is not None and fold(org.name) == fold(row.organisation):
            member.organisation_id = org.id
    for span in row.roles:
        role_id = _role_id(db, span.role, create=True)
        free = db.get(MemberRole, span.id) is None
        db.add(
            MemberRole(
                id=span.id if free else None,
                member_id=member.id,
                role_id=role_id,
                starts_on=span.starts_on,
                ends_on=span.ends_on,
                note=span.note,
            )
        )
    for event_id, kind, on_date, note in removed.events:
        free = db.get(JourneyEvent, event_id) is None
        db.add(
            JourneyEvent(
                id=event_id if free else None,
                member_id=member.id,
                kind=kind,
                on_date=on_date,
                note=note,
            )
        )
    db.flush()
    existing = set(db.scalars(select(Meeting.id)))
    holder = dict(removed.placeholders)
    for meeting_id, status in removed.attendance:
        if meeting_id not in existing:
            continue
        pid = holder.get(meeting_id)
        if pid is not None:
            db.execute(
                delete(Attendance).where(
                    Attendance.meeting_id == meeting_id,
                    Attendance.member_id == pid,
                    Attendance.status == AttendanceStatus(status),
                )
            )
        db.add(
            Attendance(meeting_id=meeting_id, member_id=member.id, status=AttendanceStatus(status))
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
    db.flush()
    _drop_unused_placeholders(db)
    db.commit()
    db.expire_all()
    return get_member(db, member.id)


# -- roles --------------------------------------------------------------------------------------


def list_roles(db: Session) -> list[RoleRow]:
    """The built-in roles, then the group's own, by name."""
    out = [RoleRow(key, _(label), True) for key, label in BUILTIN_ROLES.items()]
    custom = db.scalars(select(Role.name).where(Role.key.is_(None)).order_by(Role.name))
    out.extend(RoleRow(name, name, False) for name in custom)
    return out


def _role_id(db: Session, role: str, *, create: bool) -> int:
    role = " ".join(_clean_text(role).split())
    key = role if role in BUILTIN_ROLES else None
    if key is not None:
        found = db.scalar(select(Role.id).where(Role.key == key))
    else:
        wanted = fold(role)
        found = next(
            (
                rid
                for rid, name in db.execute(select(Role.id, Role.name).where(Role.key.is_(None)))
                if fold(name) == wanted
            ),
            None,
        )
    if found is not None:
        return found
    if not create or not role:
        raise ValidationError(
            _("There is no role called “{role}”.").format(role=role), field="role"
        )
    new = Role(key=key, name=key or role)
    db.add(new)
    db.flush()
    return new.id


@transactional
def add_custom_role(db: Session, name: str) -> RoleRow:
    """A role the group defines ("timekeeper", "welcomer")."""
    name = " ".join(_clean_text(name).split())
    if not name:
        raise ValidationError(_("Every role needs a name."), field="name")
    if len(name) > MAX_SHORT:
        raise ValidationError(
            _("The role's name is too long (at most {max} characters).").format(max=MAX_SHORT),
            field="name",
        )
    builtin = {fold(k) for k in BUILTIN_ROLES} | {fold(_(v)) for v in BUILTIN_ROLES.values()}
    taken = {fold(n) for n in db.scalars(select(Role.name))}
    if fold(name) in builtin | taken:
        raise ValidationError(
            _("There is already a role called “{role}”.").format(role=name), field="name"
        )
    db.add(Role(key=None, name=name))
    db.commit()
    return RoleRow(name, name, False)


def _check_members(db: Session, member_ids: Sequence[int]) -> list[int]:
    ids = sorted(set(member_ids))
    if not ids:
        raise ValidationError(_("Please choose at least one member."), field="members")
    found = set()
    for start in range(0, len(ids), 30000):
        found |= set(
            db.scalars(
                select(Member.id).where(
                    Member.id.in_(ids[start : start + 30000]), Member.anonymous.is_(False)
                )
            )
        )
    missing = [i for i in ids if i not in found]
    if missing:
        raise NotFound(_("There is no member number {id}.").format(id=missing[0]))
    return ids


@transactional
def add_role(
    db: Session,
    member_ids: Sequence[int],
    role: str,
    starts_on: dt.date,
    ends_on: dt.date | None = None,
    note: str = "",
) -> BulkChange:
    """Give one or many members a role from ``starts_on`` (open-ended unless ``ends_on``).

    Members who already hold the role on ``starts_on`` are left as they are. One transaction.
    """
    ids = _check_members(db, member_ids)
    if not isinstance(starts_on, dt.date):
        raise ValidationError(_("Please choose the date the role starts."), field="starts_on")
    if ends_on is not None and ends_on < starts_on:
        raise ValidationError(_("A role cannot end before it starts."), field="ends_on")
    role_id = _role_id(db, role, create=True)
    holding = set(
        db.scalars(
            select(MemberRole.member_id).where(
                MemberRole.role_id == role_id,
                MemberRole.member_id.in_(ids),
                MemberRole.starts_on <= starts_on,
                or_(MemberRole.ends_on.is_(None), MemberRole.ends_on >= starts_on),
            )
        )
    )
    changed = [i for i in ids if i not in holding]
    created: list[int] = []
    for mid in changed:
        span = MemberRole(
            member_id=mid,
            role_id=role_id,
            starts_on=starts_on,
            ends_on=ends_on,
            note=_clean_text(note),
        )
        db.add(span)
        db.flush()
        created.append(span.id)
    db.commit()
    return BulkChange(
        changed=tuple(changed),
        unchanged=tuple(sorted(holding)),
        created_spans=tuple(created),
    )


@transactional
def end_role(db: Session, member_ids: Sequence[int], role: str, ends_on: dt.date) -> BulkChange:
    """End the open period of ``role`` on ``ends_on`` for one or many members (one transaction)."""
    ids = _check_members(db, member_ids)
    role_id = _role_id(db, role, create=False)
    spans = list(
        db.scalars(
            select(MemberRole).where(
                MemberRole.role_id == role_id,
                MemberRole.member_id.in_(ids),
                MemberRole.ends_on.is_(None),
            )
        )
    )
    for span in spans:
        if ends_on < span.starts_on:
            raise ValidationError(_("A role cannot end before it starts."), field="ends_on")
    ended = tuple((s.id, s.ends_on) for s in spans)
    for span in spans:
        span.ends_on = ends_on
    db.commit()
    changed = sorted({s.member_id for s in spans})
    return BulkChange(
        changed=tuple(changed),
        unchanged=tuple(i for i in ids if i not in set(changed)),
        ended_spans=ended,
    )


@transactional
def remove_role_span(db: Session, span_id: int) -> None:
    """Delete one recorded period (a mistake); history that really happened should be ended."""
    db.execute(delete(MemberRole).where(MemberRole.id == span_id))
    db.commit()


# -- journey ------------------------------------------------------------------------------------

# The rule, kept simple and documented (the participation issue will refine it):
QUIET_MIN_SESSIONS = 3  # never "quiet" before missing at least this many sessions in a row
QUIET_RHYTHM_FACTOR = 2  # … nor before missing twice their usual gap between visits
NEW_MEMBER_VISITS = 3  # "arrived" until present this many times
WELCOME_BACK_VISITS = 3  # "welcomed back" until present this many times since coming back


def _quiet_threshold(present_positions: Sequence[int]) -> int:
    gaps = [b - a for a, b in zip(present_positions, present_positions[1:], strict=False)]
    usual = statistics.median_low(gaps) if gaps else 1
    return max(QUIET_MIN_SESSIONS, QUIET_RHYTHM_FACTOR * usual)


def derive_journey(
    sessions: Sequence[dt.date],
    present: Iterable[dt.date],
    *,
    joined_on: dt.date | None = None,
    events: Sequence[tuple[str, dt.date]] = (),
    earlier_rhythm: bool = False,
) -> JourneyState:
    """A member's journey state from the sessions held and the ones they were present at.

    ``sessions``: dates of the sessions held so far (attendance recorded), any order.
    ``present``: dates they were present. ``events``: ("moved_on" | "returned", date) the
    convener recorded. The rule:

    1. **moved on** if the latest recorded event is "moved_on" and they have not been present
       since that date.
    2. Their *usual gap* is the median number of sessions between two visits (1 = every
       session). **quiet** if they have missed the last ``max(3, 2 × usual gap)`` sessions held
       (counted from their last visit or recorded return; never present: from when they joined,
       or from the first session).
    3. **welcomed back** if they came back (present after "moved on", a recorded "returned",
       or a visit after missing ``max(3, 2 × usual gap)`` sessions in a row) and have come
       fewer than 3 times since.
    4. **arrived** if present fewer than 3 times in all; otherwise **active**.

    Apologies count as absences here; only presence shows someone is around.

    ``earlier_rhythm`` (what :func:`journey_states`, and so the roster and the Participation
    pane, use): in rule 3 a visit is a return when the member was quiet just before it, judged by
    the usual gap of their visits *before* it. Without it the usual gap is measured over all
    visits, the long absence included, so someone with few visits who travelled for months came
    back as merely "arrived" or "active". Quiet and moved on are the same either way.
    """
    held = sorted(set(sessions))
    visits = sorted(set(present))
    position = {d: i for i, d in enumerate(held)}
    pos = [position[d] for d in visits if d in position]
    ordered_events = sorted(events, key=lambda e: e[1])
    last_event = ordered_events[-1] if ordered_events else None
    if last_event and last_event[0] == "moved_on" and not any(d >= last_event[1] for d in visits):
        return JourneyState.MOVED_ON

    threshold = _quiet_threshold(pos)
    if pos:
        missed = len(held) - 1 - pos[-1]
    else:
        start = joined_on or (held[0] if held else None)
        missed = len(held) - bisect.bisect_left(held, start) if start else 0
    returned = [day for kind, day in ordered_events if kind == "returned"]
    if returned:  # a recorded return counts like a visit on that day
        missed = min(missed, len(held) - bisect.bisect_right(held, returned[-1]))
    if missed >= threshold:
        return JourneyState.QUIET

    # The most recent return: a visit after a long gap or after "moved on", or a "returned".
    return_at: dt.date | None = None
    for i in range(1, len(pos)):
        before = _quiet_threshold(pos[:i]) if earlier_rhythm else threshold
        if pos[i] - pos[i - 1] - 1 >= before:
            return_at = held[pos[i]]
    for kind, day in ordered_events:
        if kind == "returned":
            return_at = max(return_at, day) if return_at else day
        elif kind == "moved_on":
            after = [d for d in visits if d >= day]
            if after:
                return_at = max(return_at, after[0]) if return_at else after[0]
    if return_at is not None:
        since = sum(1 for d in visits if d >= return_at)
        if since < WELCOME_BACK_VISITS:
            return JourneyState.WELCOMED_BACK
    if len(visits) < NEW_MEMBER_VISITS:
        return JourneyState.ARRIVED
    return JourneyState.ACTIVE


def journey_states(db: Session, today: dt.date | None = None) -> dict[int, JourneyState]:
    """Every member's journey state (see :func:`derive_journey`), computed in one pass.

    Sessions held = sessions on or before ``today`` with attendance recorded.
    """
    today = today or dt.date.today()
    recorded = (
        select(Meeting.id, Meeting.date)
        .where(Meeting.date <= today, exists().where(Attendance.meeting_id == Meeting.id))
        .order_by(Meeting.date)
    )
    dates = dict(db.execute(recorded).all())
    held = sorted(set(dates.values()))
    present: defaultdict[int, list[dt.date]] = defaultdict(list)
    for mid, meeting_id in db.execute(
        select(Attendance.member_id, Attendance.meeting_id).where(
            Attendance.status == AttendanceStatus.PRESENT
        )
    ):
        if meeting_id in dates:
            present[mid].append(dates[meeting_id])
    events: defaultdict[int, list[tuple[str, dt.date]]] = defaultdict(list)
    for mid, kind, on_date in db.execute(
        select(JourneyEvent.member_id, JourneyEvent.kind, JourneyEvent.on_date)
    ):
        events[mid].append((kind, on_date))
    # "Welcomed back" judged by the rhythm the member had before going away: the roster and the
    # Participation pane show these same states.
    return {
        mid: derive_journey(
            held,
            present.get(mid, ()),
            joined_on=joined,
            events=events.get(mid, ()),
            earlier_rhythm=True,
        )
        for mid, joined in db.execute(
            select(Member.id, Member.joined_on).where(Member.anonymous.is_(False))
        )
    }


def journey_state(db: Session, member_id: int, today: dt.date | None = None) -> JourneyState:
    _get(db, member_id)
    return journey_states(db, today)[member_id]


@transactional
def set_journey(
    db: Session,
    member_ids: Sequence[int],
    state: JourneyState | str,
    on_date: dt.date | None = None,
    note: str = "",
    today: dt.date | None = None,
) -> BulkChange:
    """Record that members moved on, or came back (welcomed back), in one transaction.

    Only "moved on" and "welcomed back" (or "active", the same for someone who had left) can be
    set; "arrived" and "quiet" follow from attendance. History is never deleted: each change is a
    new dated event. Members already in the requested state are left unchanged.
    """
    try:
        state = JourneyState(state)
    except ValueError:
        raise ValidationError(
            _("“{state}” is not a journey state.").format(state=state), field="state"
        ) from None
    if state in (JourneyState.ARRIVED, JourneyState.QUIET):
        raise ValidationError(
            _("“{state}” follows from attendance and cannot be set by hand.").format(
                state=state.label
            ),
            field="state",
        )
    ids = _check_members(db, member_ids)
    today = today or dt.date.today()
    on_date = on_date or today
    current = journey_states(db, today)
    kind = "moved_on" if state == JourneyState.MOVED_ON else "returned"
    if kind == "moved_on":
        changed = [i for i in ids if current[i] != JourneyState.MOVED_ON]
    else:
        changed = [i for i in ids if current[i] in (JourneyState.MOVED_ON, JourneyState.QUIET)]
    created = []
    for mid in changed:
        event = JourneyEvent(member_id=mid, kind=kind, on_date=on_date, note=_clean_text(note))
        db.add(event)
        db.flush()
        created.append(event.id)
    db.commit()
    return BulkChange(
        changed=tuple(changed),
        unchanged=tuple(i for i in ids if i not in set(changed)),
        created_events=tuple(created),
    )


def journey_history(db: Session, member_id: int) -> list[tuple[str, dt.date, str]]:
    """What the convener recorded: (kind, date, note), oldest first."""
    _get(db, member_id)
    return [
        (e.kind, e.on_date, e.note)
        for e in db.scalars(
            select(JourneyEvent)
            .where(JourneyEvent.member_id == member_id)
            .order_by(JourneyEvent.on_date, JourneyEvent.id)
        )
    ]


@transactional
def undo_bulk(db: Session, change: BulkChange) -> None:
    """Take back a :func:`set_journey`, :func:`add_role` or :func:`end_role` (one transaction)."""
    if change.created_events:
        db.execute(delete(JourneyEvent).where(JourneyEvent.id.in_(change.created_events)))
    if change.created_spans:
        db.execute(delete(MemberRole).where(MemberRole.id.in_(change.created_spans)))
    for span_id, before in change.ended_spans:
        db.execute(update(MemberRole).where(MemberRole.id == span_id).values(ends_on=before))
    db.commit()


# -- search -------------------------------------------------------------------------------------


# -- the search index ---------------------------------------------------------------------------

_generation = 0


def roster_changed() -> None:
    """Forget cached search data; every roster, organisation and import write calls it.

    (A community file is locked to one copdesk process, so only this process writes to it.)
    """
    global _generation
    _generation += 1


def roster_version() -> int:
    """A number that changes after every roster, organisation and import write (committed or
    not): a list of people read at one number is current while the number stays the same."""
    return _generation


@dataclass
class _SearchIndex:
    """Every member's folded search text in memory, read once per change of the roster.

    A keystroke then costs one substring test per member in Python (about 5 ms for 100,000),
    and typing on at the end of the text only looks among the previous hits.
    """

    generation: tuple[int, int]
    ids: list[int]
    texts: list[str]
    last_words: tuple[str, ...] = ()
    last_hits: list[int] | None = None  # positions into ids/texts
    filters: dict[tuple, set[int] | None] = field(default_factory=dict)

    def find(self, words: tuple[str, ...]) -> list[int]:
        if not words:
            return list(self.ids)
        previous = self.last_words
        narrowing = (
            self.last_hits is not None
            and previous
            and len(words) >= len(previous)
            and all(new.startswith(old) for old, new in zip(previous, words, strict=False))
            and words[: len(previous) - 1] == previous[:-1]
        )
        candidates = self.last_hits if narrowing else range(len(self.ids))
        texts = self.texts
        hits = list(candidates)  # type: ignore[arg-type]
        for word in words:
            hits = [i for i in hits if word in texts[i]]
        self.last_words, self.last_hits = words, hits
        ids = self.ids
        return [ids[i] for i in hits]

    def patch(self, changed: Sequence[int], rows: Iterable[tuple[int, int, str]]) -> None:
        """Members ``changed`` as the file holds them now (``rows``: id, anonymous, search
        text; a member missing from ``rows`` is gone)."""
        now = {mid: (anonymous, text) for mid, anonymous, text in rows}
        ids, texts = self.ids, self.texts
        for mid in changed:
            pos = bisect.bisect_left(ids, mid)
            present = pos < len(ids) and ids[pos] == mid
            anonymous, text = now.get(mid, (True, ""))
            if anonymous:
                if present:
                    del ids[pos], texts[pos]
            elif present:
                texts[pos] = text
            else:
                ids.insert(pos, mid)
                texts.insert(pos, text)
        self.last_words, self.last_hits = (), None
        self.filters.clear()  # an organisation, skill or role of theirs may have changed


_indexes: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_commits: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _version(engine: object) -> tuple[int, int]:
    """Changes whenever anything is committed through ``engine`` (any module, any session)."""
    box = _commits.get(engine)
    if box is None:
        box = _commits[engine] = [0]

        def committed(_conn: object) -> None:
            box[0] += 1

        event.listen(engine, "commit", committed)
    return (_generation, box[0])


def _index(db: Session) -> _SearchIndex:
    engine = db.get_bind()
    version = _version(engine)
    index = _indexes.get(engine)
    if index is None or index.generation != version:
        sql = "SELECT id, search_text FROM members WHERE anonymous = 0 ORDER BY id"
        rows = driver_rows(db, sql)  # plain tuples: half the time of Row objects at 100,000
        index = _SearchIndex(version, [r[0] for r in rows], [r[1] for r in rows])
        _indexes[engine] = index
    return index


def _patch_index(db: Session, before: tuple[int, int], member_ids: Sequence[int]) -> None:
    """After a write that changed only ``member_ids`` (and was the only change since
    ``before``): bring the search index up to date from their rows instead of reading every
    member's text again (85–150 ms at 100,000 members) on the next keystroke."""
    engine = db.get_bind()
    index = _indexes.get(engine)
    if index is None or index.generation != before or not member_ids:
        return  # no index yet, or other changes since: the next search reads it all
    marks = ",".join("?" * len(member_ids))
    sql = f"SELECT id, anonymous, search_text FROM members WHERE id IN ({marks})"
    index.patch(member_ids, driver_rows(db, sql, tuple(member_ids)))
    index.generation = _version(engine)


def _filter_ids(db: Session, filters: SearchFilters) -> set[int] | None:
    """Members passing the SQL filters (organisation, can teach, role), or None for no filter.

    One plain query per filter, intersected here: a correlated ``EXISTS`` per member took about
    4 times as long at 100,000 members as scanning the skills once. Placeholders hold no skills
    or roles, and the search index leaves them out anyway.
    """
    found: list[set[int]] = []
    if filters.organisation_id is not None:
        sql = "SELECT id FROM members WHERE organisation_id = ? AND anonymous = 0"
        found.append({mid for (mid,) in driver_rows(db, sql, (filters.organisation_id,))})
    if filters.can_teach:
        topic = fold(filters.can_teach.strip())
        sql = "SELECT member_id FROM member_items WHERE kind = 'teach' AND instr(folded, ?) > 0"
        found.append({mid for (mid,) in driver_rows(db, sql, (topic,))})
    if filters.role:
        day = (filters.today or dt.date.today()).isoformat()
        try:
            role_id = _role_id(db, filters.role, create=False)
        except ValidationError:
            return set()
        sql = (
            "SELECT member_id FROM member_roles WHERE role_id = ? AND starts_on <= ? "
            "AND (ends_on IS NULL OR ends_on >= ?)"
        )
        found.append({mid for (mid,) in driver_rows(db, sql, (role_id, day, day))})
    if not found:
        return None
    return set.intersection(*found)


def search_members(
    db: Session,
    text: str = "",
    filters: SearchFilters | None = None,
    *,
    journeys: Mapping[int, JourneyState] | None = None,
) -> list[int]:
    """Ids of the members matching every word of ``text`` and every filter, in id order.

    Words match anywhere in name, preferred name, email, organisation, can-teach and
    want-to-learn, ignoring case and accents ("jose" finds "José", "MULLER" finds "Müller").
    Text is matched in memory against ``members.search_text`` (read once after each change);
    the filters are one SQL query, remembered until the roster changes. For a journey filter,
    pass ``journeys`` (from :func:`journey_states`, computed once) to keep each keystroke fast;
    otherwise the states are computed for this call.
    """
    filters = filters or SearchFilters()
    index = _index(db)
    ids = index.find(tuple(fold(text).split()))
    key = (filters.organisation_id, filters.can_teach, filters.role, filters.today)
    if key not in index.filters:
        index.filters[key] = _filter_ids(db, filters)
    allowed = index.filters[key]
    if allowed is not None:
        ids = [i for i in ids if i in allowed]
    if filters.journey is not None:
        states = journeys if journeys is not None else journey_states(db, filters.today)
        wanted = JourneyState(filters.journey)
        ids = [i for i in ids if states.get(i) == wanted]
    return ids


# -- plain reads for long lists (one query each, no ORM rows) ---------------------------------------

# Scalar columns readable straight from the members table (key → SQL expression).
_COLUMN_SQL = {
    "name": "m.name",
    "preferred_name": "CASE WHEN m.preferred_name = '' THEN m.name ELSE m.preferred_name END",
    "pronouns": "m.pronouns",
    "email": "m.email",
    "phone": "m.phone",
    "organisation": "COALESCE(o.name, '')",
    "joined_on": "m.joined_on",
    "notes": "m.notes",
    "why": "m.why",
    "may_print": "m.may_print",
    "may_contact": "m.may_contact",
}
_COLUMN_ITEM_KINDS = {"languages": "language", "can_teach": "teach", "wants_to_learn": "learn"}


def column_values(db: Session, key: str, today: dt.date | None = None) -> Mapping[int, object]:
    """One column of every member (placeholders excluded), for sorting: id → text (or date, bool,
    None), without building a :class:`MemberRow` for everyone.

    Lists (languages, skills) are their items joined with ", " in their order; ``roles`` are the
    roles held on ``today``; ``journey`` the journey state's label.
    """
    if key in _COLUMN_SQL:
        sql = (
            f"SELECT m.id, {_COLUMN_SQL[key]} FROM members m "
            "LEFT JOIN organisations o ON o.id = m.organisation_id WHERE m.anonymous = 0 "
            "ORDER BY m.id"
        )
        if key == "name":  # first paint: no join
            sql = "SELECT id, name FROM members WHERE anonymous = 0 ORDER BY id"
        out: dict[int, object] = dict(driver_rows(db, sql))
        if key == "joined_on":
            return {i: stored_date(v) for i, v in out.items()}  # type: ignore[arg-type]
        return out
    lists: dict[int, list[str]] = {}
    if key in _COLUMN_ITEM_KINDS:
        sql = "SELECT member_id, text FROM member_items WHERE kind = ? ORDER BY member_id, position"
        for mid, text in driver_rows(db, sql, (_COLUMN_ITEM_KINDS[key],)):
            lists.setdefault(mid, []).append(text)
        return {i: ", ".join(v) for i, v in lists.items()}
    if key == "why_tags":
        sql = (
            "SELECT mt.member_id, t.name FROM member_tags mt JOIN tags t ON t.id = mt.tag_id "
            "ORDER BY mt.member_id, t.name"
        )
        for mid, text in driver_rows(db, sql):
            lists.setdefault(mid, []).append(text)
        return {i: ", ".join(v) for i, v in lists.items()}
    if key == "roles":
        day = (today or dt.date.today()).isoformat()
        sql = (
            "SELECT mr.member_id, r.key, r.name FROM member_roles mr JOIN roles r "
            "ON r.id = mr.role_id WHERE mr.starts_on <= ? AND (mr.ends_on IS NULL OR "
            "mr.ends_on >= ?) ORDER BY mr.member_id, mr.starts_on, mr.id"
        )
        for mid, role_key, name in driver_rows(db, sql, (day, day)):
            lists.setdefault(mid, []).append(role_label(role_key, name))
        return {i: ", ".join(v) for i, v in lists.items()}
    if key == "journey":
        return {i: s.label for i, s in journey_states(db, today).items()}
    raise KeyError(key)


def member_ids(db: Session) -> list[int]:
    """Every member's id (placeholders excluded), in id order."""
    sql = "SELECT id FROM members WHERE anonymous = 0 ORDER BY id"
    return [r[0] for r in driver_rows(db, sql)]


def member_names(db: Session) -> list[tuple[int, str, str]]:
    """Every member's (id, name, preferred name), placeholders excluded, in id order: for lists
    of people to choose from (no other column read)."""
    sql = "SELECT id, name, preferred_name FROM members WHERE anonymous = 0 ORDER BY id"
    return [(r[0], r[1], r[2]) for r in driver_rows(db, sql)]


def organisation_names(db: Session) -> list[tuple[int, str]]:
    """Every organisation's (id, name), unsorted: for pickers (no member counts to compute)."""
    return [(r[0], r[1]) for r in driver_rows(db, "SELECT id, name FROM organisations")]
