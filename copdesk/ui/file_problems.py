"""What the window says and offers when a community file is not as expected ("Nothing lost").

* Opening (:func:`open_file`): a file open in another copdesk or on a read-only disk can be opened
  read-only; a damaged file, or one whose upgrade failed, is never written to: the newest sound
  backup is offered as a copy the user saves somewhere; a file from a newer copdesk is refused.
* Writing (:func:`storage_choice`): a change the disk refused can be tried again or made in a copy
  saved elsewhere (:func:`save_copy_elsewhere`); the caller keeps the change meanwhile.
* Read-only mode (:func:`lock_editing`, :class:`ReadOnlyBanner`): what writes is switched off and
  the window says why.

Every question goes through :func:`choose`, the one place tests replace.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from babel import dates as babel_dates
from babel import units as babel_units
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QCalendarWidget,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QStyle,
    QTextEdit,
    QWidget,
)

from copdesk import backups
from copdesk.db import FILE_SUFFIX, ReadOnlyFile, UpgradeFailed, open_community
from copdesk.errors import CopdeskError, DamagedFile, FileTooNew
from copdesk.i18n import _, ngettext, window
from copdesk.lock import FileInUse, Holder
from copdesk.ui import messages
from copdesk.ui.text import without_mnemonic

if TYPE_CHECKING:
    from copdesk.db import CommunityFile

# The answers :func:`choose` returns.
CANCEL = "cancel"
RETRY = "retry"
SAVE_COPY = "save-copy"
OPEN_READONLY = "open-readonly"
OPEN_BACKUP_COPY = "open-backup-copy"
CLOSE_AND_RESTORE = "close-and-restore"
KEEP_OPEN = "keep-open"

_ROLES = {
    CANCEL: QMessageBox.ButtonRole.RejectRole,
    KEEP_OPEN: QMessageBox.ButtonRole.RejectRole,
}


def choose(
    parent: QWidget | None,
    title: str,
    message: str,
    choices: Sequence[tuple[str, str]],
    *,
    detail: str = "",
    icon: QMessageBox.Icon = QMessageBox.Icon.Warning,
) -> str:
    """Ask with one button per ``(key, label)``; the first is the default. Escape answers
    :data:`CANCEL` (or the last choice), so closing the box never does anything risky."""
    box = QMessageBox(icon, title, message, parent=parent)
    box.setObjectName("fileProblemBox")
    box.setTextFormat(Qt.TextFormat.PlainText)
    if detail:
        box.setInformativeText(detail)
    buttons: dict[QAbstractButton, str] = {}
    escape_key = CANCEL if any(key == CANCEL for key, _label in choices) else choices[-1][0]
    for index, (key, label) in enumerate(choices):
        role = _ROLES.get(key, QMessageBox.ButtonRole.AcceptRole)
        button = box.addButton(label, role)
        button.setAccessibleName(without_mnemonic(label))
        buttons[button] = key
        if index == 0:
            box.setDefaultButton(button)
        if key == escape_key:
            box.setEscapeButton(button)
    box.exec()
    return buttons.get(box.clickedButton(), escape_key)


def ask_save_path(parent: QWidget | None, title: str, suggested: Path) -> Path | None:
    """Where to put a copy (a save dialog); None when the user cancels."""
    path, _filter = QFileDialog.getSaveFileName(
        parent,
        title,
        str(suggested),
        _("copdesk communities (*{suffix})").format(suffix=FILE_SUFFIX),
    )
    if not path:
        return None
    chosen = Path(path)
    if chosen.suffix != FILE_SUFFIX:
        chosen = chosen.with_name(chosen.name + FILE_SUFFIX)
    return chosen


# -- words --------------------------------------------------------------------------------------------


def when_text(moment: dt.datetime) -> str:
    """A moment as the window's language writes it, in local time ("5 Mar 2026, 18:15")."""
    local = moment.astimezone() if moment.tzinfo else moment
    return babel_dates.format_datetime(local, "medium", locale=window().locale)


def size_text(size: int) -> str:
    locale = window().locale
    for unit, factor in (("gigabyte", 1 << 30), ("megabyte", 1 << 20), ("kilobyte", 1 << 10)):
        if size >= factor:
            value = round(size / factor, 1)
            return babel_units.format_unit(value, f"digital-{unit}", length="short", locale=locale)
    return babel_units.format_unit(size, "digital-byte", length="short", locale=locale)


def counts_text(members: int | None, sessions: int | None) -> str:
    if members is None or sessions is None:
        return _("cannot be read")
    fmt = window().format_number
    return _("{members}, {sessions}").format(
        members=ngettext("{count} member", "{count} members", members).format(count=fmt(members)),
        sessions=ngettext("{count} session", "{count} sessions", sessions).format(
            count=fmt(sessions)
        ),
    )


def holder_text(holder: Holder | None) -> str:
    """Who has the file open, in plain words."""
    if holder is None or holder.pid == 0:
        return _("another copdesk window (copdesk could not tell which)")
    since = ""
    if holder.since:
        try:
            since = when_text(dt.datetime.fromisoformat(holder.since))
        except ValueError:
            since = holder.since
    program = holder.program or "copdesk"
    host = holder.host or _("this computer")
    if since:
        return _("{program} on {host} (process {pid}), since {since}").format(
            program=program, host=host, pid=holder.pid, since=since
        )
    return _("{program} on {host} (process {pid})").format(
        program=program, host=host, pid=holder.pid
    )


# -- opening -----------------------------------------------------------------------------------------


def open_file(parent: QWidget | None, path: str | os.PathLike[str]) -> CommunityFile | None:
    """Open a community for changes, or, after asking, read-only or as a copy of a backup.

    Returns None (the user was told why, or chose Cancel) when nothing was opened.
    """
    p = Path(path)
    readonly = False
    while True:
        try:
            return open_community(p, readonly=readonly)
        except FileInUse as exc:
            if readonly or not _offer_read_only(parent, in_use_message(p, exc.holder)):
                return None
            readonly = True
        except ReadOnlyFile as exc:
            if readonly or not _offer_read_only(parent, exc.message):
                return None
            readonly = True
        except FileTooNew as exc:
            choose(
                parent,
                _("A file from a newer copdesk"),
                exc.message,
                [(CANCEL, _("OK"))],
                detail=_("copdesk never changes a file made by a newer version."),
            )
            return None
        except (DamagedFile, UpgradeFailed) as exc:
            return offer_backup_copy(parent, p, exc.message)
        except CopdeskError as exc:
            messages.show_error(parent, exc.message)
            return None


def in_use_message(path: Path, holder: Holder | None) -> str:
    return _(
        "“{name}” is already open for changes in {who}. Only one copdesk at a time can change "
        "a community, so that nothing is lost."
    ).format(name=path.name, who=holder_text(holder))


def _offer_read_only(parent: QWidget | None, message: str) -> bool:
    answer = choose(
        parent,
        _("Open read-only?"),
        message,
        [(OPEN_READONLY, _("Open &read-only")), (CANCEL, _("Cancel"))],
        detail=_("Read-only, you can look, search, print and export, but nothing can be changed."),
    )
    return answer == OPEN_READONLY


def offer_backup_copy(parent: QWidget | None, path: Path, problem: str) -> CommunityFile | None:
    """A damaged file: offer a copy of its newest sound backup; the file itself is left alone."""
    newest = backups.newest_sound_backup(path)
    untouched = _("copdesk has not changed the file and will not write to it.")
    if newest is None:
        messages.show_error(
            parent,
            _("{problem}\n\n{untouched} There is no sound backup of it on this computer.").format(
                problem=problem, untouched=untouched
            ),
        )
        return None
    answer = choose(
        parent,
        _("The file cannot be used"),
        _("{problem}\n\n{untouched}").format(problem=problem, untouched=untouched),
        [(OPEN_BACKUP_COPY, _("&Open a copy of the backup…")), (CANCEL, _("Cancel"))],
        detail=_(
            "The newest sound backup was taken on {when} and holds {counts}. copdesk can save "
            "a copy of it where you choose and open that copy."
        ).format(
            when=when_text(newest.taken_at), counts=counts_text(newest.members, newest.sessions)
        ),
    )
    if answer != OPEN_BACKUP_COPY:
        return None
    day = newest.taken_at.astimezone().date().isoformat()
    suggested = path.with_name(
        _("{name} (backup of {day})").format(name=path.stem, day=day) + FILE_SUFFIX
    )
    target = ask_save_path(parent, _("Save the copy of the backup as"), suggested)
    if target is None:
        return None
    try:
        copy = backups.save_copy_as(newest.path, target)
        return open_community(copy)
    except CopdeskError as exc:
        messages.show_error(parent, exc.message)
        return None


# -- writing -----------------------------------------------------------------------------------------


def storage_choice(parent: QWidget | None, message: str, what: str = "") -> str:
    """A change could not be written: :data:`RETRY`, :data:`SAVE_COPY` or :data:`CANCEL`."""
    detail = _(
        "Nothing is lost yet: try again, or save a copy of the file elsewhere and make the "
        "change there."
    )
    if what:
        detail = _("The change: {what}. {detail}").format(what=what, detail=detail)
    return choose(
        parent,
        _("The change could not be saved"),
        message,
        [
            (RETRY, _("&Try again")),
            (SAVE_COPY, _("&Save a copy elsewhere…")),
            (CANCEL, _("&Discard the change")),
        ],
        detail=detail,
    )


def save_copy_elsewhere(parent: QWidget | None, cfile: CommunityFile) -> Path | None:
    """Ask where, then write a consistent copy of ``cfile`` there; returns it (None: not done)."""
    suggested = Path(_documents()) / cfile.path.name
    while True:
        target = ask_save_path(parent, _("Save a copy elsewhere"), suggested)
        if target is None:
            return None
        try:
            return backups.save_copy_as(cfile.path, target)
        except CopdeskError as exc:
            messages.show_error(parent, exc.message)
            suggested = target


def _documents() -> str:
    from PySide6.QtCore import QStandardPaths

    return QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.DocumentsLocation
    ) or str(Path.home())


def damaged_choice(parent: QWidget | None, message: str) -> str:
    """Scrambled data found while working: :data:`CLOSE_AND_RESTORE` or :data:`KEEP_OPEN`."""
    return choose(
        parent,
        _("Part of the file is damaged"),
        message,
        [
            (CLOSE_AND_RESTORE, _("&Close it and restore a backup…")),
            (KEEP_OPEN, _("&Keep it open")),
        ],
        detail=_(
            "Restoring keeps the damaged file as a backup too, so nothing is lost either way."
        ),
    )


def read_only_refusal(path: Path) -> str:
    return ReadOnlyFile(
        _(
            "{path} is open read-only, so copdesk cannot save changes to it. Nothing was "
            "changed; open it normally to make changes, or save a copy elsewhere."
        ).format(path=path)
    ).message


# -- read-only mode ----------------------------------------------------------------------------------


class ReadOnlyBanner(QWidget):
    """The strip above the panes that says the file is read-only (its tool bar is hidden otherwise)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("readOnlyBanner")
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.ToolTipBase)
        self.setForegroundRole(QPalette.ColorRole.ToolTipText)
        icon = QLabel(self)
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
        icon.setPixmap(
            self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxInformation).pixmap(size)
        )
        self.label = QLabel(self)  # one line: a tool bar does not give wrapped text its height
        self.label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.copy_button = QPushButton(_("Save a &copy to make changes…"), self)
        self.copy_button.setAccessibleName(_("Save a copy to make changes"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(icon)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.copy_button)
        self.setAccessibleName(_("Read-only"))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def show_for(self, path: Path) -> None:
        text = _(
            "“{name}” is open read-only: you can look, search, print and export, but not "
            "change anything."
        ).format(name=path.name)
        self.label.setText(text)
        self.label.setToolTip(text)
        self.setAccessibleDescription(text)


def _keep_disabled(thing: QWidget | QAction) -> None:
    """Disable for good: the panes re-enable their buttons as the selection changes."""
    thing.setEnabled(False)
    thing.setEnabled = lambda *_args: None  # type: ignore[method-assign]
    if isinstance(thing, QWidget):
        thing.setDisabled = lambda *_args: None  # type: ignore[method-assign]


# Buttons in the panes that only look, print or export: they stay usable in a read-only file.
_SAFE_BUTTONS = (
    "print_button",
    "pdf_button",
    "export_button",
    "open_button",
    "plan_button",
    "all_button",
    "help_button",
    "csv_button",
    "reach_export",
)
_SAFE_ACTIONS = ("announce_action",)


def _writes(action: QAction) -> bool:
    """False for Qt's own helper actions (a search field's clear button, a calendar's months)."""
    owner = action.parent()
    if isinstance(owner, QLineEdit):
        return False
    while owner is not None:
        if isinstance(owner, QCalendarWidget):
            return False
        owner = owner.parent()
    return True


def lock_editing(window: QWidget, panes: Sequence[QWidget | None]) -> None:
    """Switch off what writes in the panes of a read-only file (edits are refused anyway)."""
    for pane in panes:
        if pane is None:
            continue
        safe: set[int] = set()
        for owner in (pane, *pane.findChildren(QWidget)):  # panes nest (check-in in sessions)
            for name in (*_SAFE_BUTTONS, *_SAFE_ACTIONS):
                if isinstance(getattr(owner, name, None), QPushButton | QAction):
                    safe.add(id(getattr(owner, name)))
        search = getattr(pane, "search", None)
        filters = getattr(pane, "filters", None)
        for button in pane.findChildren(QPushButton):
            if id(button) in safe or (filters is not None and filters.isAncestorOf(button)):
                continue
            _keep_disabled(button)
        for action in pane.findChildren(QAction):
            if id(action) in safe or action.menu() or not _writes(action):
                continue
            _keep_disabled(action)
        editor = getattr(pane, "editor", None)
        if editor is None:
            continue
        for edit in editor.findChildren(QLineEdit):
            if edit is not search and not isinstance(edit.parent(), QComboBox | QAbstractSpinBox):
                edit.setReadOnly(True)
        for text in (*editor.findChildren(QPlainTextEdit), *editor.findChildren(QTextEdit)):
            text.setReadOnly(True)
        for spin in editor.findChildren(QAbstractSpinBox):
            spin.setReadOnly(True)
        for box in (*editor.findChildren(QComboBox), *editor.findChildren(QCheckBox)):
            _keep_disabled(box)
