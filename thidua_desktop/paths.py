"""Where the app finds its resources and keeps its data.

``resources/`` and ``forms/`` sit at the top of the source tree and are copied
into the package when the wheel is built; both places are looked up here.
Data lives in the per-user data folder (on Windows ``%LOCALAPPDATA%``).
"""
from __future__ import annotations

import os
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


def data_dir() -> Path:
    """Per-user data folder (``%LOCALAPPDATA%\\ThiDuaKhenThuong`` on Windows)."""
    override = os.environ.get("THIDUA_DATA_DIR")
    return Path(override) if override else Path(user_data_dir(APP_ID, appauthor=False))


def default_database() -> Path:
    return data_dir() / "thidua.db"


def log_dir() -> Path:
    override = os.environ.get("THIDUA_DATA_DIR")
    return Path(override) / "logs" if override else Path(user_log_dir(APP_ID, appauthor=False))
