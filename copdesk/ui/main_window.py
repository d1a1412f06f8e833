"""The main window: hosts the welcome page or an open community's panes, its menus and status bar.

It owns the file that is open (through :class:`~copdesk.ui.operations.Operations`) and the file
flows (new, open, demo, close); everything else lives in the panes and dialogs it hosts.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QLocale, QStandardPaths, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QUndoGroup
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QMainWindow,
    QMenu,
    QMenuBar,
    QStackedWidget,
    QTabWidget,
    QToolBar,
    QWidget,
)

from copdesk import settings
from copdesk.db import FILE_SUFFIX
from copdesk.errors import CopdeskError
from copdesk.i18n import _, window
from copdesk.paths import data_dir
from copdesk.services import community
from copdesk.ui import commands, file_problems, messages
from copdesk.ui.operations import COMMUNITY, Operations
from copdesk.ui.sessions_pane import SessionsPane
from copdesk.ui.welcome import WelcomePage

if TYPE_CHECKING:
    # Imported where first used: start-up does not pay for panes and dialogs not shown yet.
    from copdesk.ui.charter_pane import CharterPane
    from copdesk.ui.participation_pane import ParticipationPane
    from copdesk.ui.resources_pane import ResourcesPane
    from copdesk.ui.roster_pane import RosterPane
    from copdesk.ui.topics_pane import TopicsPane

GEOMETRY_KEY = "main_window_geometry"
STATUS_TIMEOUT_MS = 10_000
BACKUP_CHECK_MS = 60_000  # how often to ask whether a periodic backup is due


class MainWindow(QMainWindow):
    def __init__(self, today: Callable[[], dt.date] = dt.date.today) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.today = today
        self.ops: Operations | None = None
        self.sessions: SessionsPane | None = None
        # The other panes are built when first shown or asked for (see _pane): until then their
        # tab holds an empty placeholder, so opening a file only reads what the first tab shows.
        self._panes: dict[str, QWidget] = {}
        self._placeholders: dict[str, QWidget] = {}
        self.undo_group = QUndoGroup(self)

        self.welcome = self._make_welcome()
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("communityTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.currentChanged.connect(self._on_tab_changed)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.welcome)
        self.pages.addWidget(self.tabs)
        self.setCentralWidget(self.pages)
        # Shown above the panes while the open file is read-only.
        self.read_only_banner = file_problems.ReadOnlyBanner(self)
        self.read_only_banner.copy_button.clicked.connect(self.save_copy_to_edit)
        self.read_only_bar = QToolBar(_("Read-only"), self)
        self.read_only_bar.setObjectName("readOnlyBar")
        self.read_only_bar.setMovable(False)
        self.read_only_bar.setFloatable(False)
        self.read_only_bar.toggleViewAction().setVisible(False)
        self.read_only_bar.addWidget(self.read_only_banner)
        self.read_only_bar.setVisible(False)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.read_only_bar)
        self.backup_timer = QTimer(self)
        self.backup_timer.setInterval(BACKUP_CHECK_MS)
        self.backup_timer.timeout.connect(self.periodic_backup)
        self.backup_timer.start()

        self._build_menus()
        self.statusBar()
        self._restore_geometry()
        self.show_welcome()

    def _make_welcome(self) -> WelcomePage:
        welcome = WelcomePage(self)
        welcome.new_requested.connect(self.new_community)
        welcome.open_requested.connect(self.open_dialog)
        welcome.demo_requested.connect(self.open_demo)
        welcome.recent_chosen.connect(self.open_path)
        return welcome

    # -- menus ------------------------------------------------------------------------------------------
    def _action(
        self, text: str, slot: Callable[[], object], shortcut: QKeySequence | str | None = None
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def _build_menus(self) -> None:
        std = QKeySequence.StandardKey
        self.new_action = self._action(_("&New community…"), self.new_community, std.New)
        self.open_action = self._action(_("&Open…"), self.open_dialog, std.Open)
        self.recent_menu = QMenu(_("Open &Recent"), self)
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        self.settings_action = self._action(
            _("Community &settings…"), self.community_settings, "Ctrl+Shift+,"
        )
        self.print_action = self._action(_("&Print…"), self.print_agenda, std.Print)
        self.restore_action = self._action(_("Restore from &backup…"), self.restore_from_backup)
        self.close_action = self._action(_("&Close"), self.close_file, std.Close)
        self.quit_action = self._action(_("&Quit"), self.close, std.Quit)
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)

        file_menu = self.menuBar().addMenu(_("&File"))
        file_menu.addAction(self.new_action)
        file_menu.addAction(self.open_action)
        file_menu.addMenu(self.recent_menu)
        file_menu.addSeparator()
        file_menu.addAction(self.settings_action)
        file_menu.addAction(self.print_action)
        file_menu.addAction(self.restore_action)
        self.import_members_action = self._action(
            _("&Import members…"), lambda: self._pane_call("roster", "import_members")
        )
        self.export_members_action = self._action(
            _("Export &members (CSV)…"), lambda: self._pane_call("roster", "export_csv")
        )
        self.export_contacts_action = self._action(
            _("Export con&tacts (vCard)…"), lambda: self._pane_call("roster", "export_vcard")
        )
        self._roster_actions = [
            self.import_members_action,
            self.export_members_action,
            self.export_contacts_action,
        ]
        file_menu.addSeparator()
        file_menu.addActions(self._roster_actions)
        file_menu.addSeparator()
        self.export_calendar_action = self._action(
            _("Export calen&dar (.ics)…"), self.export_calendar
        )
        self.announce_action = self._action(_("&Announcement…"), self.announcement)
        file_menu.addAction(self.export_calendar_action)
        file_menu.addAction(self.announce_action)
        self._build_charter_menu(file_menu)
        file_menu.addSeparator()
        file_menu.addAction(self.close_action)
        file_menu.addAction(self.quit_action)

        self.undo_action = self.undo_group.createUndoAction(self, _("Undo"))
        self.undo_action.setShortcut(QKeySequence(std.Undo))
        self.redo_action = self.undo_group.createRedoAction(self, _("Redo"))
        self.redo_action.setShortcut(QKeySequence(std.Redo))
        self.add_member_action = self._action(
            _("Add &member…"), lambda: self._pane_call("roster", "add_member"), "Ctrl+Shift+M"
        )
        self.new_session_action = self._action(
            _("New &session"), lambda: self._pane_call("sessions", "new_session"), "Ctrl+Shift+N"
        )
        self.find_action = self._action(_("&Find member"), self.find_member, std.Find)
        edit_menu = self.menuBar().addMenu(_("&Edit"))
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)
        edit_menu.addSeparator()
        edit_menu.addAction(self.add_member_action)
        edit_menu.addAction(self.new_session_action)
        edit_menu.addAction(self.find_action)
        self.organisations_action = self._action(
            _("&Organisations…"), lambda: self._pane_call("roster", "edit_organisations")
        )
        edit_menu.addAction(self.organisations_action)
        self._roster_actions.append(self.organisations_action)
        self.preferences_action = self._action(_("&Preferences…"), self.preferences)
        self.preferences_action.setShortcuts(
            QKeySequence.keyBindings(std.Preferences) or [QKeySequence("Ctrl+,")]
        )
        self.preferences_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        edit_menu.addSeparator()
        edit_menu.addAction(self.preferences_action)

        self.roster_tab_action = self._action(
            _("&Roster"), lambda: self._show_tab("roster"), "Ctrl+1"
        )
        self.sessions_tab_action = self._action(
            _("&Sessions"), lambda: self._show_tab("sessions"), "Ctrl+2"
        )
        view_menu = self.menuBar().addMenu(_("&View"))
        view_menu.addAction(self.roster_tab_action)
        view_menu.addAction(self.sessions_tab_action)
        self.charter_tab_action = self._action(_("&Charter"), self._show_charter, "Ctrl+3")
        view_menu.addAction(self.charter_tab_action)
        self.resources_tab_action = self._action(_("Reso&urces"), self._show_resources)
        view_menu.addAction(self.resources_tab_action)
        self.topics_tab_action = self._action(
            _("&Topics"), lambda: self.topics and self.tabs.setCurrentWidget(self.topics), "Ctrl+4"
        )
        view_menu.addAction(self.topics_tab_action)
        self.participation_tab_action = self._action(
            _("&Participation"),
            lambda: self.participation and self.tabs.setCurrentWidget(self.participation),
            "Ctrl+5",
        )
        view_menu.addAction(self.participation_tab_action)

        self.about_action = self._action(_("&About copdesk"), self.show_about)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        help_menu = self.menuBar().addMenu(_("&Help"))
        help_menu.addAction(self.about_action)

        self._file_actions = [
            self.settings_action,
            self.print_action,
            self.restore_action,
            self.close_action,
            self.add_member_action,
            self.new_session_action,
            self.find_action,
            self.roster_tab_action,
            self.sessions_tab_action,
            self.charter_tab_action,
            *self._charter_actions,
            self.export_calendar_action,
            self.announce_action,
            self.resources_tab_action,
            self.topics_tab_action,
            self.participation_tab_action,
            *self._roster_actions,
        ]

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        recent = [p for p in settings.load().recent_files if Path(p).is_file()]
        for number, name in enumerate(recent, start=1):
            label = f"&{number} {Path(name).stem}" if number < 10 else Path(name).stem
            action = self.recent_menu.addAction(label)
            action.setToolTip(name)
            action.setStatusTip(name)
            action.triggered.connect(lambda _checked=False, p=name: self.open_path(p))
        if not recent:
            empty = self.recent_menu.addAction(_("No recent communities"))
            empty.setEnabled(False)

    def _pane_call(self, pane: str, method: str) -> None:
        target = self.roster if pane == "roster" else self.sessions
        if target is not None:
            self._show_tab(pane)
            getattr(target, method)()

    def _show_tab(self, pane: str) -> None:
        target = self.roster if pane == "roster" else self.sessions
        if target is not None:
            self.tabs.setCurrentWidget(target)

    def _build_charter_menu(self, file_menu: QMenu) -> None:
        menu = file_menu.addMenu(_("C&harter"))

        def call(method: str) -> Callable[[], None]:
            def run() -> None:
                if self.charter is not None:
                    self._show_charter()
                    getattr(self.charter, method)()

            return run

        self._charter_actions = []
        for text, method in (
            (_("&Edit the charter…"), "edit_charter"),
            (_("Save the charter as &PDF…"), "save_pdf"),
            (_("E&xport the charter…"), "export_dialog"),
            (_("&Import a charter…"), "import_dialog"),
        ):
            action = self._action(text, call(method))
            menu.addAction(action)
            self._charter_actions.append(action)

    def _show_charter(self) -> None:
        if self.charter is not None:
            self.tabs.setCurrentWidget(self.charter)

    def find_member(self) -> None:
        if self.roster is not None:
            self._show_tab("roster")
            self.roster.search.setFocus()
            self.roster.search.selectAll()

    # -- what is shown ----------------------------------------------------------------------------------
    def show_welcome(self) -> None:
        self.welcome.set_recent(settings.load().recent_files)
        self.pages.setCurrentWidget(self.welcome)
        self.setWindowTitle("")
        self.setWindowFilePath("")
        self.statusBar().clearMessage()
        for action in self._file_actions:
            action.setEnabled(False)
        self.welcome.new_button.setFocus()

    def _update_title(self) -> None:
        if self.ops is None:
            self.setWindowTitle("")
            return
        info = self.ops.read(community.get_community)
        if self.ops.cfile.readonly:
            self.setWindowTitle(_("{name} (read-only)").format(name=info.name))
        else:
            self.setWindowTitle(info.name)
        self.setWindowFilePath(str(self.ops.cfile.path))

    def show_status(self, message: str) -> None:
        self.statusBar().showMessage(message, STATUS_TIMEOUT_MS)

    # -- opening and closing ------------------------------------------------------------------------------
    def open_path(self, path: str | os.PathLike[str]) -> bool:
        """Open a community file; on a problem tell the user and keep what was shown."""
        # In use elsewhere, read-only, damaged, too new: the user is told and offered a way on.
        cfile = file_problems.open_file(self, path)
        if cfile is None:
            if self.ops is None:
                self.show_welcome()
            return False
        self.close_file()
        return self._adopt(cfile)

    def _adopt(self, cfile) -> bool:  # noqa: ANN001 - a CommunityFile
        ops = Operations(cfile, self)
        try:
            name = ops.read(community.get_community).name
        except CopdeskError as exc:
            ops.close()
            messages.show_error(self, exc.message)
            self.show_welcome()
            return False
        self.ops = ops
        self.undo_group.addStack(ops.undo_stack)
        self.undo_group.setActiveStack(ops.undo_stack)
        ops.changed.connect(self._on_changed)
        ops.damaged.connect(self._on_damaged, Qt.ConnectionType.QueuedConnection)
        ops.file_switched.connect(self._on_file_switched)
        self._add_panes()
        settings.remember_file(cfile.path)
        opened = _("Opened {name}.").format(name=name)
        if cfile.backup_problem:
            opened = _("{opened} No backup could be taken: {reason}").format(
                opened=opened, reason=cfile.backup_problem
            )
        self.show_status(opened)
        return True

    def _add_panes(self) -> None:
        """The Sessions pane and a placeholder tab for each other pane, for the open file."""
        assert self.ops is not None
        self.sessions = SessionsPane(self.ops, self.tabs, today=self.today)
        self.sessions.status_message.connect(self.show_status)
        self.sessions.print_requested.connect(self.print_agenda_of)
        self.tabs.addTab(self.sessions, _("&Sessions"))
        for name, title in (
            ("roster", _("&Roster")),
            ("charter", _("&Charter")),
            ("resources", _("Reso&urces")),
            ("topics", _("&Topics")),
            ("participation", _("&Participation")),
        ):
            placeholder = QWidget(self.tabs)
            self._placeholders[name] = placeholder
            self.tabs.addTab(placeholder, title)
        self.pages.setCurrentWidget(self.tabs)
        for action in self._file_actions:
            action.setEnabled(True)
        if self.ops.cfile.readonly:
            self._read_only_mode()
        self._update_title()

    def _drop_panes(self) -> None:
        self.tabs.clear()
        for pane in (self.sessions, *self._panes.values(), *self._placeholders.values()):
            if pane is not None:
                pane.deleteLater()
        self.sessions = None
        self._panes.clear()
        self._placeholders.clear()

    # -- the panes built when first needed --------------------------------------------------------
    @property
    def roster(self) -> RosterPane | None:
        return self._pane("roster")  # type: ignore[return-value]

    @property
    def charter(self) -> CharterPane | None:
        return self._pane("charter")  # type: ignore[return-value]

    @property
    def resources(self) -> ResourcesPane | None:
        return self._pane("resources")  # type: ignore[return-value]

    @property
    def topics(self) -> TopicsPane | None:
        return self._pane("topics")  # type: ignore[return-value]

    @property
    def participation(self) -> ParticipationPane | None:
        return self._pane("participation")  # type: ignore[return-value]

    def _pane(self, name: str) -> QWidget | None:
        """The pane of this name, built now (in place of its tab's placeholder) if not yet;
        None while no file is open."""
        pane = self._panes.get(name)
        if pane is not None or self.ops is None or name not in self._placeholders:
            return pane
        ops = self.ops
        if name == "roster":
            from copdesk.ui.roster_pane import RosterPane

            pane = RosterPane(ops, self.tabs, today=self.today)
        elif name == "charter":
            from copdesk.ui.charter_pane import CharterPane

            pane = CharterPane(ops, self.tabs, today=self.today)
        elif name == "resources":
            from copdesk.ui.resources_pane import ResourcesPane

            pane = ResourcesPane(ops, self.tabs)
        elif name == "topics":
            from copdesk.ui.topics_pane import TopicsPane

            pane = TopicsPane(ops, self.tabs, today=self.today)
        else:
            from copdesk.ui.participation_pane import ParticipationPane

            pane = ParticipationPane(ops, self.tabs, today=self.today)
        pane.status_message.connect(self.show_status)
        self._panes[name] = pane
        placeholder = self._placeholders.pop(name)
        index = self.tabs.indexOf(placeholder)
        current = self.tabs.currentIndex()
        blocked = self.tabs.blockSignals(True)  # the placeholders around stay as they are
        try:
            title = self.tabs.tabText(index)
            self.tabs.removeTab(index)
            self.tabs.insertTab(index, pane, title)
            self.tabs.setCurrentIndex(current)
        finally:
            self.tabs.blockSignals(blocked)
        placeholder.deleteLater()
        if ops.cfile.readonly:
            file_problems.lock_editing(self, [pane])
        return pane

    def _on_tab_changed(self, index: int) -> None:
        shown = self.tabs.widget(index)
        for name, placeholder in list(self._placeholders.items()):
            if placeholder is shown:
                self._pane(name)
                return

    def _read_only_mode(self) -> None:
        """Nothing that writes is offered for a file open read-only (edits are refused anyway)."""
        assert self.ops is not None
        self.undo_group.setActiveStack(None)  # keeps Undo and Redo off
        for action in (
            self.settings_action,
            self.restore_action,
            self.add_member_action,
            self.new_session_action,
            self.import_members_action,
            self.organisations_action,
            self._charter_actions[0],  # edit
            self._charter_actions[3],  # import
        ):
            action.setEnabled(False)
        # Panes built later are locked as they are built (_pane).
        file_problems.lock_editing(self, [self.sessions, *self._panes.values()])
        self.read_only_banner.show_for(self.ops.cfile.path)
        self.read_only_bar.show()

    def close_file(self) -> None:
        if self.ops is None:
            return
        # Leaving the field being edited saves it (editingFinished) before the file closes.
        focused = QApplication.focusWidget()
        if focused is not None:
            focused.clearFocus()
        ops = self.ops
        self.ops = None
        self._drop_panes()
        self.undo_group.removeStack(ops.undo_stack)
        self.read_only_bar.hide()
        ops.close()
        ops.deleteLater()
        self.show_welcome()

    def _on_changed(self, kind: str, _ident: int) -> None:
        if kind == COMMUNITY:
            self._update_title()

    # -- "Nothing lost" -------------------------------------------------------------------------------
    def restore_from_backup(self) -> bool:
        from copdesk.ui.backups_dialog import restore_from_backup

        return restore_from_backup(self)

    def periodic_backup(self) -> None:
        """Every minute: take the periodic backup if something changed since the last one."""
        if self.ops is None or self.ops.cfile.readonly:
            return
        try:
            info = self.ops.cfile.backup_if_due()
        except CopdeskError as exc:
            self.show_status(_("No backup could be taken: {reason}").format(reason=exc.message))
            return
        if info is not None:
            self.show_status(
                _("Backed up at {time}.").format(time=file_problems.when_text(info.taken_at))
            )

    def _on_damaged(self, message: str) -> None:
        if self.ops is None or self.sender() not in (None, self.ops):
            return  # queued: that file has been closed meanwhile
        path = self.ops.cfile.path
        if file_problems.damaged_choice(self, message) != file_problems.CLOSE_AND_RESTORE:
            return
        from copdesk.ui.backups_dialog import restore_from_backup

        self.close_file()
        restore_from_backup(self, path)

    def _on_file_switched(self, path: str) -> None:
        self._update_title()
        settings.remember_file(path)
        self.show_status(_("Your changes now go to the copy at {path}.").format(path=path))

    def save_copy_to_edit(self) -> bool:
        """From a read-only file: save a copy where the user chooses and open it for changes."""
        if self.ops is None:
            return False
        copy = file_problems.save_copy_elsewhere(self, self.ops.cfile)
        return copy is not None and self.open_path(copy)

    def open_dialog(self) -> None:
        start = str(self.ops.cfile.path.parent) if self.ops else documents_folder()
        path, _filter = QFileDialog.getOpenFileName(
            self,
            _("Open a community"),
            start,
            _("copdesk communities (*{suffix});;All files (*)").format(suffix=FILE_SUFFIX),
        )
        if path:
            self.open_path(path)

    def new_community(self) -> None:
        from copdesk.ui.community_dialog import CommunityDialog

        dialog = CommunityDialog(self)
        if dialog.exec() != CommunityDialog.DialogCode.Accepted or dialog.result_info is None:
            return
        info = dialog.result_info
        suggested = str(Path(documents_folder()) / f"{safe_file_stem(info.name)}{FILE_SUFFIX}")
        path, _filter = QFileDialog.getSaveFileName(
            self,
            _("Save the new community as"),
            suggested,
            _("copdesk communities (*{suffix})").format(suffix=FILE_SUFFIX),
        )
        if not path:
            return
        self.close_file()
        try:
            # The save dialog has already asked whether to replace an existing file.
            cfile = community.create_community(path, info, overwrite=True)
        except CopdeskError as exc:
            messages.show_error(self, exc.message)
            return
        if self._adopt(cfile) and self.charter is not None:
            self._show_charter()
            self.charter.offer_wizard()  # a non-modal offer: the wizard is one click away

    def open_demo(self) -> bool:
        from copdesk.demo import write_demo

        self.close_file()
        folder = data_dir()
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = write_demo(folder / f"demo{FILE_SUFFIX}", locale=window().locale)
        except CopdeskError as exc:
            messages.show_error(self, exc.message)
            return False
        except OSError as exc:
            messages.show_error(
                self,
                _("The demo community could not be made ({reason}).").format(
                    reason=exc.strerror or exc
                ),
            )
            return False
        return self.open_path(path)

    def community_settings(self) -> None:
        if self.ops is None:
            return
        from copdesk.ui.community_dialog import CommunityDialog

        old = self.ops.read(community.get_community)
        dialog = CommunityDialog(self, old, self.ops)
        if dialog.exec() != CommunityDialog.DialogCode.Accepted or dialog.result_info is None:
            return
        if dialog.result_info != old:
            self.ops.push(commands.UpdateCommunity(self.ops, old, dialog.result_info))

    def _show_resources(self) -> None:
        if self.resources is not None:
            self.tabs.setCurrentWidget(self.resources)

    def export_calendar(self, path: str | None = None) -> Path | None:
        """Write every session to an .ics file that calendars can subscribe to or import."""
        if self.ops is None:
            return None
        if path is None:
            info = self.ops.read(community.get_community)
            suggested = str(self.ops.cfile.path.parent / f"{safe_file_stem(info.name)}.ics")
            path, _filter = QFileDialog.getSaveFileName(
                self, _("Export the calendar"), suggested, _("Calendar files (*.ics)")
            )
            if not path:
                return None
        from copdesk.services import sharing

        ok, written = self.ops.run(lambda db: sharing.write_calendar(db, path))
        if ok and written is not None:
            self.show_status(_("Saved the calendar to {path}.").format(path=written))
            return written
        return None

    def announcement(self) -> None:
        if self.sessions is not None:
            self.sessions.show_announcement()

    def print_agenda(self) -> None:
        if self.sessions is None:
            return
        meeting_id = self.sessions.session_to_print()
        if meeting_id is None:
            self.show_status(_("There is no session to print yet."))
            return
        self.print_agenda_of(meeting_id)

    def print_agenda_of(self, meeting_id: int) -> None:
        if self.ops is not None:
            from copdesk.ui.print_agenda import PrintAgendaDialog

            PrintAgendaDialog(self, self.ops, meeting_id).exec()

    def show_about(self) -> None:
        from copdesk.ui.about_dialog import AboutDialog

        AboutDialog(self).exec()

    def preferences(self) -> None:
        from copdesk.ui.preferences_dialog import edit_preferences

        edit_preferences(self)

    def retranslate(self) -> None:
        """Show everything in the window language just chosen, without closing the file.

        Every change is already in the file, so menus, the welcome page and the panes are simply
        built again; the file, the tab shown, the window's size and the undo history stay.
        """
        focused = QApplication.focusWidget()
        if focused is not None:
            focused.clearFocus()  # leaving the field being edited saves it (editingFinished)
        self.statusBar().clearMessage()  # it was written in the language left behind
        self.setLocale(QLocale())  # the new language's: date fields and numbers in the panes
        old_actions = [a for a in self._menu_actions() if a.parent() is self]
        self.setMenuBar(QMenuBar(self))  # the old bar and its menus are deleted with it
        old_recent = self.recent_menu
        self._build_menus()
        for old in (*old_actions, old_recent):
            old.deleteLater()
        old_welcome, self.welcome = self.welcome, self._make_welcome()
        self.pages.insertWidget(0, self.welcome)
        self.pages.removeWidget(old_welcome)
        old_welcome.deleteLater()
        self.read_only_bar.setWindowTitle(_("Read-only"))
        old_banner = self.read_only_banner
        self.read_only_banner = file_problems.ReadOnlyBanner(self)
        self.read_only_banner.copy_button.clicked.connect(self.save_copy_to_edit)
        for action in self.read_only_bar.actions():
            self.read_only_bar.removeAction(action)
            action.deleteLater()
        self.read_only_bar.addWidget(self.read_only_banner)
        old_banner.deleteLater()
        if self.ops is None:
            self.show_welcome()
            return
        shown = self.tabs.currentIndex()
        self._drop_panes()
        self._add_panes()
        self.tabs.setCurrentIndex(shown)  # builds that pane now

    def _menu_actions(self) -> list[QAction]:
        found: list[QAction] = []
        todo = list(self.menuBar().actions())
        while todo:
            action = todo.pop()
            found.append(action)
            if action.menu() is not None:
                todo.extend(action.menu().actions())
        return found

    # -- the window itself --------------------------------------------------------------------------------
    def _restore_geometry(self) -> None:
        saved = settings.load().ui.get(GEOMETRY_KEY)
        if isinstance(saved, str) and self.restoreGeometry(QByteArray.fromBase64(saved.encode())):
            return
        self.resize(1180, 760)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self.close_file()
        current = settings.load()
        current.ui[GEOMETRY_KEY] = bytes(self.saveGeometry().toBase64().data()).decode("ascii")
        try:
            settings.save(current)
        except OSError:
            pass  # not remembering the window size is no reason to refuse to quit
        super().closeEvent(event)


def documents_folder() -> str:
    return QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.DocumentsLocation
    ) or str(Path.home())


def safe_file_stem(name: str) -> str:
    """A file name from a community name (keeps letters in any script; drops path characters)."""
    cleaned = "".join("-" if c in '/\\:*?"<>|' else c for c in name).strip(" .")
    return cleaned or _("community")
