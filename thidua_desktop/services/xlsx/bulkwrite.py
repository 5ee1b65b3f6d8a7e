"""Fast writes of many rows that still leave one audit entry per row.

The ORM audits every flush by itself (``storage/audit.py``) but builds an
object per row; an import of ten thousand people is written here with
executemany statements instead, and the audit rows the session would have
written are written alongside, in the same transaction, with the same shape
(action, table, record id, name, every column for inserts, ``[old, new]`` per
changed field for updates, the actor and the reason bound to the session).
Inserted rows get their creation and change stamps as the ORM's column
defaults would give them. The people and units imports write through here.
"""
from __future__ import annotations

import json
from operator import itemgetter
from typing import Any, Callable, Iterable, Iterator, Sequence

from sqlalchemy import Boolean, Float, Integer, String, Table, Text, bindparam, func, insert, select, update
from sqlalchemy.orm import Session

from ...storage import audit_chain
from ...storage.audit import _IGNORED, _LABEL_ATTRS, _jsonable
from ...storage.models import AuditEntry, now

CHUNK = 2_000
_PLAIN_TYPES = (String, Text, Integer, Float, Boolean)


# Rules every bulk write obeys as the ORM's flush does, registered by the areas that
# own them (services/years.py: nothing is written into a closed year), so that this
# module imports none of them: INSERT_GUARDS take (session, table name, rows),
# UPDATE_GUARDS (session, table, ids); each raises a UserError to refuse.
INSERT_GUARDS: list[Callable[[Session, str, Sequence[dict[str, Any]]], None]] = []
UPDATE_GUARDS: list[Callable[[Session, Table, list[int]], None]] = []


def _plain(value: Any) -> Any:
    """:func:`storage.audit._jsonable` with the common cases first (it runs per column and row)."""
    if value is None or isinstance(value, (str, int, float)):
        return value
    return _jsonable(value)


_AUDIT_COLUMNS = ("at", "actor", "action", "entity", "entity_id", "label", "changes", "reason", "entry_hash")


def _audit(session: Session, action: str, entity: str, at: Any,
           records: Iterable[tuple[int, str, dict[str, Any]]]) -> None:
    """One audit entry per ``(record id, name, changes)``, all with the same
    action, kind of record and time, the actor and reason bound to the
    session, hash-chained in order (:mod:`...storage.audit_chain`)."""
    actor, reason = session.info.get("actor", ""), session.info.get("reason", "")
    entity = str(entity)  # not SQLAlchemy's quoted_name: the driver adapts a str subclass value by value
    connection = session.connection()
    if not _is_sqlite(session):
        rows = [{"at": at, "actor": actor, "action": action, "entity": entity, "entity_id": entity_id,
                 "label": label, "changes": changes, "reason": reason} for entity_id, label, changes in records]
        if rows:
            audit_chain.chain_rows(connection, rows)
            session.execute(insert(AuditEntry.__table__), rows)
        return
    # SQLite: plain tuples in one executemany, the chain worked out in the same
    # loop; ``changes`` goes in as the JSON text the JSON column would store,
    # which is also the text the chain hashes (made once), and the time, the
    # same for every entry, is put in the chain's form and the stored form once.
    at_column = AuditEntry.__table__.c.at
    at_text, stored_at = audit_chain._at_text(at), _processor(at_column, connection.dialect)(at)
    digest, dumps = audit_chain._digest, json.dumps
    previous = None
    params = []
    for entity_id, label, changes in records:
        if previous is None:
            previous = audit_chain.newest(connection)
        text = dumps(changes)
        previous = digest(previous, at_text, actor, action, entity, entity_id, label, text, reason)
        params.append((stored_at, actor, action, entity, entity_id, label, text, reason, previous))
    if params:
        quote = connection.dialect.identifier_preparer.quote
        connection.exec_driver_sql(
            f"INSERT INTO {quote(AuditEntry.__table__.name)} ({', '.join(quote(c) for c in _AUDIT_COLUMNS)}) "
            f"VALUES ({', '.join('?' for _ in _AUDIT_COLUMNS)})", params)


def _processor(column, dialect) -> Callable[[Any], Any] | None:
    """The column's bind processor as the ORM's statements use it: the dialect's own
    type (SQLite's DateTime writes "2026-12-05 01:02:03.000000"; the generic type has
    none, and sqlite3's adapter then wrote "2026-12-05 01:02:03")."""
    return column.type.dialect_impl(dialect).bind_processor(dialect)


def _is_sqlite(session: Session) -> bool:
    return session.get_bind().dialect.name == "sqlite"


def _executemany(session: Session, table: Table, rows: list[dict[str, Any]]) -> None:
    """One driver-level executemany, values converted by the columns' own
    SQLAlchemy bind processors (so stored exactly as the ORM stores them),
    without SQLAlchemy's per-row statement bookkeeping, which costs more than
    the insert itself on ten thousand rows. Every row has the same keys."""
    connection = session.connection()
    dialect = connection.dialect
    columns = [c for c in table.columns if c.key in rows[0]]
    processors = [_processor(c, dialect) for c in columns]
    quote = dialect.identifier_preparer.quote
    sql = (f"INSERT INTO {quote(table.name)} ({', '.join(quote(c.name) for c in columns)}) "
           f"VALUES ({', '.join('?' for _ in columns)})")
    take = itemgetter(*[c.key for c in columns])
    convert = [(i, _same_as_last(p)) for i, p in enumerate(processors) if p is not None]
    if len(columns) == 1:
        params = [(take(row),) for row in rows]
    else:
        params = [take(row) for row in rows]
    if convert:
        converted = []
        for values in params:
            values = list(values)
            for i, p in convert:
                values[i] = p(values[i])
            converted.append(tuple(values))
        params = converted
    connection.exec_driver_sql(sql, params)


def _same_as_last(process: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """A bind processor that converts a value once when the same object comes
    again: a bulk write's rows share their time stamps and booleans."""
    last: list[Any] = [object(), None]

    def convert(value: Any) -> Any:
        if value is not last[0]:
            last[0], last[1] = value, process(value)
        return last[1]

    return convert


def _labeller(table: Table, label: str | None):
    """``row → name`` for the audit: the ``label`` column, or else the first
    non-empty text among the columns ``storage.audit`` names records by."""
    names = [label] if label is not None else [n for n in _LABEL_ATTRS if n in table.c]

    def name_of(row: dict[str, Any]) -> str:
        for key in names:
            value = row.get(key)
            if isinstance(value, str) and value:
                return value
        return ""

    return name_of


def insert_rows(session: Session, table: Table, rows: Sequence[dict[str, Any]],
                label: str | None = None) -> list[int]:
    """Insert ``rows`` (complete column dicts, stamps optional) and audit each;
    return the new ids in order. ``label``: the column naming a row in the
    audit (by default the one ``storage.audit`` would use, if the table has one)."""
    if not rows:
        return []
    for guard in INSERT_GUARDS:
        guard(session, table.name, rows)
    at = now()
    name_of = _labeller(table, label)
    added = {key: at for key in ("created_at", "updated_at") if key in table.c and key not in rows[0]}  # default=now
    if "version" in table.c and "version" not in rows[0]:  # a new row's first version, as the ORM writes it
        added["version"] = 1
    if added:
        rows = [{**row, **added} for row in rows]
    ids: list[int] = []
    audited = [c for c in table.columns if c.key not in _IGNORED and c.key != "id"]
    keys = [c.key for c in audited]
    # Only some types need turning into JSON values (dates, JSON, bytes).
    convert = [c.key for c in audited if not isinstance(c.type, _PLAIN_TYPES)]
    sqlite = _is_sqlite(session)
    for start in range(0, len(rows), CHUNK):
        chunk = list(rows[start:start + CHUNK])
        if sqlite:
            new_ids = _insert_sqlite(session, table, chunk)
        else:
            result = session.execute(
                insert(table).returning(table.c.id, sort_by_parameter_order=True), chunk)
            new_ids = list(result.scalars())
        ids.extend(new_ids)
        _audit(session, "insert", table.name, at, _inserted(new_ids, chunk, keys, convert, name_of))
    return ids


def _inserted(ids: list[int], rows: list[dict[str, Any]], keys: list[str], convert: list[str],
              name_of: Callable[[dict[str, Any]], str]) -> Iterator[tuple[int, str, dict[str, Any]]]:
    """``(id, name, every audited column)`` of each inserted row, as the audit records it."""
    take = itemgetter(*keys)
    named = ("id", *keys)
    for row_id, row in zip(ids, rows):
        changes = dict(zip(named, (row_id, *take(row))))
        for key in convert:
            changes[key] = _plain(changes[key])
        yield row_id, name_of(row), changes


def _insert_sqlite(session: Session, table: Table, chunk: list[dict[str, Any]]) -> list[int]:
    """SQLite gives ``INTEGER PRIMARY KEY`` rows the next rowid in order, so
    one executemany (without RETURNING, which SQLAlchemy would run row by row
    to keep the order) numbers the chunk from the largest id before it; the
    count is checked so that a surprise can never go unnoticed."""
    before = session.execute(select(func.max(table.c.id))).scalar() or 0
    _executemany(session, table, chunk)
    after, added = session.execute(
        select(func.max(table.c.id), func.count()).where(table.c.id > before)).one()
    if added != len(chunk) or after != before + len(chunk):
        raise RuntimeError(f"{table.name}: rows numbered unexpectedly ({before}, {after}, {added})")
    return list(range(before + 1, after + 1))


def update_rows(session: Session, table: Table,
                changes: Iterable[tuple[int, str, dict[str, tuple[Any, Any]]]]) -> int:
    """Apply ``(id, label, {column: (old, new)})`` changes and audit each; return the count."""
    changes = list(changes)
    for guard in UPDATE_GUARDS:
        guard(session, table, [change[0] for change in changes])
    at = now()
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
        audit_rows.append((row_id, label, {k: [_jsonable(old), _jsonable(new)] for k, (old, new) in fields.items()}))
    has_stamp = "updated_at" in table.c
    for columns, params in by_columns.items():
        values = {c: bindparam(f"new_{c}") for c in columns}
        if has_stamp:
            values["updated_at"] = at
        statement = update(table).where(table.c.id == bindparam("row_id")).values(values)
        session.execute(statement, params)
    for start in range(0, len(audit_rows), CHUNK):
        _audit(session, "update", table.name, at, audit_rows[start:start + CHUNK])
    return count
