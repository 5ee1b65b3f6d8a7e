"""The kinds of backup copy, by the code kept in a copy's name and in the audit trail."""
from __future__ import annotations

KIND_LABELS = {
    "tu-dong": "Tự động (khi mở chương trình)",
    "truoc-nhap": "Trước khi nhập dữ liệu",
    "truoc-thay-doi": "Trước một thay đổi lớn",
    "truoc-phuc-hoi": "Trước khi phục hồi",
    "truoc-nang-cap": "Trước khi nâng cấp phiên bản",
    "thu-cong": "Sao lưu thủ công",
}


def schema_words(revision: str) -> str:
    """A data version as the clerk reads it: "0008_unit_lineage" → "số 8" (the migration's
    identifier means nothing to them); anything else as it is."""
    if revision and revision[:4].isdigit():
        return f"số {int(revision[:4])}"
    return revision

# The setting ``backup.keep_last``'s default, here so that ``thidua backup`` on a plain
# SQLite file reads it without importing every settings declaration (issue 15).
KEEP_LAST_DEFAULT = 10
