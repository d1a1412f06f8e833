"""Headless commands for the charter: print it, export it for another community, import one."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from copdesk.cli import existing, locale_arg
from copdesk.i18n import _

COMMANDS = ("charter", "charter-export", "charter-import")
EXIT_OK = 0


def register(sub: argparse._SubParsersAction) -> dict[str, Callable[[argparse.Namespace], int]]:
    pdf = sub.add_parser("charter", help=_("print the community's charter as a one-page PDF"))
    pdf.add_argument("file", metavar="FILE")
    pdf.add_argument(
        "-o", "--output", required=True, metavar="OUT.pdf", help=_("where to write the PDF")
    )
    pdf.add_argument(
        "--locale", type=locale_arg, help=_("print in this language instead of the community's")
    )
    pdf.add_argument(
        "--paper", choices=("a4", "letter"), help=_("paper size (default: the community's)")
    )
    pdf.add_argument(
        "--version",
        type=int,
        metavar="N",
        dest="number",
        help=_("print this version (default: the newest)"),
    )

    exp = sub.add_parser(
        "charter-export", help=_("write the charter and session format as a JSON file to share")
    )
    exp.add_argument("file", metavar="FILE")
    exp.add_argument("out", metavar="OUT.json")

    imp = sub.add_parser(
        "charter-import", help=_("start from another community's charter file (a new version)")
    )
    imp.add_argument("file", metavar="FILE")
    imp.add_argument("source", metavar="IN.json")
    return {"charter": cmd_charter, "charter-export": cmd_export, "charter-import": cmd_import}


def cmd_charter(args: argparse.Namespace) -> int:
    from copdesk.db import open_community
    from copdesk.services import charter, printouts

    existing(args.file, only_file=True)
    with open_community(args.file, readonly=True) as cfile, cfile.session() as db:
        data = charter.charter_pdf(db, locale=args.locale, paper=args.paper, number=args.number)
    out = printouts.write_pdf(data, args.output)
    print(_("Wrote the charter to {path}.").format(path=out))
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from copdesk.db import open_community
    from copdesk.services import charter, printouts

    existing(args.file, only_file=True)
    with open_community(args.file, readonly=True) as cfile, cfile.session() as db:
        data = charter.export_charter(db)
    out = printouts.write_file(data, args.out)
    print(_("Wrote the charter to {path}.").format(path=out))
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    from copdesk.db import open_community
    from copdesk.services import charter

    existing(args.file, only_file=True)
    data = existing(args.source, only_file=True).read_bytes()
    charter.read_charter_file(data)  # refuse a bad file before opening (and backing up) FILE
    with open_community(args.file) as cfile, cfile.session() as db:
        saved = charter.import_charter(db, data)
    if saved.created:
        print(_("Imported the charter as version {number}.").format(number=saved.version.number))
    else:
        print(_("The charter is the same as the current one; nothing was changed."))
    return EXIT_OK
