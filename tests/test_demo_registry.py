"""The demo ward's participants: realistic, consistent and the same every time."""
from __future__ import annotations

import collections
import random

import pytest
from sqlalchemy import select

from thidua_desktop.domain.registry import check_phone, is_leader_position, registration_problems
from thidua_desktop.domain.text import split_person_name
from thidua_desktop.domain.units import RATINGS, UNIT_KINDS
from thidua_desktop.services.registry import blocks as block_service
from thidua_desktop.services.registry import people as people_service
from thidua_desktop.services import plan
from thidua_desktop.services.registry import units as unit_service
from thidua_desktop.services.app import open_app
from thidua_desktop.services.demo import SEED, STEPS
from thidua_desktop.services.demo import registry as registry_step
from thidua_desktop.services.progress import no_progress
from thidua_desktop.storage.models import PersonYear, Registration


def _populate(db) -> str:
    with db.transaction(reason="dữ liệu mẫu") as session:
        return registry_step.populate(session, plan.current_campaign(session), random.Random(SEED), no_progress)


@pytest.fixture
def ward(db):
    note = _populate(db)
    with db.read() as session:
        campaign = plan.current_campaign(session)
        data = {
            "note": note,
            "units": unit_service.list_units(session, campaign.id),
            "blocks": block_service.list_blocks(session, campaign.id),
            "people": people_service.list_people(session, campaign.id),
            "years": session.scalars(select(PersonYear)).all(),
            "registrations": session.scalars(select(Registration)).all(),
        }
    return data


def test_registry_is_the_first_demo_step():
    assert STEPS[0] == "registry"


def test_sizes_and_kinds(ward):
    assert ward["note"].startswith("40 đơn vị trong 5 khối thi đua, 150 cá nhân")
    kinds = collections.Counter(u.kind for u in ward["units"])
    assert kinds == {"to_dan_pho": 14, "co_quan": 6, "don_vi_su_nghiep": 2, "truong_hoc": 5,
                     "mat_tran_doan_the": 7, "doanh_nghiep": 6}
    assert set(kinds) <= set(UNIT_KINDS)
    names = [u.name for u in ward["units"]]
    assert "Tổ dân phố số 1" in names and "Trường THCS Bạch Đằng" in names
    assert "Ủy ban MTTQ Việt Nam phường Bạch Đằng" in names and "Công an phường Bạch Đằng" in names
    assert not any(n.lower().startswith(("unit", "đơn vị ", "test")) for n in names)
    assert len(ward["people"]) == 150


def test_blocks_have_their_leading_units(ward):
    blocks = ward["blocks"]
    assert [b.member_count for b in blocks] == [8, 7, 5, 14, 5]
    for block in blocks:
        members = {i for i, _ in block.members}
        assert block.leader_id in members and block.deputy_id in members and block.leader_id != block.deputy_id
    by_name = {u.name: u for u in ward["units"]}
    assert by_name["Tổ dân phố số 3"].block_role == "leader"
    assert by_name["Quỹ tín dụng nhân dân Bạch Đằng"].block_id is None  # one unit left for the clerk to place


def test_units_are_consistent(ward):
    people_by_unit = collections.defaultdict(list)
    for p in ward["people"]:
        people_by_unit[p.unit_id].append(p.full_name)
    for unit in ward["units"]:
        assert unit.head_name in people_by_unit[unit.id]
        assert check_phone(unit.phone) is None
        if unit.staff_count is not None:
            assert 0 <= unit.female_staff_count <= unit.staff_count
        assert unit.people == len(people_by_unit[unit.id]) >= 2


def test_names_look_vietnamese_and_agree_with_gender(ward):
    people = ward["people"]
    families = collections.Counter(split_person_name(p.full_name)[0] for p in people)
    assert families.most_common(1)[0][0] == "Nguyễn" and len(families) >= 12
    for person in people:
        family, middle, given = split_person_name(person.full_name)
        assert family and middle and given
        words = middle.split()
        if "Thị" in words:
            assert person.gender == "nu", person.full_name
        if words[:1] == ["Văn"]:
            assert person.gender == "nam", person.full_name
        assert person.is_leader == is_leader_position(person.position)
        assert person.birth_year and 1940 <= person.birth_year <= 2005
        assert not person.phone or check_phone(person.phone) is None
    genders = collections.Counter(p.gender for p in people)
    assert genders["nam"] > 40 and genders["nu"] > 40
    assert 0.2 < sum(p.is_leader for p in people) / len(people) < 0.45
    women = [p for p in people if p.unit_name == "Hội Liên hiệp Phụ nữ phường"]
    assert women and all(p.gender == "nu" for p in women)


def test_registrations_and_ratings_follow_the_rules(ward):
    kinds = {u.id: u.kind for u in ward["units"]}
    regs = ward["registrations"]
    assert 30 <= len(regs) < 40
    for reg in regs:
        assert registration_problems(kinds[reg.unit_id], reg.titles) == [], reg.titles
        assert reg.registered_on.year == 2026
    years = ward["years"]
    assert len(years) >= 0.8 * len(ward["people"]) and {y.rating for y in years} <= set(RATINGS)
    assert {y.discipline for y in years} >= {"khien_trach", "canh_cao"} and any(y.under_review for y in years)


def test_the_same_every_time(db, tmp_path):
    _populate(db)
    other = open_app(tmp_path / "lần hai.db")
    try:
        _populate(other.db)

        def snapshot(database):
            with database.read() as session:
                cid = plan.current_campaign(session).id
                return ([(u.name, u.head_name, u.phone, u.block_name) for u in unit_service.list_units(session, cid)],
                        [(p.full_name, p.birth_date, p.position) for p in people_service.list_people(session, cid)])

        assert snapshot(db) == snapshot(other.db)
    finally:
        other.close()
