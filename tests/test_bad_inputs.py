"""Every import the app has, fed the corpus of bad files (``tests/bad_inputs.py``).

Each import is a parametrised case: units and people (issue 3), results forms
and the long results table (issue 4), nominations and council votes (issue 5).
For every bad file: a clear Vietnamese message (never a traceback), and the
database unchanged row for row and byte for byte. A valid file of each import
goes in, so the refusals are the bad files' doing.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import openpyxl
import pytest

from thidua_desktop.errors import UserError
from thidua_desktop.services.safety import backup, restore
from thidua_desktop.services import plan, settings
from thidua_desktop.services.app import open_app
from thidua_desktop.services.demo import build_demo

import bad_inputs
from safety_helpers import table_dump

MAX_MB = 5  # files.max_mb in the test ward, so the zip bomb is quick to build (the limit is a setting)
ROW_LIMIT = 300  # files.max_rows in the test ward, so "too many rows" stays quick


# --- the ward every case starts from ------------------------------------------------------


def _checkpoint(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def _ensure_awards_year(db) -> None:
    """Nominations and a council session, if the demo does not make them yet."""
    from sqlalchemy import func, select

    from thidua_desktop.services.awards import council, nominations
    from thidua_desktop.storage.models import Nomination, Person

    with db.transaction(actor="demo", reason="Đề nghị và phiên họp thử") as session:
        campaign = plan.current_campaign(session)
        if not session.scalar(select(func.count(Nomination.id))):
            people = session.scalars(select(Person).order_by(Person.id).limit(4)).all()
            for person in people:
                nominations.create(session, campaign, nominations.NominationInput(
                    subject="person", title_code="GK", person_id=person.id, summary="Hoàn thành tốt nhiệm vụ"),
                    recheck_all=False)
        latest = council.latest_session(session, campaign)
        if latest is None or council.frozen_by(session, latest) is not None:
            # a session whose votes are still open (the demo's may rest under a decision)
            council.save_session(session, campaign, council.SessionInput(
                number="99/BB-HĐTĐKT", held_at=dt.datetime(2026, 12, 30, 8, 0),
                members=[council.MemberInput(f"Thành viên {i}") for i in range(1, 10)]))


@pytest.fixture(scope="session")
def ward_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("phuong") / "phuong.db"
    opened = open_app(path, actor="demo")
    try:
        with opened.db.transaction(actor="demo", reason="Dữ liệu mẫu") as session:
            build_demo(session)
            settings.set_value(session, "files.max_rows", ROW_LIMIT)
            settings.set_value(session, "files.max_mb", MAX_MB)
        _ensure_awards_year(opened.db)
    finally:
        opened.close()
    _checkpoint(path)
    return path


@pytest.fixture
def ward(ward_file, tmp_path):
    path = tmp_path / "phuong.db"
    shutil.copy(ward_file, path)
    opened = open_app(path, actor="kiểm thử")
    yield opened
    opened.close()


@pytest.fixture(scope="session")
def corpus(tmp_path_factory) -> dict[str, Path]:
    return bad_inputs.broken_files(tmp_path_factory.mktemp("tep-hong"), MAX_MB)


def fingerprint(db) -> tuple[str, dict]:
    """The file's bytes (after moving the journal into it) and every row."""
    db.dispose()
    _checkpoint(db.path)
    digest = hashlib.sha256(db.path.read_bytes()).hexdigest()
    return digest, table_dump(db)


# --- the imports, each as the window and the command line run it -------------------------


@dataclass
class Importer:
    name: str
    key_headers: tuple[str, ...]
    make_valid: Callable  # (db, folder) -> Path
    run: Callable  # (db, path) -> (accepted: bool, message: str)
    mutations: tuple[str, ...] = tuple(bad_inputs.MUTATIONS)


def _preview_then_apply(preview_fn, apply_fn):
    def run(db, path):
        preview = preview_fn(db, path)
        if not preview.ok:
            lines = [f"Dòng {r.row}: {r.message}" for r in preview.errors]
            return False, f"{preview.summary()}\n" + "\n".join(lines)
        return True, apply_fn(db, preview)
    return run


def _registry(kind: str):
    from thidua_desktop.services.registry import excel as rx

    return getattr(rx, f"preview_{kind}_import"), getattr(rx, f"apply_{kind}_import")


def _run_results(db, path):
    from thidua_desktop.services.results import evaluation as ev
    from thidua_desktop.services.results import forms as rf

    with db.read() as session:
        campaign = plan.current_campaign(session)
        readback = rf.read_back(session, campaign, [path], ev.main_period(campaign))
    if not readback.accepted:
        return False, "\n".join(readback.lines())
    applied = rf.apply(db, readback)
    return bool(applied.files), applied.text()


def _run_nominations(db, path):
    from thidua_desktop.services.awards import nomination_import as ni

    return _preview_then_apply(ni.preview_import, ni.apply_import)(db, path)


def _run_votes(db, path):
    from thidua_desktop.services.awards import council

    return _preview_then_apply(council.preview_votes, council.apply_votes)(db, path)


def _sheet(path: Path, rows: list[list]) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def _units_valid(db, folder: Path) -> Path:
    return _sheet(folder / "don-vi.xlsx", [
        ["DANH SÁCH ĐƠN VỊ BỔ SUNG"], [],
        ["STT", "Tên đơn vị", "Loại hình", "Thủ trưởng", "Điện thoại"],
        [1, "Tổ dân phố số 41", "Tổ dân phố", "Nguyễn Văn Hải", "0912345678"],
        [2, "Tổ dân phố số 42", "Tổ dân phố", "Trần Thị Mai", "0987654321"],
    ])


def _some_units(db, n: int = 2) -> list[str]:
    from sqlalchemy import select

    from thidua_desktop.storage.models import Unit

    with db.read() as session:
        return list(session.scalars(select(Unit.name).order_by(Unit.id).limit(n)))


def _people_valid(db, folder: Path) -> Path:
    a, b = _some_units(db)
    return _sheet(folder / "ca-nhan.xlsx", [
        ["Họ và tên", "Giới tính", "Năm sinh", "Chức vụ", "Đơn vị"],
        ["Hoàng Thị Thu Hà", "Nữ", 1988, "Chuyên viên", a],
        ["Đỗ Minh Quân", "Nam", 1979, "Tổ trưởng", b],
    ])


def _table_valid(db, folder: Path) -> Path:
    return _sheet(folder / "bang-ket-qua.xlsx", [
        ["Đơn vị", "Chỉ tiêu", "Giá trị", "Ghi chú"],
        ["Toàn phường", "8", "91,37", "số liệu BHXH"],
        ["Toàn phường", "9", "55,13", ""],
    ])


def _form_valid(db, folder: Path) -> Path:
    from thidua_desktop.services.results import evaluation as ev
    from thidua_desktop.services.results import forms as rf

    with db.read() as session:
        campaign = plan.current_campaign(session)
        written = rf.write_forms(session, campaign, ev.main_period(campaign), folder / "phieu")
    for path in written.files:  # a form with at least two numeric rows
        wb = openpyxl.load_workbook(path)
        ws = wb["Báo cáo"]
        meta = wb["_thidua"]
        rows = [(meta.cell(r, 1).value, meta.cell(r, 5).value) for r in range(11, meta.max_row + 1)]
        numeric = [row for row, shape in rows if shape in ("number", "count", "amount")]
        if len(numeric) < 2:
            continue
        for row, shape in rows:
            ws.cell(row, 6).value = "Có" if shape == "yesno" else (None if row not in numeric else None)
        for i, row in enumerate(numeric):
            ws.cell(row, 6).value = 77 + i
        ws["C7"] = dt.date.today().strftime("%d/%m/%Y")
        ws["C8"] = "Nguyễn Văn Hải, 0912345678"
        out = folder / "phieu-da-dien.xlsx"
        wb.save(out)
        return out
    raise AssertionError("no form with two numeric rows in the demo ward")


def _nominations_valid(db, folder: Path) -> Path:
    from sqlalchemy import select

    from thidua_desktop.storage.models import Nomination, Person, Unit

    with db.read() as session:
        taken = set(session.scalars(select(Nomination.person_id)))
        people = [(p.full_name, u.name) for p, u in session.execute(
            select(Person, Unit).join(Unit, Person.unit_id == Unit.id).order_by(Person.id.desc()).limit(20))
            if p.id not in taken][:2]
    return _sheet(folder / "de-nghi.xlsx", [
        ["DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG"],
        ["STT", "Họ và tên / Tên tập thể", "Đơn vị", "Danh hiệu, hình thức", "Tóm tắt thành tích"],
        [1, people[0][0], people[0][1], "Giấy khen", "Hoàn thành xuất sắc nhiệm vụ"],
        [2, people[1][0], people[1][1], "Giấy khen", "Hoàn thành xuất sắc nhiệm vụ"],
    ])


def _votes_valid(db, folder: Path) -> Path:
    from thidua_desktop.services.awards import council

    path = council.write_vote_sheet(db, folder / "phieu-bau.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    header = next(r for r in range(1, 10) if ws.cell(r, 5).value == "Số phiếu đồng ý")
    for r in range(header + 1, ws.max_row + 1):
        if ws.cell(r, 2).value:
            ws.cell(r, 5).value = 7
    wb.save(path)
    return path


NAME_OF_UNIT = ("Tên đơn vị",)
IMPORTERS = [
    Importer("don-vi", NAME_OF_UNIT, _units_valid, lambda db, p: _preview_then_apply(*_registry("units"))(db, p)),
    Importer("ca-nhan", ("Họ và tên",), _people_valid,
             lambda db, p: _preview_then_apply(*_registry("people"))(db, p)),
    Importer("bang-ket-qua", ("Đơn vị",), _table_valid, _run_results),
    Importer("phieu-don-vi", ("Thực hiện",), _form_valid, _run_results,
             mutations=("cong-thuc", "cong-thuc-dde", "van-ban-qua-dai")),
    Importer("de-nghi", ("Họ và tên / Tên tập thể",), _nominations_valid, _run_nominations),
    Importer("phieu-bau", ("Họ và tên / Tên tập thể",), _votes_valid, _run_votes),
]
BY_NAME = {i.name: i for i in IMPORTERS}


def _attempt(importer: Importer, db, path: Path) -> tuple[bool, str]:
    try:
        return importer.run(db, path)
    except UserError as exc:
        return False, exc.message


def _assert_refused_cleanly(importer, db, path, accepted, message, before):
    assert not accepted, f"{importer.name}: {path.name} was imported: {message}"
    assert message.strip() and "Traceback" not in message
    assert any(ch in message for ch in "ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ"), message
    assert fingerprint(db) == before, f"{importer.name}: {path.name} changed the database"


# --- the cases -------------------------------------------------------------------------------


@pytest.mark.parametrize("importer", IMPORTERS, ids=lambda i: i.name)
def test_a_valid_file_goes_in(importer, ward, tmp_path):
    """The control: each import accepts a good file, so the refusals below are the bad files'."""
    path = importer.make_valid(ward.db, tmp_path)
    before = fingerprint(ward.db)
    copies_before = {b.path for b in backup.list_backups(ward.db)}
    accepted, message = _attempt(importer, ward.db, path)
    assert accepted, message
    assert fingerprint(ward.db)[1] != before[1]
    made = [b for b in backup.list_backups(ward.db) if b.path not in copies_before]
    assert [b.kind for b in made] == ["truoc-nhap"]  # a copy was taken before the import wrote
    assert restore.inspect_backup(made[0].path).counts == {  # and it holds the data from before
        t: len(before[1][t]) for t in ("unit", "person", "result", "nomination", "decision", "account")}


BROKEN = ["rong-0-byte", "byte-ngau-nhien", "zip-cut-doi", "zip-hong-crc", "zip-khai-4gb", "zip-khong-phai-excel",
          "word-doi-ten", "pdf-doi-ten", "csv-doi-ten", "anh-png-doi-ten", "excel-cu-xls", "co-mat-khau", "bom-zip",
          "xml-bung-no", "xml-thuc-the-ngoai", "so-lam-viec-trong", "tieu-de-la", "qua-lon", "khong-ton-tai",
          "la-thu-muc"]


@pytest.mark.parametrize("importer", IMPORTERS, ids=lambda i: i.name)
@pytest.mark.parametrize("bad", BROKEN)
def test_a_broken_file_is_refused_and_nothing_changes(importer, bad, ward, corpus):
    path = corpus[bad]
    before = fingerprint(ward.db)
    accepted, message = _attempt(importer, ward.db, path)
    _assert_refused_cleanly(importer, ward.db, path, accepted, message, before)
    if bad not in ("khong-ton-tai", "la-thu-muc"):
        assert path.name in message or "Dòng" in message, message


MUTATED = [(i.name, m) for i in IMPORTERS for m in i.mutations]


@pytest.mark.parametrize("importer_name, mutation", MUTATED)
def test_a_spoiled_file_is_refused_and_nothing_changes(importer_name, mutation, ward, tmp_path):
    importer = BY_NAME[importer_name]
    valid = importer.make_valid(ward.db, tmp_path)
    path = bad_inputs.spoil(valid, tmp_path / f"{mutation}.xlsx", importer.key_headers, mutation, ROW_LIMIT)
    before = fingerprint(ward.db)
    accepted, message = _attempt(importer, ward.db, path)
    _assert_refused_cleanly(importer, ward.db, path, accepted, message, before)


def test_the_corpus_size():
    """How many bad files each import is fed (quoted in the closing note)."""
    per_import = {i.name: len(BROKEN) + len(i.mutations) for i in IMPORTERS}
    assert sum(per_import.values()) == len(IMPORTERS) * len(BROKEN) + len(MUTATED)


# --- what goes out: user text never becomes a formula ------------------------------------

HOSTILE = {
    "unit": '=HYPERLINK("http://lua-dao.example/x","Tổ dân phố số 1")',
    "person": "+84 912 345 678",
    "block": "-Khối lạ",
    "summary": "=1+2",
    "member": "@SUM(1,2)",
}


def _hostile_ward(db) -> None:
    from sqlalchemy import select

    from thidua_desktop.domain.text import unique_key
    from thidua_desktop.storage.models import CouncilMember, EmulationBlock, Nomination, Person, Unit

    with db.transaction(actor="kiểm thử", reason="Tên lạ") as session:
        unit = session.scalars(select(Unit).order_by(Unit.id)).first()
        unit.name, unit.name_key = HOSTILE["unit"], unique_key(HOSTILE["unit"])
        person = session.scalars(select(Person).where(Person.unit_id == unit.id)).first() \
            or session.scalars(select(Person)).first()
        person.full_name, person.name_key = HOSTILE["person"], unique_key(HOSTILE["person"])
        block = session.scalars(select(EmulationBlock)).first()
        block.name, block.name_key = HOSTILE["block"], unique_key(HOSTILE["block"])
        for n in session.scalars(select(Nomination)):
            n.summary = HOSTILE["summary"]
        member = session.scalars(select(CouncilMember)).first()
        if member is not None:
            member.full_name = HOSTILE["member"]


def _every_xlsx_the_app_writes(db, folder: Path) -> list[Path]:
    from thidua_desktop.services.awards import lists as award_lists, council, nomination_import
    from thidua_desktop.services.results import evaluation as ev
    from thidua_desktop.services.registry import excel as rx
    from thidua_desktop.services.results import forms as rf

    out = [
        rx.write_units_template(db, folder / "mau-don-vi.xlsx"),
        rx.write_people_template(db, folder / "mau-ca-nhan.xlsx"),
        nomination_import.write_template(db, folder / "mau-de-nghi.xlsx"),
        council.write_vote_sheet(db, folder / "phieu-bau.xlsx"),
        award_lists.write_xlsx(award_lists.build(db, "nominations"), folder / "danh-sach-de-nghi.xlsx"),
    ]
    rx.export_units(db, folder / "don-vi.xlsx")
    rx.export_people(db, folder / "ca-nhan.xlsx")
    out += [folder / "don-vi.xlsx", folder / "ca-nhan.xlsx"]
    with db.read() as session:
        campaign = plan.current_campaign(session)
        written = rf.write_forms(session, campaign, ev.main_period(campaign), folder / "phieu")
    out += written.files
    return out


def test_every_xlsx_writer_keeps_user_text_inert(ward, tmp_path):
    _hostile_ward(ward.db)
    files = _every_xlsx_the_app_writes(ward.db, tmp_path)
    found: dict[str, int] = {}
    for path in files:
        wb = openpyxl.load_workbook(path)  # formulas as written, not their results
        for ws in wb.worksheets:
            for row in ws.iter_rows():
                for c in row:
                    if not isinstance(c.value, str):
                        continue
                    for key, text in HOSTILE.items():
                        if text in c.value:
                            found[key] = found.get(key, 0) + 1
                            assert c.data_type == "s", f"{path.name} {ws.title}!{c.coordinate} is a formula"
                            if c.value.startswith(("=", "+", "-", "@")):
                                assert c.quotePrefix, f"{path.name} {ws.title}!{c.coordinate}: no quote prefix"
        wb.close()
    # the hostile texts really went out (so the test looked at them)
    assert {"unit", "person", "block"} <= set(found), found


def test_text_longer_than_its_column_is_refused_on_every_write(ward):
    """SQLite would store it silently; the guard names the record, the field and the limit."""
    from sqlalchemy import select

    from thidua_desktop.services.xlsx import bulkwrite
    from thidua_desktop.services.safety.field_limits import TooLong
    from thidua_desktop.storage.models import Unit

    before = fingerprint(ward.db)
    with pytest.raises(TooLong, match="tên đơn vị dài 5.000 ký tự, tối đa 300"):
        with ward.db.transaction(reason="t") as session:
            session.scalars(select(Unit)).first().name = "x" * 5000
    row = {"name": "Tổ mới", "name_key": "tổ mới", "kind": "", "head_name": "", "phone": "0" * 80,
           "address": "", "email": "", "staff_count": None, "female_staff_count": None, "active": True,
           "note": "", "created_at": dt.datetime(2026, 1, 1), "updated_at": dt.datetime(2026, 1, 1)}
    with pytest.raises(TooLong, match="điện thoại dài 80 ký tự, tối đa 50"):
        with ward.db.transaction(reason="t") as session:
            bulkwrite.insert_rows(session, Unit.__table__, [row], "name")
    assert fingerprint(ward.db) == before
