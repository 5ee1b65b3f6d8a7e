"""A small ward for the results tests: real rows in the test's SQLite file.

Units and blocks are made here directly (the registry screens are another
area); the default allocation and criteria are then applied by the service
under test.
"""
from __future__ import annotations

from sqlalchemy import select

from thidua_desktop.domain.text import unique_key
from thidua_desktop.services.results import evaluation as ev
from thidua_desktop.services import plan
from thidua_desktop.services.results import targets as target_service
from thidua_desktop.storage.models import BlockMembership, EmulationBlock, Unit

BLOCKS = {
    "Khối tổ dân phố": [("Tổ dân phố số 1", "to_dan_pho"), ("Tổ dân phố số 2", "to_dan_pho"),
                        ("Tổ dân phố số 3", "to_dan_pho")],
    "Khối trường học": [("Trường Tiểu học Bạch Đằng", "truong_hoc"), ("Trường Mầm non Hoa Sen", "truong_hoc")],
    "Khối cơ quan": [("Trung tâm phục vụ hành chính công phường", "co_quan"), ("Công an phường", "co_quan"),
                     ("Ban Chỉ huy quân sự phường", "co_quan")],
    "Khối doanh nghiệp": [("Công ty TNHH Thủy sản Hải Long", "doanh_nghiep")],
}


def make_ward(db, allocate: bool = True) -> dict[str, int]:
    """Units and blocks of a small ward; returns unit ids by name."""
    ids = {}
    with db.transaction(actor="kiểm thử") as s:
        campaign = plan.current_campaign(s)
        for position, (block_name, units) in enumerate(BLOCKS.items()):
            block = EmulationBlock(campaign_id=campaign.id, position=position, name=block_name,
                                   name_key=unique_key(block_name))
            s.add(block)
            s.flush()
            for name, kind in units:
                unit = Unit(name=name, name_key=unique_key(name), kind=kind, phone="0225 3821 000",
                            head_name="Nguyễn Văn An")
                s.add(unit)
                s.flush()
                s.add(BlockMembership(campaign_id=campaign.id, block_id=block.id, unit_id=unit.id))
                ids[name] = unit.id
        if allocate:
            target_service.apply_default_allocation(s, campaign)
            target_service.apply_default_criteria(s, campaign)
    return ids


def period(session, code: str | None = None):
    return ev.period_for(session, plan.current_campaign(session), code)


def measure_id(session, code: str) -> int:
    campaign = plan.current_campaign(session)
    return next(m.id for t in campaign.targets for m in t.measures if m.code == code)


def block_id(session, name: str) -> int:
    return session.scalar(select(EmulationBlock.id).where(EmulationBlock.name == name))
