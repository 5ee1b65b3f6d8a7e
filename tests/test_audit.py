"""The audit trail: every kind of record is covered, and ``thidua audit`` reads it back."""
from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select

from thidua_desktop.cli import main as cli
from thidua_desktop.domain.text import unique_key
from thidua_desktop.services.safety import audit_log
from thidua_desktop.services import plan, settings
from thidua_desktop.services.demo import build_demo
from thidua_desktop.storage.models import (
    AuditEntry,
    AwardTitle,
    CouncilSession,
    Decision,
    Measure,
    Nomination,
    Person,
    Result,
    Target,
    Unit,
    Vote,
)

from safety_helpers import add_units

# The kinds of record the issue names, and the tables behind them.
COVERED = ("unit", "person", "target", "measure", "result", "nomination", "vote", "decision", "setting")


def entries(db, **kw) -> list[audit_log.AuditRow]:
    with db.read() as session:
        return audit_log.fetch_entries(session, audit_log.AuditFilter(**kw), limit=None)


def test_every_kind_of_record_is_recorded_with_who_why_and_old_and_new_values(db):
    with db.transaction(actor="lan", reason="Nhập dữ liệu") as session:
        campaign = plan.current_campaign(session)
        unit = Unit(name="Trường Tiểu học Bạch Đằng", name_key=unique_key("Trường Tiểu học Bạch Đằng"))
        session.add(unit)
        session.flush()
        person = Person(full_name="Phạm Văn Nam", name_key=unique_key("Phạm Văn Nam"), unit_id=unit.id)
        title = AwardTitle(code="GK-T", name="Giấy khen", subject="person")
        meeting = CouncilSession(campaign_id=campaign.id, number="01/BB-HĐTĐKT", members_total=9)
        session.add_all([person, title, meeting])
        session.flush()
        measure = session.scalars(select(Measure).where(Measure.code == "8")).one()
        result = Result(period_id=campaign.periods[0].id, unit_id=unit.id, measure_id=measure.id, value=94.0)
        nomination = Nomination(campaign_id=campaign.id, subject="person", person_id=person.id, title_id=title.id)
        session.add_all([result, nomination])
        session.flush()
        vote = Vote(session_id=meeting.id, nomination_id=nomination.id, agree=6)
        decision = Decision(campaign_id=campaign.id, number="12/QĐ-UBND", signed_on=dt.date(2026, 12, 20))
        session.add_all([vote, decision])
        settings.set_value(session, "backup.keep_last", 20)
    with db.transaction(actor="hoa", reason="Sửa theo báo cáo bổ sung") as session:
        session.scalars(select(Result)).one().value = 96.5
        session.scalars(select(Target).where(Target.code == "8")).one().text = "Tỷ lệ tham gia BHYT đạt 96%"
        session.scalars(select(Measure).where(Measure.code == "8")).one().planned_value = 97.0
        session.scalars(select(Person)).one().position = "Giáo viên"
        session.scalars(select(Unit)).one().phone = "0225 3842 111"
        session.scalars(select(Vote)).one().agree = 7
        session.scalars(select(Nomination)).one().summary = "Hoàn thành xuất sắc nhiệm vụ"
        session.scalars(select(Decision)).one().signer_name = "Trần Văn Bình"
        settings.set_value(session, "backup.keep_last", 15)
    with db.transaction(actor="hoa", reason="Hủy phiếu nhập nhầm") as session:
        session.delete(session.scalars(select(Vote)).one())
        settings.set_value(session, "backup.keep_last", 10)  # back to the default: the row goes
    for entity in COVERED:
        rows = entries(db, entities=(entity,))
        actions = {r.action for r in rows if r.actor in ("lan", "hoa")}
        assert "update" in actions, entity
        update = next(r for r in rows if r.action == "update" and r.actor == "hoa")
        assert update.reason == "Sửa theo báo cáo bổ sung"
        assert all(isinstance(v, list) and len(v) == 2 for v in update.changes.values())
    [result_change] = [r for r in entries(db, entities=("result",)) if r.action == "update"]
    assert result_change.changes["value"] == [94.0, 96.5]
    deleted = entries(db, entities=("vote",), actions=("delete",))
    assert deleted[0].changes["agree"] == 7 and deleted[0].reason == "Hủy phiếu nhập nhầm"
    setting_actions = [r.action for r in reversed(entries(db, entities=("setting",)))]
    assert setting_actions == ["insert", "update", "delete"]


def test_the_demo_ward_leaves_an_audit_entry_for_every_row_it_writes(db):
    """Services may write fast (executemany), but none may skip the trail."""
    with db.transaction(actor="demo", reason="Dữ liệu mẫu") as session:
        build_demo(session)
    with db.read() as session:
        audited = {(e, i) for e, i in session.execute(
            select(AuditEntry.entity, AuditEntry.entity_id).where(AuditEntry.action == "insert"))}
        missing = {}
        from thidua_desktop.storage.models import Base

        for table in Base.metadata.sorted_tables:
            if table.name in ("audit_entry",) or "id" not in table.c:
                continue
            ids = [r[0] for r in session.execute(select(table.c.id))]
            gaps = [i for i in ids if (table.name, i) not in audited]
            if gaps:
                missing[table.name] = len(gaps)
    assert missing == {}, f"rows written without an audit entry: {missing}"


# --- reading the trail ----------------------------------------------------------------


def test_filters_and_pages(db):
    add_units(db, 30, actor="lan")
    with db.transaction(actor="hoa", reason="Đổi tên") as session:
        session.get(Unit, 7).name = "Tổ dân phố Quán Toan"
    with db.read() as session:
        everything = audit_log.count_entries(session)
        pages = [audit_log.fetch_entries(session, offset=o, limit=10) for o in range(0, everything, 10)]
        ids = [r.id for page in pages for r in page]
        assert len(ids) == len(set(ids)) == everything
        assert [r.at for r in pages[0]] == sorted((r.at for r in pages[0]), reverse=True)
        assert audit_log.count_entries(session, audit_log.AuditFilter(actor="lan")) == 30
        assert audit_log.count_entries(session, audit_log.AuditFilter(text="quan toan")) == 1
        assert audit_log.count_entries(session, audit_log.AuditFilter(text="QUÁN TOAN")) == 1
        assert audit_log.count_entries(session, audit_log.AuditFilter(entities=("unit",), entity_id=7)) == 2
        future = dt.datetime.now() + dt.timedelta(days=1)
        assert audit_log.count_entries(session, audit_log.AuditFilter(since=future)) == 0
        assert audit_log.count_entries(session, audit_log.AuditFilter(until=future)) == everything
        assert audit_log.count_entries(session, audit_log.AuditFilter(text="100%_")) == 0  # LIKE wildcards are text
        assert "hoa" in audit_log.actors(session) and "unit" in audit_log.entities(session)


def test_rows_describe_themselves_in_vietnamese(db):
    add_units(db, 1)
    with db.transaction(actor="hoa", reason="Bổ sung") as session:
        unit = session.get(Unit, 1)
        unit.active = False
        unit.staff_count = 12
    [row] = entries(db, entities=("unit",), actions=("update",))
    assert row.entity_label == "Đơn vị" and row.action_label == "Sửa"
    assert ("Đang hoạt động", "Có", "Không") in row.change_lines()
    assert "Đang hoạt động: Có → Không" in row.summary()
    [insert] = entries(db, entities=("unit",), actions=("insert",))
    assert insert.summary().startswith("Tên đơn vị: Tổ dân phố số 1")
    assert audit_log.format_value("2026-12-05") == "05/12/2026"


@pytest.mark.parametrize("entity, field, code, label", [
    ("nomination", "status", "awarded", "Được khen thưởng"),
    ("nomination", "subject", "household", "Hộ gia đình"),
    ("unit", "kind", "to_dan_pho", "Tổ dân phố"),
    ("person", "gender", "nu", "Nữ"),
    ("person_year", "rating", "HTXSNV", "Hoàn thành xuất sắc nhiệm vụ"),
    ("person_year", "discipline", "canh_cao", "Cảnh cáo"),
    ("council_member", "attendance", "written", "Vắng, có ý kiến bằng văn bản"),
    ("criterion", "role", "disqualify", "Tiêu chí liệt"),
    ("criterion", "rule", "proportional", "Theo tỷ lệ hoàn thành"),
    ("criterion", "kind", "yesno", "Có / Không"),
    ("criterion", "comparison", "ge", "Từ … trở lên (≥)"),
    ("measure", "kind", "rate", "Tỷ lệ (%)"),
    ("measure", "rollup", "none", "Không cộng dồn (nhập số toàn phường)"),
    ("account", "role", "council", "Thành viên Hội đồng"),
    ("award_title", "level", "city", "Đề nghị thành phố"),
    ("result", "source", "form", "Phiếu đơn vị"),
])
def test_stored_codes_read_as_their_labels(entity, field, code, label):
    assert audit_log.describe(entity, field, code) == label
    assert audit_log.describe_change(entity, field, code, None) == f"{label} → (trống)"


def test_a_code_outside_its_list_and_a_field_without_codes_stay_as_stored():
    assert audit_log.describe("nomination", "status", "lạ") == "lạ"
    assert audit_log.describe("unit", "name", "proposed") == "proposed"  # a name, not a status


def test_json_values_are_summarised():
    assert audit_log.describe("registration", "titles", ["TTLDTT", "GK"]) == (
        "Tập thể lao động tiên tiến; Giấy khen của Chủ tịch UBND phường")
    assert audit_log.describe("scorecard", "tiebreak", ["exceeded"]) == "Nhiều chỉ tiêu vượt kế hoạch hơn"
    assert audit_log.describe("scorecard", "bands", [{"name": "Xuất sắc", "min": 90.0}]) == "Xuất sắc từ 90 điểm"
    assert audit_log.describe("criterion", "params", {"floor": 50.5}) == (
        "Dưới tỷ lệ này (% kế hoạch) được 0 điểm: 50,5")
    assert audit_log.describe_change("criterion", "params", {}, {"expected": True}).endswith(": (trống) → Có")
    assert audit_log.describe("nomination", "check_report", [{"rule": "r", "message": "Bị kỷ luật."}]) == "Bị kỷ luật."
    narrative = {"tinh_hinh": "Năm 2026…", "uu_diem": "Tốt", "han_che": ""}
    assert audit_log.describe("campaign", "narrative", narrative) == "2 phần (Đặc điểm tình hình, Ưu điểm)"
    assert audit_log.describe_change("campaign", "narrative", {"uu_diem": "Tốt"}, narrative) == (
        "sửa 2 phần (Đặc điểm tình hình, Hạn chế, nguyên nhân)")


def test_the_trail_shows_labels_where_codes_are_stored(app, db):
    """The screen's "Thay đổi" column and ``thidua audit`` read the same words."""
    from thidua_desktop.gui.context import GuiContext
    from thidua_desktop.gui.pages.audit import AuditModel

    add_units(db, 1)
    with db.transaction(actor="lan", reason="Kiểm thử") as session:
        campaign = plan.current_campaign(session)
        unit = session.get(Unit, 1)
        unit.kind = "truong_hoc"
        title = AwardTitle(code="GK-T", name="Giấy khen", subject="unit")
        session.add(title)
        session.flush()
        nomination = Nomination(campaign_id=campaign.id, subject="unit", unit_id=unit.id, title_id=title.id)
        session.add(nomination)
        campaign.narrative = {"tinh_hinh": "Thuận lợi", "uu_diem": "Đoàn kết"}
    with db.transaction(actor="lan", reason="Kiểm thử") as session:
        session.scalars(select(Nomination)).one().status = "awarded"
    [status] = entries(db, entities=("nomination",), actions=("update",))
    assert status.summary() == "Trạng thái: Đề nghị → Được khen thưởng"
    assert ("Trạng thái", "Đề nghị", "Được khen thưởng") in status.change_lines()
    [insert] = entries(db, entities=("nomination",), actions=("insert",))
    assert "Đối tượng: Tập thể" in insert.summary()
    kinds = [r.summary() for r in entries(db, entities=("unit",), actions=("update",))]
    assert "Loại hình: Tổ dân phố → Trường học" in kinds
    [narrative] = [r for r in entries(db, entities=("campaign",), actions=("update",)) if "narrative" in r.changes]
    assert narrative.summary() == "Nội dung báo cáo năm: sửa 2 phần (Đặc điểm tình hình, Ưu điểm)"
    assert narrative.changes["narrative"][1]["uu_diem"] == "Đoàn kết"  # stored as it was
    model = AuditModel(GuiContext(app, actor="kiểm thử"))
    model.set_filter(audit_log.AuditFilter(entities=("nomination",), actions=("update",)))
    assert model.data(model.index(0, 5)) == "Trạng thái: Đề nghị → Được khen thưởng"




def test_thidua_audit(capsys, db_path):
    from thidua_desktop.services.app import open_app

    opened = open_app(db_path, actor="t")
    add_units(opened.db, 3, actor="lan")
    with opened.db.transaction(actor="hoa", reason="Sửa điện thoại") as session:
        session.get(Unit, 2).phone = "0912345678"
    opened.close()
    db = ["--db", str(db_path)]
    assert cli([*db, "audit", "--entity", "đơn vị", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["total"] == 4 and data["entries"][0]["changes"] == {"phone": ["", "0912345678"]}
    assert data["entries"][0]["actor"] == "hoa" and data["entries"][0]["reason"] == "Sửa điện thoại"
    assert cli([*db, "audit", "--actor", "hoa"]) == 0
    out = capsys.readouterr().out
    assert "Điện thoại: (trống) → 0912345678" in out and "[Sửa điện thoại]" in out and "1 / 1 mục" in out
    opened = open_app(db_path, actor="t")
    with opened.db.transaction(actor="minh", reason="Đổi loại hình") as session:
        session.get(Unit, 3).kind = "truong_hoc"
    opened.close()
    assert cli([*db, "audit", "--actor", "minh"]) == 0
    assert "Loại hình: Tổ dân phố → Trường học" in capsys.readouterr().out  # the labels, not the stored codes
    assert cli([*db, "audit", "--actor", "minh", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["entries"][0]["changes"] == {"kind": ["to_dan_pho", "truong_hoc"]}
    today = dt.date.today()
    assert cli([*db, "audit", "--since", today.strftime("%d/%m/%Y"), "--until", today.isoformat(),
                "--search", "0912345678", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["total"] == 1
    assert cli([*db, "audit", "--since", "2099-01-01", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["total"] == 0
    assert cli([*db, "audit", "--entity", "con mèo"]) == 2
    assert "không có loại bản ghi" in capsys.readouterr().err
    assert cli([*db, "audit", "--since", "hôm qua"]) == 2
    assert cli([*db, "audit", "--limit", "2"]) == 0
    assert "dùng --limit 0" in capsys.readouterr().out


@pytest.mark.parametrize("value, shown", [(None, "(trống)"), (True, "Có"), (3.0, "3"), ([1, 2], "[1, 2]"),
                                          ("2026-11-26T09:00:00", "26/11/2026 09:00:00")])
def test_format_value(value, shown):
    assert audit_log.format_value(value) == shown


def test_word_search_sees_new_entries_and_a_restored_trail(db):
    from thidua_desktop.services.safety import backup, restore

    add_units(db, 2)
    saved = backup.create_backup(db)
    quan = audit_log.AuditFilter(text="quan toan")
    with db.read() as session:
        assert audit_log.count_entries(session, quan) == 0
    with db.transaction(actor="hoa", reason="Đổi tên") as session:
        session.get(Unit, 1).name = "Tổ dân phố Quán Toan"
    audit_log.warm_cache(db)
    with db.read() as session:
        assert audit_log.count_entries(session, quan) == 1
        assert [r.label for r in audit_log.fetch_entries(session, quan)] == ["Tổ dân phố Quán Toan"]
    restore.restore(db, saved)  # the trail is the copy's again: the rename never happened
    with db.read() as session:
        assert audit_log.count_entries(session, quan) == 0
