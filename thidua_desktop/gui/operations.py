"""The one path from a page to the database: changes and reads, errors shown once.

Like Anki's ``CollectionOp`` and ``QueryOp`` (``qt/aqt/operations``), a page
never opens a transaction itself. It hands a small function of the session to
:func:`change` (a write, with the reason the audit trail keeps and the areas
that open pages must refresh) or :func:`query` (a read); the function calls a
service with plain ids and values and returns plain data. The helper opens the
transaction, shows a failure once (a :class:`UserError` as a warning, anything
else logged), announces the refreshed areas once, and gives the result back.
The session stays an opaque handle to pages: they never import ``storage`` or
build a query.

Heavy work (recording a decision for a thousand awardees, writing ballots)
goes through :func:`change_in_background` / :func:`query_in_background`: the
function then also takes ``progress`` and runs in a worker thread (with its own
session) under a progress dialog, and ``on_done`` receives the result back on
the GUI thread. :func:`run_operation` is the bare worker for tasks that are
not one transaction (a backup, a whole import of files).
"""
from __future__ import annotations

import threading
from typing import Any, Callable

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QThread, Qt, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from ..errors import ConcurrentChange
from ..logs import log_exception
from ..services.progress import Cancelled
from .errors import show_error

#: What :func:`change` and :func:`query` return when the work failed (the error is already shown).
FAILED = object()


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
    """A running task. ``finished`` fires once, after ``on_done`` or the error dialog; none
    of them once the widget it was started for is destroyed (what they touch is gone)."""

    finished = Signal(bool)  # True when it succeeded

    def __init__(self, parent: QWidget | None, title: str, fn, on_done=None,
                 cancellable: bool = True, show_dialog: bool = True):
        # No Qt parent: destroyed with a window closed meanwhile, it would never hear its worker
        # end and stay in ``_RUNNING``. ``_RUNNING`` keeps it; ``parent`` only owns its dialogs.
        super().__init__()
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
        _wait_for_all_on_quit()
        _RUNNING.add(self)
        self._thread.start()
        return self

    def wait(self) -> None:
        """Block until the worker is done (the application is quitting)."""
        self._thread.quit()
        self._thread.wait()

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
        _RUNNING.discard(self)
        if self.dialog is not None and shiboken6.isValid(self.dialog):
            self.dialog.close()

    def _owner_gone(self) -> bool:
        """The widget it was started for was destroyed meanwhile (its window closed)."""
        return self.parent_widget is not None and not shiboken6.isValid(self.parent_widget)

    def _on_success(self, result: Any) -> None:
        self._finish()
        self.result = result
        if self._owner_gone():
            return
        try:
            if self.on_done is not None:
                self.on_done(result)
        finally:
            self.finished.emit(True)

    def _on_failure(self, exc: BaseException) -> None:
        self._finish()
        self.error = exc
        if self._owner_gone():  # no window to tell it in: kept in the log
            log_exception("gui", self.title, exc)
            return
        try:
            show_error(self.parent_widget, exc, self.title)
        finally:
            self.finished.emit(False)


_RUNNING: set[Operation] = set()  # started and not finished: kept alive, waited for on quitting


def _wait_for_all_on_quit() -> None:
    """Once: when the application quits, wait for the workers still running (a QThread
    destroyed while it runs aborts the program at its very end; a write finishes whole)."""
    app = QCoreApplication.instance()
    if app is not None and not app.property("thiduaWaitsForWorkers"):
        app.setProperty("thiduaWaitsForWorkers", True)
        app.aboutToQuit.connect(lambda: [operation.wait() for operation in list(_RUNNING)])


def run_operation(parent: QWidget | None, title: str, fn, on_done=None,
                  cancellable: bool = True, show_dialog: bool = True) -> Operation:
    """Start ``fn(progress)`` in the background; see :class:`Operation`."""
    return Operation(parent, title, fn, on_done, cancellable, show_dialog).start()


def _announce(ctx, refresh: str | tuple[str, ...]) -> None:
    for area in ((refresh,) if isinstance(refresh, str) else refresh):
        ctx.changed(area)


def change(parent: QWidget | None, ctx, reason: str, op: Callable[[Any], Any], *,
           refresh: str | tuple[str, ...] = (), title: str = "Không lưu được") -> Any:
    """Run ``op(session)`` in one transaction kept in the audit trail with ``reason``.

    Returns what ``op`` returned, or :data:`FAILED` once the error has been shown
    (nothing was written then). ``refresh`` names the areas open pages reload."""
    try:
        with ctx.db.transaction(reason=reason) as session:
            result = op(session)
    except ConcurrentChange as exc:  # another clerk saved it first: show theirs
        show_error(parent, exc, title)
        _announce(ctx, refresh)
        return FAILED
    except Exception as exc:
        show_error(parent, exc, title)
        return FAILED
    _announce(ctx, refresh)
    return result


def query(parent: QWidget | None, ctx, op: Callable[[Any], Any], *,
          title: str = "Không đọc được dữ liệu") -> Any:
    """Run ``op(session)`` in a read-only session; the result, or :data:`FAILED` after the error is shown."""
    try:
        with ctx.db.read() as session:
            return op(session)
    except Exception as exc:
        show_error(parent, exc, title)
        return FAILED


def change_in_background(parent: QWidget | None, ctx, title: str, reason: str,
                         op: Callable[[Any, Callable[..., None]], Any], *, on_done=None,
                         refresh: str | tuple[str, ...] = (), cancellable: bool = True) -> Operation:
    """:func:`change` for heavy work: ``op(session, progress)`` in a worker under a progress dialog."""
    db = ctx.db

    def work(progress):
        with db.transaction(reason=reason) as session:
            return op(session, progress)

    def done(result):
        _announce(ctx, refresh)
        if on_done is not None:
            on_done(result)

    return run_operation(parent, title, work, done, cancellable)


def query_in_background(parent: QWidget | None, ctx, title: str,
                        op: Callable[[Any, Callable[..., None]], Any], on_done, *,
                        cancellable: bool = True, show_dialog: bool = True) -> Operation:
    """:func:`query` for long reads: ``op(session, progress)`` in a worker; ``on_done(result)`` on the GUI thread."""
    db = ctx.db

    def work(progress):
        with db.read() as session:
            return op(session, progress)

    return run_operation(parent, title, work, on_done, cancellable, show_dialog)


def checkpoint(parent: QWidget | None, ctx, reason: str) -> bool:
    """A backup before a risky change (``db.checkpoint``); False after the error is shown."""
    try:
        ctx.db.checkpoint(reason)
    except Exception as exc:
        show_error(parent, exc, "Chưa sao lưu được, chưa làm gì")
        return False
    ctx.changed("backup")
    return True


def with_database(parent: QWidget | None, ctx, op: Callable[[Any], Any], *,
                  refresh: str | tuple[str, ...] = (), title: str = "Không thực hiện được") -> Any:
    """For a service that takes the database handle itself because it backs the data up
    before writing in its own audited transaction (deleting a period with its results,
    applying forms read back): ``op(database)``, its error shown once, the areas announced.
    The handle stays as opaque to the page as a session. Returns ``op``'s result or :data:`FAILED`."""
    try:
        result = op(ctx.db)
    except Exception as exc:
        show_error(parent, exc, title)
        return FAILED
    _announce(ctx, refresh)
    return result


def database_in_background(parent: QWidget | None, ctx, title: str, op: Callable[[Any, Callable[..., None]], Any],
                           *, on_done=None, cancellable: bool = True, show_dialog: bool = True) -> Operation:
    """:func:`with_database` for heavy work (a backup, a restore, reading or writing a
    workbook): ``op(database, progress)`` in a worker under a progress dialog."""
    db = ctx.db
    return run_operation(parent, title, lambda progress: op(db, progress), on_done, cancellable, show_dialog)


def when_backed_up(ctx, signal) -> None:
    """Emit ``signal`` after every backup made before a risky change, whichever thread
    made it (an import's worker too): a Qt signal reaches the GUI thread queued, so
    what shows the backup's age is true the moment the copy exists."""
    def hook(_db, _reason: str) -> None:
        try:
            signal.emit()
        except RuntimeError:  # the widget showing it is gone; the change goes on
            pass

    ctx.db.checkpoint_hooks.append(hook)
