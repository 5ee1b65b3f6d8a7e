"""The unit's and the person's card shows the award history of every year (issue 18, item 2),
a unit's predecessors included."""
from __future__ import annotations

from PySide6.QtWidgets import QLabel, QListWidget

from thidua_desktop.cli import main as cli
from thidua_desktop.gui.context import GuiContext
from thidua_desktop.gui.main_window import MainWindow
from thidua_desktop.services.app import open_app

from test_units_page import select_rows


def _cards(qtbot, db_path):
    opened = open_app(db_path, actor="văn thư")
    window = MainWindow(GuiContext(opened, actor="văn thư"))
    qtbot.addWidget(window)
    window.show()
    page = window.show_page("units")
    shown = []
    page.open_dialog = lambda form: shown.append(form) or None
    page.tell = lambda title, text: (_ for _ in ()).throw(AssertionError(text))
    return opened, page, shown


def test_cards_list_every_year_s_awards_with_the_predecessors(qtbot, tmp_path):
    db = tmp_path / "phường.db"
    assert cli(["--db", str(db), "init", "--demo"]) == 0
    assert cli(["--db", str(db), "history", "add", "--unit", "Trường THCS Hùng Vương", "--title", "TTLDTT",
                "--year", "2025", "--decision", "97/QĐ-UBND", "--date", "18/12/2025"]) == 0
    assert cli(["--db", str(db), "units", "lineage", "add", "Trường THCS Bạch Đằng", "--from",
                "Trường THCS Hùng Vương", "--kind", "merged"]) == 0
    opened, page, shown = _cards(qtbot, db)
    try:
        select_rows(page.units, {"Trường THCS Bạch Đằng"})
        page.units.edit()
        lines = [shown[0].dialog.findChild(QListWidget, "historyList").item(i).text()
                 for i in range(shown[0].dialog.findChild(QListWidget, "historyList").count())]
        assert any(line.startswith("2025: Tập thể lao động tiên tiến — Cấp phường, Quyết định số 97/QĐ-UBND ngày "
                                   "18/12/2025 (khi là Trường THCS Hùng Vương)") for line in lines), lines
        page.tabs.setCurrentWidget(page.people)
        select_rows(page.people, {"Bùi Thị Chi"})
        page.people.edit()
        person = shown[1].dialog.findChild(QListWidget, "historyList")
        assert person is not None and any("2026: Chiến sĩ thi đua cơ sở" in person.item(i).text()
                                          for i in range(person.count()))
    finally:
        opened.close()


def test_a_card_without_awards_says_where_they_would_come_from(qtbot, tmp_path):
    db = tmp_path / "phường.db"
    assert cli(["--db", str(db), "init", "--demo"]) == 0
    opened, page, shown = _cards(qtbot, db)
    try:
        select_rows(page.units, {"Hội Nông dân phường"})  # did not report: no award in the demo
        page.units.edit()
    finally:
        opened.close()
    history = shown[0].dialog.findChild(QListWidget, "historyList")
    words = " ".join(label.text() for label in shown[0].dialog.findChildren(QLabel))
    assert history is None and "Chưa có khen thưởng nào được ghi" in words
