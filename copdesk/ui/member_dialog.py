"""Add or edit one member. The dialog validates with the core and writes nothing itself."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from copdesk.errors import ValidationError
from copdesk.i18n import _
from copdesk.services import roster
from copdesk.ui.date_edit import DateEdit
from copdesk.ui.form_error import FormError


class MemberDialog(QDialog):
    def __init__(
        self,
        parent: QWidget | None,
        member: roster.MemberInput | None = None,
        organisations: list[str] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Edit member") if member else _("Add member"))
        self.setObjectName("memberDialog")
        self.result_input: roster.MemberInput | None = None

        self.name = QLineEdit(self)
        self.name.setAccessibleName(_("Name"))
        self.name.setPlaceholderText(_("Required"))
        self.preferred = QLineEdit(self)
        self.preferred.setAccessibleName(_("Preferred name"))
        self.preferred.setPlaceholderText(_("What people call them, if different"))
        self.email = QLineEdit(self)
        self.email.setAccessibleName(_("Email"))
        self.phone = QLineEdit(self)
        self.phone.setAccessibleName(_("Phone"))
        self.pronouns = QLineEdit(self)
        self.pronouns.setAccessibleName(_("Pronouns"))
        self.pronouns.setPlaceholderText(_("For example: she/her"))
        # The organisations list, or a new name (which adds it to the list).
        self.organisation = QComboBox(self)
        self.organisation.setEditable(True)
        self.organisation.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.organisation.addItems(organisations or [])
        self.organisation.setEditText("")
        self.organisation.setAccessibleName(_("Organisation"))
        completer = self.organisation.completer()
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.joined_known = QCheckBox(_("Joined on"), self)
        self.joined_known.setAccessibleName(_("Joined date known"))
        self.joined = DateEdit(self)
        self.joined.setCalendarPopup(True)
        self.joined.setAccessibleName(_("Joined on"))
        self.joined.setDate(QDate.currentDate())
        self.joined.setEnabled(False)
        self.joined_known.toggled.connect(self.joined.setEnabled)
        self.notes = QPlainTextEdit(self)
        self.notes.setAccessibleName(_("Notes"))
        self.notes.setTabChangesFocus(True)
        self.notes.setMinimumHeight(80)

        joined_row = QHBoxLayout()
        joined_row.addWidget(self.joined_known)
        joined_row.addWidget(self.joined, 1)

        form = QFormLayout()
        form.addRow(_("&Name:"), self.name)
        form.addRow(_("&Preferred name:"), self.preferred)
        form.addRow(_("Pro&nouns:"), self.pronouns)
        form.addRow(_("&Organisation:"), self.organisation)
        form.addRow(_("&Email:"), self.email)
        form.addRow(_("P&hone:"), self.phone)
        form.addRow(_("Joined:"), joined_row)
        form.addRow(_("No&tes:"), self.notes)

        self.error = FormError(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

        for a, b in (
            (self.name, self.preferred),
            (self.preferred, self.pronouns),
            (self.pronouns, self.organisation),
            (self.organisation, self.email),
            (self.email, self.phone),
            (self.phone, self.joined_known),
            (self.joined_known, self.joined),
            (self.joined, self.notes),
            (self.notes, self.buttons),
        ):
            QWidget.setTabOrder(a, b)

        self._fields: dict[str, QWidget] = {
            "name": self.name,
            "email": self.email,
            "phone": self.phone,
            "pronouns": self.pronouns,
            "organisation": self.organisation,
            "preferred_name": self.preferred,
        }
        if member is not None:
            self._load(member)
        self.name.setFocus()
        self.resize(460, self.sizeHint().height())

    def _load(self, m: roster.MemberInput) -> None:
        self.name.setText(m.name)
        self.preferred.setText(m.preferred_name)
        self.email.setText(m.email)
        self.phone.setText(m.phone)
        self.organisation.setEditText(m.organisation)
        self.pronouns.setText(m.pronouns or "")
        self.notes.setPlainText(m.notes)
        if m.joined_on:
            self.joined_known.setChecked(True)
            self.joined.setDate(QDate(m.joined_on.year, m.joined_on.month, m.joined_on.day))

    def member_input(self) -> roster.MemberInput:
        joined: dt.date | None = None
        if self.joined_known.isChecked():
            joined = self.joined.date().toPython()
        return roster.MemberInput(
            name=self.name.text(),
            preferred_name=self.preferred.text(),
            email=self.email.text(),
            phone=self.phone.text(),
            organisation=self.organisation.currentText(),
            notes=self.notes.toPlainText(),
            joined_on=joined,
            pronouns=self.pronouns.text(),
        )

    def accept(self) -> None:
        try:
            self.result_input = roster.validate(self.member_input())
        except ValidationError as exc:
            self.error.show_message(exc.message, self._fields.get(exc.field or ""))
            return
        self.error.clear()
        super().accept()
