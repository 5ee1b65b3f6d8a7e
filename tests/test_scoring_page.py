"""The scoring page: rankings with the provisional marker, explanations, the scorecard editor."""
from __future__ import annotations

import pytest

from awards_helpers import make_ward, wait_ranked
from thidua_desktop.gui.awards import scorecard as scorecard_gui
from thidua_desktop.gui.context import GuiContext
from thidua_desktop.gui.main_window import MainWindow
from thidua_desktop.gui.pages import scoring as scoring_page
from thidua_desktop.services import plan
from thidua_desktop.services.awards import scoring


@pytest.fixture
def page(qtbot, app):
    make_ward(app.db)
    win = MainWindow(GuiContext(app, actor="kiểm thử"))
    qtbot.addWidget(win)
    win.show()
    page = win.show_page("scoring")
    wait_ranked(qtbot, page)
    return page


def test_ranking_shows_provisional_marker_chain_and_explanation(page):
    assert page.block.currentText() == "Khối tổ dân phố (tạm thời)"
    assert "XẾP HẠNG TẠM THỜI" in page.status.text() and "Tổ dân phố số 4" in page.status.text()
    assert "1. Nhiều chỉ tiêu vượt kế hoạch hơn" in page.chain.text()
    names = [page.proxy.row_at(page.proxy.index(r, 0)).name for r in range(page.proxy.rowCount())]
    assert names == ["Tổ dân phố số 1", "Tổ dân phố số 2", "Tổ dân phố số 3", "Tổ dân phố số 4"]
    page.select_unit("Tổ dân phố số 3")
    text = page.explain.toPlainText()
    assert "Tổng: 66,65 điểm tiêu chí" in text and "trễ 4 ngày" in text
    page.select_unit("Tổ dân phố số 4")
    assert "chưa báo cáo" in page.explain.toPlainText()
    page.block.setCurrentIndex(page.block.count() - 1)  # the whole ward
    assert page.proxy.rowCount() == 7 and not page.card_button.isEnabled()
    page.search.setText("truong")
    assert page.proxy.rowCount() == 3


def test_scorecard_editor_saves_points_roles_and_bands(page, monkeypatch, app, qtbot):
    class Edited(scorecard_gui.ScorecardDialog):
        def exec(self):
            self.validate()
            assert "Tổng điểm chuẩn: 100/100" in self.sum_label.text()
            self.table.item(0, 4).setText("50")
            self.table.item(1, 4).setText("30")
            self.table.item(2, 4).setText("20")
            self._new(scoring.sc.Role.BONUS)
            self.table.item(3, 1).setText("Mô hình hay được biểu dương")
            self.table.item(3, 4).setText("3")
            self.bonus_cap.setText("5")
            self.scale.setCurrentIndex(1)  # 1.000 points: every figure ×10
            assert self.table.item(0, 4).text() == "500" and self.bonus_cap.text() == "50"
            assert not self.validate()
            return True

    monkeypatch.setattr(scoring_page, "ScorecardDialog", Edited)
    page.edit_scorecard()
    wait_ranked(qtbot, page)
    with app.db.read() as s:
        block = next(b for b in scoring.rankings(s, plan.current_campaign(s)).blocks
                     if b.card.block_name == "Khối tổ dân phố")
    card = block.card
    assert card.saved and card.card.scale == 1000 and card.card.bonus_cap == 50
    assert [(c.code, c.max_points, c.role.value) for c in card.card.criteria] == [
        ("1", 500, "score"), ("2", 300, "score"), ("3", 200, "score"), ("T1", 30, "bonus")]
    assert [b.minimum for b in card.card.bands] == [900, 700, 500]
    assert "thang 1.000 điểm" in page.status.text()


def test_adjustment_added_from_the_page(page, monkeypatch, app, qtbot):
    class Filled(scorecard_gui.AdjustmentDialog):
        def exec(self):
            self.points.setText("-1,5")
            self.reason.setPlainText("Nộp báo cáo sai mẫu")
            return not self.validate()

    monkeypatch.setattr(scoring_page, "AdjustmentDialog", Filled)
    page.select_unit("Tổ dân phố số 2")
    page.add_adjustment()
    wait_ranked(qtbot, page)
    page.select_unit("Tổ dân phố số 2")
    assert "Nộp báo cáo sai mẫu" in page.explain.toPlainText()
    assert "−1,5 điểm trừ" in page.explain.toPlainText() or "1,5 điểm trừ" in page.explain.toPlainText()


def test_rankings_are_exported_to_excel_from_the_page(page, qtbot, tmp_path, monkeypatch):
    import openpyxl
    from PySide6.QtWidgets import QMessageBox

    told = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: told.append(text))
    path = tmp_path / "xếp hạng.xlsx"
    operation = page.export_xlsx(path)
    with qtbot.waitSignal(operation.finished, timeout=30_000):
        pass
    assert "khối còn xếp hạng tạm thời" in told[0] and str(path) in told[0]
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames[0] == "Toàn phường" and "Khối tổ dân phố" in wb.sheetnames
    names = [c.value for c in wb["Khối tổ dân phố"]["B"][5:9]]
    assert names == ["Tổ dân phố số 1", "Tổ dân phố số 2", "Tổ dân phố số 3", "Tổ dân phố số 4"]
