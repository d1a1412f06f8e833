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

from copdesk.db import CommunityFile
from copdesk.errors import CopdeskError
from copdesk.ui import messages

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

    def __init__(self, cfile: CommunityFile, window: QWidget) -> None:
        super().__init__(window)
        self.cfile = cfile
        self.window = window
        self.undo_stack = QUndoStack(self)

    def read(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run a read-only service call (errors propagate: reading a file we opened is a bug)."""
        with self.cfile.session() as db:
            return fn(db, *args, **kwargs)

    def run(self, fn: Callable[[Session], T]) -> tuple[bool, T | None]:
        """Run one service call; report a CopdeskError to the user instead of raising it."""
        try:
            with self.cfile.session() as db:
                return True, fn(db)
        except CopdeskError as exc:
            messages.show_error(self.window, exc.message)
            return False, None

    def push(self, command: ChangeCommand) -> bool:
        """Make a change now and, if it worked, put it on the undo stack."""
        if not command.apply_first():
            return False
        self.undo_stack.push(command)
        return True

    def close(self) -> None:
        self.undo_stack.clear()
        self.cfile.close()
