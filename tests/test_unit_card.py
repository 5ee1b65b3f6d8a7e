"""The unit card (issue 16, item 13): one unit's contacts, block, registration, results,
score with its explanation, nominations, awards and history, on the demo ward — and
``thidua units card``."""
from __future__ import annotations

import json

import pytest

from thidua_desktop.cli import main
from thidua_desktop.domain.registry import UnitFields
from thidua_desktop.errors import UserError
from thidua_desktop.services import plan
from thidua_desktop.services.app import open_app
from thidua_desktop.services.awards import history, nominations, scoring
from thidua_desktop.services.registry import card, lineage, registrations
from thidua_desktop.services.registry import units as unit_service
from thidua_desktop.services.results import evaluation as ev

TDP10 = "Tổ dân phố số 10"


@pytest.fixture
def app(demo_copy):
    opened = open_app(demo_copy, actor="kiểm thử")
    yield opened
    opened.close()


def _card(app, name=TDP10, **kw) -> card.UnitCard:
    with app.db.read() as s:
        return card.unit_card(s, card.find_unit(s, name), **kw)


def test_the_card_says_what_each_service_says(app):
    c = _card(app)
    with app.db.read() as s:
        campaign = plan.current_campaign(s)
        fields = unit_service.unit_fields(s, c.unit_id)
        main_period = ev.main_period(campaign)
        results = ev.unit_results(s, campaign, main_period)[c.unit_id]
        score = scoring.rankings(s, campaign).unit_scores()[c.unit_id]  # the whole ward's, as the scoring page
        own = [n for n in nominations.rows(s, campaign) if n.subject == "unit" and n.unit_id == c.unit_id]
        awards = history.history(s, unit_id=c.unit_id)
    assert (c.head_name, c.phone, c.address) == (fields.head_name, fields.phone, fields.address) != ("", "", "")
    assert c.block == "Khối tổ dân phố" and c.block_role == "Thành viên"
    assert c.registration_text.startswith("Đăng ký ngày 16/03/2026: Tổ dân phố văn hóa")
    assert c.periods[0].name == main_period.name and c.periods[0].is_main and len(c.periods) == 2
    assert [(r.code, r.status_code, r.rule) for r in c.periods[0].results] == [
        (i.item.code, i.status.value, i.evaluation.rule) for i in results.items]
    assert "95,81% = 389 / 406" in next(r.actual for r in c.periods[0].results if r.code == "6a")
    assert c.score.explanation == scoring.explanation(score) and c.score.rank == score.rank == 3
    assert c.score.rank_text == "hạng 3/14 của Khối tổ dân phố" and c.score.total == "99,88/100 điểm"
    assert [(n.title, n.status) for n in c.nominations if n.subject == "Tập thể"] == [
        (n.title_name, n.status_label) for n in own] == [("Tổ dân phố văn hóa", "Được khen thưởng")]
    assert c.awards == awards and c.awards[0].decision_number == "126/QĐ-UBND"
    assert c.history_total == len(c.history) > 10
    assert any(e.what == "Thêm đăng ký thi đua" and f"Đơn vị: {TDP10}" in e.summary for e in c.history)
    assert not any("Đơn vị: " + str(c.unit_id) in e.summary for e in c.history)  # names, never database ids


def test_people_nominated_by_the_unit_are_on_its_card(app):
    c = _card(app, "Trường Tiểu học Bạch Đằng")
    with app.db.read() as s:
        rows = [n for n in nominations.rows(s, plan.current_campaign(s))
                if n.subject == "person" and n.group == "Trường Tiểu học Bạch Đằng"]
    people = [n for n in c.nominations if n.subject == "Cá nhân"]
    assert len(people) == len(rows) > 2
    assert [(n.name, n.title) for n in people] == [(n.name, n.title_name) for n in rows]
    assert people[0].decision == "126/QĐ-UBND ngày 10/12/2026"


def test_history_in_words_follows_changes_even_of_deleted_records(app):
    before = _card(app)
    with app.db.transaction(actor="văn thư", reason="Tổ trưởng đổi số điện thoại") as s:
        campaign = plan.current_campaign(s)
        fields = unit_service.unit_fields(s, before.unit_id)
        fields.phone = "0912 345 678"
        unit_service.save_unit_fields(s, campaign.id, fields, before.block_id, before.unit_id)
    with app.db.transaction(actor="văn thư", reason="Tổ rút đăng ký") as s:
        registrations.unregister(s, plan.current_campaign(s).id, [before.unit_id])
    after = _card(app)
    assert after.phone == "0912 345 678" and not after.registered
    assert after.registration_text == "Chưa đăng ký thi đua năm 2026."
    newest, edited = after.history[0], after.history[1]
    assert (newest.what, newest.actor, newest.reason) == ("Xóa đăng ký thi đua", "văn thư", "Tổ rút đăng ký")
    assert edited.what == "Sửa đơn vị" and "Điện thoại: 0884 805 949 → 0912 345 678" in edited.summary
    assert after.history_total == before.history_total + 2


def test_awards_of_past_years_and_of_predecessors(app):
    with app.db.transaction(actor="văn thư", reason="Nhập khen thưởng cũ") as s:
        unit_id = card.find_unit(s, "Tổ dân phố số 4")
        lineage.add(s, unit_id, "Khu dân cư Lạch Tray", "merged")
        history.add(s, {"name": "Khu dân cư Lạch Tray", "subject": "unit", "title": "Giấy khen", "year": "2023",
                        "level": "Phường", "decision": "12/QĐ-UBND"})
        history.add(s, {"name": "Tổ dân phố số 4", "subject": "unit", "title": "Tổ dân phố văn hóa", "year": "2025",
                        "level": "Phường"})
    c = _card(app, "Tổ dân phố số 4")
    assert c.predecessors == ["Tổ dân phố số 4: hợp nhất, sáp nhập từ Khu dân cư Lạch Tray"]
    assert [(a.year, a.name, a.title) for a in c.awards if a.year < 2026] == [
        (2025, "Tổ dân phố số 4", "Tổ dân phố văn hóa"), (2023, "Khu dân cư Lạch Tray", "Giấy khen")]


def test_a_new_unit_with_nothing_yet(app):
    with app.db.transaction(actor="văn thư", reason="Đơn vị mới") as s:
        unit_id = unit_service.save_unit_fields(s, plan.current_campaign(s).id,
                                                UnitFields(name="Hợp tác xã Dịch vụ Bạch Đằng", kind="doanh_nghiep"))
    with app.db.read() as s:
        c = card.unit_card(s, unit_id)
    assert (c.block, c.registered, c.nominations, c.awards, c.score) == ("", False, [], [], None)
    assert "chưa thuộc khối thi đua nào năm 2026" in c.score_note
    assert all(p.reported_on is None for p in c.periods)
    assert [e.what for e in c.history][-1] == "Thêm đơn vị" and c.history_total == len(c.history)
    assert c.file_stem == "the-don-vi-hop-tac-xa-dich-vu-bach-dang-2026"


def test_a_unit_that_is_gone_is_named_not_a_traceback(app):
    with app.db.read() as s, pytest.raises(UserError, match="Không tìm thấy đơn vị"):
        card.unit_card(s, 99_999)


# --- thidua units card --------------------------------------------------------------


def run(capsys, path, *args):
    code = main(["--db", str(path), *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_prints_the_card_as_text_and_json(capsys, demo_copy):
    code, out, err = run(capsys, demo_copy, "units", "card", "to dan pho so 10")
    assert code == 0, err
    for words in ("THẺ ĐƠN VỊ — Tổ dân phố số 10 — năm 2026", "Thủ trưởng: Lương Văn Việt", "KẾT QUẢ, ĐÁNH GIÁ",
                  "hạng 3/14 của Khối tổ dân phố — 99,88/100 điểm, xếp loại Xuất sắc", "ĐÃ ĐƯỢC KHEN THƯỞNG",
                  "126/QĐ-UBND", "LỊCH SỬ THAY ĐỔI"):
        assert words in out, words
    code, out, err = run(capsys, demo_copy, "units", "card", "to dan pho so 10", "--json")
    data = json.loads(out)
    assert data["score"]["rank"] == 3 and data["score"]["explanation"][-1].startswith("Tổng: 99,88 điểm tiêu chí")
    assert data["registration"]["registered_on"] == "2026-03-16" and data["awards"][0]["year"] == 2026


def test_cli_pdf_is_written_and_never_overwritten_without_asking(capsys, demo_copy, tmp_path):
    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / "thẻ.pdf"
    code, out, err = run(capsys, demo_copy, "units", "card", "Trạm Y tế phường", "--pdf", str(target))
    assert code == 0 and "Đã lưu thẻ đơn vị Trạm Y tế phường" in out, err
    assert target.read_bytes().startswith(b"%PDF")
    target.write_bytes(b"the clerk's own file")
    code, out, err = run(capsys, demo_copy, "units", "card", "Trạm Y tế phường", "--pdf", str(target))
    assert code == 1 and "không ghi đè" in err and target.read_bytes() == b"the clerk's own file"
    code, out, err = run(capsys, demo_copy, "units", "card", "Trạm Y tế phường", "--pdf", str(target), "--overwrite")
    assert code == 0 and target.read_bytes().startswith(b"%PDF")
    assert [p.name for p in target.parent.iterdir()] == ["thẻ.pdf"]  # no temporary file left behind
