"""Any list printed directly (issue 16, item 15): units, people, blocks and the results'
reporting status under the nomination list's heading and page setup, from the window
(print preview, PDF) and from the command line (``--pdf``), one service and one drawer."""
from __future__ import annotations

import re
import subprocess

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from thidua_desktop.cli import main as cli_main
from thidua_desktop.gui.context import GuiContext
from thidua_desktop.gui.main_window import MainWindow
from thidua_desktop.services.app import open_app

HEADING = ("ỦY BAN NHÂN DÂN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")


def pdf_text(path, page: int | None = None) -> str:
    """The PDF's words, whitespace made single (a cell's text may wrap)."""
    pages = ["-f", str(page), "-l", str(page)] if page else []
    out = subprocess.run(["pdftotext", *pages, str(path), "-"], capture_output=True, text=True, check=True).stdout
    return re.sub(r"\s+", " ", out)


def pages_of(path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))


@pytest.fixture
def window(qtbot, demo_copy, monkeypatch):
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    app = open_app(demo_copy, actor="kiểm thử")
    win = MainWindow(GuiContext(app, actor="kiểm thử"))
    qtbot.addWidget(win)
    win.show()
    yield win
    app.close()


@pytest.fixture
def previewed(monkeypatch, tmp_path):
    """The print preview replaced by drawing on a PDF printer: what the preview would show."""
    from PySide6.QtPrintSupport import QPrinter

    drawn = {}

    def draw_to_pdf(parent, title, draw, landscape=True):
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(tmp_path / "preview.pdf"))
        draw(printer)
        drawn.update(title=title, path=tmp_path / "preview.pdf")

    monkeypatch.setattr("thidua_desktop.gui.awards.printing.print_preview", draw_to_pdf)
    return drawn


def data_rows(listing) -> list[dict[str, str]]:
    return [row.values for section in listing.sections for group in section.groups for row in group.rows]


def save_pdf(qtbot, actions, path) -> str:
    actions.save_pdf(path)
    qtbot.waitUntil(lambda: path.exists(), timeout=30000)
    return pdf_text(path)


def test_units_list_prints_the_rows_shown_under_the_ward_heading(window, previewed):
    tab = window.show_page("units").units
    tab.search.setText("to dan pho")
    shown = [r.name for r in tab.rows_as_shown()]
    assert len(shown) == 14
    tab.lists.print_action.trigger()
    assert previewed["title"] == "DANH SÁCH ĐƠN VỊ THAM GIA PHONG TRÀO THI ĐUA"
    text = pdf_text(previewed["path"])
    for words in HEADING + ("PHƯỜNG BẠCH ĐẰNG", "DANH SÁCH ĐƠN VỊ THAM GIA PHONG TRÀO THI ĐUA", "Tổng cộng: 14 đơn vị"):
        assert words in text
    for name in shown:
        assert name in text
    assert "Trạm Y tế phường" not in text  # a unit the search hid is not printed


def test_people_list_prints_only_the_filtered_rows_in_the_order_shown(window, qtbot, tmp_path):
    page = window.show_page("units")
    page.tabs.setCurrentWidget(page.people)
    tab = page.people
    tab.filters["unit"].setCurrentText("Trạm Y tế phường")
    tab.view.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    shown = [r.full_name for r in tab.rows_as_shown()]
    assert 1 < len(shown) < tab.model.rowCount()
    listing = tab.lists._listing()
    assert [v["name"] for v in data_rows(listing)] == shown and listing.count == len(shown)
    text = save_pdf(qtbot, tab.lists, tmp_path / "cá nhân trạm y tế.pdf")
    assert "DANH SÁCH CÁ NHÂN" in text and f"Tổng cộng: {len(shown)} người" in text
    positions = [text.index(name) for name in shown]
    assert positions == sorted(positions)  # printed in the order the clerk sorted
    others = [r.full_name for r in tab.model.rows() if r.full_name not in shown]
    assert not any(name in text for name in others if len(name) > 14)


def test_a_long_list_repeats_the_column_header_on_every_page(window, qtbot, tmp_path):
    page = window.show_page("units")
    page.tabs.setCurrentWidget(page.people)
    tab = page.people
    tab.filters["state"].setCurrentText("Tất cả")
    path = tmp_path / "mọi cá nhân.pdf"
    save_pdf(qtbot, tab.lists, path)
    pages = pages_of(path)
    assert pages >= 5
    for number in range(1, pages + 1):
        words = pdf_text(path, number)
        assert "Họ và tên" in words and "Xếp loại" in words and "Kỷ luật" in words, number
        if number > 1:
            assert words.strip().startswith(str(number))  # the page number, top centre, from page 2
    every = pdf_text(path)
    assert sum(1 for r in tab.rows_as_shown() if r.full_name in every) == tab.proxy.rowCount()


def test_blocks_list_prints_each_block(window, previewed):
    page = window.show_page("units")
    page.tabs.setCurrentWidget(page.blocks)
    tab = page.blocks
    assert tab.proxy.rowCount() == 5
    listing = tab.lists._listing()
    assert listing.count == 5 and listing.heading == "DANH SÁCH KHỐI THI ĐUA"
    tab.lists.print_action.trigger()
    text = pdf_text(previewed["path"])
    assert "Tổng cộng: 5 khối" in text
    assert all(" ".join(r.name.split()[:3]) in text for r in tab.rows_as_shown())  # a long name wraps in its cell


def test_results_reporting_status_prints_who_reported_and_who_is_late(window, previewed, qtbot):
    page = window.show_page("targets")
    page.tabs.setCurrentWidget(page.entry)
    entry = page.entry
    qtbot.waitUntil(lambda: entry.model.period_id is not None, timeout=20000)
    listing = entry.status_lists._listing()
    assert listing.heading == "TÌNH HÌNH BÁO CÁO KẾT QUẢ THỰC HIỆN CHỈ TIÊU" and listing.count == 40
    states = [v["state"] for v in data_rows(listing)]
    assert sum(s.startswith("Chưa báo cáo") for s in states) == 3  # the demo: 37/40 reported
    assert all(re.fullmatch(r"\d+/\d+", v["items"]) for v in data_rows(listing))
    entry.status_lists.print_action.trigger()
    text = pdf_text(previewed["path"])
    assert "TÌNH HÌNH BÁO CÁO KẾT QUẢ THỰC HIỆN CHỈ TIÊU" in text and "37/40 đơn vị đã báo cáo" in text
    assert all(words in text for words in HEADING)


def test_the_list_verbs_save_the_same_pdf(demo_copy, tmp_path, capsys):
    units = tmp_path / "đơn vị.pdf"
    assert cli_main(["--db", str(demo_copy), "units", "list", "--kind", "to dan pho", "--pdf", str(units)]) == 0
    assert "14 dòng" in capsys.readouterr().out
    text = pdf_text(units)
    assert "DANH SÁCH ĐƠN VỊ THAM GIA PHONG TRÀO THI ĐUA" in text and "Tổ dân phố số 10" in text
    assert "Trạm Y tế phường" not in text
    people = tmp_path / "cá nhân.pdf"
    assert cli_main(["--db", str(demo_copy), "people", "list", "--unit", "Trạm Y tế phường", "--pdf", str(people)]) == 0
    assert "9 dòng" in capsys.readouterr().out and "Tổng cộng: 9 người" in pdf_text(people)
    status = tmp_path / "tình hình.pdf"
    assert cli_main(["--db", str(demo_copy), "results", "status", "--pdf", str(status)]) == 0
    assert "40 dòng" in capsys.readouterr().out
    assert "37/40 đơn vị đã báo cáo" in pdf_text(status)
