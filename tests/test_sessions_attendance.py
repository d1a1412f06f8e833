"""Check-in helpers, contributions, and the searchable resource list."""

from __future__ import annotations

import datetime as dt

import pytest

from copdesk.errors import ValidationError
from copdesk.models import AttendanceStatus
from copdesk.models.meeting import ContributionKind
from copdesk.services import attendance, meetings, resources, roster
from copdesk.services.attendance import Candidate
from copdesk.services.meetings import MeetingInput

D = dt.date
P = AttendanceStatus.PRESENT


@pytest.fixture
def people(db) -> dict[str, int]:
    names = [
        ("Ana María Gutiérrez", "Ana"),
        ("José Ramírez", "Pepe"),
        ("Søren Nielsen", ""),
        ("Anabel Ruiz", ""),
        ("Nguyễn Thị Hương", "Hương"),
    ]
    return {
        n: roster.add_member(db, roster.MemberInput(name=n, preferred_name=p)).id for n, p in names
    }


def session(db, day: dt.date = D(2026, 3, 3)) -> int:  # noqa: B008
    return meetings.add_meeting(db, MeetingInput(day, dt.time(18))).id


def test_type_ahead_ranks_prefixes_first_and_ignores_accents(db, people) -> None:
    got = [c.full_name for c in attendance.search_roster(db, "ana")]
    assert got[:2] == ["Ana María Gutiérrez", "Anabel Ruiz"]
    assert [c.full_name for c in attendance.search_roster(db, "ramirez")] == ["José Ramírez"]
    assert [c.full_name for c in attendance.search_roster(db, "SOREN")] == ["Søren Nielsen"]
    assert [c.name for c in attendance.search_roster(db, "huong")] == ["Hương"]
    assert [c.full_name for c in attendance.search_roster(db, "gutierrez")] == [
        "Ana María Gutiérrez"
    ]
    assert attendance.search_roster(db, "   ") == []


def test_newcomer_in_one_line(db, people) -> None:
    m = session(db)
    row = attendance.add_newcomer(db, m, "Lena Berg, Makerspace <lena@example.org>")
    assert row.status == P and row.name == "Lena Berg"
    member = roster.get_member(db, row.id)
    assert member.email == "lena@example.org" and member.organisation == "Makerspace"
    assert member.joined_on == D(2026, 3, 3)
    with pytest.raises(ValidationError):
        attendance.add_newcomer(db, m, "  <x@example.org>")


def test_same_as_last_time_is_a_start_point(db, people) -> None:
    first, second = session(db), session(db, D(2026, 3, 10))
    assert attendance.same_as_last_time(db, first) == {}
    meetings.set_attendance(
        db, first, {people["Anabel Ruiz"]: P, people["José Ramírez"]: "apologised"}
    )
    assert attendance.same_as_last_time(db, second) == {people["Anabel Ruiz"]: P}
    assert attendance.attendance_sheet(db, second) == []  # nothing saved


def test_paper_sheet_matches_reports_and_marks_present(db, people) -> None:
    m = session(db)
    attendance.check_in(db, m, people["Søren Nielsen"], AttendanceStatus.APOLOGISED)
    attendance.check_in(db, m, people["Nguyễn Thị Hương"])
    result = attendance.bulk_check_in(
        db, m, ["pepe", "Soren Nielsen", "an", "Nguyen Thi Huong", "Zoe Quinn", "", "jose r", "ANA"]
    )
    assert dict(result.matched) == {
        "ANA": people["Ana María Gutiérrez"],  # exactly her preferred name
        "pepe": people["José Ramírez"],
        "Soren Nielsen": people["Søren Nielsen"],
        "Nguyen Thi Huong": people["Nguyễn Thị Hương"],
        "jose r": people["José Ramírez"],
    }
    assert result.unmatched == ("Zoe Quinn",)
    assert result.ambiguous == (
        ("an", tuple(sorted((people["Ana María Gutiérrez"], people["Anabel Ruiz"])))),
    )
    assert result.already == (people["Nguyễn Thị Hương"],)
    sheet = {r.id: r.status for r in attendance.attendance_sheet(db, m)}
    assert sheet[people["Søren Nielsen"]] == P and people["Anabel Ruiz"] not in sheet
    assert sheet[people["Ana María Gutiérrez"]] == P


def test_match_names_is_pure() -> None:
    people = [Candidate(1, "Ana", "Ana Gómez"), Candidate(2, "Ana", "Ana Ruiz")]
    result = attendance.match_names(["Ana Ruiz", "ana g", "Ana"], people)
    assert result.matched == (("Ana Ruiz", 2), ("ana g", 1))
    assert result.ambiguous == (("Ana", (1, 2)),)


def test_contributions_shared_and_taken(db, people) -> None:
    m1, m2 = session(db), session(db, D(2026, 3, 10))
    ana = people["Ana María Gutiérrez"]
    meetings.set_attendance(db, m1, {ana: P})
    meetings.set_attendance(db, m2, {ana: P})
    attendance.set_contributions(db, m1, ana, ["presented", ContributionKind.BROUGHT_FOOD])
    attendance.set_contributions(db, m2, ana, [ContributionKind.ASKED_FOR_HELP, "learned"])
    summary = attendance.contribution_summary(db, ana)
    assert (summary.sessions_present, summary.shared, summary.took) == (2, 2, 4)
    assert attendance.is_shared("demoed") and not attendance.is_shared("learned")
    with pytest.raises(ValidationError):
        attendance.set_contributions(db, m1, ana, ["juggled"])


def test_resources_per_session_and_searchable(db, people) -> None:
    m = session(db)
    pepe = people["José Ramírez"]
    resources.add_resource(
        db,
        resources.ResourceInput(
            "Guía del Café de Reparación",
            "https://example.org/cafe",
            pepe,
            ("Repair", "repair ", "ES"),
            m,
            D(2026, 3, 3),
        ),
    )
    resources.add_resource(
        db, resources.ResourceInput("Asset map template", "/docs/map.odt", added_on=D(2026, 3, 4))
    )
    assert [r.title for r in resources.list_resources(db)] == [
        "Asset map template",
        "Guía del Café de Reparación",
    ]
    (only,) = resources.list_resources(db, m)
    assert (
        only.tags == ("Repair", "ES")
        and only.shared_by_name == "Pepe"
        and only.meeting_date == D(2026, 3, 3)
    )
    assert [r.title for r in resources.search_resources(db, "guia cafe")] == [
        "Guía del Café de Reparación"
    ]
    assert [r.title for r in resources.search_resources(db, "PEPE repair")] == [
        "Guía del Café de Reparación"
    ]
    assert [r.title for r in resources.search_resources(db, "odt")] == ["Asset map template"]
    assert resources.search_resources(db, "zzz") == []
    with pytest.raises(ValidationError):
        resources.add_resource(db, resources.ResourceInput(" "))
