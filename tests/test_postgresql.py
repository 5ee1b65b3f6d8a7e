"""The same app on PostgreSQL: a ward that outgrows one PC points ``--db`` at a server.

Runs when ``THIDUA_TEST_PG_URL`` names a PostgreSQL server where the test may
create databases (``.ci/run`` starts one); each test gets a fresh database (the ``pg_url``
fixture of ``conftest.py``).
"""
from __future__ import annotations

import json
import os

import pytest

from thidua_desktop.cli import main as cli

SERVER = os.environ.get("THIDUA_TEST_PG_URL")
pytestmark = pytest.mark.skipif(not SERVER, reason="THIDUA_TEST_PG_URL is not set (no PostgreSQL server)")


def run(capsys, *args):
    code = cli(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_the_whole_year_runs_on_postgresql(capsys, pg_url, tmp_path):
    code, out, err = run(capsys, "--db", pg_url, "init", "--demo")
    assert code == 0, err
    code, out, err = run(capsys, "--db", pg_url, "targets", "list", "--json")
    assert code == 0 and len(json.loads(out)) == 14
    code, out, err = run(capsys, "--db", pg_url, "check")
    assert code == 0, out + err
    code, out, err = run(capsys, "--db", pg_url, "targets", "evaluate", "--json")
    assert code == 0, err
    code, out, err = run(capsys, "--db", pg_url, "rank", "--json")
    assert code == 0, err
    code, out, err = run(capsys, "--db", pg_url, "nominations", "list", "--json")
    assert code == 0 and len(json.loads(out)) > 0
    report = tmp_path / "báo cáo.docx"
    code, out, err = run(capsys, "--db", pg_url, "report", "year-end", "--out", str(report))
    assert code == 0 and report.stat().st_size > 10_000, err
    code, out, err = run(capsys, "--db", pg_url, "audit", "--search", "du lieu mau", "--limit", "5")
    assert code == 0, err


def test_units_and_people_round_trip_between_sqlite_and_postgresql(capsys, pg_url, tmp_path):
    sqlite = tmp_path / "nguồn.db"
    assert run(capsys, "--db", str(sqlite), "init", "--demo")[0] == 0
    units, people = tmp_path / "don vi.xlsx", tmp_path / "ca nhan.xlsx"
    assert run(capsys, "--db", str(sqlite), "units", "export", str(units))[0] == 0
    assert run(capsys, "--db", str(sqlite), "people", "export", str(people))[0] == 0
    assert run(capsys, "--db", pg_url, "units", "import", str(units))[0] == 0
    code, out, err = run(capsys, "--db", pg_url, "people", "import", str(people))
    assert code == 0, err
    listed = {}
    for db in (str(sqlite), pg_url):
        code, out, _ = run(capsys, "--db", db, "people", "list", "--json")
        listed[db] = sorted((p["full_name"], p["unit"]) for p in json.loads(out))
    assert listed[str(sqlite)] == listed[pg_url]


def test_the_window_opens_every_area_on_postgresql(qtbot, pg_url, tmp_path):
    from thidua_desktop.gui.app import main as gui_main

    shot = tmp_path / "pg.png"
    assert gui_main(["--db", pg_url, "--smoke-test", str(shot)]) == 0
    assert shot.stat().st_size > 10_000
