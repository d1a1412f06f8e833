"""Headless commands for the community's own settings: its logo, for now.

``copdesk community FILE --logo IMAGE`` stores a PNG or JPEG in the file (the agenda prints it
beside the community's name); ``copdesk community FILE --no-logo`` removes it.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

from copdesk.cli import existing
from copdesk.i18n import _

COMMANDS = ("community",)
EXIT_OK = 0


def register(sub: argparse._SubParsersAction) -> dict[str, Callable[[argparse.Namespace], int]]:
    parser = sub.add_parser("community", help=_("change the community's logo"))
    parser.add_argument("file", metavar="FILE")
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument(
        "--logo",
        metavar="IMAGE",
        help=_("store a PNG or JPEG logo (at most 2 MB) that the agenda prints beside the title"),
    )
    which.add_argument("--no-logo", action="store_true", help=_("remove the stored logo"))
    return {"community": cmd_community}


def cmd_community(args: argparse.Namespace) -> int:
    from copdesk.db import open_community
    from copdesk.services import logo

    existing(args.file, only_file=True)
    # refuse a bad image before opening (and perhaps backing up) FILE
    chosen = logo.read_logo_file(args.logo) if args.logo else None
    with open_community(args.file) as cfile, cfile.session() as db:
        if chosen is not None:
            logo.store_logo(db, chosen)
            message = _("Stored the logo ({width} × {height} pixels) in {path}.").format(
                width=chosen.width, height=chosen.height, path=args.file
            )
        elif logo.clear_logo(db):
            message = _("Removed the logo from {path}.").format(path=args.file)
        else:
            message = _("{path} has no logo.").format(path=args.file)
    print(message)
    return EXIT_OK
