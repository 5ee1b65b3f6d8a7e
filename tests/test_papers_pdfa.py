"""PDF/A-2b for the e-office system (issue 17, item 5): ``thidua report KIND
--out F.pdf --pdfa`` through LibreOffice; the result read back with pikepdf
(veraPDF is not available): the PDF/A identification in the XMP metadata,
the title, number and date, every font embedded, an output intent."""
from __future__ import annotations

import datetime as dt

import pytest

from docx_helpers import make_awards, soffice
from thidua_desktop.cli import main
from thidua_desktop.errors import UserError
from thidua_desktop.services.app import open_app
from thidua_desktop.services.documents import convert, pdfa
from thidua_desktop.services.documents.common import Rendered

pikepdf = pytest.importorskip("pikepdf")
needs_office = pytest.mark.skipif(soffice() is None, reason="LibreOffice is not installed")


@pytest.fixture(scope="module")
def ward_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("pdfa") / "thi đua.db"
    app = open_app(path)
    make_awards(app.db)
    app.close()
    return path


def unembedded_fonts(pdf) -> set[str]:
    missing = set()
    for page in pdf.pages:
        for _, font in page.resources.get("/Font", {}).items():
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font.DescendantFonts[0].get("/FontDescriptor")
            if descriptor is None or not any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                missing.add(str(font.get("/BaseFont")))
    return missing


@needs_office
@pytest.mark.parametrize("kind, options, title", [
    ("decision", [], "Quyết định khen thưởng số 125/QĐ-UBND ngày 10/12/2026"),
    ("payments", ["--date", "15/12/2026"], "Danh sách chi tiền thưởng ngày 15/12/2026"),
    ("disclosure", ["--date", "09/12/2026"], "Danh sách công khai trước khi khen thưởng ngày 09/12/2026"),
    ("nominations", [], "Danh sách đề nghị / được khen thưởng"),  # its plain PDF is Qt's; PDF/A goes via DOCX
])
def test_pdfa_2b_with_fonts_embedded_and_the_papers_identity(ward_db, tmp_path, kind, options, title):
    out = tmp_path / f"{kind}.pdf"
    assert main(["--db", str(ward_db), "report", kind, "--out", str(out), "--pdfa", *options]) == 0
    with pikepdf.open(out) as pdf:
        with pdf.open_metadata() as xmp:
            assert xmp.pdfa_status == "2B"
            assert xmp["dc:title"] == title
            assert xmp["dc:creator"] == ["Ủy ban nhân dân phường Bạch Đằng"]
        assert unembedded_fonts(pdf) == set()
        assert "/OutputIntents" in pdf.Root and len(pdf.pages) >= 1
        assert str(pdf.docinfo["/Title"]) == title


def test_the_reference_leaves_out_a_number_written_by_hand():
    blank = Rendered("year-end", b"", "      /BC-UBND", dt.date(2026, 12, 20), "x.docx")
    who = pdfa.identity("Báo cáo", blank, "UBND")
    assert (who.title, who.reference) == ("Báo cáo ngày 20/12/2026", "Ngày 20/12/2026")
    numbered = Rendered("decision", b"", "125/QĐ-UBND", None, "x.docx")
    assert pdfa.identity("Quyết định", numbered, "UBND").reference == "Số 125/QĐ-UBND"


def test_word_alone_is_told_that_pdfa_needs_libreoffice():
    with pytest.raises(UserError, match="Lưu PDF/A .* cần LibreOffice; máy này chỉ có Microsoft Word"):
        pdfa.pdf_bytes(b"", pdfa.Identity("t", "", "a"), convert.Converter("Microsoft Word", "powershell"))


def test_pdfa_only_for_pdf_files_and_named_in_the_help(ward_db, tmp_path, capsys):
    assert main(["--db", str(ward_db), "report", "minutes", "--out", str(tmp_path / "x.docx"), "--pdfa"]) == 2
    assert "--pdfa chỉ dùng với tệp .pdf" in capsys.readouterr().err
    assert not (tmp_path / "x.docx").exists()
    assert main(["report", "--help"]) == 0
    assert "--pdfa" in capsys.readouterr().out
