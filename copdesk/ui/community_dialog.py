"""The community's own details: used to create a community and later as "Community settings…".

Its logo is chosen here too: the image is read and checked when chosen (a refusal is said under
the form), and reaches the file only with the other settings, through the same undoable change.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from babel import Locale
from PySide6.QtCore import QSize, QStandardPaths, Qt, QTime, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from copdesk.errors import CopdeskError, ValidationError
from copdesk.i18n import _, available_languages, normalize_locale, window
from copdesk.services import community
from copdesk.services import logo as logos
from copdesk.ui.date_edit import TimeEdit
from copdesk.ui.form_error import FormError

if TYPE_CHECKING:
    from copdesk.ui.operations import Operations

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


class LogoField(QWidget):
    """The logo row: a small preview, Choose… and Remove. Holds the logo chosen (or None)."""

    #: a chosen image was refused: the message to show
    refused = Signal(str)
    #: another logo was chosen, or the logo removed
    changed = Signal()
    PREVIEW = QSize(160, 64)  # the most the preview takes, in device-independent pixels

    def __init__(self, parent: QWidget, current: logos.Logo | None, image: bytes | None) -> None:
        super().__init__(parent)
        self.logo = current
        self.preview = QLabel(self)
        self.preview.setObjectName("logoPreview")
        self.preview.setAccessibleName(_("Logo"))
        self.preview.setFrameShape(QFrame.Shape.StyledPanel)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setFixedSize(self.PREVIEW + QSize(8, 8))
        self.choose_button = QPushButton(_("C&hoose…"), self)
        self.choose_button.setObjectName("logoChoose")
        self.choose_button.setAccessibleName(_("Choose a logo"))
        self.remove_button = QPushButton(_("Re&move"), self)
        self.remove_button.setObjectName("logoRemove")
        self.remove_button.setAccessibleName(_("Remove the logo"))
        self.choose_button.clicked.connect(self.choose)
        self.remove_button.clicked.connect(self.remove)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.preview)
        layout.addWidget(self.choose_button)
        layout.addWidget(self.remove_button)
        layout.addStretch(1)
        self._show(image)

    def _show(self, image: bytes | None) -> None:
        pixmap = QPixmap()
        if self.logo is not None and image and pixmap.loadFromData(image):
            ratio = self.devicePixelRatioF()
            scaled = pixmap.scaled(
                self.PREVIEW * ratio,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
            scaled.setDevicePixelRatio(ratio)
            self.preview.setPixmap(scaled)
            number = window().format_number  # digits as the window's language writes them
            self.preview.setAccessibleDescription(
                f"{self.logo.kind.upper()}, {number(self.logo.width)} × {number(self.logo.height)}"
            )
        else:
            self.preview.clear()
            # the logo stored in the file, when its image could not be read for the preview
            self.preview.setText(_("No logo") if self.logo is None else self.logo.kind.upper())
            self.preview.setAccessibleDescription("")
        self.remove_button.setEnabled(self.logo is not None)

    def ask_file(self) -> str:
        """The image file the user picks, "" if none (tests replace this)."""
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.PicturesLocation)
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Choose a logo"), folder, _("Images (*.png *.jpg *.jpeg)")
        )
        return path

    def choose(self) -> None:
        path = self.ask_file()
        if not path:
            return
        try:
            chosen = logos.read_logo_file(path)
        except CopdeskError as exc:
            self.refused.emit(exc.message)
            return
        self.logo = chosen
        self._show(chosen.data)
        self.changed.emit()

    def remove(self) -> None:
        self.logo = None
        self._show(None)
        self.choose_button.setFocus()  # the Remove button it was on is disabled now
        self.changed.emit()


class CommunityDialog(QDialog):
    def __init__(
        self,
        parent: QWidget | None,
        info: community.CommunityInfo | None = None,
        ops: Operations | None = None,
    ) -> None:
        """``ops`` reads the stored logo to show it (editing an open community's settings)."""
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
        self.time = TimeEdit(self)
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
        self.logo = LogoField(
            self, start.logo, self._stored_image(start, ops)
        )
        self.logo.refused.connect(
            lambda message: self.error.show_message(message, self.logo.choose_button)
        )
        self.logo.changed.connect(lambda: self.error.clear())

        form = QFormLayout()
        form.addRow(_("&Name:"), self.name)
        form.addRow(_("&Purpose:"), self.purpose)
        form.addRow(_("Meets on &day:"), self.weekday)
        form.addRow(_("&At:"), self.time)
        form.addRow(_("P&lace:"), self.place)
        form.addRow(_("Lang&uage of printouts:"), self.language)
        form.addRow(_("Pape&r:"), self.paper)
        logo_label = QLabel(_("Lo&go:"), self)
        logo_label.setBuddy(self.logo.choose_button)
        form.addRow(logo_label, self.logo)

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
            "logo": self.logo.choose_button,
        }
        self._load(start)
        self.name.setFocus()
        self.resize(480, self.sizeHint().height())

    @staticmethod
    def _stored_image(info: community.CommunityInfo, ops: Operations | None) -> bytes | None:
        """The image of the logo ``info`` describes (read from the file if need be)."""
        if info.logo is None or info.logo.data is not None:
            return info.logo.data if info.logo else None
        if ops is None:
            return None
        try:
            stored = ops.read(logos.get_logo)
        except CopdeskError:
            return None
        return stored.data if stored == info.logo else None

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
            logo=self.logo.logo,
        )

    def accept(self) -> None:
        try:
            self.result_info = community.validate(self.community_info())
        except ValidationError as exc:
            self.error.show_message(exc.message, self._fields.get(exc.field or ""))
            return
        self.error.clear()
        super().accept()
