"""Thử thay đổi quy tắc (issue 16 item 14): the ranking and the Giấy khen list under
changed rules, computed in memory on a small ward and on the demo; nothing written
until applied with a reason."""
from __future__ import annotations

import json
import sqlite3

import pytest
from sqlalchemy import event, func, select

from awards_helpers import make_ward
from thidua_desktop.cli import main
from thidua_desktop.errors import UserError
from thidua_desktop.services import plan, settings
from thidua_desktop.services.app import open_app
from thidua_desktop.services.awards import catalogue, scoring
from thidua_desktop.services.awards.whatif import RuleChanges, apply_what_if, list_rules, load_basis, what_if
from thidua_desktop.storage.models import AuditEntry


@pytest.fixture
def ward(db):
    return make_ward(db)


def _dump(path) -> list[str]:
    with sqlite3.connect(path) as con:
        return list(con.iterdump())


def _row(result, name):
    return next(r for r in result.rows if r.unit == name)


def _block(s, name):
    return next(card.block_id for card, _ in load_basis(s).ranking.blocks if card.block_name == name)


def test_no_change_gives_identical_sides_and_writes_nothing(db, ward, db_path):
    before = _dump(db_path)
    flushes = []
    with db.transaction() as s:
        event.listen(s, "before_flush", lambda *a: flushes.append(a))
        result = what_if(s, RuleChanges())
        assert not s.new and not s.dirty and not s.deleted
    assert not flushes and _dump(db_path) == before
    assert all(r.old == r.new and r.move in ("=", "—") and not r.list_change for r in result.rows)
    assert result.summary == "Không đơn vị nào đổi hạng; danh sách Giấy khen không đổi."
    # every unit of a block is there, those not reported unranked and out of the list
    tdp4 = _row(result, "Tổ dân phố số 4")
    assert tdp4.new.ward_rank is None and not tdp4.new.in_list and tdp4.new.note == "chưa báo cáo kết quả"
    assert len(result.rows) == 7


def test_criterion_points_change_the_score_band_and_warning(db, ward):
    with db.read() as s:
        tdp = _block(s, "Khối tổ dân phố")
        before = _dump_scores(s)
        result = what_if(s, RuleChanges(points={(tdp, "1"): 34, (tdp, "2"): 60, (tdp, "3"): 6}))
        assert _dump_scores(s) == before  # the stored scorecard is as it was
    tdp3 = _row(result, "Tổ dân phố số 3")
    # 95/96 of 34 + 60 for the households + 0 (incident) − 2 late
    assert tdp3.old.total == pytest.approx(64.65) and tdp3.new.total == pytest.approx(91.65)
    assert "dưới mức “Tốt”" in tdp3.old.note and tdp3.new.note == ""
    assert result.changes[1] == "Khối tổ dân phố, tiêu chí 2: 33 → 60 điểm"


def _dump_scores(s):
    return [(c.block_name, [x.max_points for x in c.card.criteria]) for c, _ in load_basis(s).ranking.blocks]


def test_block_tiebreak_moves_the_block_rank(db, ward):
    with db.read() as s:
        tdp = _block(s, "Khối tổ dân phố")
        result = what_if(s, RuleChanges(tiebreak={tdp: ("female_collective",)}))
    tdp2 = _row(result, "Tổ dân phố số 2")
    assert (tdp2.old.block_rank, tdp2.new.block_rank, tdp2.block_move) == (2, 1, "▲1")
    assert result.summary.startswith("1 đơn vị đổi hạng")


def test_quota_and_ward_tiebreak_move_the_list(db, ward):
    with db.read() as s:
        open_list = what_if(s, RuleChanges(quota=2))
        both = what_if(s, RuleChanges(quota=2, ward_tiebreak=("female_collective", "exceeded")))
    assert open_list.entering == [] and open_list.leaving == [
        "Trường Mầm non Hoa Sen", "Trường THCS Bạch Đằng", "Trường Tiểu học Bạch Đằng", "Tổ dân phố số 3"]
    assert open_list.new_rule == "Giấy khen: tối đa 2, 0 đề nghị cá nhân, hộ gia đình: còn 2 chỗ cho tập thể"
    assert "ngoài số lượng (2 chỗ cho tập thể)" in _row(open_list, "Tổ dân phố số 3").new.note
    # the school with ≥ 70% women goes first among equals, so it takes the second place
    thcs = _row(both, "Trường THCS Bạch Đằng")
    assert thcs.new.ward_rank == 1 and thcs.move == "▲2"
    assert [r.unit for r in both.rows if r.new.in_list] == ["Trường THCS Bạch Đằng", "Tổ dân phố số 1"]
    assert "Tổ dân phố số 2" in both.leaving
    assert "vào danh sách Giấy khen: Trường THCS Bạch Đằng" not in open_list.summary


def test_eligibility_mode_moves_the_list(db, ward):
    with db.read() as s:
        result = what_if(s, RuleChanges(modes={"collective_standing": "block"}))
    assert result.leaving == ["Tổ dân phố số 3"] and result.entering == []
    assert result.summary == ("Không đơn vị nào đổi hạng; 1 ra: Tổ dân phố số 3.")
    assert "xếp loại “Khá”, dưới mức “Tốt”" in _row(result, "Tổ dân phố số 3").new.note


def test_bad_values_are_refused_in_vietnamese(db, ward):
    with db.read() as s:
        tdp = _block(s, "Khối tổ dân phố")
        for changes, words in (
                (RuleChanges(points={(tdp, "1"): -5}), "điểm phải là số không âm"),
                (RuleChanges(points={(tdp, "Z9"): 5}), "không có tiêu chí mã “Z9”"),
                (RuleChanges(points={(999, "1"): 5}), "Không có khối thi đua số 999"),
                (RuleChanges(tiebreak={tdp: ("abc",)}), "không có tiêu chí phụ “abc”"),
                (RuleChanges(ward_tiebreak=("exceeded", "exceeded")), "được chọn hai lần"),
                (RuleChanges(quota=-1), "số nguyên không âm"),
                (RuleChanges(modes={"collective_standing": "xyz"}), "chế độ “xyz” không có"),
                (RuleChanges(modes={"abc": "block"}), "Không có quy định “abc”")):
            with pytest.raises(UserError, match=words):
                what_if(s, changes)


def test_apply_writes_every_change_with_the_reason(db, ward, db_path):
    with db.read() as s:
        tdp = _block(s, "Khối tổ dân phố")
    changes = RuleChanges(points={(tdp, "2"): 60, (tdp, "3"): 6}, tiebreak={tdp: ("female_collective",)},
                          ward_tiebreak=("female_collective", "exceeded"), quota=2,
                          modes={"collective_standing": "block"})
    with db.read() as s:
        expected = what_if(s, changes)
    before = _dump(db_path)
    with db.read() as s:
        last = s.scalar(select(func.max(AuditEntry.id)))
    for reason in ("", "   "):
        with pytest.raises(UserError, match="phải ghi lý do"):
            with db.transaction() as s:
                apply_what_if(s, changes, reason)
    assert _dump(db_path) == before
    with db.transaction() as s:
        said = apply_what_if(s, changes, "Theo Kế hoạch 12/KH-HĐTĐKT sửa đổi")
    assert said == expected.changes
    with db.read() as s:
        card = next(c for c in scoring.rankings(s, plan.current_campaign(s)).blocks
                    if c.card.block_name == "Khối tổ dân phố").card.card
        assert [c.max_points for c in card.criteria] == [34, 60, 6]
        assert card.tiebreak == ("female_collective",)
        assert settings.get(s, "scoring.ward_tiebreak") == ["female_collective", "exceeded"]
        assert catalogue.title_by_code(s, "GK").quota == 2
        assert settings.get(s, "eligibility.collective_standing")["mode"] == "block"
        written = list(s.execute(select(AuditEntry.entity, AuditEntry.reason).where(AuditEntry.id > last)))
        assert {e for e, _ in written} >= {"criterion", "scorecard", "setting", "award_title"}
        assert {r for _, r in written} == {"Theo Kế hoạch 12/KH-HĐTĐKT sửa đổi"}
        now = what_if(s, RuleChanges())
    # what was tried is what is now the rule
    assert [(r.unit, r.new) for r in now.rows] == [(r.unit, r.new) for r in expected.rows]
    with db.transaction() as s, pytest.raises(UserError, match="Chưa thay đổi quy tắc nào"):
        apply_what_if(s, RuleChanges(), "lý do")


def test_demo_bonus_points_move_the_leader_out_of_the_list(demo_copy):
    app = open_app(demo_copy, actor="kiểm thử")
    try:
        with app.db.read() as s:
            tdp = _block(s, "Khối tổ dân phố")
            places = load_basis(s).held + 2  # two places left for collectives
            same = what_if(s, RuleChanges())
            quota = what_if(s, RuleChanges(quota=places))
            result = what_if(s, RuleChanges(points={(tdp, "T1"): 0}, quota=places))
        before = _dump(demo_copy)
        with pytest.raises(UserError, match="đã khóa"):  # the demo's Giấy khen are in a signed decision
            with app.db.transaction() as s:
                apply_what_if(s, RuleChanges(quota=places), "Thử số lượng")
        assert _dump(demo_copy) == before
    finally:
        app.close()
    assert same.summary == "Không đơn vị nào đổi hạng; danh sách Giấy khen không đổi."
    tdp7 = _row(result, "Tổ dân phố số 7")
    # without its 3 bonus points Tổ dân phố số 7 no longer leads the block nor the ward
    assert (tdp7.old.block_rank, tdp7.old.ward_rank) == (1, 1)
    assert tdp7.new.total == pytest.approx(99.85) and tdp7.new.block_rank > 1 and tdp7.move.startswith("▼")
    assert [r.unit for r in quota.rows if r.new.in_list] == ["Tổ dân phố số 7", "Trường THCS Bạch Đằng"]
    assert [r.unit for r in result.rows if r.new.in_list] == ["Trường THCS Bạch Đằng", "Tổ dân phố số 1"]


def test_cli_prints_the_comparison_and_applies_with_a_reason(demo_copy, capsys):
    def run(*args):
        code = main(["--db", str(demo_copy), "whatif", *args])
        out, err = capsys.readouterr()
        return code, out, err

    before = _dump(demo_copy)
    code, out, _ = run("--points", "khoi to dan pho:T1=0")
    assert code == 0 and "- Khối tổ dân phố, tiêu chí T1: 3 → 0 điểm" in out
    assert "Tổ dân phố số 7" in out and "▼12" in out and "Chưa ghi gì" in out
    code, out, _ = run("--mode", "collective_standing=block", "--json")
    data = json.loads(out)
    assert code == 0 and data["leaving"] == ["Hợp tác xã Dịch vụ nông nghiệp Bạch Đằng"]
    assert run("--points", "khoi to dan pho:T1=-1")[2].strip() == (
        "thidua: Không thử được quy tắc mới: Khối tổ dân phố, tiêu chí T1: điểm phải là số không âm (đã ghi “-1”).")
    assert "phải ghi lý do" in run("--points", "khoi to dan pho:T1=0", "--apply")[2]
    assert _dump(demo_copy) == before
    code, out, _ = run("--points", "khoi to dan pho:T1=0", "--apply", "--reason", "Bỏ điểm thưởng T1")
    assert code == 0 and "Đã áp dụng:\n- Khối tổ dân phố, tiêu chí T1: 3 → 0 điểm" in out
    assert "Tổ dân phố số 7" not in run("--points", "khoi to dan pho:T1=0")[1]  # nothing left to move


def test_the_list_follows_only_the_rules_naming_giay_khen(db, ward):
    with db.read() as s:
        basis = load_basis(s)
    # the minimum score applies to other titles: its mode would change nothing here
    assert [c.rule.key for c in list_rules(basis)] == ["subject", "collective_disqualified", "collective_standing"]
