"""Per-unit report forms (phiếu báo cáo kết quả): written in bulk, read back in bulk.

Writing: one xlsx per unit for a period, with the unit's name, the period and
its deadline filled in, the unit's items with their planned values, input
cells unlocked (yellow) and everything else protected, data validation on every
input cell, instructions in Vietnamese, and a very hidden, protected identity
sheet (``_thidua``: form version, plan year, period, unit, the item of every
row) so the file can be read back whatever the unit did to its name or layout.

Reading (:func:`read_files`): every file is checked, then previewed without
writing anything; a file goes in whole or not at all (:func:`apply`). A file
without the identity sheet is read as a plain long table
(:mod:`.table`). A form's empty cell leaves what was already recorded
as it is (it never deletes a value). When two files of the same unit and
period arrive, the newer one (by the date written on the form, then by the
file's time) is taken; a file older than the form already read for that unit
is refused. Values replaced go to the result's history.
"""
from __future__ import annotations

import datetime as dt
import functools
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ...domain.allocation import MEASURE_GROUP, OWN_GROUP
from ...domain.results import EntrySpec, Pair, Shape, from_parts, parse_flag, percent_cell_problem
from ...domain.text import Percent, TextError, clean, clean_multiline, fold, format_date, format_number, unique_key
from ...errors import UserError, os_error_text
from ...storage import atomic
from ...storage.database import Database
from ...storage.models import Campaign, Period, Unit
from . import evaluation as ev
from .. import plan as plan_service
from . import entry as rs
from ..xlsx import printable as excel_print
from ..xlsx.files import cell_date, check_xlsx_file, make_inert, open_fast_workbook, write_row
from ..xlsx.reader import CellError
from ..xlsx.importing import ImportPreview, Outcome, RowOutcome
from ..progress import Progress, no_progress
from . import table as result_table
from .readback import FileRead, ReadBack, RecordedResults, collect_paths

if TYPE_CHECKING:
    from openpyxl import Workbook

FORM_MARK = "thidua:phieu-ket-qua"
FORM_VERSION = 1
ID_SHEET = "_thidua"
MAIN_SHEET = "Báo cáo"
HELP_SHEET = "Hướng dẫn"

# Columns of the main sheet (1-based).
COL_NO, COL_CODE, COL_LABEL, COL_UNIT, COL_PLAN = 1, 2, 3, 4, 5
COL_VALUE, COL_FIRST, COL_SECOND, COL_NOTE, COL_EVIDENCE, COL_HINT = 6, 7, 8, 9, 10, 11
HEADERS = ("STT", "Mã", "Chỉ tiêu, tiêu chí", "ĐVT", "Kế hoạch giao", "Thực hiện",
           "Tử số / Số năm nay", "Mẫu số / Số năm trước", "Ghi chú", "Minh chứng (số văn bản, tài liệu)",
           "Cách ghi")
WIDTHS = (5, 8, 46, 9, 14, 12, 13, 13, 20, 20, 64)
LINE_POINTS = 15  # height of one line of wrapped text
UNIT_CELL, DATE_CELL, REPORTER_CELL = "C4", "C7", "C8"
HEADER_ROW = 10



@functools.cache
def _styles() -> tuple:
    """The form's fills, box, wrap and unlocked cells. openpyxl is imported only
    when a form is written: reading forms and tables back does without it (0,1 s)."""
    from openpyxl.styles import Alignment, Border, PatternFill, Protection, Side

    thin = Side(style="thin", color="999999")
    return (PatternFill("solid", fgColor="FFF2CC"), PatternFill("solid", fgColor="EDEDED"),
            PatternFill("solid", fgColor="DDEBF7"), PatternFill("solid", fgColor="F2F2F2"),
            Border(left=thin, right=thin, top=thin, bottom=thin), Alignment(wrap_text=True, vertical="top"),
            Protection(locked=False))


def file_name(unit_name: str, period: Period, year: int) -> str:
    """ASCII file name (survives e-mail and old zip tools); the identity is inside the file."""
    words = re.sub(r"[^A-Za-z0-9]+", " ", fold(unit_name)).strip().title()
    period_words = re.sub(r"[^A-Za-z0-9]+", " ", fold(period.code)).strip()
    return f"Phieu bao cao {year} {period_words} - {words}.xlsx"[:150]


# --- writing -----------------------------------------------------------------


@dataclass
class WrittenForms:
    folder: Path
    files: list[Path]
    skipped: list[str]  # units with nothing to report
    kept: list[Path] = field(default_factory=list)  # forms already there, different: left as they were
    beside: Path | None = None  # where the new forms of the ``kept`` ones went

    def text(self) -> str:
        text = f"Đã tạo {len(self.files) - len(self.kept)} phiếu trong thư mục “{self.folder}”."
        if self.kept:
            names = ", ".join(p.name for p in self.kept[:5]) + ("…" if len(self.kept) > 5 else "")
            text += (f" {len(self.kept)} phiếu đã có sẵn trong thư mục này khác với phiếu mới (có thể đơn vị "
                     f"đã điền, gửi về) nên được giữ nguyên, không ghi đè: {names}. Phiếu mới của các đơn vị "
                     f"này được ghi vào thư mục “{self.beside}”.")
        if self.skipped:
            text += f" Không tạo phiếu cho {len(self.skipped)} đơn vị chưa được giao chỉ tiêu, tiêu chí: " \
                    + ", ".join(self.skipped[:10]) + ("…" if len(self.skipped) > 10 else "") + "."
        return text


def write_forms(session, campaign: Campaign, period: Period, folder: Path,
                unit_ids: list[int] | None = None, progress: Progress = no_progress) -> WrittenForms:
    """Write one form per unit (all units with something to report, or ``unit_ids``)."""
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(f"Không tạo được thư mục “{folder}”: {os_error_text(exc)}") from None
    people = ev.participants(session, campaign)
    ward = plan_service.ward(session)
    chosen = [u for u in people.ordered_units() if unit_ids is None or u.id in unit_ids]
    if unit_ids is not None:
        unknown = set(unit_ids) - {u.id for u in chosen}
        if unknown:
            raise UserError("Có đơn vị được chọn không còn hoạt động hoặc không tồn tại.")
    files, skipped, kept = [], [], []
    beside = None
    deadline = period.deadline or (campaign.units_deadline if period.is_main else None)
    for i, unit in enumerate(chosen):
        progress(i, len(chosen), f"Đang tạo phiếu: {unit.name}")
        items = people.items(unit.id)
        if not items:
            skipped.append(unit.name)
            continue
        block = people.block_of.get(unit.id)
        path = folder / file_name(unit.name, period, campaign.year)
        workbook = build_form(ward.full_name, ward.authority, campaign, period, deadline, unit,
                              block.name if block else "", items)
        if path.exists() and not _same_form(path, workbook):
            kept.append(path)
            beside = beside or _new_folder(folder)
            path = beside / path.name
        atomic.save_workbook(workbook, path)
        files.append(path)
    progress(len(chosen), len(chosen), "Xong")
    return WrittenForms(folder, files, skipped, kept, beside)


def _new_folder(folder: Path) -> Path:
    """A dated folder inside ``folder`` for new forms that must not replace the
    ones there (reading ``folder`` back does not look into sub-folders)."""
    base = folder / f"Phieu moi {dt.datetime.now():%d-%m-%Y %Hh%M}"
    chosen, n = base, 2
    while chosen.exists():
        chosen, n = base.with_name(f"{base.name} ({n})"), n + 1
    try:
        chosen.mkdir()
    except OSError as exc:
        raise UserError(f"Không tạo được thư mục “{chosen}”: {os_error_text(exc)}") from None
    return chosen


def _same_form(path: Path, workbook: Workbook) -> bool:
    """Whether the file at ``path`` says exactly what ``workbook`` says (the
    time it was made aside): a form nobody has filled in since it was written."""
    import openpyxl

    try:
        check_xlsx_file(path)
        existing = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except Exception:  # not a workbook we can read: not ours to replace
        return False
    try:
        return _form_cells(existing) == _form_cells(workbook)
    except Exception:  # a damaged file is not ours to replace
        return False
    finally:
        existing.close()


def _form_cells(workbook) -> dict[tuple[str, int, int], object]:
    cells = {}
    for ws in workbook.worksheets:
        for row in ws.iter_rows():
            if ws.title == ID_SHEET and row and row[0].value == "tao_luc":
                continue
            for c in row:
                if c.value is not None and c.value != "":
                    cells[(ws.title, c.row, c.column)] = c.value
    return cells


def _lines(text: str, width: float) -> int:
    """Lines a wrapped cell needs (Excel and LibreOffice do not grow rows written by openpyxl)."""
    return max(1, -(-len(text) // max(int(width) - 2, 1)))


def _planned_cell(item: ev.Item) -> str:
    if item.spec.shape is Shape.YESNO:
        return "Có"
    text = item.planned_text
    return text or ("Giảm so với năm trước" if item.spec.pair is Pair.BASELINE else "—")


def _hint(item: ev.Item) -> str:
    spec = item.spec
    if spec.shape is Shape.RATE:
        return (f"Ghi tỷ lệ % vào cột Thực hiện, hoặc ghi Tử số: {spec.first_label or '…'}; "
                f"Mẫu số: {spec.second_label or '…'}")
    if spec.shape is Shape.GROWTH:
        return (f"Ghi tốc độ tăng % vào cột Thực hiện, hoặc ghi số năm nay và số năm trước"
                f"{f' ({item.spec.first_label[12:-1]})' if '(' in spec.first_label else ''}")
    if spec.pair is Pair.BASELINE:
        return "Ghi số năm nay vào cột Thực hiện (hoặc cột Số năm nay) và số năm trước"
    return spec.hint()


def build_form(ward_name: str, authority: str, campaign: Campaign, period: Period, deadline: dt.date | None,
               unit: Unit, block_name: str, items: list[ev.Item]) -> Workbook:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.datavalidation import DataValidation

    _INPUT, _NOT_USED, _HEAD, _GROUP, _BOX, _WRAP, _UNLOCKED = _styles()
    wb = Workbook()
    ws = wb.active
    ws.title = MAIN_SHEET
    for i, width in enumerate(WIDTHS, start=1):
        ws.column_dimensions[ws.cell(row=1, column=i).column_letter].width = width
    last_col = COL_EVIDENCE  # titles and notes span the printed columns; "Cách ghi" is for the screen
    ws["A1"] = authority.upper() if authority else ward_name.upper()
    ws["A1"].font = Font(bold=True)
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=last_col)
    ws["A2"] = f"PHIẾU BÁO CÁO KẾT QUẢ THỰC HIỆN CHỈ TIÊU, TIÊU CHÍ THI ĐUA NĂM {campaign.year}"
    ws["A2"].font = Font(bold=True, size=13)
    ws["A2"].alignment = Alignment(horizontal="center")
    deadline_text = f"trước ngày {format_date(deadline)}" if deadline else "theo hướng dẫn của phường"
    ws.merge_cells(start_row=3, start_column=1, end_row=3, end_column=last_col)
    ws["A3"] = (f"(Kèm theo kế hoạch phát động phong trào thi đua năm {campaign.year}; gửi "
                f"{campaign.units_report_to or 'Ủy ban nhân dân phường'} {deadline_text})")
    ws["A3"].font = Font(italic=True)
    ws["A3"].alignment = Alignment(horizontal="center")
    labels = {4: ("Đơn vị", unit.name), 5: ("Khối", block_name or "—"),
              6: ("Kỳ báo cáo", f"{period.name} — hạn gửi {deadline_text}"),
              7: ("Ngày lập", None), 8: ("Người lập", None)}
    for row, (label, value) in labels.items():
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
        ws.cell(row=row, column=1, value=label + ":").font = Font(bold=True)
        target = ws.cell(row=row, column=3, value=value)
        if value is None:
            target.fill = _INPUT
            target.protection = _UNLOCKED
            target.border = _BOX
        else:
            target.font = Font(bold=row == 4)
            make_inert(target)
    ws[DATE_CELL].number_format = "DD/MM/YYYY"
    for row, text in ((7, "(ngày/tháng/năm)"), (8, "(họ tên, điện thoại)")):
        ws.cell(row=row, column=COL_UNIT, value=text).font = Font(italic=True, color="595959")
    ws.merge_cells(start_row=9, start_column=1, end_row=9, end_column=last_col)
    ws["A9"] = ("Chỉ ghi vào các ô nền vàng. Ô để trống là chưa có số liệu (không ghi 0 thay cho ô trống). "
                "Tỷ lệ ghi số phần trăm, ví dụ 96,5 — hoặc ghi tử số và mẫu số để phường cộng dồn chính xác. "
                "Xem thêm trang “Hướng dẫn”.")
    ws["A9"].font = Font(italic=True, color="7F6000")
    ws["A9"].alignment = Alignment(wrap_text=True)
    ws.row_dimensions[9].height = 30
    for col, text in enumerate(HEADERS, start=1):
        c = ws.cell(row=HEADER_ROW, column=col, value=text)
        c.font = Font(bold=True)
        c.fill = _HEAD
        c.border = _BOX
        c.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
    ws.row_dimensions[HEADER_ROW].height = 32
    ws.freeze_panes = ws.cell(row=HEADER_ROW + 1, column=COL_VALUE)

    validations: dict[str, DataValidation] = {}

    def validate(name: str, cell_ref: str, **kwargs) -> None:
        if name not in validations:
            dv = DataValidation(allow_blank=True, showErrorMessage=True, showInputMessage=True,
                                errorTitle="Giá trị không hợp lệ", **kwargs)
            validations[name] = dv
            ws.add_data_validation(dv)
        validations[name].add(cell_ref)

    id_rows: list[tuple[int, str, int, str, str]] = []
    row = HEADER_ROW + 1
    group = None
    number = 0
    for item in items:
        item_group = item.group or (MEASURE_GROUP if item.kind == ev.MEASURE else OWN_GROUP)
        if item_group != group:
            group = item_group
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last_col)
            g = ws.cell(row=row, column=1, value=group)
            g.font = Font(bold=True)
            g.fill = _GROUP
            make_inert(g)
            row += 1
        number += 1
        spec = item.spec
        label = item.label if not item.target_code or item.code == item.target_code else item.label
        values = [number, item.code, label, item.unit if not spec.percent else "%", _planned_cell(item)]
        for col, value in enumerate(values, start=1):
            c = ws.cell(row=row, column=col, value=value)
            c.border = _BOX
            c.alignment = _WRAP
            make_inert(c)
        hint_text = _hint(item)
        hint = ws.cell(row=row, column=COL_HINT, value=hint_text)
        hint.alignment = _WRAP
        hint.font = Font(color="595959", size=9)
        hint.border = _BOX
        lines = max(_lines(label, WIDTHS[COL_LABEL - 1]), _lines(str(values[4]), WIDTHS[COL_PLAN - 1]),
                    _lines(hint_text, WIDTHS[COL_HINT - 1] * 1.15))
        ws.row_dimensions[row].height = LINE_POINTS * lines + 3
        used = {COL_VALUE, COL_NOTE, COL_EVIDENCE}
        if spec.pair is not Pair.NONE:
            used |= {COL_SECOND} if spec.pair is Pair.BASELINE else {COL_FIRST, COL_SECOND}
        for col in (COL_VALUE, COL_FIRST, COL_SECOND, COL_NOTE, COL_EVIDENCE):
            c = ws.cell(row=row, column=col)
            c.border = _BOX
            if col in used:
                c.fill = _INPUT
                c.protection = _UNLOCKED
                c.alignment = _WRAP if col in (COL_NOTE, COL_EVIDENCE) else Alignment(vertical="top")
            else:
                c.fill = _NOT_USED
        value_ref = ws.cell(row=row, column=COL_VALUE).coordinate
        first_ref = ws.cell(row=row, column=COL_FIRST).coordinate
        second_ref = ws.cell(row=row, column=COL_SECOND).coordinate
        if spec.shape is Shape.YESNO:
            validate("yesno", value_ref, type="list", formula1='"Có,Không"',
                     error="Chọn “Có” hoặc “Không”.", promptTitle="Có / Không", prompt="Chọn Có hoặc Không.")
        elif spec.percent and spec.shape is not Shape.GROWTH:
            validate("percent", value_ref, type="decimal", operator="between", formula1="0", formula2="100",
                     error="Tỷ lệ phải là số từ 0 đến 100.", promptTitle="Tỷ lệ %",
                     prompt="Số từ 0 đến 100, ví dụ 96,5.")
        elif spec.shape is Shape.GROWTH:
            validate("growth", value_ref, type="decimal", operator="greaterThanOrEqual", formula1="-100",
                     error="Tốc độ tăng là số phần trăm, không nhỏ hơn -100.", promptTitle="Tốc độ tăng %",
                     prompt="Ví dụ 12,5 (tăng 12,5% so với năm trước).")
        elif spec.integer:
            validate("count", value_ref, type="whole", operator="greaterThanOrEqual", formula1="0",
                     error="Ghi số nguyên, không âm.", promptTitle="Số lượng", prompt="Số nguyên, không âm.")
        else:
            validate("amount", value_ref, type="decimal", operator="greaterThanOrEqual", formula1="0",
                     error="Ghi số, không âm.", promptTitle="Số liệu", prompt="Số không âm.")
        if spec.pair is Pair.RATIO:
            validate("numerator", first_ref, type="custom",
                     formula1=f'AND(ISNUMBER({first_ref}),{first_ref}>=0,OR({second_ref}="",{first_ref}<={second_ref}))',
                     error="Tử số là số không âm và không lớn hơn mẫu số.", promptTitle="Tử số",
                     prompt=spec.first_label or "Tử số")
            validate("denominator", second_ref, type="custom",
                     formula1=f'AND(ISNUMBER({second_ref}),{second_ref}>0,OR({first_ref}="",{first_ref}<={second_ref}))',
                     error="Mẫu số là số lớn hơn 0 và không nhỏ hơn tử số.", promptTitle="Mẫu số",
                     prompt=spec.second_label or "Mẫu số")
        elif spec.pair is Pair.AMOUNTS:
            validate("current", first_ref, type="decimal", operator="greaterThanOrEqual", formula1="0",
                     error="Ghi số không âm.", promptTitle="Số năm nay", prompt=spec.first_label)
            validate("previous", second_ref, type="decimal", operator="greaterThan", formula1="0",
                     error="Ghi số lớn hơn 0.", promptTitle="Số năm trước", prompt=spec.second_label)
        elif spec.pair is Pair.BASELINE:
            validate("baseline", second_ref, type="decimal" if not spec.integer else "whole",
                     operator="greaterThanOrEqual", formula1="0", error="Ghi số không âm.",
                     promptTitle="Số năm trước", prompt="Số của năm trước để so sánh")
        id_rows.append((row, item.kind, item.id, item.code, spec.shape.value))
        row += 1
    validate("date", DATE_CELL, type="date", operator="between", formula1="DATE(2000,1,1)",
             formula2="DATE(2100,12,31)", error="Ghi ngày theo dạng ngày/tháng/năm.",
             promptTitle="Ngày lập báo cáo", prompt="Ví dụ 28/11/2026")
    row += 1
    ws.cell(row=row, column=COL_NOTE, value="THỦ TRƯỞNG ĐƠN VỊ").font = Font(bold=True)
    ws.cell(row=row + 1, column=COL_NOTE, value="(Ký, ghi rõ họ tên, đóng dấu)").font = Font(italic=True)
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    ws.protection.formatCells = False
    excel_print.setup_page(ws, (HEADER_ROW, HEADER_ROW), landscape=True,
                           last_col=COL_EVIDENCE)  # "Cách ghi" stays on screen

    _write_help(wb.create_sheet(HELP_SHEET), campaign, period, deadline_text)
    ident = wb.create_sheet(ID_SHEET)
    for values in ([FORM_MARK, FORM_VERSION], ["nam", campaign.year], ["ky", period.code, period.id],
                   ["don_vi", unit.id, unit.name], ["tao_luc", dt.datetime.now().isoformat(timespec="seconds")],
                   ["ngay_lap", DATE_CELL], ["nguoi_lap", REPORTER_CELL], ["dong_dau", HEADER_ROW + 1]):
        write_row(ident, values)  # the unit's name is user text
    ident.append([])
    ident.append(["dong", "loai", "ma_so", "ma", "dang"])
    for values in id_rows:
        ident.append(list(values))
    ident.sheet_state = "veryHidden"
    ident.protection.sheet = True
    wb.active = 0
    return wb


def _write_help(ws, campaign: Campaign, period: Period, deadline_text: str) -> None:
    from openpyxl.styles import Alignment, Font

    ws.column_dimensions["A"].width = 110
    lines = [
        ("HƯỚNG DẪN GHI PHIẾU BÁO CÁO", True),
        (f"Phiếu này dùng để báo cáo kết quả thực hiện chỉ tiêu, tiêu chí thi đua năm {campaign.year}, "
         f"kỳ “{period.name}”. Gửi lại phiếu {deadline_text}.", False),
        ("1. Chỉ ghi vào các ô nền vàng ở trang “Báo cáo”. Các ô khác đã được khóa.", False),
        ("2. Ô để trống nghĩa là chưa có số liệu. Không ghi 0 thay cho ô trống: số 0 là kết quả bằng không.", False),
        ("3. Chỉ tiêu tỷ lệ (%): ghi số phần trăm ở cột “Thực hiện”, ví dụ 96,5 (không cần ghi dấu %). "
         "Nên ghi thêm Tử số và Mẫu số (ví dụ 965 và 1.000): phường cộng tử số, cộng mẫu số của các đơn vị "
         "để tính tỷ lệ chung chính xác. Ghi tử số và mẫu số thì có thể bỏ trống cột “Thực hiện”.", False),
        ("4. Chỉ tiêu tăng so với năm trước: ghi tốc độ tăng (%), hoặc ghi số năm nay và số năm trước.", False),
        ("5. Chỉ tiêu giảm so với năm trước (ví dụ hộ cận nghèo): ghi số năm nay và số năm trước.", False),
        ("6. Tiêu chí Có/Không: chọn “Có” hoặc “Không” trong danh sách.", False),
        ("7. Ghi chú và Minh chứng: ghi số, ngày văn bản hoặc tài liệu chứng minh kết quả (nếu có).", False),
        ("8. Ghi ngày lập báo cáo và người lập. Nếu gửi lại phiếu đã sửa, hãy ghi ngày mới: phường lấy "
         "phiếu có ngày lập mới nhất.", False),
        ("9. Không đổi tên trang, không chèn hoặc xóa dòng. Có thể lưu bằng Excel hoặc LibreOffice, "
         "giữ dạng tệp .xlsx.", False),
    ]
    for i, (text, bold) in enumerate(lines, start=1):
        c = ws.cell(row=i, column=1, value=text)
        c.alignment = Alignment(wrap_text=True, vertical="top")
        if bold:
            c.font = Font(bold=True, size=13)
    ws.protection.sheet = True
    excel_print.setup_page(ws, landscape=True)


# --- reading -----------------------------------------------------------------



def read_files(session, campaign: Campaign, paths: list[Path], period: Period | None = None,
               progress: Progress = no_progress) -> ReadBack:
    """Read forms and long tables into previews; nothing is written."""
    period = period or ev.main_period(campaign)
    files = collect_paths(paths)
    people = ev.participants(session, campaign)
    cache = RecordedResults(session)
    reads: list[FileRead] = []
    for i, path in enumerate(files):
        progress(i, len(files), f"Đang đọc {path.name}")
        try:
            read = _read_one(session, campaign, people, cache, path, period)
        except UserError as exc:
            read = FileRead(path, "form", ImportPreview(path, "results"), error=exc.message)
        reads.append(read)
    _pick_newest(reads)
    progress(len(files), len(files), "Đã đọc xong")
    return ReadBack(reads, period.id)



def _read_one(session, campaign, people, cache, path: Path, period: Period) -> FileRead:
    if path.suffix.lower() == ".xls":
        check_xlsx_file(path)  # explains how to save an old .xls as .xlsx
    workbook = open_fast_workbook(path)
    try:
        if ID_SHEET not in workbook.sheetnames:
            workbook.close()
            return result_table.read_table(session, campaign, people, cache, path, period)
        return _read_form(workbook, campaign, people, cache, path)
    finally:
        workbook.close()


_BROKEN_IDENTITY = "phần nhận dạng của phiếu bị hỏng hoặc đã bị sửa; hãy dùng phiếu mới"


def _identity(workbook, path: Path) -> dict:
    rows = list(workbook[ID_SHEET].iter_rows(values_only=True))
    if not rows or not rows[0] or rows[0][0] != FORM_MARK:
        raise UserError("không phải phiếu báo cáo do chương trình tạo (phần nhận dạng bị hỏng)")
    version = rows[0][1] if len(rows[0]) > 1 else None
    if not isinstance(version, (int, float)) or int(version) > FORM_VERSION:
        raise UserError("phiếu được tạo bằng phiên bản mới hơn của chương trình; hãy cập nhật chương trình")
    info: dict = {"items": {}}
    reading_items = False
    try:
        for values in rows[1:]:
            if not values or values[0] is None:
                continue
            if values[0] == "dong":
                reading_items = True
                continue
            if reading_items:
                row, kind, item_id, code = (tuple(values) + (None,) * 4)[:4]
                info["items"][_whole(row)] = (str(kind), _whole(item_id), str(code))
            else:
                info[str(values[0])] = values[1:]
        info["nam"] = _whole(info["nam"][0])
        info["ky"] = (str(info["ky"][0]), _whole(info["ky"][1]))
        info["don_vi"] = (_whole(info["don_vi"][0]), clean(info["don_vi"][1]))
        info["dong_dau"] = _whole(info["dong_dau"][0])
    except (KeyError, IndexError, TypeError, ValueError):
        raise UserError(_BROKEN_IDENTITY) from None
    return info


def _whole(value: object) -> int:
    """A whole number of the identity sheet (a row, an id, a year), or ValueError."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not float(value).is_integer() \
            or not 0 <= value < 10 ** 9:
        raise ValueError(value)
    return int(value)


def _read_form(workbook, campaign: Campaign, people: ev.Participants, cache: RecordedResults, path: Path) -> FileRead:
    preview = ImportPreview(path, "results")
    read = FileRead(path, "form", preview, modified=path.stat().st_mtime)
    info = _identity(workbook, path)
    year = info["nam"]
    if year != campaign.year:
        raise UserError(f"phiếu của kế hoạch năm {year}, không phải năm {campaign.year}")
    period_code, period_id = info["ky"]
    period = next((p for p in campaign.periods if p.id == period_id and p.code == period_code), None) \
        or next((p for p in campaign.periods if p.code == period_code), None)
    if period is None:
        raise UserError(f"kỳ báo cáo “{period_code}” của phiếu không còn trong kế hoạch")
    read.period_id, read.period_name = period.id, period.name
    unit_id, unit_name = info["don_vi"]
    read.unit_name = unit_name
    unit = people.units.get(unit_id)
    if unit is None:
        raise UserError(f"đơn vị “{unit_name}” của phiếu không còn trong danh sách đơn vị đang hoạt động")
    ws = workbook[MAIN_SHEET] if MAIN_SHEET in workbook.sheetnames else workbook.worksheets[0]
    items = {it.key: it for it in people.items(unit.id)}
    first_row = info["dong_dau"]
    row_items = info["items"]
    last_row = max(row_items, default=first_row)
    try:
        date_ref = str(info.get("ngay_lap", [DATE_CELL])[0])
        reporter_ref = str(info.get("nguoi_lap", [REPORTER_CELL])[0])
        date_at, reporter_at = _position(date_ref), _position(reporter_ref)
    except (IndexError, ValueError):
        raise UserError(_BROKEN_IDENTITY) from None
    head_at = {"date": date_at, "reporter": reporter_at, "unit": _position(UNIT_CELL)}
    head: dict[str, object] = {}
    rows: dict[int, tuple] = {}
    for r, values in enumerate(ws.iter_rows(min_row=1, max_row=last_row), start=1):
        for what, (at_row, at_col) in head_at.items():
            if r == at_row and at_col <= len(values):
                head[what] = values[at_col - 1]
        if r in row_items:
            rows[r] = values[:COL_EVIDENCE]
    _check_unit(unit, unit_name, head.get("unit"), people)
    read.unit_id, read.unit_name = unit.id, unit.name
    for r in sorted(row_items):
        if r in rows:
            _read_form_row(read, rows[r], r, row_items[r], items, unit, period, cache)
    for what, ref in (("date", date_ref), ("reporter", reporter_ref)):
        if isinstance(head.get(what), CellError):
            preview.rows.append(RowOutcome(head_at[what][0], Outcome.ERROR, "Ngày lập báo cáo" if what == "date"
                                           else "Người lập", f"ô {ref}: công thức cho kết quả lỗi {head.pop(what)}"))
    try:
        read.reported_on = cell_date(head.get("date"))
    except TextError as exc:
        preview.rows.append(RowOutcome(date_at[0], Outcome.ERROR, "Ngày lập báo cáo", str(exc)))
    if read.reported_on is None:
        read.reported_on = dt.date.fromtimestamp(read.modified)
    elif read.reported_on > dt.date.today() + dt.timedelta(days=1):
        preview.rows.append(RowOutcome(date_at[0], Outcome.ERROR, "Ngày lập báo cáo",
                                       f"ngày {format_date(read.reported_on)} chưa tới"))
    read.reporter = clean(head.get("reporter"))
    missing_rows = set(row_items) - {r.row for r in preview.rows}
    if not read.filled:
        read.error = "phiếu chưa ghi số liệu nào (phiếu trống)"
    elif missing_rows:
        read.error = f"phiếu thiếu dòng {', '.join(str(r) for r in sorted(missing_rows)[:5])} (đã bị xóa dòng?)"
    return read


def _check_unit(unit: Unit, identity_name: str, shown: object, people: ev.Participants) -> None:
    """The unit the form is for three times over: the name shown on the form,
    the name in its identity sheet and the unit its identity points to must be
    one. A form whose hidden identity was edited to point to another unit
    (units of one block compete) is refused, and so is one whose visible name
    was changed."""
    shown_name = clean(shown) if isinstance(shown, str) else ""
    if unique_key(shown_name) != unique_key(identity_name):
        raise UserError(f"tên đơn vị ghi trên phiếu (ô {UNIT_CELL}: “{shown_name or 'trống'}”) khác tên trong phần "
                        f"nhận dạng của phiếu (“{identity_name}”); phiếu đã bị sửa, hãy dùng phiếu do phường gửi")
    if unique_key(shown_name) != unique_key(unit.name):
        if any(unique_key(u.name) == unique_key(shown_name) for u in people.units.values()):
            raise UserError(f"phiếu ghi đơn vị “{shown_name}” nhưng phần nhận dạng của phiếu lại là của "
                            f"đơn vị “{unit.name}”; phiếu đã bị sửa, không nhập")
        raise UserError(f"phiếu ghi đơn vị “{shown_name}” nhưng phần nhận dạng là của đơn vị “{unit.name}” "
                        "(đơn vị đã đổi tên sau khi tạo phiếu?); hãy tạo phiếu mới cho đơn vị rồi gửi lại")


def _position(ref: str) -> tuple[int, int]:
    from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

    letters, row = coordinate_from_string(ref)
    return row, column_index_from_string(letters)


def _cell_value(value: object) -> object:
    if isinstance(value, str):
        value = value.strip() or None
    return value


def _as_number(value: object, what: str, percent: bool = False) -> float | None:
    """A figure of a form; a cell shown as a percentage only where the item is a rate."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise TextError(f"{what}: “{value}” không phải là số")
    if isinstance(value, Percent) and not percent:
        raise TextError(percent_cell_problem(value, what))
    if isinstance(value, (dt.date, dt.datetime)):
        raise TextError(f"{what}: ô đang ghi ngày {format_date(value if isinstance(value, dt.date) else value.date())}, không phải số")
    from ...domain.text import parse_number

    try:
        return parse_number(value)
    except TextError as exc:
        raise TextError(f"{what}: {exc}") from None


def _read_form_row(read: FileRead, values: tuple, row: int, ident: tuple[str, int, str], items: dict,
                   unit: Unit, period: Period, cache: RecordedResults) -> None:
    kind, item_id, code = ident
    by_col = dict(enumerate(values, start=1))
    name = code
    code_cell = _cell_value(by_col.get(COL_CODE))
    if code_cell is not None and fold(str(code_cell if not isinstance(code_cell, float) or not code_cell.is_integer()
                                          else int(code_cell))) != fold(code):
        read.preview.rows.append(RowOutcome(row, Outcome.ERROR, name,
                                            f"dòng này không còn là chỉ tiêu {code} (phiếu đã bị sửa cấu trúc)"))
        return
    item = items.get((kind, item_id))
    raw = {col: _cell_value(by_col.get(col)) for col in (COL_VALUE, COL_FIRST, COL_SECOND, COL_NOTE, COL_EVIDENCE)}
    has_content = any(v is not None for v in raw.values())
    if has_content:
        read.filled += 1
    if item is None:
        if has_content:
            read.preview.rows.append(RowOutcome(row, Outcome.ERROR, name,
                                                f"chỉ tiêu, tiêu chí {code} không còn giao cho đơn vị; "
                                                "hãy gửi phiếu mới cho đơn vị"))
        else:
            read.preview.rows.append(RowOutcome(row, Outcome.UNCHANGED, name, "không còn giao; bỏ qua"))
        return
    name = f"{item.code} – {item.label}"
    spec = item.spec
    failed = next((col for col, v in raw.items() if isinstance(v, CellError)), None)
    if failed is not None:
        from openpyxl.utils import get_column_letter

        read.preview.rows.append(RowOutcome(row, Outcome.ERROR, name, f"ô {get_column_letter(failed)}{row} (cột "
                                            f"“{HEADERS[failed - 1]}”): công thức cho kết quả lỗi {raw[failed]}, "
                                            "không có giá trị để nhập"))
        return
    try:
        values = _form_values(spec, raw)
    except TextError as exc:
        read.preview.rows.append(RowOutcome(row, Outcome.ERROR, name, str(exc)))
        return
    note = clean_multiline(raw[COL_NOTE]) if raw[COL_NOTE] is not None else None
    evidence = clean(raw[COL_EVIDENCE]) if raw[COL_EVIDENCE] is not None else None
    existing = cache.period(period.id).get(unit.id, item.kind, item.id)
    old = ev.values_of(existing) if ev.has_values(existing) else None
    if values is None and note is None and evidence is None:
        message = "để trống; giữ số đã có" if old is not None else "để trống"
        read.preview.rows.append(RowOutcome(row, Outcome.UNCHANGED, name, message))
        return
    change = rs.CellChange(rs.CellKey(unit.id, item.kind, item.id),
                           values if values is not None else rs.KEEP,
                           note if note is not None else rs.KEEP,
                           evidence if evidence is not None else rs.KEEP)
    outcome, message = _outcome(item, existing, old, values, note, evidence)
    read.preview.rows.append(RowOutcome(row, outcome, name, message))
    if outcome is not Outcome.UNCHANGED:
        read.changes.setdefault(period.id, []).append(change)


def _form_values(spec: EntrySpec, raw: dict):
    if spec.shape is Shape.YESNO:
        flag = raw[COL_VALUE]
        return None if flag is None else from_parts(spec, flag=parse_flag(flag))
    value = _as_number(raw[COL_VALUE], "Thực hiện", spec.percent)
    first = _as_number(raw[COL_FIRST], "Tử số" if spec.pair is Pair.RATIO else "Số năm nay") \
        if spec.pair in (Pair.RATIO, Pair.AMOUNTS, Pair.BASELINE) else None
    second = _as_number(raw[COL_SECOND], "Mẫu số" if spec.pair is Pair.RATIO else "Số năm trước") \
        if spec.pair is not Pair.NONE else None
    if spec.pair is Pair.BASELINE:
        first = None  # the column is not an input for a decrease; the value column holds this year
    return from_parts(spec, value=value, first=first, second=second)


def _outcome(item: ev.Item, existing, old, values, note, evidence) -> tuple[Outcome, str]:
    from ...domain.results import detail_text

    new_text = detail_text(values, item.spec) if values is not None else ""
    if existing is None:
        return Outcome.NEW, new_text or "ghi chú, minh chứng"
    same = (values is None or values == old) and (note is None or note == existing.note) \
        and (evidence is None or evidence == existing.evidence)
    if same:
        return Outcome.UNCHANGED, new_text
    if values is not None and old is not None and values != old:
        return Outcome.UPDATE, f"{new_text} (trước: {detail_text(old, item.spec)})"
    return Outcome.UPDATE, new_text or "ghi chú, minh chứng"


def _pick_newest(reads: list[FileRead]) -> None:
    """Of two forms of the same unit and period, keep the newer; refuse forms
    older than the one already read for that unit."""
    groups: dict[tuple[int, int], list[FileRead]] = defaultdict(list)
    for r in reads:
        if r.kind == "form" and not r.error and r.unit_id is not None:
            groups[(r.unit_id, r.period_id)].append(r)
    for group in groups.values():
        group.sort(key=lambda r: (r.reported_on or dt.date.min, r.modified), reverse=True)
        for older in group[1:]:
            older.superseded_by = group[0].path


def check_against_recorded(session, readback: ReadBack) -> None:
    """Refuse a form older than the form already recorded for its unit and period."""
    from sqlalchemy import select

    from ...storage.models import UnitReport

    for r in readback.files:
        if r.kind != "form" or not r.accepted:
            continue
        report = session.scalar(select(UnitReport).where(UnitReport.period_id == r.period_id,
                                                         UnitReport.unit_id == r.unit_id))
        if report is not None and report.source == "form" and report.reported_on and r.reported_on \
                and report.reported_on > r.reported_on and report.source_file != r.path.name:
            r.error = (f"phiếu lập ngày {format_date(r.reported_on)} cũ hơn phiếu đã nhập "
                       f"“{report.source_file}” lập ngày {format_date(report.reported_on)}")


def read_back(session, campaign: Campaign, paths: list[Path], period: Period | None = None,
              progress: Progress = no_progress) -> ReadBack:
    """:func:`read_files` plus the check against forms already recorded."""
    readback = read_files(session, campaign, paths, period, progress)
    check_against_recorded(session, readback)
    return readback


@dataclass
class Applied:
    files: int
    units: set[int]
    summary: rs.ChangeSummary
    rejected: list[FileRead]

    def text(self) -> str:
        return (f"Đã nhập {self.files} tệp, cập nhật {len(self.units)} đơn vị: {self.summary.text()}."
                + (f" Từ chối {len(self.rejected)} tệp." if self.rejected else ""))


def apply(db: Database, readback: ReadBack, actor: str | None = None) -> Applied:
    """Write every accepted file of ``readback`` in one transaction (after a checkpoint)."""
    accepted = readback.accepted
    total = rs.ChangeSummary()
    units: set[int] = set()
    if not accepted:
        return Applied(0, units, total, readback.rejected)
    db.checkpoint("Trước khi nhập kết quả từ tệp Excel")
    with db.transaction(actor=actor, reason="Nhập kết quả từ tệp Excel") as session:
        check_against_recorded(session, readback)
        accepted = readback.accepted
        for f in accepted:
            for period_id, changes in f.changes.items():
                period = session.get(Period, period_id)
                source = "form" if f.kind == "form" else "import"
                summary = rs.apply_changes(session, period, changes, source, source_file=f.path.name,
                                           reported_on=f.reported_on if f.kind == "form" else None,
                                           reason=f"Nhập từ tệp {f.path.name}")
                for name in ("new", "updated", "cleared", "unchanged", "history"):
                    setattr(total, name, getattr(total, name) + getattr(summary, name))
                units |= summary.units_reported
            if f.kind == "form":
                period = session.get(Period, f.period_id)
                rs.set_report(session, period, f.unit_id, f.reported_on, "form", f.path.name,
                              note=f"Người lập: {f.reporter}" if f.reporter else None)
                units.add(f.unit_id)
    return Applied(len(accepted), units, total, readback.rejected)


def period_label(period: Period) -> str:
    return f"{period.name}" + (f" (hạn {format_date(period.deadline)})" if period.deadline else "")


def number_text(value: float | None) -> str:
    return format_number(value, max_decimals=4)
