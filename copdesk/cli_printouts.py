"""Headless commands for the printouts of a session: agenda, sign-in sheet, name tags, pair slips.

``copdesk agenda|signin|nametags|slips FILE (--session ID | --next) -o OUT.pdf [--locale L]
[--paper a4|letter]``; ``nametags`` also takes ``--layout`` and ``agenda`` ``--logo IMAGE``.
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable

from copdesk.cli import existing, locale_arg
from copdesk.errors import ValidationError
from copdesk.i18n import _

COMMANDS = ("agenda", "signin", "nametags", "slips")
EXIT_OK = 0


def _helps() -> dict[str, str]:
    return {
        "agenda": _("print a session's agenda as PDF"),
        "signin": _("print a session's sign-in sheet as PDF"),
        "nametags": _("print name tags for a session's expected members on label sheets"),
        "slips": _("print the slips of a session's random pairs, to cut apart"),
    }


def register(sub: argparse._SubParsersAction) -> dict[str, Callable[[argparse.Namespace], int]]:
    from copdesk.reports.data import LABEL_LAYOUTS

    handlers = {}
    for name, help_text in _helps().items():
        parser = sub.add_parser(name, help=help_text)
        parser.add_argument("file", metavar="FILE")
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--session", type=int, metavar="ID", help=_("the session's number"))
        which.add_argument("--next", action="store_true", help=_("the next session from today"))
        parser.add_argument(
            "-o", "--output", required=True, metavar="OUT.pdf", help=_("where to write the PDF")
        )
        parser.add_argument(
            "--locale",
            type=locale_arg,
            help=_("print in this language instead of the community's"),
        )
        parser.add_argument(
            "--paper", choices=("a4", "letter"), help=_("paper size (default: the community's)")
        )
        if name == "nametags":
            parser.add_argument(
                "--layout",
                choices=tuple(LABEL_LAYOUTS),
                help=_(
                    "label sheet: l7163 (A4, 2×7), 5163 (Letter, 2×5), a4-2x4, letter-2x4 "
                    "(default: the usual one for the paper)"
                ),
            )
        if name == "agenda":
            parser.add_argument(
                "--logo", metavar="IMAGE", help=_("a PNG or JPEG logo to print beside the title")
            )
        handlers[name] = _command(name)
    return handlers


def _command(kind: str) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        return cmd_print(kind, args)

    return run


def cmd_print(kind: str, args: argparse.Namespace) -> int:
    from copdesk.db import open_community
    from copdesk.services import meetings, printouts

    existing(args.file)
    with open_community(args.file) as cfile, cfile.session() as db:
        meeting_id = args.session
        if args.next:
            meeting_id = meetings.next_meeting_id(db, dt.date.today())
            if meeting_id is None:
                raise ValidationError(_("There is no upcoming session in this community."))
        data = printouts.document_pdf(
            db,
            kind,
            meeting_id,
            locale=args.locale,
            paper=args.paper,
            layout=getattr(args, "layout", None),
            logo=getattr(args, "logo", None),
        )
    out = printouts.write_pdf(data, args.output)
    messages = {
        "agenda": _("Wrote the agenda to {path}."),
        "signin": _("Wrote the sign-in sheet to {path}."),
        "nametags": _("Wrote the name tags to {path}."),
        "slips": _("Wrote the pair slips to {path}."),
    }
    print(messages[kind].format(path=out))
    return EXIT_OK
