"""The community's charter: minimum viable structure, from values to outcomes, kept alive.

A charter starts with the group's values, derives the outcomes it wants (this season and a year or
more; each a *process* or a *product*, each serving some of the values) and says how the group
stays transparent, what it builds with the communities its members come from, and how often it
meets and when it will look at the charter again.

Every save that changes something is a new numbered, dated *version*; saving an unchanged charter
writes nothing. Versions are whole documents (see :mod:`copdesk.models.charter`) so any two can be
compared section by section. Outcomes keep their id across versions so sessions can be tagged
with the outcomes they served and value stories can be told about them.

The same document is what ``copdesk charter-export`` writes: a small JSON file another community
can start from (:func:`export_charter`, :func:`read_charter_file`, :func:`import_charter`).
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import unicodedata
from dataclasses import dataclass, field, replace
from itertools import zip_longest

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from copdesk.collation import fold
from copdesk.errors import NotFound, ValidationError
from copdesk.i18n import N_, Translator, _, window
from copdesk.models import Meeting, Member
from copdesk.models.charter import CharterOutcome, CharterVersion, MeetingOutcome, ValueStory
from copdesk.models.planning import Format, FormatItem, Resource

HORIZONS = ("short", "long")
KINDS = ("process", "product")
CYCLES = ("immediate", "potential", "applied", "realised", "reframing")

# Translators: the two horizons of a charter's outcomes
HORIZON_LABELS = {"short": N_("This season"), "long": N_("A year or more")}
KIND_LABELS = {
    # Translators: an outcome that is a way of working together (e.g. "we help each other weekly")
    "process": N_("Process"),
    # Translators: an outcome that is a thing the group makes (e.g. "a shared guide")
    "product": N_("Product"),
}
# Wenger-Trayner's value-creation cycles.
CYCLE_LABELS = {
    # Translators: value-creation cycle: the activity itself was worthwhile (fun, inspiring)
    "immediate": N_("Immediate value"),
    # Translators: value-creation cycle: something gained that may be useful later (an idea, a contact)
    "potential": N_("Potential value"),
    # Translators: value-creation cycle: something changed in practice
    "applied": N_("Applied value"),
    # Translators: value-creation cycle: the change made a difference that matters
    "realised": N_("Realised value"),
    # Translators: value-creation cycle: what counts as success was rethought
    "reframing": N_("Reframing value"),
}

# Offered on the wizard's values page, in the community's language; the group may write its own.
SUGGESTED_VALUES = (
    N_("Openness"),
    N_("Reciprocity"),
    N_("Curiosity"),
    N_("Care"),
    N_("Trust"),
    N_("Generosity"),
    N_("Inclusion"),
    N_("Humility"),
    N_("Courage to ask"),
    N_("Respect for each other's practice"),
    N_("Learning from mistakes"),
    N_("Solidarity"),
)

MAX_VALUE = 100
MAX_LINE = 300
MAX_TEXT = 4000
MAX_VALUES = 30
MAX_OUTCOMES = 50
MAX_PARTNERS = 50
MAX_FILE_BYTES = 1_000_000
FILE_KIND = "copdesk-charter"
FILE_VERSION = 1
SEASON_DAYS = 91  # "this season": the last thirteen weeks


# -- plain data -------------------------------------------------------------------------------


@dataclass(frozen=True)
class OutcomeInput:
    text: str
    horizon: str = "short"  # "short": this season; "long": a year or more
    kind: str = "process"  # "process" or "product"
    values: tuple[str, ...] = ()  # the values it serves (their text, as in CharterInput.values)
    id: int | None = None  # the outcome's id, kept across versions; None for a new outcome


@dataclass(frozen=True)
class PartnerInput:
    """A community or organisation involved, and what it gains from this group."""

    name: str
    gains: str = ""


@dataclass(frozen=True)
class FormatSnapshot:
    """The session format the charter proposes (a copy: the file's formats may change later)."""

    name: str
    items: tuple[tuple[str, int], ...] = ()  # (title, minutes)
    planned_minutes: int | None = None


@dataclass(frozen=True)
class CharterInput:
    domain: str = ""  # what practice brings people together
    audience: str = ""  # who it is for
    joining: str = ""  # how people join
    values: tuple[str, ...] = ()
    outcomes: tuple[OutcomeInput, ...] = ()
    decisions: str = ""  # how decisions are made
    notes_place: str = ""  # where notes go
    roles: str = ""  # who convenes and hosts
    rotation: str = ""  # how those roles rotate
    partners: tuple[PartnerInput, ...] = ()
    offer_back: str = ""  # what the group offers back to those communities
    cadence: str = ""  # how often and when it meets
    meeting_format: str = ""  # how a meeting goes, in words
    session_format: FormatSnapshot | None = None
    review_on: dt.date | None = None

    def outcomes_in(self, horizon: str) -> list[OutcomeInput]:
        return [o for o in self.outcomes if o.horizon == horizon]


@dataclass(frozen=True)
class VersionInfo:
    id: int
    number: int
    saved_at: dt.datetime
    review_on: dt.date | None


@dataclass(frozen=True)
class CharterVersionRow(VersionInfo):
    charter: CharterInput = field(default_factory=CharterInput)


@dataclass(frozen=True)
class SavedCharter:
    version: CharterVersionRow
    created: bool  # False: the charter was unchanged and nothing was written


@dataclass(frozen=True)
class WithdrawnVersion:
    """What :func:`withdraw_version` took away, so :func:`restore_version` can put it back."""

    version: CharterVersionRow
    dropped_outcomes: tuple[tuple[int, str, str, str], ...] = ()  # (id, text, horizon, kind)


@dataclass(frozen=True)
class ReviewDue:
    review_on: dt.date
    number: int  # the version whose review date passed
    days_overdue: int


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    lines: tuple[str, ...]


@dataclass(frozen=True)
class SectionDiff:
    key: str
    title: str
    changed: bool
    # ("=", line) unchanged, ("-", line) only in the older version, ("+", line) only in the newer
    unified: tuple[tuple[str, str], ...]
    # (older line or None, newer line or None, changed?)
    side_by_side: tuple[tuple[str | None, str | None, bool], ...]


@dataclass(frozen=True)
class SessionRef:
    id: int
    date: dt.date
    topic: str


@dataclass(frozen=True)
class ProductRef:
    id: int
    title: str
    link: str
    meeting_id: int | None


@dataclass(frozen=True)
class OutcomeRow:
    id: int
    text: str
    horizon: str
    kind: str
    values: tuple[str, ...] = ()
    retired: bool = False


@dataclass(frozen=True)
class OutcomeActivity:
    outcome: OutcomeRow
    sessions: tuple[SessionRef, ...]  # tagged sessions, newest first
    products: tuple[ProductRef, ...]  # resources shared at those sessions
    story_count: int
    last_activity: dt.date | None
    active_this_season: bool


@dataclass(frozen=True)
class StoryInput:
    text: str
    cycle: str = "immediate"
    meeting_id: int | None = None
    outcome_id: int | None = None
    member_id: int | None = None  # who told it
    told_on: dt.date | None = None  # None: the session's date


@dataclass(frozen=True)
class StoryRow(StoryInput):
    id: int = 0
    teller_name: str = ""
    outcome_text: str = ""
    meeting_date: dt.date | None = None
    meeting_topic: str = ""


# -- labels -----------------------------------------------------------------------------------


def horizon_label(horizon: str, t: Translator | None = None) -> str:
    return (t or window())._(HORIZON_LABELS[horizon])


def kind_label(kind: str, t: Translator | None = None) -> str:
    return (t or window())._(KIND_LABELS[kind])


def cycle_label(cycle: str, t: Translator | None = None) -> str:
    return (t or window())._(CYCLE_LABELS[cycle])


def suggested_values(locale: str) -> list[str]:
    """The suggested values in ``locale`` (the group's language, not necessarily the window's)."""
    t = Translator(locale)
    return [t._(v) for v in SUGGESTED_VALUES]


# -- cleaning and validation ------------------------------------------------------------------


def _line(value: str) -> str:
    return " ".join(unicodedata.normalize("NFC", value or "").split())


def _text(value: str) -> str:
    value = unicodedata.normalize("NFC", value or "").replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.rstrip() for line in value.strip().split("\n"))


def _too_long(what: str, limit: int, name: str) -> ValidationError:
    return ValidationError(
        _("{what} is too long (at most {max} characters).").format(what=what, max=limit),
        field=name,
    )


def validate(data: CharterInput) -> CharterInput:
    """A cleaned copy of ``data``, or ValidationError naming the field (the wizard's page)."""
    domain, audience, joining = _text(data.domain), _text(data.audience), _text(data.joining)
    if not domain:
        raise ValidationError(_("Say what practice brings people together."), field="domain")
    if not audience:
        raise ValidationError(_("Say who the community is for."), field="audience")
    if not joining:
        raise ValidationError(_("Say how people join."), field="joining")
    texts = {
        "domain": (domain, _("What brings people together")),
        "audience": (audience, _("Who it is for")),
        "joining": (joining, _("How to join")),
    }
    values: list[str] = []
    for raw in data.values:
        value = _line(raw)
        if not value:
            continue
        if len(value) > MAX_VALUE:
            raise _too_long(_("The value “{value}”").format(value=value[:40]), MAX_VALUE, "values")
        if fold(value) in {fold(v) for v in values}:
            raise ValidationError(
                _("The value “{value}” is listed twice.").format(value=value), field="values"
            )
        values.append(value)
    if not values:
        raise ValidationError(_("Choose or write at least one value."), field="values")
    if len(values) > MAX_VALUES:
        raise ValidationError(
            _("Keep to at most {max} values.").format(max=MAX_VALUES), field="values"
        )
    by_fold = {fold(v): v for v in values}

    outcomes: list[OutcomeInput] = []
    seen_ids: set[int] = set()
    for o in data.outcomes:
        text = _line(o.text)
        if not text:
            continue
        if len(text) > MAX_LINE:
            raise _too_long(_("The outcome “{text}”").format(text=text[:40]), MAX_LINE, "outcomes")
        if o.horizon not in HORIZONS or o.kind not in KINDS:
            raise ValidationError(
                _("The outcome “{text}” needs a horizon and a kind.").format(text=text),
                field="outcomes",
            )
        served: list[str] = []
        for v in o.values:
            match = by_fold.get(fold(_line(v)))
            if match is None:
                raise ValidationError(
                    _(
                        "The outcome “{text}” serves “{value}”, which is not one of the values."
                    ).format(text=text, value=_line(v)),
                    field="outcomes",
                )
            if match not in served:
                served.append(match)
        if o.id is not None:
            if o.id in seen_ids:
                raise ValidationError(_("An outcome is listed twice."), field="outcomes")
            seen_ids.add(o.id)
        outcomes.append(OutcomeInput(text, o.horizon, o.kind, tuple(served), o.id))
    if len(outcomes) > MAX_OUTCOMES:
        raise ValidationError(
            _("Keep to at most {max} outcomes.").format(max=MAX_OUTCOMES), field="outcomes"
        )
    if not any(o.horizon == "short" for o in outcomes):
        raise ValidationError(
            _("Add at least one short-term outcome (this season)."), field="outcomes"
        )
    if not any(o.horizon == "long" for o in outcomes):
        raise ValidationError(
            _("Add at least one long-term outcome (a year or more)."), field="outcomes"
        )

    decisions = _text(data.decisions)
    if not decisions:
        raise ValidationError(_("Say how the community makes decisions."), field="decisions")
    texts.update(
        decisions=(decisions, _("How decisions are made")),
        roles=(_text(data.roles), _("Who convenes and hosts")),
        rotation=(_text(data.rotation), _("How roles rotate")),
        offer_back=(_text(data.offer_back), _("What the community offers back")),
        meeting_format=(_text(data.meeting_format), _("Meeting format")),
    )
    notes_place = _line(data.notes_place)
    if len(notes_place) > MAX_LINE:
        raise _too_long(_("Where notes go"), MAX_LINE, "notes_place")

    partners: list[PartnerInput] = []
    for p in data.partners:
        name, gains = _line(p.name), _text(p.gains)
        if not name and not gains:
            continue
        if not name:
            raise ValidationError(
                _("Every community or organisation involved needs a name."), field="partners"
            )
        if len(name) > 200:
            raise _too_long(_("The name “{name}”").format(name=name[:40]), 200, "partners")
        if len(gains) > MAX_TEXT:
            raise _too_long(_("What {name} gains").format(name=name), MAX_TEXT, "partners")
        partners.append(PartnerInput(name, gains))
    if len(partners) > MAX_PARTNERS:
        raise ValidationError(
            _("Keep to at most {max} communities or organisations.").format(max=MAX_PARTNERS),
            field="partners",
        )

    cadence = _line(data.cadence)
    if not cadence:
        raise ValidationError(_("Say how often the community meets."), field="cadence")
    if len(cadence) > MAX_LINE:
        raise _too_long(_("The meeting rhythm"), MAX_LINE, "cadence")
    for name, (value, what) in texts.items():
        if len(value) > MAX_TEXT:
            raise _too_long(what, MAX_TEXT, name)
    if data.review_on is None:
        raise ValidationError(_("Choose a date to review the charter."), field="review_on")
    return CharterInput(
        domain=domain,
        audience=audience,
        joining=joining,
        values=tuple(values),
        outcomes=tuple(outcomes),
        decisions=decisions,
        notes_place=notes_place,
        roles=texts["roles"][0],
        rotation=texts["rotation"][0],
        partners=tuple(partners),
        offer_back=texts["offer_back"][0],
        cadence=cadence,
        meeting_format=texts["meeting_format"][0],
        session_format=_clean_format(data.session_format),
        review_on=data.review_on,
    )


def _clean_format(snapshot: FormatSnapshot | None) -> FormatSnapshot | None:
    if snapshot is None:
        return None
    name = _line(snapshot.name)
    if not name:
        raise ValidationError(_("The session format needs a name."), field="session_format")
    if len(name) > 200:
        raise _too_long(_("The session format's name"), 200, "session_format")
    items = []
    for title, minutes in snapshot.items:
        clean = _line(title)
        if not clean or len(clean) > MAX_LINE:
            raise ValidationError(
                _(
                    "Every item of the session format needs a title (at most {max} characters)."
                ).format(max=MAX_LINE),
                field="session_format",
            )
        if not isinstance(minutes, int) or isinstance(minutes, bool) or not 0 <= minutes <= 1440:
            raise ValidationError(
                _("An item of the session format lasts from 0 to 1440 minutes."),
                field="session_format",
            )
        items.append((clean, minutes))
    planned = snapshot.planned_minutes
    if planned is not None and (
        not isinstance(planned, int) or isinstance(planned, bool) or not 1 <= planned <= 1440
    ):
        raise ValidationError(
            _("A session's planned length is from 1 to 1440 minutes."), field="session_format"
        )
    return FormatSnapshot(name, tuple(items), planned)


def outcomes_serving_no_value(data: CharterInput) -> list[OutcomeInput]:
    """Outcomes tied to no value: worth a second look, but allowed (the wizard warns)."""
    return [o for o in data.outcomes if _line(o.text) and not o.values]


# -- the stored document ----------------------------------------------------------------------


def to_document(data: CharterInput, *, with_ids: bool = True) -> dict:
    """The charter as plain JSON data (stored in a version, written by export)."""
    fmt = data.session_format
    return {
        "domain": data.domain,
        "audience": data.audience,
        "joining": data.joining,
        "values": list(data.values),
        "outcomes": [
            {
                **({"id": o.id} if with_ids and o.id is not None else {}),
                "text": o.text,
                "horizon": o.horizon,
                "kind": o.kind,
                "values": list(o.values),
            }
            for o in data.outcomes
        ],
        "decisions": data.decisions,
        "notes_place": data.notes_place,
        "roles": data.roles,
        "rotation": data.rotation,
        "partners": [{"name": p.name, "gains": p.gains} for p in data.partners],
        "offer_back": data.offer_back,
        "cadence": data.cadence,
        "meeting_format": data.meeting_format,
        "session_format": None
        if fmt is None
        else {
            "name": fmt.name,
            "planned_minutes": fmt.planned_minutes,
            "items": [{"title": t, "minutes": m} for t, m in fmt.items],
        },
        "review_on": data.review_on.isoformat() if data.review_on else None,
    }


class _Bad(Exception):
    """A document field of the wrong type (becomes a ValidationError naming the field)."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


def _get_str(doc: dict, key: str, where: str = "") -> str:
    value = doc.get(key, "")
    if value is None:
        return ""
    if not isinstance(value, str):
        raise _Bad(where + key)
    return value


def _get_list(doc: dict, key: str) -> list:
    value = doc.get(key, [])
    if value is None:
        return []
    if not isinstance(value, list):
        raise _Bad(key)
    return value


def from_document(doc: object, *, with_ids: bool = True) -> CharterInput:
    """The inverse of :func:`to_document`; ValidationError if the data has the wrong shape."""
    try:
        return _from_document(doc, with_ids)
    except _Bad as bad:
        raise ValidationError(
            _("The charter has a wrong value in “{field}”.").format(field=bad.name), field="file"
        ) from None


def _from_document(doc: object, with_ids: bool) -> CharterInput:
    if not isinstance(doc, dict):
        raise _Bad("charter")
    values = _get_list(doc, "values")
    if not all(isinstance(v, str) for v in values):
        raise _Bad("values")
    outcomes = []
    for o in _get_list(doc, "outcomes"):
        if not isinstance(o, dict):
            raise _Bad("outcomes")
        served = _get_list(o, "values")
        if not all(isinstance(v, str) for v in served):
            raise _Bad("outcomes.values")
        ident = o.get("id") if with_ids else None
        if ident is not None and (not isinstance(ident, int) or isinstance(ident, bool)):
            raise _Bad("outcomes.id")
        horizon = _get_str(o, "horizon", "outcomes.")
        kind = _get_str(o, "kind", "outcomes.")
        if horizon not in HORIZONS:
            raise _Bad("outcomes.horizon")
        if kind not in KINDS:
            raise _Bad("outcomes.kind")
        outcomes.append(
            OutcomeInput(_get_str(o, "text", "outcomes."), horizon, kind, tuple(served), ident)
        )
    partners = []
    for p in _get_list(doc, "partners"):
        if not isinstance(p, dict):
            raise _Bad("partners")
        partners.append(PartnerInput(_get_str(p, "name", "partners."), _get_str(p, "gains")))
    fmt = doc.get("session_format")
    snapshot = None
    if fmt is not None:
        if not isinstance(fmt, dict):
            raise _Bad("session_format")
        items = []
        for item in _get_list(fmt, "items"):
            if not isinstance(item, dict):
                raise _Bad("session_format.items")
            minutes = item.get("minutes")
            if not isinstance(minutes, int) or isinstance(minutes, bool):
                raise _Bad("session_format.items.minutes")
            items.append((_get_str(item, "title", "session_format.items."), minutes))
        planned = fmt.get("planned_minutes")
        if planned is not None and (not isinstance(planned, int) or isinstance(planned, bool)):
            raise _Bad("session_format.planned_minutes")
        snapshot = FormatSnapshot(_get_str(fmt, "name", "session_format."), tuple(items), planned)
    review = doc.get("review_on")
    review_on = None
    if review is not None:
        if not isinstance(review, str):
            raise _Bad("review_on")
        try:
            review_on = dt.date.fromisoformat(review)
        except ValueError:
            raise _Bad("review_on") from None
    return CharterInput(
        domain=_get_str(doc, "domain"),
        audience=_get_str(doc, "audience"),
        joining=_get_str(doc, "joining"),
        values=tuple(values),
        outcomes=tuple(outcomes),
        decisions=_get_str(doc, "decisions"),
        notes_place=_get_str(doc, "notes_place"),
        roles=_get_str(doc, "roles"),
        rotation=_get_str(doc, "rotation"),
        partners=tuple(partners),
        offer_back=_get_str(doc, "offer_back"),
        cadence=_get_str(doc, "cadence"),
        meeting_format=_get_str(doc, "meeting_format"),
        session_format=snapshot,
        review_on=review_on,
    )


def _dump(data: CharterInput) -> str:
    return json.dumps(to_document(data), ensure_ascii=False, sort_keys=True)


def _version_row(v: CharterVersion) -> CharterVersionRow:
    return CharterVersionRow(
        id=v.id,
        number=v.number,
        saved_at=v.saved_at,
        review_on=v.review_on,
        charter=from_document(json.loads(v.content)),
    )


# -- versions ---------------------------------------------------------------------------------


def _latest(db: Session) -> CharterVersion | None:
    return db.scalar(select(CharterVersion).order_by(CharterVersion.number.desc()).limit(1))


def current_charter(db: Session) -> CharterVersionRow | None:
    """The newest version, or None while the community has no charter."""
    latest = _latest(db)
    return None if latest is None else _version_row(latest)


def list_versions(db: Session) -> list[VersionInfo]:
    """Every saved version, newest first."""
    return [
        VersionInfo(v.id, v.number, v.saved_at, v.review_on)
        for v in db.scalars(select(CharterVersion).order_by(CharterVersion.number.desc()))
    ]


def get_version(db: Session, number: int) -> CharterVersionRow:
    v = db.scalar(select(CharterVersion).where(CharterVersion.number == number))
    if v is None:
        raise NotFound(_("There is no version {number} of the charter.").format(number=number))
    return _version_row(v)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


def _mirror(db: Session, data: CharterInput | None) -> None:
    """Make ``charter_outcomes`` say what ``data`` (the newest version) says."""
    current = {o.id: o for o in (data.outcomes if data else ()) if o.id is not None}
    for row in db.scalars(select(CharterOutcome)):
        o = current.get(row.id)
        if o is None:
            row.retired = True
        else:
            row.text, row.horizon, row.kind, row.retired = o.text, o.horizon, o.kind, False


def save_charter(db: Session, data: CharterInput, now: dt.datetime | None = None) -> SavedCharter:
    """Save the charter as a new version, unless it is the same as the newest (then nothing).

    Outcomes with an ``id`` are the same outcomes as before (perhaps reworded); outcomes without
    one are new. One transaction.
    """
    clean = validate(data)
    try:
        return _save(db, clean, now)
    except BaseException:
        db.rollback()
        raise


def _save(db: Session, clean: CharterInput, now: dt.datetime | None) -> SavedCharter:
    latest = _latest(db)
    if latest is not None:
        current = _version_row(latest)
        if current.charter == clean:
            return SavedCharter(current, created=False)
    known = set(db.scalars(select(CharterOutcome.id)))
    outcomes = []
    for o in clean.outcomes:
        if o.id is not None and o.id not in known:
            raise ValidationError(
                _("The outcome “{text}” is no longer in this file.").format(text=o.text),
                field="outcomes",
            )
        if o.id is None:
            row = CharterOutcome(text=o.text, horizon=o.horizon, kind=o.kind)
            db.add(row)
            db.flush()
            o = replace(o, id=row.id)
        outcomes.append(o)
    stored = replace(clean, outcomes=tuple(outcomes))
    _mirror(db, stored)
    version = CharterVersion(
        number=(latest.number + 1) if latest else 1,
        saved_at=now or _now(),
        review_on=stored.review_on,
        content=_dump(stored),
    )
    db.add(version)
    db.commit()
    return SavedCharter(_version_row(version), created=True)


def withdraw_version(db: Session, number: int) -> WithdrawnVersion:
    """Take back the newest version (undo of a save); outcomes it introduced and nothing else
    uses go with it."""
    latest = _latest(db)
    if latest is None or latest.number != number:
        raise ValidationError(_("Only the newest version of the charter can be taken back."))
    row = _version_row(latest)
    db.delete(latest)
    db.flush()
    still = _latest(db)
    previous = _version_row(still) if still else None
    used_elsewhere = set()
    for v in db.scalars(select(CharterVersion)):
        used_elsewhere.update(o.id for o in from_document(json.loads(v.content)).outcomes)
    dropped = []
    for o in row.charter.outcomes:
        if o.id in used_elsewhere or _outcome_in_use(db, o.id):
            continue
        dropped.append((o.id, o.text, o.horizon, o.kind))
        db.execute(delete(CharterOutcome).where(CharterOutcome.id == o.id))
    _mirror(db, previous.charter if previous else None)
    db.commit()
    return WithdrawnVersion(row, tuple(dropped))


def restore_version(db: Session, withdrawn: WithdrawnVersion) -> CharterVersionRow:
    """Put back a version taken with :func:`withdraw_version` (redo)."""
    row = withdrawn.version
    latest = _latest(db)
    if latest is not None and latest.number >= row.number:
        raise ValidationError(_("The charter has changed since; this version cannot come back."))
    for ident, text, horizon, kind in withdrawn.dropped_outcomes:
        db.add(CharterOutcome(id=ident, text=text, horizon=horizon, kind=kind))
    version = CharterVersion(
        number=row.number,
        saved_at=row.saved_at,
        review_on=row.review_on,
        content=_dump(row.charter),
    )
    db.add(version)
    db.flush()
    _mirror(db, row.charter)
    db.commit()
    return _version_row(version)


def _outcome_in_use(db: Session, outcome_id: int | None) -> bool:
    if outcome_id is None:
        return False
    tagged = db.scalar(select(func.count()).where(MeetingOutcome.outcome_id == outcome_id))
    told = db.scalar(select(func.count()).where(ValueStory.outcome_id == outcome_id))
    return bool(tagged or told)


def review_due(db: Session, today: dt.date) -> ReviewDue | None:
    """The newest version's review date, once it has come (on the day itself, and after)."""
    latest = _latest(db)
    if latest is None or latest.review_on is None or latest.review_on > today:
        return None
    return ReviewDue(latest.review_on, latest.number, (today - latest.review_on).days)


# -- reading a charter as sections (the review page, comparisons) ------------------------------

SECTION_KEYS = ("purpose", "values", "outcomes", "transparency", "solidarity", "rhythm")


def _labelled(label: str, text: str) -> list[str]:
    if not text:
        return []
    first, *rest = text.split("\n")
    return [f"{label}: {first}", *rest]


def sections(data: CharterInput, t: Translator | None = None) -> list[Section]:
    """The charter as titled sections of plain lines, in ``t``'s language (the window's if None)."""
    t = t or window()
    purpose = [
        *_labelled(t._("What brings us together"), data.domain),
        *_labelled(t._("Who it is for"), data.audience),
        *_labelled(t._("How to join"), data.joining),
    ]
    values = [f"{n}. {v}" for n, v in enumerate(data.values, start=1)]
    outcomes = []
    for horizon in HORIZONS:
        for o in data.outcomes_in(horizon):
            line = t._("{horizon} · {kind}: {text}").format(
                horizon=horizon_label(horizon, t), kind=kind_label(o.kind, t), text=o.text
            )
            if o.values:
                line += " " + t._("(serves {values})").format(values=t.format_list(list(o.values)))
            outcomes.append(line)
    transparency = [
        *_labelled(t._("How decisions are made"), data.decisions),
        *_labelled(t._("Where notes go"), data.notes_place),
        *_labelled(t._("Who convenes and hosts"), data.roles),
        *_labelled(t._("How roles rotate"), data.rotation),
    ]
    solidarity = []
    for p in data.partners:
        solidarity.extend(
            _labelled(p.name, p.gains) if p.gains else [p.name]  # "Library: a place to meet"
        )
    solidarity.extend(_labelled(t._("What we offer back"), data.offer_back))
    rhythm = [
        *_labelled(t._("We meet"), data.cadence),
        *_labelled(t._("How a meeting goes"), data.meeting_format),
    ]
    if data.session_format is not None:
        fmt = data.session_format
        items = t.format_list(
            [
                t._("{title} ({minutes} min)").format(title=title, minutes=t.format_number(m))
                for title, m in fmt.items
            ]
        )
        rhythm.extend(
            _labelled(t._("Session format"), f"{fmt.name}: {items}" if items else fmt.name)
        )
    if data.review_on is not None:
        rhythm.append(
            t._("Review the charter on {date}").format(date=t.format_date(data.review_on, "long"))
        )
    return [
        Section("purpose", t._("Purpose and domain"), tuple(purpose)),
        Section("values", t._("Values"), tuple(values)),
        Section("outcomes", t._("Outcomes"), tuple(outcomes)),
        Section("transparency", t._("Transparency"), tuple(transparency)),
        Section("solidarity", t._("Solidarity"), tuple(solidarity)),
        Section("rhythm", t._("Rhythm and review"), tuple(rhythm)),
    ]


def compare(old: CharterInput, new: CharterInput, t: Translator | None = None) -> list[SectionDiff]:
    """Section by section, what changed from ``old`` to ``new`` (line by line)."""
    out = []
    for before, after in zip(sections(old, t), sections(new, t), strict=True):
        a, b = list(before.lines), list(after.lines)
        unified: list[tuple[str, str]] = []
        side: list[tuple[str | None, str | None, bool]] = []
        for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
            if op == "equal":
                unified.extend(("=", line) for line in a[i1:i2])
                side.extend((line, line, False) for line in a[i1:i2])
                continue
            unified.extend(("-", line) for line in a[i1:i2])
            unified.extend(("+", line) for line in b[j1:j2])
            side.extend((x, y, True) for x, y in zip_longest(a[i1:i2], b[j1:j2]))
        out.append(SectionDiff(after.key, after.title, a != b, tuple(unified), tuple(side)))
    return out


def compare_versions(
    db: Session, older: int, newer: int, t: Translator | None = None
) -> list[SectionDiff]:
    return compare(get_version(db, older).charter, get_version(db, newer).charter, t)


# -- outcomes and the sessions that served them -------------------------------------------------


def _outcome(db: Session, outcome_id: int) -> CharterOutcome:
    row = db.get(CharterOutcome, outcome_id)
    if row is None:
        raise NotFound(_("There is no outcome number {id}.").format(id=outcome_id))
    return row


def _meeting(db: Session, meeting_id: int) -> Meeting:
    row = db.get(Meeting, meeting_id)
    if row is None:
        raise NotFound(_("There is no session number {id}.").format(id=meeting_id))
    return row


def list_outcomes(db: Session, *, include_retired: bool = False) -> list[OutcomeRow]:
    """The newest version's outcomes in its order (short-term first); then retired ones."""
    current = current_charter(db)
    rows: list[OutcomeRow] = []
    if current is not None:
        for horizon in HORIZONS:
            rows.extend(
                OutcomeRow(o.id or 0, o.text, o.horizon, o.kind, o.values)
                for o in current.charter.outcomes_in(horizon)
            )
    if include_retired:
        rows.extend(
            OutcomeRow(r.id, r.text, r.horizon, r.kind, (), True)
            for r in db.scalars(
                select(CharterOutcome).where(CharterOutcome.retired).order_by(CharterOutcome.id)
            )
        )
    return rows


def tag_session(db: Session, meeting_id: int, outcome_id: int) -> bool:
    """Record that a session served an outcome; False if it already was (nothing written)."""
    _meeting(db, meeting_id)
    _outcome(db, outcome_id)
    if db.get(MeetingOutcome, (meeting_id, outcome_id)) is not None:
        return False
    db.add(MeetingOutcome(meeting_id=meeting_id, outcome_id=outcome_id))
    db.commit()
    return True


def untag_session(db: Session, meeting_id: int, outcome_id: int) -> bool:
    """Take the tag off; False if there was none."""
    link = db.get(MeetingOutcome, (meeting_id, outcome_id))
    if link is None:
        return False
    db.delete(link)
    db.commit()
    return True


def session_outcomes(db: Session, meeting_id: int) -> list[int]:
    return list(
        db.scalars(
            select(MeetingOutcome.outcome_id)
            .where(MeetingOutcome.meeting_id == meeting_id)
            .order_by(MeetingOutcome.outcome_id)
        )
    )


def outcome_sessions(db: Session, outcome_id: int) -> list[SessionRef]:
    """The sessions tagged with an outcome, newest first."""
    return [
        SessionRef(m.id, m.date, m.topic)
        for m in db.scalars(
            select(Meeting)
            .join(MeetingOutcome, MeetingOutcome.meeting_id == Meeting.id)
            .where(MeetingOutcome.outcome_id == outcome_id)
            .order_by(Meeting.date.desc(), Meeting.id.desc())
        )
    ]


def outcome_activity(
    db: Session, today: dt.date, season_days: int = SEASON_DAYS
) -> list[OutcomeActivity]:
    """Per outcome of the newest version: the sessions and products that count toward it, its
    stories, and whether anything happened for it this season (the last ``season_days`` days)."""
    since = today - dt.timedelta(days=season_days)
    out = []
    for outcome in list_outcomes(db):
        sessions = tuple(outcome_sessions(db, outcome.id))
        ids = [s.id for s in sessions]
        products = (
            tuple(
                ProductRef(r.id, r.title, r.link, r.meeting_id)
                for r in db.scalars(
                    select(Resource)
                    .where(Resource.meeting_id.in_(ids))
                    .order_by(Resource.added_on.desc(), Resource.id)
                )
            )
            if ids
            else ()
        )
        story_dates = list(
            db.scalars(select(ValueStory.told_on).where(ValueStory.outcome_id == outcome.id))
        )
        dates = [s.date for s in sessions if s.date <= today] + [
            d for d in story_dates if d <= today
        ]
        last = max(dates) if dates else None
        out.append(
            OutcomeActivity(
                outcome=outcome,
                sessions=sessions,
                products=products,
                story_count=len(story_dates),
                last_activity=last,
                active_this_season=last is not None and last >= since,
            )
        )
    return out


def idle_outcomes(db: Session, today: dt.date, season_days: int = SEASON_DAYS) -> list[OutcomeRow]:
    """Outcomes with no tagged session and no story this season."""
    return [a.outcome for a in outcome_activity(db, today, season_days) if not a.active_this_season]


# -- value stories ----------------------------------------------------------------------------


def _story_row(db: Session, s: ValueStory) -> StoryRow:
    member = db.get(Member, s.member_id) if s.member_id else None
    meeting = db.get(Meeting, s.meeting_id) if s.meeting_id else None
    outcome = db.get(CharterOutcome, s.outcome_id) if s.outcome_id else None
    teller = ""
    if member is not None and not member.anonymous:
        teller = member.preferred_name or member.name
    return StoryRow(
        id=s.id,
        text=s.text,
        cycle=s.cycle,
        meeting_id=s.meeting_id,
        outcome_id=s.outcome_id,
        member_id=s.member_id,
        told_on=s.told_on,
        teller_name=teller,
        outcome_text=outcome.text if outcome else "",
        meeting_date=meeting.date if meeting else None,
        meeting_topic=meeting.topic if meeting else "",
    )


def validate_story(db: Session, data: StoryInput) -> StoryInput:
    text = _text(data.text)
    if not text:
        raise ValidationError(_("Write the story in a sentence or two."), field="text")
    if len(text) > MAX_TEXT:
        raise _too_long(_("The story"), MAX_TEXT, "text")
    if data.cycle not in CYCLES:
        raise ValidationError(_("Choose what kind of value the story tells of."), field="cycle")
    if data.meeting_id is None:
        raise ValidationError(_("Choose the session the story comes from."), field="meeting_id")
    meeting = _meeting(db, data.meeting_id)
    if data.outcome_id is None:
        raise ValidationError(_("Choose the outcome the story is about."), field="outcome_id")
    _outcome(db, data.outcome_id)
    if data.member_id is not None:
        member = db.get(Member, data.member_id)
        if member is None or member.anonymous:
            raise ValidationError(
                _("There is no member number {id}.").format(id=data.member_id), field="member_id"
            )
    return replace(data, text=text, told_on=data.told_on or meeting.date)


def add_story(db: Session, data: StoryInput) -> StoryRow:
    clean = validate_story(db, data)
    story = ValueStory(
        meeting_id=clean.meeting_id,
        outcome_id=clean.outcome_id,
        member_id=clean.member_id,
        cycle=clean.cycle,
        told_on=clean.told_on,
        text=clean.text,
    )
    db.add(story)
    db.commit()
    return _story_row(db, story)


def list_stories(db: Session, outcome_id: int | None = None) -> list[StoryRow]:
    """Value stories, newest first (of one outcome if given)."""
    query = select(ValueStory).order_by(ValueStory.told_on.desc(), ValueStory.id.desc())
    if outcome_id is not None:
        query = query.where(ValueStory.outcome_id == outcome_id)
    return [_story_row(db, s) for s in db.scalars(query)]


def remove_story(db: Session, story_id: int) -> StoryRow:
    story = db.get(ValueStory, story_id)
    if story is None:
        raise NotFound(_("There is no story number {id}.").format(id=story_id))
    row = _story_row(db, story)
    db.delete(story)
    db.commit()
    return row


def restore_story(db: Session, row: StoryRow) -> StoryRow:
    """Undo :func:`remove_story` (a session or outcome removed since is left out)."""
    if db.get(ValueStory, row.id) is not None:
        raise ValidationError(_("This story is already back in the list."))
    member = db.get(Member, row.member_id) if row.member_id else None
    story = ValueStory(
        id=row.id,
        meeting_id=row.meeting_id if row.meeting_id and db.get(Meeting, row.meeting_id) else None,
        outcome_id=row.outcome_id
        if row.outcome_id and db.get(CharterOutcome, row.outcome_id)
        else None,
        member_id=member.id if member is not None else None,
        cycle=row.cycle,
        told_on=row.told_on or dt.date.today(),
        text=row.text,
    )
    db.add(story)
    db.commit()
    return _story_row(db, story)


# -- export and import ------------------------------------------------------------------------


def export_document(data: CharterInput) -> bytes:
    """A charter as the JSON file another community can start from (no ids of this file)."""
    doc = {
        "format": FILE_KIND,
        "version": FILE_VERSION,
        "charter": to_document(data, with_ids=False),
    }
    return (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def export_charter(db: Session) -> bytes:
    current = current_charter(db)
    if current is None:
        raise ValidationError(_("This community has no charter yet."))
    return export_document(current.charter)


def read_charter_file(data: bytes) -> CharterInput:
    """Read and check a charter file; ValidationError saying what is wrong (nothing is changed)."""
    if len(data) > MAX_FILE_BYTES:
        raise ValidationError(_("This file is too big to be a charter."), field="file")
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise ValidationError(
            _("This is not a charter file (it is not text)."), field="file"
        ) from None
    except ValueError as exc:
        raise ValidationError(
            _("This is not a charter file (it is not valid JSON: {reason}).").format(reason=exc),
            field="file",
        ) from None
    if not isinstance(doc, dict) or doc.get("format") != FILE_KIND:
        raise ValidationError(_("This is not a copdesk charter file."), field="file")
    version = doc.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ValidationError(_("This charter file has no valid version number."), field="file")
    if version > FILE_VERSION:
        raise ValidationError(
            _("This charter file was made by a newer copdesk. Please update copdesk to read it."),
            field="file",
        )
    charter = from_document(doc.get("charter"), with_ids=False)
    try:
        return validate(charter)
    except ValidationError as exc:
        raise ValidationError(
            _("The charter in this file is not complete: {problem}").format(problem=exc.message),
            field="file",
        ) from None


def match_outcomes(db: Session, data: CharterInput) -> CharterInput:
    """Give imported outcomes the ids of this file's current outcomes with the same wording, so
    re-importing a community's own charter keeps its sessions' tags."""
    current = {fold(o.text): o.id for o in list_outcomes(db)}
    return replace(
        data,
        outcomes=tuple(
            o if o.id is not None else replace(o, id=current.get(fold(o.text)))
            for o in data.outcomes
        ),
    )


def import_charter(db: Session, data: bytes, now: dt.datetime | None = None) -> SavedCharter:
    """Start from a charter file: it becomes the newest version, and its session format (if this
    file has none of that name) a format. One transaction; a bad file changes nothing."""
    charter = match_outcomes(db, read_charter_file(data))
    clean = validate(charter)
    try:
        fmt = clean.session_format
        added = fmt is not None and fold(fmt.name) not in {
            fold(n) for n in db.scalars(select(Format.name))
        }
        if added:
            assert fmt is not None
            row = Format(name=fmt.name, planned_minutes=fmt.planned_minutes)
            row.items = [
                FormatItem(position=pos, title=title, duration_minutes=minutes)
                for pos, (title, minutes) in enumerate(fmt.items)
            ]
            db.add(row)
            db.flush()
        saved = _save(db, clean, now)
        if added and not saved.created:
            db.commit()
        return saved
    except BaseException:
        db.rollback()
        raise


# -- printing ---------------------------------------------------------------------------------


def charter_pdf(
    db: Session,
    *,
    locale: str | None = None,
    paper: str | None = None,
    number: int | None = None,
) -> bytes:
    """The charter one-pager as PDF bytes (the newest version unless ``number`` is given), in the
    community's language and paper unless overridden."""
    from copdesk.i18n import normalize_locale
    from copdesk.services.community import get_community, paper_for

    community = get_community(db)
    version = get_version(db, number) if number is not None else current_charter(db)
    if version is None:
        raise ValidationError(_("This community has no charter yet."))
    from copdesk.reports.charter import CharterDocument, render_charter  # reportlab: when printing

    return render_charter(
        CharterDocument(
            community_name=community.name,
            locale=normalize_locale(locale or community.locale),
            paper=paper_for(community, paper),
            charter=version.charter,
            version=version.number,
            saved_on=version.saved_at.date(),
        )
    )
