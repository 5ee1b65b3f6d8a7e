"""The demo ward is a plausible finished year: its dates follow the plan's timeline
(units report before 05/12/2026, the ward reports to the city before 15/12/2026)."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from thidua_desktop.services.awards import council
from thidua_desktop.services import documents, plan
from thidua_desktop.services.documents import records
from thidua_desktop.storage.models import Period, Result, UnitReport

TODAY = dt.date(2026, 11, 26)


@pytest.fixture(scope="module")
def demo(demo_ward):
    return demo_ward.db


def test_units_report_before_their_deadline(demo):
    with demo.read() as s:
        campaign = plan.current_campaign(s)
        year = s.scalars(select(Period).where(Period.campaign_id == campaign.id, Period.is_main)).one()
        reports = list(s.scalars(select(UnitReport.reported_on).where(UnitReport.period_id == year.id)))
        results = [d for d in s.scalars(select(Result.reported_on).where(Result.period_id == year.id)) if d]
    assert campaign.units_deadline == dt.date(2026, 12, 5)
    assert reports and max(reports + results) < campaign.units_deadline
    assert max(reports + results) < TODAY  # reported already, as the overview says


def test_council_decisions_and_the_proposal_to_the_city_follow_in_order(demo):
    with demo.read() as s:
        campaign = plan.current_campaign(s)
        [meeting] = council.sessions(s, campaign)
        signed = {d.number: (d.signed_on, d.city) for d in records.decisions(s, campaign)}
    assert meeting.held_at == dt.datetime(2026, 12, 8, 8, 0) and meeting.held_at.date() > campaign.units_deadline
    assert signed == {"125/QĐ-UBND": (dt.date(2026, 12, 10), False), "126/QĐ-UBND": (dt.date(2026, 12, 10), False),
                      "15/TTr-UBND": (dt.date(2026, 12, 11), True)}
    assert all(meeting.held_at.date() < day < campaign.ward_deadline for day, _ in signed.values())


def test_the_documents_page_suggests_dates_that_fit_the_record(demo):
    with demo.read() as s:
        campaign = plan.current_campaign(s)
        suggested = {kind: documents.suggest_date(s, kind, campaign, today=TODAY)
                     for kind in ("year-end", "minutes", "proposal", "decision", "nominations")}
        later = documents.suggest_date(s, "minutes", campaign, today=dt.date(2027, 1, 5))
    # the report tells the year's awards: after the tờ trình, before the ward's deadline
    assert suggested["year-end"] == dt.date(2026, 12, 11) < campaign.ward_deadline
    assert suggested["minutes"] == suggested["proposal"] == suggested["decision"] == dt.date(2026, 12, 8)
    assert suggested["nominations"] == TODAY
    assert later == dt.date(2026, 12, 8)  # the minutes keep the meeting's day
