"""One app instance per database file.

An operating-system lock on ``<database>.lock`` beside the file: released by the
OS when the process ends, even after a crash or power cut, so a stale lock never
keeps a clerk out.
"""
from __future__ import annotations

import os
from pathlib import Path

from ..errors import UserError


class AlreadyOpenError(UserError):
    """Another running copy of the app holds this database."""


class InstanceLock:
    def __init__(self, database: Path):
        self.path = database.with_name(database.name + ".lock")
        self._handle = None

    def acquire(self) -> "InstanceLock":
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(self.path, "a+b")
        try:
            _lock(handle)
        except OSError as exc:
            handle.close()
            raise AlreadyOpenError(
                f"Cơ sở dữ liệu “{self.path.with_suffix('').name}” đang được mở ở một cửa sổ "
                "chương trình khác. Hãy dùng cửa sổ đó, hoặc đóng nó rồi mở lại."
            ) from exc
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()).encode())
        handle.flush()
        self._handle = handle
        return self

    def release(self) -> None:
        if self._handle is None:
            return
        try:
            _unlock(self._handle)
        finally:
            self._handle.close()
            self._handle = None

    def __enter__(self) -> "InstanceLock":
        return self.acquire()

    def __exit__(self, *exc) -> None:
        self.release()


if os.name == "nt":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _lock(handle) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)

    def _unlock(handle) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(handle) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(handle) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
