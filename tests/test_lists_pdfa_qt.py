"""Without an office suite, the lists Qt draws are still saved as PDF/A (issue 17, item 5):
PDF/A-1b, the form Qt writes, with every font embedded; the clerk is told it is 1b, not 2b."""
from __future__ import annotations

import pytest

from awards_helpers import full_year
from thidua_desktop.cli import main as cli
from thidua_desktop.services.app import open_app
from thidua_desktop.services.documents import convert

pikepdf = pytest.importorskip("pikepdf")


@pytest.fixture
def year_path(db_path):
    opened = open_app(db_path)
    try:
        full_year(opened.db)
    finally:
        opened.close()
    return db_path


def test_a_list_is_pdfa_1b_with_fonts_embedded_when_libreoffice_is_missing(year_path, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(convert, "find_converter", lambda: None)
    out = tmp_path / "danh sách.pdf"
    assert cli(["--db", str(year_path), "report", "nominations", "--out", str(out), "--pdfa"]) == 0
    err = capsys.readouterr().err
    assert "PDF/A-1b" in err and "chưa có LibreOffice" in err
    with pikepdf.open(out) as pdf:
        with pdf.open_metadata() as xmp:
            assert xmp.pdfa_status == "1B"
        fonts = [font for page in pdf.pages for font in (page.Resources.get("/Font") or {}).values()]
        assert fonts
        for font in fonts:
            descendants = font.get("/DescendantFonts")
            descriptor = (descendants[0] if descendants else font).get("/FontDescriptor")
            assert descriptor is not None and any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))


def test_a_document_still_needs_libreoffice_for_pdfa(year_path, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(convert, "find_converter", lambda: None)
    assert cli(["--db", str(year_path), "report", "decision", "--draft", "--out", str(tmp_path / "qd.pdf"),
                "--pdfa"]) == 1
    assert "LibreOffice" in capsys.readouterr().err
