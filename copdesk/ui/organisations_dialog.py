"""Edit ▸ Organisations…: the organisations members come from, and how many people each brings.

An organisation with members is a community this one connects to; the counts say how many
people come from it (and how many of them are still around). Add, rename, merge (two spellings
of one place) and remove are each one undoable change.
"""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from copdesk.collation import sort_key
from copdesk.i18n import _, ngettext, window
from copdesk.services import organisations
from copdesk.services.organisations import OrganisationInput, OrganisationRow
from copdesk.ui import commands_roster
from copdesk.ui.operations import Operations
from copdesk.ui.table_model import Index, RowTableModel
from copdesk.ui.widgets import button_row, row_table


class OrganisationsModel(RowTableModel[OrganisationRow]):
    NAME, KIND, MEMBERS, CURRENT = range(4)
    COLUMN_COUNT = 4
    IdRole = Qt.ItemDataRole.UserRole + 1
    SortRole = Qt.ItemDataRole.UserRole + 2

    def __init__(self, parent=None, locale: str = "en") -> None:  # noqa: ANN001
        super().__init__(parent)
        self._key = sort_key(locale)

    def row_data(self, row: int) -> OrganisationRow:
        return self.row_at(row)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not self.valid(index):
            return None
        r = self._rows[index.row()]
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if col == self.NAME:
                return r.name
            if col == self.KIND:
                return r.kind
            if col == self.MEMBERS:
                return window().format_number(r.member_count)
            if col == self.CURRENT:
                return window().format_number(r.current_count)
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (self.MEMBERS, self.CURRENT):
            return int(Qt.AlignmentFlag.AlignTrailing | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and col == self.NAME and r.notes:
            return r.notes
        if role == self.IdRole:
            return r.id
        if role == self.SortRole:
            if col == self.MEMBERS:
                return r.member_count
            if col == self.CURRENT:
                return r.current_count
            return self._key(r.name if col == self.NAME else r.kind)
        return None

    def headers(self) -> dict[int, str]:
        return {
            self.NAME: _("Organisation"),
            self.KIND: _("Kind"),
            self.MEMBERS: _("Members"),
            self.CURRENT: _("Still coming"),
        }


class MergeDialog(QDialog):
    """Choose the organisation another one is folded into."""

    def __init__(self, parent: QWidget, gone: OrganisationRow, rows: list[OrganisationRow]) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Merge organisations"))
        intro = QLabel(
            ngettext(
                "“{name}” and its {count} member move into the organisation you choose; "
                "“{name}” then leaves the list.",
                "“{name}” and its {count} members move into the organisation you choose; "
                "“{name}” then leaves the list.",
                gone.member_count,
            ).format(name=gone.name, count=window().format_number(gone.member_count)),
            self,
        )
        intro.setWordWrap(True)
        self.target = QComboBox(self)
        self.target.setAccessibleName(_("Merge into"))
        for r in rows:
            if r.id != gone.id:
                self.target.addItem(r.name, r.id)
        form = QFormLayout()
        form.addRow(_("Merge &into:"), self.target)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Merge"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(buttons)


class OrganisationsDialog(QDialog):
    #: the user wants to see this organisation's members in the roster
    show_members = Signal(int)

    def __init__(self, ops: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("organisationsDialog")
        self.setWindowTitle(_("Organisations"))
        self.ops = ops
        self.model = OrganisationsModel(self, window().locale)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(OrganisationsModel.SortRole)
        self.proxy.setFilterKeyColumn(OrganisationsModel.NAME)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.search = QLineEdit(self)
        self.search.setAccessibleName(_("Search organisations"))
        self.search.setPlaceholderText(_("Search organisations"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.proxy.setFilterFixedString)
        self.table = row_table(
            self,
            "organisationsTable",
            _("Organisations"),
            self.proxy,
            stretch=OrganisationsModel.NAME,
        )
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(OrganisationsModel.MEMBERS, Qt.SortOrder.DescendingOrder)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        self.table.activated.connect(lambda _i: self.show_selected_members())

        self.add_button = QPushButton(_("&Add…"), self)
        self.add_button.clicked.connect(self.add)
        self.rename_button = QPushButton(_("Re&name…"), self)
        self.rename_button.clicked.connect(self.rename)
        self.merge_button = QPushButton(_("&Merge into…"), self)
        self.merge_button.clicked.connect(self.merge)
        self.remove_button = QPushButton(_("&Remove"), self)
        self.remove_button.clicked.connect(self.remove)
        self.members_button = QPushButton(_("&Show members"), self)
        self.members_button.clicked.connect(self.show_selected_members)
        buttons = button_row(
            self.add_button,
            self.rename_button,
            self.merge_button,
            self.remove_button,
            trailing=(self.members_button,),
        )
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.search)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(close)
        self.resize(640, 480)
        ops.changed.connect(self._on_changed)
        self.reload()

    def _on_changed(self, _kind: str, _ident: int) -> None:
        self.reload()

    def reload(self, select_id: int | None = None) -> None:
        keep = select_id if select_id is not None else self.selected_id()
        rows = self.ops.read(organisations.list_organisations, window().locale)
        self.model.set_rows(rows)
        connected = sum(1 for r in rows if r.member_count)
        self.summary.setText(
            ngettext(
                "People come to this community from {count} organisation. Each one is a "
                "community of its own that this one connects.",
                "People come to this community from {count} organisations. Each one is a "
                "community of its own that this one connects.",
                connected,
            ).format(count=window().format_number(connected))
        )
        if keep:
            self.select(keep)
        self._update_buttons()

    def selected_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].data(OrganisationsModel.IdRole) if rows else None

    def selected(self) -> OrganisationRow | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.row_data(self.proxy.mapToSource(rows[0]).row())

    def select(self, org_id: int) -> None:
        row = self.model.row_of(org_id)
        if row is None:
            return
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if index.isValid():
            self.table.selectRow(index.row())
            self.table.scrollTo(index)

    def _update_buttons(self) -> None:
        has = self.selected_id() is not None
        for b in (self.rename_button, self.merge_button, self.remove_button):
            b.setEnabled(has)
        self.members_button.setEnabled(has)
        self.merge_button.setEnabled(has and self.model.rowCount() > 1)

    # -- changes ------------------------------------------------------------------------------------
    def add(self) -> None:
        name, ok = QInputDialog.getText(self, _("Add organisation"), _("Name:"))
        if ok and name.strip():
            command = commands_roster.AddOrganisation(self.ops, OrganisationInput(name))
            if self.ops.push(command) and command.row is not None:
                self.select(command.row.id)

    def rename(self) -> None:
        org = self.selected()
        if org is None:
            return
        name, ok = QInputDialog.getText(
            self, _("Rename organisation"), _("New name:"), QLineEdit.EchoMode.Normal, org.name
        )
        if ok and name.strip() and name != org.name:
            old = OrganisationInput(org.name, org.kind, org.notes)
            new = OrganisationInput(name, org.kind, org.notes)
            self.ops.push(commands_roster.EditOrganisation(self.ops, org.id, old, new))

    def merge(self, keep_id: int | None = None) -> bool:
        """Fold the selected organisation into another (``keep_id``, else asked)."""
        org = self.selected()
        if org is None:
            return False
        rows = [self.model.row_data(r) for r in range(self.model.rowCount())]
        if keep_id is None:
            dialog = MergeDialog(self, org, rows)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return False
            keep_id = dialog.target.currentData()
        keep = next((r for r in rows if r.id == keep_id), None)
        if keep is None:
            return False
        return self.ops.push(
            commands_roster.MergeOrganisations(self.ops, keep.id, keep.name, org.id, org.name)
        )

    def remove(self) -> None:
        org = self.selected()
        if org is None:
            return
        if org.member_count:
            answer = QMessageBox.question(
                self,
                _("Remove organisation"),
                ngettext(
                    "Remove “{name}” from the list? Its {count} member stays in the roster, "
                    "without an organisation.",
                    "Remove “{name}” from the list? Its {count} members stay in the roster, "
                    "without an organisation.",
                    org.member_count,
                ).format(name=org.name, count=window().format_number(org.member_count)),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        self.ops.push(commands_roster.RemoveOrganisation(self.ops, org.id, org.name))

    def show_selected_members(self) -> None:
        org_id = self.selected_id()
        if org_id is not None:
            self.show_members.emit(org_id)
            self.accept()
