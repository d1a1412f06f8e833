"""Date editing with a four-digit year (Qt's short formats say "11/24/26", easy to misread)."""

from __future__ import annotations

from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QDateEdit, QTimeEdit, QWidget


def full_year_format(locale: QLocale | None = None) -> str:
    fmt = (locale or QLocale()).dateFormat(QLocale.FormatType.ShortFormat)
    if "yyyy" not in fmt:
        fmt = fmt.replace("yy", "yyyy")
    return fmt


class DateEdit(QDateEdit):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # In a right-to-left window Qt lays the fields of a date out in reverse ("2026.3.3" for
        # 3.3.2026 in Hebrew); dates and times read left to right there too, as Babel prints them.
        self.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.setCalendarPopup(True)
        self.setDisplayFormat(full_year_format(self.locale()))


class TimeEdit(QTimeEdit):
    """A time field that reads left to right in every window (Qt reverses "18:00" to "00:18" in a
    right-to-left one)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        # (set again: Qt laid the sections out right to left when it made the field)
        self.setDisplayFormat(self.locale().timeFormat(QLocale.FormatType.ShortFormat))
