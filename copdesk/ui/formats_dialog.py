"""Manage the community's agenda formats: see their items, rename or remove them.

The built-in proven format is listed first and cannot be renamed or removed (saving an agenda
under a new name makes an editable copy). Every change is an undoable command.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from copdesk.i18n import _
from copdesk.services import formats
from copdesk.ui import commands_sessions
from copdesk.ui.operations import Operations
from copdesk.ui.text import minutes_text

IdRole = Qt.ItemDataRole.UserRole + 1


class FormatsDialog(QDialog):
    def __init__(self, ops: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.setWindowTitle(_("Agenda formats"))
        self.list = QListWidget(self)
        self.list.setObjectName("formatsList")
        self.list.setAccessibleName(_("Agenda formats"))
        self.list.currentRowChanged.connect(self._on_current)
        self.items_label = QLabel(self)
        self.items_label.setWordWrap(True)
        self.items_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.rename_button = QPushButton(_("Re&name…"), self)
        self.rename_button.setAccessibleName(_("Rename agenda format"))
        self.rename_button.clicked.connect(self.rename_current)
        self.remove_button = QPushButton(_("&Remove"), self)
        self.remove_button.setAccessibleName(_("Remove agenda format"))
        self.remove_button.clicked.connect(self.remove_current)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.rejected.connect(self.reject)

        label = QLabel(_("&Formats:"), self)
        label.setBuddy(self.list)
        side = QVBoxLayout()
        side.addWidget(self.rename_button)
        side.addWidget(self.remove_button)
        side.addStretch(1)
        middle = QHBoxLayout()
        middle.addWidget(self.list, 1)
        middle.addLayout(side)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addLayout(middle, 1)
        layout.addWidget(self.items_label)
        layout.addWidget(self.buttons)
        self.resize(520, 360)
        self.reload()

    def reload(self, select_id: int | None = None) -> None:
        keep = select_id if select_id is not None else self.current_id()
        self.list.clear()
        self._rows = {row.id: row for row in self.ops.read(formats.list_formats)}
        for row in self._rows.values():
            text = row.name if not row.builtin else _("{name} (built in)").format(name=row.name)
            item = QListWidgetItem(text)
            item.setData(IdRole, row.id)
            self.list.addItem(item)
        rows = [self.list.item(i).data(IdRole) for i in range(self.list.count())]
        self.list.setCurrentRow(rows.index(keep) if keep in rows else 0)
        self._on_current()

    def current_id(self) -> int | None:
        item = self.list.currentItem()
        return item.data(IdRole) if item is not None else None

    def _on_current(self, _row: int = 0) -> None:
        fid = self.current_id()
        row = self._rows.get(fid) if self.list.currentItem() is not None else None
        editable = row is not None and not row.builtin
        self.rename_button.setEnabled(editable)
        self.remove_button.setEnabled(editable)
        if row is None:
            self.items_label.clear()
            return
        lines = [
            _("{title} — {duration}").format(
                title=i.title, duration=minutes_text(i.duration_minutes)
            )
            for i in row.items
        ]
        total = _("{duration} in all").format(duration=minutes_text(row.total_minutes))
        if row.planned_minutes:
            total = _("{total}; planned length {planned}").format(
                total=total, planned=minutes_text(row.planned_minutes)
            )
        self.items_label.setText("\n".join([*lines, total]))

    def rename_current(self) -> None:
        fid = self.current_id()
        row = self._rows.get(fid)
        if row is None or row.builtin:
            return
        name, ok = QInputDialog.getText(
            self, _("Rename format"), _("New name:"), QLineEdit.EchoMode.Normal, row.name
        )
        if not ok or name.strip() == row.name:
            return
        old = formats.FormatInput(row.name, row.items, row.planned_minutes)
        new = formats.FormatInput(name, row.items, row.planned_minutes)
        if self.ops.push(commands_sessions.SaveFormat(self.ops, new, fid, old)):
            self.reload(fid)

    def remove_current(self) -> None:
        fid = self.current_id()
        row = self._rows.get(fid)
        if row is None or row.builtin or fid is None:
            return
        if self.ops.push(commands_sessions.RemoveFormat(self.ops, fid, row.name)):
            self.reload(None)
