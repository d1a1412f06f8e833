"""The Participation tab: see the group wax and wane, and know whom to support.

Five pages over one chosen period: the group over time (attendance with the forecast band,
newcomers and returners, the on-schedule streak), each member's journey (a strip of their
sessions), share and take (with the natural next presenters), the reach-out list (mark someone
contacted, undoably) and the organisations that meet here. Every chart has a table of the same
numbers ("Chart | Table") and exports them as CSV; "How is this worked out?" explains the rules.
All numbers come from :func:`copdesk.services.participation.overview` (the CLI's report uses
the same call).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QDate, QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from copdesk.i18n import _, ngettext, window
from copdesk.models import AttendanceStatus
from copdesk.services import participation
from copdesk.services.attendance import KIND_LABELS
from copdesk.services.participation import ContactNote, Overview, learners_text
from copdesk.ui.charts import (
    HATCHED,
    OUTLINE,
    SOLID,
    BarChart,
    PatternLegend,
    Series,
    TimelineStrip,
    legend_patterns,
)
from copdesk.ui.commands import ChangeCommand
from copdesk.ui.date_edit import DateEdit
from copdesk.ui.operations import Operations
from copdesk.ui.participation_models import (
    NumbersModel,
    ReachOutModel,
    SortProxy,
    rhythm_text,
    sessions_text,
)
from copdesk.ui.text import date_text

CONTACTED = "contacted"  # the kind of change Operations.changed announces


def qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def pydate(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())


def short_date(day: dt.date) -> str:
    from babel.dates import format_skeleton

    return format_skeleton("MMMd", day, locale=window().locale)


# -- the undoable change --------------------------------------------------------------------------


class MarkContacted(ChangeCommand):
    kind = CONTACTED

    def __init__(self, ops: Operations, member_id: int, name: str, on: dt.date, note: str) -> None:
        super().__init__(ops, _("Mark “{name}” as contacted").format(name=name))
        self.member_id, self.on, self.note = member_id, on, note
        self.done: ContactNote | None = None

    def forward(self, db) -> int:  # noqa: ANN001 - a Session
        if self.done is None:
            self.done = participation.mark_contacted(db, self.member_id, self.on, self.note)
        else:
            participation.restore_contacted(db, self.done)
        return self.member_id

    def backward(self, db) -> int:  # noqa: ANN001
        assert self.done is not None
        participation.unmark_contacted(db, self.done.id)
        return self.member_id


class ContactDialog(QDialog):
    """When the convener reached out, and a note (what was said, what would help)."""

    def __init__(self, parent: QWidget, name: str, today: dt.date) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Contacted {name}").format(name=name))
        self.date = DateEdit(self)
        self.date.setDate(qdate(today))
        self.date.setMaximumDate(qdate(today))
        self.date.setAccessibleName(_("Date you contacted them"))
        self.note = QLineEdit(self)
        self.note.setAccessibleName(_("Note about the contact"))
        self.note.setPlaceholderText(_("e.g. called; busy with a new job, will come in May"))
        form = QFormLayout(self)
        form.addRow(_("&On:"), self.date)
        form.addRow(_("&Note:"), self.note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def value(self) -> tuple[dt.date, str]:
        return pydate(self.date.date()), self.note.text()


class RulesDialog(QDialog):
    """The rules behind the numbers, in the window's language."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("How is this worked out?"))
        self.text = QTextBrowser(self)
        self.text.setAccessibleName(_("How the participation numbers are worked out"))
        self.text.setOpenLinks(False)
        self.text.setPlainText("\n\n".join(participation.rules_text()))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        self.resize(560, 480)


# -- a chart with its table -----------------------------------------------------------------------


def _table(parent: QWidget, name: str, model) -> QTableView:  # noqa: ANN001 - a model
    proxy = SortProxy(parent)
    proxy.setSourceModel(model)
    view = QTableView(parent)
    view.setAccessibleName(name)
    view.setModel(proxy)
    view.setSortingEnabled(True)
    view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.verticalHeader().hide()
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    # column widths from the first rows only: measuring a thousand of 100,000 rows took seconds
    view.horizontalHeader().setResizeContentsPrecision(100)
    view.horizontalHeader().setStretchLastSection(True)
    return view


class ChartPanel(QWidget):
    """A titled chart and, on its second tab, a table of the same numbers; "Export CSV…"."""

    export_requested = Signal(str)  # the CSV table's name (see participation.csv_tables)

    def __init__(self, title: str, csv_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.csv_name = csv_name
        self.chart = BarChart(title, self)
        self.model = NumbersModel(parent=self)
        self.table = _table(self, _("{chart} as a table").format(chart=title), self.model)
        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName(title)
        # Translators: the two views of a chart: the picture, or its numbers in a table
        self.tabs.addTab(self.chart, _("C&hart"))
        self.tabs.addTab(self.table, _("Ta&ble"))
        heading = QLabel(title, self)
        font = heading.font()
        font.setBold(True)
        heading.setFont(font)
        self.export_button = QPushButton(_("Export CSV…"), self)
        self.export_button.setAccessibleName(
            _("Export the numbers of “{chart}” as CSV").format(chart=title)
        )
        self.export_button.clicked.connect(lambda: self.export_requested.emit(self.csv_name))
        top = QHBoxLayout()
        top.addWidget(heading, 1)
        top.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)

    def show_table(self, on: bool = True) -> None:
        self.tabs.setCurrentIndex(1 if on else 0)


# -- the pane -------------------------------------------------------------------------------------


class ParticipationPane(QWidget):
    status_message = Signal(str)

    def __init__(
        self,
        ops: Operations,
        parent: QWidget | None = None,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("participationPane")
        self.ops, self.today = ops, today
        self._stale = False
        self.overview: Overview | None = None

        # -- the period and the pane's actions --
        self.start = DateEdit(self)
        self.start.setObjectName("participationFrom")
        self.start.setAccessibleName(_("First day of the period"))
        self.end = DateEdit(self)
        self.end.setObjectName("participationTo")
        self.end.setAccessibleName(_("Last day of the period"))
        start_label = QLabel(_("&From:"), self)
        start_label.setBuddy(self.start)
        end_label = QLabel(_("&To:"), self)
        end_label.setBuddy(self.end)
        self.all_button = QPushButton(_("&All sessions"), self)
        self.all_button.setAccessibleName(_("Show every session held so far"))
        self.all_button.clicked.connect(self.whole_history)
        self.help_button = QPushButton(_("How is this &worked out?"), self)
        self.help_button.setAccessibleName(_("How is this worked out?"))
        self.help_button.clicked.connect(self.show_rules)
        self.pdf_button = QPushButton(_("Save &report as PDF…"), self)
        self.pdf_button.setAccessibleName(_("Save the participation report as PDF"))
        self.pdf_button.clicked.connect(lambda: self.save_report())
        self.csv_button = QPushButton(_("Export all as CS&V…"), self)
        self.csv_button.setAccessibleName(_("Export every table as CSV files into a folder"))
        self.csv_button.clicked.connect(lambda: self.export_all())
        bar = QHBoxLayout()
        for w in (start_label, self.start, end_label, self.end, self.all_button):
            bar.addWidget(w)
        bar.addStretch(1)
        for w in (self.help_button, self.pdf_button, self.csv_button):
            bar.addWidget(w)

        self.pages = QTabWidget(self)
        self.pages.setObjectName("participationPages")
        self.pages.setAccessibleName(_("Participation"))
        self.pages.addTab(self._group_page(), _("&Group"))
        self.pages.addTab(self._journey_page(), _("&Journeys"))
        self.pages.addTab(self._share_page(), _("Share and ta&ke"))
        self.pages.addTab(self._reach_page(), _("Reach &out"))
        self.pages.addTab(self._organisations_page(), _("Or&ganisations"))

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.pages, 1)

        self._set_default_period()
        self.start.dateChanged.connect(lambda _d: self.reload())
        self.end.dateChanged.connect(lambda _d: self.reload())
        ops.changed.connect(self._on_changed)
        self.reload()

    # -- pages ----------------------------------------------------------------------------------------
    def _group_page(self) -> QWidget:
        page = QWidget(self)
        self.summary = QLabel(page)
        self.summary.setObjectName("participationSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.attendance_panel = ChartPanel(_("Attendance per session"), "attendance.csv", page)
        self.arrivals_panel = ChartPanel(
            _("Newcomers and returners"), "newcomers-returners.csv", page
        )
        for panel in (self.attendance_panel, self.arrivals_panel):
            panel.export_requested.connect(self.export_csv)
        layout = QVBoxLayout(page)
        layout.addWidget(self.summary)
        layout.addWidget(self.attendance_panel, 3)
        layout.addWidget(self.arrivals_panel, 2)
        return page

    def _journey_page(self) -> QWidget:
        page = QWidget(self)
        self.members_model = NumbersModel(
            [_("Name"), _("Journey"), _("Visits"), _("Usually comes")], self
        )
        self.members_view = _table(page, _("Members and their journey"), self.members_model)
        self.members_view.setObjectName("journeyMembers")
        self.members_view.selectionModel().selectionChanged.connect(
            lambda *_a: self._show_journey()
        )
        self.journey_title = QLabel(page)
        font = self.journey_title.font()
        font.setBold(True)
        self.journey_title.setFont(font)
        self.journey_about = QLabel(page)
        self.journey_about.setWordWrap(True)
        self.strip = TimelineStrip(_("Timeline of the member's sessions"), page)
        self.strip.setObjectName("journeyStrip")
        self.strip.current_changed.connect(self._show_mark)
        self.mark_text = QLabel(page)
        self.mark_text.setObjectName("journeyMark")
        self.mark_text.setWordWrap(True)
        self.marks_model = NumbersModel(
            [_("Date"), _("Attendance"), _("Shared or took"), _("Journey")], self
        )
        self.marks_view = _table(page, _("The member's sessions as a table"), self.marks_model)
        self.strip_tabs = QTabWidget(page)
        self.strip_tabs.setAccessibleName(_("Timeline"))
        strip_page = QWidget(page)
        strip_layout = QVBoxLayout(strip_page)
        strip_layout.addWidget(self.strip)
        strip_layout.addWidget(
            PatternLegend([*legend_patterns(), ("dot", _("shared or took something"))], strip_page)
        )
        strip_layout.addWidget(self.mark_text)
        strip_layout.addStretch(1)
        self.strip_tabs.addTab(strip_page, _("C&hart"))
        self.strip_tabs.addTab(self.marks_view, _("Ta&ble"))
        right = QWidget(page)
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(self.journey_title)
        right_layout.addWidget(self.journey_about)
        right_layout.addWidget(self.strip_tabs, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal, page)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.members_view)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([440, 760])
        layout = QVBoxLayout(page)
        layout.addWidget(splitter)
        return page

    def _share_page(self) -> QWidget:
        page = QWidget(self)
        self.share_summary = QLabel(page)
        self.share_summary.setWordWrap(True)
        self.share_panel = ChartPanel(_("What the group shared and took"), "share-take.csv", page)
        self.share_panel.export_requested.connect(self.export_csv)
        self.share_model = NumbersModel(
            [_("Name"), _("Present"), _("Shared"), _("Took"), _("Taught"), _("Learned")], self
        )
        self.share_view = _table(page, _("Share and take per member"), self.share_model)
        self.presenters_model = NumbersModel(
            [_("Name"), _("Can teach"), _("People who want to learn it"), _("Who")], self
        )
        self.presenters_view = _table(page, _("Natural next presenters"), self.presenters_model)
        self.presenters_view.setObjectName("naturalPresenters")
        members_box = QGroupBox(_("Per member"), page)
        QVBoxLayout(members_box).addWidget(self.share_view)
        presenters_box = QGroupBox(_("Natural next presenters"), page)
        presenters_layout = QVBoxLayout(presenters_box)
        hint = QLabel(
            _("They have never presented, and can teach something others want to learn."), page
        )
        hint.setWordWrap(True)
        presenters_layout.addWidget(hint)
        presenters_layout.addWidget(self.presenters_view)
        lower = QSplitter(Qt.Orientation.Horizontal, page)
        lower.setChildrenCollapsible(False)
        lower.addWidget(members_box)
        lower.addWidget(presenters_box)
        layout = QVBoxLayout(page)
        layout.addWidget(self.share_summary)
        layout.addWidget(self.share_panel, 2)
        layout.addWidget(lower, 3)
        return page

    def _reach_page(self) -> QWidget:
        page = self.reach_page = QWidget(self)
        intro = QLabel(
            _(
                "People who used to come and have gone quiet, by their own rhythm. Marking "
                "someone as contacted keeps a note; nobody leaves this list until they come back "
                "or you record that they moved on."
            ),
            page,
        )
        intro.setWordWrap(True)
        self.reach_model = ReachOutModel(self)
        self.reach_view = _table(page, _("People to reach out to"), self.reach_model)
        self.reach_view.setObjectName("reachOut")
        self.reach_view.selectionModel().selectionChanged.connect(lambda *_a: self._show_person())
        self.reach_view.doubleClicked.connect(lambda _i: self.mark_contacted())
        self.contact_button = QPushButton(_("Mark &contacted…"), page)
        self.contact_button.setAccessibleName(_("Mark the chosen person as contacted"))
        self.contact_button.clicked.connect(lambda: self.mark_contacted())
        self.person_text = QLabel(page)
        self.person_text.setObjectName("reachOutPerson")
        self.person_text.setWordWrap(True)
        self.person_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.contacts_list = QListWidget(page)
        self.contacts_list.setAccessibleName(_("When they were contacted"))
        self.contacts_list.setWordWrap(True)
        self.reach_export = QPushButton(_("Export CSV…"), page)
        self.reach_export.setAccessibleName(_("Export the reach-out list as CSV"))
        self.reach_export.clicked.connect(lambda: self.export_csv("reach-out.csv"))
        side = QWidget(page)
        side_layout = QVBoxLayout(side)
        side_layout.addWidget(self.person_text)
        side_layout.addWidget(QLabel(_("Contacted:"), side))
        side_layout.addWidget(self.contacts_list, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.contact_button)
        buttons.addStretch(1)
        buttons.addWidget(self.reach_export)
        side_layout.addLayout(buttons)
        splitter = QSplitter(Qt.Orientation.Horizontal, page)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.reach_view)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(page)
        layout.addWidget(intro)
        layout.addWidget(splitter, 1)
        return page

    def _organisations_page(self) -> QWidget:
        page = QWidget(self)
        self.orgs_summary = QLabel(page)
        self.orgs_summary.setWordWrap(True)
        self.orgs_panel = ChartPanel(_("Home organisations"), "organisations.csv", page)
        self.orgs_panel.export_requested.connect(self.export_csv)
        layout = QVBoxLayout(page)
        layout.addWidget(self.orgs_summary)
        layout.addWidget(self.orgs_panel, 1)
        return page

    # -- the period -----------------------------------------------------------------------------------
    def _set_default_period(self) -> None:
        today = self.today()
        first = self.ops.read(lambda db: participation.held_sessions(db, today))
        start = first[0][1] if first else today - dt.timedelta(days=365)
        for edit, day in ((self.start, start), (self.end, today)):
            edit.blockSignals(True)
            edit.setDate(qdate(day))
            edit.blockSignals(False)

    def whole_history(self) -> None:
        self._set_default_period()
        self.reload()

    def period(self) -> tuple[dt.date, dt.date]:
        return pydate(self.start.date()), pydate(self.end.date())

    # -- reading --------------------------------------------------------------------------------------
    def _on_changed(self, _kind: str, _ident: int) -> None:
        if self.isVisible():
            self.reload()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        if self._stale:
            self.reload()

    def reload(self) -> None:
        self._stale = False
        start, end = self.period()
        if start > end:
            self.summary.setText(_("The period starts after it ends: choose another first day."))
            return
        # About 2 s for a roster of 100,000: say the window is busy, not frozen.
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            ov = self.ops.read(participation.overview, self.today(), start, end, window().locale)
        finally:
            QApplication.restoreOverrideCursor()
        self.overview = ov
        self._fill_group(ov)
        self._fill_members(ov)
        self._fill_share(ov)
        self._fill_reach(ov)
        self._fill_organisations(ov)

    def _fill_group(self, ov: Overview) -> None:
        fmt = window().format_number
        mean = ov.mean_present
        lines = [
            sessions_text(len(ov.sessions))
            + (
                " · "
                # Translators: the mean head count of the sessions in the period
                + _("on average {count} present").format(count=fmt(round(mean, 1)))
                if mean is not None
                else ""
            ),
            # Translators: the on-schedule streak, e.g. "Held on schedule: 8 sessions in a row (longest: 12)"
            ngettext(
                "Held on schedule: {count} session in a row (longest: {longest})",
                "Held on schedule: {count} sessions in a row (longest: {longest})",
                ov.streak.current,
            ).format(count=fmt(ov.streak.current), longest=fmt(ov.streak.longest)),
            _("Newcomers: {newcomers} · Returners: {returners}").format(
                newcomers=fmt(ov.newcomers), returners=fmt(ov.returners)
            ),
        ]
        self.summary.setText("\n".join(lines))
        dates = [short_date(p.date) for p in ov.sessions]
        tips = [date_text(p.date, "full") for p in ov.sessions]
        self.attendance_panel.chart.set_data(
            dates,
            [Series(_("Present"), tuple(p.present for p in ov.sessions), SOLID)],
            band=[
                (p.forecast_low, p.forecast_high) if p.forecast_low is not None else None
                for p in ov.sessions
            ],
            band_label=_("Expected range"),
            tips=tips,
        )
        self.attendance_panel.model.set_rows(
            [
                (p.date, p.present, p.apologised, p.forecast_low, p.forecast_high, p.streak)
                for p in ov.sessions
            ],
            ids=[p.meeting_id for p in ov.sessions],
            headers=[
                _("Date"),
                _("Present"),
                _("Apologised"),
                _("Expected at least"),
                _("Expected at most"),
                _("On-schedule streak"),
            ],
        )
        self.arrivals_panel.chart.set_data(
            dates,
            [
                Series(_("Newcomers"), tuple(p.newcomers for p in ov.sessions), SOLID),
                Series(_("Returners"), tuple(p.returners for p in ov.sessions), HATCHED),
            ],
            tips=tips,
        )
        self.arrivals_panel.model.set_rows(
            [(p.date, p.newcomers, p.returners) for p in ov.sessions],
            ids=[p.meeting_id for p in ov.sessions],
            headers=[_("Date"), _("Newcomers"), _("Returners")],
        )

    def _fill_members(self, ov: Overview) -> None:
        keep = self.selected_member()
        rows, ids = self.ops.read(self._journey_rows, ov)
        self.members_model.set_rows(rows, ids=ids)
        if keep is None or not self.select_member(keep):
            if self.members_model.rowCount():
                self._select(self.members_view, 0)
        self._show_journey()

    def _journey_rows(self, db, ov: Overview):  # noqa: ANN001, ANN202
        from copdesk.collation import sort_key
        from copdesk.services import roster

        today = min(ov.end or ov.today, self.today())
        # the overview's states are those of the same day unless "today" moved since
        states = ov.journeys if ov.today == self.today() and ov.journeys else None
        states = states or participation.journey_states(db, today)
        # (id, shown name) only: whole member rows cost seconds at 100,000 members
        members = [(mid, preferred or name) for mid, name, preferred in roster.member_names(db)]
        key = sort_key(window().locale)
        members.sort(key=lambda m: key(m[1]))
        held = [d for _m, d in participation.held_sessions(db, self.today())]
        visits = participation.visits_by_member(db, self.today())
        rows = []
        never = participation.rhythm(held, ())  # the same for everyone who never came
        never_text = rhythm_text(never.usual_gap)
        for mid, name in members:
            came = visits.get(mid)
            if came:
                r = participation.rhythm(held, came)
                rows.append((name, states[mid].label, r.visits, rhythm_text(r.usual_gap)))
            else:
                rows.append((name, states[mid].label, never.visits, never_text))
        return rows, [mid for mid, _name in members]

    def _fill_share(self, ov: Overview) -> None:
        fmt = window().format_number
        g = ov.group
        self.share_summary.setText(
            _(
                "Shared {shared} times, took {took} times; taught {taught} times, learned "
                "{learned} times."
            ).format(
                shared=fmt(g.shared), took=fmt(g.took), taught=fmt(g.taught), learned=fmt(g.learned)
            )
        )
        from copdesk.models.meeting import SHARED_KINDS, ContributionKind

        kinds = list(ContributionKind)
        shared = tuple(g.by_kind.get(k, 0) if k in SHARED_KINDS else 0 for k in kinds)
        took = tuple(g.by_kind.get(k, 0) if k not in SHARED_KINDS else 0 for k in kinds)
        self.share_panel.chart.set_data(
            [_(KIND_LABELS[k]) for k in kinds],
            [Series(_("Shared"), shared, SOLID), Series(_("Took"), took, HATCHED)],
        )
        self.share_panel.model.set_rows(
            [
                (
                    _(KIND_LABELS[k]),
                    g.by_kind.get(k, 0),
                    _("shared") if k in SHARED_KINDS else _("took"),
                )
                for k in kinds
            ],
            headers=[_("Contribution"), _("Times"), _("Shared or took")],
        )
        self.share_model.set_rows(
            [
                (m.name, m.sessions_present, m.shared, m.took, m.taught, m.learned)
                for m in ov.members
            ],
            ids=[m.member_id for m in ov.members],
        )
        rows, ids = [], []
        for p in ov.presenters:
            for t in p.topics:
                rows.append((p.name, t.topic, t.count, learners_text(t)))
                ids.append(p.member_id)
        self.presenters_model.set_rows(rows, ids=ids)

    def _fill_reach(self, ov: Overview) -> None:
        keep = self.selected_reach()
        self.reach_model.set_people(ov.reach_out)
        if keep is None or not self._select_id(self.reach_view, self.reach_model, keep):
            if self.reach_model.rowCount():
                self._select(self.reach_view, 0)
        self._show_person()
        index = self.pages.indexOf(self.reach_page)
        if index >= 0:
            self.pages.setTabText(
                index,
                # Translators: the tab of the reach-out list, with how many are on it
                _("Reach &out ({count})").format(count=window().format_number(len(ov.reach_out))),
            )

    def _fill_organisations(self, ov: Overview) -> None:
        fmt = window().format_number
        orgs = ov.organisations
        self.orgs_summary.setText(
            ngettext(
                "{count} home organisation represented.",
                "{count} home organisations represented.",
                orgs.represented,
            ).format(count=fmt(orgs.represented))
            + " "
            + _(
                "Random pairs in the period: {pairs}; across organisations: {cross}; within one "
                "organisation: {same}; organisation not known: {unknown}."
            ).format(
                pairs=fmt(orgs.pairs),
                cross=fmt(orgs.cross_pairs),
                same=fmt(orgs.same_pairs),
                unknown=fmt(orgs.unknown_pairs),
            )
        )
        names = [r.name or _("No organisation") for r in orgs.rows]
        self.orgs_panel.chart.set_data(
            names,
            [
                Series(_("Members"), tuple(r.members for r in orgs.rows), SOLID),
                Series(
                    _("Present in the period"),
                    tuple(r.present_in_period for r in orgs.rows),
                    HATCHED,
                ),
                Series(
                    _("Cross-organisation pairs"), tuple(r.cross_pairs for r in orgs.rows), OUTLINE
                ),
            ],
        )
        self.orgs_panel.model.set_rows(
            [
                (n, r.members, r.present_in_period, r.cross_pairs)
                for n, r in zip(names, orgs.rows, strict=True)
            ],
            headers=[
                _("Organisation"),
                _("Members"),
                _("Present in the period"),
                _("Cross-organisation pairs"),
            ],
        )

    # -- selection ------------------------------------------------------------------------------------
    @staticmethod
    def _select(view: QTableView, row: int) -> None:
        index = view.model().index(row, 0)
        if index.isValid():
            view.selectionModel().setCurrentIndex(
                index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
            view.scrollTo(index)

    def _select_id(self, view: QTableView, model: NumbersModel, ident: int) -> bool:
        row = model.row_of(ident)
        if row is None:
            return False
        self._select(view, view.model().mapFromSource(model.index(row, 0)).row())
        return True

    @staticmethod
    def _selected_id(view: QTableView) -> int | None:
        rows = view.selectionModel().selectedRows()
        return rows[0].data(NumbersModel.IdRole) if rows else None

    def selected_member(self) -> int | None:
        return self._selected_id(self.members_view)

    def select_member(self, member_id: int) -> bool:
        return self._select_id(self.members_view, self.members_model, member_id)

    def selected_reach(self) -> int | None:
        return self._selected_id(self.reach_view)

    # -- a member's journey ---------------------------------------------------------------------------
    def _show_journey(self) -> None:
        member_id = self.selected_member()
        if member_id is None:
            self.journey_title.setText(_("Choose a member in the list."))
            self.journey_about.clear()
            self.strip.set_cells([])
            self.marks_model.set_rows([])
            self._marks = []
            return
        start, end = self.period()
        j = self.ops.read(participation.member_journey, member_id, self.today(), start, end)
        self.journey_title.setText(
            # Translators: a member's name and journey state, e.g. "Ana — welcomed back"
            _("{name} — {state}").format(name=j.name, state=j.state.label)
        )
        r = j.rhythm
        about = [
            ngettext("{count} visit in all", "{count} visits in all", r.visits).format(
                count=window().format_number(r.visits)
            ),
            _("usually comes {rhythm}").format(rhythm=rhythm_text(r.usual_gap)),
        ]
        if r.last_present:
            about.append(_("last came on {date}").format(date=date_text(r.last_present, "long")))
        about.append(
            ngettext(
                "counts as quiet after missing {count} session in a row",
                "counts as quiet after missing {count} sessions in a row",
                r.quiet_after,
            ).format(count=window().format_number(r.quiet_after))
        )
        self.journey_about.setText(" · ".join(about))
        self._marks = list(j.marks)
        patterns = {
            AttendanceStatus.PRESENT: SOLID,
            AttendanceStatus.APOLOGISED: HATCHED,
            AttendanceStatus.ABSENT: OUTLINE,
        }
        self.strip.set_cells(
            [
                (patterns[m.status], m.contributed, short_date(m.date), self._mark_text(m))
                for m in j.marks
            ]
        )
        self.marks_model.set_rows(
            [(m.date, _status_label(m.status), self._kinds_text(m), m.state.label) for m in j.marks]
        )

    @staticmethod
    def _kinds_text(mark: participation.Mark) -> str:
        kinds = sorted(mark.contributions - {participation.ContributionKind.ATTENDED})
        return window().format_list([_(KIND_LABELS[k]) for k in kinds])

    def _mark_text(self, mark: participation.Mark) -> str:
        parts = [date_text(mark.date, "full"), _status_label(mark.status)]
        kinds = self._kinds_text(mark)
        if kinds:
            parts.append(kinds)
        # Translators: a member's journey state as of one session, e.g. "then: quiet"
        parts.append(_("then: {state}").format(state=mark.state.label))
        return " · ".join(parts)

    def _show_mark(self, index: int) -> None:
        marks = getattr(self, "_marks", [])
        if 0 <= index < len(marks):
            text = self._mark_text(marks[index])
            self.mark_text.setText(text)
            self.strip.setAccessibleDescription(text)
        else:
            self.mark_text.clear()

    # -- reach out ------------------------------------------------------------------------------------
    def _show_person(self) -> None:
        self.contacts_list.clear()
        rows = self.reach_view.selectionModel().selectedRows()
        self.contact_button.setEnabled(bool(rows))
        if not rows:
            self.person_text.setText(
                _("Nobody has gone quiet.")
                if not self.reach_model.rowCount()
                else _("Choose someone in the list.")
            )
            return
        p = self.reach_model.person(self.reach_view.model().mapToSource(rows[0]).row())
        lines = [p.name]
        if p.why:
            lines.append(_("Why they come: “{why}”").format(why=p.why))
        if p.why_tags:
            lines.append(window().format_list(list(p.why_tags)))
        if p.last_present:
            lines.append(_("Last came on {date}.").format(date=date_text(p.last_present, "long")))
        if p.may_contact:
            contact = " · ".join(x for x in (p.phone, p.email) if x)
            if contact:
                lines.append(contact)
        else:
            lines.append(_("Asked not to be contacted."))
        self.person_text.setText("\n".join(lines))
        for c in reversed(p.contacts):
            text = date_text(c.on_date, "medium")
            if c.note:
                text = _("{date}: {note}").format(date=text, note=c.note)
            self.contacts_list.addItem(text)
        if not p.contacts:
            self.contacts_list.addItem(_("Not contacted yet."))

    def mark_contacted(self, on: dt.date | None = None, note: str | None = None) -> bool:
        """Record that the convener reached out to the chosen person (asks when and a note)."""
        rows = self.reach_view.selectionModel().selectedRows()
        if not rows:
            return False
        p = self.reach_model.person(self.reach_view.model().mapToSource(rows[0]).row())
        if on is None or note is None:
            dialog = ContactDialog(self, p.name, self.today())
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return False
            on, note = dialog.value()
        ok = self.ops.push(MarkContacted(self.ops, p.member_id, p.name, on, note))
        if ok:
            self.status_message.emit(
                _("Marked {name} as contacted. Undo with {shortcut}.").format(
                    name=p.name, shortcut=_undo_text()
                )
            )
        return ok

    # -- output ---------------------------------------------------------------------------------------
    def show_rules(self) -> None:
        RulesDialog(self).exec()

    def _folder(self) -> str:
        return str(self.ops.cfile.path.parent)

    def export_csv(self, name: str, path: str | None = None) -> Path | None:
        """Write the numbers of one chart or table as CSV (asks where when ``path`` is None)."""
        if self.overview is None:
            return None
        if path is None:
            path, _filter = QFileDialog.getSaveFileName(
                self, _("Export as CSV"), str(Path(self._folder()) / name), _("CSV files (*.csv)")
            )
            if not path:
                return None
        header, rows = participation.csv_tables(self.overview)[name]
        ok, written = self.ops.run(lambda _db: participation.write_csv_file(path, header, rows))
        if ok and written is not None:
            self.status_message.emit(_("Saved {path}.").format(path=written))
            return written
        return None

    def export_all(self, folder: str | None = None) -> list[Path]:
        if self.overview is None:
            return []
        if folder is None:
            folder = QFileDialog.getExistingDirectory(
                self, _("Choose a folder for the CSV files"), self._folder()
            )
            if not folder:
                return []
        ov = self.overview
        ok, written = self.ops.run(lambda _db: participation.write_csv(ov, folder))
        if ok and written:
            self.status_message.emit(
                ngettext(
                    "Saved {count} CSV file in {folder}.",
                    "Saved {count} CSV files in {folder}.",
                    len(written),
                ).format(count=window().format_number(len(written)), folder=folder)
            )
            return list(written)
        return []

    def save_report(self, path: str | None = None) -> Path | None:
        """The printable participation report of the period, in the community's language."""
        if path is None:
            path, _filter = QFileDialog.getSaveFileName(
                self,
                _("Save the participation report"),
                str(Path(self._folder()) / _("participation.pdf")),
                _("PDF files (*.pdf)"),
            )
            if not path:
                return None
        from copdesk.services import printouts

        start, end = self.period()
        today = self.today()
        ok, written = self.ops.run(
            lambda db: printouts.write_pdf(participation.report_pdf(db, today, start, end), path)
        )
        if ok and written is not None:
            self.status_message.emit(
                _("Saved the participation report to {path}.").format(path=written)
            )
            return written
        return None


def _status_label(status: AttendanceStatus) -> str:
    return {
        AttendanceStatus.PRESENT: _("present"),
        AttendanceStatus.APOLOGISED: _("apologised"),
        AttendanceStatus.ABSENT: _("absent"),
    }[AttendanceStatus(status)]


def _undo_text() -> str:
    from copdesk.ui.messages import undo_shortcut_text

    return undo_shortcut_text()
