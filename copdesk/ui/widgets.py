"""Small builders for the widgets the panes set up the same way: a table of whole rows, a row of
buttons, a Delete key on a view, and a page that gives way to an empty-state label."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QStackedWidget,
    QTableView,
    QWidget,
)


def row_table(
    parent: QWidget,
    name: str,
    accessible_name: str,
    model: QAbstractItemModel,
    *,
    selection: QAbstractItemView.SelectionMode = QAbstractItemView.SelectionMode.SingleSelection,
    edit_triggers: QAbstractItemView.EditTrigger = QAbstractItemView.EditTrigger.NoEditTriggers,
    alternating: bool = True,
    word_wrap: bool = True,
    resize_mode: QHeaderView.ResizeMode | None = None,
    stretch: int | None = None,
) -> QTableView:
    """A table view that selects whole rows, without row numbers; ``stretch`` is the column that
    takes the spare width, ``resize_mode`` how the others are sized."""
    table = QTableView(parent)
    table.setObjectName(name)
    table.setAccessibleName(accessible_name)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(selection)
    table.setEditTriggers(edit_triggers)
    table.setAlternatingRowColors(alternating)
    table.setWordWrap(word_wrap)
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    if resize_mode is not None:
        header.setSectionResizeMode(resize_mode)
    if stretch is not None:
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table


def button_row(*leading: QWidget, trailing: tuple[QWidget, ...] = ()) -> QHBoxLayout:
    """``leading`` side by side, then the spare room, then ``trailing``."""
    row = QHBoxLayout()
    for widget in leading:
        row.addWidget(widget)
    row.addStretch(1)
    for widget in trailing:
        row.addWidget(widget)
    return row


def add_delete_action(view: QWidget, slot: Callable[[], object]) -> QAction:
    """The Delete key on ``view`` (only while it has the focus) calls ``slot``."""
    action = QAction(view)
    action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
    action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
    action.triggered.connect(slot)
    view.addAction(action)
    return action


def empty_label(parent: QWidget, text: str = "") -> QLabel:
    """The greyed-out, wrapped text shown instead of a page that has nothing to show."""
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setEnabled(False)
    return label


def page_or_empty(parent: QWidget, page: QWidget, empty: QLabel) -> QStackedWidget:
    """A stack of ``page`` (index 0) and its ``empty`` label (index 1)."""
    stack = QStackedWidget(parent)
    stack.addWidget(page)
    stack.addWidget(empty)
    return stack
