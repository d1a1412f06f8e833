"""Where bundled resources (fonts, translations) live, installed or in a source checkout."""

from __future__ import annotations

from functools import cache
from pathlib import Path


@cache
def resource_dir() -> Path:
    """The resources folder: inside the package when installed from a wheel, beside it in a checkout."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "resources", here.parent / "resources"):
        if (candidate / "fonts").is_dir():
            return candidate
    raise FileNotFoundError("copdesk resources folder not found")


def fonts_dir() -> Path:
    return resource_dir() / "fonts"


def locale_dir() -> Path:
    return resource_dir() / "locale"
