"""`copdesk roster import|export|vcard`: the members to and from spreadsheets and address books."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from copdesk.cli import EXIT_ERROR, EXIT_OK, existing
from copdesk.errors import ValidationError
from copdesk.i18n import _, ngettext

COMMANDS = ("roster",)


def register(sub: argparse._SubParsersAction) -> dict[str, Callable[[argparse.Namespace], int]]:
    roster_cmd = sub.add_parser("roster", help=_("import or export the members (CSV, vCard)"))
    actions = roster_cmd.add_subparsers(dest="roster_command", metavar=_("ACTION"), required=True)
    imp = actions.add_parser(
        "import",
        help=_("add or update members from a spreadsheet saved as CSV"),
        description=_(
            "Rows matching a member (same email, else same name) update it; others are added. "
            "Nothing is imported if any row has a problem, unless --skip-invalid."
        ),
    )
    imp.add_argument("file", metavar="FILE")
    imp.add_argument("csv", metavar="CSV")
    imp.add_argument(
        "--dry-run", action="store_true", help=_("show what would be imported; change nothing")
    )
    imp.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="COLUMN=FIELD",
        help=_("read a column (its header or number) as a field, or 'ignore' it; may be repeated"),
    )
    imp.add_argument(
        "--skip-invalid", action="store_true", help=_("import the valid rows and list the others")
    )
    exp = actions.add_parser("export", help=_("write every member to a CSV file"))
    exp.add_argument("file", metavar="FILE")
    exp.add_argument("csv", metavar="CSV")
    vcf = actions.add_parser("vcard", help=_("write the members who may be contacted as vCards"))
    vcf.add_argument("file", metavar="FILE")
    vcf.add_argument("out", metavar="OUT.vcf")
    return {"roster": cmd_roster}


def _mapping(items: list[str]) -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    for item in items:
        column, sep, target = item.partition("=")
        if not sep or not column.strip():
            raise ValidationError(
                _('“{map}” is not COLUMN=FIELD (for example --map "Correo=email").').format(
                    map=item
                )
            )
        out[column.strip()] = target.strip() or None
    return out


def cmd_roster(args: argparse.Namespace) -> int:
    from copdesk.db import open_community
    from copdesk.services import printouts, roster, roster_io

    existing(args.file)
    if args.roster_command == "import":
        data = existing(args.csv, only_file=True).read_bytes()
        overrides = _mapping(args.map)
        with open_community(args.file) as cfile, cfile.session() as db:
            plan = roster_io.plan_import(db, data, overrides)
            for line in roster_io.plan_lines(plan):
                print(line)
            if args.dry_run:
                print(_("Dry run: nothing was changed."))
                return EXIT_ERROR if plan.problems and not args.skip_invalid else EXIT_OK
            report = roster_io.apply_import(db, plan, skip_invalid=args.skip_invalid)
        for line in report.lines():
            print(line)
        return EXIT_OK
    with open_community(args.file, readonly=True) as cfile, cfile.session() as db:
        if args.roster_command == "export":
            data = roster_io.export_csv(db)
            count = roster.count_members(db)
            out = printouts.write_file(data, args.csv)
            print(
                ngettext(
                    "Wrote {count} member to {path}.", "Wrote {count} members to {path}.", count
                ).format(count=count, path=out)
            )
            return EXIT_OK
        cards, count = roster_io.export_vcard(db)
    out = printouts.write_file(cards, args.out)
    print(
        ngettext(
            "Wrote {count} contact to {path} (members who agreed to be contacted).",
            "Wrote {count} contacts to {path} (members who agreed to be contacted).",
            count,
        ).format(count=count, path=out)
    )
    return EXIT_OK
