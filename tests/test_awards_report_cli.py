"""``thidua report nominations --out FILE.pdf|FILE.xlsx``: the lists through the shared report command."""
from __future__ import annotations

import openpyxl
import pytest

from awards_helpers import full_year
from thidua_desktop.cli import main
from thidua_desktop.services.app import open_app


def run(capsys, db_path, *args):
    code = main(["--db", str(db_path), *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def year_path(db_path):
    opened = open_app(db_path)
    try:
        full_year(opened.db)
    finally:
        opened.close()
    return db_path


def test_report_nominations_pdf_and_xlsx(capsys, year_path, tmp_path):
    pdf = tmp_path / "danh sách.pdf"
    code, out, err = run(capsys, year_path, "report", "nominations", "--out", str(pdf))
    assert code == 0, err
    assert pdf.read_bytes().startswith(b"%PDF")
    assert "danh sách đề nghị khen thưởng (9 dòng" in out
    xlsx = tmp_path / "được khen.xlsx"
    code, out, err = run(capsys, year_path, "report", "nominations", "--awardees", "--out", str(xlsx))
    assert code == 0, err
    values = [v for row in openpyxl.load_workbook(xlsx).active.iter_rows(values_only=True) for v in row if v]
    assert "DANH SÁCH ĐƯỢC KHEN THƯỞNG" in values
    code, out, err = run(capsys, year_path, "report", "nominations", "--draft", "--title", "CSTDCS",
                         "--out", str(tmp_path / "cstdcs.pdf"))
    assert code == 0, err
    assert "(1 dòng" in out
    code, _, err = run(capsys, year_path, "report", "nominations", "--out", str(tmp_path / "x.txt"))
    assert code == 2 and ".pdf" in err and ".xlsx" in err


def test_report_nominations_stages(capsys, year_path, tmp_path):
    code, out, err = run(capsys, year_path, "report", "nominations", "--stage", "eligible",
                         "--out", str(tmp_path / "đủ điều kiện.xlsx"))
    assert code == 0, err
    assert "(9 dòng" in out
