"""The roster as table models.

:class:`RosterModel` is what the Roster tab shows: ids from the core's search, rows fetched a
page at a time, sorted by the language's collation. :class:`MemberTableModel` and its proxy are
the small in-memory pair for short lists of rows already read (and their tests).
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QGuiApplication

from copdesk.collation import sort_key
from copdesk.i18n import N_, _, window
from copdesk.services.roster import JourneyState, MemberRow
from copdesk.ui.table_model import Index, RowTableModel
from copdesk.ui.text import date_text, fold


class MemberTableModel(RowTableModel[MemberRow]):
    NAME, PREFERRED, ORGANISATION, EMAIL, PHONE, JOINED = range(6)
    COLUMN_COUNT = 6

    IdRole = Qt.ItemDataRole.UserRole + 1
    SortRole = Qt.ItemDataRole.UserRole + 2
    SearchRole = Qt.ItemDataRole.UserRole + 3

    def __init__(self, parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self._search: list[str] = []

    def set_rows(self, rows: list[MemberRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._search = [
            fold(" ".join((r.name, r.preferred_name, r.organisation, r.email))) for r in rows
        ]
        self.endResetModel()

    def member(self, row: int) -> MemberRow:
        return self.row_at(row)

    # -- Qt model interface ---------------------------------------------------------------------
    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not self.valid(index):
            return None
        r = self._rows[index.row()]
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return {
                self.NAME: r.name,
                self.PREFERRED: r.preferred_name,
                self.ORGANISATION: r.organisation,
                self.EMAIL: r.email,
                self.PHONE: r.phone,
                self.JOINED: date_text(r.joined_on),
            }.get(col)
        if role == Qt.ItemDataRole.ToolTipRole and col == self.NAME and r.notes:
            return r.notes
        if role == self.IdRole:
            return r.id
        if role == self.SortRole:
            if col == self.JOINED:
                # Members without a date sort before everyone else.
                return r.joined_on.toordinal() if r.joined_on else 0
            text = {
                self.NAME: r.name,
                self.PREFERRED: r.display_name,
                self.ORGANISATION: r.organisation,
                self.EMAIL: r.email,
                self.PHONE: r.phone,
            }.get(col, "")
            return fold(text)
        if role == self.SearchRole:
            return self._search[index.row()]
        return None

    def headers(self) -> dict[int, str]:
        return {
            self.NAME: _("Name"),
            self.PREFERRED: _("Preferred name"),
            self.ORGANISATION: _("Organisation"),
            self.EMAIL: _("Email"),
            self.PHONE: _("Phone"),
            self.JOINED: _("Joined"),
        }


class MemberFilterProxy(QSortFilterProxyModel):
    """Keeps the members whose name, preferred name, organisation or email hold every word typed."""

    def __init__(self, parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self._words: list[str] = []
        self.setSortRole(MemberTableModel.SortRole)
        self.setSortLocaleAware(True)
        self.setDynamicSortFilter(True)

    def set_search(self, text: str) -> None:
        self.beginFilterChange()
        self._words = fold(text).split()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:  # noqa: N802
        if not self._words:
            return True
        model = self.sourceModel()
        haystack = model.index(source_row, 0, source_parent).data(MemberTableModel.SearchRole)
        return all(word in haystack for word in self._words)


# -- the roster pane's model: 100,000 members without 100,000 rows in memory ---------------------


@dataclass(frozen=True)
class Column:
    key: str  # a MemberRow field, or "roles" / "journey"
    label: str  # N_(): translated when shown
    shown: bool = True  # shown by default


COLUMNS: tuple[Column, ...] = (
    Column("name", N_("Name")),
    Column("preferred_name", N_("Preferred name")),
    Column("pronouns", N_("Pronouns"), False),
    Column("organisation", N_("Organisation")),
    Column("email", N_("Email")),
    Column("phone", N_("Phone")),
    Column("languages", N_("Languages"), False),
    Column("can_teach", N_("Can teach")),
    Column("wants_to_learn", N_("Wants to learn"), False),
    Column("roles", N_("Roles")),
    Column("journey", N_("Journey")),
    Column("joined_on", N_("Joined")),
    Column("why_tags", N_("Why tags"), False),
    Column("may_print", N_("On printed lists"), False),
    Column("may_contact", N_("May be contacted"), False),
)
COLUMN_KEYS = tuple(c.key for c in COLUMNS)
RTL = Qt.LayoutDirection.RightToLeft
NOT_TEXT = frozenset({"joined_on", "may_print", "may_contact"})  # sorted by value, not collation

Fetch = Callable[[list[int]], list[MemberRow]]
ReadColumn = Callable[[str], Mapping[int, object]]


class RosterModel(QAbstractTableModel):
    """The members the search and filters let through, in the chosen order, fetched by pages.

    The model holds only ids (``set_ids``); the rows on screen are read a page at a time with
    ``fetch`` (the core's ``get_members``) and kept in a small LRU cache. Sorting by a column
    reads that one column for everyone once (``read_column``) and orders every member by the
    language's collation key (:func:`copdesk.collation.sort_key`); that order is cached, so a
    keystroke in the search only filters it. Empty values sort last either way round.
    """

    IdRole = Qt.ItemDataRole.UserRole + 1
    SortRole = Qt.ItemDataRole.UserRole + 2

    PAGE = 200  # rows read at once
    MAX_ROWS = 10_000  # rows kept (least recently shown dropped first)

    def __init__(
        self,
        fetch: Fetch,
        read_column: ReadColumn,
        locale: str = "en",
        today: dt.date | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._fetch = fetch
        self._read_column = read_column
        self.locale = locale
        self.today = today or dt.date.today()
        self._base: list[int] = []  # what search/filters let through, id order
        self._all: list[int] = []  # every member, id order
        self._ids: list[int] = []  # _base in the shown order
        self._row_of: dict[int, int] | None = None
        self._cache: OrderedDict[int, MemberRow] = OrderedDict()  # id → row, LRU
        self._sorted: dict[str, list[int]] = {}  # column key → every member, ascending
        self._rank: dict[str, dict[int, int]] = {}
        self._values: dict[str, Mapping[int, object]] = {}
        self._everyone_filled: set[str] = set()  # columns with a value for every member
        self.sort_column = 0
        self.sort_order = Qt.SortOrder.AscendingOrder
        self._journeys: Mapping[int, JourneyState] | None = None

    # -- feeding ----------------------------------------------------------------------------------
    def set_ids(self, ids: list[int], all_ids: list[int] | None = None) -> None:
        """Show these members (ids in id order, as search_members returns them), out of
        ``all_ids`` (every member; unchanged if None)."""
        self.beginResetModel()
        self._base = ids
        if all_ids is not None:
            self._all = all_ids
        self._ids = self._ordered()
        self._row_of = None
        self.endResetModel()

    def forget(self) -> None:
        """The file changed: drop cached rows and sort orders (read again when needed)."""
        self._cache.clear()
        self._sorted.clear()
        self._rank.clear()
        self._values.clear()
        self._everyone_filled.clear()
        self._journeys = None

    def prime(self, key: str, values: Mapping[int, object]) -> None:
        """Hand over a column already read (the names, read anyway to list every member)."""
        self._values[key] = values

    def prime_order(self, key: str, ids: list[int]) -> None:
        """Hand over every member in ascending order of a column that nobody leaves empty (the
        names, in the file's collation order), so that column is never read to sort it."""
        self._sorted[key] = ids
        self._everyone_filled.add(key)

    def set_journeys(self, journeys: Mapping[int, JourneyState] | None) -> None:
        self._journeys = journeys
        self._values.pop("journey", None)
        if self._ids:
            col = COLUMN_KEYS.index("journey")
            self.dataChanged.emit(self.index(0, col), self.index(len(self._ids) - 1, col))

    def ids(self) -> list[int]:
        return self._ids

    def member_id(self, row: int) -> int:
        return self._ids[row]

    def row_of(self, member_id: int) -> int | None:
        if self._row_of is None:
            self._row_of = {mid: i for i, mid in enumerate(self._ids)}
        return self._row_of.get(member_id)

    def member(self, row: int) -> MemberRow | None:
        if not 0 <= row < len(self._ids):
            return None
        mid = self._ids[row]
        found = self._cache.get(mid)
        if found is not None:
            self._cache.move_to_end(mid)
            return found
        start = row - row % self.PAGE
        wanted = [i for i in self._ids[start : start + self.PAGE] if i not in self._cache]
        for r in self._fetch(wanted):
            self._cache[r.id] = r
        while len(self._cache) > self.MAX_ROWS:
            self._cache.popitem(last=False)
        return self._cache.get(mid)

    # -- sorting ------------------------------------------------------------------------------------
    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        old_ids = [self._ids[p.row()] if p.row() < len(self._ids) else None for p in persistent]
        self.sort_column, self.sort_order = column, order
        self._ids = self._ordered()
        self._row_of = None
        new = []
        for p, mid in zip(persistent, old_ids, strict=True):
            row = self.row_of(mid) if mid is not None else None
            new.append(QModelIndex() if row is None else self.index(row, p.column()))
        self.changePersistentIndexList(persistent, new)
        self.layoutChanged.emit()

    def _ordered(self) -> list[int]:
        key = COLUMN_KEYS[self.sort_column]
        everyone = self._sorted_all(key)
        if len(everyone) == len(self._base):
            ordered = everyone
        elif len(self._base) * 8 < len(everyone):
            rank = self._rank.get(key)
            if rank is None:
                rank = self._rank[key] = {mid: i for i, mid in enumerate(everyone)}
            big = len(everyone)
            ordered = sorted(self._base, key=lambda mid: rank.get(mid, big))
        else:
            wanted = set(self._base)
            ordered = [mid for mid in everyone if mid in wanted]
            if len(ordered) < len(self._base):  # added since the order was read
                seen = set(ordered)
                ordered += [mid for mid in self._base if mid not in seen]
        if self.sort_order == Qt.SortOrder.DescendingOrder and key in self._everyone_filled:
            ordered = ordered[::-1]
        elif self.sort_order == Qt.SortOrder.DescendingOrder:
            filled = [mid for mid in ordered if self._is_filled(key, mid)]
            empty = [mid for mid in ordered if not self._is_filled(key, mid)]
            ordered = filled[::-1] + empty
        return ordered

    def _column(self, key: str) -> Mapping[int, object]:
        values = self._values.get(key)
        if values is None:
            if key == "journey" and self._journeys is not None:
                values = {mid: s.label for mid, s in self._journeys.items()}
            else:
                values = self._read_column(key)
            self._values[key] = values
        return values

    def _is_filled(self, key: str, mid: int) -> bool:
        value = self._column(key).get(mid)
        return value is not None and value != ""

    def _sorted_all(self, key: str) -> list[int]:
        done = self._sorted.get(key)
        if done is not None:
            return done
        values = self._column(key)
        ids = list(values)
        vals = list(values.values())
        if key not in NOT_TEXT:
            keys = list(map(sort_key(self.locale), vals))
        else:  # dates, yes/no: empty ones are placed below
            keys = [v if v is not None and v != "" else None for v in vals]
            keys = [(k is None, k if k is not None else 0) for k in keys]
        order = sorted(range(len(ids)), key=keys.__getitem__)
        if key not in NOT_TEXT and all(vals):  # every name: no empty one to place last
            done = [ids[i] for i in order]
            filled = []
        else:
            filled = [v is not None and v != "" for v in vals]
        if not filled:
            pass
        elif all(filled):
            done = [ids[i] for i in order]
        else:  # empty values last
            done = [ids[i] for i in order if filled[i]]
            done += [ids[i] for i in order if not filled[i]]
        # Members with nothing in a list column are missing from ``values``: they come last.
        if len(done) < len(self._all):
            known = set(values)
            done += [mid for mid in self._all if mid not in known]
        self._sorted[key] = done
        return done

    # -- Qt model interface ---------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(COLUMNS)

    def text(self, row: MemberRow, key: str) -> str:
        """What a cell shows."""
        if key == "roles":
            return window().format_list([r.label for r in row.current_roles(self.today)])
        if key == "journey":
            state = self._journeys.get(row.id) if self._journeys is not None else None
            return state.label if state is not None else ""
        value = getattr(row, key)
        if key == "joined_on":
            return date_text(value)
        if key in ("may_print", "may_contact"):
            return _("yes") if value or value is None else _("no")
        if isinstance(value, tuple):
            return window().format_list(list(value))
        if key == "phone" and value and QGuiApplication.layoutDirection() == RTL:
            # "+1 555 0130" has no letter to say which way it reads: keep it left to right.
            return f"\u2066{value}\u2069"
        return value or ""

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        if role == self.IdRole:
            return self._ids[index.row()]
        if role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.AccessibleTextRole,
            Qt.ItemDataRole.ToolTipRole,
            self.SortRole,
        ):
            return None
        row = self.member(index.row())
        if row is None:
            return None
        key = COLUMN_KEYS[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return (row.notes or None) if key == "name" else None
        if role == self.SortRole:
            if key == "joined_on":
                return row.joined_on.toordinal() if row.joined_on else 0
            return sort_key(self.locale)(self.text(row, key))
        return self.text(row, key)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return _(COLUMNS[section].label)
        return None
