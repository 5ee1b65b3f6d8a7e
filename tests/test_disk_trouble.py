"""Issue 12, class 15 for the database: a full disk and a read-only database
are told in Vietnamese, naming the file and what to do; nothing is lost. The
full disk is SQLite's own: ``PRAGMA max_page_count`` set to the file's present
size, so the next page it needs fails with SQLITE_FULL as on a full disk."""
from __future__ import annotations

import shutil
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
