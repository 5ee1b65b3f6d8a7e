"""Council sessions, vote entry and import, final lists, decisions and prize money."""
from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from awards_helpers import make_ward
from thidua_desktop.errors import UserError
from thidua_desktop.domain import eligibility as el
from thidua_desktop.services.awards import (
    catalogue as awards, council, decisions, nominations as nm,
)
from thidua_desktop.services import plan, settings
from thidua_desktop.services.xlsx.importing import Outcome
from thidua_desktop.services.awards.nominations import NominationInput

GOOD = ["Nguyễn Thị Hoa", "Trần Văn Nam", "Lê Thị Thu", "Đặng Thị Lan", "Bùi Văn Đức", "Đỗ Thị Hằng"]


@pytest.fixture
def ward(db):
    ids = make_ward(db)
    with db.transaction() as s:
        c = plan.current_campaign(s)
        for name in GOOD:
            nm.create(s, c, NominationInput("person", "LDTT", person_id=ids[name], summary="Hoàn thành tốt"),
                      recheck_all=False)
        nm.create(s, c, NominationInput("person", "CSTDCS", person_id=ids["Nguyễn Thị Hoa"], summary="GV giỏi"),
                  recheck_all=False)
        nm.create(s, c, NominationInput("person", "CSTDCS", person_id=ids["Trần Văn Nam"], summary="Sáng kiến"),
                  recheck_all=False)
        nm.create(s, c, NominationInput("unit", "GK", unit_id=ids["Tổ dân phố số 1"], summary="Dẫn đầu"),
                  recheck_all=False)
        nm.create(s, c, NominationInput("household", "GK", household_name="Hộ ông Phạm Văn Lộc",
                                        household_address="Số 12 đường Bạch Đằng",
                                        proposing_unit_id=ids["Tổ dân phố số 1"], summary="Hiến đất làm đường"),
                  recheck_all=False)
        nm.recheck(s, c)
        members = [council.MemberInput(f"Thành viên {i}", "Ủy viên",
                                       "present" if i < 6 else "written" if i < 8 else "absent") for i in range(9)]
        cs = council.save_session(s, c, council.SessionInput("01/BB-HĐTĐKT", dt.datetime(2026, 12, 18, 8),
                                                            place="Hội trường", members=members))
        ids["session"] = cs.id
    return ids


def by_name(db):
    with db.read() as s:
        return {(r.name, r.title_code): r for r in nm.rows(s, plan.current_campaign(s))}


def test_ballots_list_the_eligible_nominees_with_votes_needed(db, ward):
    with db.read() as s:
        c = plan.current_campaign(s)
        cs = council.get_session(s, ward["session"])
        groups = {g.title.code: g for g in council.ballot_groups(s, c, cs)}
    assert set(groups) == {"GK", "LDTT", "CSTDCS"}
    assert groups["CSTDCS"].needed == 8  # 80% of 9 members, written opinions count
    assert groups["LDTT"].needed == 5  # more than half of 9
    assert [r.name for r in groups["LDTT"].rows] == ["Bùi Văn Đức", "Đỗ Thị Hằng", "Nguyễn Thị Hoa",
                                                     "Đặng Thị Lan", "Trần Văn Nam", "Lê Thị Thu"]


def test_votes_are_checked_against_attendance_and_thresholds_applied(db, ward):
    r = by_name(db)
    with db.transaction() as s:
        with pytest.raises(UserError, match="nhiều hơn số thành viên biểu quyết"):
            council.set_votes(s, ward["session"], {r[("Nguyễn Thị Hoa", "CSTDCS")].id: 9})
        council.set_votes(s, ward["session"], {r[("Nguyễn Thị Hoa", "CSTDCS")].id: 8,
                                                r[("Trần Văn Nam", "CSTDCS")].id: 7})
    r = by_name(db)
    assert r[("Nguyễn Thị Hoa", "CSTDCS")].passed is True
    nam = r[("Trần Văn Nam", "CSTDCS")]
    assert nam.passed is False and "7/9 = 77,78%" in nam.vote_text and "từ 80% tổng số thành viên" in nam.vote_text


def test_attendance_cannot_change_under_recorded_votes(db, ward):
    r = by_name(db)
    with db.transaction() as s:
        council.set_votes(s, ward["session"], {r[("Nguyễn Thị Hoa", "CSTDCS")].id: 8})
    with pytest.raises(UserError, match="không còn hợp lệ"):
        with db.transaction() as s:
            council.save_session(s, plan.current_campaign(s), council.SessionInput(
                "01", members=[council.MemberInput(f"TV {i}", attendance="present" if i < 5 else "absent")
                               for i in range(9)]), ward["session"])


def test_vote_sheet_round_trip(db, ward, tmp_path):
    sheet = council.write_vote_sheet(db, tmp_path / "phiếu.xlsx", ward["session"])
    wb = openpyxl.load_workbook(sheet)
    ws = wb.active
    for row in ws.iter_rows(min_row=4):
        if row[1].value:
            row[4].value = 7 if row[1].value == "Trần Văn Nam" and row[3].value.startswith("Chiến") else 8
    ws.append([None, "Không Có Ai", "", "Giấy khen", 5])
    wb.save(sheet)
    preview = council.preview_votes(db, sheet, ward["session"])
    assert preview.count(Outcome.ERROR) == 1 and "không có đề nghị" in preview.errors[0].message
    with pytest.raises(UserError, match="chưa nhập gì"):
        council.apply_votes(db, preview)
    assert by_name(db)[("Nguyễn Thị Hoa", "LDTT")].vote is None  # nothing written
    ws.delete_rows(ws.max_row)
    wb.save(sheet)
    preview = council.preview_votes(db, sheet, ward["session"])
    assert preview.ok and preview.count(Outcome.NEW) == 10
    # the same name for two titles needs the title column: it is there
    message = council.apply_votes(db, preview)
    assert "10 đề nghị" in message
    r = by_name(db)
    assert r[("Trần Văn Nam", "CSTDCS")].vote.agree == 7 and r[("Trần Văn Nam", "LDTT")].vote.agree == 8


def test_vote_import_needs_the_title_when_a_name_has_two(db, ward, tmp_path):
    path = tmp_path / "phiếu.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["Họ và tên", "Số phiếu đồng ý"])
    wb.active.append(["Nguyễn Thị Hoa", 8])
    wb.save(path)
    preview = council.preview_votes(db, path, ward["session"])
    assert "có nhiều đề nghị" in preview.errors[0].message


def test_decision_numbers_awardees_and_pays_the_highest_title_only(db, ward):
    r = by_name(db)
    votes = {row.id: 8 for row in r.values()}
    votes[r[("Trần Văn Nam", "CSTDCS")].id] = 7
    with db.transaction() as s:
        c = plan.current_campaign(s)
        council.set_votes(s, ward["session"], votes)
        ward_titles = [t.id for t in awards.titles(s) if t.code in ("GK", "LDTT", "CSTDCS")]
        with pytest.raises(UserError, match="không đúng dạng"):
            decisions.record(s, c, decisions.DecisionInput("125 QĐ", dt.date(2026, 12, 22), ward_titles))
        d = decisions.record(s, c, decisions.DecisionInput("125/QĐ-UBND", dt.date(2026, 12, 22), ward_titles,
                                                           session_id=ward["session"]))
        did = d.id
        assert d.frozen and d.base_salary == 2_340_000
        members = decisions.members(s, d)
        assert [n.decision_seq for n in members] == list(range(1, 10))
        prizes = {(nm.subject_name(n), n.title.code): n.prize_amount for n in members}
        assert prizes[("Tổ dân phố số 1", "GK")] == 1_410_000
        assert prizes[("Hộ ông Phạm Văn Lộc", "GK")] == 1_060_000
        assert prizes[("Nguyễn Thị Hoa", "CSTDCS")] == 2_340_000
        assert prizes[("Nguyễn Thị Hoa", "LDTT")] == 0  # the higher title of the same achievement is paid
        assert prizes[("Lê Thị Thu", "LDTT")] == 710_000
        assert ("Trần Văn Nam", "CSTDCS") not in prizes
        assert decisions.total_prize(s, d) == 1_410_000 + 1_060_000 + 2_340_000 + 5 * 710_000
        explained = decisions.prizes_of(s, d)
        hoa = next(n for n in members if (nm.subject_name(n), n.title.code) == ("Nguyễn Thị Hoa", "LDTT"))
        assert "không chi thêm" in explained[hoa.id].explanation
        with pytest.raises(UserError, match="Đã có văn bản số 125/QĐ-UBND"):
            decisions.record(s, c, decisions.DecisionInput("125/QĐ-UBND", dt.date(2026, 12, 22), ward_titles))
    assert by_name(db)[("Lê Thị Thu", "LDTT")].status_label == "Được khen thưởng"
    with db.transaction() as s:
        with pytest.raises(UserError, match="đang khóa"):
            decisions.cancel(s, did, "nhầm số quyết định")
        decisions.reopen(s, did, "Quyết định bị thu hồi để sửa")
        decisions.cancel(s, did, "Quyết định bị thu hồi để sửa")
    assert by_name(db)[("Lê Thị Thu", "LDTT")].status == "proposed"


def test_base_salary_follows_the_signing_date(db, ward):
    r = by_name(db)
    with db.transaction() as s:
        from thidua_desktop.services import settings

        settings.set_value(s, "money.base_salary_history", [
            {"from": "2024-07-01", "amount": 2_340_000}, {"from": "2026-07-01", "amount": 2_530_000}])
        council.set_votes(s, ward["session"], {r[("Lê Thị Thu", "LDTT")].id: 9 - 1})
        d = decisions.record(s, plan.current_campaign(s), decisions.DecisionInput(
            "130/QĐ-UBND", dt.date(2026, 12, 22), [awards.title_by_code(s, "LDTT").id]))
        assert d.base_salary == 2_530_000
        assert decisions.members(s, d)[0].prize_amount == 760_000  # 0,3 × 2.530.000 = 759.000 → 760.000


def test_city_proposals_are_recorded_without_ward_prizes(db, ward):
    with db.transaction() as s:
        c = plan.current_campaign(s)
        # the city's rule: leading a cụm/khối the city organises, as the city's result names it
        settings.set_value(s, "eligibility.city_flag", {**el.RULES_BY_KEY["city_flag"].default_value(),
                                                        "city_leaders": "Tổ dân phố số 1"})
        nid = nm.create(s, c, NominationInput("unit", "CTD", unit_id=ward["Tổ dân phố số 1"],
                                              summary="Dẫn đầu khối tổ dân phố")).id
        council.set_votes(s, ward["session"], {nid: 8})
        d = decisions.record(s, c, decisions.DecisionInput("12/TTr-UBND", dt.date(2026, 12, 20),
                                                           [awards.title_by_code(s, "CTD").id]))
        assert d.base_salary is None and decisions.kind_label(s, d) == "Tờ trình đề nghị thành phố"
        assert nm.get(s, nid).status == "forwarded" and nm.get(s, nid).prize_amount is None
        with pytest.raises(UserError, match="không gộp"):
            decisions.record(s, c, decisions.DecisionInput("13/QĐ-UBND", dt.date(2026, 12, 20), [
                awards.title_by_code(s, "GK").id, awards.title_by_code(s, "BK").id]))


def test_quota_cuts_the_final_list(db, ward):
    r = by_name(db)
    with db.transaction() as s:
        title = awards.title_by_code(s, "LDTT")
        title.quota = 3
        votes = {row.id: 8 for key, row in r.items() if key[1] == "LDTT"}
        votes[r[("Bùi Văn Đức", "LDTT")].id] = 6
        votes[r[("Đỗ Thị Hằng", "LDTT")].id] = 7
        council.set_votes(s, ward["session"], votes)
        [fl] = council.final_lists(s, plan.current_campaign(s), [title.id])
    # four at 8 votes for 3 places: the three women go first (NĐ 152/2025 Điều 4), the man is cut
    assert sorted(e.row.name for e in fl.chosen) == ["Lê Thị Thu", "Nguyễn Thị Hoa", "Đặng Thị Lan"]
    nam = next(e for e in fl.entries if e.row.name == "Trần Văn Nam")
    assert not nam.within_quota and "ngoài số lượng tối đa 3" in nam.note and "ưu tiên nữ" in nam.note
    with db.transaction() as s:
        awards.title_by_code(s, "LDTT").quota = 2
        [fl] = council.final_lists(s, plan.current_campaign(s), [title.id])
    assert fl.chosen == []  # a tie of three across the cut at two is left to the council
    assert "ngoài số lượng tối đa 2" in fl.summary()


def test_a_council_member_enters_votes_and_nothing_else(db, ward):
    from thidua_desktop.domain.roles import PermissionDenied, Role
    from thidua_desktop.services.safety import accounts

    accounts.create_first_admin(db, "admin", "matkhau-quan-tri")
    with db.transaction() as s:
        accounts.create_account(s, "hoidong", "matkhau123", Role.COUNCIL, "Thành viên Hội đồng")
    with db.read() as s:
        member = accounts.find(s, "hoidong")
    accounts.sign_in_as(db, member)
    try:
        row = by_name(db)[("Trần Văn Nam", "LDTT")]
        with db.transaction() as s:
            assert council.set_votes(s, ward["session"], {row.id: 4}) == 1
        assert by_name(db)[("Trần Văn Nam", "LDTT")].passed is False
        with pytest.raises(PermissionDenied):
            with db.transaction() as s:
                nm.withdraw(s, row.id, "không được phép")
        with pytest.raises(PermissionDenied):
            with db.transaction() as s:
                decisions.record(s, plan.current_campaign(s), decisions.DecisionInput(
                    "1/QĐ-UBND", dt.date(2026, 12, 22), [row.title_id]))
    finally:
        accounts.sign_out(db)
