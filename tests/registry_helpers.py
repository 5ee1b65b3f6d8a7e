"""Helpers for the units/people tests: real xlsx files and small registries."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Sequence

import openpyxl
from sqlalchemy import func, select

from thidua_desktop.domain.registry import UnitFields
from thidua_desktop.services import plan
from thidua_desktop.services.registry import units as unit_service
from thidua_desktop.storage.models import AuditEntry, Person, Unit


def write_xlsx(path: Path, rows: Sequence[Sequence[Any]], title: str = "Danh sách",
               extra_sheets: dict[str, Sequence[Sequence[Any]]] | None = None, first: str | None = None) -> Path:
    """A workbook with ``rows`` on one sheet (and optionally others before it)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    if first is not None:
        ws.title = first
        for row in (extra_sheets or {}).get(first, []):
            ws.append(list(row))
        ws = wb.create_sheet(title)
    else:
        ws.title = title
    for row in rows:
        ws.append(list(row))
    for name, sheet_rows in (extra_sheets or {}).items():
        if name == first:
            continue
        extra = wb.create_sheet(name)
        for row in sheet_rows:
            extra.append(list(row))
    wb.save(path)
    return path


def add_units(db, *names: str, kind: str = "co_quan") -> dict[str, int]:
    ids = {}
    with db.transaction(reason="kiểm thử") as session:
        campaign = plan.current_campaign(session)
        for name in names:
            ids[name] = unit_service.save_unit(session, campaign.id, UnitFields(name=name, kind=kind)).id
    return ids


def counts(db) -> tuple[int, int, int]:
    """(units, people, audit entries): to prove the database did not change."""
    with db.read() as session:
        return (session.scalar(select(func.count(Unit.id))), session.scalar(select(func.count(Person.id))),
                session.scalar(select(func.count(AuditEntry.id))))


def campaign_id(db) -> int:
    with db.read() as session:
        return plan.current_campaign(session).id


def write_merged_xlsx(path: Path, rows: Sequence[Sequence[Any]], merged: Sequence[str] = (),
                      title: str = "Danh sách") -> Path:
    """A workbook with ``rows`` and the cell ranges ``merged`` merged (``"C4:D4"``),
    as office lists head their columns: the value in the range's first cell."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    for row in rows:
        ws.append(list(row))
    for cells in merged:
        ws.merge_cells(cells)
    wb.save(path)
    return path
