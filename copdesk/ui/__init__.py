"""The Qt window. Only this package and copdesk/app.py import PySide6.

A pane is a file, a dialog is a file, an item model is a file; ``main_window`` only hosts them.
Every change goes through :mod:`copdesk.ui.operations` and an undoable command in
:mod:`copdesk.ui.commands`, so the window never holds SQL.
"""
