"""Participation on hand-made histories: quiet vs travelling, returns, streaks, newcomers and
returners, share and take, natural presenters, cross-organisation pairs, reach out; and the
demo's numbers checked against a computation made here from the attendance records alone."""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter, defaultdict
from itertools import combinations

import pytest
from sqlalchemy import text

from copdesk.errors import ValidationError
from copdesk.models import AttendanceStatus, Meeting
from copdesk.models.meeting import ContributionKind, MeetingStatus
from copdesk.models.planning import PairGroup, PairGroupMember
from copdesk.services import attendance, meetings, participation, potluck, roster
from copdesk.services.roster import JourneyState

P, A = AttendanceStatus.PRESENT, AttendanceStatus.APOLOGISED
FIRST = dt.date(2025, 1, 7)  # a Tuesday
TODAY = dt.date(2026, 3, 2)


def weeks(n: int, start: dt.date = FIRST) -> list[dt.date]:
    return [start + dt.timedelta(weeks=k) for k in range(n)]


def S(n: int) -> list[dt.date]:  # noqa: N802 - sessions
    return weeks(n)


# -- the rule, pure ---------------------------------------------------------------------------------


def test_a_regular_who_misses_two_is_active_three_is_quiet() -> None:
    held = S(12)
    assert participation.derive_journey(held, held[:10]) == JourneyState.ACTIVE
    assert participation.derive_journey(held, held[:9]) == JourneyState.QUIET


def test_quiet_is_relative_to_a_members_own_rhythm() -> None:
    monthly = S(24)[0:24:4]  # every 4th session: usual gap 4, quiet after 8 missed
    assert monthly[-1] == S(24)[20]
    held = S(28)  # last visit at 20, 7 missed: fine for a monthly visitor
    assert participation.derive_journey(held, monthly) == JourneyState.ACTIVE
    held = S(29)  # 8 missed: now quiet
    assert participation.derive_journey(held, monthly) == JourneyState.QUIET


def test_a_traveller_is_quiet_while_away_and_welcomed_back_then_active() -> None:
    held = S(40)
    before = held[:12]  # every week for three months
    away = held[12:28]  # four months travelling
    assert len(away) == 16
    assert participation.derive_journey(held[:28], before) == JourneyState.QUIET
    back = [*before, held[28]]
    assert participation.derive_journey(held[:29], back) == JourneyState.WELCOMED_BACK
    assert participation.derive_journey(held[:30], [*back, held[29]]) == JourneyState.WELCOMED_BACK
    three = [*back, held[29], held[30]]
    assert participation.derive_journey(held[:31], three) == JourneyState.ACTIVE


def test_a_traveller_with_few_visits_comes_back_welcomed_not_arrived() -> None:
    """The refinement: the roster's rule measures the usual gap with the long absence in it."""
    held = S(22)
    visits = [held[0], held[21]]  # came once, travelled 20 weeks, came back
    assert roster.derive_journey(held, visits) == JourneyState.ARRIVED  # the gap hid the return
    assert participation.derive_journey(held, visits) == JourneyState.WELCOMED_BACK
    held = S(25)
    # quiet and moved on are the roster's decisions, unchanged
    for n in range(2, 25):
        a = roster.derive_journey(held[:n], [v for v in visits if v <= held[n - 1]])
        b = participation.derive_journey(held[:n], [v for v in visits if v <= held[n - 1]])
        assert (a == JourneyState.QUIET) == (b == JourneyState.QUIET)


def test_moved_on_and_recorded_return() -> None:
    held = S(10)
    events = [("moved_on", held[5])]
    assert participation.derive_journey(held, held[:5], events=events) == JourneyState.MOVED_ON
    assert (
        participation.derive_journey(held, [*held[:5], held[9]], events=events)
        == JourneyState.WELCOMED_BACK
    )


def test_rhythm_counts_usual_gap_and_missed() -> None:
    held = S(20)
    r = participation.rhythm(held, [held[0], held[2], held[4], held[6]])
    assert (r.visits, r.usual_gap, r.quiet_after, r.missed) == (4, 2, 4, 13)
    assert r.last_present == held[6]


# -- from a file ------------------------------------------------------------------------------------


def member(db, name: str, org: str = "", teach=(), learn=(), **extra) -> int:  # noqa: ANN001
    return roster.add_member(
        db,
        roster.MemberInput(
            name=name,
            organisation=org,
            can_teach=tuple(teach),
            wants_to_learn=tuple(learn),
            joined_on=FIRST,
            **extra,
        ),
    ).id


def sessions(db, days: list[dt.date]) -> list[int]:  # noqa: ANN001
    return [
        meetings.add_meeting(db, meetings.MeetingInput(date=d, start_time=dt.time(18, 0))).id
        for d in days
    ]


def test_newcomers_returners_and_streak(db) -> None:  # noqa: ANN001
    days = S(12)
    ids = sessions(db, days)
    ana, bo, cy = member(db, "Ana"), member(db, "Bo"), member(db, "Cy")
    for k, mid in enumerate(ids):
        if k == 6:
            continue  # no attendance recorded: not held
        statuses = {ana: P}
        if k >= 2:
            statuses[bo] = P  # Bo arrives at session 2
        if k in (0, 1, 9):
            statuses[cy] = P  # Cy comes twice, goes quiet, comes back at 9
        if k in (4, 5):
            statuses[cy] = A
        meetings.set_attendance(db, mid, statuses)
    cancelled = db.get(Meeting, ids[10])
    cancelled.status = MeetingStatus.CANCELLED
    db.commit()
    ov = participation.overview(db, TODAY)
    by_day = {p.date: p for p in ov.sessions}
    assert days[6] not in by_day and days[10] not in by_day
    assert by_day[days[0]].newcomers == 2  # Ana and Cy
    assert by_day[days[2]].newcomers == 1  # Bo
    assert by_day[days[9]].returners == 1  # Cy, quiet since missing 2..8 (held: 2,3,4,5,7,8)
    assert ov.newcomers == 3 and ov.returners == 1
    assert by_day[days[4]].apologised == 1
    # streak: 12 scheduled, the 11th cancelled: the current run is the 12th alone
    assert (ov.streak.current, ov.streak.longest, ov.streak.cancelled) == (1, 10, 1)
    assert by_day[days[11]].streak == 1 and by_day[days[9]].streak == 10
    # the band of a session is the potluck forecast of the sessions before it
    counts = [p.present for p in ov.sessions]
    band = potluck.forecast(counts[:5])
    assert (ov.sessions[5].forecast_low, ov.sessions[5].forecast_high) == (band.low, band.high)
    assert ov.sessions[0].forecast_low is None
    # the period
    part = participation.overview(db, TODAY, days[2], days[5])
    assert [p.date for p in part.sessions] == days[2:6]
    assert part.newcomers == 1
    with pytest.raises(ValidationError):
        participation.overview(db, TODAY, days[5], days[2])
    # Cy's timeline: quiet before session 9, welcomed back at it
    j = participation.member_journey(db, cy, TODAY)
    states = {m.date: m.state for m in j.marks}
    assert states[days[8]] == JourneyState.QUIET
    assert states[days[9]] == JourneyState.WELCOMED_BACK
    assert {m.date: m.status for m in j.marks}[days[4]] == A
    assert {m.date: m.status for m in j.marks}[days[3]] == AttendanceStatus.ABSENT


def test_share_and_take(db) -> None:  # noqa: ANN001
    ids = sessions(db, S(3))
    ana, bo = member(db, "Ana"), member(db, "Bo")
    for mid in ids:
        meetings.set_attendance(db, mid, {ana: P, bo: P})
    K = ContributionKind  # noqa: N806
    attendance.set_contributions(db, ids[0], ana, [K.PRESENTED, K.TAUGHT, K.BROUGHT_FOOD])
    attendance.set_contributions(db, ids[1], ana, [K.HOSTED])
    attendance.set_contributions(db, ids[0], bo, [K.ASKED_FOR_HELP, K.LEARNED, K.ATTENDED])
    attendance.set_contributions(db, ids[2], bo, [K.DEMOED])
    group, rows = participation.share_and_take(db, TODAY)
    a, b = {r.name: r for r in rows}["Ana"], {r.name: r for r in rows}["Bo"]
    assert (a.sessions_present, a.shared, a.took, a.taught, a.learned) == (3, 4, 3, 2, 0)
    # "attended" at a session they were present at counts once
    assert (b.sessions_present, b.shared, b.took, b.taught, b.learned) == (3, 1, 5, 1, 2)
    assert (group.shared, group.took, group.taught, group.learned) == (5, 8, 3, 2)
    assert a.share_ratio == pytest.approx(4 / 7)
    # a period with only the last session
    _g, rows = participation.share_and_take(db, TODAY, S(3)[2], S(3)[2])
    assert {r.name: r.shared for r in rows} == {"Ana": 0, "Bo": 1}


def test_natural_next_presenters(db) -> None:  # noqa: ANN001
    ids = sessions(db, S(2))
    ana = member(db, "Ana", teach=["Cartografía", "Grant writing"])
    member(db, "Bo", learn=["cartografia", "knitting"])
    member(db, "Cy", learn=["CARTOGRAFÍA "])
    dee = member(db, "Dee", teach=["knitting"], learn=["grant writing"])
    eve = member(db, "Eve", teach=["knitting"])  # presented already
    member(db, "Fay", teach=["Grant Writing"], learn=["grant writing"])  # only she wants it
    meetings.set_attendance(db, ids[0], {eve: P})
    attendance.set_contributions(db, ids[0], eve, [ContributionKind.PRESENTED])
    found = {p.name: p for p in participation.natural_presenters(db, TODAY)}
    assert set(found) == {"Ana", "Dee", "Fay"}
    assert [(m.topic, m.learners) for m in found["Ana"].topics] == [
        ("Cartografía", ("Bo", "Cy")),
        ("Grant writing", ("Dee", "Fay")),
    ]
    assert found["Dee"].topics[0].learners == ("Bo",)
    assert found["Fay"].topics[0].learners == ("Dee",)  # not herself
    assert next(iter(found)) == "Ana"  # most learners first
    # the presenter of a session is not new to presenting either
    m = db.get(Meeting, ids[1])
    m.presenter_id = ana
    db.commit()
    assert "Ana" not in {p.name for p in participation.natural_presenters(db, TODAY)}
    # nor is someone who moved on
    roster.set_journey(db, [dee], JourneyState.MOVED_ON, on_date=TODAY, today=TODAY)
    assert "Dee" not in {p.name for p in participation.natural_presenters(db, TODAY)}


def test_cross_organisation_pairs(db) -> None:  # noqa: ANN001
    ids = sessions(db, S(2))
    a = member(db, "A", "Library")
    b = member(db, "B", "Union")
    c = member(db, "C", "Library")
    d = member(db, "D")  # no organisation
    e = member(db, "E", "Union")
    for mid in ids:
        meetings.set_attendance(db, mid, {x: P for x in (a, b, c, d, e)})
    groups = {ids[0]: [(a, b), (c, d, e)], ids[1]: [(a, c), (b, e, d)]}
    for mid, gs in groups.items():
        for pos, g in enumerate(gs):
            group = PairGroup(meeting_id=mid, position=pos)
            db.add(group)
            db.flush()
            db.add_all(
                PairGroupMember(group_id=group.id, member_id=m, position=k) for k, m in enumerate(g)
            )
    db.commit()
    orgs = participation.organisations(db, TODAY)
    # pairs: (a,b) cross; (c,d) unknown, (c,e) cross, (d,e) unknown; (a,c) same;
    # (b,e) same, (b,d) unknown, (e,d) unknown
    assert (orgs.pairs, orgs.cross_pairs, orgs.same_pairs, orgs.unknown_pairs) == (8, 2, 2, 4)
    rows = {r.name: r for r in orgs.rows}
    assert rows["Library"].members == 2 and rows["Library"].cross_pairs == 2
    assert rows["Union"].cross_pairs == 2
    assert rows[""].members == 1  # members with no organisation
    assert orgs.represented == 2
    only_first = participation.organisations(db, TODAY, S(2)[0], S(2)[0])
    assert (only_first.pairs, only_first.cross_pairs) == (4, 2)


def test_reach_out_lists_quiet_people_and_contacted_keeps_them(db) -> None:  # noqa: ANN001
    ids = sessions(db, S(10))
    ana = member(db, "Ana", why="To learn from peers", phone="+1 555 0100")
    bo = member(db, "Bo")
    never = member(db, "Cy")  # never came: nobody to bring back
    quiet_shy = member(db, "Dee", may_contact=False, phone="+1 555 0199")
    for k, mid in enumerate(ids):
        statuses = {bo: P}
        if k < 5:
            statuses[ana] = P
        if k < 3:
            statuses[quiet_shy] = P
        meetings.set_attendance(db, mid, statuses)
    rows = participation.reach_out(db, TODAY)
    assert [r.name for r in rows] == ["Ana", "Dee"]  # most recently seen first
    first = rows[0]
    assert first.last_present == S(10)[4] and first.missed == 5 and first.usual_gap == 1
    assert first.why == "To learn from peers" and first.phone == "+1 555 0100"
    assert rows[1].phone == "" and not rows[1].may_contact
    assert never not in {r.member_id for r in rows}
    note = participation.mark_contacted(db, ana, TODAY, "  called, will come in May ")
    again = participation.reach_out(db, TODAY)
    assert [r.name for r in again] == ["Ana", "Dee"]  # never removed automatically
    assert again[0].last_contacted.note == "called, will come in May"
    participation.unmark_contacted(db, note.id)
    assert participation.contact_history(db, ana) == []
    participation.restore_contacted(db, note)
    assert participation.contact_history(db, ana) == [note]
    with pytest.raises(ValidationError):
        participation.mark_contacted(db, ana, TODAY, "x" * 3000)
    # coming back takes them off the list
    later = sessions(db, [S(10)[-1] + dt.timedelta(weeks=1)])
    meetings.set_attendance(db, later[0], {ana: P, bo: P})
    assert [r.name for r in participation.reach_out(db, TODAY)] == ["Dee"]
    # removing a person removes their contact notes with them
    roster.remove_member(db, ana)
    assert db.execute(text("SELECT count(*) FROM contacted")).scalar() == 0


def test_csv_files(db, tmp_path) -> None:  # noqa: ANN001
    ids = sessions(db, S(3))
    ana = member(db, "Ana, “the organiser”")
    for mid in ids:
        meetings.set_attendance(db, mid, {ana: P})
    ov = participation.overview(db, TODAY)
    written = participation.write_csv(ov, tmp_path)
    assert {p.name for p in written} == set(participation.csv_tables(ov))
    import csv

    with open(tmp_path / "attendance.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0][:2] == ["Date", "Present"]
    assert rows[1][:2] == [S(3)[0].isoformat(), "1"]
    with open(tmp_path / "share-take.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[2][0] == "Ana, “the organiser”"
    from copdesk.errors import FileProblem

    with pytest.raises(FileProblem):
        participation.write_csv(ov, tmp_path / "missing")


# -- the demo, checked independently ----------------------------------------------------------------


@pytest.fixture(scope="module")
def demo(tmp_path_factory):  # noqa: ANN001, ANN201
    from copdesk.demo import write_demo
    from copdesk.demo_participation import add_participation_demo

    path = write_demo(tmp_path_factory.mktemp("demo") / "demo.copdesk", today=TODAY)
    add_participation_demo(path, today=TODAY)
    return path


def test_demo_numbers_match_an_independent_count(demo) -> None:  # noqa: ANN001
    """Counts made here with plain SQL and loops, from the attendance records alone."""
    from copdesk.db import open_community

    with open_community(demo) as cfile, cfile.session() as db:
        ov = participation.overview(db, TODAY)
        con = db.connection()
        held = con.execute(
            text(
                "SELECT m.id, m.date FROM meetings m WHERE m.date <= :today "
                "AND m.status != 'cancelled' "
                "AND EXISTS (SELECT 1 FROM attendance a WHERE a.meeting_id = m.id) "
                "ORDER BY m.date, m.start_time, m.id"
            ),
            {"today": TODAY.isoformat()},
        ).all()
        rows = con.execute(text("SELECT meeting_id, member_id, status FROM attendance")).all()
        named = {
            r[0] for r in con.execute(text("SELECT id FROM members WHERE anonymous = 0")).all()
        }
        contributions = con.execute(
            text("SELECT meeting_id, member_id, kind FROM contributions")
        ).all()
        pair_rows = con.execute(
            text(
                "SELECT g.id, g.meeting_id, p.member_id FROM pair_groups g "
                "JOIN pair_group_members p ON p.group_id = g.id"
            )
        ).all()
        org_of = dict(con.execute(text("SELECT id, organisation_id FROM members")).all())

    held_ids = [m for m, _d in held]
    assert [p.meeting_id for p in ov.sessions] == held_ids
    by_meeting = defaultdict(Counter)
    for meeting_id, _member, status in rows:
        by_meeting[meeting_id][status] += 1
    assert [p.present for p in ov.sessions] == [by_meeting[m]["present"] for m in held_ids]
    assert [p.apologised for p in ov.sessions] == [by_meeting[m]["apologised"] for m in held_ids]
    assert ov.mean_present == pytest.approx(
        statistics.fmean(by_meeting[m]["present"] for m in held_ids)
    )

    # newcomers: named members present for the first time
    seen: set[int] = set()
    newcomers = []
    for m in held_ids:
        here = {mem for mid, mem, s in rows if mid == m and s == "present" and mem in named}
        newcomers.append(len(here - seen))
        seen |= here
    assert [p.newcomers for p in ov.sessions] == newcomers

    # returners: present after missing at least max(3, 2 × median gap so far) held sessions
    last_visit: dict[int, int] = {}
    positions: defaultdict[int, list[int]] = defaultdict(list)
    returners = []
    for k, m in enumerate(held_ids):
        count = 0
        for mid, mem, s in rows:
            if mid != m or s != "present" or mem not in named:
                continue
            if mem in last_visit:
                gaps = [b - a for a, b in zip(positions[mem], positions[mem][1:], strict=False)]
                usual = statistics.median_low(gaps) if gaps else 1
                if k - last_visit[mem] - 1 >= max(3, 2 * usual):
                    count += 1
            last_visit[mem] = k
            positions[mem].append(k)
        returners.append(count)
    # (the demo's journey events are all dated after its sessions, so no moved-on returns)
    assert [p.returners for p in ov.sessions] == returners

    # share and take, all members (anonymous included) over the held sessions
    held_set = set(held_ids)
    given = {(mid, mem, "attended") for mid, mem, s in rows if s == "present" and mid in held_set}
    given |= {(mid, mem, k) for mid, mem, k in contributions if mid in held_set}
    shared_kinds = {"presented", "demoed", "hosted", "brought_food", "taught"}
    assert ov.group.shared == sum(1 for g in given if g[2] in shared_kinds)
    assert ov.group.took == sum(1 for g in given if g[2] not in shared_kinds)
    assert ov.group.taught == sum(1 for g in given if g[2] in {"presented", "demoed", "taught"})
    assert ov.group.learned == sum(1 for g in given if g[2] in {"learned", "asked_for_help"})
    assert ov.group.sessions_present == sum(
        1 for mid, _mem, st in rows if st == "present" and mid in held_set
    )

    # pairs
    groups = defaultdict(list)
    for gid, mid, mem in pair_rows:
        if mid in held_set:
            groups[gid].append(mem)
    cross = sum(
        1
        for g in groups.values()
        for a, b in combinations(g, 2)
        if org_of.get(a) and org_of.get(b) and org_of[a] != org_of[b]
    )
    assert ov.organisations.cross_pairs == cross
    assert ov.organisations.pairs == sum(len(g) * (len(g) - 1) // 2 for g in groups.values())

    # the streak: no cancelled session in the demo
    assert ov.streak.current == ov.streak.scheduled == len(held_ids)

    # the demo shows something on every page
    assert ov.reach_out and ov.reach_out[0].contacts
    assert ov.presenters
    assert ov.returners > 0
