"""Nominations: recording, the eligibility findings stored with them,
accepting warnings with a reason, withdrawing, and the frozen guard."""
from __future__ import annotations

import datetime as dt

import pytest

from awards_helpers import make_ward
from thidua_desktop.domain.eligibility import Verdict
from thidua_desktop.errors import UserError
from thidua_desktop.services.awards import council, decisions, nominations as nm
from thidua_desktop.services import plan
from thidua_desktop.services.awards.nominations import NominationInput, PersonStanding
from thidua_desktop.storage.models import AuditEntry, Nomination

TEACHERS = ["Nguyễn Thị Hoa", "Trần Văn Nam", "Lê Thị Thu", "Phạm Văn Long", "Hoàng Thị Mai", "Vũ Văn Tùng",
            "Đặng Thị Lan", "Bùi Văn Đức", "Đỗ Thị Hằng", "Ngô Văn Hải"]


@pytest.fixture
def ward(db):
    return make_ward(db)


def add(db, data):
    with db.transaction() as s:
        return nm.create(s, plan.current_campaign(s), data).id


def rows(db):
    with db.read() as s:
        return {(r.name, r.title_code): r for r in nm.rows(s, plan.current_campaign(s))}


def ldtt_for_all(db, ward):
    with db.transaction() as s:
        c = plan.current_campaign(s)
        for name in TEACHERS:
            nm.create(s, c, NominationInput("person", "LDTT", person_id=ward[name], summary="Hoàn thành tốt nhiệm vụ"),
                      recheck_all=False)
        nm.recheck(s, c)


def test_person_checks_read_the_year_standing(db, ward):
    ldtt_for_all(db, ward)
    r = rows(db)
    assert r[("Nguyễn Thị Hoa", "LDTT")].verdict is Verdict.OK
    assert r[("Phạm Văn Long", "LDTT")].verdict is Verdict.BLOCKED  # HTNV
    assert r[("Hoàng Thị Mai", "LDTT")].verdict is Verdict.BLOCKED  # cảnh cáo
    assert r[("Vũ Văn Tùng", "LDTT")].verdict is Verdict.BLOCKED  # under review
    hai = r[("Ngô Văn Hải", "LDTT")]
    assert hai.verdict is Verdict.WARN and "Chưa có mức xếp loại" in hai.findings_text
    assert "Quy định: “Danh hiệu “Lao động tiên tiến” xét tặng" in hai.findings_text
    assert r[("Nguyễn Thị Hoa", "LDTT")].where == "Giáo viên, Trường THCS Bạch Đằng"


def test_accepting_a_warning_needs_a_reason_and_is_kept(db, ward):
    nid = add(db, NominationInput("person", "LDTT", person_id=ward["Ngô Văn Hải"], summary="Bảo vệ trường"))
    with db.transaction() as s:
        with pytest.raises(UserError, match="lý do"):
            nm.accept_warnings(s, nid, "")
        nm.accept_warnings(s, nid, "Nhân viên bảo vệ, hợp đồng lao động, không thuộc diện xếp loại")
    row = rows(db)[("Ngô Văn Hải", "LDTT")]
    assert row.verdict is Verdict.OVERRIDDEN and row.verdict.may_proceed
    assert row.override_reason.startswith("Nhân viên bảo vệ")
    with db.transaction() as s:  # a recheck keeps the acceptance while the warning is unchanged
        nm.recheck(s, plan.current_campaign(s))
    assert rows(db)[("Ngô Văn Hải", "LDTT")].verdict is Verdict.OVERRIDDEN
    with db.transaction() as s:  # the rating arrives: no warning any more, the acceptance goes
        nm.set_person_standing(s, plan.current_campaign(s), ward["Ngô Văn Hải"], PersonStanding("HTTNV"))
    row = rows(db)[("Ngô Văn Hải", "LDTT")]
    assert row.verdict is Verdict.OK and row.override_reason == ""


def test_cstdcs_follows_the_ldtt_nomination(db, ward):
    nid = add(db, NominationInput("person", "CSTDCS", person_id=ward["Nguyễn Thị Hoa"], summary="Giáo viên giỏi"))
    assert rows(db)[("Nguyễn Thị Hoa", "CSTDCS")].verdict is Verdict.BLOCKED
    add(db, NominationInput("person", "LDTT", person_id=ward["Nguyễn Thị Hoa"], summary="x"))
    assert rows(db)[("Nguyễn Thị Hoa", "CSTDCS")].verdict is Verdict.OK
    with db.transaction() as s:
        nm.withdraw(s, rows(db)[("Nguyễn Thị Hoa", "LDTT")].id, "Đơn vị rút đề nghị")
    r = rows(db)
    assert r[("Nguyễn Thị Hoa", "CSTDCS")].verdict is Verdict.BLOCKED
    assert r[("Nguyễn Thị Hoa", "LDTT")].status_label == "Đã rút"
    with db.transaction() as s:
        nm.restore(s, r[("Nguyễn Thị Hoa", "LDTT")].id)
    assert rows(db)[("Nguyễn Thị Hoa", "CSTDCS")].verdict is Verdict.OK
    assert nid


def test_collective_reads_its_members(db, ward):
    ldtt_for_all(db, ward)
    add(db, NominationInput("unit", "TTLDTT", unit_id=ward["Trường THCS Bạch Đằng"], summary="Dẫn đầu khối"))
    row = rows(db)[("Trường THCS Bạch Đằng", "TTLDTT")]
    assert row.verdict is Verdict.BLOCKED
    assert "6/10 cá nhân" in row.findings_text and "Hoàng Thị Mai (cảnh cáo)" in row.findings_text
    assert row.score == 100 and row.rank == 1  # the unit's score in its block


def test_same_form_twice_for_one_achievement_is_blocked(db, ward):
    add(db, NominationInput("person", "GK", person_id=ward["Đặng Thị Lan"], summary="Giải nhì hội thi"))
    add(db, NominationInput("person", "BK", person_id=ward["Đặng Thị Lan"], summary="Giải nhì hội thi"))
    r = rows(db)
    assert r[("Đặng Thị Lan", "GK")].verdict is Verdict.BLOCKED
    assert "nhiều hình thức cho một thành tích" in r[("Đặng Thị Lan", "GK")].findings_text
    with db.transaction() as s:
        nid = r[("Đặng Thị Lan", "BK")].id
        data = NominationInput("person", "BK", person_id=ward["Đặng Thị Lan"], summary="Cứu người đuối nước",
                               achievement_key="Cứu người đuối nước tháng 7/2026")
        nm.update(s, nid, data)
    assert rows(db)[("Đặng Thị Lan", "GK")].verdict is Verdict.OK


def test_bad_input_is_refused_with_every_problem(db, ward):
    with db.transaction() as s:
        with pytest.raises(UserError) as info:
            nm.create(s, plan.current_campaign(s), NominationInput("household", "XYZ", rating="giỏi"))
    message = info.value.message
    assert "Không có danh hiệu" in message and "tên hộ gia đình" in message and "xếp loại" in message


def test_frozen_nomination_cannot_change_until_reopened(db, ward):
    nid = add(db, NominationInput("person", "LDTT", person_id=ward["Nguyễn Thị Hoa"], summary="x"))
    with db.transaction() as s:
        c = plan.current_campaign(s)
        cs = council.save_session(s, c, council.SessionInput(
            "01", dt.datetime(2026, 12, 18, 8), members=[council.MemberInput(f"TV {i}") for i in range(5)]))
        council.set_votes(s, cs.id, {nid: 5})
        d = decisions.record(s, c, decisions.DecisionInput("125/QĐ-UBND", dt.date(2026, 12, 22),
                                                           [nm.get(s, nid).title_id]))
        did = d.id
    for action in (lambda s: nm.update(s, nid, NominationInput("person", "LDTT", person_id=ward["Nguyễn Thị Hoa"])),
                   lambda s: nm.delete(s, nid), lambda s: nm.withdraw(s, nid, "lý do gì đó"),
                   lambda s: council.set_votes(s, cs.id, {nid: 4})):
        with pytest.raises(UserError, match="125/QĐ-UBND"):
            with db.transaction() as s:
                action(s)
    with db.transaction() as s:
        decisions.reopen(s, did, "Sai tóm tắt thành tích, cần sửa")
        nm.update(s, nid, NominationInput("person", "LDTT", person_id=ward["Nguyễn Thị Hoa"], summary="Đã sửa"))
        decisions.refreeze(s, did)
    with db.read() as s:
        d = decisions.get(s, did)
        assert d.frozen and [e["action"] for e in d.reopen_log] == ["mở khóa", "khóa lại"]
        assert d.reopen_log[0]["reason"] == "Sai tóm tắt thành tích, cần sửa"
        assert s.get(Nomination, nid).summary == "Đã sửa"
        events = s.query(AuditEntry).filter(AuditEntry.entity == "decision").all()
        assert any(e.reason == "Sai tóm tắt thành tích, cần sửa" for e in events)


def test_delete_refuses_when_votes_exist(db, ward):
    nid = add(db, NominationInput("person", "LDTT", person_id=ward["Nguyễn Thị Hoa"], summary="x"))
    with db.transaction() as s:
        cs = council.save_session(s, plan.current_campaign(s), council.SessionInput(
            members=[council.MemberInput("A"), council.MemberInput("B")]))
        council.set_votes(s, cs.id, {nid: 2})
    with pytest.raises(UserError, match="Rút đề nghị"):
        with db.transaction() as s:
            nm.delete(s, nid)
