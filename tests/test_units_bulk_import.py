"""The units import writes in bulk and still leaves the audit trail the session would.

A units file goes in with bulk statements (services/xlsx/bulkwrite.py): every unit,
block, place in a block and change of a block's leading unit gets one audit
entry with the actor, the reason, the record's name and the values, in the
shape storage/audit.py gives a row the ORM writes; roles and field limits are
enforced, and a refused import writes nothing.
"""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from registry_helpers import campaign_id, write_xlsx
from thidua_desktop.domain.registry import UnitFields
from thidua_desktop.domain.roles import PermissionDenied
from thidua_desktop.errors import UserError
from thidua_desktop.services.safety import accounts
from thidua_desktop.services import plan
from thidua_desktop.services.registry import blocks as block_service
from thidua_desktop.services.registry import excel as rx
from thidua_desktop.services.registry import units as unit_service
from thidua_desktop.services.app import open_app
from thidua_desktop.services.safety.field_limits import TooLong
from thidua_desktop.services.xlsx.importing import Outcome
from thidua_desktop.storage.models import AuditEntry, BlockMembership, EmulationBlock, Unit

HEADER = ["Tên đơn vị", "Loại hình", "Khối thi đua", "Vai trò trong khối", "Thủ trưởng", "Điện thoại",
          "Số cán bộ", "Trong đó nữ", "Ghi chú"]
ROWS = [
    ["Tổ dân phố số 1", "Tổ dân phố", "Khối tổ dân phố", "Trưởng khối", "NGUYỄN VĂN AN", "0225 3871 111", 5, 2,
     "Tổ mới\ntách"],
    ["Tổ dân phố số 2", None, "khoi to dan pho", "Phó khối", None, None, None, None, None],
    ["Trường Tiểu học Bạch Đằng", None, None, None, "Lê Thị Hoa", None, 40, 35, None],
]
REASON = "Nhập danh sách đơn vị từ tệp {}"


def entries(db, entity: str, action: str | None = None) -> list[AuditEntry]:
    with db.read() as session:
        query = select(AuditEntry).where(AuditEntry.entity == entity).order_by(AuditEntry.id)
        if action:
            query = query.where(AuditEntry.action == action)
        return list(session.scalars(query))


def row_values(db, model, row_id: int) -> dict:
    """The stored row as the audit records an insert: every column but the stamps."""
    table = model.__table__
    with db.read() as session:
        row = session.execute(select(table).where(table.c.id == row_id)).mappings().one()
    return {k: v for k, v in row.items() if k not in ("created_at", "updated_at")}


def test_a_bulk_units_import_writes_one_audit_entry_per_unit_with_its_values(db, tmp_path):
    path = write_xlsx(tmp_path / "đơn vị.xlsx", [HEADER, *ROWS])
    preview = rx.preview_units_import(db, path)
    assert [r.outcome for r in preview.rows] == [Outcome.NEW] * 3, preview.lines()
    rx.apply_units_import(db, preview)

    with db.read() as session:
        units = {u.name: u.id for u in session.scalars(select(Unit))}
        [block] = session.scalars(select(EmulationBlock)).all()
        places = dict(session.execute(select(BlockMembership.unit_id, BlockMembership.id)).all())
    inserts = entries(db, "unit", "insert")
    assert len(inserts) == 3 == len(units) and not entries(db, "unit", "update")
    assert [e.entity_id for e in inserts] == [units[r[0]] for r in ROWS]
    for entry in inserts:
        assert entry.actor == "kiểm thử" and entry.reason == REASON.format(path.name)
        assert entry.label == next(name for name, i in units.items() if i == entry.entity_id)
        assert entry.changes == row_values(db, Unit, entry.entity_id)
    first = inserts[0].changes
    assert (first["head_name"], first["phone"], first["kind"], first["staff_count"], first["note"]) == (
        "Nguyễn Văn An", "0225 3871 111", "to_dan_pho", 5, "Tổ mới\ntách")
    assert inserts[2].changes["kind"] == "truong_hoc" and inserts[2].changes["active"] is True

    # The same unit saved one at a time through the ORM leaves the same entry.
    other = open_app(tmp_path / "từng đơn vị.db", actor="kiểm thử")
    try:
        with other.db.transaction(reason=REASON.format(path.name)) as session:
            unit_service.save_unit(session, plan.current_campaign(session).id, UnitFields(
                name="Tổ dân phố số 1", kind="to_dan_pho", head_name="NGUYỄN VĂN AN", phone="0225 3871 111",
                staff_count=5, female_staff_count=2, note="Tổ mới\ntách"), set_block=False)
        [orm] = entries(other.db, "unit", "insert")
    finally:
        other.close()
    assert (orm.actor, orm.label, orm.reason) == (inserts[0].actor, inserts[0].label, inserts[0].reason)
    assert {**orm.changes, "id": None} == {**first, "id": None}

    # The new block (with its leading and deputy units) and both places in it.
    [block_entry] = entries(db, "emulation_block")
    assert (block_entry.action, block_entry.entity_id, block_entry.label) == ("insert", block.id, "Khối tổ dân phố")
    assert block_entry.changes == row_values(db, EmulationBlock, block.id)
    assert (block.leader_unit_id, block.deputy_unit_id) == (units["Tổ dân phố số 1"], units["Tổ dân phố số 2"])
    joins = entries(db, "block_membership", "insert")
    assert [(e.entity_id, e.label, e.changes["unit_id"], e.changes["block_id"]) for e in joins] == [
        (places[units["Tổ dân phố số 1"]], "", units["Tổ dân phố số 1"], block.id),
        (places[units["Tổ dân phố số 2"]], "", units["Tổ dân phố số 2"], block.id)]
    assert all(e.changes == row_values(db, BlockMembership, e.entity_id) for e in joins)


def test_a_bulk_units_reimport_audits_each_change_with_old_and_new_values(db, tmp_path):
    rx.apply_units_import(db, rx.preview_units_import(db, write_xlsx(tmp_path / "1.xlsx", [HEADER, *ROWS])))
    audited = len(entries(db, "unit"))
    changed = [HEADER,
               ["Tổ dân phố số 1", None, "Khối tổ dân phố", None, None, "0912 345 678", None, None, None],
               ["to dan pho so 2", None, "Khối nhà trường", "Trưởng khối", None, None, None, None, None],
               ["Trường Tiểu học Bạch Đằng", None, None, None, "Lê Thị Hoa", None, 40, 35, None]]
    path = write_xlsx(tmp_path / "2.xlsx", changed)
    preview = rx.preview_units_import(db, path)
    assert [r.outcome for r in preview.rows] == [Outcome.UPDATE, Outcome.UPDATE, Outcome.UNCHANGED], preview.lines()
    rx.apply_units_import(db, preview)

    with db.read() as session:
        units = {u.name: u.id for u in session.scalars(select(Unit))}
        blocks = {b.name: b for b in session.scalars(select(EmulationBlock))}
    [update] = entries(db, "unit", "update")
    assert len(entries(db, "unit")) == audited + 1
    assert (update.entity_id, update.label, update.actor, update.reason) == (
        units["Tổ dân phố số 1"], "Tổ dân phố số 1", "kiểm thử", REASON.format(path.name))
    assert update.changes == {"phone": ["0225 3871 111", "0912 345 678"]}
    # Tổ 2 moved to a new block, as its leading unit, and left its deputy role behind.
    old, new = blocks["Khối tổ dân phố"], blocks["Khối nhà trường"]
    [move] = entries(db, "block_membership", "update")
    assert move.changes == {"block_id": [old.id, new.id]} and move.label == ""
    block_updates = entries(db, "emulation_block", "update")
    assert [(e.entity_id, e.label, e.changes) for e in block_updates] == [
        (old.id, "Khối tổ dân phố", {"deputy_unit_id": [units["Tổ dân phố số 2"], None]})]
    [created] = [e for e in entries(db, "emulation_block", "insert") if e.entity_id == new.id]
    assert created.changes["leader_unit_id"] == units["Tổ dân phố số 2"] and created.changes["position"] == 2
    assert (old.deputy_unit_id, new.leader_unit_id) == (None, units["Tổ dân phố số 2"])
    # What the lists show agrees.
    with db.read() as session:
        rows = {u.name: u for u in unit_service.list_units(session, campaign_id(db))}
    assert (rows["Tổ dân phố số 2"].block_name, rows["Tổ dân phố số 2"].block_role) == ("Khối nhà trường", "leader")
    assert rows["Tổ dân phố số 1"].block_role == "leader"
    # Importing the same file again changes nothing and records nothing.
    total = len(entries(db, "unit")) + len(entries(db, "emulation_block")) + len(entries(db, "block_membership"))
    again = rx.preview_units_import(db, path)
    assert {r.outcome for r in again.rows} == {Outcome.UNCHANGED}
    rx.apply_units_import(db, again)
    assert total == len(entries(db, "unit")) + len(entries(db, "emulation_block")) + len(
        entries(db, "block_membership"))


def test_a_block_cell_of_invisible_characters_keeps_the_units_block(db, tmp_path):
    rx.apply_units_import(db, rx.preview_units_import(db, write_xlsx(tmp_path / "1.xlsx", [HEADER, *ROWS])))
    path = write_xlsx(tmp_path / "2.xlsx", [["Tên đơn vị", "Khối thi đua", "Điện thoại"],
                                            ["Tổ dân phố số 2", "\u200b", "0225 3871 222"]])
    preview = rx.preview_units_import(db, path)
    assert "khối" not in preview.rows[0].message, preview.lines()
    rx.apply_units_import(db, preview)
    with db.read() as session:
        rows = {u.name: u for u in unit_service.list_units(session, campaign_id(db))}
    assert (rows["Tổ dân phố số 2"].block_name, rows["Tổ dân phố số 2"].phone) == ("Khối tổ dân phố", "0225 3871 222")


def _unit_trail(db) -> tuple:
    with db.read() as session:
        return (session.scalar(select(func.count(Unit.id))), session.scalar(select(func.count(EmulationBlock.id))),
                session.scalar(select(func.count(BlockMembership.id))),
                session.scalar(select(func.count(AuditEntry.id)).where(
                    AuditEntry.entity.in_(["unit", "emulation_block", "block_membership"]))))


def test_a_reader_may_not_import_units_and_nothing_is_written(db, tmp_path):
    accounts.create_first_admin(db, "Admin", "matkhau-quan-tri", "Nguyễn Thị Lan")
    with db.transaction(reason="t") as session:
        accounts.create_account(session, "doc", "matkhau123", "reader", "Người Đọc")
    accounts.sign_in_as(db, accounts.authenticate(db, "doc", "matkhau123"))
    preview = rx.preview_units_import(db, write_xlsx(tmp_path / "đơn vị.xlsx", [HEADER, *ROWS]))
    before = _unit_trail(db)
    with pytest.raises(PermissionDenied, match="không được phép nhập dữ liệu từ tệp"):
        rx.apply_units_import(db, preview)
    assert _unit_trail(db) == before == (0, 0, 0, 0)


def test_text_longer_than_its_column_stops_the_whole_units_file(db, tmp_path):
    rows = [HEADER, *ROWS, ["Tổ dân phố số 3", None, None, None, "Trần Văn " + "A" * 300, None, None, None, None]]
    preview = rx.preview_units_import(db, write_xlsx(tmp_path / "dài.xlsx", rows))
    assert preview.ok, preview.lines()
    with pytest.raises(TooLong, match="thủ trưởng dài 309 ký tự, tối đa 200"):
        rx.apply_units_import(db, preview)
    assert _unit_trail(db) == (0, 0, 0, 0)
    long_block = [HEADER, ["Tổ dân phố số 4", None, "Khối " + "b" * 240, None, None, None, None, None, None]]
    preview = rx.preview_units_import(db, write_xlsx(tmp_path / "khối dài.xlsx", long_block))
    with pytest.raises(UserError, match=r"Dòng 2 \(Tổ dân phố số 4\): Tên khối quá dài"):
        rx.apply_units_import(db, preview)
    assert _unit_trail(db) == (0, 0, 0, 0)
    with db.read() as session:
        assert block_service.list_blocks(session, campaign_id(db)) == []
