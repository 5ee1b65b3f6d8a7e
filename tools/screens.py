"""Screenshots of every page and main dialog at 1366×768 (issue 16, "How to check").

    python tools/screens.py --out DIR [--db FILE] [--only NAME ...]
    python tools/screens.py --guide      # the pictures the user guide shows, into resources/guide/images/

Runs headless (Qt's offscreen platform with one 1366×768 screen) on the demo
ward, built in a temporary folder unless ``--db`` names a database (which is
copied: the original is never changed). Window settings, logs and backups go to
the temporary folder too (``THIDUA_DATA_DIR``), never to the clerk's own.

Every page of the main window (``gui.pages.PAGES``, so a page added later is
photographed too) and each tab of a tabbed page is one PNG; the dialogs are the
``DIALOGS`` list below (one line each: a name, the page and tab to be on, and
how the clerk opens it). A dialog is photographed the moment it is shown modal,
then closed with "Hủy", so nothing is saved. The windows that stay open beside the
main one (``WINDOWS``: the guide, the what-if sandbox; each tab of the unit card)
are photographed once filled, then closed.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sys
import tempfile
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import shiboken6
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QAction, QImage
from PySide6.QtWidgets import QApplication, QDialog, QDoubleSpinBox, QProgressDialog, QTabWidget

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
GUIDE = ROOT / "resources" / "guide"
WIDTH, HEIGHT = 1366, 768
ADMIN, ADMIN_PASSWORD = "quantri", "Mat-khau-2026"


@dataclass(frozen=True)
class Dialog:
    name: str
    page: str
    tab: int  # the tab to be on (0 on a page without tabs)
    open: Callable  # open(window): does what the clerk does to bring the dialog up


def _units(window):
    return window.pages["units"]


def _import_units(window) -> None:
    """The import preview of the units list just exported (so every row is a known unit)."""
    folder = Path(os.environ["THIDUA_DATA_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "danh sách đơn vị.xlsx"
    _units(window).export_units(path)
    _wait_until(lambda: path.exists())
    _units(window).import_units(path)


def _login(window) -> None:
    from thidua_desktop.gui.login import LoginDialog

    LoginDialog(window.ctx.db, window).exec()


def _first_run(window) -> None:
    from thidua_desktop.gui.first_run import FirstRunDialog

    FirstRunDialog(window, "Phường Bạch Đằng", 2026).exec()


def _recovery_code(window) -> None:
    from thidua_desktop.gui.login import show_recovery_code

    show_recovery_code(window.ctx.db, ADMIN, window)


def _restore(window) -> None:
    tab = window.pages["audit"].backup_tab
    tab.view.selectRow(0)  # the newest backup
    tab.do_restore_selected()


def _menu(name: str) -> Callable:
    return lambda window: window.findChild(QAction, name).trigger()


def _awards(window):
    return window.pages["awards"]


CARD_UNIT, CARD_BLOCK = "Tổ dân phố số 7", "Khối tổ dân phố"  # a unit with results, a rank and a Giấy khen


def _people(window):
    return _units(window).people


def _edit_person(window) -> None:
    _people(window).view.selectRow(0)
    _people(window).edit()


def _what_if_changed(window):
    """The sandbox on the block of tổ dân phố with criterion T1 worth nothing: who moves."""
    dialog = window.pages["scoring"].try_rules()
    _wait_until(lambda: dialog.basis is not None and dialog.loading is None)  # it reads the year in a worker
    dialog.block.setCurrentIndex(dialog.block.findText(CARD_BLOCK))
    dialog.findChild(QDoubleSpinBox, "points_T1").setValue(0)
    dialog.only_changed.setChecked(True)
    dialog.recompute()
    _wait_until(lambda: dialog.comparing is None and not dialog.timer.isActive())
    return dialog


def _unit_card(tab: int) -> Callable:
    """The card of ``CARD_UNIT`` opened as the clerk does (a double-click in the units list), on ``tab``."""
    def open_card(window):
        units = _units(window).units
        rows = (units.proxy.index(r, 0) for r in range(units.proxy.rowCount()))
        units.view.doubleClicked.emit(next(i for i in rows if units.proxy.row_at(i).name == CARD_UNIT))
        card = next(w for w in QApplication.topLevelWidgets() if w.objectName() == "unitCard" and w.isVisible())
        card.tabs.setCurrentIndex(tab)
        return card
    return open_card


def card_windows() -> list[Dialog]:
    """Each tab of the unit card (``the-don-vi-<n>-<tab>``), named after the tabs it has."""
    from thidua_desktop.printing.unit_card import SECTIONS

    return [Dialog(f"the-don-vi-{i + 1}-{slug(title)}", "units", 0, _unit_card(i))
            for i, (title, _) in enumerate(SECTIONS)]


DIALOGS: list[Dialog] = [
    Dialog("hop-them-don-vi", "units", 0, lambda w: _units(w).units.add()),
    Dialog("hop-them-ca-nhan", "units", 2, lambda w: _units(w).people.add()),
    Dialog("hop-nhap-excel-xem-truoc", "units", 0, _import_units),
    Dialog("hop-them-de-nghi", "awards", 0, lambda w: _awards(w).nominations.add()),
    Dialog("hop-xem-truoc-khi-in", "awards", 0, lambda w: _awards(w).nominations.lists.preview()),
    Dialog("hop-phuc-hoi", "audit", 1, _restore),
    Dialog("hop-dang-nhap", "overview", 0, _login),
    Dialog("hop-lan-chay-dau", "overview", 0, _first_run),
    Dialog("hop-ma-khoi-phuc", "overview", 0, _recovery_code),
    Dialog("hop-ket-thuc-nam", "overview", 0, _menu("close_yearAction")),
    Dialog("hop-sua-ca-nhan", "units", 2, _edit_person),
    Dialog("hop-in-danh-sach-don-vi", "units", 0, lambda w: _units(w).units.lists.preview()),
]


# Windows that are not modal: open(window) returns the window to photograph (closed after).
WINDOWS: list[Dialog] = [
    Dialog("huong-dan-f1-trang-don-vi", "units", 0, lambda w: w.show_help(for_page=True)),
    Dialog("thu-thay-doi-quy-tac", "scoring", 0, lambda w: w.pages["scoring"].try_rules()),
    Dialog("thu-thay-doi-quy-tac-doi-diem", "scoring", 0, _what_if_changed),
]


# --- the run ------------------------------------------------------------------------------
def _isolate(folder: Path) -> None:
    """Everything the app remembers goes to ``folder``; the screen is a 1366×768 office one."""
    os.environ["THIDUA_DATA_DIR"] = str(folder / "data")
    os.environ.pop("THIDUA_DB", None)
    os.environ["XDG_CONFIG_HOME"] = str(folder / "config")  # any QSettings left at its default place
    screen_file = folder / "screen.json"
    screen_file.write_text(json.dumps({"screens": [{
        "name": "office", "x": 0, "y": 0, "width": WIDTH, "height": HEIGHT,
        "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}), encoding="utf-8")
    if os.environ.get("QT_QPA_PLATFORM", "offscreen").startswith("offscreen"):
        os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={screen_file}"


def _demo_database(folder: Path, given: Path | None) -> Path:
    path = folder / "phường.db"
    if given is not None:
        shutil.copy(given, path)
        return path
    from thidua_desktop.services.app import open_app
    from thidua_desktop.services.demo import build_demo

    opened = open_app(path, actor=ADMIN)
    with opened.db.transaction(actor=ADMIN) as s:
        build_demo(s)
    opened.close()
    return path


def _with_admin(opened) -> None:
    """An administrator signed in, as after the first start (the login dialog, the accounts tab)."""
    from thidua_desktop.services.safety import accounts

    if accounts.needs_first_admin(opened.db):
        accounts.create_first_admin(opened.db, ADMIN, ADMIN_PASSWORD, "Nguyễn Thị Lan")
    account = accounts.authenticate(opened.db, ADMIN, ADMIN_PASSWORD)
    accounts.sign_in_as(opened.db, account)


def _wait_until(done: Callable[[], bool], seconds: float = 30.0) -> bool:
    app = QApplication.instance()
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        if done():
            return True
        time.sleep(0.02)
    return False


def _busy() -> bool:
    """A background task still running (its progress dialog up) — the page is not filled yet."""
    return any(isinstance(w, QProgressDialog) and w.isVisible() for w in QApplication.topLevelWidgets())


def settle() -> None:
    from thidua_desktop.gui.pages.base import wait_loaded

    for widget in QApplication.topLevelWidgets():  # lists fill in the background (pages/base.Loader)
        wait_loaded(widget)
    _wait_until(lambda: not _busy())
    _wait_until(lambda: False, 0.3)  # the last queued paints


def slug(text: str) -> str:
    plain = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(c for c in plain if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")


def save(widget, path: Path) -> Path:
    """The widget as a PNG of 256 colours (a screen of flat colours loses nothing you can see;
    a third of the bytes)."""
    image = widget.grab().toImage().convertToFormat(QImage.Format.Format_Indexed8,
                                                    Qt.ImageConversionFlag.ThresholdDither)
    if not image.save(str(path), "PNG"):
        raise RuntimeError(f"Không lưu được ảnh {path}")
    return path


def tabs_of(page) -> QTabWidget | None:
    tabs = getattr(page, "tabs", None)
    return tabs if isinstance(tabs, QTabWidget) else page.findChild(QTabWidget)


def run_pages(window, out: Path, wanted: Callable[..., bool]) -> list[Path]:
    """Each page (named by its id) and each tab of a tabbed page (``<page>-<n>-<tab text>``)."""
    written = []
    for page_id in window.page_ids():
        if not wanted(page_id, prefix=True):
            continue
        page = window.show_page(page_id)
        settle()
        if wanted(page_id):
            written.append(save(window, out / f"{page_id}.png"))
        tabs = tabs_of(page)
        for i in range(tabs.count() if tabs is not None else 0):
            name = f"{page_id}-{i + 1}-{slug(tabs.tabText(i))}"
            if wanted(name):
                tabs.setCurrentIndex(i)
                settle()
                written.append(save(window, out / f"{name}.png"))
        if tabs is not None:
            tabs.setCurrentIndex(0)
    return written


def chooser(only: list[str] | None) -> Callable[..., bool]:
    """``wanted(name)``: is that picture asked for; ``wanted(page_id, prefix=True)``: is that
    page's picture or one of its tabs' (so the pages not asked for are not even opened)."""
    names = set(only or [])

    def wanted(name: str, prefix: bool = False) -> bool:
        if not names or name in names:
            return True
        return prefix and any(n.startswith(f"{name}-") for n in names)

    return wanted


def run_dialog(window, dialog: Dialog, out: Path) -> Path | None:
    """Open ``dialog`` as the clerk would, photograph it as soon as it is up, close it with Hủy."""
    page = window.show_page(dialog.page)
    tabs = tabs_of(page)
    if tabs is not None:
        tabs.setCurrentIndex(dialog.tab)
    settle()
    path = out / f"{dialog.name}.png"
    shot: list[Path] = []

    def catch() -> None:
        modal = QApplication.activeModalWidget()
        if modal is None or isinstance(modal, QProgressDialog):
            return
        if not shot:
            _wait_until(lambda: False, 0.4)  # laid out and painted
            shot.append(save(modal, path))
        modal.reject() if hasattr(modal, "reject") else modal.close()  # and any dialog it leads to

    timer = QTimer()
    timer.timeout.connect(catch)
    timer.start(100)
    try:
        dialog.open(window)
        _wait_until(lambda: bool(shot) and QApplication.activeModalWidget() is None)
        settle()
    finally:
        timer.stop()
    return shot[0] if shot else None


def run_window(window, shot: Dialog, out: Path) -> Path:
    window.show_page(shot.page)
    settle()
    opened = shot.open(window)
    settle()
    try:
        return save(opened, out / f"{shot.name}.png")
    finally:
        opened.close()
        gone()


def gone() -> None:
    """Windows closed with WA_DeleteOnClose deleted now: a plain event loop never runs their
    deferred deletion, and Qt deleting them at the interpreter's exit (after Python's objects
    they call back into) aborts the run now and then ("pure virtual method called")."""
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def guide_images() -> set[str]:
    """The names of the pictures the guide's sections show."""
    names = set()
    for section in GUIDE.glob("*.md"):
        names.update(re.findall(r"images/([\w-]+)\.png", section.read_text(encoding="utf-8")))
    return names


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Chụp ảnh mọi trang và hộp thoại chính ở 1366×768.")
    parser.add_argument("--out", type=Path, help="thư mục ghi ảnh PNG")
    parser.add_argument("--db", type=Path, help="cơ sở dữ liệu (được chép; mặc định: tạo dữ liệu mẫu)")
    parser.add_argument("--only", nargs="+", metavar="TÊN", help="chỉ các ảnh này (tên không có .png)")
    parser.add_argument("--guide", action="store_true",
                        help="chụp lại đúng các ảnh mà hướng dẫn sử dụng dùng, vào resources/guide/images/")
    args = parser.parse_args(argv)
    if args.guide:
        args.out, args.only = GUIDE / "images", sorted(guide_images())
    if args.out is None:
        parser.error("cần --out THƯ_MỤC hoặc --guide")
    args.out.mkdir(parents=True, exist_ok=True)
    wanted = chooser(args.only)
    with tempfile.TemporaryDirectory(prefix="thidua-screens-") as folder:
        _isolate(Path(folder))
        written, missing = shoot(Path(folder), args.db, args.out, wanted)
    for path in written:
        print(path)
    expected = set(args.only or [])
    missing += sorted(expected - {p.stem for p in written})
    for name in dict.fromkeys(missing):
        print(f"không chụp được: {name}", file=sys.stderr)
    return 1 if missing else 0


def shoot(folder: Path, given: Path | None, out: Path, wanted: Callable[..., bool]) -> tuple[list[Path], list[str]]:
    from thidua_desktop.gui import i18n, style
    from thidua_desktop.gui.context import GuiContext
    from thidua_desktop.gui.main_window import MainWindow
    from thidua_desktop.services.app import open_app

    app = QApplication.instance() or QApplication(["thidua-desktop"])
    i18n.install(app)
    style.install(app)  # the look the clerk sees (gui/app.py installs both)
    database = _demo_database(folder, given)
    opened = open_app(database, actor=ADMIN)
    try:
        _with_admin(opened)
        window = MainWindow(GuiContext(opened, actor=ADMIN))
        window.resize(WIDTH, HEIGHT)
        window.show()
        window.open_initial_page()
        settle()
        written = run_pages(window, out, wanted)
        missing = []
        for dialog in DIALOGS:
            if not wanted(dialog.name):
                continue
            path = run_dialog(window, dialog, out)
            (written.append(path) if path else missing.append(dialog.name))
        written += [run_window(window, shot, out) for shot in WINDOWS + card_windows() if wanted(shot.name)]
        window.close()
        # The dialogs left as the window's children (progress, what-if, first run…) one at a time,
        # then the window: deleted all at once at the exit, 3 runs in 8 crashed in a dialog's
        # QWidget::destroy (gdb); one at a time, none in 7.
        for dialog in window.findChildren(QDialog):
            if shiboken6.isValid(dialog):  # not gone with a dialog it belonged to
                dialog.deleteLater()
                gone()
        window.deleteLater()
        gone()
        return written, missing
    finally:
        opened.close()


if __name__ == "__main__":
    raise SystemExit(main())
