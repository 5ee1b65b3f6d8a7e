"""Several clerks on one database (issue 18, item 5): the later of two saves of the same
result, nomination, vote or decision is refused, naming who changed what and when.

On SQLite the two clerks are two sessions of one program (the one-instance lock keeps a
second program out); on PostgreSQL (``THIDUA_TEST_PG_URL``, started by ``.ci/run``) the
other clerk is another process."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from thidua_desktop.errors import ConcurrentChange
from thidua_desktop.services.app import open_app
from thidua_desktop.services.demo import build_demo
from thidua_desktop.storage import concurrency
from thidua_desktop.storage.models import Decision, Nomination, Result, Vote

SERVER = os.environ.get("THIDUA_TEST_PG_URL")
ROOT = Path(__file__).resolve().parents[1]

# What each clerk changes: (model, attribute, A's value, B's value)
CASES = {
    "result": (Result, "note", "Theo báo cáo của tổ", "Theo biên bản kiểm tra"),
    "nomination": (Nomination, "summary", "Thành tích của A", "Thành tích của B"),
    "vote": (Vote, "agree", 5, 6),
    "decision": (Decision, "note", "Ghi chú của A", "Ghi chú của B"),
}

SAVE_AS_B = """
import sys
from thidua_desktop.services.app import open_app
from thidua_desktop.storage.models import {model}
opened = open_app(sys.argv[1], actor="văn thư B")
with opened.db.transaction(reason="Sửa của văn thư B") as s:
    row = s.get({model}, int(sys.argv[2]))
    row.{attr} = {value!r}
opened.close()
"""


def _demo(url_or_path):
    opened = open_app(url_or_path, actor="kiểm thử", create=True)
    with opened.db.transaction() as s:
        build_demo(s)
    return opened


def _first_id(db, model) -> int:
    with db.read() as s:
        return s.scalar(select(model.id).order_by(model.id).limit(1))


def _save_as_b_in_process(db, model, row_id, attr, value):
    with db.transaction(actor="văn thư B", reason="Sửa của văn thư B") as s:
        setattr(s.get(model, row_id), attr, value)


def _save_as_b_in_another_process(url, model, row_id, attr, value):
    code = SAVE_AS_B.format(model=model.__name__, attr=attr, value=value)
    done = subprocess.run([sys.executable, "-c", code, url, str(row_id)], cwd=ROOT, capture_output=True,
                          text=True, env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=120)
    assert done.returncode == 0, done.stderr


def _race(db, model, attr, mine, theirs, save_as_b):
    """A reads the row, B saves it, then A saves: A is refused, B's value stays."""
    row_id = _first_id(db, model)
    with db.read() as s:  # what A's screen shows
        shown = s.get(model, row_id).version
    save_as_b(model, row_id, attr, theirs)
    with pytest.raises(ConcurrentChange) as refused:
        with db.transaction(actor="văn thư A", reason="Sửa của văn thư A") as s:
            row = s.get(model, row_id)
            concurrency.expect(row, shown)
            setattr(row, attr, mine)
    with db.read() as s:
        assert getattr(s.get(model, row_id), attr) == theirs
    return refused.value.message


@pytest.mark.parametrize("case", CASES)
def test_the_later_save_is_refused_naming_who_changed_what_and_when(case, tmp_path):
    model, attr, mine, theirs = CASES[case]
    opened = _demo(tmp_path / "phường.db")
    try:
        message = _race(opened.db, model, attr, mine, theirs,
                        lambda *a: _save_as_b_in_process(opened.db, *a))
    finally:
        opened.close()
    assert "vừa được văn thư B sửa lúc" in message and str(theirs) in message
    assert "chưa được lưu để không ghi đè" in message


def test_a_save_from_a_fresh_read_goes_through_and_raises_the_version(tmp_path):
    opened = _demo(tmp_path / "phường.db")
    try:
        row_id = _first_id(opened.db, Nomination)
        for summary in ("Lần một", "Lần hai"):
            with opened.db.read() as s:
                shown = s.get(Nomination, row_id).version
            with opened.db.transaction(reason="Sửa tóm tắt") as s:
                row = s.get(Nomination, row_id)
                concurrency.expect(row, shown)
                row.summary = summary
        with opened.db.read() as s:
            row = s.get(Nomination, row_id)
            assert (row.summary, row.version) == ("Lần hai", shown + 1)
    finally:
        opened.close()


def test_two_clerks_in_two_processes_on_postgresql(pg_url):
    opened = _demo(pg_url)
    try:
        for case, (model, attr, mine, theirs) in CASES.items():
            message = _race(opened.db, model, attr, mine, theirs,
                            lambda *a: _save_as_b_in_another_process(pg_url, *a))
            assert "vừa được văn thư B sửa lúc" in message, (case, message)
    finally:
        opened.close()
