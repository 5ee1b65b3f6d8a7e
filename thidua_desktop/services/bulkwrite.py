"""Fast writes of many rows that still leave one audit entry per row.

The ORM audits every flush by itself (``storage/audit.py``) but builds an
object per row; an import of ten thousand people is written here with
executemany statements instead, and the audit rows the session would have
written are written alongside, in the same transaction, with the same shape
(action, table, record id, name, every column for inserts, ``[old, new]`` per
changed field for updates, the actor and the reason bound to the session).
"""
from __future__ import annotations

from typing import Any, Iterable, Sequence

from sqlalchemy import Table, bindparam, insert, update
from sqlalchemy.orm import Session

from ..storage.audit import _IGNORED, _jsonable
from ..storage.models import AuditEntry, now

CHUNK = 2_000


def _audit(session: Session, rows: list[dict[str, Any]]) -> None:
    if rows:
        session.execute(insert(AuditEntry.__table__), rows)


def insert_rows(session: Session, table: Table, rows: Sequence[dict[str, Any]],
                label: str) -> list[int]:
    """Insert ``rows`` (complete column dicts) and audit each; return the new ids in order."""
    if not rows:
        return []
    at = now()
    actor, reason = session.info.get("actor", ""), session.info.get("reason", "")
    ids: list[int] = []
    audited_columns = [c.key for c in table.columns if c.key not in _IGNORED and c.key != "id"]
    for start in range(0, len(rows), CHUNK):
        chunk = list(rows[start:start + CHUNK])
        result = session.execute(
            insert(table).returning(table.c.id, sort_by_parameter_order=True), chunk)
        new_ids = list(result.scalars())
        ids.extend(new_ids)
        _audit(session, [{
            "at": at, "actor": actor, "action": "insert", "entity": table.name, "entity_id": row_id,
            "label": row.get(label) or "",
            "changes": {"id": row_id, **{k: _jsonable(row.get(k)) for k in audited_columns}},
            "reason": reason,
        } for row_id, row in zip(new_ids, chunk)])
    return ids


def update_rows(session: Session, table: Table,
                changes: Iterable[tuple[int, str, dict[str, tuple[Any, Any]]]]) -> int:
    """Apply ``(id, label, {column: (old, new)})`` changes and audit each; return the count."""
    at = now()
    actor, reason = session.info.get("actor", ""), session.info.get("reason", "")
    by_columns: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    audit_rows = []
    count = 0
    for row_id, label, fields in changes:
        if not fields:
            continue
        count += 1
        params = {f"new_{k}": new for k, (_, new) in fields.items()}
        params["row_id"] = row_id
        by_columns.setdefault(tuple(sorted(fields)), []).append(params)
        audit_rows.append({
            "at": at, "actor": actor, "action": "update", "entity": table.name, "entity_id": row_id,
            "label": label, "changes": {k: [_jsonable(old), _jsonable(new)] for k, (old, new) in fields.items()},
            "reason": reason,
        })
    has_stamp = "updated_at" in table.c
    for columns, params in by_columns.items():
        values = {c: bindparam(f"new_{c}") for c in columns}
        if has_stamp:
            values["updated_at"] = at
        statement = update(table).where(table.c.id == bindparam("row_id")).values(values)
        session.execute(statement, params)
    for start in range(0, len(audit_rows), CHUNK):
        _audit(session, audit_rows[start:start + CHUNK])
    return count
