"""Headless commands for planning sessions: list them, draw pairs, export the calendar, announce.

``sessions`` prints machine-readable lines (tab-separated; the status is a fixed English word:
planned, held or cancelled) for scripts; the others print text for people.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable

from copdesk.errors import ValidationError
from copdesk.i18n import _

COMMANDS = ("sessions", "pairs", "ics", "announce")
EXIT_OK = 0


def _flat(text: str) -> str:
    return " ".join(text.split())


def register(sub: argparse._SubParsersAction) -> dict[str, Callable[[argparse.Namespace], int]]:
    sessions = sub.add_parser(
        "sessions", help=_("list the sessions (id, date, topic, status), tab-separated")
    )
    sessions.add_argument("file", metavar="FILE")

    pairs = sub.add_parser("pairs", help=_("print a session's random pairs, one group per line"))
    pairs.add_argument("file", metavar="FILE")
    pairs.add_argument(
        "--session", type=int, required=True, metavar="ID", help=_("the session's number")
    )
    pairs.add_argument(
        "--seed",
        type=int,
        metavar="N",
        help=_("draw again with this seed (without it, the stored pairs, or a new draw)"),
    )

    ics = sub.add_parser("ics", help=_("export the sessions as an iCalendar file"))
    ics.add_argument("file", metavar="FILE")
    ics.add_argument(
        "-o", "--output", required=True, metavar="OUT.ics", help=_("where to write it")
    )

    announce = sub.add_parser(
        "announce", help=_("print an announcement of the next session for a group chat")
    )
    announce.add_argument("file", metavar="FILE")
    announce.add_argument("--session", type=int, metavar="ID", help=_("the session's number"))
    return {"sessions": cmd_sessions, "pairs": cmd_pairs, "ics": cmd_ics, "announce": cmd_announce}


def status_word(row, today: dt.date) -> str:  # noqa: ANN001 - a MeetingRow
    if row.cancelled:
        return "cancelled"
    return "planned" if row.date >= today else "held"


def cmd_sessions(args: argparse.Namespace) -> int:
    from copdesk.db import open_community
    from copdesk.services import meetings

    today = dt.date.today()
    with open_community(args.file) as cfile, cfile.session() as db:
        rows = meetings.list_meetings(db)
    for row in rows:
        print(f"{row.id}\t{row.date.isoformat()}\t{_flat(row.topic)}\t{status_word(row, today)}")
    return EXIT_OK


def cmd_pairs(args: argparse.Namespace) -> int:
    from copdesk.db import open_community
    from copdesk.services import pairs

    if args.seed is not None and not 0 <= args.seed <= pairs.MAX_SEED:
        raise ValidationError(
            _("The seed must be a whole number from 0 to {max}.").format(max=pairs.MAX_SEED)
        )
    with open_community(args.file) as cfile, cfile.session() as db:
        result = None if args.seed is not None else pairs.get_pairs(db, args.session)
        if result is None:
            result = pairs.draw(db, args.session, args.seed)
    for group in result.groups:
        print("\t".join(group.names))
    print(_("Seed: {seed}").format(seed=result.seed), file=sys.stderr)
    return EXIT_OK


def cmd_ics(args: argparse.Namespace) -> int:
    from copdesk.db import open_community
    from copdesk.services import sharing

    with open_community(args.file) as cfile, cfile.session() as db:
        path = sharing.write_calendar(db, args.output)
    print(_("Wrote the calendar to {path}.").format(path=path))
    return EXIT_OK


def cmd_announce(args: argparse.Namespace) -> int:
    from copdesk.db import open_community
    from copdesk.services import sharing

    with open_community(args.file) as cfile, cfile.session() as db:
        text = sharing.announcement(db, args.session, today=dt.date.today())
    print(text)
    return EXIT_OK
