"""The community's own details: used to create a community and later as "Community settings…"."""

from __future__ import annotations

import datetime as dt

from babel import Locale
from PySide6.QtCore import QTime
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from copdesk.errors import ValidationError
from copdesk.i18n import _, available_languages, normalize_locale, window
from copdesk.services import community
from copdesk.ui.form_error import FormError

# Offered besides the languages copdesk's own window is translated into: a printout can be in
# any language Babel knows, even before copdesk's texts are translated into it.
COMMON_LOCALES = ("en", "es", "fr", "de", "pt_BR", "ar", "he", "hi", "ja", "zh_Hans")


def language_choices(extra: str | None = None) -> list[tuple[str, str]]:
    """(code, the language's own name), sorted by that name."""
    codes: dict[str, None] = {}
    for code in (*available_languages(), *COMMON_LOCALES, *([extra] if extra else [])):
        try:
            codes[normalize_locale(code)] = None
        except ValueError:
            continue
    named = [(code, window().language_name(code)) for code in codes]
    return sorted(named, key=lambda pair: pair[1].casefold())


def weekday_order() -> list[int]:
    """Weekdays (Monday = 0) starting on the window language's first day of the week."""
    try:
        first = Locale.parse(window().locale).first_week_day
    except (ValueError, TypeError):
        first = 0
    return [(first + i) % 7 for i in range(7)]


class CommunityDialog(QDialog):
    def __init__(self, parent: QWidget | None, info: community.CommunityInfo | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("communityDialog")
        self.setWindowTitle(_("Community settings") if info else _("New community"))
        self.result_info: community.CommunityInfo | None = None
        start = info or community.CommunityInfo(name="", locale=window().locale)

        self.name = QLineEdit(self)
        self.name.setAccessibleName(_("Community name"))
        self.name.setPlaceholderText(_("Required"))
        self.purpose = QPlainTextEdit(self)
        self.purpose.setAccessibleName(_("Purpose"))
        self.purpose.setTabChangesFocus(True)
        self.purpose.setPlaceholderText(_("Why the community meets, in a sentence or two"))
        self.purpose.setFixedHeight(self.fontMetrics().lineSpacing() * 4)
        self.weekday = QComboBox(self)
        self.weekday.setAccessibleName(_("Usual meeting day"))
        for day in weekday_order():
            self.weekday.addItem(window().weekday_name(day), day)
        self.time = QTimeEdit(self)
        self.time.setAccessibleName(_("Usual start time"))
        self.place = QLineEdit(self)
        self.place.setAccessibleName(_("Usual place"))
        self.language = QComboBox(self)
        self.language.setAccessibleName(_("Language of printouts"))
        for code, name in language_choices(start.locale):
            self.language.addItem(name, code)
        self.paper = QComboBox(self)
        self.paper.setAccessibleName(_("Paper size"))
        self.paper.addItem(_("Usual for the language"), None)
        self.paper.addItem(_("A4"), "a4")
        self.paper.addItem(_("Letter"), "letter")

        form = QFormLayout()
        form.addRow(_("&Name:"), self.name)
        form.addRow(_("&Purpose:"), self.purpose)
        form.addRow(_("Meets on &day:"), self.weekday)
        form.addRow(_("&At:"), self.time)
        form.addRow(_("P&lace:"), self.place)
        form.addRow(_("&Language of printouts:"), self.language)
        form.addRow(_("Pape&r:"), self.paper)

        self.error = FormError(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        if info is None:
            self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Create…"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self._fields: dict[str, QWidget] = {
            "name": self.name,
            "meeting_weekday": self.weekday,
            "locale": self.language,
            "paper": self.paper,
        }
        self._load(start)
        self.name.setFocus()
        self.resize(480, self.sizeHint().height())

    def _load(self, info: community.CommunityInfo) -> None:
        self.name.setText(info.name)
        self.purpose.setPlainText(info.purpose)
        self.weekday.setCurrentIndex(max(0, self.weekday.findData(info.meeting_weekday)))
        self.time.setTime(QTime(info.meeting_time.hour, info.meeting_time.minute))
        self.place.setText(info.place)
        self.language.setCurrentIndex(max(0, self.language.findData(info.locale)))
        self.paper.setCurrentIndex(max(0, self.paper.findData(info.paper)) if info.paper else 0)

    def community_info(self) -> community.CommunityInfo:
        t = self.time.time()
        return community.CommunityInfo(
            name=self.name.text(),
            purpose=self.purpose.toPlainText(),
            meeting_weekday=int(self.weekday.currentData()),
            meeting_time=dt.time(t.hour(), t.minute()),
            place=self.place.text(),
            locale=str(self.language.currentData()),
            paper=self.paper.currentData(),
        )

    def accept(self) -> None:
        try:
            self.result_info = community.validate(self.community_info())
        except ValidationError as exc:
            self.error.show_message(exc.message, self._fields.get(exc.field or ""))
            return
        self.error.clear()
        super().accept()
