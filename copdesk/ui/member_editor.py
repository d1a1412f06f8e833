"""The form beside the roster table: everything about one member, saved field by field.

There is no Save button (like the session editor): a field is saved when the user finishes with
it (Enter, Tab, a click elsewhere), as one undoable change. Escape puts the field back as the
file has it. Roles and the journey are changed through small dialogs, each one undoable too.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from copdesk.errors import ValidationError
from copdesk.i18n import _, ngettext, window
from copdesk.services import roster
from copdesk.ui import commands, commands_roster
from copdesk.ui.date_edit import DateEdit
from copdesk.ui.form_error import FormError
from copdesk.ui.operations import Operations
from copdesk.ui.roster_bulk import MovedOnDialog, RoleDialog, qdate
from copdesk.ui.text import date_text, without_mnemonic

LIST_SPLIT = re.compile(r"[,;\n،、，；]")  # also the Arabic and CJK commas people type


def split_list(text: str) -> tuple[str, ...]:
    """ "Python, data; maps" → ("Python", "data", "maps")."""
    return tuple(part.strip() for part in LIST_SPLIT.split(text) if part.strip())


def join_list(items: tuple[str, ...] | None) -> str:
    # Translators: between the items of a list the user edits as text ("Python, maps").
    return _(", ").join(items or ())


def _comparable(data: roster.MemberInput) -> roster.MemberInput:
    from dataclasses import replace

    return replace(data, why_tags=tuple(sorted(data.why_tags or ())))


class MemberEditor(QWidget):
    #: a sentence for the status bar
    status_message = Signal(str)

    def __init__(
        self,
        ops: Operations,
        parent: QWidget | None = None,
        today: Callable[[], dt.date] = dt.date.today,
        journey_of: Callable[[int], roster.JourneyState | None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("memberEditor")
        self.ops = ops
        self.today = today
        self.journey_of = journey_of or (lambda mid: self.ops.read(roster.journey_state, mid))
        self.row: roster.MemberRow | None = None

        self.heading = QLabel(self)
        self.heading.setObjectName("memberHeading")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.heading.setFont(font)
        self.heading.setWordWrap(True)

        def line(name: str, accessible: str, placeholder: str = "") -> QLineEdit:
            edit = QLineEdit(self)
            edit.setObjectName(name)
            edit.setAccessibleName(accessible)
            if placeholder:
                edit.setPlaceholderText(placeholder)
            edit.editingFinished.connect(self.commit)
            return edit

        self.name = line("memberName", _("Name"), _("Required"))
        self.preferred = line(
            "memberPreferred", _("Preferred name"), _("What people call them, if different")
        )
        self.pronouns = line("memberPronouns", _("Pronouns"), _("For example: she/her"))
        self.email = line("memberEmail", _("Email"))
        self.phone = line("memberPhone", _("Phone"))
        self.organisation = QComboBox(self)
        self.organisation.setObjectName("memberOrganisation")
        self.organisation.setAccessibleName(_("Organisation"))
        self.organisation.setEditable(True)
        self.organisation.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.organisation.lineEdit().setPlaceholderText(_("Type a new name to add one"))
        completer = self.organisation.completer()
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.organisation.lineEdit().editingFinished.connect(self.commit)
        self.organisation.activated.connect(lambda _i: self.commit())
        list_hint = _("Separate them with commas")
        self.languages = line("memberLanguages", _("Languages"), list_hint)
        self.can_teach = line("memberCanTeach", _("Can teach"), list_hint)
        self.wants_to_learn = line("memberWantsToLearn", _("Wants to learn"), list_hint)
        self.why = QPlainTextEdit(self)
        self.why.setObjectName("memberWhy")
        self.why.setAccessibleName(_("Why they come"))
        self.why.setTabChangesFocus(True)
        self.why.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 12)
        self.why_tags = line("memberWhyTags", _("Why tags"), list_hint)
        self.may_print = QCheckBox(_("May appear on printed lists"), self)
        self.may_print.setObjectName("memberMayPrint")
        self.may_contact = QCheckBox(_("May be contacted"), self)
        self.may_contact.setObjectName("memberMayContact")
        for box in (self.may_print, self.may_contact):
            box.setAccessibleName(without_mnemonic(box.text()))
            box.clicked.connect(lambda _checked: self.commit())
        self.joined_known = QCheckBox(_("Known"), self)
        self.joined_known.setAccessibleName(_("Joined date known"))
        self.joined = DateEdit(self)
        self.joined.setObjectName("memberJoined")
        self.joined.setAccessibleName(_("Joined on"))
        self.joined.setEnabled(False)
        self.joined_known.toggled.connect(self.joined.setEnabled)
        self.joined_known.clicked.connect(lambda _checked: self.commit())
        self.joined.editingFinished.connect(self.commit)
        self.joined.calendarWidget().clicked.connect(lambda _d: QTimer.singleShot(0, self.commit))
        self.notes = QPlainTextEdit(self)
        self.notes.setObjectName("memberNotes")
        self.notes.setAccessibleName(_("Notes"))
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        for text_edit in (self.why, self.notes):
            text_edit.installEventFilter(self)

        joined_row = QHBoxLayout()
        joined_row.addWidget(self.joined_known)
        joined_row.addWidget(self.joined, 1)
        consent = QVBoxLayout()
        consent.addWidget(self.may_print)
        consent.addWidget(self.may_contact)

        form = QFormLayout()
        form.addRow(_("&Name:"), self.name)
        form.addRow(_("&Preferred name:"), self.preferred)
        form.addRow(_("Pro&nouns:"), self.pronouns)
        form.addRow(_("&Email:"), self.email)
        form.addRow(_("P&hone:"), self.phone)
        form.addRow(_("&Organisation:"), self.organisation)
        form.addRow(_("&Languages:"), self.languages)
        form.addRow(_("Can &teach:"), self.can_teach)
        form.addRow(_("&Wants to learn:"), self.wants_to_learn)
        form.addRow(_("Why they &come:"), self.why)
        form.addRow(_("Why ta&gs:"), self.why_tags)
        form.addRow(_("Consent:"), consent)
        joined_label = QLabel(_("&Joined:"), self)
        joined_label.setBuddy(self.joined_known)
        form.addRow(joined_label, joined_row)
        form.addRow(_("No&tes:"), self.notes)
        self.error = FormError(self)

        # Roles, with their history.
        self.roles = QTableWidget(0, 4, self)
        self.roles.setObjectName("memberRoles")
        self.roles.setAccessibleName(_("Roles held"))
        self.roles.setHorizontalHeaderLabels([_("Role"), _("From"), _("Until"), _("Note")])
        self.roles.verticalHeader().hide()
        self.roles.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.roles.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.roles.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.roles.horizontalHeader().setStretchLastSection(True)
        self.roles.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.roles.setFixedHeight(self.fontMetrics().lineSpacing() * 6)
        self.add_role_button = QPushButton(_("&Give a role…"), self)
        self.add_role_button.clicked.connect(self.add_role)
        self.end_role_button = QPushButton(_("E&nd a role…"), self)
        self.end_role_button.clicked.connect(self.end_role)
        roles_box = QGroupBox(_("Roles"), self)
        roles_layout = QVBoxLayout(roles_box)
        roles_layout.addWidget(self.roles)
        role_buttons = QHBoxLayout()
        role_buttons.addWidget(self.add_role_button)
        role_buttons.addWidget(self.end_role_button)
        role_buttons.addStretch(1)
        roles_layout.addLayout(role_buttons)

        # The journey: the state follows from attendance; moving on and coming back are recorded.
        self.journey = QLabel(self)
        self.journey.setObjectName("memberJourney")
        self.moved_on_button = QPushButton(_("Mark as &moved on…"), self)
        self.moved_on_button.clicked.connect(self.mark_moved_on)
        self.welcome_back_button = QPushButton(_("Welcome &back"), self)
        self.welcome_back_button.clicked.connect(self.welcome_back)
        self.history = QListWidget(self)
        self.history.setObjectName("memberJourneyHistory")
        self.history.setAccessibleName(_("Journey history"))
        self.history.setFixedHeight(self.fontMetrics().lineSpacing() * 4)
        journey_box = QGroupBox(_("Journey"), self)
        journey_layout = QVBoxLayout(journey_box)
        journey_row = QHBoxLayout()
        journey_row.addWidget(self.journey, 1)
        journey_row.addWidget(self.moved_on_button)
        journey_row.addWidget(self.welcome_back_button)
        journey_layout.addLayout(journey_row)
        journey_layout.addWidget(self.history)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(roles_box)
        layout.addWidget(journey_box)
        layout.addStretch(1)

        self.fields: dict[str, QWidget] = {
            "name": self.name,
            "preferred_name": self.preferred,
            "pronouns": self.pronouns,
            "email": self.email,
            "phone": self.phone,
            "organisation": self.organisation,
            "languages": self.languages,
            "can_teach": self.can_teach,
            "wants_to_learn": self.wants_to_learn,
            "why": self.why,
            "why_tags": self.why_tags,
            "may_print": self.may_print,
            "may_contact": self.may_contact,
            "joined_on": self.joined,
            "notes": self.notes,
        }
        for widget in (*self.fields.values(), self.organisation.lineEdit(), self.joined_known):
            widget.installEventFilter(self)
        order = [
            self.name,
            self.preferred,
            self.pronouns,
            self.email,
            self.phone,
            self.organisation,
            self.languages,
            self.can_teach,
            self.wants_to_learn,
            self.why,
            self.why_tags,
            self.may_print,
            self.may_contact,
            self.joined_known,
            self.joined,
            self.notes,
            self.roles,
            self.add_role_button,
            self.end_role_button,
            self.moved_on_button,
            self.welcome_back_button,
            self.history,
        ]
        for a, b in zip(order, order[1:], strict=False):
            QWidget.setTabOrder(a, b)
        self._organisations: list[str] = []
        self.setEnabled(False)

    # -- showing --------------------------------------------------------------------------------------
    def set_organisations(self, names: list[str]) -> None:
        """The names the organisation field offers (in the window language's order)."""
        if names == self._organisations:
            return
        self._organisations = names
        text = self.organisation.currentText()
        self.organisation.blockSignals(True)
        self.organisation.clear()
        self.organisation.addItems(names)
        self.organisation.setEditText(text)
        self.organisation.blockSignals(False)

    def member_id(self) -> int | None:
        return self.row.id if self.row else None

    def set_member(self, member_id: int | None) -> None:
        """Show a member (None: nobody) as the file holds them now."""
        row = None
        if member_id is not None:
            rows = self.ops.read(roster.get_members, [member_id])
            row = rows[0] if rows else None
        if row is None or self.row is None or row.id != self.row.id:
            self.error.clear()
        self.row = row
        self.setEnabled(row is not None)
        if row is None:
            self.heading.clear()
            for edit in (self.name, self.preferred, self.pronouns, self.email, self.phone):
                edit.clear()
            self.roles.setRowCount(0)
            self.history.clear()
            self.journey.clear()
            return
        self.heading.setText(row.display_name)
        for key in self.fields:
            self._show_field(key)
        self._show_roles(row)
        self._show_journey(row)

    def _show_field(self, key: str) -> None:
        row = self.row
        assert row is not None
        widget = self.fields[key]
        value = getattr(row, key)
        if key == "organisation":
            if self.organisation.currentText() != value:
                self.organisation.setEditText(value)
        elif key in ("languages", "can_teach", "wants_to_learn", "why_tags"):
            assert isinstance(widget, QLineEdit)
            if split_list(widget.text()) != tuple(value or ()):
                widget.setText(join_list(value))
        elif key in ("may_print", "may_contact"):
            assert isinstance(widget, QCheckBox)
            widget.setChecked(value is None or bool(value))
        elif key == "joined_on":
            self.joined_known.setChecked(value is not None)
            day = value or self.today()
            if self.joined.date() != qdate(day):
                self.joined.setDate(qdate(day))
        elif isinstance(widget, QPlainTextEdit):
            if widget.toPlainText() != (value or ""):
                widget.setPlainText(value or "")
        else:
            assert isinstance(widget, QLineEdit)
            if widget.text() != (value or ""):
                widget.setText(value or "")

    def _show_roles(self, row: roster.MemberRow) -> None:
        self.roles.setRowCount(len(row.roles))
        today = self.today()
        for r, span in enumerate(row.roles):
            label = span.label
            if not span.held_on(today):
                # Translators: a role no longer (or not yet) held, in the roles list.
                label = _("{role} (not now)").format(role=span.label)
            cells = (label, date_text(span.starts_on), date_text(span.ends_on), span.note)
            for c, text in enumerate(cells):
                self.roles.setItem(r, c, QTableWidgetItem(text))
        for c in range(3):
            self.roles.resizeColumnToContents(c)
        self.end_role_button.setEnabled(bool(row.current_roles(today)))

    def _show_journey(self, row: roster.MemberRow) -> None:
        state = self.journey_of(row.id)
        self.journey.setText(
            _("Now: {state}").format(state=state.label) if state else _("Now: unknown")
        )
        moved = state == roster.JourneyState.MOVED_ON
        self.moved_on_button.setEnabled(not moved)
        self.welcome_back_button.setEnabled(
            state in (roster.JourneyState.MOVED_ON, roster.JourneyState.QUIET)
        )
        self.history.clear()
        for kind, day, note in self.ops.read(roster.journey_history, row.id):
            if kind == "moved_on":
                text = _("{date}: moved on").format(date=date_text(day))
            else:
                text = _("{date}: welcomed back").format(date=date_text(day))
            if note:
                text = _("{event} — {note}").format(event=text, note=note)
            self.history.addItem(text)
        if not self.history.count():
            self.history.addItem(_("Nothing recorded: the journey follows attendance."))

    # -- saving ---------------------------------------------------------------------------------------
    def form_input(self) -> roster.MemberInput:
        joined = self.joined.date().toPython() if self.joined_known.isChecked() else None
        return roster.MemberInput(
            name=self.name.text(),
            preferred_name=self.preferred.text(),
            email=self.email.text(),
            phone=self.phone.text(),
            organisation=self.organisation.currentText(),
            notes=self.notes.toPlainText(),
            joined_on=joined,
            pronouns=self.pronouns.text(),
            languages=split_list(self.languages.text()),
            can_teach=split_list(self.can_teach.text()),
            wants_to_learn=split_list(self.wants_to_learn.text()),
            why=self.why.toPlainText(),
            why_tags=split_list(self.why_tags.text()),
            may_print=self.may_print.isChecked(),
            may_contact=self.may_contact.isChecked(),
        )

    def commit(self) -> None:
        """Save the form if it differs from the file (safe to call as often as signals fire)."""
        if self.row is None:
            return
        old = self.row.as_input()
        try:
            new = roster.validate(self.form_input())
        except ValidationError as exc:
            self.error.show_message(exc.message, None)
            field = self.fields.get(exc.field or "")
            if field is not None:
                field.setAccessibleDescription(exc.message)
            return
        self.error.clear()
        if _comparable(new) == _comparable(old):
            return
        self.ops.push(commands.EditMember(self.ops, self.row.id, old, new))

    def revert_field(self, widget: QObject) -> bool:
        """Escape: put one field back as the file has it."""
        if self.row is None:
            return False
        if widget is self.organisation.lineEdit():
            widget = self.organisation
        if widget is self.joined_known:
            widget = self.joined
        for key, field in self.fields.items():
            if field is widget:
                if isinstance(field, QLineEdit):
                    field.setModified(False)
                self._show_field(key)
                self.error.clear()
                return True
        return False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Escape:
            if self.revert_field(watched):
                return True
        if watched in (self.why, self.notes) and event.type() == QEvent.Type.FocusOut:
            self.commit()
        return super().eventFilter(watched, event)

    # -- roles and journey ------------------------------------------------------------------------------
    def add_role(self) -> None:
        if self.row is None:
            return
        ask_role(self, self.ops, [self.row.id], self.row.display_name, self.today())

    def end_role(self) -> None:
        if self.row is None:
            return
        held = [span.role for span in self.row.current_roles(self.today())]
        ask_end_role(self, self.ops, [self.row.id], self.row.display_name, self.today(), held)

    def mark_moved_on(self) -> None:
        if self.row is None:
            return
        ask_moved_on(self, self.ops, [self.row.id], self.row.display_name, self.today())

    def welcome_back(self) -> None:
        if self.row is None:
            return
        welcome_back(self.ops, [self.row.id], self.today())


# -- shared with the bulk actions of the roster pane ----------------------------------------------------


def ask_role(parent: QWidget, ops: Operations, ids: list[int], name: str, today: dt.date) -> bool:
    roles = ops.read(roster.list_roles)
    if len(ids) == 1:
        intro = _("Give {name} a role from a date.").format(name=name)
    else:
        intro = ngettext(
            "Give the {count} selected member a role from a date.",
            "Give the {count} selected members a role from a date.",
            len(ids),
        ).format(count=window().format_number(len(ids)))
    dialog = RoleDialog(parent, roles, today, intro)
    if dialog.exec() != RoleDialog.DialogCode.Accepted:
        return False
    role, label = dialog.chosen_role()
    return ops.push(
        commands_roster.AddRole(
            ops, ids, role, label, dialog.day(), dialog.until_day(), dialog.note.text()
        )
    )


def ask_end_role(
    parent: QWidget,
    ops: Operations,
    ids: list[int],
    name: str,
    today: dt.date,
    held: list[str] | None = None,
) -> bool:
    roles = ops.read(roster.list_roles)
    if len(ids) == 1:
        intro = _("End one of {name}’s roles on a date.").format(name=name)
    else:
        intro = ngettext(
            "End a role for the {count} selected member on a date.",
            "End a role for the {count} selected members on a date.",
            len(ids),
        ).format(count=window().format_number(len(ids)))
    dialog = RoleDialog(parent, roles, today, intro, ending=True, held=held)
    if dialog.exec() != RoleDialog.DialogCode.Accepted:
        return False
    role, label = dialog.chosen_role()
    return ops.push(commands_roster.EndRole(ops, ids, role, label, dialog.day()))


def ask_moved_on(
    parent: QWidget, ops: Operations, ids: list[int], name: str, today: dt.date
) -> bool:
    if len(ids) == 1:
        intro = _(
            "{name} stays in the roster and in the history of past sessions; the journey shows "
            "they moved on."
        ).format(name=name)
    else:
        intro = ngettext(
            "The {count} selected member stays in the roster and in the history of past "
            "sessions; the journey shows they moved on.",
            "The {count} selected members stay in the roster and in the history of past "
            "sessions; their journey shows they moved on.",
            len(ids),
        ).format(count=window().format_number(len(ids)))
    dialog = MovedOnDialog(parent, today, intro)
    if dialog.exec() != MovedOnDialog.DialogCode.Accepted:
        return False
    return ops.push(
        commands_roster.SetJourney(
            ops, ids, roster.JourneyState.MOVED_ON, dialog.day(), dialog.note.text(), today
        )
    )


def welcome_back(ops: Operations, ids: list[int], today: dt.date) -> bool:
    return ops.push(
        commands_roster.SetJourney(ops, ids, roster.JourneyState.WELCOMED_BACK, today, "", today)
    )
