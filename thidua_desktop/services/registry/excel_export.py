"""Units and people to Excel: blank templates and exports sharing one layout with the imports."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.registry import BLOCK_ROLES
from ...domain.text import collation_key, format_date, person_sort_key
from ...domain.units import GENDERS, UNIT_KINDS
from ...errors import UserError
from ...storage import atomic
from ...storage.database import Database
from ...storage.models import Person, Unit
from ..xlsx import printable as excel_print
from . import blocks as block_service
from .. import plan
from . import registrations as registration_service
from . import units as unit_service
from ..xlsx.files import make_inert
from ..progress import Progress, no_progress
from ..xlsx.columns import NO, YES, Column, help_paragraphs, row_values, written
from .columns import BLOCK_COLUMNS, PEOPLE_COLUMNS, REGISTRATION_COLUMNS, UNIT_COLUMNS


LIST_SHEET = "Danh mục"
HELP_SHEET = "Hướng dẫn"
HEADER_ROW = 4
TEMPLATE_ROWS = 1000


def _lists(session: Session, campaign_id: int) -> dict[str, list[str]]:
    blocks = [b.name for b in block_service.list_blocks(session, campaign_id)]
    unit_names = sorted(session.scalars(select(Unit.name).where(Unit.active.is_(True))), key=collation_key)
    return {
        "kind": list(UNIT_KINDS.values()),
        "block": blocks,
        "role": list(BLOCK_ROLES.values()),
        "gender": list(GENDERS.values()),
        "yesno": [YES, NO],
        "unit": unit_names,
    }


def _styles():
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    thin = Side(style="thin", color="999999")
    return {
        "title": Font(name="Times New Roman", size=14, bold=True),
        "subtitle": Font(name="Times New Roman", size=11, italic=True),
        "header": Font(name="Times New Roman", size=11, bold=True),
        "required": Font(name="Times New Roman", size=11, bold=True, color="B3261E"),
        "body": Font(name="Times New Roman", size=11),
        "fill": PatternFill("solid", fgColor="DCE6F1"),
        "border": Border(left=thin, right=thin, top=thin, bottom=thin),
        "center": Alignment(horizontal="center", vertical="center", wrap_text=True),
        "wrap": Alignment(vertical="top", wrap_text=True),
    }


def _write_list_sheet(wb, lists: dict[str, list[str]]) -> dict[str, str]:
    """The hidden sheet the dropdowns read from; returns list name → range formula."""
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(LIST_SHEET)
    refs = {}
    titles = {"kind": "Loại hình", "block": "Khối thi đua", "role": "Vai trò trong khối", "gender": "Giới tính",
              "yesno": "Có/Không", "unit": "Đơn vị"}
    for col, (name, items) in enumerate(lists.items(), start=1):
        ws.cell(row=1, column=col, value=titles[name])
        for row, item in enumerate(items, start=2):
            make_inert(ws.cell(row=row, column=col, value=item))
        letter = get_column_letter(col)
        if items:
            refs[name] = f"'{LIST_SHEET}'!${letter}$2:${letter}${len(items) + 1}"
        ws.column_dimensions[letter].width = 36
    ws.sheet_state = "hidden"
    return refs


def _write_table(ws, title: str, subtitle: str, cols: list[Column], rows: list[list[Any]],
                 refs: dict[str, str], progress: Progress = no_progress) -> None:
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    st = _styles()
    last_col = get_column_letter(len(cols))
    ws.cell(row=1, column=1, value=title).font = st["title"]
    ws.merge_cells(f"A1:{last_col}1")
    ws.cell(row=1, column=1).alignment = st["center"]
    ws.cell(row=2, column=1, value=subtitle).font = st["subtitle"]
    ws.merge_cells(f"A2:{last_col}2")
    ws.cell(row=2, column=1).alignment = st["center"]
    ws.row_dimensions[HEADER_ROW].height = 32
    for c, col in enumerate(cols, start=1):
        header = ws.cell(row=HEADER_ROW, column=c, value=col.header)
        header.font = st["required"] if col.required else st["header"]
        header.fill = st["fill"]
        header.border = st["border"]
        header.alignment = st["center"]
        ws.column_dimensions[get_column_letter(c)].width = col.width
    total = len(rows)
    body, border = st["body"], st["border"]
    for r, values in enumerate(rows, start=HEADER_ROW + 1):
        for c, (col, value) in enumerate(zip(cols, values), start=1):
            cell = ws.cell(row=r, column=c, value=value)
            cell.font = body
            cell.border = border
            if col.kind == "phone":
                cell.number_format = "@"
            elif col.kind == "date":
                cell.number_format = "dd/mm/yyyy"
            make_inert(cell)
        if total > 2000 and (r - HEADER_ROW) % 2000 == 0:
            progress(r - HEADER_ROW, total, f"Đang ghi dòng {r - HEADER_ROW}/{total}…")
    last_row = HEADER_ROW + max(TEMPLATE_ROWS, total + 500)
    for c, col in enumerate(cols, start=1):
        letter = get_column_letter(c)
        if col.kind == "phone":  # new cells typed in the column stay text too
            ws.column_dimensions[letter].number_format = "@"
        if col.choices and col.choices in refs:
            dv = DataValidation(type="list", formula1=f"={refs[col.choices]}", allow_blank=True)
            dv.showErrorMessage = True
            dv.errorStyle = "stop" if col.strict else "warning"
            dv.errorTitle = col.header
            dv.error = ("Hãy chọn một giá trị trong danh sách." if col.strict else
                        "Giá trị này chưa có trong danh sách. Vẫn ghi?")
            dv.promptTitle = col.header
            dv.prompt = "Chọn trong danh sách"
            dv.showInputMessage = False
            ws.add_data_validation(dv)
            dv.add(f"{letter}{HEADER_ROW + 1}:{letter}{last_row}")
    ws.freeze_panes = ws.cell(row=HEADER_ROW + 1, column=3)
    ws.auto_filter.ref = f"A{HEADER_ROW}:{last_col}{HEADER_ROW + max(total, 1)}"
    excel_print.setup_page(ws, (HEADER_ROW, HEADER_ROW), landscape=True)


def _write_help(wb, title: str, paragraphs: list[tuple[str, str]]) -> None:
    st = _styles()
    ws = wb.create_sheet(HELP_SHEET)
    ws.column_dimensions["A"].width = 28
    ws.column_dimensions["B"].width = 100
    ws.cell(row=1, column=1, value=title).font = st["title"]
    for r, (head, text) in enumerate(paragraphs, start=3):
        a = ws.cell(row=r, column=1, value=head)
        a.font = st["header"]
        a.alignment = st["wrap"]
        b = ws.cell(row=r, column=2, value=text)
        b.font = st["body"]
        b.alignment = st["wrap"]
        make_inert(b)
        ws.row_dimensions[r].height = max(18, 16 * (1 + len(text) // 95 + text.count("\n")))
    excel_print.setup_page(ws, landscape=True)


def _common_help(what: str, cli: str) -> list[tuple[str, str]]:
    return [
        ("Nhập vào chương trình",
         f"Trong chương trình: trang “Đơn vị, khối, cá nhân” › thẻ “{what}” › nút “Nhập từ Excel…”. "
         f"Hoặc từ dòng lệnh: {cli} TỆP.xlsx (thêm --dry-run để chỉ xem trước). Trước khi ghi, chương trình "
         "liệt kê từng dòng sẽ được thêm mới, cập nhật, giữ nguyên hay bị lỗi (kèm số dòng và lý do). "
         "Chỉ khi không còn dòng lỗi thì cả tệp mới được nhập; nếu có lỗi thì không dòng nào được ghi."),
        ("Dòng tiêu đề",
         "Dòng tiêu đề có thể nằm ở bất kỳ dòng nào trong 10 dòng đầu; thứ tự cột, chữ hoa, chữ thường, "
         "có dấu hay không dấu đều được. Cột tô đỏ là bắt buộc. Cột “STT” và các cột lạ được bỏ qua; "
         "dòng trống được bỏ qua. Tiêu đề hai dòng cũng được: một ô gộp ngang ở dòng trên, tên các cột con ở "
         "dòng dưới (ví dụ “Số cán bộ” gộp trên “Tổng số” và “Trong đó nữ”), các ô khác gộp dọc hai dòng. "
         "Ô gộp dọc qua nhiều dòng dữ liệu (“Đơn vị” gộp trên các cá nhân của đơn vị, “Khối thi đua” gộp trên "
         "các đơn vị của khối) được tính cho từng dòng mà ô đó phủ; riêng tên đơn vị, họ và tên thì dòng nào "
         "cũng phải tự ghi."),
        ("Ô để trống",
         "Khi cập nhật một bản ghi đã có, ô để trống nghĩa là giữ nguyên giá trị đang lưu trong chương trình "
         "(không xóa). Muốn xóa một giá trị, hãy sửa trực tiếp trong chương trình."),
        ("Tên trùng",
         "Tên được so sánh không phân biệt chữ hoa, khoảng trắng thừa và cách bỏ dấu thanh cũ/mới "
         "(“Hoà” và “Hòa” là một). Hai dòng cùng tên trong một tệp là lỗi."),
        ("Cột có danh sách chọn",
         "Các cột có mũi tên chọn lấy giá trị từ trang ẩn “Danh mục”. Có thể gõ tay, không cần dấu."),
        ("Số điện thoại", "Giữ nguyên số 0 ở đầu (cột đã định dạng văn bản). "
                          "Nếu Excel làm mất số 0, chương trình tự thêm lại cho số 9–10 chữ số."),
    ]


def _save(wb, path: Path) -> None:
    """Save atomically (:func:`..storage.atomic.save_workbook`) after checking the name and folder."""
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise UserError(f"Tên tệp “{path.name}” phải có đuôi .xlsx.")
    if not path.parent.exists():
        raise UserError(f"Không có thư mục “{path.parent}”.")
    atomic.save_workbook(wb, path)


def _new_workbook():
    from openpyxl import Workbook

    wb = Workbook()
    return wb, wb.active


def _unit_records(session: Session, campaign_id: int, blocks: list[block_service.BlockRow]) -> list[dict]:
    """Every unit's stored row with its block and role in the year, block by block, then by name."""
    members = unit_service.memberships(session, campaign_id)
    records = []
    for row in session.execute(select(Unit.__table__).order_by(Unit.id)).mappings():
        block_id, block_name, role = members.get(row["id"], (None, "", ""))
        records.append({**row, "block_id": block_id, "block_name": block_name, "block_role": role})
    position = {b.id: i for i, b in enumerate(blocks)}
    return sorted(records, key=lambda u: (u["block_id"] is None, position.get(u["block_id"], 0),
                                          collation_key(u["name"])))


def _people_records(session: Session) -> list[dict]:
    """Every person's stored row with the name of their unit."""
    unit_names = dict(session.execute(select(Unit.id, Unit.name)).all())
    return [{**row, "unit_name": unit_names.get(row["unit_id"], "")}
            for row in session.execute(select(Person.__table__).order_by(Person.id)).mappings()]


def _rows(columns: Sequence[Column], records: list) -> list[list[Any]]:
    return [row_values(columns, i, record) for i, record in enumerate(records, start=1)]


def _units_help(year: int) -> list[tuple[str, str]]:
    return [
        ("Mục đích", f"Danh sách các cơ quan, đơn vị, doanh nghiệp, tổ dân phố, trường học, Mặt trận và đoàn thể "
                     f"tham gia phong trào thi đua năm {year}, kèm khối thi đua của từng đơn vị."),
        *help_paragraphs(UNIT_COLUMNS, year),
        *_common_help("Đơn vị", "thidua units import"),
    ]


def _people_help(year: int) -> list[tuple[str, str]]:
    return [
        ("Mục đích", f"Danh sách cá nhân (cán bộ, công chức, viên chức, người lao động, hội viên, người dân) "
                     f"có thể được xét khen thưởng năm {year}."),
        *help_paragraphs(PEOPLE_COLUMNS, year),
        ("Trùng tên", "Hai người cùng họ tên trong cùng một đơn vị được phân biệt bằng ngày (năm) sinh."),
        ("Chuyển đơn vị", "Người chuyển sang đơn vị khác: sửa “Đơn vị” trong chương trình. Nhập tệp ghi đơn vị mới "
                          "sẽ thêm một người mới ở đơn vị đó (người cũ vẫn ở đơn vị cũ)."),
        *_common_help("Cá nhân", "thidua people import"),
    ]


def _ward_line(session: Session, text: str) -> str:
    ward = plan.ward(session)
    return f"{ward.full_name} — {text}"


def write_units_template(db: Database, path: Path) -> Path:
    """A blank units list with instructions and dropdowns."""
    with db.read() as session:
        campaign = plan.current_campaign(session)
        lists = _lists(session, campaign.id)
        subtitle = _ward_line(session, "mẫu nhập danh sách đơn vị (xem trang “Hướng dẫn”)")
        year = campaign.year
    wb, ws = _new_workbook()
    ws.title = "Đơn vị"
    refs = _write_list_sheet(wb, lists)
    _write_table(ws, f"DANH SÁCH ĐƠN VỊ THAM GIA PHONG TRÀO THI ĐUA NĂM {year}", subtitle, written(UNIT_COLUMNS), [], refs)
    _write_help(wb, "HƯỚNG DẪN ĐIỀN DANH SÁCH ĐƠN VỊ", _units_help(year))
    wb.move_sheet(HELP_SHEET, offset=-1)
    wb.active = wb.sheetnames.index("Đơn vị")
    _save(wb, path)
    return Path(path)


def write_people_template(db: Database, path: Path) -> Path:
    with db.read() as session:
        campaign = plan.current_campaign(session)
        lists = _lists(session, campaign.id)
        subtitle = _ward_line(session, "mẫu nhập danh sách cá nhân (xem trang “Hướng dẫn”)")
        year = campaign.year
    wb, ws = _new_workbook()
    ws.title = "Cá nhân"
    refs = _write_list_sheet(wb, lists)
    _write_table(ws, f"DANH SÁCH CÁ NHÂN NĂM {year}", subtitle, written(PEOPLE_COLUMNS), [], refs)
    _write_help(wb, "HƯỚNG DẪN ĐIỀN DANH SÁCH CÁ NHÂN", _people_help(year))
    wb.move_sheet(HELP_SHEET, offset=-1)
    wb.active = wb.sheetnames.index("Cá nhân")
    _save(wb, path)
    return Path(path)


def export_units(db: Database, path: Path, progress: Progress = no_progress) -> int:
    """Every unit with its block, the blocks, and the registrations; returns the unit count."""
    from openpyxl.styles import Font

    progress(0, 0, "Đang đọc danh sách đơn vị…")
    with db.read() as session:
        campaign = plan.current_campaign(session)
        block_rows = block_service.list_blocks(session, campaign.id)
        units = _unit_records(session, campaign.id, block_rows)
        regs = registration_service.list_registrations(session, campaign.id)
        lists = _lists(session, campaign.id)
        subtitle = _ward_line(session, f"xuất ngày {format_date(dt.date.today())}")
        year = campaign.year
    wb, ws = _new_workbook()
    ws.title = "Đơn vị"
    refs = _write_list_sheet(wb, lists)
    _write_table(ws, f"DANH SÁCH ĐƠN VỊ THAM GIA PHONG TRÀO THI ĐUA NĂM {year}", subtitle, written(UNIT_COLUMNS),
                 _rows(written(UNIT_COLUMNS), units), refs, progress)
    blocks_ws = wb.create_sheet("Khối thi đua")
    _write_table(blocks_ws, f"CÁC KHỐI THI ĐUA NĂM {year}", subtitle, BLOCK_COLUMNS,
                 _rows(BLOCK_COLUMNS, block_rows), {})
    regs_ws = wb.create_sheet("Đăng ký thi đua")
    order = {u["id"]: i for i, u in enumerate(units)}
    _write_table(regs_ws, f"ĐĂNG KÝ THI ĐUA NĂM {year}", subtitle, REGISTRATION_COLUMNS,
                 _rows(REGISTRATION_COLUMNS, sorted(regs, key=lambda r: order.get(r.unit_id, 0))), {})
    for sheet in (blocks_ws, regs_ws):
        sheet.cell(row=HEADER_ROW - 1, column=1,
                   value="Trang này để xem và in; khi nhập lại, chương trình chỉ đọc trang “Đơn vị”.").font = \
            Font(name="Times New Roman", size=10, italic=True)
    _write_help(wb, "HƯỚNG DẪN", _units_help(year))
    wb.active = 0
    progress(1, 1, "Đang lưu tệp…")
    _save(wb, path)
    return len(units)


def export_people(db: Database, path: Path, progress: Progress = no_progress) -> int:
    """Everyone, unit by unit (leaders first, then by given name); returns the count."""
    progress(0, 0, "Đang đọc danh sách cá nhân…")
    with db.read() as session:
        campaign = plan.current_campaign(session)
        rows = _people_records(session)
        block_rows = block_service.list_blocks(session, campaign.id)
        units = _unit_records(session, campaign.id, block_rows)
        lists = _lists(session, campaign.id)
        subtitle = _ward_line(session, f"xuất ngày {format_date(dt.date.today())}")
        year = campaign.year
    order = {u["id"]: i for i, u in enumerate(units)}
    rows.sort(key=lambda p: (order.get(p["unit_id"], len(order)), not p["is_leader"], person_sort_key(p["full_name"])))
    wb, ws = _new_workbook()
    ws.title = "Cá nhân"
    refs = _write_list_sheet(wb, lists)
    _write_table(ws, f"DANH SÁCH CÁ NHÂN NĂM {year}", subtitle, written(PEOPLE_COLUMNS),
                 _rows(written(PEOPLE_COLUMNS), rows), refs, progress)
    _write_help(wb, "HƯỚNG DẪN", _people_help(year))
    wb.active = 0
    progress(1, 1, "Đang lưu tệp…")
    _save(wb, path)
    return len(rows)
