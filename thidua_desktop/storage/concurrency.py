"""Several clerks on one server database: no update is lost.

Results, nominations, votes and decisions carry a ``version`` column that
SQLAlchemy checks in the UPDATE (or DELETE) statement itself
(``version_id_col``: ``… WHERE id = ? AND version = ?``). When another clerk
saved the same row since it was read, that statement matches no row and the
flush raises ``StaleDataError``; :func:`conflict` turns it into a
:class:`ConcurrentChange` naming who changed what and when, read from the
audit trail. On SQLite the one-instance lock keeps a second clerk out, so
this only happens between sessions of one program; on PostgreSQL it is what
keeps two offices' saves apart.
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Callable

from sqlalchemy import Engine, event, inspect, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from ..errors import ConcurrentChange
from .models import AuditEntry

_KEY = "thidua.versioned"

# The words of the audit trail (services/safety/audit_log registers them, storage
# cannot import services): a record kind's name, and one field's change.
entity_words: Callable[[str], str] = lambda entity: entity
change_words: Callable[[str, str, Any, Any], str] = (
    lambda entity, field, old, new: f"{field}: {_plain(old)} → {_plain(new)}")


@event.listens_for(Session, "before_flush")
def _remember(session: Session, _context, _instances) -> None:
    """The versioned rows this flush updates or deletes, to name them if it fails."""
    seen = session.info.setdefault(_KEY, [])
    for obj in (*session.dirty, *session.deleted):
        state = inspect(obj)
        if state.mapper.version_id_col is not None and state.key is not None:
            seen.append((state.mapper.local_table.name, state.key[1][0]))


def expect(obj, version: int | None) -> None:
    """Make the next UPDATE of ``obj`` check ``version``, the one the clerk's screen
    showed (read in an earlier session), instead of the one just loaded. The caller keeps
    ``obj`` until it is changed: the session holds unchanged objects only weakly, and one
    loaded again would carry the stored version."""
    if version is not None:
        set_committed_value(obj, "version", version)


def forget(session: Session) -> list[tuple[str, int]]:
    return session.info.pop(_KEY, [])


def conflict(engine: Engine, rows: list[tuple[str, int]]) -> ConcurrentChange:
    """What the other clerk did to the rows this transaction meant to change."""
    with Session(engine) as session:
        latest = None
        for table, row_id in dict.fromkeys(rows):
            entry = session.scalars(select(AuditEntry).where(AuditEntry.entity == table,
                                                             AuditEntry.entity_id == row_id)
                                    .order_by(AuditEntry.id.desc()).limit(1)).first()
            if entry is not None and (latest is None or entry.id > latest.id):
                latest = entry
    if latest is None:
        return ConcurrentChange("Dữ liệu vừa được người khác sửa trong khi bạn đang sửa; việc vừa làm chưa được "
                                "lưu để không ghi đè lên thay đổi đó. Hãy xem lại giá trị mới rồi sửa nếu cần.")
    did = "xóa" if latest.action == "delete" else "sửa"
    when = latest.at.strftime("%H:%M:%S ngày %d/%m/%Y") if isinstance(latest.at, dt.datetime) else str(latest.at)
    kind = entity_words(latest.entity)
    what = f"{kind} “{latest.label}”" if latest.label else kind
    fields = "; ".join(change_words(latest.entity, k, v[0], v[1]) for k, v in (latest.changes or {}).items()
                       if isinstance(v, list) and len(v) == 2)
    return ConcurrentChange(
        f"{what} vừa được {latest.actor or 'người khác'} {did} lúc {when}"
        + (f" ({fields})" if fields else "")
        + " trong khi bạn đang sửa; việc vừa làm chưa được lưu để không ghi đè lên thay đổi đó. "
          "Hãy xem lại giá trị mới rồi sửa nếu cần.")


def _plain(value) -> str:
    return "(trống)" if value in (None, "") else str(value)
