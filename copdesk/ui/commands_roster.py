"""Undoable roster changes beyond one member's details: roles, journey, removals, organisations,
imports. Each is one or a few core calls; see :mod:`copdesk.ui.commands` for how commands run.

Bulk commands (a role or journey change on a multi-selection) are ONE command each, so one Undo
takes back the whole change (:func:`copdesk.services.roster.undo_bulk`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from copdesk.i18n import _, ngettext
from copdesk.services import organisations, roster, roster_io
from copdesk.ui.commands import ChangeCommand
from copdesk.ui.operations import MEMBER

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from copdesk.ui.operations import Operations

ORGANISATION = "organisation"


def _one(ids: Sequence[int]) -> int:
    """The id to select after a change: the member when there is one, else nothing."""
    return ids[0] if len(ids) == 1 else 0


class _Bulk(ChangeCommand):
    """A core call returning :class:`~copdesk.services.roster.BulkChange`; undone with undo_bulk."""

    kind = MEMBER

    def __init__(self, ops: Operations, ids: Sequence[int], text: str) -> None:
        super().__init__(ops, text)
        self.ids = list(ids)
        self.change: roster.BulkChange | None = None

    def call(self, db: Session) -> roster.BulkChange:
        raise NotImplementedError

    def forward(self, db: Session) -> int:
        self.change = self.call(db)
        return _one(self.ids)

    def backward(self, db: Session) -> int:
        assert self.change is not None
        roster.undo_bulk(db, self.change)
        return _one(self.ids)


class AddRole(_Bulk):
    def __init__(
        self,
        ops: Operations,
        ids: Sequence[int],
        role: str,
        label: str,
        starts_on: dt.date,
        ends_on: dt.date | None = None,
        note: str = "",
    ) -> None:
        text = ngettext(
            "Give {count} member the role “{role}”",
            "Give {count} members the role “{role}”",
            len(ids),
        ).format(count=len(ids), role=label)
        super().__init__(ops, ids, text)
        self.role, self.starts_on, self.ends_on, self.note = role, starts_on, ends_on, note

    def call(self, db: Session) -> roster.BulkChange:
        return roster.add_role(db, self.ids, self.role, self.starts_on, self.ends_on, self.note)


class EndRole(_Bulk):
    def __init__(
        self, ops: Operations, ids: Sequence[int], role: str, label: str, ends_on: dt.date
    ) -> None:
        text = ngettext(
            "End the role “{role}” for {count} member",
            "End the role “{role}” for {count} members",
            len(ids),
        ).format(count=len(ids), role=label)
        super().__init__(ops, ids, text)
        self.role, self.ends_on = role, ends_on

    def call(self, db: Session) -> roster.BulkChange:
        return roster.end_role(db, self.ids, self.role, self.ends_on)


class SetJourney(_Bulk):
    def __init__(
        self,
        ops: Operations,
        ids: Sequence[int],
        state: roster.JourneyState,
        on_date: dt.date,
        note: str = "",
        today: dt.date | None = None,
    ) -> None:
        text = ngettext(
            "Mark {count} member as “{state}”", "Mark {count} members as “{state}”", len(ids)
        ).format(count=len(ids), state=state.label)
        super().__init__(ops, ids, text)
        self.state, self.on_date, self.note, self.today = state, on_date, note, today

    def call(self, db: Session) -> roster.BulkChange:
        return roster.set_journey(db, self.ids, self.state, self.on_date, self.note, self.today)


class RemoveMembers(ChangeCommand):
    """Remove people (their personal data); Undo puts them back exactly until the file closes."""

    kind = MEMBER

    def __init__(self, ops: Operations, members: Sequence[tuple[int, str]]) -> None:
        if len(members) == 1:
            text = _("Remove member “{name}”").format(name=members[0][1])
        else:
            text = ngettext("Remove {count} member", "Remove {count} members", len(members))
            text = text.format(count=len(members))
        super().__init__(ops, text)
        self.ids = [mid for mid, _name in members]
        self.removed: list[roster.RemovedMember] = []

    def forward(self, db: Session) -> int:
        self.removed = []
        for mid in self.ids:
            self.removed.append(roster.remove_member(db, mid))
        return 0

    def backward(self, db: Session) -> int:
        for removed in reversed(self.removed):
            roster.restore_member(db, removed)
        return _one(self.ids)


# -- organisations ----------------------------------------------------------------------------------


class AddOrganisation(ChangeCommand):
    kind = ORGANISATION

    def __init__(self, ops: Operations, data: organisations.OrganisationInput) -> None:
        super().__init__(ops, _("Add organisation “{name}”").format(name=data.name.strip()))
        self.data = data
        self.row: organisations.OrganisationRow | None = None
        self.removed: organisations.RemovedOrganisation | None = None

    def forward(self, db: Session) -> int:
        if self.removed is None:
            self.row = organisations.add_organisation(db, self.data)
        else:
            self.row = organisations.restore_organisation(db, self.removed)
        return self.row.id

    def backward(self, db: Session) -> int:
        assert self.row is not None
        self.removed = organisations.remove_organisation(db, self.row.id)
        return 0


class EditOrganisation(ChangeCommand):
    kind = ORGANISATION

    def __init__(
        self,
        ops: Operations,
        org_id: int,
        old: organisations.OrganisationInput,
        new: organisations.OrganisationInput,
    ) -> None:
        if old.name != new.name:
            text = _("Rename organisation “{old}” to “{new}”").format(old=old.name, new=new.name)
        else:
            text = _("Edit organisation “{name}”").format(name=new.name)
        super().__init__(ops, text)
        self.org_id, self.old, self.new = org_id, old, new

    def forward(self, db: Session) -> int:
        return organisations.update_organisation(db, self.org_id, self.new).id

    def backward(self, db: Session) -> int:
        return organisations.update_organisation(db, self.org_id, self.old).id


class RemoveOrganisation(ChangeCommand):
    kind = ORGANISATION

    def __init__(self, ops: Operations, org_id: int, name: str) -> None:
        super().__init__(ops, _("Remove organisation “{name}”").format(name=name))
        self.org_id = org_id
        self.removed: organisations.RemovedOrganisation | None = None

    def forward(self, db: Session) -> int:
        self.removed = organisations.remove_organisation(db, self.org_id)
        return 0

    def backward(self, db: Session) -> int:
        assert self.removed is not None
        return organisations.restore_organisation(db, self.removed).id


class MergeOrganisations(ChangeCommand):
    kind = ORGANISATION

    def __init__(
        self, ops: Operations, keep_id: int, keep_name: str, merge_id: int, merge_name: str
    ) -> None:
        super().__init__(
            ops,
            _("Merge organisation “{merged}” into “{kept}”").format(
                merged=merge_name, kept=keep_name
            ),
        )
        self.keep_id, self.merge_id = keep_id, merge_id
        self.merged: organisations.MergedOrganisations | None = None

    def forward(self, db: Session) -> int:
        self.merged = organisations.merge_organisations(db, self.keep_id, self.merge_id)
        return self.keep_id

    def backward(self, db: Session) -> int:
        assert self.merged is not None
        organisations.unmerge_organisations(db, self.merged)
        return self.merge_id


# -- import ----------------------------------------------------------------------------------------


class ImportMembers(ChangeCommand):
    """Apply an import plan; Undo removes the members it added and restores those it updated.

    (Organisations it created stay in the list, empty; the backup taken before the import holds
    the file exactly as it was.)
    """

    kind = MEMBER

    def __init__(
        self,
        ops: Operations,
        plan: roster_io.ImportPlan,
        skip_invalid: bool,
        progress: Callable[[int, int], None] | None = None,
    ) -> None:
        super().__init__(ops, _("Import members"))
        self.plan, self.skip_invalid, self.progress = plan, skip_invalid, progress
        self.report: roster_io.ImportReport | None = None
        self.added: list[int] = []
        self.before: list[roster.MemberRow] = []

    def forward(self, db: Session) -> int:

        before_ids = set(roster.member_ids(db))
        updating = sorted({r.member_id for r in self.plan.rows if r.member_id is not None})
        self.before = roster.get_members(db, updating) if updating else []
        self.report = roster_io.apply_import(db, self.plan, self.skip_invalid, self.progress)
        self.progress = None  # only the first run shows progress
        self.added = [i for i in roster.member_ids(db) if i not in before_ids]
        return 0

    def backward(self, db: Session) -> int:
        for mid in reversed(self.added):
            roster.remove_member(db, mid)
        for row in self.before:
            roster.update_member(db, row.id, row.as_input())
        return 0
