"""Drive the charter wizard and the Charter tab: validation per page, Back, Cancel, Finish, undo."""

from __future__ import annotations

import datetime as dt
import json

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QWizard

from copdesk.services import charter, meetings
from copdesk.ui import charter_wizard as cw
from copdesk.ui.charter_models import OutcomeActivityModel, OutcomeDraftModel, StoryModel
from copdesk.ui.charter_pane import StoryDialog
from tests.test_charter import NOW, sample
from tests.ui.conftest import TODAY, answer_dialog, click, type_text


def next_button(wizard: QWizard):  # noqa: ANN201
    return wizard.button(QWizard.WizardButton.NextButton)


def fill_new_charter(qtbot, wizard: cw.CharterWizard) -> None:  # noqa: ANN001
    """Every page, with the validation a user meets on the way."""
    assert wizard.currentId() == cw.PURPOSE
    nxt = next_button(wizard)
    page = wizard.purpose_page
    assert not nxt.isEnabled()
    type_text(qtbot, page.domain, "Teaching adults to read")
    type_text(qtbot, page.audience, "Literacy tutors")
    assert not nxt.isEnabled()
    type_text(qtbot, page.joining, "   ")
    assert not nxt.isEnabled()  # blanks are not an answer
    type_text(qtbot, page.joining, "Come along")
    assert nxt.isEnabled()
    click(qtbot, nxt)

    assert wizard.currentId() == cw.VALUES
    values = wizard.values_page
    assert not nxt.isEnabled()
    values.suggestions.setCurrentRow(1)  # Reciprocity
    click(qtbot, values.add_suggestion)
    type_text(qtbot, values.own, "Kindness")
    qtbot.keyClick(values.own, Qt.Key.Key_Return)
    type_text(qtbot, values.own, "kindness")
    click(qtbot, values.add_own)
    assert values.error.isVisible() and "already one of the values" in values.error.text()
    values.chosen.setCurrentRow(1)
    click(qtbot, values.up_button)
    assert [v for _k, v in values.values()] == ["Kindness", "Reciprocity"]
    assert nxt.isEnabled()
    click(qtbot, nxt)

    assert wizard.currentId() == cw.OUTCOMES
    outcomes = wizard.outcomes_page
    assert not nxt.isEnabled()
    assert "this season" in outcomes.hint.text()
    click(qtbot, outcomes.add_short)
    type_text(qtbot, outcomes.text, "Members help each other weekly")
    outcomes.set_serves(["Reciprocity"])
    assert not nxt.isEnabled()  # still no long-term outcome
    click(qtbot, outcomes.add_long)
    type_text(qtbot, outcomes.text, "A shared guide")
    assert nxt.isEnabled()
    # an outcome that serves no value: a warning, but Next stays possible
    assert not outcomes.warning.isHidden()
    assert "“A shared guide” serves no value" in outcomes.warning.text()
    outcomes.set_serves(["Kindness"])
    assert outcomes.warning.isHidden()
    click(qtbot, nxt)

    assert wizard.currentId() == cw.TRANSPARENCY
    assert not nxt.isEnabled()
    # Back keeps what was entered
    click(qtbot, wizard.button(QWizard.WizardButton.BackButton))
    assert wizard.currentId() == cw.OUTCOMES and outcomes.model.rowCount() == 2
    click(qtbot, nxt)
    type_text(qtbot, wizard.transparency_page.decisions, "By consent")
    assert nxt.isEnabled()
    click(qtbot, nxt)

    assert wizard.currentId() == cw.SOLIDARITY
    solidarity = wizard.solidarity_page
    row = solidarity.add_partner("", "Volunteers")
    click(qtbot, nxt)
    assert wizard.currentId() == cw.SOLIDARITY  # refused: a row with no name
    assert "needs a name" in solidarity.error.text()
    solidarity.table.item(row, solidarity.NAME).setText("Riverside Library")
    type_text(qtbot, solidarity.offer_back, "A spring workshop")
    click(qtbot, nxt)

    assert wizard.currentId() == cw.RHYTHM
    rhythm = wizard.rhythm_page
    assert rhythm.cadence.text().startswith("Every Tuesday")  # from the community's settings
    rhythm.review_on.setDate(QDate(TODAY.year, TODAY.month, TODAY.day))
    click(qtbot, nxt)
    assert wizard.currentId() == cw.RHYTHM and "after today" in rhythm.error.text()
    rhythm.review_on.setDate(QDate(2027, 3, 2))
    click(qtbot, nxt)

    assert wizard.currentId() == cw.REVIEW
    shown = wizard.review_page.browser.toPlainText()
    for needle in ("1. Kindness", "2. Reciprocity", "Members help each other weekly", "By consent"):
        assert needle in shown
    # back to any step, and forward again
    click(qtbot, wizard.review_page.jump_buttons[cw.VALUES])
    assert wizard.currentId() == cw.VALUES
    while wizard.currentId() != cw.REVIEW:
        click(qtbot, nxt)


def test_new_charter_through_every_page_saves_one_version(qtbot, window, read_file) -> None:  # noqa: ANN001
    pane = window.charter
    before = window.ops.cfile.path.read_bytes()

    def fill(wizard: cw.CharterWizard) -> None:
        assert isinstance(wizard, cw.CharterWizard)
        fill_new_charter(qtbot, wizard)
        assert window.ops.cfile.path.read_bytes() == before  # nothing written before Finish
        click(qtbot, wizard.button(QWizard.WizardButton.FinishButton))
        assert not wizard.isVisible()

    answer_dialog(qtbot, lambda: click(qtbot, pane.edit_button), fill)
    (version,) = read_file(charter.list_versions)
    current = read_file(charter.current_charter)
    assert version.number == 1
    assert current.charter.values == ("Kindness", "Reciprocity")
    assert [(o.text, o.horizon, o.values) for o in current.charter.outcomes] == [
        ("Members help each other weekly", "short", ("Reciprocity",)),
        ("A shared guide", "long", ("Kindness",)),
    ]
    assert current.charter.partners == (charter.PartnerInput("Riverside Library", "Volunteers"),)
    assert pane.stack.currentWidget() is pane.inner
    assert "Kindness" in pane.view.toPlainText()
    window.undo_action.trigger()
    assert read_file(charter.list_versions) == []
    window.redo_action.trigger()
    assert [v.number for v in read_file(charter.list_versions)] == [1]


def test_cancel_leaves_no_trace(qtbot, window) -> None:  # noqa: ANN001
    path = window.ops.cfile.path
    before = path.read_bytes()

    def fill(wizard: cw.CharterWizard) -> None:
        type_text(qtbot, wizard.purpose_page.domain, "Something")
        click(qtbot, wizard.button(QWizard.WizardButton.CancelButton))

    answer_dialog(qtbot, lambda: window.charter.edit_charter(), fill)
    assert path.read_bytes() == before
    assert window.charter.stack.currentWidget() is window.charter.empty
    assert window.ops.undo_stack.count() == 0


def _with_charter(window, **changes) -> charter.CharterVersionRow:  # noqa: ANN001
    ok, saved = window.ops.run(lambda db: charter.save_charter(db, sample(**changes), now=NOW))
    assert ok
    window.charter.reload()
    return saved.version


def test_editing_reopens_prefilled_and_saves_a_new_version(qtbot, window, read_file) -> None:  # noqa: ANN001
    first = _with_charter(window)
    pane = window.charter

    def finish_unchanged(wizard: cw.CharterWizard) -> None:
        assert wizard.purpose_page.domain.toPlainText() == "Teaching adults to read"
        assert wizard.outcomes_page.model.rowCount() == 2
        assert wizard.rhythm_page.session_format.currentData() == sample().session_format
        while wizard.currentId() != cw.REVIEW:
            assert next_button(wizard).isEnabled(), wizard.currentId()
            click(qtbot, next_button(wizard))
        click(qtbot, wizard.button(QWizard.WizardButton.FinishButton))

    answer_dialog(qtbot, lambda: click(qtbot, pane.edit_button), finish_unchanged)
    assert [v.number for v in read_file(charter.list_versions)] == [1]
    assert "unchanged" in window.statusBar().currentMessage()

    def reword(wizard: cw.CharterWizard) -> None:
        wizard.next()
        wizard.next()
        outcomes = wizard.outcomes_page
        outcomes.table.setCurrentIndex(outcomes.model.index(0, 0))
        outcomes.text.selectAll()
        type_text(qtbot, outcomes.text, "Members help each other every week")
        while wizard.currentId() != cw.REVIEW:
            click(qtbot, next_button(wizard))
        click(qtbot, wizard.button(QWizard.WizardButton.FinishButton))

    answer_dialog(qtbot, lambda: click(qtbot, pane.edit_button), reword)
    assert [v.number for v in read_file(charter.list_versions)] == [2, 1]
    second = read_file(charter.current_charter)
    assert second.charter.outcomes[0].text == "Members help each other every week"
    assert second.charter.outcomes[0].id == first.charter.outcomes[0].id  # the same outcome
    # the comparison shows what changed, section by section
    pane.inner.setCurrentIndex(1)
    pane.compare(1, 2)
    text = pane.comparison.toPlainText()
    assert "Members help each other every week" in text and "Unchanged" in text
    pane.side_by_side.setChecked(True)
    assert "Older" in pane.comparison.toPlainText()


def test_session_tags_and_stories_are_undoable(qtbot, window, read_file) -> None:  # noqa: ANN001
    version = _with_charter(window)
    outcome = version.charter.outcomes[0].id
    ok, row = window.ops.run(
        lambda db: meetings.add_meeting(
            db, meetings.MeetingInput(date=dt.date(2026, 2, 24), start_time=dt.time(18))
        )
    )
    pane = window.charter
    pane.reload()
    assert pane.select_outcome(outcome)
    item = pane.sessions_list.item(0)
    item.setCheckState(Qt.CheckState.Checked)
    assert read_file(charter.session_outcomes, row.id) == [outcome]
    assert pane.activity_model.activity(0).sessions[0].id == row.id
    assert "No activity this season" in pane.idle_label.text()  # the long-term outcome
    window.undo_action.trigger()
    assert read_file(charter.session_outcomes, row.id) == []

    def tell(dialog: StoryDialog) -> None:
        assert isinstance(dialog, StoryDialog)
        ok_button = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        click(qtbot, ok_button)
        assert dialog.isVisible() and "sentence or two" in dialog.error.text()
        type_text(qtbot, dialog.text, "I tried the warm-up with my class.")
        dialog.cycle.setCurrentIndex(dialog.cycle.findData("applied"))
        click(qtbot, ok_button)

    pane.inner.setCurrentIndex(3)
    answer_dialog(qtbot, lambda: click(qtbot, pane.add_story_button), tell)
    (story,) = read_file(charter.list_stories)
    assert (story.cycle, story.outcome_id, story.meeting_id) == ("applied", outcome, row.id)
    assert pane.story_model.rowCount() == 1
    pane.stories.setCurrentIndex(pane.story_model.index(0, 0))
    click(qtbot, pane.remove_story_button)
    assert read_file(charter.list_stories) == []
    window.undo_action.trigger()
    assert [s.id for s in read_file(charter.list_stories)] == [story.id]


def test_review_banner_when_the_date_has_come(qtbot, window) -> None:  # noqa: ANN001
    pane = window.charter
    assert pane.banner.isHidden()
    _with_charter(window, review_on=TODAY - dt.timedelta(days=2))
    assert not pane.banner.isHidden()
    assert "review date" in pane.banner_label.text()

    def look(wizard: cw.CharterWizard) -> None:
        # started from the current charter
        assert wizard.purpose_page.domain.toPlainText() == "Teaching adults to read"
        assert wizard.rhythm_page.review_date() > TODAY

    answer_dialog(qtbot, lambda: click(qtbot, pane.banner_review), look)
    click(qtbot, pane.banner_later)
    assert pane.banner.isHidden()


def test_new_community_offers_the_wizard_without_a_modal(qtbot, window) -> None:  # noqa: ANN001
    window.charter.offer_wizard()
    assert not window.charter.banner.isHidden()
    assert "Write the charter now?" in window.charter.banner_label.text()


def test_export_and_a_refused_import(qtbot, window, tmp_path, errors_shown) -> None:  # noqa: ANN001
    _with_charter(window)
    out = tmp_path / "c.json"
    assert window.charter.export_dialog(str(out))
    assert json.loads(out.read_text("utf-8"))["charter"]["values"] == list(sample().values)
    bad = tmp_path / "bad.json"
    bad.write_text("{nope")
    before = window.ops.cfile.path.read_bytes()
    assert not window.charter.import_dialog(str(bad))
    assert errors_shown and "not valid JSON" in errors_shown[-1]
    assert window.ops.cfile.path.read_bytes() == before
    # the same file again: nothing to import
    assert not window.charter.import_dialog(str(out))
    assert window.charter.save_pdf(str(tmp_path / "c.pdf"))
    assert (tmp_path / "c.pdf").read_bytes().startswith(b"%PDF")


def test_models_pass_the_model_tester(qtmodeltester, window) -> None:  # noqa: ANN001
    version = _with_charter(window)
    draft = OutcomeDraftModel()
    draft.set_value_names({1: "Care"})
    from copdesk.ui.charter_models import DraftOutcome

    draft.set_rows([DraftOutcome("a", value_keys=[1]), DraftOutcome("b", "long", "product")])
    qtmodeltester.check(draft)
    assert draft.index(1, OutcomeDraftModel.VALUES).data() == "(no value yet)"
    qtmodeltester.check(window.charter.activity_model)
    assert window.charter.activity_model.rowCount() == len(version.charter.outcomes)
    assert window.charter.activity_model.index(0, 0).data(OutcomeActivityModel.IdleRole)
    stories = StoryModel()
    qtmodeltester.check(stories)
    QApplication.processEvents()
