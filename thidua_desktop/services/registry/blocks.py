"""Khối thi đua: the year's emulation blocks, their member units, the leading
unit (trưởng khối) and its deputy."""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ...domain.registry import Dependents, NameIndex, check_block_name, name_key
from ...domain.text import clean, clean_multiline, collation_key, fold
from ...errors import UserError
from ...storage.models import BlockMembership, Criterion, EmulationBlock, Scorecard, Unit
from . import units as unit_service


@dataclass(frozen=True)
class BlockRow:
    id: int
    name: str
    position: int
    leader_id: int | None
    leader_name: str
    deputy_id: int | None
    deputy_name: str
    members: tuple[tuple[int, str], ...]  # (unit id, name) in Vietnamese order
    note: str

    @property
    def member_count(self) -> int:
        return len(self.members)

    @property
    def member_names(self) -> str:
        return "; ".join(name for _, name in self.members)

    def as_json(self) -> dict:
        return {"id": self.id, "name": self.name, "leader": self.leader_name or None,
                "deputy": self.deputy_name or None, "members": [n for _, n in self.members],
                "member_count": self.member_count, "note": self.note}


@dataclass
class BlockFields:
    name: str = ""
    leader_unit_id: int | None = None
    deputy_unit_id: int | None = None
    note: str = ""
    member_ids: list[int] = field(default_factory=list)

    def problems(self) -> list[str]:
        out = [p for p in [check_block_name(self.name)] if p]
        members = set(self.member_ids)
        if self.leader_unit_id is not None and self.leader_unit_id not in members:
            out.append("Trưởng khối phải là một đơn vị thành viên của khối.")
        if self.deputy_unit_id is not None and self.deputy_unit_id not in members:
            out.append("Phó khối phải là một đơn vị thành viên của khối.")
        if self.leader_unit_id is not None and self.leader_unit_id == self.deputy_unit_id:
            out.append("Trưởng khối và phó khối phải là hai đơn vị khác nhau.")
        return out


def list_blocks(session: Session, campaign_id: int) -> list[BlockRow]:
    names = dict(session.execute(select(Unit.id, Unit.name)).all())
    members: dict[int, list[tuple[int, str]]] = {}
    for block_id, unit_id in session.execute(
            select(BlockMembership.block_id, BlockMembership.unit_id)
            .where(BlockMembership.campaign_id == campaign_id)):
        members.setdefault(block_id, []).append((unit_id, names.get(unit_id, "")))
    rows = []
    for b in session.scalars(select(EmulationBlock).where(EmulationBlock.campaign_id == campaign_id)
                             .order_by(EmulationBlock.position, EmulationBlock.id)):
        listed = sorted(members.get(b.id, []), key=lambda m: collation_key(m[1]))
        rows.append(BlockRow(b.id, b.name, b.position, b.leader_unit_id, names.get(b.leader_unit_id, ""),
                             b.deputy_unit_id, names.get(b.deputy_unit_id, ""), tuple(listed), b.note or ""))
    return rows


def block_fields(session: Session, block_id: int) -> BlockFields:
    b = _get(session, block_id)
    member_ids = list(session.scalars(select(BlockMembership.unit_id).where(BlockMembership.block_id == block_id)))
    return BlockFields(b.name, b.leader_unit_id, b.deputy_unit_id, b.note or "", member_ids)


def name_index(session: Session, campaign_id: int) -> NameIndex:
    return NameIndex(session.execute(select(EmulationBlock.id, EmulationBlock.name)
                                     .where(EmulationBlock.campaign_id == campaign_id)).all())


def name_problem(index: NameIndex, name: str, block_id: int | None = None) -> str | None:
    other = index.conflict(name, block_id)
    if other is None:
        return None
    return f"Năm nay đã có “{other.name}”" + ("." if other.exact else " (chỉ khác dấu hoặc chữ hoa).")


def _get(session: Session, block_id: int) -> EmulationBlock:
    block = session.get(EmulationBlock, block_id)
    if block is None:
        raise UserError("Khối thi đua này không còn trong cơ sở dữ liệu (có thể vừa bị xóa).")
    return block


def check_block(index: NameIndex, fields: BlockFields, block_id: int | None = None) -> None:
    """Raise UserError listing every problem of ``fields`` (a name clash with
    another block of the year, in ``index``, first)."""
    problems = fields.problems()
    clash = name_problem(index, fields.name, block_id) if clean(fields.name) else None
    if clash:
        problems.insert(0, clash)
    if problems:
        raise UserError("\n".join(problems))


def save_block(session: Session, campaign_id: int, fields: BlockFields, block_id: int | None = None) -> EmulationBlock:
    """Add or change a block with its members, leader and deputy.

    Units listed in ``member_ids`` move here from any other block of the year;
    units no longer listed leave the block."""
    check_block(name_index(session, campaign_id), fields, block_id)
    if block_id is None:
        position = session.scalar(select(func.max(EmulationBlock.position))
                                  .where(EmulationBlock.campaign_id == campaign_id))
        block = EmulationBlock(campaign_id=campaign_id, position=(position or 0) + 1)
        session.add(block)
    else:
        block = _get(session, block_id)
    block.name = clean(fields.name)
    block.name_key = name_key(block.name)
    block.note = clean_multiline(fields.note)
    session.flush()
    wanted = set(fields.member_ids)
    current = set(session.scalars(select(BlockMembership.unit_id).where(BlockMembership.block_id == block.id)))
    for unit_id in current - wanted:
        unit_service.place_in_block(session, campaign_id, unit_id, None)
    for unit_id in fields.member_ids:
        if unit_id not in current:
            unit_service.place_in_block(session, campaign_id, unit_id, block.id)
    block.leader_unit_id = fields.leader_unit_id
    block.deputy_unit_id = fields.deputy_unit_id
    session.flush()
    return block


def block_dependents(session: Session, block_id: int) -> Dependents:
    deps = Dependents()
    criteria = session.scalar(select(func.count(Criterion.id)).where(Criterion.block_id == block_id)) or 0
    if criteria:
        deps.blocking.append(f"{criteria} tiêu chí chấm điểm của khối")
    if session.scalar(select(func.count(Scorecard.id)).where(Scorecard.block_id == block_id)):
        deps.blocking.append("bảng chấm điểm của khối")
    members = session.scalar(select(func.count(BlockMembership.id)).where(BlockMembership.block_id == block_id)) or 0
    if members:
        deps.released.append(f"{members} đơn vị thành viên sẽ thành “chưa xếp khối”")
    return deps


def delete_block(session: Session, block_id: int, confirmed: bool = False) -> str:
    block = _get(session, block_id)
    deps = block_dependents(session, block_id)
    if deps.blocked:
        raise UserError(f"Không xóa được “{block.name}” vì còn:\n" + "\n".join(f"• {d}" for d in deps.blocking)
                        + "\nHãy xóa bảng chấm điểm của khối ở phần Chấm điểm trước.")
    if deps.released and not confirmed:
        raise UserError(f"Xóa “{block.name}”: " + "; ".join(deps.released) + ".")
    for link in session.scalars(select(BlockMembership).where(BlockMembership.block_id == block_id)):
        session.delete(link)
    session.flush()
    name = block.name
    session.delete(block)
    session.flush()
    return name


def find_block(session: Session, campaign_id: int, text: str) -> BlockRow:
    """The block a typed name means (accents and case ignored, or a unique part of it)."""
    rows = list_blocks(session, campaign_id)
    wanted = fold(text)
    exact = [r for r in rows if fold(r.name) == wanted]
    if len(exact) == 1:
        return exact[0]
    partial = [r for r in rows if wanted and wanted in fold(r.name)]
    if len(partial) == 1:
        return partial[0]
    names = ", ".join(f"“{r.name}”" for r in rows) or "(chưa có khối nào)"
    if len(partial) > 1:
        raise UserError(f"“{text}” khớp nhiều khối: " + ", ".join(f"“{r.name}”" for r in partial) + ".")
    raise UserError(f"Không có khối thi đua “{text}”. Các khối năm nay: {names}.")


def save_block_fields(session: Session, campaign_id: int, fields: BlockFields, block_id: int | None = None) -> int:
    """Add or change a block; its id (no ORM object leaves the service)."""
    return save_block(session, campaign_id, fields, block_id).id
