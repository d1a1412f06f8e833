"""File ▸ Export members (CSV) / Export contacts (vCard): ask where, write, say what happened."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from copdesk.i18n import _, ngettext, window
from copdesk.services import community, roster_io
from copdesk.ui import messages
from copdesk.ui.main_window import documents_folder, safe_file_stem
from copdesk.ui.operations import Operations


def _suggested(ops: Operations, what: str, suffix: str) -> str:
    name = ops.read(community.get_community).name
    # Translators: a file name, e.g. "Makers Circle – members.csv".
    stem = _("{community} – {what}").format(community=safe_file_stem(name), what=what)
    folder = Path(documents_folder())
    return str(folder / f"{stem}{suffix}")


def _write(parent: QWidget, path: str, data: bytes) -> bool:
    try:
        Path(path).write_bytes(data)
    except OSError as exc:
        messages.show_error(
            parent,
            _("The file {path} could not be written ({reason}).").format(
                path=path, reason=exc.strerror or exc
            ),
        )
        return False
    return True


def export_csv(parent: QWidget, ops: Operations) -> str | None:
    """Every member as a spreadsheet (CSV); returns a sentence for the status bar, or None."""
    path, _filter = QFileDialog.getSaveFileName(
        parent,
        _("Export members as a spreadsheet"),
        _suggested(ops, _("members"), ".csv"),
        _("Spreadsheet (CSV) files (*.csv);;All files (*)"),
    )
    if not path:
        return None
    data = ops.read(roster_io.export_csv, window().locale)
    if not _write(parent, path, data):
        return None
    return _("Members exported to {path}.").format(path=path)


def export_vcard(parent: QWidget, ops: Operations) -> str | None:
    """Contact cards of the members who agreed to be contacted."""
    data, count = ops.read(roster_io.export_vcard)
    if not count:
        messages.show_error(
            parent,
            _("No member has agreed to be contacted and left an email or phone number yet."),
        )
        return None
    path, _filter = QFileDialog.getSaveFileName(
        parent,
        _("Export contacts"),
        _suggested(ops, _("contacts"), ".vcf"),
        _("Contact cards (*.vcf);;All files (*)"),
    )
    if not path:
        return None
    if not _write(parent, path, data):
        return None
    return ngettext(
        "{count} contact exported to {path} (only members who may be contacted).",
        "{count} contacts exported to {path} (only members who may be contacted).",
        count,
    ).format(count=window().format_number(count), path=path)
