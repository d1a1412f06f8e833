"""Write the files a Linux desktop needs to know copdesk, translated from the gettext catalogs.

    python packaging/make_desktop_files.py OUT_DIR [--exec COMMAND]

writes, under OUT_DIR/share (the layout of ~/.local/share and /usr/share):

    applications/io.github.copdesk.Copdesk.desktop        menu entry, opens *.copdesk files
    metainfo/io.github.copdesk.Copdesk.metainfo.xml       AppStream, for software centres
    mime/packages/io.github.copdesk.Copdesk.xml           the application/x-copdesk file type
    icons/hicolor/{16x16,…,512x512,scalable}/apps/io.github.copdesk.Copdesk.{png,svg}

The English texts are those of copdesk/desktop_entry.py; their translations come from
resources/locale/<lang>/LC_MESSAGES/copdesk.po (and, for messages not merged there yet, from
packaging/po/<lang>.po). Only translated, non-fuzzy messages are used. Standard library and Babel
only, so the spec file can import it too.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if str(ROOT) not in sys.path:
    sys.path.append(str(ROOT))  # last: this folder must not shadow the PyPI "packaging" library

from babel.messages.pofile import read_po  # noqa: E402

from copdesk import desktop_entry as entry  # noqa: E402

LOCALE_DIR = ROOT / "resources" / "locale"
ICONS_DIR = ROOT / "resources" / "icons"
METAINFO_TEMPLATE = HERE / f"{entry.APP_ID}.metainfo.xml"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
MIME_NS = "http://www.freedesktop.org/standards/shared-mime-info"
# The first 16 bytes of every SQLite database, and copdesk's PRAGMA application_id ("cpdk"),
# which SQLite stores big-endian at offset 68 of the header (copdesk.db.APPLICATION_ID).
SQLITE_MAGIC = "SQLite format 3\\0"
APPLICATION_ID = 0x6370646B
APPLICATION_ID_OFFSET = 68

Translations = dict[str, dict[str, str]]  # language -> English message -> translation


def _read_catalog(path: Path) -> dict[str, str]:
    with path.open("rb") as fh:
        catalog = read_po(fh)
    return {
        m.id: m.string
        for m in catalog
        if m.id and isinstance(m.id, str) and isinstance(m.string, str) and m.string
        if not m.fuzzy and not m.context
    }


def load_translations(locale_dir: Path = LOCALE_DIR) -> Translations:
    """Every catalog's translations, keyed by language ('es', 'pt_BR')."""
    found: Translations = {}
    for po in sorted(locale_dir.glob("*/LC_MESSAGES/copdesk.po")):
        found[po.parts[-3]] = _read_catalog(po)
    return found


def _translated(translations: Translations, message: str) -> list[tuple[str, str]]:
    """(language, translation) for every catalog that translates ``message``."""
    return [(lang, cat[message]) for lang, cat in sorted(translations.items()) if message in cat]


# -- .desktop -------------------------------------------------------------------------------------


def _desktop_escape(value: str) -> str:
    """Escape a string value (Desktop Entry Specification, "Possible value types")."""
    return (
        value.replace("\\", "\\\\")
        .replace("\n", "\\n")
        .replace("\t", "\\t")
        .replace("\r", "\\r")
        .strip()
    )


def _keywords(value: str) -> str:
    words = [w.strip() for w in value.replace(",", ";").split(";") if w.strip()]
    return "".join(f"{_desktop_escape(w)};" for w in words)


def exec_quote(path: str) -> str:
    """Quote a program path for Exec= (reserved characters inside double quotes)."""
    if all(c.isalnum() or c in "/._-+" for c in path):
        return path
    escaped = "".join("\\" + c if c in '"`$\\' else c for c in path)
    return f'"{escaped}"'.replace("%", "%%")


def desktop_file(translations: Translations, command: str = "copdesk") -> str:
    """The text of io.github.copdesk.Copdesk.desktop; ``command`` is the program (quoted as needed)."""
    lines = ["[Desktop Entry]", "Type=Application", "Version=1.4"]

    def localized(key: str, message: str, convert=_desktop_escape) -> None:  # noqa: ANN001
        lines.append(f"{key}={convert(message)}")
        for lang, text in _translated(translations, message):
            lines.append(f"{key}[{lang}]={convert(text)}")

    localized("Name", entry.NAME)
    localized("GenericName", entry.GENERIC_NAME)
    localized("Comment", entry.COMMENT)
    localized("Keywords", entry.KEYWORDS, _keywords)
    program = exec_quote(command)
    lines += [
        f"Exec={program} %f",
        f"TryExec={_desktop_escape(command)}",
        f"Icon={entry.APP_ID}",
        "Terminal=false",
        "Categories=Office;ProjectManagement;",
        f"MimeType={entry.MIME_TYPE};",
        "StartupNotify=true",
        "StartupWMClass=copdesk",
    ]
    return "\n".join(lines) + "\n"


# -- shared-mime-info -------------------------------------------------------------------------------


def mime_xml(translations: Translations) -> str:
    """The shared-mime-info package registering application/x-copdesk (glob and magic)."""
    ET.register_namespace("", MIME_NS)
    info = ET.Element(f"{{{MIME_NS}}}mime-info")
    mime = ET.SubElement(info, f"{{{MIME_NS}}}mime-type", type=entry.MIME_TYPE)
    ET.SubElement(mime, f"{{{MIME_NS}}}comment").text = entry.MIME_COMMENT
    for lang, text in _translated(translations, entry.MIME_COMMENT):
        ET.SubElement(mime, f"{{{MIME_NS}}}comment", {XML_LANG: lang}).text = text
    ET.SubElement(mime, f"{{{MIME_NS}}}sub-class-of", type="application/vnd.sqlite3")
    ET.SubElement(mime, f"{{{MIME_NS}}}icon", name=entry.APP_ID)
    ET.SubElement(mime, f"{{{MIME_NS}}}generic-icon", name="x-office-document")
    # Above the generic SQLite rule (priority 50), so a renamed copdesk file is still recognised.
    magic = ET.SubElement(mime, f"{{{MIME_NS}}}magic", priority="80")
    header = ET.SubElement(
        magic, f"{{{MIME_NS}}}match", type="string", value=SQLITE_MAGIC, offset="0"
    )
    ET.SubElement(
        header,
        f"{{{MIME_NS}}}match",
        type="big32",
        value=f"0x{APPLICATION_ID:08X}",
        offset=str(APPLICATION_ID_OFFSET),
    )
    ET.SubElement(mime, f"{{{MIME_NS}}}glob", pattern="*.copdesk", weight="60")
    ET.indent(info)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(info, encoding="unicode") + "\n"


# -- AppStream -------------------------------------------------------------------------------------


def metainfo_xml(translations: Translations, template: Path = METAINFO_TEMPLATE) -> str:
    """The metainfo template with translated name, summary and description paragraphs added."""
    tree = ET.parse(template, parser=ET.XMLParser(target=ET.TreeBuilder(insert_comments=True)))
    component = tree.getroot()

    def add_translations(parent: ET.Element, element: ET.Element) -> None:
        english = " ".join((element.text or "").split())
        position = list(parent).index(element)
        indent = parent.text if parent.text and not parent.text.strip() else element.tail
        last = element
        for offset, (lang, text) in enumerate(_translated(translations, english), start=1):
            copy = ET.Element(element.tag, {XML_LANG: lang})
            copy.text = text
            copy.tail, last.tail = last.tail, indent
            parent.insert(position + offset, copy)
            last = copy

    for tag in ("name", "summary"):
        element = component.find(tag)
        if element is not None:
            add_translations(component, element)
    description = component.find("description")
    if description is not None:
        for paragraph in list(description.findall("p")):
            add_translations(description, paragraph)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        + ET.tostring(component, encoding="unicode")
        + "\n"
    )


# -- all of it ------------------------------------------------------------------------------------


def write_share(
    out_dir: Path, command: str = "copdesk", translations: Translations | None = None
) -> list[Path]:
    """Write the desktop files under ``out_dir/share``; returns the paths written."""
    translations = load_translations() if translations is None else translations
    share = Path(out_dir) / "share"
    written: list[Path] = []

    def write(relative: str, text: str) -> None:
        path = share / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)

    write(f"applications/{entry.APP_ID}.desktop", desktop_file(translations, command))
    write(f"metainfo/{entry.APP_ID}.metainfo.xml", metainfo_xml(translations))
    write(f"mime/packages/{entry.APP_ID}.xml", mime_xml(translations))
    for size in ICON_SIZES:
        target = share / f"icons/hicolor/{size}x{size}/apps/{entry.APP_ID}.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ICONS_DIR / f"copdesk-{size}.png", target)
        written.append(target)
    target = share / f"icons/hicolor/scalable/apps/{entry.APP_ID}.svg"
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(ICONS_DIR / "copdesk.svg", target)
    written.append(target)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--exec", dest="command", default="copdesk", help="the program to run")
    args = parser.parse_args(argv)
    for path in write_share(args.out_dir, args.command):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
