"""``thidua scorecards``: block scorecards and điểm thưởng / điểm trừ from the command
line, on a real SQLite file; ``thidua rank`` reads what they saved."""
from __future__ import annotations

import json
import sqlite3

import pytest

from awards_helpers import make_ward
from thidua_desktop.cli import main
from thidua_desktop.services.app import open_app

TABLES = ("scorecard", "criterion", "score_adjustment", "audit_entry")
BLOCK = "khoi to dan pho"


def run(capsys, path, *args):
    code = main(["--db", str(path), *args])
    out, err = capsys.readouterr()
    return code, out, err


def rows(path, sql: str, *params) -> list[tuple]:
    with sqlite3.connect(path) as con:
        return con.execute(sql, params).fetchall()


def snapshot(path) -> dict[str, list[tuple]]:
    return {t: rows(path, f"SELECT * FROM {t} ORDER BY 1") for t in TABLES}


@pytest.fixture
def path(db_path):
    opened = open_app(db_path)
    try:
        make_ward(opened.db)
    finally:
        opened.close()
    return db_path


def card(capsys, path) -> dict:
    code, out, err = run(capsys, path, "scorecards", "list", "--block", BLOCK, "--json")
    assert code == 0, err
    (data,) = json.loads(out)
    return data


def test_list_shows_the_default_scorecard(capsys, path):
    data = card(capsys, path)
    assert (data["block"], data["saved"], data["default_points"], data["scale"]) == (
        "Khối tổ dân phố", False, True, 100)
    assert [(c["code"], c["max_points"], c["role"]) for c in data["criteria"]] == [
        ("1", 34, "score"), ("2", 33, "score"), ("3", 33, "score")]
    assert [b["name"] for b in data["bands"]] == ["Xuất sắc", "Tốt", "Khá"]
    code, out, _ = run(capsys, path, "scorecards", "list")
    assert code == 0 and "Khối tổ dân phố — thang 100 điểm" in out and "Khối trường học" in out


def test_set_changes_the_card_as_the_editor_does(capsys, path):
    code, out, err = run(capsys, path, "scorecards", "set", BLOCK, "--points", "1=50", "--points", "2=30",
                         "--points", "3=20", "--rule", "1=full", "--add", "bonus", "T1", "Mô hình hay", "3",
                         "--param", "T1.expected=không", "--bonus-cap", "5", "--tiebreak", "base,reported_on",
                         "--note", "Theo hướng dẫn của phường")
    assert code == 0, err
    code, out, err = run(capsys, path, "scorecards", "set", BLOCK, "--scale", "1000")  # every figure ×10
    assert code == 0, err
    data = card(capsys, path)
    assert data["saved"] and data["scale"] == 1000 and data["bonus_cap"] == 50
    assert [(c["code"], c["max_points"], c["role"], c["rule"]) for c in data["criteria"]] == [
        ("1", 500, "score", "full"), ("2", 300, "score", "proportional"), ("3", 200, "score", "yesno"),
        ("T1", 30, "bonus", "yesno")]
    assert data["criteria"][3]["params"] == {"expected": False}
    assert [b["min"] for b in data["bands"]] == [900, 700, 500]
    assert data["tiebreak"] == ["base", "reported_on"] and data["note"] == "Theo hướng dẫn của phường"
    code, out, _ = run(capsys, path, "rank", "--block", BLOCK, "--json")
    assert json.loads(out)["blocks"][0]["scale"] == 1000
    assert rows(path, "SELECT reason FROM audit_entry WHERE entity = 'scorecard' ORDER BY id DESC LIMIT 1") == [
        (f"Sửa bảng chấm điểm {BLOCK} (dòng lệnh)",)]

    code, _, err = run(capsys, path, "scorecards", "set", BLOCK, "--remove", "T1", "--bands", "Đạt:500")
    assert code == 0, err
    data = card(capsys, path)
    assert [c["code"] for c in data["criteria"]] == ["1", "2", "3"] and data["bands"] == [{"name": "Đạt",
                                                                                          "min": 500}]


def test_adjust_list_and_unadjust_with_reasons(capsys, path):
    code, out, err = run(capsys, path, "scorecards", "adjust", "to dan pho so 2", "--deduct", "1,5",
                         "--reason", "Nộp báo cáo sai mẫu")
    assert code == 0, err
    assert "Tổ dân phố số 2 điểm trừ 1,5 — Nộp báo cáo sai mẫu" in out
    assert run(capsys, path, "scorecards", "adjust", "Tổ dân phố số 3", "--bonus", "2",
               "--reason", "Giải nhất hội thi văn nghệ")[0] == 0
    code, out, _ = run(capsys, path, "scorecards", "adjustments", "--json")
    data = json.loads(out)
    assert [(a["unit"], a["points"]) for a in data] == [("Tổ dân phố số 2", -1.5), ("Tổ dân phố số 3", 2)]
    code, out, _ = run(capsys, path, "rank", "--block", BLOCK, "--json", "--explain")
    tdp2 = next(u for u in json.loads(out)["blocks"][0]["units"] if u["unit"] == "Tổ dân phố số 2")
    assert tdp2["deductions"] == 1.5 and any("Nộp báo cáo sai mẫu" in line for line in tdp2["explanation"])

    code, out, err = run(capsys, path, "scorecards", "unadjust", str(data[0]["id"]), "--reason", "Nhập nhầm đơn vị")
    assert code == 0, err
    code, out, _ = run(capsys, path, "scorecards", "adjustments", "--unit", "to dan pho so 2", "--json")
    assert json.loads(out) == []
    assert rows(path, "SELECT action, reason FROM audit_entry WHERE entity = 'score_adjustment' "
                      "ORDER BY id DESC LIMIT 1") == [("delete", "Nhập nhầm đơn vị")]


WRITES = [
    ("scorecards", "set", BLOCK, "--scale", "1000", "--add", "penalty", "TR1", "Báo cáo trễ", "2"),
    ("scorecards", "adjust", "Tổ dân phố số 1", "--bonus", "1", "--reason", "Thử chạy"),
    ("scorecards", "unadjust", "1", "--reason", "Thử bỏ"),
]


@pytest.mark.parametrize("args", WRITES, ids=lambda a: a[1])
def test_dry_run_checks_but_writes_nothing(capsys, path, args):
    assert run(capsys, path, "scorecards", "adjust", "Tổ dân phố số 1", "--bonus", "1", "--reason", "Có sẵn")[0] == 0
    before = snapshot(path)
    code, out, err = run(capsys, path, *args, "--dry-run")
    assert code == 0, err
    assert "Chạy thử (--dry-run)" in out
    assert snapshot(path) == before


BAD = [
    (("scorecards", "set", "khối không có", "--scale", "100"), "Không có khối thi đua “khối không có”"),
    (("scorecards", "set", BLOCK, "--points", "9=10"), "Khối tổ dân phố không có tiêu chí mã “9”"),
    (("scorecards", "set", BLOCK, "--points", "1=mười"), "Điểm tối đa của tiêu chí 1 phải là số"),
    (("scorecards", "set", BLOCK, "--points", "1=-5"), "Tiêu chí 1: điểm không được âm"),
    (("scorecards", "set", BLOCK, "--rule", "1=la"), "Tiêu chí 1: cách chấm “la” không có"),
    (("scorecards", "set", BLOCK, "--param", "1.zz=1"), "không có tham số “zz”"),
    (("scorecards", "set", BLOCK, "--param", "zz=1"), "ghi dạng MÃ.THAM_SỐ=GIÁ_TRỊ"),
    (("scorecards", "set", BLOCK, "--bands", "Tốt=70"), "ghi dạng TÊN:ĐIỂM_TỪ"),
    (("scorecards", "set", BLOCK, "--tiebreak", "may_man"), "không có tiêu chí phụ “may_man”"),
    (("scorecards", "set", BLOCK, "--add", "score", "9", "Mới", "5"), "tiêu chí chấm điểm mới thêm ở danh mục"),
    (("scorecards", "set", BLOCK, "--add", "thuong", "T9", "Mới", "5"), "Vai trò “thuong” không có"),
    (("scorecards", "set", BLOCK, "--remove", "1"), "Tiêu chí 1 thuộc danh mục tiêu chí của khối"),
    (("scorecards", "adjust", "Không có", "--bonus", "1", "--reason", "Lý do đủ dài"), "Không có đơn vị"),
    (("scorecards", "adjust", "Tổ dân phố số 1", "--bonus", "-1", "--reason", "Lý do"), "Ghi số điểm dương"),
    (("scorecards", "adjust", "Tổ dân phố số 1", "--bonus", "0", "--reason", "Lý do"), "Số điểm phải khác 0"),
    (("scorecards", "adjust", "Tổ dân phố số 1", "--deduct", "1", "--reason", " "), "phải ghi lý do"),
    (("scorecards", "unadjust", "99", "--reason", "Bỏ"), "Không có điểm thưởng, điểm trừ số 99"),
]


@pytest.mark.parametrize("args, told", BAD, ids=lambda v: " ".join(v[1:4]) if isinstance(v, tuple) else "")
def test_bad_input_exits_1_with_one_line_and_changes_nothing(capsys, path, args, told):
    before = snapshot(path)
    code, out, err = run(capsys, path, *args)
    assert code == 1 and told in err, err
    assert err.startswith("thidua: ") and err.count("\n") == 1
    assert snapshot(path) == before
