"""Regressions in the Qt binding that would crash a convener's long working session.

PySide6 6.12.0 drops a reference to Python's ``None`` on every ``QComboBox.addItem`` call; on
Python 3.11 ``None`` is freed after a few thousand calls and the whole app aborts ("Fatal Python
error: none_dealloc"). Refilling the session editor's people lists triggers it with a large
roster. pyproject.toml excludes that release; this test fails if a build with the bug comes back.
"""

from __future__ import annotations

import subprocess
import sys

PROBE = """
import sys
from PySide6.QtWidgets import QApplication, QComboBox
app = QApplication([])
box = QComboBox()
before = sys.getrefcount(None)
for i in range(3000):
    box.addItem("x", i)
    box.addItem("y")
    box.setCurrentIndex(i % 7)
    if i % 500 == 0:
        box.clear()
print(sys.getrefcount(None) - before)
"""


def test_combo_boxes_do_not_leak_references_to_none() -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-500:]
    assert abs(int(result.stdout.strip())) < 200
