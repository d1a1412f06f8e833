"""Small dialogs for role and journey changes, for one member (the editor) or many (a selection).

They only ask; the caller pushes the undoable command (:mod:`copdesk.ui.commands_roster`).
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from copdesk.i18n import _
from copdesk.services import roster
from copdesk.ui.date_edit import DateEdit
from copdesk.ui.form_error import FormError


def qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


class _AskDialog(QDialog):
    def __init__(self, parent: QWidget | None, title: str, intro: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.intro = QLabel(intro, self)
        self.intro.setWordWrap(True)
        self.form = QFormLayout()
        self.error = FormError(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)


class RoleDialog(_AskDialog):
    """Give a role from a date (optionally until a date), or end a role on a date."""

    def __init__(
        self,
        parent: QWidget | None,
        roles: list[roster.RoleRow],
        today: dt.date,
        intro: str,
        *,
        ending: bool = False,
        held: list[str] | None = None,
    ) -> None:
        super().__init__(parent, _("End a role") if ending else _("Give a role"), intro)
        self.ending = ending
        self.role = QComboBox(self)
        self.role.setAccessibleName(_("Role"))
        for r in roles:
            if held is None or r.role in held:
                self.role.addItem(r.label, r.role)
        if not ending:
            # A new name makes a role of the group's own ("timekeeper").
            self.role.setEditable(True)
            self.role.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.starts = DateEdit(self)
        self.starts.setAccessibleName(_("Ends on") if ending else _("Starts on"))
        self.starts.setDate(qdate(today))
        self.form.addRow(_("&Role:"), self.role)
        self.form.addRow(_("&Ends on:") if ending else _("&From:"), self.starts)
        self.until_known = QCheckBox(_("&Until"), self)
        self.until_known.setAccessibleName(_("Has an end date"))
        self.until = DateEdit(self)
        self.until.setAccessibleName(_("Until"))
        self.until.setDate(qdate(today))
        self.until.setEnabled(False)
        self.until_known.toggled.connect(self.until.setEnabled)
        self.note = QLineEdit(self)
        self.note.setAccessibleName(_("Note"))
        if not ending:
            until_row = QHBoxLayout()
            until_row.addWidget(self.until_known)
            until_row.addWidget(self.until, 1)
            self.form.addRow("", until_row)
            self.form.addRow(_("&Note:"), self.note)
        else:
            self.until_known.hide()
            self.until.hide()
            self.note.hide()

    def chosen_role(self) -> tuple[str, str]:
        """(role key or name, label)."""
        text = self.role.currentText().strip()
        index = self.role.findText(text)
        if index >= 0:
            return str(self.role.itemData(index)), self.role.itemText(index)
        return text, text

    def day(self) -> dt.date:
        return self.starts.date().toPython()

    def until_day(self) -> dt.date | None:
        return self.until.date().toPython() if self.until_known.isChecked() else None

    def accept(self) -> None:
        role, _label = self.chosen_role()
        if not role:
            self.error.show_message(_("Please choose a role."), self.role)
            return
        until = self.until_day()
        if not self.ending and until is not None and until < self.day():
            self.error.show_message(_("A role cannot end before it starts."), self.until)
            return
        super().accept()


class MovedOnDialog(_AskDialog):
    """When someone moved on, and a note ("new job in another city")."""

    def __init__(self, parent: QWidget | None, today: dt.date, intro: str) -> None:
        super().__init__(parent, _("Mark as moved on"), intro)
        self.on_date = DateEdit(self)
        self.on_date.setAccessibleName(_("Moved on on"))
        self.on_date.setDate(qdate(today))
        self.note = QLineEdit(self)
        self.note.setAccessibleName(_("Note"))
        self.note.setPlaceholderText(_("For example: a new job in another city"))
        self.form.addRow(_("&Date:"), self.on_date)
        self.form.addRow(_("&Note:"), self.note)

    def day(self) -> dt.date:
        return self.on_date.date().toPython()
