"""Session planning in the demo community: a weekly schedule, roles with backups (and one rotation
warning), stored random pairs for every past session (drawn with the real algorithm), a topic
backlog with votes and volunteers, a potluck for the next session with one slot lacking a backup,
a few resources, and contributions in attendance.

Call :func:`add_session_demo` on a file written by :func:`copdesk.demo.write_demo`, with the same
``today``. Deterministic for a given ``today`` and ``seed``.
"""

from __future__ import annotations

import datetime as dt
import os
import random

from sqlalchemy import select

from copdesk.db import CommunityFile
from copdesk.demo import on_file
from copdesk.i18n import N_, Translator
from copdesk.models import Attendance, AttendanceStatus, Community, Meeting
from copdesk.models.meeting import ContributionKind, MeetingStatus
from copdesk.models.planning import DishKind, Frequency, Series
from copdesk.services import attendance, meetings, pairs, potluck, resources, schedule, topics
from copdesk.services.meetings import RolesInput, SessionDetails

DEMO_TIME_ZONE = "Europe/Madrid"

IDEAS = (
    (N_("Writing accessible event invitations"), 14, 90),
    (N_("Running hybrid meetings that include everyone"), 11, 60),
    (N_("Volunteer burnout: noticing it early"), 9, 150),
    (N_("Mapping local funders together"), 6, 30),
    (N_("Photo consent at community events"), 4, 200),
    (N_("Spreadsheets every coordinator should know"), 3, 14),
    (N_("Starting a tool library"), 1, 7),
)

SLOTS = (
    (N_("Main dish (vegetarian)"), DishKind.MAIN, 12, (N_("vegetarian"),), True),
    (N_("Salad"), DishKind.SALAD, 10, (N_("vegan"),), True),
    (N_("Something without nuts"), DishKind.SNACK, 10, (N_("nut-free"),), False),
    (N_("Dessert"), DishKind.DESSERT, 12, (), True),
    (N_("Drinks (water, juice)"), DishKind.DRINKS, 30, (), True),
    (N_("Cups and napkins"), DishKind.SUPPLIES, 0, (), None),
)

RESOURCES = (
    (N_("Community asset map template"), "https://example.org/asset-map.odt", (N_("mapping"),)),
    (
        N_("Repair café starter kit"),
        "https://example.org/repair-cafe",
        (N_("repair"), N_("events")),
    ),
    (
        N_("Slides: facilitation tricks for quiet rooms"),
        "docs/facilitation-slides.pdf",
        (N_("facilitation"),),
    ),
    (N_("Grant calendar for small groups"), "https://example.org/grants", (N_("funding"),)),
)


def add_session_demo(
    cfile_or_path: CommunityFile | str | os.PathLike[str],
    today: dt.date | None = None,
    seed: int = 2026,
) -> None:
    """Fill in session planning on a demo community (a file path, or an open file)."""
    day = today or dt.date.today()
    on_file(cfile_or_path, lambda cfile: _fill(cfile, day, seed))


def _fill(cfile: CommunityFile, today: dt.date, seed: int) -> None:
    rng = random.Random(seed)
    with cfile.session() as db:
        community = db.get(Community, 1)
        t = Translator(community.locale if community else "en")
        schedule.set_time_zone(db, DEMO_TIME_ZONE)
        rows = meetings.list_meetings(db)
        past = [r for r in rows if r.date < today]
        upcoming = [r for r in rows if r.date >= today]

        # A weekly schedule that the upcoming sessions belong to.
        if upcoming:
            first = upcoming[0]
            series = Series(
                frequency=Frequency.WEEKLY,
                weekday=first.date.weekday(),
                start_date=first.date,
                start_time=first.start_time,
                place=community.place if community else first.place,
            )
            db.add(series)
            db.flush()
            for r in upcoming:
                m = db.get(Meeting, r.id)
                m.series_id, m.occurrence_date = series.id, m.date
                m.detached = m.place != series.place  # the sessions held elsewhere were moved
            db.commit()
            # The demo's own sessions already fill the schedule: nothing new is generated.
            schedule.generate(db, series.id, today=today, until=upcoming[-1].date)

        present = {
            r.id: sorted(
                db.scalars(
                    select(Attendance.member_id).where(
                        Attendance.meeting_id == r.id,
                        Attendance.status == AttendanceStatus.PRESENT,
                    )
                )
            )
            for r in past
        }
        named = {p.id for p in attendance._people(db)}
        regulars = sorted(
            named, key=lambda mid: (-sum(mid in ids for ids in present.values()), mid)
        )

        # Roles: presenters and note-takers in the past; roles with backups ahead. The host of
        # the last two sessions hosts the next one too: a rotation warning (3 in a row).
        for r in past:
            here = [p for p in present[r.id] if p in named and p not in (r.host_id, r.convener_id)]
            presenter, note_taker = rng.sample(here, 2)
            meetings.set_roles(
                db,
                r.id,
                RolesInput(
                    convener_id=r.convener_id,
                    host_id=r.host_id,
                    presenter_id=presenter,
                    note_taker_id=note_taker,
                ),
            )
            meetings.set_details(
                db,
                r.id,
                SessionDetails(
                    audience=t._("Everyone"),
                    notes=r.notes,
                    outcome=t._("Shared the slides; two people will try it before next month."),
                ),
            )
        repeat_host = past[-1].host_id if past else None
        if len(past) >= 2 and repeat_host is not None:
            m = db.get(Meeting, past[-2].id)
            m.host_id = repeat_host
            db.commit()
        for k, r in enumerate(meetings.list_meetings(db)):
            if r.date < today or r.cancelled:
                continue
            pool = [p for p in regulars[:20] if p not in (r.convener_id, r.host_id)]
            note_taker, conv_backup, host_backup = rng.sample(pool, 3)
            host = repeat_host if r.id == (upcoming[0].id if upcoming else None) else r.host_id
            meetings.set_roles(
                db,
                r.id,
                RolesInput(
                    convener_id=r.convener_id,
                    host_id=host,
                    note_taker_id=note_taker,
                    convener_backup_id=conv_backup,
                    host_backup_id=host_backup,
                ),
            )
            if k % 3 == 0:
                meetings.set_details(
                    db,
                    r.id,
                    SessionDetails(
                        audience=t._("Newcomers and partner organisations"),
                        purpose=t._("Meet each other and swap one practical tip."),
                    ),
                )

        # Pairs for every past session, oldest first, so each draw sees the ones before.
        for k, r in enumerate(past):
            pairs.draw(db, r.id, seed=seed + k)

        # Contributions: hosts hosted, presenters presented, some brought food or asked for help.
        for r in meetings.list_meetings(db):
            if r.date >= today:
                continue
            for mid in present[r.id]:
                if mid not in named:
                    continue
                kinds = {ContributionKind.ATTENDED}
                if mid == r.host_id:
                    kinds.add(ContributionKind.HOSTED)
                if mid == r.presenter_id:
                    kinds |= {ContributionKind.PRESENTED, ContributionKind.TAUGHT}
                roll = rng.random()
                if roll < 0.15:
                    kinds.add(ContributionKind.BROUGHT_FOOD)
                elif roll < 0.25:
                    kinds.add(ContributionKind.ASKED_FOR_HELP)
                elif roll < 0.45:
                    kinds.add(ContributionKind.LEARNED)
                attendance.set_contributions(db, r.id, mid, kinds)

        # The topic backlog: votes from shows of hands, volunteers, one scheduled next.
        backlog = []
        for k, (title, votes, age) in enumerate(IDEAS):
            row = topics.add_topic(
                db,
                topics.TopicInput(
                    t._(title),
                    suggested_by_id=regulars[k % len(regulars)],
                    suggested_on=today - dt.timedelta(days=age),
                ),
                today,
            )
            first_count = votes // 2
            topics.record_votes(db, row.id, first_count, today - dt.timedelta(days=min(age, 21)))
            if votes - first_count:
                topics.record_votes(db, row.id, votes - first_count, today - dt.timedelta(days=7))
            if k < 4:
                topics.volunteer(db, row.id, regulars[(k * 5 + 3) % len(regulars)])
            backlog.append(row.id)
        next_id = sharing_next(db, today)
        if next_id is not None:
            topics.schedule_topic(db, backlog[0], next_id)

            # A potluck for the next session, one slot without a backup, one still open.
            pool = list(regulars[:16])
            rng.shuffle(pool)
            for label, kind, servings, tags, has_backup in SLOTS:
                bringer = pool.pop() if has_backup is not None else None
                backup = pool.pop() if has_backup else None
                potluck.add_slot(
                    db,
                    next_id,
                    potluck.SlotInput(
                        t._(label), kind, servings, bringer, backup, tuple(t._(x) for x in tags)
                    ),
                )

        # Resources: for the community, and from past sessions.
        for k, (title, link, tags) in enumerate(RESOURCES):
            on = past[-1 - k] if k < len(past) else None
            resources.add_resource(
                db,
                resources.ResourceInput(
                    t._(title),
                    link,
                    on.presenter_id if on else None,
                    tuple(t._(tag) for tag in tags),
                    on.id if on and k % 2 == 0 else None,
                    on.date if on else today,
                ),
            )


def sharing_next(db, today: dt.date) -> int | None:  # noqa: ANN001
    return db.scalar(
        select(Meeting.id)
        .where(Meeting.date >= today, Meeting.status == MeetingStatus.PLANNED)
        .order_by(Meeting.date, Meeting.start_time)
        .limit(1)
    )
