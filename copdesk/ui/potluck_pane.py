"""The Potluck tab of a session: who brings what, with a backup for each dish.

Above the slots, the expected attendance (a range forecast from recent sessions) and a coverage
check in words, each with an icon so it does not rely on colour: enough servings for the upper
end of the range, slots nobody brings or without a backup, too many dishes of one kind. "Bringer
cancels" hands the dish to the backup and lists who else could step in.
"""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from copdesk.i18n import _, ngettext, window
from copdesk.models.planning import DishKind
from copdesk.services import potluck, roster
from copdesk.services.meetings import get_meeting
from copdesk.ui import commands_meeting as cm
from copdesk.ui.checkin_pane import PersonCombo
from copdesk.ui.form_error import FormError
from copdesk.ui.operations import Operations
from copdesk.ui.potluck_model import PotluckModel
from copdesk.ui.text import date_text, without_mnemonic
from copdesk.ui.widgets import button_row, row_table

# Problems that leave people hungry come first and get a warning icon; the rest, information.
WARNINGS = ("servings", "drinks", "open")


def forecast_text(expected: potluck.Forecast | None) -> str:
    if expected is None:
        return _("No forecast yet: no earlier session has attendance recorded.")
    if expected.low == expected.high:
        people = ngettext(
            "Expected: about {count} person", "Expected: about {count} people", expected.high
        ).format(count=window().format_number(expected.high))
    else:
        people = _("Expected: {low} to {high} people").format(
            low=window().format_number(expected.low), high=window().format_number(expected.high)
        )
    basis = ngettext(
        "based on the last session",
        "based on the last {count} sessions",
        expected.sessions,
    ).format(count=expected.sessions)
    # Translators: e.g. "Expected: 14 to 22 people (based on the last 8 sessions)."
    return _("{people} ({basis}).").format(people=people, basis=basis)


class PotluckPane(QWidget):
    status_message = Signal(str)

    def __init__(self, ops: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("potluckPane")
        self.ops = ops
        self.meeting_id: int | None = None
        self.coverage: potluck.Coverage | None = None
        self.cancellation: potluck.Cancellation | None = None
        self.cancelled_by: int | None = None
        self._stale = False

        self.forecast = QLabel(self)
        self.forecast.setObjectName("potluckForecast")
        self.forecast.setWordWrap(True)
        self.checks = QListWidget(self)
        self.checks.setObjectName("potluckCoverage")
        self.checks.setAccessibleName(_("Potluck check"))
        self.checks.setWordWrap(True)
        self.checks.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.checks.setFocusPolicy(Qt.FocusPolicy.TabFocus)

        self.model = PotluckModel(self)
        self.table = row_table(
            self,
            "potluckTable",
            _("Potluck slots"),
            self.model,
            word_wrap=False,
            resize_mode=QHeaderView.ResizeMode.Interactive,
        )
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.table.doubleClicked.connect(lambda _i: self.edit_slot())

        self.add_button = QPushButton(_("&Add dish…"), self)
        self.add_button.setAccessibleName(_("Add potluck slot"))
        self.add_button.clicked.connect(self.add_slot)
        self.edit_button = QPushButton(_("&Edit…"), self)
        self.edit_button.setAccessibleName(_("Edit potluck slot"))
        self.edit_button.clicked.connect(self.edit_slot)
        self.remove_button = QPushButton(_("&Remove"), self)
        self.remove_button.setAccessibleName(_("Remove potluck slot"))
        self.remove_button.clicked.connect(self.remove_slot)
        self.cancel_button = QPushButton(_("Bringer &cancels"), self)
        self.cancel_button.setAccessibleName(_("The person bringing this dish cannot come"))
        self.cancel_button.setToolTip(_("Their backup takes the dish over"))
        self.cancel_button.clicked.connect(self.bringer_cancels)

        self.cover_label = QLabel(self)
        self.cover_label.setObjectName("potluckCoverLabel")
        self.cover_label.setWordWrap(True)
        self.cover_list = QListWidget(self)
        self.cover_list.setObjectName("potluckCandidates")
        self.cover_list.setAccessibleName(_("Who else could help"))
        self.cover_list.setMaximumHeight(self.fontMetrics().lineSpacing() * 6)
        self.cover_button = QPushButton(self)
        self.cover_button.clicked.connect(self.ask_candidate)
        self.cover_box = QWidget(self)
        cover_layout = QVBoxLayout(self.cover_box)
        cover_layout.setContentsMargins(0, 0, 0, 0)
        cover_layout.addWidget(self.cover_label)
        cover_layout.addWidget(self.cover_list)
        cover_layout.addWidget(self.cover_button, 0, Qt.AlignmentFlag.AlignLeading)
        self.cover_box.hide()

        buttons = button_row(
            self.add_button, self.edit_button, self.remove_button, trailing=(self.cancel_button,)
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.forecast)
        layout.addWidget(self.checks)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.cover_box)
        self._update_buttons()

    # -- showing --------------------------------------------------------------------------------------
    def set_meeting(self, meeting_id: int | None) -> None:
        changed = meeting_id != self.meeting_id
        self.meeting_id = meeting_id
        if changed:
            self.cancellation = None
        if self.isVisible() or changed:
            self.reload()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        if self._stale:
            self.reload()

    def reload(self) -> None:
        self._stale = False
        self.setEnabled(self.meeting_id is not None)
        if self.meeting_id is None:
            self.model.set_rows([])
            self.forecast.clear()
            self.checks.clear()
            self.cover_box.hide()
            return
        keep = self.selected_id()
        m = self.ops.read(get_meeting, self.meeting_id).meeting
        # The session's date is in the heading above the tabs; say it for screen readers.
        self.setAccessibleDescription(_("Potluck on {date}").format(date=date_text(m.date, "full")))
        self.model.set_rows(self.ops.read(potluck.list_slots, self.meeting_id))
        self.coverage = self.ops.read(potluck.check_coverage, self.meeting_id)
        self.forecast.setText(forecast_text(self.coverage.expected))
        self._show_checks(self.coverage)
        header = self.table.horizontalHeader()
        for col in range(PotluckModel.COLUMN_COUNT):
            self.table.resizeColumnToContents(col)
            widest = 180 if col == PotluckModel.DISH else 120
            header.resizeSection(col, min(header.sectionSize(col), widest))
        if keep:
            self.select_slot(keep)
        self._show_cancellation()
        self._update_buttons()

    def _show_checks(self, coverage: potluck.Coverage) -> None:
        self.checks.clear()
        style = self.style()
        warn = style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        info = style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxInformation)
        ok = style.standardIcon(QStyle.StandardPixmap.SP_DialogApplyButton)
        if coverage.expected is not None:
            food = ngettext(
                "{count} serving of food for up to {people} people.",
                "{count} servings of food for up to {people} people.",
                coverage.food_servings,
            ).format(
                count=window().format_number(coverage.food_servings),
                people=window().format_number(coverage.expected.high),
            )
            enough = not any(i.kind == "servings" for i in coverage.issues)
            item = QListWidgetItem(ok if enough else warn, food, self.checks)
            item.setData(Qt.ItemDataRole.UserRole, "food")
        for issue in sorted(coverage.issues, key=lambda i: i.kind not in WARNINGS):
            important = issue.kind in WARNINGS
            # Translators: prefixes that say in words what the icon shows.
            prefix = _("Problem:") if important else _("Note:")
            item = QListWidgetItem(
                warn if important else info, f"{prefix} {issue.message}", self.checks
            )
            item.setData(Qt.ItemDataRole.UserRole, issue.kind)
        if coverage.ok and self.model.rowCount():
            item = QListWidgetItem(
                ok, _("All good: every dish has someone bringing it and a backup."), self.checks
            )
            item.setData(Qt.ItemDataRole.UserRole, "ok")
        elif not self.model.rowCount():
            QListWidgetItem(
                info, _("No dishes planned yet: add what people will bring."), self.checks
            )
        rows = max(1, min(self.checks.count(), 5))
        self.checks.setFixedHeight(
            self.checks.sizeHintForRow(0) * rows + 2 * self.checks.frameWidth() + 4
        )

    def issue_kinds(self) -> list[str]:
        return [i.kind for i in self.coverage.issues] if self.coverage else []

    def selected_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].data(PotluckModel.IdRole) if rows else None

    def selected(self) -> potluck.SlotRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.slot(rows[0].row()) if rows else None

    def select_slot(self, slot_id: int) -> bool:
        row = self.model.row_of(slot_id)
        if row is None:
            return False
        self.table.selectionModel().setCurrentIndex(
            self.model.index(row, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        return True

    def _update_buttons(self) -> None:
        slot = self.selected()
        self.edit_button.setEnabled(slot is not None)
        self.remove_button.setEnabled(slot is not None)
        self.cancel_button.setEnabled(slot is not None and not slot.open)

    # -- changing -------------------------------------------------------------------------------------
    def _members(self) -> list[roster.MemberRow]:
        return self.ops.read(roster.list_members)

    def add_slot(self) -> bool:
        if self.meeting_id is None:
            return False
        dialog = SlotDialog(self._members(), self)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.value is None:
            return False
        return self.push_add(dialog.value)

    def push_add(self, data: potluck.SlotInput) -> bool:
        assert self.meeting_id is not None
        ok = self.ops.push(cm.AddSlot(self.ops, self.meeting_id, data))
        if ok:
            self.reload()
            self.select_slot(self.model.slot(self.model.rowCount() - 1).id)
        return ok

    def edit_slot(self) -> bool:
        slot = self.selected()
        if slot is None or self.meeting_id is None:
            return False
        old = cm.slot_input(slot)
        dialog = SlotDialog(self._members(), self, value=old)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.value in (None, old):
            return False
        return self.push_edit(slot.id, old, dialog.value)

    def push_edit(
        self,
        slot_id: int,
        old: potluck.SlotInput,
        new: potluck.SlotInput,
        text: str | None = None,
    ) -> bool:
        assert self.meeting_id is not None
        ok = self.ops.push(cm.EditSlot(self.ops, self.meeting_id, slot_id, old, new, text))
        if ok:
            self.reload()
            self.select_slot(slot_id)
        return ok

    def remove_slot(self) -> bool:
        slot = self.selected()
        if slot is None or self.meeting_id is None:
            return False
        ok = self.ops.push(cm.RemoveSlot(self.ops, self.meeting_id, slot.id, slot.label))
        if ok:
            self.cancellation = None
            self.reload()
        return ok

    def bringer_cancels(self) -> bool:
        slot = self.selected()
        if slot is None or slot.open or self.meeting_id is None:
            return False
        command = cm.BringerCancels(self.ops, self.meeting_id, slot.id, slot.label)
        if not self.ops.push(command):
            return False
        self.cancellation = command.result
        # The person who just cancelled is free now, but not the one to ask.
        self.cancelled_by = slot.bringer_id
        self.reload()
        self.select_slot(slot.id)
        if command.result is not None:
            after = command.result.slot
            if after.open:
                text = _("Nobody is bringing “{slot}” now.").format(slot=after.label)
            else:
                text = _("{name} now brings “{slot}”.").format(
                    name=after.bringer_name, slot=after.label
                )
            self.status_message.emit(text)
        return True

    def _show_cancellation(self) -> None:
        c = self.cancellation
        slot = None
        if c is not None:
            row = self.model.row_of(c.slot.id)
            slot = self.model.slot(row) if row is not None else None
        if c is None or slot is None:
            self.cover_box.hide()
            return
        if slot.open:
            text = _("Nobody is bringing “{slot}” now. Who could bring it:").format(slot=slot.label)
            button = _("Ask them to &bring it")
        elif slot.backup_id is None:
            text = _(
                "{name} now brings “{slot}”; it has no backup. Who could be the backup:"
            ).format(name=slot.bringer_name, slot=slot.label)
            button = _("Make them the &backup")
        else:
            self.cover_box.hide()
            return
        self.cover_label.setText(text)
        self.cover_button.setText(button)
        self.cover_button.setAccessibleName(without_mnemonic(button))
        self.cover_list.clear()
        candidates = [p for p in c.candidates if p.id != self.cancelled_by]
        for person in candidates:
            item = QListWidgetItem(person.name, self.cover_list)
            item.setData(Qt.ItemDataRole.UserRole, person.id)
        if not candidates:
            empty = QListWidgetItem(_("Nobody who came recently is free."), self.cover_list)
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
        else:
            self.cover_list.setCurrentRow(0)
        self.cover_button.setEnabled(bool(candidates))
        self.cover_box.show()

    def ask_candidate(self) -> bool:
        c = self.cancellation
        item = self.cover_list.currentItem()
        if c is None or item is None or item.data(Qt.ItemDataRole.UserRole) is None:
            return False
        row = self.model.row_of(c.slot.id)
        if row is None:
            return False
        slot = self.model.slot(row)
        person = int(item.data(Qt.ItemDataRole.UserRole))
        old = cm.slot_input(slot)
        if slot.open:
            new = dataclasses.replace(old, bringer_id=person)
        else:
            new = dataclasses.replace(old, backup_id=person)
        ok = self.push_edit(slot.id, old, new)
        if ok:
            self.cancellation = None
            self.reload()
            self.select_slot(slot.id)
        return ok


class SlotDialog(QDialog):
    """One potluck slot; nothing is saved here."""

    def __init__(
        self,
        members: list[roster.MemberRow],
        parent: QWidget | None = None,
        value: potluck.SlotInput | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Edit dish") if value else _("Add dish"))
        self.value: potluck.SlotInput | None = None
        self.label = QLineEdit(self)
        self.label.setObjectName("slotLabel")
        self.label.setAccessibleName(_("Dish"))
        self.label.setMaxLength(200)
        self.label.setPlaceholderText(_("e.g. Main dish (vegetarian)"))
        self.kind = QComboBox(self)
        self.kind.setAccessibleName(_("Kind of dish"))
        for kind in DishKind:
            self.kind.addItem(potluck.kind_label(kind), kind.value)
        self.servings = QSpinBox(self)
        self.servings.setAccessibleName(_("Servings"))
        self.servings.setRange(0, 10000)
        self.bringer = PersonCombo(_("Bringing it"), self, nobody=_("— nobody yet —"))
        self.backup = PersonCombo(_("Backup"), self, nobody=_("— no backup —"))
        for combo in (self.bringer, self.backup):
            combo.set_people(members)
        self.dietary = QLineEdit(self)
        self.dietary.setAccessibleName(_("Dietary tags"))
        self.dietary.setPlaceholderText(_("e.g. vegan, nut-free"))
        self.note = QLineEdit(self)
        self.note.setAccessibleName(_("Note"))
        self.error = FormError(self)

        start = value or potluck.SlotInput("", DishKind.MAIN, 10)
        self.label.setText(start.label)
        self.kind.setCurrentIndex(max(0, self.kind.findData(DishKind(start.kind).value)))
        self.servings.setValue(start.servings)
        self.bringer.set_member(start.bringer_id)
        self.backup.set_member(start.backup_id)
        self.dietary.setText(", ".join(start.dietary))
        self.note.setText(start.note)

        form = QFormLayout()
        form.addRow(_("&Dish:"), self.label)
        form.addRow(_("&Kind:"), self.kind)
        form.addRow(_("&Servings:"), self.servings)
        form.addRow(_("&Bringing it:"), self.bringer)
        form.addRow(_("Bac&kup:"), self.backup)
        form.addRow(_("D&ietary:"), self.dietary)
        form.addRow(_("&Note:"), self.note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def accept(self) -> None:
        if not self.label.text().strip():
            self.error.show_message(_("Every potluck slot needs a name."), self.label)
            return
        bringer, backup = self.bringer.member_id(), self.backup.member_id()
        if backup is not None and backup == bringer:
            self.error.show_message(
                _("The backup must be someone other than the person bringing it."), self.backup
            )
            return
        self.value = potluck.SlotInput(
            self.label.text().strip(),
            DishKind(self.kind.currentData()),
            self.servings.value(),
            bringer,
            backup,
            tuple(t.strip() for t in self.dietary.text().split(",") if t.strip()),
            self.note.text().strip(),
        )
        super().accept()
