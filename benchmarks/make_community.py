"""Generate a large community, as a CSV roster and/or a community file, for benchmarks and tries.

Usage::

    python benchmarks/make_community.py N [--csv OUT.csv] [--file OUT.copdesk] [--seed S]

``N`` members with names in several scripts (Latin with accents, Vietnamese, Arabic, Hebrew,
Devanagari, Cyrillic, Greek, Japanese, Chinese), about N/40 organisations, two to four skills to
teach and to learn from a list of topics, languages, a few consent refusals and join dates. The
output is deterministic for a given ``N`` and ``--seed``. ``--csv`` writes the roster as copdesk
would export it (UTF-8 with BOM, CRLF, English headers), which is also what
``copdesk roster import`` reads; ``--file`` creates a community file and imports that CSV into
it (through :func:`copdesk.services.roster_io.import_csv`, so it also exercises the importer).

Examples::

    python benchmarks/make_community.py 100000 --csv /tmp/100k.csv
    python benchmarks/make_community.py 5000 --file /tmp/big.copdesk
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

GIVEN = (
    "Ana",
    "José",
    "Zoë",
    "Søren",
    "Émilie",
    "Jürgen",
    "Łukasz",
    "Ingrid",
    "Mateus",
    "Aroha",
    "Kwame",
    "Fatou",
    "Hương",
    "Minh",
    "سارة",
    "محمد",
    "דניאל",
    "נועה",
    "प्रिया",
    "राहुल",
    "Ольга",
    "Иван",
    "Νίκος",
    "Ελένη",
    "花子",
    "健",
    "伟",
    "娜",
    "Agnieszka",
    "Tomás",
)
FAMILY = (
    "Gutiérrez",
    "Ramírez",
    "Åberg",
    "Kierkegaard",
    "Lefèvre",
    "Müller",
    "Wałęsa",
    "Johansson",
    "Oliveira",
    "Ngata",
    "Mensah",
    "Diallo",
    "Nguyễn",
    "Trần",
    "الخطيب",
    "العلي",
    "כהן",
    "לוי",
    "शर्मा",
    "वर्मा",
    "Петрова",
    "Иванов",
    "Παπαδόπουλος",
    "山田",
    "佐藤",
    "陈",
    "李",
    "Kowalska",
    "Ó Briain",
    "O'Connor",
)
ORG_WORDS = (
    "Library",
    "Cooperative",
    "Health Department",
    "Tenants' Union",
    "Universidad Popular",
    "Makerspace",
    "Repair Café",
    "Food Bank",
    "Youth Club",
    "Bibliothèque",
    "Stadtteilzentrum",
)
PLACES = ("North", "South", "East", "West", "Riverside", "Centre", "Hill", "Harbour")
TOPICS = (
    "facilitation",
    "grant writing",
    "spreadsheets",
    "mapping",
    "repair",
    "translation",
    "storytelling",
    "accessibility",
    "evaluation",
    "printing",
    "onboarding",
    "conflict",
    "SQL",
    "Python",
    "photography",
    "cooking",
    "first aid",
    "fundraising",
    "design",
    "law",
)
LANGS = ("English", "Español", "Français", "Deutsch", "العربية", "עברית", "हिन्दी", "日本語")


def rows(n: int, seed: int = 2026) -> list[list[str]]:
    """The roster as CSV rows (header first), in copdesk's export column order."""
    from copdesk.services.roster_io import FIELDS, HEADER_SYNONYMS, guard_formula

    rng = random.Random(seed)
    orgs = [f"{rng.choice(ORG_WORDS)} {rng.choice(PLACES)} {i}" for i in range(max(1, n // 40))]
    out = [[HEADER_SYNONYMS[f]["en"][0] for f in FIELDS]]
    first = dt.date(2020, 1, 1)
    for i in range(n):
        given, family = rng.choice(GIVEN), rng.choice(FAMILY)
        name = f"{family}{given}" if family[0] >= "\u3040" else f"{given} {family}"
        teach = rng.sample(TOPICS, rng.randint(2, 4))
        learn = rng.sample(TOPICS, rng.randint(2, 4))
        values = {
            "name": name,
            "preferred_name": given if rng.random() < 0.3 else "",
            "pronouns": rng.choice(("", "", "she/her", "he/him", "they/them")),
            "email": f"member{i}@example.org",
            "phone": f"+1 555 {i:07d}",
            "organisation": rng.choice(orgs),
            "languages": "; ".join(rng.sample(LANGS, rng.randint(1, 3))),
            "can_teach": "; ".join(teach),
            "wants_to_learn": "; ".join(learn),
            "why": "",
            "why_tags": "",
            "may_print": "no" if rng.random() < 0.05 else "yes",
            "may_contact": "no" if rng.random() < 0.08 else "yes",
            "joined_on": (first + dt.timedelta(days=rng.randrange(2000))).isoformat(),
            "notes": "",
        }
        out.append([guard_formula(values[f]) for f in FIELDS])
    return out


def csv_bytes(n: int, seed: int = 2026) -> bytes:
    buf = io.StringIO(newline="")
    csv.writer(buf, lineterminator="\r\n").writerows(rows(n, seed))
    return buf.getvalue().encode("utf-8-sig")


def make_file(path: Path, n: int, seed: int = 2026) -> Path:
    from copdesk.services import roster_io
    from copdesk.services.community import CommunityInfo, create_community

    cfile = create_community(path, CommunityInfo(name=f"{n} members"), overwrite=True)
    try:
        with cfile.session() as db:
            roster_io.import_csv(db, csv_bytes(n, seed))
    finally:
        cfile.close()
    return cfile.path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="number of members")
    parser.add_argument("--csv", type=Path, help="write the roster as CSV here")
    parser.add_argument("--file", type=Path, help="create a community file here")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    if not args.csv and not args.file:
        parser.error("give --csv and/or --file")
    if args.csv:
        args.csv.write_bytes(csv_bytes(args.n, args.seed))
        print(f"wrote {args.n} members to {args.csv}")
    if args.file:
        print(f"wrote {make_file(args.file, args.n, args.seed)}")


if __name__ == "__main__":
    main()
