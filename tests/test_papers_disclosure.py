"""Danh sách công khai (issue 17, paper 3): the posting period recorded on the
council session (schema 0003), the warning for a decision signed before the
comment period ended, the list in the NĐ 30/2020 format, the commands."""
from __future__ import annotations

import datetime as dt

import pytest

from docx_helpers import DECISION_DATE, W, Docx, make_awards, val
from test_docx_format import generate, header_cells, rule_length, tw
from thidua_desktop.cli import main
from thidua_desktop.domain import docformat as fmt
from thidua_desktop.errors import UserError
from thidua_desktop.services import documents
from thidua_desktop.services.app import open_app
from thidua_desktop.services.awards import disclosure

HELD = dt.date(2026, 12, 8)  # make_awards' session; its decision is signed on 10/12/2026


@pytest.fixture
def ward(db):
    return db, make_awards(db)


def post(db, session_id, posted, until):
    with db.transaction() as s:
        return disclosure.set_posting(s, session_id, posted, until)


def decision_warnings(db, ids):
    with db.read() as s:
        return disclosure.decision_warnings(s, ids["decision"])


def test_dates_are_kept_on_the_session(ward):
    db, ids = ward
    posting = post(db, ids["session"], HELD, dt.date(2026, 12, 9))
    assert posting.period_text() == "từ ngày 08/12/2026 đến hết ngày 09/12/2026"
    with db.read() as s:
        again = disclosure.posting(s, ids["session"])
    assert (again.posted_on, again.comments_until) == (HELD, dt.date(2026, 12, 9))
    assert again.label == "phiên họp ngày 08/12/2026 (biên bản số 01)"
    post(db, ids["session"], None, None)  # cleared
    with db.read() as s:
        assert not disclosure.posting(s, ids["session"]).recorded


@pytest.mark.parametrize("posted, until, message", [
    (dt.date(2026, 12, 9), None, "Ghi cả ngày niêm yết công khai và ngày hết hạn"),
    (dt.date(2026, 12, 9), dt.date(2026, 12, 8), "trước ngày niêm yết"),
    (dt.date(2026, 12, 1), dt.date(2026, 12, 9), "trước ngày họp Hội đồng"),
])
def test_impossible_dates_are_refused_and_nothing_changes(ward, posted, until, message):
    db, ids = ward
    post(db, ids["session"], HELD, dt.date(2026, 12, 9))
    with pytest.raises(UserError, match=message):
        post(db, ids["session"], posted, until)
    with db.read() as s:
        kept = disclosure.posting(s, ids["session"])
    assert (kept.posted_on, kept.comments_until) == (HELD, dt.date(2026, 12, 9))


def test_a_decision_signed_before_the_comment_period_ended_is_pointed_out(ward):
    db, ids = ward
    [missing] = decision_warnings(db, ids)
    assert missing.startswith("Chưa ghi ngày niêm yết công khai kết quả phiên họp ngày 08/12/2026")
    post(db, ids["session"], HELD, DECISION_DATE)  # comments taken until the day it was signed
    [early] = decision_warnings(db, ids)
    assert early.startswith("Quyết định khen thưởng số 125/QĐ-UBND ký ngày 10/12/2026, khi chưa hết thời gian "
                            "công khai lấy ý kiến (từ ngày 08/12/2026 đến hết ngày 10/12/2026")
    post(db, ids["session"], HELD, DECISION_DATE - dt.timedelta(days=1))
    assert decision_warnings(db, ids) == []


def test_the_payment_list_of_an_early_decision_carries_the_warning(ward):
    db, ids = ward
    post(db, ids["session"], HELD, dt.date(2026, 12, 15))
    with db.read() as s:
        rendered = documents.generate(s, "payments", documents.Options(decision_id=ids["decision"]))
    assert any("khi chưa hết thời gian công khai" in w for w in rendered.warnings)


def test_the_list_names_whom_the_council_passed_and_the_period(ward):
    db, ids = ward
    post(db, ids["session"], dt.date(2026, 12, 9), dt.date(2026, 12, 15))
    with db.read() as s:
        rendered = documents.generate(s, "disclosure", documents.Options())
    doc = Docx(rendered.data)
    text = doc.all_text()
    assert "Thời gian niêm yết công khai và nhận ý kiến: từ ngày 09/12/2026 đến hết ngày 15/12/2026." in text
    assert "Nơi niêm yết: trụ sở Ủy ban nhân dân phường và Cổng thông tin điện tử của phường." in text
    assert "khoản 5 Điều 84 Luật Thi đua, khen thưởng" in text and "phiên họp ngày 08/12/2026" in text
    assert "Nguyễn Thị Hoa" in text and "Hộ ông Nguyễn Văn Bình" in text
    assert "Đỗ Thị Hằng" not in text  # 3 of 9 votes: not passed, not posted
    assert "Bạch Đằng, ngày 09 tháng 12 năm 2026" in text  # dated the day it is posted
    signature = doc.find_paragraph("TM. HỘI ĐỒNG")
    assert Docx.text(signature).split("\n") == ["TM. HỘI ĐỒNG", "CHỦ TỊCH"]
    assert Docx.text(signature.getnext()) == "Nguyễn Hoàng Minh"
    assert any("khi chưa hết thời gian công khai" in w for w in rendered.warnings)  # 125/QĐ-UBND of 10/12


def test_without_posting_dates_the_blanks_are_left_to_fill_in(ward):
    db, _ = ward
    with db.read() as s:
        rendered = documents.generate(s, "disclosure", documents.Options())
    assert "từ ngày …/…/… đến hết ngày …/…/…" in Docx(rendered.data).all_text()
    assert rendered.warnings[0].startswith("Chưa ghi ngày niêm yết và ngày hết hạn nhận ý kiến")


def test_without_a_council_session_it_says_why(db):
    with db.read() as s, pytest.raises(UserError, match="Chưa có phiên họp Hội đồng"):
        documents.generate(s, "disclosure", documents.Options())


def test_nd30_format(ward):
    db, _ = ward
    doc = generate(db, "disclosure")
    for sect in doc.xpath("//w:sectPr"):
        size, margin = sect.find(f"{{{W}}}pgSz"), sect.find(f"{{{W}}}pgMar")
        assert [int(val(size, "w")), int(val(size, "h"))] == [tw(297), tw(210)] and val(size, "orient") == "landscape"
        mm = {s: int(val(margin, s)) * 25.4 / 1440 for s in ("top", "bottom", "left", "right")}
        assert fmt.margin_problems(mm["top"], mm["bottom"], mm["left"], mm["right"]) == []
    for root in (doc.styles, doc.document):
        for fonts in root.iter(f"{{{W}}}rFonts"):
            assert set(fonts.attrib.values()) == {"Times New Roman"}
    table, cells = header_cells(doc)
    assert {val(b) for b in table.find(f"{{{W}}}tblPr/{{{W}}}tblBorders")} == {"nil"}
    parent, issuer = list(doc.paragraphs(cells[0][0]))[:2]
    assert Docx.text(parent) == "UBND PHƯỜNG BẠCH ĐẰNG" and not doc.flag(parent, None, "b")
    assert Docx.text(issuer) == "HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG" and doc.flag(issuer, None, "b")
    assert Docx.text(list(doc.paragraphs(cells[0][1]))[0]) == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    kind = next(p for p in doc.body if p.tag == f"{{{W}}}p" and Docx.text(p) == "DANH SÁCH")
    summary, rule = kind.getnext(), kind.getnext().getnext()
    assert doc.flag(summary, None, "b") and 13 <= doc.size(summary) <= 14
    container = tw(297 - 30 - 15)
    widest = fmt.widest_line_pt(Docx.text(summary), container / 20, doc.size(summary), bold=True) * 20
    assert 1 / 3 <= rule_length(doc, rule, container) / widest <= 1 / 2
    body = [p for p in doc.paragraphs() if val(p.find(f"{{{W}}}pPr/{{{W}}}pStyle")) == "ND30Body"
            and Docx.text(p).strip()]
    assert len(body) >= 3
    for p in body:
        assert 13 <= doc.size(p) <= 14 and val(doc.ppr(p, "jc")) == "both"
        assert int(val(doc.ppr(p, "ind"), "firstLine")) in (tw(10), tw(12.7))
    sect = doc.xpath("//w:sectPr")[0]
    assert sect.find(f"{{{W}}}titlePg") is not None


def test_migration_adds_the_columns(db_path):
    from thidua_desktop.storage import migrate

    assert migrate.SCHEMA_HEAD == migrate.head_revision()  # revision 0003 is in the chain before the head
    app = open_app(db_path)
    from sqlalchemy import inspect

    columns = {c["name"] for c in inspect(app.db.engine).get_columns("council_session")}
    app.close()
    assert {"posted_on", "comments_until"} <= columns


@pytest.fixture
def ward_db(db_path):
    app = open_app(db_path)
    ids = make_awards(app.db)
    app.close()
    return db_path, ids


def test_disclosure_commands(ward_db, tmp_path, capsys):
    path, ids = ward_db
    base = ["--db", str(path), "disclosure"]
    assert main(base + ["show"]) == 0
    assert "chưa ghi" in capsys.readouterr().out
    assert main(base + ["set", "--posted", "09/12/2026"]) == 2
    assert main(base + ["set", "--posted", "09/12/2026", "--until", "31/02/2026"]) == 2
    assert "--until" in capsys.readouterr().err
    assert main(base + ["set", "--session", str(ids["session"]), "--posted", "09/12/2026",
                        "--until", "15/12/2026"]) == 0
    captured = capsys.readouterr()
    assert "từ ngày 09/12/2026 đến hết ngày 15/12/2026" in captured.out
    assert "125/QĐ-UBND ký ngày 10/12/2026, khi chưa hết thời gian công khai" in captured.err
    out = tmp_path / "công khai.docx"
    assert main(["--db", str(path), "report", "disclosure", "--out", str(out)]) == 0
    assert "đến hết ngày 15/12/2026" in Docx(out.read_bytes()).all_text()
    assert main(base + ["set", "--clear"]) == 0
    assert "chưa ghi" in capsys.readouterr().out
