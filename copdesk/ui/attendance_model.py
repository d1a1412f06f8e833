"""One session's attendance sheet as a table model, and the delegates that edit it in place.

The model never writes to the file: an edit becomes :attr:`AttendanceModel.status_requested` or
:attr:`AttendanceModel.contributions_requested`, which the pane turns into an undoable core call.
What people did is shown in two columns in the community's own words: what they *shared*
(presented, gave a demo, hosted, brought food, taught) and what they *took* (attended, asked for
help, learned). The delegates follow the usual split: the value (a set of kinds), its editor (a
list of check boxes) and the delegate that connects the two.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QObject,
    QRect,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QListWidget,
    QListWidgetItem,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from copdesk.i18n import N_, _, window
from copdesk.models import AttendanceStatus
from copdesk.models.meeting import ContributionKind
from copdesk.services.attendance import AttendeeRow, kind_label
from copdesk.ui.table_model import Index, RowTableModel
from copdesk.ui.text import fold

SHARED_KINDS = (
    ContributionKind.PRESENTED,
    ContributionKind.DEMOED,
    ContributionKind.HOSTED,
    ContributionKind.BROUGHT_FOOD,
    ContributionKind.TAUGHT,
)
TOOK_KINDS = (ContributionKind.ATTENDED, ContributionKind.ASKED_FOR_HELP, ContributionKind.LEARNED)

STATUS_LABELS = {
    # Translators: an attendance status.
    AttendanceStatus.PRESENT: N_("present"),
    # Translators: an attendance status: said beforehand they could not come.
    AttendanceStatus.APOLOGISED: N_("apologised"),
    # Translators: an attendance status.
    AttendanceStatus.ABSENT: N_("absent"),
}


def status_label(status: AttendanceStatus) -> str:
    return _(STATUS_LABELS[AttendanceStatus(status)])


def kinds_text(kinds: frozenset[ContributionKind], among: tuple[ContributionKind, ...]) -> str:
    return window().format_list([kind_label(k) for k in among if k in kinds])


class AttendanceModel(RowTableModel[AttendeeRow]):
    NAME, STATUS, SHARED, TOOK = range(4)
    COLUMN_COUNT = 4
    KINDS = {SHARED: SHARED_KINDS, TOOK: TOOK_KINDS}  # column → the kinds it shows

    IdRole = Qt.ItemDataRole.UserRole + 1
    StatusRole = Qt.ItemDataRole.UserRole + 2
    KindsRole = Qt.ItemDataRole.UserRole + 3  # the kinds of this column (a frozenset)
    SortRole = Qt.ItemDataRole.UserRole + 4

    #: (member id, AttendanceStatus)
    status_requested = Signal(int, object)
    #: (member id, every kind they should have: frozenset[ContributionKind])
    contributions_requested = Signal(int, object)

    def attendee(self, row: int) -> AttendeeRow:
        return self.row_at(row)

    def counts(self) -> dict[AttendanceStatus, int]:
        out = dict.fromkeys(AttendanceStatus, 0)
        for r in self._rows:
            out[r.status] += 1
        return out

    def shared_count(self) -> int:
        """How many people shared something (not counting those who only took)."""
        return sum(1 for r in self._rows if r.contributions & set(SHARED_KINDS))

    # -- Qt model interface ---------------------------------------------------------------------
    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and index.column() != self.NAME:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not self.valid(index):
            return None
        r = self._rows[index.row()]
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if col == self.NAME:
                return r.name
            if col == self.STATUS:
                return status_label(r.status)
            return kinds_text(r.contributions, self.KINDS[col])
        if role == Qt.ItemDataRole.EditRole:
            if col == self.NAME:
                return r.name
            if col == self.STATUS:
                return r.status.value
            return [k.value for k in self.KINDS[col] if k in r.contributions]
        if role == Qt.ItemDataRole.ToolTipRole and col in self.KINDS:
            return _("Double-click or press F2 to change what {name} did.").format(name=r.name)
        if role == self.IdRole:
            return r.id
        if role == self.StatusRole:
            return r.status.value
        if role == self.KindsRole and col in self.KINDS:
            return [k.value for k in self.KINDS[col] if k in r.contributions]
        if role == self.SortRole:
            if col == self.STATUS:
                return list(AttendanceStatus).index(r.status)
            return fold(str(self.data(index)))
        return None

    def setData(  # noqa: N802
        self, index: Index, value: object, role: int = Qt.ItemDataRole.EditRole
    ) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        r = self._rows[index.row()]
        col = index.column()
        try:
            if col == self.STATUS:
                status = AttendanceStatus(value)
                if status == r.status:
                    return False
                self.status_requested.emit(r.id, status)
                return True
            if col in self.KINDS:
                among = set(self.KINDS[col])
                chosen = {ContributionKind(v) for v in value} & among  # type: ignore[attr-defined]
        except (TypeError, ValueError):
            return False
        if col not in self.KINDS:
            return False
        new = frozenset((r.contributions - among) | chosen)
        if new == r.contributions:
            return False
        self.contributions_requested.emit(r.id, new)
        return True

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return {
                self.NAME: _("Name"),
                self.STATUS: _("Status"),
                # Translators: column of what someone gave at a session (presented, brought food…).
                self.SHARED: _("Shared"),
                # Translators: column of what someone took from a session (attended, asked for help…).
                self.TOOK: _("Took"),
            }.get(section)
        if role == Qt.ItemDataRole.ToolTipRole:
            return {
                self.SHARED: _("Presented, gave a demo, hosted, brought food or taught something"),
                self.TOOK: _("Attended, asked for help or learned something"),
            }.get(section)
        return None


# -- delegates ------------------------------------------------------------------------------------


class StatusDelegate(QStyledItemDelegate):
    """Present / apologised / absent, chosen from a list."""

    def createEditor(  # noqa: N802
        self, parent: QWidget, option: QStyleOptionViewItem, index: Index
    ) -> QWidget:
        combo = QComboBox(parent)
        combo.setAccessibleName(_("Attendance status"))
        for status in AttendanceStatus:
            combo.addItem(status_label(status), status.value)
        combo.activated.connect(lambda _i: self.commitData.emit(combo))
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:  # noqa: N802
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.ItemDataRole.EditRole))))

    def setModelData(  # noqa: N802
        self, editor: QWidget, model: QAbstractItemModel, index: Index
    ) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class KindsEditor(QListWidget):
    """Check boxes for some kinds of contribution; taller than its cell, so it overlaps the rows
    below while open. Space ticks, Enter keeps the choice, Escape drops it."""

    def __init__(self, kinds: tuple[ContributionKind, ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(_("What they did"))
        for kind in kinds:
            item = QListWidgetItem(kind_label(kind), self)
            item.setData(Qt.ItemDataRole.UserRole, kind.value)
            item.setFlags(
                Qt.ItemFlag.ItemIsEnabled
                | Qt.ItemFlag.ItemIsUserCheckable
                | Qt.ItemFlag.ItemIsSelectable
            )
            item.setCheckState(Qt.CheckState.Unchecked)
        self.setCurrentRow(0)
        self.itemActivated.connect(self._toggle)

    def _toggle(self, item: QListWidgetItem) -> None:
        checked = item.checkState() == Qt.CheckState.Checked
        item.setCheckState(Qt.CheckState.Unchecked if checked else Qt.CheckState.Checked)

    def set_value(self, values: list[str]) -> None:
        for i in range(self.count()):
            item = self.item(i)
            on = item.data(Qt.ItemDataRole.UserRole) in values
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def value(self) -> list[str]:
        return [
            self.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.count())
            if self.item(i).checkState() == Qt.CheckState.Checked
        ]

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Space and self.currentItem() is not None:
            self._toggle(self.currentItem())
            return
        super().keyPressEvent(event)


class KindsDelegate(QStyledItemDelegate):
    def createEditor(  # noqa: N802
        self, parent: QWidget, option: QStyleOptionViewItem, index: Index
    ) -> QWidget:
        kinds = AttendanceModel.KINDS.get(index.column(), ())
        editor = KindsEditor(kinds, parent)
        editor.installEventFilter(self)
        return editor

    def setEditorData(self, editor: QWidget, index: Index) -> None:  # noqa: N802
        assert isinstance(editor, KindsEditor)
        editor.set_value(list(index.data(Qt.ItemDataRole.EditRole) or []))

    def setModelData(  # noqa: N802
        self, editor: QWidget, model: QAbstractItemModel, index: Index
    ) -> None:
        assert isinstance(editor, KindsEditor)
        model.setData(index, editor.value(), Qt.ItemDataRole.EditRole)

    def updateEditorGeometry(  # noqa: N802
        self, editor: QWidget, option: QStyleOptionViewItem, index: Index
    ) -> None:
        assert isinstance(editor, KindsEditor)
        rows = max(1, editor.count())
        height = editor.sizeHintForRow(0) * rows + 2 * editor.frameWidth() + 2
        rect = QRect(option.rect)
        rect.setHeight(max(rect.height(), height))
        rect.setWidth(max(rect.width(), editor.sizeHintForColumn(0) + 2 * editor.frameWidth() + 8))
        editor.setGeometry(rect)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        # Enter keeps the choice (the list would otherwise take it as "activate an item").
        if (
            isinstance(watched, KindsEditor)
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self.commitData.emit(watched)
            self.closeEditor.emit(watched, QStyledItemDelegate.EndEditHint.NoHint)
            return True
        return super().eventFilter(watched, event)
