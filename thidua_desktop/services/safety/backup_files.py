"""Backups as files: their names and kinds, making a copy, rotating the folder.

Nothing here imports SQLAlchemy: the live database is reached through a
:class:`Source`, either the app's ``Database`` (``backup.source_of``) or a
plain ``sqlite3`` file (``plain_backup``: ``thidua backup`` on a SQLite file
starts in a tenth of the time without SQLAlchemy and the models). Both make the
same copy by the same code below. The rules themselves are told in ``backup``.
"""
from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from ...errors import UserError, os_error_text
from ...domain.backups import KIND_LABELS
from ...storage import audit_chain
from ...storage.clock import now
from ...storage.migrate import SCHEMA_HEAD
from ...storage.sqlite_conn import BUSY_TIMEOUT_MS
from ...storage.sqlite_copy import copy_database, open_readonly, readonly_uri

FOLDER = "backups"
SQLITE_HEADER = b"SQLite format 3\x00"

MANUAL = "thu-cong"
# Never deleted by rotation: made by hand, or holding the data as it was before a
# restore or an upgrade (the only copy of it after a mistaken restore).
KEPT_FOR_GOOD = frozenset({MANUAL, "truoc-phuc-hoi", "truoc-nang-cap"})
KEPT_FOR_GOOD_TEXT = "giữ lâu dài, không bao giờ tự xóa"
_STAMP = re.compile(r"(\d{8}-\d{6})")
_STAMP_FORMAT = "%Y%m%d-%H%M%S"


class Source(Protocol):
    """The live database a copy is made of."""

    path: Path  # its file
    actor: str  # who acts unless told otherwise

    def chain_head(self) -> str:
        """The audit chain's head now."""

    def chain_hashes(self) -> set[str]:
        """Every hash of the audit chain."""

    def keep_last(self) -> int:
        """The setting ``backup.keep_last``."""

    def record_copy_elsewhere(self, actor: str, reason: str, label: str, changes: dict[str, Any]) -> None:
        """The audit event, in the live database, of a copy written outside the backup folder."""


@dataclass(frozen=True)
class BackupFile:
    path: Path
    made_at: dt.datetime
    kind: str
    size: int

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)

    @property
    def rotatable(self) -> bool:
        return self.kind not in KEPT_FOR_GOOD

    def retention(self, keep_last: int) -> str:
        """How long the copy is kept, in words (the backup tab and ``backup --list``)."""
        if not self.rotatable:
            return KEPT_FOR_GOOD_TEXT
        return f"tự xóa khi đã có {keep_last} bản tự động mới hơn (trừ bản mới nhất mỗi tháng)"


def retention_summary(keep_last: int) -> str:
    return (f"Bản sao lưu tự động: giữ {keep_last} bản gần nhất và bản mới nhất của mỗi tháng. "
            f"Bản sao lưu thủ công, bản trước khi phục hồi và bản trước khi nâng cấp: {KEPT_FOR_GOOD_TEXT}. "
            "Bản mới nhất của một dữ liệu khác hẳn dữ liệu hiện tại (ví dụ dữ liệu trước một lần phục hồi "
            "nhầm) cũng không bị tự xóa.")


def _parse_name(path: Path, stem: str) -> BackupFile | None:
    name = path.name
    if not (name.startswith(stem + "-") and name.endswith(".db")):
        return None
    rest = name[len(stem) + 1:-3]
    match = _STAMP.search(rest)
    if match is None:
        return None
    try:
        made_at = dt.datetime.strptime(match.group(1), _STAMP_FORMAT)
    except ValueError:
        return None
    kind = next((k for k in KIND_LABELS if k in rest), "")
    if not kind:
        return None
    try:
        size = path.stat().st_size
    except OSError:
        return None
    return BackupFile(path, made_at, kind, size)


def folder_of(database: Path) -> Path:
    return database.parent / FOLDER


def list_copies(database: Path) -> list[BackupFile]:
    """Copies of the database file ``database`` in its backup folder, newest first."""
    folder = folder_of(database)
    if not folder.is_dir():
        return []
    found = [b for p in folder.iterdir() if p.is_file() and (b := _parse_name(p, database.stem))]
    return sorted(found, key=lambda b: (b.made_at, b.path.name), reverse=True)


# --- making copies ------------------------------------------------------------------


def _free_name(folder: Path, stem: str, kind: str, at: dt.datetime) -> Path:
    base = f"{stem}-{at.strftime(_STAMP_FORMAT)}-{kind}"
    candidate = folder / f"{base}.db"
    n = 2
    while candidate.exists():
        candidate = folder / f"{base}-{n}.db"
        n += 1
    return candidate


def make_copy(live: Source, kind: str, reason: str, destination: Path | None, actor: str | None,
              overwrite: bool) -> Path:
    """``backup.create_backup``'s work once the live database is reached (see there)."""
    source = live.path
    at = now()
    actor = live.actor if actor is None else actor
    elsewhere = destination is not None
    if destination is None:
        destination = _free_name(folder_of(source), source.stem, kind, at)
    else:
        destination = Path(destination).expanduser()
        if destination.is_dir():
            destination = _free_name(destination, source.stem, kind, at)
        elif destination.suffix.lower() != ".db":
            destination = destination.with_name(destination.name + ".db")
        if destination.resolve() == source.resolve():
            raise UserError("Không thể sao lưu đè lên chính tệp dữ liệu đang dùng; hãy chọn tên hoặc nơi khác.")
        destination = _existing_destination(live, destination, overwrite)
    head = live.chain_head()
    note = {"kind": kind, "source": str(source), "file": destination.name,
            "app_schema": SCHEMA_HEAD, "chain_head": head}

    def prepare(copy: sqlite3.Connection) -> None:
        stamp(copy, "backup", actor, f"Bản sao lưu {destination.name}", note, reason or KIND_LABELS.get(kind, ""))

    try:
        connection = sqlite3.connect(readonly_uri(source), uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            copy_database(connection, destination, prepare=prepare)
        finally:
            connection.close()
    except (OSError, sqlite3.Error) as exc:
        raise UserError(f"Không sao lưu được vào “{destination}”: {why(exc)}") from exc
    if elsewhere:
        live.record_copy_elsewhere(actor, reason or "Sao lưu ra tệp", f"Sao lưu ra tệp {destination}",
                                   {"kind": kind, "file": str(destination), "chain_head": head})
    else:
        rotate_copies(live)
    return destination


def _existing_destination(live: Source, destination: Path, overwrite: bool) -> Path:
    """Where a copy asked for at an existing ``destination`` goes (see ``backup.create_backup``)."""
    if not destination.exists():
        return destination
    if destination.is_dir() or not _is_backup_of(live, destination):
        raise UserError(f"Đã có tệp “{destination}” và đó không phải là bản sao lưu của dữ liệu này; "
                        "chương trình không ghi đè lên nó. Hãy chọn tên khác hoặc nơi khác.")
    if overwrite:
        return destination
    stem, n = destination.stem, 2
    candidate = destination.with_name(f"{stem}-{n}.db")
    while candidate.exists():
        n += 1
        candidate = destination.with_name(f"{stem}-{n}.db")
    return candidate


def _is_backup_of(live: Source, path: Path) -> bool:
    """A copy of this database: its chain's head is in ours (it is an earlier state of
    this data), or it says it was copied from this very file."""
    try:
        with open(path, "rb") as handle:
            if handle.read(16) != SQLITE_HEADER:
                return False
        head, source = recorded_head(path)
    except (OSError, sqlite3.Error):
        return False
    if source is not None and source == str(live.path):
        return True
    return bool(head) and head in live.chain_hashes()


def recorded_head(path: Path) -> tuple[str | None, str | None]:
    """(the chain head the copy was taken at, the file it was copied from); None where unknown.

    A copy made by the app records both in its last entry; any other copy's head is its newest entry."""
    conn = open_readonly(path)
    try:
        columns = {r[1] for r in conn.execute("PRAGMA table_info(audit_entry)")}
        if "entry_hash" not in columns:
            return None, None
        row = conn.execute("SELECT action, entity, changes, entry_hash FROM audit_entry "
                           "ORDER BY id DESC LIMIT 1").fetchone()
    finally:
        conn.close()
    if row is None:
        return audit_chain.GENESIS, None
    action, entity, changes, entry_hash = row
    if action == "event" and entity in ("backup", "restore"):
        try:
            note = json.loads(changes or "{}")
        except ValueError:
            note = {}
        if isinstance(note, dict) and "chain_head" in note:
            return note.get("chain_head"), note.get("source")
    return entry_hash, None


def why(exc: BaseException) -> str:
    return os_error_text(exc)


def stamp(copy: sqlite3.Connection, entity: str, actor: str, label: str, changes: dict, reason: str) -> None:
    """An audit event written into a copy (never into the live database), chained
    onto the copy's trail; it records the head of the chain it was taken at."""
    head = audit_chain.newest_sqlite(copy)
    audit_chain.record_event_sqlite(copy, entity, actor, label, {**changes, "chain_head": head}, reason)


# --- rotation -----------------------------------------------------------------------


def rotate_copies(live: Source, keep_last: int | None = None) -> list[Path]:
    """``backup.rotate``'s work (see there)."""
    if keep_last is None:
        keep_last = live.keep_last()
    rotatable = [b for b in list_copies(live.path) if b.rotatable]
    keep = {b.path for b in rotatable[:keep_last]}
    months: set[tuple[int, int]] = set()
    for b in rotatable:  # newest first: the first seen of a month is its newest
        month = (b.made_at.year, b.made_at.month)
        if month not in months:
            months.add(month)
            keep.add(b.path)
    doomed = [b for b in rotatable if b.path not in keep]
    if doomed:
        keep |= _other_data(live, doomed)
    removed = []
    for b in doomed:
        if b.path not in keep:
            try:
                b.path.unlink()
                removed.append(b.path)
            except OSError:
                pass
    _remove_stale_temporaries(folder_of(live.path))
    return removed


def _other_data(live: Source, copies: list[BackupFile]) -> set[Path]:
    """Among ``copies`` (newest first), the newest copy of each state of the data
    that the current database does not continue: its chain head is not in the
    current chain (say the real data, after a mistaken restore of an old file)
    nor in the chain of a newer copy kept for the same reason."""
    hashes = live.chain_hashes()
    kept: set[Path] = set()
    covered: set[str] = set()
    for b in copies:
        try:
            head, _source = recorded_head(b.path)
        except (OSError, sqlite3.Error):
            kept.add(b.path)  # unreadable here and now: not the moment to delete it
            continue
        if not head or head in hashes or head in covered:
            continue
        kept.add(b.path)
        covered |= _chain_of(b.path)
    return kept


def _chain_of(path: Path) -> set[str]:
    conn = open_readonly(path)
    try:
        return {h for (h,) in conn.execute("SELECT entry_hash FROM audit_entry WHERE entry_hash IS NOT NULL")}
    finally:
        conn.close()


def _remove_stale_temporaries(folder: Path) -> None:
    """Half copies left by a power cut (their names start with a dot)."""
    if not folder.is_dir():
        return
    limit = dt.datetime.now().timestamp() - 3600
    for path in folder.glob(".*.tmp*"):
        try:
            if path.stat().st_mtime < limit:
                path.unlink()
        except OSError:
            pass
