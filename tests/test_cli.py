"""The headless commands, including every error path a user can cause."""

from __future__ import annotations

import datetime as dt
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from copdesk import __version__
from copdesk.cli import main
from copdesk.db import open_community
from copdesk.services import meetings, roster


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "copdesk", *args], capture_output=True, text=True, timeout=120
    )


@pytest.fixture
def demo(demo_copy) -> Path:  # noqa: ANN001
    return demo_copy()  # written once by ``copdesk demo FILE``, copied for each test


def pdf_text(path: Path) -> str:
    # Babel's narrow no-break spaces may come back as plain spaces: compare on plain spaces.
    text = "\n".join(page.extract_text() for page in PdfReader(path).pages)
    return text.replace("\u202f", " ").replace("\u00a0", " ")


def test_version_as_module() -> None:
    result = run_cli("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"copdesk {__version__}"


def test_demo_writes_a_realistic_community(demo: Path, capsys) -> None:
    with open_community(demo) as cfile, cfile.session() as db:
        members = roster.list_members(db)
        sessions = meetings.list_meetings(db)
    assert len(members) >= 40
    assert len({m.organisation for m in members}) >= 5
    today = dt.date.today()
    past = [s for s in sessions if not s.is_upcoming(today)]
    upcoming = [s for s in sessions if s.is_upcoming(today)]
    assert len(sessions) == 16 and past and upcoming
    assert all(s.present_count > 0 for s in past)
    assert all(s.present_count == 0 for s in upcoming)
    assert all(s.convener_name and s.host_name and s.topic for s in sessions)


def test_demo_in_spanish(tmp_path: Path) -> None:
    path = tmp_path / "es.copdesk"
    assert main(["demo", str(path), "--locale", "es"]) == 0
    with open_community(path) as cfile, cfile.session() as db:
        from copdesk.services.community import get_community

        assert get_community(db).locale == "es"
        first = meetings.list_meetings(db)[0]
        titles = [i.title for i in meetings.get_meeting(db, first.id).items]
    assert "Parejas al azar" in titles


def test_agenda_for_a_session(demo: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "agenda.pdf"
    assert main(["agenda", str(demo), "--session", "1", "-o", str(out)]) == 0
    text = pdf_text(out)
    # The demo community is English (en → US conventions): the locale's short clock times.
    for clock in ("6:00 PM", "6:05 PM", "6:15 PM", "7:05 PM"):
        assert clock in text
    with open_community(demo) as cfile, cfile.session() as db:
        first = meetings.get_meeting(db, 1).meeting
    assert first.convener_name in text
    assert str(out) in capsys.readouterr().out


def test_agenda_for_the_next_session_in_another_language_and_paper(demo: Path, tmp_path: Path):
    out = tmp_path / "next.pdf"
    assert (
        main(["agenda", str(demo), "--next", "-o", str(out), "--locale", "es", "--paper", "letter"])
        == 0
    )
    reader = PdfReader(out)
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)
    assert "Parejas al azar" not in pdf_text(out)  # stored titles stay as the convener wrote them
    from copdesk.i18n import Translator

    with open_community(demo) as cfile, cfile.session() as db:
        nxt = meetings.get_meeting(db, meetings.next_meeting_id(db, dt.date.today())).meeting
    year = str(nxt.date.year)
    month = Translator("es").format_date(nxt.date, "MMMM")
    assert year in pdf_text(out) and month in pdf_text(out)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["agenda", "{missing}", "--next", "-o", "{out}"], "does not exist"),
        (["agenda", "{text}", "--next", "-o", "{out}"], "not a copdesk file"),
        (["agenda", "{demo}", "--session", "999", "-o", "{out}"], "no session number 999"),
        (["agenda", "{demo}", "--session", "1", "-o", "{nodir}"], "does not exist"),
        (["check", "{missing}"], "does not exist"),
        (["demo", "{nodir}"], "does not exist"),
        (["{missing}"], "does not exist"),
    ],
)
def test_user_errors_print_one_line_and_exit_nonzero(
    demo: Path, tmp_path: Path, args: list[str], message: str
) -> None:
    text = tmp_path / "notes.copdesk"
    text.write_text("just some notes\n" * 20)
    values = {
        "missing": str(tmp_path / "missing.copdesk"),
        "text": str(text),
        "demo": str(demo),
        "out": str(tmp_path / "out.pdf"),
        "nodir": str(tmp_path / "no" / "such" / "dir" / "x.pdf"),
    }
    result = run_cli(*(a.format(**values) for a in args))
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert message in lines[0]
    assert not (tmp_path / "out.pdf").exists()


def test_no_upcoming_session(tmp_path: Path, cfile, capsys) -> None:
    cfile.close()
    assert main(["agenda", str(cfile.path), "--next", "-o", str(tmp_path / "x.pdf")]) == 1
    assert "no upcoming session" in capsys.readouterr().err


@pytest.mark.parametrize(
    "args",
    [
        ["agenda", "f.copdesk", "-o", "x.pdf"],
        ["agenda", "f.copdesk", "--next", "-o", "x.pdf", "--paper", "a3"],
        ["demo", "f.copdesk", "--locale", "xx_bogus"],
        ["agenda", "f", "--session", "one", "-o", "x"],
    ],
)
def test_usage_errors_exit_2(args: list[str]) -> None:
    result = run_cli(*args)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and "usage:" in result.stderr


def test_check_sound_and_damaged(demo: Path, capsys) -> None:
    assert main(["check", str(demo)]) == 0
    assert "sound" in capsys.readouterr().out
    con = sqlite3.connect(demo)
    con.execute("PRAGMA writable_schema = ON")
    con.execute("UPDATE sqlite_master SET sql = 'garbage' WHERE name = 'members'")
    con.commit()
    con.close()
    assert main(["check", str(demo)]) == 1
    assert "PROBLEM" in capsys.readouterr().out


def test_window_without_a_screen_says_so(demo: Path, monkeypatch) -> None:
    import os

    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    result = subprocess.run(
        [sys.executable, "-m", "copdesk", str(demo)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert result.returncode == 1
    assert "no screen" in result.stderr and "Traceback" not in result.stderr
