"""The line under a form that says what is wrong, in words and with the palette's warning icon."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QStyle, QWidget


class FormError(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self._icon = QLabel(self)
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
        self._icon.setPixmap(
            self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(size)
        )
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setObjectName("formError")
        font = self.label.font()
        font.setBold(True)
        self.label.setFont(font)
        layout.addWidget(self._icon)
        layout.addWidget(self.label, 1)
        self.hide()

    def show_message(self, message: str, field: QWidget | None = None) -> None:
        self.label.setText(message)
        self.setAccessibleName(message)
        self.show()
        if field is not None:
            field.setFocus()
            field.setAccessibleDescription(message)

    def clear(self) -> None:
        self.label.clear()
        self.hide()

    def text(self) -> str:
        return self.label.text()
