"""A session's timed agenda: edit titles and minutes in place, add, remove and reorder items.

Each edit is one undoable ``set_agenda`` call with the whole new list; undo puts the old list back.
The table has no sort proxy on purpose: the order of the rows *is* the agenda.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from copdesk.i18n import _
from copdesk.services.meetings import ItemInput, MeetingDetail, clock, get_meeting
from copdesk.ui import commands
from copdesk.ui.agenda_model import AgendaModel
from copdesk.ui.minutes_delegate import MinutesDelegate
from copdesk.ui.operations import Operations
from copdesk.ui.text import minutes_text, time_range

NEW_ITEM_MINUTES = 10


class AgendaEditor(QWidget):
    def __init__(self, ops: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.detail: MeetingDetail | None = None
        self.model = AgendaModel(self)
        # Queued: the model's setData returns before the file changes and the model is reloaded.
        self.model.edit_requested.connect(
            self._on_edit_in_place, Qt.ConnectionType.QueuedConnection
        )

        self.table = QTableView(self)
        self.table.setObjectName("agendaTable")
        self.table.setAccessibleName(_("Agenda"))
        self.table.setModel(self.model)
        self.table.setItemDelegateForColumn(AgendaModel.MINUTES, MinutesDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.table.setWordWrap(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(AgendaModel.TIME, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(AgendaModel.TITLE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(AgendaModel.MINUTES, QHeaderView.ResizeMode.ResizeToContents)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)

        self.add_button = QPushButton(_("Add &item"), self)
        self.add_button.setAccessibleName(_("Add agenda item"))
        self.add_button.clicked.connect(self.add_item)
        self.remove_button = QPushButton(_("Remo&ve item"), self)
        self.remove_button.setAccessibleName(_("Remove agenda item"))
        self.remove_button.clicked.connect(self.remove_item)
        self.up_button = QPushButton(_("Move &up"), self)
        self.up_button.setAccessibleName(_("Move agenda item up"))
        self.up_button.setToolTip(_("Move the item earlier (Alt+Up)"))
        self.up_button.clicked.connect(lambda: self.move_item(-1))
        self.down_button = QPushButton(_("Move do&wn"), self)
        self.down_button.setAccessibleName(_("Move agenda item down"))
        self.down_button.setToolTip(_("Move the item later (Alt+Down)"))
        self.down_button.clicked.connect(lambda: self.move_item(1))

        for key, slot in (
            (QKeySequence(QKeySequence.StandardKey.Delete), self.remove_item),
            (QKeySequence("Alt+Up"), lambda: self.move_item(-1)),
            (QKeySequence("Alt+Down"), lambda: self.move_item(1)),
            (QKeySequence("Insert"), self.add_item),
        ):
            action = QAction(self.table)
            action.setShortcut(key)
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            action.triggered.connect(slot)
            self.table.addAction(action)

        self.total_label = QLabel(self)
        self.total_label.setObjectName("agendaTotal")
        self.total_label.setWordWrap(True)

        buttons = QHBoxLayout()
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.total_label)
        self._update_buttons()

    # -- showing --------------------------------------------------------------------------------------
    def set_detail(self, detail: MeetingDetail | None) -> None:
        row = self.current_row()
        same = (
            self.detail is not None
            and detail is not None
            and (self.detail.meeting.id == detail.meeting.id)
        )
        self.detail = detail
        self.model.set_rows(detail.items if detail else [])
        if same and row is not None:
            self.select_row(row)
        self._update_total()
        self._update_buttons()

    def _update_total(self) -> None:
        if self.detail is None:
            self.total_label.clear()
            return
        m = self.detail.meeting
        total = self.model.total_minutes()
        end = clock(m.date, m.start_time, total)
        # Translators: e.g. "75 minutes in all: 18:00–19:15".
        text = _("{duration} in all: {span}")
        self.total_label.setText(
            text.format(duration=minutes_text(total), span=time_range(m.start_time, end))
        )

    def current_row(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    def select_row(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            self.table.selectionModel().setCurrentIndex(
                self.model.index(row, AgendaModel.TITLE),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )

    def _update_buttons(self) -> None:
        row = self.current_row()
        has_meeting = self.detail is not None
        self.add_button.setEnabled(has_meeting)
        self.remove_button.setEnabled(row is not None)
        self.up_button.setEnabled(row is not None and row > 0)
        self.down_button.setEnabled(row is not None and row < self.model.rowCount() - 1)

    # -- changing -------------------------------------------------------------------------------------
    def _apply(self, items: list[ItemInput], text: str, select: int | None = None) -> bool:
        if self.detail is None:
            return False
        meeting_id = self.detail.meeting.id
        ok = self.ops.push(
            commands.SetAgenda(self.ops, meeting_id, self.model.items(), items, text)
        )
        if not ok:
            # Show what the file holds again (an edit in place may have been refused).
            self.set_detail(self.ops.read(get_meeting, meeting_id))
        if ok and select is not None:
            self.select_row(select)
        return ok

    def _on_edit_in_place(self, items: list[ItemInput]) -> None:
        row = self.current_row()
        self._apply(items, _("Edit agenda item"), row)

    def add_item(self) -> None:
        items = self.model.items()
        row = self.current_row()
        at = len(items) if row is None else row + 1
        items.insert(at, ItemInput(_("New item"), NEW_ITEM_MINUTES))
        if self._apply(items, _("Add agenda item"), at):
            self.table.setFocus()
            self.table.edit(self.model.index(at, AgendaModel.TITLE))

    def remove_item(self) -> None:
        row = self.current_row()
        if row is None:
            return
        items = self.model.items()
        del items[row]
        self._apply(items, _("Remove agenda item"), min(row, len(items) - 1))

    def move_item(self, step: int) -> None:
        row = self.current_row()
        if row is None or not 0 <= row + step < self.model.rowCount():
            return
        items = self.model.items()
        items[row], items[row + step] = items[row + step], items[row]
        self._apply(items, _("Move agenda item"), row + step)
