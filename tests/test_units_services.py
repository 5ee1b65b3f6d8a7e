"""Units, blocks and registrations through the services, on a real database."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from registry_helpers import add_units, campaign_id
from thidua_desktop.domain.registry import PersonFields, UnitFields
from thidua_desktop.errors import UserError
from thidua_desktop.services.registry import blocks as block_service
from thidua_desktop.services.registry import people as people_service
from thidua_desktop.services.registry import registrations
from thidua_desktop.services.registry import units as unit_service
from thidua_desktop.storage.models import AuditEntry, BlockMembership, Criterion, EmulationBlock, Registration, Unit


def test_names_are_unique_after_normalisation(db):
    add_units(db, "Tổ dân phố số 1")
    cid = campaign_id(db)
    for clash in (" tổ dân phố  SỐ 1 ", "Tổ dân phố số 1\u200b", "To dan pho so 1"):
        with pytest.raises(UserError, match="Đã có đơn vị “Tổ dân phố số 1”"):
            with db.transaction() as session:
                unit_service.save_unit(session, cid, UnitFields(name=clash))
    with db.read() as session:
        assert session.scalar(select(func.count(Unit.id))) == 1


def test_saving_is_audited_with_actor_and_reason(db):
    cid = campaign_id(db)
    with db.transaction(reason="Thêm đơn vị Hội Nông dân") as session:
        unit = unit_service.save_unit(session, cid, UnitFields(name="  Hội   Nông dân ", kind="mat_tran_doan_the",
                                                                head_name="NGUYỄN VĂN AN", phone="0912 345 678"))
        unit_id = unit.id
    with db.transaction(reason="Sửa điện thoại") as session:
        fields = unit_service.unit_fields(session, unit_id)
        fields.phone = "0225 3871 000"
        unit_service.save_unit(session, cid, fields, unit_id=unit_id)
    with db.read() as session:
        unit = session.get(Unit, unit_id)
        assert (unit.name, unit.name_key, unit.head_name) == ("Hội Nông dân", "hội nông dân", "Nguyễn Văn An")
        entries = session.scalars(select(AuditEntry).where(AuditEntry.entity == "unit")).all()
    assert [e.action for e in entries] == ["insert", "update"]
    assert entries[0].actor == "kiểm thử" and entries[0].reason == "Thêm đơn vị Hội Nông dân"
    assert entries[1].changes == {"phone": ["0912 345 678", "0225 3871 000"]}


def test_blocks_members_leader_and_bulk_assignment(db):
    ids = add_units(db, "Trường A", "Trường B", "Trường C", "Tổ 1", kind="truong_hoc")
    cid = campaign_id(db)
    with db.transaction() as session:
        schools = block_service.save_block(session, cid, block_service.BlockFields(
            "Khối trường học", ids["Trường A"], ids["Trường B"], member_ids=[ids["Trường A"], ids["Trường B"]]))
        other = block_service.save_block(session, cid, block_service.BlockFields("Khối khác"))
        schools_id, other_id = schools.id, other.id
    with pytest.raises(UserError, match="Năm nay đã có “Khối trường học”"):
        with db.transaction() as session:
            block_service.save_block(session, cid, block_service.BlockFields(" khối TRƯỜNG học"))
    with pytest.raises(UserError, match="Trưởng khối phải là một đơn vị thành viên"):
        with db.transaction() as session:
            block_service.save_block(session, cid, block_service.BlockFields(
                "Khối khác", ids["Tổ 1"], member_ids=[]), other_id)
    with db.transaction() as session:
        result = unit_service.assign_block(session, cid, [ids["Trường A"], ids["Trường C"], ids["Tổ 1"]], other_id)
    assert (result.moved, result.roles_dropped) == (3, ["Khối trường học"])
    assert "Đã xếp 3 đơn vị vào “Khối khác”" in result.message("Khối khác")
    with db.read() as session:
        rows = {b.name: b for b in block_service.list_blocks(session, cid)}
    assert rows["Khối trường học"].leader_id is None and rows["Khối trường học"].deputy_name == "Trường B"
    assert [n for _, n in rows["Khối khác"].members] == ["Tổ 1", "Trường A", "Trường C"]
    with db.transaction() as session:
        again = unit_service.assign_block(session, cid, [ids["Tổ 1"]], other_id)
        out = unit_service.assign_block(session, cid, [ids["Tổ 1"]], None)
    assert (again.moved, again.unchanged, out.moved) == (0, 1, 1)
    with db.read() as session:
        found = block_service.find_block(session, cid, "khoi truong")
        assert found.id == schools_id
        with pytest.raises(UserError, match="Không có khối thi đua “khối ma”"):
            block_service.find_block(session, cid, "khối ma")


def test_deleting_a_unit_explains_what_depends_on_it(db):
    ids = {**add_units(db, "Trạm Y tế phường"), **add_units(db, "Tổ dân phố số 3", kind="to_dan_pho")}
    cid = campaign_id(db)
    with db.transaction() as session:
        people_service.save_person(session, PersonFields(full_name="Lê Thị Hoa", unit_id=ids["Trạm Y tế phường"]))
        block_service.save_block(session, cid, block_service.BlockFields(
            "Khối tổ dân phố", ids["Tổ dân phố số 3"], member_ids=[ids["Tổ dân phố số 3"]]))
        registrations.register(session, cid, [ids["Tổ dân phố số 3"]], dt.date(2026, 3, 2), ["TDPVH"])
    with pytest.raises(UserError) as info:
        with db.transaction() as session:
            unit_service.delete_unit(session, ids["Trạm Y tế phường"], confirmed=True)
    assert "1 cá nhân thuộc đơn vị" in info.value.message and "bỏ chọn “Đang hoạt động”" in info.value.message
    with pytest.raises(UserError) as info:
        with db.transaction() as session:
            unit_service.delete_unit(session, ids["Tổ dân phố số 3"])
    message = info.value.message
    assert "vị trí trong “Khối tổ dân phố” năm 2026" in message and "vai trò trưởng khối" in message
    assert "bản đăng ký thi đua" in message
    with db.transaction() as session:
        assert unit_service.delete_unit(session, ids["Tổ dân phố số 3"], confirmed=True) == "Tổ dân phố số 3"
    with db.read() as session:
        block = session.scalar(select(EmulationBlock))
        assert block.leader_unit_id is None
        assert session.scalar(select(func.count(BlockMembership.id))) == 0
        assert session.scalar(select(func.count(Registration.id))) == 0
        deleted = session.scalars(select(AuditEntry).where(AuditEntry.action == "delete")).all()
    assert {e.entity for e in deleted} == {"unit", "block_membership", "registration"}


def test_a_block_with_a_scorecard_cannot_be_deleted(db):
    ids = add_units(db, "Tổ 1")
    cid = campaign_id(db)
    with db.transaction() as session:
        block = block_service.save_block(session, cid, block_service.BlockFields("Khối 1", member_ids=[ids["Tổ 1"]]))
        session.add(Criterion(block_id=block.id, code="1", label="Tiêu chí 1"))
        block_id = block.id
    with pytest.raises(UserError, match="(?s)Không xóa được “Khối 1” vì còn:.*1 tiêu chí chấm điểm"):
        with db.transaction() as session:
            block_service.delete_block(session, block_id, confirmed=True)
    with db.transaction() as session:
        session.delete(session.scalar(select(Criterion)))
    with pytest.raises(UserError, match="1 đơn vị thành viên sẽ thành “chưa xếp khối”"):
        with db.transaction() as session:
            block_service.delete_block(session, block_id)
    with db.transaction() as session:
        block_service.delete_block(session, block_id, confirmed=True)
    with db.read() as session:
        assert session.scalar(select(func.count(EmulationBlock.id))) == 0


def test_registrations_for_many_units_checked_by_kind(db):
    tdp = add_units(db, "Tổ dân phố số 1", "Tổ dân phố số 2", kind="to_dan_pho")
    office = add_units(db, "Văn phòng HĐND và UBND phường")
    cid = campaign_id(db)
    with pytest.raises(UserError, match="Văn phòng HĐND và UBND phường: danh hiệu “Tổ dân phố văn hóa”"):
        with db.transaction() as session:
            registrations.register(session, cid, [*tdp.values(), *office.values()], None, ["TDPVH"])
    with db.transaction() as session:
        assert registrations.register(session, cid, list(tdp.values()), dt.date(2026, 3, 1),
                                      ["GK", "TDPVH", "GK"], "tại hội nghị") == 2
    with db.read() as session:
        rows = {r.unit_name: r for r in registrations.list_registrations(session, cid)}
    assert rows["Tổ dân phố số 1"].titles == ("GK", "TDPVH")  # catalogue order, no repeats
    assert rows["Tổ dân phố số 2"].registered_on == dt.date(2026, 3, 1)
    assert not rows["Văn phòng HĐND và UBND phường"].registered
    with db.transaction() as session:
        assert registrations.unregister(session, cid, [tdp["Tổ dân phố số 1"]]) == 1
    with db.read() as session:
        assert session.scalar(select(func.count(Registration.id))) == 1
