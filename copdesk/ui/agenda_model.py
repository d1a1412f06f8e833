"""One session's timed agenda as an editable table model.

The model never writes to the file: an edit in place becomes :attr:`AgendaModel.edit_requested`
with the whole new agenda, which the pane turns into one undoable core call. Clock times come from
the core's timeline and are refreshed after each change.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from copdesk.i18n import _
from copdesk.services.meetings import AgendaItemRow, ItemInput
from copdesk.ui.text import time_range

Index = QModelIndex | QPersistentModelIndex


class AgendaModel(QAbstractTableModel):
    TIME, TITLE, MINUTES = range(3)
    COLUMN_COUNT = 3

    IdRole = Qt.ItemDataRole.UserRole + 1
    MinutesRole = Qt.ItemDataRole.UserRole + 2

    #: the agenda as it should become after an edit in place (list[ItemInput])
    edit_requested = Signal(object)

    def __init__(self, parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self._rows: list[AgendaItemRow] = []

    def set_rows(self, rows: list[AgendaItemRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def items(self) -> list[ItemInput]:
        return [ItemInput(r.title, r.duration_minutes) for r in self._rows]

    def total_minutes(self) -> int:
        return sum(r.duration_minutes for r in self._rows)

    # -- Qt model interface ---------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else self.COLUMN_COUNT

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and index.column() in (self.TITLE, self.MINUTES):
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        r = self._rows[index.row()]
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return {
                self.TIME: time_range(r.starts_at, r.ends_at),
                self.TITLE: r.title,
                self.MINUTES: str(r.duration_minutes),
            }.get(col)
        if role == Qt.ItemDataRole.EditRole:
            return {self.TITLE: r.title, self.MINUTES: r.duration_minutes}.get(col)
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (self.MINUTES, self.TIME):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == self.IdRole:
            return r.id
        if role == self.MinutesRole:
            return r.duration_minutes
        return None

    def setData(  # noqa: N802
        self, index: Index, value: object, role: int = Qt.ItemDataRole.EditRole
    ) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        items = self.items()
        old = items[index.row()]
        if index.column() == self.TITLE:
            new = ItemInput(str(value), old.duration_minutes)
        elif index.column() == self.MINUTES:
            try:
                new = ItemInput(old.title, int(value))  # type: ignore[call-overload]
            except (TypeError, ValueError):
                return False
        else:
            return False
        if new == old:
            return False
        items[index.row()] = new
        self.edit_requested.emit(items)
        return True

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        return {
            self.TIME: _("Time"),
            self.TITLE: _("Item"),
            self.MINUTES: _("Minutes"),
        }.get(section)
