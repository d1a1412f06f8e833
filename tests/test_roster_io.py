"""Roster import and export: real spreadsheet files, problems by row, no partial import,
idempotence, formula neutralisation, round trips, header synonyms, vCard. No Qt."""

from __future__ import annotations

import codecs
import datetime as dt
from pathlib import Path

import pytest

from copdesk.errors import ValidationError
from copdesk.services import roster, roster_io
from copdesk.services.community import CommunityInfo, create_community
from copdesk.services.roster import MemberInput

DATA = Path(__file__).parent / "data"


def names(db) -> list[str]:
    return [m.name for m in roster.list_members(db)]


# -- encodings and delimiters ---------------------------------------------------------------------


def test_excel_windows_1252_with_semicolons_and_crlf(db) -> None:
    plan = roster_io.plan_import(db, (DATA / "excel_de_cp1252_semicolon.csv").read_bytes())
    assert plan.encoding == "cp1252" and plan.delimiter == ";"
    assert [c.field for c in plan.columns] == ["name", "email", "organisation", "phone", "notes"]
    assert plan.problems == () and plan.to_add == 3
    report = roster_io.apply_import(db, plan)
    assert report.added == 3
    rows = {m.name: m for m in roster.list_members(db)}
    assert set(rows) == {"Jürgen Müller", "Zoë Åberg", "Émilie Lefèvre"}
    assert rows["Jürgen Müller"].notes == "Bringt Kaffee; immer"  # delimiter inside quotes
    assert rows["Émilie Lefèvre"].notes == "Zwei\nZeilen"  # CRLF inside quotes
    assert rows["Jürgen Müller"].phone == "+49 30 1234"
    assert rows["Zoë Åberg"].organisation == "Makerspace Nord"


def test_utf8_with_bom_commas_quotes_and_spanish_headers(db) -> None:
    plan = roster_io.plan_import(db, (DATA / "sheets_es_utf8_bom_comma.csv").read_bytes())
    assert plan.encoding == "utf-8-sig" and plan.delimiter == ","
    assert [c.field for c in plan.columns] == [
        "name",
        "email",
        "organisation",
        "can_teach",
        "notes",
    ]
    roster_io.apply_import(db, plan)
    ana = next(m for m in roster.list_members(db) if m.email == "ana@example.org")
    assert ana.name == "Ana María Gutiérrez"
    assert ana.organisation == "Universidad Popular, sede norte"
    assert ana.can_teach == ("facilitación", "mapas")
    assert ana.notes == "Primera línea\nsegunda, con coma"
    assert "山田 花子" in names(db)


def test_tab_separated_utf8_without_bom_joins_first_and_family_names(db) -> None:
    plan = roster_io.plan_import(db, (DATA / "tab_fr_utf8.tsv").read_bytes())
    assert plan.encoding == "utf-8" and plan.delimiter == "\t"
    assert [c.field for c in plan.columns] == ["given_name", "family_name", "email", "organisation"]
    roster_io.apply_import(db, plan)
    assert names(db) == ["Camille Martin", "Søren Kierkegaard-Nielsen"]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "utf-16"])
@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
@pytest.mark.parametrize("newline", ["\r\n", "\n"])
def test_every_encoding_delimiter_and_line_end(db, encoding, delimiter, newline) -> None:
    d = delimiter
    text = (
        newline.join(
            [
                f"Name{d}Email{d}Notes",
                f'Åsa Öberg{d}asa@example.se{d}"has {d} inside"',
                f'Renée Faß{d}renee@example.de{d}"two{newline}lines"',
                f"Zoë{d}{d}",
            ]
        )
        + newline
    )
    plan = roster_io.plan_import(db, text.encode(encoding))
    assert plan.delimiter == delimiter
    assert plan.encoding == encoding if encoding != "utf-16" else plan.encoding == "utf-16"
    assert plan.problems == ()
    roster_io.apply_import(db, plan)
    rows = roster.list_members(db)
    assert [r.name for r in rows] == ["Åsa Öberg", "Renée Faß", "Zoë"]
    assert rows[0].notes == f"has {d} inside" and rows[1].notes == "two\nlines"


def test_decode_prefers_utf8_and_falls_back_to_windows_1252() -> None:
    assert roster_io.decode("Müller".encode()) == ("Müller", "utf-8")
    assert roster_io.decode("Müller €".encode("cp1252")) == ("Müller €", "cp1252")
    assert roster_io.decode(codecs.BOM_UTF8 + b"A") == ("A", "utf-8-sig")


# -- problems, by row number ----------------------------------------------------------------------


def test_every_invalid_row_reason_with_its_row_number(db) -> None:
    plan = roster_io.plan_import(db, (DATA / "problems.csv").read_bytes())
    reasons = {(p.row, p.reason) for p in plan.problems}
    assert reasons == {
        (3, "no_name"),
        (4, "bad_email"),
        (5, "duplicate_email"),
        (6, "too_many_cells"),
        (7, "too_few_cells"),
        (8, "bad_date"),
    }
    assert plan.to_add == 2 and plan.invalid_rows == 6
    dup = next(p for p in plan.problems if p.reason == "duplicate_email")
    assert "row 2" in dup.message
    lines = roster_io.plan_lines(plan)
    assert "Row 4: “not-an-email” does not look like an email address." in lines


def test_refused_import_leaves_the_file_byte_identical(cfile) -> None:
    with cfile.session() as db:
        roster.add_member(db, MemberInput(name="Already Here", email="here@example.org"))
    before = cfile.path.read_bytes()
    with cfile.session() as db:
        plan = roster_io.plan_import(db, (DATA / "problems.csv").read_bytes())
        with pytest.raises(ValidationError, match="Nothing was imported: 6 rows have problems"):
            roster_io.apply_import(db, plan)
        assert names(db) == ["Already Here"]  # the session is still usable
    assert cfile.path.read_bytes() == before


def test_skip_invalid_imports_the_valid_rows_and_reports_the_rest(db) -> None:
    plan = roster_io.plan_import(db, (DATA / "problems.csv").read_bytes())
    report = roster_io.apply_import(db, plan, skip_invalid=True)
    assert report.added == 2
    assert names(db) == ["Good Person", "Also Fine"]
    assert roster.list_members(db)[0].joined_on == dt.date(2025, 3, 1)
    assert sorted({p.row for p in report.skipped}) == [3, 4, 5, 6, 7, 8]
    lines = report.lines()
    assert lines[0] == "2 members imported"
    assert "6 rows skipped because of problems:" in lines


def test_counts_are_translated_with_plurals(db) -> None:
    assert roster_io.ImportReport(added=1).lines()[0] == "1 member imported"
    assert roster_io.ImportReport(added=3).lines()[0] == "3 members imported"


def test_a_file_without_a_name_column_is_refused(db) -> None:
    with pytest.raises(ValidationError, match="No column holds the members' names"):
        roster_io.plan_import(db, b"Colour,Size\r\nred,3\r\n")
    with pytest.raises(ValidationError, match="empty"):
        roster_io.plan_import(db, b"")


# -- matching and idempotence ---------------------------------------------------------------------


def test_importing_the_same_file_twice_adds_nobody(db) -> None:
    data = (DATA / "sheets_es_utf8_bom_comma.csv").read_bytes()
    roster_io.import_csv(db, data)
    first = roster.list_members(db)
    plan = roster_io.plan_import(db, data)
    assert (plan.to_add, plan.to_update, plan.unchanged) == (0, 0, 3)
    report = roster_io.apply_import(db, plan)
    assert (report.added, report.updated, report.unchanged) == (0, 0, 3)
    assert roster.list_members(db) == first


def test_rows_match_by_email_ignoring_case_then_by_name(db) -> None:
    jose = roster.add_member(db, MemberInput(name="José Ramírez", email="jose@example.org"))
    hanako = roster.add_member(db, MemberInput(name="山田 花子", phone="+81 3 0000"))
    plan = roster_io.plan_import(db, (DATA / "sheets_es_utf8_bom_comma.csv").read_bytes())
    by_name = {r.name: r for r in plan.rows}
    assert by_name["José Ramírez"].member_id == jose.id
    assert by_name["José Ramírez"].action == "update"  # gets an organisation
    assert by_name["山田 花子"].member_id == hanako.id
    assert by_name["Ana María Gutiérrez"].action == "add"
    roster_io.apply_import(db, plan)
    updated = roster.get_member(db, hanako.id)
    assert updated.email == "hanako@example.jp" and updated.phone == "+81 3 0000"  # kept
    assert roster.get_member(db, jose.id).email == "jose@example.org"  # existing spelling kept


def test_empty_cells_never_erase(db) -> None:
    m = roster.add_member(
        db, MemberInput(name="Ana", email="ana@example.org", phone="123", notes="kind")
    )
    roster_io.import_csv(db, b"Name,Email,Phone,Notes\r\nAna,ana@example.org,,\r\n")
    assert roster.get_member(db, m.id) == m


def test_progress_is_reported(db) -> None:
    rows = ["Name,Email"] + [f"Person {i},p{i}@example.org" for i in range(1200)]
    seen: list[tuple[int, int]] = []
    roster_io.import_csv(db, "\n".join(rows).encode(), progress=lambda d, t: seen.append((d, t)))
    assert seen[0] == (500, 1200) and seen[-1] == (1200, 1200)
    assert roster.count_members(db) == 1200


def test_mapping_overrides_by_header_or_number(db) -> None:
    data = b"Who,Contact,Extra\r\nAna,ana@example.org,x\r\n"
    plan = roster_io.plan_import(db, data, {"Who": "name", "2": "email", "Extra": "ignore"})
    assert [c.field for c in plan.columns] == ["name", "email", None]
    # A header synonym works as the target too.
    plan = roster_io.plan_import(db, data, {"Who": "Nombre", "Contact": "Correo electrónico"})
    assert [c.field for c in plan.columns] == ["name", "email", None]
    with pytest.raises(ValidationError, match="not a field"):
        roster_io.plan_import(db, data, {"Who": "shoe size"})
    with pytest.raises(ValidationError, match="no column"):
        roster_io.plan_import(db, data, {"Nope": "name"})


# -- header synonyms ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Name", "name"),
        ("Nombre", "name"),
        ("Nom", "name"),
        ("Nome", "name"),
        ("الاسم", "name"),
        ("שם", "name"),
        ("नाम", "name"),
        ("名前", "name"),
        ("姓名", "name"),
        ("Correo electrónico", "email"),
        ("Courriel", "email"),
        ("E-Mail", "email"),
        ("e-mail:", "email"),
        ("EMAIL ADDRESS", "email"),
        ("メールアドレス", "email"),
        ("电子邮件", "email"),
        ('דוא"ל', "email"),
        ("البريد الإلكتروني", "email"),
        ("Organisation", "organisation"),
        ("Organization", "organisation"),
        ("Organización", "organisation"),
        ("Organização", "organisation"),
        ("所属", "organisation"),
        ("संगठन", "organisation"),
        ("Teléfono", "phone"),
        ("Telefon", "phone"),
        ("फ़ोन", "phone"),
        ("Prénom", "given_name"),
        ("Apellidos", "family_name"),
        ("Nachname", "family_name"),
    ],
)
def test_header_synonyms(header, field) -> None:
    assert roster_io.SYNONYMS[roster_io.header_key(header)] == field


def test_synonym_table_is_complete_and_unambiguous() -> None:
    for field, by_language in roster_io.HEADER_SYNONYMS.items():
        assert set(by_language) == set(roster_io.LANGUAGES), field
        assert field in roster_io.FIELD_LABELS
    owners: dict[str, set[str]] = {}
    for field, by_language in roster_io.HEADER_SYNONYMS.items():
        for names_ in by_language.values():
            for name in names_:
                owners.setdefault(roster_io.header_key(name), set()).add(field)
    clashes = {k: v for k, v in owners.items() if len(v) > 1}
    # 名 (given name, ja/zh) vs nothing else; the only sharing allowed is none at all.
    assert clashes == {}
    assert set(roster_io.FIELDS) | set(roster_io.IMPORT_ONLY) == set(roster_io.HEADER_SYNONYMS)


def test_german_export_headers_read_back(db) -> None:
    roster.add_member(db, MemberInput(name="Jürgen", may_contact=False))
    data = roster_io.export_csv(db, locale="de")
    assert data.decode("utf-8-sig").startswith("Name,Name für Namensschild,Pronomen,E-Mail")
    assert ",nein," in data.decode("utf-8-sig")
    plan = roster_io.plan_import(db, data)
    assert [c.field for c in plan.columns] == list(roster_io.FIELDS)
    assert plan.unchanged == 1


# -- export, formulas and round trips -------------------------------------------------------------


def test_export_is_rfc4180_with_bom_and_crlf(db) -> None:
    roster.add_member(db, MemberInput(name='Ana "La Jefa" Ruiz', notes="one, two\nthree"))
    data = roster_io.export_csv(db, locale="en")
    assert data.startswith(codecs.BOM_UTF8)
    text = data[3:].decode()
    assert text.endswith("\r\n")
    assert '"Ana ""La Jefa"" Ruiz"' in text and '"one, two\nthree"' in text


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1 555 0100", "'+1 555 0100"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("'=already", "''=already"),
        ("plain", "plain"),
        ("it's", "it's"),
    ],
)
def test_formula_guard_round_trips(value, written) -> None:
    assert roster_io.guard_formula(value) == written
    assert roster_io.strip_formula_guard(written) == value


def test_formulas_are_neutralised_in_the_file(db) -> None:
    roster.add_member(
        db,
        MemberInput(name="=cmd|' /C calc'!A0", phone="+44 20", notes="@risk", organisation="-org"),
    )
    text = roster_io.export_csv(db, locale="en").decode("utf-8-sig")
    row = text.split("\r\n")[1]
    assert row.startswith("'=cmd") and "'+44 20" in row and "'@risk" in row and "'-org" in row


def rich_members(db) -> None:
    roster.add_member(
        db,
        MemberInput(
            name="Ana María Gutiérrez",
            preferred_name="Ana",
            pronouns="she/her",
            email="ana@example.org",
            phone="+34 600 000 000",
            organisation="=Universidad Popular",
            languages=("Español", "English"),
            can_teach=("facilitación", "mapas"),
            wants_to_learn=("SQL",),
            why='Learn from peers,\n"really"',
            why_tags=("peers", "jobs"),
            may_print=False,
            may_contact=True,
            joined_on=dt.date(2025, 9, 2),
            notes="-- vegetarian\r\nsecond line",
        ),
    )
    roster.add_member(
        db, MemberInput(name="山田 花子", email="hanako@example.jp", may_contact=False)
    )
    roster.add_member(db, MemberInput(name="سارة الخطيب", phone="@home", notes="'=x"))


def test_export_import_export_is_byte_identical(tmp_path: Path, db) -> None:
    rich_members(db)
    first = roster_io.export_csv(db, locale="en")
    other = create_community(tmp_path / "other.copdesk", CommunityInfo(name="Other"))
    try:
        with other.session() as db2:
            plan = roster_io.plan_import(db2, first)
            assert plan.problems == () and plan.to_add == 3
            roster_io.apply_import(db2, plan)
            second = roster_io.export_csv(db2, locale="en")
            assert [m.as_input() for m in roster.list_members(db2)] == [
                m.as_input() for m in roster.list_members(db)
            ]
    finally:
        other.close()
    assert second == first


def test_reimport_into_the_same_file_changes_nothing(cfile) -> None:
    with cfile.session() as db:
        rich_members(db)
        data = roster_io.export_csv(db, locale="es")
    before = cfile.path.read_bytes()
    with cfile.session() as db:
        plan = roster_io.plan_import(db, data)
        assert (plan.to_add, plan.to_update, plan.unchanged) == (0, 0, 3)
        report = roster_io.apply_import(db, plan)
        assert report.unchanged == 3
    assert cfile.path.read_bytes() == before


def test_anonymous_placeholders_are_never_exported(db) -> None:
    from copdesk.models import AttendanceStatus
    from copdesk.services import meetings

    a = roster.add_member(db, MemberInput(name="Gone Person", email="gone@example.org"))
    m = meetings.add_meeting(db, meetings.MeetingInput(dt.date(2026, 1, 6), dt.time(18)))
    meetings.set_attendance(db, m.id, {a.id: AttendanceStatus.PRESENT})
    roster.remove_member(db, a.id)
    text = roster_io.export_csv(db, locale="en").decode("utf-8-sig")
    assert text.count("\r\n") == 1  # the header only
    assert roster_io.export_vcard(db) == (b"", 0)


# -- vCard ----------------------------------------------------------------------------------------


def test_vcard_only_for_consenting_members_with_escaping_and_folding(db) -> None:
    rich_members(db)
    long_org = "Cooperativa de Trabajo Ñandú, Sociedad; Limitada " * 3
    roster.add_member(
        db, MemberInput(name="Zoë Åberg", email="zoe@example.se", organisation=long_org.strip())
    )
    data, count = roster_io.export_vcard(db)
    assert count == 3  # Hanako did not agree to be contacted
    assert "山田" not in data.decode()
    assert data.count(b"BEGIN:VCARD\r\nVERSION:3.0\r\n") == 3
    for line in data.split(b"\r\n"):
        assert len(line) <= 75
        line.decode("utf-8")  # never split inside a character
    unfolded = data.replace(b"\r\n ", b"").decode()
    assert "ORG:Cooperativa de Trabajo Ñandú\\, Sociedad\\; Limitada" in unfolded
    assert "FN:سارة الخطيب" in unfolded and "TEL;TYPE=VOICE:@home" in unfolded
    assert "NICKNAME:Ana" in unfolded
