"""``thidua backup`` on a SQLite file goes through plain ``sqlite3`` (issue 15, goal 7):
the same copy, audit entry and chain as the app's way, without importing SQLAlchemy."""
from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

from thidua_desktop.cli import main
from thidua_desktop.cli.context import cli_actor
from thidua_desktop.services.app import open_app
from thidua_desktop.services.safety import backup, plain_backup
from thidua_desktop.storage import audit_chain

ROOT = Path(__file__).resolve().parent.parent
REASON = "Sao lưu bằng dòng lệnh"


def _app_way(path: Path, **options) -> Path:
    """The copy as ``thidua backup`` made it before the plain path: the app opened, then ``create_backup``."""
    opened = open_app(path, lock=False, actor=cli_actor(), create=False)
    try:
        return backup.create_backup(opened.db, kind=backup.MANUAL, reason=REASON, **options)
    finally:
        opened.close()


def _twins(demo_copy: Path, tmp_path: Path) -> tuple[Path, Path]:
    twin = tmp_path / "ổ khác" / demo_copy.name
    twin.parent.mkdir()
    shutil.copy(demo_copy, twin)
    return demo_copy, twin


def _read(path: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def _contents(path: Path) -> dict:
    """Schema, every table's rows but the audit trail's last entry, and that entry without its file names."""
    tables = [name for (name,) in _read(path, "SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
    rows = {t: _read(path, f'SELECT * FROM "{t}" ORDER BY rowid') for t in tables}
    *trail, last = rows.pop("audit_entry")
    _id, at, actor, action, entity, entity_id, label, changes, reason, _hash = last
    note = json.loads(changes)
    return {"schema": _read(path, "SELECT type, name, sql FROM sqlite_master ORDER BY name"), "rows": rows,
            "trail": trail, "last": (actor, action, entity, entity_id, label.startswith("Bản sao lưu "), reason),
            "note": {**note, "file": None, "source": Path(note["source"]).name}}


def _chain_ok(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        verdict = audit_chain.verify(conn)
    finally:
        conn.close()
    assert verdict.broken is None, verdict.broken
    return verdict.entries


def test_the_plain_copy_is_the_copy_the_app_makes(demo_copy, tmp_path, capsys):
    plain_live, app_live = _twins(demo_copy, tmp_path)
    assert plain_backup.source_for(plain_live, cli_actor()) is not None  # this file takes the plain path
    assert main(["--db", str(plain_live), "backup"]) == 0
    (plain,) = (plain_live.parent / "backups").iterdir()
    made_by_app = _app_way(app_live)
    assert plain.name.endswith("-thu-cong.db") and made_by_app.name.endswith("-thu-cong.db")
    assert _contents(plain) == _contents(made_by_app)
    assert _read(plain, "PRAGMA journal_mode") == [("delete",)]
    assert _chain_ok(plain) == _chain_ok(made_by_app) == _read(plain, "SELECT count(*) FROM audit_entry")[0][0]
    capsys.readouterr()
    assert main(["--db", str(plain), "check"]) == 0, capsys.readouterr()


def test_a_copy_written_elsewhere_is_noted_in_the_live_trail_as_the_app_notes_it(demo_copy, tmp_path):
    plain_live, app_live = _twins(demo_copy, tmp_path)
    assert main(["--db", str(plain_live), "backup", "--out", str(tmp_path / "usb" / "a")]) == 0
    _app_way(app_live, destination=tmp_path / "usb2" / "a.db")
    assert (tmp_path / "usb" / "a.db").exists()

    def noted(live: Path) -> tuple:
        (_id, _at, actor, action, entity, entity_id, label, changes, reason, _hash), = _read(
            live, "SELECT * FROM audit_entry ORDER BY id DESC LIMIT 1")
        note = json.loads(changes)
        return actor, action, entity, entity_id, label.startswith("Sao lưu ra tệp "), reason, note["kind"], \
            note["chain_head"], sorted(note)

    assert noted(plain_live) == noted(app_live)
    assert _chain_ok(plain_live) == _chain_ok(app_live)


def test_thidua_backup_on_a_sqlite_file_does_not_import_sqlalchemy(demo_copy):
    # nor every settings declaration (45 ms CPU) for the default of backup.keep_last
    code = ("import sys\nfrom thidua_desktop.cli import main\ncode = main(sys.argv[1:])\n"
            "print('sqlalchemy' in sys.modules or 'thidua_desktop.domain.settings' in sys.modules, code)\n")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    for command in (["backup", "--json"], ["backup", "--list"]):
        done = subprocess.run([sys.executable, "-c", code, "--db", str(demo_copy), *command],
                              capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
        assert done.returncode == 0, done.stderr
        assert done.stdout.splitlines()[-1] == "False 0", (command, done.stdout[-500:], done.stderr)
    assert len(list((demo_copy.parent / "backups").iterdir())) == 1


def test_a_url_goes_the_apps_way_and_is_copied_all_the_same(demo_copy, capsys):
    url = f"sqlite:///{demo_copy}"
    assert plain_backup.source_for(url, cli_actor()) is None
    assert main(["--db", url, "backup"]) == 0, capsys.readouterr()
    (copy,) = (demo_copy.parent / "backups").iterdir()
    _chain_ok(copy)


def test_a_file_the_app_must_upgrade_goes_the_apps_way(demo_copy):
    conn = sqlite3.connect(demo_copy)
    conn.execute("UPDATE alembic_version SET version_num = '0007_older'")
    conn.commit()
    conn.close()
    assert plain_backup.source_for(demo_copy, cli_actor()) is None
