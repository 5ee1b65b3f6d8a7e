"""Restore fed hostile files (issue 12, class 1), and restores that fail after the swap.

Every file is built here from a real backup of the demo ward, spoiled the way a
careless or hostile user would (raw sqlite3, as a tool outside the app would):
several version rows, triggers that rewrite results or delete audit rows, views,
missing or extra tables, columns and indexes, broken links, damaged pages. Each
must be refused before anything is swapped, with a clear Vietnamese message
naming the file, and every table of the live database unchanged row for row.
"""
from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path
from typing import Callable

import pytest

from thidua_desktop.errors import UserError
from thidua_desktop.services.safety import backup
from thidua_desktop.services.app import open_app
from thidua_desktop.services.demo import build_demo

from safety_helpers import add_units, table_dump

VIETNAMESE = "ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ"


# --- the ward and a sound backup of it ------------------------------------------------------


@pytest.fixture(scope="module")
def sound_backup(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("phuong-goc")
    opened = open_app(folder / "phuong.db", actor="demo")
    try:
        with opened.db.transaction(actor="demo", reason="Dữ liệu mẫu") as session:
            build_demo(session)
        return backup.create_backup(opened.db, reason="Bản sao lưu gốc cho kiểm thử")
    finally:
        opened.close()


@pytest.fixture
def live(sound_backup, tmp_path):
    """Today's data: the ward as backed up, plus later work (so a restore would lose it)."""
    path = tmp_path / "hien-tai" / "phuong.db"
    path.parent.mkdir()
    shutil.copy(sound_backup, path)
    opened = open_app(path, actor="kiểm thử")
    add_units(opened.db, 3, start=900)
    yield opened
    opened.close()


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA foreign_keys=OFF")
    return conn


def _sql(*statements: str) -> Callable[[Path], None]:
    def spoil(path: Path) -> None:
        conn = _connect(path)
        try:
            for statement in statements:
                conn.execute(statement)
        finally:
            conn.close()
    return spoil


def _rewrite_schema(table: str, old: str, new: str) -> Callable[[Path], None]:
    """Edit a table's stored CREATE statement, as only a tool outside the app can."""
    def spoil(path: Path) -> None:
        conn = _connect(path)
        try:
            (sql,) = conn.execute("SELECT sql FROM sqlite_master WHERE name = ?", (table,)).fetchone()
            assert old in sql, sql
            conn.execute("PRAGMA writable_schema=ON")
            conn.execute("UPDATE sqlite_master SET sql = ? WHERE name = ?", (sql.replace(old, new), table))
            (version,) = conn.execute("PRAGMA schema_version").fetchone()
            conn.execute(f"PRAGMA schema_version={version + 1}")
            conn.execute("PRAGMA writable_schema=OFF")
        finally:
            conn.close()
    return spoil


def _scribble(path: Path) -> None:
    data = bytearray(path.read_bytes())
    for offset in range(8192, len(data) - 4096, 4096):
        data[offset + 100:offset + 400] = b"\xff" * 300
    path.write_bytes(bytes(data))


def _truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[:6000])


def _replace_bytes(content: bytes) -> Callable[[Path], None]:
    return lambda path: path.write_bytes(content)


def _other_program(path: Path) -> None:
    path.unlink()
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE messages (id INTEGER PRIMARY KEY, text TEXT)")
    conn.commit()
    conn.close()


def _trigger_hidden_in_the_wal(path: Path) -> None:
    """A trigger written to the -wal file only (a copy taken while another program had it open)."""
    work = path.with_name("dang-mo.db")
    shutil.copy(path, work)
    conn = sqlite3.connect(work, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA wal_autocheckpoint=0")
    conn.execute("CREATE TRIGGER an_trong_wal AFTER INSERT ON result BEGIN "
                 "UPDATE result SET value = 100 WHERE id = NEW.id; END")
    shutil.copy(work, path)
    shutil.copy(work.with_name(work.name + "-wal"), path.with_name(path.name + "-wal"))
    conn.close()


def _old_version_with_trigger(path: Path) -> None:
    """A database of the first schema version (0001), carrying a trigger that version never had."""
    from alembic import command

    from thidua_desktop.storage.database import Database, url_for
    from thidua_desktop.storage.migrate import alembic_config

    path.unlink()
    db = Database(url_for(path))
    config = alembic_config()
    with db.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0001")
    db.dispose()
    _sql("CREATE TRIGGER xoa_nhat_ky AFTER INSERT ON unit BEGIN DELETE FROM audit_entry; END")(path)


# name → (how the sound backup is spoiled, what the refusal must say)
HOSTILE: dict[str, tuple[Callable[[Path], None], str]] = {
    "hai-dong-phien-ban": (_sql("INSERT INTO alembic_version VALUES ('0000_cu')"), "phải có đúng một"),
    "ba-dong-phien-ban": (_sql("INSERT INTO alembic_version VALUES ('0000_cu')",
                               "INSERT INTO alembic_version VALUES ('abc')"), "ghi 3 phiên bản"),
    "khong-co-phien-ban": (_sql("DELETE FROM alembic_version"), "không có thông tin phiên bản"),
    "phien-ban-moi-hon": (_sql("UPDATE alembic_version SET version_num = '0099_tuong_lai'"), "phiên bản mới hơn"),
    "trigger-sua-ket-qua": (_sql("CREATE TRIGGER sua_ket_qua AFTER UPDATE ON result BEGIN "
                                 "UPDATE result SET value = 100 WHERE id = NEW.id; END"), "trigger.*sua_ket_qua"),
    "trigger-xoa-nhat-ky": (_sql("CREATE TRIGGER don_dep AFTER INSERT ON unit BEGIN "
                                 "DELETE FROM audit_entry; END"), "trigger.*don_dep"),
    "trigger-chan-nhat-ky": (_sql("CREATE TRIGGER im_lang BEFORE INSERT ON audit_entry BEGIN "
                                  "SELECT RAISE(IGNORE); END"), "trigger.*im_lang"),
    "trigger-trong-wal": (_trigger_hidden_in_the_wal, "trigger.*an_trong_wal"),
    "view-la": (_sql("CREATE VIEW bao_cao_rieng AS SELECT * FROM result"), "view.*bao_cao_rieng"),
    "bang-thay-bang-view": (_sql("DROP TABLE result_history",
                                 "CREATE VIEW result_history AS SELECT * FROM result"), "view.*result_history"),
    "thieu-bang": (_sql("DROP TABLE vote"), "thiếu bảng “vote”"),
    "thieu-bang-nhat-ky": (_sql("DROP TABLE audit_entry"), "không phải của chương trình"),
    "bang-la": (_sql("CREATE TABLE ghi_chu_rieng (id INTEGER PRIMARY KEY, noi_dung TEXT)"), "bảng lạ “ghi_chu_rieng”"),
    "cot-la": (_sql("ALTER TABLE unit ADD COLUMN bi_mat TEXT"), "cột lạ “bi_mat”"),
    "cot-doi-ten": (_sql("ALTER TABLE person RENAME COLUMN phone TO dien_thoai"), "thiếu cột “phone”"),
    "cot-sai-kieu": (_rewrite_schema("result", "value FLOAT", "value REAL"), "cột “value” khác kiểu"),
    "bo-not-null": (_rewrite_schema("person", "full_name VARCHAR(200) NOT NULL", "full_name VARCHAR(200)"),
                    "cột “full_name” khác kiểu hoặc ràng buộc"),
    "khoa-ngoai-doi-bang": (_rewrite_schema("person", "REFERENCES unit (id)", "REFERENCES campaign (id)"),
                            "khóa ngoại"),
    "rang-buoc-check": (_rewrite_schema("result", "value FLOAT,", "value FLOAT CHECK (value < 50),"),
                        "bảng “result”: ràng buộc khác"),
    "on-conflict-replace": (_rewrite_schema("account", "UNIQUE (username)", "UNIQUE (username) ON CONFLICT REPLACE"),
                            "bảng “account”: ràng buộc khác"),
    "collate-nocase": (_rewrite_schema("unit", "name_key VARCHAR(300) NOT NULL", "name_key VARCHAR(300) NOT NULL "
                                       "COLLATE NOCASE"), "bảng “unit”: ràng buộc khác"),
    "phien-ban-ghi-sai": (_sql("UPDATE alembic_version SET version_num = '0001'"), "cột lạ “entry_hash”"),
    "bang-phien-ban-them-cot": (_sql("ALTER TABLE alembic_version ADD COLUMN ghi_chu TEXT"), "cột lạ “ghi_chu”"),
    "mat-chi-muc": (_sql("DROP INDEX ix_audit_entry_at"), "thiếu chỉ mục “ix_audit_entry_at”"),
    "chi-muc-la": (_sql("CREATE INDEX ix_la ON unit (phone)"), "chỉ mục lạ “ix_la”"),
    "chi-muc-doi-cot": (_sql("DROP INDEX ix_audit_entry_entity",
                             "CREATE INDEX ix_audit_entry_entity ON audit_entry (actor)"),
                        "chỉ mục “ix_audit_entry_entity” khác"),
    "lien-ket-hong": (_sql("UPDATE person SET unit_id = 999999 WHERE id = (SELECT min(id) FROM person)"),
                      "liên kết hỏng"),
    "ket-qua-mo-coi": (_sql("DELETE FROM period"), "liên kết hỏng"),
    "json-hong-dong-dau": (_sql("UPDATE award_title SET multiples = '{khong phai json' "
                                "WHERE id = (SELECT min(id) FROM award_title)"), "không mở được|JSON"),
    "json-hong-dong-cuoi": (_sql("UPDATE nomination SET check_report = '[1, 2' "
                                 "WHERE id = (SELECT max(id) FROM nomination)"), "JSON"),
    "phien-ban-cu-co-trigger": (_old_version_with_trigger, "trigger.*xoa_nhat_ky"),
    "trang-hong": (_scribble, "hỏng"),
    "cat-cut": (_truncate, "hỏng|không đọc được"),
    "rong-0-byte": (_replace_bytes(b""), "không phải là bản sao lưu"),
    "zip-doi-ten": (_replace_bytes(b"PK\x03\x04" + b"\0" * 2000), "không phải là bản sao lưu"),
    "sqlite-chuong-trinh-khac": (_other_program, "không phải của chương trình"),
}


def _hostile_file(sound_backup: Path, folder: Path, name: str) -> Path:
    path = folder / f"{name}.db"
    shutil.copy(sound_backup, path)
    HOSTILE[name][0](path)
    return path


def _chain_is_whole(db) -> bool:
    from thidua_desktop.storage import audit_chain

    with db.read() as session:
        return audit_chain.verify(session.connection()).broken is None


def _state(opened) -> tuple[dict, set]:
    folder = backup.backup_folder(opened.db)
    files = {p.name for p in folder.iterdir()} if folder.is_dir() else set()
    return table_dump(opened.db), files


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_hostile_file_is_refused_before_anything_is_swapped(name, sound_backup, live, tmp_path):
    import re

    path = _hostile_file(sound_backup, tmp_path, name)
    before = _state(live)
    with pytest.raises(UserError) as refused:
        backup.restore(live.db, path)
    message = refused.value.message
    assert re.search(HOSTILE[name][1], message), message
    assert path.name in message and "Traceback" not in message
    assert any(ch in message for ch in VIETNAMESE)
    assert _state(live) == before  # every table row for row, and no copy nor temporary file left
    assert _chain_is_whole(live.db)  # and the app still reads it


def test_the_corpus_has_at_least_twenty_hostile_files():
    assert len(HOSTILE) >= 20


def test_the_sound_backup_is_restored(sound_backup, live):
    """The control: the same file unspoiled goes in, so the refusals are the spoiling's doing."""
    report = backup.restore(live.db, sound_backup)
    assert "Đã phục hồi" in report.message()
    assert table_dump(live.db)["unit"] == table_dump(sound_backup)["unit"]
    assert _chain_is_whole(live.db)


def test_an_old_version_backup_is_upgraded_and_chained_before_the_swap(sound_backup, live, tmp_path):
    """A sound file of the first schema version: opened and upgraded on a copy, then swapped in."""
    from thidua_desktop.storage.migrate import SCHEMA_HEAD, current_revision

    path = tmp_path / "phien-ban-0001.db"
    shutil.copy(sound_backup, path)
    conn = _connect(path)
    conn.execute("ALTER TABLE audit_entry DROP COLUMN entry_hash")
    for table, column in (("council_session", "posted_on"), ("council_session", "comments_until"),
                          ("nomination", "achievement_text")):  # revision 0003 (issue 17's papers)
        conn.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
    conn.execute("UPDATE alembic_version SET version_num = '0001'")
    conn.close()
    info = backup.inspect_backup(path)
    assert info.needs_upgrade and "phiên bản cũ" in info.trail
    backup.restore(live.db, path)
    assert current_revision(live.db) == SCHEMA_HEAD and _chain_is_whole(live.db)


def test_the_command_line_refuses_a_hostile_file_in_one_line(capsys, sound_backup, live, tmp_path):
    from thidua_desktop.cli import main as cli

    path = _hostile_file(sound_backup, tmp_path, "trigger-sua-ket-qua")
    db_path = live.db.path
    before = _state(live)
    live.close()
    assert cli(["--db", str(db_path), "restore", str(path), "--yes"]) == 1
    err = capsys.readouterr().err
    assert "trigger" in err and "sua_ket_qua" in err and err.count("\n") == 1
    again = open_app(db_path, actor="kiểm thử")
    try:
        assert _state(again)[0] == before[0]
    finally:
        again.close()


# --- failures after the swap: the data from before is put back -------------------------------


def _fail_once_after(monkeypatch, name: str, error: Exception) -> list[int]:
    real = getattr(backup, name)
    calls = []

    def failing(*args, **kwargs):
        calls.append(1)
        result = real(*args, **kwargs)
        if len(calls) == 1:
            raise error
        return result

    monkeypatch.setattr(backup, name, failing)
    return calls


@pytest.mark.parametrize("where, error", [
    ("_check_restored", RuntimeError("máy treo giữa chừng")),
    ("_check_restored", sqlite3.DatabaseError("database disk image is malformed")),
    ("_replace_contents", sqlite3.OperationalError("disk I/O error")),
    ("_replace_contents", OSError(28, "No space left on device")),
])
def test_a_failure_after_the_swap_puts_the_previous_data_back(where, error, monkeypatch, sound_backup, live):
    before = table_dump(live.db)
    calls = _fail_once_after(monkeypatch, where, error)
    with pytest.raises(UserError) as failed:
        backup.restore(live.db, sound_backup)
    message = failed.value.message
    assert "Phục hồi không thành công" in message and "đã được tự động đặt lại như cũ" in message
    assert calls and table_dump(live.db) == before  # row for row, the audit trail included
    [safety] = [b for b in backup.list_backups(live.db) if b.kind == "truoc-phuc-hoi"]
    assert str(safety.path) in message
    assert not list(backup.backup_folder(live.db).glob(".*"))  # no temporary file left
    add_units(live.db, 1, start=5000)  # and the app goes on working on it
    assert _chain_is_whole(live.db)


def test_when_putting_back_fails_too_the_user_is_sent_to_the_safety_copy(monkeypatch, sound_backup, live):
    real = backup._replace_contents
    calls = []

    def failing(source, target):
        calls.append(source)
        if len(calls) == 1:
            real(source, target)
            raise sqlite3.OperationalError("disk I/O error")
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(backup, "_replace_contents", failing)
    with pytest.raises(UserError) as failed:
        backup.restore(live.db, sound_backup)
    message = failed.value.message
    [safety] = [b for b in backup.list_backups(live.db) if b.kind == "truoc-phuc-hoi"]
    assert "chưa tự đặt lại được" in message and str(safety.path) in message
