"""The roster's filter bar (role, journey, organisation, can-teach topic) and column chooser."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QTableView,
    QWidget,
)

from copdesk import settings
from copdesk.i18n import _
from copdesk.services import roster
from copdesk.ui.member_model import COLUMN_KEYS, COLUMNS

ANY = None


class RosterFilters(QWidget):
    """Combos whose choices narrow the roster; ``changed`` fires on any change."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("rosterFilters")
        self.role = QComboBox(self)
        self.role.setObjectName("rosterFilterRole")
        self.role.setAccessibleName(_("Show members with the role"))
        self.journey = QComboBox(self)
        self.journey.setObjectName("rosterFilterJourney")
        self.journey.setAccessibleName(_("Show members whose journey is"))
        self.journey.addItem(_("Any journey"), ANY)
        for state in roster.JourneyState:
            self.journey.addItem(state.label, state.value)
        self.organisation = QComboBox(self)
        self.organisation.setObjectName("rosterFilterOrganisation")
        self.organisation.setAccessibleName(_("Show members from the organisation"))
        self.organisation.setMaximumWidth(260)
        self.organisation.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        # Long organisation names are cut, but never "Any organisation" (longer in Spanish).
        self.organisation.setMinimumContentsLength(max(14, len(_("Any organisation"))))
        self.can_teach = QLineEdit(self)
        self.can_teach.setObjectName("rosterFilterCanTeach")
        self.can_teach.setAccessibleName(_("Show members who can teach"))
        self.can_teach.setPlaceholderText(_("Can teach…"))
        self.can_teach.setClearButtonEnabled(True)
        self.clear_button = QPushButton(_("Show &all"), self)
        self.clear_button.setAccessibleName(_("Clear the filters"))
        self.clear_button.clicked.connect(self.clear)

        self._typing = QTimer(self)  # a topic filter is one SQL query: wait for a pause
        self._typing.setSingleShot(True)
        self._typing.setInterval(150)
        self._typing.timeout.connect(self._emit)
        for combo in (self.role, self.journey, self.organisation):
            combo.currentIndexChanged.connect(lambda _i: self._emit())
        self.can_teach.textChanged.connect(lambda _t: self._typing.start())

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        label = QLabel(_("Show:"), self)
        label.setBuddy(self.role)
        layout.addWidget(label)
        layout.addWidget(self.role)
        layout.addWidget(self.journey)
        layout.addWidget(self.organisation)
        layout.addWidget(self.can_teach, 1)
        layout.addWidget(self.clear_button)
        self._quiet = False
        self.set_choices([], [])

    def set_choices(
        self, roles: list[roster.RoleRow], organisations: list[tuple[int, str]]
    ) -> None:
        """Fill the lists, keeping what is chosen if it is still there."""
        self._quiet = True
        try:
            role = self.role.currentData()
            self.role.clear()
            self.role.addItem(_("Any role"), ANY)
            for r in roles:
                self.role.addItem(r.label, r.role)
            self.role.setCurrentIndex(max(0, self.role.findData(role)))
            org = self.organisation.currentData()
            self.organisation.clear()
            self.organisation.addItem(_("Any organisation"), ANY)
            for oid, name in organisations:
                self.organisation.addItem(name, oid)
            self.organisation.setCurrentIndex(max(0, self.organisation.findData(org)))
        finally:
            self._quiet = False

    def filters(self, today: dt.date | None = None) -> roster.SearchFilters:
        journey = self.journey.currentData()
        return roster.SearchFilters(
            role=self.role.currentData(),
            journey=roster.JourneyState(journey) if journey else None,
            organisation_id=self.organisation.currentData(),
            can_teach=self.can_teach.text().strip() or None,
            today=today,
        )

    def active(self) -> bool:
        f = self.filters()
        return any((f.role, f.journey, f.organisation_id is not None, f.can_teach))

    def set_organisation(self, org_id: int | None) -> None:
        self.organisation.setCurrentIndex(max(0, self.organisation.findData(org_id)))

    def clear(self) -> None:
        self._quiet = True
        try:
            for combo in (self.role, self.journey, self.organisation):
                combo.setCurrentIndex(0)
            self.can_teach.clear()
            self._typing.stop()
        finally:
            self._quiet = False
        self._emit()

    def _emit(self) -> None:
        if not self._quiet:
            self._typing.stop()
            self.changed.emit()


# -- columns ------------------------------------------------------------------------------------------

COLUMNS_KEY = "roster_columns"


class ColumnChooser:
    """Columns the user shows, hides (header context menu) and reorders (drag), remembered in
    ``settings.ui`` by column key, so a column added in a later version does not shift others."""

    def __init__(self, table: QTableView, on_change=None) -> None:  # noqa: ANN001
        self.table = table
        self.on_change = on_change
        header = table.horizontalHeader()
        header.setSectionsMovable(True)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self.show_menu)
        header.sectionMoved.connect(lambda *_a: self.save())
        self.restore()

    @property
    def header(self) -> QHeaderView:
        return self.table.horizontalHeader()

    def shown_keys(self) -> list[str]:
        """Keys of the shown columns, in the order on screen."""
        header = self.header
        order = [header.logicalIndex(v) for v in range(header.count())]
        return [COLUMN_KEYS[i] for i in order if not header.isSectionHidden(i)]

    def is_shown(self, key: str) -> bool:
        return not self.header.isSectionHidden(COLUMN_KEYS.index(key))

    def set_shown(self, key: str, shown: bool) -> None:
        if key == "name":
            shown = True  # a roster without names makes no sense
        self.header.setSectionHidden(COLUMN_KEYS.index(key), not shown)
        self.save()
        if self.on_change is not None:
            self.on_change()

    def move(self, key: str, to_visual: int) -> None:
        header = self.header
        header.moveSection(header.visualIndex(COLUMN_KEYS.index(key)), to_visual)

    def show_menu(self, pos: QPoint) -> None:
        self.menu().exec(self.header.mapToGlobal(pos))

    def menu(self) -> QMenu:
        menu = QMenu(self.table)
        menu.setTitle(_("Columns"))
        for column in COLUMNS:
            action = QAction(_(column.label), menu)
            action.setCheckable(True)
            action.setChecked(self.is_shown(column.key))
            action.setEnabled(column.key != "name")
            action.toggled.connect(lambda on, key=column.key: self.set_shown(key, on))
            menu.addAction(action)
        menu.addSeparator()
        reset = menu.addAction(_("Reset columns"))
        reset.triggered.connect(self.reset)
        return menu

    def reset(self) -> None:
        header = self.header
        for logical, column in enumerate(COLUMNS):
            header.moveSection(header.visualIndex(logical), logical)
            header.setSectionHidden(logical, not column.shown)
        self.save()
        if self.on_change is not None:
            self.on_change()

    def restore(self) -> None:
        saved = settings.load().ui.get(COLUMNS_KEY)
        header = self.header
        header.blockSignals(True)
        try:
            if not isinstance(saved, dict):
                for logical, column in enumerate(COLUMNS):
                    header.setSectionHidden(logical, not column.shown)
                return
            order = [k for k in saved.get("order", []) if k in COLUMN_KEYS]
            order += [k for k in COLUMN_KEYS if k not in order]
            for visual, key in enumerate(order):
                header.moveSection(header.visualIndex(COLUMN_KEYS.index(key)), visual)
            hidden = set(saved.get("hidden", []))
            for logical, column in enumerate(COLUMNS):
                known = column.key in saved.get("order", [])
                hide = column.key in hidden if known else not column.shown
                header.setSectionHidden(logical, hide and column.key != "name")
        finally:
            header.blockSignals(False)

    def save(self) -> None:
        header = self.header
        order = [COLUMN_KEYS[header.logicalIndex(v)] for v in range(header.count())]
        hidden = [k for i, k in enumerate(COLUMN_KEYS) if header.isSectionHidden(i)]
        current = settings.load()
        current.ui[COLUMNS_KEY] = {"order": order, "hidden": hidden}
        try:
            settings.save(current)
        except OSError:
            pass  # not remembering the columns is no reason to interrupt the user
