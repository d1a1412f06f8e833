"""copdesk's own icon, shared by the window, its dialogs and the About box."""

from __future__ import annotations

from PySide6.QtGui import QIcon

from copdesk.resources import icons_dir

ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def app_icon() -> QIcon:
    """copdesk's icon in every size shipped (empty if the icons are missing)."""
    icon = QIcon()
    folder = icons_dir()
    for size in ICON_SIZES:
        png = folder / f"copdesk-{size}.png"
        if png.is_file():
            icon.addFile(str(png))
    return icon
