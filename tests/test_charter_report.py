"""The charter one-pager and the charter commands: content, fonts, every script, errors."""

from __future__ import annotations

import io
import json
from dataclasses import replace

import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4, LETTER

from copdesk.cli import main
from copdesk.reports.charter import CharterDocument, render_charter
from copdesk.services import charter
from copdesk.services.charter import OutcomeInput, PartnerInput
from tests.test_charter import NOW, sample
from tests.test_report_agenda import BASE14, MARKUP, all_text, pdf_fonts, x_of


def doc(locale: str = "en", **changes) -> CharterDocument:
    return CharterDocument(
        community_name="Literacy Tutors' Circle",
        locale=locale,
        paper="a4",
        charter=sample(**changes),
        version=2,
        saved_on=NOW.date(),
    )


def test_one_pager_has_values_outcomes_commitments_and_review_date() -> None:
    pdf = render_charter(doc())
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    text = all_text(pdf)
    for needle in (
        "Literacy Tutors' Circle",
        "Charter, version 2",
        "Openness",
        "Reciprocity",
        "Curiosity",
        "Members help each other weekly",
        "A shared guide to first lessons",
        "This season",
        "A year or more",
        "Process",
        "Product",
        "By consent at the end of a session.",
        "Riverside Library",
        "Tutors who stay longer",
        "A free workshop each spring.",
        "Every Tuesday at 18:00",
        "Welcome (5 min)",
        "March 1, 2027",
    ):
        assert needle in text, needle


def test_fonts_are_embedded_truetype_never_base14() -> None:
    names = {
        "values": ("Openness", "Взаимность", "互惠", "परस्परता", "التبادل", "הדדיות"),
    }
    pdf = render_charter(doc(**names))
    for font in pdf_fonts(pdf):
        name = str(font["/BaseFont"])
        assert not any(b in name for b in BASE14), name
        descendant = font.get("/DescendantFonts")
        target = descendant[0].get_object() if descendant else font
        assert "/FontFile2" in target["/FontDescriptor"].get_object(), name
    used = {str(f["/BaseFont"]).split("+", 1)[1] for f in pdf_fonts(pdf)}
    assert {"NotoSans-Bold", "DroidSansFallback", "NotoSansDevanagari-Regular"} <= used
    assert {"NotoSansArabic-Regular", "NotoSansHebrew-Regular"} <= used


def test_user_markup_prints_literally() -> None:
    outcome = OutcomeInput(MARKUP, "short", "process", ("Openness",))
    pdf = render_charter(doc(outcomes=(outcome, *sample().outcomes[1:])))
    text = all_text(pdf)
    assert "<b>Bold</b> &" in text and "<img" in text


def test_paper_sizes() -> None:
    a4 = PdfReader(io.BytesIO(render_charter(doc()))).pages[0].mediabox
    letter = PdfReader(io.BytesIO(render_charter(replace(doc(), paper="letter")))).pages[0]
    assert (float(a4.width), float(a4.height)) == pytest.approx(A4, abs=1)
    assert (float(letter.mediabox.width), float(letter.mediabox.height)) == pytest.approx(
        LETTER, abs=1
    )
    with pytest.raises(ValueError):
        render_charter(replace(doc(), paper="legal"))


def test_right_to_left_page_is_laid_out_from_the_right() -> None:
    pdf = render_charter(doc("ar", partners=(PartnerInput("Riverside Library", "x"),)))
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    width = float(page.mediabox.width)
    # the partner's name is in the first (rightmost) column of a right-to-left table
    assert x_of(page, "Riverside Library") > width / 2
    ltr = PdfReader(io.BytesIO(render_charter(doc("en")))).pages[0]
    assert x_of(ltr, "Riverside Library") < width / 2


# -- the commands -----------------------------------------------------------------------------


@pytest.fixture
def path(cfile):
    with cfile.session() as db:
        charter.save_charter(db, sample(), now=NOW)
    cfile.close()
    return cfile.path


def test_charter_command_writes_the_pdf(path, tmp_path, capsys) -> None:
    out = tmp_path / "charter.pdf"
    assert main(["charter", str(path), "-o", str(out), "--paper", "letter", "--locale", "es"]) == 0
    assert "Wrote the charter" in capsys.readouterr().out
    reader = PdfReader(out)
    assert float(reader.pages[0].mediabox.width) == pytest.approx(LETTER[0], abs=1)
    assert "Reciprocity" in all_text(out.read_bytes())


def test_charter_command_errors_are_one_line(cfile, tmp_path, capsys) -> None:
    empty = cfile.path
    cfile.close()
    assert main(["charter", str(empty), "-o", str(tmp_path / "x.pdf")]) == 1
    err = capsys.readouterr().err
    assert err.strip() == "copdesk: This community has no charter yet."
    assert main(["charter", str(tmp_path / "nope.copdesk"), "-o", str(tmp_path / "x.pdf")]) == 1
    assert "does not exist" in capsys.readouterr().err
    assert main(["charter-export", str(empty), str(tmp_path / "x.json")]) == 1
    assert capsys.readouterr().err.count("\n") == 1
    assert not (tmp_path / "x.pdf").exists() and not (tmp_path / "x.json").exists()


def test_export_then_import_into_another_community(path, tmp_path, capsys) -> None:
    from copdesk.db import open_community
    from copdesk.services.community import CommunityInfo, create_community

    out = tmp_path / "charter.json"
    assert main(["charter-export", str(path), str(out)]) == 0
    assert json.loads(out.read_text("utf-8"))["format"] == "copdesk-charter"
    other = create_community(tmp_path / "other.copdesk", CommunityInfo(name="Other"))
    other.close()
    assert main(["charter-import", str(other.path), str(out)]) == 0
    assert "version 1" in capsys.readouterr().out
    assert main(["charter-import", str(other.path), str(out)]) == 0
    assert "nothing was changed" in capsys.readouterr().out
    with open_community(other.path) as cfile, cfile.session() as db:
        assert charter.current_charter(db).charter.values == sample().values


def test_import_refuses_a_bad_file_with_one_line(path, tmp_path, capsys) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "copdesk-charter", "version": 1, "charter": {"values": 3}}')
    before = path.read_bytes()
    assert main(["charter-import", str(path), str(bad)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "values" in err
    assert path.read_bytes() == before
    assert main(["charter-import", str(path), str(tmp_path / "missing.json")]) == 1
    assert "does not exist" in capsys.readouterr().err
