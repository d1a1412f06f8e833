"""Merge packaging/po/<lang>.po (translations waiting to be merged) into the real catalogs.

    python packaging/merge_translations.py && bash tools/i18n.sh

Adds each pending message the catalog lacks, and fills in those it has untranslated; a translation
already in the catalog is never replaced. Written like ``pybabel update --no-wrap`` writes, so the
diff shows only the added messages. Delete packaging/po/<lang>.po once merged.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PENDING = ROOT / "packaging" / "po"
LOCALES = ROOT / "resources" / "locale"


def merge(pending: Path, target: Path) -> int:
    with target.open("rb") as fh:
        catalog = read_po(fh)
    with pending.open("rb") as fh:
        extra = read_po(fh)
    added = 0
    for message in extra:
        if not message.id or not message.string:
            continue
        existing = catalog.get(message.id, message.context)
        if existing is None:
            catalog[message.id] = message
            added += 1
        elif not existing.string or existing.fuzzy:
            existing.string = message.string
            existing.flags.discard("fuzzy")
            added += 1
    with target.open("wb") as fh:
        write_po(fh, catalog, width=None, sort_by_file=True)
    return added


def main() -> int:
    for pending in sorted(PENDING.glob("*.po")):
        target = LOCALES / pending.stem / "LC_MESSAGES" / "copdesk.po"
        if not target.is_file():
            print(
                f"no catalog {target}: run bash tools/i18n.sh init {pending.stem}", file=sys.stderr
            )
            return 1
        print(f"{target.relative_to(ROOT)}: {merge(pending, target)} messages added")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
