"""One session's timed agenda as an editable table model.

The model never writes to the file: an edit in place becomes :attr:`AgendaModel.edit_requested`
with the whole new agenda, and a row dragged elsewhere (``moveRows``, or a drop of our own MIME
data) becomes :attr:`AgendaModel.move_requested`; the editor turns each into one undoable core
call, and the model is reloaded from the file. Clock times come from the core's timeline.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QByteArray,
    QMimeData,
    QModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import QApplication, QStyle

from copdesk.i18n import _
from copdesk.services.meetings import AgendaItemRow, ItemInput
from copdesk.ui.table_model import Index, RowTableModel
from copdesk.ui.text import time_range

ROW_MIME = "application/x-copdesk-agenda-row"


class AgendaModel(RowTableModel[AgendaItemRow]):
    TIME, TITLE, MINUTES = range(3)
    COLUMN_COUNT = 3

    IdRole = Qt.ItemDataRole.UserRole + 1
    MinutesRole = Qt.ItemDataRole.UserRole + 2
    #: True for the item during which the planned length runs out, and every item after it
    PastEndRole = Qt.ItemDataRole.UserRole + 3

    #: the agenda as it should become after an edit in place (list[ItemInput])
    edit_requested = Signal(object)
    #: (source, target): move one item so that it ends up at index ``target``
    move_requested = Signal(int, int)

    def __init__(self, parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self._planned: int | None = None

    def set_rows(self, rows: list[AgendaItemRow], planned_minutes: int | None = None) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._planned = planned_minutes
        self.endResetModel()

    def past_end(self, row: int) -> bool:
        if self._planned is None:
            return False
        return sum(r.duration_minutes for r in self._rows[: row + 1]) > self._planned

    def items(self) -> list[ItemInput]:
        return [ItemInput(r.title, r.duration_minutes) for r in self._rows]

    def total_minutes(self) -> int:
        return sum(r.duration_minutes for r in self._rows)

    # -- Qt model interface ---------------------------------------------------------------------
    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if not index.isValid():
            return base | Qt.ItemFlag.ItemIsDropEnabled
        base |= Qt.ItemFlag.ItemIsDragEnabled | Qt.ItemFlag.ItemIsDropEnabled
        if index.column() in (self.TITLE, self.MINUTES):
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not self.valid(index):
            return None
        r = self._rows[index.row()]
        col = index.column()
        late = self.past_end(index.row())
        if role == Qt.ItemDataRole.DisplayRole:
            return {
                self.TIME: time_range(r.starts_at, r.ends_at),
                self.TITLE: r.title,
                self.MINUTES: str(r.duration_minutes),
            }.get(col)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            if col == self.TIME and late:
                # Translators: read out by screen readers for an item that runs past the end.
                return _("{time}, past the planned end").format(
                    time=time_range(r.starts_at, r.ends_at)
                )
            return self.data(index, Qt.ItemDataRole.DisplayRole)
        if role == Qt.ItemDataRole.DecorationRole and col == self.TIME and late:
            app = QApplication.instance()
            if isinstance(app, QApplication):
                return app.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
            return None
        if role == Qt.ItemDataRole.ToolTipRole and col == self.TIME and late:
            return _("This item runs past the planned length of the session.")
        if role == self.PastEndRole:
            return late
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

    # -- drag and drop (InternalMove in the view) -----------------------------------------------
    def supportedDropActions(self) -> Qt.DropAction:  # noqa: N802
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:  # noqa: N802
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:  # noqa: N802
        return [ROW_MIME]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:  # noqa: N802
        mime = QMimeData()
        rows = sorted({i.row() for i in indexes if i.isValid()})
        if rows:
            mime.setData(ROW_MIME, QByteArray(str(rows[0]).encode("ascii")))
        return mime

    @staticmethod
    def _source_row(data: QMimeData) -> int | None:
        if not data.hasFormat(ROW_MIME):
            return None
        try:
            return int(bytes(data.data(ROW_MIME).data()).decode("ascii"))
        except ValueError:
            return None

    def canDropMimeData(  # noqa: N802
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        source = self._source_row(data)
        return action == Qt.DropAction.MoveAction and source is not None

    def dropMimeData(  # noqa: N802
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        """A row dropped between rows (``row``) or onto one (``parent``): take that place."""
        source = self._source_row(data)
        if action != Qt.DropAction.MoveAction or source is None:
            return False
        if not 0 <= source < len(self._rows):
            return False
        if row < 0:
            if parent.isValid():
                row = parent.row() + (1 if parent.row() > source else 0)
            else:
                row = len(self._rows)
        return self.moveRows(QModelIndex(), source, 1, QModelIndex(), row)

    def moveRows(  # noqa: N802
        self,
        sourceParent: Index,  # noqa: N803
        sourceRow: int,  # noqa: N803
        count: int,
        destinationParent: Index,  # noqa: N803
        destinationChild: int,  # noqa: N803
    ) -> bool:
        """Move one row (Qt's numbering: ``destinationChild`` is the row it goes before)."""
        if sourceParent.isValid() or destinationParent.isValid() or count != 1:
            return False
        if not 0 <= sourceRow < len(self._rows) or not 0 <= destinationChild <= len(self._rows):
            return False
        if destinationChild in (sourceRow, sourceRow + 1):
            return False  # no move
        target = destinationChild - 1 if destinationChild > sourceRow else destinationChild
        self.beginMoveRows(QModelIndex(), sourceRow, sourceRow, QModelIndex(), destinationChild)
        self._rows.insert(target, self._rows.pop(sourceRow))
        self.endMoveRows()
        self.move_requested.emit(sourceRow, target)
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
