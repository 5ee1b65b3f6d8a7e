"""What the window shows about backups (the status bar, the backup tab): plain
facts read once, so the GUI asks one service and holds neither the database
nor a session. The work itself (copying, restoring) is ``backup``'s."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ...storage.database import Database
from ...storage.models import now
from .. import settings as settings_service
from . import backup

#: The safety settings the backup tab edits, in its order.
SAFETY_SETTINGS = ("backup.keep_last", "backup.max_age_hours", "files.max_mb", "files.max_rows")


@dataclass(frozen=True)
class BackupAge:
    """The newest backup for the status bar; ``server`` when the data has no file to copy."""

    server: bool
    made: dt.datetime | None = None
    age: dt.timedelta | None = None
    max_age_hours: int = 0

    @property
    def described(self) -> str:
        return backup.describe_age(self.made)


def backup_age(db: Database) -> BackupAge:
    if db.path is None:
        return BackupAge(server=True)
    made = backup.last_backup_time(db)
    with db.read() as session:
        hours = int(settings_service.get(session, "backup.max_age_hours"))
    return BackupAge(False, made, (now() - made) if made else None, hours)


@dataclass(frozen=True)
class BackupOverview:
    """The backup tab: the copies in the backup folder, newest first, and where they are."""

    server_backend: str  # "" for a database file; else the server's kind (no files to copy)
    folder: Path | None
    copies: list[backup.BackupFile]
    last: dt.datetime | None
    suggested_name: str  # for a copy made elsewhere (a USB stick)
    settings: dict[str, int]  # SAFETY_SETTINGS' values


def backup_overview(db: Database) -> BackupOverview:
    with db.read() as session:
        values = {key: int(settings_service.get(session, key)) for key in SAFETY_SETTINGS}
    if db.path is None:
        return BackupOverview(db.url.get_backend_name(), None, [], None, "", values)
    return BackupOverview("", backup.backup_folder(db), backup.list_backups(db), backup.last_backup_time(db),
                          f"{db.path.stem}-sao-luu.db", values)


def save_safety_settings(session, values: dict[str, int]) -> None:
    """The backup tab's settings, each checked against its declaration."""
    for key in SAFETY_SETTINGS:
        if key in values:
            settings_service.set_value(session, key, values[key])
