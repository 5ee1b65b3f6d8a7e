"""The Documents page offers the báo cáo sơ kết: a "Kỳ báo cáo" choice on the year-end report
(issue 17, paper 4); the paper saved is the sơ kết of the chosen period."""
from __future__ import annotations

import datetime as dt

import docx
from test_documents_page import choose, page, wait  # noqa: F401 (the page fixture)
from thidua_desktop.gui.pages.documents import OPTION_ROWS
from thidua_desktop.services.results import periods


def test_the_year_end_report_offers_each_interim_period_and_writes_its_so_ket(page, qtbot, tmp_path):
    with page.ctx.db.transaction(reason="Thêm kỳ báo cáo 6 tháng") as s:
        periods.add(s, "6t", "6 tháng đầu năm 2026", dt.date(2026, 1, 1), dt.date(2026, 6, 30), dt.date(2026, 6, 20))
    page.refresh()
    choose(page, "year-end")
    assert page.options_layout.isRowVisible(OPTION_ROWS["period"])
    combo = page.period_combo
    assert [combo.itemText(i) for i in range(combo.count())] == ["Cả năm (báo cáo tổng kết)", "6 tháng đầu năm 2026"]
    assert page.options().period_code == ""
    combo.setCurrentIndex(1)
    assert page.options().period_code == "6t"
    target = tmp_path / "so-ket.docx"
    wait(qtbot, page.save(target))
    text = "\n".join(p.text for p in docx.Document(str(target)).paragraphs)
    assert "6 tháng đầu năm 2026" in text and "sơ kết" in text.lower()
    choose(page, "decision")
    assert not page.options_layout.isRowVisible(OPTION_ROWS["period"])
