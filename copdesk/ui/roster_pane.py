"""The Roster tab: who belongs to the community, searchable, with add/edit/remove."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from copdesk.i18n import _, ngettext
from copdesk.services import roster
from copdesk.ui import commands, messages
from copdesk.ui.member_dialog import MemberDialog
from copdesk.ui.member_model import MemberFilterProxy, MemberTableModel
from copdesk.ui.operations import MEMBER, Operations


class RosterPane(QWidget):
    #: a sentence for the status bar
    status_message = Signal(str)

    def __init__(self, ops: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.model = MemberTableModel(self)
        self.proxy = MemberFilterProxy(self)
        self.proxy.setSourceModel(self.model)

        self.search = QLineEdit(self)
        self.search.setObjectName("rosterSearch")
        self.search.setPlaceholderText(_("Search name, organisation or email"))
        self.search.setAccessibleName(_("Search members"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._on_search)

        self.table = QTableView(self)
        self.table.setObjectName("rosterTable")
        self.table.setAccessibleName(_("Members"))
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(MemberTableModel.NAME, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(MemberTableModel.ORGANISATION, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())
        self.table.activated.connect(lambda _index: self.edit_selected())
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)

        self.empty = QLabel(self)
        self.empty.setObjectName("rosterEmpty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setEnabled(False)  # the palette's disabled text: quiet in light and dark themes
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)

        self.add_button = QPushButton(_("&Add member…"), self)
        self.add_button.setAccessibleName(_("Add member"))
        self.add_button.clicked.connect(self.add_member)
        self.edit_button = QPushButton(_("&Edit…"), self)
        self.edit_button.setAccessibleName(_("Edit member"))
        self.edit_button.clicked.connect(self.edit_selected)
        self.remove_button = QPushButton(_("&Remove"), self)
        self.remove_button.setAccessibleName(_("Remove member"))
        self.remove_button.clicked.connect(self.remove_selected)

        self.remove_action = QAction(_("Remove member"), self.table)
        self.remove_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        self.remove_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.remove_action.triggered.connect(self.remove_selected)
        self.table.addAction(self.remove_action)

        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        self.count_label = QLabel(self)
        buttons.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.stack, 1)
        layout.addLayout(buttons)

        QWidget.setTabOrder(self.search, self.table)
        QWidget.setTabOrder(self.table, self.add_button)
        QWidget.setTabOrder(self.add_button, self.edit_button)
        QWidget.setTabOrder(self.edit_button, self.remove_button)

        ops.changed.connect(self._on_changed)
        self.reload()

    # -- reading ------------------------------------------------------------------------------------
    def reload(self, select_id: int | None = None) -> None:
        keep = select_id if select_id is not None else self.selected_id()
        self.model.set_rows(self.ops.read(roster.list_members))
        self._show_empty_state()
        if keep:
            self.select_member(keep)
        self._update_buttons()
        self._resize_columns()

    def _resize_columns(self) -> None:
        header = self.table.horizontalHeader()
        for col in range(MemberTableModel.COLUMN_COUNT):
            if col != MemberTableModel.ORGANISATION:
                self.table.resizeColumnToContents(col)
                header.resizeSection(col, min(max(header.sectionSize(col), 90), 320))

    def _on_changed(self, kind: str, ident: int) -> None:
        self.reload(ident if kind == MEMBER and ident else None)

    def _on_search(self, text: str) -> None:
        self.proxy.set_search(text)
        self._show_empty_state()

    def _show_empty_state(self) -> None:
        total = self.model.rowCount()
        shown = self.proxy.rowCount()
        if total == 0:
            self.empty.setText(_("No members yet — add the first one."))
        elif shown == 0:
            self.empty.setText(
                _("No member matches “{text}”.").format(text=self.search.text().strip())
            )
        self.stack.setCurrentWidget(self.table if shown else self.empty)
        if total and shown == total:
            self.count_label.setText(
                ngettext("{count} member", "{count} members", total).format(count=total)
            )
        elif total:
            self.count_label.setText(
                ngettext("{shown} of {count} member", "{shown} of {count} members", total).format(
                    shown=shown, count=total
                )
            )
        else:
            self.count_label.clear()

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
        if not rows:
            return None
        return rows[0].data(MemberTableModel.IdRole)

    def select_member(self, member_id: int) -> bool:
        source_row = self.model.row_of(member_id)
        if source_row is None:
            return False
        index = self.proxy.mapFromSource(self.model.index(source_row, 0))
        if not index.isValid():
            return False
        self.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(index)
        return True

    def _selected_member(self) -> roster.MemberRow | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        source: QModelIndex = self.proxy.mapToSource(rows[0])
        return self.model.member(source.row())

    def _update_buttons(self) -> None:
        has = self.selected_id() is not None
        self.edit_button.setEnabled(has)
        self.remove_button.setEnabled(has)
        self.remove_action.setEnabled(has)

    # -- changing -----------------------------------------------------------------------------------
    def add_member(self) -> None:
        dialog = MemberDialog(self)
        if dialog.exec() != MemberDialog.DialogCode.Accepted or dialog.result_input is None:
            return
        command = commands.AddMember(self.ops, dialog.result_input)
        if self.ops.push(command) and command.row is not None:
            if not self.select_member(command.row.id):
                self.search.clear()
                self.select_member(command.row.id)
            self.status_message.emit(_("Added {name}.").format(name=command.row.display_name))

    def edit_selected(self) -> None:
        member = self._selected_member()
        if member is None:
            return
        dialog = MemberDialog(self, member.as_input())
        if dialog.exec() != MemberDialog.DialogCode.Accepted or dialog.result_input is None:
            return
        if dialog.result_input == member.as_input():
            return
        self.ops.push(
            commands.EditMember(self.ops, member.id, member.as_input(), dialog.result_input)
        )

    def remove_selected(self) -> None:
        member = self._selected_member()
        if member is None:
            return
        # Keep the keyboard in the table: select the neighbour that takes the removed row's place.
        row = self.table.selectionModel().selectedRows()[0].row()
        if self.ops.push(commands.RemoveMember(self.ops, member.id, member.display_name)):
            count = self.proxy.rowCount()
            if count:
                self._select_row(min(row, count - 1))
            self.status_message.emit(
                _("Removed {name} — Undo with {shortcut}").format(
                    name=member.display_name, shortcut=messages.undo_shortcut_text()
                )
            )
