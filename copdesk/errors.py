"""Errors a user can cause. Each carries a message already in the window's language."""

from __future__ import annotations


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
