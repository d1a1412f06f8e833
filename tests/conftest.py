"""Shared fixtures: every test gets its own config/data folders and, on request, its own file."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def _isolated_user_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never touch the real user's settings or backups."""
    monkeypatch.setenv("COPDESK_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("COPDESK_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("LANGUAGE", "en")
    from copdesk.i18n import set_window_language

    set_window_language("en")


@pytest.fixture
def cfile(tmp_path: Path) -> Iterator:
    """A fresh, empty community file (English, meets Tuesdays at 18:00)."""
    from copdesk.services.community import CommunityInfo, create_community

    community = create_community(
        tmp_path / "test.copdesk",
        CommunityInfo(name="Test Circle", meeting_weekday=1, meeting_time=dt.time(18, 0)),
    )
    yield community
    community.close()


@pytest.fixture
def db(cfile) -> Iterator:
    with cfile.session() as session:
        yield session
