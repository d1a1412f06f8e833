"""Where bundled resources (fonts, translations, icons) live: installed, in a checkout, or frozen."""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path


def _candidates() -> list[Path]:
    here = Path(__file__).resolve().parent
    found = [
        here / "resources",  # installed from a wheel (hatch force-include)
        here.parent / "resources",  # a source checkout
    ]
    # A PyInstaller bundle (packaging/copdesk.spec): the data files sit in sys._MEIPASS, which is
    # the `_internal` folder of the one-folder build (or Contents/Resources in a macOS .app, where
    # Contents/Frameworks holds symlinks to it).
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        root = Path(frozen_root)
        found += [root / "copdesk" / "resources", root / "resources"]
        found += [root.parent / "Resources" / "copdesk" / "resources"]
    return found


@cache
def resource_dir() -> Path:
    """The resources folder: inside the package when installed from a wheel, beside it in a checkout."""
    for candidate in _candidates():
        if (candidate / "fonts").is_dir():
            return candidate
    raise FileNotFoundError("copdesk resources folder not found")


def fonts_dir() -> Path:
    return resource_dir() / "fonts"


def locale_dir() -> Path:
    return resource_dir() / "locale"


def icons_dir() -> Path:
    return resource_dir() / "icons"
