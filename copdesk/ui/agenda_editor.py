"""A session's timed agenda: edit titles and minutes in place, add, remove and reorder items
(drag and drop, or Move up/down), choose an agenda format, and set a planned length.

Each edit is one undoable core call; undo puts the old agenda back. The table has no sort proxy
on purpose: the order of the rows *is* the agenda.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QSpinBox,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from copdesk.i18n import _
from copdesk.services import formats
from copdesk.services.meetings import ItemInput, MeetingDetail, get_meeting
from copdesk.ui import commands, commands_sessions
from copdesk.ui.agenda_model import AgendaModel
from copdesk.ui.minutes_delegate import MinutesDelegate
from copdesk.ui.operations import Operations
from copdesk.ui.text import minutes_text, time_range, time_text

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
        self.model.move_requested.connect(self._on_dropped, Qt.ConnectionType.QueuedConnection)

        # The format row: choose a format, save this agenda as one, manage them.
        self.format_combo = QComboBox(self)
        self.format_combo.setObjectName("agendaFormat")
        self.format_combo.setAccessibleName(_("Agenda format"))
        format_label = QLabel(_("&Format:"), self)
        format_label.setBuddy(self.format_combo)
        self.apply_format_button = QPushButton(_("&Use"), self)
        self.apply_format_button.setAccessibleName(_("Use this format for the agenda"))
        self.apply_format_button.setToolTip(
            _("Replace this session's agenda with the items of the chosen format")
        )
        self.apply_format_button.clicked.connect(self.apply_format)
        # Saving and managing formats are less frequent: a menu keeps the row narrow.
        self.formats_menu = QMenu(self)
        self.save_format_action = self.formats_menu.addAction(
            _("&Save this agenda as a format…"), self.save_as_format
        )
        self.manage_formats_action = self.formats_menu.addAction(
            _("&Manage formats…"), self.manage_formats
        )
        self.formats_button = QPushButton(_("F&ormats"), self)
        self.formats_button.setAccessibleName(_("Save or manage agenda formats"))
        self.formats_button.setMenu(self.formats_menu)

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
        # Drag a row to another place; the model turns the drop into one undoable move.
        self.table.setDragEnabled(True)
        self.table.setAcceptDrops(True)
        self.table.setDropIndicatorShown(True)
        self.table.setDragDropOverwriteMode(False)
        self.table.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.table.setDefaultDropAction(Qt.DropAction.MoveAction)
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

        # The planned length, and the overrun flag (an icon and words, never colour alone).
        self.planned = QSpinBox(self)
        self.planned.setObjectName("agendaPlanned")
        self.planned.setAccessibleName(_("Planned length in minutes"))
        self.planned.setRange(0, formats.MAX_PLANNED_MINUTES)
        self.planned.setSingleStep(5)
        # Translators: the planned-length box when no length is set.
        self.planned.setSpecialValueText(_("not set"))
        self.planned.setSuffix(_(" min"))
        self.planned.setKeyboardTracking(False)
        self.planned.editingFinished.connect(self.commit_planned)
        self.planned.valueChanged.connect(lambda _v: self.commit_planned())
        planned_label = QLabel(_("&Planned length:"), self)
        planned_label.setBuddy(self.planned)
        self.overrun_icon = QLabel(self)
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
        self.overrun_icon.setPixmap(
            self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(size)
        )
        self.overrun_label = QLabel(self)
        self.overrun_label.setObjectName("agendaOverrun")
        self.overrun_label.setWordWrap(True)
        font = self.overrun_label.font()
        font.setBold(True)
        self.overrun_label.setFont(font)
        self.overrun = QWidget(self)
        overrun_layout = QHBoxLayout(self.overrun)
        overrun_layout.setContentsMargins(0, 0, 0, 0)
        overrun_layout.addWidget(self.overrun_icon)
        overrun_layout.addWidget(self.overrun_label, 1)
        self.overrun.hide()

        format_row = QHBoxLayout()
        format_row.addWidget(format_label)
        format_row.addWidget(self.format_combo, 1)
        format_row.addWidget(self.apply_format_button)
        format_row.addWidget(self.formats_button)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        planned_row = QHBoxLayout()
        planned_row.addWidget(planned_label)
        planned_row.addWidget(self.planned)
        planned_row.addWidget(self.total_label, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(format_row)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addLayout(planned_row)
        layout.addWidget(self.overrun)
        order = [self.format_combo, self.apply_format_button, self.formats_button]
        order += [self.table, self.add_button, self.remove_button]
        order += [self.up_button, self.down_button, self.planned]
        for a, b in zip(order, order[1:], strict=False):
            QWidget.setTabOrder(a, b)
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
        planned = detail.meeting.planned_minutes if detail else None
        self.model.set_rows(detail.items if detail else [], planned)
        if same and row is not None:
            self.select_row(row)
        self.planned.blockSignals(True)
        self.planned.setValue(planned or 0)
        self.planned.blockSignals(False)
        self._fill_formats()
        self._update_total()
        self._update_buttons()

    def _fill_formats(self) -> None:
        keep = self.format_combo.currentData()
        self.format_combo.clear()
        for row in self.ops.read(formats.list_formats):
            label = row.name
            if row.builtin:
                # Translators: the built-in agenda format, shown first in the list.
                label = _("{name} (built in)").format(name=row.name)
            self.format_combo.addItem(label, row.id)
            self.format_combo.setItemData(
                self.format_combo.count() - 1,
                _("{duration}: {items}").format(
                    duration=minutes_text(row.total_minutes),
                    items=", ".join(i.title for i in row.items),
                ),
                Qt.ItemDataRole.ToolTipRole,
            )
        self.format_combo.setCurrentIndex(max(0, self.format_combo.findData(keep)))

    def timing(self) -> formats.Timing | None:
        if self.detail is None:
            return None
        m = self.detail.meeting
        return formats.timing(m.date, m.start_time, self.model.items(), m.planned_minutes)

    def _update_total(self) -> None:
        timing = self.timing()
        if timing is None:
            self.total_label.clear()
            self.overrun.hide()
            return
        # Translators: e.g. "75 minutes in all: 18:00–19:15".
        text = _("{duration} in all: {span}")
        self.total_label.setText(
            text.format(
                duration=minutes_text(timing.total_minutes),
                span=time_range(timing.start_time, timing.end_time),
            )
        )
        if timing.overruns and timing.planned_end is not None:
            message = _(
                "The agenda runs {minutes} over the planned length (planned to end at {end})."
            ).format(
                minutes=minutes_text(timing.overrun_minutes), end=time_text(timing.planned_end)
            )
            self.overrun_label.setText(message)
            self.overrun.setAccessibleName(message)
            self.overrun.show()
        else:
            self.overrun_label.clear()
            self.overrun.hide()

    def overruns(self) -> bool:
        timing = self.timing()
        return bool(timing and timing.overruns)

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
        for widget in (
            self.add_button,
            self.format_combo,
            self.apply_format_button,
            self.save_format_action,
            self.planned,
        ):
            widget.setEnabled(has_meeting)
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
        self._move(row, row + step)

    def _on_dropped(self, source: int, target: int) -> None:
        self._move(source, target)

    def _move(self, source: int, target: int) -> None:
        if self.detail is None:
            return
        meeting_id = self.detail.meeting.id
        cmd = commands_sessions.MoveAgendaItem(self.ops, meeting_id, source, target)
        if self.ops.push(cmd):
            self.select_row(target)
        else:
            self.set_detail(self.ops.read(get_meeting, meeting_id))

    def commit_planned(self) -> None:
        if self.detail is None:
            return
        old = self.detail.meeting.planned_minutes
        new = self.planned.value() or None
        if new != old:
            self.ops.push(
                commands_sessions.SetPlannedMinutes(self.ops, self.detail.meeting.id, old, new)
            )

    # -- formats --------------------------------------------------------------------------------------
    def apply_format(self) -> None:
        if self.detail is None or self.format_combo.currentIndex() < 0:
            return
        format_id = self.format_combo.currentData()
        name = self.ops.read(formats.get_format, format_id).name
        self.ops.push(
            commands_sessions.ApplyFormat(self.ops, self.detail.meeting.id, format_id, name)
        )

    def save_as_format(self) -> None:
        if self.detail is None:
            return
        name, ok = QInputDialog.getText(
            self,
            _("Save as format"),
            _("Name of the new agenda format:"),
            QLineEdit.EchoMode.Normal,
            self.detail.meeting.topic,
        )
        if not ok:
            return
        data = formats.FormatInput(name, self.model.items(), self.detail.meeting.planned_minutes)
        cmd = commands_sessions.SaveFormat(self.ops, data)
        if self.ops.push(cmd):
            self._fill_formats()
            self.format_combo.setCurrentIndex(max(0, self.format_combo.findData(cmd.format_id)))

    def manage_formats(self) -> None:
        from copdesk.ui.formats_dialog import FormatsDialog

        FormatsDialog(self.ops, self).exec()
        self._fill_formats()
