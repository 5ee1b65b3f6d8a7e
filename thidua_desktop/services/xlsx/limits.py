"""Where the Excel readers find their limits: the settings ``files.max_mb`` and
``files.max_rows`` (``limits``), ``files.max_columns`` and ``files.max_cells``
(``grid``) of the open database, set by ``services.safety.backup.attach``.

Kept apart from ``services.xlsx.files`` so that opening a database does not load
openpyxl (~0,2 s before the window's first paint and every command).
"""
from __future__ import annotations

from typing import Callable

Provider = Callable[[], tuple[int, int]]

limits_provider: Provider | None = None
grid_provider: Provider | None = None


def set_providers(limits: Provider | None, grid: Provider | None = None) -> None:
    global limits_provider, grid_provider
    limits_provider, grid_provider = limits, grid


def provided(provider: Provider | None, default: tuple[int, int]) -> tuple[int, int]:
    if provider is not None:
        try:
            return provider()
        except Exception:  # a closed database: fall back to the defaults
            pass
    return default
