"""Help ▸ About copdesk: the version, where copdesk keeps its things, and the licences of its parts.

The fonts' licences are read from the texts shipped beside them (``resources/fonts/*.txt``), so the
dialog always tells the truth about what is bundled.
"""

from __future__ import annotations

import html
import importlib.metadata
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, qVersion
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from copdesk import __version__, desktop_entry
from copdesk.i18n import _
from copdesk.paths import backups_dir, config_dir
from copdesk.resources import fonts_dir
from copdesk.ui.icons import app_icon


@dataclass(frozen=True)
class Library:
    name: str  # as its authors spell it
    distribution: str  # the package name, to look up its version
    licence: str  # SPDX identifier
    optional: bool = False  # listed only when installed (bundled)


# What a copdesk bundle carries besides copdesk itself, with the licence each is used under.
LIBRARIES = (
    Library("Python", "", "PSF-2.0"),
    Library("Qt", "", "LGPL-3.0-only"),
    Library("PySide6 / Shiboken6", "PySide6-Essentials", "LGPL-3.0-only"),
    Library("SQLAlchemy", "SQLAlchemy", "MIT"),
    Library("Alembic", "alembic", "MIT"),
    Library("Mako", "Mako", "MIT"),
    Library("ReportLab", "reportlab", "BSD-3-Clause"),
    Library("Pillow", "pillow", "MIT-CMU"),
    Library("uharfbuzz / HarfBuzz", "uharfbuzz", "Apache-2.0 / MIT"),
    Library("python-bidi", "python-bidi", "LGPL-3.0-or-later"),
    Library("arabic-reshaper", "arabic-reshaper", "MIT"),
    Library("pypdfium2 / PDFium", "pypdfium2", "Apache-2.0 OR BSD-3-Clause"),
    Library("Babel", "Babel", "BSD-3-Clause"),
    Library("PyICU / ICU", "pyicu-wheels", "MIT / Unicode-3.0", optional=True),
    Library("platformdirs", "platformdirs", "MIT"),
)


def library_version(library: Library) -> str:
    """The version in use, or an empty string when it cannot be told."""
    if library.name == "Python":
        import platform

        return platform.python_version()
    if library.name == "Qt":
        return qVersion()
    try:
        return importlib.metadata.version(library.distribution)
    except importlib.metadata.PackageNotFoundError:
        return ""


@dataclass(frozen=True)
class FontLicence:
    summary: str  # the lines before the first blank line: which fonts, copyright, origin
    licence: str  # e.g. "OFL-1.1"
    text: str  # the whole file


def font_licences(folder: Path | None = None) -> list[FontLicence]:
    """One entry per licence text shipped with the fonts."""
    found = []
    for path in sorted((folder or fonts_dir()).glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        summary = text.strip().split("\n\n", 1)[0].strip()
        licence = path.stem
        for line in text.splitlines():
            if line.lower().startswith("license:"):
                licence = line.split(":", 1)[1].strip() or licence
                break
        found.append(FontLicence(summary=summary, licence=licence, text=text))
    return found


def licences_html() -> str:
    """The libraries' and fonts' licences as the simple HTML a QTextBrowser shows."""
    esc = html.escape
    libraries = _("Libraries")
    parts = [f"<h3>{esc(libraries)}</h3>", "<ul>"]
    for library in LIBRARIES:
        version = library_version(library)
        if library.optional and not version:
            continue
        line = (
            _("{library} {version}, licence {licence}").format(
                library=library.name, version=version, licence=library.licence
            )
            if version
            else _("{library}, licence {licence}").format(
                library=library.name, licence=library.licence
            )
        )
        parts.append(f"<li>{esc(line)}</li>")
    parts.append("</ul>")
    parts.append(
        "<p>"
        + esc(
            _(
                "Qt and PySide6 are used under the GNU Lesser General Public License, version 3: "
                "you may replace the Qt and PySide6 libraries in copdesk's folder with your own "
                "build of the same version."
            )
        )
        + "</p>"
    )
    fonts = _("Fonts")
    parts.append(f"<h3>{esc(fonts)}</h3>")
    for font in font_licences():
        heading = _("{fonts}: licence {licence}").format(
            fonts=font.summary.splitlines()[0], licence=font.licence
        )
        parts.append(f"<h4>{esc(heading)}</h4>")
        parts.append(f"<pre>{esc(font.text.strip())}</pre>")
    return "\n".join(parts)


class AboutDialog(QDialog):
    """Modal, closed with Escape or the Close button."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle(_("About copdesk"))
        self.setAccessibleName(_("About copdesk"))
        icon = app_icon()

        self.icon_label = QLabel(self)
        self.icon_label.setObjectName("aboutIcon")
        if not icon.isNull():
            self.setWindowIcon(icon)
            self.icon_label.setPixmap(icon.pixmap(64, 64))
        self.icon_label.setAccessibleName(_("copdesk's icon"))

        self.name_label = QLabel(_(desktop_entry.NAME), self)
        self.name_label.setObjectName("aboutName")
        font = self.name_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.name_label.setFont(font)

        self.version_label = QLabel(_("Version {version}").format(version=__version__), self)
        self.version_label.setObjectName("aboutVersion")
        self.version_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.summary_label = QLabel(_(desktop_entry.COMMENT), self)
        self.summary_label.setWordWrap(True)

        titles = QVBoxLayout()
        titles.addWidget(self.name_label)
        titles.addWidget(self.version_label)
        titles.addWidget(self.summary_label)
        header = QHBoxLayout()
        header.addWidget(self.icon_label, 0, Qt.AlignmentFlag.AlignTop)
        header.addLayout(titles, 1)

        self.licence_label = QLabel(
            _(
                "copdesk is free software: you may share and change it under the GNU General "
                "Public License, version 3 or (at your option) any later version."
            ),
            self,
        )
        self.licence_label.setWordWrap(True)

        folders = QGroupBox(_("Where copdesk keeps its things"), self)
        form = QFormLayout(folders)
        self.config_label = self._path_label(config_dir(), _("Settings and recent files"))
        self.backups_label = self._path_label(backups_dir(), _("Backups"))
        form.addRow(_("Settings and recent files:"), self.config_label)
        form.addRow(_("Backups:"), self.backups_label)
        note = QLabel(
            _(
                "Your communities are kept in the files you chose; copdesk never writes beside "
                "them. A backup copy of a file is taken each time it is opened."
            ),
            folders,
        )
        note.setWordWrap(True)
        form.addRow(note)

        self.licences = QTextBrowser(self)
        self.licences.setObjectName("aboutLicences")
        self.licences.setAccessibleName(_("Licences of copdesk's parts"))
        self.licences.setOpenLinks(False)
        self.licences.setTabChangesFocus(True)  # Tab leaves it, so the keyboard reaches Close
        self.licences.setHtml(licences_html())
        licences_caption = QLabel(_("&Licences of the parts copdesk is made with:"), self)
        licences_caption.setBuddy(self.licences)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        self.close_button = buttons.button(QDialogButtonBox.StandardButton.Close)
        self.close_button.setDefault(True)

        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.licence_label)
        layout.addWidget(folders)
        layout.addWidget(licences_caption)
        layout.addWidget(self.licences, 1)
        layout.addWidget(buttons)
        self.resize(620, 640)
        self.close_button.setFocus()

    def _path_label(self, path: Path, name: str) -> QLabel:
        label = QLabel(str(path), self)
        label.setAccessibleName(name)
        label.setWordWrap(True)
        label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        return label
