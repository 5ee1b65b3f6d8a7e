"""A bulk write (people, results, unit reports imports: ``services/xlsx/bulkwrite.py``)
stores its times as the same text the ORM stores (SQLite's DateTime: microseconds
always written), so that rows written either way read alike; the audit chain holds."""
from __future__ import annotations

import re
import sqlite3

import openpyxl

from thidua_desktop.domain.registry import PersonFields, UnitFields
from thidua_desktop.services import plan
from thidua_desktop.services.app import open_app
from thidua_desktop.services.registry import excel as rx
from thidua_desktop.services.registry import people, units
from thidua_desktop.storage import audit_chain

ORM_TIME = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}")


def _people_list(path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Họ và tên", "Giới tính", "Ngày sinh", "Chức vụ", "Đơn vị"])
    ws.append(["Trần Thị Lan", "Nữ", "03/04/1985", "Kế toán", "Tổ dân phố số 1"])
    wb.save(path)
    return path


def test_a_bulk_imported_person_is_stamped_as_an_orm_saved_one(tmp_path):
    app = open_app(tmp_path / "phường.db", actor="kiểm thử")
    with app.db.transaction(reason="kiểm thử") as session:
        campaign = plan.current_campaign(session)
        unit_id = units.save_unit_fields(session, campaign.id, UnitFields(name="Tổ dân phố số 1"))
        people.save_person_fields(session, PersonFields(full_name="Nguyễn Văn An", gender="nam", unit_id=unit_id))
    preview = rx.preview_people_import(app.db, _people_list(tmp_path / "cá nhân.xlsx"))
    rx.apply_people_import(app.db, preview)
    with app.db.read() as session:
        assert audit_chain.verify(session.connection()).broken is None
    app.close()
    with sqlite3.connect(tmp_path / "phường.db") as raw:
        stamps = dict((name, (created, updated)) for name, created, updated in
                      raw.execute("SELECT full_name, created_at, updated_at FROM person"))
        audit_times = [at for (at,) in raw.execute("SELECT at FROM audit_entry WHERE entity = 'person'")]
    assert set(stamps) == {"Nguyễn Văn An", "Trần Thị Lan"}
    for created, updated in stamps.values():
        assert ORM_TIME.fullmatch(created) and ORM_TIME.fullmatch(updated), (created, updated)
    assert len(audit_times) == 2 and all(ORM_TIME.fullmatch(at) for at in audit_times), audit_times
