"""Units' report forms written in bulk and read back in bulk; the long table."""
from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from results_helpers import make_ward, period
from sqlalchemy import func, select

from thidua_desktop.services.results import evaluation as ev
from thidua_desktop.services import plan
from thidua_desktop.services.results import reporting
from thidua_desktop.services.results import forms as rf
from thidua_desktop.services.results import entry as rs
from thidua_desktop.services.xlsx.importing import Outcome
from thidua_desktop.storage.models import Result, ResultHistory, UnitReport

COLS = {"value": rf.COL_VALUE, "first": rf.COL_FIRST, "second": rf.COL_SECOND, "note": rf.COL_NOTE,
        "evidence": rf.COL_EVIDENCE}


@pytest.fixture
def ward(db):
    return make_ward(db)


def write_forms(db, folder: Path, units=None, period_code=None):
    with db.read() as s:
        campaign = plan.current_campaign(s)
        return rf.write_forms(s, campaign, ev.period_for(s, campaign, period_code), folder, units)


def form_of(written, unit_name: str) -> Path:
    for path in written.files:
        wb = openpyxl.load_workbook(path, read_only=True)
        name = wb[rf.MAIN_SHEET]["C4"].value
        wb.close()
        if name == unit_name:
            return path
    raise AssertionError(unit_name)


def fill(path: Path, values: dict[str, dict], date: dt.date | None = dt.date(2026, 11, 20),
         reporter="Nguyễn Thị Lan, 0912 345 678", out: Path | None = None) -> Path:
    wb = openpyxl.load_workbook(path)
    ws = wb[rf.MAIN_SHEET]
    if date is not None:
        ws[rf.DATE_CELL] = date
    ws[rf.REPORTER_CELL] = reporter
    for row in ws.iter_rows(min_row=rf.HEADER_ROW + 1, max_row=ws.max_row):
        code = row[rf.COL_CODE - 1].value
        for field, value in values.get(code, {}).items():
            row[COLS[field] - 1].value = value
    wb.save(out or path)
    return out or path


def read(db, paths, period_code=None):
    with db.read() as s:
        campaign = plan.current_campaign(s)
        return rf.read_back(s, campaign, [Path(p) for p in paths], ev.period_for(s, campaign, period_code))


def results_of(db, unit_id):
    with db.read() as s:
        campaign = plan.current_campaign(s)
        return ev.unit_results(s, campaign, period(s), [unit_id])[unit_id]


def test_one_form_per_unit_with_only_input_cells_unlocked(db, ward, tmp_path):
    written = write_forms(db, tmp_path / "phiếu gửi")
    assert len(written.files) == len(ward)
    path = form_of(written, "Tổ dân phố số 1")
    assert path.name == "Phieu bao cao 2026 nam - To Dan Pho So 1.xlsx"
    wb = openpyxl.load_workbook(path)
    ws = wb[rf.MAIN_SHEET]
    assert ws.protection.sheet
    assert "PHIẾU BÁO CÁO" in ws["A2"].value and "05/12/2026" in ws["C6"].value
    assert wb[rf.ID_SHEET].sheet_state == "veryHidden" and wb[rf.ID_SHEET].protection.sheet
    assert wb.sheetnames[:2] == [rf.MAIN_SHEET, rf.HELP_SHEET]
    rows = {r[rf.COL_CODE - 1].value: r for r in ws.iter_rows(min_row=rf.HEADER_ROW + 1) if r[1].value}
    bhyt = rows["8"]
    assert bhyt[rf.COL_PLAN - 1].value == "≥ 96%"
    assert not bhyt[rf.COL_VALUE - 1].protection.locked and not bhyt[rf.COL_FIRST - 1].protection.locked
    assert bhyt[rf.COL_LABEL - 1].protection.locked and bhyt[rf.COL_PLAN - 1].protection.locked
    assert rows["TC01"][rf.COL_FIRST - 1].protection.locked  # no numerator for a yes/no criterion
    assert not ws[rf.DATE_CELL].protection.locked
    validated = {str(ref) for dv in ws.data_validations.dataValidation for ref in dv.sqref.ranges}
    for cell in (bhyt[rf.COL_VALUE - 1], bhyt[rf.COL_FIRST - 1], bhyt[rf.COL_SECOND - 1],
                 rows["TC01"][rf.COL_VALUE - 1], rows["5"][rf.COL_SECOND - 1]):
        assert cell.coordinate in validated
    kinds = {dv.type for dv in ws.data_validations.dataValidation}
    assert {"decimal", "list", "custom", "whole", "date"} <= kinds


def test_filled_forms_are_read_back_in_one_action(db, ward, tmp_path):
    written = write_forms(db, tmp_path / "phiếu")
    fill(form_of(written, "Tổ dân phố số 1"), {
        "8": {"first": 2345, "second": 2400, "note": "Số liệu của BHXH", "evidence": "Công văn 45/BHXH"},
        "6a": {"value": "97,5"}, "5": {"value": 10, "second": 12}, "TC01": {"value": "Có"},
    })
    fill(form_of(written, "Trường Tiểu học Bạch Đằng"), {"7": {"value": 1}, "TC21": {"value": 98.7}},
         date=dt.date(2026, 11, 24))
    readback = read(db, [written.folder])
    assert len(readback.files) == len(ward)
    accepted = {f.unit_name for f in readback.accepted}
    assert accepted == {"Tổ dân phố số 1", "Trường Tiểu học Bạch Đằng"}
    blank = next(f for f in readback.rejected if f.unit_name == "Tổ dân phố số 2")
    assert blank.reason == "phiếu chưa ghi số liệu nào (phiếu trống)"
    first = next(f for f in readback.accepted if f.unit_name == "Tổ dân phố số 1")
    assert first.preview.count(Outcome.NEW) == 4 and first.reported_on == dt.date(2026, 11, 20)
    applied = rf.apply(db, readback, actor="văn thư")
    assert applied.files == 2 and applied.summary.new == 6
    unit = ward["Tổ dân phố số 1"]
    got = {i.item.code: i for i in results_of(db, unit).items}
    assert got["8"].values.numerator == 2345 and got["8"].values.value == pytest.approx(97.708, abs=1e-3)
    assert got["8"].note == "Số liệu của BHXH" and got["8"].evidence == "Công văn 45/BHXH"
    assert got["8"].source == "form" and got["8"].source_file == first.path.name
    assert got["6a"].values.value == 97.5
    assert (got["5"].values.value, got["5"].values.previous_amount) == (10, 12)
    assert got["TC01"].values.flag is True
    with db.read() as s:
        report = s.scalar(select(UnitReport).where(UnitReport.unit_id == unit))
        assert (report.reported_on, report.source, report.source_file) == (dt.date(2026, 11, 20), "form", first.path.name)
        assert "Nguyễn Thị Lan" in report.note
        status = reporting.reporting_status(s, plan.current_campaign(s), period(s), today=dt.date(2026, 11, 26))
    assert len(status.reported) == 2
    assert "Tổ dân phố số 2" in {u.name for u in status.not_reported}


def test_a_file_with_one_bad_cell_goes_in_not_at_all(db, ward, tmp_path):
    written = write_forms(db, tmp_path / "phiếu", [ward["Tổ dân phố số 2"], ward["Tổ dân phố số 3"]])
    bad = fill(form_of(written, "Tổ dân phố số 2"), {"8": {"first": 1200, "second": 1000}, "6a": {"value": 98}})
    fill(form_of(written, "Tổ dân phố số 3"), {"6a": {"value": 97.2}})
    readback = read(db, [bad, form_of(written, "Tổ dân phố số 3")])
    rejected = readback.rejected
    assert [f.path for f in rejected] == [bad]
    assert "lớn hơn mẫu số" in rejected[0].reason and "dòng " in rejected[0].reason
    rf.apply(db, readback)
    with db.read() as s:
        units = {r.unit_id for r in s.scalars(select(Result))}
    assert units == {ward["Tổ dân phố số 3"]}  # nothing of the bad file, not even its good row


def test_a_newer_form_replaces_values_and_keeps_the_old_in_history(db, ward, tmp_path):
    unit = ward["Tổ dân phố số 1"]
    written = write_forms(db, tmp_path / "phiếu", [unit])
    original = written.files[0]
    first = fill(original, {"8": {"value": 95.5}, "10": {"value": 99}}, date=dt.date(2026, 11, 20),
                 out=tmp_path / "lần 1.xlsx")
    rf.apply(db, read(db, [first]))
    second = fill(original, {"8": {"value": 96.8}}, date=dt.date(2026, 11, 25), out=tmp_path / "lần 2.xlsx")
    readback = read(db, [second])
    rows = {r.name.split(" – ")[0]: r for r in readback.files[0].preview.rows}
    assert rows["8"].outcome is Outcome.UPDATE and "trước: 95,5%" in rows["8"].message
    assert rows["10"].outcome is Outcome.UNCHANGED and rows["10"].message == "để trống; giữ số đã có"
    rf.apply(db, readback)
    got = {i.item.code: i for i in results_of(db, unit).items}
    assert got["8"].values.value == 96.8 and got["10"].values.value == 99  # empty cells delete nothing
    with db.read() as s:
        old = s.scalars(select(ResultHistory)).all()
        assert [h.snapshot["value"] for h in old] == [95.5]
        assert old[0].snapshot["source_file"] == "lần 1.xlsx"
        assert s.scalar(select(UnitReport.reported_on).where(UnitReport.unit_id == unit)) == dt.date(2026, 11, 25)
    # the old file read again afterwards is refused, not replayed over the newer values
    again = read(db, [first])
    assert not again.accepted and "cũ hơn phiếu đã nhập" in again.files[0].reason


def test_of_two_files_of_one_unit_in_a_folder_the_newer_is_taken(db, ward, tmp_path):
    unit = ward["Tổ dân phố số 3"]
    written = write_forms(db, tmp_path / "phiếu", [unit])
    folder = tmp_path / "gửi về"
    folder.mkdir()
    fill(written.files[0], {"8": {"value": 95}}, date=dt.date(2026, 11, 18), out=folder / "a.xlsx")
    fill(written.files[0], {"8": {"value": 97}}, date=dt.date(2026, 11, 22), out=folder / "b.xlsx")
    readback = read(db, [folder])
    assert [f.path.name for f in readback.accepted] == ["b.xlsx"]
    assert "có phiếu mới hơn" in readback.rejected[0].reason
    rf.apply(db, readback)
    assert results_of(db, unit).by_measure()[next(iter(results_of(db, unit).by_measure()))] is not None
    with db.read() as s:
        assert s.scalar(select(Result.value).where(Result.unit_id == unit)) == 97


def test_percent_formatted_and_text_numbers_read_the_same(db, ward, tmp_path):
    unit = ward["Tổ dân phố số 2"]
    written = write_forms(db, tmp_path / "phiếu", [unit])
    path = written.files[0]
    wb = openpyxl.load_workbook(path)
    ws = wb[rf.MAIN_SHEET]
    for row in ws.iter_rows(min_row=rf.HEADER_ROW + 1):
        if row[1].value == "8":  # typed "96,5%" in Excel: stored as 0.965 with a percent format
            row[rf.COL_VALUE - 1].value = 0.965
            row[rf.COL_VALUE - 1].number_format = "0.0%"
        if row[1].value == "10":  # pasted as text
            row[rf.COL_VALUE - 1].value = "99,2"
        if row[1].value == "11":
            row[rf.COL_FIRST - 1].value = "1.234,5"
            row[rf.COL_SECOND - 1].value = 1300
    ws[rf.DATE_CELL] = "21/11/2026"
    wb.save(path)
    readback = read(db, [path])
    assert readback.accepted, readback.files[0].reason
    rf.apply(db, readback)
    got = {i.item.code: i.values for i in results_of(db, unit).items if i.values}
    assert got["8"].value == pytest.approx(96.5)
    assert got["10"].value == 99.2
    assert got["11"].numerator == 1234.5
    assert readback.files[0].reported_on == dt.date(2026, 11, 21)


def libreoffice_calc() -> str | None:
    """The LibreOffice binary, if its spreadsheet part (Calc) is installed."""
    binary = shutil.which("libreoffice") or shutil.which("soffice")
    if binary is None:
        return None
    program = Path(binary).resolve().parent
    candidates = [program, Path("/usr/lib/libreoffice/program"), Path("/opt/libreoffice/program")]
    return binary if any((p / "libsclo.so").exists() or (p / "sclo.dll").exists() for p in candidates) else None


@pytest.mark.skipif(libreoffice_calc() is None, reason="LibreOffice Calc is not installed")
def test_a_form_saved_by_libreoffice_reads_the_same(db, ward, tmp_path):
    unit = ward["Tổ dân phố số 1"]
    written = write_forms(db, tmp_path / "phiếu", [unit])
    filled = fill(written.files[0], {"8": {"first": 2345, "second": 2400, "note": "Theo BHXH"},
                                     "6a": {"value": 97.5}, "5": {"value": 10, "second": 12},
                                     "TC01": {"value": "Có"}, "TC02": {"value": "Không"}},
                  out=tmp_path / "điền.xlsx")
    direct = read(db, [filled])
    assert direct.accepted
    out = tmp_path / "libreoffice"
    done = subprocess.run([libreoffice_calc(), "--headless", "--norestore", f"-env:UserInstallation=file://{tmp_path}/lo",
                           "--convert-to", "xlsx", "--outdir", str(out), str(filled)],
                          capture_output=True, timeout=180)
    assert done.returncode == 0, done.stderr
    resaved = out / "điền.xlsx"
    assert resaved.exists()
    via_lo = read(db, [resaved])
    assert via_lo.accepted, via_lo.files[0].reason

    def rows(readback):
        return [(r.row, r.outcome, r.message) for r in readback.files[0].preview.rows]

    assert rows(via_lo) == rows(direct)
    assert via_lo.files[0].reported_on == direct.files[0].reported_on
    assert via_lo.files[0].reporter == direct.files[0].reporter


def test_files_that_are_not_forms_are_refused_with_a_reason(db, ward, tmp_path):
    folder = tmp_path / "lẫn lộn"
    folder.mkdir()
    (folder / "ảnh.xlsx").write_bytes(b"\x89PNG not a workbook")
    (folder / "cũ.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    wb = openpyxl.Workbook()
    wb.active.append(["Họ và tên", "Ngày sinh"])
    wb.active.append(["Nguyễn Văn An", "01/01/1980"])
    wb.save(folder / "danh sách.xlsx")
    readback = read(db, [folder])
    reasons = {f.path.name: f.reason for f in readback.files}
    assert "không phải là tệp Excel" in reasons["ảnh.xlsx"]
    assert ".xls" in reasons["cũ.xls"]
    assert "Đơn vị" in reasons["danh sách.xlsx"]
    assert not readback.accepted


def test_a_form_for_another_year_or_a_removed_unit_is_refused(db, ward, tmp_path):
    unit = ward["Tổ dân phố số 1"]
    written = write_forms(db, tmp_path / "phiếu", [unit])
    path = fill(written.files[0], {"8": {"value": 96}})
    wb = openpyxl.load_workbook(path)
    wb[rf.ID_SHEET]["B2"] = 2025
    wb.save(tmp_path / "năm cũ.xlsx")
    readback = read(db, [tmp_path / "năm cũ.xlsx"])
    assert "kế hoạch năm 2025" in readback.files[0].reason
    with db.transaction() as s:
        from thidua_desktop.storage.models import Unit

        s.get(Unit, unit).active = False
    assert "không còn trong danh sách" in read(db, [path]).files[0].reason


def test_forms_for_an_interim_period(db, ward, tmp_path):
    with db.transaction() as s:
        rs.add_period(s, plan.current_campaign(s), "6t", "6 tháng đầu năm 2026", dt.date(2026, 1, 1),
                      dt.date(2026, 6, 30), dt.date(2026, 7, 5))
    unit = ward["Tổ dân phố số 1"]
    written = write_forms(db, tmp_path / "6 tháng", [unit], period_code="6t")
    assert "6 tháng đầu năm 2026" in openpyxl.load_workbook(written.files[0])[rf.MAIN_SHEET]["C6"].value
    rf.apply(db, read(db, [fill(written.files[0], {"8": {"value": 91}}, date=dt.date(2026, 7, 8))]))
    with db.read() as s:
        campaign = plan.current_campaign(s)
        six = ev.period_for(s, campaign, "6t")
        assert s.scalar(select(Result.period_id)) == six.id
        status = reporting.reporting_status(s, campaign, six, today=dt.date(2026, 11, 26))
        late = {u.name: u.days_late for u in status.late}
        assert late["Tổ dân phố số 1"] == 4  # reported 08/7, due before 05/7
        assert late["Tổ dân phố số 2"] == 145  # never reported
        year = reporting.reporting_status(s, campaign, period(s), today=dt.date(2026, 11, 26))
        assert not year.late and not year.reported


# --- the long table ------------------------------------------------------------


def table(path: Path, rows: list[list], header=("Đơn vị", "Chỉ tiêu", "Giá trị", "Kỳ", "Ghi chú")) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["BẢNG TỔNG HỢP KẾT QUẢ"])
    ws.append([])
    ws.append(list(header))
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def test_long_table_with_codes_text_and_the_ward(db, ward, tmp_path):
    with db.transaction() as s:
        rs.add_period(s, plan.current_campaign(s), "6t", "6 tháng đầu năm", None, None, None)
    path = table(tmp_path / "tổng hợp.xlsx", [
        ["Tổ dân phố số 1", "8", "965/1000", None, "theo BHXH"],
        ["to dan pho so 2", "Tỷ lệ dân số tham gia bảo hiểm y tế", 96.1, "Cả năm 2026", None],
        ["Toàn phường", "(1)", "56.500/50.000", None, None],
        ["Toàn phường", "12b", "95,4", "6t", None],
        ["Trường Tiểu học Bạch Đằng", "TC22", "Có", None, None],
    ])
    readback = read(db, [path])
    assert readback.accepted, readback.files[0].reason
    assert readback.files[0].preview.count(Outcome.NEW) == 5
    rf.apply(db, readback)
    with db.read() as s:
        campaign = plan.current_campaign(s)
        targets = ev.ward_target_results(s, campaign, period(s))
        assert targets[0].measures[0].actual == 13.0
        six = ev.ward_target_results(s, campaign, ev.period_for(s, campaign, "6t"))
        assert six[11].measures[1].actual == 95.4
        rows = s.scalars(select(Result).where(Result.unit_id == ward["Tổ dân phố số 1"])).all()
        assert rows[0].numerator == 965 and rows[0].note == "theo BHXH" and rows[0].source == "import"
        assert s.scalar(select(func.count(UnitReport.id))) == 3


def test_long_table_errors_name_the_row_and_nothing_is_written(db, ward, tmp_path):
    path = table(tmp_path / "lỗi.xlsx", [
        ["Tổ dân phố số 1", "8", 96, None, None],
        ["Tổ dân phố số 9", "8", 96, None, None],
        ["Tổ dân phố số 2", "12a", 100, None, None],
        ["Tổ dân phố số 3", "8", "cao", None, None],
        ["Tổ dân phố số 1", "8", 97, None, None],
        ["Toàn phường", "6", 97, None, None],
        ["Tổ dân phố", "8", 96, None, None],
        ["Toàn phường", "8", 96, "quý 3", None],
    ])
    readback = read(db, [path])
    errors = {r.row: r.message for r in readback.files[0].preview.errors}
    assert errors[5] == "Không có đơn vị “Tổ dân phố số 9”."
    assert "trong danh sách của Tổ dân phố số 2" in errors[6]
    assert "không phải là số" in errors[7]
    assert errors[8] == "trùng với dòng 4"
    assert "nhiều tiêu chí đo (6a, 6b)" in errors[9]
    assert "trùng với nhiều đơn vị" in errors[10]
    assert "Không có kỳ báo cáo “quý 3”" in errors[11]
    assert 4 not in errors
    rf.apply(db, readback)
    with db.read() as s:
        assert s.scalar(select(func.count(Result.id))) == 0
