"""Đơn vị tiền thân: which units a unit comes from (merged, split, renamed), so that its
award history and the consecutive-year rules follow the line (issue 18, item 6).

A predecessor is named as the clerk knows it; when a unit of the registry has that name
it is linked too, and its own predecessors count in turn. Awards recorded under the
predecessor — by the app's decisions or in the imported history, by link or by name —
are the successor's history.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.registry import name_key
from ...domain.text import clean, clean_multiline, format_date
from ...domain.units import LINEAGE_KINDS
from ...errors import UserError
from ...storage.models import Unit, UnitLineage


@dataclass(frozen=True)
class LineageRow:
    id: int
    unit_id: int
    unit: str
    predecessor: str
    predecessor_id: int | None
    kind: str
    effective_on: dt.date | None
    note: str

    @property
    def text(self) -> str:
        when = f" (từ {format_date(self.effective_on)})" if self.effective_on else ""
        return f"{self.unit}: {LINEAGE_KINDS.get(self.kind, self.kind)} {self.predecessor}{when}"

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "unit_id": self.unit_id, "unit": self.unit, "predecessor": self.predecessor,
                "predecessor_id": self.predecessor_id, "kind": self.kind,
                "kind_label": LINEAGE_KINDS.get(self.kind, self.kind),
                "effective_on": self.effective_on.isoformat() if self.effective_on else None, "note": self.note}


@dataclass(frozen=True)
class Ancestry:
    """Every predecessor of a unit, however far back: by id (those in the registry) and by name."""

    ids: frozenset[int] = field(default_factory=frozenset)
    name_keys: frozenset[str] = field(default_factory=frozenset)


def _row(link: UnitLineage, names: dict[int, str]) -> LineageRow:
    return LineageRow(link.id, link.unit_id, names.get(link.unit_id, ""), link.predecessor_name,
                      link.predecessor_id, link.kind, link.effective_on, link.note)


def rows(session: Session, unit_id: int | None = None) -> list[LineageRow]:
    query = select(UnitLineage).order_by(UnitLineage.unit_id, UnitLineage.effective_on, UnitLineage.id)
    if unit_id is not None:
        query = query.where(UnitLineage.unit_id == unit_id)
    links = session.scalars(query).all()
    names = dict(session.execute(select(Unit.id, Unit.name)).all())
    return [_row(link, names) for link in links]


def ancestries(session: Session) -> dict[int, Ancestry]:
    """Every unit that has predecessors, with all of them (cycles cannot be stored)."""
    parents: dict[int, list[tuple[int | None, str]]] = {}
    for link in session.scalars(select(UnitLineage)):
        parents.setdefault(link.unit_id, []).append((link.predecessor_id, link.predecessor_key))
    out = {}
    for unit_id in parents:
        ids: set[int] = set()
        keys: set[str] = set()
        todo = [unit_id]
        while todo:
            for pid, key in parents.get(todo.pop(), ()):
                keys.add(key)
                if pid is not None and pid not in ids and pid != unit_id:
                    ids.add(pid)
                    todo.append(pid)
        out[unit_id] = Ancestry(frozenset(ids), frozenset(keys))
    return out


def ancestry(session: Session, unit_id: int) -> Ancestry:
    return ancestries(session).get(unit_id, Ancestry())


def add(session: Session, unit_id: int, predecessor: str, kind: str = "renamed",
        effective_on: dt.date | None = None, note: str = "") -> LineageRow:
    """Record that ``unit_id`` comes from ``predecessor`` (a name; linked when a unit has it)."""
    unit = session.get(Unit, unit_id)
    if unit is None:
        raise UserError("Không tìm thấy đơn vị (có thể vừa bị xóa).")
    name = clean(predecessor)
    if not name:
        raise UserError("Cần ghi tên đơn vị tiền thân.")
    if kind not in LINEAGE_KINDS:
        raise UserError(f"Cách hình thành “{kind}” không có; ghi một trong: {', '.join(LINEAGE_KINDS)}.")
    key = name_key(name)
    if key == unit.name_key:
        raise UserError(f"{unit.name} không thể là tiền thân của chính mình.")
    before = session.scalar(select(Unit).where(Unit.name_key == key))
    if before is not None and unit_id in ancestry(session, before.id).ids | {before.id}:
        raise UserError(f"{before.name} đã là đơn vị kế tục của {unit.name}: không ghi ngược lại được.")
    known = session.scalar(select(UnitLineage.predecessor_name).where(UnitLineage.unit_id == unit_id,
                                                                      UnitLineage.predecessor_key == key))
    if known is not None:
        raise UserError(f"Đã ghi {known} là tiền thân của {unit.name}.")
    link = UnitLineage(unit_id=unit_id, predecessor_id=before.id if before else None, predecessor_name=name,
                       predecessor_key=key, kind=kind, effective_on=effective_on, note=clean_multiline(note))
    session.add(link)
    session.flush()
    return _row(link, {unit.id: unit.name})


def remove(session: Session, lineage_id: int) -> LineageRow:
    link = session.get(UnitLineage, lineage_id)
    if link is None:
        raise UserError(f"Không có dòng tiền thân số {lineage_id} (xem “thidua units lineage list”).")
    gone = _row(link, dict(session.execute(select(Unit.id, Unit.name)).all()))
    session.delete(link)
    session.flush()
    return gone
