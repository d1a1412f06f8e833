"""Fixtures for the window tests: offscreen Qt, private folders, a fresh community per test."""

from __future__ import annotations

import datetime as dt
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before anything imports Qt

from collections.abc import Callable, Iterator  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtCore import QEvent, Qt, QTimer  # noqa: E402
from PySide6.QtGui import QKeyEvent  # noqa: E402
from PySide6.QtWidgets import QApplication, QDialog, QWidget  # noqa: E402

from copdesk.db import open_community  # noqa: E402
from copdesk.i18n import set_window_language  # noqa: E402
from copdesk.services.community import CommunityInfo, create_community  # noqa: E402

# A Monday: the test community meets on Tuesdays, so the next session is 2026-03-03.
TODAY = dt.date(2026, 3, 2)


@pytest.fixture(autouse=True)
def private_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Settings and data go to the test's own folder: the user's are never touched."""
    monkeypatch.setenv("COPDESK_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("COPDESK_DATA_DIR", str(tmp_path / "data"))
    return tmp_path


@pytest.fixture(autouse=True)
def english_window(qapp: QApplication) -> Iterator[None]:
    set_window_language("en")
    qapp.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
    yield
    set_window_language("en")
    qapp.setLayoutDirection(Qt.LayoutDirection.LeftToRight)


@pytest.fixture(autouse=True)
def errors_shown(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Message boxes would block the test: record their text instead."""
    from copdesk.ui import messages

    shown: list[str] = []
    monkeypatch.setattr(messages, "show_error", lambda _parent, message: shown.append(message))
    return shown


@pytest.fixture
def community_path(tmp_path: Path) -> Path:
    cfile = create_community(
        tmp_path / "circle.copdesk",
        CommunityInfo(
            name="Test Circle",
            purpose="Learning from each other",
            meeting_weekday=1,
            meeting_time=dt.time(18, 0),
            place="Library",
            locale="en",
        ),
    )
    cfile.close()
    return cfile.path


@pytest.fixture
def read_file(community_path: Path) -> Callable:
    """Run a core read on the file, opened independently of the window."""

    def read(fn: Callable, *args: object) -> object:
        with open_community(community_path) as cfile, cfile.session() as db:
            return fn(db, *args)

    return read


@pytest.fixture
def window(qtbot, community_path: Path) -> Iterator:  # noqa: ANN001
    from copdesk.ui.main_window import MainWindow

    w = MainWindow(today=lambda: TODAY)
    qtbot.addWidget(w)
    w.show()
    assert w.open_path(community_path)
    yield w
    w.close()  # closes the file (disposes the engine)


def answer_dialog(qtbot, action: Callable[[], object], fill: Callable[[QDialog], None]) -> None:  # noqa: ANN001
    """Run ``action`` (which opens a modal dialog) and let ``fill`` drive the dialog.

    If ``fill`` fails or leaves the dialog open, the dialog is rejected so the test cannot hang.
    """
    problems: list[BaseException] = []

    def drive() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QDialog):
            QTimer.singleShot(10, drive)
            return
        try:
            fill(dialog)
        except BaseException as exc:  # noqa: BLE001 - re-raised in the test below
            problems.append(exc)
        finally:
            if dialog.isVisible():
                dialog.reject()

    QTimer.singleShot(0, drive)
    action()
    if problems:
        raise problems[0]


def click(qtbot, widget: QWidget) -> None:  # noqa: ANN001
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def type_text(qtbot, widget: QWidget, text: str) -> None:  # noqa: ANN001
    """Like ``qtbot.keyClicks`` but also for letters outside ASCII (QTest asserts on those)."""
    for char in text:
        if char.isascii():
            qtbot.keyClicks(widget, char)
            continue
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))
