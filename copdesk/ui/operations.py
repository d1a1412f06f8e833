"""The thin layer between widgets and the core.

A widget never opens a database session itself: it asks :class:`Operations` to run a core service
call. A :class:`~copdesk.errors.CopdeskError` becomes a message box in the user's language (never a
traceback), and a change that succeeded is announced with :attr:`Operations.changed` so every pane
refreshes from the file, which is the single source of truth. Changes go through
:meth:`Operations.push` so that each one lands on the undo stack.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QWidget

from copdesk.db import CommunityFile, StorageError, open_community
from copdesk.errors import CopdeskError, DamagedFile
from copdesk.i18n import _
from copdesk.lock import resolved
from copdesk.ui import file_problems, messages

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from copdesk.ui.commands import ChangeCommand

T = TypeVar("T")

# What a change was about, so a pane can select the thing that changed.
MEMBER = "member"
MEETING = "meeting"
COMMUNITY = "community"


class Operations(QObject):
    """Runs core calls against one open community file."""

    #: (kind, id): something in the file changed; id is 0 when it names nothing in particular.
    changed = Signal(str, int)
    #: a message: scrambled data was found in the file (the window offers to restore a backup).
    damaged = Signal(str)
    #: a path: the work goes on in a copy saved elsewhere (the old file's disk refused a change).
    file_switched = Signal(str)

    def __init__(self, cfile: CommunityFile, window: QWidget) -> None:
        super().__init__(window)
        self.cfile = cfile
        self.window = window
        self.undo_stack = QUndoStack(self)
        self._damage_reported = False
        self._asking = False
        self._change_text = ""

    def read(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run a read-only service call. Damage found while reading is reported (once) and raised."""
        try:
            with self.cfile.session() as db:
                return fn(db, *args, **kwargs)
        except DamagedFile as exc:
            self._report_damage(exc)
            raise

    def _report_damage(self, exc: DamagedFile) -> bool:
        """Tell the window once (it offers a backup); False if it was told before."""
        exc.reported = True  # type: ignore[attr-defined] - see copdesk.app.quiet_reported_errors
        if self._damage_reported:
            return False
        self._damage_reported = True
        self.damaged.emit(exc.message)
        return True

    def run(self, fn: Callable[[Session], T]) -> tuple[bool, T | None]:
        """Run one service call; report a CopdeskError to the user instead of raising it.

        When the disk refuses the write (full, read-only, removed), the user may try again or
        go on in a copy saved elsewhere, where the call is then made; nothing is dropped silently.
        """
        while True:
            try:
                with self.cfile.session() as db:
                    return True, fn(db)
            except DamagedFile as exc:
                if not self._report_damage(exc):
                    messages.show_error(self.window, exc.message)
                return False, None
            except StorageError as exc:
                if self.cfile.readonly or self._asking or not self._about_the_file(exc):
                    messages.show_error(self.window, exc.message)
                    return False, None
                if not self._storage_problem(exc):
                    return False, None
            except CopdeskError as exc:
                messages.show_error(self.window, exc.message)
                return False, None

    def _about_the_file(self, exc: StorageError) -> bool:
        """True when the refused write was to the community file (not, say, an export)."""
        return exc.path is None or resolved(exc.path) == resolved(self.cfile.path)

    def _storage_problem(self, exc: StorageError) -> bool:
        """Ask what to do about a refused write; True to make the call again."""
        self._asking = True
        try:
            while True:
                answer = file_problems.storage_choice(self.window, exc.message, self._change_text)
                if answer == file_problems.RETRY:
                    return True
                if answer != file_problems.SAVE_COPY:
                    return False
                if self.switch_to_copy():
                    return True
        finally:
            self._asking = False

    def switch_to_copy(self) -> bool:
        """Save a copy of the file elsewhere and go on working in it (same data, same undo)."""
        copy = file_problems.save_copy_elsewhere(self.window, self.cfile)
        if copy is None:
            return False
        try:
            new = open_community(copy)
        except CopdeskError as exc:
            messages.show_error(self.window, exc.message)
            return False
        old, self.cfile = self.cfile, new
        old.close()
        self.file_switched.emit(str(copy))
        return True

    def push(self, command: ChangeCommand) -> bool:
        """Make a change now and, if it worked, put it on the undo stack."""
        if self.cfile.readonly:
            messages.show_error(self.window, file_problems.read_only_refusal(self.cfile.path))
            return False
        if not self._backup_before(command):
            return False
        self._change_text = command.text()
        try:
            if not command.apply_first():
                return False
        finally:
            self._change_text = ""
        self.undo_stack.push(command)
        return True

    def _backup_before(self, command: ChangeCommand) -> bool:
        """Removing several members at once is risky enough for a backup first."""
        from copdesk.ui.commands_roster import RemoveMembers

        if not isinstance(command, RemoveMembers) or len(command.ids) < 2:
            return True
        from copdesk import backups

        try:
            backups.take_backup(self.cfile.path, "before-bulk-delete")
        except CopdeskError as exc:
            messages.show_error(
                self.window,
                _("No backup could be taken, so nothing was removed: {reason}").format(
                    reason=exc.message
                ),
            )
            return False
        return True

    def close(self) -> None:
        self.undo_stack.clear()
        self.cfile.close()
