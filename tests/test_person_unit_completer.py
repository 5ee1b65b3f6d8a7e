"""The person form's unit field finds accent-free words like every search box (issue 16, item 7)."""
from __future__ import annotations

from thidua_desktop.domain.registry import PersonFields
from thidua_desktop.gui.registry.dialogs import PersonDialog


def test_the_unit_completer_matches_words_without_accents(qtbot):
    units = [(1, "Tổ dân phố số 15"), (2, "Tổ dân phố số 5"), (3, "Trường THCS Bạch Đằng")]
    form = PersonDialog(None, units, lambda fields, pid: None, PersonFields())
    qtbot.addWidget(form.dialog)
    form.dialog.show()
    completer = form.unit.completer()

    def offered(typed):
        form.unit.lineEdit().clear()
        qtbot.keyClicks(form.unit.lineEdit(), typed)
        popup = completer.popup()
        return [popup.model().index(i, 0).data() for i in range(popup.model().rowCount())] \
            if popup.isVisible() else []

    assert offered("so 15") == ["Tổ dân phố số 15"]
    assert offered("bach dang") == ["Trường THCS Bạch Đằng"]
