"""Starting the window: language, recent files, the welcome page, new and demo communities."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, Qt, QTime
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QFileDialog

from copdesk import app as copdesk_app
from copdesk import settings
from copdesk.db import open_community
from copdesk.services import community, meetings, roster
from copdesk.ui.community_dialog import CommunityDialog
from copdesk.ui.main_window import MainWindow
from tests.ui.conftest import TODAY, answer_dialog, click, type_text


@pytest.fixture
def started(qtbot):  # noqa: ANN001, ANN201
    """Windows made by copdesk.app.start, closed (files and engines released) after the test."""
    windows: list[MainWindow] = []

    def make(path: str | Path | None) -> MainWindow:
        w = copdesk_app.start(path, [], today=lambda: TODAY)
        qtbot.addWidget(w)
        windows.append(w)
        return w

    yield make
    for w in windows:
        w.close()


def test_opening_records_recent_file_and_start_reopens_it(started, community_path) -> None:  # noqa: ANN001
    first = started(community_path)
    assert first.ops is not None and first.windowTitle() == "Test Circle"
    assert settings.load().recent_files[0] == str(community_path.resolve())
    first.close()
    assert first.ops is None

    again = started(None)
    assert again.ops is not None
    assert again.ops.cfile.path == community_path


def test_run_reopens_last_file(qtbot, community_path, monkeypatch) -> None:  # noqa: ANN001
    settings.remember_file(community_path)
    seen: list[Path | None] = []

    def fake_exec(*_args: object) -> int:
        # The event loop would start here: look at the window that run() made instead.
        (window,) = [
            w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()
        ]
        seen.append(window.ops.cfile.path if window.ops else None)
        return 0

    monkeypatch.setattr(QApplication, "exec", fake_exec)
    assert copdesk_app.run(None, []) == 0
    assert seen == [community_path]


def test_no_file_shows_welcome_with_recent_list(started, community_path) -> None:  # noqa: ANN001
    w = started(None)
    assert w.ops is None
    assert w.pages.currentWidget() is w.welcome
    assert not w.print_action.isEnabled()
    settings.remember_file(community_path)
    w.show_welcome()
    assert w.welcome.recent.count() == 1
    w.welcome.recent.itemActivated.emit(w.welcome.recent.item(0))
    assert w.ops is not None and w.ops.cfile.path == community_path


def test_a_file_that_cannot_be_opened_falls_back_to_welcome(
    started, tmp_path, errors_shown
) -> None:  # noqa: ANN001
    bogus = tmp_path / "notes.copdesk"
    bogus.write_text("not a database", encoding="utf-8")
    w = started(bogus)
    assert w.ops is None
    assert w.pages.currentWidget() is w.welcome
    assert errors_shown == [f"{bogus} is not a copdesk file."]


def test_demo_community(qtbot, started) -> None:  # noqa: ANN001
    w = started(None)
    click(qtbot, w.welcome.demo_button)
    assert w.ops is not None
    assert w.ops.cfile.path.name == "demo.copdesk"
    assert w.roster.model.rowCount() > 10
    assert w.sessions.model.rowCount() > 0


def test_new_community_dialog_validates_then_creates(qtbot, started, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    target = tmp_path / "new" / "Makers"
    target.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a: (str(target), "")))
    w = started(None)
    seen: list[str] = []

    def fill(dialog: CommunityDialog) -> None:
        assert isinstance(dialog, CommunityDialog)
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        click(qtbot, ok)
        seen.append(dialog.error.text())
        assert dialog.isVisible()
        type_text(qtbot, dialog.name, "Makers’ Circle")
        dialog.weekday.setCurrentIndex(dialog.weekday.findData(3))
        dialog.language.setCurrentIndex(dialog.language.findData("es"))
        click(qtbot, ok)

    answer_dialog(qtbot, lambda: click(qtbot, w.welcome.new_button), fill)
    assert seen == ["Please give the community a name."]
    assert w.ops is not None
    assert w.windowTitle() == "Makers’ Circle"
    created = target.with_name("Makers.copdesk")
    with open_community(created) as cfile, cfile.session() as db:
        info = community.get_community(db)
    assert (info.name, info.meeting_weekday, info.locale) == ("Makers’ Circle", 3, "es")


def test_community_settings_is_undoable(qtbot, window, read_file) -> None:  # noqa: ANN001
    def fill(dialog: CommunityDialog) -> None:
        assert dialog.name.text() == "Test Circle"
        dialog.name.selectAll()
        qtbot.keyClicks(dialog.name, "Renamed Circle")
        click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Ok))

    answer_dialog(qtbot, window.settings_action.trigger, fill)
    assert read_file(community.get_community).name == "Renamed Circle"
    assert window.windowTitle() == "Renamed Circle"
    window.undo_action.trigger()
    assert read_file(community.get_community).name == "Test Circle"
    assert window.windowTitle() == "Test Circle"


def test_right_to_left_window_language(qapp) -> None:  # noqa: ANN001
    tr = copdesk_app.apply_language(qapp, "ar")
    assert tr.is_rtl
    assert qapp.layoutDirection() == Qt.LayoutDirection.RightToLeft
    copdesk_app.apply_language(qapp, "en")
    assert qapp.layoutDirection() == Qt.LayoutDirection.LeftToRight


def test_undo_stack_is_per_file_and_closing_releases_the_file(
    qtbot, window, community_path
) -> None:  # noqa: ANN001
    window.tabs.setCurrentWidget(window.sessions)
    click(qtbot, window.sessions.new_button)
    assert window.undo_action.isEnabled()
    engine = window.ops.cfile.engine
    window.close_action.trigger()
    assert window.ops is None
    assert not window.undo_action.isEnabled()
    assert engine.pool.checkedout() == 0
    # The session is in the file, not only in the window.
    with open_community(community_path) as cfile, cfile.session() as db:
        (row,) = meetings.list_meetings(db)
        assert row.date == TODAY + dt.timedelta(days=1)
        assert roster.list_members(db) == []


def test_qt_date_fields_write_digits_as_babel_does() -> None:
    """Arabic: Babel (window text, printouts) writes Latin digits; Qt's fields must agree."""
    from copdesk.app import qt_locale
    from copdesk.i18n import Translator

    for code in ("ar", "es", "ja", "en"):
        tr = Translator(code)
        assert qt_locale(tr).zeroDigit() == tr.format_number(0)
    arabic = qt_locale(Translator("ar"))
    assert arabic.language() == QLocale.Language.Arabic
    assert arabic.textDirection() == Qt.LayoutDirection.RightToLeft


def test_date_and_time_fields_read_left_to_right_in_a_right_to_left_window(qtbot) -> None:  # noqa: ANN001
    from copdesk.ui.date_edit import DateEdit, TimeEdit

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = app.layoutDirection()
    app.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    try:
        for field in (DateEdit(), TimeEdit()):
            qtbot.addWidget(field)
            assert field.layoutDirection() == Qt.LayoutDirection.LeftToRight
        # Qt lays out the sections of a right-to-left field in reverse: "00:18" for 18:00
        field.setTime(QTime(18, 0))
        short = QLocale().timeFormat(QLocale.FormatType.ShortFormat)
        assert field.lineEdit().text() == QLocale().toString(QTime(18, 0), short)
    finally:
        app.setLayoutDirection(before)
