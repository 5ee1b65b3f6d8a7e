"""Which database the app opens, and the refusals made before opening a file.

No SQLAlchemy here: ``services.app`` opens the database with it, and the
command line's plain ``sqlite3`` paths (``thidua backup``) make the same choice
and the same refusals without it.
"""
from __future__ import annotations

import os
from pathlib import Path

from ..errors import UserError

ENV_DB = "THIDUA_DB"


def chosen_target(target: str | os.PathLike[str] | None = None) -> str:
    """``--db``, else ``THIDUA_DB``, else the per-user file: a path or a URL."""
    chosen = target or os.environ.get(ENV_DB)
    if chosen:
        return os.fspath(chosen)
    from ..paths import default_database  # platformdirs: only when no database is named

    return os.fspath(default_database())


def check_sqlite_file(path: Path) -> None:
    if path.is_dir():
        raise UserError(f"“{path}” là một thư mục, không phải tệp cơ sở dữ liệu.")
    if path.exists() and path.stat().st_size > 0:
        with open(path, "rb") as handle:
            header = handle.read(16)
        if header != b"SQLite format 3\x00":
            raise UserError(f"Tệp “{path}” không phải là cơ sở dữ liệu của chương trình.")


def check_exists(path: Path) -> None:
    """Only ``thidua init`` and the window's first start make a database: any
    other command on a missing (or empty) file is a mistyped path."""
    if path.exists() and path.stat().st_size > 0:
        return
    what = "trống (0 byte), chưa có dữ liệu" if path.exists() else "không có"
    raise UserError(f"Cơ sở dữ liệu “{path}” {what}. Kiểm tra lại đường dẫn (--db hoặc biến {ENV_DB}); "
                    f"muốn tạo cơ sở dữ liệu mới ở đó thì chạy: thidua --db \"{path}\" init")


def writable(path: Path) -> bool:
    """Whether SQLite may write the file and its side files (-wal, -shm, lock) beside it."""
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)
