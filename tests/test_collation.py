"""Sorting by the user's language (ICU) and folding for search, without Qt."""

from __future__ import annotations

import pytest

from copdesk import collation
from copdesk.collation import fold, sort_key

needs_icu = pytest.mark.skipif(not collation.icu_available(), reason="ICU (pyicu-wheels) missing")


@needs_icu
def test_swedish_puts_a_ring_after_z() -> None:
    words = ["Åsa", "Zakarias", "Anna", "Örjan", "Ärla", "Olof"]
    assert sorted(words, key=sort_key("sv_SE")) == [
        "Anna",
        "Olof",
        "Zakarias",
        "Åsa",
        "Ärla",
        "Örjan",
    ]
    # In English the same names sort with A and O.
    assert sorted(words, key=sort_key("en"))[:3] == ["Anna", "Ärla", "Åsa"]


@needs_icu
def test_german_sorts_umlauts_with_their_letter() -> None:
    words = ["Zebra", "Öl", "Ofen", "Äpfel", "Apfel", "Müller", "Mueller"]
    assert sorted(words, key=sort_key("de_DE")) == [
        "Apfel",
        "Äpfel",
        "Mueller",
        "Müller",
        "Ofen",
        "Öl",
        "Zebra",
    ]


@needs_icu
def test_french_compares_accents_after_letters() -> None:
    words = ["côte", "cote", "côté", "coté", "Élodie", "Eric", "Zoé"]
    ordered = sorted(words, key=sort_key("fr_FR"))
    assert ordered.index("cote") < ordered.index("côte")
    assert ordered[-1] == "Zoé" and ordered.index("Élodie") < ordered.index("Eric")


@needs_icu
def test_japanese_and_chinese_are_reasonable() -> None:
    ja = sorted(["山田", "あおき", "さとう", "アオキ"], key=sort_key("ja_JP"))
    assert ja.index("あおき") < ja.index("さとう") < ja.index("山田")
    zh = sorted(["张伟", "李娜", "王芳", "Anna"], key=sort_key("zh_CN"))
    # Pinyin order (li, wang, zhang); CLDR's Chinese order puts Han before Latin.
    assert zh == ["李娜", "王芳", "张伟", "Anna"]


def test_fallback_without_icu_is_folded_and_stable(monkeypatch) -> None:
    monkeypatch.setattr(collation, "_icu", None)
    collation.sort_key.cache_clear()
    try:
        key = sort_key("sv_SE")
        assert sorted(["b", "Å", "a", "A"], key=key) == ["A", "a", "Å", "b"]
        assert not collation.icu_available()
    finally:
        collation.sort_key.cache_clear()


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("José", "jose"),
        ("MÜLLER", "muller"),
        ("Søren", "soren"),
        ("Straße", "strasse"),
        ("Nguyễn Thị Hương", "nguyen thi huong"),
        ("Ольга", "ольга"),
        ("ΆΝΝΑ", "αννα"),
        ("שָׁלוֹם", "שלום"),
        ("İstanbul", "istanbul"),
        ("ﬁle", "file"),
    ],
)
def test_fold_ignores_case_and_accents(text, folded) -> None:
    assert fold(text) == folded


def test_fold_keeps_marks_that_carry_meaning() -> None:
    assert fold("प्रिया") == "प्रिया"  # Devanagari vowel signs
    assert fold("が") != fold("か")  # Japanese dakuten
    assert fold("Jose\u0301") == fold("José")  # combining or precomposed
