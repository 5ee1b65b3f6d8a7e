"""Where the app finds its resources and keeps its data.

``resources/`` and ``forms/`` sit at the top of the source tree and are copied
into the package when the wheel is built; both places are looked up here.
Data lives in the per-user data folder (on Windows ``%LOCALAPPDATA%``), or,
for a portable copy (a file named ``portable`` beside the programs, e.g. on a
USB stick), in a ``data`` folder beside them.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

from platformdirs import user_data_dir, user_log_dir

from . import APP_ID

_PACKAGE = Path(__file__).resolve().parent


def _shipped(name: str) -> Path:
    inside = _PACKAGE / name
    if inside.is_dir():
        return inside
    beside = _PACKAGE.parent / name
    if beside.is_dir():
        return beside
    raise FileNotFoundError(f"Không tìm thấy thư mục “{name}” của chương trình (cài đặt bị hỏng?)")


def resources_dir() -> Path:
    return _shipped("resources")


def forms_dir() -> Path:
    return _shipped("forms")


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


PORTABLE_MARKER = "portable"


def portable_data_dir() -> Path | None:
    """``data`` beside the frozen programs when a ``portable`` file sits there."""
    if not getattr(sys, "frozen", False):
        return None
    programs = Path(sys.executable).resolve().parent
    return programs / "data" if (programs / PORTABLE_MARKER).is_file() else None


def data_dir() -> Path:
    """Where the database and its backups live: ``THIDUA_DATA_DIR`` if set, else the
    portable ``data`` folder, else the per-user folder (``%LOCALAPPDATA%\\ThiDuaKhenThuong``)."""
    override = os.environ.get("THIDUA_DATA_DIR")
    if override:
        return Path(override)
    return portable_data_dir() or Path(user_data_dir(APP_ID, appauthor=False))


def default_database() -> Path:
    return data_dir() / "thidua.db"


def log_dir() -> Path:
    override = os.environ.get("THIDUA_DATA_DIR")
    if override:
        return Path(override) / "logs"
    portable = portable_data_dir()
    return portable / "logs" if portable else Path(user_log_dir(APP_ID, appauthor=False))
