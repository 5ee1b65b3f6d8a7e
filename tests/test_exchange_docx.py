"""The city's consolidated table as a Word paper (``thidua exchange report --out F.docx``, issue 18 item 4)."""
from __future__ import annotations

import docx
import pytest
from docx.enum.section import WD_ORIENT

from thidua_desktop.cli import main as cli


@pytest.fixture(scope="module")
def city_db(tmp_path_factory):
    folder = tmp_path_factory.mktemp("city-docx")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("THIDUA_DATA_DIR", str(folder / "data"))
        ward, city, file = folder / "phuong.db", folder / "thanh-pho.db", folder / "bach-dang-2026.thidua"
        assert cli(["--db", str(ward), "init", "--demo"]) == 0
        assert cli(["--db", str(ward), "exchange", "export", "--year", "2026", "--out", str(file)]) == 0
        assert cli(["--db", str(city), "init", "--city", "Thành phố Hải Phòng"]) == 0
        assert cli(["--db", str(city), "exchange", "import", str(file)]) == 0
    return city


def test_the_docx_holds_the_three_tables_on_landscape_pages(city_db, tmp_path, capsys):
    out = tmp_path / "tổng hợp.docx"
    assert cli(["--db", str(city_db), "exchange", "report", "--out", str(out)]) == 0
    assert "bảng tổng hợp năm 2026 của 1 phường" in capsys.readouterr().out
    document = docx.Document(str(out))
    section = document.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE and round(section.left_margin.mm) == 30
    texts = [p.text for p in document.paragraphs]
    assert "THÀNH PHỐ HẢI PHÒNG" in texts and "BẢNG TỔNG HỢP THI ĐUA, KHEN THƯỞNG CÁC PHƯỜNG NĂM 2026" in texts
    summary, targets, titles = document.tables
    assert [c.text for c in summary.rows[1].cells][:2] == ["1", "Phường Bạch Đằng"]
    assert len(targets.rows) == 1 + 16 and targets.rows[1].cells[1].text == "1"  # every measure of the 14 targets
    assert any(row.cells[2].text == "Giấy khen" for row in titles.rows[1:])
    assert document.core_properties.author == "Thành phố Hải Phòng"


def test_another_suffix_is_refused_naming_both(city_db, tmp_path, capsys):
    assert cli(["--db", str(city_db), "exchange", "report", "--out", str(tmp_path / "x.pdf")]) == 1
    assert ".xlsx hoặc .docx" in capsys.readouterr().err
