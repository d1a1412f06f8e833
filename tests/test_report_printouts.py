"""Sign-in sheet, name tags, pair slips and the agenda's new parts: content, fonts, paper, safety,
right to left, in English, Spanish, Arabic and Japanese."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.units import mm

from copdesk import i18n
from copdesk.reports import fonts
from copdesk.reports.agenda import render_agenda
from copdesk.reports.data import (
    LABEL_LAYOUTS,
    NameTag,
    NameTagDocument,
    PotluckLine,
    SigninDocument,
    SigninLine,
    SlipsDocument,
)
from copdesk.reports.nametags import render_nametags
from copdesk.reports.signin import render_signin
from copdesk.reports.slips import PROMPTS, render_slips
from tests.test_report_agenda import (
    BASE14,
    FACE_FILES,
    MARKUP,
    NAMES,
    all_text,
    make_doc,
    page_texts,
    pdf_fonts,
    plain,
    read,
    x_of,
)

LOCALES = ("en", "es", "ar", "ja")
DAY = dt.date(2026, 12, 1)
PEOPLE = [
    SigninLine("Ana Lima", "Universidad Popular"),
    SigninLine(NAMES["arabic"], "جمعية الحي"),
    SigninLine(NAMES["japanese"], "東京大学"),
    SigninLine(NAMES["devanagari"], "Open Data Cooperative"),
    SigninLine(NAMES["vietnamese"], "Hội Phụ nữ"),
    SigninLine(NAMES["cyrillic"], "Makerspace Nord"),
    SigninLine(NAMES["greek"], ""),
    SigninLine(NAMES["hebrew"], "City Health"),
    SigninLine(NAMES["chinese"], "开放数据合作社"),
]


def signin_doc(locale: str = "en", paper: str = "a4", members=None, **changes) -> SigninDocument:
    values = dict(
        community_name="Círculo de Práctica",
        locale=locale,
        paper=paper,
        date=DAY,
        start_time=dt.time(18, 0),
        end_time=dt.time(19, 30),
        place="Biblioteca Central",
        topic="Evaluación formativa",
        members=PEOPLE if members is None else members,
    )
    values.update(changes)
    return SigninDocument(**values)


def tags_doc(locale: str = "en", layout: str = "l7163", tags=None, **changes) -> NameTagDocument:
    values = dict(
        community_name="Círculo de Práctica",
        locale=locale,
        layout=layout,
        tags=[NameTag(p.name, p.organisation) for p in PEOPLE] if tags is None else tags,
        date=DAY,
    )
    values.update(changes)
    return NameTagDocument(**values)


GROUPS = [
    ("Ana Lima", NAMES["arabic"]),
    (NAMES["japanese"], NAMES["devanagari"], NAMES["vietnamese"]),
    (NAMES["cyrillic"], NAMES["greek"]),
    (NAMES["hebrew"], NAMES["chinese"]),
]


def slips_doc(locale: str = "en", paper: str = "a4", groups=None, **changes) -> SlipsDocument:
    values = dict(
        community_name="Círculo de Práctica",
        locale=locale,
        paper=paper,
        date=DAY,
        groups=GROUPS if groups is None else groups,
        pairs_at=dt.time(18, 5),
        pairs_minutes=10,
    )
    values.update(changes)
    return SlipsDocument(**values)


def full_agenda(locale: str = "en", **changes):
    values = dict(
        presenter="Tomás Ferreira",
        audience="Recién llegados",
        session_purpose="Aprender a dar retroalimentación",
        pairs=GROUPS,
        pairs_at=dt.time(18, 5),
        pairs_minutes=10,
        potluck=[
            PotluckLine("Ensalada", "salad", "Ana Lima", NAMES["japanese"], ("vegan",)),
            PotluckLine("Postre", "dessert", "", ""),
        ],
        ballot=["Mapas de financiadores", NAMES["arabic"] + " (2)", "会議の進め方"],
        values=["Curiosidad", "Cuidado", "تضامن"],
    )
    values.update(changes)
    return make_doc(locale, **values)


def render(kind: str, locale: str) -> bytes:
    if kind == "agenda":
        return render_agenda(full_agenda(locale))
    if kind == "signin":
        return render_signin(signin_doc(locale))
    if kind == "nametags":
        return render_nametags(tags_doc(locale))
    return render_slips(slips_doc(locale))


KINDS = ("agenda", "signin", "nametags", "slips")


# -- every document, every language: text and fonts -----------------------------------------------


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("kind", KINDS)
def test_text_and_embedded_fonts(kind: str, locale: str) -> None:
    pdf = render(kind, locale)
    content = all_text(pdf)
    # shaping-independent content: Latin, Cyrillic, Greek, Vietnamese names and CJK come back
    for key in ("cyrillic", "greek", "vietnamese", "chinese", "japanese"):
        assert NAMES[key] in content, (kind, key)
    assert "Ana Lima" in content
    names = set()
    for font in pdf_fonts(pdf):
        name = str(font["/BaseFont"])
        assert font["/Subtype"] == "/TrueType", name
        assert re.fullmatch(r"/[A-Z]{6}\+.+", name), name  # subset
        assert "/FontFile2" in font["/FontDescriptor"].get_object(), name
        assert not any(base in name for base in BASE14), name
        names.add(name.split("+", 1)[1])
    # every script in its own font (Arabic, Hebrew and Devanagari print with their faces)
    assert {
        "NotoSansArabic-Regular",
        "NotoSansHebrew-Regular",
        "NotoSansDevanagari-Regular",
        "DroidSansFallback",
    } <= names, (kind, names)
    assert names <= set(FACE_FILES) | {"NotoSans-Bold"}
    for value in [p.name for p in PEOPLE] + [p.organisation for p in PEOPLE]:
        assert fonts.missing_glyphs(value) == [], value


def test_arabic_text_is_joined_on_every_document() -> None:
    for kind in KINDS:
        content = all_text(render(kind, "ar"))
        assert any(0xFE70 <= ord(ch) <= 0xFEFF for ch in content), kind


# -- sign-in sheet --------------------------------------------------------------------------------


def many(n: int) -> list[SigninLine]:
    return [SigninLine(f"Member {i:03d}", f"Org {i % 7}") for i in range(n)]


@pytest.mark.parametrize(("paper", "lo", "hi"), [("a4", 27, 30), ("letter", 25, 28)])
def test_signin_fits_25_to_30_lines_a_page_and_repeats_its_header(paper, lo, hi) -> None:
    pdf = render_signin(signin_doc("en", paper, members=many(100)))
    texts = page_texts(pdf)
    assert len(texts) >= 4
    for number, text in enumerate(texts[:-1], start=1):
        count = len(re.findall(r"Member \d{3}", text))
        if count:
            assert lo <= count <= hi, (number, count)
        assert "Sign-in sheet – Círculo de Práctica" in text
        assert "Biblioteca Central" in text
        assert f"{number} / {len(texts)}" in text
        assert "Name" in text and "Organisation" in text
    content = "\n".join(texts)
    assert all(f"Member {i:03d}" in content for i in range(100))
    assert content.index("Member 000") < content.index("Member 099")  # the order given


def test_signin_newcomer_lines_fill_the_last_page() -> None:
    pdf = render_signin(signin_doc("en", members=many(3)))
    assert len(read(pdf).pages) == 1
    text = re.sub(r"\s+", " ", all_text(pdf))
    assert "New here?" in text and "Email or phone" in text and "You may contact me" in text
    # every row, member or blank, is a ruled line: count the tick boxes drawn (one per row)
    page = read(pdf).pages[0]
    boxes = page.get_contents().get_data().count(b" re")
    assert boxes >= 3 + 20  # members + the blank lines down to the foot of the page


def test_signin_with_nobody_expected_is_all_blank_lines() -> None:
    pdf = render_signin(signin_doc("en", members=[]))
    assert len(read(pdf).pages) == 1
    assert "Here" not in all_text(pdf)


def test_signin_long_names_shrink_rather_than_wrap() -> None:
    long = SigninLine("Maximiliane Alexandra Konstantinopoulou", "x")
    pdf = render_signin(signin_doc("en", members=[long, *many(27)]))
    texts = page_texts(pdf)
    assert long.name in texts[0]
    assert len(re.findall(r"Member \d{3}", texts[0])) == 27  # still one row


def test_signin_right_to_left_columns_are_mirrored() -> None:
    # Persian is right to left and has no catalog, so its headings are the English ones: easy to find.
    assert i18n.Translator("fa").is_rtl and i18n.Translator("fa")._("Here") == "Here"
    page = read(render_signin(signin_doc("fa"))).pages[0]
    assert x_of(page, "Here") > x_of(page, "Name") > x_of(page, "Organisation") > x_of(page, "Note")
    assert x_of(page, "Ana Lima") > x_of(page, "Universidad Popular")
    page = read(render_signin(signin_doc("ar"))).pages[0]  # Arabic headings: check the people
    assert x_of(page, "Ana Lima") > x_of(page, "Universidad Popular")
    page = read(render_signin(signin_doc("en"))).pages[0]
    assert x_of(page, "Here") < x_of(page, "Name") < x_of(page, "Organisation")


def test_signin_paper() -> None:
    for paper, size in (("a4", A4), ("letter", LETTER)):
        box = read(render_signin(signin_doc(paper=paper))).pages[0].mediabox
        assert (float(box.width), float(box.height)) == pytest.approx(size, abs=0.01)


# -- name tags ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(LABEL_LAYOUTS))
def test_label_layouts_fit_their_paper(name: str) -> None:
    sheet = LABEL_LAYOUTS[name]
    width, height = A4 if sheet.paper == "a4" else LETTER
    right = sheet.left + (sheet.columns - 1) * sheet.column_pitch + sheet.width
    bottom = sheet.top + (sheet.rows - 1) * sheet.row_pitch + sheet.height
    assert 0 < sheet.left and right * mm <= width + 0.5
    assert 0 < sheet.top and bottom * mm <= height + 0.5
    assert sheet.column_pitch >= sheet.width and sheet.row_pitch >= sheet.height
    pdf = render_nametags(tags_doc(layout=name))
    box = read(pdf).pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx((width, height), abs=0.01)


def test_avery_sizes() -> None:
    assert LABEL_LAYOUTS["l7163"].per_sheet == 14
    assert (LABEL_LAYOUTS["l7163"].width, LABEL_LAYOUTS["l7163"].height) == (99.1, 38.1)
    assert LABEL_LAYOUTS["5163"].per_sheet == 10
    assert (LABEL_LAYOUTS["5163"].width, LABEL_LAYOUTS["5163"].height) == (101.6, 50.8)
    assert LABEL_LAYOUTS["a4-2x4"].per_sheet == LABEL_LAYOUTS["letter-2x4"].per_sheet == 8


def _text_sizes(page) -> list[tuple[str, float, float, float]]:
    """(text, font size, x, y) of each text piece on a page."""
    found = []

    def visit(chunk, cm, tm, _font, size):
        if chunk.strip():
            scale = (tm[0] ** 2 + tm[1] ** 2) ** 0.5
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            found.append((plain(chunk).strip(), size * scale, x, y))

    page.extract_text(visitor_text=visit)
    return found


def test_names_large_organisations_small_long_names_shrink_and_stay_inside() -> None:
    long = "Maximiliane Alexandra Konstantinopoulou-Featherstonehaugh"
    doc = tags_doc(tags=[NameTag("Ana", "Universidad Popular"), NameTag(long, "Org")])
    page = read(render_nametags(doc)).pages[0]
    pieces = _text_sizes(page)
    size = {text: s for text, s, _x, _y in pieces}
    assert size["Ana"] >= 24
    assert size["Universidad Popular"] <= 11
    long_sizes = [s for text, s, _x, _y in pieces if text in long]
    assert long_sizes and max(long_sizes) < size["Ana"]
    # everything stays within the crop-safe area of its label
    sheet = LABEL_LAYOUTS["l7163"]
    safe = 4.5 * mm - 0.5
    for text, _s, x, _y in pieces:
        column = 0 if x < (sheet.left + sheet.column_pitch) * mm else 1
        left = (sheet.left + column * sheet.column_pitch) * mm
        assert x >= left + safe, text
    from copdesk.reports.text import measure

    for text, s, x, _y in pieces:
        if text in long:
            column = 0 if x < (sheet.left + sheet.column_pitch) * mm else 1
            right = (sheet.left + column * sheet.column_pitch + sheet.width) * mm - safe
            assert x + measure(text, s, bold=True) <= right + 1, text


def test_blank_tags_fill_the_last_sheet() -> None:
    doc = tags_doc(tags=[NameTag(f"Person {i}") for i in range(15)])
    pdf = render_nametags(doc)
    assert len(read(pdf).pages) == 2  # 15 + 2 blank, up to 28
    assert all(f"Person {i}" in all_text(pdf) for i in range(15))
    empty = render_nametags(tags_doc(tags=[], blank_tags=0))
    assert len(read(empty).pages) == 1


def test_right_to_left_tags_fill_from_the_right() -> None:
    doc = tags_doc("ar", tags=[NameTag("First"), NameTag("Second")])
    page = read(render_nametags(doc)).pages[0]
    assert x_of(page, "First") > x_of(page, "Second")


# -- pair slips -----------------------------------------------------------------------------------


def test_slips_one_strip_per_group_with_rotating_prompts() -> None:
    groups = [(f"Left {i}", f"Right {i}") for i in range(9)] + [("A", "B", "C")]
    pdf = render_slips(slips_doc("en", groups=groups, prompt_offset=3))
    content = re.sub(r"\s+", " ", all_text(pdf))
    for i in range(9):
        assert f"Left {i} and Right {i}" in content
        assert f"Pair {i + 1}" in content
    assert "A, B, and C" in content and "Group 10" in content
    for i in range(10):
        assert PROMPTS[(3 + i) % len(PROMPTS)] in content
    assert "6:05 PM" in content and "10 minutes" in content
    # dashed cut lines between the strips
    data = read(pdf).pages[0].get_contents().get_data()
    assert b"[4 3] 0 d" in data


def test_prompts_are_translatable() -> None:
    from babel.messages.extract import extract_from_file

    import copdesk.reports.slips as slips_module

    found = {
        msg
        for _line, msg, _comments, _ctx in extract_from_file(
            "python", slips_module.__file__, keywords={"_": None, "N_": None}
        )
    }
    assert set(PROMPTS) <= found


# -- the agenda's new parts -----------------------------------------------------------------------


def test_agenda_has_pairs_potluck_ballot_roles_and_values() -> None:
    pdf = render_agenda(full_agenda("en"))
    content = re.sub(r"[ \n]+", " ", all_text(pdf))
    for needle in (
        "Presenter",
        "Tomás Ferreira",
        "Audience",
        "Recién llegados",
        "Aprender a dar retroalimentación",
        "Random pairs",
        "At 6:05 PM, for 10 minutes",
        "1. Ana Lima and",
        "Potluck",
        "Ensalada",
        "Brought by",
        "Backup",
        "open: can you bring it?",
        "no backup yet",
        "What do you want to see next?",
        "Mapas de financiadores",
        "Your idea:",
        "Our values:",
        "Curiosidad · Cuidado",
    ):
        assert needle in content, needle
    texts = page_texts(pdf)
    assert len(texts) <= 2
    assert all("Our values:" in text for text in texts)  # the footer line on every page
    assert f"1 / {len(texts)}" in texts[0]


def test_agenda_of_forty_people_stays_within_two_pages() -> None:
    groups = [(f"Person {2 * i}", f"Person {2 * i + 1}") for i in range(20)]
    pdf = render_agenda(full_agenda("en", pairs=groups))
    assert len(read(pdf).pages) <= 2


def test_agenda_logo(tmp_path) -> None:
    from PIL import Image

    logo = tmp_path / "logo.png"
    Image.new("RGB", (200, 100), (200, 30, 30)).save(logo)
    pdf = render_agenda(full_agenda("en", logo=logo.read_bytes()))
    assert "/XObject" in read(pdf).pages[0]["/Resources"]
    page = read(pdf).pages[0]
    assert x_of(page, "Círculo") < float(page.mediabox.width) / 3


def test_arabic_agenda_mirrors_its_new_tables() -> None:
    page = read(render_agenda(full_agenda("ar"))).pages[0]
    # dish | brought by | backup, read from the right (the people are Latin and CJK names)
    assert x_of(page, "Ensalada") > x_of(page, "Ana Lima") > x_of(page, "山田花子")
    assert x_of(page, "Mapas de financiadores") > float(page.mediabox.width) / 2


# -- safety ---------------------------------------------------------------------------------------


def test_markup_prints_literally_in_every_document() -> None:
    people = [SigninLine(MARKUP, MARKUP)]
    docs = {
        "signin": render_signin(signin_doc(members=people, community_name=MARKUP, place=MARKUP)),
        "nametags": render_nametags(
            tags_doc(tags=[NameTag(MARKUP, MARKUP)], community_name=MARKUP)
        ),
        "slips": render_slips(slips_doc(groups=[(MARKUP, MARKUP)], community_name=MARKUP)),
        "agenda": render_agenda(
            full_agenda(
                "en",
                ballot=[MARKUP],
                values=[MARKUP],
                pairs=[(MARKUP, "x")],
                potluck=[PotluckLine(MARKUP, "", MARKUP, MARKUP, (MARKUP,))],
            )
        ),
    }
    for kind, pdf in docs.items():
        reader = read(pdf)
        for page in reader.pages:
            assert "/XObject" not in page["/Resources"], kind
        flat = re.sub(r"\s+", "", all_text(pdf))
        for piece in ("<b>Bold</b>", "<fontsize=40>x</font>", '<imgsrc="/etc/passwd"/>', "</para>"):
            assert piece in flat, (kind, piece)


texts = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60
) | st.sampled_from(
    [
        MARKUP,
        "\x00\x01\x1b[31m\x7f",
        "a" * 400,  # a very long word
        "ﷺ" * 30,
        "\u202e" + "reversed" + "\u202c",
        "x" * 10_000,  # a 10,000-character note
        " ".join(["lorem"] * 2000),
        "Nguyễn " + NAMES["arabic"] + " 王小明 (3)",
        "",
    ]
)


def _check(pdf: bytes, *expected: str) -> None:
    reader = read(pdf)
    assert len(reader.pages) >= 1
    content = re.sub(r"\s+", "", all_text(pdf))
    for value in expected:
        if value.isascii() and value.isprintable() and 0 < len(value) < 50:
            assert re.sub(r"\s+", "", value) in content


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=texts, other=texts, note=texts)
def test_any_text_gives_a_valid_pdf_in_every_document(name: str, other: str, note: str) -> None:
    _check(render_signin(signin_doc(members=[SigninLine(name, other), SigninLine(note, "")])), name)
    _check(render_nametags(tags_doc(tags=[NameTag(name, other)], community_name=note)), name)
    _check(render_slips(slips_doc(groups=[(name, other)], community_name=note)), name)
    _check(
        render_agenda(
            full_agenda(
                "en",
                topic=note,
                host=name,
                ballot=[name],
                values=[other],
                pairs=[(name, other)],
                potluck=[PotluckLine(note[:200], "", name, other)],
            )
        ),
        name,
    )


def test_arabic_date_stays_whole_next_to_a_latin_name() -> None:
    """Regression: bidi ordered "Círculo · 1‏/12‏/2026" as "2026/12/Círculo · 1"."""
    content = plain(all_text(render_nametags(tags_doc("ar", tags=[NameTag("Ana")]))))
    assert re.search(r"2026/12/0?1 · Círculo de Práctica", content), content[:200]


def test_unknown_code_points_print_as_replacement_characters() -> None:
    from copdesk.reports.text import clean

    assert clean("a\U0002ebe1b") == "a\ufffdb"  # CJK Ext. I: newer than this Python's data
    pdf = render_signin(signin_doc("ar", members=[SigninLine("\u085e\U0002ebe1 Ana", "")]))
    assert "Ana" in all_text(pdf)


def test_every_label_is_extractable_with_a_note_for_translators() -> None:
    from babel.messages.extract import extract_from_file

    import copdesk.reports.nametags as nametags_module
    import copdesk.reports.signin as signin_module
    import copdesk.ui.print_agenda as dialog_module

    found = {}
    for module in (signin_module, nametags_module, dialog_module):
        for _line, msg, comments, _ctx in extract_from_file(
            "python",
            module.__file__,
            keywords={"_": None, "N_": None, "ngettext": (1, 2)},
            comment_tags=["Translators:"],
        ):
            found[msg] = comments
    for label in (
        "Sign-in sheet – {community}",
        "Here",
        "You may contact me",
        "Email or phone",
        "Name tags – {community}",
        "Sign-in sheet",
        "Pair slips",
        "Name tags",
    ):
        assert label in found, label
    assert found["Here"] and found["You may contact me"]
