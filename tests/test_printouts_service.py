"""Printouts from a community file: who is expected, the agenda's data, paper, and the CLI."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from copdesk.cli import main
from copdesk.db import open_community
from copdesk.errors import ValidationError
from copdesk.models import AttendanceStatus
from copdesk.services import meetings, printouts, roster
from copdesk.services.community import CommunityInfo, create_community


@pytest.fixture
def demo(demo_copy) -> Path:  # noqa: ANN001
    return demo_copy()  # written once by ``copdesk demo FILE``, copied for each test


def text_of(path_or_bytes) -> str:
    import io

    source = io.BytesIO(path_or_bytes) if isinstance(path_or_bytes, bytes) else path_or_bytes
    text = "\n".join(page.extract_text() for page in PdfReader(source).pages)
    return re.sub(r"[ \u202f\u00a0]+", " ", text)


def make_file(tmp_path: Path, locale: str = "sv_SE") -> Path:
    cfile = create_community(
        tmp_path / "c.copdesk",
        CommunityInfo(name="Cirkel", meeting_weekday=1, meeting_time=dt.time(18), locale=locale),
    )
    with cfile.session() as db:
        for name in ("Örjan", "Zelda", "Åsa", "Adam", "Ärla"):
            roster.add_member(db, roster.MemberInput(name=name, organisation="Org " + name))
        roster.add_member(db, roster.MemberInput(name="Hidden Person", may_print=False))
        sorry = roster.add_member(db, roster.MemberInput(name="Sorry Person"))
        m = meetings.add_meeting(
            db, meetings.MeetingInput(date=dt.date(2026, 3, 3), start_time=dt.time(18))
        )
        meetings.set_attendance(db, m.id, {sorry.id: AttendanceStatus.APOLOGISED})
    cfile.close()
    return cfile.path


def test_expected_members_consent_apologies_and_collation(tmp_path: Path) -> None:
    path = make_file(tmp_path)
    with open_community(path) as cfile, cfile.session() as db:
        sv = [r.display_name for r in printouts.expected_members(db, 1, "sv_SE")]
        de = [r.display_name for r in printouts.expected_members(db, 1, "de_DE")]
        doc = printouts.signin_document(db, 1)
        tags = printouts.nametag_document(db, 1)
    assert "Hidden Person" not in sv and "Sorry Person" not in sv
    assert sv == ["Adam", "Zelda", "Åsa", "Ärla", "Örjan"]  # Swedish: Å Ä Ö after Z
    assert de.index("Ärla") < de.index("Zelda")  # German: Ä with A
    assert [m.name for m in doc.members] == sv
    assert doc.paper == "a4" and tags.layout == "l7163"
    assert [t.name for t in tags.tags] == sv and tags.tags[0].organisation == "Org Adam"


def test_paper_follows_the_territory_and_can_be_overridden(tmp_path: Path) -> None:
    path = make_file(tmp_path, locale="es_MX")
    with open_community(path) as cfile, cfile.session() as db:
        assert printouts.signin_document(db, 1).paper == "letter"  # glibc: MX uses Letter
        assert printouts.signin_document(db, 1, paper="a4").paper == "a4"
        assert printouts.nametag_document(db, 1).layout == "5163"
        assert printouts.nametag_document(db, 1, layout="a4-2x4").layout == "a4-2x4"
        with pytest.raises(ValidationError):
            printouts.nametag_document(db, 1, paper="letter", layout="l7163")
        with pytest.raises(ValidationError):
            printouts.nametag_document(db, 1, layout="bogus")


def test_slips_need_drawn_pairs(tmp_path: Path) -> None:
    path = make_file(tmp_path)
    with open_community(path) as cfile, cfile.session() as db:
        with pytest.raises(ValidationError, match="not been drawn"):
            printouts.slips_document(db, 1)


def test_agenda_document_gathers_pairs_potluck_ballot_and_roles(demo: Path) -> None:
    with open_community(demo) as cfile, cfile.session() as db:
        sessions = meetings.list_meetings(db)
        past = next(s for s in sessions if s.present_count)
        doc = printouts.agenda_document(db, past.id)
        upcoming = meetings.next_meeting_id(db, dt.date.today())
        nxt = printouts.agenda_document(db, upcoming)
    assert doc.pairs and all(len(g) in (2, 3) for g in doc.pairs)
    assert doc.pairs_at == dt.time(18, 5) and doc.pairs_minutes == 10
    assert 0 < len(nxt.ballot) <= printouts.BALLOT_SIZE
    assert nxt.potluck and any(not p.backup for p in nxt.potluck)
    assert nxt.presenter


def test_agenda_footer_lists_the_charters_values(demo: Path) -> None:
    from copdesk.services import charter

    with open_community(demo) as cfile, cfile.session() as db:
        charter.save_charter(
            db,
            charter.CharterInput(
                domain="Community projects",
                audience="Coordinators",
                joining="Just come",
                values=("Curiosity", "Generosity"),
                outcomes=(
                    charter.OutcomeInput("Share one tool a month", "short"),
                    charter.OutcomeInput("A shared funder map", "long", "product"),
                ),
                decisions="By consent",
                cadence="Weekly",
                review_on=dt.date(2027, 1, 1),
            ),
        )
        pdf = printouts.agenda_pdf(db, 1)
    assert "Our values: Curiosity · Generosity" in text_of(pdf)


def test_logo_must_be_an_image(demo: Path, tmp_path: Path) -> None:
    from copdesk.errors import FileProblem

    bad = tmp_path / "logo.png"
    bad.write_text("not an image")
    with open_community(demo) as cfile, cfile.session() as db:
        with pytest.raises(FileProblem):
            printouts.agenda_pdf(db, 1, logo=bad)
        with pytest.raises(FileProblem):
            printouts.agenda_pdf(db, 1, logo=tmp_path / "missing.png")


# -- CLI ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["signin", "nametags", "slips"])
@pytest.mark.parametrize("locale", ["en", "es", "ar", "ja"])
def test_cli_writes_each_document(demo: Path, tmp_path: Path, kind: str, locale: str, capsys):
    out = tmp_path / f"{kind}.pdf"
    assert main([kind, str(demo), "--session", "2", "-o", str(out), "--locale", locale]) == 0
    assert str(out) in capsys.readouterr().out
    text = text_of(out)
    from copdesk.services import pairs

    with open_community(demo) as cfile, cfile.session() as db:
        if kind == "slips":
            names = [n for g in pairs.get_pairs(db, 2).groups for n in g.names]
        else:
            names = [p.display_name for p in printouts.expected_members(db, 2, locale)]
    latin = [n for n in names if n.isascii()]
    assert latin and all(n in text for n in latin)


def test_cli_nametags_layout_and_paper(demo: Path, tmp_path: Path) -> None:
    out = tmp_path / "tags.pdf"
    assert main(["nametags", str(demo), "--next", "-o", str(out), "--layout", "a4-2x4"]) == 0
    box = PdfReader(out).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    assert main(["signin", str(demo), "--next", "-o", str(out), "--paper", "a4"]) == 0
    box = PdfReader(out).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)


def test_cli_errors_are_one_line(demo: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "x.pdf"
    assert main(["slips", str(demo), "--next", "-o", str(out)]) == 1
    assert "not been drawn" in capsys.readouterr().err
    assert (
        main(
            [
                "nametags",
                str(demo),
                "--next",
                "-o",
                str(out),
                "--paper",
                "letter",
                "--layout",
                "l7163",
            ]
        )
        == 1
    )
    assert "A4" in capsys.readouterr().err
    assert main(["agenda", str(demo), "--next", "-o", str(out), "--logo", str(tmp_path)]) == 1
    assert not out.exists()
