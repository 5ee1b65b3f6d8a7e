"""Issue 12, class 15 for the database: a full disk and a read-only database
are told in Vietnamese, naming the file and what to do; nothing is lost. The
full disk is SQLite's own: ``PRAGMA max_page_count`` set to the file's present
size, so the next page it needs fails with SQLITE_FULL as on a full disk."""
from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from safety_helpers import table_dump

from thidua_desktop.cli import main
from thidua_desktop.services.app import open_app
from thidua_desktop.storage import database


@pytest.fixture
def full_database(monkeypatch):
    """Every connection opened from now on finds the disk full."""
    real = database._sqlite_pragmas

    def pragmas(dbapi_connection, record) -> None:
        real(dbapi_connection, record)
        cursor = dbapi_connection.cursor()
        (pages,) = cursor.execute("PRAGMA page_count").fetchone()
        cursor.execute(f"PRAGMA max_page_count = {pages}")
        cursor.close()

    monkeypatch.setattr(database, "_sqlite_pragmas", pragmas)


@pytest.fixture
def ward_db(tmp_path) -> Path:
    path = tmp_path / "dữ liệu" / "thi đua.db"
    open_app(path, actor="kiểm thử").close()
    return path


def many_units(path: Path, n: int = 400) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["STT", "Tên đơn vị", "Loại hình", "Địa chỉ", "Ghi chú"])
    for i in range(1, n + 1):
        ws.append([i, f"Tổ dân phố số {i}", "Tổ dân phố", f"Số {i} phố Bạch Đằng", "ghi chú dài " * 40])
    wb.save(path)
    return path


def run(capsys, db: Path, *argv) -> tuple[int, str, str]:
    code = main(["--db", str(db), *[str(a) for a in argv]])
    out, err = capsys.readouterr()
    return code, out, err


def test_import_on_a_full_disk_is_told_in_vietnamese_and_writes_nothing(ward_db, tmp_path, capsys, full_database):
    before = table_dump(ward_db)
    code, out, err = run(capsys, ward_db, "units", "import", many_units(tmp_path / "đơn vị.xlsx"))
    assert code == 1, (out, err)
    assert f"Không ghi được vào cơ sở dữ liệu “{ward_db}”: ổ đĩa đã đầy" in err, err
    assert "giải phóng chỗ trống" in err and "nguyên vẹn" in err
    assert "không mong muốn" not in err and "database or disk is full" not in err
    assert table_dump(ward_db) == before


def test_service_writes_on_a_full_disk_raise_a_user_error(ward_db, full_database):
    from thidua_desktop.errors import UserError
    from thidua_desktop.storage.models import Unit

    opened = open_app(ward_db, actor="kiểm thử")
    try:
        before = table_dump(ward_db)
        with pytest.raises(UserError) as caught:
            with opened.db.transaction() as session:
                for i in range(400):
                    session.add(Unit(name=f"Đơn vị {i}", name_key=f"don vi {i}", kind="co_quan",
                                     note="x" * 900))
        assert "ổ đĩa đã đầy" in caught.value.message and str(ward_db) in caught.value.message
        assert table_dump(ward_db) == before
    finally:
        opened.close()


def test_a_database_that_cannot_be_written_is_told_in_vietnamese(ward_db, capsys, monkeypatch):
    """SQLite refusing to write (a read-only file it opened for writing)."""
    real = database._sqlite_pragmas

    def pragmas(dbapi_connection, record) -> None:
        real(dbapi_connection, record)
        dbapi_connection.execute("PRAGMA query_only = ON")  # SQLITE_READONLY on every write

    monkeypatch.setattr(database, "_sqlite_pragmas", pragmas)
    before = table_dump(ward_db)
    code, out, err = run(capsys, ward_db, "results", "periods", "add", "q1", "--name", "Quý I")
    assert code == 1, (out, err)
    assert "chỉ cho đọc" in err and "chép tệp dữ liệu sang một thư mục ghi được" in err, err
    assert "không mong muốn" not in err and "readonly" not in err
    assert table_dump(ward_db) == before


# --- a database on read-only media: viewing and printing ------------------------------------------

@pytest.fixture
def read_only_media(monkeypatch):
    """``read_only_media(path)``: the file and its folder cannot be written (a
    locked USB stick). The test runs as any user, so the operating system's
    answer is what is simulated; SQLite is then really opened read-only."""
    import os

    real_access = os.access

    def arm(path: Path) -> None:
        locked = {path.resolve(), path.parent.resolve()}

        def access(target, mode, *args, **kwargs):
            if mode & os.W_OK and Path(target).resolve() in locked:
                return False
            return real_access(target, mode, *args, **kwargs)

        monkeypatch.setattr(os, "access", access)

    return arm


def digest(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_read_only_database_can_be_viewed_and_printed(ward_db, tmp_path, capsys, read_only_media):
    read_only_media(ward_db)
    before, files = digest(ward_db), sorted(p.name for p in ward_db.parent.iterdir())
    code, out, err = run(capsys, ward_db, "info")
    assert code == 0, err
    assert "Phường Bạch Đằng" in out and "chỉ xem và in được" in err
    code, out, err = run(capsys, ward_db, "rank", "--out", tmp_path / "xếp hạng.xlsx")
    assert code == 0, err
    assert (tmp_path / "xếp hạng.xlsx").exists()
    assert digest(ward_db) == before
    assert sorted(p.name for p in ward_db.parent.iterdir()) == files  # no -wal, -shm or lock beside it


@pytest.mark.parametrize("argv", [["results", "periods", "add", "q1", "--name", "Quý I"],
                                  ["units", "import", "{tmp}/đơn vị.xlsx"],
                                  ["report", "year-end", "--out", "{tmp}/báo cáo.docx"],
                                  ["init"]],
                         ids=lambda a: " ".join(a[:2]))
def test_writing_to_a_read_only_database_is_refused_clearly(argv, ward_db, tmp_path, capsys, read_only_media):
    many_units(tmp_path / "đơn vị.xlsx", 3)
    read_only_media(ward_db)
    before, dump = digest(ward_db), table_dump(ward_db)
    code, out, err = run(capsys, ward_db, *[str(a).replace("{tmp}", str(tmp_path)) for a in argv])
    assert code == 1, (out, err)
    assert "chỉ xem và in được, không sửa được" in err and "chép tệp dữ liệu" in err, err
    assert not (tmp_path / "báo cáo.docx").exists()
    assert "không mong muốn" not in err and "Traceback" not in err
    assert digest(ward_db) == before and table_dump(ward_db) == dump


def test_the_window_shows_a_read_only_banner(ward_db, qtbot, read_only_media):
    from thidua_desktop.gui.context import GuiContext
    from thidua_desktop.gui.main_window import MainWindow
    from PySide6.QtWidgets import QLabel

    read_only_media(ward_db)
    opened = open_app(ward_db, actor="kiểm thử")
    try:
        assert opened.read_only and opened.lock is None
        window = MainWindow(GuiContext(opened, actor="kiểm thử"))
        qtbot.addWidget(window)
        banner = window.findChild(QLabel, "readOnlyBanner")
        assert banner is not None and "chỉ xem và in được" in banner.text()
        window.close()
    finally:
        opened.close()


def test_a_writable_database_has_no_banner(ward_db, qtbot):
    from thidua_desktop.gui.context import GuiContext
    from thidua_desktop.gui.main_window import MainWindow
    from PySide6.QtWidgets import QLabel

    opened = open_app(ward_db, actor="kiểm thử")
    try:
        window = MainWindow(GuiContext(opened, actor="kiểm thử"))
        qtbot.addWidget(window)
        assert window.findChild(QLabel, "readOnlyBanner") is None
        window.close()
    finally:
        opened.close()


def test_signing_in_on_a_read_only_database_checks_the_password_and_writes_nothing(ward_db, read_only_media):
    """The window signs in inside ``db.rehearsal()`` when the database is read-only."""
    from thidua_desktop.services.safety import accounts

    opened = open_app(ward_db, actor="kiểm thử")
    accounts.create_first_admin(opened.db, "admin", "matkhau-quan-tri")
    opened.close()
    read_only_media(ward_db)
    before = digest(ward_db)
    opened = open_app(ward_db, actor="kiểm thử")
    try:
        with opened.db.rehearsal():
            assert accounts.authenticate(opened.db, "admin", "matkhau-quan-tri").username == "admin"
            with pytest.raises(accounts.SignInError):
                accounts.authenticate(opened.db, "admin", "sai")
    finally:
        opened.close()
    assert digest(ward_db) == before
