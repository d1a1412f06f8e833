"""Per-user folders (configuration, data, backups), via platformdirs.

``COPDESK_CONFIG_DIR`` and ``COPDESK_DATA_DIR`` override them, so tests and portable installs can
keep everything in one place.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP = "copdesk"


def config_dir() -> Path:
    override = os.environ.get("COPDESK_CONFIG_DIR")
    return Path(override) if override else Path(platformdirs.user_config_dir(APP, appauthor=False))


def data_dir() -> Path:
    override = os.environ.get("COPDESK_DATA_DIR")
    return Path(override) if override else Path(platformdirs.user_data_dir(APP, appauthor=False))


def backups_dir() -> Path:
    return data_dir() / "backups"
