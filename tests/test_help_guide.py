"""The user guide inside the app (issue 16, item 12): Trợ giúp › Hướng dẫn sử dụng, F1 on
each page opening its own section, every section and picture the guide refers to present,
the guide as a printable PDF, and no file the clerk already has overwritten unasked."""
from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMessageBox

from thidua_desktop.cli import main as cli_main
from thidua_desktop.domain.text import fold
from thidua_desktop.gui import help as guide_help
from thidua_desktop.gui.context import GuiContext
from thidua_desktop.gui.main_window import MainWindow
from thidua_desktop.gui.pages import PAGES
from thidua_desktop.printing import guide

MIN_PAGES = 15


@pytest.fixture
def window(qtbot, app):
    win = MainWindow(GuiContext(app, actor="kiểm thử"))
    qtbot.addWidget(win)
    win.show()
    win.open_initial_page()
    return win


def heading(section_id: str) -> str:
    return guide.section_path(section_id).read_text(encoding="utf-8").splitlines()[0].lstrip("# ").strip()


def shown_text(viewer) -> str:
    return viewer.browser.document().toPlainText()


def test_the_help_menu_opens_the_guide_at_its_contents(window):
    window.findChild(QAction, "guideAction").trigger()
    viewer = window.guide_window
    assert viewer.isVisible()
    assert viewer.current_section() == guide.CONTENTS
    assert "Mục lục" in shown_text(viewer)
    assert viewer.contents.count() == len(guide.sections()) + 1
    available = window.screen().availableGeometry()
    assert viewer.width() <= available.width() and viewer.height() <= available.height()


def test_f1_on_the_units_page_shows_the_units_section(window, qtbot):
    window.show_page("units")
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window.nav, Qt.Key.Key_F1)
    viewer = window.guide_window
    assert viewer.current_section() == "don-vi"
    assert shown_text(viewer).startswith("Trang Đơn vị, khối, cá nhân")


def test_f1_on_every_page_opens_its_own_section(window):
    f1 = window.findChild(QAction, "pageHelpAction")
    assert f1.shortcut().toString() == "F1"
    seen = set()
    for entry in PAGES:
        window.show_page(entry.page_id)
        f1.trigger()
        section = window.guide_window.current_section()
        assert section == guide_help.section_for(entry.page_id)
        assert shown_text(window.guide_window).startswith(heading(section))
        seen.add(section)
    built_before_this_issue = {"overview", "units", "targets", "scoring", "awards", "documents", "audit", "settings"}
    assert {guide_help.section_for(p) for p in built_before_this_issue} <= seen - {guide.CONTENTS}
    assert len({guide_help.section_for(p) for p in built_before_this_issue}) == len(built_before_this_issue)


def test_a_page_without_a_section_opens_the_contents(window):
    assert guide_help.section_for("a-page-added-later") == guide.CONTENTS
    viewer = guide_help.show_guide(window, "no-such-section")
    assert viewer.current_section() == guide.CONTENTS


def test_every_section_and_picture_referred_to_exists():
    folder = guide.folder()
    ids = [s.id for s in guide.sections()]
    assert len(ids) >= 12 and len(set(ids)) == len(ids)
    assert set(guide_help.PAGE_SECTIONS.values()) <= set(ids)
    for path in folder.glob("*.md"):
        text = path.read_text(encoding="utf-8")
        for target in re.findall(r"\]\(([\w-]+)\.md\)", text):
            assert (folder / f"{target}.md").is_file(), f"{path.name} → {target}.md"
        for image in re.findall(r"\]\((images/[^)]+)\)", text):
            assert (folder / image).is_file(), f"{path.name} → {image}"
    unused = {p.name for p in (folder / "images").glob("*.png")} - {
        name for p in folder.glob("*.md") for name in re.findall(r"images/([^)]+)", p.read_text(encoding="utf-8"))}
    assert not unused  # tools/screens.py --guide makes exactly the pictures the guide shows


def test_search_without_accents_filters_the_contents_and_finds_the_words(window):
    viewer = guide_help.show_guide(window, "bat-dau")
    viewer.search.setText("ma khoi phuc")
    visible = {viewer.contents.item(r).data(Qt.ItemDataRole.UserRole) for r in range(viewer.contents.count())
               if not viewer.contents.item(r).isHidden()}
    assert "bat-dau" in visible and "cham-diem" not in visible
    assert viewer.find_next(from_start=True)
    assert fold(viewer.browser.textCursor().selectedText()) == "ma khoi phuc"


def test_back_and_forward(window):
    viewer = guide_help.show_guide(window, "don-vi")
    viewer.show_section("cham-diem")
    assert viewer.back.isEnabled()
    viewer.back.click()
    assert viewer.current_section() == "don-vi"
    viewer.forward.click()
    assert viewer.current_section() == "cham-diem"


def pdf_text(path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_the_guide_as_a_pdf(tmp_path):
    path = tmp_path / "hướng dẫn.pdf"
    pages = guide.write_pdf(path)
    assert pages >= MIN_PAGES
    text = pdf_text(path)
    assert text.count("\f") >= MIN_PAGES
    assert "Hướng dẫn sử dụng" in text and "Sao lưu và phục hồi dữ liệu" in text
    assert not [p for p in tmp_path.iterdir() if p != path]  # no temporary left beside it


def test_the_command_line_refuses_to_overwrite_without_being_told(tmp_path, capsys):
    path = tmp_path / "hd.pdf"
    path.write_bytes(b"the clerk's own file")
    assert cli_main(["guide", "--pdf", str(path)]) == 1
    assert "đã có; không ghi đè" in capsys.readouterr().err
    assert path.read_bytes() == b"the clerk's own file"
    assert cli_main(["guide", "--pdf", str(path), "--overwrite"]) == 0
    assert "Đã lưu hướng dẫn sử dụng" in capsys.readouterr().out
    assert path.read_bytes().startswith(b"%PDF")


def test_the_window_asks_before_overwriting(window, tmp_path, monkeypatch):
    told = []
    monkeypatch.setattr(QMessageBox, "information", lambda *args: told.append(args[2]))
    path = tmp_path / "hd.pdf"
    path.write_bytes(b"the clerk's own file")
    asked = []
    assert guide_help.save_pdf(window, path, confirm=lambda p: asked.append(p) or False) is None
    assert asked == [path] and path.read_bytes() == b"the clerk's own file" and not told
    assert guide_help.save_pdf(window, path, confirm=lambda p: True) >= MIN_PAGES
    assert path.read_bytes().startswith(b"%PDF") and "trang A4" in told[0]


# --- round 3: the steps page, the unit card, the what-if panel, printing lists, a person's year ---
def test_f1_on_the_steps_page_opens_its_section(window, qtbot):
    window.show_page("steps")
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window.nav, Qt.Key.Key_F1)
    viewer = window.guide_window
    assert viewer.current_section() == "cac-buoc"
    assert shown_text(viewer).startswith("Trang Các bước trong năm")


def test_the_contents_link_every_section_and_each_exists():
    folder = guide.folder()
    linked = [s.id for s in guide.sections()]
    assert all(guide.section_path(s).is_file() for s in linked)
    on_disk = {p.stem for p in folder.glob("*.md")} - {guide.CONTENTS}
    assert set(linked) == on_disk  # no section the contents (and so the window and the PDF) leave out
    assert {"cac-buoc", "the-don-vi", "thu-thay-doi", "in-danh-sach"} <= set(linked)


def test_every_picture_a_section_shows_exists_and_is_a_real_screenshot():
    from PySide6.QtGui import QImage

    for path in guide.folder().glob("*.md"):
        for image in re.findall(r"\]\((images/[^)]+)\)", path.read_text(encoding="utf-8")):
            picture = QImage(str(guide.folder() / image))
            assert not picture.isNull() and picture.width() >= 200 and picture.height() >= 100, f"{path.name} → {image}"


def test_the_guide_names_the_buttons_the_window_really_has(window):
    """The new sections quote the words on the real buttons and menus (read from the widgets)."""
    from PySide6.QtWidgets import QAbstractButton

    def texts(widget) -> set[str]:
        buttons = widget.findChildren(QAbstractButton)
        menus = [b.menu() for b in buttons if getattr(b, "menu", None) and b.menu() is not None]
        return {b.text() for b in buttons} | {a.text() for m in menus for a in m.actions()}

    def section(section_id: str) -> str:
        return guide.section_path(section_id).read_text(encoding="utf-8").replace("\n", " ")

    units = window.show_page("units")
    assert {"Thẻ đơn vị…", "Sửa…", "In danh sách", "In danh sách…", "Lưu PDF…"} <= texts(units.units)
    for quoted in ("**Thẻ đơn vị…**", "**Sửa…**", "**In danh sách** › **In danh sách…**"):
        assert quoted in section("don-vi") + section("in-danh-sach")
    targets = window.show_page("targets")
    assert "In tình hình báo cáo" in texts(targets)
    assert "**In tình hình báo cáo**" in section("chi-tieu-ket-qua")
    scoring = window.show_page("scoring")
    assert scoring.whatif_button.text() == "Thử thay đổi quy tắc…"
    assert "**Thử thay đổi quy tắc…**" in section("cham-diem") and "**Thử thay đổi quy tắc…**" in section("thu-thay-doi")
    steps = window.show_page("steps")
    assert {row.open_button.text() for row in steps.rows} >= {"Mở…"}
    assert "**Mở…**" in section("cac-buoc")
