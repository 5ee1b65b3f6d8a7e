"""Files written for the user: whole or not at all, never half.

Every file the app writes goes through :func:`replacing`: the content goes to
a temporary file in the target's own folder (so the final rename stays on one
disk and is atomic), is flushed and fsynced, and only then renamed over the
target. A full disk, a pulled USB stick or a killed process therefore leaves
the previous file (or nothing) under the final name, never a 0-byte or half
file. Temporaries are named ``.<name>.<pid>-<random>.tmp``; those a killed
process left behind are removed by :func:`remove_stale`.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import errno
import io
import os
import secrets
from pathlib import Path
from typing import Iterator

from ..errors import UserError, os_error_text

TEMP_SUFFIX = ".tmp"
# A temporary untouched for this long belongs to no running writer: SQLite's
# backup API and our writers keep touching theirs until they finish.
STALE_AFTER = dt.timedelta(minutes=30)

_ADVICE = {
    errno.ENOSPC: "Hãy giải phóng chỗ trống trên ổ đĩa (xóa bớt tệp không cần) hoặc chọn ổ khác, rồi thử lại.",
    errno.EROFS: "Hãy chọn một thư mục trên ổ cho phép ghi (ví dụ thư mục Tài liệu), rồi thử lại.",
    errno.EACCES: "Hãy đóng tệp nếu đang mở trong Excel, Word, hoặc chọn thư mục khác có quyền ghi, rồi thử lại.",
    errno.EPERM: "Hãy đóng tệp nếu đang mở trong Excel, Word, hoặc chọn thư mục khác có quyền ghi, rồi thử lại.",
}


def temporary_for(path: Path) -> Path:
    path = Path(path)
    return path.with_name(f".{path.name}.{os.getpid()}-{secrets.token_hex(3)}{TEMP_SUFFIX}")


def write_failure(path: Path, exc: BaseException) -> UserError:
    """The Vietnamese message for a file that could not be written."""
    advice = _ADVICE.get(getattr(exc, "errno", None), "")
    return UserError(f"Không ghi được tệp “{path}”: {os_error_text(exc)}. "
                     + (advice + " " if advice else "")
                     + "Tệp cũ cùng tên (nếu có) vẫn giữ nguyên.")


@contextlib.contextmanager
def replacing(path: Path) -> Iterator[Path]:
    """A temporary path beside ``path`` to write into; when the block ends
    normally the temporary is flushed to disk and renamed to ``path``, when it
    raises the temporary is removed and ``path`` is left as it was."""
    path = Path(path)
    temp = temporary_for(path)
    try:
        yield temp
        fsync_file(temp)
        os.replace(temp, path)
    except BaseException:
        _remove(temp)
        raise
    fsync_dir(path.parent)


@contextlib.contextmanager
def writing(path: Path) -> Iterator[Path]:
    """:func:`replacing` for a file the user asked for: an ``OSError`` becomes
    a :class:`UserError` naming ``path`` and saying what to do."""
    try:
        with replacing(path) as temp:
            yield temp
    except OSError as exc:
        raise write_failure(path, exc) from None


def write_bytes(path: Path, data: bytes) -> Path:
    path = Path(path)
    with writing(path) as temp:
        with open(temp, "xb") as handle:
            handle.write(data)
    return path


def save_workbook(workbook, path: Path) -> Path:
    """An openpyxl workbook to ``path``: built in memory, written in one piece."""
    buffer = io.BytesIO()
    workbook.save(buffer)
    return write_bytes(path, buffer.getvalue())


def fsync_file(path: Path) -> None:
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())


def fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable (POSIX; Windows cannot open folders)."""
    if os.name == "nt":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def remove_stale(folder: Path, older_than: dt.timedelta = STALE_AFTER) -> list[Path]:
    """Remove the temporaries (and their SQLite journals) that a killed
    process left in ``folder``; returns what was removed."""
    removed: list[Path] = []
    limit = dt.datetime.now().timestamp() - older_than.total_seconds()
    try:
        candidates = [p for p in Path(folder).iterdir() if p.name.startswith(".")
                      and p.name.endswith((TEMP_SUFFIX, TEMP_SUFFIX + "-journal"))]
    except OSError:
        return removed
    for candidate in candidates:
        try:
            if candidate.is_file() and candidate.stat().st_mtime < limit:
                candidate.unlink()
                removed.append(candidate)
        except OSError:
            continue
    return removed


def _remove(temp: Path) -> None:
    for leftover in (temp, temp.with_name(temp.name + "-journal")):
        try:
            leftover.unlink()
        except OSError:
            pass
