"""What copdesk remembers between runs (recent files, window language), as a small JSON file.

Kept in the core, not in QSettings, so the CLI and tests see the same memory as the window.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

from copdesk.paths import config_dir

MAX_RECENT = 10


@dataclass
class Settings:
    recent_files: list[str] = field(default_factory=list)
    # None follows the system language.
    window_language: str | None = None
    # Free-form per-window state (e.g. hidden columns), owned by the UI; values must be JSON.
    ui: dict[str, object] = field(default_factory=dict)

    @property
    def last_file(self) -> Path | None:
        """The most recent file that still exists."""
        for name in self.recent_files:
            if Path(name).is_file():
                return Path(name)
        return None

    def add_recent(self, path: str | os.PathLike[str]) -> None:
        resolved = str(Path(path).resolve())
        self.recent_files = [resolved] + [p for p in self.recent_files if p != resolved]
        del self.recent_files[MAX_RECENT:]

    def forget(self, path: str | os.PathLike[str]) -> None:
        resolved = str(Path(path).resolve())
        self.recent_files = [p for p in self.recent_files if p != resolved]


def settings_path() -> Path:
    return config_dir() / "settings.json"


def load() -> Settings:
    """The saved settings; a missing or unreadable file gives the defaults (never an error)."""
    try:
        raw = json.loads(settings_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Settings()
    if not isinstance(raw, dict):
        return Settings()
    recent = raw.get("recent_files", [])
    lang = raw.get("window_language")
    ui = raw.get("ui", {})
    return Settings(
        recent_files=[p for p in recent if isinstance(p, str)][:MAX_RECENT]
        if isinstance(recent, list)
        else [],
        window_language=lang if isinstance(lang, str) else None,
        ui=ui if isinstance(ui, dict) else {},
    )


def save(settings: Settings) -> None:
    """Write atomically (temp file + rename), so a crash never leaves half a settings file."""
    target = settings_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".settings-", suffix=".json")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(asdict(settings), fh, ensure_ascii=False, indent=2)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def remember_file(path: str | os.PathLike[str]) -> Settings:
    """Put ``path`` at the top of the recent files and save."""
    settings = load()
    settings.add_recent(path)
    save(settings)
    return settings


def remember_window_language(language: str | None) -> Settings:
    """Save the window language chosen in Preferences (None follows the system)."""
    settings = load()
    settings.window_language = language
    save(settings)
    return settings
