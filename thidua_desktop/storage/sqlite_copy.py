"""Copies of a SQLite database that survive power cuts and USB sticks.

A copy is made with SQLite's online backup API (consistent even while the app
writes), under a temporary name beside the destination; it is switched to a
rollback journal so it is one self-contained file, checked with ``quick_check``,
flushed to disk, and only then renamed into place. A power cut or a pulled USB
stick therefore never leaves a half-written file under the final name.
"""
from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Callable

from . import atomic


def readonly_uri(path: Path, immutable: bool = False) -> str:
    """A ``file:`` URI for opening ``path`` read-only (any letters in the path).

    ``immutable`` also skips locking and side files: for files on a USB stick or
    a read-only share that nothing else writes."""
    uri = Path(path).resolve().as_uri() + "?mode=ro"
    return uri + "&immutable=1" if immutable else uri


def open_readonly(path: Path) -> sqlite3.Connection:
    """Open a copy for reading without writing anything beside it; a copy of a
    live database that still has its ``-wal`` file is read with it."""
    path = Path(path)
    has_wal = path.with_name(path.name + "-wal").exists()
    return sqlite3.connect(readonly_uri(path, immutable=not has_wal), uri=True)


def copy_database(source: sqlite3.Connection, destination: Path,
                  prepare: Callable[[sqlite3.Connection], None] | None = None) -> Path:
    """Write a consistent copy of the database behind ``source`` to ``destination``.

    ``prepare`` may write into the copy (not the source) before it is checked
    and put in place."""
    destination = Path(destination)
    destination.parent.mkdir(parents=True, exist_ok=True)
    with atomic.replacing(destination) as temporary:
        target = sqlite3.connect(temporary)
        try:
            source.backup(target)
            target.execute("PRAGMA journal_mode=DELETE")
            if prepare is not None:
                prepare(target)
                target.commit()
            (verdict,) = target.execute("PRAGMA quick_check").fetchone()
            if verdict != "ok":
                raise sqlite3.DatabaseError(f"bản sao không toàn vẹn: {verdict}")
        finally:
            target.close()
    return destination

