"""A person's yearly rating and discipline on the person's form (issue 16, item 15):
saved with the person in one audited change, shown in the people list, and read at once
by the award rules (a nomination's eligibility follows the edit)."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from awards_helpers import make_ward
from thidua_desktop.errors import UserError
from thidua_desktop.gui.context import GuiContext
from thidua_desktop.gui.main_window import MainWindow
from thidua_desktop.services import plan
from thidua_desktop.services.awards import nominations
from thidua_desktop.services.registry import people as people_service
from thidua_desktop.services.registry import standing
from thidua_desktop.storage.models import AuditEntry, PersonYear


@pytest.fixture
def people(qtbot, app, monkeypatch):
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    ward = make_ward(app.db)
    win = MainWindow(GuiContext(app, actor="kiểm thử"))
    qtbot.addWidget(win)
    win.show()
    page = win.show_page("units")
    page.tabs.setCurrentWidget(page.people)
    page.people.ward = ward
    return page.people


def nominate(app, person_id: int, title: str) -> int:
    with app.db.transaction(actor="kiểm thử") as s:
        n = nominations.create(s, plan.current_campaign(s), nominations.NominationInput(
            "person", title, person_id=person_id, summary="Hoàn thành tốt nhiệm vụ"))
        return n.id


def verdict(app, nomination_id: int):
    with app.db.read() as s:
        row = next(r for r in nominations.rows(s, plan.current_campaign(s)) if r.id == nomination_id)
        return row.verdict, " ".join(f.message for f in row.findings)


def edit(tab, name: str, fill) -> dict:
    """Open the person's form as the clerk does (select, Sửa…), fill it, save."""
    row = next(r for r in tab.rows_as_shown() if r.full_name == name)
    tab.select_ids({row.id})
    seen = {}

    def answer(dialog):
        fill(dialog)
        dialog.validate()
        seen.update(problems=dialog.problems.text(), hints=dialog.hints.text(), ok=dialog.ok.isEnabled(),
                    title=dialog.year_box.title())
        return dialog if dialog.ok.isEnabled() else None

    tab.page.open_dialog = answer
    tab.edit()
    return seen


def shown(tab, name: str) -> dict[str, str]:
    index = next(r for r in range(tab.proxy.rowCount()) if tab.proxy.row_at(tab.proxy.index(r, 0)).full_name == name)
    headers = [tab.proxy.headerData(c, Qt.Orientation.Horizontal)
               for c in range(tab.proxy.columnCount())]
    return {h: tab.proxy.index(index, c).data() for c, h in enumerate(headers)}


def test_raising_the_rating_on_the_form_makes_the_person_eligible(people, app):
    long_id = people.ward["Phạm Văn Long"]  # rated HTNV: not enough for "Lao động tiên tiến"
    nomination = nominate(app, long_id, "LDTT")
    before, why = verdict(app, nomination)
    assert not before.may_proceed and "chưa đạt “Hoàn thành tốt nhiệm vụ” trở lên" in why
    seen = edit(people, "Phạm Văn Long", lambda d: d.rating.setCurrentIndex(d.rating.findData("HTTNV")))
    assert seen["ok"] and seen["title"] == f"Xếp loại, kỷ luật năm {people.year}"
    after, _ = verdict(app, nomination)
    assert after.may_proceed
    assert shown(people, "Phạm Văn Long")[f"Xếp loại {people.year}"] == "HTTNV"
    with app.db.read() as s:
        entry = s.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        assert entry.reason == "Sửa cá nhân Phạm Văn Long"


def test_a_discipline_with_its_decision_blocks_the_title_and_shows_in_the_list(people, app):
    thu = people.ward["Lê Thị Thu"]  # HTTNV, no discipline: may be "Lao động tiên tiến"
    nomination = nominate(app, thu, "LDTT")
    assert verdict(app, nomination)[0].may_proceed

    def discipline(dialog):
        dialog.discipline.setCurrentIndex(dialog.discipline.findData("canh_cao"))
        assert dialog.decision.isEnabled()
        dialog.validate()
        assert "Nên ghi số, ngày của quyết định kỷ luật." in dialog.hints.text()
        dialog.decision.setText("  15/QĐ-UBND   ngày 02/4/2026 ")

    seen = edit(people, "Lê Thị Thu", discipline)
    assert seen["ok"] and not seen["hints"]
    after, why = verdict(app, nomination)
    assert not after.may_proceed and "bị kỷ luật cảnh cáo" in why.lower()
    assert shown(people, "Lê Thị Thu")[f"Kỷ luật {people.year}"] == "Cảnh cáo"
    with app.db.read() as s:
        year = s.scalar(select(PersonYear).where(PersonYear.person_id == thu))
        assert (year.discipline, year.note, year.rating) == ("canh_cao", "15/QĐ-UBND ngày 02/4/2026", "HTTNV")
    # lifted: back to none, the decision text goes with it, the title is open again
    seen = edit(people, "Lê Thị Thu", lambda d: d.discipline.setCurrentIndex(0))
    assert seen["ok"]
    assert verdict(app, nomination)[0].may_proceed
    with app.db.read() as s:
        year = s.scalar(select(PersonYear).where(PersonYear.person_id == thu))
        assert (year.discipline, year.note) == ("", "")


def test_under_review_on_the_form_blocks_and_an_unknown_level_is_refused_in_vietnamese(people, app):
    hoa = people.ward["Nguyễn Thị Hoa"]
    nomination = nominate(app, hoa, "LDTT")
    assert verdict(app, nomination)[0].may_proceed
    edit(people, "Nguyễn Thị Hoa", lambda d: d.under_review.setChecked(True))
    after, why = verdict(app, nomination)
    assert not after.may_proceed and "xem xét kỷ luật" in why
    with app.db.read() as s:
        before = s.scalar(select(PersonYear.rating).where(PersonYear.person_id == hoa))
        fields = people_service.person_fields(s, hoa)
    with pytest.raises(UserError, match="Mức xếp loại “XUATSAC” không có"):
        with app.db.transaction(actor="kiểm thử") as s:
            standing.save_person_with_standing(s, fields, hoa, standing.YearStanding(rating="XUATSAC"))
    with app.db.read() as s:
        assert s.scalar(select(PersonYear.rating).where(PersonYear.person_id == hoa)) == before
    assert standing.YearStanding(decision="12/QĐ").problems() == [
        "Đã ghi quyết định kỷ luật nhưng chưa chọn hình thức kỷ luật."]
