"""The registry and safety pages write through the one helper (``gui/operations``):
a change made on the page is one audited transaction kept with its reason and
announced once; a change refused by the database leaves it exactly as it was and
shows one message. Driven like a clerk would, on a real SQLite file."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from registry_helpers import add_units, counts
from thidua_desktop.domain.registry import PersonFields
from thidua_desktop.gui.context import GuiContext
from thidua_desktop.gui.main_window import MainWindow
from thidua_desktop.services.registry import people as people_service
from thidua_desktop.storage.models import AuditEntry, Unit, Ward


@pytest.fixture
def boxes(monkeypatch):
    """Every message box the pages show: (kind, title, text)."""
    shown = []
    for kind in ("warning", "critical", "information"):
        monkeypatch.setattr(QMessageBox, kind, staticmethod(
            lambda parent, title, text, *rest, kind=kind: shown.append((kind, title, text))))
    return shown


@pytest.fixture
def window(qtbot, app):
    add_units(app.db, "Trường Mầm non Hoa Sen", "Hội Cựu chiến binh phường", "Tổ dân phố số 4")
    ctx = GuiContext(app, actor="văn thư Lan")
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    window.announced = []
    ctx.data_changed.connect(window.announced.append)
    return window


def _units_page(window, answer=lambda text: True, fill=None):
    page = window.show_page("units")
    page.asked, page.told = [], []
    page.confirm = lambda title, text: page.asked.append(text) or answer(text)
    page.tell = lambda title, text: page.told.append(text)
    page.open_dialog = lambda dialog: dialog if fill is not None and fill(dialog) and dialog.ok.isEnabled() else None
    return page


def _select(tab, wanted: set[str]) -> None:
    selection = tab.view.selectionModel()
    selection.clearSelection()
    for r in range(tab.proxy.rowCount()):
        index = tab.proxy.index(r, 0)
        if tab.proxy.row_at(index).name in wanted:
            selection.select(index, QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows)


def _entries(app, entity: str, action: str) -> list[AuditEntry]:
    with app.db.read() as s:
        return list(s.scalars(select(AuditEntry).where(AuditEntry.entity == entity, AuditEntry.action == action)
                              .order_by(AuditEntry.id)))


def test_a_unit_added_on_the_page_is_audited_with_its_reason_and_announced_once(window, app, boxes):
    def fill(dialog):
        dialog.name.setText("Trạm Y tế phường")
        dialog.phone.setText("0225 3999 999")
        return True

    page = _units_page(window, fill=fill)
    page.units.add()
    [entry] = [e for e in _entries(app, "unit", "insert") if e.label == "Trạm Y tế phường"]
    assert entry.reason == "Thêm đơn vị Trạm Y tế phường" and entry.actor == "văn thư Lan"
    assert window.announced == ["units"] and boxes == []
    assert "Trạm Y tế phường" in [r.name for r in page.units.model.rows()]
    assert "Đã thêm “Trạm Y tế phường”" in page.units.status.text()


def test_deleting_units_is_one_transaction_a_refusal_writes_nothing_and_shows_one_message(window, app, boxes):
    def someone_joins_meanwhile(text):  # another window adds a person between the question and the answer
        with app.db.transaction(reason="cửa sổ khác") as s:
            unit_id = s.scalar(select(Unit.id).where(Unit.name == "Tổ dân phố số 4"))
            people_service.save_person(s, PersonFields(full_name="Nguyễn Văn An", unit_id=unit_id))
        return True

    page = _units_page(window, answer=someone_joins_meanwhile)
    _select(page.units, {"Hội Cựu chiến binh phường", "Tổ dân phố số 4"})
    assert len(page.units.selected()) == 2
    page.units.delete()
    before = counts(app.db)  # after the other window's person: the page itself must write nothing
    assert page.asked and len(boxes) == 1
    kind, title, text = boxes[0]
    assert (kind, title) == ("warning", "Không lưu được")
    assert "Không xóa được đơn vị “Tổ dân phố số 4”" in text and "1 cá nhân thuộc đơn vị" in text
    with app.db.read() as s:  # the first unit, deleted before the refusal, is back too
        assert set(s.scalars(select(Unit.name))) == {"Trường Mầm non Hoa Sen", "Hội Cựu chiến binh phường",
                                                    "Tổ dân phố số 4"}
    assert not _entries(app, "unit", "delete") and counts(app.db) == before
    assert window.announced == [] and "Đã xóa" not in page.units.status.text()


def test_a_person_saved_into_a_unit_deleted_meanwhile_is_refused_once(window, app, boxes):
    def fill(dialog):
        dialog.full_name.setText("Trần Thị Bình")
        dialog.unit.setCurrentIndex(dialog.unit.findText("Trường Mầm non Hoa Sen"))
        with app.db.transaction(reason="cửa sổ khác") as s:  # the unit goes before the clerk saves
            s.delete(s.scalars(select(Unit).where(Unit.name == "Trường Mầm non Hoa Sen")).one())
        return True

    page = _units_page(window, fill=fill)
    window.show_page("units").tabs.setCurrentWidget(page.people)
    page.people.add()
    assert [(k, t) for k, t, _ in boxes] == [("warning", "Không lưu được")]
    assert "Đơn vị đã chọn không còn trong cơ sở dữ liệu." in boxes[0][2]
    assert counts(app.db)[1] == 0 and not _entries(app, "person", "insert")  # no person, nothing in the trail
    assert window.announced == []


def test_the_settings_page_saves_through_the_helper_with_its_reason(window, app, boxes):
    page = window.show_page("settings")
    page.edits["signer_name"].setText("Phạm Văn Đức")
    page.save()
    assert boxes == [] and window.announced == ["settings"]
    [entry] = [e for e in _entries(app, "ward", "update") if "signer_name" in (e.changes or {})]
    assert entry.reason == "Sửa thông tin phường và kế hoạch" and entry.actor == "văn thư Lan"
    with app.db.read() as s:
        assert s.scalars(select(Ward)).one().signer_name == "Phạm Văn Đức"
    page.edits["full_name"].setText("")  # refused as typed: the save button stays off, nothing is written
    assert not page.save_button.isEnabled()
