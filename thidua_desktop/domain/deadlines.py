"""Deadlines in words a clerk reads at a glance."""
from __future__ import annotations

import datetime as dt
import enum

from .text import format_date


class DeadlineState(str, enum.Enum):
    NONE = "none"  # no deadline set
    OPEN = "open"  # more than a week left
    SOON = "soon"  # a week or less
    DUE_TODAY = "today"
    PASSED = "passed"


def deadline_status(deadline: dt.date | None, today: dt.date,
                    day_on_time: bool = False) -> tuple[DeadlineState, str]:
    """``(state, text)`` e.g. ``(SOON, "trước ngày 05/12/2026 — còn 5 ngày")``.

    The stored date is the one the plan names. The plan writes "trước ngày 05/12", so the
    last day on time is the day before, and on 05/12 itself the deadline has passed; with
    ``day_on_time`` (the setting ``results.deadline_day_on_time``, or an inclusive deadline
    such as registration's) the named day is the last. The words follow the same rule as
    the lateness of reports, so a clerk never reads that today is the deadline beside units listed as late."""
    if deadline is None:
        return DeadlineState.NONE, "chưa đặt hạn"
    last = deadline if day_on_time else deadline - dt.timedelta(days=1)
    date_text = format_date(deadline) if day_on_time else f"trước ngày {format_date(deadline)}"
    if today > last:
        return DeadlineState.PASSED, f"{date_text} — đã quá hạn {(today - last).days} ngày"
    if today == last:
        return DeadlineState.DUE_TODAY, f"{date_text} — hôm nay là ngày cuối"
    days = (deadline - today).days
    return (DeadlineState.OPEN if days > 7 else DeadlineState.SOON), f"{date_text} — còn {days} ngày"
