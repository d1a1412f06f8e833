"""Undoable changes to the charter: a new version, session tags, value stories, an import."""

from __future__ import annotations

from typing import TYPE_CHECKING

from copdesk.i18n import _
from copdesk.services import charter
from copdesk.ui.commands import ChangeCommand

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from copdesk.ui.operations import Operations

CHARTER = "charter"


class SaveCharterVersion(ChangeCommand):
    """A new version from the wizard (or from an imported file). Undo takes it back."""

    kind = CHARTER

    def __init__(
        self, ops: Operations, data: charter.CharterInput, *, imported: bytes | None = None
    ) -> None:
        super().__init__(ops, _("Import the charter") if imported else _("Save the charter"))
        self.data = data
        self.imported = imported
        self.withdrawn: charter.WithdrawnVersion | None = None
        self.saved: charter.SavedCharter | None = None

    def forward(self, db: Session) -> int:
        if self.withdrawn is not None:
            return charter.restore_version(db, self.withdrawn).number
        if self.imported is not None:
            self.saved = charter.import_charter(db, self.imported)
        else:
            self.saved = charter.save_charter(db, self.data)
        if not self.saved.created:
            self.setObsolete(True)  # nothing changed: nothing to undo
        return self.saved.version.number

    def backward(self, db: Session) -> int:
        assert self.saved is not None
        self.withdrawn = charter.withdraw_version(db, self.saved.version.number)
        return 0


class TagSession(ChangeCommand):
    kind = CHARTER

    def __init__(self, ops: Operations, meeting_id: int, outcome_id: int, tagged: bool) -> None:
        super().__init__(
            ops, _("Tag a session with an outcome") if tagged else _("Untag a session")
        )
        self.meeting_id, self.outcome_id, self.tagged = meeting_id, outcome_id, tagged

    def _set(self, db: Session, tagged: bool) -> int:
        if tagged:
            charter.tag_session(db, self.meeting_id, self.outcome_id)
        else:
            charter.untag_session(db, self.meeting_id, self.outcome_id)
        return self.outcome_id

    def forward(self, db: Session) -> int:
        return self._set(db, self.tagged)

    def backward(self, db: Session) -> int:
        return self._set(db, not self.tagged)


class AddStory(ChangeCommand):
    kind = CHARTER

    def __init__(self, ops: Operations, data: charter.StoryInput) -> None:
        super().__init__(ops, _("Add a value story"))
        self.data = data
        self.row: charter.StoryRow | None = None

    def forward(self, db: Session) -> int:
        if self.row is None:
            self.row = charter.add_story(db, self.data)
        else:
            self.row = charter.restore_story(db, self.row)
        return self.row.outcome_id or 0

    def backward(self, db: Session) -> int:
        assert self.row is not None
        self.row = charter.remove_story(db, self.row.id)
        return self.row.outcome_id or 0


class RemoveStory(ChangeCommand):
    kind = CHARTER

    def __init__(self, ops: Operations, story_id: int) -> None:
        super().__init__(ops, _("Remove a value story"))
        self.story_id = story_id
        self.row: charter.StoryRow | None = None

    def forward(self, db: Session) -> int:
        self.row = charter.remove_story(db, self.story_id)
        return self.row.outcome_id or 0

    def backward(self, db: Session) -> int:
        assert self.row is not None
        return charter.restore_story(db, self.row).outcome_id or 0
