"""``thidua council sessions|members`` and ``thidua decisions`` (issue 14): the window's council
and decision actions as verbs, with --json, --dry-run and one-line Vietnamese refusals."""
from __future__ import annotations

import json

import pytest

from awards_helpers import full_year, make_ward
from thidua_desktop.cli import main
from thidua_desktop.services import plan
from thidua_desktop.services.app import open_app
from thidua_desktop.services.awards import nominations as nm


def run(capsys, db_path, *args):
    code = main(["--db", str(db_path), *map(str, args)])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def proposed(db_path):
    """The small ward with LĐTT nominations, no council session yet."""
    opened = open_app(db_path)
    try:
        ids = make_ward(opened.db)
        with opened.db.transaction() as s:
            c = plan.current_campaign(s)
            for name in ("Nguyễn Thị Hoa", "Trần Văn Nam", "Lê Thị Thu"):
                nm.create(s, c, nm.NominationInput("person", "LDTT", person_id=ids[name], summary="Hoàn thành tốt"))
    finally:
        opened.close()
    return db_path


@pytest.fixture
def year_path(db_path):
    opened = open_app(db_path)
    try:
        full_year(opened.db)
    finally:
        opened.close()
    return db_path


def _sessions(capsys, db):
    code, out, err = run(capsys, db, "council", "sessions", "list", "--json")
    assert code == 0, err
    return json.loads(out)


def test_sessions_add_edit_members_and_dry_run(capsys, proposed):
    members = ["--member", "Nguyễn Văn Chủ;Chủ tịch Hội đồng", "--member", "Lê Thị Phó;Phó Chủ tịch;có mặt",
               "--member", "Trần Văn Vắng;Ủy viên;vắng"]
    code, out, err = run(capsys, proposed, "council", "sessions", "add", "--number", "01/BB-HĐTĐKT",
                         "--held", "18/12/2026 08:00", "--place", "Hội trường UBND phường", *members, "--dry-run")
    assert code == 0 and "chạy thử" in out, err
    assert _sessions(capsys, proposed) == []
    code, out, err = run(capsys, proposed, "council", "sessions", "add", "--number", "01/BB-HĐTĐKT",
                         "--held", "18/12/2026 8h30", "--chair", "Nguyễn Văn Chủ", *members)
    assert code == 0, err
    [s] = _sessions(capsys, proposed)
    assert (s["members"], s["present"], s["absent"], s["chair_name"]) == (3, 2, 1, "Nguyễn Văn Chủ")
    assert "18/12/2026" in s["label"]
    assert run(capsys, proposed, "council", "members", "add", s["id"], "Phạm Thị Bốn",
               "--attendance", "văn bản")[0] == 0
    assert run(capsys, proposed, "council", "members", "attendance", s["id"], "tran van vang", "có mặt")[0] == 0
    assert run(capsys, proposed, "council", "members", "remove", s["id"], "Lê Thị Phó", "--dry-run")[0] == 0
    code, out, _ = run(capsys, proposed, "council", "members", "list", s["id"], "--json")
    got = [(m["full_name"], m["attendance"]) for m in json.loads(out)]
    assert got == [("Nguyễn Văn Chủ", "present"), ("Lê Thị Phó", "present"), ("Trần Văn Vắng", "present"),
                   ("Phạm Thị Bốn", "written")]
    code, out, err = run(capsys, proposed, "council", "sessions", "edit", s["id"], "--place", "Phòng họp số 2")
    assert code == 0, err
    assert _sessions(capsys, proposed)[0]["place"] == "Phòng họp số 2"
    code, out, _ = run(capsys, proposed, "council", "sessions", "list")
    assert "Phòng họp số 2" in out and "01/BB-HĐTĐKT" in out
    assert run(capsys, proposed, "council", "sessions", "remove", s["id"])[0] == 0
    assert _sessions(capsys, proposed) == []


@pytest.mark.parametrize("args, message", [
    (["council", "sessions", "add", "--member", "An;Ủy viên;đi chơi"], "Tình trạng dự họp “đi chơi” không hiểu"),
    (["council", "sessions", "add", "--held", "32/12/2026"], "không phải ngày giờ"),
    (["council", "sessions", "add", "--held", "18/12/2026 25:00"], "giờ “25:00” không hợp lệ"),
    (["council", "sessions", "add"], "Hội đồng phải có ít nhất một thành viên."),
    (["council", "sessions", "edit", "99"], "Phiên họp Hội đồng không còn."),
    (["council", "members", "remove", "99", "An"], "Phiên họp Hội đồng không còn."),
    (["decisions", "record", "--number", "5/QĐ-UBND", "--date", "hôm qua", "--title", "LDTT"], "không phải ngày"),
    (["decisions", "record", "--number", "5/QĐ-UBND", "--date", "22/12/2026", "--title", "XYZ"],
     "Không có danh hiệu, hình thức “XYZ”"),
    (["decisions", "record", "--number", "5/QĐ-UBND", "--date", "22/12/2026", "--title", "LDTT"],
     "Chưa có ai đủ điều kiện và đạt phiếu"),
    (["decisions", "reopen", "99", "--reason", "Sửa danh sách"], "Quyết định không còn."),
])
def test_bad_input_is_refused_on_one_line_and_writes_nothing(capsys, proposed, args, message):
    code, out, err = run(capsys, proposed, *args)
    assert code == 1 and message in err, err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert _sessions(capsys, proposed) == []


def test_decisions_list_reopen_relock_and_record(capsys, year_path):
    code, out, err = run(capsys, year_path, "decisions", "list", "--json")
    assert code == 0, err
    [d] = json.loads(out)
    assert d["number"] == "125/QĐ-UBND" and d["frozen"] and d["awardees"] > 0
    code, _, err = run(capsys, year_path, "decisions", "reopen", d["id"], "--reason", "ok")
    assert code == 1 and "phải ghi rõ lý do" in err
    code, out, err = run(capsys, year_path, "decisions", "reopen", d["id"], "--reason", "Sai năm sinh", "--dry-run")
    assert code == 0 and "chạy thử" in out, err
    assert json.loads(run(capsys, year_path, "decisions", "list", "--json")[1])[0]["frozen"] is True
    code, out, err = run(capsys, year_path, "decisions", "reopen", d["id"], "--reason", "Sai năm sinh của một người")
    assert code == 0 and "Đã mở khóa" in out, err
    [again] = json.loads(run(capsys, year_path, "decisions", "list", "--json")[1])
    assert again["frozen"] is False and again["reopen_log"][0]["reason"] == "Sai năm sinh của một người"
    code, out, err = run(capsys, year_path, "decisions", "relock", d["id"], "--number", "126/QĐ-UBND")
    assert code == 0 and "126/QĐ-UBND" in out, err
    code, out, _ = run(capsys, year_path, "decisions", "list")
    assert "126/QĐ-UBND" in out and "đã khóa" in out
    # everyone passed is in the decision already: a second one has nobody to record
    code, _, err = run(capsys, year_path, "decisions", "record", "--number", "127/QĐ-UBND", "--date", "23/12/2026",
                       "--title", "GK")
    assert code == 1 and "Chưa có ai đủ điều kiện và đạt phiếu" in err
