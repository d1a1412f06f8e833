"""A realistic demo community, so a new convener sees every feature filled in.

About forty members from several organisations with names in many scripts, and sixteen weekly
sessions (ten past, six upcoming) in the 10-minute-pairs + 50-minute-presentation format, with
attendance that waxes and wanes the way real groups do. The content is deterministic for a given
``today`` and ``seed``.
"""

from __future__ import annotations

import datetime as dt
import os
import random
from pathlib import Path

from copdesk.i18n import N_, Translator, normalize_locale
from copdesk.models import AttendanceStatus
from copdesk.services import meetings, roster
from copdesk.services.community import CommunityInfo, create_community

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

PLACES = (N_("Riverside Library, room 2"), N_("Makerspace Nord, main hall"))
COMMUNITY_NAME = N_("Neighbourhood Practitioners' Circle")
COMMUNITY_PURPOSE = N_(
    "People who run community projects in different organisations meet weekly to learn from "
    "each other: ten minutes in random pairs, then one member presents what they know."
)

PAST_SESSIONS = 10
UPCOMING_SESSIONS = 6


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
    finally:
        cfile.close()
    return cfile.path
