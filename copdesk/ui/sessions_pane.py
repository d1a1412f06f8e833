"""The Sessions tab: upcoming and past sessions on one side, the chosen one's editor beside it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QStyle,
    QTabBar,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from copdesk.i18n import _, ngettext
from copdesk.services import meetings
from copdesk.ui import commands, commands_sessions, messages
from copdesk.ui.checkin_pane import CheckinPane
from copdesk.ui.operations import MEETING, Operations
from copdesk.ui.pairs_pane import PairsPane
from copdesk.ui.potluck_pane import PotluckPane
from copdesk.ui.session_editor import SessionEditor
from copdesk.ui.session_model import SessionFilterProxy, SessionTableModel, When
from copdesk.ui.text import date_text, without_mnemonic


class SessionsPane(QWidget):
    status_message = Signal(str)
    #: the user asked to print this session's agenda
    print_requested = Signal(int)

    def __init__(
        self,
        ops: Operations,
        parent: QWidget | None = None,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        super().__init__(parent)
        self.ops = ops
        self.today = today
        self._sized = False
        self.model = SessionTableModel(self)
        self.proxy = SessionFilterProxy(self)
        self.proxy.setSourceModel(self.model)

        self.when_bar = QTabBar(self)
        self.when_bar.setObjectName("sessionsWhen")
        self.when_bar.setAccessibleName(_("Which sessions to show"))
        self.when_bar.setDrawBase(False)
        self.when_bar.setExpanding(False)
        for _when in When:
            self.when_bar.addTab("")
        self.when_bar.currentChanged.connect(self._on_when)

        self.table = QTableView(self)
        self.table.setObjectName("sessionsTable")
        self.table.setAccessibleName(_("Sessions"))
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(SessionTableModel.TOPIC, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().selectionChanged.connect(self._on_current)
        self.table.activated.connect(lambda _i: self.editor.topic.setFocus())

        self.empty = QLabel(self)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setEnabled(False)
        self.list_stack = QStackedWidget(self)
        self.list_stack.addWidget(self.table)
        self.list_stack.addWidget(self.empty)

        self.new_button = QPushButton(_("&New session"), self)
        self.new_button.setAccessibleName(_("New session"))
        self.new_button.clicked.connect(self.new_session)
        self.remove_button = QPushButton(_("&Remove"), self)
        self.remove_button.setAccessibleName(_("Remove session"))
        self.remove_button.clicked.connect(self.remove_selected)
        self.print_button = QPushButton(_("&Print agenda…"), self)
        self.print_button.setAccessibleName(_("Print agenda"))
        self.print_button.clicked.connect(self._request_print)

        self.remove_action = QAction(_("Remove session"), self.table)
        self.remove_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        self.remove_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.remove_action.triggered.connect(self.remove_selected)
        self.table.addAction(self.remove_action)

        # Planning: cancel/reinstate one session, plan like the last one, recurring schedule.
        self.cancel_button = QPushButton(_("&Cancel session"), self)
        self.cancel_button.setAccessibleName(_("Cancel or reinstate the session"))
        self.cancel_button.clicked.connect(self.toggle_cancelled)
        self.cancel_action = QAction(_("Cancel session"), self.table)
        self.cancel_action.triggered.connect(self.toggle_cancelled)
        self.table.addAction(self.cancel_action)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.plan_menu = QMenu(self)
        self.like_last_action = self.plan_menu.addAction(
            _("Plan the next session &like the last one"), self.plan_like_last
        )
        self.schedule_action = self.plan_menu.addAction(
            _("Recurring &schedule…"), self.edit_schedule
        )
        self.announce_action = self.plan_menu.addAction(_("&Announcement…"), self.show_announcement)
        self.plan_button = QPushButton(_("&More"), self)
        self.plan_button.setAccessibleName(_("More ways to plan sessions"))
        self.plan_button.setMenu(self.plan_menu)

        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.when_bar)
        left_layout.addWidget(self.list_stack, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.remove_button)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.plan_button)
        buttons.addStretch(1)
        buttons.addWidget(self.print_button)
        left_layout.addLayout(buttons)

        self.editor = SessionEditor(ops, self)
        self.placeholder = QLabel(_("Choose a session in the list, or make a new one."), self)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.placeholder.setEnabled(False)
        scroll = QScrollArea(self)
        scroll.setWidget(self.editor)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.editor_stack = QStackedWidget(self)
        self.editor_stack.addWidget(self.placeholder)
        # What happens at the session, in tabs beside its plan (each pane follows the selection):
        # one row of tabs under the session's heading (Plan, Roles, Attendance, Pairs, Potluck,
        # After the session, Resources), not tabs inside a tab.
        self.session_tabs = self.editor.tabs
        self.checkin = CheckinPane(ops, self)
        self.pairs = PairsPane(ops, self)
        self.potluck = PotluckPane(ops, self)
        self.editor.add_part(self.checkin, _("Attendance"))
        self.editor.add_part(self.pairs, _("Pairs"))
        self.editor.add_part(self.potluck, _("Potluck"))
        for part in (self.checkin, self.pairs, self.potluck):
            part.status_message.connect(self.status_message)
        self.editor_stack.addWidget(scroll)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.editor_stack)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter)

        QWidget.setTabOrder(self.when_bar, self.table)
        QWidget.setTabOrder(self.table, self.new_button)
        QWidget.setTabOrder(self.new_button, self.remove_button)
        QWidget.setTabOrder(self.remove_button, self.cancel_button)
        QWidget.setTabOrder(self.cancel_button, self.plan_button)
        QWidget.setTabOrder(self.plan_button, self.print_button)
        QWidget.setTabOrder(self.print_button, self.editor.date)

        ops.changed.connect(self._on_changed)
        self.reload()
        self._on_when(When.UPCOMING)
        if self.proxy.rowCount():
            # Open on the next session: it is the one a convener usually comes to prepare.
            self._select_row(0)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        if not self._sized:
            self._sized = True
            total = max(self.splitter.width(), 800)
            # The session's form and its whole row of tabs (longer in Spanish or German) get the
            # room they need if the list can spare it, rather than scrolling sideways.
            margins = self.editor.layout().contentsMargins()
            needed = max(
                self.editor.minimumSizeHint().width(),
                self.editor.tabs.tabBar().sizeHint().width() + margins.left() + margins.right(),
            ) + self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
            spare = total - self.splitter.widget(0).minimumSizeHint().width()
            right = max(total * 9 // 20, min(needed, spare))
            self.splitter.setSizes([total - right, right])

    # -- reading ------------------------------------------------------------------------------------
    def reload(self, select_id: int | None = None) -> None:
        keep = select_id if select_id is not None else self.selected_id()
        self.model.set_rows(self.ops.read(meetings.list_meetings), self.today())
        self._update_tab_texts()
        if keep and not self.select_session(keep):
            keep = None
        if not keep:
            self.editor.set_meeting(None)
            self.editor_stack.setCurrentWidget(self.placeholder)
        self._show_empty_state()
        self._update_buttons()
        self._resize_columns()

    def _resize_columns(self) -> None:
        header = self.table.horizontalHeader()
        for col in range(SessionTableModel.COLUMN_COUNT):
            if col != SessionTableModel.TOPIC:
                self.table.resizeColumnToContents(col)
                header.resizeSection(col, min(header.sectionSize(col), 260))

    def _update_tab_texts(self) -> None:
        upcoming, past = self.model.counts()
        self.when_bar.setTabText(When.UPCOMING, _("Upcoming ({count})").format(count=upcoming))
        self.when_bar.setTabText(When.PAST, _("Past ({count})").format(count=past))
        self.when_bar.setTabText(When.ALL, _("All ({count})").format(count=upcoming + past))

    def _show_empty_state(self) -> None:
        if self.proxy.rowCount():
            self.list_stack.setCurrentWidget(self.table)
            return
        if self.model.rowCount() == 0:
            text = _("No sessions yet — press “New session” to plan the next one.")
        elif self.proxy.when == When.UPCOMING:
            text = _("No upcoming sessions — press “New session” to plan the next one.")
        else:
            text = _("No past sessions yet.")
        self.empty.setText(text)
        self.list_stack.setCurrentWidget(self.empty)

    def _on_when(self, index: int) -> None:
        when = When(index)
        if self.when_bar.currentIndex() != index:
            self.when_bar.setCurrentIndex(index)
            return  # currentChanged calls us again
        keep = self.selected_id()
        self.proxy.set_when(when)
        # Upcoming: soonest first. Past: the most recent first.
        order = Qt.SortOrder.DescendingOrder if when == When.PAST else Qt.SortOrder.AscendingOrder
        self.table.sortByColumn(SessionTableModel.DATE, order)
        if not (keep and self.select_session(keep, switch_filter=False)) and self.proxy.rowCount():
            self._select_row(0)
        self._show_empty_state()
        self._update_buttons()

    def _on_changed(self, kind: str, ident: int) -> None:
        self.reload(ident if kind == MEETING and ident else None)

    def _select_row(self, row: int) -> None:
        """Select a whole row (QTableView.selectRow fails in right-to-left before the view is laid out)."""
        index = self.proxy.index(row, 0)
        if index.isValid():
            self.table.selectionModel().setCurrentIndex(
                index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )

    def selected_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].data(SessionTableModel.IdRole) if rows else None

    def select_session(self, meeting_id: int, *, switch_filter: bool = True) -> bool:
        source_row = next(
            (r for r in range(self.model.rowCount()) if self.model.meeting(r).id == meeting_id),
            None,
        )
        if source_row is None:
            return False
        index = self.proxy.mapFromSource(self.model.index(source_row, 0))
        if not index.isValid():
            if not switch_filter:
                return False
            upcoming = self.model.meeting(source_row).is_upcoming(self.today())
            self._on_when(When.UPCOMING if upcoming else When.PAST)
            index = self.proxy.mapFromSource(self.model.index(source_row, 0))
        self.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(index)
        # Reloading the list keeps the same current row: show the file's new state anyway.
        self._show_editor(meeting_id)
        return True

    def _on_current(self) -> None:
        self._show_editor(self.selected_id())
        self._update_buttons()

    def _show_editor(self, meeting_id: int | None) -> None:
        self.editor.set_meeting(meeting_id)
        for part in (self.checkin, self.pairs, self.potluck):
            part.set_meeting(meeting_id)
        self.editor_stack.setCurrentIndex(1 if meeting_id else 0)

    def _update_buttons(self) -> None:
        has = self.selected_id() is not None
        self.remove_button.setEnabled(has)
        self.remove_action.setEnabled(has)
        self._update_cancel_button()
        self.print_button.setEnabled(has or self.model.rowCount() > 0)

    def session_to_print(self) -> int | None:
        """The selected session, else the next one, else the latest."""
        chosen = self.selected_id()
        if chosen:
            return chosen
        upcoming = self.ops.read(meetings.next_meeting_id, self.today())
        if upcoming:
            return upcoming
        count = self.model.rowCount()
        return self.model.meeting(count - 1).id if count else None

    def _request_print(self) -> None:
        meeting_id = self.session_to_print()
        if meeting_id:
            self.print_requested.emit(meeting_id)

    # -- changing -----------------------------------------------------------------------------------
    def new_session(self) -> None:
        proposal = self.ops.read(meetings.suggest_next, self.today())
        command = commands.AddMeeting(self.ops, proposal)
        if self.ops.push(command) and command.row is not None:
            self.select_session(command.row.id)
            self.editor.topic.setFocus()
            self.status_message.emit(
                _("Planned a session on {date}.").format(date=date_text(command.row.date, "full"))
            )

    def remove_selected(self) -> None:
        meeting_id = self.selected_id()
        if meeting_id is None:
            return
        row = self.table.selectionModel().selectedRows()[0].row()
        source = self.proxy.mapToSource(self.table.selectionModel().selectedRows()[0])
        label = date_text(self.model.meeting(source.row()).date, "medium")
        if self.ops.push(commands.RemoveMeeting(self.ops, meeting_id, label)):
            count = self.proxy.rowCount()
            if count:
                self._select_row(min(row, count - 1))
            self.status_message.emit(
                _("Removed the session of {date} — Undo with {shortcut}").format(
                    date=label, shortcut=messages.undo_shortcut_text()
                )
            )

    # -- planning -----------------------------------------------------------------------------------
    def _selected_row(self) -> meetings.MeetingRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.meeting(self.proxy.mapToSource(rows[0]).row()) if rows else None

    def _update_cancel_button(self) -> None:
        row = self._selected_row()
        cancelled = row is not None and row.cancelled
        text = _("Re&instate session") if cancelled else _("&Cancel session")
        self.cancel_button.setText(text)
        self.cancel_action.setText(without_mnemonic(text))
        self.cancel_button.setEnabled(row is not None)
        self.cancel_action.setEnabled(row is not None)

    def toggle_cancelled(self) -> None:
        row = self._selected_row()
        if row is None:
            return
        label = date_text(row.date, "medium")
        cancel = not row.cancelled
        if self.ops.push(commands_sessions.SetCancelled(self.ops, row.id, cancel, label)):
            message = (
                _("Cancelled the session of {date} — Undo with {shortcut}")
                if cancel
                else _("Reinstated the session of {date} — Undo with {shortcut}")
            )
            self.status_message.emit(
                message.format(date=label, shortcut=messages.undo_shortcut_text())
            )

    def plan_like_last(self) -> None:
        command = commands_sessions.PlanLikeLast(self.ops, self.today())
        if self.ops.push(command) and command.row is not None:
            self.select_session(command.row.id)
            self.editor.topic.setFocus()
            self.status_message.emit(
                _("Planned a session on {date} like the last one.").format(
                    date=date_text(command.row.date, "full")
                )
            )

    def edit_schedule(self) -> None:
        from copdesk.ui.schedule_dialog import ScheduleDialog

        dialog = ScheduleDialog(self.ops, self.today(), self)
        if dialog.exec() and dialog.command is not None and dialog.command.report is not None:
            created = len(dialog.command.report.created)
            self.status_message.emit(
                ngettext(
                    "The schedule planned {count} new session.",
                    "The schedule planned {count} new sessions.",
                    created,
                ).format(count=created)
            )

    def show_announcement(self) -> None:
        """The announcement of the selected session if it is upcoming, else of the next one."""
        from copdesk.ui.announcement_dialog import make_announcement

        row = self._selected_row()
        chosen = row.id if row is not None and row.is_upcoming(self.today()) else None
        dialog = make_announcement(self, self.ops, chosen, self.today())
        if dialog is not None:
            dialog.exec()
