"""The Documents page offers issue 17's papers (from ``documents.KINDS``)
with their options, previews and saves them — through the real widgets."""
from __future__ import annotations

import pytest

from docx_helpers import Docx
from test_documents_page import choose, page, wait  # noqa: F401 (the page fixture)
from thidua_desktop.gui.pages.documents import OPTION_ROWS


@pytest.mark.parametrize("kind, shown, options", [
    ("payments", "Chi tiền thưởng kèm theo Quyết định số 125/QĐ-UBND", {"decision", "date"}),
    ("disclosure", "Công khai các tập thể, cá nhân", {"session", "date"}),
    ("achievements", "BÁO CÁO TÓM TẮT THÀNH TÍCH", {"title", "date"}),
])
def test_each_paper_is_offered_previewed_and_saved(page, qtbot, tmp_path, kind, shown, options):
    page.converter = None  # the text preview: no office suite needed
    choose(page, kind)
    visible = {name for name, row in OPTION_ROWS.items() if page.options_layout.isRowVisible(row)}
    assert options <= visible
    wait(qtbot, page.preview())
    assert shown in page.text_preview.toPlainText()
    target = tmp_path / f"{kind}.docx"
    wait(qtbot, page.save(target))
    assert shown in Docx(target.read_bytes()).all_text()
    assert page.messages == []
