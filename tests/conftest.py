"""Shared fixtures: every test gets its own config/data folders and, on request, its own file."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Callable, Iterator
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


@pytest.fixture(scope="session")
def demo_templates(tmp_path_factory: pytest.TempPathFactory) -> Callable[[dt.date | None], Path]:
    """The demo community, written once per test run (per ``today``): writing it takes seconds.
    ``today=None`` writes it as ``copdesk demo FILE`` does; tests get copies (:func:`demo_copy`)."""
    made: dict[dt.date | None, Path] = {}

    def get(today: dt.date | None = None) -> Path:
        if today not in made:
            path = tmp_path_factory.mktemp("demo-template") / "demo.copdesk"
            if today is None:
                from copdesk.cli import main

                assert main(["demo", str(path)]) == 0
            else:
                from copdesk.demo import write_demo

                write_demo(path, today=today)
            made[today] = path
        return made[today]

    return get


@pytest.fixture
def demo_copy(demo_templates: Callable[[dt.date | None], Path], tmp_path: Path) -> Callable[..., Path]:
    """A fresh copy of the demo community in this test's folder: ``demo_copy(today=None)``."""

    def copy(today: dt.date | None = None, name: str = "demo.copdesk") -> Path:
        target = tmp_path / name
        shutil.copyfile(demo_templates(today), target)
        return target

    return copy
