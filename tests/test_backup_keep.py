"""Copies that must survive (issue 12, classes 2 and 4).

- Rotation never deletes the copy made before a restore or a migration, nor the
  newest copy of data the current database does not continue (the real data,
  after a mistaken restore of an old file).
- ``thidua backup --out FILE`` never replaces a file that is not a backup of
  this database; a backup of it is kept beside the new one unless ``--overwrite``.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3

import pytest

from thidua_desktop.errors import UserError
from thidua_desktop.services.safety import backup, restore
from thidua_desktop.services import settings
from thidua_desktop.services.app import open_app
from thidua_desktop.storage.models import Unit

from safety_helpers import add_units, count


def _kinds(db) -> list[str]:
    return [b.kind for b in backup.list_backups(db)]


def _age(path, minutes: int):
    """Rename a copy as if it had been made ``minutes`` earlier (same day)."""
    found = backup._STAMP.search(path.name).group(1)
    at = dt.datetime.strptime(found, backup._STAMP_FORMAT) - dt.timedelta(minutes=minutes)
    older = path.with_name(path.name.replace(found, at.strftime(backup._STAMP_FORMAT)))
    path.rename(older)
    return older


def test_eleven_imports_after_a_mistaken_restore_keep_the_real_data(db):
    """The reported loss: the copy made before the restore was the only one with the real data."""
    add_units(db, 2)
    old_file = backup.create_backup(db, destination=db.path.parent / "usb-cu.db")
    add_units(db, 40, start=100)  # the year's real work
    with db.transaction(reason="t") as session:
        settings.set_value(session, "backup.keep_last", 10)
    report = restore.restore(db, old_file)  # the wrong file
    assert count(db, Unit) == 2
    safety = _age(report.safety_copy, 10)  # older than the copies that follow
    for i in range(11):
        db.checkpoint(f"Nhập đơn vị từ tệp don-vi-{i}.xlsx")
        add_units(db, 1, start=1000 + i)
    assert safety.exists() and restore.inspect_backup(safety).counts["unit"] == 42
    assert _kinds(db).count("truoc-phuc-hoi") == 1


def test_the_newest_copy_of_data_this_database_does_not_continue_is_kept(db):
    add_units(db, 2)
    old_file = backup.create_backup(db, destination=db.path.parent / "usb-cu.db")
    add_units(db, 10, start=100)
    first_real = _age(backup.create_backup(db, kind="truoc-nhap", reason="Nhập"), 30)
    add_units(db, 10, start=200)
    newest_real = _age(backup.create_backup(db, kind="truoc-nhap", reason="Nhập"), 20)
    restore.restore(db, old_file)
    later = [backup.create_backup(db, kind="tu-dong") for _ in range(3)]
    removed = backup.rotate(db, keep_last=2)
    left = {b.path for b in backup.list_backups(db)}
    assert newest_real in left and first_real not in left  # the newest of the real data only
    assert first_real in removed and restore.inspect_backup(newest_real).counts["unit"] == 22
    assert len(set(later) & left) == 2  # keep_last among the copies made after the restore


def test_copies_of_the_same_data_rotate_as_before(db):
    add_units(db, 1)
    made = []
    for i in range(5):
        add_units(db, 1, start=10 + i)
        made.append(_age(backup.create_backup(db, kind="truoc-nhap"), 50 - i))
    backup.rotate(db, keep_last=2)
    left = {b.path for b in backup.list_backups(db)}
    assert left == set(made[-2:])  # each earlier copy is an ancestor of the current data


def test_the_backup_list_says_how_long_each_copy_is_kept(db, capsys):
    from thidua_desktop.cli import main as cli

    backup.create_backup(db, kind="truoc-phuc-hoi", reason="Trước khi phục hồi")
    backup.create_backup(db, kind="tu-dong")
    path = db.path
    db.dispose()
    assert cli(["--db", str(path), "backup", "--list", "--json"]) == 0
    kept = {row["kind"]: row["kept"] for row in json.loads(capsys.readouterr().out)}
    assert kept["truoc-phuc-hoi"] == backup.KEPT_FOR_GOOD_TEXT
    assert "10 bản tự động mới hơn" in kept["tu-dong"]
    assert cli(["--db", str(path), "backup", "--list"]) == 0
    out = capsys.readouterr().out
    assert "bản trước khi phục hồi và bản trước khi nâng cấp: giữ lâu dài, không bao giờ tự xóa" in out


# --- backup --out onto an existing file ------------------------------------------------------


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _other_database(path):
    other = open_app(path, actor="phường khác")
    add_units(other.db, 7)
    other.close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return path


@pytest.mark.parametrize("overwrite", [False, True])
def test_backup_out_refuses_another_database(overwrite, db, tmp_path):
    other = _other_database(tmp_path / "phuong-khac" / "du-lieu.db")
    before = _digest(other)
    with pytest.raises(UserError, match="không phải là bản sao lưu của dữ liệu này"):
        backup.create_backup(db, destination=other, overwrite=overwrite)
    assert _digest(other) == before


@pytest.mark.parametrize("content", [b"", b"PK\x03\x04 bao cao.docx", b"SQLite format 3\x00" + b"\0" * 100])
def test_backup_out_refuses_any_other_file(content, db, tmp_path):
    target = tmp_path / "bao-cao.db"
    target.write_bytes(content)
    with pytest.raises(UserError, match="không ghi đè"):
        backup.create_backup(db, destination=target, overwrite=True)
    assert target.read_bytes() == content


def test_backup_out_keeps_an_earlier_backup_of_this_database_unless_overwrite(db, tmp_path):
    add_units(db, 2)
    usb = tmp_path / "usb.db"
    first = backup.create_backup(db, destination=usb)
    before = _digest(first)
    add_units(db, 3, start=50)
    second = backup.create_backup(db, destination=usb)
    assert second == tmp_path / "usb-2.db" and _digest(usb) == before
    assert restore.inspect_backup(second).counts["unit"] == 5
    third = backup.create_backup(db, destination=usb, overwrite=True)
    assert third == usb and restore.inspect_backup(usb).counts["unit"] == 5


def test_thidua_backup_out_on_the_command_line(db_path, tmp_path, capsys):
    from thidua_desktop.cli import main as cli

    opened = open_app(db_path, actor="t")
    add_units(opened.db, 2)
    opened.close()
    other = _other_database(tmp_path / "khac" / "phuong-khac.db")
    before = _digest(other)
    assert cli(["--db", str(db_path), "backup", "--out", str(other)]) == 1
    assert "không ghi đè" in capsys.readouterr().err and _digest(other) == before
    usb = tmp_path / "usb.db"
    assert cli(["--db", str(db_path), "backup", "--out", str(usb)]) == 0
    capsys.readouterr()
    assert cli(["--db", str(db_path), "backup", "--out", str(usb)]) == 0
    out = capsys.readouterr().out
    assert "đã có" in out and "--overwrite" in out and str(tmp_path / "usb-2.db") in out
    assert cli(["--db", str(db_path), "backup", "--out", str(usb), "--overwrite"]) == 0
    assert f"Đã sao lưu vào: {usb}" in capsys.readouterr().out
