"""Participation in the demo community: a convener's note that they called someone who went quiet.

The demo's attendance already waxes and wanes (newcomers, returners, quiet members); what it
lacks is a "contacted" record, so the reach-out list shows one. Call :func:`add_participation_demo`
on a file written by :func:`copdesk.demo.write_demo` (after the session demo), with the same
``today``. Deterministic for a given ``today``.
"""

from __future__ import annotations

import datetime as dt
import os

from copdesk.db import CommunityFile
from copdesk.demo import on_file
from copdesk.i18n import N_, Translator
from copdesk.models import Community
from copdesk.services import participation

NOTE = N_("Called: busy with a new job until the spring; would like the slides of last session.")


def add_participation_demo(
    cfile_or_path: CommunityFile | str | os.PathLike[str], today: dt.date | None = None
) -> None:
    """Record that the convener contacted the quiet member seen least long ago."""
    day = today or dt.date.today()
    on_file(cfile_or_path, lambda cfile: _fill(cfile, day))


def _fill(cfile: CommunityFile, today: dt.date) -> None:
    with cfile.session() as db:
        community = db.get(Community, 1)
        t = Translator(community.locale if community else "en")
        quiet = participation.reach_out(db, today, t.locale)
        if not quiet:
            return
        person = quiet[0]
        participation.mark_contacted(db, person.member_id, today - dt.timedelta(days=3), t._(NOTE))
