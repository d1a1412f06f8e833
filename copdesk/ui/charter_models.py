"""Item models and rich-text rendering for the charter wizard and pane.

The models are small, hold plain rows, and are tested without a view (and with qtmodeltester).
All user text reaches rich text through :func:`html.escape` only.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QModelIndex, Qt

from copdesk.i18n import Translator, _, window
from copdesk.services import charter
from copdesk.services.charter import OutcomeActivity, SectionDiff, StoryRow
from copdesk.ui.table_model import Index, RowTableModel
from copdesk.ui.text import date_text


@dataclass
class DraftOutcome:
    """An outcome being edited in the wizard: values are the wizard's keys for them."""

    text: str = ""
    horizon: str = "short"
    kind: str = "process"
    value_keys: list[int] = field(default_factory=list)
    id: int | None = None


class OutcomeDraftModel(RowTableModel[DraftOutcome]):
    """The wizard's outcomes: what, when, process or product, the values it serves."""

    TEXT, HORIZON, KIND, VALUES = range(4)
    COLUMN_COUNT = 4
    NoValueRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self._value_names: dict[int, str] = {}

    def set_value_names(self, names: dict[int, str]) -> None:
        """Values renamed or removed on the values page: forget links to removed ones."""
        self._value_names = dict(names)
        for row in self._rows:
            row.value_keys = [k for k in row.value_keys if k in names]
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, self.VALUES))

    def rows(self) -> list[DraftOutcome]:
        return list(self._rows)

    def outcome(self, row: int) -> DraftOutcome:
        return self.row_at(row)

    def append(self, draft: DraftOutcome) -> int:
        at = len(self._rows)
        self.beginInsertRows(QModelIndex(), at, at)
        self._rows.append(draft)
        self.endInsertRows()
        return at

    def remove(self, row: int) -> None:
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._rows[row]
        self.endRemoveRows()

    def update(self, row: int, draft: DraftOutcome) -> None:
        self._rows[row] = draft
        self.dataChanged.emit(self.index(row, 0), self.index(row, self.COLUMN_COUNT - 1))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not self.valid(index):
            return None
        r = self._rows[index.row()]
        col = index.column()
        if role == self.NoValueRole:
            return not r.value_keys
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        if col == self.TEXT:
            return r.text
        if col == self.HORIZON:
            return charter.horizon_label(r.horizon)
        if col == self.KIND:
            return charter.kind_label(r.kind)
        if col == self.VALUES:
            names = [self._value_names[k] for k in r.value_keys if k in self._value_names]
            return window().format_list(names) if names else _("(no value yet)")
        return None

    def headers(self) -> dict[int, str]:
        return {
            self.TEXT: _("Outcome"),
            self.HORIZON: _("When"),
            self.KIND: _("Kind"),
            self.VALUES: _("Values it serves"),
        }


class OutcomeActivityModel(RowTableModel[OutcomeActivity]):
    """The pane's outcomes with what counted toward them."""

    TEXT, HORIZON, SESSIONS, STORIES, LAST = range(5)
    COLUMN_COUNT = 5
    IdRole = Qt.ItemDataRole.UserRole + 1
    IdleRole = Qt.ItemDataRole.UserRole + 2

    def activity(self, row: int) -> OutcomeActivity:
        return self.row_at(row)

    def row_key(self, row: OutcomeActivity) -> int | None:
        return row.outcome.id

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not self.valid(index):
            return None
        a = self._rows[index.row()]
        col = index.column()
        if role == self.IdRole:
            return a.outcome.id
        if role == self.IdleRole:
            return not a.active_this_season
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (self.SESSIONS, self.STORIES):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if col == self.TEXT:
            return a.outcome.text
        if col == self.HORIZON:
            kind = charter.kind_label(a.outcome.kind)
            return _("{horizon} · {kind}").format(
                horizon=charter.horizon_label(a.outcome.horizon), kind=kind
            )
        if col == self.SESSIONS:
            return window().format_number(len(a.sessions))
        if col == self.STORIES:
            return window().format_number(a.story_count)
        if col == self.LAST:
            if not a.active_this_season:
                return _("No activity this season")
            return date_text(a.last_activity)
        return None

    def headers(self) -> dict[int, str]:
        return {
            self.TEXT: _("Outcome"),
            self.HORIZON: _("When and kind"),
            self.SESSIONS: _("Sessions"),
            self.STORIES: _("Stories"),
            self.LAST: _("Last activity"),
        }


class StoryModel(RowTableModel[StoryRow]):
    TOLD_ON, CYCLE, OUTCOME, TELLER, TEXT = range(5)
    COLUMN_COUNT = 5
    IdRole = Qt.ItemDataRole.UserRole + 1

    def story(self, row: int) -> StoryRow:
        return self.row_at(row)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not self.valid(index):
            return None
        s = self._rows[index.row()]
        col = index.column()
        if role == self.IdRole:
            return s.id
        if role == Qt.ItemDataRole.ToolTipRole and col == self.TEXT:
            return s.text
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if col == self.TOLD_ON:
            return date_text(s.told_on)
        if col == self.CYCLE:
            return charter.cycle_label(s.cycle)
        if col == self.OUTCOME:
            return s.outcome_text
        if col == self.TELLER:
            return s.teller_name
        if col == self.TEXT:
            return " ".join(s.text.split())
        return None

    def headers(self) -> dict[int, str]:
        return {
            self.TOLD_ON: _("Told on"),
            self.CYCLE: _("Value"),
            self.OUTCOME: _("Outcome"),
            self.TELLER: _("Told by"),
            self.TEXT: _("Story"),
        }


# -- rich text ----------------------------------------------------------------------------------


def charter_html(data: charter.CharterInput, t: Translator | None = None) -> str:
    """The charter as read-only rich text, section by section (user text escaped)."""
    t = t or window()
    parts = []
    for section in charter.sections(data, t):
        parts.append(f"<h3>{html.escape(section.title)}</h3>")
        if section.lines:
            parts.append("<p>" + "<br>".join(html.escape(line) for line in section.lines) + "</p>")
        else:
            parts.append(f"<p><i>{html.escape(t._('(nothing yet)'))}</i></p>")
    direction = ' dir="rtl"' if t.is_rtl else ""
    return f"<div{direction}>{''.join(parts)}</div>"


def diff_html(diffs: list[SectionDiff], *, side_by_side: bool = False) -> str:
    """A comparison, section by section: unchanged sections say so; changed lines are marked with
    − and + (and struck through or bold), so the difference does not depend on colour."""
    parts = []
    for d in diffs:
        parts.append(f"<h3>{html.escape(d.title)}</h3>")
        if not d.changed:
            parts.append(f"<p><i>{html.escape(_('Unchanged'))}</i></p>")
            continue
        if side_by_side:
            rows = [
                f"<tr><th align='left'>{html.escape(_('Older'))}</th>"
                f"<th align='left'>{html.escape(_('Newer'))}</th></tr>"
            ]
            for old, new, changed in d.side_by_side:
                left = html.escape(old or "")
                right = html.escape(new or "")
                if changed:
                    left = f"<s>{left}</s>" if old else ""
                    right = f"<b>{right}</b>" if new else ""
                rows.append(f"<tr><td width='50%'>{left}</td><td width='50%'>{right}</td></tr>")
            parts.append(
                "<table width='100%' cellspacing='0' cellpadding='3' border='1'>"
                + "".join(rows)
                + "</table>"
            )
            continue
        lines = []
        for tag, line in d.unified:
            text = html.escape(line)
            if tag == "-":
                lines.append(f"− <s>{text}</s>")
            elif tag == "+":
                lines.append(f"+ <b>{text}</b>")
            else:
                lines.append(f"&nbsp;&nbsp;{text}")
        parts.append("<p>" + "<br>".join(lines) + "</p>")
    return "".join(parts)
