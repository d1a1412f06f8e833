"""The participation report PDF (read back with pypdf) and the report / report-csv commands."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from copdesk.cli import main
from copdesk.db import open_community
from copdesk.services import participation

TODAY = dt.date(2026, 3, 2)
BASE14 = ("Helvetica", "Times", "Courier", "Symbol", "ZapfDingbats")


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:  # noqa: ANN001
    from copdesk.demo import write_demo
    from copdesk.demo_participation import add_participation_demo

    path = write_demo(tmp_path_factory.mktemp("demo") / "demo.copdesk", today=TODAY)
    add_participation_demo(path, today=TODAY)
    return path


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def fonts_of(pdf: bytes) -> list:
    found = {}
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            found[str(font["/BaseFont"])] = font
    return list(found.values())


def test_report_has_the_numbers_and_names_with_embedded_fonts(demo: Path) -> None:
    with open_community(demo) as cfile, cfile.session() as db:
        pdf = participation.report_pdf(db, TODAY)
        ov = participation.overview(db, TODAY)
        doc = participation.report_document(db, TODAY)
    content = text_of(pdf)
    assert "Participation report" in content
    assert "Neighbourhood Practitioners' Circle" in content
    # a session row: its date and head count, as the service counts them
    first = ov.sessions[0]
    assert "Dec 23, 2025" in content
    assert f"{ov.group.shared} / {ov.group.took}" in content
    assert f"{ov.organisations.cross_pairs} of {ov.organisations.pairs}" in content
    assert str(first.present) in content
    # names of members who may be printed; not of those who asked not to be
    printable = [m for m in ov.members if m.member_id in doc.printable]
    hidden = [m for m in ov.members if m.member_id not in doc.printable]
    assert printable and hidden
    assert printable[0].name in content
    assert all(re.search(rf"(^|\n){re.escape(m.name)} ", content) is None for m in hidden)
    # the reach-out list (who went quiet, their phone) is not printed
    assert ov.reach_out[0].phone not in content
    assert "How these numbers are worked out" in content
    for font in fonts_of(pdf):
        name = str(font["/BaseFont"])
        assert font["/Subtype"] == "/TrueType", name
        assert "/FontFile2" in font["/FontDescriptor"].get_object(), name
        assert not any(base in name for base in BASE14), name


@pytest.mark.parametrize("locale", ["ar_EG", "ja", "hi", "de"])
def test_report_prints_in_other_languages(demo: Path, locale: str) -> None:
    with open_community(demo) as cfile, cfile.session() as db:
        pdf = participation.report_pdf(db, TODAY, locale=locale, paper="letter")
        ov = participation.overview(db, TODAY)
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.pages[0].mediabox.width == 612  # Letter
    content = text_of(pdf)
    assert "Bruno Carvalho" in content
    assert str(ov.sessions[-1].present) in content
    for font in fonts_of(pdf):
        assert "/FontFile2" in font["/FontDescriptor"].get_object()


def test_report_of_an_empty_period(demo: Path) -> None:
    with open_community(demo) as cfile, cfile.session() as db:
        pdf = participation.report_pdf(db, TODAY, dt.date(2020, 1, 1), dt.date(2020, 2, 1))
    assert "No session was held in this period." in text_of(pdf)


# -- the commands -----------------------------------------------------------------------------------


def test_cli_report(demo: Path, tmp_path: Path, capsys) -> None:  # noqa: ANN001
    out = tmp_path / "report.pdf"
    code = main(["report", str(demo), "--from", "2026-01-01", "--to", "2026-02-28", "-o", str(out)])
    assert code == 0
    assert out.read_bytes().startswith(b"%PDF")
    assert "Wrote the participation report" in capsys.readouterr().out
    content = text_of(out.read_bytes())
    assert "Jan 6, 2026" in content and "Dec 23, 2025" not in content


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "2026-13-01"], "is not a date"),
        (["--from", "2026-03-01", "--to", "2026-01-01"], "after it ends"),
    ],
)
def test_cli_report_errors_are_one_line(demo: Path, tmp_path: Path, capsys, args, message) -> None:  # noqa: ANN001
    code = main(["report", str(demo), *args, "-o", str(tmp_path / "r.pdf")])
    err = capsys.readouterr().err
    assert code == 1
    assert message in err and err.count("\n") == 1 and "Traceback" not in err
    assert not (tmp_path / "r.pdf").exists()


def test_cli_report_missing_file_and_folder(tmp_path: Path, demo: Path, capsys) -> None:  # noqa: ANN001
    assert main(["report", str(tmp_path / "nope.copdesk"), "-o", str(tmp_path / "r.pdf")]) == 1
    assert "does not exist" in capsys.readouterr().err
    assert main(["report", str(demo), "-o", str(tmp_path / "no" / "r.pdf")]) == 1
    assert "does not exist" in capsys.readouterr().err
    assert main(["report-csv", str(demo), str(tmp_path / "missing")]) == 1
    err = capsys.readouterr().err
    assert "does not exist" in err and err.count("\n") == 1


def test_cli_report_csv(demo: Path, tmp_path: Path, capsys) -> None:  # noqa: ANN001
    assert main(["report-csv", str(demo), str(tmp_path), "--from", "2026-01-01"]) == 0
    assert "Wrote 7 CSV files" in capsys.readouterr().out
    names = {p.name for p in tmp_path.glob("*.csv")}
    assert {"attendance.csv", "newcomers-returners.csv", "share-take.csv", "reach-out.csv"} <= names
    lines = (tmp_path / "attendance.csv").read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("Date,Present,Apologised")
    assert all(line[:4] == "2026" for line in lines[1:])
