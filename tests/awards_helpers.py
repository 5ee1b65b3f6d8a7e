"""A small ward for the scoring and awards tests: real rows in the test's SQLite file.

Units, blocks, people, criteria and results are other areas' screens; here
they are written directly with the models so that these tests depend only on
the schema.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from thidua_desktop.domain.text import unique_key
from thidua_desktop.services.results import evaluation as ev
from thidua_desktop.services import plan
from thidua_desktop.storage.models import (
    Allocation, BlockMembership, Criterion, EmulationBlock, Person, PersonYear, Result, Unit, UnitReport,
)

TDP = ["Tổ dân phố số 1", "Tổ dân phố số 2", "Tổ dân phố số 3", "Tổ dân phố số 4"]
SCHOOLS = ["Trường Tiểu học Bạch Đằng", "Trường Mầm non Hoa Sen", "Trường THCS Bạch Đằng"]

# (BHYT %, own count "số hộ đăng ký GĐVH", yes/no "không có vụ việc phức tạp", reported on)
TDP_RESULTS = {
    "Tổ dân phố số 1": (97.5, 180, True, dt.date(2026, 12, 1)),
    "Tổ dân phố số 2": (96.0, 150, True, dt.date(2026, 12, 2)),
    "Tổ dân phố số 3": (95.0, 200, False, dt.date(2026, 12, 8)),  # late, and a complex incident
    "Tổ dân phố số 4": None,  # not reported
}

SCHOOL_PEOPLE = [
    # name, gender, rating, discipline, under review, initiative
    ("Nguyễn Thị Hoa", "nu", "HTXSNV", "", False, ""),
    ("Trần Văn Nam", "nam", "HTTNV", "", False, "Số hóa hồ sơ học sinh"),
    ("Lê Thị Thu", "nu", "HTTNV", "", False, ""),
    ("Phạm Văn Long", "nam", "HTNV", "", False, ""),
    ("Hoàng Thị Mai", "nu", "HTTNV", "canh_cao", False, ""),
    ("Vũ Văn Tùng", "nam", "HTTNV", "", True, ""),
    ("Đặng Thị Lan", "nu", "HTTNV", "", False, ""),
    ("Bùi Văn Đức", "nam", "HTTNV", "", False, ""),
    ("Đỗ Thị Hằng", "nu", "HTTNV", "", False, ""),
    ("Ngô Văn Hải", "nam", "", "", False, ""),
]


def _unit(s, name, kind, **kw):
    unit = Unit(name=name, name_key=unique_key(name), kind=kind, **kw)
    s.add(unit)
    s.flush()
    return unit


def make_ward(db) -> dict[str, int]:
    """Two blocks with criteria and results, people of one school; returns ids by name."""
    ids: dict[str, int] = {}
    with db.transaction(actor="kiểm thử") as s:
        campaign = plan.current_campaign(s)
        period = ev.main_period(campaign)
        bhyt = next(m for t in campaign.targets for m in t.measures if m.code == "8")
        tdp_block = EmulationBlock(campaign_id=campaign.id, position=0, name="Khối tổ dân phố",
                                   name_key=unique_key("Khối tổ dân phố"))
        school_block = EmulationBlock(campaign_id=campaign.id, position=1, name="Khối trường học",
                                      name_key=unique_key("Khối trường học"))
        s.add_all([tdp_block, school_block])
        s.flush()
        ids["Khối tổ dân phố"], ids["Khối trường học"] = tdp_block.id, school_block.id
        c_bhyt = Criterion(block_id=tdp_block.id, position=0, code="1", label="Tỷ lệ dân số tham gia BHYT",
                           kind="measure", measure_id=bhyt.id, unit="%", comparison="ge")
        c_hh = Criterion(block_id=tdp_block.id, position=1, code="2", label="Số hộ đăng ký Gia đình văn hóa",
                         kind="number", unit="hộ", comparison="ge", planned_value=150)
        c_safe = Criterion(block_id=tdp_block.id, position=2, code="3",
                           label="Không để xảy ra vụ việc phức tạp về an ninh trật tự", kind="yesno")
        s.add_all([c_bhyt, c_hh, c_safe])
        c_school = Criterion(block_id=school_block.id, position=0, code="1", label="Hoàn thành kế hoạch năm học",
                             kind="yesno")
        s.add(c_school)
        s.flush()
        ids.update({"c_bhyt": c_bhyt.id, "c_hh": c_hh.id, "c_safe": c_safe.id, "c_school": c_school.id})
        for name in TDP:
            unit = _unit(s, name, "to_dan_pho", staff_count=300, female_staff_count=160)
            ids[name] = unit.id
            s.add(BlockMembership(campaign_id=campaign.id, block_id=tdp_block.id, unit_id=unit.id))
            s.add(Allocation(measure_id=bhyt.id, unit_id=unit.id, planned_value=96))
            data = TDP_RESULTS[name]
            if data is None:
                continue
            rate, households, safe, on = data
            s.add_all([
                Result(period_id=period.id, unit_id=unit.id, measure_id=bhyt.id, value=rate, reported_on=on),
                Result(period_id=period.id, unit_id=unit.id, criterion_id=c_hh.id, value=households, reported_on=on),
                Result(period_id=period.id, unit_id=unit.id, criterion_id=c_safe.id, flag=safe, reported_on=on),
                UnitReport(period_id=period.id, unit_id=unit.id, reported_on=on, source="manual"),
            ])
        for i, name in enumerate(SCHOOLS):
            unit = _unit(s, name, "truong_hoc", staff_count=10 if i == 2 else 40,
                         female_staff_count=8 if i == 2 else 20)
            ids[name] = unit.id
            s.add(BlockMembership(campaign_id=campaign.id, block_id=school_block.id, unit_id=unit.id))
            on = dt.date(2026, 12, 3)
            s.add_all([Result(period_id=period.id, unit_id=unit.id, criterion_id=c_school.id, flag=True,
                              reported_on=on),
                       UnitReport(period_id=period.id, unit_id=unit.id, reported_on=on, source="manual")])
        school = ids["Trường THCS Bạch Đằng"]
        for name, gender, rating, discipline, review, initiative in SCHOOL_PEOPLE:
            person = Person(full_name=name, name_key=unique_key(name), gender=gender, unit_id=school,
                            position="Giáo viên", birth_year=1985)
            s.add(person)
            s.flush()
            ids[name] = person.id
            s.add(PersonYear(campaign_id=campaign.id, person_id=person.id, rating=rating,
                             discipline=discipline, under_review=review, initiative=initiative))
    return ids


def block_id(session, name: str) -> int:
    return session.scalar(select(EmulationBlock.id).where(EmulationBlock.name == name))


def full_year(db) -> dict[str, int]:
    """The small ward with nominations of every kind, a council session with
    votes and a recorded decision; returns ids (``session``, ``decision``)."""
    import datetime as _dt

    from thidua_desktop.services.awards import (
        catalogue as awards, council, decisions, nominations as nm,
    )

    ids = make_ward(db)
    good = ["Nguyễn Thị Hoa", "Trần Văn Nam", "Lê Thị Thu", "Đặng Thị Lan", "Bùi Văn Đức", "Đỗ Thị Hằng"]
    with db.transaction(actor="kiểm thử") as s:
        c = plan.current_campaign(s)
        for name in good:
            nm.create(s, c, nm.NominationInput("person", "LDTT", person_id=ids[name],
                                               summary="Hoàn thành tốt nhiệm vụ năm học 2025 - 2026"),
                      recheck_all=False)
        nm.create(s, c, nm.NominationInput("person", "CSTDCS", person_id=ids["Nguyễn Thị Hoa"],
                                           summary="Giáo viên dạy giỏi cấp thành phố"), recheck_all=False)
        nm.create(s, c, nm.NominationInput("unit", "GK", unit_id=ids["Tổ dân phố số 1"],
                                           summary="Dẫn đầu khối tổ dân phố"), recheck_all=False)
        nm.create(s, c, nm.NominationInput("household", "GK", household_name="Hộ ông Phạm Văn Lộc",
                                           household_address="Số 12 đường Bạch Đằng",
                                           proposing_unit_id=ids["Tổ dân phố số 1"],
                                           summary="Hiến 50 m² đất mở rộng ngõ 12"), recheck_all=False)
        nm.recheck(s, c)
        members = [council.MemberInput(f"Thành viên số {i + 1}", "Ủy viên",
                                       "present" if i < 7 else "written" if i < 8 else "absent") for i in range(9)]
        cs = council.save_session(s, c, council.SessionInput("01/BB-HĐTĐKT", _dt.datetime(2026, 12, 18, 8),
                                                            place="Hội trường", members=members))
        rows = nm.rows(s, c)
        council.set_votes(s, cs.id, {r.id: 8 for r in rows if r.verdict.may_proceed})
        d = decisions.record(s, c, decisions.DecisionInput(
            "125/QĐ-UBND", _dt.date(2026, 12, 22),
            [t.id for t in awards.titles(s) if t.code in ("GK", "LDTT", "CSTDCS")], session_id=cs.id))
        ids["session"], ids["decision"] = cs.id, d.id
    return ids


def wait_ranked(qtbot, page) -> None:
    """The scoring page ranks in the background: wait until the latest load is shown."""
    qtbot.waitUntil(lambda: page.loading is None, timeout=30_000)
