"""The roster: new fields, search, journey, anonymising removal, organisations, bulk changes,
migration 0002. No Qt."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from copdesk import db as dbmod
from copdesk.errors import NotFound, ValidationError
from copdesk.migrations import HEAD
from copdesk.models import AttendanceStatus
from copdesk.services import meetings, organisations, roster
from copdesk.services.meetings import MeetingInput
from copdesk.services.organisations import OrganisationInput
from copdesk.services.roster import JourneyState as J
from copdesk.services.roster import MemberInput, SearchFilters

D = dt.date
P = AttendanceStatus.PRESENT


# -- fields ---------------------------------------------------------------------------------------


def test_new_fields_are_saved_cleaned_and_read_back(db) -> None:
    row = roster.add_member(
        db,
        MemberInput(
            name="Ana",
            pronouns=" she/her ",
            organisation=" Universidad   Popular ",
            languages=("Español", " english ", "español", ""),
            can_teach=["SQL", "maps"],
            wants_to_learn=("grants",),
            why=" To learn\r\n ",
            why_tags=("peers", "Peers"),
            may_print=False,
            may_contact=True,
        ),
    )
    assert row.pronouns == "she/her" and row.organisation == "Universidad Popular"
    assert row.languages == ("Español", "english")  # duplicates (ignoring case/accents) dropped
    assert row.can_teach == ("SQL", "maps") and row.wants_to_learn == ("grants",)
    assert row.why == "To learn" and row.why_tags == ("peers",)
    assert (row.may_print, row.may_contact) == (False, True)
    assert roster.get_member(db, row.id) == row


def test_defaults_for_a_member_added_with_the_old_fields_only(db) -> None:
    row = roster.add_member(db, MemberInput(name="Bo"))
    assert row.pronouns == "" and row.languages == () and row.why_tags == ()
    assert row.may_print is True and row.may_contact is True  # as before consent was recorded


def test_updating_with_the_old_fields_keeps_the_new_ones(db) -> None:
    # The current member dialog only knows the first seven fields.
    row = roster.add_member(
        db, MemberInput(name="Ana", pronouns="she/her", can_teach=("SQL",), may_contact=False)
    )
    updated = roster.update_member(db, row.id, MemberInput(name="Ana M.", organisation="Lib"))
    assert updated.name == "Ana M." and updated.organisation == "Lib"
    assert updated.pronouns == "she/her" and updated.can_teach == ("SQL",)
    assert updated.may_contact is False
    # …and undo (update with the old row) puts everything back.
    assert roster.update_member(db, row.id, row.as_input()) == row


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (MemberInput(name="A", can_teach=("a;b",)), "can_teach"),
        (MemberInput(name="A", languages=("x" * 101,)), "languages"),
        (MemberInput(name="A", pronouns="p" * 51), "pronouns"),
        (MemberInput(name="A", organisation="o" * 201), "organisation"),
        (MemberInput(name="A", why_tags=tuple(str(i) for i in range(51))), "why_tags"),
    ],
)
def test_invalid_new_fields_are_refused(db, data, field) -> None:
    with pytest.raises(ValidationError) as err:
        roster.add_member(db, data)
    assert err.value.field == field
    assert roster.list_members(db) == []


def test_a_failed_write_leaves_the_session_usable(db, monkeypatch) -> None:
    roster.add_member(db, MemberInput(name="Ana"))

    def boom(*_a, **_k):
        raise RuntimeError("disk gone")

    monkeypatch.setattr(roster, "refresh_search_text", boom)
    with pytest.raises(RuntimeError):
        roster.add_member(db, MemberInput(name="Bo", organisation="New Org"))
    monkeypatch.undo()
    assert [m.name for m in roster.list_members(db)] == ["Ana"]
    assert organisations.list_organisations(db) == []


# -- search ---------------------------------------------------------------------------------------


@pytest.fixture
def people(db) -> dict[str, int]:
    add = lambda **kw: roster.add_member(db, MemberInput(**kw)).id  # noqa: E731
    ids = {
        "jose": add(
            name="José Ramírez",
            preferred_name="Pepe",
            email="jose@example.org",
            organisation="Universidad Popular",
            can_teach=("Facilitación",),
        ),
        "muller": add(
            name="Jürgen Müller",
            email="jm@example.de",
            organisation="Makerspace Nord",
            can_teach=("soldering",),
            wants_to_learn=("Spanish",),
        ),
        "huong": add(name="Nguyễn Thị Hương", organisation="City Health Department"),
        "sara": add(
            name="سارة الخطيب",
            organisation="Universidad Popular",
            can_teach=("Arabic calligraphy",),
        ),
        "hanako": add(name="山田 花子", preferred_name="花子", email="hanako@example.jp"),
    }
    return ids


def test_search_ignores_case_and_accents_across_fields(db, people) -> None:
    s = lambda text, **kw: roster.search_members(db, text, SearchFilters(**kw))  # noqa: E731
    assert s("jose") == [people["jose"]]
    assert s("RAMIREZ pepe") == [people["jose"]]
    assert s("muller") == s("MÜLLER") == [people["muller"]]
    assert s("nguyen huong") == [people["huong"]]
    assert s("popular") == [people["jose"], people["sara"]]  # organisation
    assert s("example.jp") == [people["hanako"]]  # email
    assert s("花子") == [people["hanako"]]
    assert s("سارة") == [people["sara"]]
    assert s("facilitacion") == [people["jose"]]  # can teach
    assert s("spanish") == [people["muller"]]  # wants to learn
    assert s("") == sorted(people.values())
    assert s("nobody") == []


def test_search_filters(db, people) -> None:
    today = D(2026, 3, 1)
    roster.add_role(db, [people["jose"], people["huong"]], "host", D(2026, 1, 1))
    roster.add_role(db, [people["sara"]], "host", D(2025, 1, 1), D(2025, 6, 1))  # ended
    s = lambda text="", **kw: roster.search_members(  # noqa: E731
        db, text, SearchFilters(today=today, **kw)
    )
    assert s(role="host") == [people["jose"], people["huong"]]
    assert s("jose", role="host") == [people["jose"]]
    assert s(role="nonexistent role") == []
    org = next(o for o in organisations.list_organisations(db) if o.name == "Universidad Popular")
    assert s(organisation_id=org.id) == [people["jose"], people["sara"]]
    assert s(can_teach="CALLIGRAPHY") == [people["sara"]]
    assert s(can_teach="spanish") == []  # wants to learn is not can teach
    # Filters together: everyone passing all of them.
    assert s(role="host", organisation_id=org.id) == [people["jose"]]
    assert s(role="host", can_teach="calligraphy") == []
    roster.add_role(db, [people["hanako"]], "host", D(2026, 3, 2))  # from tomorrow
    assert s(role="host") == [people["jose"], people["huong"]]
    roster.set_journey(db, [people["muller"]], J.MOVED_ON, D(2026, 2, 1), today=today)
    assert s(journey=J.MOVED_ON) == [people["muller"]]
    states = roster.journey_states(db, today)
    assert roster.search_members(db, "m", SearchFilters(journey=J.MOVED_ON), journeys=states) == [
        people["muller"]
    ]


def test_an_edit_updates_the_search_index_in_place(db, people) -> None:
    """Adding or editing one member patches the in-memory index (no re-read of everyone);
    any other change since the index was read makes the next search read it all again."""
    engine = db.get_bind()
    assert roster.search_members(db, "jose") == [people["jose"]]
    index = roster._indexes[engine]
    roster.update_member(db, people["jose"], MemberInput(name="Josefa Ramírez", email="j@x.org"))
    assert roster._indexes[engine] is index  # patched, not read again
    assert roster.search_members(db, "josefa") == [people["jose"]]
    assert roster.search_members(db, "jose@example") == []  # the old address is gone
    new = roster.add_member(db, MemberInput(name="Zaid Haddad", can_teach=("bookbinding",))).id
    assert roster._indexes[engine] is index
    assert roster.search_members(db, "bookbind") == [new]
    assert roster.search_members(db, "", SearchFilters(can_teach="bookbinding")) == [new]
    # A change the index cannot follow (a removal) before the next edit: read again, right.
    roster.remove_member(db, people["sara"])
    roster.update_member(db, new, MemberInput(name="Zaid Haddad", email="zaid@example.org"))
    assert roster.search_members(db, "sara") == []
    assert roster._indexes[engine] is not index
    assert roster.search_members(db, "zaid@") == [new]
    # Every member, as a fresh read of the file would find them.
    fresh = roster._indexes[engine]
    assert roster.search_members(db, "") == sorted(fresh.ids)
    rows = roster.driver_rows(db, "SELECT id FROM members WHERE anonymous = 0 ORDER BY id")
    assert roster.search_members(db, "") == [mid for (mid,) in rows]


def test_search_follows_an_organisation_rename(db, people) -> None:
    org = next(o for o in organisations.list_organisations(db) if o.name == "Makerspace Nord")
    organisations.rename_organisation(db, org.id, "Werkstatt Süd")
    assert roster.search_members(db, "werkstatt sud") == [people["muller"]]
    assert roster.search_members(db, "makerspace") == []


# -- journey --------------------------------------------------------------------------------------

WEEKS = [D(2026, 1, 6) + dt.timedelta(weeks=i) for i in range(12)]


@pytest.mark.parametrize(
    ("present", "events", "state"),
    [
        (WEEKS[:1], (), J.ARRIVED),  # hmm, one visit then ten absences: see next case
        (WEEKS[-2:], (), J.ARRIVED),  # two visits, the last two sessions
        (WEEKS, (), J.ACTIVE),
        (WEEKS[:9], (), J.QUIET),  # missed the last 3, usually every week
        (WEEKS[:10], (), J.ACTIVE),  # missed only 2
        (WEEKS[0:10:3], (), J.ACTIVE),  # every third week: missing 2 is usual
        (WEEKS[0:6:3], (), J.QUIET),  # every third week, now 8 missed (≥ 2 × 3)
        (WEEKS[0:7:3], (), J.ACTIVE),  # … 5 missed is not yet twice their rhythm
        (WEEKS[:4] + WEEKS[10:], (), J.WELCOMED_BACK),  # came back after 6 missed
        (WEEKS[:4] + WEEKS[8:], (), J.ACTIVE),  # back for 4 sessions: active again
        (WEEKS, (("moved_on", WEEKS[-1] + dt.timedelta(days=1)),), J.MOVED_ON),
        (WEEKS[:5], (("moved_on", WEEKS[5]),), J.MOVED_ON),  # moved on wins over quiet
        (WEEKS[:5] + WEEKS[11:], (("moved_on", WEEKS[5]),), J.WELCOMED_BACK),  # came anyway
        (WEEKS[:5], (("moved_on", WEEKS[5]), ("returned", WEEKS[11])), J.WELCOMED_BACK),
    ],
)
def test_journey_on_hand_made_histories(present, events, state) -> None:
    if present == WEEKS[:1]:
        state = J.QUIET  # one visit then eleven sessions missed is quiet, not arrived
    assert roster.derive_journey(WEEKS, present, events=events) == state


def test_journey_counts_absences_only_since_joining() -> None:
    assert roster.derive_journey(WEEKS, [], joined_on=WEEKS[10]) == J.ARRIVED
    assert roster.derive_journey(WEEKS, [], joined_on=WEEKS[5]) == J.QUIET
    assert roster.derive_journey([], [], joined_on=None) == J.ARRIVED


def test_journey_from_the_database_and_setting_it_in_bulk(db) -> None:
    a = roster.add_member(db, MemberInput(name="Ana")).id
    b = roster.add_member(db, MemberInput(name="Bo")).id
    c = roster.add_member(db, MemberInput(name="Cy")).id
    for day in WEEKS[:6]:
        m = meetings.add_meeting(db, MeetingInput(day, dt.time(18)))
        meetings.set_attendance(db, m.id, {a: P, b: P} if day < WEEKS[2] else {a: P})
    meetings.add_meeting(db, MeetingInput(WEEKS[8], dt.time(18)))  # future: not held yet
    today = WEEKS[6]
    assert roster.journey_states(db, today) == {a: J.ACTIVE, b: J.QUIET, c: J.QUIET}

    change = roster.set_journey(db, [a, b], J.MOVED_ON, WEEKS[6], note="New job", today=today)
    assert change.changed == (a, b)
    assert roster.journey_states(db, today)[a] == J.MOVED_ON
    again = roster.set_journey(db, [a, b, c], "moved_on", WEEKS[6], today=today)
    assert again.changed == (c,) and set(again.unchanged) == {a, b}
    back = roster.set_journey(db, [b], J.WELCOMED_BACK, WEEKS[6], today=today)
    assert roster.journey_states(db, today)[b] == J.WELCOMED_BACK
    assert [k for k, _d, _n in roster.journey_history(db, b)] == ["moved_on", "returned"]
    roster.undo_bulk(db, back)
    assert roster.journey_states(db, today)[b] == J.MOVED_ON
    with pytest.raises(ValidationError):
        roster.set_journey(db, [a], J.QUIET, today=today)
    with pytest.raises(ValidationError):
        roster.set_journey(db, [a], "gone fishing", today=today)
    with pytest.raises(NotFound):
        roster.set_journey(db, [a, 999], J.MOVED_ON, today=today)
    assert roster.journey_states(db, today)[c] == J.MOVED_ON  # the refused call changed nothing


# -- roles ----------------------------------------------------------------------------------------


def test_roles_with_history_and_bulk_add_and_end(db) -> None:
    a = roster.add_member(db, MemberInput(name="Ana")).id
    b = roster.add_member(db, MemberInput(name="Bo")).id
    added = roster.add_role(db, [a, b], "convener", D(2026, 1, 1))
    assert len(added.created_spans) == 2
    assert roster.add_role(db, [a], "convener", D(2026, 2, 1)).changed == ()  # already holds it
    ended = roster.end_role(db, [a, b], "convener", D(2026, 6, 30))
    assert ended.changed == (a, b)
    roster.add_role(db, [a], "convener", D(2026, 9, 1), note="second term")
    spans = roster.get_member(db, a).roles
    assert [(s.role, s.starts_on, s.ends_on) for s in spans] == [
        ("convener", D(2026, 1, 1), D(2026, 6, 30)),
        ("convener", D(2026, 9, 1), None),
    ]
    assert spans[0].label == "convener"
    assert [s.role for s in roster.get_member(db, a).current_roles(D(2026, 7, 15))] == []
    roster.undo_bulk(db, ended)
    assert roster.get_member(db, b).roles[0].ends_on is None
    with pytest.raises(ValidationError):
        roster.end_role(db, [b], "convener", D(2025, 1, 1))  # before it started
    with pytest.raises(ValidationError):
        roster.add_role(db, [a], "host", D(2026, 1, 2), D(2026, 1, 1))


def test_roles_the_group_defines(db) -> None:
    a = roster.add_member(db, MemberInput(name="Ana")).id
    roster.add_custom_role(db, "Welcomer")
    with pytest.raises(ValidationError):
        roster.add_custom_role(db, "welcomer")
    with pytest.raises(ValidationError):
        roster.add_custom_role(db, "Host")  # a built-in role
    roster.add_role(db, [a], "welcomer", D(2026, 1, 1))
    assert [r.role for r in roster.list_roles(db)] == [
        "convener",
        "host",
        "presenter",
        "note_taker",
        "pairing_helper",
        "Welcomer",
    ]
    assert roster.get_member(db, a).roles[0].label == "Welcomer"


# -- removing a person keeps anonymous counts ------------------------------------------------------


def counts(db) -> list[tuple[int, int]]:
    return [(m.id, m.present_count) for m in meetings.list_meetings(db)]


def test_removal_keeps_counts_and_restore_puts_everything_back(db) -> None:
    ana = roster.add_member(
        db,
        MemberInput(
            name="Ana",
            email="ana@example.org",
            organisation="Lib",
            can_teach=("SQL",),
            why_tags=("peers",),
            pronouns="she/her",
        ),
    )
    bo = roster.add_member(db, MemberInput(name="Bo"))
    cy = roster.add_member(db, MemberInput(name="Cy"))
    m1 = meetings.add_meeting(db, MeetingInput(WEEKS[0], dt.time(18), convener_id=ana.id))
    m2 = meetings.add_meeting(db, MeetingInput(WEEKS[1], dt.time(18), host_id=ana.id))
    meetings.set_attendance(db, m1.id, {ana.id: P, bo.id: P, cy.id: "apologised"})
    meetings.set_attendance(db, m2.id, {ana.id: "apologised", bo.id: P, cy.id: P})
    roster.add_role(db, [ana.id], "host", WEEKS[0])
    roster.set_journey(db, [ana.id], J.MOVED_ON, WEEKS[2], note="bye", today=WEEKS[3])
    ana = roster.get_member(db, ana.id)
    before = counts(db)

    removed = roster.remove_member(db, ana.id)
    assert counts(db) == before  # present counts unchanged
    assert [m.name for m in roster.list_members(db)] == ["Bo", "Cy"]
    assert roster.search_members(db, "") == [bo.id, cy.id]
    with pytest.raises(NotFound):
        roster.get_member(db, ana.id)

    # No trace of her personal data is left in the tables.
    def con(sql, *args):
        return db.connection().exec_driver_sql(sql, *args)

    assert con("SELECT count(*) FROM members WHERE name = 'Ana' OR email != ''").scalar() == 0
    assert con("SELECT count(*) FROM member_items").scalar() == 0
    assert con("SELECT count(*) FROM journey_events").scalar() == 0
    assert meetings.get_meeting(db, m1.id).meeting.convener_id is None
    # Two people removed from the same sessions: the counts still hold.
    removed_bo = roster.remove_member(db, bo.id)
    assert counts(db) == before
    assert con("SELECT count(*) FROM members WHERE anonymous").scalar() == 2

    back = roster.restore_member(db, removed)
    assert back == ana
    assert counts(db) == before
    assert meetings.get_meeting(db, m1.id).meeting.convener_id == ana.id
    assert meetings.get_meeting(db, m2.id).meeting.host_id == ana.id
    assert roster.journey_history(db, ana.id) == [("moved_on", WEEKS[2], "bye")]
    roster.restore_member(db, removed_bo)
    assert con("SELECT count(*) FROM members WHERE anonymous").scalar() == 0
    assert counts(db) == before
    with pytest.raises(ValidationError):
        roster.restore_member(db, removed)


def test_placeholders_do_not_follow_one_person(db) -> None:
    people = [roster.add_member(db, MemberInput(name=n)).id for n in ("A", "B", "C")]
    ms = [meetings.add_meeting(db, MeetingInput(d, dt.time(18))).id for d in WEEKS[:2]]
    meetings.set_attendance(db, ms[0], {people[0]: P, people[1]: P})
    meetings.set_attendance(db, ms[1], {people[1]: P, people[2]: P})
    roster.remove_member(db, people[0])
    roster.remove_member(db, people[1])
    # B's two sessions went to different placeholders: no row holds one person's pattern.
    rows = (
        db.connection()
        .exec_driver_sql(
            "SELECT meeting_id, member_id FROM attendance WHERE member_id NOT IN (?) ORDER BY 1, 2",
            (people[2],),
        )
        .all()
    )
    placeholders = sorted({pid for _m, pid in rows})
    assert len(placeholders) == 2 and rows == [
        (ms[0], placeholders[0]),
        (ms[0], placeholders[1]),
        (ms[1], placeholders[0]),
    ]


# -- organisations --------------------------------------------------------------------------------


def test_organisations_list_add_rename_merge_remove(db) -> None:
    a = roster.add_member(db, MemberInput(name="Ana", organisation="Riverside Library")).id
    b = roster.add_member(db, MemberInput(name="Bo", organisation="riverside library")).id
    c = roster.add_member(db, MemberInput(name="Cy", organisation="Biblioteca Ribera")).id
    orgs = {o.name: o for o in organisations.list_organisations(db)}
    assert set(orgs) == {"Riverside Library", "Biblioteca Ribera"}  # one, ignoring case
    assert orgs["Riverside Library"].member_count == 2
    with pytest.raises(ValidationError):
        organisations.add_organisation(db, OrganisationInput("RIVERSIDE LIBRARY"))
    union = organisations.add_organisation(db, OrganisationInput("Tenants' Union", "union"))
    assert union.member_count == 0 and union.kind == "union"

    merged = organisations.merge_organisations(
        db, orgs["Riverside Library"].id, orgs["Biblioteca Ribera"].id
    )
    assert merged.kept.member_count == 3
    assert {roster.get_member(db, i).organisation for i in (a, b, c)} == {"Riverside Library"}
    organisations.unmerge_organisations(db, merged)
    assert roster.get_member(db, c).organisation == "Biblioteca Ribera"

    removed = organisations.remove_organisation(db, orgs["Riverside Library"].id)
    assert roster.get_member(db, a).organisation == "" and roster.count_members(db) == 3
    assert roster.search_members(db, "riverside") == []
    organisations.restore_organisation(db, removed)
    assert roster.get_member(db, b).organisation == "Riverside Library"
    with pytest.raises(ValidationError):
        organisations.merge_organisations(db, union.id, union.id)
    with pytest.raises(NotFound):
        organisations.rename_organisation(db, 999, "X")


def test_connected_organisations_most_members_first(db) -> None:
    for name, org in [("A", "Lib"), ("B", "Lib"), ("C", "Coop"), ("D", "Coop"), ("E", "Coop")]:
        roster.add_member(db, MemberInput(name=name, organisation=org))
    organisations.add_organisation(db, OrganisationInput("Empty"))
    gone = roster.search_members(db, "e")[0]
    roster.set_journey(db, [gone], J.MOVED_ON, WEEKS[0], today=WEEKS[1])
    rows = organisations.connected_organisations(db)
    assert [(r.name, r.member_count, r.current_count) for r in rows] == [
        ("Coop", 3, 2),
        ("Lib", 2, 2),  # ties on current members: more members ever first
    ]


def test_organisations_sort_by_language(db) -> None:
    for name in ("Zeta", "Åkersberga bibliotek", "Alfa"):
        organisations.add_organisation(db, OrganisationInput(name))
    assert [o.name for o in organisations.list_organisations(db, "sv_SE")][-1] == (
        "Åkersberga bibliotek"
    )


# -- migration 0002 -------------------------------------------------------------------------------


def test_migration_0002_upgrades_a_0001_file_with_data(cfile) -> None:
    path = cfile.path
    dbmod.downgrade(cfile.engine, "0001")
    cfile.close()
    con = sqlite3.connect(path)
    con.execute("PRAGMA foreign_keys = ON")
    con.executemany(
        "INSERT INTO members (id, name, preferred_name, email, phone, organisation, notes) "
        "VALUES (?, ?, '', ?, '', ?, '')",
        [
            (1, "José Ramírez", "jose@example.org", "Universidad Popular"),
            (2, "Ana", "", "universidad popular "),
            (3, "Bo", "", ""),
            (4, "Chen Wei", "", "Open Data Cooperative"),
        ],
    )
    con.execute(
        "INSERT INTO meetings (id, date, start_time, place, topic, convener_id, host_id, notes) "
        "VALUES (1, '2026-01-06', '18:00:00', '', '', 1, 4, '')"
    )
    con.executemany("INSERT INTO attendance VALUES (1, ?, 'present')", [(1,), (2,), (3,)])
    con.commit()
    con.close()
    assert dbmod.read_revision(path) == "0001"

    reopened = dbmod.open_community(path)
    try:
        assert dbmod.read_revision(path) == HEAD
        with reopened.session() as db:
            orgs = organisations.list_organisations(db)
            assert [(o.name, o.member_count) for o in orgs] == [
                ("Open Data Cooperative", 1),
                ("Universidad Popular", 2),
            ]
            rows = {m.id: m for m in roster.list_members(db)}
            assert rows[2].organisation == "Universidad Popular" and rows[3].organisation == ""
            assert rows[1].may_print and rows[1].may_contact and rows[1].languages == ()
            # Attendance and session roles survived the copy of the members table.
            session = meetings.get_meeting(db, 1).meeting
            assert session.present_count == 3
            assert (session.convener_id, session.host_id) == (1, 4)
            assert roster.search_members(db, "popular jose") == [1]
    finally:
        reopened.close()


def test_downgrade_to_0001_keeps_attendance_and_organisation_text(cfile) -> None:
    with cfile.session() as db:
        a = roster.add_member(db, MemberInput(name="Ana", organisation="Lib", can_teach=("x",)))
        m = meetings.add_meeting(db, MeetingInput(WEEKS[0], dt.time(18), host_id=a.id))
        meetings.set_attendance(db, m.id, {a.id: P})
    dbmod.downgrade(cfile.engine, "0001")
    with cfile.engine.connect() as con:
        assert con.exec_driver_sql("SELECT organisation FROM members").all() == [("Lib",)]
        assert con.exec_driver_sql("SELECT count(*) FROM attendance").scalar() == 1
        assert con.exec_driver_sql("SELECT host_id FROM meetings").scalar() == a.id


def test_demo_shows_the_new_roster(tmp_path: Path) -> None:
    from copdesk.demo import write_demo

    today = D(2026, 11, 24)
    path = write_demo(tmp_path / "demo.copdesk", today=today)
    with dbmod.open_community(path) as cfile, cfile.session() as db:
        rows = roster.list_members(db)
        states = roster.journey_states(db, today)
        orgs = organisations.list_organisations(db)
        assert all(o.kind for o in orgs) and len(orgs) == 7
        assert sum(1 for r in rows if r.pronouns) >= 5
        assert all(r.languages and r.can_teach and r.why_tags for r in rows)
        assert any(not r.may_print for r in rows) and any(not r.may_contact for r in rows)
        assert sum(1 for s in states.values() if s == J.MOVED_ON) == 2
        assert J.WELCOMED_BACK in states.values()
        assert any(s.ends_on for r in rows for s in r.roles)  # role history
        assert "welcomer" in {s.role for r in rows for s in r.roles}
        assert len({r.name[0] for r in rows}) > 20  # several scripts, as before


def test_search_index_follows_typing_backspace_and_every_commit(db, people) -> None:
    from copdesk.collation import fold

    def by_sql(text: str) -> list[int]:
        words = fold(text).split()
        sql = "SELECT id FROM members WHERE NOT anonymous" + (
            " AND instr(search_text, ?) > 0" * len(words)
        )
        return [r[0] for r in db.connection().exec_driver_sql(sql + " ORDER BY id", tuple(words))]

    # The in-memory index narrows while typing on, and widens back on backspace.
    for text in ["m", "mu", "mul", "mu", "m", "", "j", "jo", "jo p", "jo pe", "jo", "popular a"]:
        assert roster.search_members(db, text) == by_sql(text), text
    assert roster.search_members(db, "mul") == [people["muller"]]
    assert roster.search_members(db, "jo pe") == [people["jose"]]
    # A change committed by any code through the same engine is seen at once.
    db.connection().exec_driver_sql(
        "UPDATE members SET search_text = 'zzz' WHERE id = ?", (people["sara"],)
    )
    db.commit()
    assert roster.search_members(db, "zzz") == [people["sara"]]
