"""Issue 12, class 3: writing the units' forms again never replaces a form in
the folder that differs from what would be written (a returned, filled form);
the new forms go to a dated folder inside, and the clerk is told — from the
command line and from the results page."""
from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import openpyxl
from results_helpers import make_ward
from test_results_forms import fill, form_of, write_forms

from thidua_desktop.cli import main
from thidua_desktop.services.results import forms as rf


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def folder_state(folder: Path) -> dict[str, str]:
    return {p.name: digest(p) for p in folder.iterdir() if p.is_file()}


def test_a_filled_form_is_kept_and_the_new_one_goes_beside(db, tmp_path):
    make_ward(db)
    inbox = tmp_path / "hộp thư phiếu"
    first = write_forms(db, inbox)
    filled = fill(form_of(first, "Tổ dân phố số 1"), {"8": {"value": 97}})
    before = folder_state(inbox)

    again = write_forms(db, inbox)

    assert digest(filled) == before[filled.name], "the returned form was overwritten"
    assert again.kept == [filled]
    assert again.beside is not None and again.beside.parent == inbox
    new_form = again.beside / filled.name
    assert new_form in again.files and new_form.exists()
    wb = openpyxl.load_workbook(new_form, read_only=True)
    assert wb[rf.MAIN_SHEET]["C4"].value == "Tổ dân phố số 1"
    wb.close()
    text = again.text()
    assert "giữ nguyên, không ghi đè" in text and filled.name in text and str(again.beside) in text
    # the untouched forms were the same as the new ones: rewritten in place, nothing else created
    assert {p.name for p in inbox.iterdir() if p.is_file()} == set(before)
    assert len(again.files) == len(first.files)


def test_forms_written_twice_unchanged_are_simply_rewritten(db, tmp_path):
    make_ward(db)
    inbox = tmp_path / "phiếu"
    first = write_forms(db, inbox)
    again = write_forms(db, inbox)
    assert again.kept == [] and again.beside is None
    assert sorted(again.files) == sorted(first.files)
    assert [p for p in inbox.iterdir() if p.is_dir()] == []
    assert again.text().startswith(f"Đã tạo {len(first.files)} phiếu")


def test_a_damaged_or_foreign_file_under_a_form_name_is_kept(db, tmp_path):
    make_ward(db)
    inbox = tmp_path / "phiếu"
    first = write_forms(db, inbox)
    damaged, foreign = first.files[0], first.files[1]
    damaged.write_bytes(b"PK\x03\x04 not really a workbook")
    wb = openpyxl.Workbook()
    wb.active["A1"] = "bảng tính riêng của văn thư"
    wb.save(foreign)
    before = folder_state(inbox)
    again = write_forms(db, inbox)
    assert folder_state(inbox)[damaged.name] == before[damaged.name]
    assert folder_state(inbox)[foreign.name] == before[foreign.name]
    assert sorted(p.name for p in again.kept) == sorted([damaged.name, foreign.name])


def test_a_second_rewrite_the_same_minute_gets_its_own_folder(db, tmp_path):
    make_ward(db)
    inbox = tmp_path / "phiếu"
    first = write_forms(db, inbox)
    fill(form_of(first, "Tổ dân phố số 1"), {"8": {"value": 97}})
    one = write_forms(db, inbox)
    two = write_forms(db, inbox)
    assert one.beside != two.beside and one.beside.exists() and two.beside.exists()


def test_reading_the_folder_back_still_reads_only_the_returned_forms(db, tmp_path):
    """The new forms sit in a sub-folder: reading the inbox does not see them."""
    make_ward(db)
    inbox = tmp_path / "phiếu"
    first = write_forms(db, inbox)
    fill(form_of(first, "Tổ dân phố số 1"), {"8": {"value": 97}}, date=dt.date(2026, 11, 20))
    write_forms(db, inbox)
    assert sorted(rf.collect_paths([inbox])) == sorted(first.files)


def test_cli_says_which_forms_were_kept(db, tmp_path, capsys):
    make_ward(db)
    inbox = tmp_path / "phiếu"
    first = write_forms(db, inbox)
    filled = fill(form_of(first, "Tổ dân phố số 1"), {"8": {"value": 97}})
    before = digest(filled)
    path = db.path
    db.dispose()
    code = main(["--db", str(path), "results", "forms", "--out", str(inbox)])
    out = capsys.readouterr().out
    assert code == 0
    assert digest(filled) == before
    assert "không ghi đè" in out and filled.name in out and "Phieu moi" in out


def test_the_results_page_says_which_forms_were_kept(qtbot, app, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from thidua_desktop.gui.context import GuiContext
    from thidua_desktop.gui.main_window import MainWindow
    from thidua_desktop.gui.results import entry as entry_module

    make_ward(app.db)
    inbox = tmp_path / "hộp thư phiếu"
    first = write_forms(app.db, inbox)
    filled = fill(form_of(first, "Tổ dân phố số 1"), {"8": {"value": 97}})
    before = digest(filled)
    window = MainWindow(GuiContext(app, actor="văn thư"))
    qtbot.addWidget(window)
    window.show()
    page = window.show_page("targets")
    page.tabs.setCurrentWidget(page.entry)

    def choose_inbox(dialog):
        dialog.folder.setText(str(inbox))
        return True

    shown: list[str] = []
    monkeypatch.setattr(entry_module.FormsExportDialog, "exec", choose_inbox)
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
    page.entry.write_forms()
    qtbot.waitUntil(lambda: bool(shown), timeout=30_000)
    assert "không ghi đè" in shown[0] and filled.name in shown[0] and "Phieu moi" in shown[0]
    assert digest(filled) == before
    window.close()
