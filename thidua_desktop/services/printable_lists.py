"""Any list printed as the nomination list is: the units, the people, the blocks,
the results' reporting status.

Each builder returns a plain ``PrintableList`` (title, columns, rows, notes);
``framed`` puts it under the ward's NĐ 30 heading and date as an ``AwardList`` of
one untitled section, so the one drawer (``printing.award_lists``: A4 landscape,
header row on every page, page numbers) and the one xlsx writer print it.
The GUI passes the ids of the rows the clerk sees, in the order shown; the
command line the ids its own filters kept."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from ..domain.docformat import place_date
from ..domain.registry import format_titles
from ..domain.text import format_date, format_number
from ..domain.units import DISCIPLINES, UNIT_KINDS
from . import plan
from .awards.lists import AwardList, ListColumn, ListGroup, ListRow, ListSection, authority
from .registry import blocks as block_service
from .registry import people as people_service
from .registry import units as unit_service
from .results import reporting


@dataclass(frozen=True)
class PrintableList:
    title: str
    subheadings: list[str]
    columns: list[ListColumn]
    rows: list[dict[str, str]]  # column key → cell text, without STT (numbered when framed)
    notes: list[str] = field(default_factory=list)  # under the table
    file_stem: str = "danh-sach"
    on: dt.date | None = None  # the date line's date (today when None)


STT = ListColumn("stt", "STT", 5, "center")


def framed(session: Session, printable: PrintableList) -> AwardList:
    """The list under the ward's heading, dated, its rows numbered."""
    ward = plan.ward(session)
    rows = [ListRow(i, {"stt": str(i), **values}, {"stt": i}) for i, values in enumerate(printable.rows, start=1)]
    on = printable.on or dt.date.today()
    return AwardList("list", authority(session), printable.title, printable.subheadings,
                     [STT, *printable.columns], [ListSection("", "", [ListGroup("", rows)])] if rows else [],
                     place_date(ward.place_name or ward.name, on), printable.notes, None, printable.file_stem)


def _in_order(rows: list, ids: list[int] | None) -> list:
    """``rows`` in the order of ``ids`` (those only), or all of them as they came."""
    if ids is None:
        return rows
    by_id = {r.id: r for r in rows}
    return [by_id[i] for i in ids if i in by_id]


def _staff(row: unit_service.UnitRow) -> str:
    if row.staff_count is None:
        return ""
    female = f" ({format_number(row.female_staff_count)} nữ)" if row.female_staff_count is not None else ""
    return format_number(row.staff_count) + female


UNIT_COLUMNS = [
    ListColumn("name", "Tên đơn vị", 24),
    ListColumn("kind", "Loại hình", 12),
    ListColumn("block", "Khối thi đua", 16),
    ListColumn("head", "Thủ trưởng", 15),
    ListColumn("phone", "Điện thoại", 13),
    ListColumn("staff", "CB, NLĐ", 9, "right"),
    ListColumn("people", "Cá nhân", 6, "right"),
    ListColumn("titles", "Đăng ký thi đua", 16),
]


def units(session: Session, ids: list[int] | None = None) -> PrintableList:
    """Danh sách đơn vị (``ids``: those shown, in their order; all when None)."""
    campaign = plan.current_campaign(session)
    rows = _in_order(unit_service.list_units(session, campaign.id), ids)
    return PrintableList(
        "DANH SÁCH ĐƠN VỊ THAM GIA PHONG TRÀO THI ĐUA", [f"Năm {campaign.year}"], UNIT_COLUMNS,
        [{"name": r.name + ("" if r.active else " (ngừng hoạt động)"), "kind": UNIT_KINDS.get(r.kind, ""),
          "block": r.block_name + (f" ({r.role_label.lower()})" if r.role_label else ""), "head": r.head_name,
          "phone": r.phone, "staff": _staff(r), "people": format_number(r.people),
          "titles": format_titles(r.titles, short=True) if r.registered else "chưa"} for r in rows],
        [f"Tổng cộng: {format_number(len(rows))} đơn vị, trong đó {sum(r.registered for r in rows)} "
         "đơn vị đã đăng ký thi đua."], f"danh-sach-don-vi-{campaign.year}")


PEOPLE_COLUMNS = [
    ListColumn("name", "Họ và tên", 18),
    ListColumn("gender", "Giới tính", 6, "center"),
    ListColumn("birth", "Ngày sinh", 11, "center"),
    ListColumn("position", "Chức vụ", 17),
    ListColumn("unit", "Đơn vị", 22),
    ListColumn("phone", "Điện thoại", 13),
    ListColumn("rating", "Xếp loại", 8, "center"),
    ListColumn("discipline", "Kỷ luật", 10),
]


def people(session: Session, ids: list[int] | None = None) -> PrintableList:
    """Danh sách cá nhân (``ids``: those shown, in their order; all when None), with
    the year's rating and discipline."""
    campaign = plan.current_campaign(session)
    rows = _in_order(people_service.list_people(session, campaign.id), ids)
    leaders = sum(r.is_leader for r in rows)
    return PrintableList(
        "DANH SÁCH CÁ NHÂN", [f"Năm {campaign.year}"], PEOPLE_COLUMNS,
        [{"name": r.full_name, "gender": r.gender_label, "birth": r.birth_text,
          "position": r.position, "unit": r.unit_name, "phone": r.phone, "rating": r.rating,
          "discipline": DISCIPLINES.get(r.discipline, "")} for r in rows],
        [f"Tổng cộng: {format_number(len(rows))} người, trong đó {leaders} người giữ chức vụ lãnh đạo, quản lý."],
        f"danh-sach-ca-nhan-{campaign.year}")


BLOCK_COLUMNS = [
    ListColumn("name", "Khối thi đua", 20),
    ListColumn("leader", "Trưởng khối", 18),
    ListColumn("deputy", "Phó khối", 18),
    ListColumn("count", "Số đơn vị", 8, "right"),
    ListColumn("members", "Đơn vị thành viên", 46),
]


def blocks(session: Session, ids: list[int] | None = None) -> PrintableList:
    """Danh sách khối thi đua of the year (``ids``: those shown, in their order; all when None)."""
    campaign = plan.current_campaign(session)
    rows = _in_order(block_service.list_blocks(session, campaign.id), ids)
    return PrintableList(
        "DANH SÁCH KHỐI THI ĐUA", [f"Năm {campaign.year}"], BLOCK_COLUMNS,
        [{"name": r.name, "leader": r.leader_name, "deputy": r.deputy_name, "count": format_number(r.member_count),
          "members": r.member_names} for r in rows],
        [f"Tổng cộng: {len(rows)} khối, {sum(r.member_count for r in rows)} đơn vị."],
        f"danh-sach-khoi-thi-dua-{campaign.year}")


STATUS_COLUMNS = [
    ListColumn("name", "Đơn vị", 26),
    ListColumn("block", "Khối thi đua", 16),
    ListColumn("head", "Thủ trưởng", 14),
    ListColumn("phone", "Điện thoại", 13),
    ListColumn("items", "Chỉ tiêu đã nhập", 10, "center"),
    ListColumn("state", "Tình hình báo cáo", 27),
]


def results_status(session: Session, period_id: int, today: dt.date | None = None) -> PrintableList:
    """Tình hình báo cáo kết quả of a period: each unit, how many of its targets are
    entered, reported or not, late by how many days."""
    status = reporting.status_of(session, period_id, today)
    sub = [status.period_name + (f" — hạn báo cáo {format_date(status.deadline)}" if status.deadline else "")]
    notes = [f"Tổng hợp: {status.summary()}."]
    if status.late:
        notes.append("Trễ hạn: " + ", ".join(f"{u.name} ({u.days_late} ngày)" for u in status.late) + ".")
    return PrintableList(
        "TÌNH HÌNH BÁO CÁO KẾT QUẢ THỰC HIỆN CHỈ TIÊU", sub, STATUS_COLUMNS,
        [{"name": u.name, "block": u.block, "head": u.head_name, "phone": u.phone,
          "items": f"{u.reported_items}/{u.items}", "state": u.state_text} for u in status.units],
        notes, f"tinh-hinh-bao-cao-{status.period_code}", status.today)
