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


def deadline_status(deadline: dt.date | None, today: dt.date) -> tuple[DeadlineState, str]:
    """``(state, text)`` e.g. ``(SOON, "05/12/2026 — còn 5 ngày")``.

    A deadline written "trước ngày 05/12" is due on the day before; the stored
    date is the one the plan names, and the text says how many days remain
    until it."""
    if deadline is None:
        return DeadlineState.NONE, "chưa đặt hạn"
    days = (deadline - today).days
    date_text = format_date(deadline)
    if days > 7:
        return DeadlineState.OPEN, f"{date_text} — còn {days} ngày"
    if days > 0:
        return DeadlineState.SOON, f"{date_text} — còn {days} ngày"
    if days == 0:
        return DeadlineState.DUE_TODAY, f"{date_text} — hôm nay là hạn"
    return DeadlineState.PASSED, f"{date_text} — đã quá hạn {-days} ngày"
