"""Award history across years (issue 18, item 2): the ward's recorded decisions
and the office's Excel lists of earlier years, on real SQLite files and real xlsx."""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3

import openpyxl
import pytest

from thidua_desktop.cli import main
from thidua_desktop.services.app import open_app
from thidua_desktop.services.awards import decisions, history
from thidua_desktop.services import plan
from thidua_desktop.storage.migrate import backup_sqlite


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    """The demo ward (two ward decisions and a proposal to the city recorded), built once."""
    folder = tmp_path_factory.mktemp("demo")
    path = folder / "demo.db"
    assert main(["--db", str(path), "init", "--demo"]) == 0
    return path


@pytest.fixture
def ward(demo_file, tmp_path):
    path = tmp_path / "phường.db"
    backup_sqlite(demo_file, path)
    return path


def run(capsys, path, *args):
    code = main(["--db", str(path), *args])
    out, err = capsys.readouterr()
    return code, out, err


def digest(path) -> str:
    """The database's content (not its bytes: opening it may rewrite pages without changing anything)."""
    con = sqlite3.connect(path)
    try:
        return hashlib.sha256("\n".join(con.iterdump()).encode()).hexdigest()
    finally:
        con.close()


def write_list(path, header, rows, title_rows=("DANH SÁCH KHEN THƯỞNG CÁC NĂM 2024 - 2025",)):
    wb = openpyxl.Workbook()
    ws = wb.active
    for line in title_rows:
        ws.append([line])
    ws.append(list(header))
    for row in rows:
        ws.append(list(row))
    wb.save(path)
    return path


HEADER = ("STT", "Họ và tên", "Đơn vị công tác", "Danh hiệu", "Năm", "Số quyết định", "Ngày quyết định",
          "Cấp khen thưởng", "Ghi chú")
ROWS = [
    ("I. TẬP THỂ",),
    (1, "Trường THCS Bạch Đằng", "", "Tập thể lao động tiên tiến", 2024, "88/QĐ-UBND", dt.date(2024, 12, 20),
     "Phường", ""),
    (2, "Trường THCS Bạch Đằng", "", "Tập thể lao động xuất sắc", 2025, "1520/QĐ-UBND", "25/01/2026",
     "Thành phố", ""),
    ("II. CÁ NHÂN",),
    (3, "NGUYỄN THỊ HƯƠNG", "Trường THCS Bạch Đằng", "CSTDCS", 2024, "90/QĐ-UBND", "20/12/2024", "", ""),
    (4, "Nguyễn Thị Hương", "Trường THCS Bạch Đằng", "Chiến sĩ thi đua cơ sở", 2025, "101/QĐ-UBND",
     "19/12/2025", "phuong", ""),
    (5, "Trần Văn Bình", "Trạm Y tế phường", "Bằng khen của Thủ tướng Chính phủ", "", "2210/QĐ-TTg",
     "05/11/2025", "", "đã nghỉ hưu"),
]


def test_the_awardees_of_recorded_decisions_are_history_without_being_copied(ward, capsys):
    code, out, err = run(capsys, ward, "history", "list", "--json")
    assert code == 0, err
    rows = json.loads(out)
    # 125/QĐ-UBND and 126/QĐ-UBND are the ward's decisions; the Tờ trình 15/TTr-UBND is only a proposal
    assert {r["decision_number"] for r in rows} == {"125/QĐ-UBND", "126/QĐ-UBND"}
    assert all(r["year"] == 2026 and r["level"] == "ward" and r["source"] == "decision" for r in rows)
    huong = [r for r in rows if r["name"] == "Nguyễn Thị Hương"]
    assert huong and huong[0]["unit"] == "Trường THCS Bạch Đằng" and huong[0]["person_id"]
    # a decision reopened and cancelled leaves the history with it: nothing stale is kept
    opened = open_app(ward, actor="kiểm thử")
    try:
        with opened.db.transaction(reason="kiểm thử") as s:
            campaign = plan.current_campaign(s)
            d = next(x for x in decisions.decisions(s, campaign) if x.number == "126/QĐ-UBND")
            decisions.reopen(s, d.id, "Sai danh sách, làm lại")
            decisions.cancel(s, d.id, "Sai danh sách, làm lại")
        with opened.db.read() as s:
            assert {r.decision_number for r in history.history(s)} == {"125/QĐ-UBND"}
    finally:
        opened.close()


def test_import_previews_then_writes_the_whole_list_and_lists_it_by_person(ward, tmp_path, capsys):
    source = write_list(tmp_path / "khen-thuong-2024-2025.xlsx", HEADER, ROWS)
    before = digest(ward)
    code, out, err = run(capsys, ward, "history", "import", str(source), "--dry-run", "-v")
    assert code == 0, err
    assert "5 dòng — 5 thêm mới" in out and "Chạy thử (--dry-run)" in out
    assert digest(ward) == before
    code, out, err = run(capsys, ward, "history", "import", str(source))
    assert code == 0, err
    assert "Đã nhập khen-thuong-2024-2025.xlsx vào lịch sử khen thưởng: 5 dòng mới" in out
    code, out, _ = run(capsys, ward, "history", "list", "--person", "nguyen thi huong", "--json")
    rows = json.loads(out)
    assert [(r["year"], r["title"], r["decision_number"], r["level"]) for r in rows] == [
        (2026, "Chiến sĩ thi đua cơ sở", "126/QĐ-UBND", "ward"),
        (2026, "Lao động tiên tiến", "126/QĐ-UBND", "ward"),
        (2025, "Chiến sĩ thi đua cơ sở", "101/QĐ-UBND", "ward"),
        (2024, "Chiến sĩ thi đua cơ sở", "90/QĐ-UBND", "ward"),  # the code CSTDCS, its level from the catalogue
    ]
    assert rows[2]["person_id"] == rows[0]["person_id"] is not None  # matched to the registry's person
    code, out, _ = run(capsys, ward, "history", "list", "--unit", "THCS Bach Dang", "--year", "2025", "--json")
    assert [(r["title"], r["level"], r["decision_date"]) for r in json.loads(out)] == [
        ("Tập thể lao động xuất sắc", "city", "2026-01-25")]
    code, out, _ = run(capsys, ward, "history", "list", "--person", "Trần Văn Bình")
    assert "Bằng khen của Thủ tướng Chính phủ" in out and "Cấp trên (Trung ương)" in out  # year from the date
    assert "2025" in out and "khen-thuong-2024-2025.xlsx" in out
    # the same file again changes nothing
    code, out, _ = run(capsys, ward, "history", "import", str(source))
    assert code == 0 and "5 không đổi" in out and "Không có gì thay đổi" in out


def test_headers_without_accents_and_a_row_already_decided_in_the_app(ward, tmp_path, capsys):
    header = ("stt", "ho va ten", "don vi cong tac", "danh hieu", "nam", "so quyet dinh", "ngay quyet dinh", "cap")
    source = write_list(tmp_path / "khong-dau.xlsx", header, [
        (1, "Nguyễn Thị Hương", "Trường THCS Bạch Đằng", "Chiến sĩ thi đua cơ sở", 2026, "126/QĐ-UBND",
         "10/12/2026", "Phường"),
        (2, "Lê Thị Mai", "Trạm Y tế phường", "Lao động tiên tiến", 2025, "100/QĐ-UBND", "19/12/2025", "Phường"),
    ], title_rows=())
    code, out, err = run(capsys, ward, "history", "import", str(source), "-v")
    assert code == 0, err
    assert "đã có trong Quyết định số 126/QĐ-UBND ghi trong chương trình" in out
    assert "1 thêm mới, 1 không đổi" in out
    code, out, _ = run(capsys, ward, "history", "list", "--person", "Nguyễn Thị Hương", "--json")
    assert [r["title"] for r in json.loads(out)] == ["Chiến sĩ thi đua cơ sở", "Lao động tiên tiến"]  # each once


def test_a_bad_row_names_file_row_and_problem_and_nothing_is_written(ward, tmp_path, capsys):
    rows = ROWS + [
        (6, "Phạm Văn Cường", "Trạm Y tế phường", "Lao động tiên tiến", 1890, "", "", "Phường", ""),
        (7, "Phạm Văn Cường", "Trạm Y tế phường", "Danh hiệu lạ", 2025, "", "", "", ""),
        (8, "Phạm Văn Cường", "Trạm Y tế phường", "Lao động tiên tiến", 2025, "1/QĐ", "05/01/2024", "Phường", ""),
        (9, "Nguyễn Thị Hương", "Trường THCS Bạch Đằng", "CSTDCS", 2024, "", "", "Quận", ""),
        (10, "Nguyễn Thị Hương", "Trường THCS Bạch Đằng", "Chiến sĩ thi đua cơ sở", 2024, "", "", "", ""),
    ]
    source = write_list(tmp_path / "có lỗi.xlsx", HEADER, rows)
    before = digest(ward)
    code, out, err = run(capsys, ward, "history", "import", str(source))
    assert code == 1
    assert "thidua: Tệp “có lỗi.xlsx” có 5 dòng lỗi; chưa nhập gì." in err
    assert "Dòng    10  Lỗi        Phạm Văn Cường — năm 1890 không hợp lý" in out
    assert "Dòng    11  Lỗi        Phạm Văn Cường — không rõ cấp khen thưởng của “Danh hiệu lạ”" in out
    assert "Dòng    12  Lỗi        Phạm Văn Cường — ngày quyết định 05/01/2024 trước năm khen thưởng 2025" in out
    assert "Dòng    13  Lỗi        Nguyễn Thị Hương — cấp khen thưởng “Quận” không hiểu được" in out
    assert "trùng với dòng 7 (cùng người, cùng danh hiệu, cùng năm)" in out
    assert "Traceback" not in out + err
    assert digest(ward) == before


def test_a_list_without_the_required_columns_is_refused_naming_them(ward, tmp_path, capsys):
    source = write_list(tmp_path / "thiếu cột.xlsx", ("STT", "Họ và tên", "Năm"), [(1, "Lê Văn A", 2025)])
    code, _, err = run(capsys, ward, "history", "import", str(source))
    assert code == 1 and "thiếu cột.xlsx" in err and "“Danh hiệu, hình thức”" in err


def test_parse_level_reads_the_usual_words():
    assert [history.parse_level(x) for x in ("Phường", "cấp xã", "Thành phố", "UBND TP", "TW", "Nhà nước", "")] == [
        "ward", "ward", "city", "city", "higher", "higher", None]


def test_the_citys_decision_typed_in_joins_the_history_once(ward, capsys):
    args = ("history", "add", "--unit", "Tổ dân phố số 1", "--title", "BK", "--year", "2026", "--decision",
            "512/QĐ-UBND", "--date", "15/03/2027")
    code, out, err = run(capsys, ward, *args)
    assert code == 0, err
    assert "Bằng khen của Chủ tịch Ủy ban nhân dân thành phố năm 2026 (Cấp thành phố" in out
    before = digest(ward)
    code, _, err = run(capsys, ward, *args)
    assert code == 1 and "đã có trong lịch sử khen thưởng" in err
    code, _, err = run(capsys, ward, "history", "add", "--person", "Lê Văn An", "--title", "CSTDCS", "--date",
                       "32/13/2026")
    assert code == 1 and "“32/13/2026” không phải là ngày có thật" in err
    assert digest(ward) == before
    opened = open_app(ward, actor="kiểm thử")
    try:
        with opened.db.read() as s:
            unit_id = next(r.unit_id for r in history.history(s, unit="Tổ dân phố số 1") if r.level == "city")
            card = history.history(s, unit_id=unit_id)
    finally:
        opened.close()
    assert [(r.year, r.title, r.level) for r in card] == [
        (2026, "Bằng khen của Chủ tịch Ủy ban nhân dân thành phố", "city"), (2026, "Tổ dân phố văn hóa", "ward")]


def test_a_decision_and_year_merged_down_over_their_awardees_apply_to_each(ward, tmp_path, capsys):
    path = write_list(tmp_path / "gộp ô.xlsx", ("STT", "Họ và tên", "Đơn vị", "Danh hiệu", "Năm", "Số quyết định",
                                                "Ngày quyết định", "Cấp"), [
        (1, "Lê Thị Mai", "Trạm Y tế phường", "Lao động tiên tiến", 2025, "100/QĐ-UBND", "19/12/2025", "Phường"),
        (2, "Phạm Văn Cường", "Trạm Y tế phường", "Lao động tiên tiến"),
        (3, "Đinh Thị Yến", "Trạm Y tế phường", "Lao động tiên tiến"),
    ], title_rows=())
    wb = openpyxl.load_workbook(path)
    for column in "EFGH":
        wb.active.merge_cells(f"{column}2:{column}4")
    wb.save(path)
    code, out, err = run(capsys, ward, "history", "import", str(path))
    assert code == 0, err
    code, out, _ = run(capsys, ward, "history", "list", "--year", "2025", "--json")
    assert sorted((r["name"], r["decision_number"], r["decision_date"]) for r in json.loads(out)) == [
        ("Lê Thị Mai", "100/QĐ-UBND", "2025-12-19"), ("Phạm Văn Cường", "100/QĐ-UBND", "2025-12-19"),
        ("Đinh Thị Yến", "100/QĐ-UBND", "2025-12-19")]
