"""The awards verbs of ``thidua``: rank, nominations, council, report nominations."""
from __future__ import annotations

import json

import openpyxl
import pytest

from awards_helpers import full_year, make_ward
from thidua_desktop.cli import main
from thidua_desktop.services.app import open_app


def run(capsys, db_path, *args):
    code = main(["--db", str(db_path), *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def ward_path(db_path):
    opened = open_app(db_path)
    try:
        make_ward(opened.db)
    finally:
        opened.close()
    return db_path


@pytest.fixture
def year_path(db_path):
    opened = open_app(db_path)
    try:
        full_year(opened.db)
    finally:
        opened.close()
    return db_path


def test_rank_prints_blocks_with_the_chain_and_provisional_marker(capsys, ward_path):
    code, out, err = run(capsys, ward_path, "rank", "--block", "khoi to dan pho", "--explain")
    assert code == 0, err
    assert "Khối tổ dân phố — thang 100 điểm" in out
    assert "XẾP HẠNG TẠM THỜI: còn 1 đơn vị chưa báo cáo (Tổ dân phố số 4)" in out
    assert "khi bằng điểm xét lần lượt: 1. Nhiều chỉ tiêu vượt kế hoạch hơn" in out
    assert "Tổng: 66,65 điểm tiêu chí" in out and "Chưa báo cáo" in out
    code, out, _ = run(capsys, ward_path, "rank", "--json")
    data = json.loads(out)
    assert [b["title"] for b in data["blocks"]] == ["Khối tổ dân phố", "Khối trường học"]
    assert data["blocks"][0]["units"][0] == {**data["blocks"][0]["units"][0], "rank": 1, "unit": "Tổ dân phố số 1"}
    assert data["ward"]["provisional"] is True
    code, _, err = run(capsys, ward_path, "rank", "--block", "khối không có")
    assert code == 1 and "Không có khối thi đua" in err


def test_nominations_import_dry_run_then_list(capsys, ward_path, tmp_path):
    path = tmp_path / "ds đề nghị.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["STT", "Họ và tên", "Đơn vị", "Danh hiệu", "Xếp loại", "Tóm tắt thành tích"])
    wb.active.append([1, "Nguyễn Thị Hoa", "Trường THCS Bạch Đằng", "LĐTT", "HTXSNV", "Giáo viên giỏi"])
    wb.active.append([2, "Phạm Văn Long", "Trường THCS Bạch Đằng", "LĐTT", "HTNV", "Giáo viên"])
    wb.save(path)
    code, out, err = run(capsys, ward_path, "nominations", "import", str(path), "--dry-run")
    assert code == 0, err
    assert "2 thêm mới" in out and "không ghi gì" in out
    code, out, _ = run(capsys, ward_path, "nominations", "list", "--json")
    assert json.loads(out) == []
    code, out, err = run(capsys, ward_path, "nominations", "import", str(path))
    assert code == 0, err
    assert "2 đề nghị mới" in out
    code, out, _ = run(capsys, ward_path, "nominations", "list", "--problems")
    assert "Phạm Văn Long" in out and "Nguyễn Thị Hoa" not in out.split("\n\n")[0]
    assert "hoàn thành tốt nhiệm vụ trở lên" in out  # the rule is quoted
    data = json.loads(run(capsys, ward_path, "nominations", "list", "--json")[1])
    assert {d["name"]: d["eligibility"] for d in data} == {"Nguyễn Thị Hoa": "ok", "Phạm Văn Long": "blocked"}


def test_bad_import_exits_1_and_writes_nothing(capsys, ward_path, tmp_path):
    path = tmp_path / "lỗi.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["Họ và tên", "Đơn vị", "Danh hiệu"])
    wb.active.append(["Ai Đó", "Đơn vị Không Có", "LDTT"])
    wb.save(path)
    code, out, err = run(capsys, ward_path, "nominations", "import", str(path))
    assert code == 1 and "chưa nhập gì" in err and "Lỗi" in out
    assert json.loads(run(capsys, ward_path, "nominations", "list", "--json")[1]) == []


def test_council_votes_from_a_sheet(capsys, ward_path, tmp_path):
    from thidua_desktop.services.awards import council, nominations as nm
    from thidua_desktop.services import plan

    opened = open_app(ward_path)
    try:
        with opened.db.transaction() as s:
            c = plan.current_campaign(s)
            person = s.query(nm.Person).filter_by(full_name="Nguyễn Thị Hoa").one()
            nm.create(s, c, nm.NominationInput("person", "LDTT", person_id=person.id, summary="x"))
            council.save_session(s, c, council.SessionInput("01", members=[
                council.MemberInput(f"TV {i}") for i in range(7)]))
    finally:
        opened.close()
    sheet = tmp_path / "phiếu.xlsx"
    code, out, err = run(capsys, ward_path, "council", "sheet", str(sheet))
    assert code == 0, err
    wb = openpyxl.load_workbook(sheet)
    wb.active["E4"] = 6
    wb.save(sheet)
    code, out, err = run(capsys, ward_path, "council", "votes", str(sheet))
    assert code == 0, err
    assert "Đã ghi phiếu của 1 đề nghị" in out
    code, out, _ = run(capsys, ward_path, "council", "results")
    assert "Lao động tiên tiến: 1 được chọn" in out and "6/7 = 85,71%" in out
    code, out, err = run(capsys, ward_path, "council", "ballots", "--out", str(tmp_path / "phiếu bầu.pdf"))
    assert code == 0, err
    assert "Đã tạo 7 phiếu bầu (1 người, tập thể; 7 trang)" in out
    code, out, _ = run(capsys, ward_path, "council", "list", "--json")
    assert json.loads(out)["sessions"][0]["votes"] == 1
