"""Plain data a printout needs, already resolved to names and clock times.

:mod:`copdesk.services.printouts` fills these from a community file; the renderers in
:mod:`copdesk.reports` turn them into PDF bytes. Everything here is user text to print literally
(never markup) unless said otherwise; labels are translated by the renderer in ``locale``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

# -- the agenda -------------------------------------------------------------------------------


@dataclass(frozen=True)
class AgendaLine:
    starts_at: dt.time
    ends_at: dt.time
    title: str
    duration_minutes: int


@dataclass(frozen=True)
class PotluckLine:
    dish: str  # the slot's own label ("Salad")
    kind: str = ""  # its kind, already in the document's language ("salad")
    bringer: str = ""  # "" while nobody has said they bring it
    backup: str = ""
    dietary: tuple[str, ...] = ()  # "vegan", "nut-free", …


@dataclass(frozen=True)
class AgendaDocument:
    community_name: str
    locale: str  # Babel identifier of the community's language: the whole page is in it
    paper: str  # "a4" or "letter"
    date: dt.date
    start_time: dt.time
    end_time: dt.time
    place: str = ""
    topic: str = ""
    convener: str = ""
    host: str = ""
    purpose: str = ""  # the community's purpose statement (under the title)
    items: list[AgendaLine] = field(default_factory=list)
    presenter: str = ""
    audience: str = ""  # who this session is for
    session_purpose: str = ""  # what this session is for
    # The random pairs (names of each pair or trio), when drawn; and when their round starts.
    pairs: list[tuple[str, ...]] = field(default_factory=list)
    pairs_at: dt.time | None = None
    pairs_minutes: int | None = None
    potluck: list[PotluckLine] = field(default_factory=list)
    ballot: list[str] = field(default_factory=list)  # top backlog topics, to tick
    values: list[str] = field(default_factory=list)  # the charter's values: the footer line
    # A PNG or JPEG image (the file's bytes) printed beside the title: the community's logo, or
    # the one the CLI's --logo chose for this print. Checked by copdesk.services.logo.
    logo: bytes | None = None


# -- the sign-in sheet ------------------------------------------------------------------------


@dataclass(frozen=True)
class SigninLine:
    name: str  # preferred name, else the full name
    organisation: str = ""


@dataclass(frozen=True)
class SigninDocument:
    community_name: str
    locale: str
    paper: str
    date: dt.date
    start_time: dt.time
    end_time: dt.time
    place: str = ""
    topic: str = ""
    # Expected members who agreed to appear on printed lists, already in the language's order.
    members: list[SigninLine] = field(default_factory=list)
    newcomer_lines: int = 8  # at least this many blank lines (the last page is filled up)


# -- name tags ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class LabelLayout:
    """A sheet of labels: all lengths in millimetres from the sheet's top-left corner."""

    name: str
    paper: str  # "a4" or "letter"
    columns: int
    rows: int
    width: float  # one label
    height: float
    left: float  # margin to the first column
    top: float  # margin to the first row
    column_pitch: float  # from one column's left edge to the next one's
    row_pitch: float
    corner: float = 0  # rounded corners (only for the guide outline)

    @property
    def per_sheet(self) -> int:
        return self.columns * self.rows


LABEL_LAYOUTS: dict[str, LabelLayout] = {
    layout.name: layout
    for layout in (
        # Avery L7163 (A4): 14 labels 99.1 × 38.1 mm
        LabelLayout("l7163", "a4", 2, 7, 99.1, 38.1, 4.65, 15.15, 101.6, 38.1, 2),
        # Avery 5163 (US Letter): 10 labels 4 × 2 in
        LabelLayout("5163", "letter", 2, 5, 101.6, 50.8, 3.97, 12.7, 106.36, 50.8, 2),
        # 8 labels on A4 (Avery L7165 style): 99.1 × 67.7 mm
        LabelLayout("a4-2x4", "a4", 2, 4, 99.1, 67.7, 4.65, 13.1, 101.6, 67.7, 2),
        # 8 labels on US Letter: 4 × 2.5 in
        LabelLayout("letter-2x4", "letter", 2, 4, 101.6, 63.5, 3.97, 12.7, 106.36, 63.5, 2),
    )
}
#: The layout used when only the paper is known.
DEFAULT_LAYOUT = {"a4": "l7163", "letter": "5163"}


@dataclass(frozen=True)
class NameTag:
    name: str  # printed large: the preferred name
    organisation: str = ""  # printed small


@dataclass(frozen=True)
class NameTagDocument:
    community_name: str
    locale: str
    layout: str  # a key of LABEL_LAYOUTS (it decides the paper)
    tags: list[NameTag] = field(default_factory=list)
    blank_tags: int = 0  # empty tags for newcomers after the named ones (at least this many)
    fill_sheet: bool = True  # and blank tags up to the end of the last sheet
    date: dt.date | None = None  # printed small with the community's name
    outline: bool = False  # a light outline around each label (plain paper, to cut by hand)


# -- pair slips ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class SlipsDocument:
    community_name: str
    locale: str
    paper: str
    date: dt.date
    groups: list[tuple[str, ...]] = field(default_factory=list)  # names of each pair or trio
    prompt_offset: int = 0  # which of the prompts the first slip gets (they rotate)
    pairs_at: dt.time | None = None
    pairs_minutes: int | None = None
