"""No text longer than its column: checked on every write, whoever writes.

SQLite stores a 30,000-character "name" in a ``VARCHAR(200)`` without a word
(PostgreSQL would refuse it with an error a clerk cannot read). A pasted
paragraph or a hostile spreadsheet cell would then bloat lists and break
documents. Every flushed object and every INSERT/UPDATE run through a session
(the fast bulk writes) is checked here, and a write that breaks a limit is
refused with the record, the field and the limit named; nothing is written.
"""
from __future__ import annotations

import re
from typing import Any, Iterable

from sqlalchemy import Engine, String, Table, event, inspect
from sqlalchemy.orm import Session

from ...domain.text import format_number
from ...errors import UserError


class TooLong(UserError):
    pass


def _limits(table: Table) -> dict[str, int]:
    cached = table.info.get("_text_limits")
    if cached is None:
        cached = {c.key: c.type.length for c in table.columns
                  if isinstance(c.type, String) and getattr(c.type, "length", None)}
        table.info["_text_limits"] = cached
    return cached


def _refuse(table: str, field: str, value: str, limit: int, label: str = "") -> None:
    from .audit_log import entity_label, field_label

    what = entity_label(table) + (f" “{label[:60]}…”" if len(label) > 60 else f" “{label}”" if label else "")
    raise TooLong(f"{what}: {field_label(field, table).lower()} dài {format_number(len(value))} ký tự, tối đa "
                  f"{format_number(limit)}. Hãy rút gọn rồi làm lại; chưa có gì được ghi.")


def check_values(table: Table, values: dict[str, Any], label: str = "") -> None:
    limits = _limits(table)
    for key, limit in limits.items():
        value = values.get(key)
        if isinstance(value, str) and len(value) > limit:
            _refuse(table.name, key, value, limit, label or str(values.get("name") or values.get("full_name") or ""))


@event.listens_for(Session, "before_flush")
def _check_objects(session: Session, _context, _instances) -> None:
    for obj in (*session.new, *session.dirty):
        state = inspect(obj)
        table = state.mapper.local_table
        limits = _limits(table)
        if not limits:
            continue
        for key, limit in limits.items():
            value = getattr(obj, key, None)
            if isinstance(value, str) and len(value) > limit:
                label = getattr(obj, "name", None) or getattr(obj, "full_name", None) or ""
                _refuse(table.name, key, value, limit, label if key not in ("name", "full_name") else value)


@event.listens_for(Session, "do_orm_execute")
def _check_statements(state) -> None:
    if not (state.is_insert or state.is_update):
        return
    table = getattr(state.statement, "table", None)
    if not isinstance(table, Table) or not _limits(table):
        return
    params = state.parameters
    rows: Iterable[dict] = params if isinstance(params, list) else [params or {}]
    for row in rows:
        values = {(k[len("new_"):] if isinstance(k, str) and k.startswith("new_") else k): v
                  for k, v in row.items()}
        check_values(table, values)


_RAW_INSERT = re.compile(r'^\s*INSERT\s+INTO\s+["`]?(\w+)["`]?\s*\(([^)]*)\)', re.IGNORECASE)


@event.listens_for(Engine, "before_cursor_execute")
def _check_raw_inserts(_conn, _cursor, statement, parameters, context, executemany) -> None:
    """INSERTs handed to the driver as SQL text (the fastest bulk writes)."""
    if context is not None and getattr(context, "compiled", None) is not None:
        return
    match = _RAW_INSERT.match(statement)
    if match is None:
        return
    from ...storage.models import Base

    table = Base.metadata.tables.get(match.group(1))
    if table is None or not _limits(table):
        return
    columns = [c.strip().strip('"`') for c in match.group(2).split(",")]
    limits = _limits(table)
    limited = [(i, limits[name]) for i, name in enumerate(columns) if name in limits]
    rows = [row for row in (parameters if executemany else [parameters]) if isinstance(row, (tuple, list))]
    # Column by column first (ten thousand imported rows: one pass per column, no work per row);
    # only when some text is too long, row by row to name the first such row.
    if not any(_longest([row[i] for row in rows]) > limit for i, limit in limited):
        return
    for row in rows:
        # by position: ten thousand imported rows are checked without a dict each
        if any(isinstance(row[i], str) and len(row[i]) > limit for i, limit in limited):
            check_values(table, dict(zip(columns, row)))


def _longest(values: list[Any]) -> int:
    """The length of the longest text among ``values`` (0 without text)."""
    return max(map(len, [v for v in values if isinstance(v, str)]), default=0)
