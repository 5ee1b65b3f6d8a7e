"""``thidua results set|forms|import|status|show`` and ``thidua targets evaluate|defaults``."""
from __future__ import annotations

import json

import openpyxl
import pytest
from results_helpers import make_ward

from thidua_desktop.cli import main
from thidua_desktop.services.results import forms as rf
from thidua_desktop.services.app import open_app


def run(capsys, db_path, *args):
    code = main(["--db", str(db_path), *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def ward_db(db_path):
    opened = open_app(db_path)
    make_ward(opened.db)
    opened.close()
    return db_path


def test_set_a_unit_rate_and_the_ward_figure(capsys, ward_db):
    code, out, err = run(capsys, ward_db, "results", "set", "8", "2.345/2.400", "--unit", "to dan pho so 1",
                         "--note", "Theo BHXH")
    assert code == 0, err
    assert "97,71% = 2.345 / 2.400" in out and "Đánh giá: Vượt" in out
    code, out, _ = run(capsys, ward_db, "results", "set", "(1)", "56.500/50.000")
    assert code == 0 and "Tăng 13% > kế hoạch tăng 12,5%" in out
    code, out, _ = run(capsys, ward_db, "targets", "evaluate", "--json")
    data = json.loads(out)
    one = data["targets"][0]["measures"][0]
    assert (one["status"], one["actual"], one["source"]) == ("vuot", 13.0, "official")
    eight = data["targets"][7]["measures"][0]
    assert eight["status"] == "chua_du" and eight["rollup"]["units_reported"] == 1
    assert eight["rollup"]["units_expected"] == 3


def test_set_refuses_bad_values_and_unknown_targets(capsys, ward_db):
    code, _, err = run(capsys, ward_db, "results", "set", "8", "120", "--unit", "Tổ dân phố số 1")
    assert code == 1 and "từ 0 đến 100" in err and "Traceback" not in err
    code, _, err = run(capsys, ward_db, "results", "set", "6", "97")
    assert code == 1 and "nhiều tiêu chí đo (6a, 6b)" in err
    code, _, err = run(capsys, ward_db, "results", "set", "12a", "100", "--unit", "Tổ dân phố số 1")
    assert code == 1 and "trong danh sách của Tổ dân phố số 1" in err
    code, _, err = run(capsys, ward_db, "results", "set", "8", "96", "--unit", "Tổ dân phố")
    assert code == 1 and "nhiều đơn vị" in err
    code, _, err = run(capsys, ward_db, "results", "set", "8", "96", "--date", "31/02/2026")
    assert code == 2 and "ngày có thật" in err


def test_forms_out_filled_and_read_back(capsys, ward_db, tmp_path):
    out_dir = tmp_path / "phiếu đơn vị"
    code, out, err = run(capsys, ward_db, "results", "forms", "--out", str(out_dir))
    assert code == 0, err
    files = sorted(out_dir.glob("*.xlsx"))
    assert len(files) == 9 and "Đã tạo 9 phiếu" in out
    for path in files:
        wb = openpyxl.load_workbook(path)
        ws = wb[rf.MAIN_SHEET]
        ws[rf.DATE_CELL] = "20/11/2026"
        for row in ws.iter_rows(min_row=rf.HEADER_ROW + 1):
            if row[rf.COL_CODE - 1].value and str(row[rf.COL_CODE - 1].value).startswith("TC0"):
                row[rf.COL_VALUE - 1].value = "Có"
        wb.save(path)
    code, out, err = run(capsys, ward_db, "results", "import", str(out_dir), "--dry-run")
    assert code == 0 and "chưa ghi gì" in out
    code, out, _ = run(capsys, ward_db, "results", "status", "--json", "--today", "26/11/2026")
    assert json.loads(out)["reported"] == 0
    code, out, err = run(capsys, ward_db, "results", "import", str(out_dir))
    assert code == 0, err
    assert "Đã nhập 9 tệp, cập nhật 9 đơn vị" in out and "9/9 đơn vị đã báo cáo" in out
    code, out, _ = run(capsys, ward_db, "results", "status", "--json", "--today", "10/12/2026")
    status = json.loads(out)
    assert status["reported"] == 9 and status["late"] == [] and status["not_reported"] == []
    unit = next(u for u in status["units"] if u["unit"] == "Tổ dân phố số 1")
    assert unit["reported_on"] == "2026-11-20" and unit["source"] == "form" and unit["missing_items"] == 9
    code, out, _ = run(capsys, ward_db, "results", "show", "--unit", "Tổ dân phố số 1", "--json")
    items = {i["code"]: i for i in json.loads(out)["items"]}
    assert items["TC01"]["status"] == "dat" and items["8"]["status"] == "chua_du"


def test_forms_for_one_unit_and_a_rejected_file_exits_1(capsys, ward_db, tmp_path):
    code, out, _ = run(capsys, ward_db, "results", "forms", "--out", str(tmp_path / "một"), "--unit",
                       "Công an phường")
    assert code == 0 and "Đã tạo 1 phiếu" in out
    code, out, err = run(capsys, ward_db, "results", "import", str(tmp_path / "một"))
    assert code == 1 and "phiếu trống" in out


def test_status_lists_late_units(capsys, ward_db):
    run(capsys, ward_db, "results", "set", "8", "96", "--unit", "Tổ dân phố số 1", "--date", "04/12/2026")
    run(capsys, ward_db, "results", "set", "8", "96", "--unit", "Tổ dân phố số 2", "--date", "07/12/2026")
    code, out, _ = run(capsys, ward_db, "results", "status", "--today", "10/12/2026")
    assert code == 0
    assert "2/9 đơn vị đã báo cáo (hạn 05/12/2026); 8 đơn vị trễ hạn" in out
    assert "Tổ dân phố số 2 (3 ngày)" in out  # due before 05/12: the 4th was the last day on time
    assert "Tổ dân phố số 1 (" not in out.split("Trễ hạn:")[1]


def test_targets_defaults_is_idempotent(capsys, ward_db):
    code, out, _ = run(capsys, ward_db, "targets", "defaults")
    assert code == 0 and "Đã giao 0 chỉ tiêu" in out and "cho 0 khối" in out


def test_evaluate_text(capsys, ward_db):
    run(capsys, ward_db, "results", "set", "12a", "99,2")
    code, out, _ = run(capsys, ward_db, "targets", "evaluate")
    assert code == 0
    assert "(12) Tỷ lệ giải quyết thủ tục hành chính đúng hạn đạt 100%" in out
    assert "Thực hiện 99,2% < kế hoạch 100% (99,2% kế hoạch) → Không đạt" in out


def test_periods_are_listed_added_edited_and_deleted(capsys, ward_db):
    code, out, err = run(capsys, ward_db, "results", "periods", "add", "6t", "--name", "6 tháng đầu năm 2026",
                         "--start", "01/01/2026", "--end", "30/06/2026")
    assert code == 0, err
    code, out, err = run(capsys, ward_db, "results", "periods", "edit", "6T", "--deadline", "05/07/2026")
    assert code == 0, err
    code, out, _ = run(capsys, ward_db, "results", "periods", "--json")
    six = next(p for p in json.loads(out) if p["code"] == "6t")
    assert (six["name"], six["deadline"], six["main"], six["results"]) == (
        "6 tháng đầu năm 2026", "2026-07-05", False, 0)
    assert run(capsys, ward_db, "results", "set", "8", "95", "--unit", "Tổ dân phố số 1",
               "--period", "6t")[0] == 0

    code, _, err = run(capsys, ward_db, "results", "periods", "delete", "6t")
    assert code == 1 and "đã có 1 kết quả (1 đơn vị)" in err and "--with-results" in err
    code, _, err = run(capsys, ward_db, "results", "periods", "delete", "nam")
    assert code == 1 and "kỳ cả năm" in err
    code, _, err = run(capsys, ward_db, "results", "periods", "delete", "quy3")
    assert code == 1 and "Không có kỳ mã “quy3”" in err
    code, _, err = run(capsys, ward_db, "results", "periods", "edit")
    assert code == 2 and "chưa ghi MÃ_KỲ" in err

    code, out, err = run(capsys, ward_db, "results", "periods", "delete", "6t", "--with-results")
    assert code == 0, err
    assert "Đã xóa kỳ 6t" in out and "1 kết quả" in out
    code, out, _ = run(capsys, ward_db, "results", "periods", "--json")
    assert [p["code"] for p in json.loads(out)] == ["nam"]
