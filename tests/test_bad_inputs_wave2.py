"""Issue 12, wrong data accepted and crashes: the second wave of hostile files.

Every import (units, people, results forms, the long results table,
nominations, council votes) is fed the spoiled files of ``bad_inputs_wave2``:
formula cells whose result is an error (class 8), names that display blank or
look like another name (class 9), rows reaching the last column (class 13),
huge numbers (class 14), and the results forms also an identity that points to
another unit (class 7). Word templates with anything active or external are
refused (class 17). Each refusal: a Vietnamese message naming the file, row
or cell, and every table of the database unchanged.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

import bad_inputs_wave2 as wave2
from test_bad_inputs import (  # noqa: F401 - the fixtures are used by name
    BY_NAME,
    IMPORTERS,
    _assert_refused_cleanly,
    _attempt,
    fingerprint,
    ward,
    ward_file,
)
from thidua_desktop.errors import UserError
from thidua_desktop.services import plan
from thidua_desktop.services.app import open_app

# The column of numbers of each import that has one (the units' valid file has none).
NUMBER_HEADERS = {"ca-nhan": ("Năm sinh",), "bang-ket-qua": ("Giá trị",), "phieu-don-vi": ("Thực hiện",),
                  "phieu-bau": ("Số phiếu đồng ý",)}
# The form's key column holds numbers: names are spoiled in the other imports.
# Merged ranges are read only by the imports that fill merged cells down (the
# others never look at them, and a file full of them costs them nothing).
KEY_CASES = [(i.name, m) for i in IMPORTERS for m in wave2.KEY_MUTATIONS
             if not (i.name == "phieu-don-vi" and m.startswith("ten-"))
             and not (m.startswith("o-gop") and i.name not in ("don-vi", "ca-nhan"))]
NUMBER_CASES = [(name, m) for name in NUMBER_HEADERS for m in wave2.NUMBER_MUTATIONS]


def _says_where(mutation: str, key, path: Path, message: str) -> None:
    """The message names the file and the row, and the cell where it has one."""
    assert path.name in message or re.search(rf"[Dd]òng {key.first_row}\b", message), message
    if mutation.startswith("loi-"):
        assert re.search(rf"\b[A-Z]+{key.first_row}\b", message) and "#" in message, message
    if mutation == "cot-xfd":
        assert f"XFD{key.first_row}" in message, message
    if mutation == "cot-201":
        assert f"GS{key.first_row}" in message, message


@pytest.mark.parametrize("importer_name, mutation", KEY_CASES)
def test_a_spoiled_key_cell_is_refused_and_nothing_changes(importer_name, mutation, ward, tmp_path):
    importer = BY_NAME[importer_name]
    valid = importer.make_valid(ward.db, tmp_path)
    path = wave2.spoil(valid, tmp_path / f"{mutation}.xlsx", importer.key_headers, wave2.KEY_MUTATIONS[mutation])
    key = wave2.find_key_cell(valid, importer.key_headers)
    before = fingerprint(ward.db)
    accepted, message = _attempt(importer, ward.db, path)
    _assert_refused_cleanly(importer, ward.db, path, accepted, message, before)
    _says_where(mutation, key, path, message)


@pytest.mark.parametrize("importer_name, mutation", NUMBER_CASES)
def test_a_huge_number_is_refused_and_nothing_changes(importer_name, mutation, ward, tmp_path):
    importer = BY_NAME[importer_name]
    valid = importer.make_valid(ward.db, tmp_path)
    headers = NUMBER_HEADERS[importer_name]
    path = wave2.spoil(valid, tmp_path / f"{mutation}.xlsx", headers, wave2.NUMBER_MUTATIONS[mutation])
    key = wave2.find_key_cell(valid, headers)
    before = fingerprint(ward.db)
    accepted, message = _attempt(importer, ward.db, path)
    _assert_refused_cleanly(importer, ward.db, path, accepted, message, before)
    _says_where(mutation, key, path, message)
    assert "không mong muốn" not in message


# --- class 7: a form's identity must agree with its visible unit and the unit ---------------


def _other_unit(db, unit_id: int) -> tuple[int, str]:
    """Another active unit of the same block (units of one block compete)."""
    from thidua_desktop.services.results import evaluation as ev

    with db.read() as session:
        people = ev.participants(session, plan.current_campaign(session))
        block = people.block_of.get(unit_id)
        others = [u for u in people.units.values() if u.id != unit_id and people.items(u.id)]
        same = [u for u in others if block is not None and people.block_of.get(u.id) == block]
        other = (same or others)[0]
        return other.id, other.name


def _edit_identity(path: Path, change) -> None:
    wb = openpyxl.load_workbook(path)
    meta = wb["_thidua"]
    row = next(r for r in range(1, meta.max_row + 1) if meta.cell(r, 1).value == "don_vi")
    change(wb, meta, row)
    wb.save(path)


def _identity_cases(db, path: Path) -> dict[str, object]:
    wb = openpyxl.load_workbook(path, read_only=True)
    meta = list(wb["_thidua"].iter_rows(values_only=True))
    wb.close()
    unit_id = next(r[1] for r in meta if r and r[0] == "don_vi")
    other_id, other_name = _other_unit(db, unit_id)

    def set_id(value):
        return lambda wb, meta, row: setattr(meta.cell(row, 2), "value", value)

    def id_and_name(wb, meta, row):
        meta.cell(row, 2).value, meta.cell(row, 3).value = other_id, other_name

    def shown_name(wb, meta, row):
        wb["Báo cáo"]["C4"].value = other_name

    return {
        "ma-don-vi-khac": set_id(other_id),
        "ma-va-ten-don-vi-khac": id_and_name,
        "ten-hien-thi-bi-sua": shown_name,
        "ma-la-chu": set_id("Tổ dân phố số 1"),
        "ma-khong-lo": set_id(1e30),
        "dinh-danh-cot-xfd": "xfd",
    }


IDENTITY_CASES = ["ma-don-vi-khac", "ma-va-ten-don-vi-khac", "ten-hien-thi-bi-sua", "ma-la-chu", "ma-khong-lo",
                  "dinh-danh-cot-xfd"]


@pytest.mark.parametrize("case", IDENTITY_CASES)
def test_a_form_whose_identity_was_edited_is_refused(case, ward, tmp_path):
    importer = BY_NAME["phieu-don-vi"]
    path = importer.make_valid(ward.db, tmp_path)
    change = _identity_cases(ward.db, path)[case]
    if change == "xfd":
        wave2.set_cell_xml(path, "_thidua", "XFD4", '<c r="XFD4" t="inlineStr"><is><t>x</t></is></c>')
    else:
        _edit_identity(path, change)
    before = fingerprint(ward.db)
    accepted, message = _attempt(importer, ward.db, path)
    _assert_refused_cleanly(importer, ward.db, path, accepted, message, before)
    assert path.name in message, message
    expected = {"ma-don-vi-khac": "phần nhận dạng của phiếu lại là của đơn vị",
                "ma-va-ten-don-vi-khac": "khác tên trong phần nhận dạng",
                "ten-hien-thi-bi-sua": "khác tên trong phần nhận dạng",
                "ma-la-chu": "phần nhận dạng của phiếu bị hỏng", "ma-khong-lo": "phần nhận dạng của phiếu bị hỏng",
                "dinh-danh-cot-xfd": "XFD4"}[case]
    assert expected in message, message


# --- class 6: a percent-formatted cell reads as the percentage it shows ---------------------


def _ward_items(db):
    from thidua_desktop.services.results import entry as rs

    with db.read() as session:
        items = rs.ward_items(plan.current_campaign(session))
        rate = next(i for i in items if i.spec.shape.name == "RATE")
        count = next(i for i in items if not i.spec.percent and i.spec.shape.name != "YESNO"
                     and i.spec.pair.name == "NONE")
        return rate.code, count.code


def _percent_table(path: Path, code: str, value: float) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Đơn vị", "Chỉ tiêu", "Giá trị"])
    ws.append(["Toàn phường", code, value])
    ws["C2"].number_format = "0.0%"  # typed "96,5%" in Excel
    wb.save(path)
    return path


def test_a_percent_formatted_cell_of_the_long_table_reads_as_shown(ward, tmp_path):
    from sqlalchemy import select

    from thidua_desktop.storage.models import Result

    rate, _count = _ward_items(ward.db)
    path = _percent_table(tmp_path / "phan-tram.xlsx", rate, 0.965)
    accepted, message = _attempt(BY_NAME["bang-ket-qua"], ward.db, path)
    assert accepted, message
    with ward.db.read() as session:
        values = set(session.scalars(select(Result.value).where(Result.unit_id.is_(None))))
    assert 96.5 in values and 0.965 not in values


def test_a_percent_formatted_count_is_refused(ward, tmp_path):
    _rate, count = _ward_items(ward.db)
    path = _percent_table(tmp_path / "dem-phan-tram.xlsx", count, 7)
    before = fingerprint(ward.db)
    accepted, message = _attempt(BY_NAME["bang-ket-qua"], ward.db, path)
    _assert_refused_cleanly(BY_NAME["bang-ket-qua"], ward.db, path, accepted, message, before)
    assert "dạng phần trăm (700%)" in message and "dòng 2" in message, message


# --- class 13: memory follows the data, not the sheet's width ------------------------------

_CHILD = r"""
import json, resource, sys, tracemalloc
resource.setrlimit(resource.RLIMIT_AS, (2 * 1024 ** 3, resource.RLIM_INFINITY))  # die rather than swap
sys.path.insert(0, sys.argv[1])
import test_bad_inputs as t
from thidua_desktop.services.app import open_app
opened = open_app(sys.argv[2], actor="kiểm thử")
out = {}
for name in sys.argv[4:]:
    tracemalloc.start()
    try:
        accepted, message = t._attempt(t.BY_NAME[name], opened.db, __import__("pathlib").Path(sys.argv[3]))
    except MemoryError:
        accepted, message = True, "MemoryError"
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    out[name] = {"accepted": accepted, "message": message, "traced_peak_mb": round(peak / 2 ** 20, 1),
                 "max_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}
opened.close()
print(json.dumps(out))
"""


@pytest.mark.parametrize("column, rows", [(16384, 90_000), (200, 90_000)], ids=["xfd", "cot-200"])
def test_the_widest_hostile_file_is_refused_within_bounded_memory(ward_file, tmp_path, column, rows):
    """The issue's file: 90,000 rows each with one cell in the last column
    (about 1 MB); and 90,000 rows reaching the 200th column, refused for
    their cells. Each import runs in a child process with 2 GB of address
    space at most; the peak memory is printed for the closing note."""
    import shutil

    from thidua_desktop.services import settings

    db = tmp_path / "phuong.db"
    shutil.copy(ward_file, db)
    opened = open_app(db, actor="kiểm thử")
    with opened.db.transaction(reason="t") as session:  # the rows are not what stops the file
        settings.set_value(session, "files.max_rows", 1_000_000)
    opened.close()
    path = wave2.wide_rows_xlsx(tmp_path / "rong.xlsx", ["Tên đơn vị", "Họ và tên", "Đơn vị", "Chỉ tiêu",
                                                         "Giá trị", "Danh hiệu, hình thức", "Số phiếu đồng ý"], rows,
                                  column)
    assert path.stat().st_size < 2 * 1024 * 1024
    names = [i.name for i in IMPORTERS]
    done = subprocess.run([sys.executable, "-c", _CHILD, str(Path(__file__).parent), str(db), str(path), *names],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    results = json.loads(done.stdout.strip().splitlines()[-1])
    print(json.dumps(results, ensure_ascii=False, indent=1))
    for name, got in results.items():
        assert not got["accepted"], (name, got)
        assert "rong.xlsx" in got["message"] and ("XFD2" in got["message"] or "quá nhiều ô" in got["message"]), got
        assert got["traced_peak_mb"] < 150, (name, got)
    assert max(g["max_rss_mb"] for g in results.values()) < 600


def test_the_column_and_cell_limits_are_settings(ward, tmp_path):
    from thidua_desktop.services.xlsx import files as excel
    from thidua_desktop.services import settings

    with ward.db.transaction(reason="t") as session:
        settings.set_value(session, "files.max_columns", 20)
    assert excel.grid_limits()[0] == 20
    importer = BY_NAME["don-vi"]
    valid = importer.make_valid(ward.db, tmp_path)
    path = wave2.spoil(valid, tmp_path / "cot-21.xlsx", importer.key_headers, wave2._far_cell(21))
    accepted, message = _attempt(importer, ward.db, path)
    assert not accepted and "tối đa 20 cột, đến cột T" in message, message


# --- class 9: invisible characters are not part of a name ----------------------------------


def test_a_name_with_invisible_characters_is_the_same_record(ward, tmp_path):
    """"Tổ dân phố số 41" with a zero-width space inside a word, and a soft
    hyphen: the same unit as without them, not a second one."""
    from thidua_desktop.domain.text import unique_key

    importer = BY_NAME["don-vi"]
    assert unique_key("Tổ dân ph\u200bố số 41\u00ad") == unique_key("Tổ dân phố số 41")
    path = importer.make_valid(ward.db, tmp_path)
    accepted, message = _attempt(importer, ward.db, path)
    assert accepted, message
    again = wave2.spoil(path, tmp_path / "an.xlsx", importer.key_headers,
                        wave2._text(lambda v: str(v)[:5] + "\u200b" + str(v)[5:] + "\u2060"))
    from thidua_desktop.services.registry import excel as rx

    preview = rx.preview_units_import(ward.db, again)
    assert [r.outcome.name for r in preview.rows] == ["UNCHANGED", "UNCHANGED"], preview.rows


def test_every_format_character_is_removed():
    """Every character of Unicode category Cf (format), whatever the Unicode version of this Python."""
    import unicodedata

    from thidua_desktop.domain.text import clean

    format_chars = [chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Cf"]
    assert clean("A" + "".join(format_chars) + "B") == "AB"


# --- class 14: a document number of 400 digits writes nothing --------------------------------


def test_a_400_digit_document_number_writes_nothing(ward, tmp_path, capsys):
    from thidua_desktop.cli import main

    out = tmp_path / "bao-cao.docx"
    out.write_bytes(b"tep cu cua van thu")
    path = ward.db.path
    ward.close()
    code = main(["--db", str(path), "report", "year-end", "--out", str(out), "--number", "9" * 400])
    err = capsys.readouterr().err
    assert code != 0 and "Số văn bản dài 400 ký tự" in err and "không mong muốn" not in err, err
    assert out.read_bytes() == b"tep cu cua van thu"


def test_a_huge_result_from_the_command_line_is_refused(ward, capsys):
    from thidua_desktop.cli import main

    rate, _count = _ward_items(ward.db)
    before = fingerprint(ward.db)
    path = ward.db.path
    ward.close()
    for value in ("9" * 400, "1e30", "1000000000000000000"):
        code = main(["--db", str(path), "results", "set", rate, value])
        err = capsys.readouterr().err
        assert code != 0 and "không mong muốn" not in err and ("quá" in err or "không phải là số" in err), err
    reopened = open_app(path, actor="kiểm thử")
    try:
        assert fingerprint(reopened.db)[1] == before[1]
    finally:
        reopened.close()


# --- class 17: Word templates -----------------------------------------------------------------

TEMPLATE_KIND = "year-end"


@pytest.fixture(scope="module")
def hostile_templates(tmp_path_factory):
    from thidua_desktop.services import documents

    folder = tmp_path_factory.mktemp("mau")
    opened = open_app(folder / "t.db", actor="kiểm thử")
    try:
        with opened.db.read() as session:
            valid = documents.default_template(session, TEMPLATE_KIND)
    finally:
        opened.close()
    return valid, wave2.hostile_templates(valid)


def _use(db, data: bytes, name: str) -> None:
    from thidua_desktop.services import documents

    with db.transaction(reason="Dùng mẫu riêng") as session:
        documents.use_template(session, TEMPLATE_KIND, data, name)


def test_the_default_template_is_accepted(ward, hostile_templates):
    _use(ward.db, hostile_templates[0], "mau.docx")


@pytest.mark.parametrize("case", ["mau-dinh-kem-tu-xa", "anh-lien-ket-tep-ngoai", "anh-unc-khong-khai-ngoai",
                                  "lien-ket-web", "vba-project", "kieu-docm", "kieu-dotm", "activex", "doi-tuong-ole",
                                  "kieu-la", "truong-includepicture", "truong-ddeauto", "zip-khai-sai-kich-thuoc",
                                  "zip-hai-phan-trung-ten"])
def test_a_hostile_template_is_refused_and_nothing_changes(case, ward, hostile_templates):
    data = hostile_templates[1][case]
    name = f"{case}.docx"
    before = fingerprint(ward.db)
    with pytest.raises(UserError) as caught:
        _use(ward.db, data, name)
    message = caught.value.message
    assert name in message and "Traceback" not in message, message
    assert any(ch in message for ch in "ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữự"), message
    assert fingerprint(ward.db) == before


def test_the_corpus_size():
    """New hostile files of this wave (quoted in the closing note)."""
    files = len(KEY_CASES) + len(NUMBER_CASES) + len(IDENTITY_CASES) + 2 + 1 + 14
    assert files >= 45
