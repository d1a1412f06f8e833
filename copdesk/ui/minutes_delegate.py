"""Editing an agenda item's length in place: the value is whole minutes, the editor a spin box."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QSpinBox, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from copdesk.i18n import _
from copdesk.services.meetings import MAX_ITEM_MINUTES

Index = QModelIndex | QPersistentModelIndex


class MinutesEditor(QSpinBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRange(0, MAX_ITEM_MINUTES)
        self.setAccessibleName(_("Minutes"))
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


class MinutesDelegate(QStyledItemDelegate):
    """Reads and writes the model's EditRole (an int of minutes); knows no column numbers."""

    def createEditor(  # noqa: N802
        self, parent: QWidget, option: QStyleOptionViewItem, index: Index
    ) -> QWidget:
        return MinutesEditor(parent)

    def setEditorData(self, editor: QWidget, index: Index) -> None:  # noqa: N802
        value = index.data(Qt.ItemDataRole.EditRole)
        assert isinstance(editor, MinutesEditor)
        editor.setValue(int(value) if value is not None else 0)

    def setModelData(  # noqa: N802
        self, editor: QWidget, model: QAbstractItemModel, index: Index
    ) -> None:
        assert isinstance(editor, MinutesEditor)
        editor.interpretText()
        model.setData(index, editor.value(), Qt.ItemDataRole.EditRole)
