"""The headless commands. Each is the same core call the window makes.

Errors a user can cause print one clear line on stderr and exit non-zero, never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from copdesk import __version__
from copdesk.errors import CopdeskError, FileProblem
from copdesk.i18n import (
    LANGUAGE_ENV,
    PSEUDO_LOCALE,
    _,
    normalize_locale,
    set_window_language,
    window_language_choice,
)

# Command groups that live in their own modules: each has `COMMANDS` (names) and
# `register(subparsers) -> dict[name, handler]`, so features add commands without editing this file.
COMMAND_MODULES: tuple[str, ...] = (
    "copdesk.cli_roster",
    "copdesk.cli_sessions",
    "copdesk.cli_charter",
    "copdesk.cli_printouts",
    "copdesk.cli_participation",
    "copdesk.cli_community",
)
CORE_COMMANDS = ("demo", "check")


def _modules() -> list:
    import importlib

    found = []
    for name in COMMAND_MODULES:
        try:
            found.append(importlib.import_module(name))
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
    return found


def command_names() -> tuple[str, ...]:
    return CORE_COMMANDS + tuple(c for m in _modules() for c in m.COMMANDS)


EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2


# -- helpers the command modules share -----------------------------------------------------------


def locale_arg(value: str) -> str:
    """A ``--locale`` argument: a language copdesk knows, normalised."""
    try:
        return normalize_locale(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("“{language}” is not a language copdesk knows.").format(language=value)
        ) from None


def window_language_arg(value: str) -> str:
    """A ``--language`` argument: a language copdesk knows, or the testers' pseudo-locale."""
    return PSEUDO_LOCALE if value == PSEUDO_LOCALE else locale_arg(value)


def _language_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="copdesk", add_help=False, allow_abbrev=False)
    parser.add_argument(
        "--language",
        type=window_language_arg,
        metavar="LANG",
        help=_("the window's language for this run, e.g. de or ar (pseudo: a test language)"),
    )
    return parser


def existing(path: str, *, only_file: bool = False) -> Path:
    """``path`` as a Path; FileProblem if nothing is there (or, ``only_file``, no file)."""
    found = Path(path)
    if not (found.is_file() if only_file else found.exists()):
        raise FileProblem(_("The file {path} does not exist.").format(path=path))
    return found


def _build_parser() -> tuple[argparse.ArgumentParser, dict]:
    parser = argparse.ArgumentParser(
        prog="copdesk",
        description=_("copdesk: plan and print the sessions of a community of practice."),
        epilog=_("Without a command, copdesk opens its window (on FILE, or the last file used)."),
        parents=[_language_parser()],  # for --help only: main() takes --language out first
    )
    parser.add_argument("--version", action="version", version=f"copdesk {__version__}")
    sub = parser.add_subparsers(dest="command", metavar=_("COMMAND"))

    demo = sub.add_parser("demo", help=_("write a demo community to FILE"))
    demo.add_argument("file", metavar="FILE")
    demo.add_argument(
        "--locale", type=locale_arg, default="en", help=_("the community's language (default: en)")
    )

    check = sub.add_parser("check", help=_("check a file's integrity and schema"))
    check.add_argument("file", metavar="FILE")
    handlers = {"demo": cmd_demo, "check": cmd_check}
    for module in _modules():
        handlers.update(module.register(sub))
    return parser, handlers


def _window_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="copdesk", add_help=False)
    parser.add_argument("file", nargs="?", metavar="FILE")
    return parser


def cmd_demo(args: argparse.Namespace) -> int:
    from copdesk.demo import write_demo

    path = write_demo(args.file, locale=args.locale)
    print(_("Wrote the demo community to {path}.").format(path=path))
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    from copdesk.db import check_file

    existing(args.file)
    findings = check_file(args.file)
    for finding in findings:
        mark = _("ok") if finding.ok else _("PROBLEM")
        print(f"{mark}: {finding.message}")
    sound = all(f.ok for f in findings)
    print(_("The file is sound.") if sound else _("The file has problems."))
    return EXIT_OK if sound else EXIT_ERROR


def _no_display() -> bool:
    """True on Linux/BSD with no X11 or Wayland display and no Qt platform chosen explicitly."""
    if not sys.platform.startswith(("linux", "freebsd", "openbsd")):
        return False
    env = os.environ
    return not (env.get("DISPLAY") or env.get("WAYLAND_DISPLAY") or env.get("QT_QPA_PLATFORM"))


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    from copdesk import settings

    # --language (anywhere on the line) chooses the window's language, and the messages', for
    # this run only: through the environment, so the window started below sees it too.
    if "--language" in args_list or any(a.startswith("--language=") for a in args_list):
        chosen, args_list = _language_parser().parse_known_args(args_list)
        if chosen.language:
            os.environ[LANGUAGE_ENV] = chosen.language
    set_window_language(window_language_choice(settings.load().window_language))
    if not args_list or (args_list[0] not in command_names() and not args_list[0].startswith("-")):
        window_args = _window_parser().parse_args(args_list)
        if window_args.file and not Path(window_args.file).exists():
            print(
                _("copdesk: the file {path} does not exist.").format(path=window_args.file),
                file=sys.stderr,
            )
            return EXIT_ERROR
        if _no_display():
            print(
                _(
                    "copdesk: there is no screen to open the window on (DISPLAY is not set). "
                    "The commands demo, agenda and check work without one; see copdesk --help."
                ),
                file=sys.stderr,
            )
            return EXIT_ERROR
        from copdesk.app import run

        return run(window_args.file, [sys.argv[0], *args_list[1:]])
    parser, handlers = _build_parser()
    args = parser.parse_args(args_list)
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    handler = handlers[args.command]
    try:
        return handler(args)
    except CopdeskError as exc:
        print(_("copdesk: {message}").format(message=exc.message), file=sys.stderr)
        return EXIT_ERROR
    except OSError as exc:
        print(_("copdesk: {message}").format(message=exc.strerror or str(exc)), file=sys.stderr)
        return EXIT_ERROR
