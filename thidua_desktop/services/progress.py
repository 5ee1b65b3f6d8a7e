"""Progress reporting for long tasks, without Qt.

A service that may take long takes ``progress: Progress`` and calls it as it
goes; the GUI passes one that moves a progress dialog (and raises
:class:`Cancelled` once the clerk presses Hủy), the command line one that
prints, tests none at all.
"""
from __future__ import annotations

from typing import Protocol

from ..errors import UserError


class Cancelled(UserError):
    def __init__(self, message: str = "Đã hủy theo yêu cầu; dữ liệu không thay đổi."):
        super().__init__(message)


class Progress(Protocol):
    def __call__(self, done: int, total: int, text: str = "") -> None: ...


def no_progress(done: int, total: int, text: str = "") -> None:
    """The progress sink for callers that show nothing."""
