"""What the registry page's tabs read: one call per list or form, the current year
resolved here, plain rows back (the GUI calls these through ``ops.query``)."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from ...domain.registry import NameIndex
from ...domain.text import collation_key
from .. import plan
from . import blocks as block_service
from . import people as people_service
from . import registrations
from . import units as unit_service


@dataclass(frozen=True)
class UnitsView:
    campaign_id: int
    rows: list[unit_service.UnitRow]
    blocks: list[block_service.BlockRow]


def units_view(session: Session) -> UnitsView:
    campaign = plan.current_campaign(session)
    return UnitsView(campaign.id, unit_service.list_units(session, campaign.id),
                     block_service.list_blocks(session, campaign.id))


@dataclass(frozen=True)
class UnitChoices:
    """What the unit form offers: names taken, the year's blocks (id, name)."""

    campaign_id: int
    names: NameIndex
    blocks: list[tuple[int, str]]


def unit_choices(session: Session) -> UnitChoices:
    campaign = plan.current_campaign(session)
    return UnitChoices(campaign.id, unit_service.name_index(session),
                       [(b.id, b.name) for b in block_service.list_blocks(session, campaign.id)])


@dataclass(frozen=True)
class BlocksView:
    year: int
    rows: list[block_service.BlockRow]
    unassigned: int  # active units in no block


def blocks_view(session: Session) -> BlocksView:
    campaign = plan.current_campaign(session)
    units = unit_service.list_units(session, campaign.id)
    return BlocksView(campaign.year, block_service.list_blocks(session, campaign.id),
                      sum(1 for u in units if u.active and not u.block_id))


@dataclass(frozen=True)
class BlockMemberChoice:
    unit_id: int
    name: str
    block_name: str


@dataclass(frozen=True)
class BlockChoices:
    """What the block form offers: block names taken, the units it may hold."""

    campaign_id: int
    names: NameIndex
    units: list[BlockMemberChoice]


def block_choices(session: Session) -> BlockChoices:
    campaign = plan.current_campaign(session)
    units = [BlockMemberChoice(u.id, u.name, u.block_name)
             for u in unit_service.list_units(session, campaign.id) if u.active or u.block_id]
    return BlockChoices(campaign.id, block_service.name_index(session, campaign.id), units)


@dataclass(frozen=True)
class PeopleView:
    year: int
    rows: list[people_service.PersonRow]
    blocks: list[block_service.BlockRow]
    units: list[tuple[int, str]]  # every unit (id, name) in Vietnamese order, for the filter


def people_view(session: Session) -> PeopleView:
    campaign = plan.current_campaign(session)
    return PeopleView(campaign.year, people_service.list_people(session, campaign.id),
                      block_service.list_blocks(session, campaign.id),
                      sorted(unit_service.unit_names(session), key=lambda u: collation_key(u[1])))


def active_units(session: Session) -> list[tuple[int, str]]:
    """The units a person may belong to: (id, name) of the active ones."""
    campaign = plan.current_campaign(session)
    return [(u.id, u.name) for u in unit_service.list_units(session, campaign.id) if u.active]


@dataclass(frozen=True)
class RegistrationsView:
    campaign_id: int
    year: int
    rows: list[registrations.RegistrationRow]
    blocks: list[block_service.BlockRow]


def registrations_view(session: Session) -> RegistrationsView:
    campaign = plan.current_campaign(session)
    return RegistrationsView(campaign.id, campaign.year, registrations.list_registrations(session, campaign.id),
                             block_service.list_blocks(session, campaign.id))
