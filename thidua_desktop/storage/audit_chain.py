"""The audit trail as a hash chain: an entry changed, deleted or slipped in outside the app shows.

Each entry's ``entry_hash`` is SHA-256 over the previous entry's hash and a
canonical serialisation of the entry's own fields (time, account, action, kind
of record, record id, name, changes, reason). The chain runs in ``id`` order.
Entries are chained in the transaction that writes them, after reading the
newest hash in that same transaction:

- SQLite lets one transaction write at a time, and every audit write follows
  (or is) a write of the same transaction, so the newest hash cannot change
  under it (a stale read makes SQLite refuse the write, never fork the chain);
- PostgreSQL lets writers run side by side, so the writer first takes a
  transaction-level advisory lock (``pg_advisory_xact_lock``), held to its
  commit: audit writers queue for a moment, readers never wait. Under READ
  COMMITTED (the default) the newest hash read after the lock is the committed
  one, and the ids the sequence hands out after it follow the chain's order.

There is no secret key: someone who knows this code can recompute the whole
chain after an edit. What that cannot forge is a head recorded elsewhere, which
is why every backup records the head of the chain it copied.
"""
from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
from dataclasses import dataclass
from typing import Any, Iterable, Mapping

from .clock import now

GENESIS = ""
FIELDS = ("at", "actor", "action", "entity", "entity_id", "label", "changes", "reason")
_PG_LOCK_KEY = 0x7468_6475  # "thdu": one advisory lock for the audit chain
_NEWEST = "SELECT entry_hash FROM audit_entry ORDER BY id DESC LIMIT 1"


_AT_FORMAT = "%Y-%m-%d %H:%M:%S.%f"  # how SQLAlchemy stores a DateTime in SQLite (26 characters)


def _at_text(at: Any) -> str:
    if isinstance(at, str):
        if len(at) == 26:  # as the app stores it: hashed as is
            return at
        at = dt.datetime.fromisoformat(at)
    return _time_text(at)


@functools.lru_cache(maxsize=64)
def _time_text(at: dt.datetime) -> str:
    """A bulk write's thousands of entries share one time: written out once."""
    return at.strftime(_AT_FORMAT)


def _digest(previous: str, at: Any, actor: Any, action: Any, entity: Any, entity_id: Any, label: Any,
            changes: Any, reason: Any) -> str:
    """The canonical serialisation: each field as SQLite stores it (the time as
    text, ``changes`` as the JSON text ``json.dumps`` gives, which is what the
    JSON column stores), prefixed by its length so no two entries read alike,
    after the previous hash."""
    c = changes if isinstance(changes, str) else json.dumps(changes)
    t = _at_text(at)
    a, x, e, i, lb, r = (actor or "", action or "", entity or "", "" if entity_id is None else str(entity_id),
                         label or "", reason or "")
    payload = (f"{len(previous)}:{previous};{len(t)}:{t};{len(a)}:{a};{len(x)}:{x};{len(e)}:{e};{len(i)}:{i};"
               f"{len(lb)}:{lb};{len(c)}:{c};{len(r)}:{r};")
    return hashlib.sha256(payload.encode()).hexdigest()


def entry_hash(previous: str, row: Mapping[str, Any]) -> str:
    return _digest(previous, *map(row.get, FIELDS))


def link(rows: list[dict[str, Any]], previous: str) -> str:
    """Give each of ``rows`` (in insertion order) its hash; returns the new head."""
    for row in rows:
        previous = row["entry_hash"] = entry_hash(previous, row)
    return previous


def newest(connection) -> str:
    """The chain's head as this transaction may extend it (a SQLAlchemy connection)."""
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_PG_LOCK_KEY})")
    row = connection.exec_driver_sql(_NEWEST).first()
    return (row[0] or GENESIS) if row else GENESIS


def chain_rows(connection, rows: list[dict[str, Any]]) -> None:
    """Hash ``rows`` onto the chain, just before they are inserted in this transaction."""
    if rows:
        link(rows, newest(connection))


def newest_sqlite(conn) -> str:
    """:func:`newest` for a plain ``sqlite3`` connection (a copy being prepared)."""
    row = conn.execute(_NEWEST).fetchone()
    return (row[0] or GENESIS) if row else GENESIS


_INSERT_EVENT = ("INSERT INTO audit_entry (at, actor, action, entity, entity_id, label, changes, reason, entry_hash) "
                 "VALUES (?, ?, 'event', ?, NULL, ?, ?, ?, ?)")


def record_event_sqlite(conn, entity: str, actor: str, label: str, changes: dict[str, Any], reason: str) -> None:
    """An audit event written through a plain ``sqlite3`` connection, in its open
    transaction: stored and chained exactly as ``storage.audit.record_event``
    writes one through a session (the time as SQLAlchemy stores it, ``changes``
    as the JSON column stores it)."""
    row = {"at": now(), "actor": actor or "", "action": "event", "entity": entity, "entity_id": None,
           "label": label, "changes": changes, "reason": reason or ""}
    link([row], newest_sqlite(conn))
    conn.execute(_INSERT_EVENT, (row["at"].strftime(_AT_FORMAT), row["actor"], entity, label,
                                 json.dumps(changes), row["reason"], row["entry_hash"]))


@dataclass(frozen=True)
class Broken:
    """The first entry whose hash does not follow from the entries before it."""
    id: int
    at: Any
    actor: str
    action: str
    entity: str
    label: str
    # "missing": no hash, "inserted": slipped in, "changed": edited, "gap": an entry before it removed
    problem: str
    checked: int  # entries found good before it


@dataclass(frozen=True)
class Verdict:
    entries: int
    head: str
    broken: Broken | None


_ROWS = f"SELECT id, {', '.join(FIELDS)}, entry_hash FROM audit_entry ORDER BY id"


def verify(connection) -> Verdict:
    """Recompute the chain of the database behind ``connection`` (SQLAlchemy or sqlite3)."""
    execute = getattr(connection, "exec_driver_sql", None) or connection.execute
    return verify_rows(execute(_ROWS))


def verify_rows(rows: Iterable[tuple]) -> Verdict:
    previous, previous_id, count = GENESIS, None, 0
    pending: tuple | None = None  # a mismatch, judged once the next entry is seen
    for row in rows:
        stored = row[-1]
        fields = row[1:-1]
        if pending is not None:
            return Verdict(count, previous, _broken(pending[0], _judge(pending, previous, fields, stored), count))
        if stored is None:
            return Verdict(count, previous, _broken(row, "missing", count))
        if stored != _hash_or_none(previous, fields):
            pending = (row, previous_id)
            continue
        previous, previous_id = stored, row[0]
        count += 1
    if pending is not None:
        return Verdict(count, previous, _broken(pending[0], "changed", count))
    return Verdict(count, previous, None)


def _hash_or_none(previous: str, fields: tuple) -> str | None:
    try:
        return _digest(previous, *fields)
    except (ValueError, TypeError):  # a date or JSON text that no longer parses: edited
        return None


def _judge(pending: tuple, previous: str, following: tuple, following_hash: str | None) -> str:
    """Why the pending entry does not match, from the entry after it."""
    bad, previous_id = pending
    if _hash_or_none(previous, following) == following_hash:
        return "inserted"  # the next entry follows the one before: this one was slipped in
    if _hash_or_none(bad[-1], following) == following_hash:  # the chain goes on from this entry
        gap = bad[0] - (previous_id or 0) > 1
        return "gap" if gap else "changed"
    return "changed"


def _broken(row: tuple, problem: str, checked: int) -> Broken:
    fields = dict(zip(("id", *FIELDS), row))
    at = fields["at"]
    if isinstance(at, str):
        try:
            at = dt.datetime.fromisoformat(at)
        except ValueError:
            at = None
    return Broken(fields["id"], at, fields["actor"] or "", fields["action"], fields["entity"],
                  fields["label"] or "", problem, checked)
