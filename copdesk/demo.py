"""A realistic demo community, so a new convener sees every feature filled in.

About forty members from several organisations with names in many scripts, and sixteen weekly
sessions (ten past, six upcoming) in the 10-minute-pairs + 50-minute-presentation format, with
attendance that waxes and wanes the way real groups do. The roster shows everything it can hold:
organisations with kinds, pronouns for some, languages, what people can teach and want to learn,
why they come (with the group's tags), a few who do not want to be on printed lists or contacted,
roles with history (conveners who handed over, hosts, presenters, note-takers, pairing helpers
and a role the group made up), two members who moved on and one welcomed back. The content is
deterministic for a given ``today`` and ``seed``.
"""

from __future__ import annotations

import datetime as dt
import os
import random
from collections.abc import Callable
from pathlib import Path

from babel import Locale

from copdesk.db import CommunityFile, open_community
from copdesk.i18n import N_, Translator, normalize_locale
from copdesk.models import AttendanceStatus
from copdesk.services import meetings, organisations, roster
from copdesk.services.community import CommunityInfo, create_community
from copdesk.services.logo import logo_from_bytes

ORGANISATIONS = (
    "Riverside Library",
    "Open Data Cooperative",
    "City Health Department",
    "Eastside Tenants' Union",
    "Universidad Popular",
    "Makerspace Nord",
    "Freelance",
)

# (name, preferred name, organisation index, email user) — names in many scripts, as real groups have.
PEOPLE: tuple[tuple[str, str, int, str], ...] = (
    ("Ana María Gutiérrez", "Ana", 4, "ana.gutierrez"),
    ("José Ramírez", "Pepe", 4, "jose.ramirez"),
    ("Bruno Carvalho", "", 1, "bruno"),
    ("Chen Wei 陈伟", "陈伟", 1, "chen.wei"),
    ("Nguyễn Thị Hương", "Hương", 2, "huong.nguyen"),
    ("سارة الخطيب", "سارة", 2, "sara.khatib"),
    ("Yusuf Öztürk", "", 3, "yusuf"),
    ("דניאל כהן", "דני", 5, "daniel.cohen"),
    ("प्रिया शर्मा", "प्रिया", 1, "priya.sharma"),
    ("山田 花子", "花子", 0, "hanako.yamada"),
    ("Ольга Петрова", "Оля", 5, "olga.petrova"),
    ("Νίκος Παπαδόπουλος", "Νίκος", 6, "nikos"),
    ("Fatou Diallo", "", 3, "fatou.diallo"),
    ("Søren Kierkegaard-Nielsen", "Søren", 5, "soren"),
    ("Émilie Lefèvre", "", 0, "emilie.lefevre"),
    ("Mateus Oliveira", "Teu", 1, "mateus"),
    ("Aroha Ngata", "", 6, "aroha"),
    ("Kwame Mensah", "", 3, "kwame.mensah"),
    ("Lucía Fernández", "Lu", 4, "lucia.fernandez"),
    ("Jonas Weber", "", 5, "jonas.weber"),
    ("Mariam Haddad", "", 2, "mariam.haddad"),
    ("محمد العلي", "محمد", 3, "m.alali"),
    ("Ingrid Johansson", "", 0, "ingrid.j"),
    ("Tomás Ó Briain", "Tomás", 6, "tomas.obriain"),
    ("Zanele Dlamini", "Zanele", 2, "zanele"),
    ("李娜", "", 1, "li.na"),
    ("佐藤 健", "健", 5, "ken.sato"),
    ("Rahul Verma", "", 2, "rahul.verma"),
    ("Camille Martin", "", 0, "camille.martin"),
    ("Diego Herrera", "", 4, "diego.herrera"),
    ("Agnieszka Kowalska", "Aga", 3, "aga.kowalska"),
    ("Trần Văn Minh", "Minh", 1, "minh.tran"),
    ("Leila Ahmadi", "", 6, "leila.ahmadi"),
    ("Peter O'Connor", "", 0, "peter.oconnor"),
    ("Amara Okafor", "", 3, "amara.okafor"),
    ("Hannah Schmidt", "", 5, "hannah.schmidt"),
    ("Rafael Souza", "Rafa", 1, "rafael.souza"),
    ("Noa Levi", "", 2, "noa.levi"),
    ("Isabela Costa", "Bela", 4, "isabela.costa"),
    ("Mehmet Kaya", "", 3, "mehmet.kaya"),
)

TOPICS = (
    N_("Mapping who we reach: a community asset map"),
    N_("Running a repair café without burning out"),
    N_("Grant writing for small groups"),
    N_("Facilitation tricks for quiet rooms"),
    N_("Open data for neighbourhood health"),
    N_("Onboarding volunteers in one evening"),
    N_("Making meetings accessible to everyone"),
    N_("Sharing tools between organisations"),
    N_("Storytelling with numbers"),
    N_("What we learned from a failed project"),
    N_("Translating materials with volunteers"),
    N_("Keeping a shared calendar alive"),
    N_("Conflict in small teams"),
    N_("Low-cost printing and zines"),
    N_("Evaluating what our workshops change"),
    N_("Planning the season together"),
)

# The kind of each organisation above, in the same order.
ORGANISATION_KINDS = (
    N_("library"),
    N_("cooperative"),
    N_("public body"),
    N_("union"),
    N_("university"),
    N_("informal group"),
    N_("freelance"),
)

SKILLS = (
    N_("facilitation"),
    N_("grant writing"),
    N_("spreadsheets"),
    N_("mapping"),
    N_("repair"),
    N_("translation"),
    N_("storytelling"),
    N_("accessibility"),
    N_("evaluation"),
    N_("printing"),
    N_("volunteer onboarding"),
    N_("conflict resolution"),
)

WHY = (
    (N_("I run things alone at work; here I can compare notes."), N_("learn from peers")),
    (N_("To meet people doing the same work in other places."), N_("meet people")),
    (N_("I want to try my workshop on friendly faces first."), N_("share my work")),
    (N_("Looking for partners for a joint project."), N_("find collaborators")),
)

# Spoken languages as ISO codes, shown in the community's language.
LANGUAGE_SETS = (("en",), ("es", "en"), ("pt", "es"), ("fr", "en"), ("ar", "fr"), ("de", "en"))
PRONOUNS = ("she/her", "he/him", "they/them")
CUSTOM_ROLE = N_("welcomer")

PLACES = (N_("Riverside Library, room 2"), N_("Makerspace Nord, main hall"))
COMMUNITY_NAME = N_("Neighbourhood Practitioners' Circle")
COMMUNITY_PURPOSE = N_(
    "People who run community projects in different organisations meet weekly to learn from "
    "each other: ten minutes in random pairs, then one member presents what they know."
)

PAST_SESSIONS = 10
UPCOMING_SESSIONS = 6


def on_file(
    cfile_or_path: CommunityFile | str | os.PathLike[str], fill: Callable[[CommunityFile], None]
) -> None:
    """Run ``fill`` on an open community file, or on the one at a path (opened, then closed): how
    each part of the demo (sessions, charter, participation) is added."""
    if isinstance(cfile_or_path, CommunityFile):
        fill(cfile_or_path)
        return
    with open_community(cfile_or_path) as cfile:
        fill(cfile)


def write_demo(
    path: str | os.PathLike[str],
    locale: str = "en",
    today: dt.date | None = None,
    seed: int = 2026,
) -> Path:
    """Write the demo community to ``path`` (replacing a file already there) and return its path."""
    locale = normalize_locale(locale)
    t = Translator(locale)
    today = today or dt.date.today()
    rng = random.Random(seed)
    weekday = 1  # Tuesdays
    info = CommunityInfo(
        name=t._(COMMUNITY_NAME),
        purpose=t._(COMMUNITY_PURPOSE),
        meeting_weekday=weekday,
        meeting_time=dt.time(18, 0),
        place=t._(PLACES[0]),
        locale=locale,
        logo=logo_from_bytes(demo_logo(t._(COMMUNITY_NAME)), "demo-logo.png"),
    )
    cfile = create_community(path, info, overwrite=True)
    try:
        with cfile.session() as db:
            first_session = today - dt.timedelta(days=(today.weekday() - weekday) % 7 or 7)
            first_session -= dt.timedelta(weeks=PAST_SESSIONS - 1)
            member_ids = []
            # Each person has their own rhythm: some come every week, some now and then.
            propensity = {}
            for index, (name, preferred, org, user) in enumerate(PEOPLE):
                joined = first_session - dt.timedelta(days=rng.randint(0, 400))
                row = roster.add_member(
                    db,
                    roster.MemberInput(
                        name=name,
                        preferred_name=preferred,
                        email=f"{user}@example.org",
                        phone=f"+1 555 01{index:02d}",
                        organisation=ORGANISATIONS[org],
                        joined_on=joined,
                    ),
                )
                member_ids.append(row.id)
                propensity[row.id] = rng.choice((0.9, 0.8, 0.6, 0.4, 0.15))
            hosts = member_ids[:8]
            for week in range(PAST_SESSIONS + UPCOMING_SESSIONS):
                day = first_session + dt.timedelta(weeks=week)
                convener = member_ids[week % 3]
                host = hosts[(week + 3) % len(hosts)]
                row = meetings.add_meeting(
                    db,
                    meetings.MeetingInput(
                        date=day,
                        start_time=dt.time(18, 0),
                        place=t._(PLACES[week % 2 if week % 4 == 3 else 0]),
                        topic=t._(TOPICS[week % len(TOPICS)]),
                        convener_id=convener,
                        host_id=host,
                    ),
                )
                if day < today:
                    statuses = {}
                    for member_id in member_ids:
                        roll = rng.random()
                        if roll < propensity[member_id]:
                            statuses[member_id] = AttendanceStatus.PRESENT
                        elif roll < propensity[member_id] + 0.1:
                            statuses[member_id] = AttendanceStatus.APOLOGISED
                    statuses[convener] = AttendanceStatus.PRESENT
                    statuses[host] = AttendanceStatus.PRESENT
                    meetings.set_attendance(db, row.id, statuses)
            _fill_roster(db, t, member_ids, first_session, today, seed)
    finally:
        cfile.close()
    from copdesk.demo_sessions import add_session_demo

    add_session_demo(cfile.path, today=today, seed=seed)
    from copdesk.demo_charter import add_charter_demo

    add_charter_demo(cfile.path, today=today)
    from copdesk.demo_participation import add_participation_demo

    add_participation_demo(cfile.path, today=today)
    return cfile.path


def demo_logo(name: str) -> bytes:
    """A PNG logo drawn here (no image file ships): three overlapping circles, people meeting,
    then the initials of the community's longer words when they are Latin letters."""
    import io
    import unicodedata

    from PIL import Image, ImageChops, ImageDraw, ImageFont

    from copdesk.reports import fonts

    initials = "".join(
        w[0] for w in name.replace("'", " ").replace("’", " ").split() if len(w) > 3
    )[:3].upper()
    if not all(
        unicodedata.bidirectional(c) == "L" and fonts.covers(fonts.SANS_BOLD, c) for c in initials
    ):
        initials = ""  # a name in another script: the circles alone
    k = 4  # drawn 4× larger, then scaled down: smooth edges
    side = 160 * k
    width = side + (200 * k if initials else 0)
    image = Image.new("RGB", (width, side), "white")
    r = 44 * k
    for (cx, cy), colour in zip(
        ((58 * k, 60 * k), (102 * k, 60 * k), (80 * k, 100 * k)),
        ((0, 150, 136), (244, 140, 6), (106, 76, 176)),
        strict=True,
    ):
        disc = Image.new("RGB", image.size, "white")
        ImageDraw.Draw(disc).ellipse((cx - r, cy - r, cx + r, cy + r), fill=colour)
        image = ImageChops.multiply(image, disc)  # overlaps darken, like inks
    if initials:
        font = ImageFont.truetype(str(fonts.font_path(fonts.SANS_BOLD)), 84 * k)
        draw = ImageDraw.Draw(image)
        draw.text((side, side // 2), initials, font=font, fill=(40, 40, 40), anchor="lm")
    image = image.resize((width // k, side // k), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


def _fill_roster(
    db,  # noqa: ANN001 - a Session
    t: Translator,
    member_ids: list[int],
    first_session: dt.date,
    today: dt.date,
    seed: int,
) -> None:
    """The roster's richer fields; a separate random stream keeps sessions as they were."""
    rng = random.Random(seed * 7 + 1)
    names = Locale.parse(t.locale).languages
    for org in organisations.list_organisations(db):
        index = ORGANISATIONS.index(org.name) if org.name in ORGANISATIONS else None
        if index is not None:
            organisations.update_organisation(
                db,
                org.id,
                organisations.OrganisationInput(org.name, t._(ORGANISATION_KINDS[index])),
            )
    for index, member_id in enumerate(member_ids):
        row = roster.get_member(db, member_id)
        why, tag = WHY[index % len(WHY)]
        codes = LANGUAGE_SETS[index % len(LANGUAGE_SETS)]
        teach = rng.sample(SKILLS, 2)
        learn = [s for s in rng.sample(SKILLS, 3) if s not in teach][:2]
        roster.update_member(
            db,
            member_id,
            roster.MemberInput(
                **{
                    **row.as_input().__dict__,
                    "pronouns": PRONOUNS[index % 3] if index % 4 == 0 else "",
                    "languages": tuple(names.get(c, c) for c in codes),
                    "can_teach": tuple(t._(s) for s in teach),
                    "wants_to_learn": tuple(t._(s) for s in learn),
                    "why": t._(why) if index % 3 != 2 else "",
                    "why_tags": (t._(tag),),
                    "may_print": index % 13 != 5,
                    "may_contact": index % 11 != 7,
                }
            ),
        )
    start = first_session - dt.timedelta(weeks=30)
    # Conveners rotate; the founder handed over when the sessions began.
    roster.add_role(db, [member_ids[5]], "convener", start, first_session - dt.timedelta(days=1))
    roster.add_role(db, member_ids[:3], "convener", first_session)
    roster.add_role(db, member_ids[:8], "host", first_session)
    roster.add_role(db, member_ids[8:14], "presenter", start, first_session + dt.timedelta(weeks=4))
    roster.add_role(db, [member_ids[14], member_ids[15]], "note_taker", first_session)
    roster.add_role(db, [member_ids[16]], "pairing_helper", start)
    roster.add_custom_role(db, t._(CUSTOM_ROLE))
    roster.add_role(db, [member_ids[17], member_ids[18]], t._(CUSTOM_ROLE), first_session)
    # Two moved on (after the last session so far), one came back at the last session.
    last_past = first_session + dt.timedelta(weeks=PAST_SESSIONS - 1)
    roster.set_journey(
        db,
        [member_ids[30], member_ids[31]],
        roster.JourneyState.MOVED_ON,
        on_date=today - dt.timedelta(days=1),
        note=t._(N_("Moved to another city; still on the mailing list.")),
        today=today,
    )
    roster.set_journey(
        db,
        [member_ids[32]],
        roster.JourneyState.MOVED_ON,
        on_date=first_session - dt.timedelta(weeks=20),
        note=t._(N_("Took a year off.")),
        today=first_session - dt.timedelta(weeks=20),
    )
    roster.set_journey(
        db, [member_ids[32]], roster.JourneyState.WELCOMED_BACK, on_date=last_past, today=today
    )
