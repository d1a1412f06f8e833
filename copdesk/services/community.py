"""The community a file holds: create it, read it, change it."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, fields

from sqlalchemy import select
from sqlalchemy.orm import Session

from copdesk.db import CommunityFile, committed, create_file
from copdesk.errors import NotFound, ValidationError
from copdesk.i18n import _, normalize_locale
from copdesk.models import Community
from copdesk.services import name_keys
from copdesk.services.logo import Logo, logo_info, put_logo

PAPER_SIZES = ("a4", "letter")
# glibc's LC_PAPER: these territories use US Letter, everyone else A4 (Babel has no paper data).
LETTER_TERRITORIES = frozenset("BO CA CL CO CR GT MX NI PA PH PR SV US VE".split())


@dataclass(frozen=True)
class CommunityInfo:
    name: str
    purpose: str = ""
    meeting_weekday: int = 1
    meeting_time: dt.time = dt.time(18, 0)
    place: str = ""
    locale: str = "en"
    paper: str | None = None  # None: follow the locale's territory
    # Printed beside the name on the agenda. From get_community: the stored logo, described but
    # not loaded (its image is read only to print it: copdesk.services.logo.get_logo); a new one
    # comes with its image (logo.read_logo_file). None: no logo (update_community removes one).
    logo: Logo | None = None


def _columns(info: CommunityInfo) -> dict:
    """The values of the community's own row (the logo has a table of its own)."""
    return {f.name: getattr(info, f.name) for f in fields(info) if f.name != "logo"}


def validate(info: CommunityInfo) -> CommunityInfo:
    """Return a cleaned copy, or raise ValidationError naming the field."""
    name = info.name.strip()
    if not name:
        raise ValidationError(_("Please give the community a name."), field="name")
    if len(name) > 200:
        raise ValidationError(_("The name is too long (at most 200 characters)."), field="name")
    if not 0 <= info.meeting_weekday <= 6:
        raise ValidationError(_("Choose a weekday for the meetings."), field="meeting_weekday")
    try:
        locale = normalize_locale(info.locale)
    except ValueError:
        raise ValidationError(
            _("“{language}” is not a language copdesk knows.").format(language=info.locale),
            field="locale",
        ) from None
    if info.paper is not None and info.paper not in PAPER_SIZES:
        raise ValidationError(_("Paper size must be A4 or Letter."), field="paper")
    return CommunityInfo(
        name=name,
        purpose=info.purpose.strip(),
        meeting_weekday=info.meeting_weekday,
        meeting_time=info.meeting_time.replace(second=0, microsecond=0),
        place=info.place.strip(),
        locale=locale,
        paper=info.paper,
        logo=info.logo,
    )


def create_community(
    path: str | os.PathLike[str], info: CommunityInfo, *, overwrite: bool = False
) -> CommunityFile:
    """Create a new community file holding ``info``; nothing is written if ``info`` is invalid."""
    clean = validate(info)
    cfile = create_file(path, overwrite=overwrite)
    with cfile.session() as db:
        db.add(Community(id=1, **_columns(clean)))
        db.flush()
        put_logo(db, clean.logo)
        name_keys.rekey(db, clean.locale)
        db.commit()
    return cfile


def _row(db: Session) -> Community:
    row = db.scalar(select(Community).where(Community.id == 1))
    if row is None:
        raise NotFound(_("This file holds no community."))
    return row


def get_community(db: Session) -> CommunityInfo:
    row = _row(db)
    return CommunityInfo(
        name=row.name,
        purpose=row.purpose,
        meeting_weekday=row.meeting_weekday,
        meeting_time=row.meeting_time,
        place=row.place,
        locale=row.locale,
        paper=row.paper,
        logo=logo_info(db),
    )


def update_community(db: Session, info: CommunityInfo) -> CommunityInfo:
    """Change the community to ``info``, logo included, in one committed transaction."""
    clean = validate(info)
    with committed(db):
        row = _row(db)
        for key, value in _columns(clean).items():
            setattr(row, key, value)
        put_logo(db, clean.logo)
        name_keys.rekey(db, clean.locale)  # the Roster's name order follows the language
    return clean


def paper_for(info: CommunityInfo, override: str | None = None) -> str:
    """The paper size to print on: an explicit choice, the community's, else the locale's."""
    if override:
        if override not in PAPER_SIZES:
            raise ValidationError(_("Paper size must be A4 or Letter."), field="paper")
        return override
    if info.paper:
        return info.paper
    return "letter" if locale_territory(info.locale) in LETTER_TERRITORIES else "a4"


def locale_territory(locale: str) -> str:
    """The territory a locale names, or the likely one ('en' → US, 'es' → ES, 'ar' → EG)."""
    from babel import Locale
    from babel.core import get_global

    loc = Locale.parse(normalize_locale(locale))
    if loc.territory:
        return loc.territory
    likely = get_global("likely_subtags").get(loc.language, "")
    return likely.split("_")[-1] if "_" in likely else ""
