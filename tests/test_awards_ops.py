"""The catalogue tab and the scoring page write through ``gui/operations``: a change
is one audited transaction with its reason; a failing one is shown once and leaves
the database exactly as it was. The ranking is computed in a worker."""
from __future__ import annotations

import sqlite3

import pytest

from awards_helpers import make_ward, wait_ranked
from thidua_desktop.gui import operations as ops
from thidua_desktop.gui.awards import catalogue_tab
from thidua_desktop.gui.context import GuiContext
from thidua_desktop.gui.main_window import MainWindow
from thidua_desktop.gui.pages import scoring as scoring_page
from thidua_desktop.services.awards import scoring

TABLES = ("award_title", "setting", "scorecard", "criterion", "score_adjustment", "audit_entry")


def snapshot(path) -> dict[str, list[tuple]]:
    with sqlite3.connect(path) as con:
        return {t: con.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in TABLES}


def last_audit(path, entity: str) -> tuple:
    with sqlite3.connect(path) as con:
        return con.execute("SELECT action, actor, reason FROM audit_entry WHERE entity = ? ORDER BY id DESC LIMIT 1",
                           (entity,)).fetchone()


@pytest.fixture
def window(qtbot, app, monkeypatch):
    make_ward(app.db)
    win = MainWindow(GuiContext(app, actor="kiểm thử"))
    qtbot.addWidget(win)
    win.show()
    win.shown_errors = []
    monkeypatch.setattr(ops, "show_error", lambda parent, exc, title: win.shown_errors.append((title, str(exc))))
    return win


@pytest.fixture
def catalogue(window):
    page = window.show_page("awards")
    page.tabs.setCurrentWidget(page.catalogue)
    return page.catalogue


def _select_title(tab, code: str) -> None:
    row = next(r for r in range(tab.titles.rowCount()) if tab.titles.row_at(r).code == code)
    tab.title_view.selectRow(row)


def _title_dialog(monkeypatch, **edits) -> None:
    class Edited(catalogue_tab.TitleDialog):
        def exec(self):
            for name, text in edits.items():
                getattr(self, name).setText(text)
            return True

    monkeypatch.setattr(catalogue_tab, "TitleDialog", Edited)


def test_a_title_changed_in_the_catalogue_tab_is_audited_with_its_reason(catalogue, app, monkeypatch):
    _title_dialog(monkeypatch, quota="30")
    _select_title(catalogue, "GK")
    catalogue._edit_title()
    assert catalogue.window().shown_errors == []
    assert last_audit(app.db.path, "award_title") == ("update", "kiểm thử", "Danh mục khen thưởng: GK")
    gk = next(t for t in catalogue.titles.rows() if t.code == "GK")  # the tab reloaded
    assert gk.quota == 30


def test_a_refused_title_change_is_shown_once_and_writes_nothing(catalogue, app, monkeypatch):
    before = snapshot(app.db.path)
    _title_dialog(monkeypatch, code="LDTT", quota="30")
    _select_title(catalogue, "GK")
    catalogue._edit_title()
    assert catalogue.window().shown_errors == [
        ("Không lưu được danh hiệu", "Đã có danh hiệu mã “LDTT” (Lao động tiên tiến).")]
    assert snapshot(app.db.path) == before


def test_a_rule_changed_in_the_catalogue_tab_is_audited(catalogue, app, monkeypatch):
    class Off(catalogue_tab.RuleDialog):
        def exec(self):
            self.mode.setCurrentIndex(self.mode.findData("off"))
            return True

    monkeypatch.setattr(catalogue_tab, "RuleDialog", Off)
    row = next(r for r in range(catalogue.rules.rowCount()) if catalogue.rules.row_at(r).rule.key == "summary")
    catalogue.rule_view.selectRow(row)
    catalogue._rule()
    assert last_audit(app.db.path, "setting") == ("insert", "kiểm thử", "Quy định điều kiện: Có tóm tắt thành tích")
    assert catalogue.rules.row_at(row).mode.value == "off"


@pytest.fixture
def ranking(window, qtbot):
    page = window.show_page("scoring")
    assert page.loading is not None  # the ranking is computed in a worker, not on the GUI thread
    wait_ranked(qtbot, page)
    return page


def test_an_adjustment_removed_from_the_page_is_audited_with_the_reason_given(ranking, app, qtbot, monkeypatch):
    with app.db.transaction(actor="kiểm thử") as s:
        from thidua_desktop.services.awards import scorecards

        unit = scorecards.unit_id(s, "Tổ dân phố số 2")
        scorecards.adjust(s, unit, -1.5, "Nộp báo cáo sai mẫu")
    ranking.refresh()
    wait_ranked(qtbot, ranking)
    ranking.select_unit("Tổ dân phố số 2")
    assert "Nộp báo cáo sai mẫu" in ranking.explain.toPlainText()
    monkeypatch.setattr(scoring_page.QInputDialog, "getItem",
                        lambda parent, title, label, items, *a: (items[0], True))
    monkeypatch.setattr(scoring_page, "ask_reason", lambda parent, title, text: "Nhập nhầm đơn vị")
    ranking.remove_adjustment()
    assert last_audit(app.db.path, "score_adjustment") == ("delete", "kiểm thử", "Nhập nhầm đơn vị")
    wait_ranked(qtbot, ranking)  # the change announced "scoring": the page ranks again
    ranking.select_unit("Tổ dân phố số 2")
    assert "Nộp báo cáo sai mẫu" not in ranking.explain.toPlainText()
    assert ranking.window().shown_errors == []


def test_a_refused_scorecard_is_shown_once_and_writes_nothing(ranking, app, monkeypatch):
    class Duplicate(scoring_page.ScorecardDialog):
        def exec(self):
            self._new(scoring.sc.Role.BONUS)
            self.table.item(self.table.rowCount() - 1, 0).setText("1")  # the code of a scored criterion
            return True

    monkeypatch.setattr(scoring_page, "ScorecardDialog", Duplicate)
    before = snapshot(app.db.path)
    ranking.edit_scorecard()
    assert ranking.window().shown_errors == [
        ("Không lưu được bảng điểm", "Không lưu được bảng điểm:\nMã tiêu chí “1” trùng.")]
    assert snapshot(app.db.path) == before
    assert ranking.loading is None  # nothing announced: no new ranking
