"""The printed agenda (PDF): content, paper, fonts, markup safety, page numbers, right to left."""

from __future__ import annotations

import datetime as dt
import io
import re
import time

import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4, LETTER

import copdesk.reports.agenda as agenda_module
from copdesk.i18n import Translator
from copdesk.reports import fonts, text
from copdesk.reports.agenda import render_agenda
from copdesk.reports.data import AgendaDocument, AgendaLine

NAMES = {
    "arabic": "محمد عبد الله",
    "hebrew": "נועה כהן",
    "devanagari": "प्रिया शर्मा",
    "chinese": "王小明",
    "japanese": "山田花子",
    "cyrillic": "Анна Иванова",
    "greek": "Γιώργος Παπαδόπουλος",
    "vietnamese": "Nguyễn Thị Hồng Nhung",
}
FACE_FILES = {  # the PostScript names the PDF gives each embedded subset
    "NotoSans-Regular": fonts.SANS,
    "NotoSansArabic-Regular": fonts.ARABIC,
    "NotoSansHebrew-Regular": fonts.HEBREW,
    "NotoSansDevanagari-Regular": fonts.DEVANAGARI,
    "DroidSansFallback": fonts.CJK,
}
BASE14 = ("Helvetica", "Times", "Courier", "Symbol", "ZapfDingbats")
MARKUP = '<b>Bold</b> & <font size=40>x</font> <img src="/etc/passwd"/> </para>'


def lines(titles: list[str], minutes: list[int], start: dt.time = dt.time(18, 0)) -> list:
    out = []
    at = dt.datetime.combine(dt.date(2026, 12, 1), start)
    for title, n in zip(titles, minutes, strict=True):
        end = at + dt.timedelta(minutes=n)
        out.append(AgendaLine(at.time(), end.time(), title, n))
        at = end
    return out


def make_doc(locale: str = "es", paper: str = "a4", **changes) -> AgendaDocument:
    values = dict(
        community_name="Círculo de Práctica Docente",
        locale=locale,
        paper=paper,
        date=dt.date(2026, 12, 1),
        start_time=dt.time(18, 0),
        end_time=dt.time(19, 30),
        place="Biblioteca Central, Sala 3",
        topic="Evaluación formativa",
        convener="María José Núñez",
        host="Tomás Ferreira",
        purpose="Compartir práctica docente cada mes.",
        items=lines(["Bienvenida", "Ronda de presentaciones", "Estudio de caso"], [5, 10, 50]),
    )
    values.update(changes)
    return AgendaDocument(**values)


def plain(value: str) -> str:
    """Babel's narrow/no-break spaces as spaces, bidi marks removed, runs of blanks collapsed."""
    value = value.replace("\u202f", " ").replace("\u00a0", " ")
    value = "".join(ch for ch in value if ch not in fonts.BIDI_CONTROLS)
    return re.sub(r"[ \t]+", " ", value)


def read(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def page_texts(pdf: bytes) -> list[str]:
    return [plain(page.extract_text()) for page in read(pdf).pages]


def all_text(pdf: bytes) -> str:
    return "\n".join(page_texts(pdf))


def positions(page) -> list[tuple[str, float]]:
    """(text, x on the page) of each piece of text pypdf sees."""
    found = []

    def visit(chunk, cm, tm, _font, _size):
        if chunk.strip():
            found.append((plain(chunk).strip(), tm[4] * cm[0] + tm[5] * cm[2] + cm[4]))

    page.extract_text(visitor_text=visit)
    return found


def x_of(page, needle: str) -> float:
    xs = [x for chunk, x in positions(page) if needle in chunk]
    assert xs, f"{needle!r} not found in {positions(page)}"
    return xs[0]


def pdf_fonts(pdf: bytes) -> list[dict]:
    reader = read(pdf)
    found = {}
    for page in reader.pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            found[str(font["/BaseFont"])] = font
    return list(found.values())


# -- content -------------------------------------------------------------------------------------


def test_spanish_agenda_has_everything_the_room_needs():
    doc = make_doc("es")
    content = all_text(render_agenda(doc))
    for needle in (
        "Círculo de Práctica Docente",
        "Biblioteca Central, Sala 3",
        "Evaluación formativa",
        "Compartir práctica docente cada mes.",
        "María José Núñez",
        "Tomás Ferreira",
        "Bienvenida",
        "Ronda de presentaciones",
        "Estudio de caso",
        "18:00",
        "18:05",
        "18:15",
        "19:05",  # the end of the run of show
        "19:30",  # the end of the session, in the time range
        "Coordinador/a",  # "Convener" in the Spanish catalog
        "Anfitrión/a",  # "Host"
    ):
        assert needle in content, needle
    assert plain(Translator("es").format_date(doc.date, "full")) in content
    assert "martes, 1 de diciembre de 2026" in content
    assert "5 minutos" in content and "50 minutos" in content


def test_english_agenda_times_and_plurals():
    content = all_text(render_agenda(make_doc("en", items=lines(["One", "Two"], [1, 25]))))
    assert "Tuesday, December 1, 2026" in content
    assert "6:00 PM – 7:30 PM" in content  # the session: the locale's short time format
    assert "6:00 PM\nOne" in content and "6:01 PM\nTwo" in content and "6:26 PM\nEnd" in content
    assert "1 minute\n" in content and "25 minutes" in content


def test_empty_fields_are_left_out_and_an_empty_run_of_show_says_so():
    content = all_text(render_agenda(make_doc("en", host="", place="  ", purpose="", items=[])))
    assert "Host" not in content and "Place" not in content and "Purpose" not in content
    assert "Convener" in content
    assert "No agenda items yet." in content


def test_decomposed_text_prints_composed():
    import unicodedata

    host = unicodedata.normalize("NFD", "Nguyễn Thị Hồng Nhung")
    assert "Nguyễn Thị Hồng Nhung" in all_text(render_agenda(make_doc("en", host=host)))


# -- paper ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("paper", "size"), [("a4", A4), ("letter", LETTER), ("Letter", LETTER)])
def test_paper_size(paper, size):
    box = read(render_agenda(make_doc(paper=paper))).pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx(size, abs=0.01)


def test_unknown_paper_is_refused():
    with pytest.raises(ValueError):
        render_agenda(make_doc(paper="a5"))


# -- fonts ---------------------------------------------------------------------------------------


def many_scripts_doc(locale: str = "en") -> AgendaDocument:
    return make_doc(
        locale,
        community_name="Global Mentors — 全球导师",
        convener=NAMES["arabic"],
        host=NAMES["hebrew"],
        place="Sala " + NAMES["vietnamese"],
        items=lines([NAMES[k] for k in NAMES], [5] * len(NAMES)),
    )


def test_every_font_is_an_embedded_truetype_subset():
    pdf = render_agenda(many_scripts_doc())
    found = pdf_fonts(pdf)
    assert found
    for font in found:
        name = str(font["/BaseFont"])
        assert font["/Subtype"] == "/TrueType", name
        assert re.fullmatch(r"/[A-Z]{6}\+.+", name), name  # a subset
        assert "/FontFile2" in font["/FontDescriptor"].get_object(), name
        assert not any(base in name for base in BASE14), name
    assert b"/Helvetica" not in pdf and b"/Times" not in pdf


def test_each_script_prints_in_its_own_font_with_no_glyph_missing():
    doc = many_scripts_doc()
    pdf = render_agenda(doc)
    names = {str(font["/BaseFont"]).split("+", 1)[1] for font in pdf_fonts(pdf)}
    assert set(FACE_FILES) <= names
    # every character of every name is in the font of the run it is set in
    for value in [*NAMES.values(), doc.community_name, doc.place]:
        prepared = text.reshape(text.clean(value))
        assert fonts.missing_glyphs(prepared) == [], value
    content = all_text(pdf)
    for key in ("cyrillic", "greek", "vietnamese", "chinese", "japanese"):
        assert NAMES[key] in content, key


def test_latin_only_agenda_embeds_only_noto_sans():
    names = {
        str(font["/BaseFont"]).split("+", 1)[1] for font in pdf_fonts(render_agenda(make_doc()))
    }
    assert names == {"NotoSans-Regular", "NotoSans-Bold"}


# -- markup safety -------------------------------------------------------------------------------


def test_markup_in_user_text_prints_literally():
    doc = make_doc(
        "en",
        community_name=MARKUP,
        place=MARKUP,
        topic=MARKUP,
        convener=MARKUP,
        host=MARKUP,
        purpose=MARKUP,
        items=lines([MARKUP, "after"], [5, 5]),
    )
    pdf = render_agenda(doc)
    content = re.sub(r"\s+", " ", all_text(pdf))  # the long title wraps
    assert content.count(MARKUP) == 7
    reader = read(pdf)
    for page in reader.pages:
        assert "/XObject" not in page["/Resources"]  # no image was opened
    sizes = set()
    reader.pages[0].extract_text(
        visitor_operand_before=lambda op, args, *_: _font_size(op, args, sizes)
    )
    assert max(sizes) <= 20  # the title; "<font size=40>" did nothing


def _font_size(op, args, sizes):
    if op == b"Tf":
        sizes.add(float(args[1]))


def test_markup_in_right_to_left_text_prints_literally():
    host = "محمد " + MARKUP
    content = all_text(render_agenda(make_doc("ar", host=host)))
    for piece in ("<b>Bold</b>", "<font size=40>x</font>", '<img src="/etc/passwd"/>', "</para>"):
        assert piece in content


# -- pages ---------------------------------------------------------------------------------------


def test_one_page_agenda_is_numbered_and_signed():
    texts = page_texts(render_agenda(make_doc("en")))
    assert len(texts) == 1
    assert "1 / 1" in texts[0]
    assert "copdesk" in texts[0]


def test_long_agenda_runs_over_pages_numbered_1_of_n():
    items = lines([f"Agenda item number {i}" for i in range(60)], [3] * 60)
    pdf = render_agenda(make_doc("en", items=items, start_time=dt.time(9, 0)))
    texts = page_texts(pdf)
    pages = len(texts)
    assert pages >= 2
    for number, content in enumerate(texts, start=1):
        assert f"{number} / {pages}" in content
        assert "copdesk" in content
        assert "Starts" in content  # the table's heading row repeats
    assert f"1 / {pages}" in texts[0] and f"{pages} / {pages}" in texts[-1]
    assert all(f"Agenda item number {i}\n" in "\n".join(texts) for i in range(60))


def test_build_is_quick_and_deterministic():
    doc = many_scripts_doc()
    first = render_agenda(doc)  # fonts registered, modules imported
    started = time.perf_counter()
    second = render_agenda(doc)
    assert time.perf_counter() - started < 1.0
    assert first == second


# -- right to left -------------------------------------------------------------------------------


def test_arabic_page_is_mirrored():
    doc = make_doc(
        "ar",
        community_name="دائرة الممارسين",
        items=lines(["Welcome", "Case study"], [5, 50]),
        host="محمد (Maria Schmidt)",
    )
    assert Translator("ar").is_rtl
    page = read(render_agenda(doc)).pages[0]
    width = float(page.mediabox.width)
    # run of show: clock time | title | duration, read from the right
    ar = Translator("ar")
    # (Labels are in Arabic and come back as shaped presentation forms, so the checks use the
    # user's Latin text and the digits, which read the same in every catalog.)
    assert x_of(page, "6:05") > x_of(page, "Case study") > x_of(page, "50")
    # labels on the right of their values: the convener's name sits left of the middle column
    assert x_of(page, "María José Núñez") < width * 0.8
    labels = [x for chunk, x in positions(page) if any("\ufe70" <= c <= "\ufeff" for c in chunk)]
    assert max(labels) > x_of(page, "María José Núñez")
    content = plain(page.extract_text())
    assert "Maria Schmidt" in content  # a Latin name inside Arabic text stays readable
    # first start and end of the run of show, in Arabic's own short time format ("6:00 م")
    assert ar.format_time(dt.time(18, 0)).startswith("6:00") and "6:00" in content
    assert "6:55" in content
    # Arabic is joined: presentation forms, not the isolated letters
    assert any(0xFE70 <= ord(ch) <= 0xFEFF for ch in content)


def test_arabic_title_is_right_aligned_and_latin_page_left_aligned():
    ar = read(render_agenda(make_doc("ar", community_name="دائرة"))).pages[0]
    es = read(render_agenda(make_doc("es", community_name="Círculo"))).pages[0]
    width = float(ar.mediabox.width)
    title, ar_x = positions(ar)[0]  # the title is drawn first
    assert "\u062f" in title or "\ufea9" in title  # دائرة, shaped or not
    assert ar_x > width / 2
    assert x_of(es, "Círculo") < width / 4
    assert x_of(es, "18:05") < x_of(es, "Ronda de presentaciones") < x_of(es, "10 minutos")


def test_hebrew_page_and_mixed_names_build():
    doc = make_doc("he", host=NAMES["hebrew"] + " (Noa)", convener=NAMES["devanagari"])
    content = all_text(render_agenda(doc))
    assert "(Noa)" in content and "18:00" in content


# -- translations --------------------------------------------------------------------------------


def test_labels_are_extractable_for_translation():
    from babel.messages.extract import extract_from_file

    import copdesk.reports.layout as layout_module

    found = {
        (msg if isinstance(msg, str) else tuple(msg)): comments
        for module in (agenda_module, layout_module)
        for _line, msg, comments, _ctx in extract_from_file(
            "python",
            module.__file__,
            keywords={"_": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2)},
            comment_tags=["Translators:"],
        )
    }
    for label in ("Convener", "Host", "Date", "Place", "Topic", "{page} / {pages}", "End"):
        assert label in found, label
    assert ("{n} minute", "{n} minutes") in found
    assert found["Host"], "ambiguous words carry a comment for translators"
    assert found["End"]
