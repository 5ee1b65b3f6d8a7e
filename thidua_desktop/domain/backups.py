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
