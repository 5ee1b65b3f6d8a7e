"""The status line's count (``reporting.count_of``) gives the numbers the full
reporting status gives, without evaluating any item (issue 15, goal 5)."""
from __future__ import annotations

import datetime as dt
import random

import pytest
from sqlalchemy import select

from thidua_desktop.services import plan
from thidua_desktop.services.app import open_app
from thidua_desktop.services.results import evaluation as ev
from thidua_desktop.services.results import reporting
from thidua_desktop.storage.models import Result, UnitReport

VALUES = ("value", "numerator", "denominator", "current_amount", "previous_amount", "flag")


def _same(session, period_id: int, today: dt.date) -> None:
    full = reporting.status_of(session, period_id, today)
    count = reporting.count_of(session, period_id, today)
    assert (count.expected, count.reported, count.late) == (full.expected, len(full.reported), len(full.late))
    assert count.not_reported == [u.name for u in full.not_reported]
    assert count.summary() == full.summary()


def _periods(session) -> list[int]:
    return [p.id for p in plan.current_campaign(session).periods]


def _shake(session, rng: random.Random) -> None:
    """Reports dropped or undated, results emptied, deleted or dated otherwise, at random."""
    for report in session.scalars(select(UnitReport)):
        roll = rng.random()
        if roll < 0.2:
            session.delete(report)
        elif roll < 0.35:
            report.reported_on = None
        elif roll < 0.5:
            report.reported_on = dt.date(2026, rng.randint(10, 12), rng.randint(1, 28))
    for result in session.scalars(select(Result).where(Result.unit_id.is_not(None))):
        roll = rng.random()
        if roll < 0.1:
            session.delete(result)
        elif roll < 0.25:
            for name in VALUES:
                setattr(result, name, None)
        elif roll < 0.4:
            result.reported_on = rng.choice([None, dt.date(2026, rng.randint(10, 12), rng.randint(1, 28))])


TODAYS = [dt.date(2026, 6, 1), dt.date(2026, 12, 4), dt.date(2026, 12, 5), dt.date(2027, 1, 20)]


def test_the_count_matches_the_full_status_on_the_demo(demo_copy):
    opened = open_app(demo_copy, actor="kiểm thử")
    try:
        with opened.db.read() as s:
            assert any(reporting.count_of(s, p).reported for p in _periods(s))
            for period_id in _periods(s):
                for today in TODAYS:
                    _same(s, period_id, today)
    finally:
        opened.close()


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_count_matches_the_full_status_on_a_shaken_ward(demo_copy, seed):
    opened = open_app(demo_copy, actor="kiểm thử")
    try:
        with opened.db.transaction(actor="kiểm thử", reason="xáo trộn") as s:
            _shake(s, random.Random(seed))
        with opened.db.read() as s:
            counts = [reporting.count_of(s, p, TODAYS[-1]) for p in _periods(s)]
            assert any(0 < c.reported < c.expected for c in counts)  # some reported, some not
            for period_id in _periods(s):
                for today in TODAYS:
                    _same(s, period_id, today)
            assert ev.participants(s, plan.current_campaign(s)).units
    finally:
        opened.close()

