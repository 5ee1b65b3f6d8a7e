"""The settings page edits the documents' wording (the "Văn bản" settings of
domain/settings.py) beside the ward's details — through the real widgets, on
the real database, and the papers print what was typed."""
from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from docx_helpers import Docx, make_awards
from thidua_desktop.gui.context import GuiContext
from thidua_desktop.gui.main_window import MainWindow
from thidua_desktop.services import documents, settings
from thidua_desktop.services.documents import Options
from thidua_desktop.storage.models import AuditEntry

PAPER_KEYS = ["documents.payment_preparer", "documents.chief_accountant", "documents.disclosure_places"]


@pytest.fixture
def page(qtbot, app, monkeypatch):
    make_awards(app.db)
    messages = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: messages.append(a[2]))
    monkeypatch.setattr(QMessageBox, "critical", lambda *a, **k: messages.append(a[2]))
    window = MainWindow(GuiContext(app, actor="kiểm thử"))
    qtbot.addWidget(window)
    window.show()
    page = window.show_page("settings")
    page.messages = messages
    return page


def text_of(page, key: str) -> str:
    edit = page.wording[key]
    return edit.toPlainText() if hasattr(edit, "toPlainText") else edit.text()


def type_in(page, key: str, text: str) -> None:
    edit = page.wording[key]
    edit.setPlainText(text) if hasattr(edit, "setPlainText") else edit.setText(text)


def test_every_wording_setting_has_an_editor_showing_its_value(page):
    assert set(PAPER_KEYS) <= set(page.wording)
    assert {"documents.legal_bases", "documents.achievement", "documents.decision_execution",
            "documents.prize_source", "documents.city_addressee"} <= set(page.wording)
    # edited elsewhere: the certificate's positions on the documents page; recipients are per kind
    assert "documents.certificate_layout" not in page.wording and "documents.recipients" not in page.wording
    assert text_of(page, "documents.disclosure_places").startswith("trụ sở Ủy ban nhân dân phường")
    assert text_of(page, "documents.legal_bases").count("\n") == 2  # three bases, one a line


def test_typed_wording_is_saved_audited_and_printed_on_the_papers(page, app):
    type_in(page, "documents.payment_preparer", "  Lê Thị   Hoa ")
    type_in(page, "documents.chief_accountant", "Trần Văn Kế")
    type_in(page, "documents.disclosure_places", "Nhà văn hóa các tổ dân phố")
    bases = text_of(page, "documents.legal_bases") + "\n\nCăn cứ Quyết định số 71/2025/QĐ-UBND của thành phố"
    type_in(page, "documents.legal_bases", bases)
    page.save()
    assert page.messages == []
    with app.db.read() as s:
        assert settings.get(s, "documents.payment_preparer") == "Lê Thị Hoa"
        assert settings.get(s, "documents.chief_accountant") == "Trần Văn Kế"
        assert len(settings.get(s, "documents.legal_bases")) == 4  # the empty line left out
        payments = Docx(documents.generate(s, "payments", Options()).data).all_text()
        disclosure = Docx(documents.generate(s, "disclosure", Options()).data).all_text()
        decision = Docx(documents.generate(s, "decision", Options()).data).all_text()
    assert "Lê Thị Hoa" in payments and "Trần Văn Kế" in payments
    assert "Nhà văn hóa các tổ dân phố" in disclosure
    assert "Căn cứ Quyết định số 71/2025/QĐ-UBND của thành phố" in decision
    with app.db.read() as s:
        reasons = {e.reason for e in s.scalars(select(AuditEntry).where(AuditEntry.entity == "setting"))}
    assert reasons == {"Sửa thông tin phường và kế hoạch và nội dung văn bản"}


def test_an_emptied_box_goes_back_to_the_default_wording(page, app):
    type_in(page, "documents.disclosure_places", "Nhà văn hóa")
    page.save()
    type_in(page, "documents.disclosure_places", "   ")
    page.save()
    with app.db.read() as s:
        assert settings.get(s, "documents.disclosure_places").startswith("trụ sở Ủy ban nhân dân phường")
    assert text_of(page, "documents.disclosure_places").startswith("trụ sở Ủy ban nhân dân phường")


def test_revert_brings_back_the_stored_wording(page):
    type_in(page, "documents.chief_accountant", "Người khác")
    page.revert_button.click()
    assert text_of(page, "documents.chief_accountant") == ""
