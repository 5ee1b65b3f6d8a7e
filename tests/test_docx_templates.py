"""Templates a clerk edits in Word: exported, changed, checked, used; a field
the document does not know or a missing one is refused with its name."""
from __future__ import annotations

import io
import zipfile

import docx as python_docx
import pytest

from docx_helpers import Docx, make_awards, replace_in_part
from thidua_desktop.errors import UserError
from thidua_desktop.services import documents
from thidua_desktop.services.documents import TemplateError


@pytest.fixture
def ward(db):
    make_awards(db)
    return db


def exported(db, kind: str) -> bytes:
    with db.read() as session:
        return documents.default_template(session, kind)


@pytest.mark.parametrize("kind", list(documents.KINDS))
def test_built_in_template_passes_its_own_check(ward, kind):
    data = exported(ward, kind)
    assert documents.check_template(kind, data, "mặc định.docx") == []
    assert b"{{" in zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")


def test_unknown_field_is_refused_by_name(ward):
    data = replace_in_part(exported(ward, "year-end"), "word/document.xml", b"{{mo_dau}}", b"{{mo_dau_moi}}")
    with pytest.raises(TemplateError) as error:
        documents.check_template("year-end", data, "bao cao.docx")
    message = error.value.message
    assert "{{mo_dau_moi}}" in message and "không có trong" in message
    assert "thiếu trường {{mo_dau}}" in message
    assert "bao cao.docx" in message


def test_missing_required_field_is_refused_by_name(ward):
    data = replace_in_part(exported(ward, "decision"), "word/document.xml", b"{{tien_thuong}}", b"")
    with pytest.raises(TemplateError, match=r"thiếu trường \{\{tien_thuong\}\}"):
        documents.check_template("decision", data)


def test_unclosed_field_and_list_field_inside_a_sentence_are_refused(ward):
    data = replace_in_part(exported(ward, "minutes"), "word/document.xml", b"{{dia_diem}}", b"{{dia_diem")
    with pytest.raises(TemplateError, match="chưa đủ cặp"):
        documents.check_template("minutes", data)
    data = replace_in_part(exported(ward, "minutes"), "word/document.xml", b">{{thanh_phan}}<",
                           b">Danh s\xc3\xa1ch: {{thanh_phan}}<")
    with pytest.raises(TemplateError, match=r"\{\{thanh_phan\}\}.*phải đứng riêng một dòng"):
        documents.check_template("minutes", data)


def test_a_refused_template_is_not_stored(ward):
    bad = replace_in_part(exported(ward, "year-end"), "word/document.xml", b"{{mo_dau}}", b"{{sai}}")
    with pytest.raises(TemplateError):
        with ward.transaction() as session:
            documents.use_template(session, "year-end", bad, "sai.docx")
    with ward.read() as session:
        assert documents.stored_template(session, "year-end") is None


def test_not_a_word_file_is_refused(ward):
    with pytest.raises(UserError, match="không phải là tệp Word"):
        documents.check_template("year-end", b"PK\x03\x04 not really", "x.docx")
    with pytest.raises(UserError, match="không phải là tệp Word"):
        documents.check_template("year-end", b"hello", "x.docx")


def _edit_with_python_docx(data: bytes, edit) -> bytes:
    """Open and save the template with python-docx, as another program would."""
    document = python_docx.Document(io.BytesIO(data))
    edit(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_edited_template_is_used_for_the_document(ward):
    def edit(document):
        for p in document.paragraphs:
            if p.text.startswith("Trên đây là báo cáo"):
                for run in p.runs:
                    run.text = run.text.replace("Trên đây là báo cáo", "Trên đây là toàn văn báo cáo")
        document.sections[0].left_margin = python_docx.shared.Mm(25)

    edited = _edit_with_python_docx(exported(ward, "year-end"), edit)
    with ward.transaction() as session:
        warnings = documents.use_template(session, "year-end", edited, "bao cao phuong.docx")
    assert any("Lề trái 25 mm" in w for w in warnings)
    with ward.read() as session:
        rendered = documents.generate(session, "year-end", documents.Options(number="7"))
    assert rendered.template == "bao cao phuong.docx"
    text = Docx(rendered.data).all_text()
    assert "Trên đây là toàn văn báo cáo kết quả thực hiện Kế hoạch phát động phong trào thi đua năm 2026" in text
    assert "Số: 07/BC-UBND" in text and "{{" not in text
    with ward.transaction() as session:
        assert documents.drop_template(session, "year-end")
    with ward.read() as session:
        assert documents.generate(session, "year-end").template == ""


def test_field_split_across_runs_is_filled(ward):
    """Word breaks text into runs anywhere (spell check, edits); fields still fill."""
    split = (b'<w:r><w:t xml:space="preserve">S\xe1\xbb\x91: {{so_</w:t></w:r><w:r><w:rPr><w:b/></w:rPr>'
             b'<w:t>ky</w:t></w:r><w:r><w:t>_hieu}} (b\xe1\xba\xa3n ch\xc3\xadnh)</w:t></w:r>')
    data = replace_in_part(exported(ward, "minutes"), "word/document.xml",
                           "<w:r><w:t>Số: {{so_ky_hieu}}</w:t></w:r>".encode(), split)
    with ward.transaction() as session:
        documents.use_template(session, "minutes", data, "bien ban.docx")
    with ward.read() as session:
        rendered = documents.generate(session, "minutes", documents.Options(number="3"))
    assert "Số: 03/BB-HĐTĐKT (bản chính)" in Docx(rendered.data).all_text()


def test_template_without_our_styles_gets_them(ward):
    data = exported(ward, "minutes")
    styles = zipfile.ZipFile(io.BytesIO(data)).read("word/styles.xml")
    start = styles.index(b'<w:style w:type="paragraph" w:customStyle="1" w:styleId="ND30Body">')
    end = styles.index(b"</w:style>", start) + len(b"</w:style>")
    stripped = replace_in_part(data, "word/styles.xml", styles[start:end], b"")
    with ward.transaction() as session:
        documents.use_template(session, "minutes", stripped, "khong kieu.docx")
        rendered = documents.generate(session, "minutes")
    doc = Docx(rendered.data)
    assert doc.style("ND30Body") is not None


def test_template_saved_as_dotx_makes_a_docx(ward):
    data = replace_in_part(exported(ward, "minutes"), "[Content_Types].xml",
                           b"wordprocessingml.document.main+xml", b"wordprocessingml.template.main+xml")
    with ward.transaction() as session:
        documents.use_template(session, "minutes", data, "bien ban.dotx")
        rendered = documents.generate(session, "minutes")
    types = zipfile.ZipFile(io.BytesIO(rendered.data)).read("[Content_Types].xml")
    assert b"document.main+xml" in types and b"template.main+xml" not in types


def test_optional_fields_may_be_left_out_and_the_list_of_fields_is_documented(ward):
    spec = documents.KINDS["year-end"]
    assert spec.fields["nam_sau"].required is False
    assert all(f.label for f in spec.fields.values())
    data = replace_in_part(exported(ward, "year-end"), "word/document.xml", b"{{nam_sau}}", b"2027")
    assert documents.check_template("year-end", data) == []
