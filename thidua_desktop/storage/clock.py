"""The app's clock (no SQLAlchemy: plain ``sqlite3`` paths stamp with it too)."""
from __future__ import annotations

import datetime as dt


def now() -> dt.datetime:
    """Local wall-clock time, to the second (the office has one clock)."""
    return dt.datetime.now().replace(microsecond=0)
