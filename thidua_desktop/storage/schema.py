"""What a SQLite database of ours must look like, and how a file differs from it.

The expected schema of a revision is read from an empty in-memory database
migrated to that revision by the app's own migrations (so it is exactly what a
database created and upgraded by the app holds, whatever path it took); it is
built once per process and revision. A file is compared object by object:
tables with their columns and foreign keys, indexes, triggers and views. Column
order and SQL formatting are ignored; anything missing, changed or extra is a
difference (an extra trigger can silently rewrite saved data, an extra view can
shadow what reports read).
"""
from __future__ import annotations

import functools
import re
import sqlite3
from dataclasses import dataclass
from typing import Callable, Iterable

Query = Callable[[str], Iterable[tuple]]

KIND_WORDS = {"table": "bảng", "index": "chỉ mục", "trigger": "trigger (lệnh tự chạy)", "view": "view (bảng ảo)"}


@dataclass(frozen=True)
class Schema:
    """Every object, as comparable values: {(kind, name): description}."""
    objects: dict[tuple[str, str], object]


def _columns(query: Query, table: str) -> dict[str, tuple]:
    # (declared type, not null, default, position in the primary key, hidden or generated)
    return {name: ((kind or "").upper(), bool(notnull), default, pk, hidden)
            for _cid, name, kind, notnull, default, pk, hidden in query(f'PRAGMA table_xinfo("{table}")')}


# What the PRAGMAs do not show but changes what a table accepts or does: a CHECK,
# a collation, ON CONFLICT REPLACE (silently deletes rows), AUTOINCREMENT,
# deferred foreign keys, generated columns, and table options (STRICT, WITHOUT ROWID).
_CLAUSE = re.compile(r"\b(check|collate|on conflict|autoincrement|deferrable|generated always)\b")


def _clauses(sql: str | None) -> tuple[str, ...]:
    text = " ".join(re.sub(r'["`\[\]]', "", sql or "").lower().split())
    text = re.sub(r"\s*([(),])\s*", r"\1", text)
    found = []
    for match in _CLAUSE.finditer(text):
        depth, end = 0, match.end()
        while end < len(text):  # up to the end of this column or constraint
            char = text[end]
            if char == "(":
                depth += 1
            elif char == ")":
                if depth == 0:
                    break
                depth -= 1
            elif char == "," and depth == 0:
                break
            end += 1
        found.append(text[match.start():end].strip())
    options = text[text.rfind(")") + 1:].strip()
    if options:
        found.append(options)
    return tuple(sorted(found))


def _foreign_keys(query: Query, table: str) -> frozenset:
    return frozenset((parent, source, target, on_update, on_delete)
                     for _id, _seq, parent, source, target, on_update, on_delete, _match
                     in query(f'PRAGMA foreign_key_list("{table}")'))


def _index(query: Query, name: str, table: str) -> tuple:
    columns = tuple(r[2] for r in sorted(query(f'PRAGMA index_info("{name}")')))
    unique = next((bool(r[2]) for r in query(f'PRAGMA index_list("{table}")') if r[1] == name), False)
    return table, columns, unique


def _normal_sql(sql: str | None) -> str:
    return " ".join((sql or "").split()).lower()


def read_schema(query: Query) -> Schema:
    """The schema of the database ``query`` runs on (``query(sql) -> rows``)."""
    objects: dict[tuple[str, str], object] = {}
    # SQLite's own bookkeeping tables come and go (AUTOINCREMENT, ANALYZE); the
    # indexes behind UNIQUE constraints (sqlite_autoindex_…) are part of the schema.
    rows = list(query("SELECT type, name, tbl_name, sql FROM sqlite_master "
                      "WHERE name <> 'sqlite_sequence' AND name NOT LIKE 'sqlite_stat%' ORDER BY type, name"))
    for kind, name, table, sql in rows:
        if kind == "table":
            objects[(kind, name)] = (_columns(query, name), _foreign_keys(query, name), _clauses(sql))
        elif kind == "index":
            objects[(kind, name)] = _index(query, name, table)
        else:  # triggers and views: their whole text
            objects[(kind, name)] = (table, _normal_sql(sql))
    return Schema(objects)


def schema_of_connection(conn: sqlite3.Connection) -> Schema:
    return read_schema(lambda sql: conn.execute(sql).fetchall())


@functools.cache
def expected_schema(revision: str) -> Schema:
    """The schema the app's migrations give an empty database at ``revision``."""
    from alembic import command
    from sqlalchemy import create_engine, pool

    from .migrate import alembic_config

    engine = create_engine("sqlite://", poolclass=pool.StaticPool)
    try:
        config = alembic_config()
        with engine.begin() as conn:
            config.attributes["connection"] = conn
            command.upgrade(config, revision)
        with engine.connect() as conn:
            return read_schema(lambda sql: conn.exec_driver_sql(sql).all())
    finally:
        engine.dispose()


def differences(found: Schema, expected: Schema) -> list[str]:
    """What differs, in Vietnamese, most telling first (extra code, then missing, then changed)."""
    extra, missing, changed = [], [], []
    for key in sorted(found.objects.keys() - expected.objects.keys()):
        kind, name = key
        extra.append(f"có {KIND_WORDS.get(kind, kind)} lạ “{name}” mà chương trình không tạo")
    absent = expected.objects.keys() - found.objects.keys()
    gone_tables = {name for kind, name in absent if kind == "table"}
    for kind, name in sorted(absent, key=lambda key: (key[0] != "table", key)):
        if kind == "index" and expected.objects[(kind, name)][0] in gone_tables:
            continue  # goes with its table
        missing.append(f"thiếu {KIND_WORDS.get(kind, kind)} “{name}”")
    for key in sorted(found.objects.keys() & expected.objects.keys()):
        if found.objects[key] != expected.objects[key]:
            changed.append(_what_changed(key, found.objects[key], expected.objects[key]))
    extra.sort(key=lambda line: "bảng lạ" in line)  # triggers and views before tables
    return extra + missing + changed


def _what_changed(key: tuple[str, str], found, expected) -> str:
    kind, name = key
    if kind != "table":
        return f"{KIND_WORDS.get(kind, kind)} “{name}” khác với bản của chương trình"
    columns, keys, clauses = found
    want_columns, want_keys, want_clauses = expected
    for column in sorted(want_columns.keys() - columns.keys()):
        return f"bảng “{name}” thiếu cột “{column}”"
    for column in sorted(columns.keys() - want_columns.keys()):
        return f"bảng “{name}” có cột lạ “{column}”"
    for column in sorted(columns):
        if columns[column] != want_columns[column]:
            return f"bảng “{name}”: cột “{column}” khác kiểu hoặc ràng buộc so với bản của chương trình"
    if keys != want_keys:
        return f"bảng “{name}”: liên kết giữa các bảng (khóa ngoại) khác với bản của chương trình"
    if clauses != want_clauses:
        return (f"bảng “{name}”: ràng buộc khác với bản của chương trình "
                "(CHECK, COLLATE, ON CONFLICT, AUTOINCREMENT hoặc tùy chọn của bảng)")
    return f"bảng “{name}” khác với bản của chương trình"  # pragma: no cover - all parts compared above
