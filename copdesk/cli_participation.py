"""Headless commands for participation: the printed report and the numbers behind it.

``copdesk report FILE [--from DATE] [--to DATE] -o OUT.pdf [--locale L] [--paper a4|letter]``
``copdesk report-csv FILE OUTDIR [--from DATE] [--to DATE]``
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable
from pathlib import Path

from copdesk.cli import existing, locale_arg
from copdesk.errors import FileProblem, ValidationError
from copdesk.i18n import _, ngettext

COMMANDS = ("report", "report-csv")
EXIT_OK = 0


def _date(value: str | None) -> dt.date | None:
    """A YYYY-MM-DD argument (checked in the command, so a typo is one line and exit 1)."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise ValidationError(
            _("“{value}” is not a date; write it as YYYY-MM-DD.").format(value=value)
        ) from None


def _period(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--from", dest="start", metavar="DATE", help=_("first day (YYYY-MM-DD)"))
    parser.add_argument("--to", dest="end", metavar="DATE", help=_("last day (YYYY-MM-DD)"))


def register(sub: argparse._SubParsersAction) -> dict[str, Callable[[argparse.Namespace], int]]:
    report = sub.add_parser("report", help=_("print the participation report of a period as PDF"))
    report.add_argument("file", metavar="FILE")
    _period(report)
    report.add_argument(
        "-o", "--output", required=True, metavar="OUT.pdf", help=_("where to write the PDF")
    )
    report.add_argument(
        "--locale", type=locale_arg, help=_("print in this language instead of the community's")
    )
    report.add_argument(
        "--paper", choices=("a4", "letter"), help=_("paper size (default: the community's)")
    )
    numbers = sub.add_parser(
        "report-csv", help=_("write the numbers behind the participation charts as CSV files")
    )
    numbers.add_argument("file", metavar="FILE")
    numbers.add_argument("folder", metavar="OUTDIR", help=_("an existing folder for the files"))
    _period(numbers)
    return {"report": cmd_report, "report-csv": cmd_report_csv}


def _open(path: str):  # noqa: ANN202 - a CommunityFile context manager
    from copdesk.db import open_community

    existing(path)
    return open_community(path)


def cmd_report(args: argparse.Namespace) -> int:
    from copdesk.services import participation, printouts

    with _open(args.file) as cfile, cfile.session() as db:
        data = participation.report_pdf(
            db,
            dt.date.today(),
            _date(args.start),
            _date(args.end),
            locale=args.locale,
            paper=args.paper,
        )
    out = printouts.write_pdf(data, args.output)
    print(_("Wrote the participation report to {path}.").format(path=out))
    return EXIT_OK


def cmd_report_csv(args: argparse.Namespace) -> int:
    from copdesk.services import participation

    folder = Path(args.folder)
    if not folder.is_dir():
        raise FileProblem(_("The folder {folder} does not exist.").format(folder=folder))
    with _open(args.file) as cfile, cfile.session() as db:
        ov = participation.overview(db, dt.date.today(), _date(args.start), _date(args.end))
    written = participation.write_csv(ov, folder)
    print(
        ngettext(
            "Wrote {count} CSV file to {folder}.",
            "Wrote {count} CSV files to {folder}.",
            len(written),
        ).format(count=len(written), folder=folder)
    )
    return EXIT_OK
