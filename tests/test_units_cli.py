"""``thidua init|units|people|blocks``: output, JSON, dry runs, exit codes."""
from __future__ import annotations

import json

import openpyxl

from registry_helpers import write_xlsx
from thidua_desktop.cli import main


def run(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_init_demo_then_lists(capsys, db_path):
    code, out, err = run(capsys, "--db", db_path, "init", "--demo")
    assert code == 0, err
    assert "Kế hoạch thi đua năm 2026: 14 chỉ tiêu" in out and "40 đơn vị trong 5 khối thi đua" in out
    code, _, err = run(capsys, "--db", db_path, "init", "--demo")
    assert code == 1 and "đã có đơn vị" in err and err.count("\n") == 1

    code, out, _ = run(capsys, "--db", db_path, "units", "list", "--json")
    units = json.loads(out)
    assert code == 0 and len(units) == 40
    tdp3 = next(u for u in units if u["name"] == "Tổ dân phố số 3")
    assert tdp3["kind"] == "to_dan_pho" and tdp3["block"] == "Khối tổ dân phố" and tdp3["block_role"] == "leader"

    code, out, _ = run(capsys, "--db", db_path, "units", "list", "--block", "to dan pho")
    assert code == 0 and "14 đơn vị." in out and "Tổ dân phố số 3" in out and "(trưởng khối)" in out
    assert out.index("Tổ dân phố số 2 ") < out.index("Tổ dân phố số 10")
    code, out, _ = run(capsys, "--db", db_path, "units", "list", "--search", "TRUONG tieu hoc", "--json")
    assert {u["name"] for u in json.loads(out)} == {"Trường Tiểu học Bạch Đằng", "Trường Tiểu học Tân Lập"}
    code, out, _ = run(capsys, "--db", db_path, "units", "list", "--kind", "doanh nghiệp", "--json")
    assert len(json.loads(out)) == 6
    code, _, err = run(capsys, "--db", db_path, "units", "list", "--block", "khối y tế")
    assert code == 1 and "Không có khối thi đua “khối y tế”" in err

    code, out, _ = run(capsys, "--db", db_path, "blocks", "list", "--json")
    blocks = json.loads(out)
    assert code == 0 and [b["member_count"] for b in blocks] == [8, 7, 5, 14, 5]
    assert blocks[0]["leader"] == "Văn phòng HĐND và UBND phường"
    code, out, _ = run(capsys, "--db", db_path, "blocks", "list")
    assert "Các khối thi đua năm 2026:" in out and "Khối trường học" in out

    code, out, _ = run(capsys, "--db", db_path, "people", "list", "--unit", "tram y te phuong", "--json")
    people = json.loads(out)
    assert code == 0 and people and {p["unit"] for p in people} == {"Trạm Y tế phường"}
    code, out, _ = run(capsys, "--db", db_path, "people", "list", "--block", "khoi truong hoc", "--leaders")
    assert code == 0 and "giữ chức vụ lãnh đạo:" in out and "Hiệu trưởng" in out and "Giáo viên " not in out


def test_templates_import_dry_run_and_errors(capsys, db_path, tmp_path):
    assert run(capsys, "--db", db_path, "init")[0] == 0
    template = tmp_path / "mẫu đơn vị.xlsx"
    code, out, _ = run(capsys, "--db", db_path, "units", "template", template)
    assert code == 0 and "Đã tạo tệp mẫu danh sách đơn vị" in out
    wb = openpyxl.load_workbook(template)
    ws = wb["Đơn vị"]
    ws["B5"], ws["C5"], ws["D5"], ws["G5"] = "Tổ dân phố số 1", "Tổ dân phố", "Khối tổ dân phố", "0912 000 111"
    ws["B6"], ws["D6"] = "Trường Tiểu học Bạch Đằng", "Khối trường học"
    wb.save(template)

    code, out, err = run(capsys, "--db", db_path, "units", "import", template, "--dry-run", "-v")
    assert code == 0, err
    assert "Dòng     5  Thêm mới   Tổ dân phố số 1" in out and "--dry-run" in out
    code, out, _ = run(capsys, "--db", db_path, "units", "list", "--json")
    assert json.loads(out) == []

    code, out, _ = run(capsys, "--db", db_path, "units", "import", template)
    assert code == 0 and "Đã nhập tệp “mẫu đơn vị.xlsx”: thêm 2 đơn vị, tạo 2 khối thi đua mới." in out
    code, out, _ = run(capsys, "--db", db_path, "units", "import", template)
    assert code == 0 and "2 không đổi" in out and "Không có gì thay đổi" in out

    people = write_xlsx(tmp_path / "cá nhân.xlsx", [
        ["Họ và tên", "Giới tính", "Năm sinh", "Chức vụ", "Đơn vị"],
        ["Nguyễn Văn An", "Nam", 1970, "Tổ trưởng tổ dân phố", "to dan pho so 1"],
        ["Lê Thị Hoa", "Nữ", 1985, "Hiệu trưởng", "Trường Tiểu học Bach Dang"],
        ["Trần Văn Bình", "Nam", 1990, "Giáo viên", "Trường THCS Bạch Đằng"],
    ])
    code, out, err = run(capsys, "--db", db_path, "people", "import", people)
    assert code == 1 and "Dòng     4  Lỗi" in out and "chưa có đơn vị “Trường THCS Bạch Đằng”" in out
    assert "có 1 dòng lỗi; chưa nhập gì" in err and err.count("\n") == 1
    code, out, _ = run(capsys, "--db", db_path, "people", "list", "--json")
    assert json.loads(out) == []

    code, _, err = run(capsys, "--db", db_path, "people", "import", tmp_path / "không có.xlsx")
    assert code == 1 and "Không tìm thấy tệp" in err
    code, _, err = run(capsys, "--db", db_path, "units", "import")
    assert code == 2 and "lỗi cú pháp" in err


def test_export_then_import_into_another_database(capsys, db_path, tmp_path):
    assert run(capsys, "--db", db_path, "init", "--demo")[0] == 0
    units, people = tmp_path / "đơn vị.xlsx", tmp_path / "cá nhân.xlsx"
    code, out, _ = run(capsys, "--db", db_path, "units", "export", units)
    assert code == 0 and "(40 dòng)" in out
    code, out, _ = run(capsys, "--db", db_path, "people", "export", people)
    assert code == 0
    other = tmp_path / "khác.db"
    assert run(capsys, "--db", other, "init")[0] == 0
    assert run(capsys, "--db", other, "units", "import", units)[0] == 0
    code, out, err = run(capsys, "--db", other, "people", "import", people)
    assert code == 0, err
    original = json.loads(run(capsys, "--db", db_path, "people", "list", "--all", "--json")[1])
    copied = json.loads(run(capsys, "--db", other, "people", "list", "--all", "--json")[1])

    def strip(rows):
        return sorted((json.dumps({k: v for k, v in r.items() if k not in ("id", "rating")}, sort_keys=True)
                       for r in rows))

    assert strip(copied) == strip(original)
