"""Undoable changes. Each command is a pair of core calls; the core commits its own transaction.

A command is executed once by :meth:`ChangeCommand.apply_first` *before* it is pushed, so a change
the core refuses never reaches the undo stack; the ``redo()`` Qt calls on push is then skipped.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand

from copdesk.i18n import _
from copdesk.services import community, logo, meetings, roster
from copdesk.ui.operations import COMMUNITY, MEETING, MEMBER

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from copdesk.ui.operations import Operations


class ChangeCommand(QUndoCommand):
    kind = ""

    def __init__(self, ops: Operations, text: str) -> None:
        super().__init__(text)
        self.ops = ops
        self._skip_next_redo = False

    # Subclasses: make the change / take it back; return the id of what changed (or 0).
    def forward(self, db: Session) -> int:
        raise NotImplementedError

    def backward(self, db: Session) -> int:
        raise NotImplementedError

    def apply_first(self) -> bool:
        ok = self._apply(self.forward)
        self._skip_next_redo = ok
        return ok

    def redo(self) -> None:
        if self._skip_next_redo:
            self._skip_next_redo = False
            return
        self._apply(self.forward)

    def undo(self) -> None:
        self._apply(self.backward)

    def _apply(self, step) -> bool:  # noqa: ANN001
        ok, ident = self.ops.run(step)
        if ok:
            self.ops.changed.emit(self.kind, ident or 0)
        else:
            # The file no longer matches this step (the user was told why); drop it from history.
            self.setObsolete(True)
        return ok


# -- members --------------------------------------------------------------------------------------


class AddMember(ChangeCommand):
    kind = MEMBER

    def __init__(self, ops: Operations, data: roster.MemberInput) -> None:
        super().__init__(ops, _("Add member “{name}”").format(name=data.name.strip()))
        self.data = data
        self.row: roster.MemberRow | None = None
        self.removed: roster.RemovedMember | None = None

    def forward(self, db: Session) -> int:
        if self.removed is None:
            self.row = roster.add_member(db, self.data)
        else:
            self.row = roster.restore_member(db, self.removed)
        return self.row.id

    def backward(self, db: Session) -> int:
        assert self.row is not None
        self.removed = roster.remove_member(db, self.row.id)
        return 0


class EditMember(ChangeCommand):
    kind = MEMBER

    def __init__(
        self, ops: Operations, member_id: int, old: roster.MemberInput, new: roster.MemberInput
    ) -> None:
        super().__init__(ops, _("Edit member “{name}”").format(name=new.name.strip()))
        self.member_id, self.old, self.new = member_id, old, new

    def forward(self, db: Session) -> int:
        return roster.update_member(db, self.member_id, self.new).id

    def backward(self, db: Session) -> int:
        return roster.update_member(db, self.member_id, self.old).id


class RemoveMember(ChangeCommand):
    kind = MEMBER

    def __init__(self, ops: Operations, member_id: int, name: str) -> None:
        super().__init__(ops, _("Remove member “{name}”").format(name=name))
        self.member_id = member_id
        self.removed: roster.RemovedMember | None = None

    def forward(self, db: Session) -> int:
        self.removed = roster.remove_member(db, self.member_id)
        return 0

    def backward(self, db: Session) -> int:
        assert self.removed is not None
        return roster.restore_member(db, self.removed).id


# -- sessions -------------------------------------------------------------------------------------


class AddMeeting(ChangeCommand):
    kind = MEETING

    def __init__(
        self,
        ops: Operations,
        data: meetings.MeetingInput,
        items: list[meetings.ItemInput] | None = None,
    ) -> None:
        super().__init__(ops, _("New session"))
        self.data, self.items = data, items
        self.row: meetings.MeetingRow | None = None
        self.removed: meetings.RemovedMeeting | None = None

    def forward(self, db: Session) -> int:
        if self.removed is None:
            self.row = meetings.add_meeting(db, self.data, self.items)
        else:
            self.row = meetings.restore_meeting(db, self.removed)
        return self.row.id

    def backward(self, db: Session) -> int:
        assert self.row is not None
        self.removed = meetings.remove_meeting(db, self.row.id)
        return 0


class EditMeeting(ChangeCommand):
    kind = MEETING

    def __init__(
        self,
        ops: Operations,
        meeting_id: int,
        old: meetings.MeetingInput,
        new: meetings.MeetingInput,
    ) -> None:
        super().__init__(ops, _("Edit session"))
        self.meeting_id, self.old, self.new = meeting_id, old, new

    def forward(self, db: Session) -> int:
        return meetings.update_meeting(db, self.meeting_id, self.new).id

    def backward(self, db: Session) -> int:
        return meetings.update_meeting(db, self.meeting_id, self.old).id


class RemoveMeeting(ChangeCommand):
    kind = MEETING

    def __init__(self, ops: Operations, meeting_id: int, label: str) -> None:
        super().__init__(ops, _("Remove session of {date}").format(date=label))
        self.meeting_id = meeting_id
        self.removed: meetings.RemovedMeeting | None = None

    def forward(self, db: Session) -> int:
        self.removed = meetings.remove_meeting(db, self.meeting_id)
        return 0

    def backward(self, db: Session) -> int:
        assert self.removed is not None
        return meetings.restore_meeting(db, self.removed).id


class SetAgenda(ChangeCommand):
    kind = MEETING

    def __init__(
        self,
        ops: Operations,
        meeting_id: int,
        old: list[meetings.ItemInput],
        new: list[meetings.ItemInput],
        text: str,
    ) -> None:
        super().__init__(ops, text)
        self.meeting_id, self.old, self.new = meeting_id, list(old), list(new)

    def forward(self, db: Session) -> int:
        meetings.set_agenda(db, self.meeting_id, self.new)
        return self.meeting_id

    def backward(self, db: Session) -> int:
        meetings.set_agenda(db, self.meeting_id, self.old)
        return self.meeting_id


# -- the community ----------------------------------------------------------------------------------


class UpdateCommunity(ChangeCommand):
    kind = COMMUNITY

    def __init__(
        self, ops: Operations, old: community.CommunityInfo, new: community.CommunityInfo
    ) -> None:
        super().__init__(ops, _("Change community settings"))
        self.old, self.new = old, new

    def forward(self, db: Session) -> int:
        if self.new.logo != self.old.logo and self.old.logo and not self.old.logo.loaded:
            # keep the image being replaced or removed, so that undo can put it back
            self.old = replace(self.old, logo=logo.get_logo(db))
        community.update_community(db, self.new)
        return 1

    def backward(self, db: Session) -> int:
        community.update_community(db, self.old)
        return 1
