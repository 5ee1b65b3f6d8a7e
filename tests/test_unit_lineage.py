"""``thidua units lineage``: a unit's predecessors (issue 18, item 6)."""
from __future__ import annotations

import json

import pytest

from thidua_desktop.cli import main



@pytest.fixture
def db(demo_copy):
    return demo_copy


def run(capsys, db, *args):
    code = main(["--db", str(db), *args])
    out, err = capsys.readouterr()
    return code, out, err


def _listed(capsys, db):
    return json.loads(run(capsys, db, "units", "lineage", "list", "--json")[1])


def test_a_predecessor_is_linked_when_the_registry_has_it_and_kept_by_name_when_not(capsys, db):
    code, out, err = run(capsys, db, "units", "lineage", "add", "to dan pho so 4", "--from", "Tổ dân phố số 3",
                         "--kind", "doi-ten", "--date", "01/07/2025", "--note", "Nghị quyết sắp xếp")
    assert code == 0 and "Tổ dân phố số 4: đổi tên từ Tổ dân phố số 3 (từ 01/07/2025)" in out, err
    code, out, err = run(capsys, db, "units", "lineage", "add", "to dan pho so 4", "--from", "Khu dân cư Lạch Tray",
                         "--kind", "merged")
    assert code == 0, err
    rows = _listed(capsys, db)
    assert [(r["predecessor"], r["predecessor_id"] is not None, r["kind"]) for r in rows] == [
        ("Khu dân cư Lạch Tray", False, "merged"), ("Tổ dân phố số 3", True, "renamed")]


def test_bad_lineage_is_refused_with_the_reason_and_nothing_written(capsys, db):
    assert run(capsys, db, "units", "lineage", "add", "to dan pho so 4", "--from", "Tổ dân phố số 3")[0] == 0
    for args, reason in (
            (("to dan pho so 4", "--from", "Tổ dân phố số 4"), "tiền thân của chính mình"),
            (("to dan pho so 3", "--from", "Tổ dân phố số 4"), "đã là đơn vị kế tục"),
            (("to dan pho so 4", "--from", "tổ dân phố số 3"), "Đã ghi Tổ dân phố số 3"),
            (("to dan pho so 4", "--from", "X", "--kind", "gop"), "Cách hình thành “gop” không có"),
            (("to dan pho so 4", "--from", "X", "--date", "31/02/2025"), "Ngày có hiệu lực")):
        code, _, err = run(capsys, db, "units", "lineage", "add", *args)
        assert code == 1 and reason in err and err.count("\n") == 1, (args, err)
    assert len(_listed(capsys, db)) == 1


def test_dry_run_writes_nothing_and_remove_takes_the_listed_number(capsys, db):
    code, out, _ = run(capsys, db, "units", "lineage", "add", "to dan pho so 4", "--from", "Tổ 3 cũ", "--dry-run")
    assert code == 0 and "Sẽ ghi" in out and _listed(capsys, db) == []
    run(capsys, db, "units", "lineage", "add", "to dan pho so 4", "--from", "Tổ 3 cũ")
    number = _listed(capsys, db)[0]["id"]
    assert run(capsys, db, "units", "lineage", "remove", str(number), "--dry-run")[0] == 0
    assert len(_listed(capsys, db)) == 1
    code, out, _ = run(capsys, db, "units", "lineage", "remove", str(number))
    assert code == 0 and "Đã bỏ" in out and _listed(capsys, db) == []
    code, _, err = run(capsys, db, "units", "lineage", "remove", "999")
    assert code == 1 and "Không có dòng tiền thân số 999" in err
