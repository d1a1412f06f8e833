"""Labels without their access key, as screen readers and menus without mnemonics show them."""

from __future__ import annotations

import pytest

from copdesk.ui.text import without_mnemonic


@pytest.mark.parametrize(
    ("label", "read"),
    [
        ("&File", "File"),
        ("Re&instate session", "Reinstate session"),
        ("セッションを中止(&C)", "セッションを中止"),
        ("שפת ההדפסות (&U):", "שפת ההדפסות:"),
        ("Tom && Jerry", "Tom & Jerry"),
        ("No key", "No key"),
    ],
)
def test_a_label_reads_without_its_access_key(label: str, read: str) -> None:
    assert without_mnemonic(label) == read
