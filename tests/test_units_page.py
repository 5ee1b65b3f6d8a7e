"""The units, blocks, people and registrations page, driven like a clerk would."""
from __future__ import annotations

import random

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QDialogButtonBox
from sqlalchemy import func, select

from registry_helpers import counts, write_xlsx
from thidua_desktop.domain.text import person_sort_key
from thidua_desktop.gui.context import GuiContext
from thidua_desktop.gui.first_run import DEMO, FirstRunDialog, needs_first_run, offer_first_run
from thidua_desktop.gui.main_window import MainWindow
from thidua_desktop.gui.registry.dialogs import PersonDialog, RegistrationDialog
from thidua_desktop.gui.import_preview import ImportPreviewDialog
from thidua_desktop.services.registry import excel as rx
from thidua_desktop.services import plan
from thidua_desktop.services.demo import SEED
from thidua_desktop.services.demo import registry as registry_step
from thidua_desktop.services.progress import no_progress
from thidua_desktop.services.xlsx.importing import Outcome
from thidua_desktop.storage.models import BlockMembership, Person, Registration, Unit


@pytest.fixture
def demo(app):
    """The demo ward's participants only (later demo steps belong to other areas)."""
    with app.db.transaction(reason="dữ liệu mẫu") as session:
        registry_step.populate(session, plan.current_campaign(session), random.Random(SEED), no_progress)
    return app


class Clerk:
    """Answers the page's questions and keeps what it was told."""

    def __init__(self, page):
        self.told: list[str] = []
        self.asked: list[str] = []
        self.answer = True
        self.fill = None  # what to do in the next dialog, returns True to save
        self.review = None
        page.tell = lambda title, text: self.told.append(text)
        page.confirm = self._confirm
        page.open_dialog = self._dialog
        page.review_import = self._review

    def _confirm(self, title, text):
        self.asked.append(text)
        return self.answer

    def _dialog(self, dialog):
        dialog.validate()
        return dialog if self.fill is not None and self.fill(dialog) and dialog.ok.isEnabled() else None

    def _review(self, preview):
        self.review = preview
        return self.answer


@pytest.fixture
def page(qtbot, demo):
    window = MainWindow(GuiContext(demo, actor="kiểm thử"))
    qtbot.addWidget(window)
    window.show()
    page = window.show_page("units")
    page.clerk = Clerk(page)
    return page


def names(tab):
    return [r.name if hasattr(r, "name") else r.unit_name for r in tab.shown_rows()]


def select_rows(tab, wanted):
    selection = tab.view.selectionModel()
    selection.clearSelection()
    for r in range(tab.proxy.rowCount()):
        index = tab.proxy.index(r, 0)
        row = tab.proxy.row_at(index)
        name = getattr(row, "name", None) or getattr(row, "full_name", None) or getattr(row, "unit_name", None)
        if name in wanted:
            selection.select(index, QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows)


def test_units_in_vietnamese_order_with_search_and_counts(page):
    tab = page.units
    shown = names(tab)
    assert len(shown) == 40 and tab.count.text().startswith("Hiển thị 40 / 40 đơn vị")
    assert shown.index("Công ty TNHH May mặc Hải Thành") < shown.index("Đoàn Thanh niên Cộng sản Hồ Chí Minh phường") \
        < shown.index("Hội Chữ thập đỏ phường")  # đ after d, before h
    assert shown.index("Tổ dân phố số 2") < shown.index("Tổ dân phố số 10")  # numbers by value
    tab.search.setText("to dan pho")
    assert len(names(tab)) == 14 and "Hiển thị 14 / 40 đơn vị" in tab.count.text()
    tab.search.setText("TRUONG hoc bach dang")
    assert set(names(tab)) == {"Trường Mầm non Bạch Đằng", "Trường Tiểu học Bạch Đằng", "Trường THCS Bạch Đằng"}
    tab.search.clear()
    tab.view.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert names(tab)[:2] == ["Văn phòng HĐND và UBND phường", "Ủy ban MTTQ Việt Nam phường Bạch Đằng"]  # u < v


def test_quick_filters_by_block_and_kind(page):
    tab = page.units
    tab.filters["block"].setCurrentText("Khối trường học")
    assert len(names(tab)) == 5 and all(n.startswith("Trường") for n in names(tab))
    tab.filters["block"].setCurrentText("Chưa xếp khối")
    assert names(tab) == ["Quỹ tín dụng nhân dân Bạch Đằng"]
    tab.filters["block"].setCurrentText("Tất cả các khối")
    tab.filters["kind"].setCurrentText("Mặt trận, đoàn thể")
    assert len(names(tab)) == 7 and "Hiển thị 7 / 40" in tab.count.text()


def test_people_sorted_by_given_name_and_leader_share(page):
    page.tabs.setCurrentWidget(page.people)
    tab = page.people
    people = [r.full_name for r in tab.shown_rows()]
    assert len(people) == 150 and people == sorted(people, key=person_sort_key)
    assert "lãnh đạo, quản lý:" in tab.count.text()
    tab.filters["unit"].setCurrentText("Trạm Y tế phường")
    assert len(tab.shown_rows()) == 6
    tab.filters["leader"].setCurrentText("Lãnh đạo, quản lý")
    assert {r.position for r in tab.shown_rows()} == {"Trạm trưởng", "Phó Trạm trưởng"}
    assert "lãnh đạo, quản lý: 2 (100%)" in tab.count.text()


def test_add_unit_validates_as_you_type(page, app):
    clerk = page.clerk
    seen = {}

    def fill(dialog):
        dialog.name.setText("  tổ dân phố  SỐ 1 ")
        seen["duplicate"] = (dialog.ok.isEnabled(), dialog.problems.text())
        dialog.name.setText("To dan pho so 1")
        seen["no accents"] = (dialog.ok.isEnabled(), dialog.problems.text())
        dialog.name.setText("Tổ dân phố số 15")
        seen["kind"] = dialog.kind.currentData()
        dialog.phone.setText("không có")
        seen["phone"] = (dialog.ok.isEnabled(), dialog.problems.text())
        dialog.phone.setText("0912 345 678")
        dialog.staff.setValue(10)
        dialog.female.setValue(12)
        seen["staff"] = (dialog.ok.isEnabled(), dialog.problems.text())
        dialog.female.setValue(6)
        dialog.block.setCurrentText("Khối tổ dân phố")
        return True

    clerk.fill = fill
    page.units.add()
    assert seen["duplicate"] == (False, "Đã có đơn vị “Tổ dân phố số 1” (trùng tên).")
    assert not seen["no accents"][0] and "chỉ khác dấu" in seen["no accents"][1]
    assert seen["kind"] == "to_dan_pho"
    assert not seen["phone"][0] and "không có" in seen["phone"][1]
    assert not seen["staff"][0] and "Số nữ (12) nhiều hơn" in seen["staff"][1]
    added = [r for r in page.units.model.rows() if r.name == "Tổ dân phố số 15"]
    assert added and added[0].block_name == "Khối tổ dân phố" and added[0].phone == "0912 345 678"
    assert "Đã thêm “Tổ dân phố số 15”" in page.units.status.text()


def test_delete_explains_what_depends_on_a_unit(page, app):
    clerk = page.clerk
    select_rows(page.units, {"Trạm Y tế phường"})
    before = counts(app.db)
    page.units.delete()
    assert "Không xóa được đơn vị “Trạm Y tế phường”" in clerk.told[-1]
    assert "6 cá nhân thuộc đơn vị" in clerk.told[-1] and "bỏ chọn “Đang hoạt động”" in clerk.told[-1]
    assert counts(app.db) == before
    with app.db.transaction() as session:  # a unit whose people moved away: only links remain
        unit_id = session.scalar(select(Unit.id).where(Unit.name == "Tổ dân phố số 7"))
        for person in session.scalars(select(Person).where(Person.unit_id == unit_id)):
            session.delete(person)
    page.refresh()
    select_rows(page.units, {"Tổ dân phố số 7"})
    clerk.answer = False
    page.units.delete()
    assert "vị trí trong “Khối tổ dân phố” năm 2026" in clerk.asked[-1]
    assert "vai trò phó khối của “Khối tổ dân phố”" in clerk.asked[-1]
    assert "bản đăng ký thi đua" in clerk.asked[-1]
    clerk.answer = True
    page.units.delete()
    with app.db.read() as session:
        assert session.scalar(select(func.count(Unit.id)).where(Unit.name == "Tổ dân phố số 7")) == 0
        assert session.scalar(select(func.count(Registration.id)).where(Registration.unit_id == unit_id)) == 0
    assert "Tổ dân phố số 7" not in names(page.units)


def test_many_units_put_in_a_block_at_once(page, app):
    clerk = page.clerk
    select_rows(page.units, {"Tổ dân phố số 1", "Tổ dân phố số 2", "Tổ dân phố số 3", "Quỹ tín dụng nhân dân Bạch Đằng"})
    assert len(page.units.selected()) == 4
    seen = {}

    def fill(dialog):
        seen["hint"] = dialog.hints.text()
        dialog.block.setCurrentText("Khối doanh nghiệp")
        return True

    clerk.fill = fill
    page.units.assign_block()
    assert "Tổ dân phố số 3 (trưởng khối Khối tổ dân phố)" in seen["hint"]
    moved = {r.name: r.block_name for r in page.units.model.rows()}
    assert {moved[n] for n in ("Tổ dân phố số 1", "Tổ dân phố số 2", "Tổ dân phố số 3",
                               "Quỹ tín dụng nhân dân Bạch Đằng")} == {"Khối doanh nghiệp"}
    assert "Đã xếp 4 đơn vị vào “Khối doanh nghiệp”" in page.units.status.text()
    assert "Khối tổ dân phố" in page.units.status.text()  # must choose its leader again
    with app.db.read() as session:
        assert session.scalar(select(func.count(BlockMembership.id))) == 40


def test_block_dialog_changes_members_and_leader(page, app):
    page.tabs.setCurrentWidget(page.blocks)
    select_rows(page.blocks, {"Khối trường học"})
    seen = {}

    def fill(dialog):
        ids = set(dialog.member_ids())
        extra = next(dialog.members.item(i) for i in range(dialog.members.count())
                     if dialog.members.item(i).text().startswith("Hội Chữ thập đỏ phường"))
        seen["where"] = extra.text()
        extra.setCheckState(Qt.CheckState.Checked)
        dialog.deputy.setCurrentText(dialog.leader.currentText())
        seen["same"] = (dialog.ok.isEnabled(), dialog.problems.text())
        dialog.deputy.setCurrentText("Hội Chữ thập đỏ phường")
        seen["count"] = len(ids) + 1
        return True

    page.clerk.fill = fill
    page.blocks.edit()
    assert "đang ở “Khối Mặt trận Tổ quốc và các đoàn thể”" in seen["where"]
    assert seen["same"] == (False, "Trưởng khối và phó khối phải là hai đơn vị khác nhau.")
    row = next(r for r in page.blocks.model.rows() if r.name == "Khối trường học")
    assert (row.member_count, row.leader_name, row.deputy_name) == (6, "Trường THCS Bạch Đằng", "Hội Chữ thập đỏ phường")


def test_person_dialog_flags_duplicates_and_hints(qtbot, page):
    page.tabs.setCurrentWidget(page.people)
    tab = page.people
    units = tab._units()
    tram = next(uid for uid, name in units if name == "Trạm Y tế phường")
    dialog = PersonDialog(page, units, tab._duplicate)
    qtbot.addWidget(dialog.dialog)
    existing = next(r for r in tab.model.rows() if r.unit_name == "Trạm Y tế phường")
    dialog.full_name.setText(existing.full_name.upper())
    dialog.unit.setCurrentText("tram y te phuong")
    assert dialog.unit_id() == tram
    if existing.birth_date:
        dialog.birth.setText(existing.birth_date.strftime("%d/%m/%Y"))
    dialog.validate()
    assert not dialog.ok.isEnabled() and "Đơn vị đã có" in dialog.problems.text()
    dialog.full_name.setText("Nguyễn Văn Mới")
    dialog.gender.setCurrentText("Nữ")
    dialog.birth.setText("31/02/1990")
    assert not dialog.ok.isEnabled() and "không phải là ngày có thật" in dialog.problems.text()
    dialog.birth.setText("1990")
    dialog.position.setText("Phó Trạm trưởng")
    assert dialog.ok.isEnabled() and dialog.is_leader.isChecked()
    assert "thường là của nam" in dialog.hints.text()


def test_registration_checks_titles_against_unit_kinds(qtbot, page):
    dialog = RegistrationDialog(page, [("Tổ dân phố số 1", "to_dan_pho"), ("Trạm Y tế phường", "don_vi_su_nghiep")],
                                2026)
    qtbot.addWidget(dialog.dialog)
    assert not dialog.boxes["TDPVH"].isEnabled() and not dialog.boxes["TTLDTT"].isEnabled()
    dialog.validate()
    assert not dialog.ok.isEnabled()
    dialog.boxes["GK"].setChecked(True)
    assert dialog.ok.isEnabled()
    single = RegistrationDialog(page, [("Trạm Y tế phường", "don_vi_su_nghiep")], 2026)
    qtbot.addWidget(single.dialog)
    single.boxes["TTLDTT"].setChecked(True)
    single.boxes["TTLDXS"].setChecked(True)
    assert not single.ok.isEnabled() and "Chỉ đăng ký một trong hai" in single.problems.text()


def test_register_many_units_at_once(page, app):
    page.tabs.setCurrentWidget(page.registrations)
    tab = page.registrations
    tab.filters["state"].setCurrentText("Chưa đăng ký")
    waiting = [r.unit_name for r in tab.shown_rows()]
    assert len(waiting) == 6
    tdps = {n for n in waiting if n.startswith("Tổ dân phố")}
    select_rows(tab, tdps)

    def fill(dialog):
        dialog.boxes["TDPVH"].setChecked(True)
        return True

    page.clerk.fill = fill
    tab.edit()
    assert len(tab.shown_rows()) == 6 - len(tdps)
    with app.db.read() as session:
        assert session.scalar(select(func.count(Registration.id))) == 34 + len(tdps)


def test_import_is_previewed_then_written(qtbot, page, app, tmp_path):
    path = write_xlsx(tmp_path / "đơn vị mới.xlsx", [["Tên đơn vị", "Khối thi đua", "Điện thoại"],
                                                      ["Tổ dân phố số 15", "Khối tổ dân phố", 912000111],
                                                      ["TRẠM Y TẾ PHƯỜNG", None, "0225 3999 999"]])
    clerk = page.clerk
    page.import_units(path)
    qtbot.waitUntil(lambda: "Đã nhập tệp" in page.units.status.text(), timeout=20000)
    assert [r.outcome for r in clerk.review.rows] == [Outcome.NEW, Outcome.UPDATE]
    assert "Tổ dân phố số 15" in names(page.units)
    bad = write_xlsx(tmp_path / "lỗi.xlsx", [["Tên đơn vị"], ["Hội A"], ["hội a"]])
    before = counts(app.db)
    page.import_units(bad)
    qtbot.waitUntil(lambda: "1 dòng lỗi; chưa nhập gì" in page.units.status.text(), timeout=20000)
    assert clerk.review.path == bad and not clerk.review.ok and counts(app.db) == before


def test_import_preview_dialog_lists_every_row_and_blocks_errors(qtbot, app, tmp_path):
    path = write_xlsx(tmp_path / "xem trước.xlsx", [["Tên đơn vị", "Số cán bộ"], ["Hội A", 5], ["Hội B", "nhiều"],
                                                     ["Hội C", 3]])
    preview = rx.preview_units_import(app.db, path)
    dialog = ImportPreviewDialog(None, preview)
    qtbot.addWidget(dialog.dialog)
    dialog.validate()
    assert not dialog.ok.isEnabled() and "1 dòng lỗi" in dialog.summary.text()
    assert [r.row for r in dialog.shown()] == [3]  # errors shown first
    dialog.filter.setCurrentIndex(0)
    assert len(dialog.shown()) == 3 and dialog.count.text() == "Hiển thị 3 / 3 dòng"
    good = write_xlsx(tmp_path / "tốt.xlsx", [["Tên đơn vị"], ["Hội A"]])
    dialog = ImportPreviewDialog(None, rx.preview_units_import(app.db, good))
    qtbot.addWidget(dialog.dialog)
    dialog.validate()
    assert dialog.ok.isEnabled() and dialog.ok.text() == "Nhập vào"
    assert dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).text() == "Đóng"


def test_export_and_template_from_the_page(qtbot, page, tmp_path):
    out = tmp_path / "xuất đơn vị.xlsx"
    page.export_units(out)
    qtbot.waitUntil(lambda: out.exists() and "Đã lưu tệp" in page.units.status.text(), timeout=20000)
    assert "(40 đơn vị)" in page.units.status.text()
    template = tmp_path / "mẫu cá nhân.xlsx"
    page.people_template(template)
    qtbot.waitUntil(lambda: template.exists(), timeout=20000)


def test_first_run_offers_the_demo(qtbot, app):
    ctx = GuiContext(app, actor="kiểm thử")
    assert needs_first_run(ctx)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    dialog = FirstRunDialog(window, "Phường Bạch Đằng")
    qtbot.addWidget(dialog.dialog)
    assert dialog.demo_button.text() == "Dùng dữ liệu mẫu để thử"
    assert dialog.empty_button.text() == "Bắt đầu với dữ liệu trống"
    offer_first_run(window, ask=lambda w: DEMO)
    qtbot.waitUntil(lambda: hasattr(window, "first_run_operation"), timeout=5000)
    qtbot.waitUntil(lambda: not needs_first_run(ctx), timeout=60000)
    page = window.show_page("units")
    qtbot.waitUntil(lambda: len(page.units.model.rows()) == 40, timeout=20000)
