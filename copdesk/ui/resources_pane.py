"""Links and documents people shared: a session's own list (in the session editor) and the whole
community's, searchable (the Resources tab). Opening one hands the link to the desktop.

The list is a small table model behind a sort proxy; searching is the core's search (accents
and case ignored), so the window and the command line find the same things.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import (
    QItemSelectionModel,
    QSortFilterProxyModel,
    Qt,
    QUrl,
    Signal,
)
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from copdesk.errors import ValidationError
from copdesk.i18n import _
from copdesk.services import meetings, resources, roster
from copdesk.ui import commands_sessions
from copdesk.ui.form_error import FormError
from copdesk.ui.operations import Operations
from copdesk.ui.table_model import Index, RowTableModel
from copdesk.ui.text import date_text, fold
from copdesk.ui.widgets import add_delete_action, button_row, empty_label, page_or_empty, row_table

NOBODY = 0
COMMUNITY_WIDE = 0


class ResourceModel(RowTableModel[resources.ResourceRow]):
    TITLE, LINK, SHARED_BY, TAGS, SESSION = range(5)
    COLUMN_COUNT = 5

    IdRole = Qt.ItemDataRole.UserRole + 1
    SortRole = Qt.ItemDataRole.UserRole + 2
    LinkRole = Qt.ItemDataRole.UserRole + 3

    def resource(self, row: int) -> resources.ResourceRow:
        return self.row_at(row)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not self.valid(index):
            return None
        r = self._rows[index.row()]
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return {
                self.TITLE: r.title,
                self.LINK: r.link,
                self.SHARED_BY: r.shared_by_name,
                self.TAGS: ", ".join(r.tags),
                # Translators: a resource shared for the whole community, not one session.
                self.SESSION: date_text(r.meeting_date, "medium")
                if r.meeting_date
                else _("Whole community"),
            }.get(col)
        if role == Qt.ItemDataRole.ToolTipRole and col == self.LINK and r.link:
            return r.link
        if role == self.IdRole:
            return r.id
        if role == self.LinkRole:
            return r.link
        if role == self.SortRole:
            return {
                self.TITLE: fold(r.title),
                self.LINK: fold(r.link),
                self.SHARED_BY: fold(r.shared_by_name),
                self.TAGS: fold(", ".join(r.tags)),
                self.SESSION: (r.meeting_date or dt.date.min).toordinal(),
            }.get(col)
        return None

    def headers(self) -> dict[int, str]:
        return {
            self.TITLE: _("Title"),
            self.LINK: _("Link or file"),
            self.SHARED_BY: _("Shared by"),
            self.TAGS: _("Tags"),
            self.SESSION: _("Session"),
        }


class ResourceDialog(QDialog):
    """Add or edit one resource; validated by the core before the dialog closes."""

    def __init__(
        self,
        ops: Operations,
        parent: QWidget | None,
        start: resources.ResourceInput,
        title: str,
    ) -> None:
        super().__init__(parent)
        self.ops = ops
        self.setWindowTitle(title)
        self.result_input: resources.ResourceInput | None = None
        self._start = start
        self.title = QLineEdit(start.title, self)
        self.title.setAccessibleName(_("Title"))
        self.title.setPlaceholderText(_("Required"))
        self.link = QLineEdit(start.link, self)
        self.link.setAccessibleName(_("Link or file"))
        self.link.setPlaceholderText(_("https://… or a document's path"))
        self.shared_by = QComboBox(self)
        self.shared_by.setAccessibleName(_("Shared by"))
        self.shared_by.addItem(_("— nobody —"), NOBODY)
        for m in sorted(ops.read(roster.list_members), key=lambda m: fold(m.display_name)):
            self.shared_by.addItem(m.display_name, m.id)
        self.shared_by.setCurrentIndex(max(0, self.shared_by.findData(start.shared_by_id or 0)))
        self.tags = QLineEdit(", ".join(start.tags), self)
        self.tags.setAccessibleName(_("Tags"))
        self.tags.setPlaceholderText(_("Separated by commas"))
        self.session = QComboBox(self)
        self.session.setAccessibleName(_("Session"))
        self.session.addItem(_("Whole community"), COMMUNITY_WIDE)
        for m in reversed(ops.read(meetings.list_meetings)):
            self.session.addItem(date_text(m.date, "medium"), m.id)
        self.session.setCurrentIndex(max(0, self.session.findData(start.meeting_id or 0)))
        self.error = FormError(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(_("&Title:"), self.title)
        form.addRow(_("&Link or file:"), self.link)
        form.addRow(_("&Shared by:"), self.shared_by)
        form.addRow(_("T&ags:"), self.tags)
        form.addRow(_("S&ession:"), self.session)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.resize(520, self.sizeHint().height())

    def form_input(self) -> resources.ResourceInput:
        return resources.ResourceInput(
            title=self.title.text(),
            link=self.link.text(),
            shared_by_id=self.shared_by.currentData() or None,
            tags=tuple(t for t in self.tags.text().split(",")),
            meeting_id=self.session.currentData() or None,
            added_on=self._start.added_on,
        )

    def accept(self) -> None:
        data = self.form_input()
        try:
            self.ops.read(resources.validate, data)
        except ValidationError as exc:
            fields = {"title": self.title, "link": self.link, "tags": self.tags}
            self.error.show_message(exc.message, fields.get(exc.field or ""))
            return
        self.result_input = data
        super().accept()


class ResourcesPane(QWidget):
    """``session_list``: one session's resources (no search box); else the community's, searchable."""

    status_message = Signal(str)

    def __init__(
        self, ops: Operations, parent: QWidget | None = None, *, session_list: bool = False
    ) -> None:
        super().__init__(parent)
        self.ops = ops
        self.session_list = session_list
        self.meeting_id: int | None = None
        self.model = ResourceModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(ResourceModel.SortRole)

        self.search = QLineEdit(self)
        self.search.setObjectName("resourceSearch")
        self.search.setAccessibleName(_("Search resources"))
        self.search.setPlaceholderText(_("Search titles, links, tags and who shared them"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda _t: self.reload())
        self.search.setVisible(not session_list)

        self.table = row_table(
            self,
            "resourcesTable",
            _("Resources"),
            self.proxy,
            alternating=False,
            word_wrap=False,
            resize_mode=QHeaderView.ResizeMode.Interactive,
            stretch=ResourceModel.TITLE,
        )
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # newest first, as the core
        if session_list:
            self.table.setColumnHidden(ResourceModel.SESSION, True)
            self.table.setColumnHidden(ResourceModel.LINK, True)
        self.table.activated.connect(lambda _i: self.open_selected())
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)

        self.empty = empty_label(self)
        self.stack = page_or_empty(self, self.table, self.empty)

        self.add_button = QPushButton(_("&Add resource…"), self)
        self.add_button.setAccessibleName(_("Add resource"))
        self.add_button.clicked.connect(self.add_resource)
        self.edit_button = QPushButton(_("&Edit…"), self)
        self.edit_button.setAccessibleName(_("Edit resource"))
        self.edit_button.clicked.connect(self.edit_selected)
        self.remove_button = QPushButton(_("Remove"), self)
        self.remove_button.setAccessibleName(_("Remove resource"))
        self.remove_button.clicked.connect(self.remove_selected)
        self.open_button = QPushButton(_("&Open"), self)
        self.open_button.setAccessibleName(_("Open resource link"))
        self.open_button.clicked.connect(self.open_selected)
        add_delete_action(self.table, self.remove_selected)

        buttons = button_row(
            self.add_button, self.edit_button, self.remove_button, trailing=(self.open_button,)
        )
        layout = QVBoxLayout(self)
        if session_list:
            layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addWidget(self.stack, 1)
        layout.addLayout(buttons)

        if session_list:
            # The session editor shows it again (set_meeting) after every change.
            self._update_buttons()
        else:
            ops.changed.connect(self._on_changed)
            self.reload()

    # -- reading ----------------------------------------------------------------------------------
    def set_meeting(self, meeting_id: int | None) -> None:
        self.meeting_id = meeting_id
        self.reload()

    def reload(self, select_id: int | None = None) -> None:
        keep = select_id if select_id is not None else self.selected_id()
        if self.session_list and self.meeting_id is None:
            rows: list[resources.ResourceRow] = []
        elif self.session_list:
            rows = self.ops.read(resources.list_resources, self.meeting_id)
        else:
            rows = self.ops.read(resources.search_resources, self.search.text())
        self.model.set_rows(rows)
        if keep:
            self.select_resource(keep)
        self._show_empty_state()
        self._update_buttons()
        if not self.session_list:
            for col in (ResourceModel.LINK, ResourceModel.SHARED_BY, ResourceModel.TAGS):
                self.table.resizeColumnToContents(col)
                header = self.table.horizontalHeader()
                header.resizeSection(col, min(header.sectionSize(col), 260))

    def _show_empty_state(self) -> None:
        if self.proxy.rowCount():
            self.stack.setCurrentWidget(self.table)
            return
        if self.search.text().strip() and not self.session_list:
            text = _("No resource matches “{text}”.").format(text=self.search.text().strip())
        elif self.session_list:
            text = _("No resources for this session yet — press “Add resource” to share one.")
        else:
            text = _("No resources yet — press “Add resource” to share a link or a document.")
        self.empty.setText(text)
        self.stack.setCurrentWidget(self.empty)

    def _on_changed(self, kind: str, ident: int) -> None:
        if kind in (commands_sessions.RESOURCE, "member", "meeting"):
            self.reload(ident if kind == commands_sessions.RESOURCE and ident else None)

    def selected_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].data(ResourceModel.IdRole) if rows else None

    def selected_row(self) -> resources.ResourceRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.resource(self.proxy.mapToSource(rows[0]).row()) if rows else None

    def select_resource(self, resource_id: int) -> bool:
        for r in range(self.proxy.rowCount()):
            index = self.proxy.index(r, 0)
            if index.data(ResourceModel.IdRole) == resource_id:
                self.table.selectionModel().setCurrentIndex(
                    index,
                    QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows,
                )
                return True
        return False

    def _update_buttons(self) -> None:
        row = self.selected_row()
        self.add_button.setEnabled(not self.session_list or self.meeting_id is not None)
        self.edit_button.setEnabled(row is not None)
        self.remove_button.setEnabled(row is not None)
        self.open_button.setEnabled(row is not None and bool(row.link))

    # -- changing ---------------------------------------------------------------------------------
    def add_resource(self) -> None:
        start = resources.ResourceInput(
            title="", meeting_id=self.meeting_id if self.session_list else None
        )
        dialog = ResourceDialog(self.ops, self, start, _("Add resource"))
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.result_input is None:
            return
        command = commands_sessions.AddResource(self.ops, dialog.result_input)
        if self.ops.push(command) and command.row is not None:
            self.select_resource(command.row.id)

    def edit_selected(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        old = commands_sessions.resource_input(row)
        dialog = ResourceDialog(self.ops, self, old, _("Edit resource"))
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.result_input is None:
            return
        if dialog.result_input != old:
            self.ops.push(
                commands_sessions.EditResource(self.ops, row.id, old, dialog.result_input)
            )

    def remove_selected(self) -> None:
        row = self.selected_row()
        if row is not None:
            self.ops.push(commands_sessions.RemoveResource(self.ops, row.id, row.title))

    def open_selected(self) -> None:
        row = self.selected_row()
        if row is None or not row.link:
            return
        url = url_for(row.link, self.ops.cfile.path.parent)
        if not QDesktopServices.openUrl(url):
            self.status_message.emit(_("Could not open {link}.").format(link=row.link))


def url_for(link: str, folder: Path) -> QUrl:
    """A web address as it is; anything else is a file on this computer, a relative path being
    taken from the community file's folder."""
    if "://" in link or link.startswith("mailto:"):
        return QUrl(link)
    path = Path(link).expanduser()
    return QUrl.fromLocalFile(str(path if path.is_absolute() else folder / path))
