"""The roster's item models on their own: Qt's model tester with rows, paging, collation order."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from copdesk.services.organisations import OrganisationRow
from copdesk.services.roster import MemberRow, RoleSpan
from copdesk.ui.member_model import COLUMN_KEYS, RosterModel
from copdesk.ui.organisations_dialog import OrganisationsModel

TODAY = dt.date(2026, 3, 2)
MEMBERS = {
    1: MemberRow(name="Zoë Adams", email="zoe@example.org", joined_on=dt.date(2024, 5, 1), id=1),
    2: MemberRow(
        name="Åsa Öberg",
        organisation="Bibliotek",
        can_teach=("knitting", "maps"),
        id=2,
        roles=(RoleSpan(1, "host", "host", dt.date(2026, 1, 1)),),
    ),
    3: MemberRow(name="Anna Berg", preferred_name="Annie", notes="Vegetarian", id=3),
    4: MemberRow(name="سارة الحسن", organisation="Makerspace", id=4),
    5: MemberRow(name="山田 花子", id=5),
}


def make_model(locale: str = "en", page: int = 200) -> tuple[RosterModel, list[list[int]]]:
    fetched: list[list[int]] = []

    def fetch(ids: list[int]) -> list[MemberRow]:
        fetched.append(list(ids))
        return [MEMBERS[i] for i in sorted(ids)]

    def read_column(key: str) -> dict[int, object]:
        out = {}
        for mid, row in MEMBERS.items():
            value = getattr(row, key) if key not in ("roles", "journey") else ""
            if isinstance(value, tuple):
                if not value:
                    continue
                value = ", ".join(value)
            out[mid] = value
        return out

    model = RosterModel(fetch, read_column, locale=locale, today=TODAY)
    model.PAGE = page
    every = sorted(MEMBERS)
    model.set_ids(every, every)
    return model, fetched


def names(model: RosterModel) -> list[str]:
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def test_roster_model_passes_the_model_tester(qtmodeltester) -> None:  # noqa: ANN001
    model, _fetched = make_model()
    assert model.rowCount() == 5
    qtmodeltester.check(model)
    model.sort(COLUMN_KEYS.index("joined_on"), Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(model)


def test_rows_are_fetched_by_page_and_cached() -> None:
    model, fetched = make_model(page=2)
    for _ in range(2):
        assert names(model)  # every row read
    assert sorted(i for page in fetched for i in page) == [1, 2, 3, 4, 5]  # each once
    assert max(len(p) for p in fetched) <= 2


def test_sorted_by_the_window_language() -> None:
    english, _f = make_model("en")
    assert names(english)[:3] == ["Anna Berg", "Åsa Öberg", "Zoë Adams"]
    swedish, _f = make_model("sv")
    # Swedish puts Å, Ä, Ö after Z.
    assert names(swedish)[:3] == ["Anna Berg", "Zoë Adams", "Åsa Öberg"]
    ascending = names(swedish)
    swedish.sort(0, Qt.SortOrder.DescendingOrder)
    assert names(swedish) == ascending[::-1]


def test_empty_values_sort_last_and_cells_read_well() -> None:
    model, _f = make_model()
    org = COLUMN_KEYS.index("organisation")
    model.sort(org, Qt.SortOrder.AscendingOrder)
    assert [model.index(r, org).data() for r in range(5)][:2] == ["Bibliotek", "Makerspace"]
    model.sort(org, Qt.SortOrder.DescendingOrder)
    assert [model.index(r, org).data() for r in range(5)][:2] == ["Makerspace", "Bibliotek"]
    row = model.row_of(2)
    assert model.index(row, COLUMN_KEYS.index("can_teach")).data() == "knitting and maps"
    assert model.index(row, COLUMN_KEYS.index("roles")).data() == "host"
    anna = model.row_of(3)
    assert model.index(anna, 0).data(Qt.ItemDataRole.ToolTipRole) == "Vegetarian"
    assert model.index(anna, 0).data(RosterModel.IdRole) == 3


def test_a_search_result_keeps_the_order() -> None:
    model, _f = make_model("sv")
    model.set_ids([1, 2, 3])
    assert names(model) == ["Anna Berg", "Zoë Adams", "Åsa Öberg"]
    assert model.row_of(2) == 2 and model.row_of(4) is None


def test_organisations_model(qtmodeltester) -> None:  # noqa: ANN001
    model = OrganisationsModel(locale="en")
    model.set_rows(
        [
            OrganisationRow(name="Bibliotek", id=1, member_count=3, current_count=2),
            OrganisationRow(name="Makerspace", kind="cooperative", id=2, member_count=1),
        ]
    )
    qtmodeltester.check(model)
    assert model.index(0, OrganisationsModel.MEMBERS).data() == "3"
    assert model.index(1, OrganisationsModel.KIND).data() == "cooperative"
