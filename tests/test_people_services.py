"""People through the services: duplicates, deletion with what depends on a person."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from registry_helpers import add_units, campaign_id
from thidua_desktop.domain.registry import PersonFields
from thidua_desktop.errors import UserError
from thidua_desktop.services.registry import people as people_service
from thidua_desktop.storage.models import AwardTitle, Nomination, Person, PersonYear


def _save(db, **values):
    with db.transaction() as session:
        return people_service.save_person(session, PersonFields(**values)).id


def test_names_are_tidied_and_duplicates_refused(db):
    unit = add_units(db, "Trạm Y tế phường")["Trạm Y tế phường"]
    first = _save(db, full_name="  NGUYỄN   THỊ HOA ", unit_id=unit, birth_date=dt.date(1980, 12, 5))
    with db.read() as session:
        person = session.get(Person, first)
        assert (person.full_name, person.name_key, person.birth_year) == ("Nguyễn Thị Hoa", "nguyễn thị hoa", 1980)
    with pytest.raises(UserError, match="Đơn vị đã có “Nguyễn Thị Hoa” sinh 05/12/1980"):
        _save(db, full_name="nguyễn  thị HOA", unit_id=unit)  # birth unknown: cannot tell them apart
    _save(db, full_name="Nguyễn Thị Hoa", unit_id=unit, birth_year=1995)  # another person, born later
    with pytest.raises(UserError, match="Chưa chọn đơn vị công tác"):
        _save(db, full_name="Trần Văn Bình")
    with db.read() as session:
        assert session.scalar(select(func.count(Person.id))) == 2


def test_list_and_leader_share(db):
    units = add_units(db, "Phòng Văn hóa - Xã hội", "Tổ dân phố số 1")
    _save(db, full_name="Lê Văn Nam", unit_id=units["Phòng Văn hóa - Xã hội"], is_leader=True, position="Trưởng phòng")
    _save(db, full_name="Lê Thị Lan", unit_id=units["Phòng Văn hóa - Xã hội"], position="Chuyên viên", gender="nu")
    _save(db, full_name="Hà Văn Sơn", unit_id=units["Tổ dân phố số 1"], active=False)
    with db.read() as session:
        rows = people_service.list_people(session, campaign_id(db))
        only = people_service.list_people(session, campaign_id(db), units["Tổ dân phố số 1"])
    assert people_service.leader_share(rows) == (1, 2)  # people no longer working are not counted
    assert [r.full_name for r in only] == ["Hà Văn Sơn"]
    lan = next(r for r in rows if r.full_name == "Lê Thị Lan")
    assert (lan.gender_label, lan.unit_name, lan.as_json()["gender"]) == ("Nữ", "Phòng Văn hóa - Xã hội", "nu")


def test_deleting_a_person_explains_nominations_and_year_records(db):
    unit = add_units(db, "Trường THCS Bạch Đằng")["Trường THCS Bạch Đằng"]
    nominated = _save(db, full_name="Đặng Ngọc Đức", unit_id=unit)
    rated = _save(db, full_name="Trần Văn Cường", unit_id=unit)
    cid = campaign_id(db)
    with db.transaction() as session:
        title = session.scalar(select(AwardTitle).where(AwardTitle.code == "GK"))
        if title is None:
            title = AwardTitle(code="GK", name="Giấy khen", subject="any")
            session.add(title)
            session.flush()
        session.add(Nomination(campaign_id=cid, subject="person", person_id=nominated, title_id=title.id))
        session.add(PersonYear(campaign_id=cid, person_id=rated, rating="HTXSNV"))
    with pytest.raises(UserError, match="(?s)Không xóa được “Đặng Ngọc Đức” vì còn:.*1 đề nghị khen thưởng.*"
                                        "bỏ chọn “Đang công tác”"):
        with db.transaction() as session:
            people_service.delete_person(session, nominated, confirmed=True)
    with pytest.raises(UserError, match="sẽ xóa luôn: xếp loại năm 2026 \\(hoàn thành xuất sắc nhiệm vụ\\)"):
        with db.transaction() as session:
            people_service.delete_person(session, rated)
    with db.transaction() as session:
        assert people_service.delete_person(session, rated, confirmed=True) == "Trần Văn Cường"
    with db.read() as session:
        assert session.scalar(select(func.count(PersonYear.id))) == 0
        assert session.scalar(select(func.count(Person.id))) == 1
