"""The fast people import (issue 15, goal 4) writes exactly what the app's own paths write.

- The reader's number formats and Excel dates, taken from openpyxl's code so
  that an import does not load openpyxl (``services/xlsx/excel_dates.py``),
  agree with openpyxl: every built-in format, odd format codes, serial numbers
  of dates, times and durations; and a generated 10.000-row list reads the
  same through our reader as through openpyxl.
- The import of that list and of the demo's own people writes each person as
  the file says, with one audit entry per person whose fields are the stored
  row (as the ORM's audit records an insert), the hash chain intact; a changed
  demo list writes one update entry per changed person, ``[old, new]`` per field.
- Bad rows get their file, row and problem in Vietnamese, and nothing is written.
- ``thidua people import`` loads neither openpyxl nor the exports (whole
  command, as a clerk runs it).
"""
from __future__ import annotations

import datetime as dt
import os
import random
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from openpyxl.styles import numbers as openpyxl_numbers
from openpyxl.utils import datetime as openpyxl_dates
from sqlalchemy import select

from registry_helpers import counts
from thidua_desktop.errors import UserError
from thidua_desktop.services import plan
from thidua_desktop.services.app import open_app
from thidua_desktop.services.registry import excel as rx
from thidua_desktop.services.registry import units as unit_service
from thidua_desktop.domain.registry import UnitFields
from thidua_desktop.services.xlsx import excel_dates
from thidua_desktop.services.xlsx.importing import Outcome
from thidua_desktop.services.xlsx.reader import FastWorkbook
from thidua_desktop.storage import audit_chain
from thidua_desktop.storage.audit import _IGNORED
from thidua_desktop.storage.models import AuditEntry, Person

ROOT = Path(__file__).resolve().parent.parent
UNITS = [f"Tổ dân phố số {n}" for n in range(1, 41)] + ["Trường Tiểu học Bạch Đằng", "Trạm Y tế phường"]
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi"]
MIDDLE = {"Nam": ["Văn", "Đức", "Minh", "Quang"], "Nữ": ["Thị", "Thu", "Ngọc", "Thanh"]}
GIVEN = ["An", "Bình", "Cường", "Dung", "Hà", "Lan", "Mai", "Nam", "Sơn", "Tú", "Vân", "Xuân", "Yến", "Khoa"]
POSITIONS = ["Chuyên viên", "Giáo viên", "Tổ trưởng tổ dân phố", "Trưởng phòng", "Kế toán", "Hội viên"]
# Bad rows of the generated list: (data row, column, value) and the problem each must be named by.
BAD = [(10, 1, None, "thiếu họ và tên"), (20, 5, "Tổ dân phố số 999", "chưa có đơn vị “Tổ dân phố số 999”"),
       (30, 3, "31/02/1980", "không phải là ngày có thật"), (40, 7, "12345", "quá ngắn"),
       (50, 2, "Khác", "giới tính “Khác” không hiểu được"), (60, 6, "Có lẽ", "“Có lẽ” không hiểu được")]


def _people_rows(count: int) -> list[list]:
    rng = random.Random(15)
    rows, seen = [], set()
    for i in range(1, count + 1):
        gender = rng.choice(["Nam", "Nữ"])
        unit = rng.choice(UNITS)
        name = f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE[gender])} {rng.choice(GIVEN)}"
        while (name, unit) in seen:
            name += f" {rng.choice(GIVEN)}"
        seen.add((name, unit))
        born = dt.date(rng.randint(1960, 2002), rng.randint(1, 12), rng.randint(1, 28))
        birth = born if i % 2 else born.strftime("%d/%m/%Y")  # Excel dates and typed dates
        rows.append([name, gender, birth, rng.choice(POSITIONS), unit, rng.choice(["Có", "Không", None]),
                     f"09{rng.randint(10_000_000, 99_999_999)}" if rng.random() < 0.7 else None,
                     f"Tổ dân phố số {rng.randint(1, 40)}, phường Bạch Đằng", i])
    return rows


def _write(path: Path, rows: list[list]) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Danh sách"
    ws.append(["DANH SÁCH CÁN BỘ, HỘI VIÊN NĂM 2026"])
    ws.append([])
    ws.append(["Họ và tên", "Giới tính", "Ngày sinh", "Chức vụ", "Đơn vị", "Lãnh đạo", "Điện thoại", "Địa chỉ",
               "STT"])
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


@pytest.fixture(scope="module")
def lists(tmp_path_factory):
    """A 10.000-row list and the same list with the bad rows of ``BAD``, as Excel
    saves them (text in the shared-strings table, which the reader reads fastest)."""
    sys.path.insert(0, str(ROOT / "bench"))
    from bench_import_people import with_shared_strings

    folder = tmp_path_factory.mktemp("people-lists")
    rows = _people_rows(10_000)
    good = folder / "danh sách cá nhân.xlsx"
    with_shared_strings(_write(folder / "openpyxl.xlsx", rows), good)
    for data_row, column, value, _problem in BAD:
        rows[data_row - 1][column - 1] = value
    bad = folder / "danh sách có lỗi.xlsx"
    with_shared_strings(_write(folder / "openpyxl có lỗi.xlsx", rows), bad)
    return good, bad


@pytest.fixture
def ward(tmp_path):
    app = open_app(tmp_path / "phường.db", actor="kiểm thử")
    with app.db.transaction(reason="kiểm thử") as session:
        campaign = plan.current_campaign(session)
        index = unit_service.name_index(session)
        for name in UNITS:
            unit_service.save_unit(session, campaign.id, UnitFields(name=name), index=index)
    yield app
    app.close()


# --- the reader without openpyxl ----------------------------------------------------


def test_number_formats_and_excel_dates_are_openpyxls():
    assert excel_dates.BUILTIN_FORMATS == openpyxl_numbers.BUILTIN_FORMATS
    codes = list(openpyxl_numbers.BUILTIN_FORMATS.values()) + [
        "dd/mm/yyyy", "[$-42A]dd/mm/yyyy", '"ngày" dd', "[Red]0.00", "0.00;[Red]dd", "[h]:mm", "[mm]:ss",
        "[ss].00", "h:mm;@", r"\d0", "_d0", "#,##0 \"đ\"", "yyyy-mm-dd hh:mm:ss", None, "", "General"]
    for code in codes:
        assert excel_dates.is_date_format(code) == openpyxl_numbers.is_date_format(code), code
        assert excel_dates.is_timedelta_format(code) == openpyxl_numbers.is_timedelta_format(code), code
    assert (excel_dates.CALENDAR_WINDOWS_1900, excel_dates.CALENDAR_MAC_1904) == \
        (openpyxl_dates.CALENDAR_WINDOWS_1900, openpyxl_dates.CALENDAR_MAC_1904)
    rng = random.Random(1)
    serials = [0, 0.5, 0.999999, 1, 1.25, 59, 59.9, 60, 60.5, 61, 29_000, 45_631.123456, 2_958_465.99999] + \
        [rng.uniform(0, 80_000) for _ in range(2_000)] + [rng.randint(1, 80_000) for _ in range(500)]
    for serial in serials:
        for epoch in (excel_dates.CALENDAR_WINDOWS_1900, excel_dates.CALENDAR_MAC_1904):
            for duration in (False, True):
                assert _outcome(excel_dates.from_excel, serial, epoch, duration) == \
                    _outcome(openpyxl_dates.from_excel, serial, epoch, duration), (serial, epoch, duration)


def _outcome(convert, serial, epoch, duration):
    """The value, or the kind of error (past year 9999: the reader names the cell)."""
    try:
        return convert(serial, epoch, timedelta=duration)
    except (OverflowError, ValueError) as exc:
        return type(exc)


def test_a_long_list_reads_as_openpyxl_reads_it(lists):
    good, _bad = lists
    wb = openpyxl.load_workbook(good, read_only=True, data_only=True)
    theirs = [tuple(v for v in row) for row in wb.active.iter_rows(values_only=True)]
    wb.close()
    ours = FastWorkbook(good)
    try:
        mine = list(ours.worksheets[0].iter_rows())
    finally:
        ours.close()
    width = max(len(r) for r in theirs)
    pad = [tuple(r) + (None,) * (width - len(r)) for r in mine]
    assert pad == theirs
    assert sum(isinstance(v, dt.datetime) for r in mine for v in r) == 5_000


# --- what the import writes -----------------------------------------------------------


def _stored_people(session) -> dict[int, dict]:
    table = Person.__table__
    return {row["id"]: dict(row) for row in session.execute(select(table)).mappings()}


def _check_insert_audit(db, reason: str) -> None:
    """One insert entry per person: every audited column as stored, the chain intact."""
    audited = [c.key for c in Person.__table__.columns if c.key not in _IGNORED]
    with db.read() as session:
        people = _stored_people(session)
        entries = session.scalars(select(AuditEntry).where(AuditEntry.entity == "person",
                                                           AuditEntry.action == "insert")).all()
        verdict = audit_chain.verify(session.connection())
    assert verdict.broken is None
    assert sorted(e.entity_id for e in entries) == sorted(people)
    for entry in entries:
        person = people[entry.entity_id]
        expected = {key: (person[key].isoformat() if isinstance(person[key], dt.date) else person[key])
                    for key in audited}
        assert entry.changes == expected
        assert (entry.label, entry.actor, entry.reason) == (person["full_name"], "kiểm thử", reason)


def test_ten_thousand_people_written_as_the_file_says_each_audited(ward, lists):
    good, _bad = lists
    preview = rx.preview_people_import(ward.db, good)
    assert preview.ok and preview.count(Outcome.NEW) == 10_000
    assert rx.apply_people_import(ward.db, preview) == f"Đã nhập tệp “{good.name}”: thêm 10000 cá nhân."
    _check_insert_audit(ward.db, f"Nhập danh sách cá nhân từ tệp {good.name}")
    rows = _people_rows(10_000)
    with ward.db.read() as session:
        people = sorted(_stored_people(session).values(), key=lambda p: p["id"])
        names = {u.id: u.name for u in unit_service.list_units(session, plan.current_campaign(session).id)}
    assert len(people) == len(rows)
    for person, row in zip(people, rows):
        born = row[2] if isinstance(row[2], dt.date) else dt.datetime.strptime(row[2], "%d/%m/%Y").date()
        assert (person["full_name"], person["gender"], person["birth_date"], person["birth_year"]) == \
            (row[0], "nam" if row[1] == "Nam" else "nu", born, born.year)
        assert (person["position"], names[person["unit_id"]], person["phone"] or None, person["address"]) == \
            (row[3], row[4], row[6], row[7])
        assert person["is_leader"] == (row[5] == "Có")


def test_bad_rows_are_named_and_nothing_is_written(ward, lists):
    _good, bad = lists
    before = counts(ward.db)
    preview = rx.preview_people_import(ward.db, bad)
    errors = {r.row: r.message for r in preview.errors}
    assert sorted(errors) == [3 + data_row for data_row, *_ in BAD]  # the header is row 3
    for data_row, _column, _value, problem in BAD:
        assert problem in errors[3 + data_row], errors[3 + data_row]
    assert preview.count(Outcome.NEW) == 10_000 - len(BAD)
    with pytest.raises(UserError, match="chưa nhập gì"):
        rx.apply_people_import(ward.db, preview)
    assert counts(ward.db) == before


def test_the_demos_people_again_and_changed(demo_copy, tmp_path):
    app = open_app(demo_copy, actor="kiểm thử")
    try:
        exported = tmp_path / "cá nhân.xlsx"
        rx.export_people(app.db, exported)
        with app.db.read() as session:
            before = _stored_people(session)
        preview = rx.preview_people_import(app.db, exported)
        assert preview.ok and preview.count(Outcome.UNCHANGED) == len(before)
        wb = openpyxl.load_workbook(exported)
        ws = wb.worksheets[0]
        header = [c.value for c in ws[4]]
        position = header.index("Chức vụ") + 1
        changed = 0
        for row in range(5, ws.max_row + 1, 7):
            cell = ws.cell(row=row, column=position)
            cell.value = f"{cell.value or ''} kiêm nhiệm".strip()
            changed += 1
        wb.save(tmp_path / "đổi.xlsx")
        preview = rx.preview_people_import(app.db, tmp_path / "đổi.xlsx")
        assert preview.count(Outcome.UPDATE) == changed
        rx.apply_people_import(app.db, preview)
        with app.db.read() as session:
            after = _stored_people(session)
            updates = session.scalars(select(AuditEntry).where(AuditEntry.entity == "person",
                                                               AuditEntry.action == "update")).all()
            assert audit_chain.verify(session.connection()).broken is None
        assert len(updates) == changed
        for entry in updates:
            old, new = before[entry.entity_id], after[entry.entity_id]
            assert entry.changes == {"position": [old["position"], new["position"]]}
            assert new["position"].endswith("kiêm nhiệm") and entry.label == new["full_name"]
        assert {k: {f: v for f, v in p.items() if f not in ("position", "updated_at")} for k, p in after.items()} \
            == {k: {f: v for f, v in p.items() if f not in ("position", "updated_at")} for k, p in before.items()}
    finally:
        app.close()


def test_the_import_command_loads_neither_openpyxl_nor_the_exports(ward, lists, tmp_path):
    good, _bad = lists
    path = ward.db.path
    ward.close()
    probe = ("import runpy, sys\n"
             "sys.argv = ['thidua', '--db', sys.argv[1], 'people', 'import', sys.argv[2]]\n"
             "try:\n"
             "    runpy.run_module('thidua_desktop', run_name='__main__')\n"
             "except SystemExit as exc:\n"
             "    assert exc.code == 0, exc.code\n"
             "loaded = [m for m in ('openpyxl', 'thidua_desktop.services.registry.excel_export') if m in sys.modules]\n"
             "print('loaded:', loaded)\n")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-c", probe, str(path), str(good)], env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "thêm 10000 cá nhân" in done.stdout
    assert "loaded: []" in done.stdout


def test_cleaning_text_already_clean_is_the_full_cleaning():
    """``clean`` only trims text it finds clean already (a fast path for an
    import's tens of thousands of cells): the same result as the full cleaning
    on text mixing every kind of character it deals with."""
    import unicodedata

    from thidua_desktop.domain import text as text_module

    def full(value: str) -> str:
        cleaned = unicodedata.normalize("NFC", text_module._INVISIBLE.sub("", value))
        return text_module._SPACE_RUN.sub(" ", text_module._CONTROL.sub(" ", cleaned)).strip()

    pieces = (["Nguyễn", "Văn", "An", "0912 345 678", "05/12/1980", "Tổ dân phố số 1,", "ĐẶNG", "H’Hen Niê",
               unicodedata.normalize("NFD", "Hòa Bình"), "о", "ο", "😀", "ｱ", "a\u0301"]
              + [" ", "  ", "\t", "\n", "\r\n", "\xa0", "\u3000", "\u2028", "\u2029", "\x00", "\x1f", "\x7f", "\x85",
                 "\x9f"]
              + list("\xad\u034f\u0600\u061c\u06dd\u070f\u0890\u08e2\u115f\u1160\u17b4\u180b\u180e\u200b\u200d"
                     "\u200f\u202a\u2060\u2066\u2800\u3164\ufe00\ufe0f\ufeff\uffa0\ufff0\U000110bd\U00013430"
                     "\U0001bca0\U0001d173\U000e0001\U000e0100"))
    rng = random.Random(5)
    for _ in range(20_000):
        value = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 6)))
        assert text_module.clean(value) == full(value), repr(value)


_SST = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{n}" uniqueCount="{n}">'
        '{items}</sst>')
_PLAIN_ITEMS = ['<si><t>Nguyễn Văn An</t></si>', '<si><t xml:space="preserve"> Tổ  dân phố </t></si>', '<si><t/></si>',
                '<si><t>H&#7885; v&#xE0; t&#234;n &amp; &lt;b&gt; &quot;x&quot; &apos;y&apos;</t></si>',
                '<si><t>dòng 1\r\ndòng 2\rdòng 3&#13;</t></si>', '<si><t>a_x000D_b _x005F_x0041_</t></si>',
                '<si><t></t></si>']
_OTHER_ITEMS = ['<si><r><rPr><b/></rPr><t>Đậm</t></r><r><t> thường</t></r></si>',
                '<si><t>漢字</t><rPh sb="0" eb="2"><t>かんじ</t></rPh></si>']


@pytest.mark.parametrize("items", [_PLAIN_ITEMS, _PLAIN_ITEMS + _OTHER_ITEMS, _OTHER_ITEMS + _PLAIN_ITEMS])
def test_shared_strings_of_plain_text_read_as_the_xml_parser_reads_them(tmp_path, items):
    """Plain shared strings are read by one regular expression (the people list's
    sixteen thousand in a third of the time), formatted ones by the XML
    parser; either way each string is what the XML parser gives."""
    import zipfile

    source = _write(tmp_path / "a.xlsx", [["x"]])
    path = tmp_path / "b.xlsx"
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(path, "w") as zout:
        for item in zin.infolist():
            zout.writestr(item, zin.read(item.filename))
        zout.writestr("xl/sharedStrings.xml", _SST.format(n=len(items), items="".join(items)).encode("utf-8"))
    fast, parsed = FastWorkbook(path), FastWorkbook(path)
    try:
        parsed._plain_strings = lambda _name: None
        strings = parsed._shared_strings()
        assert fast._shared_strings() == strings
        assert len(strings) == len(items)
        plain = fast._plain_strings("xl/sharedStrings.xml")
        assert (plain is not None) == (items == _PLAIN_ITEMS)
    finally:
        fast.close()
        parsed.close()
    first = items.index(_PLAIN_ITEMS[0])
    assert strings[first + 3] == "Họ và tên & <b> \"x\" 'y'"
    assert strings[first + 4] == "dòng 1\ndòng 2\ndòng 3\r"
    assert strings[first + 5] == "a\rb _x0041_"


def test_a_closed_workbook_lets_go_of_what_it_read(lists):
    """The import runs with the collector paused: the reader's cells (a tuple per cell,
    tens of megabytes for 10.000 rows, held in a cycle through its sheets) go when it
    is closed, not at the collector's next pass."""
    import gc

    good, _bad = lists
    wb = FastWorkbook(good)
    assert sum(1 for _ in wb.worksheets[0].iter_rows()) > 10_000
    assert wb._plain[wb.worksheets[0]._part] is not None  # read by the regular expression, cells kept
    wb.close()
    assert wb._plain == {} and wb._strings is None
    gc.collect()
    was_on = gc.isenabled()
    gc.disable()
    try:
        wb = FastWorkbook(good)
        list(wb.worksheets[0].iter_rows())
        wb.close()
        del wb
        assert gc.collect() < 1_000
    finally:
        if was_on:
            gc.enable()


def test_cells_read_by_the_regular_expression_keep_their_parts():
    """The fast sheet pattern matches attributes greedily: a self-closing cell still
    ends at its "/>", a formula's result and a shared string's number are still its value."""
    from thidua_desktop.services.xlsx.reader import _CELL

    xml = ('<row r="1"><c r="A1" s="1"/><c r="B1" t="s"><v>3</v></c><c r="C1" s="2"><f>1+1</f><v>2</v></c>'
           '<c r="D1"/><c r="E1" t="str"><f t="shared" si="0"/><v>#N/A</v></c><c r="AB1" s="3" t="n"></c></row>')
    assert _CELL.findall(xml) == [("A", "1", ' s="1"', ""), ("B", "1", ' t="s"', "3"), ("C", "1", ' s="2"', "2"),
                                  ("D", "1", "", ""), ("E", "1", ' t="str"', "#N/A"), ("AB", "1", ' s="3" t="n"', "")]
