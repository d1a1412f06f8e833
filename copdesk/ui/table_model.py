"""The scaffolding the flat table models share: a list of rows, replaced as a whole.

A subclass sets :attr:`RowTableModel.COLUMN_COUNT`, writes ``data`` (starting with
``if not self.valid(index): return None``) and gives its column titles in ``headers``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

Index = QModelIndex | QPersistentModelIndex
Row = TypeVar("Row")


class RowTableModel(QAbstractTableModel, Generic[Row]):
    """A flat table of ``COLUMN_COUNT`` columns over ``self._rows`` (one item a row)."""

    COLUMN_COUNT = 0

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Row] = []

    def set_rows(self, rows: Iterable[Row]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> Row:
        return self._rows[row]

    def row_key(self, row: Row) -> Any:
        """What :meth:`row_of` looks for: the row's id, unless a subclass says otherwise."""
        return row.id  # type: ignore[attr-defined]

    def row_of(self, ident: object) -> int | None:
        return next((i for i, r in enumerate(self._rows) if self.row_key(r) == ident), None)

    def valid(self, index: Index) -> bool:
        """Whether ``index`` points at one of the rows (``data`` answers None otherwise)."""
        return index.isValid() and 0 <= index.row() < len(self._rows)

    # -- Qt model interface ---------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else self.COLUMN_COUNT

    def headers(self) -> dict[int, str]:
        """The column titles by column, asked for each time (so they follow the language)."""
        return {}

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return self.headers().get(section)
