"""The charter in the core: versions, comparison, outcome tags, value stories, review, export."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace

import pytest

from copdesk.errors import ValidationError
from copdesk.services import charter, meetings, resources, roster
from copdesk.services.charter import CharterInput, OutcomeInput, PartnerInput, StoryInput

NOW = dt.datetime(2026, 3, 1, 10, 0)


def sample(**changes) -> CharterInput:
    values = dict(
        domain="Teaching adults to read",
        audience="Literacy tutors from libraries and unions",
        joining="Come to any session; tell the convener your name.",
        values=("Openness", "Reciprocity", "Curiosity"),
        outcomes=(
            OutcomeInput("Members help each other weekly", "short", "process", ("Reciprocity",)),
            OutcomeInput("A shared guide to first lessons", "long", "product", ("Openness",)),
        ),
        decisions="By consent at the end of a session.",
        notes_place="The shared folder",
        roles="Ana convenes; hosts change monthly.",
        rotation="Every three months.",
        partners=(PartnerInput("Riverside Library", "Tutors who stay longer"),),
        offer_back="A free workshop each spring.",
        cadence="Every Tuesday at 18:00",
        meeting_format="Pairs, then a case.",
        session_format=charter.FormatSnapshot("Proven", (("Welcome", 5), ("Case", 50)), 75),
        review_on=dt.date(2027, 3, 1),
    )
    values.update(changes)
    return CharterInput(**values)


def test_first_finish_saves_version_one_with_outcome_ids(db) -> None:
    assert charter.current_charter(db) is None
    saved = charter.save_charter(db, sample(), now=NOW)
    assert saved.created and saved.version.number == 1
    current = charter.current_charter(db)
    assert current is not None and current.saved_at == NOW
    assert all(o.id for o in current.charter.outcomes)
    assert [o.text for o in charter.list_outcomes(db)] == [
        "Members help each other weekly",
        "A shared guide to first lessons",
    ]


def test_unchanged_finish_saves_nothing(db) -> None:
    first = charter.save_charter(db, sample(), now=NOW).version
    again = charter.save_charter(db, first.charter, now=NOW + dt.timedelta(days=1))
    assert not again.created and again.version.number == 1
    # blanks and line ends do not count as changes
    tidy = replace(first.charter, domain=" Teaching adults to read \r\n")
    assert not charter.save_charter(db, tidy).created
    assert [v.number for v in charter.list_versions(db)] == [1]


def test_a_change_saves_a_dated_version_and_keeps_outcome_ids(db) -> None:
    first = charter.save_charter(db, sample(), now=NOW).version
    short, long_ = first.charter.outcomes
    changed = replace(
        first.charter,
        values=(*first.charter.values, "Care"),
        outcomes=(replace(short, text="Members help each other every week"), long_),
    )
    later = NOW + dt.timedelta(days=30)
    second = charter.save_charter(db, changed, now=later).version
    assert second.number == 2 and second.saved_at == later
    assert [o.id for o in second.charter.outcomes] == [short.id, long_.id]
    assert charter.list_outcomes(db)[0].text == "Members help each other every week"
    assert [v.number for v in charter.list_versions(db)] == [2, 1]
    assert charter.get_version(db, 1).charter == first.charter


def test_compare_any_two_versions_by_section(db) -> None:
    first = charter.save_charter(db, sample(), now=NOW).version
    changed = replace(first.charter, values=("Openness", "Care", "Curiosity", "Reciprocity"))
    charter.save_charter(db, changed)
    diffs = {d.key: d for d in charter.compare_versions(db, 1, 2)}
    assert list(diffs) == list(charter.SECTION_KEYS)
    assert [k for k, d in diffs.items() if d.changed] == ["values"]
    values = diffs["values"]
    assert ("+", "2. Care") in values.unified
    assert ("-", "2. Reciprocity") in values.unified
    assert ("=", "1. Openness") in values.unified
    assert ("2. Reciprocity", "2. Care", True) in values.side_by_side
    assert all(not changed for _a, _b, changed in diffs["purpose"].side_by_side)
    # and the other way round
    back = {d.key: d for d in charter.compare_versions(db, 2, 1)}
    assert ("-", "2. Care") in back["values"].unified


def test_validation_names_the_page(db) -> None:
    cases = {
        "domain": sample(domain="  "),
        "values": sample(values=()),
        "outcomes": sample(outcomes=sample().outcomes[:1]),
        "decisions": sample(decisions=""),
        "cadence": sample(cadence=""),
        "review_on": sample(review_on=None),
    }
    for field, data in cases.items():
        with pytest.raises(ValidationError) as info:
            charter.save_charter(db, data)
        assert info.value.field == field
    with pytest.raises(ValidationError, match="listed twice"):
        charter.validate(sample(values=("Care", "care")))
    bad = OutcomeInput("x", "short", "process", ("Kindness",))
    with pytest.raises(ValidationError, match="not one of the values"):
        charter.validate(sample(outcomes=(bad, *sample().outcomes)))
    assert charter.list_versions(db) == []


def test_outcome_serving_no_value_is_allowed_but_noticed(db) -> None:
    lonely = OutcomeInput("Visit each other's workplaces", "long", "process")
    data = sample(outcomes=(*sample().outcomes, lonely))
    assert charter.outcomes_serving_no_value(data) == [lonely]
    assert charter.save_charter(db, data).created


def test_withdraw_and_restore_a_version(db) -> None:
    first = charter.save_charter(db, sample(), now=NOW).version
    extra = OutcomeInput("A reading list", "short", "product", ("Curiosity",))
    second = charter.save_charter(
        db, replace(first.charter, outcomes=(*first.charter.outcomes, extra))
    )
    new_id = second.version.charter.outcomes[-1].id
    withdrawn = charter.withdraw_version(db, 2)
    assert charter.current_charter(db).number == 1
    assert [o.text for o in charter.list_outcomes(db)] == [o.text for o in first.charter.outcomes]
    assert charter.list_outcomes(db, include_retired=True) == charter.list_outcomes(db)
    back = charter.restore_version(db, withdrawn)
    assert back.number == 2 and back.charter.outcomes[-1].id == new_id
    with pytest.raises(ValidationError):
        charter.withdraw_version(db, 1)


def _sessions(db, *days: dt.date) -> list[int]:
    return [
        meetings.add_meeting(db, meetings.MeetingInput(date=d, start_time=dt.time(18))).id
        for d in days
    ]


def test_sessions_tagged_with_outcomes_and_idle_outcomes(db) -> None:
    saved = charter.save_charter(db, sample(), now=NOW).version
    short, long_ = (o.id for o in saved.charter.outcomes)
    today = dt.date(2026, 6, 1)
    old, recent = _sessions(db, dt.date(2025, 11, 4), dt.date(2026, 5, 5))
    resources.add_resource(
        db, resources.ResourceInput("First-lesson checklist", "https://x.example", meeting_id=old)
    )
    assert charter.tag_session(db, old, long_)
    assert not charter.tag_session(db, old, long_)  # already tagged
    assert charter.tag_session(db, recent, short)
    assert charter.session_outcomes(db, old) == [long_]
    activity = {a.outcome.id: a for a in charter.outcome_activity(db, today)}
    assert [s.id for s in activity[short].sessions] == [recent]
    assert activity[short].active_this_season
    assert [p.title for p in activity[long_].products] == ["First-lesson checklist"]
    assert not activity[long_].active_this_season
    assert [o.id for o in charter.idle_outcomes(db, today)] == [long_]
    assert charter.untag_session(db, recent, short)
    assert not charter.untag_session(db, recent, short)
    assert {o.id for o in charter.idle_outcomes(db, today)} == {short, long_}
    # a removed session takes its tags with it
    meetings.remove_meeting(db, old)
    assert charter.outcome_sessions(db, long_) == []


def test_value_stories(db) -> None:
    saved = charter.save_charter(db, sample(), now=NOW).version
    outcome = saved.charter.outcomes[0].id
    (session,) = _sessions(db, dt.date(2026, 5, 5))
    member = roster.add_member(db, roster.MemberInput(name="Ana Müller", preferred_name="Ana"))
    story = charter.add_story(
        db,
        StoryInput(
            "Ana tried the pairs warm-up with her class.", "applied", session, outcome, member.id
        ),
    )
    assert story.told_on == dt.date(2026, 5, 5)  # the session's date
    assert story.teller_name == "Ana" and story.outcome_text == saved.charter.outcomes[0].text
    assert [s.id for s in charter.list_stories(db)] == [story.id]
    assert charter.list_stories(db, saved.charter.outcomes[1].id) == []
    activity = {a.outcome.id: a for a in charter.outcome_activity(db, dt.date(2026, 6, 1))}
    assert activity[outcome].story_count == 1
    removed = charter.remove_story(db, story.id)
    assert charter.list_stories(db) == []
    assert charter.restore_story(db, removed) == story
    for bad, field in (
        (StoryInput("", "applied", session, outcome), "text"),
        (StoryInput("x", "sideways", session, outcome), "cycle"),
        (StoryInput("x", "applied", None, outcome), "meeting_id"),
        (StoryInput("x", "applied", session, None), "outcome_id"),
    ):
        with pytest.raises(ValidationError) as info:
            charter.add_story(db, bad)
        assert info.value.field == field


def test_review_date_suggestion(db) -> None:
    assert charter.review_due(db, dt.date(2030, 1, 1)) is None  # no charter yet
    charter.save_charter(db, sample(review_on=dt.date(2027, 3, 1)), now=NOW)
    assert charter.review_due(db, dt.date(2027, 2, 28)) is None
    due = charter.review_due(db, dt.date(2027, 3, 4))
    assert due is not None and due.number == 1 and due.days_overdue == 3
    assert charter.review_due(db, dt.date(2027, 3, 1)) is not None


def test_export_import_round_trip(db, cfile, tmp_path) -> None:
    charter.save_charter(db, sample(), now=NOW)
    data = charter.export_charter(db)
    doc = json.loads(data)
    assert doc["format"] == "copdesk-charter" and doc["version"] == 1
    assert all("id" not in o for o in doc["charter"]["outcomes"])
    assert charter.read_charter_file(data) == replace(
        sample(), outcomes=tuple(replace(o, id=None) for o in sample().outcomes)
    )

    from copdesk.services import formats
    from copdesk.services.community import CommunityInfo, create_community

    other = create_community(tmp_path / "other.copdesk", CommunityInfo(name="Other"))
    try:
        with other.session() as odb:
            saved = charter.import_charter(odb, data)
            assert saved.created and saved.version.number == 1
            assert charter.export_charter(odb) == data
            names = [f.name for f in formats.list_formats(odb)]
            assert "Proven" in names
            # importing the same file again changes nothing
            assert not charter.import_charter(odb, data).created
            assert [f.name for f in formats.list_formats(odb)] == names
    finally:
        other.close()
    # re-importing its own charter keeps the outcomes (and so the sessions' tags)
    ids = [o.id for o in charter.list_outcomes(db)]
    assert not charter.import_charter(db, data).created
    assert [o.id for o in charter.list_outcomes(db)] == ids


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\xff\xfe\x00garbage", "not text"),
        (b"{not json", "not valid JSON"),
        (b"[]", "not a copdesk charter file"),
        (b'{"format": "copdesk-charter"}', "no valid version"),
        (b'{"format": "copdesk-charter", "version": 99, "charter": {}}', "newer copdesk"),
        (b'{"format": "copdesk-charter", "version": 1, "charter": {"values": "Care"}}', "values"),
        (
            b'{"format": "copdesk-charter", "version": 1, "charter": {"outcomes": [{"text": "x",'
            b' "horizon": "soon", "kind": "process"}]}}',
            "outcomes.horizon",
        ),
        (b'{"format": "copdesk-charter", "version": 1, "charter": {}}', "not complete"),
    ],
)
def test_import_refuses_bad_files_and_changes_nothing(cfile, content, message) -> None:
    with cfile.session() as db:
        charter.save_charter(db, sample(), now=NOW)
    before = cfile.path.read_bytes()
    with cfile.session() as db, pytest.raises(ValidationError, match=message):
        charter.import_charter(db, content)
    with cfile.session() as db:
        assert [v.number for v in charter.list_versions(db)] == [1]
    assert cfile.path.read_bytes() == before


def test_suggested_values_are_in_the_groups_language() -> None:
    english = charter.suggested_values("en")
    assert len(english) == 12 and "Reciprocity" in english


def test_removing_and_restoring_a_session_keeps_its_outcome_tags_and_stories(tmp_path) -> None:
    import datetime as dt

    from copdesk.db import open_community
    from copdesk.demo import write_demo
    from copdesk.services import charter as charters
    from copdesk.services import meetings

    today = dt.date(2026, 11, 24)
    path = write_demo(tmp_path / "demo.copdesk", today=today)
    with open_community(path) as cfile, cfile.session() as db:
        stories = charters.list_stories(db)
        assert stories, "the demo has value stories"
        meeting_id = stories[0].meeting_id
        tags_before = charters.session_outcomes(db, meeting_id)
        assert tags_before
        removed = meetings.remove_meeting(db, meeting_id)
        meetings.restore_meeting(db, removed)
        assert charters.session_outcomes(db, meeting_id) == tags_before
        assert [s.meeting_id for s in charters.list_stories(db)].count(meeting_id) == [
            s.meeting_id for s in stories
        ].count(meeting_id)
