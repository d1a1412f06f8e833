"""The logo row of Community settings: preview, Choose…, Remove, and undo."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from copdesk.services import logo
from copdesk.ui.community_dialog import CommunityDialog, LogoField
from tests.ui.conftest import answer_dialog, click


def _image(path: Path, colour=(200, 30, 30)) -> Path:
    Image.new("RGB", (200, 100), colour).save(path)
    return path


def test_choose_a_logo_then_undo_and_redo(qtbot, window, read_file, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    source = _image(tmp_path / "logo.png")
    monkeypatch.setattr(LogoField, "ask_file", lambda self: str(source))

    def choose(dialog: CommunityDialog) -> None:
        field = dialog.logo
        assert field.preview.text() == "No logo" and not field.remove_button.isEnabled()
        click(qtbot, field.choose_button)
        assert field.preview.pixmap() is not None and not field.preview.pixmap().isNull()
        assert field.remove_button.isEnabled()
        click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Ok))

    answer_dialog(qtbot, window.settings_action.trigger, choose)
    assert read_file(logo.get_logo).data == source.read_bytes()
    window.undo_action.trigger()
    assert read_file(logo.get_logo) is None
    window.redo_action.trigger()
    assert read_file(logo.get_logo).data == source.read_bytes()


def test_remove_the_logo_then_undo_brings_the_image_back(
    qtbot, window, read_file, tmp_path
) -> None:  # noqa: ANN001
    source = _image(tmp_path / "logo.png")
    window.ops.run(lambda db: logo.set_logo(db, source))

    def remove(dialog: CommunityDialog) -> None:
        field = dialog.logo
        # the stored image is read for the preview
        assert not field.preview.pixmap().isNull()
        field.remove_button.setFocus()
        qtbot.keyClick(field.remove_button, Qt.Key.Key_Space)
        assert field.preview.text() == "No logo"
        assert dialog.focusWidget() is field.choose_button  # not lost on the disabled button
        click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Ok))

    answer_dialog(qtbot, window.settings_action.trigger, remove)
    assert read_file(logo.get_logo) is None
    window.undo_action.trigger()
    assert read_file(logo.get_logo).data == source.read_bytes()


def test_a_refused_image_is_said_and_keeps_the_logo(
    qtbot, window, read_file, tmp_path, monkeypatch
) -> None:  # noqa: ANN001
    bad = tmp_path / "notes.png"
    bad.write_text("not an image", encoding="utf-8")
    monkeypatch.setattr(LogoField, "ask_file", lambda self: str(bad))
    seen: list[str] = []

    def choose(dialog: CommunityDialog) -> None:
        dialog.logo.choose_button.setFocus()
        qtbot.keyClick(dialog.logo.choose_button, Qt.Key.Key_Space)
        seen.append(dialog.error.text())
        assert dialog.logo.logo is None
        click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Ok))

    answer_dialog(qtbot, window.settings_action.trigger, choose)
    assert seen == [f"The logo {bad} is not a PNG or JPEG image copdesk can print."]
    assert read_file(logo.get_logo) is None
    assert not window.undo_action.isEnabled()  # nothing changed, nothing to undo


def test_logo_widgets_have_accessible_names(qtbot) -> None:  # noqa: ANN001
    dialog = CommunityDialog(None)
    qtbot.addWidget(dialog)
    field = dialog.logo
    for widget in (field.preview, field.choose_button, field.remove_button):
        assert widget.accessibleName()


@pytest.mark.parametrize("language", ["en", "ar", "de", "es", "fr", "he", "hi", "ja", "pt_BR", "zh_CN"])
def test_each_field_of_the_settings_has_its_own_access_key(qtbot, language: str) -> None:  # noqa: ANN001
    from PySide6.QtWidgets import QLabel

    from copdesk.i18n import set_window_language

    set_window_language(language)
    dialog = CommunityDialog(None)
    qtbot.addWidget(dialog)
    keys = []
    for label in dialog.findChildren(QLabel):
        text = label.text().replace("&&", "")
        if label.buddy() is not None and "&" in text:
            keys.append(text[text.index("&") + 1].casefold())
    assert len(keys) >= 8
    assert len(keys) == len(set(keys)), keys
