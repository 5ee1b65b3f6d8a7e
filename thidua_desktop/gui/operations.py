"""Long tasks off the GUI thread, with progress, cancel and errors handled once.

Like Anki's ``CollectionOp``: a page calls :func:`run_operation` with a plain
function of ``progress``; the function runs in a worker thread (opening its own
database sessions), a progress dialog follows it, a :class:`UserError` becomes
a warning and anything else a logged error, and ``on_done`` receives the result
back on the GUI thread.
"""
from __future__ import annotations

import threading
from typing import Any, Callable

from PySide6.QtCore import QObject, QThread, Qt, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from ..services.progress import Cancelled
from .errors import show_error


class _Worker(QObject):
    progressed = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(object)

    def __init__(self, fn: Callable[[Callable[..., None]], Any]):
        super().__init__()
        self._fn = fn
        self.cancel_event = threading.Event()

    def progress(self, done: int, total: int, text: str = "") -> None:
        if self.cancel_event.is_set():
            raise Cancelled()
        self.progressed.emit(done, total, text)

    def run(self) -> None:
        try:
            result = self._fn(self.progress)
        except BaseException as exc:  # reported on the GUI thread
            self.failed.emit(exc)
        else:
            self.succeeded.emit(result)


class Operation(QObject):
    """A running task. ``finished`` fires once, after ``on_done`` or the error dialog."""

    finished = Signal(bool)  # True when it succeeded

    def __init__(self, parent: QWidget | None, title: str, fn, on_done=None,
                 cancellable: bool = True, show_dialog: bool = True):
        super().__init__(parent)
        self.parent_widget = parent
        self.title = title
        self.on_done = on_done
        self.result: Any = None
        self.error: BaseException | None = None
        self._thread = QThread()
        self._worker = _Worker(fn)
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.run)
        self._worker.progressed.connect(self._on_progress, Qt.ConnectionType.QueuedConnection)
        self._worker.succeeded.connect(self._on_success, Qt.ConnectionType.QueuedConnection)
        self._worker.failed.connect(self._on_failure, Qt.ConnectionType.QueuedConnection)
        self.dialog: QProgressDialog | None = None
        if show_dialog:
            self.dialog = QProgressDialog(title, "Hủy" if cancellable else "", 0, 0, parent)
            self.dialog.setWindowTitle(title)
            self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
            self.dialog.setMinimumDuration(400)
            self.dialog.setAutoClose(False)
            self.dialog.setAutoReset(False)
            if not cancellable:
                self.dialog.setCancelButton(None)
            self.dialog.canceled.connect(self.cancel)

    def start(self) -> "Operation":
        self._thread.start()
        return self

    def cancel(self) -> None:
        self._worker.cancel_event.set()
        if self.dialog is not None:
            self.dialog.setLabelText("Đang hủy…")

    def _on_progress(self, done: int, total: int, text: str) -> None:
        if self.dialog is None:
            return
        self.dialog.setMaximum(max(total, 0))
        self.dialog.setValue(min(done, total) if total > 0 else 0)
        if text:
            self.dialog.setLabelText(text)

    def _finish(self) -> None:
        self._thread.quit()
        self._thread.wait()
        if self.dialog is not None:
            self.dialog.close()

    def _on_success(self, result: Any) -> None:
        self._finish()
        self.result = result
        try:
            if self.on_done is not None:
                self.on_done(result)
        finally:
            self.finished.emit(True)

    def _on_failure(self, exc: BaseException) -> None:
        self._finish()
        self.error = exc
        try:
            show_error(self.parent_widget, exc, self.title)
        finally:
            self.finished.emit(False)


def run_operation(parent: QWidget | None, title: str, fn, on_done=None,
                  cancellable: bool = True, show_dialog: bool = True) -> Operation:
    """Start ``fn(progress)`` in the background; see :class:`Operation`."""
    return Operation(parent, title, fn, on_done, cancellable, show_dialog).start()
