"""The Roster tab: an address book of the community.

A table (columns to show, hide and reorder; sorted the way the window's language sorts names)
over the ids the core's search returns, filters above it, and the chosen member's details beside
it, saved field by field. Selecting several members offers bulk role and journey changes, each
one undoable step. It stays instant at 100,000 members because the table model holds ids and
reads rows a page at a time (:class:`~copdesk.ui.member_model.RosterModel`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import fields, replace

from PySide6.QtCore import (
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QObject,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from copdesk.collation import sort_key
from copdesk.i18n import _, ngettext, window
from copdesk.services import name_keys, roster
from copdesk.ui import commands, commands_roster, member_editor, messages
from copdesk.ui.member_dialog import MemberDialog
from copdesk.ui.member_editor import MemberEditor
from copdesk.ui.member_model import COLUMN_KEYS, RosterModel
from copdesk.ui.operations import MEMBER, Operations
from copdesk.ui.roster_filters import ColumnChooser, RosterFilters

SPLITTER_KEY = "roster_splitter"


class RosterPane(QWidget):
    #: a sentence for the status bar
    status_message = Signal(str)

    def __init__(
        self,
        ops: Operations,
        parent: QWidget | None = None,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        super().__init__(parent)
        self.ops = ops
        self.today = today
        self._journeys: Mapping[int, roster.JourneyState] | None = None
        self._dirty = False
        self._removal_box: QMessageBox | None = None
        self.model = RosterModel(
            fetch=lambda ids: ops.read(roster.get_members, ids),
            read_column=lambda key: ops.read(roster.column_values, key, today()),
            locale=window().locale,
            today=today(),
            parent=self,
        )
        # The table shows the model directly (sorting and search are the model's own work), so
        # what older code calls the "proxy" is the model itself.
        self.proxy = self.model

        self.search = QLineEdit(self)
        self.search.setObjectName("rosterSearch")
        self.search.setPlaceholderText(_("Search name, organisation, email or skills"))
        self.search.setAccessibleName(_("Search members"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda _t: self.refilter())
        self.search.installEventFilter(self)
        self.filters = RosterFilters(self)
        self.filters.changed.connect(self.refilter)

        self.table = QTableView(self)
        self.table.setObjectName("rosterTable")
        self.table.setAccessibleName(_("Members"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)
        vertical = self.table.verticalHeader()
        vertical.hide()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setDefaultSectionSize(150)
        header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        header.setSortIndicatorShown(True)
        header.setSectionsClickable(True)
        header.sortIndicatorChanged.connect(self._on_sort)
        self.columns = ColumnChooser(self.table, on_change=self._columns_changed)
        self.table.activated.connect(lambda _index: self.edit_in_place())
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._on_selection())

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
        self.remove_button = QPushButton(_("&Remove…"), self)
        self.remove_button.setAccessibleName(_("Remove member"))
        self.remove_button.clicked.connect(self.remove_selected)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("rosterCount")

        self.remove_action = QAction(_("Remove member"), self.table)
        self.remove_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        self.remove_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.remove_action.triggered.connect(self.remove_selected)
        self.table.addAction(self.remove_action)

        # Beside the table: the member's details, or what to do with several, or a hint.
        self.editor = MemberEditor(ops, self, today=today, journey_of=self.journey_of)
        self.editor_scroll = QScrollArea(self)
        self.editor_scroll.setWidgetResizable(True)
        self.editor_scroll.setWidget(self.editor)
        self.editor_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.editor_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.editor.setMinimumWidth(320)
        self.bulk = self._bulk_panel()
        self.placeholder = QLabel(_("Choose a member in the list to see and edit their details."))
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.placeholder.setEnabled(False)
        self.side = QStackedWidget(self)
        self.side.addWidget(self.placeholder)
        self.side.addWidget(self.editor_scroll)
        self.side.addWidget(self.bulk)

        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.search)
        left_layout.addWidget(self.filters)
        left_layout.addWidget(self.stack, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        buttons.addWidget(self.count_label)
        left_layout.addLayout(buttons)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.side)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([640, 460])
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter)

        QWidget.setTabOrder(self.search, self.filters.role)
        QWidget.setTabOrder(self.filters.clear_button, self.table)
        QWidget.setTabOrder(self.table, self.add_button)
        QWidget.setTabOrder(self.add_button, self.remove_button)
        QWidget.setTabOrder(self.remove_button, self.editor.name)

        ops.changed.connect(self._on_changed)
        self.reload()
        QTimer.singleShot(0, self, self._fill_choices)  # after the first paint

    def _bulk_panel(self) -> QWidget:
        panel = QWidget(self)
        panel.setObjectName("rosterBulk")
        self.bulk_label = QLabel(panel)
        self.bulk_label.setWordWrap(True)
        font = self.bulk_label.font()
        font.setBold(True)
        self.bulk_label.setFont(font)
        self.bulk_role = QPushButton(_("&Give a role…"), panel)
        self.bulk_role.clicked.connect(self.bulk_add_role)
        self.bulk_end_role = QPushButton(_("E&nd a role…"), panel)
        self.bulk_end_role.clicked.connect(self.bulk_end_role_)
        self.bulk_moved_on = QPushButton(_("Mark as &moved on…"), panel)
        self.bulk_moved_on.clicked.connect(self.bulk_mark_moved_on)
        self.bulk_welcome = QPushButton(_("Welcome &back"), panel)
        self.bulk_welcome.clicked.connect(self.bulk_welcome_back)
        self.bulk_remove = QPushButton(_("&Remove…"), panel)
        self.bulk_remove.clicked.connect(self.remove_selected)
        hint = QLabel(_("Each change is one step you can undo."), panel)
        hint.setWordWrap(True)
        hint.setEnabled(False)
        layout = QVBoxLayout(panel)
        layout.addWidget(self.bulk_label)
        for button in (
            self.bulk_role,
            self.bulk_end_role,
            self.bulk_moved_on,
            self.bulk_welcome,
            self.bulk_remove,
        ):
            layout.addWidget(button)
        layout.addWidget(hint)
        layout.addStretch(1)
        return panel

    # -- reading ------------------------------------------------------------------------------------
    def journeys(self) -> Mapping[int, roster.JourneyState]:
        """Every member's journey state, computed once per change of the file."""
        if self._journeys is None:
            self._journeys = self.ops.read(roster.journey_states, self.today())
        return self._journeys

    def journey_of(self, member_id: int) -> roster.JourneyState | None:
        return self.journeys().get(member_id)

    def reload(self, select_id: int | None = None) -> None:
        """Read the roster again (after any change to the file)."""
        keep = [select_id] if select_id else self.selected_ids()
        self._journeys = None
        self._dirty = False
        self.model.forget()
        self.model.today = self.today()
        order = self.ops.read(name_keys.ordered_ids, self.model.locale)
        if order is not None:  # everyone in name order, from the file's index
            self.model.prime_order("name", order)
            self._all = sorted(order)
        else:  # the file's keys follow another language: sort the names here
            names = self.ops.read(roster.column_values, "name")
            self.model.prime("name", names)
            self._all = list(names)
        self._apply_search(keep)
        if self.columns.is_shown("journey"):
            QTimer.singleShot(0, self, self._show_journeys)

    def warm_search(self) -> None:
        """Have the core read its search index now (about 0.25 s at 100,000 members, once per
        change of the file), when the search field gets the focus, not on the first keystroke."""
        if not getattr(self.ops.cfile, "_closed", False):
            self.ops.read(roster.search_members, "\x00")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.search and event.type() == QEvent.Type.FocusIn:
            QTimer.singleShot(0, self, self.warm_search)
        return super().eventFilter(watched, event)

    def _fill_choices(self) -> None:
        if getattr(self.ops.cfile, "_closed", False):
            return
        orgs = self.ops.read(roster.organisation_names)
        key = sort_key(window().locale)
        orgs.sort(key=lambda o: key(o[1]))
        self.filters.set_choices(self.ops.read(roster.list_roles), orgs)
        self.editor.set_organisations([name for _oid, name in orgs])

    def _show_journeys(self) -> None:
        if getattr(self.ops.cfile, "_closed", False):
            return  # the file was closed before this deferred call ran
        if self.columns.is_shown("journey"):
            self.model.set_journeys(self.journeys())

    def refilter(self) -> None:
        """The search text or a filter changed: show the members that match now."""
        self._apply_search(self.selected_ids())

    def _apply_search(self, keep: list[int]) -> None:
        text = self.search.text()
        filters = self.filters.filters(self.today())
        if not text.strip() and not self.filters.active():
            ids = self._all
        else:
            journeys = self.journeys() if filters.journey is not None else None
            ids = self.ops.read(roster.search_members, text, filters, journeys=journeys)
        self.model.set_ids(ids, self._all)
        self._show_empty_state()
        self._select_ids([i for i in keep if i is not None])
        self._on_selection()

    def _on_sort(self, column: int, order: Qt.SortOrder) -> None:
        keep = self.selected_ids()
        if COLUMN_KEYS[column] == "journey":
            self.model.set_journeys(self.journeys())
        self.model.sort(column, order)
        self._select_ids(keep)

    def _columns_changed(self) -> None:
        if self.columns.is_shown("journey"):
            self._show_journeys()

    def _on_changed(self, kind: str, ident: int) -> None:
        if not self.isVisible():
            self._dirty = True  # read again when shown
            self._pending_select = ident if kind == MEMBER and ident else None
            return
        self.reload(ident if kind == MEMBER and ident else None)
        self._fill_choices()  # a new organisation or role may have come with the change

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        if self._dirty:
            self.reload(getattr(self, "_pending_select", None))
            self._fill_choices()

    def _show_empty_state(self) -> None:
        total = len(self._all)
        shown = self.model.rowCount()
        if total == 0:
            self.empty.setText(_("No members yet — add the first one, or import a spreadsheet."))
        elif shown == 0:
            text = self.search.text().strip()
            if text:
                self.empty.setText(_("No member matches “{text}”.").format(text=text))
            else:
                self.empty.setText(_("No member matches these filters."))
        self.stack.setCurrentWidget(self.table if shown else self.empty)
        number = window().format_number
        if total and shown == total:
            self.count_label.setText(
                ngettext("{count} member", "{count} members", total).format(count=number(total))
            )
        elif total:
            self.count_label.setText(
                ngettext("{shown} of {count} member", "{shown} of {count} members", total).format(
                    shown=number(shown), count=number(total)
                )
            )
        else:
            self.count_label.clear()

    # -- selection ------------------------------------------------------------------------------------
    def selected_ids(self) -> list[int]:
        rows = sorted(i.row() for i in self.table.selectionModel().selectedRows())
        return [self.model.member_id(r) for r in rows if r < self.model.rowCount()]

    def selected_id(self) -> int | None:
        current = self.table.selectionModel().currentIndex()
        ids = self.selected_ids()
        if current.isValid() and current.row() < self.model.rowCount():
            mid = self.model.member_id(current.row())
            if mid in ids:
                return mid
        return ids[0] if ids else None

    def _select_ids(self, ids: list[int]) -> None:
        rows = sorted(r for r in (self.model.row_of(i) for i in ids) if r is not None)
        if not rows:
            return
        selection = QItemSelection()
        last = self.model.columnCount() - 1
        start = prev = rows[0]
        for row in [*rows[1:], None]:
            if row is not None and row == prev + 1:
                prev = row
                continue
            selection.select(self.model.index(start, 0), self.model.index(prev, last))
            if row is not None:
                start = prev = row
        flags = QItemSelectionModel.SelectionFlag
        model = self.table.selectionModel()
        model.select(selection, flags.ClearAndSelect | flags.Rows)
        current = self.model.index(rows[0], 0)
        model.setCurrentIndex(current, flags.NoUpdate)
        self.table.scrollTo(current)

    def select_member(self, member_id: int) -> bool:
        if self.model.row_of(member_id) is None:
            return False
        self._select_ids([member_id])
        return True

    def _on_selection(self) -> None:
        ids = self.selected_ids()
        self.remove_button.setEnabled(bool(ids))
        self.remove_action.setEnabled(bool(ids))
        if len(ids) == 1:
            self.editor.set_member(ids[0])  # as the file has it now
            self.side.setCurrentWidget(self.editor_scroll)
        elif ids:
            self.editor.set_member(None)
            number = window().format_number(len(ids))
            self.bulk_label.setText(
                ngettext("{count} member selected", "{count} members selected", len(ids)).format(
                    count=number
                )
            )
            self.side.setCurrentWidget(self.bulk)
        else:
            self.editor.set_member(None)
            self.side.setCurrentWidget(self.placeholder)

    def edit_in_place(self) -> None:
        """Enter (or a double click) on the table: start editing in the details beside it."""
        if len(self.selected_ids()) == 1:
            self.editor.name.setFocus()
            self.editor.name.selectAll()

    # -- changing -----------------------------------------------------------------------------------
    def add_member(self) -> None:
        given = None
        while True:
            # If the change could not be saved (a full disk, say) and the user discarded it, the
            # dialog comes back with what they typed rather than losing it.
            dialog = MemberDialog(self, given, organisations=self.editor._organisations)
            if dialog.exec() != MemberDialog.DialogCode.Accepted or dialog.result_input is None:
                return
            given = dialog.result_input
            command = commands.AddMember(self.ops, given)
            if self.ops.push(command):
                break
            if self.ops.cfile.readonly:
                return
        if command.row is not None:
            if not self.select_member(command.row.id):
                self.search.clear()
                self.filters.clear()
                self.select_member(command.row.id)
            self.status_message.emit(_("Added {name}.").format(name=command.row.display_name))

    def edit_selected(self) -> None:
        """Edit the selected member in a dialog (the details beside the table do the same)."""
        member_id = self.selected_id()
        if member_id is None:
            return
        (member,) = self.ops.read(roster.get_members, [member_id])
        dialog = MemberDialog(self, member.as_input(), organisations=self.editor._organisations)
        if dialog.exec() != MemberDialog.DialogCode.Accepted or dialog.result_input is None:
            return
        old = member.as_input()
        given = dialog.result_input
        # The dialog holds some of the fields: the others stay as they are.
        new = replace(
            old,
            **{
                f.name: getattr(given, f.name)
                for f in fields(given)
                if getattr(given, f.name) is not None
            },
        )
        if new != old:
            self.ops.push(commands.EditMember(self.ops, member.id, old, new))

    def remove_selected(self) -> None:
        """Ask first; then remove the people's personal data (undoable until the file closes)."""
        ids = self.selected_ids()
        if not ids:
            return
        members = self.ops.read(roster.get_members, ids[:1]) if len(ids) == 1 else []
        name = members[0].display_name if members else ""
        box = removal_question(self, name, len(ids))
        self._removal_box = box
        row = self.table.selectionModel().selectedRows()[0].row()

        def answered(button: int) -> None:
            self._removal_box = None
            box.setObjectName("")
            box.deleteLater()
            if button != QMessageBox.StandardButton.Yes:
                return
            pairs = [(mid, name if len(ids) == 1 else str(mid)) for mid in ids]
            if self.ops.push(commands_roster.RemoveMembers(self.ops, pairs)):
                count = self.model.rowCount()
                if count:
                    self._select_ids([self.model.member_id(min(row, count - 1))])
                self.table.setFocus()
                if len(ids) == 1:
                    message = _("Removed {name} — Undo with {shortcut}").format(
                        name=name, shortcut=messages.undo_shortcut_text()
                    )
                else:
                    message = ngettext(
                        "Removed {count} member — Undo with {shortcut}",
                        "Removed {count} members — Undo with {shortcut}",
                        len(ids),
                    ).format(
                        count=window().format_number(len(ids)),
                        shortcut=messages.undo_shortcut_text(),
                    )
                self.status_message.emit(message)

        box.finished.connect(answered)
        box.open()

    def bulk_add_role(self) -> None:
        ids = self.selected_ids()
        if ids:
            member_editor.ask_role(self, self.ops, ids, "", self.today())

    def bulk_end_role_(self) -> None:
        ids = self.selected_ids()
        if ids:
            member_editor.ask_end_role(self, self.ops, ids, "", self.today())

    def bulk_mark_moved_on(self) -> None:
        ids = self.selected_ids()
        if ids:
            member_editor.ask_moved_on(self, self.ops, ids, "", self.today())

    def bulk_welcome_back(self) -> None:
        ids = self.selected_ids()
        if ids:
            member_editor.welcome_back(self.ops, ids, self.today())

    # -- the File and Edit menu entries ------------------------------------------------------------------
    def import_members(self) -> None:
        from copdesk.ui.import_wizard import ImportWizard

        ImportWizard(self.ops, self).exec()

    def export_csv(self) -> None:
        from copdesk.ui import roster_export

        message = roster_export.export_csv(self, self.ops)
        if message:
            self.status_message.emit(message)

    def export_vcard(self) -> None:
        from copdesk.ui import roster_export

        message = roster_export.export_vcard(self, self.ops)
        if message:
            self.status_message.emit(message)

    def edit_organisations(self) -> None:
        from copdesk.ui.organisations_dialog import OrganisationsDialog

        dialog = OrganisationsDialog(self.ops, self)
        dialog.show_members.connect(self._show_organisation)
        dialog.exec()
        dialog.deleteLater()  # it follows every change of the file while it exists

    def _show_organisation(self, org_id: int) -> None:
        self.search.clear()
        self.filters.clear()
        self.filters.set_organisation(org_id)


def removal_question(parent: QWidget, name: str, count: int) -> QMessageBox:
    """The question asked before removing people (shown with ``open()``, not blocking)."""
    if count == 1:
        text = _("Remove {name} from the roster?").format(name=name)
    else:
        text = ngettext(
            "Remove {count} member from the roster?",
            "Remove {count} members from the roster?",
            count,
        ).format(count=window().format_number(count))
    box = QMessageBox(QMessageBox.Icon.Question, _("Remove members"), text, parent=parent)
    box.setObjectName("rosterRemoveQuestion")
    box.setInformativeText(
        _(
            "Their personal details (name, contact, skills, notes, roles and journey) are "
            "removed from this file. Sessions keep their anonymous head counts. You can undo "
            "this until you close the file."
        )
    )
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
    box.button(QMessageBox.StandardButton.Yes).setText(_("Remove"))
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    return box
