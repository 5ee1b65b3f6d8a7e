"""Đơn vị: the units taking part in the movement — listing, adding, changing,
deleting, and placing them in the year's emulation blocks."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from ...domain.registry import BLOCK_ROLES, Dependents, NameIndex, UnitFields, name_key
from ...domain.text import matches
from ...domain.units import UNIT_KINDS
from ...errors import UserError
from ...storage.models import (
    Allocation,
    BlockMembership,
    Campaign,
    EmulationBlock,
    Measure,
    Nomination,
    Person,
    Registration,
    Result,
    ScoreAdjustment,
    Unit,
    UnitReport,
)


@dataclass(frozen=True)
class UnitRow:
    """A unit as the lists show it, with its block and registration for the year."""

    id: int
    name: str
    kind: str
    block_id: int | None
    block_name: str
    block_role: str  # "leader", "deputy", "member" or "" (no block)
    head_name: str
    phone: str
    address: str
    email: str
    staff_count: int | None
    female_staff_count: int | None
    active: bool
    note: str
    people: int
    registered: bool
    titles: tuple[str, ...]

    @property
    def kind_label(self) -> str:
        return UNIT_KINDS.get(self.kind, "")

    @property
    def role_label(self) -> str:
        return BLOCK_ROLES.get(self.block_role, "") if self.block_role != "member" else ""

    def as_json(self) -> dict:
        return {
            "id": self.id, "name": self.name, "kind": self.kind, "kind_label": self.kind_label,
            "block": self.block_name or None, "block_role": self.block_role or None,
            "head_name": self.head_name, "phone": self.phone, "address": self.address,
            "email": self.email, "staff_count": self.staff_count,
            "female_staff_count": self.female_staff_count, "active": self.active,
            "note": self.note, "people": self.people, "registered": self.registered,
            "titles": list(self.titles),
        }


def memberships(session: Session, campaign_id: int) -> dict[int, tuple[int, str, str]]:
    """unit id → (block id, block name, role) for the year."""
    out = {}
    rows = session.execute(
        select(BlockMembership.unit_id, EmulationBlock.id, EmulationBlock.name,
               EmulationBlock.leader_unit_id, EmulationBlock.deputy_unit_id)
        .join(EmulationBlock, EmulationBlock.id == BlockMembership.block_id)
        .where(BlockMembership.campaign_id == campaign_id))
    for unit_id, block_id, block_name, leader, deputy in rows:
        role = "leader" if leader == unit_id else "deputy" if deputy == unit_id else "member"
        out[unit_id] = (block_id, block_name, role)
    return out


def list_units(session: Session, campaign_id: int) -> list[UnitRow]:
    members = memberships(session, campaign_id)
    people = dict(session.execute(
        select(Person.unit_id, func.count(Person.id)).where(Person.active.is_(True))
        .group_by(Person.unit_id)).all())
    registrations = {unit_id: titles for unit_id, titles in session.execute(
        select(Registration.unit_id, Registration.titles).where(Registration.campaign_id == campaign_id))}
    rows = []
    for u in session.scalars(select(Unit).order_by(Unit.id)):
        block_id, block_name, role = members.get(u.id, (None, "", ""))
        rows.append(UnitRow(
            id=u.id, name=u.name, kind=u.kind or "", block_id=block_id, block_name=block_name,
            block_role=role, head_name=u.head_name or "", phone=u.phone or "",
            address=u.address or "", email=u.email or "", staff_count=u.staff_count,
            female_staff_count=u.female_staff_count, active=bool(u.active), note=u.note or "",
            people=people.get(u.id, 0), registered=u.id in registrations,
            titles=tuple(registrations.get(u.id) or ())))
    return rows


def unit_names(session: Session) -> list[tuple[int, str]]:
    """Every unit's id and name (a list's filter by unit needs no more)."""
    return [(unit_id, name) for unit_id, name in session.execute(select(Unit.id, Unit.name).order_by(Unit.id))]


def name_index(session: Session) -> NameIndex:
    return NameIndex(session.execute(select(Unit.id, Unit.name)))


def unit_fields(session: Session, unit_id: int) -> UnitFields:
    u = _get(session, unit_id)
    return UnitFields(name=u.name, kind=u.kind or "", head_name=u.head_name or "", phone=u.phone or "",
                      address=u.address or "", email=u.email or "", staff_count=u.staff_count,
                      female_staff_count=u.female_staff_count, active=bool(u.active), note=u.note or "")


def block_of(session: Session, campaign_id: int, unit_id: int) -> int | None:
    return session.scalar(select(BlockMembership.block_id).where(
        BlockMembership.campaign_id == campaign_id, BlockMembership.unit_id == unit_id))


def _get(session: Session, unit_id: int) -> Unit:
    unit = session.get(Unit, unit_id)
    if unit is None:
        raise UserError("Đơn vị này không còn trong cơ sở dữ liệu (có thể vừa bị xóa).")
    return unit


def name_problem(index: NameIndex, name: str, unit_id: int | None = None) -> str | None:
    """The clash of ``name`` with another unit, in words, or None."""
    other = index.conflict(name, unit_id)
    if other is None:
        return None
    if other.exact:
        return f"Đã có đơn vị “{other.name}” (trùng tên)."
    return f"Đã có đơn vị “{other.name}”, chỉ khác dấu hoặc chữ hoa; hãy dùng đúng tên đó."


def unit_columns(fields: UnitFields) -> dict[str, Any]:
    """The ``unit`` row's columns for checked fields (what a save stores)."""
    return {"name": fields.name, "name_key": name_key(fields.name), "kind": fields.kind,
            "head_name": fields.head_name, "phone": fields.phone, "address": fields.address,
            "email": fields.email, "staff_count": fields.staff_count,
            "female_staff_count": fields.female_staff_count, "active": fields.active, "note": fields.note}


def save_unit(session: Session, campaign_id: int, fields: UnitFields, block_id: int | None = None,
              unit_id: int | None = None, set_block: bool = True, index: NameIndex | None = None) -> Unit:
    """Add a unit (``unit_id`` None) or change one; raise UserError listing every problem.

    ``index`` (the units' names, kept up to date here) saves reading every
    name again when many units are saved in a row."""
    fields = fields.cleaned()
    problems = fields.problems()
    index = index if index is not None else name_index(session)
    clash = name_problem(index, fields.name, unit_id) if fields.name else None
    if clash:
        problems.insert(0, clash)
    if problems:
        raise UserError("\n".join(problems))
    unit = _get(session, unit_id) if unit_id is not None else Unit()
    for column, value in unit_columns(fields).items():
        setattr(unit, column, value)
    if unit_id is None:
        session.add(unit)
    session.flush()
    if unit_id is None:
        index.add(unit.id, unit.name)
        from ..results import targets as target_service  # not for reading the registry (a people import)

        target_service.allocate_new_units(session, campaign_id, [unit.id])
    if set_block:
        place_in_block(session, campaign_id, unit.id, block_id)
    return unit


def place_in_block(session: Session, campaign_id: int, unit_id: int, block_id: int | None) -> bool:
    """Put a unit in a block for the year (None: in no block). Leaving a block
    also leaves its leading or deputy role there. Returns whether anything changed."""
    membership = session.scalar(select(BlockMembership).where(
        BlockMembership.campaign_id == campaign_id, BlockMembership.unit_id == unit_id))
    if membership is not None and membership.block_id == block_id:
        return False
    if membership is None and block_id is None:
        return False
    if block_id is not None:
        block = session.get(EmulationBlock, block_id)
        if block is None or block.campaign_id != campaign_id:
            raise UserError("Khối thi đua này không còn trong kế hoạch năm nay.")
    if membership is not None:
        _drop_roles(session, membership.block_id, unit_id)
        if block_id is None:
            session.delete(membership)
        else:
            membership.block_id = block_id
    else:
        session.add(BlockMembership(campaign_id=campaign_id, block_id=block_id, unit_id=unit_id))
    session.flush()
    return True


def _drop_roles(session: Session, block_id: int, unit_id: int) -> None:
    block = session.get(EmulationBlock, block_id)
    if block is None:
        return
    if block.leader_unit_id == unit_id:
        block.leader_unit_id = None
    if block.deputy_unit_id == unit_id:
        block.deputy_unit_id = None


@dataclass
class AssignResult:
    moved: int
    unchanged: int
    roles_dropped: list[str]

    def message(self, block_name: str | None) -> str:
        where = f"vào “{block_name}”" if block_name else "ra khỏi khối thi đua"
        text = f"Đã xếp {self.moved} đơn vị {where}"
        if self.unchanged:
            text += f" ({self.unchanged} đơn vị đã ở đó từ trước)"
        text += "."
        if self.roles_dropped:
            text += " Các khối sau cần chọn lại trưởng/phó khối: " + "; ".join(self.roles_dropped) + "."
        return text


def assign_block(session: Session, campaign_id: int, unit_ids: list[int], block_id: int | None) -> AssignResult:
    """Put many units in one block at once (or take them out of any block)."""
    moved = unchanged = 0
    dropped = []
    roles = {b.id: b for b in session.scalars(select(EmulationBlock).where(EmulationBlock.campaign_id == campaign_id))}
    for unit_id in unit_ids:
        _get(session, unit_id)
        old = block_of(session, campaign_id, unit_id)
        if old is not None and old != block_id and old in roles:
            b = roles[old]
            if unit_id in (b.leader_unit_id, b.deputy_unit_id):
                dropped.append(b.name)
        if place_in_block(session, campaign_id, unit_id, block_id):
            moved += 1
        else:
            unchanged += 1
    return AssignResult(moved, unchanged, sorted(set(dropped)))


def _count(session: Session, statement) -> int:
    return session.scalar(statement) or 0


def unit_dependents(session: Session, unit_id: int) -> Dependents:
    """What keeps a unit from being deleted, and what goes with it if it is."""
    deps = Dependents()
    people = _count(session, select(func.count(Person.id)).where(Person.unit_id == unit_id))
    if people:
        deps.blocking.append(f"{people} cá nhân thuộc đơn vị (chuyển họ sang đơn vị khác hoặc xóa trước)")
    checks = (
        (select(func.count(Result.id)).where(Result.unit_id == unit_id), "kết quả thực hiện chỉ tiêu đã nhập"),
        (select(func.count(UnitReport.id)).where(UnitReport.unit_id == unit_id), "lần báo cáo kết quả"),
        (select(func.count(Allocation.id)).where(Allocation.unit_id == unit_id), "chỉ tiêu được giao riêng"),
        (select(func.count(Nomination.id)).where(
            or_(Nomination.unit_id == unit_id, Nomination.proposing_unit_id == unit_id)),
         "đề nghị khen thưởng (của đơn vị hoặc do đơn vị đề nghị)"),
        (select(func.count(ScoreAdjustment.id)).where(ScoreAdjustment.unit_id == unit_id),
         "điểm thưởng, điểm trừ"),
    )
    for statement, what in checks:
        n = _count(session, statement)
        if n:
            deps.blocking.append(f"{n} {what}")
    for block_name, year in session.execute(
            select(EmulationBlock.name, Campaign.year).select_from(BlockMembership)
            .join(EmulationBlock, EmulationBlock.id == BlockMembership.block_id)
            .join(Campaign, Campaign.id == BlockMembership.campaign_id)
            .where(BlockMembership.unit_id == unit_id)):
        deps.released.append(f"vị trí trong “{block_name}” năm {year}")
    for block_name, leader in session.execute(
            select(EmulationBlock.name, EmulationBlock.leader_unit_id)
            .where(or_(EmulationBlock.leader_unit_id == unit_id, EmulationBlock.deputy_unit_id == unit_id))):
        role = "trưởng khối" if leader == unit_id else "phó khối"
        deps.released.append(f"vai trò {role} của “{block_name}”")
    registrations = _count(session, select(func.count(Registration.id)).where(Registration.unit_id == unit_id))
    if registrations:
        deps.released.append("bản đăng ký thi đua của đơn vị")
    return deps


def explain_blocked(unit_name: str, deps: Dependents) -> str:
    lines = [f"Không xóa được đơn vị “{unit_name}” vì còn:"]
    lines += [f"• {item}" for item in deps.blocking]
    lines.append("Nếu đơn vị đã giải thể hoặc sáp nhập, hãy bỏ chọn “Đang hoạt động” thay vì xóa "
                 "để giữ lại lịch sử.")
    return "\n".join(lines)


def delete_unit(session: Session, unit_id: int, confirmed: bool = False) -> str:
    """Delete a unit nothing else depends on. Links listed as ``released`` go
    with it only when ``confirmed``; anything ``blocking`` refuses with a reason."""
    unit = _get(session, unit_id)
    deps = unit_dependents(session, unit_id)
    if deps.blocked:
        raise UserError(explain_blocked(unit.name, deps))
    if deps.released and not confirmed:
        raise UserError(f"Xóa đơn vị “{unit.name}” sẽ bỏ luôn: " + "; ".join(deps.released) + ".")
    for block in session.scalars(select(EmulationBlock).where(
            or_(EmulationBlock.leader_unit_id == unit_id, EmulationBlock.deputy_unit_id == unit_id))):
        _drop_roles(session, block.id, unit_id)
    for link in session.scalars(select(BlockMembership).where(BlockMembership.unit_id == unit_id)):
        session.delete(link)
    for reg in session.scalars(select(Registration).where(Registration.unit_id == unit_id)):
        session.delete(reg)
    session.flush()
    name = unit.name
    session.delete(unit)
    session.flush()
    return name


# --- the page's and the verbs' actions: plain ids in and out --------------------------


def save_unit_fields(session: Session, campaign_id: int, fields: UnitFields, block_id: int | None = None,
                     unit_id: int | None = None) -> int:
    """Add or change a unit; its id (no ORM object leaves the service)."""
    return save_unit(session, campaign_id, fields, block_id, unit_id).id


def allocated_codes(session: Session, unit_id: int) -> list[str]:
    """The codes of the measures given to a unit ("8", "6a"…), in the plan's order."""
    return list(session.scalars(select(Measure.code).join(Allocation, Allocation.measure_id == Measure.id)
                                .where(Allocation.unit_id == unit_id).order_by(Measure.id)))


def dependents_of(session: Session, unit_ids: list[int]) -> dict[int, Dependents]:
    return {unit_id: unit_dependents(session, unit_id) for unit_id in unit_ids}


def delete_units(session: Session, unit_ids: list[int]) -> int:
    """Delete units the clerk confirmed (what depends on them goes too, or the deletion is refused)."""
    for unit_id in unit_ids:
        delete_unit(session, unit_id, confirmed=True)
    return len(unit_ids)


def find_unit_id(session: Session, campaign_id: int, text: str) -> int:
    """The unit a clerk named: by its exact name, else the one whose name holds these words."""
    unit = name_index(session).find(text)
    if unit is not None:
        return unit.id
    candidates = [u for u in list_units(session, campaign_id) if matches(text, u.name)]
    if len(candidates) != 1:
        raise UserError(f"Không xác định được đơn vị “{text}”"
                        + (f" (khớp {len(candidates)} đơn vị)." if candidates else "."))
    return candidates[0].id


def has_units(session: Session) -> bool:
    """Whether the registry holds any unit (none: the first start offers the demo ward)."""
    return bool(session.scalar(select(func.count(Unit.id))))
