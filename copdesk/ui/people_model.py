"""The people to choose from in the session editor's lists: one model shared by every list.

"— nobody —" first, then every member (placeholders excluded) by display name. The roster is
read once, and again only after a change to the members (a long roster made the lists slow to
fill when they were filled item by item for every session shown). A list shows it with
``setModel``; an entry's id is its ``Qt.ItemDataRole.UserRole`` data, so ``findData(id)`` and
``currentData()`` work as for items added one by one.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from copdesk.i18n import _
from copdesk.services import roster
from copdesk.ui.operations import MEMBER, Operations
from copdesk.ui.text import fold

NOBODY = 0  # member ids start at 1


def people_labels(rows: list[tuple[int, str, str]]) -> list[tuple[str, int]]:
    """(label, id) of each person, by display name; a preferred name shows the full name too."""
    people = []
    for member_id, name, preferred in rows:
        label = preferred or name
        if preferred and preferred != name:
            label = _("{preferred} ({name})").format(preferred=preferred, name=name)
        people.append((fold(preferred or name), member_id, label))
    people.sort(key=lambda p: (p[0], p[1]))
    return [(label, member_id) for _key, member_id, label in people]


class PeopleModel(QAbstractListModel):
    """Everyone who can be chosen, "— nobody —" (id 0) first. One per open file: see :func:`shared`."""

    def __init__(self, ops: Operations) -> None:
        super().__init__(ops)
        self.setObjectName("peopleModel")
        self.ops = ops
        self._labels: list[str] = []
        self._ids: list[int] = []
        self._rows: dict[int, int] = {}
        self._version: int | None = None  # roster.roster_version() when last read
        ops.changed.connect(self._on_changed)

    def _on_changed(self, kind: str, _ident: int) -> None:
        if kind == MEMBER:
            self._version = None

    def refresh(self) -> None:
        """Read the roster again if the members changed since it was last read (any write to the
        roster counts, also a first-timer added at check-in)."""
        version = roster.roster_version()
        if version == self._version:
            return
        people = people_labels(self.ops.read(roster.member_names))
        self._version = version
        # Translators: in the lists of roles, meaning no one is chosen.
        labels = [_("— nobody —"), *(label for label, _id in people)]
        ids = [NOBODY, *(member_id for _label, member_id in people)]
        if labels == self._labels and ids == self._ids:
            return
        self.beginResetModel()
        self._labels, self._ids = labels, ids
        self._rows = {member_id: row for row, member_id in enumerate(ids)}
        self.endResetModel()

    def row_of(self, member_id: int | None) -> int:
        """The row showing this person (0, nobody, when they are not on the roster)."""
        return self._rows.get(member_id or NOBODY, 0)

    # -- QAbstractListModel -------------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._ids)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._labels[index.row()]
        if role == Qt.ItemDataRole.UserRole:
            return self._ids[index.row()]
        return None


def shared(ops: Operations) -> PeopleModel:
    """The people model of this open file (made on first use, kept until the file closes)."""
    model = ops.findChild(PeopleModel, "peopleModel", Qt.FindChildOption.FindDirectChildrenOnly)
    if model is None:
        model = PeopleModel(ops)
    return model
