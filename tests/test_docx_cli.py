"""``thidua report KIND --out FILE`` and ``thidua templates``."""
from __future__ import annotations

import pytest

from docx_helpers import Docx, make_awards, replace_in_part, soffice
from thidua_desktop.cli import main
from thidua_desktop.services import documents
from thidua_desktop.services.app import open_app


@pytest.fixture
def ward_db(db_path):
    app = open_app(db_path)
    make_awards(app.db)
    app.close()
    return db_path


@pytest.mark.parametrize("kind", ["year-end", "proposal", "decision", "minutes", "nominations", "certificates"])
def test_report_writes_each_document(ward_db, tmp_path, capsys, kind):
    out = tmp_path / "văn bản" / f"{kind}.docx"
    assert main(["--db", str(ward_db), "report", kind, "--out", str(out), "--number", "5",
                 "--date", "12/12/2026"]) == 0
    assert f"Đã ghi {out}" in capsys.readouterr().out
    text = Docx(out.read_bytes()).all_text()
    assert "{{" not in text
    if kind in ("year-end", "proposal", "minutes"):
        assert "Bạch Đằng, ngày 12 tháng 12 năm 2026" in text


def test_numbered_documents_go_into_the_register(ward_db, tmp_path):
    out = tmp_path / "bc.docx"
    assert main(["--db", str(ward_db), "report", "year-end", "--out", str(out), "--number", "9"]) == 0
    app = open_app(ward_db, lock=False)
    with app.db.read() as session:
        [row] = documents.issued(session)
    app.close()
    assert (row.kind, row.number, row.path) == ("year-end", "09/BC-UBND", str(out.resolve()))


def test_report_options_choose_the_level_the_draft_and_the_test_page(ward_db, tmp_path):
    city = tmp_path / "ttr.docx"
    assert main(["--db", str(ward_db), "report", "proposal", "--level", "city", "--out", str(city)]) == 0
    assert "Kính gửi: Chủ tịch Ủy ban nhân dân thành phố Hải Phòng" in Docx(city.read_bytes()).all_text()
    draft = tmp_path / "qd.docx"
    assert main(["--db", str(ward_db), "report", "decision", "--draft", "--title", "LDTT", "--out", str(draft)]) == 0
    assert "danh hiệu “Lao động tiên tiến”" in Docx(draft.read_bytes()).all_text()
    page = tmp_path / "thu.docx"
    assert main(["--db", str(ward_db), "report", "certificates", "--test-page", "--out", str(page)]) == 0
    assert b"TRANG TH" in page.read_bytes() or page.stat().st_size > 1000


def test_report_refuses_what_it_cannot_write(ward_db, tmp_path, capsys):
    assert main(["--db", str(ward_db), "report", "minutes", "--out", str(tmp_path / "x.txt")]) == 2
    assert "không xuất ra được tệp “.txt”" in capsys.readouterr().err
    assert main(["--db", str(ward_db), "report", "minutes", "--out", str(tmp_path / "x.docx"),
                 "--date", "31/02/2026"]) == 2
    assert "không phải là ngày có thật" in capsys.readouterr().err
    assert main(["--db", str(ward_db), "report", "decision", "--draft", "--decision", "1",
                 "--out", str(tmp_path / "x.docx")]) == 2


@pytest.mark.skipif(soffice() is None, reason="LibreOffice is not installed (CI installs it)")
def test_report_writes_pdf_through_libreoffice(ward_db, tmp_path):
    out = tmp_path / "bien ban.pdf"
    assert main(["--db", str(ward_db), "report", "minutes", "--out", str(out)]) == 0
    assert out.read_bytes().startswith(b"%PDF")


def test_templates_export_use_reset(ward_db, tmp_path, capsys):
    template = tmp_path / "mẫu biên bản.docx"
    assert main(["--db", str(ward_db), "templates", "export", "minutes", "--out", str(template)]) == 0
    assert main(["--db", str(ward_db), "templates", "use", "minutes", str(template)]) == 0
    assert main(["--db", str(ward_db), "templates", "list"]) == 0
    assert "mẫu riêng “mẫu biên bản.docx”" in capsys.readouterr().out
    bad = tmp_path / "sai.docx"
    bad.write_bytes(replace_in_part(template.read_bytes(), "word/document.xml", b"{{dia_diem}}", b"{{dia_diem_hop}}"))
    assert main(["--db", str(ward_db), "templates", "use", "minutes", str(bad)]) == 1
    assert "{{dia_diem_hop}}" in capsys.readouterr().err
    assert main(["--db", str(ward_db), "templates", "reset", "minutes"]) == 0
    assert main(["--db", str(ward_db), "templates", "fields", "year-end"]) == 0
    assert "{{bang_chi_tieu}}" in capsys.readouterr().out
