"""Who does what at a session: convener (behind the scenes), host (holds the room), presenter and
note-taker, each with an optional backup; the warnings a convener should look at (one person in
two roles, a host who has held the room too many times in a row) and who has never hosted.

Warnings are words next to the palette's warning icon, never colour alone. A choice in a list is
saved at once, as one undoable change.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from copdesk.i18n import _, ngettext, window
from copdesk.services import meetings, schedule
from copdesk.ui import commands_sessions, people_model
from copdesk.ui.operations import Operations

NOBODY = people_model.NOBODY  # member ids start at 1
NEVER_HOSTED_SHOWN = 8


def role_titles() -> dict[str, tuple[str, str]]:
    """Each role's label in the form and its accessible name for the backup list."""
    return {
        "convener": (_("&Convener:"), _("Convener's backup")),
        "host": (_("&Host:"), _("Host's backup")),
        "presenter": (_("P&resenter:"), _("Presenter's backup")),
        "note_taker": (_("N&ote-taker:"), _("Note-taker's backup")),
    }


def role_hints() -> dict[str, str]:
    return {
        "convener": _("Organises the session behind the scenes"),
        "host": _("Welcomes people and holds the room"),
        "presenter": _("Gives the presentation"),
        "note_taker": _("Writes down what was shared and decided"),
    }


class WarningLine(QWidget):
    """One warning: the palette's warning icon and a sentence (read out as the sentence)."""

    def __init__(self, message: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        icon = QLabel(self)
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
        icon.setPixmap(
            self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(size)
        )
        self.label = QLabel(message, self)
        self.label.setWordWrap(True)
        self.setAccessibleName(message)
        layout.addWidget(icon)
        layout.addWidget(self.label, 1)


class RolesPanel(QWidget):
    def __init__(self, ops: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.meeting_id: int | None = None
        self.roles = meetings.RolesInput()
        self.person: dict[str, QComboBox] = {}
        self.backup: dict[str, QComboBox] = {}
        self.people = people_model.shared(ops)

        grid = QGridLayout()
        backup_header = QLabel(_("Backup"), self)
        grid.addWidget(backup_header, 0, 2)
        hints = role_hints()
        for row, (role, (label_text, backup_name)) in enumerate(role_titles().items(), start=1):
            person = QComboBox(self)
            person.setObjectName(f"role_{role}")
            person.setAccessibleName(meetings.role_label(role).capitalize())
            person.setAccessibleDescription(hints[role])
            person.setToolTip(hints[role])
            person.setModel(self.people)
            backup = QComboBox(self)
            backup.setModel(self.people)
            backup.setObjectName(f"role_{role}_backup")
            backup.setAccessibleName(backup_name)
            label = QLabel(label_text, self)
            label.setBuddy(person)
            person.activated.connect(lambda _i: self.commit())
            backup.activated.connect(lambda _i: self.commit())
            self.person[role], self.backup[role] = person, backup
            grid.addWidget(label, row, 0)
            grid.addWidget(person, row, 1)
            grid.addWidget(backup, row, 2)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)

        self.warnings = QWidget(self)
        self.warnings.setObjectName("roleWarnings")
        self.warnings_layout = QVBoxLayout(self.warnings)
        self.warnings_layout.setContentsMargins(0, 0, 0, 0)

        self.never_hosted = QLabel(self)
        self.never_hosted.setObjectName("neverHosted")
        self.never_hosted.setWordWrap(True)

        self.rotation = QSpinBox(self)
        self.rotation.setObjectName("rotationLimit")
        self.rotation.setRange(2, 52)
        self.rotation.setAccessibleName(
            _("Warn when the same person has hosted this many sessions in a row")
        )
        self.rotation.setKeyboardTracking(False)
        self.rotation.valueChanged.connect(self._commit_rotation)
        rotation_label = QLabel(_("&Warn when someone has hosted this many sessions in a row:"))
        rotation_label.setWordWrap(True)
        rotation_label.setBuddy(self.rotation)
        rotation_row = QHBoxLayout()
        rotation_row.addWidget(rotation_label, 1)
        rotation_row.addWidget(self.rotation)

        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(self.warnings)
        layout.addWidget(self.never_hosted)
        layout.addLayout(rotation_row)
        layout.addStretch(1)

        order: list[QWidget] = []
        for role in meetings.ROLES:
            order += [self.person[role], self.backup[role]]
        order.append(self.rotation)
        for a, b in zip(order, order[1:], strict=False):
            QWidget.setTabOrder(a, b)

    # -- showing ----------------------------------------------------------------------------------
    def set_meeting(self, meeting_id: int | None) -> None:
        self.meeting_id = meeting_id
        if meeting_id is None:  # the editor is hidden: the lists are filled when it shows one
            self.roles = meetings.RolesInput()
            self._show_warnings([])
            self.never_hosted.clear()
            return
        self._fill_people()
        self.roles = self.ops.read(meetings.get_roles, meeting_id)
        for role in meetings.ROLES:
            for combo, attr in ((self.person[role], role), (self.backup[role], f"{role}_backup")):
                combo.setCurrentIndex(self.people.row_of(getattr(self.roles, f"{attr}_id")))
        self._show_warnings(self.ops.read(meetings.role_warnings, meeting_id))
        self._show_never_hosted(self.ops.read(meetings.never_hosted))
        limit = self.ops.read(schedule.get_settings).host_rotation_limit
        self.rotation.blockSignals(True)
        self.rotation.setValue(limit)
        self.rotation.blockSignals(False)

    def _fill_people(self) -> None:
        """The eight lists share one model of the roster, read again only after the members
        changed (this runs after every change to the file, and a roster can be long)."""
        self.people.refresh()

    def _show_warnings(self, warnings: list[meetings.RoleWarning]) -> None:
        while self.warnings_layout.count():
            item = self.warnings_layout.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        for w in warnings:
            self.warnings_layout.addWidget(WarningLine(w.message, self.warnings))
        self.warnings.setVisible(bool(warnings))

    def warning_texts(self) -> list[str]:
        return [
            w.label.text()
            for i in range(self.warnings_layout.count())
            if isinstance(w := self.warnings_layout.itemAt(i).widget(), WarningLine)
        ]

    def _show_never_hosted(self, people: list[meetings.PersonRow]) -> None:
        names = [p.name for p in people]
        if not names:
            self.never_hosted.setText(_("Everyone has hosted at least once."))
            self.never_hosted.setToolTip("")
            return
        shown = names[:NEVER_HOSTED_SHOWN]
        rest = len(names) - len(shown)
        listed = window().format_list(
            [*shown, ngettext("{count} more", "{count} more", rest).format(count=rest)]
            if rest
            else shown
        )
        self.never_hosted.setText(
            ngettext(
                "Never hosted yet ({count} person): {names}.",
                "Never hosted yet ({count} people): {names}.",
                len(names),
            ).format(count=len(names), names=listed)
        )
        self.never_hosted.setToolTip("\n".join(names))

    # -- saving -----------------------------------------------------------------------------------
    def form_roles(self) -> meetings.RolesInput:
        values: dict[str, int | None] = {}
        for role in meetings.ROLES:
            values[f"{role}_id"] = self.person[role].currentData() or None
            values[f"{role}_backup_id"] = self.backup[role].currentData() or None
        return meetings.RolesInput(**values)

    def commit(self) -> None:
        if self.meeting_id is None:
            return
        new = self.form_roles()
        if new != self.roles:
            self.ops.push(commands_sessions.SetRoles(self.ops, self.meeting_id, self.roles, new))

    def _commit_rotation(self, value: int) -> None:
        old = self.ops.read(schedule.get_settings).host_rotation_limit
        if value != old:
            self.ops.push(commands_sessions.SetRotationLimit(self.ops, old, value))
