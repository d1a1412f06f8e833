"""Errors a user can cause. Each carries a message already in the window's language."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from copdesk.lock import Holder


class CopdeskError(Exception):
    """An error to show the user as one clear sentence (never a traceback)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class FileProblem(CopdeskError):
    """The file cannot be opened as a copdesk community (missing, foreign, damaged, too new)."""


class NotACopdeskFile(FileProblem):
    pass


class FileTooNew(FileProblem):
    pass


class DamagedFile(FileProblem):
    pass


class ValidationError(CopdeskError):
    """Input that would make the data wrong; nothing was changed."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class NotFound(CopdeskError):
    pass


class StorageError(CopdeskError):
    """A change could not be written (disk full, read-only, removed, busy). Nothing was changed."""

    def __init__(self, message: str, path: Path | None = None) -> None:
        super().__init__(message)
        self.path = path


class ReadOnlyFile(StorageError):
    """The file is open read-only, or lives where copdesk may not write."""


class UpgradeFailed(FileProblem):
    """The file could not be brought to this copdesk's schema; it was left (or put back) as it was."""


class FileInUse(CopdeskError):
    """The file is already open for changes in another copdesk; it may still be opened read-only."""

    def __init__(self, message: str, path: Path, holder: Holder | None = None) -> None:
        super().__init__(message)
        self.path = path
        self.holder = holder
