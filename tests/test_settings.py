from __future__ import annotations

from pathlib import Path

from copdesk import settings


def test_recent_files_are_remembered_newest_first_without_duplicates(tmp_path: Path) -> None:
    files = []
    for i in range(12):
        f = tmp_path / f"c{i}.copdesk"
        f.write_bytes(b"x")
        files.append(f)
        settings.remember_file(f)
    settings.remember_file(files[5])
    loaded = settings.load()
    assert loaded.recent_files[0] == str(files[5].resolve())
    assert len(loaded.recent_files) == settings.MAX_RECENT
    assert len(set(loaded.recent_files)) == len(loaded.recent_files)
    assert loaded.last_file == files[5].resolve()


def test_last_file_skips_files_that_are_gone(tmp_path: Path) -> None:
    keep = tmp_path / "keep.copdesk"
    keep.write_bytes(b"x")
    gone = tmp_path / "gone.copdesk"
    gone.write_bytes(b"x")
    settings.remember_file(keep)
    settings.remember_file(gone)
    gone.unlink()
    assert settings.load().last_file == keep.resolve()


def test_unreadable_settings_give_defaults() -> None:
    path = settings.settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    for garbage in ("{not json", "[1, 2]", '{"recent_files": "oops", "ui": 3}'):
        path.write_text(garbage, encoding="utf-8")
        loaded = settings.load()
        assert loaded.recent_files == [] and loaded.ui == {}
