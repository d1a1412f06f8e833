"""The organisations members come from (their "first communities"), and how this community
connects them.

Names are unique ignoring case and accents ("Universidad Popular" and "universidad popular" are
one organisation). Removing an organisation never removes members: they keep no organisation.
Every change keeps the members' search text up to date, in the same transaction.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from copdesk.collation import fold, sort_key
from copdesk.errors import NotFound, ValidationError
from copdesk.i18n import N_, _
from copdesk.models import JourneyEvent, Member, Organisation
from copdesk.services.roster import MAX_NAME, MAX_SHORT, refresh_search_text, transactional

# Suggestions for the "kind" field; the group may type any other.
SUGGESTED_KINDS = (
    N_("library"),
    N_("cooperative"),
    N_("public body"),
    N_("non-profit"),
    N_("union"),
    N_("university"),
    N_("company"),
    N_("informal group"),
    N_("freelance"),
)


@dataclass(frozen=True)
class OrganisationInput:
    name: str
    kind: str = ""
    notes: str = ""


@dataclass(frozen=True)
class OrganisationRow(OrganisationInput):
    id: int = 0
    member_count: int = 0  # members (not placeholders) who name it as home
    current_count: int = 0  # of those, the ones who have not moved on


@dataclass(frozen=True)
class RemovedOrganisation:
    row: OrganisationRow
    member_ids: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class MergedOrganisations:
    """What :func:`merge_organisations` did, so :func:`unmerge_organisations` can undo it."""

    kept: OrganisationRow
    removed: RemovedOrganisation
    kept_before: OrganisationInput


def _clean(data: OrganisationInput) -> OrganisationInput:
    clean = OrganisationInput(
        name=" ".join(unicodedata.normalize("NFC", data.name).split()),
        kind=" ".join(unicodedata.normalize("NFC", data.kind).split()),
        notes=unicodedata.normalize("NFC", data.notes).strip(),
    )
    if not clean.name:
        raise ValidationError(_("Every organisation needs a name."), field="name")
    if len(clean.name) > MAX_NAME:
        raise ValidationError(
            _("The organisation's name is too long (at most {max} characters).").format(
                max=MAX_NAME
            ),
            field="name",
        )
    if len(clean.kind) > MAX_SHORT:
        raise ValidationError(
            _("The kind is too long (at most {max} characters).").format(max=MAX_SHORT),
            field="kind",
        )
    return clean


def _check_unique(db: Session, name: str, except_id: int | None = None) -> None:
    wanted = fold(name)
    for oid, oname in db.execute(select(Organisation.id, Organisation.name)):
        if oid != except_id and fold(oname) == wanted:
            raise ValidationError(
                _("There is already an organisation called “{name}”.").format(name=oname),
                field="name",
            )


def _counts(db: Session) -> dict[int, tuple[int, int]]:
    last_event = select(JourneyEvent.member_id, JourneyEvent.kind).order_by(
        JourneyEvent.member_id, JourneyEvent.on_date, JourneyEvent.id
    )
    moved_on = {}
    for mid, kind in db.execute(last_event):
        moved_on[mid] = kind == "moved_on"
    left = {mid for mid, gone in moved_on.items() if gone}
    totals: dict[int, tuple[int, int]] = {}
    for oid, mid in db.execute(
        select(Member.organisation_id, Member.id).where(
            Member.anonymous.is_(False), Member.organisation_id.is_not(None)
        )
    ):
        total, current = totals.get(oid, (0, 0))
        totals[oid] = (total + 1, current + (mid not in left))
    return totals


def _to_row(org: Organisation, counts: dict[int, tuple[int, int]]) -> OrganisationRow:
    total, current = counts.get(org.id, (0, 0))
    return OrganisationRow(
        id=org.id,
        name=org.name,
        kind=org.kind,
        notes=org.notes,
        member_count=total,
        current_count=current,
    )


def list_organisations(db: Session, locale: str = "en") -> list[OrganisationRow]:
    """Every organisation with its member counts, in the alphabetical order of ``locale``."""
    counts = _counts(db)
    key = sort_key(locale)
    rows = [_to_row(o, counts) for o in db.scalars(select(Organisation))]
    return sorted(rows, key=lambda r: key(r.name))


def connected_organisations(db: Session, locale: str = "en") -> list[OrganisationRow]:
    """The communities this one connects: organisations that have members, most members first.

    Counts are of members who have not moved on (``current_count``); organisations whose members
    have all moved on come last, still listed, because they were connected once.
    """
    key = sort_key(locale)
    rows = [r for r in list_organisations(db, locale) if r.member_count]
    return sorted(rows, key=lambda r: (-r.current_count, -r.member_count, key(r.name)))


def _get(db: Session, org_id: int) -> Organisation:
    org = db.get(Organisation, org_id)
    if org is None:
        raise NotFound(_("There is no organisation number {id}.").format(id=org_id))
    return org


def get_organisation(db: Session, org_id: int) -> OrganisationRow:
    return _to_row(_get(db, org_id), _counts(db))


def _members_of(db: Session, org_id: int) -> list[int]:
    return list(db.scalars(select(Member.id).where(Member.organisation_id == org_id)))


@transactional
def add_organisation(db: Session, data: OrganisationInput) -> OrganisationRow:
    clean = _clean(data)
    _check_unique(db, clean.name)
    org = Organisation(name=clean.name, kind=clean.kind, notes=clean.notes)
    db.add(org)
    db.commit()
    return get_organisation(db, org.id)


@transactional
def update_organisation(db: Session, org_id: int, data: OrganisationInput) -> OrganisationRow:
    """Rename or describe an organisation; its members' search follows the new name."""
    clean = _clean(data)
    org = _get(db, org_id)
    _check_unique(db, clean.name, except_id=org_id)
    renamed = org.name != clean.name
    org.name, org.kind, org.notes = clean.name, clean.kind, clean.notes
    db.flush()
    if renamed:
        refresh_search_text(db, _members_of(db, org_id))
    db.commit()
    return get_organisation(db, org_id)


def rename_organisation(db: Session, org_id: int, name: str) -> OrganisationRow:
    org = _get(db, org_id)
    return update_organisation(db, org_id, OrganisationInput(name, org.kind, org.notes))


@transactional
def remove_organisation(db: Session, org_id: int) -> RemovedOrganisation:
    """Remove an organisation from the list; its members keep no organisation."""
    row = get_organisation(db, org_id)
    members = _members_of(db, org_id)
    db.execute(delete(Organisation).where(Organisation.id == org_id))
    db.execute(update(Member).where(Member.id.in_(members)).values(organisation_id=None))
    refresh_search_text(db, members)
    db.commit()
    return RemovedOrganisation(row=row, member_ids=members)


@transactional
def restore_organisation(db: Session, removed: RemovedOrganisation) -> OrganisationRow:
    """Undo :func:`remove_organisation` (members who chose another organisation meanwhile keep it)."""
    if db.get(Organisation, removed.row.id) is not None:
        raise ValidationError(_("This organisation is already back in the list."))
    _check_unique(db, removed.row.name)
    r = removed.row
    db.add(Organisation(id=r.id, name=r.name, kind=r.kind, notes=r.notes))
    db.flush()
    db.execute(
        update(Member)
        .where(Member.id.in_(removed.member_ids), Member.organisation_id.is_(None))
        .values(organisation_id=r.id)
    )
    refresh_search_text(db, removed.member_ids)
    db.commit()
    return get_organisation(db, r.id)


@transactional
def merge_organisations(db: Session, keep_id: int, merge_id: int) -> MergedOrganisations:
    """Fold organisation ``merge_id`` into ``keep_id``: its members move, its notes are appended
    and its kind fills an empty kind; ``merge_id`` is removed. One transaction."""
    if keep_id == merge_id:
        raise ValidationError(_("Choose two different organisations to merge."))
    keep = _get(db, keep_id)
    gone = get_organisation(db, merge_id)
    before = OrganisationInput(keep.name, keep.kind, keep.notes)
    members = _members_of(db, merge_id)
    db.execute(
        update(Member).where(Member.organisation_id == merge_id).values(organisation_id=keep_id)
    )
    if not keep.kind:
        keep.kind = gone.kind
    if gone.notes and gone.notes not in keep.notes:
        keep.notes = f"{keep.notes}\n\n{gone.notes}".strip()
    db.flush()
    db.execute(delete(Organisation).where(Organisation.id == merge_id))
    refresh_search_text(db, members)
    db.commit()
    return MergedOrganisations(
        kept=get_organisation(db, keep_id),
        removed=RemovedOrganisation(row=gone, member_ids=members),
        kept_before=before,
    )


@transactional
def unmerge_organisations(db: Session, merged: MergedOrganisations) -> None:
    """Undo :func:`merge_organisations`."""
    keep = _get(db, merged.kept.id)
    keep.name, keep.kind, keep.notes = (
        merged.kept_before.name,
        merged.kept_before.kind,
        merged.kept_before.notes,
    )
    r = merged.removed.row
    db.add(Organisation(id=r.id, name=r.name, kind=r.kind, notes=r.notes))
    db.flush()
    ids = merged.removed.member_ids
    db.execute(
        update(Member)
        .where(Member.id.in_(ids), Member.organisation_id == keep.id)
        .values(organisation_id=r.id)
    )
    refresh_search_text(db, ids)
    db.commit()


def organisation_member_counts(db: Session) -> dict[int, int]:
    """Members per organisation id (placeholders excluded)."""
    return dict(
        db.execute(
            select(Member.organisation_id, func.count())
            .where(Member.anonymous.is_(False), Member.organisation_id.is_not(None))
            .group_by(Member.organisation_id)
        ).all()
    )
