"""The words and facts of the papers (issue 13, items 8–11): people counted
once beside their awards, undecided nominations told by what became of them,
the ward's own plan cited (or left as a visible blank), the city's slogan and
one spelling, proper nouns keeping their capitals, the deputy, numbers already
used, subject words per title, certificates of danh hiệu, the test page's
decimal comma, annex notes dated, one dash and one vote-share formatter."""
from __future__ import annotations

import datetime as dt

import pytest

from docx_helpers import PEOPLE, W, Docx, make_awards
from thidua_desktop.cli import main
from thidua_desktop.domain import council as council_rules
from thidua_desktop.domain.text import common_in_sentence, lower_first_word
from thidua_desktop.errors import UserError
from thidua_desktop.services.awards import catalogue as awards
from thidua_desktop.services import documents, plan
from thidua_desktop.services import ward as ward_service
from thidua_desktop.services.app import open_app
from thidua_desktop.services.documents import certificates, content
from thidua_desktop.services.documents.selection import DRAFT
from thidua_desktop.storage.models import Decision, Nomination, Person, Unit

AUTHORITY = "Ủy ban nhân dân phường Bạch Đằng"
PAPERS = ["year-end", "proposal", "decision", "minutes", "nominations"]


@pytest.fixture
def ward(db):
    db.ids = make_awards(db)
    return db


def generate(db, kind: str, **options) -> tuple[documents.Rendered, str]:
    with db.read() as session:
        rendered = documents.generate(session, kind, documents.Options(**options))
    return rendered, Docx(rendered.data).all_text()


def award_ldtt(db) -> None:
    """A second decision: “Lao động tiên tiến” for the four people nominated,
    three of whom already have a Giấy khen."""
    with db.transaction(actor="kiểm thử") as s:
        campaign = plan.current_campaign(s)
        ldtt = awards.title_by_code(s, "LDTT")
        d = Decision(campaign_id=campaign.id, number="126/QĐ-UBND", signed_on=dt.date(2026, 12, 11),
                     title_id=ldtt.id, signer_name="Nguyễn Hoàng Minh", signer_title="CHỦ TỊCH",
                     base_salary=2_340_000)
        s.add(d)
        s.flush()
        rows = s.query(Nomination).filter(Nomination.title_id == ldtt.id).order_by(Nomination.id).all()
        for seq, row in enumerate(rows, start=1):
            row.decision_id, row.decision_seq, row.prize_amount, row.status = d.id, seq, 710_000, "awarded"


def set_plan(db, **values) -> None:
    with db.transaction(actor="kiểm thử") as s:
        ward_service.update_plan_header(s, plan.current_campaign(s).id, values)


# --- 8. people and awards; what became of the nominations not decided ----------------------------

def test_year_end_counts_people_once_beside_their_awards(ward):
    award_ldtt(ward)
    _, text = generate(ward, "year-end")
    # Giấy khen: people 0, 1, 2; “Lao động tiên tiến”: people 0–3 → 4 people, 7 awards
    assert ("Chủ tịch Ủy ban nhân dân phường đã khen thưởng 02 tập thể, 04 cá nhân (07 lượt khen thưởng) "
            "và 01 hộ gia đình.") in text
    # the annexed lists are titled by their own papers, only the report is “Kèm theo”
    assert "Theo Quyết định số 126/QĐ-UBND ngày 11/12/2026 của Chủ tịch" in text
    assert "Kèm theo Quyết định số 126" not in text
    women = sum(1 for p in PEOPLE[:4] if p[1] == "nu")
    direct = sum(1 for p in PEOPLE[:4] if not p[5])
    assert (f"Trong số 04 cá nhân được khen thưởng có {women} nữ ({content.share(women, 4)}); {direct} người lao "
            f"động trực tiếp") in text


def test_proposal_and_minutes_count_people_once(ward):
    _, proposal = generate(ward, "proposal", number="2", date=dt.date(2026, 12, 9))
    # passed: Giấy khen (people 0–2), LĐTT (people 0–3), CSTĐCS (person 0): 4 people, 8 awards
    assert "04 cá nhân (08 lượt khen thưởng)" in proposal
    assert "Tổng cộng: 02 tập thể, 04 cá nhân (08 lượt khen thưởng) và 01 hộ gia đình." in proposal  # its list
    _, minutes = generate(ward, "minutes")
    # voted on: the school twice (Giấy khen, Bằng khen of the city), person 4 once more (Giấy khen, failed)
    assert "02 tập thể (03 lượt khen thưởng), 05 cá nhân (09 lượt khen thưởng) và 01 hộ gia đình" in minutes
    # a title alone reads “lượt danh hiệu”
    with ward.read() as session:
        rows = [r for r in documents.records.rows(session, plan.current_campaign(session))
                if r.title_code in ("LDTT", "CSTDCS")]
    assert content.counts_phrase(rows) == "04 cá nhân (05 lượt danh hiệu)"


def test_undecided_nominations_are_told_by_outcome_never_as_pending(ward):
    with ward.transaction(actor="kiểm thử") as s:
        ldtt = awards.title_by_code(s, "LDTT")
        blocked = s.query(Nomination).filter(Nomination.title_id == ldtt.id).order_by(Nomination.id).first()
        blocked.check_report = [{"rule": "kỷ luật", "severity": "block", "message": "Đang bị kỷ luật",
                                 "quote": "", "source": ""}]
    _, text = generate(ward, "year-end")
    assert "Không đủ điều kiện khen thưởng: 01 cá nhân." in text
    assert ("Không được Hội đồng Thi đua - Khen thưởng thông qua (không đạt số phiếu cần thiết): 01 cá nhân."
            in text)  # Đỗ Thị Hằng, 3 of 9 votes
    assert "Đã được Hội đồng Thi đua - Khen thưởng thông qua, chưa có quyết định khen thưởng:" in text
    assert "Đang xét" not in text


# --- 9. the ward's own plan ------------------------------------------------------------------------

def test_plan_without_number_leaves_a_visible_blank_and_warns(ward):
    for kind in ("year-end", "proposal", "decision"):
        rendered, text = generate(ward, kind, **({"decision_id": DRAFT} if kind == "decision" else {}))
        assert "Kế hoạch số …/KH-UBND ngày …/…/2026" in text, kind
        assert any("Chưa có số và ngày ban hành Kế hoạch thi đua năm 2026" in w for w in rendered.warnings), kind
        for paragraph in text.split("\n"):  # the issuer is never repeated inside a sentence
            assert paragraph.count(AUTHORITY) <= 1, paragraph
    _, text = generate(ward, "year-end")
    assert f"{AUTHORITY} đã ban hành Kế hoạch số …/KH-UBND ngày …/…/2026 phát động phong trào thi đua" in text
    assert ("Thực hiện Kế hoạch số 56/KH-UBND ngày 18/02/2026 của Ủy ban nhân dân thành phố; Kế hoạch số "
            "…/KH-UBND ngày …/…/2026 phát động") in text


def test_plan_set_from_the_command_line_is_cited_everywhere(db_path, capsys):
    app = open_app(db_path)
    make_awards(app.db)
    app.close()
    assert main(["--db", str(db_path), "plan", "set", "--number", "12", "--date", "20/02/2026"]) == 0
    assert "Kế hoạch số 12/KH-UBND ngày 20/02/2026" in capsys.readouterr().out
    assert main(["--db", str(db_path), "plan", "set", "--number", "12 KH"]) == 1
    assert "không đúng dạng" in capsys.readouterr().err
    app = open_app(db_path, lock=False)
    try:
        rendered, text = generate(app.db, "decision", decision_id=DRAFT)
        assert f"Căn cứ Kế hoạch số 12/KH-UBND ngày 20/02/2026 của {AUTHORITY} phát động" in text
        assert not any("Kế hoạch thi đua năm" in w for w in rendered.warnings)
        _, text = generate(app.db, "year-end")
        assert f"{AUTHORITY} đã ban hành Kế hoạch số 12/KH-UBND ngày 20/02/2026 phát động" in text
    finally:
        app.close()


def test_documents_page_warns_until_the_plan_is_recorded(qtbot, app):
    from thidua_desktop.gui.context import GuiContext
    from thidua_desktop.gui.main_window import MainWindow

    window = MainWindow(GuiContext(app, actor="kiểm thử"))
    qtbot.addWidget(window)
    window.show()
    page = window.show_page("documents")
    assert page.plan_warning.isVisible()
    assert "Chưa có số và ngày ban hành Kế hoạch thi đua năm 2026" in page.plan_warning.text()
    set_plan(app.db, number="12/KH-UBND", issued_on=dt.date(2026, 2, 20))
    page.refresh()
    assert not page.plan_warning.isVisible() and page.plan_warning.text() == ""


def test_first_run_asks_for_the_plan_number_and_date(qtbot, app):
    from PySide6.QtCore import QDate

    from thidua_desktop.gui.context import GuiContext
    from thidua_desktop.gui.first_run import FirstRunDialog, save_plan
    from thidua_desktop.gui.main_window import MainWindow

    window = MainWindow(GuiContext(app, actor="kiểm thử"))
    qtbot.addWidget(window)
    dialog = FirstRunDialog(window, "Phường Bạch Đằng", 2026)
    qtbot.addWidget(dialog.dialog)
    assert dialog.plan_values() == {}  # left blank: the papers keep their blank
    dialog.plan_number.setText("12 KH")
    assert not dialog.empty_button.isEnabled() and "không đúng dạng" in dialog.plan_note.text()
    dialog.plan_number.setText("12")
    dialog.plan_date_set.setChecked(True)
    dialog.plan_date.setDate(QDate(2026, 2, 20))
    assert dialog.empty_button.isEnabled()
    with app.db.read() as session:
        campaign_id = plan.current_campaign(session).id
    assert save_plan(window, campaign_id, dialog.plan_values())
    with app.db.read() as session:
        campaign = plan.current_campaign(session)
        assert (campaign.number, campaign.issued_on) == ("12/KH-UBND", dt.date(2026, 2, 20))


# --- 10. the slogan, one spelling, proper nouns --------------------------------------------------

def test_city_slogan_is_spelt_right_and_hoa_is_spelt_one_way(ward):
    with ward.transaction(actor="kiểm thử") as s:  # a name as the clerk typed it is kept
        s.get(Unit, 1).name = "Tổ dân phố văn hoá số 1"
    for kind in PAPERS:
        _, text = generate(ward, kind, **({"decision_id": DRAFT} if kind == "decision" else {}))
        assert "bút phá" not in text, kind
        assert "hoá" not in text.replace("Tổ dân phố văn hoá số 1", ""), kind
    _, text = generate(ward, "year-end")
    assert "“Chủ động thực thi; phát huy động lực; tăng trưởng bứt phá”" in text
    assert "Tỷ lệ gia đình văn hóa đạt trên 97%; tổ dân phố văn hóa đạt trên 85%" in text
    _, listed = generate(ward, "nominations")
    assert "Tổ dân phố văn hoá số 1" in listed


def test_names_in_sentences_keep_their_proper_nouns():
    assert lower_first_word("Khối Mặt trận Tổ quốc và các đoàn thể") == "khối Mặt trận Tổ quốc và các đoàn thể"
    assert lower_first_word("Chủ tịch Hội Liên hiệp Phụ nữ phường") == "chủ tịch Hội Liên hiệp Phụ nữ phường"
    assert lower_first_word("UBND phường") == "UBND phường"
    assert common_in_sentence("Cán bộ hộ khẩu") == "cán bộ hộ khẩu"
    assert common_in_sentence("Phó Trưởng Công an phường") == "Phó Trưởng Công an phường"


def test_demo_summaries_keep_proper_nouns(demo_ward):
    with demo_ward.db.read() as session:
        summaries = [n.summary for n in session.query(Nomination)]
        positions = [p.position for p in session.query(Person) if p.position]
    assert any("Dẫn đầu khối Mặt trận Tổ quốc và các đoàn thể" in s for s in summaries)
    assert not any("mặt trận tổ quốc" in s or "ủy ban mttq" in s for s in summaries)
    # a position naming an office keeps its capitals (“Phó Trưởng Công an phường”); a common one reads
    # lower-case inside the sentence (“cán bộ hộ khẩu”)
    typed = [s.split("nhiệm vụ ", 1)[1].rsplit(" năm", 1)[0] for s in summaries
             if s.startswith("Hoàn thành") and "nhiệm vụ " in s and ";" not in s]
    assert typed and all(t in [common_in_sentence(p) for p in positions] for t in typed)
    assert any(any(w[:1].isupper() for w in t.split()[1:]) for t in typed)
    assert not any(t[:1].isupper() and not any(w[:1].isupper() for w in t.split()[1:]) for t in typed)


# --- 11. deputy, numbers, subject words, certificates, test page, annex date, dashes, votes ----------

def test_deputy_without_a_deputy_is_refused_with_the_reason(ward, app, db_path, tmp_path, capsys):
    for kind, extra in (("year-end", {}), ("decision", {"decision_id": DRAFT}), ("nominations", {}),
                        ("proposal", {}), ("proposal", {"level": "city"})):
        with pytest.raises(UserError, match="Chưa có họ tên Phó Chủ tịch ký thay trong Cài đặt"):
            generate(ward, kind, deputy=True, **extra)
    with ward.transaction(actor="kiểm thử") as s:
        plan.ward(s).deputy_signer_name = "Vũ Thị Lan"
    rendered, _ = generate(ward, "proposal", deputy=True)  # the council's chairman signs its tờ trình
    assert any("do Chủ tịch Hội đồng ký" in w for w in rendered.warnings)
    with ward.transaction(actor="kiểm thử") as s:
        plan.ward(s).deputy_signer_name = ""
    app.close()  # the window lets go of the database, so the command may write (issue 12, class 11)
    out = tmp_path / "bc.docx"
    assert main(["--db", str(db_path), "report", "year-end", "--deputy", "--out", str(out)]) == 1
    assert "Phó Chủ tịch" in capsys.readouterr().err and not out.exists()


def test_a_number_already_used_is_warned_alike_in_every_document(ward, tmp_path):
    for kind in ("year-end", "proposal"):
        rendered, _ = generate(ward, kind, number="7", date=dt.date(2026, 12, 14))
        with ward.transaction() as session:
            documents.record_issued(session, rendered, str(tmp_path / f"{kind}.docx"))
        again, _ = generate(ward, kind, number="07", date=dt.date(2026, 12, 15))
        assert any(w.startswith(f"Số {rendered.number} đã có trong sổ văn bản") for w in again.warnings), kind
    # a paper the records number keeps it, and says so the same way
    decision, _ = generate(ward, "decision", number="99")
    assert "Dùng số của văn bản đã ghi nhận: 125/QĐ-UBND (không dùng số “99” đã nhập)." in decision.warnings
    minutes, _ = generate(ward, "minutes", number="5")
    assert "Số 05/BB-HĐTĐKT khác số đã ghi nhận trong chương trình (01/BB-HĐTĐKT): kiểm tra lại trước khi gửi." \
        in minutes.warnings
    same, _ = generate(ward, "minutes", number="1")
    assert not any("số" in w.lower() and "ghi nhận" in w for w in same.warnings)


def test_draft_decision_names_whom_each_title_is_for(ward):
    _, text = generate(ward, "decision", decision_id=DRAFT, title_code="LDTT")
    assert "Về việc tặng danh hiệu “Lao động tiên tiến” cho các cá nhân có thành tích" in text
    _, text = generate(ward, "decision", decision_id=DRAFT, title_code="TTLDTT")  # nobody nominated yet
    assert "Về việc tặng danh hiệu “Tập thể lao động tiên tiến” cho các tập thể có thành tích" in text
    _, text = generate(ward, "decision", decision_id=DRAFT, title_code="GK")
    assert "Về việc tặng Giấy khen cho các tập thể, cá nhân và hộ gia đình có thành tích" in text
    _, text = generate(ward, "proposal", title_code="LDTT")
    assert "Về việc đề nghị tặng danh hiệu “Lao động tiên tiến” cho các cá nhân có thành tích" in text


def test_certificates_of_titles_say_what_paper_they_need(ward):
    with pytest.raises(UserError, match="“Lao động tiên tiến” không kèm giấy khen hay bằng, giấy chứng nhận"):
        generate(ward, "certificates", title_code="LDTT")
    with ward.transaction(actor="kiểm thử") as s:
        cstd = s.get(Nomination, ward.ids["cstd"])
        d = Decision(campaign_id=cstd.campaign_id, number="127/QĐ-UBND", signed_on=dt.date(2026, 12, 12),
                     title_id=cstd.title_id, signer_name="Nguyễn Hoàng Minh", signer_title="CHỦ TỊCH")
        s.add(d)
        s.flush()
        cstd.decision_id, cstd.decision_seq, cstd.status = d.id, 1, "awarded"
    rendered, _ = generate(ward, "certificates", title_code="CSTDCS")
    assert any("Bằng chứng nhận “Chiến sĩ thi đua cơ sở”, in trên phôi riêng, không phải phôi Giấy khen" in w
               for w in rendered.warnings)
    plain, _ = generate(ward, "certificates")  # Giấy khen only, and the titles left out are named
    assert any(w.startswith("Chỉ in Giấy khen; các danh hiệu (Chiến sĩ thi đua cơ sở)") for w in plain.warnings)


def test_test_page_writes_millimetres_with_a_decimal_comma(db):
    with db.read() as session:
        doc = Docx(certificates.calibration(session))
    labels = "".join(t.text or "" for t in doc.document.iter(f"{{{W}}}t"))
    assert "Tiêu ngữ (48,5; 43 mm; không in)" in labels and "48.5" not in labels
    assert "—" not in labels


def test_annex_notes_carry_the_reports_number_and_date(ward):
    _, text = generate(ward, "year-end", number="5", date=dt.date(2026, 12, 14))
    assert f"(Kèm theo Báo cáo số 05/BC-UBND ngày 14/12/2026 của {AUTHORITY})" in text
    _, text = generate(ward, "year-end")
    assert f"/BC-UBND ngày …/…/2026 của {AUTHORITY})" in text
    _, text = generate(ward, "proposal", number="2")
    assert "(Kèm theo Tờ trình số 02/TTr-HĐTĐKT ngày …/…/2026)" in text


def test_one_dash_and_one_vote_share_across_papers(ward):
    texts = {kind: generate(ward, kind, **({"decision_id": DRAFT} if kind == "decision" else {}))[1]
             for kind in PAPERS}
    _, passed = generate(ward, "nominations", stage="passed")
    for kind, text in texts.items():
        assert "—" not in text and "–" not in text, kind
    seven_of_nine = council_rules.share_text(7 * 100 / 9)
    assert seven_of_nine == "77,78%"
    assert f"7/9\n{seven_of_nine}\nĐạt" in texts["minutes"]
    assert seven_of_nine in passed
    with ward.read() as session:
        row = next(r for r in documents.records.rows(session, plan.current_campaign(session)) if r.vote
                   and r.vote.agree == 7)
    assert row.council_label == f"Đạt ({seven_of_nine})"
