"""The core never imports Qt: everything the window does must be a core call the CLI can make."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import copdesk

PACKAGE = Path(copdesk.__file__).parent
QT_MODULES = ("PySide6", "shiboken6", "PyQt5", "PyQt6")


def core_modules() -> list[Path]:
    return [
        p
        for p in PACKAGE.rglob("*.py")
        if "ui" not in p.relative_to(PACKAGE).parts and p.name != "app.py"
    ]


def test_there_is_a_core_to_check() -> None:
    names = {p.relative_to(PACKAGE).as_posix() for p in core_modules()}
    assert {"db.py", "cli.py", "services/roster.py", "services/meetings.py"} <= names


def test_no_core_module_imports_qt() -> None:
    offenders = []
    for path in core_modules():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            if any(n.split(".")[0] in QT_MODULES for n in names):
                offenders.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert offenders == []


def test_headless_commands_never_load_qt(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from copdesk.cli import main\n"
        f"assert main(['demo', {str(tmp_path / 'd.copdesk')!r}]) == 0\n"
        f"assert main(['check', {str(tmp_path / 'd.copdesk')!r}]) == 0\n"
        "loaded = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6')]\n"
        "assert not loaded, loaded\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
