"""The session commands: sessions, pairs, ics, announce, and their error paths."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from icalendar import Calendar

from copdesk.cli import main
from copdesk.services import meetings, roster
from copdesk.services.community import CommunityInfo, create_community
from copdesk.services.meetings import MeetingInput


@pytest.fixture
def small(tmp_path: Path) -> tuple[Path, int, int]:
    path = tmp_path / "small.copdesk"
    cfile = create_community(path, CommunityInfo(name="Small"))
    with cfile.session() as db:
        ids = [
            roster.add_member(db, roster.MemberInput(name=n)).id
            for n in ("Ana", "Bo", "Cy", "Di", "Ed")
        ]
        held = meetings.add_meeting(
            db, MeetingInput(dt.date(2020, 1, 7), dt.time(18), topic="Tabs\tand\nlines")
        ).id
        meetings.set_attendance(db, held, {i: "present" for i in ids})
        later = meetings.add_meeting(
            db, MeetingInput(dt.date(2099, 1, 6), dt.time(18), topic="Later")
        ).id
    cfile.close()
    return path, held, later


def test_sessions_lists_tab_separated(small, capsys) -> None:
    path, held, later = small
    assert main(["sessions", str(path)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [
        f"{held}\t2020-01-07\tTabs and lines\theld",
        f"{later}\t2099-01-06\tLater\tplanned",
    ]


def test_pairs_prints_one_group_per_line_and_is_reproducible(small, capsys) -> None:
    path, held, _later = small
    assert main(["pairs", str(path), "--session", str(held), "--seed", "11"]) == 0
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert sorted(len(line.split("\t")) for line in lines) == [2, 3]
    assert sorted(n for line in lines for n in line.split("\t")) == ["Ana", "Bo", "Cy", "Di", "Ed"]
    assert "Seed: 11" in captured.err
    # Without a seed: the stored pairs.
    assert main(["pairs", str(path), "--session", str(held)]) == 0
    assert capsys.readouterr().out.splitlines() == lines
    assert main(["pairs", str(path), "--session", str(held), "--seed", "11"]) == 0
    assert capsys.readouterr().out.splitlines() == lines


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--session", "999"], "There is no session number 999"),
        (["--session", "LATER"], "Nobody is marked present"),
        (["--session", "HELD", "--seed", "-1"], "The seed must be"),
    ],
)
def test_pairs_errors_are_one_line(small, capsys, args, message) -> None:
    path, held, later = small
    args = [a.replace("LATER", str(later)).replace("HELD", str(held)) for a in args]
    assert main(["pairs", str(path), *args]) == 1
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_ics_writes_a_calendar(small, tmp_path, capsys) -> None:
    path, held, later = small
    out = tmp_path / "plan.ics"
    assert main(["ics", str(path), "-o", str(out)]) == 0
    assert str(out) in capsys.readouterr().out
    cal = Calendar.from_ical(out.read_bytes())
    assert len(cal.walk("VEVENT")) == 2


def test_ics_and_announce_errors(small, tmp_path, capsys) -> None:
    path, held, later = small
    assert main(["ics", str(tmp_path / "nope.copdesk"), "-o", str(tmp_path / "x.ics")]) == 1
    assert "does not exist" in capsys.readouterr().err
    assert main(["ics", str(path), "-o", str(tmp_path / "no" / "x.ics")]) == 1
    assert "does not exist" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:
        main(["ics", str(path)])
    assert exc.value.code == 2
    capsys.readouterr()
    assert main(["announce", str(path), "--session", "999"]) == 1
    assert "There is no session number 999" in capsys.readouterr().err


def test_announce_prints_the_next_session(small, capsys) -> None:
    path, _held, _later = small
    assert main(["announce", str(path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Next session of Small\n") and "Topic: Later" in out


def test_commands_are_registered() -> None:
    from copdesk.cli import command_names

    assert {"sessions", "pairs", "ics", "announce"} <= set(command_names())
