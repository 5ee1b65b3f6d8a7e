"""Issue 15, goal 6: a decision's awardee list (and the papers that embed it)
builds the nomination rows once, from the decision's own nominations, and
reads exactly what the year's rows filtered by decision would give."""
from __future__ import annotations

import pytest

from awards_helpers import full_year
from thidua_desktop.services.awards import (
    lists as award_lists, catalogue as awards, nominations as nm,
)
from thidua_desktop.services import documents, plan
from thidua_desktop.storage.models import Decision, Nomination


@pytest.fixture
def year(db):
    """The recorded year, and a household proposed after the decision (in no decision)."""
    ids = full_year(db)
    with db.transaction(actor="kiểm thử") as s:
        campaign = plan.current_campaign(s)
        s.add(Nomination(campaign_id=campaign.id, title_id=awards.title_by_code(s, "GK").id, subject="household",
                         household_name="Hộ ông Nguyễn Văn Bình", household_address="Tổ dân phố số 2",
                         summary="Hiến đất mở đường"))
    return ids


@pytest.fixture
def rows_built(monkeypatch):
    """The ``decision_id`` of every call of ``nominations.rows``."""
    calls: list[int | None] = []
    real = nm.rows

    def counted(*args, **kwargs):
        calls.append(kwargs.get("decision_id"))
        return real(*args, **kwargs)

    monkeypatch.setattr(nm, "rows", counted)
    return calls


def test_rows_of_a_decision_are_the_years_rows_of_that_decision(db, year):
    with db.read() as s:
        campaign = plan.current_campaign(s)
        every = nm.rows(s, campaign)
        assert any(r.decision_id != year["decision"] for r in every)  # the filter has something to leave out
        expected = [r.as_json() for r in every if r.decision_id == year["decision"]]
        assert expected
        assert [r.as_json() for r in nm.rows(s, campaign, decision_id=year["decision"])] == expected


def test_awardee_list_builds_the_rows_once(db, year, rows_built):
    with db.read() as s:
        assert s.get(Decision, year["decision"]).base_salary  # its prizes are explained from the rows too
        listing = award_lists.awardee_list(s, year["decision"])
    assert listing.count
    assert rows_built == [year["decision"]]


@pytest.mark.parametrize("kind", ["nominations", "decision"])
def test_documents_with_the_list_build_the_rows_once(db, year, rows_built, kind):
    with db.read() as s:
        documents.generate(s, kind, documents.Options(awardees=True, decision_id=year["decision"]))
    assert rows_built == [year["decision"]]
