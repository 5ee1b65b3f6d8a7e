"""The audit trail, written by the session itself.

Every flush records, in the same transaction, one ``audit_entry`` row per row
inserted, changed or deleted: the account, the table, the record's name, each
changed field with its old and new value, and the reason the action gave. No
service has to remember to log, so no change escapes the trail.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import event, inspect, insert
from sqlalchemy.orm import Session

from . import audit_chain

_SKIP_TABLES = {"audit_entry"}
_MASKED = {"password_hash"}
_IGNORED = {"created_at", "updated_at", "version"}  # bookkeeping, not what a clerk changed
_LABEL_ATTRS = ("full_name", "name", "username", "number", "code", "label", "key", "household_name")


def bind(session: Session, actor: str, reason: str = "") -> None:
    """Name who acts (and why) for everything this session writes."""
    session.info["actor"] = actor or ""
    session.info["reason"] = reason or ""


def record_event(session: Session, entity: str, label: str, reason: str = "",
                 changes: dict[str, Any] | None = None, entity_id: int | None = None) -> None:
    """Record something that is not a row change (a backup, a reopen, a sign-in)."""
    from .models import AuditEntry, now

    rows = [{
        "at": now(), "actor": session.info.get("actor", ""), "action": "event",
        "entity": entity, "entity_id": entity_id, "label": label,
        "changes": _jsonable(changes or {}), "reason": reason or session.info.get("reason", ""),
    }]
    connection = session.connection()
    audit_chain.chain_rows(connection, rows)
    connection.execute(insert(AuditEntry.__table__), rows)


def _jsonable(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, bytes):
        return f"<{len(value)} byte>"
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value


def _label(obj: Any) -> str:
    for attr in _LABEL_ATTRS:
        value = getattr(obj, attr, None)
        if isinstance(value, str) and value:
            return value
    return ""


def _column_values(obj: Any, state) -> dict[str, Any]:
    values = {}
    for attr in state.mapper.column_attrs:
        if attr.key in _IGNORED:
            continue
        value = getattr(obj, attr.key, None)
        values[attr.key] = "***" if attr.key in _MASKED and value else _jsonable(value)
    return values


def _changed_values(state) -> dict[str, list[Any]]:
    changes = {}
    for attr in state.mapper.column_attrs:
        if attr.key in _IGNORED:
            continue
        history = state.attrs[attr.key].history
        if not history.has_changes():
            continue
        old = history.deleted[0] if history.deleted else None
        new = history.added[0] if history.added else None
        if old == new:
            continue
        if attr.key in _MASKED:
            old, new = ("***" if old else None), "***"
        changes[attr.key] = [_jsonable(old), _jsonable(new)]
    return changes


@event.listens_for(Session, "after_flush")
def _write_audit(session: Session, _context) -> None:
    from .models import AuditEntry, now

    rows = []
    at = now()
    actor = session.info.get("actor", "")
    reason = session.info.get("reason", "")

    def add(obj, action, changes):
        state = inspect(obj)
        table = state.mapper.local_table.name
        if table in _SKIP_TABLES:
            return
        # Rows inserted in this flush get their identity only after it: read the key from the row.
        identity = state.identity or tuple(state.mapper.primary_key_from_instance(obj))
        entity_id = identity[0] if identity and isinstance(identity[0], int) else None
        rows.append({"at": at, "actor": actor, "action": action, "entity": table,
                     "entity_id": entity_id, "label": _label(obj), "changes": changes,
                     "reason": reason})

    for obj in session.new:
        add(obj, "insert", _column_values(obj, inspect(obj)))
    for obj in session.dirty:
        state = inspect(obj)
        if state.deleted or not session.is_modified(obj, include_collections=False):
            continue
        changes = _changed_values(state)
        if changes:
            add(obj, "update", changes)
    for obj in session.deleted:
        add(obj, "delete", _column_values(obj, inspect(obj)))
    if rows:
        connection = session.connection()
        audit_chain.chain_rows(connection, rows)
        connection.execute(insert(AuditEntry.__table__), rows)
