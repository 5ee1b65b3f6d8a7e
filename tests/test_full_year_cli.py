"""One whole year through the ``thidua`` verbs only (issue 14): no Python call into the
services — the test writes the clerk's xlsx files with openpyxl, runs the command line's
``main(argv)``, and reads back what it prints (``--json``) and the files it writes.

init → plan set → units and people imported → targets defaults → results imported and one
set → targets evaluate → rank → nominations imported → a council session with members →
vote sheet filled and read back → council results → a decision recorded → the papers.
"""
from __future__ import annotations

import json
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest

from thidua_desktop.cli import main

TDP = ["Tổ dân phố số 1", "Tổ dân phố số 2", "Tổ dân phố số 3"]
SCHOOL = "Trường THCS Bạch Đằng"
TEACHERS = [("Nguyễn Thị Hoa", "Nữ", "HTXSNV"), ("Trần Văn Nam", "Nam", "HTTNV"), ("Lê Thị Thu", "Nữ", "HTTNV"),
            ("Phạm Văn Long", "Nam", "HTNV")]
MEMBERS = ["Nguyễn Văn Chủ;Chủ tịch Hội đồng", "Trần Văn Phó;Phó Chủ tịch Hội đồng", "Lê Thị Thư;Ủy viên thư ký",
           "Phạm Văn Bốn;Ủy viên", "Hoàng Thị Năm;Ủy viên;văn bản"]


class Thidua:
    """``thidua --db FILE …`` in this process, its exit code checked, its output returned."""

    def __init__(self, db: Path, capsys):
        self.db, self.capsys = db, capsys

    def __call__(self, *args, code: int = 0) -> str:
        got = main(["--db", str(self.db), *map(str, args)])
        out, err = self.capsys.readouterr()
        assert got == code, f"thidua {' '.join(map(str, args))} → {got}\n{out}\n{err}"
        return out if code == 0 else err

    def json(self, *args):
        return json.loads(self(*args, "--json"))


def _xlsx(path: Path, rows: list[list]) -> Path:
    wb = openpyxl.Workbook()
    for row in rows:
        wb.active.append(row)
    wb.save(path)
    return path


def _docx_text(path: Path) -> str:
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


@pytest.fixture
def thidua(tmp_path, capsys):
    return Thidua(tmp_path / "thi đua 2026.db", capsys)


def test_one_year_through_the_command_line(thidua, tmp_path):
    assert "Kế hoạch thi đua năm 2026" in thidua("init")
    thidua("plan", "set", "--number", "12/KH-UBND", "--date", "15/01/2026")

    # --- the registry, from the units' own spreadsheets --------------------------------------------
    units = _xlsx(tmp_path / "đơn vị.xlsx", [["STT", "Tên đơn vị", "Loại hình", "Khối thi đua", "Địa chỉ"]]
                  + [[i, name, "Tổ dân phố", "Khối tổ dân phố", f"Số {i} đường Bạch Đằng"]
                     for i, name in enumerate(TDP, start=1)]
                  + [[4, SCHOOL, "Trường học", "Khối trường học", "Số 5 đường Bạch Đằng"]])
    people = _xlsx(tmp_path / "cá nhân.xlsx", [["Họ và tên", "Giới tính", "Năm sinh", "Chức vụ", "Đơn vị"]]
                   + [[name, gender, 1985, "Giáo viên", SCHOOL] for name, gender, _ in TEACHERS])
    thidua("units", "import", units, "--dry-run")
    assert thidua.json("units", "list") == []  # the dry run wrote nothing
    assert "thêm 4 đơn vị, tạo 2 khối thi đua mới" in thidua("units", "import", units)
    assert "thêm 4 cá nhân" in thidua("people", "import", people)
    listed = {u["name"]: u for u in thidua.json("units", "list")}
    assert listed[SCHOOL]["people"] == 4 and listed[TDP[0]]["block"] == "Khối tổ dân phố"
    assert "16 tiêu chí" in thidua("targets", "defaults")

    # --- results, the year's evaluation and the ranking ----------------------------------------------
    rows = [["Đơn vị", "Chỉ tiêu", "Giá trị"]]
    for name, bhyt, safe in zip(TDP, (97.5, 96.5, 95), ("Có", "Có", "Không")):
        rows += [[name, code, value] for code, value in (
            ("5", "10/12"), ("6a", 98), ("8", bhyt), ("10", 100), ("11", 96), ("13", 100), ("14", 1),
            ("TC01", "Có"), ("TC02", "Có"), ("TC11", "Có"), ("TC12", safe))]
    rows += [[SCHOOL, code, value] for code, value in (("7", 1), ("TC01", "Có"), ("TC02", "Có"), ("TC21", 99),
                                                       ("TC22", "Có"))]
    assert "38 kết quả mới" in thidua("results", "import", _xlsx(tmp_path / "kết quả.xlsx", rows))
    thidua("results", "set", "8", "96,4")
    evaluated = thidua.json("targets", "evaluate")
    bhyt = next(m for t in evaluated["targets"] for m in t["measures"] if m["code"] == "8")
    assert bhyt["actual"] == pytest.approx(96.4) and bhyt["status_label"] == "Vượt"
    ranked = thidua.json("rank")
    tdp = next(b for b in ranked["blocks"] if b["title"] == "Khối tổ dân phố")
    assert [u["unit"] for u in tdp["units"]][-1] == "Tổ dân phố số 3"  # the one with an incident comes last
    ranking = tmp_path / "xếp hạng.xlsx"
    thidua("rank", "--out", ranking)
    block_sheet = openpyxl.load_workbook(ranking)["Khối tổ dân phố"]
    assert [r[1] for r in block_sheet.iter_rows(min_row=6, max_row=8, values_only=True)] == TDP

    # --- nominations from the school's and the ward's list ------------------------------------------
    nominations = _xlsx(tmp_path / "đề nghị.xlsx", [
        ["STT", "Họ và tên / Tên tập thể", "Đối tượng", "Đơn vị", "Danh hiệu, hình thức đề nghị", "Xếp loại",
         "Tóm tắt thành tích"]]
        + [[i, name, "Cá nhân", SCHOOL, "LĐTT", rating, "Hoàn thành tốt nhiệm vụ năm học"]
           for i, (name, _, rating) in enumerate(TEACHERS[:3], start=1)]
        + [[4, TDP[0], "Tập thể", "", "GK", "", "Dẫn đầu khối tổ dân phố"]])
    assert "4 đề nghị mới" in thidua("nominations", "import", nominations)
    proposed = thidua.json("nominations", "list")
    assert len(proposed) == 4 and {n["title"] for n in proposed} == {"LDTT", "GK"}
    assert not thidua.json("nominations", "list", "--problems")

    # --- the council: a session, its members, the votes ------------------------------------------------
    members = [x for m in MEMBERS for x in ("--member", m)]
    thidua("council", "sessions", "add", "--number", "01/BB-HĐTĐKT", "--held", "18/12/2026 08:00",
           "--ended", "18/12/2026 10:30", "--place", "Hội trường UBND phường", "--chair", "Nguyễn Văn Chủ",
           "--secretary", "Lê Thị Thư", *members)
    [session] = thidua.json("council", "sessions", "list")
    thidua("council", "members", "add", session["id"], "Vũ Văn Sáu")
    thidua("council", "members", "attendance", session["id"], "Vũ Văn Sáu", "vắng")
    [session] = thidua.json("council", "sessions", "list")
    assert (session["members"], session["present"], session["written"], session["absent"]) == (6, 4, 1, 1)
    assert len(thidua.json("council", "members", "list", session["id"])) == 6
    ballots = tmp_path / "phiếu bầu.pdf"
    assert "Đã tạo 6 phiếu bầu (4 người, tập thể" in thidua("council", "ballots", "--out", ballots)
    assert ballots.read_bytes().startswith(b"%PDF")
    sheet = tmp_path / "bảng ghi phiếu.xlsx"
    thidua("council", "sheet", sheet, "--session", session["id"])
    wb = openpyxl.load_workbook(sheet)
    for row in wb.active.iter_rows(min_row=4):
        if row[1].value:
            row[4].value = 2 if row[1].value == "Lê Thị Thu" else 5  # of 5 who vote
    wb.save(sheet)
    assert "Đã ghi phiếu của 4 đề nghị" in thidua("council", "votes", sheet, "--session", session["id"])
    final = {x["title"]: x for x in thidua.json("council", "results")}
    assert [c["name"] for c in final["LDTT"]["chosen"]] == ["Nguyễn Thị Hoa", "Trần Văn Nam"]
    assert final["LDTT"]["not_passed"] == ["Lê Thị Thu"]
    assert [c["name"] for c in final["GK"]["chosen"]] == [TDP[0]]

    # --- the decision -------------------------------------------------------------------------------
    record = ["decisions", "record", "--number", "125/QĐ-UBND", "--date", "22/12/2026", "--title", "LDTT",
              "--title", "GK", "--session", session["id"]]
    thidua(*record, "--dry-run")
    assert thidua.json("decisions", "list") == []
    assert "3 người, tập thể" in thidua(*record)
    [decision] = thidua.json("decisions", "list")
    assert decision["frozen"] and decision["awardees"] == 3 and decision["prize_total"] > 0
    assert "Đã có văn bản số 125/QĐ-UBND" in thidua(*record, code=1)

    # --- the papers -----------------------------------------------------------------------------------
    papers = {kind: tmp_path / "văn bản" / f"{kind}.docx"
              for kind in ("minutes", "decision", "nominations", "year-end", "certificates")}
    thidua("report", "minutes", "--out", papers["minutes"], "--session", session["id"])
    thidua("report", "decision", "--out", papers["decision"], "--decision", decision["id"])
    thidua("report", "nominations", "--out", papers["nominations"], "--awardees", "--decision", decision["id"])
    thidua("report", "year-end", "--out", papers["year-end"], "--number", "5", "--date", "28/12/2026")
    thidua("report", "certificates", "--out", papers["certificates"], "--decision", decision["id"])
    minutes = _docx_text(papers["minutes"])
    assert "Nguyễn Văn Chủ" in minutes and "Hội trường UBND phường" in minutes and "Lê Thị Thu" in minutes
    for kind in ("decision", "nominations", "year-end"):
        text = _docx_text(papers[kind])
        assert "Nguyễn Thị Hoa" in text and "Trần Văn Nam" in text and TDP[0] in text, kind
    decided = _docx_text(papers["decision"])
    assert "Lê Thị Thu" not in decided and "12/KH-UBND" in decided
    assert "125/QĐ-UBND" in _docx_text(papers["year-end"])
    with zipfile.ZipFile(papers["certificates"]) as package:  # names sit in positioned frames
        assert TDP[0] in package.read("word/document.xml").decode("utf-8")
