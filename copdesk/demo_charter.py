"""The demo community's charter: two versions (the second adds a value and rewords an outcome),
past sessions tagged with the outcomes they served, and two value stories.

Call :func:`add_charter_demo` on a file written by :func:`copdesk.demo.write_demo` (after
:func:`copdesk.demo_sessions.add_session_demo` if that is called too), with the same ``today``.
Texts are in the community's language where a catalog has them. Deterministic for a given
``today``.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import replace

from copdesk.db import CommunityFile
from copdesk.demo import on_file
from copdesk.i18n import N_, Translator
from copdesk.services import charter, community, meetings, roster
from copdesk.services.charter import CharterInput, OutcomeInput, PartnerInput, StoryInput

DOMAIN = N_("Coordinating volunteers and neighbourhood projects: the everyday craft of it.")
AUDIENCE = N_(
    "People who coordinate volunteers in libraries, co-ops, unions, public services and "
    "informal groups, paid or not."
)
JOINING = N_("Come to any session. Tell the convener your name; there is nothing to sign.")
DECISIONS = N_(
    "By consent in the closing round: a proposal passes when nobody has a serious objection."
)
NOTES_PLACE = N_("The shared folder, the day after each session")
ROLES = N_("A convener plans the season; a host holds each session. Both have a backup.")
ROTATION = N_("Hosts change every session; the convener hands over each autumn.")
OFFER_BACK = N_(
    "A free spring workshop for any volunteer of the organisations involved, and our guides "
    "under an open licence."
)
CADENCE = N_("Every Tuesday, 18:00–19:15")
MEETING_FORMAT = N_("Ten minutes in random pairs, then one member presents a case to discuss.")
PARTNERS = (
    (
        N_("Riverside Library"),
        N_("Volunteers who stay longer, and ideas for its reading clubs"),
    ),
    (N_("Open Data Cooperative"), N_("Contacts with groups that need data skills")),
    (N_("Eastside Tenants' Union"), N_("Tried ways of running meetings that include everyone")),
)
VALUES_1 = (N_("Openness"), N_("Reciprocity"), N_("Curiosity"), N_("Care"))
EXTRA_VALUE = N_("Solidarity")
OUTCOMES = (
    # (text, horizon, kind, value indexes)
    (N_("Members help each other with a real problem every week"), "short", "process", (1, 3)),
    (N_("A shared checklist for welcoming new volunteers"), "short", "product", (0,)),
    (N_("A guide to volunteer coordination, written together"), "long", "product", (0, 2)),
    (N_("New coordinators find a peer within a month of joining"), "long", "process", (1, 3)),
)
REWORDED = N_("Members help each other with a real problem at every session")
STORIES = (
    (
        N_(
            "After the pairs round I tried the two-minute check-in with my library volunteers; "
            "two of them who never spoke now do."
        ),
        "applied",
        0,
    ),
    (
        N_(
            "The welcome checklist is now what the Tenants' Union hands every newcomer; they "
            "lost fewer volunteers this winter."
        ),
        "realised",
        1,
    ),
)


def add_charter_demo(
    cfile_or_path: CommunityFile | str | os.PathLike[str], today: dt.date | None = None
) -> None:
    """Give the demo community its charter (a file path, or an open file)."""
    day = today or dt.date.today()
    on_file(cfile_or_path, lambda cfile: _fill(cfile, day))


def _fill(cfile: CommunityFile, today: dt.date) -> None:
    with cfile.session() as db:
        t = Translator(community.get_community(db).locale)
        rows = meetings.list_meetings(db)
        past = [r for r in rows if r.date < today]
        first_day = (past[0].date if past else today) - dt.timedelta(days=14)
        values = tuple(t._(v) for v in VALUES_1)
        first = CharterInput(
            domain=t._(DOMAIN),
            audience=t._(AUDIENCE),
            joining=t._(JOINING),
            values=values,
            outcomes=tuple(
                OutcomeInput(t._(text), horizon, kind, tuple(values[i] for i in served))
                for text, horizon, kind, served in OUTCOMES
            ),
            decisions=t._(DECISIONS),
            notes_place=t._(NOTES_PLACE),
            roles=t._(ROLES),
            rotation=t._(ROTATION),
            partners=tuple(PartnerInput(t._(name), t._(gains)) for name, gains in PARTNERS),
            offer_back=t._(OFFER_BACK),
            cadence=t._(CADENCE),
            meeting_format=t._(MEETING_FORMAT),
            review_on=first_day + dt.timedelta(days=182),
        )
        v1 = charter.save_charter(db, first, now=_noon(first_day)).version
        # Half a season later the group added a value and reworded its weekly outcome.
        second_day = first_day + dt.timedelta(days=49)
        outcomes = list(v1.charter.outcomes)
        outcomes[0] = replace(
            outcomes[0], text=t._(REWORDED), values=(*outcomes[0].values, t._(EXTRA_VALUE))
        )
        v2 = charter.save_charter(
            db,
            replace(
                v1.charter,
                values=(*v1.charter.values, t._(EXTRA_VALUE)),
                outcomes=tuple(outcomes),
                review_on=today + dt.timedelta(days=120),
            ),
            now=_noon(min(second_day, today)),
        ).version
        ids = [o.id for o in v2.charter.outcomes]
        assert all(ids)
        # Past sessions served the weekly outcome; a few also the checklist and the guide.
        # The "peer within a month" outcome has no activity yet: the pane points that out.
        for n, session in enumerate(past):
            charter.tag_session(db, session.id, ids[0])
            if n % 3 == 1:
                charter.tag_session(db, session.id, ids[1])
            if n >= len(past) - 4 and n % 2 == 0:
                charter.tag_session(db, session.id, ids[2])
        people = roster.list_members(db)[:2]
        for k, (text, cycle, outcome) in enumerate(STORIES):
            if not past:
                break
            session = past[-1 - 2 * k] if len(past) > 2 * k else past[-1]
            charter.add_story(
                db,
                StoryInput(
                    text=t._(text),
                    cycle=cycle,
                    meeting_id=session.id,
                    outcome_id=ids[outcome],
                    member_id=people[k].id if len(people) > k else None,
                ),
            )


def _noon(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(12, 0))
