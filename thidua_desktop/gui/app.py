"""``thidua-desktop``: start the GUI on the chosen database.

``--smoke-test OUT.png`` opens the main window, visits every area, saves a
screenshot and exits 0 (1 if any area failed) — for CI and packaging checks.
``--measure-startup`` prints the wall-clock time of the first painted frame and
of the first page filled in, then exits (used by ``bench/bench_startup.py``). Both run unattended: an error is
printed and ends the run non-zero, never a dialog nobody is there to close.
"""
from __future__ import annotations

import argparse
import contextlib
import getpass
import sys
import time
import traceback
from pathlib import Path
from typing import Sequence

from .. import APP_ID, APP_NAME, __version__


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    from .. import vi_argparse

    vi_argparse.install()
    parser = vi_argparse.Parser(prog="thidua-desktop", description=f"{APP_NAME}: cửa sổ chương trình.")
    parser.add_argument("--db", metavar="TỆP_HOẶC_URL",
                        help="cơ sở dữ liệu (mặc định: biến THIDUA_DB, nếu không có thì tệp trong thư mục dữ liệu người dùng)")
    parser.add_argument("--smoke-test", metavar="ẢNH.png", type=Path,
                        help="mở mọi trang, lưu ảnh chụp cửa sổ vào tệp rồi thoát")
    parser.add_argument("--measure-startup", action="store_true",
                        help="in thời điểm cửa sổ được vẽ lần đầu rồi thoát (đo tốc độ khởi động)")
    parser.add_argument("--version", action="version", version=f"thidua-desktop {__version__}")
    return parser.parse_args(argv)


def _report(message: str, headless: bool, parent=None) -> None:
    if headless:
        _print_error(message)
        return
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.critical(parent, APP_NAME, message)


def app_icon():
    """The app's own icon (a gold medal on a red ribbon) for every window and the taskbar."""
    from PySide6.QtGui import QIcon

    from ..paths import resource

    return QIcon(str(resource("icons", "thidua.svg")))


def main(argv: Sequence[str] | None = None) -> int:
    from ..vi_argparse import utf8_console

    utf8_console()  # a Windows code page would fail on Vietnamese output redirected to a file
    try:
        args = parse_args(sys.argv[1:] if argv is None else argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    headless = bool(args.smoke_test or args.measure_startup)
    if not headless:
        return _run(args, headless)
    errors = _print_unhandled_errors()
    try:
        code = _run(args, headless)
    except Exception:
        traceback.print_exc()
        return 1
    for error in errors:
        _print_error(f"lỗi không mong muốn: {error}")
    return 1 if errors else code


def _print_error(message: str) -> None:
    print(f"thidua-desktop: {message}", file=sys.stderr, flush=True)


def _print_unhandled_errors() -> list[str]:
    """Errors raised in Qt slots during an unattended run: printed and collected."""
    errors: list[str] = []

    def hook(exc_type, exc, tb):
        errors.append("".join(traceback.format_exception_only(exc_type, exc)).strip())
        traceback.print_exception(exc_type, exc, tb)

    sys.excepthook = hook
    return errors


def _run(args: argparse.Namespace, headless: bool) -> int:
    from PySide6.QtWidgets import QApplication

    from . import i18n, style
    from .main_window import MainWindow

    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "thidua-desktop"])
    app.setApplicationName(APP_ID)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setWindowIcon(app_icon())
    i18n.install(app)
    style.install(app)
    if not headless:
        from .errors import install_excepthook

        install_excepthook()
    # The frame is painted first; the database (SQLAlchemy, the models, the services)
    # is opened right after, and the first page is filled once it is attached.
    window = MainWindow()
    if args.measure_startup:
        window.error_sink = lambda title, exc: print(f"thidua-desktop: trang lỗi: {title}: {exc!r}",
                                                     file=sys.stderr)
        window.installEventFilter(_first_paint_probe(window))
    held: list = []  # the opened database, closed when the window's run ends
    window.after_first_paint(lambda: _start(app, window, args, headless, held))
    window.show()
    try:
        return app.exec()
    finally:
        for opened in held:
            opened.close()


def _start(app, window, args: argparse.Namespace, headless: bool, held: list) -> None:
    """Right after the first paint: open the database, sign in, attach it, fill the first page."""
    try:
        code = _open_into(window, args, headless, held)
        if code is not None:
            app.exit(code)
        elif args.measure_startup:
            window.fill_first_page(lambda: _first_page_filled(app))
        elif args.smoke_test:
            app.exit(smoke_test(app, window, args.smoke_test))
        else:
            window.fill_first_page(lambda: _offer_first_run(window))
    except BaseException:
        # an unattended run, or a window whose database never opened, ends; the error is reported
        if headless or window.ctx is None:
            app.exit(1)
        raise


def _open_into(window, args: argparse.Namespace, headless: bool, held: list) -> int | None:
    """Open the database as before (lock, migration with its backup, first plan,
    start-up backup), sign in, and attach it to the window; the exit code if the
    run must end instead."""
    from ..errors import UserError
    from ..services.app import open_app
    from .context import GuiContext

    try:
        opened = open_app(args.db, lock=True, actor=_os_user())
    except UserError as exc:
        _report(exc.message, headless, window)
        return 1
    held.append(opened)
    # On read-only media the sign-in is checked but its record (last sign-in) cannot be kept.
    with opened.db.rehearsal() if opened.read_only else contextlib.nullcontext():
        if not headless and not _sign_in(opened, window):  # the first administrator, or who signs in
            return 0
    window.attach(GuiContext(opened, actor=opened.db.actor))
    return None


def _sign_in(opened, window) -> bool:
    from .login import sign_in  # the first administrator, or who signs in

    return sign_in(opened, window)


def _offer_first_run(window) -> None:
    from .first_run import offer_first_run  # a database without units: try the demo ward, or start empty

    offer_first_run(window)


def _os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # pragma: no cover - no user name on some systems
        return ""


def _first_paint_probe(window):
    """Prints the time of the window's first Paint event (``--measure-startup``)."""
    from PySide6.QtCore import QEvent, QObject

    class FirstPaint(QObject):
        def eventFilter(self, obj, event):  # noqa: N802 - Qt API
            if event.type() == QEvent.Type.Paint:
                print(f"first_paint {time.time():.6f}", flush=True)
                obj.removeEventFilter(self)
            return False

    return FirstPaint(window)


def _first_page_filled(app) -> None:
    print(f"first_page {time.time():.6f}", flush=True)
    app.quit()


def smoke_test(app, window, out: Path) -> int:
    """Visit every area, then save a screenshot of the main window."""
    from .pages.base import wait_loaded

    failures: list[str] = []
    # Collected, never shown in a dialog: nobody is there to close it.
    window.error_sink = lambda title, exc: failures.append(f"{title}: {exc!r}")
    window.show()
    window.open_initial_page()
    for page_id in window.page_ids():
        try:
            window.show_page(page_id)
            wait_loaded(window)  # the page filled in the background
        except Exception as exc:
            failures.append(f"{page_id}: {exc!r}")
    window.show_page(window.page_ids()[0])
    wait_loaded(window)
    if window.windowIcon().pixmap(16, 16).isNull():  # e.g. the SVG image plugin left out of a bundle
        failures.append("không vẽ được biểu tượng của chương trình")
    if any(window.nav.item(row).icon().pixmap(16, 16).isNull() for row in range(window.nav.count())):
        failures.append("không vẽ được biểu tượng các trang (thiếu tệp SVG trong resources/icons)")
    out.parent.mkdir(parents=True, exist_ok=True)
    if not window.grab().save(str(out)):
        failures.append(f"không lưu được ảnh {out}")
    for failure in failures:
        print(f"thidua-desktop: trang lỗi: {failure}", file=sys.stderr)
    print(f"Đã mở {len(window.page_ids())} trang, {len(failures)} lỗi; ảnh: {out}")
    return 1 if failures else 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
