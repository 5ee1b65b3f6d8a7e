"""``thidua awards``: titles, quotas, eligibility rules, prize money and the base-salary
history from the command line, on a real SQLite file."""
from __future__ import annotations

import json
import sqlite3

import pytest

from thidua_desktop.cli import main
from thidua_desktop.services.app import open_app

TABLES = ("award_title", "setting", "audit_entry")


def run(capsys, path, *args):
    code = main(["--db", str(path), *args])
    out, err = capsys.readouterr()
    return code, out, err


def rows(path, sql: str, *params) -> list[tuple]:
    with sqlite3.connect(path) as con:
        return con.execute(sql, params).fetchall()


def snapshot(path) -> dict[str, list[tuple]]:
    """Every row of the tables these verbs write, to show that nothing changed."""
    return {t: rows(path, f"SELECT * FROM {t} ORDER BY 1") for t in TABLES}


@pytest.fixture
def path(db_path):
    open_app(db_path).close()  # the shipped catalogue, installed at first start
    return db_path


def test_titles_list_as_json_and_quota_set_is_audited(capsys, path):
    code, out, err = run(capsys, path, "awards", "titles", "list", "--json")
    assert code == 0, err
    titles = {t["code"]: t for t in json.loads(out)}
    assert list(titles)[:3] == ["GK", "LDTT", "CSTDCS"] and titles["GK"]["quota"] is None
    assert titles["CSTDCS"]["vote"] == "từ 80% tổng số thành viên (bỏ phiếu kín)"

    code, out, err = run(capsys, path, "awards", "quota", "set", "gk", "30")
    assert code == 0, err
    assert "GK — Giấy khen: tối đa 30." in out
    code, out, _ = run(capsys, path, "awards", "titles", "list", "--json")
    assert next(t for t in json.loads(out) if t["code"] == "GK")["quota"] == 30
    reason, actor = rows(path, "SELECT reason, actor FROM audit_entry WHERE entity = 'award_title' "
                               "ORDER BY id DESC LIMIT 1")[0]
    assert reason == "Số lượng tối đa GK" and actor.startswith("dòng lệnh")

    assert run(capsys, path, "awards", "quota", "clear", "GK")[0] == 0
    assert rows(path, "SELECT quota FROM award_title WHERE code = 'GK'") == [(None,)]


def test_titles_are_added_and_changed(capsys, path):
    code, out, err = run(capsys, path, "awards", "titles", "add", "GKCD", "--name", "Giấy khen chuyên đề",
                         "--subject", "person", "--multiple", "person=0,3", "--threshold", "50",
                         "--threshold-op", "gt")
    assert code == 0, err
    code, out, err = run(capsys, path, "awards", "titles", "set", "GKCD", "--no-active", "--ballot",
                         "--note", "Chuyển đổi số")
    assert code == 0, err
    assert "cá nhân 0,3; trên 50% tổng số thành viên (bỏ phiếu kín)" in out and "ẩn" in out
    assert rows(path, "SELECT subject, active, needs_ballot, note FROM award_title WHERE code = 'GKCD'") == [
        ("person", 0, 1, "Chuyển đổi số")]


def test_rules_are_listed_and_changed_by_their_parts(capsys, path):
    code, out, err = run(capsys, path, "awards", "rules", "list", "--json")
    assert code == 0, err
    rules = {r["key"]: r for r in json.loads(out)}
    assert rules["min_rating"]["mode"] == "block" and rules["min_rating"]["params"] == {"min": "HTTNV"}

    code, out, err = run(capsys, path, "awards", "rules", "set", "min_rating", "--mode", "warn",
                         "--titles", "ldtt", "--param", "min=HTNV")
    assert code == 0, err
    code, out, err = run(capsys, path, "awards", "rules", "set", "subject",
                         "--param", "unit_kinds=TDPVH: to_dan_pho, khu_pho")
    assert code == 0, err
    code, out, _ = run(capsys, path, "awards", "rules", "list", "--json")
    rules = {r["key"]: r for r in json.loads(out)}
    assert (rules["min_rating"]["mode"], rules["min_rating"]["titles"], rules["min_rating"]["params"]) == (
        "warn", ["LDTT"], {"min": "HTNV"})
    assert rules["subject"]["params"] == {"unit_kinds": {"TDPVH": ["to_dan_pho", "khu_pho"]}}
    assert rows(path, "SELECT reason FROM audit_entry WHERE entity = 'setting' ORDER BY id DESC LIMIT 1") == [
        ("Quy định điều kiện: Đúng đối tượng của danh hiệu, hình thức",)]

    assert run(capsys, path, "awards", "rules", "set", "min_rating", "--default")[0] == 0
    code, out, _ = run(capsys, path, "awards", "rules", "list", "--json")
    assert next(r for r in json.loads(out) if r["key"] == "min_rating")["mode"] == "block"


def test_base_salary_history_add_and_remove(capsys, path):
    code, out, err = run(capsys, path, "awards", "salary", "add", "01/07/2026", "2.530.000",
                         "--basis", "Nghị định 2026")
    assert code == 0, err
    assert "01/07/2026       2.530.000" in out
    code, out, _ = run(capsys, path, "awards", "salary", "list", "--json")
    assert json.loads(out) == [
        {"from": "2024-07-01", "amount": 2340000, "basis": "Nghị định 73/2024/NĐ-CP"},
        {"from": "2026-07-01", "amount": 2530000, "basis": "Nghị định 2026"}]
    assert run(capsys, path, "awards", "salary", "remove", "2024-07-01")[0] == 0
    code, out, _ = run(capsys, path, "awards", "salary", "list", "--json")
    assert [s["from"] for s in json.loads(out)] == ["2026-07-01"]


def test_money_rules_shown_and_set(capsys, path):
    assert run(capsys, path, "awards", "money", "set", "--round-to", "1.000", "--no-highest-only")[0] == 0
    code, out, _ = run(capsys, path, "awards", "money", "show", "--json")
    data = json.loads(out)
    assert data["money.round_to"] == 1000 and data["money.highest_title_only"] is False


WRITES = [
    ("awards", "quota", "set", "GK", "12"),
    ("awards", "titles", "add", "GKCD", "--name", "Giấy khen chuyên đề"),
    ("awards", "titles", "set", "LDTT", "--no-active"),
    ("awards", "rules", "set", "summary", "--mode", "off"),
    ("awards", "money", "set", "--household-factor", "2"),
    ("awards", "salary", "add", "01/01/2028", "2.700.000"),
    ("awards", "salary", "remove", "01/07/2024"),
]


@pytest.mark.parametrize("args", WRITES, ids=lambda a: " ".join(a[1:3]))
def test_dry_run_checks_but_writes_nothing(capsys, path, args):
    assert run(capsys, path, "awards", "salary", "add", "01/01/2027", "2.600.000")[0] == 0  # two steps: one may go
    before = snapshot(path)
    code, out, err = run(capsys, path, *args, "--dry-run")
    assert code == 0, err
    assert "Chạy thử (--dry-run)" in out
    assert snapshot(path) == before


BAD = [
    (("awards", "quota", "set", "XX", "3"), "Không có danh hiệu, hình thức “XX”"),
    (("awards", "quota", "set", "GK", "ba"), "Số lượng tối đa phải là số, đã ghi “ba”"),
    (("awards", "quota", "set", "GK", "2,5"), "Số lượng tối đa phải là số nguyên không âm"),
    (("awards", "titles", "add", "LDTT", "--name", "Trùng"), "Đã có danh hiệu mã “LDTT”"),
    (("awards", "titles", "add", "GK2", "--name", "x", "--threshold", "150"), "ngưỡng biểu quyết"),
    (("awards", "rules", "set", "khong_co"), "Không có quy định “khong_co”"),
    (("awards", "rules", "set", "min_rating", "--param", "muc=HTTNV"), "không có tham số “muc”"),
    (("awards", "rules", "set", "min_rating", "--param", "min"), "ghi dạng TÊN=GIÁ_TRỊ"),
    (("awards", "rules", "set", "min_rating", "--param", "min=XYZ"), "mức xếp loại “XYZ” không có"),
    (("awards", "rules", "set", "collective_ldtt", "--param", "min_share=150"), "phải là số từ 0 đến 100"),
    (("awards", "money", "set", "--female-share", "150"), "không được lớn hơn 100"),
    (("awards", "salary", "add", "31/02/2026", "2.600.000"), "“31/02/2026” không phải ngày"),
    (("awards", "salary", "add", "01/07/2024", "2.600.000"), "Đã có mức lương cơ sở áp dụng từ ngày 01/07/2024"),
    (("awards", "salary", "add", "01/01/2027", "hai triệu"), "Lương cơ sở phải là số"),
    (("awards", "salary", "remove", "01/01/2020"), "Không có mức lương cơ sở áp dụng từ ngày 01/01/2020"),
    (("awards", "salary", "remove", "01/07/2024"), "Không bỏ được mức lương cơ sở duy nhất"),
]


@pytest.mark.parametrize("args, told", BAD, ids=lambda v: " ".join(v[1:4]) if isinstance(v, tuple) else "")
def test_bad_input_exits_1_with_one_line_and_changes_nothing(capsys, path, args, told):
    before = snapshot(path)
    code, out, err = run(capsys, path, *args)
    assert code == 1 and told in err
    assert err.startswith("thidua: ") and err.count("\n") == 1
    assert snapshot(path) == before
