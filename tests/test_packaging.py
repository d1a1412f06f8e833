"""The files that make copdesk a desktop application: spec, desktop entry, metainfo, MIME type,
icons, the desktop installer, and the About dialog. Fast; the bundle itself is checked by
tools/smoke-bundle.sh.

The validators come from Debian's desktop-file-utils (desktop-file-validate), appstream
(appstreamcli) and shared-mime-info (update-mime-database); a test that needs one is skipped,
saying which package, when it is not installed.
"""

from __future__ import annotations

import ast
import codecs
import importlib.util
import os
import re
import shutil
import sqlite3
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from types import ModuleType

import pytest

import copdesk
from copdesk import desktop_entry

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"
SPEC = PACKAGING / "copdesk.spec"
APP_ID = desktop_entry.APP_ID
MIME_NS = "{http://www.freedesktop.org/standards/shared-mime-info}"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def _tool(name: str, package: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed (Debian package {package})")
    return path


def _load_generator() -> ModuleType:
    # By path: "packaging" is also the name of a PyPI library.
    spec = importlib.util.spec_from_file_location(
        "copdesk_make_desktop_files", PACKAGING / "make_desktop_files.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def generator() -> ModuleType:
    return _load_generator()


@pytest.fixture
def share(tmp_path: Path, generator: ModuleType) -> Path:
    generator.write_share(tmp_path)
    return tmp_path / "share"


def _desktop_keys(path: Path) -> dict[str, str]:
    keys = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if "=" in line and not line.startswith("#"):
            key, value = line.split("=", 1)
            keys[key] = value
    return keys


# -- the desktop entry ----------------------------------------------------------------------------


def test_desktop_entry_validates(share: Path) -> None:
    validate = _tool("desktop-file-validate", "desktop-file-utils")
    desktop = share / "applications" / f"{APP_ID}.desktop"
    result = subprocess.run([validate, str(desktop)], capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout.strip() == "", result.stdout + result.stderr


def test_desktop_entry_is_translated_from_the_catalogs(share: Path) -> None:
    keys = _desktop_keys(share / "applications" / f"{APP_ID}.desktop")
    assert keys["Name"] == "copdesk"
    assert keys["Comment"] == desktop_entry.COMMENT
    assert keys["MimeType"] == "application/x-copdesk;"
    assert keys["Icon"] == APP_ID
    assert keys["Exec"] == "copdesk %f"
    for key in ("Name[es]", "GenericName[es]", "Comment[es]", "Keywords[es]"):
        assert keys.get(key), (
            f"{key} missing: is the Spanish catalog missing desktop_entry's texts?"
        )
    assert keys["Comment[es]"] != keys["Comment"]
    assert keys["Keywords[es]"].endswith(";")


def test_exec_is_quoted_for_paths_with_spaces(generator: ModuleType) -> None:
    keys_text = generator.desktop_file({}, '/home/ana/My Apps/copdesk "new"/copdesk')
    exec_line = next(line for line in keys_text.splitlines() if line.startswith("Exec="))
    assert exec_line == 'Exec="/home/ana/My Apps/copdesk \\"new\\"/copdesk" %f'


# -- AppStream -------------------------------------------------------------------------------------


def test_metainfo_validates(share: Path) -> None:
    appstreamcli = _tool("appstreamcli", "appstream")
    for path in (
        PACKAGING / f"{APP_ID}.metainfo.xml",
        share / "metainfo" / f"{APP_ID}.metainfo.xml",
    ):
        result = subprocess.run(
            [appstreamcli, "validate", "--no-net", "--no-color", str(path)],
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        # Infos are fine (an older appstream does not know <developer> yet); warnings are not.
        assert not re.search(r"^[WE]: ", result.stdout, re.MULTILINE), result.stdout


def test_metainfo_english_is_desktop_entry_text_and_is_translated(share: Path) -> None:
    template = ET.parse(PACKAGING / f"{APP_ID}.metainfo.xml").getroot()
    assert template.findtext("id") == APP_ID
    assert template.findtext("name") == desktop_entry.NAME
    assert template.findtext("summary") == desktop_entry.COMMENT
    paragraphs = [" ".join(p.text.split()) for p in template.find("description").findall("p")]
    assert tuple(paragraphs) == desktop_entry.DESCRIPTION
    assert template.findtext("launchable") == f"{APP_ID}.desktop"
    assert template.find("provides").findtext("mediatype") == desktop_entry.MIME_TYPE
    releases = [r.get("version") for r in template.find("releases")]
    assert copdesk.__version__ in releases, "add a <release> for this version to the metainfo"

    built = ET.parse(share / "metainfo" / f"{APP_ID}.metainfo.xml").getroot()
    lang = "{http://www.w3.org/XML/1998/namespace}lang"
    assert any(s.get(lang) == "es" for s in built.findall("summary"))
    assert sum(p.get(lang) == "es" for p in built.find("description").findall("p")) == 2


# -- the MIME type ----------------------------------------------------------------------------------


def _magic_matches(match: ET.Element, data: bytes) -> bool:
    """shared-mime-info's rule for one <match> (string and big32 only) and its nested matches."""
    offset = int(match.get("offset", "0").split(":")[0])
    kind = match.get("type")
    if kind == "string":
        wanted = codecs.escape_decode(match.get("value", "").encode())[0]
        found = data[offset : offset + len(wanted)] == wanted
    elif kind == "big32":
        wanted_int = int(match.get("value", "0"), 0)
        found = data[offset : offset + 4] == struct.pack(">I", wanted_int)
    else:
        raise AssertionError(f"test knows no match type {kind}")
    children = match.findall(f"{MIME_NS}match")
    return found and (not children or any(_magic_matches(c, data) for c in children))


def _mime_type(share: Path) -> ET.Element:
    root = ET.parse(share / "mime" / "packages" / f"{APP_ID}.xml").getroot()
    assert root.tag == f"{MIME_NS}mime-info"
    (mime,) = root.findall(f"{MIME_NS}mime-type")
    return mime


def test_mime_type_magic_recognises_a_real_copdesk_file(share: Path, tmp_path: Path) -> None:
    from copdesk.demo import write_demo

    mime = _mime_type(share)
    assert mime.get("type") == "application/x-copdesk"
    assert [g.get("pattern") for g in mime.findall(f"{MIME_NS}glob")] == ["*.copdesk"]
    comments = {
        c.get("{http://www.w3.org/XML/1998/namespace}lang"): c.text
        for c in mime.findall(f"{MIME_NS}comment")
    }
    assert comments[None] == desktop_entry.MIME_COMMENT and comments.get("es")
    (magic,) = mime.findall(f"{MIME_NS}magic")
    assert int(magic.get("priority")) > 50  # above the generic SQLite rule
    rules = magic.findall(f"{MIME_NS}match")

    demo = write_demo(tmp_path / "demo.copdesk")
    assert any(_magic_matches(rule, Path(demo).read_bytes()) for rule in rules)

    plain = tmp_path / "plain.sqlite"
    with sqlite3.connect(plain) as con:
        con.execute("CREATE TABLE t (x)")
    con.close()
    assert not any(_magic_matches(rule, plain.read_bytes()) for rule in rules)


def test_mime_database_accepts_the_package(share: Path) -> None:
    update = _tool("update-mime-database", "shared-mime-info")
    env = {**os.environ, "XDG_DATA_DIRS": f"{share}:/usr/share", "XDG_DATA_HOME": str(share)}
    result = subprocess.run([update, str(share / "mime")], capture_output=True, text=True, env=env)
    assert result.returncode == 0 and result.stderr.strip() == "", result.stderr
    assert "application/x-copdesk" in (share / "mime" / "types").read_text(encoding="utf-8")
    assert "*.copdesk" in (share / "mime" / "globs2").read_text(encoding="utf-8")


# -- icons ------------------------------------------------------------------------------------------


def test_icons_come_in_every_size(share: Path) -> None:
    source = ROOT / "resources" / "icons"
    ET.parse(source / "copdesk.svg")  # well-formed
    for size in ICON_SIZES:
        png = source / f"copdesk-{size}.png"
        header = png.read_bytes()[:24]
        assert header[:8] == b"\x89PNG\r\n\x1a\n", png
        assert struct.unpack(">II", header[16:24]) == (size, size), png
        assert (share / f"icons/hicolor/{size}x{size}/apps/{APP_ID}.png").is_file()
    assert (share / f"icons/hicolor/scalable/apps/{APP_ID}.svg").is_file()


# -- the installer for a user's desktop ------------------------------------------------------------------


def test_install_desktop_script_installs_and_uninstalls(
    tmp_path: Path, generator: ModuleType
) -> None:
    bash = _tool("bash", "bash")
    bundle = tmp_path / "my apps" / "copdesk"  # a folder name with a space
    generator.write_share(bundle)
    program = bundle / "copdesk"
    program.write_text("#!/bin/sh\nexit 0\n")
    program.chmod(0o755)
    data, bin_dir = tmp_path / "data", tmp_path / "bin"
    script = PACKAGING / "install-desktop.sh"
    args = [
        bash,
        str(script),
        "--bundle",
        str(bundle),
        "--data-dir",
        str(data),
        "--bin-dir",
        str(bin_dir),
    ]

    result = subprocess.run(args, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    desktop = data / "applications" / f"{APP_ID}.desktop"
    keys = _desktop_keys(desktop)
    assert keys["Exec"] == f'"{program}" %f'
    assert keys["TryExec"] == str(program)
    assert (data / "mime" / "packages" / f"{APP_ID}.xml").is_file()
    assert (data / f"icons/hicolor/48x48/apps/{APP_ID}.png").is_file()
    assert (bin_dir / "copdesk").resolve() == program.resolve()
    if shutil.which("desktop-file-validate"):
        check = subprocess.run(
            ["desktop-file-validate", str(desktop)], capture_output=True, text=True
        )
        assert check.returncode == 0 and check.stdout.strip() == "", check.stdout

    result = subprocess.run([*args, "--uninstall"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert not desktop.exists() and not (bin_dir / "copdesk").exists()


# -- the spec file ------------------------------------------------------------------------------------


def _spec_constant(name: str) -> object:
    """The literal a top-level assignment in the spec gives ``name`` (or its first call argument)."""
    tree = ast.parse(SPEC.read_text(encoding="utf-8"), filename=str(SPEC))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == name for t in node.targets
        ):
            value = node.value.args[0] if isinstance(node.value, ast.Call) else node.value
            return ast.literal_eval(value)
    raise AssertionError(f"{name} not found in {SPEC}")


def test_spec_lists_the_data_folders() -> None:
    text = SPEC.read_text(encoding="utf-8")
    ast.parse(text)  # it is Python
    for needed in (
        '"resources" / "fonts"',
        '"resources" / "icons"',
        "copdesk/resources/locale/",
        "copdesk.mo",
        '"migrations" / "env.py"',
        '"migrations" / "script.py.mako"',
        '"migrations" / "versions"',
        "copdesk/migrations/versions",
        'packaging" / "copdesk_main.py',
    ):
        assert needed in text, f"the spec does not mention {needed}"
    assert "onefile" not in text.lower()
    assert "exclude_binaries=True" in text  # one-folder: the libraries sit beside the program


def test_spec_keeps_every_qt_module_copdesk_imports() -> None:
    used = set()
    for path in Path(copdesk.__file__).parent.rglob("*.py"):
        used.update(re.findall(r"PySide6\.(Qt\w+)", path.read_text(encoding="utf-8")))
    assert {"QtCore", "QtGui", "QtWidgets"} <= used
    text = SPEC.read_text(encoding="utf-8")
    excluded = re.search(r"for m in \((.*?)\)\.split\(\)", text, re.DOTALL)
    assert excluded is not None
    excluded_modules = set(re.findall(r"Qt\w+", excluded.group(1)))
    assert not used & excluded_modules, "copdesk now imports a Qt module the spec excludes"

    dropped = re.compile(_spec_constant("DROPPED_QT_LIBRARIES"))
    for module in used | {"QtDBus", "QtXcbQpa", "QtWaylandClient", "QtOpenGL", "QtSvg"}:
        assert not dropped.search(f"PySide6/Qt/lib/lib{module.replace('Qt', 'Qt6', 1)}.so.6")
        assert not dropped.search(f"PySide6/{module.replace('Qt', 'Qt6', 1)}.dll")
    assert dropped.search("PySide6/Qt/lib/libQt6Quick.so.6")
    kept = re.compile(_spec_constant("KEPT_QT_TRANSLATIONS"))
    assert kept.search("PySide6/Qt/translations/qtbase_es.qm")
    assert not kept.search("PySide6/Qt/translations/designer_es.qm")
    plugins = _spec_constant("DROPPED_QT_PLUGINS")
    for needed in (
        "platforms/libqxcb",
        "platforms/libqwayland",
        "printsupport/",
        "platforms/qwindows",
    ):
        assert not any(needed.startswith(p) for p in plugins), needed


def test_frozen_bundle_finds_resources_beside_meipass(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from copdesk import resources

    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert tmp_path / "copdesk" / "resources" in resources._candidates()


# -- About ------------------------------------------------------------------------------------------


def test_about_dialog_shows_version_folders_and_licences(qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLabel

    from copdesk.paths import backups_dir, config_dir
    from copdesk.ui.about_dialog import AboutDialog

    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    texts = [label.text() for label in dialog.findChildren(QLabel)]
    assert any(copdesk.__version__ in t for t in texts)
    assert str(config_dir()) in texts and str(backups_dir()) in texts
    assert str(config_dir()).startswith(str(tmp_path))  # the test's own folders
    licences = dialog.licences.toPlainText()
    for expected in ("OFL-1.1", "Apache-2.0", "Noto Sans", "SQLAlchemy", "LGPL-3.0", "ReportLab"):
        assert expected in licences
    for widget in (dialog.icon_label, dialog.config_label, dialog.backups_label, dialog.licences):
        assert widget.accessibleName()
    assert dialog.close_button.hasFocus() or dialog.close_button.isDefault()

    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_help_menu_opens_about(qtbot) -> None:  # noqa: ANN001
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from copdesk.ui.about_dialog import AboutDialog
    from copdesk.ui.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    menus = {a.text(): a.menu() for a in window.menuBar().actions()}
    assert "&Help" in menus
    assert window.about_action in menus["&Help"].actions()
    seen: list[str] = []

    def close_it() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, AboutDialog):
            QTimer.singleShot(10, close_it)
            return
        seen.append(dialog.windowTitle())
        dialog.reject()

    QTimer.singleShot(0, close_it)
    window.about_action.trigger()
    assert seen == ["About copdesk"]
    window.close()


def test_bundle_takes_every_copdesk_module() -> None:
    """Commands are imported by name (cli.COMMAND_MODULES): the spec must not rely on a scan."""
    spec = (ROOT / "packaging" / "copdesk.spec").read_text(encoding="utf-8")
    assert 'collect_submodules("copdesk")' in spec
