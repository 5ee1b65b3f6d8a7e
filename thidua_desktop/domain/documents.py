"""The official documents: what the clerk writes into them by hand."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    key: str
    label: str
    hint: str


# The parts the clerk writes, in the order of the report (domain.md §5).
NARRATIVE = [
    Section("tinh_hinh", "I. Đặc điểm tình hình", "Thuận lợi, khó khăn trong năm."),
    Section("chi_dao", "II.1. Công tác lãnh đạo, chỉ đạo, triển khai",
            "Các văn bản chỉ đạo, hình thức phát động, tuyên truyền (số liệu đăng ký, báo cáo tự điền)."),
    Section("chi_tieu", "II.2. Nhận xét kết quả thực hiện chỉ tiêu",
            "Nhận xét các chỉ tiêu vượt, chưa đạt và lý do (bảng chỉ tiêu tự điền)."),
    Section("phong_trao", "II.3. Kết quả các phong trào thi đua",
            "Phong trào thường xuyên, theo đợt, chuyên đề; mô hình, cách làm hay."),
    Section("dien_hinh", "II.5. Phát hiện, bồi dưỡng, nhân rộng điển hình tiên tiến", ""),
    Section("khen_thuong", "III. Nhận xét công tác khen thưởng", "Số liệu khen thưởng tự điền."),
    Section("uu_diem", "IV.1. Ưu điểm", ""),
    Section("han_che", "IV.2. Hạn chế, nguyên nhân", ""),
    Section("bai_hoc", "IV.3. Bài học kinh nghiệm", ""),
    Section("phuong_huong", "V. Phương hướng, nhiệm vụ năm sau", ""),
    Section("de_xuat", "VI. Đề xuất, kiến nghị", ""),
]
