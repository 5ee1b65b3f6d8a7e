"""Showing errors to a clerk: a Vietnamese message, never a traceback."""
from __future__ import annotations

import sys

from PySide6.QtWidgets import QMessageBox, QWidget

from ..errors import UserError
from ..logs import log_exception


def show_error(parent: QWidget | None, exc: BaseException, title: str = "Không thực hiện được") -> None:
    if isinstance(exc, UserError):
        QMessageBox.warning(parent, title, exc.message)
        return
    where = log_exception("gui", title, exc)
    QMessageBox.critical(
        parent, "Lỗi không mong muốn",
        "Chương trình gặp lỗi không mong muốn; việc vừa làm chưa được lưu.\n"
        f"Chi tiết đã được ghi vào tệp nhật ký:\n{where}")


def install_excepthook() -> None:
    """Unexpected errors in slots end in a dialog and the log, not on a console."""

    def hook(exc_type, exc, tb):
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        exc.__traceback__ = tb
        from PySide6.QtWidgets import QApplication

        show_error(QApplication.activeWindow(), exc)

    sys.excepthook = hook
