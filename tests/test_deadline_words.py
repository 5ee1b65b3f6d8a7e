"""The deadline's words follow the lateness rule: "trước ngày 05/12" makes 04/12 the last day
(on 05/12 the overview listed units as "Quá hạn" beside "05/12/2026 — hôm nay là hạn")."""
from __future__ import annotations

import datetime as dt

from thidua_desktop.domain.deadlines import DeadlineState, deadline_status

PLAN_DATE = dt.date(2026, 12, 5)


def test_before_the_named_day_the_day_before_is_the_last():
    assert deadline_status(PLAN_DATE, dt.date(2026, 11, 20)) == (
        DeadlineState.OPEN, "trước ngày 05/12/2026 — còn 15 ngày")
    assert deadline_status(PLAN_DATE, dt.date(2026, 12, 1)) == (
        DeadlineState.SOON, "trước ngày 05/12/2026 — còn 4 ngày")
    assert deadline_status(PLAN_DATE, dt.date(2026, 12, 4)) == (
        DeadlineState.DUE_TODAY, "trước ngày 05/12/2026 — hôm nay là ngày cuối")
    assert deadline_status(PLAN_DATE, PLAN_DATE) == (
        DeadlineState.PASSED, "trước ngày 05/12/2026 — đã quá hạn 1 ngày")


def test_when_the_named_day_counts_it_is_the_last():
    assert deadline_status(PLAN_DATE, PLAN_DATE, day_on_time=True) == (
        DeadlineState.DUE_TODAY, "05/12/2026 — hôm nay là ngày cuối")
    assert deadline_status(PLAN_DATE, dt.date(2026, 12, 7), day_on_time=True) == (
        DeadlineState.PASSED, "05/12/2026 — đã quá hạn 2 ngày")
    assert deadline_status(None, PLAN_DATE) == (DeadlineState.NONE, "chưa đặt hạn")
